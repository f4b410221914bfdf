//! The files for other tools and for the web host — `feed.xml`, `sitemap.xml`,
//! `data/incidents.csv`, `data/incidents.geojson`, `CNAME`, `404.html` — read back with real
//! parsers (feed-rs, csv, geojson, roxmltree) and checked against `data/incidents.json`.
//!
//! Expectations are derived from `incidents.json`, never hard-coded ids, so these tests keep
//! holding as extraction improves.

use briefing::build::{BuildOptions, build};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const BASE: &str = "https://example.github.io/briefing/";

const HEADER: &[&str] = &[
    "event_id",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "fatalities",
    "notes",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_into(root: &Path, out: &Path) {
    build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: Some(BASE.into()),
    })
    .unwrap_or_else(|e| panic!("build failed:\n{e}"));
}

/// The example briefing built once into a temporary folder, as GitHub Pages would build it.
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir").keep().join("public");
        build_into(&repo(), &out);
        out
    })
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn incidents(out: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&read(out, "data/incidents.json")).expect("valid JSON");
    v["incidents"].as_array().expect("incidents array").clone()
}

/// Every file of an output tree, by path relative to it.
fn tree(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Undo the percent-encoding of an href path.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let (b'%', Some(n)) = (b[i], hex) {
            out.push(n);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 path")
}

/// The output file an absolute URL under `BASE` stands for (`BASE` itself is the index).
fn file_of(url: &str) -> String {
    let rest = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    let rest = rest.split(['#', '?']).next().unwrap_or("");
    if rest.is_empty() {
        "index.html".into()
    } else {
        percent_decode(rest)
    }
}

/// The publishers of an incident in `incidents.json`, each once (the CSV `source`).
fn publishers(inc: &Value) -> String {
    let mut names: Vec<String> = Vec::new();
    for s in inc["sources"].as_array().expect("sources") {
        let name = s["publisher"]
            .as_str()
            .or(s["article"].as_str())
            .expect("a name")
            .to_string();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.join("; ")
}

#[test]
fn feed_is_valid_atom_matching_incidents_json() {
    let out = built();
    let xml = read(out, "feed.xml");
    // Well-formed XML with the elements RFC 4287 requires.
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    assert_eq!(root.tag_name().name(), "feed");
    for required in ["id", "title", "updated", "author"] {
        assert!(
            root.children().any(|c| c.has_tag_name(required)),
            "feed lacks <{required}>"
        );
    }
    for entry in root.children().filter(|c| c.has_tag_name("entry")) {
        for required in ["id", "title", "updated", "link"] {
            assert!(
                entry.children().any(|c| c.has_tag_name(required)),
                "entry lacks <{required}>"
            );
        }
    }

    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("feed-rs parses the feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert!(
        feed.links
            .iter()
            .any(|l| l.rel.as_deref() == Some("self") && l.href == format!("{BASE}feed.xml")),
        "{:?}",
        feed.links
    );
    let incs = incidents(out);
    assert!(!incs.is_empty());
    assert_eq!(feed.entries.len(), incs.len().min(50));

    let titles: BTreeMap<&str, &str> = incs
        .iter()
        .map(|i| (i["id"].as_str().unwrap(), i["title"].as_str().unwrap()))
        .collect();
    let mut previous_day: Option<String> = None;
    for entry in &feed.entries {
        let link = &entry.links.first().expect("entry link").href;
        assert_eq!(&entry.id, link, "entry id is its page URL");
        let file = file_of(link);
        assert!(out.join(&file).is_file(), "{link} → {file} does not exist");
        let id = file
            .strip_prefix("incidents/")
            .and_then(|f| f.strip_suffix(".html"))
            .expect("an incident page");
        let title = entry.title.as_ref().expect("title").content.as_str();
        assert_eq!(Some(&title), titles.get(id), "title of {id}");
        let inc = incs
            .iter()
            .find(|i| i["id"] == id)
            .expect("listed in incidents.json");
        // Newest first by the incident's last possible day.
        let day = inc["date_end"]
            .as_str()
            .or(inc["date"].as_str())
            .unwrap_or("")
            .to_string();
        if let Some(p) = &previous_day {
            assert!(day <= *p, "{day} after {p}: not newest first");
        }
        previous_day = Some(day.clone());
        // `updated` comes from the data (incident or source dates), never the clock.
        let updated = entry
            .updated
            .expect("updated")
            .format("%Y-%m-%d")
            .to_string();
        let mut known: Vec<String> = inc["sources"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["published"].as_str().map(String::from))
            .collect();
        known.push(day);
        assert_eq!(Some(&updated), known.iter().max(), "updated of {id}");
    }
    let latest = feed.entries.iter().filter_map(|e| e.updated).max();
    assert_eq!(
        feed.updated, latest,
        "the feed's updated is its newest entry's"
    );
}

#[test]
fn csv_has_acled_columns_and_one_row_per_incident() {
    let out = built();
    let incs = incidents(out);
    let mut reader = csv::Reader::from_path(out.join("data/incidents.csv")).expect("CSV opens");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        &header[..HEADER.len()],
        HEADER,
        "ACLED columns first, in order"
    );
    for extra in [
        "iso",
        "fatalities_low",
        "fatalities_high",
        "wounded",
        "claimed_by",
        "url",
    ] {
        assert!(
            header[HEADER.len()..].iter().any(|h| h == extra),
            "extra column {extra}"
        );
    }
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .map(|r| r.expect("valid CSV row"))
        .collect();
    assert_eq!(rows.len(), incs.len(), "one row per incident");
    let num = |v: &Value| v.as_u64().map(|n| n.to_string()).unwrap_or_default();
    for (row, inc) in rows.iter().zip(&incs) {
        let id = inc["id"].as_str().unwrap();
        let cell = |name: &str| {
            row.get(col(name))
                .unwrap_or_else(|| panic!("{id}: no {name}"))
        };
        assert_eq!(cell("event_id"), id, "same order as incidents.json");
        assert_eq!(
            cell("event_date"),
            inc["date"].as_str().unwrap_or(""),
            "{id}"
        );
        let precision = match inc["date_precision"].as_str() {
            Some("day") => "1",
            Some("week") => "2",
            Some("month" | "year") => "3",
            _ => "",
        };
        assert_eq!(cell("time_precision"), precision, "{id}");
        assert_eq!(
            cell("fatalities"),
            num(&inc["fatalities"]["best"]),
            "{id}: best estimate, empty when unknown"
        );
        assert_eq!(
            cell("fatalities_low"),
            num(&inc["fatalities"]["low"]),
            "{id}"
        );
        assert_eq!(
            cell("fatalities_high"),
            num(&inc["fatalities"]["high"]),
            "{id}"
        );
        assert_eq!(cell("wounded"), num(&inc["wounded"]["best"]), "{id}");
        assert_eq!(
            cell("event_type"),
            inc["event_type"].as_str().unwrap_or(""),
            "{id}"
        );
        assert_eq!(
            cell("sub_event_type"),
            inc["sub_event_type"].as_str().unwrap_or(""),
            "{id}"
        );
        assert_eq!(
            cell("actor1"),
            inc["perpetrators"][0].as_str().unwrap_or(""),
            "{id}"
        );
        assert_eq!(cell("source"), publishers(inc), "{id}");
        assert!(
            cell("notes").starts_with(inc["summary"].as_str().unwrap().trim()),
            "{id}: notes are the summary"
        );
        assert_eq!(
            cell("url"),
            format!("{BASE}{}", inc["url"].as_str().unwrap()),
            "{id}"
        );
        let place = &inc["place"];
        assert_eq!(
            cell("location"),
            place["name"].as_str().unwrap_or(""),
            "{id}"
        );
        assert_eq!(
            cell("admin1"),
            place["admin1"].as_str().unwrap_or(""),
            "{id}"
        );
        assert_eq!(cell("iso"), place["country"].as_str().unwrap_or(""), "{id}");
        if place["country"] == "ML" {
            assert_eq!(
                cell("country"),
                "Mali",
                "{id}: the country's name, ACLED style"
            );
        }
        assert_eq!(cell("geo_precision"), num(&place["geo_precision"]), "{id}");
        for (column, key) in [("latitude", "lat"), ("longitude", "lon")] {
            match place[key].as_f64() {
                Some(x) => assert_eq!(cell(column).parse::<f64>().ok(), Some(x), "{id}: {column}"),
                None => assert_eq!(cell(column), "", "{id}: {column}"),
            }
        }
    }
    // Unknown tolls are empty, never 0.
    for (row, inc) in rows.iter().zip(&incs) {
        if inc["fatalities"]["best"].is_null() {
            assert_eq!(row.get(col("fatalities")), Some(""));
        }
    }
}

#[test]
fn geojson_is_a_feature_collection_matching_incidents_json() {
    let out = built();
    let text = read(out, "data/incidents.geojson");
    let parsed: geojson::GeoJson = text.parse().expect("valid GeoJSON");
    let geojson::GeoJson::FeatureCollection(fc) = parsed else {
        panic!("not a FeatureCollection")
    };
    let incs = incidents(out);
    let located: Vec<&Value> = incs
        .iter()
        .filter(|i| i["place"]["lat"].is_f64() && i["place"]["lon"].is_f64())
        .collect();
    assert_eq!(
        fc.features.len(),
        located.len(),
        "one feature per incident with coordinates"
    );
    let omitted = fc
        .foreign_members
        .as_ref()
        .and_then(|m| m.get("omitted"))
        .expect("omitted member");
    assert_eq!(
        omitted["count"].as_u64(),
        Some((incs.len() - located.len()) as u64)
    );
    for (feature, inc) in fc.features.iter().zip(located) {
        let id = inc["id"].as_str().unwrap();
        assert_eq!(
            feature.id,
            Some(geojson::feature::Id::String(id.into())),
            "page order"
        );
        let geometry = feature.geometry.as_ref().expect("geometry");
        let geojson::GeometryValue::Point { coordinates } = &geometry.value else {
            panic!("{id}: not a Point")
        };
        // RFC 7946: longitude first.
        assert_eq!(
            coordinates.as_slice(),
            [
                inc["place"]["lon"].as_f64().unwrap(),
                inc["place"]["lat"].as_f64().unwrap()
            ],
            "{id}"
        );
        let props = feature.properties.as_ref().expect("properties");
        assert_eq!(props["id"], inc["id"]);
        assert_eq!(props["url"], inc["url"]);
        assert_eq!(props["title"], inc["title"]);
        assert_eq!(props["date"], inc["date"]);
        assert_eq!(props["fatalities"], inc["fatalities"]["best"]);
        assert_eq!(props["wounded"], inc["wounded"]["best"]);
        assert_eq!(props["event_type"], inc["event_type"]);
        assert_eq!(props["place"], inc["place"]["name"]);
        assert_eq!(props["geo_precision"], inc["place"]["geo_precision"]);
    }
}

#[test]
fn sitemap_lists_every_html_page_under_base_url() {
    let out = built();
    let xml = read(out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let listed: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| {
            let url = n.text().expect("a URL");
            let file = file_of(url);
            assert!(out.join(&file).is_file(), "{url} → {file} does not exist");
            file
        })
        .collect();
    let pages: BTreeSet<String> = tree(out)
        .into_keys()
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .collect();
    assert_eq!(listed, pages);
    assert!(listed.contains("index.html") && listed.iter().any(|p| p.starts_with("incidents/")));
}

#[test]
fn every_page_links_the_feed_relatively_and_itself_absolutely() {
    let out = built();
    let alternate = regex::Regex::new(
        r#"<link rel="alternate" type="application/atom\+xml"[^>]* href="([^"]+)""#,
    )
    .unwrap();
    let canonical = regex::Regex::new(r#"<link rel="canonical" href="([^"]+)""#).unwrap();
    for (path, bytes) in tree(out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") && p != "404.html")
    {
        let html = String::from_utf8(bytes).expect("UTF-8");
        let href = &alternate
            .captures(&html)
            .unwrap_or_else(|| panic!("{path}: no feed link"))[1];
        assert!(
            !href.contains("://") && !href.starts_with('/'),
            "{path}: feed link {href} is not relative"
        );
        let depth = path.matches('/').count();
        assert_eq!(href, format!("{}feed.xml", "../".repeat(depth)), "{path}");
        let url = &canonical
            .captures(&html)
            .unwrap_or_else(|| panic!("{path}: no canonical"))[1];
        assert_eq!(file_of(url), path, "{path}: canonical {url}");
    }
}

#[test]
fn not_found_page_sets_the_site_root_before_its_links() {
    let out = built();
    let html = read(out, "404.html");
    // Its links stay relative (it works from disk and at the top level) ...
    let href = regex::Regex::new(r##"(?:href|src)="([^"#][^"]*)""##).unwrap();
    let mut local = 0;
    for c in href.captures_iter(&html) {
        let h = &c[1];
        if h.starts_with("https://") {
            continue;
        }
        assert!(!h.starts_with('/'), "404.html: {h} is not relative");
        assert!(
            out.join(percent_decode(h)).is_file(),
            "404.html: {h} does not exist"
        );
        local += 1;
    }
    assert!(local >= 3, "{local} links");
    // ... and a script sets <base href> to the site's path before the first link, so they also
    // resolve when GitHub Pages serves the page for /briefing/incidents/nope.html.
    let script = html
        .find("<script id=\"site-root\">")
        .expect("the root script");
    assert!(
        script < html.find("<link").expect("a link"),
        "the script comes before the links"
    );
    assert!(html[script..].contains("var b=\"/briefing/\";"));
    assert!(
        html.find("<meta charset").is_some_and(|m| m < script),
        "charset first"
    );
    assert!(
        !built().join("CNAME").exists(),
        "no CNAME without `cname` in config.toml"
    );
}

/// A site with hostile text: an article whose title and publisher are spreadsheet formulas
/// and markup, and an analyst override giving an incident such a title. Returns the site.
fn hostile_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("content/articles")).unwrap();
    std::fs::write(
        root.join("config.toml"),
        "title = \"Hostile <b>briefing</b> & co\"\nbase_url = \"https://example.github.io/briefing/\"\ndefault_country = \"ML\"\ncname = \"briefing.example.org\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/articles/hostile.md"),
        "+++\ntitle = \"=cmd|' /C calc'!A0 <script>alert(1)</script>\"\npublisher = \"@SUM(1+1)\"\npublished = 2023-01-03\nurl = \"javascript:alert(1)\"\n+++\n\
         Gunmen killed five people in an attack on a checkpoint in Kati on Monday, the army said.\n\n\
         Two soldiers were wounded in the attack, a security source said.\n",
    )
    .unwrap();
    dir
}

#[test]
fn hostile_text_is_neutralised_in_csv_and_escaped_in_the_feed() {
    let dir = hostile_site();
    let root = dir.path();
    let first = root.join("first");
    build_into(root, &first);
    let incs = incidents(&first);
    let id = incs
        .first()
        .and_then(|i| i["id"].as_str())
        .expect("an incident in the hostile article")
        .to_string();
    // An analyst title with a formula, markup and a control character XML forbids.
    let hostile = "=cmd|' /C calc'!A0 <script>alert(1)</script>\u{7}";
    std::fs::create_dir_all(root.join("content/incidents")).unwrap();
    std::fs::write(
        root.join(format!("content/incidents/{id}.md")),
        format!(
            "+++\ntitle = {}\n+++\n",
            serde_json::to_string(hostile).unwrap()
        ),
    )
    .unwrap();
    let out = root.join("public");
    build_into(root, &out);

    // CSV: the formula cells start with an apostrophe, and nothing else changed.
    let mut reader = csv::Reader::from_path(out.join("data/incidents.csv")).expect("CSV");
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let row = rows
        .iter()
        .find(|r| r.get(0) == Some(id.as_str()))
        .expect("row of the incident");
    assert_eq!(row.get(col("title")), Some(format!("'{hostile}").as_str()));
    assert_eq!(row.get(col("source")), Some("'@SUM(1+1)"));
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r']),
                "formula cell {cell:?}"
            );
            if cell.starts_with('-') {
                assert!(
                    cell.parse::<f64>().is_ok(),
                    "only numbers may start with '-': {cell:?}"
                );
            }
        }
    }

    // Feed: well-formed, the title comes back as text, no markup leaks into the XML.
    let xml = read(&out, "feed.xml");
    assert!(
        !xml.contains("<script") && !xml.contains("<b>") && !xml.contains('\u{7}'),
        "{xml}"
    );
    roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("feed-rs parses the feed");
    assert_eq!(
        feed.title.as_ref().map(|t| t.content.as_str()),
        Some("Hostile <b>briefing</b> & co")
    );
    let entry = feed
        .entries
        .iter()
        .find(|e| e.id.ends_with(&format!("/incidents/{id}.html")))
        .expect("entry");
    assert_eq!(
        entry.title.as_ref().map(|t| t.content.as_str()),
        Some(hostile.trim_end_matches('\u{7}'))
    );
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .expect("content");
    assert!(
        !body.contains("<script") && body.contains("&lt;script&gt;"),
        "the article title is escaped HTML: {body}"
    );
    assert!(
        !body.contains("javascript:"),
        "non-web source links are dropped: {body}"
    );

    // The sitemap and GeoJSON still parse; CNAME holds the configured domain.
    roxmltree::Document::parse(&read(&out, "sitemap.xml")).expect("sitemap");
    read(&out, "data/incidents.geojson")
        .parse::<geojson::GeoJson>()
        .expect("GeoJSON");
    assert_eq!(read(&out, "CNAME"), "briefing.example.org\n");
}

#[test]
fn builds_are_byte_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    let again = dir.path().join("public");
    build_into(&repo(), &again);
    let (a, b) = (tree(built()), tree(&again));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs between two builds");
    }
    for path in [
        "feed.xml",
        "sitemap.xml",
        "data/incidents.csv",
        "data/incidents.geojson",
    ] {
        assert!(a.contains_key(path), "{path} written");
    }
}
