//! A Graph delta or calendarView page: see meeting_tray_core::fuzzing::delta_page.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| meeting_tray_core::fuzzing::delta_page(data));
