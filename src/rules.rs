//! The rule engine: a team that answers what it sees. A rule says "when the players see X, role
//! R does A (or A on each thing X showed) after D". The `Responder` reads a run's timeline as it
//! grows, and queues the decisions its rules give; a player (the script player today, the
//! automated team of Monte Carlo runs next) hands them to the engine when they fall due. It reads
//! only what the players saw, through the cue language (`crate::cue`), so a rule can never act on
//! something the team was not shown.

use crate::action::{Action, ActionKind};
use crate::compile::Artefact;
use crate::compile::Compiled;
use crate::cue::{Cue, Cues};
use crate::decisions::model::{ScriptedRule, Then};
use crate::engine::Decision;
use crate::knowledge::{id_of, shown_by};
use crate::timeline::{Event, EventKind};

/// A rule with its delay in seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub when: Cue,
    pub role: String,
    pub then: Then,
    pub after: u64,
    pub rationale: String,
}

impl From<&ScriptedRule> for Rule {
    /// From a validated decisions file.
    fn from(rule: &ScriptedRule) -> Rule {
        Rule {
            when: rule.when.clone(),
            role: rule.role.clone(),
            then: rule.then.clone(),
            after: rule.after.as_ref().and_then(|d| d.seconds().ok()).unwrap_or(0),
            rationale: rule.rationale.clone(),
        }
    }
}

/// A decision a rule gave, and when it falls due.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub at: u64,
    pub decision: Decision,
}

/// The kinds of action `Each` may take: those whose target an event can show.
pub const EACH_KINDS: [ActionKind; 9] = [
    ActionKind::BlockIoc,
    ActionKind::Patch,
    ActionKind::DisableAccount,
    ActionKind::ResetCredentials,
    ActionKind::IsolateKnownHosts,
    ActionKind::ReimageKnownHosts,
    ActionKind::IsolateHosts,
    ActionKind::IsolateSegment,
    ActionKind::CollectEvidence,
];

/// Reads a run's timeline and gives the decisions its rules call for.
///
/// What it will not give: a `Do` rule acts once (a cue it had nothing to do for leaves it
/// armed); an `Each` rule once per event and target; and no rule gives an action while the same
/// one is queued or under way, nor one whose effect already holds by the team's own record (isolating a segment it has isolated, lifting an
/// isolation that is not there, disabling a disabled account, blocking a blocked indicator,
/// patching a patched vulnerability).
#[derive(Debug, Clone)]
pub struct Responder {
    rules: Vec<Rule>,
    /// For each rule, whether its `Do` has acted.
    done: Vec<bool>,
    cues: Cues,
    /// How many of the timeline's events have been read.
    read: usize,
    /// Decisions given and not yet due, in the order given.
    queue: Vec<Due>,
    /// Actions given, by anyone, that have not yet taken effect, failed or been rejected.
    pending: Vec<Action>,
    /// The team's own record of what its actions did.
    own: Own,
}

/// What the team's actions have done, as it saw them take effect.
#[derive(Debug, Clone, Default)]
struct Own {
    /// Segments and host groups cut off and not reconnected since.
    isolated: Vec<String>,
    /// Accounts disabled, indicators blocked, vulnerabilities patched.
    holding: Vec<Action>,
}

impl Own {
    fn took_effect(&mut self, compiled: &Compiled, action: &Action) {
        match action {
            Action::IsolateSegment(x) | Action::IsolateHosts(x) | Action::IsolateKnownHosts(x) => {
                self.isolated.push(x.clone())
            }
            Action::LiftIsolation(x) => self.isolated.retain(|i| i != x),
            Action::RestoreFromBackup(b) => {
                let covers = compiled.lookup.backups.get(b).map(|b| compiled.backups[b.get()].covers.clone());
                let segments = &compiled.scenario.environment.segments;
                for s in covers.unwrap_or_default() {
                    self.isolated.retain(|i| i != &segments[s.get()].id);
                }
            }
            Action::DisableAccount(_) | Action::BlockIoc(_) | Action::Patch(_) => self.holding.push(action.clone()),
            _ => {}
        }
    }

    /// Whether the action's effect already holds, or (to lift) there is nothing to undo.
    fn already(&self, action: &Action) -> bool {
        match action {
            Action::IsolateSegment(x) => self.isolated.contains(x),
            Action::LiftIsolation(x) => !self.isolated.contains(x),
            Action::DisableAccount(_) | Action::BlockIoc(_) | Action::Patch(_) => self.holding.contains(action),
            _ => false,
        }
    }
}

impl Responder {
    pub fn new(compiled: &Compiled, rules: Vec<Rule>) -> Responder {
        Responder {
            done: vec![false; rules.len()],
            rules,
            cues: compiled.cues.clone(),
            read: 0,
            queue: Vec::new(),
            pending: Vec::new(),
            own: Own::default(),
        }
    }

    /// Whether it has any rules, so needs to see each new event as it happens.
    pub fn listens(&self) -> bool {
        !self.rules.is_empty()
    }

