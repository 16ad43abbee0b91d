//! The product-agnostic client: signs, sends, retries, classifies errors.
//!
//! Everything after `write_query` is non-generic, so each generated operation adds only a few lines
//! of machine code (the decode call) to the user's binary.

use crate::call::{CallOptions, Settings};
use crate::config::{Config, ConfigError};
use crate::credentials::CredentialsProvider;
use crate::endpoint::{Endpoint, Product};
use crate::error::{DecodeError, Error, TimeoutError, TimeoutKind};
use crate::operation::{HttpMethod, Operation, PagedOperation};
use crate::query::QueryParams;
use crate::retry::RetryBudget;
use futures::Stream;
use std::fmt;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;
use tracing::field::Empty;

use attempt::status_field;

mod attempt;

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
}
