//! The embedded gazetteer: towns and villages of the Sahel and neighbours with alternate
//! spellings, admin1 and coordinates; a site can add places in `config.toml`.
//!
//! Two data files are compiled into the binary (no network at run time):
//! - `data/gazetteer/geonames.tsv`: GeoNames cities1000 (CC BY 4.0) filtered to Mali,
//!   Burkina Faso, Niger and their neighbours by `scripts/gazetteer/build_geonames.py`;
//! - `data/gazetteer/curated.tsv`: hand-made rows (regions, countries, accented spellings,
//!   villages the news names that GeoNames lacks), each with its source.
//!
//! A curated row replaces the GeoNames town of the same country that shares one of its
//! names, and a site's own place replaces both, so the more specific source always wins.
//!
//! Names are compared by a *key*: [`fold`] (case, diacritics, quotes) with hyphens read as
//! spaces, so "Tin-Zaouatène", "tin zaouatene" and "TIN ZAOUATENE" are one name.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use super::text::fold;
use crate::config::ExtraPlace;

const GEONAMES_TSV: &str = include_str!("../../data/gazetteer/geonames.tsv");
const CURATED_TSV: &str = include_str!("../../data/gazetteer/curated.tsv");

/// What a gazetteer entry is: a point (town, village, locality), an admin1 region, or a
/// whole country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Town,
    Region,
    Country,
}

impl PlaceKind {
    fn parse(s: &str) -> Option<PlaceKind> {
        match s.trim() {
            "town" | "village" | "locality" => Some(PlaceKind::Town),
            "region" | "admin1" => Some(PlaceKind::Region),
            "country" => Some(PlaceKind::Country),
            _ => None,
        }
    }
}

/// Where a gazetteer entry comes from; the more specific source wins ties and replaces
/// entries of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceSource {
    GeoNames,
    Curated,
    /// Added by the site (`config.toml`).
    Site,
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct GazPlace {
    /// Canonical name, as shown on the site ("Ségou", "Zantiguila").
    pub name: String,
    /// Other spellings ("Segou", "Tin-Zaouatene"); the name itself is not repeated.
    pub aliases: Vec<String>,
    pub admin1: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// `None` where no source gave coordinates (countries, some villages).
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub kind: PlaceKind,
    pub source: PlaceSource,
}

impl GazPlace {
    /// A town of the site's own (kind `Town`, source `Site`).
    pub fn site_town(
        name: &str,
        admin1: Option<&str>,
        country: &str,
        lat: f64,
        lon: f64,
    ) -> GazPlace {
        GazPlace {
            name: name.trim().to_string(),
            aliases: Vec::new(),
            admin1: admin1
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            country: country.trim().to_ascii_uppercase(),
            lat: Some(lat).filter(|v| v.is_finite()),
            lon: Some(lon).filter(|v| v.is_finite()),
            kind: PlaceKind::Town,
            source: PlaceSource::Site,
        }
    }

    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

impl From<&ExtraPlace> for GazPlace {
    fn from(p: &ExtraPlace) -> GazPlace {
        let mut g = GazPlace::site_town(&p.name, p.admin1.as_deref(), &p.country, p.lat, p.lon);
        g.aliases = p
            .aliases
            .iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        g
    }
}

/// A name found in a text: byte span in the original text and the places it may mean.
#[derive(Debug, Clone, PartialEq)]
pub struct NameHit<'g> {
    pub start: usize,
    pub end: usize,
    /// Every place with this name (homonyms), in gazetteer order.
    pub candidates: Vec<&'g GazPlace>,
}

/// The gazetteer: places, an index by name key and an automaton over every name.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<GazPlace>,
    /// Name key → indices into `places`.
    by_key: HashMap<String, Vec<usize>>,
    /// Pattern id of the automaton → name key.
    pattern_keys: Vec<String>,
    automaton: Option<AhoCorasick>,
    /// ISO code → index of the country entry.
    countries: HashMap<String, usize>,
}

impl Default for Gazetteer {
    fn default() -> Self {
        Gazetteer::from_places(Vec::new())
    }
}

