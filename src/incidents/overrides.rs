//! Analyst overrides: `content/incidents/<incident-id>.md`.
//!
//! Extraction is a machine reading news; an analyst must be able to correct it without
//! editing articles. An override file is named after the incident it corrects. Its front
//! matter (TOML between `+++` or YAML between `---`, as for articles) replaces extracted
//! values; its Markdown body is the analyst's note, shown on the incident page.
//!
//! ```toml
//! +++
//! fatalities = { low = 6, best = 6, high = 8 }   # or a number: fatalities = 7
//! place = "Zantiguila"                           # a gazetteer name, or a table
//! date = "2022-07"                               # a day, a month or a year
//! perpetrators = ["JNIM"]
//! sub_event_type = "Armed clash"                 # ACLED taxonomy
//! # merge_into = "2022-07-14-zantiguila"         # fold this incident into another
//! # exclude = true                               # not an incident at all
//! +++
//! The ministry's later statement corrects the toll.
//! ```
//!
//! Every replaced field is recorded on the incident with the value extraction had found
//! (`Incident::overrides`), so the page can mark it "analyst" and still show the machine's
//! reading. Problems are collected across all files, each naming its file and, where there
//! is one, the line; an unknown key or id comes with the nearest known one.

use super::consolidate::{range_text, rebuild, title_of};
use crate::content::front_matter::{self, Format, Split, levenshtein, line_col};
use crate::content::markdown::to_plain_text;
use crate::error::Error;
use crate::extract::event_type::{ACLED_TAXONOMY, event_type_of};
use crate::extract::gazetteer::{Gazetteer, PlaceKind};
use crate::extract::text::fold;
use crate::model::{Article, Cited, DatePrecision, DateValue, Estimate, Incident, PlaceValue};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Where override files live, relative to the site root.
pub const OVERRIDES_DIR: &str = "content/incidents";

/// Keys an override may have, in the order messages list them.
pub const KNOWN_KEYS: &[&str] = &[
    "date",
    "place",
    "fatalities",
    "wounded",
    "perpetrators",
    "claimed_by",
    "targets",
    "event_type",
    "sub_event_type",
    "title",
    "summary",
    "merge_into",
    "exclude",
];

/// Keys of a place written as a table.
const PLACE_KEYS: &[&str] = &["name", "admin1", "country", "lat", "lon", "geo_precision"];
/// Keys of a figure written as a table.
const ESTIMATE_KEYS: &[&str] = &["low", "best", "high"];

/// Override files are small; a larger file is a mistake (a pasted dump), not a note.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Values that replace extracted ones; `None` leaves the extracted value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    pub date: Option<DateValue>,
    pub place: Option<PlaceValue>,
    pub fatalities: Option<Estimate>,
    pub wounded: Option<Estimate>,
    pub perpetrators: Option<Vec<String>>,
    pub claimed_by: Option<Vec<String>>,
    pub targets: Option<Vec<String>>,
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
}

impl Fields {
    /// Names of the fields set, in `KNOWN_KEYS` order.
    pub fn names(&self) -> Vec<&'static str> {
        let set = [
            ("date", self.date.is_some()),
            ("place", self.place.is_some()),
            ("fatalities", self.fatalities.is_some()),
            ("wounded", self.wounded.is_some()),
            ("perpetrators", self.perpetrators.is_some()),
            ("claimed_by", self.claimed_by.is_some()),
            ("targets", self.targets.is_some()),
            ("event_type", self.event_type.is_some()),
            ("sub_event_type", self.sub_event_type.is_some()),
            ("title", self.title.is_some()),
            ("summary", self.summary.is_some()),
        ];
        set.into_iter()
            .filter(|(_, on)| *on)
            .map(|(n, _)| n)
            .collect()
    }
}

/// One parsed override file.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The incident it corrects: the file name without extension.
    pub id: String,
    /// Path relative to the site root, for messages.
    pub path: PathBuf,
    pub fields: Fields,
    /// Fold this incident into the one with this id.
    pub merge_into: Option<String>,
    /// Drop this incident: extraction found something that is not an incident.
    pub exclude: bool,
    /// The Markdown body as plain-text paragraphs ("\n\n" between them); raw HTML dropped.
    pub note: Option<String>,
    /// Line of each key in the file, so later checks (an unknown `merge_into` id) can point
    /// at it.
    key_lines: BTreeMap<String, usize>,
}

impl Override {
    fn error_at(&self, key: &str, message: String) -> Error {
        match self.key_lines.get(key) {
            Some(&line) => Error::Syntax {
                path: self.path.clone(),
                line,
                column: 1,
                message,
            },
            None => Error::File {
                path: self.path.clone(),
                message,
            },
        }
    }
}

/// A front-matter value, from TOML or YAML alike.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A TOML date (`date = 2022-07-14`).
    Date(NaiveDate),
    List(Vec<V>),
    Table(Vec<(String, V)>),
    /// Something no field accepts (a TOML time, a YAML tag), described for the message.
    Other(&'static str),
}

