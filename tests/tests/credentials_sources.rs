//! Every credentials source against local servers on 127.0.0.1 (tests/src/creds): the ECS metadata
//! service (IMDSv2), STS (AssumeRole with its V3 signature checked, AssumeRoleWithOIDC), a
//! credentials URI, the CLI and ini profiles in every mode, and the default chain's order. Also:
//! malformed answers give typed errors, a hanging metadata service times out and the chain moves on,
//! and no secret reaches Debug, Display or the logs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use alibabacloud_media::runtime::credentials::{
    EcsRamRoleCredentials, FetchErrorKind, IniProfileCredentials, OidcRoleArnCredentials,
    RamRoleArnCredentials, StsEndpoint, UriCredentials,
};
use alibabacloud_media::runtime::{
    CredentialsError, CredentialsProvider, DefaultCredentialsChain, ProfileCredentials,
    StaticCredentials,
};
use sdk_tests::creds::Mode;
use sdk_tests::creds::imds::ImdsServer;
use sdk_tests::creds::rotation;
use sdk_tests::creds::sts::StsServer;
use sdk_tests::creds::uri::UriServer;
use sdk_tests::server::{KeyTable, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET};

const HOUR: Duration = Duration::from_secs(3600);
const ROLE: &str = "acs:ram::1234567890123456:role/test-role";
const OIDC_PROVIDER: &str = "acs:ram::1234567890123456:oidc-provider/ack-rrsa";

fn sts_server(lifetime: Duration) -> StsServer {
    StsServer::start(
        lifetime,
        rotation::key_table(KeyTable::default(), 50),
        &["oidc-token-1", "oidc-token-2"],
    )
}

fn sts(server: &StsServer) -> StsEndpoint {
    StsEndpoint::new().endpoint(server.url())
}

fn test_key() -> StaticCredentials {
    StaticCredentials::new(TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET)
}

async fn id(p: &dyn CredentialsProvider) -> Result<String, CredentialsError> {
    p.provide().await.map(|c| c.access_key_id().to_owned())
}

fn rot(n: u32) -> Result<String, CredentialsError> {
    Ok(rotation::triple(n).0)
}

struct TempDir(PathBuf);
impl TempDir {
    fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!(
            "creds-test-{}-{}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
    fn write(&self, name: &str, content: &str) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("dir");
        }
        std::fs::write(&p, content).expect("write");
        p
    }
    fn path(&self) -> &Path {
        &self.0
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |k| map.get(k).cloned()
}

fn fetch_kind(e: &CredentialsError) -> Option<&FetchErrorKind> {
    match e {
        CredentialsError::Fetch { kind, .. } => Some(kind),
        _ => None,
    }
}

#[tokio::test]
async fn ecs_uses_an_imdsv2_token_caches_and_rotates() {
    let imds = ImdsServer::start(Duration::from_secs(5));
    imds.state.require_token.store(true, Ordering::SeqCst);
    let p = EcsRamRoleCredentials::builder()
        .endpoint(imds.url())
        .build();
    assert_eq!(id(&p).await, rot(1));
    assert_eq!(id(&p).await, rot(1), "cached");
    assert_eq!(imds.credential_requests(), 1);
    assert_eq!(imds.state.token_requests.load(Ordering::SeqCst), 1);
    assert_eq!(
        imds.state.role_requests.load(Ordering::SeqCst),
        1,
        "role discovered"
    );
    assert_eq!(imds.state.reads_with_token.load(Ordering::SeqCst), 2);
    // Refreshed a quarter of the lifetime before expiry (4-5 s left at issue: at most 3.75 s).
    tokio::time::sleep(Duration::from_millis(3_900)).await;
    assert_eq!(id(&p).await, rot(2));
    assert_eq!(imds.credential_requests(), 2);
}

