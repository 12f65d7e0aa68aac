//! Find a Chromium-family browser and have it print the page.
//!
//! The browser runs headless with a fresh profile folder, its output goes to a log file that is
//! shown only when printing fails, and it is killed (with its helper processes) when it takes
//! longer than the timeout. Everything about the layout — paper size, margins, page numbers,
//! the running title, page breaks — comes from the page's print stylesheet (`@page` rules), so
//! printing the page from a browser's print dialog gives the same document.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::diagnostics::Diagnostic;

/// Browser names looked up on `PATH`, in order.
pub(crate) const BROWSER_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
    "microsoft-edge",
];

/// The environment variable that names the browser when `--chrome` does not.
pub(crate) const BROWSER_ENV: &str = "BRIEF_CHROME";

/// How long a print may take by default.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How to install a browser, for the "not found" error.
const INSTALL_HINT: &str = "install Chromium (Debian/Ubuntu: `apt-get install chromium`; \
Fedora: `dnf install chromium`; macOS: `brew install --cask chromium`) or Google Chrome, \
or point brief to a Chromium-family browser with `--chrome <path>` or the BRIEF_CHROME \
environment variable; build without `--pdf` (or with `--no-pdf`) to skip the PDF";

/// Finds the browser: `explicit` (from `--chrome`), else `$BRIEF_CHROME`, else the first of
/// [`BROWSER_NAMES`] on `PATH` (and the usual macOS application paths).
pub(crate) fn find_browser(explicit: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    let env = std::env::var_os(BROWSER_ENV).filter(|v| !v.is_empty());
    let (named, how) = match (explicit, env) {
        (Some(path), _) => (Some(path.as_os_str().to_owned()), "--chrome"),
        (None, Some(value)) => (Some(value), BROWSER_ENV),
        (None, None) => (None, ""),
    };
    if let Some(name) = named {
        return resolve_program(&name).ok_or_else(|| {
            Diagnostic::error(
                Path::new(&name).display().to_string(),
                format!("the browser named by {how} was not found or is not executable"),
            )
            .with_hint(INSTALL_HINT)
        });
    }
    let on_path = BROWSER_NAMES
        .iter()
        .find_map(|name| resolve_program(name.as_ref()));
    let mac = [
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| is_executable(p));
    on_path.or(mac).ok_or_else(|| {
        Diagnostic::error(
            "",
            format!(
                "no Chromium or Chrome found to print the PDF (looked for {} on PATH)",
                BROWSER_NAMES.join(", ")
            ),
        )
        .with_hint(INSTALL_HINT)
    })
}

