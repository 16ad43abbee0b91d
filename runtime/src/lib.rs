//! Product-agnostic runtime for Alibaba Cloud RPC-style APIs, used by the generated
//! `alibabacloud-media` crate: V3 (`ACS3-HMAC-SHA256`) signing, credentials, endpoints, retries with
//! a shared budget, typed errors, pagination streams and lenient date-times.
//!
//! Generated request types implement [`Operation`]; a product client wraps [`Client`]. The example
//! below implements one by hand, which is also how to call an action the generator does not cover.
//!
//! ```no_run
//! use alibabacloud_rpc_runtime::{
//!     Client, Config, HttpMethod, Operation, Product, QueryParams, StaticCredentials,
//!     ValidationError, validate,
//! };
//!
//! static ICE: Product = Product {
//!     code: "ICE",
//!     version: "2020-11-09",
//!     endpoint_pattern: "ice.{region}.aliyuncs.com",
//!     regional_endpoints: &[("cn-shanghai", "ice.cn-shanghai.aliyuncs.com")],
//! };
//!
//! struct GetLiveSnapshotJob { job_id: String }
//!
//! impl Operation for GetLiveSnapshotJob {
//!     type Output = serde_json::Value;
//!     const ACTION: &'static str = "GetLiveSnapshotJob";
//!     const METHOD: HttpMethod = HttpMethod::Get;
//!     fn write_query(&self, query: &mut QueryParams) {
//!         query.push("JobId", Some(self.job_id.as_str()));
//!     }
//!     fn validate(&self) -> Result<(), ValidationError> {
//!         validate::required_non_empty(Self::ACTION, "JobId", &self.job_id)
//!     }
//! }
//!
//! # async fn run() -> Result<(), alibabacloud_rpc_runtime::Error> {
//! let config = Config::builder()
//!     .region("cn-shanghai")
//!     .credentials(StaticCredentials::new("LTAI...", "secret"))
//!     .build()?;
//! let client = Client::new(config, &ICE)?;
//! match client.execute(&GetLiveSnapshotJob { job_id: "job-1".into() }).await {
//!     Ok(job) => println!("{job}"),
//!     // e.g. "GetLiveSnapshotJob failed: HTTP 404 JobNotFound: No such job. (request id 3B-...)"
//!     Err(e) if e.code() == Some("JobNotFound") => eprintln!("{e}"),
//!     Err(e) => return Err(e),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Defaults: credentials from [`DefaultCredentialsChain`] (the official SDKs' order: environment,
//! OIDC, CLI profile, ini profile, ECS RAM role, credentials URI); timeouts connect 5 s,
//! per attempt 10 s, per operation 60 s; 3 attempts with exponential backoff and full jitter.
//! Plain `http://` is refused for non-loopback hosts.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod body;
mod call;
mod client;
pub mod config;
pub mod credentials;
pub mod datetime;
pub mod endpoint;
pub mod error;
pub mod fields;
#[cfg(test)]
mod http_tests;
pub mod open_enum;
mod operation;
mod paginate;
pub mod query;
mod random;
pub mod retry;
pub mod signing;
#[cfg(feature = "test-util")]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod test_util;
mod tls;
pub mod validate;
pub mod wire;

pub use body::{ResponseTooLargeError, SHOWN_BODY_BYTES};
pub use call::CallOptions;
pub use client::{Client, RawResponse};
pub use config::{Config, ConfigBuilder, ConfigError, DEFAULT_MAX_RESPONSE_BODY, Timeouts};
pub use credentials::{
    Credentials, CredentialsError, CredentialsProvider, DefaultCredentialsChain,
    EnvironmentCredentials, ProfileCredentials, Secret, StaticCredentials,
};
pub use endpoint::{Endpoint, Product, Scheme};
pub use error::{
    DecodeError, Error, ErrorCode, ServiceError, TimeoutError, TimeoutKind, TransportError,
    ValidationError,
};
pub use futures::Stream;
pub use jiff::Timestamp;
pub use operation::{HttpMethod, Operation, PagedOperation};
pub use query::{QueryParams, QueryValue};
/// The HTTP client crate, for building your own client to pass to [`ConfigBuilder::http_client`]
/// with the same version the runtime uses.
pub use reqwest;
pub use retry::{RetryBudget, RetryConfig};

/// What the macros of this crate expand to, so the crates using them need no dependency of their own.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}
