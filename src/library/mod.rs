//! The scenario library: the shipped scenarios, plans and decisions built into the binary, and
//! a folder on disk (`--scenarios`, `TTX_SCENARIOS`, or `./scenarios` when present) that adds to
//! them and overrides them by id. Every command finds its files here, by path or by id.

mod built_in;
mod print;
pub(crate) mod show;

use crate::diagnostic::{Diagnostic, suggest};
use crate::scenario::model::Scenario;
use crate::source::{FileKind, SourceFile, detect_kind, read_source, ron_files};
use crate::terminal::inert_line;
use crate::validate::{Parsed, Report, load_source};
use std::path::{Path, PathBuf};

/// The folder `ttx` reads a library from when none is named and it is present.
pub const DEFAULT_FOLDER: &str = "scenarios";

/// Where a library file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the binary: its path under the shipped `scenarios/`.
    BuiltIn(&'static str),
    /// A file on disk.
    Disk(PathBuf),
}

impl Origin {
    /// The name diagnostics give the file: its path, or `<built-in>/plans/enterprise-24x7.ron`.
    pub fn name(&self) -> String {
        match self {
            Origin::BuiltIn(path) => built_in::name(path),
            Origin::Disk(path) => path.display().to_string(),
        }
    }

    /// The file on disk, if it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::BuiltIn(_) => None,
            Origin::Disk(path) => Some(path),
        }
    }
}

/// A file of the library, read and checked.
#[derive(Debug, Clone)]
pub struct Entry {
    pub origin: Origin,
    /// The text it was parsed from.
    pub text: String,
    pub parsed: Parsed,
}

/// A file of one kind as the library holds it: the id it goes by (the file's name when it is
/// invalid), and its content or why it cannot be used.
struct Found {
    id: String,
    file: Result<Entry, Report>,
}

/// The built-in library and, when given, a folder on disk over it.
pub struct Library {
    folder: Option<PathBuf>,
}

impl Library {
    /// The built-in library, added to and overridden by the files under `folder`.
    pub fn new(folder: Option<PathBuf>) -> Self {
        Library { folder }
    }

    /// The library the command line asks for: the folder named by `--scenarios` or
    /// `TTX_SCENARIOS`, else `./scenarios` when present, over the built-in one. A named folder
    /// that is missing gets a warning, and the built-in library alone serves.
    pub fn chosen(named: Option<PathBuf>) -> Self {
        match named {
            Some(folder) if !folder.is_dir() => {
                eprintln!(
                    "warning: no scenario library at `{}`; using the built-in one",
                    inert_line(&folder.display().to_string())
                );
                Library::new(None)
            }
            Some(folder) => Library::new(Some(folder)),
            None => Library::new(Some(PathBuf::from(DEFAULT_FOLDER)).filter(|f| f.is_dir())),
        }
    }

    /// Every valid file of `kind`, one per id (a file on disk before a built-in one), in id
    /// order; and the reports of invalid ones.
    pub fn files_of(&self, kind: FileKind) -> (Vec<Entry>, Vec<Report>) {
        let (mut good, mut bad) = (Vec::new(), Vec::new());
        for found in self.found(kind) {
            match found.file {
                Ok(entry) => good.push(entry),
                Err(report) => bad.push(report),
            }
        }
        (good, bad)
    }

    /// Every valid scenario in the library, and the reports of invalid ones.
    pub fn scenarios(&self) -> (Vec<(Origin, Scenario)>, Vec<Report>) {
        let (files, bad) = self.files_of(FileKind::Scenario);
        let good = files.into_iter().filter_map(|entry| match entry.parsed {
            Parsed::Scenario(s) => Some((entry.origin, *s)),
            _ => None,
        });
        (good.collect(), bad)
    }

