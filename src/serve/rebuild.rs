//! What a rebuild reloads and what it reuses: the [`Rebuilder`] and its render cache.

use std::path::{Path, PathBuf};

use crate::diagnostics::{BuildFailed, Diagnostics};
use crate::load;
use crate::model::Brief;
use crate::page::PageOptions;
use crate::pipeline::RenderCaches;
use crate::theme::Theme;

use super::RELOAD_SCRIPT;

/// Renders the brief and its translations in memory, again and again, reusing what did not
/// change: the theme while only `content/` changed, the loaded brief when only sections or
/// translations changed (they alone are read again), and every section's draft, chart and
/// table whose inputs are the same ([`RenderCaches`]), and the page's shell while nothing it
/// shows changed.
pub(crate) struct Rebuilder {
    root: PathBuf,
    options: PageOptions,
    cache: RenderCaches,
    /// The brief as last loaded, while it loaded without a problem.
    loaded: Option<Loaded>,
    /// The theme as last loaded, while it loaded without a problem (parsing its templates is
    /// most of a theme's load: about 0.8 ms a rebuild).
    theme: Option<Theme>,
}

/// The brief and its translations as loaded, with the warnings loading the translations gave
/// (a section left untranslated), shown again with every rebuild.
struct Loaded {
    brief: Brief,
    translations: Vec<Brief>,
    warnings: Diagnostics,
}

impl Rebuilder {
    pub(crate) fn new(root: &Path) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            options: PageOptions {
                reload_script: RELOAD_SCRIPT.to_string(),
                ..PageOptions::default()
            },
            cache: RenderCaches::default(),
            loaded: None,
            theme: None,
        }
    }

    /// Renders the site; `changed` lists the files (relative to the root) that changed since
    /// the last call. Empty means "anything may have changed".
    pub(crate) fn rebuild(
        &mut self,
        changed: &[PathBuf],
    ) -> Result<crate::pipeline::Site, BuildFailed> {
        let site = self.render(changed);
        // Only a good build knows every block in use (a failed one may have stopped early).
        if site.is_ok() {
            self.cache.sweep();
        }
        site
    }

    fn render(&mut self, changed: &[PathBuf]) -> Result<crate::pipeline::Site, BuildFailed> {
        let previous = self.loaded.take();
        // On any problem the whole brief goes through the build's own path, which reports
        // every problem of every file.
        let full = |this: &Self| {
            crate::pipeline::render_site_with_cache(&this.root, &this.options, Some(&this.cache))
        };
        let kept = self.theme.take().filter(|_| only_content(changed));
        let Some(theme) = kept.or_else(|| Theme::load(&self.root).ok()) else {
            return full(self);
        };
        let reloaded = previous.and_then(|loaded| self.reload_changed(loaded, changed));
        let Some(loaded) = reloaded.or_else(|| self.load_whole()) else {
            return full(self);
        };
        let site = crate::pipeline::render_loaded(
            &self.root,
            (&loaded.brief, &loaded.translations),
            &theme,
            loaded.warnings.clone(),
            &self.options,
            Some(&self.cache),
        );
        self.loaded = Some(loaded);
        self.theme = Some(theme);
        site
    }

    /// The brief and its translations loaded afresh; `None` on any problem of the original's
    /// or error of a translation's.
    fn load_whole(&self) -> Option<Loaded> {
        let mut problems = Diagnostics::default();
        let brief = load::load(&self.root, &mut problems).filter(|_| problems.is_empty())?;
        self.with_translations(brief)
    }

    /// `brief` with its translations loaded again.
    fn with_translations(&self, mut brief: Brief) -> Option<Loaded> {
        let mut warnings = Diagnostics::default();
        let translations = load::load_editions(&self.root, &mut brief, &mut warnings);
        (!warnings.has_errors()).then_some(Loaded {
            brief,
            translations,
            warnings,
        })
    }

    /// `loaded` with what changed read again, when only section files of the original or
    /// files of its translations' folders changed; `None` when the brief must be loaded whole.
    /// The translations are read again whole: a section they leave untranslated is the
    /// original's.
    fn reload_changed(&self, loaded: Loaded, changed: &[PathBuf]) -> Option<Loaded> {
        if changed.is_empty() {
            return None;
        }
        let content = self.root.join("content");
        // A file in a translation's folder; not the folder itself (removed, or renamed).
        let in_translation = |path: &Path| {
            loaded.brief.editions.all.iter().skip(1).any(|e| {
                let folder = content.join(e.dir.trim_end_matches('/'));
                path.starts_with(&folder) && path != folder
            })
        };
        let mut sections = Vec::new();
        for rel in changed {
            let path = self.root.join(rel);
            if load::is_section_file(&content, &path) {
                sections.push(rel.clone());
            } else if !in_translation(&path) {
                return None;
            }
        }
        let brief = if sections.is_empty() {
            loaded.brief
        } else {
            self.reload_sections(loaded.brief, &sections)?
        };
        if loaded.translations.is_empty() {
            return Some(Loaded {
                brief,
                translations: Vec::new(),
                warnings: loaded.warnings,
            });
        }
        self.with_translations(brief)
    }

    /// `brief` with the changed sections read again, when each loads cleanly; `None` when the
    /// brief must be loaded whole.
    fn reload_sections(&self, mut brief: Brief, changed: &[PathBuf]) -> Option<Brief> {
        for rel in changed {
            let path = self.root.join(rel);
            brief.sections.retain(|s| s.file.path != path);
            // Not `is_file`, which follows links: a link is loaded by `load`'s rule (followed
            // into `content/`, else left out with a warning), with the whole brief.
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_file() => {
                    let section = load::read_source(&self.root, &path)
                        .and_then(load::load_section)
                        .ok()?;
                    brief.sections.push(section);
                }
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                _ => return None,
            }
        }
        load::arrange_sections(&mut brief.sections);
        if brief.sections.is_empty() {
            return None;
        }
        Some(brief)
    }
}

