//! Property tests of the engine over random variants of a scenario and random decision streams:
//! hosts are conserved, nothing happens before its cause, and nothing crosses a cut link.

use proptest::prelude::*;
use std::collections::BTreeMap;
use ttx::action::{Action, Audience, Severity};
use ttx::compile::{Artefact, compile};
use ttx::engine::{Decision, HostCounts, Sim};
use ttx::knowledge::Knowledge;
use ttx::plan::model::Plan;
use ttx::scenario::model::Scenario;
use ttx::source::{SourceFile, parse_ron};
use ttx::timeline::{Event, EventKind, Situation};

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> T {
    parse_ron(&SourceFile { name: "test.ron".into(), text: text.into() }).unwrap_or_else(|d| panic!("{}", d.message))
}

/// The minimal scenario with its stage chances and spread rate replaced.
fn variant(chances: &[f64; 4], rate: f64) -> Scenario {
    let mut text = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap();
    for (old, new) in [
        "chance: 0.5, effects: [Compromise",
        "chance: 0.3,",
        "chance: 0.4,",
        "chance: 0.5,\n             effects: [Encrypt",
    ]
    .iter()
    .zip(chances)
    {
        let replaced = old.replacen(old.split(',').next().unwrap(), &format!("chance: {new}"), 1);
        text = text.replacen(old, &replaced, 1);
    }
    text = text.replace("Spread(rate: 0.1)", &format!("Spread(rate: {rate})"));
    parse(&text)
}

fn actions() -> Vec<Action> {
    vec![
        Action::IsolateSegment("servers".into()),
        Action::IsolateHosts("workstations".into()),
        Action::DisableAccount("it-admin".into()),
        Action::BlockIoc("c2".into()),
        Action::ClassifySeverity(Severity::Sev2),
        Action::Communicate(Audience::Staff),
        Action::CollectEvidence("office".into()),
        Action::IsolateHosts("no-such-group".into()),
    ]
}

fn run(scenario: &Scenario, seed: u64, decisions: &[(u64, usize)]) -> (Vec<Event>, Vec<u64>, HostCounts) {
    let plan: Plan = parse(&std::fs::read_to_string("tests/fixtures/valid/minimal-plan.ron").unwrap());
    let mut sim = Sim::new(compile(scenario.clone(), plan).unwrap(), seed);
    let mut sorted = decisions.to_vec();
    sorted.sort();
    let mut totals = Vec::new();
    for (tick, action) in sorted {
        sim.run_until(tick * 900);
        let counts = sim.host_counts();
        totals.push(counts.clean + counts.compromised + counts.encrypted + counts.immune);
        sim.apply(Decision {
            role: "it_operations".into(),
            action: actions()[action].clone(),
            rationale: String::new(),
        });
    }
    sim.run_to_end();
    let counts = sim.host_counts();
    totals.push(counts.clean + counts.compromised + counts.encrypted + counts.immune);
    (sim.timeline().events.clone(), totals, counts)
}

/// The situation last recorded in a timeline (all zero before anything changed).
fn last_situation(events: &[Event]) -> Situation {
    events
        .iter()
        .rev()
        .find_map(|e| if let EventKind::Situation(s) = e.kind { Some(s) } else { None })
        .unwrap_or_default()
}

