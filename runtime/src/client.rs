//! The product-agnostic client: signs, sends, retries, classifies errors.
//!
//! Everything after `write_query` is non-generic, so each generated operation adds only a few lines
//! of machine code (the decode call) to the user's binary.

use crate::body::ResponseTooLargeError;
use crate::call::{CallOptions, Settings};
use crate::config::{Config, ConfigError};
use crate::credentials::{Credentials, CredentialsError, CredentialsProvider};
use crate::datetime::FORMAT;
use crate::endpoint::{Endpoint, Product};
use crate::error::{DecodeError, Error, ServiceError, TimeoutError, TimeoutKind, TransportError};
use crate::operation::{HttpMethod, Operation, PagedOperation};
use crate::query::QueryParams;
use crate::retry::RetryBudget;
use crate::signing::{self, EMPTY_BODY_SHA256, SignableRequest};
use crate::wire;
use futures::Stream;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;
use tracing::field::Empty;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A successful (2xx) response, before decoding.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The `x-acs-request-id` header, if any.
    pub request_id: Option<String>,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// Product-agnostic client; the generated per-product client wraps it. Cheap to clone (shared state,
/// including the connection pool and the retry budget).
///
/// Each call runs in an `INFO` span `rpc_call` (fields `service`, `operation`, `attempts`, `status`,
/// `request_id`) and each attempt in a child span `rpc_attempt` (`operation`, `attempt`, `status`,
/// `request_id`), as aws-sdk-rust does, so a subscriber can attribute every log line to its call.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    settings: Arc<Settings>,
}

struct Inner {
    product: &'static Product,
    endpoint: Endpoint,
    authority: String,
    base_url: String,
    http: reqwest::Client,
    credentials: Arc<dyn CredentialsProvider>,
    user_agent: String,
    budget: RetryBudget,
    /// The largest response body read ([`ConfigBuilder::max_response_body`](crate::ConfigBuilder::max_response_body)).
    max_body: u64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("product", &self.inner.product.code)
            .field("version", &self.inner.product.version)
            .field("endpoint", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.settings.retry)
            .field("timeouts", &self.settings.timeouts)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `product`, calling the configured endpoint or the product's host for the region.
    pub fn new(config: Config, product: &'static Product) -> Result<Client, Error> {
        let endpoint = match (&config.endpoint, &config.region) {
            (Some(e), _) => e.clone(),
            (None, Some(region)) => Endpoint::https(&product.endpoint_for(region)?)?,
            (None, None) => return Err(ConfigError::MissingRegionOrEndpoint.into()),
        };
        let http = match config.http_client {
            Some(c) => c,
            None => crate::tls::configure(reqwest::Client::builder())?
                .connect_timeout(config.timeouts.connect())
                // The API never redirects; following one could carry a signed request elsewhere.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| ConfigError::HttpClient {
                    reason: e.to_string(),
                })?,
        };
        let mut user_agent = format!(
            "alibabacloud-rust-sdk/{VERSION} ({}; {}) alibabacloud-rpc-runtime/{VERSION}",
            std::env::consts::OS,
            std::env::consts::ARCH
        );
        if let Some(suffix) = &config.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                product,
                authority: endpoint.authority(),
                base_url: endpoint.base_url(),
                endpoint,
                http,
                credentials: config.credentials,
                budget: RetryBudget::new(config.retry.budget()),
                user_agent,
                max_body: config.max_response_body,
            }),
            settings: Arc::new(Settings {
                retry: config.retry,
                timeouts: config.timeouts,
                anonymous: false,
            }),
        })
    }

    /// A handle whose calls use `options` (timeouts, retries) over this client's settings. It shares
    /// the connection pool, credentials and retry budget: no new client is built. Fails when an
    /// override is out of range (a zero timeout, zero attempts), as [`Config`] would.
    pub fn with_options(&self, options: &CallOptions) -> Result<Client, Error> {
        Ok(Client {
            inner: self.inner.clone(),
            settings: Arc::new(options.apply(&self.settings)?),
        })
    }

    /// A handle that sends calls unsigned, for actions whose request carries its own proof
    /// (`AssumeRoleWithOIDC`).
    pub(crate) fn anonymous(&self) -> Client {
        let mut settings = Settings::clone(&self.settings);
        settings.anonymous = true;
        Client {
            inner: self.inner.clone(),
            settings: Arc::new(settings),
        }
    }

    /// The product this client calls.
    pub fn product(&self) -> &'static Product {
        self.inner.product
    }

    /// The endpoint in use.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// The `user-agent` header this client sends.
    pub fn user_agent(&self) -> &str {
        &self.inner.user_agent
    }

    /// Tokens left in the shared retry budget.
    pub fn retry_budget_available(&self) -> u32 {
        self.inner.budget.available()
    }

    /// Validates, sends (with retries) and decodes one call.
    pub async fn execute<O: Operation>(&self, request: &O) -> Result<O::Output, Error> {
        let raw = self.send_operation(request).await?;
        decode(O::ACTION, &raw)
    }

    /// Every page, starting at the request's page number (default 1), until the last item.
    pub fn pages<O: PagedOperation + 'static>(
        &self,
        request: O,
    ) -> impl Stream<Item = Result<O::Output, Error>> + Send + 'static {
        crate::paginate::pages(self.clone(), request)
    }

    /// Every item of every page, in order.
    pub fn items<O: PagedOperation + 'static>(
        &self,
        request: O,
    ) -> impl Stream<Item = Result<O::Item, Error>> + Send + 'static {
        crate::paginate::items(self.clone(), request)
    }

    pub(crate) async fn send_operation<O: Operation>(
        &self,
        request: &O,
    ) -> Result<RawResponse, Error> {
        request.validate()?;
        let mut query = QueryParams::new();
        request.write_query(&mut query);
        let body = O::FORM_BODY.then(|| {
            let mut body = QueryParams::new();
            request.write_body(&mut body);
            body
        });
        self.send(O::ACTION, O::METHOD, &query, body.as_ref()).await
    }

    /// Sends any action with the given parameters and returns the raw 2xx response (non-2xx is an
    /// [`Error::Service`]). The escape hatch for actions the generator does not cover.
    pub async fn send_raw(
        &self,
        action: &'static str,
        method: HttpMethod,
        query: &QueryParams,
    ) -> Result<RawResponse, Error> {
        self.send(action, method, query, None).await
    }

    /// [`Client::send_raw`] with parameters in an `application/x-www-form-urlencoded` body too,
    /// encoded and signed as the official SDK does (see [`crate::wire`]).
    pub async fn send_raw_form(
        &self,
        action: &'static str,
        method: HttpMethod,
        query: &QueryParams,
        body: &QueryParams,
    ) -> Result<RawResponse, Error> {
        self.send(action, method, query, Some(body)).await
    }

    async fn send(
        &self,
        action: &'static str,
        method: HttpMethod,
        query: &QueryParams,
        body: Option<&QueryParams>,
    ) -> Result<RawResponse, Error> {
        let started = Instant::now();
        let settings = &*self.settings;
        let limit = settings.timeouts.operation();
        let span = tracing::info_span!(
            "rpc_call",
            service = self.inner.product.code,
            operation = action,
            attempts = Empty,
            status = Empty,
            request_id = Empty,
        );
        let run = self
            .inner
            .run(settings, action, method, query, body, started);
        let result = match tokio::time::timeout(limit, run.instrument(span.clone())).await {
            Ok(result) => result,
            Err(_) => {
                Err(
                    TimeoutError::new(action, TimeoutKind::Operation, limit, started.elapsed())
                        .into(),
                )
            }
        };
        match &result {
            Ok(raw) => {
                span.record("status", raw.status);
            }
            Err(e) => {
                span.record("status", status_field(e));
            }
        }
        result
    }
}

