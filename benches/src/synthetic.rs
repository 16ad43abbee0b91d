//! Synthetic spec documents of any size, built from the real operations' shapes.
//!
//! The five real operations (ICE's ListLiveRecordJobs, ListLiveTranscodeJobs, GetLiveEditingJob,
//! GetLiveSnapshotJob and Live's DescribeRtcCloudRecordingFiles) between them have every shape the
//! generator handles: nested objects, arrays of objects, string and integer enums, required
//! parameters, date-times, JSON-in-string fields, pagination, time ranges and error-code tables.
//! Operation `i` is a copy of real operation `i % 5`, with the operationId, the path key, the RAM
//! action and the response schema renamed with the suffix `i` (`ListLiveRecordJobs17`), so the mix of
//! shapes stays the same at every size. Inline titles stay as they are: each operation is its own Rust
//! module, so they cannot collide.
//!
//! Operations are split into products of at most [`OPS_PER_PRODUCT`] (`SynA`, `SynB`, ...), one
//! document each, like a real multi-product SDK.

use serde_yaml::{Mapping, Value};

/// The real spec documents, as checked in.
pub const ICE_SPEC: (&str, &str) = (
    "spec/ice-2020-11-09.yaml",
    include_str!("../../spec/ice-2020-11-09.yaml"),
);
/// See [`ICE_SPEC`].
pub const LIVE_SPEC: (&str, &str) = (
    "spec/live-2016-11-01.yaml",
    include_str!("../../spec/live-2016-11-01.yaml"),
);

/// The largest product a synthetic spec puts in one document.
pub const OPS_PER_PRODUCT: usize = 1000;

/// The real spec (both documents), as `(file name, YAML)` pairs.
pub fn real_sources() -> Vec<(String, String)> {
    [ICE_SPEC, LIVE_SPEC]
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect()
}

/// Borrows `(String, String)` pairs as what `codegen::generate_from_sources` takes.
pub fn as_refs(sources: &[(String, String)]) -> Vec<(&str, &str)> {
    sources
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect()
}

/// One real operation: its path item (one method) and its response schema.
#[derive(Clone, Debug)]
struct Template {
    operation_id: String,
    path_item: Value,
    response_name: String,
    response_schema: Value,
}

