//! The situation manual the players get: what the exercise is for, the starting situation as
//! the organisation knows it, the rules of play, who plays, and the injects they will see with
//! their discussion questions. It holds nothing of the truth: no adversary, stages, detections,
//! indicators, vulnerabilities or the fate of backups, and no inject's notes, expected actions,
//! reveals or trigger.

use super::wording::{
    OBJECTIVE_HEAD, clock_time, from_to, objective_rows, role_name, roles, scenario_time, table, words,
};
use crate::duration::HumanDuration;
use crate::plan::model::Plan;
use crate::report::document::Document;
use crate::scenario::model::{DataClass, Inject, Scenario};

/// The rules of play, the same for every exercise.
const RULES: &[&str] = &[
    "No fault: the exercise tests the plan and the organisation, not the people in the room.",
    "Play as you would on the day, with the people, tools and authority you really have.",
    "The facilitator keeps the scenario clock; it may jump ahead between injects.",
    "Injects arrive from the facilitator at their time, or when the situation calls for them.",
    "Decide by role: say who decides what, and the facilitator records it.",
    "Discuss the questions aloud; there are no trick questions and no wrong answers.",
    "Assume what is not stated is as it is in real life; ask the facilitator when in doubt.",
    "The facilitator may pause the clock for discussion; time out of play is not counted.",
];

/// The situation manual of `s` played against `plan`.
pub fn document(s: &Scenario, plan: &Plan) -> Document {
    let mut doc = Document { title: format!("Situation manual — {}", s.title), ..Document::default() };
    doc.paragraph(format!(
        "For the players. A tabletop exercise in the {:?} mission area, played under the response plan \"{}\", \
         version {} ({}).",
        s.exercise.mission_area, plan.title, plan.version, plan.organisation
    ));
    purpose(&mut doc, s);
    situation(&mut doc, s);
    doc.page_break();
    doc.heading(2, "How the exercise runs");
    doc.heading(3, "Rules of play");
    doc.list(RULES.iter().map(|r| r.to_string()).collect());
    participants(&mut doc, plan);
    modules(&mut doc, s);
    doc
}

fn purpose(doc: &mut Document, s: &Scenario) {
    // On the first page, with the title.
    doc.heading(3, "Scope and objectives");
    if !s.exercise.scope.is_empty() {
        doc.paragraph(s.exercise.scope.clone());
    }
    table(doc, &OBJECTIVE_HEAD, objective_rows(&s.exercise.objectives));
}

/// The organisation as its own people know it at the start: the time, the network, the data and
/// the services; backups by what they cover and how long a restore takes.
fn situation(doc: &mut Document, s: &Scenario) {
    let env = &s.environment;
    doc.page_break();
    doc.heading(2, "The starting situation");
    if !s.exercise.briefing.is_empty() {
        doc.paragraph(s.exercise.briefing.clone());
    }
    let hours = &s.clock.business_hours;
    let days: Vec<&str> = hours.days.iter().map(|d| d.short()).collect();
    doc.paragraph(format!(
        "The exercise starts {}. Business hours are {}–{} on {}.",
        clock_time(s, 0),
        hours.opens,
        hours.closes,
        days.join(" ")
    ));
    let segments = env.segments.iter().map(|segment| {
        let groups: Vec<String> = segment
            .hosts
            .iter()
            .map(|g| format!("{} × {}", g.count, if g.name.is_empty() { words(&g.kind) } else { g.name.clone() }))
            .collect();
        let exposed = if segment.internet_facing { ", reachable from the internet" } else { "" };
        vec![segment.name.clone(), format!("{}{exposed}", groups.join("; "))]
    });
    table(doc, &["Network segment", "Systems"], segments.collect());
    let services = env.services.iter().map(|x| {
        let on: Vec<String> = x.depends_on.iter().map(|id| segment_name(s, id)).collect();
        vec![x.name.clone(), on.join(", "), if x.critical { "yes".into() } else { String::new() }]
    });
    table(doc, &["Business service", "Runs on", "Critical"], services.collect());
    let data = env.data_stores.iter().map(|d| {
        let classes = d.classes.iter().map(|c| match c {
            DataClass::Pii => "PII".to_string(),
            DataClass::Phi => "PHI".to_string(),
            other => words(other),
        });
        let classes: Vec<String> = classes.collect();
        vec![d.name.clone(), segment_name(s, &d.segment), format!("{} records: {}", d.records, classes.join(", "))]
    });
    table(doc, &["Data", "Held in", "What"], data.collect());
    let backups = env.backups.iter().map(|b| {
        let covers: Vec<String> = b.covers.iter().map(|id| segment_name(s, id)).collect();
        vec![b.name.clone(), covers.join(", "), b.restore_time.0.clone()]
    });
    table(doc, &["Backup", "Covers", "A restore takes"], backups.collect());
}

fn segment_name(s: &Scenario, id: &str) -> String {
    s.environment.segments.iter().find(|x| x.id == id).map_or_else(|| id.to_string(), |x| x.name.clone())
}

/// The roles the plan staffs, who fills them and how soon they can act.
fn participants(doc: &mut Document, plan: &Plan) {
    doc.heading(3, "Participants");
    let rows = plan.roles.iter().map(|r| {
        let within = |(min, max): &(HumanDuration, HumanDuration)| format!("{}–{}", min.0, max.0);
        let covers = if r.covers.is_empty() { String::new() } else { format!("also for: {}", roles(&r.covers)) };
        vec![role_name(&r.role), r.roster.join(", "), within(&r.business_hours), within(&r.off_hours), covers]
    });
    table(doc, &["Role", "Who", "Responds in business hours", "Responds off hours", "Covers"], rows.collect());
}

/// The injects the players will see: those at a fixed time by the day on the scenario's
/// calendar, then the ones that come only if something happens, in the MSEL's order.
/// The injects the players will see whatever happens — those at a fixed time — module by module
/// (one per day on the scenario's clock). A conditional inject comes only if the attack or the
/// team makes it happen, so printing it would tell the players what is coming: the manual only
/// says how many there are, and the facilitator hands each out when it fires.
fn modules(doc: &mut Document, s: &Scenario) {
    let mut heading = String::new();
    let mut module = 0;
    let mut conditional = 0;
    for (at, inject) in super::wording::ordered(s) {
        let Some(secs) = at else {
            conditional += 1;
            continue;
        };
        let this = clock_time(s, secs).rsplit_once(' ').map_or_else(String::new, |(day, _)| day.to_string());
        if module == 0 || this != heading {
            module += 1;
            doc.page_break();
            doc.heading(2, format!("Module {module}: {this}"));
            heading = this;
        }
        show(doc, s, secs, inject);
    }
    if conditional > 0 {
        doc.heading(3, "As the incident unfolds");
        doc.paragraph(format!(
            "{} more {} may arrive during the exercise, depending on what happens and what you decide. The \
             facilitator hands each out when it comes.",
            conditional,
            if conditional == 1 { "message" } else { "messages" }
        ));
    }
}

fn show(doc: &mut Document, s: &Scenario, at: u64, inject: &Inject) {
    doc.heading(3, inject.title.clone());
    let when = format!("{} ({})", clock_time(s, at), scenario_time(at));
    doc.paragraph(format!("{when} · {} · {}", from_to(inject), words(&inject.channel)));
    doc.paragraph(inject.text.clone());
    if !inject.questions.is_empty() {
        doc.paragraph("To discuss:");
        doc.list(inject.questions.clone());
    }
}
