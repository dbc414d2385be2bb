//! Addresses in scenario and decisions text never become links in `report.md`, even for a
//! Markdown renderer that links bare addresses (GFM autolinks, markdown-it's linkify): a scripted
//! drill of a scenario full of URLs, `www.` names and e-mail addresses, whose report shows them
//! escaped (`https\://`, `www\.`, e-mail addresses in code spans) and whose HTML links nothing.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// Addresses in every form a linkifier recognises.
const ADDRESSES: &str = "https://evil.example/x http://evil.example/login?next=/admin HTTPS://EVIL.EXAMPLE/UP \
    www.evil.example WWW.evil.example/path mailto:someone@evil.example user@example.com \
    first.last+tag@evil.co.uk <https://evil.example/y> ftp://evil.example/f xmpp:me@evil.example \
    //evil.example/relative evil.com";

/// The minimal scenario with addresses in its title, summary, adversary, alert and injects.
fn scenario(dir: &Path) -> PathBuf {
    let mut text = std::fs::read_to_string("tests/fixtures/valid/minimal.ron").unwrap();
    let short = "https://evil.example/t www.evil.example user@example.com";
    for (from, to) in [
        ("title: \"Minimal ransomware drill\"", format!("title: \"Drill {short}\"")),
        ("summary: \"A phished", format!("summary: \"{ADDRESSES} A phished")),
        ("name: \"Opportunistic ransomware affiliate\"", format!("name: \"Affiliate {short}\"")),
        ("title: \"Mass file renames on file servers\"", format!("title: \"Renames {short}\"")),
        ("title: \"Odd invoice\"", format!("title: \"Invoice {short}\"")),
        ("from: \"Reception\"", "from: \"reception@example.com\"".to_string()),
        ("text: \"Reception forwards", format!("text: \"{ADDRESSES} Reception forwards")),
        ("questions: [\"Who looks at this", format!("questions: [\"{ADDRESSES} Who looks at this")),
    ] {
        assert!(text.contains(from), "the fixture no longer holds {from:?}; update this test");
        text = text.replacen(from, &to, 1);
    }
    let path = dir.join("addresses.ron");
    std::fs::write(&path, text).unwrap();
    path
}

/// Decisions with addresses in a rationale, a note and an answer.
fn decisions(dir: &Path) -> PathBuf {
    let text = format!(
        r#"Decisions(
    scenario: "minimal-ransomware",
    decisions: [(at: "30m", role: "soc_analyst", action: CollectEvidence("office"), rationale: "{ADDRESSES}")],
    notes: [(at: "45m", text: "{ADDRESSES}")],
    answers: [(at: "20m", inject: "i01", question: 1, text: "{ADDRESSES}")],
)
"#
    );
    let path = dir.join("addresses-decisions.ron");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs the scripted drill; returns its run folder.
fn drill(dir: &Path) -> PathBuf {
    let mut command = Command::cargo_bin("ttx").unwrap();
    command.env_remove("TTX_SCENARIOS").env("NO_COLOR", "1");
    command.arg("run").arg(scenario(dir)).args(["--plan", "tests/fixtures/valid/minimal-plan.ron"]);
    command.arg("--decisions").arg(decisions(dir)).arg("--out").arg(dir.join("runs"));
    let output = command.write_stdin("").output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    dir.join("runs/minimal-ransomware-minimal-plan-seed1-addresses-decisions")
}

/// The text outside code spans (the report has no backtick of its own here).
fn outside_code(markdown: &str) -> String {
    markdown.split('`').step_by(2).collect()
}

#[test]
fn report_markdown_makes_no_address_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let folder = drill(dir.path());
    let markdown = std::fs::read_to_string(folder.join("report.md")).unwrap();
    let prose = outside_code(&markdown).to_lowercase();
    for linked in ["https://", "http://", "ftp://", "www.", "mailto:", "xmpp:", " //evil"] {
        assert!(!prose.contains(linked), "`{linked}` left as a linkifier reads it in:\n{markdown}");
    }
    assert!(!prose.contains('@'), "an e-mail address outside a code span in:\n{markdown}");
    assert!(!markdown.replace("\\<", "").contains("<http"), "an autolink survived in:\n{markdown}");
    for escaped in [
        "https\\://evil\\.example/x",
        "http\\://evil\\.example/login?next=/admin",
        "HTTPS\\://EVIL\\.EXAMPLE/UP",
        "www\\.evil\\.example",
        "WWW\\.evil\\.example/path",
        "mailto\\:`someone@evil.example`",
        "`user@example.com`",
        "`first.last+tag@evil.co.uk`",
        "\\<https\\://evil\\.example/y\\>",
        "ftp\\://evil\\.example/f",
        "xmpp\\:`me@evil.example`",
        "\\//evil\\.example/relative",
        "evil\\.com",
        "`reception@example.com`",
    ] {
        assert!(markdown.contains(escaped), "`{escaped}` missing from:\n{markdown}");
    }
    for place in
        ["# After-action report and improvement plan: Drill https\\://", "Renames https\\://", "Affiliate https\\://"]
    {
        assert!(markdown.contains(place), "`{place}` missing from:\n{markdown}");
    }
}

#[test]
fn report_html_shows_addresses_as_text_and_links_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = drill(dir.path());
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(!html.contains("<a ") && !html.contains("href="), "a link in report.html");
    assert!(html.contains("https://evil.example/x") && html.contains("user@example.com"));
    assert!(html.contains("&lt;https://evil.example/y&gt;"));
}
