//! One scalar row of a table as a schema: its type word, description, example, value list and default,
//! each read with the evidence the page gives and every judgement reported.

use codegen::spec::Schema;
use serde_json::Value;

use crate::describe::{Described, ValueList, describe};
use crate::lines::Line;
use crate::page::clip;
use crate::report::Doubt;
use crate::schema::{self, Format, Ty};
use crate::table::Row;

/// A typed scalar row: its schema (type, format, enum, limits), what the description says, the example.
pub struct Scalar {
    pub schema: Schema,
    pub described: Described,
    pub example: Option<Value>,
}

/// Splits a scalar row's content into description lines and the example (the last line).
fn split_example<'p>(
    row: &Row<'p>,
    doubts: &mut Vec<Doubt>,
) -> (&'p [Line<'p>], Option<&'p Line<'p>>) {
    let name = row.name.unwrap_or("the item");
    match row.content.split_last() {
        Some((last, rest)) if !rest.is_empty() && last.indent == 0 && last.bullet().is_none() => {
            (rest, Some(last))
        }
        Some(_) => {
            doubts.push(Doubt::new(
                row.line,
                format!(
                    "{name} has no example (one line after the type: taken as the description)"
                ),
            ));
            (row.content, None)
        }
        None => {
            doubts.push(Doubt::new(
                row.line,
                format!("{name} has neither a description nor an example"),
            ));
            (&[], None)
        }
    }
}

/// The type and format for a page's type word; an unknown word is a doubt and reads as a string.
pub fn type_word(row: &Row, doubts: &mut Vec<Doubt>) -> (Ty, Option<Format>) {
    let name = row.name.unwrap_or("the item");
    match row.ty {
        "string" => (Ty::String, None),
        "integer" | "int" => (
            Ty::Integer,
            Some(if name.ends_with("TotalCount") {
                Format::Int64
            } else {
                Format::Int32
            }),
        ),
        "long" | "int64" => (Ty::Integer, Some(Format::Int64)),
        "int32" => (Ty::Integer, Some(Format::Int32)),
        "number" => (Ty::Number, None),
        "float" => (Ty::Number, Some(Format::Float)),
        "double" => (Ty::Number, Some(Format::Double)),
        "boolean" => (Ty::Boolean, None),
        // `map`: free-form keys, as the response pages write a map.
        "object" | "map" => (Ty::Object, None),
        t if t.starts_with("array") => (Ty::Array, None),
        other => {
            doubts.push(Doubt::new(
                row.line,
                format!("unknown type `{other}` for {name}; taken as string (edit the spec if it is not)"),
            ));
            (Ty::String, None)
        }
    }
}

fn is_time_name(name: &str) -> bool {
    name.ends_with("Time") || name == "LastModified"
}

/// `text` as a value of type `ty`, or `None` when it is not one.
pub fn parse_as(ty: Ty, text: &str) -> Option<Value> {
    match ty {
        Ty::Integer => text.parse::<i64>().ok().map(Value::from),
        Ty::Number => text
            .parse::<f64>()
            .ok()
            .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number)),
        Ty::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Ty::Object => serde_json::from_str::<Value>(text)
            .ok()
            .filter(Value::is_object),
        _ => Some(Value::String(text.to_owned())),
    }
}

/// An integer value beyond 32 bits makes an `int32` field `int64`: the pages write `integer` for
/// millisecond timestamps too.
fn widen(schema: &mut Schema, value: &Value, name: &str, line: usize, doubts: &mut Vec<Doubt>) {
    let big = value.as_i64().is_some_and(|n| i32::try_from(n).is_err());
    if big && schema.format == Some(Format::Int32) {
        schema.format = Some(Format::Int64);
        doubts.push(Doubt::new(
            line,
            format!("{name}: the page says integer, but {value} needs 64 bits; format int64"),
        ));
    }
}

