//! Every YAML parse of the crate: the project's parser options and budget, and serde-saphyr
//! errors turned into located diagnostics (with "did you mean" for misspelt keys).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, did_you_mean};

/// Parser options for every YAML file of a brief.
///
/// `strict_booleans` keeps `NO`, `yes` and `on` as text (the "Norway problem");
/// `leading_zero_numbers_as_strings` keeps codes such as `0012` as text; duplicate keys are
/// an error (serde-saphyr's default) so a repeated figure is never silently dropped.
fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        with_snippet: false,
        budget: Some(budget()),
    }
}

/// Most YAML nodes a file may hold. serde-saphyr's default (250,000) stops a dataset at about
/// 50,000 rows of four columns; this allows datasets up to [`crate::load::MAX_DATASET_BYTES`]
/// while still bounding memory (alias bombs and deep nesting keep the default limits).
pub(crate) const MAX_NODES: usize = 8_000_000;

fn budget() -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = MAX_NODES;
    budget.max_events = 2 * MAX_NODES;
    budget
}

/// Parses `text` (found in `path`, starting at line `line_offset + 1` of that file).
pub(crate) fn parse<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    text: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|err| to_diagnostic(path, file_text, line_offset, &err))
}

/// Parses `text` with the same options as [`parse`], for a lenient read that only wants the
/// value (the problems, if any, are reported by the read that uses [`parse`]).
pub(crate) fn try_parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_saphyr::from_str_with_options(text, options()).ok()
}

/// Turns a serde-saphyr error into a diagnostic located in the file that holds the YAML.
pub(crate) fn to_diagnostic(
    path: &Path,
    file_text: &str,
    line_offset: usize,
    err: &serde_saphyr::Error,
) -> Diagnostic {
    let raw = err.without_snippet().to_string();
    let (message, hint) = explain(&raw);
    let location = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| (l.line() as usize + line_offset, l.column() as usize));
    let slip = location.and_then(|(line, column)| {
        syntax_slip(
            &strip_location_suffix(&raw),
            file_text,
            line_offset,
            line,
            column,
        )
    });
    if let Some(slip) = slip {
        let diagnostic =
            Diagnostic::error(path, slip.message).at(file_text, slip.line, slip.column);
        let diagnostic = match slip.len {
            Some(len) => diagnostic.with_span_len(len),
            None => diagnostic,
        };
        return diagnostic.with_hint(slip.hint);
    }
    let mut diagnostic = Diagnostic::error(path, message);
    if let Some((line, column)) = location {
        diagnostic = diagnostic.at(file_text, line, column);
    }
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// A common typing slip behind a YAML syntax error, told in the author's terms and placed
/// where the slip is (which is not always where the parser gave up).
struct Slip {
    message: String,
    hint: String,
    line: usize,
    column: usize,
    /// How many characters the caret underlines, when not the value there (the tabs, the
    /// colon).
    len: Option<usize>,
}

/// Recognises the slips authors make most: a tab in the indentation, a quote never closed,
/// a key with no space after its colon. `line` and `column` are the parser's location in
/// `file_text`; the YAML starts after line `line_offset` (it may be a block in a section).
fn syntax_slip(
    message: &str,
    file_text: &str,
    line_offset: usize,
    line: usize,
    column: usize,
) -> Option<Slip> {
    let lines: Vec<&str> = file_text.lines().collect();
    if message.starts_with("tabs disallowed") || message.contains("found a tab") {
        // The parser may report where the value before the tab ends; point at the tab
        // itself, on that line or the next one that has one.
        let (line, column) = (line..=lines.len())
            .find_map(|n| {
                let column = lines[n - 1].chars().position(|c| c == '\t')?;
                Some((n, column + 1))
            })
            .unwrap_or((line, column));
        let tabs = lines.get(line - 1).map_or(1, |text| {
            text.chars()
                .skip(column - 1)
                .take_while(|&c| c == '\t')
                .count()
        });
        return Some(Slip {
            message: "a tab character: YAML indents with spaces only".to_string(),
            hint: "replace the tab with spaces (the same number as the lines around it)"
                .to_string(),
            line,
            column,
            len: Some(tabs),
        });
    }
    if message.starts_with("unclosed quote") {
        // The parser reports where the quote opened.
        let quote = lines
            .get(line - 1)
            .and_then(|text| text.chars().nth(column.saturating_sub(1)))
            .filter(|c| matches!(c, '"' | '\''))
            .unwrap_or('"');
        return Some(Slip {
            message: format!(
                "the quote `{quote}` opened at line {line}, column {column} is never closed"
            ),
            hint: format!("end the value with `{quote}` on the same line"),
            line,
            column,
            len: None,
        });
    }
    if !message.starts_with("expected") && !message.starts_with("did not find") {
        // Not a syntax error: the type and key messages explain themselves.
        return None;
    }
    // The parser gives up at the mapping that holds `key:value`, at or before its line.
    (line_offset + 1..=line).rev().find_map(|n| {
        let (key, column) = key_without_space(lines.get(n - 1)?)?;
        Some(Slip {
            message: format!("`{key}:` has no space after its colon"),
            hint: format!(
                "write `{key}: …` with a space: without it YAML reads the line as one word, not a key and a value"
            ),
            line: n,
            column,
            len: Some(1),
        })
    })
}

