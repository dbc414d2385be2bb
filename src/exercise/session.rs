//! A drill in progress: the engine plus everything the facilitator recorded. Journal entries
//! are its only way to change, so replaying a journal rebuilds the same session exactly.

use super::journal::{Entry, Header};
use super::room::RoomLog;
use crate::compile::Compiled;
use crate::engine::{Decision, Sim};
use crate::evaluate::{Evaluation, Inputs, evaluate};
use crate::plan::model::Plan;
use crate::scenario::model::Scenario;
use crate::timeline::{Event, Timeline};
use std::cell::OnceCell;
use std::sync::Arc;

/// Why the clock stopped where it did.
#[derive(Debug, Clone, PartialEq)]
pub enum Halt {
    /// At the time asked for.
    Reached,
    /// Something new reached the players: the first thing, in a few words.
    News(String),
    /// Deadlines fell due, all at this time.
    Deadline(Vec<Deadline>),
    /// The drill ended.
    Over,
}

/// Why [`Session::step_until`] stopped.
enum Stop {
    /// At the event with this index in the timeline.
    Event(usize),
    /// At the deadline.
    Deadline,
    /// At the limit, or the drill's end.
    Limit,
}

/// Something due at a sim time, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    pub due: u64,
    pub what: String,
}

pub struct Session<'a> {
    pub compiled: &'a Arc<Compiled>,
    pub scenario: &'a Scenario,
    pub plan: &'a Plan,
    pub sim: Sim,
    /// What the room said, and when.
    pub room: RoomLog,
    /// Whether the drill was ended (`end`, or input ran out): only the hot wash goes on.
    ended: bool,
    /// Decisions given since the clock last moved: the ones `undo` may take back.
    undoable: usize,
    /// The same scenario, plan and seed with no response, run when first needed.
    baseline: OnceCell<Timeline>,
}

impl<'a> Session<'a> {
    pub fn new(compiled: &'a Arc<Compiled>, seed: u64) -> Session<'a> {
        let sim = Sim::new(Arc::clone(compiled), seed);
        let (scenario, plan) = (&compiled.scenario, &compiled.plan);
        Session {
            compiled,
            scenario,
            plan,
            sim,
            room: RoomLog::default(),
            ended: false,
            undoable: 0,
            baseline: OnceCell::new(),
        }
    }

    /// Gives the session its baseline (`super::baseline` of the same compiled scenario and plan,
    /// and seed) when the caller already ran it: runs of several responses on one seed share one.
    pub fn with_baseline(self, baseline: Timeline) -> Session<'a> {
        let _ = self.baseline.set(baseline);
        self
    }

    /// The sim time now: when the next tick runs.
    pub fn now(&self) -> u64 {
        self.sim.now()
    }

    pub fn is_over(&self) -> bool {
        self.sim.is_over()
    }

    /// Whether the drill was ended: the clock is stopped for good and the report is due.
    pub fn is_ended(&self) -> bool {
        self.ended
    }

    /// Whether `undo` has something to take back.
    pub fn can_undo(&self) -> bool {
        self.undoable > 0
    }

    /// Applies one input. Entries the console recorded always apply; an error means the journal
    /// does not belong to this scenario, plan and seed.
    pub fn apply(&mut self, entry: &Entry) -> Result<(), String> {
        self.apply_stamped(entry, None)
    }

    /// As [`Session::apply`], for an input given at `wall` on the room's clock. The stamp goes to
    /// the room's record only: the simulation never reads it.
    pub fn apply_stamped(&mut self, entry: &Entry, wall: Option<&str>) -> Result<(), String> {
        let over = self.sim.is_over();
        if self.ended && !matches!(entry, Entry::Note { .. } | Entry::Answer { .. } | Entry::Hotwash { .. }) {
            return Err("an input after the drill was ended, other than a note, an answer or the hot wash".into());
        }
        self.room.take(entry, wall, self.sim.now())?;
        match entry {
            Entry::Decision { role, action, rationale, .. } if !over => {
                let decision = Decision { role: role.clone(), action: action.clone(), rationale: rationale.clone() };
                self.sim.apply(decision);
                self.undoable += 1;
            }
            Entry::Decision { .. } => return Err("a decision after the drill ended".into()),
            Entry::Note { .. } | Entry::Answer { .. } | Entry::Hotwash { .. } => {}
            Entry::Advance { to } => {
                self.sim.run_until(*to);
                self.undoable = 0;
            }
            Entry::Undo { .. } if self.undoable > 0 => {
                self.sim.withdraw_last();
                self.undoable -= 1;
            }
            Entry::Undo { .. } => return Err("an undo with no decision to take back".into()),
            Entry::Inject { inject, order, .. } if !over => self.sim.order_inject(inject, *order)?,
            Entry::Inject { .. } => return Err("an inject sent or held after the drill ended".into()),
            Entry::Rewind { .. } => return Err("a rewind is replayed by leaving out the move it takes back".into()),
            Entry::End { .. } => {
                self.sim.end_now();
                self.ended = true;
            }
            Entry::RunOut { .. } => {
                self.sim.run_to_end();
                self.ended = true;
            }
        }
        Ok(())
    }

