//! Shell completions and man pages come from the clap definition: every shell gets a script,
//! `ttx man` a roff page, each command its own page, and nothing else is printed.

use assert_cmd::Command;

fn ttx() -> Command {
    Command::cargo_bin("ttx").unwrap()
}

fn stdout_of(args: &[&str]) -> String {
    let assert = ttx().args(args).assert().code(0).stderr("");
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

#[test]
fn every_shell_gets_a_completion_script_naming_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        for command in ["validate", "simulate", "msel", "handout", "completions"] {
            assert!(script.contains(command), "{shell} completions lack `{command}`");
        }
    }
}

#[test]
fn an_unknown_shell_is_invalid_input() {
    ttx().args(["completions", "tcsh"]).assert().code(2).stdout("");
}

#[test]
fn the_man_page_is_roff_and_each_command_has_its_own() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH ttx 1") && page.contains("ttx\\-run(1)"), "{page}");
    let run = stdout_of(&["man", "run"]);
    assert!(run.contains(".TH ttx-run 1") && run.contains("\\-\\-decisions"), "{run}");
    let refused = ttx().args(["man", "runn"]).assert().code(2).stdout("");
    let stderr = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("no command `runn`"), "{stderr}");
}