    /// The valid scenarios and plans, which decisions files are checked against.
    pub fn targets(&self) -> Vec<Parsed> {
        let scenarios = self.files_of(FileKind::Scenario).0.into_iter();
        scenarios.chain(self.files_of(FileKind::Plan).0).map(|entry| entry.parsed).collect()
    }

    /// A file of `kind` named by path, or by its id in the library (a decisions file's id is
    /// its file name without `.ron`). An invalid file on disk with that name gives its report.
    pub fn find(&self, name: &str, kind: FileKind) -> Result<Entry, Report> {
        let path = Path::new(name);
        if path.is_file() {
            let source = read_source(path).map_err(report_of)?;
            return entry(Origin::Disk(path.to_path_buf()), source, kind);
        }
        let found = self.found(kind);
        let ids: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
        let hint =
            suggest::hint(name, ids.iter().copied()).or_else(|| Some("run `ttx list` to see the scenarios".into()));
        let what = format!("{kind:?}").to_lowercase();
        let message = format!("no {what} file `{name}`, and no {what} with that id in {}", self.describe());
        let not_found = Diagnostic::error("not-found", name, message).with_hint(hint);
        match found.into_iter().find(|f| f.id == name) {
            Some(found) => found.file,
            None => Err(report_of(not_found)),
        }
    }

    /// A scenario named by path, or by its id in the library.
    pub fn find_scenario(&self, name: &str) -> Result<Scenario, Report> {
        match self.find(name, FileKind::Scenario)?.parsed {
            Parsed::Scenario(s) => Ok(*s),
            _ => Err(Report::default()),
        }
    }

    /// The library in words: "the built-in library" or "the built-in library or `scenarios`".
    fn describe(&self) -> String {
        match &self.folder {
            Some(folder) => format!("the built-in library or `{}`", folder.display()),
            None => "the built-in library".into(),
        }
    }

    /// The files of `kind`: those on disk in path order, then the built-in ones; the first with
    /// an id is the one that goes by it. Files that are not of `kind`, or cannot be read or
    /// told apart, are left to `ttx validate`.
    fn found(&self, kind: FileKind) -> Vec<Found> {
        let disk = self.folder.iter().flat_map(|folder| ron_files(folder).unwrap_or_default()).filter_map(|path| {
            let source = read_source(&path).ok()?;
            Some((Origin::Disk(path), source))
        });
        let built_in = built_in::FILES.iter().map(|(path, text)| {
            (Origin::BuiltIn(path), SourceFile { name: built_in::name(path), text: (*text).to_string() })
        });
        let mut found: Vec<Found> = Vec::new();
        for (origin, source) in disk.chain(built_in) {
            if detect_kind(&source).ok() != Some(kind) {
                continue;
            }
            let stem = Path::new(&source.name).file_stem().map(|s| s.to_string_lossy().into_owned());
            let file = entry(origin, source, kind);
            let id = match &file {
                Ok(entry) => id_of(entry),
                Err(_) => stem.unwrap_or_default(),
            };
            if !found.iter().any(|f| f.id == id) {
                found.push(Found { id, file });
            }
        }
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found
    }
}

/// The id a library file goes by: a scenario's or plan's own, a decisions file's name.
fn id_of(entry: &Entry) -> String {
    match &entry.parsed {
        Parsed::Scenario(s) => s.id.clone(),
        Parsed::Plan(p) => p.id.clone(),
        Parsed::Decisions(_) => {
            let name = match &entry.origin {
                Origin::BuiltIn(path) => Path::new(path),
                Origin::Disk(path) => path.as_path(),
            };
            name.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
        }
    }
}

/// Checks `source`, which must be of `kind`.
fn entry(origin: Origin, source: SourceFile, kind: FileKind) -> Result<Entry, Report> {
    let text = source.text.clone();
    load_source(source, kind).map(|parsed| Entry { origin, text, parsed })
}

fn report_of(diagnostic: Diagnostic) -> Report {
    Report { diagnostics: vec![diagnostic], ..Report::default() }
}