fn chances() -> impl Strategy<Value = [f64; 4]> {
    prop::array::uniform4(0.0..=1.0f64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn hosts_are_conserved_and_causes_come_first(
        chances in chances(), rate in 0.0..=1.0f64, seed in any::<u64>(),
        decisions in prop::collection::vec((0u64..192, 0usize..8), 0..8),
    ) {
        let scenario = variant(&chances, rate);
        let (events, totals, last) = run(&scenario, seed, &decisions);
        prop_assert!(totals.iter().all(|&t| t == 124), "host total changed: {totals:?}");
        let situation = last_situation(&events);
        prop_assert_eq!(situation.compromised, last.compromised + last.encrypted, "recorded situation is not the world's");
        prop_assert_eq!(situation.encrypted, last.encrypted);
        prop_assert!(situation.footholds <= situation.compromised && situation.isolated <= 124);
        prop_assert!(events.windows(2).all(|w| w[0].time <= w[1].time && w[0].seq < w[1].seq), "events out of order");
        let mut taken: BTreeMap<u64, u64> = BTreeMap::new();
        let mut fired = BTreeMap::new();
        let mut succeeded: BTreeMap<String, u64> = BTreeMap::new();
        for event in &events {
            match &event.kind {
                EventKind::DecisionTaken { decision, effective_at, .. } => {
                    prop_assert!(*effective_at >= event.time);
                    taken.insert(*decision, *effective_at);
                }
                EventKind::ActionTookEffect { decision, .. } | EventKind::ActionFailed { decision, .. } => {
                    let due = taken.get(decision).copied();
                    prop_assert!(due.is_some_and(|due| due <= event.time), "effect of decision {decision} before its cause");
                }
                EventKind::DetectionFired { detection } => { fired.insert(detection.clone(), event.time); }
                EventKind::AlertRaised { detection, .. } => prop_assert!(fired.get(detection).is_some_and(|&t| t <= event.time)),
                EventKind::StageSucceeded { stage, .. } => {
                    let spec = scenario.adversary.stages.iter().find(|s| &s.id == stage).unwrap();
                    for earlier in &spec.after {
                        prop_assert!(succeeded.get(earlier).is_some_and(|&t| t < event.time), "{stage} before {earlier}");
                    }
                    succeeded.insert(stage.clone(), event.time);
                }
                _ => {}
            }
        }
    }

    #[test]
    fn nothing_crosses_a_cut_link(chances in chances(), rate in 0.0..=1.0f64, seed in any::<u64>(), cut_at in 0u64..96) {
        let scenario = variant(&chances, rate);
        let (events, _, _) = run(&scenario, seed, &[(cut_at, 0)]);
        let cut = events.iter().find_map(|e| match &e.kind {
            EventKind::ActionTookEffect { action: Action::IsolateSegment(_), .. } => Some(e.time),
            _ => None,
        });
        if let Some(cut) = cut {
            for event in events.iter().filter(|e| e.time > cut) {
                let crossed = matches!(&event.kind,
                    EventKind::HostsCompromised { group, .. } | EventKind::HostsEncrypted { group, .. } if group == "file-servers");
                prop_assert!(!crossed, "{event:?} after the servers were cut off at {cut}");
            }
        }
    }

    /// Over random decision streams on the hospital scenario, no block or patch is ever taken on
    /// an indicator or vulnerability that nothing the players saw before it had shown.
    #[test]
    fn no_action_on_an_unseen_artefact_is_ever_accepted(
        seed in any::<u64>(),
        decisions in prop::collection::vec((0u64..400, 0usize..7), 1..24),
    ) {
        let compiled = hospital();
        let choices = [
            Action::BlockIoc("c2-domain".into()),
            Action::BlockIoc("exfil-service".into()),
            Action::BlockIoc("loader-hash".into()),
            Action::Patch("citrix-gateway-cve".into()),
            Action::CollectEvidence("corporate".into()),
            Action::CollectEvidence("dmz".into()),
            Action::IsolateSegment("corporate".into()),
        ];
        let mut decisions = decisions;
        decisions.sort();
        let mut sim = Sim::new(compiled.clone(), seed);
        for (quarter, choice) in decisions {
            sim.run_until(quarter * 900);
            sim.apply(Decision { role: "soc_analyst".into(), action: choices[choice].clone(), rationale: String::new() });
        }
        sim.run_to_end();
        let events = &sim.timeline().events;
        for (i, event) in events.iter().enumerate() {
            if let EventKind::DecisionTaken { action, .. } = &event.kind {
                let known = Knowledge::of(&compiled, &events[..i]);
                let ids = &compiled.lookup;
                let seen = match action {
                    Action::BlockIoc(id) => known.has(Artefact::Indicator(ids.iocs.get(id).unwrap())),
                    Action::Patch(id) => known.has(Artefact::Vulnerability(ids.vulnerabilities.get(id).unwrap())),
                    _ => true,
                };
                prop_assert!(seen, "{action:?} was taken at {} before anything showed it", event.time);
            }
        }
    }
}

fn hospital() -> std::sync::Arc<ttx::compile::Compiled> {
    let read = |path: &str| std::fs::read_to_string(path).unwrap();
    compile(parse(&read("scenarios/hospital-ransomware.ron")), parse(&read("scenarios/plans/enterprise-24x7.ron")))
        .unwrap()
}
