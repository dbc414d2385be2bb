//! The scenario file format, field for field: what a scenario author writes in RON.
//! Documented in docs/scenario-format.md; validation rules live in `scenario::validate`.

use crate::action::{Action, ActionKind, Party};
use crate::calendar::{BusinessHours, Weekday};
use crate::duration::HumanDuration;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One incident story: metadata, clock, environment, adversary, detections and the MSEL.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub author: String,
    pub version: String,
    pub sector: Sector,
    /// Where the organisation operates and whose people's data it holds: which notification
    /// clocks apply to it. Empty: not stated, and every clock applies.
    #[serde(default)]
    pub jurisdictions: Vec<Jurisdiction>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub difficulty: Difficulty,
    /// How long the facilitated drill takes in the room (wall-clock), e.g. `3h`.
    pub expected_duration: HumanDuration,
    /// Every MITRE ATT&CK technique the story uses, e.g. `T1566.001`.
    pub techniques: Vec<String>,
    pub clock: Clock,
    pub environment: Environment,
    pub adversary: Adversary,
    #[serde(default)]
    pub detections: Vec<Detection>,
    pub injects: Vec<Inject>,
    #[serde(default)]
    pub end: EndConditions,
    /// What the exercise is for: its scope, mission area and objectives, for the after-action
    /// report, the handouts and the MSEL.
    #[serde(default)]
    pub exercise: ExerciseDesign,
}

/// The exercise's design, as HSEEP asks for it: what is in scope, the mission area, and the
/// objectives the report rates, each tied to core capabilities and NIST CSF 2.0 functions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseDesign {
    /// What is in play and what is not, in a sentence or two.
    #[serde(default)]
    pub scope: String,
    /// The background the players are given at the start, in their own words and without the
    /// plot (the `summary` is the author's synopsis and gives it away): the situation manual's
    /// opening.
    #[serde(default)]
    pub briefing: String,
    #[serde(default)]
    pub mission_area: MissionArea,
    #[serde(default)]
    pub objectives: Vec<Objective>,
}

/// HSEEP's mission areas.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MissionArea {
    Prevention,
    Protection,
    Mitigation,
    #[default]
    Response,
    Recovery,
}

/// One exercise objective: what the exercise tests, rated from the evidence of its capabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    pub text: String,
    /// The core capabilities whose evidence rates it (at least one).
    pub capabilities: Vec<CoreCapability>,
    /// The NIST CSF 2.0 functions it exercises.
    #[serde(default)]
    pub csf: Vec<CsfFunction>,
}

/// The capabilities ttx rates (the ids of `evaluate::capabilities`, as RON words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CoreCapability {
    Detection,
    Analysis,
    Escalation,
    Containment,
    Recovery,
    Notification,
}

impl CoreCapability {
    /// The id the ratings use: `containment`.
    pub fn id(self) -> &'static str {
        match self {
            CoreCapability::Detection => "detection",
            CoreCapability::Analysis => "analysis",
            CoreCapability::Escalation => "escalation",
            CoreCapability::Containment => "containment",
            CoreCapability::Recovery => "recovery",
            CoreCapability::Notification => "notification",
        }
    }
}

/// The functions of the NIST Cybersecurity Framework 2.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CsfFunction {
    Govern,
    Identify,
    Protect,
    Detect,
    Respond,
    Recover,
}

