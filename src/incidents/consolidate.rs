//! Consolidation: the mentions of one incident in several articles become one `Incident`.
//!
//! Two mentions are the same incident when (`same_incident`):
//! - they come from different articles (an article's own mentions were already told apart);
//! - their dates overlap given their precision (a July mention matches July 14);
//! - both name a place and the places agree (`PlaceValue::compatible`: same town, a distance
//!   phrase that fits, a region that contains the town);
//! - their kinds do not contradict (a protest is not an attack).
//!
//! Mentions are taken in a canonical order (most precise date first), so the result does not
//! depend on the order articles were read; each joins the first compatible incident, found
//! through a date index rather than by comparing all pairs.
//!
//! An analyst can then fold incidents together (`overrides`, `merge_into`): `rebuild`
//! recomputes such an incident from the combined mentions by the same rules, keeping its id.

use super::ids::assign_ids;
use crate::model::{
    Article, CasualtyKind, Cited, Estimate, Figure, Group, Incident, Mention, PlaceValue, Quantity,
    SourceReport,
};
use rayon::prelude::*;
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Event types that are not violence: never merged with an attack.
const NON_VIOLENT: &[&str] = &["Protests", "Riots", "Strategic developments"];

/// Whether two mentions can be the same incident (see the module documentation).
pub fn same_incident(a: &Mention, b: &Mention) -> bool {
    if a.article == b.article {
        return false;
    }
    let (Some(da), Some(db)) = (&a.date, &b.date) else {
        return false;
    };
    if !da.value.overlaps(&db.value) {
        return false;
    }
    let (Some(pa), Some(pb)) = (&a.place, &b.place) else {
        return false;
    };
    if !pa.value.compatible(&pb.value) {
        return false;
    }
    let violent = |m: &Mention| {
        m.event_type
            .as_ref()
            .is_none_or(|e| !NON_VIOLENT.contains(&e.value.as_str()))
    };
    violent(a) == violent(b)
}

fn precision_rank(m: &Mention) -> (u8, u8) {
    let d = m
        .date
        .as_ref()
        .map(|d| d.value.precision as u8)
        .unwrap_or(9);
    let p = m.place.as_ref().map(|p| p.value.geo_precision).unwrap_or(9);
    (d, p)
}

/// Group mentions into incidents and consolidate each. `articles` gives publishers and dates.
/// The mentions may be shared already (`Arc`): incidents take them over without copying.
pub fn consolidate(
    mentions: impl IntoIterator<Item = impl Into<Arc<Mention>>>,
    articles: &[Article],
) -> Vec<Incident> {
    consolidate_reusing(mentions, articles, &mut Reusable::default())
}

/// The incidents of an earlier consolidation, by the mentions each was made from.
///
/// An incident follows from the set of its mentions and from their articles alone (see
/// `build_incident`), so a cluster of exactly the same mentions makes the same incident:
/// `briefing serve` keeps the incidents of its last build here, and a rebuild after an edit
/// takes over those of the clusters the edit left alone instead of making them again (most
/// of consolidation's work). Mentions are told apart by their address: the mentions of an
/// unchanged article are the same shared values from build to build (`build::Memory`),
/// while those of an article read afresh are new. The incidents held here keep their
/// mentions alive, so no new mention can take the address of one of them.
#[derive(Default)]
pub struct Reusable {
    by_mentions: HashMap<Vec<usize>, Incident>,
}

impl Reusable {
    /// Keep `incidents` for the next consolidation of the same articles: those that are as
    /// consolidation made them (an analyst's override changed nothing in them). Ids are
    /// given again by the next consolidation.
    pub fn new(incidents: Vec<Incident>) -> Reusable {
        let by_mentions = incidents
            .into_iter()
            .filter(|i| i.overrides.is_empty() && i.merged_from.is_empty() && i.note.is_none())
            .map(|i| (identity(i.reports.iter().map(|r| &r.mention)), i))
            .collect();
        Reusable { by_mentions }
    }

    pub fn is_empty(&self) -> bool {
        self.by_mentions.is_empty()
    }

    /// The kept incident made of exactly these mentions.
    fn take(&mut self, mentions: &[Arc<Mention>]) -> Option<Incident> {
        self.by_mentions.remove(&identity(mentions.iter()))
    }
}

/// A set of mentions by their addresses, in a canonical order.
fn identity<'a>(mentions: impl Iterator<Item = &'a Arc<Mention>>) -> Vec<usize> {
    let mut addresses: Vec<usize> = mentions.map(|m| Arc::as_ptr(m) as usize).collect();
    addresses.sort_unstable();
    addresses
}

