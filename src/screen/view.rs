//! What the participant screen shows, as data: the sim clock, the injects, alerts and findings
//! delivered so far (injects with their discussion questions) and the room's decisions. Built
//! from the events the players saw (`Timeline::player_view`), the delivered injects' questions
//! and the decisions the room gave but the clock has not yet taken; nothing else of the session
//! is read, so hidden events, the adversary's stages and facilitator notes cannot reach it.

use crate::action::words;
use crate::calendar::DateTime;
use crate::duration::format_seconds;
use crate::exercise::Session;
use crate::exercise::views::at;
use crate::timeline::{Event, EventKind};
use crate::wording::{self, finding};
use serde::Serialize;
use std::collections::BTreeMap;

/// One snapshot of the screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    /// The scenario's title.
    pub title: String,
    pub clock: Clock,
    /// Injects, alerts and findings, in the order they arrived.
    pub messages: Vec<Message>,
    /// Decisions taken or rejected, in the order the clock took them.
    pub decisions: Vec<DecisionRow>,
    /// Why the drill ended, once it has.
    pub ended: Option<String>,
}

/// The sim clock: `03:30`, `Sat 2026-03-14`, `+2h`, `off hours`. The day and the hours are empty
/// for a scenario with no start date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clock {
    pub time: String,
    pub day: String,
    pub elapsed: String,
    pub hours: String,
}

/// Something the players were told.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub kind: MessageKind,
    /// `+2h 03:30`
    pub at: String,
    /// `inject h02 · phone`, `alert · high`, `finding`.
    pub label: String,
    pub title: String,
    /// `from Ward 4B nurse manager to SOC analyst`; empty for a finding.
    pub route: String,
    pub text: String,
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Inject,
    Alert,
    Finding,
}

/// A decision of the room's and how it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecisionRow {
    /// `SOC analyst (covered by Managed security provider)`
    pub role: String,
    /// `isolate-segment clinical`
    pub action: String,
    /// When it was taken (or refused); empty while only given.
    pub taken: String,
    pub state: DecisionState,
    /// `in effect around +4h 05:30`, `rejected: …`, `taken when the clock next moves`.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionState {
    /// Given at the console; the clock has not taken it yet (`undo` may still take it back).
    Given,
    /// Taken; its action has not yet taken effect.
    Underway,
    Done,
    Rejected,
    Failed,
}

impl View {
    /// The screen for a session as it stands.
    pub fn of(session: &Session) -> View {
        let now = session.now();
        let mut messages = Vec::new();
        let mut decisions = Decisions::default();
        let mut ended = None;
        for event in session.sim.timeline().player_view() {
            if let Some(message) = message(session, event) {
                messages.push(message);
            }
            decisions.add(session, event);
            if let EventKind::RunEnded { reason, .. } = event.kind {
                ended = Some(reason.text().to_string());
            }
        }
        for given in session.sim.given() {
            decisions.rows.push(DecisionRow {
                role: role_name(session, &given.role),
                action: words(&given.action),
                taken: String::new(),
                state: DecisionState::Given,
                detail: "taken when the clock next moves".into(),
            });
        }
        View {
            title: session.scenario.title.clone(),
            clock: clock(session, now),
            messages,
            decisions: decisions.rows,
            ended,
        }
    }
}

/// A role as the room knows it, by its catalogue name: `SOC analyst (covered by IT operations)`
/// when the plan has another role act for it.
fn role_name(session: &Session, role: &str) -> String {
    let name = |id: &str| crate::role::find(id).map_or(id.to_string(), |r| r.name.to_string());
    match session.plan.acting_role(role) {
        Some(acting) if acting != role => format!("{} (covered by {})", name(role), name(acting)),
        _ => name(role),
    }
}

fn clock(session: &Session, now: u64) -> Clock {
    let elapsed = format!("+{}", format_seconds(now));
    let Ok(start) = DateTime::parse(&session.scenario.clock.start) else {
        return Clock { time: elapsed.clone(), day: String::new(), elapsed, hours: String::new() };
    };
    let moment = start.plus_seconds(now);
    let business = session.compiled.calendar.is_business_hours(now);
    Clock {
        time: format!("{:02}:{:02}", moment.minute_of_day / 60, moment.minute_of_day % 60),
        day: format!("{} {}", moment.date.weekday().short(), moment.date),
        elapsed,
        hours: if business { "business hours" } else { "off hours" }.into(),
    }
}

