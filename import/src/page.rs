//! Splitting a page into its sections: title, intro, operation description, RAM table, request table,
//! response table, JSON example and error table.
//!
//! Sections are found by their headings, which the copied pages keep verbatim. A required section that
//! is missing or out of order is an error naming the line where it was expected, because everything
//! after it would otherwise be read as the wrong thing.

use crate::error::PageError;
use crate::lines::Line;

/// Navigation text the copy picks up above the title.
const CHROME: &[&str] = &["All Products", "Search", "Document Center"];

/// The sections of one page, still as lines (borrowed from the page's lines, never copied).
#[derive(Debug, Clone)]
pub struct Sections<'a> {
    /// The product name before the colon of the title line; `None` when the page leaves it empty.
    pub product_name: Option<String>,
    pub action: String,
    /// Paragraphs between the title and the first section heading ("Last Updated" removed).
    pub intro: Vec<Line<'a>>,
    /// The "Operation description" section, if any.
    pub operation_description: &'a [Line<'a>],
    pub ram_heading: usize,
    /// The RAM table's value cells (after its header row).
    pub ram_cells: &'a [Line<'a>],
    /// The request table's lines after its header row.
    pub request_rows: &'a [Line<'a>],
    pub response_heading: usize,
    pub response_rows: &'a [Line<'a>],
    pub examples_heading: usize,
    /// First and last line (1-based, inclusive) of the JSON example in the page file.
    pub json_lines: Option<(usize, usize)>,
    /// The error table's lines after its header row (empty when the page only links to the error center).
    pub error_rows: &'a [Line<'a>],
}

fn heading(lines: &[Line<'_>], from: usize, names: &[&str]) -> Option<usize> {
    lines
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, l)| l.indent == 0 && names.contains(&l.text))
        .map(|(i, _)| i)
}

