//! Console commands: the words a facilitator types, parsed and checked against the scenario
//! and plan before anything is recorded. A typo gets a message and a suggestion, never a crash.

use super::completion::Known;
use crate::action::{ACTIONS, Action, ActionKind, Audience, Party, Severity, kebab};
use crate::diagnostic::suggest::closest;
use crate::duration::parse_seconds;
use crate::evaluate::capabilities;
use crate::evaluate::model::RemarkKind;
use crate::plan::model::Plan;
use crate::scenario::model::Scenario;

/// A parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Next,
    /// Seconds, and whether to run through what would stop the clock.
    Advance(u64, bool),
    Decide {
        role: String,
        action: Action,
        rationale: String,
    },
    Note(String),
    Answer {
        inject: String,
        question: usize,
        text: String,
    },
    Undo,
    /// Send, hold or release an inject.
    Inject(String, crate::engine::InjectOrder),
    /// Open the hot wash (or show what it captured so far).
    Hotwash,
    /// A hot-wash remark.
    Remark {
        kind: RemarkKind,
        capability: Option<String>,
        from: String,
        text: String,
    },
    /// Close the hot wash.
    Done,
    Status,
    Injects,
    Timeline,
    Plan,
    Clocks,
    /// The facilitator's view: the summary, or with `all` every hidden event too.
    Truth(bool),
    Help(Option<String>),
    Pause,
    Go,
    End,
    Quit,
}

/// Every command: its name, its arguments and what it does, for `help` and completion.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    ("next", "", "advance to the next inject, alert, finding or deadline, and say which"),
    (
        "advance",
        "<duration> [--through]",
        "advance the sim clock, e.g. `advance 2h`; it stops early for an inject, alert, finding or deadline unless --through",
    ),
    (
        "decide",
        "<action> [<target>] --by <role> [--why \"…\"]",
        "take a decision, e.g. `decide isolate-segment clinical --by it_operations`",
    ),
    ("note", "\"…\"", "record a facilitator observation"),
    ("answer", "<inject>.<n> \"…\"", "record the room's answer to an inject's question, e.g. `answer h02.1 \"…\"`"),
    ("inject", "<inject>", "deliver an inject now, whatever its trigger says"),
    ("hold", "<inject>", "keep an inject back, even once its trigger holds, until `release`"),
    ("release", "<inject>", "let a held inject go: it comes at the first tick its trigger holds"),
    ("undo", "", "take back the last decision since the clock moved; with none, the last clock move"),
    (
        "hotwash",
        "",
        "open the hot wash (after `end` it opens by itself): strengths, areas for improvement and feedback, each from someone",
    ),
    ("strength", "<capability> \"…\" --from <who>", "hot wash: what went well in a capability, and who said so"),
    (
        "improve",
        "<capability> \"…\" --from <who>",
        "hot wash: an area for improvement in a capability, and who raised it",
    ),
    ("feedback", "\"…\" --from <who> [--on <capability>]", "hot wash: a participant's feedback on the exercise"),
    ("done", "", "close the hot wash; after `end`, write the report"),
    ("status", "", "clock, what the players see, decisions pending, running clocks, steps due"),
    ("injects", "", "the injects delivered so far, with their questions and expectations"),
    ("timeline", "", "everything the players have seen"),
    ("plan", "", "playbook steps and escalations: due, overdue, done"),
    ("clocks", "", "notification clocks and the time left"),
    ("truth", "[all]", "FACILITATOR ONLY: what really happened so far, in short; `all` lists every hidden event"),
    ("help", "[<command>]", "this list, or one command"),
    ("pause", "", "stop real-time pacing (with --pace)"),
    ("go", "", "resume real-time pacing (with --pace)"),
    ("end", "", "end the drill now, evaluate it and write the report"),
    ("quit", "", "leave; the journal is kept and `ttx resume` continues"),
];

const SEVERITIES: &[Severity] = &[Severity::Sev1, Severity::Sev2, Severity::Sev3, Severity::Sev4];
const PARTIES: &[Party] = &Party::ALL;
const AUDIENCES: &[Audience] =
    &[Audience::Staff, Audience::Customers, Audience::Patients, Audience::Press, Audience::Partners, Audience::Board];

/// What the scenario and plan offer, for checking and completing commands.
pub struct Vocabulary<'a> {
    pub scenario: &'a Scenario,
    pub plan: &'a Plan,
    /// The adversary's artefacts the players have been shown, when known: the only ones a
    /// message names or suggests. Others typed in still go to the engine, which rejects them
    /// with the reason and records it.
    pub shown: Option<Known>,
}

