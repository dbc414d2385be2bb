//! Works out what the adversary could ever achieve, ignoring chance and the team: which stages
//! can start, where it can hold hosts, which accounts it can get. Injects and stages that
//! depend on the impossible are errors.

use crate::checks::graph::find_cycles;
use crate::scenario::model::{Effect, Requirement, Scenario};
use std::collections::{BTreeMap, BTreeSet};

/// Why a stage can never start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Blocked {
    /// It is on a cycle of `after` references: the n-th of [`Reach::cycles`].
    Cycle(usize),
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
    /// Cycles of `after` references, as stage ids along each with the first repeated.
    pub cycles: Vec<Vec<&'a str>>,
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

/// What the analysis is waiting on: each stage's count of unmet conditions, and who waits for
/// what. A stage is taken up once, when its count reaches zero, so the whole analysis is linear
/// in the scenario's size however its stages are ordered.
#[derive(Default)]
struct Agenda<'a> {
    unmet: Vec<usize>,
    ready: Vec<usize>,
    after_stage: BTreeMap<&'a str, Vec<usize>>,
    in_segment: BTreeMap<&'a str, Vec<usize>>,
    with_account: BTreeMap<&'a str, Vec<usize>>,
    accounts: BTreeSet<&'a str>,
    /// Segments a possible `Spread` may reach (all of them once one names none).
    spread_to: BTreeSet<&'a str>,
    spread_anywhere: bool,
    spreading: bool,
}

impl<'a> Agenda<'a> {
    fn met(&mut self, waiting: Option<Vec<usize>>) {
        for stage in waiting.unwrap_or_default() {
            self.unmet[stage] -= 1;
            if self.unmet[stage] == 0 {
                self.ready.push(stage);
            }
        }
    }

    fn may_spread_to(&self, segment: &str) -> bool {
        self.spreading && (self.spread_anywhere || self.spread_to.contains(segment))
    }
}

pub(super) fn analyse(scenario: &Scenario) -> Reach<'_> {
    let stages = &scenario.adversary.stages;
    let env = &scenario.environment;
    let group_segment: BTreeMap<&str, &str> =
        env.segments.iter().flat_map(|s| s.hosts.iter().map(move |g| (g.id.as_str(), s.id.as_str()))).collect();
    let online: BTreeSet<&str> =
        env.backups.iter().filter(|b| b.reachable_by_adversary).map(|b| b.id.as_str()).collect();
    let mut neighbours: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for link in &env.links {
        neighbours.entry(link.from.as_str()).or_default().push(link.to.as_str());
        if !link.one_way {
            neighbours.entry(link.to.as_str()).or_default().push(link.from.as_str());
        }
    }
    let mut reach = Reach::default();
    let nodes: Vec<(&str, &[String])> = stages.iter().map(|s| (s.id.as_str(), s.after.as_slice())).collect();
    for cycle in find_cycles(&nodes) {
        let ids: Vec<&str> = cycle.iter().map(|&i| nodes[i].0).collect();
        for id in &ids[..ids.len() - 1] {
            reach.blocked.entry(id).or_insert(Blocked::Cycle(reach.cycles.len()));
        }
        reach.cycles.push(ids);
    }
    let mut agenda = Agenda { unmet: vec![0; stages.len()], ..Agenda::default() };
    for (i, stage) in stages.iter().enumerate() {
        if reach.blocked.contains_key(stage.id.as_str()) {
            agenda.unmet[i] = usize::MAX; // never taken up
            continue;
        }
        for earlier in &stage.after {
            agenda.unmet[i] += 1;
            agenda.after_stage.entry(earlier.as_str()).or_default().push(i);
        }
        for requirement in &stage.requires {
            match requirement {
                Requirement::Foothold(segment) => agenda.in_segment.entry(segment.as_str()).or_default().push(i),
                Requirement::Account(account) => agenda.with_account.entry(account.as_str()).or_default().push(i),
                // Stopping needs the stage to have run first.
                Requirement::Stopped(other) => agenda.after_stage.entry(other.as_str()).or_default().push(i),
                Requirement::Unpatched(_) => continue,
            }
            agenda.unmet[i] += 1;
        }
        if agenda.unmet[i] == 0 {
            agenda.ready.push(i);
        }
    }
    while let Some(i) = agenda.ready.pop() {
        let stage = &stages[i];
        reach.possible.insert(stage.id.as_str());
        let mut new_footholds = Vec::new();
        for effect in &stage.effects {
            match effect {
                Effect::Compromise { group, .. } => {
                    reach.compromises = true;
                    new_footholds.extend(group_segment.get(group.as_str()).copied());
                }
                Effect::GainAccount(account) => {
                    if agenda.accounts.insert(account) {
                        let waiting = agenda.with_account.remove(account.as_str());
                        agenda.met(waiting);
                    }
                }
                Effect::Exfiltrate { store, .. } => {
                    reach.exfiltrated_stores.insert(store);
                }
                Effect::Encrypt { .. } => reach.encrypts = true,
                Effect::DestroyBackup(backup) => {
                    if online.contains(backup.as_str()) {
                        reach.destroyable_backups.insert(backup);
                    }
                }
                Effect::Spread { segments, .. } => {
                    let before = (agenda.spreading, agenda.spread_anywhere, agenda.spread_to.len());
                    agenda.spreading = true;
                    agenda.spread_anywhere |= segments.is_empty();
                    agenda.spread_to.extend(segments.iter().map(String::as_str));
                    // Where spreading may now go from the footholds already held; this can
                    // happen only as often as there are segments.
                    if before != (agenda.spreading, agenda.spread_anywhere, agenda.spread_to.len()) {
                        new_footholds.extend(reach.footholds.iter().copied());
                    }
                }
                Effect::SpreadOnGraph { .. } | Effect::DegradeService { .. } | Effect::StealFunds { .. } => {}
            }
        }
        hold(&mut reach, &mut agenda, &neighbours, new_footholds);
        let waiting = agenda.after_stage.remove(stage.id.as_str());
        agenda.met(waiting);
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
                    Requirement::Account(a) if !agenda.accounts.contains(a.as_str()) => {
                        Some(Blocked::NoAccount(a.clone()))
                    }
                    _ => None,
                })
            });
        if let Some(why) = why {
            reach.blocked.insert(id, why);
        }
    }
    reach
}

/// Adds footholds in `segments` and wherever a possible spread carries them along links; each
/// new foothold meets the stages waiting for it.
fn hold<'a>(
    reach: &mut Reach<'a>,
    agenda: &mut Agenda<'a>,
    neighbours: &BTreeMap<&'a str, Vec<&'a str>>,
    segments: Vec<&'a str>,
) {
    let mut frontier = Vec::new();
    for segment in segments {
        if reach.footholds.insert(segment) {
            let waiting = agenda.in_segment.remove(segment);
            agenda.met(waiting);
        }
        frontier.push(segment);
    }
    while let Some(from) = frontier.pop() {
        for &next in neighbours.get(from).into_iter().flatten() {
            if agenda.may_spread_to(next) && reach.footholds.insert(next) {
                let waiting = agenda.in_segment.remove(next);
                agenda.met(waiting);
                frontier.push(next);
            }
        }
    }
}
