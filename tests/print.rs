//! The print document (`print.html`), the print styles of every page, and `briefing pdf`.
//!
//! The structure tests need nothing but the library. The PDF tests need headless Chromium
//! and poppler-utils (`pdftotext`, `pdfinfo`): without them they are skipped with a notice,
//! except under CI (`CI=true`), where a missing tool is a failure (`.ci/run` installs them).
//! Set `BRIEFING_PRINT_KEEP=DIR` to keep the PDFs there for a look.

use briefing::build::{BuildOptions, build};
use briefing::pdf::{PdfOptions, find_browser, pdf, print_to_pdf};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const ORG: &str = "Sahel Analysis Desk";
const MARKING: &str = "For internal use";

/// A copy of the example site whose config.toml sets the organisation and marking, plus
/// `extra` lines (paper, print period).
fn site(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = repo().join("content");
    for entry in walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(&content).expect("inside content");
        let to = dir.path().join("content").join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy article");
        }
    }
    let base = std::fs::read_to_string(repo().join("config.toml")).expect("example config");
    let keep: Vec<&str> = base
        .lines()
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter(|l| {
            let key = l.split('=').next().unwrap_or("").trim();
            !matches!(
                key,
                "organisation" | "marking" | "paper" | "print_from" | "print_to"
            )
        })
        .collect();
    let tables: Vec<&str> = base
        .lines()
        .skip_while(|l| !l.trim_start().starts_with('['))
        .collect();
    let config = format!(
        "{}\norganisation = \"{ORG}\"\nmarking = \"{MARKING}\"\n{extra}\n\n{}\n",
        keep.join("\n"),
        tables.join("\n")
    );
    std::fs::write(dir.path().join("config.toml"), config).expect("write config");
    dir
}

fn build_site(root: &Path) -> PathBuf {
    let out = root.join("public");
    build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("build failed:\n{e}"));
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn incidents(public: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_str(&read(&public.join("data/incidents.json"))).expect("JSON");
    v["incidents"].as_array().expect("incidents").clone()
}

/// Text of HTML: tags removed, the five escapes undone, white space collapsed.
fn text(html: &str) -> String {
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").unwrap());
    let t = TAG.replace_all(html, " ");
    let t = t
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    squash(&t)
}

/// Without any white space: a title may wrap after a dash in the PDF ("70–\n100").
fn bare(s: &str) -> String {
    s.split_whitespace().collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of the document from the element with `id` to the next part (`print-section`).
fn part<'a>(html: &'a str, id: &str) -> &'a str {
    let marker = format!("id=\"{id}\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no element with {marker}"));
    let rest = &html[start..];
    let end = rest[marker.len()..]
        .find("<section class=\"print-section\"")
        .map(|e| e + marker.len())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The element with `id` up to the first `</section>` (a section without nested ones).
fn leaf<'a>(html: &'a str, id: &str) -> &'a str {
    let rest = &html[html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"))..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

fn count(html: &str, pattern: &str) -> usize {
    Regex::new(pattern).expect("regex").find_iter(html).count()
}

/// The example articles' metadata: (publisher, published).
fn articles(root: &Path) -> Vec<(String, Option<NaiveDate>)> {
    briefing::content::load_articles(root)
        .expect("articles")
        .iter()
        .map(|a| {
            (
                a.meta.publisher.clone().unwrap_or_else(|| a.id.clone()),
                a.meta.published,
            )
        })
        .collect()
}

fn date_long(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// First and last day of an incident in incidents.json.
fn span(i: &Value) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::parse_from_str(i["date"].as_str()?, "%Y-%m-%d").ok()?;
    let last = match (i["date_end"].as_str(), i["date_precision"].as_str()) {
        (Some(e), _) => NaiveDate::parse_from_str(e, "%Y-%m-%d").ok()?,
        (None, Some("month")) => {
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
            };
            next?.pred_opt()?
        }
        (None, Some("year")) => NaiveDate::from_ymd_opt(first.year(), 12, 31)?,
        _ => first,
    };
    Some((first, last))
}

