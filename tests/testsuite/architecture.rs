//! The shape of the code: the crate's modules form layers, with no import circle between
//! them. A circle makes every module in it depend on every other, which is what made the
//! codebase hard to change before (13 files in one circle, up to commit 8a15720).
//!
//! Read from the source text: every `crate::name` path (and `crate::{a, b}` group) outside
//! comments and unit tests is an edge from the file's top-level module to `name`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::repo_root;

/// The top-level module a file of `src/` belongs to (`markdown` for `src/markdown/plan.rs`).
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a Rust file without comments, string literals' contents or unit tests.
fn code_only(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `crate::name` references in `code`: the names right after `crate::`, including each
/// name of a `crate::{a, b::c}` group.
fn crate_refs(code: &str) -> BTreeSet<String> {
    let mut refs = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        // Not `$crate::` or part of a longer name (`brief_crate::`).
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for part in group.split(',') {
                let name = ident(part.trim());
                if !name.is_empty() {
                    refs.insert(name);
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                refs.insert(name);
            }
        }
    }
    refs
}

/// Module → the modules it refers to, for every top-level module of `src/` (the crate root
/// and the binary excluded: the root only declares modules and re-exports the surface).
fn module_graph() -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
    let src = repo_root().join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut root_items = Vec::new();
    let modules: BTreeSet<String> = fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
        .map(|p| module_of(p.strip_prefix(&src).unwrap()))
        .filter(|m| m != "lib" && m != "main")
        .collect();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry.path().strip_prefix(&src).unwrap();
        let module = module_of(rel);
        if module == "lib" || module == "main" {
            continue;
        }
        let code = code_only(&fs::read_to_string(entry.path()).unwrap());
        let edges = graph.entry(module.clone()).or_default();
        for name in crate_refs(&code) {
            if name == module {
                continue;
            }
            if modules.contains(&name) {
                edges.insert(name);
            } else {
                root_items.push(format!("{}: crate::{name}", rel.display()));
            }
        }
    }
    (graph, root_items)
}

/// A circle in `graph`, if there is one, as the modules along it.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn modules_form_layers_without_an_import_circle() {
    let (graph, _) = module_graph();
    assert!(graph.len() > 10, "the source was read: {graph:?}");
    if let Some(circle) = find_circle(&graph) {
        panic!(
            "import circle between modules: {}\n(a helper two modules share belongs in a lower \
             module: see ARCHITECTURE.md)",
            circle.join(" → ")
        );
    }
}

#[test]
fn modules_reach_each_other_by_module_not_through_the_crate_root() {
    // `crate::render_site` from a module would make it depend on the root, which depends on
    // every module: a circle through lib.rs.
    let (_, root_items) = module_graph();
    assert!(
        root_items.is_empty(),
        "items used through the crate root: {root_items:#?}"
    );
}

#[test]
fn the_circle_check_finds_circles() {
    // The check itself: a graph with a circle is caught, a layered one is not.
    let graph = |edges: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in edges {
            g.entry(a.to_string()).or_default().insert(b.to_string());
            g.entry(b.to_string()).or_default();
        }
        g
    };
    assert_eq!(
        find_circle(&graph(&[
            ("load", "yaml"),
            ("yaml", "diagnostics"),
            ("diagnostics", "load")
        ])),
        Some(vec![
            "diagnostics".into(),
            "load".into(),
            "yaml".into(),
            "diagnostics".into()
        ])
    );
    assert_eq!(
        find_circle(&graph(&[("load", "yaml"), ("page", "yaml")])),
        None
    );
    assert_eq!(
        crate_refs("use crate::{text::slugify, model};\nlet x = crate::page::lay_out();"),
        ["model", "page", "text"].map(String::from).into()
    );
}
