//! `briefing serve`: build the site into a folder of its own, serve it on 127.0.0.1, rebuild
//! when a source changes and make open pages reload themselves.
//!
//! - The live build goes to `<root>/.briefing-serve/<pid>/site/`, never `public/`: the
//!   published output never holds the live-reload script, and the script is not even in the
//!   served files, it is added to HTML responses on the fly. Each rebuild updates that
//!   folder incrementally (`output::OutputWriter`): only changed pages are rendered and
//!   written, each file replaced atomically, a large change swapped in as a whole tree.
//! - A build that fails leaves the last good one served; the error goes to the terminal
//!   and to open pages (an overlay drawn by the live-reload script).
//! - `content/`, `templates/`, `static/` and `config.toml` are watched (notify), and bursts
//!   of events (an editor's save is often several) are coalesced before rebuilding.
//! - The server keeps every article and its mentions between builds (`build::Memory`): a
//!   rebuild reads and extracts only the files that changed. Once the incidents are
//!   consolidated again, the pages of the edited articles and of the incidents that cite
//!   them are rendered first and served from memory at once; the rest of the site (lists,
//!   overview, exports) follows in the folder. Open pages reload when their own page
//!   changed, not at every build.

pub mod http;
pub mod resolve;

pub use http::{HttpServer, LiveState, serve_dir};

