//! Browsing the briefing: a page per place and per actor, the chronology filtered by year,
//! country, actor and event type (pre-rendered pages, so no JavaScript is required), and the
//! small search index (`data/search.json`) that `static/search.js` reads.
//!
//! Slugs come from `extract::text::slugify` (ASCII letters, digits and `-` only, so a page can
//! never escape its directory). Two keys with the same slug get suffixes in the sorted order of
//! their keys (`-2`, `-3` …), which is deterministic and stable while the set of keys is.

use super::context;
use super::exports::{RecordKey, write_records};
use super::{format as fmt, routes};
use crate::extract::text::slugify;
use crate::model::Incident;
use crate::output::RecordWrite;
use chrono::Datelike;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Unique slugs for keys, in a deterministic way: every key gets `slugify(name)`; when several
/// keys share it, the first (in key order) keeps it and the others get `-2`, `-3`… unless a
/// `hint` (a country code for places) tells them apart first.
pub fn unique_slugs<K: Ord + Clone>(keys: &[(K, String, Option<String>)]) -> BTreeMap<K, String> {
    let mut sorted: Vec<&(K, String, Option<String>)> = keys.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted.dedup_by(|a, b| a.0 == b.0);
    let mut by_base: BTreeMap<String, Vec<&(K, String, Option<String>)>> = BTreeMap::new();
    for k in &sorted {
        by_base.entry(slugify(&k.1)).or_default().push(k);
    }
    let mut used: BTreeSet<String> = by_base.keys().cloned().collect();
    let mut out = BTreeMap::new();
    for (base, group) in &by_base {
        if group.len() == 1 {
            out.insert(group[0].0.clone(), base.clone());
            continue;
        }
        for (i, k) in group.iter().enumerate() {
            if i == 0 {
                out.insert(k.0.clone(), base.clone());
                continue;
            }
            let mut candidate = match &k.2 {
                Some(h) if !h.trim().is_empty() => format!("{base}-{}", slugify(h)),
                _ => format!("{base}-{}", i + 1),
            };
            let mut n = i + 1;
            while used.contains(&candidate) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            used.insert(candidate.clone());
            out.insert(k.0.clone(), candidate);
        }
    }
    out
}

/// A place is its name within its country (two Kourous in two countries are two places).
pub type PlaceKey = (String, Option<String>);

pub fn place_key(inc: &Incident) -> Option<PlaceKey> {
    let p = &inc.place.as_ref()?.value;
    Some((
        p.name.clone(),
        p.country.as_ref().map(|c| c.to_ascii_uppercase()),
    ))
}

/// Everyone named as perpetrator or as claiming the incident, once.
pub fn actor_names(inc: &Incident) -> BTreeSet<&str> {
    inc.perpetrators
        .iter()
        .chain(&inc.claimed_by)
        .map(String::as_str)
        .collect()
}

/// Where every place and actor page lives.
#[derive(Default)]
pub struct Slugs {
    pub places: BTreeMap<PlaceKey, String>,
    pub actors: BTreeMap<String, String>,
    pub event_types: BTreeMap<String, String>,
}

impl Slugs {
    pub fn build(incidents: &[&Incident]) -> Slugs {
        // Each distinct value once (thousands of incidents share a few hundred places and
        // actors), before anything is copied: `unique_slugs` keys on the owned values.
        let raw_places: BTreeSet<(&str, Option<&str>)> = incidents
            .iter()
            .filter_map(|i| {
                let p = &i.place.as_ref()?.value;
                Some((p.name.as_str(), p.country.as_deref()))
            })
            .collect();
        let places: Vec<(PlaceKey, String, Option<String>)> = raw_places
            .into_iter()
            .map(|(name, country)| {
                let k: PlaceKey = (name.to_string(), country.map(str::to_ascii_uppercase));
                let (name, hint) = (k.0.clone(), k.1.clone());
                (k, name, hint)
            })
            .collect();
        let actors: Vec<(String, String, Option<String>)> = incidents
            .iter()
            .flat_map(|i| i.perpetrators.iter().chain(&i.claimed_by))
            .map(String::as_str)
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .map(|a| (a.to_string(), a.to_string(), None))
            .collect();
        let types: Vec<(String, String, Option<String>)> = incidents
            .iter()
            .filter_map(|i| i.event_type.as_deref())
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .map(|t| (t.to_string(), t.to_string(), None))
            .collect();
        Slugs {
            places: unique_slugs(&places),
            actors: unique_slugs(&actors),
            event_types: unique_slugs(&types),
        }
    }

    /// Output path of a place page.
    pub fn place_path(&self, key: &PlaceKey) -> Option<String> {
        self.places.get(key).map(|s| format!("places/{s}.html"))
    }

