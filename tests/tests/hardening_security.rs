//! Security defaults, end to end: no signed request over plain HTTP to a non-loopback host unless the user
//! opts in; no secret (AccessKey secret, STS token, request signature) in anything the client logs, even
//! when the server echoes secrets in its error text and headers, nor in `Debug`/`Display` of the public
//! types; profile-file problems are errors naming the file, and the file is read per call (nothing kept);
//! no `unsafe` in the project's own code.
//!
//! Every test here logs into one in-memory buffer (a global subscriber at TRACE level, `log` records
//! included), and each checks the whole buffer for every secret used anywhere in this file.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use alibabacloud_media::Error;
use alibabacloud_media::ice::{self, get_live_snapshot_job::GetLiveSnapshotJobRequest};
use alibabacloud_media::runtime::{
    Config, ConfigError, Credentials, CredentialsProvider, DefaultCredentialsChain,
    ProfileCredentials, RetryConfig, StaticCredentials, Timeouts,
};
use sdk_tests::server::{
    Fault, STS_ACCESS_KEY_ID, STS_ACCESS_KEY_SECRET, STS_SECURITY_TOKEN, ServerOptions,
    TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, TestServer,
};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

const MOCK_SECRET: &str = "MockSecretValue-7f3a9c";
const MOCK_TOKEN: &str = "MockStsToken+Q29udGFpbnM=/secret";
const FILE_SECRET: &str = "ProfileFileSecret-41d2e8";

/// Every secret any test in this file hands to a client or a file.
const SECRETS: &[&str] = &[
    TEST_ACCESS_KEY_SECRET,
    STS_ACCESS_KEY_SECRET,
    STS_SECURITY_TOKEN,
    MOCK_SECRET,
    MOCK_TOKEN,
    FILE_SECRET,
];

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The captured log of the client side (the in-process test server's own events are left out: it logs
/// the error codes it sends, which some tests here set to a secret on purpose).
fn captured() -> &'static Buffer {
    static BUFFER: OnceLock<Buffer> = OnceLock::new();
    BUFFER.get_or_init(|| {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let layer = tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .with_filter(tracing_subscriber::filter::filter_fn(|meta| {
                !meta.target().starts_with("sdk_tests")
            }));
        let _ = tracing_subscriber::registry().with(layer).try_init();
        buffer
    })
}

fn log_text() -> String {
    String::from_utf8_lossy(&captured().0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
}

/// The signatures the server received (the part of `Authorization` after `Signature=`).
fn signatures(server: &TestServer) -> Vec<String> {
    server
        .log()
        .entries()
        .iter()
        .filter_map(|e| e.header("authorization").map(str::to_owned))
        .filter_map(|a| a.split("Signature=").nth(1).map(str::to_owned))
        .collect()
}

fn assert_no_secret(what: &str, text: &str, extra: &[String]) {
    for secret in SECRETS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
    {
        assert!(
            !text.contains(secret),
            "{what} contains the secret {secret:?}:\n{text}"
        );
    }
}

fn client_for(url: &str, credentials: impl CredentialsProvider + 'static) -> ice::Client {
    let config = Config::builder()
        .endpoint(url)
        .credentials(credentials)
        .retry(
            RetryConfig::default()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20)),
        )
        .timeouts(Timeouts::default().with_read(Duration::from_millis(500)))
        .build()
        .unwrap();
    ice::Client::new(config).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

// --- plain HTTP ----------------------------------------------------------------------------------

