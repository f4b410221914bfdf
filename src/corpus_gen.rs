//! A deterministic generator of synthetic news corpora, for the benchmark (`bench/run`,
//! `examples/gen_corpus.rs`) and for tests that need many articles.
//!
//! The articles read like wire copy about attacks in the Sahel: a headline, a lead sentence
//! with the incident, its place, date and toll, follow-up paragraphs with the toll phrased
//! again, attribution, quotes with curly quotes and accented names, a claim of responsibility
//! and background paragraphs about the conflict. Places come from the repository's own
//! gazetteer, dates span 2019–2025, and about one incident in five is reported by two or three
//! publishers with different wording and slightly different tolls, so that consolidation has
//! merges to do.
//!
//! Everything is drawn from a small splitmix64 generator seeded by the caller, one stream per
//! article (seed and article number), so the same options give a byte-identical tree whatever
//! the number of threads writing it. `truth.tsv` records what each article reports.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// The gazetteer files the places are drawn from (the same the extractor embeds).
const GEONAMES_TSV: &str = include_str!("../data/gazetteer/geonames.tsv");
const CURATED_TSV: &str = include_str!("../data/gazetteer/curated.tsv");

/// Body lengths (in bytes, front matter excluded) the generator aims between.
pub const MIN_BODY: usize = 2_000;
/// See [`MIN_BODY`].
pub const MAX_BODY: usize = 4_500;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenOptions {
    /// Number of article files.
    pub articles: usize,
    /// Seed of every random choice; the same seed gives the same corpus.
    pub seed: u64,
}

/// What a generation wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenSummary {
    pub articles: usize,
    /// Distinct incidents reported by the articles (lead incidents, not background ones).
    pub incidents: usize,
    /// Bytes of article files written.
    pub bytes: usize,
}

/// One generated article with what it reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenArticle {
    /// File name under `content/articles/`, e.g. `00042-gunmen-kill-12-villagers-near-djibo.md`.
    pub file: String,
    /// The whole file: TOML front matter and Markdown body.
    pub text: String,
    /// Byte length of the body (after the front matter).
    pub body_len: usize,
    pub truth: Truth,
}

/// What an article reports about its lead incident (one row of `truth.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth {
    pub date: NaiveDate,
    pub place: String,
    pub killed: u32,
    /// `None` when the article does not give a number of wounded.
    pub wounded: Option<u32>,
}

/// A small, fast, good-enough pseudo-random generator (splitmix64), so the corpus does not
/// depend on the `rand` crate's algorithms changing between versions.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// An independent stream for item `index` of a generation seeded by `seed`.
    pub fn stream(seed: u64, index: u64) -> Self {
        let mut r = Rng(seed ^ index.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next_u64();
        Rng(r.next_u64() ^ index)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0; 0 gives 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    /// A uniformly chosen item of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// A town the incidents happen in.
#[derive(Debug, Clone)]
struct Place {
    name: String,
    admin1: String,
    country: Country,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Country {
    Mali,
    Burkina,
    Niger,
}

impl Country {
    fn name(self) -> &'static str {
        match self {
            Country::Mali => "Mali",
            Country::Burkina => "Burkina Faso",
            Country::Niger => "Niger",
        }
    }
    fn adjective(self) -> &'static str {
        match self {
            Country::Mali => "Malian",
            Country::Burkina => "Burkinabe",
            Country::Niger => "Nigerien",
        }
    }
}

/// Towns of Mali, Burkina Faso and Niger from both gazetteer files, in file order (so the
/// list, and with it the corpus, only changes when the gazetteer does).
fn load_places() -> Vec<Place> {
    let mut places = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for tsv in [CURATED_TSV, GEONAMES_TSV] {
        for line in tsv.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 7 || cols[6] != "town" {
                continue;
            }
            let country = match cols[3] {
                "ML" => Country::Mali,
                "BF" => Country::Burkina,
                "NE" => Country::Niger,
                _ => continue,
            };
            let name = cols[0].trim();
            // Names a reader would not take for a place name in running text.
            if name.chars().count() < 4
                || !name
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == ' ' || c == '\'')
            {
                continue;
            }
            if !seen.insert(name.to_string()) {
                continue;
            }
            places.push(Place {
                name: name.to_string(),
                admin1: cols[2].trim().to_string(),
                country,
            });
        }
    }
    places
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Village,
    Checkpoint,
    Convoy,
    Camp,
    Ambush,
    Ied,
    Suicide,
    Clashes,
    Market,
}

const KINDS: [Kind; 9] = [
    Kind::Village,
    Kind::Village,
    Kind::Checkpoint,
    Kind::Convoy,
    Kind::Camp,
    Kind::Ambush,
    Kind::Ied,
    Kind::Suicide,
    Kind::Clashes,
];

/// A lead incident, shared by the one to three articles that report it.
#[derive(Debug, Clone)]
struct Planned {
    date: NaiveDate,
    place: usize,
    kind: Kind,
    perp: usize,
    claimed: bool,
    killed: u32,
    wounded: Option<u32>,
    /// Article numbers reporting it.
    first_article: usize,
    reports: usize,
}

