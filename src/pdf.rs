//! `briefing pdf`: build the site into a scratch folder and print its `print.html` to PDF
//! with headless Chromium.
//!
//! The paper size, margins, running header and page numbers all come from the document's
//! CSS (`@page`), so Chromium's own header and footer (date, URL) are turned off. The PDF's
//! title is the document's `<title>`. The browser runs with a fresh profile, no network
//! features and a time limit, so a hung browser never hangs the command.

use crate::build::BuildOptions;
use crate::error::{Error, Errors};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Browser commands looked up on `PATH`, in order (after `BRIEFING_CHROME`).
pub const BROWSERS: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// How long the browser may take to print before it is stopped.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// What `briefing pdf` was asked to do.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Site folder (config.toml, content/).
    pub root: PathBuf,
    /// Defaults to `<root>/briefing.pdf`.
    pub output: Option<PathBuf>,
    /// Narrow the document to a period (override `print_from`/`print_to` of config.toml).
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub timeout: Duration,
}

impl PdfOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        PdfOptions {
            root: root.into(),
            output: None,
            from: None,
            to: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

/// What `briefing pdf` did.
#[derive(Debug, Clone)]
pub struct PdfSummary {
    pub output: PathBuf,
    pub browser: PathBuf,
    pub incidents: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl std::fmt::Display for PdfSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Printed {} incidents to {} ({} KB, {} ms, {})",
            self.incidents,
            self.output.display(),
            self.bytes.div_ceil(1024),
            self.elapsed.as_millis(),
            self.browser.display()
        )
    }
}

/// The message when no browser is found: what to install, and the override.
pub fn no_browser_message() -> String {
    format!(
        "no headless Chromium found (looked for BRIEFING_CHROME, then {} on PATH). \
         Install it: on Debian or Ubuntu `sudo apt-get install chromium poppler-utils` \
         (chromium prints the PDF; poppler-utils gives pdftotext and pdfinfo to check it), \
         or set BRIEFING_CHROME to the path of a Chromium or Chrome binary",
        BROWSERS.join(", ")
    )
}

/// Find the browser: `BRIEFING_CHROME` (a path, or a command name looked up on `PATH`),
/// else the first of [`BROWSERS`] on `PATH`.
pub fn find_browser() -> Result<PathBuf, Error> {
    find_browser_in(
        std::env::var_os("BRIEFING_CHROME").as_deref(),
        std::env::var_os("PATH").as_deref(),
    )
}

