//! Client configuration: region or endpoint, credentials, retries, timeouts, HTTP client.

use crate::credentials::{CredentialsProvider, DefaultCredentialsChain};
use crate::endpoint::{Endpoint, Scheme, validate_region};
use crate::retry::RetryConfig;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Why a configuration is unusable. Never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Neither a region nor an endpoint was given, so there is no host to call.
    #[error(
        "no region and no endpoint configured: call .region(\"cn-shanghai\") or .endpoint(\"host\")"
    )]
    MissingRegionOrEndpoint,
    /// The region id is not of the form `cn-shanghai`.
    #[error(
        "invalid region {region:?}: expected lower-case letters, digits and '-' (e.g. \"cn-shanghai\")"
    )]
    InvalidRegion {
        /// The region given.
        region: String,
    },
    /// The endpoint could not be parsed.
    #[error("invalid endpoint {endpoint:?}: {reason}")]
    InvalidEndpoint {
        /// The endpoint given.
        endpoint: String,
        /// What is wrong.
        reason: String,
    },
    /// Plain HTTP to a non-loopback host: signed requests (and STS tokens) would travel in clear text.
    #[error(
        "refusing plain http:// to non-loopback endpoint {endpoint}: signed requests would be sent unencrypted; use https://, or call .allow_insecure_http(true) if you really mean it"
    )]
    InsecureHttp {
        /// The endpoint given.
        endpoint: String,
    },
    /// The user-agent suffix cannot be sent as an HTTP header value.
    #[error("invalid user-agent suffix: {reason}")]
    InvalidUserAgent {
        /// What is wrong.
        reason: String,
    },
    /// An option is out of range.
    #[error("invalid {option}: {reason}")]
    InvalidOption {
        /// The option name.
        option: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {reason}")]
    HttpClient {
        /// What the HTTP library said.
        reason: String,
    },
}

/// Timeouts. Defaults: connect 5 s, per attempt 10 s, whole operation 60 s.
///
/// The first two match the official SDK (connect 5000 ms, read 10000 ms); the operation timeout
/// bounds retries so a call never hangs for minutes. Fields are private so new limits can be added
/// without breaking users: start from [`Timeouts::default`] and chain the `with_*` setters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    connect: Duration,
    read: Duration,
    operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            read: Duration::from_secs(10),
            operation: Duration::from_secs(60),
        }
    }
}

impl Timeouts {
    /// The defaults (same as [`Timeouts::default`]).
    pub fn new() -> Self {
        Self::default()
    }
    /// Establishing the TCP + TLS connection. Applied to the HTTP client this crate builds; a client
    /// passed with [`ConfigBuilder::http_client`] keeps its own connect timeout.
    pub fn connect(&self) -> Duration {
        self.connect
    }
    /// One attempt: from sending the request to the last byte of the response body.
    pub fn read(&self) -> Duration {
        self.read
    }
    /// The whole operation: every attempt, backoff sleep and the credentials lookup.
    pub fn operation(&self) -> Duration {
        self.operation
    }

    pub(crate) fn check(&self) -> Result<(), ConfigError> {
        for (name, d) in [
            ("connect timeout", self.connect),
            ("read timeout", self.read),
            ("operation timeout", self.operation),
        ] {
            if d.is_zero() {
                return Err(ConfigError::InvalidOption {
                    option: "timeouts",
                    reason: format!("{name} must be greater than zero"),
                });
            }
        }
        Ok(())
    }

    /// Sets the connect timeout.
    pub fn with_connect(mut self, d: Duration) -> Self {
        self.connect = d;
        self
    }
    /// Sets the per-attempt timeout.
    pub fn with_read(mut self, d: Duration) -> Self {
        self.read = d;
        self
    }
    /// Sets the whole-operation timeout.
    pub fn with_operation(mut self, d: Duration) -> Self {
        self.operation = d;
        self
    }
}