/// `key:value` at the start of a line (after its indent and any `- `): the key and the 1-based
/// column of its colon. Not `key:` alone, nor a URL's `https://`.
fn key_without_space(text: &str) -> Option<(&str, usize)> {
    let body = text.trim_start();
    let body = body.strip_prefix("- ").map_or(body, str::trim_start);
    let indent = text.len() - body.len();
    let colon = body.find(':')?;
    let key = &body[..colon];
    let after = body[colon + 1..].chars().next()?;
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (is_key && !after.is_whitespace() && after != '/')
        .then(|| (key, text[..indent + colon].chars().count() + 1))
}

/// Rewords serde's messages for authors and adds a hint where one is clear.
fn explain(raw: &str) -> (String, Option<String>) {
    let message = strip_location_suffix(raw);
    if let Some(explained) = explain_key(&message) {
        return explained;
    }
    if let Some(explained) = explain_value(&message) {
        return explained;
    }
    (
        message.clone(),
        Some("check the YAML syntax here and just above: an unclosed bracket or quote, or a misaligned indent".into()),
    )
}

/// A key the mapping does not allow, lacks, or has twice.
fn explain_key(message: &str) -> Option<(String, Option<String>)> {
    for (prefix, what, allowed) in [
        (
            "unknown field `",
            "unknown key",
            "the keys allowed here are",
        ),
        (
            "unknown variant `",
            "unknown value",
            "the values allowed here are",
        ),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (word, expected) = rest.split_once('`').unwrap_or((rest, ""));
            let candidates = expected_names(expected);
            let hint = match did_you_mean(word, candidates.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if candidates.is_empty() => "remove this key".to_string(),
                None => format!("{allowed}: {}", candidates.join(", ")),
            };
            return Some((format!("{what} `{word}`"), Some(hint)));
        }
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Some((
            format!("missing key `{field}`"),
            Some(format!("add `{field}: ...` here")),
        ));
    }
    let twice = "each key may appear once in a mapping; remove or rename the repeated one";
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return Some((
            format!("the key `{key}` is written twice"),
            Some(twice.into()),
        ));
    }
    if message.contains("duplicate") {
        return Some((message.to_string(), Some(twice.into())));
    }
    None
}

/// A value of the wrong shape or type.
fn explain_value(message: &str) -> Option<(String, Option<String>)> {
    if let Some(rest) = message.strip_prefix("non-finite float `") {
        let value = rest.split('`').next().unwrap_or(rest);
        return Some((
            format!("`{value}` is not a finite number"),
            Some("write a number such as 43.4, or null for a missing value".into()),
        ));
    }
    // Type errors: the YAML is well formed but the value has the wrong shape.
    let shape = match message {
        "expected sequence start" => Some((
            "expected a list here",
            "write a list: `[a, b]`, or one `- item` per line",
        )),
        "expected mapping start" => Some((
            "expected a mapping here",
            "write `key: value` pairs, indented under this key, or `{key: value}`",
        )),
        "expected string scalar" => Some((
            "expected text here, found a list or a mapping",
            "write a single value; quote it if it contains `:`, `[` or `{`",
        )),
        "invalid i64" | "invalid u64" | "invalid usize" | "invalid u32" | "invalid i32" => Some((
            "expected a whole number here",
            "write a number such as 2, without quotes",
        )),
        "invalid f64" | "invalid f32" => Some((
            "expected a number here",
            "write a number such as 43.4, without quotes",
        )),
        "invalid boolean (true or false expected)" => {
            Some(("expected true or false here", "write `true` or `false`"))
        }
        _ => None,
    };
    if let Some((message, hint)) = shape {
        return Some((message.to_string(), Some(hint.to_string())));
    }
    if message.contains("untagged enum NumberFormat") {
        return Some((
            "not a number format".to_string(),
            Some("write `plain`, `percent`, `year`, or a mapping such as `{prefix: \"$\", suffix: \"B\", decimals: 1}`".into()),
        ));
    }
    if message.contains("untagged enum Columns") {
        return Some((
            "expected a column name or a list of column names".to_string(),
            Some("write `y: value` or `y: [exports, imports]`".into()),
        ));
    }
    if message.starts_with("invalid type") {
        return Some((
            message.to_string(),
            Some("check the value's type (quote text, e.g. \"2025\")".into()),
        ));
    }
    None
}

