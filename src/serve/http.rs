//! The HTTP side of `briefing serve`: a `tiny_http` server answered by a small pool of
//! worker threads, serving the current build folder (which a rebuild swaps) under an
//! optional path prefix, and, in live mode, the live-reload endpoints.

use super::resolve::{self, Resolved};
use crate::error::Error;
use std::collections::HashMap;
use std::io::Cursor;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, ResponseBox, StatusCode};

/// Path of the live-reload state (JSON: `version`, `error`, `building`); not below the
/// prefix, so it
/// cannot collide with a page of the site.
pub const VERSION_PATH: &str = "/__briefing/version";
/// Path of the live-reload script.
pub const SCRIPT_PATH: &str = "/__briefing/live.js";
const LIVE_JS: &str = include_str!("live.js");

/// How many requests are answered at once.
const WORKERS: usize = 8;

/// What is being served: the last good build and the error of the last build, if it failed.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The folder of the last good build; `None` until a build succeeds.
    pub dir: Option<PathBuf>,
    /// Bumped by every good build, and when pages are shown early.
    pub version: u64,
    /// The last build's error, cleared by the next good build.
    pub error: Option<String>,
    /// Pages of a build under way, served instead of the folder's (path relative to the
    /// output → bytes): the pages of the articles just edited, shown before the rest of
    /// the site is rebuilt.
    pub early: Arc<HashMap<String, Vec<u8>>>,
    /// The version at which each page last changed, for pages changed by a rebuild; an
    /// open page reloads when its own version changes, not at every build.
    pub changed_at: Arc<HashMap<String, u64>>,
    /// The version at which every page last changed (a clean build).
    pub all_changed_at: u64,
    /// A build is under way.
    pub building: bool,
}

impl Snapshot {
    /// The version of the page at `path` (relative to the output): when it last changed.
    pub fn page_version(&self, path: &str) -> u64 {
        self.changed_at
            .get(path)
            .copied()
            .unwrap_or(0)
            .max(self.all_changed_at)
    }
}

/// The state shared by the builder and the request workers.
#[derive(Debug, Default)]
pub struct LiveState(Mutex<Snapshot>);

impl LiveState {
    /// A state serving `dir` as it is (no builds): for `serve_dir`.
    pub fn fixed(dir: PathBuf) -> Self {
        LiveState(Mutex::new(Snapshot {
            dir: Some(dir),
            version: 1,
            all_changed_at: 1,
            ..Snapshot::default()
        }))
    }

    fn lock(&self) -> MutexGuard<'_, Snapshot> {
        // A worker that panicked while holding the lock left a consistent snapshot (every
        // update is a plain assignment): keep serving.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn snapshot(&self) -> Snapshot {
        self.lock().clone()
    }

    /// A good build: serve `dir` from now on, every page changed; returns the folder it
    /// replaces.
    pub fn publish(&self, dir: PathBuf) -> Option<PathBuf> {
        self.publish_changes(dir, None)
    }

    /// A good build that changed the pages `changed` (relative to the output; `None`:
    /// every page): serve `dir` from now on, and no early page. Returns the folder `dir`
    /// replaces.
    pub fn publish_changes(&self, dir: PathBuf, changed: Option<&[String]>) -> Option<PathBuf> {
        let mut s = self.lock();
        s.version += 1;
        let version = s.version;
        match changed {
            None => {
                s.all_changed_at = version;
                s.changed_at = Arc::default();
            }
            Some(paths) => {
                let at = Arc::make_mut(&mut s.changed_at);
                for p in paths {
                    at.insert(p.clone(), version);
                }
            }
        }
        s.error = None;
        s.early = Arc::default();
        s.building = false;
        s.dir.replace(dir)
    }

    /// A build starts (the version endpoint says so until it ends).
    pub fn building(&self) {
        self.lock().building = true;
    }

    /// Serve `pages` (path relative to the output, bytes) in place of the folder's until
    /// the next publish: the first pages of a build under way.
    pub fn show_early(&self, pages: Vec<(String, Vec<u8>)>) {
        let mut s = self.lock();
        s.version += 1;
        let version = s.version;
        let at = Arc::make_mut(&mut s.changed_at);
        for (p, _) in &pages {
            at.insert(p.clone(), version);
        }
        Arc::make_mut(&mut s.early).extend(pages);
        s.error = None;
    }

    /// The bytes of a page shown early, if any.
    pub fn early_page(&self, path: &str) -> Option<Vec<u8>> {
        self.lock().early.get(path).cloned()
    }

    /// A failed build: keep serving the last good one, report `error`.
    pub fn fail(&self, error: String) {
        let mut s = self.lock();
        s.error = Some(error);
        // Pages shown early came from the build that failed.
        s.early = Arc::default();
        s.building = false;
    }
}

