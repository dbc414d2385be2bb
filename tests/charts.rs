//! The report's charts as data (series, bars, markers, labels, axis ticks), snapshotted for
//! shipped drills rather than their pixels; and what a room must be able to rely on in them.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use ttx::evaluate::Evaluation;
use ttx::report::{ChartData, chart_data};
use ttx::timeline::Timeline;

/// Runs a scripted drill into `out` and computes its charts' data from the run folder's files.
fn charts_of(out: &Path, scenario: &str, plan: &str, decisions: &str) -> (ChartData, PathBuf) {
    let output = Command::cargo_bin("ttx")
        .unwrap()
        .env_remove("TTX_SCENARIOS")
        .args(["run", scenario, "--plan", plan, "--decisions", decisions, "--out"])
        .arg(out)
        .write_stdin("")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let folder = PathBuf::from(stdout.lines().find_map(|l| l.strip_prefix("written: ")).expect("run folder"));
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).unwrap();
    let evaluation: Evaluation = serde_json::from_str(&read("evaluation.json")).unwrap();
    let timeline: Timeline = serde_json::from_str(&read("timeline.json")).unwrap();
    (chart_data(&evaluation, &timeline), folder)
}

#[test]
fn shipped_drills_chart_data() {
    let drills = [
        ("hospital-ransomware", "scenarios/decisions/hospital-ransomware-good.ron"),
        ("hospital-ransomware", "scenarios/decisions/hospital-ransomware-poor.ron"),
        ("cloud-keys-exfiltration", "scenarios/decisions/cloud-keys-exfiltration-poor.ron"),
        ("insider-ip-theft", "scenarios/decisions/insider-ip-theft-good.ron"),
    ];
    let out = tempfile::tempdir().unwrap();
    for (scenario, decisions) in drills {
        let (data, _) = charts_of(out.path(), scenario, "enterprise-24x7", decisions);
        let name = Path::new(decisions).file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("{name}-charts"), serde_json::to_string_pretty(&data).unwrap());
    }
}

#[test]
fn a_data_theft_shows_its_records_and_unfinished_work_is_never_drawn_done() {
    let out = tempfile::tempdir().unwrap();
    let decisions = "scenarios/decisions/cloud-keys-exfiltration-poor.ron";
    let (data, folder) = charts_of(out.path(), "cloud-keys-exfiltration", "enterprise-24x7", decisions);
    let records = data.incident_curve.panels.iter().find(|p| p.title.starts_with("Records")).expect("records panel");
    assert!(records.lines[0].steps.last().is_some_and(|s| s.1 > 0));
    // Hosts held have their own panel: nothing on the team's side flattens them.
    assert_eq!(
        data.incident_curve.panels[0].lines.iter().map(|l| l.label).collect::<Vec<_>>(),
        ["compromised", "encrypted"]
    );
    let evaluation: Evaluation =
        serde_json::from_str(&std::fs::read_to_string(folder.join("evaluation.json")).unwrap()).unwrap();
    let gantt = data.response_timeline.expect("a response timeline");
    for step in evaluation.steps.iter().filter(|s| s.triggered_at.is_some() && s.done_at.is_none()) {
        let bar = gantt.groups.iter().flat_map(|g| &g.bars).find(|b| b.label == step.title).expect("a bar per step");
        assert!(bar.progress.unfinished(), "{} is not done but drawn as {:?}", step.title, bar.progress);
        assert_eq!(bar.to, evaluation.run.ended_at, "an unfinished step runs to the drill's end");
    }
    let clocks = data.clocks.expect("clocks started in this drill");
    assert!(clocks.rows.iter().all(|r| !r.regulation.contains('-')), "regulation names, not clock ids");
}

#[test]
fn a_drill_with_no_clock_started_says_so_instead_of_an_empty_chart() {
    let out = tempfile::tempdir().unwrap();
    let decisions = "scenarios/decisions/hospital-ransomware-good.ron";
    let (data, folder) = charts_of(out.path(), "hospital-ransomware", "enterprise-24x7", decisions);
    assert!(data.clocks.is_none());
    assert!(!folder.join("clocks.svg").exists());
    let report = std::fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(report.contains("No notification clock started during the drill, so there is no clocks chart."));
    for chart in ["incident-curve", "response-timeline", "metrics"] {
        assert!(folder.join(format!("{chart}.svg")).is_file());
    }
}
