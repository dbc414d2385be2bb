//! The action catalogue: every kind of decision a team can take, its target, and how long it
//! takes by default. Plans may override durations; nothing else defines actions.

use serde::{Deserialize, Serialize};

/// Incident severity as a team declares it; `Sev1` is the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Sev1,
    Sev2,
    Sev3,
    Sev4,
}

/// An outside party that a team formally notifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Party {
    SupervisoryAuthority,
    Csirt,
    FinancialSupervisor,
    Investors,
    Hhs,
    DataSubjects,
    Customers,
    Media,
    LawEnforcement,
    Insurer,
    Board,
    Partners,
}

/// An audience a team communicates with (informally, unlike a notification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Audience {
    Staff,
    Customers,
    Patients,
    Press,
    Partners,
    Board,
}

/// The kind of a decision, without its target: what plans and inject conditions refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ActionKind {
    IsolateHosts,
    IsolateSegment,
    IsolateKnownHosts,
    ReimageKnownHosts,
    LiftIsolation,
    DisableAccount,
    ResetCredentials,
    BlockIoc,
    Patch,
    RestoreFromBackup,
    CollectEvidence,
    ClassifySeverity,
    Escalate,
    Notify,
    Communicate,
    DetermineMateriality,
    RecallFunds,
    DeclareClosed,
    Custom,
}

/// A decision's action with its target, as written in decisions files and console commands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// Isolate the hosts of a host group from the network.
    IsolateHosts(String),
    /// Cut a network segment off: no reachability in or out, its services stop.
    IsolateSegment(String),
    /// Isolate only the hosts of a group that an investigation has shown to be compromised.
    IsolateKnownHosts(String),
    /// Wipe and rebuild the hosts of a group that an investigation has shown to be compromised.
    ReimageKnownHosts(String),
    /// Reconnect what was isolated: a segment (and its hosts), or the hosts of a host group.
    LiftIsolation(String),
    DisableAccount(String),
    ResetCredentials(String),
    /// Block an indicator of compromise (domain, address, hash) at the perimeter and on hosts.
    BlockIoc(String),
    /// Patch a vulnerability named in the scenario.
    Patch(String),
    /// Restore the segments a backup covers; only works if the backup survived.
    RestoreFromBackup(String),
    /// Collect evidence (images, logs) in a segment.
    CollectEvidence(String),
    ClassifySeverity(Severity),
    /// Escalate to a role.
    Escalate(String),
    Notify(Party),
    Communicate(Audience),
    /// The executives' determination of whether the incident is material (SEC 8-K clock).
    DetermineMateriality(bool),
    /// Ask the bank to recall the fraudulent payments that left: works only for payments still
    /// within their recall window when the request takes effect.
    RecallFunds,
    DeclareClosed,
    /// Anything else; recorded, with no effect on the simulation.
    Custom(String),
}

impl Party {
    /// Every party, in the order the console lists them.
    pub const ALL: [Party; 12] = [
        Party::SupervisoryAuthority,
        Party::Csirt,
        Party::FinancialSupervisor,
        Party::Investors,
        Party::Hhs,
        Party::DataSubjects,
        Party::Customers,
        Party::Media,
        Party::LawEnforcement,
        Party::Insurer,
        Party::Board,
        Party::Partners,
    ];
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::IsolateHosts(_) => ActionKind::IsolateHosts,
            Action::IsolateSegment(_) => ActionKind::IsolateSegment,
            Action::LiftIsolation(_) => ActionKind::LiftIsolation,
            Action::IsolateKnownHosts(_) => ActionKind::IsolateKnownHosts,
            Action::ReimageKnownHosts(_) => ActionKind::ReimageKnownHosts,
            Action::DisableAccount(_) => ActionKind::DisableAccount,
            Action::ResetCredentials(_) => ActionKind::ResetCredentials,
            Action::BlockIoc(_) => ActionKind::BlockIoc,
            Action::Patch(_) => ActionKind::Patch,
            Action::RestoreFromBackup(_) => ActionKind::RestoreFromBackup,
            Action::CollectEvidence(_) => ActionKind::CollectEvidence,
            Action::ClassifySeverity(_) => ActionKind::ClassifySeverity,
            Action::Escalate(_) => ActionKind::Escalate,
            Action::Notify(_) => ActionKind::Notify,
            Action::Communicate(_) => ActionKind::Communicate,
            Action::DetermineMateriality(_) => ActionKind::DetermineMateriality,
            Action::RecallFunds => ActionKind::RecallFunds,
            Action::DeclareClosed => ActionKind::DeclareClosed,
            Action::Custom(_) => ActionKind::Custom,
        }
    }
}

impl Action {
    /// The id of the scenario thing the action names (a host group, segment, account, indicator,
    /// vulnerability or backup), if it names one.
    pub fn scenario_target(&self) -> Option<&str> {
        match self {
            Action::IsolateHosts(id)
            | Action::IsolateSegment(id)
            | Action::LiftIsolation(id)
            | Action::IsolateKnownHosts(id)
            | Action::ReimageKnownHosts(id)
            | Action::DisableAccount(id)
            | Action::ResetCredentials(id)
            | Action::BlockIoc(id)
            | Action::Patch(id)
            | Action::RestoreFromBackup(id)
            | Action::CollectEvidence(id) => Some(id),
            _ => None,
        }
    }
}