/// A validated client configuration. Build one with [`Config::builder`].
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<Endpoint>,
    pub(crate) credentials: Arc<dyn CredentialsProvider>,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: Timeouts,
    pub(crate) http_client: Option<reqwest::Client>,
    pub(crate) user_agent_suffix: Option<String>,
    pub(crate) allow_insecure_http: bool,
    pub(crate) max_response_body: u64,
}

/// The default of [`ConfigBuilder::max_response_body`]: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY: u64 = 64 * 1024 * 1024;

impl Config {
    /// The largest response body a call reads, in bytes.
    pub fn max_response_body(&self) -> u64 {
        self.max_response_body
    }

    /// Starts a configuration.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region, if set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }
    /// The endpoint override, if set.
    pub fn endpoint(&self) -> Option<&Endpoint> {
        self.endpoint.as_ref()
    }
    /// The retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }
    /// The timeouts.
    pub fn timeouts(&self) -> &Timeouts {
        &self.timeouts
    }
    /// The credentials provider.
    pub fn credentials(&self) -> &Arc<dyn CredentialsProvider> {
        &self.credentials
    }
    /// The user-agent suffix, if set.
    pub fn user_agent_suffix(&self) -> Option<&str> {
        self.user_agent_suffix.as_deref()
    }
    /// Whether plain HTTP to non-loopback hosts was explicitly allowed.
    pub fn allow_insecure_http(&self) -> bool {
        self.allow_insecure_http
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint.as_ref().map(Endpoint::base_url))
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("custom_http_client", &self.http_client.is_some())
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

/// Builder for [`Config`]; `build()` checks everything so a bad setting fails before the first call.
#[derive(Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint: Option<String>,
    credentials: Option<Arc<dyn CredentialsProvider>>,
    retry: Option<RetryConfig>,
    timeouts: Option<Timeouts>,
    http_client: Option<reqwest::Client>,
    user_agent_suffix: Option<String>,
    allow_insecure_http: bool,
    max_response_body: Option<u64>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    /// The region (`cn-shanghai`); picks the product's endpoint unless [`endpoint`](Self::endpoint) is set.
    /// Without a region or an endpoint, `build()` takes `ALIBABA_CLOUD_REGION_ID`, then the
    /// `region_id` of the selected profile in `~/.aliyun/config.json`, as the official tools do.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Overrides the endpoint: `host`, `host:port`, `https://host` or `http://127.0.0.1:PORT`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The credentials provider (default: [`DefaultCredentialsChain`]).
    pub fn credentials(mut self, provider: impl CredentialsProvider + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// A shared credentials provider.
    pub fn credentials_shared(mut self, provider: Arc<dyn CredentialsProvider>) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// Retry settings (default: [`RetryConfig::default`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Timeouts (default: [`Timeouts::default`]).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = Some(timeouts);
        self
    }

    /// Brings your own `reqwest::Client` (proxies, custom roots, connection pools).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Appended to the `user-agent` header after a space (e.g. `my-app/1.2`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Allows plain `http://` to non-loopback hosts. Off by default: requests would be readable and
    /// an STS token could be stolen on the way.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The largest response body a call reads, in bytes (default [`DEFAULT_MAX_RESPONSE_BODY`],
    /// 64 MiB). A larger body ends the call with [`Error::ResponseTooLarge`](crate::Error), which keeps
    /// the status, the request id and the first bytes; the rest is not read.
    pub fn max_response_body(mut self, bytes: u64) -> Self {
        self.max_response_body = Some(bytes);
        self
    }

