//! The request table as parameters. Object and array rows become typed parameters (nested schemas);
//! the page flattens their fields into the rows that follow, with nothing to mark where they end, so
//! the nesting is decided from evidence: the keys of the object's example, repeated names, and the
//! row kinds. Every decision without an example is reported with its line.

use std::collections::HashSet;

use codegen::spec::{Parameter, ParameterLocation, ParameterPosition, Schema};
use serde_json::Value;

use crate::describe::{StatedLimits, describe};
use crate::overrides::{Overrides, field_path};
use crate::report::Doubt;
use crate::scalar;
use crate::schema::{self, Lines, Ty};
use crate::table::{Row, is_type};

/// An object or array row whose fields are being collected.
struct Open {
    name: String,
    path: String,
    line: usize,
    required: bool,
    description: Option<String>,
    /// The row's type: an object, or an array whose items are objects.
    array: bool,
    example: Option<Value>,
    /// The row's value as its own example or an enclosing row's example shows it: where the nested
    /// rows' field names come from.
    value: Option<Value>,
    /// The field names that value shows, when it shows any.
    keys: Option<HashSet<String>>,
    fields: Schema,
    /// The item type an array row names on a line of its own (the item row), when it is a scalar:
    /// such an array has no fields.
    scalar_items: Option<Schema>,
    /// The last line of a field taken without an example's say-so (for the report).
    guessed: Option<(usize, usize)>,
}

/// A parameter, in the query string unless a flag says otherwise.
pub fn parameter(
    name: String,
    required: bool,
    description: Option<String>,
    schema: Schema,
    example: Option<Value>,
) -> Parameter {
    Parameter {
        name,
        location: ParameterLocation::Query,
        position: ParameterPosition::Query,
        serialization: None,
        required,
        description,
        schema,
        example,
    }
}

/// The JSON in an object row's last line, when it is an object or an array of objects.
fn object_example(row: &Row) -> Option<(Value, HashSet<String>)> {
    let last = row.content.last()?;
    let value: Value = serde_json::from_str(last.text).ok()?;
    let keys = keys_of(&value)?;
    Some((value, keys))
}

/// The field names an object value (or a list of them) shows.
fn keys_of(value: &Value) -> Option<HashSet<String>> {
    let keys = match value {
        Value::Object(m) => m.keys().cloned().collect(),
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|m| m.keys().cloned())
            .collect(),
        _ => return None,
    };
    Some(keys)
}

/// What an enclosing row's value shows for its field `name` (in its first element, for a list).
fn field_value(parent: &Open, name: &str) -> Option<Value> {
    let value = parent.value.as_ref()?;
    let object = match value {
        Value::Array(items) => items.iter().find_map(Value::as_object)?,
        other => other.as_object()?,
    };
    object.get(name).cloned()
}

/// An object or array row, opened to collect its fields. Without an example of its own, the
/// enclosing row's example tells its fields (that example shows the nested value too).
fn open(row: &Row, path: String, parent: Option<&Open>, overrides: &Overrides) -> Open {
    let evidence = object_example(row);
    let given: Option<HashSet<String>> = overrides
        .fields_of(&path)
        .map(|f| f.iter().cloned().collect());
    let mut lines = if evidence.is_some() {
        &row.content[..row.content.len() - 1]
    } else {
        row.content
    };
    // An item row inside the cell (`array<object>`, or `string` then its description and example).
    let mut scalar_items = None;
    if let Some(at) = lines.iter().position(|l| l.indent == 0 && is_type(l.text)) {
        let item = Row {
            line: lines[at].no,
            name: None,
            ty: lines[at].text,
            required: None,
            content: &lines[at + 1..],
        };
        if !item.is_container() {
            let mut quiet = Vec::new();
            scalar_items = Some(scalar::read(&item, &mut quiet).schema);
        }
        lines = &lines[..at];
    }
    let (example, value, keys) = match evidence {
        Some((v, k)) => (Some(v.clone()), Some(v), given.or(Some(k))),
        None if given.is_some() => (None, None, given),
        None => {
            let inherited = parent.and_then(|p| field_value(p, row.name?));
            let keys = inherited.as_ref().and_then(keys_of);
            (None, inherited, keys)
        }
    };
    Open {
        name: row.name.unwrap_or_default().to_owned(),
        path,
        line: row.line,
        required: row.required.unwrap_or(false),
        description: describe(lines).text,
        array: row.ty.starts_with("array"),
        example,
        value,
        keys,
        fields: schema::new(Ty::Object),
        scalar_items,
        guessed: None,
    }
}

