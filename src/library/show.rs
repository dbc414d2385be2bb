//! `ttx show`: a scenario as a facilitator reads it before a drill — metadata, clock,
//! environment, the attack path, detections, and the injects on a timeline. Free text from the
//! file is made inert ([`crate::terminal`]): names and titles on one line, the summary as lines.

use crate::action::words;
use crate::calendar::DateTime;
use crate::duration::{HumanDuration, format_seconds};
use crate::scenario::model::{Countermeasure, Defence, Effect, Requirement, Scenario, Topology, Trigger, Watch};
use crate::terminal::{inert, inert_line as line};
use std::fmt::Write;

/// The whole summary as text.
pub fn summary(s: &Scenario) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", s.id, line(&s.title));
    let _ = writeln!(
        out,
        "{:?} · {:?} · about {} in the room · version {} by {}",
        s.sector,
        s.difficulty,
        s.expected_duration,
        line(&s.version),
        line(&s.author)
    );
    let _ = writeln!(out, "ATT&CK: {}", line(&s.techniques.join(", ")));
    if !s.tags.is_empty() {
        let _ = writeln!(out, "tags: {}", line(&s.tags.join(", ")));
    }
    let _ = writeln!(out, "\n{}\n", inert(s.summary.trim()));
    clock(&mut out, s);
    environment(&mut out, s);
    attack_path(&mut out, s);
    detections(&mut out, s);
    msel(&mut out, s);
    out
}

fn clock(out: &mut String, s: &Scenario) {
    let start = DateTime::parse(&s.clock.start).map(|d| d.to_string()).unwrap_or_else(|_| line(&s.clock.start).into());
    let _ =
        writeln!(out, "CLOCK\n  starts {start}, one tick is {}, runs at most {}", s.clock.tick, s.clock.max_duration);
    let hours = &s.clock.business_hours;
    let days: Vec<&str> = hours.days.iter().map(|d| d.short()).collect();
    let _ = writeln!(out, "  business hours {}–{} on {}\n", hours.opens, hours.closes, days.join(" "));
}

fn environment(out: &mut String, s: &Scenario) {
    let env = &s.environment;
    let _ = writeln!(out, "ENVIRONMENT");
    for segment in &env.segments {
        let exposed = if segment.internet_facing { " (internet-facing)" } else { "" };
        let _ = writeln!(out, "  segment {} — {}{exposed}", segment.id, line(&segment.name));
        for group in &segment.hosts {
            let graph = match group.topology {
                Topology::Flat => String::new(),
                Topology::Random { avg_degree } => format!(" (random host graph, average degree {avg_degree})"),
            };
            let name = if group.name.is_empty() { String::new() } else { format!(" — {}", line(&group.name)) };
            let _ = writeln!(out, "    {:>7} × {:?}  {}{name}{graph}", group.count, group.kind, group.id);
        }
    }
    if !env.links.is_empty() {
        let links: Vec<String> =
            env.links.iter().map(|l| format!("{} {} {}", l.from, if l.one_way { "→" } else { "↔" }, l.to)).collect();
        let _ = writeln!(out, "  links: {}", links.join(", "));
    }
    for account in &env.accounts {
        let privileged = if account.privileged { ", privileged" } else { "" };
        let mfa = if account.mfa { ", MFA" } else { ", no MFA" };
        let _ = writeln!(out, "  account {} ({:?}{privileged}{mfa})", account.id, account.kind);
    }
    for store in &env.data_stores {
        let _ =
            writeln!(out, "  data {} in {}: {} records {:?}", store.id, store.segment, store.records, store.classes);
    }
    for backup in &env.backups {
        let exposure = if backup.reachable_by_adversary { "reachable by the adversary" } else { "offline" };
        let _ = writeln!(
            out,
            "  backup {} of {}: restore takes {}, {exposure}",
            backup.id,
            backup.covers.join(", "),
            backup.restore_time
        );
    }
    for service in &env.services {
        let critical = if service.critical { ", critical" } else { "" };
        let _ = writeln!(
            out,
            "  service {} on {}: {} {}/h lost while down{critical}",
            service.id,
            service.depends_on.join(", "),
            service.cost_per_hour,
            line(&env.costs.currency)
        );
    }
    for Defence::HostCheck { group, check_chance, recovery_chance, immunity_chance } in &env.defences {
        let _ = writeln!(
            out,
            "  defence on {group}: each tick a compromised host is checked ({:.0} %), cleaned ({:.0} %), made immune ({:.0} %)",
            check_chance * 100.0,
            recovery_chance * 100.0,
            immunity_chance * 100.0
        );
    }
    let _ = writeln!(out);
}

