//! What a static host needs beside the pages: the `CNAME` file of a custom domain (GitHub
//! Pages) and the link root of `404.html`.
//!
//! GitHub Pages serves `404.html` for every missing path, at any depth
//! (`/briefing/incidents/nope.html`), without redirecting: relative links in it would resolve
//! against the missing page's folder and break. So `404.html`, unlike every other page, links
//! with absolute paths built from the path of `base_url` (`/briefing/static/style.css`). No
//! script is needed, and the page works at any depth wherever the site is served at its
//! `base_url` (the Pages workflow passes the real one with `--base-url`). Opened from disk
//! it is unstyled, which does not matter: nothing links to it.

use super::Page;

/// The path of `base_url`, ending with `/`: `https://x.github.io/briefing/` → `/briefing/`,
/// `https://briefing.example.org` → `/`. Query and fragment are dropped.
pub fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_end_matches('/');
    format!("{path}/")
}

/// The `CNAME` file for a custom domain (`cname` in `config.toml`): the host name and a
/// newline, which is what GitHub Pages reads.
pub fn cname_page(cname: Option<&str>) -> Option<Page> {
    let host = cname.map(str::trim).filter(|h| !h.is_empty())?;
    Some(Page { path: "CNAME".into(), bytes: format!("{host}\n").into_bytes() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://example.github.io/briefing/"), "/briefing/");
        assert_eq!(base_path("https://example.github.io/briefing"), "/briefing/");
        assert_eq!(base_path("https://briefing.example.org"), "/");
        assert_eq!(base_path("https://briefing.example.org/"), "/");
        assert_eq!(base_path("http://127.0.0.1:8000/a/b/?x=1"), "/a/b/");
    }

    #[test]
    fn cname_file() {
        assert_eq!(cname_page(None), None);
        assert_eq!(cname_page(Some("  ")), None);
        let p = cname_page(Some("briefing.example.org")).unwrap();
        assert_eq!((p.path.as_str(), p.bytes.as_slice()), ("CNAME", &b"briefing.example.org\n"[..]));
    }
}
