//! What a URL names: a link safe to write from data, a file of the built site (for the
//! standalone file and the checks), the file a preview request asks for.

/// Whether a URL from data or metadata may be a link: relative, a fragment, or one of the
/// schemes a reader expects (`http`, `https`, `mailto`). Browsers ignore ASCII whitespace and
/// control characters inside a scheme (`java\tscript:`), so those are removed first.
pub(crate) fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    // A colon after a `/`, `?` or `#` is not a scheme separator (a relative URL).
    if cleaned[..colon].contains(['/', '?', '#']) {
        return true;
    }
    let scheme = cleaned[..colon].to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto")
}

/// A reference that names a file of the site → its path in the built site's files; `None` for
/// fragments, absolute URLs (`https:`, `mailto:`, `data:`…) and protocol-relative ones.
pub(crate) fn site_path(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") {
        return None;
    }
    let scheme_end = url.find(':');
    let first_delimiter = url.find(['/', '?', '#']);
    if let Some(colon) = scheme_end
        && first_delimiter.is_none_or(|d| colon < d)
    {
        return None; // has a scheme
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let (bytes, _) = percent_decode(path);
    let path = String::from_utf8_lossy(&bytes);
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    (!joined.is_empty()).then_some(joined)
}

/// The site key for a request path, or `None` when the path cannot name a file of the site:
/// a `..` or `.` segment (plain or percent-encoded), an encoded `/` or `\`, a backslash, a NUL
/// or invalid UTF-8. `/` and `/dir/` serve `index.html` of that folder.
pub(crate) fn site_key(path: &str) -> Option<String> {
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    let (bytes, well_formed) = percent_decode(path);
    let decoded = String::from_utf8(bytes).ok().filter(|_| well_formed)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let trimmed = decoded.strip_prefix('/').unwrap_or(&decoded);
    let mut key = String::with_capacity(trimmed.len() + 10);
    for segment in trimmed.split('/') {
        match segment {
            "." | ".." => return None,
            // `//` collapses, as a file server would.
            "" => {}
            s => {
                key.push_str(s);
                key.push('/');
            }
        }
    }
    if trimmed.is_empty() || trimmed.ends_with('/') {
        key.push_str("index.html");
    } else {
        key.pop();
    }
    Some(key)
}

/// `%XX` escapes decoded to bytes; the flag says whether every escape was well formed.
pub(super) fn percent_decode(text: &str) -> (Vec<u8>, bool) {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut well_formed = true;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(hex) = text.get(i + 1..i + 3)
                && let Ok(b) = u8::from_str_radix(hex, 16)
            {
                out.push(b);
                i += 3;
                continue;
            }
            well_formed = false;
        }
        out.push(bytes[i]);
        i += 1;
    }
    (out, well_formed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_inside_the_site_map_to_keys() {
        assert_eq!(site_key("/").as_deref(), Some("index.html"));
        assert_eq!(site_key("/charts/a.svg").as_deref(), Some("charts/a.svg"));
        assert_eq!(site_key("/data/").as_deref(), Some("data/index.html"));
        assert_eq!(site_key("/my%20file.png").as_deref(), Some("my file.png"));
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/charts/..%2fCargo.toml",
            "/charts%2fa.svg",
            "/..%5cCargo.toml",
            "/a\\b",
            "/%ff",
            "/%zz",
            "/a%00.html",
            "/./index.html",
        ] {
            assert_eq!(site_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_references_to_site_files_are_site_paths() {
        assert_eq!(site_path("style.css"), Some("style.css".into()));
        assert_eq!(site_path("./data/x.csv?v=1#top"), Some("data/x.csv".into()));
        assert_eq!(site_path("/img/a%20b.png"), Some("img/a b.png".into()));
        assert_eq!(site_path("a/../b.png"), Some("b.png".into()));
        for external in [
            "#fig-1",
            "https://example.org/x.png",
            "mailto:a@b.c",
            "data:image/png;base64,AA",
            "//cdn.example/x.js",
            "",
        ] {
            assert_eq!(site_path(external), None, "{external}");
        }
    }
}
