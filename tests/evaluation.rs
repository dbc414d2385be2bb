//! Evaluation on hand-built timelines: each metric's end points, "not reached" (never zero),
//! ties, plan steps, escalations, notification clocks counted in business days; the outcome
//! against the baseline, and the score rules that keep it from being gamed.

use ttx::action::{Action, Party, Severity};
use ttx::compile::compile;
use ttx::cost::Cost;
use ttx::cue::Cue;
use ttx::evaluate::model::{Letter, Status};
use ttx::evaluate::{Evaluation, Inputs, evaluate};
use ttx::plan::model::{Deadline, NotificationClock, Plan};
use ttx::scenario::model::{AlertSeverity, Scenario};
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
    evaluate(Inputs { compiled: &compiled, timeline, baseline, notes: vec![], answers: vec![] })
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
    // Sev1 declared at 1h: legal and the incident commander must know within 1h.
    let timeline = Build::new()
        .stage(0)
        .alert(30 * MIN)
        .decide(HOUR, "incident_commander", Action::ClassifySeverity(Severity::Sev1))
        .decide(3 * HOUR, "incident_commander", Action::Escalate("legal".into()))
        .end(10 * HOUR);
    let evaluation = judge(&timeline, &plan, &scenario);
    let rule = evaluation.escalations.iter().find(|e| e.id == "sev1-legal").unwrap();
    assert_eq!(rule.triggered_at, Some(HOUR));
    let legal = rule.roles.iter().find(|r| r.role == "legal").unwrap();
    assert_eq!((legal.status, legal.late_by), (Status::Late, Some(HOUR)));
    let commander = rule.roles.iter().find(|r| r.role == "incident_commander").unwrap();
    assert_eq!(commander.status, Status::Met, "the commander declared the severity, so knew");
    assert_eq!(rule.status, Status::Late);
    assert!(evaluation.improvements.iter().any(|i| i.observation.contains("sev1-legal to legal")));
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
        containment.evidence.iter().any(|e| e.contains("stopped by reset-credentials it-admin")),
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
    let mut timeline = Build::new().stage(10 * MIN).0;
    let delivered = EventKind::InjectDelivered {
        inject: "i02".into(),
        title: "Files will not open".into(),
        from: "Finance".into(),
        to: vec![],
        channel: ttx::scenario::model::Channel::Phone,
        text: String::new(),
    };
    timeline.push(2 * HOUR, true, delivered);
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
