//! The one error a page can produce: it names the page, the line and what was expected there, so a
//! mangled page can be fixed by looking at one place.

use std::fmt;

/// Why a page could not be read. `line` is 1-based and refers to the page file as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    pub page: String,
    pub line: usize,
    pub message: String,
}

impl PageError {
    pub fn new(page: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            page: page.to_owned(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.page, self.line, self.message)
    }
}

impl std::error::Error for PageError {}
