//! A shard's partial result, written by `ttx simulate --shard i/n --format json` and read back by
//! `ttx merge`: the campaign it belongs to and its slice's counts (one plan's tally, or two
//! plans' with their paired differences). Merging checks that the parts are the slices of one
//! campaign, each once, and adds their counts — the same counts one unsharded run would have made.
//! An unsharded campaign is the one part of one shard.

use super::compare::Comparison;
use super::tally::Tally;
use serde::{Deserialize, Serialize};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub scenario: String,
    pub plan: String,
    /// Who responded: the automated team (and how it slips) or a decisions file.
    pub response: String,
    pub seed: u64,
    /// The campaign's runs, all shards together.
    pub runs: u64,
    /// This part's slice: shard `index` of `of`, counting from 1.
    pub shard: Shard,
    /// Stopped (Ctrl-C) before its slice was played.
    pub partial: bool,
    /// The second plan of a comparison (`--compare`), and its response.
    #[serde(default)]
    pub against: Option<Against>,
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Against {
    pub plan: String,
    pub response: String,
}

/// What the runs of a part added up to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Counts {
    /// One plan.
    Tally(Tally),
    /// Two plans on the same seeds (boxed: it is the larger, and parts are few).
    Comparison(Box<Comparison>),
}

impl Counts {
    /// How many runs were played.
    pub fn runs(&self) -> u64 {
        match self {
            Counts::Tally(tally) => tally.runs,
            Counts::Comparison(both) => both.a.runs,
        }
    }

    /// Both parts' counts added up, when they are of the same kind.
    fn merge(self, other: Counts) -> Option<Counts> {
        match (self, other) {
            (Counts::Tally(a), Counts::Tally(b)) => Some(Counts::Tally(a.merge(b))),
            (Counts::Comparison(a), Counts::Comparison(b)) => Some(Counts::Comparison(Box::new(a.merge(*b)))),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shard {
    pub index: u64,
    pub of: u64,
}

impl Shard {
    /// `i/n`, with 1 ≤ i ≤ n.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (i, n) = text.split_once('/').ok_or("write the shard as i/n, e.g. 3/8")?;
        let (index, of) = (i.trim().parse::<u64>(), n.trim().parse::<u64>());
        match (index, of) {
            (Ok(index), Ok(of)) if (1..=of).contains(&index) => Ok(Shard { index, of }),
            _ => Err(format!("`{text}` is not a shard: i/n with 1 ≤ i ≤ n")),
        }
    }

    /// The runs of a campaign of `runs` that this shard plays: the `index`-th of `of` near-equal
    /// slices.
    pub fn runs(self, runs: u64) -> Range<u64> {
        let bound = |k: u64| (u128::from(runs) * u128::from(k) / u128::from(self.of)) as u64;
        bound(self.index - 1)..bound(self.index)
    }
}

/// The most shards and runs a campaign may have (`ttx simulate` takes at most ten million runs).
const MAX_SHARDS: u64 = 100_000;
pub const MAX_RUNS: u64 = 10_000_000;

/// Why parts cannot be merged: the file it is about, a diagnostic code and the problem.
pub struct Unmerged {
    pub file: String,
    pub code: &'static str,
    pub message: String,
}

/// The parts of one campaign merged into its tally, with whether any part stopped early; or why
/// they are not the parts of one campaign.
pub fn merge(parts: &[(String, Part)]) -> Result<(Part, bool), Unmerged> {
    let unmerged = |file: &str, code, message| Unmerged { file: file.into(), code, message };
    let Some((first_name, first)) = parts.first() else {
        return Err(unmerged("", "no-parts", "no parts to merge".into()));
    };
    let mut seen = std::collections::BTreeMap::new();
    for (name, part) in parts {
        let Shard { index, of } = part.shard;
        if !(1..=MAX_SHARDS).contains(&of) || !(1..=of).contains(&index) || part.runs > MAX_RUNS {
            let message = format!("shard {index}/{of} of {} runs is not a slice ttx makes", part.runs);
            return Err(unmerged(name, "invalid-part", message));
        }
        if part.counts.runs() > part.runs {
            let message = format!("it counts {} runs, more than its campaign's {}", part.counts.runs(), part.runs);
            return Err(unmerged(name, "invalid-part", message));
        }
        let both = matches!(part.counts, Counts::Comparison(_));
        if both != part.against.is_some() {
            let message = "its counts and its plans disagree: one plan's counts for two plans, or the reverse";
            return Err(unmerged(name, "invalid-part", message.into()));
        }
        let campaign = |p: &Part| {
            (p.scenario.clone(), p.plan.clone(), p.response.clone(), p.against.clone(), p.seed, p.runs, p.shard.of)
        };
        if campaign(part) != campaign(first) {
            let describe = |p: &Part| {
                let (scenario, plan, response) = (&p.scenario, &p.plan, &p.response);
                format!(
                    "{scenario} against {plan} by {response}, seed {}, {} runs in {} shards",
                    p.seed, p.runs, p.shard.of
                )
            };
            let message = format!("it is from another campaign ({}), not {}", describe(part), describe(first));
            return Err(unmerged(name, "other-campaign", message));
        }
        if let Some(other) = seen.insert(index, name) {
            return Err(unmerged(name, "duplicate-shard", format!("it and {other} are both shard {index}/{of}")));
        }
    }
    if seen.len() as u64 != first.shard.of {
        let missing: Vec<String> = (1..=first.shard.of)
            .filter(|i| !seen.contains_key(i))
            .take(10)
            .map(|i| format!("{i}/{}", first.shard.of))
            .collect();
        return Err(unmerged(first_name, "shards-missing", format!("shards missing: {}", missing.join(", "))));
    }
    let mut counts = first.counts.clone();
    for (name, part) in &parts[1..] {
        counts = counts.merge(part.counts.clone()).ok_or_else(|| {
            unmerged(name, "other-campaign", "its counts are of another kind than the first part's".into())
        })?;
    }
    let partial = parts.iter().any(|(_, p)| p.partial);
    let whole = Part { shard: Shard { index: 1, of: 1 }, partial, counts, ..first.clone() };
    Ok((whole, partial))
}
