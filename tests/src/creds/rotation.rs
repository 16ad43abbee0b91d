//! Temporary credentials handed out in sequence: `STS.Rot0001`, `STS.Rot0002`, … each living
//! `lifetime` from the moment it is issued.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use crate::server::KeyTable;

/// The `n`-th credentials (1-based): id, secret, token.
pub fn triple(n: u32) -> (String, String, String) {
    labelled_triple("Rot", n)
}

fn labelled_triple(label: &str, n: u32) -> (String, String, String) {
    (
        format!("STS.{label}{n:04}"),
        format!("{label}Secret{n:04}"),
        format!("CAIS+{label}Token{n:04}/abc=="),
    )
}

/// A key table holding the first `count` rotation triples, plus `base` (so an RPC test server
/// accepts whatever a rotation hands out).
pub fn key_table(base: KeyTable, count: u32) -> KeyTable {
    (1..=count).fold(base, |table, n| {
        let (id, secret, token) = triple(n);
        table.with_sts(&id, &secret, &token)
    })
}

/// Issues the next triple at each call (or, when sticky, always the first: two clients asking the
/// same server get the same answer, which is what the interop script compares).
#[derive(Debug)]
pub struct Rotation {
    issued: AtomicU32,
    lifetime: Mutex<Duration>,
    label: String,
    sticky: bool,
}

impl Rotation {
    pub fn new(lifetime: Duration) -> Rotation {
        Rotation::labelled("Rot", lifetime, false)
    }

    /// Ids `STS.<label>0001`…; `sticky` always hands out the first.
    pub fn labelled(label: &str, lifetime: Duration, sticky: bool) -> Rotation {
        Rotation {
            issued: AtomicU32::new(0),
            lifetime: Mutex::new(lifetime),
            label: label.to_owned(),
            sticky,
        }
    }

    /// How many credentials were issued so far.
    pub fn issued(&self) -> u32 {
        self.issued.load(Ordering::SeqCst)
    }

    pub fn set_lifetime(&self, lifetime: Duration) {
        *self.lifetime.lock().unwrap_or_else(|e| e.into_inner()) = lifetime;
    }

    /// The next credentials as the metadata service's JSON fields (`AccessKeyId`, …, `Expiration`).
    pub fn next(&self) -> Value {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        let (id, secret, token) = labelled_triple(&self.label, if self.sticky { 1 } else { n });
        let lifetime = *self.lifetime.lock().unwrap_or_else(|e| e.into_inner());
        let expiration = jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::try_from(lifetime).unwrap_or_default())
            .unwrap_or(jiff::Timestamp::MAX);
        json!({
            "AccessKeyId": id,
            "AccessKeySecret": secret,
            "SecurityToken": token,
            "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        })
    }
}
