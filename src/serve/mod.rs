//! Stage 6b, serve: the site built in memory and served over HTTP (axum on tokio) on the loopback address, with
//! a live-reload client injected into every HTML page (server-sent events on the same port). Files are watched;
//! a change redoes only what depends on it (see [`rebuild`]); a broken file shows an overlay in the browser with
//! its place and excerpt while the last good pages keep being served. Nothing is written to disk.

pub mod rebuild;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

use crate::build::Options;
use rebuild::{Outcome, Pages, Rebuilder, Work};

/// Where the live-reload client and its event stream live (no site page can have these paths: the site's own
/// paths never start with `__`).
pub const EVENTS_PATH: &str = "/__milepost/events";
pub const CLIENT_PATH: &str = "/__milepost/live.js";

const CLIENT: &str = include_str!("live.js");

/// `serve`'s own options.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Poll for changes instead of waiting for file events.
    pub poll: bool,
}

/// What the browser is told.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// Pages changed: reload (and go to this project's report, if one project changed).
    Reload { focus: Option<String> },
    /// The site-wide pages caught up with a project whose pages were sent before: reload pages other than
    /// that project's own.
    Site { focus: Option<String> },
    /// Only stylesheets changed: swap them.
    Css,
    /// The site cannot be rebuilt: show this in the overlay.
    Problem(String),
}

struct Shared {
    pages: RwLock<Arc<Pages>>,
    problem: RwLock<Option<String>>,
    events: broadcast::Sender<LiveEvent>,
}

/// A running server.
pub struct Server {
    pub addr: SocketAddr,
    rebuilds: std::thread::JoinHandle<()>,
}

impl Server {
    /// Blocks until the server stops (it runs until the process ends).
    pub fn wait(self) {
        let _ = self.rebuilds.join();
    }
}

/// Builds the site, starts watching it and serving it; `report` is called after every build with what it did.
pub fn start(
    root: &Path,
    options: Options,
    serve: &ServeOptions,
    report: impl Fn(&Outcome, Option<&Work>) + Send + 'static,
) -> Result<Server> {
    let listener = std::net::TcpListener::bind((serve.bind, serve.port))
        .with_context(|| format!("failed to listen on {}:{}", serve.bind, serve.port))
        .context("help: pick another port with --port, or --port 0 for any free one")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;

    let mut rebuilder = Rebuilder::new(root, options);
    let first = rebuilder.run(&Work::Full);
    report(&first, None);
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        pages: RwLock::new(Arc::new(rebuilder.pages.clone())),
        problem: RwLock::new(first.result.as_ref().err().cloned()),
        events,
    });
    let watcher = watch::watch(root, serve.poll)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("failed to start the server's runtime")?;
    let app = Router::new()
        .route(EVENTS_PATH, get(live_events))
        .route(CLIENT_PATH, get(client))
        .fallback(page)
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(Arc::clone(&shared));
    std::thread::Builder::new().name("milepost-http".into()).spawn(move || {
        runtime.block_on(async move {
            if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                let _ = axum::serve(listener, app).await;
            }
        });
    })?;

    let root: PathBuf = root.to_path_buf();
    let rebuilds = std::thread::Builder::new().name("milepost-rebuild".into()).spawn(move || {
        // the whole watcher moves in (not only its channel): dropping it would stop watching
        let watcher = watcher;
        while let Some(paths) = watch::next_batch(&watcher.events) {
            let theme = rebuilder.site().map_or_else(|| "default".to_string(), |s| s.config.theme.clone());
            let Some(work) = rebuild::classify(&root, &theme, &paths) else { continue };
            // the edited project's pages go out first; the site-wide pages follow
            let mut early_sent = false;
            let outcome = rebuilder.run_with(&work, &mut |pages, focus| {
                if let Ok(mut p) = shared.pages.write() {
                    *p = Arc::new(pages.clone());
                }
                if let Ok(mut p) = shared.problem.write() {
                    *p = None;
                }
                let _ = shared.events.send(LiveEvent::Reload { focus: focus.map(str::to_string) });
                early_sent = true;
            });
            match &outcome.result {
                Ok(published) => {
                    if let Ok(mut p) = shared.pages.write() {
                        *p = Arc::new(rebuilder.pages.clone());
                    }
                    if let Ok(mut p) = shared.problem.write() {
                        *p = None;
                    }
                    let event = if published.css_only {
                        LiveEvent::Css
                    } else if early_sent {
                        LiveEvent::Site { focus: published.focus.clone() }
                    } else {
                        LiveEvent::Reload { focus: published.focus.clone() }
                    };
                    let _ = shared.events.send(event);
                }
                Err(problem) => {
                    if let Ok(mut p) = shared.problem.write() {
                        *p = Some(problem.clone());
                    }
                    let _ = shared.events.send(LiveEvent::Problem(problem.clone()));
                }
            }
            report(&outcome, Some(&work));
        }
    })?;
    Ok(Server { addr, rebuilds })
}

