//! The fuzz targets' bodies, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`) and their
//! proptest versions (`tests/tests/hardening_fuzz.rs`, which includes this file with `#[path]`).
//!
//! Every function takes fuzzer bytes and returns what happened; a panic (or a generated file `syn`
//! cannot parse) is the only failure. Structure-aware targets read the bytes as a small program of
//! mutations applied to the real spec, a real response or a real reference page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value as Json;
use serde_yaml::Value as Yaml;

/// The repository root (both crates that build this file live one level below it).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The two real spec documents: (display name, text).
pub const SPECS: [(&str, &str); 2] = [
    (
        "spec/ice-2020-11-09.yaml",
        include_str!("../../spec/ice-2020-11-09.yaml"),
    ),
    (
        "spec/live-2016-11-01.yaml",
        include_str!("../../spec/live-2016-11-01.yaml"),
    ),
];

/// How one input ended. Anything else (a panic, unparsable output) is a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// The generator produced code, and every `.rs` file parses with `syn`.
    Generated,
    /// The generator refused with diagnostics.
    Diagnostic,
    /// A decoder produced a value.
    Value,
    /// A decoder returned a typed error.
    TypedError,
    /// The input was not usable by a structure-aware target (e.g. no mutation applied).
    Skipped,
}

/// Reads fuzzer bytes as small numbers; past the end it yields zeros, so every input is a program.
pub struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data, pos: 0 }
    }
    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }
    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    /// A coin toss.
    pub fn coin(&mut self) -> bool {
        self.byte().is_multiple_of(2)
    }
    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        let v = (usize::from(self.byte()) << 8) | usize::from(self.byte());
        v % n.max(1)
    }
    pub fn pick<'b, T>(&mut self, items: &'b [T]) -> Option<&'b T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
    /// The rest of the input.
    pub fn rest(&mut self) -> &'a [u8] {
        let rest = self.data.get(self.pos..).unwrap_or(&[]);
        self.pos = self.data.len();
        rest
    }
    /// Up to `max` bytes.
    pub fn take(&mut self, max: usize) -> &'a [u8] {
        let n = self.below(max + 1);
        let start = self.pos.min(self.data.len());
        let end = (start + n).min(self.data.len());
        self.pos = end;
        &self.data[start..end]
    }
}

/// Strings that have broken generators before: keywords, digits first, punctuation, non-ASCII.
pub const TRICKY: &[&str] = &[
    "",
    " ",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "r#type",
    "r#",
    "_",
    "__",
    "123abc",
    "9",
    "a-b",
    "a.b",
    "a b",
    "JobId",
    "jobId",
    "job_id",
    "JOB_ID",
    "Unknown",
    "Other",
    "Client",
    "Request",
    "Response",
    "ünïcödé",
    "名前",
    "a\nb",
    "*/",
    "/*",
    "\"",
    "\\",
    "#[cfg(any())]",
    "}",
    "{",
    "`",
    "'",
    "\u{0}",
    "\u{202e}",
    "#/components/schemas/",
    "#/components/schemas/Nope",
    "0: The job is not started.",
    "2024-01-01T00:00:00Z",
    "string",
    "integer",
    "object",
    "array",
    "int64",
    "date-time",
    "cn-shanghai",
];

// ---------------------------------------------------------------------------------------------------
// Spec: raw bytes.

/// Raw bytes as one spec document: load, and if that works, check, lower and emit.
pub fn spec_load(data: &[u8]) -> Outcome {
    match codegen::load::parse("spec/fuzz.yaml", data) {
        Err(d) => {
            let _ = d.to_string();
            Outcome::Diagnostic
        }
        Ok(document) => generate_documents(vec![codegen::load::LoadedDocument {
            name: "spec/fuzz.yaml".to_owned(),
            document,
        }]),
    }
}

