//! `briefing serve` and GitHub Pages sub-path publishing, over real HTTP on 127.0.0.1.
//!
//! Each test starts its own server (the binary, or the library's static server) on a free
//! port; every wait is a bounded poll, and a server process is killed when its test ends,
//! passed or failed.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// Generous bounds: the machine may be busy, and debug builds are slow. The rebuild is
/// expected within seconds; the bound only stops a hung test.
const START_TIMEOUT: Duration = Duration::from_secs(180);
const REBUILD_TIMEOUT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client over TcpStream.

#[derive(Debug)]
struct Resp {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Resp {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// `GET target` (sent as is, so `..` and escapes reach the server untouched).
fn get(addr: SocketAddr, target: &str) -> Resp {
    try_get(addr, target).unwrap_or_else(|e| panic!("GET {target}: {e}"))
}

fn try_get(addr: SocketAddr, target: &str) -> std::io::Result<Resp> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line in {head:?}")))?;
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .get("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        body = dechunk(&body);
    }
    Ok(Resp {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let Ok(size) = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
        else {
            break;
        };
        if size == 0 || data.len() < eol + 2 + size {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[(eol + 2 + size + 2).min(data.len())..];
    }
    out
}

/// Poll `check` every 100 ms until it returns `Some`, or panic with `what` after `limit`.
fn wait_for<T>(limit: Duration, what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

// ---------------------------------------------------------------------------------------
// The example site and the `briefing serve` process.

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary copy of the repository's example site (config.toml and content/articles).
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let articles = dir.path().join("content/articles");
    std::fs::create_dir_all(&articles).unwrap();
    for entry in std::fs::read_dir(repo().join("content/articles")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), articles.join(entry.file_name())).unwrap();
        }
    }
    std::fs::copy(repo().join("config.toml"), dir.path().join("config.toml")).unwrap();
    dir
}

/// A running `briefing serve`; killed on drop if the test did not stop it.
struct Serve {
    child: Option<Child>,
    addr: SocketAddr,
    /// Everything the process printed, stdout and stderr interleaved.
    output: Arc<Mutex<String>>,
}

