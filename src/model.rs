//! The model: what the author wrote (raw, deserialized with `deny_unknown_fields`) and the
//! resolved brief the later stages work on.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::date::Date;

mod person;
mod rows;
pub(crate) use person::{NameParts, is_inverted, split_name};
pub(crate) use rows::RowsBuilder;
pub use rows::{RowRef, Rows};

/// `content/brief.yaml` as written.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BriefMeta {
    pub title: String,
    pub subtitle: Option<String>,
    /// Each with its place in the file, for the diagnostics about it.
    #[serde(default)]
    pub authors: Vec<serde_saphyr::Spanned<Author>>,
    pub organization: Option<String>,
    /// ISO 8601 date (`2025-11-30`).
    pub date: Option<String>,
    pub updated: Option<String>,
    /// The abstract, in Markdown.
    pub summary: Option<String>,
    #[serde(default)]
    pub key_takeaways: Vec<String>,
    #[serde(default = "default_language")]
    pub language: String,
    pub base_url: Option<String>,
    pub license: Option<String>,
    /// How to cite the brief; generated from the metadata when absent.
    pub cite_as: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The file name of the PDF and standalone files (default: from the title).
    pub slug: Option<String>,
    /// Also print `<slug>.pdf` with headless Chromium.
    #[serde(default)]
    pub pdf: bool,
    /// Also write the self-contained `<slug>.html`.
    #[serde(default)]
    pub standalone: bool,
    /// Paper size for the PDF and the page's print stylesheet (default A4).
    pub paper: Option<Paper>,
    /// Clean the raw HTML in sections (ammonia) instead of passing it through: for briefs
    /// that include Markdown from third parties.
    #[serde(default)]
    pub sanitize: bool,
}

/// A paper size for printing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum Paper {
    /// 210 × 297 mm (595 × 842 pt).
    #[default]
    #[serde(rename = "a4", alias = "A4")]
    A4,
    /// 8.5 × 11 in (612 × 792 pt).
    #[serde(rename = "letter", alias = "Letter")]
    Letter,
}

impl Paper {
    /// The CSS `@page { size }` keyword.
    pub fn css_name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }
}

fn default_language() -> String {
    "en".to_string()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Author {
    /// The name as shown on the page.
    pub name: String,
    pub affiliation: Option<String>,
    /// A person (the default) or an organisation, whose name is cited as written.
    #[serde(rename = "type", default)]
    pub kind: AuthorKind,
    /// Given and family names for citations, over what is read from `name`
    /// ([`split_name`]); `suffix` ("Jr.") with them.
    pub given: Option<String>,
    pub family: Option<String>,
    pub suffix: Option<String>,
}

/// Who an author is, for citations: a person's name is inverted and abbreviated, an
/// organisation's never (CSL-JSON's `literal` name).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum AuthorKind {
    #[default]
    Person,
    #[serde(alias = "organisation")]
    Organization,
}

impl Author {
    /// The parts of a person's name as citations use them; `None` for an organisation.
    /// `family` (with `given` and `suffix`) replaces what is read from `name`.
    pub(crate) fn name_parts(&self) -> Option<NameParts> {
        if self.kind == AuthorKind::Organization {
            return None;
        }
        let nonblank = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        Some(match nonblank(&self.family) {
            Some(family) => NameParts {
                given: nonblank(&self.given),
                family,
                suffix: nonblank(&self.suffix),
            },
            None => split_name(&self.name),
        })
    }
}

/// A section file's YAML front matter as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub id: Option<String>,
    /// Overrides the file-name order.
    pub order: Option<i64>,
    /// Draft sections are left out of the build.
    #[serde(default)]
    pub draft: bool,
}

/// An input file, kept for diagnostics that quote its lines.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute (or root-joined) path, used for I/O.
    pub path: PathBuf,
    /// Shown to the author: relative to the brief's root.
    pub display: PathBuf,
    pub text: String,
}

/// A section: one Markdown file.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub file: SourceFile,
    pub front: FrontMatter,
    /// Lines before the body (the front matter and its fences).
    pub body_line_offset: usize,
    /// Byte offset of the body in the file.
    pub body_byte_offset: usize,
    /// The language of a translation's section taken from the original (it has no
    /// translation): the page marks it so that screen readers switch voice.
    pub lang: Option<String>,
}

