//! Evaluation on hand-built timelines: each metric's end points, "not reached" (never zero),
//! ties, plan steps, escalations, notification clocks counted in business days; the outcome
//! against the baseline, and the score rules that keep it from being gamed.

use ttx::action::ActionKind;
use ttx::action::{Action, Party, Severity};
use ttx::compile::compile;
use ttx::cost::Cost;
use ttx::cue::Cue;
use ttx::duration::HumanDuration;
use ttx::evaluate::model::{Cause, Element, Letter, Priority, Status, Subject, Verdict};
use ttx::evaluate::{Evaluation, Inputs, evaluate};
use ttx::plan::model::{Deadline, NotificationClock, Plan, Step, StepTarget};
use ttx::rejection::Rejection;
use ttx::scenario::model::{AlertSeverity, Effect, Jurisdiction, Scenario, Sector};
use ttx::source::{SourceFile, parse_ron};
use ttx::timeline::{EndReason, EventKind, Situation, Timeline};

fn parse<T: serde::de::DeserializeOwned>(path: &str) -> T {
    let source = SourceFile { name: path.into(), text: std::fs::read_to_string(path).unwrap() };
    parse_ron(&source).unwrap_or_else(|d| panic!("{}", d.message))
}

fn fixtures() -> (Scenario, Plan) {
    (parse("tests/fixtures/valid/minimal.ron"), parse("tests/fixtures/valid/minimal-plan.ron"))
}

const MIN: u64 = 60;
const HOUR: u64 = 3_600;

/// Builds a timeline event by event.
struct Build(Timeline);

impl Build {
    fn new() -> Self {
        let mut timeline = Timeline::default();
        let started =
            EventKind::RunStarted { scenario: "minimal-ransomware".into(), plan: "minimal-plan".into(), seed: 9 };
        timeline.push(0, true, started);
        Build(timeline)
    }
    fn stage(mut self, at: u64) -> Self {
        self.0.push(at, false, EventKind::StageSucceeded { stage: "phish".into(), technique: "T1566.001".into() });
        self
    }
    fn alert(mut self, at: u64) -> Self {
        let kind = EventKind::AlertRaised {
            detection: "edr-encrypt".into(),
            title: "Mass file renames".into(),
            severity: AlertSeverity::Critical,
            text: String::new(),
            to: vec![],
        };
        self.0.push(at, true, kind);
        self
    }
    /// A decision that takes effect at once.
    fn decide(self, at: u64, role: &str, action: Action) -> Self {
        let decision = self.0.events.len() as u64;
        self.decide_unfinished(at, role, action.clone()).took_effect(at, decision, action)
    }
    /// A decision whose action never takes effect (the drill ends first).
    fn decide_unfinished(mut self, at: u64, role: &str, action: Action) -> Self {
        let decision = self.0.events.len() as u64;
        let kind = EventKind::DecisionTaken {
            decision,
            role: role.into(),
            action,
            rationale: String::new(),
            effective_at: at,
            waits: None,
        };
        self.0.push(at, true, kind);
        self
    }
    fn took_effect(mut self, at: u64, decision: u64, action: Action) -> Self {
        self.0.push(at, true, EventKind::ActionTookEffect { decision, action });
        self
    }
    fn situation(mut self, at: u64, compromised: u64, footholds: u64, services_down: u64) -> Self {
        let situation = Situation { compromised, footholds, services_down, ..Situation::default() };
        self.0.push(at, false, EventKind::Situation(situation));
        self
    }
    fn end(self, at: u64) -> Timeline {
        self.end_costing(at, 1234.5)
    }
    /// Ends the run at `at` with `damage` in money (all of it records, for simplicity).
    fn end_costing(mut self, at: u64, damage: f64) -> Timeline {
        self.0.push(at, true, EventKind::RunEnded { reason: EndReason::TimeUp, cost: records_costing(damage) });
        self.0
    }
    fn held(mut self, at: u64, group: &str) -> Self {
        self.0.push(at, false, EventKind::HostsCompromised { group: group.into(), count: 1 });
        self
    }
    fn obtained(mut self, at: u64, account: &str) -> Self {
        self.0.push(at, false, EventKind::AccountObtained { account: account.into() });
        self
    }
    /// Inject `i02` reaches the players.
    fn delivered(mut self, at: u64) -> Self {
        let kind = EventKind::InjectDelivered {
            inject: "i02".into(),
            title: "Files will not open".into(),
            from: "Finance".into(),
            to: vec![],
            channel: ttx::scenario::model::Channel::Phone,
            text: String::new(),
            by_hand: false,
        };
        self.0.push(at, true, kind);
        self
    }
    fn rejected(mut self, at: u64, role: &str, action: Action) -> Self {
        let kind = EventKind::DecisionRejected {
            role: role.into(),
            action,
            reason: Rejection::RoleNotStaffed { role: role.into() },
        };
        self.0.push(at, true, kind);
        self
    }
    fn stopped(mut self, at: u64, by: Action) -> Self {
        self.0.push(at, false, EventKind::StageStopped { stage: "phish".into(), by });
        self
    }
    /// Declared closed at `closed`; the incident ran on hidden to `ends`.
    fn closed_early(mut self, closed: u64, ends: u64) -> Timeline {
        self.0.push(
            closed,
            true,
            EventKind::RunEnded { reason: EndReason::DeclaredClosed, cost: records_costing(10.0) },
        );
        self.0.push(
            ends,
            false,
            EventKind::IncidentEnded { reason: EndReason::TimeUp, cost: records_costing(5_000.0) },
        );
        self.0
    }
}

/// A cost that is all records.
fn records_costing(amount: f64) -> Cost {
    Cost { records: amount, ..Cost::default() }
}

/// Judges a timeline that is its own baseline: nothing averted, nothing made worse.
fn judge(timeline: &Timeline, plan: &Plan, scenario: &Scenario) -> Evaluation {
    judge_against(timeline, timeline, plan, scenario)
}

