//! The automated team: the response plan played as rules. It acts only on what it was shown, plays
//! only the steps that bind the organisation, leaves the roles people play to them, slips only as
//! its chances say, and a better-staffed plan does better under it on every shipped scenario.
//!
//! The orderings these tests expect, run for run on the same seeds: a 24×7 SOC's team averts at
//! least as much harm as a small business's MSP-led team; a team that follows its plan averts more
//! than one that misses alerts, misjudges severity and acts late.

use std::path::Path;
use std::sync::Arc;
use ttx::action::{Action, Severity};
use ttx::compile::{Compiled, compile};
use ttx::evaluate::Evaluation;
use ttx::exercise::{Script, Session, play};
use ttx::rejection::Rejection;
use ttx::source::{SourceFile, parse_ron};
use ttx::team::{Imperfection, rules};
use ttx::timeline::EventKind;

const SCENARIOS: [&str; 5] =
    ["hospital-ransomware", "bec-wire-fraud", "cloud-keys-exfiltration", "insider-ip-theft", "supply-chain-update"];

fn load<T: serde::de::DeserializeOwned>(path: &str) -> T {
    let text = std::fs::read_to_string(Path::new(path)).unwrap();
    parse_ron(&SourceFile { name: path.into(), text }).unwrap_or_else(|d| panic!("{path}: {}", d.message))
}

fn compiled(scenario: &str, plan: &str) -> Arc<Compiled> {
    compile(load(&format!("scenarios/{scenario}.ron")), load(&format!("scenarios/plans/{plan}.ron"))).unwrap()
}

/// One run of the automated team: its session's events and its evaluation.
fn played(compiled: &Arc<Compiled>, slips: Imperfection, seed: u64) -> (Vec<EventKind>, Evaluation) {
    let (events, evaluation) = timed(compiled, slips, seed);
    (events.into_iter().map(|(_, e)| e).collect(), evaluation)
}

/// The same, with each event's time.
fn timed(compiled: &Arc<Compiled>, slips: Imperfection, seed: u64) -> (Vec<(u64, EventKind)>, Evaluation) {
    let mut session = Session::new(compiled, seed);
    play(&Script::automated(compiled, slips), &mut session);
    let events = session.sim.timeline().events.iter().map(|e| (e.time, e.kind.clone())).collect();
    (events, session.evaluation())
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let all: Vec<f64> = values.collect();
    all.iter().sum::<f64>() / all.len() as f64
}

#[test]
fn the_team_acts_only_on_what_it_was_shown_and_the_same_seed_plays_the_same() {
    for scenario in SCENARIOS {
        for plan in ["enterprise-24x7", "small-business-msp"] {
            let compiled = compiled(scenario, plan);
            for seed in 0..4 {
                let (events, _) = played(&compiled, Imperfection::default(), seed);
                for event in &events {
                    if let EventKind::DecisionRejected { action, reason, .. } = event {
                        let unseen = matches!(
                            reason,
                            Rejection::IndicatorNotSeen { .. }
                                | Rejection::VulnerabilityNotSeen { .. }
                                | Rejection::NoHostKnownHeld { .. }
                                | Rejection::NotARole { .. }
                                | Rejection::RoleNotStaffed { .. }
                                | Rejection::NoSuch { .. }
                        );
                        assert!(!unseen, "{scenario}/{plan} seed {seed}: {action:?} refused: {reason:?}");
                    }
                }
                let decided = events.iter().filter(|e| matches!(e, EventKind::DecisionTaken { .. })).count();
                assert!(decided > 0, "{scenario}/{plan} seed {seed}: the team did nothing");
                assert_eq!(events, played(&compiled, Imperfection::default(), seed).0, "replayed");
            }
        }
    }
}

#[test]
fn a_24x7_soc_averts_more_harm_than_a_small_business_msp_on_every_shipped_scenario() {
    let perfect = Imperfection::default();
    for scenario in SCENARIOS {
        let (enterprise, msp) = (compiled(scenario, "enterprise-24x7"), compiled(scenario, "small-business-msp"));
        let (mut better, mut worse, mut averted) = (0, 0, (0.0, 0.0));
        for seed in 0..30 {
            let (_, e) = played(&enterprise, perfect, seed);
            let (_, m) = played(&msp, perfect, seed);
            better += u32::from(e.outcome.team.cost < m.outcome.team.cost);
            worse += u32::from(e.outcome.team.cost > m.outcome.team.cost);
            averted.0 += e.outcome.averted;
            averted.1 += m.outcome.averted;
        }
        assert!(better > worse, "{scenario}: the 24x7 plan did less harm in {better} runs, more in {worse}");
        assert!(averted.0 > averted.1, "{scenario}: averted {:.2} against {:.2} (sums of 30)", averted.0, averted.1);
    }
}