#[test]
fn plain_http_only_to_loopback_unless_opted_in() {
    for remote in [
        "http://example.com",
        "http://ice.cn-shanghai.aliyuncs.com",
        "http://10.0.0.1:8080",
        "http://192.168.1.10",
        "http://[2001:db8::1]:80",
        "HTTP://Example.com/",
    ] {
        let err = Config::builder().endpoint(remote).build().err();
        assert!(
            matches!(err, Some(ConfigError::InsecureHttp { .. })),
            "{remote}: {err:?}"
        );
        assert!(
            Config::builder()
                .endpoint(remote)
                .allow_insecure_http(true)
                .build()
                .is_ok(),
            "{remote} with the opt-in"
        );
        // A custom HTTP client does not bypass the check.
        let err = Config::builder()
            .endpoint(remote)
            .http_client(reqwest::Client::new())
            .build()
            .err();
        assert!(
            matches!(err, Some(ConfigError::InsecureHttp { .. })),
            "{remote}"
        );
    }
    for loopback in [
        "http://127.0.0.1",
        "http://127.0.0.1:8080",
        "http://localhost",
        "http://localhost:1234",
        "http://[::1]",
        "http://[::1]:1",
    ] {
        assert!(
            Config::builder().endpoint(loopback).build().is_ok(),
            "{loopback}"
        );
    }
    // No scheme, or a region: HTTPS.
    let c = Config::builder()
        .endpoint("ice.cn-shanghai.aliyuncs.com")
        .build()
        .unwrap();
    assert!(c.endpoint().unwrap().base_url().starts_with("https://"));
    let client = ice::Client::new(
        Config::builder()
            .region("cn-hangzhou")
            .credentials(StaticCredentials::new("id", "s"))
            .build()
            .unwrap(),
    )
    .unwrap();
    assert!(format!("{client:?}").contains("https://ice.cn-hangzhou.aliyuncs.com"));
}

// --- logs ----------------------------------------------------------------------------------------

