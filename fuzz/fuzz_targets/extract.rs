//! `cargo +nightly fuzz run extract`: arbitrary text as an article body, through extraction
//! and consolidation.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::extract(data));
