//! Monte Carlo: one scenario and plan played many times, on seeds derived from one, in parallel,
//! and folded into a [`Tally`] of exact counts whose size does not grow with the number of runs.
//! Run `i` always plays seed `run_seed(seed, i)` and counts merge in any order, so the result is
//! byte-identical for any number of threads.

mod compare;
mod distribution;
mod part;
pub mod summary;
mod tally;

pub use compare::{Comparison, Difference, Paired};
pub use distribution::Distribution;
pub use part::{Against, Counts, MAX_RUNS, Part, Shard, Unmerged, merge};
pub use summary::{ComparisonSummary, Summary};
pub use tally::Tally;

use crate::compile::Compiled;
use crate::exercise::{Script, Session, baseline, play};
use rayon::prelude::*;
use std::ops::Range;
use std::sync::Arc;

/// The seed of run `index` of a campaign seeded `seed` (SplitMix64 of the pair): neighbouring
/// runs get unrelated seeds, and the same pair always the same one.
pub fn run_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(index).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Which runs of a campaign to play, and how: runs `range` of the campaign seeded `seed`, on
/// `threads` threads (0: every core). `stop` is read between runs: once it is set, no new run
/// starts and the result holds the runs done. `done` is told of each run played.
pub struct Runs<'a> {
    pub seed: u64,
    pub range: Range<u64>,
    pub threads: usize,
    pub stop: &'a (dyn Fn() -> bool + Sync),
    pub done: &'a (dyn Fn() + Sync),
}

/// Plays the runs, each with the response (a decisions file's, or the automated team's), and
/// tallies them.
pub fn simulate(compiled: &Arc<Compiled>, script: &Script, runs: &Runs) -> Tally {
    let add = |tally: &mut Tally, run_seed: u64| {
        let untouched = baseline(compiled, run_seed);
        tally.add_run(&play_run(compiled, script, run_seed, untouched));
    };
    campaign(runs, add, Tally::merge)
}

/// Two plans on the same seeds, each with its response (the same decisions file, or each
/// plan's own automated team), run by run: each plan's tally, and the paired differences (plan B
/// minus plan A) of every time metric.
pub fn compare(plans: [&Arc<Compiled>; 2], scripts: [&Script; 2], runs: &Runs) -> Comparison {
    let add = |both: &mut Comparison, run_seed: u64| {
        // With no response, no plan changes what happens: one baseline serves both.
        let untouched = baseline(plans[0], run_seed);
        let a = play_run(plans[0], scripts[0], run_seed, untouched.clone());
        let b = play_run(plans[1], scripts[1], run_seed, untouched);
        both.paired.add(&a.evaluation, &b.evaluation);
        both.a.add_run(&a);
        both.b.add_run(&b);
    };
    campaign(runs, add, Comparison::merge)
}

/// The driver every campaign shares: runs in parallel, each adding its seed's results to a
/// per-thread total, the totals merged. Order-free merges make the result the same for any
/// number of threads.
fn campaign<T: Default + Send>(runs: &Runs, add: impl Fn(&mut T, u64) + Sync, merge: fn(T, T) -> T) -> T {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(runs.threads).build();
    let work = || {
        runs.range
            .clone()
            .into_par_iter()
            .fold(T::default, |mut total, index| {
                if !(runs.stop)() {
                    add(&mut total, run_seed(runs.seed, index));
                    (runs.done)();
                }
                total
            })
            .reduce(T::default, merge)
    };
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// One run, judged against its no-response baseline.
fn play_run(compiled: &Arc<Compiled>, script: &Script, seed: u64, untouched: crate::timeline::Timeline) -> Run {
    let mut session = Session::new(compiled, seed).with_baseline(untouched);
    play(script, &mut session);
    let stages = session
        .sim
        .timeline()
        .events
        .iter()
        .filter_map(|e| match &e.kind {
            crate::timeline::EventKind::StageSucceeded { stage, .. } => Some(stage.clone()),
            _ => None,
        })
        .collect();
    Run { evaluation: session.evaluation(), stages }
}

/// What one run contributes to a tally.
pub struct Run {
    pub evaluation: crate::evaluate::Evaluation,
    /// The stages that succeeded, the hidden run-on included.
    pub stages: Vec<String>,
}