impl Section {
    /// The Markdown body, after the front matter.
    pub(crate) fn body(&self) -> &str {
        &self.file.text[self.body_byte_offset..]
    }

    /// The line and column in the file of a byte offset in the body.
    pub(crate) fn location(&self, offset: usize) -> (usize, usize) {
        let (line, col) = crate::diagnostics::line_col(self.body(), offset);
        (line + self.body_line_offset, col)
    }
}

/// The type of a dataset column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// Inline Markdown text.
    Text,
    Number,
    /// A list of inline Markdown items.
    List,
}

impl ColumnKind {
    pub fn name(self) -> &'static str {
        match self {
            ColumnKind::Text => "text",
            ColumnKind::Number => "number",
            ColumnKind::List => "list",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub key: String,
    pub label: String,
    pub kind: ColumnKind,
    /// How the column's numbers show in a table: declared (`format:`), or what a CSV source
    /// printed (its decimals, its currency sign, its `%`); `Year` for a year column, which is
    /// never grouped. `None`: the table's format, or the house style.
    pub format: Option<crate::format::NumberFormat>,
    /// The column's unit (otherwise the dataset's), shown after its label in table headers.
    pub unit: Option<String>,
}

impl Column {
    /// A column of years: printed `2025`, never `2,025`, and left alone by a table's format.
    pub fn is_year(&self) -> bool {
        matches!(
            self.format,
            Some(crate::format::NumberFormat::Named(
                crate::format::NamedFormat::Year
            ))
        )
    }
}

/// One value in a dataset.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// `null`, `~` or an absent key: a gap, never a zero.
    Missing,
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl Cell {
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Cell::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The cell as plain text, as it goes into a CSV file or an accessible table.
    pub fn plain_text(&self) -> String {
        match self {
            Cell::Missing => String::new(),
            Cell::Number(n) => crate::format::plain_number(*n),
            Cell::Text(s) => s.clone(),
            Cell::List(items) => items.join("; "),
        }
    }
}

/// A row as a loader reads it, before it is stored by column in [`Rows`].
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    /// One cell per column, in column order.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    pub name: String,
    pub url: Option<String>,
}

/// A dataset: `content/data/<name>.yaml`, or `<name>.csv`/`.tsv` with an optional `<name>.yaml`
/// sidecar for its metadata, loaded and type-checked.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub name: String,
    /// The file holding the rows (the YAML file, the CSV, the spreadsheet). Its text is the
    /// whole of a YAML file, a CSV's header line only (the rows are read from the file, and
    /// its text read whole only to place a problem), and nothing of a spreadsheet.
    pub file: SourceFile,
    /// A CSV dataset's metadata file, when it has one.
    pub sidecar: Option<SourceFile>,
    pub title: String,
    pub description: Option<String>,
    pub unit: Option<String>,
    pub source: Option<DataSource>,
    pub notes: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Rows,
    /// The row labels (first column) of its grand-total and subtotal rows.
    pub totals: Totals,
    /// The files it was read from (its rows' and its sidecar), hashed: what the render cache
    /// compares, since a spreadsheet's bytes are not kept as text.
    pub digest: u64,
}

/// Which rows of a dataset are totals, by the text of their first column (the row labels):
/// tables set them apart, charts leave them out unless asked.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    /// Grand totals: a table puts them in its `<tfoot>`.
    pub grand: Vec<String>,
    /// Subtotals: a table marks them where they stand.
    pub sub: Vec<String>,
}

/// What a row is: data, a subtotal or a grand total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRole {
    Data,
    Subtotal,
    Total,
}

impl Dataset {
    /// What the row at `index` is, by its label in the first column.
    pub fn row_role(&self, index: usize) -> RowRole {
        if self.totals.grand.is_empty() && self.totals.sub.is_empty() {
            return RowRole::Data;
        }
        let label = self.rows.get(index).cell(0).plain_text();
        if self.totals.grand.contains(&label) {
            RowRole::Total
        } else if self.totals.sub.contains(&label) {
            RowRole::Subtotal
        } else {
            RowRole::Data
        }
    }

    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// Output path of the dataset's CSV file, relative to the site root.
    pub fn csv_path(&self) -> String {
        format!("data/{}.csv", self.name)
    }
}

