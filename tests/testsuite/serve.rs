//! `brief serve`: the real binary on a free port, spoken to over plain TCP (HTTP/1.0, so the
//! body ends when the server closes the connection and the event stream is not chunked).
//! Every wait is bounded, and waits for an event rather than sleeping.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::TestBrief;

/// How long anything may take before a test gives up (generous: CI machines are slow).
const PATIENCE: Duration = Duration::from_secs(20);

/// A running `brief serve`, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
    /// Lines the server printed (stdout and stderr), as they come.
    lines: mpsc::Receiver<String>,
    /// What it printed before it listened (the first build's warnings).
    startup: Vec<String>,
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    pub(crate) fn start(brief: &TestBrief) -> Server {
        Server::start_with(brief, &[])
    }

    /// Starts the server with more options (`--bind`, `--allowed-host`, …).
    pub(crate) fn start_with(brief: &TestBrief, options: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["serve", "--port", "0"])
            .args(options)
            .arg("--root")
            .arg(brief.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        for stream in [Box::new(out) as Box<dyn Read + Send>, Box::new(err)] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut server = Server {
            child,
            port: 0,
            lines,
            startup: Vec::new(),
        };
        let mut startup = Vec::new();
        let line = server.wait_for_line(|l| {
            startup.push(l.to_string());
            l.starts_with("Serving ")
        });
        server.startup = startup;
        let port = line
            .split_once("http://")
            .and_then(|(_, url)| url.split('/').next())
            .and_then(|authority| authority.rsplit_once(':'))
            .map(|(_, port)| port)
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        server.port = port;
        server
    }

    /// Waits for a line the server prints; panics with everything printed if none comes.
    fn wait_for_line(&self, mut matches: impl FnMut(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if matches(&line) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!(
            "the server did not print the line expected; it printed:\n{}",
            seen.join("\n")
        );
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    /// Sends `method path` exactly as given (no normalisation) and reads the whole response.
    fn request(&self, method: &str, path: &str) -> Response {
        self.send(&format!(
            "{method} {path} HTTP/1.0\r\nHost: localhost\r\n\r\n"
        ))
    }

    /// `GET path` naming `host` in the `Host` header.
    fn get_as(&self, host: &str, path: &str) -> Response {
        self.send(&format!("GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n"))
    }

    /// Sends a request exactly as written and reads the whole response (the first line and
    /// headers of an event stream, whose body does not end, are read by [`Server::events`]).
    fn send(&self, request: &str) -> Response {
        let mut stream = self.connect();
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let mut head_lines = head.lines();
        let status = head_lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP response: {raw:?}"));
        let headers = head_lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    /// Opens the reload event stream and waits for its `hello`, after which every rebuild is
    /// sure to be announced on it.
    fn events(&self) -> Events {
        self.events_with("Host: localhost\r\n")
    }

    /// [`Server::events`] with these header lines (each ending in `\r\n`).
    fn events_with(&self, headers: &str) -> Events {
        let mut stream = self.connect();
        write!(
            stream,
            "GET /__brief/events HTTP/1.0\r\n{headers}Accept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let mut status = String::new();
        events.reader.read_line(&mut status).unwrap();
        assert!(status.contains(" 200 "), "{status}");
        let mut content_type = String::new();
        loop {
            let mut line = String::new();
            events.reader.read_line(&mut line).unwrap();
            if line.to_ascii_lowercase().starts_with("content-type:") {
                content_type = line.clone();
            }
            if line.trim().is_empty() {
                break;
            }
        }
        assert!(content_type.contains("text/event-stream"), "{content_type}");
        assert_eq!(events.next().0, "hello");
        events
    }

    /// Waits for reload events until the page satisfies `ok` (a save can bring more than one
    /// rebuild); returns the page.
    fn reload_until(&self, events: &mut Events, ok: impl Fn(&str) -> bool) -> String {
        self.reload_until_at(events, "/", ok)
    }

    /// [`Server::reload_until`] for the page at `path`.
    fn reload_until_at(
        &self,
        events: &mut Events,
        path: &str,
        ok: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            assert!(
                Instant::now() < deadline,
                "no reload brought the expected page"
            );
            let (event, _) = events.next();
            if event != "reload" {
                continue;
            }
            let page = self.get(path).body;
            if ok(&page) {
                return page;
            }
        }
    }

    /// Sends `signal` (`INT`, as Ctrl-C does, or `TERM`) and waits for the exit.
    fn stop_with(mut self, signal: &str) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The next event's name and data, within [`PATIENCE`] (keep-alive comments do not
    /// extend it).
    fn next(&mut self) -> (String, String) {
        let deadline = Instant::now() + PATIENCE;
        let (mut event, mut data) = (String::new(), String::new());
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .filter(|d| !d.is_zero())
                .expect("no event came in time");
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("no event came in time");
            assert!(n > 0, "the event stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !event.is_empty() || !data.is_empty() {
                    return (event, data);
                }
            } else if let Some(v) = line.strip_prefix("event:") {
                event = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data = v.trim().to_string();
            }
            // `:` lines are keep-alive comments.
        }
    }
}

