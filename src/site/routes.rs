//! Where each page lives in the output tree and how pages link to each other.
//!
//! Pages are flat `.html` files; every internal link is relative to the linking page, so
//! the site works under any sub-path and from `file://`. An output path holds the raw id
//! (ids are file names); an href holds it percent-encoded.

/// Output path of an incident page.
pub fn incident_path(id: &str) -> String {
    format!("incidents/{id}.html")
}

/// Output path of an article's text page.
pub fn source_path(article: &str) -> String {
    format!("sources/{article}.html")
}

/// Href of an incident page from the site root (prefix it with the page's `root`).
pub fn incident_href(id: &str) -> String {
    format!("incidents/{}.html", segment(id))
}

/// Href of an article page from the site root.
pub fn source_href(article: &str) -> String {
    format!("sources/{}.html", segment(article))
}

/// Href of one sentence of an article from the site root.
pub fn sentence_href(article: &str, sentence: usize) -> String {
    format!("{}#s{sentence}", source_href(article))
}

/// The relative prefix from a page at `path` back to the site root: `""` at the top,
/// `"../"` one directory down.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Percent-encode one path segment (RFC 3986 unreserved characters pass through), so an
/// id with a space, `#`, `?` or non-ASCII letters still links to its file.
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `base_url` joined with a page path, for the canonical link: the only absolute URL.
pub fn canonical(base_url: &str, path: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let encoded: Vec<String> = path.split('/').map(segment).collect();
    if path == "index.html" {
        format!("{base}/")
    } else {
        format!("{base}/{}", encoded.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_encoding() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("incidents/x.html"), "../");
        assert_eq!(segment("2022-07-14-zantiguila"), "2022-07-14-zantiguila");
        assert_eq!(segment("a b#é"), "a%20b%23%C3%A9");
        assert_eq!(
            canonical("https://x.org/brief/", "index.html"),
            "https://x.org/brief/"
        );
        assert_eq!(
            canonical("https://x.org", "sources/a.html"),
            "https://x.org/sources/a.html"
        );
    }
}
