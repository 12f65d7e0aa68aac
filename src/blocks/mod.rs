//! Render stage, blocks: ` ```chart ` and ` ```table ` fenced blocks. Their YAML body is parsed
//! and checked against the dataset it names (with errors located in the Markdown file), then
//! rendered to a `<figure>` through the theme's `figure.html` / `table.html`.

pub mod chart;
pub(crate) mod rows;
pub(crate) mod svg;
pub(crate) mod table;

use std::hash::{Hash, Hasher};

use crate::cache::Cache;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::locale::Locale;
use crate::model::{Brief, Dataset, SourceFile};
use crate::text::smart_text;
use crate::theme::Theme;
use crate::yaml;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Chart,
    Table,
}

impl BlockKind {
    /// The block kind named by a fenced code block's info string, if it is one of ours.
    pub(crate) fn from_info(info: &str) -> Option<BlockKind> {
        match info.split_whitespace().next()? {
            "chart" => Some(BlockKind::Chart),
            "table" => Some(BlockKind::Table),
            _ => None,
        }
    }

    /// What the HTML id of a block of this kind starts with: `fig-` for a chart, `tbl-` for
    /// a table, so that a chart and a table may share an id of their own.
    pub(crate) fn anchor_prefix(self) -> &'static str {
        match self {
            BlockKind::Chart => "fig-",
            BlockKind::Table => "tbl-",
        }
    }

    /// The HTML id of the block of this kind whose own id is `id`.
    pub(crate) fn anchor(self, id: &str) -> String {
        format!("{}{id}", self.anchor_prefix())
    }
}

/// Where a block sits, for diagnostics and for locating its YAML keys.
#[derive(Debug, Clone)]
pub struct BlockOrigin {
    pub file: SourceFile,
    /// Line of the opening fence; YAML line 1 is the line after it.
    pub fence_line: usize,
}

impl BlockOrigin {
    /// A diagnostic at line `yaml_line`, column `col` of the block's YAML.
    pub fn error_at(&self, yaml_line: u64, col: u64, message: impl Into<String>) -> Diagnostic {
        self.locate(
            Diagnostic::error(&self.file.display, message),
            yaml_line,
            col,
        )
    }

    /// A warning at line `yaml_line`, column `col` of the block's YAML.
    pub(crate) fn warning_at(
        &self,
        yaml_line: u64,
        col: u64,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.locate(
            Diagnostic::warning(&self.file.display, message),
            yaml_line,
            col,
        )
    }

    fn locate(&self, diagnostic: Diagnostic, yaml_line: u64, col: u64) -> Diagnostic {
        let line = if yaml_line == 0 {
            self.fence_line
        } else {
            self.fence_line + yaml_line as usize
        };
        diagnostic.at(&self.file.text, line, col.max(1) as usize)
    }
}

/// A parsed and checked block, numbered within the document.
#[derive(Debug, Clone)]
pub(crate) enum BlockSpec {
    Chart(Box<chart::CheckedChart>),
    Table(Box<table::CheckedTable>),
}

impl BlockSpec {
    /// The HTML id of the figure (`fig-…` or `tbl-…`).
    pub(crate) fn id(&self) -> &str {
        match self {
            BlockSpec::Chart(c) => &c.anchor,
            BlockSpec::Table(t) => &t.anchor,
        }
    }

    /// The name of the dataset the block shows.
    pub(crate) fn dataset(&self) -> &str {
        match self {
            BlockSpec::Chart(c) => &c.dataset,
            BlockSpec::Table(t) => &t.dataset,
        }
    }

    /// Numbers the block within the document (specs are parsed before they are numbered).
    pub(crate) fn set_number(&mut self, number: usize) {
        match self {
            BlockSpec::Chart(c) => c.number = number,
            BlockSpec::Table(t) => t.number = number,
        }
    }

    /// The spec's keys whose values are Markdown (caption, notes), with those values: where a
    /// `[](#id)` may stand outside a section's body.
    pub(crate) fn markdown_fields(&self) -> Vec<(&'static str, &str)> {
        let (caption, notes) = match self {
            BlockSpec::Chart(c) => (&c.spec.caption, &c.spec.notes),
            BlockSpec::Table(t) => (&t.spec.caption, &t.spec.notes),
        };
        [("caption", caption), ("notes", notes)]
            .into_iter()
            .filter_map(|(key, value)| Some((key, value.as_deref()?)))
            .collect()
    }

    /// How a cross-reference to the block reads: "Figure 2", "Table 1".
    pub(crate) fn label(&self, locale: &Locale) -> String {
        let (key, number) = match self {
            BlockSpec::Chart(c) => ("figure", c.number),
            BlockSpec::Table(t) => ("table", t.number),
        };
        locale.fill(key, &[("number", &number.to_string())])
    }
}

/// The anchor a block that failed its checks was given with `id:` (`fig-…`, `tbl-…`), read
/// leniently from its YAML, so links to it are not reported as broken on top of its own
/// errors. `None` when it has no readable `id:` (an id derived from a misspelt dataset name
/// would only be a guess).
pub(crate) fn intended_anchor(kind: BlockKind, yaml_text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Names {
        id: Option<String>,
    }
    let names: Names = yaml::try_parse(yaml_text)?;
    let id = crate::text::slugify(&names.id?);
    if id.is_empty() {
        return None;
    }
    Some(kind.anchor(&id))
}