#[test]
fn serves_the_page_and_its_files_with_their_types() {
    let brief = TestBrief::fixture("basic");
    let server = Server::start(&brief);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.body.contains("<title>Test Brief"));
    // The reload script is there, at the end of the body, in serve mode only.
    assert!(page.body.contains("new EventSource(\"/__brief/events\")"));
    brief.build().assert_success();
    assert!(!brief.output("index.html").contains("EventSource"));
    // Apart from the script, the served page is the built page.
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squash(&page.body.replace(brief::RELOAD_SCRIPT, "")) == squash(&brief.output("index.html")),
        "the served page differs from the built one"
    );

    assert_eq!(server.get("/index.html").body, page.body);
    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/charts/growth.svg", "image/svg+xml"),
        ("/data/things.csv", "text/csv; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(kind), "{path}");
        assert!(
            response.body == brief.output(path.trim_start_matches('/')),
            "{path} differs from the built file"
        );
    }

    let head = server.request("HEAD", "/style.css");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let missing = server.get("/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("<h1>Not found</h1>"),
        "{}",
        missing.body
    );
}

#[test]
fn an_edited_section_reloads_the_browser_with_the_new_text() {
    let brief = TestBrief::fixture("basic");
    let server = Server::start(&brief);
    let mut events = server.events();
    let section = std::fs::read_to_string(brief.path().join("content/01-first.md")).unwrap();
    brief.write(
        "content/01-first.md",
        section.replace("Intro text with a note.", "Freshly edited words."),
    );
    let page = server.reload_until(&mut events, |p| shows(p, "Freshly edited words."));
    assert!(!page.contains("brief-error-overlay"));
    // The rebuild is reported with its time and the file that changed.
    let line = server.wait_for_line(|l| l.starts_with("Rebuilt in "));
    assert!(line.contains(" ms"), "{line}");
    assert!(line.contains("content/01-first.md"), "{line}");
}

