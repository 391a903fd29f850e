//! The sign-in redirect parser: see meeting_tray_core::fuzzing::redirect.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| meeting_tray_core::fuzzing::redirect(data));
