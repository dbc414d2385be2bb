//! `ttx handout`: the situation manual and the handbook of a scenario and plan, as Markdown and
//! self-contained HTML, written atomically into a folder (by default
//! `handouts/<scenario>-<plan>/`). Files already there are replaced only with `--force`.

use crate::atomic::NamedFile;
use crate::exercise::load_campaign;
use crate::library::Library;
use crate::validate::Failure;
use std::path::{Path, PathBuf};

/// The folder handouts go into when none is named.
pub const DEFAULT_FOLDER: &str = "handouts";

/// What `ttx handout` is asked for.
pub struct Handout {
    pub scenario: String,
    pub plan: String,
    /// The folder to write into; `handouts/<scenario>-<plan>/` when not given.
    pub out: Option<PathBuf>,
    pub force: bool,
}

/// Writes the handouts; returns the files written.
pub fn write_handout(request: &Handout, library: &Library) -> Result<Vec<PathBuf>, Failure> {
    let (compiled, _) = load_campaign(library, &request.scenario, &request.plan, None)?;
    let (s, plan) = (&compiled.scenario, &compiled.plan);
    let folder = request.out.clone().unwrap_or_else(|| Path::new(DEFAULT_FOLDER).join(format!("{}-{}", s.id, plan.id)));
    super::write_files(&folder, &files(s, plan), request.force)
}

/// The four files, by name.
fn files(s: &crate::scenario::model::Scenario, plan: &crate::plan::model::Plan) -> Vec<NamedFile> {
    let manual = super::manual::document(s, plan);
    let handbook = super::handbook::document(s, plan);
    vec![
        ("situation-manual.md".into(), manual.to_markdown().into_bytes()),
        ("situation-manual.html".into(), manual.to_html().into_bytes()),
        ("handbook.md".into(), handbook.to_markdown().into_bytes()),
        ("handbook.html".into(), handbook.to_html().into_bytes()),
    ]
}