fn judge_against(timeline: &Timeline, baseline: &Timeline, plan: &Plan, scenario: &Scenario) -> Evaluation {
    let compiled = compile(scenario.clone(), plan.clone()).unwrap();
    evaluate(Inputs { compiled: &compiled, timeline, baseline, room: Default::default() })
}

fn metric(evaluation: &Evaluation, id: &str) -> (Option<u64>, Status) {
    let m = evaluation.metrics.iter().find(|m| m.id == id).unwrap_or_else(|| panic!("no metric {id}"));
    (m.value, m.status)
}

#[test]
fn metrics_run_from_their_start_to_their_end_point() {
    let (scenario, plan) = fixtures();
    let timeline = Build::new()
        .stage(30 * MIN)
        .situation(30 * MIN, 1, 1, 0)
        .alert(2 * HOUR)
        .decide(2 * HOUR + 10 * MIN, "soc_analyst", Action::CollectEvidence("office".into()))
        .decide(2 * HOUR + 40 * MIN, "incident_commander", Action::ClassifySeverity(Severity::Sev1))
        .situation(4 * HOUR, 1, 0, 1)
        .situation(9 * HOUR, 0, 0, 1)
        .situation(30 * HOUR, 0, 0, 0)
        .end(40 * HOUR);
    let evaluation = judge(&timeline, &plan, &scenario);
    // Detection is the team's: its first decision after the alert, not the alert itself.
    assert_eq!(metric(&evaluation, "detect"), (Some(100 * MIN), Status::Late), "target 1h");
    assert_eq!(metric(&evaluation, "acknowledge").0, Some(10 * MIN));
    assert_eq!(metric(&evaluation, "classify").0, Some(40 * MIN));
    assert_eq!(metric(&evaluation, "contain"), (Some(2 * HOUR), Status::Met), "target 4h");
    assert_eq!(metric(&evaluation, "contain_from_compromise"), (Some(3 * HOUR + 30 * MIN), Status::NoTarget));
    assert_eq!(metric(&evaluation, "eradicate").0, Some(7 * HOUR));
    assert_eq!(metric(&evaluation, "recover"), (Some(28 * HOUR), Status::Late), "target 24h");
    assert_eq!(metric(&evaluation, "dwell").0, Some(8 * HOUR + 30 * MIN));
    assert_eq!(evaluation.impact.cost, 1234.5);
    assert_eq!(evaluation.run.seed, 9);
}

#[test]
fn what_never_happened_is_not_reached_never_zero() {
    let (scenario, plan) = fixtures();
    let timeline = Build::new().stage(HOUR).situation(HOUR, 5, 5, 1).end(48 * HOUR);
    let evaluation = judge(&timeline, &plan, &scenario);
    for id in ["detect", "acknowledge", "classify", "escalate", "contain", "eradicate", "recover", "dwell"] {
        assert_eq!(metric(&evaluation, id), (None, Status::NotReached), "{id}");
    }
    let detection = evaluation.ratings.iter().find(|r| r.capability == "detection").unwrap();
    assert_eq!(detection.rating, Letter::U, "a compromise never detected is a U, not N/A");
    let json = serde_json::to_value(&evaluation).unwrap();
    assert!(json["metrics"][0]["value"].is_null(), "not reached is null in evaluation.json");
}

#[test]
fn ties_count_as_on_time_and_contained_is_the_last_lasting_change() {
    let (scenario, plan) = fixtures();
    // Detected exactly at the 1h target; contained, then lost again, then contained for good.
    let timeline = Build::new()
        .stage(0)
        .situation(0, 1, 1, 0)
        .alert(HOUR)
        .decide(HOUR, "it_operations", Action::IsolateHosts("workstations".into()))
        .situation(2 * HOUR, 1, 0, 0)
        .situation(3 * HOUR, 2, 1, 0)
        .situation(5 * HOUR, 2, 0, 0)
        .end(10 * HOUR);
    let evaluation = judge(&timeline, &plan, &scenario);
    assert_eq!(metric(&evaluation, "detect"), (Some(HOUR), Status::Met));
    assert_eq!(metric(&evaluation, "acknowledge").0, Some(0), "a decision at the alert's own time");
    assert_eq!(
        metric(&evaluation, "contain"),
        (Some(4 * HOUR), Status::Met),
        "from the alert to the lasting containment"
    );
    assert_eq!(metric(&evaluation, "eradicate"), (None, Status::NotReached));
}

#[test]
fn escalation_rules_and_steps_are_met_late_or_missed() {
    let (scenario, plan) = fixtures();
    // The encryption alert at 30m shows what the plan's matrix puts at Sev1 (one host encrypted),
    // so legal and the incident commander must know within 1h of it — not of the declaration at
    // 1h, and the same had the team declared Sev3 or nothing.
    let run = |declared: Severity| {
        let timeline = Build::new()
            .stage(0)
            .alert(30 * MIN)
            .decide(HOUR, "incident_commander", Action::ClassifySeverity(declared))
            .decide(3 * HOUR, "incident_commander", Action::Escalate("legal".into()))
            .end(10 * HOUR);
        judge(&timeline, &plan, &scenario)
    };
    let under = run(Severity::Sev3);
    let rule = under.escalations.iter().find(|e| e.id == "sev1-legal").unwrap();
    assert_eq!(rule.triggered_at, Some(30 * MIN), "declaring less does not put off who must know");
    let evaluation = run(Severity::Sev1);
    let rule = evaluation.escalations.iter().find(|e| e.id == "sev1-legal").unwrap();
    assert_eq!(rule.triggered_at, Some(30 * MIN));
    let legal = rule.roles.iter().find(|r| r.role == "legal").unwrap();
    assert_eq!((legal.status, legal.late_by), (Status::Late, Some(90 * MIN)));
    let commander = rule.roles.iter().find(|r| r.role == "incident_commander").unwrap();
    assert_eq!(commander.status, Status::Met, "the commander declared the severity, so knew");
    assert_eq!(rule.status, Status::Late);
    assert!(evaluation.improvements.iter().any(|i| {
        i.evidence.iter().any(|e| e.subject == Subject::Escalation { rule: "sev1-legal".into(), role: "legal".into() })
    }));
}

