//! The data that flows through the pipeline: `Article` (load) → `Mention` (extract)
//! → `Incident` (consolidate). Every extracted value carries the sentence it came from,
//! so the site can cite it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// Front matter of an article, as the analyst (or the collector) wrote it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Hash)]
pub struct ArticleMeta {
    pub title: String,
    /// Publication date; resolves relative dates such as "on Thursday night".
    pub published: Option<NaiveDate>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// Syndicating outlet or agency ("AFP", "News agencies").
    pub via: Option<String>,
    /// ISO 639-1 code; selects the extraction lexicon. `None` means English.
    pub language: Option<String>,
}

/// A byte range `start..end` in an article's plain text.
///
/// Offsets are `u32`: an article file is at most a few megabytes (`content::MAX_FILE_BYTES`),
/// and a build keeps a span for every sentence and paragraph of every article (millions at
/// 100,000 articles), so their size is a build's memory.
#[derive(Debug, Clone, Copy, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// The span `start..end`; offsets beyond `u32` (never in an article) are clamped.
    pub fn new(start: usize, end: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: clamp(start),
            end: clamp(end),
        }
    }

    pub fn start(self) -> usize {
        self.start as usize
    }

    pub fn end(self) -> usize {
        self.end as usize
    }

    /// The byte range, to slice the text with.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }
}

/// One sentence of an article's plain text: 20 bytes, as a build keeps one for every
/// sentence of every article.
#[derive(Debug, Clone, PartialEq, Hash, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// 1-based number, stable for a given text: the anchor on the source page is `#s{number}`.
    pub number: u32,
    pub span: Span,
    /// 0-based paragraph index the sentence belongs to.
    pub paragraph: u32,
    /// A web-page leftover ("Read also: …", "Post Comment"): shown greyed, never used as evidence.
    pub boilerplate: bool,
}

/// A loaded article: front matter plus the body reduced to plain text with sentence spans.
#[derive(Debug, Clone, PartialEq, Hash, Serialize, Deserialize)]
pub struct Article {
    /// File name without extension; unique across `content/articles/`.
    pub id: String,
    /// Path relative to the site root, for messages.
    pub path: PathBuf,
    pub meta: ArticleMeta,
    /// Plain text of the body; paragraphs are separated by "\n\n".
    pub text: String,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    /// Non-fatal problems found while loading (e.g. undated `.txt`).
    pub warnings: Vec<String>,
}

impl Article {
    pub fn sentence_text(&self, number: usize) -> &str {
        match number.checked_sub(1).and_then(|i| self.sentences.get(i)) {
            Some(s) => self.text.get(s.span.range()).unwrap_or(""),
            None => "",
        }
    }
}

/// How precisely a date is known (ACLED time precision).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// A resolved date. For a month, `date` is the first day and `end` the last; for a week,
/// the range it covers; for a day, `end` is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DateValue {
    pub date: NaiveDate,
    pub end: Option<NaiveDate>,
    pub precision: DatePrecision,
}

impl DateValue {
    pub fn day(date: NaiveDate) -> Self {
        DateValue {
            date,
            end: None,
            precision: DatePrecision::Day,
        }
    }
    /// Last day the value can mean.
    pub fn last(&self) -> NaiveDate {
        self.end.unwrap_or(self.date)
    }
    /// Whether two dates can be the same day given their precision.
    pub fn overlaps(&self, other: &DateValue) -> bool {
        self.date <= other.last() && other.date <= self.last()
    }
    /// `2022-07-14`, `2022-07` for a month, `2022` for a year.
    pub fn display_key(&self) -> String {
        match self.precision {
            DatePrecision::Day | DatePrecision::Week => self.date.format("%Y-%m-%d").to_string(),
            DatePrecision::Month => self.date.format("%Y-%m").to_string(),
            DatePrecision::Year => self.date.format("%Y").to_string(),
        }
    }
}

/// A place as resolved against the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceValue {
    /// Canonical gazetteer name ("Zantiguila", "Ségou").
    pub name: String,
    pub admin1: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// 1 = the named town, 2 = near a town ("70 km from Bamako"), 3 = region only.
    pub geo_precision: u8,
    /// Stated distance from the named place ("70 km from Bamako"), for precision 2.
    #[serde(default)]
    pub distance_km: Option<f64>,
    /// The words of the article that named it ("about 70km from the capital").
    pub phrase: String,
}

/// By the bits of its coordinates and distance, so that an incident has a `Hash` (a page's
/// fingerprint, `site::fingerprint::hashed`): equal values hash equally. Destructured whole,
/// so that a new field cannot be left out.
impl std::hash::Hash for PlaceValue {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let PlaceValue {
            name,
            admin1,
            country,
            lat,
            lon,
            geo_precision,
            distance_km,
            phrase,
        } = self;
        name.hash(state);
        admin1.hash(state);
        country.hash(state);
        for float in [lat, lon, distance_km] {
            float.map(f64::to_bits).hash(state);
        }
        geo_precision.hash(state);
        phrase.hash(state);
    }
}

