//! Words the materials share: when an inject comes, who sends it to whom, by what channel, and
//! what an objective is about.

use crate::calendar::DateTime;
use crate::duration::format_seconds;
use crate::evaluate::capability_name;
use crate::report::document::Document;
use crate::scenario::model::{CoreCapability, CsfFunction, Inject, Objective, Scenario, Trigger};

/// The injects in MSEL order: those at a fixed time in time order (ties in file order), then the
/// conditional ones in file order. Each with its time after the start, if it has one.
pub fn ordered(s: &Scenario) -> Vec<(Option<u64>, &Inject)> {
    let at = |inject: &Inject| match &inject.trigger {
        Trigger::At(t) => t.seconds().ok(),
        _ => None,
    };
    let mut timed: Vec<(Option<u64>, &Inject)> =
        s.injects.iter().filter_map(|x| at(x).map(|secs| (Some(secs), x))).collect();
    timed.sort_by_key(|(secs, _)| *secs);
    timed.extend(s.injects.iter().filter(|x| at(x).is_none()).map(|x| (None, x)));
    timed
}

/// Sim time `secs` after the start as the room's clock reads it: `Sat 2026-03-14 03:30`.
pub fn clock_time(s: &Scenario, secs: u64) -> String {
    DateTime::parse(&s.clock.start).map(|d| d.plus_seconds(secs).to_string()).unwrap_or_default()
}

/// The time after the start: `T+2h`. The `T` keeps a spreadsheet from reading `+2h` as a
/// formula (which the MSEL's CSV would otherwise neutralise to `'+2h`).
pub fn scenario_time(secs: u64) -> String {
    format!("T+{}", format_seconds(secs))
}

/// `Ward 4B nurse manager → SOC analyst, Incident commander`.
pub fn from_to(inject: &Inject) -> String {
    format!("{} → {}", inject.from, roles(&inject.to))
}

/// Role ids by their names in the catalogue (an unknown id as written).
pub fn roles(ids: &[String]) -> String {
    ids.iter().map(|id| role_name(id)).collect::<Vec<_>>().join(", ")
}

/// A role's name in the catalogue, or its id when it has none.
pub fn role_name(id: &str) -> String {
    crate::role::find(id).map_or_else(|| id.to_string(), |r| r.name.to_string())
}

/// A name of the scenario format in words: `SocialMedia` → `social media`.
pub fn words(value: &impl std::fmt::Debug) -> String {
    crate::action::kebab(&format!("{value:?}")).replace('-', " ")
}

/// `Containment, Eradication and recovery`.
pub fn capabilities(cores: &[CoreCapability]) -> String {
    cores.iter().map(|c| capability_name(*c)).collect::<Vec<_>>().join(", ")
}

/// `Detect, Respond`.
pub fn csf(functions: &[CsfFunction]) -> String {
    functions.iter().map(|f| format!("{f:?}")).collect::<Vec<_>>().join(", ")
}

/// The objectives as table rows: objective, capabilities, NIST CSF 2.0 functions.
pub fn objective_rows(objectives: &[Objective]) -> Vec<Vec<String>> {
    objectives.iter().map(|o| vec![o.text.clone(), capabilities(&o.capabilities), csf(&o.csf)]).collect()
}

/// The head of the objectives table.
pub const OBJECTIVE_HEAD: [&str; 3] = ["Objective", "Capabilities", "NIST CSF 2.0 functions"];

/// Adds a table, or nothing when it has no rows (a scenario without backups, a plan without
/// targets).
pub fn table(doc: &mut Document, head: &[&str], rows: Vec<Vec<String>>) {
    if !rows.is_empty() {
        doc.table(head, rows);
    }
}
