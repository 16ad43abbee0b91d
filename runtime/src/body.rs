//! Reading a response body within a limit, and showing bodies in errors within a few KiB.

use std::fmt;

/// How much of a body `Debug` and `Display` of an error show, and how much of an over-long body the
/// [`ResponseTooLargeError`] keeps.
pub const SHOWN_BODY_BYTES: usize = 4 * 1024;

/// A response whose body is longer than the client's limit
/// ([`ConfigBuilder::max_response_body`](crate::ConfigBuilder::max_response_body)). Only the first
/// bytes were read; the connection is dropped.
#[derive(Clone)]
#[non_exhaustive]
pub struct ResponseTooLargeError {
    /// API action.
    pub operation: &'static str,
    /// HTTP status code.
    pub status: u16,
    /// The `x-acs-request-id` header.
    pub request_id: Option<String>,
    /// The limit, in bytes.
    pub limit: u64,
    /// The `Content-Length` the server announced, if any.
    pub content_length: Option<u64>,
    /// The first bytes of the body (at most [`SHOWN_BODY_BYTES`]), lossy UTF-8.
    pub head: String,
}

impl fmt::Display for ResponseTooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} returned HTTP {} with a body over the client's limit of {} bytes",
            self.operation, self.status, self.limit
        )?;
        if let Some(n) = self.content_length {
            write!(f, " (Content-Length {n})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ResponseTooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseTooLargeError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("limit", &self.limit)
            .field("content_length", &self.content_length)
            .field("head", &Shown(&self.head))
            .finish()
    }
}

impl std::error::Error for ResponseTooLargeError {}

/// `Debug` of a body: at most [`SHOWN_BODY_BYTES`] of it, and its length when cut.
pub(crate) struct Shown<'a>(pub &'a str);

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = prefix(self.0, SHOWN_BODY_BYTES);
        if shown.len() == self.0.len() {
            fmt::Debug::fmt(self.0, f)
        } else {
            write!(f, "{shown:?}… ({} bytes in all)", self.0.len())
        }
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
pub(crate) fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The body, read chunk by chunk while it stays within `limit` bytes. Past the limit (or when the
/// announced `Content-Length` already is), reading stops and the first bytes are returned as the error.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Result<Vec<u8>, (Option<u64>, Vec<u8>)>, reqwest::Error> {
    let announced = response.content_length();
    let over = announced.is_some_and(|n| n > limit);
    let mut body = Vec::with_capacity(announced.map_or(0, |n| n.min(limit).min(1 << 20)) as usize);
    while let Some(chunk) = response.chunk().await? {
        if over || (body.len() + chunk.len()) as u64 > limit {
            let keep = SHOWN_BODY_BYTES.saturating_sub(body.len()).min(chunk.len());
            body.extend_from_slice(&chunk[..keep]);
            body.truncate(SHOWN_BODY_BYTES);
            if over && body.len() < SHOWN_BODY_BYTES {
                continue; // Content-Length already says too much: read only the head.
            }
            return Ok(Err((announced, body)));
        }
        body.extend_from_slice(&chunk);
    }
    if over {
        // The server announced more than it sent: still over the limit by its own account.
        return Ok(Err((announced, body)));
    }
    Ok(Ok(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_long_body_is_cut_on_a_character_boundary() {
        let body = "é".repeat(10_000);
        let shown = format!("{:?}", Shown(&body));
        assert!(shown.len() < SHOWN_BODY_BYTES + 64, "{}", shown.len());
        assert!(shown.ends_with("… (20000 bytes in all)"), "{shown}");
        assert_eq!(format!("{:?}", Shown("short")), "\"short\"");
    }
}
