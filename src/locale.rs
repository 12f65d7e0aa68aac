//! The brief's language (`language:` in brief.yaml, BCP 47): the catalogue of every string
//! the theme and the charts write, and how its numbers and dates are written.
//!
//! Catalogues are data (`i18n/<language>.yaml`, built in); a brief overrides any string in
//! `content/i18n/<tag>.yaml` (or `<language>.yaml`). English has every key; a key another
//! catalogue lacks is shown in English.

use std::path::Path;
use std::sync::{Arc, LazyLock, OnceLock};

use indexmap::IndexMap;
use serde_saphyr::Spanned;

use crate::date::{Date, DateStyle};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::format::{NumberPatterns, NumberStyle};
use crate::yaml;

/// The built-in catalogues, by language subtag.
pub(crate) const BUILT_IN: [(&str, &str); 5] = [
    ("en", include_str!("../i18n/en.yaml")),
    ("fr", include_str!("../i18n/fr.yaml")),
    ("es", include_str!("../i18n/es.yaml")),
    ("hi", include_str!("../i18n/hi.yaml")),
    ("ar", include_str!("../i18n/ar.yaml")),
];

/// A language's strings, numbers and dates.
#[derive(Debug)]
pub(crate) struct Locale {
    strings: IndexMap<String, String>,
    /// `strings` as a template value, made once: each figure and table is rendered with them,
    /// and a clone shares the map.
    template_strings: OnceLock<tera::Value>,
    pub numbers: NumberStyle,
    pub dates: DateStyle,
    /// Whether the language's script is written right to left (the page gets `dir="rtl"`).
    pub right_to_left: bool,
}

static ENGLISH: LazyLock<Arc<Locale>> = LazyLock::new(|| {
    Arc::new(Locale {
        strings: built_in("en").unwrap_or_default(),
        template_strings: OnceLock::new(),
        numbers: NumberStyle::default(),
        dates: DateStyle::default(),
        right_to_left: false,
    })
});

/// Whether `tag` is written right to left: CLDR's likely script of the language (`ar`, `ur`,
/// `fa` → Arabic, `he` → Hebrew; a script subtag, `az-Arab`, decides itself) and that
/// script's direction, from ICU4X's data, not a list of our own.
pub(crate) fn right_to_left(tag: &str) -> bool {
    static DIRECTION: icu_locale::LocaleDirectionality =
        icu_locale::LocaleDirectionality::new_extended();
    tag.parse::<icu_locale_core::LanguageIdentifier>()
        .is_ok_and(|id| DIRECTION.is_right_to_left(&id))
}

/// A built-in catalogue, parsed (they are checked by the tests, so they parse).
fn built_in(language: &str) -> Option<IndexMap<String, String>> {
    let (_, text) = BUILT_IN.iter().find(|(l, _)| *l == language)?;
    yaml::try_parse(text)
}

impl Locale {
    /// The locale of `tag` with these strings (English's and the language's own); `None`
    /// when ICU4X cannot read the tag.
    pub(crate) fn new(tag: &str, strings: IndexMap<String, String>) -> Option<Locale> {
        let patterns = NumberPatterns {
            percent: &strings["percent"],
            scales: [
                &strings["million"],
                &strings["billion"],
                &strings["trillion"],
            ],
        };
        let numbers = NumberStyle::new(tag, &patterns)?;
        let dates = DateStyle::new(tag)?;
        Some(Locale {
            strings,
            template_strings: OnceLock::new(),
            numbers,
            dates,
            right_to_left: right_to_left(tag),
        })
    }

    /// English's strings with those of `language`'s built-in catalogue over them; `None`
    /// when brief has none for the language.
    pub(crate) fn built_in_strings(language: &str) -> (IndexMap<String, String>, bool) {
        let mut strings = ENGLISH.strings.clone();
        let own = built_in(language);
        let found = own.is_some();
        strings.extend(own.unwrap_or_default());
        (strings, found)
    }

    /// Strings of `tag` with numbers and dates in the house English (a tag ICU4X cannot read).
    pub(crate) fn with_house_style(strings: IndexMap<String, String>) -> Locale {
        Locale {
            strings,
            template_strings: OnceLock::new(),
            numbers: NumberStyle::default(),
            dates: DateStyle::default(),
            right_to_left: false,
        }
    }

    /// The house English (`language: en`, the default).
    pub(crate) fn english() -> Arc<Locale> {
        ENGLISH.clone()
    }