    /// Checks and freezes the configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
        let endpoint = match &self.endpoint {
            Some(e) => Some(Endpoint::parse(e)?),
            None => None,
        };
        let region = match (self.region, &endpoint) {
            (None, None) => Some(
                crate::credentials::default_region(&crate::credentials::process_env())
                    .ok_or(ConfigError::MissingRegionOrEndpoint)?,
            ),
            (region, _) => region,
        };
        if let Some(r) = &region {
            validate_region(r)?;
        }
        if let Some(e) = &endpoint {
            if e.scheme() == Scheme::Http && !e.is_loopback() && !self.allow_insecure_http {
                return Err(ConfigError::InsecureHttp {
                    endpoint: e.base_url(),
                });
            }
        }
        if let Some(s) = &self.user_agent_suffix {
            if s.chars().any(|c| c.is_control() || !c.is_ascii()) {
                return Err(ConfigError::InvalidUserAgent {
                    reason: "only printable ASCII is allowed".to_owned(),
                });
            }
        }
        let retry = self.retry.unwrap_or_default();
        retry.check()?;
        let timeouts = self.timeouts.unwrap_or_default();
        timeouts.check()?;
        Ok(Config {
            region,
            endpoint,
            credentials: self
                .credentials
                .unwrap_or_else(|| Arc::new(DefaultCredentialsChain::new())),
            retry,
            timeouts,
            http_client: self.http_client,
            user_agent_suffix: self.user_agent_suffix.filter(|s| !s.trim().is_empty()),
            allow_insecure_http: self.allow_insecure_http,
            max_response_body: self.max_response_body.unwrap_or(DEFAULT_MAX_RESPONSE_BODY),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::StaticCredentials;

    #[test]
    fn needs_region_or_endpoint() {
        assert_eq!(
            Config::builder().build().err(),
            Some(ConfigError::MissingRegionOrEndpoint)
        );
        assert!(Config::builder().region("cn-shanghai").build().is_ok());
        assert!(
            Config::builder()
                .endpoint("ice.cn-shanghai.aliyuncs.com")
                .build()
                .is_ok()
        );
        assert!(matches!(
            Config::builder().region("CN SHANGHAI").build(),
            Err(ConfigError::InvalidRegion { .. })
        ));
    }

    #[test]
    fn refuses_plain_http_to_remote_hosts() {
        let err = Config::builder()
            .endpoint("http://ice.cn-shanghai.aliyuncs.com")
            .build()
            .err();
        assert!(matches!(err, Some(ConfigError::InsecureHttp { .. })));
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("allow_insecure_http"), "{text}");
        assert!(
            text.contains("http://ice.cn-shanghai.aliyuncs.com"),
            "{text}"
        );
        assert!(
            Config::builder()
                .endpoint("http://10.1.2.3:8080")
                .build()
                .is_err()
        );
        assert!(
            Config::builder()
                .endpoint("http://10.1.2.3:8080")
                .allow_insecure_http(true)
                .build()
                .is_ok()
        );
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:1234",
            "http://[::1]:1",
        ] {
            assert!(Config::builder().endpoint(ok).build().is_ok(), "{ok}");
        }
    }

    #[test]
    fn debug_shows_no_secret() {
        let c = Config::builder()
            .region("cn-shanghai")
            .credentials(StaticCredentials::sts(
                "LTAIkeyid",
                "the-secret-value",
                "the-sts-token",
            ))
            .build();
        let text = format!("{c:?}");
        assert!(text.contains("LTAIkeyid"));
        assert!(!text.contains("the-secret-value"));
        assert!(!text.contains("the-sts-token"));
    }

    #[test]
    fn rejects_bad_options() {
        assert!(matches!(
            Config::builder()
                .region("cn-shanghai")
                .user_agent_suffix("a\r\nX-Evil: 1")
                .build(),
            Err(ConfigError::InvalidUserAgent { .. })
        ));
        assert!(matches!(
            Config::builder()
                .region("cn-shanghai")
                .timeouts(Timeouts::default().with_read(Duration::ZERO))
                .build(),
            Err(ConfigError::InvalidOption { .. })
        ));
        let d = Timeouts::default();
        assert_eq!(
            (d.connect, d.read, d.operation),
            (
                Duration::from_secs(5),
                Duration::from_secs(10),
                Duration::from_secs(60)
            )
        );
    }
}
