//! `data/incidents.json`: the machine-readable contract of the design. Field names and
//! order are fixed by the structs below (serde keeps declaration order); unknown values
//! are `null`, never 0.

use super::citations::{mention_evidence, sentence_text};
use super::exports::{RecordKey, write_records};
use super::{format as fmt, routes};
use crate::model::{Article, Group, Incident};
use crate::output::RecordWrite;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Root<'a> {
    generator: &'a str,
    incidents: Vec<JsonIncident<'a>>,
}

#[derive(Serialize)]
struct JsonIncident<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    summary: &'a str,
    /// First day the date can mean (`YYYY-MM-DD`).
    date: Option<String>,
    /// Last day for a week/month/year precision; `null` for a day.
    date_end: Option<String>,
    date_precision: Option<&'static str>,
    place: Option<JsonPlace<'a>>,
    event_type: Option<&'a str>,
    sub_event_type: Option<&'a str>,
    perpetrators: &'a [String],
    claimed_by: &'a [String],
    targets: &'a [String],
    fatalities: Fatalities,
    wounded: Range,
    sources: Vec<JsonSource<'a>>,
    /// Fields an analyst replaced (`content/incidents/<id>.md`); an addition to the contract.
    overridden: Vec<&'a str>,
    /// The analyst's note as plain text, or `null`.
    analyst_note: Option<&'a str>,
    /// Ids an analyst folded into this incident (`merge_into`).
    merged_from: &'a [String],
}

#[derive(Serialize)]
struct JsonPlace<'a> {
    name: &'a str,
    admin1: Option<&'a str>,
    country: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    geo_precision: u8,
}

#[derive(Serialize)]
struct Range {
    low: Option<u32>,
    best: Option<u32>,
    high: Option<u32>,
}

#[derive(Serialize)]
struct Fatalities {
    low: Option<u32>,
    best: Option<u32>,
    high: Option<u32>,
    groups: Groups,
}

/// The three contract groups, then `foreign_forces` (an allowed extra key).
#[derive(Serialize)]
struct Groups {
    civilians: Option<u32>,
    security_forces: Option<u32>,
    assailants: Option<u32>,
    foreign_forces: Option<u32>,
}

#[derive(Serialize)]
struct JsonSource<'a> {
    article: &'a str,
    publisher: Option<&'a str>,
    published: Option<String>,
    url: Option<&'a str>,
    title: Option<&'a str>,
    evidence: Vec<JsonEvidence<'a>>,
}

#[derive(Serialize)]
struct JsonEvidence<'a> {
    field: &'static str,
    sentence: usize,
    text: &'a str,
}

fn group(inc: &Incident, g: Group) -> Option<u32> {
    inc.fatality_groups
        .iter()
        .find(|(x, _)| *x == g)
        .map(|(_, n)| *n)
}

/// Serialise the incidents (already in page order) as pretty JSON with a trailing newline
/// (`briefing extract --json`; the site's file is [`write_incidents_json`]).
pub fn incidents_json(
    generator: &str,
    incidents: &[&Incident],
    articles: &BTreeMap<&str, &Article>,
) -> Result<Vec<u8>, serde_json::Error> {
    let list = incidents
        .iter()
        .map(|inc| json_incident(inc, articles))
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&Root {
        generator,
        incidents: list,
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Write `data/incidents.json` one incident at a time, one incident per line: the file of a
/// large briefing (tens of megabytes) never sits in memory, a change to one incident is a
/// one-line diff, and it is a third the size of pretty-printed JSON.
pub fn write_incidents_json(
    out: &mut dyn RecordWrite,
    generator: &str,
    incidents: &[&Incident],
    articles: &BTreeMap<&str, &Article>,
    key: RecordKey,
) -> std::io::Result<()> {
    out.write_all(b"{\"generator\":")?;
    serde_json::to_writer(&mut *out, generator)?;
    out.write_all(b",\"incidents\":[")?;
    // Serialised in parallel batches; written in order.
    write_records(
        out,
        b",\n",
        incidents,
        |inc| key(inc),
        |inc, buf| {
            serde_json::to_writer(&mut *buf, &json_incident(inc, articles))?;
            Ok(true)
        },
    )?;
    out.write_all(b"\n]}\n")
}

/// One incident in the shape of the contract.
fn json_incident<'a>(
    inc: &'a Incident,
    articles: &BTreeMap<&str, &'a Article>,
) -> JsonIncident<'a> {
    let date = inc.date.as_ref().map(|d| &d.value);
    // One entry per article: after an analyst's merge an article may report twice,
    // and its evidence is then listed together.
    let mut order: Vec<&str> = Vec::new();
    let mut by_article: BTreeMap<&str, Vec<(&'static str, usize)>> = BTreeMap::new();
    for r in &inc.reports {
        if !by_article.contains_key(r.article.as_str()) {
            order.push(&r.article);
        }
        by_article
            .entry(&r.article)
            .or_default()
            .extend(mention_evidence(&r.mention));
    }
    let sources = order
        .into_iter()
        .map(|article| {
            let art = articles.get(article).copied();
            let mut pairs = by_article.remove(article).unwrap_or_default();
            pairs.sort_by_key(|(field, sentence)| {
                (
                    *sentence,
                    super::citations::FIELDS.iter().position(|f| f == field),
                )
            });
            pairs.dedup();
            let evidence = pairs
                .into_iter()
                .map(|(field, sentence)| JsonEvidence {
                    field,
                    sentence,
                    text: art.map(|a| sentence_text(a, sentence)).unwrap_or(""),
                })
                .collect();
            JsonSource {
                article,
                publisher: art.and_then(|a| a.meta.publisher.as_deref()),
                published: art.and_then(|a| a.meta.published).map(fmt::iso),
                url: art.and_then(|a| a.meta.url.as_deref()),
                title: art.map(|a| a.meta.title.as_str()),
                evidence,
            }
        })
        .collect();
    JsonIncident {
        id: &inc.id,
        url: routes::incident_href(&inc.id),
        title: &inc.title,
        summary: &inc.summary,
        date: date.map(|d| fmt::iso(d.date)),
        date_end: date.and_then(|d| d.end).map(fmt::iso),
        date_precision: date.map(|d| d.precision.as_str()),
        place: inc.place.as_ref().map(|p| JsonPlace {
            name: &p.value.name,
            admin1: p.value.admin1.as_deref(),
            country: p.value.country.as_deref(),
            lat: p.value.lat.filter(|x| x.is_finite()),
            lon: p.value.lon.filter(|x| x.is_finite()),
            geo_precision: p.value.geo_precision,
        }),
        event_type: inc.event_type.as_deref(),
        sub_event_type: inc.sub_event_type.as_deref(),
        perpetrators: &inc.perpetrators,
        claimed_by: &inc.claimed_by,
        targets: &inc.targets,
        fatalities: Fatalities {
            low: inc.fatalities.map(|e| e.low),
            best: inc.fatalities.map(|e| e.best),
            high: inc.fatalities.map(|e| e.high),
            groups: Groups {
                civilians: group(inc, Group::Civilians),
                security_forces: group(inc, Group::SecurityForces),
                assailants: group(inc, Group::Assailants),
                foreign_forces: group(inc, Group::ForeignForces),
            },
        },
        wounded: Range {
            low: inc.wounded.map(|e| e.low),
            best: inc.wounded.map(|e| e.best),
            high: inc.wounded.map(|e| e.high),
        },
        sources,
        overridden: inc.overrides.iter().map(|(f, _)| f.as_str()).collect(),
        analyst_note: inc.note.as_deref(),
        merged_from: &inc.merged_from,
    }
}