    /// Moves the clock toward `limit` for the room, stopping at the first thing it must hear: news
    /// (an inject, an alert, a finding — not the echo of its own decisions), a deadline of the
    /// plan's steps, escalations or notification clocks falling due, or the drill's end; with
    /// `through`, only at the limit or the end. The time reached is recorded as
    /// `Advance { to }`, which replays to exactly this state.
    pub fn advance(&mut self, limit: u64, through: bool) -> Halt {
        let deadlines = if through { Vec::new() } else { self.next_deadlines() };
        let stop = self.step_until(limit, deadlines.first().map(|d| d.due), |e| !through && is_news(e));
        match stop {
            Stop::Deadline => Halt::Deadline(deadlines),
            Stop::Event(i) if self.sim.now() < limit => Halt::News(news_words(&self.sim.timeline().events[i].kind)),
            _ if self.sim.is_over() => Halt::Over,
            _ => Halt::Reached,
        }
    }

    /// Moves the clock on until news (as [`Session::advance`] has it) reaches the players, or by
    /// `limit` at the latest; with `echoes` also once a decision of the players' own is taken (a
    /// rule may answer it). Returns the time reached.
    pub fn next_stop_before(&mut self, limit: u64, echoes: bool) -> u64 {
        self.step_until(limit, None, |e| is_news(e) || (echoes && e.visible));
        self.now()
    }

    /// Steps the clock toward `limit`, tick by tick (quiet ticks passed over, but never past
    /// `deadline`), until a tick brings an event that `stops`, the deadline is reached, or the
    /// drill is over.
    fn step_until(&mut self, limit: u64, deadline: Option<u64>, stops: impl Fn(&Event) -> bool) -> Stop {
        while !self.sim.is_over() && self.sim.now() < limit {
            if deadline.is_some_and(|due| self.sim.now() >= due) {
                return Stop::Deadline;
            }
            let before = self.sim.timeline().events.len();
            // Quiet ticks show nothing: straight to the next tick where anything can happen.
            self.sim.skip_quiet(deadline.map_or(limit, |due| due.min(limit)));
            self.sim.step();
            self.undoable = 0;
            if let Some(i) = self.sim.timeline().events[before..].iter().position(&stops) {
                return Stop::Event(before + i);
            }
        }
        Stop::Limit
    }

    /// The earliest deadlines still ahead that are not yet met, all due at the same time: triggered
    /// plan steps not done, roles an escalation rule must brief, notifications not yet made.
    pub fn next_deadlines(&self) -> Vec<Deadline> {
        let now = self.now();
        let evaluation = self.evaluation();
        let steps =
            evaluation.steps.iter().filter(|s| s.triggered_at.is_some() && s.done_at.is_none()).filter_map(|s| {
                Some(Deadline {
                    due: s.due?,
                    what: format!("plan step {}/{} ({}), by {}", s.playbook, s.step, s.title, s.owner),
                })
            });
        let escalations = evaluation.escalations.iter().filter(|e| e.triggered_at.is_some()).flat_map(|e| {
            e.roles.iter().filter(|r| r.done_at.is_none()).filter_map(move |r| {
                Some(Deadline { due: e.due?, what: format!("escalation {}: brief {}", e.id, r.role) })
            })
        });
        let clocks = evaluation.clocks.iter().filter(|c| c.notified_at.is_none()).filter_map(|c| {
            Some(Deadline {
                due: c.deadline?,
                what: format!("{}: notify {}", c.regulation, crate::wording::party(c.notify)),
            })
        });
        let ahead: Vec<Deadline> = steps.chain(escalations).chain(clocks).filter(|d| d.due > now).collect();
        let first = ahead.iter().map(|d| d.due).min();
        ahead.into_iter().filter(|d| Some(d.due) == first).collect()
    }

    /// The session that a journal's `entries`, given at `walls` on the room's clock, make from its
    /// `header`, every rewind taken into account; or the place of the first entry that does not
    /// apply, and why.
    pub fn replayed(
        compiled: &'a Arc<Compiled>,
        header: &Header,
        entries: &[Entry],
        walls: &[Option<String>],
    ) -> Result<Session<'a>, (usize, String)> {
        let kept =
            super::journal::in_effect(entries).map_err(|i| (i, "a rewind with no clock move to take back".into()))?;
        let mut session = Session::new(compiled, header.seed);
        session.room = RoomLog::new(header);
        for (i, entry) in kept {
            let wall = walls.get(i).and_then(Option::as_deref);
            session.apply_stamped(entry, wall).map_err(|why| (i, why))?;
        }
        Ok(session)
    }

    /// The evaluation of the drill so far (or of the whole drill once it is over).
    pub fn evaluation(&self) -> Evaluation {
        evaluate(Inputs {
            compiled: self.compiled,
            timeline: self.sim.timeline(),
            baseline: self.baseline.get_or_init(|| super::baseline(self.compiled, self.sim.timeline().seed())),
            room: self.room.room(),
        })
    }
}

