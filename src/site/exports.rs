//! Data for other tools: `data/incidents.csv` (ACLED-like columns, for spreadsheets and
//! ACLED-shaped pipelines) and `data/incidents.geojson` (RFC 7946, for GIS tools and web maps).
//!
//! Both are built from the incidents in page order and print no timestamp, so the same input
//! gives byte-identical files. Unknown values are empty (CSV) or `null` (GeoJSON), never 0.

use super::context::ArticleMap;
use super::{format as fmt, routes};
use crate::incidents::consolidate::range_text;
use crate::model::{DatePrecision, Incident};
use crate::output::{RecordIndex, RecordWrite};
use serde::Serialize;
use std::borrow::Cow;

/// The CSV header: the ACLED columns in ACLED's order, then this tool's additions.
pub const CSV_HEADER: &[&str] = &[
    // ACLED columns.
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
    // Additions, always after the ACLED columns so positional readers keep working.
    "iso",
    "assoc_actor_1",
    "fatalities_low",
    "fatalities_high",
    "wounded",
    "claimed_by",
    "title",
    "url",
];

/// ACLED `time_precision`: 1 = the day is known, 2 = the week, 3 = the month. ACLED has no
/// year precision (it codes such events to the month at best), so a year-precise date is
/// given 3 and the CSV note says the date is known to the year only.
pub fn time_precision(p: DatePrecision) -> u8 {
    match p {
        DatePrecision::Day => 1,
        DatePrecision::Week => 2,
        DatePrecision::Month | DatePrecision::Year => 3,
    }
}

/// Neutralise CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that
/// starts with `=`, `+`, `-` or `@` as a formula (and a leading tab or carriage return can
/// hide such a cell), so a text cell starting with one of them gets a leading apostrophe,
/// which spreadsheets read as "this is text" and do not display.
///
/// Applied to every text cell (titles, names, summaries: text from articles and analysts);
/// numeric cells written by this program (coordinates, counts) are left alone, since a
/// negative longitude such as `-7.5` is a number, not a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Coordinates worth exporting: both present, finite and on the globe.
fn coordinates(inc: &Incident) -> Option<(f64, f64)> {
    let p = &inc.place.as_ref()?.value;
    let (lat, lon) = (p.lat?, p.lon?);
    let valid = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
    valid.then_some((lat, lon))
}

/// The publishers of an incident's sources, each once, in report order; an article without
/// a publisher is named by its syndicating outlet (`via`) or, failing that, its id.
pub fn publishers(inc: &Incident, articles: &ArticleMap) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &inc.reports {
        let meta = articles.get(r.article.as_str()).map(|a| &a.meta);
        let name = meta
            .and_then(|m| m.publisher.as_deref().or(m.via.as_deref()))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(&r.article);
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// `data/incidents.csv`: one row per incident (page order) under [`CSV_HEADER`].
///
/// `event_date` is the first day the date can mean (`YYYY-MM-DD`), `fatalities` the best
/// estimate (empty when no source states a toll), `source` the publishers joined by `"; "`,
/// `notes` the summary; `country` is the country's name and `iso` its ISO 3166-1 code;
/// `url` is the incident page's absolute URL (from `base_url`).
pub fn incidents_csv(
    incidents: &[&Incident],
    articles: &ArticleMap,
    base_url: &str,
) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = crate::output::Plain::new(Vec::new());
    write_incidents_csv(&mut bytes, incidents, articles, base_url, &|_| 0)
        .map_err(csv::Error::from)?;
    Ok(bytes.into_inner())
}

/// The fingerprint of everything an incident's record in an export is made from (see
/// [`write_records`]).
pub type RecordKey<'a> = &'a (dyn Fn(&Incident) -> u64 + Sync);

