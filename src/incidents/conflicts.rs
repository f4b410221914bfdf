//! What deserves a human look after consolidation: sources of one incident that disagree
//! (on the date, the place or the toll), and pairs of incidents that were kept apart but
//! nearly merged. The incident page shows the first; `briefing check` lists both.

use super::consolidate::mention_deaths;
use crate::model::{CasualtyKind, DateValue, Incident, PlaceValue, Quantity, haversine_km};
use chrono::Duration;

/// One source's statement of a value: the article, the sentence, the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement<T> {
    pub article: String,
    pub sentence: usize,
    pub value: T,
}

/// Two dates disagree when neither contains the other: "July" and "14 July" agree (one is
/// less precise), 14 and 15 July do not.
pub fn dates_disagree(a: &DateValue, b: &DateValue) -> bool {
    let contains = |x: &DateValue, y: &DateValue| x.date <= y.date && y.last() <= x.last();
    !contains(a, b) && !contains(b, a)
}

/// Two places disagree when they cannot be one place (`PlaceValue::compatible`), or when
/// both name a town precisely (geo precision 1) and the towns differ.
pub fn places_disagree(a: &PlaceValue, b: &PlaceValue) -> bool {
    let fold = crate::extract::text::fold;
    if a.geo_precision == 1 && b.geo_precision == 1 && fold(&a.name) != fold(&b.name) {
        return true;
    }
    !a.compatible(b)
}

/// Every distinct (article, value) statement, in report order.
fn statements<T: Clone + PartialEq>(
    inc: &Incident,
    get: impl Fn(&crate::model::Mention) -> Option<(usize, T)>,
) -> Vec<Statement<T>> {
    let mut out: Vec<Statement<T>> = Vec::new();
    for r in &inc.reports {
        if let Some((sentence, value)) = get(&r.mention)
            && !out
                .iter()
                .any(|s| s.article == r.article && s.value == value)
        {
            out.push(Statement {
                article: r.article.clone(),
                sentence,
                value,
            });
        }
    }
    out
}

/// Each source's date, when at least two of them disagree; empty otherwise.
pub fn date_conflict(inc: &Incident) -> Vec<Statement<DateValue>> {
    let all = statements(inc, |m| m.date.as_ref().map(|d| (d.sentence, d.value)));
    let disagree = all.iter().enumerate().any(|(i, a)| {
        all[i + 1..]
            .iter()
            .any(|b| dates_disagree(&a.value, &b.value))
    });
    if disagree { all } else { Vec::new() }
}

/// Each source's place, when at least two of them disagree; empty otherwise.
pub fn place_conflict(inc: &Incident) -> Vec<Statement<PlaceValue>> {
    let all = statements(inc, |m| {
        m.place.as_ref().map(|p| (p.sentence, p.value.clone()))
    });
    let disagree = all.iter().enumerate().any(|(i, a)| {
        all[i + 1..]
            .iter()
            .any(|b| places_disagree(&a.value, &b.value))
    });
    if disagree { all } else { Vec::new() }
}

/// Two incidents kept apart that a reader may think are one.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMiss {
    pub a: String,
    pub b: String,
    /// Why they look alike and why they were kept apart.
    pub reason: String,
}

fn place_name(i: &Incident) -> Option<&PlaceValue> {
    i.place.as_ref().map(|p| &p.value)
}

/// Days between two dates: 0 when they overlap.
fn gap_days(a: &DateValue, b: &DateValue) -> i64 {
    if a.overlaps(b) {
        0
    } else if a.last() < b.date {
        (b.date - a.last()).num_days()
    } else {
        (a.date - b.last()).num_days()
    }
}

/// Pairs of incidents reported by different articles (no article in common) that were kept
/// apart but nearly match: overlapping dates with places 15–150 km apart, or the same place
/// with dates 1–3 days apart. Compared within a sliding date window, not all pairs.
pub fn near_misses(incidents: &[Incident]) -> Vec<NearMiss> {
    let mut dated: Vec<(&Incident, DateValue)> = incidents
        .iter()
        .filter_map(|i| Some((i, i.date.as_ref()?.value)))
        .collect();
    dated.sort_by(|a, b| a.1.date.cmp(&b.1.date).then_with(|| a.0.id.cmp(&b.0.id)));
    let mut out = Vec::new();
    for (k, (a, da)) in dated.iter().enumerate() {
        for (b, db) in &dated[k + 1..] {
            if db.date > da.last() + Duration::days(3) {
                break;
            }
            if a.reports
                .iter()
                .any(|r| b.reports.iter().any(|s| s.article == r.article))
            {
                continue;
            }
            let (Some(pa), Some(pb)) = (place_name(a), place_name(b)) else {
                continue;
            };
            let gap = gap_days(da, db);
            let same_place = crate::extract::text::fold(&pa.name)
                == crate::extract::text::fold(&pb.name)
                && pa.distance_km == pb.distance_km;
            let km = match (pa.lat, pa.lon, pb.lat, pb.lon) {
                (Some(a1), Some(o1), Some(a2), Some(o2)) => Some(haversine_km(a1, o1, a2, o2)),
                _ => None,
            };
            let reason = if same_place && (1..=3).contains(&gap) {
                Some(format!(
                    "same place ({}), dates {} day{} apart ({} / {})",
                    pa.name,
                    gap,
                    if gap == 1 { "" } else { "s" },
                    da.display_key(),
                    db.display_key()
                ))
            } else if gap == 0 && !same_place {
                km.filter(|d| (15.0..=150.0).contains(d)).map(|d| {
                    format!(
                        "same date ({}), places {d:.0} km apart ({} / {})",
                        da.display_key(),
                        pa.name,
                        pb.name
                    )
                })
            } else {
                None
            };
            if let Some(reason) = reason {
                out.push(NearMiss {
                    a: a.id.clone(),
                    b: b.id.clone(),
                    reason,
                });
            }
        }
    }
    out
}

