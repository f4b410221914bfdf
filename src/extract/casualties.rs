//! Casualty figures: who was killed or wounded, how many, on which side, and who said so.
//!
//! Works on tokens, not regexes over the raw sentence, so spans survive curly quotes and
//! diacritics. The shapes of news prose it reads:
//! - subject + passive/intransitive: "at least 15 soldiers and three civilians were killed",
//!   "twelve people died", "77 killed and 255 injured", "six dead soldiers", "25 wounded";
//! - active verb + object: "killing one officer", "the army claims to have killed 48 assailants",
//!   "leaving three civilians and three officers dead", "left 12 dead", "injured six";
//! - nouns: "the deaths of over 70 people", "over 70 deaths", "approximately 200 injuries",
//!   "the death toll may be approximately 100", "the death of approximately 50 mercenaries";
//! - none: "without causing any casualties", "no one was killed".
//!
//! Parts of a list are summed ("two gendarmes and a police officer" = 3) and kept as a split by
//! side; "including …" gives a split of the figure before it; partitives ("three of the people
//! killed", "five of whom") are not figures of their own.

use super::numbers::{quantity_at, NumberLexicon};
use super::text::{tokenize, Token, TokenKind};
use crate::model::{CasualtyKind, Figure, Group, Qualifier, Quantity};

