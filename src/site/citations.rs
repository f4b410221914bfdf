//! Which sentences support which fact of an incident.
//!
//! Consolidation keeps per-source mentions (`Incident::reports`), each value carrying its
//! sentence. The consolidated values (`Incident::event_type`, `fatalities`, …) mostly do
//! not, so a fact is cited by looking up the reports whose mention states the same value.
//! Every incident page numbers its evidence sentences once (by source, then sentence), and
//! every fact links to those numbers.

use crate::model::{Article, CasualtyKind, Group, Incident, Mention, Quantity};
use std::collections::{BTreeMap, BTreeSet};

/// Evidence fields in the order they are listed (also `evidence[].field` in the JSON).
pub const FIELDS: [&str; 10] = [
    "date",
    "place",
    "event_type",
    "sub_event_type",
    "perpetrators",
    "claimed_by",
    "targets",
    "fatalities",
    "wounded",
    "summary",
];

fn field_rank(f: &str) -> usize {
    FIELDS.iter().position(|x| *x == f).unwrap_or(FIELDS.len())
}

/// A sentence's text, or `""` when the number or its span is invalid (never panics on a
/// span that is out of range or not on a character boundary).
pub fn sentence_text(article: &Article, number: usize) -> &str {
    number
        .checked_sub(1)
        .and_then(|i| article.sentences.get(i))
        .and_then(|s| article.text.get(s.span.range()))
        .map(str::trim)
        .unwrap_or("")
}

/// Whether `number` is a sentence of `article` (so `#s{number}` exists on its page).
pub fn has_sentence(article: &Article, number: usize) -> bool {
    number >= 1 && number <= article.sentences.len()
}

/// The `(field, sentence)` pairs one source's mention gives evidence for.
pub fn mention_evidence(m: &Mention) -> Vec<(&'static str, usize)> {
    let mut out = Vec::new();
    if let Some(d) = &m.date {
        out.push(("date", d.sentence));
    }
    if let Some(p) = &m.place {
        out.push(("place", p.sentence));
    }
    if let Some(e) = &m.event_type {
        out.push(("event_type", e.sentence));
    }
    if let Some(e) = &m.sub_event_type {
        out.push(("sub_event_type", e.sentence));
    }
    out.extend(m.perpetrators.iter().map(|c| ("perpetrators", c.sentence)));
    out.extend(m.claimed_by.iter().map(|c| ("claimed_by", c.sentence)));
    out.extend(m.targets.iter().map(|c| ("targets", c.sentence)));
    for f in &m.figures {
        let field = match f.kind {
            CasualtyKind::Killed => "fatalities",
            CasualtyKind::Wounded => "wounded",
        };
        out.push((field, f.sentence));
    }
    out.extend(m.sentences.iter().map(|s| ("summary", *s)));
    out.retain(|(_, s)| *s >= 1);
    out.sort_by(|a, b| a.1.cmp(&b.1).then(field_rank(a.0).cmp(&field_rank(b.0))));
    out.dedup();
    out
}

/// One numbered evidence sentence of an incident page.
#[derive(Debug, Clone)]
pub struct EvidenceEntry<'a> {
    /// 1-based citation number on the page.
    pub n: usize,
    /// The article's id, borrowed from the incident.
    pub article: &'a str,
    pub sentence: usize,
    /// Fields the sentence supports, in `FIELDS` order.
    pub fields: Vec<&'static str>,
}

/// The numbered evidence of one incident. Made when its page is rendered and dropped with
/// it: kept for every incident at once it was tens of megabytes for thousands of incidents.
#[derive(Debug, Clone, Default)]
pub struct Evidence<'a> {
    pub entries: Vec<EvidenceEntry<'a>>,
}