#[test]
fn every_edition_is_served_and_reloads_on_edits_to_its_files_and_the_shared_ones() {
    let brief = TestBrief::bundled();
    let server = Server::start(&brief);
    let original = server.get("/");
    assert_eq!(original.status, 200);
    // The switcher's link to the translation leads to its page, in Hindi, with the reload
    // script.
    let html = scraper::Html::parse_document(&original.body);
    let switch = crate::select(&html, "nav.editions a[hreflang=hi]");
    assert_eq!(
        switch[0].value().attr("href"),
        Some("https://example.org/us-india-tech/hi/")
    );
    let hindi = server.get("/hi/");
    assert_eq!(hindi.status, 200);
    assert_eq!(
        hindi.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        hindi.body.contains("<html lang=\"hi\""),
        "{}",
        &hindi.body[..200]
    );
    assert!(shows(&hindi.body, "अमेरिका–भारत"));
    assert!(hindi.body.contains(brief::RELOAD_SCRIPT));
    assert_eq!(server.get("/hi/index.html").body, hindi.body);
    // Its own charts and citations are served from its folder; what it shares with the
    // original (the data, the stylesheet) only at the root, where its links lead.
    assert_eq!(server.get("/hi/charts/trade-growth.svg").status, 200);
    assert!(server.get("/hi/cite.bib").body.contains("सुर्ख़ियों से आगे"));
    assert!(hindi.body.contains("href=\"../data/sectors.csv\""));
    assert!(hindi.body.contains("href=\"../style.css\""));
    assert_eq!(server.get("/data/sectors.csv").status, 200);
    assert_eq!(server.get("/hi/data/sectors.csv").status, 404);
    assert_eq!(server.get("/hi/style.css").status, 404);

    // A translated section edited: the translation's page shows it.
    let mut events = server.events();
    let rel = "content/hi/01-introduction.md";
    let section = std::fs::read_to_string(brief.path().join(rel)).unwrap();
    brief.write(rel, section.replace("यही विरोधाभास", "नया अनुच्छेद"));
    server.reload_until_at(&mut events, "/hi/", |p| shows(p, "नया अनुच्छेद"));
    let line = server.wait_for_line(|l| l.starts_with("Rebuilt in "));
    assert!(line.contains(rel), "{line}");
    // A section the translation does not translate: its page shows the original's, edited.
    let rel = "content/03-roadblocks.md";
    let section = std::fs::read_to_string(brief.path().join(rel)).unwrap();
    brief.write(rel, section.replace("remains fragile", "remains brittle"));
    server.reload_until_at(&mut events, "/hi/", |p| shows(p, "remains brittle"));
    assert!(shows(&server.get("/").body, "remains brittle"));
    // The shared data: both editions show the new value.
    let rel = "content/data/sectors.yaml";
    let text = std::fs::read_to_string(brief.path().join(rel)).unwrap();
    brief.write(
        rel,
        text.replace("MQ-9B drone procurement", "MQ-9B drone purchase"),
    );
    server.reload_until_at(&mut events, "/hi/", |p| shows(p, "MQ-9B drone purchase"));
    assert!(shows(&server.get("/").body, "MQ-9B drone purchase"));
    // The translation's texts of a dataset.
    let rel = "content/hi/data/sectors.yaml";
    let text = std::fs::read_to_string(brief.path().join(rel)).unwrap();
    let label = "क्षेत्र";
    assert!(text.contains(label), "{text}");
    brief.write(rel, text.replace(label, "उद्योग क्षेत्र"));
    server.reload_until_at(&mut events, "/hi/", |p| shows(p, "उद्योग क्षेत्र"));
}

/// Whether the page's text (its markup aside: a note's marker and the word before it share
/// an element) holds `text`.
fn shows(page: &str, text: &str) -> bool {
    scraper::Html::parse_document(page)
        .root_element()
        .text()
        .collect::<String>()
        .contains(text)
}

#[test]
fn a_save_in_parts_ends_with_the_whole_new_text() {
    let brief = TestBrief::fixture("basic");
    let server = Server::start(&brief);
    let mut events = server.events();
    let path = brief.path().join("content/01-first.md");
    let section = std::fs::read_to_string(&path).unwrap();
    let pause = Duration::from_millis(20);
    let mut before = "Intro text with a note.".to_string();
    for round in 0..3 {
        let words = format!("Round {round} begins here, and round {round} ends here.");
        let text = section.replace("Intro text with a note.", &words);
        let (head, tail) = text.split_at(text.find(", and round").unwrap());

        // An editor's save: truncate the file, write it in two parts with a pause, close it.
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .unwrap();
        file.write_all(head.as_bytes()).unwrap();
        file.flush().unwrap();
        std::thread::sleep(pause);
        file.write_all(tail.as_bytes()).unwrap();
        drop(file);
        let page = server.reload_until(&mut events, |p| {
            // The server waits for the file to be closed: no page shows the save half done
            // (a reload may still bring the previous text, from a rebuild before the save).
            if cfg!(target_os = "linux") {
                assert!(
                    shows(p, &words) || (shows(p, &before) && !p.contains("brief-error-overlay")),
                    "round {round}: a half-saved file was served: {p}"
                );
            }
            shows(p, &words)
        });
        assert!(!page.contains("brief-error-overlay"), "round {round}");

        // The same in three separate writes, each closing the file: the half-written states
        // may be shown for a moment, but the last write is always rebuilt.
        let words = format!("Round {round} again, written twice, then finished.");
        let text = section.replace("Intro text with a note.", &words);
        let (head, tail) = text.split_at(text.find(", then finished").unwrap());
        std::fs::File::create(&path).unwrap();
        std::thread::sleep(pause);
        append(&path, head);
        std::thread::sleep(pause);
        append(&path, tail);
        let page = server.reload_until(&mut events, |p| {
            shows(p, &words) && !p.contains("brief-error-overlay")
        });
        assert!(page.contains("<title>Test Brief"), "round {round}");
        before = words;
    }
}