#[test]
fn an_escalation_to_or_a_decision_by_a_covered_role_counts_for_the_role_covering_it() {
    let (scenario, mut plan) = fixtures();
    let legal = plan.roles.iter_mut().find(|r| r.role == "legal").unwrap();
    legal.covers = vec!["dpo".into()];
    let escalated = |action: Action, role: &str| {
        let timeline = Build::new()
            .stage(0)
            .alert(30 * MIN)
            .decide(HOUR, "incident_commander", Action::ClassifySeverity(Severity::Sev1))
            .decide(90 * MIN, role, action)
            .end(10 * HOUR);
        let evaluation = judge(&timeline, &plan, &scenario);
        let rule = evaluation.escalations.iter().find(|e| e.id == "sev1-legal").unwrap();
        let legal = rule.roles.iter().find(|r| r.role == "legal").unwrap();
        (legal.status, legal.done_at)
    };
    let met = (Status::Met, Some(90 * MIN));
    assert_eq!(escalated(Action::Escalate("dpo".into()), "incident_commander"), met, "told the role legal covers");
    assert_eq!(escalated(Action::Custom("Assess the breach".into()), "dpo"), met, "acted as the role legal covers");
    let missed = escalated(Action::Escalate("hr".into()), "incident_commander");
    assert_eq!(missed, (Status::Missed, None), "hr is neither legal nor covered by it");
}

fn sec_plan(holidays: &[&str]) -> (Scenario, Plan) {
    let (mut scenario, mut plan) = fixtures();
    scenario.clock.start = "2026-03-13T10:00".into(); // a Friday
    plan.clocks = vec![NotificationClock {
        id: "sec-8k".into(),
        regulation: "SEC Form 8-K Item 1.05".into(),
        notify: Party::Investors,
        starts: Cue::MaterialityDetermined,
        deadline: Deadline::BusinessDays(4),
        jurisdictions: vec![Jurisdiction::Us],
        sectors: vec![],
    }];
    plan.holidays = holidays.iter().map(|h| h.to_string()).collect();
    (scenario, plan)
}

#[test]
fn business_days_skip_the_weekend_and_holidays() {
    let timeline = Build::new()
        .decide(HOUR, "executive", Action::DetermineMateriality(true))
        .decide(5 * 24 * HOUR, "legal", Action::Notify(Party::Investors))
        .end(10 * 24 * HOUR);
    // Determined Friday 11:00; four business days are Mon–Thu; the deadline is Thursday's end.
    let (scenario, plan) = sec_plan(&[]);
    let clock = judge(&timeline, &plan, &scenario).clocks.remove(0);
    assert_eq!(clock.started_at, Some(HOUR));
    assert_eq!(clock.deadline, Some(6 * 24 * HOUR + 14 * HOUR), "Fri 10:00 → Fri 00:00 a week on");
    assert_eq!(clock.deadline_local.as_deref(), Some("end of Thu 2026-03-19"));
    assert_eq!((clock.status, clock.margin), (Status::Met, Some(24 * HOUR + 14 * HOUR)));
    // A holiday on the Tuesday pushes it to Friday's end; notifying the Saturday after is late.
    let (scenario, plan) = sec_plan(&["2026-03-17"]);
    let timeline = Build::new()
        .decide(HOUR, "executive", Action::DetermineMateriality(true))
        .decide(8 * 24 * HOUR, "legal", Action::Notify(Party::Investors))
        .end(10 * 24 * HOUR);
    let clock = judge(&timeline, &plan, &scenario).clocks.remove(0);
    assert_eq!(clock.deadline, Some(7 * 24 * HOUR + 14 * HOUR));
    assert_eq!((clock.status, clock.margin), (Status::Late, Some(24 * HOUR - 14 * HOUR)));
}

#[test]
fn a_clock_not_due_by_the_end_is_pending_and_an_expired_one_missed() {
    let (scenario, plan) = sec_plan(&[]);
    let timeline = Build::new().decide(HOUR, "executive", Action::DetermineMateriality(true)).end(2 * 24 * HOUR);
    assert_eq!(judge(&timeline, &plan, &scenario).clocks[0].status, Status::Pending);
    let timeline = Build::new().decide(HOUR, "executive", Action::DetermineMateriality(true)).end(9 * 24 * HOUR);
    let clock = judge(&timeline, &plan, &scenario).clocks.remove(0);
    assert_eq!((clock.status, clock.margin), (Status::Missed, Some(9 * 24 * HOUR - (6 * 24 * HOUR + 14 * HOUR))));
    let timeline = Build::new().end(9 * 24 * HOUR);
    assert_eq!(judge(&timeline, &plan, &scenario).clocks[0].status, Status::NotTriggered);
}

#[test]
fn the_same_timeline_gives_the_same_evaluation() {
    let (scenario, plan) = fixtures();
    let timeline = Build::new().stage(0).situation(0, 3, 3, 1).alert(HOUR).end(5 * HOUR);
    let a = serde_json::to_string(&judge(&timeline, &plan, &scenario)).unwrap();
    let b = serde_json::to_string(&judge(&timeline, &plan, &scenario)).unwrap();
    assert_eq!(a, b);
}

fn part(evaluation: &Evaluation, id: &str) -> (Letter, f64) {
    let p = evaluation.score.parts.iter().find(|p| p.capability == id).unwrap_or_else(|| panic!("no part {id}"));
    (p.rating, p.points)
}

