//! Monte Carlo campaigns: the same seed gives the same result on any number of threads; slices of
//! the runs add up to the whole; quantiles are exact; a stop gives a partial result of the runs
//! done; and `--format json` prints JSON only.

use proptest::prelude::*;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use ttx::campaign::{ComparisonSummary, Distribution, Runs, Summary, Tally, simulate};
use ttx::compile::{Compiled, compile};
use ttx::decisions::model::DecisionScript;
use ttx::exercise::Script;
use ttx::source::{SourceFile, parse_ron};

fn load<T: serde::de::DeserializeOwned>(path: &str) -> T {
    let text = std::fs::read_to_string(Path::new(path)).unwrap();
    parse_ron(&SourceFile { name: path.into(), text }).unwrap_or_else(|d| panic!("{path}: {}", d.message))
}

fn hospital() -> (Arc<Compiled>, Script) {
    let compiled =
        compile(load("scenarios/hospital-ransomware.ron"), load("scenarios/plans/enterprise-24x7.ron")).unwrap();
    let script = Script::from_file(&load::<DecisionScript>("scenarios/decisions/hospital-ransomware-good.ron"));
    (compiled, script)
}

fn runs(seed: u64, range: std::ops::Range<u64>, threads: usize) -> Runs<'static> {
    Runs { seed, range, threads, stop: &|| false, done: &|| {} }
}

fn run(compiled: &Arc<Compiled>, script: &Script, range: std::ops::Range<u64>, threads: usize) -> Tally {
    simulate(compiled, script, &runs(7, range, threads))
}

fn json(tally: &Tally) -> String {
    serde_json::to_string(&Summary::of(tally, "hospital-ransomware", "enterprise-24x7", "the good response", 7, false))
        .unwrap()
}

#[test]
fn the_same_seed_gives_the_same_result_on_one_thread_or_two_and_slices_add_up() {
    let (compiled, script) = hospital();
    let one = run(&compiled, &script, 0..24, 1);
    let two = run(&compiled, &script, 0..24, 2);
    assert_eq!(one.runs, 24);
    assert_eq!(json(&one), json(&two), "threads change nothing");
    let sliced = run(&compiled, &script, 0..10, 2).merge(run(&compiled, &script, 10..24, 1));
    assert_eq!(sliced, one, "two slices of the runs merge into the whole");
    let other_seed = simulate(&compiled, &script, &runs(8, 0..24, 2));
    assert_ne!(other_seed, one, "another seed, other runs");
}

#[test]
fn a_stop_ends_the_campaign_with_the_runs_done() {
    let (compiled, script) = hospital();
    let started = AtomicU64::new(0);
    let stop = || started.load(Ordering::SeqCst) >= 5;
    let done = || {
        started.fetch_add(1, Ordering::SeqCst);
    };
    let tally = simulate(&compiled, &script, &Runs { seed: 7, range: 0..50, threads: 1, stop: &stop, done: &done });
    assert_eq!(tally.runs, 5, "no run starts after the stop");
    let summary =
        Summary::of(&tally, "hospital-ransomware", "enterprise-24x7", "the good response", 7, tally.runs < 50);
    assert!(summary.partial);
    assert!(summary.text().contains("PARTIAL"));
}

proptest! {
    #[test]
    fn quantiles_are_exact_nearest_rank(values in proptest::collection::vec(0u64..500, 1..300), q in 0.01f64..=1.0) {
        let mut d = Distribution::default();
        values.iter().for_each(|v| d.add(*v));
        let mut sorted = values.clone();
        sorted.sort();
        let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        prop_assert_eq!(d.quantile(q), Some(sorted[rank - 1]));
        prop_assert_eq!(d.len(), values.len() as u64);
    }

    #[test]
    fn merged_distributions_are_the_distribution_of_both(a in proptest::collection::vec(0u64..50, 0..50), b in proptest::collection::vec(0u64..50, 0..50)) {
        let of = |values: &[u64]| { let mut d = Distribution::default(); values.iter().for_each(|v| d.add(*v)); d };
        let mut merged = of(&a);
        merged.merge(&of(&b));
        prop_assert_eq!(merged, of(&[a.clone(), b.clone()].concat()));
    }
}

fn ttx(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ttx")).args(args).output().unwrap()
}

