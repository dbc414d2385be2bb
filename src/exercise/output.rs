//! The run folder `reports/<run-id>/`. A scripted drill writes it whole, into a new staging
//! folder that is swapped into place (the old folder, with `--force`, is moved aside first and
//! deleted last); a live drill creates it the same way with its journal first and adds the
//! timeline and report at the end, each file atomically. A run folder, or its journal, that is a
//! symbolic link is refused: nothing is written through a link.
//!
//! Staging and replaced folders are hidden folders next to the run folder, named
//! `.<run-id>.ttx-staging-<random>` and `.<run-id>.ttx-replaced-<random>`. A ttx process killed
//! mid-write leaves one behind; the next write of the same run removes those older than itself
//! whose journal no process holds.

use super::journal::{Entry, Header, Journal};
use crate::atomic::{is_present, new_folder, no_follow, refuse_link, sync_dir};
use crate::timeline::Timeline;
use serde_json::json;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Marks a folder being written, before it is renamed into place.
const STAGING: &str = "ttx-staging-";

/// Marks an old run folder moved aside by `--force`, before it is deleted.
const REPLACED: &str = "ttx-replaced-";

/// A 64-bit FNV-1a content hash, as text: enough to tell that a file changed.
pub fn content_hash(bytes: &[u8]) -> String {
    super::journal::sha256(bytes)
}

/// The content hash journals held before they were chained (FNV-1a, 64 bits): what a file is
/// checked against when such a journal is resumed.
pub fn legacy_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}

/// Where a run is written.
pub struct RunFolder {
    pub path: PathBuf,
    /// When this run began: staging folders older than this are left from earlier runs.
    started: SystemTime,
}

impl RunFolder {
    /// `out/<run-id>`; refuses an existing folder unless `force`, and a folder or journal that is
    /// a symbolic link.
    pub fn new(out: &Path, run_id: &str, force: bool) -> Result<RunFolder, String> {
        let path = out.join(run_id);
        let journal = path.join("journal.jsonl");
        refuse_link(&path).and_then(|()| refuse_link(&journal)).map_err(|e| e.to_string())?;
        if is_present(&path) && !force {
            return Err(format!("`{}` already exists; pass --force to replace it", path.display()));
        }
        if journal.is_file() {
            // A console that holds the journal is running this drill: not even --force replaces it.
            Journal::append_to(&journal).map_err(|e| e.to_string())?;
        }
        Ok(RunFolder { path, started: SystemTime::now() })
    }

    /// Writes `files` (name, contents) and the journal's header and `entries` into a new staging
    /// folder, then swaps it into place: the run folder is complete (old or new) or absent.
    pub fn write_all(&self, header: &Header, entries: &[Entry], files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
        let parent = self.parent();
        std::fs::create_dir_all(parent)?;
        refuse_link(&self.path)?;
        remove_stale(parent, &self.name(), self.started);
        let staging = new_folder(parent, &self.hidden(STAGING))?; // deleted if anything fails
        let journal = write_journal(&staging.path().join("journal.jsonl"), header, entries)?;
        for (name, bytes) in files {
            crate::atomic::write_new(&staging.path().join(name), bytes)?;
        }
        sync_dir(staging.path())?;
        swap_in(staging.path(), &self.path, &self.hidden(REPLACED), |_| {})?;
        drop(journal); // held until the folder is in place, so that no other ttx takes it as stale
        let _ = staging.keep(); // now the run folder: not to be deleted
        sync_dir(parent)
    }

    /// Creates the folder of a live drill with `files` and a journal holding only its header,
    /// and opens the journal for the inputs to come.
    pub fn start(&self, header: &Header, files: &[(String, Vec<u8>)]) -> std::io::Result<Journal> {
        self.write_all(header, &[], files)?;
        let header_line = serde_json::to_string(header).map_err(std::io::Error::other)?;
        Ok(Journal::append_to(&self.path.join("journal.jsonl"))?.after(super::journal::sha256(header_line.as_bytes())))
    }

    fn parent(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    fn name(&self) -> String {
        self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }

    /// The prefix of this run's hidden folders of one kind (`STAGING`, `REPLACED`).
    fn hidden(&self, kind: &str) -> String {
        format!(".{}.{kind}", self.name())
    }
}

/// Writes the journal (header and entries) as a new file and returns it, locked: while it is
/// held, no other ttx takes the folder it is in as left over.
fn write_journal(path: &Path, header: &Header, entries: &[Entry]) -> std::io::Result<File> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.lock()?;
    let lines = super::journal::chained(header, entries)?;
    file.write_all((lines.join("\n") + "\n").as_bytes())?;
    file.sync_all()?;
    Ok(file)
}

/// A step of `swap_in`, for tests that watch the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwapStep {
    /// The old folder was renamed aside (or there was none).
    MovedAside,
    /// The new folder was renamed into place.
    MovedIn,
    /// The old folder was deleted.
    Deleted,
}

/// Puts the folder `staging` in the place of `target`. An existing `target` is first renamed
/// aside (to a new hidden folder named `aside_prefix` and random characters, next to it), then
/// `staging` is renamed in, and only then is the old one deleted: until the new folder is in
/// place, the old one is whole. `step` is told of each step as it is done.
pub fn swap_in(
    staging: &Path,
    target: &Path,
    aside_prefix: &str,
    mut step: impl FnMut(SwapStep),
) -> std::io::Result<()> {
    let old = if is_present(target) { Some(move_aside(target, aside_prefix)?) } else { None };
    step(SwapStep::MovedAside);
    if let Err(e) = std::fs::rename(staging, target) {
        if let Some(old) = &old {
            let _ = std::fs::rename(old, target); // put the old folder back
        }
        return Err(e);
    }
    step(SwapStep::MovedIn);
    if let Some(old) = old {
        std::fs::remove_dir_all(&old)?;
    }
    step(SwapStep::Deleted);
    Ok(())
}

