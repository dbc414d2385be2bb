//! Files in a run folder, written so that a reader never sees half of one and read back within a
//! size limit. Each file is written to a new temporary file with an unpredictable name in the same
//! folder (created exclusively), flushed to disk and renamed into place. Links are never followed:
//! a run folder, or a file in it that is about to be replaced or read, that is a symbolic link is
//! refused, so nothing outside the folder is read or written through one. Only regular files are
//! read, so a pipe or a device never blocks or floods a read.

use crate::diagnostic::Diagnostic;
use crate::validate::{Failure, Report};
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// A file to write: its name in the folder, and its contents.
pub type NamedFile = (String, Vec<u8>);

/// The largest `journal.jsonl` read back: 64 MiB. A journal holds what the room typed: kilobytes
/// for a drill.
pub const MAX_JOURNAL_BYTES: u64 = 64 * 1024 * 1024;

/// The largest `timeline.json` read back: 64 MiB. The shipped scenarios write under 300 KiB.
pub const MAX_TIMELINE_BYTES: u64 = 64 * 1024 * 1024;

/// The largest copy of a scenario or plan read back: the limit on any input file.
pub const MAX_COPY_BYTES: u64 = crate::source::MAX_FILE_BYTES;

/// Permissions of the files ttx writes (before the umask).
#[cfg(unix)]
const FILE_MODE: u32 = 0o666;

/// Permissions of the folders ttx creates (before the umask).
#[cfg(unix)]
const FOLDER_MODE: u32 = 0o777;

/// Writes `bytes` to a new file at `path`, which must not exist yet (not even as a link), and
/// flushes them to disk.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Writes files (name, contents) into an existing folder, each atomically. Refuses, before
/// writing anything, when the folder or a file it would replace is a symbolic link.
pub fn write_each(folder: &Path, files: &[NamedFile]) -> io::Result<()> {
    refuse_link(folder)?;
    for (name, _) in files {
        refuse_link(&folder.join(name))?;
    }
    for (name, bytes) in files {
        let mut temporary = builder(&format!(".{name}."), false).suffix(".partial").tempfile_in(folder)?;
        temporary.write_all(bytes)?;
        temporary.as_file().sync_all()?;
        temporary.persist(folder.join(name)).map_err(|e| e.error)?;
    }
    sync_dir(folder)
}

/// Creates a new folder in `parent` named `prefix` and random characters (never an existing
/// name or a link); it is deleted when dropped unless kept.
pub fn new_folder(parent: &Path, prefix: &str) -> io::Result<tempfile::TempDir> {
    builder(prefix, true).tempdir_in(parent)
}

fn builder(prefix: &str, folder: bool) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(if folder { FOLDER_MODE } else { FILE_MODE }));
    }
    #[cfg(not(unix))]
    let _ = folder;
    builder
}

/// Makes renames in a folder durable.
pub fn sync_dir(folder: &Path) -> io::Result<()> {
    File::open(folder)?.sync_all()
}

/// Refuses `path` when it is a symbolic link; a path that does not exist is fine.
pub fn refuse_link(path: &Path) -> io::Result<()> {
    if is_link(path)? {
        return Err(io::Error::other(format!(
            "`{}` is a symbolic link; ttx does not follow links in a run folder (replace it with the file itself)",
            path.display()
        )));
    }
    Ok(())
}

/// Whether `path` itself (not what it points to) is a symbolic link.
pub fn is_link(path: &Path) -> io::Result<bool> {
    // Rebuilt from its components, the path loses a trailing `/`, which would follow the link.
    let path: PathBuf = path.components().collect();
    match std::fs::symlink_metadata(&path) {
        Ok(meta) => Ok(meta.file_type().is_symlink()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Whether anything (a file, a folder, a link) is at `path`, without following a link.
pub fn is_present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Options that do not follow a link at the last component of the path (on unix).
pub fn no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Unread {
    /// It could not be opened or read.
    Io(io::Error),
    /// It is not a regular file: what it is instead ("a pipe", "a symbolic link"…).
    NotAFile(&'static str),
    /// It is larger than the limit, in bytes.
    TooLarge(u64),
}

impl Unread {
    /// The command's failure: exit 1 for I/O, exit 2 for a file ttx does not read.
    pub fn failure(self, path: &Path) -> Failure {
        match self.diagnostic(&path.display().to_string()) {
            Ok(diagnostic) => {
                let mut report = Report::default();
                report.diagnostics.push(diagnostic);
                Failure::Invalid(report)
            }
            Err(e) => Failure::Io(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// The diagnostic for a file ttx does not read, or the I/O error.
    pub fn diagnostic(self, file: &str) -> Result<Diagnostic, io::Error> {
        match self {
            Unread::Io(e) => Err(e),
            Unread::NotAFile(what) => Ok(Diagnostic::error("not-a-file", file, format!("{what}, not a regular file"))
                .with_hint(Some("ttx reads only regular files (not links in a run folder, pipes or devices)".into()))),
            Unread::TooLarge(limit) => Ok(Diagnostic::error(
                "file-too-large",
                file,
                format!("file is larger than the limit of {} MiB", limit / (1024 * 1024)),
            )),
        }
    }
}

impl From<io::Error> for Unread {
    fn from(e: io::Error) -> Self {
        Unread::Io(e)
    }
}

/// Reads a file in a run folder: a regular file, not a link, of at most `limit` bytes.
pub fn read_run_file(path: &Path, limit: u64) -> Result<Vec<u8>, Unread> {
    read_limited(path, limit, false)
}

/// Reads an input file (a link to one is followed): a regular file of at most `limit` bytes.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, Unread> {
    read_limited(path, limit, true)
}

fn read_limited(path: &Path, limit: u64, follow: bool) -> Result<Vec<u8>, Unread> {
    let (file, size) = open_regular(path, follow)?;
    if size > limit {
        return Err(Unread::TooLarge(limit));
    }
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Unread::TooLarge(limit)); // it grew while being read
    }
    Ok(bytes)
}

/// Opens `path` for reading and checks, on the open file, that it is a regular file; returns it
/// with its size. The open never blocks on a pipe, and follows no link unless `follow`.
pub fn open_regular(path: &Path, follow: bool) -> Result<(File, u64), Unread> {
    if !follow && is_link(path)? {
        return Err(Unread::NotAFile("a symbolic link"));
    }
    #[cfg(not(unix))]
    if !std::fs::metadata(path)?.is_file() {
        return Err(Unread::NotAFile(kind(&std::fs::metadata(path)?)));
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | if follow { 0 } else { libc::O_NOFOLLOW });
    }
    let file = options.open(path).map_err(|e| link_error(e, follow))?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Unread::NotAFile(kind(&meta)));
    }
    Ok((file, meta.len()))
}

/// A link met by an open that does not follow links (it appeared after the check).
fn link_error(e: io::Error, follow: bool) -> Unread {
    #[cfg(unix)]
    if !follow && e.raw_os_error() == Some(libc::ELOOP) {
        return Unread::NotAFile("a symbolic link");
    }
    #[cfg(not(unix))]
    let _ = follow;
    Unread::Io(e)
}

/// What a file that is not a regular file is, in words.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    if kind.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    "something else"
}
