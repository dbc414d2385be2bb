//! What the evaluation reads off a timeline, once: when the adversary first succeeded, which
//! alerts reached the players and what they revealed, the team's decisions, and the situation.

use super::model::HarmWhileDue;
use crate::action::{Action, ActionKind, Severity};
use crate::compile::Compiled;
use crate::cost::Cost;
use crate::cue::{Cue, Cues};
use crate::plan::model::StepTarget;
use crate::scenario::model::{AlertSeverity, DataClass, Effect, Scenario};
use crate::timeline::{EndReason, Event, EventKind, Situation, Timeline};
use std::collections::{BTreeMap, BTreeSet};

/// An alert as the players received it.
#[derive(Debug, Clone)]
pub struct AlertFact {
    pub time: u64,
    pub severity: AlertSeverity,
}

/// A decision the engine accepted.
#[derive(Debug, Clone)]
pub struct DecisionFact {
    pub time: u64,
    pub role: String,
    pub action: Action,
}

/// Everything the metrics, the plan and the ratings are judged on.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub first_compromise: Option<u64>,
    pub alerts: Vec<AlertFact>,
    pub decisions: Vec<DecisionFact>,
    /// Actions that took effect (by the decision's role), in time order, the hidden run-on
    /// included: what the team's decisions actually did.
    pub effects: Vec<DecisionFact>,
    /// The situation after every change, in time order.
    pub situations: Vec<(u64, Situation)>,
    pub records: BTreeMap<DataClass, u64>,
    pub records_total: u64,
    /// Records out, as (time, records), in time order.
    pub exfiltrations: Vec<(u64, u64)>,
    pub privileged_account_taken: bool,
    /// Service id → list of (down, up) times; `up` is `None` when it never came back.
    pub outages: BTreeMap<String, Vec<(u64, Option<u64>)>>,
    /// Service id → list of (from, until) times it ran degraded; `until` is `None` when it
    /// still did at the end.
    pub degradations: BTreeMap<String, Vec<(u64, Option<u64>)>>,
    /// Money the adversary stole, and the part of it recalls got back.
    pub funds_stolen: f64,
    pub funds_recovered: f64,
    /// When the first inject that reports the incident, or shows something of the attack (it
    /// reveals an indicator, a vulnerability, a breach or what the incident is), reached the
    /// players.
    pub first_report: Option<u64>,
    /// Inject id → when it reached the players, for the injects delivered in the drill.
    pub delivered: BTreeMap<String, u64>,
    /// When and why the drill ended: the team had until then to act.
    pub ended_at: u64,
    pub end_reason: Option<EndReason>,
    /// The incident's cost at its true end (the drill's end, unless it ran on hidden), by component.
    pub cost: Cost,
    /// For a drill that ended early: the incident's true end, and the drill's end as it stood.
    pub run_on: Option<RunOn>,
    /// Stages the team's actions stopped: when, which, and by what (the hidden run-on included).
    pub stages_stopped: Vec<(u64, String, Action)>,
    /// What the adversary used in the run, to tell a step aimed at it from one aimed elsewhere.
    pub footprint: Footprint,
    /// The timeline's events up to the drill's end, and the cues read over them.
    drill: Vec<Event>,
    cues: Cues,
}

/// What the adversary used in a run (the hidden run-on included): the ids a plan step's
/// `StepTarget` accepts.
#[derive(Debug, Clone, Default)]
pub struct Footprint {
    /// Indicators the scenario's exfiltrations go out through.
    pub channels: BTreeSet<String>,
    /// Accounts it obtained.
    pub accounts: BTreeSet<String>,
    /// Host groups, and the segments holding them, where it held hosts.
    pub hosts: BTreeSet<String>,
}

/// A drill that ended before the incident did: when and why the incident ended, and where
/// things stood when the drill ended, to show what the early end cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunOn {
    pub ended_at: u64,
    pub reason: EndReason,
    pub cost_at_drill_end: f64,
    pub records_at_drill_end: u64,
    pub situation_at_drill_end: Situation,
}

