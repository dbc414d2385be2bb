//! What the console shows: the clock line, new events as the players see them, and the views
//! behind `status`, `injects`, `timeline`, `plan`, `clocks`, `truth` and `help`. Text from the
//! scenario, the plan or the journal is made inert ([`crate::terminal`]) before it is styled:
//! a line is composed as plain text, made inert, then painted.

use super::command::COMMANDS;
use super::session::Session;
use super::style::Style;
use crate::action::words;
use crate::calendar::DateTime;
use crate::duration::format_seconds;
use crate::evaluate::Evaluation;
use crate::evaluate::model::Status;
use crate::terminal::{inert, inert_line};
use crate::timeline::{Event, EventKind};
use crate::wording::{finding, plural};

/// `Sat 2026-03-14 03:30 · +2h · off hours`
pub fn clock_line(session: &Session, style: Style) -> String {
    let now = session.now();
    let start = DateTime::parse(&session.scenario.clock.start).ok();
    let when = start.map_or(String::new(), |s| format!("{} · ", s.plus_seconds(now)));
    let hours = match start.map(|_| session.compiled.calendar.is_business_hours(now)) {
        Some(true) => "business hours",
        Some(false) => "off hours",
        None => "",
    };
    let state = if session.is_over() { " · drill over" } else { "" };
    style.bold(&format!("{when}+{} · {hours}{state}", format_seconds(now)))
}

/// A sim time as `+2h15m 03:45`.
pub fn at(session: &Session, time: u64) -> String {
    let start = DateTime::parse(&session.scenario.clock.start).ok();
    match start {
        Some(s) => {
            let t = s.plus_seconds(time);
            format!("+{} {:02}:{:02}", format_seconds(time), t.minute_of_day / 60, t.minute_of_day % 60)
        }
        None => format!("+{}", format_seconds(time)),
    }
}

/// One event as the players see it; `None` for what they do not see.
pub fn player_line(session: &Session, event: &Event, style: Style, new: bool) -> Option<String> {
    if !event.visible {
        return None;
    }
    let when = at(session, event.time);
    let text = match &event.kind {
        EventKind::InjectDelivered { inject, title, from, to, channel, text, by_hand } => {
            let hand = if *by_hand { " · sent by hand" } else { "" };
            let head = format!("INJECT {inject}{hand} · {channel:?} · from {from} to {}: {title}", roles(session, to));
            let head = inert_line(&head);
            let head = if new { style.highlight(&format!("NEW {head}")) } else { style.bold(&head) };
            let questions: String = session
                .scenario
                .injects
                .iter()
                .filter(|x| &x.id == inject)
                .flat_map(|x| x.questions.iter().enumerate())
                .map(|(i, q)| {
                    let answered = session.room.answers().iter().any(|a| &a.inject == inject && a.question == i + 1);
                    let mark = if answered { "  (answered)" } else { "" };
                    format!("\n      ? {inject}.{} {}{mark}", i + 1, inert_line(q))
                })
                .collect();
            format!("{head}\n      {}{questions}", indented(text))
        }
        EventKind::AlertRaised { title, severity, text, to, .. } => {
            let head = style.alarm(&inert_line(&format!("ALERT ({severity:?}) to {}: {title}", roles(session, to))));
            if text.is_empty() { head } else { format!("{head}\n      {}", indented(text)) }
        }
        EventKind::DecisionTaken { decision, role, action, effective_at, waits, .. } => {
            let wait =
                waits.map_or(String::new(), |w| format!("{}: starts {}; ", w.why.text(), at(session, w.starts_at)));
            inert_line(&format!(
                "decision #{} by {}: {} ({wait}in effect at {})",
                decision + 1,
                role_label(session, role),
                words(action),
                at(session, *effective_at)
            ))
            .into_owned()
        }
        EventKind::Finding { decision, segment, hosts, indicators, accounts, vulnerabilities } => {
            style.bold(&inert_line(&format!(
                "finding: #{} in {segment}: {}",
                decision + 1,
                finding(hosts, indicators, accounts, vulnerabilities)
            )))
        }
        EventKind::DecisionRejected { role, action, reason } => {
            style.alarm(&inert_line(&format!("rejected: {role}: {} — {reason}", words(action))))
        }
        EventKind::ActionTookEffect { decision, action } => {
            style.good(&inert_line(&format!("done: #{} {}", decision + 1, words(action))))
        }
        EventKind::ActionFailed { decision, action, reason } => {
            style.alarm(&inert_line(&format!("failed: #{} {} — {reason}", decision + 1, words(action))))
        }
        EventKind::ServiceDown { service } => style.alarm(&format!("service down: {}", service_name(session, service))),
        EventKind::ServiceRestored { service } => {
            style.good(&format!("service back: {}", service_name(session, service)))
        }
        EventKind::ServiceDegraded { service, fraction } => style.alarm(&format!(
            "service degraded: {} at {:.0} % of its capacity",
            service_name(session, service),
            (1.0 - fraction) * 100.0
        )),
        EventKind::ServiceDegradationEnded { service } => {
            style.good(&format!("service no longer degraded: {}", service_name(session, service)))
        }
        EventKind::FundsRecovered { amount, .. } => style.good(&format!(
            "funds recovered: {amount:.0} {}",
            inert_line(&session.scenario.environment.costs.currency)
        )),
        EventKind::RunEnded { reason, .. } => style.bold(&format!("the drill is over: {}", reason.text())),
        _ => return None,
    };
    Some(format!("  {when}  {text}"))
}

