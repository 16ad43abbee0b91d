//! Independent ACS3-HMAC-SHA256 (V3) signature verification, as Alibaba Cloud's gateway does it.
//!
//! This deliberately does not call the runtime's signing code: the server exists to check that code.
//! Everything is rebuilt from what was received on the wire — method, raw path, raw query string,
//! the headers named in `SignedHeaders`, and the body — so a client that signs one thing and sends
//! another is caught.
//!
//! The checks here are stateless; the time window and nonce replay checks live in [`super::replay`],
//! so this module can be called as a plain function over captured requests (the interop test runs the
//! official Python SDK's vectors through [`verify_signature`]).

use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode, percent_encode};
use sha2::{Digest, Sha256};

use super::keys::KeyTable;

/// The only algorithm the server accepts (the SDK also knows ACS3-HMAC-SM3 and ACS3-RSA-SHA256).
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// RFC 3986 unreserved characters stay literal; everything else is `%XX` (upper-case hex).
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A received request, reduced to what the signature covers.
#[derive(Clone, Copy, Debug)]
pub struct RequestParts<'a> {
    pub method: &'a str,
    /// The raw path as received (`/` for RPC calls).
    pub path: &'a str,
    /// The raw query string as received, without the `?` (empty when there is none).
    pub raw_query: &'a str,
    /// Every received header, names lower-cased, in received order (repeated names allowed).
    pub headers: &'a [(String, Vec<u8>)],
    pub body: &'a [u8],
}

impl RequestParts<'_> {
    /// All values of one header, in received order.
    pub fn header_values<'h>(&'h self, name: &'h str) -> impl Iterator<Item = &'h [u8]> + 'h {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// The single value of a header; `None` if absent or repeated.
    pub fn header<'h>(&'h self, name: &'h str) -> Option<&'h [u8]> {
        let mut values = self.header_values(name);
        let first = values.next()?;
        match values.next() {
            Some(_) => None,
            None => Some(first),
        }
    }
}

/// The three fields of an `Authorization: ACS3-HMAC-SHA256 ...` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedAuthorization {
    pub access_key_id: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Why a request's signature was refused. Each maps to one of Alibaba's error codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// `IncompleteSignature` (400): Authorization absent or malformed, or the signed header set is
    /// not acceptable (a required header missing or unsigned).
    IncompleteSignature(String),
    /// `InvalidAccessKeyId.NotFound` (404).
    AccessKeyNotFound(String),
    /// `SignatureDoesNotMatch` (400). Carries what the server computed, for the message and the log.
    SignatureDoesNotMatch {
        string_to_sign: String,
        canonical_request: String,
        detail: Option<String>,
    },
    /// `MissingSecurityToken` (400): an STS AccessKeyId without `x-acs-security-token`.
    MissingSecurityToken,
    /// `InvalidSecurityToken.Mismatch` (400): a token that is not the one issued with this key.
    SecurityTokenMismatch,
    /// `InvalidTimeStamp.Format` (400).
    TimestampFormat(String),
    /// `InvalidTimeStamp.Expired` (400): `x-acs-date` more than the allowed skew from now.
    TimestampExpired(String),
    /// `SignatureNonceUsed` (400).
    NonceUsed(String),
}

