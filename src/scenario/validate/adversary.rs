//! Checks the adversary: indicators, vulnerabilities and stages (techniques, preconditions,
//! chances, effects, countermeasures), then reports stages that can never start.

use super::environment::references;
use super::reach::{Blocked, Reach};
use super::{Known, check_technique};
use crate::checks::{Findings, MAX_LOSS, chain_of};
use crate::scenario::model::{Countermeasure, Effect, Requirement, Scenario, Topology};
use crate::source::locate::FieldPath;
use std::collections::BTreeSet;

pub(super) fn check<'a>(scenario: &'a Scenario, known: &mut Known<'a>, findings: &mut Findings) {
    let adversary = &scenario.adversary;
    let path = FieldPath::root().field("adversary");
    findings.name(path.field("name"), "adversary name", &adversary.name);
    findings.text(path.field("description"), "description", &adversary.description, false);
    let iocs_path = path.field("iocs");
    known.iocs = findings.declared(&iocs_path, "indicator", &adversary.iocs);
    for (i, ioc) in adversary.iocs.iter().enumerate() {
        findings.name(iocs_path.index(i).field("value"), "indicator value", &ioc.value);
    }
    let vulns_path = path.field("vulnerabilities");
    known.vulnerabilities = findings.declared(&vulns_path, "vulnerability", &adversary.vulnerabilities);
    for (i, vuln) in adversary.vulnerabilities.iter().enumerate() {
        let at = vulns_path.index(i);
        findings.name(at.field("name"), "vulnerability name", &vuln.name);
        if vuln.groups.is_empty() {
            findings.error(
                at.field("groups"),
                "empty-list",
                "a vulnerability must be present on at least one host group",
            );
        }
        references(findings, &at.field("groups"), "host group", &vuln.groups, &known.groups);
    }
    let stages_path = path.field("stages");
    if adversary.stages.is_empty() {
        findings.error(stages_path.clone(), "empty-list", "the adversary needs at least one stage");
    }
    known.stages = findings.declared(&stages_path, "stage", &adversary.stages);
    let listed: BTreeSet<&str> = scenario.techniques.iter().map(String::as_str).collect();
    for (i, stage) in adversary.stages.iter().enumerate() {
        let at = stages_path.index(i);
        findings.name(at.field("name"), "stage name", &stage.name);
        check_technique(findings, at.field("technique"), &stage.technique);
        if !listed.contains(stage.technique.as_str()) {
            findings
                .warn(
                    at.field("technique"),
                    "technique-not-listed",
                    format!("`{}` is not in the scenario's `techniques`", stage.technique),
                )
                .hint(Some("add it there so `ttx list` and reports show it".into()));
        }
        for (j, earlier) in stage.after.iter().enumerate() {
            if earlier == &stage.id {
                findings.error(
                    at.field("after").index(j),
                    "self-reference",
                    format!("stage `{earlier}` waits for itself"),
                );
            } else {
                findings.reference(at.field("after").index(j), "stage", earlier, &known.stages);
            }
        }
        for (j, requirement) in stage.requires.iter().enumerate() {
            let r = at.field("requires").index(j).index(0);
            match requirement {
                Requirement::Foothold(segment) => findings.reference(r, "segment", segment, &known.segments),
                Requirement::Account(account) => findings.reference(r, "account", account, &known.accounts),
                Requirement::Unpatched(vuln) => findings.reference(r, "vulnerability", vuln, &known.vulnerabilities),
                Requirement::Stopped(other) => {
                    let known_stage = findings.reference(r.clone(), "stage", other, &known.stages);
                    let stoppable =
                        scenario.adversary.stages.iter().any(|s| &s.id == other && !s.stopped_by.is_empty());
                    if known_stage && !stoppable {
                        let message = format!(
                            "stage `{other}` has no `stopped_by`, so the team can never stop it and this never holds"
                        );
                        findings.warn(r, "never-stopped", message);
                    }
                    known_stage
                }
            };
        }
        findings.chance(at.field("chance"), stage.chance);
        if stage.chance == 0.0 {
            findings.warn(
                at.field("chance"),
                "never-succeeds",
                format!("stage `{}` has chance 0 and never succeeds", stage.id),
            );
        }
        for (j, effect) in stage.effects.iter().enumerate() {
            check_effect(scenario, known, &at.field("effects").index(j), effect, findings);
        }
        for (j, measure) in stage.stopped_by.iter().enumerate() {
            let m = at.field("stopped_by").index(j).index(0);
            match measure {
                Countermeasure::IsolateSegment(id) => findings.reference(m, "segment", id, &known.segments),
                Countermeasure::IsolateHosts(id) => findings.reference(m, "host group", id, &known.groups),
                Countermeasure::DisableAccount(id) | Countermeasure::ResetCredentials(id) => {
                    findings.reference(m, "account", id, &known.accounts)
                }
                Countermeasure::BlockIoc(id) => findings.reference(m, "indicator", id, &known.iocs),
                Countermeasure::Patch(id) => findings.reference(m, "vulnerability", id, &known.vulnerabilities),
            };
        }
    }
}

