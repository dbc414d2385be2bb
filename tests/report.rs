//! Reports from the command line: golden evaluations and reports for every shipped scenario
//! with its good and poor responses, escaping of hostile text, `ttx report` and its refusals.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// Runs a scripted drill into `out`; returns the run folder.
fn drill(out: &Path, scenario: &str, plan: &str, decisions: Option<&str>) -> PathBuf {
    let mut command = Command::cargo_bin("ttx").unwrap();
    command.env_remove("TTX_SCENARIOS").env("NO_COLOR", "1");
    command.args(["run", scenario, "--plan", plan, "--out"]).arg(out);
    if let Some(decisions) = decisions {
        command.args(["--decisions", decisions]);
    }
    let output = command.write_stdin("").output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let written = stdout.lines().find_map(|l| l.strip_prefix("written: ")).expect("run folder in the summary");
    PathBuf::from(written)
}

/// The minimal fixture scenario and plan, with their scripted decisions.
fn minimal_drill(out: &Path) -> PathBuf {
    let decisions = Some("tests/fixtures/valid/minimal-decisions.ron");
    drill(out, "tests/fixtures/valid/minimal.ron", "tests/fixtures/valid/minimal-plan.ron", decisions)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What a response is judged on, harm first: (harm in money, records out, hosts encrypted at the
/// peak, readiness score).
fn outcome(folder: &Path) -> (f64, u64, u64, u64) {
    let evaluation: serde_json::Value = serde_json::from_str(&read(&folder.join("evaluation.json"))).unwrap();
    let impact = &evaluation["impact"];
    (
        evaluation["outcome"]["team"]["cost"].as_f64().unwrap(),
        impact["records_total"].as_u64().unwrap(),
        impact["peak_encrypted"].as_u64().unwrap(),
        evaluation["score"]["value"].as_u64().unwrap(),
    )
}

#[test]
fn shipped_scenarios_good_and_poor_responses_golden() {
    let shipped = [
        ("hospital-ransomware", "enterprise-24x7"),
        ("bec-wire-fraud", "small-business-msp"),
        ("cloud-keys-exfiltration", "enterprise-24x7"),
        ("insider-ip-theft", "enterprise-24x7"),
        ("supply-chain-update", "enterprise-24x7"),
    ];
    let out = tempfile::tempdir().unwrap();
    for (scenario, plan) in shipped {
        let mut outcomes = Vec::new();
        for quality in ["good", "poor"] {
            let decisions = format!("scenarios/decisions/{scenario}-{quality}.ron");
            let folder = drill(out.path(), scenario, plan, Some(&decisions));
            insta::assert_snapshot!(format!("{scenario}-{quality}-evaluation"), read(&folder.join("evaluation.json")));
            insta::assert_snapshot!(format!("{scenario}-{quality}-report"), read(&folder.join("report.md")));
            outcomes.push(outcome(&folder));
        }
        // Harm first: the good response does no more harm and loses no more records or hosts; then
        // the score agrees. (Harm, not the whole cost: engaging more people sooner costs more
        // response hours, and that is effort, not damage. One seed only: the score's margin across
        // seeds is the evaluation's job.)
        let (
            (good_harm, good_records, good_encrypted, good_score),
            (poor_harm, poor_records, poor_encrypted, poor_score),
        ) = (outcomes[0], outcomes[1]);
        assert!(good_harm <= poor_harm, "{scenario}: good harms {good_harm}, poor {poor_harm}");
        assert!(good_records <= poor_records && good_encrypted <= poor_encrypted, "{scenario}: {outcomes:?}");
        assert!(good_score > poor_score, "{scenario}: good scores {good_score}, poor {poor_score}");
    }
}

#[test]
fn hostile_scenario_text_is_inert_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let text = read(Path::new("tests/fixtures/valid/minimal.ron"))
        .replace("title: \"Minimal ransomware drill\"", r#"title: "Drill <script>alert(1)</script>""#)
        .replace("title: \"Odd invoice\"", r#"title: "\"><img src=x onerror=alert(2)>""#)
        .replace(
            "text: \"Reception forwards an invoice that 'did nothing' when opened.\"",
            r#"text: "<script>fetch('https://evil.example')</script> & \"><img onerror=alert(3)>""#,
        );
    assert!(text.contains("<script>alert(1)"), "the fixture changed; update this test");
    let scenario = dir.path().join("hostile.ron");
    std::fs::write(&scenario, text).unwrap();
    let folder = drill(dir.path(), scenario.to_str().unwrap(), "tests/fixtures/valid/minimal-plan.ron", None);
    let html = read(&folder.join("report.html"));
    assert!(!html.contains("<script"), "a script element survived");
    assert!(!html.contains("<img"), "an img element survived");
    assert!(html.contains("Drill &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "the page fetches nothing");
    let markdown = read(&folder.join("report.md"));
    assert!(markdown.contains("Drill \\<script\\>"), "Markdown escapes the angle brackets");
    let unescaped = markdown.replace("\\<", "");
    assert!(!unescaped.contains("<script") && !unescaped.contains("<img"), "raw HTML in Markdown");
}

#[test]
fn the_report_command_rewrites_only_with_force_and_prints_json() {
    let out = tempfile::tempdir().unwrap();
    let folder = minimal_drill(out.path());
    let before = read(&folder.join("report.md"));
    for file in ["evaluation.json", "report.md", "report.html", "incident-curve.svg", "metrics.svg"] {
        assert!(folder.join(file).is_file(), "{file} missing");
    }
    let report = || {
        let mut command = Command::cargo_bin("ttx").unwrap();
        command.arg("report").arg(&folder);
        command
    };
    // PNGs only on request, and then only those: the same charts, no clocks chart with no clock.
    assert!(!folder.join("incident-curve.png").exists(), "a PNG written unasked");
    report().args(["--format", "png"]).assert().code(0).stdout(predicates::str::contains("incident-curve.png"));
    for chart in ["incident-curve", "response-timeline", "metrics"] {
        let png = std::fs::read(folder.join(format!("{chart}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n"), "{chart}.png is not a PNG");
    }
    assert!(!folder.join("clocks.svg").exists() && !folder.join("clocks.png").exists());
    report().assert().code(1).stderr(predicates::str::contains("already exists; pass --force"));
    std::fs::remove_file(folder.join("report.md")).unwrap();
    report().arg("--format").arg("md").arg("--force").assert().code(0);
    assert_eq!(read(&folder.join("report.md")), before, "the report is a pure function of the run folder");
    let output = report().args(["--format", "json", "--force"]).output().unwrap();
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["run"]["scenario"], "minimal-ransomware");
    let leftovers: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn report_refuses_a_folder_that_is_not_a_run() {
    let empty = tempfile::tempdir().unwrap();
    Command::cargo_bin("ttx")
        .unwrap()
        .arg("report")
        .arg(empty.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("is not a run folder"));
    let broken = tempfile::tempdir().unwrap();
    for file in ["scenario.ron", "plan.ron", "journal.jsonl"] {
        std::fs::copy(
            match file {
                "scenario.ron" => "tests/fixtures/valid/minimal.ron",
                "plan.ron" => "tests/fixtures/valid/minimal-plan.ron",
                _ => "Cargo.toml",
            },
            broken.path().join(file),
        )
        .unwrap();
    }
    std::fs::write(broken.path().join("timeline.json"), "{\"events\": [ {\"seq\": 1 ] }").unwrap();
    Command::cargo_bin("ttx")
        .unwrap()
        .arg("report")
        .arg(broken.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("timeline.json:1:").and(predicates::str::contains("not a ttx timeline")));
}

#[test]
fn notes_and_answers_reach_the_report_and_a_wrong_question_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let decisions = |question: u32| {
        format!(
            r#"Decisions(
    scenario: "minimal-ransomware",
    decisions: [(at: "30m", role: "soc_analyst", action: CollectEvidence("office"))],
    notes: [(at: "45m", text: "The SOC waited for the commander.")],
    answers: [(at: "20m", inject: "i01", question: {question}, text: "The on-call analyst.")],
)
"#
        )
    };
    let good = dir.path().join("good.ron");
    std::fs::write(&good, decisions(1)).unwrap();
    let folder = drill(
        dir.path(),
        "tests/fixtures/valid/minimal.ron",
        "tests/fixtures/valid/minimal-plan.ron",
        Some(good.to_str().unwrap()),
    );
    let markdown = read(&folder.join("report.md"));
    assert!(markdown.contains("Q1: Who looks at this on a Friday evening? — Answer: The on-call analyst."));
    assert!(markdown.contains("| facilitator | Note: The SOC waited for the commander. |"));
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, decisions(5)).unwrap();
    let mut command = Command::cargo_bin("ttx").unwrap();
    command.args(["run", "tests/fixtures/valid/minimal.ron", "--plan", "tests/fixtures/valid/minimal-plan.ron"]);
    command.arg("--decisions").arg(&bad).arg("--out").arg(dir.path().join("bad-runs"));
    command.assert().code(2).stderr(
        predicates::str::contains("bad.ron:5:52: error[no-such-question]")
            .and(predicates::str::contains("inject `i01` has 1 discussion question(s); question 5 does not exist")),
    );
    assert!(!dir.path().join("bad-runs").exists(), "nothing written for bad input");
}

#[test]
fn markdown_and_html_show_text_as_written() {
    use ttx::report::{html, md};
    assert_eq!(md("- not a list"), "\\- not a list");
    assert_eq!(md("12. not a list either"), "12\\. not a list either");
    assert_eq!(md("    not code"), "not code");
    assert_eq!(md("---"), "\\---");
    assert_eq!(md("+2h -5 1.5"), "+2h -5 1.5", "no marker, no escape");
    assert_eq!(md("a & b ~~c~~ | d"), "a \\& b \\~\\~c\\~\\~ \\| d");
    assert_eq!(md("[link](http://x) <b>"), "\\[link\\](http\\://x) \\<b\\>");
    assert_eq!(md("two\nlines"), "two lines");
    assert_eq!(html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

#[test]
fn a_crafted_timeline_with_extreme_values_is_reported_without_a_crash() {
    let out = tempfile::tempdir().unwrap();
    let folder = minimal_drill(out.path());
    let path = folder.join("timeline.json");
    let mut timeline: serde_json::Value = serde_json::from_str(&read(&path)).unwrap();
    for event in timeline["events"].as_array_mut().unwrap() {
        if event["type"] == "decision_taken" || event["type"] == "stage_succeeded" {
            event["time"] = serde_json::json!(u64::MAX);
        }
        if event["type"] == "run_ended" {
            event["cost"] = serde_json::json!(-1e300);
        }
    }
    std::fs::write(&path, serde_json::to_string(&timeline).unwrap()).unwrap();
    let output = Command::cargo_bin("ttx").unwrap().arg("report").arg(&folder).arg("--force").output().unwrap();
    assert!(output.status.code().is_some_and(|c| c == 0 || c == 2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}

#[test]
fn an_early_close_shows_what_it_cost_and_what_was_not_played() {
    // The team closes the incident at 45 minutes with the attacker inside, and had scripted
    // more decisions for later; the incident runs on, hidden, to its own end.
    let dir = tempfile::tempdir().unwrap();
    let scenario = read(Path::new("tests/fixtures/valid/minimal.ron"))
        .replace("chance: 0.5, effects: [Compromise", "chance: 1.0, effects: [Compromise");
    std::fs::write(dir.path().join("s.ron"), scenario).unwrap();
    let decisions = read(Path::new("tests/fixtures/valid/minimal-decisions.ron")).replace(
        r#"(at: "45m", role: "incident_commander", action: ClassifySeverity(Sev2)),"#,
        r#"(at: "45m", role: "incident_commander", action: DeclareClosed),"#,
    );
    std::fs::write(dir.path().join("d.ron"), decisions).unwrap();
    let s = dir.path().join("s.ron");
    let d = dir.path().join("d.ron");
    let folder =
        drill(dir.path(), s.to_str().unwrap(), "tests/fixtures/valid/minimal-plan.ron", Some(d.to_str().unwrap()));
    let evaluation: serde_json::Value = serde_json::from_str(&read(&folder.join("evaluation.json"))).unwrap();
    let run = &evaluation["run"];
    assert_eq!(run["end_reason"], "declared_closed");
    let ran_on = &run["ran_on"];
    assert!(ran_on["ended_at"].as_u64().unwrap() > run["ended_at"].as_u64().unwrap(), "{run}");
    assert!(ran_on["held_at_drill_end"].as_u64().unwrap() >= 1, "{run}");
    let cost = evaluation["impact"]["cost"].as_f64().unwrap();
    assert!(cost > ran_on["cost_at_drill_end"].as_f64().unwrap(), "the early close cost something: {evaluation}");
    let report = read(&folder.join("report.md"));
    assert!(report.contains("Ending the drill did not end the incident."), "{report}");
    assert!(report.contains("scripted decision(s) not played: the drill ended at +"), "{report}");
    assert!(report.contains("+2h escalate legal by incident\\_commander"), "{report}");
}