#[test]
fn the_outcome_is_the_share_of_the_baselines_harm_the_response_averted() {
    let (scenario, plan) = fixtures();
    let baseline = Build::new().stage(HOUR).end_costing(48 * HOUR, 10_000.0);
    let team = Build::new().stage(HOUR).end_costing(48 * HOUR, 2_500.0);
    let evaluation = judge_against(&team, &baseline, &plan, &scenario);
    assert_eq!(evaluation.outcome.averted, 0.75);
    assert_eq!(evaluation.outcome.rating, Letter::S);
    assert_eq!(part(&evaluation, "outcome"), (Letter::S, 30.0), "40 points times 0.75");
    // A response that made things worse averted nothing, however busy it was.
    let worse = Build::new().stage(HOUR).end_costing(48 * HOUR, 20_000.0);
    assert_eq!(judge_against(&worse, &baseline, &plan, &scenario).outcome.averted, 0.0);
}

#[test]
fn what_was_not_observed_never_raises_a_score_above_the_outcome() {
    let (scenario, plan) = fixtures();
    // Nothing was due: every capability is N/A, and earns only the outcome's share.
    let quiet = Build::new().end_costing(2 * HOUR, 5_000.0);
    let evaluation = judge(&quiet, &plan, &scenario);
    assert_eq!(evaluation.outcome.averted, 0.0);
    assert_eq!(evaluation.score.value, Some(0), "{:?}", evaluation.score);
    // The same, when the harm was all averted: full marks for what could not be judged.
    let none = Build::new().end_costing(2 * HOUR, 0.0);
    let saved = judge_against(&none, &quiet, &plan, &scenario);
    assert_eq!(saved.score.value, Some(100), "{:?}", saved.score);
}

#[test]
fn stopping_the_adversary_before_it_did_harm_is_containment() {
    let (scenario, plan) = fixtures();
    let baseline = Build::new().stage(HOUR).end_costing(48 * HOUR, 10_000.0);
    let reset = Action::ResetCredentials("it-admin".into());
    let team = Build::new().stopped(30 * MIN, reset).end_costing(48 * HOUR, 0.0);
    let evaluation = judge_against(&team, &baseline, &plan, &scenario);
    let containment = evaluation.ratings.iter().find(|r| r.capability == "containment").unwrap();
    assert_eq!(containment.rating, Letter::P, "{containment:?}");
    assert!(
        containment.evidence.iter().any(|e| matches!(&e.subject,
            Subject::Prevention { by: Action::ResetCredentials(a), .. } if a == "it-admin")),
        "{containment:?}"
    );
    // Without the stop, nothing shows the team contained anything: not observed.
    let lucky = Build::new().end_costing(48 * HOUR, 0.0);
    let evaluation = judge_against(&lucky, &baseline, &plan, &scenario);
    let containment = evaluation.ratings.iter().find(|r| r.capability == "containment").unwrap();
    assert_eq!(containment.rating, Letter::NotApplicable);
}

#[test]
fn a_deadline_that_fell_after_an_early_close_is_missed_not_pending() {
    let (scenario, plan) = fixtures();
    // Sev1 declared, then the drill closed at +1h; the incident ran on to +3d. Every deadline
    // that fell in between is missed: nobody was there to meet it.
    let timeline = Build::new()
        .stage(10 * MIN)
        .alert(20 * MIN)
        .decide(30 * MIN, "incident_commander", Action::ClassifySeverity(Severity::Sev1))
        .closed_early(HOUR, 72 * HOUR);
    let evaluation = judge(&timeline, &plan, &scenario);
    // The escalation to legal fell due at +1h30m, the isolation step at +1h20m.
    let legal = &evaluation.escalations[0].roles[0];
    assert_eq!((legal.role.as_str(), legal.status), ("legal", Status::Missed));
    let isolate = evaluation.steps.iter().find(|s| s.step == "isolate").unwrap();
    assert_eq!(isolate.status, Status::Missed, "{isolate:?}");
    assert!(evaluation.steps.iter().all(|s| s.status != Status::Pending), "{:?}", evaluation.steps);
}

#[test]
fn a_decision_before_any_signal_detects_nothing() {
    let (scenario, plan) = fixtures();
    let timeline = Build::new()
        .stage(10 * MIN)
        .decide(0, "incident_commander", Action::DeclareClosed)
        .alert(2 * HOUR)
        .end(48 * HOUR);
    let evaluation = judge(&timeline, &plan, &scenario);
    assert_eq!(metric(&evaluation, "detect"), (None, Status::NotReached));
    assert_eq!(metric(&evaluation, "acknowledge"), (None, Status::NotReached));
    assert_eq!(evaluation.run.first_detection, None);
}

#[test]
fn a_step_is_done_by_an_action_that_took_effect_and_paperwork_before_its_trigger_does_not_count() {
    let (scenario, plan) = fixtures();
    // The ransomware playbook starts with the alert at +1h. Evidence collected before it does not
    // do its triage step; an isolation still in force does its isolate step; an isolation
    // decided but never in effect does nothing.
    let isolate = Action::IsolateSegment("servers".into());
    let timeline = Build::new()
        .stage(10 * MIN)
        .decide(20 * MIN, "soc_analyst", Action::CollectEvidence("office".into()))
        .decide(30 * MIN, "it_operations", isolate.clone())
        .alert(HOUR)
        .end(48 * HOUR);
    let evaluation = judge(&timeline, &plan, &scenario);
    let step = |id: &str| evaluation.steps.iter().find(|s| s.step == id).unwrap().clone();
    assert_eq!(step("triage").status, Status::Missed, "{:?}", step("triage"));
    assert_eq!((step("isolate").status, step("isolate").done_at), (Status::Met, Some(30 * MIN)));
    let unfinished = Build::new()
        .stage(10 * MIN)
        .alert(HOUR)
        .decide_unfinished(HOUR + 10 * MIN, "it_operations", isolate)
        .end(48 * HOUR);
    let evaluation = judge(&unfinished, &plan, &scenario);
    let isolate = evaluation.steps.iter().find(|s| s.step == "isolate").unwrap();
    assert_eq!((isolate.status, isolate.done_at), (Status::Missed, None), "{isolate:?}");
}

