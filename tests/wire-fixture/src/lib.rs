//! A client generated at build time from `tests/fixtures/wire/` (seven ICE and five Live operations
//! with object, array and form-body parameters), by the same generator as the product crate. It exists
//! to prove the wire format against the official Python SDK (`scripts/wire-interop.sh`) and to show a
//! write operation called with typed input.
//!
//! ```no_run
//! use wire_fixture::ice::submit_live_snapshot_job::{
//!     SnapshotOutput, StorageType, StreamInput, SubmitLiveSnapshotJobRequest,
//! };
//! use wire_fixture::{Config, runtime::StaticCredentials};
//!
//! # async fn run() -> Result<(), wire_fixture::Error> {
//! let config = Config::builder()
//!     .region("cn-shanghai")
//!     .credentials(StaticCredentials::new("LTAI...", "secret"))
//!     .build()?;
//! let ice = wire_fixture::ice::Client::new(config)?;
//! let request = SubmitLiveSnapshotJobRequest::new(
//!     "snapshot job 1",
//!     SnapshotOutput::new("my-bucket", "oss-cn-shanghai.aliyuncs.com", StorageType::Oss),
//!     StreamInput::new("rtmp", "rtmp://example.com/live/stream1"),
//!     "69e1f9fe-1e97-11ed-ba64-0c42a1b73d66",
//! )
//! .callback_url("https://example.com/snapshot/callback");
//! // StreamInput and SnapshotOutput travel as JSON in a form-encoded body, as the official SDK sends them.
//! let job = ice.submit_live_snapshot_job(&request).await?;
//! println!("started {:?}", job.job_id);
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]

pub use alibabacloud_rpc_runtime as runtime;
pub use alibabacloud_rpc_runtime::{Config, Error, Timestamp};

include!(concat!(env!("OUT_DIR"), "/products.rs"));
