//! Dev server (`brief serve`): render the brief in memory, serve it over HTTP, watch the
//! inputs, rebuild on every save and tell the browser to reload through Server-Sent Events.
//!
//! The renderer knows nothing of the server: the reload script goes in through
//! [`PageOptions::reload_script`], and after a failed rebuild the last good site keeps being
//! served with an error overlay injected into its pages here, until the next good build.
//! Only the exact paths of the in-memory site are served, so nothing outside it can be
//! reached (`../`, `%2e%2e`, encoded slashes and symbolic links all end in a 404).

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::{broadcast, watch};

use crate::diagnostics::{BuildFailed, Diagnostic, Diagnostics};
use crate::load;
use crate::markdown::RenderCache;
use crate::model::Brief;
use crate::page::PageOptions;
use crate::text::{escape_text, site_key};
use crate::theme::Theme;

/// The path of the reload event stream; chosen so that no brief's file can take it.
pub const EVENTS_PATH: &str = "/__brief/events";

/// How long the watcher waits for a burst of file events (an editor's save) to settle: long
/// enough for a save to finish (editors write a file in well under a millisecond), short enough
/// to keep edit-to-reload under 50 ms on a 1,000-section brief.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// The script the served page runs: reload on every `reload` event, and after the server
/// comes back from a restart (a second `hello`). `window.briefLiveReload` tells tests (and the
/// curious) that the page is listening.
pub const RELOAD_SCRIPT: &str = r#"<script>
(() => {
  let connected = false;
  const events = new EventSource("/__brief/events");
  events.addEventListener("hello", () => {
    if (connected) location.reload();
    connected = window.briefLiveReload = true;
  });
  events.addEventListener("reload", () => location.reload());
})();
</script>"#;

/// What `brief serve` was asked to do.
pub struct ServeOptions {
    /// The brief's folder (holds `content/`).
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port (the URL printed says which).
    pub port: u16,
    /// Open the page in the default browser once the server listens.
    pub open: bool,
    /// Told what happens; the binary decides how to print it.
    pub report: Box<Report>,
}