/// Which side the dead or wounded were on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Civilians,
    SecurityForces,
    /// Foreign forces fighting with the government (Russian mercenaries, Wagner, Africa Corps).
    ForeignForces,
    Assailants,
    /// Not said ("six people").
    Unspecified,
}

/// How a stated number is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    /// "at least", "more than", "over"
    AtLeast,
    /// "about", "around", "approximately", "some", "nearly"
    About,
    /// "up to", "as many as"
    AtMost,
    /// "between 40 and 50", "dozens"
    Range,
}

/// A number as stated in text: `low..=high` with how it was qualified.
/// "at least 15" is 15..=15 AtLeast (the figure stated is 15); "between 40 and 50" is 40..=50.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quantity {
    pub low: u32,
    pub high: u32,
    pub qualifier: Qualifier,
}

impl Quantity {
    pub fn exact(n: u32) -> Self {
        Quantity {
            low: n,
            high: n,
            qualifier: Qualifier::Exact,
        }
    }
}

/// Killed or wounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CasualtyKind {
    Killed,
    Wounded,
}

/// How a figure relates to the other figures of the same report (one article's mention).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureRole {
    /// A toll in its own right: tolls of one kind are alternative statements, and the best
    /// estimate is the most conservative of them.
    #[default]
    Toll,
    /// An addition to the figure stated before it in the report ("three others died later",
    /// "two more soldiers succumbed to their wounds"): added to it, not compared with it.
    Additional,
    /// Only part of a toll or only its lower bound ("12 of the faithful dead at the scene",
    /// "56 children were killed", "dozens of soldiers"): a toll of the same kind in the same
    /// report that is at least as large already includes it.
    Partial,
}

/// One casualty figure stated in one sentence: "three civilians and three law enforcement
/// officers dead" gives a total of 6 with parts civilians 3, security forces 3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hash)]
pub struct Figure {
    pub kind: CasualtyKind,
    /// The whole figure stated (sum of parts where the sentence lists parts).
    pub total: Quantity,
    /// The stated split, where the sentence gives one.
    pub parts: Vec<(Group, Quantity)>,
    /// Group of the whole figure when it is of one side ("six dead soldiers").
    pub group: Group,
    /// Who the article says gave this figure ("security source", "the army"), if it says.
    pub attribution: Option<String>,
    pub sentence: usize,
    /// How this figure combines with the others of its report.
    #[serde(default)]
    pub role: FigureRole,
}

/// A value with the sentence it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hash)]
pub struct Cited<T> {
    pub value: T,
    /// 1-based sentence number in the mention's article.
    pub sentence: usize,
}

/// An armed actor or a target named by the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Actor {
    /// Canonical name ("JNIM", "Katiba Macina", "Unidentified armed group").
    pub name: String,
}

/// One incident as one article reports it: the output of extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Hash)]
pub struct Mention {
    pub article: String,
    /// True for the incident the article is about; false for background mentions.
    pub headline: bool,
    pub date: Option<Cited<DateValue>>,
    pub place: Option<Cited<PlaceValue>>,
    pub event_type: Option<Cited<String>>,
    pub sub_event_type: Option<Cited<String>>,
    pub perpetrators: Vec<Cited<String>>,
    pub claimed_by: Vec<Cited<String>>,
    pub targets: Vec<Cited<String>>,
    pub figures: Vec<Figure>,
    /// Sentences that describe the incident (first one is the lead), for the summary.
    pub sentences: Vec<usize>,
}

impl Mention {
    /// Give back the spare room of its lists.
    pub fn shrink_to_fit(&mut self) {
        for list in [
            &mut self.perpetrators,
            &mut self.claimed_by,
            &mut self.targets,
        ] {
            list.shrink_to_fit();
        }
        for f in &mut self.figures {
            f.parts.shrink_to_fit();
        }
        self.figures.shrink_to_fit();
        self.sentences.shrink_to_fit();
    }
}

/// Low / best / high per ACLED and UCDP: best is the most conservative figure stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub struct Estimate {
    pub low: u32,
    pub best: u32,
    pub high: u32,
}

/// What one source said about an incident.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct SourceReport {
    pub article: String,
    /// Shared with the article's list of mentions that `briefing serve` keeps for its next
    /// build (`build::Memory`), and with the extraction cache's writer: a mention is made
    /// once and never copied (copying every mention for the memory took 20 of the 230 ms
    /// from saving an article to seeing it at 10,000 articles, issue 8).
    pub mention: Arc<Mention>,
}

