//! Decoding a page into numbered, non-blank lines.
//!
//! The copied pages separate almost every line with a blank one, but not all (nested bullets run
//! together), so blank lines carry no meaning and are dropped. Indentation does carry meaning (bullet
//! nesting, the value lines of enum tables), so it is kept beside the trimmed text.

use crate::error::PageError;

/// One non-blank line of the page. The text is borrowed from the page, so the lines of a large
/// page cost a few words each and can be shared by the sections and rows without copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'p> {
    /// 1-based line number in the page file.
    pub no: usize,
    /// Leading spaces (a tab counts as one).
    pub indent: usize,
    /// The text without surrounding whitespace.
    pub text: &'p str,
}

impl<'p> Line<'p> {
    /// The text after a `• ` bullet marker, if this line is a bullet.
    pub fn bullet(&self) -> Option<&'p str> {
        self.text.strip_prefix('•').map(str::trim_start)
    }
}

/// Lines numbered 1, 2, ... as given, for the parsers' unit tests.
#[cfg(test)]
pub(crate) fn numbered<'p>(texts: &[&'p str]) -> Vec<Line<'p>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Line {
            no: i + 1,
            indent: t.len() - t.trim_start().len(),
            text: t.trim(),
        })
        .collect()
}

/// Splits a page into its non-blank lines, rejecting what is not text.
pub fn decode<'p>(page: &str, bytes: &'p [u8]) -> Result<Vec<Line<'p>>, PageError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = line_of_offset(bytes, e.valid_up_to());
            return Err(PageError::new(
                page,
                line,
                format!(
                    "expected UTF-8 text (the page copied as plain text), found a byte that is not UTF-8 at offset {}; is this a binary file?",
                    e.valid_up_to()
                ),
            ));
        }
    };
    if let Some(offset) =
        text.find(|c: char| c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')))
    {
        let line = line_of_offset(bytes, offset);
        return Err(PageError::new(
            page,
            line,
            "expected plain text, found a control character (binary data?)",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Sized by a first pass: growing by doubling would hold up to twice the lines' size (34 MB
    // instead of 17 for a 10 MB page, the importer's largest allocation).
    let non_blank = text.lines().filter(|l| !l.trim().is_empty()).count();
    let mut lines: Vec<Line<'p>> = Vec::with_capacity(non_blank);
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(row) = trimmed.strip_prefix('|') {
            pipe_cells(row, i + 1, &mut lines);
            continue;
        }
        lines.push(Line {
            no: i + 1,
            indent: raw.chars().take_while(|c| c.is_whitespace()).count(),
            text: trimmed,
        });
    }
    if lines.is_empty() {
        return Err(PageError::new(
            page,
            1,
            "the page is empty; expected an API reference page starting with its title line (`Product name:ActionName`)",
        ));
    }
    Ok(lines)
}

/// A pipe-table row (`| a | b |`, the pipe layout) as one line per non-empty cell, like the other
/// layouts; the `| --- |` rule is dropped. A cell broken over lines ends up as consecutive lines.
fn pipe_cells<'p>(row: &'p str, no: usize, lines: &mut Vec<Line<'p>>) {
    let cells = row
        .strip_suffix('|')
        .unwrap_or(row)
        .split('|')
        .map(str::trim);
    let cells: Vec<&str> = cells.filter(|c| !c.is_empty()).collect();
    if cells
        .iter()
        .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':')))
    {
        return;
    }
    lines.extend(cells.into_iter().map(|c| Line {
        no,
        indent: 0,
        text: c,
    }));
}

fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    bytes
        .get(..offset)
        .map_or(1, |b| b.iter().filter(|&&c| c == b'\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_numbers_and_indent() {
        let lines = decode("p", b"a\n\n  \xe2\x80\xa2 b\n").unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].no, 3);
        assert_eq!(lines[1].indent, 2);
        assert_eq!(lines[1].bullet(), Some("b"));
    }

    #[test]
    fn rejects_binary_and_empty() {
        assert_eq!(decode("p", b"ok\n\xff\xfe").unwrap_err().line, 2);
        assert_eq!(decode("p", b"ok\n\0").unwrap_err().line, 2);
        assert!(decode("p", b"\n \n").unwrap_err().message.contains("empty"));
    }
}
