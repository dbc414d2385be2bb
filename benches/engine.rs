//! Engine benchmark on Mesa's virus_on_network model (scenarios/bench): ticks/s, host-ticks/s
//! and peak memory at each size, cost per host-tick across sizes, and mean final fractions.
//!
//! `cargo bench --bench engine` runs every measurement, each in a fresh process so that peak
//! memory is its own. `cargo bench --bench engine -- fractions <size> <runs>` prints the mean
//! final susceptible / infected / resistant fractions over `runs` seeds (used by
//! bench/compare-mesa.sh). `-- drills <scenario> <plan> <runs> [decisions]` prints the mean time
//! per run of a shipped scenario, with no response or played by a decisions file (its timed
//! decisions and its rules).

use std::process::Command;
use std::sync::Arc;
use std::time::Instant;
use ttx::compile::compile;
use ttx::decisions::model::DecisionScript;
use ttx::engine::Sim;
use ttx::exercise::{Script, Session, play};
use ttx::plan::model::Plan;
use ttx::scenario::model::Scenario;
use ttx::source::{SourceFile, parse_ron};

const PLAN: &str = "tests/fixtures/valid/minimal-plan.ron";

fn load<T: serde::de::DeserializeOwned>(path: &str) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_ron(&SourceFile { name: path.into(), text }).unwrap_or_else(|d| panic!("{path}: {}", d.message))
}

fn scenario(size: &str) -> Scenario {
    load(&format!("scenarios/bench/virus-on-network-{size}.ron"))
}

/// The scenario with its run cut to `ticks` ticks.
fn with_ticks(mut scenario: Scenario, ticks: u64) -> Scenario {
    scenario.clock.max_duration = format!("{}m", ticks + 1).as_str().into();
    scenario
}

/// Peak resident memory of this process in KiB (Linux), or 0.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// One measurement in this process: set-up and run times, then peak memory.
fn measure(size: &str, ticks: u64) {
    let plan: Plan = load(PLAN);
    let scenario = with_ticks(scenario(size), ticks);
    let hosts: u64 = scenario.environment.segments.iter().flat_map(|s| &s.hosts).map(|g| u64::from(g.count)).sum();
    let started = Instant::now();
    let mut sim = Sim::new(compile(scenario, plan).expect("benchmark scenario is valid"), 1);
    let setup = started.elapsed().as_secs_f64();
    let started = Instant::now();
    sim.run_to_end();
    let run = started.elapsed().as_secs_f64();
    let run_ticks = ticks + 1;
    println!(
        "{size:>5} {hosts:>8} {run_ticks:>6} {:>9.4} {:>9.4} {:>11.0} {:>14.0} {:>8.1} {:>9}",
        setup,
        run,
        run_ticks as f64 / run,
        (hosts * run_ticks) as f64 / run,
        run * 1e9 / (hosts * run_ticks) as f64,
        peak_kib() / 1024,
    );
}

/// Mean final fractions (susceptible, infected, resistant) over `runs` seeds.
fn fractions(size: &str, runs: u64) {
    let plan: Plan = load(PLAN);
    let scenario = scenario(size);
    let mut samples: Vec<[f64; 3]> = Vec::new();
    let compiled = compile(scenario, plan).expect("benchmark scenario is valid");
    for seed in 0..runs {
        let mut sim = Sim::new(Arc::clone(&compiled), seed);
        sim.run_to_end();
        let c = sim.host_counts();
        let total = (c.clean + c.compromised + c.encrypted + c.immune) as f64;
        samples.push([c.clean as f64 / total, (c.compromised + c.encrypted) as f64 / total, c.immune as f64 / total]);
    }
    let n = samples.len() as f64;
    for (k, name) in ["susceptible", "infected", "resistant"].iter().enumerate() {
        let mean = samples.iter().map(|s| s[k]).sum::<f64>() / n;
        let var = samples.iter().map(|s| (s[k] - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
        println!("{name} {mean:.4} {:.4}", (var / n).sqrt());
    }
}

/// Mean time per run of a shipped scenario over `runs` seeds, with no response or played by a
/// decisions file: the engine's cost per drill (and the rule engine's), set-up and evaluation
/// included, without reports or charts.
fn drills(scenario_path: &str, plan_path: &str, runs: u64, decisions: Option<&str>) {
    let plan: Plan = load(plan_path);
    let scenario: Scenario = load(scenario_path);
    let script = decisions.map(|path| Script::from_file(&load::<DecisionScript>(path))).unwrap_or_default();
    let started = Instant::now();
    let compiled = compile(scenario, plan).expect("shipped scenario is valid");
    let mut ticks = 0;
    for seed in 1..=runs {
        let mut session = Session::new(&compiled, seed);
        play(&script, &mut session);
        std::hint::black_box(session.evaluation());
        ticks += session.sim.timeline().events.last().map_or(0, |e| e.time) / 900;
    }
    let per_run = started.elapsed().as_secs_f64() / runs as f64;
    let by = decisions.unwrap_or("no response");
    println!("{scenario_path} ({by}) {runs} runs: {:.3} ms per run ({ticks} quarter-hours in all)", per_run * 1e3);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    match args.as_slice() {
        [cmd, size, ticks] if cmd == "measure" => measure(size, ticks.parse().expect("ticks")),
        [cmd, size, runs] if cmd == "fractions" => fractions(size, runs.parse().expect("runs")),
        [cmd, scenario, plan, runs] if cmd == "drills" => drills(scenario, plan, runs.parse().expect("runs"), None),
        [cmd, scenario, plan, runs, decisions] if cmd == "drills" => {
            drills(scenario, plan, runs.parse().expect("runs"), Some(decisions))
        }
        _ => {
            println!("engine benchmark: Mesa virus_on_network, seed 1, one process per row");
            println!(" size    hosts  ticks   setup_s     run_s     ticks/s  host-ticks/s  ns/h-t  peak_MiB");
            let me = std::env::current_exe().expect("own path");
            for (size, ticks) in [("1k", 100), ("1k", 1000), ("10k", 100), ("10k", 1000), ("100k", 100), ("100k", 1000)]
            {
                let status =
                    Command::new(&me).args(["measure", size, &ticks.to_string()]).status().expect("run measurement");
                assert!(status.success());
            }
        }
    }
}
