//! The link detector on any text: see meeting_tray_core::fuzzing::detect_links.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| meeting_tray_core::fuzzing::detect_links(data));
