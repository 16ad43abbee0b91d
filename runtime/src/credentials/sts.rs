//! STS (2015-04-01) as an ordinary Alibaba RPC API: `AssumeRole` and `AssumeRoleWithOIDC` go through
//! the runtime's own client, so they get the V3 signature, retries, timeouts and typed errors of
//! every other call.

use super::http::{fetch_error, parse_expiration};
use super::{
    Credentials, CredentialsError, CredentialsProvider, EnvLookup, FetchErrorKind, non_empty,
};
use crate::client::Client;
use crate::config::{Config, ConfigError};
use crate::endpoint::Product;
use crate::error::{Error, ValidationError};
use crate::operation::{HttpMethod, Operation};
use crate::query::QueryParams;
use serde::Deserialize;
use std::sync::Arc;

static STS: Product = Product {
    code: "Sts",
    version: "2015-04-01",
    endpoint_pattern: "sts.{region}.aliyuncs.com",
    regional_endpoints: &[],
};

/// Region of the STS endpoint (`sts.<region>.aliyuncs.com`).
pub const STS_REGION_VAR: &str = "ALIBABA_CLOUD_STS_REGION";
/// `true` selects the VPC endpoint (`sts-vpc.<region>.aliyuncs.com`).
pub const VPC_ENDPOINT_VAR: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// Session name of assumed roles.
pub const ROLE_SESSION_NAME_VAR: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";

/// Where STS calls go. Default: `sts.aliyuncs.com`; with a region (or `ALIBABA_CLOUD_STS_REGION`)
/// `sts.<region>.aliyuncs.com`, or `sts-vpc.<region>.aliyuncs.com` when the VPC endpoint is enabled
/// (or `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`). An explicit endpoint wins over both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StsEndpoint {
    endpoint: Option<String>,
    region: Option<String>,
    vpc: Option<bool>,
}

impl StsEndpoint {
    /// The defaults, resolved against the environment when used.
    pub fn new() -> Self {
        Self::default()
    }
    /// An explicit endpoint: `host`, `https://host` or `http://127.0.0.1:PORT`.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into()).filter(|e| !e.is_empty());
        self
    }
    /// The STS region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into()).filter(|r| !r.is_empty());
        self
    }
    /// Uses (or not) the VPC endpoint of the region.
    pub fn vpc(mut self, vpc: bool) -> Self {
        self.vpc = Some(vpc);
        self
    }

    /// The endpoint to call.
    pub(crate) fn resolve(&self, lookup: &EnvLookup) -> String {
        if let Some(e) = &self.endpoint {
            return e.clone();
        }
        let vpc = self
            .vpc
            .unwrap_or_else(|| super::is_true(lookup, VPC_ENDPOINT_VAR));
        let prefix = if vpc { "sts-vpc" } else { "sts" };
        match self
            .region
            .clone()
            .or_else(|| non_empty(lookup, STS_REGION_VAR))
        {
            Some(region) => format!("{prefix}.{region}.aliyuncs.com"),
            None => "sts.aliyuncs.com".to_owned(),
        }
    }

    /// A runtime client for STS, signing with `base`.
    pub(crate) fn client(
        &self,
        lookup: &EnvLookup,
        base: Arc<dyn CredentialsProvider>,
    ) -> Result<Client, CredentialsError> {
        let endpoint = self.resolve(lookup);
        let config = Config::builder()
            .endpoint(endpoint)
            .credentials_shared(base)
            .build()
            .map_err(|e: ConfigError| CredentialsError::invalid("sts", e.to_string()))?;
        Client::new(config, &STS).map_err(|e| CredentialsError::invalid("sts", e.to_string()))
    }
}

/// The parameters both AssumeRole actions share.
#[derive(Clone)]
pub(crate) struct RoleRequest {
    pub role_arn: String,
    pub session_name: String,
    pub duration_seconds: u32,
    pub policy: Option<String>,
}

impl RoleRequest {
    fn write(&self, query: &mut QueryParams) {
        query.push("RoleArn", Some(self.role_arn.as_str()));
        query.push("RoleSessionName", Some(self.session_name.as_str()));
        query.push("DurationSeconds", Some(&self.duration_seconds.to_string()));
        query.push("Policy", self.policy.as_deref());
    }
}

