//! View models: what each template receives. All formatting and citation lookup happens
//! here, in Rust, so templates stay declarative and every string they print is escaped.
//! Everything is built from sorted inputs (`Vec`s, `BTreeMap`s): output is deterministic.

use super::citations::{self, Cite, Evidence, has_sentence, sentence_text};
use super::{format as fmt, routes};
use crate::incidents::conflicts;
use crate::model::{Article, CasualtyKind, Estimate, Figure, Group, Incident};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Articles by id.
pub type ArticleMap<'a> = BTreeMap<&'a str, &'a Article>;

/// A numbered citation marker: `[3]` linking to the sentence.
#[derive(Serialize, Clone, Debug)]
pub struct CiteView {
    pub n: usize,
    /// From the site root; `None` when the article or sentence is unknown.
    pub href: Option<String>,
    /// Tooltip: who said it and where ("VOA News, sentence 6"). The sentence itself is
    /// quoted once, in the page's evidence list under the same number, rather than in every
    /// citation's tooltip: an incident page cites one sentence for up to a dozen values, and
    /// repeating it in each `title` made citations most of the page's weight.
    pub title: String,
}

/// A value with its citations.
#[derive(Serialize, Clone, Debug, Default)]
pub struct Value {
    pub text: String,
    /// Secondary text shown after the value (a quote of the words used, a precision note).
    pub note: Option<String>,
    pub cites: Vec<CiteView>,
    /// A browse page for the value (a place or actor page), from the site root.
    pub href: Option<String>,
    /// The value as HTML, with its citations and note, once a page has written it
    /// ([`IncidentPage::write_values`]); empty until then.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub html: String,
}

impl Value {
    /// Fill [`Value::html`]: the value (a link when it has a page), its citations as a
    /// superscript of numbered links, then its note; links relative to `root`. The same
    /// markup as the `value` macro of `macros.html`, which the print document still uses
    /// (it renumbers citations after the page is made). An incident page shows a dozen of
    /// these, and evaluating the macro for each cost a tenth of the page's time.
    fn write_html(&mut self, root: &str) {
        use super::templates::{escape_into as esc, push_attr};
        // `<a href>` around `text` when `href` is set (and not empty, which a template
        // would take as false), else `<span title>`: the value and each citation.
        let link = |o: &mut String, href: Option<&str>, title: Option<&str>, text: &str| {
            let tag = match href.filter(|h| !h.is_empty()) {
                Some(h) => {
                    o.push_str("<a");
                    push_attr(o, "href", &format!("{root}{h}"));
                    "a"
                }
                None if title.is_some() => {
                    o.push_str("<span");
                    "span"
                }
                None => return esc(o, text),
            };
            if let Some(t) = title {
                push_attr(o, "title", t);
            }
            o.push('>');
            esc(o, text);
            o.push_str("</");
            o.push_str(tag);
            o.push('>');
        };
        let mut o = String::with_capacity(64 + 80 * self.cites.len());
        o.push_str("<span class=\"value\">");
        link(&mut o, self.href.as_deref(), None, &self.text);
        o.push_str("</span>");
        if !self.cites.is_empty() {
            o.push_str("<sup class=\"cite\">");
            for c in &self.cites {
                let n = format!("[{}]", c.n);
                link(&mut o, c.href.as_deref(), Some(&c.title), &n);
            }
            o.push_str("</sup>");
        }
        if let Some(note) = self.note.as_deref().filter(|n| !n.is_empty()) {
            o.push_str(" <span class=\"note\">");
            esc(&mut o, note);
            o.push_str("</span>");
        }
        self.html = o;
    }
}

/// One row of the fact sheet.
#[derive(Serialize, Clone, Debug, Default)]
pub struct Fact {
    pub label: String,
    /// Empty when the sources do not say: the template prints "Not stated".
    pub values: Vec<Value>,
    /// The value is an analyst's (`content/incidents/<id>.md`), not extraction's.
    pub analyst: bool,
    /// What extraction had found, when an analyst replaced it ("6–8", "not stated").
    pub extracted: Option<String>,
    /// When sources disagree (dates, places): what each source said, with its citation.
    pub conflicts: Vec<Value>,
}

impl Fact {
    fn new(label: &str, values: Vec<Value>) -> Self {
        Fact {
            label: label.into(),
            values,
            ..Fact::default()
        }
    }
}

/// Field names of `Incident::overrides` as the page labels them.
pub fn field_label(field: &str) -> &str {
    match field {
        "date" => "Date",
        "place" => "Location",
        "event_type" => "Event type",
        "sub_event_type" => "Sub-event type",
        "perpetrators" => "Perpetrators",
        "claimed_by" => "Claimed by",
        "targets" => "Targets",
        "fatalities" => "Killed",
        "wounded" => "Wounded",
        "title" => "Title",
        "summary" => "Summary",
        other => other,
    }
}

/// What extraction found for a field an analyst replaced, if one did.
fn extracted<'a>(inc: &'a Incident, field: &str) -> Option<&'a str> {
    inc.overrides
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, v)| v.as_str())
}

/// A line of an incident list (index, chronology, sources).
#[derive(Serialize, Clone, Debug, Hash)]
pub struct IncidentItem {
    pub id: String,
    pub href: String,
    pub title: String,
    pub summary: String,
    /// `2022-07-14`, for `<time datetime>`; empty when undated.
    pub date_iso: String,
    pub date_short: String,
    pub date_long: String,
    pub date_precision: String,
    /// Anchor of the incident's month on the chronology page.
    pub month_anchor: String,
    pub place: String,
    pub country: String,
    pub event_type: String,
    pub perpetrators: String,
    /// Best estimate, or "—".
    pub killed: String,
    /// `70–100` when the sources disagree, else empty.
    pub killed_range: String,
    pub wounded: String,
    pub sources: usize,
}

/// Anchor of a date's month group on the chronology page.
fn month_anchor(d: Option<crate::model::DateValue>) -> String {
    match d {
        Some(d) if d.precision == crate::model::DatePrecision::Year => {
            format!("y{}-unknown", d.date.year())
        }
        Some(d) => format!("m{}-{:02}", d.date.year(), d.date.month()),
        None => "undated-m".into(),
    }
}

fn estimate_best(e: Option<Estimate>) -> String {
    e.map(|e| fmt::int(u64::from(e.best)))
        .unwrap_or_else(|| "—".into())
}

fn place_label(inc: &Incident) -> (String, String) {
    match &inc.place {
        Some(p) => {
            let country = p
                .value
                .country
                .as_deref()
                .map(fmt::country_name)
                .unwrap_or_default();
            let mut parts = vec![p.value.name.clone()];
            if let Some(a) = p.value.admin1.as_ref().filter(|a| **a != p.value.name) {
                parts.push(a.clone());
            }
            (parts.join(", "), country)
        }
        None => ("Location not stated".into(), String::new()),
    }
}