/// A role as the room knows it: `soc_analyst (covered by msp)` when the plan covers it.
pub fn role_label(session: &Session, role: &str) -> String {
    match session.plan.acting_role(role) {
        Some(acting) if acting != role => format!("{role} (covered by {acting})"),
        _ => role.to_string(),
    }
}

/// Roles addressed by an inject or alert, each as [`role_label`] shows it.
fn roles(session: &Session, roles: &[String]) -> String {
    roles.iter().map(|role| role_label(session, role)).collect::<Vec<_>>().join(", ")
}

fn service_name(session: &Session, id: &str) -> String {
    let name = session.scenario.environment.services.iter().find(|s| s.id == id).map_or(id, |s| s.name.as_str());
    inert_line(name).into_owned()
}

/// Multi-line text from a file, inert, its lines after the first indented under the first.
fn indented(text: &str) -> String {
    inert(text).replace('\n', "\n      ")
}

/// An action in console words, inert: its target may come from a decisions file or a journal.
pub fn action_words(action: &crate::action::Action) -> String {
    inert_line(&words(action)).into_owned()
}

/// The events the players have not been shown yet, from `from` on.
pub fn new_events(session: &Session, from: usize, style: Style) -> Vec<String> {
    session.sim.timeline().events[from..].iter().filter_map(|e| player_line(session, e, style, true)).collect()
}

pub fn status(session: &Session, style: Style) -> String {
    let view = session.sim.timeline();
    let count = |f: fn(&EventKind) -> bool| view.player_view().filter(|e| f(&e.kind)).count();
    let mut out = vec![
        clock_line(session, style),
        format!(
            "  seen by the players: {}, {}; {} taken, {} rejected",
            plural(count(|k| matches!(k, EventKind::InjectDelivered { .. })) as u64, "inject"),
            plural(count(|k| matches!(k, EventKind::AlertRaised { .. })) as u64, "alert"),
            plural(count(|k| matches!(k, EventKind::DecisionTaken { .. })) as u64, "decision"),
            count(|k| matches!(k, EventKind::DecisionRejected { .. })),
        ),
    ];
    out.extend(given(session));
    out.extend(in_progress(session));
    let evaluation = session.evaluation();
    out.extend(clocks_due(session, &evaluation, style, true));
    out.extend(steps_due(session, &evaluation, style, true));
    if session.can_undo() {
        out.push(style.dim("  (undo can take back the last decision until the clock moves)"));
    }
    out.join("\n")
}

