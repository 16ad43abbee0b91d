//! Fuzz targets for every input boundary of the project (see docs/HARDENING.md). The targets' bodies
//! live in [`harness`], which `tests/tests/hardening_fuzz.rs` also includes for its proptest versions.

#![forbid(unsafe_code)]

pub mod harness;