/// Finds the sections. `lines` is never empty (the decoder rejects empty pages).
pub fn split<'a>(page: &str, lines: &'a [Line<'a>]) -> Result<Sections<'a>, PageError> {
    let last_no = lines.last().map_or(1, |l| l.no);
    let err = |line: usize, msg: String| PageError::new(page, line, msg);

    // Title.
    let title_index = lines
        .iter()
        .position(|l| !CHROME.contains(&l.text))
        .ok_or_else(|| {
            err(
                last_no,
                "expected the title line (`Product name:ActionName`), found only navigation text"
                    .into(),
            )
        })?;
    let title = &lines[title_index];
    if title.text.starts_with("Last Updated") {
        return Err(err(title.no, "expected the title line (`Product name:ActionName`, e.g. `:ListLiveRecordJobs`) before the `Last Updated` line".into()));
    }
    let (product, action) = title.text.rsplit_once(':').ok_or_else(|| {
        err(
            title.no,
            format!(
                "expected the title line `Product name:ActionName` (e.g. `:ListLiveRecordJobs`), found `{}`",
                clip(title.text)
            ),
        )
    })?;
    let action = action.trim();
    if !is_action(action) {
        return Err(err(
            title.no,
            format!(
                "expected the title line `Product name:ActionName`; `{}` is not an action name (letters and digits, starting with a capital)",
                clip(action)
            ),
        ));
    }
    let product = product.trim();
    let product_name = (!product.is_empty()).then(|| product.to_owned());

    // Headings, each required after the previous one. A missing one is reported where the next
    // section starts (it was expected before it), or at the last line when the page just stops.
    let required: [(&str, &[&str], &str); 4] = [
        (
            "RAM authorization",
            &["RAM authorization", "Authorization information"],
            "the RAM table follows the intro",
        ),
        (
            "Request parameters",
            &["Request parameters"],
            "the request table follows the RAM table",
        ),
        (
            "Response elements",
            &["Response elements", "Response parameters"],
            "the response table follows the request table",
        ),
        (
            "Examples",
            &["Examples"],
            "the JSON example follows the response table",
        ),
    ];
    let mut found = [0usize; 4];
    let mut from = title_index + 1;
    for (k, (what, names, hint)) in required.iter().enumerate() {
        if let Some(i) = heading(lines, from, names) {
            found[k] = i;
            from = i + 1;
            continue;
        }
        let later = required[k + 1..]
            .iter()
            .filter_map(|(_, n, _)| heading(lines, from, n))
            .min();
        return Err(match (later, heading(lines, 0, names)) {
            (_, Some(i)) => err(
                lines[i].no,
                format!(
                    "expected `{what}` after line {}; the section is out of order ({hint})",
                    lines.get(from.saturating_sub(1)).map_or(1, |l| l.no)
                ),
            ),
            (Some(i), None) => err(
                lines[i].no,
                format!(
                    "expected the `{what}` section before `{}` ({hint}); the page has none",
                    lines[i].text
                ),
            ),
            (None, None) => err(
                last_no,
                format!(
                    "expected the `{what}` section ({hint}); the page ends here without it: is it cut short?"
                ),
            ),
        });
    }
    let [ram, request, response, examples] = found;
    let errors = heading(lines, examples + 1, &["Error codes"]);
    let end = heading(lines, examples + 1, &["Release notes"]).unwrap_or(lines.len());

    // Intro and operation description (both before the RAM heading).
    let stops = [
        "Operation description",
        "Try it now",
        "Debugging",
        "RAM authorization",
        "Authorization information",
    ];
    let intro_end = heading(lines, title_index + 1, &stops)
        .unwrap_or(ram)
        .min(ram);
    let intro: Vec<Line<'a>> = lines[title_index + 1..intro_end]
        .iter()
        .filter(|l| !l.text.starts_with("Last Updated"))
        .cloned()
        .collect();
    if intro.is_empty() {
        return Err(err(
            lines.get(title_index + 1).map_or(title.no, |l| l.no),
            "expected the summary sentence after the title line".into(),
        ));
    }
    let operation_description = match heading(lines, title_index + 1, &["Operation description"]) {
        Some(i) if i < ram => {
            let stop = heading(lines, i + 1, &stops[1..]).unwrap_or(ram).min(ram);
            &lines[i + 1..stop]
        }
        _ => &[],
    };

    // RAM table: skip the explanation to the header row.
    let ram_header = [
        "Action",
        "Access level",
        "Resource type",
        "Condition key",
        "Dependent action",
    ];
    // The older layout names the first and last columns differently.
    let older_header = [
        "Operation",
        "Access level",
        "Resource type",
        "Condition key",
        "Associated operation",
    ];
    let header_at = (ram + 1..request).find_map(|i| {
        [&ram_header, &older_header]
            .into_iter()
            .find(|h| lines[i].text == h[0])
            .map(|h| (i, h))
    });
    let ram_cells = match header_at {
        Some((i, ram_header)) => {
            expect_header(page, lines, i, request, ram_header, "RAM table")?;
            &lines[i + ram_header.len()..request]
        }
        None => {
            return Err(err(
                lines[ram].no,
                "expected the RAM table header (Action, Access level, Resource type, Condition key, Dependent action) in the RAM authorization section".into(),
            ))
        }
    };

    let request_header = ["Parameter", "Type", "Required", "Description", "Example"];
    expect_header(
        page,
        lines,
        request + 1,
        response,
        &request_header,
        "request table",
    )?;
    let request_rows = &lines[request + 1 + request_header.len()..response];

    let first = lines.get(response + 1).map(|l| l.text);
    let response_header = [
        if first == Some("Parameter") {
            "Parameter"
        } else {
            "Element"
        },
        "Type",
        "Description",
        "Example",
    ];
    expect_header(
        page,
        lines,
        response + 1,
        examples,
        &response_header,
        "response table",
    )?;
    let response_rows = &lines[response + 1 + response_header.len()..examples];

    // JSON example: from the first `{` line after "Examples" to the line before the next heading.
    let json_end_index = errors.unwrap_or(end);
    let json_lines = (examples + 1..json_end_index)
        .find(|&i| lines[i].text.starts_with('{'))
        .map(|i| {
            (
                lines[i].no,
                lines.get(json_end_index - 1).map_or(lines[i].no, |l| l.no),
            )
        });

    let error_rows = match errors {
        Some(i) => {
            let header = [
                "HTTP status code",
                "Error code",
                "Error message",
                "Description",
            ];
            let mut start = i + 1;
            if lines.get(start).is_some_and(|l| l.text == header[0]) {
                expect_header(page, lines, start, end, &header, "error-code table")?;
                start += header.len();
            }
            &lines[start.min(end)..end]
        }
        None => &[],
    };

    Ok(Sections {
        product_name,
        action: action.to_owned(),
        intro,
        operation_description,
        ram_heading: lines[ram].no,
        ram_cells,
        request_rows,
        response_heading: lines[response].no,
        response_rows,
        examples_heading: lines[examples].no,
        json_lines,
        error_rows,
    })
}

/// Checks that `names` appear one per line from `start` (before `limit`).
fn expect_header(
    page: &str,
    lines: &[Line],
    start: usize,
    limit: usize,
    names: &[&str],
    table: &str,
) -> Result<(), PageError> {
    for (k, name) in names.iter().enumerate() {
        let i = start + k;
        match lines.get(i) {
            Some(l) if i < limit && l.text == *name => {}
            Some(l) if i < limit => {
                return Err(PageError::new(
                    page,
                    l.no,
                    format!(
                        "expected the {table} column header `{name}`, found `{}`",
                        clip(l.text)
                    ),
                ));
            }
            _ => {
                let no = lines
                    .get(i.min(limit).saturating_sub(1))
                    .map_or(1, |l| l.no);
                return Err(PageError::new(
                    page,
                    no,
                    format!(
                        "expected the {table} column header `{name}` after this line; the table ends here"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// An action name: an ASCII capital, then letters and digits.
pub fn is_action(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Shortens page text quoted in a message.
pub fn clip(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_owned()
    } else {
        let head: String = s.chars().take(57).collect();
        format!("{head}...")
    }
}
