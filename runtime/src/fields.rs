//! `Deserialize` for the generated response structs, with its generic machinery written once here.
//!
//! Why: compile time. `#[derive(serde::Deserialize)]` writes, for every struct, a field enum with its
//! own `Deserialize` impl and visitor, and a struct visitor with `visit_seq` and `visit_map`; on a
//! 400-operation product that was 45 % of the macro-expanded crate and most of what rustc type- and
//! borrow-checks. A generated struct now implements [`ReadFields`], one `match` from wire name to
//! field, and its `Deserialize` impl calls [`deserialize`]. The visitor, the key reader and the
//! skipping of unknown keys are type-checked once, here.
//!
//! ```
//! use alibabacloud_rpc_runtime::fields::{self, MapAccess, ReadFields};
//!
//! #[derive(Debug, Default, PartialEq)]
//! struct Job {
//!     job_id: Option<String>,
//!     tags: Vec<String>,
//! }
//!
//! impl<'de> serde::Deserialize<'de> for Job {
//!     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         fields::deserialize(deserializer)
//!     }
//! }
//!
//! impl ReadFields for Job {
//!     const NAME: &'static str = "Job";
//!     fn read_field<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
//!         match key {
//!             "JobId" => self.job_id = map.next_value()?,
//!             "Tags" => self.tags = map.next_value()?,
//!             _ => fields::skip(map)?,
//!         }
//!         Ok(())
//!     }
//! }
//!
//! let job: Job = serde_json::from_str(r#"{"JobId":"j-1","Extra":{"a":[1]},"Tags":["x"]}"#)?;
//! assert_eq!(job, Job { job_id: Some("j-1".into()), tags: vec!["x".into()] });
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! It reads what the derive with `#[serde(default)]` on every field read: a missing field keeps its
//! `Default` (`None`, an empty list), `null` gives `None` for an `Option` field, unknown keys are
//! skipped, and a value of the wrong type is an error naming what was expected. What differs:
//! - a key given twice: the last value wins (the derive fails with "duplicate field");
//! - a JSON array in place of the object is an error (the derive read the fields in order);
//! - a wrong value's error says "a `Job` object" rather than "struct Job".
//!
//! Structs with a required field keep the derive, which fails when the field is missing.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use jiff::Timestamp;
pub use serde::de::MapAccess;
use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, Visitor};

/// A struct decoded from a JSON object one field at a time, starting from its `Default`.
pub trait ReadFields: Default {
    /// The type's name, for the error on a value that is not an object.
    const NAME: &'static str;

    /// Reads the value of `key` from `map` into its field (`map.next_value()`), or skips it with
    /// [`skip`] when the key is not one of the type's wire names.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Decodes `T` from a map (a JSON object): what `T`'s `Deserialize` impl calls.
pub fn deserialize<'de, T: ReadFields, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(FieldsVisitor(PhantomData))
}

/// Skips the value of a key the type does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Reads an optional date-time leniently (see [`crate::datetime::parse_lenient`]): `null` and `""`
/// are `None`, as with `#[serde(with = "alibabacloud_rpc_runtime::datetime::option")]`.
pub fn datetime<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Timestamp>, A::Error> {
    map.next_value_seed(OptionalDateTime)
}

struct OptionalDateTime;

impl<'de> DeserializeSeed<'de> for OptionalDateTime {
    type Value = Option<Timestamp>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        crate::datetime::option::deserialize(deserializer)
    }
}

struct FieldsVisitor<T>(PhantomData<T>);

impl<'de, T: ReadFields> Visitor<'de> for FieldsVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            value.read_field(&key, &mut map)?;
        }
        Ok(value)
    }
}

/// Reads a key without allocating when the input lends it (an unescaped key of a JSON slice or
/// string); an escaped key, or one from a reader, is copied.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key.to_owned()))
    }

    fn visit_string<E: Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key))
    }
}

#[cfg(test)]
mod tests;
