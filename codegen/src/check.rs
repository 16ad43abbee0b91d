//! Checks a loaded document for everything serde cannot: references, names, enums, examples, and the
//! consistency of the `x-acs-*` facts. Every problem is reported with its JSON path and a hint.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::LoadedDocument;
use crate::naming;
use crate::spec::{Document, Format, Operation, Schema, SchemaType};

mod request;

/// Checks every document, and what must hold across them (distinct product modules).
pub fn check_all(documents: &[LoadedDocument]) -> Result<(), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut modules: BTreeMap<String, &str> = BTreeMap::new();
    for loaded in documents {
        let mut checker = Checker {
            file: &loaded.name,
            doc: &loaded.document,
            out: &mut diagnostics,
        };
        checker.document();
        let module = loaded.document.product.to_lowercase();
        if let Some(first) = modules.insert(module.clone(), &loaded.name) {
            diagnostics.push(
                Diagnostic::at_path(
                    &loaded.name,
                    "x-acs-product",
                    format!("product module `{module}` is already defined by {first}"),
                )
                .with_hint(
                    "one document per product and API version; merge the operations into one file",
                ),
            );
        }
    }
    diagnostics.into_result(())
}

struct Checker<'a> {
    file: &'a str,
    doc: &'a Document,
    out: &'a mut Diagnostics,
}

impl<'a> Checker<'a> {
    fn error(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let hint = hint.into();
        let mut d = Diagnostic::at_path(self.file, path, message);
        if !hint.is_empty() {
            d = d.with_hint(hint);
        }
        self.out.push(d);
    }