/// Decisions given since the clock last moved: the engine takes them when it moves on, and each
/// takes effect around the time shown (if accepted).
fn given(session: &Session) -> Vec<String> {
    let given = session.sim.given();
    let previews = session.sim.given_previews();
    given
        .iter()
        .zip(previews)
        .map(|(decision, (effective_at, wait))| {
            let wait =
                wait.map_or(String::new(), |w| format!(" ({}: starts {})", w.why.text(), at(session, w.starts_at)));
            inert_line(&format!(
                "  given, taken when the clock moves: {} by {}, in effect around {}{wait}",
                action_words(&decision.action),
                role_label(session, &decision.role),
                at(session, effective_at)
            ))
            .into_owned()
        })
        .collect()
}

/// Decisions taken whose action has not yet taken effect (nor failed), with when it will.
fn in_progress(session: &Session) -> Vec<String> {
    let events = &session.sim.timeline().events;
    let finished: std::collections::BTreeSet<u64> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::ActionTookEffect { decision, .. } | EventKind::ActionFailed { decision, .. } => Some(decision),
            _ => None,
        })
        .collect();
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::DecisionTaken { decision, role, action, effective_at, .. } if !finished.contains(decision) => {
                Some(
                    inert_line(&format!(
                        "  in progress: #{} {} by {}, in effect at {}",
                        decision + 1,
                        words(action),
                        role_label(session, role),
                        at(session, *effective_at)
                    ))
                    .into_owned(),
                )
            }
            _ => None,
        })
        .collect()
}

/// Running notification clocks, with the time left (only the running ones when `running`).
fn clocks_due(session: &Session, evaluation: &Evaluation, style: Style, running: bool) -> Vec<String> {
    let now = session.now();
    let mut out = Vec::new();
    for clock in &evaluation.clocks {
        let Some(deadline) = clock.deadline else {
            if !running {
                out.push(style.dim(&format!("  {}: not started", inert_line(&clock.regulation))));
            }
            continue;
        };
        let (regulation, notify) = (inert_line(&clock.regulation), crate::wording::party(clock.notify));
        let line = match clock.notified_at {
            Some(t) if t <= deadline => style.good(&format!("  {regulation}: {notify} notified at {}", at(session, t))),
            Some(t) => style.alarm(&format!(
                "  {regulation}: {notify} notified at {}, late by {}",
                at(session, t),
                format_seconds(t - deadline)
            )),
            None if deadline >= now => format!(
                "  {regulation}: notify {notify} by {} — {} left",
                inert_line(clock.deadline_local.as_deref().unwrap_or_default()),
                format_seconds(deadline - now)
            ),
            None => {
                style.alarm(&format!("  {regulation}: notify {notify} — OVERDUE by {}", format_seconds(now - deadline)))
            }
        };
        if !running || clock.notified_at.is_none() {
            out.push(line);
        }
    }
    if !out.is_empty() {
        out.insert(0, style.bold("notification clocks"));
    }
    out
}

/// Playbook steps and escalations due or overdue (all triggered ones unless `open_only`).
fn steps_due(session: &Session, evaluation: &Evaluation, style: Style, open_only: bool) -> Vec<String> {
    let now = session.now();
    let mut out = Vec::new();
    for step in evaluation.steps.iter().filter(|s| s.triggered_at.is_some()) {
        let due = step.due.unwrap_or(0);
        let name = format!("{}/{} {} ({})", step.playbook, step.step, step.title, step.owner);
        let name = inert_line(&name);
        let line = match (step.done_at, step.status) {
            (Some(t), Status::Met) => style.good(&format!("  done     {name} at {}", at(session, t))),
            (Some(t), _) => style.dim(&format!("  late     {name} at {}", at(session, t))),
            (None, _) if due >= now => format!("  due      {name} {}", due_in(due - now)),
            (None, _) => style.alarm(&format!("  OVERDUE  {name} by {}", format_seconds(now - due))),
        };
        if !open_only || step.done_at.is_none() {
            out.push(line);
        }
    }
    for rule in evaluation.escalations.iter().filter(|r| r.triggered_at.is_some()) {
        for role in rule.roles.iter().filter(|r| !open_only || r.done_at.is_none()) {
            let due = rule.due.unwrap_or(0);
            let name = format!("escalation {} → {}", rule.id, role.role);
            let name = inert_line(&name);
            out.push(match role.done_at {
                Some(t) => style.good(&format!("  done     {name} at {}", at(session, t))),
                None if due >= now => format!("  due      {name} {}", due_in(due - now)),
                None => style.alarm(&format!("  OVERDUE  {name} by {}", format_seconds(now - due))),
            });
        }
    }
    if !out.is_empty() {
        out.insert(0, style.bold("plan steps"));
    }
    out
}

