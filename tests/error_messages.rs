//! Pins the exact diagnostics for each file in the invalid corpus (`tests/fixtures/invalid`):
//! one snapshot per fixture, read by a person before it was accepted.

use std::path::{Path, PathBuf};
use ttx::library::Library;
use ttx::validate::{Parsed, validate_paths};

/// The valid fixtures' scenarios and plans, over the built-in library: what decisions are checked against.
fn fixtures() -> Vec<Parsed> {
    Library::new(Some(PathBuf::from("tests/fixtures/valid"))).targets()
}

fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).to_path_buf()
}

#[test]
fn every_invalid_fixture_gets_its_diagnostics() {
    insta::glob!("fixtures/invalid/*.ron", |path| {
        let report = validate_paths(&[relative(path)], &fixtures());
        let shown = format!("{}\n{}", report.render_diagnostics(), report.summary());
        insta::assert_snapshot!(shown);
    });
}

#[test]
fn every_invalid_fixture_but_the_warnings_one_is_invalid_and_located() {
    let dir = Path::new("tests/fixtures/invalid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 17, "the corpus shrank: {files:?}");
    for file in files {
        let report = validate_paths(std::slice::from_ref(&file), &fixtures());
        let only_warnings = file.ends_with("warnings-only.ron");
        assert_eq!(report.error_count() == 0, only_warnings, "{}", report.render_diagnostics());
        assert!(!report.diagnostics.is_empty());
        for diagnostic in &report.diagnostics {
            assert!(diagnostic.span.is_some(), "no position: {diagnostic:?}");
        }
    }
}

#[test]
fn valid_fixtures_validate_cleanly_together() {
    let report = validate_paths(&[PathBuf::from("tests/fixtures/valid")], &[]);
    assert_eq!(report.diagnostics, vec![], "{}", report.render_diagnostics());
    assert_eq!(report.files_checked, 3);
}

#[test]
fn a_run_of_one_tick_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap();
    let file = dir.path().join("one-tick.ron");
    std::fs::write(&file, text.replace(r#"max_duration: "2d""#, r#"max_duration: "15m""#)).unwrap();
    let report = validate_paths(std::slice::from_ref(&file), &[]);
    let shown = report.render_diagnostics();
    assert_eq!(report.error_count(), 0, "{shown}");
    assert!(shown.contains("one-tick.ron:15:23: warning[ends-at-start]: max_duration is one tick"), "{shown}");
}

#[test]
fn a_target_written_in_a_decision_trigger_gets_a_specific_hint() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap();
    let file = dir.path().join("trigger.ron");
    let wrong =
        text.replace(r#"trigger: At("0m")"#, r#"trigger: DecisionNotTaken(Notify(SupervisoryAuthority), "2d")"#);
    std::fs::write(&file, wrong).unwrap();
    let shown = validate_paths(std::slice::from_ref(&file), &[]).render_diagnostics();
    assert!(
        shown.contains("hint: `DecisionNotTaken` takes an action kind alone, e.g. `Notify`; to name its target write `ActionNotTaken(Notify(…), \"2d\")`"),
        "{shown}"
    );
    let unknown = text.replace(r#"trigger: At("0m")"#, r#"trigger: ActionTaken(IsolateSegment("sevrers"), "2d")"#);
    std::fs::write(&file, unknown).unwrap();
    let shown = validate_paths(std::slice::from_ref(&file), &[]).render_diagnostics();
    assert!(shown.contains("error[unknown-reference]: unknown segment `sevrers`"), "{shown}");
    assert!(shown.contains("trigger.ron:59:"), "located: {shown}");
}
