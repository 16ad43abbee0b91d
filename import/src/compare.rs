//! Semantic differences between two operations as codegen loads them: what a reviewer needs to see
//! before an import replaces a hand-edited operation, and what the tests compare against the
//! hand-written spec. Formatting (quoting, folding, key order) is not a difference.

use std::fmt;

use codegen::spec::{Document, Operation, Schema};
use serde_json::Value;

/// One difference: where, and the two values (existing first, imported second).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub path: String,
    pub existing: String,
    pub imported: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:\n    spec:   {}\n    import: {}",
            self.path, self.existing, self.imported
        )
    }
}

struct Differ<'a> {
    left: &'a Document,
    right: &'a Document,
    out: Vec<Difference>,
}

fn show<T: fmt::Debug>(v: &Option<T>) -> String {
    match v {
        Some(v) => format!("{v:?}"),
        None => "(none)".into(),
    }
}

fn show_json(v: &Option<Value>) -> String {
    v.as_ref().map_or_else(|| "(none)".into(), Value::to_string)
}

impl<'a> Differ<'a> {
    fn note(&mut self, path: &str, existing: String, imported: String) {
        if existing != imported {
            self.out.push(Difference {
                path: path.to_owned(),
                existing,
                imported,
            });
        }
    }

    fn resolve(doc: &'a Document, s: &'a Schema) -> &'a Schema {
        s.reference
            .as_deref()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .and_then(|n| doc.components.schemas.get(n))
            .unwrap_or(s)
    }

    fn schema(&mut self, path: &str, a: &'a Schema, b: &'a Schema, depth: usize) {
        if depth > 64 {
            return;
        }
        let (a, b) = (Self::resolve(self.left, a), Self::resolve(self.right, b));
        self.note(&format!("{path}.type"), show(&a.ty), show(&b.ty));
        self.note(&format!("{path}.format"), show(&a.format), show(&b.format));
        self.note(&format!("{path}.title"), show(&a.title), show(&b.title));
        self.note(
            &format!("{path}.description"),
            show(&a.description),
            show(&b.description),
        );
        self.note(
            &format!("{path}.example"),
            show_json(&a.example),
            show_json(&b.example),
        );
        self.note(
            &format!("{path}.default"),
            show_json(&a.default),
            show_json(&b.default),
        );
        self.note(
            &format!("{path}.minimum"),
            show(&a.minimum),
            show(&b.minimum),
        );
        self.note(
            &format!("{path}.maximum"),
            show(&a.maximum),
            show(&b.maximum),
        );
        self.note(
            &format!("{path}.minLength"),
            show(&a.min_length),
            show(&b.min_length),
        );
        self.note(
            &format!("{path}.maxLength"),
            show(&a.max_length),
            show(&b.max_length),
        );
        self.note(
            &format!("{path}.pattern"),
            show(&a.pattern),
            show(&b.pattern),
        );
        self.note(
            &format!("{path}.enum"),
            show(&a.enum_values),
            show(&b.enum_values),
        );
        self.note(
            &format!("{path}.x-enum-varnames"),
            show(&a.enum_varnames),
            show(&b.enum_varnames),
        );
        self.note(
            &format!("{path}.x-enum-descriptions"),
            show(&a.enum_descriptions),
            show(&b.enum_descriptions),
        );
        self.note(
            &format!("{path}.required"),
            format!("{:?}", a.required),
            format!("{:?}", b.required),
        );
        let names = |s: &Schema| s.properties.keys().cloned().collect::<Vec<_>>();
        for (name, pa) in &a.properties {
            match b.properties.get(name) {
                Some(pb) => self.schema(&format!("{path}.{name}"), pa, pb, depth + 1),
                None => self.note(
                    &format!("{path}.{name}"),
                    "present".into(),
                    "missing".into(),
                ),
            }
        }
        for name in b
            .properties
            .keys()
            .filter(|n| !a.properties.contains_key(*n))
        {
            self.note(
                &format!("{path}.{name}"),
                "missing".into(),
                "present".into(),
            );
        }
        let (na, nb) = (names(a), names(b));
        if na.len() == nb.len() && na.iter().all(|n| nb.contains(n)) {
            self.note(
                &format!("{path} (property order)"),
                na.join(", "),
                nb.join(", "),
            );
        }
        match (&a.items, &b.items) {
            (Some(ia), Some(ib)) => self.schema(&format!("{path}[]"), ia, ib, depth + 1),
            (None, None) => {}
            (ia, ib) => self.note(
                &format!("{path}.items"),
                show(&ia.as_ref().map(|_| "items")),
                show(&ib.as_ref().map(|_| "items")),
            ),
        }
        match (&a.json_string, &b.json_string) {
            (Some(ja), Some(jb)) => {
                self.schema(&format!("{path}.x-acs-json-string"), ja, jb, depth + 1)
            }
            (None, None) => {}
            (ja, jb) => self.note(
                &format!("{path}.x-acs-json-string"),
                show(&ja.as_ref().map(|_| "shape")),
                show(&jb.as_ref().map(|_| "shape")),
            ),
        }
    }

    fn operation(&mut self, a: &'a Operation, b: &'a Operation) {
        self.note("summary", a.summary.clone(), b.summary.clone());
        self.note("description", show(&a.description), show(&b.description));
        self.note("x-acs-ram", format!("{:?}", a.ram), format!("{:?}", b.ram));
        self.note("x-acs-qps-limit", show(&a.qps_limit), show(&b.qps_limit));
        self.note("x-acs-pagination", show(&a.pagination), show(&b.pagination));
        self.note("x-acs-time-range", show(&a.time_range), show(&b.time_range));
        let count = a.error_codes.len().max(b.error_codes.len());
        for i in 0..count {
            self.note(
                &format!("x-acs-error-codes[{i}]"),
                show(&a.error_codes.get(i)),
                show(&b.error_codes.get(i)),
            );
        }
        for pa in &a.parameters {
            let path = format!("parameters.{}", pa.name);
            let Some(pb) = b.parameters.iter().find(|p| p.name == pa.name) else {
                self.note(&path, "present".into(), "missing".into());
                continue;
            };
            self.note(
                &format!("{path}.required"),
                pa.required.to_string(),
                pb.required.to_string(),
            );
            self.note(
                &format!("{path}.description"),
                show(&pa.description),
                show(&pb.description),
            );
            self.note(
                &format!("{path}.example"),
                show_json(&pa.example),
                show_json(&pb.example),
            );
            self.schema(&format!("{path}.schema"), &pa.schema, &pb.schema, 0);
        }
        for pb in b
            .parameters
            .iter()
            .filter(|pb| !a.parameters.iter().any(|pa| pa.name == pb.name))
        {
            self.note(
                &format!("parameters.{}", pb.name),
                "missing".into(),
                "present".into(),
            );
        }
        let order = |o: &Operation| {
            o.parameters
                .iter()
                .map(|p| p.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        self.note("parameters (order)", order(a), order(b));
        let media = |o: &'a Operation| {
            o.responses
                .get("200")
                .and_then(|r| r.content.get("application/json"))
        };
        match (media(a), media(b)) {
            (Some(ma), Some(mb)) => {
                self.schema("response", &ma.schema, &mb.schema, 0);
                self.note(
                    "response example",
                    show_json(&ma.example),
                    show_json(&mb.example),
                );
            }
            (ma, mb) => self.note(
                "responses.200",
                show(&ma.map(|_| "json")),
                show(&mb.map(|_| "json")),
            ),
        }
    }
}

/// Every difference between the two operations (each resolved against its own document).
pub fn operations(
    left_doc: &Document,
    left: &Operation,
    right_doc: &Document,
    right: &Operation,
) -> Vec<Difference> {
    let mut d = Differ {
        left: left_doc,
        right: right_doc,
        out: Vec::new(),
    };
    d.operation(left, right);
    d.out
}

/// The operation for `action` in a document, with its method.
pub fn find<'a>(doc: &'a Document, action: &str) -> Option<(&'static str, &'a Operation)> {
    let item = doc.paths.get(&format!("/#{action}"))?;
    item.get
        .as_ref()
        .map(|o| ("get", o))
        .or_else(|| item.post.as_ref().map(|o| ("post", o)))
}
