//! The facilitated console: reads commands (from a terminal with line editing, history and
//! completion, or line by line from standard input), records every input in the journal before
//! acknowledging it, and shows what the players can see. Optional real-time pacing. Whatever it
//! echoes from a file or from the facilitator's input is made inert ([`crate::terminal`]) first.

use super::command::{Command, Vocabulary, parse};
use super::completion::{Completion, Known};
use super::hotwash;
use super::journal::{Entry, Header, Journal};
use super::session::{Halt, Session};
use super::style::Style;
use super::views;
use crate::action::Action;
use crate::duration::format_seconds;
use crate::engine::{Decision, InjectOrder};
use crate::knowledge::Knowledge;
use crate::screen::Screen;
use crate::terminal::inert_line;
use crate::wording::plural;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// Real-time pacing: how many sim seconds pass per real second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    pub sim_per_real: f64,
}

impl Pace {
    /// Parses `1h=5m`: one sim hour every five real minutes.
    pub fn parse(text: &str) -> Result<Pace, String> {
        let usage = format!("`{text}` is not a pace; write sim=real, e.g. `1h=5m` (one sim hour every five minutes)");
        let (sim, real) = text.split_once('=').ok_or(usage.clone())?;
        let sim = crate::duration::parse_seconds(sim.trim()).map_err(|_| usage.clone())?;
        let real = crate::duration::parse_seconds(real.trim()).map_err(|_| usage.clone())?;
        if sim == 0 || real == 0 {
            return Err(usage);
        }
        Ok(Pace { sim_per_real: sim as f64 / real as f64 })
    }
}

/// A line read, the end of input, or Ctrl-C.
enum Input {
    Line(usize, String),
    /// A line longer than [`MAX_LINE_BYTES`], skipped whole.
    TooLong(usize),
    End,
    Interrupted,
}

/// How a console session ended.
pub enum Outcome {
    /// The drill is over and its report written; the summary to print.
    Finished,
    /// The facilitator left; `ttx resume` continues.
    Left,
}

/// A live drill: the session, its journal and where it is written.
pub struct Live<'a> {
    pub session: Session<'a>,
    pub journal: Journal,
    pub header: Header,
    pub folder: PathBuf,
    /// Events already shown to the room.
    pub shown: usize,
    /// Every input recorded so far, as in the journal: what a rewind replays.
    pub inputs: Vec<Entry>,
    /// Each input's stamp on the room's clock.
    pub walls: Vec<Option<String>>,
}

impl Live<'_> {
    /// Writes an input to the journal (on disk before anything else happens) and keeps it;
    /// returns its stamp on the room's clock.
    fn log(&mut self, entry: Entry) -> std::io::Result<String> {
        let wall = self.journal.record(&entry)?;
        self.inputs.push(entry);
        self.walls.push(Some(wall.clone()));
        Ok(wall)
    }
}

/// Where the transcript goes when commands come line by line from standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transcript {
    Stdout,
    /// Standard error: standard output is kept for the JSON summary alone.
    Stderr,
}

/// Where output goes: above the prompt on a terminal, else the transcript's stream and standard
/// error; and the participant screen, when there is one.
struct Out {
    style: Style,
    printer: Option<Box<dyn FnMut(String)>>,
    transcript: Transcript,
    screen: Option<Screen>,
}

impl Out {
    /// Shows the players' view on the participant screen, if any.
    fn publish(&self, session: &Session) {
        if let Some(screen) = &self.screen {
            screen.show(session);
        }
    }

    fn say(&mut self, text: String) {
        match (&mut self.printer, self.transcript) {
            (Some(print), _) => print(text),
            (None, Transcript::Stdout) => crate::stdout::print_line(&text),
            (None, Transcript::Stderr) => eprintln!("{text}"),
        }
    }