impl V {
    fn describe(&self) -> &'static str {
        match self {
            V::Str(_) => "text",
            V::Int(_) => "a number",
            V::Float(_) => "a decimal number",
            V::Bool(_) => "a boolean",
            V::Date(_) => "a date",
            V::List(_) => "a list",
            V::Table(_) => "a table",
            V::Other(what) => what,
        }
    }
}

fn from_toml(v: toml::Value) -> V {
    match v {
        toml::Value::String(s) => V::Str(s),
        toml::Value::Integer(i) => V::Int(i),
        toml::Value::Float(f) => V::Float(f),
        toml::Value::Boolean(b) => V::Bool(b),
        toml::Value::Datetime(dt) => match dt.date {
            Some(d) if dt.time.is_none() => {
                NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                    .map_or(V::Other("an impossible date"), V::Date)
            }
            Some(_) => V::Other("a date-time"),
            None => V::Other("a time"),
        },
        toml::Value::Array(a) => V::List(a.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => V::Table(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
    }
}

fn from_yaml(v: serde_yaml_ng::Value) -> V {
    use serde_yaml_ng::Value;
    match v {
        Value::Null => V::Other("empty"),
        Value::Bool(b) => V::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => V::Int(i),
            None => n
                .as_f64()
                .map_or(V::Other("a number out of range"), V::Float),
        },
        Value::String(s) => V::Str(s),
        Value::Sequence(s) => V::List(s.into_iter().map(from_yaml).collect()),
        Value::Mapping(m) => V::Table(
            m.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Value::String(s) => s,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => String::new(),
                    };
                    (key, from_yaml(v))
                })
                .collect(),
        ),
        Value::Tagged(_) => V::Other("a tagged value"),
    }
}

/// Line, in the original file, of `key =` (TOML), `[key]` (TOML table) or `key:` (YAML) at
/// the start of a front-matter line. The value trees carry no positions, so keys are found
/// in the text.
fn key_line(split: &Split<'_>, key: &str) -> Option<usize> {
    split.raw.lines().enumerate().find_map(|(i, line)| {
        let t = line.trim();
        if split.format == Format::Toml
            && t.strip_prefix('[')
                .and_then(|r| r.strip_suffix(']'))
                .is_some_and(|k| k.trim() == key)
        {
            return Some(split.raw_line + i);
        }
        let rest = t
            .strip_prefix(key)
            .or_else(|| t.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| t.strip_prefix(&format!("'{key}'")))?;
        let sep = if split.format == Format::Toml {
            '='
        } else {
            ':'
        };
        rest.trim_start()
            .starts_with(sep)
            .then_some(split.raw_line + i)
    })
}

/// A parser error at byte `offset` of the front matter, positioned in the original file.
fn raw_error(split: &Split<'_>, path: &Path, offset: usize, message: String) -> Error {
    let (line, column) = line_col(split.raw, offset);
    Error::Syntax {
        path: path.to_path_buf(),
        line: split.raw_line + line - 1,
        column,
        message,
    }
}

fn entries(split: &Split<'_>, path: &Path) -> Result<Vec<(String, V)>, Error> {
    match split.format {
        Format::Toml => {
            let table: toml::Table = toml::from_str(split.raw).map_err(|e| {
                let offset = e.span().map_or(0, |s| s.start);
                raw_error(
                    split,
                    path,
                    offset,
                    format!(
                        "invalid TOML front matter: {} (text needs double quotes, a month too: date = \"2022-07\")",
                        e.message().trim()
                    ),
                )
            })?;
            Ok(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
        Format::Yaml => {
            let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(split.raw).map_err(|e| {
                let offset = e.location().map_or(0, |l| l.index());
                let message = e.to_string();
                let message = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_string();
                raw_error(
                    split,
                    path,
                    offset,
                    format!(
                        "invalid YAML front matter: {message} (write one `key: value` per line)"
                    ),
                )
            })?;
            match from_yaml(value) {
                V::Table(t) => Ok(t),
                V::Other("empty") => Ok(Vec::new()),
                _ => Err(Error::Syntax {
                    path: path.to_path_buf(),
                    line: split.raw_line,
                    column: 1,
                    message: "YAML front matter must be `key: value` lines".into(),
                }),
            }
        }
    }
}

/// The candidate nearest to `word` by edit distance (case and diacritics aside).
fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = fold(word);
    candidates
        .into_iter()
        .min_by_key(|c| (levenshtein(&w, &fold(c)), *c))
}

/// Up to `n` ids nearest to `id` (edit distance, then alphabetical), for "did you mean".
pub fn nearest_ids<'a>(id: &str, ids: impl IntoIterator<Item = &'a str>, n: usize) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = ids.into_iter().map(|c| (levenshtein(id, c), c)).collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// What an override file's name must look like: the id of an incident.
fn file_id(path: &Path) -> Option<String> {
    path.file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_string)
}

