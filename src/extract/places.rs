//! Places named in a sentence, resolved against the gazetteer, with distance phrases
//! ("about 70km from the capital") giving geo precision 2.
//!
//! What the news writes, and what it gives:
//! - a named town ("in Kaloumba", "the locality of Kolokani") → the town, precision 1;
//! - a distance or vicinity ("about 70km from the capital", "15 kilometers from Bamako",
//!   "70 km (43 miles) north of Mopti", "near Gao", "on the outskirts of Bamako",
//!   "south of the commune of Tinzaouaten") → the anchor town, precision 2, with the words
//!   in `phrase` and the distance in `distance_km`;
//! - a region ("in the Mopti region", "in central Mali's Ségou region", "la région de
//!   Tombouctou") → the region, precision 3;
//! - a country or its border ("in Mali", "near the Mauritanian border", "near the border
//!   with Burkina Faso") → the country, kind `Country`, precision 3, so that a caller can
//!   prefer a named town of the same sentence.
//!
//! Names must be whole words and capitalised in the text; a few names that are also
//! common words or personal names ("Say", "Ber", "Keita") need a locative context
//! ("in Ber", "the town of Say"). A capitalised word right before a town name that is not
//! a function word ("Modibo Keita", "Colonel Ber") marks a person's name, not a place.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{GazPlace, Gazetteer, NameHit, PlaceKind, PlaceSource, demonyms, name_key};
use super::text::{contains_ascii_ci, fold};
use crate::model::PlaceValue;

#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMatch {
    pub place: PlaceValue,
    /// Byte range of the phrase in the sentence (at char boundaries).
    pub start: usize,
    pub end: usize,
    /// Town, region or country: a caller prefers towns, then regions, then countries.
    pub kind: PlaceKind,
    /// The distance stated from the anchor town ("about 70km from" → 70.0), in km.
    pub distance_km: Option<f64>,
}

/// Names that are common English or French words, or personal names, when capitalised
/// (at the start of a sentence, in a headline, after a first name): they are places only
/// in a locative context ("in Ber", "the village of Say") or before "region".
const STOPLIST: &[&str] = &[
    "say", "san", "bla", "ber", "po", "leo", "toma", "manga", "man", "come", "cove", "save",
    "dome", "lame", "ore", "awe", "hun", "sig", "ho", "wa", "isa", "obi", "ede", "oka", "toto",
    "fufu", "boi", "kara", "bol", "mao", "lai", "ati", "pala", "mani", "sade", "bere", "keita",
    "dire", "reo", "ido", "ise", "ifo", "epe", "ete", "oyo", "ode", "ota", "owo", "uba", "udi",
    "isu", "itu", "iwo", "kari", "rimi", "soba", "wawa", "centre", "est", "nord", "sahel", "north",
    "east", "central", "fada", "gaya", "dara", "seme", "tema", "bama", "doma", "mafa", "bara",
    "awo", "ibi", "ikem", "lau",
];

/// Region names that are also ordinary words ("Sahel", "Est", "Centre"): regions only with
/// the word "region" and a Burkina Faso context.
const GENERIC_REGIONS: &[&str] = &[
    "centre",
    "est",
    "east",
    "nord",
    "north",
    "sahel",
    "cascades",
    "centre est",
    "centre nord",
    "centre ouest",
    "centre sud",
    "sud ouest",
    "south west",
    "southwest",
    "north central",
    "centre north",
    "centre west",
    "centre south",
    "plateau central",
    "mouhoun",
    // Burkina provinces whose names are also rivers, areas or other countries' places.
    "gourma",
    "bam",
    "tuy",
    "poni",
    "ioba",
    "bale",
    "comoe",
    "leraba",
    "sourou",
    "ziro",
    "houet",
    "kossi",
];

/// Capitalised words that may precede a place name without making it a person's name.
const FUNCTION_WORDS: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "of",
    "on",
    "the",
    "a",
    "an",
    "and",
    "but",
    "or",
    "outside",
    "around",
    "between",
    "when",
    "while",
    "after",
    "before",
    "since",
    "across",
    "along",
    "like",
    "both",
    "with",
    "toward",
    "towards",
    "via",
    "into",
    "inside",
    "as",
    "also",
    "then",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "greater",
    "lake",
    "downtown",
    "rural",
    "urban",
    "du",
    "de",
    "des",
    "la",
    "le",
    "les",
    "l",
    "à",
    "dans",
    "en",
    "près",
    "sur",
    "vers",
    "entre",
    "et",
    "au",
    "aux",
    "par",
    "pour",
    "depuis",
    "ouest",
    "nord",
    "sud",
    "est",
    "centre",
    "in",
    "where",
    "there",
    "here",
    "meanwhile",
    "elsewhere",
    "yesterday",
    "today",
    "on",
    "by",
    "for",
    "last",
    "earlier",
    "later",
    "later,",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const ADJ: &str = r"(?:central|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|restive|troubled|volatile|vast|remote|far|neighbouring|neighboring|border|desert|conflict-hit|northeastern|northwestern|southeastern|southwestern)";
const DIR: &str = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|northeast|northwest|southeast|southwest|nord|sud|est|ouest|nord-est|nord-ouest|sud-est|sud-ouest)";

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file, checked by the tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad place regex {pattern}: {e}"))
}

/// "region" right after the name ("Mopti region", "Ségou Region", "Tillabéri regions").
static REGION_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s+(?:administrative\s+)?(?:r[ée]gions?|province)\b"));
/// "…, Ségou and Mopti regions": the name is in a list that ends with "regions".
static REGION_AFTER_LIST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:\s*,\s*\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*)?)*\s*,?\s*(?:and|et|as well as)\s+\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*)?\s+(?:r[ée]gions|Regions)\b",
    )
});
/// "the (central) region of", "la région de", "regions of Koulikoro, Ségou and".
static REGION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\b(?:the|la|les)\s+)?(?:{ADJ}\s+)?\br[ée]gions?\s+(?:{ADJ}\s+)?(?:of|de|du|d['’])\s*(?:\p{{Lu}}[\p{{L}}'’ -]*?(?:\([^)]*\))?\s*,\s*|\p{{Lu}}[\p{{L}}'’ -]*?(?:\([^)]*\))?\s+(?:and|et|as well as)\s+)*$"
    ))
});
/// "the (central) region of" right before the name (not a list member).
static REGION_BEFORE_DIRECT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\b(?:the|la|les)\s+)?(?:{ADJ}\s+)?\br[ée]gions?\s+(?:{ADJ}\s+)?(?:of|de|du|d['’])\s*$"
    ))
});
/// Words before a region name that belong to its phrase ("the", "central Mali's").
static REGION_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\b(?:the|la)\s+)?(?:{ADJ}\s+)?(?:\p{{Lu}}[\p{{L}}]*(?:\s\p{{Lu}}[\p{{L}}]*)?['’]s\s+)?(?:{ADJ}\s+)?$"
    ))
});
/// "the Mopti area", "the Gao zone": the vicinity of a town.
static AREA_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^\s+(?:area|zone|sector|vicinity|surroundings|environs|outskirts)\b")
});
/// "the (small southwest) town of", "the locality of", "la commune de" before a name.
static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\b(?:the|a|la|le|l['’]|une?)\s+)?(?:(?:small|large|big|little|tiny|rural|urban|garrison|historic|ancient|nearby|key|strategic|frontier|mining|market|petite|grande|same|{ADJ}|{DIR})\s+){{0,3}}\b(?:town|city|village|locality|rural commune|urban commune|commune|municipality|hamlet|settlement|localité|ville|commune rurale|commune urbaine|bourgade|cercle|department|département|prefecture|préfecture|district)\s+(?:of\s+|de\s+|d['’]\s*)?$"
    ))
});
/// A distance before the anchor: "about 70km (43 miles) from", "some 150 km north of",
/// "à une soixantaine de kilomètres de", "a hundred kilometers north of".
static DISTANCE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\b(?:about|some|around|roughly|nearly|approximately|almost|just|only|barely|less than|more than|over|under|at least|up to|within|environ|à environ|à quelque|à|a)\s+)?\b(?P<num>\d+(?:[.,]\d+)?|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a few|several|a hundred|one hundred|hundred|two hundred|three hundred)|une?\s+(?:dizaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine)\s+de|quelques|plusieurs|dix|quinze|vingt|trente|quarante|cinquante|soixante|cent)\s*-?\s*(?P<unit>km|kms|kilomet(?:er|re)s?|kilomètres?|miles?|mi)\b\.?(?:\s*\([^)]{{0,40}}\))?(?:\s+(?:au\s+|à\s+l['’]\s*)?(?P<dir>{DIR}))?(?:\s+(?:of|from|away from|outside|outside of|de|du|d['’]|from the centre of|from the center of|by road from)\s*|\s*,\s*|\s+)(?:the\s+|la\s+|le\s+)?$"
    ))
});
/// A vicinity before the anchor: "near", "outside", "on the outskirts of", "north of",
/// "on the road to", "près de", "au nord de".
static VICINITY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)\b(?:near|nearby|close to|not far from|just outside|outside of|outside|on the outskirts of|in the outskirts of|the outskirts of|outskirts of|on the edge of|on the fringes of|around|in the vicinity of|in the area of|in the surroundings of|in the environs of|on the road to|on the road from|on the road between|on the way to|on the axis to|(?:just\s+)?{DIR}(?:\s+of|\s+from)|in the {DIR} of|to the {DIR} of|près de|non loin de|aux environs de|dans les environs de|à la périphérie de|en périphérie de|aux abords de|à proximité de|à la sortie de|(?:au|à l['’])\s*{DIR}\s+de|sur la route de|sur l['’]axe)\s*(?:the\s+|la\s+|le\s+|its\s+)?$"
    ))
});
/// A border before a country: "near the border with", "la frontière avec le".
static BORDER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?:near|along|on|at|by|close to|across|towards?|from)\s+)?(?:\bthe\s+)?\b(?:border|frontier|borders)\s+(?:with|between|of)\s+(?:the\s+)?(?:\p{Lu}[\p{L}'’ -]*?\s+and\s+)?$|(?i)(?:\b(?:près de|à|vers|le long de)\s+)?(?:\bla\s+)?\bfrontières?\s+(?:avec\s+)?(?:le\s+|la\s+|l['’]\s*|du\s+|de la\s+|de l['’]\s*|entre\s+(?:le\s+|la\s+|l['’])?\s*\p{Lu}[\p{L}'’ -]*?\s+et\s+(?:le\s+|la\s+|l['’])?\s*)?$",
    )
});
/// A border after a country: "Mali's border", "the Mali-Niger border".
static BORDER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:['’]s)?(?:\s*[-–]\s*\p{Lu}[\p{L}'’ ]*?)?\s+(?:border|frontier|borders)\b")
});
/// Words before a border phrase of a country: "near the", "along".
static BORDER_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:\b(?:near|along|on|at|by|close to|across|towards?|from)\s+)?(?:\bthe\s+)?$")
});
/// "the Mauritanian border", "la frontière malienne".
static DEMONYM_BORDER: LazyLock<Regex> = LazyLock::new(|| {
    let mut dems: Vec<&str> = demonyms().map(|(d, _)| d).collect();
    dems.sort_by_key(|d| std::cmp::Reverse(d.len()));
    dems.dedup();
    // Accents are optional in the text ("Burkinabè", "nigérien").
    let alt: Vec<String> = dems.iter().map(|d| accent_insensitive(d)).collect();
    let alt = alt.join("|");
    re(&format!(
        r"(?i)(?:\b(?:near|along|on|at|by|close to|across|towards?|from)\s+)?(?:\bthe\s+)?\b(?P<en>{alt})\s+(?:border|frontier|borders)\b|(?:\b(?:près de|à|vers|le long de)\s+)?(?:\bla\s+)?\bfrontières?\s+(?P<fr>{alt})\b"
    ))
});
/// "the capital", "the Malian capital", "its capital", "Mali's capital", "la capitale".
static CAPITAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:the|its|their|this|that)\s+(?:(?P<adj>\p{L}+)\s+)?capital(?:\s+city)?|(?P<poss>Burkina Faso|Ivory Coast|\p{Lu}\p{L}+)['’]s\s+capital(?:\s+city)?|(?:la|sa)\s+capitale(?:\s+(?P<fr>\p{L}+))?)\b",
    )
});
/// "of Mali" right after "the capital".
static CAPITAL_OF: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s+(?:of|de|du)\s+(?:la\s+|le\s+|l['’])?(?P<c>\p{Lu}[\p{L}'’ -]*)"));
/// Capitals that are not the national one.
const NOT_NATIONAL: &[&str] = &[
    "regional",
    "provincial",
    "economic",
    "cultural",
    "spiritual",
    "former",
    "old",
    "ancient",
    "historic",
    "historical",
    "religious",
    "régionale",
    "économique",
    "ancienne",
    "administrative",
    "punishment",
];
/// Contexts in which "Niger", "Guinea"… are not the country ("the Niger River").
static NOT_COUNTRY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^\s+(?:River|river|Delta|delta|Basin|basin|Bend|bend|State|state|Inland)\b|^-Bissau")
});
static NOT_COUNTRY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\bfleuve|\briver|\bOffice du|\bboucle du|\binner|\binland|\bGulf of|\bgolfe de|\bEquatorial|\bNew|\bPapua New|\bFrench)\s+(?:the\s+)?$",
    )
});
/// Locative context that lets a stoplisted name be a place.
static LOCATIVE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:in|at|near|of|from|to|outside|around|towards?|into|à|de|près de|vers|dans|sur)\s+(?:the\s+)?$",
    )
});
/// The capitalised word right before a name ("Modibo Keita").
static PREV_CAPITALISED: LazyLock<Regex> = LazyLock::new(|| re(r"(\p{Lu}[\p{L}'’.]*)[ \u{a0}]+$"));

