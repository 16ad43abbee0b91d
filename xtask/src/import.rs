//! `cargo xtask import [flags] PAGE.txt...`: the command-line glue around the `page-import` crate.
//! It parses flags, reads the page files, prints each page's report and what happened to the spec.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use page_import::run::{ImportOptions, Importer};
use page_import::{MergeOutcome, Method};
use xtask::Layout;

pub const USAGE: &str = "  import [--spec-dir DIR] [--method GET|POST] [--version V] [--product CODE]\n         [--endpoint-pattern P] [--title NAME] [--region REGION=HOST]... [--server URL]\n         [--replace] [--dry-run] PAGE.txt...\n               read API reference pages (plain text) into spec/; an operation already in the\n               spec is compared, not overwritten, unless --replace is given";

fn usage_error(message: &str) -> ExitCode {
    eprintln!("cargo xtask import: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// Runs the command; `args` are the words after `import`.
pub fn main(args: &[&str], layout: &Layout) -> ExitCode {
    let mut options = ImportOptions {
        spec_dir: layout.spec_dir.clone(),
        ..ImportOptions::default()
    };
    let mut pages: Vec<PathBuf> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let flag = args[i];
        let mut value = || {
            i += 1;
            args.get(i).map(|v| (*v).to_owned())
        };
        match flag {
            "--replace" => options.replace = true,
            "--dry-run" => options.dry_run = true,
            "--spec-dir" | "--method" | "--version" | "--product" | "--endpoint-pattern"
            | "--title" | "--region" | "--server" => {
                let Some(v) = value() else {
                    return usage_error(&format!("{flag} needs a value"));
                };
                match flag {
                    "--spec-dir" => options.spec_dir = PathBuf::from(v),
                    "--method" => match Method::parse(&v) {
                        Some(m) => options.method = Some(m),
                        None => return usage_error(&format!("--method {v}: expected GET or POST")),
                    },
                    "--version" => options.version = Some(v),
                    "--product" => options.product = Some(v),
                    "--endpoint-pattern" => options.endpoint_pattern = Some(v),
                    "--title" => options.title = Some(v),
                    "--server" => options.server = Some(v),
                    _ => match v.split_once('=') {
                        Some((region, host)) if !region.is_empty() && !host.is_empty() => {
                            options.regions.push((region.to_owned(), host.to_owned()));
                        }
                        _ => {
                            return usage_error(&format!(
                                "--region {v}: expected REGION=HOST, e.g. cn-shanghai=ice.cn-shanghai.aliyuncs.com"
                            ));
                        }
                    },
                }
            }
            other if other.starts_with("--") => {
                return usage_error(&format!("unknown flag {other}"));
            }
            page => pages.push(PathBuf::from(page)),
        }
        i += 1;
    }
    if pages.is_empty() {
        return usage_error("no page given");
    }
    let dry_run = options.dry_run;
    let mut importer = Importer::new(options).with_writer(Box::new(|path, text| {
        xtask::write_atomically(path, text.as_bytes())
    }));
    let mut failed = false;
    let mut changed = false;
    for page in &pages {
        let bytes = match std::fs::read(page) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{}: {e}", page.display());
                failed = true;
                continue;
            }
        };
        let name = page.display().to_string();
        match importer.import(&name, &bytes) {
            Ok(outcome) => {
                print!("{}", outcome.report);
                let doc = shown(&outcome.document);
                let action = &outcome.report.action;
                let would = if dry_run {
                    "(dry run, nothing written) would have "
                } else {
                    ""
                };
                match &outcome.outcome {
                    MergeOutcome::Created { .. } => {
                        println!("  => {would}created {doc} with {action}")
                    }
                    MergeOutcome::Added { .. } => println!("  => {would}added {action} to {doc}"),
                    MergeOutcome::Replaced { differences, .. } => {
                        println!("  => {would}replaced {action} in {doc}; it differed in:");
                        print_differences(differences);
                    }
                    MergeOutcome::Unchanged => println!(
                        "  => {action} is already in {doc} and reads the same; nothing changed"
                    ),
                    MergeOutcome::Differs { differences } => {
                        println!(
                            "  => {action} is already in {doc} and differs; nothing changed (pass --replace to overwrite):"
                        );
                        print_differences(differences);
                        failed = true;
                    }
                }
                changed |= outcome.written;
            }
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    if changed {
        println!(
            "\nnext: review `git diff spec/`, then run `cargo xtask gen` and review the changes under generated/"
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
        println!(
            "     {}\n         spec:   {}\n         import: {}",
            d.path, d.existing, d.imported
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