impl Serve {
    fn start(root: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start briefing serve");
        let output = Arc::new(Mutex::new(String::new()));
        for stream in [
            child
                .stdout
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|s| Box::new(s) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    output.lock().unwrap().push_str(&format!("{line}\n"));
                }
            });
        }
        let mut serve = Serve {
            child: Some(child),
            addr: "127.0.0.1:1".parse().unwrap(),
            output,
        };
        static SERVING: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"Serving (.+) at http://(127\.0\.0\.1:\d+)/ \(Ctrl-C to stop\)").unwrap()
        });
        let addr = wait_for(START_TIMEOUT, "the Serving line", || {
            if let Some(status) = serve
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!(
                    "briefing serve exited early ({status}):\n{}",
                    serve.output()
                );
            }
            SERVING
                .captures(&serve.output())
                .map(|c| c[2].parse::<SocketAddr>().unwrap())
        });
        assert_ne!(addr.port(), 0, "--port 0 prints the chosen port");
        serve.addr = addr;
        serve
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    fn get(&self, target: &str) -> Resp {
        get(self.addr, target)
    }

    fn version(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/__briefing/version").body).expect("version JSON")
    }

    /// Ctrl-C (SIGINT), then wait for a clean exit.
    #[cfg(unix)]
    fn interrupt(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("running");
        let sent = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill -INT");
        assert!(sent.success());
        wait_for(Duration::from_secs(30), "exit after Ctrl-C", || {
            child.try_wait().ok().flatten()
        })
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

const SOURCE: &str = "2022-07-16-six-killed-near-bamako";

/// Replace the first line of an article's body with `line`; returns the old line.
fn rewrite_first_body_line(path: &Path, line: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut fences = 0;
    let mut old = None;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.trim() == "+++" {
                fences += 1;
            } else if fences >= 2 && old.is_none() && !l.trim().is_empty() {
                old = Some(l.to_string());
                return line.to_string();
            }
            l.to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
    old.expect("an article body line")
}

// ---------------------------------------------------------------------------------------
// (a) rebuild on change, last good build on a broken change, clean Ctrl-C.

#[test]
fn serve_rebuilds_on_change_and_keeps_the_last_good_build() {
    let site = example_site();
    let mut serve = Serve::start(site.path());

    // The site is served, with the live-reload script in pages.
    let index = serve.get("/index.html");
    assert_eq!(index.status, 200, "{}", serve.output());
    assert_eq!(index.header("content-type"), "text/html; charset=utf-8");
    let home = index.text();
    assert!(
        home.contains("<script src=\"/__briefing/live.js\""),
        "live reload injected"
    );
    assert_eq!(serve.get("/").body, index.body, "/ serves index.html");
    let incident = Regex::new(r##"href="(incidents/[^"#]+\.html)""##)
        .unwrap()
        .captures(&home)
        .expect("an incident link")[1]
        .to_string();
    let page = serve.get(&format!("/{incident}"));
    assert_eq!(page.status, 200);
    assert!(page.text().contains("</html>"));
    let extensionless = serve.get(&format!("/{}", incident.trim_end_matches(".html")));
    assert_eq!(
        extensionless.status, 200,
        "extensionless URL serves the .html page"
    );
    assert_eq!(extensionless.body, page.body);
    let script = serve.get("/__briefing/live.js");
    assert_eq!(script.status, 200);
    assert!(script.header("content-type").starts_with("text/javascript"));
    assert!(
        script.text().contains("textContent"),
        "the overlay writes the error as text, not HTML"
    );
    let missing = serve.get("/incidents/no-such-incident.html");
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .text()
            .contains("data-page=\"incidents/no-such-incident.html\""),
        "a 404 page reloads when the page it stands for is built"
    );
    assert!(
        missing.text().contains("Page not found"),
        "the site's 404 page"
    );
    let v1 = serve.version()["version"].as_u64().unwrap();
    assert!(serve.version()["error"].is_null());
    // Each page watches its own version: a rebuild reloads only the pages it changed.
    let other_page = "/sources/2023-01-03-gunmen-kill-five-near-capital.html";
    let page_version = |page: &str| {
        let key = page.trim_start_matches('/');
        let served = serve.get(page).text();
        assert!(
            served.contains(&format!("data-page=\"{key}\"")),
            "{page}: its script tag names the page"
        );
        serde_json::from_slice::<serde_json::Value>(
            &serve.get(&format!("/__briefing/version?page={key}")).body,
        )
        .expect("version JSON")["version"]
            .as_u64()
            .unwrap()
    };
    let other_before = page_version(other_page);

    // Edit a sentence: the new text is served after the rebuild.
    let article = site.path().join(format!("content/articles/{SOURCE}.md"));
    let source_page = format!("/sources/{SOURCE}.html");
    assert!(!serve.get(&source_page).text().contains("Quokka"));
    let edited_at = Instant::now();
    rewrite_first_body_line(
        &article,
        "Quokka observers reported the first edit of this article.",
    );
    wait_for(REBUILD_TIMEOUT, "the edited text to be served", || {
        let r = serve.get(&source_page);
        (r.status == 200 && r.text().contains("Quokka observers")).then_some(())
    });
    eprintln!("edit served after {:?}", edited_at.elapsed());
    // The edited article's page may be shown before the rest of the site is rebuilt.
    wait_for(REBUILD_TIMEOUT, "the end of the rebuild", || {
        (serve.version()["building"] == serde_json::Value::Bool(false)).then_some(())
    });
    let v2 = serve.version()["version"].as_u64().unwrap();
    assert!(
        v2 > v1,
        "a good build bumps the version that open pages poll"
    );
    assert!(
        page_version(&source_page) > v1,
        "the edited article's page has a new version"
    );
    assert_eq!(
        page_version(other_page),
        other_before,
        "a page the edit did not change keeps its version (open copies do not reload)"
    );

    // A broken article: the error is reported, the last good build still served.
    let broken = site.path().join("content/articles/zz-broken.md");
    std::fs::write(
        &broken,
        "+++\ntitle = \"A title that never ends\npublished = 2024-01-01\n+++\nBody <b>bold</b>.\n",
    )
    .unwrap();
    let error = wait_for(
        REBUILD_TIMEOUT,
        "the build error on the version endpoint",
        || serve.version()["error"].as_str().map(str::to_string),
    );
    assert!(
        error.contains("zz-broken.md"),
        "the error names the file: {error}"
    );
    wait_for(REBUILD_TIMEOUT, "the error in the terminal", || {
        let out = serve.output();
        (out.contains("zz-broken.md") && out.contains("build failed")).then_some(())
    });
    let last_good = serve.get(&source_page);
    assert_eq!(last_good.status, 200);
    assert!(
        last_good.text().contains("Quokka observers"),
        "the last good build is still served"
    );
    assert_eq!(
        serve.version()["version"].as_u64().unwrap(),
        v2,
        "a failed build does not reload pages"
    );
    assert_eq!(serve.get("/index.html").status, 200);

    // Fixed: rebuilt, the error is gone, the new article is served.
    std::fs::write(&broken, "+++\ntitle = \"A fixed title\"\npublished = 2024-01-01\n+++\nWombat counters met in Bamako on Monday.\n").unwrap();
    let v3 = wait_for(REBUILD_TIMEOUT, "the rebuild after the fix", || {
        let v = serve.version();
        (v["error"].is_null() && v["version"].as_u64() > Some(v2))
            .then(|| v["version"].as_u64().unwrap())
    });
    assert!(v3 > v2);
    let fixed = serve.get("/sources/zz-broken.html");
    assert_eq!(fixed.status, 200, "{}", serve.output());
    assert!(fixed.text().contains("Wombat counters"));

    // Ctrl-C: a clean exit that removes the serve folder; public/ was never written.
    #[cfg(unix)]
    {
        let status = serve.interrupt();
        assert!(
            status.success(),
            "exit after Ctrl-C: {status}\n{}",
            serve.output()
        );
        assert!(
            !site.path().join(".briefing-serve").exists(),
            "the serve folder is removed on exit"
        );
    }
    assert!(
        !site.path().join("public").exists(),
        "serve never writes public/"
    );

    // `briefing build` output never holds the live-reload script.
    let built = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    for entry in walkdir::WalkDir::new(site.path().join("public"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__briefing"),
                "{} has the live-reload script",
                entry.path().display()
            );
        }
    }
}