/// The callback that is told what the server does.
pub type Report = dyn Fn(ServeEvent<'_>) + Send + Sync;

/// What the server reports while it runs.
pub enum ServeEvent<'a> {
    /// The server listens at `url`.
    Listening { url: &'a str },
    /// A build succeeded (`changed` is empty for the first one).
    Built {
        millis: f64,
        changed: &'a [PathBuf],
        warnings: &'a [Diagnostic],
    },
    /// A build failed; the last good site is still served, with an error overlay.
    Failed {
        millis: f64,
        changed: &'a [PathBuf],
        diagnostics: &'a [Diagnostic],
    },
    /// A message that is not about a build (the browser could not be opened, …).
    Notice(&'a str),
    /// Ctrl-C (or SIGTERM): the server is stopping.
    Stopping,
}

/// What the server hands out at a moment: the last good site, and the errors of the last
/// build if it failed.
#[derive(Default)]
struct Served {
    files: BTreeMap<String, Bytes>,
    /// The overlay HTML to inject into every page, while the last build is failing.
    overlay: Option<String>,
}

struct AppState {
    served: RwLock<Arc<Served>>,
    /// Every good or failed rebuild sends its number; each event stream turns it into `reload`.
    reload: broadcast::Sender<u64>,
    /// How many builds there have been.
    builds: AtomicU64,
    shutdown: watch::Receiver<bool>,
}

impl AppState {
    fn current(&self) -> Arc<Served> {
        Arc::clone(&self.served.read().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Renders the brief in memory, again and again, reusing what did not change: the loaded
/// brief when only sections changed (they alone are read again), and every section's draft,
/// chart and table whose inputs are the same ([`RenderCache`]).
pub struct Rebuilder {
    root: PathBuf,
    options: PageOptions,
    cache: RenderCache,
    /// The brief as last loaded, while it loaded without a problem.
    loaded: Option<Brief>,
}

impl Rebuilder {
    pub fn new(root: &Path) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            options: PageOptions {
                reload_script: RELOAD_SCRIPT.to_string(),
                ..PageOptions::default()
            },
            cache: RenderCache::default(),
            loaded: None,
        }
    }

    /// Renders the site; `changed` lists the files (relative to the root) that changed since
    /// the last call. Empty means "anything may have changed".
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<crate::Site, BuildFailed> {
        let site = self.render(changed);
        // Only a good build knows every block in use (a failed one may have stopped early).
        if site.is_ok() {
            self.cache.sweep();
        }
        site
    }

    fn render(&mut self, changed: &[PathBuf]) -> Result<crate::Site, BuildFailed> {
        let previous = self.loaded.take();
        // On any problem the whole brief goes through the build's own path, which reports
        // every problem of every file.
        let full = |this: &Self| {
            crate::render_site_with_cache(&this.root, &this.options, Some(&this.cache))
        };
        let Ok(theme) = Theme::load(&self.root) else {
            return full(self);
        };
        let brief = match previous.and_then(|brief| self.reload_sections(brief, changed)) {
            Some(brief) => brief,
            None => match load::load(&self.root) {
                Ok((brief, problems)) if problems.is_empty() => brief,
                _ => return full(self),
            },
        };
        let site = crate::render_loaded(
            &self.root,
            &brief,
            &theme,
            Diagnostics::default(),
            &self.options,
            Some(&self.cache),
        );
        self.loaded = Some(brief);
        site
    }

    /// `brief` with the changed sections read again, when only section files changed and
    /// each loads cleanly; `None` when the brief must be loaded whole.
    fn reload_sections(&self, mut brief: Brief, changed: &[PathBuf]) -> Option<Brief> {
        if changed.is_empty() {
            return None;
        }
        for rel in changed {
            let mut parts = rel.components();
            let in_content = parts.next().is_some_and(|c| c.as_os_str() == "content");
            let name = parts.next()?.as_os_str().to_str()?;
            let section_file = in_content && parts.next().is_none() && name.ends_with(".md");
            if !section_file {
                return None;
            }
            let path = self.root.join(rel);
            brief.sections.retain(|s| s.file.path != path);
            if path.is_file() {
                let section = load::read_source(&self.root, &path)
                    .and_then(load::load_section)
                    .ok()?;
                if !section.front.draft {
                    brief.sections.push(section);
                }
            }
        }
        if brief.sections.is_empty() {
            return None;
        }
        // As `load` orders them: by file name, then by `order:` (stable).
        brief.sections.sort_by(|a, b| a.file.path.cmp(&b.file.path));
        brief.sections.sort_by_key(|s| s.front.order.unwrap_or(0));
        Some(brief)
    }
}

/// Runs the dev server until Ctrl-C. A folder that is not a brief is an error holding a
/// [`BuildFailed`] (print its diagnostics); later build errors are reported, not returned.
pub fn serve(options: ServeOptions) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(run(options))
}

async fn run(options: ServeOptions) -> anyhow::Result<()> {
    let report = Arc::new(options.report);
    // Absolute, because the watcher reports absolute paths.
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());
    if !root.join("content").is_dir() {
        // Not a brief: the same diagnostic a build gives, before binding anything.
        if let Err(failed) = crate::render_site(&options.root, &PageOptions::default()) {
            return Err(failed.into());
        }
    }

    let (reload_tx, _) = broadcast::channel(16);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let state = Arc::new(AppState {
        served: RwLock::new(Arc::new(Served::default())),
        reload: reload_tx,
        builds: AtomicU64::new(0),
        shutdown: shutdown_rx,
    });

    // Watch first, so that nothing saved from here on is missed; then the first build, before
    // the server answers, so that the first request sees it.
    let (watcher, changes) = watch_inputs(&root)?;
    let watcher = Arc::new(std::sync::Mutex::new(watcher));
    let mut rebuilder = Rebuilder::new(&root);
    apply_build(&state, &mut rebuilder, &[], report.as_ref());

    let addr = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        match options.port {
            0 => format!("cannot listen on {}", options.bind),
            port => format!(
                "cannot listen on {addr} (is port {port} in use? try --port 0 to pick a free one)"
            ),
        }
    })?;
    let local = listener.local_addr()?;
    let host = match local.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", local.port());
    // Listen for Ctrl-C before saying we are up: a signal sent right after must stop us
    // cleanly, not kill the process.
    let stop = StopSignals::install();
    report(ServeEvent::Listening { url: &url });

    spawn_rebuilds(
        &root,
        &watcher,
        changes,
        Arc::clone(&state),
        rebuilder,
        Arc::clone(&report),
    )?;

    if options.open
        && let Err(err) = open_browser(&url)
    {
        report(ServeEvent::Notice(&format!(
            "cannot open a browser ({err}); open {url} yourself"
        )));
    }

    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(site_file)
        .with_state(Arc::clone(&state));
    let stop_report = Arc::clone(&report);
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        stop.wait().await;
        stop_report(ServeEvent::Stopping);
        // Ends every open event stream, so the graceful shutdown does not wait on them.
        let _ = shutdown_tx.send(true);
    });
    let mut shutdown = state.shutdown.clone();
    let serving = tokio::spawn(async move { server.await });
    // A browser that keeps a connection open must not hold the stop up for long.
    let _ = shutdown.wait_for(|stop| *stop).await;
    match tokio::time::timeout(Duration::from_secs(2), serving).await {
        Ok(Ok(result)) => result.context("the server failed")?,
        Ok(Err(join)) => return Err(join).context("the server failed"),
        Err(_) => {}
    }
    Ok(())
}

