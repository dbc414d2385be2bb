//! The journal: a run's inputs, one JSON line each, appended and flushed to disk (fsync) before
//! the console acknowledges them. Reading it back drops a torn last line with a warning.

use crate::action::Action;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The journal's first line: what the run started from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Version of ttx that started the run.
    pub ttx: String,
    pub scenario: String,
    pub scenario_hash: String,
    /// Where the scenario file was when the run started.
    #[serde(default)]
    pub scenario_path: Option<PathBuf>,
    pub plan: String,
    pub plan_hash: String,
    #[serde(default)]
    pub plan_path: Option<PathBuf>,
    pub seed: u64,
}

/// One input. `at` is the sim time (seconds since the start) when it was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Entry {
    Decision {
        at: u64,
        role: String,
        action: Action,
        rationale: String,
    },
    Note {
        at: u64,
        text: String,
    },
    Answer {
        at: u64,
        inject: String,
        question: usize,
        text: String,
    },
    /// The clock was moved on (`next`, `advance`, pacing) to the first tick at or after `to`.
    Advance {
        to: u64,
    },
    /// The last decision was taken back.
    Undo {
        at: u64,
    },
    /// The facilitator ended the drill.
    End {
        at: u64,
    },
    /// Input ran out: the drill runs on to its natural end with no further decisions.
    RunOut {
        at: u64,
    },
}

impl Entry {
    /// Whether the drill is over after this entry.
    pub fn finishes(&self) -> bool {
        matches!(self, Entry::End { .. } | Entry::RunOut { .. })
    }
}

/// An open journal file that inputs are appended to.
pub struct Journal {
    file: std::fs::File,
}

impl Journal {
    /// Opens an existing journal for appending, and holds it so that no other ttx process can
    /// run the same drill at the same time (the lock goes with the process, however it ends).
    pub fn append_to(path: &Path) -> std::io::Result<Journal> {
        let file = std::fs::OpenOptions::new().append(true).open(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Journal { file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(std::io::Error::other(format!(
                "another ttx is running this drill ({} is in use); continue there, or close it first",
                path.display()
            ))),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }

    /// Appends one entry and waits until it is on disk.
    pub fn record(&mut self, entry: &Entry) -> std::io::Result<()> {
        let line = serde_json::to_string(entry).map_err(std::io::Error::other)? + "\n";
        self.file.write_all(line.as_bytes())?;
        self.file.sync_data()
    }
}

/// A journal read back.
#[derive(Debug)]
pub struct Read {
    pub header: Header,
    pub entries: Vec<Entry>,
    /// Set when a torn last line was dropped: its line number.
    pub dropped_line: Option<usize>,
    /// Length in bytes of the part kept, to cut the torn line off before appending.
    pub kept_bytes: u64,
    /// Whether the part kept ends with a newline.
    pub ends_cleanly: bool,
}

/// Reads a journal. A last line cut short (power lost mid-write) is dropped; any other bad line
/// is an error `path:line:col: message`.
pub fn read(path: &Path) -> Result<Read, String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&text);
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    while lines.len() > 1 && lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop(); // blank lines at the end hold nothing
    }
    let mut dropped_line = None;
    let torn = |line: &str| !line.ends_with('\n') || serde_json::from_str::<serde_json::Value>(line).is_err();
    if lines.len() > 1 && lines.last().is_some_and(|l| torn(l)) {
        dropped_line = Some(lines.len());
        lines.pop();
    }
    let kept_bytes = lines.iter().map(|l| l.len() as u64).sum();
    let ends_cleanly = lines.last().is_some_and(|l| l.ends_with('\n'));
    let bad = |number: usize, e: serde_json::Error| format!("{}:{number}:{}: {e}", path.display(), e.column().max(1));
    let first = lines.first().ok_or_else(|| format!("{}:1:1: the journal is empty", path.display()))?;
    let header: Header = serde_json::from_str(first).map_err(|e| bad(1, e))?;
    let entries = lines[1..]
        .iter()
        .enumerate()
        .map(|(i, line)| serde_json::from_str(line).map_err(|e| bad(i + 2, e)))
        .collect::<Result<Vec<Entry>, String>>()?;
    Ok(Read { header, entries, dropped_line, kept_bytes, ends_cleanly })
}

/// Makes a journal that was read back fit for appending: cuts off what was dropped, and ends
/// the last whole line with its newline if that was missing.
pub fn repair(path: &Path, read: &Read) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.set_len(read.kept_bytes)?;
    if !read.ends_cleanly {
        use std::io::Seek;
        file.seek(std::io::SeekFrom::End(0))?;
        file.write_all(b"\n")?;
    }
    file.sync_all()
}
