//! From a page's sections to an operation: typing, descriptions, enums, nesting, examples, titles,
//! limits, RAM and error codes. Every judgement call is recorded as a doubt with its page line.

use serde_json::Value;

use crate::describe::{Described, ValueList, describe};
use crate::error::PageError;
use crate::lines::Line;
use crate::model::{
    Enumeration, ErrorCode, Operation, Pagination, Parameter, Ram, Schema, TimeRange, Ty,
};
use crate::nesting::{Draft, assemble};
use crate::page::{Sections, clip};
use crate::report::{Doubt, Report};
use crate::table::{Row, request_rows, response_rows};
use crate::{examples, naming, titles};

/// Builds the operation and its report. `text` is the whole page (for the JSON example's lines).
pub fn operation(page: &str, s: &Sections, text: &str) -> Result<(Operation, Report), PageError> {
    let mut doubts: Vec<Doubt> = Vec::new();

    // Summary and description.
    let intro = describe(&s.intro).text.unwrap_or_default();
    let (summary, rest) = first_sentence(&intro);
    let op_description = describe(&s.operation_description).text;
    let description = match (rest.is_empty(), op_description.clone()) {
        (true, d) => d,
        (false, None) => Some(rest.to_owned()),
        (false, Some(d)) => Some(format!("{rest}\n\n{d}")),
    };
    let qps_limit = op_description.as_deref().and_then(qps);

    let ram = ram(page, s, &mut doubts)?;

    // Request.
    let rows = request_rows(page, &s.request_rows)?;
    let mut parameters = Vec::new();
    for row in &rows {
        parameters.push(parameter(row, &mut doubts));
    }

    // JSON example.
    let example = json_example(page, s, text, &mut doubts)?;

    // Response.
    let rows = response_rows(page, &s.response_rows, s.response_heading)?;
    let drafts: Vec<Draft> = rows
        .iter()
        .map(|r| response_draft(r, &mut doubts))
        .collect();
    let assembled = assemble(drafts, example.as_ref(), &mut doubts);
    let mut response = assembled.root;
    let mut fixed_example = example.clone();
    let json_start = s.json_lines.map_or(s.examples_heading, |(a, _)| a);
    let json_text: Vec<(usize, &str)> = match s.json_lines {
        Some((a, b)) => text
            .lines()
            .enumerate()
            .skip(a.saturating_sub(1))
            .take(b + 1 - a)
            .map(|(i, l)| (i + 1, l))
            .collect(),
        None => Vec::new(),
    };
    let line_of = |key: &str| -> usize {
        let needle = format!("\"{key}\"");
        json_text
            .iter()
            .find(|(_, l)| l.contains(&needle))
            .map_or(json_start, |(n, _)| *n)
    };
    examples::reconcile(&mut response, fixed_example.as_mut(), &line_of, &mut doubts);
    // JSON strings among the request parameters too.
    for p in &mut parameters {
        if let Some(Value::String(ex)) = &p.example {
            if crate::jsonstr::looks_like_json(ex) {
                if let Some(r) = crate::jsonstr::repair(ex) {
                    p.schema.json_string = Some(Box::new(crate::jsonstr::shape(&p.name, &r.value)));
                    p.example = Some(Value::String(r.text));
                }
            }
        }
    }

    // Names, limits and the list-call facts.
    titles::assign(
        &s.action,
        &mut parameters,
        &mut response,
        &assembled.leaked,
        &mut doubts,
    );
    let request_rows_parsed = request_rows(page, &s.request_rows)?;
    let time_range = time_range(&parameters);
    let pagination = pagination(&parameters, &response);
    inverted_range(&parameters, &time_range, &request_rows_parsed, &mut doubts);

    let (error_codes, mut error_doubts) = error_codes(&s.error_rows);
    doubts.append(&mut error_doubts);

    doubts.sort_by_key(|d| d.line);
    let report = Report {
        page: page.to_owned(),
        action: s.action.clone(),
        parameters: parameters.len(),
        fields: response.count_fields(),
        enums: parameters
            .iter()
            .map(|p| p.schema.count_enums())
            .sum::<usize>()
            + response.count_enums(),
        error_codes: error_codes.len(),
        doubts: doubts.clone(),
    };
    let operation = Operation {
        action: s.action.clone(),
        summary: summary.to_owned(),
        description,
        ram,
        qps_limit,
        error_codes,
        pagination,
        time_range,
        page_defects: doubts.iter().map(|d| d.message.clone()).collect(),
        parameters,
        response,
        response_example: fixed_example,
    };
    Ok((operation, report))
}

