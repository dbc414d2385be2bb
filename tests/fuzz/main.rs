//! The hostile-input harness: every file ttx reads (scenario, plan, decisions, journal,
//! timeline) and the console's input, and the commands that only read a scenario (`ttx msel`,
//! `ttx handout`), damaged byte by byte and grown into hostile shapes, run
//! through the real binary under a memory and CPU limit. Each case must end with exit 0, or
//! exit 2 and a `path:line:col` diagnostic: never a panic, an abort, a hang or a blow-up.
//!
//! CI runs a bounded number of cases. A long campaign (docs/scenario-format.md, "Limits"):
//! `TTX_FUZZ_CASES=20000 TTX_FUZZ_SEED=7 TTX_FUZZ_SCALE=4 cargo test --release --test fuzz`.
//! A failing case is kept under `target/tmp/fuzz-failures/`; add it to `tests/fuzz/regressions/`
//! so it is run every time from then on.

mod grow;
mod mutate;
mod run;

use mutate::{Dice, damage};
use run::{keep_failure, promise, ttx};
use std::path::{Path, PathBuf};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn cases(default: u64) -> u64 {
    setting("TTX_FUZZ_CASES", default)
}

fn seed() -> u64 {
    setting("TTX_FUZZ_SEED", 11)
}

/// Collects failures so that one run reports all of them.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn check(&mut self, what: &str, result: Result<(), String>, bytes: &[u8], name: &str) {
        if let Err(why) = result {
            let kept = keep_failure(&format!("{}-{name}", self.0.len()), bytes);
            self.0.push(format!("{what}: {why} (kept as {})", kept.display()));
        }
    }

    fn assert_none(self) {
        assert!(self.0.is_empty(), "{} case(s) broke the promise:\n{}", self.0.len(), self.0.join("\n"));
    }
}

/// Every valid file the project ships or keeps as a fixture, as (path, text).
fn valid_files() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for dir in ["tests/fixtures/valid", "scenarios"] {
        for path in ttx::source::ron_files(Path::new(dir)).unwrap_or_default() {
            let text = std::fs::read_to_string(&path).expect("shipped file");
            files.push((path, text));
        }
    }
    files
}

fn validate(dir: &Path, name: &str, bytes: &[u8]) -> run::Outcome {
    std::fs::write(dir.join(name), bytes).expect("write case");
    ttx(dir, &["validate", name], b"")
}

#[test]
fn grown_shapes_keep_the_promise() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scale = setting("TTX_FUZZ_SCALE", 1) as usize;
    let keep = std::env::var_os("TTX_FUZZ_KEEP").map(PathBuf::from);
    let mut failures = Failures::default();
    for (shape, text) in grow::shapes(12_000 * scale) {
        let name = format!("{shape}.ron");
        if let Some(keep) = &keep {
            let _ = std::fs::create_dir_all(keep);
            let _ = std::fs::write(keep.join(&name), &text);
        }
        let outcome = validate(dir.path(), &name, text.as_bytes());
        failures.check(&shape, promise(&outcome, &[0, 2], &name), text.as_bytes(), &name);
    }
    failures.assert_none();
}

