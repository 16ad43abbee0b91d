//! Retry policy: which errors are retried, how long to wait, and a shared budget against retry storms.

use crate::config::ConfigError;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Retry settings. Defaults: 3 attempts, 200 ms initial backoff doubling up to 20 s, full jitter, at
/// most 30 s of total backoff per call, a budget of 500 tokens shared by all calls of a client.
///
/// Retried: `x-acs-retry-after` (honoured, capped at `max_backoff`), codes starting with
/// `Throttling`, HTTP 429, 5xx, connect errors, connect and per-attempt timeouts.
///
/// Fields are private so settings can be added without breaking users: start from
/// [`RetryConfig::default`] (or [`disabled`](RetryConfig::disabled)) and chain the `with_*` setters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_total: Duration,
    jitter: bool,
    budget: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            max_total: Duration::from_secs(30),
            jitter: true,
            budget: 500,
        }
    }
}

impl RetryConfig {
    /// One attempt, no retry.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Total attempts including the first (1 = no retry).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
    /// Backoff ceiling before the first retry; doubles for each further retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }
    /// Upper bound of any single wait, including a server's `x-acs-retry-after`.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }
    /// Upper bound of all waits of one call added together; a retry that would exceed it is not made.
    pub fn max_total(&self) -> Duration {
        self.max_total
    }
    /// Full jitter (wait a random time in `[0, ceiling]`) so that throttled clients spread out.
    pub fn jitter(&self) -> bool {
        self.jitter
    }
    /// Capacity of the client-wide retry budget, in tokens (a retry costs
    /// [`RETRY_COST`](RetryBudget::RETRY_COST), a success refunds
    /// [`SUCCESS_REFUND`](RetryBudget::SUCCESS_REFUND)). Read when the client is built: a per-call
    /// [`RetryConfig`] spends from the client's budget and its own `budget` is ignored.
    pub fn budget(&self) -> u32 {
        self.budget
    }

    /// Sets the total number of attempts.
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n;
        self
    }
    /// Sets the initial backoff.
    pub fn with_initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }
    /// Sets the largest single wait.
    pub fn with_max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }
    /// Sets the largest total wait per call.
    pub fn with_max_total(mut self, d: Duration) -> Self {
        self.max_total = d;
        self
    }
    /// Turns jitter on or off (off is mostly for deterministic tests).
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }
    /// Sets the retry budget capacity.
    pub fn with_budget(mut self, tokens: u32) -> Self {
        self.budget = tokens;
        self
    }

    pub(crate) fn check(&self) -> Result<(), ConfigError> {
        let bad = |reason: &str| ConfigError::InvalidOption {
            option: "retry",
            reason: reason.to_owned(),
        };
        if self.max_attempts == 0 {
            return Err(bad("max_attempts must be at least 1"));
        }
        if self.max_attempts > 20 {
            return Err(bad("max_attempts must be at most 20"));
        }
        if self.initial_backoff > self.max_backoff {
            return Err(bad("initial_backoff must not exceed max_backoff"));
        }
        if self.max_total > Duration::from_secs(3600) {
            return Err(bad("max_total must be at most one hour"));
        }
        Ok(())
    }

    /// The largest wait before retry number `retry` (1 = first retry): `initial · 2^(retry-1)`,
    /// capped at `max_backoff`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let shift = retry.saturating_sub(1).min(31);
        self.initial_backoff
            .checked_mul(1u32 << shift)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// The wait before retry number `retry`: the server's `retry_after` if given (capped), else the
    /// exponential ceiling with full jitter.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_backoff);
        }
        let ceiling = self.backoff_ceiling(retry);
        if !self.jitter {
            return ceiling;
        }
        let max_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(crate::random::up_to(max_ms))
    }
}

/// A token bucket shared by all calls of one client. Retries spend tokens and successes earn a
/// few back, so when a whole fleet of calls is failing the retries stop instead of multiplying load.
#[derive(Debug)]
pub struct RetryBudget {
    tokens: AtomicU32,
    capacity: u32,
}

