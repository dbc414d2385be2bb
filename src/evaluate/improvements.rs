//! The improvement plan: one corrective action per shortfall — or one per playbook, for its
//! steps together — that names its evidence, the role the plan staffs to own it, its HSEEP
//! element from the cause, and its priority from the harm done while it was overdue (a legal
//! deadline missed or met late is always high).

use super::model::{Cause, Element, HarmWhileDue, Improvement, Priority, Subject};
use super::ratings::{Item, Judged, Outcome};

/// The corrective actions for a capability's items that fell short. Items that asked for the same
/// act (a plan step, an inject's expectation and a clock all asking for the notice to the
/// authority), and the steps of one playbook, make one improvement together.
/// `total` is the whole run's harm, the measure of each item's share.
pub fn plan(capability: &str, items: &[Item], judged: &Judged, total: &HarmWhileDue) -> Vec<Improvement> {
    let playbook = |i: &Item| match &i.subject {
        Subject::Step { playbook, .. } => Some(playbook.clone()),
        _ => None,
    };
    let together = |a: &Item, b: &Item| {
        (a.act.is_some() && a.act == b.act) || (playbook(a).is_some() && playbook(a) == playbook(b))
    };
    let mut groups: Vec<Vec<&Item>> = Vec::new();
    for item in items.iter().filter(|i| i.outcome != Outcome::OnTime) {
        match groups.iter_mut().find(|g| g.iter().any(|other| together(item, other))) {
            Some(group) => group.push(item),
            None => groups.push(vec![item]),
        }
    }
    groups.into_iter().map(|group| improvement(capability, &group, judged, total)).collect()
}

fn improvement(capability: &str, group: &[&Item], judged: &Judged, total: &HarmWhileDue) -> Improvement {
    // The item that speaks for the group comes first: a legal clock, then the plan's step, then
    // the rest, so the corrective action and its owner are the plan's.
    let mut group = group.to_vec();
    group.sort_by_key(|i| match i.subject {
        Subject::Clock { .. } => 0,
        Subject::Step { .. } => 1,
        Subject::Escalation { .. } => 2,
        _ => 3,
    });
    // The group's cause is its most basic one: nothing done before done wrong before done late.
    let cause = group.iter().map(|i| i.cause).min_by_key(|c| rank(*c)).unwrap_or(Cause::Slow);
    let from = group.iter().filter_map(|i| i.overdue).map(|(from, _)| from).min();
    let until = group.iter().filter_map(|i| i.overdue).map(|(_, until)| until).max();
    let harm =
        from.zip(until).map_or(HarmWhileDue::default(), |(f, u)| judged.facts.harm_between(judged.scenario, f, u));
    // A legal deadline missed or met late is exposure whatever the harm.
    let legal = group.iter().any(|i| matches!(i.subject, Subject::Clock { .. }));
    Improvement {
        capability: capability.into(),
        evidence: group.iter().map(|i| i.evidence()).collect(),
        cause,
        element: element(cause),
        owner: judged.plan.acting_role(&group[0].owner).unwrap_or("incident_commander").to_string(),
        priority: if legal { Priority::High } else { priority(&harm, total) },
        harm_while_due: harm,
    }
}

/// Which cause speaks for a group: the most basic first.
fn rank(cause: Cause) -> u8 {
    match cause {
        Cause::NoAlert => 0,
        Cause::NotDone => 1,
        Cause::Staffing => 2,
        Cause::WrongTarget => 3,
        Cause::Misjudged => 4,
        Cause::Slow => 5,
    }
}

/// The HSEEP element a cause belongs to.
fn element(cause: Cause) -> Element {
    match cause {
        Cause::NoAlert => Element::Equipment,
        Cause::Staffing => Element::Organization,
        Cause::NotDone => Element::Plan,
        Cause::WrongTarget | Cause::Slow | Cause::Misjudged => Element::Training,
    }
}

/// High when a tenth or more of the run's records, encrypted hosts or critical downtime (`total`)
/// came while it was overdue; medium when some harm did; low when none did.
fn priority(harm: &HarmWhileDue, total: &HarmWhileDue) -> Priority {
    let share = |part: u64, whole: u64| if whole == 0 { 0.0 } else { part as f64 / whole as f64 };
    let most = share(harm.records, total.records)
        .max(share(harm.hosts_encrypted, total.hosts_encrypted))
        .max(share(harm.critical_downtime, total.critical_downtime));
    match most {
        m if m >= 0.1 => Priority::High,
        m if m > 0.0 => Priority::Medium,
        _ => Priority::Low,
    }
}
