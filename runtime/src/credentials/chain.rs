//! The default chain, in the official SDKs' order.

use super::ecs::{EcsRamRoleCredentials, METADATA_DISABLED_VAR};
use super::ini::IniProfileCredentials;
use super::role::{
    OIDC_PROVIDER_ARN_VAR, OIDC_TOKEN_FILE_VAR, OidcRoleArnCredentials, ROLE_ARN_VAR,
};
use super::spec::Endpoints;
use super::sts::StsEndpoint;
use super::uri::{CREDENTIALS_URI_VAR, UriCredentials};
use super::{
    Credentials, CredentialsError, CredentialsProvider, EnvLookup, EnvironmentCredentials,
    ProfileCredentials, is_true, non_empty, process_env,
};
use futures::future::BoxFuture;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One place in the chain: a provider, or the reason it is left out (reported when nothing is found).
#[derive(Debug)]
enum Link {
    Provider(Box<dyn CredentialsProvider>),
    Skipped(&'static str, String),
}

/// Tries each source in the official order and returns the first credentials found:
///
/// 1. environment (`ALIBABA_CLOUD_ACCESS_KEY_ID`, `..._SECRET`, `ALIBABA_CLOUD_SECURITY_TOKEN`);
/// 2. OIDC / RRSA, when `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
///    `ALIBABA_CLOUD_OIDC_TOKEN_FILE` are all set;
/// 3. the CLI profile `~/.aliyun/config.json` (unless `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`);
/// 4. the ini profile `~/.alibabacloud/credentials[.ini]` (`ALIBABA_CLOUD_CREDENTIALS_FILE`);
/// 5. the ECS RAM role (unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`);
/// 6. a credentials URI, when `ALIBABA_CLOUD_CREDENTIALS_URI` is set.
///
/// The variables that include or leave out a source are read when the chain is built; the sources
/// themselves read theirs on each call. The source that answered is asked first next time (as the
/// official SDKs do), so its cache is used and the sources before it are not read again; if it
/// fails, the whole chain is tried again. When no source answers, the error lists every source and
/// why it was skipped.
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    links: Vec<Link>,
    last: AtomicUsize,
}

/// Settings for [`DefaultCredentialsChain`]: endpoint overrides for the sources that call a
/// service (a local stand-in, a private endpoint).
pub struct DefaultChainBuilder {
    lookup: EnvLookup,
    endpoints: Endpoints,
}

impl std::fmt::Debug for DefaultChainBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DefaultChainBuilder")
            .field("endpoints", &self.endpoints)
            .finish_non_exhaustive()
    }
}

impl DefaultChainBuilder {
    /// The metadata service of the ECS source and of `EcsRamRole` profiles.
    pub fn metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoints.metadata = Some(endpoint.into());
        self
    }
    /// The STS endpoint of the OIDC source and of role profiles.
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoints.sts = Some(endpoint.into());
        self
    }
    /// Reads variables (including `HOME`) through `lookup` instead of the process environment.
    pub fn env_lookup(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.lookup = Arc::new(lookup);
        self
    }
    /// The chain.
    pub fn build(self) -> DefaultCredentialsChain {
        let lookup = self.lookup;
        let endpoints = self.endpoints;
        let mut links = vec![Link::Provider(Box::new(
            EnvironmentCredentials::from_lookup(lookup.clone()),
        ))];
        let oidc_vars = [ROLE_ARN_VAR, OIDC_PROVIDER_ARN_VAR, OIDC_TOKEN_FILE_VAR];
        let oidc = if oidc_vars.iter().all(|v| non_empty(&lookup, v).is_some()) {
            let mut sts = StsEndpoint::new();
            if let Some(e) = &endpoints.sts {
                sts = sts.endpoint(e.clone());
            }
            OidcRoleArnCredentials::builder_from(lookup.clone())
                .sts(sts)
                .build()
        } else {
            Err(CredentialsError::not_found(
                "oidc_role_arn",
                format!("not all of {} are set", oidc_vars.join(", ")),
            ))
        };
        links.push(match oidc {
            Ok(p) => Link::Provider(Box::new(p)),
            Err(e) => Link::Skipped("oidc_role_arn", reason(&e)),
        });
        links.push(Link::Provider(Box::new(
            ProfileCredentials::from_lookup(lookup.clone()).with_endpoints(endpoints.clone()),
        )));
        links.push(Link::Provider(Box::new(
            IniProfileCredentials::from_lookup(lookup.clone()).with_endpoints(endpoints.clone()),
        )));
        links.push(if is_true(&lookup, METADATA_DISABLED_VAR) {
            Link::Skipped(
                "ecs_ram_role",
                format!("disabled by {METADATA_DISABLED_VAR}=true"),
            )
        } else {
            let mut b = EcsRamRoleCredentials::builder_from(&lookup);
            if let Some(e) = &endpoints.metadata {
                b = b.endpoint(e.clone());
            }
            Link::Provider(Box::new(b.build()))
        });
        links.push(match non_empty(&lookup, CREDENTIALS_URI_VAR) {
            Some(uri) => Link::Provider(Box::new(UriCredentials::new(uri))),
            None => Link::Skipped(
                "credentials_uri",
                format!("{CREDENTIALS_URI_VAR} is not set"),
            ),
        });
        DefaultCredentialsChain {
            links,
            last: AtomicUsize::new(usize::MAX),
        }
    }
}

