//! Replay protection: the `x-acs-date` window and the one-use `x-acs-signature-nonce`.
//!
//! Kept apart from [`super::signature`] because these checks need a clock and memory, while signature
//! verification must stay a pure function usable on recorded vectors with fixed, old dates.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::Duration;

use jiff::Timestamp;

use super::signature::Rejection;

/// Alibaba Cloud refuses a request whose `x-acs-date` is more than 15 minutes off.
pub const DEFAULT_MAX_SKEW: Duration = Duration::from_secs(15 * 60);

/// Checks `x-acs-date`: exactly `yyyy-MM-ddTHH:mm:ssZ` (UTC), within `max_skew` of `now`.
pub fn check_date(
    value: Option<&[u8]>,
    now: Timestamp,
    max_skew: Duration,
) -> Result<(), Rejection> {
    let value = value.ok_or_else(|| {
        Rejection::IncompleteSignature(
            "The x-acs-date header is required (exactly once).".to_owned(),
        )
    })?;
    let text = String::from_utf8_lossy(value).into_owned();
    let date = parse_acs_date(&text).ok_or_else(|| Rejection::TimestampFormat(text.clone()))?;
    let skew = now.duration_since(date).unsigned_abs();
    if skew > max_skew {
        return Err(Rejection::TimestampExpired(text));
    }
    Ok(())
}

/// Parses the only form the SDKs send: `2024-05-01T12:34:56Z`.
pub fn parse_acs_date(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 20
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && bytes[16] == b':'
        && bytes[19] == b'Z';
    if !shape_ok {
        return None;
    }
    text.parse().ok()
}

/// Formats a timestamp the way `x-acs-date` carries it.
pub fn format_acs_date(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Nonces seen by one server. Only nonces of requests whose signature verified are recorded, so a
/// client cannot be locked out by someone replaying garbage, and a refused request can be resent.
#[derive(Debug, Default)]
pub struct NonceCache {
    /// `false` turns replay detection off (the nonce must still be present).
    remember: bool,
    seen: Mutex<HashSet<Vec<u8>>>,
}

impl NonceCache {
    pub fn new(remember: bool) -> Self {
        NonceCache {
            remember,
            seen: Mutex::default(),
        }
    }

    /// Records `nonce`; refuses it if it was recorded before, or if it is missing/empty.
    pub fn check_and_record(&self, nonce: Option<&[u8]>) -> Result<(), Rejection> {
        let nonce = match nonce {
            Some(n) if !n.is_empty() => n,
            _ => {
                return Err(Rejection::IncompleteSignature(
                    "The x-acs-signature-nonce header is required (exactly once).".to_owned(),
                ));
            }
        };
        if !self.remember {
            return Ok(());
        }
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if !seen.insert(nonce.to_vec()) {
            return Err(Rejection::NonceUsed(
                String::from_utf8_lossy(nonce).into_owned(),
            ));
        }
        Ok(())
    }
}