struct Group {
    /// How the group is named on first mention.
    long: &'static str,
    /// How it is named afterwards.
    short: &'static str,
    /// Whether it is a group that claims attacks (not "unidentified gunmen").
    named: bool,
}

const GROUPS: &[Group] = &[
    Group {
        long: "the al-Qaeda-linked Group for the Support of Islam and Muslims (JNIM)",
        short: "JNIM",
        named: true,
    },
    Group {
        long: "the Group for the Support of Islam and Muslims (GSIM, or JNIM by its Arabic acronym)",
        short: "JNIM",
        named: true,
    },
    Group {
        long: "the Islamic State Sahel Province",
        short: "Islamic State Sahel Province",
        named: true,
    },
    Group {
        long: "the Islamic State in the Greater Sahara (ISGS)",
        short: "ISGS",
        named: true,
    },
    Group {
        long: "Ansarul Islam",
        short: "Ansarul Islam",
        named: true,
    },
    Group {
        long: "unidentified gunmen",
        short: "the gunmen",
        named: false,
    },
    Group {
        long: "suspected jihadists",
        short: "the assailants",
        named: false,
    },
    Group {
        long: "armed men on motorbikes",
        short: "the attackers",
        named: false,
    },
    Group {
        long: "heavily armed assailants",
        short: "the assailants",
        named: false,
    },
];

const PUBLISHERS: &[(&str, Option<&str>)] = &[
    ("Al Jazeera", Some("News agencies")),
    ("Reuters", None),
    ("Agence France-Presse", None),
    ("France 24", Some("AFP")),
    ("RFI English", None),
    ("The Associated Press", None),
    ("BBC News", None),
    ("The Guardian", Some("AFP")),
    ("Africanews", Some("AFP")),
    ("The New Humanitarian", None),
    ("VOA News", None),
    ("Anadolu Agency", None),
    ("The Defense Post", Some("AFP")),
    ("Barron's", Some("AFP")),
    ("The East African", Some("Reuters")),
];

const FIRST_NAMES: &[&str] = &[
    "Amadou",
    "Moussa",
    "Issa",
    "Aïssata",
    "Fatoumata",
    "Souleymane",
    "Boubacar",
    "Hamidou",
    "Oumar",
    "Mariam",
    "Idrissa",
    "Abdoulaye",
    "Salif",
    "Djénéba",
    "Ousmane",
    "Hadizatou",
    "Mahamadou",
    "Zénabou",
    "Seydou",
    "Adama",
    "Ibrahim",
    "Rokia",
    "Harouna",
    "Kadidia",
];
const LAST_NAMES: &[&str] = &[
    "Traoré",
    "Ouédraogo",
    "Maïga",
    "Diallo",
    "Cissé",
    "Sawadogo",
    "Touré",
    "Koné",
    "Dicko",
    "Kaboré",
    "Coulibaly",
    "Sidibé",
    "Zoungrana",
    "Issoufou",
    "Hamani",
    "Dembélé",
    "Compaoré",
    "Yattara",
    "Diarra",
    "Boureima",
    "Kéita",
    "Sanogo",
    "Ag Alhousseini",
    "Ould Sidi",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// A number as news copy writes it: small ones in words now and then, others in digits.
fn num(rng: &mut Rng, n: u32) -> String {
    if n < 20 && (n <= 9 || rng.chance(30)) && rng.chance(65) {
        ONES[n as usize].to_string()
    } else {
        n.to_string()
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Plural victims of an incident kind and the noun used for "N others".
fn victims(rng: &mut Rng, kind: Kind) -> &'static str {
    match kind {
        Kind::Village | Kind::Market => {
            rng.pick(&["civilians", "villagers", "people", "people", "residents"])
        }
        Kind::Checkpoint => rng.pick(&["soldiers", "gendarmes", "police officers", "people"]),
        Kind::Convoy | Kind::Ambush => {
            rng.pick(&["soldiers", "soldiers", "people", "volunteer fighters"])
        }
        Kind::Camp => rng.pick(&["soldiers", "soldiers", "troops"]),
        Kind::Ied => rng.pick(&["soldiers", "passengers", "people"]),
        Kind::Suicide => rng.pick(&["people", "civilians", "soldiers"]),
        Kind::Clashes => rng.pick(&["people", "fighters", "people"]),
    }
}

/// Plan the lead incidents and which articles report them.
fn plan(opts: &GenOptions, places: &[Place]) -> Vec<Planned> {
    let mut rng = Rng::stream(opts.seed, u64::MAX);
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).expect("valid date");
    let days = NaiveDate::from_ymd_opt(2025, 12, 20)
        .expect("valid date")
        .signed_duration_since(start)
        .num_days() as usize;
    let mut out = Vec::new();
    let mut next = 0;
    while next < opts.articles {
        let roll = rng.below(100);
        let reports = if roll < 80 {
            1
        } else if roll < 95 {
            2
        } else {
            3
        };
        let reports = reports.min(opts.articles - next);
        let killed = match rng.below(100) {
            0..=59 => rng.range(2, 12),
            60..=89 => rng.range(13, 40),
            _ => rng.range(41, 160),
        };
        let wounded = if rng.chance(60) {
            Some(rng.range(2, killed + killed / 2 + 3))
        } else {
            None
        };
        let perp = rng.below(GROUPS.len());
        let kind = if rng.chance(5) {
            Kind::Market
        } else {
            rng.pick(&KINDS)
        };
        out.push(Planned {
            date: start + Duration::days(rng.below(days) as i64),
            place: rng.below(places.len()),
            kind,
            perp,
            claimed: GROUPS[perp].named && rng.chance(55),
            killed,
            wounded,
            first_article: next,
            reports,
        });
        next += reports;
    }
    out
}

/// Everything needed to write one article.
struct Ctx<'a> {
    rng: Rng,
    inc: &'a Planned,
    place: &'a Place,
    places: &'a [Place],
    publisher: &'static str,
    via: Option<&'static str>,
    published: NaiveDate,
    killed: u32,
    wounded: Option<u32>,
    /// The victims noun used in this article.
    victims: &'static str,
}

