//! Fault injection: a script of faults for the next requests, and/or a seeded random mode.
//!
//! Faults are consumed only by requests that passed routing and signature verification, so a test's
//! script is not eaten by a request the server refuses anyway, and a client's retry of a faulted
//! request is itself checked (fresh nonce, fresh date, valid signature).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// What to do to one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 400 `Throttling.User` with `x-acs-retry-after: <ms>` (the SDK's ThrottlingException).
    Throttle { retry_after_ms: u64 },
    /// HTTP 429 `Throttling`, no retry-after header.
    TooManyRequests,
    /// 503 `ServiceUnavailable`.
    ServiceUnavailable,
    /// 500 `InternalError`.
    InternalError,
    /// Any Alibaba error body with the given status and code.
    Error {
        status: u16,
        code: String,
        message: String,
    },
    /// Sleep this long, then answer normally (for client timeouts).
    Delay { millis: u64 },
    /// 200 with the body `{"RequestId": "abc", "Jobs": [`.
    MalformedJson,
    /// 200 with the normal body cut in half.
    TruncatedJson,
    /// 502 with an HTML page, as a load balancer sends it.
    HtmlBadGateway,
    /// The normal answer with enum fields set to values no page documents
    /// (e.g. GetLiveSnapshotJob `Status: "archived"`, `StreamInput.Type: "srt"`).
    UndocumentedEnum,
    /// The normal answer with unknown fields added to every object, at every level.
    ExtraFields,
}

impl Fault {
    pub fn throttle(retry_after_ms: u64) -> Fault {
        Fault::Throttle { retry_after_ms }
    }

    pub fn delay(millis: u64) -> Fault {
        Fault::Delay { millis }
    }

    pub fn error(status: u16, code: &str, message: &str) -> Fault {
        Fault::Error {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }
}

#[derive(Debug)]
struct Scripted {
    fault: Fault,
    /// `None`: the next request of any action.
    action: Option<String>,
}

#[derive(Debug)]
struct RandomMode {
    rng: StdRng,
    probability: f64,
    choices: Vec<Fault>,
}

#[derive(Debug, Default)]
struct Plan {
    script: VecDeque<Scripted>,
    random: Option<RandomMode>,
}

/// Handle to a server's faults; cheap to clone, usable while the server runs.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    plan: Arc<Mutex<Plan>>,
}

impl Faults {
    fn with_plan<R>(&self, f: impl FnOnce(&mut Plan) -> R) -> R {
        let mut plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut plan)
    }

    /// The next request (any action) gets `fault`.
    pub fn push(&self, fault: Fault) {
        self.push_n(fault, 1);
    }

    /// The next `n` requests (any action) get `fault`.
    pub fn push_n(&self, fault: Fault, n: usize) {
        self.with_plan(|plan| {
            for _ in 0..n {
                plan.script.push_back(Scripted {
                    fault: fault.clone(),
                    action: None,
                });
            }
        });
    }

    /// Queues several faults, one per request, in order.
    pub fn push_all(&self, faults: impl IntoIterator<Item = Fault>) {
        for fault in faults {
            self.push(fault);
        }
    }

    /// The next request of `action` gets `fault` (other actions pass it by).
    pub fn push_for(&self, action: &str, fault: Fault) {
        self.with_plan(|plan| {
            plan.script.push_back(Scripted {
                fault,
                action: Some(action.to_owned()),
            })
        });
    }

    /// From now on, each request without a scripted fault gets one of `choices` (uniformly) with
    /// probability `probability`, drawn from a generator seeded with `seed` (deterministic per run).
    pub fn set_random(&self, seed: u64, probability: f64, choices: Vec<Fault>) {
        self.with_plan(|plan| {
            plan.random = Some(RandomMode {
                rng: StdRng::seed_from_u64(seed),
                probability,
                choices,
            })
        });
    }

    /// Drops the script and the random mode.
    pub fn clear(&self) {
        self.with_plan(|plan| *plan = Plan::default());
    }

    /// Scripted faults not yet consumed.
    pub fn pending(&self) -> usize {
        self.with_plan(|plan| plan.script.len())
    }

    /// Takes the fault for a request of `action`: the first matching scripted one, else a random draw.
    pub(crate) fn take(&self, action: &str) -> Option<Fault> {
        self.with_plan(|plan| {
            let position = plan
                .script
                .iter()
                .position(|s| s.action.as_deref().is_none_or(|a| a == action));
            if let Some(scripted) = position.and_then(|i| plan.script.remove(i)) {
                return Some(scripted.fault);
            }
            let random = plan.random.as_mut()?;
            if random.choices.is_empty() || random.rng.random::<f64>() >= random.probability {
                return None;
            }
            let index = random.rng.random_range(0..random.choices.len());
            random.choices.get(index).cloned()
        })
    }
}
