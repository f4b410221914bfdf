//! What a static host needs beside the pages: the `CNAME` file of a custom domain (GitHub
//! Pages) and the link root of `404.html`.
//!
//! GitHub Pages serves `404.html` for every missing path, at any depth
//! (`/briefing/incidents/nope.html`), without redirecting: the relative links of the page
//! would then resolve against the missing page's folder and break. `404.html` keeps the
//! relative links of every other page (so it works from disk and at the top level, and link
//! checkers resolve it like any page) and gets a small inline script, early in its `<head>`,
//! that computes the site root and sets `<base href>` to it before the stylesheet and links
//! are resolved: the path of `base_url` when the address starts with it (`/briefing/`),
//! otherwise `/` (a custom domain, or a local server at the root). Without JavaScript, a deep
//! 404 is unstyled but still says "page not found".

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

/// Sets `<base href>` to the site root, unless opened from disk; `ROOT` is replaced by the
/// path of `base_url` as a JavaScript string. A `<base>` would also send in-page links
/// (`#main`, the skip link) to the root, so those are made absolute to this page.
const ROOT_SCRIPT: &str = concat!(
    "<script id=\"site-root\">(function(){var b=ROOT;if(location.protocol===\"file:\")return;",
    "var e=document.createElement(\"base\");e.href=location.pathname.indexOf(b)===0?b:\"/\";",
    "document.head.appendChild(e);",
    "document.addEventListener(\"DOMContentLoaded\",function(){var u=location.href.split(\"#\")[0];",
    "document.querySelectorAll('a[href^=\"#\"]').forEach(function(a){a.setAttribute(\"href\",u+a.getAttribute(\"href\"));});",
    "});})();</script>\n"
);

/// Add the site-root script to a rendered `404.html` (see the module's documentation): just
/// before its first `<link` (so the stylesheet is fetched from the root), or before
/// `</head>`. A page without a `<head>` (an unusual template override) is left as it is.
pub fn not_found_root_script(html: &str, base_url: &str) -> String {
    // A JSON string is a JavaScript string; `<` is escaped so the text cannot close the script.
    let root = serde_json::to_string(&base_path(base_url))
        .unwrap_or_else(|_| "\"/\"".into())
        .replace('<', "\\u003c");
    let script = ROOT_SCRIPT.replace("ROOT", &root);
    let Some(head_end) = html.find("</head>") else {
        return html.to_string();
    };
    let at = html[..head_end].find("<link").unwrap_or(head_end);
    format!("{}{script}{}", &html[..at], &html[at..])
}

/// The `CNAME` file for a custom domain (`cname` in `config.toml`): the host name and a
/// newline, which is what GitHub Pages reads.
pub fn cname_page(cname: Option<&str>) -> Option<Page> {
    let host = cname.map(str::trim).filter(|h| !h.is_empty())?;
    Some(Page {
        path: "CNAME".into(),
        bytes: format!("{host}\n").into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(
            base_path("https://example.github.io/briefing/"),
            "/briefing/"
        );
        assert_eq!(
            base_path("https://example.github.io/briefing"),
            "/briefing/"
        );
        assert_eq!(base_path("https://briefing.example.org"), "/");
        assert_eq!(base_path("https://briefing.example.org/"), "/");
        assert_eq!(base_path("http://127.0.0.1:8000/a/b/?x=1"), "/a/b/");
    }

    #[test]
    fn root_script_goes_before_the_first_link() {
        let html = "<html><head><meta charset=\"utf-8\"><link rel=\"stylesheet\" href=\"static/style.css\"></head><body></body></html>";
        let out = not_found_root_script(html, "https://x.github.io/briefing/");
        let script = out.find("<script id=\"site-root\">").unwrap();
        assert!(
            script > out.find("<meta").unwrap() && script < out.find("<link").unwrap(),
            "{out}"
        );
        assert!(out.contains("var b=\"/briefing/\";"), "{out}");
        let hostile = not_found_root_script(html, "https://x.org/</script><b>/");
        assert!(!hostile.contains("</script><b>"), "{hostile}");
        assert_eq!(
            not_found_root_script("<p>no head</p>", "https://x.org/"),
            "<p>no head</p>"
        );
    }

    #[test]
    fn cname_file() {
        assert_eq!(cname_page(None), None);
        assert_eq!(cname_page(Some("  ")), None);
        let p = cname_page(Some("briefing.example.org")).unwrap();
        assert_eq!(
            (p.path.as_str(), p.bytes.as_slice()),
            ("CNAME", &b"briefing.example.org\n"[..])
        );
    }
}
