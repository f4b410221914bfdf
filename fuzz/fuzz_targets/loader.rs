//! `cargo +nightly fuzz run loader`: arbitrary bytes as an article file.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::loader(data));
