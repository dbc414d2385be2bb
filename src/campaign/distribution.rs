//! An exact distribution in constant memory: a count per distinct value. The values a campaign
//! measures are few — times are whole ticks up to the scenario's length, scores 0 to 100, shares
//! in thousandths — so the counts never outgrow that, however many runs are added, and
//! quantiles are exact, not sketched.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    /// Value → how many runs had it.
    counts: BTreeMap<u64, u64>,
}

impl Distribution {
    pub fn add(&mut self, value: u64) {
        *self.counts.entry(value).or_default() += 1;
    }

    pub fn merge(&mut self, other: &Distribution) {
        for (value, n) in &other.counts {
            *self.counts.entry(*value).or_default() += n;
        }
    }

    /// How many values were added.
    pub fn len(&self) -> u64 {
        self.counts.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The `q`-quantile, 0 < q ≤ 1, by nearest rank: the smallest value at or below which at
    /// least `q` of the values lie. `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<u64> {
        let n = self.len();
        let rank = ((q * n as f64).ceil() as u64).clamp(1, n.max(1));
        let mut seen = 0;
        for (value, count) in &self.counts {
            seen += count;
            if seen >= rank {
                return Some(*value);
            }
        }
        None
    }

    /// The cumulative share of `of` runs at or below each value: a CDF over all the runs, so
    /// runs that never reached the measure keep the curve below 1.
    pub fn cumulative(&self, of: u64) -> Vec<(u64, f64)> {
        let mut seen = 0;
        (self.counts.iter())
            .map(|(value, n)| {
                seen += n;
                (*value, if of == 0 { 0.0 } else { seen as f64 / of as f64 })
            })
            .collect()
    }

    /// Each distinct value with how many runs had it, smallest first.
    pub fn counts(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.counts.iter().map(|(v, n)| (*v, *n))
    }

    /// The mean, when there are values.
    pub fn mean(&self) -> Option<f64> {
        let n = self.len();
        (n > 0).then(|| self.counts.iter().map(|(v, c)| *v as f64 * *c as f64).sum::<f64>() / n as f64)
    }
}
