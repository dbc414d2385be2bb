//! The improvement plan matrix (HSEEP): for each area for improvement, its capability, the
//! corrective action, the capability element, the responsible role and a named person from the
//! plan's roster, start and completion dates, and a status. Dates count from the report date —
//! the day the exercise was held, or for a drill played from a file (which has no real date) the
//! scenario's start date — so the same inputs always give the same plan. Also written as
//! `improvement-plan.csv` for a spreadsheet.

use super::super::document::Document;
use crate::calendar::Date;
use crate::evaluate::Evaluation;
use crate::evaluate::model::{Improvement, Priority, RemarkKind};
use crate::plan::model::Plan;
use crate::wording::{corrective_action, observation};

const HEAD: [&str; 10] = [
    "priority",
    "capability",
    "area for improvement",
    "corrective action",
    "capability element",
    "responsible role",
    "responsible person",
    "start",
    "completion",
    "status",
];

pub(super) fn matrix(doc: &mut Document, plan: &Plan, evaluation: &Evaluation) {
    doc.heading(2, "Improvement plan");
    let (date, from) = report_date(evaluation);
    let date = date.map_or("—".to_string(), |d| d.to_string());
    let rows = rows(plan, evaluation);
    if rows.is_empty() {
        doc.paragraph(
            "No corrective action is needed: nothing the plan or the scenario asked for was late or missed, and the \
             hot wash raised no area for improvement.",
        );
        return;
    }
    let raised = if evaluation.hotwash.iter().any(|r| r.kind == RemarkKind::Improvement) {
        ", the areas the room raised in the hot wash last"
    } else {
        ""
    };
    doc.paragraph(format!(
        "One corrective action per area for improvement{raised}. Dates count from {date} ({from}): high priority starts \
         within a week and is done within 30 days, medium within two weeks and 60 days, low within 30 and 90 days. \
         The same matrix is written as a CSV file for spreadsheets."
    ));
    doc.table(&HEAD, rows);
}

/// The matrix as CSV for a spreadsheet (see `crate::spreadsheet`).
pub fn csv(plan: &Plan, evaluation: &Evaluation) -> String {
    crate::spreadsheet::csv(&HEAD, &rows(plan, evaluation))
}

/// The evaluation's improvements, then each area for improvement the room raised in the hot wash
/// (medium priority; its corrective action, element and owner are for the after-action meeting).
fn rows(plan: &Plan, evaluation: &Evaluation) -> Vec<Vec<String>> {
    let (date, _) = report_date(evaluation);
    let mut rows: Vec<Vec<String>> = evaluation.improvements.iter().map(|i| row(plan, evaluation, i, date)).collect();
    let raised = evaluation.hotwash.iter().filter(|r| r.kind == RemarkKind::Improvement);
    rows.extend(raised.map(|remark| {
        let capability = remark
            .capability
            .as_ref()
            .and_then(|c| evaluation.ratings.iter().find(|r| &r.capability == c))
            .map_or("The exercise".to_string(), |r| r.name.clone());
        let (start, done) = dates(Priority::Medium, date);
        vec![
            "medium".into(),
            capability,
            format!("{} (raised in the hot wash by {})", remark.text, remark.from),
            "to be agreed at the after-action meeting".into(),
            "to be assigned".into(),
            "to be assigned".into(),
            "to be named".into(),
            start,
            done,
            "open".into(),
        ]
    }));
    rows
}

/// Start and completion dates for a priority, counted from `date`.
fn dates(priority: Priority, date: Option<Date>) -> (String, String) {
    let (start, done) = match priority {
        Priority::High => (7, 30),
        Priority::Medium => (14, 60),
        Priority::Low => (30, 90),
    };
    let after =
        |days: i64| date.map_or("—".into(), |d| Date::from_days_since_epoch(d.days_since_epoch() + days).to_string());
    (after(start), after(done))
}

fn row(plan: &Plan, evaluation: &Evaluation, improvement: &Improvement, date: Option<Date>) -> Vec<String> {
    let (start, done) = dates(improvement.priority, date);
    let capability = evaluation
        .ratings
        .iter()
        .find(|r| r.capability == improvement.capability)
        .map_or(improvement.capability.clone(), |r| r.name.clone());
    vec![
        format!("{:?}", improvement.priority).to_lowercase(),
        capability,
        observation(improvement, evaluation),
        corrective_action(improvement, evaluation),
        format!("{:?}", improvement.element),
        improvement.owner.clone(),
        person(plan, &improvement.owner),
        start,
        done,
        "open".into(),
    ]
}

/// The first name on the roster of the role that acts for `role`, or a reminder to name one.
fn person(plan: &Plan, role: &str) -> String {
    let acting = plan.acting_role(role).unwrap_or(role);
    let staffing = plan.roles.iter().find(|r| r.role == acting);
    staffing.and_then(|r| r.roster.first()).cloned().unwrap_or_else(|| "to be named".into())
}

/// The date the plan's dates count from, and where it comes from.
fn report_date(evaluation: &Evaluation) -> (Option<Date>, &'static str) {
    let run = &evaluation.run;
    // The day it started: a hot wash reopened days later does not move the plan.
    let held = run.held.as_ref().and_then(|h| Date::parse(h.started.get(..10)?).ok());
    match held {
        Some(date) => (Some(date), "the day the exercise was held"),
        None => (
            run.start.get(..10).and_then(|d| Date::parse(d).ok()),
            "the scenario's start date: a drill played from a file has no real date",
        ),
    }
}