/// [`consolidate`], taking over from `reuse` the incidents of the clusters it has.
pub fn consolidate_reusing(
    mentions: impl IntoIterator<Item = impl Into<Arc<Mention>>>,
    articles: &[Article],
    reuse: &mut Reusable,
) -> Vec<Incident> {
    let mentions: Vec<Arc<Mention>> = mentions.into_iter().map(Into::into).collect();
    // Canonical order: most precise first, then by date, article, first sentence. Kept as
    // positions: a mention is moved once, into its cluster (a sorted copy of tens of
    // thousands of mentions was the largest allocation of a build).
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&mentions[a], &mentions[b]);
        precision_rank(a)
            .cmp(&precision_rank(b))
            .then_with(|| {
                a.date
                    .as_ref()
                    .map(|d| d.value)
                    .cmp(&b.date.as_ref().map(|d| d.value))
            })
            .then_with(|| a.article.cmp(&b.article))
            .then_with(|| a.sentences.first().cmp(&b.sentences.first()))
    });
    // In the order `cluster` creates them: that of their first mention.
    let mut clusters = {
        let canonical: Vec<&Mention> = order.iter().map(|&i| &*mentions[i]).collect();
        clusters_by_country(&canonical)
    };
    clusters.sort_unstable_by_key(|c| c[0]);
    let mut slots: Vec<Option<Arc<Mention>>> = mentions.into_iter().map(Some).collect();
    let clusters: Vec<Vec<Arc<Mention>>> = clusters
        .into_iter()
        .map(|c| {
            c.into_iter()
                .filter_map(|p| slots[order[p]].take())
                .collect()
        })
        .collect();
    drop(slots);
    drop(order);
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    // Each cluster becomes an incident on its own, in parallel, unless it was one before
    // (looked up only when there is something to find: the lookup sorts addresses).
    let known: Vec<Result<Incident, Vec<Arc<Mention>>>> = if reuse.is_empty() {
        clusters.into_iter().map(Err).collect()
    } else {
        clusters
            .into_iter()
            .map(|c| reuse.take(&c).ok_or(c))
            .collect()
    };
    let mut incidents: Vec<Incident> = known
        .into_par_iter()
        .map(|k| k.unwrap_or_else(|c| build_incident(c, &by_id)))
        .collect();
    sort_moving_once(&mut incidents, |a, b| {
        a.date
            .as_ref()
            .map(|d| d.value)
            .cmp(&b.date.as_ref().map(|d| d.value))
            .then_with(|| {
                a.place
                    .as_ref()
                    .map(|p| p.value.name.as_str())
                    .cmp(&b.place.as_ref().map(|p| p.value.name.as_str()))
            })
            .then_with(|| first_key(a).cmp(&first_key(b)))
    });
    assign_ids(&mut incidents);
    incidents
}

/// The clusters of `mentions` (in canonical order), each a list of positions, in any order
/// (sorting them by their first position gives the order `cluster` creates them in).
///
/// Candidates are only sought among clusters of the mention's own country or of none, so
/// when every placed mention has a country, the mentions of each country cluster on their
/// own, in parallel, exactly as they would all together.
fn clusters_by_country<M: Borrow<Mention> + Sync>(mentions: &[M]) -> Vec<Vec<usize>> {
    let every_place_has_a_country = mentions.iter().all(|m| {
        m.borrow()
            .place
            .as_ref()
            .is_none_or(|p| p.value.country.is_some())
    });
    if every_place_has_a_country {
        let mut by_country: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
        for (i, m) in mentions.iter().enumerate() {
            let country = m
                .borrow()
                .place
                .as_ref()
                .and_then(|p| p.value.country.as_deref());
            by_country.entry(country).or_default().push(i);
        }
        let groups: Vec<Vec<usize>> = by_country.into_values().collect();
        groups
            .par_iter()
            .flat_map_iter(|positions| cluster(mentions, positions))
            .collect()
    } else {
        let all: Vec<usize> = (0..mentions.len()).collect();
        cluster(mentions, &all)
    }
}

/// Group the mentions at `positions` (in canonical order) into clusters, each a list of
/// positions, in the order the clusters are created: a mention joins the first cluster it
/// can, else starts one.
fn cluster<M: Borrow<Mention>>(mentions: &[M], positions: &[usize]) -> Vec<Vec<usize>> {
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    // Clusters indexed by the first day their first mention's date can mean. A cluster can
    // take a mention only if its first mention's date overlaps the mention's, so candidates
    // start at most that date's width before the mention. Two indexes, so that the many
    // narrow clusters (up to 31 days wide: a day, a week, a month) are searched a month back
    // and only the few wider ones (a year, a range of months) a year back.
    // Per country of the first mention as well: two mentions with different countries are
    // never the same incident, so a mention placed in Mali is compared only with clusters
    // placed in Mali or in no country (a mention with no place joins nothing).
    type ByDate = BTreeMap<chrono::NaiveDate, Vec<usize>>;
    let mut index: HashMap<Option<String>, [ByDate; 2]> = HashMap::new();
    let mut candidates: Vec<(chrono::NaiveDate, usize)> = Vec::new();
    for &position in positions {
        let m = mentions[position].borrow();
        let mut joined = None;
        if let (Some(d), Some(place)) = (m.date.as_ref().map(|d| d.value), m.place.as_ref()) {
            candidates.clear();
            let country = &place.value.country;
            let searched: Vec<&[ByDate; 2]> = match country {
                Some(_) => [index.get(country), index.get(&None)]
                    .into_iter()
                    .flatten()
                    .collect(),
                None => index.values().collect(),
            };
            for [narrow, wide] in searched {
                for (by_date, back) in [(narrow, 31), (wide, 366)] {
                    let from = d.date - chrono::Duration::days(back);
                    for (day, ids) in by_date.range(from..=d.last()) {
                        candidates.extend(ids.iter().map(|&ci| (*day, ci)));
                    }
                }
            }
            // The order of a single index by date: earliest first, then oldest cluster.
            candidates.sort_unstable();
            for &(_, ci) in &candidates {
                let c = &clusters[ci];
                if c.iter().all(|&x| mentions[x].borrow().article != m.article)
                    && c.iter().all(|&x| same_incident(mentions[x].borrow(), m))
                {
                    joined = Some(ci);
                    break;
                }
            }
        }
        match joined {
            Some(ci) => clusters[ci].push(position),
            None => {
                if let (Some(d), Some(place)) = (m.date.as_ref(), m.place.as_ref()) {
                    // By the actual width: a "month" can be a range of months ("between
                    // March and May").
                    let wide = usize::from((d.value.last() - d.value.date).num_days() > 31);
                    index.entry(place.value.country.clone()).or_default()[wide]
                        .entry(d.value.date)
                        .or_default()
                        .push(clusters.len());
                }
                clusters.push(vec![position]);
            }
        }
    }
    clusters
}

