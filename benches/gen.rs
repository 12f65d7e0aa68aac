//! Benchmark input generator: a synthetic brief of N sections, and the same text laid out for
//! the peers we compare against (Hugo, pandoc, mdBook).
//!
//! ```sh
//! cargo run --release --example gen -- 1000 /tmp/brief-bench/n1000
//! ```
//!
//! writes, under the output folder:
//!
//! - `brief/`  a brief: `content/brief.yaml`, `content/NNNNN-section.md`, `content/data/*.yaml`
//! - `hugo/`   a Hugo site, one page per section (`uglyURLs`, so no folder per page), minimal
//!   layouts that print the page's content
//! - `hugo-one/` the same Hugo site with every section in one page (like brief's output)
//! - `pandoc/all.md`  every section in one file, for `pandoc -s` to one standalone HTML page
//! - `mdbook/` an mdBook book, one chapter per section
//!
//! Every section has about 600 words: a title, `##`/`###` headings (one, "Recommendations", in
//! every section, so ids repeat across the document), paragraphs with emphasis, code and
//! links, a bulleted and a numbered list, a GFM table, a block quote, two footnotes and a
//! cross-reference to an earlier section. Every 5th section has a ` ```chart ` (a 20-point line
//! chart) and its own 20-row dataset; every 10th also a ` ```table ` of that dataset. The
//! peers get exactly the same Markdown; they show the chart and table blocks as code.
//!
//! The output is deterministic: the same N gives the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const WORDS: &[&str] = &[
    "partnership",
    "trade",
    "technology",
    "policy",
    "supply",
    "chains",
    "semiconductors",
    "investment",
    "cooperation",
    "security",
    "defense",
    "export",
    "controls",
    "tariffs",
    "agreement",
    "negotiations",
    "research",
    "innovation",
    "talent",
    "visas",
    "regulation",
    "markets",
    "growth",
    "capacity",
    "manufacturing",
    "energy",
    "climate",
    "finance",
    "standards",
    "data",
    "privacy",
    "infrastructure",
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "for",
    "with",
    "on",
    "as",
    "by",
    "is",
    "that",
    "its",
    "both",
    "governments",
    "firms",
    "officials",
    "ministers",
    "allies",
    "region",
    "strategy",
    "framework",
    "dialogue",
    "council",
    "initiative",
    "program",
    "budget",
    "funding",
    "resilience",
    "risk",
    "access",
    "barriers",
    "reform",
    "review",
    "commitment",
    "implementation",
    "progress",
    "delays",
    "critical",
    "emerging",
    "shared",
    "bilateral",
    "multilateral",
    "domestic",
    "global",
    "strategic",
    "durable",
    "fragile",
    "rapid",
    "modest",
    "significant",
];

const HEADS: &[&str] = &[
    "Background",
    "Context",
    "Evidence",
    "Trade flows",
    "Investment",
    "Technology transfer",
    "Export controls",
    "Supply chains",
    "Talent and visas",
    "Standards",
    "Energy and climate",
    "Security",
    "Institutions",
    "Risks",
    "Outlook",
    "Costs and benefits",
];

/// A small deterministic generator (xorshift64*), so output depends on nothing but N.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A sentence of `n` words; some words get emphasis, code or a link.
fn sentence(rng: &mut Rng, n: usize, words: &mut usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let w = rng.word();
        if i > 0 {
            out.push(' ');
        }
        match (i, rng.below(40)) {
            (0, _) => out.push_str(&capitalise(w)),
            (_, 0) => write!(out, "**{w}**").unwrap(),
            (_, 1) => write!(out, "*{w}*").unwrap(),
            (_, 2) => write!(out, "`{w}`").unwrap(),
            (_, 3) => write!(out, "[{w}](https://example.org/{w})").unwrap(),
            _ => out.push_str(w),
        }
    }
    *words += n;
    out.push('.');
    out
}

