//! Property tests: random damage to valid files — truncation, a deleted bracket, a number made
//! negative, a renamed id, a flipped byte — never panics, and breaking damage always gives
//! errors that each carry a line and column.

use proptest::prelude::*;
use proptest::sample::Index;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use ttx::library::Library;
use ttx::validate::{Parsed, validate_paths};

/// Every valid file the project ships or keeps as a fixture.
fn valid_files() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for dir in ["tests/fixtures/valid", "scenarios"] {
        for path in ttx::source::ron_files(Path::new(dir)).unwrap_or_default() {
            let text = std::fs::read_to_string(&path).unwrap();
            files.push((path, text));
        }
    }
    files
}

/// The scenarios and plans of a library folder over the built-in one, read once.
fn targets(folder: &str, cache: &'static OnceLock<Vec<Parsed>>) -> &'static [Parsed] {
    cache.get_or_init(|| Library::new(Some(PathBuf::from(folder))).targets())
}

fn fixtures() -> &'static [Parsed] {
    static CACHE: OnceLock<Vec<Parsed>> = OnceLock::new();
    targets("tests/fixtures/valid", &CACHE)
}

fn shipped() -> &'static [Parsed] {
    static CACHE: OnceLock<Vec<Parsed>> = OnceLock::new();
    targets("scenarios", &CACHE)
}

/// Byte ranges of structural characters and of numbers, outside strings and comments.
fn tokens(text: &str) -> (Vec<usize>, Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let (mut brackets, mut numbers) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' | b')' | b'[' | b']' | b'{' | b'}' => brackets.push(i),
            b'0'..=b'9' if i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.' || bytes[i] == b'_') {
                    i += 1;
                }
                numbers.push((start, i));
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (brackets, numbers)
}

/// Ids that something else in the file refers to.
fn referenced_ids(text: &str) -> Vec<String> {
    text.match_indices("id: \"")
        .filter_map(|(at, m)| {
            let rest = &text[at + m.len()..];
            let id = &rest[..rest.find('"')?];
            // Referenced: mentioned more often than declared (one id may name things of two kinds).
            let mentions = text.matches(&format!("\"{id}\"")).count();
            let declarations = text.matches(&format!("id: \"{id}\"")).count();
            (mentions > declarations).then(|| id.to_string())
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Damage {
    Truncate,
    DeleteBracket,
    NegateNumber,
    RenameId,
    FlipByte,
}

fn damage(text: &str, kind: Damage, pick: Index, byte: u8) -> Option<String> {
    let (brackets, numbers) = tokens(text);
    match kind {
        Damage::Truncate => {
            let end = text.trim_end().len() - 1;
            let cut = pick.index(end);
            text.is_char_boundary(cut).then(|| text[..cut].to_string())
        }
        Damage::DeleteBracket => {
            let at = brackets[pick.index(brackets.len())];
            Some(format!("{}{}", &text[..at], &text[at + 1..]))
        }
        Damage::NegateNumber => {
            let &(start, end) = numbers.get(pick.index(numbers.len().max(1)))?;
            Some(format!("{}-7{}", &text[..start], &text[end..]))
        }
        Damage::RenameId => {
            let ids = referenced_ids(text);
            let id = ids.get(pick.index(ids.len().max(1)))?;
            // Rename every mention, then put the declarations back: the references now dangle.
            let renamed = format!("\"{id}-renamed\"");
            let everywhere = text.replace(&format!("\"{id}\""), &renamed);
            Some(everywhere.replace(&format!("id: {renamed}"), &format!("id: \"{id}\"")))
        }
        Damage::FlipByte => {
            let mut bytes = text.as_bytes().to_vec();
            let at = pick.index(bytes.len());
            bytes[at] ^= byte.max(1);
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}

fn damage_kind() -> impl Strategy<Value = Damage> {
    prop_oneof![
        Just(Damage::Truncate),
        Just(Damage::DeleteBracket),
        Just(Damage::NegateNumber),
        Just(Damage::RenameId),
        Just(Damage::FlipByte),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_fail_cleanly_with_positions(file in any::<Index>(), kind in damage_kind(), pick in any::<Index>(), byte in any::<u8>()) {
        let files = valid_files();
        let (path, text) = &files[file.index(files.len())];
        let Some(damaged) = damage(text, kind, pick, byte) else { return Ok(()) };
        let dir = tempfile::tempdir().unwrap();
        let name = path.file_name().unwrap();
        let target = dir.path().join(name);
        std::fs::write(&target, &damaged).unwrap();
        // Decisions are checked against the shipped library and the fixtures alike.
        let library = if path.starts_with("tests") { fixtures() } else { shipped() };
        let report = validate_paths(&[target], library);
        for diagnostic in report.diagnostics.iter().filter(|d| d.level == ttx::diagnostic::Level::Error) {
            prop_assert!(diagnostic.span.is_some(), "error without a position: {diagnostic:?}");
        }
        if !matches!(kind, Damage::FlipByte) {
            prop_assert!(report.error_count() > 0, "{kind:?} left {} valid:\n{damaged}", path.display());
        }
    }
}