/// What a piece of news is, in a few words.
pub(super) fn news_words(kind: &crate::timeline::EventKind) -> String {
    use crate::timeline::EventKind as K;
    match kind {
        K::InjectDelivered { inject, .. } => format!("inject {inject} arrived"),
        K::AlertRaised { title, .. } => format!("an alert: {title}"),
        K::Finding { segment, .. } => format!("the finding of an investigation of {segment}"),
        K::ActionTookEffect { decision, .. } => format!("decision #{} took effect", decision + 1),
        K::ActionFailed { decision, .. } => format!("decision #{} failed", decision + 1),
        K::DecisionRejected { .. } => "a decision was refused".into(),
        K::ServiceDown { service } => format!("service {service} went down"),
        K::ServiceRestored { service } => format!("service {service} is back"),
        _ => "news for the room".into(),
    }
}

/// Whether the players see something new in `event`: anything visible but the echo of their own
/// decision.
pub(super) fn is_news(event: &Event) -> bool {
    event.visible && !matches!(event.kind, crate::timeline::EventKind::DecisionTaken { .. })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::{Action, Severity};
    use crate::exercise::command::{Vocabulary, parse};
    use proptest::prelude::*;

    fn fixtures() -> Arc<crate::compile::Compiled> {
        let read =
            |path: &str| crate::source::SourceFile { name: path.into(), text: std::fs::read_to_string(path).unwrap() };
        let scenario = crate::source::parse_ron(&read("tests/fixtures/valid/minimal.ron")).unwrap();
        let plan = crate::source::parse_ron(&read("tests/fixtures/valid/minimal-plan.ron")).unwrap();
        crate::compile::compile(scenario, plan).unwrap()
    }

    /// An input the console could have recorded, from a small menu.
    fn input(choice: u8, step: u64, session: &Session) -> Option<Entry> {
        let at = session.now();
        let decide =
            |role: &str, action: Action| Entry::Decision { at, role: role.into(), action, rationale: String::new() };
        Some(match choice % 8 {
            0 => Entry::Advance { to: at + step * 900 },
            1 => decide("it_operations", Action::IsolateSegment("servers".into())),
            2 => decide("it_operations", Action::IsolateHosts("workstations".into())),
            3 => decide("incident_commander", Action::ClassifySeverity(Severity::Sev1)),
            4 => decide("it_operations", Action::RestoreFromBackup("nas".into())),
            5 if session.can_undo() => Entry::Undo { at },
            6 => Entry::Note { at, text: format!("note {step}") },
            7 => decide("soc_analyst", Action::DisableAccount("it-admin".into())),
            _ => return None,
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

        /// Replaying what a live session recorded — including `next`, which steps the engine
        /// itself and records only the time it reached — rebuilds it exactly.
        #[test]
        fn replaying_the_journal_rebuilds_the_session(
            seed in any::<u64>(),
            script in prop::collection::vec((any::<u8>(), 1u64..12), 0..30),
        ) {
            let compiled = fixtures();
            let mut live = Session::new(&compiled, seed);
            let mut journal = Vec::new();
            for (choice, step) in script {
                if live.is_over() {
                    break;
                }
                if choice % 3 == 0 {
                    live.advance(u64::MAX, false);
                    let to = live.now();
                    journal.push(Entry::Advance { to });
                } else if let Some(entry) = input(choice / 3, step, &live) {
                    live.apply(&entry).unwrap();
                    journal.push(entry);
                }
            }
            journal.push(Entry::RunOut { at: live.now() });
            live.apply(journal.last().unwrap()).unwrap();
            let mut resumed = Session::new(&compiled, seed);
            for entry in &journal {
                resumed.apply(entry).unwrap();
            }
            prop_assert_eq!(live.sim.timeline(), resumed.sim.timeline());
            prop_assert_eq!(live.evaluation(), resumed.evaluation());
        }

        /// No command line, however odd, makes the parser panic.
        #[test]
        fn any_line_parses_or_is_refused(line in "\\PC{0,80}") {
            let compiled = fixtures();
            let _ = parse(&line, &Vocabulary { scenario: &compiled.scenario, plan: &compiled.plan, shown: None });
        }
    }
}