fn attack_path(out: &mut String, s: &Scenario) {
    let _ = writeln!(out, "ATTACK PATH — {}", line(&s.adversary.name));
    for (i, stage) in s.adversary.stages.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}. {} — {} [{:?}, {}] {:.0} % per tick",
            i + 1,
            stage.id,
            line(&stage.name),
            stage.tactic,
            line(&stage.technique),
            stage.chance * 100.0
        );
        let mut needs: Vec<String> = stage.after.iter().map(|a| format!("after {a}")).collect();
        needs.extend(stage.requires.iter().map(|r| match r {
            Requirement::Foothold(x) => format!("foothold in {x}"),
            Requirement::Account(x) => format!("account {x}"),
            Requirement::Unpatched(x) => format!("{x} unpatched"),
            Requirement::Stopped(x) => format!("{x} stopped by the team"),
        }));
        if !needs.is_empty() {
            let _ = writeln!(out, "       needs: {}", needs.join(", "));
        }
        for effect in &stage.effects {
            let _ = writeln!(out, "       does: {}", describe_effect(effect));
        }
        if !stage.stopped_by.is_empty() {
            let stops: Vec<String> = stage.stopped_by.iter().map(describe_countermeasure).collect();
            let _ = writeln!(out, "       stopped by: {}", stops.join(", "));
        }
    }
    let _ = writeln!(out);
}

pub(crate) fn describe_effect(effect: &Effect) -> String {
    match effect {
        Effect::Compromise { group, hosts } => format!("compromise {hosts} host(s) of {group}"),
        Effect::Spread { rate, segments } if segments.is_empty() => {
            format!("spread to {:.0} % of reachable clean hosts per tick", rate * 100.0)
        }
        Effect::Spread { rate, segments } => {
            format!("spread to {:.0} % of reachable clean hosts per tick in {}", rate * 100.0, segments.join(", "))
        }
        Effect::SpreadOnGraph { chance } => {
            format!("spread host to host, {:.0} % per neighbour per tick", chance * 100.0)
        }
        Effect::GainAccount(a) => format!("obtain account {a}"),
        Effect::Exfiltrate { store, records_per_tick, via } => {
            format!(
                "exfiltrate {records_per_tick} records per tick from {store}{}",
                via.as_ref().map(|v| format!(" via {v}")).unwrap_or_default()
            )
        }
        Effect::Encrypt { hosts_per_tick, .. } => {
            format!("encrypt up to {hosts_per_tick} hosts per tick")
        }
        Effect::DestroyBackup(b) => format!("destroy backup {b}"),
        Effect::DegradeService { service, fraction } if *fraction >= 1.0 => format!("take service {service} down"),
        Effect::DegradeService { service, fraction } => {
            format!("degrade service {service} by {:.0} %", fraction * 100.0)
        }
        Effect::StealFunds { amount, recall_within } => {
            format!("steal {amount} (recallable within {})", recall_within.0)
        }
    }
}

pub(crate) fn describe_countermeasure(measure: &Countermeasure) -> String {
    match measure {
        Countermeasure::IsolateSegment(x) => format!("isolate segment {x}"),
        Countermeasure::IsolateHosts(x) => format!("isolate {x}"),
        Countermeasure::DisableAccount(x) => format!("disable {x}"),
        Countermeasure::ResetCredentials(x) => format!("reset credentials of {x}"),
        Countermeasure::BlockIoc(x) => format!("block {x}"),
        Countermeasure::Patch(x) => format!("patch {x}"),
    }
}

