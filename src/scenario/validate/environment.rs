//! Checks the environment: segments and host groups with their limits, links, accounts,
//! data stores, backups, services and cost parameters.

use super::Known;
use crate::checks::{Findings, Ids};
use crate::scenario::limits::{MAX_AVG_DEGREE, MAX_HOSTS, MAX_LIST, MAX_RECORDS};
use crate::scenario::model::{Defence, Environment, Topology};
use crate::source::locate::FieldPath;

pub(super) fn check<'a>(env: &'a Environment, path: &FieldPath, findings: &mut Findings) -> Known<'a> {
    let mut known = Known::default();
    let segments_path = path.field("segments");
    if env.segments.is_empty() {
        findings.error(segments_path.clone(), "empty-list", "the environment needs at least one segment");
    }
    known.segments = findings.declared(&segments_path, "segment", &env.segments);
    let groups = env.segments.iter().enumerate().flat_map(|(i, segment)| {
        let hosts_path = segments_path.index(i).field("hosts");
        segment.hosts.iter().enumerate().map(move |(j, group)| (hosts_path.index(j), group))
    });
    let groups: Vec<_> = groups.collect();
    findings.at_most(segments_path.clone(), "host groups", groups.len() as u64, MAX_LIST);
    known.groups = findings.unique_ids("host group", groups.iter().map(|(p, g)| (p.clone(), g.id.as_str())));
    for (_, group) in groups.iter().rev() {
        known.group_sizes.insert(group.id.as_str(), group.count);
    }
    let mut total_hosts: u64 = 0;
    for (i, segment) in env.segments.iter().enumerate() {
        findings.name(segments_path.index(i).field("name"), "segment name", &segment.name);
    }
    for (group_path, group) in &groups {
        if group.count == 0 {
            findings.error(group_path.field("count"), "zero-count", "a host group needs at least one host");
        }
        findings.at_most(group_path.field("count"), "hosts in one group", u64::from(group.count), MAX_HOSTS);
        total_hosts += u64::from(group.count);
        if !group.name.is_empty() {
            findings.name(group_path.field("name"), "host group name", &group.name);
        }
        if let Topology::Random { avg_degree } = group.topology {
            let at = group_path.field("topology").field("avg_degree");
            let most = f64::from(group.count.saturating_sub(1)).min(MAX_AVG_DEGREE);
            if !(avg_degree > 0.0 && avg_degree <= most) {
                findings.error(
                    at,
                    "bad-degree",
                    format!("avg_degree must be more than 0 and at most {most}, found {avg_degree}"),
                );
            }
        }
    }
    if total_hosts > MAX_HOSTS {
        findings.error(
            segments_path,
            "over-limit",
            format!("{total_hosts} hosts in all is over the limit of {MAX_HOSTS}"),
        );
    }
    check_links(env, path, &known.segments, findings);
    let accounts_path = path.field("accounts");
    known.accounts = findings.declared(&accounts_path, "account", &env.accounts);
    for (i, account) in env.accounts.iter().enumerate() {
        references(findings, &accounts_path.index(i).field("segments"), "segment", &account.segments, &known.segments);
    }
    let stores_path = path.field("data_stores");
    known.stores = findings.declared(&stores_path, "data store", &env.data_stores);
    for (i, store) in env.data_stores.iter().enumerate() {
        let at = stores_path.index(i);
        findings.name(at.field("name"), "data store name", &store.name);
        findings.reference(at.field("segment"), "segment", &store.segment, &known.segments);
        findings.at_most(at.field("records"), "records", store.records, MAX_RECORDS);
        if store.classes.is_empty() {
            findings.warn(
                at.field("classes"),
                "no-data-class",
                "data store lists no data classes, so no breach rule applies to it",
            );
        }
    }
    let backups_path = path.field("backups");
    known.backups = findings.declared(&backups_path, "backup", &env.backups);
    known.online_backups = env.backups.iter().filter(|b| b.reachable_by_adversary).map(|b| b.id.as_str()).collect();
    for (i, backup) in env.backups.iter().enumerate() {
        let at = backups_path.index(i);
        findings.name(at.field("name"), "backup name", &backup.name);
        non_empty(findings, &at.field("covers"), "a backup must cover at least one segment", backup.covers.len());
        references(findings, &at.field("covers"), "segment", &backup.covers, &known.segments);
        findings.duration(at.field("restore_time"), "restore_time", &backup.restore_time, true);
    }
    let services_path = path.field("services");
    known.services = findings.declared(&services_path, "service", &env.services);
    for (i, service) in env.services.iter().enumerate() {
        let at = services_path.index(i);
        findings.name(at.field("name"), "service name", &service.name);
        non_empty(
            findings,
            &at.field("depends_on"),
            "a service must depend on at least one segment",
            service.depends_on.len(),
        );
        references(findings, &at.field("depends_on"), "segment", &service.depends_on, &known.segments);
        findings.amount(at.field("cost_per_hour"), "cost_per_hour", service.cost_per_hour);
    }
    for (i, account) in env.accounts.iter().enumerate() {
        references(findings, &accounts_path.index(i).field("used_by"), "service", &account.used_by, &known.services);
    }
    check_costs(env, &path.field("costs"), findings);
    for (i, defence) in env.defences.iter().enumerate() {
        let at = path.field("defences").index(i);
        let Defence::HostCheck { group, check_chance, recovery_chance, immunity_chance } = defence;
        findings.reference(at.field("group"), "host group", group, &known.groups);
        findings.chance(at.field("check_chance"), *check_chance);
        findings.chance(at.field("recovery_chance"), *recovery_chance);
        findings.chance(at.field("immunity_chance"), *immunity_chance);
    }
    known
}