/// Capitals by ISO code: what "the capital" means in a sentence about that country.
/// Official capitals (Yamoussoukro, Porto-Novo), not the economic ones.
const CAPITALS: &[(&str, &str)] = &[
    ("ML", "Bamako"),
    ("BF", "Ouagadougou"),
    ("NE", "Niamey"),
    ("MR", "Nouakchott"),
    ("SN", "Dakar"),
    ("GN", "Conakry"),
    ("CI", "Yamoussoukro"),
    ("GH", "Accra"),
    ("TG", "Lome"),
    ("BJ", "Porto-Novo"),
    ("NG", "Abuja"),
    ("TD", "N'Djamena"),
    ("DZ", "Algiers"),
    ("LY", "Tripoli"),
];

/// Demonyms (English and French, masculine and feminine) → ISO code: "the Mauritanian
/// border", "the Burkinabe capital", "la frontière malienne".
const DEMONYMS: &[(&str, &str)] = &[
    ("malian", "ML"),
    ("malien", "ML"),
    ("malienne", "ML"),
    ("burkinabe", "BF"),
    ("burkinabes", "BF"),
    ("burkinese", "BF"),
    ("nigerien", "NE"),
    ("nigerienne", "NE"),
    ("mauritanian", "MR"),
    ("mauritanien", "MR"),
    ("mauritanienne", "MR"),
    ("senegalese", "SN"),
    ("senegalais", "SN"),
    ("senegalaise", "SN"),
    ("guinean", "GN"),
    ("guineen", "GN"),
    ("guineenne", "GN"),
    ("ivorian", "CI"),
    ("ivoirien", "CI"),
    ("ivoirienne", "CI"),
    ("ghanaian", "GH"),
    ("ghaneen", "GH"),
    ("ghaneenne", "GH"),
    ("togolese", "TG"),
    ("togolais", "TG"),
    ("togolaise", "TG"),
    ("beninese", "BJ"),
    ("beninois", "BJ"),
    ("beninoise", "BJ"),
    ("nigerian", "NG"),
    ("nigerian", "NG"),
    ("nigeriane", "NG"),
    ("chadian", "TD"),
    ("tchadien", "TD"),
    ("tchadienne", "TD"),
    ("algerian", "DZ"),
    ("algerien", "DZ"),
    ("algerienne", "DZ"),
    ("libyan", "LY"),
    ("libyen", "LY"),
    ("libyenne", "LY"),
];

/// Every demonym of the table, for callers building patterns ("the X border").
pub fn demonyms() -> impl Iterator<Item = (&'static str, &'static str)> {
    DEMONYMS.iter().copied()
}

