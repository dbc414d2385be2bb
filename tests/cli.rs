//! The command-line contract of `validate`, `list` and `show`: exit codes, the one-line
//! summary, JSON output for CI, suggestions for unknown names, and byte-identical repeats.

use assert_cmd::Command;
use predicates::prelude::*;

fn ttx() -> Command {
    let mut command = Command::cargo_bin("ttx").unwrap();
    command.env_remove("TTX_SCENARIOS");
    command
}

#[test]
fn valid_files_exit_zero_with_a_summary() {
    ttx()
        .args(["validate", "tests/fixtures/valid"])
        .assert()
        .code(0)
        .stderr(predicate::str::diff("ok: 3 files valid, 0 warnings\n"));
}

#[test]
fn invalid_files_exit_two_and_every_file_is_reported_in_one_run() {
    let assert = ttx()
        .args(["validate", "tests/fixtures/invalid/unknown-field.ron", "tests/fixtures/invalid/stage-cycle.ron"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("unknown-field.ron:4:5: error[unknown-field]"), "{stderr}");
    assert!(stderr.contains("stage-cycle.ron:43:21: error[stage-cycle]"), "{stderr}");
    assert!(stderr.ends_with("invalid: 4 errors in 2 of 2 files, 0 warnings\n"), "{stderr}");
}

#[test]
fn json_output_carries_positions_for_ci_annotations() {
    let assert =
        ttx().args(["validate", "--format", "json", "tests/fixtures/invalid/unknown-references.ron"]).assert().code(2);
    let report: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(report["valid"], false);
    assert_eq!(report["errors"], 6);
    let first = &report["diagnostics"][0];
    assert_eq!(first["code"], "unknown-reference");
    assert_eq!(first["line"], 31);
    assert_eq!(first["column"], 68);
    assert_eq!(first["hint"], "did you mean `servers`?");
}

#[test]
fn warnings_alone_do_not_fail_validation() {
    ttx().args(["validate", "tests/fixtures/invalid/warnings-only.ron"]).assert().code(0).stderr(
        predicate::str::contains("warning[no-recipient]").and(predicate::str::contains("ok: 1 file valid, 3 warnings")),
    );
}

#[test]
fn bad_flags_are_invalid_input() {
    ttx().args(["validate", "--format", "yaml", "x.ron"]).assert().code(2);
    ttx().args(["validate"]).assert().code(2);
}

#[test]
fn list_shows_the_library_with_techniques_and_where_each_comes_from() {
    ttx().args(["--scenarios", "tests/fixtures/valid", "list"]).assert().code(0).stdout(
        predicate::str::is_match(r"minimal-ransomware +Minimal ransomware drill\n")
            .unwrap()
            .and(predicate::str::contains("T1566.001 T1021.002 T1486 T1490"))
            .and(predicate::str::contains("from tests/fixtures/valid/minimal.ron"))
            .and(predicate::str::contains("built in")),
    );
    let assert = ttx().args(["--scenarios", "tests/fixtures/valid", "list", "--format", "json"]).assert().code(0);
    let list: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let minimal = list.as_array().unwrap().iter().find(|s| s["id"] == "minimal-ransomware").unwrap();
    assert_eq!(minimal["injects"], 2);
    assert_eq!(minimal["built_in"], false);
    assert_eq!(minimal["path"], "tests/fixtures/valid/minimal.ron");
}

#[test]
fn show_finds_a_scenario_by_id_or_path() {
    let by_id = ttx().args(["--scenarios", "tests/fixtures/valid", "show", "minimal-ransomware"]).assert().code(0);
    let by_path = ttx().args(["show", "tests/fixtures/valid/minimal.ron"]).assert().code(0);
    assert_eq!(by_id.get_output().stdout, by_path.get_output().stdout);
    let text = String::from_utf8(by_id.get_output().stdout.clone()).unwrap();
    for part in [
        "starts Fri 2026-03-13 16:30",
        "ATTACK PATH",
        "needs: after spread, account it-admin",
        "+0m     Fri 2026-03-13 16:30",
        "when stage encrypt succeeds",
    ] {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }
}

#[test]
fn show_suggests_the_closest_shipped_id() {
    ttx()
        .args(["--scenarios", "tests/fixtures/valid", "show", "minimal-ransomwar"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `minimal-ransomware`?"));
}

#[test]
fn show_refuses_an_invalid_scenario_with_its_diagnostics() {
    ttx()
        .args(["show", "tests/fixtures/invalid/stage-cycle.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error[stage-cycle]"));
}

#[test]
fn validation_output_is_byte_identical_across_runs() {
    let run =
        || ttx().args(["validate", "--format", "json", "tests/fixtures"]).assert().code(2).get_output().stdout.clone();
    assert_eq!(run(), run());
}
