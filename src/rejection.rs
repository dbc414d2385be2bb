//! Why the engine refused a decision, or why an accepted action failed when its time came. Typed
//! values in the timeline, so many runs can be counted by reason; the English for them is
//! written once, in `crate::wording`, for the console and the report alike.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Rejection {
    /// The role is not in the role catalogue.
    NotARole {
        role: String,
    },
    /// The plan neither staffs nor covers the role.
    RoleNotStaffed {
        role: String,
    },
    /// The scenario has no such thing (`what`: segment, host group, account, …).
    NoSuch {
        what: String,
        id: String,
    },
    HostsAlreadyIsolated {
        group: String,
    },
    SegmentAlreadyIsolated {
        segment: String,
    },
    /// No host of the group is known to be held: the segment was not investigated.
    NoHostKnownHeld {
        group: String,
    },
    SegmentNotIsolated {
        segment: String,
    },
    AccountAlreadyDisabled {
        account: String,
    },
    /// Nothing has shown the players this indicator.
    IndicatorNotSeen {
        indicator: String,
    },
    IndicatorAlreadyBlocked {
        indicator: String,
    },
    /// Nothing has shown the players this vulnerability exploited.
    VulnerabilityNotSeen {
        vulnerability: String,
    },
    AlreadyPatched {
        vulnerability: String,
    },
    BackupDestroyed {
        backup: String,
    },
    /// The backup was destroyed while the restore from it ran.
    BackupDestroyedDuringRestore {
        backup: String,
    },
    EmptyCustomAction,
    /// The payment left `left_ago` seconds before; recalls work only within `window` of leaving.
    RecallTooLate {
        left_ago: u64,
        window: u64,
    },
    NothingToRecall,
}
