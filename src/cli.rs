//! What the command line prints: `briefing extract` as text or JSON, `briefing check`;
//! and `briefing init` ([`init`]).

pub mod init;
pub mod progress;

use crate::build::{extract_all, gazetteer_for};
use crate::content;
use crate::error::{Error, Errors};
use crate::incidents::consolidate::{consolidate, range_text};
use crate::model::{Article, Incident};
use std::path::{Path, PathBuf};

/// `briefing extract FILE... [--json]`: the incidents of each file, each value with its sentence.
pub fn extract_command(files: &[PathBuf], json: bool, root: &Path) -> Result<(), Errors> {
    let config = if root.join("config.toml").is_file() {
        content::load_config(root).map_err(Errors::from)?
    } else {
        Default::default()
    };
    let mut errors = Vec::new();
    let mut articles = Vec::new();
    for f in files {
        match content::load_file(f) {
            Ok(a) => articles.push(a),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let gazetteer = gazetteer_for(&config);
    let mut out = Vec::new();
    for a in &articles {
        let mentions = extract_all(std::slice::from_ref(a), &config, &gazetteer);
        let incidents = consolidate(mentions, std::slice::from_ref(a));
        out.push((a, incidents));
    }
    if json {
        let value = serde_json::json!({
            "generator": format!("briefing {}", env!("CARGO_PKG_VERSION")),
            "articles": out.iter().map(|(a, incs)| serde_json::json!({
                "article": a.id,
                "file": a.path.display().to_string(),
                "title": a.meta.title,
                "published": a.meta.published.map(|d| d.to_string()),
                "incidents": incidents_value(incs, a),
            })).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).map_err(|e| Error::Other(e.to_string()))?
        );
    } else {
        for (a, incs) in &out {
            print!("{}", text_report(a, incs));
        }
    }
    Ok(())
}

/// A plain-text report of one article's incidents.
pub fn text_report(a: &Article, incidents: &[Incident]) -> String {
    let mut s = format!(
        "{} — {} ({})\n",
        a.path.display(),
        a.meta.title,
        a.meta
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into())
    );
    if incidents.is_empty() {
        s.push_str("  no incident found\n");
    }
    for i in incidents {
        let m = &i.reports[0].mention;
        s.push_str(&format!("  {}\n", i.title));
        let cite = |n: usize| format!("[s{n}] {}", a.sentence_text(n));
        if let Some(d) = &i.date {
            s.push_str(&format!(
                "    date       {} ({})  {}\n",
                d.value.display_key(),
                d.value.precision.as_str(),
                cite(d.sentence)
            ));
        }
        if let Some(p) = &i.place {
            s.push_str(&format!(
                "    place      {} ({}, {}, precision {})  {}\n",
                p.value.name,
                p.value.admin1.as_deref().unwrap_or("?"),
                p.value.country.as_deref().unwrap_or("?"),
                p.value.geo_precision,
                cite(p.sentence)
            ));
        }
        if let Some(e) = &i.sub_event_type {
            s.push_str(&format!(
                "    event      {} / {}\n",
                i.event_type.as_deref().unwrap_or("?"),
                e
            ));
        }
        if let Some(f) = i.fatalities {
            s.push_str(&format!(
                "    killed     {} (best {})\n",
                range_text(f),
                f.best
            ));
        }
        if let Some(w) = i.wounded {
            s.push_str(&format!(
                "    wounded    {} (best {})\n",
                range_text(w),
                w.best
            ));
        }
        for f in &m.figures {
            s.push_str(&format!(
                "      figure   {:?} {}–{} {:?} {:?}{}  [s{}]\n",
                f.kind,
                f.total.low,
                f.total.high,
                f.total.qualifier,
                f.group,
                f.attribution
                    .as_ref()
                    .map(|a| format!(" per {a}"))
                    .unwrap_or_default(),
                f.sentence
            ));
        }
        for p in &m.perpetrators {
            s.push_str(&format!("    by         {}  [s{}]\n", p.value, p.sentence));
        }
        for p in &m.claimed_by {
            s.push_str(&format!("    claimed by {}  [s{}]\n", p.value, p.sentence));
        }
        for p in &m.targets {
            s.push_str(&format!("    target     {}  [s{}]\n", p.value, p.sentence));
        }
    }
    s
}

/// The incidents of one article in the shape of `data/incidents.json`.
fn incidents_value(incidents: &[Incident], article: &Article) -> serde_json::Value {
    let refs: Vec<&Incident> = incidents.iter().collect();
    let articles = std::collections::BTreeMap::from([(article.id.as_str(), article)]);
    crate::site::data::incidents_json("", &refs, &articles)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .map(|v| v["incidents"].clone())
        .unwrap_or(serde_json::Value::Null)
}

/// What `briefing check` found: the report to print, and the errors that make the check
/// fail (each names the page and the link).
#[derive(Debug, Clone, Default)]
pub struct CheckOutcome {
    /// Warnings, unresolved values, merge decisions to review, and the closing counts.
    pub report: String,
    /// Broken links and references of the built site, one line each.
    pub errors: Vec<String>,
}

/// `briefing check`: load and validate `config.toml`, the articles and the analyst's
/// overrides (any problem there is returned as `Err`, every one of them); build the site into
/// a temporary folder and check that every internal link, asset reference and `#fragment`
/// of every page resolves ([`crate::site::links`]); list what extraction could not resolve.
pub fn check(root: &Path) -> Result<CheckOutcome, Errors> {
    if !root.is_dir() {
        return Err(Error::File {
            path: root.to_path_buf(),
            message: "site folder not found (pass --root DIR)".into(),
        }
        .into());
    }
    let analysed = crate::build::analyse(root)?;
    let mut out = String::new();
    if !root.join("config.toml").is_file() {
        out.push_str("warning: no config.toml: the defaults apply (`briefing init` writes a commented one)\n");
    } else if analysed.config.base_url == crate::config::Config::default().base_url {
        out.push_str("warning: config.toml: `base_url` is not set: the feed, sitemap and canonical links point at http://localhost/\n");
    }
    let links = build_and_check_links(root, &analysed)?;
    let (body, counts) = check_text(&analysed);
    out.push_str(&body);
    // The counts close the report.
    out.push_str(&format!(
        "{} pages, {} internal links checked, {} broken\n",
        links.pages,
        links.checked,
        links.problems.len()
    ));
    out.push_str(&counts);
    let errors = links
        .problems
        .iter()
        .map(|p| format!("broken link: {p}"))
        .collect();
    Ok(CheckOutcome {
        report: out,
        errors,
    })
}

/// Render the analysed site, write it to a fresh temporary folder (removed afterwards) and
/// check its links there, as a browser would find them on disk.
fn build_and_check_links(
    root: &Path,
    analysed: &crate::build::Analysed,
) -> Result<crate::site::links::LinkReport, Errors> {
    let data = crate::site::SiteData {
        config: &analysed.config,
        articles: &analysed.articles,
        incidents: &analysed.incidents,
        generator: format!("briefing {}", env!("CARGO_PKG_VERSION")),
    };
    let pages = crate::site::render(&data, root)?;
    let tmp = TempDir::new().map_err(Errors::from)?;
    let output = tmp.0.join("public");
    crate::output::write_atomic(&output, &pages).map_err(Errors::from)?;
    crate::site::links::check_dir(&output).map_err(|source| {
        Errors::from(Error::Io {
            path: output.clone(),
            source,
        })
    })
}

/// A temporary folder of its own, removed when dropped (the library has no `tempfile`).
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, Error> {
        let base = std::env::temp_dir();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let mut last = None;
        for attempt in 0..16u32 {
            let dir = base.join(format!(
                "briefing-check-{}-{stamp}-{attempt}",
                std::process::id()
            ));
            // create_dir (not _all) fails if the folder exists: nobody else's files are used.
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(TempDir(dir)),
                Err(e) => last = Some((dir, e)),
            }
        }
        let (path, source) =
            last.unwrap_or_else(|| (base, std::io::Error::other("no temporary folder")));
        Err(Error::Io { path, source })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// [`check`]'s report with its errors as `error:` lines before the closing counts: one text
/// for callers that only print. Loading errors are returned as errors.
pub fn check_report(root: &Path) -> Result<String, Errors> {
    let outcome = check(root)?;
    let mut lines: Vec<&str> = outcome.report.lines().collect();
    let counts = lines.pop().unwrap_or_default();
    let mut out = String::new();
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    for e in &outcome.errors {
        out.push_str(&format!("error: {e}\n"));
    }
    out.push_str(counts);
    out.push('\n');
    Ok(out)
}

/// Warnings, unresolved values and merge decisions of an analysed site; and the line of
/// counts (articles, incidents, warnings).
fn check_text(analysed: &crate::build::Analysed) -> (String, String) {
    let mut out = String::new();
    let mut warnings = 0;
    for a in &analysed.articles {
        for w in &a.warnings {
            out.push_str(&format!("warning: {}: {w}\n", a.path.display()));
            warnings += 1;
        }
    }
    for i in &analysed.incidents {
        let source = i.reports.first().map(|r| r.article.as_str()).unwrap_or("?");
        match &i.date {
            None => out.push_str(&format!("unresolved: {} ({source}): no date\n", i.id)),
            Some(d) if d.value.precision != crate::model::DatePrecision::Day => {
                out.push_str(&format!(
                    "unresolved: {} ({source}): date known to the {} only\n",
                    i.id,
                    d.value.precision.as_str()
                ))
            }
            _ => {}
        }
        match &i.place {
            None => out.push_str(&format!("unresolved: {} ({source}): no place\n", i.id)),
            Some(p) if p.value.lat.is_none() => out.push_str(&format!("unresolved: {} ({source}): place \"{}\" is not in the gazetteer (add it under [[places]] in config.toml)\n", i.id, p.value.name)),
            Some(p) if p.value.geo_precision >= 3 => out.push_str(&format!("unresolved: {} ({source}): placed at region or country level only ({})\n", i.id, p.value.name)),
            _ => {}
        }
    }
    for a in &analysed.articles {
        if !analysed
            .incidents
            .iter()
            .any(|i| i.reports.iter().any(|r| r.article == a.id))
        {
            out.push_str(&format!("note: {}: no incident found\n", a.path.display()));
        }
    }
    out.push_str(&review_report(&analysed.incidents, &analysed.articles));
    let counts = format!(
        "{} articles, {} incidents, {} warnings\n",
        analysed.articles.len(),
        analysed.incidents.len(),
        warnings
    );
    (out, counts)
}

/// Merge decisions worth a human look, one line each: incidents kept apart that nearly
/// matched, and incidents whose sources' death tolls disagree by more than 25 %. Each line
/// says how to act on it (an override file).
pub fn review_report(incidents: &[Incident], articles: &[Article]) -> String {
    use crate::incidents::conflicts::{near_misses, toll_conflicts};
    let publisher = |id: &str| {
        articles
            .iter()
            .find(|a| a.id == id)
            .and_then(|a| a.meta.publisher.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut out = String::new();
    for m in near_misses(incidents) {
        out.push_str(&format!(
            "review: near miss: {} / {}: {}; if they are one incident, write merge_into = \"{}\" in content/incidents/{}.md\n",
            m.a, m.b, m.reason, m.a, m.b
        ));
    }
    for t in toll_conflicts(incidents, 0.25) {
        // Each source once, with its figures in the order stated.
        let mut by_source: Vec<(String, Vec<String>)> = Vec::new();
        for (article, q) in &t.statements {
            let name = publisher(article);
            let shown = crate::site::format::quantity(q);
            match by_source.iter_mut().find(|(n, _)| *n == name) {
                Some((_, v)) => {
                    if !v.contains(&shown) {
                        v.push(shown);
                    }
                }
                None => by_source.push((name, vec![shown])),
            }
        }
        let said: Vec<String> = by_source
            .into_iter()
            .map(|(n, v)| format!("{n}: {}", v.join(", ")))
            .collect();
        out.push_str(&format!(
            "review: conflicting tolls: {}: killed {}–{} ({}); best estimate is the lowest; set fatalities in content/incidents/{}.md to decide\n",
            t.id,
            t.low,
            t.high,
            said.join("; "),
            t.id
        ));
    }
    out
}
