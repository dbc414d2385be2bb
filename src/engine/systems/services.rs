//! Business services go down while a segment they depend on is isolated or holds an
//! encrypted host, or an account they run under is disabled, and come back when that is over; a stage that degrades a service does so
//! from its success until it is stopped (a full degradation is an outage). Downtime and degraded
//! running accrue per tick.

use crate::compile::Effect;
use crate::engine::components::{Account, Segment, Service};
use crate::engine::resources::{HostTally, Log, Progress, Setup, SimClock, StageState};
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;

pub fn update_services(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    mut progress: ResMut<Progress>,
    mut log: ResMut<Log>,
    segments: Query<&Segment>,
    accounts: Query<&Account>,
    tally: Res<HostTally>,
    mut services: Query<&mut Service>,
) {
    let mut disabled = vec![false; setup.accounts];
    for account in &accounts {
        disabled[usize::from(account.index)] = account.revoked;
    }
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
    // The share of each service's capacity the running stages take away.
    let mut lost = vec![0.0f64; setup.services.len()];
    for (stage, state) in setup.stages.iter().zip(&progress.stages) {
        if matches!(state, StageState::Succeeded(_)) {
            for effect in &stage.effects {
                if let Effect::DegradeService { service, fraction } = *effect {
                    lost[service.get()] = lost[service.get()].max(fraction);
                }
            }
        }
    }
    for mut service in &mut services {
        let i = usize::from(service.index);
        let spec = &setup.services[i];
        let down = spec.depends_on.iter().any(|s| broken[s.get()])
            || spec.accounts.iter().any(|a| disabled[a.get()])
            || lost[i] >= 1.0;
        let degraded = if down { 0.0 } else { lost[i] };
        let id = || setup.scenario.environment.services[i].id.clone();
        if degraded == 0.0 && service.degraded > 0.0 {
            service.degraded = 0.0;
            log.seen(now, EventKind::ServiceDegradationEnded { service: id() });
        }
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
        if degraded > 0.0 && degraded != service.degraded {
            service.degraded = degraded;
            log.seen(now, EventKind::ServiceDegraded { service: id(), fraction: degraded });
        }
        accrue(&mut service, clock.tick);
    }
}

/// One tick of a service's downtime and degraded running, as its state now says.
pub fn accrue(service: &mut Service, tick: u64) {
    if service.down_since.is_some() {
        service.downtime += tick;
    }
    service.degraded_loss += service.degraded * tick as f64;
}
