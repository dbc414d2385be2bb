//! Investigations: when `CollectEvidence` on a segment takes effect, the players learn what is
//! true there at that moment — the hosts the adversary holds, the indicators of its running
//! stages, the accounts it holds that can log on there, the vulnerabilities it exploited there.

use crate::compile::{Compiled, SegmentIx};
use crate::engine::components::{Account, Host, HostState, HostStatus};
use crate::engine::resources::{Progress, StageState};
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The finding of investigation `decision` into `segment`, as of now.
pub fn finding(
    compiled: &Compiled,
    progress: &Progress,
    decision: u64,
    segment: SegmentIx,
    hosts: &Query<(&Host, &mut HostStatus)>,
    accounts: &Query<&mut Account>,
) -> EventKind {
    let env = &compiled.scenario.environment;
    let adversary = &compiled.scenario.adversary;
    let mut held: BTreeMap<String, u32> = BTreeMap::new();
    for (host, _) in hosts.iter().filter(|(h, s)| h.segment == segment.0 && s.state != HostState::Clean) {
        *held.entry(compiled.groups[usize::from(host.group)].id.clone()).or_default() += 1;
    }
    // Traces live on the hosts: with none held here, the investigation finds no indicator.
    let mut indicators = BTreeSet::new();
    let mut vulnerabilities = BTreeSet::new();
    let groups_here: BTreeSet<usize> =
        compiled.groups.iter().enumerate().filter(|(_, g)| g.segment == segment).map(|(i, _)| i).collect();
    for (i, stage) in compiled.stages.iter().enumerate() {
        let running = matches!(progress.stages[i], StageState::Succeeded(_));
        if running && !held.is_empty() {
            indicators.extend(stage.indicators.iter().copied());
        }
        // A stopped stage ran first: what it exploited is still there to find.
        if running || progress.stages[i] == StageState::Stopped {
            for v in &stage.exploits {
                if compiled.vulnerable_groups[v.get()].iter().any(|g| groups_here.contains(&g.get())) {
                    vulnerabilities.insert(*v);
                }
            }
        }
    }
    let segment_id = &env.segments[segment.get()].id;
    let accounts = accounts
        .iter()
        .filter(|a| a.held_by_adversary && !a.revoked)
        .map(|a| &env.accounts[usize::from(a.index)])
        .filter(|a| a.segments.is_empty() || a.segments.contains(segment_id))
        .map(|a| a.id.clone())
        .collect();
    EventKind::Finding {
        decision,
        segment: segment_id.clone(),
        hosts: held,
        indicators: indicators.into_iter().map(|i| adversary.iocs[i.get()].id.clone()).collect(),
        accounts,
        vulnerabilities: vulnerabilities.into_iter().map(|v| adversary.vulnerabilities[v.get()].id.clone()).collect(),
    }
}