#[test]
fn an_escalation_step_is_done_only_by_briefing_the_roles_it_names() {
    let (scenario, _) = fixtures();
    let text = std::fs::read_to_string("tests/fixtures/valid/minimal-plan.ron").unwrap().replace(
        r#"(id: "triage","#,
        r#"(id: "counsel", title: "Brief counsel", action: Escalate, to: ["legal"], owner: "incident_commander", within: "1h"),
            (id: "triage","#,
    );
    let plan: Plan = parse_ron(&SourceFile { name: "plan.ron".into(), text }).unwrap();
    let briefed = |to: &str| {
        let timeline = Build::new()
            .stage(10 * MIN)
            .alert(HOUR)
            .decide(HOUR + 15 * MIN, "incident_commander", Action::Escalate(to.into()))
            .end(48 * HOUR);
        let evaluation = judge(&timeline, &plan, &scenario);
        evaluation.steps.iter().find(|s| s.step == "counsel").unwrap().status
    };
    assert_eq!(briefed("executive"), Status::Missed, "briefing the executive is not briefing counsel");
    assert_eq!(briefed("legal"), Status::Met);
}

#[test]
fn an_inject_that_reveals_a_breach_starts_the_clocks_on_it() {
    let (_, plan) = fixtures();
    let text = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap().replace(
        r#"questions: ["What do you isolate first?"]),"#,
        r#"questions: ["What do you isolate first?"], reveals: [Breach([Pii])]),"#,
    );
    let scenario: Scenario = parse_ron(&SourceFile { name: "breach.ron".into(), text }).unwrap();
    let mut timeline = Build::new().stage(10 * MIN).delivered(2 * HOUR).0;
    timeline.push(48 * HOUR, true, EventKind::RunEnded { reason: EndReason::TimeUp, cost: Cost::default() });
    let evaluation = judge(&timeline, &plan, &scenario);
    let gdpr = evaluation.clocks.iter().find(|c| c.id == "gdpr-33").unwrap();
    assert_eq!((gdpr.started_at, gdpr.status), (Some(2 * HOUR), Status::Pending), "{gdpr:?}");
    // Not due when the drill ended: judged on whether the notification assessment started.
    let notification = |e: &Evaluation| e.ratings.iter().find(|r| r.capability == "notification").unwrap().clone();
    assert_eq!(notification(&evaluation).rating, Letter::U, "{:?}", notification(&evaluation));
    let end = timeline.events.pop().unwrap();
    timeline.push(
        3 * HOUR,
        true,
        EventKind::ActionTookEffect { decision: 99, action: Action::Escalate("legal".into()) },
    );
    timeline.events.push(end);
    let assessed = judge(&timeline, &plan, &scenario);
    assert_eq!(assessed.clocks[0].assessed_at, Some(3 * HOUR));
    assert_eq!(notification(&assessed).rating, Letter::P, "{:?}", notification(&assessed));
}

/// The minimal scenario with an exfiltration through `c2` and a scanner address beside it, and a
/// ransomware playbook whose containment steps each name what they must be aimed at.
fn targeted_steps() -> (Scenario, Plan) {
    let (mut scenario, mut plan) = fixtures();
    scenario.adversary.iocs.push(ttx::scenario::model::Ioc {
        id: "scanner".into(),
        kind: ttx::scenario::model::IocKind::IpAddress,
        value: "203.0.113.9".into(),
    });
    let spread = scenario.adversary.stages.iter_mut().find(|s| s.id == "spread").unwrap();
    spread.effects.push(Effect::Exfiltrate { store: "hr-share".into(), records_per_tick: 10, via: Some("c2".into()) });
    let steps = &mut plan.playbooks[0].steps;
    steps.iter_mut().find(|s| s.id == "isolate").unwrap().target = Some(StepTarget::AffectedHosts);
    let step = |id: &str, action, target, owner: &str| Step {
        id: id.into(),
        title: id.into(),
        action,
        owner: owner.into(),
        within: HumanDuration("1h".into()),
        after: vec![],
        notify: None,
        to: vec![],
        target: Some(target),
        jurisdictions: vec![],
    };
    steps.push(step("block", ActionKind::BlockIoc, StepTarget::ExfiltrationChannel, "soc_analyst"));
    steps.push(step("lock", ActionKind::DisableAccount, StepTarget::AdversaryAccount, "it_operations"));
    (scenario, plan)
}

fn step_status(evaluation: &Evaluation, id: &str) -> Status {
    evaluation.steps.iter().find(|s| s.step == id).unwrap_or_else(|| panic!("no step {id}")).status
}

#[test]
fn a_targeted_step_is_met_only_by_an_action_aimed_at_what_the_adversary_used() {
    let (scenario, plan) = targeted_steps();
    let wrong = Build::new()
        .stage(0)
        .held(0, "workstations")
        .alert(HOUR)
        .decide(HOUR + 5 * MIN, "it_operations", Action::IsolateSegment("servers".into()))
        .decide(HOUR + 5 * MIN, "soc_analyst", Action::BlockIoc("scanner".into()))
        .decide(HOUR + 5 * MIN, "it_operations", Action::DisableAccount("it-admin".into()))
        .end(10 * HOUR);
    let evaluation = judge(&wrong, &plan, &scenario);
    for id in ["isolate", "block", "lock"] {
        assert_eq!(step_status(&evaluation, id), Status::Missed, "{id}: aimed where the adversary was not");
    }

    let right = Build::new()
        .stage(0)
        .held(0, "file-servers")
        .obtained(0, "it-admin")
        .alert(HOUR)
        .decide(HOUR + 5 * MIN, "it_operations", Action::IsolateSegment("servers".into()))
        .decide(HOUR + 5 * MIN, "soc_analyst", Action::BlockIoc("c2".into()))
        .decide(HOUR + 5 * MIN, "it_operations", Action::DisableAccount("it-admin".into()))
        .end(10 * HOUR);
    let evaluation = judge(&right, &plan, &scenario);
    for id in ["isolate", "block", "lock"] {
        assert_eq!(step_status(&evaluation, id), Status::Met, "{id}: aimed at what the adversary used");
    }
}

#[test]
fn prevention_meets_a_targeted_step_an_unused_channel_still_counts_and_a_stopped_stage_does() {
    let (scenario, plan) = targeted_steps();
    // The account was never obtained because disabling it stopped the stage that would have; the
    // channel was blocked before any record left through it, and the block still holds.
    let timeline = Build::new()
        .decide(10 * MIN, "soc_analyst", Action::BlockIoc("c2".into()))
        .stage(20 * MIN)
        .decide(30 * MIN, "it_operations", Action::DisableAccount("it-admin".into()))
        .stopped(30 * MIN, Action::DisableAccount("it-admin".into()))
        .alert(HOUR)
        .end(10 * HOUR);
    let evaluation = judge(&timeline, &plan, &scenario);
    assert_eq!(step_status(&evaluation, "lock"), Status::Met, "kept the account from the adversary");
    assert_eq!(step_status(&evaluation, "block"), Status::Met, "the channel was shut before it was used");
}

#[test]
fn a_clock_binds_only_where_the_organisation_operates_and_in_its_sector() {
    let timeline =
        Build::new().alert(HOUR).decide(2 * HOUR, "executive", Action::DetermineMateriality(true)).end(10 * 24 * HOUR);
    let judged = |jurisdictions: Vec<Jurisdiction>, sectors: Vec<Sector>| {
        let (mut scenario, mut plan) = sec_plan(&[]);
        scenario.jurisdictions = jurisdictions;
        plan.clocks[0].sectors = sectors;
        let evaluation = judge(&timeline, &plan, &scenario);
        (evaluation.clocks.len(), evaluation.clocks_out_of_scope.len())
    };
    assert_eq!(judged(vec![Jurisdiction::Us], vec![]), (1, 0), "a US organisation files the 8-K");
    assert_eq!(judged(vec![Jurisdiction::Eu, Jurisdiction::Us], vec![]), (1, 0), "one of its places is enough");
    assert_eq!(judged(vec![], vec![]), (1, 0), "where it operates is not stated: every clock binds");
    assert_eq!(judged(vec![Jurisdiction::Eu], vec![]), (0, 1), "an EU-only organisation owes no 8-K");
    // The fixture's organisation is in sector Other.
    assert_eq!(judged(vec![Jurisdiction::Us], vec![Sector::Healthcare]), (0, 1), "HIPAA binds healthcare only");
    assert_eq!(judged(vec![Jurisdiction::Us], vec![Sector::Other]), (1, 0));
}

#[test]
fn with_no_compromise_there_is_nothing_to_contain_and_prevention_is_containment() {
    let (scenario, plan) = fixtures();
    // An action that stopped the first stage before it ever succeeded, nothing held.
    let prevented = Build::new()
        .decide(HOUR + 10 * MIN, "it_operations", Action::IsolateHosts("workstations".into()))
        .stopped(HOUR + 10 * MIN, Action::IsolateHosts("workstations".into()))
        .end(48 * HOUR);
    let baseline = Build::new().stage(HOUR).situation(HOUR, 5, 5, 1).end_costing(48 * HOUR, 90_000.0);
    let evaluation = judge_against(&prevented, &baseline, &plan, &scenario);
    for id in ["contain", "contain_from_compromise", "eradicate", "recover", "dwell"] {
        assert_eq!(metric(&evaluation, id), (None, Status::NotTriggered), "{id}: never compromised");
    }
    let containment = evaluation.ratings.iter().find(|r| r.capability == "containment").unwrap();
    assert_eq!(containment.rating, Letter::P, "{:?}", containment.evidence);
    // The same quiet run with no action: nothing stopped, so no prevention to credit.
    let idle = Build::new().end(48 * HOUR);
    let evaluation = judge_against(&idle, &baseline, &plan, &scenario);
    let containment = evaluation.ratings.iter().find(|r| r.capability == "containment").unwrap();
    assert_eq!(containment.rating, Letter::NotApplicable);
}

#[test]
fn a_significant_incident_starts_the_nis2_clock_whether_or_not_the_team_declares_it() {
    let (scenario, mut plan) = fixtures();
    plan.clocks = vec![NotificationClock {
        id: "nis2-early-warning".into(),
        regulation: "NIS2 Art. 23 early warning".into(),
        notify: Party::Csirt,
        starts: Cue::SeverityWarranted(Severity::Sev1),
        deadline: Deadline::After(HumanDuration("24h".into())),
        jurisdictions: vec![],
        sectors: vec![],
    }];
    let down = |t: Build, at: u64| {
        let mut t = t;
        t.0.push(at, true, EventKind::ServiceDown { service: "files".into() });
        t
    };
    // The fixture's file service is not critical: make it so, and its outage meets Sev1.
    let mut scenario = scenario;
    scenario.environment.services[0].critical = true;
    let never_declared = down(Build::new().stage(0), 2 * HOUR).end(3 * 24 * HOUR);
    let clock = &judge(&never_declared, &plan, &scenario).clocks[0];
    assert_eq!((clock.started_at, clock.status), (Some(2 * HOUR), Status::Missed), "never declaring avoids nothing");
    let declared_sev3 = down(Build::new().stage(0), 2 * HOUR)
        .decide(2 * HOUR, "incident_commander", Action::ClassifySeverity(Severity::Sev3))
        .decide(5 * HOUR, "legal", Action::Notify(Party::Csirt))
        .end(3 * 24 * HOUR);
    let clock = &judge(&declared_sev3, &plan, &scenario).clocks[0];
    assert_eq!((clock.started_at, clock.status), (Some(2 * HOUR), Status::Met));
}

/// The minimal scenario with inject `i02` expecting IT operations to isolate the servers within
/// an hour, and counsel to be briefed within two.
fn expecting() -> (Scenario, Plan) {
    let (_, plan) = fixtures();
    let text = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap().replace(
        r#"questions: ["What do you isolate first?"]),"#,
        r#"questions: ["What do you isolate first?"],
         expects: [(action: IsolateSegment, target: "servers", role: "it_operations", within: "1h"),
                   (action: Escalate, to: ["legal"], within: "2h")]),"#,
    );
    (parse_ron(&SourceFile { name: "expecting.ron".into(), text }).unwrap(), plan)
}

