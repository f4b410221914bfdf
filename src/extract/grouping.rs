//! Grouping the facts of one article into incidents (`Mention`s): the headline incident and
//! the background ones.
//!
//! News prose states an incident in pieces: a lead with the toll, a later paragraph with the day
//! and the town, a sentence with the claim. The article is read clause by clause and each
//! clause's facts go to an incident *frame*:
//! - a clause that reports violence (an attack word or a casualty figure) and states its own
//!   date or place joins the frame it is compatible with (dates overlap, places agree:
//!   `PlaceValue::compatible`), or opens a new frame;
//! - a clause without its own date or place continues the current frame when it is in the same
//!   paragraph or refers back ("the attack", "it");
//! - a clause summing up several attacks ("three new attacks", "a series of raids") opens an
//!   *aggregate* frame, kept only when the article does not describe those attacks one by one;
//! - statements about the conflict at large ("thousands have died", "since 2012", "across the
//!   Sahel") never make an incident.
//! Dates said of a statement ("the ministry said on Friday") are reporting dates, not the
//! incident's; a frame without a date takes the article's current date context ("on Wednesday
//! … In Kaloumba … In Sokolo …").

use super::actors::{ActorMatch, ActorRole, find_all};
use super::casualties::find_figures_in_tokens;
use super::dates::{DateExpr, find_dates};
use super::event_type::{EventEvidence, classify};
use super::gazetteer::{Gazetteer, NameHit, PlaceKind};
use super::lexicon::Lexicon;
use super::places::{find_places_in, find_places_in_hits, find_unknown_localities};
use super::text::{fold, tokenize};
use crate::model::{
    Article, CasualtyKind, Cited, DatePrecision, DateValue, Figure, Group, Mention, PlaceValue,
};
use chrono::Duration;

/// Words that decide how clauses relate, for one language.
#[derive(Debug, Clone)]
pub struct GroupingLexicon {
    /// Words that report violence ("attack", "ambushed", "clashes").
    pub event_words: Vec<&'static str>,
    /// Plural event nouns that, counted or qualified, sum up several incidents.
    pub plural_event_words: Vec<&'static str>,
    /// Phrases (folded) that make a clause a statement about the conflict at large.
    pub generic_phrases: Vec<&'static str>,
    /// Words that say a date is that of a statement, not of the incident.
    pub speech_words: Vec<&'static str>,
    /// Definite references back to the incident ("the attack").
    pub anaphors: Vec<&'static str>,
    /// Singular event nouns that, after "the"/"this", refer back to the incident.
    pub event_nouns: Vec<&'static str>,
    /// Pronouns that open a continuation sentence.
    pub pronouns: Vec<&'static str>,
    /// Phrases that split a sentence into two incidents ("followed by").
    pub clause_splitters: Vec<&'static str>,
    /// Words saying a place is the same as before ("on the same road").
    pub same_place_words: Vec<&'static str>,
    /// Words before a place that make it a destination or origin, not the scene.
    pub not_scene_before: Vec<&'static str>,
    /// Offices whose holder a place qualifies ("the governor of X").
    pub office_words: Vec<&'static str>,
    /// Words saying a clause is about another incident ("in a separate attack").
    pub other_incident_words: Vec<&'static str>,
    /// Which of `generic_phrases` occur in a clause at all: only those are checked for word
    /// boundaries.
    generic_finder: super::text::PhraseSet,
    /// The same for `anaphors`.
    anaphor_finder: super::text::PhraseSet,
}

impl GroupingLexicon {
    pub fn english() -> GroupingLexicon {
        GroupingLexicon {
            event_words: vec![
                "attack",
                "attacks",
                "attacked",
                "attacking",
                "assault",
                "assaulted",
                "ambush",
                "ambushed",
                "ambushes",
                "raid",
                "raids",
                "raided",
                "clash",
                "clashes",
                "clashed",
                "fighting",
                "bombing",
                "bombings",
                "explosion",
                "explosions",
                "blast",
                "bomb",
                "bombs",
                "suicide",
                "ied",
                "massacre",
                "massacred",
                "killed",
                "killing",
                "killings",
                "dead",
                "died",
                "wounded",
                "injured",
                "stormed",
                "overran",
                "targeted",
                "shelling",
                "airstrike",
                "airstrikes",
                "strike",
                "drone",
                "kidnapped",
                "abducted",
                "abduction",
                "gunfire",
                "opened",
                "incident",
                "offensive",
                "fire",
                "shot",
                "casualties",
                "slain",
                "executed",
                "torched",
                "burned",
                "looted",
                "hit",
                "machine-gunned",
                "gunned",
                "shelled",
                "bombed",
                "besieged",
                "beheaded",
                "slaughtered",
                "abducted",
                "kidnapping",
                "hostage",
                "hostages",
                "overrun",
                "neutralised",
                "neutralized",
                "assassinated",
                "murdered",
                "landmine",
                "mine",
                "grenade",
                "rocket",
                "rockets",
                "mortar",
            ],
            plural_event_words: vec![
                "attacks",
                "raids",
                "ambushes",
                "assaults",
                "bombings",
                "incidents",
                "clashes",
                "explosions",
                "killings",
            ],
            generic_phrases: vec![
                "across the",
                "over the past",
                "in recent years",
                "over the years",
                "this year",
                "so far this year",
                "last year",
                "thousands",
                "millions",
                "hundreds of thousands",
                "decade",
                "every year",
                "each year",
                "per year",
                "a year",
                "conflict has",
                "insurgency",
                "throughout the",
                "the violence has",
                "violence has",
                "have been killed since",
                "in the first half",
                "in the past year",
            ],
            speech_words: vec![
                "said",
                "says",
                "say",
                "announced",
                "statement",
                "told",
                "reported",
                "acknowledged",
                "confirmed",
                "declared",
                "added",
                "stated",
                "communique",
                "claimed",
                "published",
                "press",
                "tweeted",
                "posted",
                "briefing",
                "interview",
                "news",
                "announcement",
                "conference",
                "quoted",
                "revealed",
                "indicated",
                "explained",
                "noted",
                "wrote",
                "tells",
                "says",
                "announces",
                "reports",
                "confirms",
            ],
            anaphors: vec![
                "the attack",
                "the assault",
                "the ambush",
                "the raid",
                "the incident",
                "the explosion",
                "the blast",
                "the bombing",
                "the attackers",
                "the assailants",
                "the killings",
                "the massacre",
                "the clash",
                "the clashes",
                "the fighting",
                "this attack",
                "that attack",
                "the victims",
                "the gunmen",
                "the operation",
                "the strike",
                "the monday attack",
                "the tuesday attack",
                "the wednesday attack",
                "the thursday attack",
                "the friday attack",
                "the saturday attack",
                "the sunday attack",
                "their convoy",
                "the convoy",
                "the mercenaries",
            ],
            event_nouns: vec![
                "attack",
                "assault",
                "ambush",
                "raid",
                "incident",
                "explosion",
                "blast",
                "bombing",
                "massacre",
                "clash",
                "killings",
                "operation",
                "strike",
                "offensive",
                "siege",
            ],
            pronouns: vec!["it", "they", "he", "she", "this", "these"],
            clause_splitters: vec!["followed by", ";"],
            same_place_words: vec![
                "same",
                "nearby",
                "there",
                "area",
                "vicinity",
                "locality",
                "neighbouring",
                "neighboring",
            ],
            not_scene_before: vec![
                "to", "towards", "toward", "via", "linking", "between", "and",
            ],
            office_words: vec![
                "governor",
                "mayor",
                "prefect",
                "head",
                "chief",
                "president",
                "minister",
                "leader",
                "commander",
                "spokesman",
                "spokesperson",
                "ambassador",
                "representative",
                "junta",
                "government",
            ],
            other_incident_words: vec![
                "separate",
                "separately",
                "another",
                "earlier",
                "previous",
                "previously",
                "similar",
                "second",
                "third",
                "latest",
                "prior",
                "before",
                "ago",
            ],
            generic_finder: Default::default(),
            anaphor_finder: Default::default(),
        }
    }
}

