//! Issue 11, point 6: response bodies are bounded.
//!
//! A local server (plain blocking sockets, 127.0.0.1) streams bodies from one 64 KiB buffer, so it
//! never holds a body in memory: a 1 GiB body with a `Content-Length`, a 1 GiB chunked error body
//! without one, a body that drips one byte every 100 ms, and a 1 MiB JSON error body. The client must
//! end each call with a typed error that keeps the status and the request id, read no more than its
//! limit, and print at most a few KiB of any body in `Debug` and `Display`. The peak memory each call
//! adds to the process (VmHWM, reset before each call through /proc/self/clear_refs) is printed.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use alibabacloud_rpc_runtime::{
    Client, Config, Error, HttpMethod, Product, QueryParams, RetryConfig, StaticCredentials,
    Timeouts,
};

static PRODUCT: Product = Product {
    code: "Test",
    version: "2020-01-01",
    endpoint_pattern: "test.{region}.example.com",
    regional_endpoints: &[],
};

const GIB: u64 = 1 << 30;
const CHUNK: usize = 64 * 1024;

/// Answers each connection by the request's `x-acs-action`; returns the port.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = answer(stream);
            });
        }
    });
    port
}

fn answer(mut stream: TcpStream) -> std::io::Result<()> {
    let mut action = String::new();
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("x-acs-action:") {
            action = value.trim().to_owned();
        }
    }
    let zeros = [b'0'; CHUNK];
    match action.as_str() {
        "hugelength" => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-acs-request-id: req-huge\r\ncontent-length: {GIB}\r\n\r\n"
            )?;
            let mut sent = 0;
            while sent < GIB {
                stream.write_all(&zeros)?; // fails once the client hangs up
                sent += CHUNK as u64;
            }
        }
        "hugechunked" => {
            write!(
                stream,
                "HTTP/1.1 503 Service Unavailable\r\nx-acs-request-id: req-chunked\r\ntransfer-encoding: chunked\r\n\r\n"
            )?;
            stream.write_all(b"10\r\n{\"Code\":\"Busy\",\"\r\n")?;
            let mut sent = 0;
            while sent < GIB {
                write!(stream, "{CHUNK:x}\r\n")?;
                stream.write_all(&zeros)?;
                stream.write_all(b"\r\n")?;
                sent += CHUNK as u64;
            }
            stream.write_all(b"0\r\n\r\n")?;
        }
        "drip" => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nx-acs-request-id: req-drip\r\ncontent-length: 100000\r\n\r\n"
            )?;
            for _ in 0..100_000 {
                stream.write_all(b" ")?;
                stream.flush()?;
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        "bigerror" => {
            let message = "m".repeat(1 << 20);
            let body = format!(
                "{{\"Code\":\"InvalidParameter\",\"Message\":\"{message}\",\"RequestId\":\"req-big\"}}"
            );
            write!(
                stream,
                "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            )?;
            stream.write_all(body.as_bytes())?;
        }
        _ => stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")?,
    }
    stream.flush()
}

fn client(port: u16, limit: Option<u64>) -> Client {
    let mut builder = Config::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .credentials(StaticCredentials::new("id", "secret"))
        .retry(RetryConfig::disabled())
        .timeouts(
            Timeouts::default()
                .with_read(Duration::from_secs(2))
                .with_operation(Duration::from_secs(30)),
        );
    if let Some(limit) = limit {
        builder = builder.max_response_body(limit);
    }
    Client::new(builder.build().unwrap(), &PRODUCT).unwrap()
}

/// Resident and peak resident memory of this process, in KiB.
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Runs one call, returning its error, how long it took and the peak memory it added (MiB).
async fn call(client: &Client, action: &'static str) -> (Error, Duration, f64) {
    // Resets the peak (VmHWM) to the current resident size (Linux 4.0+).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let (before, _) = memory_kib();
    let started = Instant::now();
    let result = client
        .send_raw(action, HttpMethod::Get, &QueryParams::new())
        .await;
    let elapsed = started.elapsed();
    let (_, peak) = memory_kib();
    let error = result.err().unwrap_or_else(|| panic!("{action} succeeded"));
    (error, elapsed, peak.saturating_sub(before) as f64 / 1024.0)
}

fn bounded_text(error: &Error) {
    let debug = format!("{error:?}");
    let display = error.to_string();
    assert!(debug.len() < 16 * 1024, "Debug is {} bytes", debug.len());
    assert!(
        display.len() < 8 * 1024,
        "Display is {} bytes",
        display.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn response_bodies_are_bounded() {
    let port = serve();
    let default = client(port, None);

    // 1 GiB announced: the head is read, the rest refused at once.
    let (error, took, added) = call(&default, "HugeLength").await;
    println!(
        "1 GiB body with Content-Length, default limit: {took:?}, peak memory +{added:.1} MiB"
    );
    let Error::ResponseTooLarge(e) = &error else {
        panic!("expected ResponseTooLarge, got {error:?}")
    };
    assert_eq!(
        (e.status, e.limit, e.content_length),
        (200, 64 << 20, Some(GIB))
    );
    assert_eq!(error.request_id(), Some("req-huge"));
    assert!(
        e.head.len() <= 4096 && e.head.starts_with("0000"),
        "{}",
        e.head.len()
    );
    assert!(
        error.to_string().contains("limit of 67108864 bytes"),
        "{error}"
    );
    bounded_text(&error);
    assert!(added < 32.0, "the 1 GiB call added {added:.1} MiB");

    // 1 GiB chunked, no length: read up to the limit, then refused; an error status too.
    let (error, took, added) = call(&default, "HugeChunked").await;
    println!("1 GiB chunked 503 body, default 64 MiB limit: {took:?}, peak memory +{added:.1} MiB");
    let Error::ResponseTooLarge(e) = &error else {
        panic!("expected ResponseTooLarge, got {error:?}")
    };
    assert_eq!((e.status, e.content_length), (503, None));
    assert_eq!(error.request_id(), Some("req-chunked"));
    assert!(
        e.head.starts_with("{\"Code\":\"Busy\",\""),
        "{}",
        &e.head[..20]
    );
    bounded_text(&error);
    assert!(added < 64.0 * 2.5, "the chunked call added {added:.1} MiB");

    // The limit is the client's to choose.
    let small = client(port, Some(1 << 20));
    let (error, took, added) = call(&small, "HugeChunked").await;
    println!("1 GiB chunked body, 1 MiB limit: {took:?}, peak memory +{added:.1} MiB");
    assert!(
        matches!(&error, Error::ResponseTooLarge(e) if e.limit == 1 << 20),
        "{error:?}"
    );
    assert!(
        added < 16.0,
        "the call with a 1 MiB limit added {added:.1} MiB"
    );

    // A 1 MiB error body within the limit: kept whole, shown in a few KiB.
    let (error, _, _) = call(&default, "BigError").await;
    assert_eq!(error.code(), Some("InvalidParameter"));
    assert_eq!(error.request_id(), Some("req-big"));
    assert!(error.raw_body().unwrap().len() > 1 << 20);
    bounded_text(&error);

    // A body that drips: the attempt timeout (2 s) ends it.
    let (error, took, _) = call(&default, "Drip").await;
    println!("slow-drip body: ended after {took:?}");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}
