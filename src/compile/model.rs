//! The resolved forms of a stage's requirements, effects and countermeasures, and of inject
//! triggers (cues), with the resolvers that build them from the authoring model.

use super::index::{
    AccountIx, BackupIx, DetectionIx, GroupIx, Ids, InjectIx, IocIx, SegmentIx, ServiceIx, StageIx, StoreIx, VulnIx,
};
use super::{Lookup, seconds};
use crate::action::{Action, ActionKind};
use crate::scenario::model::{self as source, Countermeasure, Requirement, Trigger};

/// What a stage needs before it can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Foothold(SegmentIx),
    Account(AccountIx),
    Unpatched(VulnIx),
    Stopped(StageIx),
}

/// What a stage does: once on success, or every tick after it.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Compromise {
        group: GroupIx,
        hosts: u32,
    },
    /// `segments`: a flag per segment, or `None` for every segment.
    Spread {
        rate: f64,
        segments: Option<Vec<bool>>,
    },
    SpreadOnGraph {
        chance: f64,
    },
    GainAccount(AccountIx),
    Exfiltrate {
        store: StoreIx,
        records_per_tick: u64,
        via: Option<IocIx>,
    },
    Encrypt {
        hosts_per_tick: u32,
        segments: Option<Vec<bool>>,
    },
    DestroyBackup(BackupIx),
    /// `fraction` of the service's capacity lost while the stage runs; 1 is an outage.
    DegradeService {
        service: ServiceIx,
        fraction: f64,
    },
    /// `recall_within`: seconds after the loss in which a recall still works.
    StealFunds {
        amount: f64,
        recall_within: u64,
    },
}

/// An artefact of the adversary that the players can be shown, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Artefact {
    Indicator(IocIx),
    Vulnerability(VulnIx),
}

impl Effect {
    /// Whether it acts every tick while its stage runs (rather than once, on success).
    pub fn goes_on(&self) -> bool {
        match self {
            Effect::Spread { .. }
            | Effect::SpreadOnGraph { .. }
            | Effect::Exfiltrate { .. }
            | Effect::Encrypt { .. }
            | Effect::DegradeService { .. } => true,
            Effect::Compromise { .. }
            | Effect::GainAccount(_)
            | Effect::DestroyBackup(_)
            | Effect::StealFunds { .. } => false,
        }
    }
}

/// A team action that stops a stage, resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    IsolateSegment(SegmentIx),
    /// Every host of the group isolated.
    IsolateHosts(GroupIx),
    DisableAccount(AccountIx),
    ResetCredentials(AccountIx),
    BlockIoc(IocIx),
    Patch(VulnIx),
}

/// An inject's trigger, resolved: times in seconds, references as indices. Unlike a `crate::cue::Cue`,
/// it may read what the players cannot see (a stage succeeding, hosts compromised).
#[derive(Debug, Clone, PartialEq)]
pub enum InjectCue {
    At(u64),
    StageSucceeded(StageIx),
    DetectionFired(DetectionIx),
    AfterInject(InjectIx, u64),
    HostsCompromised(u64),
    HostsEncrypted(u64),
    RecordsExfiltrated(u64),
    BackupDestroyed(BackupIx),
    ServiceDown(ServiceIx),
    DecisionTaken(ActionKind, u64),
    DecisionNotTaken(ActionKind, u64),
    ActionTaken(Action, u64),
    ActionNotTaken(Action, u64),
    ActionTookEffect(Action),
    All(Vec<InjectCue>),
    Any(Vec<InjectCue>),
}

/// Resolves a stage's parts.
pub(super) struct Resolver<'a> {
    pub lookup: &'a Lookup,
    pub stores: &'a Ids<StoreIx>,
    pub services: &'a Ids<ServiceIx>,
    pub stages: &'a Ids<StageIx>,
}

