//! Graph event JSON to the meeting kept: see meeting_tray_core::fuzzing::graph_event.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| meeting_tray_core::fuzzing::graph_event(data));
