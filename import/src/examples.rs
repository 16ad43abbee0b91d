//! Reconciling the field list with the JSON example: which example values disagree, which keys only
//! one of them has, and the page's broken values (trailing newlines, JSON in strings escaped twice or
//! badly quoted), which are corrected and reported.

use serde_json::Value;

use codegen::spec::Schema;

use crate::jsonstr::{looks_like_json, repair, shape};
use crate::report::Doubt;
use crate::schema::{self, Lines, Ty};

/// Walks the response schema and the (mutable, to correct) JSON example together.
pub fn reconcile(
    root: &mut Schema,
    example: Option<&mut Value>,
    lines: &Lines,
    line_of: &dyn Fn(&str) -> usize,
    doubts: &mut Vec<Doubt>,
) {
    let mut cx = Cx {
        lines,
        line_of,
        doubts,
    };
    walk(root, example, "", "", &mut cx, true, 0);
}

/// What the walk reports with: the field lines, the JSON example's line of a key, the doubts.
struct Cx<'a> {
    lines: &'a Lines,
    line_of: &'a dyn Fn(&str) -> usize,
    doubts: &'a mut Vec<Doubt>,
}

fn walk(
    schema: &mut Schema,
    json: Option<&mut Value>,
    path: &str,
    name: &str,
    cx: &mut Cx,
    compare: bool,
    depth: usize,
) {
    let line_of = cx.line_of;
    if depth > 64 {
        return;
    }
    let shown = if path.is_empty() {
        "the response".to_owned()
    } else {
        path.to_owned()
    };
    match schema.ty.unwrap_or(Ty::String) {
        Ty::Object => {
            let Some(json) = json else { return };
            let Some(map) = json.as_object_mut() else {
                if compare {
                    cx.doubts.push(Doubt::new(
                        line_of(name),
                        format!("{shown} is an object, but the JSON example has {json}"),
                    ));
                }
                return;
            };
            if compare {
                for key in map.keys() {
                    if !schema.nested.properties.contains_key(key) {
                        cx.doubts.push(Doubt::new(
                            line_of(key),
                            format!(
                                "the JSON example has {}, which the field list lacks",
                                schema::join(path, key)
                            ),
                        ));
                    }
                }
            }
            for (key, property) in &mut schema.nested.properties {
                let child = schema::join(path, key);
                walk(
                    property,
                    map.get_mut(key.as_str()),
                    &child,
                    key,
                    cx,
                    compare,
                    depth + 1,
                );
            }
        }
        Ty::Array => {
            let Some(json) = json else { return };
            let Some(items) = json.as_array_mut() else {
                if compare {
                    cx.doubts.push(Doubt::new(
                        line_of(name),
                        format!("{shown} is an array, but the JSON example has {json}"),
                    ));
                }
                return;
            };
            if let Some(item) = schema.nested.items.as_deref_mut() {
                let child = schema::join(path, "[]");
                for (i, elem) in items.iter_mut().enumerate() {
                    walk(
                        item,
                        Some(elem),
                        &child,
                        name,
                        cx,
                        compare && i == 0,
                        depth + 1,
                    );
                }
            }
        }
        _ => leaf(schema, json, &shown, name, cx, compare),
    }
}