/// `AssumeRole`.
pub(crate) struct AssumeRole {
    pub role: RoleRequest,
    pub external_id: Option<String>,
}

/// `AssumeRoleWithOIDC`; sent unsigned, the OIDC token is the proof.
pub(crate) struct AssumeRoleWithOidc {
    pub role: RoleRequest,
    pub provider_arn: String,
    pub token: String,
}

/// Both actions answer `{"RequestId", "AssumedRoleUser", "Credentials": {...}}`.
#[derive(Deserialize)]
pub(crate) struct Answer {
    #[serde(rename = "Credentials")]
    credentials: Option<AnswerCredentials>,
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AnswerCredentials {
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    security_token: Option<String>,
    expiration: Option<String>,
}

impl Operation for AssumeRole {
    type Output = Answer;
    const ACTION: &'static str = "AssumeRole";
    const METHOD: HttpMethod = HttpMethod::Post;
    fn write_query(&self, query: &mut QueryParams) {
        self.role.write(query);
        query.push("ExternalId", self.external_id.as_deref());
    }
    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

impl Operation for AssumeRoleWithOidc {
    type Output = Answer;
    const ACTION: &'static str = "AssumeRoleWithOIDC";
    const METHOD: HttpMethod = HttpMethod::Post;
    fn write_query(&self, query: &mut QueryParams) {
        self.role.write(query);
        query.push("OIDCProviderArn", Some(self.provider_arn.as_str()));
        query.push("OIDCToken", Some(self.token.as_str()));
    }
    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

/// The credentials of an STS answer, or a typed error naming `provider`.
pub(crate) fn credentials_from(
    provider: &'static str,
    result: Result<Answer, Error>,
) -> Result<Credentials, CredentialsError> {
    let answer = result.map_err(|e| from_runtime_error(provider, e))?;
    let what = format!(
        "STS answer (request id {})",
        answer.request_id.as_deref().unwrap_or("-")
    );
    let malformed = |missing: &str| {
        fetch_error(
            provider,
            FetchErrorKind::Malformed,
            format!("{what}: {missing}"),
        )
    };
    let c = answer
        .credentials
        .ok_or_else(|| malformed("Credentials is missing"))?;
    let field = |v: Option<String>, name: &str| {
        v.filter(|v| !v.is_empty())
            .ok_or_else(|| malformed(&format!("Credentials.{name} is missing")))
    };
    let id = field(c.access_key_id, "AccessKeyId")?;
    let secret = field(c.access_key_secret, "AccessKeySecret")?;
    let token = field(c.security_token, "SecurityToken")?;
    let expiration = parse_expiration(&field(c.expiration, "Expiration")?)
        .ok_or_else(|| malformed("Credentials.Expiration is not a UTC time"))?;
    let credentials = Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiration(expiration);
    credentials.check(provider)?;
    Ok(credentials)
}

fn from_runtime_error(provider: &'static str, e: Error) -> CredentialsError {
    let kind = match &e {
        // The base credentials failed: that is the reason, say it as it is.
        Error::Credentials(inner) => return CredentialsError::clone(inner),
        Error::Service(s) => FetchErrorKind::Service {
            status: s.status,
            code: s.code.clone(),
            request_id: s.request_id.clone(),
        },
        Error::Timeout(_) => FetchErrorKind::Timeout,
        Error::Transport(t) if t.connect => FetchErrorKind::Connect,
        Error::Transport(_) => FetchErrorKind::Transport,
        Error::Decode(_) => FetchErrorKind::Malformed,
        _ => return CredentialsError::invalid(provider, e.to_string()),
    };
    fetch_error(provider, kind, e.to_string())
}

/// The role session name: `explicit` (a builder's `session_name`, which a profile sets), else
/// `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `credentials-rust-<unix time>` (as the official SDKs).
/// Checked as STS checks it, so a bad name fails when the provider is built, naming where it came
/// from, instead of on every call.
pub(crate) fn session_name(
    provider: &'static str,
    explicit: Option<String>,
    lookup: &EnvLookup,
) -> Result<String, CredentialsError> {
    let (name, source) = match explicit {
        Some(name) => (name, "the configured session name"),
        None => match non_empty(lookup, ROLE_SESSION_NAME_VAR) {
            Some(name) => (name, ROLE_SESSION_NAME_VAR),
            None => {
                let name = format!("credentials-rust-{}", jiff::Timestamp::now().as_second());
                return Ok(name);
            }
        },
    };
    check_session_name(provider, name, source)
}

/// STS's rule for `RoleSessionName`: 2 to 64 characters, each a letter, a digit, `.`, `@`, `-` or `_`.
pub(crate) fn check_session_name(
    provider: &'static str,
    name: String,
    source: &str,
) -> Result<String, CredentialsError> {
    let length = name.chars().count();
    let bad = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '-' | '_')));
    let problem = match bad {
        Some(c) => format!("holds {c:?}"),
        None if !(2..=64).contains(&length) => format!("is {length} characters long"),
        None => return Ok(name),
    };
    let shown: String = name.chars().take(64).collect();
    Err(CredentialsError::invalid(
        provider,
        format!(
            "the role session name {shown:?} from {source} {problem}; STS accepts 2 to 64 letters, \
             digits, `.`, `@`, `-` and `_`"
        ),
    ))
}