impl Scenario {
    /// What an action of this kind acts on in this scenario, and the ids it may name; `None` for
    /// kinds whose target is not a thing of the scenario (a severity, a role, a party…).
    pub fn action_targets(&self, kind: ActionKind) -> Option<(&'static str, Vec<&str>)> {
        let env = &self.environment;
        fn ids<'a>(it: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
            it.map(String::as_str).collect()
        }
        Some(match kind {
            ActionKind::IsolateHosts | ActionKind::IsolateKnownHosts | ActionKind::ReimageKnownHosts => {
                ("host group", ids(env.segments.iter().flat_map(|s| &s.hosts).map(|g| &g.id)))
            }
            ActionKind::IsolateSegment | ActionKind::CollectEvidence => {
                ("segment", ids(env.segments.iter().map(|s| &s.id)))
            }
            ActionKind::LiftIsolation => (
                "segment or host group",
                ids(env
                    .segments
                    .iter()
                    .map(|s| &s.id)
                    .chain(env.segments.iter().flat_map(|s| &s.hosts).map(|g| &g.id))),
            ),
            ActionKind::DisableAccount | ActionKind::ResetCredentials => {
                ("account", ids(env.accounts.iter().map(|a| &a.id)))
            }
            ActionKind::BlockIoc => ("indicator", ids(self.adversary.iocs.iter().map(|x| &x.id))),
            ActionKind::Patch => ("vulnerability", ids(self.adversary.vulnerabilities.iter().map(|v| &v.id))),
            ActionKind::RestoreFromBackup => ("backup", ids(env.backups.iter().map(|b| &b.id))),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Sector {
    Healthcare,
    Finance,
    Technology,
    Retail,
    Manufacturing,
    Government,
    Education,
    Energy,
    Logistics,
    Other,
}

/// A body of law a notification clock belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Jurisdiction {
    /// The European Union and the EEA (GDPR, NIS2, DORA).
    Eu,
    /// The United Kingdom (UK GDPR, NIS Regulations).
    Uk,
    /// The United States (SEC, HIPAA, state breach laws).
    Us,
    /// Anywhere else.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Difficulty {
    Introductory,
    Intermediate,
    Advanced,
}

/// Simulated time: tick length, how long at most, and when the story starts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clock {
    pub tick: HumanDuration,
    pub max_duration: HumanDuration,
    /// Local start date-time, `YYYY-MM-DDTHH:MM`.
    pub start: String,
    /// The start's weekday; optional, checked against the date when given.
    #[serde(default)]
    pub weekday: Option<Weekday>,
    #[serde(default)]
    pub business_hours: BusinessHours,
}

/// The organisation's assets as the adversary and the team see them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    pub segments: Vec<Segment>,
    /// Which segments can reach which; without a link there is no path.
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub accounts: Vec<Account>,
    #[serde(default)]
    pub data_stores: Vec<DataStore>,
    #[serde(default)]
    pub backups: Vec<Backup>,
    #[serde(default)]
    pub services: Vec<Service>,
    #[serde(default)]
    pub costs: Costs,
    /// Automated defences that act on hosts every tick without the team.
    #[serde(default)]
    pub defences: Vec<Defence>,
}

/// An automated defence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Defence {
    /// Each tick each host of the group is checked with `check_chance`; a compromised host is
    /// cleaned with `recovery_chance`, and a cleaned host becomes immune with `immunity_chance`.
    HostCheck { group: String, check_chance: f64, recovery_chance: f64, immunity_chance: f64 },
}

/// A network segment (VLAN, subnet, cloud account) holding groups of similar hosts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    pub id: String,
    pub name: String,
    /// Reachable from the internet (VPN gateways, web servers, cloud endpoints).
    #[serde(default)]
    pub internet_facing: bool,
    pub hosts: Vec<HostGroup>,
}

/// A group of similar hosts: 800 workstations are one group with `count: 800`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostGroup {
    pub id: String,
    pub kind: HostKind,
    pub count: u32,
    #[serde(default)]
    pub name: String,
    /// How the group's hosts connect to each other; `Flat` unless a host graph is generated.
    #[serde(default)]
    pub topology: Topology,
}

/// Host-level connections inside a group, for spread from host to host.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub enum Topology {
    /// No host graph: spread works segment by segment.
    #[default]
    Flat,
    /// An Erdős–Rényi random graph G(n, p) with p = `avg_degree / count`, generated per run.
    Random { avg_degree: f64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum HostKind {
    Workstation,
    Laptop,
    Server,
    DomainController,
    Database,
    WebServer,
    FileServer,
    MedicalDevice,
    Industrial,
    CloudInstance,
    NetworkDevice,
    Mobile,
}

/// Reachability between two segments; both ways unless `one_way`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub one_way: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub id: String,
    pub kind: AccountKind,
    #[serde(default)]
    pub privileged: bool,
    #[serde(default)]
    pub mfa: bool,
    /// Segments the account can log on to; empty means all.
    #[serde(default)]
    pub segments: Vec<String>,
    /// Business services that run under this account: disabling it takes them down.
    #[serde(default)]
    pub used_by: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AccountKind {
    User,
    Admin,
    Service,
    Cloud,
}

/// Where records live, how many, and of which classes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataStore {
    pub id: String,
    pub name: String,
    pub segment: String,
    pub records: u64,
    pub classes: Vec<DataClass>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DataClass {
    Pii,
    Phi,
    Payment,
    Credentials,
    IntellectualProperty,
    Financial,
}

impl DataClass {
    /// Classes that make a breach a personal-data breach (GDPR, HIPAA).
    pub fn is_personal(self) -> bool {
        matches!(self, DataClass::Pii | DataClass::Phi | DataClass::Payment)
    }
}

/// A backup of some segments: how long a restore takes and whether the adversary can reach it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    pub id: String,
    pub name: String,
    pub covers: Vec<String>,
    pub restore_time: HumanDuration,
    /// Online backups the adversary can delete or encrypt (not offline or immutable).
    pub reachable_by_adversary: bool,
}

