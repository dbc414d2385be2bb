//! The rule engine: a team that answers what it sees. A rule says "when the players see X, role
//! R does A (or A on each thing X showed) after D". The `Responder` reads a run's timeline as it
//! grows, and queues the decisions its rules give; the script player hands them to the engine
//! when they fall due. Decisions files' rules and the automated team (`crate::team`, the plan
//! turned into rules) both run here. It reads only what the players saw, through the cue
//! language (`crate::cue`), so a rule can never act on something the team was not shown.

use crate::action::{Action, ActionKind, Severity};
use crate::compile::Artefact;
use crate::compile::Compiled;
use crate::cue::{Cue, Cues};
use crate::decisions::model::{ScriptedRule, Then};
use crate::engine::Decision;
use crate::engine::rng::{Dice, Purpose};
use crate::knowledge::{id_of, shown_by};
use crate::team::Imperfection;
use crate::timeline::{Event, EventKind};

/// A rule with its delay in seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub when: Cue,
    /// Cues that must all have gone off (in any order, the `when` event included) before the
    /// rule acts: a playbook step waits for its trigger and for the steps it comes after.
    pub since: Vec<Cue>,
    pub role: String,
    pub then: Then,
    pub after: u64,
    /// The deadline the rule answers to, in seconds after its cue: a late team acts past it.
    pub within: Option<u64>,
    /// A standing order (the automated team's): once its `since` cues have gone off it acts on
    /// every target seen so far and from then on, each once.
    pub standing: bool,
    pub rationale: String,
}

