//! Works out what the adversary could ever achieve, ignoring chance and the team: which stages
//! can start, where it can hold hosts, which accounts it can get. Injects and stages that
//! depend on the impossible are errors.

use crate::checks::graph::find_cycles;
use crate::scenario::model::{Effect, Requirement, Scenario};
use std::collections::{BTreeMap, BTreeSet};

/// Why a stage can never start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Blocked {
    /// It is part of a cycle of `after` references (listed in order, first repeated).
    Cycle(Vec<String>),
    WaitsFor(String),
    NoFoothold(String),
    NoAccount(String),
}

/// The outcome of the analysis.
#[derive(Debug, Default)]
pub(super) struct Reach<'a> {
    /// Stage ids that can start at some point.
    pub possible: BTreeSet<&'a str>,
    /// Stage ids that cannot, and why.
    pub blocked: BTreeMap<&'a str, Blocked>,
    /// Segments where the adversary can hold hosts.
    pub footholds: BTreeSet<&'a str>,
    /// Whether some possible stage encrypts, exfiltrates, compromises.
    pub encrypts: bool,
    pub compromises: bool,
    /// Data stores some possible stage exfiltrates from.
    pub exfiltrated_stores: BTreeSet<&'a str>,
    /// Backups some possible stage can destroy.
    pub destroyable_backups: BTreeSet<&'a str>,
}

pub(super) fn analyse(scenario: &Scenario) -> Reach<'_> {
    let stages = &scenario.adversary.stages;
    let env = &scenario.environment;
    let group_segment: BTreeMap<&str, &str> =
        env.segments.iter().flat_map(|s| s.hosts.iter().map(move |g| (g.id.as_str(), s.id.as_str()))).collect();
    let mut reach = Reach::default();
    let nodes: Vec<(&str, &[String])> = stages.iter().map(|s| (s.id.as_str(), s.after.as_slice())).collect();
    for cycle in find_cycles(&nodes) {
        let names: Vec<String> = cycle.iter().map(|id| id.to_string()).collect();
        for id in &cycle[..cycle.len() - 1] {
            reach.blocked.entry(id).or_insert_with(|| Blocked::Cycle(names.clone()));
        }
    }
    let mut accounts: BTreeSet<&str> = BTreeSet::new();
    loop {
        let mut grew = false;
        for stage in stages {
            let id = stage.id.as_str();
            if reach.possible.contains(id) || reach.blocked.contains_key(id) {
                continue;
            }
            let ready = stage.after.iter().all(|a| reach.possible.contains(a.as_str()))
                && stage.requires.iter().all(|r| match r {
                    Requirement::Foothold(segment) => reach.footholds.contains(segment.as_str()),
                    Requirement::Account(account) => accounts.contains(account.as_str()),
                    Requirement::Unpatched(_) => true,
                });
            if !ready {
                continue;
            }
            grew = true;
            reach.possible.insert(id);
            for effect in &stage.effects {
                match effect {
                    Effect::Compromise { group, .. } => {
                        reach.compromises = true;
                        reach.footholds.extend(group_segment.get(group.as_str()));
                    }
                    Effect::GainAccount(account) => {
                        accounts.insert(account);
                    }
                    Effect::Exfiltrate { store, .. } => {
                        reach.exfiltrated_stores.insert(store);
                    }
                    Effect::Encrypt { .. } => reach.encrypts = true,
                    Effect::DestroyBackup(backup) => {
                        if env.backups.iter().any(|b| &b.id == backup && b.reachable_by_adversary) {
                            reach.destroyable_backups.insert(backup);
                        }
                    }
                    Effect::Spread { .. } | Effect::SpreadOnGraph { .. } => {}
                }
            }
        }
        grew |= spread(scenario, &mut reach);
        if !grew {
            break;
        }
    }
    for stage in stages {
        let id = stage.id.as_str();
        if reach.possible.contains(id) || reach.blocked.contains_key(id) {
            continue;
        }
        let why = stage
            .after
            .iter()
            .find(|a| !reach.possible.contains(a.as_str()))
            .map(|a| Blocked::WaitsFor(a.clone()))
            .or_else(|| {
                stage.requires.iter().find_map(|r| match r {
                    Requirement::Foothold(s) if !reach.footholds.contains(s.as_str()) => {
                        Some(Blocked::NoFoothold(s.clone()))
                    }
                    Requirement::Account(a) if !accounts.contains(a.as_str()) => Some(Blocked::NoAccount(a.clone())),
                    _ => None,
                })
            });
        if let Some(why) = why {
            reach.blocked.insert(id, why);
        }
    }
    reach
}

/// Grows footholds along links for every possible spreading stage; true if anything was added.
fn spread<'a>(scenario: &'a Scenario, reach: &mut Reach<'a>) -> bool {
    let env = &scenario.environment;
    let before = reach.footholds.len();
    for stage in scenario.adversary.stages.iter().filter(|s| reach.possible.contains(s.id.as_str())) {
        for effect in &stage.effects {
            let Effect::Spread { segments, .. } = effect else {
                continue;
            };
            let allowed = |segment: &str| segments.is_empty() || segments.iter().any(|s| s == segment);
            let mut frontier: Vec<&str> = reach.footholds.iter().copied().collect();
            while let Some(from) = frontier.pop() {
                for link in &env.links {
                    let next = if link.from == from {
                        Some(link.to.as_str())
                    } else if !link.one_way && link.to == from {
                        Some(link.from.as_str())
                    } else {
                        None
                    };
                    if let Some(next) = next
                        && allowed(next)
                        && reach.footholds.insert(next)
                    {
                        frontier.push(next);
                    }
                }
            }
        }
    }
    reach.footholds.len() > before
}
