//! The baseline twin: the same scenario, plan and seed run with no response at all. The dice
//! are keyed by what they decide, not by the order they are drawn in (`engine::rng`), so the
//! baseline meets the same luck the drill did, and the difference between the two is the
//! response. The evaluation judges the harm averted against it.

use crate::compile::Compiled;
use crate::engine::Sim;
use crate::timeline::Timeline;
use std::sync::Arc;

/// The timeline of the run with no response.
pub fn baseline(compiled: &Arc<Compiled>, seed: u64) -> Timeline {
    let mut sim = Sim::new(Arc::clone(compiled), seed);
    sim.run_to_end();
    sim.timeline().clone()
}