/// The list form of an incident.
pub fn incident_item(inc: &Incident) -> IncidentItem {
    let date = inc.date.as_ref().map(|d| d.value);
    let (place, country) = place_label(inc);
    let killed_range = match inc.fatalities {
        Some(e) if e.low != e.high => {
            format!(
                "{}–{}",
                fmt::int(u64::from(e.low)),
                fmt::int(u64::from(e.high))
            )
        }
        _ => String::new(),
    };
    IncidentItem {
        id: inc.id.clone(),
        href: routes::incident_href(&inc.id),
        title: inc.title.clone(),
        summary: inc.summary.clone(),
        date_iso: date.map(|d| fmt::iso(d.date)).unwrap_or_default(),
        date_short: date_short(date),
        date_long: date
            .map(|d| fmt::date_value_long(&d))
            .unwrap_or_else(|| "Undated".into()),
        date_precision: date
            .map(|d| d.precision.as_str().to_string())
            .unwrap_or_default(),
        month_anchor: month_anchor(date),
        place,
        country,
        event_type: inc.event_type.clone().unwrap_or_default(),
        perpetrators: inc.perpetrators.join(", "),
        killed: estimate_best(inc.fatalities),
        killed_range,
        wounded: estimate_best(inc.wounded),
        // Articles, not reports: after an analyst's merge one article may report twice.
        sources: inc
            .reports
            .iter()
            .map(|r| r.article.as_str())
            .collect::<BTreeSet<_>>()
            .len(),
    }
}

/// "14 Jul 2022", or "Undated".
fn date_short(date: Option<crate::model::DateValue>) -> String {
    date.map(|d| fmt::date_value_short(&d))
        .unwrap_or_else(|| "Undated".into())
}

/// Incidents in page order: by date (undated last), then id.
pub fn sorted_incidents(incidents: &[Incident]) -> Vec<&Incident> {
    let mut v: Vec<&Incident> = incidents.iter().collect();
    v.sort_by(|a, b| {
        let ka = a.date.as_ref().map(|d| (d.value.date, d.value.last()));
        let kb = b.date.as_ref().map(|d| (d.value.date, d.value.last()));
        match (ka, kb) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.id.cmp(&b.id))
    });
    v
}

/// Articles in bibliography order: by published date (undated last), then id.
pub fn sorted_articles(articles: &[Article]) -> Vec<&Article> {
    let mut v: Vec<&Article> = articles.iter().collect();
    v.sort_by(|a, b| {
        let ka = (a.meta.published.is_none(), a.meta.published);
        let kb = (b.meta.published.is_none(), b.meta.published);
        ka.cmp(&kb).then_with(|| a.id.cmp(&b.id))
    });
    v
}

fn publisher(a: Option<&Article>, id: &str) -> String {
    a.and_then(|a| a.meta.publisher.clone())
        .unwrap_or_else(|| id.to_string())
}

/// A bibliography entry.
#[derive(Serialize, Clone, Debug, Hash)]
pub struct Reference {
    pub id: String,
    pub publisher: String,
    pub title: String,
    pub published: String,
    pub published_iso: String,
    pub url: Option<String>,
    pub via: Option<String>,
    pub author: Option<String>,
    pub href: String,
    pub incidents: Vec<IncidentLink>,
}

#[derive(Serialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IncidentLink {
    pub href: String,
    pub title: String,
    pub date: String,
}

/// Only `http(s)` URLs become links: an article's `url` is untrusted (`javascript:` …).
fn safe_url(url: Option<&String>) -> Option<String> {
    url.map(|u| u.trim())
        .filter(|u| {
            let l = u.to_ascii_lowercase();
            l.starts_with("https://") || l.starts_with("http://")
        })
        .map(str::to_string)
}

pub fn reference(a: &Article, incidents: Vec<IncidentLink>) -> Reference {
    Reference {
        id: a.id.clone(),
        publisher: publisher(Some(a), &a.id),
        title: if a.meta.title.trim().is_empty() {
            a.id.clone()
        } else {
            a.meta.title.clone()
        },
        published: a
            .meta
            .published
            .map(fmt::date_long)
            .unwrap_or_else(|| "Undated".into()),
        published_iso: a.meta.published.map(fmt::iso).unwrap_or_default(),
        url: safe_url(a.meta.url.as_ref()),
        via: a.meta.via.clone(),
        author: a.meta.author.clone(),
        href: routes::source_href(&a.id),
        incidents,
    }
}

/// Which incidents cite each sentence of each article (from their evidence). Incidents are
/// indexes into `links`, one link per incident: a link is made once, not copied for every
/// sentence that incident cites. The citations are one sorted list of
/// (article, sentence, incident) rather than nested maps: a few bytes each instead of a
/// tree node, for the hundreds of thousands of citations of a large briefing.
#[derive(Default)]
pub struct CitedBy<'a> {
    links: Vec<IncidentLink>,
    cites: Vec<(&'a str, u32, u32)>,
}

/// The (article, sentence) pairs an incident's evidence cites (see `Evidence::for_incident`),
/// sorted, each once: a sentence usually supports several facts, and the citations of every
/// incident are kept for the whole build.
fn cited_sentences(inc: &Incident) -> Vec<(&str, u32)> {
    let from_reports = inc.reports.iter().flat_map(|r| {
        citations::mention_evidence(&r.mention)
            .into_iter()
            .map(move |(_, s)| (r.article.as_str(), s))
    });
    let date = inc
        .date
        .as_ref()
        .zip(inc.date_source.as_deref())
        .map(|(d, a)| (a, d.sentence));
    let place = inc
        .place
        .as_ref()
        .zip(inc.place_source.as_deref())
        .map(|(p, a)| (a, p.sentence));
    let mut cited: Vec<(&str, u32)> = from_reports
        .chain(date)
        .chain(place)
        .filter(|&(_, s)| s != 0)
        .map(|(a, s)| (a, s as u32))
        .collect();
    cited.sort_unstable();
    cited.dedup();
    cited
}

