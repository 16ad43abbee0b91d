//! `cargo xtask import [flags] PAGE.txt...`: the command-line glue around the `page-import` crate.
//! It takes the flags, reads the page files, prints each page's report and what happened to the spec.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use codegen::spec::Serialization;
use page_import::overrides::{self, Overrides};
use page_import::run::{ImportOptions, Importer};
use page_import::{Method, Outcome};
use xtask::Layout;

/// The flags of `cargo xtask import`. A new flag is one more field here and one line in
/// [`ImportArgs::options`].
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// API reference pages, as plain text
    #[arg(value_name = "PAGE.txt", required = true)]
    pages: Vec<PathBuf>,
    /// The spec directory to import into [default: spec/ of the repository]
    #[arg(long, value_name = "DIR")]
    spec_dir: Option<PathBuf>,
    /// The action's HTTP method (the page does not say; take the official SDK's)
    #[arg(long, value_name = "GET|POST", value_parser = parse_method)]
    method: Option<Method>,
    /// API version of a new spec document, e.g. 2020-11-09
    #[arg(long, value_name = "V")]
    version: Option<String>,
    /// Product code of a new spec document, e.g. ICE
    #[arg(long, value_name = "CODE")]
    product: Option<String>,
    /// Endpoint pattern of a new spec document, e.g. 'ice.{region}.aliyuncs.com'
    #[arg(long, value_name = "P")]
    endpoint_pattern: Option<String>,
    /// Title of a new spec document, when the page's title line has no product name
    #[arg(long, value_name = "NAME")]
    title: Option<String>,
    /// A regional endpoint of a new spec document (repeatable)
    #[arg(long, value_name = "REGION=HOST", value_parser = parse_region)]
    region: Vec<(String, String)>,
    /// Server URL of a new spec document, e.g. https://ice.cn-shanghai.aliyuncs.com
    #[arg(long, value_name = "URL")]
    server: Option<String>,
    /// Parameters that travel in the form body, e.g. StreamInput,SnapshotOutput (the page does not
    /// say; take the official SDK's)
    #[arg(long, value_name = "NAME,NAME", value_delimiter = ',')]
    body: Vec<String>,
    /// How an object or array parameter travels when the official SDK does not use the product's
    /// usual style (ICE json, Live flat), e.g. TagKey=simple (repeatable)
    #[arg(long, value_name = "NAME=json|simple|flat", value_parser = overrides::parse_style)]
    style: Vec<(String, Serialization)>,
    /// The fields of a request object whose row shows no example, where the page does not mark where
    /// they end, e.g. StreamInput=Type,Url or Input/Settings=A,B (repeatable)
    #[arg(long, value_name = "PATH=NAME,NAME", value_parser = overrides::parse_fields)]
    fields: Vec<(String, Vec<String>)>,
    /// Overwrite an operation that is already in the spec and differs
    #[arg(long)]
    replace: bool,
    /// Print the report; write nothing
    #[arg(long)]
    dry_run: bool,
}

impl ImportArgs {
    fn options(&self, layout: &Layout) -> ImportOptions {
        ImportOptions {
            spec_dir: self
                .spec_dir
                .clone()
                .unwrap_or_else(|| layout.spec_dir.clone()),
            method: self.method,
            version: self.version.clone(),
            product: self.product.clone(),
            endpoint_pattern: self.endpoint_pattern.clone(),
            title: self.title.clone(),
            regions: self.region.clone(),
            server: self.server.clone(),
            overrides: Overrides {
                body: self.body.clone(),
                styles: self.style.clone(),
                fields: self.fields.clone(),
            },
            replace: self.replace,
            dry_run: self.dry_run,
        }
    }
}

fn parse_method(value: &str) -> Result<Method, String> {
    Method::parse(value).ok_or_else(|| "expected GET or POST".to_owned())
}

fn parse_region(value: &str) -> Result<(String, String), String> {
    match value.split_once('=') {
        Some((region, host)) if !region.is_empty() && !host.is_empty() => {
            Ok((region.to_owned(), host.to_owned()))
        }
        _ => Err("expected REGION=HOST, e.g. cn-shanghai=ice.cn-shanghai.aliyuncs.com".to_owned()),
    }
}

/// Runs the command.
pub fn main(args: ImportArgs, layout: &Layout, verbose: bool) -> ExitCode {
    let options = args.options(layout);
    let pages = args.pages;
    let dry_run = options.dry_run;
    let mut importer = Importer::new(options).with_writer(Box::new(move |path, render| {
        xtask::write_atomically(path, render)?;
        if verbose {
            outln!("wrote {}", shown(path));
        }
        Ok(())
    }));
    let mut failed = false;
    let started = std::time::Instant::now();
    let total = pages.len();
    for (done, page) in pages.iter().enumerate() {
        if total >= 50 && done > 0 && done % 50 == 0 {
            errln!(
                "import: {done}/{total} pages read ({:.1} s)",
                started.elapsed().as_secs_f64()
            );
        }
        let bytes = match std::fs::read(page) {
            Ok(b) => b,
            Err(e) => {
                errln!("{}: {e}", page.display());
                failed = true;
                continue;
            }
        };
        let name = page.display().to_string();
        // The page is freed once read: a large page need not sit beside its checks.
        let parsed = importer.parse(&name, &bytes);
        drop(bytes);
        match parsed.and_then(|parsed| importer.accept(&name, parsed)) {
            Ok(outcome) => {
                out!("{}", outcome.report);
                let doc = shown(&outcome.document);
                let action = &outcome.report.action;
                match &outcome.outcome {
                    Outcome::Created => outln!("  => new document {doc} with {action}"),
                    Outcome::Added => outln!("  => {action} goes into {doc}"),
                    Outcome::Replaced { differences } => {
                        outln!("  => {action} replaces the one in {doc}; it differed in:");
                        print_differences(differences);
                    }
                    Outcome::Unchanged => outln!(
                        "  => {action} is already in {doc} and reads the same; nothing changed"
                    ),
                    Outcome::Differs { differences } => {
                        outln!(
                            "  => {action} is already in {doc} and differs; nothing changed (pass --replace to overwrite):"
                        );
                        print_differences(differences);
                        failed = true;
                    }
                }
            }
            Err(e) => {
                errln!("{e}");
                failed = true;
            }
        }
    }
    // Every document is checked whole and written once, after the last page.
    match importer.finish() {
        Ok(written) => {
            for e in &written.rejected {
                errln!("{e}");
                failed = true;
            }
            for (path, count) in &written.documents {
                let s = if *count == 1 { "" } else { "s" };
                if dry_run {
                    outln!(
                        "(dry run, nothing written) would have written {} ({count} operation{s})",
                        shown(path)
                    );
                } else if !verbose {
                    outln!("wrote {} ({count} operation{s})", shown(path));
                }
            }
            if !dry_run && !written.documents.is_empty() {
                outln!(
                    "\nnext: review `git diff spec/`, then run `cargo xtask gen` and review the changes under generated/"
                );
            }
        }
        Err(e) => {
            errln!("{e}");
            failed = true;
        }
    }
    if total >= 50 {
        errln!(
            "import: {total} pages in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_differences(differences: &[page_import::Difference]) {
    for d in differences {
        outln!(
            "     {}\n         spec:   {}\n         import: {}",
            d.path,
            d.existing,
            d.imported
        );
    }
}

/// A path relative to the current directory when it is below it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}