#[test]
fn logs_hold_no_secret_through_success_retries_and_echoed_errors() {
    captured();
    let server = TestServer::start(ServerOptions::default());
    let rt = runtime();
    let sts = client_for(
        &server.url(),
        StaticCredentials::sts(STS_ACCESS_KEY_ID, STS_ACCESS_KEY_SECRET, STS_SECURITY_TOKEN),
    );
    let ak = client_for(
        &server.url(),
        StaticCredentials::new(TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET),
    );
    let mut errors: Vec<Error> = Vec::new();

    // A successful call.
    rt.block_on(sts.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job-1")))
        .unwrap();
    // A retry storm: every kind of retryable answer, then success.
    server.faults().push_all([
        Fault::throttle(5),
        Fault::ServiceUnavailable,
        Fault::TooManyRequests,
    ]);
    rt.block_on(sts.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job-2")))
        .unwrap();
    server.faults().push_n(Fault::InternalError, 4);
    errors.push(
        rt.block_on(ak.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job-3")))
            .unwrap_err(),
    );
    // The server echoes the secret and the token: in a message, and in a (retryable) code.
    let echoed = format!("{STS_ACCESS_KEY_SECRET} {STS_SECURITY_TOKEN} {TEST_ACCESS_KEY_SECRET}");
    server.faults().push(Fault::error(400, "X", &echoed));
    let e = rt
        .block_on(sts.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job-4")))
        .unwrap_err();
    assert_eq!(
        e.message(),
        Some(echoed.as_str()),
        "the error keeps what the server said"
    );
    server
        .faults()
        .push_n(Fault::error(503, STS_SECURITY_TOKEN, &echoed), 4);
    let e = rt
        .block_on(sts.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job-5")))
        .unwrap_err();
    assert_eq!(e.status(), Some(503));
    server
        .faults()
        .push_n(Fault::error(503, TEST_ACCESS_KEY_SECRET, "x"), 4);
    let _ = rt.block_on(ak.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job-6")));

    let text = log_text();
    assert!(
        text.contains("retrying"),
        "the retries were logged:\n{text}"
    );
    assert_no_secret("the log", &text, &signatures(&server));
    for e in &errors {
        assert_no_secret("an error", &format!("{e} {e:?}"), &signatures(&server));
    }
    for client in [&sts, &ak] {
        assert_no_secret("a client", &format!("{client:?} {client:#?}"), &[]);
    }
}

/// A server (here a raw socket, so it can say anything) whose error headers and body carry the secret.
fn echoing_server(requests: usize) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let body = format!(
                r#"{{"RequestId":"{MOCK_SECRET}","Code":"Throttling.{MOCK_TOKEN}","Message":"{MOCK_SECRET} {MOCK_TOKEN}","HostId":"{MOCK_TOKEN}"}}"#
            );
            let response = format!(
                "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nx-acs-request-id: {MOCK_SECRET}\r\nx-acs-retry-after: 5\r\nx-echo: {MOCK_TOKEN}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    format!("http://{addr}")
}

#[test]
fn logs_hold_no_secret_when_error_headers_echo_it() {
    captured();
    let url = echoing_server(4);
    let client = client_for(
        &url,
        StaticCredentials::sts("LTAImock", MOCK_SECRET, MOCK_TOKEN),
    );
    let e = runtime()
        .block_on(client.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job")))
        .unwrap_err();
    assert_eq!(e.status(), Some(503));
    let text = log_text();
    assert!(text.contains("retrying"), "{text}");
    assert_no_secret("the log", &text, &[]);
}

#[test]
fn credentials_failures_log_and_say_no_secret() {
    captured();
    let dir = tempfile::tempdir().unwrap();
    let bad_json = dir.path().join("bad.json");
    std::fs::write(
        &bad_json,
        format!(r#"{{"current":"p","profiles":[{{"name":"p","access_key_secret":"{FILE_SECRET}" "#),
    )
    .unwrap();
    let unknown_mode = dir.path().join("mode.json");
    std::fs::write(
        &unknown_mode,
        format!(
            r#"{{"current":"p","profiles":[{{"name":"p","mode":"CloudSSO","access_key_id":"id","access_key_secret":"{FILE_SECRET}"}}]}}"#
        ),
    )
    .unwrap();
    let server = TestServer::start(ServerOptions::default());
    let rt = runtime();
    for path in [&bad_json, &unknown_mode] {
        let client = client_for(&server.url(), ProfileCredentials::from_path(path));
        let e = rt
            .block_on(client.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job")))
            .unwrap_err();
        assert!(matches!(e, Error::Credentials(_)), "{e}");
        assert_no_secret("a credentials error", &format!("{e} {e:?}"), &[]);
        assert_no_secret("a client", &format!("{client:?}"), &[]);
    }
    // Through the default chain (which logs each provider it skips).
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    std::fs::copy(&unknown_mode, home.join(".aliyun/config.json")).unwrap();
    let home_text = home.display().to_string();
    // No metadata service here: the chain must not ask one.
    let chain = DefaultCredentialsChain::with_env_lookup(move |k| match k {
        "HOME" => Some(home_text.clone()),
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED" => Some("true".to_owned()),
        _ => None,
    });
    let client = client_for(&server.url(), chain);
    let e = rt
        .block_on(client.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job")))
        .unwrap_err();
    assert_no_secret("a credentials error", &format!("{e} {e:?}"), &[]);
    assert_eq!(
        server.log().entries().len(),
        0,
        "nothing is sent without credentials"
    );
    assert_no_secret("the log", &log_text(), &[]);
}

#[test]
fn debug_and_display_of_public_types_hold_no_secret() {
    let credentials = Credentials::new("LTAIid", MOCK_SECRET).with_security_token(MOCK_TOKEN);
    let provider = StaticCredentials::sts("LTAIid", MOCK_SECRET, MOCK_TOKEN);
    let builder = Config::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(provider.clone());
    let builder_text = format!("{builder:?}");
    let config = builder.build().unwrap();
    let client = ice::Client::new(config.clone()).unwrap();
    let text = format!(
        "{credentials:?} {credentials:#?} {provider:?} {builder_text} {config:?} {config:#?} {client:?} {client:#?}"
    );
    assert!(text.contains("LTAIid"), "the AccessKey id is not secret");
    assert_no_secret("Debug output", &text, &[]);
    // An error from a refused endpoint or a failed connection says nothing secret either.
    let e: Error = Config::builder()
        .endpoint("http://example.com")
        .credentials(provider.clone())
        .build()
        .unwrap_err()
        .into();
    let refused = runtime()
        .block_on(client.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job")))
        .unwrap_err();
    assert_no_secret("errors", &format!("{e} {e:?} {refused} {refused:?}"), &[]);
}

// --- profile file --------------------------------------------------------------------------------

fn call_error(provider: impl CredentialsProvider + 'static) -> String {
    let client = client_for("http://127.0.0.1:9", provider);
    let e = runtime()
        .block_on(client.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job")))
        .unwrap_err();
    assert!(matches!(e, Error::Credentials(_)), "{e}");
    e.to_string()
}

fn assert_names(text: &str, path: &Path, what: &str) {
    assert!(
        text.contains(&path.display().to_string()),
        "{what}: the error does not name {}: {text}",
        path.display()
    );
}

#[test]
fn profile_file_problems_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| -> PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let missing = dir.path().join("missing.json");
    let bad = write("bad.json", "{\"current\": \"p\", \"profiles\": [");
    let mode = write(
        "mode.json",
        r#"{"current":"p","profiles":[{"name":"p","mode":"CloudSSO","ram_role_name":"r"}]}"#,
    );
    // Unreadable: a file without permissions, unless we are root (who reads anything); a directory
    // where the file should be is unreadable for everyone.
    let unreadable = write("unreadable.json", "{}");
    let mut cases = vec![
        ("missing", missing, "file not found"),
        ("bad JSON", bad, "not a valid CLI config file"),
        ("unknown mode", mode, "mode \"CloudSSO\""),
        ("a directory", dir.path().to_path_buf(), "cannot read"),
    ];
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&unreadable, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&unreadable).is_err() {
            cases.push(("unreadable (mode 000)", unreadable.clone(), "cannot read"));
        } else {
            eprintln!(
                "running as root: mode 000 does not stop reads; the directory case covers it"
            );
        }
    }
    for (what, path, expect) in &cases {
        // Directly through the provider...
        let text = call_error(ProfileCredentials::from_path(path));
        assert_names(&text, path, what);
        assert!(text.contains(expect), "{what}: {text}");
        // ...and through the default chain reading ~/.aliyun/config.json.
        let home = dir.path().join(format!("home-{}", what.replace(' ', "-")));
        std::fs::create_dir_all(home.join(".aliyun")).unwrap();
        let file = home.join(".aliyun").join("config.json");
        if path.is_dir() {
            std::fs::create_dir_all(&file).unwrap();
        } else if path.exists() && std::fs::copy(path, &file).is_err() {
            continue; // mode 000 cannot be copied; covered above
        }
        let home_text = home.display().to_string();
        // No metadata service here: the chain must not wait for one.
        let text = call_error(DefaultCredentialsChain::with_env_lookup(move |k| match k {
            "HOME" => Some(home_text.clone()),
            "ALIBABA_CLOUD_ECS_METADATA_DISABLED" => Some("true".to_owned()),
            _ => None,
        }));
        assert_names(&text, &file, what);
        assert!(text.contains(expect), "{what} via the chain: {text}");
    }
}

#[test]
fn profile_credentials_are_read_per_call_and_not_kept() {
    let server = TestServer::start(ServerOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.json");
    let profile = |id: &str, secret: &str| {
        format!(
            r#"{{"current":"p","profiles":[{{"name":"p","mode":"AK","access_key_id":"{id}","access_key_secret":"{secret}"}}]}}"#
        )
    };
    std::fs::write(&path, profile(TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET)).unwrap();
    let provider = std::sync::Arc::new(ProfileCredentials::from_path(&path));
    let client = client_for(&server.url(), provider.clone());
    let rt = runtime();
    rt.block_on(client.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job")))
        .unwrap();
    // The provider and the client hold no copy of what the file said.
    assert_no_secret("the provider", &format!("{provider:?} {client:?}"), &[]);
    // A changed file is used by the very next call...
    std::fs::write(&path, profile(TEST_ACCESS_KEY_ID, "WrongSecret")).unwrap();
    let e = rt
        .block_on(client.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job")))
        .unwrap_err();
    assert_eq!(e.code(), Some("SignatureDoesNotMatch"), "{e}");
    // ...and a removed file is noticed at once.
    std::fs::remove_file(&path).unwrap();
    let e = rt
        .block_on(client.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("job")))
        .unwrap_err();
    assert!(matches!(e, Error::Credentials(_)), "{e}");
    assert_names(&e.to_string(), &path, "removed file");
}

// --- no unsafe -------------------------------------------------------------------------------------

/// `text` with comments, strings and char literals blanked out (kept: code, and lifetimes).
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(b.len(), |n| i + n);
            i = end;
        } else if rest.starts_with("/*") {
            let mut depth = 0;
            while i < b.len() {
                if text[i..].starts_with("/*") {
                    depth += 1;
                    i += 2;
                } else if text[i..].starts_with("*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if let Some(hashes) = raw_string_start(rest) {
            let close = format!("\"{}", "#".repeat(hashes));
            let body = i + 2 + hashes + usize::from(rest.starts_with("br"));
            i = text[body..]
                .find(&close)
                .map_or(b.len(), |n| body + n + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' {
            // A char literal ('x', '\n', '\u{..}', '"') or a lifetime ('a).
            if b.get(i + 1) == Some(&b'\\') {
                i += 2;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            } else if let Some(c) = text[i + 1..].chars().next() {
                if text[i + 1 + c.len_utf8()..].starts_with('\'') {
                    i += 2 + c.len_utf8();
                } else {
                    out.push('\'');
                    i += 1;
                }
            } else {
                i += 1;
            }
            out.push(' ');
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn raw_string_start(rest: &str) -> Option<usize> {
    let after = rest.strip_prefix("br").or_else(|| rest.strip_prefix('r'))?;
    let hashes = after.len() - after.trim_start_matches('#').len();
    after[hashes..].starts_with('"').then_some(hashes)
}

fn has_keyword(code: &str, word: &str) -> bool {
    code.match_indices(word).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + word.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "target" || name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            rust_files(&path, out);
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_unsafe_in_the_projects_own_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in [
        "codegen",
        "xtask",
        "runtime",
        "generated",
        "tests/src",
        "tests/tests",
        "import",
        "benches",
        "fuzz/src",
        "fuzz/fuzz_targets",
    ] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 40, "only {} files found", files.len());
    let mut offenders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if has_keyword(&code_only(&text), "unsafe") {
            offenders.push(file.display().to_string());
        }
    }
    assert!(
        offenders.is_empty(),
        "`unsafe` in: {offenders:#?}\nthe project's own code has none (issue #6): use a safe wrapper crate instead"
    );
    // And every library crate root forbids it, so a future `unsafe` fails to compile.
    for root_file in [
        "codegen/src/lib.rs",
        "xtask/src/lib.rs",
        "runtime/src/lib.rs",
        "generated/src/lib.rs",
        "tests/src/lib.rs",
        "import/src/lib.rs",
        "fuzz/src/lib.rs",
    ] {
        let text = std::fs::read_to_string(root.join(root_file)).unwrap();
        assert!(
            code_only(&text).contains("#![forbid(unsafe_code)]"),
            "{root_file} lacks #![forbid(unsafe_code)]"
        );
    }
    eprintln!("{} files scanned, no `unsafe`", files.len());
}

#[test]
fn the_unsafe_scanner_sees_through_comments_and_strings() {
    assert!(has_keyword(
        &code_only("fn f() { unsafe { g() } }"),
        "unsafe"
    ));
    assert!(has_keyword(&code_only("unsafe fn f() {}"), "unsafe"));
    assert!(has_keyword(&code_only("let c = '\"'; unsafe {}"), "unsafe"));
    assert!(has_keyword(
        &code_only("fn f<'a>(x: &'a str) { unsafe {} }"),
        "unsafe"
    ));
    for clean in [
        "// unsafe\nfn f() {}",
        "/* unsafe /* nested */ unsafe */ fn f() {}",
        "let s = \"unsafe { }\";",
        "let s = r#\"unsafe \" still\"#;",
        "let s = \"esc \\\" unsafe\";",
        "#![forbid(unsafe_code)]",
        "fn not_unsafe_at_all() {}",
        "let c = 'u';",
    ] {
        assert!(!has_keyword(&code_only(clean), "unsafe"), "{clean}");
    }
}