/// The first sentence (the summary) and the rest.
fn first_sentence(text: &str) -> (&str, &str) {
    let first_para_end = text.find("\n\n").unwrap_or(text.len());
    let para = &text[..first_para_end];
    let mut search = 0;
    while let Some(pos) = para[search..].find(". ") {
        let at = search + pos;
        let next = para[at + 2..].chars().next();
        if next.is_some_and(|c| c.is_uppercase()) {
            return (&text[..=at], text[at + 2..].trim());
        }
        search = at + 2;
    }
    (para, text[first_para_end..].trim())
}

/// "… is 50 calls per second …" → 50.
fn qps(text: &str) -> Option<u32> {
    let (before, _) = text.split_once(" calls per second")?;
    before.split_whitespace().last()?.parse().ok()
}

fn ram(page: &str, s: &Sections, doubts: &mut Vec<Doubt>) -> Result<Ram, PageError> {
    let mut cells = s.ram_cells.iter();
    let action = cells
        .next()
        .filter(|l| l.text.contains(':') && !l.text.contains(' '))
        .ok_or_else(|| {
            PageError::new(
                page,
                s.ram_cells.first().map_or(s.ram_heading, |l| l.no),
                format!(
                    "expected the RAM action (`product:{}`) in the first cell of the RAM table{}",
                    s.action,
                    s.ram_cells
                        .first()
                        .map_or(String::new(), |l| format!(", found `{}`", clip(&l.text)))
                ),
            )
        })?;
    if action.text.rsplit(':').next() != Some(s.action.as_str()) {
        doubts.push(Doubt::new(
            action.no,
            format!(
                "the RAM action {} does not name the page's action {}",
                action.text, s.action
            ),
        ));
    }
    let rest: Vec<&Line> = cells.collect();
    let mut i = 0;
    let access_level = match rest.first() {
        Some(l) if !l.text.starts_with('*') && l.text.chars().all(|c| c.is_ascii_lowercase()) => {
            i = 1;
            Some(l.text.clone())
        }
        _ => None,
    };
    let resource_type = match rest.get(i) {
        Some(l) if l.text.starts_with('*') && l.text.len() > 1 => {
            i += 1;
            l.text.trim_start_matches('*').trim().to_owned()
        }
        Some(l) => {
            i += 1;
            doubts.push(Doubt::new(
                l.no,
                format!("the RAM resource type `{}` has no leading `*`", l.text),
            ));
            l.text.clone()
        }
        None => {
            return Err(PageError::new(
                page,
                action.no,
                "expected the RAM resource type (e.g. `*All Resource`) after the RAM action",
            ));
        }
    };
    let mut condition_keys = Vec::new();
    let mut dependent_actions = Vec::new();
    let tail: Vec<&&Line> = rest.iter().skip(i).filter(|l| l.text != "*").collect();
    match tail.as_slice() {
        [] => {}
        [last] => {
            let tokens: Vec<&str> = last.text.split_whitespace().collect();
            match tokens.as_slice() {
                [c, d] => {
                    if *c != "None" {
                        condition_keys.push((*c).to_owned());
                    }
                    if *d != "None" {
                        dependent_actions.push((*d).to_owned());
                    }
                }
                _ => {
                    doubts.push(Doubt::new(
                        last.no,
                        format!("could not split `{}` into condition keys and dependent actions; taken as condition keys", last.text),
                    ));
                    condition_keys.extend(
                        tokens
                            .iter()
                            .filter(|t| **t != "None")
                            .map(|t| (*t).to_owned()),
                    );
                }
            }
        }
        more => {
            for l in more {
                doubts.push(Doubt::new(
                    l.no,
                    format!("unexpected RAM table cell `{}`; ignored", clip(&l.text)),
                ));
            }
        }
    }
    Ok(Ram {
        action: action.text.clone(),
        access_level,
        resource_type,
        condition_keys,
        dependent_actions,
    })
}

/// Splits a scalar row's content into description lines and the example (the last line).
fn split_example(row: &Row, doubts: &mut Vec<Doubt>) -> (Vec<Line>, Option<Line>) {
    let name = row.name.clone().unwrap_or_else(|| "the item".into());
    match row.content.split_last() {
        Some((last, rest)) if !rest.is_empty() && last.indent == 0 && last.bullet().is_none() => {
            (rest.to_vec(), Some(last.clone()))
        }
        Some(_) => {
            doubts.push(Doubt::new(
                row.line,
                format!(
                    "{name} has no example (one line after the type: taken as the description)"
                ),
            ));
            (row.content.clone(), None)
        }
        None => {
            doubts.push(Doubt::new(
                row.line,
                format!("{name} has neither a description nor an example"),
            ));
            (Vec::new(), None)
        }
    }
}

