//! Load stage: walk `content/`, read `brief.yaml`, split each section's front matter (keeping
//! its line offset), and load every dataset in `content/data/` (YAML in `load/dataset.rs`,
//! CSV and TSV with their sidecars in `load/csv.rs`, spreadsheets in `load/sheet.rs`, both
//! typed column by column in `load/table.rs`, numbers as printed in `load/number.rs`).

mod authors;
mod csv;
mod dataset;
mod edition;
mod locale;
mod number;
mod raw;
mod sheet;
mod sidecar;
mod table;
mod totals;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::model::{Brief, BriefMeta, Dataset, FrontMatter, Section, SourceFile};
use crate::yaml;

pub use dataset::MAX_DATASET_BYTES;
pub(crate) use dataset::load_dataset;
pub(crate) use edition::load_editions;
pub use sheet::MAX_SHEET_BYTES;
// Kept here for the callers that import them from `load` (lib.rs, serve.rs).
pub(crate) use crate::source::{line_of_key, read_source};

/// Loads the brief at `root`, pushing every problem found into `diagnostics` rather than
/// stopping at the first. What could be loaded is returned even when there were problems, so
/// later stages can report theirs too (datasets that failed to load are listed in
/// `Brief::broken_datasets`); `None` when there is no brief here at all.
pub(crate) fn load(root: &Path, diagnostics: &mut Diagnostics) -> Option<Brief> {
    let content = root.join("content");
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(display_path(root, &content), "no `content/` folder here")
                .with_hint(format!(
                    "run brief in a brief's folder (or pass --root), or create one with `brief new {}`",
                    root.display()
                )),
        );
        return None;
    }

    let (meta, meta_file) = load_meta(root, &content, diagnostics);

    let section_files = files_in(root, &content, &["md"], diagnostics);
    let data = content.join("data");
    let dataset_files = csv::dataset_files(files_in(
        root,
        &data,
        &["yaml", "yml", "csv", "tsv", "xlsx", "ods"],
        diagnostics,
    ));
    let dataset_files = csv::one_form_each(root, dataset_files, diagnostics);
    // Sections and datasets are read and parsed in parallel (YAML parsing is the costly part
    // of loading); results are kept in file order, so the build stays deterministic.
    let (loaded_sections, loaded_datasets) = rayon::join(
        || {
            section_files
                .par_iter()
                .map(|path| read_source(root, path).and_then(load_section))
                .collect::<Vec<_>>()
        },
        || {
            dataset_files
                .into_par_iter()
                .map(|files| {
                    let loaded = if files.is_csv() {
                        csv::read_csv_dataset(root, &files)
                    } else if sheet::is_sheet(&files.data) {
                        sheet::read_sheet_dataset(root, &files)
                    } else {
                        dataset::read_dataset(root, &files.data)
                    };
                    (files.data, loaded)
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

    let (datasets, broken_datasets) = collect_datasets(loaded_datasets, diagnostics);

    let date = |value: &Option<String>| value.as_deref().and_then(Date::parse_iso);
    let locale = locale::load_locale(root, &meta.language, &meta_file, diagnostics);
    let brief = Brief {
        locale,
        date: date(&meta.date),
        updated: date(&meta.updated),
        meta,
        meta_file,
        sections,
        datasets,
        broken_datasets,
        editions: Default::default(),
    };
    Some(brief)
}

/// The datasets that loaded, sorted by name, each name once (a second `x.yml` beside `x.yaml`,
/// or a name that differs from another only in case, is reported); and the names of those that
/// did not load, whose problems are reported.
fn collect_datasets(
    loaded: Vec<(PathBuf, Result<Dataset, Diagnostics>)>,
    diagnostics: &mut Diagnostics,
) -> (Vec<Dataset>, Vec<String>) {
    let mut datasets = Vec::new();
    let mut broken_datasets = Vec::new();
    for (path, loaded) in loaded {
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
    for (first, second) in crate::text::case_collisions(datasets.iter().map(|d| d.name.as_str())) {
        let file = |name: &str| {
            let dataset = datasets.iter().find(|d| d.name == name);
            dataset.map(|d| d.file.display.clone()).unwrap_or_default()
        };
        diagnostics.push(
            Diagnostic::error(
                file(second),
                format!("the dataset `{second}` differs from `{first}` only in case"),
            )
            .with_hint(format!(
                "`data/{second}.csv` and `data/{first}.csv` (from `{}`) are one file on macOS and Windows and in most zip tools; rename one of the files",
                file(first).display()
            )),
        );
    }
    (datasets, broken_datasets)
}

/// `content/brief.yaml`, read and checked; defaults (and the problems) when it is missing or
/// does not parse, so the rest of the brief is still checked.
/// The metadata of a brief whose brief.yaml could not be read: its error is reported, and
/// what follows is built in English rather than warned about an empty `language`.
fn unread_meta() -> BriefMeta {
    BriefMeta {
        language: "en".to_string(),
        ..BriefMeta::default()
    }
}

fn load_meta(
    root: &Path,
    content: &Path,
    diagnostics: &mut Diagnostics,
) -> (BriefMeta, SourceFile) {
    let meta_path = content.join("brief.yaml");
    match read_source(root, &meta_path) {
        Ok(file) => match yaml::parse::<BriefMeta>(&file.display, &file.text, &file.text, 0) {
            Ok(meta) => {
                check_meta(&meta, &file, diagnostics);
                (meta, file)
            }
            Err(d) => {
                diagnostics.push(missing_title_hint(d, &file));
                (unread_meta(), file)
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
            (unread_meta(), file)
        }
    }
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

/// The files directly in `dir` with one of `extensions`, sorted by name. A symbolic link
/// among them is followed when it leads to a file inside `content/` (see [`follow_link`]);
/// any other is left out with a warning.
fn files_in(
    root: &Path,
    dir: &Path,
    extensions: &[&str],
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let content = root.join("content");
    let mut files = Vec::new();
    let entries = WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok);
    for entry in entries {
        let named = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if !named {
            continue;
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        } else if entry.path_is_symlink() {
            match follow_link(&content, entry.path()) {
                Ok(()) => files.push(entry.into_path()),
                Err(skipped) => diagnostics.push(skipped.warning(root, entry.path())),
            }
        }
    }
    files.sort();
    files
}

/// Why a symbolic link in `content/` was not followed.
enum SkippedLink {
    /// It leads out of `content/`: following it would let a brief someone shares publish any
    /// file of the machine that builds it.
    Outside(PathBuf),
    /// It leads to a folder, or something else that is not a file.
    NotAFile(PathBuf),
    /// It leads nowhere (its target is missing, or it loops).
    Broken(std::io::Error),
}

impl SkippedLink {
    fn warning(&self, root: &Path, link: &Path) -> Diagnostic {
        let shown = display_path(root, link);
        let name = shown.display();
        let (what, hint) = match self {
            SkippedLink::Outside(target) => (
                format!(
                    "`{name}` is a link to `{}`, outside `content/`, so it is left out",
                    target.display()
                ),
                "brief follows links only to files inside `content/`, so that a brief cannot publish other files of the machine that builds it: copy the file here, or move it into `content/` (e.g. `content/shared/`) and link to it there".to_string(),
            ),
            SkippedLink::NotAFile(target) => (
                format!(
                    "`{name}` is a link to `{}`, which is not a file, so it is left out",
                    target.display()
                ),
                "link to a file, or remove the link".to_string(),
            ),
            SkippedLink::Broken(err) => (
                format!("`{name}` is a link that leads nowhere ({err}), so it is left out"),
                "fix the link's target, or remove the link".to_string(),
            ),
        };
        Diagnostic::warning(shown, what).with_hint(hint)
    }
}

/// The rule for a symbolic link where brief reads sections and datasets: followed when it
/// leads to a file inside `content/` (any depth, through any number of links). The same rule
/// holds for `build`, `check` and `serve`, which all load through here.
fn follow_link(content: &Path, link: &Path) -> Result<(), SkippedLink> {
    let target = std::fs::canonicalize(link).map_err(SkippedLink::Broken)?;
    let inside = std::fs::canonicalize(content).is_ok_and(|content| target.starts_with(content));
    if !inside {
        return Err(SkippedLink::Outside(target));
    }
    if !target.is_file() {
        return Err(SkippedLink::NotAFile(target));
    }
    Ok(())
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
    authors::check_authors(&meta.authors, file, diagnostics);
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

/// The bytes of the brief's sections' files (`content/*.md`), from the folder's listing alone:
/// whether the build is large enough for huge pages (`memory`), decided before loading starts
/// its threads. Translations are not counted.
pub(crate) fn sections_size(root: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(root.join("content")) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "md"))
        .filter_map(|entry| entry.metadata().ok())
        .map(|metadata| metadata.len() as usize)
        .sum()
}

/// Splits YAML front matter (between `---` fences) from a section's Markdown body.
pub(crate) fn load_section(file: SourceFile) -> Result<Section, Diagnostic> {
    let text = file.text.as_str();
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| (text == "---").then_some(""))
    else {
        return Ok(Section {
            front: FrontMatter::default(),
            body_line_offset: 0,
            body_byte_offset: 0,
            lang: None,
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
        lang: None,
        file,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
