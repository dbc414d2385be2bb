//! The console through standard input: a scripted session's output, end of input as the
//! no-response run-out, `ttx resume` after `quit`, a changed scenario, a torn journal line, and
//! drills killed at random moments and resumed giving the same evaluation and report.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const SCENARIO: &str = "tests/fixtures/valid/minimal.ron";
const PLAN: &str = "tests/fixtures/valid/minimal-plan.ron";

/// State-changing commands only: each is one journal entry, so the journal says how far a
/// killed drill got.
const SESSION: &[&str] = &[
    "next",
    "decide collect-evidence office --by soc_analyst --why \"Scope the phishing\"",
    "note \"The SOC asked for permission first\"",
    "advance 1h",
    "decide isolate-hosts workstations --by it_operations",
    "undo",
    "decide isolate-segment servers --by it_operations --why \"Protect the file servers\"",
    "answer i01.1 \"The on-call analyst\"",
    "next",
    "decide classify sev1 --by incident_commander",
    "decide escalate legal --by incident_commander",
    "advance 6h",
    "decide restore nas --by it_operations",
    "advance 12h --through",
    "end",
];

fn ttx() -> Command {
    let mut command = Command::cargo_bin("ttx").unwrap();
    command.env_remove("TTX_SCENARIOS").env("NO_COLOR", "1");
    command
}

fn run(out: &Path, stdin: &str) -> assert_cmd::assert::Assert {
    ttx().args(["run", SCENARIO, "--plan", PLAN, "--seed", "3", "--out"]).arg(out).write_stdin(stdin).assert()
}

fn folder(out: &Path) -> PathBuf {
    out.join("minimal-ransomware-minimal-plan-seed3")
}

