//! Entry points for the fuzz targets in `fuzz/` and the fuzz smoke test: each runs one stage
//! of the pipeline on in-memory input, the way a build would, and must never panic. Not part
//! of the public API.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::diagnostics::Diagnostics;
use crate::model::{Brief, BriefMeta, Dataset, SourceFile};
use crate::theme::Theme;

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        Theme::load(Path::new("/nonexistent-brief-fuzz-root")).expect("the default theme loads")
    })
}

fn source(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(path),
        display: PathBuf::from(path),
        text: text.to_string(),
    }
}

/// The dataset every fuzzed section can name: `d`, with text, number and list columns.
const DATASET: &str = "title: D\ncolumns:\n  name: {type: text}\n  year: {type: number}\n  a: {type: number}\n  b: {type: number}\n  tags: {type: list}\nrows:\n  - {name: One, year: 2001, a: 1.5, b: -2, tags: [x, y]}\n  - {name: Two, year: 2002, a: null, b: 3, tags: []}\n  - {name: Three, year: 2003, a: 1e6, b: 0, tags: [z]}\n";

fn brief(section: &str, datasets: Vec<Dataset>) -> Option<Brief> {
    let section = crate::load::load_section(source("content/01-fuzz.md", section)).ok()?;
    let meta = BriefMeta {
        title: "Fuzz".into(),
        language: "en".into(),
        ..BriefMeta::default()
    };
    let mut datasets = datasets;
    datasets.sort_by(|a, b| a.name.cmp(&b.name));
    datasets.dedup_by(|a, b| a.name == b.name);
    Some(Brief {
        date: None,
        updated: None,
        meta,
        meta_file: source("content/brief.yaml", "title: Fuzz\n"),
        sections: vec![section],
        datasets,
        broken_datasets: Vec::new(),
        locale: crate::locale::Locale::english(),
        editions: Default::default(),
    })
}

fn render(brief: &Brief) {
    let mut diagnostics = Diagnostics::default();
    let document = crate::markdown::render(brief, theme(), &mut diagnostics);
    let _ = crate::page::render_page(brief, theme(), &document, &Default::default());
    let renderer = annotate_snippets::Renderer::plain();
    for d in diagnostics.into_sorted() {
        let _ = d.render(&renderer);
    }
}

fn dataset(name: &str, text: &str) -> Option<Dataset> {
    crate::load::load_dataset(source(&format!("content/data/{name}.yaml"), text)).ok()
}

/// A section file (front matter, Markdown, chart and table blocks naming the dataset `d`),
/// rendered into the page.
pub fn section(text: &str) {
    let datasets = dataset("d", DATASET).into_iter().collect();
    if let Some(brief) = brief(text, datasets) {
        render(&brief);
    }
}

/// A dataset file: loaded, written as CSV, shown as a table and, when it has two columns or
/// more, charted (first column against the second).
pub fn dataset_file(text: &str) {
    let Some(data) = dataset("d", text) else {
        return;
    };
    let _ = crate::write::dataset_csv(&data);
    let mut section = String::from("# T\n\n```table\ndata: d\n```\n");
    if data.columns.len() >= 2 {
        let x = yaml_quote(&data.columns[0].key);
        let y = yaml_quote(&data.columns[1].key);
        for kind in ["line", "bar", "hbar", "stacked-bar"] {
            section.push_str(&format!(
                "\n```chart\ndata: d\ntype: {kind}\nx: {x}\ny: {y}\n```\n"
            ));
        }
    }
    if let Some(brief) = brief(&section, vec![data]) {
        render(&brief);
    }
}

/// A chart spec and a dataset, separated by a line `---data---`: the spec is placed in a
/// ` ```chart ` block and drawn against the dataset (named `d`).
pub fn chart(input: &str) {
    let (spec, data) = input
        .split_once("\n---data---\n")
        .unwrap_or((input, DATASET));
    let Some(data) = dataset("d", data) else {
        return;
    };
    // A fence inside the spec would end the block early; that is the section target's job.
    let spec = spec.replace("```", "'''");
    let section = format!("# T\n\n```chart\n{spec}\n```\n");
    if let Some(brief) = brief(&section, vec![data]) {
        render(&brief);
    }
}

fn yaml_quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}