    /// The string `key` (every key is English's; an unknown one is given back as it is).
    pub(crate) fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// The string `key` with each `{name}` replaced by its value.
    pub(crate) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.text(key), values)
    }

    /// Every string, for the templates (`t.contents`).
    pub(crate) fn strings(&self) -> &IndexMap<String, String> {
        &self.strings
    }

    /// [`Self::strings`] as a template value (`t` in the figure and table templates).
    pub(crate) fn template_strings(&self) -> tera::Value {
        self.template_strings
            .get_or_init(|| tera::Value::from_serializable(&self.strings))
            .clone()
    }

    /// A date as the page prints it.
    pub(crate) fn date(&self, date: Date) -> String {
        self.dates.long(date)
    }
}

pub(crate) type CustomStrings = IndexMap<Spanned<String>, String>;

/// Puts a brief's own strings over the built-in ones, warning of a key English does not
/// have and, for a language with no catalogue of its own, of the keys left in English.
pub(crate) fn overlay(
    strings: &mut IndexMap<String, String>,
    file: &Path,
    text: &str,
    custom: CustomStrings,
    complete_needed: bool,
    diagnostics: &mut Diagnostics,
) {
    let known: Vec<&str> = ENGLISH.strings.keys().map(String::as_str).collect();
    for (key, value) in &custom {
        if ENGLISH.strings.contains_key(&key.value) {
            strings.insert(key.value.clone(), value.clone());
            continue;
        }
        let hint = match did_you_mean(&key.value, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "the keys are listed in the README's Languages section".to_string(),
        };
        diagnostics.push(
            Diagnostic::warning(
                file,
                format!("`{}` is not a catalogue key; it is ignored", key.value),
            )
            .at(
                text,
                key.referenced.line() as usize,
                key.referenced.column() as usize,
            )
            .with_hint(hint),
        );
    }
    if !complete_needed {
        return;
    }
    let missing: Vec<&str> = known
        .iter()
        .copied()
        .filter(|key| !custom.keys().any(|k| k.value == *key))
        .collect();
    if !missing.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                file,
                format!(
                    "the catalogue lacks {} string(s), shown in English: {}",
                    missing.len(),
                    missing.join(", ")
                ),
            )
            .at(text, 1, 1)
            .with_hint("add them to translate them"),
        );
    }
}

/// `text` with each `{name}` replaced by its value, one name after the other (a value may
/// hold the placeholder of a later name). The templates fill a string for every note's link
/// back and every figure: each placeholder is found at a `{`, without building a searcher.
pub(crate) fn fill(text: &str, values: &[(&str, &str)]) -> String {
    // The text is copied once, by the first name it holds (or at the end when it holds none).
    let mut out: Option<String> = None;
    for (name, value) in values {
        if let Some(filled) = fill_one(out.as_deref().unwrap_or(text), name, value) {
            out = Some(filled);
        }
    }
    out.unwrap_or_else(|| text.to_string())
}

/// The templates' `fill` filter: [`fill`] with the filter's named values (a string as it is,
/// a number as it prints). A string with no `{` has nothing to fill and is given back without
/// reading the values (most of the strings the templates fill per figure and per note are
/// filled in Rust instead, but a theme may fill any).
pub(crate) fn fill_kwargs(text: &str, kwargs: &tera::Kwargs) -> String {
    if !text.contains('{') {
        return text.to_string();
    }
    fill_kwargs_all(text, kwargs)
}

/// [`fill_kwargs`] without its shortcut: every value read, a string borrowed as it is.
fn fill_kwargs_all(text: &str, kwargs: &tera::Kwargs) -> String {
    let values: Vec<(String, std::borrow::Cow<'_, str>)> = kwargs
        .iter()
        .map(|(k, v)| {
            let value = v
                .as_str()
                .map_or_else(|| v.to_string().into(), std::borrow::Cow::Borrowed);
            (k.to_string(), value)
        })
        .collect();
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), &**v)).collect();
    fill(text, &pairs)
}

/// `text` with every `{name}` (the leftmost first, none overlapping, as `str::replace` finds
/// them) replaced by `value`; `None` when there is none.
fn fill_one(text: &str, name: &str, value: &str) -> Option<String> {
    let at_placeholder = |rest: &str| {
        rest.strip_prefix('{')
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| r.starts_with('}'))
    };
    let mut out: Option<String> = None;
    let mut done = 0;
    let mut from = 0;
    while let Some(i) = text[from..].find('{').map(|i| from + i) {
        if at_placeholder(&text[i..]) {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len() + value.len()));
            out.push_str(&text[done..i]);
            out.push_str(value);
            done = i + name.len() + 2;
            from = done;
        } else {
            from = i + 1;
        }
    }
    let mut out = out?;
    out.push_str(&text[done..]);
    Some(out)
}

#[cfg(test)]
mod tests;