/// Regex fragment matching `word` with or without its accents (the demonym table is
/// folded: "burkinabe" also matches "Burkinabè", "nigerien" also "nigérien").
fn accent_insensitive(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'e' => "[eéèêë]".to_string(),
            'a' => "[aàâä]".to_string(),
            'i' => "[iîï]".to_string(),
            'o' => "[oôö]".to_string(),
            'u' => "[uùûü]".to_string(),
            'c' => "[cç]".to_string(),
            other => regex::escape(&other.to_string()),
        })
        .collect()
}

/// One accepted place name (or "the capital") of the sentence, before phrasing.
#[derive(Debug, Clone)]
struct Anchor<'g> {
    start: usize,
    end: usize,
    place: &'g GazPlace,
    /// A "region" word makes it a region mention.
    region_word: bool,
}

/// Find the places a sentence names. `default_country` (ISO alpha-2) breaks ties between
/// homonyms and says whose capital "the capital" is when the sentence names no country.
/// Matches are sorted by start; they may overlap (a country inside a region phrase is
/// dropped, a town and its distance anchor are both returned).
pub fn find_places(
    sentence: &str,
    gazetteer: &Gazetteer,
    default_country: Option<&str>,
) -> Vec<PlaceMatch> {
    let countries: Vec<&str> = default_country.into_iter().collect();
    find_places_in(sentence, gazetteer, &countries)
}

/// [`find_places`] for an article about `countries` (ISO alpha-2, most relevant first: the
/// article's main countries, then the site's default). A homonym resolves to the country
/// the sentence names, else to the earliest of `countries` that has it ("Essakane" in a
/// Burkina article is the Burkinabè mine town, not a Malian namesake); the first country
/// says whose capital "the capital" is when the sentence names none.
pub fn find_places_in(
    sentence: &str,
    gazetteer: &Gazetteer,
    countries: &[&str],
) -> Vec<PlaceMatch> {
    find_places_in_hits(sentence, &gazetteer.scan(sentence), gazetteer, countries)
}

/// [`find_places_in`] from the gazetteer names already found in `sentence` (the result of
/// [`Gazetteer::scan`] on that very text): the scan does not depend on the preferred
/// countries, so a caller that reads a sentence twice with different countries scans once.
pub fn find_places_in_hits(
    sentence: &str,
    hits: &[NameHit<'_>],
    gazetteer: &Gazetteer,
    countries: &[&str],
) -> Vec<PlaceMatch> {
    let preferred: Vec<String> = countries
        .iter()
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()))
        .collect();
    let preferred: Vec<&str> = preferred.iter().map(String::as_str).collect();
    let default_country = preferred.first().copied();

    // Countries the sentence names: context for homonyms and for "the capital".
    let mut ctx: Vec<&str> = Vec::new();
    for h in hits {
        if !starts_upper(&sentence[h.start..h.end]) || !is_country_context(sentence, h.start, h.end)
        {
            continue;
        }
        if let Some(c) = h.candidates.iter().find(|p| p.kind == PlaceKind::Country)
            && !ctx.contains(&c.country.as_str())
        {
            ctx.push(c.country.as_str());
        }
    }

    // Every region pattern needs "region"/"région" or "province" (in any case): without one
    // in the sentence, no name is a region by its words.
    let may_name_region =
        contains_ascii_ci(sentence, "gion") || contains_ascii_ci(sentence, "province");
    let mut anchors: Vec<Anchor> = Vec::new();
    for h in hits {
        let text = &sentence[h.start..h.end];
        if !starts_upper(text) {
            continue;
        }
        let before = &sentence[..h.start];
        let after = &sentence[h.end..];
        let region_word = may_name_region
            && (REGION_AFTER.is_match(after)
                || REGION_AFTER_LIST.is_match(after)
                || REGION_BEFORE.is_match(before));
        let key = name_key(text);
        let Some(place) = resolve(&h.candidates, &key, region_word, &preferred, &ctx) else {
            continue;
        };
        match place.kind {
            PlaceKind::Country => {
                if !is_country_context(sentence, h.start, h.end) {
                    continue;
                }
            }
            PlaceKind::Town => {
                let stop = STOPLIST.contains(&key.as_str());
                if stop
                    && !region_word
                    && !LOCATIVE_BEFORE.is_match(before)
                    && !PREFIX.is_match(before)
                {
                    continue;
                }
                if looks_like_person(before, hits, h.start) && !region_word {
                    continue;
                }
            }
            PlaceKind::Region => {}
        }
        anchors.push(Anchor {
            start: h.start,
            end: h.end,
            place,
            region_word,
        });
    }

    add_capitals(sentence, gazetteer, default_country, &ctx, &mut anchors);
    anchors.sort_by_key(|a| (a.start, a.end));

    let mut out: Vec<PlaceMatch> = anchors.iter().map(|a| phrase(sentence, a)).collect();
    out.extend(demonym_borders(sentence, gazetteer));

    // A country inside a more precise phrase ("central Mali's Ségou region") adds nothing.
    let precise: Vec<(usize, usize)> = out
        .iter()
        .filter(|m| m.kind != PlaceKind::Country)
        .map(|m| (m.start, m.end))
        .collect();
    out.retain(|m| {
        m.kind != PlaceKind::Country || !precise.iter().any(|&(s, e)| s <= m.start && m.end <= e)
    });
    // The same country twice at the same place (a border phrase found two ways).
    out.sort_by_key(|m| (m.start, m.end));
    out.dedup_by(|b, a| {
        a.kind == b.kind && a.place.name == b.place.name && a.start < b.end && b.start < a.end
    });
    out
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a country name at `start..end` is the country ("Niger" in "the Niger River" is not).
fn is_country_context(sentence: &str, start: usize, end: usize) -> bool {
    !NOT_COUNTRY_AFTER.is_match(&sentence[end..])
        && !NOT_COUNTRY_BEFORE.is_match(&sentence[..start])
}

/// A capitalised non-function word right before a town name that is not itself part of
/// another place name: "Modibo Keita", "Colonel Ber".
fn looks_like_person(before: &str, hits: &[super::gazetteer::NameHit], start: usize) -> bool {
    let Some(c) = PREV_CAPITALISED.captures(before) else {
        return false;
    };
    let Some(word) = c.get(1) else { return false };
    let w = word
        .as_str()
        .trim_end_matches(['.', '\'', '’'])
        .to_lowercase();
    if FUNCTION_WORDS.contains(&w.as_str()) {
        return false;
    }
    // "Mopti Sévaré", "Bamako Kati": another place right before.
    let prev_is_place = hits
        .iter()
        .any(|h| h.end <= start && h.start == word.start());
    !prev_is_place
}

/// Pick the place a name means: by kind for the context (a region when "region" is said;
/// otherwise a country, then a town, then a region), then the countries the sentence
/// names, then the caller's countries in their order, then the more specific source, then
/// the Sahel core.
fn resolve<'g>(
    candidates: &[&'g GazPlace],
    key: &str,
    region_word: bool,
    preferred: &[&str],
    ctx: &[&str],
) -> Option<&'g GazPlace> {
    let burkina_ctx = preferred.contains(&"BF") || ctx.contains(&"BF");
    let generic = GENERIC_REGIONS.contains(&key);
    candidates
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.kind != PlaceKind::Region
                || !generic
                || (region_word && burkina_ctx && p.country == "BF")
        })
        .max_by_key(|(i, p)| {
            let kind_rank = match (region_word, p.kind) {
                (true, PlaceKind::Region) => 3,
                (true, PlaceKind::Country) => 2,
                (true, PlaceKind::Town) => 1,
                (false, PlaceKind::Country) => 3,
                (false, PlaceKind::Town) => 2,
                (false, PlaceKind::Region) => 1,
            };
            // Earlier in the caller's list is better; absent is worst.
            let rank = preferred
                .iter()
                .position(|c| *c == p.country)
                .map_or(0, |i| preferred.len() - i);
            let named = ctx.contains(&p.country.as_str());
            let source = match p.source {
                PlaceSource::Site => 2,
                PlaceSource::Curated => 1,
                PlaceSource::GeoNames => 0,
            };
            let core = matches!(p.country.as_str(), "ML" | "BF" | "NE");
            (kind_rank, named, rank, source, core, std::cmp::Reverse(*i))
        })
        .map(|(_, p)| *p)
}

