//! The encrypted cache file decoder: see meeting_tray_core::fuzzing::cache_file.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| meeting_tray_core::fuzzing::cache_file(data));
