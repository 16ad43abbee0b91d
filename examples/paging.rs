//! Paged operations three ways: one page, every page as a stream, every item as a stream.

use alibabacloud_media::ice::{self, list_live_transcode_jobs::ListLiveTranscodeJobsRequest};
use alibabacloud_media::{Config, Error};
use futures::{StreamExt, TryStreamExt};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // The region's host; EXAMPLE_ENDPOINT sends the calls elsewhere (scripts/run-examples.sh: a local server).
    let builder = match std::env::var("EXAMPLE_ENDPOINT") {
        Ok(endpoint) => Config::builder().endpoint(endpoint),
        Err(_) => Config::builder().region("cn-shanghai"),
    };
    let client = ice::Client::new(builder.build()?)?;
    let request = ListLiveTranscodeJobsRequest::new().page_size(20);

    // One page: the request's page number (1 if unset).
    let first = client.list_live_transcode_jobs(&request).await?;
    println!("{} jobs in total", first.total_count.unwrap_or_default());

    // Every page, until the one that completes the total; the first error ends the stream.
    let mut pages = std::pin::pin!(client.list_live_transcode_jobs_pages(&request));
    while let Some(page) = pages.next().await {
        println!("a page of {} jobs", page?.job_list.len());
    }

    // Every item, lazily: stop early and no further page is fetched.
    let first_five: Vec<_> = client
        .list_live_transcode_jobs_items(&request)
        .take(5)
        .try_collect()
        .await?;
    println!("first five: {first_five:?}");
    Ok(())
}
