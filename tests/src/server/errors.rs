//! Alibaba Cloud's error responses: status, `{"RequestId","HostId","Code","Message","Recommend"}`.
//!
//! One type for every refusal (signature, routing, parameters, injected faults) so that every error
//! the server emits has the shape the official SDK parses.

use serde_json::{Value, json};

use super::signature::Rejection;

/// An error the server answers with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// Sent as `x-acs-retry-after` (milliseconds), which makes the official SDK raise
    /// `ThrottlingException` for any 4xx/5xx.
    pub retry_after_ms: Option<u64>,
}

impl ApiError {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.to_owned(),
            message: message.into(),
            retry_after_ms: None,
        }
    }

    pub fn with_retry_after(mut self, millis: u64) -> Self {
        self.retry_after_ms = Some(millis);
        self
    }

    pub fn invalid_action() -> Self {
        ApiError::new(
            404,
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.",
        )
    }

    pub fn unsupported_method(method: &str, expected: &str) -> Self {
        ApiError::new(
            400,
            "UnsupportedHTTPMethod",
            format!("This http method is not supported: {method}; this action accepts {expected}."),
        )
    }

    pub fn missing_parameter(name: &str) -> Self {
        ApiError::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }

    pub fn invalid_parameter(name: &str, value: &str, why: &str) -> Self {
        ApiError::new(
            400,
            "InvalidParameter",
            format!("The specified parameter \"{name}\" is not valid: {value:?}. {why}"),
        )
    }

    pub fn job_not_found() -> Self {
        ApiError::new(404, "JobNotFound", "No such job.")
    }

    pub fn task_not_found(task_id: &str) -> Self {
        ApiError::new(
            400,
            "NotFound.Task",
            format!("{task_id}, please check the TaskId."),
        )
    }

    /// The JSON body, fields in Alibaba's order.
    pub fn body(&self, request_id: &str, host_id: &str, product: &str) -> Value {
        json!({
            "RequestId": request_id,
            "HostId": host_id,
            "Code": self.code,
            "Message": self.message,
            "Recommend": format!(
                "https://api.aliyun.com/troubleshoot?q={}&product={}&requestId={}",
                self.code, product, request_id
            ),
        })
    }
}

impl From<&Rejection> for ApiError {
    fn from(rejection: &Rejection) -> Self {
        ApiError::new(rejection.status(), rejection.code(), rejection.message())
    }
}