/// Whether `row` is a field of the open object `o`.
fn belongs(o: &Open, row: &Row) -> bool {
    let name = row.name.unwrap_or("");
    if o.fields.nested.properties.contains_key(name) {
        return false; // a repeated name starts another object's fields
    }
    match &o.keys {
        Some(keys) => keys.contains(name),
        // An array of scalars has no fields.
        None if o.scalar_items.is_some() => false,
        // No example: the fields run on until a name repeats; an object row nests as the first
        // field, and after other fields starts a sibling.
        None => {
            !row.is_container()
                || array_items(row).is_some()
                || o.fields.nested.properties.is_empty()
        }
    }
}

/// Closes `o` into its parameter and reports how its extent was decided.
fn close(o: Open, doubts: &mut Vec<Doubt>) -> Parameter {
    let shown = o.path.trim_start_matches('?');
    let path = field_path(&o.path);
    if let Some((first, last)) = o.guessed {
        doubts.push(Doubt::new(
            o.line,
            format!(
                "{shown}: the page does not mark where its fields end and the row has no example to tell; lines {first}–{last} taken as its fields; if that is wrong, pass --fields {path}=NAME,NAME (its fields' names)"
            ),
        ));
    } else if o.fields.nested.properties.is_empty() && o.scalar_items.is_none() {
        doubts.push(Doubt::new(
            o.line,
            format!("{shown}: no field rows follow; taken as a free-form object"),
        ));
    }
    let mut fields = o.fields;
    let schema = if o.array {
        let mut a = schema::new(Ty::Array);
        if fields.nested.properties.is_empty() {
            fields = o.scalar_items.unwrap_or_else(|| schema::new(Ty::String));
        }
        a.nested.items = Some(Box::new(fields));
        a
    } else {
        fields
    };
    parameter(o.name, o.required, o.description, schema, o.example)
}

/// Pops the innermost open object into its parent, or into the parameters.
fn finish(stack: &mut Vec<Open>, top: &mut Top, doubts: &mut Vec<Doubt>) {
    let Some(o) = stack.pop() else { return };
    let line = o.line;
    let p = close(o, doubts);
    match stack.last_mut() {
        Some(parent) => add_field(parent, p),
        None => top.push(p, line, true, doubts),
    }
}

/// The top-level parameters so far, and what decides how object and array ones travel.
struct Top<'s> {
    params: Vec<Parameter>,
    seen: HashSet<String>,
    product: &'s str,
    overrides: &'s Overrides,
}

impl Top<'_> {
    /// Adds a parameter; an object or array one (`styled`) gets its wire style.
    fn push(&mut self, p: Parameter, line: usize, styled: bool, doubts: &mut Vec<Doubt>) {
        let name = p.name.clone();
        if self.seen.insert(p.name.clone()) {
            self.params.push(p);
        } else {
            doubts.push(Doubt::new(
                line,
                format!("{name} appears twice among the parameters; the second row is ignored"),
            ));
        }
        // Only a styled parameter is looked up: searching for every row made a page of n rows
        // take n^2/2 name comparisons (44 s at 108,000 rows).
        if !styled {
            return;
        }
        if let Some(p) = self.params.iter_mut().find(|p| p.name == name) {
            self.overrides.travel(p, line, self.product, doubts);
        }
    }
}

/// Sets only the limits the page states: a rare key set, even to nothing, allocates them all.
fn set_limits(schema: &mut Schema, limits: StatedLimits) {
    if let Some(m) = limits.maximum {
        schema.rare.maximum = Some(m as f64);
    }
    if let Some(m) = limits.minimum {
        schema.rare.minimum = Some(m as f64);
    }
    if let (true, Some(m)) = (schema::is(schema, Ty::String), limits.max_length) {
        schema.rare.max_length = Some(m);
    }
}

/// A scalar row's schema, with its parameter-only readings (the default).
fn scalar_field(row: &Row, doubts: &mut Vec<Doubt>) -> (Schema, Option<String>, Option<Value>) {
    let name = row.name.unwrap_or("");
    let s = scalar::read(row, doubts);
    let mut schema = s.schema;
    scalar::default(&mut schema, name, row.line, &s.described, doubts);
    set_limits(&mut schema, s.described.limits);
    if let Some(items) = array_items(row) {
        let example = s
            .example
            .and_then(|e| list_example(e, &items, name, row.line, doubts));
        let mut a = schema::new(Ty::Array);
        a.nested.items = Some(Box::new(items));
        return (a, s.described.text, example);
    }
    (schema, s.described.text, s.example)
}

