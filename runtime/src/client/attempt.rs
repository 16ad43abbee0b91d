//! One call's attempts: signing each attempt, sending it, reading the bounded body, classifying the
//! outcome, and retrying within the policy and the shared budget. Split from `client.rs`, which keeps
//! the public `Client`.

use super::{Inner, RawResponse};
use crate::body::ResponseTooLargeError;
use crate::call::Settings;
use crate::config::ConfigError;
use crate::credentials::{Credentials, CredentialsError};
use crate::datetime::FORMAT;
use crate::error::{Error, ServiceError, TimeoutError, TimeoutKind, TransportError};
use crate::operation::HttpMethod;
use crate::query::QueryParams;
use crate::signing::{self, EMPTY_BODY_SHA256, SignableRequest};
use crate::wire;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use std::time::{Duration, Instant};
use tracing::Instrument;
use tracing::field::Empty;

/// A call's parameters as they go on the wire, the same for every attempt.
#[derive(Clone, Copy)]
struct Encoded<'a> {
    /// The query parameters, unencoded (the signer encodes them).
    pairs: &'a [(String, String)],
    /// The form body, for an operation with body parameters.
    body: Option<&'a [u8]>,
    /// The URL, query string included.
    url: &'a str,
}

impl Inner {
    pub(super) async fn run(
        &self,
        settings: &Settings,
        action: &'static str,
        method: HttpMethod,
        query: &QueryParams,
        body: Option<&QueryParams>,
        started: Instant,
    ) -> Result<RawResponse, Error> {
        let credentials = if settings.anonymous {
            None
        } else {
            let credentials = self.credentials.provide().await?;
            credentials.check(self.credentials.name())?;
            Some(credentials)
        };
        let credentials = credentials.as_ref();
        let pairs = query.to_pairs();
        let body = body.map(|b| wire::form_body(&b.to_pairs()).into_bytes());
        // The canonical query string is also the wire query: `%20`, never `+`.
        let canonical_query = signing::canonical_query_string(&pairs);
        let url = if canonical_query.is_empty() {
            format!("{}/", self.base_url)
        } else {
            format!("{}/?{}", self.base_url, canonical_query)
        };
        let encoded = Encoded {
            pairs: &pairs,
            body: body.as_deref(),
            url: &url,
        };
        let mut attempt: u32 = 1;
        let mut slept = Duration::ZERO;
        loop {
            tracing::Span::current().record("attempts", attempt);
            let span = tracing::info_span!(
                "rpc_attempt",
                operation = action,
                attempt,
                status = Empty,
                request_id = Empty,
            );
            let result = self
                .attempt(settings, action, method, &encoded, credentials)
                .instrument(span.clone())
                .await;
            let request_id = match &result {
                Ok(raw) => raw.request_id.as_deref(),
                Err(e) => e.request_id(),
            };
            if let Some(id) = request_id {
                let id = redact(id, credentials);
                span.record("request_id", id.as_str());
                tracing::Span::current().record("request_id", id.as_str());
            }
            let err = match result {
                Ok(response) => {
                    span.record("status", response.status);
                    self.budget.record_success();
                    return Ok(response);
                }
                Err(e) => {
                    span.record("status", status_field(&e));
                    e
                }
            };
            let retry = &settings.retry;
            if !err.is_retryable() || attempt >= retry.max_attempts() {
                return Err(err);
            }
            let delay = retry.delay(attempt, err.retry_after());
            // Codes and request ids are the server's text: never log our own secrets if it echoes them.
            let reason = redact(&retry_reason(&err), credentials);
            let request_id = redact(err.request_id().unwrap_or("-"), credentials);
            if slept + delay > retry.max_total()
                || started.elapsed() + delay >= settings.timeouts.operation()
            {
                tracing::debug!(operation = action, attempt, reason = %reason, "not retrying: the wait would exceed the time limits");
                return Err(err);
            }
            if !self.budget.try_acquire() {
                tracing::warn!(operation = action, attempt, reason = %reason, request_id = %request_id, "not retrying: client retry budget exhausted");
                return Err(err);
            }
            tracing::warn!(
                operation = action,
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                reason = %reason,
                request_id = %request_id,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            slept += delay;
            attempt += 1;
        }
    }

    async fn attempt(
        &self,
        settings: &Settings,
        action: &'static str,
        method: HttpMethod,
        encoded: &Encoded<'_>,
        credentials: Option<&Credentials>,
    ) -> Result<RawResponse, Error> {
        let Encoded { pairs, body, url } = *encoded;
        // Fresh date and nonce on every attempt: a replayed nonce is rejected by the service.
        let date = jiff::Timestamp::now().strftime(FORMAT).to_string();
        let nonce = crate::random::nonce();
        let mut headers: Vec<(String, String)> = Vec::with_capacity(10);
        let mut add = |k: &str, v: &str| headers.push((k.to_owned(), v.to_owned()));
        // Already in sorted order; the signer sorts anyway.
        add("accept", "application/json");
        if body.is_some() {
            add("content-type", wire::FORM_CONTENT_TYPE);
        }
        add("host", &self.authority);
        add("user-agent", &self.user_agent);
        let token = credentials.and_then(Credentials::security_token);
        if let (Some(c), Some(_)) = (credentials, token) {
            add("x-acs-accesskey-id", c.access_key_id());
        }
        add("x-acs-action", action);
        match body {
            Some(bytes) => add("x-acs-content-sha256", &signing::hex_sha256(bytes)),
            None => add("x-acs-content-sha256", EMPTY_BODY_SHA256),
        }
        add("x-acs-date", &date);
        if let Some(token) = token {
            add("x-acs-security-token", token.expose());
        }
        add("x-acs-signature-nonce", &nonce);
        add("x-acs-version", self.product.version);

        let signable = SignableRequest {
            method: method.as_str(),
            host: &self.authority,
            path: "/",
            query: pairs,
            headers: &headers,
            body: body.unwrap_or_default(),
        };
        let authorization = credentials.map(|c| {
            signing::authorization(c.access_key_id(), c.access_key_secret().expose(), &signable)
        });

        let mut map = HeaderMap::with_capacity(headers.len() + 1);
        for (name, value) in &headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| bad_header(self.credentials.name(), name))?;
            let mut header_value = HeaderValue::from_str(value)
                .map_err(|_| bad_header(self.credentials.name(), name))?;
            if name == "x-acs-security-token" {
                header_value.set_sensitive(true);
            }
            map.insert(header_name, header_value);
        }
        if let Some(authorization) = authorization {
            let mut auth_value = HeaderValue::from_str(&authorization)
                .map_err(|_| bad_header(self.credentials.name(), "x-acs-accesskey-id"))?;
            auth_value.set_sensitive(true);
            map.insert(AUTHORIZATION, auth_value);
        }