/// The isolation expectation's status, when and by whom it was done, on a timeline where `i02`
/// was delivered at 2h (or not at all) and `act` added the team's actions.
fn isolation(deliver: bool, act: impl FnOnce(Build) -> Build) -> (Status, Option<u64>, Option<u64>) {
    let (scenario, plan) = expecting();
    let build = act(Build::new().stage(10 * MIN).alert(HOUR));
    let build = if deliver { build.delivered(2 * HOUR) } else { build };
    let evaluation = judge(&build.end(48 * HOUR), &plan, &scenario);
    let e = &evaluation.expectations[0];
    (e.status, e.done_at, e.late_by)
}

#[test]
fn an_expectation_is_met_by_its_action_on_its_target_by_its_role_within_its_time() {
    let servers = || Action::IsolateSegment("servers".into());
    let at = |t: u64| move |b: Build| b.decide(t, "it_operations", servers());
    assert_eq!(isolation(true, at(2 * HOUR + 30 * MIN)), (Status::Met, Some(2 * HOUR + 30 * MIN), None));
    assert_eq!(isolation(true, at(3 * HOUR + 30 * MIN)), (Status::Late, Some(3 * HOUR + 30 * MIN), Some(30 * MIN)));
    assert_eq!(isolation(true, |b| b), (Status::Missed, None, Some(45 * HOUR)));
    let office = |b: Build| b.decide(2 * HOUR + 10 * MIN, "it_operations", Action::IsolateSegment("office".into()));
    assert_eq!(isolation(true, office).0, Status::Missed, "another segment is not the one expected");
    let soc = |b: Build| b.decide(2 * HOUR + 10 * MIN, "soc_analyst", servers());
    assert_eq!(isolation(true, soc).0, Status::Missed, "another role's action does not count");
    let rejected = |b: Build| b.rejected(2 * HOUR + 10 * MIN, "it_operations", servers());
    assert_eq!(isolation(true, rejected).0, Status::Missed, "a rejected decision is no evidence");
    let unfinished = |b: Build| b.decide_unfinished(2 * HOUR + 10 * MIN, "it_operations", servers());
    assert_eq!(isolation(true, unfinished).0, Status::Missed, "an action that never took effect is no evidence");
}