    /// An error about input line `line`; the message may quote the input, so it is made inert.
    fn error(&mut self, line: usize, message: &str) {
        let message = inert_line(message);
        match &mut self.printer {
            Some(print) => print(self.style.alarm(&format!("error: {message}"))),
            None => eprintln!("<stdin>:{line}: error: {message}"),
        }
    }
}

/// Runs the console until the drill is over or the facilitator leaves. `terminal` selects line
/// editing; otherwise commands come line by line from standard input, and the transcript goes
/// where `transcript` says. A participant `screen` is shown the players' view after every input
/// and every move of the clock.
pub fn run(
    live: &mut Live,
    terminal: bool,
    transcript: Transcript,
    pace: Option<Pace>,
    screen: Option<Screen>,
) -> std::io::Result<Outcome> {
    let mut vocabulary = Vocabulary { scenario: live.session.scenario, plan: live.session.plan, shown: None };
    let style = if terminal { Style::detect() } else { Style::plain() };
    let completion = Completion::new(&vocabulary);
    let questions = completion.questions.clone();
    let known = completion.known.clone();
    let history = live.folder.join(HISTORY);
    let (reader, printer) = if terminal { read_terminal(completion, history)? } else { (read_lines(), None) };
    let mut out = Out { style, printer, transcript, screen };
    // After `end`, and on resuming a drill that was ended, only the hot wash goes on.
    let mut hotwash = live.session.is_ended();
    if terminal {
        out.say(format!(
            "{}\n{}\n{}",
            style.bold(&inert_line(&live.session.scenario.title)),
            views::clock_line(&live.session, style),
            views::where_it_stands(&live.session, style)
        ));
    }
    if hotwash {
        out.say(hotwash::guide(&live.session, style));
    }
    show_new(live, &mut out, false);
    let tick = live.session.scenario.clock.tick.seconds().unwrap_or(900);
    let period = pace.filter(|_| terminal).map(|p| Duration::from_secs_f64(tick as f64 / p.sim_per_real));
    let mut paused = false;
    let mut next_tick = period.map(|p| Instant::now() + p);
    let mut waiting = false;
    // A command that closes the drill, asked about on a terminal and not yet confirmed.
    let mut awaiting: Option<Command> = None;
    loop {
        out.publish(&live.session);
        if terminal && let Ok(mut list) = questions.lock() {
            *list = vocabulary.questions(delivered(&live.session).into_iter());
        }
        // What the players have been shown: the only artefacts completed, named or suggested.
        let compiled = live.session.compiled;
        let (indicators, vulnerabilities) = Knowledge::of(compiled, &live.session.sim.timeline().events).ids(compiled);
        let shown = Known {
            indicators: indicators.into_iter().map(String::from).collect(),
            vulnerabilities: vulnerabilities.into_iter().map(String::from).collect(),
        };
        if terminal && let Ok(mut offered) = known.lock() {
            *offered = shown.clone();
        }
        vocabulary.shown = Some(shown);
        if !waiting {
            reader.ask(if hotwash { "hotwash> " } else { "ttx> " });
            waiting = true;
        }
        // No paced tick while a closing command waits for its answer.
        let input = match (period, next_tick, paused || awaiting.is_some()) {
            (Some(p), Some(at), false) => {
                match reader.inputs.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(input) => input,
                    Err(RecvTimeoutError::Timeout) => {
                        next_tick = Some(Instant::now() + p);
                        if !live.session.is_over() {
                            let to = live.session.now() + tick;
                            record(live, Entry::Advance { to })?;
                            // The clock line comes with news, and on the hour: not every tick.
                            let on_the_hour = live.session.now() / 3_600 != (to - tick) / 3_600;
                            show_new(live, &mut out, on_the_hour);
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => Input::End,
                }
            }
            _ => reader.inputs.recv().unwrap_or(Input::End),
        };
        waiting = false;
        let (number, line) = match input {
            Input::Line(number, line) => (number, line),
            Input::TooLong(number) => {
                out.error(number, &format!("the line is longer than {MAX_LINE_BYTES} bytes; nothing was recorded"));
                continue;
            }
            Input::Interrupted => {
                out.say("(Ctrl-C clears the line; type `quit` to leave, `end` to finish)".into());
                continue;
            }
            Input::End if live.session.is_ended() => return Ok(Outcome::Finished),
            Input::End if terminal => return Ok(Outcome::Left),
            Input::End => {
                let at = live.session.now();
                record(live, Entry::RunOut { at })?;
                show(live, &mut out, true, true);
                return Ok(Outcome::Finished);
            }
        };
        let command = match (awaiting.take(), parse(&line, &vocabulary)) {
            (Some(asked), _) if is_yes(&line) => asked,
            (Some(_), _) => {
                out.say("not confirmed: the drill goes on".into());
                continue;
            }
            (None, Ok(Some(command))) if terminal && closes(&command) => {
                out.say(out.style.alarm(&confirmation(&live.session, &command)));
                awaiting = Some(command);
                continue;
            }
            (None, Ok(Some(command))) => command,
            (None, Ok(None)) => continue,
            (None, Err(message)) => {
                out.error(number, &message);
                continue;
            }
        };
        let over = live.session.is_over();
        let now = live.session.now();
        match command {
            command if hotwash && moves_the_drill(&command) => out.error(
                number,
                if live.session.is_ended() {
                    "the drill has ended: the hot wash, notes and answers go on; `done` writes the report"
                } else {
                    "the hot wash is open: `done` closes it, then the drill goes on"
                },
            ),
            Command::Next | Command::Advance(..) | Command::Decide { .. } | Command::Inject(..) if over => {
                out.error(number, "the drill is over: add notes or answers, then `end` to write the report");
            }
            Command::Hotwash => {
                hotwash = true;
                out.say(hotwash::guide(&live.session, style));
            }
            Command::Remark { kind, capability, from, text } => {
                record(live, Entry::Hotwash { at: now, kind, capability, from, text })?;
                let remark = live.session.room.hotwash().last().map(|r| hotwash::line(&live.session, r));
                let count = live.session.room.hotwash().len() as u64;
                out.say(format!("recorded {} ({} in all)", remark.unwrap_or_default(), plural(count, "remark")));
            }
            Command::Done if live.session.is_ended() => {
                out.say(hotwash::captured(&live.session, style));
                out.say("writing the report…".into());
                return Ok(Outcome::Finished);
            }
            Command::Done if hotwash => {
                hotwash = false;
                out.say(format!("hot wash closed; the drill goes on at {}", views::at(&live.session, now)));
            }
            Command::Done => out.error(number, "no hot wash is open: `hotwash` opens one, `end` ends the drill"),
            Command::Next => {
                let halt = live.session.advance(now.saturating_add(NEXT_AT_MOST), false);
                record_move(live)?;
                show_new(live, &mut out, true);
                say_halt(live, &mut out, &halt, None);
            }
            Command::Advance(seconds, _) if now.saturating_add(seconds) > max_time(&live.session) => {
                let left = max_time(&live.session).saturating_sub(now);
                let message = format!(
                    "the scenario ends at +{}, {} from now: advance at most `advance {}`, or `end` the drill",
                    format_seconds(max_time(&live.session)),
                    format_seconds(left),
                    format_seconds(left)
                );
                out.error(number, &message);
            }
            Command::Advance(seconds, through) => {
                let halt = live.session.advance(now + seconds, through);
                record_move(live)?;
                show_new(live, &mut out, true);
                say_halt(live, &mut out, &halt, Some(now + seconds));
            }
            Command::Decide { role, action, rationale } => {
                // A block or patch on something the players have not been shown goes to the
                // engine, which refuses it and records why; say so now rather than a tick later.
                let unseen = vocabulary.shown.as_ref().and_then(|shown| match &action {
                    Action::BlockIoc(id) if !shown.indicators.contains(id) => Some(id.clone()),
                    Action::Patch(id) if !shown.vulnerabilities.contains(id) => Some(id.clone()),
                    _ => None,
                });
                let warning = unseen.map_or(String::new(), |id| {
                    format!(" (the players have not been shown `{}`: it will be refused)", inert_line(&id))
                });
                let decision = Decision { role: role.clone(), action: action.clone(), rationale: String::new() };
                let (effective_at, wait) = live.session.sim.preview(&decision);
                let wait = wait.map_or(String::new(), |w| {
                    format!(" ({}: starts {})", w.why.text(), views::at(&live.session, w.starts_at))
                });
                let said = format!(
                    "decision by {}: {} — taken at {}{warning}; in effect around {}{wait}; `undo` takes it back until the clock moves",
                    views::role_label(&live.session, &role),
                    views::action_words(&action),
                    views::at(&live.session, now),
                    views::at(&live.session, effective_at)
                );
                record(live, Entry::Decision { at: now, role, action, rationale })?;
                out.say(said);
            }
            Command::Note(text) => {
                record(live, Entry::Note { at: now, text })?;
                out.say("note recorded".into());
            }
            Command::Answer { inject, .. } if !delivered(&live.session).contains(&inject.as_str()) => {
                out.error(number, &format!("inject {inject} has not reached the players yet"));
            }
            Command::Answer { inject, question, text } => {
                record(live, Entry::Answer { at: now, inject: inject.clone(), question, text })?;
                out.say(format!("answer to {inject}.{question} recorded"));
            }
            Command::Inject(id, order) => match live.session.sim.check_inject(&id, order) {
                // Checked first, so that what is journalled always replays.
                Ok(_) => {
                    record(live, Entry::Inject { at: now, inject: id.clone(), order })?;
                    out.say(match order {
                        InjectOrder::Send => format!("inject {id} goes out at {}", views::at(&live.session, now)),
                        InjectOrder::Hold => format!("inject {id} is held back; `release {id}` lets it go"),
                        InjectOrder::Release => {
                            format!("inject {id} released: it comes at the first tick its trigger holds")
                        }
                    });
                }
                Err(why) => out.error(number, &why),
            },
            Command::Undo if live.session.can_undo() => {
                let given = live.session.sim.given().last();
                let last = given.map(|d| format!("{} by {}", views::action_words(&d.action), inert_line(&d.role)));
                record(live, Entry::Undo { at: now })?;
                out.say(format!("took back: {}", last.unwrap_or_default()));
            }
            Command::Undo => match rewind(live)? {
                Some(reached) => {
                    show_new(live, &mut out, true);
                    out.say(format!(
                        "took back the clock move to {}: the drill is back at {}, replayed from its journal",
                        views::at(&live.session, reached),
                        views::at(&live.session, live.session.now())
                    ));
                }
                None => out.error(number, "nothing to undo: no decision and no clock move to take back"),
            },
            Command::Status => {
                let pacing = match (pace.filter(|_| terminal), paused) {
                    (None, _) => String::new(),
                    (Some(_), true) => "\n  real-time pacing: paused (`go` resumes)".into(),
                    (Some(p), false) => format!(
                        "\n  real-time pacing: on, one sim hour every {}",
                        format_seconds((3_600.0 / p.sim_per_real).round() as u64)
                    ),
                };
                out.say(views::status(&live.session, style) + &pacing);
            }
            Command::Injects => out.say(views::injects(&live.session, style)),
            Command::Timeline => out.say(views::timeline(&live.session, style)),
            Command::Plan => out.say(views::plan(&live.session, style)),
            Command::Clocks => out.say(views::clocks(&live.session, style)),
            Command::Truth(all) => out.say(views::truth(&live.session, style, all)),
            Command::Help(topic) => out.say(views::help(topic.as_deref())),
            Command::Pause | Command::Go if period.is_none() => out.error(
                number,
                "the drill is paced by the facilitator; for real time start it, or `ttx resume` it, with --pace 1h=5m",
            ),
            Command::Go if over => out.error(number, "the drill is over: there is no clock left to run"),
            Command::Pause => {
                paused = true;
                out.say("paused: the clock moves only with `next` and `advance`; `go` resumes".into());
            }
            Command::Go => {
                paused = false;
                next_tick = period.map(|p| Instant::now() + p);
                out.say("real-time pacing resumed".into());
            }
            Command::End => {
                record(live, Entry::End { at: now })?;
                show(live, &mut out, true, true);
                hotwash = true;
                out.say(format!(
                    "the drill has ended at {}; the hot wash is open",
                    views::at(&live.session, live.session.now())
                ));
                out.say(hotwash::guide(&live.session, style));
            }
            Command::Quit if live.session.is_ended() => {
                out.say("writing the report; `ttx resume` reopens the hot wash".into());
                return Ok(Outcome::Finished);
            }
            Command::Quit => return Ok(Outcome::Left),
        }
    }
}

/// Whether a command moves the drill on: refused while the hot wash is open.
fn moves_the_drill(command: &Command) -> bool {
    matches!(
        command,
        Command::Next
            | Command::Advance(..)
            | Command::Decide { .. }
            | Command::Inject(..)
            | Command::Undo
            | Command::Go
            | Command::End
    )
}

/// Whether a command closes the drill for good: ending it, or declaring the incident closed.
fn closes(command: &Command) -> bool {
    matches!(command, Command::End | Command::Decide { action: Action::DeclareClosed, .. })
}

/// The question asked before a command that closes the drill.
fn confirmation(session: &Session, command: &Command) -> String {
    let at = views::at(session, session.now());
    let what = match command {
        Command::End => format!("End the drill now, at {at}? The hot wash follows, then the report"),
        _ => format!(
            "Declare the incident closed at {at}? The drill ends once the declaration takes effect, and what the \
             adversary still holds runs on unanswered"
        ),
    };
    format!("{what}; the clock cannot be moved back after. Type `yes` to confirm, anything else to go on.")
}

fn is_yes(line: &str) -> bool {
    matches!(line.trim().to_lowercase().as_str(), "yes" | "y")
}

/// The furthest one `next` moves the clock: a quiet night is passed in steps the room sees.
const NEXT_AT_MOST: u64 = 12 * 3_600;

/// Why the clock stopped short of where it was asked to go, when it did; `asked` is the time an
/// `advance` aimed at.
fn say_halt(live: &Live, out: &mut Out, halt: &Halt, asked: Option<u64>) {
    let now = live.session.now();
    let rest = asked.filter(|a| *a > now).map_or(String::new(), |a| {
        let left = format_seconds(a - now);
        format!(
            "; `advance {left}` goes on to {}, `advance {left} --through` runs past what would stop it",
            views::at(&live.session, a)
        )
    });
    match halt {
        Halt::Deadline(due) => {
            let what: Vec<String> = due.iter().map(|d| inert_line(&d.what).into_owned()).collect();
            let at = views::at(&live.session, now);
            out.say(out.style.alarm(&format!("stopped at {at}: due now — {}{rest}", what.join("; "))))
        }
        Halt::Reached if asked.is_none() => out.say(format!(
            "stopped at {}: {} passed with nothing new for the room; `next` again goes on",
            views::at(&live.session, now),
            format_seconds(NEXT_AT_MOST)
        )),
        Halt::News(what) if asked.is_some() => {
            out.say(format!("stopped early at {}: {}{rest}", views::at(&live.session, now), inert_line(what)))
        }
        Halt::News(_) | Halt::Reached | Halt::Over => {}
    }
}

/// The injects delivered so far.
fn delivered<'s>(session: &'s Session) -> Vec<&'s str> {
    let events = &session.sim.timeline().events;
    events
        .iter()
        .filter_map(|e| match &e.kind {
            crate::timeline::EventKind::InjectDelivered { inject, .. } => Some(inject.as_str()),
            _ => None,
        })
        .collect()
}