impl Facts {
    pub fn read(compiled: &Compiled, timeline: &Timeline) -> Facts {
        let scenario = &compiled.scenario;
        let mut facts = Facts { cues: compiled.cues.clone(), ..Facts::default() };
        facts.footprint.channels = scenario
            .adversary
            .stages
            .iter()
            .flat_map(|stage| &stage.effects)
            .filter_map(|effect| match effect {
                Effect::Exfiltrate { via: Some(ioc), .. } => Some(ioc.clone()),
                _ => None,
            })
            .collect();
        let segment_of = |group: &str| {
            let segments = scenario.environment.segments.iter();
            segments.clone().find(|s| s.hosts.iter().any(|h| h.id == group)).map(|s| s.id.clone())
        };
        let mut drill_over = false;
        // Decision number → the role that took it, for the actions that take effect later.
        let mut roles: BTreeMap<u64, String> = BTreeMap::new();
        for event in &timeline.events {
            let time = event.time;
            if !drill_over {
                facts.ended_at = facts.ended_at.max(time);
                facts.drill.push(event.clone());
            }
            match &event.kind {
                // After the drill, the incident runs on hidden: only harm counts, not what
                // nobody was there to see or do.
                EventKind::AlertRaised { .. } | EventKind::DecisionTaken { .. } | EventKind::InjectDelivered { .. }
                    if drill_over => {}
                EventKind::StageSucceeded { stage, .. } => {
                    let legitimate = scenario.adversary.stages.iter().any(|s| &s.id == stage && s.legitimate);
                    if !legitimate {
                        facts.first_compromise.get_or_insert(time);
                    }
                }
                EventKind::AlertRaised { severity, .. } => facts.alerts.push(AlertFact { time, severity: *severity }),
                EventKind::DecisionTaken { decision, role, action, .. } => {
                    facts.decisions.push(DecisionFact { time, role: role.clone(), action: action.clone() });
                    roles.insert(*decision, role.clone());
                }
                EventKind::ActionTookEffect { decision, action } => {
                    let role = roles.get(decision).cloned().unwrap_or_default();
                    facts.effects.push(DecisionFact { time, role, action: action.clone() });
                }
                EventKind::Situation(situation) => facts.situations.push((time, *situation)),
                EventKind::StageStopped { stage, by } => facts.stages_stopped.push((time, stage.clone(), by.clone())),
                EventKind::RecordsExfiltrated { records, classes, .. } => {
                    facts.records_total += records;
                    facts.exfiltrations.push((time, *records));
                    for class in classes {
                        *facts.records.entry(*class).or_default() += records;
                    }
                }
                EventKind::HostsCompromised { group, .. } => {
                    facts.footprint.hosts.extend(segment_of(group));
                    facts.footprint.hosts.insert(group.clone());
                }
                EventKind::AccountObtained { account } => {
                    facts.footprint.accounts.insert(account.clone());
                    let spec = scenario.environment.accounts.iter().find(|a| &a.id == account);
                    facts.privileged_account_taken |= spec.is_some_and(|a| a.privileged);
                }
                EventKind::ServiceDown { service } => {
                    facts.outages.entry(service.clone()).or_default().push((time, None))
                }
                EventKind::ServiceRestored { service } => {
                    if let Some(last) = facts.outages.get_mut(service).and_then(|o| o.last_mut()) {
                        last.1 = Some(time);
                    }
                }
                EventKind::ServiceDegraded { service, .. } => {
                    let spells = facts.degradations.entry(service.clone()).or_default();
                    // A new share of the same spell of degraded running.
                    if spells.last().is_none_or(|(_, until)| until.is_some()) {
                        spells.push((time, None));
                    }
                }
                EventKind::ServiceDegradationEnded { service } => {
                    if let Some(last) = facts.degradations.get_mut(service).and_then(|o| o.last_mut()) {
                        last.1 = Some(time);
                    }
                }
                EventKind::FundsStolen { amount, .. } => facts.funds_stolen += amount,
                EventKind::FundsRecovered { amount, .. } => facts.funds_recovered += amount,
                EventKind::InjectDelivered { inject, .. } => {
                    facts.delivered.entry(inject.clone()).or_insert(time);
                    let signals = |x: &&crate::scenario::model::Inject| x.reports_incident || !x.reveals.is_empty();
                    if scenario.injects.iter().any(|x| &x.id == inject && signals(&x)) {
                        facts.first_report.get_or_insert(time);
                    }
                }
                EventKind::RunEnded { reason, cost } => {
                    drill_over = true;
                    facts.end_reason = Some(*reason);
                    facts.cost = *cost;
                }
                EventKind::IncidentEnded { reason, cost } => {
                    facts.run_on = Some(RunOn {
                        ended_at: time,
                        reason: *reason,
                        cost_at_drill_end: facts.cost.total(),
                        records_at_drill_end: facts.records_total_at(facts.ended_at),
                        situation_at_drill_end: facts.situation_at(facts.ended_at),
                    });
                    facts.cost = *cost;
                }
                _ => {}
            }
        }
        facts
    }