/// Type, format, description, example and enum of a scalar row.
pub fn read(row: &Row, doubts: &mut Vec<Doubt>) -> Scalar {
    let name = row.name.unwrap_or("the item");
    let (ty, format) = type_word(row, doubts);
    let (desc_lines, example_line) = split_example(row, doubts);
    let mut described = describe(desc_lines);
    doubts.append(&mut described.doubts);
    let mut schema = schema::new(ty);
    schema.format = format;
    let example = example_line.and_then(|l| {
        let value = parse_as(ty, l.text);
        if value.is_none() {
            // Text stands for a scalar as it is; an object's example must be one.
            let kept = if ty == Ty::Object {
                "left out"
            } else {
                "kept as text"
            };
            doubts.push(Doubt::new(
                l.no,
                format!(
                    "{name}: the example `{}` is not a {}; {kept}",
                    clip(l.text),
                    schema::ty_name(Some(ty))
                ),
            ));
        }
        value.or_else(|| (ty != Ty::Object).then(|| Value::String(l.text.to_owned())))
    });
    if ty == Ty::String && is_time_name(name) {
        match example.as_ref().and_then(Value::as_str) {
            Some(e) if !codegen::check::is_date_time(e) => doubts.push(Doubt::new(
                row.line,
                format!("{name} looks like a time, but its example `{e}` is not a date-time; kept a plain string"),
            )),
            _ => schema.format = Some(Format::DateTime),
        }
    }
    if let Some(e) = &example {
        widen(&mut schema, e, name, row.line, doubts);
    }
    if let Some(list) = pick_reading(name, &described, example.as_ref(), doubts) {
        enumeration(&mut schema, name, &list, doubts);
        if let (Some(values), Some(ex)) = (&schema.rare.enum_values, &example) {
            if !values.contains(ex) {
                doubts.push(Doubt::new(
                    row.line,
                    format!("{name}: the example {ex} is not one of the valid values, so the list may not be complete; no enum made (the values stay in the description)"),
                ));
                open_list(&mut schema);
            }
        }
    }
    Scalar {
        schema,
        described,
        example,
    }
}

/// Drops the enum of a list the example contradicts: the reading that generates.
pub fn open_list(schema: &mut Schema) {
    schema.rare.enum_values = None;
    schema.rare.enum_varnames = None;
    schema.rare.enum_descriptions = None;
}