fn check_effect(scenario: &Scenario, known: &Known, at: &FieldPath, effect: &Effect, findings: &mut Findings) {
    let env = &scenario.environment;
    match effect {
        Effect::Compromise { group, hosts } => {
            if findings.reference(at.field("group"), "host group", group, &known.groups) {
                let size = known.group_sizes.get(group.as_str()).copied().unwrap_or(0);
                if *hosts == 0 || *hosts > size {
                    findings.error(
                        at.field("hosts"),
                        "bad-count",
                        format!("group `{group}` has {size} hosts; compromise 1 to {size} of them"),
                    );
                }
            }
        }
        Effect::Spread { rate, segments } => {
            findings.chance(at.field("rate"), *rate);
            if *rate == 0.0 {
                findings.warn(at.field("rate"), "never-succeeds", "spread rate 0 never spreads");
            }
            references(findings, &at.field("segments"), "segment", segments, &known.segments);
        }
        Effect::SpreadOnGraph { chance } => {
            findings.chance(at.field("chance"), *chance);
            let has_graph = env.segments.iter().flat_map(|s| &s.hosts).any(|g| g.topology != Topology::Flat);
            if !has_graph {
                findings
                    .warn(at.clone(), "nowhere-to-spread", "no host group has a host graph, so this never spreads")
                    .hint(Some("give a group `topology: Random(avg_degree: 3.0)`".into()));
            }
        }
        Effect::GainAccount(account) => {
            findings.reference(at.index(0), "account", account, &known.accounts);
        }
        Effect::Exfiltrate { store, records_per_tick, via } => {
            findings.reference(at.field("store"), "data store", store, &known.stores);
            if *records_per_tick == 0 {
                findings.error(at.field("records_per_tick"), "bad-count", "records_per_tick must be at least 1");
            }
            if let Some(ioc) = via {
                findings.reference(at.field("via"), "indicator", ioc, &known.iocs);
            }
        }
        Effect::Encrypt { hosts_per_tick, segments } => {
            if *hosts_per_tick == 0 {
                findings.error(at.field("hosts_per_tick"), "bad-count", "hosts_per_tick must be at least 1");
            }
            references(findings, &at.field("segments"), "segment", segments, &known.segments);
        }
        Effect::DestroyBackup(backup) => {
            if findings.reference(at.index(0), "backup", backup, &known.backups)
                && !known.online_backups.contains(backup.as_str())
            {
                findings
                    .warn(
                        at.index(0),
                        "unreachable-backup",
                        format!("backup `{backup}` is not reachable by the adversary, so this does nothing"),
                    )
                    .hint(Some("set `reachable_by_adversary: true` if it is an online backup".into()));
            }
        }
        Effect::DegradeService { service, fraction } => {
            findings.reference(at.field("service"), "service", service, &known.services);
            if !(*fraction > 0.0 && *fraction <= 1.0) {
                findings
                    .error(
                        at.field("fraction"),
                        "bad-fraction",
                        format!("fraction {fraction} is outside (0, 1]: the share of the service's capacity lost"),
                    )
                    .hint(Some("`1.0` takes the service down; `0.5` halves it".into()));
            }
        }
        Effect::StealFunds { amount, recall_within } => {
            if !amount.is_finite() || *amount <= 0.0 {
                findings.error(
                    at.field("amount"),
                    "bad-amount",
                    format!("amount stolen must be a number above zero, found {amount}"),
                );
            } else if *amount > MAX_LOSS {
                findings.error(
                    at.field("amount"),
                    "over-limit",
                    format!("amount stolen {amount:e} is over the limit of {MAX_LOSS:e}"),
                );
            }
            findings.duration(at.field("recall_within"), "recall window", recall_within, true);
        }
    }
}

/// Reports each stage that can never start, with the reason.
pub(super) fn check_reachability(scenario: &Scenario, reach: &Reach, findings: &mut Findings) {
    let path = FieldPath::root().field("adversary").field("stages");
    let mut cycles_told = std::collections::BTreeSet::new();
    for (i, stage) in scenario.adversary.stages.iter().enumerate() {
        let Some(why) = reach.blocked.get(stage.id.as_str()) else {
            continue;
        };
        let at = path.index(i);
        match why {
            Blocked::Cycle(cycle) => {
                if !cycles_told.insert(*cycle) {
                    continue;
                }
                let chain = chain_of(reach.cycles[*cycle].iter().copied());
                findings
                    .error(at.field("after"), "stage-cycle", format!("stages wait for each other in a cycle: {chain}"))
                    .hint(Some("remove one of these `after` entries so the chain has a first stage".into()));
            }
            Blocked::WaitsFor(other) => {
                findings.error(
                    at.field("after"),
                    "stage-never-starts",
                    format!("stage `{}` can never start: it waits for `{other}`, which can never start", stage.id),
                );
            }
            Blocked::NoFoothold(segment) => {
                findings
                    .error(
                        at.field("requires"),
                        "stage-never-starts",
                        format!(
                            "stage `{}` can never start: no stage compromises or spreads to segment `{segment}`",
                            stage.id
                        ),
                    )
                    .hint(Some(format!(
                        "add a `Compromise` of a host group in `{segment}`, or a link and a `Spread` that reach it"
                    )));
            }
            Blocked::NoAccount(account) => {
                findings
                    .error(
                        at.field("requires"),
                        "stage-never-starts",
                        format!("stage `{}` can never start: no stage obtains account `{account}`", stage.id),
                    )
                    .hint(Some(format!("add `GainAccount(\"{account}\")` to the effects of an earlier stage")));
            }
        }
    }
}