impl Vocabulary<'_> {
    /// The targets an action word takes (empty for free text and for none).
    pub fn targets(&self, kind: ActionKind) -> Vec<String> {
        if let Some((_, ids)) = self.scenario.action_targets(kind) {
            return ids.into_iter().map(String::from).collect();
        }
        match kind {
            ActionKind::ClassifySeverity => SEVERITIES.iter().map(|s| format!("{s:?}").to_lowercase()).collect(),
            ActionKind::Escalate => self.roles(),
            ActionKind::Notify => PARTIES.iter().map(|p| kebab(&format!("{p:?}"))).collect(),
            ActionKind::Communicate => AUDIENCES.iter().map(|a| kebab(&format!("{a:?}"))).collect(),
            ActionKind::DetermineMateriality => vec!["material".into(), "not-material".into()],
            _ => Vec::new(),
        }
    }

    /// Roles that can decide and be escalated to: those the plan staffs, then those it covers.
    pub fn roles(&self) -> Vec<String> {
        self.plan.answering_roles().map(String::from).collect()
    }

    /// Questions of the given injects, as `<inject>.<n>`.
    pub fn questions<'i>(&self, injects: impl Iterator<Item = &'i str>) -> Vec<String> {
        injects
            .filter_map(|id| self.scenario.injects.iter().find(|x| x.id == id))
            .flat_map(|x| (1..=x.questions.len()).map(move |n| format!("{}.{n}", x.id)))
            .collect()
    }

    /// Whether an action's targets are the adversary's artefacts, known only once shown.
    fn is_artefact(&self, kind: ActionKind) -> bool {
        matches!(kind, ActionKind::BlockIoc | ActionKind::Patch)
    }

    /// The targets a message may name: for the adversary's artefacts only those shown.
    fn offered(&self, kind: ActionKind) -> Vec<String> {
        match (&self.shown, kind) {
            (Some(shown), ActionKind::BlockIoc) => shown.indicators.clone(),
            (Some(shown), ActionKind::Patch) => shown.vulnerabilities.clone(),
            _ => self.targets(kind),
        }
    }

    fn action(&self, word: &str, target: Option<&str>) -> Result<Action, String> {
        let (_, kind) = ACTIONS
            .iter()
            .find(|(name, _)| *name == word)
            .ok_or_else(|| unknown("action", word, ACTIONS.iter().map(|(n, _)| *n), "see `help decide`"))?;
        let kind = *kind;
        match kind {
            ActionKind::DeclareClosed => return Ok(Action::DeclareClosed),
            ActionKind::RecallFunds => return Ok(Action::RecallFunds),
            _ => {}
        }
        let offered = self.offered(kind);
        let target = target.ok_or_else(|| match (offered.is_empty(), self.is_artefact(kind)) {
            (true, true) => format!("`{word}` needs a target, and the players have been shown none yet"),
            (true, false) => format!("`{word}` needs a text"),
            (false, _) => format!("`{word}` needs a target: one of {}", offered.join(", ")),
        })?;
        if kind == ActionKind::Custom {
            return Ok(Action::Custom(target.to_string()));
        }
        let choices = self.targets(kind);
        if choices.is_empty() {
            return Err(format!("`{word}` has nothing to act on in this scenario"));
        }
        let norm = |s: &str| s.to_lowercase().replace(['-', '_'], "");
        let found = choices
            .iter()
            .position(|c| c == target || norm(c) == norm(target))
            .ok_or_else(|| unknown(&format!("target of `{word}`"), target, offered.iter().map(String::as_str), ""))?;
        let id = choices[found].clone();
        Ok(match kind {
            ActionKind::IsolateHosts => Action::IsolateHosts(id),
            ActionKind::IsolateSegment => Action::IsolateSegment(id),
            ActionKind::LiftIsolation => Action::LiftIsolation(id),
            ActionKind::IsolateKnownHosts => Action::IsolateKnownHosts(id),
            ActionKind::ReimageKnownHosts => Action::ReimageKnownHosts(id),
            ActionKind::CollectEvidence => Action::CollectEvidence(id),
            ActionKind::DisableAccount => Action::DisableAccount(id),
            ActionKind::ResetCredentials => Action::ResetCredentials(id),
            ActionKind::BlockIoc => Action::BlockIoc(id),
            ActionKind::Patch => Action::Patch(id),
            ActionKind::RestoreFromBackup => Action::RestoreFromBackup(id),
            ActionKind::Escalate => Action::Escalate(id),
            ActionKind::ClassifySeverity => Action::ClassifySeverity(SEVERITIES[found]),
            ActionKind::Notify => Action::Notify(PARTIES[found]),
            ActionKind::Communicate => Action::Communicate(AUDIENCES[found]),
            ActionKind::DetermineMateriality => Action::DetermineMateriality(found == 0),
            ActionKind::DeclareClosed | ActionKind::RecallFunds | ActionKind::Custom => unreachable!("handled above"),
        })
    }
}

