//! The incident's estimated cost so far, from the scenario's cost parameters: hosts at their
//! peak, records exfiltrated (each at its store's costliest data class), service downtime and
//! degraded running, money stolen and not recovered, and response hours since the first alert
//! or decision.

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
    let costs = &setup.scenario.environment.costs;
    let hosts = progress.peak_compromised as f64 * costs.per_host_compromised
        + progress.peak_encrypted as f64 * costs.per_host_encrypted;
    let records: f64 =
        stores.iter().map(|s| s.exfiltrated as f64 * setup.stores[usize::from(s.index)].cost_per_record).sum();
    let downtime: f64 = services
        .iter()
        .map(|s| (s.downtime as f64 + s.degraded_loss) / 3_600.0 * setup.services[usize::from(s.index)].cost_per_hour)
        .sum();
    let first_decision = team.decided.first().map(|(t, _)| t);
    let response_start = first_decision.into_iter().chain(progress.alerts_delivered.values()).min().copied();
    let response = response_start
        .map_or(0.0, |start| (clock.now + clock.tick).saturating_sub(start) as f64 / 3_600.0 * costs.response_per_hour);
    progress.cost = hosts + records + downtime + progress.funds_lost() + response;
}
