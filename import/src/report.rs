//! What the importer tells the reviewer: counts, and every doubt with the page line it is about.

use std::fmt;

/// Something the importer was unsure of, corrected, or could not read. Never silent: each is printed
/// and also written to the operation's `x-acs-page-defects`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubt {
    /// 1-based page line the doubt is about.
    pub line: usize,
    pub message: String,
}

impl Doubt {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

/// The per-page report: what was found, and the doubts in page order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub page: String,
    pub action: String,
    pub parameters: usize,
    /// Response properties at every depth, array items not counted.
    pub fields: usize,
    pub enums: usize,
    pub error_codes: usize,
    pub doubts: Vec<Doubt>,
}

impl Report {
    /// Whether any doubt's message contains `needle` (for tests and scripts).
    pub fn mentions(&self, needle: &str) -> bool {
        self.doubts.iter().any(|d| d.message.contains(needle))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} ({}): {} parameter{}, {} response field{}, {} enum{}, {} error code{}; {} doubt{}",
            self.page,
            self.action,
            self.parameters,
            plural(self.parameters),
            self.fields,
            plural(self.fields),
            self.enums,
            plural(self.enums),
            self.error_codes,
            plural(self.error_codes),
            self.doubts.len(),
            plural(self.doubts.len()),
        )?;
        for d in &self.doubts {
            writeln!(f, "  {}:{}: {}", self.page, d.line, d.message)?;
        }
        Ok(())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
