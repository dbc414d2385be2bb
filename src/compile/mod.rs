//! Validation as a compiler: a checked scenario and plan become one resolved, typed, indexed
//! model (`Compiled`), built once and shared by every run (`Arc`). Times are in seconds,
//! references are typed indices, adjacency is built; the engine runs on nothing else.

mod index;
mod model;

pub use index::{
    AccountIx, BackupIx, DetectionIx, GroupIx, Ids, InjectIx, IocIx, SegmentIx, ServiceIx, StageIx, StoreIx, VulnIx,
};
pub use model::{Artefact, Effect, InjectCue, Need, Stop};

use crate::action::{Action, ActionKind};
use crate::calendar::{Date, DateTime, Weekday, parse_time_of_day};
use crate::cue::Cues;
use crate::diagnostic::Level;
use crate::plan::check_plan;
use crate::plan::model::Plan;
use crate::scenario::check_scenario;
use crate::scenario::model::{self as source, Scenario, Topology, Watch};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Why a scenario and plan do not compile: the first error validation found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput(pub String);

/// A host group's place in the run's host list.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub segment: SegmentIx,
    /// The index of its first host in the run's host list.
    pub first: u32,
    pub count: u32,
    pub topology: Topology,
    /// The automated host check on it, if any: (check, recovery, immunity) chances.
    pub check: Option<(f64, f64, f64)>,
}

/// A stage of the attack, resolved.
#[derive(Debug, Clone)]
pub struct Stage {
    /// Its draw coordinate: a hash of its id, so that adding or moving a stage in the file
    /// changes no other stage's dice.
    pub key: u64,
    pub after: Vec<StageIx>,
    pub needs: Vec<Need>,
    pub chance: f64,
    pub effects: Vec<Effect>,
    /// What stops it, with the team action that does (as the timeline names it).
    pub stopped_by: Vec<(Stop, Action)>,
    /// The indicators it uses: its exfiltration channel and those whose block stops it.
    pub indicators: Vec<IocIx>,
    /// The vulnerabilities it exploits.
    pub exploits: Vec<VulnIx>,
}

/// A detection, resolved: the stages it watches, its delay in seconds, and what its alert shows.
#[derive(Debug, Clone)]
pub struct Detection {
    /// Its draw coordinate: a hash of its id.
    pub key: u64,
    pub watches: Vec<StageIx>,
    pub chance: f64,
    pub delay: u64,
    pub reveals: Vec<Artefact>,
}

/// An inject, resolved: its trigger and what it shows the players.
#[derive(Debug, Clone)]
pub struct Inject {
    pub cue: InjectCue,
    pub reveals: Vec<Artefact>,
}

/// A backup: the segments it restores, in how many seconds, and whether the adversary can reach it.
#[derive(Debug, Clone)]
pub struct Backup {
    pub covers: Vec<SegmentIx>,
    pub restore_seconds: u64,
    pub reachable: bool,
}

/// A data store: where it is, how many records, the class its records out are priced as (its
/// costliest priced class), and whether it holds personal data.
#[derive(Debug, Clone)]
pub struct Store {
    pub segment: SegmentIx,
    pub records: u64,
    pub priced_as: Option<source::DataClass>,
    pub personal: bool,
}

/// A business service, the segments it depends on and the accounts it runs under.
#[derive(Debug, Clone)]
pub struct Service {
    pub depends_on: Vec<SegmentIx>,
    /// Accounts it runs under: disabling one takes it down.
    pub accounts: Vec<AccountIx>,
    pub cost_per_hour: f64,
}

/// When the organisation is at work: the scenario's business hours and the plan's holidays, on
/// the scenario's calendar.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    start: Option<DateTime>,
    days: Vec<Weekday>,
    /// Opening and closing time, in minutes of the day.
    hours: std::ops::Range<u32>,
    holidays: BTreeSet<Date>,
}

