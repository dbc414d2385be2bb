//! Exercise materials from the command line: the MSEL as CSV read back by a CSV reader (formulas
//! neutralised), as Markdown and HTML pinned by snapshots and the same bytes every time; the
//! handouts, where no truth ever reaches the players' situation manual while the controllers'
//! handbook holds all of it; their files refused without --force; and bad input refused.

use assert_cmd::Command;
use std::path::Path;

const SCENARIOS: [&str; 5] =
    ["bec-wire-fraud", "cloud-keys-exfiltration", "hospital-ransomware", "insider-ip-theft", "supply-chain-update"];
const PLANS: [&str; 2] = ["enterprise-24x7", "small-business-msp"];

fn ttx(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut command = Command::cargo_bin("ttx").unwrap();
    command.current_dir(dir).env_remove("TTX_SCENARIOS").env("NO_COLOR", "1").args(args);
    command.output().unwrap()
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stdout_of(args: &[&str]) -> String {
    let output = ttx(repo(), args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn read_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark first");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

#[test]
fn the_msel_csv_reads_back_one_row_per_inject() {
    let rows = read_csv(&stdout_of(&["msel", "hospital-ransomware", "--format", "csv"]));
    let head = "#|Inject|Scenario time|Clock time|From → to|Channel|Synopsis|Message|Expected player actions|\
                Objective / capability|Delivered at|Notes";
    assert_eq!(rows[0].join("|"), head);
    assert_eq!(rows.len(), 1 + 12, "one row per inject");
    let h02 = &rows[2];
    assert_eq!(
        h02[..7],
        [
            "2",
            "h02",
            "T+2h",
            "Sat 2026-03-14 03:30",
            "Ward 4B nurse manager → SOC analyst",
            "phone",
            "Nurse manager reports a strange login prompt"
        ]
    );
    assert!(h02[7].starts_with("\"I got an email about my pension portal"), "{}", h02[7]);
    assert!(
        h02[8].contains("Reset the nurse manager's credentials; ")
            && h02[8].contains("judged: reset-credentials nurse-manager by soc_analyst within 2h"),
        "{}",
        h02[8]
    );
    assert_eq!(h02[9], "Analysis and triage, Escalation and communication, Containment");
    assert_eq!(h02[10..], ["", ""]);
    let conditional = rows.iter().find(|r| r[1] == "h08").unwrap();
    assert_eq!(conditional[2..4], ["when 1h after inject h07", ""]);
}

#[test]
fn msel_cells_a_spreadsheet_would_run_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::read_to_string(repo().join("tests/fixtures/valid/minimal.ron")).unwrap();
    let hostile = fixture.replace(
        "text: \"Finance cannot open any file on the shared drive.\"",
        "text: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"open\\\")\"",
    );
    assert_ne!(hostile, fixture);
    std::fs::write(dir.path().join("s.ron"), hostile).unwrap();
    let output = ttx(dir.path(), &["msel", "s.ron", "--format", "csv"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let rows = read_csv(&String::from_utf8(output.stdout).unwrap());
    let cell = rows.iter().map(|r| &r[7]).find(|c| c.contains("HYPERLINK")).unwrap();
    assert_eq!(cell, "'=HYPERLINK(\"http://evil.example\",\"open\")");
}

#[test]
fn the_msel_as_markdown_and_html_is_pinned_and_the_same_every_time() {
    for format in ["md", "html"] {
        let once = stdout_of(&["msel", "hospital-ransomware", "--format", format]);
        assert_eq!(once, stdout_of(&["msel", "hospital-ransomware", "--format", format]), "{format}");
        insta::assert_snapshot!(format!("msel-hospital-{format}"), once);
    }
}

#[test]
fn the_msel_goes_to_a_file_and_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["msel", "hospital-ransomware", "--format", "csv", "--out", "msel.csv"];
    assert!(ttx(dir.path(), &args).status.success());
    let first = std::fs::read(dir.path().join("msel.csv")).unwrap();
    assert_eq!(first, stdout_of(&["msel", "hospital-ransomware", "--format", "csv"]).into_bytes());
    let refused = ttx(dir.path(), &args);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("pass --force"));
    assert!(ttx(dir.path(), &[&args[..], &["--force"]].concat()).status.success());
}

/// Sentences of a facilitator's notes long enough to be recognised.
fn sentences(text: &str) -> Vec<String> {
    text.split(". ").map(|s| s.trim().trim_end_matches('.').to_string()).filter(|s| s.chars().count() > 20).collect()
}

/// Everything of a scenario only the controllers may read, less what its author also wrote for
/// the players (an objective may speak of "the secret-scanning warning", a detection's id).
/// Also the sentences of the conditional injects' messages, which the handbook lists by trigger.
fn truth(scenario: &ttx::scenario::model::Scenario) -> (Vec<String>, Vec<String>) {
    let mut secrets = vec![scenario.adversary.name.clone()];
    for stage in &scenario.adversary.stages {
        secrets.extend([stage.id.clone(), stage.name.clone(), stage.technique.clone()]);
    }
    for detection in &scenario.detections {
        secrets.extend([detection.id.clone(), detection.alert.title.clone()]);
    }
    secrets.extend(scenario.adversary.iocs.iter().flat_map(|x| [x.id.clone(), x.value.clone()]));
    secrets.extend(scenario.adversary.vulnerabilities.iter().map(|x| x.id.clone()));
    for inject in &scenario.injects {
        secrets.extend(sentences(&inject.notes));
        secrets.extend(inject.expected_actions.iter().cloned());
    }
    // A conditional inject comes only if the attack (or the team) makes it happen: its message
    // tells what is coming, so it is the controllers' alone until it fires.
    let conditional = scenario.injects.iter().filter(|x| !matches!(x.trigger, ttx::scenario::model::Trigger::At(_)));
    let conditional_text: Vec<String> = conditional.flat_map(|x| sentences(&x.text)).collect();
    let design = &scenario.exercise;
    let mut for_players: Vec<&str> = vec![&design.scope];
    for_players.extend(design.objectives.iter().map(|o| o.text.as_str()));
    for inject in scenario.injects.iter().filter(|x| matches!(x.trigger, ttx::scenario::model::Trigger::At(_))) {
        for_players.extend([inject.title.as_str(), &inject.text, &inject.from]);
        for_players.extend(inject.questions.iter().map(String::as_str));
    }
    secrets.retain(|secret| !for_players.iter().any(|text| holds(text, secret)));
    (secrets, conditional_text)
}

/// Whether `text` (Markdown or HTML) holds `secret` as written or as that format escapes it. An
/// id counts only as a whole word.
fn holds(text: &str, secret: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    [secret.to_string(), ttx::report::md(secret), ttx::report::html(secret)].iter().any(|form| {
        text.match_indices(form.as_str()).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + form.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
    })
}

#[test]
fn the_situation_manual_never_holds_the_truth_and_the_handbook_holds_all_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let library = ttx::library::Library::new(None);
    for id in SCENARIOS {
        let scenario = library.find_scenario(id).unwrap();
        let (secrets, to_come) = truth(&scenario);
        assert!(secrets.len() > 10 && to_come.len() > 3, "{id}");
        for plan in PLANS {
            let out = dir.path().join(format!("{id}-{plan}"));
            let output = ttx(repo(), &["handout", id, "--plan", plan, "--out", out.to_str().unwrap()]);
            assert!(output.status.success(), "{id} {plan}: {}", String::from_utf8_lossy(&output.stderr));
            let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
            for name in ["situation-manual.md", "situation-manual.html"] {
                let manual = read(name);
                let leaked: Vec<&String> = secrets.iter().chain(&to_come).filter(|s| holds(&manual, s)).collect();
                assert!(leaked.is_empty(), "{id} × {plan}: {name} gives away {leaked:?}");
            }
            for name in ["handbook.md", "handbook.html"] {
                let handbook = read(name);
                let missing: Vec<&String> = secrets.iter().filter(|s| !holds(&handbook, s)).collect();
                assert!(missing.is_empty(), "{id} × {plan}: {name} lacks {missing:?}");
            }
        }
    }
}

#[test]
fn the_situation_manual_holds_what_the_players_need() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h");
    let output =
        ttx(repo(), &["handout", "hospital-ransomware", "--plan", "enterprise-24x7", "--out", out.to_str().unwrap()]);
    assert!(output.status.success());
    let manual = std::fs::read_to_string(out.join("situation-manual.md")).unwrap();
    for expected in [
        "### Scope and objectives",
        "Contain the spread to the clinical network before encryption reaches the EHR",
        // The players' briefing opens the starting situation; the author's synopsis is not there.
        "St. Aldric Regional Hospital runs 420 beds.",
        "### Rules of play",
        "### Participants",
        "Incident commander",
        "Module 1: Sat 2026-03-14",
        "Who is on call tonight, and how long until each of them can act?",
        "As the incident unfolds",
    ] {
        assert!(manual.contains(expected), "no `{expected}` in:\n{manual}");
    }
    assert!(!manual.contains("patient records have left the network"), "the summary gives the plot away");
    let html = std::fs::read_to_string(out.join("situation-manual.html")).unwrap();
    assert!(html.contains("Content-Security-Policy") && !html.contains("<script"), "self-contained");
}