/// Whether every changed path lies in `content/` (which the theme is not read from); false
/// for "anything may have changed" (no paths, or `content` itself, which the watcher reports
/// when it lost events).
fn only_content(changed: &[PathBuf]) -> bool {
    !changed.is_empty()
        && changed
            .iter()
            .all(|p| p.starts_with("content") && p != Path::new("content"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_rebuilds_equal_full_builds() {
        // Regression guard for the block cache: whatever changes (a section, a dataset, a
        // template, a block's number), a rebuild gives the bytes a fresh build gives.
        let dir = crate::testing::fixture("basic");
        let root = dir.path();
        let mut rebuilder = Rebuilder::new(root);
        let fresh = |root: &Path| {
            crate::pipeline::render_site(root, &rebuilder_options())
                .ok()
                .unwrap()
                .files
        };
        let edit = |rel: &str, from: &str, to: &str| replace_in(root, rel, from, to);
        assert!(rebuilder.rebuild(&[]).ok().unwrap().files == fresh(root));
        assert_eq!(rebuilder.cache.markdown.blocks.len(), 3);
        // A rebuild that reuses every section keeps their blocks too.
        rebuilder.rebuild(&[]).ok().unwrap();
        assert_eq!(rebuilder.cache.markdown.blocks.len(), 3);
        let check = |rebuilder: &mut Rebuilder, changed: &str, what: &str| {
            let site = rebuilder.rebuild(&[PathBuf::from(changed)]).ok().unwrap();
            assert!(site.files == fresh(root), "after {what}");
        };
        for (rel, from, to) in [
            ("content/01-first.md", "Intro text", "New intro text"),
            ("content/data/growth.yaml", "pct: 900", "pct: 950"),
            ("content/data/things.yaml", "Beta", "Bravo"),
            // A setting of the brief that changes how every section is written out.
            (
                "content/brief.yaml",
                "title: Test Brief",
                "title: Test Brief\nsanitize: true",
            ),
            // A new first figure renumbers the others; removing it numbers them back.
            (
                "content/01-first.md",
                "New intro text",
                "```chart\nid: early\ndata: series\ntype: bar\nx: year\ny: value\n```\n\nNew intro text",
            ),
            ("content/01-first.md", "id: early", "id: earlier"),
            (
                "content/01-first.md",
                "```chart\nid: earlier",
                "```yaml\nid: earlier",
            ),
        ] {
            edit(rel, from, to);
            check(&mut rebuilder, rel, &format!("editing {rel}"));
        }
        // Sections added, reordered, made drafts and removed: only they are read again.
        std::fs::write(
            root.join("content/03-third.md"),
            "---\ntitle: Third\n---\n\nSee [](#fig-growth).\n",
        )
        .unwrap();
        check(&mut rebuilder, "content/03-third.md", "adding a section");
        assert!(rebuilder.loaded.is_some(), "the brief was kept");
        edit(
            "content/03-third.md",
            "title: Third",
            "title: Third\norder: -1",
        );
        check(
            &mut rebuilder,
            "content/03-third.md",
            "reordering a section",
        );
        edit("content/03-third.md", "order: -1", "draft: true");
        check(
            &mut rebuilder,
            "content/03-third.md",
            "making a section a draft",
        );
        edit("content/03-third.md", "draft: true", "draft: false");
        check(&mut rebuilder, "content/03-third.md", "publishing a draft");
        std::fs::remove_file(root.join("content/03-third.md")).unwrap();
        check(&mut rebuilder, "content/03-third.md", "removing a section");
        // A section that does not load: the whole brief is loaded, and the error reported.
        std::fs::write(root.join("content/03-third.md"), "---\ntitel: x\n---\n").unwrap();
        let failed = rebuilder
            .rebuild(&[PathBuf::from("content/03-third.md")])
            .err()
            .unwrap();
        assert!(failed.0[0].message.contains("titel"), "{:?}", failed.0);
        std::fs::remove_file(root.join("content/03-third.md")).unwrap();
        check(
            &mut rebuilder,
            "content/03-third.md",
            "removing the broken section",
        );
        std::fs::create_dir_all(root.join("templates")).unwrap();
        let figure = crate::theme::DEFAULT_TEMPLATES
            .iter()
            .find(|(name, _)| *name == "figure.html")
            .unwrap()
            .1;
        std::fs::write(
            root.join("templates/figure.html"),
            figure.replace("<figure", "<figure data-edited"),
        )
        .unwrap();
        let site = rebuilder
            .rebuild(&[PathBuf::from("templates/figure.html")])
            .ok()
            .unwrap();
        assert!(site.files == fresh(root), "after editing a template");
        let page = String::from_utf8(site.files["index.html"].clone()).unwrap();
        assert!(page.contains("data-edited"));
        assert_eq!(
            rebuilder.cache.markdown.blocks.len(),
            3,
            "blocks no longer used are forgotten"
        );
    }

    #[test]
    fn shells_and_sections_are_made_again_only_when_what_they_show_changed() {
        let dir = crate::testing::fixture("basic");
        let root = dir.path();
        let mut rebuilder = Rebuilder::new(root);
        let edit = |rel: &str, from: &str, to: &str| replace_in(root, rel, from, to);
        // Rebuilds after `what` with the bytes of a fresh build; returns how many shells and
        // sections were made so far, and the page.
        let check = |rebuilder: &mut Rebuilder, changed: &[PathBuf], what: &str| {
            let site = rebuilder.rebuild(changed).ok().unwrap();
            let fresh = crate::pipeline::render_site(root, &rebuilder_options())
                .ok()
                .unwrap();
            assert!(site.files == fresh.files, "after {what}");
            let made = (
                rebuilder.cache.shells.made(),
                rebuilder.cache.markdown.sections.made(),
            );
            let page = String::from_utf8(site.files["index.html"].clone()).unwrap();
            (made, page)
        };
        let first = [PathBuf::from("content/01-first.md")];
        let (made, _) = check(&mut rebuilder, &[], "the first build");
        assert_eq!(made, (1, 2), "one shell, two sections");
        let (made, _) = check(&mut rebuilder, &[], "no change");
        assert_eq!(made, (1, 2), "nothing made again");
        // More words in the body: that section alone is filled again; the shell is kept.
        edit(
            "content/01-first.md",
            "Intro text with",
            "Intro text, longer now, with",
        );
        let (made, page) = check(&mut rebuilder, &first, "editing a paragraph");
        assert_eq!(made, (1, 3));
        assert!(page.contains("longer now"));
        // A new heading is a new entry in the contents: the shell is laid out again.
        edit(
            "content/01-first.md",
            "[^one]: The first note.",
            "## A new heading\n\nMore text.\n\n[^one]: The first note.",
        );
        let (made, page) = check(&mut rebuilder, &first, "adding a heading");
        assert_eq!(made, (2, 4));
        assert!(page.contains("href=\"#a-new-heading\""), "in the contents");
        // A section renamed: the contents change, and so do its notes' ids.
        edit(
            "content/01-first.md",
            "title: First Section",
            "title: First Part",
        );
        let (made, page) = check(&mut rebuilder, &first, "renaming a section");
        assert_eq!(made, (3, 5));
        assert!(page.contains("id=\"fn-first-part-one\""));
        // A third section, with a link to the first figure and no block of its own.
        let third = PathBuf::from("content/03-third.md");
        std::fs::write(
            root.join(&third),
            "---\ntitle: Third\n---\n\nSee [](#fig-growth), after.\n",
        )
        .unwrap();
        let (made, page) = check(&mut rebuilder, &[third], "adding a section");
        assert_eq!(made, (4, 6));
        assert!(page.contains(">Figure\u{a0}1</a>, after"));
        // A new figure first: every later figure is numbered again, so the link in the third
        // section now reads "Figure 2": it is filled again although its file did not change.
        // The shell shows no figure.
        edit(
            "content/01-first.md",
            "```chart\nid: growth",
            "```chart\nid: early\ndata: growth\ntype: bar\nx: category\ny: pct\n```\n\n```chart\nid: growth",
        );
        let (made, page) = check(&mut rebuilder, &first, "adding a figure");
        assert_eq!(made, (4, 9), "all three sections");
        assert!(page.contains(">Figure\u{a0}2</a>, after"));
        // The brief's own page template: the page is rendered whole, with no shell; the
        // theme changed, so every block is drawn again and the sections that show one are
        // filled again.
        std::fs::create_dir_all(root.join("templates")).unwrap();
        let default = crate::theme::DEFAULT_TEMPLATES
            .iter()
            .find(|(name, _)| *name == "brief.html")
            .unwrap()
            .1;
        let template = [PathBuf::from("templates/brief.html")];
        std::fs::write(root.join(&template[0]), format!("{default}\n")).unwrap();
        let (made, _) = check(&mut rebuilder, &template, "a page template");
        assert_eq!(made, (4, 11));
        // Back to a copy of the default: a shell again.
        std::fs::write(root.join(&template[0]), default).unwrap();
        let (made, _) = check(&mut rebuilder, &template, "the default page template");
        assert_eq!(made, (5, 13));
    }

    #[test]
    fn a_translation_is_rebuilt_in_its_folder_with_the_bytes_of_a_full_render() {
        let dir = crate::testing::fixture("basic");
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("content/fr/brief.yaml", "title: Un essai\n");
        let first = std::fs::read_to_string(root.join("content/01-first.md")).unwrap();
        write(
            "content/fr/01-first.md",
            &first.replace("Intro text with", "Texte ouvrant avec"),
        );
        let mut rebuilder = Rebuilder::new(root);
        let check = |rebuilder: &mut Rebuilder, changed: &str, what: &str| {
            let changed: Vec<PathBuf> = [changed].iter().map(PathBuf::from).collect();
            let site = rebuilder.rebuild(&changed).ok().unwrap();
            let fresh = crate::pipeline::render_site(root, &rebuilder_options())
                .ok()
                .unwrap();
            assert!(site.files == fresh.files, "after {what}");
            assert_eq!(site.warnings, fresh.warnings, "after {what}");
            assert!(rebuilder.loaded.is_some(), "after {what}");
            String::from_utf8(site.files["fr/index.html"].clone()).unwrap()
        };
        let page = check(&mut rebuilder, "content", "the first build");
        assert!(page.contains("Texte ouvrant"), "{page}");
        assert!(page.contains("href=\"../style.css\""), "{page}");
        // The untranslated section is the original's, warned about each time.
        let site = rebuilder.rebuild(&[]).ok().unwrap();
        assert!(
            site.warnings
                .iter()
                .any(|w| w.message.contains("not translated"))
        );
        for (rel, from, to) in [
            ("content/fr/01-first.md", "Texte ouvrant", "Un autre texte"),
            ("content/fr/brief.yaml", "Un essai", "Un second essai"),
            (
                "content/02-second.md",
                "Second Section",
                "Second Section, revised",
            ),
        ] {
            replace_in(root, rel, from, to);
            let page = check(&mut rebuilder, rel, &format!("editing {rel}"));
            assert!(page.contains(to), "{rel}: {page}");
        }
    }

    /// Replaces `from` (which must be there) with `to` in the file `rel` of `root`.
    fn replace_in(root: &Path, rel: &str, from: &str, to: &str) {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }

    fn rebuilder_options() -> PageOptions {
        PageOptions {
            reload_script: RELOAD_SCRIPT.to_string(),
            ..PageOptions::default()
        }
    }
}