/// An inject, alert or finding as the players received it.
fn message(session: &Session, event: &Event) -> Option<Message> {
    let when = at(session, event.time);
    let roles = |to: &[String]| to.iter().map(|r| role_name(session, r)).collect::<Vec<_>>().join(", ");
    Some(match &event.kind {
        EventKind::InjectDelivered { inject, title, from, to, channel, text, .. } => Message {
            kind: MessageKind::Inject,
            at: when,
            label: format!("inject {inject} · {}", wording::channel(*channel)),
            title: title.clone(),
            route: format!("from {from} to {}", roles(to)),
            text: text.clone(),
            questions: session
                .scenario
                .injects
                .iter()
                .filter(|x| &x.id == inject)
                .flat_map(|x| x.questions.iter().cloned())
                .collect(),
        },
        EventKind::AlertRaised { title, severity, text, to, .. } => Message {
            kind: MessageKind::Alert,
            at: when,
            label: format!("alert · {}", wording::alert_severity(*severity)),
            title: title.clone(),
            route: format!("to {}", roles(to)),
            text: text.clone(),
            questions: Vec::new(),
        },
        EventKind::Finding { segment, hosts, indicators, accounts, vulnerabilities, .. } => Message {
            kind: MessageKind::Finding,
            at: when,
            label: "finding".into(),
            title: format!("Investigation of {}", segment_name(session, segment)),
            route: String::new(),
            text: finding(hosts, indicators, accounts, vulnerabilities),
            questions: Vec::new(),
        },
        _ => return None,
    })
}

fn segment_name(session: &Session, id: &str) -> String {
    let segments = &session.scenario.environment.segments;
    segments.iter().find(|s| s.id == id).map_or(id, |s| s.name.as_str()).to_string()
}

/// The decision rows, and where each taken decision's row is (by decision number).
#[derive(Default)]
struct Decisions {
    rows: Vec<DecisionRow>,
    by_number: BTreeMap<u64, usize>,
}

impl Decisions {
    fn add(&mut self, session: &Session, event: &Event) {
        let taken = at(session, event.time);
        match &event.kind {
            EventKind::DecisionTaken { decision, role, action, effective_at, waits, .. } => {
                let wait = waits
                    .map_or(String::new(), |w| format!(" ({}: starts {})", w.why.text(), at(session, w.starts_at)));
                self.by_number.insert(*decision, self.rows.len());
                self.rows.push(DecisionRow {
                    role: role_name(session, role),
                    action: words(action),
                    taken,
                    state: DecisionState::Underway,
                    detail: format!("in effect around {}{wait}", at(session, *effective_at)),
                });
            }
            EventKind::DecisionRejected { role, action, reason } => self.rows.push(DecisionRow {
                role: role_name(session, role),
                action: words(action),
                taken,
                state: DecisionState::Rejected,
                detail: format!("rejected: {reason}"),
            }),
            EventKind::ActionTookEffect { decision, .. } => {
                self.settle(*decision, DecisionState::Done, format!("in effect since {taken}"));
            }
            EventKind::ActionFailed { decision, reason, .. } => {
                self.settle(*decision, DecisionState::Failed, format!("failed at {taken}: {reason}"));
            }
            _ => {}
        }
    }

    fn settle(&mut self, decision: u64, state: DecisionState, detail: String) {
        if let Some(row) = self.by_number.get(&decision).and_then(|&i| self.rows.get_mut(i)) {
            row.state = state;
            row.detail = detail;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Action, Severity};
    use crate::compile::Compiled;
    use crate::exercise::journal::Entry;
    use std::sync::Arc;

    fn hospital() -> Arc<Compiled> {
        let read =
            |path: &str| crate::source::SourceFile { name: path.into(), text: std::fs::read_to_string(path).unwrap() };
        let scenario = crate::source::parse_ron(&read("scenarios/hospital-ransomware.ron")).unwrap();
        let plan = crate::source::parse_ron(&read("scenarios/plans/enterprise-24x7.ron")).unwrap();
        crate::compile::compile(scenario, plan).unwrap()
    }

    #[test]
    fn a_given_decision_shows_until_the_clock_takes_it() {
        let compiled = hospital();
        let mut session = Session::new(&compiled, 1);
        let action = Action::ClassifySeverity(Severity::Sev1);
        let entry = Entry::Decision { at: 0, role: "incident_commander".into(), action, rationale: String::new() };
        session.apply(&entry).unwrap();
        let given = View::of(&session).decisions;
        assert_eq!(given.len(), 1);
        assert_eq!((given[0].state, given[0].action.as_str()), (DecisionState::Given, "classify sev1"));
        session.apply(&Entry::Advance { to: 900 }).unwrap();
        let taken = View::of(&session).decisions;
        assert_eq!(taken.len(), 1);
        assert_ne!(taken[0].state, DecisionState::Given);
        assert!(taken[0].taken.starts_with("+0m"), "{:?}", taken[0]);
    }
}
