//! The participant screen (`--serve`): its event stream followed through a drill fed line by
//! line, no truth or facilitator note in anything served over a whole drill, its headers and
//! self-contained page, and bad addresses refused before the drill starts. The client is a raw
//! HTTP/1.1 exchange over `std::net::TcpStream`.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(30);

/// One HTTP/1.1 response: the status line and headers (lower-cased names), and a reader on the
/// body.
struct Response {
    head: Vec<(String, String)>,
    status: String,
    body: BufReader<TcpStream>,
}

impl Response {
    fn get(address: SocketAddr, path: &str) -> Response {
        let mut stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
        let mut body = BufReader::new(stream);
        let mut status = String::new();
        body.read_line(&mut status).unwrap();
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            body.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            head.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
        Response { head, status: status.trim_end().to_string(), body }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The next piece of the body (it is chunked, or sent whole); `None` at its end.
    fn chunk(&mut self) -> Option<Vec<u8>> {
        if self.header("transfer-encoding") != Some("chunked") {
            let mut all = Vec::new();
            self.body.read_to_end(&mut all).ok()?;
            return (!all.is_empty()).then_some(all);
        }
        let mut size = String::new();
        self.body.read_line(&mut size).ok()?;
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        if size == 0 {
            return None;
        }
        let mut chunk = vec![0; size + 2];
        self.body.read_exact(&mut chunk).ok()?;
        chunk.truncate(size);
        Some(chunk)
    }

    fn text(mut self) -> String {
        let mut all = Vec::new();
        while let Some(chunk) = self.chunk() {
            all.extend(chunk);
        }
        String::from_utf8(all).unwrap()
    }
}

/// A `/events` stream: each `view` event's id and snapshot.
struct Events {
    response: Response,
    pending: String,
}

impl Events {
    fn open(address: SocketAddr) -> Events {
        let response = Response::get(address, "/events");
        assert_eq!(response.header("content-type"), Some("text/event-stream"));
        Events { response, pending: String::new() }
    }

    /// The next view, or `None` when the stream ends (the drill is over and the server gone).
    fn next(&mut self) -> Option<(u64, Value)> {
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                let field = |name: &str| block.lines().find_map(|l| l.strip_prefix(name)).map(str::to_string);
                if let (Some(id), Some(data)) = (field("id: "), field("data: ")) {
                    return Some((id.parse().unwrap(), serde_json::from_str(&data).unwrap()));
                }
                continue; // a keep-alive comment
            }
            let chunk = self.response.chunk()?;
            self.pending.push_str(&String::from_utf8(chunk).unwrap());
        }
    }
}

/// A live drill of hospital-ransomware on stdin, serving its screen on a free port.
struct Drill {
    child: Child,
    stdin: ChildStdin,
    address: SocketAddr,
    events: Events,
    last: u64,
}

impl Drill {
    fn start(out: &Path) -> Drill {
        let mut child = ttx()
            .args(["run", "hospital-ransomware", "--plan", "enterprise-24x7", "--serve", "127.0.0.1:0", "--out"])
            .arg(out)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let url = first.trim().strip_prefix("participant screen: http://").expect(&first);
        let address = url.trim_end_matches('/').parse().unwrap();
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        let stdin = child.stdin.take().unwrap();
        Drill { child, stdin, address, events: Events::open(address), last: 0 }
    }

    /// The next view, checking that the ids only grow.
    fn view(&mut self) -> Option<Value> {
        let (id, view) = self.events.next()?;
        assert!(id > self.last, "event {id} after {}", self.last);
        self.last = id;
        Some(view)
    }

    fn say(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").unwrap();
    }

    /// Types a command and waits for the view it brings.
    fn command(&mut self, line: &str) -> Value {
        self.say(line);
        self.view().unwrap_or_else(|| panic!("no view after `{line}`"))
    }

    fn finish(mut self) {
        drop(self.stdin);
        assert!(self.child.wait().unwrap().success());
    }
}

fn ttx() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ttx"));
    command.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("TTX_SCENARIOS").env("NO_COLOR", "1");
    command
}