#[tokio::test]
async fn ecs_falls_back_to_v1_unless_disabled() {
    let imds = ImdsServer::start(HOUR);
    imds.state.refuse_token.store(true, Ordering::SeqCst);
    let p = EcsRamRoleCredentials::builder()
        .endpoint(imds.url())
        .role_name(sdk_tests::creds::imds::ROLE)
        .build();
    assert_eq!(id(&p).await, rot(1));
    assert_eq!(imds.state.reads_with_token.load(Ordering::SeqCst), 0);
    assert_eq!(
        imds.state.role_requests.load(Ordering::SeqCst),
        0,
        "configured role is not discovered"
    );

    let strict = EcsRamRoleCredentials::builder()
        .endpoint(imds.url())
        .disable_imds_v1(true)
        .build();
    let err = strict.provide().await.expect_err("v1 refused");
    assert_eq!(
        fetch_kind(&err),
        Some(&FetchErrorKind::Http { status: 403 }),
        "{err}"
    );
    assert_eq!(
        imds.credential_requests(),
        1,
        "no v1 read when v1 is disabled"
    );
}

#[tokio::test]
async fn uri_source_caches_and_refreshes() {
    let server = UriServer::start(Duration::from_secs(5));
    let p = UriCredentials::new(server.uri());
    assert_eq!(id(&p).await, rot(1));
    assert_eq!(id(&p).await, rot(1));
    assert_eq!(server.requests(), 1);
    tokio::time::sleep(Duration::from_millis(3_900)).await;
    assert_eq!(id(&p).await, rot(2));
}

