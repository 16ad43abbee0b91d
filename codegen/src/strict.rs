//! A pass over a spec's YAML before it is read into the model, rejecting what serde would accept silently:
//! a duplicate key (the last one would win), a key that is null, a plain `null` where text is required
//! (it would become the word "null"), and a number that is not finite (`.nan`, `.inf`, `1e400`).
//!
//! The pass deserializes the document into nothing, walking it along the model's own shape
//! ([`model_shape`], read from `spec::Document`'s `Deserialize` impls): text is required exactly where
//! the model has a `String` that is not optional, and null is data inside `example`, `default` and
//! `enum`. Its errors are raised while the offending scalar is being read, so the YAML parser attaches
//! that scalar's line and column to them.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::model_shape::{self, Shape};

/// Checks `text` (one YAML document). The error carries the line and column of the offending node.
pub fn check(text: &str) -> Result<(), serde_yaml::Error> {
    let (root, _) = model_shape::document();
    Node {
        key: None,
        list: None,
        shape: Some(root),
    }
    .deserialize(serde_yaml::Deserializer::from_str(text))
}

/// One node: the key it is under (for messages), the key of the list holding it, and what the model
/// expects there (`None`: a key the model does not have, which serde reports itself).
#[derive(Clone, Copy)]
struct Node<'p> {
    key: Option<&'p str>,
    list: Option<&'p str>,
    shape: Option<&'static Shape>,
}

impl Node<'_> {
    /// The shape with any `Optional` taken off: what a present, non-null value must be.
    fn present(&self) -> Option<&'static Shape> {
        let mut shape = self.shape?;
        while let Shape::Optional(inner) = shape {
            shape = inner;
        }
        Some(shape)
    }

    /// What the value under `key` of this mapping must be.
    fn field(&self, key: &str) -> Option<&'static Shape> {
        let (_, model) = model_shape::document();
        match self.present()? {
            Shape::Struct(name) => model.field(name, key),
            Shape::Map(inner) => Some(inner),
            Shape::Data => Some(&Shape::Data),
            _ => None,
        }
    }

    /// What each entry of this list must be.
    fn element(&self) -> Option<&'static Shape> {
        match self.present()? {
            Shape::List(inner) => Some(inner),
            Shape::Data => Some(&Shape::Data),
            _ => None,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn not_finite<E: de::Error>(v: f64) -> E {
    E::custom(format!("`{v}` is not a finite number"))
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        if v.is_finite() {
            Ok(())
        } else {
            Err(not_finite(v))
        }
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        if self.shape != Some(&Shape::Text) {
            return Ok(());
        }
        Err(E::custom(match self.key {
            Some(key) => format!("`{key}` is null, but it needs text"),
            None => format!(
                "an entry of `{}` is null, but it needs text",
                self.list.unwrap_or_default()
            ),
        }))
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let element = Node {
            key: None,
            list: self.key,
            shape: self.element(),
        };
        while seq.next_element_seed(element)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(Key { seen: &mut seen })? {
            map.next_value_seed(Node {
                key: Some(&key),
                list: None,
                shape: self.field(&key),
            })?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A YAML tag (`!Name value`): check the tagged value like any other.
        use de::VariantAccess;
        let (_, variant): (de::IgnoredAny, _) = data.variant()?;
        variant.newtype_variant_seed(self)
    }
}

/// A mapping key: must be a scalar that is not null and not seen before in the same mapping.
struct Key<'s> {
    seen: &'s mut HashSet<String>,
}

impl Key<'_> {
    fn record<E: de::Error>(self, key: String) -> Result<String, E> {
        if self.seen.insert(key.clone()) {
            Ok(key)
        } else {
            Err(E::custom(format!("duplicate key `{key}`")))
        }
    }
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.record(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.record(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.record(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        if !v.is_finite() {
            return Err(not_finite(v));
        }
        self.record(v.to_string())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.record(v.to_owned())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Err(E::custom("a key is null"))
    }
    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom("a key is a list; keys are names"))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom("a key is a mapping; keys are names"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        check(text).unwrap_err().to_string()
    }

    #[test]
    fn accepts_nulls_where_the_model_allows_them() {
        check(
            "info:\n  title: T\n  version: '1'\n  description: null\npaths:\n  /#A:\n    get:\n      \
             x-acs-ram:\n        access-level: null\n      x-acs-error-codes:\n        - description: null\n",
        )
        .unwrap();
        check(
            "components:\n  schemas:\n    A:\n      example: null\n      enum: [a, null]\n      \
             default: {a: null}\n      properties:\n        summary:\n          type: string\n",
        )
        .unwrap();
        check("info:\n  version: 'null'\n").unwrap();
        // A key the model does not have is serde's to report, not this pass's.
        check("nonsense:\n  title: null\n").unwrap();
    }

    #[test]
    fn rejects_null_text_duplicates_and_non_finite_numbers_with_their_place() {
        let e = error("openapi: 3.0.3\ninfo:\n  title: T\n  version: null\n");
        assert!(
            e.contains("`version` is null") && e.contains("line 4 column 12"),
            "{e}"
        );
        let e = error("a: 1\nb: 2\na: 3\n");
        assert!(
            e.contains("duplicate key `a`") && e.contains("line 3 column 1"),
            "{e}"
        );
        let e = error("schema:\n  minimum: .nan\n");
        assert!(
            e.contains("not a finite number") && e.contains("line 2 column 12"),
            "{e}"
        );
        let e = error(
            "components:\n  schemas:\n    A:\n      x-enum-varnames:\n        - A\n        - null\n",
        );
        assert!(e.contains("an entry of `x-enum-varnames` is null"), "{e}");
        let e = error("paths:\n  /#A:\n    post:\n      parameters:\n        - name: ~\n");
        assert!(e.contains("`name` is null"), "{e}");
        let e = error("properties:\n  null:\n    type: string\n");
        assert!(e.contains("a key is null"), "{e}");
        // Every required text of the model, including ones no list named before.
        let e = error(
            "paths:\n  /#A:\n    get:\n      responses:\n        '200':\n          description: null\n",
        );
        assert!(e.contains("`description` is null"), "{e}");
        let e = error("x-acs-endpoints:\n  regions:\n    cn-hangzhou: null\n");
        assert!(e.contains("`cn-hangzhou` is null"), "{e}");
        let e = error("paths:\n  /#A:\n    get:\n      x-acs-time-range:\n        start: null\n");
        assert!(e.contains("`start` is null"), "{e}");
    }
}
