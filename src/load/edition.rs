//! A brief's translations: each folder of `content/` that holds a `brief.yaml` (`content/hi/`)
//! is an edition in the language its name says. Its `brief.yaml` holds only the translated
//! fields, put over the original's; its sections replace the original's of the same file name
//! (a section it lacks is the original's, with a warning); `data/NAME.yaml` translates a
//! dataset's title, description, notes and column labels. The datasets' values are the
//! original's: they are shared, not copied.

use std::path::Path;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, code_list, display_path};
use crate::model::{Brief, Dataset, EditionLink, Editions, Section, SourceFile, UntranslatedData};
use crate::source::{line_of_key, read_source};
use crate::yaml;

use super::{files_in, load_section, locale};

/// A translation's `brief.yaml`: the fields it translates, each over the original's.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EditionMeta {
    title: Option<String>,
    subtitle: Option<String>,
    organization: Option<String>,
    summary: Option<String>,
    key_takeaways: Option<Vec<String>>,
    keywords: Option<Vec<String>>,
    cite_as: Option<String>,
    /// Must be the folder's name when given (the folder's name is the language).
    language: Option<String>,
    /// A note to the edition's readers (Markdown), shown at the top of its page.
    note: Option<String>,
}

/// `content/<tag>/data/NAME.yaml`: a dataset's texts in the translation's language.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DatasetText {
    title: Option<String>,
    description: Option<String>,
    notes: Option<String>,
    #[serde(default)]
    columns: IndexMap<Spanned<String>, ColumnText>,
}

/// A column's label in the translation's language.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnText {
    label: Option<String>,
}

/// Folders of `content/` that are not editions, whatever they hold.
const NOT_EDITIONS: [&str; 2] = ["data", "i18n"];