/// A business service that stops when a segment it depends on is encrypted or isolated.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub depends_on: Vec<String>,
    /// Loss per hour of downtime, in the scenario's currency.
    #[serde(default)]
    pub cost_per_hour: f64,
    #[serde(default)]
    pub critical: bool,
}

/// What impact costs; all amounts in `currency`, all optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default)]
    pub per_host_compromised: f64,
    #[serde(default)]
    pub per_host_encrypted: f64,
    /// Cost of one exfiltrated record in a small breach, by data class; larger breaches cost less
    /// a record (`crate::cost::records`).
    #[serde(default)]
    pub per_record: BTreeMap<DataClass, f64>,
    /// Cost of an hour of one engaged role (a team, or an outside firm), from its engagement.
    #[serde(default)]
    pub response_per_hour: f64,
    /// The forensics firm's fee for an engagement, charged once when it is first engaged.
    #[serde(default)]
    pub forensics_retainer: f64,
    /// Cost of notifying one data subject (letter, call centre, credit monitoring), for each
    /// personal record out once the team has notified data subjects.
    #[serde(default)]
    pub per_subject_notified: f64,
}

fn default_currency() -> String {
    "USD".into()
}

impl Default for Costs {
    fn default() -> Self {
        Costs {
            currency: default_currency(),
            per_host_compromised: 0.0,
            per_host_encrypted: 0.0,
            per_record: BTreeMap::new(),
            response_per_hour: 0.0,
            forensics_retainer: 0.0,
            per_subject_notified: 0.0,
        }
    }
}

/// The attacker: indicators, exploitable weaknesses and the stages of the attack.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adversary {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub iocs: Vec<Ioc>,
    #[serde(default)]
    pub vulnerabilities: Vec<Vulnerability>,
    pub stages: Vec<Stage>,
}

/// An indicator of compromise the team can block (C2 domain, address, file hash).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ioc {
    pub id: String,
    pub kind: IocKind,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum IocKind {
    Domain,
    IpAddress,
    Url,
    FileHash,
    EmailAddress,
    UserAgent,
}

/// A weakness the team can patch, present on some host groups.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vulnerability {
    pub id: String,
    pub name: String,
    pub groups: Vec<String>,
}

/// One step of the attack.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub tactic: Tactic,
    pub technique: String,
    /// Stages that must have succeeded, in an earlier tick, before this one can be tried.
    #[serde(default)]
    pub after: Vec<String>,
    /// What else must hold for this stage to be tried.
    #[serde(default)]
    pub requires: Vec<Requirement>,
    /// Chance per tick that the stage succeeds once it can be tried, in [0, 1].
    pub chance: f64,
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// Team actions that stop this stage (and its ongoing effects) once they take effect.
    #[serde(default)]
    pub stopped_by: Vec<Countermeasure>,
    /// Access the actor has by right (an insider at work with his own account): its success is
    /// not a compromise, and no metric starts from it.
    #[serde(default)]
    pub legitimate: bool,
}

/// MITRE ATT&CK enterprise tactics, in kill-chain order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tactic {
    Reconnaissance,
    ResourceDevelopment,
    InitialAccess,
    Execution,
    Persistence,
    PrivilegeEscalation,
    DefenseEvasion,
    CredentialAccess,
    Discovery,
    LateralMovement,
    Collection,
    CommandAndControl,
    Exfiltration,
    Impact,
}

/// A precondition of a stage besides earlier stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Requirement {
    /// The adversary holds at least one host in this segment.
    Foothold(String),
    /// The adversary holds this account's credentials.
    Account(String),
    /// This vulnerability is not yet patched.
    Unpatched(String),
    /// The team has stopped this stage: the adversary's reaction to being cut off, such as
    /// ransomware detonated early once its command channel is blocked, or a return through a
    /// persistence stage that was not eradicated.
    Stopped(String),
}

