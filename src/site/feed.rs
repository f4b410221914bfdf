//! `feed.xml` (Atom, RFC 4287) of the incidents and `sitemap.xml` (sitemaps.org 0.9) of the
//! HTML pages: the two files that need absolute URLs, which they build from `base_url`.
//!
//! Neither prints the wall clock: an entry's `updated` is the latest date the data knows for
//! it (the incident's last day or a source's publication date), and the feed's `updated` the
//! latest of its entries, so the same input gives byte-identical files.

use super::context::ArticleMap;
use super::{format as fmt, routes};
use crate::incidents::consolidate::range_text;
use crate::model::Incident;
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// How many incidents the feed carries (the newest).
pub const FEED_ENTRIES: usize = 50;

/// Escape text for XML element content and attribute values, and drop the characters
/// XML 1.0 forbids (C0 controls other than tab, newline and carriage return; U+FFFE/U+FFFF),
/// which article text pasted from the web can contain and which would make the file invalid.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escape text for HTML embedded in the feed (`<content type="html">`): the same escapes,
/// since the HTML is then escaped once more as XML text.
fn html_escape(s: &str) -> String {
    xml_escape(s)
}

/// RFC 3339 timestamp of midnight UTC on `d`.
fn timestamp(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

/// The latest date the data knows for an incident: its last day, or a source's publication
/// date if later (a new report updates the entry). `None` for an undated incident whose
/// sources are undated too.
fn updated(inc: &Incident, articles: &ArticleMap) -> Option<NaiveDate> {
    let event = inc.date.as_ref().map(|d| d.value.last());
    let published = inc.reports.iter().filter_map(|r| {
        articles
            .get(r.article.as_str())
            .and_then(|a| a.meta.published)
    });
    event.into_iter().chain(published).max()
}

/// Site-wide values of the feed.
pub struct FeedInfo<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// Author of the feed (Atom requires one): the organisation, or the briefing's title.
    pub author: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub generator: &'a str,
}

/// `feed.xml`: the [`FEED_ENTRIES`] newest incidents, newest first (by the incident's last
/// possible day, then the latest source, then id; undated incidents last). Entry ids and
/// links are the incidents' absolute page URLs, which are stable across builds.
pub fn atom(info: &FeedInfo, incidents: &[&Incident], articles: &ArticleMap) -> Vec<u8> {
    let mut entries: Vec<(&Incident, Option<NaiveDate>)> = incidents
        .iter()
        .map(|i| (*i, updated(i, articles)))
        .collect();
    entries.sort_by(|(a, ua), (b, ub)| {
        let day = |i: &Incident| i.date.as_ref().map(|d| d.value.last());
        day(b)
            .cmp(&day(a))
            .then(ub.cmp(ua))
            .then_with(|| a.id.cmp(&b.id))
    });
    entries.truncate(FEED_ENTRIES);
    // A feed needs an `updated`; with no date at all, the epoch says "unknown" plainly.
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    let feed_updated = entries
        .iter()
        .filter_map(|(_, u)| *u)
        .max()
        .unwrap_or(epoch);
    let site = info.base_url.trim_end_matches('/');
    let esc = xml_escape;

    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        esc(info.language)
    ));
    x.push_str(&format!("  <title>{}</title>\n", esc(info.title)));
    if let Some(d) = info.description.filter(|d| !d.trim().is_empty()) {
        x.push_str(&format!("  <subtitle>{}</subtitle>\n", esc(d)));
    }
    x.push_str(&format!("  <id>{}</id>\n", esc(&format!("{site}/"))));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        esc(&format!("{site}/feed.xml"))
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        esc(&format!("{site}/"))
    ));
    x.push_str(&format!(
        "  <updated>{}</updated>\n",
        timestamp(feed_updated)
    ));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        esc(info.author)
    ));
    x.push_str(&format!(
        "  <generator>{}</generator>\n",
        esc(info.generator)
    ));
    for (inc, up) in &entries {
        let url = routes::canonical(info.base_url, &routes::incident_path(&inc.id));
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", esc(&inc.title)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            esc(&url)
        ));
        x.push_str(&format!("    <id>{}</id>\n", esc(&url)));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(up.unwrap_or(epoch))
        ));
        if let Some(t) = inc.event_type.as_deref() {
            x.push_str(&format!("    <category term=\"{}\"/>\n", esc(t)));
        }
        if !inc.summary.trim().is_empty() {
            x.push_str(&format!(
                "    <summary>{}</summary>\n",
                esc(inc.summary.trim())
            ));
        }
        x.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            esc(&entry_html(inc, articles))
        ));
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}