impl Rejection {
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::IncompleteSignature(_) => "IncompleteSignature",
            Rejection::AccessKeyNotFound(_) => "InvalidAccessKeyId.NotFound",
            Rejection::SignatureDoesNotMatch { .. } => "SignatureDoesNotMatch",
            Rejection::MissingSecurityToken => "MissingSecurityToken",
            Rejection::SecurityTokenMismatch => "InvalidSecurityToken.Mismatch",
            Rejection::TimestampFormat(_) => "InvalidTimeStamp.Format",
            Rejection::TimestampExpired(_) => "InvalidTimeStamp.Expired",
            Rejection::NonceUsed(_) => "SignatureNonceUsed",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Rejection::AccessKeyNotFound(_) => 404,
            _ => 400,
        }
    }

    /// The message, worded like Alibaba's.
    pub fn message(&self) -> String {
        match self {
            Rejection::IncompleteSignature(why) => {
                format!("The request signature does not conform to Aliyun standards. {why}")
            }
            Rejection::AccessKeyNotFound(_) => "Specified access key is not found.".to_owned(),
            Rejection::SignatureDoesNotMatch {
                string_to_sign,
                detail,
                ..
            } => {
                let mut message = format!(
                    "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
                );
                if let Some(detail) = detail {
                    message.push_str(" (");
                    message.push_str(detail);
                    message.push(')');
                }
                message
            }
            Rejection::MissingSecurityToken => {
                "SecurityToken is mandatory for this AccessKeyId.".to_owned()
            }
            Rejection::SecurityTokenMismatch => {
                "Specified SecurityToken is not matched with the AccessKeyId.".to_owned()
            }
            Rejection::TimestampFormat(value) => format!(
                "Specified time stamp or date value is not well formatted. x-acs-date: {value}"
            ),
            Rejection::TimestampExpired(value) => {
                format!("Specified time stamp or date value is expired. x-acs-date: {value}")
            }
            Rejection::NonceUsed(nonce) => {
                format!("Specified signature nonce was used already. nonce: {nonce}")
            }
        }
    }
}

/// What a successful verification established.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub access_key_id: String,
    pub security_token: Option<String>,
    pub signed_headers: Vec<String>,
    pub canonical_request: String,
    pub string_to_sign: String,
}

/// Checks the signature of one request against the key table. Stateless: no clock, no nonce memory.
pub fn verify_signature(parts: &RequestParts<'_>, keys: &KeyTable) -> Result<Verified, Rejection> {
    let mut authorizations = parts.header_values("authorization");
    let authorization = authorizations.next().ok_or_else(|| {
        Rejection::IncompleteSignature("The Authorization header is missing.".to_owned())
    })?;
    if authorizations.next().is_some() {
        return Err(Rejection::IncompleteSignature(
            "More than one Authorization header.".to_owned(),
        ));
    }
    let auth = parse_authorization(authorization)?;
    check_signed_header_set(parts, &auth.signed_headers)?;

    let body_hash = hex::encode(Sha256::digest(parts.body));
    match parts.header("x-acs-content-sha256") {
        None => {
            return Err(Rejection::IncompleteSignature(
                "The x-acs-content-sha256 header is required (exactly once).".to_owned(),
            ));
        }
        Some(sent) if sent != body_hash.as_bytes() => {
            let (canonical_request, string_to_sign) =
                canonical_and_string_to_sign(parts, &auth.signed_headers, &body_hash);
            return Err(Rejection::SignatureDoesNotMatch {
                string_to_sign,
                canonical_request,
                detail: Some(format!(
                    "x-acs-content-sha256 is not the SHA-256 of the body, which is {body_hash}"
                )),
            });
        }
        Some(_) => {}
    }

    let credential = keys
        .get(&auth.access_key_id)
        .ok_or_else(|| Rejection::AccessKeyNotFound(auth.access_key_id.clone()))?;
    let sent_token = parts.header("x-acs-security-token");
    match (&credential.security_token, sent_token) {
        (Some(_), None) => return Err(Rejection::MissingSecurityToken),
        (Some(expected), Some(sent)) if sent != expected.as_bytes() => {
            return Err(Rejection::SecurityTokenMismatch);
        }
        // A token sent with a long-term key is a client bug (a leaked or empty token header).
        (None, Some(_)) => return Err(Rejection::SecurityTokenMismatch),
        _ => {}
    }
    if let Some(sent_id) = parts.header("x-acs-accesskey-id")
        && sent_id != auth.access_key_id.as_bytes()
    {
        return Err(Rejection::IncompleteSignature(
            "x-acs-accesskey-id differs from the Credential in Authorization.".to_owned(),
        ));
    }

    let (canonical_request, string_to_sign) =
        canonical_and_string_to_sign(parts, &auth.signed_headers, &body_hash);
    let expected = hmac_sha256_hex(credential.access_key_secret.as_bytes(), &string_to_sign);
    if expected != auth.signature {
        return Err(Rejection::SignatureDoesNotMatch {
            string_to_sign,
            canonical_request,
            detail: None,
        });
    }
    Ok(Verified {
        access_key_id: auth.access_key_id,
        security_token: credential.security_token.clone(),
        signed_headers: auth.signed_headers,
        canonical_request,
        string_to_sign,
    })
}

