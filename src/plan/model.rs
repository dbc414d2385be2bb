//! The response-plan file format: roles and roster, severity matrix, escalation rules,
//! playbooks, notification clocks and targets. Reusable across scenarios.

use crate::action::{ActionKind, Party, Severity};
use crate::calendar::BusinessHours;
use crate::cue::Cue;
use crate::duration::HumanDuration;
use crate::scenario::model::{AlertSeverity, DataClass, Jurisdiction, Sector};
use crate::team::Imperfection;
use serde::{Deserialize, Serialize};

/// An organisation's incident response plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub organisation: String,
    pub version: String,
    #[serde(default)]
    pub summary: String,
    pub roles: Vec<RoleStaffing>,
    pub severity: Vec<SeverityLevel>,
    #[serde(default)]
    pub escalations: Vec<Escalation>,
    #[serde(default)]
    pub playbooks: Vec<Playbook>,
    #[serde(default)]
    pub clocks: Vec<NotificationClock>,
    #[serde(default)]
    pub targets: Targets,
    /// Durations of actions where this organisation differs from the defaults.
    #[serde(default)]
    pub action_durations: Vec<ActionDuration>,
    #[serde(default)]
    pub business_hours: BusinessHours,
    /// Days that are not business days (`YYYY-MM-DD`), for business-day clocks.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// How the automated team of `ttx simulate` falls short of this plan; it follows it to the
    /// letter when left out.
    #[serde(default)]
    pub automated_team: Imperfection,
}

impl Plan {
    /// The staffed role that acts for `role`: the role itself when the plan staffs it, else the
    /// staffed role that covers it, else `None` (what is addressed to it reaches no one).
    pub fn acting_role(&self, role: &str) -> Option<&str> {
        let staffed = |r: &&RoleStaffing| r.role == role;
        let covering = |r: &&RoleStaffing| r.covers.iter().any(|c| c == role);
        self.roles.iter().find(staffed).or_else(|| self.roles.iter().find(covering)).map(|r| r.role.as_str())
    }

    /// Every role that can act or be addressed: the staffed ones, then the covered ones.
    pub fn answering_roles(&self) -> impl Iterator<Item = &str> {
        let staffed = self.roles.iter().map(|r| r.role.as_str());
        staffed.chain(self.roles.iter().flat_map(|r| r.covers.iter().map(String::as_str)))
    }
}

/// How a catalogue role is staffed in this organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleStaffing {
    /// A role id from the catalogue (`incident_commander`, `soc_analyst`, …).
    pub role: String,
    /// Named people (or teams) on the roster.
    #[serde(default)]
    pub roster: Vec<String>,
    /// Time to respond during business hours: `(min, max)`.
    pub business_hours: (HumanDuration, HumanDuration),
    /// Time to respond outside business hours: `(min, max)`.
    pub off_hours: (HumanDuration, HumanDuration),
    /// Catalogue roles this plan does not staff whose work this role does: what is addressed to
    /// them reaches this role, and this role may decide in their name.
    #[serde(default)]
    pub covers: Vec<String>,
}

/// One severity level of the matrix and the criteria that put an incident at it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    pub level: Severity,
    pub name: String,
    /// Any one criterion is enough.
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Criterion {
    HostsCompromised(u32),
    HostsEncrypted(u32),
    RecordsExposed(u64),
    DataClassExposed(DataClass),
    CriticalServiceDown,
    PrivilegedAccountCompromised,
    AlertSeverity(AlertSeverity),
    /// Any confirmed incident.
    Confirmed,
}

/// Who must know within how long once an incident is declared at a severity (or worse).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    pub id: String,
    pub severity: Severity,
    pub notify: Vec<String>,
    pub within: HumanDuration,
}

/// A playbook: what sets it off, and its steps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    pub id: String,
    pub title: String,
    /// What sets it off: a cue (see `crate::cue`).
    pub trigger: Cue,
    pub steps: Vec<Step>,
}

