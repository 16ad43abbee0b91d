//! Response bodies for the client benchmarks, from the spec's own JSON examples.

use serde_json::Value;

use crate::synthetic::{ICE_SPEC, LIVE_SPEC};

/// The example response of `operation_id` from the real spec. For a paged operation with
/// `page_items = Some(n)`, the page's item array holds `n` copies of the example item, each with its
/// string fields suffixed by its index (so no two items are byte-identical), and `TotalCount` is `n`.
pub fn response_body(operation_id: &str, page_items: Option<usize>) -> Vec<u8> {
    let (example, items_field) = example(operation_id);
    let mut body = example;
    if let (Some(n), Some(field)) = (page_items, items_field) {
        let item = body
            .get(&field)
            .and_then(|a| a.get(0))
            .cloned()
            .unwrap_or(Value::Null);
        let items: Vec<Value> = (0..n).map(|i| vary(&item, i)).collect();
        if let Value::Object(map) = &mut body {
            map.insert(field, Value::Array(items));
            map.insert("TotalCount".into(), Value::from(n));
        }
    }
    serde_json::to_vec(&body).expect("JSON serializes")
}

fn vary(value: &Value, i: usize) -> Value {
    match value {
        Value::String(s) if !s.contains('T') || !s.ends_with('Z') => {
            Value::String(format!("{s}-{i}"))
        }
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), vary(v, i))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| vary(v, i)).collect()),
        other => other.clone(),
    }
}

/// (example response, name of the paged items property if the operation is paged).
fn example(operation_id: &str) -> (Value, Option<String>) {
    for (_, text) in [ICE_SPEC, LIVE_SPEC] {
        let doc: serde_yaml::Value = serde_yaml::from_str(text).expect("spec parses");
        let Some(paths) = doc.get("paths").and_then(|p| p.as_mapping()) else {
            continue;
        };
        for (_, item) in paths {
            let Some(op) = ["get", "post"].iter().find_map(|m| item.get(*m)) else {
                continue;
            };
            if op.get("operationId").and_then(|v| v.as_str()) != Some(operation_id) {
                continue;
            }
            let example = op
                .get("responses")
                .and_then(|r| r.get("200"))
                .and_then(|r| r.get("content"))
                .and_then(|c| c.get("application/json"))
                .and_then(|j| j.get("example"))
                .cloned()
                .unwrap_or(serde_yaml::Value::Null);
            let items = op
                .get("x-acs-pagination")
                .and_then(|p| p.get("items"))
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            return (
                serde_json::to_value(&example).expect("YAML example converts to JSON"),
                items,
            );
        }
    }
    panic!("no operation {operation_id} in the spec")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_the_requested_items() {
        let body: Value =
            serde_json::from_slice(&response_body("ListLiveRecordJobs", Some(100))).unwrap();
        assert_eq!(body["LiveRecordJobs"].as_array().map(Vec::len), Some(100));
        assert_eq!(
            body["LiveRecordJobs"][7]["JobId"],
            "ab0e3e76-1e9d-11ed-ba64-0c42a1b73d66-7"
        );
        assert_eq!(
            body["LiveRecordJobs"][7]["CreateTime"],
            "2022-07-20T03:26:36Z"
        );
        let body: Value =
            serde_json::from_slice(&response_body("GetLiveSnapshotJob", Some(100))).unwrap();
        assert!(body.get("JobId").is_some());
    }
}