    pub fn actor_path(&self, name: &str) -> Option<String> {
        self.actors.get(name).map(|s| format!("actors/{s}.html"))
    }
}

/// Totals of a set of incidents, formatted.
#[derive(Serialize, Clone, Debug)]
pub struct GroupTotals {
    pub incidents: usize,
    pub killed: String,
    pub killed_low: String,
    pub killed_high: String,
    pub disputed: bool,
    pub wounded: String,
    /// Incidents with no stated toll (they count as zero in the sums).
    pub toll_unknown: usize,
    pub period: String,
}

pub fn group_totals(incidents: &[&Incident]) -> GroupTotals {
    let t = context::totals(incidents, 0);
    GroupTotals {
        incidents: incidents.len(),
        killed: t.fatalities_best,
        killed_low: t.fatalities_low,
        killed_high: t.fatalities_high,
        disputed: t.fatalities_disputed,
        wounded: t.wounded,
        toll_unknown: incidents.iter().filter(|i| i.fatalities.is_none()).count(),
        period: t.period,
    }
}

/// A link to another browse page with a count.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FacetLink {
    pub label: String,
    /// From the site root.
    pub href: String,
    pub count: usize,
}

/// What `browse.html` shows of a place or an actor (as `page`), with `rows` added: its incidents,
/// rendered by `row-incident.html`.
#[derive(Serialize, Clone, Debug)]
pub struct BrowsePage {
    pub kind: String,
    pub name: String,
    pub detail: String,
    pub totals: GroupTotals,
    /// Actors at a place, or places of an actor.
    pub related: Vec<FacetLink>,
    pub related_label: String,
}

/// A place or actor page before rendering: what it shows, with its incidents by reference,
/// so that the list items of every page are made only while that page renders (holding
/// them for every page at once cost more memory than the rest of a build).
pub struct BrowseGroup<'a> {
    /// Output path.
    pub path: String,
    pub kind: &'static str,
    pub name: String,
    pub detail: String,
    pub related: Vec<FacetLink>,
    pub related_label: &'static str,
    /// In the order given (date order).
    pub incidents: Vec<&'a Incident>,
    pub ids: BTreeSet<String>,
    /// Mean coordinates of the incidents (place pages).
    pub centre: Option<(f64, f64)>,
}

impl BrowseGroup<'_> {
    /// The page's template context, but for its incidents: the renderer adds them as
    /// `rows`, rendered by `row-incident.html` one at a time.
    pub fn page(&self) -> BrowsePage {
        BrowsePage {
            kind: self.kind.into(),
            name: self.name.clone(),
            detail: self.detail.clone(),
            totals: group_totals(&self.incidents),
            related: self.related.clone(),
            related_label: self.related_label.into(),
        }
    }

    /// What the page shows besides its incidents, for its fingerprint (the incidents'
    /// fingerprints are added by the caller).
    pub fn heading(&self) -> impl std::fmt::Debug + '_ {
        (
            &self.path,
            self.kind,
            &self.name,
            &self.detail,
            &self.related,
            self.related_label,
            self.centre.map(|(a, b)| (a.to_bits(), b.to_bits())),
        )
    }
}

/// Place pages, by place.
pub fn place_pages<'a>(incidents: &[&'a Incident], slugs: &Slugs) -> Vec<BrowseGroup<'a>> {
    let mut groups: BTreeMap<PlaceKey, Vec<&Incident>> = BTreeMap::new();
    for i in incidents {
        if let Some(k) = place_key(i) {
            groups.entry(k).or_default().push(i);
        }
    }
    groups
        .into_iter()
        .filter_map(|(key, incs)| {
            let path = slugs.place_path(&key)?;
            let admin1 = incs
                .iter()
                .filter_map(|i| i.place.as_ref()?.value.admin1.clone())
                .find(|a| *a != key.0);
            let detail = [admin1, key.1.as_deref().map(fmt::country_name)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let coords: Vec<(f64, f64)> = incs
                .iter()
                .filter_map(|i| {
                    let p = &i.place.as_ref()?.value;
                    Some((p.lat?, p.lon?)).filter(|(a, b)| a.is_finite() && b.is_finite())
                })
                .collect();
            let centre = (!coords.is_empty()).then(|| {
                let n = coords.len() as f64;
                (
                    coords.iter().map(|c| c.0).sum::<f64>() / n,
                    coords.iter().map(|c| c.1).sum::<f64>() / n,
                )
            });
            let mut actors: BTreeMap<&str, usize> = BTreeMap::new();
            for i in &incs {
                for a in actor_names(i) {
                    *actors.entry(a).or_default() += 1;
                }
            }
            let related = actors
                .into_iter()
                .filter_map(|(a, n)| {
                    Some(FacetLink {
                        label: a.to_string(),
                        href: slugs.actor_path(a)?,
                        count: n,
                    })
                })
                .collect();
            Some(BrowseGroup {
                path,
                kind: "Place",
                name: key.0.clone(),
                detail,
                related,
                related_label: "Perpetrators and claimants here",
                ids: incs.iter().map(|i| i.id.clone()).collect(),
                incidents: incs,
                centre,
            })
        })
        .collect()
}

