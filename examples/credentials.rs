//! Each way to give the client credentials. Run with one of: `default`, `keys`, `sts`, `profile NAME`.

use alibabacloud_media::ice::{self, list_live_record_jobs::ListLiveRecordJobsRequest};
use alibabacloud_media::runtime::{DefaultCredentialsChain, ProfileCredentials, StaticCredentials};
use alibabacloud_media::{Config, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The region's host; EXAMPLE_ENDPOINT sends the calls elsewhere (scripts/run-examples.sh: a local server).
    let builder = match std::env::var("EXAMPLE_ENDPOINT") {
        Ok(endpoint) => Config::builder().endpoint(endpoint),
        Err(_) => Config::builder().region("cn-shanghai"),
    };
    let config = match args.first().map(String::as_str) {
        // The default: environment, RRSA, CLI profile, ini file, ECS RAM role, credentials URI.
        None | Some("default") => builder
            .credentials(DefaultCredentialsChain::new())
            .build()?,
        // An AccessKey pair held by the program (here read from variables of its own).
        Some("keys") => builder
            .credentials(StaticCredentials::new(
                var("MY_ACCESS_KEY_ID"),
                var("MY_ACCESS_KEY_SECRET"),
            ))
            .build()?,
        // Temporary STS credentials: the pair and its security token.
        Some("sts") => builder
            .credentials(StaticCredentials::sts(
                var("MY_ACCESS_KEY_ID"),
                var("MY_ACCESS_KEY_SECRET"),
                var("MY_SECURITY_TOKEN"),
            ))
            .build()?,
        // One profile of the Alibaba Cloud CLI's ~/.aliyun/config.json.
        Some("profile") => {
            let name = args.get(1).cloned().unwrap_or_else(|| "default".to_owned());
            builder
                .credentials(ProfileCredentials::new().with_profile(name))
                .build()?
        }
        Some(other) => {
            eprintln!("unknown way {other:?}: use default, keys, sts or profile NAME");
            std::process::exit(2);
        }
    };
    let client = ice::Client::new(config)?;
    let page = client
        .list_live_record_jobs(&ListLiveRecordJobsRequest::new().page_size(1))
        .await?;
    println!(
        "credentials accepted; {} record jobs",
        page.total_count.unwrap_or_default()
    );
    Ok(())
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_default()
}
