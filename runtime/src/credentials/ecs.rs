//! The RAM role of an ECS instance, from the instance metadata service (IMDS).
//!
//! IMDSv2 first: `PUT /latest/api/token` gives a session token sent with each read. When the token
//! cannot be had, the provider falls back to plain (v1) reads unless v1 is disabled (by
//! [`EcsRamRoleCredentials::disable_imds_v1`] or `ALIBABA_CLOUD_IMDSV1_DISABLED=true`).

use super::cache::{Cache, Fetch};
use super::http::{self, status_error};
use super::{
    Credentials, CredentialsError, CredentialsProvider, EnvLookup, is_true, non_empty, process_env,
};
use futures::future::BoxFuture;
use std::fmt;
use std::time::Duration;

const NAME: &str = "ecs_ram_role";
/// The metadata service every ECS instance reaches.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://100.100.100.200";
/// Role name (otherwise discovered from the metadata service).
pub const ROLE_NAME_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// `true` refuses the v1 fallback.
pub const IMDS_V1_DISABLED_VAR: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// `true` removes this provider from the default chain.
pub const METADATA_DISABLED_VAR: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TOKEN_TTL_HEADER: &str = "X-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "X-aliyun-ecs-metadata-token";
const TOKEN_TTL_SECONDS: &str = "21600";

/// Temporary credentials of the instance's RAM role, cached and refreshed before they expire.
///
/// Defaults: endpoint `http://100.100.100.200`, role from `ALIBABA_CLOUD_ECS_METADATA` or
/// discovered, v1 fallback unless `ALIBABA_CLOUD_IMDSV1_DISABLED=true`, 1 s connect and 1 s read
/// timeouts (as the official SDKs, so a machine without a metadata service moves on quickly).
pub struct EcsRamRoleCredentials {
    cache: Cache<Imds>,
}

struct Imds {
    endpoint: String,
    role_name: Option<String>,
    disable_v1: bool,
    read_timeout: Duration,
    http: Result<reqwest::Client, CredentialsError>,
}

impl fmt::Debug for Imds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcsRamRoleCredentials")
            .field("endpoint", &self.endpoint)
            .field("role_name", &self.role_name)
            .field("disable_imds_v1", &self.disable_v1)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for EcsRamRoleCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.cache.source().fmt(f)
    }
}

/// Settings for [`EcsRamRoleCredentials`].
#[derive(Debug, Clone)]
pub struct EcsRamRoleBuilder {
    endpoint: String,
    role_name: Option<String>,
    disable_v1: bool,
    connect_timeout: Duration,
    read_timeout: Duration,
}

impl EcsRamRoleBuilder {
    /// The metadata service, e.g. `http://100.100.100.200` (the default) or a local stand-in.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into().trim_end_matches('/').to_owned();
        self
    }
    /// The role; without it the first role the metadata service lists is used.
    pub fn role_name(mut self, role: impl Into<String>) -> Self {
        self.role_name = Some(role.into()).filter(|r| !r.is_empty());
        self
    }
    /// Refuses reads without an IMDSv2 token.
    pub fn disable_imds_v1(mut self, disable: bool) -> Self {
        self.disable_v1 = disable;
        self
    }
    /// Connect timeout (default 1 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }
    /// Timeout of each request (default 1 s).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }
    /// The provider.
    pub fn build(self) -> EcsRamRoleCredentials {
        EcsRamRoleCredentials {
            cache: Cache::new(
                NAME,
                Imds {
                    http: http::client(NAME, self.connect_timeout),
                    endpoint: self.endpoint,
                    role_name: self.role_name,
                    disable_v1: self.disable_v1,
                    read_timeout: self.read_timeout,
                },
            ),
        }
    }
}

impl EcsRamRoleCredentials {
    /// Settings from the process environment.
    pub fn builder() -> EcsRamRoleBuilder {
        Self::builder_from(&process_env())
    }

    pub(crate) fn builder_from(lookup: &EnvLookup) -> EcsRamRoleBuilder {
        EcsRamRoleBuilder {
            endpoint: DEFAULT_METADATA_ENDPOINT.to_owned(),
            role_name: non_empty(lookup, ROLE_NAME_VAR),
            disable_v1: is_true(lookup, IMDS_V1_DISABLED_VAR),
            connect_timeout: Duration::from_secs(1),
            read_timeout: Duration::from_secs(1),
        }
    }

    /// The provider with settings from the process environment.
    pub fn new() -> Self {
        Self::builder().build()
    }
}

impl Default for EcsRamRoleCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl Imds {
    fn http(&self) -> Result<&reqwest::Client, CredentialsError> {
        self.http.as_ref().map_err(Clone::clone)
    }

    async fn token(&self) -> Result<Option<String>, CredentialsError> {
        let what = format!("PUT {}{TOKEN_PATH}", self.endpoint);
        let request = self
            .http()?
            .put(format!("{}{TOKEN_PATH}", self.endpoint))
            .header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS);
        let result = match http::send(NAME, &what, request, self.read_timeout).await {
            Ok((200, body)) => match String::from_utf8(body) {
                Ok(token) if !token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic()) => {
                    return Ok(Some(token));
                }
                _ => Err(http::fetch_error(
                    NAME,
                    super::FetchErrorKind::Malformed,
                    format!("{what}: the token is empty or not printable ASCII"),
                )),
            },
            Ok((status, body)) => Err(status_error(NAME, &what, status, &body)),
            Err(e) => Err(e),
        };
        match result {
            Err(e) if self.disable_v1 => Err(e),
            Err(e) => {
                tracing::debug!(reason = %e, "no IMDSv2 token; falling back to IMDSv1");
                Ok(None)
            }
            Ok(t) => Ok(t),
        }
    }

    async fn get(&self, path: &str, token: Option<&str>) -> Result<Vec<u8>, CredentialsError> {
        let url = format!("{}{path}", self.endpoint);
        let what = format!("GET {url}");
        let mut request = self.http()?.get(&url);
        if let Some(token) = token {
            request = request.header(TOKEN_HEADER, token);
        }
        match http::send(NAME, &what, request, self.read_timeout).await? {
            (200, body) => Ok(body),
            (status, body) => Err(status_error(NAME, &what, status, &body)),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let token = self.token().await?;
        let role = match &self.role_name {
            Some(r) => r.clone(),
            None => {
                let body = self.get(CREDENTIALS_PATH, token.as_deref()).await?;
                let text = String::from_utf8_lossy(&body);
                let role = text.lines().next().unwrap_or("").trim().to_owned();
                if role.is_empty() || !role.bytes().all(|b| b.is_ascii_graphic() && b != b'/') {
                    return Err(http::fetch_error(
                        NAME,
                        super::FetchErrorKind::Malformed,
                        format!(
                            "GET {}{CREDENTIALS_PATH}: no usable role name in the answer",
                            self.endpoint
                        ),
                    ));
                }
                role
            }
        };
        let path = format!("{CREDENTIALS_PATH}{role}");
        let body = self.get(&path, token.as_deref()).await?;
        http::parse_document(NAME, &format!("GET {}{path}", self.endpoint), &body)
    }
}

impl Fetch for Imds {
    fn fetch(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

impl CredentialsProvider for EcsRamRoleCredentials {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.cache.get())
    }
    fn name(&self) -> &'static str {
        NAME
    }
}