fn sum(incs: &[Value], field: &str, key: &str) -> u64 {
    incs.iter().filter_map(|i| i[field][key].as_u64()).sum()
}

fn int(n: u64) -> String {
    let d = n.to_string();
    let mut out = String::new();
    for (k, c) in d.chars().enumerate() {
        if k > 0 && (d.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Every `href="#x"` has an element `id="x"`; returns the internal targets.
fn assert_internal_links_resolve(html: &str) -> BTreeSet<String> {
    static ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\sid="([^"]+)""#).unwrap());
    static HREF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\shref="([^"]*)""#).unwrap());
    let ids: BTreeSet<&str> = ID
        .captures_iter(html)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    let mut targets = BTreeSet::new();
    for c in HREF.captures_iter(html) {
        let href = c.get(1).unwrap().as_str();
        if let Some(frag) = href.strip_prefix('#') {
            assert!(
                ids.contains(frag),
                "link to #{frag} has no target in the document"
            );
            targets.insert(frag.to_string());
        } else {
            // Only the stylesheet, the feed, the canonical address and external sources leave the page.
            assert!(
                href.starts_with("http://")
                    || href.starts_with("https://")
                    || href == "static/style.css"
                    || href == "feed.xml",
                "print.html links outside itself: {href}"
            );
        }
    }
    targets
}

// ------------------------------------------------------------------ structure

