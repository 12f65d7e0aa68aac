//! The HTTP side: routes, responses and content types, the 403, 404 and 405 pages, the error
//! overlay and the Server-Sent Events stream that tells browsers to reload.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

use crate::diagnostics::{BuildFailed, Diagnostic};
use crate::text::{escape_text, site_key};

use super::{AppState, RELOAD_SCRIPT};

/// The path of the reload event stream; chosen so that no brief's file can take it.
pub(crate) const EVENTS_PATH: &str = "/__brief/events";

/// The server's routes: the event stream, and every other path a file of the site; every
/// request first goes through [`guard_host`].
pub(super) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(site_file)
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            guard_host,
        ))
        .with_state(state)
}

/// Refuses (403) a request whose `Host` (or absolute URI) names a host the server does not
/// answer for, and an event-stream request from a page of another origin. A request with no
/// `Host` at all (HTTP/1.0, a script) is answered: browsers always send one and a page cannot
/// remove it, so such a request cannot come from a rebinding page.
async fn guard_host(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if let Some(host) = foreign_host(&state, request.uri(), request.headers()) {
        return forbidden(&format!(
            "This preview server does not answer for the host <code>{}</code>.",
            escape_text(&host)
        ));
    }
    if request.uri().path() == EVENTS_PATH
        && let Some(origin) = request.headers().get(header::ORIGIN)
        && !origin.to_str().is_ok_and(|o| state.hosts.allows_origin(o))
    {
        let origin = String::from_utf8_lossy(origin.as_bytes()).into_owned();
        return forbidden(&format!(
            "This preview server does not send its reload events to pages of <code>{}</code>.",
            escape_text(&origin)
        ));
    }
    next.run(request).await
}

/// The first host the request names that is not allowed: every `Host` header, and the
/// authority of an absolute request URI (which takes precedence over `Host` in HTTP/1.1).
fn foreign_host(state: &AppState, uri: &Uri, headers: &HeaderMap) -> Option<String> {
    let from_uri = uri.authority().map(|a| a.as_str().to_string());
    let from_headers = headers
        .get_all(header::HOST)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    from_uri
        .into_iter()
        .chain(from_headers)
        .find(|host| !state.hosts.allows_host(host))
}

/// The 403 page: what was refused, why, and how to allow it.
fn forbidden(what: &str) -> Response {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Host not allowed</title>\n</head>\n<body>\n<main>\n<h1>Host not allowed</h1>\n<p>{what}</p>\n<p>It answers only for <code>localhost</code>, <code>127.0.0.1</code>, <code>[::1]</code>, names ending in <code>.localhost</code>, the address it listens on and the hosts it was started with, so that a web page you visit cannot read your draft through a name it points at this machine (DNS rebinding).</p>\n<p>To preview from this address, start the server with the host allowed, for example <code>brief serve --bind 0.0.0.0 --allowed-host my-laptop.local</code> (repeat <code>--allowed-host</code> for each name; <code>.example.org</code> allows a domain and its subdomains).</p>\n</main>\n</body>\n</html>\n"
    );
    file_response(
        StatusCode::FORBIDDEN,
        "text/html; charset=utf-8",
        Bytes::from(page),
    )
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
pub(crate) fn content_type(path: &str) -> &'static str {
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
pub(super) fn error_overlay(failed: &BuildFailed) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
