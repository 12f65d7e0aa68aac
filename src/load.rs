//! Load stage: walk `content/`, read `brief.yaml`, split each section's front matter (keeping
//! its line offset), and load and type-check every dataset in `content/data/`.

use std::fmt;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::{self, Visitor};
use serde_saphyr::Spanned;
use walkdir::WalkDir;

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean, display_path};
use crate::model::{
    Brief, BriefMeta, Cell, Column, ColumnKind, DataSource, Dataset, FrontMatter, Row, Section,
    SourceFile,
};
use crate::yaml;

/// The largest dataset file read (a clear error beyond it; see RELIABILITY.md).
pub const MAX_DATASET_BYTES: u64 = 64 * 1024 * 1024;

/// Loads the brief at `root`, collecting every problem found rather than stopping at the first.
/// What could be loaded is returned beside the problems, so later stages can report theirs
/// too; datasets that failed to load are listed in `Brief::broken_datasets`.
pub fn load(root: &Path) -> Result<(Brief, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let content = root.join("content");
    if !content.is_dir() {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::error(display_path(root, &content), "no `content/` folder here")
                .with_hint(format!(
                    "run brief in a brief's folder (or pass --root), or create one with `brief new {}`",
                    root.display()
                )),
        );
        return Err(d);
    }

    let meta_path = content.join("brief.yaml");
    let (meta, meta_file) = match read_source(root, &meta_path) {
        Ok(file) => match yaml::parse::<BriefMeta>(&file.display, &file.text, &file.text, 0) {
            Ok(meta) => {
                check_meta(&meta, &file, &mut diagnostics);
                (meta, file)
            }
            Err(d) => {
                diagnostics.push(missing_title_hint(d, &file));
                (BriefMeta::default(), file)
            }
        },
        Err(d) => {
            if meta_path.exists() {
                diagnostics.push(d);
            } else {
                diagnostics.push(
                    Diagnostic::error(&d.path, "the brief has no `content/brief.yaml`")
                        .with_hint("create it with at least the brief's title: `title: ...`"),
                );
            }
            let file = SourceFile {
                path: meta_path.clone(),
                display: display_path(root, &meta_path),
                text: String::new(),
            };
            (BriefMeta::default(), file)
        }
    };

    // Sections and datasets are read and parsed in parallel (YAML parsing is the costly part
    // of loading); results are kept in file order, so the build stays deterministic.
    let (loaded_sections, loaded_datasets) = rayon::join(
        || {
            files_in(&content, &["md"])
                .par_iter()
                .map(|path| read_source(root, path).and_then(load_section))
                .collect::<Vec<_>>()
        },
        || {
            files_in(&content.join("data"), &["yaml", "yml"])
                .into_par_iter()
                .map(|path| {
                    let loaded = check_dataset_size(root, &path)
                        .and_then(|()| read_source(root, &path))
                        .map_err(|d| vec![d])
                        .and_then(load_dataset);
                    (path, loaded)
                })
                .collect::<Vec<_>>()
        },
    );
    let mut sections = Vec::with_capacity(loaded_sections.len());
    for loaded in loaded_sections {
        match loaded {
            Ok(section) => sections.push(section),
            Err(d) => diagnostics.push(d),
        }
    }
    arrange_sections(&mut sections);
    if sections.is_empty() && !diagnostics.has_errors() {
        diagnostics.push(
            Diagnostic::error(display_path(root, &content), "the brief has no sections")
                .with_hint("add a Markdown file such as `content/01-introduction.md`"),
        );
    }

    let mut datasets = Vec::new();
    let mut broken_datasets = Vec::new();
    for (path, loaded) in loaded_datasets {
        match loaded {
            Ok(dataset) => datasets.push(dataset),
            Err(ds) => {
                diagnostics.extend(ds);
                if let Some(stem) = path.file_stem() {
                    broken_datasets.push(stem.to_string_lossy().into_owned());
                }
            }
        }
    }
    datasets.sort_by(|a, b| a.name.cmp(&b.name));
    // `x.yaml` and `x.yml`: report the second and keep only the first, so blocks are checked
    // against one of them rather than whichever a lookup happens to find.
    datasets.dedup_by(|second, first| {
        let duplicate = first.name == second.name;
        if duplicate {
            diagnostics.push(
                Diagnostic::error(
                    &second.file.display,
                    format!("a second dataset named `{}`", first.name),
                )
                .with_hint(format!(
                    "`{}` already defines it; rename one of the files",
                    first.file.display.display()
                )),
            );
        }
        duplicate
    });

    let date = |value: &Option<String>| value.as_deref().and_then(Date::parse_iso);
    let brief = Brief {
        root: root.to_path_buf(),
        date: date(&meta.date),
        updated: date(&meta.updated),
        meta,
        meta_file,
        sections,
        datasets,
        broken_datasets,
    };
    Ok((brief, diagnostics))
}