    fn document(&mut self) {
        let doc = self.doc;
        if !doc.openapi.starts_with("3.0.") {
            self.error(
                "openapi",
                format!("unsupported OpenAPI version `{}`", doc.openapi),
                "write `openapi: 3.0.3`",
            );
        }
        let module = doc.product.to_lowercase();
        if !naming::is_identifier(&module) || naming::snake(&module) != module {
            self.error(
                "x-acs-product",
                format!("product code `{}` does not make a Rust module name", doc.product),
                "use the product code Alibaba Cloud uses, letters and digits only (e.g. `ICE`, `live`)",
            );
        }
        if naming::RESERVED_MODULE_NAMES.contains(&module.as_str()) {
            self.error(
                "x-acs-product",
                format!("product code `{}` makes the module `{module}`, a name the generated crate already uses", doc.product),
                format!("reserved module names: {}", naming::RESERVED_MODULE_NAMES.join(", ")),
            );
        }
        let feature_clash = naming::FIXED_FEATURES.iter().find(|f| {
            **f == module
                || f.strip_prefix(module.as_str())
                    .is_some_and(|r| r.starts_with('-'))
        });
        if let Some(fixed) = feature_clash {
            self.error(
                "x-acs-product",
                format!("product code `{}` makes the cargo feature `{module}` (and `{module}-<group>` for its operation groups), which clashes with the generated crate's feature `{fixed}`", doc.product),
                format!("the crate's own features: {}", naming::FIXED_FEATURES.join(", ")),
            );
        }
        for (key, text) in [
            ("info.title", &doc.info.title),
            ("info.version", &doc.info.version),
        ] {
            self.one_line(key, text);
        }
        if doc.info.version.trim().is_empty() {
            self.error(
                "info.version",
                "the API version is empty",
                "write the version the page's API uses, e.g. '2020-11-09'",
            );
        }
        if doc.endpoints.pattern.trim().is_empty() {
            self.error(
                "x-acs-endpoints.pattern",
                "the endpoint pattern is empty",
                "e.g. `ice.{region}.aliyuncs.com`",
            );
        }
        for (region, host) in &doc.endpoints.regions {
            if region.is_empty() || host.is_empty() || host.contains('/') {
                self.error(
                    format!("x-acs-endpoints.regions.{region}"),
                    format!("`{region}: {host}` is not a region id and a host name"),
                    "write `cn-shanghai: ice.cn-shanghai.aliyuncs.com`",
                );
            }
        }
        if doc.paths.is_empty() {
            self.error(
                "paths",
                "the document has no operations",
                "add at least one `/#Action` path",
            );
        }
        let mut actions: BTreeMap<String, String> = BTreeMap::new();
        let mut modules: BTreeMap<String, String> = BTreeMap::new();
        for (key, item) in &doc.paths {
            let base = format!("paths.{key}");
            let operations: Vec<(&str, &Operation)> =
                [("get", item.get.as_ref()), ("post", item.post.as_ref())]
                    .into_iter()
                    .filter_map(|(m, op)| op.map(|op| (m, op)))
                    .collect();
            if operations.len() != 1 {
                self.error(
                    &base,
                    format!(
                        "expected exactly one of `get` or `post`, found {}",
                        operations.len()
                    ),
                    "an RPC action has one HTTP method: the one the official SDK uses",
                );
            }
            for (method, op) in operations {
                let path = format!("{base}.{method}");
                if key != &format!("/#{}", op.operation_id) {
                    self.error(
                        &base,
                        format!(
                            "path key `{key}` does not match operationId `{}`",
                            op.operation_id
                        ),
                        format!("name the path `/#{}`", op.operation_id),
                    );
                }
                if !naming::is_identifier(&naming::camel(&op.operation_id))
                    || op.operation_id.chars().any(|c| !c.is_ascii_alphanumeric())
                {
                    self.error(
                        format!("{path}.operationId"),
                        format!("operationId `{}` is not an action name", op.operation_id),
                        "action names are letters and digits, e.g. `ListLiveRecordJobs`",
                    );
                }
                if let Some(first) = actions.insert(op.operation_id.clone(), path.clone()) {
                    self.error(
                        format!("{path}.operationId"),
                        format!(
                            "operation `{}` is defined twice (first at {first})",
                            op.operation_id
                        ),
                        "each action appears once per document",
                    );
                } else if naming::RESERVED_MODULE_NAMES
                    .contains(&naming::module(&op.operation_id).as_str())
                {
                    self.error(
                        format!("{path}.operationId"),
                        format!(
                            "operation `{}` would become the module `{}`, a name the generated crate already uses",
                            op.operation_id,
                            naming::module(&op.operation_id)
                        ),
                        format!(
                            "rename the operation; reserved module names: {}",
                            naming::RESERVED_MODULE_NAMES.join(", ")
                        ),
                    );
                } else if let Some(first) =
                    modules.insert(naming::module(&op.operation_id), op.operation_id.clone())
                {
                    self.error(
                        format!("{path}.operationId"),
                        format!(
                            "operations `{first}` and `{}` both become the Rust module `{}`",
                            op.operation_id,
                            naming::module(&op.operation_id)
                        ),
                        "rename one operation",
                    );
                }
                self.operation(&path, op);
                self.request_parameters(&path, method, op);
            }
        }
        // A paged operation's client also has `<module>_pages` and `<module>_items` methods.
        for (key, item) in &doc.paths {
            for op in [item.get.as_ref(), item.post.as_ref()]
                .into_iter()
                .flatten()
            {
                if op.pagination.is_none() {
                    continue;
                }
                let module = naming::module(&op.operation_id);
                for suffix in ["pages", "items"] {
                    if let Some(other) = modules.get(&format!("{module}_{suffix}")) {
                        self.error(
                            format!("paths.{key}"),
                            format!(
                                "the client method `{module}_{suffix}` of paged operation `{}` clashes with operation `{other}`",
                                op.operation_id
                            ),
                            "rename one of the two operations",
                        );
                    }
                }
            }
        }
        for (name, schema) in &doc.components.schemas {
            self.schema(&format!("components.schemas.{name}"), schema);
        }
    }

