//! Credentials served by a URI (`ALIBABA_CLOUD_CREDENTIALS_URI`), as CI systems and sidecars do.
//!
//! `GET <uri>` answers the metadata service's document: `Code`, `AccessKeyId`, `AccessKeySecret`,
//! `SecurityToken`, `Expiration`.

use super::cache::{Cache, Fetch};
use super::http::{self, status_error};
use super::{Credentials, CredentialsError, CredentialsProvider};
use futures::future::BoxFuture;
use std::fmt;
use std::time::Duration;

const NAME: &str = "credentials_uri";
/// The variable holding the URI.
pub const CREDENTIALS_URI_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";

/// Credentials from a URI, cached and refreshed before they expire. Timeouts: connect 5 s, read
/// 10 s (as the official SDKs).
pub struct UriCredentials {
    cache: Cache<Source>,
}

struct Source {
    uri: String,
    read_timeout: Duration,
    http: Result<reqwest::Client, CredentialsError>,
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URI may carry a token in its query: show scheme, host and path only.
        let shown = self.uri.split('?').next().unwrap_or("");
        f.debug_struct("UriCredentials")
            .field("uri", &shown)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for UriCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.cache.source().fmt(f)
    }
}

impl UriCredentials {
    /// Credentials from `uri` (`http://` or `https://`).
    pub fn new(uri: impl Into<String>) -> Self {
        Self::with_timeouts(uri, Duration::from_secs(5), Duration::from_secs(10))
    }

    /// Same, with other connect and read timeouts.
    pub fn with_timeouts(uri: impl Into<String>, connect: Duration, read: Duration) -> Self {
        UriCredentials {
            cache: Cache::new(
                NAME,
                Source {
                    uri: uri.into(),
                    read_timeout: read,
                    http: http::client(NAME, connect),
                },
            ),
        }
    }
}

impl Source {
    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let shown = self.uri.split('?').next().unwrap_or("");
        let what = format!("GET {shown}");
        let url = reqwest::Url::parse(&self.uri).map_err(|e| {
            CredentialsError::invalid(NAME, format!("{CREDENTIALS_URI_VAR} is not a URL ({e})"))
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(CredentialsError::invalid(
                NAME,
                format!("{CREDENTIALS_URI_VAR} must be an http:// or https:// URL"),
            ));
        }
        let client = self.http.as_ref().map_err(Clone::clone)?;
        match http::send(NAME, &what, client.get(url), self.read_timeout).await? {
            (200, body) => http::parse_document(NAME, &what, &body),
            (status, body) => Err(status_error(NAME, &what, status, &body)),
        }
    }
}

impl Fetch for Source {
    fn fetch(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.load())
    }
}

impl CredentialsProvider for UriCredentials {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(self.cache.get())
    }
    fn name(&self) -> &'static str {
        NAME
    }
}
