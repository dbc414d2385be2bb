//! `ttx simulate`: a campaign of many runs, with a progress bar on a terminal's stderr and a
//! clean stop on Ctrl-C that still prints what the runs done add up to, marked partial.

use super::{Format, exit, failed};
use crate::campaign::{Summary, simulate};
use crate::exercise::load_campaign;
use crate::library::Library;
use crate::terminal::inert;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What `ttx simulate` was asked.
pub struct Request {
    pub scenario: String,
    pub plan: String,
    pub decisions: Option<PathBuf>,
    pub runs: u64,
    pub seed: u64,
    pub threads: usize,
    pub format: Format,
}

pub fn run(request: Request, library: &Library) -> u8 {
    let (compiled, script) =
        match load_campaign(library, &request.scenario, &request.plan, request.decisions.as_deref()) {
            Ok(loaded) => loaded,
            Err(failure) => return failed(failure),
        };
    let Some(script) = script else {
        eprintln!(
            "error: `ttx simulate` needs `--decisions FILE` for now: the response it plays on every seed (a \
             scripted or rule-based decisions file, such as scenarios/decisions/{}-good.ron)",
            compiled.scenario.id
        );
        return exit::INVALID;
    };
    let stopped = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stopped);
    // A second handler cannot be set (a library caller may own Ctrl-C); the campaign then runs on.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    let bar = progress(request.runs);
    let stop = || stopped.load(Ordering::SeqCst);
    let done = || bar.inc(1);
    let tally = simulate(&compiled, &script, request.seed, 0..request.runs, request.threads, &stop, &done);
    bar.finish_and_clear();
    let partial = tally.runs < request.runs;
    let summary = Summary::of(&tally, &compiled.scenario.id, &compiled.plan.id, request.seed, partial);
    match request.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&summary).unwrap_or_default()),
        Format::Text => print!("{}", inert(&summary.text())),
    }
    exit::OK
}

/// A bar with rate and time left, drawn on stderr only when it is a terminal.
fn progress(runs: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(runs);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} runs · {per_sec} · {eta} left") {
        bar.set_style(style);
    }
    bar
}
