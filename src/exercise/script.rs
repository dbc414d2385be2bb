//! A scripted drill: decisions at fixed sim times, and the decisions its rules give as the
//! players see things happen, fed to the engine as its clock reaches them; the drill runs on to
//! its natural end. Notes and answers ride along.

use super::journal::Entry;
use super::session::Session;
use crate::compile::Compiled;
use crate::decisions::model::DecisionScript;
use crate::duration::format_seconds;
use crate::engine::Decision;
use crate::evaluate::model::{Answer, Note};
use crate::rules::{Responder, Rule};
use crate::team::{self, Imperfection};

/// A decision with its time in seconds.
#[derive(Debug, Clone)]
pub struct ScriptedDecision {
    pub at: u64,
    pub decision: Decision,
}

/// Everything a drill's inputs hold besides the scenario and plan, with times in seconds.
#[derive(Debug, Clone, Default)]
pub struct Script {
    pub decisions: Vec<ScriptedDecision>,
    pub rules: Vec<Rule>,
    pub notes: Vec<Note>,
    pub answers: Vec<Answer>,
    /// How the team slips, on each run's dice: the automated team's; none for a scripted one.
    pub slips: Option<Imperfection>,
}

impl Script {
    /// The contents of a (validated) decisions file, each list in time order; ties keep file order.
    pub fn from_file(script: &DecisionScript) -> Script {
        let seconds = |d: &crate::duration::HumanDuration| d.seconds().unwrap_or(0);
        let mut decisions: Vec<ScriptedDecision> = script
            .decisions
            .iter()
            .map(|d| ScriptedDecision {
                at: seconds(&d.at),
                decision: Decision { role: d.role.clone(), action: d.action.clone(), rationale: d.rationale.clone() },
            })
            .collect();
        decisions.sort_by_key(|d| d.at);
        let mut notes: Vec<Note> =
            script.notes.iter().map(|n| Note { at: seconds(&n.at), wall: None, text: n.text.clone() }).collect();
        notes.sort_by_key(|n| n.at);
        let mut answers: Vec<Answer> = script
            .answers
            .iter()
            .map(|a| Answer {
                at: seconds(&a.at),
                wall: None,
                inject: a.inject.clone(),
                question: a.question,
                text: a.text.clone(),
            })
            .collect();
        answers.sort_by_key(|a| a.at);
        let rules = script.rules.iter().map(Rule::from).collect();
        Script { decisions, rules, notes, answers, slips: None }
    }

    /// The automated team's response: the plan as rules (`crate::team`), slipping by `slips`.
    pub fn automated(compiled: &Compiled, slips: Imperfection) -> Script {
        Script { rules: team::rules(compiled, &[]), slips: Some(slips), ..Script::default() }
    }
}

/// Plays a script through a session: each timed decision is taken at the first tick at or after
/// its time, and each decision a rule gives at the first tick at or after it falls due (a timed
/// decision first when both fall due together). The drill then runs on to its natural end.
/// Decisions that fall after the drill ended are not played, and a note in the drill's record
/// says which. Returns the journal entries that replay it.
pub fn play(script: &Script, session: &mut Session) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut apply = |session: &mut Session, entry: Entry| {
        // Entries made here always apply: a decision is only given while the drill runs.
        let _ = session.apply(&entry);
        entries.push(entry);
    };
    let mut responder = Responder::new(session.compiled, script.rules.clone());
    if let Some(slips) = script.slips {
        responder = responder.slipping(slips, session.sim.timeline().seed());
    }
    let mut timed = script.decisions.iter().peekable();
    while !session.is_over() {
        responder.read(session.compiled, &session.sim.timeline().events);
        let now = session.now();
        let due = match timed.next_if(|d| d.at <= now) {
            Some(scripted) => {
                responder.note_given(&scripted.decision.action);
                Some(scripted.decision.clone())
            }
            None => responder.take_due(now).map(|d| d.decision),
        };
        if let Some(d) = due {
            let entry = Entry::Decision { at: now, role: d.role, action: d.action, rationale: d.rationale };
            apply(session, entry);
            continue;
        }
        let next = timed.peek().map(|d| d.at).into_iter().chain(responder.next_due()).min();
        let to = match next {
            // Without rules nothing in between matters: straight to the next decision.
            Some(at) if !responder.listens() => at,
            None if !responder.listens() => break,
            next => session.next_stop_before(next.unwrap_or(u64::MAX), true),
        };
        apply(session, Entry::Advance { to });
    }
    let mut not_played: Vec<ScriptedDecision> = timed.cloned().collect();
    not_played.extend(responder.leftover().into_iter().map(|d| ScriptedDecision { at: d.at, decision: d.decision }));
    not_played.sort_by_key(|d| d.at);
    if !not_played.is_empty() {
        // Said in the drill's own record, so the report shows it and a replay keeps it.
        let at = session.now();
        apply(session, Entry::Note { at, text: not_played_note(&not_played, at) });
    }
    for note in &script.notes {
        apply(session, Entry::Note { at: note.at, text: note.text.clone() });
    }
    for answer in &script.answers {
        let entry = Entry::Answer {
            at: answer.at,
            inject: answer.inject.clone(),
            question: answer.question,
            text: answer.text.clone(),
        };
        apply(session, entry);
    }
    let at = session.now();
    apply(session, Entry::RunOut { at });
    entries
}

/// The note on scripted decisions that came after the drill's end: how many, and the first few.
fn not_played_note(decisions: &[ScriptedDecision], ended: u64) -> String {
    const LISTED: usize = 5;
    let listed: Vec<String> = decisions
        .iter()
        .take(LISTED)
        .map(|d| {
            format!("+{} {} by {}", format_seconds(d.at), crate::action::words(&d.decision.action), d.decision.role)
        })
        .collect();
    let more = decisions.len().saturating_sub(LISTED);
    format!(
        "{} scripted decision(s) not played: the drill ended at +{} — {}{}",
        decisions.len(),
        format_seconds(ended),
        listed.join("; "),
        if more > 0 { format!("; and {more} more") } else { String::new() }
    )
}
