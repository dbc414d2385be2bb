//! The engine on small hand-built worlds: what isolation, backups and action durations do,
//! determinism, and independent random streams.

use ttx::action::Action;
use ttx::engine::{Decision, Sim};
use ttx::plan::model::Plan;
use ttx::scenario::model::Scenario;
use ttx::source::{SourceFile, parse_ron};
use ttx::timeline::{Event, EventKind};

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> T {
    parse_ron(&SourceFile { name: "test.ron".into(), text: text.into() }).unwrap_or_else(|d| panic!("{}", d.message))
}

fn minimal() -> String {
    std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap()
}

fn plan() -> Plan {
    parse(&std::fs::read_to_string("tests/fixtures/valid/minimal-plan.ron").unwrap())
}

fn decision(role: &str, action: Action) -> Decision {
    Decision { role: role.into(), action, rationale: String::new() }
}

/// Runs `scenario` with decisions taken at the given times.
fn run(scenario: &str, seed: u64, decisions: &[(u64, Decision)]) -> Vec<Event> {
    let scenario: Scenario = parse(scenario);
    let mut sim = Sim::new(&scenario, &plan(), seed).unwrap();
    for (at, d) in decisions {
        sim.run_until(*at);
        sim.apply(d.clone());
    }
    sim.run_to_end();
    sim.timeline().events.clone()
}

fn first_time(events: &[Event], wanted: impl Fn(&EventKind) -> bool) -> Option<u64> {
    events.iter().find(|e| wanted(&e.kind)).map(|e| e.time)
}

fn compromised_in(events: &[Event], group: &str) -> u32 {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::HostsCompromised { group: g, count } if g == group => Some(*count),
            _ => None,
        })
        .sum()
}

#[test]
fn isolating_a_segment_before_the_spread_keeps_it_clean() {
    // Certain initial access at once, then spread every tick.
    let text = minimal().replace("chance: 0.5, effects: [Compromise", "chance: 1.0, effects: [Compromise");
    let open = run(&text, 3, &[]);
    assert!(compromised_in(&open, "file-servers") > 0, "without isolation the servers fall");
    let cut = run(&text, 3, &[(0, decision("it_operations", Action::IsolateSegment("servers".into())))]);
    assert_eq!(compromised_in(&cut, "file-servers"), 0, "nothing crosses the cut link");
    assert!(compromised_in(&cut, "workstations") > 0, "the office is still exposed");
}

#[test]
fn an_action_takes_effect_after_its_duration_and_not_before() {
    let events = run(&minimal(), 1, &[(3_600, decision("it_operations", Action::IsolateSegment("servers".into())))]);
    let decided = first_time(&events, |k| matches!(k, EventKind::DecisionTaken { .. })).unwrap();
    let effective = first_time(&events, |k| matches!(k, EventKind::ActionTookEffect { .. })).unwrap();
    assert_eq!(decided, 3_600);
    // The plan sets isolation to 45 minutes.
    assert_eq!(effective, 3_600 + 45 * 60);
}

#[test]
fn a_destroyed_backup_cannot_be_restored() {
    let text = minimal()
        .replace("chance: 0.5, effects: [Compromise", "chance: 1.0, effects: [Compromise")
        .replace("requires: [Foothold(\"office\")], chance: 0.3", "requires: [Foothold(\"office\")], chance: 1.0")
        .replace("requires: [Account(\"it-admin\")], chance: 0.4", "requires: [Account(\"it-admin\")], chance: 1.0");
    let events = run(&text, 1, &[(6 * 3_600, decision("it_operations", Action::RestoreFromBackup("nas".into())))]);
    let destroyed =
        first_time(&events, |k| matches!(k, EventKind::BackupDestroyed { .. })).expect("the backup is destroyed");
    assert!(destroyed < 6 * 3_600);
    let rejection = events.iter().find_map(|e| match &e.kind {
        EventKind::DecisionRejected { reason, .. } => Some(reason.clone()),
        _ => None,
    });
    assert_eq!(rejection.as_deref(), Some("backup `nas` was destroyed and cannot be restored"));
}

#[test]
fn a_decision_on_something_that_does_not_exist_is_rejected_with_a_reason() {
    let events = run(
        &minimal(),
        1,
        &[
            (0, decision("it_operations", Action::IsolateHosts("printers".into()))),
            (0, decision("hr", Action::DeclareClosed)),
        ],
    );
    let reasons: Vec<String> = events
        .iter()
        .filter_map(
            |e| if let EventKind::DecisionRejected { reason, .. } = &e.kind { Some(reason.clone()) } else { None },
        )
        .collect();
    assert_eq!(reasons, ["there is no host group `printers`", "the plan neither staffs nor covers `hr`"]);
}