/// Parse one override file. `path` is used for messages and gives the incident id;
/// place names are resolved in `gazetteer`, preferring `default_country`.
pub fn parse_override(
    path: &Path,
    src: &str,
    gazetteer: &Gazetteer,
    default_country: Option<&str>,
) -> Result<Override, Vec<Error>> {
    let Some(id) = file_id(path).filter(|s| !s.trim().is_empty()) else {
        return Err(vec![Error::File {
            path: path.to_path_buf(),
            message: "an override file is named after its incident: <incident-id>.md".into(),
        }]);
    };
    let split = front_matter::split(src, path).map_err(|e| vec![e])?;
    let body = match &split {
        Some(s) => s.body,
        None => front_matter::strip_bom(src),
    };
    let mut o = Override {
        id,
        path: path.to_path_buf(),
        fields: Fields::default(),
        merge_into: None,
        exclude: false,
        note: None,
        key_lines: BTreeMap::new(),
    };
    let note = to_plain_text(body);
    o.note = Some(note.text).filter(|t| !t.trim().is_empty());
    let Some(split) = split else { return Ok(o) };
    let list = entries(&split, path).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    for (key, _) in &list {
        if let Some(line) = key_line(&split, key) {
            o.key_lines.insert(key.clone(), line);
        }
    }
    for (key, value) in list {
        let at = |message: String| {
            let line = key_line(&split, &key).unwrap_or(split.fence_line);
            Error::Syntax {
                path: path.to_path_buf(),
                line,
                column: 1,
                message,
            }
        };
        if let Err(message) = set_field(&mut o, &key, value, gazetteer, default_country) {
            errors.push(at(message));
        }
    }
    // Consistency of the whole file.
    let fields = o.fields.names();
    if o.exclude && o.merge_into.is_some() {
        errors.push(o.error_at("merge_into", "`exclude` and `merge_into` together: an incident is either dropped or folded into another; keep one".into()));
    }
    if o.merge_into.as_deref() == Some(o.id.as_str()) {
        errors.push(o.error_at(
            "merge_into",
            format!(
                "`merge_into` names this incident itself ({}); name the incident to fold it into",
                o.id
            ),
        ));
    }
    if (o.exclude || o.merge_into.is_some()) && !fields.is_empty() {
        let why = match &o.merge_into {
            Some(t) => format!(
                "this incident is merged into `{t}`: put {} in {OVERRIDES_DIR}/{t}.md instead",
                quote_list(&fields)
            ),
            None => format!(
                "this incident is excluded: {} would have no effect; remove {}",
                quote_list(&fields),
                if fields.len() == 1 { "it" } else { "them" }
            ),
        };
        errors.push(o.error_at(fields[0], why));
    }
    if let (Some(e), Some(s)) = (&o.fields.event_type, &o.fields.sub_event_type)
        && event_type_of(s) != Some(e.as_str())
    {
        errors.push(o.error_at(
            "sub_event_type",
            format!(
                "`sub_event_type` \"{s}\" belongs to \"{}\", not to `event_type` \"{e}\"",
                event_type_of(s).unwrap_or("?")
            ),
        ));
    }
    if errors.is_empty() {
        Ok(o)
    } else {
        Err(errors)
    }
}

fn quote_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Read one key into the override; the error message names the key.
fn set_field(
    o: &mut Override,
    key: &str,
    value: V,
    gazetteer: &Gazetteer,
    country: Option<&str>,
) -> Result<(), String> {
    let f = &mut o.fields;
    match key {
        "date" => f.date = Some(date_value(value)?),
        "place" => f.place = Some(place_value(value, gazetteer, country)?),
        "fatalities" | "wounded" => {
            let e = estimate_value(key, value)?;
            if key == "fatalities" {
                f.fatalities = Some(e)
            } else {
                f.wounded = Some(e)
            }
        }
        "perpetrators" => f.perpetrators = Some(list_value(key, value)?),
        "claimed_by" => f.claimed_by = Some(list_value(key, value)?),
        "targets" => f.targets = Some(list_value(key, value)?),
        "event_type" => {
            let s = text_value(key, value)?;
            let types = ACLED_TAXONOMY.iter().map(|(t, _)| *t);
            f.event_type = Some(canonical(key, &s, types)?);
        }
        "sub_event_type" => {
            let s = text_value(key, value)?;
            let subs = ACLED_TAXONOMY.iter().flat_map(|(_, s)| s.iter().copied());
            f.sub_event_type = Some(canonical(key, &s, subs)?);
        }
        "title" => f.title = Some(text_value(key, value)?),
        "summary" => f.summary = Some(text_value(key, value)?),
        "merge_into" => o.merge_into = Some(text_value(key, value)?),
        "exclude" => match value {
            V::Bool(b) => o.exclude = b,
            other => {
                return Err(format!(
                    "`exclude` must be true or false, not {}",
                    other.describe()
                ));
            }
        },
        _ => {
            let hint = nearest(key, KNOWN_KEYS.iter().copied()).unwrap_or("date");
            return Err(format!(
                "unknown key `{key}`: did you mean `{hint}`? (known keys: {})",
                KNOWN_KEYS.join(", ")
            ));
        }
    }
    Ok(())
}

