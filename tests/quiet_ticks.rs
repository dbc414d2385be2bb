//! Skipping quiet ticks changes nothing: every shipped scenario, under each plan, with no
//! response, with the automated team (slipping or not) and with each decisions file, gives the
//! same timeline when the engine jumps over quiet ticks as when it is stepped one tick at a time.

use std::path::Path;
use std::sync::Arc;
use ttx::compile::{Compiled, compile};
use ttx::decisions::model::DecisionScript;
use ttx::engine::Sim;
use ttx::exercise::journal::Entry;
use ttx::exercise::{Script, Session, play};
use ttx::source::{SourceFile, parse_ron};
use ttx::team::Imperfection;

const SCENARIOS: [&str; 5] =
    ["hospital-ransomware", "bec-wire-fraud", "cloud-keys-exfiltration", "insider-ip-theft", "supply-chain-update"];
const SEEDS: u64 = 12;

fn load<T: serde::de::DeserializeOwned>(path: &str) -> T {
    let text = std::fs::read_to_string(Path::new(path)).unwrap();
    parse_ron(&SourceFile { name: path.into(), text }).unwrap_or_else(|d| panic!("{path}: {}", d.message))
}

fn compiled(scenario: &str, plan: &str) -> Arc<Compiled> {
    compile(load(&format!("scenarios/{scenario}.ron")), load(&format!("scenarios/plans/{plan}.ron"))).unwrap()
}

/// Replays a played drill's journal one tick at a time, never skipping.
fn stepped(compiled: &Arc<Compiled>, seed: u64, journal: &[Entry]) -> Sim {
    let mut sim = Sim::new(Arc::clone(compiled), seed);
    for entry in journal {
        match entry {
            Entry::Decision { role, action, rationale, .. } if !sim.is_over() => sim.apply(ttx::engine::Decision {
                role: role.clone(),
                action: action.clone(),
                rationale: rationale.clone(),
            }),
            Entry::Advance { to } => {
                while !sim.is_over() && sim.now() < *to {
                    sim.step();
                }
            }
            Entry::RunOut { .. } => {
                while !sim.is_over() {
                    sim.step();
                }
            }
            _ => {}
        }
    }
    sim
}

/// Plays `script` (skipping quiet ticks) and checks the tick-by-tick replay of its journal.
fn same_when_stepped(compiled: &Arc<Compiled>, script: &Script, seed: u64, what: &str) {
    let mut session = Session::new(compiled, seed);
    let journal = play(script, &mut session);
    let reference = stepped(compiled, seed, &journal);
    assert_eq!(session.sim.timeline(), reference.timeline(), "{what}, seed {seed}");
    assert_eq!(session.sim.impact(), reference.impact(), "{what}, seed {seed}");
}

#[test]
fn skipping_quiet_ticks_changes_no_run() {
    let slips = Imperfection { miss_alert: 0.2, misjudge_severity: 0.3, act_late: 0.4 };
    for scenario in SCENARIOS {
        for plan in ["enterprise-24x7", "small-business-msp"] {
            let compiled = compiled(scenario, plan);
            let mut scripts = vec![
                (Script::default(), "no response".to_string()),
                (Script::automated(&compiled, Imperfection::default()), "the automated team".into()),
                (Script::automated(&compiled, slips), "a slipping automated team".into()),
            ];
            for quality in ["good", "poor"] {
                let path = format!("scenarios/decisions/{scenario}-{quality}.ron");
                scripts.push((Script::from_file(&load::<DecisionScript>(&path)), path));
            }
            for (script, response) in &scripts {
                for seed in 1..=SEEDS {
                    same_when_stepped(&compiled, script, seed, &format!("{scenario} under {plan}, {response}"));
                }
            }
        }
    }
}