    /// When the incident ended: the drill's end, or later if it ran on hidden.
    pub fn incident_end(&self) -> u64 {
        self.run_on.map_or(self.ended_at, |r| r.ended_at)
    }

    /// The situation as it stood at `time`.
    fn situation_at(&self, time: u64) -> Situation {
        self.situations.iter().take_while(|(t, _)| *t <= time).last().map(|(_, s)| *s).unwrap_or_default()
    }

    /// Records out by `time`.
    fn records_total_at(&self, time: u64) -> u64 {
        self.exfiltrations.iter().take_while(|(t, _)| *t <= time).map(|(_, n)| n).sum()
    }

    /// When the players first saw `cue` happen in the drill.
    pub fn first_seen(&self, cue: &Cue) -> Option<u64> {
        self.cues.first(cue, &self.drill)
    }

    pub fn first_alert(&self) -> Option<u64> {
        self.alerts.first().map(|a| a.time)
    }

    /// When the players were first told something was wrong: the first alert, or the first inject
    /// that reports the incident.
    pub fn first_signal(&self) -> Option<u64> {
        self.first_alert().into_iter().chain(self.first_report).min()
    }

    /// The team's first response to a signal: its first decision at or after it. A decision
    /// before any signal (closing the incident at +0m, acting on a hunch) responds to nothing, and
    /// a custom action (a ticket logged, a note) changes nothing and is not a response.
    pub fn first_response(&self) -> Option<u64> {
        self.first_decision_from(self.first_signal()?)
    }

    /// The team's detection of the compromise: its first response at or after both a signal and
    /// the compromise itself. Nothing is detected before the incident exists: a report handled
    /// before the adversary succeeded detects nothing that came after.
    pub fn first_detection(&self) -> Option<u64> {
        let from = self.first_signal()?.max(self.first_compromise.unwrap_or(0));
        self.first_decision_from(from)
    }

    fn first_decision_from(&self, from: u64) -> Option<u64> {
        let responds = |d: &&DecisionFact| d.time >= from && d.action.kind() != ActionKind::Custom;
        self.decisions.iter().find(responds).map(|d| d.time)
    }

    /// The first accepted decision of a kind, if any.
    pub fn first_decision(&self, kind: ActionKind) -> Option<&DecisionFact> {
        self.decisions.iter().find(|d| d.action.kind() == kind)
    }

    /// The evidence that something asked for at `from` was done: the first action taken into
    /// effect matching `f` (which sees the action and the role that decided it) at or after `from`; failing that, one that took effect before it and was
    /// still in effect then (an isolation not lifted since, an account disabled, an indicator
    /// blocked, a vulnerability patched). A rejected or unfinished action is no evidence, and
    /// neither is paperwork done before it was asked for.
    pub fn done_since(&self, from: u64, f: impl Fn(&DecisionFact) -> bool) -> Option<&DecisionFact> {
        let matching = || self.effects.iter().filter(|e| f(e));
        matching()
            .find(|e| e.time >= from)
            .or_else(|| matching().filter(|e| e.time < from && self.lasting(e, from)).last())
    }

    /// When, at or after `from`, a role was engaged: an escalation to it took effect, or it took
    /// a decision itself. `is_role` says which roles count (a role and the one covering it).
    pub fn engaged_since(&self, from: u64, is_role: impl Fn(&str) -> bool) -> Option<&DecisionFact> {
        let told = self.done_since(from, |d| matches!(&d.action, Action::Escalate(r) if is_role(r)));
        let acted = self.decisions.iter().find(|d| d.time >= from && is_role(&d.role));
        [told, acted].into_iter().flatten().min_by_key(|d| d.time)
    }

