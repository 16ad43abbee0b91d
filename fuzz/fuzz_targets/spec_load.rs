//! Arbitrary bytes as a spec document: a diagnostic, or generated code that `syn` parses.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hardening_fuzz::harness::spec_load(data);
});
