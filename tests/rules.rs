//! The rule engine (`ttx::rules`), one rule per test: a rule answers what the players see, after
//! its delay and never before; `Each` acts on exactly what the event showed, so it is never
//! rejected; a `Do` rule acts once, and no rule repeats what already holds; a rule whose cue
//! never shows never fires; a drill played by rules replays from its journal; and a decisions file's rules are
//! checked at their line and column.

use assert_cmd::Command;
use std::sync::Arc;
use ttx::action::Action;
use ttx::compile::{Compiled, compile};
use ttx::decisions::model::DecisionScript;
use ttx::exercise::{Script, Session, play};
use ttx::source::{SourceFile, parse_ron};
use ttx::timeline::{Event, EventKind};

fn load<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    parse_ron(&SourceFile { name: name.into(), text: text.into() }).unwrap_or_else(|d| panic!("{name}: {}", d.message))
}

fn hospital() -> Arc<Compiled> {
    let read = |path: &str| std::fs::read_to_string(path).unwrap();
    compile(
        load("hospital.ron", &read("scenarios/hospital-ransomware.ron")),
        load("plan.ron", &read("scenarios/plans/enterprise-24x7.ron")),
    )
    .unwrap()
}

/// A decisions file for the hospital holding only these rules.
fn rules(rules: &str) -> Script {
    let text = format!("Decisions(scenario: \"hospital-ransomware\", rules: [{rules}])");
    Script::from_file(&load::<DecisionScript>("rules.ron", &text))
}

/// The drill's timeline, played by `script` on `seed`.
fn played(compiled: &Arc<Compiled>, script: &Script, seed: u64) -> Vec<Event> {
    let mut session = Session::new(compiled, seed);
    play(script, &mut session);
    session.sim.timeline().events.clone()
}

fn taken(events: &[Event]) -> Vec<(u64, Action)> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DecisionTaken { action, .. } => Some((e.time, action.clone())),
            _ => None,
        })
        .collect()
}

fn rejected(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DecisionRejected { reason, .. } => Some(reason.to_string()),
            _ => None,
        })
        .collect()
}

/// When the players first saw the alert of `detection` on `seed`, with no response.
fn alert_at(compiled: &Arc<Compiled>, detection: &str, seed: u64) -> Option<u64> {
    played(compiled, &Script::default(), seed).iter().find_map(|e| match &e.kind {
        EventKind::AlertRaised { detection: d, .. } if d == detection && e.visible => Some(e.time),
        _ => None,
    })
}

#[test]
fn a_rule_answers_what_the_players_see_after_its_delay() {
    let compiled = hospital();
    // The nurse manager's call (inject h02) comes at +2h.
    let script =
        rules(r#"(when: Inject("h02"), role: "soc_analyst", then: Do(CollectEvidence("corporate")), after: "45m")"#);
    let decisions = taken(&played(&compiled, &script, 1));
    assert_eq!(decisions, vec![(2 * 3_600 + 45 * 60, Action::CollectEvidence("corporate".into()))]);
}

#[test]
fn each_acts_on_exactly_what_the_alert_showed_and_never_before_it() {
    let compiled = hospital();
    let script = rules(r#"(when: Alert("edr-powershell"), role: "soc_analyst", then: Each(BlockIoc))"#);
    let mut fired = 0;
    for seed in 1..=30 {
        let events = played(&compiled, &script, seed);
        let blocks = taken(&events);
        match alert_at(&compiled, "edr-powershell", seed) {
            // The alert shows the C2 domain and nothing else; the block follows it.
            Some(at) => {
                fired += 1;
                assert_eq!(blocks.len(), 1, "seed {seed}: {blocks:?}");
                assert_eq!(blocks[0].1, Action::BlockIoc("c2-domain".into()));
                assert!(blocks[0].0 >= at, "seed {seed}: blocked at {} before the alert at {at}", blocks[0].0);
            }
            None => assert!(blocks.is_empty(), "seed {seed}: acted with no alert: {blocks:?}"),
        }
        assert!(rejected(&events).is_empty(), "seed {seed}: {:?}", rejected(&events));
    }
    assert!(fired > 0, "no seed raised the alert: the test proves nothing");
}

#[test]
fn each_on_a_finding_isolates_exactly_the_groups_it_found_held() {
    let compiled = hospital();
    let script = rules(
        r#"(when: Inject("h02"), role: "soc_analyst", then: Do(CollectEvidence("corporate")), after: "4h"),
           (when: AnyFinding, role: "it_operations", then: Each(IsolateKnownHosts))"#,
    );
    for seed in 1..=10 {
        let events = played(&compiled, &script, seed);
        let found: Vec<String> = events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Finding { hosts, .. } => Some(hosts.iter().filter(|(_, n)| **n > 0).map(|(g, _)| g.clone())),
                _ => None,
            })
            .flatten()
            .collect();
        let isolated: Vec<String> = taken(&events)
            .into_iter()
            .filter_map(|(_, a)| if let Action::IsolateKnownHosts(g) = a { Some(g) } else { None })
            .collect();
        assert_eq!(isolated, found, "seed {seed}");
        assert!(rejected(&events).is_empty(), "seed {seed}: {:?}", rejected(&events));
    }
}

