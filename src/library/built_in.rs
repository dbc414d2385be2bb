//! The shipped library carried inside the binary, so that `ttx` works from any folder: the
//! scenarios, plans and decisions files under `scenarios/` (not the benchmarks), as `build.rs`
//! lists them.

/// Each shipped file's path under `scenarios/` (`plans/enterprise-24x7.ron`) and its text, in
/// path order.
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/built_in.rs"));

/// What diagnostics call a built-in file: `<built-in>/plans/enterprise-24x7.ron`.
pub fn name(path: &str) -> String {
    format!("<built-in>/{path}")
}
