//! The engine on small hand-built worlds: what isolation, backups and action durations do,
//! determinism, and independent random streams.

use ttx::action::{Action, Party};
use ttx::compile::compile;
use ttx::engine::{Decision, Sim};
use ttx::plan::model::Plan;
use ttx::rejection::Rejection;
use ttx::scenario::model::Scenario;
use ttx::source::{SourceFile, parse_ron};
use ttx::timeline::{EndReason, Event, EventKind, Wait, WaitReason};

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
    let mut sim = Sim::new(compile(scenario, plan()).unwrap(), seed);
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

/// The decisions taken, in order: (decided at, role, the wait if any, in effect at).
fn taken(events: &[Event]) -> Vec<(u64, String, Option<Wait>, u64)> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DecisionTaken { role, waits, effective_at, .. } => {
                Some((e.time, role.clone(), *waits, *effective_at))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn an_action_takes_effect_after_its_duration_and_not_before() {
    // Friday 18:30 is off hours (the office closes at 18:00): IT operations answers in 1h to 4h
    // (the plan), then isolation takes the plan's 45 minutes; its second job starts at once.
    let isolate = |at| (at, decision("it_operations", Action::IsolateSegment("servers".into())));
    let disable = (6 * 3_600 + 900, decision("it_operations", Action::DisableAccount("it-admin".into())));
    let events = run(&minimal(), 1, &[isolate(7_200), disable]);
    let decisions = taken(&events);
    let (decided, _, wait, effective) = decisions[0].clone();
    assert_eq!(decided, 7_200);
    let wait = wait.expect("the first call waits for the role to answer");
    assert_eq!(wait.why, WaitReason::FirstResponseOffHours);
    assert!((7_200 + 3_600..=7_200 + 4 * 3_600).contains(&wait.starts_at), "{wait:?}");
    assert_eq!(effective, (wait.starts_at + 45 * 60).div_ceil(900) * 900, "in effect at the first tick after the work");
    let took_effect = first_time(&events, |k| matches!(k, EventKind::ActionTookEffect { .. })).unwrap();
    assert_eq!(took_effect, effective);
    // Engaged now, and one of the IT team is free: the next job starts when it is decided.
    let (_, _, wait, effective) = decisions[1].clone();
    assert!(wait.is_none() || wait.unwrap().why == WaitReason::RosterBusy, "{wait:?}");
    assert!(effective >= 6 * 3_600 + 900);
}

#[test]
fn latency_comes_from_the_plan_and_is_longer_at_night() {
    // The same call by day (Friday 10:30) and at night (Friday 22:30), over many seeds: the
    // plan's it_operations answers in 10m-30m in business hours and 1h-4h off hours.
    let waits = |start: &str| -> Vec<u64> {
        let text = minimal().replace("start: \"2026-03-13T16:30\"", &format!("start: \"{start}\""));
        (1..=30)
            .map(|seed| {
                let events =
                    run(&text, seed, &[(0, decision("it_operations", Action::IsolateSegment("servers".into())))]);
                taken(&events)[0].2.map_or(0, |w| w.starts_at - taken(&events)[0].0)
            })
            .collect()
    };
    let (day, night) = (waits("2026-03-13T10:30"), waits("2026-03-13T22:30"));
    assert!(day.iter().all(|w| (600..=1_800).contains(w)), "{day:?}");
    assert!(night.iter().all(|w| (3_600..=4 * 3_600).contains(w)), "{night:?}");
    let distinct: std::collections::BTreeSet<_> = night.iter().collect();
    assert!(distinct.len() > 10, "drawn across the range, not fixed: {night:?}");
}

#[test]
fn a_role_does_as_many_things_at_once_as_it_has_people() {
    // Legal has no roster (one person); three notifications at once queue behind each other.
    let notify = |party: Party| (0, decision("legal", Action::Notify(party)));
    let events = run(&minimal(), 2, &[notify(Party::Insurer), notify(Party::LawEnforcement), notify(Party::Customers)]);
    let decisions = taken(&events);
    let starts: Vec<u64> = decisions.iter().map(|(_, _, w, _)| w.unwrap().starts_at).collect();
    assert_eq!(decisions[1].2.unwrap().why, WaitReason::RosterBusy);
    assert!(starts[0] < starts[1] && starts[1] < starts[2], "one after another: {starts:?}");
    // With two people, the second starts with the first and only the third waits.
    let two = std::fs::read_to_string("tests/fixtures/valid/minimal-plan.ron")
        .unwrap()
        .replace(r#"(role: "legal", business_hours"#, r#"(role: "legal", roster: ["A", "B"], business_hours"#);
    let scenario: Scenario = parse(&minimal());
    let mut sim = Sim::new(compile(scenario, parse(&two)).unwrap(), 2);
    for party in [Party::Insurer, Party::LawEnforcement, Party::Customers] {
        sim.apply(decision("legal", Action::Notify(party)));
    }
    sim.run_to_end();
    let starts: Vec<u64> = taken(&sim.timeline().events).iter().map(|(_, _, w, _)| w.unwrap().starts_at).collect();
    assert!(starts[0] == starts[1] && starts[1] < starts[2], "two at once, then the third: {starts:?}");
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
    assert_eq!(rejection, Some(Rejection::BackupDestroyed { backup: "nas".into() }));
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
        .filter_map(|e| {
            if let EventKind::DecisionRejected { reason, .. } = &e.kind { Some(reason.to_string()) } else { None }
        })
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
    // The opening inject shows the players the beacon's domain, so they may block it.
    let text = text.replace("trigger: At(\"0m\"),", "trigger: At(\"0m\"), reveals: [Indicator(\"c2\")],");
    assert_ne!(text, minimal());
    let mut compared = 0;
    for seed in 1..=12 {
        let open = run(&text, seed, &[]);
        let blocked = run(&text, seed, &[(900, decision("soc_analyst", Action::BlockIoc("c2".into())))]);
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
    let mut sim = Sim::new(compile(scenario, plan()).unwrap(), 5);
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
        let mut sim = Sim::new(compile(scenario.clone(), plan()).unwrap(), 11);
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

fn ended(events: &[Event]) -> Option<(u64, EndReason)> {
    events
        .iter()
        .find_map(|e| if let EventKind::RunEnded { reason, .. } = e.kind { Some((e.time, reason)) } else { None })
}

#[test]
fn declaring_closed_contains_nothing() {
    // Certain initial access at once; the team closes the incident at 1h with the attacker inside.
    let text = minimal().replace("chance: 0.5, effects: [Compromise", "chance: 1.0, effects: [Compromise");
    for seed in 1..=5 {
        let open = run(&text, seed, &[]);
        let closed = run(&text, seed, &[(3_600, decision("incident_commander", Action::DeclareClosed))]);
        let (at, reason) = ended(&closed).unwrap();
        assert_eq!(reason, EndReason::DeclaredClosed, "seed {seed}");
        assert!(at <= 3_600 + 1_800, "seed {seed}: the drill ends at the close, not at {at}");
        // The incident runs on hidden, exactly as if nobody had responded at all.
        assert_eq!(adversary_story(&open, ""), adversary_story(&closed, ""), "seed {seed}");
        assert!(
            closed.iter().filter(|e| e.time > at).all(|e| !e.visible),
            "seed {seed}: nothing after the close is seen"
        );
        let incident_end = closed.iter().find(|e| matches!(e.kind, EventKind::IncidentEnded { .. })).unwrap();
        assert!(incident_end.time > at && !incident_end.visible, "seed {seed}");
    }
}

#[test]
fn an_early_end_keeps_the_drill_clock_at_the_end() {
    let text = minimal().replace("chance: 0.5, effects: [Compromise", "chance: 1.0, effects: [Compromise");
    let scenario: Scenario = parse(&text);
    let mut sim = Sim::new(compile(scenario, plan()).unwrap(), 2);
    sim.run_until(7_200);
    sim.end_now();
    assert_eq!(sim.ended(), Some(EndReason::EndedByFacilitator));
    assert_eq!(sim.now(), 7_200, "the console and notes stay at the drill's end");
    assert!(sim.timeline().events.last().is_some_and(|e| e.time > 7_200), "the incident ran on past it");
}

#[test]
fn nothing_is_contained_before_a_foothold_or_while_a_host_is_held() {
    // The phish never lands: stopping a beacon is not an eviction, so the drill runs to time up.
    let quiet = minimal().replace(
        "        stages: [\n",
        "        stages: [\n            (id: \"recon\", name: \"Scanning\", tactic: Reconnaissance, technique: \"T1595\",\n             chance: 1.0, effects: [], stopped_by: [BlockIoc(\"c2\")]),\n",
    ).replace("chance: 0.5, effects: [Compromise", "chance: 0.0, effects: [Compromise")
    .replace("trigger: At(\"0m\"),", "trigger: At(\"0m\"), reveals: [Indicator(\"c2\")],");
    let blocked = run(&quiet, 1, &[(900, decision("soc_analyst", Action::BlockIoc("c2".into())))]);
    assert!(blocked.iter().any(|e| matches!(&e.kind, EventKind::StageStopped { stage, .. } if stage == "recon")));
    assert_eq!(ended(&blocked).map(|(_, r)| r), Some(EndReason::TimeUp));
    // Isolating the phished workstations cuts the adversary off but leaves the hosts held:
    // contained, not recovered, so the drill does not end as contained and recovered.
    let phished = minimal().replace("chance: 0.5, effects: [Compromise", "chance: 1.0, effects: [Compromise");
    let isolated = run(&phished, 1, &[(0, decision("it_operations", Action::IsolateHosts("workstations".into())))]);
    assert_ne!(ended(&isolated).map(|(_, r)| r), Some(EndReason::ContainedAndRecovered));
    assert!(compromised_in(&isolated, "workstations") >= 1);
}

#[test]
fn an_unseen_indicator_cannot_be_blocked_until_something_shows_it() {
    // Nothing shows the C2 domain at first: blocking it is refused, with the reason. Once the
    // opening inject shows it, the same block is taken.
    let events = run(&minimal(), 1, &[(900, decision("soc_analyst", Action::BlockIoc("c2".into())))]);
    let reasons: Vec<&Rejection> = events
        .iter()
        .filter_map(|e| if let EventKind::DecisionRejected { reason, .. } = &e.kind { Some(reason) } else { None })
        .collect();
    assert_eq!(reasons, [&Rejection::IndicatorNotSeen { indicator: "c2".into() }]);
    let shown = minimal().replace("trigger: At(\"0m\"),", "trigger: At(\"0m\"), reveals: [Indicator(\"c2\")],");
    let events = run(&shown, 1, &[(900, decision("soc_analyst", Action::BlockIoc("c2".into())))]);
    assert_eq!(taken(&events).len(), 1);
}

#[test]
fn an_investigation_reveals_what_is_true_there_when_it_finishes() {
    // Certain initial access at once; the SOC investigates the office. The finding reports the
    // hosts held there at the moment it finished, and shows the players the stage's indicator,
    // which the team may then block.
    let text = minimal().replace("chance: 0.5, effects: [Compromise", "chance: 1.0, effects: [Compromise").replace(
        "stopped_by: [IsolateHosts(\"workstations\")]),",
        "stopped_by: [IsolateHosts(\"workstations\"), BlockIoc(\"c2\")]),",
    );
    let look = (900, decision("soc_analyst", Action::CollectEvidence("office".into())));
    let events = run(&text, 4, std::slice::from_ref(&look));
    let (at, hosts, indicators) = events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Finding { hosts, indicators, .. } => Some((e.time, hosts.clone(), indicators.clone())),
            _ => None,
        })
        .expect("a finding");
    // What was true at that moment: the last situation recorded at or before it.
    let held_then = events
        .iter()
        .rev()
        .filter(|e| e.time <= at)
        .find_map(|e| if let EventKind::Situation(s) = e.kind { Some(s.compromised) } else { None })
        .unwrap();
    let in_office: u32 = hosts.values().sum();
    assert!(in_office >= 1 && u64::from(in_office) <= held_then, "{hosts:?} against {held_then} held");
    assert!(hosts.keys().all(|g| g == "workstations"), "only the office's groups: {hosts:?}");
    assert_eq!(indicators, ["c2"]);
    let after = run(&text, 4, &[look, (at + 900, decision("soc_analyst", Action::BlockIoc("c2".into())))]);
    assert_eq!(taken(&after).len(), 2, "the block is taken once the finding showed the indicator");
}

#[test]
fn an_eviction_reaction_fires_only_when_its_stage_is_stopped() {
    // A beacon the players are shown at once; when the team blocks it, the affiliate detonates
    // on the office hosts it holds (a stage that needs the beacon stopped).
    let text = minimal()
        .replace("chance: 0.5, effects: [Compromise", "chance: 1.0, effects: [Compromise")
        .replace("trigger: At(\"0m\"),", "trigger: At(\"0m\"), reveals: [Indicator(\"c2\")],")
        .replace(
            "        stages: [\n",
            "        stages: [\n            (id: \"beacon\", name: \"C2 beacon\", tactic: CommandAndControl, technique: \"T1071.001\",\n             chance: 1.0, effects: [], stopped_by: [BlockIoc(\"c2\")]),\n            (id: \"detonate\", name: \"Detonated early\", tactic: Impact, technique: \"T1486\", after: [\"phish\"],\n             requires: [Stopped(\"beacon\")], chance: 1.0, effects: [Encrypt(hosts_per_tick: 50)]),\n",
        );
    let detonated = |events: &[Event]| {
        events.iter().any(|e| matches!(&e.kind, EventKind::StageSucceeded { stage, .. } if stage == "detonate"))
    };
    let left_alone = run(&text, 3, &[]);
    assert!(!detonated(&left_alone), "no reaction while the beacon runs");
    let blocked = run(&text, 3, &[(900, decision("soc_analyst", Action::BlockIoc("c2".into())))]);
    let stopped =
        first_time(&blocked, |k| matches!(k, EventKind::StageStopped { stage, .. } if stage == "beacon")).unwrap();
    let fired =
        first_time(&blocked, |k| matches!(k, EventKind::StageSucceeded { stage, .. } if stage == "detonate")).unwrap();
    assert!(fired >= stopped, "the reaction follows the eviction: {stopped} then {fired}");
    assert!(blocked.iter().any(|e| matches!(e.kind, EventKind::HostsEncrypted { .. })));
}

#[test]
fn restoring_before_investigating_loses_the_evidence() {
    // The phish lands at once and spreads; the servers are restored from the NAS. Without an
    // investigation of the servers first, the root cause there is lost.
    let text = minimal()
        .replace("chance: 0.5, effects: [Compromise", "chance: 1.0, effects: [Compromise")
        .replace("requires: [Foothold(\"office\")], chance: 0.3", "requires: [Foothold(\"office\")], chance: 1.0")
        .replace("Spread(rate: 0.1)", "Spread(rate: 0.9)")
        .replace("requires: [Account(\"it-admin\")], chance: 0.4", "requires: [Account(\"it-admin\")], chance: 0.0");
    let restore = (8 * 3_600, decision("it_operations", Action::RestoreFromBackup("nas".into())));
    let lost = |events: &[Event]| {
        events.iter().any(|e| matches!(&e.kind, EventKind::EvidenceLost { segment, .. } if segment == "servers"))
    };
    let hasty = run(&text, 2, std::slice::from_ref(&restore));
    assert!(lost(&hasty), "restored with held hosts and no investigation");
    let careful =
        run(&text, 2, &[(3 * 3_600, decision("soc_analyst", Action::CollectEvidence("servers".into()))), restore]);
    assert!(careful.iter().any(|e| matches!(e.kind, EventKind::Finding { .. })));
    assert!(!lost(&careful), "the investigation kept the evidence");
}

#[test]
fn adding_a_stage_changes_no_other_stages_dice() {
    // A stage that never succeeds, listed first: every other stage keeps its place in the dice,
    // because a stage's draws are keyed by its id, not its position in the file.
    let extra = minimal().replace(
        "        stages: [\n",
        "        stages: [\n            (id: \"dormant\", name: \"Dormant implant\", tactic: Persistence, technique: \"T1543\",\n             chance: 0.0, effects: []),\n",
    );
    for seed in 1..=6 {
        assert_eq!(adversary_story(&run(&minimal(), seed, &[]), ""), adversary_story(&run(&extra, seed, &[]), ""));
    }
}

#[test]
fn the_incident_ends_once_nothing_more_can_happen() {
    // The phish has not landed yet when the office workstations are isolated: the phishing
    // stage is stopped, every later stage waits on it, nothing is held and every service is up.
    let text = minimal().replace("chance: 0.5, effects: [Compromise", "chance: 0.0, effects: [Compromise");
    let events = run(&text, 1, &[(900, decision("it_operations", Action::IsolateHosts("workstations".into())))]);
    let stopped =
        first_time(&events, |k| matches!(k, EventKind::StageStopped { stage, .. } if stage == "phish")).unwrap();
    assert_eq!(ended(&events), Some((stopped, EndReason::AttackStopped)));
    // Left alone, the phish could still land at any tick: the drill runs to time up.
    assert_eq!(ended(&run(&text, 1, &[])).map(|(_, r)| r), Some(EndReason::TimeUp));
}

#[test]
fn a_trigger_naming_an_actions_target_is_silenced_only_by_that_target() {
    // An inject asks at 3h whether the supervisory authority was told; telling the insurer does
    // not silence it, telling the authority does. Another fires once isolation took effect.
    let text = minimal().replace(
        "    ],\n)",
        "        (id: \"i03\", title: \"Was the authority told?\", trigger: ActionNotTaken(Notify(SupervisoryAuthority), \"3h\"),\n         from: \"DPO\", to: [\"legal\"], channel: Email, text: \"Have we notified the authority?\"),\n        (id: \"i04\", title: \"Servers cut off\", trigger: ActionTookEffect(IsolateSegment(\"servers\")),\n         from: \"Network\", to: [\"it_operations\"], channel: Chat, text: \"The server VLAN is unreachable.\"),\n    ],\n)",
    );
    assert_ne!(text, minimal());
    let delivered = |events: &[Event], id: &str| {
        events
            .iter()
            .find(|e| matches!(&e.kind, EventKind::InjectDelivered { inject, .. } if inject == id))
            .map(|e| e.time)
    };
    let insurer = run(&text, 1, &[(900, decision("legal", Action::Notify(Party::Insurer)))]);
    assert_eq!(delivered(&insurer, "i03"), Some(3 * 3_600), "the insurer is not the authority");
    let authority = run(&text, 1, &[(900, decision("legal", Action::Notify(Party::SupervisoryAuthority)))]);
    assert_eq!(delivered(&authority, "i03"), None);
    let cut = run(&text, 1, &[(900, decision("it_operations", Action::IsolateSegment("servers".into())))]);
    let took_effect =
        first_time(&cut, |k| matches!(k, EventKind::ActionTookEffect { action: Action::IsolateSegment(_), .. }));
    assert_eq!(delivered(&cut, "i04"), took_effect, "once it took effect, not when it was decided");
    assert!(took_effect.is_some_and(|t| t > 900));
}

#[test]
fn lifting_isolation_brings_services_back() {
    // File sharing depends on the servers: isolating them takes it down, lifting it brings it back.
    let events = run(
        &minimal(),
        1,
        &[
            (900, decision("it_operations", Action::IsolateSegment("servers".into()))),
            (6 * 3_600, decision("it_operations", Action::LiftIsolation("servers".into()))),
        ],
    );
    let down = first_time(&events, |k| matches!(k, EventKind::ServiceDown { service } if service == "files")).unwrap();
    let lifted =
        first_time(&events, |k| matches!(k, EventKind::ActionTookEffect { action: Action::LiftIsolation(_), .. }))
            .unwrap();
    let back =
        first_time(&events, |k| matches!(k, EventKind::ServiceRestored { service } if service == "files")).unwrap();
    assert!(down < lifted && back == lifted, "down {down}, lifted {lifted}, back {back}");
    // Lifting what is not isolated is refused with its reason.
    let refused = run(&minimal(), 1, &[(900, decision("it_operations", Action::LiftIsolation("servers".into())))]);
    assert!(refused.iter().any(|e| matches!(&e.kind, EventKind::DecisionRejected { reason, .. } if *reason == Rejection::SegmentNotIsolated { segment: "servers".into() })));
}

#[test]
fn disabling_an_account_a_service_runs_under_takes_the_service_down() {
    let text = minimal().replace(
        r#"(id: "it-admin", kind: Admin, privileged: true)"#,
        r#"(id: "it-admin", kind: Admin, privileged: true, used_by: ["files"])"#,
    );
    assert_ne!(text, minimal());
    let events = run(&text, 1, &[(900, decision("it_operations", Action::DisableAccount("it-admin".into())))]);
    let disabled =
        first_time(&events, |k| matches!(k, EventKind::ActionTookEffect { action: Action::DisableAccount(_), .. }));
    let down = first_time(&events, |k| matches!(k, EventKind::ServiceDown { service } if service == "files"));
    assert!(disabled.is_some() && down == disabled, "{disabled:?} {down:?}");
    // Without the dependency, disabling the account leaves the service up.
    let plain = run(&minimal(), 1, &[(900, decision("it_operations", Action::DisableAccount("it-admin".into())))]);
    assert!(!plain.iter().any(|e| matches!(&e.kind, EventKind::ServiceDown { service } if service == "files")));
}

/// The last situation recorded at or before `time`.
fn situation_at(events: &[Event], time: u64) -> ttx::timeline::Situation {
    events
        .iter()
        .rev()
        .filter(|e| e.time <= time)
        .find_map(|e| if let EventKind::Situation(s) = e.kind { Some(s) } else { None })
        .unwrap_or_default()
}

#[test]
fn only_the_hosts_an_investigation_found_are_isolated_or_reimaged() {
    // The phish lands at once on one workstation. Before any investigation, host-level
    // containment is refused; after the office is investigated, it isolates only the hosts found,
    // not the 120 workstations, and reimaging cleans them.
    let text = minimal().replace("chance: 0.5, effects: [Compromise", "chance: 1.0, effects: [Compromise");
    let early = run(&text, 2, &[(900, decision("it_operations", Action::IsolateKnownHosts("workstations".into())))]);
    assert!(early.iter().any(|e| matches!(&e.kind, EventKind::DecisionRejected { reason, .. }
        if *reason == Rejection::NoHostKnownHeld { group: "workstations".into() })));
    let look = (900, decision("soc_analyst", Action::CollectEvidence("office".into())));
    let isolate = (4 * 3_600, decision("it_operations", Action::IsolateKnownHosts("workstations".into())));
    let events = run(&text, 2, &[look.clone(), isolate]);
    let found: u32 = events
        .iter()
        .find_map(|e| if let EventKind::Finding { hosts, .. } = &e.kind { Some(hosts.values().sum()) } else { None })
        .unwrap();
    let done =
        first_time(&events, |k| matches!(k, EventKind::ActionTookEffect { action: Action::IsolateKnownHosts(_), .. }))
            .unwrap();
    let isolated = situation_at(&events, done).isolated;
    assert!(found >= 1 && isolated == u64::from(found), "isolated {isolated} of the {found} found, not the group");
    let reimage = (4 * 3_600, decision("it_operations", Action::ReimageKnownHosts("workstations".into())));
    let events = run(&text, 2, &[look, reimage]);
    let done =
        first_time(&events, |k| matches!(k, EventKind::ActionTookEffect { action: Action::ReimageKnownHosts(_), .. }))
            .unwrap();
    assert!(situation_at(&events, done).restored >= u64::from(found.min(1)), "the hosts found are rebuilt clean");
}