fn key(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn parse(text: &str) -> Mapping {
    match serde_yaml::from_str::<Value>(text) {
        Ok(Value::Mapping(m)) => m,
        other => panic!("the checked-in spec is not a YAML mapping: {other:?}"),
    }
}

fn templates(doc: &Mapping) -> Vec<Template> {
    let paths = doc
        .get(key("paths"))
        .and_then(Value::as_mapping)
        .expect("spec has paths");
    let schemas = doc
        .get(key("components"))
        .and_then(|c| c.get(key("schemas")))
        .and_then(Value::as_mapping)
        .expect("spec has components.schemas");
    let mut out = Vec::new();
    for (_, item) in paths {
        let op = ["get", "post"]
            .iter()
            .find_map(|m| item.get(key(m)))
            .expect("each path has get or post");
        let operation_id = op
            .get(key("operationId"))
            .and_then(Value::as_str)
            .expect("operationId")
            .to_owned();
        let reference = op
            .get(key("responses"))
            .and_then(|r| r.get(key("200")))
            .and_then(|r| r.get(key("content")))
            .and_then(|c| c.get(key("application/json")))
            .and_then(|j| j.get(key("schema")))
            .and_then(|s| s.get(key("$ref")))
            .and_then(Value::as_str)
            .expect("200 response with a $ref schema");
        let response_name = reference
            .strip_prefix("#/components/schemas/")
            .expect("local $ref")
            .to_owned();
        let response_schema = schemas
            .get(key(&response_name))
            .cloned()
            .expect("referenced schema exists");
        out.push(Template {
            operation_id,
            path_item: item.clone(),
            response_name,
            response_schema,
        });
    }
    out
}

/// Renames one copy of `template` with suffix `i`.
fn instantiate(template: &Template, i: usize) -> (String, Value, String, Value) {
    let id = format!("{}{i}", template.operation_id);
    let response = format!("{}{i}", template.response_name);
    let mut item = template.path_item.clone();
    if let Value::Mapping(methods) = &mut item {
        for (_, op) in methods.iter_mut() {
            let Value::Mapping(op) = op else { continue };
            op.insert(key("operationId"), Value::String(id.clone()));
            if let Some(Value::Mapping(ram)) = op.get_mut(key("x-acs-ram")) {
                let action = ram
                    .get(key("action"))
                    .and_then(Value::as_str)
                    .unwrap_or("syn:X")
                    .to_owned();
                ram.insert(key("action"), Value::String(format!("{action}{i}")));
            }
            if let Some(schema) = op
                .get_mut(key("responses"))
                .and_then(|r| r.get_mut(key("200")))
                .and_then(|r| r.get_mut(key("content")))
                .and_then(|c| c.get_mut(key("application/json")))
                .and_then(|j| j.get_mut(key("schema")))
                .and_then(Value::as_mapping_mut)
            {
                schema.insert(
                    key("$ref"),
                    Value::String(format!("#/components/schemas/{response}")),
                );
            }
        }
    }
    (
        format!("/#{id}"),
        item,
        response,
        template.response_schema.clone(),
    )
}

/// A synthetic spec of `operations` operations: `(file name, YAML)` pairs, one per product.
pub fn sources(operations: usize) -> Vec<(String, String)> {
    let ice = parse(ICE_SPEC.1);
    let live = parse(LIVE_SPEC.1);
    let mut all = templates(&ice);
    all.extend(templates(&live));
    assert_eq!(all.len(), 5, "the real spec has five operations");

    let mut out = Vec::new();
    let products = operations.div_ceil(OPS_PER_PRODUCT).max(1);
    for p in 0..products {
        let letter = char::from(b'A' + u8::try_from(p % 26).unwrap_or(0));
        let code = if p < 26 {
            format!("Syn{letter}")
        } else {
            format!("Syn{letter}{}", p / 26)
        };
        let mut doc = ice.clone();
        doc.insert(key("x-acs-product"), Value::String(code.clone()));
        if let Some(Value::Mapping(info)) = doc.get_mut(key("info")) {
            info.insert(
                key("title"),
                Value::String(format!("Synthetic product {code}")),
            );
            info.insert(
                key("description"),
                Value::String(format!(
                    "Synthetic benchmark document {code}: copies of the five real operations' shapes."
                )),
            );
        }
        let mut paths = Mapping::new();
        let mut schemas = Mapping::new();
        let first = p * OPS_PER_PRODUCT;
        let last = ((p + 1) * OPS_PER_PRODUCT).min(operations);
        for i in first..last {
            let (path, item, name, schema) = instantiate(&all[i % all.len()], i);
            paths.insert(Value::String(path), item);
            schemas.insert(Value::String(name), schema);
        }
        doc.insert(key("paths"), Value::Mapping(paths));
        let mut components = Mapping::new();
        components.insert(key("schemas"), Value::Mapping(schemas));
        doc.insert(key("components"), Value::Mapping(components));
        let text = serde_yaml::to_string(&Value::Mapping(doc)).expect("YAML serializes");
        out.push((
            format!("spec/{}-2020-11-09.yaml", code.to_lowercase()),
            text,
        ));
    }
    out
}

/// How many operations a generated crate's sources hold (see [`is_operation_file`]).
pub fn operation_files(files: &codegen::Files) -> usize {
    files.keys().filter(|p| is_operation_file(p)).count()
}

/// Whether a generated file is an operation's module (`src/<product>/<operation>.rs`), not a
/// product-level one (`mod.rs`, `client.rs`, `types.rs`).
pub fn is_operation_file(path: &str) -> bool {
    path.starts_with("src/")
        && path.matches('/').count() == 2
        && !["/mod.rs", "/client.rs", "/types.rs"]
            .iter()
            .any(|name| path.ends_with(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::CrateConfig;

    fn generate(sources: &[(String, String)]) -> codegen::Files {
        match codegen::generate_from_sources(&as_refs(sources), &CrateConfig::default()) {
            Ok(files) => files,
            Err(d) => panic!("synthetic spec rejected:\n{d}"),
        }
    }

    #[test]
    fn real_spec_generates_five_operations() {
        assert_eq!(operation_files(&generate(&real_sources())), 5);
    }

    #[test]
    fn synthetic_specs_pass_the_checks_and_keep_every_operation() {
        for n in [1, 5, 7, 100] {
            let sources = sources(n);
            assert_eq!(sources.len(), 1);
            assert_eq!(operation_files(&generate(&sources)), n, "{n} operations");
        }
    }

    #[test]
    fn large_specs_split_into_products() {
        let sources = sources(2 * OPS_PER_PRODUCT + 3);
        assert_eq!(sources.len(), 3);
        assert!(sources[2].1.contains("x-acs-product: SynC"));
    }

    #[test]
    fn every_shape_is_in_the_mix() {
        let text = &sources(5)[0].1;
        for id in [
            "ListLiveRecordJobs0",
            "ListLiveTranscodeJobs1",
            "GetLiveEditingJob2",
            "GetLiveSnapshotJob3",
            "DescribeRtcCloudRecordingFiles4",
        ] {
            assert!(text.contains(&format!("operationId: {id}\n")), "{id}");
        }
    }
}
