//! The outcome: the harm a run did against the harm the same scenario, plan and seed did with
//! no response at all (the baseline), and the share of it the response averted. Harm is what
//! the incident cost the organisation — records out, hosts held and encrypted, downtime, money
//! lost, and the hosts still held at the end — without what the response spent (its hours, the
//! forensics fee, notifying data subjects): that is effort, not damage.

use super::model::{Harm, Impact, Letter, Outcome};
use crate::scenario::model::Scenario;

/// The harm of one run, from its impact.
pub fn harm(scenario: &Scenario, impact: &Impact) -> Harm {
    let per_host = scenario.environment.costs.per_host_compromised;
    Harm {
        records: impact.records_total,
        hosts_encrypted: impact.peak_encrypted,
        critical_downtime: impact.downtime.iter().filter(|d| d.critical).map(|d| d.seconds).sum(),
        funds_lost: impact.funds_lost,
        // An adversary still inside at the end is harm the run did not undo: its clean-up is owed.
        cleanup_owed: impact.final_compromised as f64 * per_host,
        cost: impact.cost_breakdown.damage() + impact.final_compromised as f64 * per_host,
    }
}

/// The share of the baseline's harm the response averted, 0 to 1: one minus the run's harm cost
/// over the baseline's. When the baseline did no harm, 1 if the run did none either, else 0.
pub fn averted(team: &Harm, baseline: &Harm) -> f64 {
    /// Harm below this, in the scenario's currency, is no harm.
    const NONE: f64 = 1.0;
    if baseline.cost < NONE {
        return if team.cost < NONE { 1.0 } else { 0.0 };
    }
    (1.0 - team.cost / baseline.cost).clamp(0.0, 1.0)
}

/// The outcome's letter from the share averted.
pub fn letter(averted: f64) -> Letter {
    match averted {
        a if a >= 0.9 => Letter::P,
        a if a >= 0.6 => Letter::S,
        a if a >= 0.3 => Letter::M,
        _ => Letter::U,
    }
}

/// The run's outcome against its baseline.
pub fn outcome(team: Harm, baseline: Harm) -> Outcome {
    let share = averted(&team, &baseline);
    Outcome { averted: (share * 1_000.0).round() / 1_000.0, rating: letter(share), team, baseline }
}
