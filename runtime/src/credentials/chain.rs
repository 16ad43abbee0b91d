//! The default chain: environment, then the CLI profile file.

use super::{
    Credentials, CredentialsError, CredentialsProvider, EnvLookup, EnvironmentCredentials,
    ProfileCredentials, process_env,
};
use futures::future::BoxFuture;
use std::sync::Arc;

/// Tries each provider in order and returns the first credentials found. When none succeeds, the
/// error lists every provider tried and why it failed. Nothing is cached: each call asks again.
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    providers: Vec<Box<dyn CredentialsProvider>>,
}

impl DefaultCredentialsChain {
    /// Environment variables, then `~/.aliyun/config.json`.
    pub fn new() -> Self {
        Self::from_lookup(process_env())
    }

    /// The default chain, reading variables (including `HOME`) through `lookup` (for tests).
    pub fn with_env_lookup(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        Self::from_lookup(Arc::new(lookup))
    }

    fn from_lookup(lookup: EnvLookup) -> Self {
        DefaultCredentialsChain {
            providers: vec![
                Box::new(EnvironmentCredentials::from_lookup(lookup.clone())),
                Box::new(ProfileCredentials::from_lookup(lookup)),
            ],
        }
    }

    /// A chain of your own providers, tried in the given order.
    pub fn with_providers(providers: Vec<Box<dyn CredentialsProvider>>) -> Self {
        DefaultCredentialsChain { providers }
    }

    /// Names of the providers, in order.
    pub fn provider_names(&self) -> Vec<&'static str> {
        self.providers.iter().map(|p| p.name()).collect()
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
            let mut tried = Vec::with_capacity(self.providers.len());
            for provider in &self.providers {
                match provider.provide().await {
                    Ok(c) => return Ok(c),
                    Err(e) => {
                        tracing::debug!(provider = provider.name(), reason = %e, "credentials provider skipped");
                        tried.push(e);
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
        assert_eq!(chain.provider_names(), vec!["env", "profile"]);
    }

    #[test]
    fn none_found_lists_each_provider_and_reason() {
        let chain = DefaultCredentialsChain::with_env_lookup(lookup(&[(
            "HOME",
            "/nonexistent-home-for-test",
        )]));
        let err = match run(&chain) {
            Err(e) => e,
            Ok(_) => panic!("expected no credentials"),
        };
        let CredentialsError::NoneFound { tried } = &err else {
            panic!("expected NoneFound, got {err:?}");
        };
        assert_eq!(tried.len(), 2);
        let text = err.to_string();
        assert!(
            text.starts_with("no credentials found; tried [env: "),
            "{text}"
        );
        assert!(text.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{text}");
        assert!(
            text.contains(
                "[profile: /nonexistent-home-for-test/.aliyun/config.json: file not found]"
            ),
            "{text}"
        );
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