/// An incident after consolidation across sources.
#[derive(Debug, Clone, PartialEq, Default, Hash)]
pub struct Incident {
    /// `<date>-<place-slug>` plus a suffix on collision; stable across builds.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub date: Option<Cited<DateValue>>,
    /// Article the date came from.
    pub date_source: Option<String>,
    pub place: Option<Cited<PlaceValue>>,
    pub place_source: Option<String>,
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    pub perpetrators: Vec<String>,
    pub claimed_by: Vec<String>,
    pub targets: Vec<String>,
    pub fatalities: Option<Estimate>,
    /// Best estimate per group (deaths); `None` where no source states the group.
    pub fatality_groups: Vec<(Group, u32)>,
    pub wounded: Option<Estimate>,
    /// One entry per reporting article, sorted by published date then article id. After an
    /// analyst's `merge_into`, an article may report twice (two mentions folded together).
    pub reports: Vec<SourceReport>,
    /// Fields an analyst replaced (`content/incidents/<id>.md`), each with the value extraction
    /// had found, human readable ("6–8", "not stated"), so the page can show both.
    pub overrides: Vec<(String, String)>,
    /// The analyst's note (the override file's Markdown body) as plain-text paragraphs
    /// separated by blank lines; untrusted text, escaped when rendered.
    pub note: Option<String>,
    /// Ids of incidents an analyst folded into this one (`merge_into`), sorted.
    pub merged_from: Vec<String>,
}

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

impl PlaceValue {
    fn coords(&self) -> Option<(f64, f64)> {
        Some((self.lat?, self.lon?))
    }

    /// Whether two places can be where one incident happened, given how precisely each is
    /// known. The rule, in order:
    /// 1. different countries never match;
    /// 2. the same name (diacritics and case aside) matches, unless both state distances from
    ///    it that disagree ("70 km from Bamako" is not "15 km from Bamako");
    /// 3. a region (precision 3) matches any place inside it (same admin1) or within 150 km;
    /// 4. a stated distance from an anchor matches a town that lies about that far from the
    ///    anchor (within max(15 km, 35 %)), or another such phrase with a similar distance;
    /// 5. "near X" without a distance matches what lies within 100 km of X;
    /// 6. two named towns match when within 15 km of each other.
    pub fn compatible(&self, other: &PlaceValue) -> bool {
        if let (Some(a), Some(b)) = (&self.country, &other.country) {
            if a != b {
                return false;
            }
        }
        let tol = |d: f64| (d * 0.35).max(15.0);
        let same_name = crate::extract::text::folded_eq(&self.name, &other.name);
        if same_name {
            return match (self.distance_km, other.distance_km) {
                (Some(a), Some(b)) => (a - b).abs() <= tol(a.max(b)),
                _ => true,
            };
        }
        let in_region = |p: &PlaceValue, q: &PlaceValue| {
            p.geo_precision >= 3
                && q.admin1
                    .as_deref()
                    .is_some_and(|a| crate::extract::text::folded_eq(a, &p.name))
        };
        if in_region(self, other) || in_region(other, self) {
            return true;
        }
        let (Some(pa), Some(pb)) = (self.coords(), other.coords()) else {
            return false;
        };
        let d = haversine_km(pa.0, pa.1, pb.0, pb.1);
        let region = |p: &PlaceValue| p.geo_precision >= 3 && p.admin1.is_some() && d <= 150.0;
        if region(self) || region(other) {
            return true;
        }
        if self.geo_precision >= 3 || other.geo_precision >= 3 {
            return false;
        }
        match (
            self.geo_precision,
            self.distance_km,
            other.geo_precision,
            other.distance_km,
        ) {
            (2, Some(da), 2, Some(db)) => d <= 30.0 && (da - db).abs() <= tol(da.max(db)),
            (2, Some(da), _, None) => (d - da).abs() <= tol(da),
            (_, None, 2, Some(db)) => (d - db).abs() <= tol(db),
            (2, None, _, _) | (_, _, 2, None) => d <= 100.0,
            _ => d <= 15.0,
        }
    }
}

#[cfg(test)]
mod place_tests {
    use super::*;
    fn p(name: &str, lat: f64, lon: f64, prec: u8, dist: Option<f64>) -> PlaceValue {
        PlaceValue {
            name: name.into(),
            admin1: Some("Koulikoro".into()),
            country: Some("ML".into()),
            lat: Some(lat),
            lon: Some(lon),
            geo_precision: prec,
            distance_km: dist,
            phrase: name.into(),
        }
    }
    #[test]
    fn compatibility_rule() {
        let bamako = (12.65, -8.0);
        let kati = p("Kati", 12.744, -8.072, 1, None);
        let zantiguila = p("Zantiguila", 12.80, -7.45, 1, None);
        let near_bamako_15 = p("Bamako", bamako.0, bamako.1, 2, Some(15.0));
        let near_bamako_70 = p("Bamako", bamako.0, bamako.1, 2, Some(70.0));
        assert!(near_bamako_15.compatible(&kati));
        assert!(!near_bamako_15.compatible(&zantiguila));
        assert!(near_bamako_70.compatible(&zantiguila));
        assert!(!near_bamako_70.compatible(&near_bamako_15));
        assert!(!kati.compatible(&zantiguila));
        let region = PlaceValue {
            geo_precision: 3,
            ..p("Koulikoro", 13.8, -7.5, 3, None)
        };
        assert!(region.compatible(&kati));
        let mut elsewhere = kati.clone();
        elsewhere.country = Some("BF".into());
        assert!(!elsewhere.compatible(&kati));
    }
}