/// A name of a closed list (the ACLED taxonomy), matched without regard to case or accents.
fn canonical<'a>(
    key: &str,
    value: &str,
    names: impl Iterator<Item = &'a str> + Clone,
) -> Result<String, String> {
    let v = fold(value);
    if let Some(n) = names.clone().find(|n| fold(n) == v) {
        return Ok(n.to_string());
    }
    let hint = nearest(value, names.clone()).unwrap_or("");
    Err(format!(
        "`{key}` \"{value}\" is not in the ACLED taxonomy: did you mean \"{hint}\"? (one of: {})",
        names.collect::<Vec<_>>().join("; ")
    ))
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text_value(key: &str, v: V) -> Result<String, String> {
    match v {
        V::Str(s) if !clean(&s).is_empty() => Ok(clean(&s)),
        V::Str(_) => Err(format!("`{key}` is empty: give a value or remove the key")),
        other => Err(format!(
            "`{key}` must be text (in quotes), not {}",
            other.describe()
        )),
    }
}

fn list_value(key: &str, v: V) -> Result<Vec<String>, String> {
    let items = match v {
        V::Str(s) => vec![V::Str(s)],
        V::List(items) => items,
        other => {
            return Err(format!(
                "`{key}` must be a list of names ([\"JNIM\"]), not {}",
                other.describe()
            ));
        }
    };
    let mut out: Vec<String> = Vec::new();
    for item in items {
        match item {
            V::Str(s) => {
                let s = clean(&s);
                if !s.is_empty() && !out.contains(&s) {
                    out.push(s);
                }
            }
            other => {
                return Err(format!(
                    "`{key}` must list names in quotes, not {}",
                    other.describe()
                ));
            }
        }
    }
    Ok(out)
}

/// `2022-07-14` (a day), `2022-07` (a month), `2022` (a year).
fn date_value(v: V) -> Result<DateValue, String> {
    const HOW: &str = "write 2022-07-14 (a day), \"2022-07\" (a month) or \"2022\" (a year)";
    let s = match v {
        V::Date(d) => return Ok(DateValue::day(d)),
        V::Str(s) => s.trim().to_string(),
        V::Int(y) => y.to_string(),
        other => return Err(format!("`date` is {}, not a date; {HOW}", other.describe())),
    };
    if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        return Ok(DateValue::day(d));
    }
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let year = parts
        .first()
        .and_then(|p| num(p, 4))
        .and_then(|y| i32::try_from(y).ok());
    match (year, parts.len()) {
        (Some(y), 1) => {
            let (Some(first), Some(last)) = (
                NaiveDate::from_ymd_opt(y, 1, 1),
                NaiveDate::from_ymd_opt(y, 12, 31),
            ) else {
                return Err(format!("`date` {s:?} is out of range; {HOW}"));
            };
            Ok(DateValue {
                date: first,
                end: Some(last),
                precision: DatePrecision::Year,
            })
        }
        (Some(y), 2) => {
            let month = parts.get(1).and_then(|p| num(p, 2));
            let first = month.and_then(|m| NaiveDate::from_ymd_opt(y, m, 1));
            let Some(first) = first else {
                return Err(format!("`date`: cannot read {s:?}; {HOW}"));
            };
            let next = if first.month() == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, first.month() + 1, 1)
            };
            let last = next.and_then(|n| n.pred_opt()).unwrap_or(first);
            Ok(DateValue {
                date: first,
                end: Some(last),
                precision: DatePrecision::Month,
            })
        }
        _ => Err(format!("`date`: cannot read {s:?}; {HOW}")),
    }
}

fn number(key: &str, v: &V) -> Result<u32, String> {
    match v {
        V::Int(i) => u32::try_from(*i)
            .map_err(|_| format!("`{key}` must be a whole number of people (0 or more), not {i}")),
        V::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX) => Ok(*f as u32),
        other => Err(format!(
            "`{key}` must be a whole number, not {}",
            other.describe()
        )),
    }
}

