//! A drill in progress: the engine plus everything the facilitator recorded. Journal entries
//! are its only way to change, so replaying a journal rebuilds the same session exactly.

use super::journal::Entry;
use crate::compile::Compiled;
use crate::engine::{Decision, Sim};
use crate::evaluate::model::{Answer, Note};
use crate::evaluate::{Evaluation, Inputs, evaluate};
use crate::plan::model::Plan;
use crate::scenario::model::Scenario;
use crate::timeline::Timeline;
use std::cell::OnceCell;
use std::sync::Arc;

pub struct Session<'a> {
    pub compiled: &'a Arc<Compiled>,
    pub scenario: &'a Scenario,
    pub plan: &'a Plan,
    pub sim: Sim,
    pub notes: Vec<Note>,
    pub answers: Vec<Answer>,
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
            notes: Vec::new(),
            answers: Vec::new(),
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

    /// Whether `undo` has something to take back.
    pub fn can_undo(&self) -> bool {
        self.undoable > 0
    }

    /// Applies one input. Entries the console recorded always apply; an error means the journal
    /// does not belong to this scenario, plan and seed.
    pub fn apply(&mut self, entry: &Entry) -> Result<(), String> {
        let over = self.sim.is_over();
        match entry {
            Entry::Decision { role, action, rationale, .. } if !over => {
                let decision = Decision { role: role.clone(), action: action.clone(), rationale: rationale.clone() };
                self.sim.apply(decision);
                self.undoable += 1;
            }
            Entry::Decision { .. } => return Err("a decision after the drill ended".into()),
            Entry::Note { at, text } => self.notes.push(Note { at: *at, text: text.clone() }),
            Entry::Answer { at, inject, question, text } => {
                let answer = Answer { at: *at, inject: inject.clone(), question: *question, text: text.clone() };
                self.answers.push(answer);
            }
            Entry::Advance { to } => {
                self.sim.run_until(*to);
                self.undoable = 0;
            }
            Entry::Undo { .. } if self.undoable > 0 => {
                self.sim.withdraw_last();
                self.undoable -= 1;
            }
            Entry::Undo { .. } => return Err("an undo with no decision to take back".into()),
            Entry::End { .. } => self.sim.end_now(),
            Entry::RunOut { .. } => self.sim.run_to_end(),
        }
        Ok(())
    }

    /// Runs ticks until something new reaches the players (not the echo of their own decisions)
    /// or the drill ends, and returns the time reached: recorded as `Advance { to }`, which
    /// replays to exactly this state.
    pub fn next_stop(&mut self) -> u64 {
        self.next_stop_before(u64::MAX, false)
    }

    /// As `next_stop`, but stops by `limit` at the latest, and with `echoes` also once a
    /// decision of the players' own is taken (a rule may answer it).
    pub fn next_stop_before(&mut self, limit: u64, echoes: bool) -> u64 {
        while !self.sim.is_over() && self.sim.now() < limit {
            let before = self.sim.timeline().events.len();
            // Quiet ticks show nothing: straight to the next tick where anything can happen.
            self.sim.skip_quiet(limit);
            self.sim.step();
            self.undoable = 0;
            let news = self.sim.timeline().events[before..]
                .iter()
                .any(|e| e.visible && (echoes || !matches!(e.kind, crate::timeline::EventKind::DecisionTaken { .. })));
            if news {
                break;
            }
        }
        self.now()
    }

    /// The evaluation of the drill so far (or of the whole drill once it is over).
    pub fn evaluation(&self) -> Evaluation {
        evaluate(Inputs {
            compiled: self.compiled,
            timeline: self.sim.timeline(),
            baseline: self.baseline.get_or_init(|| super::baseline(self.compiled, self.sim.timeline().seed())),
            notes: self.notes.clone(),
            answers: self.answers.clone(),
        })
    }
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
                    let to = live.next_stop();
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
