//! Small helpers for the English that ttx prints: a count with its noun, a finding, and (in its
//! submodules) the words for the typed values the engine and the evaluation produce.

use crate::action::Party;
use crate::scenario::model::{AlertSeverity, Channel, Jurisdiction, Sector};

mod evidence;
mod rejection;

pub use evidence::{corrective_action, evidence, expectation_verdict, observation};

/// Who a notification goes to, as a report names them.
pub fn party(party: Party) -> &'static str {
    match party {
        Party::SupervisoryAuthority => "the supervisory authority",
        Party::Csirt => "the national CSIRT",
        Party::FinancialSupervisor => "the financial supervisor",
        Party::Investors => "investors",
        Party::Hhs => "HHS",
        Party::DataSubjects => "affected individuals",
        Party::Customers => "customers",
        Party::Media => "the media",
        Party::LawEnforcement => "law enforcement",
        Party::Insurer => "the insurer",
        Party::Board => "the board",
        Party::Partners => "partners",
    }
}

/// Where a law applies, as a report names it.
pub fn jurisdiction(jurisdiction: Jurisdiction) -> &'static str {
    match jurisdiction {
        Jurisdiction::Eu => "the EU",
        Jurisdiction::Uk => "the UK",
        Jurisdiction::Us => "the US",
        Jurisdiction::Other => "other countries",
    }
}

/// A sector in words: `healthcare`, `financial services`.
pub fn sector(sector: Sector) -> &'static str {
    match sector {
        Sector::Healthcare => "healthcare",
        Sector::Finance => "financial services",
        Sector::Technology => "technology",
        Sector::Retail => "retail",
        Sector::Manufacturing => "manufacturing",
        Sector::Government => "government",
        Sector::Education => "education",
        Sector::Energy => "energy",
        Sector::Logistics => "logistics",
        Sector::Other => "other",
    }
}

/// A difference in seconds, to the minute, with its sign: `+10h26m`, `−45m`.
pub fn signed_minutes(seconds: f64) -> String {
    let magnitude = crate::duration::format_seconds(((seconds.abs() / 60.0).round() as u64) * 60);
    if seconds < 0.0 { format!("−{magnitude}") } else { format!("+{magnitude}") }
}

/// How an inject reaches the players: `phone`, `in person`, `social media`.
pub fn channel(channel: Channel) -> &'static str {
    match channel {
        Channel::Phone => "phone",
        Channel::Email => "email",
        Channel::Chat => "chat",
        Channel::Ticket => "ticket",
        Channel::InPerson => "in person",
        Channel::News => "news",
        Channel::SocialMedia => "social media",
        Channel::Regulator => "regulator",
        Channel::Letter => "letter",
    }
}

/// An alert's severity in words: `low` … `critical`.
pub fn alert_severity(severity: AlertSeverity) -> &'static str {
    match severity {
        AlertSeverity::Low => "low",
        AlertSeverity::Medium => "medium",
        AlertSeverity::High => "high",
        AlertSeverity::Critical => "critical",
    }
}

/// `1 host`, `3 hosts`.
pub fn plural(count: u64, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

/// An investigation's finding in words: `2 hosts held (workstations 2); indicators c2-domain`,
/// or `nothing found`.
pub fn finding(
    hosts: &std::collections::BTreeMap<String, u32>,
    indicators: &[String],
    accounts: &[String],
    vulnerabilities: &[String],
) -> String {
    let mut parts = Vec::new();
    if !hosts.is_empty() {
        let held: u32 = hosts.values().sum();
        let groups: Vec<String> = hosts.iter().map(|(g, n)| format!("{g} {n}")).collect();
        parts.push(format!("{} held ({})", plural(u64::from(held), "host"), groups.join(", ")));
    }
    for (what, ids) in [("indicators", indicators), ("accounts held", accounts), ("exploited", vulnerabilities)] {
        if !ids.is_empty() {
            parts.push(format!("{what} {}", ids.join(", ")));
        }
    }
    if parts.is_empty() { "nothing found".into() } else { parts.join("; ") }
}
