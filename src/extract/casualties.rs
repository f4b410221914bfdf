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
//! side; "including …" gives a split of the figure before it (and, when it names its own attack,
//! "including 27 during an attack on Mondoro", that attack's toll as well).
//!
//! Rules that decide what a figure means (ACLED practice where it has one):
//! - Missing are not dead: "21 dead or missing", "killed or wounded", "killed and injured" are
//!   counts of two fates together and give no figure at all.
//! - Partitives: over the dead themselves ("three of the dead", "three of the people killed",
//!   "five of whom") they are a split of a stated toll, no figure; over a side's members ("one
//!   of its soldiers") a toll; over a definite set ("12 of the faithful dead at the scene") a
//!   `Partial` figure; over the wounded who died ("two of the wounded later died") an
//!   `Additional` one.
//! - Additions (`FigureRole::Additional`): "three others died later", "two more soldiers
//!   succumbed", "were also killed", "died of their wounds", "another soldier died". "Other(s)"
//!   after another figure of the same sentence only sets the people apart ("one soldier died and
//!   10 other people were wounded") and is a plain toll.
//! - Parts (`FigureRole::Partial`): definite partitives, counts of demographic subgroups only
//!   ("dozens of women and 56 children"), vague counts ("dozens of soldiers").
//! - `resolve_roles` applies these per report: additions are added to the figure before them,
//!   parts give way to a stated toll.

use super::numbers::{NumberLexicon, quantity_at};
use super::text::{Token, TokenKind, tokenize};
use crate::model::{CasualtyKind, Figure, FigureRole, Group, Qualifier, Quantity};

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
    /// Adverbs that end a victim phrase ("one of its soldiers there had died").
    pub phrase_enders: Vec<&'static str>,
    /// Words saying the people are beyond those counted before: "others", "more", "another".
    pub other_words: Vec<&'static str>,
    /// Demographic subgroups ("women", "children"): a count of them alone is usually part of a toll.
    pub subgroup_nouns: Vec<&'static str>,
    /// Words opening a modifier between victims and their verb ("in", "with", "from").
    pub modifier_openers: Vec<&'static str>,
    /// Verbs that make a count of bodies a death toll ("21 bodies were found").
    pub body_verbs: Vec<&'static str>,
    /// Fates that are not death: "dead or missing" is no death toll.
    pub missing_words: Vec<&'static str>,
    /// Adverbs before the verb that make a figure an addition ("were also killed", "later died").
    pub additive_adverbs: Vec<&'static str>,
    /// Verbs that kill only with "lives" as object ("claimed nine lives", "cost 12 lives").
    pub life_verbs: Vec<&'static str>,
    /// Nouns naming the dead themselves: "three of the dead" is a split, not a figure.
    pub casualty_set_nouns: Vec<&'static str>,
    /// Nouns of an attack: a split followed by "during an attack on …" is that attack's own toll.
    pub attack_nouns: Vec<&'static str>,
    /// Which of `zero_killed` occur in a sentence: only those are searched for.
    zero_killed_finder: super::text::PhraseSet,
}

