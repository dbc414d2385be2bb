//! Detections watch the adversary's activity: each tick a watched stage acts, a detection that
//! has not fired yet fires with its chance, and its alert reaches the players after its delay.

use crate::compile::DetectionIx;
use crate::engine::resources::{Log, Progress, Setup, SimClock, StageState};
use crate::engine::rng::{Dice, Purpose};
use crate::scenario::model::Alert;
use crate::timeline::EventKind;
use bevy_ecs::prelude::*;

pub fn fire_detections(
    clock: Res<SimClock>,
    setup: Res<Setup>,
    dice: Res<Dice>,
    mut progress: ResMut<Progress>,
    mut log: ResMut<Log>,
) {
    let now = clock.now;
    for (i, detection) in setup.detections.iter().enumerate() {
        if !may_fire(&setup, &progress, i) {
            continue;
        }
        let ix = DetectionIx(i as u16);
        if dice.happens(Purpose::Detection, detection.key, now, detection.chance) {
            progress.alerts_due.insert(ix, now + detection.delay);
            log.truth(now, EventKind::DetectionFired { detection: setup.scenario.detections[i].id.clone() });
        }
    }
    let due: Vec<DetectionIx> = progress
        .alerts_due
        .iter()
        .filter(|(i, at)| **at <= now && !progress.alerts_delivered.contains_key(i))
        .map(|(i, _)| *i)
        .collect();
    for i in due {
        let detection = &setup.scenario.detections[i.get()];
        let alert = &detection.alert;
        let to = if alert.to.is_empty() { vec![Alert::DEFAULT_RECIPIENT.to_string()] } else { alert.to.clone() };
        progress.alerts_delivered.insert(i, now);
        log.seen(
            now,
            EventKind::AlertRaised {
                detection: detection.id.clone(),
                title: alert.title.clone(),
                severity: alert.severity,
                text: alert.text.clone(),
                to,
            },
        );
    }
}

/// Whether detection `i` rolls its chance this tick: it has not fired, and a stage it watches
/// has succeeded.
pub fn may_fire(setup: &Setup, progress: &Progress, i: usize) -> bool {
    let watched_in_effect =
        setup.detections[i].watches.iter().any(|s| matches!(progress.stages[s.get()], StageState::Succeeded(_)));
    watched_in_effect && !progress.alerts_due.contains_key(&DetectionIx(i as u16))
}
