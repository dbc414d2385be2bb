//! Builds a run's world from a compiled scenario and plan: one entity per host, segment,
//! account, data store, backup and service, and the host graphs.

use super::components::{Account, Backup, DataStore, Host, HostStatus, Segment, Service};
use super::resources::{HostGraph, HostTally, Hosts, Inbox, Log, Progress, Setup, SimClock, StageState, Team};
use super::rng::{Dice, Purpose, stream};
use crate::compile::{Compiled, Group};
use crate::scenario::model::Topology;
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;
use rand::RngExt;
use std::sync::Arc;

/// Spawns the world for a run of a compiled scenario and plan.
pub fn build_world(compiled: Arc<Compiled>, seed: u64) -> World {
    let mut world = World::new();
    let mut hosts = Hosts::default();
    for (g, group) in compiled.groups.iter().enumerate() {
        for i in 0..group.count {
            let host = Host { index: group.first + i, group: g as u16, segment: group.segment.0 };
            hosts.entities.push(world.spawn((host, HostStatus::CLEAN)).id());
            hosts.groups.push(g as u16);
        }
    }
    let (offsets, neighbours) = host_graph(&compiled.groups, compiled.hosts, seed);
    hosts.graph = HostGraph { offsets, neighbours };
    hosts.turns = vec![(0, 0); hosts.entities.len()];
    let dice = Dice::new(seed);
    hosts.segment_spread = (0..compiled.hosts).map(|h| dice.stream(Purpose::SegmentSpread, u64::from(h))).collect();
    let env = &compiled.scenario.environment;
    for index in 0..compiled.segments() {
        world.spawn(Segment { index: index as u16, isolated: false });
    }
    for index in 0..compiled.accounts {
        world.spawn(Account { index: index as u16, revoked: false, reset: false, held_by_adversary: false });
    }
    for index in 0..env.data_stores.len() {
        world.spawn(DataStore { index: index as u16, exfiltrated: 0 });
    }
    for index in 0..env.backups.len() {
        world.spawn(Backup { index: index as u16, destroyed: false });
    }
    for index in 0..env.services.len() {
        world.spawn(Service { index: index as u16, down_since: None, downtime: 0, degraded: 0.0, degraded_loss: 0.0 });
    }
    let mut log = Log::default();
    let (scenario, plan) = (compiled.scenario.id.clone(), compiled.plan.id.clone());
    log.seen(0, EventKind::RunStarted { scenario, plan, seed });
    world.insert_resource(SimClock { now: 0, tick: compiled.tick, max: compiled.max });
    world.insert_resource(dice);
    world.insert_resource(Progress { stages: vec![StageState::Waiting; compiled.stages.len()], ..Progress::default() });
    world.insert_resource(log);
    world.insert_resource(Team::default());
    world.insert_resource(Inbox::default());
    world.insert_resource(hosts);
    world.insert_resource(HostTally::new(&compiled));
    world.insert_resource(Setup(compiled));
    world
}

/// The host graph in compressed form: `offsets[h]..offsets[h + 1]` indexes `h`'s neighbours.
fn host_graph(groups: &[Group], host_count: u32, seed: u64) -> (Vec<u32>, Vec<u32>) {
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
        let groups = [Group {
            id: "g".into(),
            segment: crate::compile::SegmentIx(0),
            first: 0,
            count: 50,
            topology: Topology::Random { avg_degree: 4.0 },
            check: None,
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
