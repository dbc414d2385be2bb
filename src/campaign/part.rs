//! A shard's partial result, written by `ttx simulate --shard i/n --format json` and read back by
//! `ttx merge`: the campaign it belongs to and its slice's tally. Merging checks that the parts
//! are the slices of one campaign, each once, and adds their tallies — the same tally one
//! unsharded run would have made.

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
    pub tally: Tally,
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
        if part.tally.runs > part.runs {
            let message = format!("it counts {} runs, more than its campaign's {}", part.tally.runs, part.runs);
            return Err(unmerged(name, "invalid-part", message));
        }
        let campaign = |p: &Part| (p.scenario.clone(), p.plan.clone(), p.response.clone(), p.seed, p.runs, p.shard.of);
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
    let tally = parts.iter().fold(Tally::default(), |all, (_, p)| all.merge(p.tally.clone()));
    let partial = parts.iter().any(|(_, p)| p.partial);
    let whole = Part { shard: Shard { index: 1, of: 1 }, partial, tally, ..first.clone() };
    Ok((whole, partial))
}
