//! The cue language: what the players can see happen, written once and read in one place. Plan
//! playbook triggers, notification-clock starts and the rules of decisions files are all cues,
//! and `Cues::matches` is their only interpreter. It reads only visible events of the drill
//! itself, so nothing the players were not shown (or that happened after the drill ended) sets
//! a cue off.

use crate::action::{Action, Severity};
use crate::checks::{Findings, Ids, MAX_LIST};
use crate::scenario::model::{AlertSeverity, DataClass, DetectionSource, Effect, Scenario, Tactic, Watch};
use crate::source::locate::FieldPath;
use crate::timeline::{Event, EventKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Something the players see happen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cue {
    /// Any alert reaching the players.
    #[serde(alias = "FirstAlert")]
    AnyAlert,
    /// The alert of this detection (its id in the scenario).
    Alert(String),
    /// An alert from this source.
    AlertFrom(DetectionSource),
    /// An alert of this severity or worse.
    AlertAtLeast(AlertSeverity),
    /// An alert on a stage of this tactic (e.g. `Impact` for ransomware).
    TacticDetected(Tactic),
    /// An alert on exfiltration of data of any of these classes, or an alert or inject that
    /// reveals a breach of one (`reveals: [Breach([Pii])]`).
    #[serde(alias = "BreachAwareness")]
    DataBreachSuspected(Vec<DataClass>),
    /// This inject (its id in the scenario).
    Inject(String),
    /// The finding of any investigation.
    AnyFinding,
    /// The finding of an investigation of this segment.
    Finding(String),
    /// A finding that shows the adversary holding a host or an account.
    FoundHeld,
    /// The finding of an investigation of this segment that shows nothing held there.
    FoundClean(String),
    /// One of the team's own actions took effect (e.g. `TookEffect(Patch("gateway-cve"))`).
    TookEffect(Action),
    /// The team declares this severity or worse.
    SeverityDeclared(Severity),
    /// The executives determine the incident is material.
    MaterialityDetermined,
    /// Any of these.
    Any(Vec<Cue>),
}

impl Cue {
    /// The actions its `TookEffect` cues name, with where each is written (`at` being the cue's).
    pub fn actions<'c>(&'c self, at: &FieldPath) -> Vec<(FieldPath, &'c Action)> {
        match self {
            Cue::TookEffect(action) => vec![(at.index(0), action)],
            Cue::Any(cues) => cues.iter().enumerate().flat_map(|(i, c)| c.actions(&at.index(0).index(i))).collect(),
            _ => Vec::new(),
        }
    }

    /// How many cues it is made of, itself included: what reading it costs per event.
    pub fn size(&self) -> u64 {
        match self {
            Cue::Any(cues) => 1 + cues.iter().map(Cue::size).sum::<u64>(),
            _ => 1,
        }
    }

    /// The scenario ids the cue names, with what they name: a plan, shared by every scenario,
    /// may name none.
    pub fn names(&self) -> Vec<(&'static str, &str)> {
        match self {
            Cue::Alert(id) => vec![("detection", id)],
            Cue::Inject(id) => vec![("inject", id)],
            Cue::Finding(id) | Cue::FoundClean(id) => vec![("segment", id)],
            Cue::Any(cues) => cues.iter().flat_map(Cue::names).collect(),
            _ => Vec::new(),
        }
    }
}

/// What the scenario says about each detection's alert, for cues that ask about its source,
/// tactics or the data at stake.
#[derive(Debug, Clone, Default)]
pub struct AlertInfo {
    pub source: Option<DetectionSource>,
    /// Tactics of the stages the detection watches.
    pub tactics: BTreeSet<Tactic>,
    /// Data classes those stages exfiltrate, and those of a breach the alert reveals.
    pub classes: BTreeSet<DataClass>,
}

/// Reads cues against one scenario.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    alerts: BTreeMap<String, AlertInfo>,
    /// Injects that reveal a breach, with its data classes.
    breaches: BTreeMap<String, BTreeSet<DataClass>>,
}

impl Cues {
    pub fn new(scenario: &Scenario) -> Cues {
        let alerts = scenario.detections.iter().map(|d| (d.id.clone(), alert_info(scenario, d))).collect();
        let breaches = scenario
            .injects
            .iter()
            .map(|i| (i.id.clone(), breach_classes(&i.reveals)))
            .filter(|(_, classes)| !classes.is_empty())
            .collect();
        Cues { alerts, breaches }
    }

    /// What the scenario says about a detection's alert (nothing, for an unknown one).
    pub fn alert(&self, detection: &str) -> AlertInfo {
        self.alerts.get(detection).cloned().unwrap_or_default()
    }

