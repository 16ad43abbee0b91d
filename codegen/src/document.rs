//! Whole-document helpers over the spec model, for tools that build or edit documents (the importer):
//! a document's header without its operations, and an RPC operation found by its action.

use indexmap::IndexMap;

use crate::spec::{Components, Document, Operation};

impl Document {
    /// A copy of the document without its operations and schemas.
    pub fn header(&self) -> Document {
        Document {
            openapi: self.openapi.clone(),
            info: self.info.clone(),
            product: self.product.clone(),
            style: self.style,
            endpoints: self.endpoints.clone(),
            servers: self.servers.clone(),
            paths: IndexMap::new(),
            components: Components::default(),
        }
    }

    /// The operation for `action` (path `/#Action`), with its method (`get` or `post`).
    pub fn operation(&self, action: &str) -> Option<(&'static str, &Operation)> {
        let item = self.paths.get(&format!("/#{action}"))?;
        item.get
            .as_ref()
            .map(|o| ("get", o))
            .or_else(|| item.post.as_ref().map(|o| ("post", o)))
    }
}
