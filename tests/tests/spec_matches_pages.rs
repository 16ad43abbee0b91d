//! The spec is a faithful transcription of the five pages: every named request and response field, in the
//! page's order, with its type, nesting and required flag; every list of valid values is an enum.
//!
//! The pages are read independently of the spec with a deliberately simple rule (a field is a name line
//! followed by a type line), so a field missed or mistyped in the spec makes this fail.

use std::path::{Path, PathBuf};

use codegen::spec::{Document, Schema, SchemaType};

/// A field as the page lists it: name, page type, and (for request parameters) whether it is required.
type PageField = (String, String, Option<bool>);

const TYPES: &[&str] = &[
    "string",
    "integer",
    "object",
    "array",
    "array<object>",
    "boolean",
    "number",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn pages_dir() -> PathBuf {
    root().join("pages")
}

/// (operation, fields as (name, page type, required flag for request parameters)) of one page.
fn page_fields(text: &str) -> (String, Vec<PageField>) {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let title = lines
        .iter()
        .find(|l| l.contains(':') && !l.contains(' '))
        .copied();
    let title = title
        .or_else(|| {
            lines
                .iter()
                .find(|l| l.starts_with("ApsaraVideo Live:") || l.starts_with("Intelligent"))
                .copied()
        })
        .expect("title line");
    let operation = title.rsplit(':').next().unwrap_or_default().to_owned();
    let start = lines
        .iter()
        .position(|l| *l == "Request parameters")
        .expect("request table");
    let response = lines
        .iter()
        .position(|l| l.starts_with("Response "))
        .expect("response table");
    let end = lines
        .iter()
        .position(|l| *l == "Examples")
        .expect("examples");
    let mut fields = Vec::new();
    for i in start..end - 1 {
        let (name, ty) = (lines[i], lines[i + 1]);
        let is_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric())
            && !TYPES.contains(&name)
            && name != "Example";
        if is_name && TYPES.contains(&ty) {
            let required = (i < response).then(|| lines[i + 2] == "Yes");
            fields.push((name.to_owned(), ty.to_owned(), required));
        }
    }
    (operation, fields)
}

fn load(name: &str) -> Document {
    let path = root().join("spec").join(name);
    let bytes = std::fs::read(&path).expect("spec file");
    codegen::load::parse(name, &bytes).unwrap_or_else(|d| panic!("{d}"))
}

fn resolve<'a>(doc: &'a Document, schema: &'a Schema) -> &'a Schema {
    schema
        .reference
        .as_deref()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .and_then(|n| doc.components.schemas.get(n))
        .unwrap_or(schema)
}

fn page_type(doc: &Document, schema: &Schema) -> String {
    let schema = resolve(doc, schema);
    match schema.ty {
        Some(SchemaType::String) => "string".into(),
        Some(SchemaType::Integer) => "integer".into(),
        Some(SchemaType::Number) => "number".into(),
        Some(SchemaType::Boolean) => "boolean".into(),
        Some(SchemaType::Object) => "object".into(),
        Some(SchemaType::Array) => match schema.nested.items.as_deref().map(|i| resolve(doc, i).ty)
        {
            Some(Some(SchemaType::Object)) => "array<object>".into(),
            _ => "array".into(),
        },
        None => "?".into(),
    }
}

/// Response properties depth first, as the page lists them (JSON-in-string shapes are not page fields).
fn walk(doc: &Document, schema: &Schema, out: &mut Vec<PageField>, enums: &mut usize) {
    let schema = resolve(doc, schema);
    if schema.rare.enum_values.is_some() {
        *enums += 1;
    }
    for (name, property) in &schema.nested.properties {
        out.push((name.clone(), page_type(doc, property), None));
        walk(doc, property, out, enums);
    }
    if let Some(items) = &schema.nested.items {
        walk(doc, items, out, enums);
    }
}

/// (operation → fields, number of enums) for a spec document.
fn spec_fields(doc: &Document) -> Vec<(String, Vec<PageField>, usize)> {
    let mut result = Vec::new();
    for item in doc.paths.values() {
        for op in [item.get.as_ref(), item.post.as_ref()]
            .into_iter()
            .flatten()
        {
            let mut fields = Vec::new();
            let mut enums = 0;
            for p in &op.parameters {
                fields.push((p.name.clone(), page_type(doc, &p.schema), Some(p.required)));
                if resolve(doc, &p.schema).rare.enum_values.is_some() {
                    enums += 1;
                }
            }
            let schema = &op.responses["200"].content["application/json"].schema;
            walk(doc, schema, &mut fields, &mut enums);
            result.push((op.operation_id.clone(), fields, enums));
        }
    }
    result
}

#[test]
fn every_page_field_is_in_the_spec_with_its_type_and_required_flag() {
    let docs = [load("ice-2020-11-09.yaml"), load("live-2016-11-01.yaml")];
    let spec: Vec<_> = docs.iter().flat_map(spec_fields).collect();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(pages_dir())
        .expect("pages/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    pages.sort();
    const ORIGINAL: [&str; 5] = [
        "DescribeRtcCloudRecordingFiles",
        "GetLiveEditingJob",
        "GetLiveSnapshotJob",
        "ListLiveRecordJobs",
        "ListLiveTranscodeJobs",
    ];
    let mut total = 0;
    let mut seen = Vec::new();
    for page in pages {
        let (operation, page_fields) = page_fields(&std::fs::read_to_string(&page).expect("page"));
        let (_, spec_fields, _) = spec
            .iter()
            .find(|(name, _, _)| *name == operation)
            .unwrap_or_else(|| panic!("{operation} is not in the spec"));
        assert_eq!(
            spec_fields, &page_fields,
            "{operation}: the spec's fields differ from the page's"
        );
        if ORIGINAL.contains(&operation.as_str()) {
            total += page_fields.len();
            seen.push(operation);
        }
    }
    assert_eq!(
        seen.len(),
        5,
        "the five original pages are present: {seen:?}"
    );
    assert_eq!(
        total, 114,
        "the five pages name 114 request and response fields"
    );
}

#[test]
fn all_twelve_lists_of_valid_values_are_enums() {
    let docs = [load("ice-2020-11-09.yaml"), load("live-2016-11-01.yaml")];
    let enums: usize = docs.iter().flat_map(spec_fields).map(|(_, _, n)| n).sum();
    assert_eq!(enums, 12);
}
