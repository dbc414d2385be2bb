//! The after-action report and improvement plan as a document: summary, scenario, key events,
//! metrics, plan adherence and inject expectations, clocks, ratings, score, improvement plan,
//! discussion, decision log.

use super::charts::Chart;
use super::document::Document;
use crate::calendar::DateTime;
use crate::duration::format_seconds;
use crate::evaluate::Evaluation;
use crate::evaluate::model::{ClockOutOfScope, Letter, RemarkKind, Status};
use crate::scenario::model::{Jurisdiction, Scenario};
use crate::timeline::{EndReason, EventKind, Timeline};
use crate::wording::{finding, jurisdiction, plural, sector};

/// Sim time as `+1h30m (Fri 2026-03-13 03:40)`.
struct Clock(Option<DateTime>);

impl Clock {
    fn at(&self, seconds: u64) -> String {
        match self.0 {
            Some(start) => format!("+{} ({})", format_seconds(seconds), start.plus_seconds(seconds)),
            None => format!("+{}", format_seconds(seconds)),
        }
    }

    fn maybe(&self, seconds: Option<u64>) -> String {
        seconds.map_or("—".into(), |s| self.at(s))
    }
}

fn span(seconds: Option<u64>) -> String {
    seconds.map_or("—".into(), format_seconds)
}

fn status(status: Status) -> &'static str {
    match status {
        Status::Met => "met",
        Status::Late => "late",
        Status::Missed => "missed",
        Status::Pending => "not yet due",
        Status::NotTriggered => "not triggered",
        Status::NoTarget => "no target",
        Status::NotReached => "not reached",
    }
}

fn letter(letter: Letter) -> &'static str {
    match letter {
        Letter::P => "P — performed without challenges",
        Letter::S => "S — performed with some challenges",
        Letter::M => "M — performed with major challenges",
        Letter::U => "U — unable to be performed",
        Letter::NotApplicable => "N/A — not observed",
    }
}

fn action(action: &crate::action::Action) -> String {
    crate::action::words(action)
}

/// An amount in whole units with thousands separators. Validation bounds every amount, so the
/// total is finite; it is printed from the float itself, exactly, however large.
fn money(amount: f64, currency: &str) -> String {
    let whole = if amount.is_finite() { amount.round() } else { 0.0 };
    format!("{}{} {currency}", if whole < 0.0 { "-" } else { "" }, grouped(&format!("{:.0}", whole.abs())))
}

/// A count with thousands separators.
fn count(n: u64) -> String {
    grouped(&n.to_string())
}