async fn client() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], CLIENT).into_response()
}

async fn live_events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let mut rx = shared.events.subscribe();
    let (tx, out) = tokio::sync::mpsc::channel::<Result<Event, std::convert::Infallible>>(16);
    // a page that connects while the site is broken shows the problem at once
    let problem = shared.problem.read().ok().and_then(|p| p.clone());
    tokio::spawn(async move {
        let first = match problem {
            Some(p) => Event::default().event("problem").data(p),
            None => Event::default().event("hello").data("{}"),
        };
        if tx.send(Ok(first)).await.is_err() {
            return;
        }
        loop {
            let event = match rx.recv().await {
                Ok(LiveEvent::Reload { focus }) => Event::default()
                    .event("reload")
                    .data(serde_json::json!({ "project": focus.map(|s| crate::url::segment(&s)) }).to_string()),
                Ok(LiveEvent::Site { focus }) => Event::default()
                    .event("site")
                    .data(serde_json::json!({ "project": focus.map(|s| crate::url::segment(&s)) }).to_string()),
                Ok(LiveEvent::Css) => Event::default().event("css").data("{}"),
                Ok(LiveEvent::Problem(p)) => Event::default().event("problem").data(p),
                Err(broadcast::error::RecvError::Lagged(_)) => Event::default().event("reload").data("{}"),
                Err(broadcast::error::RecvError::Closed) => return,
            };
            if tx.send(Ok(event)).await.is_err() {
                return;
            }
        }
    });
    Sse::new(tokio_stream::wrappers::ReceiverStream::new(out)).keep_alive(KeepAlive::default())
}

async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let pages = shared.pages.read().map(|p| Arc::clone(&p)).unwrap_or_default();
    let Some(path) = site_path(uri.path()) else { return not_found(&pages) };
    if let Some(bytes) = pages.get(&path) {
        return file(&path, bytes, StatusCode::OK);
    }
    // `/flutterbye` -> `/flutterbye/` so the page's relative links resolve
    if !path.is_empty() && pages.contains_key(&format!("{path}/index.html")) {
        return Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, format!("{}/", uri.path()))
            .body(Body::empty())
            .unwrap_or_default();
    }
    not_found(&pages)
}

fn not_found(pages: &Pages) -> Response {
    match pages.get("404.html") {
        Some(bytes) => file("404.html", bytes, StatusCode::NOT_FOUND),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The site path a request asks for (`index.html` for a folder), or `None` for anything that could leave the
/// site: `..` (also percent-encoded), backslashes, NUL, or an invalid encoding.
pub fn site_path(request: &str) -> Option<String> {
    let decoded = percent_decode(request)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn file(path: &str, bytes: &[u8], status: StatusCode) -> Response {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    let kind = match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/atom+xml",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    };
    let body = if ext == "html" { inject(bytes) } else { bytes.to_vec() };
    Response::builder().status(status).header(header::CONTENT_TYPE, kind).body(Body::from(body)).unwrap_or_default()
}

/// The page with the live-reload client added before `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{CLIENT_PATH}\" defer></script>");
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/flutterbye/").as_deref(), Some("flutterbye/index.html"));
        assert_eq!(site_path("/static/style.css").as_deref(), Some("static/style.css"));
        assert_eq!(site_path("/a%20b/index.html").as_deref(), Some("a b/index.html"));
        assert_eq!(site_path("//etc/passwd").as_deref(), Some("etc/passwd"));
        for bad in ["/../etc/passwd", "/%2e%2e/secret", "/a/%2E%2E/%2e%2e/x", "/a\\..\\b", "/%00", "/%zz", "/%c3"] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_client_goes_before_the_end_of_the_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert_eq!(out, format!("<html><body><p>x</p><script src=\"{CLIENT_PATH}\" defer></script></body></html>"));
        let bare = String::from_utf8(inject(b"<p>x</p>")).unwrap();
        assert!(bare.ends_with("defer></script>"), "{bare}");
    }
}