/// Whether `path` is a section's file: a `.md` file directly in `content/`.
pub(crate) fn is_section_file(content: &Path, path: &Path) -> bool {
    path.parent() == Some(content) && path.extension().is_some_and(|e| e == "md")
}

/// The sections a brief shows, in its order: drafts left out; by `order:`, ties in file-name
/// order.
pub(crate) fn arrange_sections(sections: &mut Vec<Section>) {
    sections.retain(|s| !s.front.draft);
    sections.sort_by(|a, b| {
        let order = |s: &Section| s.front.order.unwrap_or(0);
        order(a)
            .cmp(&order(b))
            .then_with(|| a.file.path.cmp(&b.file.path))
    });
}

/// A dataset file too large to read is refused before it is read.
fn check_dataset_size(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size <= MAX_DATASET_BYTES {
        return Ok(());
    }
    Err(Diagnostic::error(
        display_path(root, path),
        format!(
            "the dataset file is larger than the {} MB brief reads ({size} bytes)",
            MAX_DATASET_BYTES / (1024 * 1024)
        ),
    )
    .with_hint(
        "a brief shows a summary: aggregate the data (by year, by category) before adding it",
    ))
}

/// The files directly in `dir` with one of `extensions`, sorted by name.
fn files_in(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    files.sort();
    files
}

/// Reads a text file: UTF-8 (a BOM is dropped), line ends normalised to `\n`.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let display = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|err| {
        let hint = if err.kind() == std::io::ErrorKind::NotFound {
            "create the file (see the README's content model)".to_string()
        } else {
            "check the file's permissions".to_string()
        };
        Diagnostic::error(&display, format!("cannot read the file: {err}")).with_hint(hint)
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid_up_to = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            return Err(Diagnostic::error(
                &display,
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X})",
                    bytes[valid_up_to]
                ),
            )
            .at(&lossy, line, column)
            .with_hint("save the file as UTF-8"));
        }
    };
    // Without a byte-order mark or Windows line ends (the usual case) the text is kept as read.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) if rest.contains('\r') => rest.replace("\r\n", "\n"),
        Some(rest) => rest.to_string(),
        None if text.contains('\r') => text.replace("\r\n", "\n"),
        None => text,
    };
    Ok(SourceFile {
        path: path.to_path_buf(),
        display,
        text,
    })
}

fn check_meta(meta: &BriefMeta, file: &SourceFile, diagnostics: &mut Diagnostics) {
    if meta.title.trim().is_empty() {
        let line = line_of_key(&file.text, "title").unwrap_or(1);
        diagnostics.push(
            Diagnostic::error(&file.display, "the brief's title is empty")
                .at(&file.text, line, 1)
                .with_hint("give the brief a title: `title: ...`"),
        );
    }
    if let Some(url) = &meta.base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        let line = line_of_key(&file.text, "base_url").unwrap_or(1);
        diagnostics.push(
            Diagnostic::error(&file.display, "`base_url` is not an http(s) URL")
                .at(&file.text, line, "base_url".len() + 3)
                .with_hint(
                    "write the address the brief is published at, e.g. https://example.org/brief/",
                ),
        );
    }
    for (key, value) in [("date", &meta.date), ("updated", &meta.updated)] {
        if let Some(value) = value
            && Date::parse_iso(value).is_none()
        {
            let line = line_of_key(&file.text, key).unwrap_or(1);
            diagnostics.push(
                Diagnostic::error(&file.display, format!("`{key}` is not a date: `{value}`"))
                    .at(&file.text, line, key.len() + 3)
                    .with_hint("write dates as YYYY-MM-DD, e.g. \"2025-11-30\""),
            );
        }
    }
}