/// The type and format for a page type, and whether the importer knows it.
fn scalar(row: &Row, doubts: &mut Vec<Doubt>) -> (Ty, Option<&'static str>) {
    let name = row.name.as_deref().unwrap_or("");
    match row.ty.as_str() {
        "string" => (Ty::String, None),
        "integer" | "int" => (
            Ty::Integer,
            Some(if name.ends_with("TotalCount") {
                "int64"
            } else {
                "int32"
            }),
        ),
        "long" => (Ty::Integer, Some("int64")),
        "number" => (Ty::Number, None),
        "float" => (Ty::Number, Some("float")),
        "double" => (Ty::Number, Some("double")),
        "boolean" => (Ty::Boolean, None),
        "object" => (Ty::Object, None),
        t if t.starts_with("array") => (Ty::Array, None),
        other => {
            doubts.push(Doubt::new(
                row.line,
                format!("unknown type `{other}` for {name}; taken as string"),
            ));
            (Ty::String, None)
        }
    }
}

fn is_time_name(name: &str) -> bool {
    name.ends_with("Time") || name == "LastModified"
}

/// A typed example value from the page's text.
fn typed(ty: Ty, text: &str, line: usize, name: &str, doubts: &mut Vec<Doubt>) -> Value {
    let parsed = match ty {
        Ty::Integer => text.parse::<i64>().ok().map(Value::from),
        Ty::Number => text
            .parse::<f64>()
            .ok()
            .and_then(|f| serde_json::Number::from_f64(f).map(Value::Number)),
        Ty::Boolean => match text {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => Some(Value::String(text.to_owned())),
    };
    parsed.unwrap_or_else(|| {
        doubts.push(Doubt::new(
            line,
            format!(
                "{name}: the example `{}` is not a {}; kept as text",
                clip(text),
                ty.as_str()
            ),
        ));
        Value::String(text.to_owned())
    })
}

/// Type, format, description, example and enum of a scalar row.
fn scalar_schema(row: &Row, doubts: &mut Vec<Doubt>) -> (Schema, Described, Option<Value>) {
    let name = row.name.clone().unwrap_or_else(|| "the item".into());
    let (ty, format) = scalar(row, doubts);
    let (desc_lines, example_line) = split_example(row, doubts);
    let described = describe(&desc_lines);
    doubts.extend(described.doubts.iter().cloned());
    let mut schema = Schema::new(ty);
    schema.line = row.line;
    schema.format = format;
    let example = example_line.map(|l| typed(ty, &l.text, l.no, &name, doubts));
    if ty == Ty::String && is_time_name(&name) {
        match example.as_ref().and_then(Value::as_str) {
            Some(e) if !codegen::check::is_date_time(e) => doubts.push(Doubt::new(
                row.line,
                format!("{name} looks like a time, but its example `{e}` is not a date-time; kept a plain string"),
            )),
            _ => schema.format = Some("date-time"),
        }
    }
    if let Some(list) = &described.values {
        schema.enumeration = enumeration(&name, list, ty, doubts);
        if let (Some(en), Some(ex)) = (&schema.enumeration, &example) {
            if !en.values.contains(ex) {
                doubts.push(Doubt::new(
                    row.line,
                    format!("{name}: the example {ex} is not one of the valid values"),
                ));
            }
        }
    }
    (schema, described, example)
}

fn enumeration(
    name: &str,
    list: &ValueList,
    ty: Ty,
    doubts: &mut Vec<Doubt>,
) -> Option<Enumeration> {
    let mut values = Vec::new();
    for v in &list.values {
        match ty {
            Ty::Integer => {
                match v.value.parse::<i64>() {
                    Ok(n) => values.push(Value::from(n)),
                    Err(_) => {
                        doubts.push(Doubt::new(list.line, format!("{name} is an integer but its valid value `{}` is not; no enum made", v.value)));
                        return None;
                    }
                }
            }
            Ty::String => values.push(Value::String(v.value.clone())),
            other => {
                doubts.push(Doubt::new(
                    list.line,
                    format!(
                        "{name}: valid values on a {} field; no enum made",
                        other.as_str()
                    ),
                ));
                return None;
            }
        }
    }
    let mut varnames: Vec<String> = Vec::new();
    let mut derived = Vec::new();
    for v in &list.values {
        let (mut n, from_meaning) = naming::varname(&v.value, &v.meaning);
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
        return None;
    }
    Some(Enumeration {
        values,
        varnames,
        descriptions: list.values.iter().map(|v| v.meaning.clone()).collect(),
    })
}

fn parameter(row: &Row, doubts: &mut Vec<Doubt>) -> Parameter {
    let name = row.name.clone().unwrap_or_default();
    let (mut schema, described, example) = if row.is_container() {
        doubts.push(Doubt::new(
            row.line,
            format!("{name} is a request parameter of type {}; RPC parameters are flat, so it is taken as a JSON string", row.ty),
        ));
        let (s, d, e) = scalar_schema(
            &Row {
                ty: "string".into(),
                ..row.clone()
            },
            doubts,
        );
        (s, d, e)
    } else {
        scalar_schema(row, doubts)
    };
    if let Some(d) = &described.default {
        let v = match schema.ty {
            Ty::Integer => d.parse::<i64>().ok().map(Value::from),
            _ => Some(Value::String(d.clone())),
        };
        match v {
            Some(v) if schema.enumeration.as_ref().is_none_or(|e| e.values.contains(&v)) => schema.default = Some(v),
            _ => doubts.push(Doubt::new(row.line, format!("{name}: the default `{d}` does not fit the type or the valid values; not applied"))),
        }
    } else if let (Some(en), Some(text)) = (&schema.enumeration, &described.text) {
        // "By default, the query results are sorted ... in descending order."
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
            .filter(|v| en.values.contains(v))
        {
            doubts.push(Doubt::new(
                row.line,
                format!(
                    "{name}: \"{}.\" is expressed as default {}",
                    by_default.unwrap_or(""),
                    v.as_str().unwrap_or("")
                ),
            ));
            schema.default = Some(v);
        }
    }
    schema.maximum = described.maximum;
    schema.minimum = described.minimum;
    Parameter {
        name,
        required: row.required.unwrap_or(false),
        description: described.text,
        schema,
        example,
    }
}

fn response_draft(row: &Row, doubts: &mut Vec<Doubt>) -> Draft {
    let mut leaked = None;
    let schema = if row.is_container() {
        let ty = if row.ty == "object" || (row.name.is_none() && row.ty == "array<object>") {
            Ty::Object
        } else {
            Ty::Array
        };
        let mut schema = Schema::new(ty);
        schema.line = row.line;
        let lone_token = match row.content.as_slice() {
            [only] if only.text.chars().all(|c| c.is_ascii_alphanumeric()) => {
                Some(only.text.clone())
            }
            _ => None,
        };
        match lone_token {
            Some(token) if row.name.is_none() && ty == Ty::Object => {
                doubts.push(Doubt::new(
                    row.content.first().map_or(row.line, |l| l.no),
                    format!("a stray item-schema name, {token}, follows the item row; it is not a field (used for the item's title)"),
                ));
                leaked = Some(token);
            }
            _ => {
                let d = describe(&row.content);
                doubts.extend(d.doubts);
                schema.description = d.text;
            }
        }
        schema
    } else {
        let (mut schema, described, example) = scalar_schema(row, doubts);
        schema.description = described.text;
        schema.example = example;
        schema
    };
    Draft {
        line: row.line,
        name: row.name.clone(),
        schema,
        leaked,
    }
}

fn json_example(
    page: &str,
    s: &Sections,
    text: &str,
    doubts: &mut Vec<Doubt>,
) -> Result<Option<Value>, PageError> {
    let Some((start, end)) = s.json_lines else {
        return Err(PageError::new(
            page,
            s.examples_heading,
            "expected the JSON example (a line starting with `{`) in the Examples section",
        ));
    };
    let snippet: String = text
        .lines()
        .skip(start.saturating_sub(1))
        .take(end + 1 - start.min(end + 1))
        .collect::<Vec<_>>()
        .join("\n");
    let mut stream = serde_json::Deserializer::from_str(&snippet).into_iter::<Value>();
    match stream.next() {
        Some(Ok(value)) => {
            let rest = snippet.get(stream.byte_offset()..).unwrap_or("").trim();
            if !rest.is_empty() {
                let line = start + snippet[..stream.byte_offset()].lines().count();
                doubts.push(Doubt::new(
                    line,
                    format!("text after the JSON example is ignored: `{}`", clip(rest)),
                ));
            }
            if !value.is_object() {
                return Err(PageError::new(
                    page,
                    start,
                    "expected the JSON example to be an object (`{ ... }`)",
                ));
            }
            Ok(Some(value))
        }
        Some(Err(e)) => {
            let line = start + e.line().saturating_sub(1);
            let message = if e.is_eof() {
                format!(
                    "the JSON example ends early (line {line}): expected the rest of the example and its closing `}}`; is the page cut short?"
                )
            } else {
                format!(
                    "the JSON example is not valid JSON: {e}; expected the page's success-response example"
                )
            };
            Err(PageError::new(page, line, message))
        }
        None => Err(PageError::new(
            page,
            start,
            "expected the JSON example after the Examples heading",
        )),
    }
}

fn time_range(parameters: &[Parameter]) -> Option<TimeRange> {
    let find = |n: &str| {
        parameters
            .iter()
            .find(|p| p.name == n && p.schema.format == Some("date-time"))
    };
    let (start, end) = (find("StartTime")?, find("EndTime")?);
    let max_days = [end, start]
        .iter()
        .find_map(|p| p.description.as_deref().and_then(max_days))?;
    Some(TimeRange {
        start: start.name.clone(),
        end: end.name.clone(),
        max_days,
    })
}

fn max_days(text: &str) -> Option<u32> {
    let (before, _) = text.split_once(" days")?;
    if !(before.contains("cannot exceed") || before.contains("can be up to")) {
        return None;
    }
    before.split_whitespace().last()?.parse().ok()
}

fn inverted_range(
    parameters: &[Parameter],
    range: &Option<TimeRange>,
    rows: &[Row],
    doubts: &mut Vec<Doubt>,
) {
    let Some(r) = range else { return };
    let example = |n: &str| {
        parameters
            .iter()
            .find(|p| p.name == n)
            .and_then(|p| p.example.as_ref())
            .and_then(Value::as_str)
    };
    if let (Some(a), Some(b)) = (example(&r.start), example(&r.end)) {
        if a > b {
            let line = rows
                .iter()
                .find(|row| row.name.as_deref() == Some(r.end.as_str()))
                .map_or(0, |row| row.line);
            doubts.push(Doubt::new(
                line,
                format!("the request examples form an inverted time range: {} {a} is after {} {b}; each kept", r.start, r.end),
            ));
        }
    }
}

fn pagination(parameters: &[Parameter], response: &Schema) -> Option<Pagination> {
    let int_param = |names: &[&str]| {
        parameters
            .iter()
            .find(|p| names.contains(&p.name.as_str()) && p.schema.ty == Ty::Integer)
            .map(|p| p.name.clone())
    };
    let page_number = int_param(&["PageNo", "PageNumber"])?;
    let page_size = int_param(&["PageSize", "MaxResults"])?;
    let total = response
        .property("TotalCount")
        .filter(|s| s.ty == Ty::Integer)?;
    let _ = total;
    let arrays: Vec<&String> = response
        .properties
        .iter()
        .filter(|(_, s)| s.ty == Ty::Array)
        .map(|(n, _)| n)
        .collect();
    match arrays.as_slice() {
        [items] => Some(Pagination {
            page_number,
            page_size,
            total_count: "TotalCount".into(),
            items: (*items).clone(),
        }),
        _ => None,
    }
}

fn error_codes(lines: &[Line]) -> (Vec<ErrorCode>, Vec<Doubt>) {
    let mut codes = Vec::new();
    let mut doubts = Vec::new();
    let mut split_any = None;
    for l in lines {
        if l.text.starts_with("See Error Codes") {
            break;
        }
        let mut parts = l.text.splitn(3, ' ');
        let status = parts
            .next()
            .and_then(|s| s.parse::<u16>().ok())
            .filter(|s| (100..=599).contains(s));
        let code = parts.next().filter(|c| !c.is_empty());
        let (Some(status), Some(code)) = (status, code) else {
            doubts.push(Doubt::new(
                l.no,
                format!(
                    "not an error-code row (`status code message`): `{}`; ignored",
                    clip(&l.text)
                ),
            ));
            continue;
        };
        let rest = parts.next().unwrap_or("").trim();
        let (message, description) = match rest.find(". ") {
            Some(at) if !rest[at + 2..].trim().is_empty() => {
                split_any.get_or_insert(l.no);
                (
                    rest[..=at].to_owned(),
                    Some(rest[at + 2..].trim().to_owned()),
                )
            }
            _ => (rest.to_owned(), None),
        };
        codes.push(ErrorCode {
            status,
            code: code.to_owned(),
            message,
            description,
        });
    }
    if let Some(first) = lines.first() {
        let how = match split_any {
            Some(_) => {
                "rows with a second sentence are split after the first (message / description); the others are all message"
            }
            None => "each row's text is taken as the message, with no description",
        };
        if !codes.is_empty() {
            doubts.push(Doubt::new(
                first.no,
                format!("the error table's message and description columns run together; {how}"),
            ));
        }
    }
    (codes, doubts)
}