impl From<&ScriptedRule> for Rule {
    /// From a validated decisions file.
    fn from(rule: &ScriptedRule) -> Rule {
        Rule {
            when: rule.when.clone(),
            since: Vec::new(),
            role: rule.role.clone(),
            then: rule.then.clone(),
            after: rule.after.as_ref().and_then(|d| d.seconds().ok()).unwrap_or(0),
            within: None,
            standing: false,
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
pub const EACH_KINDS: [ActionKind; 10] = [
    ActionKind::BlockIoc,
    ActionKind::Patch,
    ActionKind::DisableAccount,
    ActionKind::ResetCredentials,
    ActionKind::IsolateKnownHosts,
    ActionKind::ReimageKnownHosts,
    ActionKind::IsolateHosts,
    ActionKind::IsolateSegment,
    ActionKind::CollectEvidence,
    ActionKind::RestoreFromBackup,
];

/// Reads a run's timeline and gives the decisions its rules call for.
///
/// What it will not give: a `Do` rule acts once (a cue it had nothing to do for leaves it
/// armed); an `Each` rule once per event and target; and no rule gives an action while the same
/// one is queued or under way, nor one whose effect already holds by the team's own record
/// (isolating a segment it has isolated, lifting an isolation that is not there, disabling a
/// disabled account, blocking a blocked indicator, patching a patched vulnerability, declaring
/// a severity milder than one declared or being declared). A briefing or a notice may be given
/// again: a playbook step asks for one after its trigger, whatever came before.
#[derive(Debug, Clone)]
pub struct Responder {
    rules: Vec<Rule>,
    /// For each rule, whether its `Do` has acted.
    done: Vec<bool>,
    /// For each rule, which of its `since` cues have gone off.
    seen: Vec<Vec<bool>>,
    /// For each standing order, the actions it has given.
    given: Vec<Vec<Action>>,
    /// A human team's slips, drawn on the run's dice; none for a scripted response.
    slips: Option<Slips>,
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

/// The chances of a slip, and the dice that decide each one.
#[derive(Debug, Clone)]
struct Slips {
    chances: Imperfection,
    dice: Dice,
}

/// Draw coordinates of the slips: the entity is the rule (or `ALERTS` for a missed alert), the
/// time the event's place in the timeline.
const ALERTS: u64 = u64::MAX;
const LATE: u64 = 0;
const HOW_LATE: u64 = 1;
const MISJUDGED: u64 = 2;

/// What the team's actions have done, as it saw them take effect.
#[derive(Debug, Clone, Default)]
struct Own {
    /// Segments and host groups cut off and not reconnected since.
    isolated: Vec<String>,
    /// Accounts disabled, indicators blocked, vulnerabilities patched.
    holding: Vec<Action>,
    /// The worst severity declared.
    declared: Option<Severity>,
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
            Action::ClassifySeverity(level) => self.declared = Some(self.declared.map_or(*level, |d| d.min(*level))),
            _ => {}
        }
    }

    /// Whether the action's effect already holds, or (to lift) there is nothing to undo.
    fn already(&self, action: &Action) -> bool {
        match action {
            Action::IsolateSegment(x) => self.isolated.contains(x),
            Action::LiftIsolation(x) => !self.isolated.contains(x),
            Action::DisableAccount(_) | Action::BlockIoc(_) | Action::Patch(_) => self.holding.contains(action),
            // Declaring the same level again is a playbook's step; a milder one is not.
            Action::ClassifySeverity(level) => self.declared.is_some_and(|d| d < *level),
            _ => false,
        }
    }
}

impl Responder {
    pub fn new(compiled: &Compiled, rules: Vec<Rule>) -> Responder {
        Responder {
            done: vec![false; rules.len()],
            seen: rules.iter().map(|r| vec![false; r.since.len()]).collect(),
            given: vec![Vec::new(); rules.len()],
            slips: None,
            rules,
            cues: compiled.cues.clone(),
            read: 0,
            queue: Vec::new(),
            pending: Vec::new(),
            own: Own::default(),
        }
    }

    /// A team that slips, by these chances, on the dice of the run seeded `seed`.
    pub fn slipping(mut self, chances: Imperfection, seed: u64) -> Responder {
        self.slips = Some(Slips { chances, dice: Dice::new(seed) });
        self
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
        for (i, event) in events.iter().enumerate().skip(self.read) {
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
            if self.missed(event) {
                continue;
            }
            for r in 0..self.rules.len() {
                let was_armed = self.seen[r].iter().all(|s| *s);
                for (cue, seen) in self.rules[r].since.iter().zip(self.seen[r].iter_mut()) {
                    *seen |= self.cues.matches(cue, event);
                }
                if self.done[r] || !self.seen[r].iter().all(|s| *s) {
                    continue;
                }
                let rule = &self.rules[r];
                // A standing order, once in force, also acts on what was seen before it.
                let sources: Vec<&Event> = if rule.standing && !was_armed {
                    events[..=i].iter().filter(|e| !self.missed(e) && self.cues.matches(&rule.when, e)).collect()
                } else if self.cues.matches(&rule.when, event) {
                    vec![event]
                } else {
                    continue;
                };
                let actions: Vec<Action> = sources.into_iter().flat_map(|e| actions(compiled, &rule.then, e)).collect();
                for (n, action) in actions.into_iter().enumerate() {
                    self.give(r, n as u64, action, event);
                }
            }
        }
        self.read = self.read.max(events.len());
    }

    /// Queues the `n`-th action rule `r` gives on seeing `event`, unless it is done, under way or
    /// (for a standing order) given before; a slipping team may misjudge it or give it late.
    fn give(&mut self, r: usize, n: u64, action: Action, event: &Event) {
        let rule = &self.rules[r];
        let roll = self.slips.as_ref().map(|s| (s.dice.at(Purpose::Team, r as u64, event.seq), s.chances));
        let draw = |what: u64| what + 3 * n;
        let action = match (action, roll) {
            (Action::ClassifySeverity(level), Some((roll, chances)))
                if roll.unit(draw(MISJUDGED)) < chances.misjudge_severity =>
            {
                Action::ClassifySeverity(milder(level))
            }
            (action, _) => action,
        };
        // With nothing to do now, a `Do` rule stays armed for a later cue; with the action under
        // way, someone is doing it.
        if self.own.already(&action) || self.declaring(&action) || (rule.standing && self.given[r].contains(&action)) {
            return;
        }
        self.done[r] = matches!(rule.then, Then::Do(_));
        if self.pending.contains(&action) {
            return;
        }
        let late = match (rule.within, roll) {
            // Late: past the deadline, by up to the deadline again.
            (Some(within), Some((roll, chances))) if roll.unit(draw(LATE)) < chances.act_late => {
                within + roll.below(draw(HOW_LATE), within as usize + 1) as u64
            }
            _ => 0,
        };
        if rule.standing {
            self.given[r].push(action.clone());
        }
        self.pending.push(action.clone());
        let decision = Decision { role: rule.role.clone(), action, rationale: rule.rationale.clone() };
        self.queue.push(Due { at: event.time.saturating_add(rule.after.max(late)), decision });
    }

    /// Whether a worse severity is being declared already.
    fn declaring(&self, action: &Action) -> bool {
        let Action::ClassifySeverity(level) = action else { return false };
        self.pending.iter().any(|p| matches!(p, Action::ClassifySeverity(l) if l < level))
    }

    /// Whether a slipping team misses this event: an alert nobody looked at.
    fn missed(&self, event: &Event) -> bool {
        let Some(slips) = &self.slips else { return false };
        matches!(event.kind, EventKind::AlertRaised { .. })
            && slips.dice.happens(Purpose::Team, ALERTS, event.seq, slips.chances.miss_alert)
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

/// The next milder severity (the mildest stays).
fn milder(level: Severity) -> Severity {
    match level {
        Severity::Sev1 => Severity::Sev2,
        Severity::Sev2 => Severity::Sev3,
        Severity::Sev3 | Severity::Sev4 => Severity::Sev4,
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
        // Where the alert fired.
        EventKind::AlertRaised { detection, .. } => {
            let places = compiled.cues.alert(detection).places;
            (Vec::new(), places.groups, places.segments)
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
        ActionKind::RestoreFromBackup => (covering(compiled, &segment), Action::RestoreFromBackup),
        _ => return Vec::new(),
    };
    targets.into_iter().map(make).collect()
}

/// The backups that cover any of these segments, in the scenario's order.
fn covering(compiled: &Compiled, segments: &[String]) -> Vec<String> {
    let backups = &compiled.scenario.environment.backups;
    let covers = |b: usize| {
        compiled.backups[b]
            .covers
            .iter()
            .any(|s| segments.contains(&compiled.scenario.environment.segments[s.get()].id))
    };
    (0..backups.len()).filter(|b| covers(*b)).map(|b| backups[b].id.clone()).collect()
}