impl Ctx<'_> {
    fn group(&self) -> &'static Group {
        &GROUPS[self.inc.perp]
    }

    /// "on Tuesday", "on the night of Saturday to Sunday", "on 14 March"…: the incident's
    /// date as seen from the article's published date.
    fn when(&mut self) -> String {
        let d = self.inc.date;
        let lag = self.published.signed_duration_since(d).num_days();
        let wd = weekday_name(d.weekday());
        let next_wd = weekday_name(d.succ_opt().unwrap_or(d).weekday());
        let month = MONTHS[d.month0() as usize];
        match self.rng.below(10) {
            0 | 1 => format!("on {} {}", d.day(), month),
            2 => format!("on {} {}", month, d.day()),
            3 if lag >= 1 => format!("on the night of {wd} to {next_wd}"),
            4 => format!("early on {wd}"),
            5 => format!(
                "on {wd} {}",
                self.rng.pick(&["morning", "afternoon", "evening"])
            ),
            6 if lag >= 1 => format!("late on {wd}"),
            _ => format!("on {wd}"),
        }
    }

    /// Where, as a phrase that starts with a preposition.
    fn where_(&mut self) -> String {
        let p = self.place;
        let country = p.country.name();
        let region = if !p.admin1.is_empty() && p.admin1 != p.name {
            format!("{country}'s {} region", p.admin1)
        } else {
            country.to_string()
        };
        match self.rng.below(6) {
            0 => format!("in the village of {}, in {region}", p.name),
            1 => format!("near {} in {region}", p.name),
            2 => format!("in {}, {country}", p.name),
            3 => format!(
                "about {} km from {} in {region}",
                self.rng.range(8, 60),
                p.name
            ),
            4 => format!("in the {} area of {region}", p.name),
            _ => format!("in {} in {region}", p.name),
        }
    }

    fn attribution(&mut self) -> &'static str {
        self.rng.pick(&[
            "a local official told AFP",
            "the army said in a statement",
            "security sources said",
            "a local elected official, who asked not to be named for security reasons, told AFP",
            "the government said in a statement read on state television",
            "residents and a security source said",
            "according to a security source",
            "a humanitarian source said",
            "officials said",
            "the governor of the region said",
        ])
    }

    fn person(&mut self) -> String {
        format!(
            "{} {}",
            self.rng.pick(FIRST_NAMES),
            self.rng.pick(LAST_NAMES)
        )
    }

    /// What happened, as a clause with the perpetrator as subject ("attacked a checkpoint").
    fn action(&mut self) -> String {
        match self.inc.kind {
            Kind::Village => format!(
                "attacked {}",
                self.rng.pick(&[
                    "the village",
                    "a village",
                    "the rural commune",
                    "the locality"
                ])
            ),
            Kind::Market => "opened fire on a crowded weekly market".to_string(),
            Kind::Checkpoint => format!(
                "stormed {}",
                self.rng.pick(&[
                    "a checkpoint",
                    "a gendarmerie post",
                    "a police checkpoint",
                    "a customs post"
                ])
            ),
            Kind::Convoy => format!(
                "ambushed {}",
                self.rng.pick(&[
                    "a military convoy",
                    "a supply convoy escorted by the army",
                    "a convoy of trucks"
                ])
            ),
            Kind::Camp => format!(
                "attacked {}",
                self.rng
                    .pick(&["a military camp", "an army base", "a military outpost"])
            ),
            Kind::Ambush => format!(
                "ambushed {}",
                self.rng.pick(&[
                    "an army patrol",
                    "a patrol of soldiers and volunteer fighters",
                    "a unit of the army"
                ])
            ),
            Kind::Ied => format!(
                "planted an improvised explosive device that struck {}",
                self.rng
                    .pick(&["an army vehicle", "a passenger bus", "a military truck"])
            ),
            Kind::Suicide => format!(
                "sent a suicide bomber who blew himself up {}",
                self.rng.pick(&[
                    "at the entrance of a military camp",
                    "near a mosque",
                    "at a checkpoint outside the town"
                ])
            ),
            Kind::Clashes => format!(
                "clashed with {}",
                self.rng
                    .pick(&["rival fighters", "the army", "a local self-defence militia"])
            ),
        }
    }

    /// The incident as a noun phrase ("an attack on a checkpoint").
    fn event_noun(&mut self) -> &'static str {
        match self.inc.kind {
            Kind::Village => {
                self.rng
                    .pick(&["an attack on a village", "a raid on a village", "an attack"])
            }
            Kind::Market => "an attack on a market",
            Kind::Checkpoint => self.rng.pick(&[
                "an attack on a checkpoint",
                "an assault on a gendarmerie post",
            ]),
            Kind::Convoy => self
                .rng
                .pick(&["an ambush on a convoy", "an attack on a military convoy"]),
            Kind::Camp => self
                .rng
                .pick(&["an attack on a military camp", "an assault on an army base"]),
            Kind::Ambush => self.rng.pick(&["an ambush", "an ambush on an army patrol"]),
            Kind::Ied => self.rng.pick(&[
                "a roadside bomb blast",
                "an explosion caused by an improvised explosive device",
            ]),
            Kind::Suicide => self.rng.pick(&["a suicide bombing", "a suicide attack"]),
            Kind::Clashes => self.rng.pick(&["clashes", "heavy fighting"]),
        }
    }

    fn headline(&mut self) -> String {
        let k = self.killed;
        let v = self.victims;
        let p = self.place.name.clone();
        let c = self.place.country.name();
        let ev = match self.inc.kind {
            Kind::Village => "attack on village",
            Kind::Market => "market attack",
            Kind::Checkpoint => "checkpoint attack",
            Kind::Convoy => "convoy ambush",
            Kind::Camp => "attack on army camp",
            Kind::Ambush => "ambush",
            Kind::Ied => "roadside bomb blast",
            Kind::Suicide => "suicide bombing",
            Kind::Clashes => "clashes",
        };
        match self.rng.below(6) {
            0 => format!("{k} {v} killed in {ev} near {p}, {c}"),
            1 => format!("Jihadists kill {k} {v} in {c}"),
            2 => format!("{c}: {k} {v} killed in {ev} in {p}"),
            3 => format!("At least {k} dead in {ev} in {c}"),
            4 if !matches!(self.inc.kind, Kind::Ied | Kind::Suicide | Kind::Clashes) => {
                format!("Gunmen kill {k} {v} near {p}")
            }
            _ if self.inc.kind == Kind::Clashes => format!("Clashes kill {k} near {p}, {c}"),
            _ => format!("{} kills {k} in {c}", capitalize(ev)),
        }
    }

    /// The lead sentence: incident, place, date, toll and source.
    fn lead(&mut self) -> String {
        let when = self.when();
        let where_ = self.where_();
        let who = self.group().long;
        let attrib = self.attribution();
        let k = self.killed;
        let v = self.victims;
        let action = self.action();
        let ev = self.event_noun();
        let w = self.wounded;
        let wounded = |rng: &mut Rng, joiner: &str| match w {
            Some(n) => format!(
                "{joiner}{} {}",
                num(rng, n),
                rng.pick(&["wounded", "injured", "others wounded"])
            ),
            None => String::new(),
        };
        match self.rng.below(6) {
            0 => {
                let kk = num(&mut self.rng, k);
                let wd = wounded(&mut self.rng, " and ");
                format!(
                    "At least {kk} {v} were killed{wd} {when} when {who} {action} {where_}, {attrib}."
                )
            }
            1 => {
                let kk = num(&mut self.rng, k);
                let wd = match w {
                    Some(n) => format!(" and wounding {} others", num(&mut self.rng, n)),
                    None => String::new(),
                };
                format!(
                    "{} {action} {where_} {when}, killing {kk} {v}{wd}, {attrib}.",
                    capitalize(who)
                )
            }
            2 => {
                let wd = match w {
                    Some(n) => format!(" and {n} wounded"),
                    None => String::new(),
                };
                format!(
                    "{} {where_} {when} left a toll of {k} dead{wd}, {attrib}.",
                    capitalize(ev)
                )
            }
            3 => {
                let kk = capitalize(&num(&mut self.rng, k));
                format!("{kk} {v} were killed {when} in {ev} {where_}, {attrib}.")
            }
            4 => {
                let kk = num(&mut self.rng, k);
                let wd = wounded(&mut self.rng, ", with ");
                format!(
                    "{} killed {kk} {v} {where_} {when}{wd}, {attrib}.",
                    capitalize(who)
                )
            }
            _ => {
                let kk = num(&mut self.rng, k);
                format!(
                    "{} {when} {where_} claimed the lives of {kk} {v}, {attrib}.",
                    capitalize(ev)
                )
            }
        }
    }

    /// A follow-up paragraph that states the toll again, differently.
    fn toll_again(&mut self) -> String {
        let k = self.killed;
        let v = self.victims;
        let short = self.group().short;
        let mut s = match self.rng.below(6) {
            0 => format!(
                "“We have counted {} bodies so far,” {}, a health worker in {}, said by telephone.",
                num(&mut self.rng, k),
                self.person(),
                self.place.name
            ),
            1 if k >= 4 && v != "soldiers" => {
                let soldiers = self.rng.range(1, k / 2);
                format!(
                    "Among the dead were {} soldiers and {} civilians, the source added.",
                    num(&mut self.rng, soldiers),
                    num(&mut self.rng, k - soldiers)
                )
            }
            2 => format!(
                "The provisional toll stands at {k} dead, but it could rise as some of the wounded are in serious condition, a medical source said."
            ),
            3 => format!(
                "{} said {} had arrived around dawn, firing on everyone they met, and that {} {v} died in the attack.",
                capitalize(self.attribution()),
                short,
                num(&mut self.rng, k)
            ),
            4 => format!(
                "In all, {} {v} lost their lives, according to a document seen by AFP.",
                num(&mut self.rng, k)
            ),
            _ => format!("The death toll rose to {k} on the following day, a local official said."),
        };
        if let Some(w) = self.wounded
            && self.rng.chance(50)
        {
            let _ = write!(
                s,
                " {} wounded were evacuated to {}, {}.",
                capitalize(&num(&mut self.rng, w)),
                self.rng.pick(&[
                    "the regional hospital",
                    "the capital",
                    "a health centre in the area"
                ]),
                self.rng
                    .pick(&["the source said", "residents said", "medics said"])
            );
        }
        s
    }

    fn witness_quote(&mut self) -> String {
        let person = self.person();
        let town = self.place.name.clone();
        let short = self.group().short;
        let quote = self.rng.pick(&[
            "They came on dozens of motorbikes and started shooting at everyone",
            "We heard gunfire for more than two hours and nobody came to help us",
            "They burned the granaries and took the cattle before leaving",
            "Many families have already left; those who stayed are afraid to go to the fields",
            "The soldiers fought back, but the attackers were too numerous",
            "We buried the dead this morning; the whole village is in mourning",
            "There was a huge explosion and then shooting; people ran in every direction",
        ]);
        match self.rng.below(3) {
            0 => {
                format!("“{quote},” said {person}, a resident of {town} who fled to a nearby town.")
            }
            1 => format!(
                "“{quote},” {person}, a local councillor, told AFP by telephone, adding that {short} had also looted shops."
            ),
            _ => format!("A witness, {person}, said: “{quote}.”"),
        }
    }

    fn claim(&mut self) -> String {
        let g = self.group();
        if self.inc.claimed {
            match self.rng.below(3) {
                0 => format!(
                    "{} claimed responsibility for the attack in a statement released on its propaganda channels.",
                    g.short
                ),
                1 => format!(
                    "The attack was claimed by {}, {}.",
                    g.short,
                    self.rng.pick(&[
                        "according to SITE Intelligence Group",
                        "which said it had seized weapons and vehicles",
                        "in a message on social networks"
                    ])
                ),
                _ => format!(
                    "In a statement, {} said its fighters had carried out the attack.",
                    g.short
                ),
            }
        } else {
            match self.rng.below(3) {
                0 => "No group has claimed responsibility for the attack so far.".to_string(),
                1 => "The attack has not been claimed, but the area is regularly targeted by jihadists linked to al-Qaeda and the Islamic State group.".to_string(),
                _ => "There was no immediate claim of responsibility.".to_string(),
            }
        }
    }

    fn response(&mut self) -> String {
        let adj = self.place.country.adjective();
        match self.rng.below(5) {
            0 => format!("The {adj} army said reinforcements had been sent to the area and that a sweep operation was under way to track down the attackers."),
            1 => "The army said several assailants had been “neutralised” during the fighting, without giving a figure.".to_string(),
            2 => {
                let days = self.rng.range(2, 3);
                format!("The government declared {} days of national mourning.", num(&mut self.rng, days))
            },
            3 => "Aid groups said hundreds of people had fled the area on foot and on carts, heading for the nearest town.".to_string(),
            _ => format!("{}, a spokesman for the governor, said the situation was “under control” and urged residents to remain calm.", self.person()),
        }
    }

    /// An earlier attack in the area, as background (a second, older incident in the text).
    fn earlier(&mut self) -> String {
        let before = self.inc.date - Duration::days(self.rng.range(20, 300) as i64);
        let other = self.places[self.rng.below(self.places.len())].name.clone();
        let n = self.rng.range(3, 40);
        let month = MONTHS[before.month0() as usize];
        match self.rng.below(3) {
            0 => format!(
                "In {month} {}, at least {n} people were killed in a similar attack on {other}, about {} km away.",
                before.year(),
                self.rng.range(20, 150)
            ),
            1 => format!(
                "The area has been hit repeatedly: on {} {month}, gunmen killed {} civilians in {other}.",
                before.day(),
                num(&mut self.rng, n)
            ),
            _ => format!(
                "The attack comes weeks after an ambush near {other} in which {n} soldiers died, according to the army."
            ),
        }
    }

    fn condemnation(&mut self) -> String {
        let year = self.published.year();
        match self.rng.below(3) {
            0 => "UN Secretary-General António Guterres condemned the attack and called for those responsible to be brought to justice.".to_string(),
            1 if year < 2024 => "The Economic Community of West African States (ECOWAS) condemned “this cowardly and barbaric attack” and expressed its solidarity with the families of the victims.".to_string(),
            _ => format!("The {} government condemned “a heinous terrorist act” and promised that the perpetrators would be found.", self.place.country.adjective()),
        }
    }

    fn background(&mut self, year: i32) -> Vec<String> {
        let c = self.place.country;
        let mut pool: Vec<String> = Vec::with_capacity(24);
        let general: &[(&str, i32)] = &[
            (
                "Jihadist violence that began in northern Mali in 2012 has spread to central Mali and to neighbouring Burkina Faso and Niger, killing thousands of civilians and soldiers and forcing millions from their homes.",
                2019,
            ),
            (
                "The violence is often fuelled by disputes between herders and farmers over land and water, which armed groups exploit to recruit.",
                2019,
            ),
            (
                "Attacks on civilians have become more frequent in the tri-border area where Mali, Burkina Faso and Niger meet, according to the Armed Conflict Location and Event Data project (ACLED).",
                2019,
            ),
            (
                "Humanitarian organisations say access to the worst-hit areas is increasingly difficult, with roads cut off and bridges destroyed.",
                2019,
            ),
            (
                "Schools and health centres have closed by the thousand across the region, leaving many children without education.",
                2019,
            ),
            (
                "The two main jihadist groups, one affiliated with al-Qaeda and the other with the Islamic State group, fight both the armies of the region and each other.",
                2019,
            ),
            (
                "Analysts say the armed groups have adapted their tactics, using improvised explosive devices and drones, and imposing blockades on towns that resist them.",
                2021,
            ),
            (
                "The three countries, now ruled by juntas, have formed the Alliance of Sahel States (AES) and announced their withdrawal from the Economic Community of West African States (ECOWAS).",
                2024,
            ),
            (
                "Rights groups have accused both the jihadists and the armed forces and their allies of abuses against civilians, accusations the authorities reject.",
                2020,
            ),
            (
                "Human Rights Watch and Amnesty International have called for independent investigations into the killings of civilians in the region.",
                2019,
            ),
            (
                "The rainy season, which makes many roads impassable, usually brings a lull in fighting, but recent years have seen attacks continue throughout the year.",
                2019,
            ),
            (
                "Information from the area is difficult to verify because of its remoteness and the restrictions on movement imposed by the authorities.",
                2019,
            ),
        ];
        let specific: &[(&str, i32)] = match c {
            Country::Mali => &[
                (
                    "Mali has been in turmoil since 2012, when Tuareg separatists and jihadists took over the north, prompting a French-led military intervention.",
                    2019,
                ),
                (
                    "Colonels who seized power in August 2020 and again in May 2021 have made restoring security their priority.",
                    2021,
                ),
                (
                    "The junta broke off its alliance with France and turned to Russia for military support, and French troops completed their withdrawal in August 2022.",
                    2022,
                ),
                (
                    "The United Nations peacekeeping mission MINUSMA left the country at the end of 2023 at the request of the authorities in Bamako.",
                    2024,
                ),
                (
                    "The army and its Russian allies retook the northern town of Kidal from Tuareg-led rebels in November 2023.",
                    2024,
                ),
                (
                    "The centre of the country, around Mopti and Ségou, has become one of the epicentres of the violence, with villages caught between jihadists and self-defence militias.",
                    2019,
                ),
                (
                    "Dozo hunters and other self-defence groups have taken up arms in central Mali, fuelling cycles of reprisals between communities.",
                    2019,
                ),
                (
                    "The Malian authorities rarely publish tolls, and information is often confirmed days later by local officials and elected representatives.",
                    2019,
                ),
            ],
            Country::Burkina => &[
                (
                    "Burkina Faso has been caught up in a spiral of violence since 2015, when jihadist groups active in Mali began crossing the border.",
                    2019,
                ),
                (
                    "More than two million people have been displaced within the country, according to the government and aid agencies.",
                    2021,
                ),
                (
                    "Captain Ibrahim Traoré, who took power in a coup in September 2022, has vowed to retake the territory lost to the jihadists, about 40 percent of the country.",
                    2023,
                ),
                (
                    "The army relies heavily on the Volunteers for the Defence of the Homeland (VDP), civilian auxiliaries who receive two weeks of training.",
                    2020,
                ),
                (
                    "The northern and eastern regions of the country have borne the brunt of the attacks, with several towns under blockade.",
                    2020,
                ),
                (
                    "The authorities have suspended several foreign media outlets accused of spreading propaganda, and information is hard to verify.",
                    2023,
                ),
                (
                    "Two coups took place in 2022, both justified by the officers who led them by the deteriorating security situation.",
                    2023,
                ),
                (
                    "Aid workers say towns such as Djibo have been cut off for months, supplied only by convoys under military escort.",
                    2022,
                ),
            ],
            Country::Niger => &[
                (
                    "Niger faces jihadist insurgencies on two fronts: in the west, near the borders with Mali and Burkina Faso, and in the south-east, where Boko Haram is active.",
                    2019,
                ),
                (
                    "The Tillabéri region, in the so-called three-border zone, has been the scene of repeated massacres of civilians.",
                    2019,
                ),
                (
                    "General Abdourahamane Tiani seized power in July 2023, overthrowing the elected president Mohamed Bazoum, and cited the security situation among his reasons.",
                    2023,
                ),
                (
                    "The junta ordered French troops out of the country, and the last of them left in December 2023, while US forces withdrew in 2024.",
                    2024,
                ),
                (
                    "Niger was long seen as a key Western partner in the fight against jihadists in the Sahel.",
                    2019,
                ),
                (
                    "Soldiers are regularly targeted in the west of the country, where army posts have been overrun several times.",
                    2019,
                ),
                (
                    "Residents of the area say armed men demand payment of a religious tax, known as zakat, and punish those who refuse.",
                    2020,
                ),
            ],
        };
        for (s, since) in general.iter().chain(specific.iter()) {
            if year >= *since {
                pool.push(s.to_string());
            }
        }
        // A couple of sentences about the place itself, so that text around it varies too.
        let town = self.place.name.clone();
        let other = self.places[self.rng.below(self.places.len())].name.clone();
        pool.push(format!("{town} lies on a road used by traders travelling to {other}, and residents say the security forces rarely venture there after dark."));
        pool.push(format!("It is not the first time the {town} area has been targeted: residents said armed men had threatened villagers there several times in recent months."));
        pool.push(format!("Many of those who fled the violence have taken refuge in {other}, where aid agencies struggle to provide food and shelter."));
        // Shuffle (Fisher–Yates), then cut into paragraphs of one to three sentences.
        for i in (1..pool.len()).rev() {
            let j = self.rng.below(i + 1);
            pool.swap(i, j);
        }
        let mut paras = Vec::new();
        let mut it = pool.into_iter().peekable();
        while it.peek().is_some() {
            let n = self.rng.range(1, 3) as usize;
            let para: Vec<String> = it.by_ref().take(n).collect();
            paras.push(para.join(" "));
        }
        paras
    }
}