/// A figure: a number (low = best = high) or a table `{ low, best, high }`; a missing best
/// is the lowest figure given (the conservative reading), a missing bound is the best.
fn estimate_value(key: &str, v: V) -> Result<Estimate, String> {
    let table = match v {
        V::Table(t) => t,
        V::Str(s) if s.trim().parse::<u32>().is_ok() => {
            return Err(format!(
                "`{key}` must be a number without quotes: {key} = {}",
                s.trim()
            ));
        }
        other => {
            let n = number(key, &other).map_err(|_| format!("`{key}` must be a number (7) or a table {{ low = 6, best = 6, high = 8 }}, not {}", other.describe()))?;
            return Ok(Estimate {
                low: n,
                best: n,
                high: n,
            });
        }
    };
    let (mut low, mut best, mut high) = (None, None, None);
    for (k, v) in &table {
        let n = number(&format!("{key}.{k}"), v)?;
        match k.as_str() {
            "low" => low = Some(n),
            "best" => best = Some(n),
            "high" => high = Some(n),
            other => {
                let hint = nearest(other, ESTIMATE_KEYS.iter().copied()).unwrap_or("best");
                return Err(format!(
                    "unknown key `{key}.{other}`: did you mean `{hint}`? ({key} takes low, best, high)"
                ));
            }
        }
    }
    let best = best
        .or(low)
        .or(high)
        .ok_or_else(|| format!("`{key}` needs at least `best` (or `low`/`high`)"))?;
    let (low, high) = (low.unwrap_or(best), high.unwrap_or(best));
    if !(low <= best && best <= high) {
        return Err(format!(
            "`{key}`: low ≤ best ≤ high does not hold ({low}, {best}, {high})"
        ));
    }
    Ok(Estimate { low, best, high })
}

/// A place: a gazetteer name, or a table `{ name, admin1, country, lat, lon, geo_precision }`
/// (a table naming a gazetteer place takes its missing values from it).
fn place_value(v: V, gazetteer: &Gazetteer, country: Option<&str>) -> Result<PlaceValue, String> {
    let lookup = |name: &str, cc: Option<&str>| {
        let hit = match cc {
            Some(c) => gazetteer.get(name, Some(c)),
            None => country
                .and_then(|c| gazetteer.get(name, Some(c)))
                .or_else(|| gazetteer.get(name, None)),
        }?;
        Some(PlaceValue {
            name: hit.name.clone(),
            admin1: hit.admin1.clone(),
            country: Some(hit.country.clone()),
            lat: hit.lat,
            lon: hit.lon,
            geo_precision: if hit.kind == PlaceKind::Town { 1 } else { 3 },
            distance_km: None,
            phrase: String::new(),
        })
    };
    let table = match v {
        V::Str(s) => {
            let name = clean(&s);
            return lookup(&name, None).ok_or_else(|| {
                format!(
                    "`place` \"{name}\" is not in the gazetteer: add it under [[places]] in config.toml, \
                     or write place = {{ name = \"{name}\", country = \"ML\", lat = 12.6, lon = -8.0 }}"
                )
            });
        }
        V::Table(t) => t,
        other => {
            return Err(format!(
                "`place` must be a place name or a table {{ name, admin1, country, lat, lon }}, not {}",
                other.describe()
            ));
        }
    };
    let mut name = None;
    let (mut admin1, mut cc, mut lat, mut lon, mut precision) = (None, None, None, None, None);
    for (k, v) in table {
        let coord = |v: &V, limit: f64| match v {
            V::Float(f) if f.is_finite() && f.abs() <= limit => Ok(*f),
            V::Int(i) if (*i as f64).abs() <= limit => Ok(*i as f64),
            other => Err(format!(
                "`place.{k}` must be a number between -{limit} and {limit}, not {}",
                other.describe()
            )),
        };
        match k.as_str() {
            "name" => name = Some(text_value("place.name", v)?),
            "admin1" => admin1 = Some(text_value("place.admin1", v)?),
            "country" => {
                let c = text_value("place.country", v)?.to_ascii_uppercase();
                if !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())) {
                    return Err(format!(
                        "`place.country` must be a two-letter ISO code such as \"ML\", not {c:?}"
                    ));
                }
                cc = Some(c);
            }
            "lat" => lat = Some(coord(&v, 90.0)?),
            "lon" => lon = Some(coord(&v, 180.0)?),
            "geo_precision" => match v {
                V::Int(p @ 1..=3) => precision = Some(p as u8),
                other => {
                    return Err(format!(
                        "`place.geo_precision` must be 1 (the town), 2 (near it) or 3 (region), not {}",
                        match other {
                            V::Int(i) => i.to_string(),
                            o => o.describe().to_string(),
                        }
                    ));
                }
            },
            other => {
                let hint = nearest(other, PLACE_KEYS.iter().copied()).unwrap_or("name");
                return Err(format!(
                    "unknown key `place.{other}`: did you mean `{hint}`? (place takes {})",
                    PLACE_KEYS.join(", ")
                ));
            }
        }
    }
    let name = name.ok_or("`place` needs a `name`")?;
    if lat.is_some() != lon.is_some() {
        return Err("`place` needs both `lat` and `lon`, or neither".into());
    }
    let mut p = lookup(&name, cc.as_deref()).unwrap_or(PlaceValue {
        name: name.clone(),
        admin1: None,
        country: cc.clone().or_else(|| country.map(str::to_string)),
        lat: None,
        lon: None,
        geo_precision: 1,
        distance_km: None,
        phrase: String::new(),
    });
    if admin1.is_some() {
        p.admin1 = admin1;
    }
    if cc.is_some() {
        p.country = cc;
    }
    if let (Some(a), Some(b)) = (lat, lon) {
        p.lat = Some(a);
        p.lon = Some(b);
    }
    if let Some(g) = precision {
        p.geo_precision = g;
    }
    Ok(p)
}

