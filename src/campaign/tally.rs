//! The counts a campaign keeps: for each metric its exact distribution and statuses, for each
//! clock and plan step how often it was met, late or missed, the score and the share of harm
//! averted, and how often each stage succeeded. Adding a run and merging two tallies are exact
//! and order-free, so shards and threads add up to the same tally.

use super::Run;
use super::distribution::Distribution;
use crate::evaluate::model::Status;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub runs: u64,
    /// Metric id → its values where reached (seconds), and how many runs ended in each status.
    pub metrics: BTreeMap<String, Counted>,
    /// Clock id → how many runs ended in each status (its regulation in `names`).
    pub clocks: BTreeMap<String, BTreeMap<Status, u64>>,
    /// `playbook/step` → how many runs ended in each status, for the steps that were triggered.
    pub steps: BTreeMap<String, BTreeMap<Status, u64>>,
    /// Readiness score, 0–100.
    pub score: Distribution,
    /// Share of the baseline's harm averted, in thousandths.
    pub averted: Distribution,
    /// Stage id → how many runs it succeeded in.
    pub stages: BTreeMap<String, u64>,
    /// Ids → names people read (metric names, clock regulations, step titles).
    pub names: BTreeMap<String, String>,
    /// Metric id → its target in seconds, when the plan sets one.
    pub targets: BTreeMap<String, u64>,
}

/// One measure's values and statuses.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Counted {
    pub values: Distribution,
    pub statuses: BTreeMap<Status, u64>,
}

impl Tally {
    pub fn add_run(&mut self, run: &Run) {
        let e = &run.evaluation;
        self.runs += 1;
        for metric in &e.metrics {
            let counted = self.metrics.entry(metric.id.clone()).or_default();
            if let Some(value) = metric.value {
                counted.values.add(value);
            }
            *counted.statuses.entry(metric.status).or_default() += 1;
            self.names.entry(format!("metric:{}", metric.id)).or_insert_with(|| metric.name.clone());
            if let Some(target) = metric.target {
                self.targets.entry(metric.id.clone()).or_insert(target);
            }
        }
        for clock in &e.clocks {
            *self.clocks.entry(clock.id.clone()).or_default().entry(clock.status).or_default() += 1;
            self.names.entry(format!("clock:{}", clock.id)).or_insert_with(|| clock.regulation.clone());
        }
        for step in e.steps.iter().filter(|s| s.status != Status::NotTriggered) {
            let id = format!("{}/{}", step.playbook, step.step);
            *self.steps.entry(id.clone()).or_default().entry(step.status).or_default() += 1;
            self.names.entry(format!("step:{id}")).or_insert_with(|| step.title.clone());
        }
        if let Some(score) = e.score.value {
            self.score.add(u64::from(score));
        }
        self.averted.add((e.outcome.averted * 1_000.0).round() as u64);
        let mut stages = run.stages.clone();
        stages.sort();
        stages.dedup();
        for stage in stages {
            *self.stages.entry(stage).or_default() += 1;
        }
    }

    /// Two tallies as one.
    pub fn merge(mut self, other: Tally) -> Tally {
        self.runs += other.runs;
        for (id, counted) in other.metrics {
            let mine = self.metrics.entry(id).or_default();
            mine.values.merge(&counted.values);
            add_counts(&mut mine.statuses, counted.statuses);
        }
        for (id, statuses) in other.clocks {
            add_counts(self.clocks.entry(id).or_default(), statuses);
        }
        for (id, statuses) in other.steps {
            add_counts(self.steps.entry(id).or_default(), statuses);
        }
        self.score.merge(&other.score);
        self.averted.merge(&other.averted);
        add_counts(&mut self.stages, other.stages);
        self.names.extend(other.names);
        self.targets.extend(other.targets);
        self
    }
}

fn add_counts<K: Ord>(into: &mut BTreeMap<K, u64>, from: BTreeMap<K, u64>) {
    for (key, n) in from {
        *into.entry(key).or_default() += n;
    }
}
