//! Every rule a response plan must satisfy beyond parsing: staffed catalogue roles and the roles
//! they cover, a severity matrix, escalation rules and playbook owners that are staffed roles,
//! sound clocks and targets.

use super::model::{Deadline, Plan};
use crate::action::ActionKind;
use crate::calendar::Date;
use crate::checks::graph::find_cycles;
use crate::checks::{Findings, Ids, chain_of};
use crate::role;
use crate::source::locate::FieldPath;
use std::collections::{BTreeMap, BTreeSet};

/// Checks a parsed plan; an empty error list means evaluation may use it.
pub fn check_plan(plan: &Plan) -> Findings {
    let mut findings = Findings::default();
    let root = FieldPath::root();
    findings.id(root.field("id"), &plan.id);
    findings.name(root.field("title"), "title", &plan.title);
    findings.name(root.field("organisation"), "organisation", &plan.organisation);
    findings.name(root.field("version"), "version", &plan.version);
    findings.text(root.field("summary"), "summary", &plan.summary, false);
    let staffed = check_roles(plan, &mut findings);
    check_severity(plan, &mut findings);
    let escalations = root.field("escalations");
    findings.declared(&escalations, "escalation", &plan.escalations);
    for (i, rule) in plan.escalations.iter().enumerate() {
        let at = escalations.index(i);
        if rule.notify.is_empty() {
            findings.error(at.field("notify"), "empty-list", "an escalation rule must name at least one role");
        }
        for (j, id) in rule.notify.iter().enumerate() {
            findings.reference(at.field("notify").index(j), "staffed role", id, &staffed);
        }
        findings.duration(at.field("within"), "within", &rule.within, true);
    }
    check_playbooks(plan, &staffed, &mut findings);
    check_clocks(plan, &mut findings);
    let targets = root.field("targets");
    let t = &plan.targets;
    for (name, target) in [
        ("detect", &t.detect),
        ("acknowledge", &t.acknowledge),
        ("classify", &t.classify),
        ("escalate", &t.escalate),
        ("contain", &t.contain),
        ("eradicate", &t.eradicate),
        ("recover", &t.recover),
    ] {
        if let Some(duration) = target {
            findings.duration(targets.field(name), name, duration, true);
        }
    }
    let durations = root.field("action_durations");
    let mut timed = BTreeSet::new();
    for (i, entry) in plan.action_durations.iter().enumerate() {
        let at = durations.index(i);
        findings.duration(at.field("duration"), "duration", &entry.duration, false);
        if !timed.insert(entry.action) {
            findings.error(
                at.field("action"),
                "duplicate-action",
                format!("{:?} is given a duration twice", entry.action),
            );
        }
    }
    findings.business_hours(&root.field("business_hours"), &plan.business_hours);
    let mut holidays = BTreeSet::new();
    for (i, day) in plan.holidays.iter().enumerate() {
        let at = root.field("holidays").index(i);
        if let Err(reason) = Date::parse(day) {
            findings.error(at, "bad-date", reason);
        } else if !holidays.insert(day) {
            findings.warn(at, "duplicate-holiday", format!("holiday {day} is listed twice"));
        }
    }
    let team = root.field("automated_team");
    findings.chance(team.field("miss_alert"), plan.automated_team.miss_alert);
    findings.chance(team.field("misjudge_severity"), plan.automated_team.misjudge_severity);
    findings.chance(team.field("act_late"), plan.automated_team.act_late);
    findings
}