/// Actor pages, by actor.
pub fn actor_pages<'a>(incidents: &[&'a Incident], slugs: &Slugs) -> Vec<BrowseGroup<'a>> {
    let mut groups: BTreeMap<&str, (BTreeSet<&'static str>, Vec<&'a Incident>)> = BTreeMap::new();
    for i in incidents {
        for a in actor_names(i) {
            let e = groups.entry(a).or_default();
            if i.perpetrators.iter().any(|p| p == a) {
                e.0.insert("named as perpetrator");
            }
            if i.claimed_by.iter().any(|p| p == a) {
                e.0.insert("claimed responsibility");
            }
            e.1.push(i);
        }
    }
    groups
        .into_iter()
        .filter_map(|(name, (roles, incs))| {
            let path = slugs.actor_path(name)?;
            let mut places: BTreeMap<PlaceKey, usize> = BTreeMap::new();
            for i in &incs {
                if let Some(k) = place_key(i) {
                    *places.entry(k).or_default() += 1;
                }
            }
            let related = places
                .into_iter()
                .filter_map(|(k, n)| {
                    Some(FacetLink {
                        label: k.0.clone(),
                        href: slugs.place_path(&k)?,
                        count: n,
                    })
                })
                .collect();
            Some(BrowseGroup {
                path,
                kind: "Actor",
                name: name.to_string(),
                detail: roles.into_iter().collect::<Vec<_>>().join(", "),
                related,
                related_label: "Places",
                ids: incs.iter().map(|i| i.id.clone()).collect(),
                incidents: incs,
                centre: None,
            })
        })
        .collect()
}

/// One facet of the chronology filter bar (Year, Country, Actor, Event type).
#[derive(Serialize, Clone, Debug)]
pub struct Facet {
    pub label: String,
    pub values: Vec<FacetLink>,
}

/// One pre-rendered filtered chronology page.
pub struct FilterPage<'a> {
    pub path: String,
    /// "2022", "Mali", "JNIM", "Battles".
    pub value: String,
    /// "Year", "Country", …
    pub facet: String,
    pub incidents: Vec<&'a Incident>,
}

/// The filtered chronology pages (`chronology/<facet>-<value>.html`) and the filter bar.
/// Incidents keep the order they are given in (date order).
pub fn filters<'a>(incidents: &[&'a Incident], slugs: &Slugs) -> (Vec<Facet>, Vec<FilterPage<'a>>) {
    type Groups<'a> = BTreeMap<(String, String), Vec<&'a Incident>>;
    let mut years: Groups = BTreeMap::new();
    let mut countries: Groups = BTreeMap::new();
    let mut actors: Groups = BTreeMap::new();
    let mut types: Groups = BTreeMap::new();
    for i in incidents {
        let year = i.date.as_ref().map(|d| d.value.date.year());
        // Sort key first (years numerically, undated last), display label second.
        let ykey = match year {
            Some(y) => (format!("{y:06}"), y.to_string()),
            None => ("~".into(), "Undated".into()),
        };
        years.entry(ykey).or_default().push(i);
        if let Some(c) = i.place.as_ref().and_then(|p| p.value.country.as_ref()) {
            let name = fmt::country_name(c);
            countries
                .entry((name.clone(), c.to_ascii_uppercase()))
                .or_default()
                .push(i);
        }
        for a in actor_names(i) {
            actors
                .entry((a.to_string(), a.to_string()))
                .or_default()
                .push(i);
        }
        if let Some(t) = &i.event_type {
            types.entry((t.clone(), t.clone())).or_default().push(i);
        }
    }
    let mut facets = Vec::new();
    let mut pages = Vec::new();
    let mut add = |label: &str,
                   prefix: &str,
                   groups: Groups<'a>,
                   slug: &dyn Fn(&(String, String)) -> Option<String>| {
        let mut values = Vec::new();
        for (key, incs) in groups {
            let Some(s) = slug(&key) else { continue };
            let path = format!("chronology/{prefix}-{s}.html");
            let display = if prefix == "year" || prefix == "country" {
                if prefix == "country" {
                    key.0.clone()
                } else {
                    key.1.clone()
                }
            } else {
                key.1.clone()
            };
            values.push(FacetLink {
                label: display.clone(),
                href: path.clone(),
                count: incs.len(),
            });
            pages.push(FilterPage {
                path,
                value: display,
                facet: label.to_string(),
                incidents: incs,
            });
        }
        if !values.is_empty() {
            facets.push(Facet {
                label: label.into(),
                values,
            });
        }
    };
    add("Year", "year", years, &|k| {
        Some(if k.1 == "Undated" {
            "undated".into()
        } else {
            k.1.clone()
        })
    });
    add("Country", "country", countries, &|k| Some(slugify(&k.1)));
    add("Actor", "actor", actors, &|k| {
        slugs.actors.get(&k.0).cloned()
    });
    add("Event type", "type", types, &|k| {
        slugs.event_types.get(&k.0).cloned()
    });
    (facets, pages)
}

