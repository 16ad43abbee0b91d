//! Which serde impls each struct derives: only what the client needs, since every derive is compile
//! time the user pays for.
//!
//! - `Deserialize`: types read from a response, and shapes of JSON carried in a string (their
//!   `parse_*` accessors decode them). Those with `Default` and no required field (nearly all)
//!   implement it through the runtime's visitor (`super::read_fields`) rather than the derive.
//! - `Serialize`: types a request sends as JSON or flattened (`x-acs-serialization: json` / `flat`,
//!   which the runtime encodes through serde).
//! - Request structs derive neither: the generated `write_query` / `write_body` send them.
//!
//! The generated crate's `serde-serialize` feature adds `Serialize` to every struct that lacks it (for
//! users who store or forward responses, as aws-sdk-rust's feature of that name), and
//! `serde-deserialize` adds `Deserialize` (for tests and tools that read requests from JSON). Enums
//! always have both (the runtime's `open_enum!` writes them once).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::types::named;
use crate::ir::{Field, Product, Struct, Style, TypeDef, TypeRef};

/// The feature that adds `Serialize` to every struct.
pub const SERIALIZE_FEATURE: &str = "serde-serialize";
/// The feature that adds `Deserialize` to every struct.
pub const DESERIALIZE_FEATURE: &str = "serde-deserialize";

/// The structs of a product's `types` module that are serialized and deserialized, by name there.
#[derive(Debug, Default)]
pub struct SerdeUse {
    serialized: BTreeSet<String>,
    deserialized: BTreeSet<String>,
}

#[derive(Clone, Copy)]
enum Direction {
    Serialize,
    Deserialize,
}

impl SerdeUse {
    pub fn of(product: &Product) -> Self {
        let by_name: BTreeMap<&str, &TypeDef> =
            product.types.iter().map(|t| (t.name(), t)).collect();
        let mut uses = SerdeUse::default();
        for op in &product.operations {
            let shared = |local: &str| {
                op.types
                    .iter()
                    .find(|u| u.local == local)
                    .map_or(local, |u| u.shared.as_str())
                    .to_owned()
            };
            uses.mark(&by_name, &shared(&op.response), Direction::Deserialize);
            for f in &op.request.fields {
                let encoded_by_serde = f
                    .wire
                    .is_some_and(|w| matches!(w.style, Style::Json | Style::Flat));
                if let (true, Some(name)) = (encoded_by_serde, named(&f.ty)) {
                    uses.mark(&by_name, &shared(name), Direction::Serialize);
                }
            }
        }
        uses
    }

    /// Marks `name` and the types it contains. JSON carried in a string is decoded by an accessor, so
    /// its shape is deserialized whichever way its holder goes.
    fn mark(&mut self, by_name: &BTreeMap<&str, &TypeDef>, name: &str, direction: Direction) {
        let set = match direction {
            Direction::Serialize => &mut self.serialized,
            Direction::Deserialize => &mut self.deserialized,
        };
        if !set.insert(name.to_owned()) {
            return;
        }
        let Some(TypeDef::Struct(s)) = by_name.get(name) else {
            return;
        };
        for f in &s.fields {
            if let Some(inner) = named(&f.ty) {
                self.mark(by_name, inner, direction);
            }
            if let Some(inner) = f.json_inner.as_ref().and_then(named) {
                self.mark(by_name, inner, Direction::Deserialize);
            }
        }
    }

    /// The serde impls of the `types` struct `s`, which derives `Default` or not. A struct nothing
    /// reaches (none today: every named request type is sent as JSON or flattened) is treated as a
    /// response. A deserialized struct that has `Default` and no required field reads its fields
    /// through the runtime; one with a required field keeps the derive, which fails when the field
    /// is missing.
    pub fn derives(&self, s: &Struct, has_default: bool) -> Derives {
        let serialize = self.serialized.contains(&s.name);
        let deserialize = if !self.deserialized.contains(&s.name) && serialize {
            Deserialize::Gated
        } else if has_default && s.fields.iter().all(|f| !f.required) {
            Deserialize::ReadFields
        } else {
            Deserialize::Derived
        };
        Derives {
            serialize,
            deserialize,
        }
    }
}

/// The serde impls of one struct whatever the features.
#[derive(Clone, Copy, Debug)]
pub struct Derives {
    serialize: bool,
    deserialize: Deserialize,
}

/// How a struct gets `Deserialize`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Deserialize {
    /// Only with the `serde-deserialize` feature (derived).
    Gated,
    /// `#[derive(serde::Deserialize)]`.
    Derived,
    /// The generated `ReadFields` impl and a `Deserialize` impl calling the runtime's visitor
    /// (`alibabacloud_rpc_runtime::fields`, see `super::read_fields`): far less code for rustc to
    /// check than the derive's.
    ReadFields,
}

impl Derives {
    /// A request struct: the generated `write_query` / `write_body` send it, never serde.
    pub const REQUEST: Derives = Derives {
        serialize: false,
        deserialize: Deserialize::Gated,
    };

    /// Whether the struct implements `Deserialize` through the runtime's `ReadFields` visitor.
    pub fn reads_fields(self) -> bool {
        self.deserialize == Deserialize::ReadFields
    }

    /// The entries for the struct's `#[derive(..)]` list.
    pub fn listed(self) -> TokenStream {
        let mut list = TokenStream::new();
        if self.serialize {
            list.extend(quote!(serde::Serialize,));
        }
        if self.deserialize == Deserialize::Derived {
            list.extend(quote!(serde::Deserialize,));
        }
        list
    }

    /// The derives the features add: `#[cfg_attr(feature = .., derive(..))]` for each impl missing.
    pub fn gated(self) -> TokenStream {
        let mut out = TokenStream::new();
        if !self.serialize {
            out.extend(quote!(#[cfg_attr(feature = #SERIALIZE_FEATURE, derive(serde::Serialize))]));
        }
        if self.deserialize == Deserialize::Gated {
            out.extend(
                quote!(#[cfg_attr(feature = #DESERIALIZE_FEATURE, derive(serde::Deserialize))]),
            );
        }
        out
    }

    /// A field's `#[serde(..)]` attribute, for the derives of the struct. Where the struct derives no
    /// serde impl without a feature, it is there only with the features that add one (serde's helper
    /// attribute needs a serde derive); where `Deserialize` is not derived, it has only what
    /// `Serialize` reads.
    pub fn field_attr(self, field: &Field) -> TokenStream {
        let derived = self.deserialize != Deserialize::ReadFields;
        let wire = &field.wire_name;
        let mut args = quote!(rename = #wire);
        let optional = !field.required && !field.ty.is_array();
        if !field.required && derived {
            args.extend(quote!(, default));
        }
        if optional {
            args.extend(quote!(, skip_serializing_if = "Option::is_none"));
        }
        if field.ty == TypeRef::DateTime {
            let with = if field.required {
                "rt::datetime"
            } else {
                "rt::datetime::option"
            };
            args.extend(quote!(, with = #with));
        }
        let gate = match (self.serialize, self.deserialize) {
            (true, _) | (_, Deserialize::Derived) => None,
            (false, Deserialize::ReadFields) => Some(quote!(feature = #SERIALIZE_FEATURE)),
            (false, Deserialize::Gated) => {
                Some(quote!(any(feature = #SERIALIZE_FEATURE, feature = #DESERIALIZE_FEATURE)))
            }
        };
        match gate {
            None => quote!(#[serde(#args)]),
            Some(gate) => quote!(#[cfg_attr(#gate, serde(#args))]),
        }
    }
}
