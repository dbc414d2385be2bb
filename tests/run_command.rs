//! `ttx run` from the command line: a scripted drill writes its run folder, the same inputs
//! write byte-identical files, bad decisions get file:line:col and exit 2, nothing half-written.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn ttx(out: &Path) -> Command {
    let mut command = Command::cargo_bin("ttx").unwrap();
    command.env_remove("TTX_SCENARIOS").args(["--scenarios", "tests/fixtures/valid"]);
    command.arg("run").arg("minimal-ransomware").args(["--plan", "tests/fixtures/valid/minimal-plan.ron"]);
    command.arg("--out").arg(out);
    command
}

fn folder(out: &Path, name: &str) -> std::path::PathBuf {
    out.join(name)
}

#[test]
fn a_scripted_drill_writes_journal_and_timeline_and_prints_a_summary() {
    let out = tempfile::tempdir().unwrap();
    ttx(out.path())
        .args(["--decisions", "tests/fixtures/valid/minimal-decisions.ron", "--seed", "4"])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("minimal-ransomware against minimal-plan, seed 4")
                .and(predicate::str::contains("5 decisions taken, 0 rejected")),
        );
    let run = folder(out.path(), "minimal-ransomware-minimal-plan-seed4-minimal-decisions");
    let journal = std::fs::read_to_string(run.join("journal.jsonl")).unwrap();
    let decisions = journal.lines().filter(|l| l.starts_with("{\"type\":\"decision\"")).count();
    assert_eq!(decisions, 5, "five decisions:\n{journal}");
    assert!(journal.starts_with("{\"ttx\":"), "the header comes first");
    assert!(
        journal.lines().last().is_some_and(|l| l.starts_with("{\"type\":\"run_out\"")),
        "then the run to the end:\n{journal}"
    );
    let timeline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("timeline.json")).unwrap()).unwrap();
    assert_eq!(timeline["run"]["seed"], 4);
    assert_eq!(timeline["events"][0]["type"], "run_started");
    assert!(timeline["events"].as_array().unwrap().iter().any(|e| e["type"] == "decision_taken"));
}

#[test]
fn the_same_drill_twice_gives_byte_identical_files() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for out in [&a, &b] {
        ttx(out.path()).args(["--decisions", "tests/fixtures/valid/minimal-decisions.ron"]).assert().code(0);
    }
    let files = ["journal.jsonl", "timeline.json", "evaluation.json", "report.md", "report.html", "incident-curve.svg"];
    for file in files {
        let read = |out: &tempfile::TempDir| {
            std::fs::read(folder(out.path(), "minimal-ransomware-minimal-plan-seed1-minimal-decisions").join(file))
                .unwrap()
        };
        assert_eq!(read(&a), read(&b), "{file} differs");
    }
}

#[test]
fn no_decisions_on_a_closed_stdin_is_the_no_response_baseline() {
    let out = tempfile::tempdir().unwrap();
    ttx(out.path()).write_stdin("").assert().code(0).stdout(predicate::str::contains("0 decisions taken"));
    assert!(folder(out.path(), "minimal-ransomware-minimal-plan-seed1").join("timeline.json").is_file());
}

#[test]
fn bad_decisions_get_positions_and_exit_two_with_nothing_written() {
    let out = tempfile::tempdir().unwrap();
    ttx(out.path()).args(["--decisions", "tests/fixtures/invalid/decisions-errors.ron"]).assert().code(2).stderr(
        predicate::str::contains("decisions-errors.ron:9:66: error[unknown-reference]: unknown segment `server`"),
    );
    let broken = out.path().join("broken.ron");
    std::fs::write(&broken, "Decisions(scenario: \"minimal-ransomware\", decisions: [(at: \"1h\", role: \"soc_analyst\" action: DeclareClosed)])").unwrap();
    ttx(out.path())
        .arg("--decisions")
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.ron:1:86: error[syntax]: expected a comma"));
    let entries: Vec<_> = std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries, vec![std::ffi::OsString::from("broken.ron")], "no run folder was written");
}

#[test]
fn an_existing_run_is_kept_unless_forced() {
    let out = tempfile::tempdir().unwrap();
    ttx(out.path()).write_stdin("").assert().code(0);
    ttx(out.path()).write_stdin("").assert().code(1).stderr(predicate::str::contains("already exists; pass --force"));
    ttx(out.path()).write_stdin("").arg("--force").assert().code(0);
}

#[test]
fn the_summary_is_also_json_for_machines() {
    let out = tempfile::tempdir().unwrap();
    let output = ttx(out.path())
        .args(["--decisions", "tests/fixtures/valid/minimal-decisions.ron", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).expect("standard output is JSON");
    let run_dir = std::path::PathBuf::from(summary["run_dir"].as_str().unwrap());
    assert!(run_dir.join("report.html").is_file());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run_dir.join("evaluation.json")).unwrap()).unwrap();
    assert_eq!(summary["evaluation"], written, "the evaluation printed is the one written");
}