/// Generate article number `index` (which reports `inc`, as its `report`-th source).
fn make_article(
    seed: u64,
    index: usize,
    width: usize,
    inc: &Planned,
    report: usize,
    places: &[Place],
) -> GenArticle {
    let mut rng = Rng::stream(seed, index as u64);
    // Distinct publishers for the reports of one incident: offsets from a shared start.
    let mut shared = Rng::stream(seed ^ 0x5eed, inc.first_article as u64);
    let p0 = shared.below(PUBLISHERS.len());
    let (publisher, via) = PUBLISHERS[(p0 + report * 5) % PUBLISHERS.len()];
    let lag = match rng.below(10) {
        0..=2 => 0,
        3..=6 => 1,
        7..=8 => 2,
        _ => 3,
    };
    let published = inc.date + Duration::days(lag);
    // Later reports differ a little from the first (tolls are revised, sources disagree).
    let killed = if report == 0 {
        inc.killed
    } else {
        (inc.killed as i64 + rng.pick(&[0i64, 0, 1, 2, -1, 3])).max(2) as u32
    };
    let wounded = match inc.wounded {
        Some(w) if report > 0 => {
            if rng.chance(30) {
                None
            } else {
                Some((w as i64 + rng.pick(&[0i64, 1, -1, 4])).max(2) as u32)
            }
        }
        w => w,
    };
    let place = &places[inc.place];
    let v = victims(&mut rng, inc.kind);
    let mut ctx = Ctx {
        rng,
        inc,
        place,
        places,
        publisher,
        via,
        published,
        killed,
        wounded,
        victims: v,
    };

    let title = ctx.headline();
    let mut paras: Vec<String> = Vec::with_capacity(16);
    if ctx.rng.chance(25) {
        paras.push(format!(
            "{} {} say {} were killed in the latest violence to hit the country.",
            capitalize(ctx.place.country.adjective()),
            ctx.rng.pick(&["officials", "sources", "residents"]),
            num(&mut ctx.rng, killed)
        ));
    }
    paras.push(ctx.lead());
    let mut details = vec![
        ctx.toll_again(),
        ctx.witness_quote(),
        ctx.claim(),
        ctx.response(),
    ];
    if ctx.rng.chance(50) {
        details.swap(1, 2);
    }
    if ctx.rng.chance(35) {
        details.push(ctx.earlier());
    }
    if ctx.rng.chance(30) {
        details.push(ctx.condemnation());
    }
    paras.extend(details);
    let core_len: usize = paras.iter().map(|p| p.len() + 2).sum();
    let target = ctx.rng.range(2_300, 4_200) as usize;
    let mut len = core_len;
    for bg in ctx.background(published.year()) {
        if len >= target {
            break;
        }
        if len + bg.len() + 2 > MAX_BODY - 150 {
            continue;
        }
        len += bg.len() + 2;
        paras.push(bg);
    }
    if ctx.via == Some("News agencies") {
        paras.push("Source: News Agencies".to_string());
    } else if ctx.rng.chance(10) {
        paras.push(format!(
            "Read also: {} attacks in {} since January",
            ctx.rng.range(20, 90),
            ctx.place.country.name()
        ));
    }

    let mut body = String::with_capacity(len + 64);
    for p in &paras {
        body.push_str(p);
        body.push_str("\n\n");
    }
    body.pop();

    let slug: String = crate::extract::text::slugify(&title)
        .chars()
        .take(60)
        .collect();
    let slug = slug.trim_end_matches('-');
    let file = format!("{index:0width$}-{slug}.md");
    let mut text = String::with_capacity(body.len() + 200);
    text.push_str("+++\n");
    let _ = writeln!(
        text,
        "title = \"{}\"",
        title.replace('\\', "\\\\").replace('"', "\\\"")
    );
    let _ = writeln!(text, "publisher = \"{}\"", ctx.publisher);
    let _ = writeln!(text, "published = {}", ctx.published.format("%Y-%m-%d"));
    if let Some(via) = ctx.via {
        let _ = writeln!(text, "via = \"{via}\"");
    }
    text.push_str("+++\n\n");
    text.push_str(&body);
    GenArticle {
        file,
        body_len: body.len(),
        text,
        truth: Truth {
            date: inc.date,
            place: place.name.clone(),
            killed,
            wounded,
        },
    }
}

