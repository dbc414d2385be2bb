//! The console on a real terminal (a pseudo-terminal): Tab completion, a typo with its
//! suggestion, undo, `end` and its hot wash, and `done` writing the report.

use rexpect::session::{PtySession, spawn_command};

/// The command on a pseudo-terminal; `None`, with a notice, where the machine has none to give.
fn terminal(command: std::process::Command) -> Option<PtySession> {
    match spawn_command(command, Some(20_000)) {
        Ok(session) => Some(session),
        Err(e) if !std::path::Path::new("/dev/ptmx").exists() => {
            eprintln!("skipped: no pseudo-terminal on this machine ({e})");
            None
        }
        Err(e) => panic!("cannot start the console on a pseudo-terminal: {e}"),
    }
}

#[test]
fn the_terminal_console_completes_suggests_undoes_and_ends() {
    let out = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("ttx"));
    command.args(["run", "tests/fixtures/valid/minimal.ron", "--plan", "tests/fixtures/valid/minimal-plan.ron"]);
    command.arg("--out").arg(out.path()).env("NO_COLOR", "1").env("TERM", "xterm");
    let Some(mut console) = terminal(command) else { return };
    console.exp_string("`help` lists the commands").unwrap();
    console.exp_string("ttx> ").unwrap();
    // Completion: `dec` → `decide`, `isolate-se` → `isolate-segment`, `se` → `servers`, `it` → `it_operations`.
    console.send("dec\t").unwrap();
    console.send("isolate-se\t").unwrap();
    console.send("se\t").unwrap();
    console.send("--by it\t").unwrap();
    console.send_line("").unwrap();
    console.exp_string("decision by it_operations: isolate-segment servers").unwrap();
    console.send_line("nxt").unwrap();
    console.exp_string("unknown command `nxt`; did you mean `next`?").unwrap();
    console.send_line("undo").unwrap();
    console.exp_string("took back: isolate-segment servers by it_operations").unwrap();
    console.send_line("undo").unwrap();
    console.exp_string("nothing to undo").unwrap();
    // Closing the drill asks first; anything but yes goes on.
    console.send_line("decide declare-closed --by incident_commander").unwrap();
    console.exp_string("Declare the incident closed at +0m").unwrap();
    console.send_line("no").unwrap();
    console.exp_string("not confirmed: the drill goes on").unwrap();
    console.send_line("end").unwrap();
    console.exp_string("End the drill now, at +0m").unwrap();
    console.send_line("yes").unwrap();
    // The hot wash follows, with its own prompt; Tab completes capabilities and roles there too.
    console.exp_string("the hot wash is open").unwrap();
    console.exp_string("hotwash> ").unwrap();
    console.send("strength cont\t").unwrap();
    console.send("\"Servers cut off at once\" --from incident_c\t").unwrap();
    console.send_line("").unwrap();
    console.exp_string("recorded strength: \"Servers cut off at once\"").unwrap();
    console.exp_string("incident_commander (1 remark in all)").unwrap();
    console.send_line("done").unwrap();
    console.exp_string("readiness:").unwrap();
    console.exp_eof().unwrap();
    let run = out.path().join("minimal-ransomware-minimal-plan-seed1");
    let journal = std::fs::read_to_string(run.join("journal.jsonl")).unwrap();
    assert!(journal.contains(
        "{\"type\":\"decision\",\"at\":0,\"role\":\"it_operations\",\"action\":{\"IsolateSegment\":\"servers\"}"
    ));
    assert!(journal.contains("{\"type\":\"undo\""));
    assert!(!journal.contains("DeclareClosed"), "the declaration not confirmed was never recorded");
    assert!(run.join("report.html").is_file());
    let history = std::fs::read_to_string(run.join("console-history.txt")).unwrap();
    assert!(history.contains("decide isolate-segment servers --by it_operations") && history.contains("nxt"));
    let timeline = std::fs::read_to_string(run.join("timeline.json")).unwrap();
    assert!(!timeline.contains("decision_taken"), "the undone decision never reached the engine");
}

#[test]
fn real_time_pacing_moves_the_clock_until_paused() {
    let out = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("ttx"));
    command.args(["run", "tests/fixtures/valid/minimal.ron", "--plan", "tests/fixtures/valid/minimal-plan.ron"]);
    // One 15-minute tick every half second.
    command.args(["--pace", "1h=2s", "--out"]).arg(out.path()).env("NO_COLOR", "1").env("TERM", "xterm");
    let Some(mut console) = terminal(command) else { return };
    console.exp_string("ttx> ").unwrap();
    // The clock line comes on the hour (and with news), not at every tick.
    console.exp_string("+1h ").unwrap();
    console.send_line("pause").unwrap();
    console.exp_string("paused").unwrap();
    console.send_line("end").unwrap();
    console.exp_string("Type `yes` to confirm").unwrap();
    console.send_line("y").unwrap();
    console.exp_string("hotwash> ").unwrap();
    console.send_line("quit").unwrap();
    console.exp_string("readiness:").unwrap();
    console.exp_eof().unwrap();
    let journal =
        std::fs::read_to_string(out.path().join("minimal-ransomware-minimal-plan-seed1/journal.jsonl")).unwrap();
    assert!(journal.contains("{\"type\":\"advance\",\"to\":900,"), "each paced tick is journalled:\n{journal}");
}

#[test]
fn a_resumed_drill_says_where_it_stands() {
    let out = tempfile::tempdir().unwrap();
    let args = ["run", "tests/fixtures/valid/minimal.ron", "--plan", "tests/fixtures/valid/minimal-plan.ron", "--out"];
    let started = assert_cmd::Command::cargo_bin("ttx")
        .unwrap()
        .args(args)
        .arg(out.path())
        .write_stdin("next\ndecide collect-evidence office --by soc_analyst\nadvance 6h\nquit\n")
        .output()
        .unwrap();
    assert!(started.status.success());
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("ttx"));
    command.arg("resume").arg(out.path().join("minimal-ransomware-minimal-plan-seed1"));
    command.env("NO_COLOR", "1").env("TERM", "xterm");
    let Some(mut console) = terminal(command) else { return };
    let (before, so_far) = console.exp_regex("so far: [^\r\n]*").unwrap();
    assert!(!before.contains("brings the first inject"), "{before}");
    // `advance 6h` stopped early, at the finding: the drill is there, and says so.
    let expected =
        "so far: 1 inject, 0 alerts, 1 decision taken; last: the finding of an investigation of office at +2h30m";
    assert!(so_far.starts_with(expected), "{so_far}");
    console.exp_string("`status` shows where things stand").unwrap();
    console.exp_string("ttx> ").unwrap();
    console.send_line("quit").unwrap();
    console.exp_eof().unwrap();
}