#[test]
fn what_was_done_before_delivery_counts_only_while_it_still_holds() {
    let servers = || Action::IsolateSegment("servers".into());
    let held = |b: Build| b.decide(HOUR + 30 * MIN, "it_operations", servers());
    assert_eq!(isolation(true, held), (Status::Met, Some(HOUR + 30 * MIN), None));
    let lifted = |b: Build| {
        b.decide(HOUR + 30 * MIN, "it_operations", servers()).decide(
            HOUR + 45 * MIN,
            "it_operations",
            Action::LiftIsolation("servers".into()),
        )
    };
    assert_eq!(isolation(true, lifted).0, Status::Missed);
    // A briefing is paperwork: one before the inject asked for it does not count.
    let (scenario, plan) = expecting();
    let briefed = |at: u64| {
        let timeline = Build::new()
            .stage(10 * MIN)
            .decide(at, "incident_commander", Action::Escalate("legal".into()))
            .delivered(2 * HOUR)
            .end(48 * HOUR);
        judge(&timeline, &plan, &scenario).expectations[1].status
    };
    assert_eq!(briefed(HOUR), Status::Missed);
    assert_eq!(briefed(2 * HOUR + 20 * MIN), Status::Met);
}

#[test]
fn an_inject_never_delivered_leaves_its_expectations_unjudged_and_the_score_untouched() {
    let servers = |b: Build| b.decide(HOUR + 30 * MIN, "soc_analyst", Action::IsolateSegment("servers".into()));
    assert_eq!(isolation(false, servers), (Status::NotTriggered, None, None));
    let (expecting, plan) = expecting();
    let (plain, _) = fixtures();
    let timeline = Build::new().stage(10 * MIN).alert(HOUR).end(48 * HOUR);
    let (with, without) = (judge(&timeline, &plan, &expecting), judge(&timeline, &plan, &plain));
    assert_eq!((with.score.clone(), with.ratings.clone()), (without.score, without.ratings));
    assert!(with.expectations.iter().all(
        |e| e.status == Status::NotTriggered && ttx::wording::expectation_verdict(e, 48 * HOUR) == "not delivered"
    ));
}

#[test]
fn expectations_are_evidence_for_the_capability_of_their_action() {
    let (scenario, plan) = expecting();
    let containment = |act: fn(Build) -> Build| {
        let timeline = act(Build::new().stage(10 * MIN).alert(HOUR).delivered(2 * HOUR)).end(48 * HOUR);
        let evaluation = judge(&timeline, &plan, &scenario);
        evaluation.ratings.iter().find(|r| r.capability == "containment").unwrap().clone()
    };
    let met = containment(|b| b.decide(2 * HOUR + 10 * MIN, "it_operations", Action::IsolateSegment("servers".into())));
    let missed = containment(|b| b);
    assert!(met.evidence.iter().any(|e| matches!(&e.subject, Subject::Expectation { inject, .. } if inject == "i02")
        && e.verdict == Verdict::OnTime));
    assert!(
        missed.evidence.iter().any(|e| matches!(&e.subject, Subject::Expectation { inject, .. } if inject == "i02")
            && e.verdict == Verdict::Missed),
        "{missed:?}"
    );
    assert!(met.rating < missed.rating, "{met:?} against {missed:?}");
}

