//! Business services go down while a segment they depend on is isolated or holds an
//! encrypted host, and come back when it is whole again; downtime accrues per tick.

use crate::engine::components::{Host, HostState, HostStatus, Segment, Service};
use crate::engine::resources::{Log, Progress, Setup, SimClock};
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;

pub fn update_services(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    mut progress: ResMut<Progress>,
    mut log: ResMut<Log>,
    segments: Query<&Segment>,
    hosts: Query<(&Host, &HostStatus)>,
    mut services: Query<&mut Service>,
) {
    let now = clock.now;
    let mut broken = vec![false; setup.links.len()];
    for segment in &segments {
        broken[usize::from(segment.index)] |= segment.isolated;
    }
    let (mut compromised, mut encrypted) = (0u64, 0u64);
    for (host, status) in &hosts {
        match status.state {
            HostState::Encrypted => {
                encrypted += 1;
                broken[usize::from(host.segment)] = true;
            }
            HostState::Compromised => compromised += 1,
            HostState::Clean => {}
        }
    }
    progress.hosts_compromised = compromised + encrypted;
    progress.hosts_encrypted = encrypted;
    progress.peak_compromised = progress.peak_compromised.max(compromised + encrypted);
    progress.peak_encrypted = progress.peak_encrypted.max(encrypted);
    for mut service in &mut services {
        let spec = &setup.scenario.environment.services[usize::from(service.index)];
        let down = spec.depends_on.iter().any(|s| setup.find("segment", s).is_some_and(|i| broken[i]));
        match (down, service.down_since) {
            (true, None) => {
                service.down_since = Some(now);
                log.seen(now, EventKind::ServiceDown { service: spec.id.clone() });
            }
            (false, Some(_)) => {
                service.down_since = None;
                log.seen(now, EventKind::ServiceRestored { service: spec.id.clone() });
            }
            _ => {}
        }
        if down {
            service.downtime += clock.tick;
        }
    }
}