/// Sort `items` stably by `cmp`, moving each at most a few times: the order is found on
/// positions, then applied in place by following its cycles. Sorting the large values
/// themselves moves them at every step of the sort (a fifth of consolidation's time), and a
/// sorted copy would hold them twice.
fn sort_moving_once<T>(items: &mut [T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| cmp(&items[a], &items[b]));
    // `order[i]` is the position of the item that belongs at `i`.
    for start in 0..items.len() {
        let mut i = start;
        while order[i] != start {
            let next = order[i];
            items.swap(i, next);
            order[i] = i;
            i = next;
        }
        order[i] = i;
    }
}

fn first_key(i: &Incident) -> (&str, usize) {
    i.reports
        .first()
        .map(|r| {
            (
                r.article.as_str(),
                r.mention.sentences.first().copied().unwrap_or(0),
            )
        })
        .unwrap_or_default()
}

/// Sub-event types from most to least specific: when sources differ, the specific one wins
/// ("a suicide attack" tells more than "an attack").
const SUB_EVENT_PRIORITY: &[&str] = &[
    "Suicide bomb",
    "Remote explosive/landmine/IED",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Grenade",
    "Abduction/forced disappearance",
    "Sexual violence",
    "Non-state actor overtakes territory",
    "Government regains territory",
    "Attack",
    "Armed clash",
];

/// Recompute an incident from a set of mentions, keeping the id it already has: used when an
/// analyst folds incidents together (`merge_into`). Unlike `consolidate`, the mentions are
/// not regrouped (the analyst decided they are one incident) and one article may report
/// twice; the estimates, date, place and title are derived exactly as `consolidate` does.
/// Returns `None` when there is no mention.
pub fn rebuild(
    id: &str,
    mentions: impl IntoIterator<Item = impl Into<Arc<Mention>>>,
    articles: &[Article],
) -> Option<Incident> {
    let mentions: Vec<Arc<Mention>> = mentions.into_iter().map(Into::into).collect();
    if mentions.is_empty() {
        return None;
    }
    let by_id: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut incident = build_incident(mentions, &by_id);
    incident.id = id.to_string();
    Some(incident)
}

/// `reports` must not be empty (a cluster always has its first mention).
fn build_incident(mut reports: Vec<Arc<Mention>>, articles: &HashMap<&str, &Article>) -> Incident {
    let published = |id: &str| articles.get(id).and_then(|a| a.meta.published);
    // Ties (one article reporting twice, after an analyst's merge) put the article's headline
    // incident first, then text order, so the lead sentence and picks are deterministic.
    reports.sort_by(|a, b| {
        published(&a.article)
            .cmp(&published(&b.article))
            .then_with(|| a.article.cmp(&b.article))
            .then_with(|| b.headline.cmp(&a.headline))
            .then_with(|| a.sentences.first().cmp(&b.sentences.first()))
    });

    // Date: the most precise; among equals, the earliest report's.
    let date_pick = reports
        .iter()
        .filter_map(|m| m.date.as_ref().map(|d| (d, &m.article)))
        .min_by_key(|(d, _)| d.value.precision);
    let (date, date_source) = match date_pick {
        Some((d, a)) => (Some(d.clone()), Some(a.clone())),
        None => (None, None),
    };
    let place_pick = reports
        .iter()
        .filter_map(|m| m.place.as_ref().map(|p| (p, &m.article)))
        .min_by_key(|(p, _)| p.value.geo_precision);
    let (place, place_source) = match place_pick {
        Some((p, a)) => (Some(p.clone()), Some(a.clone())),
        None => (None, None),
    };
    let sub = reports
        .iter()
        .filter_map(|m| Some((m.event_type.as_ref()?, m.sub_event_type.as_ref()?)))
        .min_by_key(|(_, s)| {
            SUB_EVENT_PRIORITY
                .iter()
                .position(|p| *p == s.value)
                .unwrap_or(usize::MAX)
        });
    let (event_type, sub_event_type) = match sub {
        Some((e, s)) => (Some(e.value.clone()), Some(s.value.clone())),
        None => (None, None),
    };
    let union = |f: fn(&Mention) -> &Vec<Cited<String>>| {
        let mut out: Vec<String> = Vec::new();
        for m in &reports {
            for c in f(m) {
                if !out.contains(&c.value) {
                    out.push(c.value.clone());
                }
            }
        }
        out
    };
    let mut perpetrators = union(|m| &m.perpetrators);
    // A named group makes "unidentified" attackers redundant.
    if perpetrators.iter().any(|p| !is_generic_actor(p)) {
        perpetrators.retain(|p| !is_generic_actor(p));
    }
    let claimed_by = union(|m| &m.claimed_by);
    let targets = union(|m| &m.targets);

    let all_figures: Vec<Figure> = reports
        .iter()
        .flat_map(|m| combine_same_sentence(&m.figures))
        .collect();
    let (fatalities, fatality_groups) = incident_deaths(reports.iter().map(|m| &m.figures));
    let wounded = estimate(
        all_figures
            .iter()
            .filter(|f| f.kind == CasualtyKind::Wounded)
            .map(|f| f.total),
    );

    let lead = &reports[0];
    let summary = lead
        .sentences
        .first()
        .and_then(|n| {
            articles
                .get(lead.article.as_str())
                .map(|a| a.sentence_text(*n).to_string())
        })
        .unwrap_or_default();
    let mut incident = Incident {
        id: String::new(),
        title: String::new(),
        summary,
        date,
        date_source,
        place,
        place_source,
        event_type,
        sub_event_type,
        perpetrators,
        claimed_by,
        targets,
        fatalities,
        fatality_groups,
        wounded,
        reports: reports
            .into_iter()
            .map(|m| SourceReport {
                article: m.article.clone(),
                mention: m,
            })
            .collect(),
        overrides: Vec::new(),
        note: None,
        merged_from: Vec::new(),
    };
    incident.title = title_of(&incident);
    incident
}