fn generate_documents(documents: Vec<codegen::load::LoadedDocument>) -> Outcome {
    match codegen::generate(documents, &codegen::CrateConfig::default()) {
        Ok(files) => {
            assert_parses(&files);
            Outcome::Generated
        }
        Err(d) => {
            assert!(!d.is_empty(), "an error without a diagnostic");
            let _ = d.to_string();
            Outcome::Diagnostic
        }
    }
}

/// Every generated `.rs` file must be Rust `syn` can parse; `Cargo.toml` must not be empty.
pub fn assert_parses(files: &codegen::Files) {
    for (path, text) in files {
        if path.ends_with(".rs") {
            if let Err(e) = syn::parse_file(text) {
                panic!("generated {path} does not parse: {e}\n{text}");
            }
        } else {
            assert!(!text.trim().is_empty(), "generated {path} is empty");
        }
    }
}

/// Byte-level damage to a real spec (delete, insert, overwrite, duplicate a line): near-valid YAML.
pub fn damage_bytes(base: &[u8], bytes: &mut Bytes<'_>) -> Vec<u8> {
    let mut out = base.to_vec();
    let edits = 1 + bytes.below(4);
    for _ in 0..edits {
        if out.is_empty() {
            break;
        }
        let at = bytes.below(out.len());
        match bytes.below(5) {
            0 => {
                let n = bytes.below(64).min(out.len() - at);
                out.drain(at..at + n);
            }
            1 => {
                let insert = bytes.take(16).to_vec();
                out.splice(at..at, insert);
            }
            2 => {
                let with = bytes.take(8).to_vec();
                for (i, b) in with.into_iter().enumerate() {
                    if let Some(slot) = out.get_mut(at + i) {
                        *slot = b;
                    }
                }
            }
            3 => {
                // Duplicate the line containing `at`.
                let start = out[..at]
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |i| i + 1);
                let end = out[at..]
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(out.len(), |i| at + i + 1);
                let line = out[start..end].to_vec();
                out.splice(start..start, line);
            }
            _ => {
                // Change indentation of the line containing `at`.
                let start = out[..at]
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |i| i + 1);
                if bytes.coin() {
                    out.splice(start..start, *b"  ");
                } else if out.get(start) == Some(&b' ') {
                    out.remove(start);
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// Spec: structure-aware mutations of the parsed real spec.

fn real_specs() -> &'static [Yaml] {
    static SPECS_PARSED: OnceLock<Vec<Yaml>> = OnceLock::new();
    SPECS_PARSED.get_or_init(|| {
        SPECS
            .iter()
            .map(|(name, text)| {
                serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{name} is not YAML: {e}"))
            })
            .collect()
    })
}

#[derive(Clone, Debug)]
enum Step {
    Key(Yaml),
    Index(usize),
}

fn yaml_paths(root: &Yaml) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let mut stack = vec![(Vec::new(), root)];
    while let Some((path, node)) = stack.pop() {
        match node {
            Yaml::Mapping(m) => {
                for (k, v) in m {
                    let mut p = path.clone();
                    p.push(Step::Key(k.clone()));
                    stack.push((p, v));
                }
            }
            Yaml::Sequence(s) => {
                for (i, v) in s.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(Step::Index(i));
                    stack.push((p, v));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

fn yaml_at<'v>(root: &'v mut Yaml, path: &[Step]) -> Option<&'v mut Yaml> {
    let mut node = root;
    for step in path {
        node = match (step, node) {
            (Step::Key(k), Yaml::Mapping(m)) => m.get_mut(k)?,
            (Step::Index(i), Yaml::Sequence(s)) => s.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

fn yaml_get<'v>(root: &'v Yaml, path: &[Step]) -> Option<&'v Yaml> {
    let mut node = root;
    for step in path {
        node = match (step, node) {
            (Step::Key(k), Yaml::Mapping(m)) => m.get(k)?,
            (Step::Index(i), Yaml::Sequence(s)) => s.get(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

fn ys(s: &str) -> Yaml {
    Yaml::String(s.to_owned())
}

/// Paths of mappings holding `key`.
fn mappings_with(root: &Yaml, key: &str) -> Vec<Vec<Step>> {
    yaml_paths(root)
        .into_iter()
        .filter(|p| matches!(yaml_get(root, p), Some(Yaml::Mapping(m)) if m.contains_key(ys(key))))
        .collect()
}

fn a_value(bytes: &mut Bytes<'_>, old: &Yaml) -> Yaml {
    match bytes.below(10) {
        0 => Yaml::Null,
        1 => Yaml::Bool(bytes.coin()),
        2 => {
            Yaml::Number([0i64, -1, 1, 100, i64::MAX, i64::MIN, 31, 65_536][bytes.below(8)].into())
        }
        3 => Yaml::Number([0.5f64, -1e300, 1e308, f64::NAN, f64::INFINITY][bytes.below(5)].into()),
        4 => ys(bytes.pick(TRICKY).copied().unwrap_or("")),
        5 => Yaml::Sequence(vec![]),
        6 => Yaml::Mapping(serde_yaml::Mapping::new()),
        7 => Yaml::Sequence(vec![old.clone()]),
        8 => {
            let mut m = serde_yaml::Mapping::new();
            m.insert(ys(bytes.pick(TRICKY).copied().unwrap_or("x")), old.clone());
            Yaml::Mapping(m)
        }
        _ => ys(&String::from_utf8_lossy(bytes.take(24))),
    }
}

/// Applies one mutation chosen by `bytes`; returns its name (for statistics), `None` if nothing fit.
fn mutate_yaml(doc: &mut Yaml, bytes: &mut Bytes<'_>) -> Option<&'static str> {
    let paths = yaml_paths(doc);
    match bytes.below(12) {
        0 => {
            // Drop a key.
            let path = bytes.pick(&paths)?.clone();
            let Yaml::Mapping(m) = yaml_at(doc, &path)? else {
                return None;
            };
            let key = m.keys().nth(bytes.below(m.len().max(1)))?.clone();
            m.remove(&key);
            Some("drop-key")
        }
        1 => {
            // Change a node's type.
            let path = bytes.pick(&paths)?.clone();
            let node = yaml_at(doc, &path)?;
            *node = a_value(bytes, node);
            Some("change-type")
        }
        2 => {
            // Break (or redirect) a $ref.
            let refs = mappings_with(doc, "$ref");
            let path = bytes.pick(&refs)?.clone();
            let names: Vec<String> = schema_names(doc);
            let target = match bytes.below(6) {
                0 => "#/components/schemas/DoesNotExist".to_owned(),
                1 => String::new(),
                2 => "#/components/schemas/".to_owned(),
                3 => "#/paths/x".to_owned(),
                4 => "https://example.com/schema.yaml".to_owned(),
                _ => format!(
                    "#/components/schemas/{}",
                    bytes.pick(&names).cloned().unwrap_or_default()
                ),
            };
            let Yaml::Mapping(m) = yaml_at(doc, &path)? else {
                return None;
            };
            m.insert(ys("$ref"), ys(&target));
            Some("break-ref")
        }
        3 => {
            // Duplicate an enum value (or a variant name), or make the lists' lengths differ.
            let key = ["enum", "x-enum-varnames", "x-enum-descriptions"][bytes.below(3)];
            let holders = mappings_with(doc, key);
            let path = bytes.pick(&holders)?.clone();
            let Yaml::Mapping(m) = yaml_at(doc, &path)? else {
                return None;
            };
            let Some(Yaml::Sequence(s)) = m.get_mut(ys(key)) else {
                return None;
            };
            if s.is_empty() {
                return None;
            }
            if bytes.byte().is_multiple_of(3) {
                s.remove(bytes.below(s.len()));
            } else {
                let dup = s[bytes.below(s.len())].clone();
                s.insert(bytes.below(s.len() + 1), dup);
            }
            Some("duplicate-enum")
        }
        4 => {
            // Names colliding: a property renamed to another's case variant, two titles or two
            // operationIds made equal, two variant names made equal.
            match bytes.below(4) {
                0 => {
                    let holders = mappings_with(doc, "properties");
                    let path = bytes.pick(&holders)?.clone();
                    let Yaml::Mapping(m) = yaml_at(doc, &path)? else {
                        return None;
                    };
                    let Some(Yaml::Mapping(props)) = m.get_mut(ys("properties")) else {
                        return None;
                    };
                    let key = props.keys().nth(bytes.below(props.len().max(1)))?.clone();
                    let name = key.as_str()?.to_owned();
                    let variant = match bytes.below(4) {
                        0 => name.to_lowercase(),
                        1 => name.to_uppercase(),
                        2 => heck_snake(&name),
                        _ => format!("{name}_"),
                    };
                    let value = props.get(&key)?.clone();
                    props.insert(ys(&variant), value);
                    Some("collide-property")
                }
                1 | 2 => {
                    let key = if bytes.coin() { "title" } else { "operationId" };
                    let holders = mappings_with(doc, key);
                    let from = bytes.pick(&holders)?.clone();
                    let to = bytes.pick(&holders)?.clone();
                    let value = yaml_get(doc, &from)?.get(key)?.clone();
                    let Yaml::Mapping(m) = yaml_at(doc, &to)? else {
                        return None;
                    };
                    m.insert(ys(key), value);
                    Some("collide-name")
                }
                _ => {
                    let holders = mappings_with(doc, "x-enum-varnames");
                    let path = bytes.pick(&holders)?.clone();
                    let Yaml::Mapping(m) = yaml_at(doc, &path)? else {
                        return None;
                    };
                    let Some(Yaml::Sequence(s)) = m.get_mut(ys("x-enum-varnames")) else {
                        return None;
                    };
                    if s.len() < 2 {
                        return None;
                    }
                    let (a, b) = (bytes.below(s.len()), bytes.below(s.len()));
                    s[a] = s[b].clone();
                    Some("collide-variant")
                }
            }
        }
        5 => {
            // A tricky string anywhere a string is.
            let strings: Vec<&Vec<Step>> = paths
                .iter()
                .filter(|p| matches!(yaml_get(doc, p), Some(Yaml::String(_))))
                .collect();
            let path = (*bytes.pick(&strings)?).clone();
            let value = ys(bytes.pick(TRICKY).copied().unwrap_or(""));
            *yaml_at(doc, &path)? = value;
            Some("tricky-string")
        }
        6 => {
            // A key the format does not know, or a tricky key.
            let maps: Vec<&Vec<Step>> = paths
                .iter()
                .filter(|p| matches!(yaml_get(doc, p), Some(Yaml::Mapping(_))))
                .collect();
            let path = (*bytes.pick(&maps)?).clone();
            let key = ys(bytes.pick(TRICKY).copied().unwrap_or("x-unknown"));
            let Yaml::Mapping(m) = yaml_at(doc, &path)? else {
                return None;
            };
            m.insert(key, ys("value"));
            Some("unknown-key")
        }
        7 => {
            // Copy a subtree somewhere else (another property, another schema).
            let from = bytes.pick(&paths)?.clone();
            let value = yaml_get(doc, &from)?.clone();
            let maps: Vec<&Vec<Step>> = paths
                .iter()
                .filter(|p| matches!(yaml_get(doc, p), Some(Yaml::Mapping(_))))
                .collect();
            let to = (*bytes.pick(&maps)?).clone();
            let key = match from.last() {
                Some(Step::Key(k)) if bytes.coin() => k.clone(),
                _ => ys(bytes.pick(TRICKY).copied().unwrap_or("Copy")),
            };
            let Yaml::Mapping(m) = yaml_at(doc, &to)? else {
                return None;
            };
            m.insert(key, value);
            Some("copy-subtree")
        }
        8 => {
            // Swap two nodes.
            let a = bytes.pick(&paths)?.clone();
            let b = bytes.pick(&paths)?.clone();
            let va = yaml_get(doc, &a)?.clone();
            let vb = yaml_get(doc, &b)?.clone();
            *yaml_at(doc, &a)? = vb;
            // `b` may not exist any more if it was inside `a`; then the swap is a copy.
            if let Some(node) = yaml_at(doc, &b) {
                *node = va;
            }
            Some("swap")
        }
        9 => {
            // A number at an extreme.
            let numbers: Vec<&Vec<Step>> = paths
                .iter()
                .filter(|p| matches!(yaml_get(doc, p), Some(Yaml::Number(_))))
                .collect();
            let path = (*bytes.pick(&numbers)?).clone();
            let value = match bytes.below(6) {
                0 => Yaml::Number(i64::MAX.into()),
                1 => Yaml::Number(i64::MIN.into()),
                2 => Yaml::Number(u64::MAX.into()),
                3 => Yaml::Number((-1i64).into()),
                4 => Yaml::Number(0i64.into()),
                _ => Yaml::Number(1e308f64.into()),
            };
            *yaml_at(doc, &path)? = value;
            Some("extreme-number")
        }
        10 => {
            // Change a schema's type or format.
            let key = if bytes.coin() { "type" } else { "format" };
            let holders = mappings_with(doc, key);
            let path = bytes.pick(&holders)?.clone();
            let value = [
                "string",
                "integer",
                "number",
                "boolean",
                "object",
                "array",
                "null",
                "file",
                "",
                "int32",
                "int64",
                "date-time",
                "float",
                "double",
                "byte",
                "uuid",
            ][bytes.below(16)];
            let Yaml::Mapping(m) = yaml_at(doc, &path)? else {
                return None;
            };
            m.insert(ys(key), ys(value));
            Some("change-schema-type")
        }
        _ => {
            // Drop or duplicate a list element.
            let seqs: Vec<&Vec<Step>> = paths
                .iter()
                .filter(|p| matches!(yaml_get(doc, p), Some(Yaml::Sequence(s)) if !s.is_empty()))
                .collect();
            let path = (*bytes.pick(&seqs)?).clone();
            let Yaml::Sequence(s) = yaml_at(doc, &path)? else {
                return None;
            };
            let i = bytes.below(s.len());
            if bytes.coin() {
                s.remove(i);
            } else {
                let dup = s[i].clone();
                s.push(dup);
            }
            Some("list-element")
        }
    }
}

fn heck_snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn schema_names(doc: &Yaml) -> Vec<String> {
    doc.get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Yaml::as_mapping)
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The real spec (one or both documents) with 1-8 mutations chosen by `data`, re-serialised and
/// generated. Returns the outcome and the names of the mutations applied.
pub fn spec_mutate(data: &[u8]) -> (Outcome, Vec<&'static str>) {
    let mut bytes = Bytes::new(data);
    let mut docs: Vec<Yaml> = real_specs().to_vec();
    let which = bytes.byte();
    let count = 1 + bytes.below(8);
    let mut applied = Vec::new();
    for _ in 0..count {
        let index = match which % 3 {
            0 => 0,
            1 => 1,
            _ => bytes.below(2),
        };
        if let Some(name) = mutate_yaml(&mut docs[index], &mut bytes) {
            applied.push(name);
        }
    }
    if applied.is_empty() {
        return (Outcome::Skipped, applied);
    }
    let texts: Vec<String> = docs
        .iter()
        .map(|d| serde_yaml::to_string(d).unwrap_or_default())
        .collect();
    let sources: Vec<(&str, &str)> = SPECS
        .iter()
        .zip(&texts)
        .map(|((name, _), text)| (*name, text.as_str()))
        .collect();
    let outcome = match codegen::generate_from_sources(&sources, &codegen::CrateConfig::default()) {
        Ok(files) => {
            assert_parses(&files);
            Outcome::Generated
        }
        Err(d) => {
            assert!(!d.is_empty(), "an error without a diagnostic");
            let _ = d.to_string();
            Outcome::Diagnostic
        }
    };
    (outcome, applied)
}

// ---------------------------------------------------------------------------------------------------
// Responses.

/// The five operations' response examples from the real spec: action → JSON.
pub fn response_examples() -> &'static BTreeMap<String, Json> {
    static EXAMPLES: OnceLock<BTreeMap<String, Json>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let mut out = BTreeMap::new();
        for doc in real_specs() {
            let Some(paths) = doc.get("paths").and_then(Yaml::as_mapping) else {
                continue;
            };
            for item in paths.values() {
                let Some(item) = item.as_mapping() else {
                    continue;
                };
                for op in item.values() {
                    let id = op.get("operationId").and_then(Yaml::as_str);
                    let example = op
                        .get("responses")
                        .and_then(|r| r.get("200"))
                        .and_then(|r| r.get("content"))
                        .and_then(|c| c.get("application/json"))
                        .and_then(|c| c.get("example"));
                    if let (Some(id), Some(Ok(json))) = (id, example.map(serde_json::to_value)) {
                        out.insert(id.to_owned(), json);
                    }
                }
            }
        }
        out
    })
}

/// Decodes `body` as `T`; on success re-encodes and decodes again (our own output must read back).
fn decode_one<T>(body: &[u8]) -> Outcome
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    match serde_json::from_slice::<T>(body) {
        Ok(value) => {
            let _ = format!("{value:?}");
            let again = serde_json::to_vec(&value)
                .unwrap_or_else(|e| panic!("a decoded value does not encode: {e}"));
            if let Err(e) = serde_json::from_slice::<T>(&again) {
                panic!(
                    "a decoded value does not decode after encoding: {e}\nfirst: {}\nthen: {}",
                    String::from_utf8_lossy(body),
                    String::from_utf8_lossy(&again)
                );
            }
            Outcome::Value
        }
        Err(e) => {
            // Goes through the runtime's DecodeError, as the client would.
            let error: alibabacloud_media::Error =
                alibabacloud_media::runtime::DecodeError::new("FuzzOperation", 200, None, body, e)
                    .into();
            let _ = (error.to_string(), error.request_id(), format!("{error:?}"));
            Outcome::TypedError
        }
    }
}

/// The runtime's error-body parser on any status, headers and body.
pub fn error_body(status: u16, request_id: Option<&str>, retry_after: Option<&str>, body: &[u8]) {
    let e = alibabacloud_media::runtime::ServiceError::from_response(
        "FuzzOperation",
        status,
        request_id,
        retry_after,
        body,
    );
    let _ = (e.is_retryable(), e.is_throttling(), e.to_string());
    let error = alibabacloud_media::Error::from(e);
    let _ = (
        error.code(),
        error.message(),
        error.request_id(),
        error.retry_after(),
        error.is_retryable(),
        error.to_string(),
        format!("{error:?}"),
    );
    use alibabacloud_media::runtime::ErrorCode;
    let _ = alibabacloud_media::ice::get_live_snapshot_job::GetLiveSnapshotJobErrorCode::from_error(
        &error,
    );
}

/// `body` into every response type (and the JSON-in-string accessors), plus the error parser.
pub fn decode_all(body: &[u8]) -> Vec<Outcome> {
    use alibabacloud_media::{ice, live};
    let mut out = vec![
        decode_one::<ice::list_live_record_jobs::ListLiveRecordJobsResponse>(body),
        decode_one::<ice::list_live_transcode_jobs::ListLiveTranscodeJobsResponse>(body),
        decode_one::<ice::get_live_snapshot_job::GetLiveSnapshotJobResponse>(body),
        decode_one::<
            live::describe_rtc_cloud_recording_files::DescribeRtcCloudRecordingFilesResponse,
        >(body),
    ];
    match serde_json::from_slice::<ice::get_live_editing_job::GetLiveEditingJobResponse>(body) {
        Ok(value) => {
            if let Some(job) = &value.live_editing_job {
                let _ = (job.parse_clips(), job.parse_user_data());
            }
            out.push(decode_one::<
                ice::get_live_editing_job::GetLiveEditingJobResponse,
            >(body));
        }
        Err(_) => out.push(Outcome::TypedError),
    }
    out
}

/// Raw bytes: every decoder, and the error parser with a status and headers taken from the bytes.
pub fn response_decode(data: &[u8]) -> Vec<Outcome> {
    let mut bytes = Bytes::new(data);
    let mode = bytes.byte();
    let body: Vec<u8> = if mode.is_multiple_of(2) {
        bytes.rest().to_vec()
    } else {
        mutated_response(&mut bytes)
    };
    let status = [200u16, 400, 403, 404, 429, 500, 502, 503, 0, 999][usize::from(mode / 2) % 10];
    let header = |n: u8| -> Option<String> {
        match n % 4 {
            0 => None,
            1 => Some("1500".to_owned()),
            2 => Some(String::from_utf8_lossy(&body[..body.len().min(40)]).into_owned()),
            _ => Some("18446744073709551616".to_owned()),
        }
    };
    error_body(
        status,
        header(mode / 3).as_deref(),
        header(mode / 5).as_deref(),
        &body,
    );
    decode_all(&body)
}

fn mutate_json(value: &mut Json, bytes: &mut Bytes<'_>, depth: usize) {
    match value {
        Json::Object(map) if !map.is_empty() && depth < 12 => {
            let i = bytes.below(map.len());
            let key = map.keys().nth(i).cloned().unwrap_or_default();
            match bytes.below(4) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    if let Some(v) = map.get_mut(&key) {
                        mutate_json(v, bytes, depth + 1);
                    }
                }
                2 => {
                    let v = json_value(bytes);
                    map.insert(key, v);
                }
                _ => {
                    let v = map.get(&key).cloned().unwrap_or_default();
                    map.insert(format!("{key}{}", bytes.byte()), v);
                }
            }
        }
        Json::Array(items) if !items.is_empty() && depth < 12 => {
            let i = bytes.below(items.len());
            match bytes.below(3) {
                0 => {
                    items.remove(i);
                }
                1 => {
                    let v = items[i].clone();
                    items.push(v);
                }
                _ => mutate_json(&mut items[i], bytes, depth + 1),
            }
        }
        other => *other = json_value(bytes),
    }
}

const ODD_STRINGS: &[&str] = &[
    "",
    " ",
    "2024-13-45T99:99Z",
    "2024-02-30T10:00:00Z",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "-009999-01-01T00:00:00Z",
    "+009999-12-31T23:59:59.999999999Z",
    "2024-01-01 10:00:00",
    " 2024-01-01T10:00Z ",
    "2024-01-01T10:00:00+14:00",
    "2024-01-01T10:00:00-25:00",
    "2024-01-01T10:00:00.1234567890123Z",
    "[{\"Type\":\"Video\"}]",
    "[",
    "{\"a\":1}",
    "null",
    "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
    "\u{0}",
    "ünïcödé",
    "started",
    "archived",
    "-1",
    "1e400",
];

fn json_value(bytes: &mut Bytes<'_>) -> Json {
    match bytes.below(9) {
        0 => Json::Null,
        1 => Json::Bool(bytes.coin()),
        2 => [0i64, -1, i64::MAX, i64::MIN, 2_147_483_648][bytes.below(5)].into(),
        3 => u64::MAX.into(),
        4 => serde_json::Number::from_f64([0.5, -1e300, 1e308][bytes.below(3)])
            .map_or(Json::Null, Json::Number),
        5 => Json::String(bytes.pick(ODD_STRINGS).copied().unwrap_or("").to_owned()),
        6 => Json::Array(vec![Json::Null, Json::String("x".into())]),
        7 => Json::Object(serde_json::Map::new()),
        _ => Json::String(String::from_utf8_lossy(bytes.take(16)).into_owned()),
    }
}

/// A real response example with mutations, serialised; sometimes cut or with bytes replaced.
pub fn mutated_response(bytes: &mut Bytes<'_>) -> Vec<u8> {
    let examples: Vec<&Json> = response_examples().values().collect();
    let Some(example) = bytes.pick(&examples) else {
        return Vec::new();
    };
    let mut value = (*example).clone();
    for _ in 0..1 + bytes.below(6) {
        mutate_json(&mut value, bytes, 0);
    }
    let mut out = serde_json::to_vec(&value).unwrap_or_default();
    match bytes.below(6) {
        0 if !out.is_empty() => {
            let n = bytes.below(out.len());
            out.truncate(n);
        }
        1 if !out.is_empty() => {
            let at = bytes.below(out.len());
            out[at] = bytes.byte();
        }
        2 => {
            // Deep nesting around the whole body.
            let depth = bytes.below(300);
            let mut deep = vec![b'['; depth];
            deep.extend_from_slice(&out);
            deep.extend(std::iter::repeat_n(b']', depth));
            out = deep;
        }
        _ => {}
    }
    out
}

// ---------------------------------------------------------------------------------------------------
// Reference pages.

/// The real reference pages (`pages/*.txt`), if present.
pub fn real_pages() -> &'static [(String, Vec<u8>)] {
    static PAGES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let dir = repo_root().join("pages");
        let mut pages: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                    .filter_map(|p| {
                        let name = p.file_name()?.to_string_lossy().into_owned();
                        Some((name, std::fs::read(&p).ok()?))
                    })
                    .collect()
            })
            .unwrap_or_default();
        pages.sort();
        pages
    })
}

