//! The checks every file format shares — ids, references, chances, durations, text and count
//! limits — collected as findings at a field path, then located in the source for printing.

pub mod graph;

use crate::calendar::{BusinessHours, parse_time_of_day};
use crate::diagnostic::{Diagnostic, Level, suggest};
use crate::duration::HumanDuration;
use crate::source::SourceFile;
use crate::source::locate::{FieldPath, Locator};
use std::collections::BTreeSet;

/// The largest sum one effect may steal (`StealFunds`). With at most 1 024 stages of at most
/// 4 096 effects, every loss together stays below 10¹⁹, inside the bound on the run's cost.
pub const MAX_LOSS: f64 = 1e12;
/// Most entries in any one list of declared things (segments, stages, injects, playbooks…).
pub const MAX_LIST: u64 = 1_024;
/// The largest amount of money per unit (host, record, hour). With the other limits, the worst
/// total cost of a run stays below 10²⁵: finite, so it is written and read back as a number.
pub const MAX_AMOUNT: f64 = 1e9;
/// Most entries in any list, map or record of any file, checked before anything else.
pub const MAX_ENTRIES: usize = 4_096;
/// Longest id, in characters.
pub const MAX_ID_LEN: usize = 64;
/// Longest one-line text (titles, names), in characters.
pub const MAX_NAME_LEN: usize = 200;
/// Longest free text (summaries, inject messages, notes), in characters.
pub const MAX_TEXT_LEN: usize = 10_000;

/// One problem found at a place in a parsed file.
#[derive(Debug, Clone)]
pub struct Finding {
    pub level: Level,
    pub code: &'static str,
    pub path: FieldPath,
    pub message: String,
    pub hint: Option<String>,
}

impl Finding {
    pub fn hint(&mut self, hint: impl Into<Option<String>>) {
        self.hint = hint.into();
    }
}

/// Anything a file declares with an `id` of its own.
pub trait HasId {
    fn id(&self) -> &str;
}

/// Implements [`HasId`] for model types with a `pub id: String` field.
#[macro_export]
macro_rules! has_id {
    ($($model:ty),* $(,)?) => {
        $(impl $crate::checks::HasId for $model {
            fn id(&self) -> &str {
                &self.id
            }
        })*
    };
}

/// The set of ids of one kind of thing (segments, stages…), for reference checks.
pub type Ids<'a> = BTreeSet<&'a str>;

/// Most diagnostics reported for one file; the rest are counted in one last line.
pub const MAX_DIAGNOSTICS: usize = 1_000;
/// Most "did you mean" comparisons spent on one file's unknown references.
const SUGGESTION_BUDGET: usize = 100_000;

/// Everything found wrong with one file, in the order found: the first [`MAX_DIAGNOSTICS`]
/// kept, the rest only counted, so a file full of mistakes costs no more than a file with a
/// thousand.
#[derive(Debug)]
pub struct Findings {
    pub list: Vec<Finding>,
    /// Findings past the cap: errors and warnings.
    hidden: (usize, usize),
    /// Where a finding past the cap is written, and forgotten.
    discarded: Finding,
    suggestions_left: usize,
}

impl Default for Findings {
    fn default() -> Self {
        let discarded =
            Finding { level: Level::Error, code: "", path: FieldPath::root(), message: String::new(), hint: None };
        Findings { list: Vec::new(), hidden: (0, 0), discarded, suggestions_left: SUGGESTION_BUDGET }
    }
}

/// The last diagnostic of a file with more problems than are shown.
pub fn too_many(file: &str, hidden_errors: usize, hidden_warnings: usize) -> Diagnostic {
    let level = if hidden_errors > 0 { Level::Error } else { Level::Warning };
    let message = format!(
        "and {} more not shown ({hidden_errors} errors, {hidden_warnings} warnings): only the first {MAX_DIAGNOSTICS} problems of a file are reported",
        hidden_errors + hidden_warnings
    );
    Diagnostic {
        level,
        code: "too-many-problems",
        message,
        hint: Some("fix these first; the rest are often echoes of them".into()),
        file: file.to_string(),
        span: None,
    }
}

/// Keeps the first [`MAX_DIAGNOSTICS`] of `diagnostics` and says how many more there were.
pub fn capped(mut diagnostics: Vec<Diagnostic>, file: &str) -> Vec<Diagnostic> {
    if diagnostics.len() > MAX_DIAGNOSTICS {
        let rest = diagnostics.split_off(MAX_DIAGNOSTICS);
        let errors = rest.iter().filter(|d| d.level == Level::Error).count();
        diagnostics.push(too_many(file, errors, rest.len() - errors));
    }
    diagnostics
}

impl Findings {
    pub fn error(&mut self, path: FieldPath, code: &'static str, message: impl Into<String>) -> &mut Finding {
        self.push(Level::Error, path, code, message.into())
    }

    pub fn warn(&mut self, path: FieldPath, code: &'static str, message: impl Into<String>) -> &mut Finding {
        self.push(Level::Warning, path, code, message.into())
    }

