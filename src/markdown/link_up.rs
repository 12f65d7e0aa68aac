//! A translation's page sits in its folder (`hi/`); the files it shares with the original
//! (the static files, the datasets' CSV) are at the site's root. A link in a section's
//! Markdown is written as from the original's page, so the drafter leads it up.

/// Where a translation's links in the sections' Markdown lead: its page is in a folder
/// (`hi/`), and the files it shares with the original (the static files, the datasets' CSV)
/// are at the site's root.
pub(crate) struct LinkUp<'a> {
    /// The path to the site's root (`../`).
    pub root: String,
    /// Whether a site path names one of the translation's own files, in its folder.
    pub own: &'a (dyn Fn(&str) -> bool + Sync),
}

impl LinkUp<'_> {
    /// `url` as the translation's page writes it: a relative link to a file of the site that
    /// is not the translation's own goes up to the root. `None`: as written.
    pub(super) fn link(&self, url: &str) -> Option<String> {
        let relative = !url.starts_with('/') && !url.starts_with("..");
        let path = crate::text::site_path(url).filter(|_| relative)?;
        (!(self.own)(&path)).then(|| format!("{}{url}", self.root))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::site_path;

    fn own(path: &str) -> bool {
        path.starts_with("charts/") || path == "cite.bib"
    }

    #[test]
    fn shared_files_go_up_and_the_translations_own_stay() {
        let up = LinkUp {
            root: "../".into(),
            own: &own,
        };
        assert_eq!(up.link("data/a.csv#x").as_deref(), Some("../data/a.csv#x"));
        assert_eq!(
            up.link("img/a%20b.png").as_deref(),
            Some("../img/a%20b.png")
        );
        for kept in [
            "charts/f.svg",
            "cite.bib",
            "#fig-a",
            "https://e.org/a",
            "/a.css",
            "../",
            "mailto:a@b.c",
            "",
        ] {
            assert_eq!(up.link(kept), None, "{kept}");
        }
    }

    proptest::proptest! {
        /// Read from the translation's folder, a link leads where it leads from the root in
        /// the original: to the shared file, or, left as written, to the translation's own.
        #[test]
        fn a_link_led_up_names_the_same_file_from_the_translations_folder(
            url in "(\\.\\./|\\./|/)?([a-z]{1,3}|\\.\\.|\\.)(/([a-z]{1,3}|\\.\\.|\\.)){0,3}(\\.(csv|svg|bib))?([#?][a-z]{0,3})?"
        ) {
            let up = LinkUp { root: "../".into(), own: &own };
            match up.link(&url) {
                Some(led) => {
                    proptest::prop_assert_eq!(site_path(&format!("hi/{led}")), site_path(&url));
                    proptest::prop_assert!(!own(&site_path(&url).unwrap()));
                }
                None => {
                    let relative = !url.starts_with('/') && !url.starts_with("..");
                    let shared = site_path(&url).filter(|p| relative && !own(p));
                    proptest::prop_assert_eq!(shared, None);
                }
            }
        }
    }
}
