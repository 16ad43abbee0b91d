//! `cargo xtask gen [--check]` and `cargo xtask import PAGE.txt...`. See the README.

use std::process::ExitCode;

mod import;

use xtask::{Layout, Mode};

const USAGE: &str = "usage: cargo xtask gen [--check]\n\n  gen          regenerate generated/ from spec/ (writes only files that changed)\n  gen --check  write nothing; fail if generated/ differs from what spec/ produces";

fn usage() -> String {
    format!(
        "{USAGE}\n   or: cargo xtask import [flags] PAGE.txt...\n\n{}",
        import::USAGE
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mode = match args.as_slice() {
        ["gen"] => Mode::Write,
        ["gen", "--check"] => Mode::Check,
        ["import", rest @ ..] => return import::main(rest, &Layout::of_repository()),
        ["help" | "--help" | "-h"] => {
            println!("{}", usage());
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{}", usage());
            return ExitCode::from(2);
        }
    };
    match xtask::generate(&Layout::of_repository(), mode) {
        Ok(report) if mode == Mode::Check && !report.changed.is_empty() => {
            eprintln!("{report}");
            ExitCode::FAILURE
        }
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
