//! Credentials and where they come from.
//!
//! Secrets live in [`Secret`], whose `Debug` prints a placeholder, so a stray `{:?}` of a config,
//! a provider or an error can never leak them.

mod cache;
mod chain;
mod cli_config;
mod ecs;
mod env;
#[macro_use]
mod file_provider;
mod http;
mod ini;
mod profile;
mod role;
mod spec;
mod sts;
mod uri;
mod value;

pub use chain::{DefaultChainBuilder, DefaultCredentialsChain};
pub use ecs::{EcsRamRoleBuilder, EcsRamRoleCredentials};
pub use env::EnvironmentCredentials;
pub use ini::IniProfileCredentials;
pub use profile::ProfileCredentials;
pub use role::{
    OidcRoleArnBuilder, OidcRoleArnCredentials, RamRoleArnBuilder, RamRoleArnCredentials,
};
pub use sts::StsEndpoint;
pub use uri::UriCredentials;
pub use value::{Credentials, Secret};

use futures::future::BoxFuture;
use std::fmt;
use std::sync::Arc;

/// Why a provider could not produce credentials. Never contains a secret value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The source is simply not configured (variables unset, no file); a chain moves on.
    #[error("{provider}: {reason}")]
    NotFound {
        /// Provider name.
        provider: &'static str,
        /// What was looked for.
        reason: String,
    },
    /// The source exists but is unusable (bad JSON, unknown profile, unsupported mode...).
    #[error("{provider}: {reason}")]
    Invalid {
        /// Provider name.
        provider: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// Asking a credentials service failed: the metadata service, STS or a credentials URI did not
    /// answer in time, answered an error, or answered something unusable.
    #[error("{provider}: {reason}")]
    Fetch {
        /// Provider name.
        provider: &'static str,
        /// What went wrong, for programs.
        kind: FetchErrorKind,
        /// What went wrong, for people (never a secret).
        reason: String,
    },
    /// No provider in a chain produced credentials; each entry says why.
    #[error("no credentials found; tried {}", format_tried(.tried))]
    NoneFound {
        /// One error per provider, in the order they were tried.
        tried: Vec<CredentialsError>,
    },
}

/// The kind of a [`CredentialsError::Fetch`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchErrorKind {
    /// No answer within the timeout (connect or read).
    Timeout,
    /// The connection could not be made.
    Connect,
    /// The connection failed while talking.
    Transport,
    /// A non-200 answer from a plain HTTP source (metadata service, credentials URI).
    Http {
        /// HTTP status.
        status: u16,
    },
    /// An Alibaba API error from STS.
    Service {
        /// HTTP status.
        status: u16,
        /// The error code, e.g. `NoPermission`.
        code: Option<String>,
        /// The request id, for support.
        request_id: Option<String>,
    },
    /// The answer could not be understood (not JSON, a field missing, a bad time).
    Malformed,
}

fn format_tried(tried: &[CredentialsError]) -> String {
    if tried.is_empty() {
        return "no providers".to_owned();
    }
    tried
        .iter()
        .map(|e| format!("[{e}]"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl CredentialsError {
    /// A "not configured" error, for custom providers.
    pub fn not_found(provider: &'static str, reason: impl Into<String>) -> Self {
        CredentialsError::NotFound {
            provider,
            reason: reason.into(),
        }
    }

    /// An "exists but unusable" error, for custom providers.
    pub fn invalid(provider: &'static str, reason: impl Into<String>) -> Self {
        CredentialsError::Invalid {
            provider,
            reason: reason.into(),
        }
    }
}

/// A source of credentials, asked once per call so rotated keys are picked up.
pub trait CredentialsProvider: Send + Sync + fmt::Debug {
    /// Produces credentials (or says why not).
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
    /// A short name used in errors and logs (`static`, `env`, `profile`...).
    fn name(&self) -> &'static str;
}

impl<T: CredentialsProvider + ?Sized> CredentialsProvider for Arc<T> {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide()
    }
    fn name(&self) -> &'static str {
        (**self).name()
    }
}

impl<T: CredentialsProvider + ?Sized> CredentialsProvider for Box<T> {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        (**self).provide()
    }
    fn name(&self) -> &'static str {
        (**self).name()
    }
}

/// Fixed credentials given in code: an AccessKey pair or STS credentials.
#[derive(Clone, Debug)]
pub struct StaticCredentials {
    credentials: Credentials,
}

