//! The operation as the importer understands it: the spec's shape, in page order, ready to render.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

impl Ty {
    pub fn as_str(self) -> &'static str {
        match self {
            Ty::String => "string",
            Ty::Integer => "integer",
            Ty::Number => "number",
            Ty::Boolean => "boolean",
            Ty::Object => "object",
            Ty::Array => "array",
        }
    }
}

/// An enumeration: wire values, Rust variant names, meanings (`""` where the page gives none).
#[derive(Debug, Clone, PartialEq)]
pub struct Enumeration {
    pub values: Vec<Value>,
    pub varnames: Vec<String>,
    pub descriptions: Vec<String>,
}

/// A schema, with the keys the spec format allows, in the order the hand-written spec writes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// The page line this schema was read from (0 when derived); not rendered.
    pub line: usize,
    pub ty: Ty,
    pub format: Option<&'static str>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub default: Option<Value>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    pub enumeration: Option<Enumeration>,
    pub example: Option<Value>,
    pub json_string: Option<Box<Schema>>,
    pub items: Option<Box<Schema>>,
    pub properties: Vec<(String, Schema)>,
}

impl Schema {
    pub fn new(ty: Ty) -> Self {
        Self {
            line: 0,
            ty,
            format: None,
            title: None,
            description: None,
            default: None,
            minimum: None,
            maximum: None,
            enumeration: None,
            example: None,
            json_string: None,
            items: None,
            properties: Vec::new(),
        }
    }

    pub fn property(&self, name: &str) -> Option<&Schema> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s)
    }

    /// Properties at every depth (array items and JSON-string shapes not counted as fields).
    pub fn count_fields(&self) -> usize {
        let own: usize = self
            .properties
            .iter()
            .map(|(_, p)| 1 + p.count_fields())
            .sum();
        own + self.items.as_ref().map_or(0, |i| i.count_fields())
    }

    pub fn count_enums(&self) -> usize {
        let own = usize::from(self.enumeration.is_some());
        own + self
            .properties
            .iter()
            .map(|(_, p)| p.count_enums())
            .sum::<usize>()
            + self.items.as_ref().map_or(0, |i| i.count_enums())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub required: bool,
    pub description: Option<String>,
    pub schema: Schema,
    pub example: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ram {
    pub action: String,
    pub access_level: Option<String>,
    pub resource_type: String,
    pub condition_keys: Vec<String>,
    pub dependent_actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    pub page_number: String,
    pub page_size: String,
    pub total_count: String,
    pub items: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeRange {
    pub start: String,
    pub end: String,
    pub max_days: u32,
}

/// One operation read from a page. `method` is not on the page; it is set from flags or the existing
/// document before rendering.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub action: String,
    pub summary: String,
    pub description: Option<String>,
    pub ram: Ram,
    pub qps_limit: Option<u32>,
    pub error_codes: Vec<ErrorCode>,
    pub pagination: Option<Pagination>,
    pub time_range: Option<TimeRange>,
    pub page_defects: Vec<String>,
    pub parameters: Vec<Parameter>,
    /// The response object (rendered as `components.schemas.<Action>Response`).
    pub response: Schema,
    pub response_example: Option<Value>,
}