fn paragraph(rng: &mut Rng, sentences: usize, words: &mut usize) -> String {
    (0..sentences)
        .map(|_| {
            let n = 8 + rng.below(13);
            sentence(rng, n, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The section's Markdown body (without its title) and its title.
fn section(i: usize, rng: &mut Rng) -> (String, String) {
    let mut words = 0;
    let title = format!(
        "{} {} {}",
        capitalise(rng.word()),
        rng.word(),
        HEADS[rng.below(HEADS.len())].to_lowercase()
    );
    let mut md = String::new();
    let head = |rng: &mut Rng| HEADS[rng.below(HEADS.len())];
    writeln!(md, "{} [^a]\n", paragraph(rng, 4, &mut words)).unwrap();
    writeln!(md, "## {}\n", head(rng)).unwrap();
    writeln!(md, "{}\n", paragraph(rng, 5, &mut words)).unwrap();
    for _ in 0..4 {
        let n = 6 + rng.below(8);
        writeln!(md, "- {}", sentence(rng, n, &mut words)).unwrap();
    }
    md.push('\n');
    if i > 1 {
        let earlier = 1 + rng.below(i - 1);
        writeln!(
            md,
            "As [section {earlier}](#s{earlier}) showed, {}\n",
            paragraph(rng, 3, &mut words).to_lowercase()
        )
        .unwrap();
    } else {
        writeln!(md, "{}\n", paragraph(rng, 3, &mut words)).unwrap();
    }
    writeln!(md, "## {}\n", head(rng)).unwrap();
    writeln!(md, "{}\n", paragraph(rng, 4, &mut words)).unwrap();
    md.push_str("| Indicator | 2022 | 2023 | Change |\n|---|---:|---:|---:|\n");
    for _ in 0..4 {
        let (a, b) = (10 + rng.below(900), 10 + rng.below(900));
        writeln!(
            md,
            "| {} {} | {a} | {b} | {:+} |",
            capitalise(rng.word()),
            rng.word(),
            b as i64 - a as i64
        )
        .unwrap();
    }
    md.push('\n');
    writeln!(md, "{}\n", paragraph(rng, 4, &mut words)).unwrap();
    writeln!(md, "> {}\n", paragraph(rng, 2, &mut words)).unwrap();
    writeln!(md, "### Recommendations\n").unwrap();
    for n in 1..=3 {
        let len = 8 + rng.below(8);
        writeln!(md, "{n}. {}", sentence(rng, len, &mut words)).unwrap();
    }
    md.push('\n');
    if i.is_multiple_of(5) {
        writeln!(md, "See [](#fig-s{i}) for the trend.\n").unwrap();
        writeln!(
            md,
            "```chart\nid: s{i}\ndata: series_{i:05}\ntype: line\nx: year\ny: value\ntitle: Indicator {i}, 2005–2024\ny_label: Index\ncaption: The indicator rose, with setbacks.\n```\n"
        )
        .unwrap();
    }
    if i.is_multiple_of(10) {
        writeln!(
            md,
            "```table\nid: s{i}\ndata: series_{i:05}\ncaption: Indicator {i}, year by year\n```\n"
        )
        .unwrap();
    }
    // Fill up to about 600 words.
    while words < 560 {
        writeln!(md, "{}\n", paragraph(rng, 3, &mut words)).unwrap();
    }
    writeln!(md, "{} [^b]\n", paragraph(rng, 2, &mut words)).unwrap();
    writeln!(md, "[^a]: {}", sentence(rng, 12, &mut words)).unwrap();
    writeln!(
        md,
        "[^b]: See [the source](https://example.org/source/{i})."
    )
    .unwrap();
    (md, title)
}

fn dataset(i: usize, rng: &mut Rng) -> String {
    let mut out = format!(
        "title: Indicator {i}\nsource:\n  name: Synthetic benchmark data\n  url: https://example.org/data/{i}\ncolumns:\n  year: {{label: Year, type: number}}\n  value: {{label: Index, type: number}}\nrows:\n"
    );
    let mut v = 50.0 + rng.below(50) as f64;
    for year in 2005..2025 {
        v += (rng.below(200) as f64 - 90.0) / 10.0;
        writeln!(out, "  - {{year: {year}, value: {v:.1}}}").unwrap();
    }
    out
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, text).expect("write file");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen <sections> <output folder>";
    let n: usize = args.next().and_then(|a| a.parse().ok()).expect(usage);
    let out = std::path::PathBuf::from(args.next().expect(usage));
    if out.exists() {
        fs::remove_dir_all(&out).expect("clear the output folder");
    }

    let brief = out.join("brief");
    let hugo = out.join("hugo");
    let mdbook = out.join("mdbook");
    write(
        &brief.join("content/brief.yaml"),
        &format!(
            "title: \"Synthetic brief, {n} sections\"\nsubtitle: A benchmark input\nauthors:\n  - name: Bench Author\n    affiliation: brief benchmarks\norganization: brief\ndate: \"2026-01-01\"\nlanguage: en\nbase_url: https://example.org/bench/\nsummary: |\n  A generated brief of {n} sections, about 600 words each.\nkey_takeaways:\n  - \"**Deterministic:** the same N gives the same input.\"\n"
        ),
    );
    write(
        &hugo.join("hugo.toml"),
        "baseURL = \"https://example.org/bench/\"\ntitle = \"Synthetic brief\"\nuglyURLs = true\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n[markup.highlight]\ncodeFences = false\n",
    );
    write(
        &hugo.join("layouts/_default/single.html"),
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><main><h1>{{ .Title }}</h1>\n{{ .Content }}\n</main></body></html>\n",
    );
    write(
        &hugo.join("layouts/_default/list.html"),
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n<body><ol>{{ range .Site.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ol></body></html>\n",
    );
    write(
        &mdbook.join("book.toml"),
        "[book]\ntitle = \"Synthetic brief\"\nlanguage = \"en\"\n\n[output.html]\nsearch.enable = false\n",
    );

    let mut pandoc = format!("---\ntitle: \"Synthetic brief, {n} sections\"\n---\n\n");
    // The sections as one document, each under a `# Title {#sN}` heading.
    let mut one = String::new();
    let mut summary = String::from("# Summary\n\n");
    for i in 1..=n {
        let mut rng = Rng::new(i as u64);
        let (body, title) = section(i, &mut rng);
        let name = format!("{i:05}-section.md");
        write(
            &brief.join("content").join(&name),
            &format!("---\ntitle: \"{title}\"\nid: s{i}\n---\n\n{body}"),
        );
        write(
            &hugo.join("content").join(&name),
            &format!("---\ntitle: \"{title}\"\nweight: {i}\n---\n\n{body}"),
        );
        // One file: footnote labels must be unique across the document.
        let unique = body
            .replace("[^a]", &format!("[^s{i}a]"))
            .replace("[^b]", &format!("[^s{i}b]"));
        writeln!(one, "# {title} {{#s{i}}}\n\n{unique}").unwrap();
        write(
            &mdbook.join("src").join(&name),
            &format!("# {title}\n\n{body}"),
        );
        writeln!(summary, "- [{title}](./{name})").unwrap();
        if i.is_multiple_of(5) {
            let data = dataset(i, &mut rng);
            write(
                &brief.join(format!("content/data/series_{i:05}.yaml")),
                &data,
            );
        }
    }
    pandoc.push_str(&one);
    write(&out.join("pandoc/all.md"), &pandoc);
    let hugo_one = out.join("hugo-one");
    for file in [
        "hugo.toml",
        "layouts/_default/single.html",
        "layouts/_default/list.html",
    ] {
        let text = fs::read_to_string(hugo.join(file)).expect("read the Hugo site");
        write(&hugo_one.join(file), &text);
    }
    write(
        &hugo_one.join("content/brief.md"),
        &format!("---\ntitle: \"Synthetic brief, {n} sections\"\n---\n\n{one}"),
    );
    write(&mdbook.join("src/SUMMARY.md"), &summary);
}