/// The facts of one clause.
#[derive(Debug, Clone)]
struct Clause {
    sentence: usize,
    paragraph: usize,
    text: String,
    date: Option<DateValue>,
    /// A relative date ("the day before") to resolve against the date context.
    relative_days: Option<DateExpr>,
    /// The other event a relative date is counted from ("the suicide attack in Kati").
    relative_reference: Option<String>,
    place: Option<PlaceValue>,
    /// Only a country or a border was named.
    place_is_country: bool,
    /// The country or region named, kept for an incident no finer place is found for.
    broad_place: Option<PlaceValue>,
    figures: Vec<Figure>,
    actors: Vec<ActorMatch>,
    event: bool,
    aggregate: bool,
    generic: bool,
    anaphor: bool,
    same_place: bool,
}

#[derive(Debug, Clone)]
struct Frame {
    date: Option<Cited<DateValue>>,
    date_inherited: Option<DateValue>,
    place: Option<Cited<PlaceValue>>,
    place_inherited: Option<PlaceValue>,
    /// A region or country named by the frame's clauses, if nothing finer is.
    broad_place: Option<PlaceValue>,
    figures: Vec<Figure>,
    actors: Vec<(ActorMatch, usize)>,
    sentences: Vec<usize>,
    texts: Vec<String>,
    first_paragraph: usize,
    last_paragraph: usize,
    aggregate: bool,
    /// Opened by a clause that says it is another incident ("earlier", "a separate attack"):
    /// never the completion of a lead.
    other: bool,
    /// A date counted from another event the article names: (days, words naming it).
    relative: Option<(DateExpr, String)>,
}

impl Frame {
    fn new(c: &Clause) -> Frame {
        Frame {
            date: None,
            date_inherited: None,
            place: None,
            place_inherited: None,
            broad_place: None,
            figures: Vec::new(),
            actors: Vec::new(),
            sentences: Vec::new(),
            texts: Vec::new(),
            first_paragraph: c.paragraph,
            last_paragraph: c.paragraph,
            aggregate: c.aggregate,
            other: false,
            relative: None,
        }
    }

    /// Whether a clause's own date and place agree with this frame's own ones, and how:
    /// `Some(true)` agrees on something stated, `Some(false)` only lacks a conflict.
    fn agreement(&self, c: &Clause) -> Option<bool> {
        let mut positive = false;
        if let (Some(a), Some(b)) = (&self.date, &c.date) {
            if !a.value.overlaps(b) {
                return None;
            }
            positive = true;
        }
        if let (Some(a), Some(b)) = (&self.place, &c.place) {
            if !a.value.compatible(b) {
                return None;
            }
            positive = true;
        }
        Some(positive)
    }

    /// Neither a date nor a place of its own yet.
    fn is_bare(&self) -> bool {
        self.date.is_none() && self.place.is_none()
    }

    fn absorb(&mut self, c: &Clause) {
        if let Some(d) = c.date {
            match &self.date {
                // A more precise date refines a vaguer one ("in July" then "on July 14").
                Some(old) if old.value.precision <= d.precision => {}
                _ => {
                    self.date = Some(Cited {
                        value: d,
                        sentence: c.sentence,
                    })
                }
            }
        }
        if let Some(p) = &c.place {
            match &self.place {
                Some(old) if old.value.geo_precision <= p.geo_precision => {}
                _ => {
                    self.place = Some(Cited {
                        value: p.clone(),
                        sentence: c.sentence,
                    })
                }
            }
        }
        self.add_facts(c);
    }

    fn add_facts(&mut self, c: &Clause) {
        if self.broad_place.is_none() {
            self.broad_place = c.broad_place.clone();
        }
        if !c.generic {
            self.figures.extend(c.figures.iter().cloned());
        }
        self.actors
            .extend(c.actors.iter().map(|a| (a.clone(), c.sentence)));
        if !self.sentences.contains(&c.sentence) {
            self.sentences.push(c.sentence);
        }
        self.texts.push(c.text.clone());
        self.last_paragraph = c.paragraph;
    }
}

/// Everything extraction needs besides the article: the lexicon and the gazetteer.
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    pub gazetteer: &'a Gazetteer,
    pub default_country: Option<&'a str>,
}