/// "the capital" as a place: the capital of the country the phrase or sentence names,
/// else of the default country. "the capital, Bamako" merges with the explicit name;
/// "Bamako, the capital of Mali" adds nothing.
fn add_capitals<'g>(
    sentence: &str,
    gazetteer: &'g Gazetteer,
    default_country: Option<&str>,
    ctx: &[&str],
    anchors: &mut Vec<Anchor<'g>>,
) {
    // Every match says "capital" (in any case): most sentences need no regex search.
    if !contains_ascii_ci(sentence, "capital") {
        return;
    }
    for c in CAPITAL.captures_iter(sentence) {
        let Some(m) = c.get(0) else { continue };
        let adj = c
            .name("adj")
            .or_else(|| c.name("fr"))
            .map(|a| a.as_str().to_lowercase());
        if adj.as_deref().is_some_and(|a| NOT_NATIONAL.contains(&a)) {
            continue;
        }
        let after = &sentence[m.end()..];
        let poss = c.name("poss").map(|p| gazetteer.country_code(p.as_str()));
        if poss == Some(None) {
            continue; // "Ségou's capital"? not a country: no claim.
        }
        let country = poss
            .flatten()
            .or_else(|| adj.as_deref().and_then(|a| gazetteer.country_code(a)))
            .map(str::to_string)
            .or_else(|| {
                CAPITAL_OF
                    .captures(after)
                    .and_then(|o| o.name("c"))
                    .and_then(|o| best_country_prefix(gazetteer, o.as_str()))
                    .map(str::to_string)
            })
            .or_else(|| ctx.first().map(|c| c.to_string()))
            .or_else(|| default_country.map(str::to_string));
        let Some(cc) = country else { continue };
        let Some(capital) = gazetteer.capital(&cc) else {
            continue;
        };
        let gap_ok = |s: &str| {
            s.len() <= 4
                && s.chars()
                    .all(|ch| ch.is_whitespace() || matches!(ch, ',' | '(' | '–' | '-'))
        };
        // "Bamako, the capital of Mali" / "in Bamako, Mali's capital": the name was given.
        if anchors.iter().any(|a| {
            std::ptr::eq(a.place, capital)
                && a.end <= m.start()
                && gap_ok(&sentence[a.end..m.start()])
        }) {
            continue;
        }
        // Overlap with an explicit name (the country in "Mali's capital" is fine).
        if let Some(a) = anchors.iter_mut().find(|a| {
            std::ptr::eq(a.place, capital)
                && a.start >= m.end()
                && gap_ok(&sentence[m.end()..a.start])
        }) {
            a.start = m.start(); // "the capital, Bamako": one anchor.
            continue;
        }
        anchors.push(Anchor {
            start: m.start(),
            end: m.end(),
            place: capital,
            region_word: false,
        });
    }
}

/// The country whose name starts `s` ("Mali, said …" → ML).
fn best_country_prefix(gazetteer: &Gazetteer, s: &str) -> Option<&'static str> {
    let words: Vec<&str> = s.split_whitespace().take(3).collect();
    (1..=words.len()).rev().find_map(|n| {
        let cand = words[..n].join(" ");
        gazetteer.country_code(cand.trim_end_matches([',', '.', ';', ':']))
    })
}

/// The phrase, precision and distance of one anchor.
fn phrase(sentence: &str, a: &Anchor) -> PlaceMatch {
    let before = &sentence[..a.start];
    let after = &sentence[a.end..];
    let p = a.place;
    let make = |start: usize, end: usize, precision: u8, distance_km: Option<f64>| PlaceMatch {
        place: PlaceValue {
            name: p.name.clone(),
            admin1: p.admin1.clone(),
            country: Some(p.country.clone()),
            lat: p.lat,
            lon: p.lon,
            geo_precision: precision,
            distance_km,
            phrase: sentence
                .get(start..end)
                .unwrap_or_default()
                .trim()
                .to_string(),
        },
        start,
        end,
        kind: p.kind,
        distance_km,
    };

    match p.kind {
        PlaceKind::Country => {
            if let Some(m) = BORDER_BEFORE.find(before) {
                return make(m.start(), a.end, 3, None);
            }
            if let Some(m) = BORDER_AFTER.find(after) {
                let lead = BORDER_LEAD.find(before).map_or(a.start, |l| l.start());
                return make(lead, a.end + m.end(), 3, None);
            }
            make(a.start, a.end, 3, None)
        }
        PlaceKind::Region => {
            let (mut start, mut end) = (a.start, a.end);
            if let Some(m) = REGION_AFTER.find(after) {
                end = a.end + m.end();
                start = REGION_LEAD.find(before).map_or(start, |l| l.start());
            } else if let Some(m) = REGION_BEFORE_DIRECT.find(before) {
                start = m.start();
            }
            make(start, end, 3, None)
        }
        PlaceKind::Town => {
            if a.region_word {
                // A town's name with "region" but no region entry: the town's area.
                let (mut start, mut end) = (a.start, a.end);
                if let Some(m) = REGION_AFTER.find(after) {
                    end = a.end + m.end();
                    start = REGION_LEAD.find(before).map_or(start, |l| l.start());
                } else if let Some(m) = REGION_BEFORE_DIRECT.find(before) {
                    start = m.start();
                }
                return make(start, end, 3, None);
            }
            if let Some(m) = AREA_AFTER.find(after) {
                let start = REGION_LEAD.find(before).map_or(a.start, |l| l.start());
                return make(start, a.end + m.end(), 2, None);
            }
            let p0 = PREFIX.find(before).map_or(a.start, |m| m.start());
            let head = &sentence[..p0];
            if let Some(c) = DISTANCE.captures(head)
                && let Some(m) = c.get(0)
            {
                let km = c
                    .name("num")
                    .and_then(|n| parse_number(n.as_str()))
                    .map(|n| {
                        let unit = c
                            .name("unit")
                            .map(|u| u.as_str().to_lowercase())
                            .unwrap_or_default();
                        if unit.starts_with("mi") {
                            n * 1.609_344
                        } else {
                            n
                        }
                    });
                return make(m.start(), a.end, 2, km);
            }
            if let Some(m) = VICINITY.find(head) {
                return make(m.start(), a.end, 2, None);
            }
            make(p0, a.end, 1, None)
        }
    }
}

/// "the Mauritanian border", "la frontière malienne" → the country, precision 3.
fn demonym_borders(sentence: &str, gazetteer: &Gazetteer) -> Vec<PlaceMatch> {
    let mut out = Vec::new();
    // Every match says "border…", "frontier…" or "frontière…" (in any case).
    if !contains_ascii_ci(sentence, "border") && !contains_ascii_ci(sentence, "fronti") {
        return out;
    }
    for c in DEMONYM_BORDER.captures_iter(sentence) {
        let (Some(m), Some(d)) = (c.get(0), c.name("en").or_else(|| c.name("fr"))) else {
            continue;
        };
        let Some(cc) = gazetteer.country_code(d.as_str()) else {
            continue;
        };
        let Some(country) = gazetteer.country(cc) else {
            continue;
        };
        out.push(PlaceMatch {
            place: PlaceValue {
                name: country.name.clone(),
                admin1: None,
                country: Some(country.country.clone()),
                lat: country.lat,
                lon: country.lon,
                geo_precision: 3,
                distance_km: None,
                phrase: m.as_str().trim().to_string(),
            },
            start: m.start(),
            end: m.end(),
            kind: PlaceKind::Country,
            distance_km: None,
        });
    }
    out
}

