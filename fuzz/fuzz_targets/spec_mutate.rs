//! Structure-aware mutations of the real spec (keys dropped, types changed, `$ref`s broken, enums
//! duplicated, names colliding...): a diagnostic, or generated code that `syn` parses.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hardening_fuzz::harness::spec_mutate(data);
});
