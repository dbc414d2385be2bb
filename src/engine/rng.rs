//! The run's dice. Every random draw during a run is a pure function of (seed, purpose, entity,
//! time, draw number): counter-based, like Random123's generators, not a sequence whose position
//! depends on everything drawn before. Stopping one stage, isolating one host or adding an inject
//! changes no other draw, so two runs that differ only in the team's response share their dice,
//! and the difference between them is the response, not noise.
//!
//! The host graph, built once at setup, comes from a ChaCha8 stream of its own (`stream`).

use bevy_ecs::prelude::Resource;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

/// What a draw is for. Each purpose has its own key, so no two purposes ever share a draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Whether a ready stage succeeds this tick (entity: the stage).
    StageChance,
    /// Which hosts a stage compromises (entity: the stage; draw: the pick).
    Targets,
    /// Spread across segments (entity: the host; draw: the spreading stage and effect).
    SegmentSpread,
    /// Spread along the host graph (entity: the host; draw: the effect and the neighbour).
    GraphSpread,
    /// The order hosts take their turns in (entity: the host).
    TurnOrder,
    /// Automated defences on a host (entity: the host; draw: check, recovery, immunity).
    Defences,
    /// Whether a detection fires this tick (entity: the detection).
    Detection,
    /// How long a role takes to answer its first call (entity: the role's place in the plan).
    Latency,
    /// The automated team's slips (entity: the rule; time: the event's place in the timeline).
    Team,
}

impl Purpose {
    const ALL: [Purpose; 9] = [
        Purpose::StageChance,
        Purpose::Targets,
        Purpose::SegmentSpread,
        Purpose::GraphSpread,
        Purpose::TurnOrder,
        Purpose::Defences,
        Purpose::Detection,
        Purpose::Latency,
        Purpose::Team,
    ];

    /// The purpose's name: part of its key, so it must never change.
    fn name(self) -> &'static str {
        match self {
            Purpose::StageChance => "stage-chance",
            Purpose::Targets => "targets",
            Purpose::SegmentSpread => "segment-spread",
            Purpose::GraphSpread => "graph-spread",
            Purpose::TurnOrder => "turn-order",
            Purpose::Defences => "defences",
            Purpose::Detection => "detection",
            Purpose::Latency => "latency",
            Purpose::Team => "team",
        }
    }
}

/// The dice of one run: a key per purpose, derived from the seed.
#[derive(Resource, Debug, Clone)]
pub struct Dice {
    keys: [u64; Purpose::ALL.len()],
}

/// Draws for one entity at one time; further draws are one mixing step each.
#[derive(Debug, Clone, Copy)]
pub struct Roll(u64);

/// The dice of one entity for one purpose, at any time: the part of [`Dice::at`] that does not
/// depend on the time, worked out once for draws made every tick.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stream(u64);

impl Stream {
    /// The draws at time `now`: the same as `Dice::at` for this purpose and entity.
    pub fn at(self, now: u64) -> Roll {
        Roll(mix(self.0 ^ now.wrapping_mul(0xd1b5_4a32_d192_ed03)))
    }
}

impl Dice {
    pub fn new(seed: u64) -> Dice {
        Dice { keys: Purpose::ALL.map(|p| key(seed, p.name())) }
    }

    /// The draws for `entity` at time `now` (seconds since the start) for `purpose`.
    pub fn at(&self, purpose: Purpose, entity: u64, now: u64) -> Roll {
        self.stream(purpose, entity).at(now)
    }

