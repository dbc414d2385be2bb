//! Builds the table of the shipped library that `ttx` carries inside its binary: every `*.ron`
//! file under `scenarios/` except the benchmark scenarios in `scenarios/bench/`, each with its
//! path relative to `scenarios/` and its text (`include_str!`), in path order.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Folders under `scenarios/` that stay out of the binary.
const LEFT_OUT: [&str; 1] = ["bench"];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files).expect("cannot list scenarios/");
    files.sort();
    let mut table = String::from("&[\n");
    for file in &files {
        let relative = file.strip_prefix(&root).expect("a file under scenarios/");
        let relative = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        writeln!(table, "    ({relative:?}, include_str!({:?})),", file.display().to_string()).unwrap();
    }
    table.push(']');
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("built_in.rs");
    std::fs::write(out, table).expect("cannot write the built-in library table");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if !LEFT_OUT.iter().any(|name| path.file_name().is_some_and(|n| n == *name)) {
                collect(&path, files)?;
            }
        } else if path.extension().is_some_and(|e| e == "ron") {
            files.push(path);
        }
    }
    Ok(())
}