#[test]
fn a_team_that_slips_averts_less_than_one_that_follows_its_plan() {
    let compiled = compiled("hospital-ransomware", "enterprise-24x7");
    let sloppy = Imperfection { miss_alert: 0.3, misjudge_severity: 0.5, act_late: 0.5 };
    let seeds = 0..30;
    let perfect = mean(seeds.clone().map(|s| played(&compiled, Imperfection::default(), s).1.outcome.averted));
    let slipping = mean(seeds.map(|s| played(&compiled, sloppy, s).1.outcome.averted));
    assert!(perfect > slipping + 0.05, "following the plan averts {perfect:.3}, slipping {slipping:.3}");
}

#[test]
fn each_slip_does_what_it_says() {
    let compiled = compiled("hospital-ransomware", "enterprise-24x7");
    let alerts = |events: &[EventKind]| events.iter().any(|e| matches!(e, EventKind::AlertRaised { .. }));
    let triaged = |events: &[EventKind]| {
        events
            .iter()
            .any(|e| matches!(e, EventKind::DecisionTaken { rationale, .. } if rationale.starts_with("Triage")))
    };
    let blind = Imperfection { miss_alert: 1.0, ..Imperfection::default() };
    let (events, _) = played(&compiled, blind, 2);
    assert!(alerts(&events) && !triaged(&events), "a team that misses every alert triages none");
    assert!(triaged(&played(&compiled, Imperfection::default(), 2).0));

    let declared = |events: &[EventKind]| -> Vec<Severity> {
        events
            .iter()
            .filter_map(|e| match e {
                EventKind::DecisionTaken { action: Action::ClassifySeverity(s), .. } => Some(*s),
                _ => None,
            })
            .collect()
    };
    let mild = Imperfection { misjudge_severity: 1.0, ..Imperfection::default() };
    let (events, evaluation) = played(&compiled, mild, 2);
    assert!(!declared(&events).contains(&Severity::Sev1), "always one level too mild: {:?}", declared(&events));
    assert!(declared(&played(&compiled, Imperfection::default(), 2).0).contains(&Severity::Sev1));
    assert!(evaluation.severity.declared != Some(Severity::Sev1));

    // A team always late gives each decision past the deadline it answers to.
    let late = Imperfection { act_late: 1.0, ..Imperfection::default() };
    let first = |slips| {
        let (events, _) = timed(&compiled, slips, 2);
        events.into_iter().find(|(_, e)| matches!(e, EventKind::DecisionTaken { .. })).expect("a decision").0
    };
    // The plan's shortest deadline a rule answers to is its 15-minute target to acknowledge.
    assert!(first(late) >= first(Imperfection::default()) + 15 * 60, "the late team's first decision is later");
}

#[test]
fn the_team_plays_only_what_binds_the_organisation_and_leaves_people_their_roles() {
    // The US hospital owes no GDPR notice: neither the plan's GDPR step nor its clock is played.
    let hospital = compiled("hospital-ransomware", "enterprise-24x7");
    let played_rules = rules(&hospital, &[]);
    let notifies = |party| played_rules.iter().any(|r| r.rationale.contains(party));
    assert!(!played_rules.iter().any(|r| r.rationale.contains("GDPR")), "no GDPR rule for a US hospital");
    assert!(notifies("HIPAA"), "the HIPAA clocks are answered");
    let eu = compiled("bec-wire-fraud", "enterprise-24x7");
    assert!(rules(&eu, &[]).iter().any(|r| r.rationale.contains("GDPR")), "an EU company answers GDPR");

    // A person playing the incident commander: the team gives no decision in that role.
    let left = rules(&hospital, &["incident_commander".to_string()]);
    assert!(!left.is_empty() && left.iter().all(|r| r.role != "incident_commander"));
    // The MSP covers the SOC's work: a person playing the MSP plays the SOC's rules too.
    let msp = compiled("hospital-ransomware", "small-business-msp");
    let all = rules(&msp, &[]);
    assert!(all.iter().any(|r| r.role == "soc_analyst" || r.role == "msp"));
    let without = rules(&msp, &["msp".to_string()]);
    assert!(without.iter().all(|r| r.role != "soc_analyst" && r.role != "msp"), "{without:#?}");
}
