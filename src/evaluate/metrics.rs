//! The time metrics, each defined once here: its name, its formula and its target. A metric
//! whose end point never happened is "not reached", never zero.

use super::facts::Facts;
use super::model::{Metric, Status};
use crate::action::ActionKind;
use crate::plan::model::{Plan, Targets};
use crate::timeline::Situation;

/// Which plan target a metric is held against.
type TargetOf = fn(&Targets) -> Option<&crate::duration::HumanDuration>;

struct Definition {
    id: &'static str,
    name: &'static str,
    formula: &'static str,
    target: Option<TargetOf>,
    measure: fn(&Facts) -> (Option<u64>, Option<u64>),
    /// Whether it measures a state of the adversary's presence: with no compromise at all there
    /// is nothing to contain, eradicate or recover from, and it is not triggered.
    needs_compromise: bool,
}

const CONTAINED: fn(&Situation) -> bool = Situation::contained;

/// Every time metric, in the order the report shows them.
const DEFINITIONS: &[Definition] = &[
    Definition {
        id: "detect",
        name: "Time to detect",
        formula: "first compromise (the adversary's first successful stage) → detection: the team's first decision (a custom note does not count) at or after both the compromise and a signal (an alert, or an inject that reports the incident or shows something of the attack)",
        target: Some(|t| t.detect.as_ref()),
        measure: |f| (f.first_compromise, f.first_detection()),
        needs_compromise: true,
    },
    Definition {
        id: "acknowledge",
        name: "Time to acknowledge",
        formula: "first signal (an alert, or an inject that reports the incident or shows something of the attack) → the team's first decision at or after it (a custom note does not count)",
        target: Some(|t| t.acknowledge.as_ref()),
        measure: |f| (f.first_signal(), f.first_response()),
        needs_compromise: false,
    },
    Definition {
        id: "classify",
        name: "Time to classify",
        formula: "first signal → first severity classification",
        target: Some(|t| t.classify.as_ref()),
        measure: |f| (f.first_signal(), f.first_decision(ActionKind::ClassifySeverity).map(|d| d.time)),
        needs_compromise: false,
    },
    Definition {
        id: "escalate",
        name: "Time to escalate",
        formula: "first signal → first escalation to a role",
        target: Some(|t| t.escalate.as_ref()),
        measure: |f| (f.first_signal(), f.first_decision(ActionKind::Escalate).map(|d| d.time)),
        needs_compromise: false,
    },
    Definition {
        id: "contain",
        name: "Time to contain",
        formula: "first signal → the moment from which the adversary holds no foothold host and no working account, to the end",
        target: Some(|t| t.contain.as_ref()),
        measure: |f| (f.first_signal(), f.holds_from(CONTAINED)),
        needs_compromise: true,
    },
    Definition {
        id: "contain_from_compromise",
        name: "Time to contain, from compromise",
        formula: "first compromise → contained (as above)",
        target: None,
        measure: |f| (f.first_compromise, f.holds_from(CONTAINED)),
        needs_compromise: true,
    },
    Definition {
        id: "eradicate",
        name: "Time to eradicate",
        formula: "first signal → the moment from which no host is compromised or encrypted and no account held, to the end",
        target: Some(|t| t.eradicate.as_ref()),
        measure: |f| (f.first_signal(), f.holds_from(Situation::eradicated)),
        needs_compromise: true,
    },
    Definition {
        id: "recover",
        name: "Time to recover",
        formula: "first signal → eradicated and every business service back, to the end",
        target: Some(|t| t.recover.as_ref()),
        measure: |f| (f.first_signal(), f.holds_from(Situation::recovered)),
        needs_compromise: true,
    },
    Definition {
        id: "dwell",
        name: "Dwell time",
        formula: "first compromise → eradicated: how long the adversary was present",
        target: None,
        measure: |f| (f.first_compromise, f.holds_from(Situation::eradicated)),
        needs_compromise: true,
    },
];

/// Where a metric comes in the order the report shows them (unknown ids last).
pub fn position(id: &str) -> usize {
    DEFINITIONS.iter().position(|d| d.id == id).unwrap_or(DEFINITIONS.len())
}

/// The plan's time targets, each with the name of the metric held against it, in the report's
/// order.
pub fn targets(targets: &Targets) -> Vec<(&'static str, &crate::duration::HumanDuration)> {
    DEFINITIONS.iter().filter_map(|def| Some((def.name, def.target?(targets)?))).collect()
}

/// Measures every metric of a run against the plan's targets.
pub fn measure(facts: &Facts, plan: &Plan) -> Vec<Metric> {
    DEFINITIONS
        .iter()
        .map(|def| {
            let (from, to) = (def.measure)(facts);
            let value = from.zip(to).map(|(from, to)| to.saturating_sub(from));
            let target = def.target.and_then(|t| t(&plan.targets)).and_then(|d| d.seconds().ok());
            let status = match (value, target) {
                _ if def.needs_compromise && facts.first_compromise.is_none() => Status::NotTriggered,
                (None, _) => Status::NotReached,
                (Some(_), None) => Status::NoTarget,
                (Some(v), Some(t)) if v <= t => Status::Met,
                (Some(_), Some(_)) => Status::Late,
            };
            Metric { id: def.id.into(), name: def.name.into(), formula: def.formula.into(), value, target, status }
        })
        .collect()
}
