//! Text from input files never reaches the terminal raw: a scenario and a plan whose titles,
//! names, texts and messages hold OSC and CSI sequences, BEL, backspace and carriage returns go
//! through `ttx show`, `ttx list`, a live drill at the console, `ttx validate` and the CLI's
//! messages, and no control character other than a line feed comes out, only visible escapes.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// What a hostile file puts in its text, written with RON escapes: a window title change, a
/// screen clear, a C1 CSI (U+009B) colour change, a backspace and a carriage return. (Names and
/// titles with a line feed are refused by validation; multi-line texts get one below.)
const HOSTILE: &str = r"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{8}\r";

/// How `HOSTILE` reads once made inert, on one line.
const SHOWN: &str = r"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{8}\u{d}";

/// The fixture `file` with each `(from, to)` replacement, where `to` has `{H}` for the hostile
/// text, written to `dir` under `name`; every replacement must apply.
fn hostile_copy(file: &str, dir: &Path, name: &str, replacements: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(file).unwrap();
    for (from, to) in replacements {
        assert!(text.contains(from), "{file} no longer holds {from:?}; update this test");
        text = text.replacen(from, &to.replace("{H}", HOSTILE), 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The minimal scenario with hostile text in every kind of free text the console and `ttx show`
/// print.
fn hostile_scenario(dir: &Path) -> PathBuf {
    hostile_copy(
        "tests/fixtures/valid/minimal.ron",
        dir,
        "hostile.ron",
        &[
            ("title: \"Minimal ransomware drill\"", "title: \"Minimal {H} drill\""),
            ("summary: \"A phished", "summary: \"{H}\\nA phished"),
            ("author: \"ttx team\"", "author: \"ttx {H} team\""),
            ("tags: [\"ransomware\", \"example\"]", "tags: [\"ransomware\", \"ex{H}ample\"]"),
            ("count: 120)", "count: 120, name: \"Front desk {H} PCs\")"),
            ("name: \"Office network\"", "name: \"Office {H} network\""),
            ("name: \"File sharing\"", "name: \"File {H} sharing\""),
            ("name: \"Opportunistic ransomware affiliate\"", "name: \"Opportunistic {H} affiliate\""),
            ("name: \"Files encrypted\"", "name: \"Files {H} encrypted\""),
            (
                "title: \"Mass file renames on file servers\", severity: Critical",
                "title: \"Mass {H} renames\", severity: Critical, text: \"EDR {H} says\"",
            ),
            ("title: \"Odd invoice\"", "title: \"Odd {H} invoice\""),
            ("from: \"Reception\"", "from: \"Recep{H}tion\""),
            ("text: \"Reception forwards", "text: \"{H}\\nReception forwards"),
            ("questions: [\"Who looks", "questions: [\"{H} Who looks"),
            ("title: \"Files will not open\"", "title: \"Files {H} will not open\""),
        ],
    )
}

/// The minimal plan with hostile text in its playbook steps and its notification clock.
fn hostile_plan(dir: &Path) -> PathBuf {
    hostile_copy(
        "tests/fixtures/valid/minimal-plan.ron",
        dir,
        "hostile-plan.ron",
        &[
            ("title: \"Confirm and scope\"", "title: \"Confirm {H} and scope\""),
            ("title: \"Declare severity\"", "title: \"Declare {H} severity\""),
            ("regulation: \"GDPR Art. 33\"", "regulation: \"GDPR {H} Art. 33\""),
        ],
    )
}

fn ttx() -> Command {
    let mut command = Command::cargo_bin("ttx").unwrap();
    command.env_remove("TTX_SCENARIOS").env("NO_COLOR", "1");
    command
}

/// Fails on any control character but a line feed in `bytes`: C0, DEL and C1 (whose UTF-8
/// encoding is C2 80 to C2 9F).
fn assert_inert(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (line, content) in text.lines().enumerate() {
        let bad: Vec<char> = content.chars().filter(|c| c.is_control()).collect();
        assert!(bad.is_empty(), "{what}, line {}: control characters {bad:?} in {content:?}", line + 1);
    }
    assert!(
        !bytes.iter().any(|&b| b == 0x1b || b == 0x07 || b == 0x08 || b == b'\r'),
        "{what}: raw ESC, BEL, BS or CR"
    );
    assert!(!bytes.windows(2).any(|w| w == [0xc2, 0x9b]), "{what}: a raw U+009B");
}

/// Runs `command` and checks both of its output streams; returns standard output.
fn inert_output(what: &str, command: &mut Command) -> (Option<i32>, String) {
    let output = command.output().unwrap();
    assert_inert(&format!("{what} (stdout)"), &output.stdout);
    assert_inert(&format!("{what} (stderr)"), &output.stderr);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn show_prints_hostile_scenario_text_as_visible_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = hostile_scenario(dir.path());
    let (code, stdout) = inert_output("ttx show", ttx().arg("show").arg(&scenario));
    assert_eq!(code, Some(0), "{stdout}");
    for shown in ["Minimal ", "Front desk ", "Office ", "Mass ", "Odd ", "Opportunistic ", "Files "] {
        assert!(stdout.contains(&format!("{shown}{SHOWN}")), "`{shown}…` not shown escaped in:\n{stdout}");
    }
}

#[test]
fn list_prints_hostile_titles_as_visible_escapes() {
    let dir = tempfile::tempdir().unwrap();
    hostile_scenario(dir.path());
    let (code, stdout) = inert_output("ttx list", ttx().arg("list").arg("--scenarios").arg(dir.path()));
    assert_eq!(code, Some(0));
    assert!(stdout.contains(&format!("Minimal {SHOWN} drill")), "{stdout}");
}

#[test]
fn a_live_drill_shows_hostile_text_as_visible_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let (scenario, plan) = (hostile_scenario(dir.path()), hostile_plan(dir.path()));
    let commands = [
        "next",
        "next",
        "advance 1d",
        "status",
        "injects",
        "truth",
        "timeline",
        "plan",
        "clocks",
        "decide custom \"call \u{1b}[2J the \u{9b}31m insurer\" --by incident_commander",
        "nxt\u{1b}]0;pwned\u{7}",
        "decide isolate-segment \u{1b}[2J --by it_operations",
        "note \"the room \u{1b}[2J went quiet\"",
    ];
    let stdin: String = commands.iter().map(|c| format!("{c}\n")).collect();
    let mut command = ttx();
    command.args(["run", scenario.to_str().unwrap(), "--plan", plan.to_str().unwrap(), "--out"]).arg(dir.path());
    let (code, stdout) = inert_output("ttx run", command.write_stdin(stdin));
    assert_eq!(code, Some(0), "{stdout}");
    for shown in ["INJECT i01", "Odd ", "Recep", "ALERT", "Mass ", "EDR ", "Confirm ", "GDPR ", "Files "] {
        assert!(stdout.contains(shown), "`{shown}` missing from the console output:\n{stdout}");
    }
    assert!(stdout.contains(&format!("Odd {SHOWN} invoice")), "{stdout}");
    assert!(stdout.contains(&format!("Mass {SHOWN} renames")), "{stdout}");
    assert!(stdout.contains(&format!("Confirm {SHOWN} and scope")), "{stdout}");
}

#[test]
fn resume_and_report_of_a_hostile_run_folder_print_nothing_raw() {
    let dir = tempfile::tempdir().unwrap();
    let (scenario, plan) = (hostile_scenario(dir.path()), hostile_plan(dir.path()));
    let mut command = ttx();
    command.args(["run", scenario.to_str().unwrap(), "--plan", plan.to_str().unwrap(), "--out"]).arg(dir.path());
    inert_output("ttx run, then quit", command.write_stdin("next\nquit\n"));
    let folder = dir.path().join("minimal-ransomware-minimal-plan-seed1");
    let (code, _) = inert_output("ttx resume", ttx().arg("resume").arg(&folder).write_stdin("injects\nend\n"));
    assert_eq!(code, Some(0));
    let (code, _) = inert_output("ttx report", ttx().arg("report").arg(&folder).arg("--force"));
    assert_eq!(code, Some(0));
}

#[test]
fn diagnostics_and_cli_messages_about_hostile_files_print_nothing_raw() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = "tests/fixtures/valid/minimal.ron";
    let broken =
        hostile_copy(fixture, dir.path(), "broken.ron", &[("Foothold(\"office\")", "Foothold(\"of{H}fice\")")]);
    let garbled = hostile_copy(
        fixture,
        dir.path(),
        "garbled.ron",
        &[("title: \"Odd invoice\"", "title: \"Odd \u{1b}]0;pwned\u{7}\" \u{1b}[2J\u{9b}31m")],
    );
    for file in [&broken, &garbled] {
        let (code, _) = inert_output("ttx validate", ttx().arg("validate").arg(file));
        assert_eq!(code, Some(2));
    }
    let (code, _) = inert_output("ttx show", ttx().arg("show").arg(&broken));
    assert_eq!(code, Some(2));
    let plan = "tests/fixtures/valid/minimal-plan.ron";
    let (code, _) = inert_output("ttx run", ttx().args(["run", broken.to_str().unwrap(), "--plan", plan]));
    assert_eq!(code, Some(2));
    let (code, _) = inert_output("ttx list", ttx().arg("list").arg("--scenarios").arg(dir.path()));
    assert_eq!(code, Some(0));
}