/// What a stage does when it succeeds. `Spread`, `Exfiltrate` and `Encrypt` go on every tick
/// afterwards until the stage is stopped, `DegradeService` holds from the success until the stage
/// is stopped; the others happen once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Effect {
    /// Compromise `hosts` hosts of a host group.
    Compromise { group: String, hosts: u32 },
    /// Each tick, compromise this fraction of the clean hosts reachable from a foothold, in
    /// the listed segments (all reachable segments when empty).
    Spread {
        rate: f64,
        #[serde(default)]
        segments: Vec<String>,
    },
    /// Each tick, each compromised host of a group with a host graph tries to compromise each
    /// clean neighbour with this chance, hosts taking turns in random order.
    SpreadOnGraph { chance: f64 },
    /// Obtain an account's credentials.
    GainAccount(String),
    /// Each tick, copy records out of a data store, through an IOC the team can block.
    Exfiltrate {
        store: String,
        records_per_tick: u64,
        #[serde(default)]
        via: Option<String>,
    },
    /// Each tick, encrypt up to this many compromised hosts in the listed segments (all when empty).
    Encrypt {
        hosts_per_tick: u32,
        #[serde(default)]
        segments: Vec<String>,
    },
    /// Delete or encrypt a backup the adversary can reach.
    DestroyBackup(String),
    /// While the stage runs, a business service loses this fraction of its capacity, in (0, 1]
    /// (a DDoS, a wiped database): it costs `fraction × cost_per_hour`, and `1.0` takes it down.
    DegradeService { service: String, fraction: f64 },
    /// Money leaves the organisation when the stage succeeds (a fraudulent payment, a theft from
    /// an account); a `RecallFunds` action that takes effect within `recall_within` of the loss
    /// gets it back.
    StealFunds { amount: f64, recall_within: HumanDuration },
}

/// A team action that stops a stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Countermeasure {
    IsolateSegment(String),
    IsolateHosts(String),
    DisableAccount(String),
    ResetCredentials(String),
    BlockIoc(String),
    Patch(String),
}

/// A way the organisation may notice a stage.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detection {
    pub id: String,
    pub source: DetectionSource,
    pub watches: Watch,
    /// Chance per tick, while a watched stage is in effect (succeeded and not stopped), that the
    /// detection fires. It fires at most once.
    pub chance: f64,
    /// Time from firing to the alert reaching the players; may be `0m`.
    #[serde(default = "zero_duration")]
    pub delay: HumanDuration,
    pub alert: Alert,
}

fn zero_duration() -> HumanDuration {
    HumanDuration("0m".into())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DetectionSource {
    Edr,
    Siem,
    Ids,
    Dlp,
    CloudAudit,
    UserReport,
    Helpdesk,
    ThirdParty,
    ThreatIntel,
}

/// What a detection watches: a stage of this scenario, or any stage using a technique.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Watch {
    Stage(String),
    Technique(String),
}

/// The alert the players see when a detection fires.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alert {
    pub title: String,
    pub severity: AlertSeverity,
    #[serde(default)]
    pub text: String,
    /// Roles that receive it; the SOC analyst when empty.
    #[serde(default)]
    pub to: Vec<String>,
    /// The adversary's artefacts it shows the players (the team may then act on them).
    #[serde(default)]
    pub reveals: Vec<Reveal>,
}

/// An artefact of the adversary that an alert or inject shows the players. The team knows its
/// own estate from the start; it can block an indicator or patch an exploited vulnerability only
/// once something has shown it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reveal {
    Indicator(String),
    Vulnerability(String),
    /// A fact, not an artefact: a breach of personal data of these classes. It makes the players
    /// aware of it, so clocks that start on a suspected breach of those classes start.
    Breach(Vec<DataClass>),
    /// A fact: what kind of incident this is (`Incident(Insider)`), so the playbooks for it start.
    Incident(IncidentKind),
}

/// What kind of incident the players have been shown they face: what a plan's playbooks start
/// on (`IncidentIs(kind)`). An alert on a stage shows the kinds its effects make it (encryption:
/// ransomware; exfiltration: data theft; stolen funds: payment fraud); the other kinds are facts
/// an alert or inject reveals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum IncidentKind {
    Ransomware,
    DataTheft,
    PaymentFraud,
    AccountTakeover,
    Insider,
    SupplyChain,
}

impl Alert {
    /// The role an alert goes to when its `to` is empty.
    pub const DEFAULT_RECIPIENT: &'static str = "soc_analyst";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AlertSeverity {
    Low,
    Medium,
    High,
    Critical,
}

