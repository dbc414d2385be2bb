//! `--format json` prints one JSON document alone on standard output, whatever the command and
//! mode; anything for people (a console transcript, warnings, progress) goes to standard error.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

/// `ttx args` in `dir`, with `input` on standard input.
fn ttx_in(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ttx"))
        .args(args)
        .current_dir(dir)
        .env_remove("TTX_SCENARIOS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// Standard output as exactly one JSON document, with nothing before or after it.
fn one_document(output: &Output) -> serde_json::Value {
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let documents: Vec<serde_json::Value> = serde_json::Deserializer::from_slice(&output.stdout)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("not JSON alone ({e}):\n{}", String::from_utf8_lossy(&output.stdout)));
    assert_eq!(documents.len(), 1, "{documents:?}");
    documents.into_iter().next().unwrap()
}

#[test]
fn the_live_console_sends_its_transcript_to_stderr_and_only_the_summary_to_stdout() {
    let dir = TempDir::new().unwrap();
    let args = ["run", "hospital-ransomware", "--plan", "enterprise-24x7", "--format", "json"];
    let output = ttx_in(dir.path(), &args, "help\nnext\nstatus\nnote \"slow start\"\nend\n");
    let summary = one_document(&output);
    assert!(summary["evaluation"].is_object() && summary["run_dir"].is_string(), "{summary}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("NEW INJECT h01") && stderr.contains("advance <duration>"), "{stderr}");
}

#[test]
fn text_keeps_the_console_transcript_on_stdout() {
    let dir = TempDir::new().unwrap();
    let output = ttx_in(dir.path(), &["run", "hospital-ransomware", "--plan", "enterprise-24x7"], "next\nend\n");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("NEW INJECT h01") && stdout.contains("readiness: "), "{stdout}");
}

#[test]
fn a_resumed_console_keeps_stdout_for_json_too() {
    let dir = TempDir::new().unwrap();
    let started = ttx_in(dir.path(), &["run", "bec-wire-fraud", "--plan", "small-business-msp"], "next\nquit\n");
    assert_eq!(started.status.code(), Some(0));
    let folder = "reports/bec-wire-fraud-small-business-msp-seed1";
    let resumed = ttx_in(dir.path(), &["resume", folder, "--format", "json"], "next\nend\n");
    assert!(one_document(&resumed)["evaluation"].is_object());
}

#[test]
fn every_other_command_prints_json_alone() {
    let dir = TempDir::new().unwrap();
    let decisions = "hospital-ransomware-good";
    let scripted = ["run", "hospital-ransomware", "--plan", "enterprise-24x7", "--decisions", decisions];
    let runs: [&[&str]; 6] = [
        &["list", "--format", "json"],
        &["show", "hospital-ransomware", "--format", "json"],
        &[&scripted[..], &["--format", "json"]].concat(),
        &[
            "report",
            "reports/hospital-ransomware-enterprise-24x7-seed1-hospital-ransomware-good",
            "--format",
            "json",
            "--force",
        ],
        &["simulate", "insider-ip-theft", "--plan", "small-business-msp", "--runs", "3", "--format", "json"],
        &["validate", concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"), "--format", "json"],
    ];
    for args in runs {
        one_document(&ttx_in(dir.path(), args, ""));
    }
}