/// Ctrl-C and, on Unix, SIGTERM, registered when installed.
struct StopSignals {
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
}

impl StopSignals {
    fn install() -> StopSignals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            StopSignals {
                interrupt: signal(SignalKind::interrupt()).ok(),
                terminate: signal(SignalKind::terminate()).ok(),
            }
        }
        #[cfg(not(unix))]
        StopSignals {}
    }

    /// Resolves on the first of the signals.
    async fn wait(self) {
        #[cfg(unix)]
        {
            async fn recv(signal: Option<tokio::signal::unix::Signal>) {
                match signal {
                    Some(mut signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            tokio::select! {
                () = recv(self.interrupt) => {},
                () = recv(self.terminate) => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Rebuilds, swaps the result in (or the error overlay) and tells the browsers.
fn apply_build(state: &AppState, rebuilder: &mut Rebuilder, changed: &[PathBuf], report: &Report) {
    let start = Instant::now();
    let result = rebuilder.rebuild(changed);
    let millis = start.elapsed().as_secs_f64() * 1000.0;
    let next = match result {
        Ok(site) => {
            report(ServeEvent::Built {
                millis,
                changed,
                warnings: &site.warnings,
            });
            Served {
                files: site
                    .files
                    .into_iter()
                    .map(|(k, v)| (k, Bytes::from(v)))
                    .collect(),
                overlay: None,
            }
        }
        Err(failed) => {
            report(ServeEvent::Failed {
                millis,
                changed,
                diagnostics: &failed.0,
            });
            let previous = state.current();
            Served {
                files: previous.files.clone(),
                overlay: Some(error_overlay(&failed)),
            }
        }
    };
    *state.served.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
    let generation = state.builds.fetch_add(1, Ordering::Relaxed) + 1;
    // No browser connected is fine.
    let _ = state.reload.send(generation);
}

type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches `content/`, `templates/` and `static/` (and the root, for input folders created
/// later). Events queue in the returned channel until [`spawn_rebuilds`] reads them, so a
/// save made during the first build is not lost.
fn watch_inputs(root: &Path) -> anyhow::Result<(Watcher, mpsc::Receiver<DebounceEventResult>)> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx).context("cannot watch the brief")?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;
    for dir in INPUTS.map(|d| root.join(d)) {
        if dir.is_dir() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", dir.display()))?;
        }
    }
    Ok((debouncer, rx))
}

/// The folders whose changes trigger a rebuild.
const INPUTS: [&str; 3] = ["content", "templates", "static"];

/// Rebuilds on a thread of its own after each batch of changes; the thread ends when the
/// watcher (and so the channel's sender) is dropped.
fn spawn_rebuilds(
    root: &Path,
    watcher: &Arc<std::sync::Mutex<Watcher>>,
    rx: mpsc::Receiver<DebounceEventResult>,
    state: Arc<AppState>,
    mut rebuilder: Rebuilder,
    report: Arc<Box<Report>>,
) -> anyhow::Result<()> {
    // Weak: the thread must not keep the watcher (and so its own channel) alive.
    let handle = Arc::downgrade(watcher);
    let root = root.to_path_buf();
    let inputs = INPUTS.map(|d| root.join(d));
    let mut watched: Vec<PathBuf> = inputs.iter().filter(|d| d.is_dir()).cloned().collect();
    std::thread::Builder::new()
        .name("brief-rebuild".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batches = vec![first];
                // Coalesce what arrived while the last build ran.
                batches.extend(rx.try_iter());
                let mut changed: Vec<PathBuf> = Vec::new();
                // Events were lost (the kernel's queue overflowed, a watch failed): anything
                // may have changed, so the whole brief is loaded again.
                let mut lost = false;
                for batch in batches {
                    let Ok(events) = batch else {
                        lost = true;
                        continue;
                    };
                    for event in events {
                        lost |= event.need_rescan();
                        if matches!(event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for path in &event.paths {
                            if let Some(rel) = relevant(&root, path) {
                                changed.push(rel);
                            }
                            // An input folder that appeared: watch it too.
                            if inputs.contains(path)
                                && path.is_dir()
                                && !watched.contains(path)
                                && let Some(w) = handle.upgrade()
                                && w.lock()
                                    .unwrap_or_else(|e| e.into_inner())
                                    .watch(path, RecursiveMode::Recursive)
                                    .is_ok()
                            {
                                watched.push(path.clone());
                            }
                        }
                    }
                }
                if lost {
                    changed.push(PathBuf::from("content"));
                }
                changed.sort();
                changed.dedup();
                if changed.is_empty() {
                    continue;
                }
                apply_build(&state, &mut rebuilder, &changed, report.as_ref().as_ref());
            }
        })
        .context("cannot start the rebuild thread")?;
    Ok(())
}

/// The path relative to the root if a change there matters: inside an input folder (or the
/// folder itself), and not an editor's temporary or backup file.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let top = rel.components().next()?.as_os_str().to_str()?;
    if !matches!(top, "content" | "templates" | "static") {
        return None;
    }
    let name = rel.file_name()?.to_str()?;
    let scratch = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"; // Vim's "can I write here" probe.
    (!scratch).then(|| rel.to_path_buf())
}

/// `GET /__brief/events`: `hello` at once, then `reload` after every rebuild.
async fn events(
    State(state): State<Arc<AppState>>,
) -> Sse<impl futures_util::Stream<Item = Result<SseEvent, Infallible>>> {
    let rx = state.reload.subscribe();
    let shutdown = state.shutdown.clone();
    let stream = futures_util::stream::unfold(
        (rx, shutdown, true),
        |(mut rx, mut shutdown, first)| async move {
            if first {
                let hello = SseEvent::default().event("hello").data("ready");
                return Some((Ok(hello), (rx, shutdown, false)));
            }
            if *shutdown.borrow() {
                return None;
            }
            let generation = tokio::select! {
                received = rx.recv() => match received {
                    Ok(generation) => generation,
                    // Missed some: one reload covers them all.
                    Err(broadcast::error::RecvError::Lagged(_)) => 0,
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = shutdown.changed() => return None,
            };
            let reload = SseEvent::default()
                .event("reload")
                .data(generation.to_string());
            Some((Ok(reload), (rx, shutdown, false)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Every other request: a file of the site, exactly as the build would write it.
async fn site_file(State(state): State<Arc<AppState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = (
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: the dev server only answers GET and HEAD\n",
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let served = state.current();
    let file = site_key(uri.path()).and_then(|key| served.files.get(&key).map(|b| (key, b)));
    match file {
        Some((key, bytes)) => {
            let kind = content_type(&key);
            let body = match &served.overlay {
                Some(overlay) if kind.starts_with("text/html") => {
                    Bytes::from(inject(&String::from_utf8_lossy(bytes), overlay))
                }
                _ => bytes.clone(),
            };
            file_response(StatusCode::OK, kind, body)
        }
        // The first build failed: there is no site yet, only the errors.
        None if served.files.is_empty() && served.overlay.is_some() => {
            let page = format!(
                "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Build failed</title>\n</head>\n<body>\n{RELOAD_SCRIPT}\n</body>\n</html>\n"
            );
            let page = inject(&page, served.overlay.as_deref().unwrap_or(""));
            file_response(
                StatusCode::OK,
                "text/html; charset=utf-8",
                Bytes::from(page),
            )
        }
        None => {
            let page = format!(
                "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Not found</title>\n</head>\n<body>\n<main>\n<h1>Not found</h1>\n<p>The brief has no page or file at <code>{}</code>.</p>\n<p><a href=\"/\">Go to the brief</a></p>\n</main>\n{RELOAD_SCRIPT}\n</body>\n</html>\n",
                escape_text(uri.path())
            );
            file_response(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                Bytes::from(page),
            )
        }
    }
}

fn file_response(status: StatusCode, content_type: &'static str, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // Always the latest build: a reload must never show a cached page.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The `Content-Type` for a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Puts `overlay` at the end of the page's `<body>`.
fn inject(html: &str, overlay: &str) -> String {
    match html.rfind("</body>") {
        Some(at) => format!("{}{overlay}\n{}", &html[..at], &html[at..]),
        None => format!("{html}{overlay}"),
    }
}

/// The error overlay: every error of the failed build, located, with its snippet, escaped.
fn error_overlay(failed: &BuildFailed) -> String {
    let renderer = annotate_snippets::Renderer::plain();
    let errors: Vec<&Diagnostic> = failed.0.iter().filter(|d| d.is_error()).collect();
    let plural = crate::text::plural(errors.len());
    let mut items = String::new();
    for d in &errors {
        items.push_str(&format!(
            "<li><p style=\"margin:0 0 .25rem;font-weight:bold\">{}</p><pre style=\"margin:0;white-space:pre-wrap;overflow-wrap:anywhere\">{}</pre></li>\n",
            escape_text(&d.location()),
            escape_text(&d.render(&renderer))
        ));
    }
    format!(
        "<div id=\"brief-error-overlay\" role=\"alertdialog\" aria-modal=\"true\" aria-labelledby=\"brief-error-title\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(18,18,18,.97);color:#f4f4f4;font:15px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem\">\n<h2 id=\"brief-error-title\" style=\"margin:0 0 1rem;color:#ff8a80;font-size:1.25rem\">The build failed with {} error{plural}</h2>\n<p style=\"margin:0 0 1rem\">Showing the last good build underneath. Fix the file and save: this page reloads by itself.</p>\n<ol style=\"margin:0;padding-left:1.5rem;display:grid;gap:1rem\">\n{items}</ol>\n</div>",
        errors.len()
    )
}

/// Opens `url` in the desktop's default browser.
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Copies the `basic` test fixture into a temporary folder.
    fn basic_fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures/basic");
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

    #[test]
    fn cached_rebuilds_equal_full_builds() {
        // Regression guard for the block cache: whatever changes (a section, a dataset, a
        // template, a block's number), a rebuild gives the bytes a fresh build gives.
        let dir = basic_fixture();
        let root = dir.path();
        let mut rebuilder = Rebuilder::new(root);
        let fresh = |root: &Path| {
            crate::render_site(root, &rebuilder_options())
                .ok()
                .unwrap()
                .files
        };
        let edit = |rel: &str, from: &str, to: &str| {
            let path = root.join(rel);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{rel}: {from}");
            std::fs::write(&path, text.replace(from, to)).unwrap();
        };
        assert!(rebuilder.rebuild(&[]).ok().unwrap().files == fresh(root));
        assert_eq!(rebuilder.cache.blocks.len(), 3);
        // A rebuild that reuses every section keeps their blocks too.
        rebuilder.rebuild(&[]).ok().unwrap();
        assert_eq!(rebuilder.cache.blocks.len(), 3);
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
            rebuilder.cache.blocks.len(),
            3,
            "blocks no longer used are forgotten"
        );
    }

    fn rebuilder_options() -> PageOptions {
        PageOptions {
            reload_script: RELOAD_SCRIPT.to_string(),
            ..PageOptions::default()
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("charts/a.SVG"), "image/svg+xml");
        assert_eq!(content_type("data/a.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn the_overlay_escapes_what_it_quotes() {
        let d = Diagnostic::error("content/<x>.md", "bad <script>")
            .at("a <b> line\n", 1, 3)
            .with_hint("fix it & save");
        let overlay = error_overlay(&BuildFailed(vec![d]));
        assert!(!overlay.contains("<script>"), "{overlay}");
        assert!(overlay.contains("content/&lt;x&gt;.md:1:3"), "{overlay}");
        assert!(overlay.contains("a &lt;b&gt; line"), "{overlay}");
        let page = inject("<html><body><p>x</p></body></html>", &overlay);
        assert!(page.ends_with("</div>\n</body></html>"), "{page}");
    }
}