#[test]
fn nothing_is_detected_before_the_compromise_and_a_custom_note_is_no_response() {
    let (scenario, plan) = fixtures();
    // A report at 1h handled with a ticket and an investigation before the compromise at 3h; the
    // team's next real decision after the compromise comes at 6h.
    let mut timeline = Build::new();
    timeline.0.push(
        HOUR,
        true,
        EventKind::InjectDelivered {
            inject: "i01".into(),
            title: "Odd invoice".into(),
            from: "Reception".into(),
            to: vec![],
            channel: ttx::scenario::model::Channel::Email,
            text: String::new(),
            by_hand: false,
        },
    );
    let timeline = timeline
        .decide(HOUR + 5 * MIN, "soc_analyst", Action::Custom("log a helpdesk ticket".into()))
        .decide(2 * HOUR, "soc_analyst", Action::CollectEvidence("office".into()))
        .stage(3 * HOUR)
        .decide(4 * HOUR, "soc_analyst", Action::Custom("update the ticket".into()))
        .decide(6 * HOUR, "it_operations", Action::IsolateHosts("workstations".into()))
        .end(10 * HOUR);
    let mut scenario = scenario;
    // The invoice shows the attack's domain: a signal, though it reports no incident.
    scenario.injects[0].reveals = vec![ttx::scenario::model::Reveal::Indicator("c2".into())];
    let evaluation = judge(&timeline, &plan, &scenario);
    assert_eq!(metric(&evaluation, "acknowledge").0, Some(HOUR), "the investigation, not the ticket, at 2h");
    assert_eq!(metric(&evaluation, "detect").0, Some(3 * HOUR), "the first real decision after the compromise");
    assert_eq!(evaluation.run.first_detection, Some(6 * HOUR));
}

#[test]
fn a_legitimate_stage_is_not_a_compromise() {
    let (mut scenario, plan) = fixtures();
    scenario.adversary.stages[0].legitimate = true;
    let timeline = Build::new().stage(0).alert(HOUR).end(10 * HOUR);
    let evaluation = judge(&timeline, &plan, &scenario);
    assert_eq!(evaluation.run.first_compromise, None, "the insider's own login starts no clock");
    assert_eq!(metric(&evaluation, "detect"), (None, Status::NotTriggered));
}

#[test]
fn the_improvement_plan_joins_what_asked_for_one_act_and_ranks_by_the_harm_while_overdue() {
    let (scenario, mut plan) = fixtures();
    plan.playbooks[0].steps.push(Step {
        id: "notify".into(),
        title: "Notify the authority".into(),
        action: ActionKind::Notify,
        owner: "legal".into(),
        within: HumanDuration("1h".into()),
        after: vec![],
        notify: Some(Party::SupervisoryAuthority),
        to: vec![],
        target: None,
        jurisdictions: vec![Jurisdiction::Eu],
    });
    plan.clocks[0].deadline = Deadline::After(HumanDuration("2h".into()));
    // The encryption alert at 1h starts the playbook and (a presumed breach of the HR share's
    // personal data) the GDPR clock; the notice goes out late, at 6h; records leave at 4h.
    let mut timeline = Build::new().stage(0).situation(0, 5, 5, 0).alert(HOUR);
    timeline.0.push(
        4 * HOUR,
        false,
        EventKind::RecordsExfiltrated {
            store: "hr-share".into(),
            records: 500,
            classes: vec![ttx::scenario::model::DataClass::Pii],
        },
    );
    let timeline = timeline.decide(6 * HOUR, "legal", Action::Notify(Party::SupervisoryAuthority)).end(10 * HOUR);
    let mut us = scenario.clone();
    us.jurisdictions = vec![Jurisdiction::Us];
    let american = judge(&timeline, &plan, &us);
    assert!(!american.steps.iter().any(|s| s.step == "notify"), "a US organisation owes no GDPR notice step");
    let mut scenario = scenario;
    scenario.jurisdictions = vec![Jurisdiction::Eu];
    let evaluation = judge(&timeline, &plan, &scenario);
    let notice: Vec<_> = evaluation
        .improvements
        .iter()
        .filter(|i| i.evidence.iter().any(|e| matches!(&e.subject, Subject::Clock { .. })))
        .collect();
    assert_eq!(notice.len(), 1, "{:#?}", evaluation.improvements);
    let notice = notice[0];
    assert!(
        notice.evidence.iter().any(|e| matches!(&e.subject, Subject::Step { step, .. } if step == "notify")),
        "the step and the clock asking for the same notice are one improvement: {notice:?}"
    );
    assert_eq!(notice.priority, Priority::High, "a legal deadline met late is exposure");
    // The missed isolation was overdue while all the records left: high, with its harm.
    let isolate = evaluation
        .improvements
        .iter()
        .find(|i| i.evidence.iter().any(|e| matches!(&e.subject, Subject::Step { step, .. } if step == "isolate")))
        .unwrap();
    assert_eq!((isolate.priority, isolate.harm_while_due.records), (Priority::High, 500));
    assert_eq!((isolate.cause, isolate.element), (Cause::NotDone, Element::Plan));
    // Evidence is data: the detection, 6h after the compromise against a 1h target, late by 5h.
    let json = serde_json::to_value(&evaluation).unwrap();
    let detect = &json["ratings"][0]["evidence"][0];
    assert_eq!((&detect["subject"]["kind"], &detect["subject"]["metric"]), (&"metric".into(), &"detect".into()));
    assert_eq!((&detect["verdict"], &detect["by"]), (&"late".into(), &(5 * HOUR).into()));
}
