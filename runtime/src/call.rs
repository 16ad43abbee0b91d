//! Per-call settings: timeouts and retries for some calls without building another client.

use crate::config::{ConfigError, Timeouts};
use crate::retry::RetryConfig;
use std::time::Duration;

/// Overrides for the calls made through one [`Client::with_options`](crate::Client::with_options)
/// handle. Unset values keep the client's. The handle shares the client's connection pool,
/// credentials and retry budget, so it is as cheap as a clone.
///
/// The connect timeout is a property of the connection pool and stays the client's.
///
/// ```
/// use alibabacloud_rpc_runtime::{CallOptions, RetryConfig};
/// use std::time::Duration;
///
/// let options = CallOptions::new()
///     .attempt_timeout(Duration::from_secs(2))
///     .operation_timeout(Duration::from_secs(5))
///     .retry(RetryConfig::disabled());
/// assert_eq!(options.get_attempt_timeout(), Some(Duration::from_secs(2)));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    retry: Option<RetryConfig>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }
    /// Limit of one attempt, from sending the request to the last byte of the response.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }
    /// Limit of the whole call: every attempt, backoff sleep and the credentials lookup.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }
    /// The retry policy (its `budget` is ignored: retries spend from the client's shared budget).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }
    /// The attempt timeout override, if any.
    pub fn get_attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }
    /// The operation timeout override, if any.
    pub fn get_operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }
    /// The retry override, if any.
    pub fn get_retry(&self) -> Option<&RetryConfig> {
        self.retry.as_ref()
    }

    /// The settings these options give on top of the client's; checked like a [`Config`](crate::Config).
    pub(crate) fn apply(&self, base: &Settings) -> Result<Settings, ConfigError> {
        let mut timeouts = base.timeouts;
        if let Some(d) = self.attempt_timeout {
            timeouts = timeouts.with_read(d);
        }
        if let Some(d) = self.operation_timeout {
            timeouts = timeouts.with_operation(d);
        }
        timeouts.check()?;
        let retry = self.retry.clone().unwrap_or_else(|| base.retry.clone());
        retry.check()?;
        Ok(Settings {
            retry,
            timeouts,
            anonymous: base.anonymous,
        })
    }
}

/// What one call runs with: the client's settings, or a [`CallOptions`] handle's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    pub retry: RetryConfig,
    pub timeouts: Timeouts,
    /// Send unsigned (no credentials lookup, no `Authorization`).
    pub anonymous: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_only_what_is_set() {
        let base = Settings {
            retry: RetryConfig::default(),
            timeouts: Timeouts::default(),
            anonymous: false,
        };
        assert_eq!(CallOptions::new().apply(&base), Ok(base.clone()));
        let s = CallOptions::new()
            .attempt_timeout(Duration::from_millis(300))
            .retry(RetryConfig::disabled())
            .apply(&base);
        let s = s.ok();
        assert_eq!(
            s.as_ref().map(|s| s.timeouts.read()),
            Some(Duration::from_millis(300))
        );
        assert_eq!(
            s.as_ref().map(|s| s.timeouts.operation()),
            Some(Duration::from_secs(60))
        );
        assert_eq!(s.map(|s| s.retry.max_attempts()), Some(1));
        assert!(
            CallOptions::new()
                .operation_timeout(Duration::ZERO)
                .apply(&base)
                .is_err()
        );
        assert!(
            CallOptions::new()
                .retry(RetryConfig::default().with_max_attempts(0))
                .apply(&base)
                .is_err()
        );
    }
}
