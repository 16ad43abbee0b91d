//! Checks of where and how each request parameter travels: `x-acs-position` (query or form body) and
//! `x-acs-serialization` (how an object or array becomes text).

use crate::spec::{Operation, Parameter, ParameterPosition, Schema, SchemaType, Serialization};

use super::Checker;

/// The hint every missing or misplaced `x-acs-serialization` gets: the three styles and who uses them.
const STYLES: &str = "write `x-acs-serialization: json` (the object or list as JSON text, the ICE \
                      convention), `flat` (`Name.1.Key=value` parameters, the Live convention) or \
                      `simple` (a list of scalars joined with commas)";

impl<'a> Checker<'a> {
    /// `method` is the path item key (`get` or `post`).
    pub(super) fn request_parameters(&mut self, path: &str, method: &str, op: &'a Operation) {
        for (i, p) in op.parameters.iter().enumerate() {
            let ppath = format!("{path}.parameters[{i}]");
            if p.position == ParameterPosition::Body && method != "post" {
                self.error(
                    format!("{ppath}.x-acs-position"),
                    format!("`{}` travels in the body, but the operation is {}", p.name, method.to_uppercase()),
                    "a form body needs POST: make the operation `post` (as the official SDK does) or remove `x-acs-position: body`",
                );
            }
            self.serialization(&ppath, p);
        }
    }

    fn serialization(&mut self, ppath: &str, p: &Parameter) {
        let Some(schema) = self.resolve(&p.schema) else {
            return; // a dangling $ref is already reported
        };
        let structured = matches!(schema.ty, Some(SchemaType::Object | SchemaType::Array));
        match (structured, p.serialization) {
            (false, None) | (true, Some(Serialization::Json | Serialization::Flat)) => {}
            (true, None) => self.error(
                ppath,
                format!(
                    "`{}` is an {} parameter without `x-acs-serialization`",
                    p.name,
                    if schema.ty == Some(SchemaType::Object) { "object" } else { "array" }
                ),
                STYLES,
            ),
            (false, Some(_)) => self.error(
                format!("{ppath}.x-acs-serialization"),
                format!("`{}` is a scalar; `x-acs-serialization` applies only to objects and arrays", p.name),
                "remove `x-acs-serialization`, or give the parameter `type: object` or `type: array`",
            ),
            (true, Some(Serialization::Simple)) => {
                if !self.is_list_of_scalars(schema) {
                    self.error(
                        format!("{ppath}.x-acs-serialization"),
                        format!("`{}` is not a list of scalars, so it cannot be joined with commas", p.name),
                        "`simple` is for arrays of strings or numbers; use `json` or `flat` for objects and nested lists",
                    );
                }
            }
        }
    }

    fn is_list_of_scalars(&self, schema: &Schema) -> bool {
        schema.ty == Some(SchemaType::Array)
            && schema
                .nested
                .items
                .as_deref()
                .and_then(|items| self.resolve(items))
                .and_then(|items| items.ty)
                .is_some_and(|ty| !matches!(ty, SchemaType::Object | SchemaType::Array))
    }
}
