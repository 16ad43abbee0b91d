//! Lowers checked spec documents into the intermediate model: picks every Rust name and type.
//!
//! Runs after `check`, so it can rely on references resolving and enums being well formed; what it
//! still reports are name collisions that only appear once names are chosen.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::{
    Crate, Docs, Enum, EnumValue, ErrorCode, Field, HttpMethod, Limits, Operation, Pagination,
    ParamWire, Position, Product, Struct, Style, TimeRange, TypeDef, TypeRef, Variant,
};
use crate::load::LoadedDocument;
use crate::naming;
use crate::spec::{self, Document, Format, Schema, SchemaType};

mod error_codes;
mod shapes;

pub fn lower_all(documents: &[LoadedDocument]) -> Result<Crate, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut products: Vec<Product> = documents
        .iter()
        .map(|loaded| lower_document(&loaded.name, &loaded.document, &mut diagnostics))
        .collect();
    products.sort_by(|a, b| a.module.cmp(&b.module));
    // One feature per product and per group, plus the fixed ones emit/manifest.rs writes.
    let features =
        naming::FIXED_FEATURES.len() + products.iter().map(|p| 1 + p.groups.len()).sum::<usize>();
    if features > MAX_FEATURES {
        let (file, groups) = products
            .iter()
            .max_by_key(|p| p.groups.len())
            .map_or((String::new(), 0), |p| (p.source.clone(), p.groups.len()));
        diagnostics.push(
            Diagnostic::at_path(
                &file,
                "paths",
                format!("the crate would have {features} cargo features (one per operation group; this document has {groups} groups), and crates.io allows {MAX_FEATURES}"),
            )
            .with_hint("give operations fewer distinct `tags` (the first tag of an operation names its group)"),
        );
    }
    diagnostics.into_result(Crate { products })
}

fn lower_document(file: &str, doc: &Document, diagnostics: &mut Diagnostics) -> Product {
    let regions: BTreeMap<&String, &String> = doc.endpoints.regions.iter().collect();
    let mut operations = Vec::new();
    let mut local_types = Vec::new();
    for (key, item) in &doc.paths {
        for (method, verb, op) in [
            (HttpMethod::Get, "get", item.get.as_ref()),
            (HttpMethod::Post, "post", item.post.as_ref()),
        ] {
            if let Some(op) = op {
                let mut module = ModuleTypes::new(file, doc, diagnostics);
                let (operation, types) =
                    module.operation(&format!("paths.{key}.{verb}"), method, op);
                operations.push(operation);
                local_types.push(types);
            }
        }
    }
    let types = shapes::share(&mut operations, local_types);
    let error_codes = error_codes::share(&mut operations);
    let groups = assign_groups(&mut operations);
    reexports_distinct(file, doc, &operations, !error_codes.is_empty(), diagnostics);
    Product {
        source: file.to_owned(),
        module: doc.product.to_lowercase(),
        code: doc.product.clone(),
        title: doc.info.title.clone(),
        description: doc.info.description.clone(),
        version: doc.info.version.clone(),
        endpoint_pattern: doc.endpoints.pattern.clone(),
        regional_endpoints: regions
            .into_iter()
            .map(|(r, h)| (r.clone(), h.clone()))
            .collect(),
        operations,
        types,
        groups,
        error_codes,
    }
}

/// Each operation's group: its tag's, else derived from the names of the operations without a tag.
/// Returns the product's groups, sorted.
fn assign_groups(operations: &mut [Operation]) -> Vec<String> {
    let untagged: Vec<&str> = operations
        .iter()
        .filter(|op| op.group.is_empty())
        .map(|op| op.name.as_str())
        .collect();
    let mut derived = naming::derive_groups(&untagged).into_iter();
    for op in operations.iter_mut().filter(|op| op.group.is_empty()) {
        op.group = derived.next().unwrap_or_else(|| "other".to_owned());
    }
    let groups: std::collections::BTreeSet<&str> =
        operations.iter().map(|op| op.group.as_str()).collect();
    groups.into_iter().map(str::to_owned).collect()
}

/// crates.io refuses a crate with more cargo features than this.
pub const MAX_FEATURES: usize = 300;

