//! ttx works from any folder: the shipped library is built into the binary, and a library on
//! disk (`./scenarios`, `--scenarios`, `TTX_SCENARIOS`) adds to it and overrides it by id.

use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

const SHIPPED: [&str; 5] =
    ["bec-wire-fraud", "cloud-keys-exfiltration", "hospital-ransomware", "insider-ip-theft", "supply-chain-update"];

/// `ttx` run in `dir`, with no library named in the environment and nothing on stdin.
fn ttx_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ttx"))
        .args(args)
        .current_dir(dir)
        .env_remove("TTX_SCENARIOS")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn shipped(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(relative)).unwrap()
}

/// A `scenarios/` folder in `dir` with `text` as `relative`.
fn on_disk(dir: &Path, relative: &str, text: &str) {
    let path = dir.join("scenarios").join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn list_from_an_empty_folder_shows_the_five_shipped_scenarios_built_in() {
    let empty = TempDir::new().unwrap();
    let listed = ttx_in(empty.path(), &["list"]);
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed.stderr));
    let stdout = text(&listed.stdout);
    assert_eq!(stdout.matches("built in").count(), 5, "{stdout}");
    let json = ttx_in(empty.path(), &["list", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, SHIPPED);
    assert!(list.as_array().unwrap().iter().all(|s| s["built_in"] == true && s["path"].is_null()));
}

#[test]
fn show_and_a_scripted_run_work_from_an_empty_folder() {
    let empty = TempDir::new().unwrap();
    let shown = ttx_in(empty.path(), &["show", "hospital-ransomware"]);
    assert_eq!(shown.status.code(), Some(0), "{}", text(&shown.stderr));
    assert!(text(&shown.stdout).starts_with("hospital-ransomware — Night-shift ransomware"));
    let out = TempDir::new().unwrap();
    let out_arg = out.path().to_str().unwrap();
    for decisions in ["hospital-ransomware-good", &shipped_file("decisions/hospital-ransomware-good.ron")] {
        let args = ["run", "hospital-ransomware", "--plan", "enterprise-24x7", "--decisions", decisions];
        let run = ttx_in(empty.path(), &[&args[..], &["--out", out_arg, "--force"]].concat());
        assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
        assert!(text(&run.stdout).contains("readiness: "), "{}", text(&run.stdout));
    }
    let folder = out.path().join("hospital-ransomware-enterprise-24x7-seed1-hospital-ransomware-good");
    assert!(folder.join("report.html").is_file());
    assert_eq!(std::fs::read_to_string(folder.join("scenario.ron")).unwrap(), shipped("hospital-ransomware.ron"));
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0, "nothing is written where ttx runs");
}

