//! A local stand-in for Alibaba Cloud, to run the other examples offline: the `test-util` feature's
//! mock server, which checks signatures as the service does and answers every operation with its
//! documented example. Prints `ENDPOINT ACCESS_KEY_ID ACCESS_KEY_SECRET` on one line, then serves
//! until its standard input closes. `scripts/run-examples.sh` runs the examples against it.

use std::io::Write;

use alibabacloud_media::test_util::{self, MockServer};

fn main() -> std::io::Result<()> {
    let server = test_util::server()?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} {} {}",
        server.endpoint(),
        MockServer::ACCESS_KEY_ID,
        MockServer::ACCESS_KEY_SECRET
    )?;
    out.flush()?;
    drop(out);
    std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink())?;
    let requests = server.requests();
    let refused = requests.iter().filter(|r| !r.accepted()).count();
    eprintln!(
        "mock server: {} requests, {refused} refused",
        requests.len()
    );
    Ok(())
}
