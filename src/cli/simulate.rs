//! `ttx simulate`: a campaign of many runs, with a progress bar on a terminal's stderr and a
//! clean stop on Ctrl-C that still prints what the runs done add up to, marked partial; one
//! shard of a campaign, printed as a part; and `ttx merge`, which adds the parts up.

use super::{Format, exit, failed};
use crate::atomic::{read_input, write_each};
use crate::campaign::summary::percent;
use crate::campaign::{Against, ComparisonSummary, Counts, Part, Runs, Shard, Summary, compare, simulate};
use crate::compile::Compiled;
use crate::exercise::{Script, load_campaign};
use crate::library::Library;
use crate::report::simulation::{Plotted, page};
use crate::team::Imperfection;
use crate::terminal::inert;
use crate::validate::Failure;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What `ttx simulate` was asked: its command line.
#[derive(Debug, clap::Args)]
pub struct Request {
    /// A scenario file, or the id of a shipped scenario.
    pub scenario: String,
    /// A plan file, or the id of a plan in the library's `plans/`.
    #[arg(long)]
    pub plan: String,
    /// The response played on every run: a scripted or rule-based decisions file, or the id
    /// of one in the library. Without it, the plan's automated team responds.
    #[arg(long)]
    pub decisions: Option<String>,
    /// The automated team's slips, each overriding the plan's own when given.
    #[command(flatten)]
    pub slips: SlipFlags,
    /// How many runs.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=crate::campaign::MAX_RUNS))]
    pub runs: u64,
    /// Run i plays a seed derived from this one and i.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Threads (0: every core); the result is the same for any number.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Play only the i-th of n slices of the runs (`3/8`); with `--format json`, print the part
    /// for `ttx merge`.
    #[arg(long, value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    /// A second plan, played on the same seeds: both side by side, with the paired differences.
    #[arg(long)]
    pub compare: Option<String>,
    /// Also write the result into this folder: simulation.json, a self-contained
    /// simulation.html and its chart (with --shard: the part, part-i.json).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// `--miss-alert`, `--misjudge` and `--late`.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct SlipFlags {
    /// The automated team's chance of acting on no alert (overrides the plan's `automated_team`).
    #[arg(long, value_name = "CHANCE", value_parser = parse_chance, conflicts_with = "decisions")]
    pub miss_alert: Option<f64>,
    /// The automated team's chance of declaring a severity one level too mild.
    #[arg(long = "misjudge", value_name = "CHANCE", value_parser = parse_chance, conflicts_with = "decisions")]
    pub misjudge_severity: Option<f64>,
    /// The automated team's chance of acting after a deadline.
    #[arg(long = "late", value_name = "CHANCE", value_parser = parse_chance, conflicts_with = "decisions")]
    pub act_late: Option<f64>,
}

/// The response every run of a plan plays, and how the summary names it: the decisions file's,
/// or else the plan's automated team with its slips.
fn response(
    compiled: &Compiled,
    scripted: &Option<Script>,
    decisions: Option<&Path>,
    flags: SlipFlags,
) -> (Script, String) {
    if let (Some(script), Some(path)) = (scripted, decisions) {
        let name = path.file_name().map_or(path.display().to_string(), |n| n.to_string_lossy().into_owned());
        return (script.clone(), format!("decisions file {name}"));
    }
    let plan = compiled.plan.automated_team;
    let slips = Imperfection {
        miss_alert: flags.miss_alert.unwrap_or(plan.miss_alert),
        misjudge_severity: flags.misjudge_severity.unwrap_or(plan.misjudge_severity),
        act_late: flags.act_late.unwrap_or(plan.act_late),
    };
    let label = if slips == Imperfection::default() {
        "the plan's automated team, following it to the letter".to_string()
    } else {
        format!(
            "the plan's automated team, missing {} of alerts, declaring severity too mild {} of the time, late {} of the time",
            percent(slips.miss_alert),
            percent(slips.misjudge_severity),
            percent(slips.act_late)
        )
    };
    (Script::automated(compiled, slips), label)
}