/// A stated number: digits ("70", "1,5", "1,000") or words ("a hundred", "une soixantaine de").
fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim().to_lowercase();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        let normalised = match s.split_once(',') {
            Some((_, frac)) if frac.len() == 3 => s.replace(',', ""),
            _ => s.replace(',', "."),
        };
        return normalised.parse().ok();
    }
    let words = [
        ("a hundred", 100.0),
        ("one hundred", 100.0),
        ("two hundred", 200.0),
        ("three hundred", 300.0),
        ("hundred", 100.0),
        ("a few", 3.0),
        ("several", 3.0),
        ("quelques", 3.0),
        ("plusieurs", 3.0),
        ("one", 1.0),
        ("a", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("fifteen", 15.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("seventy", 70.0),
        ("eighty", 80.0),
        ("ninety", 90.0),
        ("dix", 10.0),
        ("quinze", 15.0),
        ("vingt", 20.0),
        ("trente", 30.0),
        ("quarante", 40.0),
        ("cinquante", 50.0),
        ("soixante", 60.0),
        ("cent", 100.0),
    ];
    let approx = [
        ("dizaine", 10.0),
        ("quinzaine", 15.0),
        ("vingtaine", 20.0),
        ("trentaine", 30.0),
        ("quarantaine", 40.0),
        ("cinquantaine", 50.0),
        ("soixantaine", 60.0),
        ("centaine", 100.0),
    ];
    if let Some((_, v)) = approx.iter().find(|(w, _)| s.contains(w)) {
        return Some(*v);
    }
    words.iter().find(|(w, _)| s == *w).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    /// The pre-filters ("capital", "border", "fronti", "gion", "province") are exact only if no non-ASCII
    /// character matches one of their letters case-insensitively.
    #[test]
    fn prefilter_letters_have_no_non_ascii_case_variants() {
        let letters = Regex::new(r"(?i)^[capitalbordefntigv]$").expect("class");
        let mut buf = [0u8; 4];
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            assert!(!letters.is_match(c.encode_utf8(&mut buf)), "{c:?}");
        }
    }
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::shared()
    }

    fn find(s: &str) -> Vec<PlaceMatch> {
        let out = find_places(s, g(), Some("ML"));
        for m in &out {
            assert!(
                s.is_char_boundary(m.start) && s.is_char_boundary(m.end),
                "{m:?}"
            );
            assert!(m.start < m.end && m.end <= s.len());
        }
        out
    }

    fn one<'a>(out: &'a [PlaceMatch], name: &str) -> &'a PlaceMatch {
        out.iter()
            .find(|m| m.place.name == name)
            .unwrap_or_else(|| panic!("no {name} in {out:#?}"))
    }

    fn names(out: &[PlaceMatch]) -> Vec<&str> {
        out.iter().map(|m| m.place.name.as_str()).collect()
    }

    /// (sentence, place name, precision, phrase, distance)
    fn check(s: &str, name: &str, precision: u8, phrase: &str, km: Option<f64>) {
        let out = find(s);
        let m = one(&out, name);
        assert_eq!(m.place.geo_precision, precision, "{s}: {m:#?}");
        assert_eq!(m.place.phrase, phrase, "{s}");
        assert_eq!(&s[m.start..m.end], phrase, "{s}");
        match (m.distance_km, km) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 0.5, "{s}: {a} vs {b}"),
            (a, b) => assert_eq!(a, b, "{s}"),
        }
    }

    // ---- the seed sentences ----

    #[test]
    fn seed_zantiguila_sentence() {
        let s = "On Thursday night, about 70km (43 miles) from the capital, an attack took place “at the checkpoint of Zantiguila, on the road to the central city of Segou”, the security ministry said on Friday evening.";
        check(
            s,
            "Bamako",
            2,
            "about 70km (43 miles) from the capital",
            Some(70.0),
        );
        check(s, "Zantiguila", 1, "Zantiguila", None);
        check(
            s,
            "Ségou",
            2,
            "on the road to the central city of Segou",
            None,
        );
    }

    #[test]
    fn seed_near_its_capital() {
        let s = "Six people have been killed in Mali, including two gendarmes and a police officer, in a rare attack near its capital Bamako, the security ministry has said.";
        let out = find(s);
        check(s, "Bamako", 2, "near its capital Bamako", None);
        assert_eq!(one(&out, "Mali").kind, PlaceKind::Country);
        assert_eq!(out.iter().filter(|m| m.place.name == "Bamako").count(), 1);
    }

    #[test]
    fn seed_markacoungo() {
        let s = "Mali’s security ministry said unidentified armed individuals attacked the defense post Monday night in the small southwest town of Markacoungo, about 80 kilometers from the capital, Bamako.";
        check(
            s,
            "Markacoungo",
            1,
            "the small southwest town of Markacoungo",
            None,
        );
        check(
            s,
            "Bamako",
            2,
            "about 80 kilometers from the capital, Bamako",
            Some(80.0),
        );
    }

    #[test]
    fn seed_two_distances_from_bamako() {
        let s = "Six people were killed in a July attack on a checkpoint 70 kilometers from Bamako followed by an attack one week later on Mali’s main military camp, just 15 kilometers from the capital.";
        let out = find(s);
        let bamako: Vec<_> = out.iter().filter(|m| m.place.name == "Bamako").collect();
        assert_eq!(bamako.len(), 2, "{out:#?}");
        assert_eq!(bamako[0].distance_km, Some(70.0));
        assert_eq!(bamako[1].distance_km, Some(15.0));
        assert_eq!(
            bamako[1].place.phrase,
            "just 15 kilometers from the capital"
        );
    }

    #[test]
    fn seed_kaloumba_and_mauritanian_border() {
        let s = "In Kaloumba, near the Mauritanian border, twelve people died, including “three civilians from a road construction company”according to the statement signed by Colonel Souleymane Dembélé, director of information and public relations of the army.";
        let out = find(s);
        check(s, "Kaloumba", 1, "Kaloumba", None);
        let mr = one(&out, "Mauritania");
        assert_eq!(mr.kind, PlaceKind::Country);
        assert_eq!(mr.place.country.as_deref(), Some("MR"));
        assert_eq!(mr.place.geo_precision, 3);
        assert_eq!(mr.place.phrase, "near the Mauritanian border");
        assert_eq!(out.len(), 2, "{out:#?}");
    }

    #[test]
    fn seed_sokolo_mopti_kati() {
        check(
            "In Sokolo, in the center, the army reports six dead soldiers.",
            "Sokolo",
            1,
            "Sokolo",
            None,
        );
        check(
            "The army claims to have “neutralized three terrorist pick-ups 15 km from Sokolo with occupants”.",
            "Sokolo",
            2,
            "15 km from Sokolo",
            Some(15.0),
        );
        check(
            "A third attack took place overnight in Mopti (center), without causing any casualties.",
            "Mopti",
            1,
            "Mopti",
            None,
        );
        check(
            "A suicide attack was perpetrated in the Kati military camp.",
            "Kati",
            1,
            "Kati",
            None,
        );
    }

    #[test]
    fn seed_kolokani_and_regions() {
        let s = "Armed men had attacked checkpoints, a gendarmerie and a military camp, in particular in the locality of Kolokani, about a hundred kilometers north of Bamako.";
        check(s, "Kolokani", 1, "the locality of Kolokani", None);
        check(
            s,
            "Bamako",
            2,
            "about a hundred kilometers north of Bamako",
            Some(100.0),
        );
        let s = "The day before, raids had hit six different localities in Mali, in the regions of Koulikoro (near Bamako) as well as Ségou and Mopti (center).";
        let out = find(s);
        let k = one(&out, "Koulikoro");
        assert_eq!((k.kind, k.place.geo_precision), (PlaceKind::Region, 3));
        check(s, "Bamako", 2, "near Bamako", None);
    }

    #[test]
    fn seed_bamako_capital_of_mali() {
        let s = "A militant assault in Bamako, the capital of Mali, has resulted in the deaths of over 70 people.";
        let out = find(s);
        assert_eq!(
            out.iter().filter(|m| m.place.name == "Bamako").count(),
            1,
            "{out:#?}"
        );
        check(s, "Bamako", 1, "Bamako", None);
        let s = "A military training camp in Bamako, Mali’s capital, was targeted by an attack early Tuesday.";
        let out = find(s);
        assert_eq!(
            out.iter().filter(|m| m.place.name == "Bamako").count(),
            1,
            "{out:#?}"
        );
        check(s, "Bamako", 1, "Bamako", None);
    }

    #[test]
    fn seed_tinzaouaten() {
        check(
            "Their convoy was forced to retreat, resulting in the deadly ambush south of the commune of Tinzaouaten.",
            "Tinzaouaten",
            2,
            "south of the commune of Tinzaouaten",
            None,
        );
    }

    #[test]
    fn seed_places_resolve_in_mali_with_admin1() {
        for (name, admin1) in [
            ("Zantiguila", "Koulikoro"),
            ("Markacoungo", "Koulikoro"),
            ("Kaloumba", "Koulikoro"),
            ("Sokolo", "Ségou"),
            ("Mopti", "Mopti"),
            ("Kati", "Koulikoro"),
            ("Kolokani", "Koulikoro"),
            ("Bamako", "Bamako"),
            ("Tinzaouaten", "Kidal"),
        ] {
            let s = format!("The attack took place in {name} on Monday.");
            let out = find_places(&s, g(), None);
            let m = one(&out, name);
            assert_eq!(m.place.country.as_deref(), Some("ML"), "{name}");
            assert_eq!(m.place.admin1.as_deref(), Some(admin1), "{name}");
            assert_eq!(m.place.geo_precision, 1, "{name}");
            assert_eq!(m.kind, PlaceKind::Town);
        }
    }

    // ---- other outlets' phrasings ----

    #[test]
    fn town_of_and_village_of() {
        check(
            "Gunmen stormed the town of Djibo overnight.",
            "Djibo",
            1,
            "the town of Djibo",
            None,
        );
        check(
            "Jihadists attacked the village of Solhan in Burkina Faso.",
            "Solhan",
            1,
            "the village of Solhan",
            None,
        );
        check(
            "L'attaque a visé la localité de Diafarabé.",
            "Diafarabé",
            1,
            "la localité de Diafarabé",
            None,
        );
        check(
            "Militants raided the northern town of Arbinda.",
            "Arbinda",
            1,
            "the northern town of Arbinda",
            None,
        );
    }

    #[test]
    fn distances_and_directions() {
        check(
            "The camp lies 70 km (43 miles) north of Mopti.",
            "Mopti",
            2,
            "70 km (43 miles) north of Mopti",
            Some(70.0),
        );
        check(
            "The convoy was hit some 150 km (93 miles) from Gao.",
            "Gao",
            2,
            "some 150 km (93 miles) from Gao",
            Some(150.0),
        );
        check(
            "They struck 15 kilometres from Bamako.",
            "Bamako",
            2,
            "15 kilometres from Bamako",
            Some(15.0),
        );
        check(
            "The ambush happened about 30 miles east of Ménaka.",
            "Ménaka",
            2,
            "about 30 miles east of Ménaka",
            Some(48.3),
        );
        check(
            "L'attaque a eu lieu à une soixantaine de kilomètres de Ségou.",
            "Ségou",
            2,
            "à une soixantaine de kilomètres de Ségou",
            Some(60.0),
        );
        check(
            "Le poste est situé à 25 km au nord de Tillabéri.",
            "Tillabéri",
            2,
            "à 25 km au nord de Tillabéri",
            Some(25.0),
        );
    }

    #[test]
    fn vicinity_phrases() {
        check(
            "Soldiers were killed near Gao on Sunday.",
            "Gao",
            2,
            "near Gao",
            None,
        );
        check(
            "A school on the outskirts of Bamako was attacked.",
            "Bamako",
            2,
            "on the outskirts of Bamako",
            None,
        );
        check(
            "Fighting broke out just outside Djibo.",
            "Djibo",
            2,
            "just outside Djibo",
            None,
        );
        check(
            "Gunmen attacked a village near Ménaka.",
            "Ménaka",
            2,
            "near Ménaka",
            None,
        );
        check(
            "Une embuscade a eu lieu près de Tombouctou.",
            "Timbuktu",
            2,
            "près de Tombouctou",
            None,
        );
        check(
            "Clashes were reported in the Mopti area.",
            "Mopti",
            2,
            "the Mopti area",
            None,
        );
        check(
            "The patrol was ambushed not far from Kidal.",
            "Kidal",
            2,
            "not far from Kidal",
            None,
        );
    }

    #[test]
    fn capital_of_named_or_default_country() {
        check(
            "An attack was foiled 40 km from the capital of Niger.",
            "Niamey",
            2,
            "40 km from the capital",
            Some(40.0),
        );
        check(
            "Gunmen struck near the Burkinabe capital on Monday.",
            "Ouagadougou",
            2,
            "near the Burkinabe capital",
            None,
        );
        let out = find_places(
            "A drone strike hit a market 20 km from the capital.",
            g(),
            Some("BF"),
        );
        assert_eq!(one(&out, "Ouagadougou").place.geo_precision, 2);
        // No country named and none by default: no guess.
        let out = find_places(
            "A drone strike hit a market 20 km from the capital.",
            g(),
            None,
        );
        assert!(out.is_empty(), "{out:#?}");
        // Not the national capital.
        let out = find("Mopti, the regional capital, was calm.");
        assert_eq!(names(&out), vec!["Mopti"]);
    }

    #[test]
    fn regions() {
        check(
            "Seven soldiers died in the Mopti region.",
            "Mopti",
            3,
            "the Mopti region",
            None,
        );
        let out = find("Seven soldiers died in the Mopti region.");
        assert_eq!(out[0].kind, PlaceKind::Region);
        check(
            "Violence has spread in central Mali's Ségou region.",
            "Ségou",
            3,
            "central Mali's Ségou region",
            None,
        );
        assert!(
            !names(&find("Violence has spread in central Mali's Ségou region.")).contains(&"Mali")
        );
        check(
            "Attacks rose in the central region of Mopti.",
            "Mopti",
            3,
            "the central region of Mopti",
            None,
        );
        check(
            "Rebels hold ground in northern Mali's Kidal region.",
            "Kidal",
            3,
            "northern Mali's Kidal region",
            None,
        );
        check(
            "Des hommes armés ont attaqué dans la région de Tombouctou.",
            "Tombouctou",
            3,
            "la région de Tombouctou",
            None,
        );
        let out = find_places(
            "Nine civilians were killed in the Tillabéri region of Niger.",
            g(),
            None,
        );
        let t = one(&out, "Tillabéri");
        assert_eq!(
            (t.kind, t.place.country.as_deref(), t.place.geo_precision),
            (PlaceKind::Region, Some("NE"), 3)
        );
        let out = find_places("Attacks hit the Boucle du Mouhoun region.", g(), None);
        assert_eq!(
            one(&out, "Boucle du Mouhoun").place.country.as_deref(),
            Some("BF")
        );
    }

    #[test]
    fn region_lists_and_country_regions() {
        let s =
            "Raids hit the regions of Koulikoro (near Bamako) as well as Ségou and Mopti (center).";
        let out = find(s);
        for r in ["Koulikoro", "Ségou", "Mopti"] {
            assert_eq!(one(&out, r).kind, PlaceKind::Region, "{r}");
        }
        assert_eq!(one(&out, "Ségou").place.phrase, "Ségou");
        let out = find("Violence has spread to several regions of Mali.");
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].kind, out[0].place.country.as_deref()),
            (PlaceKind::Country, Some("ML"))
        );
    }

    #[test]
    fn headline_near_capital() {
        let s = "Gunmen Kill 5 Near Mali’s Capital";
        let out = find(s);
        let b = one(&out, "Bamako");
        assert_eq!(
            (b.place.geo_precision, b.place.phrase.as_str()),
            (2, "Near Mali’s Capital")
        );
        assert!(
            find("Fighters reached Ségou's capital district.")
                .iter()
                .all(|m| m.place.name != "Bamako")
        );
    }

    #[test]
    fn borders() {
        let out = find("The attack happened near the border with Burkina Faso.");
        let bf = one(&out, "Burkina Faso");
        assert_eq!((bf.kind, bf.place.geo_precision), (PlaceKind::Country, 3));
        assert_eq!(bf.place.phrase, "near the border with Burkina Faso");
        let out = find("Des combats ont eu lieu près de la frontière nigérienne.");
        assert_eq!(
            one(&out, "Niger").place.phrase,
            "près de la frontière nigérienne"
        );
        let out = find("The camp sits close to the Niger border.");
        assert_eq!(one(&out, "Niger").place.phrase, "close to the Niger border");
    }

    #[test]
    fn french_and_variant_spellings() {
        check(
            "Les jihadistes ont attaqué Tillabery.",
            "Tillabéri",
            1,
            "Tillabery",
            None,
        );
        check(
            "Attack in Tin-Zaouatene leaves many dead.",
            "Tinzaouaten",
            1,
            "Tin-Zaouatene",
            None,
        );
        check(
            "Fighting in Tinzawatene continued.",
            "Tinzaouaten",
            1,
            "Tinzawatene",
            None,
        );
        check(
            "Dozens were killed in Timbuktu.",
            "Timbuktu",
            1,
            "Timbuktu",
            None,
        );
        check("Gunmen hit Sévaré overnight.", "Mopti", 1, "Sévaré", None);
        check(
            "Five died at Markakoungo.",
            "Markacoungo",
            1,
            "Markakoungo",
            None,
        );
        check("Soldiers killed in Menaka.", "Ménaka", 1, "Menaka", None);
        check(
            "A blast in Fada N'Gourma killed two.",
            "Fada N'Gourma",
            1,
            "Fada N'Gourma",
            None,
        );
        check(
            "Le camp de Boulkessy a été attaqué.",
            "Boulkessi",
            1,
            "Boulkessy",
            None,
        );
    }

    #[test]
    fn homonyms_follow_default_country() {
        // "Lere" is in Mali (Léré) and Nigeria.
        let ml = find_places("Gunmen attacked Lere.", g(), Some("ML"));
        assert_eq!(one(&ml, "Léré").place.country.as_deref(), Some("ML"));
        let ng = find_places("Gunmen attacked Lere.", g(), Some("NG"));
        assert_eq!(ng[0].place.country.as_deref(), Some("NG"));
        // A country named in the sentence decides too.
        let ng = find_places("Gunmen attacked Lere in northern Nigeria.", g(), None);
        assert!(
            ng.iter()
                .any(|m| m.kind == PlaceKind::Town && m.place.country.as_deref() == Some("NG")),
            "{ng:#?}"
        );
    }

    #[test]
    fn lower_case_and_common_words_are_not_places() {
        assert!(find("They say the gao was empty and bla bla.").is_empty());
        assert!(find("Say what you will about the army.").is_empty());
        let out = find("Ber was once a MINUSMA base.");
        assert!(out.is_empty(), "{out:#?}");
        check("Fighting was reported in Ber.", "Ber", 1, "Ber", None);
        check(
            "The army retook the town of Say.",
            "Say",
            1,
            "the town of Say",
            None,
        );
        assert!(find("Man is mortal; Come and Save us.").is_empty());
    }

    #[test]
    fn people_are_not_towns() {
        let out = find("The statement was signed by Colonel Souleymane Dembélé, army spokesman.");
        assert!(out.is_empty(), "{out:#?}");
        let out = find("Former president Ibrahim Boubacar Keita and Modibo Keita were named.");
        assert!(out.is_empty(), "{out:#?}");
        let out = find("Interim president Assimi Goita visited Kati.");
        assert_eq!(names(&out), vec!["Kati"]);
    }

    #[test]
    fn ivory_coast_is_a_country_not_a_town() {
        let out = find("Refugees fled to Ivory Coast and Côte d’Ivoire.");
        assert_eq!(out.len(), 2, "{out:#?}");
        assert!(
            out.iter()
                .all(|m| m.kind == PlaceKind::Country && m.place.country.as_deref() == Some("CI"))
        );
    }

    #[test]
    fn niger_river_is_not_niger() {
        let out = find("Boats on the Niger River near Mopti and the Office du Niger fields.");
        assert!(!names(&out).contains(&"Niger"), "{out:#?}");
        let out = find("Soldiers from Niger and Nigeria met in Guinea-Bissau.");
        let codes: Vec<_> = out
            .iter()
            .filter_map(|m| m.place.country.as_deref())
            .collect();
        assert_eq!(codes, vec!["NE", "NG", "GW"]);
    }

    #[test]
    fn mali_is_the_country_not_the_guinean_town() {
        let out = find_places("Mali has suffered many attacks.", g(), None);
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].kind, out[0].place.country.as_deref()),
            (PlaceKind::Country, Some("ML"))
        );
    }

    #[test]
    fn burkina_and_niger_places() {
        for (s, name, cc, admin1) in [
            (
                "Jihadists massacred civilians in Barsalogho.",
                "Barsalogho",
                "BF",
                Some("Centre-Nord"),
            ),
            (
                "An attack in Seytenga killed dozens.",
                "Seytenga",
                "BF",
                Some("Sahel"),
            ),
            (
                "Soldiers were killed at Inates.",
                "Inates",
                "NE",
                Some("Tillabéri"),
            ),
            (
                "The ambush at Tongo Tongo killed four US soldiers.",
                "Tongo Tongo",
                "NE",
                Some("Tillabéri"),
            ),
            (
                "Villagers fled Chinégodar.",
                "Chinagodrar",
                "NE",
                Some("Tillabéri"),
            ),
            (
                "A raid on Anderamboukane killed herders.",
                "Andéramboukane",
                "ML",
                Some("Ménaka"),
            ),
            (
                "Ogossagou was attacked again.",
                "Ogossagou",
                "ML",
                Some("Mopti"),
            ),
        ] {
            let out = find_places(s, g(), None);
            let m = one(&out, name);
            assert_eq!(m.place.country.as_deref(), Some(cc), "{s}");
            assert_eq!(m.place.admin1.as_deref(), admin1, "{s}");
        }
    }

    #[test]
    fn spans_are_char_boundaries_and_never_panic() {
        for s in [
            "",
            "é",
            "“Ségou”",
            "…à 15 km de Ségou…",
            "15 km from",
            "near",
            "the capital",
            "Mali’s capital",
            "\u{301}Ménaka\u{301}",
            "ŞŞ Gao ŞŞ near Gao – 5 km from Gao — la région de Gao",
            "Bamako, the capital, Bamako, the capital",
        ] {
            let _ = find(s);
            let _ = find_places(s, g(), None);
            let _ = find_places(s, g(), Some("zz"));
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("70"), Some(70.0));
        assert_eq!(parse_number("1,5"), Some(1.5));
        assert_eq!(parse_number("1,000"), Some(1000.0));
        assert_eq!(parse_number("a hundred"), Some(100.0));
        assert_eq!(parse_number("une soixantaine de"), Some(60.0));
        assert_eq!(parse_number("zzz"), None);
    }

    #[test]
    fn site_places_are_found() {
        let extra = crate::config::ExtraPlace {
            name: "Kassela".into(),
            aliases: vec!["Kasséla".into()],
            admin1: Some("Koulikoro".into()),
            country: "ML".into(),
            lat: 12.6,
            lon: -7.7,
        };
        let gz = Gazetteer::with_extra([&extra]);
        let out = find_places("Gunmen attacked a post in Kasséla.", &gz, Some("ML"));
        assert_eq!(one(&out, "Kassela").place.lat, Some(12.6));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_boundaries(s in "\\PC{0,80}", t in "(near |about 70 km from |the town of |in the )?(Ségou|Gao|the capital|Mali|Ménaka|Tin-Zaouatène)( region| area|, Bamako)?[ .,“”’é–]{0,4}") {
            for text in [s.as_str(), t.as_str(), &format!("{s} {t}")] {
                for m in find_places(text, g(), Some("ML")) {
                    proptest::prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                    proptest::prop_assert!(m.start < m.end && m.end <= text.len());
                    proptest::prop_assert!((1..=3).contains(&m.place.geo_precision));
                }
            }
        }
    }
}