/// Generate the corpus in memory, articles in file order.
pub fn articles(opts: &GenOptions) -> Vec<GenArticle> {
    let places = load_places();
    let planned = plan(opts, &places);
    let width = opts.articles.saturating_sub(1).to_string().len().max(5);
    planned
        .par_iter()
        .flat_map_iter(|inc| {
            let places = &places;
            (0..inc.reports)
                .map(move |r| make_article(opts.seed, inc.first_article + r, width, inc, r, places))
        })
        .collect()
}

/// The site configuration written beside the articles.
pub fn config_toml(opts: &GenOptions) -> String {
    format!(
        "title = \"Sahel security briefing (synthetic benchmark corpus)\"\n\
         description = \"{} generated articles, seed {}: not real events.\"\n\
         base_url = \"https://example.org/briefing/\"\n\
         language = \"en\"\n\
         default_country = \"ML\"\n\
         marking = \"Synthetic data\"\n{}",
        opts.articles,
        opts.seed,
        // A desk with thousands of articles prints a period, not years of reporting in one
        // document (issue 8: "the print document limited to a period given in config.toml").
        if opts.articles >= 2000 {
            "print_from = 2025-10-01\n"
        } else {
            ""
        }
    )
}

/// `truth.tsv`: one row per article (file, date, place, killed, wounded; empty when unstated).
pub fn truth_tsv(articles: &[GenArticle]) -> String {
    let mut s = String::from("file\tdate\tplace\tkilled\twounded\n");
    for a in articles {
        let t = &a.truth;
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{}\t{}",
            a.file,
            t.date.format("%Y-%m-%d"),
            t.place,
            t.killed,
            t.wounded.map(|w| w.to_string()).unwrap_or_default()
        );
    }
    s
}

/// Write a corpus to `out`: `config.toml`, `content/articles/*.md` and `truth.tsv`. The
/// article folder is emptied first, so a smaller corpus does not leave files of a larger one.
pub fn generate(out: &Path, opts: &GenOptions) -> io::Result<GenSummary> {
    let articles = articles(opts);
    let dir = out.join("content").join("articles");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    std::fs::write(out.join("config.toml"), config_toml(opts))?;
    articles
        .par_iter()
        .try_for_each(|a| std::fs::write(dir.join(&a.file), &a.text))?;
    std::fs::write(out.join("truth.tsv"), truth_tsv(&articles))?;
    let incidents = {
        let places = load_places();
        plan(opts, &places).len()
    };
    Ok(GenSummary {
        articles: articles.len(),
        incidents,
        bytes: articles.iter().map(|a| a.text.len()).sum(),
    })
}
