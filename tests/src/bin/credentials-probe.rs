//! Resolves credentials with the runtime's default chain from the process environment and files, as
//! an application would, and prints `{"access_key_id", "access_key_secret_sha256",
//! "security_token_sha256"}` (digests: the interop script compares values without printing
//! secrets). Arguments: `--metadata URL` and `--sts URL` point the chain's metadata service and
//! STS at local stand-ins. Exit 1 with the chain's error when nothing is found.

use alibabacloud_rpc_runtime::credentials::{CredentialsProvider, DefaultCredentialsChain};
use sha2::{Digest, Sha256};

fn digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut chain = DefaultCredentialsChain::builder();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--metadata", Some(url)) => chain = chain.metadata_endpoint(url),
            ("--sts", Some(url)) => chain = chain.sts_endpoint(url),
            _ => {
                eprintln!("usage: credentials-probe [--metadata URL] [--sts URL]");
                std::process::exit(2);
            }
        }
    }
    match chain.build().provide().await {
        Ok(c) => {
            let answer = serde_json::json!({
                "access_key_id": c.access_key_id(),
                "access_key_secret_sha256": digest(c.access_key_secret().expose()),
                "security_token_sha256": c.security_token().map(|t| digest(t.expose())),
            });
            println!("{answer}");
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
