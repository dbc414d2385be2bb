//! The examples in docs/scenario-format.md are real files: each one validates, so the
//! reference cannot drift from the code unnoticed.

use std::path::PathBuf;
use ttx::library::Library;
use ttx::validate::validate_paths;

#[test]
fn every_complete_example_in_the_format_reference_validates() {
    let text = std::fs::read_to_string("docs/scenario-format.md").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut written = 0;
    for (i, block) in text.split("```ron\n").skip(1).enumerate() {
        let body = block.split("```").next().unwrap();
        let kind = body.lines().find(|l| !l.trim_start().starts_with("//")).unwrap_or_default();
        if ["Scenario(", "Plan(", "Decisions("].iter().any(|k| kind.starts_with(k)) {
            std::fs::write(dir.path().join(format!("example-{i}.ron")), body).unwrap();
            written += 1;
        }
    }
    assert_eq!(written, 3, "expected a scenario, a plan and a decisions example");
    let report = validate_paths(
        &[dir.path().to_path_buf()],
        &Library::new(Some(PathBuf::from("tests/fixtures/valid"))).targets(),
    );
    assert_eq!(report.diagnostics, vec![], "{}", report.render_diagnostics());
}