/// Which way round a `• X :` ↵ `Y` value table reads: the reading that holds the example wins, then
/// the one whose values are all single tokens; otherwise Y is the value, and the report says so.
fn pick_reading(
    name: &str,
    described: &Described,
    example: Option<&Value>,
    doubts: &mut Vec<Doubt>,
) -> Option<ValueList> {
    let values = described.values.clone()?;
    let Some(swapped) = described.swapped.clone() else {
        return Some(values);
    };
    let example = example.map(|e| match e {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let holds = |l: &ValueList| example.as_deref().is_some_and(|e| l.contains(e));
    let tokens = |l: &ValueList| l.values.iter().all(|v| crate::values::is_token(&v.value));
    let (chosen, why) = match (holds(&values), holds(&swapped)) {
        (true, false) => (values, "the example is among the second lines"),
        (false, true) => (swapped, "the example is among the first lines"),
        _ => match (tokens(&values), tokens(&swapped)) {
            (false, true) => (swapped, "only the first lines are single words"),
            (true, false) => (values, "only the second lines are single words"),
            _ => {
                doubts.push(Doubt::new(
                    values.line,
                    format!("{name}: the value table (`• X :` then `Y`) can be read either way round and nothing on the page decides; Y taken as the value (edit the enum in the spec if X is)"),
                ));
                return Some(values);
            }
        },
    };
    doubts.push(Doubt::new(
        chosen.line,
        format!(
            "{name}: the value table's entries read as value `{}`, title `{}` because {why}",
            chosen.values.first().map_or("", |v| v.value.as_str()),
            chosen.values.first().map_or("", |v| v.meaning.as_str()),
        ),
    ));
    Some(chosen)
}

/// Sets the schema's enum from a value list, when the values fit its type.
fn enumeration(schema: &mut Schema, name: &str, list: &ValueList, doubts: &mut Vec<Doubt>) {
    let ty = schema.ty.unwrap_or(Ty::String);
    let mut values = Vec::new();
    for v in &list.values {
        match ty {
            Ty::Integer | Ty::String => {
                match parse_as(ty, &v.value) {
                    Some(n) => values.push(n),
                    None => {
                        doubts.push(Doubt::new(list.line, format!("{name} is an integer but its valid value `{}` is not; no enum made", v.value)));
                        return;
                    }
                }
            }
            other => {
                doubts.push(Doubt::new(
                    list.line,
                    format!(
                        "{name}: valid values on a {} field; no enum made",
                        schema::ty_name(Some(other))
                    ),
                ));
                return;
            }
        }
    }
    for v in &values {
        widen(schema, v, name, list.line, doubts);
    }
    let mut varnames: Vec<String> = Vec::new();
    let mut derived = Vec::new();
    for v in &list.values {
        let (mut n, from_meaning) = codegen::naming::inline::varname(&v.value, &v.meaning);
        if n == "Unknown" {
            n = "UnknownValue".into();
        }
        if from_meaning {
            derived.push(format!("{} → {n}", v.value));
        }
        if varnames.contains(&n) {
            doubts.push(Doubt::new(
                list.line,
                format!("{name}: two values both make the variant {n}; numbered"),
            ));
            n = format!("{n}{}", varnames.len() + 1);
        }
        varnames.push(n);
    }
    if !derived.is_empty() {
        doubts.push(Doubt::new(
            list.line,
            format!(
                "{name}: variant names derived from the meanings ({}); check them",
                derived.join(", ")
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if !values.iter().all(|v| seen.insert(v.to_string())) {
        doubts.push(Doubt::new(
            list.line,
            format!("{name}: a valid value is listed twice; no enum made"),
        ));
        return;
    }
    schema.rare.enum_values = Some(values);
    schema.rare.enum_varnames = Some(varnames);
    schema.rare.enum_descriptions = Some(list.values.iter().map(|v| v.meaning.clone()).collect());
}

/// The default the description states, typed like the field ("Default value: false" is `false`).
pub fn default(
    schema: &mut Schema,
    name: &str,
    line: usize,
    d: &Described,
    doubts: &mut Vec<Doubt>,
) {
    if let Some(text) = &d.default {
        let ty = schema.ty.unwrap_or(Ty::String);
        match parse_as(ty, text) {
            Some(v) if schema.rare.enum_values.as_ref().is_none_or(|e| e.contains(&v)) => {
                widen(schema, &v, name, line, doubts);
                schema.rare.default = Some(v);
            }
            _ => doubts.push(Doubt::new(line, format!("{name}: the default `{text}` does not fit the type or the valid values; not applied"))),
        }
        return;
    }
    // "By default, the query results are sorted ... in descending order."
    let (Some(values), Some(text)) = (&schema.rare.enum_values, &d.text) else {
        return;
    };
    let by_default = text.find("By default").map(|at| {
        let sentence = &text[at..];
        sentence.find('.').map_or(sentence, |end| &sentence[..end])
    });
    let pick = by_default.and_then(|s| {
        if s.contains("descending") {
            Some("desc")
        } else if s.contains("ascending") {
            Some("asc")
        } else {
            None
        }
    });
    if let Some(v) = pick
        .map(|p| Value::String(p.into()))
        .filter(|v| values.contains(v))
    {
        doubts.push(Doubt::new(
            line,
            format!(
                "{name}: \"{}.\" is expressed as default {}",
                by_default.unwrap_or(""),
                v.as_str().unwrap_or("")
            ),
        ));
        schema.rare.default = Some(v);
    }
}
