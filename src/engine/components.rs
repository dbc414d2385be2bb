//! Components: the environment as entities. Hosts (one entity each, grouped), segments,
//! accounts, data stores, backups and business services, each with its changing status.

use bevy_ecs::prelude::*;

/// Where a host belongs; `index` is its place in the run's host list.
#[derive(Component, Debug, Clone, Copy)]
pub struct Host {
    pub index: u32,
    pub group: u16,
    pub segment: u16,
}

/// The adversary's hold on a host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HostState {
    Clean,
    Compromised,
    Encrypted,
}

#[derive(Component, Debug, Clone, Copy)]
pub struct HostStatus {
    pub state: HostState,
    /// Cut off the network by the team: the adversary can no longer act on or from it.
    pub isolated: bool,
    /// Cannot be compromised again (an automated defence made it resistant).
    pub immune: bool,
}

impl HostStatus {
    pub const CLEAN: HostStatus = HostStatus { state: HostState::Clean, isolated: false, immune: false };

    /// The adversary could take it.
    pub fn is_exposed(self) -> bool {
        self.state == HostState::Clean && !self.isolated && !self.immune
    }
}

#[derive(Component, Debug, Clone, Copy)]
pub struct Segment {
    pub index: u16,
    pub isolated: bool,
}

#[derive(Component, Debug, Clone, Copy)]
pub struct Account {
    pub index: u16,
    /// Disabled by the team.
    pub revoked: bool,
    /// Credentials reset by the team (the adversary's copy stops working).
    pub reset: bool,
    /// The adversary holds working credentials.
    pub held_by_adversary: bool,
}

#[derive(Component, Debug, Clone, Copy)]
pub struct DataStore {
    pub index: u16,
    pub exfiltrated: u64,
}

#[derive(Component, Debug, Clone, Copy)]
pub struct Backup {
    pub index: u16,
    pub destroyed: bool,
}

#[derive(Component, Debug, Clone, Copy)]
pub struct Service {
    pub index: u16,
    pub down_since: Option<u64>,
    /// Seconds of downtime so far.
    pub downtime: u64,
    /// The share of its capacity a stage takes away while the service is up, as last recorded
    /// in the timeline; 0 when it runs in full.
    pub degraded: f64,
    /// Seconds of degraded running so far, each weighted by the share lost.
    pub degraded_loss: f64,
}
