//! Complete programs using `alibabacloud-media`, run with `cargo run -p sdk-examples --example NAME`:
//!
//! - `credentials`: each way to give credentials (default chain, AccessKey, STS token, CLI profile);
//! - `endpoint`: region, explicit endpoint, your own HTTP client;
//! - `errors`: checks before sending (`Error::Validation`) and the service's documented error codes;
//! - `paging`: one page, every page, every item.
//!
//! They call Alibaba Cloud for real, so they need credentials (see the README); CI builds them.