/// "unknown action `isolate`; did you mean `isolate-hosts`?"
fn unknown<'a>(what: &str, word: &str, choices: impl Iterator<Item = &'a str> + Clone, otherwise: &str) -> String {
    let word: String = word.chars().take(60).collect();
    match closest(&word, choices.clone()) {
        Some(near) => format!("unknown {what} `{word}`; did you mean `{near}`?"),
        None if otherwise.is_empty() => match choices.collect::<Vec<_>>() {
            none if none.is_empty() => format!("unknown {what} `{word}`; there is none to choose from yet"),
            some => format!("unknown {what} `{word}`; one of: {}", some.join(", ")),
        },
        None => format!("unknown {what} `{word}`; {otherwise}"),
    }
}

/// Parses one line. Blank lines and `#` comments give `None`.
pub fn parse(line: &str, vocabulary: &Vocabulary) -> Result<Option<Command>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let words = split_words(line)?;
    let (name, args) = words.split_first().ok_or("empty command")?;
    let name = name.to_lowercase();
    let no_args = |command: Command| match args.is_empty() {
        true => Ok(Some(command)),
        false => Err(format!("`{name}` takes no arguments")),
    };
    match name.as_str() {
        "next" => no_args(Command::Next),
        "advance" => {
            let through = args.iter().any(|a| a == "--through");
            let duration: Vec<&str> = args.iter().map(String::as_str).filter(|a| *a != "--through").collect();
            if duration.is_empty() {
                return Err("usage: advance <duration> [--through], e.g. `advance 2h` or `advance 1h 30m`".into());
            }
            let seconds = parse_seconds(&duration.concat())?;
            if seconds == 0 {
                return Err("advance by more than zero, e.g. `advance 15m`".into());
            }
            Ok(Some(Command::Advance(seconds, through)))
        }
        "decide" => decide(args, vocabulary).map(Some),
        "note" => match args.join(" ") {
            text if text.trim().is_empty() => Err("usage: note \"what you saw\"".into()),
            text => Ok(Some(Command::Note(text))),
        },
        "answer" => answer(args, vocabulary).map(Some),
        "undo" => no_args(Command::Undo),
        "inject" | "hold" | "release" => {
            let [id] = args else { return Err(format!("usage: {name} <inject>, e.g. `{name} i03`")) };
            let ids = vocabulary.scenario.injects.iter().map(|i| i.id.as_str());
            if !vocabulary.scenario.injects.iter().any(|i| &i.id == id) {
                return Err(unknown("inject", id, ids, "see `injects` for those delivered"));
            }
            use crate::engine::InjectOrder as Order;
            let order = match name.as_str() {
                "inject" => Order::Send,
                "hold" => Order::Hold,
                _ => Order::Release,
            };
            Ok(Some(Command::Inject(id.clone(), order)))
        }
        "hotwash" => no_args(Command::Hotwash),
        "strength" => remark(RemarkKind::Strength, args).map(Some),
        "improve" => remark(RemarkKind::Improvement, args).map(Some),
        "feedback" => remark(RemarkKind::Feedback, args).map(Some),
        "done" => no_args(Command::Done),
        "status" => no_args(Command::Status),
        "injects" => no_args(Command::Injects),
        "timeline" => no_args(Command::Timeline),
        "plan" => no_args(Command::Plan),
        "clocks" => no_args(Command::Clocks),
        "truth" => match args {
            [] => Ok(Some(Command::Truth(false))),
            [all] if all == "all" => Ok(Some(Command::Truth(true))),
            _ => Err("usage: truth [all]".into()),
        },
        "pause" => no_args(Command::Pause),
        "go" => no_args(Command::Go),
        "end" => no_args(Command::End),
        "quit" | "exit" => no_args(Command::Quit),
        "help" | "?" => match args {
            [] => Ok(Some(Command::Help(None))),
            [topic] if COMMANDS.iter().any(|(n, ..)| n == topic) => Ok(Some(Command::Help(Some(topic.clone())))),
            [topic] => Err(unknown("command", topic, COMMANDS.iter().map(|(n, ..)| *n), "type `help`")),
            _ => Err("usage: help [<command>]".into()),
        },
        _ => Err(unknown("command", &name, COMMANDS.iter().map(|(n, ..)| *n), "type `help` for the list")),
    }
}