#[tokio::test]
async fn ram_role_arn_signs_assume_role_and_chains() {
    let server = sts_server(HOUR);
    let first = RamRoleArnCredentials::builder(test_key(), ROLE)
        .session_name("session-1")
        .duration(Duration::from_secs(900))
        .policy(r#"{"Version":"1","Statement":[]}"#)
        .external_id("ext-1")
        .sts(sts(&server))
        .build()
        .expect("provider");
    assert_eq!(id(&first).await, rot(1));
    let chained = RamRoleArnCredentials::builder(first, "acs:ram::1:role/second")
        .sts(sts(&server))
        .build()
        .expect("provider");
    assert_eq!(id(&chained).await, rot(2));
    assert_eq!(id(&chained).await, rot(2), "cached");
    let calls = server.calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[0].action, "AssumeRole");
    assert_eq!(calls[0].signed_by.as_deref(), Some(TEST_ACCESS_KEY_ID));
    assert_eq!(calls[0].param("RoleArn"), Some(ROLE));
    assert_eq!(calls[0].param("RoleSessionName"), Some("session-1"));
    assert_eq!(calls[0].param("DurationSeconds"), Some("900"));
    assert_eq!(
        calls[0].param("Policy"),
        Some(r#"{"Version":"1","Statement":[]}"#)
    );
    assert_eq!(calls[0].param("ExternalId"), Some("ext-1"));
    assert_eq!(
        calls[1].signed_by,
        rot(1).ok(),
        "the chained role signs with the first role's key"
    );
    assert!(
        calls[1]
            .param("RoleSessionName")
            .is_some_and(|s| s.starts_with("credentials-rust-"))
    );
    assert!(
        RamRoleArnCredentials::builder(test_key(), ROLE)
            .duration(Duration::from_secs(899))
            .build()
            .is_err()
    );
}

#[tokio::test]
async fn sts_calls_are_retried_like_any_call() {
    let server = sts_server(HOUR);
    server.state.fail_next.store(2, Ordering::SeqCst);
    let p = RamRoleArnCredentials::builder(test_key(), ROLE)
        .sts(sts(&server))
        .build()
        .expect("provider");
    assert_eq!(id(&p).await, rot(1));
    let statuses: Vec<u16> = server.calls().iter().map(|c| c.status).collect();
    assert_eq!(
        statuses,
        [503, 503, 200],
        "two retries, fresh signature and nonce each time"
    );
}

#[tokio::test]
async fn sts_errors_are_typed_and_keep_the_request_id() {
    let server = sts_server(HOUR);
    let wrong_key = RamRoleArnCredentials::builder(
        StaticCredentials::new(TEST_ACCESS_KEY_ID, "wrong-secret"),
        ROLE,
    )
    .sts(sts(&server))
    .build()
    .expect("provider");
    let err = wrong_key.provide().await.expect_err("refused");
    match fetch_kind(&err) {
        Some(FetchErrorKind::Service {
            status: 400,
            code,
            request_id,
        }) => {
            assert_eq!(code.as_deref(), Some("SignatureDoesNotMatch"));
            assert!(
                request_id
                    .as_deref()
                    .is_some_and(|r| r.starts_with("57500000-"))
            );
        }
        other => panic!("{other:?}: {err}"),
    }
    assert!(!err.to_string().contains("wrong-secret"));
}

#[tokio::test]
async fn oidc_rereads_the_token_file_at_each_refresh() {
    let server = sts_server(Duration::from_secs(5));
    let dir = TempDir::new();
    let token_file = dir.write("token", "oidc-token-1\n");
    let p = OidcRoleArnCredentials::builder()
        .role_arn(ROLE)
        .provider_arn(OIDC_PROVIDER)
        .token_file(&token_file)
        .session_name("rrsa")
        .sts(sts(&server))
        .build()
        .expect("provider");
    assert_eq!(id(&p).await, rot(1));
    dir.write("token", "oidc-token-2");
    tokio::time::sleep(Duration::from_millis(3_900)).await;
    assert_eq!(id(&p).await, rot(2));
    let calls = server.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].action, "AssumeRoleWithOIDC");
    assert_eq!(calls[0].signed_by, None, "unsigned");
    assert_eq!(calls[0].param("OIDCToken"), Some("oidc-token-1"));
    assert_eq!(calls[1].param("OIDCToken"), Some("oidc-token-2"));
    assert_eq!(calls[0].param("OIDCProviderArn"), Some(OIDC_PROVIDER));

    dir.write("token", "unknown-token");
    let fresh = OidcRoleArnCredentials::builder()
        .role_arn(ROLE)
        .provider_arn(OIDC_PROVIDER)
        .token_file(&token_file)
        .sts(sts(&server))
        .build()
        .expect("provider");
    let err = fresh.provide().await.expect_err("refused");
    assert!(
        matches!(
            fetch_kind(&err),
            Some(FetchErrorKind::Service { status: 400, .. })
        ),
        "{err}"
    );
    assert!(!err.to_string().contains("unknown-token"), "{err}");
}

