//! A rejection in words, for the console's feed and the report's timeline.

use crate::duration::format_seconds;
use crate::rejection::Rejection;
use std::fmt;

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::NotARole { role } => write!(f, "`{role}` is not a role"),
            Rejection::RoleNotStaffed { role } => write!(f, "the plan neither staffs nor covers `{role}`"),
            Rejection::NoSuch { what, id } => write!(f, "there is no {what} `{id}`"),
            Rejection::HostsAlreadyIsolated { group } => write!(f, "every host of `{group}` is already isolated"),
            Rejection::SegmentAlreadyIsolated { segment } => write!(f, "segment `{segment}` is already isolated"),
            Rejection::NoHostKnownHeld { group } => {
                write!(f, "no host of `{group}` is known to be compromised: investigate its segment first")
            }
            Rejection::SegmentNotIsolated { segment } => write!(f, "segment `{segment}` is not isolated"),
            Rejection::AccountAlreadyDisabled { account } => write!(f, "account `{account}` is already disabled"),
            Rejection::IndicatorNotSeen { indicator } => write!(f, "the team has not seen indicator `{indicator}`"),
            Rejection::IndicatorAlreadyBlocked { indicator } => write!(f, "indicator `{indicator}` is already blocked"),
            Rejection::VulnerabilityNotSeen { vulnerability } => {
                write!(f, "the team has not seen vulnerability `{vulnerability}` exploited")
            }
            Rejection::AlreadyPatched { vulnerability } => write!(f, "`{vulnerability}` is already patched"),
            Rejection::BackupDestroyed { backup } => {
                write!(f, "backup `{backup}` was destroyed and cannot be restored")
            }
            Rejection::BackupDestroyedDuringRestore { backup } => {
                write!(f, "backup `{backup}` was destroyed while the restore ran")
            }
            Rejection::EmptyCustomAction => write!(f, "a custom action needs a description"),
            Rejection::RecallTooLate { left_ago, window } => write!(
                f,
                "too late: the payment left {} ago and can be recalled only within {} of leaving",
                format_seconds(*left_ago),
                format_seconds(*window)
            ),
            Rejection::NothingToRecall => write!(f, "no stolen payment to recall"),
        }
    }
}

/// Compilation reports a missing id in the same words (validation has already caught it).
impl From<Rejection> for String {
    fn from(rejection: Rejection) -> String {
        rejection.to_string()
    }
}
