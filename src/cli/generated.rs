//! `ttx completions <SHELL>` and `ttx man`: shell completions and a man page, both made from
//! the clap definition of the command line, so they never fall behind it.

use super::{Cli, exit};
use crate::terminal::inert_line;
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;

/// Prints the completion script for `shell` on standard output.
pub fn completions(shell: Shell) -> u8 {
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, name, &mut script);
    print_all(&script)
}

/// Prints the man page of `ttx`, or of one of its commands (`ttx-run(1)`), in roff on standard
/// output.
pub fn man(command: Option<&str>) -> u8 {
    let mut ttx = Cli::command().disable_help_subcommand(true);
    ttx.build(); // names each command's page `ttx-<command>`
    let page = match command {
        None => ttx,
        Some(name) => match ttx.find_subcommand(name) {
            Some(found) => found.clone().version(env!("CARGO_PKG_VERSION")),
            None => {
                let names: Vec<&str> = ttx.get_subcommands().map(|c| c.get_name()).collect();
                eprintln!("error: no command `{}`; the commands are: {}", inert_line(name), names.join(", "));
                return exit::INVALID;
            }
        },
    };
    let mut roff = Vec::new();
    match clap_mangen::Man::new(page).render(&mut roff) {
        Ok(()) => print_all(&roff),
        Err(e) => {
            eprintln!("error: cannot render the man page: {e}");
            exit::FAILURE
        }
    }
}

/// Writes `bytes` to standard output; a closed pipe is a failure, not a panic.
fn print_all(bytes: &[u8]) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            exit::FAILURE
        }
    }
}