fn script(commands: &[&str]) -> String {
    commands.iter().map(|c| format!("{c}\n")).collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `line` with every date from this century (`2026-12-05`) replaced by `<date>`.
fn undated(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let shape = "dddd-dd-dd";
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let here = chars.get(i..i + shape.len()).is_some_and(|w| {
            w.iter().zip(shape.chars()).all(|(c, s)| if s == 'd' { c.is_ascii_digit() } else { *c == s })
        });
        if here && chars[i] == '2' && chars[i + 1] == '0' {
            out.push_str("<date>");
            i += shape.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// A run folder's file as the drill made it, without the room's clock: two drills given the same
/// inputs at different times of day differ only there. In the evaluation that is every `wall`
/// stamp and the `held` span; in the report, the line on when it was held and each note's room
/// time.
fn unstamped(path: &Path) -> String {
    let text = read(path);
    if path.extension().is_some_and(|e| e == "json") {
        fn strip(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(fields) => {
                    fields.remove("wall");
                    fields.remove("held");
                    fields.values_mut().for_each(strip);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
                _ => {}
            }
        }
        let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
        strip(&mut value);
        return serde_json::to_string_pretty(&value).unwrap();
    }
    let mut out = String::new();
    for line in text.lines().filter(|l| !l.starts_with("| Held | ")) {
        // The improvement plan's dates count from the day the drill was held.
        let line = undated(line);
        let mut rest: &str = &line;
        while let Some(start) = rest.find("; room ") {
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            rest = &rest[rest.find(')').unwrap_or(rest.len())..];
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

#[test]
fn a_scripted_session_shows_what_the_players_see_and_answers_typos() {
    let out = tempfile::tempdir().unwrap();
    let mut lines = vec!["status", "nxt", "decide isolate-segmnt servers --by it_operations", "decide patch x"];
    lines.extend(["decide isolate-segment servers --by it_ops", "undo", "help undo", "clocks", "plan"]);
    lines.extend(&SESSION[..SESSION.len() - 1]);
    lines.extend(["truth", "timeline", "injects", "status", "end", "status"]);
    let assert = run(out.path(), &script(&lines)).code(0);
    let output = assert.get_output();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stdout.contains('\x1b'), "no colour when output is not a terminal");
    let temp = out.path().display().to_string();
    insta::assert_snapshot!("scripted-session-stdout", stdout.replace(&temp, "<out>"));
    insta::assert_snapshot!("scripted-session-stderr", stderr.replace(&temp, "<out>"));
}

#[test]
fn end_of_input_runs_on_like_the_no_response_baseline() {
    let (views, empty) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(views.path(), &script(&["status", "help", "timeline", "clocks"])).code(0);
    run(empty.path(), "").code(0);
    for file in ["evaluation.json", "report.md", "timeline.json"] {
        assert_eq!(unstamped(&folder(views.path()).join(file)), unstamped(&folder(empty.path()).join(file)), "{file}");
    }
    let evaluation = read(&folder(empty.path()).join("evaluation.json"));
    assert!(!evaluation.contains("ended_by_facilitator"), "the drill ran to its natural end");
}

#[test]
fn quit_then_resume_is_the_same_as_never_leaving() {
    let (whole, split) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(whole.path(), &script(SESSION)).code(0);
    let mut first = SESSION[..6].to_vec();
    first.push("quit");
    run(split.path(), &script(&first)).code(0).stderr(predicate::str::contains("continue with: ttx resume"));
    assert!(!folder(split.path()).join("report.md").exists(), "no report until the drill ends");
    ttx()
        .arg("report")
        .arg(folder(split.path()))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("has not ended yet"));
    ttx().arg("resume").arg(folder(split.path())).write_stdin(script(&SESSION[6..])).assert().code(0);
    for file in ["evaluation.json", "report.md", "timeline.json"] {
        assert_eq!(unstamped(&folder(whole.path()).join(file)), unstamped(&folder(split.path()).join(file)), "{file}");
    }
    let journal = |d: &tempfile::TempDir| inputs(&read(&folder(d.path()).join("journal.jsonl")));
    assert_eq!(journal(&whole), journal(&split), "the same inputs, whatever the room's clock said");
}

/// A journal's inputs without the room's clock and the chain that covers it.
fn inputs(journal: &str) -> Vec<serde_json::Value> {
    let strip = |line: &str| {
        let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(fields) = value.as_object_mut() {
            fields.remove("wall");
            fields.remove("prev");
            fields.remove("started");
        }
        value
    };
    journal.lines().map(strip).collect()
}

#[test]
fn resume_refuses_a_changed_scenario_and_drops_a_torn_line() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("scenario.ron");
    std::fs::copy(SCENARIO, &scenario).unwrap();
    let out = dir.path().join("runs");
    ttx()
        .args(["run", scenario.to_str().unwrap(), "--plan", PLAN, "--seed", "3", "--out"])
        .arg(&out)
        .write_stdin(script(&SESSION[..4]).to_string() + "quit\n")
        .assert()
        .code(0);
    let run_dir = folder(&out);
    let journal = run_dir.join("journal.jsonl");
    // A power cut in the middle of writing the fifth input.
    let mut text = read(&journal);
    text.push_str("{\"type\":\"decision\",\"at\":54");
    std::fs::write(&journal, &text).unwrap();
    let original = read(&scenario);
    std::fs::write(&scenario, original.replace("chance: 0.9", "chance: 0.8")).unwrap();
    ttx()
        .arg("resume")
        .arg(&run_dir)
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("journal.jsonl:1:1: error[invalid-input]: the scenario file `"))
        .stderr(predicate::str::contains("changed since this run started"));
    assert_eq!(read(&journal), text, "a refused resume changes nothing");
    std::fs::write(&scenario, original).unwrap();
    ttx()
        .arg("resume")
        .arg(&run_dir)
        .write_stdin(script(&SESSION[4..]))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("journal.jsonl:6: the last line was cut short"));
    let journal = read(&journal);
    assert!(journal.lines().all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()), "{journal}");
    assert_eq!(journal.lines().count(), 1 + SESSION.len(), "header and every input once");
}

/// Journal entries a reader keeps: complete lines that parse, after the header.
fn inputs_recorded(journal: &Path) -> Option<usize> {
    let bytes = std::fs::read(journal).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let complete = text
        .split_inclusive('\n')
        .take_while(|l| l.ends_with('\n') && serde_json::from_str::<serde_json::Value>(l).is_ok())
        .count();
    complete.checked_sub(1)
}

