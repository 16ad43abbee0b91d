//! What the mock server received, for tests to assert on.

/// One request the [`MockServer`](super::MockServer) received, accepted or refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The `x-acs-action` header (`ListLiveRecordJobs`); empty when absent.
    pub action: String,
    /// The `x-acs-version` header (`2020-11-09`); empty when absent.
    pub version: String,
    /// `GET` or `POST`.
    pub method: String,
    /// Query parameters, decoded, in the order received.
    pub query: Vec<(String, String)>,
    /// Parameters of an `application/x-www-form-urlencoded` body, decoded, in the order received.
    pub form: Vec<(String, String)>,
    /// Every header, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The request id the server answered with.
    pub request_id: String,
    /// `None` when the signature, date and nonce were accepted; otherwise the error code the server
    /// answered with (`SignatureDoesNotMatch`, `InvalidTimeStamp.Expired`...).
    pub refused: Option<String>,
}

impl ReceivedRequest {
    /// The value of parameter `name`, from the query or the form body.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Every parameter, query first, then form body.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query
            .iter()
            .chain(&self.form)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The value of header `name` (lower-case), the first if it was repeated.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the signature, date and nonce were accepted.
    pub fn accepted(&self) -> bool {
        self.refused.is_none()
    }
}
