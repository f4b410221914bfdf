//! Link checking of a built site: every internal link and asset reference of every HTML page
//! (and every `url(…)` of every stylesheet) must name a file of the site, and every
//! `#fragment` an element id of its target page.
//!
//! One function serves `briefing check` and the tests, so both judge links the same way. It
//! works on the output tree in memory ([`check_files`]) or on disk ([`check_dir`]).
//!
//! The site is published under a sub-path and opened from disk, so an internal link must be
//! relative: a root-absolute link (`/static/style.css`) is reported, and so is a relative
//! link that climbs above the site root. External links (`https:`, `mailto:`…) are not
//! fetched: the checker never uses the network.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::LazyLock;

/// One link that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// The page (or stylesheet) holding the link, relative to the site root.
    pub page: String,
    /// The link as written (entities decoded).
    pub link: String,
    /// What is wrong, in words.
    pub problem: String,
}

impl std::fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: link \"{}\": {}", self.page, self.link, self.problem)
    }
}

/// The outcome of a link check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkReport {
    /// Internal references looked at (external ones are not counted).
    pub checked: usize,
    /// Pages (HTML files) scanned.
    pub pages: usize,
    pub problems: Vec<LinkProblem>,
}

impl LinkReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Attributes that hold a URL. `srcset` is split on commas separately. The value may be
/// double-quoted, single-quoted or bare.
static URL_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)[\s"'](href|src|xlink:href|poster|action|data|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#)
        .expect("valid regex")
});
/// Element ids and the old `<a name>` anchors.
static ID_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)[\s"'](?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#)
        .expect("valid regex")
});
/// Text that is not markup: scripts, styles (checked as CSS), comments.
static NOT_MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<script\b[^>]*>.*?</script\s*>|<!--.*?-->").expect("valid regex")
});
static STYLE_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<style\b[^>]*>(.*?)</style\s*>").expect("valid regex"));
static CSS_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')"#,
    )
    .expect("valid regex")
});
static CSS_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)/\*.*?\*/").expect("valid regex"));

fn is_html(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    p.ends_with(".html") || p.ends_with(".htm") || p.ends_with(".xhtml")
}

fn is_css(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".css")
}

/// Fragments can only be checked in documents with ids.
fn has_ids(path: &str) -> bool {
    is_html(path) || path.to_ascii_lowercase().ends_with(".svg")
}

/// Check every internal reference of the HTML pages and stylesheets of `files` (output path
/// with `/` separators → contents).
pub fn check_files(files: &BTreeMap<String, Vec<u8>>) -> LinkReport {
    let mut ids_cache: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut report = LinkReport::default();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        let links: Vec<String> = if is_html(path) {
            report.pages += 1;
            html_links(&text)
        } else if is_css(path) {
            css_links(&text)
        } else {
            continue;
        };
        for link in links {
            match resolve(path, &link) {
                Resolved::External => {}
                Resolved::Problem(problem) => {
                    report.checked += 1;
                    report.problems.push(LinkProblem {
                        page: path.clone(),
                        link,
                        problem,
                    });
                }
                Resolved::Internal { target, fragment } => {
                    report.checked += 1;
                    let problem = check_target(files, &mut ids_cache, &target, fragment.as_deref());
                    if let Some(problem) = problem {
                        report.problems.push(LinkProblem {
                            page: path.clone(),
                            link,
                            problem,
                        });
                    }
                }
            }
        }
    }
    report
}

/// Read the output tree under `dir` and [`check_files`] it.
pub fn check_dir(dir: &Path) -> std::io::Result<LinkReport> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .map_err(std::io::Error::other)?;
        let key: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.insert(key.join("/"), std::fs::read(entry.path())?);
    }
    Ok(check_files(&files))
}

/// Whether `target` exists and, for a fragment, holds that id; `None` when it does.
fn check_target<'a>(
    files: &'a BTreeMap<String, Vec<u8>>,
    ids_cache: &mut BTreeMap<&'a str, BTreeSet<String>>,
    target: &str,
    fragment: Option<&str>,
) -> Option<String> {
    // A folder link is served as its index.html.
    let (key, bytes) = match files.get_key_value(target) {
        Some(kv) => kv,
        None => {
            let index = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                format!("{target}/index.html")
            };
            match files.get_key_value(&index) {
                Some(kv) => kv,
                None => {
                    return Some(format!(
                        "no such file {}",
                        if target.is_empty() {
                            "index.html"
                        } else {
                            target
                        }
                    ));
                }
            }
        }
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    // `#top` scrolls to the top of any HTML document.
    if !has_ids(key) || fragment.eq_ignore_ascii_case("top") {
        return None;
    }
    let ids = ids_cache
        .entry(key.as_str())
        .or_insert_with(|| element_ids(&String::from_utf8_lossy(bytes)));
    let wanted = percent_decode(fragment);
    if ids.contains(&wanted) {
        None
    } else {
        Some(format!("no element with id \"{wanted}\" in {key}"))
    }
}

/// Every element id (and `<a name>`) of a page, entities decoded.
fn element_ids(html: &str) -> BTreeSet<String> {
    let markup = NOT_MARKUP.replace_all(html, " ");
    ID_ATTR
        .captures_iter(&markup)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3)))
        .map(|m| unescape(m.as_str()))
        .collect()
}

