//! Small helpers for the English that ttx prints: a count with its noun.

/// `1 host`, `3 hosts`.
pub fn plural(count: u64, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}