/// Words that, as any word of a capitalised name, show it is no locality: articles and
/// pronouns, months and weekdays, feasts, titles, armed groups, forces and missions,
/// organisations and media, peoples, and the common nouns that headlines capitalise.
/// Compared folded (lower case, no diacritics).
const NOT_LOCALITIES: &[&str] = &[
    // articles, pronouns, function words
    "the",
    "a",
    "an",
    "his",
    "her",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "which",
    "what",
    "it",
    "they",
    "we",
    "he",
    "she",
    "our",
    "some",
    "several",
    "many",
    "all",
    "both",
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "de",
    "et",
    // months, weekdays, feasts, calendar words
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "christmas",
    "ramadan",
    "easter",
    "tabaski",
    "eid",
    "new",
    "year",
    "week",
    "weekend",
    "day",
    "night",
    "morning",
    "evening",
    // directions and broad areas
    "africa",
    "west",
    "east",
    "north",
    "south",
    "central",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "sahel",
    "sahara",
    "liptako",
    "gourma",
    "three",
    "borders",
    "tri",
    "border",
    "region",
    "province",
    "country",
    "lake",
    "river",
    "forest",
    "park",
    "reserve",
    "mount",
    "mountains",
    "valley",
    "delta",
    // titles and offices
    "president",
    "colonel",
    "general",
    "captain",
    "lieutenant",
    "commander",
    "major",
    "sergeant",
    "minister",
    "prime",
    "mayor",
    "governor",
    "prefect",
    "chief",
    "imam",
    "sheikh",
    "emir",
    "king",
    "mr",
    "mrs",
    "dr",
    "junta",
    "interim",
    "transitional",
    "spokesman",
    "adjudant",
    "capitaine",
    "commandant",
    "ministre",
    "maire",
    "prefet",
    "chef",
    // armed groups, forces, missions
    "islamic",
    "state",
    "al",
    "jnim",
    "isis",
    "isgs",
    "issp",
    "iswap",
    "aqim",
    "ansar",
    "ansaroul",
    "dine",
    "katiba",
    "macina",
    "boko",
    "haram",
    "qaeda",
    "qaida",
    "daesh",
    "jihadist",
    "jihadists",
    "wagner",
    "africa corps",
    "corps",
    "barkhane",
    "serval",
    "takuba",
    "minusma",
    "misahel",
    "ecowas",
    "cedeao",
    "un",
    "nato",
    "eu",
    "g5",
    "fama",
    "fds",
    "vdp",
    "dozo",
    "dozos",
    "koglweogo",
    "koglweogos",
    "volunteers",
    "army",
    "armed",
    "forces",
    "force",
    "air",
    "military",
    "police",
    "gendarmerie",
    "gendarmes",
    "soldiers",
    "troops",
    "security",
    "defence",
    "defense",
    "national",
    "guard",
    "battalion",
    "operation",
    "coalition",
    "alliance",
    "front",
    "movement",
    "group",
    "groups",
    "militia",
    "militants",
    "rebels",
    "fighters",
    "gunmen",
    "attackers",
    "terrorists",
    "csp",
    "fla",
    "cma",
    "mnla",
    "hcua",
    "gatia",
    "msa",
    "plateforme",
    "azawad",
    // organisations, media, platforms
    "amnesty",
    "international",
    "human",
    "rights",
    "watch",
    "hrw",
    "acled",
    "ocha",
    "unhcr",
    "unicef",
    "msf",
    "icrc",
    "red",
    "cross",
    "crescent",
    "government",
    "ministry",
    "parliament",
    "congress",
    "senate",
    "council",
    "assembly",
    "court",
    "university",
    "school",
    "hospital",
    "church",
    "mosque",
    "market",
    "company",
    "reuters",
    "afp",
    "ap",
    "bbc",
    "rfi",
    "france",
    "aljazeera",
    "jazeera",
    "voa",
    "twitter",
    "facebook",
    "telegram",
    "whatsapp",
    "x",
    "youtube",
    "agency",
    "news",
    "press",
    "radio",
    "television",
    "tv",
    // peoples and faiths
    "fulani",
    "fula",
    "peul",
    "peuls",
    "peulh",
    "fulbe",
    "dogon",
    "dogons",
    "tuareg",
    "tuaregs",
    "touareg",
    "touaregs",
    "bambara",
    "bambaras",
    "songhai",
    "songhay",
    "mossi",
    "bozo",
    "bozos",
    "arab",
    "arabs",
    "hausa",
    "zarma",
    "djerma",
    "gourmantche",
    "christian",
    "christians",
    "muslim",
    "muslims",
    "catholic",
    "protestant",
    "god",
    "allah",
    // common nouns that headlines capitalise
    "attack",
    "attacks",
    "ambush",
    "assault",
    "raid",
    "massacre",
    "killing",
    "killings",
    "dead",
    "killed",
    "toll",
    "civilians",
    "villagers",
    "people",
    "residents",
    "camp",
    "base",
    "convoy",
    "checkpoint",
    "refugee",
    "refugees",
    "idp",
    "idps",
    "displaced",
    "village",
    "town",
    "city",
    "capital",
    "mine",
    "site",
    "gold",
];

