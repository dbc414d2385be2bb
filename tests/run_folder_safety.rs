//! Run folders under attack and abuse: links planted in or at a run folder are never followed
//! (nothing outside is written, or read), huge or endless files are refused before they are read,
//! a pipe never blocks a read, `--force` swaps folders and sweeps up after killed runs, run ids
//! from file names are safe, and bad journal or timeline bytes are shown at `path:line:col`.
#![cfg(unix)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The minimal scripted drill's run folder name (seed 1).
const RUN_ID: &str = "minimal-ransomware-minimal-plan-seed1-minimal-decisions";

/// The files `ttx report` writes into a run folder (PNGs only on request). The minimal drill
/// starts no notification clock, so it has no clocks chart.
const REPORT_FILES: [&str; 6] =
    ["evaluation.json", "report.md", "report.html", "incident-curve.svg", "response-timeline.svg", "metrics.svg"];

/// ttx with the fixture library, no colour, and a time limit so that a hang fails the test.
fn ttx() -> Command {
    let mut command = Command::cargo_bin("ttx").unwrap();
    command.env_remove("TTX_SCENARIOS").env("NO_COLOR", "1").args(["--scenarios", "tests/fixtures/valid"]);
    command.timeout(Duration::from_secs(60));
    command
}

/// `ttx run` of the minimal scenario and plan into `out`.
fn run(out: &Path) -> Command {
    let mut command = ttx();
    command.args(["run", "minimal-ransomware", "--plan", "tests/fixtures/valid/minimal-plan.ron", "--out"]).arg(out);
    command
}

/// The minimal scripted drill, run into `out`; returns its run folder.
fn scripted_run(out: &Path) -> PathBuf {
    run(out).args(["--decisions", "tests/fixtures/valid/minimal-decisions.ron"]).assert().code(0);
    out.join(RUN_ID)
}

/// A live drill of the minimal scenario, left with `quit`; returns its run folder.
fn left_drill(out: &Path) -> PathBuf {
    run(out).write_stdin("note one\nnote two\nnote three\nquit\n").assert().code(0);
    out.join("minimal-ransomware-minimal-plan-seed1")
}

/// ttx run by a shell that first runs `plant` (with `$$`, which becomes ttx's process id) and
/// then, with `limit_kib`, caps ttx's memory with `ulimit -v`.
fn ttx_via_shell(plant: &str, limit_kib: Option<u64>) -> Command {
    let limit = limit_kib.map(|kib| format!("ulimit -v {kib}; ")).unwrap_or_default();
    let mut command = Command::new("sh");
    command.arg("-c").arg(format!("{plant}\n{limit}exec \"$0\" \"$@\"")).arg(env!("CARGO_BIN_EXE_ttx"));
    command.env_remove("TTX_SCENARIOS").env("NO_COLOR", "1").timeout(Duration::from_secs(60));
    command
}

/// Every entry of a folder, sorted, as names.
fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A folder outside the run with one file in it; returns the file.
fn victim(dir: &Path) -> PathBuf {
    let outside = dir.join("outside");
    std::fs::create_dir(&outside).unwrap();
    let file = outside.join("victim.txt");
    std::fs::write(&file, "not yours\n").unwrap();
    file
}

