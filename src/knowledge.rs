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
            knowledge.learn(compiled, &event.kind);
        }
        knowledge
    }

    /// Takes in one event the players saw.
    fn learn(&mut self, compiled: &Compiled, kind: &EventKind) {
        let ids = &compiled.lookup;
        match kind {
            EventKind::AlertRaised { detection, .. } => {
                if let Some(d) = ids.detections.get(detection) {
                    self.artefacts.extend(&compiled.detections[d.get()].reveals);
                }
            }
            EventKind::InjectDelivered { inject, .. } => {
                if let Some(i) = ids.injects.get(inject) {
                    self.artefacts.extend(&compiled.injects[i.get()].reveals);
                }
            }
            EventKind::Finding { indicators, vulnerabilities, .. } => {
                self.artefacts.extend(indicators.iter().filter_map(|x| ids.iocs.get(x)).map(Artefact::Indicator));
                self.artefacts.extend(
                    vulnerabilities.iter().filter_map(|v| ids.vulnerabilities.get(v)).map(Artefact::Vulnerability),
                );
            }
            _ => {}
        }
    }

    pub fn has(&self, artefact: Artefact) -> bool {
        self.artefacts.contains(&artefact)
    }

    /// The ids of the indicators and vulnerabilities shown, in the scenario's order.
    pub fn ids<'c>(&self, compiled: &'c Compiled) -> (Vec<&'c str>, Vec<&'c str>) {
        let adversary = &compiled.scenario.adversary;
        let mut indicators = Vec::new();
        let mut vulnerabilities = Vec::new();
        for artefact in &self.artefacts {
            match *artefact {
                Artefact::Indicator(i) => indicators.push(adversary.iocs[i.get()].id.as_str()),
                Artefact::Vulnerability(v) => vulnerabilities.push(adversary.vulnerabilities[v.get()].id.as_str()),
            }
        }
        (indicators, vulnerabilities)
    }
}