/// Read every override under `root/content/incidents/` (`.md`, sub-folders too). Returns
/// the files that parsed and every problem found; no folder means no overrides.
pub fn load_overrides(
    root: &Path,
    gazetteer: &Gazetteer,
    default_country: Option<&str>,
) -> (Vec<Override>, Vec<Error>) {
    let dir = root.join(OVERRIDES_DIR);
    if !dir.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let rel = |p: &Path| {
        p.strip_prefix(root)
            .map_or_else(|_| p.to_path_buf(), Path::to_path_buf)
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let hidden = |name: &str| name.starts_with('.') || name.starts_with('#') || name.ends_with('~');
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !hidden(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Error::File {
                    path: e.path().map(rel).unwrap_or_else(|| rel(&dir)),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let path = entry.path();
        let is_md = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        if !is_md {
            continue;
        }
        let shown = rel(path);
        if entry.path_is_symlink() || !entry.file_type().is_file() {
            errors.push(Error::File {
                path: shown,
                message: "overrides must be regular files, not links".into(),
            });
            continue;
        }
        if entry.metadata().map(|m| m.len()).unwrap_or(0) > MAX_FILE_BYTES {
            errors.push(Error::File {
                path: shown,
                message: format!("larger than {} KiB: not an override", MAX_FILE_BYTES / 1024),
            });
            continue;
        }
        let src = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(_) => {
                    errors.push(Error::File {
                        path: shown,
                        message: "not UTF-8 text: save the file as UTF-8".into(),
                    });
                    continue;
                }
            },
            Err(source) => {
                errors.push(Error::Io {
                    path: shown,
                    source,
                });
                continue;
            }
        };
        if let Some(id) = file_id(path)
            && let Some(first) = seen.insert(id.clone(), shown.clone())
        {
            errors.push(Error::File {
                path: shown,
                message: format!(
                    "a second override for `{id}` (the first is {}): keep one file per incident",
                    first.display()
                ),
            });
            continue;
        }
        match parse_override(&shown, &src, gazetteer, default_country) {
            Ok(o) => out.push(o),
            Err(es) => errors.extend(es),
        }
    }
    (out, errors)
}

/// The value of a field as extraction found it, for "extracted: …".
fn shown_estimate(e: Option<Estimate>) -> String {
    e.map(|e| {
        if e.low == e.high {
            e.best.to_string()
        } else {
            format!("{} (best {})", range_text(e), e.best)
        }
    })
    .unwrap_or_else(|| "not stated".into())
}

