//! The brief's locale: its language's catalogue, with the brief's own strings over it
//! (`content/i18n/<tag>.yaml`, else `<language>.yaml`). Problems are warnings: the page is
//! still written, in English where it must be.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locale::{BUILT_IN, CustomStrings, Locale, overlay};
use crate::model::SourceFile;
use crate::source::{line_of_key, read_source};
use crate::yaml;

/// The locale of `tag` (brief.yaml's `language:`) for the brief at `root`.
pub(crate) fn load_locale(
    root: &Path,
    tag: &str,
    meta_file: &SourceFile,
    diagnostics: &mut Diagnostics,
) -> Arc<Locale> {
    let language = tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let custom = custom_catalogue(root, tag, &language, diagnostics);
    if tag == "en" && custom.is_none() {
        return Locale::english();
    }
    let at_language = |d: Diagnostic| match line_of_key(&meta_file.text, "language") {
        Some(line) => d.at(&meta_file.text, line, 1),
        None => d,
    };
    let (mut strings, built_in) = Locale::built_in_strings(&language);
    match custom {
        Some((file, custom)) => overlay(
            &mut strings,
            &file.display,
            &file.text,
            custom,
            !built_in,
            diagnostics,
        ),
        None if !built_in => diagnostics.push(at_language(
            Diagnostic::warning(
                &meta_file.display,
                format!(
                    "brief has no catalogue for the language `{tag}`: the page's labels are in English"
                ),
            )
            .with_hint(format!(
                "built in: {}; add content/i18n/{language}.yaml with the keys of the README's Languages section",
                BUILT_IN.map(|(l, _)| l).join(", ")
            )),
        )),
        None => {}
    }
    match Locale::new(tag, strings.clone()) {
        Some(locale) => Arc::new(locale),
        None => {
            diagnostics.push(at_language(
                Diagnostic::warning(
                    &meta_file.display,
                    format!(
                        "`{tag}` is not a BCP 47 language tag: numbers and dates are written in English"
                    ),
                )
                .with_hint("write a tag such as `en`, `en-IN`, `fr` or `hi`"),
            ));
            Arc::new(Locale::with_house_style(strings))
        }
    }
}

/// `content/i18n/<tag>.yaml`, else `content/i18n/<language>.yaml`, read and parsed.
fn custom_catalogue(
    root: &Path,
    tag: &str,
    language: &str,
    diagnostics: &mut Diagnostics,
) -> Option<(SourceFile, CustomStrings)> {
    let folder = root.join("content").join("i18n");
    let path = [tag, language]
        .iter()
        .map(|name| folder.join(format!("{name}.yaml")))
        .find(|path| path.is_file())?;
    let read = read_source(root, &path).and_then(|file| {
        let strings: CustomStrings = yaml::parse(&file.display, &file.text, &file.text, 0)?;
        Ok((file, strings))
    });
    read.map_err(|d| diagnostics.push(d)).ok()
}
