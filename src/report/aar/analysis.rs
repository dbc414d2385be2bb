//! The objectives and the analysis of each capability. Each objective is rated from the
//! capabilities it is tied to; each capability lists its strengths and areas for improvement in
//! words, each citing its evidence (what was due, when it was done, against which plan step,
//! escalation, clock or target) and, for a shortfall, the corrective action, then its rating and
//! the rule that gave it.

use super::super::document::Document;
use super::letter;
use crate::evaluate::Evaluation;
use crate::evaluate::model::{Letter, Rating, Verdict};
use crate::scenario::model::Scenario;
use crate::wording::{corrective_action, evidence};

/// The rule an objective is rated by, as the report states it.
const OBJECTIVE_RULE: &str = "an objective takes the worst rating among its capabilities that were observed; \
                              N/A when none was";

pub(super) fn objectives(doc: &mut Document, scenario: &Scenario, evaluation: &Evaluation) {
    doc.heading(2, "Objectives");
    let objectives = &scenario.exercise.objectives;
    if objectives.is_empty() {
        doc.paragraph(
            "The scenario declares no exercise objectives, so none is rated here; the capabilities are analysed below.",
        );
        return;
    }
    let rows = objectives
        .iter()
        .map(|o| {
            let ratings: Vec<&Rating> = o
                .capabilities
                .iter()
                .filter_map(|c| evaluation.ratings.iter().find(|r| r.capability == c.id()))
                .collect();
            let rated = ratings.iter().map(|r| r.rating).filter(|l| *l != Letter::NotApplicable).max();
            let by: Vec<String> = ratings.iter().map(|r| format!("{} {}", r.name, r.rating.short())).collect();
            let csf: Vec<String> = o.csf.iter().map(|f| format!("{f:?}")).collect();
            vec![
                o.text.clone(),
                by.join(", "),
                if csf.is_empty() { "—".into() } else { csf.join(", ") },
                letter(rated.unwrap_or(Letter::NotApplicable)).into(),
            ]
        })
        .collect();
    doc.table(&["objective", "capabilities", "NIST CSF 2.0", "rating"], rows);
    doc.paragraph(format!("Rule: {OBJECTIVE_RULE}."));
}

pub(super) fn capabilities(doc: &mut Document, evaluation: &Evaluation) {
    doc.heading(2, "Analysis of capabilities");
    if let Some(rule) = evaluation.ratings.first().map(|r| &r.rule) {
        doc.paragraph(format!(
            "Each capability is rated with HSEEP's letters from its items below, by one rule: {rule}."
        ));
    }
    for rating in &evaluation.ratings {
        doc.heading(3, format!("{}: {}", rating.name, letter(rating.rating)));
        if rating.evidence.is_empty() {
            doc.paragraph(format!(
                "Not observed: nothing the plan or the scenario asks of {} fell due in this drill.",
                rating.name.to_lowercase()
            ));
            continue;
        }
        let strengths: Vec<String> =
            rating.evidence.iter().filter(|e| e.verdict == Verdict::OnTime).map(|e| evidence(e, evaluation)).collect();
        let shortfalls: Vec<String> =
            rating.evidence.iter().filter(|e| e.verdict != Verdict::OnTime).map(|e| evidence(e, evaluation)).collect();
        if strengths.is_empty() {
            doc.paragraph("Strengths: none observed; nothing in this capability was done on time.");
        } else {
            doc.paragraph("Strengths:");
            doc.list(strengths);
        }
        if shortfalls.is_empty() {
            doc.paragraph("Areas for improvement: none; everything due was done on time.");
        } else {
            doc.paragraph("Areas for improvement:");
            doc.list(shortfalls);
            let actions: Vec<String> = evaluation
                .improvements
                .iter()
                .filter(|i| i.capability == rating.capability)
                .map(|i| format!("{} (owner {}, {:?} priority)", corrective_action(i, evaluation), i.owner, i.priority))
                .collect();
            if !actions.is_empty() {
                doc.paragraph("Corrective actions (in the improvement plan):");
                doc.list(actions);
            }
        }
        doc.paragraph(format!("Rating {}: {}.", rating.rating.short(), clause(rating.rating)));
    }
}

/// The clause of the rating rule that gave `letter`.
fn clause(letter: Letter) -> &'static str {
    match letter {
        Letter::P => "every item was on time",
        Letter::S => "an item was late, none missed",
        Letter::M => "an item was missed, or took more than twice its time",
        Letter::U => "every item was missed",
        Letter::NotApplicable => "nothing was due",
    }
}
