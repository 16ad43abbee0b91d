//! Refreshing credentials under a real client: the ICE test server (V3 signatures checked) accepts the
//! rotating credentials a local metadata service hands out. 100 calls at the moment of expiry make
//! one refresh; a long paging stream crosses expiries; an unsendable token is refused before sending.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use alibabacloud_media::ice::{
    self, get_live_snapshot_job::GetLiveSnapshotJobRequest,
    list_live_record_jobs::ListLiveRecordJobsRequest,
};
use alibabacloud_media::runtime::credentials::EcsRamRoleCredentials;
use alibabacloud_media::runtime::{Config, CredentialsProvider, Error, StaticCredentials};
use futures::StreamExt;
use sdk_tests::creds::imds::ImdsServer;
use sdk_tests::creds::rotation;
use sdk_tests::server::{KeyTable, ServerOptions, TestServer, Verdict};

fn ice_server() -> TestServer {
    TestServer::start(ServerOptions {
        keys: rotation::key_table(KeyTable::default(), 50),
        ..ServerOptions::default()
    })
}

fn client(server: &TestServer, credentials: Arc<dyn CredentialsProvider>) -> ice::Client {
    let config = Config::builder()
        .endpoint(server.url())
        .credentials_shared(credentials)
        .build()
        .expect("config");
    ice::Client::new(config).expect("client")
}

/// The ICE server, a metadata service handing out credentials that live 5 s, and a client using them
/// through the ECS RAM role provider.
fn rotating_client() -> (TestServer, ImdsServer, ice::Client) {
    let server = ice_server();
    let imds = ImdsServer::start(Duration::from_secs(5));
    let provider: Arc<dyn CredentialsProvider> = Arc::new(
        EcsRamRoleCredentials::builder()
            .endpoint(imds.url())
            .build(),
    );
    let client = client(&server, provider);
    (server, imds, client)
}

/// The AccessKeyIds the server accepted, in arrival order.
fn signers(server: &TestServer) -> Vec<String> {
    server
        .log()
        .entries()
        .into_iter()
        .filter_map(|r| match r.verdict {
            Verdict::Accepted { access_key_id } => Some(access_key_id),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_concurrent_calls_at_expiry_make_one_refresh() {
    let (server, imds, client) = rotating_client();
    let request = GetLiveSnapshotJobRequest::new("job-1");
    client
        .get_live_snapshot_job(&request)
        .await
        .expect("first call");
    assert_eq!(imds.credential_requests(), 1);

    // Past the refresh point (at most 3.75 s after issue) and before expiry (at least 4 s).
    tokio::time::sleep(Duration::from_millis(3_850)).await;
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            let request = request.clone();
            tokio::spawn(async move { client.get_live_snapshot_job(&request).await.map(|_| ()) })
        })
        .collect();
    let mut failed = 0;
    for call in calls {
        if !matches!(call.await, Ok(Ok(()))) {
            failed += 1;
        }
    }
    assert_eq!(failed, 0);
    let refreshes = imds.credential_requests() - 1;
    eprintln!("100 concurrent calls at expiry: {refreshes} refresh(es)");
    assert_eq!(refreshes, 1, "one refresh shared by 100 calls");
    let signed = signers(&server);
    assert_eq!(signed.len(), 101);
    let after: BTreeSet<&String> = signed[1..].iter().collect();
    assert_eq!(
        after.into_iter().cloned().collect::<Vec<_>>(),
        vec![rotation::triple(2).0]
    );
}

#[tokio::test]
async fn a_long_paging_stream_crosses_credential_expiries() {
    let (server, imds, client) = rotating_client();
    let mut items = Box::pin(
        client.list_live_record_jobs_items(&ListLiveRecordJobsRequest::new().page_size(10)),
    );
    let mut count = 0;
    while let Some(item) = items.next().await {
        item.expect("every item");
        count += 1;
        if count % 10 == 0 {
            // 18 pages, 450 ms apart: about 8 s, across two refreshes.
            tokio::time::sleep(Duration::from_millis(450)).await;
        }
    }
    assert_eq!(count, 180);
    let signed = signers(&server);
    assert_eq!(signed.len(), 18, "every page accepted");
    let keys: BTreeSet<&String> = signed.iter().collect();
    eprintln!(
        "paging stream: {} keys over 18 pages, {} metadata reads",
        keys.len(),
        imds.credential_requests()
    );
    assert!(keys.len() >= 2, "{keys:?}");
    assert_eq!(
        u32::try_from(keys.len()).ok(),
        Some(imds.credential_requests())
    );
}

#[tokio::test]
async fn an_unsendable_token_is_refused_before_sending() {
    let server = ice_server();
    for credentials in [
        StaticCredentials::sts("STS.id", "secret", "tøken-välue"),
        StaticCredentials::sts("STS.id", "secret", "token\r\nX-Injected: 1"),
        StaticCredentials::new("LTAI ïd", "secret"),
    ] {
        let client = client(&server, Arc::new(credentials));
        let err = client
            .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job-1"))
            .await
            .err();
        let text = err.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(matches!(err, Some(Error::Credentials(_))), "{err:?}");
        assert!(
            text.contains("static") && text.contains("not printable ASCII"),
            "{text}"
        );
        assert!(
            !text.contains("tøken") && !text.contains("X-Injected") && !text.contains("ïd"),
            "{text}"
        );
    }
    // Through the default chain, the error names the source that gave the bad value.
    let chain =
        alibabacloud_media::runtime::DefaultCredentialsChain::with_env_lookup(|k| match k {
            "ALIBABA_CLOUD_ACCESS_KEY_ID" => Some("LTAI.env".to_owned()),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET" => Some("Sécret-value".to_owned()),
            "ALIBABA_CLOUD_ECS_METADATA_DISABLED" => Some("true".to_owned()),
            _ => None,
        });
    let client = client(&server, Arc::new(chain));
    let err = client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job-1"))
        .await
        .err();
    let text = err.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(
        text.contains(
            "[env: the access key secret contains a character that is not printable ASCII"
        ),
        "{text}"
    );
    assert!(!text.contains("Sécret"), "{text}");
    assert_eq!(server.log().entries().len(), 0, "nothing was sent");
}
