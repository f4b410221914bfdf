//! The map, the place and actor pages, the filtered chronology and the search index, checked
//! against `data/incidents.json` of the example briefing (never hard-coded ids, so these tests
//! keep holding as extraction improves).

use briefing::build::{BuildOptions, build};
use briefing::extract::text::slugify;
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_into(out: &Path) {
    build(&BuildOptions {
        root: repo(),
        output: Some(out.to_path_buf()),
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("build failed:\n{e}"));
}

fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().expect("temp dir").keep().join("public");
        build_into(&out);
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

fn located(inc: &Value) -> bool {
    inc["place"]["lat"].is_number() && inc["place"]["lon"].is_number()
}

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

/// Resolve a relative href against the page's path; `None` for external or fragment-only links.
fn resolve(page: &str, href: &str) -> Option<String> {
    let href = href.replace("&amp;", "&");
    if href.starts_with('#') || href.contains("://") || href.starts_with("mailto:") {
        return None;
    }
    assert!(
        !href.starts_with('/'),
        "{page}: absolute-path link {href} breaks under a sub-path"
    );
    let path = href.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    let decoded = percent_decode(path);
    for seg in decoded.split('/') {
        match seg {
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{page}: {href} escapes the site root"
                );
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:href|src|action)="([^"]*)""#).expect("regex"));
static SVG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?s)<svg class="map [^"]*".*?</svg>"#).expect("regex"));
static DATA_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<li data-id="([^"]*)""#).expect("regex"));

fn links(html: &str) -> Vec<String> {
    LINK.captures_iter(html).map(|c| c[1].to_string()).collect()
}

