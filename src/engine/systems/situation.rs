//! Records the incident's situation — hosts held, encrypted, isolated, restored, footholds,
//! accounts held, services down — in the timeline whenever it changed during the tick.

use crate::engine::components::{Account, Service};
use crate::engine::resources::{HostTally, Log, Progress, SimClock};
use crate::timeline::{EventKind, Situation};
use bevy_ecs::prelude::*;

pub fn record_situation(
    clock: Res<SimClock>,
    tally: Res<HostTally>,
    mut progress: ResMut<Progress>,
    mut log: ResMut<Log>,
    accounts: Query<&Account>,
    services: Query<&Service>,
) {
    let now = Situation {
        compromised: tally.held(),
        encrypted: tally.encrypted,
        isolated: tally.isolated,
        restored: tally.restored,
        footholds: tally.footholds,
        accounts_held: accounts.iter().filter(|a| a.held_by_adversary && !a.revoked).count() as u64,
        services_down: services.iter().filter(|s| s.down_since.is_some()).count() as u64,
    };
    if now != progress.situation {
        progress.situation = now;
        log.truth(clock.now, EventKind::Situation(now));
    }
}