/// What each issue-11 shape must now produce, beyond keeping the promise.
#[test]
fn grown_shapes_get_the_right_verdicts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shapes = grow::shapes(12_000);
    let verdict = |shape: &str| {
        let (_, text) = shapes.iter().find(|(name, _)| name == shape).unwrap_or_else(|| panic!("no shape {shape}"));
        let name = format!("{shape}.ron");
        let outcome = validate(dir.path(), &name, text.as_bytes());
        (outcome.code, outcome.stderr)
    };
    let (code, stderr) = verdict("inject-chain");
    assert_eq!(code, Some(2));
    assert!(
        stderr
            .contains("inject-chain.ron:58:14: error[over-limit]: 12001 entries in one list is over the limit of 4096"),
        "{stderr}"
    );
    for valid in ["inject-chain-fanned", "stage-chain", "techniques", "plan-holidays", "segment-line"] {
        let (code, stderr) = verdict(valid);
        assert_eq!(code, Some(0), "{valid}: {stderr}");
    }
    let (code, stderr) = verdict("rules-wide");
    assert_eq!(code, Some(0), "rules-wide: {stderr}");
    let (code, stderr) = verdict("rules-over");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("5120 cues in all rules' `when` is over the limit of 4096"), "{stderr}");
    let (code, stderr) = verdict("stage-tangle");
    assert_eq!(code, Some(2));
    assert_eq!(stderr.matches("error[stage-cycle]").count(), 1, "one tangle, one cycle: {stderr}");
    assert!(stderr.contains("`s0` → `s1` → `s0`"), "{stderr}");
    let (code, stderr) = verdict("plan-step-tangle");
    assert_eq!((code, stderr.matches("error[step-cycle]").count()), (Some(2), 1), "{stderr}");
    let (code, stderr) = verdict("inject-loops");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("`AfterInject` goes round in a loop"), "{stderr}");
    let (code, stderr) = verdict("unknown-references");
    assert_eq!(code, Some(2));
    assert_eq!(stderr.matches(": error[unknown-reference]").count(), 1_000, "capped at 1 000");
    assert!(
        stderr.contains("error[too-many-problems]: and 101400 more not shown (101400 errors, 0 warnings)"),
        "{stderr}"
    );
    let (code, stderr) = verdict("reveals-unknown");
    assert_eq!(code, Some(2));
    assert_eq!(stderr.matches(": error[unknown-reference]: unknown indicator").count(), 1_000, "capped at 1 000");
    let (code, stderr) = verdict("expects-unknown");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("error[over-limit]: 40 expectations is over the limit of 20"), "{stderr}");
    assert!(stderr.contains("error[too-many-problems]"), "{stderr}");
    let (code, stderr) = verdict("techniques-over-limit");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("entries in one list is over the limit of 4096"), "{stderr}");
    let (code, stderr) = verdict("duplicate-keys");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("error[duplicate-key]: key `Pii` is given twice in this map"), "{stderr}");
    let (code, stderr) = verdict("infinite-cost");
    assert_eq!(code, Some(2));
    assert_eq!(stderr.matches("error[over-limit]").count(), 2, "{stderr}");
    let (code, stderr) = verdict("huge-losses");
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = verdict("losses-over-limit");
    assert_eq!(code, Some(2));
    assert_eq!(stderr.matches("error[over-limit]").count(), 2, "{stderr}");
    assert!(stderr.contains("error[bad-duration]"), "{stderr}");
    let (code, stderr) = verdict("long-reference");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("error[bad-id]") && stderr.lines().all(|l| l.chars().count() < 400), "{stderr}");
}

/// Defect 1: one bad file in the library never breaks the commands that read the library.
#[test]
fn a_hostile_file_in_the_library_is_reported_and_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = dir.path().join("scenarios");
    std::fs::create_dir_all(&library).expect("library");
    let (_, chain) = grow::shapes(12_000).into_iter().find(|(name, _)| name == "inject-chain").expect("shape");
    std::fs::write(library.join("chain.ron"), chain).expect("write");
    std::fs::write(library.join("minimal.ron"), grow::SCENARIO).expect("write");
    let listed = ttx(dir.path(), &["list"], b"");
    assert_eq!(listed.code, Some(0), "{}", listed.stderr);
    assert!(listed.stdout.contains("minimal-ransomware"), "{}", listed.stdout);
    assert!(listed.stderr.contains("chain.ron") && listed.stderr.contains("over-limit"), "{}", listed.stderr);
    let shown = ttx(dir.path(), &["show", "minimal-ransomware"], b"");
    assert_eq!(shown.code, Some(0), "{}", shown.stderr);
}

#[test]
fn damaged_files_keep_the_promise() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = valid_files();
    let mut dice = Dice::new(seed());
    let mut failures = Failures::default();
    for case in 0..cases(150) {
        let (path, text) = dice.pick(&files);
        let (kind, bytes) = damage(text, &mut dice);
        let outcome = validate(dir.path(), "case.ron", &bytes);
        let what = format!("case {case}: {kind} in {}", path.display());
        failures.check(&what, promise(&outcome, &[0, 2], "case.ron"), &bytes, "case.ron");
    }
    failures.assert_none();
}

