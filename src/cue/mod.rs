//! The cue language: what the players can see happen, written once and read in one place. Plan
//! playbook triggers, notification-clock starts and the rules of decisions files are all cues,
//! and `Cues::matches` is their only interpreter. It reads only visible events of the drill
//! itself, so nothing the players were not shown (or that happened after the drill ended) sets
//! a cue off.

mod revealed;
mod warranted;

pub use revealed::Revealed;

use crate::action::{Action, ActionKind, Severity};
use crate::checks::{Findings, Ids, MAX_LIST};
use crate::plan::model::Plan;
use crate::scenario::model::{AlertSeverity, DataClass, DetectionSource, IncidentKind, Scenario, Tactic, Watch};
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
    /// An alert on exfiltration of data of any of these classes, or on encryption of systems
    /// holding it, or an alert or inject that reveals a breach of one (`reveals: [Breach([Pii])]`).
    #[serde(alias = "BreachAwareness")]
    DataBreachSuspected(Vec<DataClass>),
    /// An alert or inject that shows the incident is of this kind (see `IncidentKind`).
    IncidentIs(IncidentKind),
    /// An alert, inject, finding or outage that shows what meets the plan's criteria for this
    /// severity or worse, whatever the team declared (NIS2's "significant incident").
    SeverityWarranted(Severity),
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
    /// The finding of an investigation of this segment that shows the adversary holding a host
    /// or an account.
    FoundHeldIn(String),
    /// One of the team's own actions took effect (e.g. `TookEffect(Patch("gateway-cve"))`).
    TookEffect(Action),
    /// One of the team's own actions of this kind took effect, whatever its target (e.g.
    /// `TookEffectOf(IsolateSegment)`): what a plan, which names no scenario's ids, can say.
    TookEffectOf(ActionKind),
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
            Cue::Finding(id) | Cue::FoundClean(id) | Cue::FoundHeldIn(id) => vec![("segment", id)],
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
    /// What the alert shows about the incident.
    pub revealed: Revealed,
    /// Where it fired: the host groups and segments the watched stages act in (an alert names
    /// the host it is about, and the team knows its own estate).
    pub places: Places,
}

/// Host groups and segments, by id, in the scenario's order, each once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Places {
    pub groups: Vec<String>,
    pub segments: Vec<String>,
}

/// Reads cues against one scenario and plan.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    alerts: BTreeMap<String, AlertInfo>,
    /// Injects that show something about the incident, with what they show.
    injects: BTreeMap<String, Revealed>,
    matrix: warranted::Matrix,
}

impl Cues {
    pub fn new(scenario: &Scenario, plan: &Plan) -> Cues {
        let alerts = scenario.detections.iter().map(|d| (d.id.clone(), alert_info(scenario, d))).collect();
        let injects = scenario
            .injects
            .iter()
            .map(|i| (i.id.clone(), Revealed::by_inject(i)))
            .filter(|(_, shown)| !shown.is_empty())
            .collect();
        Cues { alerts, injects, matrix: warranted::Matrix::new(scenario, plan) }
    }

    /// What `event` shows about the incident, when it is an alert or an inject.
    fn revealed_by(&self, event: &EventKind) -> Option<&Revealed> {
        match event {
            EventKind::AlertRaised { detection, .. } => self.alerts.get(detection).map(|a| &a.revealed),
            EventKind::InjectDelivered { inject, .. } => self.injects.get(inject),
            _ => None,
        }
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
                self.revealed_by(&event.kind).is_some_and(|r| classes.iter().any(|c| r.classes.contains(c)))
            }
            Cue::IncidentIs(kind) => self.revealed_by(&event.kind).is_some_and(|r| r.kinds.contains(kind)),
            Cue::SeverityWarranted(level) => self.matrix.warrants(*level, &event.kind, self.revealed_by(&event.kind)),
            Cue::Inject(id) => matches!(&event.kind, EventKind::InjectDelivered { inject, .. } if inject == id),
            Cue::AnyFinding => matches!(event.kind, EventKind::Finding { .. }),
            Cue::Finding(id) => matches!(&event.kind, EventKind::Finding { segment, .. } if segment == id),
            Cue::FoundClean(id) => matches!(&event.kind, EventKind::Finding { segment, hosts, accounts, .. }
                if segment == id && hosts.values().all(|n| *n == 0) && accounts.is_empty()),
            Cue::TookEffect(wanted) => {
                matches!(&event.kind, EventKind::ActionTookEffect { action, .. } if action == wanted)
            }
            Cue::TookEffectOf(kind) => {
                matches!(&event.kind, EventKind::ActionTookEffect { action, .. } if action.kind() == *kind)
            }
            Cue::FoundHeld => matches!(&event.kind, EventKind::Finding { hosts, accounts, .. }
                if hosts.values().any(|n| *n > 0) || !accounts.is_empty()),
            Cue::FoundHeldIn(id) => matches!(&event.kind, EventKind::Finding { segment, hosts, accounts, .. }
                if segment == id && (hosts.values().any(|n| *n > 0) || !accounts.is_empty())),
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
    AlertInfo {
        source: Some(detection.source),
        tactics: stages.iter().map(|s| s.tactic).collect(),
        revealed: Revealed::by_alert(scenario, &stages, &detection.alert.reveals),
        places: places(scenario, &stages),
    }
}