/// The entry's body as HTML: the summary, the key facts and the sources. Every value is
/// HTML-escaped here and the whole is XML-escaped by the caller.
fn entry_html(inc: &Incident, articles: &ArticleMap) -> String {
    let e = html_escape;
    let mut h = String::new();
    if !inc.summary.trim().is_empty() {
        h.push_str(&format!("<p>{}</p>", e(inc.summary.trim())));
    }
    let date = inc.date.as_ref().map(|d| fmt::date_value_long(&d.value));
    let place = inc.place.as_ref().map(|p| {
        let v = &p.value;
        let mut parts = vec![v.name.clone()];
        parts.extend(v.admin1.clone());
        parts.extend(v.country.as_deref().map(fmt::country_name));
        parts.join(", ")
    });
    let not_stated = || "not stated".to_string();
    h.push_str("<ul>");
    h.push_str(&format!(
        "<li>Date: {}</li>",
        e(&date.unwrap_or_else(not_stated))
    ));
    h.push_str(&format!(
        "<li>Place: {}</li>",
        e(&place.unwrap_or_else(not_stated))
    ));
    if let Some(t) = &inc.event_type {
        let sub = inc
            .sub_event_type
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        h.push_str(&format!("<li>Event: {}</li>", e(&format!("{t}{sub}"))));
    }
    h.push_str(&format!(
        "<li>Killed: {}</li>",
        e(&inc.fatalities.map(range_text).unwrap_or_else(not_stated))
    ));
    h.push_str(&format!(
        "<li>Wounded: {}</li>",
        e(&inc.wounded.map(range_text).unwrap_or_else(not_stated))
    ));
    if !inc.perpetrators.is_empty() {
        h.push_str(&format!(
            "<li>Perpetrators: {}</li>",
            e(&inc.perpetrators.join(", "))
        ));
    }
    if !inc.claimed_by.is_empty() {
        h.push_str(&format!(
            "<li>Claimed by: {}</li>",
            e(&inc.claimed_by.join(", "))
        ));
    }
    h.push_str("</ul>");
    let mut seen = BTreeSet::new();
    let sources: Vec<String> = inc
        .reports
        .iter()
        .filter(|r| seen.insert(r.article.as_str()))
        .map(|r| match articles.get(r.article.as_str()) {
            Some(a) => {
                let title = e(&a.meta.title);
                // Only web links: a front-matter `url` is untrusted (`javascript:` …).
                let linked = match a.meta.url.as_deref().map(str::trim) {
                    Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
                        format!("<a href=\"{}\">{title}</a>", e(u))
                    }
                    _ => title,
                };
                let by: Vec<String> = a
                    .meta
                    .publisher
                    .iter()
                    .cloned()
                    .chain(a.meta.published.map(fmt::date_long))
                    .collect();
                if by.is_empty() {
                    linked
                } else {
                    format!("{linked} ({})", e(&by.join(", ")))
                }
            }
            None => e(&r.article),
        })
        .map(|s| format!("<li>{s}</li>"))
        .collect();
    if !sources.is_empty() {
        h.push_str(&format!("<p>Sources:</p><ul>{}</ul>", sources.concat()));
    }
    h
}

/// `sitemap.xml`: the absolute URL of every HTML page among `paths` (output paths, `/`
/// separated), sorted, each once; the site root stands for `index.html` (as the canonical
/// link does) and `404.html` is left out, since it is not a page to index.
pub fn sitemap<'a>(base_url: &str, paths: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let mut x = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_sitemap(&mut x, base_url, &sitemap_pages(paths));
    x
}

/// The pages a sitemap lists, in its order: the HTML pages of `paths` but the 404 page,
/// sorted, each once.
pub fn sitemap_pages<'a>(paths: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    paths
        .into_iter()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect()
}

/// [`sitemap`] of [`sitemap_pages`], written to `out` line by line: a sitemap of 100,000
/// incidents is tens of megabytes.
pub fn write_sitemap(
    out: &mut dyn std::io::Write,
    base_url: &str,
    pages: &BTreeSet<&str>,
) -> std::io::Result<()> {
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    out.write_all(b"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")?;
    for p in pages {
        writeln!(
            out,
            "  <url><loc>{}</loc></url>",
            xml_escape(&routes::canonical(base_url, p))
        )?;
    }
    out.write_all(b"</urlset>\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_invalid_characters() {
        assert_eq!(
            xml_escape("<script>&\"'"),
            "&lt;script&gt;&amp;&quot;&apos;"
        );
        assert_eq!(xml_escape("a\u{7}b\u{0}c\td\u{FFFF}"), "abc\td");
        assert_eq!(xml_escape("Ségou – “quoted”"), "Ségou – “quoted”");
    }

    #[test]
    fn sitemap_lists_html_pages_once_without_404() {
        let xml = String::from_utf8(sitemap(
            "https://x.org/b/",
            [
                "index.html",
                "404.html",
                "static/style.css",
                "incidents/a b.html",
                "index.html",
            ],
        ))
        .unwrap();
        assert!(xml.contains("<loc>https://x.org/b/</loc>"));
        assert!(xml.contains("<loc>https://x.org/b/incidents/a%20b.html</loc>"));
        assert!(!xml.contains("404") && !xml.contains("style.css"));
        assert_eq!(xml.matches("<url>").count(), 2);
    }
}
