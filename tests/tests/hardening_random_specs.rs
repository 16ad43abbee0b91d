//! Issue 11, point 2: whatever `gen` accepts compiles.
//!
//! Random valid-looking spec documents, with names taken from a hostile alphabet (Rust keywords, the
//! names the generated crate already uses, non-ASCII letters, separators) and descriptions full of
//! markdown and Rust (fences, indented blocks, links, HTML, attributes, comment ends, control
//! characters), are generated one product at a time. Operations are GET or POST and may have paging
//! (`x-acs-pagination`), a time range (`x-acs-time-range`), object and list parameters in every
//! `x-acs-serialization` style (`json`, `simple`, `flat`), parameters in the form body
//! (`x-acs-position: body`, POST only) and JSON-in-string response fields (`x-acs-json-string`), all
//! with hostile names. Each product the generator rejects must be
//! rejected with a diagnostic, never a panic. The accepted ones are generated together into one crate,
//! which must pass `cargo check`, `cargo doc` with warnings denied (no broken link or HTML), and hold
//! no doc block rustdoc would compile or run other than the generator's own `no_run` examples.
//!
//! Size: `RANDOM_SPEC_CRATES` crates (default 1 in CI) of `RANDOM_SPEC_PRODUCTS` tried products
//! (default 48; about one in eight is accepted, the rest are rejected with a diagnostic). The compiled
//! sample must hold each of the features above at least once. The first crate compiles the runtime's
//! dependencies into `target/random-specs`; `scripts/random-specs.sh` runs a larger sample;
//! `RANDOM_SPEC_VERBOSE=1` prints every rejection.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::CrateConfig;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};

/// Words names are made of: keywords, names the generated code uses, non-ASCII, separators.
const NAME_WORDS: &[&str] = &[
    "type",
    "Type",
    "Self",
    "self",
    "super",
    "crate",
    "mod",
    "fn",
    "async",
    "await",
    "dyn",
    "gen",
    "try",
    "union",
    "macro_rules",
    "r#x",
    "Client",
    "client",
    "Rt",
    "rt",
    "runtime",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "new",
    "default",
    "PRODUCT",
    "Größe",
    "Grüße",
    "数据",
    "ÉTAT",
    "état",
    "_",
    "x",
    "Value",
    "Map",
    "serde",
    "futures",
    "std",
    "core",
    "Request",
    "Response",
    "ErrorCode",
    "Other",
    "Unknown",
    "0",
    "9lives",
    "a-b",
    "a.b",
    "a b",
    "A_B",
    "aB",
    "Ab",
    "Id",
    "ID",
    "URL",
    "Url",
    "$",
    "@",
    "Job",
    "Name",
    "Pages",
    "Items",
];

/// Words operation ids and product codes are made of (letters and digits only, as the checker wants).
const ID_WORDS: &[&str] = &[
    "Client", "Rt", "Runtime", "New", "Std", "Core", "Serde", "Futures", "Type", "Self", "Mod",
    "Get", "List", "Describe", "Option", "Result", "Items", "Pages", "X", "Job", "Error", "Code",
    "Request", "Response", "Alloc", "Super", "Crate", "Fn", "Dyn", "Async", "Default", "Product",
    "Config",
];

/// Fragments descriptions are made of.
const PROSE: &[&str] = &[
    "```",
    "```rust",
    "```no_run",
    "~~~",
    "    ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "[x]",
    "[`Client`]",
    "[crate::x]",
    "<b>",
    "</b>",
    "<T>",
    "http://a.b/c",
    "https://x.y/<z>",
    "`",
    "``",
    "*",
    "_",
    "#",
    "# Heading",
    "#[allow(x)]",
    "#![no_std]",
    "*/",
    "/*",
    "//",
    "///",
    "\\",
    "\"",
    "'",
    "fn main() { panic!() }",
    "assert!(false);",
    "|",
    "---",
    "===",
    "1.",
    "- ",
    "> ",
    "&amp;",
    "[^1]",
    "[a]: http://x",
    "\u{2028}",
    "\u{0}",
    "\u{7}",
    "\u{feff}",
    "ö",
    "数据",
    "{",
    "}",
    "$",
    "@",
    "word",
    "The job ID.",
    "e.g.",
    "<!--",
    "-->",
    "<https://ok.example>",
];

