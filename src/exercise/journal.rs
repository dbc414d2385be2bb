//! The journal: a run's inputs, one JSON line each, appended and flushed to disk (fsync) before
//! the console acknowledges them. Reading it back drops a torn last line with a warning; any
//! other bad line is an error at its line and column. A journal that is a symbolic link is
//! neither read nor written, and one larger than `MAX_JOURNAL_BYTES` is not read.
//!
//! It is an audit trail that shows tampering: each input line carries `prev`, the SHA-256 of the
//! line before it (the header's, for the first), and `wall`, the room's clock when it was given
//! (UTC; not on a drill played from a decisions file). The simulation never reads `wall`. Reading a journal checks the chain and names the
//! first line where it breaks; journals written before the chain still load, flagged unchained.

use crate::action::Action;
use crate::atomic::{MAX_JOURNAL_BYTES, Unread, no_follow, read_run_file, refuse_link};
use crate::diagnostic::{Diagnostic, Position, Span};
use crate::validate::{Failure, Report};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The journal's first line: what the run started from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Version of ttx that started the run.
    pub ttx: String,
    pub scenario: String,
    #[serde(deserialize_with = "content_hash_text")]
    pub scenario_hash: String,
    /// Where the scenario file was when the run started.
    #[serde(default)]
    pub scenario_path: Option<PathBuf>,
    pub plan: String,
    #[serde(deserialize_with = "content_hash_text")]
    pub plan_hash: String,
    #[serde(default)]
    pub plan_path: Option<PathBuf>,
    pub seed: u64,
    /// The room's clock when a live drill started (UTC); none for one played from a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
    /// Who facilitated it (`ttx run --facilitator`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator: Option<String>,
}

/// A content hash as `content_hash` writes it (`sha256:` and 64 lowercase hex digits), or as
/// journals written before it did (`fnv1a64:` and 16); anything else is an error at its place in
/// the header, not a "changed file" later.
fn content_hash_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    let hex =
        |digits: &str, n: usize| digits.len() == n && digits.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let sha = text.strip_prefix("sha256:").is_some_and(|d| hex(d, 64));
    let fnv = text.strip_prefix("fnv1a64:").is_some_and(|d| hex(d, 16));
    if sha || fnv {
        Ok(text)
    } else {
        Err(serde::de::Error::custom("a content hash is `sha256:` and 64 lowercase hex digits"))
    }
}

/// SHA-256 of `bytes`, as `sha256:` and 64 lowercase hex digits: content hashes and the chain.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// One input line as written: the entry, the room's clock and the link to the line before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Line {
    #[serde(flatten)]
    entry: Entry,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wall: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    prev: Option<String>,
}

/// Whether a journal read back is the one written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chain {
    /// Every line links to the one before it.
    Intact,
    /// Written before journals were chained: a change to it cannot be detected.
    Unchained,
    /// Line `line` does not link to the line before it: something was changed, removed or
    /// inserted there or just before.
    Broken { line: usize },
}

/// The lines of a journal holding `header` and `entries` played from a file, chained. They carry
/// no wall-clock stamp: no one typed them, and the same file makes the same journal.
pub fn chained(header: &Header, entries: &[Entry]) -> std::io::Result<Vec<String>> {
    let mut lines = vec![serde_json::to_string(header).map_err(std::io::Error::other)?];
    for entry in entries {
        let prev = lines.last().map(|l| sha256(l.as_bytes()));
        let line = Line { entry: entry.clone(), wall: None, prev };
        lines.push(serde_json::to_string(&line).map_err(std::io::Error::other)?);
    }
    Ok(lines)
}

/// The room's clock now, UTC to the second (`2026-12-05T09:30:00Z`).
pub fn wall_now() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let date = crate::calendar::Date::from_days_since_epoch((seconds / 86_400) as i64);
    let of_day = seconds % 86_400;
    format!("{date}T{:02}:{:02}:{:02}Z", of_day / 3_600, of_day / 60 % 60, of_day % 60)
}

