//! Helpers for the unit tests.

use std::path::Path;

/// A copy of the test fixture `tests/testsuite/fixtures/<name>` in a temporary folder.
pub(crate) fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/testsuite/fixtures")
        .join(name);
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

/// The keys serde accepts in a mapping of type `T`: its field names as written in YAML
/// (renames applied), read from its `Deserialize` implementation.
pub(crate) fn serde_keys<'de, T: serde::Deserialize<'de>>() -> Vec<&'static str> {
    serde_aux::serde_introspection::serde_introspect::<T>().to_vec()
}

/// The rows of README's reference table that follows `<!-- keys: TABLE -->`: the keys each
/// row names (every `` `key` `` of its first cell) and its type cell. Each row must fill its
/// type, default and meaning.
fn readme_rows(table: &str) -> Vec<(Vec<String>, String)> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let marker = format!("<!-- keys: {table} -->");
    let at = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("README has no `{marker}` table"));
    let rows = readme[at + marker.len()..]
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with('|'))
        .skip(2);
    rows.map(|row| {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        assert!(
            cells.len() == 4 && cells.iter().all(|c| !c.is_empty()),
            "README `{table}` row without its type, default and meaning: {row}"
        );
        let keys = cells[0].split('`').skip(1).step_by(2).map(str::to_string);
        (keys.collect(), cells[1].to_string())
    })
    .collect()
}

/// The keys README documents in the reference table `table`.
pub(crate) fn readme_keys(table: &str) -> std::collections::BTreeSet<String> {
    readme_rows(table)
        .into_iter()
        .flat_map(|(keys, _)| keys)
        .collect()
}

/// Fails unless README's `table` gives, in the type of `key`, every value serde accepts for
/// it (`values`, from [`serde_keys`] of the enum) as `` `value` ``.
pub(crate) fn assert_values_documented(table: &str, key: &str, values: &[&str]) {
    let rows = readme_rows(table);
    let (_, kind) = rows
        .iter()
        .find(|(keys, _)| keys.iter().any(|k| k == key))
        .unwrap_or_else(|| panic!("README's `{table}` table has no `{key}`"));
    // A value may be quoted as YAML would need it: `","`.
    let documented: Vec<&str> = kind
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|v| v.trim_matches('"'))
        .collect();
    let missing: Vec<_> = values.iter().filter(|v| !documented.contains(v)).collect();
    assert!(
        missing.is_empty(),
        "README's `{table}` table: `{key}` accepts {missing:?}, which its type does not name"
    );
}

/// Fails unless README's `table` documents exactly the keys `accepted` (those the loader
/// takes, from [`serde_keys`]): none missing, none that the loader would refuse.
pub(crate) fn assert_documented(table: &str, accepted: &[&[&str]]) {
    let accepted: std::collections::BTreeSet<String> = accepted
        .iter()
        .flat_map(|keys| keys.iter().map(|k| k.to_string()))
        .collect();
    let documented = readme_keys(table);
    let missing: Vec<_> = accepted.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&accepted).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "README's `{table}` table: keys accepted but not documented {missing:?}; documented but not accepted {unknown:?}"
    );
}