fn assert_untouched(victim: &Path) {
    assert_eq!(std::fs::read_to_string(victim).unwrap(), "not yours\n", "the file outside the run was changed");
    assert_eq!(names(victim.parent().unwrap()), ["victim.txt"], "something was written outside the run");
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Shell lines that link `.<name>.partial-$$` in `folder` to `target` for every report file: the
/// temporary names ttx once used.
fn plant_old_names(folder: &Path, target: &Path) -> String {
    REPORT_FILES
        .iter()
        .map(|name| format!("ln -s '{}' '{}/.{name}.partial-'$$", target.display(), folder.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn report_refuses_a_report_file_that_is_a_link_and_writes_nothing_outside() {
    let dir = tempfile::tempdir().unwrap();
    let folder = scripted_run(dir.path());
    let victim = victim(dir.path());
    std::fs::remove_file(folder.join("evaluation.json")).unwrap();
    symlink(&victim, folder.join("evaluation.json")).unwrap();
    let plant = plant_old_names(&folder, &victim);
    ttx_via_shell(&plant, None)
        .arg("report")
        .arg(&folder)
        .arg("--force")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("evaluation.json` is a symbolic link"));
    assert_untouched(&victim);
    assert!(is_link(&folder.join("evaluation.json")), "the link was refused, not replaced");
    assert_eq!(std::fs::read_link(folder.join("evaluation.json")).unwrap(), victim);
}

#[test]
fn report_writes_only_inside_even_with_links_at_the_old_temporary_names() {
    let dir = tempfile::tempdir().unwrap();
    let folder = scripted_run(dir.path());
    let victim = victim(dir.path());
    let before = std::fs::read(folder.join("evaluation.json")).unwrap();
    std::fs::remove_file(folder.join("evaluation.json")).unwrap();
    let plant = plant_old_names(&folder, &victim);
    ttx_via_shell(&plant, None).arg("report").arg(&folder).arg("--force").assert().code(0);
    assert_untouched(&victim);
    assert!(!is_link(&folder.join("evaluation.json")), "evaluation.json is a file of the run folder");
    assert_eq!(std::fs::read(folder.join("evaluation.json")).unwrap(), before, "the same evaluation, rewritten");
    let temporary: Vec<String> = names(&folder).into_iter().filter(|n| n.starts_with('.')).collect();
    assert_eq!(temporary.len(), REPORT_FILES.len(), "only the planted links are left: {temporary:?}");
    assert!(temporary.iter().all(|n| is_link(&folder.join(n))));
}

#[test]
fn run_with_force_writes_only_inside_even_with_a_link_at_the_old_staging_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let folder = scripted_run(&out);
    let victim = victim(dir.path());
    let plant = format!("ln -s '{}' '{}/.{RUN_ID}.partial-'$$", victim.parent().unwrap().display(), out.display());
    let mut command = ttx_via_shell(&plant, None);
    command.args(["--scenarios", "tests/fixtures/valid", "run", "minimal-ransomware"]);
    command.args(["--plan", "tests/fixtures/valid/minimal-plan.ron", "--force", "--out"]).arg(&out);
    command.args(["--decisions", "tests/fixtures/valid/minimal-decisions.ron"]).assert().code(0);
    assert_untouched(&victim);
    assert!(folder.join("timeline.json").is_file() && !is_link(&folder));
}

#[test]
fn a_run_folder_that_is_a_link_is_refused_by_run_report_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    let real = scripted_run(&dir.path().join("elsewhere"));
    let out = dir.path().join("reports");
    std::fs::create_dir(&out).unwrap();
    symlink(&real, out.join(RUN_ID)).unwrap();
    let before = names(&real);
    let journal = std::fs::read(real.join("journal.jsonl")).unwrap();
    let refused = predicate::str::contains("is a symbolic link");
    run(&out)
        .args(["--decisions", "tests/fixtures/valid/minimal-decisions.ron", "--force"])
        .assert()
        .code(1)
        .stderr(refused.clone());
    ttx().arg("report").arg(out.join(RUN_ID)).arg("--force").assert().code(1).stderr(refused.clone());
    ttx().arg("report").arg(format!("{}/", out.join(RUN_ID).display())).assert().code(1).stderr(refused.clone());
    ttx().arg("resume").arg(out.join(RUN_ID)).write_stdin("end\n").assert().code(1).stderr(refused);
    assert!(is_link(&out.join(RUN_ID)));
    assert_eq!(names(&real), before);
    assert_eq!(std::fs::read(real.join("journal.jsonl")).unwrap(), journal);
}

#[test]
fn resume_never_appends_to_a_journal_that_is_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let folder = left_drill(dir.path());
    let victim = victim(dir.path());
    std::fs::copy(folder.join("journal.jsonl"), &victim).unwrap();
    let journal = std::fs::read(&victim).unwrap();
    std::fs::remove_file(folder.join("journal.jsonl")).unwrap();
    symlink(&victim, folder.join("journal.jsonl")).unwrap();
    ttx()
        .arg("resume")
        .arg(&folder)
        .write_stdin("note appended\nend\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("journal.jsonl` is a symbolic link"));
    assert_eq!(std::fs::read(&victim).unwrap(), journal, "nothing was appended through the link");
    assert!(!folder.join("timeline.json").exists());
    // ttx run --force does not replace a folder whose journal is a link either.
    run(dir.path()).arg("--force").write_stdin("").assert().code(1);
    assert_eq!(std::fs::read(&victim).unwrap(), journal);
}

#[test]
fn the_end_of_a_live_drill_writes_no_report_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let folder = left_drill(dir.path());
    let victim = victim(dir.path());
    symlink(&victim, folder.join("report.html")).unwrap();
    ttx()
        .arg("resume")
        .arg(&folder)
        .write_stdin("end\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("report.html` is a symbolic link"));
    assert_untouched(&victim);
    assert!(!folder.join("evaluation.json").exists(), "nothing is written once a link is found");
}

#[test]
fn huge_sparse_timeline_and_journal_are_refused_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let folder = scripted_run(dir.path());
    let sparse = |name: &str, bytes: u64| {
        std::fs::OpenOptions::new().write(true).truncate(true).open(folder.join(name)).unwrap().set_len(bytes).unwrap();
    };
    let report = || {
        let mut command = ttx_via_shell("", Some(1024 * 1024));
        command.arg("report").arg(&folder).arg("--force");
        command
    };
    let timeline = std::fs::read(folder.join("timeline.json")).unwrap();
    sparse("timeline.json", 100 * 1024 * 1024);
    let started = std::time::Instant::now();
    report().assert().code(2).stderr(predicate::str::contains(
        "timeline.json: error[file-too-large]: file is larger than the limit of 64 MiB",
    ));
    assert!(started.elapsed() < Duration::from_secs(20), "refused before reading");
    std::fs::write(folder.join("timeline.json"), timeline).unwrap();
    sparse("journal.jsonl", 3 * 1024 * 1024 * 1024);
    report().assert().code(2).stderr(predicate::str::contains(
        "journal.jsonl: error[file-too-large]: file is larger than the limit of 64 MiB",
    ));
}