/// When the scenario runs out of time, in sim seconds.
fn max_time(session: &Session) -> u64 {
    session.scenario.clock.max_duration.seconds().unwrap_or(u64::MAX)
}

/// Writes an input to the journal (on disk before anything else happens), then applies it.
fn record(live: &mut Live, entry: Entry) -> std::io::Result<()> {
    let wall = live.log(entry.clone())?;
    live.session.apply_stamped(&entry, Some(&wall)).map_err(std::io::Error::other)
}

/// Writes the clock move the session has just made to the journal.
fn record_move(live: &mut Live) -> std::io::Result<()> {
    let entry = Entry::Advance { to: live.session.now() };
    let wall = live.log(entry.clone())?;
    let now = live.session.now();
    live.session.room.take(&entry, Some(&wall), now).map_err(std::io::Error::other)
}

/// Takes back the last clock move: journals the rewind and replays the inputs without that move.
/// Returns the time the clock had reached, or `None` when it has not moved.
fn rewind(live: &mut Live) -> std::io::Result<Option<u64>> {
    let reached = live.session.now();
    let mut inputs = live.inputs.clone();
    inputs.push(Entry::Rewind { to: 0 }); // `to` is not read on replay
    let session = match Session::replayed(live.session.compiled, &live.header, &inputs, &live.walls) {
        Ok(session) => session,
        // The rewind itself did not apply: there is no clock move to take back.
        Err((at, _)) if at == live.inputs.len() => return Ok(None),
        Err((_, why)) => return Err(std::io::Error::other(why)),
    };
    let to = session.now();
    live.log(Entry::Rewind { to })?;
    live.session = session;
    live.shown = live.session.sim.timeline().events.len();
    Ok(Some(reached))
}