/// The URL references of an HTML page, entities decoded: URL attributes outside scripts and
/// comments, each candidate of a `srcset`, and `url(…)` in `<style>` blocks and `style`
/// attributes.
pub fn html_links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in STYLE_BLOCK.captures_iter(html) {
        out.extend(css_links(c.get(1).map_or("", |m| m.as_str())));
    }
    let markup = NOT_MARKUP.replace_all(html, " ");
    let markup = STYLE_BLOCK.replace_all(&markup, " ");
    for c in URL_ATTR.captures_iter(&markup) {
        let name = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
        let Some(value) = c.get(2).or_else(|| c.get(3)).or_else(|| c.get(4)) else {
            continue;
        };
        let value = unescape(value.as_str());
        if name == "srcset" {
            // "a.png 1x, b.png 2x": the URL is the first word of each candidate.
            out.extend(
                value
                    .split(',')
                    .filter_map(|cand| cand.split_whitespace().next())
                    .map(str::to_string),
            );
        } else {
            out.push(value.trim().to_string());
        }
    }
    out
}

/// The `url(…)` and `@import` references of a stylesheet.
pub fn css_links(css: &str) -> Vec<String> {
    let css = CSS_COMMENT.replace_all(css, " ");
    CSS_URL
        .captures_iter(&css)
        .filter_map(|c| (1..=5).find_map(|i| c.get(i)))
        .map(|m| m.as_str().trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

enum Resolved {
    External,
    Internal {
        target: String,
        fragment: Option<String>,
    },
    Problem(String),
}

/// Resolve `link`, found on the page at `page`, to a path of the output tree.
fn resolve(page: &str, link: &str) -> Resolved {
    let link = link.trim();
    let lower = link.to_ascii_lowercase();
    if link.starts_with("//") {
        return Resolved::External;
    }
    // A scheme: letters, digits, `+-.` before the first `:` that comes before any `/?#`.
    if let Some(colon) = link.find(':') {
        let scheme = &link[..colon];
        if !scheme.is_empty()
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        {
            if lower.starts_with("file:") {
                return Resolved::Problem(
                    "a file: URL only works on one computer; link relatively".into(),
                );
            }
            return Resolved::External;
        }
    }
    let (rest, fragment) = match link.split_once('#') {
        Some((r, f)) => (r, Some(f.to_string())),
        None => (link, None),
    };
    let path = rest.split('?').next().unwrap_or("");
    if path.starts_with('/') {
        return Resolved::Problem(
            "root-absolute link: it breaks when the site is served under a sub-path or opened from disk; make it relative".into(),
        );
    }
    if path.is_empty() {
        // Same page (a fragment, or just a query).
        return Resolved::Internal {
            target: page.to_string(),
            fragment,
        };
    }
    let mut segments: Vec<String> = page.split('/').map(str::to_string).collect();
    segments.pop(); // the page's own file name
    let decoded = percent_decode(path);
    let trailing_slash = decoded.ends_with('/');
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return Resolved::Problem("climbs above the site root".into());
                }
            }
            s => segments.push(s.to_string()),
        }
    }
    let mut target = segments.join("/");
    if trailing_slash && !target.is_empty() {
        target.push('/');
    }
    Resolved::Internal { target, fragment }
}

/// Undo percent-encoding; malformed escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decode the character references an attribute value may hold (`&amp;`, `&quot;`, `&#39;`,
/// `&#x27;`…); unknown named references are kept as written.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn resolves_relative_links_fragments_and_assets() {
        let files = site(&[
            (
                "index.html",
                r##"<link rel="stylesheet" href="static/style.css"><a href="incidents/a%20b.html#e1">x</a><a href="#main">skip</a><main id="main"></main><a href="https://example.org/">ext</a><a href='mailto:x@y.z'>m</a><img srcset="static/a.png 1x, static/a.png 2x" alt=""><a href="./">home</a>"##,
            ),
            (
                "incidents/a b.html",
                r#"<a href="../index.html?x=1&amp;y=2">up</a><li id="e1"></li><a href="../sources/s.html#s3">s</a>"#,
            ),
            (
                "sources/s.html",
                r#"<span id="s3"></span><a href="../index.html#top">top</a>"#,
            ),
            (
                "static/style.css",
                "body { background: url('a.png') } /* url(missing.png) */",
            ),
            ("static/a.png", ""),
        ]);
        let r = check_files(&files);
        assert!(r.is_ok(), "{:?}", r.problems);
        assert_eq!(r.pages, 3);
        assert_eq!(r.checked, 10);
    }

    #[test]
    fn reports_missing_files_ids_absolute_and_escaping_links() {
        let files = site(&[
            (
                "index.html",
                r#"<a href="nope.html">a</a><a href="chronology.html#y2020">b</a><img src="/static/x.png" alt=""><a href="../up.html">c</a><script>var s = '<a href="gone.html">';</script><!-- <a href="old.html"> -->"#,
            ),
            ("chronology.html", r#"<section id="y2021"></section>"#),
            ("static/style.css", "@import 'fonts.css';"),
        ]);
        let r = check_files(&files);
        let lines: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 5, "{lines:#?}");
        assert!(
            lines
                .iter()
                .any(|l| l == "index.html: link \"nope.html\": no such file nope.html"),
            "{lines:#?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("chronology.html#y2020")
                && l.contains("no element with id \"y2020\""))
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("/static/x.png") && l.contains("root-absolute"))
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("../up.html") && l.contains("above the site root"))
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("static/style.css: link \"fonts.css\""))
        );
    }

    #[test]
    fn unescapes_entities_without_panicking() {
        assert_eq!(
            unescape("a&amp;b&#39;c&#x27;d&unknown;e&"),
            "a&b'c'd&unknown;e&"
        );
        assert_eq!(unescape("é&amp;–"), "é&–");
        assert_eq!(percent_decode("a%20b%C3%A9%2"), "a bé%2");
        // Odd input never panics.
        let _ = html_links("<a href=\"é\u{301}#%ZZ\" id='&#xFFFFFFFF;'>");
        let files = site(&[(
            "x.html",
            "<a href=\"#%ZZ\" id=\"&#xD800;\"></a><a href=\"a:b\">",
        )]);
        let _ = check_files(&files);
    }
}
