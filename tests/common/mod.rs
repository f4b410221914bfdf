//! Scoring extraction against an analyst's gold file (the format of `tests/gold/seeds.toml`).
#![allow(dead_code)]

use serde_json::Value;
use std::path::Path;

#[derive(Debug, Clone, serde::Deserialize)]
pub struct GoldIncident {
    pub article: String,
    pub date: Option<String>,
    pub date_precision: Option<String>,
    /// Names that count as the right place; `Some(empty)`: the text names no locality, so
    /// any place (a region, the country) is right.
    pub place_ok: Option<Vec<String>>,
    pub place: Option<String>,
    pub country: Option<String>,
    pub killed_min: Option<u64>,
    pub killed_max: Option<u64>,
    pub attackers_killed: Option<u64>,
    pub wounded: Option<u64>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct GoldFile {
    #[serde(default)]
    pub incident: Vec<GoldIncident>,
}

pub fn load_gold(path: &Path) -> GoldFile {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn fold(s: &str) -> String {
    briefing::extract::text::fold(s)
}

fn stem(article: &str) -> &str {
    article.rsplit_once('.').map(|(s, _)| s).unwrap_or(article)
}

fn cites(inc: &Value, article: &str) -> bool {
    inc["sources"]
        .as_array()
        .is_some_and(|s| s.iter().any(|x| x["article"] == stem(article)))
}

fn n_sources(inc: &Value) -> usize {
    inc["sources"].as_array().map(|s| s.len()).unwrap_or(0)
}

/// Whether the JSON date can be the gold date: the same day, or inside the gold month.
fn date_matches(inc: &Value, g: &GoldIncident) -> bool {
    let Some(gd) = &g.date else { return true };
    let Some(d) = inc["date"].as_str() else {
        return false;
    };
    if d.starts_with(gd.as_str()) || gd.starts_with(d) {
        return true;
    }
    // A range (week precision, a night across two days) holds the gold day; a gold week is
    // within a week of the date.
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(start), Some(gold)) = (day(d), day(gd)) else {
        return false;
    };
    let end = inc["date_end"].as_str().and_then(day).unwrap_or(start);
    let slack = if g.date_precision.as_deref() == Some("week") {
        7
    } else {
        0
    };
    gold >= start - chrono::Duration::days(slack) && gold <= end + chrono::Duration::days(slack)
}

fn place_matches(inc: &Value, g: &GoldIncident) -> bool {
    let name = inc["place"]["name"].as_str().map(fold).unwrap_or_default();
    if g.place_ok.as_ref().is_some_and(|v| v.is_empty()) {
        return true;
    }
    if name.is_empty() {
        return false;
    }
    if g.place_ok.as_ref().is_some_and(|v| v.is_empty()) {
        return true;
    }
    let mut ok: Vec<String> = g.place_ok.iter().flatten().map(|p| fold(p)).collect();
    if ok.is_empty() {
        if let Some(p) = &g.place {
            ok.push(fold(p));
        }
    }
    ok.iter().any(|p| *p == name)
}

/// Victim-side deaths (total minus assailants), low and high.
pub fn victims(inc: &Value) -> Option<(u64, u64)> {
    let f = &inc["fatalities"];
    let low = f["low"].as_u64()?;
    let high = f["high"].as_u64()?;
    let a = f["groups"]["assailants"].as_u64().unwrap_or(0);
    Some((low.saturating_sub(a), high.saturating_sub(a)))
}

#[derive(Debug, Default)]
pub struct Score {
    pub gold: usize,
    pub found: usize,
    pub extracted: usize,
    pub spurious: Vec<String>,
    pub field_checks: usize,
    pub field_ok: usize,
    pub problems: Vec<String>,
}

impl Score {
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.found as f64 / self.gold as f64
        }
    }
    pub fn precision(&self) -> f64 {
        if self.extracted == 0 {
            1.0
        } else {
            (self.extracted - self.spurious.len()) as f64 / self.extracted as f64
        }
    }
    pub fn field_accuracy(&self) -> f64 {
        if self.field_checks == 0 {
            1.0
        } else {
            self.field_ok as f64 / self.field_checks as f64
        }
    }
    pub fn report(&self) -> String {
        let mut s = format!(
            "gold incidents {}, found {} (recall {:.2}); extracted {}, spurious {} (precision {:.2}); fields {}/{} (accuracy {:.2})\n",
            self.gold,
            self.found,
            self.recall(),
            self.extracted,
            self.spurious.len(),
            self.precision(),
            self.field_ok,
            self.field_checks,
            self.field_accuracy()
        );
        for p in &self.problems {
            s.push_str(&format!("  - {p}\n"));
        }
        for p in &self.spurious {
            s.push_str(&format!("  - not in gold: {p}\n"));
        }
        s
    }
}

