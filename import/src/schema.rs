//! Small helpers over the generator's own spec model (`codegen::spec`), which the importer builds
//! directly: there is one model of an operation, shared by the generator and the importer.

use std::collections::HashMap;

use codegen::spec::{Schema, SchemaType};

pub use codegen::spec::{Format, SchemaType as Ty};

/// A schema of one type, everything else absent.
pub fn new(ty: Ty) -> Schema {
    Schema {
        ty: Some(ty),
        ..Schema::default()
    }
}

/// The type as the spec writes it (`string`, `object`, ...).
pub fn ty_name(ty: Option<SchemaType>) -> &'static str {
    ty.map_or("untyped", codegen::check::type_name)
}

/// The type a JSON example value has.
pub fn of_value(v: &serde_json::Value) -> Ty {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_i64() || n.is_u64() => Ty::Integer,
        Value::Number(_) => Ty::Number,
        Value::Bool(_) => Ty::Boolean,
        Value::Object(_) => Ty::Object,
        Value::Array(_) => Ty::Array,
        _ => Ty::String,
    }
}

pub fn is(schema: &Schema, ty: Ty) -> bool {
    schema.ty == Some(ty)
}

/// Properties at every depth (array items and JSON-string shapes not counted as fields).
pub fn count_fields(s: &Schema) -> usize {
    let own: usize = s
        .nested
        .properties
        .values()
        .map(|p| 1 + count_fields(p))
        .sum();
    own + s.nested.items.as_deref().map_or(0, count_fields)
}

pub fn count_enums(s: &Schema) -> usize {
    usize::from(s.rare.enum_values.is_some())
        + s.nested.properties.values().map(count_enums).sum::<usize>()
        + s.nested.items.as_deref().map_or(0, count_enums)
}

/// Page lines of the fields, by path: response fields as `A/[]/B`, request parameters as `?Name`
/// (nested ones as `?Name/Child`), error-code rows as `!index`. Doubts and rejected operations are reported at these lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines(HashMap<String, usize>);

impl Lines {
    pub fn set(&mut self, path: impl Into<String>, line: usize) {
        self.0.insert(path.into(), line);
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &usize)> {
        self.0.iter()
    }

    /// The line of `path`, or of its nearest recorded ancestor; 0 when none is known.
    pub fn of(&self, path: &str) -> usize {
        let mut p = path;
        loop {
            if let Some(&line) = self.0.get(p) {
                return line;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return 0,
            }
        }
    }
}

/// A child path (`A` + `B` → `A/B`; the root is the empty path).
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}/{key}")
    }
}