/// [`find_browser`] with the environment passed in (testable without touching it).
pub fn find_browser_in(chrome: Option<&OsStr>, path: Option<&OsStr>) -> Result<PathBuf, Error> {
    let on_path = |name: &OsStr| -> Option<PathBuf> {
        let dirs: Vec<PathBuf> = path
            .map(|p| std::env::split_paths(p).collect())
            .unwrap_or_default();
        dirs.into_iter()
            .map(|d| d.join(name))
            .find(|c| is_executable(c))
    };
    if let Some(c) = chrome.filter(|c| !c.is_empty()) {
        let p = Path::new(c);
        if p.components().count() > 1 {
            return if is_executable(p) {
                Ok(p.to_path_buf())
            } else {
                Err(Error::Other(format!(
                    "BRIEFING_CHROME={} is not an executable file. {}",
                    p.display(),
                    no_browser_message()
                )))
            };
        }
        return on_path(c).ok_or_else(|| {
            Error::Other(format!(
                "BRIEFING_CHROME={} is not found on PATH. {}",
                p.display(),
                no_browser_message()
            ))
        });
    }
    BROWSERS
        .iter()
        .find_map(|b| on_path(OsStr::new(b)))
        .ok_or_else(|| Error::Other(no_browser_message()))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// A scratch directory removed when dropped (the browser profile, the built site).
struct Scratch(PathBuf);

impl Scratch {
    fn new(what: &str) -> Result<Self, Error> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir =
            std::env::temp_dir().join(format!("briefing-{what}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A `file://` URL for an absolute path, percent-encoding what a URL cannot hold.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    let text = path.to_string_lossy();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Print one HTML file to PDF with `browser`, stopping it after `timeout`.
/// Page size and margins come from the file's CSS.
pub fn print_to_pdf(
    browser: &Path,
    html: &Path,
    pdf: &Path,
    timeout: Duration,
) -> Result<(), Error> {
    let html = std::path::absolute(html).map_err(|source| Error::Io {
        path: html.to_path_buf(),
        source,
    })?;
    if !html.is_file() {
        return Err(Error::File {
            path: html,
            message: "no such HTML file to print".into(),
        });
    }
    let pdf_abs = std::path::absolute(pdf).map_err(|source| Error::Io {
        path: pdf.to_path_buf(),
        source,
    })?;
    if let Some(dir) = pdf_abs.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let scratch = Scratch::new("chrome")?;
    // Written next to the target and renamed, so a failed print leaves no half file.
    let partial = pdf_abs.with_extension("pdf.partial");
    let _ = std::fs::remove_file(&partial);
    let log_path = scratch.0.join("browser.log");
    let log = std::fs::File::create(&log_path).map_err(|source| Error::Io {
        path: log_path.clone(),
        source,
    })?;
    let log_err = log.try_clone().map_err(|source| Error::Io {
        path: log_path.clone(),
        source,
    })?;
    let mut print_arg = OsString::from("--print-to-pdf=");
    print_arg.push(&partial);
    let mut profile_arg = OsString::from("--user-data-dir=");
    profile_arg.push(scratch.0.join("profile"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            // Current Chromium's switch for "no browser header/footer", then the older one.
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            // PDF bookmarks from the document's headings.
            "--generate-pdf-document-outline",
        ])
        .arg(profile_arg)
        .arg(print_arg)
        .arg(file_url(&html))
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .spawn()
        .map_err(|e| {
            Error::Other(format!(
                "could not start {}: {e}. {}",
                browser.display(),
                no_browser_message()
            ))
        })?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = std::fs::remove_file(&partial);
                return Err(Error::Other(format!(
                    "{} did not finish printing {} within {} s; it was stopped",
                    browser.display(),
                    html.display(),
                    timeout.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                return Err(Error::Other(format!(
                    "waiting for {}: {e}",
                    browser.display()
                )));
            }
        }
    };
    let log_text = std::fs::read_to_string(&log_path).unwrap_or_default();
    let written = std::fs::read(&partial)
        .ok()
        .filter(|b| b.starts_with(b"%PDF"));
    match (status.success(), written) {
        (true, Some(_)) => std::fs::rename(&partial, &pdf_abs).map_err(|source| Error::Io {
            path: pdf_abs.clone(),
            source,
        }),
        _ => {
            let _ = std::fs::remove_file(&partial);
            // The last lines of the browser's log say why (its D-Bus noise comes first).
            let tail: Vec<&str> = log_text.lines().rev().take(8).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            Err(Error::Other(format!(
                "{} failed to print {} ({status}); its last messages:\n{}",
                browser.display(),
                html.display(),
                tail.join("\n")
            )))
        }
    }
}

/// `briefing pdf`: build the site into a scratch folder (the site's `public/` is left
/// alone) with the chosen period, then print `print.html`.
pub fn pdf(opts: &PdfOptions) -> Result<PdfSummary, Errors> {
    let start = Instant::now();
    // Before building: a missing browser is the likeliest problem and the cheapest to report.
    let browser = find_browser().map_err(Errors::from)?;
    let scratch = Scratch::new("site").map_err(Errors::from)?;
    let site = scratch.0.join("public");
    let (from, to) = (opts.from, opts.to);
    let summary = crate::build::build_with(
        &BuildOptions {
            root: opts.root.clone(),
            output: Some(site.clone()),
            base_url: None,
        },
        &|config| {
            if from.is_some() {
                config.print_from = from;
            }
            if to.is_some() {
                config.print_to = to;
            }
            match (config.print_from, config.print_to) {
                (Some(f), Some(t)) if f > t => Err(Error::Other(format!(
                    "the print period is empty: --to {t} is before --from {f}"
                ))),
                _ => Ok(()),
            }
        },
    )?;
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("briefing.pdf"));
    print_to_pdf(
        &browser,
        &site.join(crate::site::print::PATH),
        &output,
        opts.timeout,
    )
    .map_err(Errors::from)?;
    let bytes = std::fs::metadata(&output).map(|m| m.len()).unwrap_or(0);
    Ok(PdfSummary {
        output,
        browser,
        incidents: summary.incidents,
        bytes,
        elapsed: start.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/print.html")),
            "file:///tmp/a%20b/print.html"
        );
        assert_eq!(file_url(Path::new("/tmp/é#")), "file:///tmp/%C3%A9%23");
    }

    #[test]
    fn missing_browser_names_the_packages() {
        let e = find_browser_in(None, Some(OsStr::new("")))
            .unwrap_err()
            .to_string();
        assert!(e.contains("apt-get install chromium poppler-utils"), "{e}");
        assert!(e.contains("BRIEFING_CHROME"), "{e}");
        let e = find_browser_in(Some(OsStr::new("/nonexistent/chrome")), None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("/nonexistent/chrome") && e.contains("chromium poppler-utils"),
            "{e}"
        );
    }

    #[test]
    fn browser_is_found_on_path_or_by_variable() {
        let dir = Scratch::new("test-path").unwrap();
        let exe = dir.0.join("chromium-browser");
        std::fs::write(&exe, "#!/bin/sh\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path = std::env::join_paths([dir.0.clone()]).unwrap();
        assert_eq!(find_browser_in(None, Some(&path)).unwrap(), exe);
        assert_eq!(
            find_browser_in(Some(OsStr::new("chromium-browser")), Some(&path)).unwrap(),
            exe
        );
        assert_eq!(find_browser_in(Some(exe.as_os_str()), None).unwrap(), exe);
    }

    /// A browser that hangs is stopped at the time limit, and no PDF is left behind.
    #[cfg(unix)]
    #[test]
    fn a_hung_browser_is_stopped() {
        use std::os::unix::fs::PermissionsExt;
        let dir = Scratch::new("test-hang").unwrap();
        let exe = dir.0.join("chromium");
        std::fs::write(&exe, "#!/bin/sh\nexec sleep 30\n").unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        let html = dir.0.join("print.html");
        std::fs::write(&html, "<title>x</title>").unwrap();
        let pdf = dir.0.join("out.pdf");
        let start = Instant::now();
        let e = print_to_pdf(&exe, &html, &pdf, Duration::from_millis(500))
            .unwrap_err()
            .to_string();
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{:?}",
            start.elapsed()
        );
        assert!(e.contains("did not finish"), "{e}");
        assert!(!pdf.exists() && !dir.0.join("out.pdf.partial").exists());
    }
}
