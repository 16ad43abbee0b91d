//! The request log and per-action counters, so tests can assert what a client actually sent
//! (headers, query, retries) and how the server judged it.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::faults::Fault;

/// How the server judged a request's signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Signature, date and nonce accepted.
    Accepted { access_key_id: String },
    /// Refused with this error code. `canonical_request` is what the server computed, when it got
    /// that far (handy when debugging a client's signer).
    Rejected {
        code: String,
        message: String,
        canonical_request: Option<String>,
    },
    /// Refused before the signature was looked at (unknown action, wrong method).
    NotChecked,
}

impl Verdict {
    pub fn is_accepted(&self) -> bool {
        matches!(self, Verdict::Accepted { .. })
    }
}

/// One request as received, and what the server did with it.
#[derive(Clone, Debug)]
pub struct LoggedRequest {
    /// 1-based arrival order.
    pub seq: u64,
    /// `x-acs-action`, if sent.
    pub action: Option<String>,
    /// `x-acs-version`, if sent.
    pub version: Option<String>,
    pub method: String,
    pub path: String,
    /// The query string exactly as received.
    pub raw_query: String,
    /// The query decoded (`+` as space), in wire order.
    pub query: Vec<(String, String)>,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// The body's parameters, decoded, when it is `application/x-www-form-urlencoded`.
    pub form: Vec<(String, String)>,
    /// Every header (names lower-case), in received order; non-UTF-8 bytes replaced.
    pub headers: Vec<(String, String)>,
    pub verdict: Verdict,
    /// The status the server answered with.
    pub status: u16,
    /// The error code answered with, if any.
    pub error_code: Option<String>,
    /// The fault applied, if any.
    pub fault: Option<Fault>,
}

impl LoggedRequest {
    /// First value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// First value of a query parameter (decoded).
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// All requests one server received.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<Vec<LoggedRequest>>,
}

impl RequestLog {
    pub(crate) fn record(&self, entry: LoggedRequest) {
        self.lock().push(entry);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<LoggedRequest>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A copy of every entry, in arrival order.
    pub fn entries(&self) -> Vec<LoggedRequest> {
        self.lock().clone()
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Requests received per `x-acs-action` (`""` for requests without one), whatever the outcome.
    pub fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for entry in self.lock().iter() {
            *counts
                .entry(entry.action.clone().unwrap_or_default())
                .or_insert(0) += 1;
        }
        counts
    }

    /// Requests received for one action, whatever the outcome.
    pub fn count(&self, action: &str) -> usize {
        self.lock()
            .iter()
            .filter(|e| e.action.as_deref() == Some(action))
            .count()
    }

    /// Requests for one action that were accepted and answered 200.
    pub fn served(&self, action: &str) -> usize {
        self.lock()
            .iter()
            .filter(|e| e.action.as_deref() == Some(action) && e.status == 200)
            .count()
    }
}
