//! Assumed roles: `RamRoleArnCredentials` (AssumeRole from base credentials, chainable) and
//! `OidcRoleArnCredentials` (RRSA: AssumeRoleWithOIDC with a token file re-read at each refresh).

use super::cache::{Cache, Fetch};
use super::sts::{self, AssumeRole, AssumeRoleWithOidc, RoleRequest, StsEndpoint};
use super::{
    Credentials, CredentialsError, CredentialsProvider, EnvLookup, non_empty, process_env,
};
use crate::client::Client;
use futures::future::BoxFuture;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

const RAM_ROLE: &str = "ram_role_arn";
const OIDC: &str = "oidc_role_arn";
/// The role to assume (both providers).
pub const ROLE_ARN_VAR: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// The OIDC provider of the cluster (RRSA).
pub const OIDC_PROVIDER_ARN_VAR: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// The file holding the OIDC token (RRSA mounts and rotates it).
pub const OIDC_TOKEN_FILE_VAR: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
const DEFAULT_DURATION: u32 = 3600;
/// Largest OIDC token file read.
const MAX_TOKEN_FILE: u64 = 64 * 1024;

fn seconds(d: Duration) -> u32 {
    u32::try_from(d.as_secs()).unwrap_or(u32::MAX)
}

/// Temporary credentials of a RAM role, from `AssumeRole` signed with base credentials (any
/// provider, including another `RamRoleArnCredentials`: the CLI's `ChainableRamRoleArn`).
/// Cached and refreshed before they expire.
pub struct RamRoleArnCredentials {
    cache: Cache<AssumeRoleSource>,
}

struct AssumeRoleSource {
    request: RoleRequest,
    external_id: Option<String>,
    base_name: &'static str,
    client: Result<Client, CredentialsError>,
}

impl fmt::Debug for AssumeRoleSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RamRoleArnCredentials")
            .field("role_arn", &self.request.role_arn)
            .field("session_name", &self.request.session_name)
            .field("duration_seconds", &self.request.duration_seconds)
            .field("base", &self.base_name)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for RamRoleArnCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.cache.source().fmt(f)
    }
}

/// Settings for [`RamRoleArnCredentials`].
pub struct RamRoleArnBuilder {
    base: Arc<dyn CredentialsProvider>,
    role_arn: String,
    session_name: Option<String>,
    duration: Duration,
    policy: Option<String>,
    external_id: Option<String>,
    sts: StsEndpoint,
    lookup: EnvLookup,
}

impl fmt::Debug for RamRoleArnBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RamRoleArnBuilder")
            .field("role_arn", &self.role_arn)
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl RamRoleArnBuilder {
    /// Session name (default `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `credentials-rust-<time>`).
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into()).filter(|n| !n.is_empty());
        self
    }
    /// Lifetime of the credentials (default 3600 s, at least 900 s).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }
    /// A policy (JSON text) restricting the role further.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into()).filter(|p| !p.is_empty());
        self
    }
    /// The external id the role's trust policy asks for.
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into()).filter(|p| !p.is_empty());
        self
    }
    /// Where STS is.
    pub fn sts(mut self, sts: StsEndpoint) -> Self {
        self.sts = sts;
        self
    }
    /// The provider; fails on a duration under 900 s or an empty role.
    pub fn build(self) -> Result<RamRoleArnCredentials, CredentialsError> {
        if self.role_arn.is_empty() {
            return Err(CredentialsError::invalid(RAM_ROLE, "the role ARN is empty"));
        }
        let request = RoleRequest {
            role_arn: self.role_arn,
            session_name: sts::session_name(RAM_ROLE, self.session_name, &self.lookup)?,
            duration_seconds: sts::check_duration(RAM_ROLE, seconds(self.duration))?,
            policy: self.policy,
        };
        let base_name = self.base.name();
        Ok(RamRoleArnCredentials {
            cache: Cache::new(
                RAM_ROLE,
                AssumeRoleSource {
                    request,
                    external_id: self.external_id,
                    base_name,
                    client: self.sts.client(&self.lookup, self.base),
                },
            ),
        })
    }
}