/// The absolute path of a shipped file.
fn shipped_file(relative: &str) -> String {
    format!("{}/scenarios/{relative}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_scenario_in_the_local_folder_overrides_the_built_in_one_and_list_says_so() {
    let dir = TempDir::new().unwrap();
    let changed = shipped("hospital-ransomware.ron").replace("Night-shift ransomware", "Day-shift ransomware");
    on_disk(dir.path(), "hospital-ransomware.ron", &changed);
    let listed = text(&ttx_in(dir.path(), &["list"]).stdout);
    assert!(listed.contains("Day-shift ransomware") && !listed.contains("Night-shift"), "{listed}");
    assert!(listed.contains("from scenarios/hospital-ransomware.ron"), "{listed}");
    assert_eq!(listed.matches("built in").count(), 4, "{listed}");
    let json: serde_json::Value =
        serde_json::from_slice(&ttx_in(dir.path(), &["list", "--format", "json"]).stdout).unwrap();
    let hospital = json.as_array().unwrap().iter().find(|s| s["id"] == "hospital-ransomware").unwrap();
    assert_eq!(hospital["path"], "scenarios/hospital-ransomware.ron");
    let shown = text(&ttx_in(dir.path(), &["show", "hospital-ransomware"]).stdout);
    assert!(shown.starts_with("hospital-ransomware — Day-shift ransomware"), "{shown}");
}

#[test]
fn a_named_library_adds_scenarios_and_plans_by_flag_or_environment() {
    let library = TempDir::new().unwrap();
    let scenario = shipped("bec-wire-fraud.ron").replace("id: \"bec-wire-fraud\"", "id: \"bec-local\"");
    let plan = shipped("plans/small-business-msp.ron").replace("id: \"small-business-msp\"", "id: \"msp-local\"");
    on_disk(library.path(), "bec-local.ron", &scenario);
    on_disk(library.path(), "plans/msp-local.ron", &plan);
    let folder = library.path().join("scenarios");
    let elsewhere = TempDir::new().unwrap();
    let by_flag = ttx_in(elsewhere.path(), &["--scenarios", folder.to_str().unwrap(), "list"]);
    let by_env = Command::new(env!("CARGO_BIN_EXE_ttx"))
        .arg("list")
        .current_dir(elsewhere.path())
        .env("TTX_SCENARIOS", &folder)
        .output()
        .unwrap();
    assert_eq!(by_flag.stdout, by_env.stdout);
    let listed = text(&by_flag.stdout);
    assert!(listed.contains("bec-local ") && listed.matches("built in").count() == 5, "{listed}");
    let out = TempDir::new().unwrap();
    let args = ["--scenarios", folder.to_str().unwrap(), "run", "bec-local", "--plan", "msp-local"];
    let run = ttx_in(elsewhere.path(), &[&args[..], &["--out", out.path().to_str().unwrap()]].concat());
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(out.path().join("bec-local-msp-local-seed1/report.md").is_file());
}

#[test]
fn a_missing_named_library_is_a_warning_and_the_built_in_one_serves() {
    let empty = TempDir::new().unwrap();
    let listed = ttx_in(empty.path(), &["--scenarios", "nowhere", "list"]);
    assert_eq!(listed.status.code(), Some(0));
    assert_eq!(text(&listed.stderr), "warning: no scenario library at `nowhere`; using the built-in one\n");
    assert_eq!(text(&listed.stdout).matches("built in").count(), 5);
}

#[test]
fn a_broken_local_copy_is_reported_with_its_position_not_swapped_for_the_built_in_one() {
    let dir = TempDir::new().unwrap();
    let broken = shipped("hospital-ransomware.ron").replacen("tick:", "tik:", 1);
    on_disk(dir.path(), "hospital-ransomware.ron", &broken);
    let line = broken.lines().position(|l| l.contains("tik:")).unwrap() + 1;
    for args in [&["show", "hospital-ransomware"][..], &["run", "hospital-ransomware", "--plan", "enterprise-24x7"]] {
        let refused = ttx_in(dir.path(), args);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        let stderr = text(&refused.stderr);
        assert!(stderr.contains(&format!("scenarios/hospital-ransomware.ron:{line}:")), "{stderr}");
        assert!(refused.stdout.is_empty());
    }
    assert!(!dir.path().join("reports").exists(), "nothing is written");
}

#[test]
fn diagnostics_in_a_built_in_file_name_it_with_line_and_column() {
    let empty = TempDir::new().unwrap();
    let args = ["run", "bec-wire-fraud", "--plan", "enterprise-24x7", "--decisions", "hospital-ransomware-good"];
    let refused = ttx_in(empty.path(), &args);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains("<built-in>/decisions/hospital-ransomware-good.ron:9:15: error[wrong-scenario]"),
        "{stderr}"
    );
}

/// `ttx list | head -1`: a reader that stops early ends ttx quietly and with success, never with
/// a panic about a broken pipe. The read end is closed before ttx writes anything.
#[test]
fn a_reader_that_stops_early_ends_ttx_quietly() {
    let empty = TempDir::new().unwrap();
    for args in [&["list"][..], &["show", "hospital-ransomware"], &["list", "--format", "json"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ttx"))
            .args(args)
            .current_dir(empty.path())
            .env_remove("TTX_SCENARIOS")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = text(&output.stderr);
        assert!(output.status.success() && stderr.is_empty(), "{args:?}: {:?}\n{stderr}", output.status);
    }
}
