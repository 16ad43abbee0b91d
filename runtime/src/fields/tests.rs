//! The visitor against what `#[derive(Deserialize)]` with `default` on every field does, on the same
//! inputs, plus the cases where the two differ on purpose.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::Deserialize;
use serde::de::DeserializeSeed;

use super::{KeySeed, MapAccess, ReadFields, datetime, deserialize, skip};

crate::open_enum! {
    /// A value list, as the generated crate declares them.
    pub enum Status: String {
        /// Running.
        Running = "Running",
    }
}

/// What the generator writes for a response struct.
#[derive(Clone, Debug, Default, PartialEq)]
struct Job {
    job_id: Option<String>,
    count: Option<i32>,
    status: Option<Status>,
    created: Option<Timestamp>,
    input: Option<Input>,
    outputs: Vec<Input>,
    tags: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct Input {
    url: Option<String>,
}

impl<'de> Deserialize<'de> for Job {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

impl ReadFields for Job {
    const NAME: &'static str = "Job";
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "JobId" => self.job_id = map.next_value()?,
            "Count" => self.count = map.next_value()?,
            "Status" => self.status = map.next_value()?,
            "Created" => self.created = datetime(map)?,
            "Input" => self.input = map.next_value()?,
            "Outputs" => self.outputs = map.next_value()?,
            "Tags" => self.tags = map.next_value()?,
            _ => skip(map)?,
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

impl ReadFields for Input {
    const NAME: &'static str = "Input";
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "URL" => self.url = map.next_value()?,
            _ => skip(map)?,
        }
        Ok(())
    }
}

/// The same shapes with serde's derive, as the generator wrote them before.
#[derive(Debug, Deserialize)]
struct DerivedJob {
    #[serde(rename = "JobId", default)]
    job_id: Option<String>,
    #[serde(rename = "Count", default)]
    count: Option<i32>,
    #[serde(rename = "Status", default)]
    status: Option<Status>,
    #[serde(rename = "Created", default, with = "crate::datetime::option")]
    created: Option<Timestamp>,
    #[serde(rename = "Input", default)]
    input: Option<DerivedInput>,
    #[serde(rename = "Outputs", default)]
    outputs: Vec<DerivedInput>,
    #[serde(rename = "Tags", default)]
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct DerivedInput {
    #[serde(rename = "URL", default)]
    url: Option<String>,
}

impl From<DerivedInput> for Input {
    fn from(d: DerivedInput) -> Self {
        Input { url: d.url }
    }
}

impl From<DerivedJob> for Job {
    fn from(d: DerivedJob) -> Self {
        Job {
            job_id: d.job_id,
            count: d.count,
            status: d.status,
            created: d.created,
            input: d.input.map(Input::from),
            outputs: d.outputs.into_iter().map(Input::from).collect(),
            tags: d.tags,
        }
    }
}

fn ours(json: &str) -> Result<Job, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

fn derived(json: &str) -> Result<Job, String> {
    serde_json::from_str::<DerivedJob>(json)
        .map(Job::from)
        .map_err(|e| e.to_string())
}

/// Inputs on which both must give the same value, or both an error.
const SAME: &[&str] = &[
    "{}",
    r#"{"JobId":"j-1"}"#,
    r#"{"JobId":null,"Count":null,"Status":null,"Created":null,"Input":null}"#,
    r#"{"JobId":"j-1","Count":7,"Status":"Running","Created":"2024-01-01T10:00Z",
        "Input":{"URL":"oss://b/k","Extra":1},"Outputs":[{"URL":"a"},{}],"Tags":["x","y"]}"#,
    r#"{"Status":"Paused"}"#,
    r#"{"Created":""}"#,
    r#"{"Unknown":{"deep":[1,{"a":null},"s"]},"JobId":"j","Other":true}"#,
    r#"{"jobid":"lower case is another key"}"#,
    r#"{"Job\u0049d":"escaped key"}"#,
    r#"{"Input":{"U\u0052L":"escaped nested key"}}"#,
    // Wrong types: errors in both.
    r#"{"JobId":5}"#,
    r#"{"Count":"7"}"#,
    r#"{"Count":3000000000}"#,
    r#"{"Input":"text"}"#,
    r#"{"Input":{"URL":5}}"#,
    r#"{"Outputs":{"URL":"a"}}"#,
    r#"{"Outputs":[{"URL":1}]}"#,
    r#"{"Tags":null}"#,
    r#"{"Created":"soon"}"#,
    r#"{"Created":5}"#,
    "null",
    "5",
    r#""text""#,
    r#"{"JobId":"j""#,
    r#"{"JobId":"j"} trailing"#,
];

#[test]
fn reads_what_the_derive_reads() {
    for json in SAME {
        let (a, b) = (ours(json), derived(json));
        match (&a, &b) {
            (Ok(x), Ok(y)) => assert_eq!(x, y, "{json}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{json}: ours {a:?}, derive {b:?}"),
        }
    }
}

#[test]
fn missing_null_and_unknown() {
    assert_eq!(ours("{}"), Ok(Job::default()));
    let nulls = ours(r#"{"JobId":null,"Input":null,"Created":null,"Created":""}"#);
    assert_eq!(nulls, Ok(Job::default()));
    let job = ours(r#"{"Extra":[{"JobId":"not this one"}],"Input":{"More":{}},"JobId":"j"}"#);
    assert_eq!(
        job,
        Ok(Job {
            job_id: Some("j".into()),
            input: Some(Input::default()),
            ..Job::default()
        })
    );
}

#[test]
fn nested_values_and_open_enums() {
    let job = ours(
        r#"{"Status":"Archived","Outputs":[{"URL":"a"},{"URL":null}],"Input":{"URL":"i"},
            "Created":" 2024-01-01 10:00:00 "}"#,
    );
    assert_eq!(
        job,
        Ok(Job {
            status: Some(Status::Unknown("Archived".into())),
            outputs: vec![
                Input {
                    url: Some("a".into())
                },
                Input::default()
            ],
            input: Some(Input {
                url: Some("i".into())
            }),
            created: "2024-01-01T10:00:00Z".parse().ok(),
            ..Job::default()
        })
    );
    // A documented value decodes to its variant; others are kept.
    let running = ours(r#"{"Status":"Running"}"#).ok().and_then(|j| j.status);
    assert_eq!(running.as_ref().map(Status::is_unknown), Some(false));
    assert_eq!(Status::VALUES, ["Running"]);
}

#[test]
fn wrong_types_name_what_was_expected() {
    let err = |json: &str| ours(json).err().unwrap_or_default();
    assert!(err("5").contains("expected a `Job` object"), "{}", err("5"));
    assert!(
        err("[]").contains("expected a `Job` object"),
        "{}",
        err("[]")
    );
    let nested = err(r#"{"Input":["URL"]}"#);
    assert!(nested.contains("expected a `Input` object"), "{nested}");
    let count = err(r#"{"JobId":"j","Count":"7"}"#);
    assert!(
        count.contains("expected i32") && count.contains("column"),
        "{count}"
    );
    assert!(err(r#"{"Tags":null}"#).contains("expected a sequence"));
    assert!(err(r#"{"Created":"soon"}"#).contains("invalid date-time"));
}

#[test]
fn where_it_differs_from_the_derive() {
    // A key given twice: the last value wins; the derive fails.
    let twice = r#"{"JobId":"first","JobId":"second"}"#;
    assert_eq!(
        ours(twice).ok().and_then(|j| j.job_id).as_deref(),
        Some("second")
    );
    assert!(derived(twice).is_err());
    // The fields in order, as an array: an error; the derive reads it.
    let seq = r#"["j-1"]"#;
    assert!(ours(seq).is_err());
    assert_eq!(
        derived(seq).ok().and_then(|j| j.job_id).as_deref(),
        Some("j-1")
    );
}

#[test]
fn keys_are_borrowed_unless_escaped_or_read() {
    fn key(json: &str) -> Option<Cow<'_, str>> {
        let mut de = serde_json::Deserializer::from_str(json);
        KeySeed.deserialize(&mut de).ok()
    }
    assert!(matches!(key(r#""JobId""#), Some(Cow::Borrowed("JobId"))));
    let escaped = key(r#""Job\u0049d""#);
    assert!(
        matches!(&escaped, Some(Cow::Owned(k)) if k == "JobId"),
        "{escaped:?}"
    );
    assert!(key("5").is_none());
    // From a reader the key is copied (visit_str); from a `Value` it is moved (visit_string).
    let json = r#"{"Job\"Id":"q","JobId":"j"}"#;
    let from_reader: Option<Job> = serde_json::from_reader(json.as_bytes()).ok();
    assert_eq!(from_reader.and_then(|j| j.job_id).as_deref(), Some("j"));
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let from_value = Job::deserialize(value).ok();
    assert_eq!(from_value.and_then(|j| j.job_id).as_deref(), Some("j"));
}
