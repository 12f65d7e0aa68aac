//! Dev server (`brief serve`): render the brief in memory, serve it over HTTP, watch the
//! inputs, rebuild on every save and tell the browser to reload through Server-Sent Events.
//!
//! The renderer knows nothing of the server: the reload script goes in through
//! [`PageOptions::reload_script`], and after a failed rebuild the last good site keeps being
//! served with an error overlay injected into its pages here, until the next good build.
//! Only the exact paths of the in-memory site are served, so nothing outside it can be
//! reached (`../`, `%2e%2e`, encoded slashes and symbolic links all end in a 404), and only
//! to requests that name an allowed host (`hosts`: no DNS rebinding).
//!
//! This file holds the entry point and the wiring; `rebuild` renders, `http` answers,
//! `hosts` says which `Host` and `Origin` are allowed and `watch` turns saved files into
//! rebuilds.

mod hosts;
mod http;
mod rebuild;
mod watch;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tokio::sync::broadcast;

use crate::diagnostics::{BuildFailed, Diagnostic};
use crate::page::PageOptions;

pub(crate) use rebuild::Rebuilder;

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
    /// Host names the server answers for besides loopback names and the bound address
    /// (`--allowed-host`), as [`ServeOptions::parse_allowed_host`] returns them.
    pub allowed_hosts: Vec<String>,
    /// Told what happens; the binary decides how to print it.
    pub report: Box<Report>,
}

impl ServeOptions {
    /// Checks an `--allowed-host` value (a host name or IP address, no scheme, port or path;
    /// `.example.org` allows the domain and its subdomains) and returns it as compared.
    pub fn parse_allowed_host(value: &str) -> Result<String, String> {
        hosts::parse_allowed_host(value)
    }
}

/// The callback that is told what the server does.
pub(crate) type Report = dyn Fn(ServeEvent<'_>) + Send + Sync;

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
    shutdown: tokio::sync::watch::Receiver<bool>,
    /// Which `Host` (and, on the event stream, `Origin`) a request may name.
    hosts: hosts::AllowedHosts,
}

impl AppState {
    fn current(&self) -> Arc<Served> {
        Arc::clone(&self.served.read().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Refuses a folder that is not a brief, with the diagnostics a build gives; call it before
/// [`serve`], which takes a brief for granted.
pub fn check_brief_folder(root: &Path) -> Result<(), BuildFailed> {
    let absolute = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if absolute.join("content").is_dir() {
        return Ok(());
    }
    crate::pipeline::render_site(root, &PageOptions::default()).map(drop)
}

/// Runs the dev server until Ctrl-C. The error is a problem of the server itself (a port in
/// use, a folder that cannot be watched); build errors are reported, not returned.
pub fn serve(options: ServeOptions) -> Result<(), Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|err| server_error("cannot start the server's runtime", &err))?;
    runtime.block_on(run(options))
}

/// A problem of the server, not of the brief: `what`, then the error and its causes.
fn server_error(what: &str, err: &dyn std::error::Error) -> Diagnostic {
    Diagnostic::error("", format!("{what}: {}", causes(err)))
}

/// The error and its causes, `: `-separated.
fn causes(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut cause = err.source();
    while let Some(err) = cause {
        message.push_str(&format!(": {err}"));
        cause = err.source();
    }
    message
}

async fn run(options: ServeOptions) -> Result<(), Diagnostic> {
    let report = Arc::new(options.report);
    // Absolute, because the watcher reports absolute paths.
    let root = std::fs::canonicalize(&options.root).unwrap_or_else(|_| options.root.clone());

    let (reload_tx, _) = broadcast::channel(16);
    let (shutdown_tx, shutdown_rx) = tokio::sync::watch::channel(false);
    let state = Arc::new(AppState {
        served: RwLock::new(Arc::new(Served::default())),
        reload: reload_tx,
        builds: AtomicU64::new(0),
        shutdown: shutdown_rx,
        hosts: hosts::AllowedHosts::new(options.bind, &options.allowed_hosts),
    });

    // Watch first, so that nothing saved from here on is missed; then the first build, before
    // the server answers, so that the first request sees it.
    let (watcher, changes) = watch::watch_inputs(&root)?;
    let watcher = Arc::new(std::sync::Mutex::new(watcher));
    let mut rebuilder = Rebuilder::new(&root);
    apply_build(&state, &mut rebuilder, &[], report.as_ref());

    let (listener, url) = listen(options.bind, options.port).await?;
    // Listen for Ctrl-C before saying we are up: a signal sent right after must stop us
    // cleanly, not kill the process.
    let stop = StopSignals::install();
    report(ServeEvent::Listening { url: &url });

    watch::spawn_rebuilds(
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

    let app = http::router(Arc::clone(&state));
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
        Ok(Ok(result)) => result.map_err(|err| server_error("the server failed", &err))?,
        Ok(Err(join)) => return Err(server_error("the server failed", &join)),
        Err(_) => {}
    }
    Ok(())
}

/// Binds the listener; the URL to print goes with it.
async fn listen(bind: IpAddr, port: u16) -> Result<(tokio::net::TcpListener, String), Diagnostic> {
    let addr = SocketAddr::new(bind, port);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|err| {
        let what = match port {
            0 => format!("cannot listen on {bind}"),
            port => format!(
                "cannot listen on {addr} (is port {port} in use? try --port 0 to pick a free one)"
            ),
        };
        server_error(&what, &err)
    })?;
    let local = listener
        .local_addr()
        .map_err(|err| Diagnostic::error("", causes(&err)))?;
    let host = match local.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", local.port());
    Ok((listener, url))
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
                overlay: Some(http::error_overlay(&failed)),
            }
        }
    };
    let previous = std::mem::replace(
        &mut *state.served.write().unwrap_or_else(|e| e.into_inner()),
        Arc::new(next),
    );
    let generation = state.builds.fetch_add(1, Ordering::Relaxed) + 1;
    // No browser connected is fine.
    let _ = state.reload.send(generation);
    // The last site (megabytes of page) is freed after the browsers are told, not before.
    drop(previous);
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

    #[derive(Debug)]
    struct Failure(&'static str, Option<Box<Failure>>);

    impl std::fmt::Display for Failure {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Failure {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|e| e as _)
        }
    }

    #[test]
    fn server_errors_print_as_one_line() {
        let err = Failure(
            "address in use",
            Some(Box::new(Failure("os error 98", None))),
        );
        let d = server_error("cannot listen on 127.0.0.1:1111", &err);
        assert_eq!(
            d.render(&annotate_snippets::Renderer::plain()),
            "error: cannot listen on 127.0.0.1:1111: address in use: os error 98"
        );
    }
}
