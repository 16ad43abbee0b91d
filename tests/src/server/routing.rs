//! The operations the server knows, keyed by (`x-acs-action`, `x-acs-version`), with the HTTP method
//! the official SDK uses for each and the parameters the API pages mark as required.
//!
//! Routing ignores the Host header and the path, like the brief asks: the official SDK and the Rust
//! client can both be pointed at `127.0.0.1:PORT` with any product.

/// One of the five supported operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    ListLiveRecordJobs,
    ListLiveTranscodeJobs,
    GetLiveEditingJob,
    GetLiveSnapshotJob,
    DescribeRtcCloudRecordingFiles,
}

/// Static facts about an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    pub action: Action,
    /// The `x-acs-action` value.
    pub name: &'static str,
    /// Product code, used in error bodies' `Recommend` link.
    pub product: &'static str,
    /// The `x-acs-version` value.
    pub version: &'static str,
    /// `GET` or `POST`, as `alibabacloud_ice20201109` / `alibabacloud_live20161101` send it.
    pub method: &'static str,
    /// Parameters whose absence (or emptiness) is `MissingParameter`.
    pub required: &'static [&'static str],
    /// The public host, used as `HostId` when the request's Host header is unusable.
    pub host: &'static str,
}

pub const ICE_VERSION: &str = "2020-11-09";
pub const LIVE_VERSION: &str = "2016-11-01";

/// Every operation, in the order of the brief.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        action: Action::ListLiveRecordJobs,
        name: "ListLiveRecordJobs",
        product: "ICE",
        version: ICE_VERSION,
        method: "GET",
        required: &[],
        host: "ice.cn-shanghai.aliyuncs.com",
    },
    Operation {
        action: Action::ListLiveTranscodeJobs,
        name: "ListLiveTranscodeJobs",
        product: "ICE",
        version: ICE_VERSION,
        method: "POST",
        required: &[],
        host: "ice.cn-shanghai.aliyuncs.com",
    },
    Operation {
        action: Action::GetLiveEditingJob,
        name: "GetLiveEditingJob",
        product: "ICE",
        version: ICE_VERSION,
        method: "POST",
        required: &[],
        host: "ice.cn-shanghai.aliyuncs.com",
    },
    Operation {
        action: Action::GetLiveSnapshotJob,
        name: "GetLiveSnapshotJob",
        product: "ICE",
        version: ICE_VERSION,
        method: "GET",
        required: &["JobId"],
        host: "ice.cn-shanghai.aliyuncs.com",
    },
    Operation {
        action: Action::DescribeRtcCloudRecordingFiles,
        name: "DescribeRtcCloudRecordingFiles",
        product: "live",
        version: LIVE_VERSION,
        method: "POST",
        required: &["TaskId"],
        host: "live.aliyuncs.com",
    },
];

/// The operation for an action/version pair, if the server knows it.
pub fn lookup(action: &str, version: &str) -> Option<&'static Operation> {
    OPERATIONS
        .iter()
        .find(|op| op.name == action && op.version == version)
}

/// The operation for an action name alone (used to find spec examples).
pub fn by_name(action: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.name == action)
}
