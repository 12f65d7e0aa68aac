//! Source files: reading a brief's text file (UTF-8, BOM dropped, line ends normalised) and
//! finding the line of a top-level YAML key in it. Below every stage that reads files.

use std::path::Path;

use crate::diagnostics::{Diagnostic, display_path};
use crate::model::SourceFile;

/// Reads a text file: UTF-8 (a BOM is dropped), line ends normalised to `\n`.
pub(crate) fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let display = display_path(root, path);
    let bytes = std::fs::read(path).map_err(|err| {
        let hint = if err.kind() == std::io::ErrorKind::NotFound {
            "create the file (see the README's content model)".to_string()
        } else {
            "check the file's permissions".to_string()
        };
        Diagnostic::error(&display, format!("cannot read the file: {err}")).with_hint(hint)
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid_up_to = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned();
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            return Err(Diagnostic::error(
                &display,
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X})",
                    bytes[valid_up_to]
                ),
            )
            .at(&lossy, line, column)
            // The one byte (shown as U+FFFD), not the rest of the line.
            .with_span_len(1)
            .with_hint("save the file as UTF-8"));
        }
    };
    // Without a byte-order mark or Windows line ends (the usual case) the text is kept as read.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) if rest.contains('\r') => rest.replace("\r\n", "\n"),
        Some(rest) => rest.to_string(),
        None if text.contains('\r') => text.replace("\r\n", "\n"),
        None => text,
    };
    Ok(SourceFile {
        path: path.to_path_buf(),
        display,
        text,
    })
}

/// The 1-based line where a top-level `key:` is written, for checks made after parsing.
pub(crate) fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}