/// A block after rendering.
#[derive(Debug, Clone)]
pub(crate) struct RenderedBlock {
    pub kind: BlockKind,
    /// The `<figure>` that goes into the page.
    pub html: String,
    /// `charts/<id>.svg` and its content (charts only).
    pub svg_file: Option<(String, String)>,
}

/// Parses a block's YAML body and checks it against its dataset. The spec is numbered 0: the
/// document's planning numbers it ([`BlockSpec::set_number`]).
pub(crate) fn parse_spec(
    brief: &Brief,
    file: &SourceFile,
    kind: BlockKind,
    yaml_text: &str,
    fence_line: usize,
) -> Result<BlockSpec, Diagnostics> {
    let origin = BlockOrigin {
        file: file.clone(),
        fence_line,
    };
    if yaml_text.trim().is_empty() {
        return Err(origin
            .error_at(0, 1, "the block is empty")
            .with_hint("a block needs at least `data: <dataset name>`")
            .into());
    }
    match kind {
        BlockKind::Chart => {
            let raw: chart::ChartSpec =
                yaml::parse(&file.display, &file.text, yaml_text, fence_line)
                    .map_err(Diagnostics::from)?;
            chart::check(brief, origin, raw).map(|c| BlockSpec::Chart(Box::new(c)))
        }
        BlockKind::Table => {
            let raw: table::TableSpec =
                yaml::parse(&file.display, &file.text, yaml_text, fence_line)
                    .map_err(Diagnostics::from)?;
            table::check(brief, origin, raw).map(|t| BlockSpec::Table(Box::new(t)))
        }
    }
}

/// Renders a checked block to HTML (and SVG).
pub(crate) fn render(
    brief: &Brief,
    theme: &Theme,
    spec: &BlockSpec,
) -> Result<RenderedBlock, Diagnostics> {
    match spec {
        BlockSpec::Chart(c) => chart::render(brief, theme, c),
        BlockSpec::Table(t) => table::render(brief, theme, t),
    }
}

/// Charts and tables rendered by earlier builds (see [`crate::cache`]).
pub(crate) type BlockCache = Cache<std::sync::Arc<RenderedBlock>>;

/// The cache key of a block: everything its output is made from (its YAML, its number, its
/// dataset's file, the theme's templates).
pub(crate) fn cache_key(
    brief: &Brief,
    spec: &BlockSpec,
    yaml_text: &str,
    theme_fingerprint: u64,
) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    spec.label(&brief.locale).hash(&mut hasher);
    yaml_text.hash(&mut hasher);
    dataset_digest(brief, spec.dataset()).hash(&mut hasher);
    theme_fingerprint.hash(&mut hasher);
    hasher.finish()
}

/// A digest of the dataset `name` as loaded (its files' bytes, and its name), or of its
/// absence: what a block's checks and drawing read of it.
pub(crate) fn dataset_digest(brief: &Brief, name: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    if let Some(dataset) = brief.dataset(name) {
        dataset.name.hash(&mut hasher);
        dataset.digest.hash(&mut hasher);
    }
    hasher.finish()
}

/// Looks up the dataset a block names, or explains which ones exist.
pub(crate) fn find_dataset<'a>(
    brief: &'a Brief,
    origin: &BlockOrigin,
    name: &serde_saphyr::Spanned<String>,
) -> Result<&'a Dataset, Diagnostic> {
    brief.dataset(&name.value).ok_or_else(|| {
        if brief.broken_datasets.contains(&name.value) {
            // Its own errors are reported, first and once: this block's failure only
            // follows from them, and would bury them if it were listed too.
            return origin
                .error_at(
                    name.referenced.line(),
                    name.referenced.column(),
                    format!("the dataset `{}` has errors", name.value),
                )
                .with_hint("fix the errors reported in its file")
                .following_another();
        }
        let names: Vec<&str> = brief.datasets.iter().map(|d| d.name.as_str()).collect();
        let hint = match did_you_mean(&name.value, names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if names.is_empty() => "add the dataset as content/data/<name>.yaml".to_string(),
            None => format!("datasets in content/data/: {}", names.join(", ")),
        };
        origin
            .error_at(
                name.referenced.line(),
                name.referenced.column(),
                format!("no dataset named `{}`", name.value),
            )
            .with_hint(hint)
    })
}

/// Checks that `column` exists in `dataset`, returning its index.
pub(crate) fn find_column(
    dataset: &Dataset,
    origin: &BlockOrigin,
    column: &serde_saphyr::Spanned<String>,
) -> Result<usize, Diagnostic> {
    dataset.column_index(&column.value).ok_or_else(|| {
        let keys: Vec<&str> = dataset.columns.iter().map(|c| c.key.as_str()).collect();
        let hint = match did_you_mean(&column.value, keys.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the columns of `{}` are: {}", dataset.name, keys.join(", ")),
        };
        origin
            .error_at(
                column.referenced.line(),
                column.referenced.column(),
                format!(
                    "the dataset `{}` has no column `{}`",
                    dataset.name, column.value
                ),
            )
            .with_hint(hint)
    })
}

/// The `tera` context value for a dataset's source line.
pub(crate) fn source_fields(dataset: &Dataset, override_name: Option<&str>) -> (String, String) {
    // The name is shown (with the sections' smart punctuation); the URL is a link's.
    match (override_name, &dataset.source) {
        (Some(name), _) => (smart_text(name).into_owned(), String::new()),
        (None, Some(source)) => (
            smart_text(&source.name).into_owned(),
            source.url.clone().unwrap_or_default(),
        ),
        (None, None) => (String::new(), String::new()),
    }
}