/// Shows the players' new events since the last call, under the clock line when the clock
/// `moved` or something new arrived, then the reminder of what is due.
fn show_new(live: &mut Live, out: &mut Out, moved: bool) {
    show(live, out, moved, false);
}

/// As [`show_new`]; `closing` leaves out the hint to `end`, for when the drill is ending now.
fn show(live: &mut Live, out: &mut Out, moved: bool, closing: bool) {
    let was_over = live.shown > 0 && live.session.sim.timeline().events[..live.shown].iter().any(is_end);
    let lines = views::new_events(&live.session, live.shown, out.style);
    live.shown = live.session.sim.timeline().events.len();
    out.publish(&live.session);
    if moved || !lines.is_empty() {
        out.say(format!("[{}]", views::clock_line(&live.session, out.style)));
    }
    for line in lines {
        out.say(line);
    }
    if moved
        && !live.session.is_over()
        && let Some(line) = views::reminder(&live.session, out.style)
    {
        out.say(line);
    }
    if live.session.is_over() && !was_over && !closing {
        out.say("the scenario is over: add notes or answers, then `end` to evaluate and write the report".into());
    }
}

fn is_end(event: &crate::timeline::Event) -> bool {
    matches!(event.kind, crate::timeline::EventKind::RunEnded { .. })
}