/// The casualty vocabulary of one language.
#[derive(Debug, Clone)]
pub struct CasualtyLexicon {
    /// Head nouns of victims with their side.
    pub victim_nouns: Vec<(&'static str, Group)>,
    /// Modifiers that decide the side of a generic head ("military police students",
    /// "members of the civil defense force").
    pub side_modifiers: Vec<(&'static str, Group)>,
    /// Heads that say nothing of the side ("people", "members"): a modifier may decide it.
    pub generic_heads: Vec<&'static str>,
    pub killed_words: Vec<&'static str>,
    pub wounded_words: Vec<&'static str>,
    pub auxiliaries: Vec<&'static str>,
    /// Active verbs whose object is killed ("killing", "killed", "neutralised").
    pub kill_verbs: Vec<&'static str>,
    pub wound_verbs: Vec<&'static str>,
    /// "left 12 dead", "leaving three wounded": the word after the object decides.
    pub leave_verbs: Vec<&'static str>,
    /// Nouns followed by "of" + victims: "the deaths of", "the killing of".
    pub death_of_nouns: Vec<&'static str>,
    /// Nouns after a number: "70 deaths", "200 injuries".
    pub death_nouns: Vec<&'static str>,
    pub injury_nouns: Vec<&'static str>,
    /// "death toll", "toll", "death count".
    pub toll_nouns: Vec<&'static str>,
    /// Words that end a noun phrase.
    pub stop_words: Vec<&'static str>,
    /// Phrases stating that nobody was killed (folded, space-separated).
    pub zero_killed: Vec<&'static str>,
    /// Subset markers: "including", "among them".
    pub subset_markers: Vec<&'static str>,
    /// Nouns of who gives a figure: "source", "army", "document".
    pub source_nouns: Vec<&'static str>,
    /// Words introducing a source: "according to".
    pub source_intro: Vec<&'static [&'static str]>,
    /// Words that open a new clause, so a source does not reach across them.
    pub clause_breaks: Vec<&'static str>,
}

impl CasualtyLexicon {
    pub fn english() -> CasualtyLexicon {
        use Group::*;
        let civ = ["civilian", "civilians", "villager", "villagers", "resident", "residents", "worshipper", "worshippers", "women", "woman", "children", "child", "girls", "boys", "farmers", "farmer", "herders", "herder", "traders", "trader", "workers", "worker", "passengers", "passenger", "pupils", "students", "student", "teachers", "teacher", "miners", "displaced", "refugees", "faithful", "men", "man", "elders", "chief", "imam", "pastor", "priest", "journalist", "journalists", "drivers", "driver", "travellers", "travelers", "shepherds", "fishermen", "merchants", "vendors", "mourners", "guests"];
        let sf = ["soldier", "soldiers", "troops", "trooper", "troopers", "gendarme", "gendarmes", "police", "policeman", "policemen", "officer", "officers", "policemen", "servicemen", "serviceman", "guards", "guard", "militiamen", "militiaman", "volunteers", "volunteer", "vdp", "dozo", "dozos", "hunters", "auxiliaries", "recruits", "cadets", "paratroopers", "commandos", "customs", "personnel", "fama", "military", "army", "forest", "rangers", "ranger", "colonel", "captain", "lieutenant", "commander", "sergeant", "general"];
        let foreign = ["mercenaries", "mercenary", "peacekeepers", "peacekeeper", "wagner", "instructors", "contractors", "legionnaires", "blue helmets"];
        let assail = ["assailants", "assailant", "attackers", "attacker", "terrorists", "terrorist", "militants", "militant", "jihadists", "jihadist", "insurgents", "insurgent", "gunmen", "gunman", "fighters", "fighter", "rebels", "rebel", "bandits", "bandit", "extremists", "extremist", "assaillants", "islamists", "raiders", "kamikazes", "bombers", "bomber"];
        let unspec = ["people", "persons", "person", "individuals", "individual", "others", "victims", "victim", "bodies", "members", "member", "lives", "dead", "casualties"];
        let mut victim_nouns: Vec<(&'static str, Group)> = Vec::new();
        victim_nouns.extend(civ.iter().map(|w| (*w, Civilians)));
        victim_nouns.extend(sf.iter().map(|w| (*w, SecurityForces)));
        victim_nouns.extend(foreign.iter().map(|w| (*w, ForeignForces)));
        victim_nouns.extend(assail.iter().map(|w| (*w, Assailants)));
        victim_nouns.extend(unspec.iter().map(|w| (*w, Unspecified)));
        let side_modifiers = vec![
            ("military", SecurityForces), ("police", SecurityForces), ("army", SecurityForces), ("security", SecurityForces),
            ("defense", SecurityForces), ("defence", SecurityForces), ("gendarmerie", SecurityForces), ("law", SecurityForces),
            ("enforcement", SecurityForces), ("government", SecurityForces), ("malian", Unspecified), ("civil", SecurityForces),
            ("militia", SecurityForces), ("vdp", SecurityForces), ("forces", SecurityForces), ("force", SecurityForces),
            ("russian", ForeignForces), ("wagner", ForeignForces), ("un", ForeignForces), ("peacekeeping", ForeignForces), ("minusma", ForeignForces),
            ("civilian", Civilians), ("jihadist", Assailants), ("terrorist", Assailants), ("militant", Assailants), ("armed", Assailants), ("enemy", Assailants),
        ];
        CasualtyLexicon {
            victim_nouns,
            side_modifiers,
            generic_heads: vec!["people", "persons", "person", "individuals", "individual", "members", "member", "personnel", "students", "student", "men", "man", "others", "victims", "lives", "recruits", "cadets", "elements", "agents", "staff", "workers"],
            killed_words: vec!["killed", "dead", "died", "slain", "perished", "murdered", "executed", "massacred", "lost", "beheaded", "shot", "slaughtered"],
            wounded_words: vec!["wounded", "injured", "hurt", "maimed"],
            auxiliaries: vec!["was", "were", "have", "has", "had", "been", "are", "is", "be", "being", "reportedly", "also", "all", "later", "allegedly", "subsequently", "both", "then", "left", "now", "confirmed", "feared", "believed", "to", "said", "seriously", "critically", "gravely", "slightly", "fatally", "who", "that"],
            kill_verbs: vec!["killing", "killed", "kill", "kills", "massacred", "massacring", "neutralised", "neutralized", "neutralising", "neutralizing", "slaughtered", "slaughtering", "executed", "executing", "murdered", "murdering", "shot", "shooting", "beheaded", "claiming", "claimed", "took"],
            wound_verbs: vec!["wounding", "wounded", "injuring", "injured", "injures", "wounds", "maiming", "hurting"],
            leave_verbs: vec!["left", "leaving", "leaves", "leave"],
            death_of_nouns: vec!["deaths", "death", "killing", "killings", "bodies", "lives", "massacre", "murder", "murders", "execution", "executions"],
            death_nouns: vec!["deaths", "dead", "fatalities", "killed", "lives", "bodies", "victims"],
            injury_nouns: vec!["injuries", "injured", "wounded"],
            toll_nouns: vec!["toll", "count", "tally"],
            stop_words: vec!["of", "in", "on", "at", "from", "near", "by", "during", "after", "before", "with", "when", "who", "which", "that", "and", "or", "but", "while", "as", "to", "for", "into", "were", "was", "have", "has", "had", "are", "is", "been", "be", "said", "says", "according", "including", "whom", "whose", "where", "since", "this", "last", "the", "a", "an", "their", "his", "her", "its"],
            zero_killed: vec![
                "without causing any casualties", "without causing casualties", "without causing any victims", "no casualties", "no one was killed", "nobody was killed", "no one was hurt",
                "no deaths", "no fatalities", "no one was injured", "no casualties were reported", "no victims", "without casualties", "no loss of life", "no lives were lost",
            ],
            subset_markers: vec!["including", "includes", "among", "of"],
            source_nouns: vec!["source", "sources", "document", "army", "ministry", "government", "officials", "official", "residents", "resident", "witnesses", "witness", "hospital", "military", "police", "spokesman", "spokesperson", "statement", "authorities", "report", "reports", "un", "ngo", "acled", "mayor", "governor", "junta", "staff", "communique", "colonel", "doctors", "medics", "jnim", "group"],
            source_intro: vec![&["according", "to"], &["citing"], &["said"], &["says"], &["reports"], &["reported"], &["told"]],
            clause_breaks: vec![";", "although", "while", "but", "whereas", "however"],
        }
    }

    fn victim_group(&self, norm: &str) -> Option<Group> {
        self.victim_nouns.iter().find(|(w, _)| *w == norm).map(|(_, g)| *g)
    }
    fn side_of_modifier(&self, norm: &str) -> Option<Group> {
        self.side_modifiers.iter().find(|(w, _)| *w == norm).map(|(_, g)| *g)
    }
}

/// A noun phrase of victims after a number: "Malian soldiers", "members of the civil defense force".
#[derive(Debug, Clone, Copy)]
struct VictimPhrase {
    group: Group,
    /// One past its last token.
    end: usize,
    /// A kind stated inside the phrase ("six dead soldiers").
    kind: Option<CasualtyKind>,
}

fn is_punct(t: &Token) -> bool {
    t.kind == TokenKind::Punct
}

fn is_quote(t: &Token) -> bool {
    matches!(t.norm.as_str(), "\"" | "'" | "«" | "»")
}

/// Parse the victims after a number ending at token `i`. `None` when a noun follows that is no
/// victim ("three terrorist pick-ups", "20 years", "70 kilometres").
fn victim_phrase(tokens: &[Token], mut i: usize, lex: &CasualtyLexicon, vague: bool) -> Option<VictimPhrase> {
    if vague && tokens.get(i).is_some_and(|t| t.is("of")) {
        i += 1;
    }
    let start = i;
    let mut head: Option<(usize, Group)> = None;
    let mut modifier_side: Option<Group> = None;
    let mut kind = None;
    let mut j = i;
    while j < tokens.len() && j < start + 6 {
        let t = &tokens[j];
        if is_quote(t) {
            j += 1;
            continue;
        }
        if !t.is_word() || lex.stop_words.contains(&t.norm.as_str()) {
            break;
        }
        // "six dead soldiers": a kind word before a head noun.
        if head.is_none() && kind.is_none() && (t.is("dead") || t.is("wounded") || t.is("injured")) {
            let next_is_noun = tokens.get(j + 1).is_some_and(|n| lex.victim_group(&n.norm).is_some() && n.norm != "dead");
            if next_is_noun {
                kind = Some(if t.is("dead") { CasualtyKind::Killed } else { CasualtyKind::Wounded });
                j += 1;
                continue;
            }
            break;
        }
        if lex.killed_words.contains(&t.norm.as_str()) || lex.wounded_words.contains(&t.norm.as_str()) || lex.auxiliaries.contains(&t.norm.as_str()) {
            break;
        }
        // "70 deaths", "200 injuries": the noun is the kind.
        if head.is_none() && j == start {
            if lex.death_nouns.contains(&t.norm.as_str()) && lex.victim_group(&t.norm).is_none() {
                return Some(VictimPhrase { group: Group::Unspecified, end: j + 1, kind: Some(CasualtyKind::Killed) });
            }
            if lex.injury_nouns.contains(&t.norm.as_str()) && lex.victim_group(&t.norm).is_none() {
                return Some(VictimPhrase { group: Group::Unspecified, end: j + 1, kind: Some(CasualtyKind::Wounded) });
            }
        }
        if let Some(g) = lex.victim_group(&t.norm) {
            head = Some((j, g));
        } else if head.is_some() {
            // A word after the head that is no victim noun: the head was a modifier
            // ("terrorist pick-ups") unless it is a verb form we stop at.
            return None;
        }
        if let Some(g) = lex.side_of_modifier(&t.norm) {
            if g != Group::Unspecified {
                modifier_side.get_or_insert(g);
            }
        }
        j += 1;
    }
    let (h, mut group) = match head {
        Some(h) => h,
        None if j == start => return Some(VictimPhrase { group: Group::Unspecified, end: start, kind }),
        None => return None,
    };
    let mut end = h + 1;
    // "members of the civil defense force", "soldiers of the Malian army"
    if tokens.get(end).is_some_and(|t| t.is("of")) {
        let mut k = end + 1;
        let mut side = None;
        while k < tokens.len() && k < end + 6 && tokens[k].is_word() && (tokens[k].is("the") || !lex.stop_words.contains(&tokens[k].norm.as_str())) {
            if let Some(g) = lex.side_of_modifier(&tokens[k].norm).or_else(|| lex.victim_group(&tokens[k].norm)) {
                if g != Group::Unspecified {
                    side = Some(g);
                }
            }
            k += 1;
        }
        if let Some(g) = side {
            if lex.generic_heads.contains(&tokens[h].norm.as_str()) {
                group = g;
            }
            end = k;
        }
    }
    if lex.generic_heads.contains(&tokens[h].norm.as_str()) {
        if let Some(g) = modifier_side {
            if group == Group::Unspecified || group == Group::Civilians {
                group = g;
            }
        }
    }
    Some(VictimPhrase { group, end, kind })
}

/// The casualty kind stated right after a phrase: "were killed", "died", "dead", "wounded".
fn kind_after(tokens: &[Token], mut i: usize, lex: &CasualtyLexicon) -> Option<(CasualtyKind, usize)> {
    let mut steps = 0;
    while i < tokens.len() && steps < 5 {
        let t = &tokens[i];
        if t.is("lost") && tokens.get(i + 1).is_some_and(|n| n.is("their")) && tokens.get(i + 2).is_some_and(|n| n.is("lives")) {
            return Some((CasualtyKind::Killed, i + 3));
        }
        if t.is("lost") {
            return None;
        }
        if lex.killed_words.contains(&t.norm.as_str()) {
            // "shot" alone is not a death ("shot and wounded").
            if t.is("shot") && !tokens.get(i + 1).is_some_and(|n| n.is("dead")) {
                return None;
            }
            return Some((CasualtyKind::Killed, i + 1));
        }
        if lex.wounded_words.contains(&t.norm.as_str()) {
            return Some((CasualtyKind::Wounded, i + 1));
        }
        if !lex.auxiliaries.contains(&t.norm.as_str()) {
            return None;
        }
        i += 1;
        steps += 1;
    }
    None
}

/// The casualty kind an active verb or noun before the number gives: "killing", "left",
/// "the deaths of", "death toll … of". `qstart` is the first token of the quantity.
fn kind_before(tokens: &[Token], qstart: usize, lex: &CasualtyLexicon) -> Option<Before> {
    let prev = |k: usize| qstart.checked_sub(k).and_then(|i| tokens.get(i));
    let p1 = prev(1)?;
    if lex.kill_verbs.contains(&p1.norm.as_str()) {
        // "claiming"/"claimed"/"took" only as "claimed the lives of": handled below.
        if !["claiming", "claimed", "took"].contains(&p1.norm.as_str()) {
            return Some(Before::Kind(CasualtyKind::Killed));
        }
    }
    if lex.wound_verbs.contains(&p1.norm.as_str()) {
        return Some(Before::Kind(CasualtyKind::Wounded));
    }
    if lex.leave_verbs.contains(&p1.norm.as_str()) {
        return Some(Before::Leave);
    }
    if p1.is("of") {
        if let Some(p2) = prev(2) {
            if lex.death_of_nouns.contains(&p2.norm.as_str()) {
                if p2.is("lives") {
                    return Some(Before::Kind(CasualtyKind::Killed));
                }
                return Some(Before::Kind(CasualtyKind::Killed));
            }
            if p2.is("toll") || p2.is("tally") {
                return Some(Before::Kind(CasualtyKind::Killed));
            }
        }
    }
    // "the death toll rose to", "the toll stood at", "the death toll may be", "a toll of"
    for back in 1..=5 {
        let Some(t) = prev(back) else { break };
        if is_punct(t) && !is_quote(t) {
            break;
        }
        if lex.toll_nouns.contains(&t.norm.as_str()) {
            let death = t.is("toll") || prev(back + 1).is_some_and(|p| p.is("death") || p.is("casualty") || p.is("human"));
            if death {
                return Some(Before::Kind(CasualtyKind::Killed));
            }
        }
    }
    None
}

enum Before {
    Kind(CasualtyKind),
    /// "left"/"leaving": the kind comes after the victims ("left 12 dead").
    Leave,
}

/// One part of a list of victims.
#[derive(Debug, Clone, Copy)]
struct Part {
    quantity: Quantity,
    group: Group,
    kind: Option<CasualtyKind>,
    /// Token index of the quantity's first token.
    start: usize,
    end: usize,
    /// Separated from the part before by a comma (not "and").
    after_comma: bool,
}

/// A quantity with its victims at token `i`, if there is one.
fn part_at(tokens: &[Token], i: usize, nlex: &NumberLexicon, lex: &CasualtyLexicon) -> Option<Part> {
    // "a soldier", "an officer": articles count as one only before a victim noun.
    let article = tokens.get(i).is_some_and(|t| t.is("a") || t.is("an"));
    // "no one was killed" states a zero, handled apart.
    if i > 0 && tokens[i - 1].is_any(&["no", "not", "none"]) {
        return None;
    }
    let q = quantity_at(tokens, i, nlex, article)?;
    let vague = q.quantity.qualifier == Qualifier::AtLeast && tokens.get(q.number_start).is_some_and(|t| nlex.vague.contains_key(t.norm.as_str()));
    // Partitives are not figures: "three of the people killed", "five of whom".
    if tokens.get(q.end).is_some_and(|t| t.is("of")) && !vague {
        let next = tokens.get(q.end + 1);
        if next.is_some_and(|t| t.is_any(&["the", "them", "whom", "those", "these", "which", "their", "its", "his"])) {
            return None;
        }
    }
    let phrase = victim_phrase(tokens, q.end, lex, vague)?;
    if article && phrase.end == q.end {
        return None;
    }
    // A bare number followed by a noun we do not know ("20 years", "70 kilometres") was
    // rejected by victim_phrase; a bare number followed by a unit-like punctuation is fine.
    Some(Part { quantity: q.quantity, group: phrase.group, kind: phrase.kind, start: q.start, end: phrase.end, after_comma: false })
}

/// Parts joined by "and" or "," after a first part.
fn list_from(tokens: &[Token], first: Part, nlex: &NumberLexicon, lex: &CasualtyLexicon) -> Vec<Part> {
    let mut parts = vec![first];
    let mut i = first.end;
    loop {
        if parts.last().is_some_and(|p| p.kind.is_some()) {
            break;
        }
        let mut k = i;
        let mut comma = false;
        while k < tokens.len() && (tokens[k].is(",") || tokens[k].is("and") || is_quote(&tokens[k])) {
            comma |= tokens[k].is(",");
            k += 1;
        }
        if k == i || k >= tokens.len() {
            break;
        }
        match part_at(tokens, k, nlex, lex) {
            Some(mut p) if p.end > p.start => {
                // A part with no noun ("and 255 were injured") starts a new figure.
                if p.end == k + 1 && lex.victim_group(&tokens[k].norm).is_none() && tokens.get(p.end).is_some_and(|t| !t.is_word() || lex.auxiliaries.contains(&t.norm.as_str())) && p.group == Group::Unspecified {
                    let q_end = quantity_at(tokens, k, nlex, false).map(|q| q.end).unwrap_or(k + 1);
                    if q_end == p.end {
                        break;
                    }
                }
                p.after_comma = comma;
                i = p.end;
                parts.push(p);
            }
            _ => break,
        }
    }
    parts
}

fn sum(parts: &[Part]) -> Quantity {
    let low = parts.iter().fold(0u32, |a, p| a.saturating_add(p.quantity.low));
    let high = parts.iter().fold(0u32, |a, p| a.saturating_add(p.quantity.high));
    let qualifier = if parts.len() == 1 {
        parts[0].quantity.qualifier
    } else if parts.iter().all(|p| p.quantity.qualifier == Qualifier::Exact) {
        Qualifier::Exact
    } else if parts.iter().any(|p| p.quantity.qualifier == Qualifier::About) {
        Qualifier::About
    } else if low != high {
        Qualifier::Range
    } else {
        Qualifier::AtLeast
    };
    Quantity { low, high, qualifier }
}

fn group_of(parts: &[Part]) -> Group {
    let first = parts[0].group;
    if parts.iter().all(|p| p.group == first) { first } else { Group::Unspecified }
}

fn split_of(parts: &[Part]) -> Vec<(Group, Quantity)> {
    if parts.len() < 2 {
        return Vec::new();
    }
    let mut groups: Vec<Group> = parts.iter().map(|p| p.group).collect();
    groups.sort();
    groups.dedup();
    groups
        .into_iter()
        .map(|g| {
            let same: Vec<Part> = parts.iter().filter(|p| p.group == g).copied().collect();
            (g, sum(&same))
        })
        .collect()
}

/// Every casualty figure stated in one sentence. `sentence_number` is recorded on each figure.
pub fn find_figures(sentence: &str, sentence_number: usize, nlex: &NumberLexicon, lex: &CasualtyLexicon) -> Vec<Figure> {
    let tokens = tokenize(sentence);
    let sources = find_sources(sentence, &tokens, lex);
    let mut figures: Vec<(usize, Figure)> = Vec::new();

    let folded: String = tokens.iter().map(|t| t.norm.as_str()).collect::<Vec<_>>().join(" ");
    for phrase in &lex.zero_killed {
        if let Some(pos) = folded.find(phrase) {
            let tok = folded[..pos].matches(' ').count();
            figures.push((tok, Figure { kind: CasualtyKind::Killed, total: Quantity::exact(0), parts: vec![], group: Group::Unspecified, attribution: None, sentence: sentence_number }));
            break;
        }
    }

    let mut i = 0;
    while i < tokens.len() {
        let Some(first) = part_at(&tokens, i, nlex, lex) else {
            i += 1;
            continue;
        };
        if first.end == first.start {
            i += 1;
            continue;
        }
        let before = kind_before(&tokens, first.start, lex);
        let mut parts = list_from(&tokens, first, nlex, lex);
        let mut end = parts.last().map(|p| p.end).unwrap_or(first.end);
        let mut kind = parts.last().and_then(|p| p.kind);
        // After the phrase: "were killed", "dead" (also closes "left … dead").
        let after = if kind.is_none() { kind_after(&tokens, end, lex) } else { None };
        if let Some((k, e)) = after {
            // An active list cut by a passive verb belongs to two clauses: "which killed one
            // person, at least 15 soldiers … were killed".
            if matches!(before, Some(Before::Kind(_))) {
                if let Some(cut) = parts.iter().position(|p| p.after_comma) {
                    parts.truncate(cut);
                    end = parts.last().map(|p| p.end).unwrap_or(first.end);
                    kind = match before {
                        Some(Before::Kind(k)) => Some(k),
                        _ => None,
                    };
                } else {
                    kind = Some(k);
                    end = e;
                }
            } else {
                kind = Some(k);
                end = e;
            }
        }
        if kind.is_none() {
            kind = match before {
                Some(Before::Kind(k)) => Some(k),
                _ => None,
            };
        }
        // "70 deaths", "200 injuries": the noun is the kind.
        if kind.is_none() && parts.len() == 1 {
            if let Some(t) = tokens.get(first.end.saturating_sub(1)) {
                if first.end > first.start + 1 && lex.injury_nouns.contains(&t.norm.as_str()) {
                    kind = Some(CasualtyKind::Wounded);
                }
                if first.end > first.start + 1 && ["deaths", "fatalities"].contains(&t.norm.as_str()) {
                    kind = Some(CasualtyKind::Killed);
                }
            }
        }
        let Some(kind) = kind else {
            i = first.start + 1;
            continue;
        };
        let total = sum(&parts);
        let group = group_of(&parts);
        let anchor = first.start;
        figures.push((anchor, Figure { kind, total, parts: split_of(&parts), group, attribution: nearest_source(&sources, anchor, &tokens, lex), sentence: sentence_number }));
        i = end.max(first.start + 1);
        // "…, including two gendarmes and a police officer": a split of this figure.
        // The split may follow a short place phrase: "killed in Mali, including …".
        let mut k = i;
        while k < tokens.len() && k < i + 5 && !tokens[k].is_any(&["including", "among"]) && !lex.clause_breaks.contains(&tokens[k].norm.as_str()) && !tokens[k].is_any(&[".", "and", "while"]) && !lex.wound_verbs.contains(&tokens[k].norm.as_str()) && !lex.kill_verbs.contains(&tokens[k].norm.as_str()) {
            k += 1;
        }
        let subset = tokens.get(k).is_some_and(|t| t.is("including") || t.is("among"));
        if subset {
            let mut s = k + 1;
            if tokens.get(s).is_some_and(|t| t.is("them") || t.is("whom")) {
                s += 1;
            }
            while s < tokens.len() && is_quote(&tokens[s]) {
                s += 1;
            }
            if let Some(p) = part_at(&tokens, s, nlex, lex) {
                let sub = list_from(&tokens, p, nlex, lex);
                if let Some((_, fig)) = figures.last_mut() {
                    if fig.parts.is_empty() {
                        let mut split = split_of(&sub);
                        if split.is_empty() {
                            split = vec![(sub[0].group, sub[0].quantity)];
                        }
                        split.retain(|(g, _)| *g != Group::Unspecified);
                        fig.parts = split;
                    }
                }
                i = sub.last().map(|p| p.end).unwrap_or(s + 1);
            }
        }
    }
    figures.sort_by_key(|(pos, _)| *pos);
    figures.into_iter().map(|(_, f)| f).collect()
}

/// A phrase naming who gives a figure, at a token position.
#[derive(Debug, Clone)]
struct SourcePhrase {
    pos: usize,
    text: String,
}

/// Attribution phrases of a sentence: "according to the army", "a security source",
/// "an internal confidential document", "the army reports".
fn find_sources(sentence: &str, tokens: &[Token], lex: &CasualtyLexicon) -> Vec<SourcePhrase> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !lex.source_nouns.contains(&t.norm.as_str()) {
            continue;
        }
        // Only sources that speak: next to a speech word or after "according to".
        let speaks = (i.saturating_sub(6)..i).any(|k| tokens[k].is("according") || tokens[k].is("citing"))
            || tokens.get(i + 1).is_some_and(|n| n.is_any(&["said", "says", "reported", "reports", "stated", "confirmed", "told", "suggested", "suggests", "claims", "claimed", "announced", "indicated", "put", "puts", "gave", "has", "had", "counted"]))
            || tokens.get(i + 1).is_some_and(|n| n.is(","));
        if !speaks {
            continue;
        }
        // Extend left over modifiers: "an anonymous security source", "the Malian army".
        let mut s = i;
        while s > 0 && tokens[s - 1].is_word() && !["according", "to", "by", "citing", "that", "and", "said", "in"].contains(&tokens[s - 1].norm.as_str()) && !lex.clause_breaks.contains(&tokens[s - 1].norm.as_str()) && i - s < 4 {
            s -= 1;
        }
        while s < i && tokens[s].is_any(&["a", "an", "the"]) {
            s += 1;
        }
        out.push(SourcePhrase { pos: i, text: sentence[tokens[s].start..t.end].to_string() });
    }
    out
}

