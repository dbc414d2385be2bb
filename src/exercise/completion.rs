//! Tab completion for the terminal console: command names, then for `decide` the action, its
//! target (for the adversary's artefacts, only those the players have been shown) and the role
//! after `--by`; topics for `help`; questions for `answer`.

use super::command::{COMMANDS, Vocabulary};
use crate::action::{ACTIONS, ActionKind};
use rustyline::completion::{Completer, Pair};
use rustyline::{Context, Helper, Highlighter, Hinter, Validator};
use std::sync::{Arc, Mutex};

/// Everything the console can complete, copied out of the scenario and plan.
#[derive(Helper, Hinter, Highlighter, Validator)]
pub struct Completion {
    /// Targets per action word.
    targets: Vec<(&'static str, Vec<String>)>,
    roles: Vec<String>,
    /// Questions of the injects delivered so far; the console keeps it current.
    pub questions: Arc<Mutex<Vec<String>>>,
    /// Indicators and vulnerabilities the players have been shown: the only targets offered for
    /// `block-ioc` and `patch`; the console keeps it current.
    pub known: Arc<Mutex<Known>>,
}

/// The adversary's artefacts the players know, by id.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub indicators: Vec<String>,
    pub vulnerabilities: Vec<String>,
}

impl Completion {
    pub fn new(vocabulary: &Vocabulary) -> Completion {
        Completion {
            targets: ACTIONS.iter().map(|(word, kind)| (*word, vocabulary.targets(*kind))).collect(),
            roles: vocabulary.roles(),
            questions: Arc::default(),
            known: Arc::default(),
        }
    }

    /// Candidates for the word being typed, given the words before it.
    pub fn candidates(&self, before: &[&str], partial: &str) -> Vec<String> {
        let names = |list: Vec<String>| list.into_iter().filter(|c| c.starts_with(partial)).collect();
        match before {
            [] => names(COMMANDS.iter().map(|(n, ..)| n.to_string()).collect()),
            ["help"] => names(COMMANDS.iter().map(|(n, ..)| n.to_string()).collect()),
            ["answer"] => names(self.questions.lock().map(|q| q.clone()).unwrap_or_default()),
            ["decide"] => names(ACTIONS.iter().map(|(w, _)| w.to_string()).collect()),
            ["decide", .., "--by"] => names(self.roles.clone()),
            ["decide", .., "--why"] => Vec::new(),
            ["decide", action] => {
                let known = self.known.lock().map(|k| k.clone()).unwrap_or_default();
                let targets = match ACTIONS.iter().find(|(w, _)| w == action).map(|(_, k)| *k) {
                    Some(ActionKind::BlockIoc) => known.indicators,
                    Some(ActionKind::Patch) => known.vulnerabilities,
                    _ => self.targets.iter().find(|(w, _)| w == action).map(|(_, t)| t.clone()).unwrap_or_default(),
                };
                let mut list = targets;
                if list.is_empty() {
                    list.push("--by".into());
                }
                names(list)
            }
            ["decide", ..] => names(vec!["--by".into(), "--why".into()]),
            ["strength" | "improve" | "feedback", .., "--from"] => names(self.roles.clone()),
            ["strength" | "improve"] | ["feedback", .., "--on"] => {
                names(crate::evaluate::capabilities().map(|(id, _)| id.to_string()).collect())
            }
            ["strength" | "improve", _, ..] => names(vec!["--from".into()]),
            ["feedback", ..] => names(vec!["--from".into(), "--on".into()]),
            _ => Vec::new(),
        }
    }
}

impl Completer for Completion {
    type Candidate = Pair;

    /// Completes the word under the cursor; a completed word is followed by a space.
    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let head = &line[..pos];
        let start = head.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
        let before: Vec<&str> = head[..start].split_whitespace().collect();
        let candidates = self.candidates(&before, &head[start..]);
        Ok((start, candidates.into_iter().map(|c| Pair { replacement: format!("{c} "), display: c }).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_artefacts_the_players_have_seen_are_offered() {
        let read =
            |path: &str| crate::source::SourceFile { name: path.into(), text: std::fs::read_to_string(path).unwrap() };
        let scenario = crate::source::parse_ron(&read("tests/fixtures/valid/minimal.ron")).unwrap();
        let plan = crate::source::parse_ron(&read("tests/fixtures/valid/minimal-plan.ron")).unwrap();
        let completion = Completion::new(&Vocabulary { scenario: &scenario, plan: &plan, shown: None });
        assert_eq!(completion.candidates(&["decide", "block-ioc"], ""), ["--by"], "nothing shown yet");
        assert_eq!(completion.candidates(&["decide", "isolate-segment"], ""), ["office", "servers"], "own estate");
        completion.known.lock().unwrap().indicators = vec!["c2".into()];
        assert_eq!(completion.candidates(&["decide", "block-ioc"], ""), ["c2"]);
    }
}
