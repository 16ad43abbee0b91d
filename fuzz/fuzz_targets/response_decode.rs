//! Arbitrary bytes and mutated real responses into every generated response type and the runtime's
//! error-body parser: a value or a typed error.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    hardening_fuzz::harness::response_decode(data);
});
