//! The controller and evaluator handbook, which the players never see: the synopsis and
//! objectives, the attack path with its indicators, weaknesses and detections, every inject with
//! what sets it off, what the players are expected to do and the facilitator's notes, the plan's
//! playbook steps being evaluated, and its capability targets.

use super::msel::{expected, objective};
use super::wording::{OBJECTIVE_HEAD, from_to, objective_rows, role_name, scenario_time, table, words};
use crate::library::show::{describe_countermeasure, describe_effect, describe_trigger};
use crate::plan::model::Plan;
use crate::report::document::Document;
use crate::scenario::model::{Scenario, Watch};

/// The handbook of `s` played against `plan`.
pub fn document(s: &Scenario, plan: &Plan) -> Document {
    let mut doc =
        Document { title: format!("Controller and evaluator handbook — {}", s.title), ..Document::default() };
    doc.paragraph(format!(
        "For controllers and evaluators only: do not hand it to the players. Scenario {} version {}, plan {} \
         version {}.",
        s.id, s.version, plan.id, plan.version
    ));
    // On the first page, with the title: printed, a level-2 heading starts a new page.
    doc.heading(3, "Synopsis and objectives");
    doc.paragraph(s.summary.clone());
    if !s.exercise.scope.is_empty() {
        doc.paragraph(format!("Scope: {}", s.exercise.scope));
    }
    table(&mut doc, &OBJECTIVE_HEAD, objective_rows(&s.exercise.objectives));
    attack_path(&mut doc, s);
    injects(&mut doc, s);
    evaluated(&mut doc, plan);
    doc
}

fn attack_path(doc: &mut Document, s: &Scenario) {
    let adversary = &s.adversary;
    doc.page_break();
    doc.heading(2, format!("Attack path: {}", adversary.name));
    if !adversary.description.is_empty() {
        doc.paragraph(adversary.description.clone());
    }
    let stages = adversary.stages.iter().enumerate().map(|(i, stage)| {
        let mut does: Vec<String> = stage.effects.iter().map(describe_effect).collect();
        if !stage.after.is_empty() {
            does.insert(0, format!("after {}", stage.after.join(", ")));
        }
        let stops: Vec<String> = stage.stopped_by.iter().map(describe_countermeasure).collect();
        vec![
            (i + 1).to_string(),
            format!("{} ({})", stage.name, stage.id),
            format!("{:?}, {}", stage.tactic, stage.technique),
            does.join("; "),
            stops.join("; "),
        ]
    });
    table(doc, &["#", "Stage", "Tactic, technique", "Does", "Stopped by"], stages.collect());
    let iocs = adversary.iocs.iter().map(|x| format!("{} ({:?}): {}", x.id, x.kind, x.value));
    let weaknesses =
        adversary.vulnerabilities.iter().map(|v| format!("{} ({}): on {}", v.id, v.name, v.groups.join(", ")));
    let artefacts: Vec<String> = iocs.chain(weaknesses).collect();
    if !artefacts.is_empty() {
        doc.heading(3, "Indicators and exploitable weaknesses");
        doc.list(artefacts);
    }
    let detections = s.detections.iter().map(|d| {
        let watches = match &d.watches {
            Watch::Stage(x) => format!("stage {x}"),
            Watch::Technique(x) => format!("technique {x}"),
        };
        vec![
            format!("{} ({})", d.id, d.alert.title),
            format!("{:?}", d.source),
            watches,
            format!("{:.0} %", d.chance * 100.0),
        ]
    });
    if !s.detections.is_empty() {
        doc.heading(3, "Detections");
    }
    table(doc, &["Detection (alert)", "Source", "Watches", "Chance per tick"], detections.collect());
}

/// Every inject as the controller runs it: when, what to look for, and the notes.
fn injects(doc: &mut Document, s: &Scenario) {
    doc.page_break();
    doc.heading(2, "Injects");
    for (i, (at, inject)) in super::wording::ordered(s).into_iter().enumerate() {
        doc.heading(3, format!("{}. {} ({})", i + 1, inject.title, inject.id));
        let when = match at {
            Some(secs) => format!("At {}", scenario_time(secs)),
            None => format!("Conditional: when {}", describe_trigger(&inject.trigger)),
        };
        doc.paragraph(format!("{when} · {} · {}", from_to(inject), words(&inject.channel)));
        let objective = objective(s, inject);
        if !objective.is_empty() {
            doc.paragraph(format!("Objective / capability: {objective}"));
        }
        let expected = expected(inject);
        if !expected.is_empty() {
            doc.paragraph("Expected player actions:");
            doc.list(expected);
        }
        if !inject.notes.is_empty() {
            doc.paragraph(format!("Facilitator notes: {}", inject.notes));
        }
    }
}

/// The plan's playbook steps and capability targets the evaluation holds the players to.
fn evaluated(doc: &mut Document, plan: &Plan) {
    doc.page_break();
    doc.heading(2, format!("Plan steps evaluated: {}", plan.title));
    for playbook in &plan.playbooks {
        doc.heading(3, format!("{} ({})", playbook.title, playbook.id));
        doc.paragraph(format!("Starts on: {:?}", playbook.trigger));
        let steps = playbook.steps.iter().map(|step| {
            vec![
                step.id.clone(),
                step.title.clone(),
                crate::action::kind_word(step.action).to_string(),
                role_name(&step.owner),
                step.within.0.clone(),
                step.after.join(", "),
            ]
        });
        table(doc, &["Step", "What", "Action", "Owner", "Within", "After"], steps.collect());
    }
    doc.page_break();
    doc.heading(2, "Capability targets");
    let targets = crate::evaluate::metric_targets(&plan.targets);
    table(
        doc,
        &["Metric", "Target"],
        targets.into_iter().map(|(name, d)| vec![name.to_string(), d.0.clone()]).collect(),
    );
}