/// Parses `ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=a;b,Signature=hex`.
///
/// Tolerates spaces around the commas; refuses anything ambiguous (repeated or unknown fields).
pub fn parse_authorization(value: &[u8]) -> Result<ParsedAuthorization, Rejection> {
    let bad = |why: &str| Rejection::IncompleteSignature(format!("Malformed Authorization: {why}"));
    let text = std::str::from_utf8(value).map_err(|_| bad("not UTF-8."))?;
    let (algorithm, rest) = text
        .trim()
        .split_once(' ')
        .ok_or_else(|| bad("expected `<algorithm> Credential=...`."))?;
    if algorithm != ALGORITHM {
        return Err(bad(&format!(
            "unsupported algorithm {algorithm:?}, expected {ALGORITHM}."
        )));
    }
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for field in rest.split(',') {
        let (name, field_value) = field
            .trim()
            .split_once('=')
            .ok_or_else(|| bad("a field without `=`."))?;
        let slot = match name {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            other => return Err(bad(&format!("unknown field {other:?}."))),
        };
        if slot.replace(field_value).is_some() {
            return Err(bad(&format!("field {name} repeated.")));
        }
    }
    let credential = credential.ok_or_else(|| bad("Credential is missing."))?;
    let signed_headers = signed_headers.ok_or_else(|| bad("SignedHeaders is missing."))?;
    let signature = signature.ok_or_else(|| bad("Signature is missing."))?;
    if credential.is_empty() {
        return Err(bad("Credential is empty."));
    }
    if signature.is_empty() {
        return Err(bad("Signature is empty."));
    }
    Ok(ParsedAuthorization {
        access_key_id: credential.to_owned(),
        signed_headers: signed_headers.split(';').map(str::to_owned).collect(),
        signature: signature.to_owned(),
    })
}

/// The signed header list must be lower-case, sorted, unique, include `host`, cover every `x-acs-*`
/// header and `content-type` that was sent, and every header it names must be present.
fn check_signed_header_set(parts: &RequestParts<'_>, signed: &[String]) -> Result<(), Rejection> {
    let incomplete = |why: String| Err(Rejection::IncompleteSignature(why));
    for name in signed {
        if name.is_empty() || name.bytes().any(|b| b.is_ascii_uppercase()) {
            return incomplete(format!(
                "SignedHeaders entry {name:?} must be a non-empty lower-case header name."
            ));
        }
        if name == "authorization" {
            return incomplete("The Authorization header cannot be signed.".to_owned());
        }
        if parts.header_values(name).next().is_none() {
            return incomplete(format!(
                "Signed header {name:?} is not present in the request."
            ));
        }
    }
    if signed.windows(2).any(|pair| pair[0] >= pair[1]) {
        return incomplete("SignedHeaders must be sorted and without duplicates.".to_owned());
    }
    if !signed.iter().any(|name| name == "host") {
        return incomplete("The host header must be signed.".to_owned());
    }
    for (name, _) in parts.headers {
        let must_sign = name.starts_with("x-acs-") || name == "content-type";
        if must_sign && !signed.iter().any(|s| s == name) {
            return incomplete(format!("Header {name:?} was sent but not signed."));
        }
    }
    Ok(())
}

fn canonical_and_string_to_sign(
    parts: &RequestParts<'_>,
    signed: &[String],
    body_hash: &str,
) -> (String, String) {
    let canonical = canonical_request_bytes(parts, signed, body_hash);
    let string_to_sign = format!("{ALGORITHM}\n{}", hex::encode(Sha256::digest(&canonical)));
    (
        String::from_utf8_lossy(&canonical).into_owned(),
        string_to_sign,
    )
}

