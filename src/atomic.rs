//! Writing files so that a reader never sees half of one: each goes to a temporary name in the
//! same folder, is flushed to disk, and is renamed into place.

use std::io::Write;
use std::path::Path;

/// A file to write: its name in the folder, and its contents.
pub type NamedFile = (String, Vec<u8>);

/// Writes `bytes` to `path` and flushes them to disk.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Writes files (name, contents) into an existing folder, each atomically.
pub fn write_each(folder: &Path, files: &[NamedFile]) -> std::io::Result<()> {
    for (name, bytes) in files {
        let temporary = folder.join(format!(".{name}.partial-{}", std::process::id()));
        write_file(&temporary, bytes)?;
        std::fs::rename(&temporary, folder.join(name))?;
    }
    sync_dir(folder)
}

/// Makes renames in a folder durable.
pub fn sync_dir(folder: &Path) -> std::io::Result<()> {
    std::fs::File::open(folder)?.sync_all()
}
