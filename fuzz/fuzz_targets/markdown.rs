//! Fuzz target: see `brief::fuzz::section` and RELIABILITY.md for the command.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        brief::fuzz::section(text);
    }
});