fn append(path: &std::path::Path, text: &str) {
    let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

#[test]
fn a_broken_dataset_shows_the_overlay_until_it_is_fixed() {
    let brief = TestBrief::fixture("basic");
    let server = Server::start(&brief);
    let mut events = server.events();
    let good = std::fs::read_to_string(brief.path().join("content/data/growth.yaml")).unwrap();

    // A value that is not a number, and a snippet with markup in it (escaped in the overlay).
    let broken = good.replace("pct: 900", "pct: <b>lots</b>");
    brief.write("content/data/growth.yaml", &broken);
    let page = server.reload_until(&mut events, |p| p.contains("brief-error-overlay"));
    let overlay = &page[page.find("brief-error-overlay").unwrap()..];
    assert!(
        overlay.contains("content/data/growth.yaml:10:"),
        "the overlay locates the error: {overlay}"
    );
    assert!(overlay.contains("&lt;b&gt;lots&lt;/b&gt;"), "{overlay}");
    assert!(!overlay.contains("<b>lots"), "the snippet is escaped");
    // The last good site is still served underneath.
    assert!(page.contains("Growth by category"));
    assert_eq!(server.get("/charts/growth.svg").status, 200);
    server.wait_for_line(|l| l.contains("failed with"));

    brief.write("content/data/growth.yaml", &good);
    let page = server.reload_until(&mut events, |p| !p.contains("brief-error-overlay"));
    assert!(page.contains("Growth by category"));
}

#[test]
fn a_brief_that_fails_from_the_start_shows_its_errors_then_recovers() {
    let brief = TestBrief::fixture("basic");
    brief.write("content/brief.yaml", "title: Test\ncolour: red\n");
    let server = Server::start(&brief);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("brief-error-overlay"), "{}", page.body);
    assert!(
        page.body.contains("content/brief.yaml:2:1"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("EventSource"),
        "the error page reloads too"
    );

    let mut events = server.events();
    brief.write("content/brief.yaml", "title: Test Brief\n");
    server.reload_until(&mut events, |p| {
        p.contains("<title>Test Brief") && !p.contains("brief-error-overlay")
    });
}

#[test]
fn nothing_outside_the_site_is_served() {
    let brief = TestBrief::fixture("basic");
    // A link out of the brief's folder: never followed, since only site paths are served.
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc", brief.path().join("static-link")).unwrap();
    let server = Server::start(&brief);
    for path in [
        "/../content/brief.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/content/brief.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/charts/..%2f..%2fcontent%2fbrief.yaml",
        "/charts%2fgrowth.svg",
        "/..%5ccontent%5cbrief.yaml",
        "/content/brief.yaml",
        "/static-link/passwd",
        "/public/index.html",
        "//etc/passwd",
        "/index.html%00.txt",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.body.contains("title: Test"), "{path}");
        assert!(!response.body.contains("root:"), "{path}");
    }
}