/// A chance given on the command line: a number in [0, 1].
pub fn parse_chance(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{text}` is not a chance: write a number from 0 to 1, e.g. 0.1 for 10 %")),
    }
}

/// The most bytes of one part file `ttx merge` reads.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

pub fn run(request: Request, library: &Library) -> u8 {
    let (compiled, script) =
        match load_campaign(library, &request.scenario, &request.plan, request.decisions.as_deref()) {
            Ok(loaded) => loaded,
            Err(failure) => return failed(failure),
        };
    let decisions = request.decisions.as_deref().map(Path::new);
    let (script_a, response_a) = response(&compiled, &script, decisions, request.slips);
    let stopped = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stopped);
    // A second handler cannot be set (a library caller may own Ctrl-C); the campaign then runs on.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    let plan_b = match &request.compare {
        Some(other) => match load_campaign(library, &request.scenario, other, None) {
            Ok((compiled, _)) => Some(compiled),
            Err(failure) => return failed(failure),
        },
        None => None,
    };
    let shard = request.shard.unwrap_or(Shard { index: 1, of: 1 });
    let range = shard.runs(request.runs);
    let bar = progress(range.end - range.start);
    let (stop, done) = (|| stopped.load(Ordering::SeqCst), || bar.inc(1));
    let slice = Runs { seed: request.seed, range: range.clone(), threads: request.threads, stop: &stop, done: &done };
    let (counts, against) = match &plan_b {
        Some(b) => {
            let (script_b, response_b) = response(b, &script, decisions, request.slips);
            let both = compare([&compiled, b], [&script_a, &script_b], &slice);
            (Counts::Comparison(Box::new(both)), Some(Against { plan: b.plan.id.clone(), response: response_b }))
        }
        None => (Counts::Tally(simulate(&compiled, &script_a, &slice)), None),
    };
    bar.finish_and_clear();
    let part = Part {
        scenario: compiled.scenario.id.clone(),
        plan: compiled.plan.id.clone(),
        response: response_a,
        seed: request.seed,
        runs: request.runs,
        shard,
        partial: counts.runs() < range.end - range.start,
        against,
        counts,
    };
    if request.shard.is_none() {
        return finish(&part, request.format, request.out.as_deref());
    }
    let json = serde_json::to_string(&part).unwrap_or_default();
    if let Some(dir) = &request.out
        && let Err(failure) = write_out(dir, vec![(format!("part-{}.json", shard.index), json.clone())])
    {
        return failed(failure);
    }
    if request.format == Format::Json {
        crate::stdout::print_line(&json);
        return exit::OK;
    }
    finish(&part, request.format, None)
}

/// Prints a campaign's result (a whole one, merged or not, or one part's own), and with `out`
/// writes its folder.
fn finish(part: &Part, format: Format, out: Option<&Path>) -> u8 {
    let (scenario, seed, partial) = (part.scenario.as_str(), part.seed, part.partial);
    let (json, text, page) = match &part.counts {
        Counts::Comparison(both) => {
            // A part's second plan is there whenever its counts are two plans' (`merge` checks).
            let b = part.against.as_ref().map_or(("B", ""), |b| (b.plan.as_str(), b.response.as_str()));
            let plans = [part.plan.as_str(), b.0];
            let responses = [part.response.as_str(), b.1];
            let summary = ComparisonSummary::of(both, scenario, plans, responses, seed, partial);
            let plotted =
                [Plotted { tally: &both.a, summary: &summary.a }, Plotted { tally: &both.b, summary: &summary.b }];
            let page = out.map(|_| page(&plotted, Some(&summary)));
            (serde_json::to_string_pretty(&summary), summary.text(), page)
        }
        Counts::Tally(tally) => {
            let summary = Summary::of(tally, scenario, &part.plan, &part.response, seed, partial);
            let page = out.map(|_| page(&[Plotted { tally, summary: &summary }], None));
            (serde_json::to_string_pretty(&summary), summary.text(), page)
        }
    };
    let json = json.unwrap_or_default();
    if let (Some(dir), Some((html, charts))) = (out, page)
        && let Err(failure) = write_page(dir, json.clone(), html, charts)
    {
        return failed(failure);
    }
    match format {
        Format::Json => crate::stdout::print_line(&json),
        Format::Text => crate::stdout::print(&inert(&text)),
    }
    exit::OK
}

/// A campaign's folder: its JSON, its page and the page's charts.
fn write_page(dir: &std::path::Path, json: String, html: String, charts: Vec<(String, String)>) -> Result<(), Failure> {
    let mut files = vec![("simulation.json".into(), json), ("simulation.html".into(), html)];
    files.extend(charts);
    write_out(dir, files)
}

/// Writes the files into `dir`, made if missing, each atomically.
fn write_out(dir: &std::path::Path, files: Vec<(String, String)>) -> Result<(), Failure> {
    let files: Vec<(String, Vec<u8>)> = files.into_iter().map(|(n, t)| (n, t.into_bytes())).collect();
    std::fs::create_dir_all(dir)
        .and_then(|()| write_each(dir, &files))
        .map_err(|e| Failure::Io(format!("cannot write {}: {e}", dir.display())))
}

/// `ttx merge`: the parts of one campaign, checked and added up, printed as the unsharded run
/// would have printed them.
pub fn merge(paths: &[PathBuf], format: Format, out: Option<&Path>) -> u8 {
    let mut parts = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let bytes = match read_input(path, MAX_PART_BYTES) {
            Ok(bytes) => bytes,
            Err(unread) => return failed(unread.failure(path)),
        };
        match serde_json::from_slice::<Part>(&bytes) {
            Ok(part) => parts.push((name, part)),
            Err(e) => {
                let (line, column) = (e.line(), e.column());
                let located = format!("{name}:{line}:{column}: error[invalid-part]: not a part of a campaign: {e}");
                eprintln!("{}", inert(&located));
                return exit::INVALID;
            }
        }
    }
    match crate::campaign::merge(&parts) {
        Ok((whole, _)) => finish(&whole, format, out),
        Err(why) => {
            eprintln!("{}", inert(&format!("{}:1:1: error[{}]: {}", why.file, why.code, why.message)));
            exit::INVALID
        }
    }
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