fn pick<'a>(words: &'static [&'a str]) -> impl Strategy<Value = &'a str> {
    (0..words.len()).prop_map(move |i| words[i])
}

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(pick(NAME_WORDS), 1..3).prop_map(|w| w.concat())
}

/// A request parameter name: the hostile words that can travel in a query string (ASCII letters,
/// digits, `.` and `_`, as the checker wants).
fn wire_name() -> impl Strategy<Value = String> {
    let words: Vec<&str> = NAME_WORDS
        .iter()
        .copied()
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_'))
        })
        .collect();
    prop::collection::vec(prop::sample::select(words), 1..3).prop_map(|w| w.concat())
}

fn id() -> impl Strategy<Value = String> {
    prop::collection::vec(pick(ID_WORDS), 1..3).prop_map(|w| w.concat())
}

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec((pick(PROSE), prop::bool::ANY), 0..14).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(p, space)| if space { format!("{p} ") } else { p.to_owned() })
            .collect()
    })
}

/// One line of text (titles, versions, codes): what the checker accepts there.
fn line() -> impl Strategy<Value = String> {
    prose().prop_map(|t| {
        t.chars()
            .filter(|c| !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}'))
            .collect::<String>()
    })
}

/// A scalar schema: a string with prose, bounded integer, boolean, number, date-time, or an enum with
/// hostile variant names.
fn scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        prose().prop_map(|d| json!({"type": "string", "description": d})),
        Just(json!({"type": "integer", "format": "int64", "minimum": 1, "maximum": 10})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "string", "format": "date-time"})),
        (prop::collection::vec(name(), 1..4), prose()).prop_map(|(variants, d)| {
            let values: Vec<String> = (0..variants.len()).map(|i| format!("v{i}")).collect();
            json!({"type": "string", "description": d, "enum": values,
                   "x-enum-varnames": variants, "x-enum-descriptions": values.iter().map(|_| "").collect::<Vec<_>>()})
        }),
    ]
    .boxed()
}

/// An object with hostile property names (and maybe a title), its properties of `schema(depth)`.
fn object(depth: u32) -> BoxedStrategy<Value> {
    (
        prop::collection::vec((name(), schema(depth)), 1..4),
        prose(),
        prop::option::of(id()),
    )
        .prop_map(|(props, d, title)| {
            let mut object = json!({"type": "object", "description": d, "properties": {}});
            for (n, s) in props {
                object["properties"][n] = s;
            }
            if let Some(t) = title {
                object["title"] = json!(t);
            }
            object
        })
        .boxed()
}

/// A schema: a scalar, an enum, an array, or an object with properties (`depth` bounds nesting).
fn schema(depth: u32) -> BoxedStrategy<Value> {
    if depth == 0 {
        return scalar();
    }
    prop_oneof![
        3 => scalar(),
        1 => schema(depth - 1).prop_map(|items| json!({"type": "array", "items": items})),
        1 => object(depth - 1),
    ]
    .boxed()
}

/// A structured request parameter: its name, `x-acs-serialization`, schema, and whether it is required
/// and travels in the form body (where the operation is a POST).
fn structured() -> impl Strategy<Value = (String, &'static str, Value, bool, bool)> {
    let shape = prop_oneof![
        object(1).prop_map(|s| ("json", s)),
        schema(1).prop_map(|i| ("json", json!({"type": "array", "items": i}))),
        prop_oneof![
            Just(json!({"type": "string"})),
            Just(json!({"type": "integer", "format": "int32"})),
            Just(json!({"type": "string", "format": "date-time"})),
        ]
        .prop_map(|i| ("simple", json!({"type": "array", "items": i}))),
        object(1).prop_map(|s| ("flat", s)),
        object(1).prop_map(|i| ("flat", json!({"type": "array", "items": i}))),
        Just(("flat", json!({"type": "object"}))),
    ];
    (wire_name(), shape, prop::bool::ANY, prop::bool::ANY)
        .prop_map(|(n, (style, schema), required, body)| (n, style, schema, required, body))
}