/// Where lines come from. On a terminal the reading thread only starts a line when asked, so
/// that it never holds the terminal in raw mode after the console has finished.
struct Reader {
    inputs: Receiver<Input>,
    ready: Option<Sender<&'static str>>,
}

impl Reader {
    /// Asks for the next line, with this prompt on a terminal.
    fn ask(&self, prompt: &'static str) {
        if let Some(ready) = &self.ready {
            let _ = ready.send(prompt);
        }
    }
}

/// Lines from standard input, read on their own thread.
fn read_lines() -> Reader {
    let (send, receive) = channel();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        for number in 1.. {
            let input = match bounded_line(&mut stdin) {
                Ok(Some(Some(bytes))) => {
                    // Bytes that are not UTF-8 are shown as U+FFFD rather than ending the input.
                    Input::Line(number, String::from_utf8_lossy(&bytes).trim_end_matches('\r').to_string())
                }
                Ok(Some(None)) => Input::TooLong(number),
                Ok(None) | Err(_) => break,
            };
            if send.send(input).is_err() {
                return;
            }
        }
        let _ = send.send(Input::End);
    });
    Reader { inputs: receive, ready: None }
}

/// The longest console line read; a longer one (a runaway paste, a binary piped in) is skipped
/// whole without being held in memory.
const MAX_LINE_BYTES: usize = 64 * 1024;

