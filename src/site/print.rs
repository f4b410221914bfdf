//! The print document (`print.html`): the whole briefing, or the period chosen in
//! `config.toml` (`print_from`, `print_to`), as one self-contained document meant for paper
//! and PDF. Cover, key figures, chronology table, one section per incident, endnotes,
//! bibliography.
//!
//! On paper a link cannot be followed, so every citation becomes a numbered endnote that
//! quotes the sentence and names its source, and every internal link points inside the
//! document (`#incident-…`, `#note-12`, `#src-3`): nothing refers to another page of the
//! site. Like every page, the document is a pure function of its inputs; its date is that
//! of the newest source article, never the clock, so that rebuilding gives the same bytes.
//!
//! Also here: the `@page` rules every page of the site carries (paper size from the
//! configuration, running header with the title and marking), which a static stylesheet
//! cannot hold because they depend on `config.toml`.

use super::citations::Evidence;
use super::context::{self, ArticleMap, Reference};
use super::{format as fmt, routes};
use crate::config::Config;
use crate::model::{Article, DatePrecision, DateValue, Incident};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// Output path of the print document.
pub const PATH: &str = "print.html";

/// A CSS string literal holding `s`: quotes, backslashes, line breaks and `<` (which could
/// close the `<style>` element) are written as CSS escapes, so any title is safe.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", u32::from(c))),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The configuration-dependent `@page` rules of every page: paper size, and the running
/// header (title left, marking right) and footer (organisation left). Margins, fonts and
/// the "Page X of Y" counter are in the stylesheet.
pub fn page_style(config: &Config) -> String {
    let mut css = format!(
        "@page {{ size: {}; @top-left {{ content: {}; }}",
        config.paper.css(),
        css_string(config.title.trim())
    );
    if let Some(m) = config
        .marking
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        css.push_str(&format!(" @top-right {{ content: {}; }}", css_string(m)));
    }
    if let Some(o) = config
        .organisation
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        css.push_str(&format!(" @bottom-left {{ content: {}; }}", css_string(o)));
    }
    css.push_str(" }");
    // After the rule above: Chromium lets a later unnamed @page rule win over a named one,
    // so the cover's blank margins must come last.
    css.push_str(
        " @page cover { @top-left { content: none; } @top-right { content: none; } \
         @bottom-left { content: none; } @bottom-right { content: none; } }",
    );
    css
}

/// Whether an incident falls in the chosen period (its date range overlaps it). With no
/// period every incident does; with one, an undated incident does not.
pub fn in_period(inc: &Incident, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    date_in_period(inc.date.as_ref().map(|d| d.value), from, to)
}

fn date_in_period(d: Option<DateValue>, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    let Some(d) = d else { return false };
    from.is_none_or(|f| d.last() >= f) && to.is_none_or(|t| d.date <= t)
}

#[derive(Serialize, Clone, Debug)]
pub struct Cover {
    pub period: String,
    /// The chosen period, when `print_from`/`print_to` narrow the document.
    pub chosen: bool,
    /// Date of the newest source article in the document: the "as of" date.
    pub dated: String,
    pub dated_iso: String,
    pub incidents: usize,
    pub sources: usize,
    pub paper: String,
}

/// One row of a breakdown table (by month, by region).
#[derive(Serialize, Clone, Debug)]
pub struct Row {
    pub label: String,
    pub detail: String,
    pub incidents: usize,
    pub killed_low: String,
    pub killed_best: String,
    pub killed_high: String,
    pub disputed: bool,
    pub wounded: String,
}

/// A line of the chronology table.
#[derive(Serialize, Clone, Debug)]
pub struct ChronoRow {
    pub number: usize,
    pub anchor: String,
    #[serde(flatten)]
    pub item: context::IncidentItem,
}