/// A product module re-exports each operation's request and response types (`pub use op::{..}`) beside
/// its `Client`: those names must be distinct across the product's operations, except that a response
/// type several operations share (one `$ref`d component) is re-exported once.
fn reexports_distinct(
    file: &str,
    doc: &Document,
    operations: &[Operation],
    error_codes: bool,
    diagnostics: &mut Diagnostics,
) {
    let mut seen: BTreeMap<&str, (&str, Option<&str>)> =
        BTreeMap::from([("Client", ("the product's client", None))]);
    if error_codes {
        seen.insert("ErrorCode", ("the product's error codes", None));
    }
    for op in operations {
        let response = shapes::shared_name(op, &op.response);
        for (name, shared) in [
            (op.request.name.as_str(), None),
            (op.response.as_str(), response),
        ] {
            if seen
                .get(name)
                .is_some_and(|(_, first)| shared.is_some() && shared == *first)
            {
                continue;
            }
            if let Some((first, _)) = seen.insert(name, (&op.name, shared)) {
                let key = doc
                    .paths
                    .keys()
                    .find(|k| k.strip_prefix("/#") == Some(op.name.as_str()))
                    .map_or_else(|| "paths".to_owned(), |k| format!("paths.{k}"));
                diagnostics.push(
                    Diagnostic::at_path(
                        file,
                        key,
                        format!("the type `{name}` of operation `{}` is re-exported by the product module, where `{name}` already names a type of {first}", op.name),
                    )
                    .with_hint("give the response schema a `title` of its own (each operation's response is re-exported under its name)"),
                );
            }
        }
    }
}

/// How many component schemas deep a `$ref` chain may go. Lowering recurses once per level, so the
/// bound keeps a spec from driving it to a stack overflow.
pub const MAX_REF_DEPTH: usize = 64;

/// The types of one operation's module, with the JSON path that first defined each name.
struct ModuleTypes<'a> {
    file: &'a str,
    doc: &'a Document,
    diagnostics: &'a mut Diagnostics,
    types: Vec<TypeDef>,
    defined_at: BTreeMap<String, String>,
    /// Component schemas already lowered in this module, by component name.
    components: BTreeMap<String, TypeRef>,
    /// Component schemas being lowered, to report recursion instead of looping.
    in_progress: std::collections::BTreeSet<String>,
}

impl<'a> ModuleTypes<'a> {
    fn new(file: &'a str, doc: &'a Document, diagnostics: &'a mut Diagnostics) -> Self {
        Self {
            file,
            doc,
            diagnostics,
            types: Vec::new(),
            defined_at: BTreeMap::new(),
            components: BTreeMap::new(),
            in_progress: std::collections::BTreeSet::new(),
        }
    }

    /// The operation, and the types its module defines (its response, nested types and enums) by the
    /// page's names, parents before children; `shapes::share` moves these into the product.
    fn operation(
        &mut self,
        path: &str,
        method: HttpMethod,
        op: &'a spec::Operation,
    ) -> (Operation, Vec<TypeDef>) {
        let request_name = format!("{}Request", op.operation_id);
        self.claim(&request_name, path);
        if !op.error_codes.is_empty() {
            self.claim(
                &format!("{}ErrorCode", op.operation_id),
                &format!("{path}.x-acs-error-codes"),
            );
        }
        // Sized up front: a page of 100,000 rows has a list of tens of MB, which doubling would copy.
        let mut fields = Vec::with_capacity(op.parameters.len());
        for (i, p) in op.parameters.iter().enumerate() {
            let ppath = format!("{path}.parameters[{i}]");
            let ty = self.type_of(&format!("{ppath}.schema"), &p.schema, &p.name);
            let schema = self.resolve(&p.schema);
            let mut field = field(
                &p.name,
                ty,
                p.required,
                p.description.as_deref().or(schema.description.as_deref()),
                schema,
            );
            field.docs.example = p
                .example
                .as_ref()
                .or(schema.rare.example.as_ref())
                .map(example_text);
            field.wire = Some(param_wire(p));
            fields.push(field);
        }
        let request = Struct {
            name: request_name,
            docs: Docs {
                description: Some(op.summary.clone()),
                ..Docs::default()
            },
            fields,
        };

        let response_media = op
            .responses
            .get("200")
            .and_then(|r| r.content.get("application/json"));
        let response_example = response_media.and_then(|media| media.example.clone());
        let response = match response_media {
            Some(media) => {
                let rpath = format!("{path}.responses.200.content.application/json.schema");
                let hint = format!("{}Response", op.operation_id);
                let ty = self.type_of(&rpath, &media.schema, &hint);
                match ty {
                    TypeRef::Named(name) => name,
                    _ => hint,
                }
            }
            None => format!("{}Response", op.operation_id),
        };

        let pagination = op.pagination.as_ref().and_then(|p| {
            let page_param = request
                .fields
                .iter()
                .find(|f| f.wire_name == p.page_number)?;
            let size_param = request.fields.iter().find(|f| f.wire_name == p.page_size)?;
            let response_struct = self.find_struct(&response)?;
            let total = response_struct
                .fields
                .iter()
                .find(|f| f.wire_name == p.total_count)?;
            let items = response_struct
                .fields
                .iter()
                .find(|f| f.wire_name == p.items)?;
            let TypeRef::Array(item_type) = &items.ty else {
                return None;
            };
            Some(Pagination {
                page_number_field: page_param.rust_name.clone(),
                page_number_type: page_param.ty.clone(),
                page_size_field: size_param.rust_name.clone(),
                page_size_type: size_param.ty.clone(),
                total_count_field: total.rust_name.clone(),
                total_count_type: total.ty.clone(),
                items_field: items.rust_name.clone(),
                item_type: (**item_type).clone(),
            })
        });
        let time_range = op.time_range.as_ref().map(|t| TimeRange {
            start_field: naming::snake(&t.start),
            start_wire: t.start.clone(),
            end_field: naming::snake(&t.end),
            end_wire: t.end.clone(),
            max_days: t.max_days,
        });
        let error_codes = op
            .error_codes
            .iter()
            .map(|e| ErrorCode {
                status: e.status,
                code: e.code.clone(),
                variant: naming::camel(&e.code),
                message: e.message.clone(),
                description: e.description.clone(),
            })
            .collect();
        let operation = Operation {
            name: op.operation_id.clone(),
            module: naming::module(&op.operation_id),
            group: op
                .tags
                .first()
                .map(|t| naming::group(t))
                .unwrap_or_default(),
            method,
            summary: op.summary.clone(),
            description: op.description.clone(),
            ram: op.ram.clone(),
            qps_limit: op.qps_limit,
            error_codes,
            pagination,
            time_range,
            page_defects: op.page_defects.clone(),
            response_example,
            request,
            response,
            types: Vec::new(),
        };
        (operation, std::mem::take(&mut self.types))
    }