/// Family names common in the Sahel: a two-word name ending in one is a person
/// ("near Moussa Traoré's farm").
const SURNAMES: &[&str] = &[
    "traore",
    "diallo",
    "keita",
    "coulibaly",
    "ouedraogo",
    "sawadogo",
    "konate",
    "cisse",
    "toure",
    "sidibe",
    "dembele",
    "maiga",
    "kone",
    "kabore",
    "diarra",
    "sangare",
    "camara",
    "goita",
    "bazoum",
    "tiani",
    "damiba",
    "kafando",
    "zongo",
    "compaore",
    "sankara",
    "issoufou",
    "tchiani",
    "ag",
    "ould",
];

/// A capitalised name of one or two words ("Diblou", "Sobane-Kou", "Sobane Da").
const NAME: &str = r"\p{Lu}[\p{L}'’-]*\p{L}(?:[ \u{a0}-]\p{Lu}[\p{L}'’-]*\p{L})?";
/// Verbs and nouns of an attack right before "in/at/on/near X".
const EVENT: &str = r"(?:attack|attacks|attacked|ambush|ambushed|raid|raided|assault|clashes|fighting|killed|massacre|explosion|bombing|blast|struck|hit|stormed|offensive|incursion)";
/// Words naming a settlement or an administrative unit.
const SETTLEMENT: &str = r"(?:village|town|locality|commune|rural commune|urban commune|hamlet|settlement|municipality|community|market town|border town|mining town|gold[- ]mining site|mining site|district|department|sub-prefecture)";

/// The regexes above, as tasks for [`super::warm_up`].
pub(crate) fn warm_up_tasks() -> Vec<Box<dyn Fn() + Send + Sync>> {
    let regexes: [&'static LazyLock<Regex>; 29] = [
        &REGION_AFTER,
        &REGION_AFTER_LIST,
        &REGION_BEFORE,
        &REGION_BEFORE_DIRECT,
        &REGION_LEAD,
        &AREA_AFTER,
        &PREFIX,
        &DISTANCE,
        &VICINITY,
        &BORDER_BEFORE,
        &BORDER_AFTER,
        &BORDER_LEAD,
        &DEMONYM_BORDER,
        &CAPITAL,
        &CAPITAL_OF,
        &NOT_COUNTRY_AFTER,
        &NOT_COUNTRY_BEFORE,
        &LOCATIVE_BEFORE,
        &PREV_CAPITALISED,
        &NEAR_LOCALITY,
        &LOCALITY_OF,
        &NAME_BEFORE_UNIT,
        &NAME_APPOSITION,
        &NAME_THEN_DISTANCE,
        &NAME_THEN_REGION,
        &NAME_CAMP,
        &LOCALITY_AFTER_EVENT,
        &UNIT_AFTER,
        &CONTEXT_LEAD,
    ];
    let mut tasks: Vec<Box<dyn Fn() + Send + Sync>> = regexes
        .into_iter()
        .map(|r| {
            Box::new(move || {
                LazyLock::force(r);
            }) as Box<_>
        })
        .collect();
    tasks.push(Box::new(|| {
        LazyLock::force(&LOCALITY_CUE_FINDER);
    }));
    tasks
}

fn loc_re(pattern: String) -> Regex {
    re(&pattern
        .replace("{NAME}", NAME)
        .replace("{EVENT}", EVENT)
        .replace("{SETTLEMENT}", SETTLEMENT)
        .replace("{ADJ}", ADJ))
}

/// "near X", "not far from X", "on the outskirts of X": the vicinity, precision 2.
static NEAR_LOCALITY: LazyLock<Regex> = LazyLock::new(|| {
    loc_re(r"(?P<lead>\b(?:near|close to|not far from|just outside|outside|on the outskirts of|in the vicinity of|aux environs de|près de|non loin de)\s+(?:the\s+(?:village|town|locality)\s+of\s+|(?:la\s+)?(?:localité|village|ville)\s+de\s+)?)(?P<name>{NAME})".to_string())
});
/// "the village of X", "the town of X", "la commune de X".
static LOCALITY_OF: LazyLock<Regex> = LazyLock::new(|| {
    loc_re(r"\b(?:village|villages|town|locality|localities|commune|rural commune|hamlet|city|municipality|community|settlement|district|department|localité|village de|commune de|ville de)\s+(?:of\s+)?(?P<name>{NAME})".to_string())
});
/// "in X district", "the X commune", "at X village": the name before the unit word.
static NAME_BEFORE_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    loc_re(r"\b(?:in|at|near|of|from|to|around|outside|the)\s+(?P<name>{NAME})\s+(?:rural\s+|urban\s+)?(?:district|commune|department|village|municipality|locality|hamlet|sub-prefecture|prefecture)\b".to_string())
});
/// "in X, a village in northern Burkina Faso", "attacked X, a small town near …".
static NAME_APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    loc_re(r"\b(?:in|at|near|of|on|attacked|raided|stormed|targeted|hit|struck)\s+(?P<name>{NAME}),\s+(?:a|an)\s+(?:[\p{Ll}-]+\s+){0,3}?{SETTLEMENT}\b".to_string())
});
/// "in X, some 30 km from Y": a distance right after the name places X itself.
static NAME_THEN_DISTANCE: LazyLock<Regex> = LazyLock::new(|| {
    loc_re(r"\b(?:in|at|of|on|attacked|raided|stormed|targeted|hit|struck)\s+(?P<name>{NAME}),\s+(?:(?:some|about|around|roughly|nearly|approximately|just|barely|only|located|situated|lying)\s+)*(?:\d+(?:[.,]\d+)?|a few|several|a hundred)\s*-?\s*(?:km|kms|kilomet(?:er|re)s?|miles?)\b".to_string())
});
/// "in Indelimane, Menaka region", "at X, in the Y province".
static NAME_THEN_REGION: LazyLock<Regex> = LazyLock::new(|| {
    loc_re(r"\b(?:in|at|near|of)\s+(?P<name>{NAME}),\s+(?:in\s+)?(?:the\s+)?(?:[a-z-]+\s+)?(?:\p{Lu}[\p{L}'’-]+(?:[ -]\p{Lu}[\p{L}'’-]+)?\s+)(?:region|province|district|department|circle|cercle|commune)\b".to_string())
});
/// "the X camp", "the X military base", "the X refugee camp".
static NAME_CAMP: LazyLock<Regex> = LazyLock::new(|| {
    loc_re(r"\bthe\s+(?P<name>{NAME})\s+(?:military\s+|army\s+|gendarmerie\s+|police\s+|refugee\s+|IDP\s+|displacement\s+)?(?:camp|base|garrison|barracks|outpost|post|checkpoint)\b".to_string())
});
/// "attack in X", "killed at X", "the raid on X".
static LOCALITY_AFTER_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    loc_re(r"\b{EVENT}\s+(?:on|in|at|near)\s+(?:the\s+)?(?P<name>{NAME})".to_string())
});

