use std::path::Path;

use super::*;

fn keys(text: &str) -> Vec<String> {
    let map: IndexMap<String, String> = yaml::try_parse(text).expect("a catalogue parses");
    map.into_keys().collect()
}

#[test]
fn every_built_in_catalogue_has_every_english_key_and_no_other() {
    let english = keys(BUILT_IN[0].1);
    assert!(english.len() > 40, "{english:?}");
    for (language, text) in BUILT_IN {
        let own = keys(text);
        let missing: Vec<_> = english.iter().filter(|k| !own.contains(k)).collect();
        let extra: Vec<_> = own.iter().filter(|k| !english.contains(k)).collect();
        assert!(missing.is_empty(), "i18n/{language}.yaml lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "i18n/{language}.yaml has unknown keys {extra:?}"
        );
    }
}

#[test]
fn placeholders_are_the_same_in_every_catalogue() {
    let english: IndexMap<String, String> = yaml::try_parse(BUILT_IN[0].1).unwrap();
    let placeholders = |text: &str| {
        let mut names: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        names.sort();
        names
    };
    for (language, text) in BUILT_IN {
        let own: IndexMap<String, String> = yaml::try_parse(text).unwrap();
        for (key, value) in &own {
            assert_eq!(
                placeholders(value),
                placeholders(&english[key]),
                "i18n/{language}.yaml: {key}"
            );
        }
    }
}

#[test]
fn strings_are_the_languages_own_with_english_under_them() {
    let (hi, found) = Locale::built_in_strings("hi");
    assert!(found);
    assert_eq!(hi["contents"], "विषय-सूची");
    assert_eq!(fill(&hi["figure"], &[("number", "2")]), "चित्र 2");
    let (fr, _) = Locale::built_in_strings("fr");
    assert_eq!(fr["contents"], "Sommaire");
    assert_eq!(fill(&fr["table"], &[("number", "1")]), "Tableau 1");
    let (es, _) = Locale::built_in_strings("es");
    assert_eq!(es["contents"], "Índice");
    assert_eq!(fill(&es["figure"], &[("number", "3")]), "Figura 3");
    let (de, found) = Locale::built_in_strings("de");
    assert!(!found);
    assert_eq!(de["contents"], "Contents");
}

#[test]
fn a_custom_catalogue_warns_of_unknown_keys_and_of_what_stays_in_english() {
    let text = "contents: Inhalt\nfigrue: Abbildung {number}\n";
    let custom: CustomStrings = yaml::parse(Path::new("x.yaml"), text, text, 0).unwrap();
    let (mut strings, _) = Locale::built_in_strings("de");
    let mut diagnostics = Diagnostics::default();
    overlay(
        &mut strings,
        Path::new("content/i18n/de.yaml"),
        text,
        custom,
        true,
        &mut diagnostics,
    );
    assert_eq!(strings["contents"], "Inhalt");
    assert_eq!(strings["figure"], "Figure {number}");
    let messages: Vec<String> = diagnostics
        .iter()
        .map(|d| format!("{} {:?}", d.location(), d.hint))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains(":2:1"), "{messages:?}");
    assert!(
        messages[0].contains("did you mean `figure`?"),
        "{messages:?}"
    );
    assert!(diagnostics.iter().all(|d| !d.is_error()));
    let all: String = diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(
        all.contains("shown in English") && all.contains("skip_link"),
        "{all}"
    );
}

#[test]
fn right_to_left_comes_from_the_languages_script() {
    for tag in ["ar", "ar-EG", "ur", "fa", "he", "ps", "az-Arab", "pa-Arab"] {
        assert!(right_to_left(tag), "{tag} is written right to left");
    }
    for tag in [
        "en",
        "hi",
        "fr",
        "es",
        "az",
        "pa",
        "sr-Cyrl",
        "zh",
        "not a tag",
    ] {
        assert!(!right_to_left(tag), "{tag} is written left to right");
    }
}

/// How [`fill`] read before it found placeholders itself: one `str::replace` per name.
fn fill_by_replace(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in values {
        let placeholder = format!("{{{name}}}");
        if out.contains(&placeholder) {
            out = out.replace(&placeholder, value);
        }
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

    /// Braces, names, values that hold placeholders and names with braces in them all give
    /// what one `str::replace` per name gives.
    #[test]
    fn fill_replaces_as_str_replace_does(
        text in "[{}ab n]{0,16}",
        values in proptest::collection::vec(("[{}ab]{0,3}", "[{}ab x]{0,4}"), 0..4),
    ) {
        let pairs: Vec<(&str, &str)> =
            values.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        proptest::prop_assert_eq!(fill(&text, &pairs), fill_by_replace(&text, &pairs));
    }
}

/// How the `fill` filter read its values before [`fill_kwargs`]: each printed with `Display`.
fn fill_kwargs_by_display(text: &str, kwargs: &tera::Kwargs) -> String {
    let values: Vec<(String, String)> = kwargs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let pairs: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    fill(text, &pairs)
}

/// Named values as a template passes them to a filter: strings, or numbers when `number`.
fn kwargs(values: &[(String, String, Option<u64>)]) -> tera::Kwargs {
    let mut map = tera::Map::new();
    for (name, text, number) in values {
        let value = match number {
            Some(n) => tera::Value::from(*n),
            None => tera::Value::from(text.as_str()),
        };
        map.insert(name.clone().into(), value);
    }
    tera::Kwargs::new(std::sync::Arc::new(map))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

    /// The filter's shortcut for a string without `{` and its string values read in place
    /// give what filling with every value printed gives.
    #[test]
    fn fill_kwargs_fills_as_every_value_printed_does(
        text in "[{}ab n]{0,16}",
        values in proptest::collection::vec(
            ("[{}ab]{0,3}", "[{}ab x]{0,4}", proptest::option::of(0u64..2000)),
            0..3,
        ),
    ) {
        let kwargs = kwargs(&values);
        let expected = fill_kwargs_by_display(&text, &kwargs);
        proptest::prop_assert_eq!(fill_kwargs(&text, &kwargs), expected.clone());
        proptest::prop_assert_eq!(fill_kwargs_all(&text, &kwargs), expected);
    }
}