    /// Whether the players seeing `event` sets `cue` off.
    pub fn matches(&self, cue: &Cue, event: &Event) -> bool {
        if !event.visible {
            return false;
        }
        let alert = |test: &dyn Fn(&str, AlertSeverity) -> bool| match &event.kind {
            EventKind::AlertRaised { detection, severity, .. } => test(detection, *severity),
            _ => false,
        };
        let info = |detection: &str| self.alerts.get(detection);
        match cue {
            Cue::AnyAlert => alert(&|_, _| true),
            Cue::Alert(id) => alert(&|d, _| d == id),
            Cue::AlertFrom(source) => alert(&|d, _| info(d).and_then(|a| a.source) == Some(*source)),
            Cue::AlertAtLeast(level) => alert(&|_, s| s >= *level),
            Cue::TacticDetected(tactic) => alert(&|d, _| info(d).is_some_and(|a| a.tactics.contains(tactic))),
            Cue::DataBreachSuspected(classes) => {
                let any = |known: &BTreeSet<DataClass>| classes.iter().any(|c| known.contains(c));
                alert(&|d, _| info(d).is_some_and(|a| any(&a.classes)))
                    || matches!(&event.kind, EventKind::InjectDelivered { inject, .. }
                        if self.breaches.get(inject).is_some_and(any))
            }
            Cue::Inject(id) => matches!(&event.kind, EventKind::InjectDelivered { inject, .. } if inject == id),
            Cue::AnyFinding => matches!(event.kind, EventKind::Finding { .. }),
            Cue::Finding(id) => matches!(&event.kind, EventKind::Finding { segment, .. } if segment == id),
            Cue::FoundClean(id) => matches!(&event.kind, EventKind::Finding { segment, hosts, accounts, .. }
                if segment == id && hosts.values().all(|n| *n == 0) && accounts.is_empty()),
            Cue::TookEffect(wanted) => {
                matches!(&event.kind, EventKind::ActionTookEffect { action, .. } if action == wanted)
            }
            Cue::FoundHeld => matches!(&event.kind, EventKind::Finding { hosts, accounts, .. }
                if hosts.values().any(|n| *n > 0) || !accounts.is_empty()),
            Cue::SeverityDeclared(level) => {
                matches!(event.kind, EventKind::DecisionTaken { action: Action::ClassifySeverity(s), .. } if s <= *level)
            }
            Cue::MaterialityDetermined => {
                matches!(event.kind, EventKind::DecisionTaken { action: Action::DetermineMateriality(true), .. })
            }
            Cue::Any(cues) => cues.iter().any(|c| self.matches(c, event)),
        }
    }

    /// When `cue` first went off among `events`, a timeline in order, before the drill ended.
    pub fn first<'e>(&self, cue: &Cue, events: impl IntoIterator<Item = &'e Event>) -> Option<u64> {
        events
            .into_iter()
            .take_while(|e| !matches!(e.kind, EventKind::RunEnded { .. }))
            .find(|e| self.matches(cue, e))
            .map(|e| e.time)
    }
}

fn alert_info(scenario: &Scenario, detection: &crate::scenario::model::Detection) -> AlertInfo {
    let stages: Vec<_> = scenario
        .adversary
        .stages
        .iter()
        .filter(|stage| match &detection.watches {
            Watch::Stage(id) => &stage.id == id,
            Watch::Technique(t) => &stage.technique == t,
        })
        .collect();
    let classes = stages
        .iter()
        .flat_map(|s| &s.effects)
        .filter_map(|e| if let Effect::Exfiltrate { store, .. } = e { Some(store) } else { None })
        .filter_map(|store| scenario.environment.data_stores.iter().find(|d| &d.id == store))
        .flat_map(|store| store.classes.iter().copied())
        .collect();
    let mut classes: BTreeSet<DataClass> = classes;
    classes.extend(breach_classes(&detection.alert.reveals));
    AlertInfo { source: Some(detection.source), tactics: stages.iter().map(|s| s.tactic).collect(), classes }
}

/// The data classes of the breaches a list of reveals names.
fn breach_classes(reveals: &[crate::scenario::model::Reveal]) -> BTreeSet<DataClass> {
    reveals
        .iter()
        .filter_map(|r| if let crate::scenario::model::Reveal::Breach(c) = r { Some(c) } else { None })
        .flatten()
        .copied()
        .collect()
}

/// Which scenario ids a cue may name.
#[derive(Clone, Copy)]
pub enum Names<'a, 's> {
    /// None: a plan serves every scenario.
    None,
    /// Any: the scenario is not known, so they cannot be checked.
    Unchecked,
    /// Those of the scenario, by kind (`detection`, `inject`, `segment`).
    Of(&'a dyn Fn(&'static str) -> &'a Ids<'s>),
}

