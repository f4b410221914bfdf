//! From a request path to a file of the output folder, the way GitHub Pages maps them, and
//! never to a file outside it.
//!
//! The raw (percent-encoded) path is split on `/` *before* decoding, so an encoded `%2F`
//! cannot smuggle a separator in; every decoded segment is then checked: `..`, a backslash,
//! a NUL or a `:` (a Windows drive) refuse the request rather than being "cleaned", since
//! no link of a generated site contains them. Finally the file's canonical path (symlinks
//! resolved) must lie inside the canonical output folder.

use std::path::{Path, PathBuf};

/// What a request path designates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A regular file inside the output folder (canonical path).
    File(PathBuf),
    /// A directory asked for without its trailing slash: redirect to this path (relative to
    /// the served prefix, percent-encoded, ending in `/`), so that its page's relative
    /// links resolve against the directory.
    AddSlash(String),
    /// Nothing there: answer with the site's 404 page.
    NotFound,
    /// A traversal attempt or a path no generated link can have: 403.
    Forbidden(&'static str),
    /// Invalid percent-encoding or UTF-8: 400.
    BadRequest(&'static str),
}

/// Resolve `raw`, the request path below the served prefix (percent-encoded, without the
/// query string, leading slashes allowed), against the output folder `root`.
///
/// `dir/` serves `dir/index.html`; `/incidents/x` serves `incidents/x.html` when `x` does
/// not exist (as GitHub Pages does).
pub fn resolve(root: &Path, raw: &str) -> Resolved {
    let segments = match segments(raw) {
        Ok(s) => s,
        Err(refused) => return refused,
    };
    let trailing_slash = raw.ends_with('/');

    let Ok(root_canon) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    let mut candidate = root_canon.clone();
    for s in &segments {
        candidate.push(s);
    }

    let file = if candidate.is_dir() {
        if !trailing_slash && !segments.is_empty() {
            let encoded: Vec<String> = segments
                .iter()
                .map(|s| crate::site::routes::segment(s))
                .collect();
            return Resolved::AddSlash(format!("{}/", encoded.join("/")));
        }
        candidate.join("index.html")
    } else if trailing_slash {
        // `page.html/` names a directory that does not exist.
        return Resolved::NotFound;
    } else if candidate.exists() {
        candidate
    } else {
        // Extensionless URL: `incidents/x` → `incidents/x.html`.
        let mut with_html = candidate.clone().into_os_string();
        with_html.push(".html");
        PathBuf::from(with_html)
    };

    // Symlinks are followed here: the target, not the link, must be inside the output.
    let Ok(canon) = file.canonicalize() else {
        return Resolved::NotFound;
    };
    if !canon.starts_with(&root_canon) {
        return Resolved::Forbidden("outside the output folder");
    }
    if !canon.is_file() {
        return Resolved::NotFound;
    }
    Resolved::File(canon)
}

/// The decoded segments of a request path, or why it is refused.
fn segments(raw: &str) -> Result<Vec<String>, Resolved> {
    if raw.contains('\\') {
        return Err(Resolved::Forbidden("backslash in path"));
    }
    let mut segments: Vec<String> = Vec::new();
    for part in raw.split('/') {
        let decoded =
            percent_decode(part).ok_or(Resolved::BadRequest("invalid percent-encoding"))?;
        let Ok(seg) = String::from_utf8(decoded) else {
            return Err(Resolved::BadRequest("path is not UTF-8"));
        };
        match seg.as_str() {
            "" | "." => continue,
            ".." => return Err(Resolved::Forbidden("`..` in path")),
            s if s.contains(['/', '\\', '\0', ':']) => {
                return Err(Resolved::Forbidden(
                    "separator, NUL or drive in a path segment",
                ));
            }
            _ => segments.push(seg),
        }
    }
    Ok(segments)
}

/// The output paths (relative, `/`-separated) a request path may designate, without
/// looking at the disk: `a/b` (or `a/b.html`, extensionless), `dir/index.html` for
/// `dir/`. For pages held in memory rather than in the output folder.
pub fn page_candidates(raw: &str) -> Vec<String> {
    let Ok(segments) = segments(raw) else {
        return Vec::new();
    };
    let joined = segments.join("/");
    if joined.is_empty() {
        vec!["index.html".into()]
    } else if raw.ends_with('/') {
        vec![format!("{joined}/index.html")]
    } else {
        vec![format!("{joined}.html"), joined]
            .into_iter()
            .rev()
            .collect()
    }
}

/// Decode `%XX` escapes; `None` on a malformed escape. `+` stays `+` (it is a space only in
/// query strings).
pub fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hi = char::from(hex[0]).to_digit(16)?;
            let lo = char::from(hex[1]).to_digit(16)?;
            out.push(u8::try_from(hi * 16 + lo).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The Content-Type of a file, by extension (text types in UTF-8, as the site writes them).
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("geojson") => "application/geo+json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path();
        std::fs::create_dir_all(p.join("incidents")).unwrap();
        std::fs::create_dir_all(p.join("docs")).unwrap();
        std::fs::write(p.join("index.html"), "home").unwrap();
        std::fs::write(p.join("incidents/2024-09-17-bamako.html"), "inc").unwrap();
        std::fs::write(p.join("docs/index.html"), "docs").unwrap();
        std::fs::write(p.join("a b.html"), "space").unwrap();
        dir
    }

    fn file(root: &Path, rel: &str) -> Resolved {
        Resolved::File(root.canonicalize().unwrap().join(rel))
    }

    #[test]
    fn maps_like_github_pages() {
        let dir = site();
        let root = dir.path();
        assert_eq!(resolve(root, "/"), file(root, "index.html"));
        assert_eq!(resolve(root, ""), file(root, "index.html"));
        assert_eq!(resolve(root, "/index.html"), file(root, "index.html"));
        assert_eq!(
            resolve(root, "/incidents/2024-09-17-bamako"),
            file(root, "incidents/2024-09-17-bamako.html")
        );
        assert_eq!(
            resolve(root, "/incidents/2024-09-17-bamako.html"),
            file(root, "incidents/2024-09-17-bamako.html")
        );
        assert_eq!(resolve(root, "/docs/"), file(root, "docs/index.html"));
        assert_eq!(resolve(root, "/docs"), Resolved::AddSlash("docs/".into()));
        assert_eq!(resolve(root, "/a%20b.html"), file(root, "a b.html"));
        assert_eq!(resolve(root, "/incidents/"), Resolved::NotFound);
        assert_eq!(resolve(root, "/nope.html"), Resolved::NotFound);
        assert_eq!(resolve(root, "/index.html/"), Resolved::NotFound);
    }

    #[test]
    fn refuses_traversal() {
        let dir = site();
        let root = dir.path();
        for bad in [
            "/../x",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/..%5c..%5cx",
            "/a\\b",
            "/x%2f..%2f..%2fetc",
            "/C:%5cwin",
            "/incidents/../index.html",
            "/a%00b",
        ] {
            assert!(
                matches!(resolve(root, bad), Resolved::Forbidden(_)),
                "{bad}: {:?}",
                resolve(root, bad)
            );
        }
        assert!(matches!(resolve(root, "/%zz"), Resolved::BadRequest(_)));
        assert!(matches!(resolve(root, "/%ff"), Resolved::BadRequest(_)));
        // A doubled slash is not an absolute path: it stays inside.
        assert_eq!(resolve(root, "//index.html"), file(root, "index.html"));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_leaving_the_output() {
        let dir = site();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("leak.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("leakdir")).unwrap();
        std::os::unix::fs::symlink(
            dir.path().join("index.html"),
            dir.path().join("inside.html"),
        )
        .unwrap();
        assert!(matches!(
            resolve(dir.path(), "/leak.txt"),
            Resolved::Forbidden(_)
        ));
        assert!(matches!(
            resolve(dir.path(), "/leakdir/secret.txt"),
            Resolved::Forbidden(_)
        ));
        assert_eq!(
            resolve(dir.path(), "/inside.html"),
            file(dir.path(), "index.html")
        );
    }

    #[test]
    fn content_types() {
        for (name, ty) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.xml", "application/xml"),
            ("a.svg", "image/svg+xml"),
            ("a.PNG", "image/png"),
            ("a.csv", "text/csv; charset=utf-8"),
            ("a.geojson", "application/geo+json"),
            (".nojekyll", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), ty, "{name}");
        }
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%20b").unwrap(), b"a b");
        assert_eq!(percent_decode("%C3%A9").unwrap(), "é".as_bytes());
        assert!(percent_decode("%2").is_none());
        assert!(percent_decode("%g0").is_none());
    }
}