/// Every map SVG of a page, as text (each must be well-formed XML).
fn maps(html: &str) -> Vec<String> {
    SVG.find_iter(html)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// A marker: (href, title, r, classes of its group).
fn markers(svg: &str) -> Vec<(String, String, f64, String)> {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("map SVG is not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(
        root.attribute("aria-label")
            .is_some_and(|l| l.starts_with("Map of")),
        "map has no text alternative"
    );
    assert!(root.attribute("role").is_some());
    assert!(root.attribute("viewBox").is_some());
    root.descendants()
        .filter(|n| n.tag_name().name() == "a")
        .map(|a| {
            let href = a.attribute("href").expect("marker href").to_string();
            let title = a
                .children()
                .find(|c| c.tag_name().name() == "title")
                .and_then(|t| t.text())
                .unwrap_or_default()
                .to_string();
            let circle = a
                .children()
                .filter(|c| c.tag_name().name() == "circle" && c.attribute("class") != Some("halo"))
                .last()
                .expect("marker circle");
            let r: f64 = circle
                .attribute("r")
                .and_then(|r| r.parse().ok())
                .expect("numeric radius");
            // A marker's classes are on the group of markers drawn alike.
            let class = a
                .parent_element()
                .filter(|g| g.tag_name().name() == "g")
                .and_then(|g| g.attribute("class"))
                .unwrap_or_default();
            (href, title, r, class.to_string())
        })
        .collect()
}

fn incident_path_from(page: &str, href: &str) -> String {
    resolve(page, href).expect("internal link")
}

#[test]
fn index_map_has_one_linked_marker_per_spot_sized_by_fatalities() {
    let out = built();
    let incs = incidents(out);
    let html = read(out, "index.html");
    let svgs = maps(&html);
    assert_eq!(svgs.len(), 2, "a wide and a narrow drawing of the map");
    // Incidents at one spot (same place and coordinates) share one marker, linked to the
    // place's page, its toll the sum of theirs; a lone incident's marker links to it.
    let mut spots: BTreeMap<String, Vec<(String, Option<u64>)>> = BTreeMap::new();
    for i in incs.iter().filter(|i| located(i)) {
        let key = format!(
            "{}|{}|{}",
            i["place"]["name"], i["place"]["lat"], i["place"]["lon"]
        );
        spots.entry(key).or_default().push((
            i["url"].as_str().expect("url").to_string(),
            i["fatalities"]["best"].as_u64(),
        ));
    }
    let expected: BTreeMap<String, Option<u64>> = spots
        .values()
        .filter(|v| v.len() == 1)
        .map(|v| v[0].clone())
        .collect();
    let shared = spots.values().filter(|v| v.len() > 1).count();
    assert!(
        !expected.is_empty() && shared > 0,
        "the example briefing has located incidents, two of them at one spot"
    );
    for svg in &svgs {
        let ms = markers(svg);
        assert_eq!(ms.len(), spots.len(), "one marker per spot");
        let mut by_killed: Vec<(u64, f64)> = Vec::new();
        let mut seen = BTreeSet::new();
        for (href, title, r, class) in &ms {
            let target = incident_path_from("index.html", href);
            assert!(
                out.join(&target).is_file(),
                "marker links to missing {target}"
            );
            assert!(seen.insert(target.clone()), "two markers for {target}");
            assert!(
                !title.trim().is_empty(),
                "marker {target} has no accessible name"
            );
            if target.starts_with("places/") {
                assert!(
                    title.contains(" incidents"),
                    "a shared spot says so: {title}"
                );
                continue;
            }
            let killed = expected
                .get(&target)
                .unwrap_or_else(|| panic!("marker for unknown {target}"));
            match killed {
                Some(k) if *k > 0 => {
                    assert!(class.contains("killed"), "{target}: {class}");
                    assert!(title.contains(&format!("{k} killed")), "{title}");
                    by_killed.push((*k, *r));
                }
                _ => assert!(
                    class.contains("no-toll"),
                    "0/unknown toll has its own style: {class}"
                ),
            }
        }
        by_killed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        for w in by_killed.windows(2) {
            if w[0].0 < w[1].0 {
                assert!(w[0].1 < w[1].1, "radius must grow with fatalities: {w:?}");
            } else {
                assert_eq!(w[0].1, w[1].1, "equal tolls, equal radii: {w:?}");
            }
        }
    }
    // Country outlines and labels are drawn, the briefing's countries emphasised.
    assert!(svgs[0].contains(r#"class="land focus""#));
    assert!(svgs[0].contains(">Mali</text>"), "Mali is labelled");
}

#[test]
fn incident_pages_have_a_zoomed_map_highlighting_their_incident() {
    let out = built();
    for inc in incidents(out) {
        let url = inc["url"].as_str().expect("url");
        let html = read(out, url);
        let svgs = maps(&html);
        if !located(&inc) {
            assert!(svgs.is_empty(), "{url}: no coordinates, no map");
            assert!(html.contains("Not mapped"));
            continue;
        }
        assert_eq!(svgs.len(), 1, "{url}");
        let ms = markers(&svgs[0]);
        let current: Vec<_> = ms.iter().filter(|m| m.3.contains("current")).collect();
        assert_eq!(
            current.len(),
            1,
            "{url}: exactly its own marker is highlighted"
        );
        assert_eq!(incident_path_from(url, &current[0].0), url);
        for m in &ms {
            let target = incident_path_from(url, &m.0);
            assert!(
                out.join(&target).is_file(),
                "{url}: marker links to missing {target}"
            );
            if target != url {
                assert!(m.3.contains("other"), "{url}: neighbours are faint");
            }
        }
    }
}

/// Every page reachable from the overview, with every link and asset checked.
fn crawl(out: &Path) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut queue = vec!["index.html".to_string()];
    while let Some(page) = queue.pop() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let html = read(out, &page);
        for href in links(&html) {
            let Some(target) = resolve(&page, &href) else {
                continue;
            };
            assert!(
                out.join(&target).is_file(),
                "{page}: broken link {href} ({target})"
            );
            if target.ends_with(".html") && !seen.contains(&target) {
                queue.push(target);
            }
        }
    }
    seen
}

#[test]
fn place_and_actor_pages_exist_for_every_place_and_actor_and_all_links_resolve() {
    let out = built();
    let incs = incidents(out);
    let reached = crawl(out);
    let mut places: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut actors: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for i in &incs {
        let id = i["id"].as_str().expect("id").to_string();
        if let Some(name) = i["place"]["name"].as_str() {
            places
                .entry(format!("places/{}.html", slugify(name)))
                .or_default()
                .insert(id.clone());
        }
        for a in i["perpetrators"]
            .as_array()
            .into_iter()
            .chain(i["claimed_by"].as_array())
            .flatten()
        {
            let a = a.as_str().expect("actor");
            actors
                .entry(format!("actors/{}.html", slugify(a)))
                .or_default()
                .insert(id.clone());
        }
    }
    assert!(!places.is_empty() && !actors.is_empty());
    for (path, ids) in places.iter().chain(&actors) {
        assert!(reached.contains(path), "{path} is not linked from the site");
        let html = read(out, path);
        // The page lists exactly its incidents (the map also links faint neighbours).
        let without_map = SVG.replace_all(&html, "");
        let listed: BTreeSet<String> = links(&without_map)
            .iter()
            .filter_map(|h| resolve(path, h))
            .filter(|t| t.starts_with("incidents/"))
            .map(|t| {
                t.trim_start_matches("incidents/")
                    .trim_end_matches(".html")
                    .to_string()
            })
            .collect();
        assert_eq!(&listed, ids, "{path}");
        assert!(
            html.contains(&format!(
                r#"<span class="figure-value">{}</span>"#,
                ids.len()
            )),
            "{path}: totals"
        );
    }
    let dir_files = |d: &str| -> BTreeSet<String> {
        std::fs::read_dir(out.join(d))
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| format!("{d}/{}", e.file_name().to_string_lossy()))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        dir_files("places"),
        places.keys().cloned().collect(),
        "no stray place pages"
    );
    assert_eq!(
        dir_files("actors"),
        actors.keys().cloned().collect(),
        "no stray actor pages"
    );

    // Incident pages link their place and actors.
    for i in &incs {
        let url = i["url"].as_str().expect("url");
        let targets: BTreeSet<String> = links(&read(out, url))
            .iter()
            .filter_map(|h| resolve(url, h))
            .collect();
        if let Some(name) = i["place"]["name"].as_str() {
            assert!(
                targets.contains(&format!("places/{}.html", slugify(name))),
                "{url} links its place"
            );
        }
        for a in i["perpetrators"].as_array().into_iter().flatten() {
            let a = a.as_str().expect("actor");
            assert!(
                targets.contains(&format!("actors/{}.html", slugify(a))),
                "{url} links {a}"
            );
        }
    }
    // The sitemap lists them (it is built from the rendered pages).
    let sitemap = read(out, "sitemap.xml");
    for path in places.keys().chain(actors.keys()) {
        assert!(
            sitemap.contains(&format!("/{path}</loc>")),
            "sitemap lacks {path}"
        );
    }
}