impl CasualtyLexicon {
    pub fn english() -> CasualtyLexicon {
        use Group::*;
        let civ = [
            "civilian",
            "civilians",
            "villager",
            "villagers",
            "resident",
            "residents",
            "worshipper",
            "worshippers",
            "women",
            "woman",
            "children",
            "child",
            "girls",
            "boys",
            "farmers",
            "farmer",
            "herders",
            "herder",
            "traders",
            "trader",
            "workers",
            "worker",
            "passengers",
            "passenger",
            "pupils",
            "students",
            "student",
            "teachers",
            "teacher",
            "miners",
            "displaced",
            "refugees",
            "faithful",
            "elderly",
            "babies",
            "baby",
            "infants",
            "infant",
            "minors",
            "teenagers",
            "girl",
            "boy",
            "foreigners",
            "foreigner",
            "tourists",
            "expatriates",
            "hostages",
            "congregants",
            "churchgoers",
            "pilgrims",
            "nationals",
            "men",
            "man",
            "elders",
            "chief",
            "imam",
            "pastor",
            "priest",
            "journalist",
            "journalists",
            "drivers",
            "driver",
            "travellers",
            "travelers",
            "shepherds",
            "fishermen",
            "merchants",
            "vendors",
            "mourners",
            "guests",
        ];
        let sf = [
            "soldier",
            "soldiers",
            "troops",
            "trooper",
            "troopers",
            "gendarme",
            "gendarmes",
            "police",
            "policeman",
            "policemen",
            "officer",
            "officers",
            "policemen",
            "servicemen",
            "serviceman",
            "guards",
            "guard",
            "militiamen",
            "militiaman",
            "volunteers",
            "volunteer",
            "vdp",
            "dozo",
            "dozos",
            "hunters",
            "auxiliaries",
            "recruits",
            "cadets",
            "paratroopers",
            "commandos",
            "customs",
            "personnel",
            "fama",
            "military",
            "army",
            "forest",
            "rangers",
            "ranger",
            "colonel",
            "captain",
            "lieutenant",
            "commander",
            "sergeant",
            "general",
        ];
        let foreign = [
            "mercenaries",
            "mercenary",
            "peacekeepers",
            "peacekeeper",
            "wagner",
            "instructors",
            "contractors",
            "legionnaires",
            "blue helmets",
        ];
        let assail = [
            "assailants",
            "assailant",
            "attackers",
            "attacker",
            "terrorists",
            "terrorist",
            "militants",
            "militant",
            "jihadists",
            "jihadist",
            "insurgents",
            "insurgent",
            "gunmen",
            "gunman",
            "fighters",
            "fighter",
            "rebels",
            "rebel",
            "bandits",
            "bandit",
            "extremists",
            "extremist",
            "assaillants",
            "islamists",
            "raiders",
            "kamikazes",
            "bombers",
            "bomber",
            "enemy",
            "enemies",
        ];
        let unspec = [
            "people",
            "persons",
            "person",
            "individuals",
            "individual",
            "others",
            "victims",
            "victim",
            "bodies",
            "members",
            "member",
            "lives",
            "dead",
            "casualties",
            "corpses",
            "elements",
            "more",
        ];
        let mut victim_nouns: Vec<(&'static str, Group)> = Vec::new();
        victim_nouns.extend(civ.iter().map(|w| (*w, Civilians)));
        victim_nouns.extend(sf.iter().map(|w| (*w, SecurityForces)));
        victim_nouns.extend(foreign.iter().map(|w| (*w, ForeignForces)));
        victim_nouns.extend(assail.iter().map(|w| (*w, Assailants)));
        victim_nouns.extend(unspec.iter().map(|w| (*w, Unspecified)));
        let side_modifiers = vec![
            ("military", SecurityForces),
            ("police", SecurityForces),
            ("army", SecurityForces),
            ("security", SecurityForces),
            ("defense", SecurityForces),
            ("defence", SecurityForces),
            ("gendarmerie", SecurityForces),
            ("law", SecurityForces),
            ("enforcement", SecurityForces),
            ("government", SecurityForces),
            ("malian", Unspecified),
            ("civil", SecurityForces),
            ("militia", SecurityForces),
            ("vdp", SecurityForces),
            ("forces", SecurityForces),
            ("force", SecurityForces),
            ("russian", ForeignForces),
            ("wagner", ForeignForces),
            ("un", ForeignForces),
            ("peacekeeping", ForeignForces),
            ("minusma", ForeignForces),
            ("civilian", Civilians),
            ("jihadist", Assailants),
            ("terrorist", Assailants),
            ("militant", Assailants),
            ("armed", Assailants),
            ("enemy", Assailants),
        ];
        CasualtyLexicon {
            victim_nouns,
            side_modifiers,
            generic_heads: vec![
                "people",
                "persons",
                "person",
                "individuals",
                "individual",
                "members",
                "member",
                "personnel",
                "students",
                "student",
                "men",
                "man",
                "others",
                "victims",
                "lives",
                "recruits",
                "cadets",
                "elements",
                "agents",
                "staff",
                "workers",
            ],
            killed_words: vec![
                "killed",
                "dead",
                "died",
                "slain",
                "perished",
                "murdered",
                "executed",
                "massacred",
                "lost",
                "beheaded",
                "shot",
                "slaughtered",
                "neutralised",
                "neutralized",
                "succumbed",
                "fell",
                "fallen",
                "fall",
                "assassinated",
                "lynched",
            ],
            wounded_words: vec!["wounded", "injured", "hurt", "maimed"],
            auxiliaries: vec![
                "was",
                "were",
                "have",
                "has",
                "had",
                "been",
                "are",
                "is",
                "be",
                "being",
                "reportedly",
                "also",
                "all",
                "later",
                "allegedly",
                "subsequently",
                "both",
                "then",
                "left",
                "now",
                "confirmed",
                "feared",
                "believed",
                "to",
                "said",
                "seriously",
                "critically",
                "gravely",
                "slightly",
                "fatally",
                "who",
                "that",
                "there",
                "here",
                "found",
                "reported",
                "declared",
                "since",
                "eventually",
                "instantly",
                "immediately",
                "yesterday",
                "today",
                "overnight",
                "tragically",
            ],
            kill_verbs: vec![
                "killing",
                "killed",
                "kill",
                "kills",
                "massacred",
                "massacring",
                "neutralised",
                "neutralized",
                "neutralising",
                "neutralizing",
                "slaughtered",
                "slaughtering",
                "executed",
                "executing",
                "murdered",
                "murdering",
                "shot",
                "shooting",
                "beheaded",
                "claiming",
                "claimed",
                "took",
            ],
            wound_verbs: vec![
                "wounding", "wounded", "injuring", "injured", "injures", "wounds", "maiming",
                "hurting",
            ],
            leave_verbs: vec!["left", "leaving", "leaves", "leave"],
            death_of_nouns: vec![
                "deaths",
                "death",
                "killing",
                "killings",
                "bodies",
                "lives",
                "massacre",
                "murder",
                "murders",
                "execution",
                "executions",
            ],
            death_nouns: vec![
                "deaths",
                "dead",
                "fatalities",
                "killed",
                "lives",
                "bodies",
                "victims",
            ],
            injury_nouns: vec!["injuries", "injured", "wounded"],
            toll_nouns: vec!["toll", "count", "tally"],
            stop_words: vec![
                "of",
                "in",
                "on",
                "at",
                "from",
                "near",
                "by",
                "during",
                "after",
                "before",
                "with",
                "when",
                "who",
                "which",
                "that",
                "and",
                "or",
                "but",
                "while",
                "as",
                "to",
                "for",
                "into",
                "were",
                "was",
                "have",
                "has",
                "had",
                "are",
                "is",
                "been",
                "be",
                "said",
                "says",
                "according",
                "including",
                "whom",
                "whose",
                "where",
                "since",
                "this",
                "last",
                "the",
                "a",
                "an",
                "their",
                "his",
                "her",
                "its",
                "among",
                "amongst",
            ],
            zero_killed: vec![
                "without causing any casualties",
                "without causing casualties",
                "without causing any victims",
                "no casualties",
                "no one was killed",
                "nobody was killed",
                "no one was hurt",
                "no deaths",
                "no fatalities",
                "no one was injured",
                "no casualties were reported",
                "no victims",
                "without casualties",
                "no loss of life",
                "no lives were lost",
            ],
            subset_markers: vec!["including", "includes", "among", "of"],
            source_nouns: vec![
                "source",
                "sources",
                "document",
                "army",
                "ministry",
                "government",
                "officials",
                "official",
                "residents",
                "resident",
                "witnesses",
                "witness",
                "hospital",
                "military",
                "police",
                "spokesman",
                "spokesperson",
                "statement",
                "authorities",
                "report",
                "reports",
                "un",
                "ngo",
                "acled",
                "mayor",
                "governor",
                "junta",
                "staff",
                "communique",
                "colonel",
                "doctors",
                "medics",
                "jnim",
                "group",
            ],
            source_intro: vec![
                &["according", "to"],
                &["citing"],
                &["said"],
                &["says"],
                &["reports"],
                &["reported"],
                &["told"],
            ],
            clause_breaks: vec![";", "although", "while", "but", "whereas", "however"],
            phrase_enders: vec!["there", "here", "yesterday", "today", "overnight"],
            other_words: vec![
                "others",
                "other",
                "more",
                "another",
                "additional",
                "further",
            ],
            subgroup_nouns: vec![
                "women",
                "woman",
                "children",
                "child",
                "girls",
                "girl",
                "boys",
                "boy",
                "elderly",
                "babies",
                "baby",
                "infants",
                "infant",
                "minors",
                "teenagers",
            ],
            modifier_openers: vec![
                "in",
                "from",
                "with",
                "of",
                "near",
                "at",
                "on",
                "aboard",
                "inside",
                "belonging",
            ],
            body_verbs: vec![
                "found",
                "recovered",
                "discovered",
                "buried",
                "retrieved",
                "exhumed",
                "counted",
                "collected",
                "removed",
                "identified",
            ],
            missing_words: vec![
                "missing",
                "disappeared",
                "abducted",
                "kidnapped",
                "captured",
                "unaccounted",
            ],
            additive_adverbs: vec!["later", "subsequently", "also", "since", "eventually"],
            life_verbs: vec![
                "claiming", "claimed", "claim", "claims", "took", "taking", "cost", "costing",
                "costs",
            ],
            casualty_set_nouns: vec![
                "dead",
                "victims",
                "victim",
                "casualties",
                "bodies",
                "fatalities",
                "deceased",
                "killed",
                "deaths",
                "slain",
                "corpses",
            ],
            attack_nouns: vec![
                "attack",
                "ambush",
                "raid",
                "assault",
                "strike",
                "bombing",
                "massacre",
                "offensive",
                "attacks",
                "raids",
                "strikes",
            ],
            zero_killed_finder: Default::default(),
        }
    }

    fn victim_group(&self, norm: &str) -> Option<Group> {
        self.victim_nouns
            .iter()
            .find(|(w, _)| *w == norm)
            .map(|(_, g)| *g)
    }
    fn side_of_modifier(&self, norm: &str) -> Option<Group> {
        self.side_modifiers
            .iter()
            .find(|(w, _)| *w == norm)
            .map(|(_, g)| *g)
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
    marks: Marks,
}

/// What the words of a victim phrase say beyond the side.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    /// "others", "more", "another", "additional", "further": people beyond those counted before.
    other: bool,
    /// The head is "bodies"/"corpses": "21 bodies were found" is a death toll.
    bodies: bool,
    /// The head is "lives": "claimed nine lives", "12 lives were lost".
    lives: bool,
    /// Every head is a demographic subgroup ("women and children"): usually a part of a toll.
    subgroup: bool,
}

fn is_punct(t: &Token) -> bool {
    t.kind == TokenKind::Punct
}

fn is_quote(t: &Token) -> bool {
    matches!(t.norm.as_str(), "\"" | "'" | "«" | "»")
}

/// A participle or gerund after a head noun ("volunteers assisting the army", "bodies
/// discovered"): it ends the noun phrase rather than making the head a modifier.
fn is_verb_form(t: &Token) -> bool {
    t.is_word() && t.norm.chars().count() > 4 && (t.norm.ends_with("ing") || t.norm.ends_with("ed"))
}

/// Parse the victims after a number ending at token `i`. `None` when a noun follows that is no
/// victim ("three terrorist pick-ups", "20 years", "70 kilometres").
fn victim_phrase(
    tokens: &[Token],
    mut i: usize,
    lex: &CasualtyLexicon,
    vague: bool,
) -> Option<VictimPhrase> {
    if vague && tokens.get(i).is_some_and(|t| t.is("of")) {
        i += 1;
        // "several dozen of the fighters" is "several dozen fighters".
        if tokens
            .get(i)
            .is_some_and(|t| t.is_any(&["the", "their", "its"]))
        {
            i += 1;
        }
    }
    let start = i;
    let mut head: Option<(usize, Group)> = None;
    let mut modifier_side: Option<Group> = None;
    let mut kind = None;
    let mut marks = Marks::default();
    let mut j = i;
    while j < tokens.len() && j < start + 6 {
        let t = &tokens[j];
        if is_quote(t) {
            j += 1;
            continue;
        }
        if !t.is_word()
            || lex.stop_words.contains(&t.norm.as_str())
            || lex.phrase_enders.contains(&t.norm.as_str())
        {
            break;
        }
        // "six dead soldiers": a kind word before a head noun.
        if head.is_none()
            && kind.is_none()
            && (t.is("dead") || t.is("wounded") || t.is("injured") || t.is("slain"))
        {
            let next_is_noun = tokens
                .get(j + 1)
                .is_some_and(|n| lex.victim_group(&n.norm).is_some() && n.norm != "dead");
            if next_is_noun {
                kind = Some(if t.is("dead") || t.is("slain") {
                    CasualtyKind::Killed
                } else {
                    CasualtyKind::Wounded
                });
                j += 1;
                continue;
            }
            break;
        }
        if lex.killed_words.contains(&t.norm.as_str())
            || lex.wounded_words.contains(&t.norm.as_str())
            || lex.auxiliaries.contains(&t.norm.as_str())
        {
            break;
        }
        // "70 deaths", "200 injuries": the noun is the kind.
        if head.is_none() && j == start {
            if lex.death_nouns.contains(&t.norm.as_str()) && lex.victim_group(&t.norm).is_none() {
                return Some(VictimPhrase {
                    group: Group::Unspecified,
                    end: j + 1,
                    kind: Some(CasualtyKind::Killed),
                    marks,
                });
            }
            if lex.injury_nouns.contains(&t.norm.as_str()) && lex.victim_group(&t.norm).is_none() {
                return Some(VictimPhrase {
                    group: Group::Unspecified,
                    end: j + 1,
                    kind: Some(CasualtyKind::Wounded),
                    marks,
                });
            }
        }
        if lex.other_words.contains(&t.norm.as_str()) {
            marks.other = true;
        }
        if let Some(g) = lex.victim_group(&t.norm) {
            head = Some((j, g));
        } else if head.is_some() {
            // A participle ends the phrase ("volunteers assisting the army"); any other word
            // after the head means the head was a modifier ("terrorist pick-ups").
            if is_verb_form(t) {
                break;
            }
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
        None if j == start => {
            return Some(VictimPhrase {
                group: Group::Unspecified,
                end: start,
                kind,
                marks,
            });
        }
        None => return None,
    };
    marks.bodies = tokens[h].is_any(&["bodies", "corpses"]);
    marks.lives = tokens[h].is("lives");
    marks.subgroup = lex.subgroup_nouns.contains(&tokens[h].norm.as_str());
    let mut end = h + 1;
    // "members of the civil defense force", "soldiers of the Malian army"
    if tokens.get(end).is_some_and(|t| t.is("of")) {
        let mut k = end + 1;
        let mut side = None;
        while k < tokens.len()
            && k < end + 6
            && tokens[k].is_word()
            && (tokens[k].is_any(&["the", "a", "an", "its", "their"])
                || !lex.stop_words.contains(&tokens[k].norm.as_str()))
        {
            if let Some(g) = lex
                .side_of_modifier(&tokens[k].norm)
                .or_else(|| lex.victim_group(&tokens[k].norm))
            {
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
    // "civilians and soldiers", "women and children": nouns joined without a number of their own.
    if tokens.get(end).is_some_and(|t| t.is_any(&["and", "or"])) {
        let mut k = end + 1;
        while k < tokens.len()
            && k < end + 4
            && tokens[k].is_word()
            && !lex.stop_words.contains(&tokens[k].norm.as_str())
            && lex.victim_group(&tokens[k].norm).is_none()
            && lex.side_of_modifier(&tokens[k].norm).is_some()
        {
            k += 1;
        }
        if let Some(g2) = tokens.get(k).and_then(|t| lex.victim_group(&t.norm)) {
            let dead_or_wounded = tokens[k].is_any(&["dead", "wounded", "injured", "missing"]);
            if !dead_or_wounded {
                if g2 != group {
                    group = Group::Unspecified;
                }
                marks.subgroup &= lex.subgroup_nouns.contains(&tokens[k].norm.as_str());
                end = k + 1;
            }
        }
    }
    if lex.generic_heads.contains(&tokens[h].norm.as_str()) {
        if let Some(g) = modifier_side {
            if group == Group::Unspecified || group == Group::Civilians {
                group = g;
            }
        }
    }
    Some(VictimPhrase {
        group,
        end,
        kind,
        marks,
    })
}

/// The kind stated after a victim phrase, with what the words around it say.
#[derive(Debug, Clone, Copy)]
struct After {
    kind: CasualtyKind,
    /// One past the kind word.
    end: usize,
    /// "later", "also", "succumbed", "died of their wounds": deaths beyond a toll stated before.
    additional: bool,
}

/// Why no kind was read after a phrase.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NoKind {
    /// Nothing that states a casualty.
    None,
    /// A count of two kinds together ("dead or missing", "killed or wounded"): no figure at all,
    /// since ACLED counts neither missing nor wounded people as dead.
    Combined,
}

/// Skip a modifier between a victim phrase and its verb: a prepositional phrase ("in Burkina
/// Faso's anti-jihadist campaign", "with the army") or a participle phrase ("assisting the
/// military"). Returns the index after it, or `i` when there is none.
fn skip_modifier(tokens: &[Token], i: usize, lex: &CasualtyLexicon) -> usize {
    let Some(t) = tokens.get(i) else { return i };
    let opens = lex.modifier_openers.contains(&t.norm.as_str())
        || (is_verb_form(t)
            && t.norm.ends_with("ing")
            && !lex.kill_verbs.contains(&t.norm.as_str())
            && !lex.wound_verbs.contains(&t.norm.as_str()));
    if !opens {
        return i;
    }
    let mut k = i + 1;
    while k < tokens.len() && k < i + 9 {
        let w = &tokens[k];
        if lex.auxiliaries.contains(&w.norm.as_str())
            || lex.killed_words.contains(&w.norm.as_str())
            || lex.wounded_words.contains(&w.norm.as_str())
        {
            return k;
        }
        if (!w.is_word() && !is_quote(w)) || w.kind == TokenKind::Number {
            return i;
        }
        k += 1;
    }
    i
}

/// The casualty kind stated right after a phrase: "were killed", "died", "dead", "wounded",
/// "were shot dead", "were burned to death"; for bodies "were found"; for lives "were lost".
fn kind_after(
    tokens: &[Token],
    start: usize,
    lex: &CasualtyLexicon,
    marks: Marks,
) -> Result<After, NoKind> {
    let mut i = start;
    let mut additional = false;
    let mut skipped = false;
    let mut steps = 0;
    while i < tokens.len() && steps < 7 {
        let t = &tokens[i];
        if is_quote(t) {
            i += 1;
            continue;
        }
        if steps == 0 && !skipped {
            let k = skip_modifier(tokens, i, lex);
            if k > i {
                skipped = true;
                i = k;
                // After a skipped modifier a relative pronoun starts another clause
                // ("20 soldiers in an attack that killed three").
                if tokens
                    .get(i)
                    .is_some_and(|w| w.is_any(&["that", "who", "which"]))
                {
                    return Err(NoKind::None);
                }
                continue;
            }
        }
        let next = |k: usize| tokens.get(i + k);
        if t.is("lost") {
            if next(1).is_some_and(|n| n.is_any(&["their", "his", "her"]))
                && next(2).is_some_and(|n| n.is_any(&["lives", "life"]))
            {
                return Ok(After {
                    kind: CasualtyKind::Killed,
                    end: i + 3,
                    additional,
                });
            }
            if marks.lives {
                return Ok(After {
                    kind: CasualtyKind::Killed,
                    end: i + 1,
                    additional,
                });
            }
            return Err(NoKind::None);
        }
        if marks.bodies && lex.body_verbs.contains(&t.norm.as_str()) {
            return Ok(After {
                kind: CasualtyKind::Killed,
                end: i + 1,
                additional,
            });
        }
        // "burned to death", "hacked to death"; "gunned down".
        if t.is_word()
            && next(1).is_some_and(|n| n.is("to"))
            && next(2).is_some_and(|n| n.is("death"))
        {
            return Ok(After {
                kind: CasualtyKind::Killed,
                end: i + 3,
                additional,
            });
        }
        if t.is("gunned") && next(1).is_some_and(|n| n.is("down")) {
            return Ok(After {
                kind: CasualtyKind::Killed,
                end: i + 2,
                additional,
            });
        }
        let kind = if lex.killed_words.contains(&t.norm.as_str()) {
            // "shot" alone is not a death ("shot and wounded").
            if t.is("shot") && !next(1).is_some_and(|n| n.is("dead")) {
                return Err(NoKind::None);
            }
            // "fell into an ambush" is no death; "fell in battle" is.
            if t.is_any(&["fell", "fall", "fallen"])
                && (next(1).is_some_and(|n| n.is("into"))
                    || next(2).is_some_and(|n| n.is_any(&["ambush", "trap"]))
                    || next(3).is_some_and(|n| n.is_any(&["ambush", "trap"])))
            {
                return Err(NoKind::None);
            }
            Some(CasualtyKind::Killed)
        } else if lex.wounded_words.contains(&t.norm.as_str()) {
            Some(CasualtyKind::Wounded)
        } else {
            None
        };
        if let Some(kind) = kind {
            let mut end = i + 1 + usize::from(t.is("shot"));
            // "dead or missing", "killed or wounded", "killed and injured": a combined count.
            if tokens
                .get(end)
                .is_some_and(|n| n.is_any(&["or", "and", "/"]))
            {
                if let Some(n2) = tokens.get(end + 1) {
                    let other = lex.killed_words.contains(&n2.norm.as_str())
                        || lex.wounded_words.contains(&n2.norm.as_str())
                        || lex.missing_words.contains(&n2.norm.as_str());
                    if other && n2.norm != t.norm {
                        return Err(NoKind::Combined);
                    }
                }
            }
            if t.is("succumbed") {
                additional = true;
            }
            // "died later", "died of their wounds", "succumbed to his injuries".
            if tokens
                .get(end)
                .is_some_and(|n| n.is_any(&["later", "subsequently"]))
            {
                additional = true;
                end += 1;
            }
            if tokens
                .get(end)
                .is_some_and(|n| n.is_any(&["of", "from", "to"]))
                && tokens
                    .get(end + 1)
                    .is_some_and(|n| n.is_any(&["his", "her", "their", "its"]))
                && tokens
                    .get(end + 2)
                    .is_some_and(|n| n.is_any(&["wounds", "injuries", "wound", "injury"]))
            {
                additional = kind == CasualtyKind::Killed || additional;
                end += 3;
            }
            return Ok(After {
                kind,
                end,
                additional,
            });
        }
        if !lex.auxiliaries.contains(&t.norm.as_str()) {
            return Err(NoKind::None);
        }
        if lex.additive_adverbs.contains(&t.norm.as_str()) {
            additional = true;
        }
        i += 1;
        steps += 1;
    }
    Err(NoKind::None)
}

/// The side named after a figure: "one dead in the ranks of FAMa", "eight dead among the
/// volunteers", "15 killed on the army side", "four dead abandoned by the enemy".
fn group_after(tokens: &[Token], end: usize, lex: &CasualtyLexicon) -> Option<Group> {
    let side_of = |k: usize| -> Option<Group> {
        let mut k = k;
        while tokens
            .get(k)
            .is_some_and(|t| t.is_any(&["the", "its", "their", "our"]) || is_quote(t))
        {
            k += 1;
        }
        (k..(k + 3).min(tokens.len()))
            .take_while(|&m| tokens[m].is_word())
            .filter_map(|m| {
                lex.victim_group(&tokens[m].norm)
                    .or_else(|| lex.side_of_modifier(&tokens[m].norm))
            })
            .find(|g| *g != Group::Unspecified)
    };
    let at = |k: usize, w: &str| tokens.get(k).is_some_and(|t| t.is(w));
    if at(end, "among") {
        return side_of(end + 1);
    }
    if at(end, "in") && at(end + 1, "the") && at(end + 2, "ranks") && at(end + 3, "of") {
        return side_of(end + 4);
    }
    if at(end, "on") && at(end + 1, "the") {
        let g = side_of(end + 2);
        let side_word = (end + 2..(end + 5).min(tokens.len())).any(|k| tokens[k].is("side"));
        if side_word {
            return g;
        }
    }
    // Bodies left behind by the attackers are theirs.
    let clause: Vec<usize> = (end..(end + 10).min(tokens.len()))
        .take_while(|&k| !is_punct(&tokens[k]) || is_quote(&tokens[k]))
        .collect();
    if let Some(&a) = clause
        .iter()
        .find(|&&k| tokens[k].is_any(&["abandoned", "left"]))
    {
        if let Some(&b) = clause.iter().find(|&&k| k > a && tokens[k].is("by")) {
            return side_of(b + 1).filter(|g| *g == Group::Assailants);
        }
    }
    None
}

/// The casualty kind an active verb or noun before the number gives: "killing", "left",
/// "the deaths of", "death toll … of". `qstart` is the first token of the quantity.
fn kind_before(tokens: &[Token], qstart: usize, lex: &CasualtyLexicon) -> Option<Before> {
    let prev = |k: usize| qstart.checked_sub(k).and_then(|i| tokens.get(i));
    let p1 = prev(1)?;
    if lex.kill_verbs.contains(&p1.norm.as_str()) {
        // "claiming"/"claimed"/"took" only with lives: handled by the caller and below.
        if !lex.life_verbs.contains(&p1.norm.as_str()) {
            return Some(Before::Kind(CasualtyKind::Killed));
        }
    }
    // "shot dead 12 villagers", "gunned down three soldiers"
    if (p1.is("dead") && prev(2).is_some_and(|p| p.is("shot")))
        || (p1.is("down") && prev(2).is_some_and(|p| p.is("gunned")))
    {
        return Some(Before::Kind(CasualtyKind::Killed));
    }
    if lex.life_verbs.contains(&p1.norm.as_str()) {
        return Some(Before::Lives);
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
                return Some(Before::Kind(CasualtyKind::Killed));
            }
            if p2.is("toll") || p2.is("tally") {
                return Some(Before::Kind(CasualtyKind::Killed));
            }
        }
    }
    // "the official death toll, announced on Sunday by the prosecutor, was around sixty": a
    // toll with an aside between it and its verb.
    if p1.is_any(&[
        "was", "is", "stood", "reached", "hit", "rose", "climbed", "at", "to",
    ]) {
        for back in 2..=25 {
            let Some(t) = prev(back) else { break };
            if t.is_any(&[".", ";", ":"])
                || t.kind == TokenKind::Number
                || lex.clause_breaks.contains(&t.norm.as_str())
                || lex.kill_verbs.contains(&t.norm.as_str())
            {
                break;
            }
            if t.is("toll") {
                let opened = prev(back - 1).is_some_and(|n| n.is(","));
                if opened {
                    return Some(Before::Kind(CasualtyKind::Killed));
                }
                break;
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
            let death = t.is("toll")
                || prev(back + 1)
                    .is_some_and(|p| p.is("death") || p.is("casualty") || p.is("human"));
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
    /// "claimed", "cost", "took": a death only when the object is lives ("claimed nine lives").
    Lives,
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
    marks: Marks,
    /// A vague quantity ("dozens", "hundreds"): a lower bound only.
    vague: bool,
    /// How the partitive before the noun relates it to others ("12 of the faithful").
    partitive: Partitive,
}

/// "N of …" before the victims.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Partitive {
    None,
    /// "one of its soldiers": a count in its own right.
    Possessive,
    /// "12 of the faithful": part of a set stated or implied elsewhere.
    Definite,
    /// "two of the wounded": people counted before as wounded.
    OfWounded,
}

/// Whether a bare number is a year ("In June 2021, 160 people …").
fn is_year(tokens: &[Token], q: &super::numbers::QuantityMatch) -> bool {
    q.end == q.number_start + 1
        && tokens[q.number_start].kind == TokenKind::Number
        && tokens[q.number_start].norm.len() == 4
        && (1900..=2100).contains(&q.quantity.low)
}

/// A quantity with its victims at token `i`, if there is one.
fn part_at(
    tokens: &[Token],
    i: usize,
    nlex: &NumberLexicon,
    lex: &CasualtyLexicon,
) -> Option<Part> {
    // "no one was killed" states a zero, handled apart.
    if i > 0 && tokens[i - 1].is_any(&["no", "not", "none"]) {
        return None;
    }
    // "another soldier", "another three soldiers", "an additional 20 people", "a further ten".
    let mut other = false;
    let mut qi = i;
    if tokens.get(i).is_some_and(|t| t.is("another")) {
        other = true;
        if quantity_at(tokens, i + 1, nlex, false).is_some() {
            qi = i + 1;
        }
    } else if tokens.get(i).is_some_and(|t| t.is("a") || t.is("an"))
        && tokens
            .get(i + 1)
            .is_some_and(|t| t.is_any(&["additional", "further"]))
        && quantity_at(tokens, i + 2, nlex, false).is_some()
    {
        other = true;
        qi = i + 2;
    }
    let q = if other && qi == i {
        // "another" alone counts one.
        super::numbers::QuantityMatch {
            quantity: Quantity::exact(1),
            start: i,
            end: i + 1,
            number_start: i,
            vague: false,
        }
    } else {
        // "a soldier", "an officer": articles count as one only before a victim noun.
        let article = tokens.get(qi).is_some_and(|t| t.is("a") || t.is("an"));
        let mut q = quantity_at(tokens, qi, nlex, article)?;
        q.start = i;
        q
    };
    let article = !other
        && tokens
            .get(q.number_start)
            .is_some_and(|t| t.is("a") || t.is("an"))
        && q.end == q.number_start + 1;
    let vague = q.vague;
    // Partitives: "three of the people killed", "five of whom" are splits of a stated toll;
    // "one of its soldiers" is a toll; "12 of the faithful" a part; "two of the wounded" an
    // addition to the dead.
    let mut partitive = Partitive::None;
    let mut phrase_at = q.end;
    if tokens.get(q.end).is_some_and(|t| t.is("of")) && !vague {
        let next = tokens.get(q.end + 1)?;
        if next.is_any(&["its", "their", "his", "her", "our"]) {
            partitive = Partitive::Possessive;
            phrase_at = q.end + 2;
        } else if next.is_any(&["the", "those", "these"]) {
            let mut k = q.end + 2;
            while tokens.get(k).is_some_and(is_quote) {
                k += 1;
            }
            let noun = tokens.get(k)?;
            if noun.is_any(&["wounded", "injured"]) {
                let mut p = Part {
                    quantity: q.quantity,
                    group: Group::Unspecified,
                    kind: None,
                    start: q.start,
                    end: k + 1,
                    after_comma: false,
                    marks: Marks::default(),
                    vague: false,
                    partitive: Partitive::OfWounded,
                };
                p.marks.other = other;
                return Some(p);
            }
            if lex.casualty_set_nouns.contains(&noun.norm.as_str())
                || lex.killed_words.contains(&noun.norm.as_str())
            {
                return None;
            }
            partitive = Partitive::Definite;
            phrase_at = q.end + 2;
        } else {
            return None;
        }
    }
    if partitive == Partitive::None && is_year(tokens, &q) {
        return None;
    }
    let phrase = victim_phrase(tokens, phrase_at, lex, vague)?;
    if phrase.end == phrase_at && (article || partitive != Partitive::None) {
        return None;
    }
    // "three of the people killed were soldiers": a kind word right after "of the …" makes
    // the set the dead themselves, unless it closes "left 12 of the faithful dead".
    if partitive == Partitive::Definite {
        let left = i
            .checked_sub(1)
            .and_then(|k| tokens.get(k))
            .is_some_and(|t| lex.leave_verbs.contains(&t.norm.as_str()));
        let kind_next = tokens.get(phrase.end).is_some_and(|t| {
            lex.killed_words.contains(&t.norm.as_str())
                || lex.wounded_words.contains(&t.norm.as_str())
        });
        if kind_next && !left {
            return None;
        }
    }
    if other && phrase.end == phrase_at && qi == i {
        return None;
    }
    let mut marks = phrase.marks;
    marks.other |= other;
    Some(Part {
        quantity: q.quantity,
        group: phrase.group,
        kind: phrase.kind,
        start: q.start,
        end: phrase.end,
        after_comma: false,
        marks,
        vague,
        partitive,
    })
}

/// Parts joined by "and" or "," after a first part.
fn list_from(
    tokens: &[Token],
    first: Part,
    nlex: &NumberLexicon,
    lex: &CasualtyLexicon,
) -> Vec<Part> {
    let mut parts = vec![first];
    let mut i = first.end;
    loop {
        if parts
            .last()
            .is_some_and(|p| p.kind.is_some() || p.partitive == Partitive::OfWounded)
        {
            break;
        }
        let mut k = i;
        let mut comma = false;
        while k < tokens.len() && (tokens[k].is(",") || tokens[k].is("and") || is_quote(&tokens[k]))
        {
            comma |= tokens[k].is(",");
            k += 1;
        }
        if k == i || k >= tokens.len() {
            break;
        }
        match part_at(tokens, k, nlex, lex) {
            Some(mut p) if p.end > p.start && p.partitive == Partitive::None => {
                // A part with no noun ("and 255 were injured") starts a new figure.
                if p.end == k + 1
                    && lex.victim_group(&tokens[k].norm).is_none()
                    && tokens
                        .get(p.end)
                        .is_some_and(|t| !t.is_word() || lex.auxiliaries.contains(&t.norm.as_str()))
                    && p.group == Group::Unspecified
                {
                    let q_end = quantity_at(tokens, k, nlex, false)
                        .map(|q| q.end)
                        .unwrap_or(k + 1);
                    if q_end == p.end {
                        break;
                    }
                }
                // "more" / "others" after a first part is a new figure ("killed 60 and wounded 40 more").
                if p.marks.other {
                    break;
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
    let low = parts
        .iter()
        .fold(0u32, |a, p| a.saturating_add(p.quantity.low));
    let high = parts
        .iter()
        .fold(0u32, |a, p| a.saturating_add(p.quantity.high));
    let qualifier = if parts.len() == 1 {
        parts[0].quantity.qualifier
    } else {
        combined_qualifier(parts.iter().map(|p| p.quantity.qualifier), low, high)
    };
    Quantity {
        low,
        high,
        qualifier,
    }
}

/// The qualifier of a sum of quantities.
fn combined_qualifier(
    qs: impl Iterator<Item = Qualifier> + Clone,
    low: u32,
    high: u32,
) -> Qualifier {
    if qs.clone().all(|q| q == Qualifier::Exact) {
        Qualifier::Exact
    } else if qs.clone().any(|q| q == Qualifier::About) {
        Qualifier::About
    } else if low != high {
        Qualifier::Range
    } else {
        Qualifier::AtLeast
    }
}

fn group_of(parts: &[Part]) -> Group {
    let first = parts[0].group;
    if parts.iter().all(|p| p.group == first) {
        first
    } else {
        Group::Unspecified
    }
}

fn split_of(parts: &[Part]) -> Vec<(Group, Quantity)> {
    if parts.len() < 2 {
        return Vec::new();
    }
    let mut groups: Vec<Group> = parts.iter().map(|p| p.group).collect();
    groups.sort();
    groups.dedup();
    if groups == [Group::Unspecified] {
        return Vec::new();
    }
    groups
        .into_iter()
        .map(|g| {
            let same: Vec<Part> = parts.iter().filter(|p| p.group == g).copied().collect();
            (g, sum(&same))
        })
        .collect()
}

/// A comma-delimited aside after a victim phrase, before its verb: "At least 21 people,
/// including 11 children, have been killed"; "five people, all volunteers, were killed".
/// Returns the index after the closing comma.
fn aside_end(tokens: &[Token], i: usize, lex: &CasualtyLexicon) -> Option<usize> {
    if !tokens.get(i).is_some_and(|t| t.is(",")) {
        return None;
    }
    let mut k = i + 1;
    while k < tokens.len() && k < i + 16 {
        let t = &tokens[k];
        if t.is(",") {
            return (k > i + 1).then_some(k + 1);
        }
        if t.is_any(&[".", ";", ":"])
            || lex.killed_words.contains(&t.norm.as_str())
            || lex.wounded_words.contains(&t.norm.as_str())
            || lex.kill_verbs.contains(&t.norm.as_str())
            || lex.clause_breaks.contains(&t.norm.as_str())
            || t.is_any(&["said", "says", "told"])
        {
            return None;
        }
        k += 1;
    }
    None
}

/// The split given by "including …" / "among them …" at token `k`, with the index after it.
fn split_at(
    tokens: &[Token],
    k: usize,
    nlex: &NumberLexicon,
    lex: &CasualtyLexicon,
) -> Option<(Vec<(Group, Quantity)>, usize)> {
    if !tokens
        .get(k)
        .is_some_and(|t| t.is("including") || t.is("among"))
    {
        return None;
    }
    let mut s = k + 1;
    if tokens.get(s).is_some_and(|t| t.is("them") || t.is("whom")) {
        s += 1;
    }
    while s < tokens.len() && is_quote(&tokens[s]) {
        s += 1;
    }
    let p = part_at(tokens, s, nlex, lex)?;
    let sub = list_from(tokens, p, nlex, lex);
    let mut split = split_of(&sub);
    if split.is_empty() {
        split = vec![(sub[0].group, sub[0].quantity)];
    }
    split.retain(|(g, _)| *g != Group::Unspecified);
    Some((split, sub.last().map(|p| p.end).unwrap_or(s + 1)))
}

/// Every casualty figure stated in one sentence. `sentence_number` is recorded on each figure.
pub fn find_figures(
    sentence: &str,
    sentence_number: usize,
    nlex: &NumberLexicon,
    lex: &CasualtyLexicon,
) -> Vec<Figure> {
    find_figures_in_tokens(sentence, &tokenize(sentence), sentence_number, nlex, lex)
}

/// [`find_figures`] from the sentence's tokens (`text::tokenize` of that very sentence), for a
/// caller that has them already.
pub fn find_figures_in_tokens(
    sentence: &str,
    tokens: &[Token],
    sentence_number: usize,
    nlex: &NumberLexicon,
    lex: &CasualtyLexicon,
) -> Vec<Figure> {
    let sources = find_sources(sentence, &tokens, lex);
    let mut figures: Vec<(usize, Figure)> = Vec::new();

    let folded: String = tokens
        .iter()
        .map(|t| t.norm.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let zero_present = lex.zero_killed_finder.present(&lex.zero_killed, &folded);
    for (phrase, _) in lex
        .zero_killed
        .iter()
        .zip(&zero_present)
        .filter(|(_, p)| **p)
    {
        if let Some(pos) = folded.find(phrase) {
            let tok = folded[..pos].matches(' ').count();
            figures.push((
                tok,
                Figure {
                    kind: CasualtyKind::Killed,
                    total: Quantity::exact(0),
                    parts: vec![],
                    group: Group::Unspecified,
                    attribution: None,
                    sentence: sentence_number,
                    role: FigureRole::Toll,
                },
            ));
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
        let mut additional = false;
        let mut aside_split: Option<Vec<(Group, Quantity)>> = None;
        // After the phrase: "were killed", "dead" (also closes "left … dead").
        let mut after = if kind.is_none() {
            kind_after(
                &tokens,
                end,
                lex,
                parts.last().map(|p| p.marks).unwrap_or_default(),
            )
        } else {
            Err(NoKind::None)
        };
        if matches!(after, Err(NoKind::None)) && kind.is_none() {
            // "At least 21 people, including 11 children, have been killed"
            if let Some(k) = aside_end(&tokens, end, lex) {
                let a = kind_after(
                    &tokens,
                    k,
                    lex,
                    parts.last().map(|p| p.marks).unwrap_or_default(),
                );
                if a.is_ok() {
                    aside_split = split_at(&tokens, end + 1, nlex, lex).map(|(s, _)| s);
                    after = a;
                }
            }
        }
        if matches!(after, Err(NoKind::Combined)) {
            i = end.max(first.start + 1);
            continue;
        }
        if let Ok(a) = after {
            additional = a.additional;
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
                    additional = false;
                } else {
                    kind = Some(a.kind);
                    end = a.end;
                }
            } else {
                kind = Some(a.kind);
                end = a.end;
            }
        }
        if kind.is_none() {
            kind = match before {
                Some(Before::Kind(k)) => Some(k),
                Some(Before::Lives) if parts.iter().all(|p| p.marks.lives) => {
                    Some(CasualtyKind::Killed)
                }
                _ => None,
            };
        }
        // "70 deaths", "200 injuries": the noun is the kind.
        if kind.is_none() && parts.len() == 1 {
            if let Some(t) = tokens.get(first.end.saturating_sub(1)) {
                if first.end > first.start + 1 && lex.injury_nouns.contains(&t.norm.as_str()) {
                    kind = Some(CasualtyKind::Wounded);
                }
                if first.end > first.start + 1
                    && ["deaths", "fatalities"].contains(&t.norm.as_str())
                {
                    kind = Some(CasualtyKind::Killed);
                }
            }
        }
        let Some(kind) = kind else {
            i = first.start + 1;
            continue;
        };
        // "two of the wounded" are a count only when they died.
        if first.partitive == Partitive::OfWounded && kind != CasualtyKind::Killed {
            i = end.max(first.start + 1);
            continue;
        }
        let total = sum(&parts);
        let mut group = group_of(&parts);
        if group == Group::Unspecified && parts.len() == 1 {
            if let Some(g) = group_after(&tokens, end, lex) {
                group = g;
            }
        }
        // "Three others died later" adds to a toll stated before; "others" after another
        // figure of the same sentence only sets them apart from it ("one soldier died and
        // 10 other people were wounded").
        let other = parts.iter().any(|p| p.marks.other)
            && figures.iter().all(|(pos, _)| *pos > first.start);
        let role = if additional || other || first.partitive == Partitive::OfWounded {
            FigureRole::Additional
        } else if first.partitive == Partitive::Definite
            || (parts.len() == 1 && first.vague)
            || parts.iter().all(|p| p.marks.subgroup)
        {
            FigureRole::Partial
        } else {
            FigureRole::Toll
        };
        let anchor = first.start;
        let mut fig = Figure {
            kind,
            total,
            parts: split_of(&parts),
            group,
            attribution: nearest_source(&sources, anchor, &tokens, lex),
            sentence: sentence_number,
            role,
        };
        if let Some(split) = aside_split {
            if fig.parts.is_empty() {
                fig.parts = split;
            }
        }
        figures.push((anchor, fig));
        i = end.max(first.start + 1);
        // "…, including two gendarmes and a police officer": a split of this figure.
        // The split may follow a short place phrase: "killed in Mali, including …".
        let mut k = i;
        while k < tokens.len()
            && k < i + 5
            && !tokens[k].is_any(&["including", "among"])
            && !lex.clause_breaks.contains(&tokens[k].norm.as_str())
            && !tokens[k].is_any(&[".", "and", "while"])
            && !lex.wound_verbs.contains(&tokens[k].norm.as_str())
            && !lex.kill_verbs.contains(&tokens[k].norm.as_str())
        {
            k += 1;
        }
        if let Some((split, next)) = split_at(&tokens, k, nlex, lex) {
            // "killed hundreds of soldiers, including 27 during an attack on Mondoro in March":
            // the included figure is also the toll of the attack it names.
            let own_attack = tokens
                .get(next)
                .is_some_and(|t| t.is_any(&["during", "in", "at"]))
                && tokens
                    .get(next + 1)
                    .is_some_and(|t| t.is_any(&["a", "an", "the"]))
                && (next + 2..(next + 4).min(tokens.len()))
                    .any(|m| lex.attack_nouns.contains(&tokens[m].norm.as_str()));
            let mut own = None;
            if let Some((_, fig)) = figures.last_mut() {
                if own_attack {
                    if let Some(p) = part_at(&tokens, k + 1, nlex, lex)
                        .or_else(|| part_at(&tokens, k + 2, nlex, lex))
                    {
                        let sub = list_from(&tokens, p, nlex, lex);
                        own = Some((
                            p.start,
                            Figure {
                                kind: fig.kind,
                                total: sum(&sub),
                                parts: split_of(&sub),
                                group: group_of(&sub),
                                attribution: fig.attribution.clone(),
                                sentence: sentence_number,
                                role: FigureRole::Toll,
                            },
                        ));
                    }
                }
                if fig.parts.is_empty() {
                    fig.parts = split;
                }
            }
            figures.extend(own);
            i = next;
        }
    }
    figures.sort_by_key(|(pos, _)| *pos);
    figures.into_iter().map(|(_, f)| f).collect()
}

/// The figures of one report (one article's mention, in sentence order) made ready to compare:
/// an `Additional` figure is added to the nearest figure of the same kind before it (on the
/// victims' side; attackers killed are counted apart anyway), or stands alone when there is
/// none; a `Partial` figure is dropped when the report states a toll of the same kind and side,
/// since that toll includes it (or, for a vague count, states it more precisely).
pub fn resolve_roles(figures: &[Figure]) -> Vec<Figure> {
    let attackers = |f: &Figure| f.group == Group::Assailants;
    let mut order: Vec<&Figure> = figures.iter().collect();
    order.sort_by_key(|f| f.sentence);
    let mut out: Vec<Figure> = Vec::new();
    for f in order {
        if f.role != FigureRole::Additional {
            out.push(f.clone());
            continue;
        }
        let base = if attackers(f) {
            None
        } else {
            out.iter_mut()
                .rev()
                .find(|b| b.kind == f.kind && !attackers(b) && b.total.high > 0)
        };
        match base {
            Some(b) => {
                let low = b.total.low.saturating_add(f.total.low);
                let high = b.total.high.saturating_add(f.total.high);
                let qualifier = combined_qualifier(
                    [b.total.qualifier, f.total.qualifier].into_iter(),
                    low,
                    high,
                );
                // The known split is what each figure says of its sides.
                let mut parts: Vec<(Group, Quantity)> = Vec::new();
                for fig in [&*b, f] {
                    let stated = if fig.parts.is_empty() && fig.group != Group::Unspecified {
                        vec![(fig.group, fig.total)]
                    } else {
                        fig.parts.clone()
                    };
                    for (g, q) in stated {
                        match parts.iter_mut().find(|(pg, _)| *pg == g) {
                            Some((_, pq)) => {
                                *pq = Quantity {
                                    low: pq.low.saturating_add(q.low),
                                    high: pq.high.saturating_add(q.high),
                                    qualifier: combined_qualifier(
                                        [pq.qualifier, q.qualifier].into_iter(),
                                        0,
                                        0,
                                    ),
                                }
                            }
                            None => parts.push((g, q)),
                        }
                    }
                }
                parts.sort_by_key(|(g, _)| *g);
                if b.group != f.group {
                    b.group = Group::Unspecified;
                }
                b.parts = if parts.len() == 1 && parts[0].0 == b.group {
                    Vec::new()
                } else {
                    parts
                };
                b.total = Quantity {
                    low,
                    high,
                    qualifier,
                };
            }
            None => out.push(Figure {
                role: FigureRole::Toll,
                ..f.clone()
            }),
        }
    }
    // Any toll covers a part: a subset is smaller than its toll by definition, and the value of
    // a vague count ("hundreds" = 100) is a convention that a stated toll outranks.
    let covers = |t: &Figure, p: &Figure| {
        t.role != FigureRole::Partial
            && t.kind == p.kind
            && attackers(t) == attackers(p)
            && t.total.high > 0
    };
    let keep: Vec<bool> = out
        .iter()
        .map(|p| p.role != FigureRole::Partial || !out.iter().any(|t| covers(t, p)))
        .collect();
    out.into_iter()
        .zip(keep)
        .filter_map(|(f, k)| k.then_some(f))
        .collect()
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
        let speaks = (i.saturating_sub(6)..i)
            .any(|k| tokens[k].is("according") || tokens[k].is("citing"))
            || tokens.get(i + 1).is_some_and(|n| {
                n.is_any(&[
                    "said",
                    "says",
                    "reported",
                    "reports",
                    "stated",
                    "confirmed",
                    "told",
                    "suggested",
                    "suggests",
                    "claims",
                    "claimed",
                    "announced",
                    "indicated",
                    "put",
                    "puts",
                    "gave",
                    "has",
                    "had",
                    "counted",
                ])
            })
            || tokens.get(i + 1).is_some_and(|n| n.is(","));
        if !speaks {
            continue;
        }
        // Extend left over modifiers: "an anonymous security source", "the Malian army".
        let mut s = i;
        while s > 0
            && tokens[s - 1].is_word()
            && ![
                "according",
                "to",
                "by",
                "citing",
                "that",
                "and",
                "said",
                "in",
            ]
            .contains(&tokens[s - 1].norm.as_str())
            && !lex.clause_breaks.contains(&tokens[s - 1].norm.as_str())
            && i - s < 4
        {
            s -= 1;
        }
        while s < i && tokens[s].is_any(&["a", "an", "the"]) {
            s += 1;
        }
        out.push(SourcePhrase {
            pos: i,
            text: sentence[tokens[s].start..t.end].to_string(),
        });
    }
    out
}

fn nearest_source(
    sources: &[SourcePhrase],
    pos: usize,
    tokens: &[Token],
    lex: &CasualtyLexicon,
) -> Option<String> {
    let clause = |p: usize| {
        tokens[..p.min(tokens.len())]
            .iter()
            .filter(|t| lex.clause_breaks.contains(&t.norm.as_str()))
            .count()
    };
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
        figs(s)
            .into_iter()
            .map(|f| (f.kind, f.total.low, f.total.high, f.group))
            .collect()
    }

    #[test]
    fn passive_subjects() {
        assert_eq!(
            brief("Six people have been killed in Mali."),
            [(Killed, 6, 6, Unspecified)]
        );
        assert_eq!(
            brief("At least 15 Malian soldiers and three civilians were killed on Wednesday."),
            [(Killed, 18, 18, Unspecified)]
        );
        assert_eq!(
            brief("One soldier was killed in the attack."),
            [(Killed, 1, 1, SecurityForces)]
        );
        assert_eq!(
            brief("In Kaloumba, twelve people died."),
            [(Killed, 12, 12, Unspecified)]
        );
        assert_eq!(
            brief("77 individuals were killed and 255 were injured."),
            [
                (Killed, 77, 77, Unspecified),
                (Wounded, 255, 255, Unspecified)
            ]
        );
        assert_eq!(
            brief("Seven soldiers were reportedly killed."),
            [(Killed, 7, 7, SecurityForces)]
        );
        assert_eq!(
            brief("Nine gendarmes lost their lives in the ambush."),
            [(Killed, 9, 9, SecurityForces)]
        );
        assert_eq!(
            brief("At least 40 civilians were shot dead by gunmen."),
            [(Killed, 40, 40, Civilians)]
        );
        assert_eq!(
            brief("Two UN peacekeepers were killed and four others seriously injured."),
            [(Killed, 2, 2, ForeignForces), (Wounded, 4, 4, Unspecified)]
        );
        assert_eq!(
            brief("Twenty villagers died in the raid."),
            [(Killed, 20, 20, Civilians)]
        );
        assert_eq!(
            brief("Dozens of civilians were killed."),
            [(Killed, 12, 12, Civilians)]
        );
        assert_eq!(
            brief("Between 40 and 50 people were killed, residents said."),
            [(Killed, 40, 50, Unspecified)]
        );
    }

    #[test]
    fn headline_style() {
        assert_eq!(
            brief("Mali: 12 killed, 30 wounded in attack on bus"),
            [
                (Killed, 12, 12, Unspecified),
                (Wounded, 30, 30, Unspecified)
            ]
        );
        assert_eq!(
            brief(
                "the army reports six dead soldiers and twenty-five wounded, five of whom are seriously."
            ),
            [
                (Killed, 6, 6, SecurityForces),
                (Wounded, 25, 25, Unspecified)
            ]
        );
        assert_eq!(
            brief("Four dead in attack on market"),
            [(Killed, 4, 4, Unspecified)]
        );
    }

    #[test]
    fn active_objects() {
        assert_eq!(
            brief("A police station was ambushed on June 24, killing one officer."),
            [(Killed, 1, 1, SecurityForces)]
        );
        assert_eq!(
            brief("The army claims to have killed 48 assailants."),
            [(Killed, 48, 48, Assailants)]
        );
        assert_eq!(
            brief("Gunmen killed 22 villagers in central Mali."),
            [(Killed, 22, 22, Civilians)]
        );
        assert_eq!(
            brief("it killed a Malian soldier and injured six, including a civilian."),
            [(Killed, 1, 1, SecurityForces), (Wounded, 6, 6, Unspecified)]
        );
        assert_eq!(
            brief("The blast left 12 dead."),
            [(Killed, 12, 12, Unspecified)]
        );
        assert_eq!(
            brief(
                "leaving three civilians and three law enforcement officers dead, and wounding two others"
            ),
            [(Killed, 6, 6, Unspecified), (Wounded, 2, 2, Unspecified)]
        );
        assert_eq!(
            brief("The assault left around 200 wounded."),
            [(Wounded, 200, 200, Unspecified)]
        );
        assert_eq!(
            brief("Jihadists ambushed a convoy, killing 17 soldiers and 36 VDP."),
            [(Killed, 53, 53, SecurityForces)]
        );
        assert_eq!(
            brief("The attack claimed the lives of 11 soldiers."),
            [(Killed, 11, 11, SecurityForces)]
        );
        assert_eq!(
            brief("Militants massacred more than 100 villagers."),
            [(Killed, 100, 100, Civilians)]
        );
        assert_eq!(
            brief(
                "which killed one person, at least 15 Malian soldiers and three civilians were killed on Wednesday"
            ),
            [(Killed, 1, 1, Unspecified), (Killed, 18, 18, Unspecified)]
        );
        assert_eq!(
            brief("The army said it neutralised about 30 terrorists."),
            [(Killed, 30, 30, Assailants)]
        );
        assert_eq!(
            brief("an explosive device killed two Wagner mercenaries and wounded three soldiers"),
            [
                (Killed, 2, 2, ForeignForces),
                (Wounded, 3, 3, SecurityForces)
            ]
        );
    }

    #[test]
    fn nouns_and_tolls() {
        assert_eq!(
            brief("The assault resulted in the deaths of over 70 people."),
            [(Killed, 70, 70, Unspecified)]
        );
        assert_eq!(
            brief("resulted in over 70 deaths and approximately 200 injuries"),
            [
                (Killed, 70, 70, Unspecified),
                (Wounded, 200, 200, Unspecified)
            ]
        );
        assert_eq!(
            brief("the death toll may be approximately 100, naming 81 victims."),
            [(Killed, 100, 100, Unspecified)]
        );
        assert_eq!(
            brief("The death toll rose to 31 on Sunday."),
            [(Killed, 31, 31, Unspecified)]
        );
        assert_eq!(
            brief("a provisional toll of 15 dead"),
            [(Killed, 15, 15, Unspecified)]
        );
        assert_eq!(
            brief("the death of approximately 50 Russian mercenaries who were ambushed"),
            [(Killed, 50, 50, ForeignForces)]
        );
        assert_eq!(
            brief("The killing of 20 civilians in Ogossagou drew condemnation."),
            [(Killed, 20, 20, Civilians)]
        );
    }

    #[test]
    fn parts_are_summed_and_split() {
        let f = &figs(
            "In a statement, the ministry said two members of the civil defense force and three civilians were killed in the attack.",
        )[0];
        assert_eq!((f.total.low, f.kind), (5, Killed));
        assert_eq!(
            f.parts,
            vec![
                (Civilians, Quantity::exact(3)),
                (SecurityForces, Quantity::exact(2))
            ]
        );
        let f = &figs(
            "Six people have been killed in Mali, including two gendarmes and a police officer, in a rare attack.",
        )[0];
        assert_eq!(f.total.low, 6);
        assert_eq!(f.parts, vec![(SecurityForces, Quantity::exact(3))]);
        let f = &figs(
            "twelve people died, including “three civilians from a road construction company”according to the statement",
        )[0];
        assert_eq!(f.parts, vec![(Civilians, Quantity::exact(3))]);
        let f = &figs("at least 15 soldiers and three civilians were killed")[0];
        assert_eq!(f.total.qualifier, Qualifier::AtLeast);
    }

    #[test]
    fn zero_casualties() {
        assert_eq!(
            brief(
                "A third attack took place overnight in Mopti, without causing any casualties, according to the same source."
            ),
            [(Killed, 0, 0, Unspecified)]
        );
        assert_eq!(
            brief("No one was killed in the attack."),
            [(Killed, 0, 0, Unspecified)]
        );
    }

    #[test]
    fn not_casualties() {
        assert!(brief("Three of the people killed were members of security forces and three were civilians.").is_empty());
        assert!(
            brief("Mali in July detained 46 Ivorian troops and accused them of being mercenaries.")
                .is_empty()
        );
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
        let f = figs(
            "An anonymous security source has confirmed that 77 individuals were killed and 255 were injured, although an internal confidential document suggested that the death toll may be approximately 100.",
        );
        let a: Vec<_> = f
            .iter()
            .map(|f| (f.total.low, f.attribution.clone()))
            .collect();
        assert_eq!(a[0], (77, Some("anonymous security source".into())));
        assert_eq!(a[2], (100, Some("internal confidential document".into())));
        let f = figs("At least 20 people were killed, according to local officials.");
        assert_eq!(f[0].attribution.as_deref(), Some("local officials"));
    }

    /// (kind, low, high, group, role) of every figure.
    fn roles(s: &str) -> Vec<(CasualtyKind, u32, u32, Group, FigureRole)> {
        figs(s)
            .into_iter()
            .map(|f| (f.kind, f.total.low, f.total.high, f.group, f.role))
            .collect()
    }
    use FigureRole::*;

    #[test]
    fn more_verbs_and_nouns_of_death() {
        // Reuters / AFP / AP / Al Jazeera / RFI / Xinhua / Anadolu styles.
        assert_eq!(
            brief("Seventeen soldiers fell in the attack on their position."),
            [(Killed, 17, 17, SecurityForces)]
        );
        assert_eq!(
            brief("Dozens Of Soldiers Fall In Militant Attack"),
            [(Killed, 12, 12, SecurityForces)]
        );
        assert_eq!(
            brief("The raid claimed nine lives, a local official said."),
            [(Killed, 9, 9, Unspecified)]
        );
        assert_eq!(
            brief("The ambush cost 14 lives."),
            [(Killed, 14, 14, Unspecified)]
        );
        assert_eq!(
            brief("The attack left 23 people dead and 40 injured, the governor said."),
            [
                (Killed, 23, 23, Unspecified),
                (Wounded, 40, 40, Unspecified)
            ]
        );
        assert_eq!(
            brief("Rescuers said 21 bodies were recovered from the rubble."),
            [(Killed, 21, 21, Unspecified)]
        );
        assert_eq!(
            brief("\"The provisional toll is 21 bodies discovered,\" said a military source."),
            [(Killed, 21, 21, Unspecified)]
        );
        assert_eq!(
            brief("Nine bodies were buried on Saturday."),
            [(Killed, 9, 9, Unspecified)]
        );
        assert_eq!(
            brief("Police said they found the bodies of 12 herders near the well."),
            [(Killed, 12, 12, Civilians)]
        );
        assert_eq!(
            brief("Officials gave a toll of 31 dead."),
            [(Killed, 31, 31, Unspecified)]
        );
        assert_eq!(
            brief("Fourteen people lost their lives in the fire set by the attackers."),
            [(Killed, 14, 14, Unspecified)]
        );
        assert_eq!(
            brief("At least 30 villagers were massacred overnight."),
            [(Killed, 30, 30, Civilians)]
        );
        assert_eq!(
            brief("Eleven men were executed in front of their families."),
            [(Killed, 11, 11, Civilians)]
        );
        assert_eq!(
            brief("Three people \u{201c}were shot dead in the village,\u{201d} an official said."),
            [(Killed, 3, 3, Unspecified)]
        );
        assert_eq!(
            brief("The strike caused 16 fatalities."),
            [(Killed, 16, 16, Unspecified)]
        );
        assert_eq!(
            brief("Niger: 15 killed, 7 wounded in ambush near Mali border"),
            [(Killed, 15, 15, Unspecified), (Wounded, 7, 7, Unspecified)]
        );
        assert_eq!(
            brief("Five traders were gunned down on the road to the market."),
            [(Killed, 5, 5, Civilians)]
        );
        assert_eq!(
            brief("Six passengers were burned to death in their bus."),
            [(Killed, 6, 6, Civilians)]
        );
        assert_eq!(
            brief("The troops shot dead about 15 \u{201c}terrorists\u{201d}."),
            [(Killed, 15, 15, Assailants)]
        );
        assert_eq!(
            brief("Twelve gendarmes were found dead after the raid."),
            [(Killed, 12, 12, SecurityForces)]
        );
        assert_eq!(
            brief("Over two dozen people were killed in the 2015 attacks."),
            [(Killed, 24, 24, Unspecified)]
        );
        assert_eq!(
            brief("The mayor put the death toll at 22 minimum."),
            [(Killed, 22, 22, Unspecified)]
        );
        assert_eq!(
            brief(
                "The official death toll, announced on Sunday by the prosecutor, was around sixty."
            ),
            [(Killed, 60, 60, Unspecified)]
        );
        assert_eq!(
            brief("In June 2021, 160 people were killed in that attack."),
            [(Killed, 160, 160, Unspecified)]
        );
    }

    #[test]
    fn attackers_killed() {
        assert_eq!(
            brief("The army said it neutralised 63 terrorists during the operation."),
            [(Killed, 63, 63, Assailants)]
        );
        assert_eq!(
            brief("More than 80 jihadists were neutralized, the army said."),
            [(Killed, 80, 80, Assailants)]
        );
        assert_eq!(
            brief(
                "According to the military, 47 attackers were \u{201c}neutralized\u{201d} in the morning."
            ),
            [(Killed, 47, 47, Assailants)]
        );
        assert_eq!(
            brief("Air strikes killed 15 of the \u{201c}enemies\u{201d}, the source added."),
            [(Killed, 15, 15, Assailants)]
        );
        assert_eq!(
            brief("Four dead were abandoned on the ground by the enemy."),
            [(Killed, 4, 4, Assailants)]
        );
        assert_eq!(
            brief("Mali's army said on Friday that it killed 203 militants in Moura."),
            [(Killed, 203, 203, Assailants)]
        );
        assert_eq!(
            brief("The provisional toll is one dead and three wounded in the ranks of FAMa."),
            [(Killed, 1, 1, Unspecified), (Wounded, 3, 3, SecurityForces)]
        );
        assert_eq!(
            brief("There are at least eight dead among the volunteers."),
            [(Killed, 8, 8, SecurityForces)]
        );
    }

    #[test]
    fn subjects_with_modifiers_and_asides() {
        assert_eq!(
            brief("At least 21 people, including 11 children, have been killed in drone strikes."),
            [(Killed, 21, 21, Unspecified)]
        );
        assert_eq!(
            figs("At least 21 people, including 11 children, have been killed in drone strikes.")
                [0]
            .parts,
            vec![(Civilians, Quantity::exact(11))]
        );
        assert_eq!(
            brief(
                "At least 12 people, most of them civilian volunteers, have been killed, local sources said."
            ),
            [(Killed, 12, 12, Unspecified)]
        );
        assert_eq!(
            brief("\"Unfortunately five people, all volunteers, were killed,\" he told AFP."),
            [(Killed, 5, 5, Unspecified)]
        );
        assert_eq!(
            brief(
                "Seventeen soldiers and 36 volunteers assisting the military were killed, the army said."
            ),
            [(Killed, 53, 53, SecurityForces)]
        );
        assert_eq!(
            brief("Five civilian volunteers with the army were killed in an attack this week."),
            [(Killed, 5, 5, SecurityForces)]
        );
        assert_eq!(
            brief(
                "Eight civilian members of an auxiliary force in the anti-jihadist campaign died in an ambush."
            ),
            [(Killed, 8, 8, SecurityForces)]
        );
        assert_eq!(
            brief("At least 40 civilians and soldiers were killed during the attack."),
            [(Killed, 40, 40, Unspecified)]
        );
        assert_eq!(
            brief(
                "A Burkinabe rights group counted 136 civilians, including 50 women and 21 children, killed on April 20."
            ),
            [(Killed, 136, 136, Civilians)]
        );
        let f = &figs(
            "Sixty-four people, including 49 civilians and 15 soldiers, were killed yesterday.",
        )[0];
        assert_eq!(
            (f.total.low, f.parts.clone()),
            (
                64,
                vec![
                    (Civilians, Quantity::exact(49)),
                    (SecurityForces, Quantity::exact(15))
                ]
            )
        );
        assert_eq!(
            brief("Jihadists killed 20 soldiers and 16 VDP, security sources said."),
            [(Killed, 36, 36, SecurityForces)]
        );
        assert_eq!(
            brief("The death toll varies between 100 and several hundred."),
            [(Killed, 100, 200, Unspecified)]
        );
        assert_eq!(
            brief("Xinhua: 30 civilians and 12 soldiers were killed, 25 others injured."),
            [
                (Killed, 42, 42, Unspecified),
                (Wounded, 25, 25, Unspecified)
            ]
        );
    }

    #[test]
    fn split_naming_its_own_attack() {
        assert_eq!(
            brief(
                "Islamist groups have killed hundreds of soldiers, including 27 soldiers during an attack on Mondoro on March 4."
            ),
            [
                (Killed, 100, 100, SecurityForces),
                (Killed, 27, 27, SecurityForces)
            ]
        );
        assert_eq!(
            brief(
                "The death toll, which was initially estimated at 25 among the military, was revised upward."
            ),
            [(Killed, 25, 25, SecurityForces)]
        );
    }

    #[test]
    fn wounded_figures() {
        assert_eq!(
            brief("The attack killed at least 60 soldiers and wounded 40 more, an activist said."),
            [
                (Killed, 60, 60, SecurityForces),
                (Wounded, 40, 40, Unspecified)
            ]
        );
        assert_eq!(
            brief("The bomber struck the camp, injuring 33 people."),
            [(Wounded, 33, 33, Unspecified)]
        );
        assert_eq!(
            brief("The blast left 40 injured."),
            [(Wounded, 40, 40, Unspecified)]
        );
        assert_eq!(
            brief("Officials counted 40 wounded."),
            [(Wounded, 40, 40, Unspecified)]
        );
        assert_eq!(
            brief("According to a ministry statement, 13 soldiers were hurt in the attack."),
            [(Wounded, 13, 13, SecurityForces)]
        );
    }

    #[test]
    fn missing_and_mixed_counts_are_not_deaths() {
        // ACLED: missing people are not dead; a count of dead and wounded together is neither.
        assert!(brief("At least 21 people were dead or missing after the attack.").is_empty());
        assert!(brief("21 dead or missing after new attack on village").is_empty());
        assert!(brief("Some 30 soldiers were killed or wounded.").is_empty());
        assert!(brief("Nineteen others were missing after the raid.").is_empty());
        assert!(brief("Fifteen soldiers fell into an ambush near the border.").is_empty());
        assert_eq!(
            brief("Fifteen soldiers were killed and six more are missing."),
            [(Killed, 15, 15, SecurityForces)]
        );
        assert!(brief("Gunmen ambushed 20 soldiers in an attack that lasted hours.").is_empty());
    }

    #[test]
    fn partitives() {
        // A partitive over a side's members is a toll; over "the …" a part of one; over the dead
        // themselves, a split; over the wounded who died, an addition to the dead.
        assert_eq!(
            roles("France said one of its soldiers there had died."),
            [(Killed, 1, 1, SecurityForces, Toll)]
        );
        assert_eq!(
            roles("The attack left 12 of the Catholic faithful dead at the scene."),
            [(Killed, 12, 12, Civilians, Partial)]
        );
        assert_eq!(
            roles("Two of the wounded later died in hospital."),
            [(Killed, 2, 2, Unspecified, Additional)]
        );
        assert!(roles("Five of the wounded are in a critical condition.").is_empty());
        assert!(roles("Three of the dead were soldiers.").is_empty());
        assert!(
            roles("At least 30 people were killed, five of whom were children.")
                .iter()
                .all(|r| r.1 == 30)
        );
    }

    #[test]
    fn additions_and_parts() {
        assert_eq!(
            roles("Three others died later as they were being treated."),
            [(Killed, 3, 3, Unspecified, Additional)]
        );
        assert_eq!(
            roles("Two more soldiers succumbed to their wounds on Monday."),
            [(Killed, 2, 2, SecurityForces, Additional)]
        );
        assert_eq!(
            roles("But two people also died of their wounds."),
            [(Killed, 2, 2, Unspecified, Additional)]
        );
        assert_eq!(
            roles("Another soldier died in hospital."),
            [(Killed, 1, 1, SecurityForces, Additional)]
        );
        assert_eq!(
            roles("An additional 5 civilians were killed in a nearby village."),
            [(Killed, 5, 5, Civilians, Additional)]
        );
        // "other" after another figure of the sentence only sets it apart.
        assert_eq!(
            roles("One soldier died and 10 other people were wounded."),
            [
                (Killed, 1, 1, SecurityForces, Toll),
                (Wounded, 10, 10, Unspecified, Toll)
            ]
        );
        assert_eq!(
            roles("Dozens of women and 56 children were killed, it found."),
            [(Killed, 68, 68, Civilians, Partial)]
        );
        assert_eq!(
            roles("Extremists have killed dozens of soldiers in an attack."),
            [(Killed, 12, 12, SecurityForces, Partial)]
        );
    }

    fn fig(n: u32, kind: CasualtyKind, group: Group, sentence: usize, role: FigureRole) -> Figure {
        Figure {
            kind,
            total: Quantity::exact(n),
            parts: vec![],
            group,
            attribution: None,
            sentence,
            role,
        }
    }

    #[test]
    fn resolving_a_report() {
        // "at least 15 worshippers" … "12 of the faithful dead at the scene" … "three others died later"
        let r = resolve_roles(&[
            fig(15, Killed, Civilians, 1, Toll),
            fig(12, Killed, Civilians, 2, Partial),
            fig(3, Killed, Unspecified, 3, Additional),
        ]);
        assert_eq!(r.iter().map(|f| f.total.low).collect::<Vec<_>>(), [15]);
        // "a dozen dead" … "nine bodies were buried" … "two also died of their wounds"
        let r = resolve_roles(&[
            fig(12, Killed, Unspecified, 3, Toll),
            fig(9, Killed, Unspecified, 4, Toll),
            fig(2, Killed, Unspecified, 5, Additional),
        ]);
        assert_eq!(r.iter().map(|f| f.total.low).collect::<Vec<_>>(), [12, 11]);
        // An addition of another side keeps the split.
        let r = resolve_roles(&[
            fig(7, Killed, SecurityForces, 1, Toll),
            fig(2, Killed, Civilians, 2, Additional),
        ]);
        assert_eq!(
            (r[0].total.low, r[0].group, r[0].parts.clone()),
            (
                9,
                Unspecified,
                vec![
                    (Civilians, Quantity::exact(2)),
                    (SecurityForces, Quantity::exact(7))
                ]
            )
        );
        // With nothing before it, an addition is a toll; attackers are never added to victims.
        let r = resolve_roles(&[
            fig(60, Killed, SecurityForces, 1, Toll),
            fig(9, Wounded, SecurityForces, 2, Additional),
            fig(24, Killed, Assailants, 3, Additional),
        ]);
        assert_eq!(
            r.iter().map(|f| (f.total.low, f.role)).collect::<Vec<_>>(),
            [(60, Toll), (9, Toll), (24, Toll)]
        );
        // A part alone stays: it is all the report says.
        let r = resolve_roles(&[
            fig(12, Killed, SecurityForces, 1, Partial),
            fig(13, Killed, Assailants, 2, Toll),
        ]);
        assert_eq!(r.len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn find_figures_never_panics(s in "\\PC{0,120}") {
            for f in figs(&s) {
                proptest::prop_assert!(f.total.low <= f.total.high);
            }
        }

        #[test]
        fn casualty_like_text_never_panics(words in proptest::collection::vec(proptest::sample::select(vec![
            "12", "at", "least", "of", "the", "dead", "or", "missing", "killed", "and", "wounded", "others", "another", "soldiers",
            "civilians", ",", "including", "were", "later", "died", "bodies", "found", "toll", "lives", "claimed", "between", "several",
            "dozen", "dozens", "a", "“", "”", "whom", "its", "left", "injuring", "2021", "—", "é", "more", "than", "fell", "into",
        ]), 0..30)) {
            let s = words.join(" ");
            for f in figs(&s) {
                proptest::prop_assert!(f.total.low <= f.total.high);
                for (_, q) in &f.parts {
                    proptest::prop_assert!(q.low <= q.high);
                }
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            "killed",
            "killing",
            "a",
            "between",
            "between 5 and",
            "of whom",
            "“”",
            "élu à 5 morts",
            "1,2,3,4 killed",
            "99999999999999999999 killed",
            "—killed 5—",
            "another",
            "an additional",
            "5 of",
            "5 of the",
            "two of the wounded",
            "4294967295 dead and 4294967295 more died later",
            "bodies were found",
            ", , killed ,",
            "several dozen of the",
        ] {
            let _ = figs(s);
        }
    }
}
