//! Plain HTTP for the credentials sources that are not signed Alibaba APIs: the instance metadata
//! service and a credentials URI. Bounded in time and size; errors are typed and never carry the
//! body of a successful answer (it holds secrets).

use super::{Credentials, CredentialsError, FetchErrorKind};
use serde::Deserialize;
use std::time::Duration;

/// Largest answer read from a metadata service or credentials URI.
const MAX_BODY: usize = 64 * 1024;

/// An HTTP client with the given connect timeout and no redirects (a redirect could carry a
/// metadata token elsewhere).
pub(crate) fn client(
    provider: &'static str,
    connect: Duration,
) -> Result<reqwest::Client, CredentialsError> {
    reqwest::Client::builder()
        .connect_timeout(connect)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .map_err(|e| {
            CredentialsError::invalid(provider, format!("cannot build the HTTP client: {e}"))
        })
}

pub(crate) fn fetch_error(
    provider: &'static str,
    kind: FetchErrorKind,
    reason: impl Into<String>,
) -> CredentialsError {
    CredentialsError::Fetch {
        provider,
        kind,
        reason: reason.into(),
    }
}

/// Sends `request` and returns status and body, within `timeout` for the whole exchange.
pub(crate) async fn send(
    provider: &'static str,
    what: &str,
    request: reqwest::RequestBuilder,
    timeout: Duration,
) -> Result<(u16, Vec<u8>), CredentialsError> {
    let exchange = async {
        let mut response = request.send().await?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_BODY {
                return Ok((status, None));
            }
            body.extend_from_slice(&chunk);
        }
        Ok::<_, reqwest::Error>((status, Some(body)))
    };
    match tokio::time::timeout(timeout, exchange).await {
        Err(_) => Err(fetch_error(
            provider,
            FetchErrorKind::Timeout,
            format!("{what}: no answer within {} ms", timeout.as_millis()),
        )),
        Ok(Err(e)) => {
            let e = e.without_url();
            let kind = if e.is_timeout() {
                FetchErrorKind::Timeout
            } else if e.is_connect() {
                FetchErrorKind::Connect
            } else {
                FetchErrorKind::Transport
            };
            Err(fetch_error(provider, kind, format!("{what}: {e}")))
        }
        Ok(Ok((status, None))) => Err(fetch_error(
            provider,
            FetchErrorKind::Malformed,
            format!("{what}: HTTP {status} with a body over {MAX_BODY} bytes"),
        )),
        Ok(Ok((status, Some(body)))) => Ok((status, body)),
    }
}

/// An error for a non-200 answer, quoting at most 200 characters of its body (error bodies of these
/// services carry no secrets; a 200 body is never quoted).
pub(crate) fn status_error(
    provider: &'static str,
    what: &str,
    status: u16,
    body: &[u8],
) -> CredentialsError {
    let text = String::from_utf8_lossy(body);
    let mut shown: String = text.chars().filter(|c| !c.is_control()).take(200).collect();
    if text.chars().count() > 200 {
        shown.push('…');
    }
    fetch_error(
        provider,
        FetchErrorKind::Http { status },
        format!("{what}: HTTP {status}: {shown}"),
    )
}

/// The JSON document of the metadata service and of credentials URIs.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Document {
    code: Option<String>,
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    security_token: Option<String>,
    expiration: Option<String>,
}

/// Parses `{"Code": "Success", "AccessKeyId": …, "AccessKeySecret": …, "SecurityToken": …,
/// "Expiration": "2024-01-01T00:00:00Z"}`. Errors name what is missing, never a value.
pub(crate) fn parse_document(
    provider: &'static str,
    what: &str,
    body: &[u8],
) -> Result<Credentials, CredentialsError> {
    let malformed = |reason: String| {
        fetch_error(
            provider,
            FetchErrorKind::Malformed,
            format!("{what}: {reason}"),
        )
    };
    let doc: Document = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("the answer is not the expected JSON object ({e})")))?;
    match doc.code.as_deref() {
        Some("Success") => {}
        Some(other) => {
            let code: String = other
                .chars()
                .filter(|c| c.is_ascii_graphic())
                .take(64)
                .collect();
            return Err(malformed(format!("Code is {code:?}, not \"Success\"")));
        }
        None => return Err(malformed("Code is missing".to_owned())),
    }
    let field = |value: Option<String>, name: &str| {
        value
            .filter(|v| !v.is_empty())
            .ok_or_else(|| malformed(format!("{name} is missing")))
    };
    let id = field(doc.access_key_id, "AccessKeyId")?;
    let secret = field(doc.access_key_secret, "AccessKeySecret")?;
    let token = field(doc.security_token, "SecurityToken")?;
    let expiration = parse_expiration(&field(doc.expiration, "Expiration")?).ok_or_else(|| {
        malformed("Expiration is not a UTC time like 2024-01-01T00:00:00Z".to_owned())
    })?;
    let credentials = Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiration(expiration);
    credentials.check(provider)?;
    Ok(credentials)
}

pub(crate) fn parse_expiration(text: &str) -> Option<jiff::Timestamp> {
    text.parse::<jiff::Timestamp>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_checked_without_quoting_secrets() {
        let ok = br#"{"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"sEcReT","SecurityToken":"tOkEn","Expiration":"2030-01-01T00:00:00Z"}"#;
        let c = parse_document("t", "GET x", ok).ok();
        assert_eq!(c.as_ref().map(Credentials::access_key_id), Some("STS.id"));
        for bad in [
            &br#"{"Code":"Failed","AccessKeySecret":"sEcReT"}"#[..],
            br#"{"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"sEcReT","SecurityToken":"tOkEn"}"#,
            br#"{"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"sEcReT","SecurityToken":"tOkEn","Expiration":"soon"}"#,
            br#"{"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"sEcReT","SecurityToken":"t\u00f6ken","Expiration":"2030-01-01T00:00:00Z"}"#,
            br#"["sEcReT"]"#,
            b"\xff\xfe",
            b"",
        ] {
            let e = parse_document("t", "GET x", bad).err();
            let text = e.as_ref().map(ToString::to_string).unwrap_or_default();
            assert!(text.starts_with("t: "), "{text}");
            assert!(!text.contains("sEcReT") && !text.contains("tOkEn"), "{text}");
        }
    }
}