/// A site that does not build at start: the error page (escaped) is served until the fix.
/// (The file name carries markup, and the error names the file.)
#[cfg(unix)]
#[test]
fn serve_shows_the_error_until_the_first_good_build() {
    let site = example_site();
    // `&amp` in the file name must reach the page escaped (`&amp;amp`), never as markup.
    // (Names with `<` or `>` are refused by the loader itself.)
    let broken = site.path().join("content/articles/zz-&amp-broken.md");
    std::fs::write(&broken, "+++\ntitle = unquoted\n+++\nBody.\n").unwrap();
    let serve = Serve::start(site.path());
    let r = serve.get("/index.html");
    assert_eq!(r.status, 500);
    let page = r.text();
    assert!(
        page.contains("zz-&amp;amp-broken.md"),
        "the error is in the page, escaped: {page}"
    );
    assert!(
        !page.contains("zz-&amp-broken.md"),
        "the error text is escaped"
    );
    assert!(
        page.contains("<script src=\"/__briefing/live.js\" data-version=\"0\">"),
        "the error page reloads itself"
    );
    assert!(
        serve.version()["error"]
            .as_str()
            .is_some_and(|e| e.contains("zz-&amp-broken.md"))
    );
    assert!(
        serve.output().contains("build failed"),
        "{}",
        serve.output()
    );

    std::fs::write(&broken, "+++\ntitle = \"Fixed\"\n+++\nBody.\n").unwrap();
    wait_for(REBUILD_TIMEOUT, "the first good build", || {
        (serve.get("/index.html").status == 200).then_some(())
    });
    let v = serve.version();
    assert!(v["error"].is_null());
    assert_eq!(v["version"].as_u64(), Some(1));
}

// ---------------------------------------------------------------------------------------
// (b) nothing outside the output folder.

