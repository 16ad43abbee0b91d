//! The shape of the spec model (`spec::Document` and everything in it), read from the model's own
//! `Deserialize` impls: which keys hold required text, optional values, lists, name maps or free JSON
//! data. [`crate::strict`] walks a document's YAML along this shape, so the keys it checks are the
//! model's, never a second list kept by hand.
//!
//! The shape is found by deserializing a `Document` from [`Probe`], a deserializer that answers each
//! request with a value of the requested kind and records what was requested. A struct is probed
//! once; where it recurs (a schema's properties) it is fed the smallest value (no entries, no
//! optional values), which ends the recursion.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use crate::spec::Document;

/// What a key of the model holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A string that must be present as text (a YAML null there is an error).
    Text,
    /// A value that may be absent or null.
    Optional(Box<Shape>),
    /// A list of values.
    List(Box<Shape>),
    /// A map from names the spec chooses to values.
    Map(Box<Shape>),
    /// A struct of the model, by name (see [`Model::field`]).
    Struct(&'static str),
    /// Free JSON data (an example, a default), where null is a value like any other.
    Data,
    /// A number, a boolean or a unit enum: serde itself rejects a null there.
    Other,
}

/// The model's structs: for each, its keys (as spelled in YAML) and what they hold.
#[derive(Debug, Default)]
pub struct Model {
    structs: HashMap<&'static str, Vec<(&'static str, Shape)>>,
}

impl Model {
    /// The shape of the key `key` of the struct `name`; `None` for a key the model does not have.
    pub fn field(&self, name: &str, key: &str) -> Option<&Shape> {
        self.structs
            .get(name)?
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, s)| s)
    }
}

/// The shape of `spec::Document`, found once.
pub fn document() -> &'static (Shape, Model) {
    static SHAPE: OnceLock<(Shape, Model)> = OnceLock::new();
    SHAPE.get_or_init(|| {
        let state = RefCell::new(State::default());
        let shape = RefCell::new(Shape::Other);
        // A probe never fails on the model's types; if it did, the checks would simply be fewer.
        let _ = <Document as serde::Deserialize>::deserialize(Probe {
            state: &state,
            out: &shape,
            minimal: false,
        });
        let state = state.into_inner();
        (shape.into_inner(), state.model)
    })
}

#[derive(Default)]
struct State {
    model: Model,
    /// Structs being probed or probed already: met again, they get the smallest value.
    seen: Vec<&'static str>,
}

/// A deserializer that records the shape requested of it in `out`.
#[derive(Clone, Copy)]
struct Probe<'a> {
    state: &'a RefCell<State>,
    out: &'a RefCell<Shape>,
    /// Feed the smallest value and record nothing (a struct met again).
    minimal: bool,
}

#[derive(Debug)]
struct ProbeError(String);

impl std::fmt::Display for ProbeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProbeError {}

impl de::Error for ProbeError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        ProbeError(msg.to_string())
    }
}

impl<'a> Probe<'a> {
    fn record(&self, shape: Shape) {
        if !self.minimal {
            *self.out.borrow_mut() = shape;
        }
    }

    /// Probes one inner value, returning it and its shape.
    fn inner<'de, S: DeserializeSeed<'de>>(
        &self,
        seed: S,
    ) -> Result<(S::Value, Shape), ProbeError> {
        let out = RefCell::new(Shape::Other);
        let value = seed.deserialize(Probe {
            state: self.state,
            out: &out,
            minimal: self.minimal,
        })?;
        Ok((value, out.into_inner()))
    }
}

/// A list or map of at most one entry (none when minimal).
struct One<'a> {
    probe: Probe<'a>,
    left: bool,
    shape: Option<Shape>,
}

impl<'de> SeqAccess<'de> for One<'_> {
    type Error = ProbeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ProbeError> {
        if !std::mem::take(&mut self.left) {
            return Ok(None);
        }
        let (value, shape) = self.probe.inner(seed)?;
        self.shape = Some(shape);
        Ok(Some(value))
    }
}

impl<'de> MapAccess<'de> for One<'_> {
    type Error = ProbeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ProbeError> {
        if !self.left {
            return Ok(None);
        }
        seed.deserialize("name".into_deserializer()).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ProbeError> {
        self.left = false;
        let (value, shape) = self.probe.inner(seed)?;
        self.shape = Some(shape);
        Ok(value)
    }
}

