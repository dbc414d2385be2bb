//! Builds a run's world from a checked scenario and plan: indexes ids, spawns one entity per
//! host, segment, account, data store, backup and service, and generates host graphs.

use super::components::{Account, Backup, DataStore, Host, HostStatus, Segment, Service};
use super::resources::{
    GroupInfo, HostGraph, HostTally, Hosts, Inbox, Log, Progress, Setup, SimClock, StageState, Team,
};
use super::rng::{Dice, stream};
use crate::plan::model::Plan;
use crate::scenario::model::{Scenario, Topology, Watch};
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;
use rand::RngExt;
use std::collections::BTreeMap;

/// Indexes the scenario and plan. Both must have passed validation.
pub fn index(scenario: &Scenario, plan: &Plan, seed: u64) -> Setup {
    let env = &scenario.environment;
    let mut index: BTreeMap<&'static str, BTreeMap<String, usize>> = BTreeMap::new();
    let mut put = |kind: &'static str, ids: Vec<&String>| {
        for (i, id) in ids.into_iter().enumerate() {
            index.entry(kind).or_default().insert(id.clone(), i);
        }
    };
    put("segment", env.segments.iter().map(|s| &s.id).collect());
    put("group", env.segments.iter().flat_map(|s| &s.hosts).map(|g| &g.id).collect());
    put("account", env.accounts.iter().map(|a| &a.id).collect());
    put("store", env.data_stores.iter().map(|d| &d.id).collect());
    put("backup", env.backups.iter().map(|b| &b.id).collect());
    put("service", env.services.iter().map(|s| &s.id).collect());
    put("ioc", scenario.adversary.iocs.iter().map(|x| &x.id).collect());
    put("vulnerability", scenario.adversary.vulnerabilities.iter().map(|v| &v.id).collect());
    put("stage", scenario.adversary.stages.iter().map(|s| &s.id).collect());
    put("detection", scenario.detections.iter().map(|d| &d.id).collect());
    put("inject", scenario.injects.iter().map(|x| &x.id).collect());
    let mut groups = Vec::new();
    let mut first = 0;
    for (segment, s) in env.segments.iter().enumerate() {
        for g in &s.hosts {
            groups.push(GroupInfo { id: g.id.clone(), segment, first, count: g.count, topology: g.topology });
            first += g.count;
        }
    }
    let find = |kind: &str, id: &str| index.get(kind).and_then(|ids| ids.get(id)).copied();
    let segment_of = |id: &str| find("segment", id);
    let mut links = vec![Vec::new(); env.segments.len()];
    for link in &env.links {
        if let (Some(from), Some(to)) = (segment_of(&link.from), segment_of(&link.to)) {
            links[from].push(to);
            if !link.one_way {
                links[to].push(from);
            }
        }
    }
    let watched = scenario
        .detections
        .iter()
        .map(|d| match &d.watches {
            Watch::Stage(id) => find("stage", id).into_iter().collect(),
            Watch::Technique(t) => scenario
                .adversary
                .stages
                .iter()
                .enumerate()
                .filter(|(_, s)| &s.technique == t)
                .map(|(i, _)| i)
                .collect(),
        })
        .collect();
    let durations = plan.action_durations.iter().filter_map(|d| Some((d.action, d.duration.seconds().ok()?))).collect();
    Setup { scenario: scenario.clone(), plan: plan.clone(), seed, groups, links, index, watched, durations }
}

/// Spawns the world for a run.
pub fn build_world(setup: Setup) -> World {
    let mut world = World::new();
    let scenario = &setup.scenario;
    let env = &scenario.environment;
    let seed = setup.seed;
    let mut hosts = Hosts::default();
    for (g, group) in setup.groups.iter().enumerate() {
        for i in 0..group.count {
            let host = Host { index: group.first + i, group: g as u16, segment: group.segment as u16 };
            hosts.entities.push(world.spawn((host, HostStatus::CLEAN)).id());
            hosts.groups.push(g as u16);
        }
    }
    let (offsets, neighbours) = host_graph(&setup.groups, setup.host_count(), seed);
    hosts.graph = HostGraph { offsets, neighbours };
    hosts.turns = vec![(0, 0); hosts.entities.len()];
    for index in 0..env.segments.len() {
        world.spawn(Segment { index: index as u16, isolated: false });
    }
    for index in 0..env.accounts.len() {
        world.spawn(Account { index: index as u16, revoked: false, reset: false, held_by_adversary: false });
    }
    for index in 0..env.data_stores.len() {
        world.spawn(DataStore { index: index as u16, exfiltrated: 0 });
    }
    for index in 0..env.backups.len() {
        world.spawn(Backup { index: index as u16, destroyed: false });
    }
    for index in 0..env.services.len() {
        world.spawn(Service { index: index as u16, down_since: None, downtime: 0 });
    }
    let tick = scenario.clock.tick.seconds().unwrap_or(60).max(1);
    let max = scenario.clock.max_duration.seconds().unwrap_or(tick).max(tick);
    let mut log = Log::default();
    log.seen(0, EventKind::RunStarted { scenario: scenario.id.clone(), plan: setup.plan.id.clone(), seed });
    world.insert_resource(SimClock { now: 0, tick, max });
    world.insert_resource(Dice::new(seed));
    world.insert_resource(Progress {
        stages: vec![StageState::Waiting; scenario.adversary.stages.len()],
        ..Progress::default()
    });
    world.insert_resource(log);
    world.insert_resource(Team::default());
    world.insert_resource(Inbox::default());
    let hosts_total = hosts.entities.len() as u32;
    world.insert_resource(hosts);
    world.insert_resource(HostTally::new(hosts_total, env.segments.len()));
    world.insert_resource(setup);
    world
}