/// An endnote: one evidence sentence, quoted, with its source.
#[derive(Serialize, Clone, Debug)]
pub struct Note {
    pub n: usize,
    pub publisher: String,
    pub published: String,
    /// Number of the source in the bibliography, and its anchor.
    pub source_no: Option<usize>,
    pub source_anchor: Option<String>,
    pub sentence: usize,
    pub text: String,
    pub fields: Vec<String>,
}

/// A bibliography entry of the document, numbered.
#[derive(Serialize, Clone, Debug)]
pub struct Source {
    pub n: usize,
    pub anchor: String,
    #[serde(flatten)]
    pub reference: Reference,
    /// Numbers of the incidents (in this document) that cite the source.
    pub cited_by: Vec<IncidentRef>,
}

#[derive(Serialize, Clone, Debug)]
pub struct IncidentRef {
    pub number: usize,
    pub anchor: String,
}

/// A source of one incident, as listed under its section.
#[derive(Serialize, Clone, Debug)]
pub struct SourceRef {
    pub n: usize,
    pub anchor: String,
    pub publisher: String,
}

/// One incident's section and its notes.
#[derive(Serialize, Clone, Debug)]
pub struct Section {
    pub number: usize,
    pub anchor: String,
    /// The incident page's view (`context::IncidentPage`) with citations renumbered as
    /// endnotes and links made internal to the document.
    pub page: Json,
    pub sources: Vec<SourceRef>,
    pub notes: Vec<Note>,
    /// First and last note numbers, for "Notes 4–9".
    pub notes_first: usize,
    pub notes_last: usize,
    /// Notes no value of the section cites (sentences that only tell the story): listed
    /// under the section so that every note is referred to from the text.
    pub further_notes: Vec<usize>,
}

/// Everything `print.html` receives besides `site`.
#[derive(Serialize, Clone, Debug)]
pub struct PrintDocument {
    pub cover: Cover,
    pub totals: context::Totals,
    pub chart: Option<context::Chart>,
    pub by_month: Vec<Row>,
    pub by_region: Vec<Row>,
    pub chronology: Vec<ChronoRow>,
    /// The incidents' sections are not here: [`document`] hands each to its caller as it
    /// is made (rendered by `print-incident.html` and `print-notes.html`, as
    /// `sections_html` and `notes_html`), so that only one is in memory at a time.
    pub section_count: usize,
    pub sources: Vec<Source>,
    pub note_count: usize,
}

/// Anchor of an incident's section.
pub fn incident_anchor(id: &str) -> String {
    format!("incident-{}", routes::segment(id))
}

fn note_anchor(n: usize) -> String {
    format!("note-{n}")
}

fn source_anchor(n: usize) -> String {
    format!("src-{n}")
}

fn sum_row(label: String, detail: String, incidents: &[&Incident]) -> Row {
    let sum = |f: fn(&crate::model::Estimate) -> u32, w: bool| -> u64 {
        incidents
            .iter()
            .filter_map(|i| if w { i.wounded } else { i.fatalities })
            .map(|e| u64::from(f(&e)))
            .sum()
    };
    let (low, best, high) = (
        sum(|e| e.low, false),
        sum(|e| e.best, false),
        sum(|e| e.high, false),
    );
    Row {
        label,
        detail,
        incidents: incidents.len(),
        killed_low: fmt::int(low),
        killed_best: fmt::int(best),
        killed_high: fmt::int(high),
        disputed: low != high,
        wounded: fmt::int(sum(|e| e.best, true)),
    }
}

