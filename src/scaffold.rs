//! `brief new`: writes a working example brief (metadata, two sections, a dataset with a
//! chart and a table) and the default theme, so that `brief build` works in it at once and
//! `brief check` finds nothing.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::theme::{DEFAULT_STATIC, DEFAULT_TEMPLATES};

/// The example content, by path in the new brief. `{date}` in `brief.yaml` becomes today.
const EXAMPLE: &[(&str, &str)] = &[
    ("content/brief.yaml", include_str!("scaffold/brief.yaml")),
    (
        "content/01-introduction.md",
        include_str!("scaffold/01-introduction.md"),
    ),
    (
        "content/02-findings.md",
        include_str!("scaffold/02-findings.md"),
    ),
    (
        "content/data/adoption.yaml",
        include_str!("scaffold/adoption.yaml"),
    ),
    (".gitignore", include_str!("scaffold/gitignore")),
];

/// Creates the example brief in `dir` (which must be absent or empty). Returns the files
/// written, relative to `dir`.
pub fn new_brief(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    new_brief_in(dir, "en")
}

/// [`new_brief`], in `language` (a BCP 47 tag, `brief.yaml`'s `language:`): the page's
/// labels, numbers and dates are in that language from the first build.
pub fn new_brief_in(dir: &Path, language: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let shown = dir.display().to_string();
    let (strings, _) = crate::locale::Locale::built_in_strings(language);
    let plain = language
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !plain || crate::locale::Locale::new(language, strings).is_none() {
        return Err(Diagnostic::error(
            &shown,
            format!("`{language}` is not a BCP 47 language tag"),
        )
        .with_hint("write a tag such as `en`, `en-IN`, `fr` or `hi`"));
    }
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Diagnostic::error(&shown, "a file with this name exists")
                .with_hint("choose another name for the new brief"));
        }
        let mut entries = fs::read_dir(dir).map_err(|e| {
            Diagnostic::error(&shown, format!("cannot read the folder: {e}"))
                .with_hint("check the folder's permissions")
        })?;
        if entries.next().is_some() {
            return Err(
                Diagnostic::error(&shown, "the folder is not empty").with_hint(
                    "`brief new` only writes into a new or empty folder, so it never overwrites your files; choose another name",
                ),
            );
        }
    }

    let today = today();
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for (path, text) in EXAMPLE {
        let text = text
            .replace("{date}", &today)
            .replace("language: en\n", &format!("language: {language}\n"));
        files.push((path.into(), text.into_bytes()));
    }
    for (name, text) in DEFAULT_TEMPLATES {
        files.push((Path::new("templates").join(name), text.as_bytes().to_vec()));
    }
    for (name, bytes) in DEFAULT_STATIC {
        files.push((Path::new("static").join(name), bytes.to_vec()));
    }
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        let write = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&path, bytes));
        if let Err(err) = write {
            return Err(Diagnostic::error(
                path.display().to_string(),
                format!("cannot write: {err}"),
            )
            .with_hint("check that the folder is writable and the disk is not full"));
        }
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_422), (2025, 11, 30));
    }
}
