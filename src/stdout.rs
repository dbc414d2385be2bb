//! Standard output, for everything ttx prints there. A reader that stops reading early
//! (`ttx list | head -3`) ends ttx quietly and with success, as a closed pipe ends any Unix
//! filter; any other failure to write is said on standard error (exit 1).

use std::io::Write;

/// Writes `text` to standard output and flushes it.
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}

/// Writes `text` and a line break to standard output.
pub fn print_line(text: &str) {
    print(&format!("{text}\n"));
}