/// One entry of the MSEL.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    pub id: String,
    pub title: String,
    pub trigger: Trigger,
    /// Who the message is from, as the players see it (a person or an organisation).
    pub from: String,
    /// Roles that receive it.
    pub to: Vec<String>,
    pub channel: Channel,
    pub text: String,
    /// What the players are expected to do, in words, for the facilitator and evaluators.
    #[serde(default)]
    pub expected_actions: Vec<String>,
    /// What the players are expected to do, as actions the evaluation judges met, late or missed.
    #[serde(default)]
    pub expects: Vec<Expectation>,
    /// Questions for the room to discuss.
    #[serde(default)]
    pub questions: Vec<String>,
    /// Facilitator-only notes: what to look for, what to say if the room is stuck.
    #[serde(default)]
    pub notes: String,
    /// The message tells the players something is wrong (a user's report, a call from the bank):
    /// like an alert, it counts as a detection in the evaluation.
    #[serde(default)]
    pub reports_incident: bool,
    /// The adversary's artefacts it shows the players.
    #[serde(default)]
    pub reveals: Vec<Reveal>,
    /// The exercise objective it serves (an id of `exercise.objectives`), for the MSEL.
    #[serde(default)]
    pub objective: Option<String>,
}

/// An action the players are expected to take once an inject is delivered: of this kind, on this
/// target, by this role, within this time of delivery. Named like a plan's playbook step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub action: ActionKind,
    /// The scenario thing it acts on (a segment, host group, account, indicator, vulnerability or
    /// backup, as the action takes); any when not named.
    #[serde(default)]
    pub target: Option<String>,
    /// For a `Notify` expectation: the party to notify.
    #[serde(default)]
    pub notify: Option<Party>,
    /// For an `Escalate` expectation: the roles to brief, each of them (or the role covering it).
    #[serde(default)]
    pub to: Vec<String>,
    /// The role expected to act (or the role the plan has covering it); anyone when not named.
    #[serde(default)]
    pub role: Option<String>,
    /// Time to respond, from the inject's delivery.
    pub within: HumanDuration,
}

impl Expectation {
    /// The expectation as the console writes actions: `isolate-segment clinical by soc_analyst within 1h`.
    pub fn words(&self) -> String {
        let mut text = crate::action::kind_word(self.action).to_string();
        let party = self.notify.map(|p| crate::action::kebab(&format!("{p:?}")));
        for target in self.target.iter().chain(&party).chain(&self.to) {
            text.push(' ');
            text.push_str(target);
        }
        if let Some(role) = &self.role {
            text.push_str(&format!(" by {role}"));
        }
        format!("{text} within {}", self.within)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Channel {
    Phone,
    Email,
    Chat,
    Ticket,
    InPerson,
    News,
    SocialMedia,
    Regulator,
    Letter,
}

/// When an inject is delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    /// At a fixed sim time after the start.
    At(HumanDuration),
    /// When a stage first succeeds.
    StageSucceeded(String),
    /// When a detection fires (and its alert reaches the players).
    DetectionFired(String),
    /// A given time after another inject was delivered.
    AfterInject(String, HumanDuration),
    HostsCompromised(u32),
    HostsEncrypted(u32),
    RecordsExfiltrated(u64),
    BackupDestroyed(String),
    ServiceDown(String),
    /// When the team takes an action of this kind, if by the given time.
    DecisionTaken(ActionKind, HumanDuration),
    /// At the given time, if the team has not taken an action of this kind.
    DecisionNotTaken(ActionKind, HumanDuration),
    /// When the team decides this very action, target included (`Notify(SupervisoryAuthority)`),
    /// if by the given time.
    ActionTaken(Action, HumanDuration),
    /// At the given time, if the team has not decided this very action.
    ActionNotTaken(Action, HumanDuration),
    /// Once this very action has taken effect (not merely been decided).
    ActionTookEffect(Action),
    /// When every one of these holds.
    All(Vec<Trigger>),
    /// When any one of these holds.
    Any(Vec<Trigger>),
}

/// When the drill ends besides running out of time (`clock.max_duration`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndConditions {
    /// End once the adversary can make no more progress and every service is back.
    #[serde(default = "yes")]
    pub when_contained_and_recovered: bool,
    /// End when any of these impact limits is reached.
    #[serde(default)]
    pub impact: Vec<ImpactLimit>,
}

fn yes() -> bool {
    true
}

impl Default for EndConditions {
    fn default() -> Self {
        EndConditions { when_contained_and_recovered: true, impact: Vec::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ImpactLimit {
    HostsEncrypted(u32),
    HostsCompromised(u32),
    RecordsExfiltrated(u64),
    CostAbove(f64),
}

crate::has_id!(
    Segment,
    HostGroup,
    Account,
    DataStore,
    Backup,
    Service,
    Ioc,
    Vulnerability,
    Stage,
    Detection,
    Inject,
    Objective
);