#[test]
fn a_drill_killed_at_any_moment_and_resumed_gives_the_same_result() {
    let whole = tempfile::tempdir().unwrap();
    run(whole.path(), &script(SESSION)).code(0);
    let expected: Vec<String> =
        ["evaluation.json", "report.md"].iter().map(|f| unstamped(&folder(whole.path()).join(f))).collect();
    let binary = assert_cmd::cargo::cargo_bin("ttx");
    // Each round waits until the journal holds a chosen number of inputs (0 to all of them, and
    // past the end while the report is written), then waits a pseudo-random few milliseconds
    // more and kills: every stage of the drill is hit, on a fast machine or a slow one.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut stages = std::collections::BTreeSet::new();
    for round in 0..18 {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let target = round % (SESSION.len() + 3);
        let delay = Duration::from_millis((state >> 33) % GAP_MS);
        let out = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(&binary)
            .args(["run", SCENARIO, "--plan", PLAN, "--seed", "3", "--out"])
            .arg(out.path())
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // The room types one command at a time.
        let mut stdin = child.stdin.take().unwrap();
        let typist = std::thread::spawn(move || {
            use std::io::Write;
            for command in SESSION {
                std::thread::sleep(Duration::from_millis(GAP_MS));
                if stdin.write_all(format!("{command}\n").as_bytes()).is_err() {
                    return;
                }
            }
        });
        let run_dir = folder(out.path());
        let waiting = std::time::Instant::now();
        while inputs_recorded(&run_dir.join("journal.jsonl")).is_none_or(|n| n < target.min(SESSION.len()))
            && waiting.elapsed() < Duration::from_secs(20)
            && child.try_wait().ok().flatten().is_none()
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let _ = typist.join();
        match inputs_recorded(&run_dir.join("journal.jsonl")) {
            // Killed before the run folder was in place: start again.
            None => run(out.path(), &script(SESSION)).code(0),
            Some(done) => {
                stages.insert(done);
                ttx()
                    .arg("resume")
                    .arg(&run_dir)
                    .write_stdin(script(&SESSION[done.min(SESSION.len())..]))
                    .assert()
                    .code(0)
            }
        };
        for (file, expected) in ["evaluation.json", "report.md"].iter().zip(&expected) {
            let when = format!("round {round}, killed {delay:?} after input {target}");
            assert_eq!(&unstamped(&run_dir.join(file)), expected, "{when}: {file} differs");
        }
    }
    eprintln!("inputs recorded when killed: {stages:?}");
    assert!(stages.len() >= SESSION.len() / 2, "the kills landed at too few moments: {stages:?}");
}

use std::time::Duration;

/// Time between two commands typed into a drill that is about to be killed.
const GAP_MS: u64 = 20;

#[test]
fn odd_input_lines_are_answered_and_the_drill_goes_on() {
    let out = tempfile::tempdir().unwrap();
    let mut stdin = b"note \"caf\xe9\"\n".to_vec(); // not UTF-8
    stdin.extend_from_slice("decide custom call the insurer's hotline --by incident_commander\r\n".as_bytes());
    stdin.extend_from_slice("decide \u{3000}\nadvance 1h --through\nend\n".as_bytes());
    let output = ttx()
        .args(["run", SCENARIO, "--plan", PLAN, "--seed", "3", "--out"])
        .arg(out.path())
        .write_stdin(stdin)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let journal = read(&folder(out.path()).join("journal.jsonl"));
    assert!(journal.contains("\"text\":\"caf\u{fffd}\""), "{journal}");
    assert!(journal.contains("{\"Custom\":\"call the insurer's hotline\"}"), "{journal}");
    assert!(journal.contains("{\"type\":\"advance\",\"to\":3600,") && journal.contains("{\"type\":\"end\""));
}

#[test]
fn a_journal_cut_right_after_its_header_resumes_again_and_again() {
    let out = tempfile::tempdir().unwrap();
    run(out.path(), "quit\n").code(0);
    let journal = folder(out.path()).join("journal.jsonl");
    let header = read(&journal);
    std::fs::write(&journal, header.trim_end()).unwrap(); // no newline after the header
    for step in ["advance 1h\nquit\n", "advance 1h\nquit\n", "end\n"] {
        ttx().arg("resume").arg(folder(out.path())).write_stdin(step).assert().code(0);
    }
    let text = read(&journal);
    assert_eq!(text.lines().count(), 4, "header, two advances, end:\n{text}");
    assert!(folder(out.path()).join("report.md").is_file());
}