/// Decodes a 2xx body; generic only in the target type.
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    action: &'static str,
    raw: &RawResponse,
) -> Result<T, Error> {
    serde_json::from_slice(&raw.body).map_err(|e| decode_error(action, raw, e))
}

fn decode_error(action: &'static str, raw: &RawResponse, source: serde_json::Error) -> Error {
    DecodeError::new(
        action,
        raw.status,
        raw.request_id.as_deref(),
        &raw.body,
        source,
    )
    .into()
}

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
    async fn run(
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
fn status_field(err: &Error) -> String {
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
    use crate::credentials::StaticCredentials;

    static TEST: Product = Product {
        code: "ICE",
        version: "2020-11-09",
        endpoint_pattern: "ice.{region}.aliyuncs.com",
        regional_endpoints: &[("cn-shanghai", "ice.cn-shanghai.aliyuncs.com")],
    };

    #[test]
    fn new_resolves_region_endpoint_and_redacts_debug() {
        let config = Config::builder()
            .region("cn-guangzhou")
            .credentials(StaticCredentials::new("id", "very-secret"))
            .user_agent_suffix("my-app/1.0")
            .build();
        let client = config
            .map_err(Error::from)
            .and_then(|c| Client::new(c, &TEST));
        let client = match client {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            client.endpoint().base_url(),
            "https://ice.cn-guangzhou.aliyuncs.com"
        );
        assert!(client.user_agent().starts_with("alibabacloud-rust-sdk/"));
        assert!(client.user_agent().ends_with(" my-app/1.0"));
        assert!(!format!("{client:?}").contains("very-secret"));
        assert_eq!(client.retry_budget_available(), 500);
    }

    #[test]
    fn endpoint_override_wins() {
        let client = Config::builder()
            .region("cn-shanghai")
            .endpoint("http://127.0.0.1:9")
            .credentials(StaticCredentials::new("id", "s"))
            .build()
            .map_err(Error::from)
            .and_then(|c| Client::new(c, &TEST));
        assert_eq!(
            client.map(|c| c.endpoint().base_url()).ok().as_deref(),
            Some("http://127.0.0.1:9")
        );
    }

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
