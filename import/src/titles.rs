//! Titles (Rust type names) for enums, inline objects and array items, unique within the operation
//! because each operation is its own Rust module.

use std::collections::BTreeSet;

use crate::model::{Parameter, Schema, Ty};
use crate::naming::{from_leaked, is_generic, operation_noun, short_noun, singular};
use crate::report::Doubt;

struct Namer<'a> {
    action: &'a str,
    used: BTreeSet<String>,
    doubts: &'a mut Vec<Doubt>,
}

impl Namer<'_> {
    /// Claims `wanted`, or a prefixed variant of it when another type in the module already has it.
    fn claim(&mut self, wanted: String, prefix: &str, line: usize) -> String {
        let reserved = [
            format!("{}Request", self.action),
            format!("{}Response", self.action),
            format!("{}ErrorCode", self.action),
        ];
        if !self.used.contains(&wanted) && !reserved.contains(&wanted) {
            self.used.insert(wanted.clone());
            return wanted;
        }
        let mut candidate = format!("{prefix}{wanted}");
        let mut n = 2;
        while self.used.contains(&candidate) || reserved.contains(&candidate) {
            candidate = format!("{prefix}{wanted}{n}");
            n += 1;
        }
        self.doubts.push(Doubt::new(
            line,
            format!("the type name {wanted} is taken in this operation; {candidate} used instead"),
        ));
        self.used.insert(candidate.clone());
        candidate
    }

    fn enum_title(&mut self, field: &str, parent: Option<&str>, line: usize) -> String {
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
        let prefix = parent.map_or_else(|| short_noun(self.action), str::to_owned);
        self.claim(wanted, &prefix, line)
    }

    fn schema(
        &mut self,
        name: &str,
        schema: &mut Schema,
        parent: Option<&str>,
        item_title: Option<String>,
    ) {
        if schema.enumeration.is_some() {
            schema.title = Some(self.enum_title(name, parent, schema.line));
        }
        match schema.ty {
            Ty::Object => {
                let wanted = item_title.unwrap_or_else(|| name.to_owned());
                let title = if parent.is_none() && name.is_empty() {
                    None // the response root is a component named <Action>Response
                } else {
                    Some(self.claim(wanted, parent.unwrap_or(""), schema.line))
                };
                schema.title.clone_from(&title);
                let here = title.clone();
                for (n, p) in &mut schema.properties {
                    self.schema(n, p, here.as_deref(), None);
                }
            }
            Ty::Array => {
                if let Some(item) = schema.items.as_deref_mut() {
                    let t = item_title.unwrap_or_else(|| singular(name));
                    if item.ty == Ty::Object {
                        self.schema(name, item, parent, Some(t));
                    } else {
                        self.schema(name, item, parent, None);
                    }
                }
            }
            _ => {}
        }
        if let Some(inner) = schema.json_string.as_deref_mut() {
            if let Some(item) = inner.items.as_deref_mut() {
                if let Some(t) = item.title.take() {
                    item.title = Some(self.claim(t, name, schema.line));
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
    doubts: &mut Vec<Doubt>,
) {
    let mut namer = Namer {
        action,
        used: BTreeSet::new(),
        doubts,
    };
    for p in parameters.iter_mut() {
        if p.schema.enumeration.is_some() {
            p.schema.title = Some(namer.enum_title(&p.name, None, p.schema.line));
        }
    }
    // The list call's items take the operation's noun (ListLiveTranscodeJobs → LiveTranscodeJob).
    let arrays: Vec<String> = response
        .properties
        .iter()
        .filter(|(_, s)| s.ty == Ty::Array)
        .map(|(n, _)| n.clone())
        .collect();
    let list_items = (action.starts_with("List") && arrays.len() == 1).then(|| arrays[0].clone());
    for (name, property) in &mut response.properties {
        let item_title = if property.ty == Ty::Array {
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
        namer.schema(name, property, None, item_title);
    }
}
