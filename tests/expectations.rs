//! The shipped scenarios' inject expectations tell good responses from poor ones: played against
//! every shipped plan on seeds 1–20, each scenario's good response meets more of its expectations
//! than its poor one, and misses fewer. `--nocapture` prints the counts, and each expectation's.

use std::collections::BTreeMap;
use std::path::Path;
use ttx::compile::compile;
use ttx::decisions::model::DecisionScript;
use ttx::evaluate::model::Status;
use ttx::exercise::{Script, Session, baseline, play};
use ttx::source::{SourceFile, parse_ron};

const SCENARIOS: [&str; 5] =
    ["hospital-ransomware", "bec-wire-fraud", "cloud-keys-exfiltration", "insider-ip-theft", "supply-chain-update"];
const PLANS: [&str; 2] = ["enterprise-24x7", "small-business-msp"];
const SEEDS: std::ops::RangeInclusive<u64> = 1..=20;

fn load<T: serde::de::DeserializeOwned>(path: &str) -> T {
    let text = std::fs::read_to_string(Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_ron(&SourceFile { name: path.into(), text }).unwrap_or_else(|d| panic!("{path}: {}", d.message))
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
            let compiled =
                compile(load(&format!("scenarios/{scenario}.ron")), load(&format!("scenarios/plans/{plan}.ron")))
                    .unwrap();
            let script = |quality: &str| {
                Script::from_file(&load::<DecisionScript>(&format!("scenarios/decisions/{scenario}-{quality}.ron")))
            };
            for seed in SEEDS {
                let baseline = baseline(&compiled, seed);
                for (quality, totals) in [("good", &mut good), ("poor", &mut poor)] {
                    let mut session = Session::new(&compiled, seed).with_baseline(baseline.clone());
                    play(&script(quality), &mut session);
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