fn check_links(env: &Environment, path: &FieldPath, segments: &Ids, findings: &mut Findings) {
    let links_path = path.field("links");
    // Each link as (from, to, one_way); a two-way link also answers for its reverse.
    let mut given: std::collections::BTreeSet<(&str, &str, bool)> = std::collections::BTreeSet::new();
    for (i, link) in env.links.iter().enumerate() {
        let at = links_path.index(i);
        let from_ok = findings.reference(at.field("from"), "segment", &link.from, segments);
        let to_ok = findings.reference(at.field("to"), "segment", &link.to, segments);
        if from_ok && to_ok && link.from == link.to {
            findings.error(at.clone(), "self-link", format!("link from `{}` to itself", link.from));
        }
        let (from, to) = (link.from.as_str(), link.to.as_str());
        let twin = given.contains(&(from, to, true))
            || given.contains(&(from, to, false))
            || (!link.one_way && given.contains(&(to, from, false)));
        given.insert((from, to, link.one_way));
        if twin {
            findings.warn(
                at,
                "duplicate-link",
                format!("link between `{}` and `{}` is given twice", link.from, link.to),
            );
        }
    }
}

fn check_costs(env: &Environment, path: &FieldPath, findings: &mut Findings) {
    let costs = &env.costs;
    let currency_ok = costs.currency.len() == 3 && costs.currency.bytes().all(|b| b.is_ascii_uppercase());
    if !currency_ok {
        findings
            .error(
                path.field("currency"),
                "bad-currency",
                format!("`{}` is not a currency code", crate::checks::clip(&costs.currency)),
            )
            .hint(Some("use an ISO 4217 code such as `USD`, `EUR` or `GBP`".into()));
    }
    findings.amount(path.field("per_host_compromised"), "per_host_compromised", costs.per_host_compromised);
    findings.amount(path.field("per_host_encrypted"), "per_host_encrypted", costs.per_host_encrypted);
    findings.amount(path.field("response_per_hour"), "response_per_hour", costs.response_per_hour);
    findings.amount(path.field("forensics_retainer"), "forensics_retainer", costs.forensics_retainer);
    findings.amount(path.field("per_subject_notified"), "per_subject_notified", costs.per_subject_notified);
    for (class, amount) in &costs.per_record {
        findings.amount(path.field("per_record"), &format!("cost per {class:?} record"), *amount);
    }
}

/// Checks that every id in `wanted` is one of `known`.
pub(super) fn references(findings: &mut Findings, path: &FieldPath, what: &str, wanted: &[String], known: &Ids) {
    for (i, id) in wanted.iter().enumerate() {
        findings.reference(path.index(i), what, id, known);
    }
}

fn non_empty(findings: &mut Findings, path: &FieldPath, message: &str, len: usize) {
    if len == 0 {
        findings.error(path.clone(), "empty-list", message);
    }
}