/// The death toll one mention states on its own (the same rule as the incident's estimate):
/// what a source says, to compare sources with each other.
pub fn mention_deaths(m: &Mention) -> Option<Estimate> {
    report_deaths(&m.figures).0
}

/// The death toll of one report (one mention's figures): its figures are combined
/// (`combine_same_sentence`), restatements of a sided toll dropped (`drop_restated`), then
/// victims and attackers added (`estimate_deaths`). Only within one report are figures of
/// different sides added: that report counted them apart.
fn report_deaths(figures: &[Figure]) -> (Option<Estimate>, Vec<(Group, u32)>) {
    estimate_deaths(&drop_restated(combine_same_sentence(figures)))
}

/// An incident's deaths from its reports' figures. Each report's toll stands on its own and
/// the reports' tolls are alternative statements of the same deaths, never added: three
/// sources saying 8, 7 and 11 soldiers died give 7–11, not their sum, and a source counting
/// only the soldiers is not topped up with another source's count of attackers (the sides of
/// different sources are not known to be apart, and a misread side would double the toll).
/// Low and high span the reports' tolls; best is the most conservative (the lowest), as for
/// the figures of one report. Groups keep, per side, the lowest figure any report states.
fn incident_deaths<'a>(
    reports: impl Iterator<Item = &'a Vec<Figure>>,
) -> (Option<Estimate>, Vec<(Group, u32)>) {
    let mut total: Option<Estimate> = None;
    let mut groups: BTreeMap<Group, u32> = BTreeMap::new();
    for figures in reports {
        let (toll, sides) = report_deaths(figures);
        if let Some(t) = toll {
            total = Some(match total {
                None => t,
                Some(e) => Estimate {
                    low: e.low.min(t.low),
                    best: e.best.min(t.best),
                    high: e.high.max(t.high),
                },
            });
        }
        for (g, n) in sides {
            let e = groups.entry(g).or_insert(n);
            *e = (*e).min(n);
        }
    }
    (total, groups.into_iter().collect())
}

/// Drop the figures of one report that only restate a toll of a stated side: a figure that
/// does not say whose deaths it counts ("the provisional toll stands at 25 dead", "officials
/// say 8 were killed") and equals a figure of a named side ("25 fighters were killed"), or the
/// sides' total ("six soldiers and 48 assailants … 54 dead"), is the same deaths told again.
/// Kept, it would count as victims next to the attackers and double the toll. An unspecified
/// figure that matches no sided figure stays: it is a toll of its own.
fn drop_restated(figures: Vec<Figure>) -> Vec<Figure> {
    let unsided = |f: &Figure| f.group == Group::Unspecified && f.parts.is_empty();
    let sided: Vec<&Figure> = figures.iter().filter(|f| !unsided(f)).collect();
    if sided.is_empty() {
        return figures;
    }
    // Every total the sided figures of each kind can state: each figure, and the sum of the
    // most conservative figure of each side (victims plus attackers).
    let same = |a: Quantity, b: Quantity| a.low == b.low && a.high == b.high;
    let restates = |f: &Figure| {
        let of_kind: Vec<&&Figure> = sided.iter().filter(|s| s.kind == f.kind).collect();
        if of_kind.iter().any(|s| same(s.total, f.total)) {
            return true;
        }
        let (Some(v), Some(a)) = (
            of_kind
                .iter()
                .filter(|s| s.group != Group::Assailants)
                .map(|s| s.total.low)
                .min(),
            of_kind
                .iter()
                .filter(|s| s.group == Group::Assailants)
                .map(|s| s.total.low)
                .min(),
        ) else {
            return false;
        };
        f.total.low == f.total.high && f.total.low == v.saturating_add(a)
    };
    let drop: Vec<bool> = figures.iter().map(|f| unsided(f) && restates(f)).collect();
    figures
        .into_iter()
        .zip(drop)
        .filter_map(|(f, d)| (!d).then_some(f))
        .collect()
}