fn leaf(
    schema: &mut Schema,
    mut json: Option<&mut Value>,
    path: &str,
    name: &str,
    cx: &mut Cx,
    compare: bool,
) {
    let row_line = cx.lines.of(path);
    let line_of = cx.line_of;
    let doubts = &mut *cx.doubts;
    // Trailing whitespace in the JSON example that the field list does not have.
    if let (Some(Value::String(js)), true) = (
        json.as_deref_mut(),
        compare || schema.rare.example.is_some(),
    ) {
        let trimmed = js.trim_end();
        let field = schema.rare.example.as_ref().and_then(Value::as_str);
        if trimmed.len() != js.len() && field.is_none_or(|f| f == trimmed) {
            let removed: String = js[trimmed.len()..].escape_default().collect();
            if compare {
                doubts.push(Doubt::new(
                    line_of(name),
                    format!("JSON example: {path} has a trailing \"{removed}\" that the field list example lacks; removed"),
                ));
            }
            let keep = trimmed.to_owned();
            *js = keep;
        }
    }
    if let (Some(Value::Object(_)), true) = (json.as_deref(), compare) {
        doubts.push(Doubt::new(
            line_of(name),
            format!("{path}: the field list says {}, but the JSON example holds an object; taken as a free-form object", schema::ty_name(schema.ty)),
        ));
        *schema = Schema {
            description: schema.description.take(),
            ..schema::new(Ty::Object)
        };
        return;
    }
    if let (Some(values), Some(js)) = (&schema.rare.enum_values, json.as_deref()) {
        if !values.contains(js) {
            doubts.push(Doubt::new(
                line_of(name),
                format!("{path}: the JSON example {js} is not one of the valid values, so the list may not be complete; no enum made"),
            ));
            crate::scalar::open_list(schema);
        }
    }
    // JSON held in a string.
    if schema::is(schema, Ty::String) {
        let mut inner: Option<Value> = None;
        if let Some(Value::String(fe)) = schema.rare.example.clone() {
            if looks_like_json(&fe) {
                match repair(&fe) {
                    Some(r) => {
                        if let Some(what) = r.repair {
                            doubts.push(Doubt::new(
                                row_line,
                                format!("{path}: the field list example {}: {what}", fe),
                            ));
                        }
                        schema.rare.example = Some(Value::String(r.text));
                        inner = Some(r.value);
                    }
                    None => doubts.push(Doubt::new(
                        row_line,
                        format!(
                            "{path}: the example looks like JSON but does not parse; kept as text"
                        ),
                    )),
                }
            }
        }
        if let Some(Value::String(js)) = json.as_deref_mut() {
            if looks_like_json(js) {
                match repair(js) {
                    Some(r) => {
                        if let (Some(what), true) = (r.repair, compare) {
                            doubts.push(Doubt::new(line_of(name), format!("JSON example: {path}: {what}")));
                        }
                        *js = r.text;
                        inner.get_or_insert(r.value);
                    }
                    None if compare => doubts.push(Doubt::new(
                        line_of(name),
                        format!("JSON example: {path} looks like JSON text but does not parse; kept as it is"),
                    )),
                    None => {}
                }
            }
        }
        if let Some(value) = inner {
            let shape = shape(name, &value);
            doubts.push(Doubt::new(
                row_line,
                format!(
                    "{path} holds JSON in a string; its inner shape ({}) is taken from the example, as the page documents none",
                    describe_shape(&shape)
                ),
            ));
            schema.nested.json_string = Some(Box::new(shape));
        }
    }
    if !compare {
        return;
    }
    let (Some(field), Some(js)) = (schema.rare.example.as_ref(), json.as_deref()) else {
        return;
    };
    let same = match (field, js) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => a == b,
    };
    if !same {
        let type_ok = matches!(
            (schema.ty.unwrap_or(Ty::String), js),
            (Ty::String, Value::String(_))
                | (Ty::Integer | Ty::Number, Value::Number(_))
                | (Ty::Boolean, Value::Bool(_))
        );
        if type_ok {
            doubts.push(Doubt::new(
                line_of(name),
                format!(
                    "{path}: the field list example is {} but the JSON example has {}; each is kept where the page has it",
                    quoted(field),
                    quoted(js)
                ),
            ));
        } else {
            doubts.push(Doubt::new(
                line_of(name),
                format!(
                    "{path}: the field list says {}, but the JSON example has {js}",
                    schema::ty_name(schema.ty)
                ),
            ));
        }
    }
}

fn describe_shape(s: &Schema) -> String {
    match (s.ty, &s.nested.items) {
        (Some(Ty::Array), Some(item)) if schema::is(item, Ty::Object) => format!(
            "an array of {} {{{}}}",
            item.title.clone().unwrap_or_default(),
            item.nested
                .properties
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (Some(Ty::Array), _) => "an array".into(),
        _ => "a free-form object".into(),
    }
}

/// A value for a message: strings in plain double quotes (no JSON escaping), others as JSON.
fn quoted(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}