/// What an operation has beyond scalar parameters: paging (hostile names for the page parameters,
/// the count and the items), a time range, structured parameters in every style, parameters in the
/// form body, and JSON-in-string response fields.
#[derive(Debug, Clone)]
struct Extras {
    post: bool,
    /// Page-number, page-size, total-count and items names, whether the page size is required, and
    /// the items' schema.
    paging: Option<(String, String, String, String, bool, Value)>,
    /// Start and end names, whether the start is required, and the limit in days.
    time_range: Option<(String, String, bool, u32)>,
    structured: Vec<(String, &'static str, Value, bool, bool)>,
    /// A string response property holding JSON, and that JSON's schema.
    json_strings: Vec<(String, Value)>,
}

fn extras() -> impl Strategy<Value = Extras> {
    (
        prop::bool::ANY,
        prop::option::of((
            wire_name(),
            wire_name(),
            name(),
            name(),
            prop::bool::ANY,
            object(1),
        )),
        prop::option::of((wire_name(), wire_name(), prop::bool::ANY, 1u32..60)),
        prop::collection::vec(structured(), 0..4),
        prop::collection::vec(
            (
                name(),
                prop_oneof![
                    object(1),
                    object(1).prop_map(|i| json!({"type": "array", "items": i}))
                ],
            ),
            0..3,
        ),
    )
        .prop_map(
            |(post, paging, time_range, structured, json_strings)| Extras {
                post,
                paging: paging.map(|(n, s, t, i, required, items)| {
                    (
                        format!("{n}No"),
                        format!("{s}Size"),
                        format!("{t}Total"),
                        format!("{i}List"),
                        required,
                        items,
                    )
                }),
                time_range: time_range.map(|(a, b, required, days)| {
                    (format!("{a}Start"), format!("{b}End"), required, days)
                }),
                structured,
                json_strings,
            },
        )
}

/// Adds `extras` to an operation and its response schema.
fn add_extras(op: &mut Value, response: &mut Value, parameters: &mut Vec<Value>, extras: Extras) {
    let body = |p: &mut Value, in_body: bool| {
        if in_body && extras.post {
            p["x-acs-position"] = json!("body");
        }
    };
    for (i, (n, style, schema, required, in_body)) in extras.structured.into_iter().enumerate() {
        let mut p = json!({"name": format!("{n}{i}"), "in": "query", "required": required,
            "x-acs-serialization": style, "description": "A structured parameter.", "schema": schema});
        body(&mut p, in_body);
        parameters.push(p);
    }
    if let Some((number, size, total, items, required, item)) = extras.paging {
        op["x-acs-pagination"] =
            json!({"page-number": number, "page-size": size, "total-count": total, "items": items});
        parameters.push(json!({"name": number, "in": "query", "required": false,
            "schema": {"type": "integer", "format": "int32", "minimum": 1, "default": 1}}));
        parameters.push(json!({"name": size, "in": "query", "required": required,
            "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100}}));
        response["properties"][total] = json!({"type": "integer", "format": "int64"});
        response["properties"][items] = json!({"type": "array", "items": item});
    }
    if let Some((start, end, required, days)) = extras.time_range {
        op["x-acs-time-range"] = json!({"start": start, "end": end, "max-days": days});
        for (name, required) in [(start, required), (end, false)] {
            parameters.push(json!({"name": name, "in": "query", "required": required,
                "schema": {"type": "string", "format": "date-time"}}));
        }
    }
    for (n, inner) in extras.json_strings {
        response["properties"][n] = json!({"type": "string", "description": "JSON in a string.",
            "x-acs-json-string": inner});
    }
}

fn operation() -> impl Strategy<Value = (String, Value, Value)> {
    (
        id(),
        line(),
        prose(),
        line(),
        prop::collection::vec((id(), line(), prose()), 0..3),
        prop::collection::vec((prop::bool::ANY, prose(), prop::bool::ANY), 0..3),
        prop::collection::vec((name(), schema(2)), 0..4),
        prop::option::of(id()),
        extras(),
    )
        .prop_map(
            |(op, summary, description, action, errors, params, props, title, extras)| {
                let post = extras.post;
                let mut parameters: Vec<Value> = params
                    .into_iter()
                    .enumerate()
                    .map(|(i, (required, d, in_body))| {
                        let mut p = json!({"name": format!("Param{i}"), "in": "query", "required": required,
                           "description": d, "schema": {"type": "string"}});
                        if post && in_body {
                            p["x-acs-position"] = json!("body");
                        }
                        p
                    })
                    .collect();
                let errors: Vec<Value> = errors
                .into_iter()
                .map(|(code, message, d)| {
                    json!({"status": 400, "code": code, "message": message, "description": d})
                })
                .collect();
                let response = format!("{op}Response");
                let mut schema =
                    json!({"type": "object", "properties": {"RequestId": {"type": "string"}}});
                for (n, s) in props {
                    schema["properties"][n] = s;
                }
                if let Some(t) = title {
                    schema["title"] = json!(t);
                }
                let mut body = json!({
                "operationId": op, "summary": format!("S {summary}"), "description": description,
                "x-acs-ram": {"action": format!("p:{action}"), "resource-type": "All Resource"},
                "x-acs-error-codes": errors,
                "responses": {"200": {"description": "OK", "content": {"application/json":
                    {"schema": {"$ref": format!("#/components/schemas/{response}")}}}}}});
                add_extras(&mut body, &mut schema, &mut parameters, extras);
                body["parameters"] = json!(parameters);
                let method = if post { "post" } else { "get" };
                let item = json!({ method: body });
                (op, item, schema)
            },
        )
}

fn product() -> impl Strategy<Value = String> {
    (id(), line(), line(), prose(), prop::collection::vec(operation(), 1..4)).prop_map(
        |(code, title, version, description, operations)| {
            let mut paths = serde_json::Map::new();
            let mut schemas = serde_json::Map::new();
            for (op, item, schema) in operations {
                paths.insert(format!("/#{op}"), item);
                schemas.insert(format!("{op}Response"), schema);
            }
            let doc = json!({
                "openapi": "3.0.3",
                "info": {"title": format!("T {title}"), "version": format!("1 {version}"), "description": description},
                "x-acs-product": code.to_lowercase(),
                "x-acs-style": "RPC",
                "x-acs-endpoints": {"pattern": "x.{region}.aliyuncs.com"},
                "paths": paths,
                "components": {"schemas": schemas},
            });
            serde_yaml::to_string(&doc).expect("YAML serialises")
        },
    )
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every doc line (`///`, `//!`) of `text`, without the marker and its one space.
fn doc_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|l| {
        let l = l.trim_start();
        let rest = l.strip_prefix("///").or_else(|| l.strip_prefix("//!"))?;
        Some(rest.strip_prefix(' ').unwrap_or(rest))
    })
}

/// No doc block rustdoc would compile: every fence is `text` (spec text) or `no_run` (the generator's
/// own examples), and no indented code block starts a block. Also no `#[doc]` attribute left for
/// the scan to miss.
fn no_spec_code_blocks(path: &str, text: &str) -> Result<(), String> {
    if text.contains("#[doc") || text.contains("#![doc") {
        return Err(format!(
            "{path}: a doc attribute the printer kept as an attribute"
        ));
    }
    let mut fence: Option<String> = None;
    let mut previous_blank = true;
    for line in doc_lines(text) {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        if let Some(open) = &fence {
            // Only a run of the opening character closes a fence (``` does not close ~~~).
            if marker.len() >= open.len()
                && trimmed.trim_end() == marker
                && marker.chars().all(|c| open.starts_with(c))
            {
                fence = None;
            }
        } else if marker.len() >= 3 {
            let info = trimmed[marker.len()..].trim();
            if info != "text" && info != "no_run" {
                return Err(format!("{path}: a code block rustdoc would test: {line:?}"));
            }
            fence = Some(marker);
        } else if previous_blank && line.starts_with("    ") && !trimmed.is_empty() {
            return Err(format!("{path}: an indented code block: {line:?}"));
        }
        previous_blank = trimmed.is_empty();
    }
    Ok(())
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The snapshot fixtures (tests/fixtures/specs), as `(display name, text)` in file-name order.
fn fixture_specs(root: &Path) -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures/specs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let name = format!(
                "tests/fixtures/specs/{}",
                p.file_name().unwrap().to_string_lossy()
            );
            (name, std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

#[test]
fn whatever_gen_accepts_compiles() {
    let crates = env_number("RANDOM_SPEC_CRATES", 1);
    let products = env_number("RANDOM_SPEC_PRODUCTS", 48);
    let root = workspace();
    let scratch = root.join("target/random-specs");
    let target = scratch.join("target");
    let crate_dir = scratch.join("crate");
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: 1,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut accepted_total = 0;
    // How often each feature appears in the products that were compiled (YAML as serde_yaml writes it).
    let mut covered: BTreeMap<&str, usize> = [
        "x-acs-pagination:",
        "x-acs-time-range:",
        "x-acs-serialization: json",
        "x-acs-serialization: simple",
        "x-acs-serialization: flat",
        "x-acs-position: body",
        "x-acs-json-string:",
        "post:",
    ]
    .into_iter()
    .map(|f| (f, 0))
    .collect();
    for round in 0..crates {
        // Try each product alone; keep the accepted ones with distinct module names.
        let mut accepted: Vec<(String, String)> = Vec::new();
        let mut modules = std::collections::BTreeSet::new();
        // The first crate also holds the snapshot fixtures, so each of them is known to compile too.
        if round == 0 {
            for (file, text) in fixture_specs(&root) {
                let module = text
                    .lines()
                    .find_map(|l| l.strip_prefix("x-acs-product: "))
                    .unwrap_or_default()
                    .to_owned();
                assert!(modules.insert(module), "{file}: product module used twice");
                accepted.push((file, text));
            }
        }
        for i in 0..products {
            let text = product().new_tree(&mut runner).unwrap().current();
            let file = format!("spec/p{round}_{i}.yaml");
            let result = std::panic::catch_unwind(|| {
                codegen::generate_from_sources(&[(&file, &text)], &CrateConfig::default())
            })
            .unwrap_or_else(|_| panic!("the generator panicked on:\n{text}"));
            match result {
                Ok(_) => {
                    let module = text
                        .lines()
                        .find_map(|l| l.strip_prefix("x-acs-product: "))
                        .unwrap_or_default()
                        .to_owned();
                    if modules.insert(module) {
                        *outcomes.entry("accepted".into()).or_default() += 1;
                        accepted.push((file, text));
                    }
                }
                Err(d) => {
                    if std::env::var_os("RANDOM_SPEC_VERBOSE").is_some() {
                        eprintln!("---- {file} rejected:\n{d}");
                    }
                    let first = d
                        .iter()
                        .next()
                        .map(|d| d.message.clone())
                        .unwrap_or_default();
                    // Group by the message's first words, for the summary.
                    let kind: String = first
                        .split(['`', '('])
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_owned();
                    *outcomes.entry(format!("rejected: {kind}")).or_default() += 1;
                }
            }
        }
        if accepted.is_empty() {
            continue;
        }
        accepted_total += accepted.len();
        for (_, text) in &accepted {
            for (feature, count) in covered.iter_mut() {
                *count += text.matches(feature).count();
            }
        }
        let sources: Vec<(&str, &str)> = accepted
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let config = CrateConfig {
            package_name: "random-spec-crate".into(),
            lib_name: "random_spec_crate".into(),
            standalone: Some(codegen::Standalone {
                version: "0.1.0".into(),
                runtime_path: root.join("runtime").display().to_string(),
            }),
            ..CrateConfig::default()
        };
        let files = codegen::generate_from_sources(&sources, &config)
            .unwrap_or_else(|d| panic!("products accepted alone are rejected together:\n{d}"));
        let _ = std::fs::remove_dir_all(&crate_dir);
        for (path, text) in &files {
            if let Err(e) = no_spec_code_blocks(path, text) {
                panic!("round {round}: {e}\n{text}");
            }
            let full = crate_dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            let text = if path == "Cargo.toml" {
                format!("{text}\n[workspace]\n")
            } else {
                text.clone()
            };
            std::fs::write(full, text).unwrap();
        }
        // The workspace's lock file, so the dependencies are the versions CI already has.
        std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
        let keep = |e: String| {
            for (name, text) in &accepted {
                eprintln!("---- {name}\n{text}");
            }
            panic!(
                "round {round}: {e}\n(the crate is in {})",
                crate_dir.display()
            )
        };
        // Every product module and `test-util` (the embedded example responses), and no TLS
        // backend: it is the runtime's code, not generated, and building its C code would take
        // most of the test's time.
        let features = modules
            .iter()
            .cloned()
            .chain(["test-util".to_owned()])
            .collect::<Vec<_>>()
            .join(",");
        for command in [&["check"][..], &["doc", "--no-deps"][..]] {
            let mut args = command.to_vec();
            args.extend([
                "-q",
                "--offline",
                "--no-default-features",
                "--features",
                &features,
            ]);
            cargo(&crate_dir, &target, &args).unwrap_or_else(keep);
        }
    }
    println!(
        "{crates} crate(s), {accepted_total} products compiled; outcomes: {outcomes:#?}; \
         features compiled: {covered:#?}"
    );
    assert!(
        accepted_total > 0,
        "no random product was accepted: {outcomes:#?}"
    );
    // The sample that was compiled had every request and response feature at least once.
    for (feature, count) in &covered {
        assert!(
            *count > 0,
            "no compiled product had {feature}: {covered:#?}"
        );
    }
}

/// The string_enum fixture with `(from, to)` edits (each `from` must occur once).
fn fixture_with(edits: &[(&str, &str)]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs/string_enum.yaml");
    let mut text = std::fs::read_to_string(path).unwrap();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from:?}");
        text = text.replacen(from, to, 1);
    }
    text
}

fn generate(text: &str) -> Result<codegen::Files, String> {
    codegen::generate_from_sources(&[("spec/demo.yaml", text)], &CrateConfig::default())
        .map_err(|d| d.to_string())
}

/// Each of these once passed `gen` and produced a crate that did not compile.
#[test]
fn names_the_generated_crate_uses_are_refused() {
    let rename = |to: &str| {
        fixture_with(&[
            ("  /#ListJobs:\n", &format!("  /#{to}:\n")),
            (
                "      operationId: ListJobs\n",
                &format!("      operationId: {to}\n"),
            ),
        ])
    };
    for (op, module) in [
        ("Client", "client"),
        ("Rt", "rt"),
        ("New", "new"),
        ("Futures", "futures"),
    ] {
        let e = generate(&rename(op)).expect_err(op);
        assert!(
            e.contains(&format!("would become the module `{module}`")),
            "{e}"
        );
    }
    let e = generate(&fixture_with(&[(
        "x-acs-product: strenum\n",
        "x-acs-product: runtime\n",
    )]))
    .unwrap_err();
    assert!(e.contains("makes the module `runtime`"), "{e}");
    // A product's cargo feature is its module name (found by the random specs at 4 crates: a
    // product `default` wrote a second `default` feature into Cargo.toml).
    for product in ["default", "tls", "test"] {
        let e = generate(&fixture_with(&[(
            "x-acs-product: strenum\n",
            &format!("x-acs-product: {product}\n"),
        )]))
        .unwrap_err();
        assert!(
            e.contains(&format!("makes the cargo feature `{product}`")),
            "{e}"
        );
    }
}

/// `Größe` and `Grüße` once both became the field `gr__e`.
#[test]
fn non_ascii_names_stay_distinct() {
    let spec = fixture_with(&[(
        "        Priority:\n",
        "        Größe:\n          type: string\n        Grüße:\n          type: string\n        Priority:\n",
    )]);
    let files = generate(&spec).unwrap();
    // The response struct is defined in the product's types module.
    let module = &files["src/strenum/types.rs"];
    assert!(module.contains("pub gr_u00f6_u00df_e:"), "{module}");
    assert!(module.contains("pub gr_u00fc_u00df_e:"), "{module}");
    syn::parse_file(module).unwrap();
}

/// A fenced or indented block in a description once became a doctest of the generated crate.
#[test]
fn spec_text_never_becomes_a_doctest() {
    let spec = fixture_with(&[(
        "      summary: Lists jobs by status.\n",
        "      summary: Lists jobs by status.\n      description: \"Example:\\n```\\nassert!(false);\\n```\\n\\n    assert!(false);\\n~~~rust\\npanic!()\"\n",
    )]);
    let files = generate(&spec).unwrap();
    for (path, text) in &files {
        no_spec_code_blocks(path, text).unwrap();
    }
    let module = &files["src/strenum/list_jobs.rs"];
    assert!(
        module.contains("//! ```text\n//! assert!(false);\n//! ```"),
        "{module}"
    );
    // A list item whose text starts after five spaces is an indented code block in markdown.
    let spec = fixture_with(&[(
        "      summary: Lists jobs by status.\n",
        "      summary: \"-      assert!(false);\"\n      description: \"- a\\n-      assert!(false);\\n1.       panic!()\"\n",
    )]);
    let files = generate(&spec).unwrap();
    let module = &files["src/strenum/list_jobs.rs"];
    assert!(module.contains("//! - assert!(false);"), "{module}");
    assert!(module.contains("//! 1. panic!()"), "{module}");
}