impl WorkCalendar {
    /// Whether `time` (seconds since the start) falls in business hours.
    pub fn is_business_hours(&self, time: u64) -> bool {
        self.start.is_some_and(|start| {
            let at = start.plus_seconds(time);
            self.days.contains(&at.date.weekday())
                && !self.holidays.contains(&at.date)
                && self.hours.contains(&at.minute_of_day)
        })
    }
}

/// How fast a role of the plan answers, and how many things it can do at once.
#[derive(Debug, Clone)]
pub struct RoleSpeed {
    /// Its place in the plan's list of roles (a draw coordinate).
    pub index: u64,
    /// People on the roster: actions it can carry out at once (at least one).
    pub people: usize,
    /// First-response time, (min, max) seconds, in business hours and off hours.
    pub business_hours: (u64, u64),
    pub off_hours: (u64, u64),
}

/// Look-ups from ids to typed indices, for what arrives as text at run time (decisions).
#[derive(Debug, Clone)]
pub struct Lookup {
    pub segments: Ids<SegmentIx>,
    pub groups: Ids<GroupIx>,
    pub accounts: Ids<AccountIx>,
    pub backups: Ids<BackupIx>,
    pub iocs: Ids<IocIx>,
    pub vulnerabilities: Ids<VulnIx>,
    pub detections: Ids<DetectionIx>,
    pub injects: Ids<InjectIx>,
}

/// A scenario and plan, checked and resolved. The authoring model is kept for its text (names,
/// inject and alert texts), which runs copy into the timeline.
#[derive(Debug)]
pub struct Compiled {
    pub scenario: Scenario,
    pub plan: Plan,
    /// Seconds per tick, and the run's longest time.
    pub tick: u64,
    pub max: u64,
    /// For each segment, the segments it can reach directly.
    pub links: Vec<Vec<SegmentIx>>,
    pub groups: Vec<Group>,
    pub hosts: u32,
    pub accounts: usize,
    pub stores: Vec<Store>,
    pub backups: Vec<Backup>,
    pub services: Vec<Service>,
    pub stages: Vec<Stage>,
    /// The host groups each vulnerability is on.
    pub vulnerable_groups: Vec<Vec<GroupIx>>,
    pub detections: Vec<Detection>,
    pub injects: Vec<Inject>,
    /// Action durations the plan sets, in seconds.
    pub durations: BTreeMap<ActionKind, u64>,
    /// Roles the plan staffs.
    pub staffed: BTreeSet<String>,
    /// Each staffed role's speed and capacity.
    pub roles: BTreeMap<String, RoleSpeed>,
    pub calendar: WorkCalendar,
    pub lookup: Lookup,
    /// What the scenario says about each alert, for reading cues (playbook triggers, clock
    /// starts, rules).
    pub cues: Cues,
}

impl Lookup {
    /// The segments with these ids, in order.
    pub fn segment_list(&self, ids: &[String]) -> Result<Vec<SegmentIx>, String> {
        ids.iter().map(|s| self.segments.find(s).map_err(String::from)).collect()
    }
}

impl Compiled {
    pub fn segments(&self) -> usize {
        self.links.len()
    }

    /// The host indices in a segment: its groups come one after another, and so do their hosts.
    pub fn hosts_in(&self, segment: usize) -> std::ops::Range<u32> {
        let mut mine = self.groups.iter().filter(|g| g.segment.get() == segment).map(|g| g.first..g.first + g.count);
        let first = mine.next().unwrap_or(0..0);
        let end = mine.next_back().map_or(first.end, |last| last.end);
        first.start..end
    }

    /// How long an action takes, in seconds: a restore its backup's time, anything else the
    /// plan's duration for its kind or the catalogue's default.
    pub fn duration_of(&self, action: &Action) -> u64 {
        match action {
            Action::RestoreFromBackup(id) => {
                self.lookup.backups.get(id).map_or(0, |b| self.backups[b.get()].restore_seconds)
            }
            _ => {
                let kind = action.kind();
                self.durations.get(&kind).copied().unwrap_or_else(|| kind.default_seconds())
            }
        }
    }
}