/// A running server; dropping it stops it.
pub struct HttpServer {
    server: Arc<tiny_http::Server>,
    workers: Vec<JoinHandle<()>>,
    stopping: Arc<AtomicBool>,
    addr: SocketAddr,
    prefix: String,
}

/// How requests are answered.
struct Site {
    state: Arc<LiveState>,
    /// `/` or `/segment/…/`.
    prefix: String,
    /// Serve the live-reload endpoints and inject the script into HTML pages.
    live: bool,
}

impl HttpServer {
    /// Bind `addr` (port 0: a free port) and answer requests from `state` under `prefix`.
    pub fn start(
        addr: SocketAddr,
        prefix: &str,
        state: Arc<LiveState>,
        live: bool,
    ) -> Result<Self, Error> {
        let prefix = normalise_prefix(prefix)?;
        let server = tiny_http::Server::http(addr).map_err(|e| {
            Error::Other(format!(
                "cannot listen on {addr}: {e} (pass --port 0 to pick a free port)"
            ))
        })?;
        let bound = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| Error::Other(format!("cannot listen on {addr}: not an IP socket")))?;
        let server = Arc::new(server);
        let stopping = Arc::new(AtomicBool::new(false));
        let site = Arc::new(Site {
            state,
            prefix: prefix.clone(),
            live,
        });
        let workers = (0..WORKERS)
            .map(|_| {
                let (server, stopping, site) = (
                    Arc::clone(&server),
                    Arc::clone(&stopping),
                    Arc::clone(&site),
                );
                std::thread::spawn(move || {
                    while !stopping.load(Ordering::Relaxed) {
                        // A timeout rather than `recv`, so that `stop` needs no wake-up call.
                        match server.recv_timeout(Duration::from_millis(200)) {
                            Ok(Some(request)) => site.answer(request),
                            Ok(None) => {}
                            Err(e) => {
                                if !stopping.load(Ordering::Relaxed) {
                                    eprintln!("serve: connection error: {e}");
                                }
                            }
                        }
                    }
                })
            })
            .collect();
        Ok(HttpServer {
            server,
            workers,
            stopping,
            addr: bound,
            prefix,
        })
    }

    /// The address actually bound (the chosen port when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's URL, e.g. `http://127.0.0.1:4000/` (an unspecified bind address such as
    /// 0.0.0.0 is shown as loopback, which is where a browser on this machine finds it).
    pub fn url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(if addr.is_ipv4() {
                std::net::Ipv4Addr::LOCALHOST.into()
            } else {
                std::net::Ipv6Addr::LOCALHOST.into()
            });
        }
        format!("http://{addr}{}", self.prefix)
    }

    /// Stop answering and wait for the workers to finish their current request.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stopping.store(true, Ordering::Relaxed);
        for _ in 0..self.workers.len() {
            self.server.unblock();
        }
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Serve a built folder as it is, under `prefix` (e.g. `/briefing/`, as GitHub Pages serves
/// a project site), without rebuilding or live reload: for previews and tests.
pub fn serve_dir(dir: &Path, addr: SocketAddr, prefix: &str) -> Result<HttpServer, Error> {
    let state = Arc::new(LiveState::fixed(dir.to_path_buf()));
    HttpServer::start(addr, prefix, state, false)
}

/// `briefing` → `/briefing/`, `/` or empty → `/`. Refuses what a URL path prefix cannot be.
pub fn normalise_prefix(prefix: &str) -> Result<String, Error> {
    let trimmed = prefix.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Ok("/".into());
    }
    let bad = trimmed.contains(['?', '#', '\\', ' ', '%'])
        || trimmed
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..");
    if bad {
        return Err(Error::Other(format!(
            "--prefix `{prefix}`: use plain path segments, e.g. /briefing/"
        )));
    }
    Ok(format!("/{trimmed}/"))
}

impl Site {
    fn answer(&self, request: Request) {
        let response = self.respond(request.method(), request.url());
        // The client may have gone away: nothing to do about it.
        let _ = request.respond(response);
    }