fn nearest_source(sources: &[SourcePhrase], pos: usize, tokens: &[Token], lex: &CasualtyLexicon) -> Option<String> {
    let clause = |p: usize| tokens[..p.min(tokens.len())].iter().filter(|t| lex.clause_breaks.contains(&t.norm.as_str())).count();
    let here = clause(pos);
    sources
        .iter()
        .filter(|s| clause(s.pos) == here)
        .min_by_key(|s| s.pos.abs_diff(pos))
        .map(|s| s.text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use CasualtyKind::*;
    use Group::*;

    fn figs(s: &str) -> Vec<Figure> {
        find_figures(s, 1, &NumberLexicon::english(), &CasualtyLexicon::english())
    }
    /// (kind, low, high, group) of every figure.
    fn brief(s: &str) -> Vec<(CasualtyKind, u32, u32, Group)> {
        figs(s).into_iter().map(|f| (f.kind, f.total.low, f.total.high, f.group)).collect()
    }

    #[test]
    fn passive_subjects() {
        assert_eq!(brief("Six people have been killed in Mali."), [(Killed, 6, 6, Unspecified)]);
        assert_eq!(brief("At least 15 Malian soldiers and three civilians were killed on Wednesday."), [(Killed, 18, 18, Unspecified)]);
        assert_eq!(brief("One soldier was killed in the attack."), [(Killed, 1, 1, SecurityForces)]);
        assert_eq!(brief("In Kaloumba, twelve people died."), [(Killed, 12, 12, Unspecified)]);
        assert_eq!(brief("77 individuals were killed and 255 were injured."), [(Killed, 77, 77, Unspecified), (Wounded, 255, 255, Unspecified)]);
        assert_eq!(brief("Seven soldiers were reportedly killed."), [(Killed, 7, 7, SecurityForces)]);
        assert_eq!(brief("Nine gendarmes lost their lives in the ambush."), [(Killed, 9, 9, SecurityForces)]);
        assert_eq!(brief("At least 40 civilians were shot dead by gunmen."), [(Killed, 40, 40, Civilians)]);
        assert_eq!(brief("Two UN peacekeepers were killed and four others seriously injured."), [(Killed, 2, 2, ForeignForces), (Wounded, 4, 4, Unspecified)]);
        assert_eq!(brief("Twenty villagers died in the raid."), [(Killed, 20, 20, Civilians)]);
        assert_eq!(brief("Dozens of civilians were killed."), [(Killed, 12, 12, Civilians)]);
        assert_eq!(brief("Between 40 and 50 people were killed, residents said."), [(Killed, 40, 50, Unspecified)]);
    }

    #[test]
    fn headline_style() {
        assert_eq!(brief("Mali: 12 killed, 30 wounded in attack on bus"), [(Killed, 12, 12, Unspecified), (Wounded, 30, 30, Unspecified)]);
        assert_eq!(brief("the army reports six dead soldiers and twenty-five wounded, five of whom are seriously."), [(Killed, 6, 6, SecurityForces), (Wounded, 25, 25, Unspecified)]);
        assert_eq!(brief("Four dead in attack on market"), [(Killed, 4, 4, Unspecified)]);
    }

    #[test]
    fn active_objects() {
        assert_eq!(brief("A police station was ambushed on June 24, killing one officer."), [(Killed, 1, 1, SecurityForces)]);
        assert_eq!(brief("The army claims to have killed 48 assailants."), [(Killed, 48, 48, Assailants)]);
        assert_eq!(brief("Gunmen killed 22 villagers in central Mali."), [(Killed, 22, 22, Civilians)]);
        assert_eq!(brief("it killed a Malian soldier and injured six, including a civilian."), [(Killed, 1, 1, SecurityForces), (Wounded, 6, 6, Unspecified)]);
        assert_eq!(brief("The blast left 12 dead."), [(Killed, 12, 12, Unspecified)]);
        assert_eq!(brief("leaving three civilians and three law enforcement officers dead, and wounding two others"), [(Killed, 6, 6, Unspecified), (Wounded, 2, 2, Unspecified)]);
        assert_eq!(brief("The assault left around 200 wounded."), [(Wounded, 200, 200, Unspecified)]);
        assert_eq!(brief("Jihadists ambushed a convoy, killing 17 soldiers and 36 VDP."), [(Killed, 53, 53, SecurityForces)]);
        assert_eq!(brief("The attack claimed the lives of 11 soldiers."), [(Killed, 11, 11, SecurityForces)]);
        assert_eq!(brief("Militants massacred more than 100 villagers."), [(Killed, 100, 100, Civilians)]);
        assert_eq!(brief("which killed one person, at least 15 Malian soldiers and three civilians were killed on Wednesday"), [(Killed, 1, 1, Unspecified), (Killed, 18, 18, Unspecified)]);
        assert_eq!(brief("The army said it neutralised about 30 terrorists."), [(Killed, 30, 30, Assailants)]);
        assert_eq!(brief("an explosive device killed two Wagner mercenaries and wounded three soldiers"), [(Killed, 2, 2, ForeignForces), (Wounded, 3, 3, SecurityForces)]);
    }

    #[test]
    fn nouns_and_tolls() {
        assert_eq!(brief("The assault resulted in the deaths of over 70 people."), [(Killed, 70, 70, Unspecified)]);
        assert_eq!(brief("resulted in over 70 deaths and approximately 200 injuries"), [(Killed, 70, 70, Unspecified), (Wounded, 200, 200, Unspecified)]);
        assert_eq!(brief("the death toll may be approximately 100, naming 81 victims."), [(Killed, 100, 100, Unspecified)]);
        assert_eq!(brief("The death toll rose to 31 on Sunday."), [(Killed, 31, 31, Unspecified)]);
        assert_eq!(brief("a provisional toll of 15 dead"), [(Killed, 15, 15, Unspecified)]);
        assert_eq!(brief("the death of approximately 50 Russian mercenaries who were ambushed"), [(Killed, 50, 50, ForeignForces)]);
        assert_eq!(brief("The killing of 20 civilians in Ogossagou drew condemnation."), [(Killed, 20, 20, Civilians)]);
    }

    #[test]
    fn parts_are_summed_and_split() {
        let f = &figs("In a statement, the ministry said two members of the civil defense force and three civilians were killed in the attack.")[0];
        assert_eq!((f.total.low, f.kind), (5, Killed));
        assert_eq!(f.parts, vec![(Civilians, Quantity::exact(3)), (SecurityForces, Quantity::exact(2))]);
        let f = &figs("Six people have been killed in Mali, including two gendarmes and a police officer, in a rare attack.")[0];
        assert_eq!(f.total.low, 6);
        assert_eq!(f.parts, vec![(SecurityForces, Quantity::exact(3))]);
        let f = &figs("twelve people died, including “three civilians from a road construction company”according to the statement")[0];
        assert_eq!(f.parts, vec![(Civilians, Quantity::exact(3))]);
        let f = &figs("at least 15 soldiers and three civilians were killed")[0];
        assert_eq!(f.total.qualifier, Qualifier::AtLeast);
    }

    #[test]
    fn zero_casualties() {
        assert_eq!(brief("A third attack took place overnight in Mopti, without causing any casualties, according to the same source."), [(Killed, 0, 0, Unspecified)]);
        assert_eq!(brief("No one was killed in the attack."), [(Killed, 0, 0, Unspecified)]);
    }

    #[test]
    fn not_casualties() {
        assert!(brief("Three of the people killed were members of security forces and three were civilians.").is_empty());
        assert!(brief("Mali in July detained 46 Ivorian troops and accused them of being mercenaries.").is_empty());
        assert!(brief("A Malian court sentenced the soldiers to 20 years in prison.").is_empty());
        assert!(brief("funerals for approximately 50 military police students would take place on Thursday.").is_empty());
        assert!(brief("neutralized three terrorist pick-ups 15 km from Sokolo with occupants estimated at around fifteen fighters").is_empty());
        assert!(brief("at least 15 soldiers were deployed in three new attacks").is_empty());
        assert!(brief("about 70km (43 miles) from the capital").is_empty());
        assert!(brief("An AP reporter heard two explosions.").is_empty());
        assert!(brief("killed 12 km from Gao").is_empty());
        assert!(brief("The group has killed soldiers since 2012.").is_empty());
    }

    #[test]
    fn attribution() {
        let f = figs("An anonymous security source has confirmed that 77 individuals were killed and 255 were injured, although an internal confidential document suggested that the death toll may be approximately 100.");
        let a: Vec<_> = f.iter().map(|f| (f.total.low, f.attribution.clone())).collect();
        assert_eq!(a[0], (77, Some("anonymous security source".into())));
        assert_eq!(a[2], (100, Some("internal confidential document".into())));
        let f = figs("At least 20 people were killed, according to local officials.");
        assert_eq!(f[0].attribution.as_deref(), Some("local officials"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in ["", "killed", "killing", "a", "between", "between 5 and", "of whom", "“”", "élu à 5 morts", "1,2,3,4 killed", "99999999999999999999 killed", "—killed 5—"] {
            let _ = figs(s);
        }
    }
}
