//! A short fuzz smoke run in the normal test suite: every seed of `fuzz/seeds/` and a few
//! hundred deterministic mutations of them go through the same entry points as the libFuzzer
//! targets in `fuzz/` (see RELIABILITY.md). Any panic fails the test.

use std::fs;

use crate::{Rng, repo_root};

/// Tokens that matter to the parsers: YAML and Markdown syntax, fences, odd numbers.
const TOKENS: &[&str] = &[
    "\n",
    "---\n",
    "```",
    "```chart\n",
    "```table\n",
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "#",
    "[^a]",
    "[](#",
    "> ",
    "|",
    "*",
    "_",
    "<script>",
    "&",
    "null",
    ".nan",
    ".inf",
    "-.inf",
    "1e308",
    "-0",
    "NO",
    "~",
    "\t",
    "\u{feff}",
    "é",
    "नम",
    "\r\n",
    "  ",
    "type: ",
    "y: [a, b]",
    "x: ",
    "data: d\n",
    "!!binary",
    "&a ",
    "*a",
    "<<: ",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut text: Vec<char> = seed.chars().collect();
    for _ in 0..=rng.below(8) {
        let at = rng.below(text.len() + 1);
        match rng.below(4) {
            0 if !text.is_empty() => {
                let end = (at + rng.below(16)).min(text.len());
                text.drain(at.min(end)..end);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                text.splice(at..at, token.chars());
            }
            2 if !text.is_empty() => {
                // Duplicate a slice (repeats keys, rows, blocks).
                let start = rng.below(text.len());
                let end = (start + rng.below(64)).min(text.len());
                let copy: Vec<char> = text[start..end].to_vec();
                text.splice(at..at, copy);
            }
            _ => {
                let c = char::from_u32(rng.below(0x3000) as u32).unwrap_or('?');
                text.insert(at, c);
            }
        }
    }
    text.into_iter().collect()
}

fn run(target: &str, entry: fn(&str), mutations: usize) {
    let dir = repo_root().join("fuzz/seeds").join(target);
    let mut seeds: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    for seed in &seeds {
        entry(seed);
    }
    let mut rng = Rng(0x5eed_0000 + target.len() as u64);
    for _ in 0..mutations {
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed);
        let result = std::panic::catch_unwind(|| entry(&input));
        assert!(result.is_ok(), "{target} panicked on input:\n{input:?}");
    }
}

#[test]
fn markdown_target_survives_its_seeds_and_mutations() {
    run("markdown", brief::fuzz::section, 300);
}

#[test]
fn dataset_target_survives_its_seeds_and_mutations() {
    run("dataset", brief::fuzz::dataset_file, 300);
}

#[test]
fn chart_target_survives_its_seeds_and_mutations() {
    run("chart", brief::fuzz::chart, 300);
}