#[test]
fn print_document_structure() {
    let dir = site("");
    let public = build_site(dir.path());
    let html = read(&public.join("print.html"));
    let incs = incidents(&public);
    let arts = articles(dir.path());
    assert!(incs.len() >= 5, "example site has incidents");

    // Cover: title, period, organisation, marking, date of the newest source.
    let cover = text(part(&html, "cover"));
    let (first, last) = (
        incs.iter()
            .filter_map(span)
            .map(|s| s.0)
            .min()
            .expect("dated incidents"),
        incs.iter()
            .filter_map(span)
            .map(|s| s.1)
            .max()
            .expect("dated incidents"),
    );
    let newest = arts
        .iter()
        .filter_map(|a| a.1)
        .max()
        .expect("dated articles");
    for want in [
        "Mali security briefing".to_string(),
        format!("Period covered {} – {}", date_long(first), date_long(last)),
        format!("Information as of {}", date_long(newest)),
        format!("Prepared by {ORG}"),
        MARKING.to_string(),
    ] {
        assert!(cover.contains(&want), "cover lacks {want:?}: {cover}");
    }
    assert!(html.contains("<title>Mali security briefing</title>"));

    // Key figures: counts and low–best–high fatalities, by month and by region.
    let kf = part(&html, "key-figures");
    let kft = text(kf);
    let (low, best, high) = (
        sum(&incs, "fatalities", "low"),
        sum(&incs, "fatalities", "best"),
        sum(&incs, "fatalities", "high"),
    );
    assert!(
        kft.contains(&format!("{} incidents recorded", incs.len())),
        "{kft}"
    );
    assert!(
        kft.contains(&format!(
            "low {} · best {} · high {}",
            int(low),
            int(best),
            int(high)
        )),
        "{kft}"
    );
    let months: BTreeSet<String> = incs
        .iter()
        .filter_map(|i| i["date"].as_str().map(|d| d[..7].to_string()))
        .collect();
    let by_month = leaf(kf, "by-month");
    assert_eq!(
        count(by_month, r#"<tr><th scope="row">"#),
        months.len(),
        "one row per month"
    );
    let by_region = leaf(kf, "by-region");
    static ROW_COUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<tr><th scope="row">.*?</th><td class="num">(\d+)</td>"#).unwrap()
    });
    let region_total: usize = ROW_COUNT
        .captures_iter(by_region)
        .map(|c| c[1].parse::<usize>().unwrap())
        .sum();
    assert_eq!(region_total, incs.len(), "regions add up to all incidents");

    // Chronology: one row per incident, in the order of the sections.
    let chrono = part(&html, "chronology");
    assert_eq!(count(chrono, r#"<td class="title">"#), incs.len());
    let chrono_t = text(chrono);
    let mut at = 0;
    for i in &incs {
        let title = i["title"].as_str().unwrap();
        let pos = chrono_t[at..]
            .find(title)
            .unwrap_or_else(|| panic!("chronology lacks {title:?} in order"));
        at += pos + title.len();
    }

    // One section per incident, each with its facts, casualties and figures per source.
    let ids: Vec<String> = Regex::new(r#"<article class="incident-print" id="incident-([^"]+)">"#)
        .unwrap()
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    let want: Vec<String> = incs
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids, want,
        "one section per incident, in chronological order"
    );
    let sections: Vec<&str> = html
        .split(r#"<article class="incident-print""#)
        .skip(1)
        .collect();
    for (s, i) in sections.iter().zip(&incs) {
        let body = &s[..s.find("</article>").expect("section end")];
        let t = text(body);
        assert!(t.contains(i["title"].as_str().unwrap()));
        for label in [
            "Date",
            "Location",
            "Casualties",
            "Figures per source",
            "Sources:",
        ] {
            assert!(t.contains(label), "{} lacks {label}", i["id"]);
        }
    }

    // Bibliography: every article, numbered; every publisher.
    let sources = part(&html, "sources");
    assert_eq!(count(sources, r#"<li id="src-\d+">"#), arts.len());
    let st = text(sources);
    for (publisher, _) in &arts {
        assert!(
            st.contains(publisher.as_str()),
            "bibliography lacks {publisher}"
        );
    }

    // Endnotes: numbered 1..n without gaps; every citation links to one; every internal
    // link resolves inside the document and nothing links to another page.
    let notes: Vec<usize> = Regex::new(r#"<li id="note-(\d+)">"#)
        .unwrap()
        .captures_iter(&html)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert!(!notes.is_empty());
    assert_eq!(
        notes,
        (1..=notes.len()).collect::<Vec<_>>(),
        "notes numbered in order"
    );
    let cites: Vec<String> = Regex::new(r#"<sup class="cite">(.*?)</sup>"#)
        .unwrap()
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    assert!(cites.len() > incs.len(), "facts carry citations");
    let href_re = Regex::new(r#"href="([^"]*)""#).unwrap();
    for c in &cites {
        for href in href_re.captures_iter(c) {
            assert!(
                href[1].starts_with("#note-"),
                "citation does not link to a note: {c}"
            );
        }
    }
    let targets = assert_internal_links_resolve(&html);
    for n in &notes {
        assert!(
            targets.contains(&format!("note-{n}")),
            "note {n} is cited nowhere"
        );
    }
    // A note quotes its sentence and names its source entry.
    let note1 = &html[html.find(r#"<li id="note-1">"#).unwrap()..];
    let note1 = text(&note1[..note1.find("</li>").unwrap()]);
    assert!(
        note1.contains("[S") && note1.contains("sentence") && note1.contains('“'),
        "{note1}"
    );
}

/// An analyst's correction and note appear in the incident's section, marked as such.
#[test]
fn analyst_overrides_reach_the_print_document() {
    let dir = site("");
    let overrides = dir.path().join("content/incidents");
    std::fs::create_dir_all(&overrides).unwrap();
    std::fs::write(
        overrides.join("2022-07-14-zantiguila.md"),
        "+++\nfatalities = 7\n+++\nThe ministry's later statement gives seven dead.\n",
    )
    .unwrap();
    let html = read(&build_site(dir.path()).join("print.html"));
    let section = &html[html
        .find(r#"id="incident-2022-07-14-zantiguila""#)
        .expect("section")..];
    let section = text(&section[..section.find("</article>").unwrap()]);
    assert!(
        section.contains("Analyst’s note The ministry's later statement gives seven dead."),
        "{section}"
    );
    assert!(
        section.contains("Killed analyst") && section.contains("Killed, extracted: 6"),
        "{section}"
    );
    assert_internal_links_resolve(&html);
}

#[test]
fn print_period_narrows_the_document() {
    let dir = site("print_from = 2022-07-01\nprint_to = \"2022-07-31\"");
    let public = build_site(dir.path());
    let html = read(&public.join("print.html"));
    let july: Vec<Value> = incidents(&public)
        .into_iter()
        .filter(|i| i["date"].as_str().is_some_and(|d| d.starts_with("2022-07")))
        .collect();
    assert!(!july.is_empty() && july.len() < incidents(&public).len());
    assert_eq!(
        count(&html, r#"<article class="incident-print""#),
        july.len()
    );
    let cover = text(part(&html, "cover"));
    assert!(
        cover.contains("Period covered 1 July 2022 – 31 July 2022"),
        "{cover}"
    );
    // Only the articles that report July's incidents are in the bibliography.
    let cited: BTreeSet<&str> = july
        .iter()
        .flat_map(|i| {
            i["sources"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["article"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        count(part(&html, "sources"), r#"<li id="src-\d+">"#),
        cited.len()
    );
    assert_internal_links_resolve(&html);
}

#[test]
fn print_document_is_deterministic() {
    let dir = site("");
    let a = read(&build_site(dir.path()).join("print.html"));
    let b = read(&build_site(dir.path()).join("print.html"));
    assert_eq!(a, b);
}

#[test]
fn every_page_carries_print_rules_from_config() {
    let dir = site("paper = \"Letter\"");
    let public = build_site(dir.path());
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_some_and(|x| x == "html") {
            let html = read(e.path());
            let rules = html
                .find("@page { size: letter;")
                .unwrap_or_else(|| panic!("{}: no @page rule", e.path().display()));
            assert!(
                html[rules..].contains(&format!("@top-right {{ content: \"{MARKING}\"")),
                "{}",
                e.path().display()
            );
            pages += 1;
        }
    }
    assert!(pages > 10);
    // The stylesheet prints page numbers, hides navigation, keeps headings with their text.
    let css = read(&public.join("static/style.css"));
    for rule in [
        "counter(page)",
        "counter(pages)",
        ".site-header, .skip",
        "break-after: avoid",
        "break-inside: avoid",
        "attr(href)",
    ] {
        assert!(css.contains(rule), "style.css lacks {rule}");
    }
}

#[test]
fn a_title_cannot_break_out_of_the_print_rules() {
    let dir = site("");
    let cfg = read(&dir.path().join("config.toml")).replace(
        "title = \"Mali security briefing\"",
        "title = \"A \\\"quoted\\\" </style><script>x</script> title\"",
    );
    std::fs::write(dir.path().join("config.toml"), cfg).unwrap();
    let html = read(&build_site(dir.path()).join("index.html"));
    let start = html.find("<style media=\"print\">").expect("print rules");
    let end = start + html[start..].find("</style>").expect("end of style");
    let css = &html[start..end];
    assert!(
        css.contains("\\22 quoted\\22  \\3c /style\\3e \\3c script"),
        "{css}"
    );
    assert!(!html.contains("<script>"));
}

// ------------------------------------------------------------------ PDF

/// Whether the print tools are present; under CI their absence is a failure.
fn tools() -> Option<PathBuf> {
    let browser = find_browser();
    let poppler = Command::new("pdftotext").arg("-v").output().is_ok()
        && Command::new("pdfinfo").arg("-v").output().is_ok();
    match (browser, poppler) {
        (Ok(b), true) => Some(b),
        (b, p) => {
            let why = match b {
                Err(e) => e.to_string(),
                Ok(_) if !p => "pdftotext/pdfinfo not found: install poppler-utils".into(),
                Ok(_) => unreachable!(),
            };
            if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
                panic!("CI must run the print tests: {why}");
            }
            eprintln!("NOTICE: skipping a PDF test: {why}");
            None
        }
    }
}

fn keep(pdf: &Path) {
    if let Some(dir) = std::env::var_os("BRIEFING_PRINT_KEEP") {
        let dir = PathBuf::from(dir);
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::copy(pdf, dir.join(pdf.file_name().unwrap()));
    }
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdf_info(pdf: &Path) -> BTreeMap<String, String> {
    run("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    run(
        "pdftotext",
        &[
            "-f",
            &n,
            "-l",
            &n,
            "-enc",
            "UTF-8",
            pdf.to_str().unwrap(),
            "-",
        ],
    )
}

#[derive(Debug)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// Pages (width, height, words) from `pdftotext -bbox`.
fn boxes(pdf: &Path) -> Vec<(f64, f64, Vec<Word>)> {
    static PAGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"<page width="([\d.]+)" height="([\d.]+)">"#).unwrap());
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)</word>"#).unwrap()
    });
    let html = run(
        "pdftotext",
        &["-bbox", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    );
    let mut pages = Vec::new();
    for chunk in html.split("<page ").skip(1) {
        let chunk = format!("<page {chunk}");
        let p = PAGE.captures(&chunk).expect("page size");
        let words = WORD
            .captures_iter(&chunk)
            .map(|c| Word {
                x0: c[1].parse().unwrap(),
                y0: c[2].parse().unwrap(),
                x1: c[3].parse().unwrap(),
                y1: c[4].parse().unwrap(),
                text: c[5].to_string(),
            })
            .collect();
        pages.push((p[1].parse().unwrap(), p[2].parse().unwrap(), words));
    }
    pages
}

/// Nothing outside the side margins (18 mm), nothing off the page, no two words on top of
/// each other.
fn assert_layout_clean(pdf: &Path) {
    let margin = 18.0 * 72.0 / 25.4 - 1.5;
    let pages = boxes(pdf);
    assert!(
        pages.iter().all(|p| p.2.len() > 10),
        "pdftotext -bbox found the words of every page"
    );
    for (k, (w, h, words)) in pages.iter().enumerate() {
        let page = k + 1;
        for wd in words {
            assert!(
                wd.x0 >= margin && wd.x1 <= w - margin && wd.y0 >= 0.0 && wd.y1 <= *h,
                "page {page}: {:?} lies outside the margins ({w}×{h})",
                wd
            );
        }
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                let ix = (a.x1.min(b.x1) - a.x0.max(b.x0)).max(0.0);
                let iy = (a.y1.min(b.y1) - a.y0.max(b.y0)).max(0.0);
                let area = |x: &Word| (x.x1 - x.x0) * (x.y1 - x.y0);
                let smaller = area(a).min(area(b)).max(0.01);
                assert!(
                    ix * iy / smaller < 0.3,
                    "page {page}: {:?} and {:?} overlap",
                    a.text,
                    b.text
                );
            }
        }
    }
}

/// Each page: numbered "Page N of M", and holding more than a heading once the running
/// header and footer are set aside.
fn assert_pages_numbered_and_full(pdf: &Path, furniture: &[&str]) -> usize {
    let pages: usize = pdf_info(pdf)["Pages"].parse().unwrap();
    for n in 1..=pages {
        let t = page_text(pdf, n);
        let footer = format!("Page {n} of {pages}");
        assert!(
            n == 1 || t.contains(&footer),
            "page {n} lacks {footer:?}:\n{t}"
        );
        let body: Vec<&str> = t
            .lines()
            .map(str::trim)
            .filter(|l| {
                !l.is_empty()
                    && *l != footer
                    && !furniture.iter().any(|f| l.eq_ignore_ascii_case(f))
            })
            .collect();
        let chars: usize = body.iter().map(|l| l.chars().count()).sum();
        assert!(
            body.len() >= 2 && chars >= 60,
            "page {n} is blank or holds only a heading:\n{t}"
        );
    }
    pages
}

#[test]
fn briefing_pdf_prints_the_example_site() {
    let Some(_) = tools() else { return };
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("example-briefing.pdf");
    let status = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["pdf", "--root"])
        .arg(repo())
        .arg("--output")
        .arg(&file)
        .output()
        .expect("run briefing pdf");
    assert!(
        status.status.success(),
        "briefing pdf failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    keep(&file);
    let info = pdf_info(&file);
    assert_eq!(info["Title"], "Mali security briefing");
    assert!(info["Page size"].contains("(A4)"), "{info:?}");

    let all = squash(&run(
        "pdftotext",
        &["-enc", "UTF-8", file.to_str().unwrap(), "-"],
    ));
    let copy = site("");
    let public = build_site(copy.path());
    for i in incidents(&public) {
        let title = i["title"].as_str().unwrap();
        assert!(
            bare(&all).contains(&bare(title)),
            "PDF lacks incident title {title:?}"
        );
    }
    for (publisher, _) in articles(&repo()) {
        assert!(
            bare(&all).contains(&bare(&publisher)),
            "PDF lacks publisher {publisher:?}"
        );
    }
    let pages =
        assert_pages_numbered_and_full(&file, &["Mali security briefing", "For internal use"]);
    assert!(
        pages >= 2 + incidents(&public).len(),
        "each incident on its own page: {pages} pages"
    );
    assert_layout_clean(&file);
}

#[test]
fn letter_paper_and_a_chosen_period() {
    let Some(_) = tools() else { return };
    let dir = site("paper = \"Letter\"");
    let mut opts = PdfOptions::new(dir.path());
    opts.from = NaiveDate::from_ymd_opt(2022, 7, 1);
    opts.to = NaiveDate::from_ymd_opt(2022, 7, 31);
    let summary = pdf(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summary.output, dir.path().join("briefing.pdf"));
    keep(&summary.output);
    let info = pdf_info(&summary.output);
    assert!(info["Page size"].starts_with("612 x 792"), "{info:?}");
    let cover = squash(&page_text(&summary.output, 1));
    assert!(
        cover.contains("1 July 2022 – 31 July 2022") && cover.contains(ORG),
        "{cover}"
    );
    assert_pages_numbered_and_full(&summary.output, &["Mali security briefing", MARKING, ORG]);
    assert_layout_clean(&summary.output);
    // The site's own public/ was not touched.
    assert!(!dir.path().join("public").exists());
}

#[test]
fn an_incident_page_prints_without_navigation() {
    let Some(browser) = tools() else { return };
    let dir = site("");
    let public = build_site(dir.path());
    let inc = incidents(&public)
        .into_iter()
        .find(|i| i["id"] == "2024-09-17-bamako")
        .expect("Bamako incident");
    let file = dir.path().join("incident.pdf");
    print_to_pdf(
        &browser,
        &public.join(inc["url"].as_str().unwrap()),
        &file,
        std::time::Duration::from_secs(120),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    keep(&file);
    let all = squash(&run(
        "pdftotext",
        &["-enc", "UTF-8", file.to_str().unwrap(), "-"],
    ));
    assert!(
        bare(&all).contains(&bare(inc["title"].as_str().unwrap())),
        "{all}"
    );
    assert!(all.contains("Page 1 of"), "{all}");
    for nav in ["Skip to content", "Overview", "Chronology"] {
        assert!(
            !all.contains(nav),
            "printed incident page shows navigation ({nav}): {all}"
        );
    }
    assert!(
        all.contains(MARKING) || all.contains(&MARKING.to_uppercase()),
        "running header"
    );
    assert_layout_clean(&file);
}