    fn push(&mut self, level: Level, path: FieldPath, code: &'static str, message: String) -> &mut Finding {
        if self.full() {
            match level {
                Level::Error => self.hidden.0 += 1,
                Level::Warning => self.hidden.1 += 1,
            }
            self.discarded.level = level;
            return &mut self.discarded;
        }
        self.list.push(Finding { level, code, path, message, hint: None });
        let last = self.list.len() - 1;
        &mut self.list[last]
    }

    /// Whether no more findings are kept.
    pub fn full(&self) -> bool {
        self.list.len() >= MAX_DIAGNOSTICS
    }

    pub fn has_errors(&self) -> bool {
        self.hidden.0 > 0 || self.list.iter().any(|f| f.level == Level::Error)
    }

    /// Each finding as a diagnostic pointing into `file`.
    pub fn into_diagnostics(self, file: &SourceFile) -> Vec<Diagnostic> {
        self.into_located(file, &Locator::new(&file.text))
    }

    /// Each finding as a diagnostic, located with a locator already built for `file`.
    pub fn into_located(self, file: &SourceFile, locator: &Locator) -> Vec<Diagnostic> {
        let mut diagnostics: Vec<Diagnostic> = self
            .list
            .into_iter()
            .map(|finding| Diagnostic {
                level: finding.level,
                code: finding.code,
                message: finding.message,
                hint: finding.hint,
                file: file.name.clone(),
                span: locator.span_of(&finding.path),
            })
            .collect();
        if self.hidden != (0, 0) {
            diagnostics.push(too_many(&file.name, self.hidden.0, self.hidden.1));
        }
        diagnostics
    }

    /// An id is lowercase letters, digits, `-`, `_` and `.`, starting with a letter or digit.
    pub fn id(&mut self, path: FieldPath, id: &str) {
        let well_formed = id.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
        if !well_formed {
            self.error(path, "bad-id", format!("`{}` is not a valid id", clip(id)))
                .hint(Some("ids use lowercase letters, digits, `-`, `_` and `.`, e.g. `edr-ransom-note`".to_string()));
        } else if id.chars().count() > MAX_ID_LEN {
            self.error(path, "bad-id", format!("id `{}` is longer than {MAX_ID_LEN} characters", clip(id)));
        }
    }

