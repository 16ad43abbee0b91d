//! Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`.

use super::{
    Credentials, CredentialsError, CredentialsProvider, EnvLookup, non_empty, process_env,
};
use futures::future::BoxFuture;
use std::fmt;

const NAME: &str = "env";
/// The AccessKey id variable.
pub const ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// The AccessKey secret variable.
pub const ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// The optional STS token variable.
pub const SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// Reads the environment at each call (not at start-up), so a rotated key is seen without a restart.
#[derive(Clone)]
pub struct EnvironmentCredentials {
    lookup: EnvLookup,
}

impl EnvironmentCredentials {
    /// Reads the process environment.
    pub fn new() -> Self {
        EnvironmentCredentials {
            lookup: process_env(),
        }
    }

    /// Reads variables through `lookup` instead of the process environment (for tests and for
    /// applications that keep configuration elsewhere).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        EnvironmentCredentials {
            lookup: std::sync::Arc::new(lookup),
        }
    }

    pub(crate) fn from_lookup(lookup: EnvLookup) -> Self {
        EnvironmentCredentials { lookup }
    }

    fn load(&self) -> Result<Credentials, CredentialsError> {
        let id = non_empty(&self.lookup, ACCESS_KEY_ID);
        let secret = non_empty(&self.lookup, ACCESS_KEY_SECRET);
        match (id, secret) {
            (Some(id), Some(secret)) => {
                let mut c = Credentials::new(id, secret);
                if let Some(token) = non_empty(&self.lookup, SECURITY_TOKEN) {
                    c = c.with_security_token(token);
                }
                Ok(c)
            }
            (None, None) => Err(CredentialsError::not_found(
                NAME,
                format!("{ACCESS_KEY_ID} and {ACCESS_KEY_SECRET} are not set"),
            )),
            (Some(_), None) => Err(CredentialsError::invalid(
                NAME,
                format!("{ACCESS_KEY_ID} is set but {ACCESS_KEY_SECRET} is not"),
            )),
            (None, Some(_)) => Err(CredentialsError::invalid(
                NAME,
                format!("{ACCESS_KEY_SECRET} is set but {ACCESS_KEY_ID} is not"),
            )),
        }
    }
}

impl Default for EnvironmentCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for EnvironmentCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvironmentCredentials")
            .finish_non_exhaustive()
    }
}

impl CredentialsProvider for EnvironmentCredentials {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.load();
        Box::pin(async move { result })
    }
    fn name(&self) -> &'static str {
        NAME
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn provider(vars: &[(&str, &str)]) -> EnvironmentCredentials {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        EnvironmentCredentials::with_lookup(move |k| map.get(k).cloned())
    }

    #[test]
    fn reads_ak_and_optional_token() {
        let p = provider(&[(ACCESS_KEY_ID, "id"), (ACCESS_KEY_SECRET, "sec")]);
        assert_eq!(p.load(), Ok(Credentials::new("id", "sec")));
        let p = provider(&[
            (ACCESS_KEY_ID, "id"),
            (ACCESS_KEY_SECRET, "sec"),
            (SECURITY_TOKEN, "tok"),
        ]);
        assert_eq!(
            p.load(),
            Ok(Credentials::new("id", "sec").with_security_token("tok"))
        );
        let p = provider(&[
            (ACCESS_KEY_ID, "id"),
            (ACCESS_KEY_SECRET, "sec"),
            (SECURITY_TOKEN, ""),
        ]);
        assert_eq!(p.load().map(|c| c.security_token().cloned()), Ok(None));
    }

    #[test]
    fn missing_and_partial_are_distinguished() {
        assert!(matches!(
            provider(&[]).load(),
            Err(CredentialsError::NotFound { .. })
        ));
        let e = provider(&[(ACCESS_KEY_ID, "id")]).load();
        assert!(matches!(e, Err(CredentialsError::Invalid { .. })));
        let e = provider(&[(ACCESS_KEY_SECRET, "supersecret")]).load();
        match e {
            Err(e) => assert!(!e.to_string().contains("supersecret")),
            Ok(_) => panic!("expected an error"),
        }
        assert!(
            !format!("{:?}", provider(&[(ACCESS_KEY_SECRET, "supersecret")]))
                .contains("supersecret")
        );
    }
}