    fn respond(&self, method: &Method, url: &str) -> ResponseBox {
        if !matches!(method, Method::Get | Method::Head) {
            return text(405, "Method not allowed: this server only reads files.\n")
                .with_header(header("Allow", "GET, HEAD"))
                .boxed();
        }
        let target = origin_form(url);
        let path = target.split(['?', '#']).next().unwrap_or("");
        if self.live && path == VERSION_PATH {
            return self.version(page_query(target).as_deref());
        }
        if self.live && path == SCRIPT_PATH {
            return Response::from_data(LIVE_JS.as_bytes().to_vec())
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store"))
                .boxed();
        }
        let snapshot = self.state.snapshot();
        let Some(dir) = snapshot.dir.as_deref() else {
            return self.no_build_yet(&snapshot);
        };
        let below = if self.prefix == "/" {
            path
        } else if let Some(rest) = path.strip_prefix(self.prefix.as_str()) {
            rest
        } else if path == self.prefix.trim_end_matches('/') {
            return redirect(&self.prefix);
        } else {
            return self.not_found(dir, &snapshot, None);
        };
        if self.live {
            for candidate in resolve::page_candidates(below) {
                if let Some(bytes) = snapshot.early.get(&candidate) {
                    return self.html(bytes.clone(), 200, &candidate, &snapshot);
                }
            }
        }
        match resolve::resolve(dir, below) {
            Resolved::File(file) => self.file(&file, 200, &snapshot),
            Resolved::AddSlash(rel) => redirect(&format!("{}{rel}", self.prefix)),
            Resolved::NotFound => self.not_found(dir, &snapshot, Some(below)),
            Resolved::Forbidden(why) => text(403, &format!("Forbidden: {why}.\n")).boxed(),
            Resolved::BadRequest(why) => text(400, &format!("Bad request: {why}.\n")).boxed(),
        }
    }

    /// The live-reload state: the version of `page` (relative to the output) when given,
    /// else of the whole site.
    fn version(&self, page: Option<&str>) -> ResponseBox {
        let s = self.state.snapshot();
        let version = page.map_or(s.version, |p| s.page_version(p));
        let body =
            serde_json::json!({ "version": version, "error": s.error, "building": s.building })
                .to_string();
        Response::from_data(body.into_bytes())
            .with_header(header("Content-Type", "application/json"))
            .with_header(header("Cache-Control", "no-store"))
            .boxed()
    }

    /// A file of the build; HTML gets the live-reload script in live mode.
    fn file(&self, file: &Path, status: u16, snapshot: &Snapshot) -> ResponseBox {
        let content_type = resolve::content_type(file);
        let is_html = content_type.starts_with("text/html");
        if is_html && self.live {
            let Ok(bytes) = std::fs::read(file) else {
                return text(404, "Not found.\n").boxed();
            };
            let page = snapshot
                .dir
                .as_deref()
                .and_then(|d| d.canonicalize().ok())
                .and_then(|d| file.strip_prefix(d).ok().map(path_key))
                .unwrap_or_default();
            return self.html(bytes, status, &page, snapshot);
        }
        match std::fs::File::open(file) {
            Ok(f) => Response::from_file(f)
                .with_status_code(StatusCode(status))
                .with_header(header("Content-Type", content_type))
                .with_header(header("Cache-Control", "no-cache"))
                .with_header(header("X-Content-Type-Options", "nosniff"))
                .boxed(),
            // Swapped away by a rebuild between resolving and opening.
            Err(_) => text(404, "Not found.\n").boxed(),
        }
    }

    /// An HTML page with the live-reload script, which watches the version of `page`.
    fn html(&self, bytes: Vec<u8>, status: u16, page: &str, snapshot: &Snapshot) -> ResponseBox {
        let bytes = inject_script(bytes, &page_script_tag(page, snapshot.page_version(page)));
        Response::from_data(bytes)
            .with_status_code(StatusCode(status))
            .with_header(header("Content-Type", "text/html; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"))
            .with_header(header("X-Content-Type-Options", "nosniff"))
            .boxed()
    }

