//! The score cannot be gamed. Responses that try — declaring the incident closed at +0m,
//! paperwork only (every severity, escalation and notification, no containment), cutting every
//! segment off at once — are played against every shipped scenario on seeds 1–20, beside no
//! response and the shipped good and poor responses. The ordering expected, and why, is written
//! in docs/evaluation.md ("What the score rewards"):
//!
//! - no response < poor < good, on every seed;
//! - closing at +0m scores no more than no response plus the little its one decision earns, and
//!   below poor: declaring closed contains nothing, and the harm is judged at the true end;
//! - paperwork only scores below good: the outcome (40 %) and containment are where it fails;
//! - cutting everything off scores below good: the downtime it causes is harm too.

use std::sync::Arc;
use ttx::action::{Action, Audience, Party, Severity};
use ttx::compile::{Compiled, compile};
use ttx::decisions::model::DecisionScript;
use ttx::engine::Decision;
use ttx::exercise::{Script, ScriptedDecision, Session, baseline, play};
use ttx::source::{SourceFile, parse_ron};
use ttx::timeline::Timeline;

const SCENARIOS: [&str; 5] =
    ["hospital-ransomware", "bec-wire-fraud", "cloud-keys-exfiltration", "insider-ip-theft", "supply-chain-update"];

fn load<T: serde::de::DeserializeOwned>(path: &str) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_ron(&SourceFile { name: path.into(), text }).unwrap_or_else(|d| panic!("{path}: {}", d.message))
}

fn at_start(decisions: Vec<(&str, Action)>) -> Script {
    let decisions = decisions
        .into_iter()
        .map(|(role, action)| ScriptedDecision {
            at: 0,
            decision: Decision { role: role.into(), action, rationale: String::new() },
        })
        .collect();
    Script { decisions, ..Script::default() }
}

/// Every severity, escalation, notification and communication there is, and nothing else.
fn paperwork(compiled: &Compiled) -> Script {
    let mut decisions = vec![("incident_commander", Action::ClassifySeverity(Severity::Sev1))];
    for role in &compiled.plan.roles {
        decisions.push(("incident_commander", Action::Escalate(role.role.clone())));
    }
    let parties = Party::ALL;
    decisions.extend(parties.into_iter().map(|p| ("incident_commander", Action::Notify(p))));
    decisions.push(("incident_commander", Action::Communicate(Audience::Staff)));
    decisions.push(("incident_commander", Action::DetermineMateriality(true)));
    at_start(decisions)
}

fn isolate_everything(compiled: &Compiled) -> Script {
    let segments = &compiled.scenario.environment.segments;
    at_start(segments.iter().map(|s| ("incident_commander", Action::IsolateSegment(s.id.clone()))).collect())
}

fn score(compiled: &Arc<Compiled>, script: &Script, seed: u64, baseline: &Timeline) -> u32 {
    let mut session = Session::new(compiled, seed).with_baseline(baseline.clone());
    play(script, &mut session);
    session.evaluation().score.value.unwrap_or(0)
}

#[test]
fn gaming_responses_score_below_real_ones_on_every_seed() {
    let mut failures = Vec::new();
    let mut table = String::from("scenario seed: none closed paperwork isolate-all poor good\n");
    for scenario in SCENARIOS {
        let good: DecisionScript = load(&format!("scenarios/decisions/{scenario}-good.ron"));
        let plan = good.plan.clone().expect("the good response names its plan");
        let compiled =
            compile(load(&format!("scenarios/{scenario}.ron")), load(&format!("scenarios/plans/{plan}.ron"))).unwrap();
        let poor: DecisionScript = load(&format!("scenarios/decisions/{scenario}-poor.ron"));
        let scripts = [
            Script::default(),
            at_start(vec![("incident_commander", Action::DeclareClosed)]),
            paperwork(&compiled),
            isolate_everything(&compiled),
            Script::from_file(&poor),
            Script::from_file(&good),
        ];
        for seed in 1..=20 {
            let baseline = baseline(&compiled, seed);
            let [none, closed, papers, isolated, poor, good] =
                scripts.each_ref().map(|s| score(&compiled, s, seed, &baseline));
            table.push_str(&format!("{scenario} {seed}: {none} {closed} {papers} {isolated} {poor} {good}\n"));
            let at = format!("{scenario} seed {seed}");
            let mut expect = |ok: bool, what: &str| {
                if !ok {
                    failures.push(format!(
                        "{at}: {what} (none {none}, closed {closed}, paperwork {papers}, isolate-all {isolated}, poor {poor}, good {good})"
                    ))
                }
            };
            expect(none < poor && poor < good, "no response < poor < good");
            expect(closed < poor, "closing at +0m < poor");
            expect(papers < good, "paperwork only < good");
            expect(isolated < good, "isolating everything < good");
        }
    }
    println!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