impl ActionKind {
    /// How long the action takes before it has effect, in seconds, unless the plan says otherwise.
    /// `RestoreFromBackup` takes the backup's own restore time instead.
    pub fn default_seconds(self) -> u64 {
        const MINUTE: u64 = 60;
        match self {
            ActionKind::IsolateHosts | ActionKind::IsolateKnownHosts | ActionKind::BlockIoc => 15 * MINUTE,
            ActionKind::IsolateSegment | ActionKind::LiftIsolation | ActionKind::Notify | ActionKind::Communicate => {
                30 * MINUTE
            }
            ActionKind::DisableAccount => 10 * MINUTE,
            ActionKind::ResetCredentials => 60 * MINUTE,
            ActionKind::Patch | ActionKind::ReimageKnownHosts => 4 * 60 * MINUTE,
            ActionKind::CollectEvidence | ActionKind::RecallFunds => 2 * 60 * MINUTE,
            ActionKind::RestoreFromBackup
            | ActionKind::ClassifySeverity
            | ActionKind::Escalate
            | ActionKind::DetermineMateriality
            | ActionKind::DeclareClosed
            | ActionKind::Custom => 0,
        }
    }
}

impl From<&crate::scenario::model::Countermeasure> for Action {
    /// The team action a scenario's countermeasure stands for.
    fn from(measure: &crate::scenario::model::Countermeasure) -> Action {
        use crate::scenario::model::Countermeasure as C;
        match measure {
            C::IsolateSegment(id) => Action::IsolateSegment(id.clone()),
            C::IsolateHosts(id) => Action::IsolateHosts(id.clone()),
            C::DisableAccount(id) => Action::DisableAccount(id.clone()),
            C::ResetCredentials(id) => Action::ResetCredentials(id.clone()),
            C::BlockIoc(id) => Action::BlockIoc(id.clone()),
            C::Patch(id) => Action::Patch(id.clone()),
        }
    }
}

/// The words the console uses for each action kind (`decide isolate-segment …`).
pub const ACTIONS: &[(&str, ActionKind)] = &[
    ("isolate-hosts", ActionKind::IsolateHosts),
    ("isolate-segment", ActionKind::IsolateSegment),
    ("isolate-known", ActionKind::IsolateKnownHosts),
    ("reimage-known", ActionKind::ReimageKnownHosts),
    ("lift-isolation", ActionKind::LiftIsolation),
    ("disable-account", ActionKind::DisableAccount),
    ("reset-credentials", ActionKind::ResetCredentials),
    ("block-ioc", ActionKind::BlockIoc),
    ("patch", ActionKind::Patch),
    ("restore", ActionKind::RestoreFromBackup),
    ("collect-evidence", ActionKind::CollectEvidence),
    ("classify", ActionKind::ClassifySeverity),
    ("escalate", ActionKind::Escalate),
    ("notify", ActionKind::Notify),
    ("communicate", ActionKind::Communicate),
    ("materiality", ActionKind::DetermineMateriality),
    ("recall-funds", ActionKind::RecallFunds),
    ("declare-closed", ActionKind::DeclareClosed),
    ("custom", ActionKind::Custom),
];

/// `SupervisoryAuthority` as `supervisory-authority`.
pub fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('-');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The console's word for an action kind: `isolate-segment`.
pub fn kind_word(kind: ActionKind) -> &'static str {
    ACTIONS.iter().find(|(_, k)| *k == kind).map_or("", |(w, _)| *w)
}

/// An action as the console writes it: `isolate-segment clinical`, `classify sev1`.
pub fn words(action: &Action) -> String {
    let word = kind_word(action.kind());
    if let Some(id) = action.scenario_target() {
        return format!("{word} {id}");
    }
    let target = match action {
        Action::Escalate(role) => role.clone(),
        Action::ClassifySeverity(s) => format!("{s:?}").to_lowercase(),
        Action::Notify(p) => kebab(&format!("{p:?}")),
        Action::Communicate(a) => kebab(&format!("{a:?}")),
        Action::DetermineMateriality(m) => if *m { "material" } else { "not-material" }.into(),
        Action::Custom(text) => format!("{text:?}"),
        // `RecallFunds` and `DeclareClosed` take no target (the actions naming a scenario thing returned above).
        _ => return word.into(),
    };
    format!("{word} {target}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reports_its_kind() {
        assert_eq!(Action::IsolateSegment("corp".into()).kind(), ActionKind::IsolateSegment);
        assert_eq!(Action::Notify(Party::Hhs).kind(), ActionKind::Notify);
        assert_eq!(Action::DeclareClosed.kind(), ActionKind::DeclareClosed);
    }

    #[test]
    fn containment_actions_take_time_and_paperwork_does_not() {
        assert!(ActionKind::Patch.default_seconds() > ActionKind::IsolateHosts.default_seconds());
        assert_eq!(ActionKind::ClassifySeverity.default_seconds(), 0);
    }
}
