//! Unit tests of the error types.

use super::service::scan_request_id;
use super::*;

#[test]
fn service_error_display_is_one_informative_line() {
    let e = ServiceError::from_response(
        "GetLiveSnapshotJob",
        404,
        None,
        None,
        br#"{"RequestId":"3B-1","HostId":"ice.aliyuncs.com","Code":"JobNotFound","Message":"No such job.","Recommend":"https://x"}"#,
    );
    assert_eq!(
        e.to_string(),
        "GetLiveSnapshotJob failed: HTTP 404 JobNotFound: No such job. (request id 3B-1)"
    );
    let err = Error::from(e);
    assert_eq!(
        err.to_string(),
        "GetLiveSnapshotJob failed: HTTP 404 JobNotFound: No such job. (request id 3B-1)"
    );
    assert_eq!(err.code(), Some("JobNotFound"));
    assert_eq!(err.message(), Some("No such job."));
    assert_eq!(err.request_id(), Some("3B-1"));
    assert_eq!(err.status(), Some(404));
    assert_eq!(
        err.as_service().and_then(|s| s.host_id.as_deref()),
        Some("ice.aliyuncs.com")
    );
    assert_eq!(
        err.as_service().and_then(|s| s.recommend.as_deref()),
        Some("https://x")
    );
    assert!(!err.is_retryable());
}

#[test]
fn html_502_keeps_raw_body_without_code() {
    let body = b"<html>\n<body>502 Bad Gateway</body></html>";
    let e = Error::from(ServiceError::from_response(
        "Op",
        502,
        Some("rid-h"),
        None,
        body,
    ));
    assert_eq!(e.code(), None);
    assert_eq!(
        e.raw_body(),
        Some("<html>\n<body>502 Bad Gateway</body></html>")
    );
    assert_eq!(e.request_id(), Some("rid-h"));
    assert_eq!(
        e.to_string(),
        "Op failed: HTTP 502: <html> <body>502 Bad Gateway</body></html> (request id rid-h)"
    );
    assert!(e.is_retryable());
}

#[test]
fn throttling_classification() {
    let throttled = |status, code: &str, retry: Option<&str>| {
        let body = format!(r#"{{"Code":"{code}","Message":"m"}}"#);
        ServiceError::from_response("Op", status, None, retry, body.as_bytes())
    };
    assert!(throttled(400, "Throttling.User", None).is_retryable());
    assert!(throttled(400, "Throttling", None).is_retryable());
    assert!(throttled(400, "Throttling.Api", None).is_retryable());
    assert!(throttled(429, "Whatever", None).is_retryable());
    assert!(throttled(503, "ServiceUnavailable", None).is_retryable());
    assert!(!throttled(400, "InvalidParameter", None).is_retryable());
    assert!(!throttled(403, "NotThrottling", None).is_retryable());
    let e = throttled(400, "InvalidParameter", Some("1500"));
    assert!(e.is_retryable());
    assert_eq!(e.retry_after, Some(Duration::from_millis(1500)));
    assert_eq!(throttled(400, "X", Some("0")).retry_after, None);
    assert_eq!(throttled(400, "X", Some("soon")).retry_after, None);
}

#[test]
fn access_denied_detail_and_lower_case_fields() {
    let e = ServiceError::from_response(
        "Op",
        403,
        None,
        None,
        br#"{"requestId":"r","code":"Forbidden.RAM","message":"no","AccessDeniedDetail":{"PolicyType":"AccountLevelIdentityBasedPolicy"}}"#,
    );
    assert_eq!(e.code.as_deref(), Some("Forbidden.RAM"));
    assert_eq!(e.request_id.as_deref(), Some("r"));
    assert_eq!(
        e.access_denied_detail
            .as_ref()
            .and_then(|d| d.get("PolicyType"))
            .and_then(|v| v.as_str()),
        Some("AccountLevelIdentityBasedPolicy")
    );
}

#[test]
fn decode_error_finds_request_id_leniently() {
    let body = br#"{"RequestId" : "abc-123", "LiveRecordJobs": "not-a-list""#;
    let source = match serde_json::from_slice::<serde_json::Value>(body) {
        Err(e) => e,
        Ok(_) => panic!("body should not parse"),
    };
    let e = Error::from(DecodeError::new(
        "ListLiveRecordJobs",
        200,
        None,
        body,
        source,
    ));
    assert_eq!(e.request_id(), Some("abc-123"));
    assert_eq!(e.status(), Some(200));
    assert!(
        e.to_string()
            .starts_with("ListLiveRecordJobs returned HTTP 200")
    );
    assert!(e.to_string().ends_with("(request id abc-123)"));
    assert!(std::error::Error::source(&e).is_some());
    assert!(!e.is_retryable());
}

#[test]
fn scan_request_id_never_panics_on_garbage() {
    for s in [
        "",
        "\"RequestId\"",
        "\"RequestId\":",
        "\"RequestId\":\"",
        "\"RequestId\": 5",
        "é\"RequestId\"é",
    ] {
        let _ = scan_request_id(s);
    }
    assert_eq!(scan_request_id("xx\"RequestId\":\"\"").as_deref(), None);
}

#[test]
fn other_variants_display_and_retryability() {
    let t = Error::from(TimeoutError::new(
        "Op",
        TimeoutKind::Attempt,
        Duration::from_secs(10),
        Duration::from_secs(10),
    ));
    assert!(t.is_retryable());
    assert!(t.to_string().contains("per-attempt timeout"));
    let op = Error::from(TimeoutError::new(
        "Op",
        TimeoutKind::Operation,
        Duration::from_secs(60),
        Duration::from_secs(61),
    ));
    assert!(!op.is_retryable());
    let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
    let c = Error::from(TransportError::new("Op", true, io));
    assert!(c.is_retryable());
    assert_eq!(c.to_string(), "Op: could not connect: refused");
    let v = Error::from(ValidationError::new("Op", "JobId", "must not be empty"));
    assert_eq!(v.to_string(), "Op: invalid JobId: must not be empty");
    assert!(!v.is_retryable());
    assert_eq!(v.operation(), Some("Op"));
}

#[derive(Debug, PartialEq)]
enum Codes {
    JobNotFound,
    Unknown(String),
}
impl From<&str> for Codes {
    fn from(s: &str) -> Self {
        match s {
            "JobNotFound" => Codes::JobNotFound,
            other => Codes::Unknown(other.to_owned()),
        }
    }
}
impl ErrorCode for Codes {}

#[test]
fn error_code_trait_maps_codes() {
    let e = Error::from(ServiceError::from_response(
        "Op",
        404,
        None,
        None,
        br#"{"Code":"JobNotFound"}"#,
    ));
    assert_eq!(Codes::from_error(&e), Some(Codes::JobNotFound));
    let v = Error::from(ValidationError::new("Op", "f", "r"));
    assert_eq!(Codes::from_error(&v), None);
    let _ = Codes::Unknown(String::new());
}
