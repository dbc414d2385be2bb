//! The after-action report in HSEEP's shape: the overview, objectives rated from their
//! capabilities, an analysis per capability, the improvement plan (also as a CSV a spreadsheet
//! opens cleanly), and no empty table anywhere.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(out: &Path, scenario: &str, plan: &str, decisions: &str) -> PathBuf {
    let status = Command::new(env!("CARGO_BIN_EXE_ttx"))
        .args(["run", scenario, "--plan", plan, "--decisions", decisions, "--out"])
        .arg(out)
        .env_remove("TTX_SCENARIOS")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    std::fs::read_dir(out).unwrap().flatten().map(|e| e.path()).find(|p| p.is_dir()).unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The sections in order, as a CISO reads them.
#[test]
fn the_report_opens_with_the_overview_outcome_objectives_and_analysis() {
    let out = tempfile::tempdir().unwrap();
    let folder = run(out.path(), "hospital-ransomware", "small-business-msp", "hospital-ransomware-poor");
    let report = read(&folder.join("report.md"));
    let sections: Vec<&str> = report.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        sections[..6],
        [
            "## Exercise overview",
            "## Outcome: what the response saved",
            "## Objectives",
            "## Analysis of capabilities",
            "## Hot wash and participant feedback",
            "## Improvement plan"
        ]
    );
    for appendix in ["## Appendix: the MSEL as delivered", "## Appendix: decision log", "## Appendix: discussion"] {
        assert!(report.contains(appendix), "{appendix}");
    }
    // Participants by role, with the plan's roster names.
    assert!(report.contains("| msp | MSP service desk | also covers soc\\_analyst, forensics |"), "{report}");
    // Each objective is rated from its capabilities: the worst observed.
    let objective = report.lines().find(|l| l.starts_with("| Contain the spread")).unwrap();
    let containment = report.lines().find(|l| l.starts_with("### Containment: ")).unwrap();
    let letter = containment.trim_start_matches("### Containment: ").chars().next().unwrap();
    assert!(objective.contains(&format!("Containment {letter} ")), "{objective}");
    // No empty table: a header row and its rule are always followed by a row.
    let lines: Vec<&str> = report.lines().collect();
    for (i, pair) in lines.windows(3).enumerate() {
        if pair[1].starts_with("|---") {
            assert!(pair[2].starts_with('|'), "an empty table at line {}: {}", i + 1, pair[0]);
        }
    }
}

#[test]
fn the_improvement_plan_csv_opens_cleanly_and_names_people_dates_and_status() {
    let out = tempfile::tempdir().unwrap();
    let folder = run(out.path(), "hospital-ransomware", "small-business-msp", "hospital-ransomware-poor");
    let text = read(&folder.join("improvement-plan.csv"));
    let body = text.strip_prefix('\u{feff}').expect("a byte-order mark, so Excel reads UTF-8");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let head: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(head[..3], ["priority", "capability", "area for improvement"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let evaluation: serde_json::Value = serde_json::from_str(&read(&folder.join("evaluation.json"))).unwrap();
    assert_eq!(rows.len(), evaluation["improvements"].as_array().unwrap().len());
    assert!(rows.len() >= 3);
    let column = |name: &str| head.iter().position(|h| h == name).unwrap();
    for row in &rows {
        assert_eq!(&row[column("status")], "open");
        assert!(
            ["Plan", "Organization", "Equipment", "Training", "Exercise"].contains(&&row[column("capability element")])
        );
        assert_ne!(&row[column("responsible person")], "", "a named person from the roster");
        let (start, done) = (&row[column("start")], &row[column("completion")]);
        assert!(start.len() == 10 && start < done, "{start} before {done}");
    }
    // The MSP plan's roster names the person for its roles.
    assert!(rows.iter().any(|r| &r[column("responsible person")] == "MSP service desk"));
    // Played from a file, the dates count from the scenario's start: the same file, the same plan.
    let again = tempfile::tempdir().unwrap();
    let second = run(again.path(), "hospital-ransomware", "small-business-msp", "hospital-ransomware-poor");
    assert_eq!(read(&second.join("improvement-plan.csv")), text);
}

#[test]
fn a_drill_with_nothing_to_improve_says_so_in_a_sentence() {
    let out = tempfile::tempdir().unwrap();
    let folder = run(out.path(), "hospital-ransomware", "enterprise-24x7", "hospital-ransomware-good");
    let report = read(&folder.join("report.md"));
    assert!(report.contains("No hot wash and no answers were recorded"), "{report}");
    assert!(report.contains("Not observed: nothing the plan or the scenario asks of notification"), "{report}");
    let csv = read(&folder.join("improvement-plan.csv"));
    let evaluation: serde_json::Value = serde_json::from_str(&read(&folder.join("evaluation.json"))).unwrap();
    assert_eq!(csv.lines().count(), 1 + evaluation["improvements"].as_array().unwrap().len());
}
