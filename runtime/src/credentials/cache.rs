//! Caching with refresh before expiry, shared by every provider of temporary credentials.
//!
//! One refresh at a time: concurrent callers that find the cache stale wait for the refresh in
//! flight and take its result, so 100 calls at the moment of expiry make one request to the source.
//! A failed refresh while the cached credentials are still valid keeps serving them (with a warning)
//! and waits a little before trying again, so a flapping source is not hammered.

use super::{Credentials, CredentialsError};
use futures::future::BoxFuture;
use jiff::Timestamp;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

/// Refresh this long before expiry, or a quarter of the lifetime if that is shorter.
pub(crate) const REFRESH_MARGIN: Duration = Duration::from_secs(15 * 60);
/// Longest pause after a failed refresh while the cached credentials are still valid.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// A source of temporary credentials: a metadata service, STS, a credentials URI.
pub(crate) trait Fetch: Send + Sync + fmt::Debug {
    /// Asks the source once.
    fn fetch(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>>;
}

#[derive(Clone)]
struct Entry {
    credentials: Credentials,
    /// Milliseconds since the epoch; `None` for credentials that never expire.
    refresh_at: Option<i64>,
    expires_at: Option<i64>,
    /// After a failed refresh: no new attempt before this time.
    quiet_until: i64,
}

#[derive(Default)]
struct State {
    entry: Option<Entry>,
    /// Bumped by each refresh attempt, so waiters can tell that one finished while they waited.
    generation: u64,
    /// The error of the latest attempt, if it failed.
    last_error: Option<CredentialsError>,
}

/// Wraps a [`Fetch`] with the cache.
pub(crate) struct Cache<F> {
    source: F,
    name: &'static str,
    state: Mutex<State>,
    refresh: tokio::sync::Mutex<()>,
}

impl<F: Fetch> fmt::Debug for Cache<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cache")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

fn now_ms() -> i64 {
    Timestamp::now().as_millisecond()
}

fn duration_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

enum Look {
    Fresh(Credentials),
    Stale(u64),
}

impl<F: Fetch> Cache<F> {
    pub(crate) fn new(name: &'static str, source: F) -> Self {
        Cache {
            source,
            name,
            state: Mutex::new(State::default()),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// The source, for providers that expose their settings.
    pub(crate) fn source(&self) -> &F {
        &self.source
    }

    fn look(&self) -> Look {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = now_ms();
        if let Some(e) = &state.entry {
            let fresh = e.refresh_at.is_none_or(|at| now < at);
            let valid = e.expires_at.is_none_or(|at| now < at);
            if fresh || (valid && now < e.quiet_until) {
                return Look::Fresh(e.credentials.clone());
            }
        }
        Look::Stale(state.generation)
    }

    /// Cached credentials, refreshed first when due.
    pub(crate) async fn get(&self) -> Result<Credentials, CredentialsError> {
        let seen = match self.look() {
            Look::Fresh(c) => return Ok(c),
            Look::Stale(generation) => generation,
        };
        let _refreshing = self.refresh.lock().await;
        {
            // Someone else refreshed while we waited: take their result.
            let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            if state.generation != seen {
                let now = now_ms();
                let valid = state
                    .entry
                    .as_ref()
                    .filter(|e| e.expires_at.is_none_or(|at| now < at));
                if let Some(e) = valid {
                    return Ok(e.credentials.clone());
                }
                if let Some(err) = &state.last_error {
                    return Err(err.clone());
                }
            }
        }
        let result = self.source.fetch().await;
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.generation += 1;
        let now = now_ms();
        match result {
            Ok(credentials) => {
                let expires_at = credentials.expiration().map(|t| t.as_millisecond());
                let refresh_at = expires_at.map(|at| {
                    let margin = duration_ms(REFRESH_MARGIN).min((at - now).max(0) / 4);
                    at - margin
                });
                state.entry = Some(Entry {
                    credentials: credentials.clone(),
                    refresh_at,
                    expires_at,
                    quiet_until: 0,
                });
                state.last_error = None;
                Ok(credentials)
            }
            Err(err) => {
                state.last_error = Some(err.clone());
                let valid = state.entry.as_mut().and_then(|e| {
                    let at = e.expires_at.filter(|at| now < *at)?;
                    Some((e, at))
                });
                if let Some((e, at)) = valid {
                    let pause = duration_ms(RETRY_AFTER_FAILURE).min((at - now) / 2);
                    e.quiet_until = now + pause;
                    tracing::warn!(
                        provider = self.name,
                        reason = %err,
                        expires_in_ms = at - now,
                        "credentials refresh failed; using the cached credentials until they expire"
                    );
                    return Ok(e.credentials.clone());
                }
                Err(err)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Hands out `id-N` credentials living `life`, or fails while `failing` is set.
    #[derive(Debug, Default)]
    struct Counter {
        calls: AtomicU32,
        failing: std::sync::atomic::AtomicBool,
        life_ms: i64,
    }

    impl Fetch for Counter {
        fn fetch(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
                if self.failing.load(Ordering::SeqCst) {
                    return Err(CredentialsError::invalid("test", "source down"));
                }
                let exp = Timestamp::from_millisecond(now_ms() + self.life_ms)
                    .unwrap_or(Timestamp::UNIX_EPOCH);
                Ok(Credentials::new(format!("id-{n}"), "s").with_expiration(exp))
            })
        }
    }

    fn cache(life_ms: i64) -> Arc<Cache<Counter>> {
        Arc::new(Cache::new(
            "test",
            Counter {
                life_ms,
                ..Counter::default()
            },
        ))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_refresh() {
        let c = cache(60_000);
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let c = c.clone();
                tokio::spawn(async move { c.get().await.map(|c| c.access_key_id().to_owned()) })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.ok().and_then(Result::ok).as_deref(), Some("id-1"));
        }
        assert_eq!(c.source().calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn refreshes_a_quarter_of_the_lifetime_before_expiry() {
        let c = cache(800);
        assert_eq!(
            c.get().await.map(|c| c.access_key_id().to_owned()),
            Ok("id-1".into())
        );
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(
            c.get().await.map(|c| c.access_key_id().to_owned()),
            Ok("id-1".into())
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            c.get().await.map(|c| c.access_key_id().to_owned()),
            Ok("id-2".into())
        );
    }

    #[tokio::test]
    async fn failed_refresh_serves_valid_credentials_then_fails_after_expiry() {
        let c = cache(800);
        assert!(c.get().await.is_ok());
        c.source().failing.store(true, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(650)).await;
        assert_eq!(
            c.get().await.map(|c| c.access_key_id().to_owned()),
            Ok("id-1".into())
        );
        assert_eq!(c.source().calls.load(Ordering::SeqCst), 2);
        // Quiet period: no new attempt for the next calls.
        assert!(c.get().await.is_ok());
        assert_eq!(c.source().calls.load(Ordering::SeqCst), 2);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(matches!(
            c.get().await,
            Err(CredentialsError::Invalid { .. })
        ));
    }
}
