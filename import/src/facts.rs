//! The operation-level facts of a page: summary, QPS limit, RAM table, JSON example, error codes, and
//! the list-call facts (pagination, time range) read from the parameters and the response.

use codegen::spec::{ErrorCode, Pagination, Parameter, Ram, Schema, TimeRange};
use serde_json::Value;

use crate::error::PageError;
use crate::lines::Line;
use crate::page::{Sections, clip};
use crate::report::Doubt;
use crate::schema::{self, Format, Ty};

/// The first sentence (the summary) and the rest.
pub fn first_sentence(text: &str) -> (&str, &str) {
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
pub fn qps(text: &str) -> Option<u32> {
    let (before, _) = text.split_once(" calls per second")?;
    before.split_whitespace().last()?.parse().ok()
}

pub fn ram(page: &str, s: &Sections, doubts: &mut Vec<Doubt>) -> Result<Ram, PageError> {
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
                        .map_or(String::new(), |l| format!(", found `{}`", clip(l.text)))
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
            Some(l.text.to_owned())
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
            l.text.to_owned()
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
                    if !c.eq_ignore_ascii_case("none") {
                        condition_keys.push((*c).to_owned());
                    }
                    if !d.eq_ignore_ascii_case("none") {
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
        // The older layout: the two cells on lines of their own (`none` when empty).
        [c, d] if !c.text.contains(' ') && !d.text.contains(' ') => {
            let given = |t: &str| !t.eq_ignore_ascii_case("none");
            condition_keys.extend(given(c.text).then(|| c.text.to_owned()));
            dependent_actions.extend(given(d.text).then(|| d.text.to_owned()));
        }
        more => {
            for l in more {
                doubts.push(Doubt::new(
                    l.no,
                    format!("unexpected RAM table cell `{}`; ignored", clip(l.text)),
                ));
            }
        }
    }
    Ok(Ram {
        action: action.text.to_owned(),
        access_level,
        resource_type,
        condition_keys,
        dependent_actions,
    })
}

pub fn json_example(
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

pub fn time_range(parameters: &[Parameter]) -> Option<TimeRange> {
    let find = |n: &str| {
        parameters
            .iter()
            .find(|p| p.name == n && p.schema.format == Some(Format::DateTime))
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

/// "The range cannot exceed 30 days" → 30.
pub(crate) fn max_days(text: &str) -> Option<u32> {
    let (before, _) = text.split_once(" days")?;
    if !(before.contains("cannot exceed") || before.contains("can be up to")) {
        return None;
    }
    before.split_whitespace().last()?.parse().ok()
}

pub fn inverted_range(
    parameters: &[Parameter],
    range: &Option<TimeRange>,
    lines: &schema::Lines,
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
            doubts.push(Doubt::new(
                lines.of(&format!("?{}", r.end)),
                format!("the request examples form an inverted time range: {} {a} is after {} {b}; each kept", r.start, r.end),
            ));
        }
    }
}

pub fn pagination(parameters: &[Parameter], response: &Schema) -> Option<Pagination> {
    let int_param = |names: &[&str]| {
        parameters
            .iter()
            .find(|p| names.contains(&p.name.as_str()) && schema::is(&p.schema, Ty::Integer))
            .map(|p| p.name.clone())
    };
    let page_number = int_param(&["PageNo", "PageNumber"])?;
    let page_size = int_param(&["PageSize", "MaxResults"])?;
    response
        .nested
        .properties
        .get("TotalCount")
        .filter(|s| schema::is(s, Ty::Integer))?;
    let arrays: Vec<&String> = response
        .nested
        .properties
        .iter()
        .filter(|(_, s)| schema::is(s, Ty::Array))
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

/// The error table's rows; each row's line goes into `at` as `!index`.
pub fn error_codes(rows: &[Line], at: &mut schema::Lines) -> (Vec<ErrorCode>, Vec<Doubt>) {
    let mut codes = Vec::new();
    let mut doubts = Vec::new();
    let mut split_any = None;
    for l in rows {
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
                    clip(l.text)
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
        at.set(format!("!{}", codes.len()), l.no);
        codes.push(ErrorCode {
            status,
            code: code.to_owned(),
            message,
            description,
        });
    }
    if let Some(first) = rows.first() {
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
