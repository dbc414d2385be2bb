//! Files that try to break the validator — empty, binary, truncated, huge, absurdly nested —
//! each get a located diagnostic and exit code 2, never a panic or a stack overflow.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn validate(dir: &Path, name: &str, bytes: &[u8]) -> assert_cmd::assert::Assert {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    Command::cargo_bin("ttx").unwrap().arg("validate").arg(&path).assert()
}

fn located(name: &str) -> impl Predicate<str> {
    predicate::str::is_match(format!(r"{name}:\d+:\d+: error\[")).unwrap()
}

#[test]
fn empty_and_blank_files_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    validate(dir.path(), "empty.ron", b"")
        .code(2)
        .stderr(located("empty.ron").and(predicate::str::contains("file is empty")));
    validate(dir.path(), "blank.ron", b"  \n\t\n").code(2).stderr(located("blank.ron"));
}

#[test]
fn binary_files_are_rejected_as_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let png_like = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x01];
    validate(dir.path(), "image.ron", &png_like)
        .code(2)
        .stderr(located("image.ron").and(predicate::str::contains("not UTF-8")));
    validate(dir.path(), "nul.ron", b"Scenario(\n id: \"a\0b\")")
        .code(2)
        .stderr(predicate::str::contains("nul.ron:2:8:"));
}

#[test]
fn files_over_the_size_limit_are_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let mut huge = b"Scenario(summary: \"".to_vec();
    huge.resize(9 * 1024 * 1024, b'a');
    validate(dir.path(), "huge.ron", &huge).code(2).stderr(predicate::str::contains("larger than the limit of 8 MiB"));
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    for (name, open) in [("lists.ron", "["), ("tuples.ron", "("), ("maps.ron", "{a:"), ("variants.ron", "All(")] {
        let text = format!("Scenario(id: \"x\", end: (impact: {}", open.repeat(100_000));
        validate(dir.path(), name, text.as_bytes()).code(2).stderr(located(name));
    }
    let comments = format!("Scenario({}", "/*".repeat(100_000));
    validate(dir.path(), "comments.ron", comments.as_bytes()).code(2).stderr(located("comments.ron"));
}

#[test]
fn a_file_cut_anywhere_is_reported_at_a_position() {
    let text = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cuts: Vec<usize> = (1..text.len()).step_by(97).filter(|&i| text.is_char_boundary(i)).collect();
    for cut in cuts {
        let prefix = &text[..cut];
        if prefix.trim_end().ends_with(')') && prefix.matches('(').count() == prefix.matches(')').count() {
            continue;
        }
        validate(dir.path(), "cut.ron", prefix.as_bytes()).code(2).stderr(located("cut.ron"));
    }
}

#[test]
fn a_missing_path_is_an_input_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("ttx")
        .unwrap()
        .current_dir(dir.path())
        .args(["validate", "no-such-file.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.ron: error[io]"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "validate wrote something");
}

/// Defect 7: amounts at their limits add up to a finite cost that every file ttx writes holds as
/// a number, so `ttx report` reads back the folder `ttx run` wrote; amounts over the limit are
/// refused.
#[test]
fn costs_at_the_limits_are_written_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("tests/fixtures/valid/minimal.ron")
        .unwrap()
        .replace("per_host_encrypted: 300.0", "per_host_encrypted: 1e9, per_host_compromised: 1e9")
        .replace("cost_per_hour: 500.0", "cost_per_hour: 1e9")
        .replace("records: 2000,", "records: 1000000000000,")
        .replace("per_record: { Pii: 20.0 }", "per_record: { Pii: 1e9 }");
    std::fs::write(dir.path().join("costly.ron"), &text).unwrap();
    let over = text.replace("cost_per_hour: 1e9", "cost_per_hour: 1e308");
    validate(dir.path(), "over.ron", over.as_bytes())
        .code(2)
        .stderr(predicate::str::contains("over.ron:32:").and(predicate::str::contains("is over the limit of 1e9")));
    let out = dir.path().join("runs");
    let run =
        |args: &[&str]| Command::cargo_bin("ttx").unwrap().current_dir(dir.path()).args(args).write_stdin("").assert();
    let plan = std::fs::canonicalize("tests/fixtures/valid/minimal-plan.ron").unwrap();
    let plan = plan.to_str().unwrap();
    run(&["run", "costly.ron", "--plan", plan, "--seed", "3", "--out", out.to_str().unwrap()]).success();
    let folder = std::fs::read_dir(&out).unwrap().flatten().map(|e| e.path()).find(|p| p.is_dir()).unwrap();
    let evaluation: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("evaluation.json")).unwrap()).unwrap();
    let cost = evaluation.pointer("/impact/cost").and_then(serde_json::Value::as_f64);
    assert!(cost.is_some_and(|c| c.is_finite() && c > 1e9), "cost {cost:?} in {evaluation}");
    run(&["report", folder.to_str().unwrap(), "--force"]).success();
    let report = std::fs::read_to_string(folder.join("report.md")).unwrap();
    // No amount overflowed to nothing or to infinity (some amounts are truly zero: no money was stolen).
    let broken = ["estimated cost 0 EUR", "| Harm in money | 0 EUR", "inf"];
    assert!(broken.iter().all(|b| !report.contains(b)), "{report}");
    assert!(report.contains("| Harm in money | 415,750,000,000 EUR |"), "{report}");
}

/// A console line over the limit is skipped whole with a located error, and the lines after it
/// still count: a runaway paste never holds the drill's memory hostage.
#[test]
fn an_overlong_console_line_is_skipped_whole() {
    let dir = tempfile::tempdir().unwrap();
    let input = format!("{}\nnote after the long line\nend\n", "a".repeat(200_000));
    let out = dir.path().join("runs");
    Command::cargo_bin("ttx")
        .unwrap()
        .args(["run", "tests/fixtures/valid/minimal.ron", "--plan", "tests/fixtures/valid/minimal-plan.ron", "--out"])
        .arg(&out)
        .write_stdin(input)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "<stdin>:1: error: the line is longer than 65536 bytes; nothing was recorded",
        ));
    let folder = std::fs::read_dir(&out).unwrap().flatten().next().unwrap().path();
    let journal = std::fs::read_to_string(folder.join("journal.jsonl")).unwrap();
    assert!(journal.contains("\"after the long line\"") && !journal.contains("aaaa"), "{journal}");
}