fn shown_list(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn shown_place(p: Option<&Cited<PlaceValue>>) -> String {
    match p {
        Some(p) => {
            let v = &p.value;
            let mut s = v.name.clone();
            let within: Vec<&str> = [
                v.admin1.as_deref().filter(|a| *a != v.name),
                v.country.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !within.is_empty() {
                s = format!("{s} ({})", within.join(", "));
            }
            if let Some(d) = v.distance_km {
                s = format!("{d:.0} km from {s}");
            }
            s
        }
        None => "not stated".into(),
    }
}

/// Replace the fields an override sets, recording each with the value it had.
pub fn apply_fields(inc: &mut Incident, f: &Fields) {
    let mut rec: Vec<(String, String)> = Vec::new();
    if let Some(d) = f.date {
        rec.push((
            "date".into(),
            inc.date
                .as_ref()
                .map(|d| d.value.display_key())
                .unwrap_or_else(|| "not stated".into()),
        ));
        inc.date = Some(Cited {
            value: d,
            sentence: 0,
        });
        inc.date_source = None;
    }
    if let Some(p) = &f.place {
        rec.push(("place".into(), shown_place(inc.place.as_ref())));
        inc.place = Some(Cited {
            value: p.clone(),
            sentence: 0,
        });
        inc.place_source = None;
    }
    if let Some(e) = f.fatalities {
        rec.push(("fatalities".into(), shown_estimate(inc.fatalities)));
        inc.fatalities = Some(e);
    }
    if let Some(e) = f.wounded {
        rec.push(("wounded".into(), shown_estimate(inc.wounded)));
        inc.wounded = Some(e);
    }
    for (name, new, old) in [
        ("perpetrators", &f.perpetrators, &mut inc.perpetrators),
        ("claimed_by", &f.claimed_by, &mut inc.claimed_by),
        ("targets", &f.targets, &mut inc.targets),
    ] {
        if let Some(v) = new {
            rec.push((name.into(), shown_list(old)));
            *old = v.clone();
        }
    }
    let not_stated = |v: &Option<String>| v.clone().unwrap_or_else(|| "not stated".into());
    // The event type follows a sub-event type set alone; an event type set alone drops a
    // sub-event type that does not belong to it.
    let event = f.event_type.clone().or_else(|| {
        f.sub_event_type
            .as_deref()
            .and_then(event_type_of)
            .map(str::to_string)
    });
    if let Some(e) = event
        && (f.event_type.is_some() || inc.event_type.as_deref() != Some(e.as_str()))
    {
        rec.push(("event_type".into(), not_stated(&inc.event_type)));
        inc.event_type = Some(e);
    }
    if let Some(s) = &f.sub_event_type {
        rec.push(("sub_event_type".into(), not_stated(&inc.sub_event_type)));
        inc.sub_event_type = Some(s.clone());
    } else if let (Some(e), Some(s)) = (&inc.event_type, &inc.sub_event_type)
        && f.event_type.is_some()
        && event_type_of(s) != Some(e.as_str())
    {
        rec.push(("sub_event_type".into(), s.clone()));
        inc.sub_event_type = None;
    }
    if let Some(s) = &f.summary {
        rec.push(("summary".into(), inc.summary.clone()));
        inc.summary = s.clone();
    }
    match &f.title {
        Some(t) => {
            rec.push(("title".into(), inc.title.clone()));
            inc.title = t.clone();
        }
        // The headline says what the analyst's values say.
        None => inc.title = title_of(inc),
    }
    for (field, before) in rec {
        inc_record(&mut inc.overrides, &field, before);
    }
}

/// Record a replaced field once (the first extracted value wins).
fn inc_record(list: &mut Vec<(String, String)>, field: &str, before: String) {
    if !list.iter().any(|(f, _)| f == field) {
        list.push((field.to_string(), before));
    }
}

/// Apply overrides to consolidated incidents: check every id, drop the excluded, fold merges
/// (the target keeps its id; estimates are recomputed from the combined reports), then
/// replace fields and attach notes. Every problem is returned, not just the first.
pub fn apply(
    incidents: Vec<Incident>,
    overrides: &[Override],
    articles: &[Article],
) -> Result<Vec<Incident>, Vec<Error>> {
    // Most sites have no override: the incidents are then taken as they are, without the
    // index of their ids (8 ms of a 10,000-article rebuild in `briefing serve`).
    if overrides.is_empty() {
        return Ok(incidents);
    }
    let ids: BTreeSet<&str> = incidents.iter().map(|i| i.id.as_str()).collect();
    let by_id: BTreeMap<&str, &Override> = overrides.iter().map(|o| (o.id.as_str(), o)).collect();
    let unknown = |id: &str| {
        let near = nearest_ids(id, ids.iter().copied(), 3);
        if near.is_empty() {
            format!("no incident has the id `{id}` (the site has no incidents)")
        } else {
            format!(
                "no incident has the id `{id}`; nearest ids: {}",
                near.join(", ")
            )
        }
    };
    let mut errors = Vec::new();
    for o in overrides {
        if !ids.contains(o.id.as_str()) {
            errors.push(Error::File {
                path: o.path.clone(),
                message: format!("{} (an override file is named <incident-id>.md; see data/incidents.json for the ids)", unknown(&o.id)),
            });
        }
        if let Some(t) = &o.merge_into {
            if !ids.contains(t.as_str()) {
                errors.push(o.error_at("merge_into", format!("`merge_into`: {}", unknown(t))));
            } else if let Some(target) = by_id.get(t.as_str()) {
                if target.exclude {
                    errors.push(o.error_at("merge_into", format!("`merge_into`: `{t}` is excluded ({}); exclude this one too, or merge elsewhere", target.path.display())));
                } else if let Some(next) = &target.merge_into {
                    errors.push(o.error_at("merge_into", format!("`merge_into`: `{t}` is itself merged into `{next}`; write merge_into = \"{next}\"")));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let excluded: BTreeSet<&str> = overrides
        .iter()
        .filter(|o| o.exclude)
        .map(|o| o.id.as_str())
        .collect();
    let mut merges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for o in overrides {
        if let Some(t) = &o.merge_into {
            merges.entry(t.as_str()).or_default().push(o.id.as_str());
        }
    }
    let folded: BTreeSet<&str> = merges.values().flatten().copied().collect();
    // The mentions of the incidents folded into others (shared, not copied), collected
    // first so that every other incident can be taken over as it is.
    let folded_mentions: HashMap<String, Vec<std::sync::Arc<crate::model::Mention>>> = incidents
        .iter()
        .filter(|i| folded.contains(i.id.as_str()))
        .map(|i| {
            let mentions = i.reports.iter().map(|r| r.mention.clone()).collect();
            (i.id.clone(), mentions)
        })
        .collect();
    let mut out = Vec::with_capacity(incidents.len());
    for inc in incidents {
        if excluded.contains(inc.id.as_str()) || folded.contains(inc.id.as_str()) {
            continue;
        }
        let mut inc = match merges.get(inc.id.as_str()) {
            Some(sources) => {
                let mut mentions: Vec<_> = inc.reports.iter().map(|r| r.mention.clone()).collect();
                for s in sources {
                    if let Some(more) = folded_mentions.get(*s) {
                        mentions.extend(more.iter().cloned());
                    }
                }
                let mut merged = rebuild(&inc.id, mentions, articles).unwrap_or(inc);
                merged.merged_from = sources.iter().map(|s| s.to_string()).collect();
                merged.merged_from.sort();
                merged
            }
            None => inc,
        };
        let id = inc.id.clone();
        let id = id.as_str();
        let mut notes: Vec<String> = Vec::new();
        if let Some(o) = by_id.get(id) {
            apply_fields(&mut inc, &o.fields);
            notes.extend(o.note.clone());
        }
        // A note explaining a merge belongs to the incident that remains.
        for s in &inc.merged_from {
            if let Some(n) = by_id.get(s.as_str()).and_then(|o| o.note.as_ref()) {
                notes.push(format!("On merging {s}: {n}"));
            }
        }
        inc.note = (!notes.is_empty()).then(|| notes.join("\n\n"));
        out.push(inc);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Override, Vec<Error>> {
        parse_override(
            Path::new("content/incidents/2022-07-14-zantiguila.md"),
            src,
            Gazetteer::shared(),
            Some("ML"),
        )
    }

    fn messages(r: Result<Override, Vec<Error>>) -> Vec<String> {
        r.expect_err("an error")
            .into_iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn fields_toml_and_yaml() {
        let o = parse("+++\ndate = \"2022-07\"\nfatalities = { low = 6, high = 8 }\nwounded = 2\nplace = \"Kati\"\nperpetrators = [\"JNIM\"]\nsub_event_type = \"armed clash\"\n+++\nThe *ministry* says.\n").unwrap();
        let f = &o.fields;
        assert_eq!(f.date.unwrap().precision, DatePrecision::Month);
        assert_eq!(
            f.date.unwrap().last(),
            NaiveDate::from_ymd_opt(2022, 7, 31).unwrap()
        );
        assert_eq!(
            f.fatalities,
            Some(Estimate {
                low: 6,
                best: 6,
                high: 8
            })
        );
        assert_eq!(
            f.wounded,
            Some(Estimate {
                low: 2,
                best: 2,
                high: 2
            })
        );
        assert_eq!(f.place.as_ref().unwrap().name, "Kati");
        assert_eq!(f.sub_event_type.as_deref(), Some("Armed clash"));
        assert_eq!(o.note.as_deref(), Some("The ministry says."));
        let y = parse("---\ndate: 2022-07-14\nplace: { name: Somewhere, country: ml, lat: 12.5, lon: -7 }\nexclude: false\n---\n").unwrap();
        assert_eq!(y.fields.date.unwrap().precision, DatePrecision::Day);
        let p = y.fields.place.unwrap();
        assert_eq!(
            (p.country.as_deref(), p.lat, p.lon),
            (Some("ML"), Some(12.5), Some(-7.0))
        );
    }

    #[test]
    fn body_only_is_a_note_and_html_is_dropped() {
        let o = parse("Checked with <script>alert(1)</script>the mission.\n").unwrap();
        assert_eq!(o.fields, Fields::default());
        let note = o.note.unwrap();
        assert!(!note.contains('<'), "{note}");
    }

    #[test]
    fn errors_name_the_line_and_the_nearest_key() {
        let m = messages(parse("+++\ntitle = \"T\"\nfatalites = 3\n+++\n"));
        assert_eq!(m.len(), 1);
        assert!(
            m[0].contains("2022-07-14-zantiguila.md:3:")
                && m[0].contains("`fatalites`")
                && m[0].contains("`fatalities`"),
            "{m:?}"
        );
        let m = messages(parse(
            "+++\nfatalities = -1\nevent_type = \"Battle\"\nplace = \"Nowhereville\"\n+++\n",
        ));
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(
            m.iter()
                .any(|e| e.contains(":3:") && e.contains("\"Battles\"")),
            "{m:?}"
        );
        let m = messages(parse("+++\ntitle = \"T\"\nwounded = [\n+++\n"));
        assert!(
            m[0].contains(":3:") && m[0].contains("invalid TOML"),
            "{m:?}"
        );
        let m = messages(parse("+++\nexclude = true\nmerge_into = \"x\"\n+++\n"));
        assert!(m[0].contains("`exclude` and `merge_into`"), "{m:?}");
    }

    #[test]
    fn nearest_ids_are_by_edit_distance() {
        let ids = [
            "2022-07-14-zantiguila",
            "2022-06-24-zantiguila",
            "2024-09-17-bamako",
        ];
        assert_eq!(
            nearest_ids("2022-07-14-zantigila", ids, 1),
            vec!["2022-07-14-zantiguila"]
        );
    }
}
