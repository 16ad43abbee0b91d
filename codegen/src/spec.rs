//! The typed model of the OpenAPI 3.0.3 subset the spec documents use.
//!
//! Every struct denies unknown keys, so a typo (`descripton`, `x-acs-ram-acton`) is an error with a line
//! number instead of a silently ignored field. Maps are `IndexMap`s so the spec's order (the page's order)
//! is kept all the way to the generated code.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// One spec document: one product at one API version.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub openapi: String,
    pub info: Info,
    #[serde(rename = "x-acs-product")]
    pub product: String,
    #[serde(rename = "x-acs-style")]
    pub style: ApiStyle,
    #[serde(rename = "x-acs-endpoints")]
    pub endpoints: Endpoints,
    #[serde(default)]
    pub servers: Vec<Server>,
    pub paths: IndexMap<String, PathItem>,
    #[serde(default)]
    pub components: Components,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    pub title: String,
    /// The API version, sent as `x-acs-version`.
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// Only RPC is supported: every call goes to `/` with its parameters in the query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ApiStyle {
    #[serde(rename = "RPC")]
    Rpc,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    /// Host for a region not listed in `regions`; `{region}` is replaced by the region id.
    pub pattern: String,
    #[serde(default)]
    pub regions: IndexMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub url: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Components {
    #[serde(default)]
    pub schemas: IndexMap<String, Schema>,
}

/// The operations under one path key. RPC documents use one key per action (`/#Action`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathItem {
    #[serde(default)]
    pub get: Option<Operation>,
    #[serde(default)]
    pub post: Option<Operation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    #[serde(rename = "operationId")]
    pub operation_id: String,
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(rename = "x-acs-ram")]
    pub ram: Ram,
    #[serde(rename = "x-acs-qps-limit", default)]
    pub qps_limit: Option<u32>,
    #[serde(rename = "x-acs-error-codes", default)]
    pub error_codes: Vec<ErrorCode>,
    #[serde(rename = "x-acs-pagination", default)]
    pub pagination: Option<Pagination>,
    #[serde(rename = "x-acs-time-range", default)]
    pub time_range: Option<TimeRange>,
    #[serde(rename = "x-acs-page-defects", default)]
    pub page_defects: Vec<String>,
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    pub responses: IndexMap<String, Response>,
}

/// The page's RAM authorization table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Ram {
    pub action: String,
    #[serde(default)]
    pub access_level: Option<String>,
    pub resource_type: String,
    #[serde(default)]
    pub condition_keys: Vec<String>,
    #[serde(default)]
    pub dependent_actions: Vec<String>,
}

/// One row of the page's error-code table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    pub status: u16,
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// How a list call pages: which request parameters and response properties drive it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pagination {
    pub page_number: String,
    pub page_size: String,
    pub total_count: String,
    pub items: String,
}

/// A StartTime/EndTime window the service limits in length.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeRange {
    pub start: String,
    pub end: String,
    pub max_days: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub description: Option<String>,
    pub schema: Schema,
    #[serde(default)]
    pub example: Option<Value>,
}

/// RPC calls carry every parameter in the query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    Query,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub description: String,
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaType {
    pub schema: Schema,
    #[serde(default)]
    pub example: Option<Value>,
}

/// A schema: either a `$ref` or an inline definition.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    #[serde(rename = "$ref", default)]
    pub reference: Option<String>,
    #[serde(rename = "type", default)]
    pub ty: Option<SchemaType>,
    #[serde(default)]
    pub format: Option<Format>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub example: Option<Value>,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(default)]
    pub minimum: Option<f64>,
    #[serde(default)]
    pub maximum: Option<f64>,
    #[serde(rename = "minLength", default)]
    pub min_length: Option<u64>,
    #[serde(rename = "maxLength", default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(rename = "enum", default)]
    pub enum_values: Option<Vec<Value>>,
    #[serde(rename = "x-enum-varnames", default)]
    pub enum_varnames: Option<Vec<String>>,
    #[serde(rename = "x-enum-descriptions", default)]
    pub enum_descriptions: Option<Vec<String>>,
    #[serde(default)]
    pub properties: IndexMap<String, Schema>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub items: Option<Box<Schema>>,
    /// The shape of the JSON held inside a string property.
    #[serde(rename = "x-acs-json-string", default)]
    pub json_string: Option<Box<Schema>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemaType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Int32,
    Int64,
    Float,
    Double,
    DateTime,
}
