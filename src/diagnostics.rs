//! Diagnostics: located problems (file, line, column, message, hint), collected across a
//! whole build and rendered together, rustc-style, with annotate-snippets.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How serious a finding is. Errors fail the build; warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, pointing at a place in an input file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the brief's root where possible.
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub column: usize,
    /// A spreadsheet's cell, which has a sheet, a row and a column rather than a line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<SheetCell>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The text of the offending line, shown under the message with a caret.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters the caret underlines.
    #[serde(skip)]
    pub span_len: usize,
    /// Only a consequence of another error reported with it (a block showing a dataset that
    /// failed to load): left out of what is reported, so the cause is read first and once.
    #[serde(skip)]
    pub(crate) follow_on: bool,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            column: 0,
            cell: None,
            message: message.into(),
            hint: None,
            source_line: None,
            span_len: 1,
            follow_on: false,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Points the diagnostic at `line`:`column` (1-based) of `source`, keeping that line's
    /// text for the snippet and underlining the value that starts there (see [`value_len`]).
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        if line == 0 {
            return self;
        }
        if let Some(text) = source.lines().nth(line - 1) {
            let text = text.trim_end_matches('\r');
            let split = char_to_byte(text, self.column - 1);
            self.span_len = value_len(&text[..split], &text[split..]);
            self.source_line = Some(text.to_string());
        }
        self
    }

    /// Points the diagnostic at a spreadsheet's cell.
    pub(crate) fn in_cell(mut self, cell: SheetCell) -> Self {
        self.cell = Some(cell);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Marks the diagnostic as a consequence of another error (see `follow_on`).
    pub(crate) fn following_another(mut self) -> Self {
        self.follow_on = true;
        self
    }

    /// Underlines `len` characters instead of the token at the column.
    pub fn with_span_len(mut self, len: usize) -> Self {
        self.span_len = len.max(1);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col`, the form editors and terminals turn into links.
    pub fn location(&self) -> String {
        let path = self.path.display();
        if let Some(cell) = &self.cell {
            return format!("{path}, {cell}");
        }
        match (self.line, self.column) {
            (0, _) => format!("{path}"),
            (line, 0) => format!("{path}:{line}"),
            (line, col) => format!("{path}:{line}:{col}"),
        }
    }

    /// Renders the diagnostic as rustc does: message, `--> file:line:col`, the line, a caret,
    /// then the hint.
    pub fn render(&self, renderer: &Renderer) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.path.display().to_string();
        let mut groups = Vec::new();
        let title = level.primary_title(self.message.as_str());
        let group = match &self.source_line {
            Some(text) if self.line > 0 => {
                let start = char_to_byte(text, self.column.saturating_sub(1));
                let end = char_to_byte(text, self.column.saturating_sub(1) + self.span_len);
                // An empty line still needs a one-character span for the caret.
                let span = if start < end {
                    start..end
                } else {
                    start..start
                };
                title.element(
                    Snippet::source(text.as_str())
                        .line_start(self.line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            // A problem with no line to show: the title, the file (if any) as `--> path`,
            // the hint, with no empty gutter between them (which the renderer would draw).
            _ => {
                let mut parts = vec![renderer.render(&[Group::with_title(title)]).to_string()];
                if !self.path.as_os_str().is_empty() {
                    parts.push(format!(" --> {}", self.location()));
                }
                if let Some(hint) = &self.hint {
                    let help = Group::with_title(Level::HELP.secondary_title(hint.as_str()));
                    parts.push(renderer.render(&[help]).to_string());
                }
                return parts.join("\n");
            }
        };
        groups.push(group);
        if let Some(hint) = &self.hint {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(hint.as_str()),
            ));
        }
        renderer.render(&groups).to_string()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// A cell of a spreadsheet: its sheet, and its row and column counted from 1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct SheetCell {
    pub sheet: String,
    pub row: u32,
    pub column: u32,
}

impl SheetCell {
    /// The cell's name as a spreadsheet shows it: `B7`, `AA12`.
    pub(crate) fn name(&self) -> String {
        let mut letters = Vec::new();
        let mut n = self.column;
        while n > 0 {
            letters.push(b'A' + ((n - 1) % 26) as u8);
            n = (n - 1) / 26;
        }
        letters.reverse();
        format!("{}{}", String::from_utf8_lossy(&letters), self.row)
    }
}

impl fmt::Display for SheetCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sheet \"{}\", cell {}", self.sheet, self.name())
    }
}

/// The diagnostics of a build: every problem found, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorted by file and position, so output is the same whatever order stages ran in;
    /// follow-on errors left out (their cause is among the others).
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.retain(|d| !d.follow_on);
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.cell, &a.message)
                .cmp(&(&b.path, b.line, b.column, &b.cell, &b.message))
        });
        self.0.dedup();
        self.0
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The build failed: these are the reasons (at least one error among them).
#[derive(Debug, Clone)]
pub struct BuildFailed(pub Vec<Diagnostic>);

impl fmt::Display for BuildFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        let plural = crate::text::plural(errors);
        write!(f, "the build failed with {errors} error{plural}")
    }
}

impl std::error::Error for BuildFailed {}

/// Suggests the closest of `candidates` to a misspelt `word`, if one is close enough.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Names in code spans, in a message's list: "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub(crate) fn code_list<S: AsRef<str>>(names: &[S]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    code_list_of(&quoted)
}

/// Items already written, in a message's list: "a", "a and b", "a, b and c".
pub(crate) fn code_list_of(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// A path shown relative to the brief's root when it lies inside it.
pub(crate) fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The 1-based line and column of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// Length in characters of the value at the start of `rest` (what follows `before` on its
/// line), so the caret underlines all of it: a quoted string to its closing quote, a flow
/// list or mapping (or a `{{ … }}` tag) to its closing bracket, a plain value to the end of
/// the line — or of its entry, inside brackets — without a comment or trailing spaces, a
/// key to its colon. Never less than one character.
fn value_len(before: &str, rest: &str) -> usize {
    let chars: Vec<char> = rest.chars().collect();
    let trimmed = rest.trim_end().chars().count();
    let end = match chars.first() {
        None => 0,
        Some(&quote @ ('"' | '\'')) => closing_quote(&chars, quote).map_or(trimmed, |i| i + 1),
        Some('[' | '{') => closing_bracket(&chars).map_or(trimmed, |i| i + 1),
        // A list item (at the wrong indent, say): the whole item, not its first key.
        Some('-') if chars.get(1) == Some(&' ') => trimmed,
        Some(_) => {
            let open = before.chars().filter(|c| matches!(c, '[' | '{')).count();
            let closed = before.chars().filter(|c| matches!(c, ']' | '}')).count();
            let in_flow = open > closed;
            let mut end = chars.len();
            for (i, &c) in chars.iter().enumerate() {
                let next = chars.get(i + 1).copied();
                let at_space = |c: Option<char>| c.is_none_or(char::is_whitespace);
                let comment = c == '#' && i > 0 && chars[i - 1].is_whitespace();
                let key = c == ':' && at_space(next);
                if comment || key || (in_flow && matches!(c, ',' | ']' | '}')) {
                    end = i;
                    break;
                }
            }
            chars[..end]
                .iter()
                .rposition(|c| !c.is_whitespace())
                .map_or(0, |i| i + 1)
        }
    };
    end.max(1)
}

/// Where the string opened by `chars[0]` closes (YAML: `\"` escapes in double quotes, `''`
/// in single ones).
fn closing_quote(chars: &[char], quote: char) -> Option<usize> {
    let mut i = 1;
    while i < chars.len() {
        match chars[i] {
            '\\' if quote == '"' => i += 1,
            c if c == quote && quote == '\'' && chars.get(i + 1) == Some(&'\'') => i += 1,
            c if c == quote => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the bracket opened by `chars[0]` closes, skipping quoted strings.
fn closing_bracket(chars: &[char]) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            quote @ ('"' | '\'') => i += closing_quote(&chars[i..], quote)?,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_spans_the_whole_value() {
        let span = |line: &str, column: usize| {
            let d = Diagnostic::error("f.yaml", "m").at(line, 1, column);
            line.chars()
                .skip(column - 1)
                .take(d.span_len)
                .collect::<String>()
        };
        for (line, column, value) in [
            ("pct: \"96,3\"", 6, "\"96,3\""),
            ("authors: Ada Analyst  # a comment", 10, "Ada Analyst"),
            (
                "title: [Test, \"a]\", Brief] # x",
                8,
                "[Test, \"a]\", Brief]",
            ),
            ("  - {category: Chips, pct: 'it''s'}", 28, "'it''s'"),
            ("  - {category: Côte d'Ivoire, pct: 1}", 16, "Côte d'Ivoire"),
            ("unknwon: value", 1, "unknwon"),
            ("x: {{ missing | upper }} y", 4, "{{ missing | upper }}"),
            // Unclosed: to the end of the line.
            ("title: \"Open ended  ", 8, "\"Open ended"),
            ("y: [a, b", 4, "[a, b"),
            // A list item: all of it.
            (
                "   - {category: Chips, pct: 900}",
                4,
                "- {category: Chips, pct: 900}",
            ),
        ] {
            assert_eq!(span(line, column), value, "{line}");
        }
        assert_eq!(span("", 1), "");
    }

    #[test]
    fn a_diagnostic_without_a_line_has_no_empty_gutter() {
        let renderer = Renderer::plain();
        let whole_file = Diagnostic::error("content/brief.yaml", "the file is empty")
            .with_hint("write something");
        assert_eq!(
            whole_file.render(&renderer),
            "error: the file is empty\n --> content/brief.yaml\nhelp: write something"
        );
        let no_file = Diagnostic::error("", "no browser found");
        assert_eq!(no_file.render(&renderer), "error: no browser found");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a\nनमस्ते x";
        let offset = text.find('x').unwrap();
        assert_eq!(line_col(text, offset), (2, 8));
    }

    #[test]
    fn a_sheet_cell_is_named_as_a_spreadsheet_names_it() {
        let cell = |column| SheetCell {
            sheet: "Table 2".into(),
            row: 7,
            column,
        };
        assert_eq!(cell(2).name(), "B7");
        assert_eq!(cell(26).name(), "Z7");
        assert_eq!(cell(27).name(), "AA7");
        assert_eq!(cell(703).name(), "AAA7");
        let d = Diagnostic::error("data/trade.xlsx", "x").in_cell(cell(2));
        assert_eq!(d.location(), "data/trade.xlsx, sheet \"Table 2\", cell B7");
    }

    #[test]
    fn did_you_mean_finds_close_keys() {
        assert_eq!(
            did_you_mean("titel", ["title", "subtitle", "date"]),
            Some("title")
        );
        assert_eq!(did_you_mean("zzz", ["title", "date"]), None);
    }

    #[test]
    fn rendered_diagnostic_shows_location_caret_and_hint() {
        let source = "title: x\ncolour: red\n";
        let d = Diagnostic::error("content/brief.yaml", "unknown key `colour`")
            .at(source, 2, 1)
            .with_hint("did you mean `color`?");
        let out = d.render(&Renderer::plain());
        assert!(out.contains("content/brief.yaml:2:1"), "{out}");
        assert!(out.contains("colour: red"), "{out}");
        assert!(out.contains("^^^^^^"), "{out}");
        assert!(out.contains("did you mean `color`?"), "{out}");
    }
}