/// A struct's fields, each probed in turn.
struct Fields<'a> {
    probe: Probe<'a>,
    fields: std::slice::Iter<'static, &'static str>,
    current: Option<&'static str>,
    found: Vec<(&'static str, Shape)>,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = ProbeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ProbeError> {
        let Some(&key) = self.fields.next() else {
            return Ok(None);
        };
        self.current = Some(key);
        seed.deserialize(key.into_deserializer()).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ProbeError> {
        let (value, shape) = self.probe.inner(seed)?;
        if let Some(key) = self.current.take() {
            self.found.push((key, shape));
        }
        Ok(value)
    }
}

/// The first variant of an enum, as a unit.
struct First(&'static str);

impl<'de> de::EnumAccess<'de> for First {
    type Error = ProbeError;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self), ProbeError> {
        let v = seed.deserialize(self.0.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for First {
    type Error = ProbeError;
    fn unit_variant(self) -> Result<(), ProbeError> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _: T) -> Result<T::Value, ProbeError> {
        Err(de::Error::custom("the model has no newtype variants"))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, ProbeError> {
        Err(de::Error::custom("the model has no tuple variants"))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, ProbeError> {
        Err(de::Error::custom("the model has no struct variants"))
    }
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = ProbeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        // Only free JSON (`serde_json::Value`) asks for anything.
        self.record(Shape::Data);
        visitor.visit_unit()
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.record(Shape::Text);
        visitor.visit_str("")
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_string(visitor)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_string(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        if self.minimal {
            return visitor.visit_none();
        }
        let out = RefCell::new(Shape::Other);
        let value = visitor.visit_some(Probe { out: &out, ..self })?;
        self.record(Shape::Optional(Box::new(out.into_inner())));
        Ok(value)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        let mut one = One {
            probe: self,
            left: !self.minimal,
            shape: None,
        };
        let value = visitor.visit_seq(&mut one)?;
        self.record(Shape::List(Box::new(one.shape.unwrap_or(Shape::Other))));
        Ok(value)
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        let mut one = One {
            probe: self,
            left: !self.minimal,
            shape: None,
        };
        let value = visitor.visit_map(&mut one)?;
        self.record(Shape::Map(Box::new(one.shape.unwrap_or(Shape::Other))));
        Ok(value)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        let again = self.minimal || self.state.borrow().seen.contains(&name);
        if !again {
            self.state.borrow_mut().seen.push(name);
        }
        let mut access = Fields {
            probe: Probe {
                minimal: again,
                ..self
            },
            fields: fields.iter(),
            current: None,
            found: Vec::new(),
        };
        let value = visitor.visit_map(&mut access)?;
        if !again {
            self.state
                .borrow_mut()
                .model
                .structs
                .insert(name, access.found);
        }
        self.record(Shape::Struct(name));
        Ok(value)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        self.record(Shape::Other);
        visitor.visit_enum(First(variants.first().copied().unwrap_or_default()))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.record(Shape::Other);
        visitor.visit_bool(false)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.record(Shape::Other);
        visitor.visit_f64(0.0)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.record(Shape::Other);
        visitor.visit_u64(0)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.record(Shape::Other);
        visitor.visit_i64(0)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        self.deserialize_i64(visitor)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct tuple tuple_struct ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_shape_has_the_required_text_keys() {
        let (root, model) = document();
        assert_eq!(root, &Shape::Struct("Document"));
        assert_eq!(model.field("Document", "openapi"), Some(&Shape::Text));
        assert_eq!(model.field("Info", "version"), Some(&Shape::Text));
        assert_eq!(
            model.field("Info", "description"),
            Some(&Shape::Optional(Box::new(Shape::Text)))
        );
        assert_eq!(model.field("Parameter", "name"), Some(&Shape::Text));
        assert_eq!(model.field("Operation", "operationId"), Some(&Shape::Text));
        assert_eq!(model.field("Response", "description"), Some(&Shape::Text));
        assert_eq!(
            model.field("Schema", "properties"),
            Some(&Shape::Map(Box::new(Shape::Struct("Schema"))))
        );
        assert_eq!(
            model.field("Schema", "example"),
            Some(&Shape::Optional(Box::new(Shape::Data)))
        );
        assert_eq!(
            model.field("Ram", "condition-keys"),
            Some(&Shape::List(Box::new(Shape::Text)))
        );
        assert_eq!(
            model.field("Document", "paths"),
            Some(&Shape::Map(Box::new(Shape::Struct("PathItem"))))
        );
        assert_eq!(model.field("Schema", "nonsense"), None);
    }
}