/// The next line without its `\n`: `None` at the end of input, `Some(None)` for a line over the
/// limit.
fn bounded_line(input: &mut impl std::io::BufRead) -> std::io::Result<Option<Option<Vec<u8>>>> {
    use std::io::{BufRead, Read};
    let mut line = Vec::new();
    let read = input.by_ref().take(MAX_LINE_BYTES as u64 + 1).read_until(b'\n', &mut line)?;
    if read == 0 {
        return Ok(None);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        return Ok(Some(Some(line)));
    }
    if line.len() <= MAX_LINE_BYTES {
        return Ok(Some(Some(line))); // the last line, without a line break
    }
    // Skip the rest of the long line, a buffer at a time.
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(Some(None));
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(end) => {
                input.consume(end + 1);
                return Ok(Some(None));
            }
            None => {
                let all = buffer.len();
                input.consume(all);
            }
        }
    }
}

type Printer = Option<Box<dyn FnMut(String)>>;

/// Lines from the terminal with editing, history and completion, read on their own thread; the
/// printer writes above the prompt.
/// The console's line history, kept in the run folder so that `ttx resume` brings it back.
const HISTORY: &str = "console-history.txt";
/// A history file larger than this is not one ttx wrote (it keeps the last lines only).
const MAX_HISTORY_BYTES: u64 = 1024 * 1024;