/// One entry of `data/search.json`.
#[derive(Serialize, Debug)]
pub struct SearchEntry {
    pub id: String,
    /// From the site root.
    pub url: String,
    pub title: String,
    /// ISO date, or null when undated.
    pub date: Option<String>,
    pub place: String,
    pub country: String,
    pub actors: Vec<String>,
    pub event_type: Option<String>,
    pub killed: Option<u32>,
    pub summary: String,
}

/// `data/search.json`: what the client-side search matches against, one entry per incident,
/// as `{"generator":…,"incidents":[…]}` on one line; written entry by entry.
pub fn write_search_json(
    out: &mut dyn RecordWrite,
    generator: &str,
    incidents: &[&Incident],
    key: RecordKey,
) -> std::io::Result<()> {
    out.write_all(b"{\"generator\":")?;
    serde_json::to_writer(&mut *out, generator)?;
    out.write_all(b",\"incidents\":[")?;
    write_records(
        out,
        b",",
        incidents,
        |i| key(i),
        |i, buf| {
            let item = context::incident_item(i);
            let entry = SearchEntry {
                id: i.id.clone(),
                url: routes::incident_href(&i.id),
                title: i.title.clone(),
                date: (!item.date_iso.is_empty()).then_some(item.date_iso),
                place: item.place,
                country: item.country,
                actors: actor_names(i).into_iter().map(str::to_string).collect(),
                event_type: i.event_type.clone(),
                killed: i.fatalities.map(|e| e.best),
                summary: i.summary.clone(),
            };
            serde_json::to_writer(&mut *buf, &entry)?;
            Ok(true)
        },
    )?;
    out.write_all(b"]}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_deterministic_and_safe() {
        let keys = vec![
            (
                ("Kourou".to_string(), Some("ML".to_string())),
                "Kourou".to_string(),
                Some("ML".to_string()),
            ),
            (
                ("Kourou".to_string(), Some("BF".to_string())),
                "Kourou".to_string(),
                Some("BF".to_string()),
            ),
            (("Kourou".to_string(), None), "Kourou".to_string(), None),
            (
                ("../../etc".to_string(), None),
                "../../etc".to_string(),
                None,
            ),
            (("Ségou".to_string(), None), "Ségou".to_string(), None),
            (("Segou".to_string(), None), "Segou".to_string(), None),
        ];
        let a = unique_slugs(&keys);
        let mut reversed = keys.clone();
        reversed.reverse();
        assert_eq!(a, unique_slugs(&reversed), "order of input must not matter");
        let values: BTreeSet<&String> = a.values().collect();
        assert_eq!(values.len(), a.len(), "slugs collide: {a:?}");
        for s in a.values() {
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{s}"
            );
        }
        assert_eq!(a[&("../../etc".to_string(), None)], "etc");
        // Key order: (Kourou, None) < (Kourou, Some(BF)) < (Kourou, Some(ML)).
        assert_eq!(a[&("Kourou".to_string(), None)], "kourou");
        assert_eq!(
            a[&("Kourou".to_string(), Some("BF".to_string()))],
            "kourou-bf"
        );
        assert_eq!(
            a[&("Kourou".to_string(), Some("ML".to_string()))],
            "kourou-ml"
        );
        assert_eq!(a[&("Segou".to_string(), None)], "segou");
        assert_eq!(a[&("Ségou".to_string(), None)], "segou-2");
    }

    #[test]
    fn a_suffix_never_takes_another_keys_slug() {
        let keys: Vec<(String, String, Option<String>)> = ["A", "a", "a 2"]
            .iter()
            .map(|s| (s.to_string(), s.to_string(), None))
            .collect();
        let m = unique_slugs(&keys);
        let values: BTreeSet<&String> = m.values().collect();
        assert_eq!(values.len(), 3, "{m:?}");
    }
}
