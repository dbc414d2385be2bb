//! Each inject's structured expectations judged met, late or missed from its delivery, by the
//! same evidence rules as plan steps; an inject never delivered leaves its expectations unjudged.

use super::adherence::{Asked, done, judge};
use super::facts::Facts;
use super::model::{ExpectationResult, Status};
use crate::plan::model::Plan;
use crate::scenario::model::Scenario;

/// Every expectation of every inject, in MSEL order.
pub fn expectations(scenario: &Scenario, plan: &Plan, facts: &Facts) -> Vec<ExpectationResult> {
    let mut results = Vec::new();
    for inject in &scenario.injects {
        let delivered = facts.delivered.get(&inject.id).copied();
        for expectation in &inject.expects {
            let asked = Asked {
                action: expectation.action,
                target: expectation.target.as_deref(),
                aimed: None,
                notify: expectation.notify,
                to: &expectation.to,
                role: expectation.role.as_deref(),
            };
            let due = delivered.map(|d| d.saturating_add(expectation.within.seconds().unwrap_or(0)));
            let evidence = delivered.and_then(|d| done(plan, facts, d, &asked));
            let (status, late_by) = match due {
                Some(due) => judge(due, evidence.map(|e| e.time), facts.incident_end()),
                None => (Status::NotTriggered, None),
            };
            results.push(ExpectationResult {
                inject: inject.id.clone(),
                expected: expectation.words(),
                action: expectation.action,
                role: expectation.role.clone(),
                delivered_at: delivered,
                due,
                done_at: evidence.map(|e| e.time),
                done_by: evidence.map(|e| e.role.clone()),
                late_by,
                status,
            });
        }
    }
    results
}