#[test]
fn filtered_chronology_pages_list_exactly_the_incidents_of_their_facet() {
    let out = built();
    let incs = incidents(out);
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for i in &incs {
        let id = i["id"].as_str().expect("id").to_string();
        let year = i["date"]
            .as_str()
            .map(|d| d[..4].to_string())
            .unwrap_or_else(|| "undated".into());
        expected
            .entry(format!("chronology/year-{year}.html"))
            .or_default()
            .insert(id.clone());
        if let Some(c) = i["place"]["country"].as_str() {
            expected
                .entry(format!("chronology/country-{}.html", slugify(c)))
                .or_default()
                .insert(id.clone());
        }
        let actors: BTreeSet<&str> = i["perpetrators"]
            .as_array()
            .into_iter()
            .chain(i["claimed_by"].as_array())
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for a in actors {
            expected
                .entry(format!("chronology/actor-{}.html", slugify(a)))
                .or_default()
                .insert(id.clone());
        }
        if let Some(t) = i["event_type"].as_str() {
            expected
                .entry(format!("chronology/type-{}.html", slugify(t)))
                .or_default()
                .insert(id.clone());
        }
    }
    let on_disk: BTreeSet<String> = std::fs::read_dir(out.join("chronology"))
        .expect("chronology/")
        .filter_map(|e| e.ok())
        .map(|e| format!("chronology/{}", e.file_name().to_string_lossy()))
        .collect();
    assert_eq!(on_disk, expected.keys().cloned().collect::<BTreeSet<_>>());
    let main = read(out, "chronology.html");
    let bar: BTreeSet<String> = links(&main)
        .iter()
        .filter_map(|h| resolve("chronology.html", h))
        .collect();
    for (path, ids) in &expected {
        assert!(bar.contains(path), "the filter bar links {path}");
        let html = read(out, path);
        let listed: BTreeSet<String> = DATA_ID
            .captures_iter(&html)
            .map(|c| c[1].to_string())
            .collect();
        assert_eq!(&listed, ids, "{path}");
        assert!(
            html.contains(r#"aria-current="page""#),
            "{path} marks its filter as current"
        );
    }
    // The unfiltered chronology lists every incident, in date order.
    let all: Vec<String> = DATA_ID
        .captures_iter(&main)
        .map(|c| c[1].to_string())
        .collect();
    let json_order: Vec<String> = incs
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(all, json_order);
}

#[test]
fn search_index_has_one_entry_per_incident_and_the_page_works_without_js() {
    let out = built();
    let incs = incidents(out);
    let v: Value =
        serde_json::from_str(&read(out, "data/search.json")).expect("search.json parses");
    let entries = v["incidents"].as_array().expect("incidents array");
    assert_eq!(entries.len(), incs.len());
    for (e, i) in entries.iter().zip(&incs) {
        assert_eq!(e["id"], i["id"]);
        assert_eq!(e["url"], i["url"]);
        assert_eq!(e["title"], i["title"]);
        assert_eq!(e["date"], i["date"]);
        assert_eq!(e["summary"], i["summary"]);
        for key in ["place", "actors"] {
            assert!(!e[key].is_null(), "{key}");
        }
        assert!(out.join(e["url"].as_str().expect("url")).is_file());
    }
    let chrono = read(out, "chronology.html");
    assert!(
        chrono.contains("data-search") && chrono.contains(" hidden>"),
        "search box hidden until JS runs"
    );
    assert!(chrono.contains(r#"<script src="static/search.js" defer></script>"#));
    assert!(out.join("static/search.js").is_file());
    let index = read(out, "index.html");
    assert!(
        index.contains(r#"action="chronology.html""#),
        "the overview's search degrades to the chronology"
    );
}

#[test]
fn output_is_byte_identical_across_builds() {
    let a = tempfile::tempdir().expect("temp");
    let b = tempfile::tempdir().expect("temp");
    build_into(&a.path().join("p"));
    build_into(&b.path().join("p"));
    let tree = |root: &Path| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.expect("walk"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).expect("read"))
            })
            .collect()
    };
    let (ta, tb) = (tree(&a.path().join("p")), tree(&b.path().join("p")));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(tb.get(k) == Some(v), "{k} differs between two builds");
    }
    assert!(ta.keys().any(|k| k.starts_with("places/")) && ta.contains_key("data/search.json"));
}