/// One step of a playbook, with its owner and deadline after the trigger.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub action: ActionKind,
    pub owner: String,
    pub within: HumanDuration,
    /// Steps of the same playbook that come first.
    #[serde(default)]
    pub after: Vec<String>,
    /// For a `Notify` step: the party to notify. Only a notification to it does the step.
    #[serde(default)]
    pub notify: Option<Party>,
    /// For an `Escalate` step: the roles to brief. The step is done once an escalation to each
    /// of them (or to the role covering it) has taken effect; with none named, any escalation.
    #[serde(default)]
    pub to: Vec<String>,
    /// What the step's action must be aimed at, in this run's terms; any target when absent.
    #[serde(default)]
    pub target: Option<StepTarget>,
    /// Where the step applies (a notice to a GDPR supervisory authority: `[Eu]`); everywhere when
    /// empty. An organisation operating elsewhere owes it nothing, and it is not judged.
    #[serde(default)]
    pub jurisdictions: Vec<Jurisdiction>,
}

/// What a step's action must be aimed at. A plan serves many scenarios, so it names the kind of
/// thing, not a scenario id; the evaluation reads off the run which ids are of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepTarget {
    /// An indicator records leave through (the channel of one of the scenario's exfiltrations).
    /// For `BlockIoc`.
    ExfiltrationChannel,
    /// An account the adversary obtained in the run, or one whose disabling stopped a stage.
    /// For `DisableAccount` and `ResetCredentials`.
    AdversaryAccount,
    /// A segment, or a host group, where the adversary held hosts in the run, or whose isolation
    /// stopped a stage. For the isolation, clean-up and evidence actions.
    AffectedHosts,
}

impl StepTarget {
    /// The actions a step with this target may have.
    pub fn fits(self, action: ActionKind) -> bool {
        use ActionKind as A;
        match self {
            StepTarget::ExfiltrationChannel => action == A::BlockIoc,
            StepTarget::AdversaryAccount => matches!(action, A::DisableAccount | A::ResetCredentials),
            StepTarget::AffectedHosts => matches!(
                action,
                A::IsolateSegment | A::IsolateHosts | A::IsolateKnownHosts | A::ReimageKnownHosts | A::CollectEvidence
            ),
        }
    }
}

/// A legal or contractual notification deadline.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationClock {
    pub id: String,
    /// The rule, as people cite it: `GDPR Art. 33`.
    pub regulation: String,
    pub notify: Party,
    /// What starts the clock: a cue (see `crate::cue`), e.g. `DataBreachSuspected([Pii])`.
    pub starts: Cue,
    pub deadline: Deadline,
    /// Where it applies: an organisation operating in none of these owes nothing under it.
    /// Empty: everywhere.
    #[serde(default)]
    pub jurisdictions: Vec<Jurisdiction>,
    /// The sectors it applies to (HIPAA: healthcare; NIS2: its annexes). Empty: every sector.
    #[serde(default)]
    pub sectors: Vec<Sector>,
}

impl NotificationClock {
    /// Whether it binds an organisation of `sector` operating in `jurisdictions` (none stated:
    /// every clock binds it).
    pub fn applies(&self, sector: Sector, jurisdictions: &[Jurisdiction]) -> bool {
        operates_in(&self.jurisdictions, jurisdictions) && (self.sectors.is_empty() || self.sectors.contains(&sector))
    }
}

/// Whether an organisation operating in `operates` is bound by a rule of `applies` (either list
/// empty: bound).
pub fn operates_in(applies: &[Jurisdiction], operates: &[Jurisdiction]) -> bool {
    applies.is_empty() || operates.is_empty() || operates.iter().any(|j| applies.contains(j))
}

/// How a deadline is counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Deadline {
    /// Elapsed time around the clock, e.g. `After("72h")`.
    After(HumanDuration),
    /// Calendar days, e.g. HIPAA's 60.
    CalendarDays(u32),
    /// Business days, skipping weekends and the plan's holidays, e.g. SEC's 4.
    BusinessDays(u32),
}

/// The organisation's time targets, measured from the start of each phase.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    #[serde(default)]
    pub detect: Option<HumanDuration>,
    #[serde(default)]
    pub acknowledge: Option<HumanDuration>,
    #[serde(default)]
    pub classify: Option<HumanDuration>,
    #[serde(default)]
    pub escalate: Option<HumanDuration>,
    #[serde(default)]
    pub contain: Option<HumanDuration>,
    #[serde(default)]
    pub eradicate: Option<HumanDuration>,
    #[serde(default)]
    pub recover: Option<HumanDuration>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDuration {
    pub action: ActionKind,
    pub duration: HumanDuration,
}

crate::has_id!(Escalation, Playbook, Step, NotificationClock);