/// The comparison key of a name: folded, hyphens and runs of spaces read as one space.
pub fn name_key(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut space = false;
    for c in folded.chars() {
        let c = if c == '-' || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A text folded for scanning, with for each byte of the folded text the byte range of
/// the original char it came from, so matches map back to spans at char boundaries.
pub(crate) struct FoldedText {
    pub text: String,
    /// `origin[i]` = (start, end) in the original of the char that produced folded byte `i`.
    pub origin: Vec<(usize, usize)>,
}

/// Fold `s` char by char (same mapping as [`name_key`] but without collapsing spaces, so
/// every folded char has one origin).
pub(crate) fn fold_with_map(s: &str) -> FoldedText {
    let mut text = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for (i, c) in s.char_indices() {
        let end = i + c.len_utf8();
        let push = |text: &mut String, origin: &mut Vec<(usize, usize)>, f: char| {
            let f = if f == '-' || f.is_whitespace() {
                ' '
            } else {
                f
            };
            let before = text.len();
            text.push(f);
            for _ in before..text.len() {
                origin.push((i, end));
            }
        };
        if c.is_ascii() {
            push(&mut text, &mut origin, c.to_ascii_lowercase());
        } else {
            for f in fold(c.encode_utf8(&mut buf)).chars() {
                push(&mut text, &mut origin, f);
            }
        }
    }
    FoldedText { text, origin }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn parse_coord(s: &str) -> Option<f64> {
    let v: f64 = s.trim().parse().ok()?;
    v.is_finite().then_some(v)
}

/// Parse one of the TSV files: name, aliases, admin1, country, lat, lon, kind[, source].
/// Malformed rows are skipped (the data is ours and tested; a bad row must not panic).
fn parse_tsv(data: &str, source: PlaceSource) -> Vec<GazPlace> {
    let mut out = Vec::new();
    for line in data.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 7 {
            continue;
        }
        let name = cols[0].trim();
        let country = cols[3].trim().to_ascii_uppercase();
        let Some(kind) = PlaceKind::parse(cols[6]) else {
            continue;
        };
        if name.is_empty() || country.len() != 2 {
            continue;
        }
        let aliases = cols[1]
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty() && name_key(a) != name_key(name))
            .map(str::to_string)
            .collect();
        let admin1 = Some(cols[2].trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        out.push(GazPlace {
            name: name.to_string(),
            aliases,
            admin1,
            country,
            lat: parse_coord(cols[4]),
            lon: parse_coord(cols[5]),
            kind,
            source,
        });
    }
    out
}

/// Drop from `base` every place that `over` replaces: same country and kind, and a name
/// key in common.
fn overlay(base: Vec<GazPlace>, over: &[GazPlace]) -> Vec<GazPlace> {
    let mut replaced: HashMap<(String, PlaceKind), Vec<String>> = HashMap::new();
    for p in over {
        replaced
            .entry((p.country.clone(), p.kind))
            .or_default()
            .extend(p.names().map(name_key));
    }
    base.into_iter()
        .filter(|p| match replaced.get(&(p.country.clone(), p.kind)) {
            Some(keys) => !p.names().map(name_key).any(|k| keys.contains(&k)),
            None => true,
        })
        .collect()
}

static EMBEDDED: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::build_embedded);

impl Gazetteer {
    /// The gazetteer compiled into the binary (a clone of the shared one).
    pub fn embedded() -> Gazetteer {
        Gazetteer::shared().clone()
    }

    /// The gazetteer compiled into the binary, parsed once per process.
    pub fn shared() -> &'static Gazetteer {
        &EMBEDDED
    }

    fn build_embedded() -> Gazetteer {
        let curated = parse_tsv(CURATED_TSV, PlaceSource::Curated);
        let mut places = overlay(parse_tsv(GEONAMES_TSV, PlaceSource::GeoNames), &curated);
        places.extend(curated);
        Gazetteer::from_places(places)
    }

    /// The embedded gazetteer plus a site's own places; a site place replaces an embedded
    /// place of the same country and kind sharing one of its names.
    pub fn with_extra<I>(places: I) -> Gazetteer
    where
        I: IntoIterator,
        I::Item: Into<GazPlace>,
    {
        let extra: Vec<GazPlace> = places
            .into_iter()
            .map(Into::into)
            .filter(|p| !p.name.trim().is_empty())
            .collect();
        if extra.is_empty() {
            return Gazetteer::embedded();
        }
        let mut all = overlay(Gazetteer::shared().places.clone(), &extra);
        all.extend(extra);
        Gazetteer::from_places(all)
    }

    /// A gazetteer of exactly these places (tests, or a site that wants no embedded data).
    pub fn from_places(places: Vec<GazPlace>) -> Gazetteer {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        let mut countries = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            for key in p.names().map(name_key) {
                if key.is_empty() {
                    continue;
                }
                let v = by_key.entry(key).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
            if p.kind == PlaceKind::Country {
                countries.entry(p.country.clone()).or_insert(i);
            }
        }
        let mut pattern_keys: Vec<String> = by_key.keys().cloned().collect();
        pattern_keys.sort();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&pattern_keys)
            .ok();
        Gazetteer {
            places,
            by_key,
            pattern_keys,
            automaton,
            countries,
        }
    }

    /// Every place, in gazetteer order.
    pub fn places(&self) -> &[GazPlace] {
        &self.places
    }

    /// Every place with this name or alias (diacritics, case and hyphens ignored).
    pub fn lookup(&self, name: &str) -> Vec<&GazPlace> {
        self.by_key
            .get(&name_key(name))
            .map(|ids| ids.iter().filter_map(|&i| self.places.get(i)).collect())
            .unwrap_or_default()
    }

    /// The best place of this name: in `country` if given, towns before regions before
    /// countries, then the more specific source.
    pub fn get(&self, name: &str, country: Option<&str>) -> Option<&GazPlace> {
        let mut c = self.lookup(name);
        if let Some(cc) = country {
            c.retain(|p| p.country.eq_ignore_ascii_case(cc));
        }
        c.into_iter()
            .enumerate()
            .min_by_key(|(i, p)| (p.kind, std::cmp::Reverse(p.source), *i))
            .map(|(_, p)| p)
    }

    /// The country entry of an ISO 3166-1 alpha-2 code.
    pub fn country(&self, code: &str) -> Option<&GazPlace> {
        self.countries
            .get(&code.trim().to_ascii_uppercase())
            .and_then(|&i| self.places.get(i))
    }

    /// The ISO code a word or name means: an ISO code ("ML"), a country name in English or
    /// French ("Mali", "Côte d'Ivoire", "Burkina") or a demonym ("Mauritanian", "Burkinabè",
    /// "malienne", "Mali's").
    pub fn country_code(&self, word: &str) -> Option<&'static str> {
        let trimmed = word.trim();
        let trimmed = trimmed
            .strip_suffix("'s")
            .or_else(|| trimmed.strip_suffix("\u{2019}s"))
            .unwrap_or(trimmed);
        let key = name_key(trimmed);
        if key.is_empty() {
            return None;
        }
        if let Some((_, cc)) = DEMONYMS.iter().find(|(d, _)| *d == key) {
            return Some(cc);
        }
        let static_code = |cc: &str| {
            CAPITALS
                .iter()
                .map(|(c, _)| *c)
                .chain(["GW"])
                .find(|c| *c == cc)
        };
        if trimmed.len() == 2 && trimmed.chars().all(|c| c.is_ascii_uppercase()) {
            return static_code(trimmed);
        }
        self.by_key
            .get(&key)?
            .iter()
            .filter_map(|&i| self.places.get(i))
            .find(|p| p.kind == PlaceKind::Country)
            .and_then(|p| static_code(&p.country))
    }

    /// The capital of a country (ISO code): Bamako for ML, Ouagadougou for BF, Niamey for NE…
    pub fn capital(&self, country: &str) -> Option<&GazPlace> {
        let cc = country.trim().to_ascii_uppercase();
        let (_, name) = CAPITALS.iter().find(|(c, _)| *c == cc)?;
        self.lookup(name)
            .into_iter()
            .find(|p| p.country == cc && p.kind == PlaceKind::Town)
    }

    /// Every gazetteer name in `text` as a whole word (case and diacritics ignored; the
    /// caller decides about capitalisation and context). Overlapping names are resolved
    /// to the longest, then leftmost. Spans are byte offsets at char boundaries.
    pub fn scan<'g>(&'g self, text: &str) -> Vec<NameHit<'g>> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let folded = fold_with_map(text);
        let ft = folded.text.as_str();
        let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, pattern)
        for m in ac.find_overlapping_iter(ft) {
            let (fs, fe) = (m.start(), m.end());
            let before_ok = ft[..fs]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word_char(c));
            let after_ok = ft[fe..].chars().next().is_none_or(|c| !is_word_char(c));
            if before_ok && after_ok && fe > fs {
                found.push((fs, fe, m.pattern().as_usize()));
            }
        }
        // Longest first, then leftmost; keep those that do not overlap a kept one.
        found.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
        let mut kept: Vec<(usize, usize, usize)> = Vec::new();
        for f in found {
            if kept.iter().all(|k| f.1 <= k.0 || f.0 >= k.1) {
                kept.push(f);
            }
        }
        kept.sort_by_key(|k| k.0);
        kept.into_iter()
            .filter_map(|(fs, fe, pid)| {
                let start = folded.origin.get(fs)?.0;
                let end = folded.origin.get(fe.checked_sub(1)?)?.1;
                let key = self.pattern_keys.get(pid)?;
                let candidates = self
                    .by_key
                    .get(key)?
                    .iter()
                    .filter_map(|&i| self.places.get(i))
                    .collect();
                (start < end && text.is_char_boundary(start) && text.is_char_boundary(end))
                    .then_some(NameHit {
                        start,
                        end,
                        candidates,
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_parses_and_is_large_enough() {
        let g = Gazetteer::shared();
        assert!(g.places().len() > 1000, "{}", g.places().len());
        // Every curated row parsed (a malformed row would be skipped silently).
        let curated = CURATED_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(
            g.places()
                .iter()
                .filter(|p| p.source == PlaceSource::Curated)
                .count(),
            curated
        );
        let geonames = GEONAMES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert!(
            g.places()
                .iter()
                .filter(|p| p.source == PlaceSource::GeoNames)
                .count()
                > geonames - 150
        );
    }

    #[test]
    fn lookups_ignore_case_diacritics_and_hyphens() {
        let g = Gazetteer::shared();
        let s = g.get("segou", Some("ML")).unwrap();
        assert_eq!(s.name, "Ségou");
        assert_eq!(s.kind, PlaceKind::Town);
        assert_eq!(g.get("TIN ZAOUATENE", None).unwrap().name, "Tinzaouaten");
        assert_eq!(
            g.get("Tinzawatène", None).unwrap().admin1.as_deref(),
            Some("Kidal")
        );
        assert_eq!(g.get("Tillabery", None).unwrap().name, "Tillabéri");
        assert_eq!(g.get("Markakoungo", None).unwrap().name, "Markacoungo");
        assert_eq!(
            g.get("Timbuktu", None).unwrap().admin1.as_deref(),
            Some("Tombouctou")
        );
        assert_eq!(
            g.get("Menaka", None).unwrap().admin1.as_deref(),
            Some("Ménaka")
        );
    }

    #[test]
    fn curated_replaces_geonames_duplicates() {
        let g = Gazetteer::shared();
        let menaka: Vec<_> = g
            .lookup("Ménaka")
            .into_iter()
            .filter(|p| p.kind == PlaceKind::Town)
            .collect();
        assert_eq!(menaka.len(), 1);
        assert_eq!(menaka[0].source, PlaceSource::Curated);
        let fada: Vec<_> = g
            .lookup("Fada N'Gourma")
            .into_iter()
            .filter(|p| p.kind == PlaceKind::Town)
            .collect();
        assert_eq!(fada.len(), 1);
    }

    #[test]
    fn regions_and_countries() {
        let g = Gazetteer::shared();
        for r in [
            "Koulikoro",
            "Ségou",
            "Mopti",
            "Tombouctou",
            "Gao",
            "Kidal",
            "Ménaka",
            "Sikasso",
            "Kayes",
            "Taoudénit",
        ] {
            assert!(
                g.lookup(r)
                    .iter()
                    .any(|p| p.kind == PlaceKind::Region && p.country == "ML"),
                "no region {r}"
            );
        }
        for r in [
            "Tillabéri",
            "Tahoua",
            "Diffa",
            "Boucle du Mouhoun",
            "Centre-Nord",
            "Sahel",
        ] {
            assert!(
                g.lookup(r).iter().any(|p| p.kind == PlaceKind::Region),
                "no region {r}"
            );
        }
        assert_eq!(g.country("ml").unwrap().name, "Mali");
        assert_eq!(g.country("BF").unwrap().name, "Burkina Faso");
        assert!(g.country("XX").is_none());
    }

    #[test]
    fn country_codes_from_names_and_demonyms() {
        let g = Gazetteer::shared();
        assert_eq!(g.country_code("Mauritanian"), Some("MR"));
        assert_eq!(g.country_code("Burkinabe"), Some("BF"));
        assert_eq!(g.country_code("Burkinabè"), Some("BF"));
        assert_eq!(g.country_code("Mali’s"), Some("ML"));
        assert_eq!(g.country_code("malienne"), Some("ML"));
        assert_eq!(g.country_code("Ivory Coast"), Some("CI"));
        assert_eq!(g.country_code("Côte d’Ivoire"), Some("CI"));
        assert_eq!(g.country_code("Niger"), Some("NE"));
        assert_eq!(g.country_code("Nigeria"), Some("NG"));
        assert_eq!(g.country_code("Nigerien"), Some("NE"));
        assert_eq!(g.country_code("Tchad"), Some("TD"));
        assert_eq!(g.country_code("NE"), Some("NE"));
        assert_eq!(g.country_code("Bamako"), None);
        assert_eq!(g.country_code(""), None);
    }

    #[test]
    fn capitals() {
        let g = Gazetteer::shared();
        for (cc, name) in [
            ("ML", "Bamako"),
            ("BF", "Ouagadougou"),
            ("NE", "Niamey"),
            ("MR", "Nouakchott"),
            ("TD", "N'Djamena"),
        ] {
            let c = g
                .capital(cc)
                .unwrap_or_else(|| panic!("no capital for {cc}"));
            assert_eq!(c.name, name);
            assert!(c.lat.is_some());
        }
        assert!(g.capital("XX").is_none());
    }

    #[test]
    fn with_extra_adds_and_overrides() {
        let extra = ExtraPlace {
            name: "Zantiguila".into(),
            aliases: vec!["Zantiguela".into()],
            admin1: Some("Koulikoro".into()),
            country: "ml".into(),
            lat: 12.8,
            lon: -7.5,
        };
        let new = ExtraPlace {
            name: "Nowhereville".into(),
            aliases: vec![],
            admin1: None,
            country: "ML".into(),
            lat: 1.0,
            lon: 2.0,
        };
        let g = Gazetteer::with_extra([&extra, &new]);
        let z = g.lookup("zantiguela");
        assert_eq!(z.len(), 1);
        assert_eq!(z[0].source, PlaceSource::Site);
        assert_eq!(z[0].lat, Some(12.8));
        assert_eq!(g.lookup("Zantiguila").len(), 1);
        assert_eq!(g.get("Nowhereville", None).unwrap().country, "ML");
        // The shared gazetteer is untouched.
        assert_eq!(
            Gazetteer::shared().lookup("Zantiguila")[0].source,
            PlaceSource::Curated
        );
    }

    #[test]
    fn scan_maps_spans_back_through_diacritics() {
        let g = Gazetteer::shared();
        let text = "Attaque à Ségou et à Tin-Zaouatène, près de « Ménaka ».";
        let hits = g.scan(text);
        let names: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        assert!(names.contains(&"Ségou"), "{names:?}");
        assert!(names.contains(&"Tin-Zaouatène"), "{names:?}");
        assert!(names.contains(&"Ménaka"), "{names:?}");
    }

    #[test]
    fn scan_prefers_longest_and_whole_words() {
        let g = Gazetteer::shared();
        let text = "Fighting in Burkina Faso and Bobo-Dioulasso; Kayesville is not Kayes.";
        let hits = g.scan(text);
        let names: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        assert!(names.contains(&"Burkina Faso"), "{names:?}");
        assert!(names.contains(&"Bobo-Dioulasso"), "{names:?}");
        assert!(!names.contains(&"Burkina"), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with("Kayesv")), "{names:?}");
        assert_eq!(names.iter().filter(|n| **n == "Kayes").count(), 1);
    }

    #[test]
    fn scan_never_panics_on_odd_text() {
        let g = Gazetteer::shared();
        for t in [
            "",
            "é",
            "\u{301}Gao",
            "Gao\u{301}",
            "ﬁ Mopti ﬂ",
            "İstanbul Mopti",
            "ß Gao ẞ",
            "– “Kati” —",
        ] {
            for h in g.scan(t) {
                assert!(t.is_char_boundary(h.start) && t.is_char_boundary(h.end));
            }
        }
    }

    #[test]
    fn name_keys() {
        assert_eq!(name_key("  Tin-Zaouatène "), "tin zaouatene");
        assert_eq!(name_key("Fada N’Gourma"), "fada n'gourma");
        assert_eq!(name_key("Bobo  -  Dioulasso"), "bobo dioulasso");
    }
}