impl<'a> CitedBy<'a> {
    /// The citations of `incidents` (in site order), from each one's evidence.
    pub fn build(incidents: &[&'a Incident]) -> Self {
        let per_incident: Vec<(IncidentLink, Vec<(&'a str, u32)>)> = incidents
            .par_iter()
            .map(|inc| {
                // What `incident_item` and `Evidence::for_incident` give of it, made
                // without the rest of them.
                let link = IncidentLink {
                    href: routes::incident_href(&inc.id),
                    title: inc.title.clone(),
                    date: date_short(inc.date.as_ref().map(|d| d.value)),
                };
                (link, cited_sentences(inc))
            })
            .collect();
        let mut c = CitedBy {
            links: Vec::with_capacity(per_incident.len()),
            cites: Vec::with_capacity(per_incident.iter().map(|(_, s)| s.len()).sum()),
        };
        for (n, (link, cited)) in per_incident.into_iter().enumerate() {
            c.links.push(link);
            c.cites
                .extend(cited.into_iter().map(|(a, s)| (a, s, n as u32)));
        }
        c.cites.par_sort_unstable();
        c.cites.dedup();
        c
    }

    /// The citations of the sentences of `article`, by sentence then incident.
    fn of(&self, article: &str) -> &[(&'a str, u32, u32)] {
        let start = self.cites.partition_point(|c| c.0 < article);
        let len = self.cites[start..].partition_point(|c| c.0 == article);
        &self.cites[start..start + len]
    }

    /// The incidents citing any sentence of `article`, in link order.
    pub fn article(&self, article: &str) -> Vec<IncidentLink> {
        let ids: BTreeSet<u32> = self.of(article).iter().map(|c| c.2).collect();
        let mut links: Vec<IncidentLink> = ids
            .into_iter()
            .map(|i| self.links[i as usize].clone())
            .collect();
        links.sort();
        links
    }

    /// The incidents citing each sentence of `article`, for [`source_text_html`].
    pub fn sentences(&self, article: &str) -> Option<BTreeMap<usize, BTreeSet<IncidentLink>>> {
        let cites = self.of(article);
        if cites.is_empty() {
            return None;
        }
        let mut by: BTreeMap<usize, BTreeSet<IncidentLink>> = BTreeMap::new();
        for &(_, sentence, i) in cites {
            by.entry(sentence as usize)
                .or_default()
                .insert(self.links[i as usize].clone());
        }
        Some(by)
    }

    /// Which incidents (as indexes) cite which sentences of `article`, sorted: with the
    /// links of the article's reference, what its page's fingerprint needs.
    pub fn sentence_indexes(&self, article: &str) -> Vec<(u32, u32)> {
        self.of(article).iter().map(|c| (c.1, c.2)).collect()
    }
}

// ---------------------------------------------------------------- incident page

/// One source's row in "who reported what".
#[derive(Serialize, Clone, Debug)]
pub struct ReportRow {
    pub publisher: String,
    pub title: String,
    pub href: String,
    pub published: String,
    pub published_iso: String,
    pub headline: bool,
    pub killed: Vec<Value>,
    pub wounded: Vec<Value>,
}

/// Evidence sentences of one source, quoted.
#[derive(Serialize, Clone, Debug)]
pub struct EvidenceGroup {
    pub publisher: String,
    pub title: String,
    pub published: String,
    pub href: String,
    pub items: Vec<EvidenceItem>,
}

#[derive(Serialize, Clone, Debug)]
pub struct EvidenceItem {
    pub n: usize,
    pub href: Option<String>,
    pub sentence: usize,
    pub text: String,
    pub fields: Vec<String>,
}

/// Low / best / high of a figure, each cited.
#[derive(Serialize, Clone, Debug)]
pub struct EstimateView {
    pub low: Value,
    pub best: Value,
    pub high: Value,
    pub disputed: bool,
    /// Set by an analyst; `extracted` is what the sources gave.
    pub analyst: bool,
    pub extracted: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct GroupView {
    pub label: String,
    pub value: Value,
}

/// Everything `incident.html` shows.
#[derive(Serialize, Clone, Debug)]
pub struct IncidentPage {
    pub item: IncidentItem,
    pub facts: Vec<Fact>,
    pub fatalities: Option<EstimateView>,
    pub fatality_groups: Vec<GroupView>,
    pub wounded: Option<EstimateView>,
    pub reports: Vec<ReportRow>,
    pub evidence: Vec<EvidenceGroup>,
    pub references: Vec<Reference>,
    pub uncited: usize,
    /// The analyst's note, one string per paragraph (plain text, escaped by the template).
    pub note: Vec<String>,
    /// Ids of incidents an analyst folded into this one (they have no page of their own).
    pub merged_from: Vec<String>,
    /// Labels of the fields an analyst replaced, for the summary line at the top.
    pub overridden: Vec<String>,
    /// Extracted title and summary, when an analyst replaced them.
    pub title_extracted: Option<String>,
    pub summary_extracted: Option<String>,
}

impl IncidentPage {
    /// Write every value's [`Value::html`] for a page at `root` (the way back to the site's
    /// root from it), once its links are final.
    pub fn write_values(&mut self, root: &str) {
        let facts = self.facts.iter_mut().flat_map(|f| f.values.iter_mut());
        let estimates = [&mut self.fatalities, &mut self.wounded]
            .into_iter()
            .flatten()
            .flat_map(|e| [&mut e.low, &mut e.best, &mut e.high]);
        let groups = self.fatality_groups.iter_mut().map(|g| &mut g.value);
        let reports = self
            .reports
            .iter_mut()
            .flat_map(|r| r.killed.iter_mut().chain(r.wounded.iter_mut()));
        for v in facts.chain(estimates).chain(groups).chain(reports) {
            v.write_html(root);
        }
    }
}

struct Citer<'a> {
    articles: &'a ArticleMap<'a>,
    evidence: &'a Evidence<'a>,
}

impl Citer<'_> {
    fn view(&self, (article, sentence): &Cite) -> Option<CiteView> {
        let n = self.evidence.number(article, *sentence)?;
        let art = self.articles.get(article.as_str()).copied();
        let href = art
            .filter(|a| has_sentence(a, *sentence))
            .map(|_| routes::sentence_href(article, *sentence));
        let title = format!("{}, sentence {}", publisher(art, article), sentence);
        Some(CiteView { n, href, title })
    }

    fn views(&self, cites: &[Cite]) -> Vec<CiteView> {
        let mut v: Vec<CiteView> = cites.iter().filter_map(|c| self.view(c)).collect();
        v.sort_by_key(|c| c.n);
        v.dedup_by_key(|c| c.n);
        v
    }

    fn value(&self, text: String, cites: &[Cite]) -> Value {
        Value {
            html: String::new(),
            text,
            note: None,
            cites: self.views(cites),
            href: None,
        }
    }
}

fn figure_value(c: &Citer, article: &str, f: &Figure) -> Value {
    let mut text = fmt::quantity(&f.total);
    if f.group != Group::Unspecified && f.parts.is_empty() {
        text.push(' ');
        text.push_str(fmt::group_label(f.group));
    }
    let mut notes = Vec::new();
    if !f.parts.is_empty() {
        let parts: Vec<String> = f
            .parts
            .iter()
            .map(|(g, q)| format!("{} {}", fmt::quantity(q), fmt::group_label(*g)))
            .collect();
        notes.push(parts.join(", "));
    }
    if let Some(a) = f.attribution.as_ref().filter(|a| !a.trim().is_empty()) {
        notes.push(format!("according to {}", a.trim()));
    }
    Value {
        html: String::new(),
        text,
        note: if notes.is_empty() {
            None
        } else {
            Some(notes.join("; "))
        },
        cites: c.views(&[(article.to_string(), f.sentence)]),
        href: None,
    }
}

fn estimate_view(c: &Citer, inc: &Incident, kind: CasualtyKind, e: Estimate) -> EstimateView {
    // A figure no source states as such (a sum of parts given in separate sentences, an
    // analyst's override) cites every sentence stating a figure of that kind, marked derived.
    let all: Vec<Cite> = inc
        .reports
        .iter()
        .flat_map(|r| {
            r.mention
                .figures
                .iter()
                .filter(|f| f.kind == kind)
                .map(|f| (r.article.clone(), f.sentence))
        })
        .collect();
    let v = |n: u32| {
        let direct = citations::cites_for_total(inc, kind, n);
        let mut value = c.value(
            fmt::int(u64::from(n)),
            if direct.is_empty() { &all } else { &direct },
        );
        if direct.is_empty() && !value.cites.is_empty() {
            value.note = Some("derived".into());
        }
        value
    };
    let field = match kind {
        CasualtyKind::Killed => "fatalities",
        CasualtyKind::Wounded => "wounded",
    };
    let extracted = extracted(inc, field).map(str::to_string);
    let analyst = extracted.is_some();
    let mut view = EstimateView {
        low: v(e.low),
        best: v(e.best),
        high: v(e.high),
        disputed: e.low != e.high,
        analyst,
        extracted,
    };
    if analyst {
        // An analyst's figure is cited only where a source states that very number.
        for value in [&mut view.low, &mut view.best, &mut view.high] {
            if value.note.as_deref() == Some("derived") {
                value.cites.clear();
                value.note = None;
            }
        }
    }
    view
}

/// `Zantiguila (Koulikoro, Mali)`, `70 km from Bamako (…)`.
fn place_text(pv: &crate::model::PlaceValue) -> String {
    let mut text = pv.name.clone();
    let mut within = Vec::new();
    if let Some(a) = pv.admin1.as_ref().filter(|a| **a != pv.name) {
        within.push(a.clone());
    }
    if let Some(cc) = &pv.country {
        within.push(fmt::country_name(cc));
    }
    if !within.is_empty() {
        text = format!("{text} ({})", within.join(", "));
    }
    text
}

/// Build the incident page: fact sheet, figures, who reported what, evidence, references.
pub fn incident_page(inc: &Incident, ev: &Evidence, articles: &ArticleMap) -> IncidentPage {
    let c = Citer {
        articles,
        evidence: ev,
    };
    let mut facts = Vec::new();

    let date_cites: Vec<Cite> = match (&inc.date, &inc.date_source) {
        (Some(d), Some(a)) => vec![(a.clone(), d.sentence)],
        _ => Vec::new(),
    };
    let date_values = inc
        .date
        .as_ref()
        .map(|d| {
            let mut v = c.value(fmt::date_value_long(&d.value), &date_cites);
            v.note = Some(format!("precision: {}", d.value.precision.as_str()));
            vec![v]
        })
        .unwrap_or_default();
    let mut date_fact = Fact::new("Date", date_values);
    date_fact.conflicts = conflicts::date_conflict(inc)
        .into_iter()
        .map(|st| Value {
            html: String::new(),
            text: fmt::date_value_long(&st.value),
            note: Some(publisher(
                articles.get(st.article.as_str()).copied(),
                &st.article,
            )),
            cites: c.views(&[(st.article.clone(), st.sentence)]),
            href: None,
        })
        .collect();
    facts.push(date_fact);

    let place_cites: Vec<Cite> = match (&inc.place, &inc.place_source) {
        (Some(p), Some(a)) => vec![(a.clone(), p.sentence)],
        _ => Vec::new(),
    };
    let mut place_values = Vec::new();
    if let Some(p) = &inc.place {
        let pv = &p.value;
        let text = place_text(pv);
        let mut notes = vec![format!(
            "geo precision {}: {}",
            pv.geo_precision,
            fmt::geo_precision(pv.geo_precision)
        )];
        if let (Some(lat), Some(lon)) = (pv.lat, pv.lon)
            && lat.is_finite()
            && lon.is_finite()
        {
            notes.push(format!("{lat:.3}, {lon:.3}"));
        }
        if !pv.phrase.trim().is_empty() {
            notes.push(format!("“{}”", pv.phrase.trim()));
        }
        place_values.push(Value {
            html: String::new(),
            text,
            note: Some(notes.join(" · ")),
            cites: c.views(&place_cites),
            href: None,
        });
    }
    let mut place_fact = Fact::new("Location", place_values);
    place_fact.conflicts = conflicts::place_conflict(inc)
        .into_iter()
        .map(|st| {
            let mut text = place_text(&st.value);
            if let Some(d) = st.value.distance_km {
                text = format!("{d:.0} km from {text}");
            }
            let mut note = publisher(articles.get(st.article.as_str()).copied(), &st.article);
            if !st.value.phrase.trim().is_empty() {
                note = format!("{note}: “{}”", st.value.phrase.trim());
            }
            Value {
                html: String::new(),
                text,
                note: Some(note),
                cites: c.views(&[(st.article.clone(), st.sentence)]),
                href: None,
            }
        })
        .collect();
    facts.push(place_fact);

    let text_fact = |label: &str, field: &str, values: &[String]| {
        Fact::new(
            label,
            values
                .iter()
                .map(|v| c.value(v.clone(), &citations::cites_for_text(inc, field, v)))
                .collect(),
        )
    };
    let event: Vec<String> = inc.event_type.iter().cloned().collect();
    let sub: Vec<String> = inc.sub_event_type.iter().cloned().collect();
    facts.push(text_fact("Event type", "event_type", &event));
    facts.push(text_fact("Sub-event type", "sub_event_type", &sub));
    facts.push(text_fact("Perpetrators", "perpetrators", &inc.perpetrators));
    facts.push(text_fact("Claimed by", "claimed_by", &inc.claimed_by));
    facts.push(text_fact("Targets", "targets", &inc.targets));

    let fatalities = inc
        .fatalities
        .map(|e| estimate_view(&c, inc, CasualtyKind::Killed, e));
    let wounded = inc
        .wounded
        .map(|e| estimate_view(&c, inc, CasualtyKind::Wounded, e));
    let mut groups: Vec<(Group, u32)> = inc.fatality_groups.clone();
    groups.sort_by_key(|(g, _)| *g);
    groups.dedup_by_key(|(g, _)| *g);
    let fatality_groups = groups
        .iter()
        .map(|(g, n)| GroupView {
            label: fmt::group_heading(*g).to_string(),
            value: c.value(
                fmt::int(u64::from(*n)),
                &citations::cites_for_group(inc, CasualtyKind::Killed, *g, *n),
            ),
        })
        .collect();

    let mut reports = Vec::new();
    let mut evidence_groups: Vec<EvidenceGroup> = Vec::new();
    let mut references = Vec::new();
    let mut seen_articles = BTreeSet::new();
    for r in &inc.reports {
        let art = articles.get(r.article.as_str()).copied();
        // In text order, so the row reads like the article.
        let figs = |kind| {
            let mut list: Vec<&Figure> = r
                .mention
                .figures
                .iter()
                .filter(|f| f.kind == kind)
                .collect();
            list.sort_by_key(|f| f.sentence);
            list.into_iter()
                .map(|f| figure_value(&c, &r.article, f))
                .collect::<Vec<_>>()
        };
        reports.push(ReportRow {
            publisher: publisher(art, &r.article),
            title: art.map(|a| a.meta.title.clone()).unwrap_or_default(),
            href: routes::source_href(&r.article),
            published: art
                .and_then(|a| a.meta.published)
                .map(fmt::date_short)
                .unwrap_or_else(|| "Undated".into()),
            published_iso: art
                .and_then(|a| a.meta.published)
                .map(fmt::iso)
                .unwrap_or_default(),
            headline: r.mention.headline,
            killed: figs(CasualtyKind::Killed),
            wounded: figs(CasualtyKind::Wounded),
        });
    }
    for e in &ev.entries {
        let art = articles.get(e.article).copied();
        if evidence_groups
            .last()
            .is_none_or(|g| g.href != routes::source_href(e.article))
        {
            evidence_groups.push(EvidenceGroup {
                publisher: publisher(art, e.article),
                title: art.map(|a| a.meta.title.clone()).unwrap_or_default(),
                published: art
                    .and_then(|a| a.meta.published)
                    .map(fmt::date_long)
                    .unwrap_or_else(|| "Undated".into()),
                href: routes::source_href(e.article),
                items: Vec::new(),
            });
        }
        if let Some(g) = evidence_groups.last_mut() {
            g.items.push(EvidenceItem {
                n: e.n,
                href: art
                    .filter(|a| has_sentence(a, e.sentence))
                    .map(|_| routes::sentence_href(e.article, e.sentence)),
                sentence: e.sentence,
                text: art
                    .map(|a| sentence_text(a, e.sentence).to_string())
                    .unwrap_or_default(),
                fields: e.fields.iter().map(|f| f.replace('_', " ")).collect(),
            });
        }
        if seen_articles.insert(e.article.to_string())
            && let Some(a) = art
        {
            references.push(reference(a, Vec::new()));
        }
    }
    for r in &inc.reports {
        if seen_articles.insert(r.article.clone())
            && let Some(a) = articles.get(r.article.as_str())
        {
            references.push(reference(a, Vec::new()));
        }
    }

    for f in &mut facts {
        let field = [
            "date",
            "place",
            "event_type",
            "sub_event_type",
            "perpetrators",
            "claimed_by",
            "targets",
        ]
        .into_iter()
        .find(|field| field_label(field) == f.label);
        if let Some(e) = field.and_then(|field| extracted(inc, field)) {
            f.analyst = true;
            f.extracted = Some(e.to_string());
        }
    }
    // An analyst's value has no source sentence; only extracted values count as uncited.
    let uncited = facts
        .iter()
        .filter(|f| !f.analyst)
        .flat_map(|f| &f.values)
        .filter(|v| v.cites.is_empty())
        .count();
    let note = inc
        .note
        .as_deref()
        .map(|n| {
            n.split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    IncidentPage {
        item: incident_item(inc),
        facts,
        fatalities,
        fatality_groups,
        wounded,
        reports,
        evidence: evidence_groups,
        references,
        uncited,
        note,
        merged_from: inc.merged_from.clone(),
        overridden: inc
            .overrides
            .iter()
            .map(|(f, _)| field_label(f).to_string())
            .collect(),
        title_extracted: extracted(inc, "title").map(str::to_string),
        summary_extracted: extracted(inc, "summary").map(str::to_string),
    }
}

// ---------------------------------------------------------------- source page

/// The article text as HTML: paragraphs of sentences, each `<span id="sN">` (classed only
/// when cited or boilerplate) with its number as a link to itself (named "Sentence N" for
/// screen readers), its text, and links back to the incidents citing it (relative to
/// `root`). The stylesheet finds sentences and number links by the id, not by classes.
///
/// Written here rather than by a template loop: a source page is mostly this markup, one
/// run per sentence, and Tera spent more on it than on the rest of the page.
pub fn source_text_html(
    a: &Article,
    cited: Option<&BTreeMap<usize, BTreeSet<IncidentLink>>>,
    root: &str,
) -> String {
    use super::templates::escape_into as esc;
    let text = a.text.as_str();
    // Paragraph spans from the model, or the whole text as one paragraph.
    let spans: Vec<(usize, usize)> = if a.paragraphs.is_empty() {
        vec![(0, text.len())]
    } else {
        a.paragraphs.iter().map(|p| (p.start(), p.end())).collect()
    };
    let mut out = String::with_capacity(text.len() * 2);
    let mut para = String::new();
    for (pi, (pstart, pend)) in spans.iter().copied().enumerate() {
        let mut cursor = pstart;
        para.clear();
        let mut first = true;
        for s in a
            .sentences
            .iter()
            .filter(|s| s.paragraph as usize == pi || a.paragraphs.is_empty())
        {
            let Some(body) = text.get(s.span.range()) else {
                continue;
            };
            if !first {
                para.push(' ');
            }
            first = false;
            if s.span.start() > cursor {
                let lead = text.get(cursor..s.span.start()).unwrap_or("").trim();
                if !lead.is_empty() {
                    esc(&mut para, lead);
                    para.push(' ');
                }
            }
            cursor = cursor.max(s.span.end());
            let by = cited
                .and_then(|m| m.get(&(s.number as usize)))
                .filter(|b| !b.is_empty());
            let n = s.number.to_string();
            para.push_str("<span id=\"s");
            para.push_str(&n);
            para.push('"');
            // No class for a plain sentence: its `id` marks it (see `.article-text span[id]`).
            match (by.is_some(), s.boilerplate) {
                (true, true) => para.push_str(" class=\"cited boilerplate\""),
                (true, false) => para.push_str(" class=\"cited\""),
                (false, true) => para.push_str(" class=\"boilerplate\""),
                (false, false) => {}
            }
            para.push_str("><a href=\"#s");
            para.push_str(&n);
            para.push_str("\" aria-label=\"Sentence ");
            para.push_str(&n);
            para.push_str("\">");
            para.push_str(&n);
            para.push_str("</a>");
            esc(&mut para, body);
            if let Some(by) = by {
                para.push_str("<span class=\"backlinks\">");
                for l in by {
                    para.push_str("<a href=\"");
                    esc(&mut para, root);
                    esc(&mut para, &l.href);
                    para.push_str("\" title=\"");
                    esc(&mut para, &l.title);
                    para.push_str("\">↩ ");
                    esc(&mut para, &l.date);
                    para.push_str("</a>");
                }
                para.push_str("</span>");
            }
            para.push_str("</span>");
        }
        let tail = if pend > cursor {
            text.get(cursor..pend).unwrap_or("").trim()
        } else {
            ""
        };
        if first && tail.is_empty() {
            continue;
        }
        out.push_str("<p>");
        out.push_str(&para);
        if !tail.is_empty() {
            out.push(' ');
            esc(&mut out, tail);
        }
        out.push_str("</p>\n");
    }
    out
}

// ---------------------------------------------------------------- overview

#[derive(Serialize, Clone, Debug)]
pub struct Bar {
    /// Centre, for the value label.
    pub cx: f64,
    /// Baseline of the value label above the bar.
    pub ty: f64,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub value: String,
    pub title: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct Panel {
    pub label: String,
    pub label_y: f64,
    pub top: f64,
    pub baseline: f64,
    pub max: String,
    pub bars: Vec<Bar>,
}

#[derive(Serialize, Clone, Debug)]
pub struct Tick {
    pub x: f64,
    pub text: String,
    pub major: bool,
}

/// An inline SVG bar chart (geometry computed here, drawn by the template).
#[derive(Serialize, Clone, Debug)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    /// Right end of the plot area.
    pub x_end: f64,
    /// Baseline of the tick labels.
    pub tick_y: f64,
    pub unit: String,
    pub panels: Vec<Panel>,
    pub ticks: Vec<Tick>,
    /// Print the value above each bar (only when bars are wide enough).
    pub show_values: bool,
    pub summary: String,
}

/// Incidents and fatalities (best estimate) per month from the first dated incident to the
/// last, empty months included; per year when the period exceeds six years.
/// `width` is in SVG user units: the overview draws a wide chart for screens and paper and
/// a narrow one for phones, so that labels stay legible at both sizes.
pub fn chart(incidents: &[&Incident], width: f64) -> Option<Chart> {
    let dated: Vec<(NaiveDate, u32)> = incidents
        .iter()
        .filter_map(|i| {
            i.date
                .as_ref()
                .map(|d| (d.value.date, i.fatalities.map(|e| e.best).unwrap_or(0)))
        })
        .collect();
    let first = dated.iter().map(|d| d.0).min()?;
    let last = dated.iter().map(|d| d.0).max()?;
    let months = (last.year() - first.year()) * 12 + last.month() as i32 - first.month() as i32 + 1;
    let by_year = months > 72;
    let key = |d: NaiveDate| {
        if by_year {
            (d.year(), 1)
        } else {
            (d.year(), d.month())
        }
    };
    let mut buckets: BTreeMap<(i32, u32), (u32, u32)> = BTreeMap::new();
    let (mut y, mut m) = key(first);
    let end = key(last);
    while (y, m) <= end {
        buckets.insert((y, m), (0, 0));
        if by_year || m == 12 {
            y += 1;
            m = 1;
        } else {
            m += 1;
        }
    }
    for (d, k) in &dated {
        if let Some(b) = buckets.get_mut(&key(*d)) {
            b.0 += 1;
            b.1 = b.1.saturating_add(*k);
        }
    }
    let n = buckets.len().max(1) as f64;
    let (left, right) = (44.0, 8.0);
    let step = (width - left - right) / n;
    let bar_w = (step * 0.72).max(1.0);
    let panel_h = 96.0;
    let label = |(y, m): (i32, u32)| {
        if by_year {
            y.to_string()
        } else {
            fmt::month_long(y, m)
        }
    };
    let mut panels = Vec::new();
    type Series = (&'static str, &'static str, fn(&(u32, u32)) -> u32);
    let series: [Series; 2] = [
        ("Incidents", "incident", |b| b.0),
        ("Fatalities (best estimate)", "killed", |b| b.1),
    ];
    for (pi, (title, noun, get)) in series.iter().enumerate() {
        let top = 24.0 + pi as f64 * (panel_h + 40.0);
        let baseline = top + panel_h;
        let max = buckets.values().map(get).max().unwrap_or(0).max(1);
        let bars = buckets
            .iter()
            .enumerate()
            .map(|(i, (k, b))| {
                let v = get(b);
                let h = if v == 0 {
                    0.0
                } else {
                    (f64::from(v) / f64::from(max) * panel_h).max(1.5)
                };
                let plural = if *noun == "incident" && v != 1 {
                    "s"
                } else {
                    ""
                };
                let x = left + i as f64 * step + (step - bar_w) / 2.0;
                Bar {
                    cx: round1(x + bar_w / 2.0),
                    ty: round1(baseline - h - 3.0),
                    x: round1(x),
                    y: round1(baseline - h),
                    w: round1(bar_w),
                    h: round1(h),
                    value: if v == 0 {
                        String::new()
                    } else {
                        fmt::int(u64::from(v))
                    },
                    title: format!("{}: {} {noun}{plural}", label(*k), fmt::int(u64::from(v))),
                }
            })
            .collect();
        panels.push(Panel {
            label: title.to_string(),
            label_y: top - 8.0,
            top,
            baseline,
            max: fmt::int(u64::from(max)),
            bars,
        });
    }
    // Label January (with its year) and the first bar, then every `every` months, dropping
    // any label that would overlap the one before (a January label wins over its neighbour).
    let every = if by_year {
        1
    } else if n > 36.0 {
        12
    } else if n > 12.0 {
        3
    } else {
        1
    };
    let min_gap = 56.0;
    let mut ticks: Vec<Tick> = Vec::new();
    for (i, (y, m)) in buckets.keys().enumerate() {
        if !(by_year || i == 0 || (*m - 1) % every == 0) {
            continue;
        }
        let major = by_year || i == 0 || *m == 1;
        let text = if by_year {
            y.to_string()
        } else {
            let fmt_str = if major { "%b %Y" } else { "%b" };
            NaiveDate::from_ymd_opt(*y, *m, 1)
                .map(|d| d.format(fmt_str).to_string())
                .unwrap_or_default()
        };
        let tick = Tick {
            x: round1(left + i as f64 * step + step / 2.0),
            text,
            major,
        };
        match ticks.last() {
            Some(prev) if tick.x - prev.x < min_gap => {
                if tick.major && !prev.major {
                    ticks.pop();
                    ticks.push(tick);
                }
            }
            _ => ticks.push(tick),
        }
    }
    let height = 24.0 + 2.0 * panel_h + 40.0 + 28.0;
    let unit = if by_year { "year" } else { "month" };
    let summary = format!(
        "Bar charts of incidents and fatalities per {unit}, {} to {}.",
        label(key(first)),
        label(key(last))
    );
    let tick_y = 24.0 + 2.0 * panel_h + 40.0 + 16.0;
    let show_values = step >= 26.0;
    Some(Chart {
        width,
        height,
        left,
        right,
        x_end: width - right,
        tick_y,
        unit: unit.into(),
        panels,
        ticks,
        show_values,
        summary,
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[derive(Serialize, Clone, Debug)]
pub struct Totals {
    pub incidents: String,
    pub fatalities_low: String,
    pub fatalities_best: String,
    pub fatalities_high: String,
    pub fatalities_disputed: bool,
    pub wounded: String,
    pub sources: String,
    pub period: String,
}

pub fn totals(incidents: &[&Incident], articles: usize) -> Totals {
    let sum = |f: fn(&Estimate) -> u32, g: fn(&Incident) -> Option<Estimate>| -> u64 {
        incidents
            .iter()
            .filter_map(|i| g(i))
            .map(|e| u64::from(f(&e)))
            .sum()
    };
    let low = sum(|e| e.low, |i| i.fatalities);
    let best = sum(|e| e.best, |i| i.fatalities);
    let high = sum(|e| e.high, |i| i.fatalities);
    let wounded = sum(|e| e.best, |i| i.wounded);
    let dates: Vec<_> = incidents
        .iter()
        .filter_map(|i| i.date.as_ref().map(|d| d.value))
        .collect();
    let period = match (
        dates.iter().map(|d| d.date).min(),
        dates.iter().map(|d| d.last()).max(),
    ) {
        (Some(a), Some(b)) if a == b => fmt::date_long(a),
        (Some(a), Some(b)) => format!("{} – {}", fmt::date_long(a), fmt::date_long(b)),
        _ => "No dated incidents".into(),
    };
    Totals {
        incidents: fmt::int(incidents.len() as u64),
        fatalities_low: fmt::int(low),
        fatalities_best: fmt::int(best),
        fatalities_high: fmt::int(high),
        fatalities_disputed: low != high,
        wounded: fmt::int(wounded),
        sources: fmt::int(articles as u64),
        period,
    }
}

#[derive(Serialize, Clone, Debug)]
pub struct Tally {
    pub name: String,
    pub detail: String,
    pub incidents: usize,
    pub fatalities: String,
    /// The latest incidents (all of them when there is no own page to list them).
    pub links: Vec<IncidentLink>,
    /// Earlier incidents not in `links`: the own page (`href`) lists them.
    pub earlier: usize,
    /// The place's or actor's own page, from the site root.
    pub href: Option<String>,
}

/// How many incident links a row of the overview's places and actors tables shows when the
/// place or actor has its own page. The page lists every incident with its date, title and
/// toll; repeating hundreds of bare dates per row made the overview of a large briefing
/// megabytes of links no reader scans (ten thousand incidents: 1.9 MB, mostly these).
pub const TALLY_LINKS: usize = 10;

fn link(i: &Incident) -> IncidentLink {
    let item = incident_item(i);
    IncidentLink {
        href: item.href,
        title: item.title,
        date: item.date_short,
    }
}

/// Places with their incidents, most incidents first; `href` gives each place's page from
/// one of its incidents.
pub fn places(incidents: &[&Incident], href: &dyn Fn(&Incident) -> Option<String>) -> Vec<Tally> {
    let mut map: BTreeMap<(String, String), (String, Vec<&Incident>)> = BTreeMap::new();
    for i in incidents {
        let Some(p) = &i.place else { continue };
        let country = p
            .value
            .country
            .as_deref()
            .map(fmt::country_name)
            .unwrap_or_default();
        let detail = [p.value.admin1.clone().unwrap_or_default(), country.clone()]
            .into_iter()
            .filter(|s| !s.is_empty() && *s != p.value.name)
            .collect::<Vec<_>>()
            .join(", ");
        map.entry((p.value.name.clone(), country))
            .or_insert_with(|| (detail, Vec::new()))
            .1
            .push(i);
    }
    tallies(
        map.into_iter()
            .map(|((name, _), (detail, v))| {
                let h = v.first().and_then(|i| href(i));
                (name, detail, v, h)
            })
            .collect(),
    )
}

/// Perpetrators and claimants with their incidents, most incidents first; `href` gives an
/// actor's page from its name.
pub fn actors(incidents: &[&Incident], href: &dyn Fn(&str) -> Option<String>) -> Vec<Tally> {
    let mut map: BTreeMap<String, (BTreeSet<&'static str>, Vec<&Incident>)> = BTreeMap::new();
    for i in incidents {
        let mut names: BTreeMap<&str, BTreeSet<&'static str>> = BTreeMap::new();
        for p in &i.perpetrators {
            names.entry(p.as_str()).or_default().insert("perpetrator");
        }
        for p in &i.claimed_by {
            names.entry(p.as_str()).or_default().insert("claimed");
        }
        for (n, roles) in names {
            let e = map.entry(n.to_string()).or_default();
            e.0.extend(roles);
            e.1.push(i);
        }
    }
    tallies(
        map.into_iter()
            .map(|(name, (roles, v))| {
                let h = href(&name);
                (name, roles.into_iter().collect::<Vec<_>>().join(", "), v, h)
            })
            .collect(),
    )
}

fn tallies(rows: Vec<(String, String, Vec<&Incident>, Option<String>)>) -> Vec<Tally> {
    let mut out: Vec<Tally> = rows
        .into_iter()
        .map(|(name, detail, v, href)| {
            let earlier = if href.is_some() {
                v.len().saturating_sub(TALLY_LINKS)
            } else {
                0
            };
            Tally {
                name,
                detail,
                incidents: v.len(),
                fatalities: fmt::int(
                    v.iter()
                        .filter_map(|i| i.fatalities)
                        .map(|e| u64::from(e.best))
                        .sum(),
                ),
                links: v.iter().skip(earlier).map(|i| link(i)).collect(),
                earlier,
                href,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.incidents
            .cmp(&a.incidents)
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

// ---------------------------------------------------------------- chronology

/// A month of the chronology: its incidents come as HTML, rendered one at a time (see
/// [`chronology`]).
#[derive(Serialize, Clone, Debug)]
pub struct MonthGroup {
    pub label: String,
    pub anchor: String,
    pub count: usize,
    /// The month's incidents, each rendered by `row-chronology.html`.
    pub rows: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct YearGroup {
    pub label: String,
    pub anchor: String,
    pub count: usize,
    pub months: Vec<MonthGroup>,
}

/// The year and month headings of an incident: (year label, year anchor, month label,
/// month anchor).
fn chronology_headings(i: &Incident) -> (String, String, String, String) {
    match i.date.as_ref().map(|d| d.value) {
        Some(d) => {
            let (y, m) = (d.date.year(), d.date.month());
            let ml = match d.precision {
                crate::model::DatePrecision::Year => format!("{y}, month not known"),
                _ => fmt::month_long(y, m),
            };
            let ma = month_anchor(Some(d));
            (y.to_string(), format!("y{y}"), ml, ma)
        }
        None => (
            "Undated".into(),
            "undated".into(),
            "Date not stated".into(),
            "undated-m".into(),
        ),
    }
}

/// Incidents grouped by year and month in date order; undated ones in a last group. `rows`
/// renders the incidents of one month (consecutive in `incidents`) as HTML.
pub fn chronology<'i, E>(
    incidents: &'i [&'i Incident],
    mut rows: impl FnMut(&'i [&'i Incident]) -> Result<String, E>,
) -> Result<Vec<YearGroup>, E> {
    let mut years: Vec<YearGroup> = Vec::new();
    let mut start = 0;
    while start < incidents.len() {
        let (ylabel, yanchor, mlabel, manchor) = chronology_headings(incidents[start]);
        let end = start
            + incidents[start..]
                .iter()
                .position(|i| month_anchor(i.date.as_ref().map(|d| d.value)) != manchor)
                .unwrap_or(incidents.len() - start);
        if years.last().is_none_or(|y| y.anchor != yanchor) {
            years.push(YearGroup {
                label: ylabel,
                anchor: yanchor,
                count: 0,
                months: Vec::new(),
            });
        }
        if let Some(year) = years.last_mut() {
            year.count += end - start;
            year.months.push(MonthGroup {
                label: mlabel,
                anchor: manchor,
                count: end - start,
                rows: rows(&incidents[start..end])?,
            });
        }
        start = end;
    }
    Ok(years)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `CitedBy` makes each incident's link and cited sentences without the item and the
    /// numbered evidence: they must say the same.
    #[test]
    fn cited_by_agrees_with_items_and_evidence() {
        let dir = tempfile::tempdir().unwrap();
        let options = crate::corpus_gen::GenOptions {
            articles: 60,
            seed: 3,
        };
        crate::corpus_gen::generate(dir.path(), &options).unwrap();
        let analysed = crate::build::analyse(dir.path()).unwrap();
        let incidents = sorted_incidents(&analysed.incidents);
        assert!(incidents.len() > 30, "{}", incidents.len());
        let cited_by = CitedBy::build(&incidents);
        let mut want = Vec::new();
        for (n, inc) in incidents.iter().enumerate() {
            let item = incident_item(inc);
            let link = IncidentLink {
                href: item.href,
                title: item.title,
                date: item.date_short,
            };
            assert_eq!(cited_by.links[n], link);
            for e in Evidence::for_incident(inc).entries {
                want.push((e.article, e.sentence as u32, n as u32));
            }
        }
        want.sort_unstable();
        assert_eq!(cited_by.cites, want);
        assert!(!want.is_empty());
    }

    /// `Value::html` is the `value` macro of `macros.html` (which the print document still
    /// uses) written in Rust: both must give the same bytes.
    #[test]
    fn value_html_is_the_value_macro() {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(super::super::templates::escape_html);
        tera.add_raw_templates(vec![
            ("macros.html", include_str!("../../templates/macros.html")),
            (
                "t.html",
                r#"{% import "macros.html" as m %}{{ m::value(v=v, root=root) }}"#,
            ),
        ])
        .unwrap();
        let cite = |n, href: Option<&str>, title: &str| CiteView {
            n,
            href: href.map(str::to_string),
            title: title.into(),
        };
        let values = [
            Value {
                text: "Bamako".into(),
                ..Default::default()
            },
            Value {
                text: "Ségou & <Mopti>".into(),
                note: Some("“about” 'forty'".into()),
                href: Some("places/mali/segou.html".into()),
                cites: vec![
                    cite(1, Some("sources/a.html#s3"), "VOA \"News\", sentence 3"),
                    cite(2, None, "Unknown, sentence 9"),
                    cite(12, Some(""), "Empty href"),
                ],
                ..Default::default()
            },
            Value {
                text: "7".into(),
                note: Some(String::new()),
                href: Some(String::new()),
                cites: vec![cite(3, Some("sources/b.html#s1"), "AFP, sentence 1")],
                ..Default::default()
            },
        ];
        for root in ["", "../"] {
            for v in &values {
                let mut ctx = tera::Context::new();
                ctx.insert("v", v);
                ctx.insert("root", root);
                let by_macro = tera.render("t.html", &ctx).unwrap();
                let mut v = v.clone();
                v.write_html(root);
                assert_eq!(v.html, by_macro);
            }
        }
    }

    /// Months are the runs of incidents with the same month; each is handed to `rows` once,
    /// in order, and a year counts the incidents of its months.
    #[test]
    fn chronology_hands_each_month_to_rows_once() {
        use crate::model::{Cited, DatePrecision, DateValue};
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let incident = |id: &str, date: Option<DateValue>| Incident {
            id: id.into(),
            date: date.map(|value| Cited { value, sentence: 1 }),
            ..Incident::default()
        };
        let incidents = [
            incident("a", Some(DateValue::day(day(2022, 7, 14)))),
            incident("b", Some(DateValue::day(day(2022, 7, 30)))),
            incident("c", Some(DateValue::day(day(2022, 9, 1)))),
            incident(
                "d",
                Some(DateValue {
                    date: day(2022, 1, 1),
                    end: Some(day(2022, 12, 31)),
                    precision: DatePrecision::Year,
                }),
            ),
            incident("e", Some(DateValue::day(day(2023, 1, 5)))),
            incident("f", None),
            incident("g", None),
        ];
        let refs: Vec<&Incident> = incidents.iter().collect();
        let mut calls = Vec::new();
        let years = chronology(&refs, |month| {
            let ids: Vec<&str> = month.iter().map(|i| i.id.as_str()).collect();
            calls.push(ids.join(""));
            Ok::<_, ()>(format!("<{}>", ids.join("")))
        })
        .expect("no error");
        assert_eq!(calls, ["ab", "c", "d", "e", "fg"]);
        let shape: Vec<(&str, usize, Vec<(&str, usize, &str)>)> = years
            .iter()
            .map(|y| {
                (
                    y.label.as_str(),
                    y.count,
                    y.months
                        .iter()
                        .map(|m| (m.anchor.as_str(), m.count, m.rows.as_str()))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                (
                    "2022",
                    4,
                    vec![
                        ("m2022-07", 2, "<ab>"),
                        ("m2022-09", 1, "<c>"),
                        ("y2022-unknown", 1, "<d>")
                    ]
                ),
                ("2023", 1, vec![("m2023-01", 1, "<e>")]),
                ("Undated", 2, vec![("undated-m", 2, "<fg>")]),
            ]
        );
        // The first error stops it.
        let failed = chronology(&refs, |month| match month[0].id.as_str() {
            "c" => Err("row failed"),
            _ => Ok(String::new()),
        });
        assert_eq!(failed.err(), Some("row failed"));
    }
}
