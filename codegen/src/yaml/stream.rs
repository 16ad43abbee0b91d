//! Serializes a model value (an operation, a response schema) straight into YAML text, in
//! [`yaml`](crate::yaml)'s layout, without first building the whole value as a `serde_json::Value`.
//! A page of 100,000 parameter rows would otherwise exist three times at once (the model, its JSON
//! value, the text); here only one sequence entry at a time is a JSON value, written by
//! [`yaml::item`], and mappings and sequences are written as serde walks them.

use serde::ser::{self, Impossible, Serialize};
use serde_json::Value;

use crate::yaml::{self, Out};

/// Appends `key: value` at `indent` to `out`.
pub fn entry<T: Serialize + ?Sized>(
    out: &mut Out<'_>,
    key: &str,
    value: &T,
    indent: usize,
) -> Result<(), Error> {
    out.push_str(&" ".repeat(indent));
    value.serialize(Writer {
        out,
        prefix: format!("{}:", yaml::scalar(key)),
        indent: indent + 2,
    })
}

/// Why a value could not be written (a map key that is not text, a number JSON cannot hold).
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error(e.to_string())
    }
}

/// Writes one value after `prefix` (`key:`); its nested content goes at `indent`.
struct Writer<'a, 'w> {
    out: &'a mut Out<'w>,
    prefix: String,
    indent: usize,
}

impl Writer<'_, '_> {
    /// A value with no inner structure worth streaming, written as its JSON value.
    fn leaf(self, v: Value) -> Result<(), Error> {
        yaml::value(self.out, &self.prefix, &v, self.indent);
        Ok(())
    }
}

/// A mapping or struct being written: its `prefix:` line goes out before the first entry, `{}` if none.
struct Mapping<'a, 'w> {
    out: &'a mut Out<'w>,
    prefix: String,
    indent: usize,
    started: bool,
    key: Option<String>,
}

impl Mapping<'_, '_> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        if !self.started {
            self.out.push_str(&self.prefix);
            self.out.push('\n');
            self.started = true;
        }
        entry(self.out, key, value, self.indent)
    }

    fn end(self) -> Result<(), Error> {
        if !self.started {
            self.out.push_str(&self.prefix);
            self.out.push_str(" {}\n");
        }
        Ok(())
    }
}

/// A sequence being written: each entry is made a JSON value on its own and written by [`yaml::item`].
struct Sequence<'a, 'w> {
    out: &'a mut Out<'w>,
    prefix: String,
    indent: usize,
    started: bool,
}

impl Sequence<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let v = serde_json::to_value(value)?;
        if !self.started {
            self.out.push_str(&self.prefix);
            self.out.push('\n');
            self.started = true;
        }
        yaml::item(self.out, &v, self.indent);
        self.out.boundary();
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        if !self.started {
            self.out.push_str(&self.prefix);
            self.out.push_str(" []\n");
        }
        Ok(())
    }
}

/// The serializer methods of the scalars `Value` holds directly.
macro_rules! leaves {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            self.leaf(Value::from(v))
        })*
    };
}

impl<'a, 'w> ser::Serializer for Writer<'a, 'w> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Sequence<'a, 'w>;
    type SerializeTuple = Sequence<'a, 'w>;
    type SerializeTupleStruct = Sequence<'a, 'w>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Mapping<'a, 'w>;
    type SerializeStruct = Mapping<'a, 'w>;
    type SerializeStructVariant = Impossible<(), Error>;

    leaves! {
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64,
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        let v = serde_json::to_value(v)?;
        self.leaf(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        let v = serde_json::to_value(v)?;
        self.leaf(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.leaf(Value::String(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.leaf(Value::String(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let v = serde_json::to_value(v)?;
        self.leaf(v)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.leaf(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.leaf(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.leaf(Value::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Error> {
        self.leaf(Value::String(v.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut map = self.serialize_map(Some(1))?;
        map.field(variant, value)?;
        map.end()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Sequence<'a, 'w>, Error> {
        Ok(Sequence {
            out: self.out,
            prefix: self.prefix,
            indent: self.indent,
            started: false,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Sequence<'a, 'w>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Sequence<'a, 'w>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error(format!("cannot write the tuple variant of {name}")))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Mapping<'a, 'w>, Error> {
        Ok(Mapping {
            out: self.out,
            prefix: self.prefix,
            indent: self.indent,
            started: false,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Mapping<'a, 'w>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error(format!("cannot write the struct variant of {name}")))
    }
}

/// The three sequence kinds serde has are written alike.
macro_rules! sequence {
    ($($kind:ident: $method:ident),*) => {
        $(impl ser::$kind for Sequence<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                Sequence::end(self)
            }
        })*
    };
}

sequence!(SerializeSeq: serialize_element, SerializeTuple: serialize_element, SerializeTupleStruct: serialize_field);

impl ser::SerializeMap for Mapping<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(match serde_json::to_value(key)? {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return Err(Error("a map key must be text".into())),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().unwrap_or_default();
        self.field(&key, value)
    }
    fn end(self) -> Result<(), Error> {
        Mapping::end(self)
    }
}

impl ser::SerializeStruct for Mapping<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        Mapping::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Document;

    /// The streamed text equals the text of the whole JSON value, for a real spec document.
    #[test]
    fn streams_what_the_json_value_writes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        let mut compared = 0;
        for file in std::fs::read_dir(root).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let doc: Document = serde_yaml::from_str(&text).unwrap();
            let mut streamed = Out::collect();
            entry(&mut streamed, "doc", &doc, 2).unwrap();
            let streamed = streamed.finish().unwrap();
            let value = serde_json::to_value(&doc).unwrap();
            let mut whole = String::new();
            yaml::map(
                &mut whole,
                &serde_json::Map::from_iter([("doc".to_owned(), value)]),
                2,
            );
            assert_eq!(streamed, whole, "{}", path.display());
            compared += 1;
        }
        assert!(compared >= 2);
    }

    #[test]
    fn empty_containers_and_nulls() {
        let v = serde_json::json!({"a": {}, "b": [], "c": null, "d": [{"e": 1}, [2], "x"], "f": {"g": {"h": []}}});
        let mut streamed = Out::collect();
        entry(&mut streamed, "k", &v, 0).unwrap();
        let streamed = streamed.finish().unwrap();
        let mut whole = String::new();
        yaml::map(
            &mut whole,
            &serde_json::Map::from_iter([("k".to_owned(), v)]),
            0,
        );
        assert_eq!(streamed, whole);
    }
}