#[tokio::test]
async fn malformed_answers_give_typed_errors() {
    let imds = ImdsServer::start(HOUR);
    let uri = UriServer::start(HOUR);
    let sts_srv = sts_server(HOUR);
    let bodies = [
        "not json at all",
        r#"{"Code":"Failed"}"#,
        r#"{"Code":"Success","AccessKeyId":"STS.x"}"#,
        r#"{"Code":"Success","AccessKeyId":"STS.x","AccessKeySecret":"s","SecurityToken":"t","Expiration":"tomorrow"}"#,
        "[1,2,3]",
    ];
    for body in bodies {
        imds.set_mode(Mode::Body(body.to_owned()));
        uri.set_mode(Mode::Body(body.to_owned()));
        sts_srv.set_mode(Mode::Body(body.to_owned()));
        let ecs = EcsRamRoleCredentials::builder()
            .endpoint(imds.url())
            .role_name("EcsTestRole")
            .build();
        let from_uri = UriCredentials::new(uri.uri());
        let role = RamRoleArnCredentials::builder(test_key(), ROLE)
            .sts(sts(&sts_srv))
            .build()
            .expect("provider");
        for p in [&ecs as &dyn CredentialsProvider, &from_uri, &role] {
            let err = p
                .provide()
                .await
                .err()
                .unwrap_or_else(|| panic!("{} accepted {body}", p.name()));
            assert_eq!(
                fetch_kind(&err),
                Some(&FetchErrorKind::Malformed),
                "{}: {body}: {err}",
                p.name()
            );
        }
    }
    imds.set_mode(Mode::Status(500));
    uri.set_mode(Mode::Status(500));
    let ecs = EcsRamRoleCredentials::builder()
        .endpoint(imds.url())
        .role_name("EcsTestRole")
        .build();
    let err = ecs.provide().await.expect_err("500");
    assert_eq!(
        fetch_kind(&err),
        Some(&FetchErrorKind::Http { status: 500 })
    );
    let err = UriCredentials::new(uri.uri())
        .provide()
        .await
        .expect_err("500");
    assert_eq!(
        fetch_kind(&err),
        Some(&FetchErrorKind::Http { status: 500 })
    );
    // A non-ASCII token from a server is refused, naming the source and not showing the token.
    imds.set_mode(Mode::Body(r#"{"Code":"Success","AccessKeyId":"STS.x","AccessKeySecret":"s","SecurityToken":"tøkenvalue","Expiration":"2030-01-01T00:00:00Z"}"#.to_owned()));
    let err = ecs.provide().await.expect_err("non-ASCII");
    assert!(
        matches!(
            &err,
            CredentialsError::Invalid {
                provider: "ecs_ram_role",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("tøkenvalue"));
}

#[tokio::test]
async fn a_hanging_metadata_service_times_out_and_the_chain_moves_on() {
    let imds = ImdsServer::start(HOUR);
    imds.set_mode(Mode::Hang);
    let uri = UriServer::start(HOUR);
    let home = TempDir::new();
    let home_path = home.path().display().to_string();
    let chain = DefaultCredentialsChain::builder()
        .metadata_endpoint(imds.url())
        .env_lookup(env(&[
            ("HOME", &home_path),
            ("ALIBABA_CLOUD_CREDENTIALS_URI", &uri.uri()),
        ]))
        .build();
    let started = Instant::now();
    assert_eq!(id(&chain).await, rot(1));
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
    assert!(
        elapsed >= Duration::from_millis(900),
        "the metadata service was waited for: {elapsed:?}"
    );
    assert_eq!(uri.requests(), 1);
}

/// Every local server and a home directory with both profile files.
struct World {
    imds: ImdsServer,
    sts: StsServer,
    uri: UriServer,
    home: TempDir,
    token_file: PathBuf,
}

fn world() -> World {
    let imds = ImdsServer::start(HOUR);
    let sts = sts_server(HOUR);
    let uri = UriServer::start(HOUR);
    let home = TempDir::new();
    let token_file = home.write("oidc-token", "oidc-token-1");
    let t = token_file.display().to_string();
    let u = uri.uri();
    home.write(
        ".aliyun/config.json",
        &format!(
            r#"{{"current": "ak", "profiles": [
  {{"name": "ak", "mode": "AK", "access_key_id": "LTAI.cli", "access_key_secret": "CliSecret", "region_id": "cn-hangzhou"}},
  {{"name": "sts", "mode": "StsToken", "access_key_id": "STS.cli", "access_key_secret": "CliStsSecret", "sts_token": "CliStsToken"}},
  {{"name": "key", "mode": "AK", "access_key_id": "{TEST_ACCESS_KEY_ID}", "access_key_secret": "{TEST_ACCESS_KEY_SECRET}"}},
  {{"name": "role", "mode": "RamRoleArn", "access_key_id": "{TEST_ACCESS_KEY_ID}", "access_key_secret": "{TEST_ACCESS_KEY_SECRET}", "ram_role_arn": "{ROLE}", "ram_session_name": "cli-session", "expired_seconds": 1200}},
  {{"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "EcsTestRole"}},
  {{"name": "oidc", "mode": "OIDC", "ram_role_arn": "{ROLE}", "oidc_provider_arn": "{OIDC_PROVIDER}", "oidc_token_file": "{t}", "role_session_name": "cli-oidc"}},
  {{"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "role", "ram_role_arn": "acs:ram::1:role/second"}},
  {{"name": "uri", "mode": "CredentialsURI", "credentials_uri": "{u}"}},
  {{"name": "loop1", "mode": "ChainableRamRoleArn", "source_profile": "loop2", "ram_role_arn": "{ROLE}"}},
  {{"name": "loop2", "mode": "ChainableRamRoleArn", "source_profile": "loop1", "ram_role_arn": "{ROLE}"}},
  {{"name": "bad", "mode": "AK", "access_key_id": "LTAI.bad", "access_key_secret": "Sécret"}}
]}}"#
        ),
    );
    home.write(
        ".alibabacloud/credentials.ini",
        &format!(
            "[default]\ntype = access_key\naccess_key_id = LTAI.ini\naccess_key_secret = IniSecret\n\n\
             [role]\ntype = ram_role_arn\naccess_key_id = {TEST_ACCESS_KEY_ID}\naccess_key_secret = {TEST_ACCESS_KEY_SECRET}\nrole_arn = {ROLE}\nrole_session_name = ini-session\n\n\
             [oidc]\ntype = oidc_role_arn\nrole_arn = {ROLE}\noidc_provider_arn = {OIDC_PROVIDER}\noidc_token_file_path = {t}\n\n\
             [ecs]\ntype = ecs_ram_role\nrole_name = EcsTestRole\n"
        ),
    );
    World {
        imds,
        sts,
        uri,
        home,
        token_file,
    }
}

impl World {
    fn home(&self) -> String {
        self.home.path().display().to_string()
    }
    fn cli(&self, profile: &str) -> ProfileCredentials {
        ProfileCredentials::from_path(self.home.path().join(".aliyun/config.json"))
            .with_profile(profile)
            .with_env_lookup(|_| None)
            .with_metadata_endpoint(self.imds.url())
            .with_sts_endpoint(self.sts.url())
    }
    fn ini(&self, profile: &str) -> IniProfileCredentials {
        let profile = profile.to_owned();
        IniProfileCredentials::from_path(self.home.path().join(".alibabacloud/credentials.ini"))
            .with_env_lookup(move |k| (k == "ALIBABA_CLOUD_PROFILE").then(|| profile.clone()))
            .with_metadata_endpoint(self.imds.url())
            .with_sts_endpoint(self.sts.url())
    }
}

#[tokio::test]
async fn every_cli_profile_mode() {
    let w = world();
    assert_eq!(id(&w.cli("ak")).await.as_deref(), Ok("LTAI.cli"));
    let sts_profile = w.cli("sts").provide().await.expect("sts");
    assert_eq!(
        sts_profile.security_token().map(|t| t.expose()),
        Some("CliStsToken")
    );
    assert_eq!(id(&w.cli("role")).await, rot(1));
    assert_eq!(id(&w.cli("ecs")).await, rot(1));
    assert_eq!(w.imds.credential_requests(), 1);
    assert_eq!(id(&w.cli("oidc")).await, rot(2));
    assert_eq!(
        id(&w.cli("chain")).await,
        rot(4),
        "two AssumeRole calls: role, then chain"
    );
    assert_eq!(id(&w.cli("uri")).await, rot(1));
    let calls = w.sts.calls();
    assert_eq!(calls.len(), 4, "{calls:?}");
    assert_eq!(calls[0].param("RoleSessionName"), Some("cli-session"));
    assert_eq!(calls[0].param("DurationSeconds"), Some("1200"));
    assert_eq!(calls[1].param("RoleSessionName"), Some("cli-oidc"));
    assert_eq!(calls[3].signed_by, rot(3).ok());
    let err = w.cli("loop1").provide().await.expect_err("loop");
    assert!(
        err.to_string().contains("source_profile chain longer than"),
        "{err}"
    );
    let err = w.cli("bad").provide().await.expect_err("non-ASCII secret");
    let text = err.to_string();
    assert!(
        text.contains("profile \"bad\"") && text.contains("not printable ASCII"),
        "{text}"
    );
    assert!(!text.contains("Sécret"));
    // A provider is kept while its profile is unchanged: the cache is reused across calls.
    let p = w.cli("role");
    assert_eq!(id(&p).await, rot(5));
    assert_eq!(id(&p).await, rot(5));
    assert_eq!(w.sts.calls().len(), 5);
}

#[tokio::test]
async fn every_ini_profile_type() {
    let w = world();
    assert_eq!(id(&w.ini("default")).await.as_deref(), Ok("LTAI.ini"));
    assert_eq!(id(&w.ini("role")).await, rot(1));
    assert_eq!(id(&w.ini("oidc")).await, rot(2));
    assert_eq!(id(&w.ini("ecs")).await, rot(1));
    let calls = w.sts.calls();
    assert_eq!(calls[0].param("RoleSessionName"), Some("ini-session"));
    assert_eq!(calls[1].param("OIDCToken"), Some("oidc-token-1"));
    let err = w.ini("missing").provide().await.expect_err("no section");
    assert!(err.to_string().contains("no section [missing]"), "{err}");
}

#[tokio::test]
async fn the_default_chain_follows_the_official_order() {
    let w = world();
    let home = w.home();
    let t = w.token_file.display().to_string();
    let uri = w.uri.uri();
    let oidc = [
        ("ALIBABA_CLOUD_ROLE_ARN", ROLE),
        ("ALIBABA_CLOUD_OIDC_PROVIDER_ARN", OIDC_PROVIDER),
        ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", t.as_str()),
    ];
    let base = [
        ("HOME", home.as_str()),
        ("ALIBABA_CLOUD_CREDENTIALS_URI", uri.as_str()),
    ];
    let chain = |vars: Vec<(&str, &str)>| {
        DefaultCredentialsChain::builder()
            .metadata_endpoint(w.imds.url())
            .sts_endpoint(w.sts.url())
            .env_lookup(env(&vars))
            .build()
    };
    let mut vars: Vec<(&str, &str)> = base.to_vec();
    vars.extend(oidc);
    vars.extend([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI.env"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "EnvSecret"),
    ]);
    assert_eq!(
        id(&chain(vars.clone())).await.as_deref(),
        Ok("LTAI.env"),
        "1. environment"
    );
    vars.truncate(base.len() + oidc.len());
    assert_eq!(id(&chain(vars.clone())).await, rot(1), "2. OIDC");
    assert_eq!(
        w.sts.calls().last().map(|c| c.action.clone()).as_deref(),
        Some("AssumeRoleWithOIDC")
    );
    vars.truncate(base.len());
    assert_eq!(
        id(&chain(vars.clone())).await.as_deref(),
        Ok("LTAI.cli"),
        "3. CLI profile"
    );
    vars.push(("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true"));
    assert_eq!(
        id(&chain(vars.clone())).await.as_deref(),
        Ok("LTAI.ini"),
        "4. ini profile"
    );
    let ini = w.home.path().join(".alibabacloud/credentials.ini");
    std::fs::remove_file(&ini).expect("remove ini");
    assert_eq!(id(&chain(vars.clone())).await, rot(1), "5. ECS metadata");
    vars.push(("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"));
    assert_eq!(id(&chain(vars.clone())).await, rot(1), "6. credentials URI");
    assert_eq!(w.uri.requests(), 1);
    vars.remove(1);
    let err = chain(vars).provide().await.expect_err("nothing left");
    let CredentialsError::NoneFound { tried } = &err else {
        panic!("{err:?}")
    };
    let names: Vec<String> = tried
        .iter()
        .map(|e| e.to_string().split(':').next().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "env",
            "oidc_role_arn",
            "cli_profile",
            "profile",
            "ecs_ram_role",
            "credentials_uri"
        ]
    );
}

/// Collects everything a `tracing` subscriber prints, at every level.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);
impl std::io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.0.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_in_debug_display_errors_or_logs_for_any_provider() {
    let logs = LogBuffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let w = world();
    w.imds.state.rotation.set_lifetime(Duration::from_secs(5));
    let ecs = EcsRamRoleCredentials::builder()
        .endpoint(w.imds.url())
        .build();
    let uri = UriCredentials::new(w.uri.uri());
    let role = RamRoleArnCredentials::builder(test_key(), ROLE)
        .sts(sts(&w.sts))
        .build()
        .expect("role");
    let oidc = OidcRoleArnCredentials::builder()
        .role_arn(ROLE)
        .provider_arn(OIDC_PROVIDER)
        .token_file(&w.token_file)
        .sts(sts(&w.sts))
        .build()
        .expect("oidc");
    let home = w.home();
    let chain = DefaultCredentialsChain::builder()
        .env_lookup(env(&[("HOME", &home)]))
        .build();
    let env_provider = alibabacloud_media::runtime::EnvironmentCredentials::with_lookup(env(&[
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI.env"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "EnvSecret"),
    ]));
    let providers: Vec<(&str, Box<dyn CredentialsProvider>)> = vec![
        ("static", Box::new(test_key())),
        ("env", Box::new(env_provider)),
        ("cli", Box::new(w.cli("sts"))),
        ("ini", Box::new(w.ini("default"))),
        ("ecs", Box::new(ecs)),
        ("uri", Box::new(uri)),
        ("role", Box::new(role)),
        ("oidc", Box::new(oidc)),
        ("chain", Box::new(chain)),
    ];
    let mut secrets: Vec<String> = vec![
        TEST_ACCESS_KEY_SECRET.into(),
        "EnvSecret".into(),
        "CliStsSecret".into(),
        "CliStsToken".into(),
        "IniSecret".into(),
        "CliSecret".into(),
        "oidc-token-1".into(),
    ];
    for n in 1..=6 {
        let (_, secret, token) = rotation::triple(n);
        secrets.extend([secret, token]);
    }
    let mut shown = String::new();
    for (label, p) in &providers {
        let c = p.provide().await.unwrap_or_else(|e| panic!("{label}: {e}"));
        shown.push_str(&format!("{label}: {p:?} {p:#?} {c:?} {c:#?}\n"));
    }
    // Failures: a failed refresh that keeps serving (a warning is logged), then errors.
    w.imds.set_mode(Mode::Status(503));
    tokio::time::sleep(Duration::from_millis(3_900)).await;
    let (_, ecs) = &providers[4];
    assert!(
        ecs.provide().await.is_ok(),
        "still-valid credentials are served"
    );
    w.sts.set_mode(Mode::Body(format!(
        "{{\"Credentials\":{{\"AccessKeySecret\":\"{}\"}}}}",
        secrets[0]
    )));
    let failing = RamRoleArnCredentials::builder(test_key(), ROLE)
        .sts(sts(&w.sts))
        .build()
        .expect("role");
    let err = failing.provide().await.expect_err("malformed");
    shown.push_str(&format!("{err} {err:?}\n"));
    let text =
        String::from_utf8_lossy(&logs.0.lock().map(|b| b.clone()).unwrap_or_default()).into_owned();
    assert!(
        text.contains("credentials refresh failed"),
        "the warning is logged: {text}"
    );
    shown.push_str(&text);
    for secret in &secrets {
        assert!(
            !shown.contains(secret.as_str()),
            "{secret} leaked in:\n{shown}"
        );
    }
}