#[test]
fn a_drill_runs_in_one_place_at_a_time() {
    let out = tempfile::tempdir().unwrap();
    let mut first = std::process::Command::new(assert_cmd::cargo::cargo_bin("ttx"))
        .args(["run", SCENARIO, "--plan", PLAN, "--seed", "3", "--out"])
        .arg(out.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let journal = folder(out.path()).join("journal.jsonl");
    for _ in 0..200 {
        if journal.is_file() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    ttx()
        .arg("resume")
        .arg(folder(out.path()))
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("another ttx is running this drill"));
    ttx()
        .args(["run", SCENARIO, "--plan", PLAN, "--seed", "3", "--force", "--out"])
        .arg(out.path())
        .write_stdin("end\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("another ttx is running this drill"));
    drop(first.stdin.take()); // the room is done: end of input
    assert!(first.wait().unwrap().success());
    assert!(folder(out.path()).join("report.md").is_file());
}

#[test]
fn after_the_scenario_ends_the_clock_stays_at_its_end() {
    let out = tempfile::tempdir().unwrap();
    run(
        out.path(),
        &script(&["decide declare-closed --by incident_commander", "next", "next", "note after the close", "end"]),
    )
    .code(0);
    let journal = read(&folder(out.path()).join("journal.jsonl"));
    let timeline: serde_json::Value = serde_json::from_str(&read(&folder(out.path()).join("timeline.json"))).unwrap();
    let ended =
        timeline["events"].as_array().unwrap().iter().find(|e| e["type"] == "run_ended").unwrap()["time"].clone();
    // The close takes effect once the incident commander has answered (the plan's response time).
    let ended = ended.as_u64().unwrap();
    assert!(ended > 0 && ended <= 30 * 60, "declared closed within the commander's response time: {ended}");
    let note = format!("{{\"type\":\"note\",\"at\":{ended},");
    assert!(journal.contains(&note), "the note is at the end, not a tick later:\n{journal}");
}

#[test]
fn a_recall_with_nothing_stolen_is_taken_and_fails_with_its_reason() {
    let out = tempfile::tempdir().unwrap();
    let output = run(
        out.path(),
        &script(&["decide recall-funds --by incident_commander", "advance 4h --through", "timeline", "end"]),
    )
    .success()
    .get_output()
    .stdout
    .clone();
    let shown = String::from_utf8(output).unwrap();
    assert!(shown.contains("failed: #1 recall-funds — no stolen payment to recall"), "{shown}");
}

#[test]
fn the_console_names_no_artefact_the_players_have_not_been_shown() {
    // Nothing has shown the hospital's indicators or the exploited gateway flaw at the start:
    // no message lists or suggests them, and a block typed in anyway is flagged and refused.
    let out = tempfile::tempdir().unwrap();
    let commands = [
        "decide block-ioc --by soc_analyst",
        "decide block-ioc c2-domian --by soc_analyst",
        "decide patch --by it_operations",
        "decide block-ioc c2-domain --by soc_analyst",
        "next",
        "end",
    ];
    let output = ttx()
        .args(["run", "hospital-ransomware", "--plan", "enterprise-24x7", "--out"])
        .arg(out.path())
        .write_stdin(script(&commands))
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    for hidden in ["exfil-service", "loader-hash", "citrix-gateway-cve"] {
        assert!(!stdout.contains(hidden) && !stderr.contains(hidden), "`{hidden}` leaked:\n{stdout}\n{stderr}");
    }
    assert!(stderr.contains("the players have been shown none yet"), "{stderr}");
    assert!(stdout.contains("(the players have not been shown `c2-domain`: it will be refused)"), "{stdout}");
    assert!(stdout.contains("the team has not seen indicator `c2-domain`"), "{stdout}");
}

#[test]
fn the_clock_stops_for_news_and_deadlines_and_runs_through_when_told() {
    let (stops, through) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let advances = ["advance 6h", "advance 6h", "advance 6h", "advance 6h", "next", "next", "next", "next", "end"];
    let shown = run(stops.path(), &script(&advances)).success().get_output().stdout.clone();
    let shown = String::from_utf8(shown).unwrap();
    for said in [
        "stopped early at +15m 16:45: inject i01 arrived; `advance 5h45m` goes on to +6h 22:30",
        "stopped early at +2h 18:30: an alert: Mass file renames on file servers",
        "stopped at +2h15m 18:45: due now — plan step ransomware/triage (Confirm and scope), by soc_analyst",
        "stopped at +2h45m 19:15: due now — plan step ransomware/isolate (Isolate affected segments), by \
         it_operations; escalation sev1-legal: brief legal; escalation sev1-legal: brief incident_commander",
        "12h passed with nothing new for the room",
    ] {
        assert!(shown.contains(said), "missing «{said}» in:\n{shown}");
    }
    let journal = read(&folder(stops.path()).join("journal.jsonl"));
    assert!(journal.contains("{\"type\":\"advance\",\"to\":900,"), "the stop is what is journalled:\n{journal}");
    // Told to run through, one advance goes the whole way.
    let straight = run(through.path(), &script(&["advance 6h --through", "end"])).success().get_output().stdout.clone();
    assert!(!String::from_utf8(straight).unwrap().contains("stopped"));
    assert!(read(&folder(through.path()).join("journal.jsonl")).contains("{\"type\":\"advance\",\"to\":21600,"));
}

#[test]
fn undo_takes_back_a_clock_move_as_if_it_never_happened() {
    let (rewound, straight, resumed) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let before = ["next", "decide collect-evidence office --by soc_analyst"];
    let after = ["decide isolate-segment servers --by it_operations", "advance 3h --through", "end"];
    let moved = [&before[..], &["advance 6h --through", "undo"], &after[..]].concat();
    let shown = run(rewound.path(), &script(&moved)).success().get_output().stdout.clone();
    let shown = String::from_utf8(shown).unwrap();
    assert!(shown.contains("took back the clock move to +6h15m 22:45: the drill is back at +15m 16:45"), "{shown}");
    run(straight.path(), &script(&[&before[..], &after[..]].concat())).success();
    for file in ["timeline.json", "evaluation.json"] {
        let (a, b) = (unstamped(&folder(rewound.path()).join(file)), unstamped(&folder(straight.path()).join(file)));
        assert!(a == b, "{file}: the rewound drill is the one that never moved");
    }
    let journal = read(&folder(rewound.path()).join("journal.jsonl"));
    assert!(journal.contains("{\"type\":\"rewind\",\"to\":900,"), "{journal}");
    // Quit right after the rewind and resume: the same drill again.
    let quit = [&before[..], &["advance 6h --through", "undo", "quit"]].concat();
    run(resumed.path(), &script(&quit)).success();
    ttx().args(["resume"]).arg(folder(resumed.path())).write_stdin(script(&after)).assert().success();
    let timeline = |d: &tempfile::TempDir| read(&folder(d.path()).join("timeline.json"));
    assert!(timeline(&resumed) == timeline(&straight), "resumed after a rewind: the same drill");
}

#[test]
fn the_facilitator_sends_holds_and_releases_injects_and_a_resume_replays_it() {
    let (whole, split) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let first = ["hold i02", "hold i02", "inject i01", "advance 4h --through", "injects", "release i02"];
    let second = ["advance 15m --through", "inject i02", "hold nope", "end"];
    let output = run(whole.path(), &script(&[&first[..], &second[..]].concat())).success().get_output().clone();
    let (shown, errors) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(shown.contains("inject i02 is held back; `release i02` lets it go"), "{shown}");
    assert!(errors.contains("inject i02 is already held"), "{errors}");
    assert!(shown.contains("INJECT i01 · sent by hand"), "{shown}");
    // Its trigger held hours ago, but it waited until released; then it came at the next tick.
    assert!(shown.contains("inject i02 released") && shown.contains("+4h 20:30  NEW INJECT i02"), "{shown}");
    assert!(errors.contains("inject i02 has already been delivered") && errors.contains("unknown inject `nope`"));
    let timeline = read(&folder(whole.path()).join("timeline.json"));
    assert!(timeline.contains("\"by_hand\": true"), "the timeline says which inject was sent by hand");
    let journal = read(&folder(whole.path()).join("journal.jsonl"));
    assert!(journal.contains("{\"type\":\"inject\",\"at\":0,\"inject\":\"i02\",\"order\":\"hold\","), "{journal}");
    // Left after the release and resumed: the same drill.
    run(split.path(), &script(&[&first[..], &["quit"]].concat())).success();
    ttx().args(["resume"]).arg(folder(split.path())).write_stdin(script(&second)).assert().success();
    for file in ["timeline.json", "evaluation.json"] {
        let (a, b) = (unstamped(&folder(whole.path()).join(file)), unstamped(&folder(split.path()).join(file)));
        assert!(a == b, "{file}: resumed is the same drill");
    }
}

#[test]
fn the_journal_is_a_chain_that_shows_tampering_and_its_wall_clock_changes_nothing() {
    use sha2::Digest;
    let out = tempfile::tempdir().unwrap();
    let lines = ["decide isolate-segment servers --by it_operations", "note \"seen\"", "advance 1h --through", "quit"];
    run(out.path(), &script(&lines)).success();
    let path = folder(out.path()).join("journal.jsonl");
    let journal = read(&path);
    let link = |line: &str| format!("sha256:{:x}", sha2::Sha256::digest(line.as_bytes()));
    let rows: Vec<&str> = journal.lines().collect();
    assert!(rows[0].contains("\"scenario_hash\":\"sha256:"), "{}", rows[0]);
    for pair in rows.windows(2) {
        let next: serde_json::Value = serde_json::from_str(pair[1]).unwrap();
        assert_eq!(next["prev"].as_str(), Some(link(pair[0]).as_str()), "each line links to the one before");
        assert!(next["wall"].as_str().is_some_and(|w| w.len() == 20 && w.ends_with('Z')), "{}", pair[1]);
    }
    // Re-stamped with another wall clock, and chained again: the same drill.
    let mut restamped = vec![rows[0].to_string()];
    for row in &rows[1..] {
        let mut line: serde_json::Value = serde_json::from_str(row).unwrap();
        line["wall"] = "1999-01-01T00:00:00Z".into();
        line["prev"] = link(restamped.last().unwrap()).into();
        restamped.push(line.to_string());
    }
    let other = tempfile::tempdir().unwrap();
    let copy = other.path().join("run");
    std::fs::create_dir(&copy).unwrap();
    for file in ["scenario.ron", "plan.ron"] {
        std::fs::copy(folder(out.path()).join(file), copy.join(file)).unwrap();
    }
    std::fs::write(copy.join("journal.jsonl"), restamped.join("\n") + "\n").unwrap();
    ttx().args(["resume"]).arg(&copy).write_stdin("end\n").assert().success();
    ttx().args(["resume"]).arg(folder(out.path())).write_stdin("end\n").assert().success();
    assert!(read(&copy.join("timeline.json")) == read(&folder(out.path()).join("timeline.json")));
    // An input changed after it was written: named at the next line, and refused.
    let mut tampered = restamped.clone();
    tampered[1] = tampered[1].replace("it_operations", "incident_commander");
    std::fs::write(copy.join("journal.jsonl"), tampered.join("\n") + "\n").unwrap();
    let refused = ttx().args(["resume"]).arg(&copy).write_stdin("end\n").output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("journal.jsonl:3:1") && stderr.contains("changed after it was written"), "{stderr}");
}

#[test]
fn the_hot_wash_after_end_is_journalled_resumable_and_in_the_report() {
    let out = tempfile::tempdir().unwrap();
    let lines = [
        "next",
        "note \"the SOC hesitated\"",
        "end",
        "next",
        "strength containment \"Isolated the servers within the hour\" --from it_operations",
        "improve detection \"Nobody watched the mailbox on Friday evening\" --from \"Dana Reyes\"",
        "improve detectoin \"typo\" --from x",
        "strength containment \"no one said this\"",
        "feedback \"More injects from the press, please\" --from soc_analyst",
        "quit",
    ];
    let output = run(out.path(), &script(&lines)).success().get_output().clone();
    let (shown, errors) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(shown.contains("the hot wash is open") && shown.contains("strength <capability>"), "{shown}");
    assert!(errors.contains("the drill has ended: the hot wash, notes and answers go on"), "{errors}");
    assert!(errors.contains("unknown capability `detectoin`; did you mean `detection`?"), "{errors}");
    assert!(errors.contains("who said it? add --from"), "{errors}");
    assert!(shown.contains(
        "recorded improve: \"Nobody watched the mailbox on Friday evening\" — Dana Reyes (2 remarks in all)"
    ));
    let run_dir = folder(out.path());
    let report = read(&run_dir.join("report.md"));
    assert!(report.contains("## Hot wash and participant feedback\n\n### Detection"), "{report}");
    assert!(report.contains("Strength: Isolated the servers within the hour — it\\_operations (20"), "{report}");
    assert!(report.contains("Area for improvement: Nobody watched the mailbox on Friday evening — Dana Reyes"));
    // The room's area for improvement is in the improvement plan too, for the after-action meeting.
    let plan = read(&run_dir.join("improvement-plan.csv"));
    let raised = plan.lines().find(|l| l.contains("Nobody watched the mailbox")).unwrap_or_default();
    assert!(
        raised.starts_with("medium,Detection,") && raised.contains("raised in the hot wash by Dana Reyes"),
        "{plan}"
    );
    assert!(raised.contains("to be agreed at the after-action meeting") && raised.ends_with(",open"), "{raised}");
    let evaluation: serde_json::Value = serde_json::from_str(&read(&run_dir.join("evaluation.json"))).unwrap();
    let kinds: Vec<&str> =
        evaluation["hotwash"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["strength", "improvement", "feedback"]);
    assert_eq!(evaluation["hotwash"][1]["capability"], "detection");
    assert_eq!(evaluation["hotwash"][2]["capability"], serde_json::Value::Null);
    // Resumed: the hot wash reopens where it was, and what is added joins the report.
    ttx()
        .arg("resume")
        .arg(&run_dir)
        .write_stdin("improve escalation \"Legal heard last\" --from incident_commander\ndone\n")
        .assert()
        .success();
    let evaluation: serde_json::Value = serde_json::from_str(&read(&run_dir.join("evaluation.json"))).unwrap();
    assert_eq!(evaluation["hotwash"].as_array().unwrap().len(), 4);
    let before = unstamped(&run_dir.join("report.md"));
    assert!(before.contains("Legal heard last"));
    // `ttx report` makes the same report again from the journal.
    ttx().arg("report").arg(&run_dir).arg("--force").assert().success();
    assert_eq!(unstamped(&run_dir.join("report.md")), before);
}

#[test]
fn a_hot_wash_during_the_drill_holds_the_clock_until_done() {
    let out = tempfile::tempdir().unwrap();
    let lines = [
        "next",
        "hotwash",
        "next",
        "feedback \"Good pace so far\" --from \"the room\" --on analysis",
        "done",
        "done",
        "next",
        "end",
    ];
    let output = run(out.path(), &script(&lines)).success().get_output().clone();
    let (shown, errors) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(errors.contains("<stdin>:3: error: the hot wash is open: `done` closes it"), "{errors}");
    assert!(shown.contains("hot wash closed; the drill goes on at +15m"), "{shown}");
    assert!(errors.contains("<stdin>:6: error: no hot wash is open"), "{errors}");
    let journal = read(&folder(out.path()).join("journal.jsonl"));
    let advances = journal.lines().filter(|l| l.contains("\"type\":\"advance\"")).count();
    assert_eq!(advances, 2, "the `next` inside the hot wash moved nothing: {journal}");
    let evaluation: serde_json::Value =
        serde_json::from_str(&read(&folder(out.path()).join("evaluation.json"))).unwrap();
    assert_eq!(evaluation["hotwash"][0]["capability"], "analysis");
    assert_eq!(evaluation["hotwash"][0]["at"], 900);
}

#[test]
fn the_report_gives_the_real_time_the_exercise_took_and_stamps_notes_with_both_clocks() {
    let out = tempfile::tempdir().unwrap();
    run(out.path(), &script(&["next", "note \"room-note-one\"", "end"])).success();
    let run_dir = folder(out.path());
    let evaluation: serde_json::Value = serde_json::from_str(&read(&run_dir.join("evaluation.json"))).unwrap();
    let held = &evaluation["run"]["held"];
    let (started, last) = (held["started"].as_str().unwrap(), held["last_input"].as_str().unwrap());
    assert!(started.len() == 20 && started <= last, "{held}");
    assert!(held["seconds"].as_u64().unwrap() < 600, "{held}");
    assert_eq!(evaluation["notes"][0]["wall"].as_str().unwrap().len(), 20);
    let report = read(&run_dir.join("report.md"));
    let held_row = report.lines().find(|l| l.starts_with("| Held | 20")).unwrap_or_default();
    assert!(held_row.contains(" UTC to 20") && held_row.contains(" of real time"), "{report}");
    let note = report.lines().find(|l| l.contains("room-note-one")).unwrap();
    assert!(note.contains("+15m (Fri 2026-03-13 16:45; room ") && note.contains(" UTC)"), "{note}");
    // A drill played from a decisions file has no room clock: the same file, the same report.
    let played = tempfile::tempdir().unwrap();
    ttx()
        .args([
            "run",
            SCENARIO,
            "--plan",
            PLAN,
            "--seed",
            "3",
            "--decisions",
            "tests/fixtures/valid/minimal-decisions.ron",
        ])
        .arg("--out")
        .arg(played.path())
        .assert()
        .success();
    let played_dir = std::fs::read_dir(played.path()).unwrap().next().unwrap().unwrap().path();
    let evaluation = read(&played_dir.join("evaluation.json"));
    assert!(!evaluation.contains("\"held\"") && !evaluation.contains("\"wall\""), "{evaluation}");
}

#[test]
fn truth_gives_a_summary_first_and_every_hidden_event_on_request() {
    let out = tempfile::tempdir().unwrap();
    let lines = ["advance 2h --through", "truth", "truth all", "truth everything", "quit"];
    let output = run(out.path(), &script(&lines)).success().get_output().clone();
    let (shown, errors) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let views: Vec<&str> = shown.split("── TRUTH").skip(1).collect();
    assert_eq!(views.len(), 2, "{shown}");
    let (summary, all) = (views[0], views[1]);
    for view in [summary, all] {
        assert!(view.contains("stages: 4 of 4 succeeded: phish, spread, wipe-backups, encrypt"), "{view}");
        assert!(view.contains("hosts held now: ") && view.contains("records out: 0; accounts obtained: it-admin"));
    }
    assert!(!summary.contains("stage phish succeeded (T1566.001)"), "the summary is short: {summary}");
    assert!(summary.contains("`truth all` lists every hidden event"));
    assert!(all.contains("+0m 16:30  stage phish succeeded (T1566.001)"), "{all}");
    assert!(errors.contains("usage: truth [all]"), "{errors}");
}

#[test]
fn the_facilitator_named_at_the_start_is_journalled_and_in_the_report() {
    let out = tempfile::tempdir().unwrap();
    ttx()
        .args(["run", SCENARIO, "--plan", PLAN, "--seed", "3", "--facilitator", "Dana Reyes", "--out"])
        .arg(out.path())
        .write_stdin("end\n")
        .assert()
        .success();
    let journal = read(&folder(out.path()).join("journal.jsonl"));
    assert!(journal.lines().next().unwrap().contains("\"facilitator\":\"Dana Reyes\""), "{journal}");
    let report = read(&folder(out.path()).join("report.md"));
    assert!(report.contains("| Facilitator | Dana Reyes |"), "{report}");
    let refused = ttx().args(["run", SCENARIO, "--plan", PLAN, "--facilitator", "a\u{1b}[31mb"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2), "{}", String::from_utf8_lossy(&refused.stderr));
}

#[test]
fn a_journal_whose_hot_wash_the_console_would_not_have_recorded_is_refused() {
    use sha2::Digest;
    let out = tempfile::tempdir().unwrap();
    let lines = ["end", "strength containment \"fast\" --from it_operations", "done"];
    run(out.path(), &script(&lines)).success();
    let path = folder(out.path()).join("journal.jsonl");
    let link = |line: &str| format!("sha256:{:x}", sha2::Sha256::digest(line.as_bytes()));
    let rows: Vec<String> = read(&path).lines().map(String::from).collect();
    for (change, why) in [
        (("\"capability\":\"containment\"", "\"capability\":\"banana\""), "unknown capability `banana`"),
        (("\"text\":\"fast\"", "\"text\":\" \""), "no text, or from no one"),
        (("\"hotwash\",\"at\":0", "\"hotwash\",\"at\":999999"), "later than the drill's clock"),
    ] {
        // Changed, and chained again: only the check of what a remark may be can catch it.
        let mut chained = vec![rows[0].clone()];
        for row in &rows[1..] {
            let mut line: serde_json::Value = serde_json::from_str(&row.replace(change.0, change.1)).unwrap();
            line["prev"] = link(chained.last().unwrap()).into();
            chained.push(line.to_string());
        }
        std::fs::write(&path, chained.join("\n") + "\n").unwrap();
        let remark_line = chained.iter().position(|l| l.contains("\"hotwash\"")).unwrap() + 1;
        for args in [&["resume"][..], &["report", "--force"]] {
            let refused = ttx().args(args).arg(folder(out.path())).write_stdin("done\n").output().unwrap();
            let stderr = String::from_utf8_lossy(&refused.stderr);
            assert_eq!(refused.status.code(), Some(2), "{args:?} {why}: {stderr}");
            assert!(stderr.contains(why) && stderr.contains(&format!("journal.jsonl:{remark_line}:1")), "{stderr}");
        }
    }
}
