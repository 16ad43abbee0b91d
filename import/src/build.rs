//! From a page's sections to the generator's own model of an operation (`codegen::spec`): typing,
//! descriptions, enums, nesting, examples, titles, limits, RAM and error codes. Every judgement call is
//! recorded as a doubt with its page line.

use codegen::naming::response_name;
use codegen::spec::{MediaType, Operation, ParameterPosition, Response, Schema};
use indexmap::IndexMap;
use serde_json::Value;

use crate::describe::describe;
use crate::error::PageError;
use crate::nesting::{Draft, assemble};
use crate::overrides::Overrides;
use crate::page::Sections;
use crate::report::{Doubt, Report};
use crate::schema::{self, Lines, Ty};
use crate::table::{Row, request_rows, response_rows};
use crate::{examples, facts, jsonstr, request, scalar, titles};

/// An operation read from a page: the operation, its response schema (the `<Action>Response`
/// component), and where each field is on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub operation: Operation,
    pub response: Schema,
    pub lines: Lines,
}

/// Builds the operation and its report. `text` is the whole page (for the JSON example's lines).
pub fn operation(
    page: &str,
    s: &Sections,
    text: &str,
    overrides: &Overrides,
) -> Result<(Built, Report), PageError> {
    let mut doubts: Vec<Doubt> = Vec::new();
    let mut lines = Lines::default();

    // Summary and description.
    let intro = describe(&s.intro).text.unwrap_or_default();
    let (summary, rest) = facts::first_sentence(&intro);
    let op_description = describe(s.operation_description).text;
    let description = match (rest.is_empty(), op_description.clone()) {
        (true, d) => d,
        (false, None) => Some(rest.to_owned()),
        (false, Some(d)) => Some(format!("{rest}\n\n{d}")),
    };
    let qps_limit = op_description.as_deref().and_then(facts::qps);
    let ram = facts::ram(page, s, &mut doubts)?;
    let product = ram.action.split(':').next().unwrap_or_default().to_owned();

    // Request.
    let rows = request_rows(page, s.request_rows)?;
    let mut parameters = request::parameters(&rows, &mut lines, &product, overrides, &mut doubts);
    drop(rows);
    for p in &mut parameters {
        if overrides.body.contains(&p.name) {
            p.position = ParameterPosition::Body;
            doubts.push(Doubt::new(
                lines.of(&format!("?{}", p.name)),
                format!("{} travels in the form body (--body)", p.name),
            ));
        }
    }

    // JSON example and response.
    let example = facts::json_example(page, s, text, &mut doubts)?;
    let rows = response_rows(page, s.response_rows, s.response_heading)?;
    let drafts: Vec<Draft> = rows
        .iter()
        .map(|r| response_draft(r, &mut doubts))
        .collect();
    drop(rows);
    let assembled = assemble(drafts, example.as_ref(), &mut doubts);
    let mut response = assembled.root;
    for (path, line) in assembled.lines.iter() {
        lines.set(path.clone(), *line);
    }
    let mut fixed_example = example;
    let line_of = json_key_lines(s, text);
    examples::reconcile(
        &mut response,
        fixed_example.as_mut(),
        &lines,
        &|key: &str| line_of(key),
        &mut doubts,
    );
    // JSON strings among the request parameters too.
    for p in &mut parameters {
        if let Some(Value::String(ex)) = &p.example {
            if jsonstr::looks_like_json(ex) {
                if let Some(r) = jsonstr::repair(ex) {
                    p.schema.nested.json_string = Some(Box::new(jsonstr::shape(&p.name, &r.value)));
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
        &lines,
        &mut doubts,
    );
    let time_range = facts::time_range(&parameters);
    let pagination = facts::pagination(&parameters, &response);
    facts::inverted_range(&parameters, &time_range, &lines, &mut doubts);
    let (error_codes, mut error_doubts) = facts::error_codes(s.error_rows, &mut lines);
    doubts.append(&mut error_doubts);

    doubts.sort_by_key(|d| d.line);
    let report = Report {
        page: page.to_owned(),
        action: s.action.clone(),
        parameters: parameters.len(),
        fields: schema::count_fields(&response),
        enums: parameters
            .iter()
            .map(|p| schema::count_enums(&p.schema))
            .sum::<usize>()
            + schema::count_enums(&response),
        error_codes: error_codes.len(),
        doubts,
    };
    let reference = Schema {
        reference: Some(format!("#/components/schemas/{}", response_name(&s.action))),
        ..Schema::default()
    };
    let operation = Operation {
        operation_id: s.action.clone(),
        summary: summary.to_owned(),
        description,
        tags: Vec::new(),
        ram,
        qps_limit,
        error_codes,
        pagination,
        time_range,
        page_defects: report.doubts.iter().map(|d| d.message.clone()).collect(),
        parameters,
        responses: IndexMap::from([(
            "200".to_owned(),
            Response {
                description: "OK".into(),
                content: IndexMap::from([(
                    "application/json".to_owned(),
                    MediaType {
                        schema: reference,
                        example: fixed_example,
                    },
                )]),
            },
        )]),
    };
    let built = Built {
        operation,
        response,
        lines,
    };
    Ok((built, report))
}

/// The page line of a key in the JSON example (its first occurrence), or the example's first line.
fn json_key_lines<'t>(s: &Sections, text: &'t str) -> impl Fn(&str) -> usize + 't {
    let start = s.json_lines.map_or(s.examples_heading, |(a, _)| a);
    let mut first: std::collections::HashMap<&'t str, usize> = std::collections::HashMap::new();
    if let Some((a, b)) = s.json_lines {
        for (i, l) in text
            .lines()
            .enumerate()
            .skip(a.saturating_sub(1))
            .take(b + 1 - a.min(b + 1))
        {
            let mut rest = l;
            while let Some(open) = rest.find('"') {
                let after = &rest[open + 1..];
                let Some(close) = after.find('"') else { break };
                let key = &after[..close];
                let tail = after[close + 1..].trim_start();
                if tail.starts_with(':') {
                    first.entry(key).or_insert(i + 1);
                }
                rest = &after[close + 1..];
            }
        }
    }
    move |key: &str| first.get(key).copied().unwrap_or(start)
}

fn response_draft(row: &Row<'_>, doubts: &mut Vec<Doubt>) -> Draft {
    let mut leaked = None;
    let schema = if row.is_container() {
        let object = row.ty == "object" || (row.name.is_none() && row.ty == "array<object>");
        let mut schema = schema::new(if object { Ty::Object } else { Ty::Array });
        let lone_token = match row.content {
            [only] if only.text.chars().all(|c| c.is_ascii_alphanumeric()) => {
                Some(only.text.to_owned())
            }
            _ => None,
        };
        match lone_token {
            Some(token) if row.name.is_none() && object => {
                doubts.push(Doubt::new(
                    row.content.first().map_or(row.line, |l| l.no),
                    format!("a stray item-schema name, {token}, follows the item row; it is not a field (used for the item's title)"),
                ));
                leaked = Some(token);
            }
            _ => {
                let d = describe(row.content);
                doubts.extend(d.doubts);
                schema.description = d.text;
            }
        }
        schema
    } else {
        let s = scalar::read(row, doubts);
        let mut schema = s.schema;
        schema.description = s.described.text;
        if s.example.is_some() {
            schema.rare.example = s.example;
        }
        schema
    };
    Draft {
        line: row.line,
        name: row.name.map(str::to_owned),
        schema,
        leaked,
    }
}