fn detections(out: &mut String, s: &Scenario) {
    if s.detections.is_empty() {
        return;
    }
    let _ = writeln!(out, "DETECTIONS");
    for d in &s.detections {
        let watches = match &d.watches {
            Watch::Stage(x) => format!("stage {x}"),
            Watch::Technique(x) => format!("technique {x}"),
        };
        let _ = writeln!(
            out,
            "  {} — {:?} watches {watches}, {:.0} % per tick, delay {}: “{}” ({:?})",
            d.id,
            d.source,
            d.chance * 100.0,
            d.delay,
            line(&d.alert.title),
            d.alert.severity
        );
    }
    let _ = writeln!(out);
}

/// Timed injects in time order with their clock time, then the conditional ones.
fn msel(out: &mut String, s: &Scenario) {
    let _ = writeln!(out, "MSEL — {} injects", s.injects.len());
    let start = DateTime::parse(&s.clock.start).ok();
    let mut timed: Vec<(u64, usize)> = s
        .injects
        .iter()
        .enumerate()
        .filter_map(|(i, x)| match &x.trigger {
            Trigger::At(t) => t.seconds().ok().map(|secs| (secs, i)),
            _ => None,
        })
        .collect();
    timed.sort();
    for (secs, i) in &timed {
        let when = start.map(|d| d.plus_seconds(*secs).to_string()).unwrap_or_default();
        inject_line(out, s, *i, &format!("+{:<6} {when}", format_seconds(*secs)));
    }
    for (i, inject) in s.injects.iter().enumerate() {
        if !matches!(inject.trigger, Trigger::At(_)) {
            inject_line(out, s, i, &format!("when {}", describe_trigger(&inject.trigger)));
        }
    }
}

fn inject_line(out: &mut String, s: &Scenario, index: usize, when: &str) {
    let inject = &s.injects[index];
    let _ = writeln!(out, "  {when}");
    let _ = writeln!(
        out,
        "      {} — {} ({:?}, {} → {})",
        inject.id,
        line(&inject.title),
        inject.channel,
        line(&inject.from),
        line(&inject.to.join(", "))
    );
    for expected in &inject.expects {
        let _ = writeln!(out, "        expects {}", line(&expected.words()));
    }
    for question in &inject.questions {
        let _ = writeln!(out, "        ? {}", line(question));
    }
}

pub(crate) fn describe_trigger(trigger: &Trigger) -> String {
    let at = |d: &HumanDuration| d.seconds().map(format_seconds).unwrap_or_else(|_| line(&d.0).into());
    match trigger {
        Trigger::At(t) => format!("at +{}", at(t)),
        Trigger::StageSucceeded(x) => format!("stage {x} succeeds"),
        Trigger::DetectionFired(x) => format!("detection {x} fires"),
        Trigger::AfterInject(x, d) => format!("{} after inject {x}", at(d)),
        Trigger::HostsCompromised(n) => format!("{n} hosts are compromised"),
        Trigger::HostsEncrypted(n) => format!("{n} hosts are encrypted"),
        Trigger::RecordsExfiltrated(n) => format!("{n} records are exfiltrated"),
        Trigger::BackupDestroyed(x) => format!("backup {x} is destroyed"),
        Trigger::ServiceDown(x) => format!("service {x} is down"),
        Trigger::DecisionTaken(kind, by) => format!("the team decides {kind:?} by +{}", at(by)),
        Trigger::DecisionNotTaken(kind, by) => {
            format!("the team has not decided {kind:?} by +{}", at(by))
        }
        Trigger::ActionTaken(action, by) => format!("the team decides {} by +{}", words(action), at(by)),
        Trigger::ActionNotTaken(action, by) => format!("the team has not decided {} by +{}", words(action), at(by)),
        Trigger::ActionTookEffect(action) => format!("{} has taken effect", words(action)),
        Trigger::All(parts) => parts.iter().map(describe_trigger).collect::<Vec<_>>().join(" and "),
        Trigger::Any(parts) => format!("({})", parts.iter().map(describe_trigger).collect::<Vec<_>>().join(" or ")),
    }
}