impl<'a> Evidence<'a> {
    /// Number every evidence sentence: sources in report order (then any article the
    /// consolidated date or place came from), sentences in text order.
    pub fn for_incident(inc: &'a Incident) -> Self {
        let mut order: Vec<&'a str> = Vec::new();
        let mut per_article: BTreeMap<&'a str, BTreeMap<usize, BTreeSet<&'static str>>> =
            BTreeMap::new();
        let mut add = |article: &'a str, field: &'static str, sentence: usize| {
            if sentence == 0 {
                return;
            }
            if !per_article.contains_key(article) {
                order.push(article);
            }
            per_article
                .entry(article)
                .or_default()
                .entry(sentence)
                .or_default()
                .insert(field);
        };
        for r in &inc.reports {
            for (field, s) in mention_evidence(&r.mention) {
                add(&r.article, field, s);
            }
        }
        if let (Some(d), Some(a)) = (&inc.date, &inc.date_source) {
            add(a, "date", d.sentence);
        }
        if let (Some(p), Some(a)) = (&inc.place, &inc.place_source) {
            add(a, "place", p.sentence);
        }
        let mut ev = Evidence::default();
        for article in order {
            let Some(sentences) = per_article.get(article) else {
                continue;
            };
            for (&sentence, fields) in sentences {
                let n = ev.entries.len() + 1;
                let mut fields: Vec<&'static str> = fields.iter().copied().collect();
                fields.sort_by_key(|f| field_rank(f));
                ev.entries.push(EvidenceEntry {
                    n,
                    article,
                    sentence,
                    fields,
                });
            }
        }
        ev
    }

    /// The citation number of a sentence, if it is evidence for this incident. A page has
    /// tens of evidence sentences at most, so a scan beats an index.
    pub fn number(&self, article: &str, sentence: usize) -> Option<usize> {
        self.entries
            .iter()
            .find(|e| e.sentence == sentence && e.article == article)
            .map(|e| e.n)
    }
}

/// A source sentence that supports a value.
pub type Cite = (String, usize);

fn same_text(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

fn push_unique(out: &mut Vec<Cite>, article: &str, sentence: usize) {
    if sentence >= 1 && !out.iter().any(|(a, s)| a == article && *s == sentence) {
        out.push((article.to_string(), sentence));
    }
}

/// Sentences in which a source states a text field (`event_type`, `perpetrators`, …) with
/// this value.
pub fn cites_for_text(inc: &Incident, field: &str, value: &str) -> Vec<Cite> {
    let mut out = Vec::new();
    for r in &inc.reports {
        let m = &r.mention;
        let candidates: Vec<(&str, usize)> = match field {
            "event_type" => m
                .event_type
                .iter()
                .map(|c| (c.value.as_str(), c.sentence))
                .collect(),
            "sub_event_type" => m
                .sub_event_type
                .iter()
                .map(|c| (c.value.as_str(), c.sentence))
                .collect(),
            "perpetrators" => m
                .perpetrators
                .iter()
                .map(|c| (c.value.as_str(), c.sentence))
                .collect(),
            "claimed_by" => m
                .claimed_by
                .iter()
                .map(|c| (c.value.as_str(), c.sentence))
                .collect(),
            "targets" => m
                .targets
                .iter()
                .map(|c| (c.value.as_str(), c.sentence))
                .collect(),
            _ => Vec::new(),
        };
        for (v, s) in candidates {
            if same_text(v, value) {
                push_unique(&mut out, &r.article, s);
            }
        }
    }
    out
}

fn states(q: &Quantity, n: u32) -> bool {
    q.low == n || q.high == n
}

/// Sentences in which a source states a killed or wounded total of `n`.
pub fn cites_for_total(inc: &Incident, kind: CasualtyKind, n: u32) -> Vec<Cite> {
    let mut out = Vec::new();
    for r in &inc.reports {
        for f in r.mention.figures.iter().filter(|f| f.kind == kind) {
            if states(&f.total, n) {
                push_unique(&mut out, &r.article, f.sentence);
            }
        }
    }
    out
}

/// Sentences in which a source states `n` killed (or wounded) of one group, either as a
/// part of a split or as a whole figure of that group.
pub fn cites_for_group(inc: &Incident, kind: CasualtyKind, group: Group, n: u32) -> Vec<Cite> {
    let mut out = Vec::new();
    for r in &inc.reports {
        for f in r.mention.figures.iter().filter(|f| f.kind == kind) {
            let in_parts = f.parts.iter().any(|(g, q)| *g == group && states(q, n));
            let whole = f.group == group && states(&f.total, n);
            if in_parts || whole {
                push_unique(&mut out, &r.article, f.sentence);
            }
        }
    }
    out
}
