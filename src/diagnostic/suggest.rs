//! "Did you mean …?" suggestions for misspelt names, ids and enum variants.
//! Picks the closest candidate by Jaro-Winkler similarity above a threshold; names too long to
//! be ids are not compared, so a hostile file cannot make a suggestion slow.

/// Names longer than this are never compared: no id is this long, and comparing costs the
/// product of the two lengths.
const MAX_COMPARED: usize = 100;

/// The candidate closest to `wrong`, if any is close enough to be a likely typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if wrong.len() > MAX_COMPARED {
        return None;
    }
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    let seen: Vec<&str> = candidates.into_iter().filter(|c| c.len() <= MAX_COMPARED).collect();
    for &candidate in &seen {
        let score = strsim::jaro_winkler(&wrong_lower, &candidate.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    if let Some((_, name)) = best {
        return Some(name);
    }
    // A shortened name (`commander` for `incident_commander`) is a likely slip too.
    let containing: Vec<&str> = seen.into_iter().filter(|c| c.to_lowercase().contains(&wrong_lower)).collect();
    match containing.as_slice() {
        [only] if wrong_lower.chars().count() >= 3 => Some(only),
        _ => None,
    }
}

/// A hint sentence for a misspelt name, or one listing what is allowed when nothing is close.
pub fn hint<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let all: Vec<&str> = candidates.into_iter().collect();
    if let Some(near) = closest(wrong, all.iter().copied()) {
        return Some(format!("did you mean `{near}`?"));
    }
    match all.len() {
        0 => None,
        1..=12 => {
            let shown = |c: &&str| match c.char_indices().nth(MAX_COMPARED) {
                Some((end, _)) => format!("`{}…`", &c[..end]),
                None => format!("`{c}`"),
            };
            Some(format!("expected one of {}", all.iter().map(shown).collect::<Vec<_>>().join(", ")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let segments = ["finance", "clinical", "dmz"];
        assert_eq!(closest("finanse", segments), Some("finance"));
        assert_eq!(closest("Clinical", segments), Some("clinical"));
        assert_eq!(closest("warehouse", segments), None);
        assert_eq!(closest("commander", ["incident_commander", "legal"]), Some("incident_commander"));
        assert_eq!(closest("ops", ["it_ops", "sec_ops"]), None);
    }

    #[test]
    fn lists_the_choices_when_nothing_is_close() {
        assert_eq!(hint("x", ["a", "b"]).unwrap(), "expected one of `a`, `b`");
        assert_eq!(hint("finanse", ["finance"]).unwrap(), "did you mean `finance`?");
    }
}
