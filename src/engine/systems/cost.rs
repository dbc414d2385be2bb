//! The incident's estimated cost so far, from the scenario's cost parameters: hosts at their
//! peak, records exfiltrated (each at its store's costliest data class), service downtime, and
//! response hours since the first alert or decision.

use crate::engine::components::{DataStore, Service};
use crate::engine::resources::{Progress, Setup, SimClock, Team};
use bevy_ecs::prelude::*;

pub fn estimate_cost(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    team: Res<Team>,
    mut progress: ResMut<Progress>,
    stores: Query<&DataStore>,
    services: Query<&Service>,
) {
    let env = &setup.scenario.environment;
    let costs = &env.costs;
    let hosts = progress.peak_compromised as f64 * costs.per_host_compromised
        + progress.peak_encrypted as f64 * costs.per_host_encrypted;
    let records: f64 = stores
        .iter()
        .map(|store| {
            let spec = &env.data_stores[usize::from(store.index)];
            let rate = spec.classes.iter().filter_map(|c| costs.per_record.get(c)).fold(0.0, |a: f64, &b| a.max(b));
            store.exfiltrated as f64 * rate
        })
        .sum();
    let downtime: f64 =
        services.iter().map(|s| s.downtime as f64 / 3_600.0 * env.services[usize::from(s.index)].cost_per_hour).sum();
    let response_start = team.first_decided.values().chain(progress.alerts_delivered.values()).min().copied();
    let response = response_start
        .map_or(0.0, |start| (clock.now + clock.tick).saturating_sub(start) as f64 / 3_600.0 * costs.response_per_hour);
    progress.cost = hosts + records + downtime + response;
}
