//! Edit-to-reload benchmark for `brief serve`: starts the real server on a free port, listens
//! to its reload event stream, then edits one section again and again and times each edit
//! until the `reload` event arrives (watcher + rebuild + event). Also collects the
//! rebuild times the server prints. Run through `benches/serve-reload.sh`.
//!
//! Usage: serve_reload <brief binary> <brief folder | --generate N> [edits]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: serve_reload <brief binary> <brief folder | --generate N> [edits]");
        std::process::exit(2);
    }
    let binary = PathBuf::from(&args[1]);
    if args[1] == "--generate-only" {
        generate(
            Path::new(&args[3]),
            args[2].parse().expect("a number of sections"),
        );
        return;
    }
    let work = tempdir();
    let (root, label) = if args[2] == "--generate" {
        let n: usize = args[3].parse().expect("a number of sections");
        let root = work.join("generated");
        generate(&root, n);
        (root, format!("generated brief, {n} sections"))
    } else {
        let root = work.join("brief");
        for part in ["content", "templates", "static"] {
            copy_tree(&Path::new(&args[2]).join(part), &root.join(part));
        }
        (root, format!("{} (copied)", args[2]))
    };
    let edits: usize = args
        .get(if args[2] == "--generate" { 4 } else { 3 })
        .and_then(|e| e.parse().ok())
        .unwrap_or(30);

    let mut child = Command::new(&binary)
        .args(["serve", "--port", "0", "--verbose", "--root"])
        .arg(&root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("cannot start brief");
    let (tx, lines) = mpsc::channel::<String>();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let patience = Duration::from_secs(60);
    let mut first_build = String::new();
    let port: u16 = loop {
        let line = lines
            .recv_timeout(patience)
            .expect("the server did not start");
        if line.starts_with("Built in ") {
            first_build = line.clone();
        }
        if let Some((_, rest)) = line.rsplit_once("http://127.0.0.1:") {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };

    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(patience)).unwrap();
    write!(
        stream,
        "GET /__brief/events HTTP/1.0\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(stream);
    wait_for_event(&mut events, "hello");

    // The section to edit: the middle one, so that sections before and after it exist.
    let mut sections: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    sections.sort();
    let target = sections[sections.len() / 2].clone();
    let original = std::fs::read_to_string(&target).unwrap();

    let mut reloads = Vec::new();
    let mut rebuilds = Vec::new();
    for i in 0..edits {
        // Let the watcher settle so each edit is timed alone.
        std::thread::sleep(Duration::from_millis(150));
        while lines.try_recv().is_ok() {}
        let start = Instant::now();
        std::fs::write(&target, format!("{original}\nEdit number {i}.\n")).unwrap();
        wait_for_event(&mut events, "reload");
        reloads.push(start.elapsed().as_secs_f64() * 1000.0);
        if let Ok(line) = lines.recv_timeout(patience)
            && let Some(ms) = line
                .strip_prefix("Rebuilt in ")
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse::<f64>().ok())
        {
            rebuilds.push(ms);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&work);

    println!(
        "{label}: {first_build}; {edits} edits of {}",
        target.file_name().unwrap().to_string_lossy()
    );
    println!("  edit → reload event: {}", stats(&mut reloads));
    println!("  rebuild (as printed): {}", stats(&mut rebuilds));
}

fn stats(values: &mut [f64]) -> String {
    if values.is_empty() {
        return "no data".into();
    }
    values.sort_by(f64::total_cmp);
    let pick = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    format!(
        "median {:.1} ms, p10 {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
        pick(0.5),
        pick(0.1),
        pick(0.9),
        values[0],
        values[values.len() - 1]
    )
}

fn wait_for_event(events: &mut BufReader<TcpStream>, name: &str) {
    let wanted = format!("event: {name}");
    loop {
        let mut line = String::new();
        let n = events.read_line(&mut line).expect("no event in time");
        assert!(n > 0, "the event stream ended");
        if line.trim_end() == wanted {
            return;
        }
    }
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("brief-serve-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    if !from.is_dir() {
        return;
    }
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A brief of `n` sections of about 250 words, each with a subheading, a footnote and a
/// cross-reference; every tenth section has a chart and every tenth (offset by five) a table.
fn generate(root: &Path, n: usize) {
    let content = root.join("content");
    std::fs::create_dir_all(content.join("data")).unwrap();
    std::fs::write(
        content.join("brief.yaml"),
        "title: A Generated Brief\nauthors:\n  - name: Bench Mark\ndate: \"2025-01-01\"\nsummary: A long brief for timing.\n",
    )
    .unwrap();
    let mut rows = String::new();
    for year in 2000..2025 {
        rows.push_str(&format!(
            "  - {{year: \"{year}\", a: {}, b: {}}}\n",
            (year - 1990) * 3,
            (year - 1995) * 2
        ));
    }
    std::fs::write(
        content.join("data/series.yaml"),
        format!("title: Series\nsource: {{name: Generated}}\ncolumns:\n  year: {{type: text}}\n  a: {{type: number}}\n  b: {{type: number}}\nrows:\n{rows}"),
    )
    .unwrap();
    let paragraph = "Trade in critical technologies grew quickly over the decade, and the partnership \
        widened from defence to semiconductors, clean energy and space. Officials on both sides \
        describe the agenda as ambitious but uneven: export controls, visas and data rules still \
        slow the work, and several initiatives exist mostly on paper. The evidence points to \
        steady, if modest, gains where industry leads and governments follow.";
    for i in 1..=n {
        let mut text = format!(
            "---\ntitle: Section {i}\n---\n\n{paragraph}[^n{i}]\n\n## Details of part {i}\n\n{paragraph}\n\n- One point about **part {i}**\n- Another point, with a [link](https://example.org/{i})\n\n{paragraph}\n"
        );
        if i % 10 == 0 {
            text.push_str(&format!(
                "\n```chart\nid: chart-{i}\ndata: series\ntype: line\nx: year\ny: [a, b]\ntitle: Chart for section {i}\n```\n\nSee [](#fig-chart-{i}).\n"
            ));
        }
        if i % 10 == 5 {
            text.push_str(&format!(
                "\n```table\nid: table-{i}\ndata: series\ncaption: Table for section {i}\n```\n"
            ));
        }
        text.push_str(&format!("\n[^n{i}]: A note for section {i}.\n"));
        std::fs::write(content.join(format!("{i:04}-section.md")), text).unwrap();
    }
}
