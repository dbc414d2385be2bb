//! Every rule a scenario must satisfy beyond parsing, reported all at once: metadata and clock
//! here, the rest by area (environment, adversary, MSEL) with `reach` working out what can happen.

mod adversary;
mod environment;
mod exercise;
mod expects;
mod msel;
mod reach;

use super::limits::MAX_TICKS;
use super::model::{Clock, Scenario};
use crate::calendar::DateTime;
use crate::checks::{Findings, Ids, clip, is_technique_id};
use crate::duration::format_seconds;
use crate::source::locate::FieldPath;
use std::collections::BTreeMap;

/// The ids a scenario declares, by kind, for reference checks.
#[derive(Default)]
pub(super) struct Known<'a> {
    pub segments: Ids<'a>,
    pub groups: Ids<'a>,
    pub accounts: Ids<'a>,
    pub stores: Ids<'a>,
    pub backups: Ids<'a>,
    pub services: Ids<'a>,
    pub iocs: Ids<'a>,
    pub vulnerabilities: Ids<'a>,
    pub stages: Ids<'a>,
    pub detections: Ids<'a>,
    pub injects: Ids<'a>,
    /// Hosts in each host group (the first group of an id, when ids repeat).
    pub group_sizes: BTreeMap<&'a str, u32>,
    /// Backups the adversary can reach.
    pub online_backups: Ids<'a>,
    /// Length of the run in seconds, when the clock is valid.
    pub max_seconds: Option<u64>,
}

impl Known<'_> {
    /// What kind of thing of the scenario `id` names, if any.
    fn kind_of(&self, id: &str) -> Option<&'static str> {
        let kinds = [
            ("segment", &self.segments),
            ("host group", &self.groups),
            ("account", &self.accounts),
            ("data store", &self.stores),
            ("backup", &self.backups),
            ("service", &self.services),
            ("indicator", &self.iocs),
            ("vulnerability", &self.vulnerabilities),
            ("stage", &self.stages),
            ("detection", &self.detections),
            ("inject", &self.injects),
        ];
        kinds.into_iter().find(|(_, ids)| ids.contains(id)).map(|(what, _)| what)
    }
}

/// Checks a parsed scenario; an empty error list means the engine may run it.
pub fn check_scenario(scenario: &Scenario) -> Findings {
    let mut findings = Findings::default();
    let root = FieldPath::root();
    check_metadata(scenario, &mut findings);
    exercise::check(scenario, &mut findings);
    let max_seconds = check_clock(&scenario.clock, &root.field("clock"), &mut findings);
    let mut known = environment::check(&scenario.environment, &root.field("environment"), &mut findings);
    known.max_seconds = max_seconds;
    adversary::check(scenario, &mut known, &mut findings);
    msel::check(scenario, &mut known, &mut findings);
    // What can ever happen is only worth working out once every id is unique and resolves;
    // before that its verdicts would be echoes of the errors already reported.
    let sound = !findings.full()
        && !findings.list.iter().any(|f| matches!(f.code, "unknown-reference" | "duplicate-id" | "bad-id"));
    if sound {
        let reach = reach::analyse(scenario);
        adversary::check_reachability(scenario, &reach, &mut findings);
        msel::check_deliverable(scenario, &known, &reach, &mut findings);
    }
    findings
}

fn check_metadata(scenario: &Scenario, findings: &mut Findings) {
    let root = FieldPath::root();
    findings.id(root.field("id"), &scenario.id);
    findings.name(root.field("title"), "title", &scenario.title);
    findings.text(root.field("summary"), "summary", &scenario.summary, true);
    findings.name(root.field("author"), "author", &scenario.author);
    findings.name(root.field("version"), "version", &scenario.version);
    for (i, tag) in scenario.tags.iter().enumerate() {
        findings.name(root.field("tags").index(i), "tag", tag);
    }
    findings.duration(root.field("expected_duration"), "expected_duration", &scenario.expected_duration, true);
    if scenario.techniques.is_empty() {
        findings
            .error(root.field("techniques"), "missing-techniques", "list at least one ATT&CK technique")
            .hint(Some("every stage's `technique` belongs here, e.g. `[\"T1566.001\", \"T1486\"]`".into()));
    }
    let mut listed = std::collections::BTreeSet::new();
    for (i, technique) in scenario.techniques.iter().enumerate() {
        check_technique(findings, root.field("techniques").index(i), technique);
        if !listed.insert(technique) {
            findings.warn(
                root.field("techniques").index(i),
                "duplicate-technique",
                format!("`{technique}` is listed twice"),
            );
        }
    }
}

/// A technique id must look like `T1234` or `T1234.001`.
pub(super) fn check_technique(findings: &mut Findings, path: FieldPath, technique: &str) {
    if !is_technique_id(technique) {
        findings
            .error(path, "bad-technique", format!("`{}` is not an ATT&CK technique id", clip(technique)))
            .hint(Some("write `T` and four digits, with an optional sub-technique: `T1566` or `T1566.001`".into()));
    }
}

/// Checks the clock; returns the run's length in seconds when it is usable.
fn check_clock(clock: &Clock, path: &FieldPath, findings: &mut Findings) -> Option<u64> {
    let tick = findings.duration(path.field("tick"), "tick", &clock.tick, true);
    let max = findings.duration(path.field("max_duration"), "max_duration", &clock.max_duration, true);
    match DateTime::parse(&clock.start) {
        Ok(start) => {
            let actual = start.date.weekday();
            if let Some(stated) = clock.weekday
                && stated != actual
            {
                findings
                    .error(
                        path.field("weekday"),
                        "wrong-weekday",
                        format!("`{}` is a {actual:?}, not a {stated:?}", start.date),
                    )
                    .hint(Some(format!("write `weekday: {actual:?}` or drop the field")));
            }
        }
        Err(reason) => {
            findings.error(path.field("start"), "bad-date", reason);
        }
    }
    findings.business_hours(&path.field("business_hours"), &clock.business_hours);
    let (tick, max) = (tick?, max?);
    if max < tick {
        findings.error(path.field("max_duration"), "too-short", "max_duration is shorter than one tick");
        return None;
    }
    if max == tick {
        let message = "max_duration is one tick, so time is up as the drill starts";
        findings.warn(path.field("max_duration"), "ends-at-start", message);
    }
    if max / tick > MAX_TICKS {
        findings
            .error(
                path.field("max_duration"),
                "over-limit",
                format!("{} ticks is over the limit of {MAX_TICKS}", max / tick),
            )
            .hint(Some(format!("use a longer tick; at least {}", format_seconds(max.div_ceil(MAX_TICKS)))));
        return None;
    }
    Some(max)
}
