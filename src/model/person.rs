//! A person's name split into its parts for citations: the rule that reads `name: Ada
//! Lovelace` as given name "Ada" and family name "Lovelace" (README, "Authors").

/// Lower-case words that belong to the family name that follows them ("Ludwig van
/// Beethoven" → family "van Beethoven"): the name particles of Dutch, German, French,
/// Italian, Spanish, Portuguese and Arabic names. A capitalised "Van" or "De" is a given
/// name (or starts a family name only through `family:`).
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "dei", "di", "da", "das", "dos", "do", "du",
    "des", "la", "le", "ter", "ten", "zu", "y", "bin", "ibn", "al", "el",
];

/// Words after the family name that are a suffix, not a name ("Martin Luther King Jr.").
const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// A person's name as citations need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameParts {
    /// Given names ("Martin Luther"); `None` for a one-word name.
    pub given: Option<String>,
    /// The family name with its particles ("van Beethoven").
    pub family: String,
    /// "Jr.", "III"…
    pub suffix: Option<String>,
}

/// Splits a name written in reading order: an optional suffix at the end (after a comma or
/// not), then the last word is the family name together with the lower-case particles just
/// before it; the words before are the given names. The first word is always a given name
/// when there are two words or more.
pub(crate) fn split_name(name: &str) -> NameParts {
    let mut words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_end_matches(','))
        .filter(|w| !w.is_empty())
        .collect();
    let suffix = match words.last() {
        Some(last) if words.len() > 1 && SUFFIXES.contains(last) => words.pop().map(str::to_string),
        _ => None,
    };
    let Some(last) = words.len().checked_sub(1) else {
        return NameParts {
            given: None,
            family: String::new(),
            suffix,
        };
    };
    let mut start = last;
    while start > 1 && PARTICLES.contains(&words[start - 1]) {
        start -= 1;
    }
    let given = words[..start].join(" ");
    NameParts {
        given: (!given.is_empty()).then_some(given),
        family: words[start..].join(" "),
        suffix,
    }
}

/// Whether `name` has a comma that is not the one before a suffix: "Lovelace, Ada" is written
/// family first, which [`split_name`] would read the wrong way round.
pub(crate) fn is_inverted(name: &str) -> bool {
    let Some((before, after)) = name.split_once(',') else {
        return false;
    };
    !SUFFIXES.contains(&after.trim()) || before.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parts(given: Option<&str>, family: &str, suffix: Option<&str>) -> NameParts {
        NameParts {
            given: given.map(str::to_string),
            family: family.to_string(),
            suffix: suffix.map(str::to_string),
        }
    }

    #[test]
    fn the_last_word_is_the_family_name() {
        assert_eq!(
            split_name("Ada Lovelace"),
            parts(Some("Ada"), "Lovelace", None)
        );
        assert_eq!(
            split_name("  Mary  Ann   Evans "),
            parts(Some("Mary Ann"), "Evans", None)
        );
        assert_eq!(split_name("Suharto"), parts(None, "Suharto", None));
        assert_eq!(
            split_name("Jean-Paul Sartre"),
            parts(Some("Jean-Paul"), "Sartre", None)
        );
    }

    #[test]
    fn particles_stay_with_the_family_name() {
        assert_eq!(
            split_name("Ludwig van Beethoven"),
            parts(Some("Ludwig"), "van Beethoven", None)
        );
        assert_eq!(
            split_name("Ursula von der Leyen"),
            parts(Some("Ursula"), "von der Leyen", None)
        );
        // A capitalised word is a name, and the first word is always a given name.
        assert_eq!(
            split_name("Robert De Niro"),
            parts(Some("Robert De"), "Niro", None)
        );
        assert_eq!(split_name("de Gaulle"), parts(Some("de"), "Gaulle", None));
    }

    #[test]
    fn suffixes_are_kept_apart() {
        assert_eq!(
            split_name("Martin Luther King Jr."),
            parts(Some("Martin Luther"), "King", Some("Jr."))
        );
        assert_eq!(
            split_name("Martin Luther King, Jr."),
            parts(Some("Martin Luther"), "King", Some("Jr."))
        );
        assert_eq!(
            split_name("John Smith III"),
            parts(Some("John"), "Smith", Some("III"))
        );
        assert!(!is_inverted("Martin Luther King, Jr."));
        assert!(is_inverted("Lovelace, Ada"));
        assert!(!is_inverted("Ada Lovelace"));
    }

    proptest! {
        /// No word is lost or invented: given, family and suffix are the name's words in order.
        #[test]
        fn the_parts_are_the_words_of_the_name(words in prop::collection::vec("[A-Za-z.-]{1,8}|van|de|Jr\\.", 1..6)) {
            let name = words.join(" ");
            let split = split_name(&name);
            let rebuilt: Vec<&str> = split
                .given
                .iter()
                .chain(std::iter::once(&split.family))
                .chain(split.suffix.iter())
                .flat_map(|p| p.split_whitespace())
                .collect();
            prop_assert_eq!(rebuilt, words.iter().map(String::as_str).collect::<Vec<_>>());
            prop_assert!(!split.family.is_empty());
        }
    }
}
