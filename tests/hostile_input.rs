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