/// Seconds since 1970 of a stamp as [`wall_now`] writes it; `None` for anything else.
pub fn wall_seconds(text: &str) -> Option<i64> {
    let (date, time) = text.strip_suffix('Z')?.split_once('T')?;
    let days = crate::calendar::Date::parse(date).ok()?.days_since_epoch();
    let parts: Vec<i64> = time.split(':').map(|p| p.parse().ok().filter(|_| p.len() == 2)).collect::<Option<_>>()?;
    let [h, m, s] = parts[..] else { return None };
    ((0..24).contains(&h) && (0..60).contains(&m) && (0..60).contains(&s))
        .then_some(days * 86_400 + h * 3_600 + m * 60 + s)
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
    /// A remark captured in the hot wash.
    Hotwash {
        at: u64,
        kind: crate::evaluate::model::RemarkKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        capability: Option<String>,
        from: String,
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
    /// The facilitator sent an inject by hand, held one back or released it.
    Inject {
        at: u64,
        inject: String,
        order: crate::engine::InjectOrder,
    },
    /// The last clock move was taken back: the drill is as it was at `to`, before that move.
    /// Replaying drops the move (see [`in_effect`]).
    Rewind {
        to: u64,
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

/// The inputs as they stand once every `Rewind` has taken back its clock move, each with its
/// place in `entries`; or the place of a rewind with no clock move before it.
pub fn in_effect(entries: &[Entry]) -> Result<Vec<(usize, &Entry)>, usize> {
    let mut kept: Vec<(usize, &Entry)> = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        if let Entry::Rewind { .. } = entry {
            let last_move = kept.iter().rposition(|(_, e)| matches!(e, Entry::Advance { .. })).ok_or(i)?;
            kept.remove(last_move);
        } else {
            kept.push((i, entry));
        }
    }
    Ok(kept)
}

/// An open journal file that inputs are appended to.
pub struct Journal {
    file: std::fs::File,
    /// The link to the last line written: what the next line's `prev` holds.
    last: String,
}

impl Journal {
    /// Opens an existing journal for appending, and holds it so that no other ttx process can
    /// run the same drill at the same time (the lock goes with the process, however it ends).
    pub fn append_to(path: &Path) -> std::io::Result<Journal> {
        refuse_link(path)?;
        let file = no_follow(std::fs::OpenOptions::new().append(true)).open(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Journal { file, last: String::new() }),
            Err(std::fs::TryLockError::WouldBlock) => Err(std::io::Error::other(format!(
                "another ttx is running this drill ({} is in use); continue there, or close it first",
                path.display()
            ))),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }

    /// The journal goes on after the line whose link is `last` (see [`Read::last_link`]).
    pub fn after(mut self, last: String) -> Journal {
        self.last = last;
        self
    }

    /// Appends one entry, chained and stamped with the room's clock, and waits until it is on disk.
    /// Returns the stamp.
    pub fn record(&mut self, entry: &Entry) -> std::io::Result<String> {
        let wall = wall_now();
        let line = Line { entry: entry.clone(), wall: Some(wall.clone()), prev: Some(self.last.clone()) };
        let text = serde_json::to_string(&line).map_err(std::io::Error::other)?;
        self.file.write_all((text.clone() + "\n").as_bytes())?;
        self.file.sync_data()?;
        self.last = sha256(text.as_bytes());
        Ok(wall)
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
    /// Whether the lines link up.
    pub chain: Chain,
    /// Each entry's wall-clock stamp, when it has one.
    pub walls: Vec<Option<String>>,
    /// The link to the last line kept: what the next input's `prev` holds.
    pub last_link: String,
}

/// Why a journal could not be read back.
#[derive(Debug)]
pub enum ReadError {
    /// The file was not read: I/O, a link, not a regular file, too large.
    File(Unread),
    /// A line that is not what a journal holds there: where (1-based, the column in characters)
    /// and why.
    Line { line: usize, column: usize, message: String },
}

impl ReadError {
    /// The command's failure: an `invalid-run` diagnostic at the bad line (exit 2), or the reason
    /// the file was not read.
    pub fn failure(self, path: &Path) -> Failure {
        match self {
            ReadError::File(unread) => unread.failure(path),
            ReadError::Line { line, column, message } => {
                let position = Position { line, column };
                let diagnostic = Diagnostic::error("invalid-run", &path.display().to_string(), message)
                    .at(Span { start: position, end: position });
                let mut report = Report::default();
                report.diagnostics.push(diagnostic);
                Failure::Invalid(report)
            }
        }
    }
}

/// Reads a journal. A last line cut short (power lost mid-write) is dropped; any other bad line
/// is an error at its line and column.
pub fn read(path: &Path) -> Result<Read, ReadError> {
    let bytes = read_run_file(path, MAX_JOURNAL_BYTES).map_err(ReadError::File)?;
    let mut lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    while lines.len() > 1 && lines.last().is_some_and(|l| l.trim_ascii().is_empty()) {
        lines.pop(); // blank lines at the end hold nothing
    }
    let mut dropped_line = None;
    let torn = |line: &[u8]| !line.ends_with(b"\n") || serde_json::from_slice::<serde_json::Value>(line).is_err();
    if lines.len() > 1 && lines.last().is_some_and(|l| torn(l)) {
        dropped_line = Some(lines.len());
        lines.pop();
    }
    let kept_bytes = lines.iter().map(|l| l.len() as u64).sum();
    let ends_cleanly = lines.last().is_some_and(|l| l.ends_with(b"\n"));
    let first = lines.first().ok_or_else(|| bad_line(1, 1, "the journal is empty".into()))?;
    let header: Header = parse_line(1, first)?;
    let read: Vec<Line> =
        lines[1..].iter().enumerate().map(|(i, line)| parse_line(i + 2, line)).collect::<Result<_, _>>()?;
    let link = |line: &[u8]| sha256(line.strip_suffix(b"\n").unwrap_or(line));
    let chain = if read.iter().all(|l| l.prev.is_none()) {
        Chain::Unchained
    } else {
        let broken = read.iter().enumerate().find(|(i, l)| l.prev.as_deref() != Some(link(lines[*i]).as_str()));
        broken.map_or(Chain::Intact, |(i, _)| Chain::Broken { line: i + 2 })
    };
    let last_link = lines.last().map(|l| link(l)).unwrap_or_default();
    let walls = read.iter().map(|l| l.wall.clone()).collect();
    let entries = read.into_iter().map(|l| l.entry).collect();
    Ok(Read { header, entries, dropped_line, kept_bytes, ends_cleanly, chain, walls, last_link })
}

impl Read {
    /// An error at the first line where the chain breaks, for a journal that was changed after it
    /// was written.
    pub fn tampered(&self) -> Option<ReadError> {
        match self.chain {
            Chain::Broken { line } => Some(bad_line(
                line,
                1,
                format!(
                    "the journal was changed after it was written: line {line} does not follow from line {} (an \
                     input changed, removed or inserted)",
                    line - 1
                ),
            )),
            Chain::Intact | Chain::Unchained => None,
        }
    }
}

fn bad_line(line: usize, column: usize, message: String) -> ReadError {
    ReadError::Line { line, column, message }
}

/// Line `number` of the journal as a `T`.
fn parse_line<T: DeserializeOwned>(number: usize, line: &[u8]) -> Result<T, ReadError> {
    let text = std::str::from_utf8(line).map_err(|e| {
        let column = String::from_utf8_lossy(&line[..e.valid_up_to()]).chars().count() + 1;
        bad_line(number, column, "the line is not UTF-8 text".into())
    })?;
    serde_json::from_str(text).map_err(|e| bad_line(number, char_column(text, e.column()), json_message(&e)))
}

/// The column in characters of serde_json's column in bytes (both 1-based) on a line of `text`.
pub fn char_column(text: &str, byte_column: usize) -> usize {
    let before = byte_column.saturating_sub(1);
    text.char_indices().take_while(|(i, _)| *i < before).count() + 1
}

/// serde_json's message without its own " at line L column C" (the diagnostic says where).
pub fn json_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    message.strip_suffix(&position).map(str::to_string).unwrap_or(message)
}

/// Makes a journal that was read back fit for appending: cuts off what was dropped, and ends
/// the last whole line with its newline if that was missing.
pub fn repair(path: &Path, read: &Read) -> std::io::Result<()> {
    refuse_link(path)?;
    let mut file = no_follow(std::fs::OpenOptions::new().write(true)).open(path)?;
    file.set_len(read.kept_bytes)?;
    if !read.ends_cleanly {
        use std::io::Seek;
        file.seek(std::io::SeekFrom::End(0))?;
        file.write_all(b"\n")?;
    }
    file.sync_all()
}