/// A loaded brief: everything read from disk, before rendering.
#[derive(Debug, Clone)]
pub(crate) struct Brief {
    pub meta: BriefMeta,
    pub meta_file: SourceFile,
    /// `meta.date` and `meta.updated`, parsed (load reports a value that is not a date).
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub sections: Vec<Section>,
    /// Sorted by name.
    pub datasets: Vec<Dataset>,
    /// Datasets whose file had errors (already reported): blocks naming them stay quiet.
    pub broken_datasets: Vec<String>,
    /// The language of `meta.language`: the theme's strings, numbers and dates.
    pub locale: std::sync::Arc<crate::locale::Locale>,
    /// The editions of the brief (the original and its translations) and which one this is;
    /// empty for a brief without translations.
    pub editions: Editions,
}

/// The editions of one brief: the original at the site's root, each translation in a folder
/// named by its language (`content/hi/` → `/hi/`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Editions {
    /// Every edition, the original first; empty when the brief has no translations.
    pub all: Vec<EditionLink>,
    /// Which of `all` this brief is (0: the original).
    pub this: usize,
    /// A translation's note to its readers (Markdown), shown at the top of its page.
    pub note: Option<String>,
    /// A translation's datasets whose texts it leaves in the original's language (`brief
    /// check` names those its page shows).
    pub untranslated_data: Vec<UntranslatedData>,
}

/// The texts of one dataset a translation does not translate.
#[derive(Debug, Clone, Default)]
pub(crate) struct UntranslatedData {
    pub dataset: String,
    /// `title`, `notes`: those the original has and the translation lacks.
    pub keys: Vec<&'static str>,
    /// The columns whose label is left (their keys).
    pub columns: Vec<String>,
    /// The translation's `data/NAME.yaml`, when there is one (the finding points at it).
    pub file: Option<SourceFile>,
}

/// One edition, as the others link to it.
#[derive(Debug, Clone)]
pub(crate) struct EditionLink {
    /// Its language tag (`hi`).
    pub language: String,
    /// Its folder in the site, with a trailing `/` (`hi/`); empty for the original.
    pub dir: String,
    /// The language's name in itself (`हिन्दी`), for the language switcher.
    pub name: String,
    /// Its address, when the brief has a `base_url`.
    pub url: Option<String>,
}

impl Editions {
    /// The folder of this edition in the site (`hi/`; empty for the original).
    pub(crate) fn dir(&self) -> &str {
        self.all.get(self.this).map_or("", |e| e.dir.as_str())
    }

    /// The path from this edition's page to the site's root (`../` for a translation).
    pub(crate) fn to_root(&self) -> String {
        "../".repeat(self.dir().matches('/').count())
    }
}

impl Brief {
    pub(crate) fn dataset(&self, name: &str) -> Option<&Dataset> {
        self.datasets
            .binary_search_by(|d| d.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.datasets[i])
    }

    /// The address of the site's root, when the brief has a `base_url`: the original's (a
    /// translation's `base_url` is its own folder's).
    pub(crate) fn site_url(&self) -> Option<&str> {
        match self.editions.all.first() {
            Some(original) => original.url.as_deref(),
            None => self.meta.base_url.as_deref(),
        }
    }

    /// The file-name stem for the PDF and standalone outputs.
    pub(crate) fn slug(&self) -> String {
        let wanted = self.meta.slug.as_deref().unwrap_or(&self.meta.title);
        let slug = crate::text::slugify(wanted);
        if slug.is_empty() {
            "brief".to_string()
        } else {
            slug
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// README documents every key of `brief.yaml`, of an author, of a section's front matter
    /// and of a dataset's source, as the loader accepts them.
    #[test]
    fn readme_documents_every_key_of_the_brief() {
        use crate::testing::{assert_documented, assert_values_documented, serde_keys};
        assert_documented("brief.yaml", &[&serde_keys::<BriefMeta>()]);
        assert_documented("author", &[&serde_keys::<Author>()]);
        assert_documented("front matter", &[&serde_keys::<FrontMatter>()]);
        assert_documented("source", &[&serde_keys::<DataSource>()]);
        assert_values_documented("brief.yaml", "paper", &serde_keys::<Paper>());
        assert_values_documented("author", "type", &serde_keys::<AuthorKind>());
    }
}
