//! Complete programs using `alibabacloud-media`, run with `cargo run -p sdk-examples --example NAME`:
//!
//! - `credentials`: each way to give credentials (default chain, AccessKey, STS token, CLI profile);
//! - `endpoint`: region, explicit endpoint, your own HTTP client;
//! - `errors`: checks before sending (`Error::Validation`) and the service's documented error codes;
//! - `paging`: one page, every page, every item.
//!
//! They call Alibaba Cloud for real, so they need credentials (see the README). CI builds them and runs
//! the ones that can run offline (all but `endpoint region` and `own-client`, and the credentials
//! modes `sts` and `profile`) against the `test-util` mock server: `scripts/run-examples.sh`, with
//! `EXAMPLE_ENDPOINT` pointing them at `mock-server`, a small program of this crate.
