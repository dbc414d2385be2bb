//! The `ttx` binary: parse the command line, run the command, exit with its code.
//! Everything else lives in the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    ttx::cli::run(ttx::cli::Cli::parse())
}