#[test]
fn json_output_is_json_only_and_the_automated_team_responds_without_a_decisions_file() {
    let decisions = "scenarios/decisions/bec-wire-fraud-good.ron";
    let args = ["simulate", "bec-wire-fraud", "--plan", "small-business-msp", "--decisions", decisions];
    let out = ttx(&[&args[..], &["--runs", "6", "--format", "json"]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    assert_eq!((parsed["runs"].as_u64(), parsed["partial"].as_bool()), (Some(6), Some(false)));
    assert!(parsed["metrics"].as_array().is_some_and(|m| m.iter().any(|x| x["id"] == "contain")));
    let text = ttx(&[&args[..], &["--runs", "6"]].concat());
    assert!(String::from_utf8_lossy(&text.stdout).contains("readiness score: p10"));
    assert!(String::from_utf8_lossy(&text.stdout).contains("response: decisions file bec-wire-fraud-good.ron"));
    let team = ["simulate", "bec-wire-fraud", "--plan", "small-business-msp", "--runs", "2"];
    let automated = ttx(&[&team[..], &["--late", "0.25", "--format", "json"]].concat());
    assert!(automated.status.success(), "{}", String::from_utf8_lossy(&automated.stderr));
    let parsed: serde_json::Value = serde_json::from_slice(&automated.stdout).unwrap();
    let response = parsed["response"].as_str().unwrap_or_default();
    assert!(response.contains("automated team") && response.contains("late 25.0 %"), "{response}");
    for bad in [&["--late", "1.5"][..], &["--miss-alert", "x"], &["--misjudge", "0.1", "--decisions", decisions]] {
        let refused = ttx(&[&team[..], bad].concat());
        assert_eq!(refused.status.code(), Some(2), "{bad:?}");
    }
}

#[test]
fn ctrl_c_prints_the_runs_done_marked_partial() {
    let child = Command::new(env!("CARGO_BIN_EXE_ttx"))
        .args(["simulate", "bec-wire-fraud", "--plan", "small-business-msp"])
        .args(["--decisions", "scenarios/decisions/bec-wire-fraud-good.ron", "--runs", "10000000", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    // The shell's own `kill`, which every POSIX shell has built in.
    let interrupted = Command::new("sh").args(["-c", &format!("kill -INT {}", child.id())]).status().unwrap();
    assert!(interrupted.success());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "a clean stop");
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the partial result, as JSON");
    assert_eq!(parsed["partial"].as_bool(), Some(true));
    assert!(parsed["runs"].as_u64().is_some_and(|n| n < 10_000_000));
}

#[test]
fn shards_merged_print_exactly_what_the_unsharded_campaign_prints() {
    let dir = tempfile::tempdir().unwrap();
    let decisions = "scenarios/decisions/bec-wire-fraud-good.ron";
    let campaign = ["simulate", "bec-wire-fraud", "--plan", "small-business-msp", "--decisions", decisions];
    let common = ["--runs", "9", "--seed", "5", "--format", "json"];
    let whole = ttx(&[&campaign[..], &common[..]].concat());
    assert!(whole.status.success());
    let mut parts = Vec::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let out = ttx(&[&campaign[..], &common[..], &["--shard", shard, "--threads", "1"]].concat());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let path = dir.path().join(format!("part-{}.json", &shard[..1]));
        std::fs::write(&path, &out.stdout).unwrap();
        parts.push(path.display().to_string());
    }
    let merged =
        ttx(&[&["merge"], &parts.iter().map(String::as_str).collect::<Vec<_>>()[..], &["--format", "json"]].concat());
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    assert_eq!(String::from_utf8_lossy(&merged.stdout), String::from_utf8_lossy(&whole.stdout));

    // Not the parts of one campaign: each refused with exit code 2 and why.
    let refused = |args: &[&str], why: &str| {
        let out = ttx(&[&["merge"], args].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(stderr.contains(why), "{args:?}: {stderr}");
    };
    refused(&[&parts[0], &parts[1]], "shards missing: 3/3");
    refused(&[&parts[0], &parts[0], &parts[1], &parts[2]], "are both shard 1/3");
    let other = ttx(&[&campaign[..], &["--runs", "9", "--seed", "6", "--format", "json", "--shard", "3/3"]].concat());
    let other_path = dir.path().join("other.json");
    std::fs::write(&other_path, &other.stdout).unwrap();
    refused(&[&parts[0], &parts[1], other_path.to_str().unwrap()], "from another campaign");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"scenario\": 3\n}").unwrap();
    refused(&[broken.to_str().unwrap()], "broken.json:2:");
}

#[test]
fn the_shards_of_a_comparison_merge_into_what_the_unsharded_comparison_prints_and_writes() {
    let dir = tempfile::tempdir().unwrap();
    let campaign = ["simulate", "bec-wire-fraud", "--plan", "small-business-msp", "--compare", "enterprise-24x7"];
    let common = ["--runs", "8", "--seed", "4", "--format", "json"];
    let whole_dir = dir.path().join("whole");
    let whole = ttx(&[&campaign[..], &common[..], &["--out", whole_dir.to_str().unwrap()]].concat());
    assert!(whole.status.success(), "{}", String::from_utf8_lossy(&whole.stderr));
    let mut parts = Vec::new();
    for shard in ["1/2", "2/2"] {
        let out = ttx(&[&campaign[..], &common[..], &["--shard", shard]].concat());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let path = dir.path().join(format!("part-{}.json", &shard[..1]));
        std::fs::write(&path, &out.stdout).unwrap();
        parts.push(path.display().to_string());
    }
    let merged_dir = dir.path().join("merged");
    let args = [&["merge", &parts[0], &parts[1], "--format", "json", "--out"][..], &[merged_dir.to_str().unwrap()]];
    let merged = ttx(&args.concat());
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    assert_eq!(String::from_utf8_lossy(&merged.stdout), String::from_utf8_lossy(&whole.stdout));
    for file in ["simulation.json", "simulation.html", "contain-cdf.svg"] {
        let read = |d: &std::path::Path| std::fs::read(d.join(file)).unwrap();
        assert!(read(&whole_dir) == read(&merged_dir), "{file}: the merged folder is the unsharded one");
    }
    // A comparison's part does not merge with one plan's.
    let single = ttx(&["simulate", "bec-wire-fraud", "--plan", "small-business-msp", "--runs", "8", "--seed", "4"]
        .iter()
        .chain(&["--format", "json", "--shard", "2/2"])
        .copied()
        .collect::<Vec<_>>());
    let single_path = dir.path().join("single.json");
    std::fs::write(&single_path, &single.stdout).unwrap();
    let mixed = ttx(&["merge", &parts[0], single_path.to_str().unwrap()]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("from another campaign"));
}

proptest! {
    #[test]
    fn the_shards_of_a_campaign_cover_its_runs_once(runs in 0u64..10_000, of in 1u64..64) {
        let mut next = 0;
        for index in 1..=of {
            let slice = ttx::campaign::Shard { index, of }.runs(runs);
            prop_assert_eq!(slice.start, next);
            next = slice.end;
        }
        prop_assert_eq!(next, runs);
    }
}

#[test]
fn a_24x7_soc_contains_the_hospital_ransomware_faster_than_a_small_business_msp() {
    let (enterprise, script) = hospital();
    let msp =
        compile(load("scenarios/hospital-ransomware.ron"), load("scenarios/plans/small-business-msp.ron")).unwrap();
    let both = ttx::campaign::compare([&enterprise, &msp], [&script, &script], &runs(3, 0..60, 2));
    assert_eq!((both.a.runs, both.b.runs), (60, 60));
    let contain = both.paired.0.get("contain").expect("runs in which both plans contained");
    let (low, high) = contain.interval().expect("enough pairs");
    assert!(low > 0.0, "the MSP plan is slower on the same seeds, beyond the seeds' noise: {low}..{high}");
    assert!(contain.a_faster > contain.b_faster, "{contain:?}");
    assert!(contain.only_a > contain.only_b, "the 24x7 SOC also contains in runs the MSP never does: {contain:?}");
}

#[test]
fn under_each_plan_s_own_automated_team_the_24x7_soc_is_ahead_beyond_the_seeds_noise() {
    let (enterprise, _) = hospital();
    let msp =
        compile(load("scenarios/hospital-ransomware.ron"), load("scenarios/plans/small-business-msp.ron")).unwrap();
    let perfect = ttx::team::Imperfection::default();
    let teams = [Script::automated(&msp, perfect), Script::automated(&enterprise, perfect)];
    let both = ttx::campaign::compare([&msp, &enterprise], [&teams[0], &teams[1]], &runs(5, 0..40, 2));
    let labels = ["MSP team", "24x7 team"];
    let summary = ComparisonSummary::of(&both, "hospital-ransomware", ["msp", "24x7"], labels, 5, false);
    for metric in ["contain", "escalate"] {
        let paired = summary.paired.iter().find(|p| p.id == metric).unwrap();
        let (low, _) = paired.b_ahead_ci95.expect("runs in which one plan was ahead");
        assert!(low > 0.5, "{metric}: the 24x7 SOC (B) is ahead in {:?} of the decisive runs", paired.b_ahead);
    }
    assert!(summary.b.averted.mean > summary.a.averted.mean, "and averts more harm");
}

#[test]
fn out_writes_the_json_a_self_contained_page_and_its_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("campaign");
    let args = ["simulate", "bec-wire-fraud", "--plan", "small-business-msp", "--compare", "enterprise-24x7"];
    let decisions = ["--decisions", "scenarios/decisions/bec-wire-fraud-good.ron", "--runs", "4", "--out"];
    let done = ttx(&[&args[..], &decisions[..], &[out.to_str().unwrap(), "--format", "json"]].concat());
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let json = std::fs::read(out.join("simulation.json")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&json).trim(),
        String::from_utf8_lossy(&done.stdout).trim(),
        "the JSON printed is the JSON written"
    );
    let page = std::fs::read_to_string(out.join("simulation.html")).unwrap();
    assert!(page.contains("<svg") && page.contains("on the same seeds"), "the chart inline, the comparison shown");
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"), "nothing fetched from anywhere");
    let chart = |name: &str| std::fs::read_to_string(out.join(format!("{name}.svg"))).ok();
    for name in ["contain-cdf", "detect-cdf", "averted-histogram"] {
        let svg = chart(name).unwrap_or_default();
        assert!(svg.starts_with("<svg") && page.contains(&svg), "{name}: its own file and inline on the page");
    }
    // A chart with nothing to show is a sentence instead, never an empty frame.
    let either =
        |name: &str, instead: &str| chart(name).is_some_and(|svg| page.contains(&svg)) != page.contains(instead);
    assert!(either("contain-histogram", "No run was contained"));
    assert!(either("clocks", "No notification clock"));
}