    /// Checks each id's form and that none repeats; returns the set of ids.
    pub fn unique_ids<'a>(&mut self, what: &str, items: impl IntoIterator<Item = (FieldPath, &'a str)>) -> Ids<'a> {
        let mut seen = Ids::new();
        for (path, id) in items {
            let id_path = path.field("id");
            self.id(id_path.clone(), id);
            if !seen.insert(id) {
                self.error(id_path, "duplicate-id", format!("duplicate {what} id `{}`", clip(id)))
                    .hint(Some(format!("every {what} needs its own id")));
            }
        }
        seen
    }

    /// Checks a list of declared things: at most [`MAX_LIST`] entries, each id well formed and
    /// unique. Returns the set of ids.
    pub fn declared<'a, T: HasId>(&mut self, path: &FieldPath, what: &str, items: &'a [T]) -> Ids<'a> {
        self.at_most(path.clone(), &format!("{what} entries"), items.len() as u64, MAX_LIST);
        self.unique_ids(what, items.iter().enumerate().map(|(i, item)| (path.index(i), item.id())))
    }

    /// Checks that `wanted` names one of `known`; suggests the closest on a miss.
    pub fn reference(&mut self, path: FieldPath, what: &str, wanted: &str, known: &Ids) -> bool {
        if known.contains(wanted) {
            return true;
        }
        let affordable = !self.full() && known.len() <= self.suggestions_left;
        let hint = if affordable {
            self.suggestions_left -= known.len();
            suggest::hint(wanted, known.iter().copied())
                .or_else(|| known.is_empty().then(|| format!("this file declares no {what} at all")))
        } else {
            None
        };
        self.error(path, "unknown-reference", format!("unknown {what} `{}`", clip(wanted))).hint(hint);
        false
    }

    /// A probability must be a number in [0, 1].
    pub fn chance(&mut self, path: FieldPath, value: f64) {
        if !(0.0..=1.0).contains(&value) {
            self.error(path, "chance-out-of-range", format!("chance {value} is outside [0, 1]"))
                .hint(Some("write chances as fractions, e.g. `0.25` for 25 %".to_string()));
        }
    }

    /// An amount (money per unit) must be a number from 0 to [`MAX_AMOUNT`], so that every
    /// total the engine adds up stays finite and can be written and read back.
    pub fn amount(&mut self, path: FieldPath, what: &str, value: f64) {
        if !value.is_finite() || value < 0.0 {
            self.error(path, "bad-amount", format!("{what} must be zero or more, found {value}"));
        } else if value > MAX_AMOUNT {
            self.error(path, "over-limit", format!("{what} {value:e} is over the limit of {MAX_AMOUNT:e}"));
        }
    }

    /// Interprets a duration; `positive` rejects `0m` where nothing can take no time.
    pub fn duration(&mut self, path: FieldPath, what: &str, duration: &HumanDuration, positive: bool) -> Option<u64> {
        match duration.seconds() {
            Ok(0) if positive => {
                self.error(path, "zero-duration", format!("{what} must be longer than zero"));
                None
            }
            Ok(seconds) => Some(seconds),
            Err(reason) => {
                self.error(path, "bad-duration", reason);
                None
            }
        }
    }

    /// A one-line name: not empty, not too long, no line breaks.
    pub fn name(&mut self, path: FieldPath, what: &str, text: &str) {
        if text.trim().is_empty() {
            self.error(path, "empty-text", format!("{what} is empty"));
        } else if text.chars().count() > MAX_NAME_LEN {
            self.error(path, "text-too-long", format!("{what} is longer than {MAX_NAME_LEN} characters"));
        } else if text.contains('\n') {
            self.error(path, "text-has-line-break", format!("{what} must fit on one line"));
        }
    }

    /// Free text: optional or required, at most [`MAX_TEXT_LEN`] characters.
    pub fn text(&mut self, path: FieldPath, what: &str, text: &str, required: bool) {
        if required && text.trim().is_empty() {
            self.error(path, "empty-text", format!("{what} is empty"));
        } else if text.chars().count() > MAX_TEXT_LEN {
            self.error(path, "text-too-long", format!("{what} is longer than {MAX_TEXT_LEN} characters"));
        }
    }

    /// Business hours: valid times, opening before closing, at least one day, no day twice.
    pub fn business_hours(&mut self, path: &FieldPath, hours: &BusinessHours) {
        let opens = parse_time_of_day(&hours.opens).map_err(|reason| {
            self.error(path.field("opens"), "bad-time", reason);
        });
        let closes = parse_time_of_day(&hours.closes).map_err(|reason| {
            self.error(path.field("closes"), "bad-time", reason);
        });
        if let (Ok(opens), Ok(closes)) = (opens, closes)
            && opens >= closes
        {
            self.error(path.field("closes"), "bad-time", "business hours close before they open");
        }
        if hours.days.is_empty() {
            self.error(path.field("days"), "empty-list", "business hours need at least one day");
        }
        let mut listed = BTreeSet::new();
        for (i, day) in hours.days.iter().enumerate() {
            if !listed.insert(day) {
                self.error(path.field("days").index(i), "duplicate-day", format!("{day:?} is listed twice"));
            }
        }
    }

    /// At most `limit` things of a kind.
    pub fn at_most(&mut self, path: FieldPath, what: &str, count: u64, limit: u64) {
        if count > limit {
            self.error(path, "over-limit", format!("{count} {what} is over the limit of {limit}"));
        }
    }
}

/// Ids along a chain as `a` → `b` → `c`, the middle left out when it is long.
pub fn chain_of<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> String {
    const SHOWN: usize = 8;
    let count = ids.len();
    let mut parts: Vec<String> = Vec::new();
    for (i, id) in ids.enumerate() {
        if count <= SHOWN || i < SHOWN - 2 || i + 1 == count {
            parts.push(format!("`{}`", clip(id)));
        } else if i == SHOWN - 2 {
            parts.push(format!("… ({} more)", count - SHOWN + 1));
        }
    }
    parts.join(" → ")
}

/// A name cut to a readable length for messages.
pub fn clip(text: &str) -> String {
    const SHOWN: usize = 60;
    if text.chars().count() <= SHOWN {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(SHOWN).collect::<String>())
    }
}

/// A MITRE ATT&CK technique id: `T1234` or `T1234.001`.
pub fn is_technique_id(text: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match text.strip_prefix('T') {
        Some(rest) => match rest.split_once('.') {
            Some((main, sub)) => digits(main, 4) && digits(sub, 3),
            None => digits(rest, 4),
        },
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technique_ids_follow_attack_format() {
        for good in ["T1566", "T1566.001", "T1486"] {
            assert!(is_technique_id(good), "{good}");
        }
        for bad in ["t1566", "T156", "T1566.1", "T1566.0011", "1566", "T15a6", ""] {
            assert!(!is_technique_id(bad), "{bad}");
        }
    }

    #[test]
    fn reports_duplicates_and_bad_ids_once_each() {
        let mut findings = Findings::default();
        let root = FieldPath::root();
        let ids = findings.unique_ids("segment", [(root.index(0), "a"), (root.index(1), "a"), (root.index(2), "B")]);
        let codes: Vec<_> = findings.list.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["duplicate-id", "bad-id"]);
        assert_eq!(ids.len(), 2);
    }

    #[test]
    fn unknown_references_suggest_the_closest_id() {
        let mut findings = Findings::default();
        let known: Ids = ["finance", "clinical"].into_iter().collect();
        assert!(!findings.reference(FieldPath::root(), "segment", "finanse", &known));
        assert_eq!(findings.list[0].hint.as_deref(), Some("did you mean `finance`?"));
    }
}
