//! Arbitrary bytes and mutated real reference pages into the page importer: a page or a PageError.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hardening_fuzz::harness::page_import(data);
});