/// Incidents and casualties per month of the incident's (first) date, in date order;
/// incidents known only to the year, and undated ones, in rows of their own at the end.
pub fn by_month(incidents: &[&Incident]) -> Vec<Row> {
    let mut months: BTreeMap<(i32, u32), Vec<&Incident>> = BTreeMap::new();
    let mut years: BTreeMap<i32, Vec<&Incident>> = BTreeMap::new();
    let mut undated = Vec::new();
    for i in incidents {
        match i.date.as_ref().map(|d| d.value) {
            Some(d) if d.precision == DatePrecision::Year => {
                years.entry(d.date.year()).or_default().push(*i)
            }
            Some(d) => months
                .entry((d.date.year(), d.date.month()))
                .or_default()
                .push(*i),
            None => undated.push(*i),
        }
    }
    let mut rows: Vec<Row> = months
        .into_iter()
        .map(|((y, m), v)| sum_row(fmt::month_long(y, m), String::new(), &v))
        .collect();
    rows.extend(
        years
            .into_iter()
            .map(|(y, v)| sum_row(format!("{y}, month not known"), String::new(), &v)),
    );
    if !undated.is_empty() {
        rows.push(sum_row("Date not stated".into(), String::new(), &undated));
    }
    rows
}

/// Incidents and casualties per first-level region (with its country), most incidents
/// first; incidents without a region in a last row.
pub fn by_region(incidents: &[&Incident]) -> Vec<Row> {
    let mut regions: BTreeMap<(String, String), Vec<&Incident>> = BTreeMap::new();
    let mut unknown = Vec::new();
    for i in incidents {
        let Some(p) = &i.place else {
            unknown.push(*i);
            continue;
        };
        let country = p
            .value
            .country
            .as_deref()
            .map(fmt::country_name)
            .unwrap_or_default();
        match p.value.admin1.as_ref().filter(|a| !a.trim().is_empty()) {
            Some(a) => regions.entry((a.clone(), country)).or_default().push(*i),
            // A place with no region: the country is the most precise grouping left.
            None if !country.is_empty() => regions
                .entry((format!("{country}, region not known"), String::new()))
                .or_default()
                .push(*i),
            None => unknown.push(*i),
        }
    }
    let mut rows: Vec<Row> = regions
        .into_iter()
        .map(|((r, c), v)| sum_row(r, c, &v))
        .collect();
    rows.sort_by(|a, b| {
        b.incidents
            .cmp(&a.incidents)
            .then_with(|| a.label.cmp(&b.label))
    });
    if !unknown.is_empty() {
        rows.push(sum_row(
            "Location not stated".into(),
            String::new(),
            &unknown,
        ));
    }
    rows
}

/// Rewrite a serialised incident page for the print document: citation numbers become
/// endnote numbers (`offset + n`) linking to `#note-…`, links to source pages point to the
/// bibliography entry (`#src-…`, with `source_no`), links to incident pages to their
/// section, and any other site link is dropped (it cannot be followed on paper).
///
/// It walks the JSON rather than the typed view so that fields added to the incident page
/// later (conflicting values, analyst overrides) are renumbered too without change here.
fn localise(
    v: &mut Json,
    offset: usize,
    sources: &BTreeMap<String, usize>,
    incidents: &BTreeMap<String, String>,
) {
    match v {
        Json::Object(map) => {
            if let Some(Json::Array(cites)) = map.get_mut("cites") {
                for c in cites.iter_mut() {
                    if let Json::Object(c) = c
                        && let Some(n) = c.get("n").and_then(Json::as_u64)
                    {
                        let g = offset + n as usize;
                        c.insert("n".into(), Json::from(g));
                        c.insert("href".into(), Json::from(format!("#{}", note_anchor(g))));
                        c.insert("title".into(), Json::from(format!("Note {g}")));
                    }
                }
            }
            if let Some(href) = map.get("href").and_then(Json::as_str).map(str::to_string) {
                if let Some(n) = sources.get(&href) {
                    map.insert("href".into(), Json::from(format!("#{}", source_anchor(*n))));
                    map.insert("source_no".into(), Json::from(*n));
                } else if let Some(anchor) = incidents.get(&href) {
                    map.insert("href".into(), Json::from(format!("#{anchor}")));
                } else if !href.starts_with('#') {
                    map.insert("href".into(), Json::Null);
                }
            }
            for (k, child) in map.iter_mut() {
                if k != "cites" {
                    localise(child, offset, sources, incidents);
                }
            }
        }
        Json::Array(items) => {
            for item in items {
                localise(item, offset, sources, incidents);
            }
        }
        _ => {}
    }
}