/// Whether an actor name says only that the attackers are unknown.
pub fn is_generic_actor(name: &str) -> bool {
    let n = name.to_lowercase();
    n.starts_with("unidentified") || n.starts_with("unknown") || n.contains("(unidentified)")
}

/// Figures of one sentence for different sides add up ("one soldier was killed and five
/// civilians died"); figures in different sentences are alternative statements. First the
/// report's additions are added to the figure before them and parts covered by a toll dropped
/// (`casualties::resolve_roles`: "12 dead at the scene … three others died later" is 15).
fn combine_same_sentence(figures: &[Figure]) -> Vec<Figure> {
    let figures = crate::extract::casualties::resolve_roles(figures);
    let mut out: Vec<Figure> = Vec::new();
    for f in &figures {
        let addable = |o: &Figure| {
            o.sentence == f.sentence
                && o.kind == f.kind
                && o.group != Group::Unspecified
                && f.group != Group::Unspecified
                && o.group != Group::Assailants
                && f.group != Group::Assailants
                && o.group != f.group
                && o.parts.is_empty()
                && f.parts.is_empty()
        };
        if let Some(o) = out.iter_mut().find(|o| addable(o)) {
            o.parts = vec![(o.group, o.total), (f.group, f.total)];
            o.parts.sort_by_key(|(g, _)| *g);
            o.total = Quantity {
                low: o.total.low + f.total.low,
                high: o.total.high + f.total.high,
                qualifier: o.total.qualifier,
            };
            o.group = Group::Unspecified;
        } else {
            out.push(f.clone());
        }
    }
    out
}

/// Low / best / high of stated figures: low and high span every figure, best is the most
/// conservative figure stated (the lowest).
fn estimate(figures: impl Iterator<Item = Quantity>) -> Option<Estimate> {
    let mut low: Option<u32> = None;
    let mut high: Option<u32> = None;
    for q in figures {
        low = Some(low.map_or(q.low, |l| l.min(q.low)));
        high = Some(high.map_or(q.high, |h| h.max(q.high)));
    }
    let low = low?;
    Some(Estimate {
        low,
        best: low,
        high: high.unwrap_or(low),
    })
}

fn assailant_share(f: &Figure) -> Option<Quantity> {
    if f.group == Group::Assailants {
        return Some(f.total);
    }
    f.parts
        .iter()
        .find(|(g, _)| *g == Group::Assailants)
        .map(|(_, q)| *q)
}

/// Deaths: victims and attackers counted apart, then added (ACLED and UCDP count every death).
fn estimate_deaths(figures: &[Figure]) -> (Option<Estimate>, Vec<(Group, u32)>) {
    let killed: Vec<&Figure> = figures
        .iter()
        .filter(|f| f.kind == CasualtyKind::Killed)
        .collect();
    let victims = estimate(
        killed
            .iter()
            .filter(|f| f.group != Group::Assailants)
            .map(|f| {
                let a = assailant_share(f).unwrap_or(Quantity::exact(0));
                Quantity {
                    low: f.total.low.saturating_sub(a.low),
                    high: f.total.high.saturating_sub(a.high),
                    qualifier: f.total.qualifier,
                }
            }),
    );
    let assailants = estimate(killed.iter().filter_map(|f| assailant_share(f)));
    let total = match (victims, assailants) {
        (Some(v), Some(a)) => Some(Estimate {
            low: v.low + a.low,
            best: v.best + a.best,
            high: v.high + a.high,
        }),
        (v, a) => v.or(a),
    };
    let mut groups: BTreeMap<Group, u32> = BTreeMap::new();
    for f in &killed {
        let stated: Vec<(Group, Quantity)> = if f.parts.is_empty() {
            vec![(f.group, f.total)]
        } else {
            f.parts.clone()
        };
        for (g, q) in stated {
            if g == Group::Unspecified {
                continue;
            }
            let e = groups.entry(g).or_insert(q.low);
            *e = (*e).min(q.low);
        }
    }
    (total, groups.into_iter().collect())
}

fn place_phrase(p: &PlaceValue) -> String {
    match p.geo_precision {
        1 => format!("in {}", p.name),
        2 => format!("near {}", p.name),
        _ => format!("in {}", p.name),
    }
}