/// [`incidents_csv`], written row by row to `out` (rows made in parallel, unchanged ones
/// copied from the previous file; see [`write_records`]).
pub fn write_incidents_csv(
    out: &mut dyn RecordWrite,
    incidents: &[&Incident],
    articles: &ArticleMap,
    base_url: &str,
    key: RecordKey,
) -> std::io::Result<()> {
    let row = |fields: &[&str], buf: &mut Vec<u8>| -> std::io::Result<()> {
        let mut w = csv::WriterBuilder::new().from_writer(buf);
        w.write_record(fields).map_err(std::io::Error::other)?;
        w.flush()
    };
    let mut header = Vec::new();
    row(&CSV_HEADER, &mut header)?;
    out.write_all(&header)?;
    write_records(
        out,
        b"",
        incidents,
        |inc| key(inc),
        |inc, buf| {
            let date = inc.date.as_ref().map(|d| d.value);
            let place = inc.place.as_ref().map(|p| &p.value);
            let coords = coordinates(inc);
            let num = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
            let mut notes = inc.summary.trim().to_string();
            if let Some(d) = date.filter(|d| d.precision == DatePrecision::Year) {
                let sep = if notes.is_empty() { "" } else { " " };
                notes.push_str(&format!(
                    "{sep}(Date known to the year only: {}.)",
                    d.display_key()
                ));
            }
            let (actor1, associated) = match inc.perpetrators.split_first() {
                Some((first, rest)) => (first.as_str(), rest.join("; ")),
                None => ("", String::new()),
            };
            let country = place.and_then(|p| p.country.as_deref());
            let t = |s: &str| neutralise(s).into_owned();
            let record: Vec<String> = vec![
                t(&inc.id),
                date.map(|d| fmt::iso(d.date)).unwrap_or_default(),
                date.map(|d| time_precision(d.precision).to_string())
                    .unwrap_or_default(),
                t(inc.event_type.as_deref().unwrap_or_default()),
                t(inc.sub_event_type.as_deref().unwrap_or_default()),
                t(actor1),
                t(&country.map(fmt::country_name).unwrap_or_default()),
                t(place.and_then(|p| p.admin1.as_deref()).unwrap_or_default()),
                t(place.map(|p| p.name.as_str()).unwrap_or_default()),
                coords.map(|(lat, _)| lat.to_string()).unwrap_or_default(),
                coords.map(|(_, lon)| lon.to_string()).unwrap_or_default(),
                place
                    .map(|p| p.geo_precision.to_string())
                    .unwrap_or_default(),
                t(&publishers(inc, articles).join("; ")),
                num(inc.fatalities.map(|e| e.best)),
                t(&notes),
                t(country.unwrap_or_default()),
                t(&associated),
                num(inc.fatalities.map(|e| e.low)),
                num(inc.fatalities.map(|e| e.high)),
                num(inc.wounded.map(|e| e.best)),
                t(&inc.claimed_by.join("; ")),
                t(&inc.title),
                routes::canonical(base_url, &routes::incident_path(&inc.id)),
            ];
            let fields: Vec<&str> = record.iter().map(String::as_str).collect();
            row(&fields, buf).map(|()| true)
        },
    )?;
    Ok(())
}

/// A GeoJSON FeatureCollection. `generator` and `omitted` are foreign members (RFC 7946 §6.1):
/// readers that do not know them ignore them.
#[derive(Serialize)]
struct Omitted<'a> {
    count: usize,
    ids: Vec<&'a str>,
}

#[derive(Serialize)]
struct Feature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    geometry: Point,
    properties: Properties<'a>,
}

#[derive(Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    /// `[longitude, latitude]` (RFC 7946 §3.1.1): the reverse of the usual spoken order.
    coordinates: [f64; 2],
}

/// What `data/incidents.json` says of the incident, flattened to scalars so GIS tools can
/// style and filter on them.
#[derive(Serialize)]
struct Properties<'a> {
    id: &'a str,
    /// Relative to the site root, as in `incidents.json`.
    url: String,
    /// The incident page's absolute URL.
    page_url: String,
    title: &'a str,
    summary: &'a str,
    date: Option<String>,
    date_end: Option<String>,
    date_precision: Option<&'static str>,
    /// Best estimate of deaths.
    fatalities: Option<u32>,
    fatalities_low: Option<u32>,
    fatalities_high: Option<u32>,
    /// Best estimate of wounded.
    wounded: Option<u32>,
    event_type: Option<&'a str>,
    sub_event_type: Option<&'a str>,
    /// The place's name.
    place: &'a str,
    admin1: Option<&'a str>,
    country: Option<&'a str>,
    geo_precision: u8,
    /// Killed as shown on the pages ("6", "70–100"), for labels.
    killed_label: Option<String>,
}