/// Checks a cue as written at `at`.
pub fn check(findings: &mut Findings, at: &FieldPath, cue: &Cue, known: Names) {
    match cue {
        Cue::DataBreachSuspected(classes) if classes.is_empty() => {
            findings.error(at.clone(), "empty-list", "name at least one data class");
        }
        Cue::Any(cues) if cues.is_empty() => {
            findings.error(at.clone(), "empty-list", "`Any` needs at least one cue");
        }
        Cue::Any(cues) => {
            findings.at_most(at.index(0), "cues", cues.len() as u64, MAX_LIST);
            for (i, inner) in cues.iter().enumerate() {
                check(findings, &at.index(0).index(i), inner, known);
            }
        }
        // Its target is checked with the decisions file's other actions (`actions`).
        Cue::TookEffect(action) => {
            if let (Names::None, Some(target)) = (known, action.scenario_target()) {
                findings.error(
                    at.index(0),
                    "scenario-id-in-plan",
                    format!("a plan serves every scenario, so it cannot name the target `{target}`"),
                );
            }
        }
        _ => {
            for (what, id) in cue.names() {
                match known {
                    Names::Of(known) => {
                        findings.reference(at.index(0), what, id, known(what));
                    }
                    Names::Unchecked => {}
                    Names::None => {
                        findings.error(
                            at.index(0),
                            "scenario-id-in-plan",
                            format!("a plan serves every scenario, so it cannot name the {what} `{id}`"),
                        )
                        .hint(Some("use a cue about any alert of a kind, e.g. `AlertFrom(Edr)` or `TacticDetected(Impact)`".into()));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, parse_ron};

    fn scenario() -> Scenario {
        let path = "scenarios/hospital-ransomware.ron";
        parse_ron(&SourceFile { name: path.into(), text: std::fs::read_to_string(path).unwrap() }).unwrap()
    }

    fn alert(time: u64, visible: bool, detection: &str) -> Event {
        let kind = EventKind::AlertRaised {
            detection: detection.into(),
            title: String::new(),
            severity: AlertSeverity::High,
            text: String::new(),
            to: Vec::new(),
        };
        Event { seq: time, time, visible, kind }
    }

    #[test]
    fn a_hidden_event_sets_nothing_off() {
        let cues = Cues::new(&scenario());
        let detection = &scenario().detections[0].id;
        assert!(cues.matches(&Cue::AnyAlert, &alert(60, true, detection)));
        assert!(!cues.matches(&Cue::AnyAlert, &alert(60, false, detection)));
    }

    #[test]
    fn nothing_after_the_drill_ended_counts() {
        let s = scenario();
        let cues = Cues::new(&s);
        let detection = &s.detections[0].id;
        let ended = Event {
            seq: 2,
            time: 100,
            visible: true,
            kind: EventKind::RunEnded {
                reason: crate::timeline::EndReason::EndedByFacilitator,
                cost: crate::cost::Cost::default(),
            },
        };
        let events = [ended, alert(200, true, detection)];
        assert_eq!(cues.first(&Cue::Alert(detection.clone()), &events), None);
        assert_eq!(cues.first(&Cue::Alert(detection.clone()), &events[1..]), Some(200));
    }

    #[test]
    fn a_cue_about_a_tactic_reads_the_stages_the_detection_watches() {
        let s = scenario();
        let cues = Cues::new(&s);
        // The hospital's encryption alert is about an Impact stage; its phishing report is not.
        let impact = s.detections.iter().find(|d| cues.alert(&d.id).tactics.contains(&Tactic::Impact)).unwrap();
        let other = s.detections.iter().find(|d| !cues.alert(&d.id).tactics.contains(&Tactic::Impact)).unwrap();
        let cue = Cue::TacticDetected(Tactic::Impact);
        assert!(cues.matches(&cue, &alert(1, true, &impact.id)));
        assert!(!cues.matches(&cue, &alert(1, true, &other.id)));
        assert!(cues.matches(&Cue::Any(vec![Cue::Alert(other.id.clone()), cue]), &alert(1, true, &other.id)));
    }

    #[test]
    fn the_old_spellings_of_clock_starts_read_as_the_same_cues() {
        let read = |text: &str| ron::from_str::<Cue>(text).unwrap();
        assert_eq!(read("FirstAlert"), Cue::AnyAlert);
        assert_eq!(read("BreachAwareness([Pii])"), Cue::DataBreachSuspected(vec![DataClass::Pii]));
    }

    #[test]
    fn a_plan_may_not_name_a_scenario_id_but_a_decisions_file_may() {
        let cue = Cue::Any(vec![Cue::AnyAlert, Cue::Inject("call".into())]);
        let mut plan = Findings::default();
        check(&mut plan, &FieldPath::root(), &cue, Names::None);
        assert!(plan.has_errors());
        let mut script = Findings::default();
        let ids: Ids = ["call"].into_iter().collect();
        let known = |_: &'static str| &ids;
        check(&mut script, &FieldPath::root(), &cue, Names::Of(&known));
        assert!(!script.has_errors());
        let mut took = Findings::default();
        check(&mut took, &FieldPath::root(), &Cue::TookEffect(Action::Patch("cve".into())), Names::None);
        assert!(took.has_errors(), "a plan may not name a scenario's vulnerability");
        let mut wrong = Findings::default();
        check(&mut wrong, &FieldPath::root(), &Cue::Inject("cal".into()), Names::Of(&known));
        assert!(wrong.has_errors());
    }
}