/// The translations of `original` (loaded from `root`), in the order of their folders' names;
/// `original.editions` and theirs list every edition. Problems are pushed into
/// `diagnostics`; a translation whose `brief.yaml` cannot be read is left out.
pub(crate) fn load_editions(
    root: &Path,
    original: &mut Brief,
    diagnostics: &mut Diagnostics,
) -> Vec<Brief> {
    let content = root.join("content");
    let Ok(entries) = std::fs::read_dir(&content) else {
        return Vec::new();
    };
    let mut folders: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir() && e.path().join("brief.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !NOT_EDITIONS.contains(&name.as_str()))
        .collect();
    folders.sort();
    let mut editions: Vec<Brief> = folders
        .iter()
        .filter_map(|tag| load_edition(root, tag, original, diagnostics))
        .collect();
    if editions.is_empty() {
        return editions;
    }
    let base = original.meta.base_url.as_deref().map(|url| {
        let url = url.trim_end_matches('/');
        format!("{url}/")
    });
    let link = |brief: &Brief, dir: String| EditionLink {
        language: brief.meta.language.clone(),
        url: base.as_ref().map(|base| format!("{base}{dir}")),
        dir,
        name: own_name(brief),
    };
    let mut all = vec![link(original, String::new())];
    all.extend(
        editions
            .iter()
            .map(|e| link(e, format!("{}/", e.meta.language))),
    );
    original.editions.all = all.clone();
    for (i, edition) in editions.iter_mut().enumerate() {
        edition.editions.all = all.clone();
        edition.editions.this = i + 1;
    }
    editions
}

/// The language's name in itself (`हिन्दी`), from its catalogue; its tag when brief has no
/// catalogue for it.
fn own_name(brief: &Brief) -> String {
    let name = brief.locale.text("language_name");
    let english = brief.meta.language.split(['-', '_']).next() == Some("en");
    if name == "English" && !english {
        brief.meta.language.clone()
    } else {
        name.to_string()
    }
}

/// The edition in `content/<tag>/`.
fn load_edition(
    root: &Path,
    tag: &str,
    original: &Brief,
    diagnostics: &mut Diagnostics,
) -> Option<Brief> {
    let folder = root.join("content").join(tag);
    let meta_file = read_source(root, &folder.join("brief.yaml"))
        .map_err(|d| diagnostics.push(d))
        .ok()?;
    let translated: EditionMeta = if meta_file.text.trim().is_empty() {
        EditionMeta::default()
    } else {
        yaml::parse(&meta_file.display, &meta_file.text, &meta_file.text, 0)
            .map_err(|d| diagnostics.push(d))
            .ok()?
    };
    if let Some(language) = &translated.language
        && language != tag
    {
        let line = line_of_key(&meta_file.text, "language").unwrap_or(1);
        diagnostics.push(
            Diagnostic::error(
                &meta_file.display,
                format!("`language: {language}` in the folder `{tag}/`"),
            )
            .at(&meta_file.text, line, 1)
            .with_hint(format!(
                "a translation's language is its folder's name: remove `language:` or rename the folder to `content/{language}/`"
            )),
        );
        return None;
    }
    report_untranslated(tag, &translated, original, &meta_file, diagnostics);
    let mut meta = original.meta.clone();
    let set = |field: &mut Option<String>, value: Option<String>| {
        if value.is_some() {
            *field = value;
        }
    };
    if let Some(title) = translated.title {
        meta.title = title;
    }
    set(&mut meta.subtitle, translated.subtitle);
    set(&mut meta.organization, translated.organization);
    set(&mut meta.summary, translated.summary);
    set(&mut meta.cite_as, translated.cite_as);
    meta.key_takeaways = translated.key_takeaways.unwrap_or(meta.key_takeaways);
    meta.keywords = translated.keywords.unwrap_or(meta.keywords);
    meta.language = tag.to_string();
    // The edition's PDF and single-file HTML keep the original's names, in its folder.
    meta.slug = Some(original.slug());
    let base_url = meta.base_url.as_deref().map(|url| {
        let url = url.trim_end_matches('/');
        format!("{url}/{tag}/")
    });
    meta.base_url = base_url;

    let sections = edition_sections(root, &folder, original, diagnostics);
    let (datasets, untranslated_data) = edition_datasets(root, &folder, original, diagnostics);
    let locale = locale::load_locale(root, tag, &meta_file, diagnostics);
    Some(Brief {
        meta,
        meta_file,
        date: original.date,
        updated: original.updated,
        sections,
        datasets,
        broken_datasets: original.broken_datasets.clone(),
        locale,
        editions: Editions {
            note: translated.note,
            untranslated_data,
            ..Editions::default()
        },
    })
}

/// Warns about the texts of the original's `brief.yaml` a reader sees that the translation's
/// does not translate (the edition shows the original's): `brief check` lists what is left.
fn report_untranslated(
    tag: &str,
    translated: &EditionMeta,
    original: &Brief,
    meta_file: &SourceFile,
    diagnostics: &mut Diagnostics,
) {
    let meta = &original.meta;
    let left: Vec<&str> = [
        ("title", translated.title.is_none()),
        (
            "subtitle",
            translated.subtitle.is_none() && meta.subtitle.is_some(),
        ),
        (
            "summary",
            translated.summary.is_none() && meta.summary.is_some(),
        ),
        (
            "key_takeaways",
            translated.key_takeaways.is_none() && !meta.key_takeaways.is_empty(),
        ),
    ]
    .into_iter()
    .filter(|(_, untranslated)| *untranslated)
    .map(|(key, _)| key)
    .collect();
    if left.is_empty() {
        return;
    }
    let keys = code_list(&left);
    diagnostics.push(
        Diagnostic::warning(
            &meta_file.display,
            format!("the `{tag}` edition keeps the original's {keys}: not translated"),
        )
        .with_hint(format!(
            "add the translated {keys} to content/{tag}/brief.yaml"
        )),
    );
}

/// The original's sections, each replaced by the translation's file of the same name; one
/// the translation lacks is the original's, marked with the original's language, with a
/// warning. A translated file without an original is reported and left out.
fn edition_sections(
    root: &Path,
    folder: &Path,
    original: &Brief,
    diagnostics: &mut Diagnostics,
) -> Vec<Section> {
    let shown = display_path(root, folder);
    let mut translated: Vec<Section> = files_in(root, folder, &["md"], diagnostics)
        .into_iter()
        .filter_map(|path| {
            read_source(root, &path)
                .and_then(load_section)
                .map_err(|d| diagnostics.push(d))
                .ok()
        })
        .collect();
    let name = |s: &Section| s.file.path.file_name().map(|n| n.to_owned());
    let mut sections = Vec::with_capacity(original.sections.len());
    for section in &original.sections {
        let file_name = name(section);
        match translated.iter().position(|t| name(t) == file_name) {
            Some(at) => sections.push(translated.remove(at)),
            None => {
                let file = section.file.display.display();
                diagnostics.push(
                    Diagnostic::warning(
                        &shown,
                        format!(
                            "`{}` is not translated: the edition shows the original's section (`{file}`)",
                            file_name.unwrap_or_default().to_string_lossy()
                        ),
                    )
                    .with_hint(format!(
                        "translate it into `{}/{}`",
                        shown.display(),
                        section.file.path.file_name().unwrap_or_default().to_string_lossy()
                    )),
                );
                let mut fallback = section.clone();
                fallback.lang = Some(original.meta.language.clone());
                sections.push(fallback);
            }
        }
    }
    for orphan in translated.into_iter().filter(|s| !s.front.draft) {
        diagnostics.push(
            Diagnostic::warning(
                &orphan.file.display,
                "this translated section has no original, so the edition leaves it out",
            )
            .with_hint(
                "a translation's sections take the file names of the original's (`content/NAME.md` → `content/LANG/NAME.md`); rename it, or add the original",
            ),
        );
    }
    sections
}

/// The original's datasets, with the texts of `data/NAME.yaml` in the translation's folder,
/// and what each leaves in the original's language.
fn edition_datasets(
    root: &Path,
    folder: &Path,
    original: &Brief,
    diagnostics: &mut Diagnostics,
) -> (Vec<Dataset>, Vec<UntranslatedData>) {
    let mut datasets = original.datasets.clone();
    let mut texts: Vec<(String, SourceFile, DatasetText)> = Vec::new();
    for path in files_in(root, &folder.join("data"), &["yaml", "yml"], diagnostics) {
        let Ok(file) = read_source(root, &path).map_err(|d| diagnostics.push(d)) else {
            continue;
        };
        let Ok(text) = yaml::parse::<DatasetText>(&file.display, &file.text, &file.text, 0)
            .map_err(|d| diagnostics.push(d))
        else {
            continue;
        };
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        if !datasets.iter().any(|d| d.name == stem) {
            diagnostics.push(
                Diagnostic::warning(
                    &file.display,
                    format!("the original has no dataset `{stem}` to translate"),
                )
                .with_hint("name the file as the original's dataset (`content/data/NAME.yaml` or `NAME.csv` → `data/NAME.yaml` here)"),
            );
            continue;
        }
        texts.push((stem.into_owned(), file, text));
    }
    let mut untranslated = Vec::new();
    for dataset in &mut datasets {
        let at = texts.iter().position(|(name, ..)| *name == dataset.name);
        let (file, text) = match at.map(|at| texts.swap_remove(at)) {
            Some((_, file, text)) => (Some(file), text),
            None => (None, DatasetText::default()),
        };
        let left = untranslated_texts(dataset, &text, file);
        if let Some(file) = &left.file {
            translate_dataset(dataset, text, file, diagnostics);
        }
        if !left.keys.is_empty() || !left.columns.is_empty() {
            untranslated.push(left);
        }
    }
    (datasets, untranslated)
}

/// What the translation `text` of `dataset` leaves in the original's language, of what a
/// page shows: the title, the notes when the original has them, and each column whose label
/// it does not give (a label with no letter, such as `2025`, needs none). The description is
/// not shown, so not asked for.
fn untranslated_texts(
    dataset: &Dataset,
    text: &DatasetText,
    file: Option<SourceFile>,
) -> UntranslatedData {
    let keys = [
        ("title", text.title.is_none()),
        ("notes", text.notes.is_none() && dataset.notes.is_some()),
    ]
    .into_iter()
    .filter(|(_, left)| *left)
    .map(|(key, _)| key)
    .collect();
    let translated = |key: &str| {
        text.columns
            .iter()
            .any(|(k, c)| k.value == key && c.label.is_some())
    };
    let columns = dataset
        .columns
        .iter()
        .filter(|c| c.label.chars().any(char::is_alphabetic) && !translated(&c.key))
        .map(|c| c.key.clone())
        .collect();
    UntranslatedData {
        dataset: dataset.name.clone(),
        keys,
        columns,
        file,
    }
}

fn translate_dataset(
    dataset: &mut Dataset,
    text: DatasetText,
    file: &crate::model::SourceFile,
    diagnostics: &mut Diagnostics,
) {
    if let Some(title) = text.title {
        dataset.title = title;
    }
    if text.description.is_some() {
        dataset.description = text.description;
    }
    if text.notes.is_some() {
        dataset.notes = text.notes;
    }
    for (key, column) in text.columns {
        let Some(at) = dataset.column_index(&key.value) else {
            let keys = dataset.columns.iter().map(|c| c.key.as_str());
            let hint = match crate::diagnostics::did_you_mean(&key.value, keys) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "name one of the dataset's columns".to_string(),
            };
            diagnostics.push(
                Diagnostic::warning(
                    &file.display,
                    format!(
                        "the dataset `{}` has no column `{}`",
                        dataset.name, key.value
                    ),
                )
                .at(
                    &file.text,
                    key.referenced.line() as usize,
                    key.referenced.column() as usize,
                )
                .with_hint(hint),
            );
            continue;
        };
        if let Some(label) = column.label {
            dataset.columns[at].label = label;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// README documents every key of a translation's brief.yaml and dataset texts.
    #[test]
    fn readme_documents_every_key_of_an_edition() {
        use crate::testing::{assert_documented, serde_keys};
        assert_documented("edition", &[&serde_keys::<EditionMeta>()]);
        assert_documented("edition dataset", &[&serde_keys::<DatasetText>()]);
    }
}
