//! Titles (Rust type names) for enums, inline objects and array items, unique within the operation
//! because each operation is its own Rust module. A name the generated code already uses (`Option`,
//! `Client`, `<Action>Request`, ...) is renamed, not left for the generator to reject.

use std::collections::BTreeSet;

use codegen::naming::RESERVED_TYPE_NAMES;
use codegen::spec::{Parameter, Schema};

use crate::report::Doubt;
use crate::schema::{self, Lines, Ty};
use codegen::naming::inline::{from_leaked, is_generic, operation_noun, short_noun, singular};

struct Namer<'a> {
    action: &'a str,
    used: BTreeSet<String>,
    lines: &'a Lines,
    doubts: &'a mut Vec<Doubt>,
}

impl Namer<'_> {
    fn taken(&self, name: &str) -> bool {
        self.used.contains(name)
            || RESERVED_TYPE_NAMES.contains(&name)
            || [
                format!("{}Request", self.action),
                format!("{}Response", self.action),
                format!("{}ErrorCode", self.action),
            ]
            .iter()
            .any(|r| r == name)
    }

    /// Claims `wanted`, or a prefixed variant of it when the module or the generated code has it.
    fn claim(&mut self, wanted: String, prefix: &str, path: &str) -> String {
        // The generator wants UpperCamelCase (`resultItem`, `AIAgent`, `Has_b_frames` are not).
        // `camel` is not idempotent on runs of capitals (`V_AStamp` → `VAStamp` → `VaStamp`): take
        // its fixed point, which is what the checker asks for.
        let mut wanted = wanted;
        for _ in 0..4 {
            let next = codegen::naming::camel(&wanted);
            if next == wanted {
                break;
            }
            wanted = next;
        }
        if !self.taken(&wanted) {
            self.used.insert(wanted.clone());
            return wanted;
        }
        let prefix = if prefix.is_empty() {
            short_noun(self.action)
        } else {
            prefix.to_owned()
        };
        let mut candidate = format!("{prefix}{wanted}");
        let mut n = 2;
        while self.taken(&candidate) {
            candidate = format!("{prefix}{wanted}{n}");
            n += 1;
        }
        let why = if RESERVED_TYPE_NAMES.contains(&wanted.as_str()) {
            "is a name the generated code relies on"
        } else {
            "is taken in this operation"
        };
        self.doubts.push(Doubt::new(
            self.lines.of(path),
            format!("the type name {wanted} {why}; {candidate} used instead (set the schema's `title` to choose another)"),
        ));
        self.used.insert(candidate.clone());
        candidate
    }

    fn enum_title(&mut self, field: &str, parent: Option<&str>, path: &str) -> String {
        let wanted = if !is_generic(field) {
            field.to_owned()
        } else {
            match parent {
                Some(p) => format!(
                    "{}{field}",
                    p.strip_suffix("Info")
                        .filter(|s| !s.is_empty())
                        .unwrap_or(p)
                ),
                None => format!("{}{field}", short_noun(self.action)),
            }
        };
        self.claim(wanted, parent.unwrap_or(""), path)
    }

    fn schema(
        &mut self,
        name: &str,
        path: &str,
        schema: &mut Schema,
        parent: Option<&str>,
        item_title: Option<String>,
    ) {
        if schema.rare.enum_values.is_some() {
            schema.title = Some(self.enum_title(name, parent, path));
        }
        match schema.ty {
            Some(Ty::Object) => {
                let wanted = item_title.unwrap_or_else(|| name.to_owned());
                let title = if parent.is_none() && name.is_empty() {
                    None // the response root is a component named <Action>Response
                } else {
                    Some(self.claim(wanted, parent.unwrap_or(""), path))
                };
                schema.title.clone_from(&title);
                for (n, p) in &mut schema.nested.properties {
                    let child = schema::join(path, n);
                    self.schema(n, &child, p, title.as_deref(), None);
                }
            }
            Some(Ty::Array) => {
                if let Some(item) = schema.nested.items.as_deref_mut() {
                    let t = item_title.unwrap_or_else(|| singular(name));
                    let item_path = schema::join(path, "[]");
                    let title = schema::is(item, Ty::Object).then_some(t);
                    self.schema(name, &item_path, item, parent, title);
                }
            }
            _ => {}
        }
        let nested = schema.nested.existing_mut();
        if let Some(inner) = nested.and_then(|n| n.json_string.as_deref_mut()) {
            if let Some(item) = inner.nested.items.as_deref_mut() {
                if let Some(t) = item.title.take() {
                    item.title = Some(self.claim(t, name, path));
                }
            }
        }
    }
}

/// Sets every title. `leaked` maps an array's property path to the item-schema name the page leaked.
pub fn assign(
    action: &str,
    parameters: &mut [Parameter],
    response: &mut Schema,
    leaked: &[(String, String)],
    lines: &Lines,
    doubts: &mut Vec<Doubt>,
) {
    let mut namer = Namer {
        action,
        used: BTreeSet::new(),
        lines,
        doubts,
    };
    for p in parameters.iter_mut() {
        let path = format!("?{}", p.name);
        namer.schema(&p.name, &path, &mut p.schema, None, None);
    }
    // The list call's items take the operation's noun (ListLiveTranscodeJobs → LiveTranscodeJob).
    let arrays: Vec<String> = response
        .nested
        .properties
        .iter()
        .filter(|(_, s)| schema::is(s, Ty::Array))
        .map(|(n, _)| n.clone())
        .collect();
    let list_items = (action.starts_with("List") && arrays.len() == 1).then(|| arrays[0].clone());
    for (name, property) in &mut response.nested.properties {
        let item_title = if schema::is(property, Ty::Array) {
            let from_page = leaked
                .iter()
                .find(|(path, _)| path == name)
                .map(|(_, l)| from_leaked(l));
            if list_items.as_deref() == Some(name.as_str()) {
                Some(operation_noun(action))
            } else {
                from_page
            }
        } else {
            None
        };
        namer.schema(name, name, property, None, item_title);
    }
}