/// Checks staffing; returns the ids of the roles the plan staffs.
fn check_roles<'a>(plan: &'a Plan, findings: &mut Findings) -> Ids<'a> {
    let path = FieldPath::root().field("roles");
    let catalogue: Ids = role::ids().collect();
    let mut staffed = Ids::new();
    if plan.roles.is_empty() {
        findings.error(path.clone(), "empty-list", "a plan must staff at least one role");
    }
    for (i, staffing) in plan.roles.iter().enumerate() {
        let at = path.index(i);
        if findings.reference(at.field("role"), "role", &staffing.role, &catalogue)
            && !staffed.insert(staffing.role.as_str())
        {
            findings.error(at.field("role"), "duplicate-id", format!("role `{}` is staffed twice", staffing.role));
        }
        for (j, person) in staffing.roster.iter().enumerate() {
            findings.name(at.field("roster").index(j), "roster entry", person);
        }
        for (field, (min, max)) in [("business_hours", &staffing.business_hours), ("off_hours", &staffing.off_hours)] {
            let low = findings.duration(at.field(field).index(0), "shortest response time", min, false);
            let high = findings.duration(at.field(field).index(1), "longest response time", max, false);
            if let (Some(low), Some(high)) = (low, high)
                && low > high
            {
                findings.error(
                    at.field(field).index(1),
                    "bad-range",
                    format!("longest response time {max} is shorter than the shortest, {min}"),
                );
            }
        }
    }
    check_covers(plan, &staffed, &catalogue, findings);
    if !plan.roles.is_empty() && !staffed.contains("incident_commander") {
        findings
            .warn(
                path,
                "no-commander",
                "no one is staffed as `incident_commander`, so no one owns decisions and the clock",
            )
            .hint(Some("staff the role, even if the same person holds another".into()));
    }
    staffed
}

/// Each covered role is a catalogue role the plan does not staff, covered by one staffed role.
/// The covering role is the staffing entry itself, so it is staffed, and a covered role is never
/// staffed, so no cover leads to another: resolution takes one step.
fn check_covers(plan: &Plan, staffed: &Ids, catalogue: &Ids, findings: &mut Findings) {
    let mut covered: BTreeMap<&str, &str> = BTreeMap::new();
    for (i, staffing) in plan.roles.iter().enumerate() {
        let path = FieldPath::root().field("roles").index(i).field("covers");
        for (j, role) in staffing.covers.iter().enumerate() {
            let at = path.index(j);
            if !findings.reference(at.clone(), "role", role, catalogue) {
                continue;
            }
            if staffed.contains(role.as_str()) {
                let message = match *role == staffing.role {
                    true => format!("`{role}` cannot cover itself"),
                    false => format!("`{}` covers `{role}`, which this plan staffs", staffing.role),
                };
                findings
                    .error(at, "covers-staffed-role", message)
                    .hint(Some("a staffed role answers for itself; cover only roles the plan does not staff".into()));
            } else if let Some(first) = covered.insert(role, &staffing.role) {
                let message = match first == staffing.role {
                    true => format!("`{role}` is listed twice"),
                    false => format!("`{role}` is already covered by `{first}`"),
                };
                findings.error(at, "covered-twice", message).hint(Some(
                    "one staffed role covers each role, so what is addressed to it reaches one place".into(),
                ));
            }
        }
    }
}

fn check_severity(plan: &Plan, findings: &mut Findings) {
    let path = FieldPath::root().field("severity");
    if plan.severity.is_empty() {
        findings.error(path.clone(), "empty-list", "the severity matrix needs at least one level");
    }
    let mut defined = BTreeSet::new();
    for (i, level) in plan.severity.iter().enumerate() {
        let at = path.index(i);
        findings.name(at.field("name"), "severity name", &level.name);
        if !defined.insert(level.level) {
            findings.error(at.field("level"), "duplicate-id", format!("severity {:?} is defined twice", level.level));
        }
        if level.criteria.is_empty() {
            findings.error(
                at.field("criteria"),
                "empty-list",
                format!("severity {:?} has no criteria, so nothing can reach it", level.level),
            );
        }
    }
}

