//! Whether what a decisions file addresses to roles reaches someone under a plan: a warning at
//! each catalogue role the plan neither staffs nor covers.

use super::model::Plan;
use crate::checks::Findings;
use crate::role;
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