/// Unit words that may follow the name before its context ("X district, Y province").
static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s+(?:rural\s+|urban\s+)?(?:district|commune|department|village|municipality|locality|hamlet|sub-prefecture|prefecture)\b",
    )
});
/// The start of an apposition that places a locality: ", a village in", ", in the",
/// " in the", ", " (then the clause is read for a region, province or country).
static CONTEXT_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    loc_re(r"^(?:\s*,\s*|\s+)(?:(?:a|an|the)\s+(?:[\p{Ll}-]+\s+){0,3}?(?:{SETTLEMENT}|site|area)\s+)?(?:(?:located|situated|lying)\s+)?(?:(?:some|about|around|roughly|nearly|approximately|just)\s+)?".to_string())
});

/// Whether a sentence is set in headline case ("Gunmen Kill 12 In Attack On Village"):
/// then capitalisation says nothing about names.
fn headline_case(sentence: &str) -> bool {
    let words: Vec<&str> = sentence
        .split_whitespace()
        .filter(|w| w.chars().count() > 3 && w.chars().next().is_some_and(char::is_alphabetic))
        .collect();
    if words.len() < 4 {
        return false;
    }
    let upper = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    upper * 10 >= words.len() * 7
}

/// Clean a captured name: drop a possessive and quotes, and a second word that is a
/// stop word or a known place ("Diblou Tuesday", "Diblou Gao"). Returns the name and its
/// byte length in the sentence.
fn clean_name<'s>(raw: &'s str, gazetteer: &Gazetteer) -> &'s str {
    let raw = raw
        .strip_suffix("’s")
        .or_else(|| raw.strip_suffix("'s"))
        .unwrap_or(raw);
    let raw = raw.trim_end_matches(['\'', '’', '-']);
    if let Some((first, second)) = raw.split_once([' ', '\u{a0}']) {
        let k = fold(second);
        if NOT_LOCALITIES.contains(&k.as_str())
            || !gazetteer.lookup(second).is_empty()
            || gazetteer.country_code(second).is_some()
        {
            return first;
        }
    }
    raw
}

/// Whether a cleaned capitalised name may be an unknown locality.
fn plausible_locality(name: &str, gazetteer: &Gazetteer) -> bool {
    let key = fold(name);
    if key.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return false;
    }
    // Acronyms: JNIM, MINUSMA, ISGS.
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    let words_ok = key
        .split([' ', '\u{a0}', '-'])
        .filter(|w| !w.is_empty())
        .all(|w| {
            !NOT_LOCALITIES.contains(&w)
                && !SURNAMES.contains(&w)
                && gazetteer.country_code(w).is_none()
        });
    words_ok
        && !NOT_LOCALITIES.contains(&key.as_str())
        && gazetteer.lookup(name).is_empty()
        && gazetteer.country_code(name).is_none()
}

/// The admin1 and country a locality's apposition gives: ", Menaka region",
/// " district, Yatenga province" (the province's region), ", a village in northern Burkina
/// Faso", ", some 30 km from Djibo" (the anchor town's region). Reads one clause only.
fn locality_context(tail: &str, gazetteer: &Gazetteer) -> Option<(Option<String>, String)> {
    let tail = UNIT_AFTER.find(tail).map_or(tail, |m| &tail[m.end()..]);
    let lead = CONTEXT_LEAD.find(tail)?;
    if lead.end() == 0 {
        return None;
    }
    let rest = &tail[lead.end()..];
    // One clause: up to the next comma, stop or dash, at most 120 bytes.
    let mut end = rest
        .find([',', '.', ';', ':', '(', '–', '—'])
        .unwrap_or(rest.len())
        .min(120);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    let clause = &rest[..end];
    let found = find_places(clause, gazetteer, None);
    if let Some(r) = found.iter().find(|m| m.kind == PlaceKind::Region) {
        let admin1 = r
            .place
            .admin1
            .clone()
            .unwrap_or_else(|| r.place.name.clone());
        return Some((Some(admin1), r.place.country.clone()?));
    }
    if let Some(t) = found
        .iter()
        .find(|m| m.kind == PlaceKind::Town && m.place.geo_precision == 2)
    {
        return Some((t.place.admin1.clone(), t.place.country.clone()?));
    }
    let c = found.iter().find(|m| m.kind == PlaceKind::Country)?;
    Some((None, c.place.country.clone()?))
}

/// For each locality pattern of [`find_unknown_localities`] (in its order), words of which
/// every match contains one, verbatim (the patterns are case-sensitive). A sentence without
/// any of a pattern's words is not searched with it: those regexes fall back to slow engines
/// on non-ASCII text, and most sentences name no locality.
const LOCALITY_CUES: [&[&str]; 8] = [
    &[
        "near",
        "close to",
        "far from",
        "outside",
        "outskirts of",
        "vicinity of",
        "environs de",
        "près de",
        "loin de",
    ],
    &[
        "village",
        "town",
        "localit",
        "commune",
        "hamlet",
        "city",
        "municipality",
        "community",
        "settlement",
        "district",
        "department",
        "ville",
    ],
    &[
        "district",
        "commune",
        "department",
        "village",
        "municipality",
        "locality",
        "hamlet",
        "prefecture",
    ],
    &[
        "village",
        "town",
        "locality",
        "commune",
        "hamlet",
        "settlement",
        "municipality",
        "community",
        "mining site",
        "district",
        "department",
        "prefecture",
    ],
    &["km", "kilomet", "mile"],
    &[
        "region",
        "province",
        "district",
        "department",
        "circle",
        "cercle",
        "commune",
    ],
    &["camp", "base", "garrison", "barracks", "post", "checkpoint"],
    &[
        "attack",
        "ambush",
        "raid",
        "assault",
        "clashes",
        "fighting",
        "killed",
        "massacre",
        "explosion",
        "bombing",
        "blast",
        "struck",
        "hit",
        "stormed",
        "offensive",
        "incursion",
    ],
];

/// [`LOCALITY_CUES`] in one automaton, each word with the bit set of the patterns it serves.
static LOCALITY_CUE_FINDER: LazyLock<(aho_corasick::AhoCorasick, Vec<u8>)> = LazyLock::new(|| {
    let mut words: std::collections::BTreeMap<&str, u8> = std::collections::BTreeMap::new();
    for (i, cues) in LOCALITY_CUES.iter().enumerate() {
        for w in *cues {
            *words.entry(w).or_default() |= 1 << i;
        }
    }
    let (words, masks): (Vec<&str>, Vec<u8>) = words.into_iter().unzip();
    let ac = aho_corasick::AhoCorasick::new(words).expect("locality cue words");
    (ac, masks)
});

/// The bit set of locality patterns whose cue words occur in `sentence`.
fn locality_patterns_cued(sentence: &str) -> u8 {
    let (ac, masks) = &*LOCALITY_CUE_FINDER;
    ac.find_overlapping_iter(sentence)
        .filter_map(|m| masks.get(m.pattern().as_usize()))
        .fold(0, |acc, m| acc | m)
}