#[test]
fn handouts_are_written_once_and_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["handout", "tests/fixtures/valid/minimal.ron", "--plan", "tests/fixtures/valid/minimal-plan.ron"];
    let run = |extra: &[&str]| {
        let mut command = Command::cargo_bin("ttx").unwrap();
        command.current_dir(dir.path()).env_remove("TTX_SCENARIOS");
        command.args(
            args.iter()
                .map(|a| if a.starts_with("tests/") { repo().join(a).display().to_string() } else { a.to_string() }),
        );
        command.args(extra).output().unwrap()
    };
    let first = run(&[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let folder = dir.path().join("handouts/minimal-ransomware-minimal-plan");
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        ["handbook.html", "handbook.md", "situation-manual.html", "situation-manual.md"],
        "no temporary files left"
    );
    let before = std::fs::read(folder.join("handbook.md")).unwrap();
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already exists; pass --force"));
    assert!(run(&["--force"]).status.success());
    assert_eq!(std::fs::read(folder.join("handbook.md")).unwrap(), before, "the same input, the same bytes");
}

#[test]
fn a_bad_scenario_is_refused_at_its_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = std::fs::read_to_string(repo().join("tests/fixtures/valid/minimal.ron")).unwrap();
    std::fs::write(dir.path().join("bad.ron"), fixture.replacen("channel: Email", "channel: Emial", 1)).unwrap();
    let plan = repo().join("tests/fixtures/valid/minimal-plan.ron");
    for args in
        [vec!["handout", "bad.ron", "--plan", plan.to_str().unwrap()], vec!["msel", "bad.ron", "--format", "csv"]]
    {
        let output = ttx(dir.path(), &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("bad.ron:60:") && stderr.contains("Emial"), "{stderr}");
        assert!(output.stdout.is_empty(), "nothing printed");
    }
    assert!(!dir.path().join("handouts").exists(), "nothing written");
}