/// The injects delivered so far, each with its expectations and how each stands.
pub fn injects(session: &Session, style: Style) -> String {
    let evaluation = session.evaluation();
    let mut lines = Vec::new();
    for event in session.sim.timeline().events.iter() {
        let EventKind::InjectDelivered { inject, .. } = &event.kind else { continue };
        let Some(line) = player_line(session, event, style, false) else { continue };
        lines.push(line);
        for expected in evaluation.expectations.iter().filter(|e| &e.inject == inject) {
            let verdict = crate::wording::expectation_verdict(expected, session.now());
            let text = inert_line(&format!("      expects {} — {verdict}", expected.expected)).into_owned();
            let overdue = expected.status == Status::Pending && expected.due.is_some_and(|d| d < session.now());
            lines.push(match expected.status {
                Status::Met => style.good(&text),
                Status::Late | Status::Missed => style.alarm(&text),
                _ if overdue => style.alarm(&text),
                _ => text,
            });
        }
    }
    if lines.is_empty() { "no injects yet".into() } else { lines.join("\n") }
}

pub fn timeline(session: &Session, style: Style) -> String {
    let lines: Vec<String> =
        session.sim.timeline().events.iter().filter_map(|e| player_line(session, e, style, false)).collect();
    if lines.is_empty() { "nothing has happened yet".into() } else { lines.join("\n") }
}

pub fn plan(session: &Session, style: Style) -> String {
    let lines = steps_due(session, &session.evaluation(), style, false);
    if lines.is_empty() { "no playbook has been triggered yet".into() } else { lines.join("\n") }
}

pub fn clocks(session: &Session, style: Style) -> String {
    let lines = clocks_due(session, &session.evaluation(), style, false);
    if lines.is_empty() { "the plan has no notification clocks".into() } else { lines.join("\n") }
}

/// The facilitator's view of what is hidden from the players: a summary (the adversary's stages,
/// the hosts it holds, what it took, the cost so far), then with `all` every hidden event.
pub fn truth(session: &Session, style: Style, all: bool) -> String {
    let mut out = vec![style.truth("── TRUTH: facilitator only, do not show the players ──")];
    out.extend(truth_summary(session).into_iter().map(|line| style.truth(&format!("  {}", inert_line(&line)))));
    if all {
        out.push(style.truth("  every hidden event so far:"));
        out.extend(hidden_events(session, style));
    } else {
        out.push(style.dim("  `truth all` lists every hidden event, tick by tick"));
    }
    out.push(style.truth("── end of truth ──"));
    out.join("\n")
}

