//! The incident's cost by component, in the scenario's currency: what the engine estimates each
//! tick and records at the drill's and the incident's end, and what the evaluation and the report
//! read. The formulas and their sources are in docs/evaluation.md, "Cost model".

pub mod records;

use serde::{Deserialize, Serialize};

/// The estimated cost of an incident, by component.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Cost {
    /// Hosts held and encrypted, at their peaks.
    pub hosts: f64,
    /// Records exfiltrated, on the per-record curve (`records::cost`).
    pub records: f64,
    /// Services down, or running degraded.
    pub downtime: f64,
    /// Money stolen and not recovered.
    pub funds_lost: f64,
    /// The forensics firm's engagement fee, once it was engaged.
    pub forensics: f64,
    /// Data subjects notified.
    pub notification: f64,
    /// Hours of the engaged roles.
    pub response: f64,
}

impl Cost {
    /// Everything.
    pub fn total(&self) -> f64 {
        self.damage() + self.spend()
    }

    /// What the incident did to the organisation: hosts, records, downtime, money lost.
    pub fn damage(&self) -> f64 {
        self.hosts + self.records + self.downtime + self.funds_lost
    }

    /// What the response spent: its hours, the forensics fee, the notification of data subjects.
    pub fn spend(&self) -> f64 {
        self.forensics + self.notification + self.response
    }
}
