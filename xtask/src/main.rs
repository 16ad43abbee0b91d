//! `cargo xtask gen [--check]` and `cargo xtask import [flags] PAGE.txt...`: the command line.
//! Parsing is clap's; the work is in the `xtask` library (gen) and the `page-import` crate (import).
//! Exit status: 0 done, 1 the work failed (spec errors, stale files under --check, a page refused),
//! 2 the command line was wrong.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[macro_use]
mod output;
mod import;
mod repository;

use xtask::Mode;

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    about = "Maintenance tasks of the Alibaba Cloud media SDK generator",
    long_about = None,
    disable_help_subcommand = false,
    arg_required_else_help = true
)]
struct Cli {
    /// The repository to work on [default: the one holding the current directory]
    #[arg(long, global = true, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// List every file written or removed
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate generated/ from spec/ (writes only the files that changed)
    Gen {
        /// Write nothing; fail (status 1) if generated/ differs from what spec/ produces
        #[arg(long)]
        check: bool,
    },
    /// Read API reference pages (plain text) into spec/; an operation already in the spec is
    /// compared, not overwritten, unless --replace is given; one that gen would reject is reported,
    /// not written
    Import(Box<import::ImportArgs>),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let layout = match repository::layout(cli.repo.as_deref()) {
        Ok(layout) => layout,
        Err(message) => {
            errln!("cargo xtask: {message}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Gen { check } => {
            let mode = if check { Mode::Check } else { Mode::Write };
            generate(&layout, mode, cli.verbose)
        }
        Command::Import(args) => import::main(*args, &layout, cli.verbose),
    }
}

fn generate(layout: &xtask::Layout, mode: Mode, verbose: bool) -> ExitCode {
    match xtask::generate(layout, mode) {
        Ok(report) if mode == Mode::Check && !report.changed.is_empty() => {
            errln!("{report}");
            ExitCode::FAILURE
        }
        Ok(report) => {
            if verbose && mode == Mode::Write {
                for path in &report.changed {
                    let verb = if layout.generated_dir.join(path).exists() {
                        "wrote"
                    } else {
                        "removed"
                    };
                    outln!("{verb} generated/{path}");
                }
            }
            outln!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            errln!("{error}");
            ExitCode::FAILURE
        }
    }
}
