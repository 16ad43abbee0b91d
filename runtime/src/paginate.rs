//! Pagination as a `futures::Stream`: page after page until the last item, then stop.

use crate::client::{Client, decode};
use crate::error::Error;
use crate::operation::PagedOperation;
use futures::{Stream, StreamExt};

struct State<O> {
    client: Client,
    request: O,
    page: i64,
    first: bool,
    seen: i64,
    first_count: Option<i64>,
}

/// Fetches pages and decides when to stop: an empty page, items seen ≥ `TotalCount`, or, without a
/// total, a page shorter than the page size. `split` turns a decoded page into what is yielded plus
/// its item count.
fn page_stream<O, T>(
    client: Client,
    request: O,
    split: fn(&[u8], O::Output) -> (T, usize),
) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    O: PagedOperation + 'static,
    T: Send + 'static,
{
    let page = request.page_number().unwrap_or(1).max(1);
    let state = State {
        client,
        request,
        page,
        first: true,
        seen: 0,
        first_count: None,
    };
    futures::stream::unfold(Some(state), move |state| async move {
        let mut st = state?;
        st.request.set_page_number(st.page);
        let result = match st.client.send_operation(&st.request).await {
            Ok(raw) => decode::<O::Output>(O::ACTION, &raw).map(|out| (raw, out)),
            Err(e) => Err(e),
        };
        let (raw, output) = match result {
            Ok(r) => r,
            // Yield the error, then end the stream.
            Err(e) => return Some((Err(e), None)),
        };
        let total = O::total_count(&output);
        let (item, count) = split(&raw.body, output);
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        if count == 0 {
            // An empty first page is still an answer (e.g. TotalCount 0); a later one is just the end.
            return if st.first {
                Some((Ok(item), None))
            } else {
                None
            };
        }
        if st.first {
            st.first = false;
            st.first_count = Some(count);
            // Items on the pages skipped by a non-default starting page.
            let size = st.request.page_size().unwrap_or(count);
            st.seen = (st.page - 1).saturating_mul(size);
        }
        st.seen = st.seen.saturating_add(count);
        let page_size = st.request.page_size().or(st.first_count);
        let last = match total {
            Some(total) => st.seen >= total,
            None => page_size.is_some_and(|size| count < size),
        };
        let next = match (last, st.page.checked_add(1)) {
            (false, Some(p)) => {
                st.page = p;
                Some(st)
            }
            _ => None,
        };
        Some((Ok(item), next))
    })
}

fn split_page<O: PagedOperation>(body: &[u8], output: O::Output) -> (O::Output, usize) {
    let count = O::item_count(&output).unwrap_or_else(|| {
        // Counting needs the items, which consumes a page; decode a second copy instead.
        serde_json::from_slice::<O::Output>(body)
            .map(|copy| O::into_items(copy).len())
            .unwrap_or(0)
    });
    (output, count)
}

fn split_items<O: PagedOperation>(_: &[u8], output: O::Output) -> (Vec<O::Item>, usize) {
    let items = O::into_items(output);
    let count = items.len();
    (items, count)
}

pub(crate) fn pages<O: PagedOperation + 'static>(
    client: Client,
    request: O,
) -> impl Stream<Item = Result<O::Output, Error>> + Send + 'static {
    page_stream(client, request, split_page::<O>)
}

pub(crate) fn items<O: PagedOperation + 'static>(
    client: Client,
    request: O,
) -> impl Stream<Item = Result<O::Item, Error>> + Send + 'static {
    page_stream(client, request, split_items::<O>).flat_map(|page| {
        futures::stream::iter(match page {
            Ok(items) => items.into_iter().map(Ok).collect::<Vec<_>>(),
            Err(e) => vec![Err(e)],
        })
    })
}
