//! The cost model: records on a curve that costs less a record the larger the breach, response
//! hours only for the roles engaged, the forensics fee and the notification of data subjects, and
//! harm (the outcome) without what the response spent.

use proptest::prelude::*;
use ttx::action::{Action, Party};
use ttx::compile::compile;
use ttx::cost::records::{self, KNEE};
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

/// The minimal plan with a forensics firm on retainer.
fn plan() -> Plan {
    let text = std::fs::read_to_string("tests/fixtures/valid/minimal-plan.ron").unwrap();
    let legal = r#"(role: "legal", business_hours: ("30m", "2h"), off_hours: ("4h", "12h")),"#;
    assert!(text.contains(legal), "the fixture changed");
    parse(&text.replace(
        legal,
        &format!(r#"{legal} (role: "forensics", business_hours: ("2h", "4h"), off_hours: ("2h", "6h")),"#),
    ))
}

/// The minimal scenario with a sure phish, a customer database of 400 000 records in the office
/// copied out 40 000 a tick, and the cost parameters `costs`.
fn scenario(costs: &str) -> Scenario {
    let text = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap();
    let (store, old_costs) =
        (r#"classes: [Pii])],"#, r#"costs: (currency: "EUR", per_host_encrypted: 300.0, per_record: { Pii: 20.0 }),"#);
    let phish = "chance: 0.5, effects: [Compromise";
    let stages = "stages: [";
    for part in [store, old_costs, phish, stages] {
        assert!(text.contains(part), "the fixture changed: {part}");
    }
    let text = text
        .replace(
            store,
            r#"classes: [Pii]), (id: "crm", name: "Customer database", segment: "office", records: 400000, classes: [Pii, Payment])],"#,
        )
        .replace(old_costs, &format!("costs: ({costs}),"))
        .replace(phish, "chance: 1.0, effects: [Compromise")
        .replace(
            stages,
            r#"stages: [
            (id: "steal", name: "Customer data copied out", tactic: Exfiltration, technique: "T1041",
             after: ["phish"], requires: [Foothold("office")], chance: 1.0,
             effects: [Exfiltrate(store: "crm", records_per_tick: 40000)]),"#,
        );
    parse(&text)
}

/// Runs `scenario` with decisions by the given roles at the given times, ending the drill at
/// `end` (the facilitator's `end`); the timeline and the evaluation.
fn run(scenario: &Scenario, decisions: &[(u64, &str, Action)], end: u64) -> (Vec<Event>, Evaluation) {
    let compiled = compile(scenario.clone(), plan()).unwrap();
    let mut sim = Sim::new(std::sync::Arc::clone(&compiled), 3);
    for (at, role, action) in decisions {
        sim.run_until(*at);
        sim.apply(Decision { role: (*role).into(), action: action.clone(), rationale: String::new() });
    }
    sim.run_until(end);
    sim.end_now();
    let timeline = sim.timeline();
    let baseline = ttx::exercise::baseline(&compiled, 3);
    let inputs = Inputs { compiled: &compiled, timeline, baseline: &baseline, room: Default::default() };
    (timeline.events.clone(), evaluate(inputs))
}

fn took_effect(events: &[Event], wanted: &Action) -> u64 {
    events
        .iter()
        .find(|e| matches!(&e.kind, EventKind::ActionTookEffect { action, .. } if action == wanted))
        .map(|e| e.time)
        .unwrap_or_else(|| panic!("{wanted:?} never took effect"))
}

const PRICES: &str = r#"currency: "EUR", per_record: { Pii: 20.0, Payment: 50.0 }"#;

#[test]
fn the_curve_meets_the_published_breach_totals() {
    // IBM / Ponemon 2018: USD 148 a record; 1 million records about USD 40 M; 50 million about
    // USD 350 M. A linear price would say 148 M and 7.4 G.
    let within = |got: f64, want: f64, share: f64| (got / want - 1.0).abs() <= share;
    assert_eq!(records::cost(148.0, 10_000), 1_480_000.0, "small breaches are linear");
    assert!(within(records::cost(148.0, 1_000_000), 40e6, 0.02), "{}", records::cost(148.0, 1_000_000));
    assert!(within(records::cost(148.0, 50_000_000), 350e6, 0.02), "{}", records::cost(148.0, 50_000_000));
    assert_eq!(records::cost(148.0, 0), 0.0);
}

proptest! {
    #[test]
    fn more_records_never_cost_less_and_each_costs_no_more(a in 0u64..100_000_000, b in 0u64..100_000_000) {
        let (small, large) = (a.min(b), a.max(b));
        let (c_small, c_large) = (records::cost(148.0, small), records::cost(148.0, large));
        prop_assert!(c_large >= c_small, "{small} → {c_small}, {large} → {c_large}");
        if small > 0 {
            prop_assert!(c_large / large as f64 <= c_small / small as f64 + 1e-9, "the price of a record falls");
        }
    }

    #[test]
    fn the_curve_is_concave(n in 0u64..100_000_000, step in 1u64..1_000_000) {
        // Each further step of records adds no more than the step before it.
        let (a, b, c) = (records::cost(148.0, n), records::cost(148.0, n + step), records::cost(148.0, n + 2 * step));
        prop_assert!(c - b <= b - a + 1e-6 * b, "{n} {step}: {a} {b} {c}");
    }

    #[test]
    fn the_curve_has_no_jump_at_the_knee(per_record in 0.0f64..1_000.0) {
        let (at, after) = (records::cost(per_record, KNEE), records::cost(per_record, KNEE + 1));
        prop_assert!(after >= at && after - at <= per_record + 1e-9);
    }
}

#[test]
fn records_out_are_priced_on_the_curve_at_their_costliest_class() {
    let (_, evaluation) = run(&scenario(PRICES), &[], 2 * 24 * HOUR);
    let impact = &evaluation.impact;
    assert_eq!(impact.records_total, 400_000, "the whole database left");
    // The customer database holds Pii (20) and Payment (50): priced as Payment, on the curve.
    assert_eq!(impact.cost_breakdown.records, records::cost(50.0, 400_000));
    // Eight times the knee: 8^0.56 ≈ 3.2 times the knee's cost, 40 % of the linear price.
    assert!(impact.cost_breakdown.records < 0.41 * 50.0 * 400_000.0, "{:?}", impact.cost_breakdown);
    assert_eq!(impact.cost_breakdown.funds_lost.to_string(), "0", "no negative zero");
}

#[test]
fn response_hours_count_only_the_engaged_roles_from_their_engagement() {
    let costs = format!("{PRICES}, response_per_hour: 100.0");
    let escalate = Action::Escalate("legal".into());
    let decisions = [(HOUR, "incident_commander", escalate.clone())];
    let (events, evaluation) = run(&scenario(&costs), &decisions, 10 * HOUR);
    let told = took_effect(&events, &escalate);
    assert!(told > HOUR && told < 10 * HOUR, "{told}");
    // Two roles engaged: the commander from its decision, legal from the escalation taking effect;
    // the SOC and IT operations, never engaged, cost nothing. Both stop at the drill's end.
    let hours = (10 * HOUR - HOUR) as f64 / 3_600.0 + (10 * HOUR - told) as f64 / 3_600.0;
    let response = evaluation.impact.cost_breakdown.response;
    assert!((response - 100.0 * hours).abs() < 1e-6, "{response} against {}", 100.0 * hours);
    // A team that engages nobody spends nothing on the response, but suffers the harm.
    let (_, idle) = run(&scenario(&costs), &[], 10 * HOUR);
    assert_eq!(idle.impact.cost_breakdown.response, 0.0);
    assert!(idle.outcome.team.cost > 0.0);
}

#[test]
fn harm_leaves_out_what_the_response_spent() {
    let with = |costs: &str| {
        let decisions = [
            (HOUR, "incident_commander", Action::Escalate("forensics".into())),
            (2 * HOUR, "legal", Action::Notify(Party::DataSubjects)),
        ];
        run(&scenario(costs), &decisions, 24 * HOUR).1
    };
    let free = with(PRICES);
    let paid =
        with(&format!("{PRICES}, response_per_hour: 500.0, forensics_retainer: 75000.0, per_subject_notified: 1.5"));
    let spent = paid.impact.cost_breakdown;
    assert!(spent.response > 0.0 && spent.forensics == 75_000.0 && spent.notification > 0.0, "{spent:?}");
    assert_eq!(paid.impact.cost, spent.total());
    assert!((paid.impact.cost - free.impact.cost - spent.spend()).abs() < 1e-6);
    // The same damage, the same harm: the response's spend is effort, not damage.
    assert_eq!(paid.outcome.team, free.outcome.team);
    // No price per host held here, so no clean-up owed: the harm is the damage alone.
    assert_eq!(paid.outcome.team.cost, spent.damage());
}

#[test]
fn the_forensics_fee_is_charged_once_and_only_when_the_firm_is_engaged() {
    let costs = format!("{PRICES}, forensics_retainer: 75000.0");
    let escalate = || (HOUR, "incident_commander", Action::Escalate("forensics".into()));
    let (_, none) = run(&scenario(&costs), &[], 12 * HOUR);
    let (_, once) = run(&scenario(&costs), &[escalate()], 12 * HOUR);
    let again = [escalate(), (3 * HOUR, "incident_commander", Action::Escalate("forensics".into()))];
    let (_, twice) = run(&scenario(&costs), &again, 12 * HOUR);
    let fee = |e: &Evaluation| e.impact.cost_breakdown.forensics;
    assert_eq!((fee(&none), fee(&once), fee(&twice)), (0.0, 75_000.0, 75_000.0));
}

#[test]
fn notifying_data_subjects_costs_each_personal_record_out() {
    let costs = format!("{PRICES}, per_subject_notified: 1.5");
    let notify = Action::Notify(Party::DataSubjects);
    let (_, silent) = run(&scenario(&costs), &[], 2 * 24 * HOUR);
    let (events, told) = run(&scenario(&costs), &[(2 * HOUR, "legal", notify.clone())], 2 * 24 * HOUR);
    took_effect(&events, &notify);
    assert_eq!(silent.impact.cost_breakdown.notification, 0.0, "nobody was notified");
    // Every record of the customer database is personal data: each one is a subject notified,
    // those that left after the notification as well.
    assert_eq!(told.impact.records_total, 400_000);
    assert_eq!(told.impact.cost_breakdown.notification, 1.5 * 400_000.0);
}