/// An error's reason without its `provider: ` prefix.
fn reason(e: &CredentialsError) -> String {
    match e {
        CredentialsError::NotFound { reason, .. }
        | CredentialsError::Invalid { reason, .. }
        | CredentialsError::Fetch { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

impl DefaultCredentialsChain {
    /// The official chain, reading the process environment.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Settings: endpoint overrides, an environment of your own.
    pub fn builder() -> DefaultChainBuilder {
        DefaultChainBuilder {
            lookup: process_env(),
            endpoints: Endpoints::default(),
        }
    }

    /// The default chain, reading variables (including `HOME`) through `lookup` (for tests).
    pub fn with_env_lookup(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        Self::builder().env_lookup(lookup).build()
    }

    /// A chain of your own providers, tried in the given order.
    pub fn with_providers(providers: Vec<Box<dyn CredentialsProvider>>) -> Self {
        DefaultCredentialsChain {
            links: providers.into_iter().map(Link::Provider).collect(),
            last: AtomicUsize::new(usize::MAX),
        }
    }

    /// Names of the sources, in order (including those left out).
    pub fn provider_names(&self) -> Vec<&'static str> {
        self.links
            .iter()
            .map(|l| match l {
                Link::Provider(p) => p.name(),
                Link::Skipped(name, _) => name,
            })
            .collect()
    }
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl CredentialsProvider for DefaultCredentialsChain {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let last = self.last.load(Ordering::Relaxed);
            if let Some(Link::Provider(p)) = self.links.get(last) {
                // Checked here so an unsendable value is blamed on its source, not on the chain.
                match p
                    .provide()
                    .await
                    .and_then(|c| c.check(p.name()).map(|()| c))
                {
                    Ok(c) => return Ok(c),
                    Err(e) => {
                        tracing::debug!(provider = p.name(), reason = %e, "the last credentials source failed; trying the chain again")
                    }
                }
            }
            let mut tried = Vec::with_capacity(self.links.len());
            for (i, link) in self.links.iter().enumerate() {
                match link {
                    Link::Provider(provider) => match provider
                        .provide()
                        .await
                        .and_then(|c| c.check(provider.name()).map(|()| c))
                    {
                        Ok(c) => {
                            self.last.store(i, Ordering::Relaxed);
                            return Ok(c);
                        }
                        Err(e) => {
                            tracing::debug!(provider = provider.name(), reason = %e, "credentials provider skipped");
                            tried.push(e);
                        }
                    },
                    Link::Skipped(name, why) => {
                        tried.push(CredentialsError::not_found(name, why.clone()))
                    }
                }
            }
            Err(CredentialsError::NoneFound { tried })
        })
    }
    fn name(&self) -> &'static str {
        "default"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::StaticCredentials;
    use std::collections::HashMap;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k: &str| map.get(k).cloned()
    }

    fn run(chain: &DefaultCredentialsChain) -> Result<Credentials, CredentialsError> {
        futures::executor::block_on(chain.provide())
    }

    #[test]
    fn env_wins_over_profile() {
        let dir = std::env::temp_dir().join(format!(
            "rpc-runtime-chain-{}-{}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(dir.join(".aliyun")).ok();
        std::fs::write(
            dir.join(".aliyun/config.json"),
            r#"{"current":"p","profiles":[{"name":"p","mode":"AK","access_key_id":"from-file","access_key_secret":"s"}]}"#,
        )
        .ok();
        let home = dir.display().to_string();
        let chain = DefaultCredentialsChain::with_env_lookup(lookup(&[
            ("HOME", &home),
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "from-env"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s"),
        ]));
        assert_eq!(
            run(&chain).map(|c| c.access_key_id().to_owned()),
            Ok("from-env".to_owned())
        );
        let chain = DefaultCredentialsChain::with_env_lookup(lookup(&[("HOME", &home)]));
        assert_eq!(
            run(&chain).map(|c| c.access_key_id().to_owned()),
            Ok("from-file".to_owned())
        );
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            chain.provider_names(),
            vec![
                "env",
                "oidc_role_arn",
                "cli_profile",
                "profile",
                "ecs_ram_role",
                "credentials_uri"
            ]
        );
    }

    #[test]
    fn none_found_lists_each_provider_and_reason() {
        let chain = DefaultCredentialsChain::with_env_lookup(lookup(&[
            ("HOME", "/nonexistent-home-for-test"),
            ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
        ]));
        let err = match run(&chain) {
            Err(e) => e,
            Ok(_) => panic!("expected no credentials"),
        };
        let CredentialsError::NoneFound { tried } = &err else {
            panic!("expected NoneFound, got {err:?}");
        };
        assert_eq!(tried.len(), 6);
        let text = err.to_string();
        assert!(
            text.starts_with("no credentials found; tried [env: "),
            "{text}"
        );
        assert!(text.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{text}");
        for part in [
            "[oidc_role_arn: not all of ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE are set]",
            "[cli_profile: /nonexistent-home-for-test/.aliyun/config.json: file not found]",
            "[profile: /nonexistent-home-for-test/.alibabacloud/credentials: file not found]",
            "[ecs_ram_role: disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED=true]",
            "[credentials_uri: ALIBABA_CLOUD_CREDENTIALS_URI is not set]",
        ] {
            assert!(text.contains(part), "{part} not in {text}");
        }
    }

    #[test]
    fn custom_chain_order() {
        let chain = DefaultCredentialsChain::with_providers(vec![
            Box::new(EnvironmentCredentials::with_lookup(|_| None)),
            Box::new(StaticCredentials::new("a", "b")),
            Box::new(StaticCredentials::new("c", "d")),
        ]);
        assert_eq!(
            run(&chain).map(|c| c.access_key_id().to_owned()),
            Ok("a".to_owned())
        );
    }
}