    /// The draws for `entity` for `purpose`, at any time.
    pub fn stream(&self, purpose: Purpose, entity: u64) -> Stream {
        Stream(mix(self.keys[purpose as usize] ^ entity.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
    }

    /// Whether an event of probability `chance` happens: one draw for `entity` at `now`.
    pub fn happens(&self, purpose: Purpose, entity: u64, now: u64, chance: f64) -> bool {
        self.at(purpose, entity, now).unit(0) < chance
    }
}

impl Roll {
    /// Draw number `draw`, as 64 random bits.
    pub fn bits(self, draw: u64) -> u64 {
        mix(self.0 ^ draw.wrapping_mul(0xc2b2_ae3d_27d4_eb4f))
    }

    /// Draw number `draw`, uniform in [0, 1).
    pub fn unit(self, draw: u64) -> f64 {
        (self.bits(draw) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Draw number `draw`, uniform in `0..n` (`n` > 0; the bias is below n / 2⁶⁴).
    pub fn below(self, draw: u64, n: usize) -> usize {
        ((u128::from(self.bits(draw)) * n as u128) >> 64) as usize
    }
}

/// A stage's effect as a draw coordinate: its stage's key (a hash of the stage's id) and its
/// place among the stage's effects.
pub fn effect_key(stage: u64, effect: usize) -> u64 {
    mix(stage ^ (effect as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// SplitMix64's finaliser: a bijection on 64 bits with full avalanche.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A key from a run seed and a name: FNV-1a over the name, mixed with the seed.
fn key(seed: u64, name: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    mix(seed ^ hash)
}

/// A ChaCha8 generator for a run seed and a name, for what is drawn once at setup.
pub fn stream(seed: u64, name: &str) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(key(seed, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_differ_by_name_and_seed_and_repeat_exactly() {
        let draw = |seed, name| stream(seed, name).random::<u64>();
        assert_eq!(draw(7, "topology"), draw(7, "topology"));
        assert_ne!(draw(7, "topology"), draw(7, "other"));
        assert_ne!(draw(7, "topology"), draw(8, "topology"));
    }

    #[test]
    fn a_draw_depends_on_its_coordinates_alone() {
        let (a, b) = (Dice::new(7), Dice::new(7));
        // Drawing other things first, or not at all, changes nothing.
        let _ = a.at(Purpose::Targets, 3, 900).bits(5);
        assert_eq!(a.at(Purpose::GraphSpread, 12, 1800).bits(4), b.at(Purpose::GraphSpread, 12, 1800).bits(4));
        let base = a.at(Purpose::GraphSpread, 12, 1800).bits(4);
        assert_ne!(base, a.at(Purpose::GraphSpread, 13, 1800).bits(4));
        assert_ne!(base, a.at(Purpose::GraphSpread, 12, 2700).bits(4));
        assert_ne!(base, a.at(Purpose::GraphSpread, 12, 1800).bits(5));
        assert_ne!(base, a.at(Purpose::Defences, 12, 1800).bits(4));
        assert_ne!(base, Dice::new(8).at(Purpose::GraphSpread, 12, 1800).bits(4));
    }

    #[test]
    fn draws_are_uniform_and_independent_enough_for_chances() {
        // Over a grid of coordinates like a run's: the mean of U[0,1) and the rate of a 0.3 chance
        // within four standard errors, and neighbouring draws uncorrelated.
        let dice = Dice::new(1);
        let (mut sum, mut hits, mut product, mut n) = (0.0, 0u32, 0.0, 0u32);
        for host in 0..200u64 {
            for tick in 0..100u64 {
                let roll = dice.at(Purpose::GraphSpread, host, tick * 900);
                let (x, y) = (roll.unit(0), roll.unit(1));
                sum += x;
                hits += u32::from(x < 0.3);
                product += (x - 0.5) * (y - 0.5);
                n += 1;
            }
        }
        let n = f64::from(n);
        assert!((sum / n - 0.5).abs() < 4.0 * (1.0 / 12.0 / n).sqrt(), "mean {}", sum / n);
        assert!((f64::from(hits) / n - 0.3).abs() < 4.0 * (0.21 / n).sqrt(), "rate {}", f64::from(hits) / n);
        assert!((product / n).abs() < 4.0 * (1.0 / 144.0 / n).sqrt(), "covariance {}", product / n);
        assert!((0..1000).all(|d| dice.at(Purpose::Targets, 0, 0).below(d, 7) < 7));
    }
}
