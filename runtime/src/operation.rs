//! The traits every generated request implements.

use crate::error::ValidationError;
use crate::query::QueryParams;

/// HTTP method of an action (the one the official SDK uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl HttpMethod {
    /// `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

/// Implemented by every generated request type.
pub trait Operation: Send + Sync {
    /// The response type.
    type Output: serde::de::DeserializeOwned + Send;
    /// API action name, e.g. `ListLiveRecordJobs`.
    const ACTION: &'static str;
    /// HTTP method.
    const METHOD: HttpMethod;
    /// Whether the action has parameters that travel in an `application/x-www-form-urlencoded` body
    /// (`x-acs-position: body`). Such an action always sends that body and its content type, even
    /// when none of those parameters is set, as the official SDK does.
    const FORM_BODY: bool = false;
    /// Appends the request's query parameters (wire names, unencoded values).
    fn write_query(&self, query: &mut QueryParams);
    /// Appends the request's form-body parameters (wire names, unencoded values). Only called when
    /// [`Operation::FORM_BODY`] is true.
    fn write_body(&self, body: &mut QueryParams) {
        let _ = body;
    }
    /// Checks the documented limits before anything is sent.
    fn validate(&self) -> Result<(), ValidationError>;
}

/// List calls paged by page number / page size / total count.
pub trait PagedOperation: Operation + Clone {
    /// One listed item.
    type Item: Send;
    /// The requested page number (`None` = first page, 1).
    fn page_number(&self) -> Option<i64>;
    /// Sets the page number for the next request.
    fn set_page_number(&mut self, page: i64);
    /// The total number of items, from the response.
    fn total_count(output: &Self::Output) -> Option<i64>;
    /// The page's items.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
    /// The requested page size, used to detect the last page when the service sends no total.
    /// Optional: without it, paging stops at a short or empty page.
    fn page_size(&self) -> Option<i64> {
        None
    }
    /// The number of items on a page without consuming it. Optional: without it, [`pages`]
    /// decodes each page body a second time to count.
    ///
    /// [`pages`]: crate::Client::pages
    fn item_count(output: &Self::Output) -> Option<usize> {
        let _ = output;
        None
    }
}