        let builder = match (method, body) {
            (HttpMethod::Get, None) => self.http.get(url),
            (HttpMethod::Get, Some(bytes)) => self.http.get(url).body(bytes.to_vec()),
            // Without body parameters: `Content-Length: 0` and no content type (as the official SDK).
            (HttpMethod::Post, bytes) => {
                self.http.post(url).body(bytes.unwrap_or_default().to_vec())
            }
        }
        .headers(map);

        let started = Instant::now();
        let exchange = async {
            let mut response = builder.send().await?;
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let request_id = header("x-acs-request-id");
            let retry_after = header("x-acs-retry-after");
            let body = crate::body::read_limited(&mut response, self.max_body).await?;
            Ok::<_, reqwest::Error>((status, request_id, retry_after, body))
        };
        let (status, request_id, retry_after, body) =
            match tokio::time::timeout(settings.timeouts.read(), exchange).await {
                Err(_) => {
                    return Err(TimeoutError::new(
                        action,
                        TimeoutKind::Attempt,
                        settings.timeouts.read(),
                        started.elapsed(),
                    )
                    .into());
                }
                Ok(Err(e)) => {
                    return Err(transport_error(settings, action, e, started.elapsed()));
                }
                Ok(Ok(parts)) => parts,
            };
        tracing::debug!(
            operation = action,
            status,
            request_id = %redact(request_id.as_deref().unwrap_or("-"), credentials),
            "response"
        );
        let body = match body {
            Ok(body) => body,
            Err((content_length, head)) => {
                return Err(Error::ResponseTooLarge(Box::new(ResponseTooLargeError {
                    operation: action,
                    status,
                    request_id,
                    limit: self.max_body,
                    content_length,
                    head: String::from_utf8_lossy(&head).into_owned(),
                })));
            }
        };
        if (200..300).contains(&status) {
            Ok(RawResponse {
                status,
                request_id,
                body,
            })
        } else {
            Err(ServiceError::from_response(
                action,
                status,
                request_id.as_deref(),
                retry_after.as_deref(),
                &body,
            )
            .into())
        }
    }
}