/// Localities the gazetteer does not know, named where news names a place: "the village of
/// Diblou", "in Indelimane, Menaka region", "an attack in Sobane-Kou", "in Koumbri district,
/// Yatenga province", "in Diblou, a village in northern Burkina Faso", "near Tin-Hama in the
/// Gao region" (precision 2), "in Diblou, some 30 km from Djibo", "the Tabankort camp".
/// They come back with no coordinates; admin1 and country when the apposition gives them,
/// else none (the caller fills the country from the article's context). Capitalised words
/// that name people, groups, organisations, peoples, dates or headline words are refused,
/// and in headline-case text only patterns with a lower-case cue ("the village of") count.
/// Places the gazetteer knows are left to `find_places`.
pub fn find_unknown_localities(sentence: &str, gazetteer: &Gazetteer) -> Vec<PlaceMatch> {
    let headline = headline_case(sentence);
    let patterns: [(&Regex, u8, bool); 8] = [
        (&NEAR_LOCALITY, 2, true),
        (&LOCALITY_OF, 1, false),
        (&NAME_BEFORE_UNIT, 1, true),
        (&NAME_APPOSITION, 1, false),
        (&NAME_THEN_DISTANCE, 1, false),
        (&NAME_THEN_REGION, 1, false),
        (&NAME_CAMP, 1, true),
        (&LOCALITY_AFTER_EVENT, 1, true),
    ];
    let mut out: Vec<PlaceMatch> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    let cued = locality_patterns_cued(sentence);
    for (i, (re, precision, needs_sentence_case)) in patterns.into_iter().enumerate() {
        if (headline && needs_sentence_case) || cued & (1 << i) == 0 {
            continue;
        }
        for cap in re.captures_iter(sentence) {
            let Some(m) = cap.name("name") else { continue };
            let name = clean_name(m.as_str(), gazetteer);
            if seen.contains(&m.start()) || !plausible_locality(name, gazetteer) {
                continue;
            }
            // "Moussa Diallo's farm": a two-word possessive name is a person's.
            let possessive = m.as_str().ends_with("'s") || m.as_str().ends_with("’s");
            if possessive && name.contains([' ', '\u{a0}']) {
                continue;
            }
            // A capitalised word right before that is not a function word: a person
            // ("Colonel Diblou") or an organisation's name.
            if cap.name("lead").is_none()
                && looks_like_person(&sentence[..m.start()], &[], m.start())
            {
                continue;
            }
            seen.push(m.start());
            let end = m.start() + name.len();
            let start = cap.name("lead").map_or(m.start(), |l| l.start());
            let context = sentence
                .get(end..)
                .and_then(|tail| locality_context(tail, gazetteer));
            let (admin1, country) = match context {
                Some((a, c)) => (a, Some(c)),
                None => (None, None),
            };
            out.push(PlaceMatch {
                place: PlaceValue {
                    name: name.to_string(),
                    admin1,
                    country,
                    lat: None,
                    lon: None,
                    geo_precision: precision,
                    distance_km: None,
                    phrase: sentence.get(start..end).unwrap_or(name).to_string(),
                },
                start,
                end,
                kind: PlaceKind::Town,
                distance_km: None,
            });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

#[cfg(test)]
mod locality_tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::shared()
    }

    fn found(s: &str) -> Vec<PlaceMatch> {
        let out = find_unknown_localities(s, g());
        for m in &out {
            assert!(
                s.is_char_boundary(m.start) && s.is_char_boundary(m.end),
                "{m:?}"
            );
            assert_eq!(&s[m.start..m.end], m.place.phrase, "{s}");
        }
        out
    }

    fn names(s: &str) -> Vec<String> {
        found(s).into_iter().map(|m| m.place.name).collect()
    }

    fn one(s: &str, name: &str) -> PlaceMatch {
        found(s)
            .into_iter()
            .find(|m| m.place.name == name)
            .unwrap_or_else(|| panic!("no {name} in {s}: {:?}", names(s)))
    }

    #[test]
    fn unknown_localities() {
        assert_eq!(
            names("around 20 individuals attacking the village of Diblou, said a source"),
            ["Diblou"]
        );
        assert_eq!(
            names(
                "Malian authorities first reported the attack in Indelimane, Menaka region, on Friday"
            ),
            ["Indelimane"]
        );
        assert_eq!(
            names("armed men attacked the village of Gouari-Kou, in the Mopti region"),
            ["Gouari-Kou"]
        );
        assert!(names("the attack on Friday in the capital").is_empty());
        assert_eq!(names("the attack on Chinagoder’s barracks"), ["Chinagoder"]);
        assert!(
            names("the village of Kati").is_empty(),
            "known places are find_places' job"
        );
        let m = one("the attack in Indelimane, Menaka region", "Indelimane");
        assert_eq!(m.place.country.as_deref(), Some("ML"));
        assert_eq!(m.place.admin1.as_deref(), Some("Ménaka"));
    }

    #[test]
    fn name_before_unit_word_with_province() {
        let m = one(
            "Gunmen killed nine people in Tinabouli district, Yatenga province, on Sunday.",
            "Tinabouli",
        );
        assert_eq!(
            (m.place.admin1.as_deref(), m.place.country.as_deref()),
            (Some("Nord"), Some("BF"))
        );
        assert_eq!(
            (m.place.geo_precision, m.place.phrase.as_str()),
            (1, "Tinabouli")
        );
        let m = one(
            "A convoy was ambushed near the Wendoubé commune of Séno province.",
            "Wendoubé",
        );
        assert_eq!(m.place.admin1.as_deref(), Some("Sahel"));
        let m = one(
            "Troops were deployed to Gassogo village, in the Tillabéri region.",
            "Gassogo",
        );
        assert_eq!(m.place.country.as_deref(), Some("NE"));
    }

    #[test]
    fn apposition_names_a_village() {
        let m = one(
            "The attackers struck in Bouloundi, a village in northern Burkina Faso, at dawn.",
            "Bouloundi",
        );
        assert_eq!(
            (m.place.country.as_deref(), m.place.geo_precision),
            (Some("BF"), 1)
        );
        let m = one(
            "Jihadists stormed Tagalit, a small rural commune of the Gao region.",
            "Tagalit",
        );
        assert_eq!(m.place.admin1.as_deref(), Some("Gao"));
        let m = one(
            "Residents of the town of Kassélé fled after the raid.",
            "Kassélé",
        );
        assert_eq!(m.place.phrase, "Kassélé");
    }

    #[test]
    fn vicinity_gives_precision_two() {
        let m = one(
            "Fighting broke out near Tinabaw in the Gao region on Tuesday.",
            "Tinabaw",
        );
        assert_eq!(
            (m.place.geo_precision, m.place.phrase.as_str()),
            (2, "near Tinabaw")
        );
        assert_eq!(
            (m.place.admin1.as_deref(), m.place.country.as_deref()),
            (Some("Gao"), Some("ML"))
        );
        let m = one(
            "L'embuscade a eu lieu près de Dambéré, dans la région de Mopti.",
            "Dambéré",
        );
        assert_eq!(m.place.geo_precision, 2);
        let m = one(
            "Soldiers were killed not far from the village of Kouloumbou.",
            "Kouloumbou",
        );
        assert_eq!(
            (m.place.geo_precision, m.place.phrase.as_str()),
            (2, "not far from the village of Kouloumbou")
        );
    }

    #[test]
    fn distance_after_the_name_places_the_name() {
        let m = one(
            "Jihadists raided Gassel, some 30 km from Djibo, on Monday.",
            "Gassel",
        );
        assert_eq!(m.place.geo_precision, 1);
        assert_eq!(
            (m.place.admin1.as_deref(), m.place.country.as_deref()),
            (Some("Sahel"), Some("BF"))
        );
        let m = one(
            "The blast happened in Tamalat, about 45 kilometres north of Ménaka.",
            "Tamalat",
        );
        assert_eq!(m.place.country.as_deref(), Some("ML"));
    }

    #[test]
    fn camps_and_bases() {
        assert_eq!(
            names("Militants overran the Tabankort military camp at dawn."),
            ["Tabankort"]
        );
        assert_eq!(
            names("Shells fell on the Intahaka base overnight."),
            ["Intahaka"]
        );
        assert_eq!(
            names("Thousands live in the Goudébo refugee camp."),
            ["Goudébo"]
        );
    }

    #[test]
    fn people_groups_dates_and_organisations_are_not_localities() {
        for s in [
            "The statement was signed by Colonel Souleymane Dembélé, director of information.",
            "The attack on President Bazoum's residence was foiled.",
            "JNIM claimed the attack in a statement on Telegram.",
            "Fighters linked to Wagner attacked in March.",
            "The attack on Monday killed ten soldiers.",
            "Human Rights Watch documented the killings in detail.",
            "MINUSMA said its base came under attack in the night.",
            "An attack on Fulani herders left 20 dead.",
            "Clashes near Lake Chad displaced thousands.",
            "Amnesty International said the raid on Tuesday was unlawful.",
            "Soldiers killed in Operation Barkhane were honoured.",
            "The Wagner base was attacked at dawn.",
            "The French base was evacuated.",
            "The UN camp was shelled.",
            "Fighting near Ansar Dine positions continued.",
            "An explosion hit Katiba Macina fighters.",
            "The assault in Ramadan shocked the country.",
            "Gunmen opened fire near President Traoré's convoy.",
            "Dozens were killed in Boko Haram raids.",
            "The raid on Al-Qaeda hideouts was announced.",
            "He was killed at Christmas.",
            "A blast near Africa Corps vehicles wounded three.",
            "Civilians were killed in Northern Mali.",
            "An attack on Dozo hunters was reported.",
            "Fighters of the Islamic State Sahel Province attacked in September.",
            "Gunmen Kill 12 In Attack On Remote Village",
            "Jihadists Attack Army Base In Northern Burkina",
            "An ambush near Moussa Traoré's farm killed two.",
            "The attack on Malian soldiers was condemned.",
            "Troops clashed with JNIM near Burkinabe positions.",
            "Reuters could not verify the attack in its report.",
            "The attack at Friday prayers killed 40.",
            "An attack on the Security Council was condemned.",
        ] {
            let out = names(s);
            assert!(out.is_empty(), "{s}: {out:?}");
        }
    }

    #[test]
    fn headline_case_is_detected() {
        assert!(headline_case("Gunmen Kill 12 In Attack On Remote Village"));
        assert!(!headline_case(
            "Gunmen killed 12 people in an attack on Diblou."
        ));
        assert!(!headline_case("Attack"));
    }

    #[test]
    fn odd_text_never_panics() {
        for s in [
            "",
            "é",
            "near ",
            "the village of",
            "in É, a village",
            "near Ñ’s",
            "in Xx, 30 km from",
            "the Ŋŋ camp",
            "in Aé-Bé district, Yatenga",
        ] {
            let _ = found(s);
        }
    }
}

#[cfg(test)]
mod country_preference_tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::shared()
    }

    #[test]
    fn homonyms_follow_the_article_countries() {
        // "Lere" is in Mali (Léré) and Nigeria.
        let out = find_places_in("Gunmen attacked Lere overnight.", g(), &["NG", "ML"]);
        assert_eq!(out[0].place.country.as_deref(), Some("NG"));
        let out = find_places_in("Gunmen attacked Lere overnight.", g(), &["ML", "NG"]);
        assert_eq!(out[0].place.country.as_deref(), Some("ML"));
        // A country the sentence names beats the article's.
        let out = find_places_in("Gunmen attacked Lere in Nigeria.", g(), &["ML"]);
        assert!(
            out.iter()
                .any(|m| m.kind == PlaceKind::Town && m.place.country.as_deref() == Some("NG")),
            "{out:#?}"
        );
        // The first country says whose capital "the capital" is.
        let out = find_places_in("A bomb exploded near the capital.", g(), &["NE", "ML"]);
        assert_eq!(out[0].place.name, "Niamey");
        // Bad codes are ignored, not fatal.
        assert!(find_places_in("Gunmen attacked Lere.", g(), &["", "xyz", "1"]).len() == 1);
    }

    #[test]
    fn new_sahel_places_resolve() {
        for (s, name, cc, admin1) in [
            (
                "Gunmen raided the Essakane gold mine.",
                "Essakane",
                "BF",
                "Sahel",
            ),
            (
                "Soldiers were killed in Koumbri on Saturday.",
                "Koumbri",
                "BF",
                "Nord",
            ),
            (
                "Worshippers were shot in Fambita.",
                "Fambita",
                "NE",
                "Tillabéri",
            ),
            ("The army retook Bankilare.", "Bankilaré", "NE", "Tillabéri"),
            ("Villagers fled Nonding and Soro.", "Nondin", "BF", "Nord"),
            (
                "Fighting near Taisit killed soldiers.",
                "Tessit",
                "ML",
                "Gao",
            ),
        ] {
            let out = find_places(s, g(), Some("ML"));
            let m = out
                .iter()
                .find(|m| m.place.name == name)
                .unwrap_or_else(|| panic!("{s}: {out:#?}"));
            assert_eq!(
                (m.place.country.as_deref(), m.place.admin1.as_deref()),
                (Some(cc), Some(admin1)),
                "{s}"
            );
        }
        let out = find_places("Boulkessy and Diafarabé were attacked.", g(), Some("ML"));
        assert!(
            out.iter()
                .any(|m| m.place.name == "Diafarabé" && m.place.lat.is_some())
        );
    }

    #[test]
    fn provinces_are_regions_with_their_admin1() {
        let out = find_places("Attacks rose in the Yatenga province.", g(), Some("BF"));
        let m = out
            .iter()
            .find(|m| m.place.name == "Yatenga")
            .expect("Yatenga");
        assert_eq!(
            (m.kind, m.place.admin1.as_deref(), m.place.geo_precision),
            (PlaceKind::Region, Some("Nord"), 3)
        );
        assert_eq!(m.place.phrase, "the Yatenga province");
        // A province that is also a river or an area needs the word and a Burkina context.
        assert!(
            find_places("Herders crossed the Gourma.", g(), Some("ML"))
                .iter()
                .all(|m| m.place.name != "Gourma")
        );
    }

    #[test]
    fn near_or_distance_from_the_capital_is_precision_two() {
        for (s, phrase, km) in [
            (
                "Gunmen attacked a checkpoint near the capital.",
                "near the capital",
                None,
            ),
            (
                "The camp lies some 50 km from the capital.",
                "some 50 km from the capital",
                Some(50.0),
            ),
            (
                "Drones struck 30 kilometres north of the capital on Monday.",
                "30 kilometres north of the capital",
                Some(30.0),
            ),
            (
                "Residents on the outskirts of the capital heard gunfire.",
                "on the outskirts of the capital",
                None,
            ),
        ] {
            let out = find_places(s, g(), Some("BF"));
            let m = out
                .iter()
                .find(|m| m.place.name == "Ouagadougou")
                .unwrap_or_else(|| panic!("{s}: {out:#?}"));
            assert_eq!(
                (
                    m.place.geo_precision,
                    m.place.phrase.as_str(),
                    m.distance_km
                ),
                (2, phrase, km),
                "{s}"
            );
        }
        let out = find_places("Gunfire was heard in the capital.", g(), Some("BF"));
        assert_eq!(out[0].place.geo_precision, 1);
    }
}
