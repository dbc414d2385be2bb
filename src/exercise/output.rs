//! The run folder `reports/<run-id>/`: journal and timeline, written to a temporary folder
//! and renamed into place, so a run folder is either complete or absent.

use crate::timeline::Timeline;
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The identity of a run's inputs, recorded at the top of its journal and timeline.
#[derive(Debug, Clone)]
pub struct RunInputs {
    pub scenario_id: String,
    pub scenario_hash: String,
    pub plan_id: String,
    pub plan_hash: String,
    pub seed: u64,
}

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
        Ok(RunFolder { path })
    }

    /// Writes the journal (inputs), the timeline (what happened) and `files` (name, contents) atomically.
    pub fn write(
        &self,
        inputs: &RunInputs,
        journal: &[serde_json::Value],
        timeline: &Timeline,
        files: &[(String, Vec<u8>)],
    ) -> std::io::Result<()> {
        let parent = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        let header = json!({
            "ttx": env!("CARGO_PKG_VERSION"),
            "scenario": inputs.scenario_id, "scenario_hash": inputs.scenario_hash,
            "plan": inputs.plan_id, "plan_hash": inputs.plan_hash,
            "seed": inputs.seed,
        });
        let mut lines = vec![header.to_string()];
        lines.extend(journal.iter().map(|entry| entry.to_string()));
        write_file(&staging.join("journal.jsonl"), (lines.join("\n") + "\n").as_bytes())?;
        let document = json!({ "run": header, "events": timeline.events });
        let text = serde_json::to_string_pretty(&document).map_err(std::io::Error::other)?;
        write_file(&staging.join("timeline.json"), (text + "\n").as_bytes())?;
        for (name, bytes) in files {
            write_file(&staging.join(name), bytes)?;
        }
        if self.path.exists() {
            std::fs::remove_dir_all(&self.path)?;
        }
        std::fs::rename(&staging, &self.path)
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
