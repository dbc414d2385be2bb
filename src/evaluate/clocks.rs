//! Notification clocks: which bind the organisation (its jurisdictions and sector), when each
//! started, its deadline — elapsed hours, calendar days, or business days that skip weekends and
//! the plan's holidays — and when the party was told.

use super::adherence::judge;
use super::facts::Facts;
use super::model::{ClockOutOfScope, ClockResult, Status};
use crate::action::Action;
use crate::calendar::{Date, DateTime};
use crate::plan::model::{Deadline, NotificationClock, Plan};
use crate::scenario::model::Scenario;

/// The plan's clocks that do not bind an organisation of this sector and these jurisdictions.
pub fn out_of_scope(plan: &Plan, scenario: &Scenario) -> Vec<ClockOutOfScope> {
    let binds = |c: &&NotificationClock| c.applies(scenario.sector, &scenario.jurisdictions);
    (plan.clocks.iter().filter(|c| !binds(c)))
        .map(|c| ClockOutOfScope {
            id: c.id.clone(),
            regulation: c.regulation.clone(),
            jurisdictions: c.jurisdictions.clone(),
            sectors: c.sectors.clone(),
        })
        .collect()
}

/// Every clock of the plan that binds the organisation, against a run that started at `start`.
pub fn clocks(plan: &Plan, scenario: &Scenario, facts: &Facts, start: DateTime) -> Vec<ClockResult> {
    plan.clocks
        .iter()
        .filter(|clock| clock.applies(scenario.sector, &scenario.jurisdictions))
        .map(|clock| {
            let started = facts.first_seen(&clock.starts);
            let deadline = started.map(|s| deadline(&clock.deadline, start, s, plan));
            let notified = started
                .and_then(|s| facts.done_since(s, |d| matches!(d.action, Action::Notify(p) if p == clock.notify)))
                .map(|d| d.time);
            let (status, margin) = match deadline {
                None => (Status::NotTriggered, None),
                Some(due) => match judge(due, notified, facts.incident_end()) {
                    (Status::Met, _) => (Status::Met, notified.map(|n| due.saturating_sub(n))),
                    other => other,
                },
            };
            let assessed_at = started.and_then(|s| assessment(plan, facts, s));
            ClockResult {
                id: clock.id.clone(),
                regulation: clock.regulation.clone(),
                notify: clock.notify,
                started_at: started,
                deadline,
                deadline_local: deadline.map(|d| local(start, d)),
                notified_at: notified,
                margin,
                status,
                assessed_at,
            }
        })
        .collect()
}

/// When, at or after `from`, the team started assessing a notification: an escalation to legal
/// or the DPO (or the role covering them) took effect, or one of them took a decision.
fn assessment(plan: &Plan, facts: &Facts, from: u64) -> Option<u64> {
    let assessor =
        |r: &str| ["legal", "dpo"].iter().any(|a| plan.acting_role(a).is_some_and(|x| Some(x) == plan.acting_role(r)));
    facts.engaged_since(from, assessor).map(|d| d.time)
}

/// A deadline as local time; one at midnight reads as the end of the day before
/// (`end of Thu 2026-03-19`), as business-day rules are written.
fn local(start: DateTime, seconds: u64) -> String {
    let at = start.plus_seconds(seconds);
    if at.minute_of_day == 0 {
        let day = Date::from_days_since_epoch(at.date.days_since_epoch() - 1);
        format!("end of {} {day}", day.weekday().short())
    } else {
        at.to_string()
    }
}

/// The deadline, in seconds since the run's start, of a clock that started at `started`.
pub fn deadline(rule: &Deadline, start: DateTime, started: u64, plan: &Plan) -> u64 {
    match rule {
        Deadline::After(duration) => started.saturating_add(duration.seconds().unwrap_or(0)),
        Deadline::CalendarDays(days) => started.saturating_add(u64::from(*days) * 86_400),
        Deadline::BusinessDays(days) => {
            // The end of the `days`-th business day after the day the clock started.
            let holidays: Vec<Date> = plan.holidays.iter().filter_map(|h| Date::parse(h).ok()).collect();
            let is_business = |d: Date| plan.business_hours.days.contains(&d.weekday()) && !holidays.contains(&d);
            let mut day = start.plus_seconds(started).date.days_since_epoch();
            let mut counted = 0;
            while counted < *days {
                day += 1;
                if is_business(Date::from_days_since_epoch(day)) {
                    counted += 1;
                }
                if day - start.date.days_since_epoch() > 3_660 {
                    break; // no business days at all in ten years: a plan with no working days
                }
            }
            let start_minute = start.date.days_since_epoch() * 1_440 + i64::from(start.minute_of_day);
            let end_minute = (day + 1) * 1_440;
            end_minute.saturating_sub(start_minute).max(0) as u64 * 60
        }
    }
}
