//! Turning a cell's description lines into the spec's description text, and reading what the text
//! states: lists of valid values (in every form the pages use), defaults and limits.
//!
//! The spec keeps descriptions verbatim, with prose lists as markdown bullets, but drops the second
//! rendering of an enum (the `• value :` ↵ `value` table), whose content goes into `enum` instead.

use crate::lines::Line;
use crate::report::Doubt;
pub use crate::values::{StatedLimits, Value, ValueList};
use crate::values::{inline_list, inline_meanings, only_value, value_item};

/// A block of a description.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Paragraph {
        line: usize,
        text: String,
    },
    /// Bullets with their nesting level (0 = top).
    Bullets {
        line: usize,
        items: Vec<(usize, String)>,
    },
    /// The enum value table: (name, value) per entry; the value is `None` when the page leaves it out.
    Table {
        line: usize,
        entries: Vec<(String, Option<String>)>,
    },
}

/// What a description says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Described {
    /// The description as the spec writes it (markdown bullets, paragraphs separated by a blank line).
    pub text: Option<String>,
    pub values: Option<ValueList>,
    /// "Default value: X" (without the final period).
    pub default: Option<String>,
    pub limits: StatedLimits,
    /// A value table whose two lines differ (`• X :` ↵ `Y`) can be read either way round: `values`
    /// takes Y as the value, this takes X.
    pub swapped: Option<ValueList>,
    pub doubts: Vec<Doubt>,
}

fn blocks(lines: &[Line]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        // The enum value table: "Valid values:" then bullets "name :" each with an optional value line.
        let table_follows = lines
            .get(i + 1)
            .and_then(Line::bullet)
            .is_some_and(|b| b.ends_with(':'));
        if l.text == "Valid values:" && table_follows {
            let mut entries = Vec::new();
            let mut j = i + 1;
            while let Some(b) = lines
                .get(j)
                .and_then(Line::bullet)
                .filter(|b| b.ends_with(':'))
            {
                let name = b.trim_end_matches(':').trim().to_owned();
                j += 1;
                let value = match lines.get(j) {
                    Some(v) if v.bullet().is_none() && v.indent > 0 => {
                        j += 1;
                        Some(v.text.to_owned())
                    }
                    _ => None,
                };
                entries.push((name, value));
            }
            out.push(Block::Table {
                line: l.no,
                entries,
            });
            i = j;
            continue;
        }
        if let Some(text) = l.bullet() {
            let base = l.indent;
            let level = |indent: usize| indent.saturating_sub(base) / 2;
            let mut items = vec![(0, text.to_owned())];
            let mut j = i + 1;
            while let Some(next) = lines.get(j) {
                match next.bullet() {
                    Some(t) if next.indent >= base => {
                        items.push((level(next.indent), t.to_owned()))
                    }
                    None if next.indent > base => {
                        if let Some(last) = items.last_mut() {
                            last.1.push(' ');
                            last.1.push_str(next.text);
                        }
                    }
                    _ => break,
                }
                j += 1;
            }
            out.push(Block::Bullets { line: l.no, items });
            i = j;
            continue;
        }
        out.push(Block::Paragraph {
            line: l.no,
            text: l.text.to_owned(),
        });
        i += 1;
    }
    out
}

