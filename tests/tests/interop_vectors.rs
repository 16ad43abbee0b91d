//! Known-answer vectors captured from the official Python SDK (scripts/python-sdk/gen_vectors.py):
//! the runtime's signer must reproduce them byte for byte, and the test server's verifier (and its
//! small test signer) must agree with them too.

use std::collections::BTreeSet;

use alibabacloud_rpc_runtime::signing::{
    SignableRequest, authorization, canonical_query_string, canonical_request,
};
use sdk_tests::server::signer::Signer;
use sdk_tests::server::{KeyTable, RequestParts, verify_signature};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Fixture {
    vectors: Vec<Vector>,
}

#[derive(Debug, Deserialize)]
struct Vector {
    name: String,
    action: String,
    method: String,
    host: String,
    path: String,
    /// Decoded, in the SDK's wire order.
    query: Vec<(String, String)>,
    /// The query string exactly as the SDK sent it (`+` for spaces).
    wire_query: String,
    /// Every header the SDK sent, as captured.
    wire_headers: Vec<(String, String)>,
    /// Lower-case name → value, exactly those listed in SignedHeaders.
    signed_headers: std::collections::BTreeMap<String, String>,
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    canonical_query_string: String,
    canonical_request: String,
    authorization: String,
}

fn fixture() -> Fixture {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/signature-vectors.json"
    );
    let text = std::fs::read_to_string(path).expect("read signature-vectors.json");
    serde_json::from_str(&text).expect("parse signature-vectors.json")
}

fn headers(vector: &Vector) -> Vec<(String, String)> {
    vector
        .signed_headers
        .iter()
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect()
}

#[test]
fn fixture_covers_every_operation_with_and_without_sts() {
    let fixture = fixture();
    assert!(
        fixture.vectors.len() >= 10,
        "only {} vectors",
        fixture.vectors.len()
    );
    let actions: BTreeSet<&str> = fixture.vectors.iter().map(|v| v.action.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "ListLiveRecordJobs",
        "ListLiveTranscodeJobs",
        "GetLiveEditingJob",
        "GetLiveSnapshotJob",
        "DescribeRtcCloudRecordingFiles",
    ]
    .into();
    assert_eq!(actions, expected);
    assert!(fixture.vectors.iter().any(|v| v.security_token.is_some()));
    assert!(fixture.vectors.iter().any(|v| v.security_token.is_none()));
    assert!(
        fixture.vectors.iter().any(|v| v.wire_query.contains('+')),
        "a '+'-for-space vector"
    );
}

#[test]
fn runtime_signer_matches_the_official_sdk() {
    for v in fixture().vectors {
        let headers = headers(&v);
        let request = SignableRequest {
            method: &v.method,
            host: &v.host,
            path: &v.path,
            query: &v.query,
            headers: &headers,
            body: b"",
        };
        assert_eq!(
            canonical_query_string(&v.query),
            v.canonical_query_string,
            "{}: canonical query string",
            v.name
        );
        assert_eq!(
            canonical_request(&request),
            v.canonical_request,
            "{}: canonical request",
            v.name
        );
        assert_eq!(
            authorization(&v.access_key_id, &v.access_key_secret, &request),
            v.authorization,
            "{}: Authorization",
            v.name
        );
    }
}

#[test]
fn test_server_accepts_every_vector() {
    let keys = KeyTable::default();
    for v in fixture().vectors {
        let received: Vec<(String, Vec<u8>)> = v
            .wire_headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.as_bytes().to_vec()))
            .collect();
        let parts = RequestParts {
            method: &v.method,
            path: &v.path,
            raw_query: &v.wire_query,
            headers: &received,
            body: b"",
        };
        let verified = verify_signature(&parts, &keys)
            .unwrap_or_else(|rejection| panic!("{}: refused: {rejection:?}", v.name));
        assert_eq!(
            verified.canonical_request, v.canonical_request,
            "{}",
            v.name
        );
        assert_eq!(verified.access_key_id, v.access_key_id, "{}", v.name);
        assert_eq!(verified.security_token, v.security_token, "{}", v.name);

        // Any tampering with the query is caught.
        let tampered = RequestParts {
            raw_query: "Tampered=1",
            ..parts
        };
        let refused = verify_signature(&tampered, &keys).expect_err("tampered query accepted");
        assert_eq!(refused.code(), "SignatureDoesNotMatch", "{}", v.name);
    }
}

#[test]
fn test_signer_matches_the_official_sdk() {
    for v in fixture().vectors {
        let signer = Signer::new(
            &v.access_key_id,
            &v.access_key_secret,
            v.security_token.as_deref(),
        );
        let pairs: Vec<(&str, &str)> = v
            .query
            .iter()
            .map(|(k, val)| (k.as_str(), val.as_str()))
            .collect();
        let query = sdk_tests::server::signer::canonical_query(&pairs);
        assert_eq!(query, v.canonical_query_string, "{}", v.name);
        let (canonical, authorization) = signer.authorize(
            &v.method,
            &v.path,
            &query,
            &headers(&v),
            sdk_tests::server::signer::EMPTY_SHA256,
        );
        assert_eq!(canonical, v.canonical_request, "{}", v.name);
        assert_eq!(authorization, v.authorization, "{}", v.name);
    }
}
