//! Accessibility structure of every generated page, checked without a browser: landmarks, a
//! skip link to the main content, names on charts, and a dark scheme that follows the system
//! but never reaches paper. (The full checks, Nu Html Checker and axe-core in Chromium, run
//! from `.ci/run` through `tests/a11y/`.)

use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The example site, built once into a temp dir.
fn built() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("public");
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
            .arg(&out)
            .output()
            .expect("run briefing");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        (tmp, out)
    });
    out
}

fn html_pages() -> Vec<(String, String)> {
    let out = built();
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).expect("read page"))
        })
        .collect()
}

fn count(re: &str, text: &str) -> usize {
    Regex::new(re).expect("regex").find_iter(text).count()
}

#[test]
fn every_page_has_landmarks_and_a_skip_link_first() {
    let pages = html_pages();
    assert!(pages.len() >= 15, "{}", pages.len());
    let link = Regex::new(r#"<a\b[^>]*>"#).expect("regex");
    for (path, html) in pages.iter().filter(|(p, _)| p != "print.html") {
        assert_eq!(
            count(r"<main\b[^>]*\bid=.main.", html),
            1,
            "{path}: one <main id=main>"
        );
        assert_eq!(
            count(r"<header class=.site-header", html),
            1,
            "{path}: banner"
        );
        assert!(
            count(r#"<nav aria-label="Main">"#, html) == 1,
            "{path}: main navigation"
        );
        assert_eq!(count(r"<footer\b", html), 1, "{path}: contentinfo");
        // The skip link is the first focusable element of the body.
        let body = html.split_once("<body").map(|(_, b)| b).expect("body");
        let first_link = link.find(body).expect("a link").as_str();
        assert!(
            first_link.contains(r##"href="#main""##) && first_link.contains("class=\"skip\""),
            "{path}: {first_link}"
        );
        // No page content (the marking) before the banner landmark.
        let before_header = body.split("<header").next().unwrap_or("");
        assert!(
            !before_header.contains("marking"),
            "{path}: the marking is outside the banner"
        );
    }
}

#[test]
fn charts_and_maps_have_accessible_names() {
    // Every drawing (the charts; the map, which holds links) is named for a screen reader —
    // `aria-label`, `aria-labelledby` or a first-child `<title>` — or hidden from it.
    let svg = Regex::new(r#"(?s)<svg\b([^>]*)>\s*(<title>)?"#).expect("regex");
    let label = Regex::new(r#"aria-label="([^"]*)""#).expect("regex");
    let mut on_index = 0;
    for (path, html) in html_pages() {
        for c in svg.captures_iter(&html) {
            let attrs = &c[1];
            let named = label
                .captures(attrs)
                .is_some_and(|l| l[1].split_whitespace().count() >= 3)
                || attrs.contains("aria-labelledby=")
                || c.get(2).is_some();
            let hidden = attrs.contains(r#"aria-hidden="true""#);
            assert!(
                named || hidden,
                "{path}: an SVG with no accessible name: <svg{attrs}>"
            );
            if path == "index.html" {
                on_index += 1;
            }
        }
    }
    assert!(on_index >= 1, "the overview has a chart");
}

#[test]
fn dark_scheme_follows_the_system_on_screen_only() {
    let css = std::fs::read_to_string(built().join("static/style.css")).expect("css");
    let media = Regex::new(r"@media([^{]*)\{").expect("regex");
    let dark: Vec<String> = media
        .captures_iter(&css)
        .map(|c| c[1].trim().to_string())
        .filter(|q| q.contains("prefers-color-scheme"))
        .collect();
    assert!(!dark.is_empty(), "no dark scheme");
    for q in &dark {
        assert!(
            q.starts_with("screen and") && q.contains("prefers-color-scheme: dark"),
            "{q}: must not apply in print"
        );
    }
    // The dark section redefines the palette, including the focus colour.
    let at = css.find("prefers-color-scheme: dark").expect("dark");
    for var in [
        "--paper:",
        "--ink:",
        "--ink-faint:",
        "--accent:",
        "--focus:",
    ] {
        assert!(css[at..].contains(var), "dark scheme lacks {var}");
    }
    assert!(css.contains(":focus-visible"), "focus styles");
}