/// Score `incidents` (the `incidents` array of data/incidents.json) against the gold.
pub fn score(incidents: &[Value], gold: &[GoldIncident]) -> Score {
    let mut sc = Score {
        gold: gold.len(),
        extracted: incidents.len(),
        ..Default::default()
    };
    let mut matched = vec![false; incidents.len()];
    for g in gold {
        let candidate = incidents
            .iter()
            .enumerate()
            .filter(|(_, i)| cites(i, &g.article) && date_matches(i, g))
            .max_by_key(|(_, i)| (place_matches(i, g), std::cmp::Reverse(n_sources(i))));
        let Some((idx, inc)) = candidate else {
            sc.problems.push(format!(
                "missing: {} {} {}",
                g.article,
                g.date.as_deref().unwrap_or("?"),
                g.place.as_deref().unwrap_or("?")
            ));
            continue;
        };
        matched[idx] = true;
        sc.found += 1;
        let merged = n_sources(inc) > 1;
        let id = inc["id"].as_str().unwrap_or("?").to_string();
        let mut check = |ok: bool, what: String| {
            sc.field_checks += 1;
            if ok {
                sc.field_ok += 1;
            } else {
                sc.problems.push(format!("{id} ({}): {what}", g.article));
            }
        };
        check(
            place_matches(inc, g),
            format!("place {:?}, gold {:?}", inc["place"]["name"], g.place_ok),
        );
        if let Some(p) = &g.date_precision {
            let got = inc["date_precision"].as_str().unwrap_or("");
            check(
                got == p || (merged && got == "day"),
                format!("date precision {got}, gold {p}"),
            );
        }
        if let Some(c) = &g.country {
            check(
                inc["place"]["country"].as_str() == Some(c.as_str()),
                format!("country {:?}, gold {c}", inc["place"]["country"]),
            );
        }
        let v = victims(inc);
        match (g.killed_min, g.killed_max) {
            (Some(lo), Some(hi)) => {
                let ok = match v {
                    Some((l, h)) if merged => l <= lo && h >= hi,
                    Some((l, h)) => l == lo && h == hi,
                    None => false,
                };
                check(ok, format!("killed {v:?}, gold {lo}–{hi}"));
            }
            _ => check(
                v.is_none() || merged,
                format!("killed {v:?}, gold none stated"),
            ),
        }
        if let Some(a) = g.attackers_killed {
            check(
                inc["fatalities"]["groups"]["assailants"].as_u64() == Some(a),
                format!(
                    "assailants {:?}, gold {a}",
                    inc["fatalities"]["groups"]["assailants"]
                ),
            );
        }
        if let Some(w) = g.wounded {
            let got = inc["wounded"]["best"].as_u64();
            check(got == Some(w), format!("wounded {got:?}, gold {w}"));
        }
    }
    for (i, m) in matched.iter().enumerate() {
        if !m {
            sc.spurious.push(format!(
                "{} ({})",
                incidents[i]["id"].as_str().unwrap_or("?"),
                incidents[i]["summary"].as_str().unwrap_or("")
            ));
        }
    }
    sc
}

/// Every file under `dir`, by path relative to it, with its bytes: a whole output tree, to
/// compare two builds.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}