/// Damaged scenarios through the commands that make exercise materials from them: the MSEL in
/// every format and the handouts, against a shipped plan.
#[test]
fn damaged_scenarios_make_materials_or_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let scenarios: Vec<(PathBuf, String)> =
        valid_files().into_iter().filter(|(_, text)| text.contains("injects:")).collect();
    let mut dice = Dice::new(seed() ^ 0x6d73656c);
    let mut failures = Failures::default();
    for case in 0..cases(150) / 5 {
        let (path, text) = dice.pick(&scenarios);
        let (kind, bytes) = damage(text, &mut dice);
        std::fs::write(dir.path().join("case.ron"), &bytes).expect("write case");
        let format = *dice.pick(&["md", "csv", "html"]);
        let commands: [&[&str]; 2] = [
            &["msel", "case.ron", "--format", format],
            &["handout", "case.ron", "--plan", "enterprise-24x7", "--out", "out", "--force"],
        ];
        for args in commands {
            let outcome = ttx(dir.path(), args, b"");
            let what = format!("case {case}: {kind} in {}, then `ttx {}`", path.display(), args.join(" "));
            failures.check(&what, promise(&outcome, &[0, 2], "case.ron"), &bytes, "case.ron");
        }
    }
    failures.assert_none();
}

/// A finished drill's folder, to damage.
/// A run folder made live at the console, so that its journal holds every kind of line: a clock
/// move, a decision, an undo, a rewind, an inject order, a note, an answer, the end, hot-wash
/// remarks, the room's clock and the chain.
fn run_folder(root: &Path) -> PathBuf {
    for (name, text) in [("s.ron", grow::SCENARIO), ("p.ron", grow::PLAN)] {
        std::fs::write(root.join(name), text).expect("write");
    }
    let commands = "hold i02\nnext\ndecide collect-evidence office --by soc_analyst\nundo\n\
                    decide isolate-segment servers --by it_operations\nnote \"n\"\nadvance 1h\nundo\n\
                    advance 2h --through\nanswer i01.1 \"a\"\nend\nstrength containment \"s\" --from ic\n\
                    feedback \"f\" --from \"Dana Reyes\" --on analysis\ndone\n";
    let made = ttx(root, &["run", "s.ron", "--plan", "p.ron", "--out", "runs"], commands.as_bytes());
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let run = std::fs::read_dir(root.join("runs")).expect("runs").flatten().map(|e| e.path()).find(|p| p.is_dir());
    run.expect("a run folder")
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("read").flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// Runs `ttx report` or `ttx resume` on a copy of `original` whose `name` (the journal or the
/// timeline) holds `bytes`, and checks the promise.
fn damaged_run(dir: &Path, original: &Path, case: &str, name: &str, bytes: &[u8], command: &str) -> Result<(), String> {
    let folder = dir.join(format!("case-{case}"));
    copy_folder(original, &folder);
    std::fs::write(folder.join(name), bytes).expect("write");
    let folder_arg = folder.display().to_string();
    let args: Vec<&str> =
        if command == "report" { vec!["report", &folder_arg, "--force"] } else { vec!["resume", &folder_arg] };
    let outcome = ttx(dir, &args, b"end\n");
    let _ = std::fs::remove_dir_all(&folder);
    promise(&outcome, &[0, 2], name)
}

#[test]
fn damaged_run_folders_keep_the_promise() {
    let dir = tempfile::tempdir().expect("temp dir");
    let original = run_folder(dir.path());
    let mut dice = Dice::new(seed() ^ 0x6a6f75726e616c);
    let mut failures = Failures::default();
    for case in 0..cases(150) / 3 {
        let name = *dice.pick(&["journal.jsonl", "timeline.json"]);
        let text = std::fs::read_to_string(original.join(name)).expect("read");
        let (kind, bytes) = damage(&text, &mut dice);
        let command = *dice.pick(&["report", "resume"]);
        let result = damaged_run(dir.path(), &original, &case.to_string(), name, &bytes, command);
        failures.check(&format!("case {case}: {kind} in {name}, then `ttx {command}`"), result, &bytes, name);
    }
    failures.assert_none();
}

/// A campaign's part (`ttx simulate --shard 1/1 --format json`), damaged, through `ttx merge`.
#[test]
fn damaged_campaign_parts_keep_the_promise() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in [("s.ron", grow::SCENARIO), ("p.ron", grow::PLAN), ("d.ron", grow::DECISIONS)] {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let args = ["simulate", "s.ron", "--plan", "p.ron", "--decisions", "d.ron", "--runs", "3", "--shard", "1/1"];
    let made = ttx(dir.path(), &[&args[..], &["--format", "json"]].concat(), b"");
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let whole = ttx(dir.path(), &["merge", "--format", "json", "/dev/null"], b"");
    assert_eq!(whole.code, Some(2), "a device is not a part: {}", whole.stderr);
    let mut dice = Dice::new(seed() ^ 0x7061727473);
    let mut failures = Failures::default();
    for case in 0..cases(150) / 3 {
        let (kind, bytes) = damage(&made.stdout, &mut dice);
        std::fs::write(dir.path().join("part.json"), &bytes).expect("write");
        let outcome = ttx(dir.path(), &["merge", "part.json"], b"");
        failures.check(
            &format!("case {case}: {kind} in a part"),
            promise(&outcome, &[0, 2], "part.json"),
            &bytes,
            "part.json",
        );
    }
    failures.assert_none();
}

/// Console lines: real commands with damaged arguments, control characters and noise.
fn console_script(dice: &mut Dice) -> Vec<u8> {
    let words = [
        "next",
        "advance 2h",
        "advance -5m",
        "advance 99999d",
        "decide isolate-segment servers --by it_operations",
        "decide",
        "decide custom \"",
        "note \u{1b}]0;x\u{7}",
        "answer i01.1 \"yes\"",
        "answer i99.9 x",
        "undo",
        "status",
        "injects",
        "timeline",
        "plan",
        "clocks",
        "truth",
        "help",
        "help decide",
        "pause",
        "go",
        "\"",
        "--by",
        "\u{0}",
        "decide block-ioc c2 --by soc_analyst --why",
        "advance 1h --through",
        "é",
        "",
    ];
    let mut script = Vec::new();
    for _ in 0..dice.below(40) {
        let mut line = dice.pick(&words).to_string();
        if dice.below(5) == 0 {
            let i = (0..=dice.below(line.len() + 1)).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
            let noise: &[&str] = &["x", "\u{1b}[2J", "  ", "\t", "\"", "9999999999999999999999"];
            let piece: &&str = dice.pick(noise);
            line.insert_str(i, piece);
        }
        script.extend_from_slice(line.as_bytes());
        script.push(b'\n');
    }
    if dice.below(2) == 0 {
        script.extend_from_slice(b"end\n");
    }
    if dice.below(4) == 0 {
        script.extend_from_slice(b"\xff\xfe broken\n");
    }
    script
}

#[test]
fn console_input_keeps_the_promise() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in [("s.ron", grow::SCENARIO), ("p.ron", grow::PLAN)] {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let mut dice = Dice::new(seed() ^ 0x636f6e736f6c65);
    let mut failures = Failures::default();
    for case in 0..cases(150) / 10 {
        let script = console_script(&mut dice);
        let out = format!("out-{case}");
        let outcome = ttx(dir.path(), &["run", "s.ron", "--plan", "p.ron", "--out", &out], &script);
        failures.check(&format!("console case {case}"), promise(&outcome, &[0], "<stdin>"), &script, "console.txt");
    }
    failures.assert_none();
}

/// Every case that ever failed, kept as a file and run every time: `*.ron` through `ttx validate`,
/// `*.jsonl` as a run folder's journal and `*.json` as its timeline, through `ttx report` and
/// `ttx resume` (tests/fuzz/regressions/README.md).
#[test]
fn kept_regressions_keep_the_promise() {
    let dir = tempfile::tempdir().expect("temp dir");
    let original = run_folder(dir.path());
    let mut failures = Failures::default();
    let kept = Path::new("tests/fuzz/regressions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(kept).expect("regressions").flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut run = 0;
    for path in &paths {
        let bytes = std::fs::read(path).expect("read");
        let what = path.display().to_string();
        match path.extension().and_then(|e| e.to_str()) {
            Some("ron") => {
                let outcome = validate(dir.path(), "case.ron", &bytes);
                failures.check(&what, promise(&outcome, &[0, 2], "case.ron"), &bytes, "case.ron");
            }
            Some(extension @ ("jsonl" | "json")) => {
                let name = if extension == "jsonl" { "journal.jsonl" } else { "timeline.json" };
                for command in ["report", "resume"] {
                    run += 1;
                    let result = damaged_run(dir.path(), &original, &format!("kept-{run}"), name, &bytes, command);
                    failures.check(&format!("{what}, then `ttx {command}`"), result, &bytes, name);
                }
            }
            _ => {}
        }
    }
    assert!(run > 0 && paths.len() > 2, "the kept regressions are there to run");
    failures.assert_none();
}
