//! The spec model's schema, kept small in memory.
//!
//! Most schemas are a type and a description; a page of 100,000 parameter rows holds 100,000 of
//! them. So the keys few schemas have (a default, limits, a pattern, a value list, an example) live
//! in one boxed [`RareKeys`], allocated only when one of them is set, and a plain schema takes
//! 200 bytes, not the 496 it took with every key inline.
//!
//! The YAML is unchanged: the rare keys are written in their place among the others (they are
//! consecutive in the key order), and read from the one flat struct `SchemaKeys`, which denies
//! unknown keys and is what strict loading sees ([`crate::model_shape`]). One macro declares all
//! three structs from one list of keys, so they cannot drift apart.

use std::ops::{Deref, DerefMut};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

/// Declares [`Schema`] (the `head` keys, then the boxed `rare` ones, then the `tail` keys, in
/// YAML order), [`RareKeys`], and the flat `SchemaKeys` that serde reads.
macro_rules! schema_model {
    (
        head { $( $(#[$ha:meta])* $h:ident : $ht:ty, )* }
        rare { $( $(#[$ra:meta])* $r:ident : $rt:ty, )* }
        tail { $( $(#[$ta:meta])* $t:ident : $tt:ty, )* }
    ) => {
        /// A schema: either a `$ref` or an inline definition.
        #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
        #[serde(from = "SchemaKeys")]
        pub struct Schema {
            $( $(#[$ha])* pub $h: $ht, )*
            /// The keys few schemas have; reading one that is absent costs nothing, setting one
            /// allocates them all.
            #[serde(flatten)]
            pub rare: Rare,
            $( $(#[$ta])* pub $t: $tt, )*
        }

        /// The keys few schemas have, all optional.
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        pub struct RareKeys {
            $( $(#[$ra])* pub $r: $rt, )*
        }

        /// A schema with none of the rare keys.
        static NO_RARE_KEYS: RareKeys = RareKeys { $( $r: None, )* };

        /// A schema as written in YAML, every key in its place.
        #[derive(Deserialize)]
        #[serde(rename = "Schema", deny_unknown_fields)]
        struct SchemaKeys {
            $( $(#[$ha])* $h: $ht, )*
            $( $(#[$ra])* $r: $rt, )*
            $( $(#[$ta])* $t: $tt, )*
        }

        impl From<SchemaKeys> for Schema {
            fn from(keys: SchemaKeys) -> Self {
                let rare = RareKeys { $( $r: keys.$r, )* };
                Schema {
                    $( $h: keys.$h, )*
                    rare: Rare::from(rare),
                    $( $t: keys.$t, )*
                }
            }
        }
    };
}

schema_model! {
    head {
        #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        ty: Option<SchemaType>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        format: Option<Format>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    }
    rare {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        default: Option<Value>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "whole_as_integer"
        )]
        minimum: Option<f64>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "whole_as_integer"
        )]
        maximum: Option<f64>,
        #[serde(rename = "minLength", default, skip_serializing_if = "Option::is_none")]
        min_length: Option<u64>,
        #[serde(rename = "maxLength", default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pattern: Option<String>,
        #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
        enum_values: Option<Vec<Value>>,
        #[serde(
            rename = "x-enum-varnames",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        enum_varnames: Option<Vec<String>>,
        #[serde(
            rename = "x-enum-descriptions",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        enum_descriptions: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        example: Option<Value>,
    }
    tail {
        #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
        properties: IndexMap<String, Schema>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        required: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        items: Option<Box<Schema>>,
        /// The shape of the JSON held inside a string property.
        #[serde(
            rename = "x-acs-json-string",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        json_string: Option<Box<Schema>>,
    }
}

/// A schema's rare keys: absent (no allocation) until one is set. Reads see [`RareKeys`] with
/// every key absent; a write allocates. Two schemas compare by the keys, not by the box.
#[derive(Debug, Clone, Default)]
pub struct Rare(Option<Box<RareKeys>>);

impl Deref for Rare {
    type Target = RareKeys;
    fn deref(&self) -> &RareKeys {
        self.0.as_deref().unwrap_or(&NO_RARE_KEYS)
    }
}

impl DerefMut for Rare {
    fn deref_mut(&mut self) -> &mut RareKeys {
        self.0.get_or_insert_default()
    }
}

impl PartialEq for Rare {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl From<RareKeys> for Rare {
    fn from(keys: RareKeys) -> Self {
        Rare((keys != NO_RARE_KEYS).then(|| Box::new(keys)))
    }
}

impl Serialize for Rare {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemaType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Int32,
    Int64,
    Float,
    Double,
    DateTime,
}

/// Writes a bound like `100.0` as `100`, the way it is written by hand; fractions stay numbers.
fn whole_as_integer<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every whole f64 below it is an exact i64.
    match *value {
        Some(v) if v.fract() == 0.0 && v.abs() < EXACT => serializer.serialize_some(&(v as i64)),
        Some(v) => serializer.serialize_some(&v),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_schema_is_small_and_allocates_no_rare_keys() {
        assert!(
            std::mem::size_of::<Schema>() <= 208,
            "{}",
            std::mem::size_of::<Schema>()
        );
        let s: Schema = serde_yaml::from_str("type: string\ndescription: A name.\n").unwrap();
        assert!(s.rare.0.is_none());
        assert_eq!(s.rare.pattern, None);
    }

    #[test]
    fn rare_keys_keep_their_place_in_the_yaml() {
        let text = "type: integer\ndescription: A size.\ndefault: 10\nminimum: 1\nmaximum: 100\nexample: 20\nx-acs-json-string:\n  type: object\n";
        let s: Schema = serde_yaml::from_str(text).unwrap();
        assert_eq!(s.rare.maximum, Some(100.0));
        assert_eq!(serde_yaml::to_string(&s).unwrap(), text);
    }

    #[test]
    fn an_emptied_rare_box_equals_none() {
        let mut s = Schema::default();
        s.rare.pattern = None;
        assert_eq!(s, Schema::default());
    }
}