#[test]
fn a_do_rule_acts_once_however_often_its_cue_shows() {
    let compiled = hospital();
    let script = rules(r#"(when: AnyAlert, role: "incident_commander", then: Do(Escalate("executive")))"#);
    let mut proved = false;
    for seed in 1..=10 {
        let events = played(&compiled, &script, seed);
        let alerts = events.iter().filter(|e| e.visible && matches!(e.kind, EventKind::AlertRaised { .. })).count();
        let escalations = taken(&events).into_iter().filter(|(_, a)| matches!(a, Action::Escalate(_))).count();
        assert_eq!(escalations, alerts.min(1), "seed {seed}: {alerts} alerts");
        proved |= alerts > 1;
    }
    assert!(proved, "no seed raised two alerts: the test proves nothing");
}

#[test]
fn no_rule_repeats_what_already_holds_and_a_lift_waits_for_an_isolation() {
    let compiled = hospital();
    let script = rules(
        r#"(when: Inject("h01"), role: "it_operations", then: Do(LiftIsolation("corporate"))),
           (when: Inject("h01"), role: "it_operations", then: Do(IsolateSegment("corporate")), after: "1h"),
           (when: Inject("h02"), role: "it_operations", then: Do(IsolateSegment("corporate"))),
           (when: TookEffect(IsolateSegment("corporate")), role: "it_operations", then: Do(LiftIsolation("corporate")), after: "3h")"#,
    );
    let events = played(&compiled, &script, 1);
    let decisions: Vec<Action> = taken(&events).into_iter().map(|(_, a)| a).collect();
    // The first lift had nothing to lift, the second isolation found it done: one of each, in order.
    assert_eq!(decisions, vec![Action::IsolateSegment("corporate".into()), Action::LiftIsolation("corporate".into())],);
    assert!(rejected(&events).is_empty(), "{:?}", rejected(&events));
}

#[test]
fn each_on_an_action_taking_effect_acts_on_its_target() {
    let compiled = hospital();
    let script = rules(
        r#"(when: Inject("h02"), role: "it_operations", then: Do(IsolateHosts("admin-laptops"))),
           (when: TookEffect(IsolateHosts("admin-laptops")), role: "soc_analyst", then: Each(CollectEvidence))"#,
    );
    let decisions: Vec<Action> = taken(&played(&compiled, &script, 1)).into_iter().map(|(_, a)| a).collect();
    assert_eq!(
        decisions,
        vec![Action::IsolateHosts("admin-laptops".into()), Action::CollectEvidence("corporate".into())],
    );
}

#[test]
fn a_rule_whose_cue_never_shows_never_fires() {
    let compiled = hospital();
    // The HHS inquiry (h12) follows records on the leak site; with the whole estate cut off
    // at once, no record leaves and the inquiry never comes.
    let script = rules(
        r#"(when: Inject("h01"), role: "it_operations", then: Do(IsolateSegment("corporate"))),
           (when: Inject("h12"), role: "legal", then: Do(Notify(Hhs)))"#,
    );
    // h01 is delivered in the first tick; the players answer at the next one.
    let decisions = taken(&played(&compiled, &script, 1));
    assert_eq!(decisions, vec![(compiled.tick, Action::IsolateSegment("corporate".into()))]);
}

#[test]
fn a_drill_played_by_rules_replays_from_its_journal() {
    let compiled = hospital();
    let text = std::fs::read_to_string("scenarios/decisions/hospital-ransomware-good.ron").unwrap();
    let script = Script::from_file(&load::<DecisionScript>("good.ron", &text));
    for seed in [4, 8, 12] {
        let mut live = Session::new(&compiled, seed);
        let journal = play(&script, &mut live);
        let mut replayed = Session::new(&compiled, seed);
        for entry in &journal {
            replayed.apply(entry).unwrap();
        }
        assert_eq!(live.sim.timeline(), replayed.sim.timeline(), "seed {seed}");
        assert!(
            taken(&live.sim.timeline().events).len() > 3,
            "seed {seed}: the rules gave too little to prove anything"
        );
    }
}

#[test]
fn rules_are_checked_at_their_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad-rules.ron");
    std::fs::write(
        &file,
        "Decisions(\n    scenario: \"hospital-ransomware\",\n    rules: [\n        (when: Alert(\"edr-powershel\"), role: \"soc_analyst\", then: Each(BlockIoc)),\n        (when: AnyAlert, role: \"soc_analyst\", then: Each(ClassifySeverity)),\n        (when: AnyAlert, role: \"soc_analyst\", then: Do(BlockIoc(\"c3-domain\"))),\n    ],\n)\n",
    )
    .unwrap();
    let output =
        Command::cargo_bin("ttx").unwrap().env_remove("TTX_SCENARIOS").arg("validate").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bad-rules.ron:4:22: error[unknown-reference]"), "{stderr}");
    assert!(stderr.contains("did you mean `edr-powershell`"), "{stderr}");
    assert!(stderr.contains("bad-rules.ron:5:58: error[each-without-target]"), "{stderr}");
    assert!(stderr.contains("bad-rules.ron:6:65: error[unknown-reference]"), "{stderr}");
}
