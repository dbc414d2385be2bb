//! What the room said and when: the notes, answers and hot-wash remarks in a drill's journal,
//! each with its wall-clock stamp, and the real time the exercise took. The simulation never
//! reads any of it; the evaluation and the report do.

use super::journal::{Entry, Header, wall_seconds};
use crate::evaluate::model::{Answer, Held, Note, Remark, Room};

/// The room's record, built entry by entry as the journal is written or replayed.
#[derive(Debug, Clone, Default)]
pub struct RoomLog {
    room: Room,
    /// When the drill started in the room, if known (the journal header's stamp).
    started: Option<String>,
    first: Option<String>,
    last: Option<String>,
}

impl RoomLog {
    /// A log for the drill a journal's `header` starts: when it started in the room, if known,
    /// and who facilitated it.
    pub fn new(header: &Header) -> RoomLog {
        let room = Room { facilitator: header.facilitator.clone(), ..Room::default() };
        RoomLog { room, started: header.started.clone(), ..RoomLog::default() }
    }

    /// Takes in one journal entry given at `wall` (the room's clock), if stamped, when the drill's
    /// clock stood at `now`: notes, answers and remarks are kept; a stamped entry moves the
    /// exercise's last input on (never back). A remark is refused, with why, unless it is what the
    /// console records: a known capability or none, text and a speaker that are not blank, and a
    /// time no later than `now`.
    pub fn take(&mut self, entry: &Entry, wall: Option<&str>, now: u64) -> Result<(), String> {
        if let Entry::Hotwash { at, capability, from, text, .. } = entry {
            if *at > now {
                return Err("a hot-wash remark later than the drill's clock".into());
            }
            if capability.as_deref().is_some_and(|c| !crate::evaluate::capabilities().any(|(id, _)| id == c)) {
                return Err(format!(
                    "a hot-wash remark on an unknown capability `{}`",
                    capability.as_deref().unwrap_or("")
                ));
            }
            if text.trim().is_empty() || from.trim().is_empty() {
                return Err("a hot-wash remark with no text, or from no one".into());
            }
        }
        let wall = wall.filter(|w| wall_seconds(w).is_some()).map(str::to_string);
        if let Some(stamp) = &wall {
            self.first.get_or_insert_with(|| stamp.clone());
            // The stamps' form sorts by time.
            if self.last.as_ref().is_none_or(|last| stamp > last) {
                self.last = Some(stamp.clone());
            }
        }
        match entry {
            Entry::Note { at, text } => self.room.notes.push(Note { at: *at, wall, text: text.clone() }),
            Entry::Answer { at, inject, question, text } => self.room.answers.push(Answer {
                at: *at,
                wall,
                inject: inject.clone(),
                question: *question,
                text: text.clone(),
            }),
            Entry::Hotwash { at, kind, capability, from, text } => self.room.hotwash.push(Remark {
                at: *at,
                wall,
                kind: *kind,
                capability: capability.clone(),
                from: from.clone(),
                text: text.clone(),
            }),
            _ => {}
        }
        Ok(())
    }

    /// The hot-wash remarks so far.
    pub fn hotwash(&self) -> &[Remark] {
        &self.room.hotwash
    }

    /// The answers so far.
    pub fn answers(&self) -> &[Answer] {
        &self.room.answers
    }

    /// Everything the room said, and when the exercise was held: from its start (or its first
    /// stamped input) to its last stamped input.
    pub fn room(&self) -> Room {
        let started = self.started.clone().filter(|s| wall_seconds(s).is_some()).or_else(|| self.first.clone());
        let held = started.zip(self.last.clone()).and_then(|(started, last_input)| {
            let seconds = wall_seconds(&last_input)? - wall_seconds(&started)?;
            Some(Held { started, last_input, seconds: seconds.max(0) as u64 })
        });
        Room { held, ..self.room.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(started: Option<&str>) -> Header {
        Header {
            ttx: "0".into(),
            scenario: "s".into(),
            scenario_hash: String::new(),
            scenario_path: None,
            plan: "p".into(),
            plan_hash: String::new(),
            plan_path: None,
            seed: 1,
            started: started.map(String::from),
            facilitator: Some("Dana Reyes".into()),
        }
    }

    fn note(at: u64) -> Entry {
        Entry::Note { at, text: format!("n{at}") }
    }

    #[test]
    fn the_exercise_is_held_from_its_start_to_its_last_stamped_input() {
        let mut log = RoomLog::new(&header(Some("2026-12-05T09:00:00Z")));
        log.take(&note(0), Some("2026-12-05T09:10:00Z"), u64::MAX).unwrap();
        log.take(&Entry::Advance { to: 3_600 }, Some("2026-12-05T11:45:30Z"), u64::MAX).unwrap();
        log.take(&note(3_600), None, u64::MAX).unwrap();
        // A stamp that goes back (a clock put wrong) does not shorten the exercise.
        log.take(&note(3_600), Some("2020-01-01T00:00:00Z"), u64::MAX).unwrap();
        let room = log.room();
        let held = room.held.unwrap();
        assert_eq!((held.started.as_str(), held.last_input.as_str()), ("2026-12-05T09:00:00Z", "2026-12-05T11:45:30Z"));
        assert_eq!(held.seconds, 2 * 3_600 + 45 * 60 + 30);
        assert_eq!(room.notes[0].wall.as_deref(), Some("2026-12-05T09:10:00Z"));
        assert_eq!(room.notes[1].wall, None);
        assert_eq!(room.facilitator.as_deref(), Some("Dana Reyes"));
    }

    #[test]
    fn with_no_start_the_first_stamp_starts_it_and_bad_stamps_are_ignored() {
        let mut log = RoomLog::new(&header(Some("yesterday")));
        log.take(&note(0), Some("2026-12-05T23:59:00Z"), u64::MAX).unwrap();
        log.take(&note(1), Some("2026-12-06T00:01:00Z"), u64::MAX).unwrap();
        log.take(&note(2), Some("2026-12-06T25:00:00Z"), u64::MAX).unwrap();
        let room = log.room();
        assert_eq!(room.held.unwrap().seconds, 120);
        assert_eq!(room.notes[2].wall, None, "a stamp that is not a time is not shown as one");
    }

    #[test]
    fn a_drill_played_from_a_file_has_no_real_time() {
        let mut log = RoomLog::new(&header(None));
        log.take(&note(0), None, u64::MAX).unwrap();
        assert_eq!(log.room().held, None);
    }

    #[test]
    fn a_remark_the_console_would_not_record_is_refused() {
        let mut log = RoomLog::new(&header(None));
        let remark = |capability: Option<&str>, from: &str, text: &str| Entry::Hotwash {
            at: 0,
            kind: crate::evaluate::model::RemarkKind::Strength,
            capability: capability.map(String::from),
            from: from.into(),
            text: text.into(),
        };
        assert!(log.take(&remark(Some("containment"), "ic", "fast"), None, u64::MAX).is_ok());
        assert!(log.take(&remark(None, "ic", "fast"), None, u64::MAX).is_ok());
        assert!(log.take(&remark(Some("banana"), "ic", "fast"), None, u64::MAX).unwrap_err().contains("`banana`"));
        assert!(log.take(&remark(None, " ", "fast"), None, u64::MAX).is_err());
        assert!(log.take(&remark(None, "ic", ""), None, u64::MAX).is_err());
        let mut later = remark(None, "ic", "fast");
        if let Entry::Hotwash { at, .. } = &mut later {
            *at = 900;
        }
        assert!(log.take(&later, None, 0).unwrap_err().contains("later than the drill's clock"));
        assert_eq!(log.hotwash().len(), 2);
    }
}
