//! The run folder `reports/<run-id>/`. A scripted drill writes it whole, through a temporary
//! folder renamed into place; a live drill creates it with its journal first and adds the
//! timeline and report at the end, each file atomically.

use super::journal::{Entry, Header, Journal};
use crate::atomic::{sync_dir, write_file};
use crate::timeline::Timeline;
use serde_json::json;
use std::path::{Path, PathBuf};

/// A 64-bit FNV-1a content hash, as text: enough to tell that a file changed.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("fnv1a64:{hash:016x}")
}

/// Where a run is written.
pub struct RunFolder {
    pub path: PathBuf,
}

impl RunFolder {
    /// `out/<run-id>`; refuses an existing folder unless `force`.
    pub fn new(out: &Path, run_id: &str, force: bool) -> Result<RunFolder, String> {
        let path = out.join(run_id);
        if path.exists() && !force {
            return Err(format!("`{}` already exists; pass --force to replace it", path.display()));
        }
        let journal = path.join("journal.jsonl");
        if journal.is_file() {
            // A console that holds the journal is running this drill: not even --force replaces it.
            Journal::append_to(&journal).map_err(|e| e.to_string())?;
        }
        Ok(RunFolder { path })
    }

    /// Writes `files` (name, contents) and the journal's header and `entries` into a temporary
    /// folder, then renames it into place: the run folder is complete or absent.
    pub fn write_all(&self, header: &Header, entries: &[Entry], files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
        let parent = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        let mut lines = vec![serde_json::to_string(header).map_err(std::io::Error::other)?];
        for entry in entries {
            lines.push(serde_json::to_string(entry).map_err(std::io::Error::other)?);
        }
        write_file(&staging.join("journal.jsonl"), (lines.join("\n") + "\n").as_bytes())?;
        for (name, bytes) in files {
            write_file(&staging.join(name), bytes)?;
        }
        sync_dir(&staging)?;
        if self.path.exists() {
            std::fs::remove_dir_all(&self.path)?;
        }
        std::fs::rename(&staging, &self.path)?;
        sync_dir(parent)
    }

    /// Creates the folder of a live drill with `files` and a journal holding only its header,
    /// and opens the journal for the inputs to come.
    pub fn start(&self, header: &Header, files: &[(String, Vec<u8>)]) -> std::io::Result<Journal> {
        self.write_all(header, &[], files)?;
        Journal::append_to(&self.path.join("journal.jsonl"))
    }
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
