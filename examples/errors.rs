//! What a failed call looks like: a request refused before sending (`Error::Validation`), and the
//! service's answer, matched against the operation's documented error codes.

use alibabacloud_media::ice::{
    self,
    get_live_snapshot_job::{GetLiveSnapshotJobErrorCode, GetLiveSnapshotJobRequest},
    list_live_transcode_jobs::ListLiveTranscodeJobsRequest,
};
use alibabacloud_media::runtime::ErrorCode;
use alibabacloud_media::{Config, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    // The region's host; EXAMPLE_ENDPOINT sends the calls elsewhere (scripts/run-examples.sh: a local server).
    let builder = match std::env::var("EXAMPLE_ENDPOINT") {
        Ok(endpoint) => Config::builder().endpoint(endpoint),
        Err(_) => Config::builder().region("cn-shanghai"),
    };
    let client = ice::Client::new(builder.build()?)?;

    // ListLiveTranscodeJobs documents PageSize as at most 100: nothing is sent, and the error names
    // the parameter.
    match client
        .list_live_transcode_jobs(&ListLiveTranscodeJobsRequest::new().page_size(500))
        .await
    {
        Err(Error::Validation(refused)) => {
            println!(
                "refused before sending: {} {} ({refused})",
                refused.operation, refused.field
            )
        }
        other => println!("unexpected: {other:?}"),
    }

    // An empty required value is refused the same way.
    let empty = client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new(""))
        .await;
    println!("empty JobId: {}", empty.is_err());

    // The service's answer: code, message, HTTP status and request id; documented codes as an enum.
    match client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("no-such-job"))
        .await
    {
        Ok(job) => println!("found: {:?}", job.status),
        Err(e) => {
            match GetLiveSnapshotJobErrorCode::from_error(&e) {
                Some(GetLiveSnapshotJobErrorCode::JobNotFound) => println!("no such job"),
                Some(code) => println!(
                    "documented code {code} (HTTP {:?})",
                    code.documented_status()
                ),
                None => println!("not a service error"),
            }
            println!("{e}");
            println!(
                "request id {:?}, retryable {}",
                e.request_id(),
                e.is_retryable()
            );
        }
    }
    Ok(())
}