/// A real page with line-level mutations (drop, duplicate, swap, cut, re-indent, replace).
pub fn mutated_page(bytes: &mut Bytes<'_>) -> Option<Vec<u8>> {
    let (_, page) = bytes.pick(real_pages())?;
    let text = String::from_utf8_lossy(page);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..1 + bytes.below(8) {
        if lines.is_empty() {
            break;
        }
        let i = bytes.below(lines.len());
        match bytes.below(8) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let j = bytes.below(lines.len());
                lines.swap(i, j);
            }
            3 => {
                let cut = bytes.below(lines[i].len() + 1);
                let cut = (0..=cut)
                    .rev()
                    .find(|c| lines[i].is_char_boundary(*c))
                    .unwrap_or(0);
                lines[i].truncate(cut);
            }
            4 => lines[i].insert_str(0, ["  ", "\t", "    "][bytes.below(3)]),
            5 => lines[i] = lines[i].trim_start().to_owned(),
            6 => lines[i] = String::from_utf8_lossy(bytes.take(32)).into_owned(),
            _ => {
                // Everything after a random line is dropped.
                lines.truncate(i);
            }
        }
    }
    Some(lines.join("\n").into_bytes())
}

/// Raw bytes as a page (even first byte), or a mutated real page (odd).
pub fn page_import(data: &[u8]) -> Outcome {
    let mut bytes = Bytes::new(data);
    let page = if bytes.coin() {
        bytes.rest().to_vec()
    } else {
        match mutated_page(&mut bytes) {
            Some(p) => p,
            None => bytes.rest().to_vec(),
        }
    };
    parse_page(&page)
}

/// `page_import::parse_page` on the bytes; an error must name the page.
pub fn parse_page(page: &[u8]) -> Outcome {
    match page_import::parse_page("fuzz.txt", page) {
        Ok(parsed) => {
            let _ = format!("{parsed:?}");
            Outcome::Value
        }
        Err(e) => {
            let text = e.to_string();
            assert!(
                text.contains("fuzz.txt"),
                "error does not name the page: {text}"
            );
            Outcome::TypedError
        }
    }
}