/// Digits with a comma every three from the right.
fn grouped(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Builds the report.
pub fn document(scenario: &Scenario, evaluation: &Evaluation, timeline: &Timeline, charts: &[Chart]) -> Document {
    let clock = Clock(DateTime::parse(&evaluation.run.start).ok());
    let mut doc = Document { title: format!("After-action report: {}", scenario.title), blocks: Vec::new() };
    outcome(&mut doc, evaluation);
    summary(&mut doc, scenario, evaluation, &clock);
    key_events(&mut doc, evaluation, timeline, &clock);
    chart(&mut doc, charts, "incident-curve");
    chart(&mut doc, charts, "response-timeline");
    metrics(&mut doc, evaluation);
    chart(&mut doc, charts, "metrics");
    impact(&mut doc, evaluation);
    adherence(&mut doc, evaluation, &clock);
    clocks(&mut doc, evaluation, &clock);
    chart(&mut doc, charts, "clocks");
    ratings(&mut doc, evaluation);
    improvements(&mut doc, evaluation);
    discussion(&mut doc, scenario, evaluation, timeline, &clock);
    decision_log(&mut doc, timeline, &clock);
    doc
}

fn chart(doc: &mut Document, charts: &[Chart], name: &str) {
    if let Some(c) = charts.iter().find(|c| c.name == name) {
        doc.blocks.push(super::document::Block::Chart {
            name: c.name.into(),
            caption: c.caption.clone(),
            svg: c.svg.clone(),
        });
    } else {
        doc.paragraph(super::charts::instead(name));
    }
}

/// What the response saved against doing nothing: the first thing a CISO asks.
fn outcome(doc: &mut Document, evaluation: &Evaluation) {
    let (o, currency) = (&evaluation.outcome, &evaluation.run.currency);
    doc.heading(2, "Outcome: what the response saved");
    doc.paragraph(format!(
        "Against the same scenario, plan and seed with no response at all, the response averted {:.1} % of the \
         harm ({}), rated {} (P at 90 % averted or more, S at 60 %, M at 30 %, U below).",
        o.averted * 100.0,
        money((o.baseline.cost - o.team.cost).max(0.0), currency),
        letter(o.rating)
    ));
    let hours = |s: u64| format_seconds(s);
    let rows = vec![
        vec!["Records exfiltrated".into(), count(o.baseline.records), count(o.team.records)],
        vec!["Hosts encrypted (peak)".into(), count(o.baseline.hosts_encrypted), count(o.team.hosts_encrypted)],
        vec![
            "Critical-service downtime (added over services)".into(),
            hours(o.baseline.critical_downtime),
            hours(o.team.critical_downtime),
        ],
        vec![
            "Money stolen and not recovered".into(),
            money(o.baseline.funds_lost, currency),
            money(o.team.funds_lost, currency),
        ],
        vec![
            "Damage in money".into(),
            money(o.baseline.cost - o.baseline.cleanup_owed, currency),
            money(o.team.cost - o.team.cleanup_owed, currency),
        ],
        vec![
            "Clean-up owed for hosts still held".into(),
            money(o.baseline.cleanup_owed, currency),
            money(o.team.cleanup_owed, currency),
        ],
        vec!["Harm in money".into(), money(o.baseline.cost, currency), money(o.team.cost, currency)],
    ];
    doc.table(&["measure", "no response", "this response"], rows);
    doc.paragraph(
        "Harm in money is the damage (records, hosts held and encrypted, downtime, money lost) plus the \
         clean-up owed for hosts still held at the end. It leaves out what the response spent (its hours, a \
         forensics fee, notifying data subjects), which the estimated cost in the summary includes: the two \
         differ by that spend and by the clean-up owed.",
    );
}

fn summary(doc: &mut Document, scenario: &Scenario, evaluation: &Evaluation, clock: &Clock) {
    let run = &evaluation.run;
    doc.heading(2, "Summary");
    let ended = run.end_reason.unwrap_or(EndReason::TimeUp).text();
    doc.paragraph(format!(
        "Scenario {} ({}) against the plan {} ({}), seed {}. The drill started {} and ended at {}: {ended}.",
        run.scenario,
        run.scenario_title,
        run.plan,
        run.plan_title,
        run.seed,
        run.start,
        clock.at(run.ended_at)
    ));
    if let Some(held) = &run.held {
        doc.paragraph(format!(
            "Held in the room from {} to {} ({} of real time, from the start to the last input in its journal).",
            room_time(&held.started),
            room_time(&held.last_input),
            format_seconds(held.seconds)
        ));
    }
    if let Some(after) = &run.ran_on {
        let impact = &evaluation.impact;
        let held = match (run.first_compromise, after.held_at_drill_end) {
            (None, _) => "The adversary had not got in when the drill ended.".to_string(),
            (Some(first), _) if first > run.ended_at => "The adversary had not got in yet when the drill ended.".into(),
            (_, 0) => "When the drill ended the adversary held no host.".into(),
            (_, n) => format!(
                "When the drill ended the adversary still held {} ({} encrypted).",
                plural(n, "host"),
                after.encrypted_at_drill_end
            ),
        };
        doc.paragraph(format!(
            "Ending the drill did not end the incident. It ran on, hidden, with no one acting, until {}: {}. \
             {held} What the early end cost: {} more exfiltrated and {} more in cost. The figures below are \
             for the whole incident.",
            clock.at(after.ended_at),
            after.reason.text(),
            plural(impact.records_total.saturating_sub(after.records_at_drill_end), "record"),
            money((impact.cost - after.cost_at_drill_end).max(0.0), &run.currency),
        ));
    }
    doc.paragraph(format!(
        "Readiness score: {}. Peak hosts compromised {}, encrypted {}; {} records exfiltrated; estimated cost {}{}.",
        evaluation.score.text(),
        count(evaluation.impact.peak_compromised),
        count(evaluation.impact.peak_encrypted),
        count(evaluation.impact.records_total),
        money(evaluation.impact.cost, &run.currency),
        if evaluation.impact.funds_lost > 0.0 {
            format!(", of which {} stolen and not recovered", money(evaluation.impact.funds_lost, &run.currency))
        } else {
            String::new()
        },
    ));
    doc.list(evaluation.ratings.iter().map(|r| format!("{}: {}", r.name, letter(r.rating))).collect());
    let strengths: Vec<String> =
        evaluation.ratings.iter().filter(|r| r.rating == Letter::P).map(|r| r.name.clone()).collect();
    if !strengths.is_empty() {
        doc.paragraph(format!("Strengths: {}.", strengths.join(", ")));
    }
    doc.heading(2, "Scenario");
    doc.paragraph(scenario.summary.clone());
    doc.paragraph(format!("Adversary: {}. Techniques: {}.", scenario.adversary.name, techniques(scenario).join(", ")));
}

fn key_events(doc: &mut Document, evaluation: &Evaluation, timeline: &Timeline, clock: &Clock) {
    doc.heading(2, "Timeline of key events");
    doc.paragraph("Rows marked \"truth\" were hidden from the players during the drill.");
    let mut rows: Vec<(u64, u64, Vec<String>)> = Vec::new();
    for event in &timeline.events {
        let what = match &event.kind {
            EventKind::StageSucceeded { stage, technique } => {
                format!("Adversary: stage {stage} succeeded ({technique})")
            }
            EventKind::StageStopped { stage, by } => format!("Adversary: stage {stage} stopped by {}", action(by)),
            EventKind::AlertRaised { title, severity, .. } => format!("Alert ({severity:?}): {title}"),
            EventKind::InjectDelivered { inject, title, from, .. } => format!("Inject {inject} from {from}: {title}"),
            EventKind::DecisionTaken { role, action: a, .. } => format!("Decision by {role}: {}", action(a)),
            EventKind::DecisionRejected { role, action: a, reason } => {
                format!("Decision by {role} rejected: {} — {reason}", action(a))
            }
            EventKind::ActionFailed { action: a, reason, .. } => format!("Action failed: {} — {reason}", action(a)),
            EventKind::BackupDestroyed { backup } => format!("Backup {backup} destroyed"),
            EventKind::ServiceDown { service } => format!("Service {service} down"),
            EventKind::ServiceRestored { service } => format!("Service {service} restored"),
            EventKind::ServiceDegraded { service, fraction } => {
                format!("Service {service} degraded: {:.0} % of its capacity lost", fraction * 100.0)
            }
            EventKind::ServiceDegradationEnded { service } => format!("Service {service} no longer degraded"),
            EventKind::FundsStolen { amount, recall_by, .. } => format!(
                "Adversary: {} stolen (recallable until {})",
                money(*amount, &evaluation.run.currency),
                clock.at(*recall_by)
            ),
            EventKind::FundsRecovered { amount, .. } => {
                format!("Funds recovered by recall: {}", money(*amount, &evaluation.run.currency))
            }
            EventKind::RunEnded { reason, .. } => format!("Drill ended: {}", reason.text()),
            EventKind::Finding { segment, hosts, indicators, accounts, vulnerabilities, .. } => {
                format!("Investigation of {segment}: {}", finding(hosts, indicators, accounts, vulnerabilities))
            }
            EventKind::EvidenceLost { segment, hosts, .. } => format!(
                "Evidence lost: the restore wiped {} in {segment} before any investigation there",
                plural(u64::from(*hosts), "held host")
            ),
            EventKind::IncidentEnded { reason, .. } => {
                format!("Incident ended, after running on with no one acting: {}", reason.text())
            }
            _ => continue,
        };
        let seen = if event.visible { "players" } else { "truth" };
        rows.push((event.time, event.seq, vec![clock.at(event.time), seen.into(), what]));
    }
    for note in &evaluation.notes {
        let when = both_times(clock, note.at, &note.wall);
        rows.push((note.at, u64::MAX, vec![when, "facilitator".into(), format!("Note: {}", note.text)]));
    }
    rows.sort_by_key(|(t, seq, _)| (*t, *seq));
    doc.table(&["when", "seen by", "what"], rows.into_iter().map(|(_, _, r)| r).collect());
}

fn metrics(doc: &mut Document, evaluation: &Evaluation) {
    doc.heading(2, "Metrics against targets");
    let rows = evaluation
        .metrics
        .iter()
        .map(|m| vec![m.name.clone(), span(m.value), span(m.target), status(m.status).into(), m.formula.clone()])
        .collect();
    doc.table(&["metric", "measured", "target", "status", "measured as"], rows);
    doc.paragraph(
        "Reference points: IBM Cost of a Data Breach 2025 puts the mean time to identify and contain a breach at \
         241 days; Mandiant M-Trends 2025 puts the global median time from compromise to detection at 11 days \
         (6 days with ransomware).",
    );
}

fn impact(doc: &mut Document, evaluation: &Evaluation) {
    let impact = &evaluation.impact;
    doc.heading(2, "Impact");
    let mut rows = vec![
        vec![
            "Hosts compromised (peak / at the end)".into(),
            format!("{} / {}", count(impact.peak_compromised), count(impact.final_compromised)),
        ],
        vec![
            "Hosts encrypted (peak / at the end)".into(),
            format!("{} / {}", count(impact.peak_encrypted), count(impact.final_encrypted)),
        ],
        vec!["Hosts isolated (peak)".into(), count(impact.peak_isolated)],
        vec!["Hosts restored from backup".into(), count(impact.restored)],
        vec!["Records exfiltrated".into(), count(impact.records_total)],
    ];
    rows.extend(impact.records.iter().map(|(class, n)| vec![format!("Records exfiltrated: {class:?}"), count(*n)]));
    rows.extend(impact.downtime.iter().filter(|d| d.seconds > 0 || d.down_at_end).map(|d| {
        let critical = if d.critical { ", critical" } else { "" };
        let still = if d.down_at_end { " (still down at the end)" } else { "" };
        vec![format!("Downtime: {} ({}{critical})", d.name, d.service), format!("{}{still}", format_seconds(d.seconds))]
    }));
    rows.extend(
        impact
            .downtime
            .iter()
            .filter(|d| d.degraded_seconds > 0)
            .map(|d| vec![format!("Degraded running: {} ({})", d.name, d.service), format_seconds(d.degraded_seconds)]),
    );
    let currency = &evaluation.run.currency;
    if impact.funds_lost != 0.0 || impact.funds_recovered != 0.0 {
        rows.push(vec!["Funds stolen, not recovered".into(), money(impact.funds_lost, currency)]);
        rows.push(vec!["Funds recovered by recall".into(), money(impact.funds_recovered, currency)]);
    }
    rows.push(vec!["Estimated cost".into(), money(impact.cost, currency)]);
    let part = &impact.cost_breakdown;
    let parts = [
        ("hosts held and encrypted", part.hosts),
        ("records exfiltrated", part.records),
        ("downtime and degraded running", part.downtime),
        ("money stolen, not recovered", part.funds_lost),
        ("forensics fee", part.forensics),
        ("notifying data subjects", part.notification),
        ("hours of the engaged roles", part.response),
    ];
    rows.extend(
        parts
            .iter()
            .filter(|(_, amount)| *amount != 0.0)
            .map(|(name, amount)| vec![format!("Cost: {name}"), money(*amount, currency)]),
    );
    doc.table(&["measure", "value"], rows);
    let check = &evaluation.severity;
    let warranted = check.warranted.map_or("no level".into(), |s| format!("{s:?}"));
    let declared = check.declared.map_or("never declared a severity".into(), |s| format!("declared {s:?}"));
    doc.paragraph(format!(
        "Severity: by the plan's matrix the facts warranted {warranted}{}; the team {declared}.",
        check.because.as_ref().map_or(String::new(), |b| format!(" ({b})"))
    ));
}

fn adherence(doc: &mut Document, evaluation: &Evaluation, clock: &Clock) {
    doc.heading(2, "Plan adherence");
    let triggered: Vec<_> = evaluation.steps.iter().filter(|s| s.status != Status::NotTriggered).collect();
    let rows: Vec<Vec<String>> = triggered
        .iter()
        .map(|s| {
            let by = match &s.done_by {
                Some(role) if role != &s.owner => format!("{role} (plan: {})", s.owner),
                Some(role) => role.clone(),
                None => format!("— (plan: {})", s.owner),
            };
            let late = s.late_by.map_or(String::new(), |l| format!(" by {}", format_seconds(l)));
            vec![
                format!("{} / {}", s.playbook, s.step),
                s.title.clone(),
                clock.maybe(s.due),
                clock.maybe(s.done_at),
                by,
                format!("{}{late}", status(s.status)),
            ]
        })
        .collect();
    if rows.is_empty() {
        doc.paragraph("No playbook started during the drill, so no plan step fell due.");
    } else {
        doc.table(&["playbook / step", "task", "due", "done", "by", "status"], rows);
    }
    let idle: Vec<String> =
        evaluation.steps.iter().filter(|s| s.status == Status::NotTriggered).map(|s| s.playbook.clone()).fold(
            Vec::new(),
            |mut acc, p| {
                if !acc.contains(&p) {
                    acc.push(p);
                }
                acc
            },
        );
    if !idle.is_empty() {
        doc.paragraph(format!("Playbooks not triggered in this drill: {}.", idle.join(", ")));
    }
    doc.heading(3, "Escalation rules");
    let rows = evaluation
        .escalations
        .iter()
        .flat_map(|rule| {
            rule.roles.iter().map(move |r| {
                let late = r.late_by.map_or(String::new(), |l| format!(" by {}", format_seconds(l)));
                vec![
                    format!("{} ({:?})", rule.id, rule.severity),
                    r.role.clone(),
                    clock.maybe(rule.due),
                    clock.maybe(r.done_at),
                    format!("{}{late}", status(r.status)),
                ]
            })
        })
        .collect();
    doc.table(&["rule", "role", "due", "escalated", "status"], rows);
    expectations(doc, evaluation, clock);
}

/// Each inject's expected actions: delivered when, due when, and the verdict with its evidence.
fn expectations(doc: &mut Document, evaluation: &Evaluation, clock: &Clock) {
    if evaluation.expectations.is_empty() {
        return;
    }
    doc.heading(3, "Inject expectations");
    let rows = evaluation
        .expectations
        .iter()
        .map(|e| {
            let verdict = crate::wording::expectation_verdict(e, evaluation.run.ended_at);
            vec![e.inject.clone(), e.expected.clone(), clock.maybe(e.delivered_at), clock.maybe(e.due), verdict]
        })
        .collect();
    doc.table(&["inject", "expected", "delivered", "due", "verdict"], rows);
    doc.paragraph(
        "An expectation is met by an action of its kind, on its target, by its role (or the role covering it), \
         that took effect within its time of the inject's delivery, or took effect before and still held then. \
         Expectations of injects never delivered are not judged.",
    );
}

fn clocks(doc: &mut Document, evaluation: &Evaluation, clock: &Clock) {
    doc.heading(2, "Notification clocks");
    let rows = evaluation
        .clocks
        .iter()
        .map(|c| {
            let margin = match (c.status, c.margin) {
                (Status::Met, Some(m)) => format!("met, {} to spare", format_seconds(m)),
                (Status::Late, Some(m)) => format!("late by {}", format_seconds(m)),
                (Status::Missed, Some(m)) => format!("missed, {} overdue at the end", format_seconds(m)),
                (s, _) => status(s).into(),
            };
            vec![
                c.regulation.clone(),
                crate::wording::party(c.notify).into(),
                clock.maybe(c.started_at),
                c.deadline_local.clone().unwrap_or("—".into()),
                clock.maybe(c.notified_at),
                margin,
            ]
        })
        .collect();
    doc.table(&["rule", "notify", "started", "deadline", "notified", "result"], rows);
    doc.paragraph(
        "Hours run around the clock; business days skip weekends and the plan's holidays, and end at midnight.",
    );
    if !evaluation.clocks_out_of_scope.is_empty() {
        doc.paragraph(out_of_scope(evaluation));
    }
}

/// One sentence on the plan's clocks that do not bind the organisation, each with why: where
/// it applies when the organisation does not operate there, else the sectors it applies to.
fn out_of_scope(evaluation: &Evaluation) -> String {
    let run = &evaluation.run;
    let places = |list: &[Jurisdiction]| list.iter().map(|j| jurisdiction(*j)).collect::<Vec<_>>();
    let scope = |c: &ClockOutOfScope| {
        let elsewhere = !c.jurisdictions.iter().any(|j| run.jurisdictions.contains(j));
        if elsewhere && !c.jurisdictions.is_empty() {
            format!("{} (applies in {})", c.regulation, places(&c.jurisdictions).join(", "))
        } else {
            let sectors: Vec<_> = c.sectors.iter().map(|s| sector(*s)).collect();
            format!("{} (applies to {})", c.regulation, sectors.join(", "))
        }
    };
    let operates = match places(&run.jurisdictions) {
        list if list.is_empty() => String::new(),
        list => format!(" operating in {}", list.join(", ")),
    };
    let judged: Vec<_> = evaluation.clocks_out_of_scope.iter().map(scope).collect();
    let sector = sector(run.sector);
    format!("Not binding on a {sector} organisation{operates}, so not judged: {}.", judged.join("; "))
}

fn ratings(doc: &mut Document, evaluation: &Evaluation) {
    doc.heading(2, "Capability ratings");
    let rows = evaluation
        .ratings
        .iter()
        .map(|r| {
            let items: Vec<String> = r.evidence.iter().map(|e| crate::wording::evidence(e, evaluation)).collect();
            vec![r.name.clone(), letter(r.rating).into(), items.join("; ")]
        })
        .collect();
    doc.table(&["capability", "rating", "evidence"], rows);
    if let Some(rule) = evaluation.ratings.first().map(|r| r.rule.clone()) {
        doc.paragraph(format!("Rating rule (HSEEP letters): {rule}."));
    }
    doc.heading(3, "Readiness score");
    let rows = evaluation
        .score
        .parts
        .iter()
        .map(|p| vec![p.capability.clone(), p.weight.to_string(), p.rating.short().into(), format!("{:.2}", p.points)])
        .collect();
    doc.table(&["capability", "weight", "rating", "points"], rows);
    doc.paragraph(format!(
        "Score {}: the outcome earns its weight times the share of harm averted; each capability earns P 100 %, \
         S 70 %, M 35 %, U 0 % of its weight, and one not observed (N/A) earns the outcome's share, so nothing \
         left undone raises the score above what the outcome supports.",
        evaluation.score.text()
    ));
}

fn improvements(doc: &mut Document, evaluation: &Evaluation) {
    doc.heading(2, "Improvement plan");
    if evaluation.improvements.is_empty() {
        doc.paragraph("Nothing was late or missed.");
        return;
    }
    let rows = evaluation
        .improvements
        .iter()
        .map(|i| {
            vec![
                format!("{:?}", i.priority),
                i.capability.clone(),
                crate::wording::observation(i, evaluation),
                crate::wording::corrective_action(i, evaluation),
                format!("{:?}", i.element),
                i.owner.clone(),
            ]
        })
        .collect();
    doc.table(&["priority", "capability", "observation", "corrective action", "element", "owner"], rows);
}

fn discussion(doc: &mut Document, scenario: &Scenario, evaluation: &Evaluation, timeline: &Timeline, clock: &Clock) {
    doc.heading(2, "Discussion and facilitator notes");
    let mut any = false;
    for event in &timeline.events {
        let EventKind::InjectDelivered { inject, title, .. } = &event.kind else { continue };
        let Some(spec) = scenario.injects.iter().find(|x| &x.id == inject) else { continue };
        if spec.questions.is_empty() {
            continue;
        }
        any = true;
        doc.heading(3, format!("{} — {} ({})", inject, title, clock.at(event.time)));
        let items = spec
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let answers: Vec<&str> = evaluation
                    .answers
                    .iter()
                    .filter(|a| &a.inject == inject && a.question == i + 1)
                    .map(|a| a.text.as_str())
                    .collect();
                let answer = if answers.is_empty() { "no answer recorded".to_string() } else { answers.join(" / ") };
                format!("Q{}: {q} — Answer: {answer}", i + 1)
            })
            .collect();
        doc.list(items);
    }
    if !any {
        doc.paragraph("No discussion questions were delivered.");
    }
    doc.heading(3, "Facilitator notes");
    if evaluation.notes.is_empty() {
        doc.paragraph("No notes were recorded.");
    }
    doc.list(evaluation.notes.iter().map(|n| format!("{}: {}", both_times(clock, n.at, &n.wall), n.text)).collect());
    hotwash(doc, evaluation);
}

