//! The exercise's design: its scope, and objectives with unique ids, each tied to at least one
//! capability; every inject's `objective` names one of them. Objectives are optional: a scenario
//! with none gets a report that rates capabilities but no objective.

use super::Scenario;
use crate::checks::Findings;
use crate::source::locate::FieldPath;

pub fn check(scenario: &Scenario, findings: &mut Findings) {
    let path = FieldPath::root().field("exercise");
    let design = &scenario.exercise;
    findings.text(path.field("scope"), "scope", &design.scope, false);
    findings.text(path.field("briefing"), "briefing", &design.briefing, false);
    let objectives_path = path.field("objectives");
    let ids = findings.declared(&objectives_path, "objective", &design.objectives);
    for (i, objective) in design.objectives.iter().enumerate() {
        let at = objectives_path.index(i);
        findings.text(at.field("text"), "objective text", &objective.text, true);
        if objective.capabilities.is_empty() {
            findings
                .error(
                    at.field("capabilities"),
                    "missing-capabilities",
                    "an objective is rated from at least one capability",
                )
                .hint(Some("e.g. `capabilities: [Detection, Analysis]`".into()));
        }
    }
    for (i, inject) in scenario.injects.iter().enumerate() {
        if let Some(objective) = &inject.objective {
            findings.reference(
                FieldPath::root().field("injects").index(i).field("objective"),
                "objective",
                objective,
                &ids,
            );
        }
    }
}