/// A program name or path → an executable file. A bare name is looked up on `PATH`.
fn resolve_program(name: &std::ffi::OsStr) -> Option<PathBuf> {
    let path = Path::new(name);
    if path.components().count() > 1 || path.is_absolute() {
        return is_executable(path).then(|| path.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// One print: which browser, and how long it may take.
#[derive(Debug, Clone)]
pub(crate) struct Printer {
    pub browser: PathBuf,
    pub timeout: Duration,
}

impl Printer {
    /// Prints the HTML file `page` to `pdf`. Either `pdf` is a complete PDF afterwards, or
    /// the error says why not (with the end of the browser's log).
    pub(crate) fn print(&self, page: &Path, pdf: &Path) -> Result<(), Diagnostic> {
        let shown = pdf
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let fail = |what: String, hint: &str| Diagnostic::error(&shown, what).with_hint(hint);
        let profile = tempfile::Builder::new()
            .prefix("brief-chromium-")
            .tempdir()
            .map_err(|e| {
                fail(
                    format!("cannot create a temporary browser profile: {e}"),
                    "check that the temporary folder (TMPDIR) is writable",
                )
            })?;
        let log_path = profile.path().join("brief-browser.log");
        let log = fs::File::create(&log_path).map_err(|e| {
            fail(
                format!("cannot create the browser's log file: {e}"),
                "check that the temporary folder (TMPDIR) is writable",
            )
        })?;
        let _ = fs::remove_file(pdf);

        let mut command = Command::new(&self.browser);
        command
            .args(browser_args(profile.path(), pdf))
            .arg(file_url(page))
            .stdin(Stdio::null())
            .stdout(log.try_clone().map(Stdio::from).unwrap_or(Stdio::null()))
            .stderr(Stdio::from(log));
        #[cfg(unix)]
        {
            // Its own process group, so that a timeout ends the browser's helpers too.
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let mut child = command.spawn().map_err(|e| {
            fail(
                format!("cannot start {}: {e}", self.browser.display()),
                INSTALL_HINT,
            )
        })?;

        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if start.elapsed() >= self.timeout => {
                    kill_tree(&mut child);
                    return Err(fail(
                        format!(
                            "the browser did not finish printing within {} s{}",
                            self.timeout.as_secs_f64(),
                            log_tail(&log_path)
                        ),
                        "a very long brief may need more time: raise it with `--pdf-timeout <seconds>`",
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(25)),
                Err(e) => {
                    kill_tree(&mut child);
                    return Err(fail(format!("lost track of the browser: {e}"), "try again"));
                }
            }
        };
        // Chromium exits 0 even when it could not write the file, so the file decides.
        let written = fs::read(pdf)
            .map(|bytes| bytes.starts_with(b"%PDF-") && bytes.len() > 100)
            .unwrap_or(false);
        if status.success() && written {
            return Ok(());
        }
        let _ = fs::remove_file(pdf);
        Err(fail(
            format!(
                "{} could not print the page ({}){}",
                self.browser.display(),
                if status.success() {
                    "it wrote no PDF".to_string()
                } else {
                    format!("it exited with {status}")
                },
                log_tail(&log_path)
            ),
            "check that the browser starts on its own (`<browser> --headless --version`), \
or name another one with `--chrome <path>`",
        ))
    }
}

/// The command line for one print.
fn browser_args(profile: &Path, pdf: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec!["--headless".into()];
    if running_as_root() {
        // Chromium refuses to start as root with its sandbox on (containers, CI).
        args.push("--no-sandbox".into());
    }
    for arg in [
        "--disable-gpu",
        // No network at all beyond the page's own files: no updates, sync, or first-run pages.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--no-first-run",
        "--no-default-browser-check",
        "--mute-audio",
        // The page's @page margin boxes give the running title and page numbers.
        "--no-pdf-header-footer",
        // Bookmarks from the headings (Chromium 126+). The PDF is tagged by default (123+).
        "--generate-pdf-document-outline",
    ] {
        args.push(arg.into());
    }
    let mut profile_arg = OsString::from("--user-data-dir=");
    profile_arg.push(profile);
    args.push(profile_arg);
    let mut out_arg = OsString::from("--print-to-pdf=");
    out_arg.push(pdf);
    args.push(out_arg);
    args
}

fn running_as_root() -> bool {
    #[cfg(unix)]
    {
        rustix::process::geteuid().is_root()
    }
    #[cfg(not(unix))]
    {
        false
    }
}

fn kill_tree(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The last lines of the browser's log that say something (Chromium logs D-Bus and GPU
/// complaints on every headless start; they are noise here).
fn log_tail(log: &Path) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter(|l| !(l.contains("dbus") || l.contains("unexpected operator")))
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let tail = &lines[lines.len().saturating_sub(12)..];
    format!("; the browser said:\n  {}", tail.join("\n  "))
}

/// `path` as a `file://` URL, percent-encoding what a URL path may not hold.
pub(crate) fn file_url(path: &Path) -> String {
    let absolute = crate::write::absolute(path);
    let mut url = String::from("file://");
    let text = absolute.to_string_lossy();
    if !text.starts_with('/') {
        url.push('/'); // Windows: file:///C:/...
    }
    for byte in text.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                url.push(byte as char)
            }
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/my brief/index.html")),
            "file:///tmp/my%20brief/index.html"
        );
        assert_eq!(
            file_url(Path::new("/a/é#?.html")),
            "file:///a/%C3%A9%23%3F.html"
        );
    }

    #[test]
    fn an_explicit_browser_that_does_not_exist_is_an_error_with_a_hint() {
        let err = find_browser(Some(Path::new("/nonexistent/chromium"))).unwrap_err();
        let text = format!("{err:?}");
        assert!(text.contains("--chrome"), "{text}");
        assert!(text.contains("apt-get install chromium"), "{text}");
    }

    #[test]
    fn the_log_tail_drops_dbus_noise() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        fs::write(
            &log,
            "[1:2:ERROR:dbus/bus.cc:405] Failed to connect to the bus\nreal problem\n",
        )
        .unwrap();
        assert_eq!(log_tail(&log), "; the browser said:\n  real problem");
    }
}