fn transport_error(
    settings: &Settings,
    action: &'static str,
    e: reqwest::Error,
    elapsed: Duration,
) -> Error {
    // The URL carries only request parameters, but errors read better without it.
    let e = e.without_url();
    if e.is_timeout() {
        let (kind, limit) = if e.is_connect() {
            (TimeoutKind::Connect, settings.timeouts.connect())
        } else {
            (TimeoutKind::Attempt, settings.timeouts.read())
        };
        return TimeoutError::new(action, kind, limit, elapsed).into();
    }
    TransportError::new(action, e.is_connect(), e).into()
}

/// The `status` recorded in a span: the HTTP status, or what failed when there was none.
pub(super) fn status_field(err: &Error) -> String {
    match err {
        Error::Service(e) => e.status.to_string(),
        Error::Decode(e) => e.status.to_string(),
        Error::ResponseTooLarge(e) => e.status.to_string(),
        Error::Timeout(_) => "timeout".to_owned(),
        Error::Transport(_) => "transport error".to_owned(),
        Error::Credentials(_) => "credentials error".to_owned(),
        Error::Validation(_) => "invalid request".to_owned(),
        _ => "error".to_owned(),
    }
}

fn bad_header(provider: &'static str, name: &str) -> Error {
    match name {
        "x-acs-accesskey-id" | "x-acs-security-token" => CredentialsError::invalid(
            provider,
            format!("the credentials contain characters that cannot be sent in the {name} header"),
        )
        .into(),
        _ => ConfigError::InvalidOption {
            option: "header",
            reason: format!("the {name} header value contains characters not allowed in HTTP"),
        }
        .into(),
    }
}

/// `text` (chosen by the server) with the caller's AccessKey secret and STS token blanked out.
fn redact(text: &str, credentials: Option<&Credentials>) -> String {
    let mut out = text.to_owned();
    let Some(credentials) = credentials else {
        return out;
    };
    let secrets = std::iter::once(credentials.access_key_secret())
        .chain(credentials.security_token())
        .map(|s| s.expose())
        .filter(|s| !s.is_empty());
    for secret in secrets {
        if out.contains(secret) {
            out = out.replace(secret, "** redacted **");
        }
    }
    out
}

/// A short, secret-free reason for retry logs.
fn retry_reason(err: &Error) -> String {
    match err {
        Error::Service(e) => match (&e.code, e.retry_after) {
            (_, Some(after)) => format!(
                "HTTP {} with x-acs-retry-after {} ms",
                e.status,
                after.as_millis()
            ),
            (Some(code), None) => format!("HTTP {} {code}", e.status),
            (None, None) => format!("HTTP {}", e.status),
        },
        Error::Timeout(e) => format!("{} timeout", e.kind),
        Error::Transport(_) => "connect error".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_blanks_the_callers_secrets_in_server_text() {
        let c = Credentials::new("id", "s3cr3t").with_security_token("T0KEN");
        assert_eq!(
            redact("HTTP 503 s3cr3t and T0KEN", Some(&c)),
            "HTTP 503 ** redacted ** and ** redacted **"
        );
        assert_eq!(
            redact("HTTP 503", Some(&Credentials::new("id", ""))),
            "HTTP 503"
        );
    }

    #[test]
    fn retry_reasons_are_short_and_secret_free() {
        let e = Error::from(ServiceError::from_response(
            "Op",
            400,
            None,
            Some("1500"),
            br#"{"Code":"Throttling.User"}"#,
        ));
        assert_eq!(retry_reason(&e), "HTTP 400 with x-acs-retry-after 1500 ms");
        let e = Error::from(ServiceError::from_response(
            "Op", 503, None, None, b"<html>",
        ));
        assert_eq!(retry_reason(&e), "HTTP 503");
    }
}