/// The adversary's stages (succeeded, stopped, still to come), the hosts held, what was taken and
/// the cost, one line each.
fn truth_summary(session: &Session) -> Vec<String> {
    let events = &session.sim.timeline().events;
    let stages = &session.scenario.adversary.stages;
    let mut succeeded: Vec<&str> = Vec::new();
    for event in events {
        if let EventKind::StageSucceeded { stage, .. } = &event.kind
            && !succeeded.contains(&stage.as_str())
        {
            succeeded.push(stage);
        }
    }
    let stopped: Vec<(&str, String)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::StageStopped { stage, by } => Some((stage.as_str(), format!("{stage} (by {})", words(by)))),
            _ => None,
        })
        .collect();
    let list = |items: Vec<String>| if items.is_empty() { String::new() } else { format!(": {}", items.join(", ")) };
    // A stage stops for good when the team stops its effect, whether or not it had succeeded.
    let to_come = stages
        .iter()
        .filter(|s| !succeeded.contains(&s.id.as_str()) && !stopped.iter().any(|(id, _)| *id == s.id))
        .count();
    let impact = session.sim.impact();
    let mut lines = vec![
        format!(
            "stages: {} of {} succeeded{}",
            succeeded.len(),
            stages.len(),
            list(succeeded.iter().map(|s| s.to_string()).collect())
        ),
        format!(
            "  stopped by the team: {}{}; yet to succeed: {to_come}",
            stopped.len(),
            list(stopped.iter().map(|(_, s)| s.clone()).collect())
        ),
        format!(
            "hosts held now: {} (peak {}); peak encrypted: {}",
            impact.compromised, impact.peak_compromised, impact.peak_encrypted
        ),
    ];
    let taken = |f: fn(&EventKind) -> Option<String>| events.iter().filter_map(|e| f(&e.kind)).collect::<Vec<_>>();
    let accounts = taken(|k| if let EventKind::AccountObtained { account } = k { Some(account.clone()) } else { None });
    let backups = taken(|k| if let EventKind::BackupDestroyed { backup } = k { Some(backup.clone()) } else { None });
    let mut taken_line = format!("records out: {}", impact.records_exfiltrated);
    if !accounts.is_empty() {
        taken_line.push_str(&format!("; accounts obtained: {}", accounts.join(", ")));
    }
    if !backups.is_empty() {
        taken_line.push_str(&format!("; backups destroyed: {}", backups.join(", ")));
    }
    let stolen: f64 =
        events.iter().map(|e| if let EventKind::FundsStolen { amount, .. } = e.kind { amount } else { 0.0 }).sum();
    if stolen > 0.0 {
        taken_line.push_str(&format!("; funds stolen: {stolen:.0} {}", session.scenario.environment.costs.currency));
    }
    lines.push(taken_line);
    lines.push(format!("estimated cost so far: {:.0} {}", impact.cost, session.scenario.environment.costs.currency));
    lines
}

/// Every event hidden from the players so far, with its time.
fn hidden_events(session: &Session, style: Style) -> Vec<String> {
    let mut out = Vec::new();
    for event in session.sim.timeline().events.iter().filter(|e| !e.visible) {
        let text = match &event.kind {
            EventKind::StageSucceeded { stage, technique } => format!("stage {stage} succeeded ({technique})"),
            EventKind::StageStopped { stage, by } => format!("stage {stage} stopped, no further effect: {}", words(by)),
            EventKind::HostsCompromised { group, count } => format!("{} of {group} compromised", hosts(*count)),
            EventKind::HostsEncrypted { group, count } => format!("{} of {group} encrypted", hosts(*count)),
            EventKind::HostsCleaned { group, count } => format!("{} of {group} cleaned", hosts(*count)),
            EventKind::HostsImmune { group, count } => format!("{} of {group} made immune", hosts(*count)),
            EventKind::AccountObtained { account } => format!("account {account} obtained"),
            EventKind::RecordsExfiltrated { store, records, .. } => format!("{records} records taken from {store}"),
            EventKind::BackupDestroyed { backup } => format!("backup {backup} destroyed"),
            EventKind::FundsStolen { stage, amount, recall_by } => format!(
                "{amount:.0} {} stolen by stage {stage}; recallable until {}",
                session.scenario.environment.costs.currency,
                at(session, *recall_by)
            ),
            EventKind::DetectionFired { detection } => format!("detection {detection} fired"),
            _ => continue,
        };
        out.push(format!("    {}  {}", at(session, event.time), style.truth(&inert_line(&text))));
    }
    out
}