/// A headline for the incident: what, where, and the toll ("Suicide bombing in Kati: 1 killed").
pub fn title_of(i: &Incident) -> String {
    let what = match i.sub_event_type.as_deref() {
        Some("Suicide bomb") => "Suicide bombing",
        Some("Remote explosive/landmine/IED") => "Explosive attack",
        Some("Air/drone strike") => "Air or drone strike",
        Some("Shelling/artillery/missile attack") => "Shelling",
        Some("Abduction/forced disappearance") => "Abduction",
        Some("Attack") => "Attack on civilians",
        Some("Armed clash") => "Armed attack",
        Some(other) => other,
        None => "Attack",
    };
    // Target objects are lower-case nouns ("checkpoint"); named forces read badly after "on a".
    let target = i
        .targets
        .iter()
        .find(|t| t.chars().next().is_some_and(char::is_lowercase))
        .map(|t| format!(" on {}", with_article(t)))
        .unwrap_or_default();
    let where_ = i
        .place
        .as_ref()
        .map(|p| format!(" {}", place_phrase(&p.value)))
        .unwrap_or_default();
    let toll = match (i.fatalities, i.wounded) {
        (Some(f), _) if f.high > 0 => format!(": {} killed", range_text(f)),
        (Some(_), Some(w)) if w.high > 0 => format!(": no deaths, {} wounded", range_text(w)),
        (Some(_), _) => ": no casualties reported".to_string(),
        (None, Some(w)) if w.high > 0 => format!(": {} wounded", range_text(w)),
        _ => String::new(),
    };
    format!("{what}{target}{where_}{toll}")
}