/// A list's example as a list: JSON text as it is, else the comma-separated items typed.
fn list_example(
    example: Value,
    items: &Schema,
    name: &str,
    line: usize,
    doubts: &mut Vec<Doubt>,
) -> Option<Value> {
    let text = match example {
        Value::String(s) => s,
        other => other.to_string(),
    };
    if let Ok(list @ Value::Array(_)) = serde_json::from_str::<Value>(&text) {
        return Some(list);
    }
    let ty = items.ty.unwrap_or(Ty::String);
    let list: Option<Vec<Value>> = text
        .split(',')
        .map(|item| scalar::parse_as(ty, item.trim()))
        .collect();
    if list.is_none() {
        doubts.push(Doubt::new(
            line,
            format!(
                "{name}: the example `{text}` is not a list of {}; left out",
                schema::ty_name(Some(ty))
            ),
        ));
    }
    list.map(Value::Array)
}

/// `array<string>` and the like: an array of that scalar.
fn array_items(row: &Row) -> Option<Schema> {
    let inner = row.ty.strip_prefix("array<")?.strip_suffix('>')?;
    let ty = match inner {
        "string" => Ty::String,
        "integer" | "int" | "long" => Ty::Integer,
        "number" | "float" | "double" => Ty::Number,
        "boolean" => Ty::Boolean,
        _ => return None,
    };
    Some(schema::new(ty))
}

/// The parameters, nested as the evidence says, object and array ones styled for `product` (the RAM
/// action's prefix); field lines go into `lines`.
pub fn parameters(
    rows: &[Row],
    lines: &mut Lines,
    product: &str,
    overrides: &Overrides,
    doubts: &mut Vec<Doubt>,
) -> Vec<Parameter> {
    let mut top = Top {
        // At most one parameter a row: no doubling of a list that can be tens of MB.
        params: Vec::with_capacity(rows.len()),
        seen: HashSet::new(),
        product,
        overrides,
    };
    let mut stack: Vec<Open> = Vec::new();
    for row in rows {
        let name = row.name.unwrap_or_default();
        while let Some(o) = stack.last() {
            if belongs(o, row) {
                break;
            }
            // An object row ending an object without an example is that object's sibling.
            let sibling = o.keys.is_none()
                && row.is_container()
                && !o.fields.nested.properties.contains_key(name);
            finish(&mut stack, &mut top, doubts);
            if sibling {
                break;
            }
        }
        if let Some(o) = stack.last_mut() {
            if o.keys.is_none() {
                let first = o.guessed.map_or(row.line, |(f, _)| f);
                o.guessed = Some((first, row.line));
            }
        }
        let path = match stack.last() {
            Some(o) => schema::join(&o.path, name),
            None => format!("?{name}"),
        };
        lines.set(path.clone(), row.line);
        if row.is_container() && array_items(row).is_none() {
            let opened = open(row, path, stack.last(), overrides);
            stack.push(opened);
            continue;
        }
        let (schema, description, example) = scalar_field(row, doubts);
        let p = parameter(
            name.to_owned(),
            row.required.unwrap_or(false),
            description,
            schema,
            example,
        );
        if let Some(o) = stack.last_mut() {
            add_field(o, p);
            continue;
        }
        let styled = row.is_container() || schema::is(&p.schema, Ty::Object);
        top.push(p, row.line, styled, doubts);
    }
    while !stack.is_empty() {
        finish(&mut stack, &mut top, doubts);
    }
    // The list is kept to the end of the run: no spare capacity (a large page's is tens of MB).
    top.params.shrink_to_fit();
    top.params
}

/// Adds a closed parameter to an open object as a field.
fn add_field(o: &mut Open, p: Parameter) {
    let mut schema = p.schema;
    if p.description.is_some() {
        schema.description = p.description;
    }
    if p.example.is_some() && !schema::is(&schema, Ty::Object) {
        schema.rare.example = p.example;
    }
    if p.required {
        o.fields.nested.required.push(p.name.clone());
    }
    o.fields.nested.properties.insert(p.name, schema);
}
