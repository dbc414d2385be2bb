//! What an alert or inject tells the players about the incident, read from the scenario once:
//! the data classes breached, the kinds of incident, and the counts it shows. An alert shows what
//! the stages it watches do — their exfiltrations, their encryption of systems holding data (a
//! breach of that data: a loss of its availability, and under HIPAA a presumed breach of ePHI),
//! the kinds their effects make the incident — and what it reveals. An inject shows only what it
//! reveals, with the count its trigger waited for.

use crate::scenario::model::{DataClass, Effect, IncidentKind, Inject, Reveal, Scenario, Stage, Trigger};
use std::collections::BTreeSet;

/// What one alert or inject shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Revealed {
    /// Data classes it shows breached.
    pub classes: BTreeSet<DataClass>,
    /// Kinds of incident it shows.
    pub kinds: BTreeSet<IncidentKind>,
    /// Records it shows out, at least.
    pub records: u64,
    /// Hosts it shows encrypted, at least.
    pub encrypted: u64,
}

impl Revealed {
    /// What an alert on `stages` shows, with what it `reveals`.
    pub fn by_alert(scenario: &Scenario, stages: &[&Stage], reveals: &[Reveal]) -> Revealed {
        let mut shown = Revealed::stated(reveals);
        let stores = |segments: &[String]| {
            let env = &scenario.environment;
            let held = env.data_stores.iter().filter(|d| segments.is_empty() || segments.contains(&d.segment));
            held.flat_map(|d| d.classes.iter().copied()).collect::<Vec<_>>()
        };
        for effect in stages.iter().flat_map(|s| &s.effects) {
            match effect {
                Effect::Exfiltrate { store, .. } => {
                    let store = scenario.environment.data_stores.iter().find(|d| &d.id == store);
                    shown.classes.extend(store.into_iter().flat_map(|d| d.classes.iter().copied()));
                    shown.kinds.insert(IncidentKind::DataTheft);
                }
                Effect::Encrypt { segments, .. } => {
                    shown.classes.extend(stores(segments));
                    shown.kinds.insert(IncidentKind::Ransomware);
                    shown.encrypted = shown.encrypted.max(1);
                }
                Effect::StealFunds { .. } => {
                    shown.kinds.insert(IncidentKind::PaymentFraud);
                }
                _ => {}
            }
        }
        shown
    }

    /// What an inject shows: what it reveals, and, when it reveals a breach or ransomware, the
    /// records or encrypted hosts its trigger waited for.
    pub fn by_inject(inject: &Inject) -> Revealed {
        let mut shown = Revealed::stated(&inject.reveals);
        let counts = waited_for(&inject.trigger);
        if !shown.classes.is_empty() {
            shown.records = counts.0;
        }
        if shown.kinds.contains(&IncidentKind::Ransomware) {
            shown.encrypted = counts.1;
        }
        shown
    }

    /// What a list of reveals states outright.
    fn stated(reveals: &[Reveal]) -> Revealed {
        let mut shown = Revealed::default();
        for reveal in reveals {
            match reveal {
                Reveal::Breach(classes) => shown.classes.extend(classes.iter().copied()),
                Reveal::Incident(kind) => {
                    shown.kinds.insert(*kind);
                }
                Reveal::Indicator(_) | Reveal::Vulnerability(_) => {}
            }
        }
        shown
    }

    pub fn is_empty(&self) -> bool {
        *self == Revealed::default()
    }
}

/// The records out and hosts encrypted a trigger waits for (on its own, or with others in `All`).
fn waited_for(trigger: &Trigger) -> (u64, u64) {
    match trigger {
        Trigger::RecordsExfiltrated(n) => (*n, 0),
        Trigger::HostsEncrypted(n) => (0, u64::from(*n)),
        Trigger::All(all) => all.iter().map(waited_for).fold((0, 0), |a, b| (a.0.max(b.0), a.1.max(b.1))),
        _ => (0, 0),
    }
}