impl Resolver<'_> {
    pub fn need(&self, requirement: &Requirement) -> Result<Need, String> {
        Ok(match requirement {
            Requirement::Foothold(id) => Need::Foothold(self.lookup.segments.find(id)?),
            Requirement::Account(id) => Need::Account(self.lookup.accounts.find(id)?),
            Requirement::Unpatched(id) => Need::Unpatched(self.lookup.vulnerabilities.find(id)?),
            Requirement::Stopped(id) => Need::Stopped(self.stages.find(id)?),
        })
    }

    /// A segment list as a flag per segment; an empty list means every segment.
    fn mask(&self, ids: &[String]) -> Result<Option<Vec<bool>>, String> {
        if ids.is_empty() {
            return Ok(None);
        }
        let mut flags = vec![false; self.lookup.segments.len()];
        for s in self.lookup.segment_list(ids)? {
            flags[s.get()] = true;
        }
        Ok(Some(flags))
    }

    pub fn effect(&self, effect: &source::Effect) -> Result<Effect, String> {
        Ok(match effect {
            source::Effect::Compromise { group, hosts } => {
                Effect::Compromise { group: self.lookup.groups.find(group)?, hosts: *hosts }
            }
            source::Effect::Spread { rate, segments } => Effect::Spread { rate: *rate, segments: self.mask(segments)? },
            source::Effect::SpreadOnGraph { chance } => Effect::SpreadOnGraph { chance: *chance },
            source::Effect::GainAccount(id) => Effect::GainAccount(self.lookup.accounts.find(id)?),
            source::Effect::Exfiltrate { store, records_per_tick, via } => Effect::Exfiltrate {
                store: self.stores.find(store)?,
                records_per_tick: *records_per_tick,
                via: via.as_deref().map(|ioc| self.lookup.iocs.find(ioc)).transpose()?,
            },
            source::Effect::Encrypt { hosts_per_tick, segments } => {
                Effect::Encrypt { hosts_per_tick: *hosts_per_tick, segments: self.mask(segments)? }
            }
            source::Effect::DestroyBackup(id) => Effect::DestroyBackup(self.lookup.backups.find(id)?),
            source::Effect::DegradeService { service, fraction } => {
                Effect::DegradeService { service: self.services.find(service)?, fraction: *fraction }
            }
            source::Effect::StealFunds { amount, recall_within } => {
                Effect::StealFunds { amount: *amount, recall_within: seconds(recall_within)? }
            }
        })
    }

    /// The indicators a stage uses: its exfiltration channels and those whose block stops it.
    pub fn indicators_of(&self, stage: &source::Stage) -> Result<Vec<IocIx>, String> {
        let mut found = Vec::new();
        for effect in &stage.effects {
            if let source::Effect::Exfiltrate { via: Some(ioc), .. } = effect {
                found.push(self.lookup.iocs.find(ioc)?);
            }
        }
        for measure in &stage.stopped_by {
            if let Countermeasure::BlockIoc(ioc) = measure {
                found.push(self.lookup.iocs.find(ioc)?);
            }
        }
        found.sort();
        found.dedup();
        Ok(found)
    }

    pub fn reveals(&self, reveals: &[source::Reveal]) -> Result<Vec<Artefact>, String> {
        // A breach is a fact the cues read (`crate::cue`), not an artefact to act on.
        reveals
            .iter()
            .filter_map(|r| match r {
                source::Reveal::Indicator(id) => Some(self.lookup.iocs.find(id).map(Artefact::Indicator)),
                source::Reveal::Vulnerability(id) => {
                    Some(self.lookup.vulnerabilities.find(id).map(Artefact::Vulnerability))
                }
                source::Reveal::Breach(_) | source::Reveal::Incident(_) => None,
            })
            .map(|found| found.map_err(String::from))
            .collect()
    }

    pub fn stop(&self, measure: &Countermeasure) -> Result<Stop, String> {
        let l = self.lookup;
        Ok(match measure {
            Countermeasure::IsolateSegment(id) => Stop::IsolateSegment(l.segments.find(id)?),
            Countermeasure::IsolateHosts(id) => Stop::IsolateHosts(l.groups.find(id)?),
            Countermeasure::DisableAccount(id) => Stop::DisableAccount(l.accounts.find(id)?),
            Countermeasure::ResetCredentials(id) => Stop::ResetCredentials(l.accounts.find(id)?),
            Countermeasure::BlockIoc(id) => Stop::BlockIoc(l.iocs.find(id)?),
            Countermeasure::Patch(id) => Stop::Patch(l.vulnerabilities.find(id)?),
        })
    }
}

/// Resolves inject triggers.
pub(super) struct InjectCueResolver<'a> {
    pub stages: &'a Ids<StageIx>,
    pub detections: &'a Ids<DetectionIx>,
    pub injects: &'a Ids<InjectIx>,
    pub backups: &'a Ids<BackupIx>,
    pub services: &'a Ids<ServiceIx>,
}

impl InjectCueResolver<'_> {
    /// Recursive, but triggers nest at most as deep as the parser allows (64 levels).
    pub fn cue(&self, trigger: &Trigger) -> Result<InjectCue, String> {
        Ok(match trigger {
            Trigger::At(t) => InjectCue::At(seconds(t)?),
            Trigger::StageSucceeded(id) => InjectCue::StageSucceeded(self.stages.find(id)?),
            Trigger::DetectionFired(id) => InjectCue::DetectionFired(self.detections.find(id)?),
            Trigger::AfterInject(id, delay) => InjectCue::AfterInject(self.injects.find(id)?, seconds(delay)?),
            Trigger::HostsCompromised(n) => InjectCue::HostsCompromised(u64::from(*n)),
            Trigger::HostsEncrypted(n) => InjectCue::HostsEncrypted(u64::from(*n)),
            Trigger::RecordsExfiltrated(n) => InjectCue::RecordsExfiltrated(*n),
            Trigger::BackupDestroyed(id) => InjectCue::BackupDestroyed(self.backups.find(id)?),
            Trigger::ServiceDown(id) => InjectCue::ServiceDown(self.services.find(id)?),
            Trigger::DecisionTaken(kind, by) => InjectCue::DecisionTaken(*kind, seconds(by)?),
            Trigger::DecisionNotTaken(kind, by) => InjectCue::DecisionNotTaken(*kind, seconds(by)?),
            Trigger::ActionTaken(action, by) => InjectCue::ActionTaken(action.clone(), seconds(by)?),
            Trigger::ActionNotTaken(action, by) => InjectCue::ActionNotTaken(action.clone(), seconds(by)?),
            Trigger::ActionTookEffect(action) => InjectCue::ActionTookEffect(action.clone()),
            Trigger::All(parts) => InjectCue::All(parts.iter().map(|p| self.cue(p)).collect::<Result<_, _>>()?),
            Trigger::Any(parts) => InjectCue::Any(parts.iter().map(|p| self.cue(p)).collect::<Result<_, _>>()?),
        })
    }
}
