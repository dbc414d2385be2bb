//! Role coverage: a plan's staffed roles cover the catalogue roles it does not staff. Every
//! shipped decisions file runs against every shipped plan; a covered role's decision is taken, an
//! uncovered one is rejected with its reason; cover mistakes in a plan are errors, and roles a
//! plan cannot reach are warnings at their line and column.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use ttx::action::Action;
use ttx::compile::compile;
use ttx::decisions::model::DecisionScript;
use ttx::diagnostic::{Diagnostic, Level};
use ttx::engine::{Decision, Sim};
use ttx::plan::check_scenario_reach;
use ttx::plan::model::Plan;
use ttx::rejection::Rejection;
use ttx::scenario::model::Scenario;
use ttx::source::{SourceFile, parse_ron};
use ttx::timeline::EventKind;
use ttx::validate::validate_paths;

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> T {
    parse_ron(&SourceFile { name: "test.ron".into(), text: text.into() }).unwrap_or_else(|d| panic!("{}", d.message))
}

fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ron_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    files
}

const MINIMAL_PLAN: &str = "tests/fixtures/valid/minimal-plan.ron";
const LEGAL: &str = r#"(role: "legal", business_hours: ("30m", "2h"), off_hours: ("4h", "12h")),"#;

/// The minimal plan, with legal covering `covered`.
fn plan_text(covered: &[&str]) -> String {
    let list: Vec<String> = covered.iter().map(|r| format!("\"{r}\"")).collect();
    let covering = LEGAL.replace(")),", &format!("), covers: [{}]),", list.join(", ")));
    read(MINIMAL_PLAN).replace(LEGAL, &covering)
}

/// `file:line:col: code` of each diagnostic of a level.
fn located(diagnostics: &[Diagnostic], level: Level) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.level == level)
        .map(|d| {
            let span = d.span.expect("located");
            let file = Path::new(&d.file).file_name().unwrap().to_string_lossy().into_owned();
            format!("{file}:{}:{}: {}", span.start.line, span.start.column, d.code)
        })
        .collect()
}

#[test]
fn every_shipped_decisions_file_runs_against_every_shipped_plan() {
    let plans = ron_files("scenarios/plans");
    let decisions = ron_files("scenarios/decisions");
    assert!(plans.len() >= 2 && decisions.len() >= 10, "the shipped library shrank");
    let out = tempfile::tempdir().unwrap();
    for (i, file) in decisions.iter().enumerate() {
        let script: DecisionScript = parse(&read(file));
        let scenario = format!("scenarios/{}.ron", script.scenario);
        for (j, plan) in plans.iter().enumerate() {
            let dir = out.path().join(format!("{i}-{j}"));
            let combination = format!("{} with {}", file.display(), plan.display());
            let mut command = Command::cargo_bin("ttx").unwrap();
            command.env_remove("TTX_SCENARIOS").args(["run", &scenario, "--plan"]).arg(plan);
            command.arg("--decisions").arg(file).arg("--out").arg(&dir);
            let output = command.output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(0), "{combination}:\n{stderr}");
            let run = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
            let timeline: serde_json::Value = serde_json::from_str(&read(run.join("timeline.json"))).unwrap();
            let events = timeline["events"].as_array().unwrap();
            let role_rejections: Vec<&serde_json::Value> = events
                .iter()
                .filter(|e| e["type"] == "decision_rejected")
                .filter(|e| {
                    let reason = e["reason"].as_str().unwrap_or_default();
                    reason.contains("neither staffs nor covers") || reason.contains("is not a role")
                })
                .collect();
            assert!(role_rejections.is_empty(), "{combination}: {role_rejections:?}");
            let taken = events.iter().filter(|e| e["type"] == "decision_taken").count();
            assert!(taken > 0, "{combination}: no decision was taken");
        }
    }
}

#[test]
fn a_plan_acts_for_a_role_itself_through_its_cover_or_not_at_all() {
    let plan: Plan = parse(&plan_text(&["dpo"]));
    assert_eq!(plan.acting_role("legal"), Some("legal"));
    assert_eq!(plan.acting_role("dpo"), Some("legal"));
    assert_eq!(plan.acting_role("hr"), None);
    assert_eq!(plan.acting_role("lawyer"), None);
    let old: Plan = parse(&read(MINIMAL_PLAN));
    assert!(old.roles.iter().all(|r| r.covers.is_empty()), "a plan without `covers` still reads");
}

