//! The shipped library: every file under `scenarios/` validates without a warning, and the
//! library holds what the product promises (five scenarios with a full MSEL, two plans).

use std::path::{Path, PathBuf};
use ttx::source::FileKind;
use ttx::validate::{Parsed, load, validate_paths};

#[test]
fn every_shipped_file_validates_cleanly() {
    let report = validate_paths(&[PathBuf::from("scenarios")], &[]);
    assert!(report.files_checked >= 7, "only {} files", report.files_checked);
    assert_eq!(report.diagnostics, vec![], "{}", report.render_diagnostics());
}

fn shipped(kind: FileKind) -> Vec<Parsed> {
    let files = ttx::source::ron_files(Path::new("scenarios")).unwrap();
    files.iter().filter_map(|path| load(path, kind).ok()).collect()
}

#[test]
fn five_scenarios_each_with_a_full_msel() {
    let scenarios: Vec<_> = shipped(FileKind::Scenario)
        .into_iter()
        .filter_map(|p| if let Parsed::Scenario(s) = p { Some(s) } else { None })
        .collect();
    let ids: Vec<&str> = scenarios.iter().map(|s| s.id.as_str()).collect();
    for wanted in
        ["hospital-ransomware", "bec-wire-fraud", "cloud-keys-exfiltration", "insider-ip-theft", "supply-chain-update"]
    {
        assert!(ids.contains(&wanted), "missing {wanted} in {ids:?}");
    }
    for scenario in scenarios.iter().filter(|s| !s.tags.iter().any(|t| t == "benchmark")) {
        assert!(scenario.injects.len() >= 8, "{} has {} injects", scenario.id, scenario.injects.len());
        for inject in &scenario.injects {
            assert!(!inject.questions.is_empty(), "{}/{} has no discussion question", scenario.id, inject.id);
            assert!(!inject.notes.trim().is_empty(), "{}/{} has no facilitator notes", scenario.id, inject.id);
        }
        assert!(!scenario.techniques.is_empty() && !scenario.detections.is_empty(), "{}", scenario.id);
        // The after-action report rates objectives; the handouts state the scope.
        let design = &scenario.exercise;
        assert!(
            design.objectives.len() >= 3 && !design.scope.trim().is_empty(),
            "{} has no exercise design",
            scenario.id
        );
        let rated: std::collections::BTreeSet<_> = design.objectives.iter().flat_map(|o| &o.capabilities).collect();
        assert!(rated.len() >= 3, "{}: objectives cover only {rated:?}", scenario.id);
    }
}

#[test]
fn two_plans_that_differ_in_staffing_and_speed() {
    let plans: Vec<_> = shipped(FileKind::Plan)
        .into_iter()
        .filter_map(|p| if let Parsed::Plan(p) = p { Some(p) } else { None })
        .collect();
    assert!(plans.len() >= 2, "{} plans", plans.len());
    let worst_off_hours = |plan: &ttx::plan::model::Plan| {
        plan.roles.iter().filter_map(|r| r.off_hours.1.seconds().ok()).max().unwrap_or(0)
    };
    let mut latencies: Vec<u64> = plans.iter().map(|plan| worst_off_hours(plan)).collect();
    latencies.sort();
    assert!(latencies[latencies.len() - 1] >= 2 * latencies[0], "plans respond alike off hours: {latencies:?}");
}

#[test]
fn the_built_in_library_is_the_shipped_folder_less_the_benchmarks() {
    let built_in = ttx::library::Library::new(None);
    let mut counts = Vec::new();
    for kind in [FileKind::Scenario, FileKind::Plan, FileKind::Decisions] {
        let (files, broken) = built_in.files_of(kind);
        assert!(broken.is_empty());
        for file in &files {
            let ttx::library::Origin::BuiltIn(relative) = file.origin else {
                panic!("{:?} is not built in", file.origin)
            };
            assert!(!relative.starts_with("bench/"), "{relative}");
            assert_eq!(file.text, std::fs::read_to_string(Path::new("scenarios").join(relative)).unwrap());
        }
        counts.push(files.len());
    }
    let on_disk = |folder: &str| ttx::source::ron_files(Path::new("scenarios").join(folder).as_path()).unwrap().len();
    assert_eq!(counts, [5, on_disk("plans"), on_disk("decisions")]);
}