fn texts(list: &Value, field: &str) -> Vec<String> {
    list.as_array().unwrap().iter().map(|item| item[field].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_event_stream_follows_a_drill_in_order() {
    let out = tempfile::tempdir().unwrap();
    let mut drill = Drill::start(out.path());
    let start = drill.view().unwrap();
    assert_eq!(start["clock"]["elapsed"], "+0m");
    assert_eq!(start["messages"], Value::Array(vec![]));
    assert_eq!(start["title"], "Night-shift ransomware at St. Aldric Regional Hospital");

    let first = drill.command("next");
    assert_eq!(texts(&first["messages"], "label"), ["inject h01 · in person"]);
    assert!(!first["messages"][0]["questions"].as_array().unwrap().is_empty(), "{first}");
    let state: Value = serde_json::from_str(&Response::get(drill.address, "/state.json").text()).unwrap();
    assert_eq!(state, first, "/state.json is the latest view");

    let given = drill.command("decide classify sev2 --by incident_commander");
    assert_eq!(texts(&given["decisions"], "state"), ["given"]);
    assert_eq!(texts(&given["decisions"], "action"), ["classify sev2"]);

    let undone = drill.command("undo");
    assert_eq!(undone["decisions"], Value::Array(vec![]));
    drill.command("decide classify sev1 --by incident_commander");

    let second = drill.command("next");
    assert_ne!(second["clock"], first["clock"]);
    assert_eq!(texts(&second["decisions"], "action"), ["classify sev1"]);
    assert_ne!(texts(&second["decisions"], "state"), ["given"]);
    assert_eq!(second["messages"], first["messages"], "`next` stopped at the decision's result");

    let end = drill.command("end");
    assert_eq!(end["ended"], "the facilitator ended the drill");
    drill.say("done"); // the hot wash that follows `end` adds nothing to the screen
    assert!(drill.view().is_none(), "the stream ends with the drill");
    drill.finish();
}

/// Strings only the truth or the facilitator holds: the adversary's name, its stages' ids (as
/// JSON strings), names and techniques, the injects' facilitator notes and expected actions.
fn secrets() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/hospital-ransomware.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let source = ttx::source::SourceFile { name: path.display().to_string(), text };
    let scenario: ttx::scenario::model::Scenario = ttx::source::parse_ron(&source).unwrap();
    let mut secrets = vec![scenario.adversary.name.clone()];
    for stage in &scenario.adversary.stages {
        secrets.extend([format!("\"{}\"", stage.id), stage.name.clone(), stage.technique.clone()]);
    }
    for inject in &scenario.injects {
        secrets.extend(inject.expected_actions.iter().cloned());
        secrets.extend(inject.notes.split(". ").filter(|s| s.len() > 20).map(String::from));
    }
    secrets.retain(|s| !s.is_empty());
    secrets
}

const MARKER: &str = "FACILITATOR-ONLY-7f3a";

#[test]
fn nothing_served_over_a_whole_drill_holds_the_truth_or_a_note() {
    let out = tempfile::tempdir().unwrap();
    let secrets = secrets();
    let mut drill = Drill::start(out.path());
    let mut served = vec![drill.view().unwrap()];
    drill.say(&format!("note \"{MARKER} the SOC lead hesitated\"")); // changes nothing on screen
    let script = [
        "next",
        "decide collect-evidence corporate --by soc_analyst",
        "advance 1h",
        "answer h01.1 \"FACILITATOR-ONLY-7f3a answer\"",
        "decide isolate-segment corporate --by it_operations",
        "next",
        "next",
        "advance 6h",
    ];
    for line in script {
        if line.starts_with("answer") {
            drill.say(line); // changes nothing on screen either
        } else {
            served.push(drill.command(line));
        }
    }
    while served.last().unwrap()["ended"].is_null() {
        served.push(drill.command("next"));
    }
    drill.say("end");
    drill.say(&format!("strength containment \"{MARKER}\" --from {MARKER}"));
    drill.say("done");
    while let Some(view) = drill.view() {
        served.push(view);
    }
    drill.finish();

    for view in &served {
        let json = view.to_string();
        assert!(!json.contains(MARKER), "a note, an answer or the hot wash on the screen: {json}");
        for secret in &secrets {
            assert!(!json.contains(secret.as_str()), "`{secret}` on the screen: {json}");
        }
    }
    // The truth was there to leak, and the note and answer were recorded.
    let folder = out.path().join("hospital-ransomware-enterprise-24x7-seed1");
    let timeline = std::fs::read_to_string(folder.join("timeline.json")).unwrap();
    assert!(timeline.contains("stage_succeeded"));
    assert!(secrets.iter().any(|s| timeline.contains(s.as_str())), "the check can see a leak");
    assert_eq!(
        std::fs::read_to_string(folder.join("journal.jsonl")).unwrap().matches(MARKER).count(),
        4,
        "the note, the answer and the hot-wash remark (text and speaker) were recorded"
    );
    let last = served.last().unwrap();
    assert!(last["decisions"].as_array().unwrap().len() >= 2, "{last}");
    assert!(texts(&last["messages"], "kind").contains(&"finding".to_string()), "{last}");
}

#[test]
fn every_response_has_a_strict_policy_and_the_page_loads_nothing_from_elsewhere() {
    let screen = ttx::screen::Screen::start("127.0.0.1:0".parse().unwrap()).unwrap();
    let address = screen.address();
    for (path, status, kind) in [
        ("/", "200", "text/html; charset=utf-8"),
        ("/app.css", "200", "text/css; charset=utf-8"),
        ("/app.js", "200", "text/javascript; charset=utf-8"),
        ("/state.json", "200", "application/json"),
        ("/nothing-here", "404", ""),
    ] {
        let response = Response::get(address, path);
        assert!(response.status.starts_with(&format!("HTTP/1.1 {status}")), "{path}: {}", response.status);
        assert_eq!(response.header("content-security-policy"), Some(ttx::screen::CONTENT_SECURITY_POLICY));
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        if !kind.is_empty() {
            assert_eq!(response.header("content-type"), Some(kind), "{path}");
        }
        let body = response.text();
        for external in ["http:", "https:", "//cdn", "url(", "@import", "=\"//", "data:"] {
            assert!(!body.contains(external), "{path} has `{external}`");
        }
    }
    let policy = ttx::screen::CONTENT_SECURITY_POLICY;
    for rule in ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'"] {
        assert!(policy.contains(rule), "{rule}");
    }
    assert!(!policy.contains("unsafe"), "no unsafe-inline, no unsafe-eval");
    let page = Response::get(address, "/").text();
    assert!(!page.contains("<style") && !page.contains("<script>"), "no inline code the policy would block");
    assert_eq!(Response::get(address, "/state.json").text(), "null", "nothing before the drill publishes");
}

#[test]
fn an_address_that_cannot_be_served_is_refused_before_the_drill_starts() {
    let out = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let run = |serve: &str| {
        let args = ["run", "hospital-ransomware", "--plan", "enterprise-24x7", "--serve", serve, "--out"];
        ttx().args(args).arg(out.path()).stdin(Stdio::null()).output().unwrap()
    };
    let busy = run(&format!("127.0.0.1:{port}"));
    assert_eq!(busy.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&busy.stderr);
    assert!(stderr.contains(&format!("cannot serve the participant screen on 127.0.0.1:{port}")), "{stderr}");
    assert!(stderr.contains("choose another address or port"), "{stderr}");
    let bad = run("localhost:http");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--serve"));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0, "no run folder was started");
    let scripted = ttx()
        .args(["run", "hospital-ransomware", "--plan", "enterprise-24x7", "--serve", "127.0.0.1:0"])
        .args(["--decisions", "scenarios/decisions/hospital-ransomware-good.ron"])
        .output()
        .unwrap();
    assert_eq!(scripted.status.code(), Some(2), "a scripted drill has no room to show");
}