#[test]
fn a_covered_roles_decision_is_taken_and_an_uncovered_ones_is_rejected_with_its_reason() {
    let scenario: Scenario = parse(&read("tests/fixtures/valid/minimal.ron"));
    let plan: Plan = parse(&plan_text(&["dpo", "communications"]));
    let mut sim = Sim::new(compile(scenario, plan).unwrap(), 1);
    let decide = |role: &str, action: Action| Decision { role: role.into(), action, rationale: String::new() };
    sim.apply(decide("dpo", Action::CollectEvidence("office".into())));
    sim.apply(decide("incident_commander", Action::Escalate("communications".into())));
    sim.apply(decide("hr", Action::CollectEvidence("office".into())));
    sim.apply(decide("incident_commander", Action::Escalate("executive".into())));
    sim.run_until(3_600);
    let mut taken = Vec::new();
    let mut rejected = Vec::new();
    for event in &sim.timeline().events {
        match &event.kind {
            EventKind::DecisionTaken { role, action, .. } => taken.push((role.clone(), action.clone())),
            EventKind::DecisionRejected { role, reason, .. } => rejected.push((role.clone(), reason.clone())),
            _ => {}
        }
    }
    assert_eq!(
        taken,
        [
            ("dpo".to_string(), Action::CollectEvidence("office".into())),
            ("incident_commander".to_string(), Action::Escalate("communications".into())),
        ],
        "recorded as taken by the role as written"
    );
    assert_eq!(
        rejected,
        [
            ("hr".to_string(), Rejection::RoleNotStaffed { role: "hr".into() }),
            ("incident_commander".to_string(), Rejection::RoleNotStaffed { role: "executive".into() }),
        ]
    );
}

#[test]
fn cover_mistakes_in_a_plan_are_errors_at_their_place() {
    let report = validate_paths(&[PathBuf::from("tests/fixtures/invalid/plan-covers.ron")], &[]);
    assert_eq!(
        located(&report.diagnostics, Level::Error),
        [
            "plan-covers.ron:10:19: unknown-reference",
            "plan-covers.ron:10:31: covers-staffed-role",
            "plan-covers.ron:13:26: covered-twice",
            "plan-covers.ron:13:33: covers-staffed-role",
            "plan-covers.ron:13:42: covered-twice",
        ],
        "{}",
        report.render_diagnostics()
    );
    assert_eq!(report.warning_count(), 0);
}