    fn find_struct(&self, name: &str) -> Option<&Struct> {
        self.types.iter().find_map(|t| match t {
            TypeDef::Struct(s) if s.name == name => Some(s),
            _ => None,
        })
    }

    /// Reserves a type name in this module, reporting a clash with an earlier definition.
    fn claim(&mut self, name: &str, path: &str) -> bool {
        if naming::RESERVED_TYPE_NAMES.contains(&name) {
            self.diagnostics.push(
                Diagnostic::at_path(
                    self.file,
                    path,
                    format!("the Rust type name `{name}` would shadow a name the generated code relies on"),
                )
                .with_hint(format!("give the schema a `title` other than `{name}`, e.g. `{name}Info`")),
            );
            return false;
        }
        if let Some(first) = self.defined_at.get(name) {
            self.diagnostics.push(
                Diagnostic::at_path(
                    self.file,
                    path,
                    format!("the Rust type name `{name}` is already used at {first}"),
                )
                .with_hint("give one of the two schemas a distinct `title`"),
            );
            return false;
        }
        self.defined_at.insert(name.to_owned(), path.to_owned());
        true
    }

    fn resolve(&self, schema: &'a Schema) -> &'a Schema {
        schema
            .reference
            .as_deref()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .and_then(|name| self.doc.components.schemas.get(name))
            .unwrap_or(schema)
    }

    /// The Rust type of a schema, defining any struct or enum it needs. `hint` names it when it has no title.
    fn type_of(&mut self, path: &str, schema: &'a Schema, hint: &str) -> TypeRef {
        if let Some(component) = schema
            .reference
            .as_deref()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            if let Some(known) = self.components.get(component) {
                return known.clone();
            }
            if self.in_progress.len() >= MAX_REF_DEPTH {
                self.diagnostics.push(
                    Diagnostic::at_path(
                        self.file,
                        path,
                        format!(
                            "`{component}` is reached through more than {MAX_REF_DEPTH} nested `$ref`s"
                        ),
                    )
                    .with_hint("nest fewer schemas; Alibaba Cloud RPC responses are a few levels deep"),
                );
                return TypeRef::JsonObject;
            }
            if !self.in_progress.insert(component.to_owned()) {
                self.diagnostics.push(
                    Diagnostic::at_path(self.file, path, format!("`{component}` refers to itself"))
                        .with_hint("recursive schemas are not supported; Alibaba Cloud RPC responses are trees"),
                );
                return TypeRef::JsonObject;
            }
            let resolved = self.resolve(schema);
            let ty = self.type_of(
                &format!("components.schemas.{component}"),
                resolved,
                component,
            );
            self.in_progress.remove(component);
            self.components.insert(component.to_owned(), ty.clone());
            return ty;
        }
        let name = naming::camel(schema.title.as_deref().unwrap_or(hint));
        if schema.rare.enum_values.is_some() {
            if self.claim(&name, path) {
                let e = lower_enum(&name, schema);
                self.types.push(TypeDef::Enum(e));
            }
            return TypeRef::Named(name);
        }
        match schema.ty {
            Some(SchemaType::String) if schema.format == Some(Format::DateTime) => {
                TypeRef::DateTime
            }
            Some(SchemaType::String) | None => TypeRef::String,
            Some(SchemaType::Integer) if schema.format == Some(Format::Int32) => TypeRef::I32,
            Some(SchemaType::Integer) => TypeRef::I64,
            Some(SchemaType::Number) => TypeRef::F64,
            Some(SchemaType::Boolean) => TypeRef::Bool,
            Some(SchemaType::Array) => {
                let item_hint = format!("{}Item", naming::bare(&naming::camel(hint)));
                match &schema.nested.items {
                    Some(items) => TypeRef::Array(Box::new(self.type_of(
                        &format!("{path}.items"),
                        items,
                        &item_hint,
                    ))),
                    None => TypeRef::Array(Box::new(TypeRef::String)),
                }
            }
            Some(SchemaType::Object) if schema.nested.properties.is_empty() => TypeRef::JsonObject,
            Some(SchemaType::Object) => {
                if !self.claim(&name, path) {
                    return TypeRef::Named(name);
                }
                // Reserve the slot first so a parent is emitted before its children.
                let slot = self.types.len();
                self.types.push(TypeDef::Struct(Struct {
                    name: name.clone(),
                    docs: Docs::default(),
                    fields: Vec::new(),
                }));
                let mut fields = Vec::new();
                for (prop_name, prop) in &schema.nested.properties {
                    let ppath = format!("{path}.properties.{prop_name}");
                    let ty = self.type_of(&ppath, prop, prop_name);
                    let resolved = self.resolve(prop);
                    let mut f = field(
                        prop_name,
                        ty,
                        schema.nested.required.contains(prop_name),
                        resolved.description.as_deref(),
                        resolved,
                    );
                    if let Some(inner) = &resolved.nested.json_string {
                        let inner_hint = format!("{}Json", naming::bare(&naming::camel(prop_name)));
                        f.json_inner = Some(self.type_of(
                            &format!("{ppath}.x-acs-json-string"),
                            inner,
                            &inner_hint,
                        ));
                    }
                    fields.push(f);
                }
                self.types[slot] = TypeDef::Struct(Struct {
                    name: name.clone(),
                    docs: Docs {
                        description: schema.description.clone(),
                        ..Docs::default()
                    },
                    fields,
                });
                TypeRef::Named(name)
            }
        }
    }
}

