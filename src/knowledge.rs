//! What the players have been shown: a pure fold over the timeline's visible events. The team
//! knows its own estate from the start; the adversary's indicators and exploited vulnerabilities
//! only once an alert, an inject or one of its own investigations has shown them. The engine
//! rejects actions on anything else, and the console completes only what is known.

use crate::compile::{Artefact, Compiled};
use crate::timeline::{Event, EventKind};
use std::collections::BTreeSet;

/// The adversary's artefacts the players have seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Knowledge {
    artefacts: BTreeSet<Artefact>,
}

impl Knowledge {
    /// What the visible events among `events` have shown.
    pub fn of<'e>(compiled: &Compiled, events: impl IntoIterator<Item = &'e Event>) -> Knowledge {
        let mut knowledge = Knowledge::default();
        for event in events.into_iter().filter(|e| e.visible) {
            knowledge.artefacts.extend(shown_by(compiled, &event.kind));
        }
        knowledge
    }

    pub fn has(&self, artefact: Artefact) -> bool {
        self.artefacts.contains(&artefact)
    }

    /// The ids of the indicators and vulnerabilities shown, in the scenario's order.
    pub fn ids<'c>(&self, compiled: &'c Compiled) -> (Vec<&'c str>, Vec<&'c str>) {
        let (indicators, vulnerabilities): (Vec<_>, Vec<_>) =
            self.artefacts.iter().partition(|a| matches!(a, Artefact::Indicator(_)));
        let named = |list: Vec<&Artefact>| list.into_iter().map(|a| id_of(compiled, *a)).collect();
        (named(indicators), named(vulnerabilities))
    }
}

/// An artefact's id in the scenario.
pub fn id_of(compiled: &Compiled, artefact: Artefact) -> &str {
    let adversary = &compiled.scenario.adversary;
    match artefact {
        Artefact::Indicator(i) => &adversary.iocs[i.get()].id,
        Artefact::Vulnerability(v) => &adversary.vulnerabilities[v.get()].id,
    }
}

/// The adversary's artefacts one event shows the players: what an alert's or inject's scenario
/// entry `reveals`, or what an investigation found.
pub fn shown_by(compiled: &Compiled, kind: &EventKind) -> Vec<Artefact> {
    let ids = &compiled.lookup;
    match kind {
        EventKind::AlertRaised { detection, .. } => {
            ids.detections.get(detection).map(|d| compiled.detections[d.get()].reveals.clone()).unwrap_or_default()
        }
        EventKind::InjectDelivered { inject, .. } => {
            ids.injects.get(inject).map(|i| compiled.injects[i.get()].reveals.clone()).unwrap_or_default()
        }
        EventKind::Finding { indicators, vulnerabilities, .. } => {
            let indicators = indicators.iter().filter_map(|x| ids.iocs.get(x)).map(Artefact::Indicator);
            let vulnerabilities =
                vulnerabilities.iter().filter_map(|v| ids.vulnerabilities.get(v)).map(Artefact::Vulnerability);
            indicators.chain(vulnerabilities).collect()
        }
        _ => Vec::new(),
    }
}
