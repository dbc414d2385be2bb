//! Monte Carlo: one scenario and plan played many times, on seeds derived from one, in parallel,
//! and folded into a [`Tally`] of exact counts whose size does not grow with the number of runs.
//! Run `i` always plays seed `run_seed(seed, i)` and counts merge in any order, so the result is
//! byte-identical for any number of threads.

mod distribution;
mod part;
mod summary;
mod tally;

pub use distribution::Distribution;
pub use part::{MAX_RUNS, Part, Shard, Unmerged, merge};
pub use summary::Summary;
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

/// Plays runs `runs` of the campaign seeded `seed` on `threads` threads (0: every core), each
/// with the scripted or rule-based response, and tallies them. `stop` is read between runs: once
/// it is set, no new run starts and the tally holds the runs done.
pub fn simulate(
    compiled: &Arc<Compiled>,
    script: &Script,
    seed: u64,
    runs: Range<u64>,
    threads: usize,
    stop: &(dyn Fn() -> bool + Sync),
    done: &(dyn Fn() + Sync),
) -> Tally {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    let work = || {
        runs.clone()
            .into_par_iter()
            .fold(Tally::default, |mut tally, index| {
                if !stop() {
                    tally.add_run(&play_run(compiled, script, run_seed(seed, index)));
                    done();
                }
                tally
            })
            .reduce(Tally::default, Tally::merge)
    };
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// One run, judged against its own no-response baseline.
fn play_run(compiled: &Arc<Compiled>, script: &Script, seed: u64) -> Run {
    let untouched = baseline(compiled, seed);
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
