//! The outcome first: what the response saved against the same scenario, plan and seed with no
//! response at all — records, hosts, downtime, money — with the baseline beside it.

use super::super::document::Document;
use super::{count, letter, money};
use crate::duration::format_seconds;
use crate::evaluate::Evaluation;

/// What the response saved against doing nothing: the first thing a CISO asks.
pub(super) fn outcome(doc: &mut Document, evaluation: &Evaluation) {
    let (o, currency) = (&evaluation.outcome, &evaluation.run.currency);
    doc.heading(2, "Outcome: what the response saved");
    doc.paragraph(format!(
        "Against the same scenario, plan and seed with no response at all, the response averted {:.1} % of the \
         harm ({}), rated {} (P at 90 % averted or more, S at 60 %, M at 30 %, U below).",
        o.averted * 100.0,
        money((o.baseline.cost - o.team.cost).max(0.0), currency),
        letter(o.rating)
    ));
    let hours = |s: u64| format_seconds(s);
    let rows = vec![
        vec!["Records exfiltrated".into(), count(o.baseline.records), count(o.team.records)],
        vec!["Hosts encrypted (peak)".into(), count(o.baseline.hosts_encrypted), count(o.team.hosts_encrypted)],
        vec![
            "Critical-service downtime (added over services)".into(),
            hours(o.baseline.critical_downtime),
            hours(o.team.critical_downtime),
        ],
        vec![
            "Money stolen and not recovered".into(),
            money(o.baseline.funds_lost, currency),
            money(o.team.funds_lost, currency),
        ],
        vec![
            "Damage in money".into(),
            money(o.baseline.cost - o.baseline.cleanup_owed, currency),
            money(o.team.cost - o.team.cleanup_owed, currency),
        ],
        vec![
            "Clean-up owed for hosts still held".into(),
            money(o.baseline.cleanup_owed, currency),
            money(o.team.cleanup_owed, currency),
        ],
        vec!["Harm in money".into(), money(o.baseline.cost, currency), money(o.team.cost, currency)],
    ];
    doc.table(&["measure", "no response", "this response"], rows);
    doc.paragraph(
        "Harm in money is the damage (records, hosts held and encrypted, downtime, money lost) plus the \
         clean-up owed for hosts still held at the end. It leaves out what the response spent (its hours, a \
         forensics fee, notifying data subjects), which the estimated cost in the overview and the impact includes: the two \
         differ by that spend and by the clean-up owed.",
    );
}
