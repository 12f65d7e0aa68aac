//! The theme: Tera templates and static files. The default theme (the repository's
//! `templates/` and `static/`) is embedded in the binary; a brief's own file of the same name
//! overrides the embedded one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};

/// The default templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("brief.html", include_str!("../templates/brief.html")),
    ("figure.html", include_str!("../templates/figure.html")),
    ("table.html", include_str!("../templates/table.html")),
    (
        "partials/head_meta.html",
        include_str!("../templates/partials/head_meta.html"),
    ),
    ("chart.css", include_str!("../templates/chart.css")),
];

/// The default static files, by path relative to `static/`.
pub(crate) const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("favicon.svg", include_bytes!("../static/favicon.svg")),
    // Devanagari (scripts/subset-font-devanagari): fetched only by a page with Devanagari text.
    (
        "fonts/NotoSansDevanagari-Regular.woff2",
        include_bytes!("../static/fonts/NotoSansDevanagari-Regular.woff2"),
    ),
    (
        "fonts/NotoSansDevanagari-Bold.woff2",
        include_bytes!("../static/fonts/NotoSansDevanagari-Bold.woff2"),
    ),
    (
        "fonts/NotoSansDevanagari-OFL.txt",
        include_bytes!("../static/fonts/NotoSansDevanagari-OFL.txt"),
    ),
    // The chart font (Noto Sans subset by scripts/subset-font) and its license.
    (
        "fonts/brief-chart-regular.woff2",
        include_bytes!("../static/fonts/brief-chart-regular.woff2"),
    ),
    (
        "fonts/brief-chart-bold.woff2",
        include_bytes!("../static/fonts/brief-chart-bold.woff2"),
    ),
    ("fonts/OFL.txt", include_bytes!("../static/fonts/OFL.txt")),
];

/// Where a template came from, to point diagnostics at the right file.
#[derive(Debug, Clone)]
struct TemplateSource {
    display: PathBuf,
    text: String,
}

/// Compiled templates (compiled once per build) and the static files to copy.
#[derive(Clone)]
pub(crate) struct Theme {
    /// Shared by the editions' views of the theme ([`Theme::for_root`]).
    tera: Arc<Tera>,
    sources: BTreeMap<String, TemplateSource>,
    chart_css: String,
    /// Output path (relative) → where the bytes come from.
    pub static_files: BTreeMap<String, StaticFile>,
    /// The path from the page to the site's root, where the files every edition shares are
    /// (the static files, the datasets' CSV): `../` in a translation's folder, else empty.
    root: String,
}