#[test]
fn copies_that_are_links_even_to_dev_zero_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let folder = scripted_run(dir.path());
    let victim = victim(dir.path());
    for (copy, target) in [("scenario.ron", Path::new("/dev/zero")), ("plan.ron", victim.as_path())] {
        let kept = folder.join(format!("{copy}.kept"));
        std::fs::rename(folder.join(copy), &kept).unwrap();
        symlink(target, folder.join(copy)).unwrap();
        ttx_via_shell("", Some(1024 * 1024)).arg("report").arg(&folder).arg("--force").assert().code(2).stderr(
            predicate::str::contains(format!("{copy}: error[not-a-file]: a symbolic link, not a regular file")),
        );
        std::fs::remove_file(folder.join(copy)).unwrap();
        std::fs::rename(&kept, folder.join(copy)).unwrap();
    }
    ttx().arg("report").arg(&folder).arg("--force").assert().code(0);
    assert_untouched(&victim);
}

#[test]
fn a_pipe_given_to_validate_gets_a_diagnostic_and_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.ron");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    ttx()
        .arg("validate")
        .arg(&fifo)
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("x.ron: error[not-a-file]: a pipe, not a regular file"));
    // In a folder, only regular files are read: the pipe is skipped.
    std::fs::copy("tests/fixtures/valid/minimal.ron", dir.path().join("minimal.ron")).unwrap();
    ttx()
        .arg("validate")
        .arg(dir.path())
        .timeout(Duration::from_secs(20))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("ok: 1 file valid"));
}