/// Where the drill stands, for the top of the console: at the start, how to begin; resumed, what
/// the room last heard, what it has done and what falls due next; ended, that the hot wash is on.
pub fn where_it_stands(session: &Session, style: Style) -> String {
    let hint = "`help` lists the commands; Tab completes";
    let events = &session.sim.timeline().events;
    let last_news =
        events.iter().rev().find(|e| super::session::is_news(e) && !matches!(e.kind, EventKind::RunStarted { .. }));
    if session.is_ended() {
        return format!("the drill has ended: the hot wash is open; {hint}");
    }
    let Some(last) = last_news else {
        return format!("`next` brings the first inject; {hint}");
    };
    let view = session.sim.timeline();
    let count = |f: fn(&EventKind) -> bool| view.player_view().filter(|e| f(&e.kind)).count() as u64;
    let mut out = vec![format!(
        "so far: {}, {}, {} taken; last: {} at {}",
        plural(count(|k| matches!(k, EventKind::InjectDelivered { .. })), "inject"),
        plural(count(|k| matches!(k, EventKind::AlertRaised { .. })), "alert"),
        plural(count(|k| matches!(k, EventKind::DecisionTaken { .. })), "decision"),
        inert_line(&super::session::news_words(&last.kind)),
        at(session, last.time)
    )];
    if let Some(first) = session.next_deadlines().first() {
        out.push(format!("next due: {} at {}", inert_line(&first.what), at(session, first.due)));
    }
    out.extend(reminder(session, style));
    out.push(format!("`status` shows where things stand; {hint}"));
    out.join("\n")
}

pub fn help(topic: Option<&str>) -> String {
    match topic.and_then(|t| COMMANDS.iter().find(|(n, ..)| *n == t)) {
        Some((name, args, what)) => {
            let mut text = format!("{}\n  {what}", format!("{name} {args}").trim_end());
            if *name == "decide" {
                let actions: Vec<&str> = crate::action::ACTIONS.iter().map(|(w, _)| *w).collect();
                text.push_str(&format!(
                    "\n  actions: {}\n  Tab completes actions, targets and roles.",
                    actions.join(", ")
                ));
            }
            text
        }
        None => {
            COMMANDS.iter().map(|(n, a, w)| format!("  {:<44} {w}", format!("{n} {a}"))).collect::<Vec<_>>().join("\n")
        }
    }
}

/// One line on what is due, for after the clock moves: open steps and escalations (how many
/// overdue) and the running notification clock with the least time left. `None` when nothing is.
pub fn reminder(session: &Session, style: Style) -> Option<String> {
    let now = session.now();
    let evaluation = session.evaluation();
    let open_steps = evaluation.steps.iter().filter(|s| s.triggered_at.is_some() && s.done_at.is_none()).map(|s| s.due);
    let open_roles = evaluation
        .escalations
        .iter()
        .filter(|r| r.triggered_at.is_some())
        .flat_map(|r| r.roles.iter().filter(|x| x.done_at.is_none()).map(move |_| r.due));
    let dues: Vec<u64> = open_steps.chain(open_roles).map(|d| d.unwrap_or(0)).collect();
    let overdue = dues.iter().filter(|&&d| d < now).count();
    let clock = evaluation
        .clocks
        .iter()
        .filter(|c| c.notified_at.is_none())
        .filter_map(|c| c.deadline.map(|d| (d, c)))
        .min_by_key(|(d, _)| *d);
    let mut parts = Vec::new();
    if !dues.is_empty() {
        let text = format!("{} open", plural(dues.len() as u64, "plan task"));
        parts.push(if overdue > 0 { style.alarm(&format!("{text}, {overdue} OVERDUE")) } else { text });
    }
    if let Some((deadline, c)) = clock {
        parts.push(match deadline.checked_sub(now) {
            Some(left) => format!("{} due in {}", inert_line(&c.regulation), format_seconds(left)),
            None => {
                style.alarm(&format!("{} OVERDUE by {}", inert_line(&c.regulation), format_seconds(now - deadline)))
            }
        });
    }
    (!parts.is_empty()).then(|| format!("  ({}; `status` for details)", parts.join(" · ")))
}

/// `in 2h`, or `now`.
fn due_in(seconds: u64) -> String {
    if seconds == 0 { "now".into() } else { format!("in {}", format_seconds(seconds)) }
}

/// `1 host`, `2 hosts`.
fn hosts(count: impl Into<u64>) -> String {
    plural(count.into(), "host")
}
