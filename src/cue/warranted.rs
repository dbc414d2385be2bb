//! The severity the plan's criteria give what the players were shown: the awareness that starts
//! a clock such as NIS2's "significant incident", judged on what one visible event shows — not on
//! the truth, and not on the team's own declaration. Counts the players cannot see (hosts
//! encrypted, records out) are met only by an alert or inject that shows them.

use super::revealed::Revealed;
use crate::action::Severity;
use crate::plan::model::{Criterion, Plan};
use crate::scenario::model::Scenario;
use crate::timeline::EventKind;
use std::collections::BTreeSet;

/// A plan's severity matrix, with what the scenario says its criteria refer to.
#[derive(Debug, Clone, Default)]
pub struct Matrix {
    criteria: Vec<(Severity, Criterion)>,
    critical_services: BTreeSet<String>,
    privileged_accounts: BTreeSet<String>,
    /// Injects that report the incident: each confirms it.
    reports: BTreeSet<String>,
}

impl Matrix {
    pub fn new(scenario: &Scenario, plan: &Plan) -> Matrix {
        let env = &scenario.environment;
        Matrix {
            criteria: plan.severity.iter().flat_map(|l| l.criteria.iter().map(|c| (l.level, c.clone()))).collect(),
            critical_services: env.services.iter().filter(|s| s.critical).map(|s| s.id.clone()).collect(),
            privileged_accounts: env.accounts.iter().filter(|a| a.privileged).map(|a| a.id.clone()).collect(),
            reports: scenario.injects.iter().filter(|i| i.reports_incident).map(|i| i.id.clone()).collect(),
        }
    }

    /// Whether what `event` shows (with `shown`, what its alert or inject reveals) meets a
    /// criterion of `level` or worse.
    pub fn warrants(&self, level: Severity, event: &EventKind, shown: Option<&Revealed>) -> bool {
        let shown = |f: &dyn Fn(&Revealed) -> bool| shown.is_some_and(f);
        let meets = |criterion: &Criterion| match criterion {
            Criterion::HostsCompromised(n) => {
                matches!(event, EventKind::Finding { hosts, .. } if hosts.values().map(|h| u64::from(*h)).sum::<u64>() >= u64::from(*n))
            }
            Criterion::HostsEncrypted(n) => shown(&|r| r.encrypted >= u64::from(*n)),
            Criterion::RecordsExposed(n) => shown(&|r| r.records >= *n),
            Criterion::DataClassExposed(class) => shown(&|r| r.classes.contains(class)),
            Criterion::CriticalServiceDown => {
                matches!(event, EventKind::ServiceDown { service } if self.critical_services.contains(service))
            }
            Criterion::PrivilegedAccountCompromised => matches!(event, EventKind::Finding { accounts, .. }
                if accounts.iter().any(|a| self.privileged_accounts.contains(a))),
            Criterion::AlertSeverity(at_least) => {
                matches!(event, EventKind::AlertRaised { severity, .. } if severity >= at_least)
            }
            Criterion::Confirmed => match event {
                EventKind::AlertRaised { .. } => true,
                EventKind::InjectDelivered { inject, .. } => self.reports.contains(inject),
                _ => false,
            },
        };
        self.criteria.iter().any(|(l, c)| *l <= level && meets(c))
    }
}
