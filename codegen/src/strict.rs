//! A pass over a spec's YAML before it is read into the model, rejecting what serde would accept silently:
//! a duplicate key (the last one would win), a key that is null, a plain `null` where text is required
//! (it would become the word "null"), and a number that is not finite (`.nan`, `.inf`, `1e400`).
//!
//! The pass deserializes the document into nothing. Its errors are raised while the offending scalar is
//! being read, so the YAML parser attaches that scalar's line and column to them.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Checks `text` (one YAML document). The error carries the line and column of the offending node.
pub fn check(text: &str) -> Result<(), serde_yaml::Error> {
    Node {
        key: None,
        parent: None,
        data: false,
    }
    .deserialize(serde_yaml::Deserializer::from_str(text))
}

/// Keys that hold required text wherever they appear outside data and name maps.
const TEXT_KEYS: &[&str] = &["openapi", "x-acs-product", "operationId", "summary", "$ref"];

/// Keys whose value is a list of text.
const TEXT_LIST_KEYS: &[&str] = &[
    "condition-keys",
    "dependent-actions",
    "x-enum-varnames",
    "x-enum-descriptions",
    "x-acs-page-defects",
    "required",
];

/// Keys whose value is a map from names the spec chooses (so its keys are not field names).
const NAME_MAP_KEYS: &[&str] = &["paths", "schemas", "properties", "responses", "content"];

/// Keys whose value is free JSON data, where null is a value like any other.
const DATA_KEYS: &[&str] = &["example", "default", "enum"];

/// Whether the value under `key` (inside a mapping found under `parent`) must be text.
fn needs_text(parent: Option<&str>, key: &str) -> bool {
    match parent {
        Some(p) if NAME_MAP_KEYS.contains(&p) => false,
        Some("regions") => true,
        Some("info") if matches!(key, "title" | "version") => true,
        Some("x-acs-endpoints") if key == "pattern" => true,
        Some("x-acs-ram") if matches!(key, "action" | "resource-type") => true,
        Some("x-acs-pagination") => true,
        Some("x-acs-time-range") if key != "max-days" => true,
        Some("x-acs-error-codes") if matches!(key, "code" | "message") => true,
        Some("parameters") if key == "name" => true,
        Some("servers") if key == "url" => true,
        _ => TEXT_KEYS.contains(&key),
    }
}

/// One node, with the key it is under and the key of the mapping (or list) holding it.
#[derive(Clone, Copy)]
struct Node<'p> {
    key: Option<&'p str>,
    parent: Option<&'p str>,
    /// Inside `example`, `default` or `enum`: null is data there.
    data: bool,
}

impl Node<'_> {
    fn must_be_text(&self) -> bool {
        if self.data {
            return false;
        }
        match self.key {
            Some(key) => needs_text(self.parent, key),
            None => self.parent.is_some_and(|p| TEXT_LIST_KEYS.contains(&p)),
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
        if !self.must_be_text() {
            return Ok(());
        }
        Err(E::custom(match self.key {
            Some(key) => format!("`{key}` is null, but it needs text"),
            None => format!(
                "an entry of `{}` is null, but it needs text",
                self.parent.unwrap_or_default()
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
            parent: self.key,
            data: self.data,
        };
        while seq.next_element_seed(element)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key_seed(Key { seen: &mut seen })? {
            let data = self.data || DATA_KEYS.contains(&key.as_str());
            map.next_value_seed(Node {
                key: Some(&key),
                // A mapping in a list is named by the list's key (`parameters`, `servers`).
                parent: self.key.or(self.parent),
                data,
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
        check("info:\n  title: T\n  version: '1'\n  description: null\nx-acs-ram:\n  access-level: null\n").unwrap();
        check("example: null\nenum: [a, null]\nproperties:\n  summary:\n    type: string\n")
            .unwrap();
        check("info:\n  version: 'null'\n").unwrap();
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
        let e = error("x-enum-varnames:\n  - A\n  - null\n");
        assert!(e.contains("an entry of `x-enum-varnames` is null"), "{e}");
        let e = error("parameters:\n  - name: ~\n");
        assert!(e.contains("`name` is null"), "{e}");
        let e = error("properties:\n  null:\n    type: string\n");
        assert!(e.contains("a key is null"), "{e}");
    }
}