#[test]
fn force_sweeps_up_staging_folders_of_killed_runs_and_leaves_a_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let folder = scripted_run(dir.path());
    let expected = names(&folder);
    let stale = [
        format!(".{RUN_ID}.ttx-staging-a1b2c3"),
        format!(".{RUN_ID}.ttx-staging-zz9911"),
        format!(".{RUN_ID}.ttx-staging-q"),
        format!(".{RUN_ID}.ttx-replaced-k3k3k3"),
        format!(".{RUN_ID}.ttx-replaced-0"),
    ];
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for name in &stale {
        let path = dir.path().join(name);
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("journal.jsonl"), "{\"ttx\":\"half\"}\n").unwrap();
        std::fs::write(path.join("report.md"), "half").unwrap();
        std::fs::File::open(&path).unwrap().set_modified(an_hour_ago).unwrap();
    }
    let other = dir.path().join(".another-run.ttx-staging-a1b2c3");
    std::fs::create_dir(&other).unwrap();
    std::fs::File::open(&other).unwrap().set_modified(an_hour_ago).unwrap();
    run(dir.path()).args(["--decisions", "tests/fixtures/valid/minimal-decisions.ron", "--force"]).assert().code(0);
    let mut left = names(dir.path());
    left.retain(|n| n.starts_with('.'));
    assert_eq!(left, [".another-run.ttx-staging-a1b2c3"], "this run's stale folders are gone, others kept");
    assert_eq!(names(&folder), expected, "the run folder is complete");
    let timeline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("timeline.json")).unwrap()).unwrap();
    assert_eq!(timeline["run"]["seed"], 1);
}

#[test]
fn a_decisions_file_named_with_control_characters_makes_a_safe_run_folder() {
    let dir = tempfile::tempdir().unwrap();
    let decisions = dir.path().join("\u{1b}[31mred\nline.ron");
    std::fs::copy("tests/fixtures/valid/minimal-decisions.ron", &decisions).unwrap();
    let out = dir.path().join("reports");
    let assert = run(&out).arg("--decisions").arg(&decisions).assert().code(0);
    assert_eq!(names(&out), ["minimal-ransomware-minimal-plan-seed1---31mred-line"]);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(!stdout.contains('\u{1b}'), "no escape sequence in the summary:\n{stdout}");
    let long = dir.path().join(format!("{}.ron", "d".repeat(200)));
    std::fs::copy("tests/fixtures/valid/minimal-decisions.ron", &long).unwrap();
    run(&out).arg("--decisions").arg(&long).assert().code(0);
    assert!(out.join(format!("minimal-ransomware-minimal-plan-seed1-{}", "d".repeat(64))).is_dir());
}

/// Replaces line `number` (from 1) of the run's journal, which must not be its last line.
fn corrupt_journal_line(folder: &Path, number: usize, line: &[u8]) {
    let path = folder.join("journal.jsonl");
    let bytes = std::fs::read(&path).unwrap();
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    assert!(lines.len() > number, "line {number} is not the last");
    lines[number - 1] = line;
    std::fs::write(&path, [lines.join(&b'\n'), b"\n".to_vec()].concat()).unwrap();
}

#[test]
fn a_bad_journal_line_is_shown_at_its_line_and_column_by_report_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    let folder = scripted_run(dir.path());
    corrupt_journal_line(&folder, 3, b"{\"type\":\"note\", oops}");
    let at = format!("{}:3:17: error[invalid-run]: key must be a string\n", folder.join("journal.jsonl").display());
    ttx().arg("report").arg(&folder).arg("--force").assert().code(2).stderr(predicate::str::contains(at.clone()));
    ttx().arg("resume").arg(&folder).write_stdin("").assert().code(2).stderr(predicate::str::contains(at));
    // A byte that is not UTF-8 after 24 characters (`é` is two bytes).
    corrupt_journal_line(&folder, 2, b"{\"type\":\"note\",\"text\":\"\xc3\xa9\xff\"}");
    ttx()
        .arg("report")
        .arg(&folder)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("journal.jsonl:2:25: error[invalid-run]: the line is not UTF-8 text"));
}

#[test]
fn an_invalid_utf8_timeline_is_shown_at_its_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let folder = scripted_run(dir.path());
    std::fs::write(folder.join("timeline.json"), b"{\n  \"\xc3\xa9vents\": [\xff]\n}\n").unwrap();
    ttx().arg("report").arg(&folder).arg("--force").assert().code(2).stderr(predicate::str::contains(format!(
        "{}:2:14: error[invalid-run]: not a ttx timeline: the file is not UTF-8 text",
        folder.join("timeline.json").display()
    )));
    std::fs::write(folder.join("timeline.json"), "{\n  \"é\": [1,\n    \"é\" 2]}\n").unwrap();
    ttx().arg("report").arg(&folder).arg("--force").assert().code(2).stderr(predicate::str::contains(
        "timeline.json:3:9: error[invalid-run]: not a ttx timeline: expected `,` or `]`",
    ));
}