fn decide(args: &[String], vocabulary: &Vocabulary) -> Result<Command, String> {
    let usage = "usage: decide <action> [<target>] --by <role> [--why \"…\"]";
    let mut positional = Vec::new();
    let (mut role, mut rationale) = (None, String::new());
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--by" if role.is_some() => return Err("one role decides: give --by once".into()),
            "--by" => role = Some(rest.next().ok_or(usage)?.clone()),
            "--why" => rationale = rest.next().ok_or(usage)?.clone(),
            flag if flag.starts_with("--") => {
                return Err(unknown("option", flag, ["--by", "--why"].into_iter(), usage));
            }
            _ => positional.push(arg.as_str()),
        }
    }
    let (word, rest) = positional.split_first().ok_or(usage)?;
    let word = word.to_lowercase();
    let target = match rest {
        [] => None,
        [target] => Some(target.to_string()),
        // Free text may be typed without quotes.
        _ if word == "custom" => Some(rest.join(" ")),
        _ => return Err(usage.into()),
    };
    let action = vocabulary.action(&word, target.as_deref())?;
    let role = role.ok_or_else(|| format!("who decides? add --by <role>: one of {}", vocabulary.roles().join(", ")))?;
    let roles = vocabulary.roles();
    if !roles.contains(&role) {
        return Err(unknown("role", &role, roles.iter().map(String::as_str), "the plan staffs or covers none like it"));
    }
    Ok(Command::Decide { role, action, rationale })
}

/// `strength <capability> "…" --from <who>`, `improve …` alike, `feedback "…" --from <who>
/// [--on <capability>]`.
fn remark(kind: RemarkKind, args: &[String]) -> Result<Command, String> {
    let usage = match kind {
        RemarkKind::Strength => "usage: strength <capability> \"what went well\" --from <person or role>",
        RemarkKind::Improvement => "usage: improve <capability> \"what to improve\" --from <person or role>",
        RemarkKind::Feedback => "usage: feedback \"what they said\" --from <person or role> [--on <capability>]",
    };
    let (mut from, mut on, mut words) = (None, None, Vec::new());
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--from" if from.is_some() => return Err("a remark comes from one person or role: give --from once".into()),
            "--from" => from = Some(rest.next().ok_or(usage)?.trim().to_string()),
            "--on" if kind == RemarkKind::Feedback => on = Some(rest.next().ok_or(usage)?.clone()),
            flag if flag.starts_with("--") => {
                let flags: &[&str] = if kind == RemarkKind::Feedback { &["--from", "--on"] } else { &["--from"] };
                return Err(unknown("option", flag, flags.iter().copied(), usage));
            }
            _ => words.push(arg.as_str()),
        }
    }
    let capability = match kind {
        RemarkKind::Feedback => on,
        _ if words.is_empty() => return Err(usage.into()),
        _ => Some(words.remove(0).to_string()),
    };
    let capability = capability.map(|c| capability_id(&c)).transpose()?;
    let text = words.join(" ");
    if text.trim().is_empty() {
        return Err(usage.into());
    }
    let from = from
        .filter(|f| !f.is_empty())
        .ok_or("who said it? add --from <person or role>, e.g. --from incident_commander or --from \"Dana Reyes\"")?;
    Ok(Command::Remark { kind, capability, from, text })
}

/// The id of the capability `word` names, matched without regard to case.
fn capability_id(word: &str) -> Result<String, String> {
    let word = word.to_lowercase();
    match capabilities().find(|(id, _)| *id == word) {
        Some((id, _)) => Ok(id.to_string()),
        None => Err(unknown("capability", &word, capabilities().map(|(id, _)| id), "")),
    }
}

fn answer(args: &[String], vocabulary: &Vocabulary) -> Result<Command, String> {
    let usage = "usage: answer <inject>.<n> \"the room's answer\", e.g. `answer h02.1 \"…\"`";
    let (question, text) = args.split_first().ok_or(usage)?;
    let text = text.join(" ");
    if text.trim().is_empty() {
        return Err(usage.into());
    }
    let questions = vocabulary.questions(vocabulary.scenario.injects.iter().map(|x| x.id.as_str()));
    if !questions.contains(question) {
        return Err(unknown("question", question, questions.iter().map(String::as_str), "no inject has questions"));
    }
    let (inject, n) = question.rsplit_once('.').ok_or(usage)?;
    Ok(Command::Answer { inject: inject.into(), question: n.parse().map_err(|_| usage)?, text })
}

/// Splits a command line into words at spaces; `"…"` keeps spaces in a word, `\"` is a quote
/// inside one. Apostrophes are ordinary letters (`the insurer's hotline`).
fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let text = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(escaped) => text.push(escaped),
                            None => return Err("a quote is not closed".into()),
                        },
                        Some(other) => text.push(other),
                        None => return Err("a quote is not closed".into()),
                    }
                }
            }
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}