    /// Whether an action that took effect was still in effect at `at`.
    fn lasting(&self, effect: &DecisionFact, at: u64) -> bool {
        match &effect.action {
            Action::IsolateSegment(x) | Action::IsolateHosts(x) | Action::IsolateKnownHosts(x) => !self
                .effects
                .iter()
                .any(|e| e.time >= effect.time && e.time < at && e.action == Action::LiftIsolation(x.clone())),
            Action::DisableAccount(_) | Action::ResetCredentials(_) | Action::BlockIoc(_) | Action::Patch(_) => true,
            _ => false,
        }
    }

    /// Whether an action is aimed at what a step asks for: at the kind of thing `target` names,
    /// as the adversary used it in this run. An account or hosts the action kept from the
    /// adversary (it stopped a stage) count too; a channel is the scenario's, used or not.
    pub fn aimed(&self, target: Option<StepTarget>, action: &Action) -> bool {
        let stopped_a_stage = || self.stages_stopped.iter().any(|(_, _, by)| by == action);
        match (target, action) {
            (None, _) => true,
            (Some(StepTarget::ExfiltrationChannel), Action::BlockIoc(ioc)) => self.footprint.channels.contains(ioc),
            (Some(StepTarget::AdversaryAccount), Action::DisableAccount(id) | Action::ResetCredentials(id)) => {
                self.footprint.accounts.contains(id) || stopped_a_stage()
            }
            (
                Some(StepTarget::AffectedHosts),
                Action::IsolateSegment(id)
                | Action::IsolateHosts(id)
                | Action::IsolateKnownHosts(id)
                | Action::ReimageKnownHosts(id)
                | Action::CollectEvidence(id),
            ) => self.footprint.hosts.contains(id) || stopped_a_stage(),
            _ => false,
        }
    }

    /// The harm done between `from` and `until`: records out, hosts newly encrypted, and
    /// critical services' downtime in that span.
    pub fn harm_between(&self, scenario: &Scenario, from: u64, until: u64) -> HarmWhileDue {
        let records = self.exfiltrations.iter().filter(|(t, _)| *t > from && *t <= until).map(|(_, n)| n).sum();
        let encrypted_at =
            |t: u64| self.situations.iter().take_while(|(at, _)| *at <= t).last().map_or(0, |(_, s)| s.encrypted);
        let critical = |id: &String| scenario.environment.services.iter().any(|s| &s.id == id && s.critical);
        let critical_downtime = (self.outages.iter().filter(|(id, _)| critical(id)))
            .flat_map(|(_, spells)| spells)
            .map(|(down, up)| up.unwrap_or(self.incident_end()).min(until).saturating_sub((*down).max(from)))
            .sum();
        HarmWhileDue {
            records,
            hosts_encrypted: encrypted_at(until).saturating_sub(encrypted_at(from)),
            critical_downtime,
        }
    }

    /// The first declared severity at least as bad as `level`.
    pub fn declared(&self, level: Severity) -> Option<(u64, Severity)> {
        self.decisions.iter().find_map(|d| match d.action {
            Action::ClassifySeverity(s) if s <= level => Some((d.time, s)),
            _ => None,
        })
    }

    /// The worst severity the team declared.
    pub fn worst_declared(&self) -> Option<Severity> {
        self.decisions
            .iter()
            .filter_map(|d| if let Action::ClassifySeverity(s) = d.action { Some(s) } else { None })
            .min()
    }

    /// The time from which `holds` is true of the situation until the end, if it is at the end.
    /// Nothing having happened yet counts as not reached.
    pub fn holds_from(&self, holds: fn(&Situation) -> bool) -> Option<u64> {
        let (_, last) = self.situations.last()?;
        if !holds(last) {
            return None;
        }
        let mut since = self.situations.last().map(|(t, _)| *t);
        for (time, situation) in self.situations.iter().rev() {
            if !holds(situation) {
                break;
            }
            since = Some(*time);
        }
        since
    }

    /// The largest value of a situation count over the run, and its final value.
    pub fn peak_and_final(&self, count: fn(&Situation) -> u64) -> (u64, u64) {
        let peak = self.situations.iter().map(|(_, s)| count(s)).max().unwrap_or(0);
        (peak, self.situations.last().map_or(0, |(_, s)| count(s)))
    }
}
