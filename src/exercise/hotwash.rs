//! The hot wash at the console: the guide a facilitator reads out (how to record a strength, an
//! area for improvement or feedback, and the capabilities to file them under), and what has been
//! captured so far, grouped by capability.

use super::session::Session;
use super::style::Style;
use super::views::role_label;
use crate::evaluate::capabilities;
use crate::evaluate::model::{Remark, RemarkKind};
use crate::terminal::inert_line;

/// The guide, then what was captured so far.
pub fn guide(session: &Session, style: Style) -> String {
    let ended = session.is_ended();
    let mut out = vec![
        style.bold("Hot wash: each remark with the person or role it came from"),
        "  strength <capability> \"what went well\" --from <who>".into(),
        "  improve <capability> \"what to improve\" --from <who>".into(),
        "  feedback \"what they said about the exercise\" --from <who> [--on <capability>]".into(),
        format!("  capabilities: {}", capabilities().map(|(id, _)| id).collect::<Vec<_>>().join(", ")),
    ];
    out.push(captured(session, style));
    out.push(style.dim(if ended {
        "`done` writes the report with the hot wash; `ttx resume` can reopen it later"
    } else {
        "`done` closes the hot wash and the drill goes on; the clock stays where it is meanwhile"
    }));
    out.join("\n")
}

/// What the hot wash captured so far, by capability, then the feedback on none.
pub fn captured(session: &Session, style: Style) -> String {
    let remarks = session.room.hotwash();
    if remarks.is_empty() {
        return "captured so far: nothing".into();
    }
    let mut out = vec![format!("captured so far: {}", crate::wording::plural(remarks.len() as u64, "remark"))];
    let groups = capabilities().map(|(id, name)| (Some(id), name)).chain([(None, "The exercise")]);
    for (id, name) in groups {
        let here: Vec<&Remark> = remarks.iter().filter(|r| r.capability.as_deref() == id).collect();
        if here.is_empty() {
            continue;
        }
        out.push(format!("  {}", style.bold(name)));
        out.extend(here.iter().map(|r| format!("    {}", line(session, r))));
    }
    out.join("\n")
}

/// `improve: "…" — it_operations`
pub fn line(session: &Session, remark: &Remark) -> String {
    let kind = match remark.kind {
        RemarkKind::Strength => "strength",
        RemarkKind::Improvement => "improve",
        RemarkKind::Feedback => "feedback",
    };
    let from = if session.plan.acting_role(&remark.from).is_some() {
        role_label(session, &remark.from)
    } else {
        remark.from.clone()
    };
    inert_line(&format!("{kind}: \"{}\" — {from}", remark.text)).into_owned()
}