fn check_playbooks(plan: &Plan, staffed: &Ids, findings: &mut Findings) {
    let path = FieldPath::root().field("playbooks");
    findings.declared(&path, "playbook", &plan.playbooks);
    for (i, playbook) in plan.playbooks.iter().enumerate() {
        let at = path.index(i);
        findings.name(at.field("title"), "playbook title", &playbook.title);
        crate::cue::check(findings, &at.field("trigger"), &playbook.trigger, crate::cue::Names::None);
        let steps_path = at.field("steps");
        if playbook.steps.is_empty() {
            findings.error(steps_path.clone(), "empty-list", format!("playbook `{}` has no steps", playbook.id));
        }
        let steps = findings.declared(&steps_path, "step", &playbook.steps);
        let mut due_by_id: BTreeMap<&str, Option<u64>> = BTreeMap::new();
        for step in playbook.steps.iter().rev() {
            due_by_id.insert(step.id.as_str(), step.within.seconds().ok());
        }
        for (j, step) in playbook.steps.iter().enumerate() {
            let s = steps_path.index(j);
            if step.notify.is_some() && step.action != ActionKind::Notify {
                let message =
                    format!("step `{}` names a party to notify, but its action is {:?}", step.id, step.action);
                findings.error(s.field("notify"), "notify-without-notify", message);
            }
            if !step.to.is_empty() && step.action != ActionKind::Escalate {
                let message = format!("step `{}` names roles to brief, but its action is {:?}", step.id, step.action);
                findings.error(s.field("to"), "to-without-escalate", message);
            }
            if let Some(target) = step.target.filter(|t| !t.fits(step.action)) {
                let message = format!("step `{}` is a {:?}, which cannot be aimed at {target:?}", step.id, step.action);
                findings.error(s.field("target"), "target-does-not-fit", message);
            }
            for (k, role) in step.to.iter().enumerate() {
                findings.reference(s.field("to").index(k), "role", role, &crate::role::ids().collect());
            }
            findings.name(s.field("title"), "step title", &step.title);
            findings.reference(s.field("owner"), "staffed role", &step.owner, staffed);
            let due = findings.duration(s.field("within"), "within", &step.within, true);
            for (k, earlier) in step.after.iter().enumerate() {
                if !findings.reference(s.field("after").index(k), "step", earlier, &steps) {
                    continue;
                }
                let earlier_due = due_by_id.get(earlier.as_str()).copied().flatten();
                if let (Some(due), Some(earlier_due)) = (due, earlier_due)
                    && due < earlier_due
                {
                    findings.warn(
                        s.field("within"),
                        "due-before-dependency",
                        format!("step `{}` is due before step `{earlier}`, which it follows", step.id),
                    );
                }
            }
        }
        let nodes: Vec<(&str, &[String])> =
            playbook.steps.iter().map(|s| (s.id.as_str(), s.after.as_slice())).collect();
        for cycle in find_cycles(&nodes) {
            let chain = chain_of(cycle.iter().map(|&i| nodes[i].0));
            findings.error(
                steps_path.index(cycle[0]).field("after"),
                "step-cycle",
                format!("steps wait for each other in a cycle: {chain}"),
            );
        }
    }
}

fn check_clocks(plan: &Plan, findings: &mut Findings) {
    let path = FieldPath::root().field("clocks");
    findings.declared(&path, "clock", &plan.clocks);
    for (i, clock) in plan.clocks.iter().enumerate() {
        let at = path.index(i);
        findings.name(at.field("regulation"), "regulation", &clock.regulation);
        crate::cue::check(findings, &at.field("starts"), &clock.starts, crate::cue::Names::None);
        match &clock.deadline {
            Deadline::After(duration) => {
                findings.duration(at.field("deadline").index(0), "deadline", duration, true);
            }
            Deadline::CalendarDays(0) | Deadline::BusinessDays(0) => {
                findings.error(at.field("deadline").index(0), "bad-count", "a deadline must be at least one day");
            }
            Deadline::CalendarDays(days) | Deadline::BusinessDays(days) => {
                findings.at_most(at.field("deadline").index(0), "days", u64::from(*days), 366);
            }
        }
    }
}