/// Split a sentence into clauses at phrases that join two incidents ("followed by").
fn clauses_of(sentence: &str, lex: &GroupingLexicon) -> Vec<String> {
    let lower = sentence.to_lowercase();
    let mut cuts = vec![0];
    for sp in &lex.clause_splitters {
        let mut from = 0;
        while let Some(pos) = lower[from..].find(sp) {
            let at = from + pos;
            if sentence.is_char_boundary(at) {
                cuts.push(at);
            }
            from = at + sp.len();
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.push(sentence.len());
    cuts.windows(2)
        .map(|w| sentence[w[0]..w[1]].trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn contains_phrase(folded: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = folded[from..].find(phrase) {
        let at = from + pos;
        let before_ok = at == 0
            || !folded[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric());
        let end = at + phrase.len();
        let after_ok = end >= folded.len()
            || !folded[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        from = end;
    }
    false
}

/// Read one clause's facts.
fn read_clause(
    text: &str,
    sentence: usize,
    paragraph: usize,
    published: Option<chrono::NaiveDate>,
    countries: &[&str],
    scan: Option<&SentenceScan<'_>>,
    ctx: &Context,
) -> Clause {
    let article_country = countries.first().copied();
    let lex = &ctx.lexicon.grouping;
    let tokens = tokenize(text);
    let folded = fold(text);
    // Plural event nouns alone ("Attacks in central Mali have been escalating") speak of the
    // conflict at large; a counted plural is an aggregate, read below.
    let event = tokens.iter().any(|t| {
        lex.event_words.contains(&t.norm.as_str())
            && !lex.plural_event_words.contains(&t.norm.as_str())
    });

    // Dates: the incident's, not the statement's.
    let mut date = None;
    let mut relative_days = None;
    let mut relative_reference = None;
    let mut reference_spans: Vec<(usize, usize)> = Vec::new();
    let dateline_end = scan.map_or_else(|| dateline_len(text), |s| s.dateline_end);
    // "On Wednesday, the army revealed that ten soldiers were killed …": what comes before a
    // speech verb introducing a clause dates the statement, not the incident.
    let speech_that = speech_clause_start(&tokens, lex);
    for m in find_dates(text, published, &ctx.lexicon.dates) {
        if m.start < dateline_end || speech_that.is_some_and(|p| m.end <= p) {
            continue;
        }
        let before = fold(window_before(text, m.start));
        let words: Vec<&str> = before
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let near: Vec<&str> = words.iter().rev().take(3).copied().collect();
        // "the ministry said on Friday": the statement's day; "said that on Wednesday …": the
        // reported event's day.
        let reporting = near
            .iter()
            .take_while(|w| **w != "that")
            .any(|w| lex.speech_words.contains(w));
        let after = fold(window_after(text, m.end));
        let statement_after = after.split_whitespace().next().is_some_and(|w| {
            lex.speech_words
                .contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
        });
        if reporting || statement_after {
            continue;
        }
        match m.expr {
            DateExpr::Absolute(d) => {
                // Years alone ("since 2012", "a 2012 coup") are background, not an incident date.
                if d.precision == DatePrecision::Year {
                    continue;
                }
                if date.is_none() {
                    date = Some(d);
                }
            }
            DateExpr::RelativeToEvent { ref reference, .. } => {
                let reference = reference.clone();
                // The words naming the other event ("after the attack in Kati") are not this
                // incident's scene.
                if let Some(r) = &reference {
                    if let Some(pos) = text[m.end.min(text.len())..].find(r.as_str()) {
                        let start = m.end + pos;
                        reference_spans.push((start, start + r.len()));
                    }
                }
                if relative_days.is_none() {
                    relative_days = Some(m.expr.clone());
                    relative_reference = reference;
                }
            }
        }
    }

    // Places: the scene, not a destination ("on the road to Segou"), not the dateline
    // ("OUAGADOUGOU (AFP) - …"); a known town before an unknown locality before a region.
    let mut place: Option<PlaceValue> = None;
    let mut place_is_country = false;
    let mut broad_place: Option<PlaceValue> = None;
    let mut best_rank = u8::MAX;
    let known = match scan {
        Some(scan) => find_places_in_hits(text, &scan.hits, ctx.gazetteer, countries),
        None => find_places_in(text, ctx.gazetteer, countries),
    };
    let region = known
        .iter()
        .find(|m| m.kind == PlaceKind::Region)
        .map(|m| m.place.clone());
    let sentence_country = known.iter().find_map(|m| m.place.country.clone());
    let unknown = find_unknown_localities(text, ctx.gazetteer)
        .into_iter()
        .map(|mut m| {
            if m.place.admin1.is_none() {
                if let Some(r) = &region {
                    // A province's admin1 is its region; a region's is itself.
                    m.place.admin1 = r.admin1.clone().or_else(|| Some(r.name.clone()));
                    m.place.country = r.country.clone();
                }
            }
            if m.place.country.is_none() {
                m.place.country = sentence_country
                    .clone()
                    .or_else(|| article_country.map(str::to_string));
            }
            (m, true)
        });
    for (m, is_unknown) in known.into_iter().map(|m| (m, false)).chain(unknown) {
        if m.start < dateline_end
            || reference_spans
                .iter()
                .any(|(a, b)| m.start >= *a && m.start < *b)
        {
            continue;
        }
        let before = fold(window_before(text, m.start));
        let prev_word = before
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .next_back()
            .unwrap_or("");
        // "Ouagadougou's junta", "the governor of the Centre-Nord region", "troops from Chad":
        // the place qualifies someone, it is not where the incident happened.
        let after = &text[m.end.min(text.len())..];
        let possessive = after.starts_with("'s") || after.starts_with("’s");
        let tail: Vec<&str> = before
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .rev()
            .take(3)
            .collect();
        let attribute = tail
            .iter()
            .skip_while(|w| **w == "the")
            .take(2)
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| *w[0] == "of" && lex.office_words.contains(w[1]));
        if possessive || attribute || (prev_word == "from" && m.kind == PlaceKind::Country) {
            continue;
        }
        let not_scene = lex.not_scene_before.contains(&prev_word) && m.place.geo_precision == 1;
        let is_country = m.kind == PlaceKind::Country;
        // "near the border with Algeria" in a Mali story: the scene is in Mali, by that border.
        let mut m = m;
        if is_country && fold(&m.place.phrase).contains("border") {
            if let Some(home) = article_country.filter(|h| Some(*h) != m.place.country.as_deref()) {
                if let Some(c) = ctx.gazetteer.country(home) {
                    m.place = PlaceValue {
                        name: c.name.clone(),
                        admin1: None,
                        country: Some(c.country.clone()),
                        lat: c.lat,
                        lon: c.lon,
                        geo_precision: 3,
                        distance_km: None,
                        phrase: m.place.phrase.clone(),
                    };
                }
            }
        }
        if m.kind != PlaceKind::Town
            && broad_place
                .as_ref()
                .is_none_or(|b| b.geo_precision > 3 || is_country_value(b) && !is_country)
        {
            broad_place = Some(m.place.clone());
        }
        let rank = match m.kind {
            PlaceKind::Country => 90,
            _ if not_scene => 50,
            PlaceKind::Region => 40,
            PlaceKind::Town if is_unknown => 15,
            PlaceKind::Town => m.place.geo_precision * 10,
        };
        if rank < best_rank {
            best_rank = rank;
            place_is_country = is_country;
            place = Some(m.place);
        }
    }

    let aggregate = is_aggregate(&tokens, lex);
    // "since 2012": a span of years, the conflict at large.
    let since_year = tokens.iter().enumerate().any(|(i, t)| {
        t.is("since")
            && tokens[i + 1..tokens.len().min(i + 9)].iter().any(|w| {
                w.kind == super::text::TokenKind::Number
                    && w.norm.len() == 4
                    && w.norm.starts_with(['1', '2'])
            })
    });
    let generic_present = lex.generic_finder.present(&lex.generic_phrases, &folded);
    let generic = since_year
        || lex
            .generic_phrases
            .iter()
            .zip(&generic_present)
            .any(|(p, here)| *here && contains_phrase(&folded, p));
    // "the attack", "the militant attack", "this deadly assault": a definite reference back.
    let definite_event = tokens.iter().enumerate().any(|(i, t)| {
        t.is_any(&["the", "this", "that"])
            && tokens[i + 1..tokens.len().min(i + 4)]
                .iter()
                .any(|n| lex.event_nouns.contains(&n.norm.as_str()))
    });
    let anaphor = definite_event
        || lex
            .anaphors
            .iter()
            .zip(&lex.anaphor_finder.present(&lex.anaphors, &folded))
            .any(|(a, here)| *here && contains_phrase(&folded, a))
        || tokens
            .first()
            .is_some_and(|t| lex.pronouns.contains(&t.norm.as_str()));
    let same_place = tokens
        .iter()
        .any(|t| lex.same_place_words.contains(&t.norm.as_str()));
    // What the clause says of this incident: without the words naming another event.
    let mut own_text = text.to_string();
    for (a, b) in reference_spans.iter().rev() {
        if own_text.is_char_boundary(*a) && own_text.is_char_boundary(*b) {
            own_text.replace_range(*a..*b, "");
        }
    }
    Clause {
        sentence,
        paragraph,
        text: own_text,
        date,
        relative_days,
        relative_reference,
        place,
        place_is_country,
        broad_place,
        figures: find_figures_in_tokens(
            text,
            &tokens,
            sentence,
            &ctx.lexicon.numbers,
            &ctx.lexicon.casualties,
        ),
        actors: find_all(
            text,
            ctx.lexicon.actors,
            article_country.or(ctx.default_country),
        ),
        event,
        aggregate,
        generic,
        anaphor,
        same_place,
    }
}

const AGENCIES: &str = "AFP|AP|Reuters|Xinhua|AA|APA|Anadolu|IANS|dpa|ANI|UPI|KUNA|NAN|MENA|VOA|RFI|Sputnik|TASS|EFE|ANSA|Bloomberg|BBC|CNN|WAM|SPA|APS|AIB|MAP|PANA|UrduPoint[^)]*";

/// Byte offset of a speech verb that introduces reported speech ("revealed that", "said:"),
/// if the clause has one.
fn speech_clause_start(tokens: &[super::text::Token], lex: &GroupingLexicon) -> Option<usize> {
    tokens
        .windows(2)
        .find(|w| {
            lex.speech_words.contains(&w[0].norm.as_str()) && (w[1].is("that") || w[1].is(":"))
        })
        .map(|w| w[0].start)
}

static DATELINES: std::sync::LazyLock<Vec<regex::Regex>> = std::sync::LazyLock::new(|| {
    [
        // "BAMAKO, Mali (AP) — ", "ALGIERS, Sept 5 (KUNA) -- ", "OUAGADOUGOU - "
        r"\b[A-ZÀ-Ý][A-ZÀ-Ý'’.-]{4,}(?: [A-ZÀ-Ý'’.-]{2,})*(?:,[^()\n]{1,40}?)?\s*(?:\([^)]{1,80}\))?\s*(?:--|-|–|—|:)\s",
        // "Niamey (AFP) – ", "Ouagadougou, Aug 19, 2019 (AFP) - "
        &format!(r"\b[A-ZÀ-Ý][\p{{L}}'’. -]{{2,30}}(?:,[^()\n]{{1,40}}?)?\s*\((?:{AGENCIES})\)\s*(?:--|-|–|—|:)\s*"),
        // "Bamako - At least …", "(Nairobi) – "
        r"^\(?[A-ZÀ-Ý][\p{Ll}'’.]{2,30}\)?\s+(?:--|-|–|—)\s",
    ]
    .iter()
    .map(|p| regex::Regex::new(p).expect("dateline pattern"))
    .collect()
});

/// Length of a dateline near the start of a sentence ("BAMAKO, Mali (AP) — ", "Niamey (AFP) – ",
/// "(MENAFN) ALGIERS, Sept 5 (KUNA) -- "): the place and day the story was filed from, not
/// those of the incident.
/// Compile the dateline patterns now (see [`super::warm_up`]).
pub(crate) fn warm_up() {
    std::sync::LazyLock::force(&DATELINES);
}

fn dateline_len(text: &str) -> usize {
    let head_end = (0..=text.len().min(160))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let head = &text[..head_end];
    // Every dateline pattern needs a bracket, or a dash or colon followed by white space:
    // most sentences have neither, and need no regex search.
    let mut chars = head.chars().peekable();
    let mut may_match = false;
    while let Some(c) = chars.next() {
        if c == '('
            || (matches!(c, '-' | '–' | '—' | ':')
                && chars.peek().is_some_and(|n| n.is_whitespace()))
        {
            may_match = true;
            break;
        }
    }
    if !may_match {
        return 0;
    }
    // Each pattern also needs something most sentences lack (checked without the regex,
    // whose Unicode classes make it slow on text with curly quotes or accents): a run of five
    // capitals or dateline punctuation starting with a capital; "(" then a letter (an
    // agency); a capital or "(" first.
    let may: [bool; 3] = [
        has_capitals_run(head),
        head.as_bytes()
            .windows(2)
            .any(|w| w[0] == b'(' && w[1].is_ascii_alphabetic()),
        head.chars()
            .next()
            .is_some_and(|c| c == '(' || is_dateline_capital(c)),
    ];
    DATELINES
        .iter()
        .zip(may)
        .filter(|(_, may)| *may)
        .filter_map(|(re, _)| re.find(head))
        .filter(|m| m.start() < 100)
        .map(|m| m.end())
        .max()
        .unwrap_or(0)
}

/// A capital as the dateline patterns write it: `[A-ZÀ-Ý]`.
fn is_dateline_capital(c: char) -> bool {
    c.is_ascii_uppercase() || ('\u{C0}'..='\u{DD}').contains(&c)
}

/// Whether `text` has a capital followed by four characters of `[A-ZÀ-Ý'’.-]` (the start of
/// an upper-case dateline, "BAMAKO"): the first pattern of [`DATELINES`] cannot match
/// without one.
fn has_capitals_run(text: &str) -> bool {
    let in_class = |c: char| is_dateline_capital(c) || matches!(c, '\'' | '’' | '.' | '-');
    // Characters of the class since the first capital of the current run.
    let mut since_capital: Option<usize> = None;
    for c in text.chars() {
        since_capital = match (in_class(c), since_capital) {
            (false, _) => None,
            (true, Some(n)) if n + 1 >= 4 => return true,
            (true, Some(n)) => Some(n + 1),
            (true, None) => is_dateline_capital(c).then_some(0),
        };
    }
    false
}

/// "three new attacks", "a series of raids", "coordinated attacks", "two attacks": several
/// incidents summed up in one clause.
fn is_aggregate(tokens: &[super::text::Token], lex: &GroupingLexicon) -> bool {
    for (i, t) in tokens.iter().enumerate() {
        if !lex.plural_event_words.contains(&t.norm.as_str()) {
            continue;
        }
        let window = &tokens[i.saturating_sub(4)..i];
        let counted = window.iter().any(|w| {
            w.kind == super::text::TokenKind::Number
                || w.is_any(&[
                    "two",
                    "three",
                    "four",
                    "five",
                    "six",
                    "seven",
                    "eight",
                    "nine",
                    "ten",
                    "several",
                    "multiple",
                    "series",
                    "coordinated",
                    "simultaneous",
                    "wave",
                    "string",
                    "spate",
                    "twin",
                    "separate",
                    "dozens",
                    "many",
                    "numerous",
                ])
        });
        if counted {
            return true;
        }
    }
    false
}

/// Extract the incidents one article reports.
/// How much text around a match is read for the words next to it. Only a few words are used;
/// folding the whole rest of the clause for every match made a run-on paragraph (100,000
/// characters without a full stop) quadratic.
const WORD_WINDOW: usize = 256;

/// At most the last [`WORD_WINDOW`] bytes of `text[..end]`, cut at character boundaries.
fn window_before(text: &str, end: usize) -> &str {
    let mut end = end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = end.saturating_sub(WORD_WINDOW);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..end]
}

/// At most the first [`WORD_WINDOW`] bytes of `text[start..]`, cut at character boundaries.
fn window_after(text: &str, start: usize) -> &str {
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let mut end = (start + WORD_WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end]
}

pub fn extract_mentions(article: &Article, ctx: &Context) -> Vec<Mention> {
    let lex = &ctx.lexicon.grouping;
    let published = article.meta.published;
    let mut frames: Vec<Frame> = Vec::new();
    let mut current: Option<usize> = None;
    let mut date_context: Option<DateValue> = None;
    let (countries, scans) = article_countries(article, ctx);
    let country_refs: Vec<&str> = countries.iter().map(String::as_str).collect();
    let article_country = countries.first().cloned();

    for (s, scan) in article
        .sentences
        .iter()
        .filter(|s| !s.boilerplate)
        .zip(&scans)
    {
        let sentence_text = &article.text[s.span.range()];
        let mut previous_clause_date: Option<DateValue> = None;
        for clause_text in clauses_of(sentence_text, lex) {
            // A clause that is the whole sentence reuses what was found in it already.
            let scan = (clause_text == sentence_text).then_some(scan);
            let mut c = read_clause(
                &clause_text,
                s.number as usize,
                s.paragraph as usize,
                published,
                &country_refs,
                scan,
                ctx,
            );
            // "one week later", "the day before": against the clause before or the context.
            let mut counted_from: Option<(DateExpr, String)> = None;
            if c.date.is_none() {
                if let Some(days) = c.relative_days.clone() {
                    if let Some(base) = previous_clause_date.or(date_context) {
                        c.date = days.resolve_against(base, published);
                    }
                    // "five days after the suicide attack in Kati": settled against that event
                    // once the whole article is read.
                    if let Some(r) = c.relative_reference.clone() {
                        counted_from = Some((days, r));
                    }
                }
            }
            if let (Some(d), Some(ctx_date)) = (c.date, date_context) {
                c.date = Some(in_context_year(d, ctx_date, &clause_text));
            }
            if c.date.is_some() {
                previous_clause_date = c.date;
            }
            let has_figures = c
                .figures
                .iter()
                .any(|f| f.total.high > 0 || f.kind == CasualtyKind::Killed);
            let reports_violence = c.event || has_figures || c.aggregate;
            if !reports_violence {
                continue;
            }
            if c.generic && c.date.map(|d| d.precision) != Some(DatePrecision::Day) {
                continue;
            }
            if c.aggregate {
                // Sums up several attacks: a frame of its own, kept only if not described one by one.
                if c.date.is_some() {
                    date_context = c.date;
                    current = Some(open_frame(&mut frames, &c, None));
                } else if let Some(i) = current.filter(|&i| frames[i].aggregate) {
                    frames[i].add_facts(&c);
                }
                continue;
            }
            if c.place_is_country {
                c.place = None;
            }
            let own = c.date.is_some() || c.place.is_some();
            // "in a separate attack", "earlier this month": another incident, never folded in.
            let other = c.text.split(|ch: char| !ch.is_alphanumeric()).any(|w| {
                lex.other_incident_words
                    .contains(&w.to_lowercase().as_str())
            });
            if own && other && !c.anaphor {
                let n = open_frame(&mut frames, &c, date_context);
                frames[n].other = true;
                current = Some(n);
                if let Some(d) = c.date {
                    date_context = Some(d);
                }
            } else if own {
                let cur = current.filter(|&i| !frames[i].aggregate);
                let continues = |f: &Frame| f.last_paragraph == c.paragraph || c.anaphor;
                // The current frame first, then earlier ones that agree on something stated.
                let target = cur
                    .filter(|&i| match frames[i].agreement(&c) {
                        Some(true) => true,
                        // A lead without date or place ("At least 95 people were killed in an
                        // attack") takes the first date and place that follow.
                        Some(false) => continues(&frames[i]) || frames[i].is_bare(),
                        None => false,
                    })
                    .or_else(|| {
                        (0..frames.len()).rev().find(|&i| {
                            !frames[i].aggregate && frames[i].agreement(&c) == Some(true)
                        })
                    });
                match target {
                    Some(i) => {
                        frames[i].absorb(&c);
                        current = Some(i);
                    }
                    None => {
                        // "on the same road": the place of the incident before, made vaguer.
                        let same = if c.place.is_none() && c.same_place {
                            current.and_then(|i| {
                                frames[i]
                                    .place
                                    .as_ref()
                                    .map(|p| p.value.clone())
                                    .or(frames[i].place_inherited.clone())
                            })
                        } else {
                            None
                        };
                        let n = open_frame(&mut frames, &c, date_context);
                        frames[n].place_inherited = same;
                        current = Some(n);
                    }
                }
                if let Some(d) = c.date {
                    date_context = Some(d);
                }
            } else if let Some(i) = current {
                let f = &frames[i];
                // Figures without a date or place of their own are about the incident in hand,
                // unless the clause says it is another one.
                if f.last_paragraph == c.paragraph
                    || c.anaphor
                    || (!other && !c.generic && has_figures)
                {
                    frames[i].add_facts(&c);
                } else if has_figures && !c.generic {
                    current = Some(open_frame(&mut frames, &c, date_context));
                }
            } else if has_figures && !c.generic {
                current = Some(open_frame(&mut frames, &c, date_context));
            }
            if let (Some(cf), Some(i)) = (counted_from, current) {
                if frames[i]
                    .date
                    .as_ref()
                    .is_none_or(|d| d.sentence == c.sentence)
                {
                    frames[i].relative.get_or_insert(cf);
                }
            }
        }
    }
    resolve_references(&mut frames, published);

    // Undated frames that agree with a dated one in place, found later, were opened before the
    // date was read (a lead with the toll, a later paragraph with the day): fold them in.
    merge_leads(&mut frames);

    // Aggregates described one by one are dropped; their actors go to the parts.
    let dated: Vec<(usize, DateValue)> = frames
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.aggregate)
        .filter_map(|(i, f)| {
            f.date
                .as_ref()
                .map(|d| (i, d.value))
                .or(f.date_inherited.map(|d| (i, d)))
        })
        .collect();
    let mut keep = vec![true; frames.len()];
    for (i, f) in frames.iter().enumerate() {
        if !f.aggregate {
            continue;
        }
        let Some(d) = f.date.as_ref().map(|d| d.value) else {
            continue;
        };
        let parts: Vec<usize> = dated
            .iter()
            .filter(|(_, pd)| pd.overlaps(&d))
            .map(|(j, _)| *j)
            .collect();
        if !parts.is_empty() {
            keep[i] = false;
        }
    }
    let dropped_actors: Vec<(DateValue, Vec<(ActorMatch, usize)>)> = frames
        .iter()
        .zip(&keep)
        .filter(|(f, k)| !**k && f.date.is_some())
        .map(|(f, _)| {
            (
                f.date
                    .as_ref()
                    .map(|d| d.value)
                    .unwrap_or(DateValue::day(chrono::NaiveDate::MIN)),
                f.actors.clone(),
            )
        })
        .collect();

    // The headline incidents: the first one, and any on the same day ("three attacks on
    // Wednesday"); the rest are background.
    let headline_date = frames
        .iter()
        .zip(&keep)
        .find(|(_, k)| **k)
        .and_then(|(f, _)| f.date.as_ref().map(|d| d.value).or(f.date_inherited));
    let mut mentions = Vec::new();
    let mut first = true;
    for (f, k) in frames.into_iter().zip(keep) {
        if !k {
            continue;
        }
        let mut f = f;
        let mut date = f.date.clone().or_else(|| {
            f.date_inherited.map(|d| Cited {
                value: d,
                sentence: f.sentences[0],
            })
        });
        // The incident a news report leads with happened in the days before it was published,
        // when the text gives no day: the week up to the published date.
        if date.is_none() && first {
            if let Some(p) = published {
                date = Some(Cited {
                    value: DateValue {
                        date: p - Duration::days(6),
                        end: Some(p),
                        precision: DatePrecision::Week,
                    },
                    sentence: f.sentences[0],
                });
            }
        }
        if f.actors
            .iter()
            .all(|(a, _)| a.role != ActorRole::Perpetrator)
        {
            if let Some(d) = date.as_ref() {
                for (ad, actors) in &dropped_actors {
                    if ad.overlaps(&d.value) {
                        f.actors.extend(
                            actors
                                .iter()
                                .filter(|(a, _)| a.role == ActorRole::Perpetrator)
                                .cloned(),
                        );
                    }
                }
            }
        }
        let place = f.place.clone().or_else(|| {
            f.place_inherited.clone().map(|mut p| {
                p.geo_precision = p.geo_precision.max(2);
                Cited {
                    value: p,
                    sentence: f.sentences[0],
                }
            })
        });
        if date.is_none() && place.is_none() {
            continue;
        }
        let place = place
            .or_else(|| {
                f.broad_place.clone().map(|mut p| {
                    p.geo_precision = 3;
                    Cited {
                        value: p,
                        sentence: f.sentences[0],
                    }
                })
            })
            .or_else(|| {
                // Nothing finer named: the country the article is about, at country level.
                let c = ctx.gazetteer.country(article_country.as_deref()?)?;
                Some(Cited {
                    value: PlaceValue {
                        name: c.name.clone(),
                        admin1: None,
                        country: Some(c.country.clone()),
                        lat: c.lat,
                        lon: c.lon,
                        geo_precision: 3,
                        distance_km: None,
                        phrase: String::new(),
                    },
                    sentence: f.sentences[0],
                })
            })
            .map(|mut p| {
                // A locality the gazetteer does not know still belongs to the article's country.
                if p.value.country.is_none() {
                    p.value.country = article_country.clone();
                }
                p
            });
        let headline = first
            || matches!((headline_date, date.as_ref()), (Some(h), Some(d)) if h.overlaps(&d.value) && d.value.precision == DatePrecision::Day);
        let mention = to_mention(article, f, date, place, headline, ctx);
        first = false;
        mentions.push(mention);
    }
    mentions
}

/// The countries an article is about, most named first, then the site's default: they break
/// ties between places of the same name and give a country to localities the gazetteer lacks.
/// Also what was found in each sentence read (those not boilerplate, in order), so that
/// reading the sentence again with the article's countries does not scan it again.
fn article_countries<'g>(
    article: &Article,
    ctx: &Context<'g>,
) -> (Vec<String>, Vec<SentenceScan<'g>>) {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let default: Vec<&str> = ctx.default_country.into_iter().collect();
    let mut scans = Vec::new();
    for s in article.sentences.iter().filter(|s| !s.boilerplate) {
        let text = &article.text[s.span.range()];
        let dateline_end = dateline_len(text);
        let hits = ctx.gazetteer.scan(text);
        let found = find_places_in_hits(text, &hits, ctx.gazetteer, &default);
        scans.push(SentenceScan { hits, dateline_end });
        for m in found {
            if m.start < dateline_end {
                continue;
            }
            if let Some(c) = m.place.country {
                *counts.entry(c).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out: Vec<String> = ranked.into_iter().map(|(c, _)| c).collect();
    if let Some(d) = ctx.default_country {
        if !out.iter().any(|c| c == d) {
            out.push(d.to_string());
        }
    }
    (out, scans)
}

/// What a sentence yields whatever the article's countries: its gazetteer names and the
/// length of its dateline. Read once per sentence, used again by a clause that is the whole
/// sentence.
struct SentenceScan<'g> {
    hits: Vec<NameHit<'g>>,
    dateline_end: usize,
}

fn is_country_value(p: &PlaceValue) -> bool {
    p.admin1.is_none() && p.geo_precision >= 3
}

fn merge_leads(frames: &mut Vec<Frame>) {
    // A lead with a date but no place ("ten soldiers were killed on Friday in southwest
    // Niger") is the incident a later paragraph places ("the ambush near Banibangou").
    if let Some(i) = frames.iter().position(|f| !f.aggregate) {
        let lead = &frames[i];
        if lead.place.is_none() && lead.first_paragraph <= 1 {
            let lead_date = lead.date.as_ref().map(|d| d.value);
            let j = (i + 1..frames.len())
                .find(|&j| !frames[j].aggregate && !frames[j].other && frames[j].place.is_some());
            if let Some(j) = j {
                let dj = frames[j]
                    .date
                    .as_ref()
                    .map(|d| d.value)
                    .or(frames[j].date_inherited);
                let agree = match (lead_date, dj) {
                    (Some(a), Some(b)) => a.overlaps(&b),
                    _ => true,
                };
                if agree {
                    let lead = frames.remove(i);
                    fold_into(&mut frames[j - 1], lead);
                }
            }
        }
    }
    let mut i = 0;
    while i < frames.len() {
        if frames[i].date.is_none() && !frames[i].aggregate {
            let j = (i + 1..frames.len()).find(|&j| {
                !frames[j].aggregate
                    && !frames[j].other
                    && frames[j].date.is_some()
                    && match (&frames[i].place, &frames[j].place) {
                        (Some(a), Some(b)) => a.value.compatible(&b.value),
                        (None, _) | (_, None) => false,
                    }
            });
            if let Some(j) = j {
                let lead = frames.remove(i);
                fold_into(&mut frames[j - 1], lead);
                continue;
            }
        }
        i += 1;
    }
}

/// Open a frame for a clause; without a date of its own it takes the article's date context.
fn open_frame(frames: &mut Vec<Frame>, c: &Clause, date_context: Option<DateValue>) -> usize {
    let mut f = Frame::new(c);
    if c.date.is_none() {
        f.date_inherited = date_context;
    }
    f.absorb(c);
    frames.push(f);
    frames.len() - 1
}

/// Dates counted from another event the article names ("five days after the suicide attack
/// in Kati"): once every frame is read, count from the frame placed where the reference says.
fn resolve_references(frames: &mut [Frame], published: Option<chrono::NaiveDate>) {
    for i in 0..frames.len() {
        let Some((expr, reference)) = frames[i].relative.clone() else {
            continue;
        };
        let reference = fold(&reference);
        let base = frames.iter().enumerate().find_map(|(k, f)| {
            let place = f.place.as_ref()?;
            let date = f.date.as_ref()?;
            (k != i
                && f.relative.is_none()
                && contains_phrase(&reference, &fold(&place.value.name)))
            .then_some(date.value)
        });
        if let Some(value) = base.and_then(|b| expr.resolve_against(b, published)) {
            let sentence = frames[i].sentences.first().copied().unwrap_or(1);
            match frames[i].date.as_mut() {
                Some(d) => d.value = value,
                None => frames[i].date = Some(Cited { value, sentence }),
            }
        }
    }
}

/// Fold a lead frame into the frame that completes it; the lead's sentences come first.
fn fold_into(target: &mut Frame, lead: Frame) {
    if let Some(p) = lead.place {
        if target
            .place
            .as_ref()
            .is_none_or(|t| t.value.geo_precision > p.value.geo_precision)
        {
            target.place = Some(p);
        }
    }
    if target.date.is_none() {
        target.date = lead.date;
    }
    if target.broad_place.is_none() {
        target.broad_place = lead.broad_place;
    }
    let mut figures = lead.figures;
    figures.append(&mut target.figures);
    target.figures = figures;
    let mut actors = lead.actors;
    actors.append(&mut target.actors);
    target.actors = actors;
    let mut sentences = lead.sentences;
    for s in target.sentences.drain(..) {
        if !sentences.contains(&s) {
            sentences.push(s);
        }
    }
    target.sentences = sentences;
    target.texts.splice(0..0, lead.texts);
}

/// "In March 2015 … Then in November": a month named without a year, after the article has
/// moved to an earlier year, is the first such month after that date, not the latest one
/// before publication.
fn in_context_year(d: DateValue, context: DateValue, clause: &str) -> DateValue {
    use chrono::Datelike;
    let year_stated = clause
        .split(|c: char| !c.is_ascii_digit())
        .any(|w| w.len() == 4 && w.starts_with(['1', '2']));
    if year_stated || d.precision != DatePrecision::Month || context.date.year() >= d.date.year() {
        return d;
    }
    let year = if d.date.month() >= context.date.month() {
        context.date.year()
    } else {
        context.date.year() + 1
    };
    if year >= d.date.year() {
        return d;
    }
    let Some(first) = chrono::NaiveDate::from_ymd_opt(year, d.date.month(), 1) else {
        return d;
    };
    let next = if d.date.month() == 12 {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        chrono::NaiveDate::from_ymd_opt(year, d.date.month() + 1, 1)
    };
    DateValue {
        date: first,
        end: next.and_then(|n| n.pred_opt()),
        precision: DatePrecision::Month,
    }
}

fn to_mention(
    article: &Article,
    f: Frame,
    date: Option<Cited<DateValue>>,
    place: Option<Cited<PlaceValue>>,
    headline: bool,
    ctx: &Context,
) -> Mention {
    let mut perpetrators: Vec<Cited<String>> = Vec::new();
    let mut claimed_by: Vec<Cited<String>> = Vec::new();
    let mut targets: Vec<Cited<String>> = Vec::new();
    for (a, sentence) in &f.actors {
        let list = match a.role {
            ActorRole::Perpetrator => &mut perpetrators,
            ActorRole::ClaimedBy => &mut claimed_by,
            ActorRole::Target => &mut targets,
            ActorRole::Mentioned => continue,
        };
        if !list.iter().any(|c| c.value == a.name) {
            list.push(Cited {
                value: a.name.clone(),
                sentence: *sentence,
            });
        }
    }
    // A claim names the perpetrator too; a named group makes "unidentified" attackers redundant.
    for c in &claimed_by {
        if !perpetrators.iter().any(|p| p.value == c.value) {
            perpetrators.push(c.clone());
        }
    }
    if perpetrators
        .iter()
        .any(|p| !crate::incidents::consolidate::is_generic_actor(&p.value))
    {
        perpetrators.retain(|p| !crate::incidents::consolidate::is_generic_actor(&p.value));
    }
    // Sides of the victims; a split that does not cover the whole figure ("12 died, including
    // three civilians") leaves the rest unknown.
    let victims: Vec<Group> = f
        .figures
        .iter()
        .filter(|fig| fig.total.high > 0)
        .flat_map(|fig| {
            let covered: u32 = fig.parts.iter().map(|(_, q)| q.low).sum();
            let mut sides: Vec<Group> = if fig.parts.is_empty() {
                vec![fig.group]
            } else {
                fig.parts.iter().map(|(g, _)| *g).collect()
            };
            if !fig.parts.is_empty() && covered < fig.total.low {
                sides.push(Group::Unspecified);
            }
            sides
        })
        .collect();
    let evidence = EventEvidence {
        targets: targets.iter().map(|t| t.value.clone()).collect(),
        perpetrators: perpetrators.iter().map(|p| p.value.clone()).collect(),
        civilians_only: !victims.is_empty() && victims.iter().all(|g| *g == Group::Civilians),
        security_forces_hit: victims
            .iter()
            .any(|g| matches!(g, Group::SecurityForces | Group::ForeignForces)),
        any_fighting: victims.contains(&Group::Assailants),
    };
    let text = f.texts.join(" ");
    let classified = classify(&text, &evidence, ctx.lexicon.events);
    let lead = f.sentences.first().copied().unwrap_or(1);
    let (event_type, sub_event_type) = match classified {
        Some(c) => (
            Some(Cited {
                value: c.event_type,
                sentence: lead,
            }),
            Some(Cited {
                value: c.sub_event_type,
                sentence: lead,
            }),
        ),
        None => (None, None),
    };
    Mention {
        article: article.id.clone(),
        headline,
        date,
        place,
        event_type,
        sub_event_type,
        perpetrators,
        claimed_by,
        targets,
        figures: f.figures,
        sentences: f.sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_clauses_at_followed_by() {
        let lex = GroupingLexicon::english();
        let c = clauses_of(
            "Six people were killed in a July attack on a checkpoint followed by an attack one week later on a camp.",
            &lex,
        );
        assert_eq!(c.len(), 2);
        assert!(c[1].starts_with("followed by"));
    }

    #[test]
    fn datelines_are_recognised() {
        for (s, head) in [
            (
                "BAMAKO, Mali (AP) — At least 53 soldiers",
                "BAMAKO, Mali (AP) — ",
            ),
            ("OUAGADOUGOU - Armed men raided", "OUAGADOUGOU - "),
            ("Niamey (AFP) – Gunmen killed", "Niamey (AFP) – "),
            (
                "Ouagadougou, Aug 19, 2019 (AFP) - More than a dozen",
                "Ouagadougou, Aug 19, 2019 (AFP) - ",
            ),
            (
                "(MENAFN- Kuwait News Agency (KUNA)) ALGIERS, Sept 5 (KUNA) -- At least 17",
                "(MENAFN- Kuwait News Agency (KUNA)) ALGIERS, Sept 5 (KUNA) -- ",
            ),
            ("Bamako - At least 21 people", "Bamako - "),
        ] {
            assert_eq!(&s[..dateline_len(s)], head, "{s}");
        }
        assert_eq!(
            dateline_len("In Kaloumba, near the Mauritanian border, twelve people died"),
            0
        );
        assert_eq!(
            dateline_len("A militant attack in Bamako, Mali, resulted in over 70 deaths"),
            0
        );
        assert_eq!(
            dateline_len("JNIM - a group linked to al-Qaeda - claimed it"),
            0
        );
    }

    #[test]
    fn dateline_prefilters_never_skip_a_match() {
        for s in [
            "BAMAKO, Mali (AP) — At least 53 soldiers",
            "ÉGYPTE - x",
            "Niamey (dpa) – Gunmen",
            "Ségou – « Des hommes armés »",
            "(Nairobi) – Gunmen",
            "(MENAFN) ALGIERS, Sept 5 (KUNA) -- At least 17",
            "Z.'’-A - b",
            "ab CD-EF: x",
        ] {
            let may = [
                has_capitals_run(s),
                s.as_bytes()
                    .windows(2)
                    .any(|w| w[0] == b'(' && w[1].is_ascii_alphabetic()),
                s.chars()
                    .next()
                    .is_some_and(|c| c == '(' || is_dateline_capital(c)),
            ];
            for (re, may) in DATELINES.iter().zip(may) {
                assert!(may || re.find(s).is_none(), "{s} {re}");
            }
        }
        assert!(!has_capitals_run("Bamako - At"));
        assert!(has_capitals_run("x GAO-K"));
    }

    /// The mentions of an article made of `paragraphs`, published on `published`.
    fn mentions(paragraphs: &[&str], published: (i32, u32, u32)) -> Vec<Mention> {
        let lex = Lexicon::english();
        let ctx = Context {
            lexicon: &lex,
            gazetteer: Gazetteer::shared(),
            default_country: Some("ML"),
        };
        let text = paragraphs.join("\n\n");
        let mut spans = Vec::new();
        let mut at = 0;
        for p in paragraphs {
            spans.push(crate::model::Span::new(at, at + p.len()));
            at += p.len() + 2;
        }
        let sentences = crate::extract::sentences::split(&text, &spans);
        let article = crate::model::Article {
            id: "a".into(),
            path: "a.md".into(),
            meta: crate::model::ArticleMeta {
                title: "t".into(),
                published: chrono::NaiveDate::from_ymd_opt(published.0, published.1, published.2),
                ..Default::default()
            },
            text,
            paragraphs: spans,
            sentences,
            warnings: vec![],
        };
        extract_mentions(&article, &ctx)
    }

    #[test]
    fn a_date_before_a_speech_verb_dates_the_statement() {
        let ms = mentions(
            &[
                "On Wednesday evening, the army revealed that ten soldiers were killed on Monday in an ambush near Gao.",
            ],
            (2025, 2, 6),
        );
        assert_eq!(ms.len(), 1);
        assert_eq!(
            ms[0].date.as_ref().unwrap().value.date.to_string(),
            "2025-02-03"
        );
    }

    #[test]
    fn a_date_after_said_that_is_the_incident_date() {
        let ms = mentions(
            &[
                "The army said that on Wednesday, near Kompienga, troops came under fire and shot dead about 15 terrorists.",
            ],
            (2023, 6, 17),
        );
        assert_eq!(
            ms[0].date.as_ref().unwrap().value.date.to_string(),
            "2023-06-14"
        );
        let ms = mentions(
            &["Gunmen killed four soldiers near Gao, the army said on Friday."],
            (2023, 6, 17),
        );
        assert_ne!(
            ms[0].date.as_ref().unwrap().value.date.to_string(),
            "2023-06-16"
        );
    }

    #[test]
    fn places_that_qualify_someone_are_not_the_scene() {
        let ms = mentions(
            &[
                "Gunmen killed 12 villagers in Djibo on Sunday, the governor of the Sahel region said, a blow to Ouagadougou's junta.",
            ],
            (2023, 5, 2),
        );
        assert_eq!(ms[0].place.as_ref().unwrap().value.name, "Djibo");
        let ms = mentions(
            &[
                "The attack was condemned by Ouagadougou's junta on Monday after militants killed 9 soldiers.",
            ],
            (2023, 5, 2),
        );
        assert!(
            ms.iter().all(|m| m
                .place
                .as_ref()
                .is_none_or(|p| p.value.name != "Ouagadougou")),
            "{ms:?}"
        );
    }

    #[test]
    fn reporting_paragraphs_about_the_region_are_not_incidents() {
        let ms = mentions(
            &[
                "Gunmen killed five people on Monday in Markacoungo, about 80 kilometers from Bamako.",
                "Since the unrest began in 2012, it has killed around 26,000 people, according to ACLED.",
                "Attacks in central Mali have been escalating.",
            ],
            (2023, 1, 3),
        );
        assert_eq!(ms.len(), 1, "{ms:?}");
        assert!(ms[0].figures.iter().all(|f| f.total.high == 5));
    }

    #[test]
    fn relative_dates_count_from_the_named_event() {
        let ms = mentions(
            &[
                "Five days after the suicide attack in Kati, gunmen killed three soldiers in Sokolo.",
                "On July 22, a suicide attack hit the military camp in Kati, killing one soldier.",
            ],
            (2022, 7, 28),
        );
        let sokolo = ms
            .iter()
            .find(|m| m.place.as_ref().unwrap().value.name == "Sokolo")
            .expect("Sokolo");
        assert_eq!(
            sokolo.date.as_ref().unwrap().value.date.to_string(),
            "2022-07-27"
        );
        let kati = ms
            .iter()
            .find(|m| m.place.as_ref().unwrap().value.name == "Kati")
            .expect("Kati");
        assert_eq!(
            kati.date.as_ref().unwrap().value.date.to_string(),
            "2022-07-22"
        );
    }

    #[test]
    fn aggregates_are_recognised() {
        let lex = GroupingLexicon::english();
        assert!(is_aggregate(
            &tokenize("killed on Wednesday in three new attacks in the center"),
            &lex
        ));
        assert!(is_aggregate(
            &tokenize("a series of almost simultaneous raids"),
            &lex
        ));
        assert!(!is_aggregate(&tokenize("Attacks continue in Mali."), &lex));
        assert!(!is_aggregate(&tokenize("an attack on a checkpoint"), &lex));
    }
}
