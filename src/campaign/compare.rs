//! Two plans on the same seeds: each plan's tally, and for every time metric the paired
//! difference, run by run, of plan B's value minus plan A's where both reached it — kept as exact
//! integer sums so that the mean and its 95 % interval come out the same for any threads or
//! shards. This is how a team shows that a 24×7 SOC cuts its time to contain, and by how much.

use super::tally::Tally;
use crate::evaluate::Evaluation;
use crate::evaluate::model::Status;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Both plans' tallies and their paired differences.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub a: Tally,
    pub b: Tally,
    pub paired: Paired,
}

impl Comparison {
    pub fn merge(self, other: Comparison) -> Comparison {
        Comparison { a: self.a.merge(other.a), b: self.b.merge(other.b), paired: self.paired.merge(other.paired) }
    }
}

/// Metric id → the paired differences of the runs in which both plans reached it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Paired(pub BTreeMap<String, Difference>);

/// Exact sums of the differences B − A, in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    pub n: u64,
    pub sum: i128,
    pub sum_of_squares: i128,
    /// Runs in which B was faster, and in which A was.
    pub b_faster: u64,
    pub a_faster: u64,
    /// Runs in which only A reached it while B had to and never did, and the reverse: left out
    /// of the sums, counted here.
    #[serde(default)]
    pub only_a: u64,
    #[serde(default)]
    pub only_b: u64,
}

impl Paired {
    pub fn add(&mut self, a: &Evaluation, b: &Evaluation) {
        for metric in &a.metrics {
            let Some(other) = b.metrics.iter().find(|m| m.id == metric.id) else { continue };
            let diff = self.0.entry(metric.id.clone()).or_default();
            // One plan reached it and the other had to and never did; a plan under which the
            // adversary never got in had nothing to reach, and that is no loss.
            let (x, y) = match (metric.value, other.value) {
                (Some(x), Some(y)) => (x, y),
                (Some(_), None) => {
                    diff.only_a += u64::from(other.status == Status::NotReached);
                    continue;
                }
                (None, Some(_)) => {
                    diff.only_b += u64::from(metric.status == Status::NotReached);
                    continue;
                }
                (None, None) => continue,
            };
            let d = i128::from(y) - i128::from(x);
            diff.n += 1;
            diff.sum += d;
            diff.sum_of_squares += d * d;
            diff.b_faster += u64::from(d < 0);
            diff.a_faster += u64::from(d > 0);
        }
    }

    pub fn merge(mut self, other: Paired) -> Paired {
        for (id, d) in other.0 {
            let mine = self.0.entry(id).or_default();
            mine.n += d.n;
            mine.sum += d.sum;
            mine.sum_of_squares += d.sum_of_squares;
            mine.b_faster += d.b_faster;
            mine.a_faster += d.a_faster;
            mine.only_a += d.only_a;
            mine.only_b += d.only_b;
        }
        self
    }
}

impl Difference {
    /// The mean difference B − A in seconds, when there is a pair.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64)
    }

    /// The 95 % confidence interval of the mean difference (normal approximation, sample standard
    /// deviation); `None` with fewer than two pairs.
    pub fn interval(&self) -> Option<(f64, f64)> {
        if self.n < 2 {
            return None;
        }
        let n = self.n as f64;
        let mean = self.sum as f64 / n;
        let variance = ((self.sum_of_squares as f64 - n * mean * mean) / (n - 1.0)).max(0.0);
        let half = 1.96 * (variance / n).sqrt();
        Some((mean - half, mean + half))
    }
}
