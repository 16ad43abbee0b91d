//! `test-server`: runs the signature-checking test server until killed.
//!
//! Prints `LISTENING 127.0.0.1:<port>` on stdout once it accepts connections (scripts wait for that
//! line). Options: `--port N` (default 0 = any), `--spec-dir DIR` (default: the workspace's `spec/`),
//! `--no-nonce-check`. Request logging goes to stderr, filtered by `RUST_LOG` (e.g. `sdk_tests=debug`).

use std::io::Write;
use std::path::PathBuf;

use sdk_tests::server::{ServerOptions, TestServer};

fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let mut options = ServerOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => match args.next().and_then(|p| p.parse().ok()) {
                Some(port) => options.port = port,
                None => usage("--port needs a number"),
            },
            "--spec-dir" => match args.next() {
                Some(dir) => options.spec_dir = PathBuf::from(dir),
                None => usage("--spec-dir needs a directory"),
            },
            "--no-nonce-check" => options.check_nonce = false,
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument {other:?}")),
        }
    }
    let server = match TestServer::try_start(options) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("test-server: cannot start: {e}");
            std::process::exit(1);
        }
    };
    let mut stdout = std::io::stdout();
    // If stdout is gone nobody is waiting for the line; keep serving anyway.
    let _ = writeln!(stdout, "LISTENING {}", server.addr());
    let _ = stdout.flush();
    server.run_forever()
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("test-server: {problem}");
    }
    eprintln!("usage: test-server [--port N] [--spec-dir DIR] [--no-nonce-check]");
    std::process::exit(2)
}
