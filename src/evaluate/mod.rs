//! Evaluation: a run's timeline judged against the response plan — metrics, plan adherence,
//! notification clocks, HSEEP ratings, a readiness score and an improvement plan. A pure function.

mod adherence;
mod clocks;
mod expectations;
mod facts;
mod improvements;
mod metrics;
pub mod model;
mod outcome;
mod ratings;

pub use metrics::{position as metric_position, targets as metric_targets};
pub use model::Evaluation;
pub use ratings::{capabilities, capability_name, capability_of};

use crate::calendar::DateTime;
use crate::compile::Compiled;
use crate::scenario::model::Scenario;
use crate::timeline::Timeline;
use model::{Downtime, Impact, RanOn, Room, RunSummary};

/// What a run's evaluation is made from.
pub struct Inputs<'a> {
    /// The scenario and plan the run played, compiled (`crate::compile`).
    pub compiled: &'a Compiled,
    pub timeline: &'a Timeline,
    /// The same scenario, plan and seed run with no response: what the response is judged against.
    pub baseline: &'a Timeline,
    /// What the room said, and when the exercise was held.
    pub room: Room,
}

/// Judges a run. The same inputs always give the same evaluation.
pub fn evaluate(inputs: Inputs) -> Evaluation {
    let Inputs { compiled, timeline, baseline, room } = inputs;
    let (scenario, plan) = (&compiled.scenario, &compiled.plan);
    let facts = facts::Facts::read(compiled, timeline);
    let team_impact = impact(scenario, &facts);
    let untouched = facts::Facts::read(compiled, baseline);
    let outcome =
        outcome::outcome(outcome::harm(scenario, &team_impact), outcome::harm(scenario, &impact(scenario, &untouched)));
    let start = DateTime::parse(&scenario.clock.start)
        .unwrap_or(DateTime { date: crate::calendar::Date { year: 2026, month: 1, day: 1 }, minute_of_day: 0 });
    let metrics = metrics::measure(&facts, plan);
    let severity = adherence::severity(scenario, plan, &facts);
    let steps = adherence::steps(plan, scenario, &facts);
    let expectations = expectations::expectations(scenario, plan, &facts);
    let escalations = adherence::escalations(plan, &facts);
    let clocks = clocks::clocks(plan, scenario, &facts, start);
    let judged = ratings::Judged {
        plan,
        scenario,
        facts: &facts,
        metrics: &metrics,
        severity: &severity,
        steps: &steps,
        expectations: &expectations,
        escalations: &escalations,
        clocks: &clocks,
        outcome: &outcome,
    };
    let (ratings, score, improvements) = ratings::rate(&judged);
    let seed = timeline.seed();
    Evaluation {
        run: RunSummary {
            scenario: scenario.id.clone(),
            scenario_title: scenario.title.clone(),
            plan: plan.id.clone(),
            plan_title: plan.title.clone(),
            seed,
            start: scenario.clock.start.clone(),
            ended_at: facts.ended_at,
            end_reason: facts.end_reason,
            currency: scenario.environment.costs.currency.clone(),
            sector: scenario.sector,
            jurisdictions: scenario.jurisdictions.clone(),
            first_compromise: facts.first_compromise,
            first_detection: facts.first_detection(),
            first_signal: facts.first_signal(),
            ran_on: facts.run_on.map(|r| RanOn {
                ended_at: r.ended_at,
                reason: r.reason,
                cost_at_drill_end: r.cost_at_drill_end,
                records_at_drill_end: r.records_at_drill_end,
                held_at_drill_end: r.situation_at_drill_end.compromised,
                encrypted_at_drill_end: r.situation_at_drill_end.encrypted,
            }),
            held: room.held,
            facilitator: room.facilitator,
        },
        outcome,
        impact: team_impact,
        metrics,
        severity,
        steps,
        expectations,
        escalations,
        clocks,
        clocks_out_of_scope: clocks::out_of_scope(plan, scenario),
        ratings,
        score,
        improvements,
        notes: room.notes,
        answers: room.answers,
        hotwash: room.hotwash,
    }
}

fn impact(scenario: &Scenario, facts: &facts::Facts) -> Impact {
    let (peak_compromised, final_compromised) = facts.peak_and_final(|s| s.compromised);
    let (peak_encrypted, final_encrypted) = facts.peak_and_final(|s| s.encrypted);
    let (peak_isolated, _) = facts.peak_and_final(|s| s.isolated);
    let (_, restored) = facts.peak_and_final(|s| s.restored);
    let spells = |list: Option<&Vec<(u64, Option<u64>)>>| -> u64 {
        list.into_iter()
            .flatten()
            .map(|(from, until)| until.unwrap_or(facts.incident_end()).saturating_sub(*from))
            .sum()
    };
    let downtime = scenario
        .environment
        .services
        .iter()
        .filter_map(|service| {
            let (outages, degradations) = (facts.outages.get(&service.id), facts.degradations.get(&service.id));
            if outages.is_none() && degradations.is_none() {
                return None;
            }
            Some(Downtime {
                service: service.id.clone(),
                name: service.name.clone(),
                critical: service.critical,
                seconds: spells(outages),
                down_at_end: outages.and_then(|o| o.last()).is_some_and(|(_, up)| up.is_none()),
                degraded_seconds: spells(degradations),
            })
        })
        .collect();
    Impact {
        peak_compromised,
        final_compromised,
        peak_encrypted,
        final_encrypted,
        peak_isolated,
        restored,
        records_total: facts.records_total,
        records: facts.records.clone(),
        downtime,
        funds_lost: facts.funds_stolen - facts.funds_recovered,
        funds_recovered: facts.funds_recovered,
        cost: facts.cost.total(),
        cost_breakdown: facts.cost,
    }
}