#[test]
fn only_get_and_head_are_allowed() {
    let brief = TestBrief::fixture("basic");
    let server = Server::start(&brief);
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        for path in ["/", "/style.css", "/nope", "/__brief/events"] {
            let response = server.request(method, path);
            assert_eq!(response.status, 405, "{method} {path}");
        }
    }
    assert_eq!(
        server.request("POST", "/").header("allow"),
        Some("GET, HEAD")
    );
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let brief = TestBrief::fixture("basic");
    let server = Server::start(&brief);
    // An open event stream must not hold the stop up.
    let _events = server.events();
    let status = server.stop_with("INT");
    assert!(status.success(), "{status:?}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let brief = TestBrief::fixture("basic");
    let server = Server::start(&brief);
    let _events = server.events();
    let status = server.stop_with("TERM");
    assert!(status.success(), "{status:?}");
}

#[test]
fn requests_for_a_foreign_host_are_refused() {
    // DNS rebinding: a page of evil.example points its name at 127.0.0.1 and reads the draft.
    let brief = TestBrief::fixture("basic");
    let server = Server::start(&brief);
    let port = server.port;
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("192.168.1.5:{port}"),
        format!("0.0.0.0:{port}"),
    ] {
        for path in ["/", "/index.html", "/style.css", "/__brief/events", "/nope"] {
            let response = server.get_as(&host, path);
            assert_eq!(response.status, 403, "{host} {path}");
            assert!(!response.body.contains("Test Brief"), "{host} {path}");
        }
    }
    let refused = server.get_as("evil.example", "/");
    assert_eq!(
        refused.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        refused.body.contains("<code>evil.example</code>"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("--allowed-host"), "{}", refused.body);
    // The host name is quoted escaped.
    let odd = server.get_as("<b>x", "/");
    assert_eq!(odd.status, 403);
    assert!(odd.body.contains("&lt;b&gt;x"), "{}", odd.body);
    // An absolute request URI names the host too, whatever `Host` says; and a second `Host`.
    for request in [
        "GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    ] {
        let response = server.send(request);
        assert_ne!(response.status, 200, "{request:?}");
        assert!(!response.body.contains("Test Brief"), "{request:?}");
    }
}

#[test]
fn the_event_stream_refuses_pages_of_other_origins() {
    let brief = TestBrief::fixture("basic");
    let server = Server::start(&brief);
    for origin in ["http://evil.example", "http://evil.example:1111", "null"] {
        let response = server.send(&format!(
            "GET /__brief/events HTTP/1.0\r\nHost: localhost\r\nOrigin: {origin}\r\n\r\n"
        ));
        assert_eq!(response.status, 403, "{origin}");
        assert!(response.body.contains("reload events"), "{}", response.body);
    }
    // The page's own origin, under each loopback name, is welcome.
    let port = server.port;
    for (host, origin) in [
        (
            format!("localhost:{port}"),
            format!("http://localhost:{port}"),
        ),
        (
            format!("127.0.0.1:{port}"),
            format!("http://127.0.0.1:{port}"),
        ),
        (format!("[::1]:{port}"), format!("http://[::1]:{port}")),
    ] {
        server.events_with(&format!("Host: {host}\r\nOrigin: {origin}\r\n"));
    }
}

#[test]
fn loopback_names_and_requests_without_host_are_served() {
    let brief = TestBrief::fixture("basic");
    let server = Server::start(&brief);
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        format!("[::1]:{port}"),
        format!("brief.localhost:{port}"),
        "LOCALHOST".to_string(),
    ] {
        for path in ["/", "/style.css", "/charts/growth.svg"] {
            assert_eq!(server.get_as(&host, path).status, 200, "{host} {path}");
        }
        server.events_with(&format!("Host: {host}\r\n"));
    }
    // HTTP/1.0 without `Host`: not a browser (browsers always send one), so answered.
    let page = server.send("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<title>Test Brief"));
    server.events_with("");
}