/// A folder holding the minimal scenario (one inject also to `dpo`, one alert to the default
/// recipient), a plan and decisions by and escalating to roles the plan may not reach.
fn drill_folder(plan: &str, soc_staffed: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let scenario =
        read("tests/fixtures/valid/minimal.ron").replace(r#"to: ["soc_analyst"],"#, r#"to: ["soc_analyst", "dpo"],"#);
    std::fs::write(dir.path().join("scenario.ron"), scenario).unwrap();
    let plan = match soc_staffed {
        true => plan.to_string(),
        false => plan.replace(
            r#"(role: "soc_analyst", roster: ["SOC on call"], business_hours: ("5m", "10m"), off_hours: ("15m", "45m")),"#,
            "",
        ).replace(r#"owner: "soc_analyst""#, r#"owner: "it_operations""#),
    };
    std::fs::write(dir.path().join("plan.ron"), plan).unwrap();
    let decisions = read("tests/fixtures/valid/minimal-decisions.ron")
        .replace(r#"role: "incident_commander", action: ClassifySeverity"#, r#"role: "dpo", action: ClassifySeverity"#)
        .replace(r#"Escalate("legal")"#, r#"Escalate("hr")"#);
    std::fs::write(dir.path().join("decisions.ron"), decisions).unwrap();
    dir
}

#[test]
fn roles_a_plan_neither_staffs_nor_covers_are_warnings_at_their_place() {
    let dir = drill_folder(&read(MINIMAL_PLAN), true);
    let report = validate_paths(&[dir.path().to_path_buf()], &[]);
    assert_eq!(report.error_count(), 0, "{}", report.render_diagnostics());
    assert_eq!(
        located(&report.diagnostics, Level::Warning),
        [
            "decisions.ron:8:27: role-not-covered",
            "decisions.ron:11:65: role-not-covered",
            "scenario.ron:59:101: role-not-covered",
        ],
        "{}",
        report.render_diagnostics()
    );
    let messages: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "a decision is taken by `dpo`, which plan `minimal-plan` neither staffs nor covers; the run rejects the decision",
            "an escalation goes to `hr`, which plan `minimal-plan` neither staffs nor covers; the run rejects the decision",
            "inject `i01` goes to `dpo`, which plan `minimal-plan` neither staffs nor covers",
        ]
    );

    let covered = drill_folder(&plan_text(&["dpo", "hr"]), true);
    let report = validate_paths(&[covered.path().to_path_buf()], &[]);
    assert_eq!(report.diagnostics, vec![], "{}", report.render_diagnostics());
}

#[test]
fn an_alert_with_no_recipient_is_checked_as_going_to_the_soc_analyst() {
    let dir = drill_folder(&plan_text(&["dpo", "hr"]), false);
    let report = validate_paths(&[dir.path().join("scenario.ron"), dir.path().join("plan.ron")], &[]);
    assert_eq!(
        located(&report.diagnostics, Level::Warning),
        ["scenario.ron:56:17: role-not-covered", "scenario.ron:59:86: role-not-covered"],
        "{}",
        report.render_diagnostics()
    );
    assert!(report.diagnostics[0].message.starts_with("the alert of detection `edr-encrypt` names no `to`"));
}

#[test]
fn warnings_against_many_plans_are_capped_like_any_files() {
    let text = read("tests/fixtures/valid/minimal.ron").replace(r#"to: ["soc_analyst"],"#, r#"to: ["dpo", "hr"],"#);
    let scenario: Scenario = parse(&text);
    let plans = vec![parse::<Plan>(&read(MINIMAL_PLAN)); 600];
    let findings = check_scenario_reach(&scenario, &plans);
    assert_eq!(findings.list.len(), ttx::checks::MAX_DIAGNOSTICS);
    let diagnostics = findings.into_diagnostics(&SourceFile { name: "scenario.ron".into(), text });
    let last = diagnostics.last().unwrap();
    assert_eq!(last.code, "too-many-problems");
    assert!(last.message.starts_with("and 200 more not shown (0 errors, 200 warnings)"), "{}", last.message);
}

#[test]
fn validate_exits_zero_on_coverage_warnings_and_a_run_shows_who_covers() {
    let dir = drill_folder(&read(MINIMAL_PLAN), true);
    let mut validate = Command::cargo_bin("ttx").unwrap();
    validate.env_remove("TTX_SCENARIOS").arg("validate").arg(dir.path());
    validate.assert().code(0).stderr(
        predicate::str::contains("scenario.ron:59:101: warning[role-not-covered]: inject `i01` goes to `dpo`")
            .and(predicate::str::ends_with("ok: 3 files valid, 3 warnings\n")),
    );

    let covered = drill_folder(&plan_text(&["dpo", "hr"]), true);
    let out = covered.path().join("runs");
    let lines = ["next", "decide classify sev2 --by dpo", "decide escalate hr --by incident_commander", "next", "end"];
    let stdin: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let mut run = Command::cargo_bin("ttx").unwrap();
    run.env_remove("TTX_SCENARIOS").env("NO_COLOR", "1").arg("run").arg(covered.path().join("scenario.ron"));
    run.arg("--plan").arg(covered.path().join("plan.ron")).arg("--out").arg(&out).write_stdin(stdin);
    run.assert().code(0).stdout(
        predicate::str::contains("to soc_analyst, dpo (covered by legal): Odd invoice")
            .and(predicate::str::contains("decision by dpo (covered by legal): classify sev2"))
            .and(predicate::str::contains("decision #1 by dpo (covered by legal): classify sev2"))
            .and(predicate::str::contains("decision #2 by incident_commander: escalate hr")),
    );
}

#[test]
fn the_console_refuses_a_role_the_plan_neither_staffs_nor_covers() {
    let dir = drill_folder(&plan_text(&["dpo"]), true);
    let mut run = Command::cargo_bin("ttx").unwrap();
    run.env_remove("TTX_SCENARIOS").env("NO_COLOR", "1").arg("run").arg(dir.path().join("scenario.ron"));
    run.arg("--plan").arg(dir.path().join("plan.ron")).arg("--out").arg(dir.path().join("runs"));
    run.write_stdin("decide classify sev2 --by hr\nend\n").assert().code(0).stderr(
        predicate::str::contains("<stdin>:1: error: unknown role `hr`")
            .and(predicate::str::contains("the plan staffs or covers none like it")),
    );
}