impl RamRoleArnCredentials {
    /// Assumes `role_arn` with credentials from `base`.
    pub fn builder(
        base: impl CredentialsProvider + 'static,
        role_arn: impl Into<String>,
    ) -> RamRoleArnBuilder {
        Self::builder_shared(Arc::new(base), role_arn)
    }

    /// Same, with a shared base provider.
    pub fn builder_shared(
        base: Arc<dyn CredentialsProvider>,
        role_arn: impl Into<String>,
    ) -> RamRoleArnBuilder {
        Self::builder_from(process_env(), base, role_arn.into())
    }

    pub(crate) fn builder_from(
        lookup: EnvLookup,
        base: Arc<dyn CredentialsProvider>,
        role_arn: String,
    ) -> RamRoleArnBuilder {
        RamRoleArnBuilder {
            base,
            role_arn,
            session_name: None,
            duration: Duration::from_secs(u64::from(DEFAULT_DURATION)),
            policy: None,
            external_id: None,
            sts: StsEndpoint::new(),
            lookup,
        }
    }
}

impl Fetch for AssumeRoleSource {
    fn fetch(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let client = self.client.as_ref().map_err(Clone::clone)?;
            let op = AssumeRole {
                role: self.request.clone(),
                external_id: self.external_id.clone(),
            };
            sts::credentials_from(RAM_ROLE, client.execute(&op).await)
        })
    }
}

impl CredentialsProvider for RamRoleArnCredentials {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.cache.get())
    }
    fn name(&self) -> &'static str {
        RAM_ROLE
    }
}

/// RRSA (RAM Roles for Service Accounts on ACK): `AssumeRoleWithOIDC` with the token in a file,
/// re-read at each refresh because the cluster rotates it. Cached and refreshed before expiry.
pub struct OidcRoleArnCredentials {
    cache: Cache<OidcSource>,
}

struct OidcSource {
    request: RoleRequest,
    provider_arn: String,
    token_file: PathBuf,
    client: Result<Client, CredentialsError>,
}

impl fmt::Debug for OidcSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcRoleArnCredentials")
            .field("role_arn", &self.request.role_arn)
            .field("oidc_provider_arn", &self.provider_arn)
            .field("oidc_token_file", &self.token_file)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for OidcRoleArnCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.cache.source().fmt(f)
    }
}

/// Settings for [`OidcRoleArnCredentials`]; unset values come from `ALIBABA_CLOUD_ROLE_ARN`,
/// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE` and
/// `ALIBABA_CLOUD_ROLE_SESSION_NAME`.
#[derive(Clone)]
pub struct OidcRoleArnBuilder {
    role_arn: Option<String>,
    provider_arn: Option<String>,
    token_file: Option<PathBuf>,
    session_name: Option<String>,
    duration: Duration,
    policy: Option<String>,
    sts: StsEndpoint,
    lookup: EnvLookup,
}

impl fmt::Debug for OidcRoleArnBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OidcRoleArnBuilder")
            .field("role_arn", &self.role_arn)
            .field("provider_arn", &self.provider_arn)
            .field("token_file", &self.token_file)
            .finish_non_exhaustive()
    }
}

