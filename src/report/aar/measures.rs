//! The measurements behind the analysis: key events, the time metrics against their targets,
//! the impact, plan adherence (steps, escalations, inject expectations), the notification clocks,
//! and the capability ratings with the readiness score.

use super::super::document::Document;
use super::{Clock, action, both_times, count, letter, money, span, status};
use crate::duration::format_seconds;
use crate::evaluate::Evaluation;
use crate::evaluate::model::{ClockOutOfScope, Status};
use crate::scenario::model::Jurisdiction;
use crate::timeline::{EventKind, Timeline};
use crate::wording::{finding, jurisdiction, plural, sector};

pub(super) fn key_events(doc: &mut Document, evaluation: &Evaluation, timeline: &Timeline, clock: &Clock) {
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
    let rows = rows.into_iter().map(|(_, _, r)| r).collect();
    doc.table_or(&["when", "seen by", "what"], rows, "Nothing happened before the drill ended.");
}

pub(super) fn metrics(doc: &mut Document, evaluation: &Evaluation) {
    doc.heading(2, "Metrics against targets");
    let rows = evaluation
        .metrics
        .iter()
        .map(|m| {
            // The ratings do not judge a classification no severity warranted; nor does the table.
            let unasked = m.id == "classify" && m.value.is_none() && evaluation.severity.warranted.is_none();
            let said = if unasked { "not due: no severity was warranted" } else { status(m.status) };
            vec![m.name.clone(), span(m.value), span(m.target), said.into(), m.formula.clone()]
        })
        .collect();
    doc.table_or(&["metric", "measured", "target", "status", "measured as"], rows, "No time metric was measured.");
    doc.paragraph(
        "Reference points: IBM Cost of a Data Breach 2025 puts the mean time to identify and contain a breach at \
         241 days; Mandiant M-Trends 2025 puts the global median time from compromise to detection at 11 days \
         (6 days with ransomware).",
    );
}

pub(super) fn impact(doc: &mut Document, evaluation: &Evaluation) {
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

pub(super) fn adherence(doc: &mut Document, evaluation: &Evaluation, clock: &Clock) {
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
    doc.table_or(
        &["rule", "role", "due", "escalated", "status"],
        rows,
        "No escalation rule of the plan fell due: no severity it escalates on was declared.",
    );
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

pub(super) fn clocks(doc: &mut Document, evaluation: &Evaluation, clock: &Clock) {
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
    doc.table_or(
        &["rule", "notify", "started", "deadline", "notified", "result"],
        rows,
        "No notification clock binds this organisation under the plan, so none was judged.",
    );
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

pub(super) fn ratings(doc: &mut Document, evaluation: &Evaluation) {
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