use crate::build::{BuildOptions, Memory, build_in};
use crate::error::Error;
use crate::site::SiteData;
use notify::{EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What `briefing serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (config.toml, content/).
    pub root: PathBuf,
    /// Address to listen on; 127.0.0.1 unless asked otherwise.
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// URL path the site is served under (`/` or e.g. `/briefing/`, as a GitHub Pages
    /// project site).
    pub prefix: String,
}

/// Folders and files of a site whose changes trigger a rebuild.
const WATCHED_DIRS: [&str; 3] = ["content", "templates", "static"];
const WATCHED_FILES: [&str; 1] = ["config.toml"];
/// Quiet time that ends a burst of file events (an editor's save is a few events within
/// milliseconds); short, so that a change shows at once.
const DEBOUNCE: Duration = Duration::from_millis(15);
/// A burst never delays a rebuild longer than this.
const DEBOUNCE_MAX: Duration = Duration::from_secs(2);

enum Message {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// Run the server until Ctrl-C (or SIGTERM). Errors only when it cannot start: a missing
/// site folder, a port in use, a watcher that cannot be set up. Build errors are reported
/// and served, not returned.
pub fn run(opts: &ServeOptions) -> Result<(), Error> {
    let root = opts.root.canonicalize().map_err(|e| Error::File {
        path: opts.root.clone(),
        message: format!("site folder not found ({e}); pass --root DIR, or run in a folder with config.toml and content/"),
    })?;
    if !root.is_dir() {
        return Err(Error::File {
            path: root,
            message: "not a folder; pass --root DIR".into(),
        });
    }

    let state = Arc::new(LiveState::default());
    let server = HttpServer::start(
        SocketAddr::new(opts.bind, opts.port),
        &opts.prefix,
        Arc::clone(&state),
        true,
    )?;
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines on the network can read this briefing",
            opts.bind
        );
    }

    let (tx, rx) = mpsc::channel::<Message>();
    let ctrlc_tx = tx.clone();
    let presses = std::sync::atomic::AtomicUsize::new(0);
    if let Err(e) = ctrlc::set_handler(move || {
        // The first Ctrl-C stops after the build under way; a second one does not wait.
        if presses.fetch_add(1, std::sync::atomic::Ordering::Relaxed) > 0 {
            std::process::exit(130);
        }
        let _ = ctrlc_tx.send(Message::Stop);
    }) {
        eprintln!("warning: Ctrl-C handler not installed ({e}); stop the server by killing it");
    }

    let serve_root = root.join(".briefing-serve");
    let mut builder = Builder {
        root: root.clone(),
        out: serve_root.join(std::process::id().to_string()),
        base_url: server.url(),
        state: Arc::clone(&state),
        memory: Memory::default(),
    };
    // A folder left by a previous run of this same pid (a crash) would be taken for output.
    let _ = std::fs::remove_dir_all(&builder.out);
    builder.rebuild();
    println!(
        "Serving {} at {} (Ctrl-C to stop)",
        root.display(),
        server.url()
    );

    let watch_tx = tx.clone();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = watch_tx.send(Message::Fs(event));
    })
    .map_err(|e| Error::Other(format!("cannot watch {} for changes: {e}", root.display())))?;
    let mut watched = BTreeSet::new();
    watch_sources(&mut watcher, &root, &mut watched);

    'serve: while let Ok(message) = rx.recv() {
        let Message::Fs(event) = message else { break };
        let Some(first) = relevant(&root, event) else {
            continue;
        };
        let mut changed: BTreeSet<PathBuf> = first.into_iter().collect();
        // Coalesce the burst.
        let start = Instant::now();
        while start.elapsed() < DEBOUNCE_MAX {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(Message::Stop) => break 'serve,
                Ok(Message::Fs(event)) => {
                    if let Some(more) = relevant(&root, event) {
                        changed.extend(more);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => break 'serve,
            }
        }
        // A folder created since (templates/ added later) is watched from now on.
        watch_sources(&mut watcher, &root, &mut watched);
        let names: Vec<String> = changed
            .iter()
            .take(3)
            .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
            .collect();
        let more = if changed.len() > 3 {
            format!(" and {} more", changed.len() - 3)
        } else {
            String::new()
        };
        println!("Change in {}{more}: rebuilding", names.join(", "));
        builder
            .memory
            .changed(changed.iter().map(|p| p.strip_prefix(&root).unwrap_or(p)));
        builder.rebuild();
    }

    println!("Stopping.");
    drop(watcher);
    server.stop();
    let _ = std::fs::remove_dir_all(&builder.out);
    // Removed only when no other `briefing serve` is using it.
    let _ = std::fs::remove_dir(&serve_root);
    Ok(())
}

/// Rebuilds the served folder and tells the server (and open pages) about good builds.
struct Builder {
    root: PathBuf,
    out: PathBuf,
    base_url: String,
    state: Arc<LiveState>,
    /// The articles of the last good build, with their mentions.
    memory: Memory,
}

impl Builder {
    fn rebuild(&mut self) {
        // One folder rebuilt in place: the build's manifest and fingerprints make a rebuild
        // render and write only what changed (a large change is swapped in whole).
        let dir = self.out.join("site");
        let opts = BuildOptions {
            root: self.root.clone(),
            output: Some(dir.clone()),
            base_url: Some(self.base_url.clone()),
        };
        let state = Arc::clone(&self.state);
        state.building();
        let root = self.root.clone();
        let mut shown: Vec<(String, Vec<u8>)> = Vec::new();
        let start = Instant::now();
        let mut early = |data: &SiteData, changed: &BTreeSet<String>| {
            if changed.is_empty() {
                return;
            }
            // An error here is the whole build's too, reported when it ends.
            if let Ok(pages) = crate::site::render_selected(data, &root, changed) {
                shown = pages.into_iter().map(|p| (p.path, p.bytes)).collect();
                state.show_early(shown.clone());
                println!(
                    "Showing {} changed pages after {} ms; rebuilding the rest",
                    shown.len(),
                    start.elapsed().as_millis()
                );
            }
        };
        match build_in(&opts, &mut self.memory, &mut early) {
            Ok((summary, committed)) => {
                for w in &summary.warnings {
                    eprintln!("warning: {w}");
                }
                println!("{summary}");
                // Pages shown early are not changed again by the build that wrote them.
                let changed = committed.changed.map(|paths| {
                    paths
                        .into_iter()
                        .filter(|p| {
                            shown.iter().all(|(q, bytes)| {
                                q != p || std::fs::read(dir.join(p)).ok().as_ref() != Some(bytes)
                            })
                        })
                        .collect::<Vec<String>>()
                });
                // Always the same folder, so there is no previous one to remove.
                let _ = self.state.publish_changes(dir, changed.as_deref());
            }
            Err(e) => {
                let message = e.to_string();
                let serving = if self.state.snapshot().dir.is_some() {
                    "still serving the last good build"
                } else {
                    "serving the error until the site builds"
                };
                eprintln!("{message}\nbuild failed: {serving}");
                self.state.fail(message);
            }
        }
    }
}

/// Watch the site root (for config.toml and folders created later) and each source folder.
fn watch_sources(watcher: &mut impl Watcher, root: &Path, watched: &mut BTreeSet<PathBuf>) {
    let targets = std::iter::once((root.to_path_buf(), RecursiveMode::NonRecursive)).chain(
        WATCHED_DIRS
            .iter()
            .map(|d| (root.join(d), RecursiveMode::Recursive)),
    );
    for (path, mode) in targets {
        if path.is_dir() && !watched.contains(&path) {
            match watcher.watch(&path, mode) {
                Ok(()) => {
                    watched.insert(path);
                }
                Err(e) => eprintln!("warning: cannot watch {}: {e}", path.display()),
            }
        }
    }
    // A watched folder that was deleted is watched again when it comes back.
    watched.retain(|p| p.is_dir());
}

/// The changed source paths of an event, or `None` when it concerns nothing the site is
/// built from (reads, the serve folder, editor swap files).
fn relevant(root: &Path, event: notify::Result<notify::Event>) -> Option<Vec<PathBuf>> {
    let event = match event {
        Ok(e) => e,
        Err(e) => {
            eprintln!("warning: file watcher: {e}");
            return None;
        }
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return None;
    }
    if event.need_rescan() {
        return Some(vec![root.to_path_buf()]);
    }
    let paths: Vec<PathBuf> = event
        .paths
        .into_iter()
        .filter(|p| is_source(root, p))
        .collect();
    (!paths.is_empty()).then_some(paths)
}

/// Whether `path` is one the site is built from.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components();
    let Some(first) = parts.next().and_then(|c| c.as_os_str().to_str()) else {
        return false;
    };
    let under_dir = WATCHED_DIRS.contains(&first);
    let is_file = WATCHED_FILES.contains(&first) && parts.next().is_none();
    if !(under_dir || is_file) {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Editors' temporary files (vim: .x.swp, 4913; emacs: .#x, x~).
    let scratch = name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name == "4913";
    !scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/content/articles/a.md")));
        assert!(is_source(root, Path::new("/site/config.toml")));
        assert!(is_source(root, Path::new("/site/templates/base.html")));
        assert!(is_source(root, Path::new("/site/static/x/style.css")));
        assert!(is_source(root, Path::new("/site/content")));
        assert!(!is_source(
            root,
            Path::new("/site/.briefing-serve/1/build-1/index.html")
        ));
        assert!(!is_source(root, Path::new("/site/public/index.html")));
        assert!(!is_source(root, Path::new("/site/config.toml/x")));
        assert!(!is_source(
            root,
            Path::new("/site/content/articles/.a.md.swp")
        ));
        assert!(!is_source(root, Path::new("/site/content/articles/a.md~")));
        assert!(!is_source(root, Path::new("/elsewhere/content/a.md")));
    }
}
