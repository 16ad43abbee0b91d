//! The spec model's schema, kept small in memory.
//!
//! Most schemas are a type and a description; a page of 100,000 parameter rows holds 100,000 of
//! them. So the keys few schemas have (a default, limits, a pattern, a value list, an example) live
//! in one boxed [`RareKeys`], and the keys that nest other schemas (properties, items) in one boxed
//! [`NestedKeys`], each allocated only when one of its keys is set: a plain schema takes 96 bytes,
//! not the 496 it took with every key inline.
//!
//! The YAML is unchanged: each group's keys are consecutive in the key order and written in their
//! place, and they are read from the one flat struct `SchemaKeys`, which denies unknown keys and is
//! what strict loading sees ([`crate::model_shape`]). One macro declares the four structs from one
//! list of keys, so they cannot drift apart.

use std::ops::{Deref, DerefMut};
use std::sync::LazyLock;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

/// Declares [`Schema`] (the `head` keys, then the boxed `rare` and `nested` ones, in YAML order),
/// [`RareKeys`], [`NestedKeys`], and the flat `SchemaKeys` that serde reads.
macro_rules! schema_model {
    (
        head { $( $(#[$ha:meta])* $h:ident : $ht:ty, )* }
        rare { $( $(#[$ra:meta])* $r:ident : $rt:ty, )* }
        nested { $( $(#[$na:meta])* $n:ident : $nt:ty, )* }
    ) => {
        /// A schema: either a `$ref` or an inline definition.
        #[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
        #[serde(from = "SchemaKeys")]
        pub struct Schema {
            $( $(#[$ha])* pub $h: $ht, )*
            /// The keys few schemas have.
            #[serde(flatten)]
            pub rare: Sparse<RareKeys>,
            /// The keys that nest other schemas (objects, arrays, JSON in a string).
            #[serde(flatten)]
            pub nested: Sparse<NestedKeys>,
        }

        /// The keys few schemas have, all optional.
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        pub struct RareKeys {
            $( $(#[$ra])* pub $r: $rt, )*
        }

        /// The keys that nest other schemas.
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        pub struct NestedKeys {
            $( $(#[$na])* pub $n: $nt, )*
        }

        /// A schema as written in YAML, every key in its place.
        #[derive(Deserialize)]
        #[serde(rename = "Schema", deny_unknown_fields)]
        struct SchemaKeys {
            $( $(#[$ha])* $h: $ht, )*
            $( $(#[$ra])* $r: $rt, )*
            $( $(#[$na])* $n: $nt, )*
        }

        impl From<SchemaKeys> for Schema {
            fn from(keys: SchemaKeys) -> Self {
                Schema {
                    $( $h: keys.$h, )*
                    rare: Sparse::from(RareKeys { $( $r: keys.$r, )* }),
                    nested: Sparse::from(NestedKeys { $( $n: keys.$n, )* }),
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
    nested {
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

/// A group of a schema's keys, boxed and absent (no allocation) until one of them is set. Reads
/// see the group with every key absent; a write through `DerefMut` allocates it. Two schemas compare
/// by their keys, not by whether the box exists.
#[derive(Debug, Clone)]
pub struct Sparse<T>(Option<Box<T>>);

/// A group of keys with a shared, all-absent value for [`Sparse`] to read when it holds none.
pub trait KeyGroup: Default + PartialEq + Sync + Send + 'static {
    fn absent() -> &'static Self;
}

impl KeyGroup for RareKeys {
    fn absent() -> &'static Self {
        static ABSENT: LazyLock<RareKeys> = LazyLock::new(RareKeys::default);
        &ABSENT
    }
}

impl KeyGroup for NestedKeys {
    fn absent() -> &'static Self {
        static ABSENT: LazyLock<NestedKeys> = LazyLock::new(NestedKeys::default);
        &ABSENT
    }
}

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Sparse(None)
    }
}

impl<T: KeyGroup> Sparse<T> {
    /// Whether a box is held (for tests of what allocates).
    pub fn is_allocated(&self) -> bool {
        self.0.is_some()
    }

    /// The keys for changing in place, without allocating them when none is set.
    pub fn existing_mut(&mut self) -> Option<&mut T> {
        self.0.as_deref_mut()
    }
}

impl<T: KeyGroup> Deref for Sparse<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match &self.0 {
            Some(keys) => keys,
            None => T::absent(),
        }
    }
}

impl<T: KeyGroup> DerefMut for Sparse<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.0.get_or_insert_default()
    }
}

impl<T: KeyGroup> PartialEq for Sparse<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: KeyGroup> From<T> for Sparse<T> {
    fn from(keys: T) -> Self {
        Sparse((keys != *T::absent()).then(|| Box::new(keys)))
    }
}

impl<T: KeyGroup + Serialize> Serialize for Sparse<T> {
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
    fn a_plain_schema_is_small_and_allocates_no_key_group() {
        assert!(
            std::mem::size_of::<Schema>() <= 96,
            "{}",
            std::mem::size_of::<Schema>()
        );
        let s: Schema = serde_yaml::from_str("type: string\ndescription: A name.\n").unwrap();
        assert!(!s.rare.is_allocated() && !s.nested.is_allocated());
        assert_eq!(s.rare.pattern, None);
        assert!(s.nested.properties.is_empty());
    }

    #[test]
    fn nested_keys_keep_their_place_in_the_yaml() {
        let text = "type: object\ndescription: A job.\nexample:\n  Id: a\nproperties:\n  Id:\n    type: string\nrequired:\n- Id\n";
        let s: Schema = serde_yaml::from_str(text).unwrap();
        assert_eq!(s.nested.required, ["Id"]);
        assert_eq!(serde_yaml::to_string(&s).unwrap(), text);
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