fn markdown(blocks: &[Block]) -> Option<String> {
    let parts: Vec<String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text, .. } => Some(text.clone()),
            Block::Bullets { items, .. } => Some(
                items
                    .iter()
                    .map(|(level, text)| format!("{}- {text}", "  ".repeat(*level)))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Block::Table { .. } => None,
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// Reads a description (the row's lines without its example).
pub fn describe(lines: &[Line]) -> Described {
    let blocks = blocks(lines);
    let mut out = Described {
        text: markdown(&blocks),
        ..Described::default()
    };
    let full = out.text.clone().unwrap_or_default();
    if let Some((_, rest)) = full.split_once("Default value:") {
        let v = rest.trim_start().split(['\n']).next().unwrap_or("").trim();
        let v = v
            .split(". ")
            .next()
            .unwrap_or(v)
            .trim_end_matches('.')
            .trim();
        if !v.is_empty() {
            out.default = Some(v.to_owned());
        }
    }
    out.limits = StatedLimits::read(&full);

    // Prose lists, in order of how explicit they are.
    let mut prose: Option<ValueList> = None;
    let mut previous_paragraph: Option<&str> = None;
    for block in &blocks {
        match block {
            Block::Paragraph { line, text } => {
                if prose.is_none() {
                    match inline_list(text) {
                        Some(Ok(values)) => prose = Some(ValueList { line: *line, values }),
                        Some(Err(sentence)) => out.doubts.push(Doubt::new(
                            *line,
                            format!("could not read the inline value list \"{sentence}\"; no enum made from it"),
                        )),
                        None => {
                            if let Some(values) = inline_meanings(text).or_else(|| only_value(text)) {
                                prose = Some(ValueList { line: *line, values });
                            }
                        }
                    }
                }
                previous_paragraph = Some(text);
            }
            Block::Bullets { line, items } => {
                let headed =
                    previous_paragraph.is_some_and(|p| p.trim_end().ends_with("Valid values:"));
                let flat = items.iter().all(|(level, _)| *level == 0);
                let values: Option<Vec<Value>> = if flat {
                    items.iter().map(|(_, t)| value_item(t)).collect()
                } else {
                    None
                };
                match values {
                    Some(values) if prose.is_none() => prose = Some(ValueList { line: *line, values }),
                    Some(_) => out.doubts.push(Doubt::new(*line, "a second list of values; only the first is used")),
                    None if headed => out.doubts.push(Doubt::new(
                        *line,
                        "the bullets after \"Valid values:\" are not `value` or `value: meaning` items; no enum made from them",
                    )),
                    None => {}
                }
                previous_paragraph = None;
            }
            Block::Table { .. } => previous_paragraph = None,
        }
    }

    let table = blocks.iter().find_map(|b| match b {
        Block::Table { line, entries } => Some((*line, entries)),
        _ => None,
    });
    out.values = match (prose, table) {
        (prose, None) => prose,
        (Some(prose), Some((line, entries))) => {
            let table_values: Vec<Option<&String>> =
                entries.iter().map(|(_, v)| v.as_ref()).collect();
            if table_values.iter().all(Option::is_none) {
                out.doubts.push(Doubt::new(
                    line,
                    format!(
                        "the value table has names but no values ({}); the values are taken from the prose list",
                        entries.iter().map(|(n, _)| format!("\"{n} :\"")).collect::<Vec<_>>().join(", ")
                    ),
                ));
            } else {
                let prose_values: Vec<&str> =
                    prose.values.iter().map(|v| v.value.as_str()).collect();
                let table_values: Vec<&str> = entries
                    .iter()
                    .map(|(n, v)| v.as_deref().unwrap_or(n))
                    .collect();
                if prose_values != table_values {
                    out.doubts.push(Doubt::new(
                        line,
                        format!(
                            "the value table ({}) disagrees with the prose list ({}); the prose list is used",
                            table_values.join(", "),
                            prose_values.join(", ")
                        ),
                    ));
                }
            }
            Some(prose)
        }
        (None, Some((line, entries))) => {
            if entries.iter().any(|(_, v)| v.is_none()) {
                out.doubts.push(Doubt::new(
                    line,
                    "the value table has entries without a value; their names are used as values",
                ));
            }
            // `• X :` ↵ `Y`: Y read as the value and X as its title; the other reading is kept for
            // the caller, who has the example to decide with.
            let reading = |value_first: bool| ValueList {
                line,
                values: entries
                    .iter()
                    .map(|(x, y)| {
                        let y = y.as_ref().unwrap_or(x);
                        let (value, meaning) = if value_first { (x, y) } else { (y, x) };
                        Value {
                            value: value.clone(),
                            meaning: if value == meaning {
                                String::new()
                            } else {
                                meaning.clone()
                            },
                        }
                    })
                    .collect(),
            };
            if entries
                .iter()
                .any(|(x, y)| y.as_ref().is_some_and(|y| y != x))
            {
                out.swapped = Some(reading(true));
            }
            (!entries.is_empty()).then(|| reading(false))
        }
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::lines::numbered as lines;

    fn values(d: &Described) -> Vec<(&str, &str)> {
        d.values.as_ref().map_or(vec![], |l| {
            l.values
                .iter()
                .map(|v| (v.value.as_str(), v.meaning.as_str()))
                .collect()
        })
    }

    #[test]
    fn prose_list_and_table() {
        let d = describe(&lines(&[
            "The state. By default, not filtered.",
            "Valid values:",
            "  • paused: The job is paused.",
            "  • initial: The job is not started.",
            "Valid values:",
            "  • paused :",
            "    paused",
            "  • initial :",
            "    initial",
        ]));
        assert_eq!(
            values(&d),
            [
                ("paused", "The job is paused."),
                ("initial", "The job is not started.")
            ]
        );
        assert_eq!(
            d.text.as_deref(),
            Some(
                "The state. By default, not filtered.\n\nValid values:\n\n- paused: The job is paused.\n- initial: The job is not started."
            )
        );
        assert!(d.doubts.is_empty());
    }

    #[test]
    fn inline_forms() {
        let d = describe(&lines(&[
            "The state. Valid values: Init, Queuing, Success, and Failed.",
        ]));
        assert_eq!(
            values(&d),
            [
                ("Init", ""),
                ("Queuing", ""),
                ("Success", ""),
                ("Failed", "")
            ]
        );
        let d = describe(&lines(&[
            "The state.",
            "0: Not started. 1: Running. 2: Stopped.",
        ]));
        assert_eq!(
            values(&d),
            [("0", "Not started."), ("1", "Running."), ("2", "Stopped.")]
        );
        let d = describe(&lines(&["The type. The value can only be rtmp."]));
        assert_eq!(values(&d), [("rtmp", "")]);
        let d = describe(&lines(&["The response code. Note: Pay attention to this."]));
        assert_eq!(d.values, None);
    }

    #[test]
    fn empty_table_values_come_from_prose() {
        let d = describe(&lines(&[
            "S.",
            "Valid values:",
            "  • init: A.",
            "Valid values:",
            "  • init :",
        ]));
        assert_eq!(values(&d), [("init", "A.")]);
        assert_eq!(d.doubts.len(), 1);
    }

    #[test]
    fn nested_bullets_are_not_values() {
        let d = describe(&lines(&[
            "S.",
            "  • For mixing, `Mix`.",
            "    • `UserId` is the user.",
            "      • If 0: x.",
        ]));
        assert_eq!(d.values, None);
        assert_eq!(
            d.text.as_deref(),
            Some("S.\n\n- For mixing, `Mix`.\n  - `UserId` is the user.\n    - If 0: x.")
        );
    }

    #[test]
    fn limits() {
        let d = describe(&lines(&[
            "The number. Default value: 10. Maximum value: 100.",
        ]));
        assert_eq!(
            (d.default.as_deref(), d.limits.maximum),
            (Some("10"), Some(100))
        );
        let max_days = crate::facts::max_days("The end. The range cannot exceed 30 days. More.");
        assert_eq!(max_days, Some(30));
    }
}
