//! The typed model of the OpenAPI 3.0.3 subset the spec documents use.
//!
//! Every struct denies unknown keys, so a typo (`descripton`, `x-acs-ram-acton`) is an error with a line
//! number instead of a silently ignored field. Maps are `IndexMap`s so the spec's order (the page's order)
//! is kept all the way to the generated code.
//!
//! The model also serializes: the importer builds these values and writes them out. Output leaves out
//! what is absent or default and follows the hand-written documents' key order, so a serialized
//! operation reads like the YAML in spec/. The keys a transcriber always writes (a parameter's
//! `required`, the whole RAM table, an error's `description: null`) are always written.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod schema;

pub use schema::{Format, KeyGroup, NestedKeys, RareKeys, Schema, SchemaType, Sparse};

/// One spec document: one product at one API version.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    pub paths: IndexMap<String, PathItem>,
    #[serde(default, skip_serializing_if = "Components::is_empty")]
    pub components: Components,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    pub title: String,
    /// The API version, sent as `x-acs-version`.
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Only RPC is supported: every call goes to `/`, its parameters in the query string or a form body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ApiStyle {
    #[serde(rename = "RPC")]
    Rpc,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    /// Host for a region not listed in `regions`; `{region}` is replaced by the region id.
    pub pattern: String,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub regions: IndexMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Components {
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub schemas: IndexMap<String, Schema>,
}

impl Components {
    pub fn is_empty(&self) -> bool {
        self.schemas.is_empty()
    }
}

/// The operations under one path key. RPC documents use one key per action (`/#Action`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PathItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<Operation>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    #[serde(rename = "operationId")]
    pub operation_id: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// OpenAPI tags: the first names the operation's group, the cargo feature that builds it
    /// (`ice-media`). Without one, the generator derives the group from the operation's name
    /// ([`crate::naming::derive_groups`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(rename = "x-acs-ram")]
    pub ram: Ram,
    #[serde(
        rename = "x-acs-qps-limit",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub qps_limit: Option<u32>,
    #[serde(
        rename = "x-acs-error-codes",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub error_codes: Vec<ErrorCode>,
    #[serde(
        rename = "x-acs-pagination",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pagination: Option<Pagination>,
    #[serde(
        rename = "x-acs-time-range",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub time_range: Option<TimeRange>,
    #[serde(
        rename = "x-acs-page-defects",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub page_defects: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    pub responses: IndexMap<String, Response>,
}

/// The page's RAM authorization table. Written in full, as transcribed (`access-level: null` included).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    pub status: u16,
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// How a list call pages: which request parameters and response properties drive it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pagination {
    pub page_number: String,
    pub page_size: String,
    pub total_count: String,
    pub items: String,
}

/// A StartTime/EndTime window the service limits in length.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TimeRange {
    pub start: String,
    pub end: String,
    pub max_days: u32,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    pub name: String,
    /// Always `query`: OpenAPI has no form location for parameters; `position` says where it travels.
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    /// Query string or form body. Omitted means query.
    #[serde(
        rename = "x-acs-position",
        default,
        skip_serializing_if = "ParameterPosition::is_query"
    )]
    pub position: ParameterPosition,
    /// How an `object` or `array` value is written into one or more parameters. Required for those
    /// types, forbidden for scalars.
    #[serde(
        rename = "x-acs-serialization",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub serialization: Option<Serialization>,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub schema: Schema,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
}

/// The OpenAPI location. RPC calls name every parameter `in: query`, including body parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    Query,
}

/// Where an RPC parameter travels (`x-acs-position`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterPosition {
    /// In the URL's query string.
    #[default]
    Query,
    /// In an `application/x-www-form-urlencoded` request body (POST only).
    Body,
}

impl ParameterPosition {
    pub fn is_query(&self) -> bool {
        *self == ParameterPosition::Query
    }
}

/// How an object or array parameter is written on the wire (`x-acs-serialization`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Serialization {
    /// Compact JSON text in the one parameter (the ICE convention).
    Json,
    /// A list of scalars joined with commas in the one parameter.
    Simple,
    /// Flattened into `Name.1.Key=value` parameters (the Live convention).
    Flat,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    pub description: String,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub content: IndexMap<String, MediaType>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MediaType {
    pub schema: Schema,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
}
