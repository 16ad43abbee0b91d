//! The intermediate model: what the generated crate contains, already named and ordered.
//!
//! Lowering resolves every naming and typing question, so emitting is a plain walk over this model.

/// Everything the generator emits.
#[derive(Debug, Clone)]
pub struct Crate {
    pub products: Vec<Product>,
}

/// One spec document: a product at one API version, emitted as one Rust module behind one cargo feature.
#[derive(Debug, Clone)]
pub struct Product {
    /// The spec file it came from, for headers.
    pub source: String,
    /// Rust module and cargo feature name (`ice`).
    pub module: String,
    /// Product code (`ICE`).
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    pub endpoint_pattern: String,
    /// Region → host, sorted by region.
    pub regional_endpoints: Vec<(String, String)>,
    pub operations: Vec<Operation>,
    /// Every response type, nested type and enum of the product's operations, once per distinct shape,
    /// by its name in the product's `types` module, sorted by that name (see `lower::shapes`).
    pub types: Vec<TypeDef>,
    /// The operation groups, sorted: each is the cargo feature `<module>-<group>`.
    pub groups: Vec<String>,
    /// Every error code the operations document, once, sorted by variant (see `lower::error_codes`):
    /// the product's `ErrorCode` enum.
    pub error_codes: Vec<ProductErrorCode>,
}

/// One variant of a product's `ErrorCode`: a code one or more of its operations document.
#[derive(Debug, Clone)]
pub struct ProductErrorCode {
    pub code: String,
    /// Rust variant name, unique in the product (`NotFound.Task` → `NotFoundTask`).
    pub variant: String,
    /// The HTTP status the pages document, when they all give the same one.
    pub status: Option<u16>,
    /// The message of the first operation (in document order) that documents the code.
    pub message: String,
    /// The operations that document it, in document order.
    pub operations: Vec<String>,
}

impl Product {
    /// The definition of the type an operation's module calls `local`.
    pub fn type_def(&self, op: &Operation, local: &str) -> Option<&TypeDef> {
        let shared = &op.types.iter().find(|u| u.local == local)?.shared;
        self.types
            .binary_search_by(|t| t.name().cmp(shared))
            .ok()
            .map(|i| &self.types[i])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// The action name (`ListLiveRecordJobs`).
    pub name: String,
    /// Rust module and client method name (`list_live_record_jobs`).
    pub module: String,
    /// The group whose cargo feature (`ice-live`) builds the operation: its first tag, or derived.
    pub group: String,
    pub method: HttpMethod,
    pub summary: String,
    pub description: Option<String>,
    pub ram: Ram,
    pub qps_limit: Option<u32>,
    pub error_codes: Vec<ErrorCode>,
    pub pagination: Option<Pagination>,
    pub time_range: Option<TimeRange>,
    pub page_defects: Vec<String>,
    pub request: Struct,
    /// The response type's name in the operation's module (one of `types`).
    pub response: String,
    /// The product types this operation uses (its response, nested types, enums and JSON-in-string
    /// shapes), in first-use order. Its module re-exports each under the name the page uses.
    pub types: Vec<TypeUse>,
    /// The documented 200 response (`example` of its `application/json` content): what the
    /// `test-util` mock server answers by default.
    pub response_example: Option<serde_json::Value>,
}

/// A product type as one operation's module names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeUse {
    /// The name the page uses, in the operation's module (`SortBy`).
    pub local: String,
    /// The name in the product's `types` module: the same, unless another shape took it
    /// (`ListLiveTranscodeJobsSortBy`).
    pub shared: String,
}

/// The RAM table is emitted as the spec states it.
pub use crate::spec::Ram;

#[derive(Debug, Clone)]
pub struct ErrorCode {
    pub status: u16,
    pub code: String,
    /// The variant of the product's `ErrorCode` (`NotFound.Task` → `NotFoundTask`).
    pub variant: String,
    pub message: String,
    pub description: Option<String>,
}

/// Paging by page number: which fields drive it, by their Rust names.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub page_number_field: String,
    pub page_number_type: TypeRef,
    pub page_size_field: String,
    pub page_size_type: TypeRef,
    pub total_count_field: String,
    pub total_count_type: TypeRef,
    pub items_field: String,
    pub item_type: TypeRef,
}

#[derive(Debug, Clone)]
pub struct TimeRange {
    pub start_field: String,
    pub start_wire: String,
    pub end_field: String,
    pub end_wire: String,
    pub max_days: u32,
}

#[derive(Debug, Clone)]
pub enum TypeDef {
    Struct(Struct),
    Enum(Enum),
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub name: String,
    pub docs: Docs,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The name on the wire (`MediaURL`).
    pub wire_name: String,
    /// The Rust field name (`media_url`, `r#type` is written as `type` with `raw` set).
    pub rust_name: String,
    pub ty: TypeRef,
    /// Required fields are plain values (and constructor arguments on requests); others are `Option`s,
    /// except arrays, which are empty when absent.
    pub required: bool,
    pub docs: Docs,
    pub limits: Limits,
    /// For a string holding JSON: the inner shape, parsed by an accessor.
    pub json_inner: Option<TypeRef>,
    /// Where and how a request parameter travels; `None` for the properties of an object.
    pub wire: Option<ParamWire>,
}

/// Where a request parameter travels and how its value becomes text (`x-acs-position`,
/// `x-acs-serialization`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamWire {
    pub position: Position,
    pub style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Query,
    /// The `application/x-www-form-urlencoded` body.
    Body,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One scalar value.
    Scalar,
    /// The object or list as compact JSON text.
    Json,
    /// A list of scalars joined with commas.
    Simple,
    /// One parameter per leaf: `Name.1.Key`.
    Flat,
}

/// Documented limits a request is checked against before sending.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    pub max_length: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    String,
    I32,
    I64,
    F64,
    Bool,
    DateTime,
    /// Free-form JSON object.
    JsonObject,
    /// A type defined in (or re-exported into) the same module.
    Named(String),
    Array(Box<TypeRef>),
}

impl TypeRef {
    pub fn is_array(&self) -> bool {
        matches!(self, TypeRef::Array(_))
    }
}

#[derive(Debug, Clone)]
pub struct Enum {
    pub name: String,
    pub docs: Docs,
    pub variants: Vec<Variant>,
    pub integer: bool,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub value: EnumValue,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumValue {
    Str(String),
    Int(i64),
}

/// What a doc comment says, before it is rendered.
#[derive(Debug, Clone, Default)]
pub struct Docs {
    pub description: Option<String>,
    pub example: Option<String>,
    pub default: Option<String>,
    /// Human-readable limits (`Maximum value: 100.`).
    pub limits: Vec<String>,
    /// Extra paragraphs (RAM action, notes).
    pub notes: Vec<String>,
}
