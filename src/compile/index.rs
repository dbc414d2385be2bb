//! Typed indices into a compiled scenario, one type per kind of thing, so that a stage index can
//! never be used as a segment, and a look-up by id for each kind (no string-keyed kinds).

use crate::rejection::Rejection;
use std::collections::BTreeMap;

macro_rules! indices {
    ($($name:ident: $what:literal),* $(,)?) => {
        $(
            #[doc = concat!("The index of a ", $what, " in the compiled scenario (its place in the file's list).")]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub struct $name(pub u16);

            impl $name {
                pub fn get(self) -> usize {
                    usize::from(self.0)
                }
            }
        )*
    };
}

indices!(
    SegmentIx: "network segment",
    GroupIx: "host group",
    AccountIx: "account",
    StoreIx: "data store",
    BackupIx: "backup",
    ServiceIx: "business service",
    IocIx: "indicator",
    VulnIx: "vulnerability",
    StageIx: "stage",
    DetectionIx: "detection",
    InjectIx: "inject",
);

/// Ids of one kind of thing, to their typed index.
#[derive(Debug, Clone)]
pub struct Ids<T> {
    what: &'static str,
    by_id: BTreeMap<String, T>,
}

impl<T: Copy> Ids<T> {
    /// Numbers the ids in their order; `make` turns a position into the typed index. Lists are
    /// at most 1 024 long (validation), so every position fits.
    pub fn new<'a>(what: &'static str, ids: impl Iterator<Item = &'a String>, make: fn(u16) -> T) -> Self {
        let by_id = ids.enumerate().map(|(i, id)| (id.clone(), make(u16::try_from(i).unwrap_or(u16::MAX)))).collect();
        Ids { what, by_id }
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<T> {
        self.by_id.get(id).copied()
    }

    /// The index of `id`, or why there is none (there is no segment `x`).
    pub fn find(&self, id: &str) -> Result<T, Rejection> {
        self.get(id).ok_or_else(|| Rejection::NoSuch { what: self.what.into(), id: id.into() })
    }
}
