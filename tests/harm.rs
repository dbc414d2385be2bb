//! Business harm beyond hosts and records: stages that degrade or take down a service while they
//! run, and stolen funds that a recall gets back only within the recall window.

use ttx::action::Action;
use ttx::action::Severity;
use ttx::compile::compile;
use ttx::engine::{Decision, Sim};
use ttx::evaluate::{Evaluation, Inputs, evaluate};
use ttx::plan::model::Plan;
use ttx::scenario::model::Scenario;
use ttx::source::{SourceFile, parse_ron};
use ttx::timeline::{Event, EventKind};

const HOUR: u64 = 3_600;

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> T {
    parse_ron(&SourceFile { name: "test.ron".into(), text: text.into() }).unwrap_or_else(|d| panic!("{}", d.message))
}

fn plan() -> Plan {
    parse(&std::fs::read_to_string("tests/fixtures/valid/minimal-plan.ron").unwrap())
}

/// The minimal scenario with a web shop in the office (1 000 EUR an hour, critical), no
/// encryption (so nothing else touches the shop), the C2 domain shown to the players by the
/// opening inject (so they may block it) and `extra` appended to the stages.
fn scenario(extra: &str) -> Scenario {
    let text = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap();
    let text = text
        .replace(
            r#"cost_per_hour: 500.0)],"#,
            r#"cost_per_hour: 500.0), (id: "shop", name: "Web shop", depends_on: ["office"], cost_per_hour: 1000.0, critical: true)],"#,
        )
        .replace("chance: 0.5,\n             effects: [Encrypt", "chance: 0.0,\n             effects: [Encrypt")
        .replace(
            r#"effects: [Encrypt(hosts_per_tick: 10)], stopped_by: [IsolateSegment("servers")]),"#,
            &format!(r#"effects: [Encrypt(hosts_per_tick: 10)], stopped_by: [IsolateSegment("servers")]),{extra}"#),
        )
        .replace(r#"trigger: At("0m"),"#, r#"trigger: At("0m"), reveals: [Indicator("c2")],"#);
    assert!(text.contains("\"shop\"") && text.contains("chance: 0.0") && text.contains(extra), "the fixture changed");
    assert!(text.contains("reveals: [Indicator"), "the fixture changed");
    parse(&text)
}

/// Runs the scenario with decisions by the incident commander at the given times; the timeline
/// and the evaluation.
fn judged(scenario: &Scenario, decisions: &[(u64, Action)]) -> (Vec<Event>, Evaluation) {
    let plan = plan();
    let compiled = compile(scenario.clone(), plan).unwrap();
    let mut sim = Sim::new(std::sync::Arc::clone(&compiled), 5);
    for (at, action) in decisions {
        sim.run_until(*at);
        sim.apply(Decision { role: "incident_commander".into(), action: action.clone(), rationale: String::new() });
    }
    sim.run_to_end();
    let timeline = sim.timeline();
    let baseline = ttx::exercise::baseline(&compiled, 5);
    let inputs = Inputs { compiled: &compiled, timeline, baseline: &baseline, room: Default::default() };
    (timeline.events.clone(), evaluate(inputs))
}

/// The timeline and the evaluation's impact.
fn run(scenario: &Scenario, decisions: &[(u64, Action)]) -> (Vec<Event>, ttx::evaluate::model::Impact) {
    let (events, evaluation) = judged(scenario, decisions);
    (events, evaluation.impact)
}

fn time_of(events: &[Event], wanted: impl Fn(&EventKind) -> bool) -> Option<u64> {
    events.iter().find(|e| wanted(&e.kind)).map(|e| e.time)
}

const DDOS: &str = r#"
    (id: "ddos", name: "DDoS on the web shop", tactic: Impact, technique: "T1498", chance: 1.0,
     effects: [DegradeService(service: "shop", fraction: 0.5)], stopped_by: [BlockIoc("c2")]),"#;

#[test]
fn a_degraded_service_costs_its_share_until_the_stage_is_stopped() {
    let (calm, calm_impact) = run(&scenario(""), &[]);
    let ddos = scenario(DDOS);
    let (events, impact) = run(&ddos, &[(2 * HOUR, Action::BlockIoc("c2".into()))]);
    let degraded = time_of(
        &events,
        |k| matches!(k, EventKind::ServiceDegraded { service, fraction } if service == "shop" && *fraction == 0.5),
    );
    let stopped = time_of(&events, |k| matches!(k, EventKind::StageStopped { stage, .. } if stage == "ddos"));
    let ended = time_of(&events, |k| matches!(k, EventKind::ServiceDegradationEnded { service } if service == "shop"));
    assert_eq!(degraded, Some(0), "the shop suffers from the stage's success");
    assert!(stopped.is_some() && ended == stopped, "blocking the indicator ends it: {stopped:?} {ended:?}");
    assert!(!events.iter().any(|e| matches!(&e.kind, EventKind::ServiceDown { service } if service == "shop")));
    // Half the shop's 1 000 EUR an hour, for every hour it ran degraded; no downtime.
    let seconds = ended.unwrap();
    let shop = impact.downtime.iter().find(|d| d.service == "shop").expect("the shop is in the impact");
    assert_eq!((shop.seconds, shop.degraded_seconds), (0, seconds));
    let extra = impact.cost - calm_impact.cost;
    assert!((extra - 0.5 * 1_000.0 * seconds as f64 / HOUR as f64).abs() < 1e-6, "{extra}");
    assert!(calm.iter().all(|e| !matches!(e.kind, EventKind::ServiceDegraded { .. })));
}

#[test]
fn a_service_taken_down_by_a_stage_is_an_outage_like_any_other() {
    let wipe = DDOS.replace("fraction: 0.5", "fraction: 1.0");
    let (events, impact) = run(&scenario(&wipe), &[(2 * HOUR, Action::BlockIoc("c2".into()))]);
    let down = time_of(&events, |k| matches!(k, EventKind::ServiceDown { service } if service == "shop"));
    let back = time_of(&events, |k| matches!(k, EventKind::ServiceRestored { service } if service == "shop"));
    assert_eq!(down, Some(0));
    assert!(back.is_some_and(|t| t > 2 * HOUR), "{back:?}");
    let shop = impact.downtime.iter().find(|d| d.service == "shop").unwrap();
    assert_eq!((shop.seconds, shop.degraded_seconds, shop.down_at_end), (back.unwrap(), 0, false));
    // A critical service down warrants Sev1 by the plan's matrix, as a segment outage would;
    // merely degraded, it does not.
    let severity = |extra: &str| judged(&scenario(extra), &[]).1.severity;
    let (wiped, slowed) = (severity(&wipe), severity(DDOS));
    assert_eq!((wiped.warranted, wiped.because.as_deref()), (Some(Severity::Sev1), Some("a critical service down")));
    assert_ne!(slowed.warranted, Some(Severity::Sev1), "{slowed:?}");
}

const FRAUD: &str = r#"
    (id: "wire", name: "Fraudulent wire", tactic: Impact, technique: "T1657", chance: 1.0,
     effects: [StealFunds(amount: 250000.0, recall_within: "1d")]),"#;

#[test]
fn stolen_funds_count_in_cost_and_impact() {
    let (_, calm) = run(&scenario(""), &[]);
    let (events, impact) = run(&scenario(FRAUD), &[]);
    let stolen = events.iter().find_map(|e| match e.kind {
        EventKind::FundsStolen { amount, recall_by, .. } => Some((e.time, amount, recall_by, e.visible)),
        _ => None,
    });
    assert_eq!(stolen, Some((0, 250_000.0, 24 * HOUR, false)), "the theft is the adversary's, hidden");
    assert_eq!((impact.funds_lost, impact.funds_recovered), (250_000.0, 0.0));
    assert_eq!(impact.cost - calm.cost, 250_000.0);
}

#[test]
fn a_recall_within_the_window_recovers_the_funds() {
    let (_, calm) = run(&scenario(""), &[]);
    let (events, impact) = run(&scenario(FRAUD), &[(HOUR, Action::RecallFunds)]);
    let recovered = events.iter().find_map(|e| match e.kind {
        EventKind::FundsRecovered { amount, stolen_at } => Some((amount, stolen_at, e.visible)),
        _ => None,
    });
    assert_eq!(recovered, Some((250_000.0, 0, true)));
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::ActionTookEffect { action: Action::RecallFunds, .. })));
    assert_eq!((impact.funds_lost, impact.funds_recovered), (0.0, 250_000.0));
    assert_eq!(impact.cost, calm.cost, "the money is back: the theft costs nothing");
}

#[test]
fn a_recall_after_the_window_fails_and_says_why() {
    let (events, impact) = run(&scenario(FRAUD), &[(30 * HOUR, Action::RecallFunds)]);
    let reason = events.iter().find_map(|e| match &e.kind {
        EventKind::ActionFailed { action: Action::RecallFunds, reason, .. } => Some(reason.clone()),
        _ => None,
    });
    let reason = reason.expect("the recall fails").to_string();
    assert!(
        reason.starts_with("too late: the payment left 1d") && reason.ends_with("only within 1d of leaving"),
        "{reason}"
    );
    assert!(!events.iter().any(|e| matches!(e.kind, EventKind::FundsRecovered { .. })));
    assert_eq!(impact.funds_lost, 250_000.0);
}