/// Every citation number in a (localised) view.
fn collect_cites(v: &Json, out: &mut std::collections::BTreeSet<usize>) {
    match v {
        Json::Object(map) => {
            if let Some(Json::Array(cites)) = map.get("cites") {
                out.extend(
                    cites
                        .iter()
                        .filter_map(|c| c.get("n")?.as_u64())
                        .map(|n| n as usize),
                );
            }
            map.values().for_each(|c| collect_cites(c, out));
        }
        Json::Array(items) => items.iter().for_each(|c| collect_cites(c, out)),
        _ => {}
    }
}

/// Build the print document from sorted incidents and sorted articles.
pub fn document<E>(
    config: &Config,
    incidents: &[&Incident],
    articles: &[&Article],
    article_map: &ArticleMap,
    mut section: impl FnMut(Section) -> Result<(), E>,
) -> Result<PrintDocument, E> {
    let (from, to) = (config.print_from, config.print_to);
    let chosen = from.is_some() || to.is_some();
    let selected: Vec<(&Incident, Evidence)> = incidents
        .iter()
        .copied()
        .filter(|i| in_period(i, from, to))
        .map(|i| (i, Evidence::for_incident(i)))
        .collect();
    let incs: Vec<&Incident> = selected.iter().map(|(i, _)| *i).collect();

    // Bibliography: every article for the whole briefing; for a chosen period only the
    // articles that report its incidents.
    let docs: Vec<&Article> = articles
        .iter()
        .copied()
        .filter(|a| {
            !chosen
                || incs
                    .iter()
                    .any(|i| i.reports.iter().any(|r| r.article == a.id))
        })
        .collect();
    let source_no: BTreeMap<String, usize> = docs
        .iter()
        .enumerate()
        .map(|(k, a)| (routes::source_href(&a.id), k + 1))
        .collect();
    let incident_anchors: BTreeMap<String, String> = incs
        .iter()
        .map(|i| (routes::incident_href(&i.id), incident_anchor(&i.id)))
        .collect();

    let mut offset = 0;
    let mut cited_by: BTreeMap<String, Vec<IncidentRef>> = BTreeMap::new();
    for (k, (inc, ev)) in selected.iter().enumerate() {
        let number = k + 1;
        let anchor = incident_anchor(&inc.id);
        let page = context::incident_page(inc, ev, article_map);
        let source_no = &source_no;
        let notes: Vec<Note> = page
            .evidence
            .iter()
            .flat_map(|g| {
                g.items.iter().map(move |q| {
                    let no = source_no.get(&g.href).copied();
                    Note {
                        n: offset + q.n,
                        publisher: g.publisher.clone(),
                        published: g.published.clone(),
                        source_no: no,
                        source_anchor: no.map(source_anchor),
                        sentence: q.sentence,
                        text: q.text.clone(),
                        fields: q.fields.clone(),
                    }
                })
            })
            .collect();
        let mut sources: Vec<SourceRef> = Vec::new();
        for r in &inc.reports {
            let href = routes::source_href(&r.article);
            if let Some(n) = source_no.get(&href)
                && !sources.iter().any(|s| s.n == *n)
            {
                let publisher = article_map
                    .get(r.article.as_str())
                    .and_then(|a| a.meta.publisher.clone())
                    .unwrap_or_else(|| r.article.clone());
                sources.push(SourceRef {
                    n: *n,
                    anchor: source_anchor(*n),
                    publisher,
                });
                cited_by
                    .entry(r.article.clone())
                    .or_default()
                    .push(IncidentRef {
                        number,
                        anchor: anchor.clone(),
                    });
            }
        }
        sources.sort_by_key(|s| s.n);
        let mut json = serde_json::to_value(&page).unwrap_or(Json::Null);
        localise(&mut json, offset, source_no, &incident_anchors);
        let mut cited = std::collections::BTreeSet::new();
        collect_cites(&json, &mut cited);
        let further_notes = notes
            .iter()
            .map(|n| n.n)
            .filter(|n| !cited.contains(n))
            .collect();
        let count = ev.entries.len();
        section(Section {
            number,
            anchor,
            page: json,
            sources,
            notes,
            notes_first: offset + 1,
            notes_last: offset + count,
            further_notes,
        })?;
        offset += count;
    }

    let sources: Vec<Source> = docs
        .iter()
        .enumerate()
        .map(|(k, a)| Source {
            n: k + 1,
            anchor: source_anchor(k + 1),
            reference: context::reference(a, Vec::new()),
            cited_by: cited_by.remove(&a.id).unwrap_or_default(),
        })
        .collect();

    let chronology = incs
        .iter()
        .enumerate()
        .map(|(k, i)| ChronoRow {
            number: k + 1,
            anchor: incident_anchor(&i.id),
            item: context::incident_item(i),
        })
        .collect();

    let mut totals = context::totals(&incs, docs.len());
    let period = match (from, to) {
        (Some(f), Some(t)) => format!("{} – {}", fmt::date_long(f), fmt::date_long(t)),
        (Some(f), None) => format!("From {}", fmt::date_long(f)),
        (None, Some(t)) => format!("Until {}", fmt::date_long(t)),
        (None, None) => totals.period.clone(),
    };
    totals.period = period.clone();
    let newest = docs.iter().filter_map(|a| a.meta.published).max();
    Ok(PrintDocument {
        cover: Cover {
            period,
            chosen,
            dated: newest.map(fmt::date_long).unwrap_or_default(),
            dated_iso: newest
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            incidents: incs.len(),
            sources: docs.len(),
            paper: String::from(config.paper),
        },
        totals,
        chart: context::chart(&incs, 640.0),
        by_month: by_month(&incs),
        by_region: by_region(&incs),
        chronology,
        section_count: selected.len(),
        sources,
        note_count: offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_are_escaped() {
        assert_eq!(css_string("Mali"), "\"Mali\"");
        assert_eq!(css_string("a\"b"), "\"a\\22 b\"");
        assert_eq!(css_string("</style>"), "\"\\3c /style\\3e \"");
        assert_eq!(css_string("x\\\ny"), "\"x\\5c \\a y\"");
        assert_eq!(css_string("Sécurité – Mali"), "\"Sécurité – Mali\"");
    }

    #[test]
    fn page_style_follows_config() {
        let mut c = Config {
            marking: Some("Restricted".into()),
            ..Config::default()
        };
        let css = page_style(&c);
        assert!(
            css.contains("size: A4") && css.contains("\"Restricted\""),
            "{css}"
        );
        assert!(!css.contains("@bottom-left { content: \""), "{css}");
        assert!(
            css.ends_with("@bottom-right { content: none; } }"),
            "cover rule last: {css}"
        );
        c.paper = crate::config::Paper::Letter;
        c.organisation = Some("Desk".into());
        let css = page_style(&c);
        assert!(
            css.contains("size: letter") && css.contains("@bottom-left { content: \"Desk\""),
            "{css}"
        );
    }

    #[test]
    fn period_overlap() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert!(date_in_period(None, None, None));
        assert!(!date_in_period(None, d(2022, 1, 1), None));
        let july = DateValue {
            date: NaiveDate::from_ymd_opt(2022, 7, 1).unwrap_or_default(),
            end: d(2022, 7, 31),
            precision: DatePrecision::Month,
        };
        let july = Some(july);
        assert!(date_in_period(july, d(2022, 7, 20), d(2022, 8, 31)));
        assert!(date_in_period(july, None, d(2022, 7, 1)));
        assert!(!date_in_period(july, d(2022, 8, 1), None));
        assert!(!date_in_period(july, None, d(2022, 6, 30)));
    }
}