impl StaticCredentials {
    /// Long-term AccessKey credentials.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        StaticCredentials {
            credentials: Credentials::new(access_key_id, access_key_secret),
        }
    }

    /// Temporary STS credentials.
    pub fn sts(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        StaticCredentials {
            credentials: Credentials::new(access_key_id, access_key_secret)
                .with_security_token(security_token),
        }
    }
}

impl From<Credentials> for StaticCredentials {
    fn from(credentials: Credentials) -> Self {
        StaticCredentials { credentials }
    }
}

impl CredentialsProvider for StaticCredentials {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let c = self.credentials.clone();
        Box::pin(async move { Ok(c) })
    }
    fn name(&self) -> &'static str {
        "static"
    }
}

/// The region variable of the official tools.
pub const REGION_VAR: &str = "ALIBABA_CLOUD_REGION_ID";

/// `ALIBABA_CLOUD_REGION_ID`, then the `region_id` of the selected CLI profile.
pub(crate) fn default_region(lookup: &EnvLookup) -> Option<String> {
    non_empty(lookup, REGION_VAR).or_else(|| profile::profile_region(lookup))
}

/// Reads a variable; injectable so tests never touch the process environment.
pub(crate) type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

pub(crate) fn process_env() -> EnvLookup {
    Arc::new(|name| std::env::var(name).ok())
}

/// A switch variable: `true` in any case (as the official SDKs read them).
pub(crate) fn is_true(lookup: &EnvLookup, name: &str) -> bool {
    lookup(name).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// Treats an empty variable like an unset one (as the official SDKs do).
pub(crate) fn non_empty(lookup: &EnvLookup, name: &str) -> Option<String> {
    lookup(name).filter(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_from_the_environment_then_the_profile() {
        let home =
            std::env::temp_dir().join(format!("rpc-runtime-region-{}", rand::random::<u64>()));
        std::fs::create_dir_all(home.join(".aliyun")).ok();
        std::fs::write(
            home.join(".aliyun/config.json"),
            r#"{"current":"a","profiles":[{"name":"a","mode":"AK","region_id":"cn-hangzhou"},{"name":"b","region_id":"cn-beijing"}]}"#,
        )
        .ok();
        let home_text = home.display().to_string();
        let lookup = |vars: Vec<(&'static str, String)>| -> EnvLookup {
            Arc::new(move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
        };
        let with = |extra: Vec<(&'static str, String)>| {
            let mut vars = vec![("HOME", home_text.clone())];
            vars.extend(extra);
            default_region(&lookup(vars))
        };
        assert_eq!(with(vec![]).as_deref(), Some("cn-hangzhou"));
        assert_eq!(
            with(vec![("ALIBABA_CLOUD_PROFILE", "b".into())]).as_deref(),
            Some("cn-beijing")
        );
        assert_eq!(
            with(vec![(REGION_VAR, "cn-shenzhen".into())]).as_deref(),
            Some("cn-shenzhen")
        );
        assert_eq!(
            with(vec![("ALIBABA_CLOUD_PROFILE", "missing".into())]),
            None
        );
        assert_eq!(default_region(&lookup(vec![])), None);
        let _ = std::fs::remove_dir_all(&home);
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let c = Credentials::new("LTAIid", "topsecretvalue").with_security_token("tokenvalue123");
        let d = format!("{c:?}");
        assert!(d.contains("LTAIid"));
        assert!(!d.contains("topsecretvalue"));
        assert!(!d.contains("tokenvalue123"));
        let p = StaticCredentials::sts("LTAIid", "topsecretvalue", "tokenvalue123");
        let d = format!("{p:?} {:#?}", p);
        assert!(!d.contains("topsecretvalue") && !d.contains("tokenvalue123"));
    }

    #[test]
    fn static_provider_returns_its_credentials() {
        let p = StaticCredentials::sts("id", "secret", "token");
        let c = futures::executor::block_on(p.provide()).ok();
        assert_eq!(
            c,
            Some(Credentials::new("id", "secret").with_security_token("token"))
        );
        assert_eq!(p.name(), "static");
        let shared: Arc<dyn CredentialsProvider> = Arc::new(p);
        assert_eq!(shared.name(), "static");
    }

    #[test]
    fn none_found_lists_each_provider() {
        let e = CredentialsError::NoneFound {
            tried: vec![
                CredentialsError::not_found("env", "ALIBABA_CLOUD_ACCESS_KEY_ID is not set"),
                CredentialsError::invalid("profile", "/x/config.json: invalid JSON"),
            ],
        };
        assert_eq!(
            e.to_string(),
            "no credentials found; tried [env: ALIBABA_CLOUD_ACCESS_KEY_ID is not set], [profile: /x/config.json: invalid JSON]"
        );
    }
}
