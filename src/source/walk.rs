//! Expands the paths a user gives into the RON files to read: files as they are (reading them
//! checks they are regular files), folders searched recursively for `*.ron` in sorted order. In a
//! folder only regular files are collected: links (to files or folders), pipes and devices are
//! skipped.

use crate::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};

/// Folders nested deeper than this are not searched.
const MAX_DEPTH: usize = 32;

/// The `.ron` files under `path`, or `path` itself when it is a file.
pub fn ron_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Diagnostic::error("io", &name, format!("cannot read: {e}")))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    collect(path, 0, &mut found).map_err(|e| Diagnostic::error("io", &name, format!("cannot list folder: {e}")))?;
    found.sort();
    Ok(found)
}

fn collect(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?; // of the entry itself: a link is not followed
        let path = entry.path();
        if kind.is_dir() {
            collect(&path, depth + 1, found)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "ron") {
            found.push(path);
        }
    }
    Ok(())
}
