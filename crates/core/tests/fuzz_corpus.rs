//! Every file of each fuzz target's committed corpus (`fuzz/corpus/<target>/`)
//! through the target's own property check, on stable and in every `cargo
//! test`: what the fuzzer once found stays checked without nightly.

use std::path::{Path, PathBuf};

use meeting_tray_core::fuzzing::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

#[test]
fn every_corpus_file_keeps_its_targets_properties() {
    let mut failed = Vec::new();
    for (target, check) in TARGETS {
        // A target without its source or corpus would be checked by nothing.
        let source = fuzz_dir().join("fuzz_targets").join(format!("{target}.rs"));
        assert!(source.is_file(), "{} is missing", source.display());
        let dir = fuzz_dir().join("corpus").join(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("a readable folder").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{} is empty", dir.display());
        for file in files {
            let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            // Every file is tried, so one run names every broken one.
            if std::panic::catch_unwind(|| check(&data)).is_err() {
                failed.push(file.display().to_string());
            }
        }
    }
    assert!(failed.is_empty(), "properties broken by {failed:#?}");
}