/// METHOD \n path \n canonical query \n canonical headers (each ending in \n) \n signed names \n body hash.
///
/// Bytes, not text: a header or query value may decode to non-UTF-8 and must still hash as sent.
fn canonical_request_bytes(
    parts: &RequestParts<'_>,
    signed: &[String],
    body_hash: &str,
) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(parts.method.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(if parts.path.is_empty() {
        b"/"
    } else {
        parts.path.as_bytes()
    });
    out.push(b'\n');
    out.extend_from_slice(canonical_query_string(parts.raw_query).as_bytes());
    out.push(b'\n');
    for name in signed {
        let mut values: Vec<&[u8]> = parts.header_values(name).map(<[u8]>::trim_ascii).collect();
        values.sort();
        out.extend_from_slice(name.as_bytes());
        out.push(b':');
        out.extend_from_slice(&values.join(&b","[..]));
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(signed.join(";").as_bytes());
    out.push(b'\n');
    out.extend_from_slice(body_hash.as_bytes());
    out
}

/// Rebuilds the canonical query string from a raw one: split on `&`, decode each key and value
/// (`+` is a space, as the official Python SDK sends it), re-encode per RFC 3986, sort by key bytes
/// (then value), join with `&`. A piece without `=` is a key with an empty value.
pub fn canonical_query_string(raw_query: &str) -> String {
    let mut pairs = decode_query_bytes(raw_query);
    pairs.sort();
    pairs
        .iter()
        .map(|(key, value)| format!("{}={}", encode(key), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The query's key/value pairs, decoded, in wire order; invalid UTF-8 is replaced (for handlers/logs).
pub fn decode_query(raw_query: &str) -> Vec<(String, String)> {
    decode_query_bytes(raw_query)
        .into_iter()
        .map(|(k, v)| {
            (
                String::from_utf8_lossy(&k).into_owned(),
                String::from_utf8_lossy(&v).into_owned(),
            )
        })
        .collect()
}

fn decode_query_bytes(raw_query: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    raw_query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            (form_decode(key), form_decode(value))
        })
        .collect()
}

/// `application/x-www-form-urlencoded` decoding: `+` → space, then `%XX`. Invalid escapes stay literal.
fn form_decode(text: &str) -> Vec<u8> {
    let spaced = text.replace('+', " ");
    percent_decode(spaced.as_bytes()).collect()
}

/// RFC 3986 encoding of raw bytes (`A-Za-z0-9-_.~` literal, `%XX` upper-case otherwise).
pub fn encode(bytes: &[u8]) -> String {
    percent_encode(bytes, RFC3986).to_string()
}

/// Lower-case hex HMAC-SHA256.
pub fn hmac_sha256_hex(key: &[u8], message: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(message.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_vector() {
        let headers: Vec<(String, Vec<u8>)> = [
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            (
                "x-acs-content-sha256",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-version", "2014-05-26"),
            (
                "authorization",
                "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
            ),
        ]
        .iter()
        .map(|(n, v)| (n.to_string(), v.as_bytes().to_vec()))
        .collect();
        let parts = RequestParts {
            method: "POST",
            path: "/",
            raw_query: "RegionId=cn-shanghai&ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            headers: &headers,
            body: b"",
        };
        let keys = KeyTable::empty().with_key("YourAccessKeyId", "YourAccessKeySecret");
        let verified = verify_signature(&parts, &keys).expect("published vector verifies");
        assert_eq!(
            verified.string_to_sign,
            "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
    }

    #[test]
    fn plus_is_space_and_sorting_is_by_bytes() {
        assert_eq!(
            canonical_query_string("b=x+y&a=%E6%A8%A1*~&Z=1&c"),
            "Z=1&a=%E6%A8%A1%2A~&b=x%20y&c="
        );
    }

    #[test]
    fn garbage_never_panics() {
        for raw in ["%", "%zz=%", "=&&=", "a=%FF%FE", "+=+"] {
            let _ = canonical_query_string(raw);
        }
        for auth in [
            &b""[..],
            b"ACS3-HMAC-SHA256",
            b"ACS3-HMAC-SHA256 ",
            b"ACS3-HMAC-SHA256 Credential",
            b"\xff\xfe",
            b"ACS3-HMAC-SHA256 Credential=a,Credential=b,SignedHeaders=host,Signature=x",
        ] {
            assert!(parse_authorization(auth).is_err());
        }
    }
}
