//! The shipped responses are fair and stay good or poor on every seed. Each scenario's good and
//! poor decisions files are played against every shipped plan on seeds 1–20. A good response
//! acts only on what it has seen, so the engine rejects none of its decisions; and it beats the
//! poor one on every seed: on harm (no more damage in money, give or take 1 % of the baseline's,
//! and no more records out or hosts encrypted) and on the readiness score. Each scenario's good
//! response also meets more of its injects' expectations than the poor one, and misses fewer
//! (`--nocapture` prints the counts).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use ttx::compile::{Compiled, compile};
use ttx::decisions::model::DecisionScript;
use ttx::evaluate::Evaluation;
use ttx::evaluate::model::Status;
use ttx::exercise::{Script, Session, baseline, play};
use ttx::source::{SourceFile, parse_ron};
use ttx::timeline::{EventKind, Timeline};

const SCENARIOS: [&str; 5] =
    ["hospital-ransomware", "bec-wire-fraud", "cloud-keys-exfiltration", "insider-ip-theft", "supply-chain-update"];
const PLANS: [&str; 2] = ["enterprise-24x7", "small-business-msp"];
const SEEDS: std::ops::RangeInclusive<u64> = 1..=20;

fn load<T: serde::de::DeserializeOwned>(path: &str) -> T {
    let text = std::fs::read_to_string(Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_ron(&SourceFile { name: path.into(), text }).unwrap_or_else(|d| panic!("{path}: {}", d.message))
}

/// A shipped scenario compiled with a shipped plan, and its good and poor responses.
fn shipped(scenario: &str, plan: &str) -> (Arc<Compiled>, Script, Script) {
    let compiled =
        compile(load(&format!("scenarios/{scenario}.ron")), load(&format!("scenarios/plans/{plan}.ron"))).unwrap();
    let script = |quality: &str| {
        Script::from_file(&load::<DecisionScript>(&format!("scenarios/decisions/{scenario}-{quality}.ron")))
    };
    (compiled, script("good"), script("poor"))
}

/// One drill: its evaluation and the reasons of its rejected decisions.
fn play_one(compiled: &Arc<Compiled>, script: &Script, seed: u64, baseline: &Timeline) -> (Evaluation, Vec<String>) {
    let mut session = Session::new(compiled, seed).with_baseline(baseline.clone());
    play(script, &mut session);
    let rejected = session
        .sim
        .timeline()
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DecisionRejected { action, reason, .. } => Some(format!("+{}s {action:?}: {reason}", e.time)),
            _ => None,
        })
        .collect();
    (session.evaluation(), rejected)
}

#[test]
fn good_responses_see_before_they_act_and_beat_poor_ones_on_every_seed() {
    let mut table = String::new();
    let mut failures = Vec::new();
    for scenario in SCENARIOS {
        for plan in PLANS {
            let (compiled, good, poor) = shipped(scenario, plan);
            for seed in SEEDS {
                let baseline = baseline(&compiled, seed);
                let (g, rejected) = play_one(&compiled, &good, seed, &baseline);
                let (p, _) = play_one(&compiled, &poor, seed, &baseline);
                let (gi, pi) = (&g.impact, &p.impact);
                let (gh, ph) = (&g.outcome.team, &p.outcome.team);
                table.push_str(&format!(
                    "{scenario:24} {plan:19} {seed:2}  good {:>9} rec {:>4} enc {:>12.0} harm {:>12.0} cost {:>3} pts | poor {:>9} rec {:>4} enc {:>12.0} harm {:>12.0} cost {:>3} pts\n",
                    gi.records_total, gi.peak_encrypted, gh.cost, gi.cost, g.score.value.unwrap_or(0),
                    pi.records_total, pi.peak_encrypted, ph.cost, pi.cost, p.score.value.unwrap_or(0),
                ));
                let at = format!("{scenario} / {plan} / seed {seed}");
                if !rejected.is_empty() {
                    failures.push(format!("{at}: the good response had decisions rejected: {rejected:?}"));
                }
                if g.score.value <= p.score.value {
                    failures.push(format!("{at}: good scores {:?}, poor {:?}", g.score.value, p.score.value));
                }
                let staffed = |role: &str| compiled.plan.roles.iter().any(|r| r.role == role);
                for i in g.improvements.iter().chain(&p.improvements).filter(|i| !staffed(&i.owner)) {
                    failures.push(format!("{at}: improvement owned by `{}`, whom the plan does not staff", i.owner));
                }
                // Harm, not the whole cost: engaging more people sooner costs more response hours,
                // and that is effort, not damage. Within 1 % of the baseline's harm: where the slow
                // plan lets every record go whatever the team does (the cloud keys under the MSP
                // plan), the good team's containment adds a little downtime and saves nothing.
                if !(gh.cost <= ph.cost + 0.01 * g.outcome.baseline.cost
                    && gi.records_total <= pi.records_total
                    && gi.peak_encrypted <= pi.peak_encrypted)
                {
                    failures.push(format!(
                        "{at}: good does more harm than poor: {:.0} vs {:.0}, records {} vs {}, encrypted {} vs {}",
                        gh.cost, ph.cost, gi.records_total, pi.records_total, gi.peak_encrypted, pi.peak_encrypted
                    ));
                }
            }
        }
    }
    println!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Met, late, missed and not delivered, counted.
#[derive(Default, Clone, Copy)]
struct Counts([u32; 4]);

impl Counts {
    fn add(&mut self, status: Status) {
        let i = match status {
            Status::Met => 0,
            Status::Late => 1,
            Status::Missed => 2,
            _ => 3,
        };
        self.0[i] += 1;
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let [met, late, missed, undelivered] = self.0;
        write!(f, "met {met:>3} late {late:>3} missed {missed:>3} not delivered {undelivered:>3}")
    }
}

#[test]
fn good_responses_meet_more_expectations_than_poor_ones() {
    let mut table = String::new();
    let mut failures = Vec::new();
    for scenario in SCENARIOS {
        let (mut good, mut poor) = (Counts::default(), Counts::default());
        let mut each: BTreeMap<String, (Counts, Counts)> = BTreeMap::new();
        for plan in PLANS {
            let (compiled, good_script, poor_script) = shipped(scenario, plan);
            for seed in SEEDS {
                let baseline = baseline(&compiled, seed);
                for (quality, script, totals) in [("good", &good_script, &mut good), ("poor", &poor_script, &mut poor)]
                {
                    let mut session = Session::new(&compiled, seed).with_baseline(baseline.clone());
                    play(script, &mut session);
                    for e in session.evaluation().expectations {
                        totals.add(e.status);
                        let row = each.entry(format!("{} {}", e.inject, e.expected)).or_default();
                        if quality == "good" { row.0.add(e.status) } else { row.1.add(e.status) }
                    }
                }
            }
        }
        table.push_str(&format!("{scenario:24} good {good} | poor {poor}\n"));
        for (what, (g, p)) in &each {
            table.push_str(&format!("    {what:60} good {g} | poor {p}\n"));
        }
        if good.0[0] == 0 || good.0[0] <= poor.0[0] || good.0[2] >= poor.0[2] {
            failures.push(format!("{scenario}: good {good}, poor {poor}"));
        }
    }
    println!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
