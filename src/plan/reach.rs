//! Whether what a scenario or decisions file addresses to roles reaches someone under a plan:
//! a warning at each catalogue role the plan neither staffs nor covers.

use super::model::Plan;
use crate::checks::Findings;
use crate::role;
use crate::scenario::model::{Alert, Scenario};
use crate::source::locate::FieldPath;

/// Warns when `role`, a catalogue role, is one `plan` neither staffs nor covers. `addressed` says
/// what is addressed to it ("inject `h11` goes to"), `outcome` what follows in a run ("" when
/// the message says it). Ids outside the catalogue are left to the file's own checks.
pub fn check_reached(findings: &mut Findings, at: FieldPath, plan: &Plan, role: &str, addressed: &str, outcome: &str) {
    if role::find(role).is_none() || plan.acting_role(role).is_some() {
        return;
    }
    let message = format!("{addressed} `{role}`, which plan `{}` neither staffs nor covers{outcome}", plan.id);
    findings
        .warn(at, "role-not-covered", message)
        .hint(Some(format!("in the plan, list `{role}` under `covers` of the staffed role that does its work")));
}

/// Every inject and alert of `scenario` addressed to a role one of `plans` neither staffs nor
/// covers, located in the scenario; capped like any file's findings, however many plans.
pub fn check_scenario_reach(scenario: &Scenario, plans: &[Plan]) -> Findings {
    let mut findings = Findings::default();
    for plan in plans {
        check_reach(scenario, plan, &mut findings);
    }
    findings
}

fn check_reach(scenario: &Scenario, plan: &Plan, findings: &mut Findings) {
    let root = FieldPath::root();
    for (i, detection) in scenario.detections.iter().enumerate() {
        let at = root.field("detections").index(i).field("alert");
        if detection.alert.to.is_empty() {
            let addressed = format!("the alert of detection `{}` names no `to`, so it goes to", detection.id);
            check_reached(findings, at.clone(), plan, Alert::DEFAULT_RECIPIENT, &addressed, "");
        }
        let addressed = format!("the alert of detection `{}` goes to", detection.id);
        for (j, role) in detection.alert.to.iter().enumerate() {
            check_reached(findings, at.field("to").index(j), plan, role, &addressed, "");
        }
    }
    for (i, inject) in scenario.injects.iter().enumerate() {
        let at = root.field("injects").index(i).field("to");
        let addressed = format!("inject `{}` goes to", inject.id);
        for (j, role) in inject.to.iter().enumerate() {
            check_reached(findings, at.index(j), plan, role, &addressed, "");
        }
    }
}