impl RetryBudget {
    /// Tokens one retry costs.
    pub const RETRY_COST: u32 = 5;
    /// Tokens a successful call refunds.
    pub const SUCCESS_REFUND: u32 = 1;

    /// A full bucket of `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        RetryBudget {
            tokens: AtomicU32::new(capacity),
            capacity,
        }
    }

    /// Takes the cost of one retry; `false` (and nothing taken) when the bucket is too low.
    pub fn try_acquire(&self) -> bool {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                t.checked_sub(Self::RETRY_COST)
            })
            .is_ok()
    }

    /// Refunds after a success, up to the capacity.
    pub fn record_success(&self) {
        let cap = self.capacity;
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                Some(t.saturating_add(Self::SUCCESS_REFUND).min(cap))
            });
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let r = RetryConfig::default();
        assert_eq!(r.max_attempts, 3);
        assert_eq!(r.initial_backoff, Duration::from_millis(200));
        assert_eq!(r.max_backoff, Duration::from_secs(20));
        assert!(r.check().is_ok());
        assert_eq!(RetryConfig::disabled().max_attempts, 1);
        assert!(RetryConfig::default().with_max_attempts(0).check().is_err());
        assert!(
            RetryConfig::default()
                .with_initial_backoff(Duration::from_secs(30))
                .check()
                .is_err()
        );
    }

    #[test]
    fn backoff_grows_exponentially_and_is_capped() {
        let r = RetryConfig::default();
        assert_eq!(r.backoff_ceiling(1), Duration::from_millis(200));
        assert_eq!(r.backoff_ceiling(2), Duration::from_millis(400));
        assert_eq!(r.backoff_ceiling(3), Duration::from_millis(800));
        assert_eq!(
            r.backoff_ceiling(8),
            Duration::from_millis(25_600).min(r.max_backoff)
        );
        assert_eq!(r.backoff_ceiling(40), r.max_backoff);
        assert_eq!(r.backoff_ceiling(u32::MAX), r.max_backoff);
        let fixed = r.clone().with_jitter(false);
        assert_eq!(fixed.delay(2, None), Duration::from_millis(400));
    }

    #[test]
    fn jittered_delay_stays_within_bounds() {
        let r = RetryConfig::default();
        for retry in 1..10 {
            for _ in 0..200 {
                let d = r.delay(retry, None);
                assert!(
                    d <= r.backoff_ceiling(retry),
                    "{d:?} > ceiling for retry {retry}"
                );
            }
        }
        // Full jitter really varies.
        let samples: std::collections::HashSet<Duration> =
            (0..50).map(|_| r.delay(5, None)).collect();
        assert!(samples.len() > 1);
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let r = RetryConfig::default();
        assert_eq!(
            r.delay(1, Some(Duration::from_millis(1500))),
            Duration::from_millis(1500)
        );
        assert_eq!(r.delay(1, Some(Duration::from_secs(600))), r.max_backoff);
    }

    #[test]
    fn budget_runs_out_and_refills() {
        let b = RetryBudget::new(12);
        assert!(b.try_acquire());
        assert!(b.try_acquire());
        assert_eq!(b.available(), 2);
        assert!(!b.try_acquire(), "empty budget must refuse");
        assert_eq!(b.available(), 2);
        for _ in 0..3 {
            b.record_success();
        }
        assert!(b.try_acquire());
        for _ in 0..100 {
            b.record_success();
        }
        assert_eq!(b.available(), 12, "refunds never exceed capacity");
    }

    #[test]
    fn budget_bounds_concurrent_retries() {
        let b = std::sync::Arc::new(RetryBudget::new(500));
        let granted: u32 = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| {
                    let b = b.clone();
                    s.spawn(move || (0..125).filter(|_| b.try_acquire()).count() as u32)
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
        });
        assert_eq!(
            granted, 100,
            "1,000 throttled calls get at most 500/5 retries"
        );
    }
}
