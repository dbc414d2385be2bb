//! The command line: clap types and dispatch to the library, nothing else. Each command
//! returns the exit code it earned (0 ok, 1 run-time failure, 2 invalid input, 3 check failed).
//! Text it prints that may quote a file is made inert ([`crate::terminal`]); JSON is left to
//! serde_json, which escapes control characters itself.

mod generated;
mod simulate;

use crate::exercise::{Console, DrillRequest, Finished, Transcript, resume, run_drill};
use crate::library::Library;
use crate::terminal::{inert, inert_line};
use crate::validate::{Failure, validate_paths};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes, as documented in the README.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
    pub const INVALID: u8 = 2;
}

#[derive(Debug, Parser)]
#[command(name = "ttx", version, about = "Tabletop exercises and incident-response drills, simulated and scored.")]
pub struct Cli {
    /// A scenario library folder (scenarios, `plans/`, `decisions/`) that adds to the one built
    /// into ttx, and overrides it file by file, by id. Without it: `./scenarios` when present.
    #[arg(long, global = true, env = "TTX_SCENARIOS", value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario, plan and decisions files (or folders of them); all problems at once.
    Validate {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// List the shipped scenarios.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Run a drill: the scenario against a plan, with scripted decisions or console commands.
    Run {
        /// A scenario file, or the id of a shipped scenario.
        scenario: String,
        /// A plan file, or the id of a plan in the library's `plans/`.
        #[arg(long)]
        plan: String,
        /// A decisions file (a scripted drill), or the id of one in the library's `decisions/`.
        #[arg(long)]
        decisions: Option<String>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Where run folders go.
        #[arg(long, default_value = "reports")]
        out: PathBuf,
        /// Replace an existing run folder.
        #[arg(long)]
        force: bool,
        /// Real-time pacing at the console, sim=real: `1h=5m` moves one sim hour every five
        /// minutes (`pause` and `go` stop and restart it).
        #[arg(long, value_parser = crate::exercise::Pace::parse)]
        pace: Option<crate::exercise::Pace>,
        /// Serve a read-only participant screen (for a projector or the players' devices) on this
        /// address, e.g. `127.0.0.1:8080`; port 0 picks a free one. It never shows the truth.
        #[arg(long, value_name = "ADDR", conflicts_with = "decisions")]
        serve: Option<std::net::SocketAddr>,
        /// Who facilitates the drill, for the after-action report's overview (journalled).
        #[arg(long, value_name = "NAME", value_parser = crate::exercise::facilitator_name)]
        facilitator: Option<String>,
        /// The summary at the end: text, or JSON (run folder, report and the whole evaluation).
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Continue a drill from its run folder: replay the journal, then carry on at the console.
    Resume {
        /// A run folder written by `ttx run`.
        run_dir: PathBuf,
        #[arg(long, value_parser = crate::exercise::Pace::parse)]
        pace: Option<crate::exercise::Pace>,
        /// Serve the read-only participant screen on this address, as `ttx run --serve` does.
        #[arg(long, value_name = "ADDR")]
        serve: Option<std::net::SocketAddr>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Evaluate a run folder again and write its report: evaluation.json, report.md,
    /// report.html and SVG charts, inside the run folder; `--format png` adds the charts as PNG.
    Report {
        /// A run folder written by `ttx run`.
        run_dir: PathBuf,
        /// Write only this format (json: evaluation.json, also printed to standard output; png:
        /// the charts as PNG images, which only this writes).
        #[arg(long, value_enum)]
        format: Option<crate::report::Format>,
        /// Replace report files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Summarise one scenario: environment, attack path, injects on a timeline.
    Show {
        /// A scenario file, or the id of a shipped scenario.
        scenario: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print the MSEL (master scenario events list) of a scenario for the controllers: every
    /// inject with its time or trigger, sender, message, expected player actions and objective.
    Msel {
        /// A scenario file, or the id of a shipped scenario.
        scenario: String,
        #[arg(long, value_enum, default_value = "md")]
        format: crate::materials::Format,
        /// Write it to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace the file named by --out if it exists.
        #[arg(long, requires = "out")]
        force: bool,
    },
    /// Write the handouts of a scenario and plan: a situation manual for the players (no truth
    /// in it) and a handbook for controllers and evaluators, each as Markdown and HTML.
    Handout {
        /// A scenario file, or the id of a shipped scenario.
        scenario: String,
        /// A plan file, or the id of a plan in the library's `plans/`.
        #[arg(long)]
        plan: String,
        /// The folder to write into; `handouts/<scenario>-<plan>/` when not given.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Replace handout files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// Play a scenario many times on derived seeds and report the distributions: percentiles of every metric, targets and clocks met, score and harm averted, the steps most often missed.
    Simulate(simulate::Request),
    /// Merge the parts that `ttx simulate --shard i/n --format json` printed into the campaign's result.
    Merge {
        /// The parts, one JSON file per shard, every shard once.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Also write the merged result into this folder, as `ttx simulate --out` does.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print a shell completion script: `ttx completions bash > /etc/bash_completion.d/ttx`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `ttx man > ttx.1`, or a command's: `ttx man run > ttx-run.1`.
    Man {
        /// A command, for its own page.
        command: Option<String>,
    },
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let library = Library::chosen(cli.scenarios);
    let code = match cli.command {
        Command::Validate { paths, format } => validate(&paths, &library, format),
        Command::List { format } => library.print_list(format),
        Command::Show { scenario, format } => library.print_show(&scenario, format),
        Command::Run { scenario, plan, decisions, seed, out, force, pace, serve, facilitator, format } => {
            let request = DrillRequest { scenario, plan, decisions, seed, out, force, pace, serve, facilitator };
            drilled(run_drill(&request, &library, console(format)), format)
        }
        Command::Resume { run_dir, pace, serve, format } => {
            drilled(resume(&run_dir, console(format), pace, serve), format)
        }
        Command::Report { run_dir, format, force } => report(&run_dir, format, force),
        Command::Msel { scenario, format, out, force } => msel(&library, &scenario, format, out.as_deref(), force),
        Command::Handout { scenario, plan, out, force } => {
            let request = crate::materials::Handout { scenario, plan, out, force };
            wrote(crate::materials::write_handout(&request, &library))
        }
        Command::Simulate(request) => simulate::run(request, &library),
        Command::Merge { parts, format, out } => simulate::merge(&parts, format, out.as_deref()),
        Command::Completions { shell } => generated::completions(shell),
        Command::Man { command } => generated::man(command.as_deref()),
    };
    ExitCode::from(code)
}

fn validate(paths: &[PathBuf], library: &Library, format: Format) -> u8 {
    let report = validate_paths(paths, &library.targets());
    match format {
        Format::Json => crate::stdout::print_line(&report.render_json()),
        Format::Text => {
            if !report.diagnostics.is_empty() {
                eprintln!("{}", inert(&report.render_diagnostics()));
            }
            eprintln!("{}", report.summary());
        }
    }
    if report.error_count() == 0 { exit::OK } else { exit::INVALID }
}

fn msel(
    library: &Library,
    scenario: &str,
    format: crate::materials::Format,
    out: Option<&std::path::Path>,
    force: bool,
) -> u8 {
    let scenario = match library.find_scenario(scenario) {
        Ok(scenario) => scenario,
        Err(report) => return failed(Failure::Invalid(report)),
    };
    let text = crate::materials::msel(&scenario, format);
    let Some(path) = out else {
        crate::stdout::print(&text);
        return exit::OK;
    };
    if path.is_dir() {
        let why = format!("`{}` is a folder: --out takes the MSEL's file name, e.g. msel.csv", path.display());
        return failed(Failure::Io(why));
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    wrote(crate::materials::write_files(folder, &[(name, text.into_bytes())], force))
}

/// Says which files were written, or why not; returns the exit code.
fn wrote(result: Result<Vec<PathBuf>, Failure>) -> u8 {
    match result {
        Ok(written) => {
            written.iter().for_each(|path| {
                crate::stdout::print_line(&format!("wrote {}", inert_line(&path.display().to_string())))
            });
            exit::OK
        }
        Err(failure) => failed(failure),
    }
}

fn report(run_dir: &std::path::Path, format: Option<crate::report::Format>, force: bool) -> u8 {
    use crate::report::{Format as ReportFormat, report_run};
    let formats = format.map_or(ReportFormat::ALL.to_vec(), |f| vec![f]);
    match report_run(run_dir, &formats, force) {
        Ok(_) if format == Some(ReportFormat::Json) => {
            let text = std::fs::read_to_string(run_dir.join("evaluation.json")).unwrap_or_default();
            crate::stdout::print(&text);
            exit::OK
        }
        result => wrote(result),
    }
}

/// The console on a terminal, or commands line by line from a non-terminal standard input.
/// For JSON, the console's text stays off standard output: line by line, its transcript goes to
/// standard error, and the terminal console (which writes to standard output) serves only when
/// standard output is a terminal too.
fn console(format: Format) -> Console {
    let (stdin, stdout) = (std::io::stdin().is_terminal(), std::io::stdout().is_terminal());
    match format {
        Format::Text if stdin => Console::Terminal,
        Format::Json if stdin && stdout => Console::Terminal,
        Format::Text => Console::Lines(Transcript::Stdout),
        Format::Json => Console::Lines(Transcript::Stderr),
    }
}

fn drilled(result: Result<Option<Finished>, Failure>, format: Format) -> u8 {
    match result {
        Ok(Some(done)) => {
            match format {
                Format::Json => crate::stdout::print(&done.json),
                Format::Text => crate::stdout::print(&inert(&done.text)),
            }
            exit::OK
        }
        Ok(None) => exit::OK,
        Err(failure) => failed(failure),
    }
}

/// Reports why a command did not complete; returns its exit code.
fn failed(failure: Failure) -> u8 {
    match failure {
        Failure::Invalid(report) => {
            eprintln!("{}", inert(&report.render_diagnostics()));
            exit::INVALID
        }
        Failure::Io(message) => {
            eprintln!("error: {}", inert(&message));
            exit::FAILURE
        }
    }
}