    /// Records an action given by someone else (a timed decision), so no rule repeats it while
    /// it is under way.
    pub fn note_given(&mut self, action: &Action) {
        self.pending.push(action.clone());
    }

    /// Reads the events the timeline gained since the last call and queues what the rules say.
    pub fn read(&mut self, compiled: &Compiled, events: &[Event]) {
        for event in events.iter().skip(self.read) {
            match &event.kind {
                EventKind::ActionTookEffect { action, .. } => {
                    self.settle(action);
                    self.own.took_effect(compiled, action);
                }
                EventKind::ActionFailed { action, .. } | EventKind::DecisionRejected { action, .. } => {
                    self.settle(action)
                }
                _ => {}
            }
            for (r, rule) in self.rules.iter().enumerate() {
                if self.done[r] || !self.cues.matches(&rule.when, event) {
                    continue;
                }
                for action in actions(compiled, &rule.then, event) {
                    // With nothing to do now, a `Do` rule stays armed for a later cue; with the
                    // action under way, someone is doing it.
                    if self.own.already(&action) {
                        continue;
                    }
                    self.done[r] = matches!(rule.then, Then::Do(_));
                    if self.pending.contains(&action) {
                        continue;
                    }
                    self.pending.push(action.clone());
                    let decision = Decision { role: rule.role.clone(), action, rationale: rule.rationale.clone() };
                    self.queue.push(Due { at: event.time.saturating_add(rule.after), decision });
                }
            }
        }
        self.read = self.read.max(events.len());
    }

    /// An action is no longer under way: it took effect, failed or was rejected.
    fn settle(&mut self, action: &Action) {
        if let Some(at) = self.pending.iter().position(|a| a == action) {
            self.pending.remove(at);
        }
    }

    /// When the next queued decision falls due.
    pub fn next_due(&self) -> Option<u64> {
        self.queue.iter().map(|d| d.at).min()
    }

    /// Takes the first queued decision due by `now` (earliest first; ties in the order given).
    pub fn take_due(&mut self, now: u64) -> Option<Due> {
        let first = self.queue.iter().enumerate().filter(|(_, d)| d.at <= now).min_by_key(|(i, d)| (d.at, *i))?.0;
        Some(self.queue.remove(first))
    }

    /// Everything still queued, earliest first: what a drill that ended did not play.
    pub fn leftover(self) -> Vec<Due> {
        let mut queue = self.queue;
        queue.sort_by_key(|d| d.at);
        queue
    }
}

/// The actions a rule's `then` gives for one event.
fn actions(compiled: &Compiled, then: &Then, event: &Event) -> Vec<Action> {
    let kind = match then {
        Then::Do(action) => return vec![action.clone()],
        Then::Each(kind) => *kind,
    };
    let shown = shown_by(compiled, &event.kind);
    let artefacts = |want: fn(&Artefact) -> bool| -> Vec<String> {
        shown.iter().filter(|a| want(a)).map(|a| id_of(compiled, *a).to_string()).collect()
    };
    let (accounts, groups, segment) = match &event.kind {
        EventKind::Finding { segment, hosts, accounts, .. } => {
            let groups: Vec<String> = hosts.iter().filter(|(_, n)| **n > 0).map(|(g, _)| g.clone()).collect();
            let segment = if groups.is_empty() { Vec::new() } else { vec![segment.clone()] };
            (accounts.clone(), groups, segment)
        }
        // One of the team's own actions on a host group or segment finished: its target.
        EventKind::ActionTookEffect { action, .. } => {
            let target = action.scenario_target().unwrap_or_default();
            let ids = &compiled.lookup;
            let segments = &compiled.scenario.environment.segments;
            match (ids.groups.get(target), ids.segments.get(target)) {
                (Some(g), _) => {
                    let segment = segments[compiled.groups[g.get()].segment.get()].id.clone();
                    (Vec::new(), vec![target.to_string()], vec![segment])
                }
                (None, Some(_)) => (Vec::new(), Vec::new(), vec![target.to_string()]),
                _ => (Vec::new(), Vec::new(), Vec::new()),
            }
        }
        _ => (Vec::new(), Vec::new(), Vec::new()),
    };
    let (targets, make): (Vec<String>, fn(String) -> Action) = match kind {
        ActionKind::BlockIoc => (artefacts(|a| matches!(a, Artefact::Indicator(_))), Action::BlockIoc),
        ActionKind::Patch => (artefacts(|a| matches!(a, Artefact::Vulnerability(_))), Action::Patch),
        ActionKind::DisableAccount => (accounts, Action::DisableAccount),
        ActionKind::ResetCredentials => (accounts, Action::ResetCredentials),
        ActionKind::IsolateKnownHosts => (groups, Action::IsolateKnownHosts),
        ActionKind::ReimageKnownHosts => (groups, Action::ReimageKnownHosts),
        ActionKind::IsolateHosts => (groups, Action::IsolateHosts),
        ActionKind::IsolateSegment => (segment, Action::IsolateSegment),
        ActionKind::CollectEvidence => (segment, Action::CollectEvidence),
        _ => return Vec::new(),
    };
    targets.into_iter().map(make).collect()
}
