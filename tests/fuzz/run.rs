//! Runs one case through the real `ttx` binary in a child process under a memory and CPU
//! limit (`ulimit -v`, `ulimit -t`) and a wall-clock guard, and checks ttx's promise for bad
//! input: exit 0, or exit 2 with a located diagnostic; never a signal, a panic or a hang.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Address space a case may use: a blow-up fails the case instead of the machine.
pub const MEMORY_KIB: u64 = 512 * 1024;
/// CPU seconds a case may use. Generous, because tests run the debug build on shared machines;
/// `bench/hostile.sh` measures the release build against the real budget.
pub const CPU_SECONDS: u64 = 60;
/// Wall-clock guard against a case that blocks (a FIFO, a lock) without using CPU.
const WALL: Duration = Duration::from_secs(120);

/// How a case ended.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code, or `None` when a signal ended it (an abort, the memory or CPU limit).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub timed_out: bool,
}

/// Runs `ttx args…` in `dir` with `stdin` as its input.
pub fn ttx(dir: &Path, args: &[&str], stdin: &[u8]) -> Outcome {
    let limits = format!("ulimit -v {MEMORY_KIB} && ulimit -t {CPU_SECONDS} && exec \"$0\" \"$@\"");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(limits)
        .arg(env!("CARGO_BIN_EXE_ttx"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("TTX_SCENARIOS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh starts");
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let (stdout, stderr) = (child.stdout.take().expect("stdout"), child.stderr.take().expect("stderr"));
    let read = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let (out, err) = (read(Box::new(stdout)), read(Box::new(stderr)));
    let started = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > WALL {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = feeder.join();
    Outcome {
        code: status.code(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        timed_out,
    }
}

/// Whether `stderr` holds a diagnostic `name:line:col: error[` (or one of the file-level
/// problems that have no position, such as a file over the size limit).
fn located(stderr: &str, name: &str) -> bool {
    let unplaced = ["error[file-too-large]", "error[not-a-file]", "error[too-many-problems]"];
    stderr.lines().any(|line| {
        if unplaced.iter().any(|code| line.contains(code)) {
            return true;
        }
        let Some(rest) = line.find(name).map(|at| &line[at + name.len()..]) else {
            return false;
        };
        let mut parts = rest.splitn(4, ':');
        let (empty, row, col) = (parts.next(), parts.next(), parts.next());
        let number = |part: Option<&str>| part.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        empty == Some("") && number(row) && number(col) && parts.next().is_some_and(|p| p.contains("error["))
    })
}

/// Checks the promise; `allowed` lists the exit codes this kind of case may end with, and
/// `name` is the file whose diagnostics must be located when it exits 2.
pub fn promise(outcome: &Outcome, allowed: &[i32], name: &str) -> Result<(), String> {
    if outcome.timed_out {
        return Err("did not finish: killed by the wall-clock guard".into());
    }
    let Some(code) = outcome.code else {
        return Err(format!("ended by a signal (abort, or over {MEMORY_KIB} KiB / {CPU_SECONDS} s CPU)"));
    };
    for sign in ["panicked", "overflowed its stack", "memory allocation", "RUST_BACKTRACE"] {
        if outcome.stderr.contains(sign) {
            return Err(format!("stderr shows `{sign}`"));
        }
    }
    if !allowed.contains(&code) {
        return Err(format!("exit code {code}, expected one of {allowed:?}"));
    }
    if code == 2 && !located(&outcome.stderr, name) {
        return Err(format!("exit 2 without a located `{name}:line:col: error[` diagnostic"));
    }
    Ok(())
}

/// Where a failing case is kept for a person to look at and add to `tests/fuzz/regressions/`.
pub fn keep_failure(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    let _ = std::fs::write(&path, bytes);
    path
}

#[test]
fn the_promise_check_itself_tells_located_from_unlocated() {
    assert!(located("case.ron:3:7: error[syntax]: expected a comma", "case.ron"));
    assert!(located("/tmp/x/case.ron:12:1: error[unknown-reference]: …", "case.ron"));
    assert!(!located("case.ron: error[syntax]: no place", "case.ron"));
    assert!(!located("other.ron:3:7: error[syntax]", "case.ron"));
    let fine =
        Outcome { code: Some(2), stdout: String::new(), stderr: "case.ron:1:1: error[x]: y".into(), timed_out: false };
    assert!(promise(&fine, &[0, 2], "case.ron").is_ok());
    let crashed = Outcome { code: None, ..fine };
    assert!(promise(&crashed, &[0, 2], "case.ron").is_err());
}