fn field(
    wire: &str,
    ty: TypeRef,
    required: bool,
    description: Option<&str>,
    schema: &Schema,
) -> Field {
    let mut limits = Vec::new();
    if let Some(max) = schema.rare.maximum {
        limits.push(format!("Maximum value: {max}."));
    }
    if let Some(min) = schema.rare.minimum {
        limits.push(format!("Minimum value: {min}."));
    }
    if let Some(max) = schema.rare.max_length {
        limits.push(format!("At most {max} characters."));
    }
    Field {
        wire_name: wire.to_owned(),
        rust_name: naming::snake(wire),
        ty,
        required,
        docs: Docs {
            description: description.map(str::to_owned),
            example: schema.rare.example.as_ref().map(example_text),
            default: schema.rare.default.as_ref().map(example_text),
            limits,
            notes: Vec::new(),
        },
        limits: Limits {
            minimum: schema.rare.minimum.map(|m| m.ceil() as i64),
            maximum: schema.rare.maximum.map(|m| m.floor() as i64),
            max_length: schema.rare.max_length,
        },
        json_inner: None,
        wire: None,
    }
}

fn param_wire(p: &spec::Parameter) -> ParamWire {
    ParamWire {
        position: match p.position {
            spec::ParameterPosition::Query => Position::Query,
            spec::ParameterPosition::Body => Position::Body,
        },
        style: match p.serialization {
            None => Style::Scalar,
            Some(spec::Serialization::Json) => Style::Json,
            Some(spec::Serialization::Simple) => Style::Simple,
            Some(spec::Serialization::Flat) => Style::Flat,
        },
    }
}

fn lower_enum(name: &str, schema: &Schema) -> Enum {
    let values = schema.rare.enum_values.as_deref().unwrap_or_default();
    let names = schema.rare.enum_varnames.as_deref().unwrap_or_default();
    let descriptions = schema.rare.enum_descriptions.as_deref().unwrap_or_default();
    let integer = schema.ty == Some(SchemaType::Integer);
    let variants = values
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (value, varname))| Variant {
            name: naming::camel(varname),
            value: match value {
                Value::Number(n) => EnumValue::Int(n.as_i64().unwrap_or_default()),
                Value::String(s) => EnumValue::Str(s.clone()),
                other => EnumValue::Str(other.to_string()),
            },
            description: descriptions.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    Enum {
        name: name.to_owned(),
        docs: Docs {
            description: schema.description.clone(),
            ..Docs::default()
        },
        variants,
        integer,
    }
}

/// How an example is shown in docs: strings as they are, anything else as compact JSON.
fn example_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