/// Renames the folder `target` to a new hidden name next to it; returns that name.
fn move_aside(target: &Path, prefix: &str) -> std::io::Result<PathBuf> {
    let parent = target.parent().unwrap_or(Path::new("."));
    // A new empty folder reserves an unpredictable name; renaming a folder onto an empty one
    // replaces it (on unix; elsewhere the reserved folder is removed first).
    let aside = new_folder(parent, prefix)?.keep();
    #[cfg(not(unix))]
    std::fs::remove_dir(&aside)?;
    if let Err(e) = std::fs::rename(target, &aside) {
        let _ = std::fs::remove_dir(&aside);
        return Err(e);
    }
    Ok(aside)
}

/// Removes this run's staging and replaced folders left by ttx processes that were killed:
/// hidden folders (not links) in `parent` named for the run, last changed before `started`,
/// whose journal no process holds. Failing to remove one is no reason to fail the run.
fn remove_stale(parent: &Path, name: &str, started: SystemTime) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.{STAGING}"), format!(".{name}.{REPLACED}")];
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let ours = file_name.to_str().is_some_and(|n| prefixes.iter().any(|p| n.starts_with(p.as_str())));
        let folder = entry.file_type().is_ok_and(|kind| kind.is_dir()); // the entry itself: not a link
        let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|changed| changed <= started);
        if ours && folder && old && !held(&entry.path().join("journal.jsonl")) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a live process holds the journal at `path` (a journal that is not there is not held).
fn held(path: &Path) -> bool {
    let Ok(file) = no_follow(OpenOptions::new().read(true)).open(path) else {
        return false;
    };
    matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock))
}

/// The timeline file: the run's identity and every event.
pub fn timeline_file(header: &Header, timeline: &Timeline) -> std::io::Result<(String, Vec<u8>)> {
    // The run's identity without where its files were, so that the timeline is the same anywhere.
    let run = json!({
        "ttx": header.ttx, "scenario": header.scenario, "scenario_hash": header.scenario_hash,
        "plan": header.plan, "plan_hash": header.plan_hash, "seed": header.seed,
    });
    let document = json!({ "run": run, "events": timeline.events });
    let text = serde_json::to_string_pretty(&document).map_err(std::io::Error::other)?;
    Ok(("timeline.json".into(), (text + "\n").into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which folders in `parent` hold a file `marker` with `contents`.
    fn holding(parent: &Path, contents: &str) -> Vec<PathBuf> {
        std::fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| std::fs::read_to_string(p.join("marker")).is_ok_and(|t| t == contents))
            .collect()
    }

    #[test]
    fn the_old_folder_is_whole_until_the_new_one_is_in_place() {
        let parent = tempfile::tempdir().unwrap();
        let (target, staging) = (parent.path().join("run"), parent.path().join(".run.ttx-staging-x"));
        for (folder, contents) in [(&target, "old"), (&staging, "new")] {
            std::fs::create_dir(folder).unwrap();
            std::fs::write(folder.join("marker"), contents).unwrap();
        }
        let mut steps = Vec::new();
        swap_in(&staging, &target, ".run.ttx-replaced-", |step| {
            let new_in_place = holding(parent.path(), "new") == std::slice::from_ref(&target);
            let old = holding(parent.path(), "old");
            assert!(new_in_place || old.len() == 1, "after {step:?}: neither the new folder in place nor the old one");
            if step == SwapStep::MovedAside {
                assert!(!new_in_place && old.len() == 1 && old[0] != target, "the old folder is aside, whole");
            }
            steps.push(step);
        })
        .unwrap();
        assert_eq!(steps, [SwapStep::MovedAside, SwapStep::MovedIn, SwapStep::Deleted]);
        assert_eq!(holding(parent.path(), "new"), std::slice::from_ref(&target));
        assert!(holding(parent.path(), "old").is_empty(), "the old folder is deleted at the end");
        assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 1, "nothing else is left");
    }

    #[test]
    fn a_failed_swap_puts_the_old_folder_back() {
        let parent = tempfile::tempdir().unwrap();
        let target = parent.path().join("run");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("marker"), "old").unwrap();
        let missing = parent.path().join(".run.ttx-staging-gone");
        assert!(swap_in(&missing, &target, ".run.ttx-replaced-", |_| {}).is_err());
        assert_eq!(holding(parent.path(), "old"), [target]);
        assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 1, "no folder left aside");
    }

    #[test]
    fn only_this_runs_old_unheld_hidden_folders_are_stale() {
        let parent = tempfile::tempdir().unwrap();
        let names = [".run.ttx-staging-a", ".run.ttx-replaced-b", ".run.ttx-staging-held", ".other.ttx-staging-c"];
        for name in names {
            std::fs::create_dir(parent.path().join(name)).unwrap();
            std::fs::write(parent.path().join(name).join("journal.jsonl"), "{}\n").unwrap();
        }
        let holder = File::open(parent.path().join(".run.ttx-staging-held/journal.jsonl")).unwrap();
        holder.lock().unwrap();
        remove_stale(parent.path(), "run", SystemTime::now());
        let mut left: Vec<String> = std::fs::read_dir(parent.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".other.ttx-staging-c", ".run.ttx-staging-held"]);
        let past = SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::create_dir(parent.path().join(".run.ttx-staging-new")).unwrap();
        remove_stale(parent.path(), "run", past);
        assert!(parent.path().join(".run.ttx-staging-new").is_dir(), "a folder newer than the run is kept");
    }
}