/// The names in serde's ", expected one of a, b, c" / "expected `a` or `b`" tails.
fn expected_names(tail: &str) -> Vec<&str> {
    let list = tail
        .trim_start_matches(',')
        .trim()
        .trim_start_matches("expected")
        .trim()
        .trim_start_matches("one of")
        .trim();
    list.split(", ")
        .flat_map(|part| part.split(" or "))
        .map(|name| name.trim().trim_matches('`'))
        .filter(|name| !name.is_empty() && !name.contains(' '))
        .collect()
}

/// serde-saphyr appends " at line X column Y" to some messages; we show the location ourselves.
fn strip_location_suffix(raw: &str) -> String {
    let first_line = raw.lines().next().unwrap_or(raw).trim();
    match first_line.rfind(" at line ") {
        Some(i) => first_line[..i].to_string(),
        None => first_line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        subtitle: Option<String>,
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let text = "title: A\nsubtitel: B\n";
        let err = parse::<Doc>(Path::new("brief.yaml"), text, text, 0).unwrap_err();
        assert_eq!(err.message, "unknown key `subtitel`");
        assert_eq!((err.line, err.column), (2, 1));
        assert_eq!(err.hint.as_deref(), Some("did you mean `subtitle`?"));
    }

    #[test]
    fn suggestions_work_for_long_key_lists_and_values() {
        let (message, hint) = explain(
            "unknown field `subtitel`, expected one of title, subtitle, authors at line 2, column 1",
        );
        assert_eq!(message, "unknown key `subtitel`");
        assert_eq!(hint.as_deref(), Some("did you mean `subtitle`?"));
        let (message, hint) = explain("unknown variant `hbars`, expected one of line, bar, hbar");
        assert_eq!(message, "unknown value `hbars`");
        assert_eq!(hint.as_deref(), Some("did you mean `hbar`?"));
        let (_, hint) = explain("unknown variant `pie`, expected one of line, bar, hbar");
        assert_eq!(
            hint.as_deref(),
            Some("the values allowed here are: line, bar, hbar")
        );
    }

    #[test]
    fn duplicate_keys_are_rejected() {
        let text = "title: A\ntitle: B\n";
        let err = parse::<Doc>(Path::new("brief.yaml"), text, text, 0).unwrap_err();
        assert_eq!(err.message, "the key `title` is written twice");
        assert_eq!(err.line, 2);
    }

    #[test]
    fn line_offset_points_into_the_enclosing_file() {
        let file = "---\ntitle: A\ntitle: B\n---\n";
        let err = parse::<Doc>(Path::new("s.md"), file, "title: A\ntitle: B\n", 1).unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.source_line.as_deref(), Some("title: B"));
    }

    fn slip(text: &str) -> Diagnostic {
        parse::<Doc>(Path::new("d.yaml"), text, text, 0).unwrap_err()
    }

    #[test]
    fn a_tab_is_pointed_at_with_its_fix() {
        let err = slip("title: A\nsubtitle:\n\tB\n");
        assert_eq!((err.line, err.column), (3, 1), "{err:?}");
        assert!(err.message.starts_with("a tab"), "{err:?}");
        assert_eq!(
            err.hint.as_deref(),
            Some("replace the tab with spaces (the same number as the lines around it)")
        );
    }

    #[test]
    fn an_unclosed_quote_says_where_it_opened() {
        let err = slip("title: \"A\nsubtitle: B\n");
        assert_eq!((err.line, err.column), (1, 8), "{err:?}");
        assert_eq!(
            err.message,
            "the quote `\"` opened at line 1, column 8 is never closed"
        );
    }

    #[test]
    fn a_colon_without_a_space_is_named() {
        let err = slip("title:A\nsubtitle: B\n");
        assert_eq!((err.line, err.column), (1, 6), "{err:?}");
        assert_eq!(err.message, "`title:` has no space after its colon");
        // A URL's colon is no slip.
        assert_eq!(key_without_space("  url: https://x.org"), None);
        assert_eq!(key_without_space("  - a:b"), Some(("a", 6)));
    }
}