#[test]
fn serve_refuses_paths_outside_the_output() {
    let site = example_site();
    let serve = Serve::start(site.path());
    let config = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
    let config_line = config.lines().next().unwrap().to_string();

    // A symlink inside the served build, pointing to a file outside it.
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-7731").unwrap();
    let build = walkdir::WalkDir::new(site.path().join(".briefing-serve"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_dir() && e.path().join("index.html").is_file())
        .expect("the live build folder")
        .into_path();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, build.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(secret_dir.path(), build.join("leakdir")).unwrap();
    }

    let attempts = [
        "/../Cargo.toml",
        "/../../../config.toml",
        "/static/../../../../config.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/config.toml",
        "/%2E%2E/%2E%2E/%2E%2E/config.toml",
        "/..%5c..%5c..%5cconfig.toml",
        "/..%5c..%5c",
        "/..\\..\\..\\config.toml",
        "/..%2f..%2f..%2fconfig.toml",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fconfig.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/%5cetc%5cpasswd",
        "http://127.0.0.1/../../../config.toml",
        "/leak.txt",
        "/leakdir/secret.txt",
    ];
    for target in attempts {
        let r = serve.get(target);
        assert!(
            matches!(r.status, 400 | 403 | 404),
            "{target}: status {}",
            r.status
        );
        let body = r.text();
        for leaked in [
            "TOP-SECRET-7731",
            "root:x:0",
            config_line.as_str(),
            "[package]",
        ] {
            assert!(!body.contains(leaked), "{target} leaked {leaked:?}");
        }
    }
    #[cfg(unix)]
    {
        assert_eq!(
            serve.get("/leak.txt").status,
            403,
            "a symlink leaving the output is refused"
        );
        assert_eq!(serve.get("/leakdir/secret.txt").status, 403);
    }
    assert_eq!(serve.get("/%2e%2e/%2e%2e/etc/passwd").status, 403);

    // Content types of what the site serves.
    assert_eq!(
        serve.get("/static/style.css").header("content-type"),
        "text/css; charset=utf-8"
    );
    assert_eq!(
        serve.get("/data/incidents.json").header("content-type"),
        "application/json"
    );
    assert_eq!(
        serve
            .get("/static/style.css")
            .header("x-content-type-options"),
        "nosniff"
    );
    // A folder without its slash is redirected so that its relative links resolve.
    let r = serve.get("/incidents");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), "/incidents/");
}

// ---------------------------------------------------------------------------------------
// (c) concurrent requests.

#[test]
fn serve_answers_50_concurrent_requests() {
    answers_concurrent_requests(50);
}

/// Issue 7: `serve` stays up under 200 concurrent requests, each answered in full.
#[test]
fn serve_answers_200_concurrent_requests() {
    answers_concurrent_requests(200);
}

fn answers_concurrent_requests(n: usize) {
    let site = example_site();
    let serve = Serve::start(site.path());
    let home = serve.get("/index.html").text();
    let mut targets: Vec<String> = Regex::new(r##"href="([a-z][^"#:]*)""##)
        .unwrap()
        .captures_iter(&home)
        .map(|c| format!("/{}", &c[1]))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    targets.push("/".into());
    let expected: BTreeMap<String, Vec<u8>> = targets
        .iter()
        .map(|t| (t.clone(), serve.get(t).body))
        .collect();

    let barrier = Arc::new(std::sync::Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let target = targets[i % targets.len()].clone();
            let (addr, barrier) = (serve.addr, Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                (target.clone(), try_get(addr, &target))
            })
        })
        .collect();
    for h in handles {
        let (target, r) = h.join().expect("request thread");
        let r = r.unwrap_or_else(|e| panic!("{target}: {e}"));
        assert_eq!(r.status, 200, "{target}");
        assert_eq!(r.body, expected[&target], "{target}: full body");
    }
}

// ---------------------------------------------------------------------------------------
// Acceptance 1: a GitHub Pages project site under /briefing/, over HTTP and over file://.

