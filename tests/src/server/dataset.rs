//! The seeded data set behind the two list calls, so paging, sorting and filtering can be tested
//! against known answers.
//!
//! Jobs are built from the spec example's first item (so every documented field is present with a
//! realistic value), numbered in creation order: record jobs `job-0001`..`job-0180`, created one hour
//! apart from 2024-01-01T00:00:00Z; transcode jobs `transcode-0001`..`transcode-0057`, one hour apart
//! from 2024-02-01T00:00:00Z. Attribute values cycle so that every filter value matches some jobs:
//!
//! | job n | record `Status`                          | transcode `TemplateType`                       | `StartMode` | `Status` |
//! |-------|------------------------------------------|------------------------------------------------|-------------|----------|
//! | n     | `["started","paused","initial"][n % 3]` | `["normal","narrow-band","audio-only","origin"][n % 4]` | `n % 2` | `n % 3` |

use jiff::Timestamp;
use serde_json::{Value, json};

use super::replay::format_acs_date;

/// Record jobs created at 2024-01-01T00:00:00Z + (n-1) hours.
const RECORD_EPOCH: i64 = 1_704_067_200;
/// Transcode jobs created at 2024-02-01T00:00:00Z + (n-1) hours.
const TRANSCODE_EPOCH: i64 = 1_706_745_600;

pub const RECORD_STATUSES: [&str; 3] = ["started", "paused", "initial"];
pub const TEMPLATE_TYPES: [&str; 4] = ["normal", "narrow-band", "audio-only", "origin"];

/// One seeded job: the JSON item as served, plus the fields the filters look at.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: String,
    pub name: String,
    pub created: Timestamp,
    pub item: Value,
}

/// The seeded jobs, in creation order.
#[derive(Clone, Debug)]
pub struct Dataset {
    pub record_jobs: Vec<Job>,
    pub transcode_jobs: Vec<Job>,
}

impl Dataset {
    /// `record_template`/`transcode_template` are the examples' first list items (or `{}`).
    pub fn seed(
        record_count: usize,
        transcode_count: usize,
        record_template: &Value,
        transcode_template: &Value,
    ) -> Dataset {
        let record_jobs = (1..=record_count)
            .map(|n| record_job(n, record_template))
            .collect();
        let transcode_jobs = (1..=transcode_count)
            .map(|n| transcode_job(n, transcode_template))
            .collect();
        Dataset {
            record_jobs,
            transcode_jobs,
        }
    }
}

fn created_at(epoch: i64, n: usize) -> Timestamp {
    let hours = i64::try_from(n).unwrap_or(0).saturating_sub(1);
    Timestamp::from_second(epoch + hours * 3600).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn object(template: &Value) -> serde_json::Map<String, Value> {
    template.as_object().cloned().unwrap_or_default()
}

fn record_job(n: usize, template: &Value) -> Job {
    let id = format!("job-{n:04}");
    let name = format!("Live event recording task {n}");
    let created = created_at(RECORD_EPOCH, n);
    let mut item = object(template);
    item.insert("JobId".into(), json!(id));
    item.insert("Name".into(), json!(name));
    item.insert("CreateTime".into(), json!(format_acs_date(created)));
    item.insert("Status".into(), json!(RECORD_STATUSES[n % 3]));
    let mut stream = item
        .get("StreamInput")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    stream.insert("Type".into(), json!("rtmp"));
    stream.insert(
        "Url".into(),
        json!(format!("rtmp://example-live.com/live/stream{n}")),
    );
    item.insert("StreamInput".into(), Value::Object(stream));
    Job {
        id,
        name,
        created,
        item: Value::Object(item),
    }
}

fn transcode_job(n: usize, template: &Value) -> Job {
    let id = format!("transcode-{n:04}");
    let name = format!("mytask{n}");
    let created = created_at(TRANSCODE_EPOCH, n);
    let mut item = object(template);
    item.insert("JobId".into(), json!(id));
    item.insert("Name".into(), json!(name));
    item.insert("CreateTime".into(), json!(format_acs_date(created)));
    item.insert("TemplateType".into(), json!(TEMPLATE_TYPES[n % 4]));
    item.insert("StartMode".into(), json!(n % 2));
    item.insert("Status".into(), json!(n % 3));
    let mut stream = item
        .get("StreamInput")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    stream.insert("Type".into(), json!("rtmp"));
    stream.insert(
        "InputUrl".into(),
        json!(format!("rtmp://mydomain/app/stream{n}")),
    );
    item.insert("StreamInput".into(), Value::Object(stream));
    Job {
        id,
        name,
        created,
        item: Value::Object(item),
    }
}