#[derive(Debug, Clone)]
pub(crate) enum StaticFile {
    Embedded(&'static [u8]),
    OnDisk(PathBuf),
}

impl Theme {
    /// Loads the embedded theme, overridden by `root/templates/` and `root/static/`.
    pub(crate) fn load(root: &Path) -> Result<Theme, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        let mut sources: BTreeMap<String, TemplateSource> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    TemplateSource {
                        display: PathBuf::from(format!("<default theme>/templates/{name}")),
                        text: text.to_string(),
                    },
                )
            })
            .collect();
        let template_dir = root.join("templates");
        for path in walk_files(&template_dir, &mut diagnostics, root) {
            let name = path_name(&template_dir, &path);
            match crate::source::read_source(root, &path) {
                Ok(file) => {
                    sources.insert(
                        name,
                        TemplateSource {
                            display: file.display,
                            text: file.text,
                        },
                    );
                }
                Err(d) => diagnostics.push(d),
            }
        }

        // Templates are compiled once, together. Only when that fails (or cannot be tried) is
        // each one compiled on its own, so that every syntax error is reported at once.
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        tera.set_escape_fn(escape_html);
        register_filters(&mut tera);
        let compiled = if diagnostics.has_errors() {
            Err(None)
        } else {
            let templates = sources
                .iter()
                .filter(|(name, _)| name.ends_with(".html"))
                .map(|(name, s)| (name.as_str(), s.text.as_str()));
            tera.add_raw_templates(templates).map_err(Some)
        };
        if let Err(whole) = compiled {
            for (name, source) in &sources {
                if !name.ends_with(".html") {
                    continue;
                }
                let mut scratch = Tera::new();
                if let Err(err) = scratch.add_raw_template(name, &source.text)
                    && matches!(err.kind(), tera::ErrorKind::SyntaxError(_))
                {
                    diagnostics.push(tera_diagnostic(&err, &sources));
                }
            }
            // No template fails alone: the error is between them (a missing parent, say).
            if let Some(err) = whole
                && !diagnostics.has_errors()
            {
                match prerendered_reports(&err, &sources) {
                    Some(found) => diagnostics.extend(found),
                    None => diagnostics.push(tera_diagnostic(&err, &sources)),
                }
            }
        }
        for required in ["brief.html", "figure.html", "table.html"] {
            if !sources.contains_key(required) {
                diagnostics.push(Diagnostic::error(
                    display_path(root, &template_dir.join(required)),
                    "a required template is missing",
                ));
            }
        }

        let mut static_files: BTreeMap<String, StaticFile> = DEFAULT_STATIC
            .iter()
            .map(|(name, bytes)| (name.to_string(), StaticFile::Embedded(bytes)))
            .collect();
        let static_dir = root.join("static");
        for path in walk_files(&static_dir, &mut diagnostics, root) {
            static_files.insert(path_name(&static_dir, &path), StaticFile::OnDisk(path));
        }

        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let chart_css = sources
            .get("chart.css")
            .map(|s| s.text.clone())
            .unwrap_or_default();
        Ok(Theme {
            tera: Arc::new(tera),
            sources,
            chart_css,
            static_files,
            root: String::new(),
        })
    }

    /// The theme as an edition's page uses it: its templates link the shared files through
    /// `root` (`../`). The templates are not compiled again.
    pub(crate) fn for_root(&self, root: &str) -> Theme {
        Theme {
            root: root.to_string(),
            ..self.clone()
        }
    }

    /// The path from the page to the site's root (see [`Theme::for_root`]).
    pub(crate) fn root(&self) -> &str {
        &self.root
    }

    /// A hash of every template's text and of `root`: what a rendered block depends on in
    /// the theme.
    pub(crate) fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.root.hash(&mut hasher);
        for (name, source) in &self.sources {
            name.hash(&mut hasher);
            source.text.hash(&mut hasher);
        }
        self.chart_css.hash(&mut hasher);
        hasher.finish()
    }

    /// Whether the template `name` reads as the embedded default does (not overridden, or
    /// overridden by a copy of it).
    pub(crate) fn is_default(&self, name: &str) -> bool {
        let default = DEFAULT_TEMPLATES.iter().find(|(n, _)| *n == name);
        match (self.sources.get(name), default) {
            (Some(source), Some((_, text))) => source.text == *text,
            _ => false,
        }
    }

    /// The stylesheet embedded in standalone chart files.
    pub(crate) fn chart_css(&self) -> &str {
        &self.chart_css
    }

    /// Renders a template with `value` under the name `var` (plus `t`, the language's strings
    /// as [`crate::locale::Locale::template_strings`] gives them, and `root`, the page's path
    /// to the site's root, where the shared files are).
    pub(crate) fn render_fragment<T: Serialize>(
        &self,
        template: &str,
        var: &str,
        value: &T,
        strings: tera::Value,
    ) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        context.insert(var.to_string(), value);
        context.insert_value("t", strings);
        context.insert("root", &self.root);
        self.render(template, &context)
    }

    pub(crate) fn render(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|err| tera_diagnostic(&err, &self.sources))
    }
}

/// The files under `dir`, sorted; symlink loops and unreadable entries are reported.
fn walk_files(dir: &Path, diagnostics: &mut Diagnostics, root: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_else(|| display_path(root, dir));
                let d = match err.loop_ancestor() {
                    Some(ancestor) => Diagnostic::error(
                        path,
                        format!(
                            "a symbolic link loop: this link points back at `{}`, which contains it",
                            display_path(root, ancestor).display()
                        ),
                    )
                    .with_hint("remove the link, or point it at a folder outside this one"),
                    None => Diagnostic::error(path, format!("cannot read: {err}"))
                        .with_hint("check the file's permissions"),
                };
                diagnostics.push(d);
            }
        }
    }
    files
}

/// `dir/partials/x.html` → `partials/x.html` (always with `/`).
fn path_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Tera reports the checks it makes once every template is loaded (an `{% include %}` of a
/// template that does not exist, an unknown filter) as one message holding rustc-style reports,
/// `error: <message>` then ` --> <template>:<line>:<col>`. Each becomes a located diagnostic.
fn prerendered_reports(
    err: &tera::Error,
    sources: &BTreeMap<String, TemplateSource>,
) -> Option<Vec<Diagnostic>> {
    let tera::ErrorKind::Msg(text) = err.kind() else {
        return None;
    };
    let mut found = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(m) = trimmed.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(place)) = (message, trimmed.strip_prefix("--> ")) {
            let mut parts = place.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse::<usize>().ok());
            let line_no = parts.next().and_then(|l| l.parse::<usize>().ok());
            let name = parts.next()?;
            let source = sources.get(name)?;
            let mut d = Diagnostic::error(&source.display, format!("template error: {m}"));
            if let (Some(line_no), Some(col)) = (line_no, col) {
                d = d.at(&source.text, line_no, col);
                if let Some(quoted) = m.split('`').nth(1) {
                    d = d.with_span_len(quoted.chars().count() + 2);
                }
            }
            let hint = if m.starts_with("Unknown template") {
                "add the template to templates/ or fix its name"
            } else {
                "check the name against Tera's built-in filters, tests and functions"
            };
            found.push(d.with_hint(hint));
            message = None;
        }
    }
    (!found.is_empty()).then_some(found)
}