impl OidcRoleArnBuilder {
    /// The role to assume.
    pub fn role_arn(mut self, arn: impl Into<String>) -> Self {
        self.role_arn = Some(arn.into()).filter(|v| !v.is_empty());
        self
    }
    /// The OIDC provider.
    pub fn provider_arn(mut self, arn: impl Into<String>) -> Self {
        self.provider_arn = Some(arn.into()).filter(|v| !v.is_empty());
        self
    }
    /// The token file.
    pub fn token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.token_file = Some(path.into());
        self
    }
    /// Session name.
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into()).filter(|v| !v.is_empty());
        self
    }
    /// Lifetime (default 3600 s, at least 900 s).
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }
    /// A policy restricting the role further.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into()).filter(|v| !v.is_empty());
        self
    }
    /// Where STS is.
    pub fn sts(mut self, sts: StsEndpoint) -> Self {
        self.sts = sts;
        self
    }
    /// The provider; `NotFound` when a role, provider or token file is missing.
    pub fn build(self) -> Result<OidcRoleArnCredentials, CredentialsError> {
        let missing = |what: &str, var: &str| {
            CredentialsError::not_found(OIDC, format!("no {what}: {var} is not set"))
        };
        let role_arn = self
            .role_arn
            .or_else(|| non_empty(&self.lookup, ROLE_ARN_VAR))
            .ok_or_else(|| missing("role ARN", ROLE_ARN_VAR))?;
        let provider_arn = self
            .provider_arn
            .or_else(|| non_empty(&self.lookup, OIDC_PROVIDER_ARN_VAR))
            .ok_or_else(|| missing("OIDC provider ARN", OIDC_PROVIDER_ARN_VAR))?;
        let token_file = self
            .token_file
            .or_else(|| non_empty(&self.lookup, OIDC_TOKEN_FILE_VAR).map(PathBuf::from))
            .ok_or_else(|| missing("OIDC token file", OIDC_TOKEN_FILE_VAR))?;
        let request = RoleRequest {
            role_arn,
            session_name: sts::session_name(OIDC, self.session_name, &self.lookup)?,
            duration_seconds: sts::check_duration(OIDC, seconds(self.duration))?,
            policy: self.policy,
        };
        // Unsigned: the base provider is never asked.
        let client = self
            .sts
            .client(
                &self.lookup,
                Arc::new(super::StaticCredentials::new("-", "-")),
            )
            .map(|c| c.anonymous());
        Ok(OidcRoleArnCredentials {
            cache: Cache::new(
                OIDC,
                OidcSource {
                    request,
                    provider_arn,
                    token_file,
                    client,
                },
            ),
        })
    }
}

impl OidcRoleArnCredentials {
    /// Settings from the process environment.
    pub fn builder() -> OidcRoleArnBuilder {
        Self::builder_from(process_env())
    }

    pub(crate) fn builder_from(lookup: EnvLookup) -> OidcRoleArnBuilder {
        OidcRoleArnBuilder {
            role_arn: None,
            provider_arn: None,
            token_file: None,
            session_name: None,
            duration: Duration::from_secs(u64::from(DEFAULT_DURATION)),
            policy: None,
            sts: StsEndpoint::new(),
            lookup,
        }
    }
}

impl OidcSource {
    fn read_token(&self) -> Result<String, CredentialsError> {
        let shown = self.token_file.display();
        let fail = |reason: String| CredentialsError::invalid(OIDC, format!("{shown}: {reason}"));
        let meta = std::fs::metadata(&self.token_file)
            .map_err(|e| fail(format!("cannot read the OIDC token file: {e}")))?;
        if meta.len() > MAX_TOKEN_FILE {
            return Err(fail(format!(
                "the OIDC token file is over {MAX_TOKEN_FILE} bytes"
            )));
        }
        let text = std::fs::read_to_string(&self.token_file)
            .map_err(|e| fail(format!("cannot read the OIDC token file: {e}")))?;
        let token = text.trim();
        if token.is_empty() || !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(fail(
                "the OIDC token is empty or not printable ASCII (not shown)".to_owned(),
            ));
        }
        Ok(token.to_owned())
    }
}

impl Fetch for OidcSource {
    fn fetch(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let client = self.client.as_ref().map_err(Clone::clone)?;
            let op = AssumeRoleWithOidc {
                role: self.request.clone(),
                provider_arn: self.provider_arn.clone(),
                token: self.read_token()?,
            };
            sts::credentials_from(OIDC, client.execute(&op).await)
        })
    }
}

impl CredentialsProvider for OidcRoleArnCredentials {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.cache.get())
    }
    fn name(&self) -> &'static str {
        OIDC
    }
}
