//! Human-readable durations (`90s`, `15m`, `4h`, `3d`, `1h30m`) as written in scenario files.
//! They are kept as text when parsed so that validation can report every bad one at its place.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest duration any file may state: one year, in seconds.
pub const MAX_SECONDS: u64 = 366 * 86_400;

/// A duration exactly as the author wrote it; [`HumanDuration::seconds`] interprets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HumanDuration(pub String);

impl HumanDuration {
    /// Whole seconds, or a message saying what is wrong with the text.
    pub fn seconds(&self) -> Result<u64, String> {
        parse_seconds(&self.0)
    }
}

impl From<&str> for HumanDuration {
    fn from(text: &str) -> Self {
        HumanDuration(text.to_string())
    }
}

/// Parses `1d2h30m15s`-style text: one or more `<number><unit>` parts, units `d`, `h`, `m`, `s`,
/// each unit at most once and from largest to smallest.
pub fn parse_seconds(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty duration; write it like `90s`, `15m`, `4h` or `3d`".into());
    }
    if trimmed.starts_with('-') {
        return Err(format!("duration `{trimmed}` is negative; durations count forward from zero"));
    }
    let mut total: u64 = 0;
    let mut number: Option<u64> = None;
    let mut last_rank: Option<usize> = None;
    for ch in trimmed.chars() {
        if let Some(digit) = ch.to_digit(10) {
            let so_far = number.unwrap_or(0);
            number = Some(
                so_far
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(u64::from(digit)))
                    .ok_or_else(|| format!("duration `{trimmed}` is too long"))?,
            );
            continue;
        }
        let (rank, unit_seconds) = match ch {
            'd' => (0, 86_400),
            'h' => (1, 3_600),
            'm' => (2, 60),
            's' => (3, 1),
            _ => {
                return Err(format!(
                    "`{trimmed}` is not a duration; use a number and a unit: `s`, `m`, `h` or `d` (e.g. `15m`)"
                ));
            }
        };
        let Some(value) = number.take() else {
            return Err(format!("`{trimmed}` has a unit `{ch}` without a number before it"));
        };
        if last_rank.is_some_and(|last| rank <= last) {
            return Err(format!(
                "`{trimmed}` repeats or reorders units; write them largest first, each once (e.g. `1h30m`)"
            ));
        }
        last_rank = Some(rank);
        total = value
            .checked_mul(unit_seconds)
            .and_then(|part| total.checked_add(part))
            .ok_or_else(|| format!("duration `{trimmed}` is too long"))?;
    }
    if number.is_some() {
        return Err(format!("`{trimmed}` has no unit; add one: `s`, `m`, `h` or `d` (e.g. `{trimmed}m`)"));
    }
    if total > MAX_SECONDS {
        return Err(format!("duration `{trimmed}` is longer than the limit of 366d"));
    }
    Ok(total)
}

/// Writes seconds back in the shortest human form, e.g. `5400` as `1h30m`.
pub fn format_seconds(seconds: u64) -> String {
    if seconds == 0 {
        return "0m".into();
    }
    let mut out = String::new();
    let mut rest = seconds;
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if rest >= size {
            out.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    out
}

impl fmt::Display for HumanDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_unit_and_compounds() {
        assert_eq!(parse_seconds("90s"), Ok(90));
        assert_eq!(parse_seconds("15m"), Ok(900));
        assert_eq!(parse_seconds("4h"), Ok(14_400));
        assert_eq!(parse_seconds("3d"), Ok(259_200));
        assert_eq!(parse_seconds("1h30m"), Ok(5_400));
        assert_eq!(parse_seconds("0m"), Ok(0));
    }

    #[test]
    fn rejects_malformed_text_with_a_reason() {
        for bad in ["", "15", "m", "-5m", "15 minutes", "30m1h", "1h1h", "99999999999999999999d", "400d"] {
            assert!(parse_seconds(bad).is_err(), "{bad} should be rejected");
        }
        assert!(parse_seconds("-5m").unwrap_err().contains("negative"));
        assert!(parse_seconds("15").unwrap_err().contains("no unit"));
    }

    #[test]
    fn formats_back_to_the_shortest_form() {
        assert_eq!(format_seconds(5_400), "1h30m");
        assert_eq!(format_seconds(90_061), "1d1h1m1s");
        assert_eq!(format_seconds(0), "0m");
        for text in ["1d", "2h15m", "45s"] {
            assert_eq!(format_seconds(parse_seconds(text).unwrap()), text);
        }
    }
}
