//! Starts the credentials stand-ins (metadata service, STS, credentials URI) on 127.0.0.1 for the
//! interop script, prints `IMDS <url>`, `STS <url>`, `URI <uri>` and `READY`, and runs until killed.
//! Each hands out one fixed ("sticky") set of credentials, labelled by server, so two clients
//! resolving the same source get the same answer.
//!
//! STS accepts AssumeRole signed (V3, or the legacy V1 query signature) by the test AccessKey and
//! AssumeRoleWithOIDC with the token `interop-oidc-token`.

use std::io::Write;
use std::time::Duration;

use sdk_tests::creds::imds::ImdsServer;
use sdk_tests::creds::rotation::Rotation;
use sdk_tests::creds::sts::StsServer;
use sdk_tests::creds::uri::UriServer;
use sdk_tests::server::KeyTable;

fn main() {
    let hour = Duration::from_secs(3600);
    let imds = ImdsServer::with_rotation(Rotation::labelled("Imds", hour, true));
    let sts = StsServer::with_rotation(
        Rotation::labelled("Sts", hour, true),
        KeyTable::default(),
        &["interop-oidc-token"],
    );
    let uri = UriServer::with_rotation(Rotation::labelled("Uri", hour, true));
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "IMDS {}", imds.url());
    let _ = writeln!(out, "STS {}", sts.url());
    let _ = writeln!(out, "URI {}", uri.uri());
    let _ = writeln!(out, "READY");
    let _ = out.flush();
    drop(out);
    loop {
        std::thread::park();
    }
}
