//! Business services go down while a segment they depend on is isolated or holds an
//! encrypted host, and come back when it is whole again; downtime accrues per tick.

use crate::engine::components::{Segment, Service};
use crate::engine::resources::{HostTally, Log, Progress, Setup, SimClock};
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;

pub fn update_services(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    mut progress: ResMut<Progress>,
    mut log: ResMut<Log>,
    segments: Query<&Segment>,
    tally: Res<HostTally>,
    mut services: Query<&mut Service>,
) {
    let now = clock.now;
    let mut broken = vec![false; setup.segments()];
    for segment in &segments {
        broken[usize::from(segment.index)] |= segment.isolated;
    }
    for (segment, &count) in tally.encrypted_in.iter().enumerate() {
        broken[segment] |= count > 0;
    }
    progress.hosts_compromised = tally.held();
    progress.hosts_encrypted = tally.encrypted;
    progress.peak_compromised = progress.peak_compromised.max(tally.held());
    progress.peak_encrypted = progress.peak_encrypted.max(tally.encrypted);
    for mut service in &mut services {
        let i = usize::from(service.index);
        let down = setup.services[i].depends_on.iter().any(|s| broken[s.get()]);
        let id = || setup.scenario.environment.services[i].id.clone();
        match (down, service.down_since) {
            (true, None) => {
                service.down_since = Some(now);
                log.seen(now, EventKind::ServiceDown { service: id() });
            }
            (false, Some(_)) => {
                service.down_since = None;
                log.seen(now, EventKind::ServiceRestored { service: id() });
            }
            _ => {}
        }
        if down {
            service.downtime += clock.tick;
        }
    }
}