/// Checks the scenario and plan and, if neither has an error, compiles them.
pub fn compile(scenario: Scenario, plan: Plan) -> Result<Arc<Compiled>, InvalidInput> {
    for (what, findings) in [("scenario", check_scenario(&scenario)), ("plan", check_plan(&plan))] {
        if let Some(error) = findings.list.iter().find(|f| f.level == Level::Error) {
            return Err(InvalidInput(format!("the {what} is invalid: {}", error.message)));
        }
    }
    // Validation has resolved every reference; a failure here is a gap in validation, reported
    // as invalid input rather than a panic.
    build(scenario, plan).map(Arc::new).map_err(|e| InvalidInput(format!("the scenario does not compile: {e}")))
}

fn seconds(duration: &crate::duration::HumanDuration) -> Result<u64, String> {
    duration.seconds().map_err(|e| e.to_string())
}

fn build(scenario: Scenario, plan: Plan) -> Result<Compiled, String> {
    let env = &scenario.environment;
    let adversary = &scenario.adversary;
    let lookup = Lookup {
        segments: Ids::new("segment", env.segments.iter().map(|s| &s.id), SegmentIx),
        groups: Ids::new("host group", env.segments.iter().flat_map(|s| &s.hosts).map(|g| &g.id), GroupIx),
        accounts: Ids::new("account", env.accounts.iter().map(|a| &a.id), AccountIx),
        backups: Ids::new("backup", env.backups.iter().map(|b| &b.id), BackupIx),
        iocs: Ids::new("indicator", adversary.iocs.iter().map(|x| &x.id), IocIx),
        vulnerabilities: Ids::new("vulnerability", adversary.vulnerabilities.iter().map(|v| &v.id), VulnIx),
        detections: Ids::new("detection", scenario.detections.iter().map(|d| &d.id), DetectionIx),
        injects: Ids::new("inject", scenario.injects.iter().map(|x| &x.id), InjectIx),
    };
    let stores = Ids::new("data store", env.data_stores.iter().map(|d| &d.id), StoreIx);
    let services = Ids::new("service", env.services.iter().map(|s| &s.id), ServiceIx);
    let stage_ids = Ids::new("stage", adversary.stages.iter().map(|s| &s.id), StageIx);

    let mut links = vec![Vec::new(); env.segments.len()];
    for link in &env.links {
        let (from, to) = (lookup.segments.find(&link.from)?, lookup.segments.find(&link.to)?);
        links[from.get()].push(to);
        if !link.one_way {
            links[to.get()].push(from);
        }
    }
    let mut checks = BTreeMap::new();
    for source::Defence::HostCheck { group, check_chance, recovery_chance, immunity_chance } in &env.defences {
        checks.insert(lookup.groups.find(group)?, (*check_chance, *recovery_chance, *immunity_chance));
    }
    let mut groups = Vec::new();
    let mut first = 0u32;
    for (s, segment) in env.segments.iter().enumerate() {
        for g in &segment.hosts {
            let ix = GroupIx(u16::try_from(groups.len()).map_err(|_| "too many host groups")?);
            groups.push(Group {
                id: g.id.clone(),
                segment: SegmentIx(u16::try_from(s).map_err(|_| "too many segments")?),
                first,
                count: g.count,
                topology: g.topology,
                check: checks.get(&ix).copied(),
            });
            first = first.checked_add(g.count).ok_or("too many hosts")?;
        }
    }
    let store_list = env
        .data_stores
        .iter()
        .map(|d| {
            let priced = d.classes.iter().filter_map(|c| env.costs.per_record.get(c).map(|rate| (*rate, *c)));
            Ok(Store {
                segment: lookup.segments.find(&d.segment)?,
                records: d.records,
                priced_as: priced.max_by(|a, b| a.0.total_cmp(&b.0)).map(|(_, class)| class),
                personal: d.classes.iter().any(|c| c.is_personal()),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let backup_list = env
        .backups
        .iter()
        .map(|b| {
            Ok(Backup {
                covers: lookup.segment_list(&b.covers)?,
                restore_seconds: seconds(&b.restore_time)?,
                reachable: b.reachable_by_adversary,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let service_list = env
        .services
        .iter()
        .map(|s| {
            Ok(Service {
                depends_on: lookup.segment_list(&s.depends_on)?,
                accounts: (0..env.accounts.len())
                    .filter(|&a| env.accounts[a].used_by.contains(&s.id))
                    .map(|a| AccountIx(u16::try_from(a).unwrap_or(u16::MAX)))
                    .collect(),
                cost_per_hour: s.cost_per_hour,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let resolve = model::Resolver { lookup: &lookup, stores: &stores, services: &services, stages: &stage_ids };
    let stages = adversary
        .stages
        .iter()
        .map(|s| {
            Ok(Stage {
                key: id_key(&s.id),
                after: s.after.iter().map(|a| stage_ids.find(a)).collect::<Result<_, _>>()?,
                needs: s.requires.iter().map(|r| resolve.need(r)).collect::<Result<_, _>>()?,
                chance: s.chance,
                effects: s.effects.iter().map(|e| resolve.effect(e)).collect::<Result<_, _>>()?,
                stopped_by: s
                    .stopped_by
                    .iter()
                    .map(|m| Ok((resolve.stop(m)?, Action::from(m))))
                    .collect::<Result<_, String>>()?,
                indicators: resolve.indicators_of(s)?,
                exploits: s
                    .requires
                    .iter()
                    .filter_map(|r| match r {
                        source::Requirement::Unpatched(v) => Some(lookup.vulnerabilities.find(v)),
                        _ => None,
                    })
                    .collect::<Result<_, _>>()?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let vulnerable_groups = adversary
        .vulnerabilities
        .iter()
        .map(|v| v.groups.iter().map(|g| lookup.groups.find(g)).collect::<Result<Vec<_>, _>>())
        .collect::<Result<Vec<_>, _>>()?;
    let detections = scenario
        .detections
        .iter()
        .map(|d| {
            let watches = match &d.watches {
                Watch::Stage(id) => vec![stage_ids.find(id)?],
                Watch::Technique(t) => {
                    (0..adversary.stages.len()).filter(|&i| &adversary.stages[i].technique == t).map(stage_ix).collect()
                }
            };
            Ok(Detection {
                key: id_key(&d.id),
                watches,
                chance: d.chance,
                delay: seconds(&d.delay)?,
                reveals: resolve.reveals(&d.alert.reveals)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let cues = model::InjectCueResolver {
        stages: &stage_ids,
        detections: &lookup.detections,
        injects: &lookup.injects,
        backups: &lookup.backups,
        services: &services,
    };
    let injects = scenario
        .injects
        .iter()
        .map(|x| Ok(Inject { cue: cues.cue(&x.trigger)?, reveals: resolve.reveals(&x.reveals)? }))
        .collect::<Result<Vec<_>, String>>()?;
    let durations =
        plan.action_durations.iter().map(|d| Ok((d.action, seconds(&d.duration)?))).collect::<Result<_, String>>()?;
    let range = |(lo, hi): &(crate::duration::HumanDuration, crate::duration::HumanDuration)| -> Result<_, String> {
        let (lo, hi) = (seconds(lo)?, seconds(hi)?);
        Ok((lo.min(hi), lo.max(hi)))
    };
    let roles = plan
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let speed = RoleSpeed {
                index: i as u64,
                people: r.roster.len().max(1),
                business_hours: range(&r.business_hours)?,
                off_hours: range(&r.off_hours)?,
            };
            Ok((r.role.clone(), speed))
        })
        .collect::<Result<_, String>>()?;
    let hours = &scenario.clock.business_hours;
    let calendar = WorkCalendar {
        start: DateTime::parse(&scenario.clock.start).ok(),
        days: hours.days.clone(),
        hours: parse_time_of_day(&hours.opens)?..parse_time_of_day(&hours.closes)?,
        holidays: plan.holidays.iter().filter_map(|h| Date::parse(h).ok()).collect(),
    };
    let tick = seconds(&scenario.clock.tick)?.max(1);
    let max = seconds(&scenario.clock.max_duration)?.max(tick);
    Ok(Compiled {
        tick,
        max,
        links,
        hosts: first,
        accounts: env.accounts.len(),
        stores: store_list,
        backups: backup_list,
        services: service_list,
        groups,
        stages,
        vulnerable_groups,
        detections,
        injects,
        durations,
        staffed: plan.roles.iter().map(|r| r.role.clone()).collect(),
        roles,
        calendar,
        lookup,
        cues: Cues::new(&scenario, &plan),
        scenario,
        plan,
    })
}

/// A stable 64-bit key for an id (FNV-1a).
fn id_key(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

fn stage_ix(i: usize) -> StageIx {
    StageIx(u16::try_from(i).unwrap_or(u16::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, parse_ron};

    fn read<T: serde::de::DeserializeOwned>(path: &str, edit: impl Fn(String) -> String) -> T {
        let text = edit(std::fs::read_to_string(path).unwrap());
        parse_ron(&SourceFile { name: path.into(), text }).unwrap()
    }

    fn minimal(edit: impl Fn(String) -> String) -> Result<Arc<Compiled>, InvalidInput> {
        compile(read("tests/fixtures/valid/minimal.ron", edit), read("tests/fixtures/valid/minimal-plan.ron", |t| t))
    }

    #[test]
    fn references_become_indices_and_times_seconds() {
        let compiled = minimal(|t| t).unwrap();
        let (office, servers) = (SegmentIx(0), SegmentIx(1));
        assert_eq!(compiled.links, vec![vec![servers], vec![office]]);
        assert_eq!((compiled.tick, compiled.max), (900, 2 * 86_400));
        // `encrypt` waits for `spread` and needs a foothold in the servers.
        assert_eq!(compiled.stages[3].after, vec![StageIx(1)]);
        assert_eq!(compiled.stages[3].needs, vec![Need::Foothold(servers)]);
        assert_eq!(compiled.detections[0].watches, vec![StageIx(3)]);
        assert_eq!(compiled.detections[0].delay, 300);
        assert_eq!(compiled.injects[1].cue, InjectCue::StageSucceeded(StageIx(3)));
        assert_eq!(compiled.backups[0].covers, vec![servers]);
        assert_eq!(compiled.backups[0].restore_seconds, 6 * 3_600);
        assert_eq!(compiled.groups[1].first, 120);
        assert_eq!(compiled.hosts, 124);
        assert_eq!((compiled.stores[0].priced_as, compiled.stores[0].personal), (Some(source::DataClass::Pii), true));
        assert_eq!(compiled.duration_of(&Action::RestoreFromBackup("nas".into())), 6 * 3_600);
        let missing = crate::rejection::Rejection::NoSuch { what: "host group".into(), id: "printers".into() };
        assert_eq!(compiled.lookup.groups.find("printers"), Err(missing.clone()));
        assert_eq!(missing.to_string(), "there is no host group `printers`");
    }

    #[test]
    fn an_invalid_scenario_does_not_compile() {
        let broken = minimal(|t| t.replace(r#"Foothold("servers")"#, r#"Foothold("sevrers")"#));
        let InvalidInput(message) = broken.unwrap_err();
        assert!(message.starts_with("the scenario is invalid: unknown segment `sevrers`"), "{message}");
    }
}