/// The hot wash: strengths, areas for improvement and feedback, by capability, each with who
/// raised it.
fn hotwash(doc: &mut Document, evaluation: &Evaluation) {
    doc.heading(3, "Hot wash");
    if evaluation.hotwash.is_empty() {
        doc.paragraph("No hot wash was recorded at the console.");
        return;
    }
    let groups = crate::evaluate::capabilities().map(|(id, name)| (Some(id), name)).chain([(None, "The exercise")]);
    for (id, name) in groups {
        let here: Vec<String> = evaluation
            .hotwash
            .iter()
            .filter(|r| r.capability.as_deref() == id)
            .map(|r| {
                let kind = match r.kind {
                    RemarkKind::Strength => "Strength",
                    RemarkKind::Improvement => "Area for improvement",
                    RemarkKind::Feedback => "Feedback",
                };
                let when = r.wall.as_deref().map_or(String::new(), |w| format!(" ({})", room_time(w)));
                format!("{kind}: {} — {}{when}", r.text, r.from)
            })
            .collect();
        if !here.is_empty() {
            doc.paragraph(name.to_string());
            doc.list(here);
        }
    }
}

/// Sim time, and the room's clock when the input was typed, if known:
/// `+4d (Mon 2026-03-16 00:00; room 2026-12-05 11:42 UTC)`.
fn both_times(clock: &Clock, at: u64, wall: &Option<String>) -> String {
    let sim = clock.at(at);
    match wall {
        Some(wall) => match sim.strip_suffix(')') {
            Some(open) => format!("{open}; room {})", room_time(wall)),
            None => format!("{sim} (room {})", room_time(wall)),
        },
        None => sim,
    }
}

