//! Checks each inject's structured expectations: a target of the kind its action acts on, a
//! party or roles only where the action takes them, catalogue roles, a time to respond, and a
//! bounded count.

use super::Known;
use super::msel::check_roles;
use crate::action::ActionKind;
use crate::checks::{Findings, Ids, clip};
use crate::role;
use crate::scenario::limits::MAX_EXPECTATIONS;
use crate::scenario::model::{Expectation, Scenario};
use crate::source::locate::FieldPath;
use std::collections::BTreeMap;

/// What each kind of action may target, worked out once per kind for the whole file.
pub(super) type Targets<'a> = BTreeMap<ActionKind, Option<(&'static str, Ids<'a>)>>;

/// Checks the expectations of one inject at `path` (its `expects` field).
pub(super) fn check<'a>(
    scenario: &'a Scenario,
    known: &Known<'a>,
    targets: &mut Targets<'a>,
    path: &FieldPath,
    expects: &[Expectation],
    findings: &mut Findings,
) {
    findings.at_most(path.clone(), "expectations", expects.len() as u64, MAX_EXPECTATIONS);
    let roles: Ids = role::ids().collect();
    for (i, expectation) in expects.iter().take(MAX_EXPECTATIONS as usize).enumerate() {
        let at = path.index(i);
        let kind = expectation.action;
        if let Some(target) = &expectation.target {
            let accepted = targets
                .entry(kind)
                .or_insert_with(|| scenario.action_targets(kind).map(|(what, ids)| (what, ids.into_iter().collect())));
            check_target(known, accepted.as_ref(), at.field("target"), kind, target, findings);
        }
        if expectation.notify.is_some() && kind != ActionKind::Notify {
            misplaced(findings, at.field("notify"), "notify", kind, "Notify");
        }
        if !expectation.to.is_empty() {
            if kind != ActionKind::Escalate {
                misplaced(findings, at.field("to"), "to", kind, "Escalate");
            }
            findings.at_most(at.field("to"), "roles", expectation.to.len() as u64, roles.len() as u64);
            check_roles(findings, &at.field("to"), &expectation.to);
        }
        if let Some(role) = &expectation.role {
            findings.reference(at.field("role"), "role", role, &roles);
        }
        findings.duration(at.field("within"), "time to respond", &expectation.within, true);
    }
}

/// A target must be a declared thing of the kind the action acts on.
fn check_target(
    known: &Known,
    accepted: Option<&(&'static str, Ids)>,
    at: FieldPath,
    kind: ActionKind,
    target: &str,
    findings: &mut Findings,
) {
    let Some((what, ids)) = accepted else {
        findings.error(at, "no-target", format!("{kind:?} does not act on a thing of the scenario")).hint(Some(
            match kind {
                ActionKind::Notify => "name the party with `notify: SupervisoryAuthority`, not `target`".into(),
                ActionKind::Escalate => "name the roles to brief with `to: [\"legal\"]`, not `target`".into(),
                _ => "drop the `target`".into(),
            },
        ));
        return;
    };
    if ids.contains(target) {
        return;
    }
    match known.kind_of(target) {
        Some(other) => {
            findings.error(
                at,
                "wrong-target-kind",
                format!("`{}` is a {other}, but {kind:?} acts on a {what}", clip(target)),
            );
        }
        None => {
            findings.reference(at, what, target, ids);
        }
    }
}

fn misplaced(findings: &mut Findings, at: FieldPath, field: &str, kind: ActionKind, wanted: &str) {
    findings
        .error(at, "misplaced-field", format!("`{field}` applies to a {wanted} expectation, not to {kind:?}"))
        .hint(Some(format!("drop `{field}`, or make the action `{wanted}`")));
}
