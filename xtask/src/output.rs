//! Printing to stdout without panicking when it is closed (`cargo xtask import ... | head -1`):
//! `println!` panics on a broken pipe; here the output stops and the work goes on to its exit status.
//! The same for stderr (`2>&1 | head -1`).

use std::io::Write;

/// Writes one formatted piece to stdout, ignoring a closed or failing stdout.
pub fn write(args: std::fmt::Arguments<'_>) {
    let _ = std::io::stdout().lock().write_fmt(args);
}

/// Writes one formatted piece to stderr, ignoring a closed or failing stderr.
pub fn write_err(args: std::fmt::Arguments<'_>) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::output::write_err(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `println!` that never panics.
macro_rules! outln {
    () => { $crate::output::write(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::output::write(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` that never panics.
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::write(format_args!($($arg)*)) };
}