#[test]
fn same_inputs_give_a_byte_identical_timeline() {
    let decisions = [(3_600, decision("it_operations", Action::IsolateSegment("servers".into())))];
    let a = serde_json::to_string(&run(&minimal(), 42, &decisions)).unwrap();
    let b = serde_json::to_string(&run(&minimal(), 42, &decisions)).unwrap();
    assert_eq!(a, b);
    let seeds: std::collections::BTreeSet<String> =
        (0..8).map(|seed| serde_json::to_string(&run(&minimal(), seed, &[])).unwrap()).collect();
    assert!(seeds.len() > 1, "the seed changes nothing");
}

#[test]
fn adding_an_inject_does_not_change_the_adversary() {
    let extra = minimal().replace(
        "    ],\n)",
        "        (id: \"i03\", title: \"Press call\", trigger: At(\"2h\"), from: \"Journalist\", to: [\"communications\"],\n         channel: Phone, text: \"A reporter asks about an outage.\"),\n    ],\n)",
    );
    let adversary = |events: Vec<Event>| -> Vec<Event> {
        events.into_iter().filter(|e| !e.visible).map(|e| Event { seq: 0, ..e }).collect()
    };
    assert_eq!(adversary(run(&minimal(), 9, &[])), adversary(run(&extra, 9, &[])));
}

/// The times each stage succeeded, and the hosts each group lost, in order: the adversary's
/// story without the team's part.
fn adversary_story(events: &[Event], skip_stage: &str) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::StageSucceeded { stage, .. } if stage != skip_stage => Some(format!("{} {stage}", e.time)),
            EventKind::HostsCompromised { group, count } => Some(format!("{} {group} +{count}", e.time)),
            EventKind::HostsEncrypted { group, count } => Some(format!("{} {group} x{count}", e.time)),
            _ => None,
        })
        .collect()
}

#[test]
fn stopping_one_stage_shifts_no_other_draw() {
    // A beacon that retries every tick until it lands, listed first, with no stage after it.
    // Blocking its domain stops it; with a draw sequence shared by all stages, its missing draws
    // would shift every later stage's dice. Keyed by (stage, tick), nothing else may change.
    let text = minimal().replace(
        "        stages: [\n",
        "        stages: [\n            (id: \"beacon\", name: \"C2 beacon\", tactic: CommandAndControl, technique: \"T1071.001\",\n             chance: 0.02, effects: [], stopped_by: [BlockIoc(\"c2\")]),\n",
    );
    assert_ne!(text, minimal());
    let mut compared = 0;
    for seed in 1..=12 {
        let open = run(&text, seed, &[]);
        let blocked = run(&text, seed, &[(0, decision("soc_analyst", Action::BlockIoc("c2".into())))]);
        let beacon_stopped =
            blocked.iter().any(|e| matches!(&e.kind, EventKind::StageStopped { stage, .. } if stage == "beacon"));
        assert!(beacon_stopped, "seed {seed}: the block stops the beacon");
        assert_eq!(adversary_story(&open, "beacon"), adversary_story(&blocked, "beacon"), "seed {seed}");
        compared += usize::from(adversary_story(&open, "beacon").len() > 2);
    }
    assert!(compared > 3, "the attack got somewhere on enough seeds to compare: {compared}");
}

#[test]
fn the_player_view_holds_no_hidden_truth() {
    let scenario: Scenario = parse(&minimal());
    let mut sim = Sim::new(&scenario, &plan(), 5).unwrap();
    sim.run_to_end();
    assert!(sim.player_view().iter().all(|e| e.visible));
    assert!(
        sim.player_view()
            .iter()
            .all(|e| !matches!(e.kind, EventKind::StageSucceeded { .. } | EventKind::HostsCompromised { .. }))
    );
    assert!(sim.timeline().events.iter().any(|e| matches!(e.kind, EventKind::StageSucceeded { .. })));
}

#[test]
fn cost_counts_encrypted_hosts_and_downtime_and_falls_with_a_good_response() {
    let scenario: Scenario = parse(&minimal());
    let cost = |decisions: &[(u64, Decision)]| {
        let mut sim = Sim::new(&scenario, &plan(), 11).unwrap();
        for (at, d) in decisions {
            sim.run_until(*at);
            sim.apply(d.clone());
        }
        sim.run_to_end();
        sim.impact()
    };
    let none = cost(&[]);
    // 124 hosts at 300 EUR each once all are encrypted, plus hours of file-sharing downtime.
    assert!(none.peak_encrypted > 0);
    assert!(none.cost >= none.peak_encrypted as f64 * 300.0 + 500.0, "{none:?}");
    let good = cost(&[(0, decision("it_operations", Action::IsolateHosts("workstations".into())))]);
    assert!(good.cost < none.cost, "{good:?} vs {none:?}");
}