/// An incident whose sources give tolls far apart.
#[derive(Debug, Clone, PartialEq)]
pub struct TollConflict {
    pub id: String,
    pub low: u32,
    pub high: u32,
    /// Each source's killed figures (article, figure), in report order.
    pub statements: Vec<(String, Quantity)>,
}

/// Incidents whose sources' death tolls disagree by more than `ratio` of the highest
/// (0.25: 70 and 100 disagree, 6 and 7 do not), unless an analyst set the toll. Each source's toll is what it states on its
/// own (`mention_deaths`: victims and attackers added, a range where it gives several
/// figures), so "6 soldiers and 48 attackers killed" is one toll of 54, not a dispute.
pub fn toll_conflicts(incidents: &[Incident], ratio: f64) -> Vec<TollConflict> {
    let mut out = Vec::new();
    for inc in incidents {
        // An analyst who set the toll has already decided.
        if inc.overrides.iter().any(|(f, _)| f == "fatalities") {
            continue;
        }
        let tolls: Vec<_> = inc
            .reports
            .iter()
            .filter_map(|r| mention_deaths(&r.mention))
            .collect();
        let (Some(low), Some(high)) = (
            tolls.iter().map(|e| e.low).min(),
            tolls.iter().map(|e| e.high).max(),
        ) else {
            continue;
        };
        let statements: Vec<(String, Quantity)> = inc
            .reports
            .iter()
            .flat_map(|r| {
                r.mention
                    .figures
                    .iter()
                    .filter(|f| f.kind == CasualtyKind::Killed)
                    .map(|f| (r.article.clone(), f.total))
            })
            .collect();
        if high > 0 && f64::from(high - low) > ratio * f64::from(high) {
            out.push(TollConflict {
                id: inc.id.clone(),
                low,
                high,
                statements,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> DateValue {
        DateValue::day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn incident(
        id: &str,
        article: &str,
        date: DateValue,
        name: &str,
        lat: f64,
        lon: f64,
    ) -> Incident {
        let place = PlaceValue {
            name: name.into(),
            admin1: None,
            country: Some("ML".into()),
            lat: Some(lat),
            lon: Some(lon),
            geo_precision: 1,
            distance_km: None,
            phrase: String::new(),
        };
        let mention = crate::model::Mention {
            article: article.into(),
            headline: true,
            date: Some(crate::model::Cited {
                value: date,
                sentence: 1,
            }),
            place: Some(crate::model::Cited {
                value: place.clone(),
                sentence: 1,
            }),
            event_type: None,
            sub_event_type: None,
            perpetrators: vec![],
            claimed_by: vec![],
            targets: vec![],
            figures: vec![],
            sentences: vec![1],
        };
        Incident {
            id: id.into(),
            date: mention.date.clone(),
            place: mention.place.clone(),
            reports: vec![crate::model::SourceReport {
                article: article.into(),
                mention: mention.into(),
            }],
            ..Incident::default()
        }
    }

    #[test]
    fn near_misses_need_different_articles_and_a_close_call() {
        let a = incident("a", "x", day(2022, 7, 27), "Sokolo", 14.73, -6.12);
        // ~60 km away, same day, another article: a near miss.
        let b = incident("b", "y", day(2022, 7, 27), "Diabaly", 14.69, -6.02 + 0.55);
        // Same place, two days later: a near miss.
        let c = incident("c", "z", day(2022, 7, 29), "Sokolo", 14.73, -6.12);
        // Same place, five days later: not.
        let d = incident("d", "w", day(2022, 8, 3), "Sokolo", 14.73, -6.12);
        // Same article as a: the extractor told them apart on purpose.
        let e = incident("e", "x", day(2022, 7, 27), "Diabaly", 14.69, -5.47);
        let found = near_misses(&[d, c, b, a, e]);
        let pairs: Vec<(&str, &str)> = found.iter().map(|m| (m.a.as_str(), m.b.as_str())).collect();
        assert_eq!(pairs, vec![("a", "b"), ("a", "c")], "{found:?}");
        assert!(found[0].reason.contains("km apart"));
        assert!(found[1].reason.contains("2 days apart"));
    }

    #[test]
    fn conflicts_list_every_source_only_when_two_disagree() {
        let mut inc = incident("a", "x", day(2022, 7, 14), "Zantiguila", 12.87, -7.45);
        let other = incident("b", "y", day(2022, 7, 14), "Zantiguila", 12.87, -7.45);
        inc.reports.extend(other.reports.clone());
        assert!(date_conflict(&inc).is_empty() && place_conflict(&inc).is_empty());
        let third = incident("c", "z", day(2022, 7, 15), "Fana", 12.77, -6.95);
        inc.reports.extend(third.reports);
        let dates = date_conflict(&inc);
        assert_eq!(
            dates.iter().map(|s| s.article.as_str()).collect::<Vec<_>>(),
            vec!["x", "y", "z"]
        );
        assert_eq!(place_conflict(&inc).len(), 3);
    }

    #[test]
    fn precision_is_not_disagreement() {
        let july = DateValue {
            date: NaiveDate::from_ymd_opt(2022, 7, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(2022, 7, 31),
            precision: crate::model::DatePrecision::Month,
        };
        assert!(!dates_disagree(&july, &day(2022, 7, 14)));
        assert!(dates_disagree(&day(2022, 7, 14), &day(2022, 7, 15)));
    }
}