/// `2026-12-05T11:42:07Z` as `2026-12-05 11:42 UTC`.
fn room_time(wall: &str) -> String {
    match (wall.get(..10), wall.get(11..16)) {
        (Some(date), Some(time)) => format!("{date} {time} UTC"),
        _ => wall.to_string(),
    }
}

fn decision_log(doc: &mut Document, timeline: &Timeline, clock: &Clock) {
    doc.heading(2, "Appendix: decision log");
    let mut rows = Vec::new();
    for event in &timeline.events {
        match &event.kind {
            EventKind::DecisionTaken { decision, role, action: a, rationale, .. } => {
                let outcome = timeline.events.iter().find_map(|e| match &e.kind {
                    EventKind::ActionTookEffect { decision: d, .. } if d == decision => {
                        Some(format!("took effect {}", clock.at(e.time)))
                    }
                    EventKind::ActionFailed { decision: d, reason, .. } if d == decision => {
                        Some(format!("failed: {reason}"))
                    }
                    _ => None,
                });
                rows.push(vec![
                    clock.at(event.time),
                    role.clone(),
                    action(a),
                    rationale.clone(),
                    outcome.unwrap_or("still in progress at the end".into()),
                ]);
            }
            EventKind::DecisionRejected { role, action: a, reason } => {
                rows.push(vec![
                    clock.at(event.time),
                    role.clone(),
                    action(a),
                    String::new(),
                    format!("rejected: {reason}"),
                ]);
            }
            _ => {}
        }
    }
    if rows.is_empty() {
        doc.paragraph("The team took no decisions.");
    } else {
        doc.table(&["when", "role", "action", "rationale", "outcome"], rows);
    }
}

/// The techniques of the scenario's stages, each once, in the order the stages use them.
fn techniques(scenario: &Scenario) -> Vec<&str> {
    let mut seen = std::collections::BTreeSet::new();
    scenario.adversary.stages.iter().map(|s| s.technique.as_str()).filter(|t| seen.insert(*t)).collect()
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_is_grouped_and_exact_however_large() {
        assert_eq!(money(1_234.4, "EUR"), "1,234 EUR");
        assert_eq!(money(-1_234_567.0, "USD"), "-1,234,567 USD");
        assert_eq!(money(-0.4, "USD"), "0 USD");
        assert_eq!(money(1e21, "EUR"), "1,000,000,000,000,000,000,000 EUR");
        assert_eq!(money(f64::INFINITY, "EUR"), "0 EUR");
    }
}