/// `href`/`src` values of an HTML page (and `url()` of a CSS file), entity-decoded.
fn links(body: &str, is_css: bool) -> Vec<String> {
    static ATTR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?i)\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).unwrap()
    });
    static URL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"url\(\s*['"]?([^'")]+)['"]?\s*\)"#).unwrap());
    let raw: Vec<String> = if is_css {
        URL.captures_iter(body).map(|c| c[1].to_string()).collect()
    } else {
        ATTR.captures_iter(body)
            .filter_map(|c| c.get(1).or(c.get(2)))
            .map(|m| m.as_str().to_string())
            .collect()
    };
    raw.into_iter()
        .map(|l| {
            l.replace("&amp;", "&")
                .replace("&#39;", "'")
                .replace("&quot;", "\"")
                .trim()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// Element ids of a page, for fragment links.
fn ids(body: &str) -> BTreeSet<String> {
    static ID: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"\s(?:id|name)\s*=\s*"([^"]*)""#).unwrap());
    ID.captures_iter(body).map(|c| c[1].to_string()).collect()
}

fn decode(s: &str) -> String {
    String::from_utf8(briefing::serve::resolve::percent_decode(s).expect("valid escapes"))
        .expect("UTF-8")
}

/// Resolve `link` found on the page at URL path `base` (RFC 3986 §5.2, paths only).
/// `None` for links that leave the site.
fn resolve_url(
    base: &str,
    link: &str,
    site_url: &str,
    prefix: &str,
) -> Option<(String, Option<String>)> {
    let (link, fragment) = match link.split_once('#') {
        Some((l, f)) => (l, Some(decode(f))),
        None => (link, None),
    };
    let link = link.split('?').next().unwrap_or("");
    let path = if let Some(rest) = link.strip_prefix(site_url) {
        format!("{prefix}{rest}")
    } else if link.starts_with("//") || link.contains(':') {
        return None; // another site, mailto:, data:
    } else if link.starts_with('/') {
        link.to_string()
    } else if link.is_empty() {
        base.to_string()
    } else {
        format!("{}{link}", &base[..=base.rfind('/').unwrap_or(0)])
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
        if (*seg == "." || *seg == "..") && i == segments.len() - 1 {
            out.push("");
        }
    }
    Some((format!("/{}", out.join("/")), fragment))
}

/// What a crawl reached and what it found broken.
struct Crawl {
    reached: usize,
    fragments: usize,
    problems: Vec<String>,
}

const PREFIX: &str = "/briefing/";
const SITE_URL: &str = "https://example.github.io/briefing/";

/// Crawl the site served at `addr` under `/briefing/` from its index (and its 404 page),
/// following every same-site href/src and CSS url(); every target must answer 200, stay
/// below the prefix, and every fragment must name an id of its page. `out` is the build
/// folder: each of its pages must be reached.
fn crawl_http(addr: SocketAddr, out: &Path) -> Crawl {
    let mut queue: VecDeque<String> = ["/briefing/", "/briefing/index.html", "/briefing/404.html"]
        .map(String::from)
        .into();
    let mut fetched: BTreeMap<String, Resp> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    while let Some(url) = queue.pop_front() {
        if fetched.contains_key(&url) {
            continue;
        }
        let r = get(addr, &url);
        if r.status != 200 {
            problems.push(format!("{url}: HTTP {}", r.status));
        }
        let ty = r.header("content-type").to_string();
        if r.status == 200 && (ty.starts_with("text/html") || ty.starts_with("text/css")) {
            for link in links(&r.text(), ty.starts_with("text/css")) {
                let Some((target, fragment)) = resolve_url(&url, &link, SITE_URL, PREFIX) else {
                    continue;
                };
                if !target.starts_with(PREFIX) {
                    problems.push(format!(
                        "{url}: `{link}` leaves the /briefing/ sub-path ({target})"
                    ));
                    continue;
                }
                if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                    fragments.push((url.clone(), target.clone(), f));
                }
                queue.push_back(target);
            }
        }
        fetched.insert(url, r);
    }
    for (from, target, fragment) in &fragments {
        let page = fetched
            .get(target)
            .filter(|r| r.header("content-type").starts_with("text/html"));
        if page.is_some_and(|r| !ids(&r.text()).contains(fragment)) {
            problems.push(format!("{from}: `{target}#{fragment}`: no such id"));
        }
    }
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".html") {
            let url = format!(
                "{PREFIX}{}",
                rel.split('/')
                    .map(briefing::site::routes::segment)
                    .collect::<Vec<_>>()
                    .join("/")
            );
            if !fetched.contains_key(&url) {
                problems.push(format!("{rel} is not linked from any page"));
            }
        }
    }
    Crawl {
        reached: fetched.len(),
        fragments: fragments.len(),
        problems,
    }
}

/// The same crawl over files, as a browser resolves links from file://: every link must be
/// relative, stay inside `out` and name an existing file (a folder would show a listing).
fn crawl_disk(out: &Path) -> Crawl {
    let mut queue: VecDeque<PathBuf> = [out.join("index.html"), out.join("404.html")].into();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    let mut fragments: Vec<(PathBuf, PathBuf, String)> = Vec::new();
    while let Some(file) = queue.pop_front() {
        if !seen.insert(file.clone()) {
            continue;
        }
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "html" && ext != "css" {
            continue;
        }
        let body = std::fs::read_to_string(&file).unwrap();
        for link in links(&body, ext == "css") {
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p, Some(decode(f))),
                None => (link.as_str(), None),
            };
            if path.starts_with("//") || path.contains(':') {
                continue; // another site: the same on the web and from disk
            }
            if path.starts_with('/') {
                problems.push(format!(
                    "{}: `{link}` is root-absolute: it breaks from disk and under a sub-path",
                    file.display()
                ));
                continue;
            }
            let target = if path.is_empty() {
                file.clone()
            } else {
                let mut t = file.parent().unwrap().to_path_buf();
                for c in Path::new(&decode(path.split('?').next().unwrap_or(""))).components() {
                    match c {
                        Component::ParentDir => {
                            t.pop();
                        }
                        Component::Normal(s) => t.push(s),
                        _ => {}
                    }
                }
                t
            };
            if !target.starts_with(out) {
                problems.push(format!(
                    "{}: `{link}` leaves the site folder",
                    file.display()
                ));
            } else if !target.is_file() {
                problems.push(format!(
                    "{}: `{link}` → {} is not a file",
                    file.display(),
                    target.display()
                ));
            } else {
                if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                    fragments.push((file.clone(), target.clone(), f));
                }
                queue.push_back(target);
            }
        }
    }
    for (from, target, fragment) in &fragments {
        if target.extension().is_some_and(|e| e == "html")
            && !ids(&std::fs::read_to_string(target).unwrap()).contains(fragment)
        {
            problems.push(format!(
                "{}: `{}#{fragment}`: no such id",
                from.display(),
                target.display()
            ));
        }
    }
    Crawl {
        reached: seen.len(),
        fragments: fragments.len(),
        problems,
    }
}