fn missing_title_hint(d: Diagnostic, file: &SourceFile) -> Diagnostic {
    if file.text.trim().is_empty() {
        return Diagnostic::error(&file.display, "`brief.yaml` is empty")
            .with_hint("it needs at least `title: ...`");
    }
    d
}

/// The 1-based line where a top-level `key:` is written, for checks made after parsing.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// Splits YAML front matter (between `---` fences) from a section's Markdown body.
pub fn load_section(file: SourceFile) -> Result<Section, Diagnostic> {
    let text = file.text.as_str();
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| (text == "---").then_some(""))
    else {
        return Ok(Section {
            front: FrontMatter::default(),
            body_line_offset: 0,
            body_byte_offset: 0,
            file,
        });
    };
    let mut offset = 4;
    let mut close = None;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" || line.trim_end() == "..." {
            close = Some((offset, line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((close_at, close_len)) = close else {
        return Err(
            Diagnostic::error(&file.display, "the front matter is not closed")
                .at(text, 1, 1)
                .with_span_len(3)
                .with_hint("end the front matter with a line of three dashes: `---`"),
        );
    };
    let yaml_text = &text[4..close_at];
    let front: FrontMatter = if yaml_text.trim().is_empty() {
        FrontMatter::default()
    } else {
        yaml::parse(&file.display, text, yaml_text, 1)?
    };
    let body_byte_offset = close_at + close_len;
    let body_line_offset = text[..body_byte_offset].matches('\n').count();
    Ok(Section {
        front,
        body_line_offset,
        body_byte_offset,
        file,
    })
}

/// A dataset file as written. Its rows' keys `K` and cells `C` are parsed [`Plain`] first,
/// which is faster and lighter (a large dataset has a million cells), and [`Spanned`] only
/// when a problem in a row must be located.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "K: Deserialize<'de> + std::hash::Hash + Eq, C: Deserialize<'de>"))]
struct RawDataset<K, C> {
    title: Option<String>,
    description: Option<String>,
    unit: Option<String>,
    source: Option<DataSource>,
    notes: Option<String>,
    columns: Option<IndexMap<Spanned<String>, RawColumn>>,
    rows: Spanned<Vec<RawRow<K, C>>>,
}

/// A row as written: column → value.
type RawRow<K, C> = Spanned<IndexMap<K, C>>;

/// A value of a row, with its place in the file when it was parsed with one.
trait Located {
    type Value;
    fn value(&self) -> &Self::Value;
    fn place(&self) -> Option<(usize, usize)>;
}

/// A value parsed without its place.
#[derive(Debug, Deserialize, PartialEq, Eq, Hash)]
#[serde(transparent)]
struct Plain<T>(T);

impl<T> Located for Plain<T> {
    type Value = T;
    fn value(&self) -> &T {
        &self.0
    }
    fn place(&self) -> Option<(usize, usize)> {
        None
    }
}

impl<T> Located for Spanned<T> {
    type Value = T;
    fn value(&self) -> &T {
        &self.value
    }
    fn place(&self) -> Option<(usize, usize)> {
        Some((
            self.referenced.line() as usize,
            self.referenced.column() as usize,
        ))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    label: Option<String>,
    #[serde(rename = "type")]
    kind: Option<ColumnKind>,
}

/// A cell as YAML typed it (before checking it against its column's type).
#[derive(Debug, Clone, PartialEq)]
enum RawCell {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<RawCell>),
    Map,
}

impl RawCell {
    fn describe(&self) -> &'static str {
        match self {
            RawCell::Null => "null",
            RawCell::Bool(_) => "a boolean",
            RawCell::Number(_) => "a number",
            RawCell::Text(_) => "text",
            RawCell::List(_) => "a list",
            RawCell::Map => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for RawCell {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = RawCell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, text, a list or null")
            }
            fn visit_bool<E>(self, v: bool) -> Result<RawCell, E> {
                Ok(RawCell::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<RawCell, E> {
                Ok(RawCell::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<RawCell, E> {
                Ok(RawCell::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<RawCell, E> {
                Ok(RawCell::Number(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<RawCell, E> {
                Ok(RawCell::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<RawCell, E> {
                Ok(RawCell::Text(v))
            }
            fn visit_unit<E>(self) -> Result<RawCell, E> {
                Ok(RawCell::Null)
            }
            fn visit_none<E>(self) -> Result<RawCell, E> {
                Ok(RawCell::Null)
            }
            fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<RawCell, D::Error> {
                RawCell::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawCell, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<RawCell>()? {
                    items.push(item);
                }
                Ok(RawCell::List(items))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawCell, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(RawCell::Map)
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

/// Loads one dataset and checks every cell against its column's type.
pub(crate) fn load_dataset(file: SourceFile) -> Result<Dataset, Vec<Diagnostic>> {
    let name = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file.text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(&file.display, "the dataset file is empty")
                .with_hint("a dataset needs `rows:` (a list of mappings), see the README"),
        ]);
    }
    let parse_error = |d| vec![d];
    let raw: RawDataset<Plain<String>, Plain<RawCell>> =
        yaml::parse(&file.display, &file.text, &file.text, 0).map_err(parse_error)?;
    let checked = match check_dataset(&file, &name, raw) {
        Ok(checked) => checked,
        // Parse again, keeping every cell's place, to say where the problems are.
        Err(_) => {
            let raw: RawDataset<Spanned<String>, Spanned<RawCell>> =
                yaml::parse(&file.display, &file.text, &file.text, 0).map_err(parse_error)?;
            check_dataset(&file, &name, raw)?
        }
    };
    let (raw, columns, rows) = checked;
    Ok(Dataset {
        title: raw.title.unwrap_or_else(|| humanize(&name)),
        name,
        description: raw.description,
        unit: raw.unit,
        source: raw.source,
        notes: raw.notes,
        columns,
        rows,
        file,
    })
}

/// The fields of a dataset that pass on as they are, its columns and its typed rows.
type CheckedDataset = (DatasetInfo, Vec<Column>, Vec<Row>);

/// A dataset's descriptive fields.
struct DatasetInfo {
    title: Option<String>,
    description: Option<String>,
    unit: Option<String>,
    source: Option<DataSource>,
    notes: Option<String>,
}

/// `diagnostic` at `place` in `file`, when the place is known.
fn placed(diagnostic: Diagnostic, file: &SourceFile, place: Option<(usize, usize)>) -> Diagnostic {
    match place {
        Some((line, column)) => diagnostic.at(&file.text, line, column),
        None => diagnostic,
    }
}

/// Checks a parsed dataset: its source URL, its columns (declared, or found in the rows, with
/// their types inferred) and every cell against its column's type.
fn check_dataset<K, C>(
    file: &SourceFile,
    name: &str,
    raw: RawDataset<K, C>,
) -> Result<CheckedDataset, Vec<Diagnostic>>
where
    K: Located<Value = String>,
    C: Located<Value = RawCell>,
{
    let mut problems = Vec::new();
    let at = |line: u64, col: u64| (line as usize, col as usize);
    if let Some(url) = raw.source.as_ref().and_then(|s| s.url.as_deref())
        && !crate::text::is_safe_url(url)
    {
        let line = file
            .text
            .lines()
            .position(|l| l.contains("url:") && l.contains(url))
            .map_or(1, |i| i + 1);
        let column = file
            .text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.find(url).map(|i| l[..i].chars().count()))
            .map_or(1, |n| n + 1);
        problems.push(
            Diagnostic::error(&file.display, "the source URL is not a web address")
                .at(&file.text, line, column)
                .with_hint("use an http:// or https:// URL (other schemes, such as javascript:, are not linked)"),
        );
    }

    // Columns: declared ones first (in order), then any a row uses that were not declared.
    let mut columns: Vec<Column> = Vec::new();
    let declared = raw.columns.is_some();
    if let Some(decl) = &raw.columns {
        for (key, col) in decl {
            columns.push(Column {
                key: key.value.clone(),
                label: col.label.clone().unwrap_or_else(|| humanize(&key.value)),
                kind: col.kind.unwrap_or(ColumnKind::Text),
            });
        }
    }
    let mut inferred: Vec<bool> = columns.iter().map(|_| false).collect();
    if let Some(decl) = &raw.columns {
        for (i, (_, col)) in decl.iter().enumerate() {
            inferred[i] = col.kind.is_none();
        }
    }

    if raw.rows.value.is_empty() {
        let (line, column) = at(raw.rows.referenced.line(), raw.rows.referenced.column());
        problems.push(
            Diagnostic::error(&file.display, format!("the dataset `{name}` has no rows"))
                .at(&file.text, line, column)
                .with_hint("add rows: `- {column: value, ...}`"),
        );
    }

    for row in &raw.rows.value {
        for (key, _) in &row.value {
            let key_place = key.place();
            let key = key.value();
            if columns.iter().any(|c| c.key == *key) {
                continue;
            }
            if declared {
                let keys: Vec<&str> = columns.iter().map(|c| c.key.as_str()).collect();
                let hint = match did_you_mean(key, keys.iter().copied()) {
                    Some(best) => {
                        format!("did you mean `{best}`? (or declare it under `columns:`)")
                    }
                    None => format!(
                        "declare it under `columns:` (declared: {})",
                        keys.join(", ")
                    ),
                };
                problems.push(placed(
                    Diagnostic::error(&file.display, format!("unknown column `{key}` in a row"))
                        .with_hint(hint),
                    file,
                    key_place,
                ));
            } else {
                columns.push(Column {
                    key: key.clone(),
                    label: humanize(key),
                    kind: ColumnKind::Text,
                });
                inferred.push(true);
            }
        }
    }

    // Infer types the author did not declare: numbers if every value is one, lists likewise.
    for (i, column) in columns.iter_mut().enumerate() {
        if !inferred[i] {
            continue;
        }
        let values: Vec<&RawCell> = raw
            .rows
            .value
            .iter()
            .filter_map(|r| {
                r.value
                    .iter()
                    .find(|(k, _)| *k.value() == column.key)
                    .map(|(_, v)| v.value())
            })
            .filter(|v| **v != RawCell::Null)
            .collect();
        if !values.is_empty() && values.iter().all(|v| matches!(v, RawCell::Number(_))) {
            column.kind = ColumnKind::Number;
        } else if !values.is_empty() && values.iter().all(|v| matches!(v, RawCell::List(_))) {
            column.kind = ColumnKind::List;
        }
    }

    let mut rows = Vec::with_capacity(raw.rows.value.len());
    for row in &raw.rows.value {
        let mut cells = vec![Cell::Missing; columns.len()];
        for (key, value) in &row.value {
            let Some(index) = columns.iter().position(|c| c.key == *key.value()) else {
                continue;
            };
            let column = &columns[index];
            match to_cell(value.value(), column.kind) {
                Ok(cell) => cells[index] = cell,
                Err(message) => problems.push(placed(
                    Diagnostic::error(&file.display, message).with_hint(type_hint(column)),
                    file,
                    value.place(),
                )),
            }
        }
        rows.push(Row {
            line: row.referenced.line() as usize,
            cells,
        });
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    let info = DatasetInfo {
        title: raw.title,
        description: raw.description,
        unit: raw.unit,
        source: raw.source,
        notes: raw.notes,
    };
    Ok((info, columns, rows))
}

fn type_hint(column: &Column) -> String {
    match column.kind {
        ColumnKind::Number => format!(
            "column `{}` holds numbers: write a number such as 43.4, or null for a missing value",
            column.key
        ),
        ColumnKind::Text => format!("column `{}` holds text: quote the value", column.key),
        ColumnKind::List => format!(
            "column `{}` holds lists: write `[item, item]` or a `- item` list",
            column.key
        ),
    }
}

fn to_cell(raw: &RawCell, kind: ColumnKind) -> Result<Cell, String> {
    match (raw, kind) {
        (RawCell::Null, _) => Ok(Cell::Missing),
        (RawCell::Number(n), ColumnKind::Number) if n.is_finite() => Ok(Cell::Number(*n)),
        (RawCell::Number(n), ColumnKind::Number) => Err(format!("`{n}` is not a finite number")),
        (RawCell::Number(n), ColumnKind::Text) => Ok(Cell::Text(crate::format::plain_number(*n))),
        (RawCell::Text(s), ColumnKind::Text) => Ok(Cell::Text(s.clone())),
        (RawCell::Bool(b), ColumnKind::Text) => Ok(Cell::Text(b.to_string())),
        (RawCell::Text(s), ColumnKind::List) => Ok(Cell::List(vec![s.clone()])),
        (RawCell::List(items), ColumnKind::List) => items
            .iter()
            .map(|item| match item {
                RawCell::Text(s) => Ok(s.clone()),
                RawCell::Number(n) => Ok(crate::format::plain_number(*n)),
                other => Err(format!(
                    "a list item is {}, expected text",
                    other.describe()
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Cell::List),
        (other, kind) => Err(format!(
            "expected {} here, found {}",
            match kind {
                ColumnKind::Number => "a number",
                ColumnKind::Text => "text",
                ColumnKind::List => "a list",
            },
            other.describe()
        )),
    }
}

/// `growth_pct` → `Growth pct`: a readable default label for a column.
fn humanize(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(text: &str) -> Result<Dataset, Vec<Diagnostic>> {
        load_dataset(SourceFile {
            path: PathBuf::from("content/data/t.yaml"),
            display: PathBuf::from("content/data/t.yaml"),
            text: text.to_string(),
        })
    }

    #[test]
    fn norway_problem_values_stay_text() {
        // Regression: YAML 1.1 reads NO as false and 0012 as 12 (or octal); country and
        // product codes must survive as written.
        let d =
            dataset("rows:\n  - {code: NO, hs: 0012, n: 5}\n  - {code: IN, hs: '0013', n: 6}\n")
                .unwrap();
        assert_eq!(d.rows[0].cells[0], Cell::Text("NO".into()));
        assert_eq!(d.rows[0].cells[1], Cell::Text("0012".into()));
        assert_eq!(d.columns[2].kind, ColumnKind::Number);
    }

    #[test]
    fn null_is_a_gap_not_a_zero() {
        let d = dataset(
            "rows:\n  - {year: 2010, v: 1.5}\n  - {year: 2011, v: null}\n  - {year: 2012}\n",
        )
        .unwrap();
        assert_eq!(d.rows[1].cells[1], Cell::Missing);
        assert_eq!(d.rows[2].cells[1], Cell::Missing);
    }

    #[test]
    fn a_text_value_in_a_number_column_is_located() {
        let text = "columns:\n  v: {type: number}\nrows:\n  - {v: 1}\n  - {v: lots}\n";
        let err = dataset(text).unwrap_err();
        // Found by the fast parse, which keeps no places; located by the second.
        assert_eq!((err[0].line, err[0].column), (5, 9));
        assert!(
            err[0].message.contains("expected a number"),
            "{}",
            err[0].message
        );
    }

    #[test]
    fn front_matter_offset_is_kept() {
        let file = SourceFile {
            path: PathBuf::from("s.md"),
            display: PathBuf::from("s.md"),
            text: "---\ntitle: T\n---\nBody\n".into(),
        };
        let section = load_section(file).unwrap();
        assert_eq!(section.body(), "Body\n");
        assert_eq!(section.body_line_offset, 3);
    }
}
