//! The mock server's gatekeeper: the checks Alibaba Cloud's gateway makes before an action runs.
//!
//! The canonical request and the signature are computed with this crate's own [`crate::signing`]
//! functions over what was received on the wire (method, path, decoded query, the headers named in
//! `SignedHeaders`, the body), so a client that signs one thing and sends another is refused. The date
//! window and the one-use nonce are checked after the signature, as the service does.

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use jiff::Timestamp;
use percent_encoding::percent_decode_str;

use crate::signing::{self, SignableRequest};

/// Alibaba Cloud refuses a request whose `x-acs-date` is more than 15 minutes from its clock.
pub const DEFAULT_MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// How many nonces the server remembers; older ones are forgotten first.
const NONCE_MEMORY: usize = 100_000;

/// A key the server accepts.
#[derive(Clone, Debug)]
pub(crate) struct Key {
    pub access_key_id: String,
    pub access_key_secret: String,
    /// STS credentials: requests must carry exactly this `x-acs-security-token`.
    pub security_token: Option<String>,
}

/// A received request, reduced to what the checks read. Header names are lower-case.
pub(crate) struct Incoming<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a [(String, String)],
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

impl Incoming<'_> {
    fn values<'h>(&'h self, name: &'h str) -> impl Iterator<Item = &'h str> + 'h {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The header's value when it was sent exactly once.
    pub fn header<'h>(&'h self, name: &str) -> Option<&'h str> {
        let mut values = self
            .headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str());
        let first = values.next()?;
        values.next().is_none().then_some(first)
    }
}

/// Why a request was refused: Alibaba Cloud's status, code and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl Refusal {
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            code,
            message: message.into(),
        }
    }

    fn incomplete(why: &str) -> Refusal {
        Refusal::new(
            400,
            "IncompleteSignature",
            format!("The request signature does not conform to Aliyun standards. {why}"),
        )
    }
}

/// Signature, key, security token, date window and nonce. Returns the caller's AccessKeyId.
pub(crate) fn verify(
    request: &Incoming<'_>,
    keys: &[Key],
    now: Timestamp,
    max_skew: Duration,
    nonces: &mut Nonces,
) -> Result<String, Refusal> {
    let mut authorizations = request.values("authorization");
    let authorization = authorizations
        .next()
        .ok_or_else(|| Refusal::incomplete("The Authorization header is missing."))?;
    if authorizations.next().is_some() {
        return Err(Refusal::incomplete("More than one Authorization header."));
    }
    let (access_key_id, signed, signature) = parse_authorization(authorization)?;
    check_signed_set(request, &signed)?;

    let body_hash = signing::hex_sha256(request.body);
    if request.header("x-acs-content-sha256") != Some(body_hash.as_str()) {
        return Err(Refusal::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "x-acs-content-sha256 must be sent once and be the SHA-256 of the body ({body_hash})."
            ),
        ));
    }
    let key = keys
        .iter()
        .find(|k| k.access_key_id == access_key_id)
        .ok_or_else(|| {
            Refusal::new(
                404,
                "InvalidAccessKeyId.NotFound",
                "Specified access key is not found.",
            )
        })?;
    match (&key.security_token, request.header("x-acs-security-token")) {
        (Some(_), None) => {
            return Err(Refusal::new(
                400,
                "MissingSecurityToken",
                "SecurityToken is mandatory for this AccessKeyId.",
            ));
        }
        (Some(expected), Some(sent)) if sent != expected => {
            return Err(token_mismatch());
        }
        (None, Some(_)) => return Err(token_mismatch()),
        _ => {}
    }

    // Only the headers the client signed, all their values: the runtime's signer joins repeats.
    let signed_headers: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(name, _)| signed.iter().any(|s| s == name))
        .cloned()
        .collect();
    let signable = SignableRequest {
        method: request.method,
        host: request.header("host").unwrap_or_default(),
        path: request.path,
        query: request.query,
        headers: &signed_headers,
        body: request.body,
    };
    let expected = signing::authorization(&key.access_key_id, &key.access_key_secret, &signable);
    if expected.rsplit_once("Signature=").map(|(_, s)| s) != Some(signature) {
        let string_to_sign = signing::string_to_sign(&signing::canonical_request(&signable));
        return Err(Refusal::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
            ),
        ));
    }
    check_date(request.header("x-acs-date"), now, max_skew)?;
    nonces.check_and_record(request.header("x-acs-signature-nonce"))?;
    Ok(access_key_id.to_owned())
}

fn token_mismatch() -> Refusal {
    Refusal::new(
        400,
        "InvalidSecurityToken.Mismatch",
        "Specified SecurityToken is not matched with the AccessKeyId.",
    )
}

/// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`, spaces after commas allowed.
fn parse_authorization(value: &str) -> Result<(&str, Vec<String>, &str), Refusal> {
    let bad = |why: &str| Refusal::incomplete(&format!("Malformed Authorization: {why}"));
    let (algorithm, rest) = value
        .trim()
        .split_once(' ')
        .ok_or_else(|| bad("expected `ACS3-HMAC-SHA256 Credential=...`."))?;
    if algorithm != signing::ALGORITHM {
        return Err(bad(&format!(
            "unsupported algorithm {algorithm:?}, expected {}.",
            signing::ALGORITHM
        )));
    }
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for field in rest.split(',') {
        let (name, value) = field
            .trim()
            .split_once('=')
            .ok_or_else(|| bad("a field without `=`."))?;
        let slot = match name {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            other => return Err(bad(&format!("unknown field {other:?}."))),
        };
        if slot.replace(value).is_some() {
            return Err(bad(&format!("field {name} repeated.")));
        }
    }
    match (credential, signed, signature) {
        (Some(c), Some(h), Some(s)) if !c.is_empty() && !s.is_empty() => {
            Ok((c, h.split(';').map(str::to_owned).collect(), s))
        }
        _ => Err(bad(
            "Credential, SignedHeaders and Signature are all required.",
        )),
    }
}

/// Signed names are lower-case, sorted and unique; they include `host` and every `x-acs-*` and
/// `content-type` header sent, and each names a header that was sent.
fn check_signed_set(request: &Incoming<'_>, signed: &[String]) -> Result<(), Refusal> {
    for name in signed {
        if name.is_empty()
            || name.bytes().any(|b| b.is_ascii_uppercase())
            || name == "authorization"
        {
            return Err(Refusal::incomplete(&format!(
                "SignedHeaders entry {name:?} is not a lower-case header name that can be signed."
            )));
        }
        if request.values(name).next().is_none() {
            return Err(Refusal::incomplete(&format!(
                "Signed header {name:?} is not in the request."
            )));
        }
    }
    if signed.windows(2).any(|pair| pair[0] >= pair[1]) {
        return Err(Refusal::incomplete(
            "SignedHeaders must be sorted and without duplicates.",
        ));
    }
    if !signed.iter().any(|name| name == "host") {
        return Err(Refusal::incomplete("The host header must be signed."));
    }
    for (name, _) in request.headers {
        if (name.starts_with("x-acs-") || name == "content-type") && !signed.contains(name) {
            return Err(Refusal::incomplete(&format!(
                "Header {name:?} was sent but not signed."
            )));
        }
    }
    Ok(())
}

/// `x-acs-date` is `yyyy-MM-ddTHH:mm:ssZ` and within `max_skew` of `now`.
fn check_date(value: Option<&str>, now: Timestamp, max_skew: Duration) -> Result<(), Refusal> {
    let value = value.ok_or_else(|| Refusal::incomplete("x-acs-date is required, once."))?;
    let shaped =
        value.len() == 20 && value.ends_with('Z') && value.as_bytes().get(10) == Some(&b'T');
    let date = value
        .parse::<Timestamp>()
        .ok()
        .filter(|_| shaped)
        .ok_or_else(|| {
            Refusal::new(
                400,
                "InvalidTimeStamp.Format",
                format!(
                    "Specified time stamp or date value is not well formatted. x-acs-date: {value}"
                ),
            )
        })?;
    if now.duration_since(date).unsigned_abs() > max_skew {
        return Err(Refusal::new(
            400,
            "InvalidTimeStamp.Expired",
            format!("Specified time stamp or date value is expired. x-acs-date: {value}"),
        ));
    }
    Ok(())
}

/// Nonces of accepted requests, the oldest forgotten first past [`NONCE_MEMORY`].
#[derive(Debug, Default)]
pub(crate) struct Nonces {
    seen: HashSet<String>,
    order: VecDeque<String>,
}

impl Nonces {
    fn check_and_record(&mut self, nonce: Option<&str>) -> Result<(), Refusal> {
        let nonce = nonce
            .filter(|n| !n.is_empty())
            .ok_or_else(|| Refusal::incomplete("x-acs-signature-nonce is required, once."))?;
        if !self.seen.insert(nonce.to_owned()) {
            return Err(Refusal::new(
                400,
                "SignatureNonceUsed",
                format!("Specified signature nonce was used already. nonce: {nonce}"),
            ));
        }
        self.order.push_back(nonce.to_owned());
        if self.order.len() > NONCE_MEMORY {
            if let Some(oldest) = self.order.pop_front() {
                self.seen.remove(&oldest);
            }
        }
        Ok(())
    }
}

/// A query string or form body as key/value pairs: `+` is a space (the official Python SDK sends
/// it so), `%XX` escapes decoded, invalid UTF-8 replaced. A piece without `=` has an empty value.
pub(crate) fn decode_pairs(raw: &str) -> Vec<(String, String)> {
    let decode = |text: &str| {
        percent_decode_str(&text.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    raw.split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            (decode(key), decode(value))
        })
        .collect()
}