    /// Text shown inside a line of the generated docs (a title, a code, a name) must be one line: a
    /// line break there would start a new markdown block (a code fence, a doctest) in the generated crate.
    fn one_line(&mut self, path: impl Into<String>, text: &str) {
        if let Some(c) = text
            .chars()
            .find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
        {
            self.error(
                path,
                format!(
                    "`{}` holds a line break or control character (U+{:04X})",
                    text.escape_debug(),
                    u32::from(c)
                ),
                "write it on one line; only descriptions may span lines",
            );
        }
    }

    fn operation(&mut self, path: &str, op: &'a Operation) {
        if op.summary.trim().is_empty() {
            self.error(
                format!("{path}.summary"),
                "the summary is empty",
                "copy the page's first sentence",
            );
        }
        if let Some(tag) = op.tags.first() {
            if !naming::is_group(&naming::group(tag)) {
                self.error(
                    format!("{path}.tags[0]"),
                    format!("the tag `{}` does not make a cargo feature name", tag.escape_debug()),
                    "the first tag names the operation's group: ASCII letters, digits, spaces or hyphens, e.g. `Media Processing`",
                );
            }
        }
        self.one_line(format!("{path}.x-acs-ram.action"), &op.ram.action);
        self.one_line(
            format!("{path}.x-acs-ram.resource-type"),
            &op.ram.resource_type,
        );
        if op.ram.action.trim().is_empty() {
            self.error(
                format!("{path}.x-acs-ram.action"),
                "the RAM action is empty",
                "copy it from the page's RAM table, e.g. `ice:GetLiveSnapshotJob`",
            );
        }
        let mut names = BTreeMap::new();
        for (i, p) in op.parameters.iter().enumerate() {
            let ppath = format!("{path}.parameters[{i}]");
            if let Some(first) = names.insert(naming::snake(&p.name), p.name.clone()) {
                self.error(
                    format!("{ppath}.name"),
                    format!(
                        "parameters `{first}` and `{}` both become the Rust field `{}`",
                        p.name,
                        naming::snake(&p.name)
                    ),
                    "parameter names must differ by more than case",
                );
            }
            if naming::snake(&p.name) == "new" {
                self.error(
                    format!("{ppath}.name"),
                    format!("parameter `{}` would become the setter `new`, which is the request's constructor", p.name),
                    "parameters cannot be called `new`",
                );
            }
            if p.name.is_empty()
                || p.name
                    .chars()
                    .any(|c| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
            {
                self.error(
                    format!("{ppath}.name"),
                    format!("`{}` is not a query parameter name", p.name),
                    "",
                );
            }
            self.schema(&format!("{ppath}.schema"), &p.schema);
            if let Some(example) = &p.example {
                self.value(&format!("{ppath}.example"), &p.schema, example);
            }
        }
        let mut codes = BTreeMap::new();
        for (i, e) in op.error_codes.iter().enumerate() {
            if let Some(first) = codes.insert(naming::camel(&e.code), e.code.clone()) {
                self.error(
                    format!("{path}.x-acs-error-codes[{i}].code"),
                    format!(
                        "error codes `{first}` and `{}` both become the variant `{}`",
                        e.code,
                        naming::camel(&e.code)
                    ),
                    "list each documented error code once",
                );
            }
            self.one_line(format!("{path}.x-acs-error-codes[{i}].code"), &e.code);
            if naming::camel(&e.code) == "Unknown" {
                self.error(
                    format!("{path}.x-acs-error-codes[{i}].code"),
                    format!("error code `{}` would become the variant `Unknown`, which is reserved for undocumented codes", e.code),
                    "undocumented codes already match `Unknown(code)`; remove this row or report the page's real code",
                );
            }
            if !(400..=599).contains(&e.status) {
                self.error(
                    format!("{path}.x-acs-error-codes[{i}].status"),
                    format!("{} is not an error status", e.status),
                    "error statuses are 400 to 599",
                );
            }
        }
        let response = self.response_schema(path, op);
        if let (Some(p), Some(schema)) = (&op.pagination, response) {
            let ppath = format!("{path}.x-acs-pagination");
            for (key, name) in [("page-number", &p.page_number), ("page-size", &p.page_size)] {
                match op.parameters.iter().find(|q| &q.name == name) {
                    Some(q)
                        if self.resolve(&q.schema).and_then(|s| s.ty)
                            == Some(SchemaType::Integer) => {}
                    _ => self.error(
                        format!("{ppath}.{key}"),
                        format!("`{name}` is not an integer request parameter"),
                        "name the request parameter that carries the page number or size",
                    ),
                }
            }
            let props = &schema.nested.properties;
            match props
                .get(&p.total_count)
                .and_then(|s| self.resolve(s))
                .and_then(|s| s.ty)
            {
                Some(SchemaType::Integer) => {}
                _ => self.error(
                    format!("{ppath}.total-count"),
                    format!(
                        "`{}` is not an integer property of the response",
                        p.total_count
                    ),
                    "name the response property that counts all items",
                ),
            }
            match props
                .get(&p.items)
                .and_then(|s| self.resolve(s))
                .and_then(|s| s.ty)
            {
                Some(SchemaType::Array) => {}
                _ => self.error(
                    format!("{ppath}.items"),
                    format!("`{}` is not an array property of the response", p.items),
                    "name the response property that holds the page's items",
                ),
            }
        }
        if let Some(t) = &op.time_range {
            for (key, name) in [("start", &t.start), ("end", &t.end)] {
                let ok = op.parameters.iter().any(|q| {
                    &q.name == name
                        && self.resolve(&q.schema).and_then(|s| s.format) == Some(Format::DateTime)
                });
                if !ok {
                    self.error(
                        format!("{path}.x-acs-time-range.{key}"),
                        format!("`{name}` is not a date-time request parameter"),
                        "name a parameter with `format: date-time`",
                    );
                }
            }
            if t.max_days == 0 {
                self.error(
                    format!("{path}.x-acs-time-range.max-days"),
                    "max-days is 0",
                    "write the page's limit, e.g. 30",
                );
            }
        }
    }

    /// The 200 response's JSON schema, reporting what is missing.
    fn response_schema(&mut self, path: &str, op: &'a Operation) -> Option<&'a Schema> {
        let Some(response) = op.responses.get("200") else {
            self.error(
                format!("{path}.responses"),
                "no `200` response",
                "add `'200'` with `content: application/json: schema: {$ref: '#/components/schemas/<Action>Response'}`",
            );
            return None;
        };
        let rpath = format!("{path}.responses.200.content");
        let Some(media) = response.content.get("application/json") else {
            self.error(
                &rpath,
                "the 200 response has no `application/json` content",
                "RPC APIs answer JSON",
            );
            return None;
        };
        let schema_path = format!("{rpath}.application/json.schema");
        self.schema(&schema_path, &media.schema);
        let resolved = self.resolve(&media.schema);
        match resolved {
            Some(s) if s.ty == Some(SchemaType::Object) => {}
            Some(_) => {
                self.error(
                    &schema_path,
                    "the response schema is not an object",
                    "responses are JSON objects with `properties`",
                );
                return None;
            }
            None => return None,
        }
        if let Some(example) = &media.example {
            self.value(
                &format!("{rpath}.application/json.example"),
                &media.schema,
                example,
            );
        }
        resolved
    }

    fn resolve(&self, schema: &'a Schema) -> Option<&'a Schema> {
        match &schema.reference {
            None => Some(schema),
            Some(r) => r
                .strip_prefix("#/components/schemas/")
                .and_then(|name| self.doc.components.schemas.get(name))
                .and_then(|s| if s.reference.is_some() { None } else { Some(s) }),
        }
    }

    fn schema(&mut self, path: &str, schema: &Schema) {
        if let Some(r) = &schema.reference {
            if self.resolve(schema).is_none() {
                let known: Vec<&String> = self.doc.components.schemas.keys().collect();
                self.error(
                    format!("{path}.$ref"),
                    format!("`{r}` does not resolve"),
                    format!(
                        "refer to one of components.schemas ({}) as `#/components/schemas/<Name>`; a $ref may not point to another $ref",
                        known.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                );
            }
            return;
        }
        let Some(ty) = schema.ty else {
            self.error(
                path,
                "the schema has no `type`",
                "add `type: string` (or integer, number, boolean, object, array)",
            );
            return;
        };
        match (ty, schema.format) {
            (_, None)
            | (SchemaType::Integer, Some(Format::Int32 | Format::Int64))
            | (SchemaType::Number, Some(Format::Float | Format::Double))
            | (SchemaType::String, Some(Format::DateTime)) => {}
            (ty, Some(format)) => self.error(
                format!("{path}.format"),
                format!(
                    "format `{}` does not apply to type `{}`",
                    format_name(format),
                    type_name(ty)
                ),
                "int32/int64 go with integer, float/double with number, date-time with string",
            ),
        }
        if ty == SchemaType::Array && schema.nested.items.is_none() {
            self.error(
                path,
                "an array schema has no `items`",
                "add `items:` with the element's schema",
            );
        }
        if let Some(items) = &schema.nested.items {
            if ty != SchemaType::Array {
                self.error(
                    format!("{path}.items"),
                    "`items` on a schema that is not an array",
                    "add `type: array` or remove `items`",
                );
            }
            self.schema(&format!("{path}.items"), items);
        }
        if !schema.nested.properties.is_empty() && ty != SchemaType::Object {
            self.error(
                format!("{path}.properties"),
                "`properties` on a schema that is not an object",
                "add `type: object`",
            );
        }
        let mut fields = BTreeMap::new();
        // Every struct has `new(..)`, a setter per field and `parse_<field>` per JSON-in-string field.
        for (name, property) in &schema.nested.properties {
            let field = naming::snake(name);
            let parser = property
                .nested
                .json_string
                .is_some()
                .then(|| naming::json_parser(&field));
            let clash = if field == "new" {
                Some("new".to_owned())
            } else {
                parser.filter(|p| {
                    schema
                        .nested
                        .properties
                        .keys()
                        .any(|n| &naming::snake(n) == p)
                })
            };
            if let Some(method) = clash {
                self.error(
                    format!("{path}.properties.{name}"),
                    format!("property `{name}` makes the struct's method `{method}` clash with another"),
                    "every struct has `new` and a setter per field, and `parse_<field>` for JSON-in-string fields; rename the property",
                );
            }
        }
        for (name, property) in &schema.nested.properties {
            self.one_line(format!("{path}.properties"), name);
            if let Some(first) = fields.insert(naming::snake(name), name.clone()) {
                self.error(
                    format!("{path}.properties.{name}"),
                    format!(
                        "properties `{first}` and `{name}` both become the Rust field `{}`",
                        naming::snake(name)
                    ),
                    "property names must differ by more than case",
                );
            }
            self.schema(&format!("{path}.properties.{name}"), property);
        }
        for name in &schema.nested.required {
            if !schema.nested.properties.contains_key(name) {
                self.error(
                    format!("{path}.required"),
                    format!("required property `{name}` is not defined"),
                    "add it to `properties` or remove it from `required`",
                );
            }
        }
        if let Some(title) = &schema.title {
            if !naming::is_identifier(&naming::camel(title)) || naming::camel(title) != *title {
                self.error(
                    format!("{path}.title"),
                    format!("title `{title}` is not an UpperCamelCase type name"),
                    format!("write `{}`", naming::camel(title)),
                );
            }
        }
        if let Some(inner) = &schema.nested.json_string {
            if ty != SchemaType::String {
                self.error(
                    format!("{path}.x-acs-json-string"),
                    "`x-acs-json-string` on a schema that is not a string",
                    "JSON inside a string needs `type: string`",
                );
            }
            self.schema(&format!("{path}.x-acs-json-string"), inner);
        }
        if let Some(values) = &schema.rare.enum_values {
            self.enumeration(path, schema, ty, values);
        } else if schema.rare.enum_varnames.is_some() || schema.rare.enum_descriptions.is_some() {
            self.error(
                path,
                "`x-enum-varnames`/`x-enum-descriptions` without `enum`",
                "add the wire values as `enum`",
            );
        }
        for (key, value) in [
            ("example", &schema.rare.example),
            ("default", &schema.rare.default),
        ] {
            if let Some(value) = value {
                self.value(&format!("{path}.{key}"), schema, value);
            }
        }
    }

    fn enumeration(&mut self, path: &str, schema: &Schema, ty: SchemaType, values: &[Value]) {
        if values.is_empty() {
            self.error(
                format!("{path}.enum"),
                "the enum lists no values",
                "list the page's valid values",
            );
        }
        let mut seen = BTreeSet::new();
        for (i, v) in values.iter().enumerate() {
            let ok = match ty {
                SchemaType::String => v.as_str().is_some_and(|s| !s.is_empty()),
                SchemaType::Integer => v.as_i64().is_some(),
                _ => false,
            };
            if !ok {
                self.error(
                    format!("{path}.enum[{i}]"),
                    format!("enum value {v} is not a non-empty {}", if ty == SchemaType::Integer { "integer" } else { "string" }),
                    "enums are lists of strings (type: string) or integers (type: integer); quote text values",
                );
            }
            if !seen.insert(v.to_string()) {
                self.error(
                    format!("{path}.enum[{i}]"),
                    format!("enum value {v} is listed twice"),
                    "remove the duplicate",
                );
            }
        }
        let Some(names) = &schema.rare.enum_varnames else {
            self.error(
                path,
                "the enum has no `x-enum-varnames`",
                "name each value's Rust variant after its meaning, e.g. `0: The job is not started.` → `NotStarted`",
            );
            return;
        };
        if names.len() != values.len() {
            self.error(
                format!("{path}.x-enum-varnames"),
                format!("{} variant names for {} values", names.len(), values.len()),
                "give exactly one name per value, in the same order",
            );
        }
        let mut variants: BTreeMap<String, &str> = BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            let rust = naming::camel(name);
            if !naming::is_identifier(&rust) || rust == "Unknown" {
                self.error(
                    format!("{path}.x-enum-varnames[{i}]"),
                    format!("`{name}` cannot be a variant name"),
                    "use an UpperCamelCase word; `Unknown` is reserved for undocumented values",
                );
            }
            if let Some(first) = variants.insert(rust.clone(), name) {
                self.error(
                    format!("{path}.x-enum-varnames[{i}]"),
                    format!("`{first}` and `{name}` both become the variant `{rust}`"),
                    "give the values distinct names",
                );
            }
        }
        if let Some(descriptions) = &schema.rare.enum_descriptions {
            if descriptions.len() != values.len() {
                self.error(
                    format!("{path}.x-enum-descriptions"),
                    format!(
                        "{} descriptions for {} values",
                        descriptions.len(),
                        values.len()
                    ),
                    "give one meaning per value (\"\" where the page gives none)",
                );
            }
        }
    }

    /// Checks that an example (or default) fits its schema.
    fn value(&mut self, path: &str, schema: &Schema, value: &Value) {
        let Some(schema) = self.resolve(schema) else {
            return;
        };
        let Some(ty) = schema.ty else { return };
        let hint =
            "make the example match the schema (or fix the schema if the page's example is right)";
        let mismatch = |expected: &str| format!("{value} is not {expected}");
        match ty {
            SchemaType::String => {
                let Some(s) = value.as_str() else {
                    return self.error(path, mismatch("a string"), "quote the value");
                };
                if schema.format == Some(Format::DateTime) && !is_date_time(s) {
                    self.error(
                        path,
                        format!("`{s}` is not a date-time"),
                        "write it as yyyy-MM-ddTHH:mm:ssZ",
                    );
                }
                if let Some(inner) = &schema.nested.json_string {
                    match serde_json::from_str::<Value>(s) {
                        Ok(parsed) => self.value(path, inner, &parsed),
                        Err(e) => self.error(
                            path,
                            format!("the string is not valid JSON ({e})"),
                            "a field marked `x-acs-json-string` holds JSON text",
                        ),
                    }
                }
                self.enum_member(path, schema, value);
            }
            SchemaType::Integer => {
                let Some(n) = value.as_i64() else {
                    return self.error(path, mismatch("an integer"), hint);
                };
                if schema.format == Some(Format::Int32) && i32::try_from(n).is_err() {
                    self.error(path, format!("{n} does not fit in int32"), hint);
                }
                if schema.rare.minimum.is_some_and(|m| (n as f64) < m)
                    || schema.rare.maximum.is_some_and(|m| (n as f64) > m)
                {
                    self.error(path, format!("{n} is outside the documented limits"), hint);
                }
                self.enum_member(path, schema, value);
            }
            SchemaType::Number if !value.is_number() => {
                self.error(path, mismatch("a number"), hint)
            }
            SchemaType::Boolean if !value.is_boolean() => {
                self.error(path, mismatch("a boolean"), hint)
            }
            SchemaType::Number | SchemaType::Boolean => {}
            SchemaType::Array => {
                let Some(items) = value.as_array() else {
                    return self.error(path, mismatch("an array"), hint);
                };
                if let Some(item_schema) = &schema.nested.items {
                    for (i, item) in items.iter().enumerate() {
                        self.value(&format!("{path}[{i}]"), item_schema, item);
                    }
                }
            }
            SchemaType::Object => {
                let Some(object) = value.as_object() else {
                    return self.error(path, mismatch("an object"), hint);
                };
                if schema.nested.properties.is_empty() {
                    return; // free-form object
                }
                for (key, item) in object {
                    match schema.nested.properties.get(key) {
                        Some(property) => self.value(&format!("{path}.{key}"), property, item),
                        None => self.error(
                            format!("{path}.{key}"),
                            format!("`{key}` is not a property of this schema"),
                            "add the property to the schema, or fix the example's key",
                        ),
                    }
                }
                for name in &schema.nested.required {
                    if !object.contains_key(name) {
                        self.error(path, format!("required property `{name}` is missing"), hint);
                    }
                }
            }
        }
    }

    fn enum_member(&mut self, path: &str, schema: &Schema, value: &Value) {
        if let Some(values) = &schema.rare.enum_values {
            if !values.contains(value) {
                self.error(
                    path,
                    format!("{value} is not one of the enum's values"),
                    "use a documented value in the example, or add the value to `enum`",
                );
            }
        }
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Int32 => "int32",
        Format::Int64 => "int64",
        Format::Float => "float",
        Format::Double => "double",
        Format::DateTime => "date-time",
    }
}

pub fn type_name(ty: SchemaType) -> &'static str {
    match ty {
        SchemaType::String => "string",
        SchemaType::Integer => "integer",
        SchemaType::Number => "number",
        SchemaType::Boolean => "boolean",
        SchemaType::Object => "object",
        SchemaType::Array => "array",
    }
}

/// RFC 3339 date-time, with or without seconds, as the official SDK documents them.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return false;
    }
    let time = matches!(b.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16);
    if !time {
        return false;
    }
    let mut i = 16;
    if b.get(i) == Some(&b':') {
        if !digits(17..19) {
            return false;
        }
        i = 19;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return false;
            }
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', rest @ ..] => {
            rest.len() == 5 && rest[2] == b':' && digits(i + 1..i + 3) && digits(i + 4..i + 6)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_date_time;

    #[test]
    fn date_times() {
        assert!(is_date_time("2022-07-15T08:00:00Z"));
        assert!(is_date_time("2022-07-15T08:00Z"));
        assert!(is_date_time("2022-07-15T08:00:00.123+08:00"));
        assert!(!is_date_time("2022-07-15 08:00:00"));
        assert!(!is_date_time(" 2021-06-21T08:01:00Z"));
        assert!(!is_date_time("2022-07-15T08:00:00"));
        assert!(!is_date_time(""));
    }
}