/// The host graph in compressed form: `offsets[h]..offsets[h + 1]` indexes `h`'s neighbours.
fn host_graph(groups: &[GroupInfo], host_count: u32, seed: u64) -> (Vec<u32>, Vec<u32>) {
    let mut rng = stream(seed, "topology");
    let mut edges: Vec<(u32, u32)> = Vec::new();
    for group in groups {
        if let Topology::Random { avg_degree } = group.topology {
            random_graph(group.count, avg_degree / f64::from(group.count), &mut rng, |a, b| {
                edges.push((group.first + a, group.first + b));
            });
        }
    }
    let mut degree = vec![0u32; host_count as usize + 1];
    for &(a, b) in &edges {
        degree[a as usize] += 1;
        degree[b as usize] += 1;
    }
    let mut offsets = Vec::with_capacity(host_count as usize + 1);
    let mut total = 0;
    for d in degree.iter().take(host_count as usize) {
        offsets.push(total);
        total += d;
    }
    offsets.push(total);
    let mut fill = offsets.clone();
    let mut neighbours = vec![0u32; total as usize];
    for &(a, b) in &edges {
        neighbours[fill[a as usize] as usize] = b;
        fill[a as usize] += 1;
        neighbours[fill[b as usize] as usize] = a;
        fill[b as usize] += 1;
    }
    (offsets, neighbours)
}

/// Erdős–Rényi G(n, p) in time proportional to n + edges (Batagelj & Brandes, 2005): instead of
/// a coin per pair, draw the gap to the next edge from a geometric distribution.
fn random_graph(n: u32, p: f64, rng: &mut impl RngExt, mut edge: impl FnMut(u32, u32)) {
    if p <= 0.0 || n < 2 {
        return;
    }
    if p >= 1.0 {
        for v in 1..n {
            for w in 0..v {
                edge(v, w);
            }
        }
        return;
    }
    let log_q = (1.0 - p).ln();
    let (mut v, mut w): (i64, i64) = (1, -1);
    let n = i64::from(n);
    while v < n {
        let r: f64 = rng.random();
        w += 1 + ((1.0 - r).ln() / log_q).floor() as i64;
        while w >= v && v < n {
            w -= v;
            v += 1;
        }
        if v < n {
            edge(v as u32, w as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_graphs_have_the_expected_number_of_edges() {
        let mut rng = stream(1, "test");
        let (n, degree) = (20_000u32, 3.0);
        let mut edges = 0u64;
        random_graph(n, degree / f64::from(n), &mut rng, |a, b| {
            assert!(b < a && a < n);
            edges += 1;
        });
        let expected = f64::from(n) * degree / 2.0;
        assert!((edges as f64 - expected).abs() < 4.0 * expected.sqrt(), "{edges} edges, expected about {expected}");
    }

    #[test]
    fn the_compressed_graph_lists_each_edge_both_ways() {
        let groups = [GroupInfo {
            id: "g".into(),
            segment: 0,
            first: 0,
            count: 50,
            topology: Topology::Random { avg_degree: 4.0 },
        }];
        let (offsets, neighbours) = host_graph(&groups, 50, 3);
        assert_eq!(offsets.len(), 51);
        for host in 0..50u32 {
            for &other in &neighbours[offsets[host as usize] as usize..offsets[host as usize + 1] as usize] {
                let back = &neighbours[offsets[other as usize] as usize..offsets[other as usize + 1] as usize];
                assert!(back.contains(&host));
            }
        }
    }
}
