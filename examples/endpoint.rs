//! Where calls go: a region (the product's regional host), an explicit endpoint, and your own HTTP
//! client. Run with `region REGION`, `endpoint HOST` or `own-client`.

use std::time::Duration;

use alibabacloud_media::Config;
use alibabacloud_media::live::{
    self, describe_rtc_cloud_recording_files::DescribeRtcCloudRecordingFilesRequest,
};
use alibabacloud_media::runtime::reqwest;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, default: &str| args.get(i).cloned().unwrap_or_else(|| default.to_owned());
    let config = match arg(0, "region").as_str() {
        // The host comes from the spec's endpoint table for the region.
        "region" => Config::builder().region(arg(1, "ap-southeast-1")).build()?,
        // Any host: a VPC endpoint, a proxy, or http://127.0.0.1:PORT for a local test server.
        "endpoint" => Config::builder()
            .endpoint(arg(1, "live.aliyuncs.com"))
            .build()?,
        // Your own reqwest client (proxies, roots, pools). Keep redirects off: a followed redirect would
        // carry the signed request, and its security token, to another host.
        "own-client" => {
            let http = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .pool_idle_timeout(Duration::from_secs(30))
                .build()?;
            Config::builder()
                .region("ap-southeast-1")
                .http_client(http)
                .build()?
        }
        other => {
            eprintln!("unknown choice {other:?}: use region, endpoint or own-client");
            std::process::exit(2);
        }
    };
    // The live module needs the `live` feature (on by default).
    let client = live::Client::new(config)?;
    let files = client
        .describe_rtc_cloud_recording_files(&DescribeRtcCloudRecordingFilesRequest::new("task-id"))
        .await?;
    println!("{files:?}");
    Ok(())
}
