//! The answers of the five operations: parameter checks, the seeded list data, the spec examples.
//!
//! Test conventions (also listed in the `server` module documentation):
//! - `GetLiveSnapshotJob` / `GetLiveEditingJob` with `JobId=missing` → 404 `JobNotFound` "No such job.";
//!   any other id is found, and the answer is the example with `JobId` echoed.
//! - `DescribeRtcCloudRecordingFiles` with `TaskId=missing` → 400 `NotFound.Task`; otherwise the
//!   example with `TaskInfo.TaskId` echoed.
//! - Required parameters absent or empty → 400 `MissingParameter`.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::dataset::{Dataset, Job, RECORD_STATUSES, TEMPLATE_TYPES};
use super::errors::ApiError;
use super::examples::Examples;
use super::routing::{Action, Operation};

/// The id that the "get" operations treat as nonexistent.
pub const MISSING_ID: &str = "missing";

/// Decoded query parameters (first occurrence wins).
pub struct Params<'a> {
    pairs: &'a [(String, String)],
}

impl<'a> Params<'a> {
    pub fn new(pairs: &'a [(String, String)]) -> Self {
        Params { pairs }
    }

    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn required(&self, name: &str) -> Result<&'a str, ApiError> {
        match self.get(name) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(ApiError::missing_parameter(name)),
        }
    }

    fn int(&self, name: &str, default: i64, min: i64, max: i64) -> Result<i64, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(default);
        };
        let value: i64 = raw
            .parse()
            .map_err(|_| ApiError::invalid_parameter(name, raw, "An integer is expected."))?;
        if value < min || value > max {
            return Err(ApiError::invalid_parameter(
                name,
                raw,
                &format!("The value must be between {min} and {max}."),
            ));
        }
        Ok(value)
    }

    fn one_of(&self, name: &str, allowed: &[&str]) -> Result<Option<&'a str>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) if allowed.contains(&v) => Ok(Some(v)),
            Some(v) => Err(ApiError::invalid_parameter(
                name,
                v,
                &format!("Valid values: {}.", allowed.join(", ")),
            )),
        }
    }

    fn time(&self, name: &str) -> Result<Option<Timestamp>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(raw) => raw.parse().map(Some).map_err(|_| {
                ApiError::invalid_parameter(name, raw, "Use the UTC form yyyy-MM-ddTHH:mm:ssZ.")
            }),
        }
    }
}

/// The 200 body of `op`, or the error the API would answer.
pub fn respond(
    op: &Operation,
    params: &Params<'_>,
    data: &Dataset,
    examples: &Examples,
) -> Result<Value, ApiError> {
    for name in op.required {
        params.required(name)?;
    }
    let example = examples.get(op.action);
    match op.action {
        Action::ListLiveRecordJobs => list_record_jobs(params, data, example),
        Action::ListLiveTranscodeJobs => list_transcode_jobs(params, data, example),
        Action::GetLiveEditingJob => get_live_editing_job(params, example),
        Action::GetLiveSnapshotJob => get_live_snapshot_job(params, example),
        Action::DescribeRtcCloudRecordingFiles => describe_rtc_files(params, example),
    }
}