#[test]
fn allowed_hosts_open_a_lan_preview() {
    let brief = TestBrief::fixture("basic");
    let server = Server::start_with(
        &brief,
        &[
            "--bind",
            "0.0.0.0",
            "--allowed-host",
            "My-Laptop.local",
            "--allowed-host",
            ".tunnel.example",
        ],
    );
    let port = server.port;
    for host in [
        format!("my-laptop.local:{port}"),
        "abc.tunnel.example".to_string(),
        format!("localhost:{port}"),
    ] {
        let page = server.get_as(&host, "/");
        assert_eq!(page.status, 200, "{host}");
        assert!(page.body.contains("<title>Test Brief"), "{host}");
    }
    server.events_with(&format!(
        "Host: my-laptop.local:{port}\r\nOrigin: http://my-laptop.local:{port}\r\n"
    ));
    assert_eq!(server.get_as("other.local", "/").status, 403);

    // The address it is bound to is allowed without saying so.
    let bound = Server::start_with(&brief, &["--bind", "127.0.0.2"]);
    let stream = TcpStream::connect(("127.0.0.2", bound.port));
    if let Ok(mut stream) = stream {
        write!(
            stream,
            "GET / HTTP/1.0\r\nHost: 127.0.0.2:{}\r\n\r\n",
            bound.port
        )
        .unwrap();
        let mut raw = String::new();
        stream.read_to_string(&mut raw).unwrap();
        assert!(raw.starts_with("HTTP/1.0 200"), "{raw}");
    }
}

#[test]
fn an_allowed_host_must_be_a_host_name() {
    let brief = TestBrief::fixture("basic");
    let run = brief.run(&[
        "serve",
        "--port",
        "0",
        "--allowed-host",
        "http://x.example:80",
    ]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("without scheme, port or path"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_port_in_use_is_explained() {
    let brief = TestBrief::fixture("basic");
    let first = Server::start(&brief);
    let run = brief.run(&["serve", "--port", &first.port.to_string()]);
    run.assert_failure();
    assert!(
        run.stderr
            .contains(&format!("is port {} in use?", first.port)),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_that_is_not_a_brief_is_refused_before_listening() {
    let brief = TestBrief::fixture("basic");
    brief.remove("content");
    let run = brief.run(&["serve", "--port", "0"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("no `content/` folder here"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with("error: nothing to serve\n"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

/// The rule `build` and `check` follow for linked sections (`symlinks.rs`), in the preview
/// too, from the first build and for links made or edited while it runs.
#[cfg(unix)]
#[test]
fn linked_sections_follow_the_build_rule() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let brief = crate::symlinks::linked_brief(outside.path());
    let root = brief.path();
    let server = Server::start(&brief);
    // The first build's warnings (on stderr, so perhaps read after the `Serving` line).
    let warned = |l: &str| l.contains("`content/04-outside.md` is a link");
    if !server.startup.iter().any(|l| warned(l)) {
        server.wait_for_line(warned);
    }
    let page = server.get("/").body;
    assert!(page.contains("Text from the shared folder"));
    assert!(!page.contains("Private words"));

    let mut events = server.events();
    brief.write(
        "content/shared/late.md",
        "---\ntitle: Late\n---\n\nA section linked later.\n",
    );
    symlink(
        root.join("content/shared/late.md"),
        root.join("content/07-late.md"),
    )
    .unwrap();
    server.reload_until(&mut events, |p| p.contains("A section linked later."));
    // Editing the file a section links to is an edit of the section.
    brief.write(
        "content/shared/late.md",
        "---\ntitle: Late\n---\n\nEdited through its link.\n",
    );
    server.reload_until(&mut events, |p| p.contains("Edited through its link."));
    // A link turned to a file outside `content/` is left out, as in a build.
    std::fs::remove_file(root.join("content/07-late.md")).unwrap();
    symlink(
        outside.path().join("secret.md"),
        root.join("content/07-late.md"),
    )
    .unwrap();
    let page = server.reload_until(&mut events, |p| !p.contains("Edited through its link."));
    assert!(!page.contains("Private words"));
    assert!(page.contains("Text from the shared folder"));
}