fn with_article(noun: &str) -> String {
    let first = noun.chars().next().unwrap_or('x').to_ascii_lowercase();
    if noun.ends_with('s') && !noun.ends_with("ss") {
        noun.to_string()
    } else if "aeiou".contains(first) {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// "6", "70–100".
pub fn range_text(e: Estimate) -> String {
    if e.low == e.high {
        e.best.to_string()
    } else {
        format!("{}–{}", e.low, e.high)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatePrecision, DateValue, Qualifier, Quantity};
    use chrono::NaiveDate;

    /// Applying the order in place gives a stable sort, whatever the cycles.
    #[test]
    fn sort_moving_once_is_a_stable_sort() {
        let mut state = 7u64;
        for len in [0usize, 1, 2, 3, 10, 100, 1000] {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((state >> 59) as u8, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|x| x.0);
            let mut got = items;
            sort_moving_once(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, expected, "{len} items");
        }
    }

    /// `n` generated articles (`corpus_gen`) and their mentions, as a build extracts them.
    fn generated(n: usize, seed: u64) -> (Vec<Article>, Vec<Mention>) {
        let config = crate::config::Config::default();
        let gazetteer = crate::build::gazetteer_for(&config);
        let articles: Vec<Article> =
            crate::corpus_gen::articles(&crate::corpus_gen::GenOptions { articles: n, seed })
                .iter()
                .map(|g| {
                    let path = std::path::PathBuf::from(format!("content/articles/{}", g.file));
                    crate::content::parse_article(&path, g.text.as_bytes())
                        .expect("generated article")
                })
                .collect();
        let mentions = crate::build::extract_all(&articles, &config, &gazetteer);
        (articles, mentions)
    }

    /// Consolidating again with the incidents of the last run kept gives what a fresh run
    /// gives, and takes over the incidents of exactly the clusters an edit left alone; an
    /// incident an override changed is never kept.
    #[test]
    fn reusing_the_last_incidents_changes_nothing_but_the_work() {
        let (articles, mentions) = generated(120, 9);
        let shared: Vec<Arc<Mention>> = mentions.into_iter().map(Arc::new).collect();
        let first = consolidate(shared.clone(), &articles);
        assert!(first.iter().any(|i| i.reports.len() > 1), "some merges");

        // Unchanged: every incident is taken over, and the result is the same.
        let mut reuse = Reusable::new(first.clone());
        let again = consolidate_reusing(shared.clone(), &articles, &mut reuse);
        assert_eq!(again, first);
        assert!(reuse.is_empty(), "every incident taken over");

        // One article "edited": its mentions are new values (equal, but not the same).
        let edited = &first.iter().find(|i| i.reports.len() > 1).unwrap().reports[0].article;
        let mentions: Vec<Arc<Mention>> = shared
            .iter()
            .map(|m| {
                if &m.article == edited {
                    Arc::new(Mention::clone(m))
                } else {
                    Arc::clone(m)
                }
            })
            .collect();
        let touched = first
            .iter()
            .filter(|i| i.reports.iter().any(|r| &r.article == edited))
            .count();
        let mut reuse = Reusable::new(first.clone());
        let after = consolidate_reusing(mentions.clone(), &articles, &mut reuse);
        assert_eq!(after, consolidate(mentions, &articles));
        assert_eq!(
            reuse.by_mentions.len(),
            touched,
            "only the edited clusters rebuilt"
        );

        // An incident an override changed is not kept.
        let mut changed = first.clone();
        changed[0].overrides.push(("fatalities".into(), "3".into()));
        changed[1].note = Some("checked".into());
        let reuse = Reusable::new(changed);
        assert_eq!(reuse.by_mentions.len(), first.len() - 2);
    }

    /// Clustering each country apart gives the clusters of clustering everything at once.
    #[test]
    fn clusters_by_country_are_those_of_one_pass() {
        let (_, mut mentions) = generated(80, 5);
        mentions.sort_by(|a, b| {
            precision_rank(a)
                .cmp(&precision_rank(b))
                .then_with(|| a.article.cmp(&b.article))
        });
        let countries: std::collections::BTreeSet<_> = mentions
            .iter()
            .filter_map(|m| m.place.as_ref()?.value.country.clone())
            .collect();
        assert!(countries.len() >= 2, "{countries:?}");
        let mut by_country = clusters_by_country(&mentions);
        by_country.sort_unstable_by_key(|c| c[0]);
        let all: Vec<usize> = (0..mentions.len()).collect();
        let one_pass = cluster(&mentions, &all);
        assert!(
            one_pass.iter().any(|c| c.len() > 1),
            "some merges to compare"
        );
        assert_eq!(by_country, one_pass);
    }

    fn place(name: &str, lat: f64, lon: f64, prec: u8, dist: Option<f64>) -> Cited<PlaceValue> {
        Cited {
            value: PlaceValue {
                name: name.into(),
                admin1: Some("Koulikoro".into()),
                country: Some("ML".into()),
                lat: Some(lat),
                lon: Some(lon),
                geo_precision: prec,
                distance_km: dist,
                phrase: name.into(),
            },
            sentence: 1,
        }
    }
    fn killed(n: u32, q: Qualifier, group: Group, sentence: usize) -> Figure {
        Figure {
            kind: CasualtyKind::Killed,
            total: Quantity {
                low: n,
                high: n,
                qualifier: q,
            },
            parts: vec![],
            group,
            attribution: None,
            sentence,
            role: Default::default(),
        }
    }
    fn mention(
        article: &str,
        date: DateValue,
        place: Cited<PlaceValue>,
        figures: Vec<Figure>,
    ) -> Mention {
        Mention {
            article: article.into(),
            headline: true,
            date: Some(Cited {
                value: date,
                sentence: 1,
            }),
            place: Some(place),
            event_type: None,
            sub_event_type: None,
            perpetrators: vec![],
            claimed_by: vec![],
            targets: vec![],
            figures,
            sentences: vec![1],
        }
    }
    fn day(s: &str) -> DateValue {
        DateValue::day(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }
    fn month(y: i32, m: u32) -> DateValue {
        let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(y, m + 1, 1)
            .unwrap()
            .pred_opt()
            .unwrap();
        DateValue {
            date: first,
            end: Some(last),
            precision: DatePrecision::Month,
        }
    }

    #[test]
    fn merges_sources_and_keeps_the_conservative_best() {
        let bamako = || place("Bamako", 12.65, -8.0, 1, None);
        let a = mention("ap", day("2024-09-17"), bamako(), vec![]);
        let b = mention(
            "arab-news",
            day("2024-09-17"),
            bamako(),
            vec![
                killed(70, Qualifier::AtLeast, Group::Unspecified, 2),
                killed(77, Qualifier::Exact, Group::Unspecified, 3),
                killed(100, Qualifier::About, Group::Unspecified, 3),
            ],
        );
        let other = mention(
            "x",
            day("2024-09-17"),
            place("Gao", 16.27, -0.04, 1, None),
            vec![],
        );
        let incidents = consolidate(vec![b, other, a], &[]);
        assert_eq!(incidents.len(), 2);
        let bamako = incidents
            .iter()
            .find(|i| i.place.as_ref().unwrap().value.name == "Bamako")
            .unwrap();
        assert_eq!(bamako.reports.len(), 2);
        assert_eq!(
            bamako.fatalities,
            Some(Estimate {
                low: 70,
                best: 70,
                high: 100
            })
        );
        assert_eq!(bamako.id, "2024-09-17-bamako");
    }

    #[test]
    fn month_mention_joins_day_mention_when_the_distance_fits() {
        let zantiguila = mention(
            "aj",
            day("2022-07-14"),
            place("Zantiguila", 12.80, -7.45, 1, None),
            vec![killed(6, Qualifier::Exact, Group::Unspecified, 1)],
        );
        let voa = mention(
            "voa",
            month(2022, 7),
            place("Bamako", 12.65, -8.0, 2, Some(70.0)),
            vec![killed(6, Qualifier::Exact, Group::Unspecified, 1)],
        );
        let kati_voa = mention(
            "voa",
            month(2022, 7),
            place("Bamako", 12.65, -8.0, 2, Some(15.0)),
            vec![],
        );
        let incidents = consolidate(vec![kati_voa, voa, zantiguila], &[]);
        assert_eq!(incidents.len(), 2);
        assert!(
            incidents
                .iter()
                .any(|i| i.reports.len() == 2 && i.id == "2022-07-14-zantiguila")
        );
    }

    #[test]
    fn order_independent() {
        let ms = vec![
            mention(
                "a",
                day("2022-07-27"),
                place("Sokolo", 14.73, -6.12, 1, None),
                vec![
                    killed(6, Qualifier::Exact, Group::SecurityForces, 1),
                    killed(48, Qualifier::Exact, Group::Assailants, 2),
                ],
            ),
            mention(
                "b",
                day("2022-07-27"),
                place("Sokolo", 14.73, -6.12, 1, None),
                vec![],
            ),
            mention(
                "c",
                day("2022-07-27"),
                place("Kaloumba", 15.0, -10.5, 1, None),
                vec![],
            ),
        ];
        let one = consolidate(ms.clone(), &[]);
        let mut rev = ms;
        rev.reverse();
        let two = consolidate(rev, &[]);
        assert_eq!(
            one.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
            two.iter().map(|i| i.id.clone()).collect::<Vec<_>>()
        );
        let sokolo = one.iter().find(|i| i.id.contains("sokolo")).unwrap();
        assert_eq!(
            sokolo.fatalities,
            Some(Estimate {
                low: 54,
                best: 54,
                high: 54
            })
        );
        assert_eq!(
            sokolo.fatality_groups,
            vec![(Group::SecurityForces, 6), (Group::Assailants, 48)]
        );
    }

    fn deaths(i: &Incident) -> Option<(u32, u32, u32)> {
        i.fatalities.map(|e| (e.low, e.best, e.high))
    }

    fn at(article: &str, figures: Vec<Figure>) -> Mention {
        mention(
            article,
            day("2025-10-29"),
            place("Bafoulabe", 13.8, -10.8, 1, None),
            figures,
        )
    }

    #[test]
    fn tolls_of_several_sources_are_alternatives_not_added() {
        let sf = Group::SecurityForces;
        let ms = vec![
            at(
                "a",
                vec![
                    killed(8, Qualifier::Exact, sf, 1),
                    killed(8, Qualifier::Exact, sf, 2),
                ],
            ),
            // A side read differently by another source is still the same deaths.
            at("b", vec![killed(7, Qualifier::Exact, Group::Assailants, 1)]),
            at("c", vec![killed(11, Qualifier::Exact, sf, 1)]),
        ];
        let incidents = consolidate(ms, &[]);
        assert_eq!(incidents.len(), 1);
        assert_eq!(deaths(&incidents[0]), Some((7, 7, 11)));
        let two = consolidate(
            vec![
                at("a", vec![killed(115, Qualifier::Exact, sf, 1)]),
                at(
                    "b",
                    vec![killed(117, Qualifier::Exact, Group::Unspecified, 1)],
                ),
            ],
            &[],
        );
        assert_eq!(deaths(&two[0]), Some((115, 115, 117)));
    }

    #[test]
    fn a_toll_repeated_in_the_same_report_is_not_added() {
        // "25 fighters were killed … The provisional toll stands at 25 dead."
        let m = at(
            "a",
            vec![
                killed(25, Qualifier::Exact, Group::Assailants, 1),
                killed(25, Qualifier::Exact, Group::Unspecified, 2),
            ],
        );
        assert_eq!(
            mention_deaths(&m),
            Some(Estimate {
                low: 25,
                best: 25,
                high: 25
            })
        );
        // An opening "officials say 9 were killed" restating the lead's nine.
        let m = at(
            "a",
            vec![
                killed(9, Qualifier::Exact, Group::Unspecified, 1),
                killed(9, Qualifier::Exact, Group::Assailants, 2),
                killed(9, Qualifier::Exact, Group::Unspecified, 3),
            ],
        );
        assert_eq!(deaths(&consolidate(vec![m], &[])[0]), Some((9, 9, 9)));
        // The sides' total told again: 6 soldiers and 48 assailants … 54 dead.
        let m = at(
            "a",
            vec![
                killed(6, Qualifier::Exact, Group::SecurityForces, 1),
                killed(48, Qualifier::Exact, Group::Assailants, 2),
                killed(54, Qualifier::Exact, Group::Unspecified, 3),
            ],
        );
        assert_eq!(deaths(&consolidate(vec![m], &[])[0]), Some((54, 54, 54)));
    }

    #[test]
    fn two_mentions_of_one_article_merged_by_an_analyst_are_not_added() {
        let sf = Group::SecurityForces;
        let one = at("a", vec![killed(12, Qualifier::Exact, sf, 1)]);
        let mut again = at(
            "a",
            vec![killed(12, Qualifier::Exact, Group::Unspecified, 5)],
        );
        again.headline = false;
        again.sentences = vec![5];
        let i = rebuild("x", vec![one, again], &[]).unwrap();
        assert_eq!(deaths(&i), Some((12, 12, 12)));
    }

    #[test]
    fn explicit_parts_and_additions_are_still_added() {
        // "one soldier was killed and five civilians died": sides of one sentence.
        let m = at(
            "a",
            vec![
                killed(1, Qualifier::Exact, Group::SecurityForces, 1),
                killed(5, Qualifier::Exact, Group::Civilians, 1),
            ],
        );
        assert_eq!(deaths(&consolidate(vec![m], &[])[0]), Some((6, 6, 6)));
        // "12 dead at the scene … another 3 died later".
        let mut later = killed(3, Qualifier::Exact, Group::Unspecified, 2);
        later.role = crate::model::FigureRole::Additional;
        let m = at(
            "a",
            vec![killed(12, Qualifier::Exact, Group::Unspecified, 1), later],
        );
        assert_eq!(deaths(&consolidate(vec![m], &[])[0]), Some((15, 15, 15)));
        // Sides one report counts apart: 6 soldiers, then 48 assailants, are 54 deaths; a
        // second source with the soldiers only widens the range, it is not added.
        let sokolo = at(
            "a",
            vec![
                killed(6, Qualifier::Exact, Group::SecurityForces, 1),
                killed(48, Qualifier::Exact, Group::Assailants, 2),
            ],
        );
        let other = at(
            "b",
            vec![killed(6, Qualifier::Exact, Group::SecurityForces, 1)],
        );
        let i = &consolidate(vec![sokolo, other], &[])[0];
        assert_eq!(deaths(i), Some((6, 6, 54)));
        assert_eq!(
            i.fatality_groups,
            vec![(Group::SecurityForces, 6), (Group::Assailants, 48)]
        );
    }
}