fn sort_order(params: &Params<'_>) -> Result<&'static str, ApiError> {
    Ok(match params.one_of("SortBy", &["asc", "desc"])? {
        Some("asc") => "asc",
        _ => "desc",
    })
}

/// Sorts by creation order, pages, and returns (page items, total).
fn page(mut jobs: Vec<&Job>, sort: &str, page_no: i64, page_size: i64) -> (Vec<Value>, usize) {
    if sort == "desc" {
        jobs.reverse();
    }
    let total = jobs.len();
    let size = usize::try_from(page_size).unwrap_or(0);
    let skip = usize::try_from(page_no.saturating_sub(1))
        .unwrap_or(0)
        .saturating_mul(size);
    let items = jobs
        .into_iter()
        .skip(skip)
        .take(size)
        .map(|job| job.item.clone())
        .collect();
    (items, total)
}

fn keyword_matches(job: &Job, keyword: Option<&str>) -> bool {
    keyword.is_none_or(|k| k.is_empty() || job.id.contains(k) || job.name.contains(k))
}

fn as_object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

fn list_record_jobs(
    params: &Params<'_>,
    data: &Dataset,
    example: Value,
) -> Result<Value, ApiError> {
    let page_no = params.int("PageNo", 1, 1, i64::from(i32::MAX))?;
    let page_size = params.int("PageSize", 10, 1, 1000)?;
    let sort = sort_order(params)?;
    let status = params.one_of("Status", &RECORD_STATUSES)?;
    let keyword = params.get("Keyword");
    let start = params.time("StartTime")?;
    let end = params.time("EndTime")?;
    if let (Some(start), Some(end)) = (start, end)
        && end.duration_since(start).as_secs() > 30 * 24 * 3600
    {
        return Err(ApiError::invalid_parameter(
            "EndTime",
            &end.to_string(),
            "The time range cannot exceed 30 days.",
        ));
    }
    let matching: Vec<&Job> = data
        .record_jobs
        .iter()
        .filter(|job| status.is_none_or(|s| job.item.get("Status") == Some(&json!(s))))
        .filter(|job| keyword_matches(job, keyword))
        .filter(|job| start.is_none_or(|s| job.created >= s))
        .filter(|job| end.is_none_or(|e| job.created <= e))
        .collect();
    let (items, total) = page(matching, sort, page_no, page_size);
    let mut body = as_object(example);
    body.insert("LiveRecordJobs".into(), Value::Array(items));
    body.insert("TotalCount".into(), json!(total));
    body.insert("PageNo".into(), json!(page_no));
    body.insert("PageSize".into(), json!(page_size));
    body.insert("SortBy".into(), json!(sort));
    Ok(Value::Object(body))
}

fn list_transcode_jobs(
    params: &Params<'_>,
    data: &Dataset,
    example: Value,
) -> Result<Value, ApiError> {
    let page_no = params.int("PageNo", 1, 1, i64::from(i32::MAX))?;
    let page_size = params.int("PageSize", 10, 1, 100)?;
    let sort = sort_order(params)?;
    let template_type = params.one_of("Type", &TEMPLATE_TYPES)?;
    let start_mode = params.one_of("StartMode", &["0", "1"])?;
    let status = params.one_of("Status", &["0", "1", "2"])?;
    let keyword = params.get("KeyWord");
    let int_field = |job: &Job, field: &str| job.item.get(field).and_then(Value::as_i64);
    let matching: Vec<&Job> = data
        .transcode_jobs
        .iter()
        .filter(|job| template_type.is_none_or(|t| job.item.get("TemplateType") == Some(&json!(t))))
        .filter(|job| {
            start_mode.is_none_or(|m| {
                int_field(job, "StartMode")
                    .map(|v| v.to_string())
                    .as_deref()
                    == Some(m)
            })
        })
        .filter(|job| {
            status.is_none_or(|s| {
                int_field(job, "Status").map(|v| v.to_string()).as_deref() == Some(s)
            })
        })
        .filter(|job| keyword_matches(job, keyword))
        .collect();
    let (items, total) = page(matching, sort, page_no, page_size);
    let mut body = as_object(example);
    body.insert("TotalCount".into(), json!(total));
    body.insert("JobList".into(), Value::Array(items));
    Ok(Value::Object(body))
}

fn get_live_editing_job(params: &Params<'_>, example: Value) -> Result<Value, ApiError> {
    let job_id = params.get("JobId").filter(|id| !id.is_empty());
    if job_id == Some(MISSING_ID) {
        return Err(ApiError::job_not_found());
    }
    let mut body = as_object(example);
    if let Some(id) = job_id
        && let Some(Value::Object(job)) = body.get_mut("LiveEditingJob")
    {
        job.insert("JobId".into(), json!(id));
    }
    Ok(Value::Object(body))
}

fn get_live_snapshot_job(params: &Params<'_>, example: Value) -> Result<Value, ApiError> {
    let job_id = params.required("JobId")?;
    if job_id == MISSING_ID {
        return Err(ApiError::job_not_found());
    }
    let mut body = as_object(example);
    body.insert("JobId".into(), json!(job_id));
    Ok(Value::Object(body))
}

fn describe_rtc_files(params: &Params<'_>, example: Value) -> Result<Value, ApiError> {
    let task_id = params.required("TaskId")?;
    if task_id == MISSING_ID {
        return Err(ApiError::task_not_found(task_id));
    }
    let mut body = as_object(example);
    if let Some(Value::Object(info)) = body.get_mut("TaskInfo") {
        info.insert("TaskId".into(), json!(task_id));
    }
    Ok(Value::Object(body))
}

/// Sets every field at `path` (`*` = each array element) that exists to `value`.
fn set_existing(target: &mut Value, path: &[&str], value: &Value) {
    match path.split_first() {
        None => *target = value.clone(),
        Some((&"*", rest)) => {
            if let Value::Array(items) = target {
                for item in items {
                    set_existing(item, rest, value);
                }
            }
        }
        Some((key, rest)) => {
            if let Some(child) = target.get_mut(*key) {
                set_existing(child, rest, value);
            }
        }
    }
}

/// Replaces enum fields with values no page documents, as a newer API version might send.
pub fn undocumented_enums(action: Action, body: &mut Value) {
    let replacements: &[(&[&str], Value)] = match action {
        Action::ListLiveRecordJobs => &[
            (&["LiveRecordJobs", "*", "Status"], json!("archived")),
            (
                &["LiveRecordJobs", "*", "StreamInput", "Type"],
                json!("srt"),
            ),
            (
                &["LiveRecordJobs", "*", "RecordOutput", "Type"],
                json!("s3"),
            ),
            (&["SortBy"], json!("relevance")),
        ],
        Action::ListLiveTranscodeJobs => &[
            (&["JobList", "*", "Status"], json!(7)),
            (&["JobList", "*", "StartMode"], json!(9)),
            (&["JobList", "*", "TemplateType"], json!("ultra-hd")),
            (&["JobList", "*", "StreamInput", "Type"], json!("srt")),
            (
                &["JobList", "*", "OutputStream", "StreamInfos", "*", "Type"],
                json!("srt"),
            ),
        ],
        Action::GetLiveEditingJob => &[
            (&["LiveEditingJob", "Status"], json!("Archived")),
            (
                &["LiveEditingJob", "MediaProduceConfig", "Mode"],
                json!("Turbo"),
            ),
        ],
        Action::GetLiveSnapshotJob => &[
            (&["Status"], json!("archived")),
            (&["StreamInput", "Type"], json!("srt")),
            (&["SnapshotOutput", "StorageType"], json!("s3")),
        ],
        Action::DescribeRtcCloudRecordingFiles => &[(&["TaskInfo", "Status"], json!("ARCHIVED"))],
    };
    for (path, value) in replacements {
        set_existing(body, path, value);
    }
}

/// Adds unknown fields (a scalar, an object, an array) to every object, at every level.
pub fn add_extra_fields(body: &mut Value) {
    match body {
        Value::Object(map) => {
            for child in map.values_mut() {
                add_extra_fields(child);
            }
            map.insert("XUnknownString".into(), json!("surprise"));
            map.insert(
                "XUnknownObject".into(),
                json!({"Nested": {"Deeper": [1, 2.5, null, true]}, "Code": "NotAnError"}),
            );
            map.insert("XUnknownArray".into(), json!([{"A": 1}, "b", []]));
        }
        Value::Array(items) => {
            for item in items {
                add_extra_fields(item);
            }
        }
        _ => {}
    }
}