/// Checks the duration the official SDKs accept (at least 900 s).
pub(crate) fn check_duration(
    provider: &'static str,
    seconds: u32,
) -> Result<u32, CredentialsError> {
    if seconds < 900 {
        return Err(CredentialsError::invalid(
            provider,
            format!("session duration {seconds} s is below the minimum of 900 s"),
        ));
    }
    Ok(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> EnvLookup {
        Arc::new(move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn role_session_names_are_checked_as_sts_does_naming_the_source() {
        let none = env(&[]);
        for ok in ["ab", "a.b@c-d_e", &"x".repeat(64), "User123"] {
            assert_eq!(session_name("p", Some(ok.to_owned()), &none).unwrap(), ok);
        }
        let generated = session_name("p", None, &none).unwrap();
        assert!(check_session_name("p", generated, "x").is_ok());
        for (bad, says) in [
            ("a", "is 1 characters long"),
            (&"x".repeat(65) as &str, "is 65 characters long"),
            ("has space", "holds ' '"),
            ("名前", "holds '名'"),
            ("a/b", "holds '/'"),
        ] {
            let e = session_name("RamRoleArn", Some(bad.to_owned()), &none).unwrap_err();
            let text = e.to_string();
            assert!(matches!(
                e,
                CredentialsError::Invalid {
                    provider: "RamRoleArn",
                    ..
                }
            ));
            assert!(
                text.contains(says) && text.contains("the configured session name"),
                "{text}"
            );
        }
        let e =
            session_name("Oidc", None, &env(&[(ROLE_SESSION_NAME_VAR, "bad name")])).unwrap_err();
        assert!(e.to_string().contains(ROLE_SESSION_NAME_VAR), "{e}");
    }

    #[test]
    fn endpoint_resolution_follows_the_official_order() {
        let none = env(&[]);
        assert_eq!(StsEndpoint::new().resolve(&none), "sts.aliyuncs.com");
        let region = env(&[(STS_REGION_VAR, "cn-hangzhou")]);
        assert_eq!(
            StsEndpoint::new().resolve(&region),
            "sts.cn-hangzhou.aliyuncs.com"
        );
        let vpc = env(&[(STS_REGION_VAR, "cn-hangzhou"), (VPC_ENDPOINT_VAR, "true")]);
        assert_eq!(
            StsEndpoint::new().resolve(&vpc),
            "sts-vpc.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            StsEndpoint::new()
                .region("cn-beijing")
                .vpc(false)
                .resolve(&vpc),
            "sts.cn-beijing.aliyuncs.com"
        );
        assert_eq!(
            StsEndpoint::new()
                .endpoint("http://127.0.0.1:9")
                .resolve(&vpc),
            "http://127.0.0.1:9"
        );
    }
}