fn build_for_subpath(site: &Path) -> PathBuf {
    let built = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--base-url", SITE_URL, "--root"])
        .arg(site)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    site.join("public")
}

#[test]
fn subpath_site_resolves_every_link_over_http_and_from_disk() {
    let site = example_site();
    let out = build_for_subpath(site.path());

    // Over HTTP, under /briefing/ as GitHub Pages serves a project site.
    let server =
        briefing::serve::serve_dir(&out, "127.0.0.1:0".parse().unwrap(), PREFIX).expect("server");
    let addr = server.addr();
    assert_eq!(server.url(), format!("http://{addr}/briefing/"));
    let http = crawl_http(addr, &out);
    assert!(
        http.problems.is_empty(),
        "over HTTP under /briefing/:\n{}",
        http.problems.join("\n")
    );
    assert!(http.reached >= 15, "crawled {} URLs", http.reached);
    eprintln!(
        "over HTTP: {} URLs fetched, {} fragment links checked",
        http.reached, http.fragments
    );
    // Outside the sub-path there is nothing.
    assert_eq!(get(addr, "/index.html").status, 404);
    assert_eq!(get(addr, "/briefing").status, 301);
    server.stop();

    // From disk (file://).
    let disk = crawl_disk(&out);
    assert!(
        disk.problems.is_empty(),
        "from disk:\n{}",
        disk.problems.join("\n")
    );
    assert!(disk.reached >= 15, "crawled {} files", disk.reached);
    eprintln!(
        "from disk: {} files reached, {} fragment links checked",
        disk.reached, disk.fragments
    );
}

/// The crawlers are worth something only if they see broken links: a 404 page override
/// with a root-absolute link, a missing page and a missing anchor.
#[test]
fn subpath_crawlers_report_broken_links() {
    let site = example_site();
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/404.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><title>x</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\
         <body><a href=\"missing.html\">a</a> <a href=\"index.html#no-such-anchor\">b</a></body></html>\n",
    )
    .unwrap();
    let out = build_for_subpath(site.path());
    let server =
        briefing::serve::serve_dir(&out, "127.0.0.1:0".parse().unwrap(), PREFIX).expect("server");
    let http = crawl_http(server.addr(), &out).problems.join("\n");
    let disk = crawl_disk(&out).problems.join("\n");
    for report in [&http, &disk] {
        assert!(
            report.contains("/static/style.css"),
            "root-absolute link reported:\n{report}"
        );
        assert!(
            report.contains("missing.html"),
            "missing page reported:\n{report}"
        );
        assert!(
            report.contains("no-such-anchor"),
            "missing anchor reported:\n{report}"
        );
    }
}