/// Whether the history file may be read and written: absent, or a plain file of sensible size.
fn history_usable(path: &std::path::Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type().is_file() && meta.len() <= MAX_HISTORY_BYTES,
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

fn read_terminal(completion: Completion, history: PathBuf) -> std::io::Result<(Reader, Printer)> {
    use rustyline::error::ReadlineError;
    use rustyline::history::DefaultHistory;
    use rustyline::{CompletionType, Config, Editor, ExternalPrinter};
    let config = Config::builder().completion_type(CompletionType::List).auto_add_history(true).build();
    let mut editor: Editor<Completion, DefaultHistory> = Editor::with_config(config).map_err(std::io::Error::other)?;
    editor.set_helper(Some(completion));
    // The history is a convenience, so a history file that is a link, not a file, or too big
    // to be one is left alone: it is neither read nor written through.
    let history = history_usable(&history).then_some(history);
    if let Some(history) = &history {
        let _ = editor.load_history(history); // none yet on a new drill
    }
    let mut printer = editor.create_external_printer().map_err(std::io::Error::other)?;
    let (send, receive) = channel();
    let (ready, asked) = channel::<&'static str>();
    std::thread::spawn(move || {
        let mut number = 0;
        while let Ok(prompt) = asked.recv() {
            number += 1;
            let input = match editor.readline(prompt) {
                Ok(line) if line.len() > MAX_LINE_BYTES => Input::TooLong(number),
                Ok(line) => {
                    if let Some(history) = &history {
                        let _ = editor.save_history(history); // a convenience: losing it loses no input
                    }
                    Input::Line(number, line)
                }
                Err(ReadlineError::Interrupted) => Input::Interrupted,
                Err(_) => Input::End,
            };
            let end = matches!(input, Input::End);
            if send.send(input).is_err() || end {
                return;
            }
        }
    });
    let print: Box<dyn FnMut(String)> = Box::new(move |text: String| {
        let _ = printer.print(text + "\n");
    });
    Ok((Reader { inputs: receive, ready: Some(ready) }, Some(print)))
}