/// A Tera error as a located diagnostic, pointing into the template's file.
fn tera_diagnostic(err: &tera::Error, sources: &BTreeMap<String, TemplateSource>) -> Diagnostic {
    // Rendering errors can be wrapped; find the innermost one that knows its place.
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    let mut located = None;
    let mut messages = Vec::new();
    while let Some(e) = current {
        if let Some(te) = e.downcast_ref::<tera::Error>() {
            match te.kind() {
                tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                    located = Some(report.clone());
                }
                other => messages.push(other.to_string()),
            }
        } else {
            messages.push(e.to_string());
        }
        current = e.source();
    }
    let (kind, hint) = match err.kind() {
        tera::ErrorKind::SyntaxError(_) => (
            "template syntax error",
            "check the tag's syntax: `{{ value }}`, `{% if x %}…{% endif %}`, `{% for x in xs %}…{% endfor %}`",
        ),
        tera::ErrorKind::TemplateNotFound(_) | tera::ErrorKind::MissingParent { .. } => (
            "missing template",
            "add the template to templates/ or fix the name (the default theme's templates: base.html, brief.html, figure.html, table.html, partials/head_meta.html)",
        ),
        _ => (
            "template error",
            "check the variable names against the README's template context",
        ),
    };
    match located {
        Some(report) => {
            let source = sources.get(report.filename());
            let display = source
                .map(|s| s.display.clone())
                .unwrap_or_else(|| PathBuf::from(format!("templates/{}", report.filename())));
            let text = source.map(|s| s.text.as_str()).unwrap_or("");
            let span = report.span();
            let len = if span.start_line == span.end_line {
                span.end_col.saturating_sub(span.start_col).max(1)
            } else {
                1
            };
            let hint = if report.message().contains("end of input") {
                "a `{% if %}`, `{% for %}`, `{% block %}` or `{% macro %}` is not closed: add its `{% end… %}` tag"
            } else {
                hint
            };
            Diagnostic::error(display, format!("{kind}: {}", report.message()))
                .at(text, span.start_line, span.start_col + 1)
                .with_span_len(len)
                .with_hint(hint)
        }
        None => {
            let message = messages.first().cloned().unwrap_or_else(|| err.to_string());
            let name = match err.kind() {
                tera::ErrorKind::TemplateNotFound(name) => name.clone(),
                tera::ErrorKind::MissingParent { current, .. } => current.clone(),
                _ => String::new(),
            };
            let display = sources
                .get(&name)
                .map(|s| s.display.clone())
                .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
            Diagnostic::error(display, format!("{kind}: {message}")).with_hint(hint)
        }
    }
}

impl Theme {
    /// Reports a static file of the brief whose name differs only in case from another file of
    /// the site, `names` (two datasets or two charts are reported where they are defined).
    pub(crate) fn check_case<'a>(
        &self,
        names: impl Iterator<Item = &'a str>,
        diagnostics: &mut Diagnostics,
    ) {
        let own = |name: &str| matches!(self.static_files.get(name), Some(StaticFile::OnDisk(_)));
        let names = std::iter::once("index.html").chain(names);
        for (first, second) in crate::text::case_collisions(names) {
            let Some((mine, other)) = [(second, first), (first, second)]
                .into_iter()
                .find(|(name, _)| own(name))
            else {
                continue;
            };
            diagnostics.push(
                Diagnostic::error(
                    format!("static/{mine}"),
                    format!("this static file's name differs from `{other}` only in case"),
                )
                .with_hint("the two are one file on macOS and Windows and in most zip tools; rename the static file"),
            );
        }
    }
}

/// Tera's autoescape, after [`crate::text::markup_text`]: a control character in a value
/// would otherwise reach the page as it is.
fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::text::write_escaped(text, out)
}

/// Filters brief adds to Tera's, for values that land where HTML escaping does not hold:
/// `css_string` for the inside of a double-quoted CSS string (see [`crate::text::css_string`]);
/// `fill` for a catalogue string's placeholders.
fn register_filters(tera: &mut Tera) {
    // `says_source`: a source's name that starts "Source…" is printed without a "Source:"
    // label of the template's own.
    tera.register_filter(
        "says_source",
        |text: &str, _: tera::Kwargs, _: &tera::State| -> bool { crate::text::says_source(text) },
    );
    // `smart` gives text from data and metadata the sections' smart punctuation, where a
    // reader sees it (not in the metadata that machines read: those keep the text as written).
    tera.register_filter(
        "smart",
        |text: &str, _: tera::Kwargs, _: &tera::State| -> String {
            crate::text::smart_text(text).into_owned()
        },
    );
    tera.register_filter(
        "css_string",
        |text: &str, _: tera::Kwargs, _: &tera::State| -> tera::Value {
            tera::Value::safe_string(&crate::text::css_string(text))
        },
    );
    // `{{ t.figure | fill(number=fig.number) }}`: a catalogue string with its `{number}`
    // filled in. The result is escaped where it lands, like any value.
    tera.register_filter(
        "fill",
        |text: &str, kwargs: tera::Kwargs, _: &tera::State| -> String {
            crate::locale::fill_kwargs(text, &kwargs)
        },
    );
}