/// Write one record per item, `sep` between them, serialised in parallel batches and written
/// in order (a batch window at a time, so memory stays bounded). `record` appends one item's
/// record, or nothing (returning `false`) to leave the item out; `key` is the fingerprint of
/// everything the item's record is made from. Returns whether any record was written.
///
/// `sep` starts with the byte that separates records (`,` in JSON); the first record is
/// preceded by the rest of it only. A record whose fingerprint the previous build's file has
/// is copied from that file instead of being made again, and where each record lies is
/// given to `out` for the next build (see [`crate::output::records`]).
pub fn write_records<T: Sync>(
    out: &mut dyn RecordWrite,
    sep: &[u8],
    items: &[T],
    key: impl Fn(&T) -> u64 + Sync,
    record: impl Fn(&T, &mut Vec<u8>) -> std::io::Result<bool> + Sync,
) -> std::io::Result<bool> {
    use rayon::prelude::*;
    const BATCH: usize = 256;
    let previous = out.previous();
    let previous = previous.as_deref();
    // A window is a batch per thread: every record of a window sits in memory until the
    // window is written (it was eight batches, whatever the number of threads).
    let window = BATCH * rayon::current_num_threads().max(1);
    let dropped = sep.len().min(1);
    let mut index = RecordIndex {
        first: 0,
        sep: sep.len() as u32,
        records: Vec::new(),
    };
    for window in items.chunks(window) {
        let parts: Vec<std::io::Result<(Vec<u8>, Vec<(u64, u32)>)>> = window
            .par_chunks(BATCH)
            .map(|batch| {
                let mut buf = Vec::new();
                let batch_keys: Vec<u64> = batch.iter().map(&key).collect();
                let mut keys = Vec::new();
                let mut at = 0;
                while at < batch.len() {
                    let start = buf.len();
                    buf.extend_from_slice(sep);
                    // Unchanged records, as many as lie together in the previous file.
                    let copied = previous.map_or(0, |p| {
                        p.copy_run(&batch_keys[at..], sep.len(), &mut buf, &mut keys)
                    });
                    if copied > 0 {
                        at += copied;
                        continue;
                    }
                    if record(&batch[at], &mut buf)? {
                        let len = buf.len() - start - sep.len();
                        keys.push((batch_keys[at], u32::try_from(len).unwrap_or(u32::MAX)));
                    } else {
                        buf.truncate(start);
                    }
                    at += 1;
                }
                Ok((buf, keys))
            })
            .collect();
        for part in parts {
            let (part, keys) = part?;
            if part.is_empty() {
                continue;
            }
            let part = if index.records.is_empty() {
                index.first = out.position() + (sep.len() - dropped) as u64;
                &part[dropped..]
            } else {
                &part[..]
            };
            out.write_all(part)?;
            index.records.extend(keys);
        }
    }
    let any = !index.records.is_empty();
    // A record of 4 GiB or more cannot be indexed, and the offsets after it would be wrong:
    // no index then (the next build makes every record again).
    if index.records.iter().all(|&(_, len)| len != u32::MAX) {
        out.index(index);
    }
    Ok(any)
}

/// `data/incidents.geojson`: one Point feature per incident with coordinates, in page order.
/// Incidents without coordinates are left out and listed in the `omitted` member.
pub fn incidents_geojson(
    generator: &str,
    incidents: &[&Incident],
    base_url: &str,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = crate::output::Plain::new(Vec::new());
    write_incidents_geojson(&mut bytes, generator, incidents, base_url, &|_| 0)
        .map_err(serde_json::Error::io)?;
    Ok(bytes.into_inner())
}

