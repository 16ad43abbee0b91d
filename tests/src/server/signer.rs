//! A minimal V3 signer for raw HTTP test clients (e.g. reqwest in `tests/server_*.rs`).
//!
//! Written from the protocol description, separately from the server's verifier (different encoding
//! code, builds from decoded pairs instead of a raw query string), so that server tests are not
//! merely checking the verifier against itself; the interop test also checks it against the official
//! Python SDK's vectors.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::keys::{
    STS_ACCESS_KEY_ID, STS_ACCESS_KEY_SECRET, STS_SECURITY_TOKEN, TEST_ACCESS_KEY_ID,
    TEST_ACCESS_KEY_SECRET,
};

/// SHA-256 of the empty body.
pub const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Who signs.
#[derive(Clone, Debug)]
pub struct Signer {
    pub access_key_id: String,
    pub access_key_secret: String,
    pub security_token: Option<String>,
}

/// One RPC call to sign: all parameters in the query, empty body.
#[derive(Clone, Debug)]
pub struct RpcCall<'a> {
    pub method: &'a str,
    /// The Host header, e.g. `127.0.0.1:PORT`.
    pub host: &'a str,
    pub action: &'a str,
    pub version: &'a str,
    /// Decoded parameters.
    pub query: &'a [(&'a str, &'a str)],
}

/// A signed call, ready to send.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The canonical query string, which is also what goes on the wire after `/?`.
    pub query_string: String,
    /// Every header to send, Authorization last.
    pub headers: Vec<(String, String)>,
    pub canonical_request: String,
}

impl Signer {
    /// The default test AccessKey pair.
    pub fn test_key() -> Signer {
        Signer::new(TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, None)
    }

    /// The default STS triple.
    pub fn sts() -> Signer {
        Signer::new(
            STS_ACCESS_KEY_ID,
            STS_ACCESS_KEY_SECRET,
            Some(STS_SECURITY_TOKEN),
        )
    }

    pub fn new(access_key_id: &str, access_key_secret: &str, token: Option<&str>) -> Signer {
        Signer {
            access_key_id: access_key_id.to_owned(),
            access_key_secret: access_key_secret.to_owned(),
            security_token: token.map(str::to_owned),
        }
    }

    /// Signs `call` with the given date (`yyyy-MM-ddTHH:mm:ssZ`) and nonce, signing host and every
    /// `x-acs-*` header it sends.
    pub fn prepare(&self, call: &RpcCall<'_>, date: &str, nonce: &str) -> Prepared {
        let mut headers: Vec<(String, String)> = vec![
            ("host".into(), call.host.into()),
            ("x-acs-action".into(), call.action.into()),
            ("x-acs-version".into(), call.version.into()),
            ("x-acs-date".into(), date.into()),
            ("x-acs-signature-nonce".into(), nonce.into()),
            ("x-acs-content-sha256".into(), EMPTY_SHA256.into()),
        ];
        if let Some(token) = &self.security_token {
            headers.push(("x-acs-security-token".into(), token.clone()));
            headers.push(("x-acs-accesskey-id".into(), self.access_key_id.clone()));
        }
        let query_string = canonical_query(call.query);
        let (canonical_request, authorization) =
            self.authorize(call.method, "/", &query_string, &headers, EMPTY_SHA256);
        headers.push(("authorization".into(), authorization));
        Prepared {
            query_string,
            headers,
            canonical_request,
        }
    }

    /// Signs arbitrary headers (all of them): returns (canonical request, Authorization value).
    pub fn authorize(
        &self,
        method: &str,
        path: &str,
        canonical_query: &str,
        headers: &[(String, String)],
        body_sha256: &str,
    ) -> (String, String) {
        let mut sorted: Vec<(String, &str)> = headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.trim()))
            .collect();
        sorted.sort();
        let mut canonical_headers = String::new();
        for (name, value) in &sorted {
            canonical_headers.push_str(&format!("{name}:{value}\n"));
        }
        let signed: Vec<&str> = sorted.iter().map(|(name, _)| name.as_str()).collect();
        let signed = signed.join(";");
        let canonical_request = format!(
            "{method}\n{path}\n{canonical_query}\n{canonical_headers}\n{signed}\n{body_sha256}"
        );
        let string_to_sign = format!(
            "ACS3-HMAC-SHA256\n{}",
            hex::encode(Sha256::digest(canonical_request.as_bytes()))
        );
        let signature = match Hmac::<Sha256>::new_from_slice(self.access_key_secret.as_bytes()) {
            Ok(mut mac) => {
                mac.update(string_to_sign.as_bytes());
                hex::encode(mac.finalize().into_bytes())
            }
            Err(_) => String::new(),
        };
        let authorization = format!(
            "ACS3-HMAC-SHA256 Credential={},SignedHeaders={signed},Signature={signature}",
            self.access_key_id
        );
        (canonical_request, authorization)
    }
}

/// Sorted `key=value` pairs, both RFC 3986-encoded, joined with `&`.
pub fn canonical_query(pairs: &[(&str, &str)]) -> String {
    // Sort the raw pairs (by key bytes, as Python sorts str keys), not the encoded strings:
    // `A=` must come before `A.1=` although `.` < `=`.
    let mut sorted = pairs.to_vec();
    sorted.sort();
    sorted
        .iter()
        .map(|(key, value)| format!("{}={}", rfc3986(key), rfc3986(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// RFC 3986: unreserved bytes literal, the rest `%XX` upper-case.
pub fn rfc3986(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The current time as `x-acs-date`.
pub fn now_date() -> String {
    super::replay::format_acs_date(jiff::Timestamp::now())
}

/// A fresh 32-hex-digit nonce.
pub fn fresh_nonce() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}