/// Where stages act: the groups they compromise (and those groups' segments), the segments they
/// need a foothold in, encrypt or spread to, and the segments of the stores they copy out.
fn places(scenario: &Scenario, stages: &[&crate::scenario::model::Stage]) -> Places {
    use crate::scenario::model::{Effect, Requirement};
    let environment = &scenario.environment;
    let segment_of_group =
        |g: &str| environment.segments.iter().find(|s| s.hosts.iter().any(|h| h.id == g)).map(|s| s.id.clone());
    let segment_of_store = |d: &str| environment.data_stores.iter().find(|s| s.id == d).map(|s| s.segment.clone());
    let mut groups = BTreeSet::new();
    let mut segments = BTreeSet::new();
    for stage in stages {
        for requirement in &stage.requires {
            if let Requirement::Foothold(segment) = requirement {
                segments.insert(segment.clone());
            }
        }
        for effect in &stage.effects {
            match effect {
                Effect::Compromise { group, .. } => {
                    groups.insert(group.clone());
                    segments.extend(segment_of_group(group));
                }
                Effect::Spread { segments: listed, .. } | Effect::Encrypt { segments: listed, .. } => {
                    segments.extend(listed.iter().cloned())
                }
                Effect::Exfiltrate { store, .. } => segments.extend(segment_of_store(store)),
                _ => {}
            }
        }
    }
    // In the scenario's order, so what acts on them does so in a stable order.
    Places {
        groups: environment
            .segments
            .iter()
            .flat_map(|s| &s.hosts)
            .map(|h| h.id.clone())
            .filter(|g| groups.contains(g))
            .collect(),
        segments: environment.segments.iter().map(|s| s.id.clone()).filter(|s| segments.contains(s)).collect(),
    }
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

    fn read<T: serde::de::DeserializeOwned>(path: &str) -> T {
        parse_ron(&SourceFile { name: path.into(), text: std::fs::read_to_string(path).unwrap() }).unwrap()
    }

    fn scenario() -> Scenario {
        read("scenarios/hospital-ransomware.ron")
    }

    fn cues(scenario: &Scenario) -> Cues {
        Cues::new(scenario, &read("scenarios/plans/enterprise-24x7.ron"))
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
        let cues = cues(&scenario());
        let detection = &scenario().detections[0].id;
        assert!(cues.matches(&Cue::AnyAlert, &alert(60, true, detection)));
        assert!(!cues.matches(&Cue::AnyAlert, &alert(60, false, detection)));
    }

    #[test]
    fn nothing_after_the_drill_ended_counts() {
        let s = scenario();
        let cues = cues(&s);
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
        let cues = cues(&s);
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

    fn event(kind: EventKind) -> Event {
        Event { seq: 1, time: 60, visible: true, kind }
    }

    #[test]
    fn a_playbook_cue_reads_what_the_incident_is_not_where_the_alert_came_from() {
        let s = scenario();
        let cues = cues(&s);
        // The hospital's DLP alert is on an exfiltration: data theft, not an insider.
        let dlp = alert(1, true, "dlp-volume");
        assert!(cues.matches(&Cue::IncidentIs(IncidentKind::DataTheft), &dlp));
        assert!(!cues.matches(&Cue::IncidentIs(IncidentKind::Insider), &dlp));
        // The helpdesk calls are about the encryption: ransomware, and a presumed breach of the
        // ePHI the encrypted systems hold (no scenario `reveals` needed for either).
        let calls = alert(1, true, "helpdesk-calls");
        assert!(cues.matches(&Cue::IncidentIs(IncidentKind::Ransomware), &calls));
        assert!(cues.matches(&Cue::DataBreachSuspected(vec![DataClass::Phi]), &calls));
        assert!(!cues.matches(&Cue::IncidentIs(IncidentKind::Ransomware), &dlp));
    }

    #[test]
    fn a_warranted_severity_comes_from_what_was_shown_not_from_the_declaration() {
        let s = scenario();
        let cues = cues(&s);
        let sev1 = Cue::SeverityWarranted(Severity::Sev1);
        let down = |service: &str| event(EventKind::ServiceDown { service: service.into() });
        assert!(cues.matches(&sev1, &down("ehr")), "a critical service down meets the enterprise plan's Sev1");
        let mut hidden = down("ehr");
        hidden.visible = false;
        assert!(!cues.matches(&sev1, &hidden));
        // A High alert meets Sev3's criteria, not Sev1's; Sev3 is warranted, and so is anything milder.
        let high = alert(1, true, "siem-lsass");
        assert!(!cues.matches(&sev1, &high));
        assert!(cues.matches(&Cue::SeverityWarranted(Severity::Sev3), &high));
        assert!(cues.matches(&Cue::SeverityWarranted(Severity::Sev4), &high));
        let declared = event(EventKind::DecisionTaken {
            decision: 0,
            role: "incident_commander".into(),
            action: Action::ClassifySeverity(Severity::Sev1),
            rationale: String::new(),
            effective_at: 60,
            waits: None,
        });
        assert!(!cues.matches(&sev1, &declared), "the team's own label warrants nothing");
        // A finding that shows a privileged account held.
        let privileged = s.environment.accounts.iter().find(|a| a.privileged).unwrap();
        let finding = event(EventKind::Finding {
            decision: 0,
            segment: "corporate".into(),
            hosts: Default::default(),
            indicators: vec![],
            accounts: vec![privileged.id.clone()],
            vulnerabilities: vec![],
        });
        assert!(cues.matches(&sev1, &finding));
    }

    #[test]
    fn a_plan_can_wait_for_a_kind_of_action_and_a_finding_of_held_hosts_in_a_segment() {
        let s = scenario();
        let cues = cues(&s);
        let event = |kind| Event { seq: 1, time: 60, visible: true, kind };
        let isolated =
            event(EventKind::ActionTookEffect { decision: 0, action: Action::IsolateSegment("clinical".into()) });
        assert!(cues.matches(&Cue::TookEffectOf(ActionKind::IsolateSegment), &isolated));
        assert!(!cues.matches(&Cue::TookEffectOf(ActionKind::IsolateHosts), &isolated));
        let finding = |segment: &str, held: u32| {
            event(EventKind::Finding {
                decision: 0,
                segment: segment.into(),
                hosts: [("admin-workstations".to_string(), held)].into_iter().collect(),
                indicators: vec![],
                accounts: vec![],
                vulnerabilities: vec![],
            })
        };
        let held_in = Cue::FoundHeldIn("corporate".into());
        assert!(cues.matches(&held_in, &finding("corporate", 3)));
        assert!(!cues.matches(&held_in, &finding("corporate", 0)), "a clean finding shows nothing held");
        assert!(!cues.matches(&held_in, &finding("clinical", 3)), "another segment");
    }

    #[test]
    fn an_alert_points_to_where_its_stages_act() {
        let s = scenario();
        let cues = cues(&s);
        // Credential dumping runs on the admin workstations, in the corporate network; the DLP
        // alert on the EHR upload points to the clinical network the records are in.
        let lsass = cues.alert("siem-lsass").places;
        assert!(lsass.segments.contains(&"corporate".to_string()), "{lsass:?}");
        let dlp = cues.alert("dlp-volume").places;
        assert!(dlp.segments.contains(&"clinical".to_string()), "{dlp:?}");
        assert!(!dlp.segments.contains(&"medical-devices".to_string()), "{dlp:?}");
    }
}