/// [`incidents_geojson`], written feature by feature to `out`, one feature per line.
pub fn write_incidents_geojson(
    out: &mut dyn RecordWrite,
    generator: &str,
    incidents: &[&Incident],
    base_url: &str,
    key: RecordKey,
) -> std::io::Result<()> {
    let omitted: Vec<&str> = incidents
        .iter()
        .filter(|inc| inc.place.is_none() || coordinates(inc).is_none())
        .map(|inc| inc.id.as_str())
        .collect();
    out.write_all(b"{\"type\":\"FeatureCollection\",\"generator\":")?;
    serde_json::to_writer(&mut *out, generator)?;
    out.write_all(b",\"omitted\":")?;
    serde_json::to_writer(
        &mut *out,
        &Omitted {
            count: omitted.len(),
            ids: omitted,
        },
    )?;
    out.write_all(b",\"features\":[")?;
    let any = write_records(
        out,
        b",\n",
        incidents,
        |inc| key(inc),
        |inc, buf| {
            let (Some(place), Some((lat, lon))) = (inc.place.as_ref(), coordinates(inc)) else {
                return Ok(false);
            };
            let date = inc.date.as_ref().map(|d| d.value);
            let feature = Feature {
                kind: "Feature",
                id: &inc.id,
                geometry: Point {
                    kind: "Point",
                    coordinates: [lon, lat],
                },
                properties: Properties {
                    id: &inc.id,
                    url: routes::incident_href(&inc.id),
                    page_url: routes::canonical(base_url, &routes::incident_path(&inc.id)),
                    title: &inc.title,
                    summary: &inc.summary,
                    date: date.map(|d| fmt::iso(d.date)),
                    date_end: date.and_then(|d| d.end).map(fmt::iso),
                    date_precision: date.map(|d| d.precision.as_str()),
                    fatalities: inc.fatalities.map(|e| e.best),
                    fatalities_low: inc.fatalities.map(|e| e.low),
                    fatalities_high: inc.fatalities.map(|e| e.high),
                    wounded: inc.wounded.map(|e| e.best),
                    event_type: inc.event_type.as_deref(),
                    sub_event_type: inc.sub_event_type.as_deref(),
                    place: &place.value.name,
                    admin1: place.value.admin1.as_deref(),
                    country: place.value.country.as_deref(),
                    geo_precision: place.value.geo_precision,
                    killed_label: inc.fatalities.map(range_text),
                },
            };
            serde_json::to_writer(&mut *buf, &feature)?;
            Ok(true)
        },
    )?;
    out.write_all(if any { b"\n]}\n" } else { b"]}\n" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::records::PreviousRecords;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use crate::output::records::testing::Capture;

    /// `items` written as records under a header; returns the capture and how many records
    /// were made (not copied).
    fn write_items(
        items: &[(String, String)],
        sep: &[u8],
        previous: Option<Arc<PreviousRecords>>,
    ) -> (Capture, usize) {
        let made = AtomicUsize::new(0);
        let mut out = Capture {
            previous,
            ..Capture::default()
        };
        out.bytes.extend_from_slice(b"HEADER[");
        write_records(
            &mut out,
            sep,
            items,
            |(id, value)| crate::site::fingerprint::of(&(id, value)),
            |(id, value), buf| {
                made.fetch_add(1, Ordering::Relaxed);
                if value == "skip" {
                    return Ok(false);
                }
                buf.extend_from_slice(format!("{{{id}:{value}}}").as_bytes());
                Ok(true)
            },
        )
        .expect("write");
        out.bytes.extend_from_slice(b"]");
        (out, made.into_inner())
    }

    #[test]
    fn unchanged_records_are_copied_and_the_file_is_what_a_fresh_write_makes() {
        let dir = tempfile::tempdir().expect("tmp");
        let items: Vec<(String, String)> = (0..2000)
            .map(|n| {
                (
                    format!("i{n}"),
                    if n % 97 == 5 {
                        "skip".into()
                    } else {
                        format!("v{n}")
                    },
                )
            })
            .collect();
        for sep in [&b",\n"[..], b",", b""] {
            let (first, made) = write_items(&items, sep, None);
            assert_eq!(made, items.len());
            let file = dir.path().join("previous");
            std::fs::write(&file, &first.bytes).expect("write");
            let index = first.index.expect("indexed");
            let previous = Arc::new(PreviousRecords::open(&file, &index).expect("fits"));

            // One record changed, one added, one removed, two swapped.
            let mut edited = items.clone();
            edited[700].1 = "changed".into();
            edited.insert(1500, ("new".into(), "value".into()));
            edited.remove(3);
            edited.swap(10, 11);
            let (fresh, _) = write_items(&edited, sep, None);
            let (reused, made) = write_items(&edited, sep, Some(previous));
            assert_eq!(
                String::from_utf8_lossy(&reused.bytes),
                String::from_utf8_lossy(&fresh.bytes),
                "sep {sep:?}"
            );
            // Only the changed and the new record are made again, and the skipped items
            // (never in the file).
            let skipped = edited.iter().filter(|(_, v)| v == "skip").count();
            assert_eq!(made, 2 + skipped, "sep {sep:?}");
            assert_eq!(reused.index, fresh.index, "sep {sep:?}");
        }
    }

    #[test]
    fn formulas_are_neutralised() {
        for hostile in [
            "=cmd|' /C calc'!A0",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(neutralise(hostile), format!("'{hostile}"));
        }
        for plain in [
            "Kati",
            "",
            "'quoted",
            " =x",
            "2022-07-14-kati",
            "Côte d’Ivoire",
        ] {
            assert_eq!(neutralise(plain), plain);
        }
    }

    /// An incident known to the year only, placed without coordinates, toll unknown, reported
    /// by an article without a publisher: every gap shows as a gap.
    #[test]
    fn gaps_are_empty_cells_and_omitted_features() {
        use crate::model::{
            Article, ArticleMeta, Cited, DateValue, Mention, PlaceValue, SourceReport,
        };
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let inc = Incident {
            id: "2024-somewhere".into(),
            title: "Attack in Somewhere".into(),
            summary: "-An attack was reported.".into(),
            date: Some(Cited {
                value: DateValue {
                    date: day,
                    end: None,
                    precision: DatePrecision::Year,
                },
                sentence: 1,
            }),
            place: Some(Cited {
                value: PlaceValue {
                    name: "Somewhere".into(),
                    admin1: None,
                    country: Some("BF".into()),
                    lat: None,
                    lon: None,
                    geo_precision: 1,
                    distance_km: None,
                    phrase: "in Somewhere".into(),
                },
                sentence: 1,
            }),
            perpetrators: vec!["JNIM".into(), "ISSP".into()],
            reports: vec![SourceReport {
                article: "a1".into(),
                mention: Mention {
                    article: "a1".into(),
                    headline: true,
                    date: None,
                    place: None,
                    event_type: None,
                    sub_event_type: None,
                    perpetrators: vec![],
                    claimed_by: vec![],
                    targets: vec![],
                    figures: vec![],
                    sentences: vec![],
                }
                .into(),
            }],
            ..Incident::default()
        };
        let article = Article {
            id: "a1".into(),
            path: "content/articles/a1.md".into(),
            meta: ArticleMeta {
                title: "T".into(),
                ..ArticleMeta::default()
            },
            text: String::new(),
            paragraphs: vec![],
            sentences: vec![],
            warnings: vec![],
        };
        let articles: ArticleMap = [("a1", &article)].into_iter().collect();
        let bytes = incidents_csv(&[&inc], &articles, "https://x.org/b/").unwrap();
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let row = r.records().next().unwrap().unwrap();
        let get = |name: &str| {
            row.get(CSV_HEADER.iter().position(|h| *h == name).unwrap())
                .unwrap()
                .to_string()
        };
        assert_eq!(get("event_date"), "2024-01-01");
        assert_eq!(get("time_precision"), "3");
        assert_eq!(
            get("notes"),
            "'-An attack was reported. (Date known to the year only: 2024.)"
        );
        assert_eq!(
            (
                get("latitude"),
                get("longitude"),
                get("fatalities"),
                get("wounded")
            ),
            Default::default()
        );
        assert_eq!(
            (get("country"), get("iso")),
            ("Burkina Faso".into(), "BF".into())
        );
        assert_eq!(
            (get("actor1"), get("assoc_actor_1")),
            ("JNIM".into(), "ISSP".into())
        );
        assert_eq!(
            get("source"),
            "a1",
            "an article without publisher is named by its id"
        );
        assert_eq!(get("url"), "https://x.org/b/incidents/2024-somewhere.html");

        let geo: serde_json::Value =
            serde_json::from_slice(&incidents_geojson("g", &[&inc], "https://x.org/b/").unwrap())
                .unwrap();
        assert_eq!(geo["features"].as_array().map(Vec::len), Some(0));
        assert_eq!(
            geo["omitted"],
            serde_json::json!({ "count": 1, "ids": ["2024-somewhere"] })
        );
    }

    #[test]
    fn acled_time_precision() {
        assert_eq!(time_precision(DatePrecision::Day), 1);
        assert_eq!(time_precision(DatePrecision::Week), 2);
        assert_eq!(time_precision(DatePrecision::Month), 3);
        assert_eq!(time_precision(DatePrecision::Year), 3);
    }
}