    /// The site's own 404 page, with status 404. In live mode it watches the page asked for
    /// (`wanted`, below the prefix), so that it reloads when a rebuild creates that page.
    fn not_found(&self, dir: &Path, snapshot: &Snapshot, wanted: Option<&str>) -> ResponseBox {
        let Resolved::File(page) = resolve::resolve(dir, "404.html") else {
            return text(404, "Not found.\n").boxed();
        };
        let watched = wanted.and_then(|w| {
            let candidates = resolve::page_candidates(w);
            candidates
                .iter()
                .find(|c| c.ends_with(".html"))
                .or(candidates.first())
                .cloned()
        });
        match (self.live, watched, std::fs::read(&page)) {
            (true, Some(key), Ok(bytes)) => self.html(bytes, 404, &key, snapshot),
            _ => self.file(&page, 404, snapshot),
        }
    }

    /// Before the first good build: the error, escaped, on a page that reloads itself once
    /// the site builds.
    fn no_build_yet(&self, snapshot: &Snapshot) -> ResponseBox {
        let message = snapshot
            .error
            .as_deref()
            .unwrap_or("The site is being built.");
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Build failed — briefing serve</title></head>\n\
             <body>\n<h1>The site does not build</h1>\n<pre>{}</pre>\n<p>Fix the file and save: this page reloads itself.</p>\n</body>\n</html>\n",
            escape_html(message)
        );
        if self.live {
            html = String::from_utf8_lossy(&inject_script(
                html.into_bytes(),
                &script_tag(snapshot.version),
            ))
            .into_owned();
        }
        Response::from_data(html.into_bytes())
            .with_status_code(StatusCode(500))
            .with_header(header("Content-Type", "text/html; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store"))
            .boxed()
    }
}

/// The path of a request target: an absolute-form target (`http://host/path`, which
/// HTTP/1.1 servers must accept) loses its scheme and authority.
fn origin_form(url: &str) -> &str {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &url[7..]
    } else if lower.starts_with("https://") {
        &url[8..]
    } else {
        return url;
    };
    rest.find('/').map_or("/", |i| &rest[i..])
}

fn script_tag(version: u64) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-version=\"{version}\"></script>\n")
}

/// The script tag of a page of the site: it polls the version of that page.
fn page_script_tag(page: &str, version: u64) -> String {
    format!(
        "<script src=\"{SCRIPT_PATH}\" data-page=\"{}\" data-version=\"{version}\"></script>\n",
        escape_html(page)
    )
}

/// A relative path as the output's pages are named: `/`-separated.
fn path_key(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The `page` parameter of a version request (`/__briefing/version?page=…`), decoded.
fn page_query(target: &str) -> Option<String> {
    let query = target.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|kv| {
        let value = kv.strip_prefix("page=")?;
        let bytes = resolve::percent_decode(&value.replace('+', " "))?;
        String::from_utf8(bytes).ok()
    })
}

/// Insert `tag` before the last `</body>` (ASCII case-insensitive), or at the end.
pub fn inject_script(mut html: Vec<u8>, tag: &str) -> Vec<u8> {
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    html.splice(at..at, tag.bytes());
    html
}

/// Escape text for an HTML element's content or a quoted attribute (the site's own escaper).
pub use crate::site::templates::escape_html;

fn header(name: &str, value: &str) -> Header {
    // Names and values here are constants or ASCII paths built by this module.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Invalid-Header"[..], &b"1"[..]).expect("static ASCII header")
    })
}

fn text(status: u16, body: &str) -> Response<Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn redirect(location: &str) -> ResponseBox {
    text(301, &format!("Moved to {location}\n"))
        .with_header(header("Location", location))
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_body_end() {
        let out = inject_script(b"<html><body><p>x</p></BODY></html>".to_vec(), "<s>");
        assert_eq!(out, b"<html><body><p>x</p><s></BODY></html>");
        assert_eq!(inject_script(b"<p>x</p>".to_vec(), "<s>"), b"<p>x</p><s>");
    }

    #[test]
    fn absolute_form_targets() {
        assert_eq!(origin_form("/a/b?x"), "/a/b?x");
        assert_eq!(origin_form("http://127.0.0.1:4000/a/b"), "/a/b");
        assert_eq!(origin_form("HTTPS://host"), "/");
        assert_eq!(origin_form("http:é"), "http:é");
    }

    #[test]
    fn prefixes() {
        assert_eq!(normalise_prefix("").unwrap(), "/");
        assert_eq!(normalise_prefix("/").unwrap(), "/");
        assert_eq!(normalise_prefix("briefing").unwrap(), "/briefing/");
        assert_eq!(normalise_prefix("/a/b/").unwrap(), "/a/b/");
        assert!(normalise_prefix("/../x").is_err());
        assert!(normalise_prefix("/a?b").is_err());
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
