//! The incident's estimated cost so far, by component, from the scenario's cost parameters: hosts
//! at their peak; records exfiltrated, priced per class on the per-record curve
//! (`crate::cost::records`); service downtime and degraded running; money stolen and not
//! recovered; the forensics firm's fee once it is engaged; the data subjects notified; and the
//! hours of each engaged role, from its engagement to the end of the drill's last tick (nobody
//! works on while the incident runs on hidden).

use crate::action::{Action, Party};
use crate::cost::{Cost, records};
use crate::engine::components::{DataStore, Service};
use crate::engine::resources::{Progress, Setup, SimClock, Team};
use crate::scenario::model::DataClass;
use bevy_ecs::prelude::*;
use std::collections::BTreeMap;

/// The role whose first engagement charges `forensics_retainer`.
const FORENSICS: &str = "forensics";

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
    // Records out by the class they are priced as; the curve applies to each class's total.
    let mut by_class: BTreeMap<DataClass, u64> = BTreeMap::new();
    let mut personal = 0u64;
    for store in &stores {
        let spec = &setup.stores[usize::from(store.index)];
        if let Some(class) = spec.priced_as {
            *by_class.entry(class).or_default() += store.exfiltrated;
        }
        personal += if spec.personal { store.exfiltrated } else { 0 };
    }
    // Sums start at +0: an empty one is written `0.0`, never `-0.0`.
    let records = by_class
        .iter()
        .map(|(class, &n)| records::cost(costs.per_record.get(class).copied().unwrap_or(0.0), n))
        .fold(0.0, |sum, cost| sum + cost);
    let downtime = services
        .iter()
        .map(|s| (s.downtime as f64 + s.degraded_loss) / 3_600.0 * setup.services[usize::from(s.index)].cost_per_hour)
        .fold(0.0, |sum, cost| sum + cost);
    let notified = team.done.iter().any(|(_, a)| *a == Action::Notify(Party::DataSubjects));
    let forensics = if team.engaged.contains_key(FORENSICS) { costs.forensics_retainer } else { 0.0 };
    progress.cost = Cost {
        hosts,
        records,
        downtime,
        funds_lost: progress.funds_lost(),
        forensics,
        notification: if notified { personal as f64 * costs.per_subject_notified } else { 0.0 },
        response: match progress.ended {
            Some(_) => progress.cost.response,
            None => response_hours(&setup, &team, clock.now + clock.tick) * costs.response_per_hour,
        },
    };
}

/// Hours worked by the engaged roles until `until`, added up: each role the plan staffs, from the
/// first time it (or a role it covers) was engaged.
fn response_hours(setup: &Setup, team: &Team, until: u64) -> f64 {
    let mut since: BTreeMap<&str, u64> = BTreeMap::new();
    for (role, &at) in &team.engaged {
        if let Some(acting) = setup.plan.acting_role(role) {
            let first = since.entry(acting).or_insert(at);
            *first = (*first).min(at);
        }
    }
    since.values().map(|&at| until.saturating_sub(at) as f64 / 3_600.0).fold(0.0, |sum, hours| sum + hours)
}
