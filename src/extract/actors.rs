//! Armed actors, claims of responsibility and targets named by a sentence.
//!
//! # How it works
//! 1. The sentence is reduced to a *match key* ([`Keyed`]): [`fold`] (lower case, no diacritics,
//!    unified quotes) plus hyphens, slashes and apostrophes turned into spaces, so
//!    "Jama’at Nusrat al-Islam" and "jama at nusrat al islam" are the same key. Every key byte
//!    remembers the original byte range it came from, so spans are reported in the original text.
//! 2. One Aho-Corasick automaton per lexicon (built once, in the constructor) finds every alias
//!    of every known actor; matches must sit on word boundaries and the leftmost-longest one wins,
//!    so "al-Qaida-linked JNIM" is one match, not two.
//! 3. Appositives are folded into the named group they describe ("the Katiba Macina, a terrorist
//!    organization affiliated with Al-Qaeda" is one actor, not two; "jihadists of the JNIM" too).
//! 4. A role is read from the words around each match, with this precedence:
//!    `ClaimedBy` > `Perpetrator` > `Target` > the entry's default role (usually `Mentioned`;
//!    generic attacker words such as "gunmen" or "assailants" default to `Perpetrator`, since they
//!    name whoever carried out the attack).
//!
//! # Canonical names
//! Named groups use the short name analysts use ("JNIM", "Katiba Macina", "Islamic State Sahel
//! Province", "Wagner Group"); national armies use ACLED's "Military Forces of <country>".
//! Groups the text does not identify all start with "Unidentified" so they sort and filter together:
//! "Unidentified armed group" (gunmen, armed men, assailants), "Unidentified jihadists"
//! (jihadists, terrorists, Islamist militants), "Unidentified Al-Qaeda affiliate" (al-Qaida
//! fighters, jihadists affiliated with Al-Qaeda) and "Unidentified Islamic State affiliate".
//! Target objects use a lower-case common noun ("checkpoint", "military camp", "convoy").
//!
//! A [`ActorRole::ClaimedBy`] match also names the perpetrator by the group's own claim: callers
//! that fill `perpetrators` should add claimed groups too (see [`ActorRole::implies_perpetrator`]).
//!
//! All words live in [`ActorLexicon`] as data; a French lexicon is another constructor.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use super::text::fold;

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// What an actor does in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorRole {
    /// Carried out the attack ("attributed to X", "X fighters ambushed", "armed men attacked").
    Perpetrator,
    /// Claimed the attack ("claimed by X", "X claimed responsibility", "X said it carried out").
    ClaimedBy,
    /// Was attacked ("ambushed a convoy of Russian mercenaries"), or a target object.
    Target,
    /// Named without a role ("links to al-Qaeda", "denied working with the Wagner Group").
    Mentioned,
}

impl ActorRole {
    /// A group that claims an attack is, by its claim, its perpetrator (ACLED codes it so).
    pub fn implies_perpetrator(self) -> bool {
        matches!(self, ActorRole::Perpetrator | ActorRole::ClaimedBy)
    }

    /// Higher wins when two cues disagree about the same actor.
    fn rank(self) -> u8 {
        match self {
            ActorRole::ClaimedBy => 3,
            ActorRole::Perpetrator => 2,
            ActorRole::Target => 1,
            ActorRole::Mentioned => 0,
        }
    }
}

/// What kind of actor an entry is: decides who can claim, who can be a target, and the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// A named non-state armed group (JNIM, ISSP, CSP/FLA).
    NonState,
    /// An unnamed non-state group that may still claim ("jihadists", "al-Qaida fighters").
    GenericNonState,
    /// Words that name whoever attacked ("gunmen", "assailants"): never a target.
    Attackers,
    /// A national army or police.
    State,
    /// Foreign forces fighting with a government (Wagner Group, Africa Corps).
    Foreign,
    /// Pro-government militias and self-defence groups (VDP, Dozo hunters).
    Militia,
}

impl ActorKind {
    /// Whether a group of this kind makes claims of responsibility.
    fn can_claim(self) -> bool {
        matches!(self, ActorKind::NonState | ActorKind::GenericNonState)
    }
    fn is_named(self) -> bool {
        matches!(
            self,
            ActorKind::NonState | ActorKind::State | ActorKind::Foreign | ActorKind::Militia
        )
    }
}

/// One actor found in a sentence. `start..end` is the byte range of the words that named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMatch {
    /// Canonical name ("JNIM", "Unidentified armed group", "checkpoint").
    pub name: String,
    pub role: ActorRole,
    pub start: usize,
    pub end: usize,
}

/// A named actor with its aliases.
#[derive(Debug, Clone)]
pub struct ActorGroup {
    pub canonical: String,
    pub kind: ActorKind,
    /// Role when no cue in the sentence says otherwise.
    pub default_role: ActorRole,
    pub aliases: Vec<String>,
}

/// A kind of thing that gets attacked (checkpoint, market), with the words that name it.
#[derive(Debug, Clone)]
pub struct TargetObject {
    pub canonical: String,
    pub aliases: Vec<String>,
}

/// The cue words that give actors their roles. Phrases are plain lower-case words (matched on
/// the folded key, hyphens and apostrophes read as spaces); a trailing `*` means "any ending".
#[derive(Debug, Clone, Default)]
pub struct RoleCues {
    /// Right before a claimant: "claimed by", "claim of responsibility by".
    pub claimed_by: Vec<String>,
    /// Claim verbs ("claimed") and what may follow them ("responsibility", "the attack").
    pub claim_verbs: Vec<String>,
    pub claim_objects: Vec<String>,
    /// Whole claim phrases ("said it carried out", "in a statement claiming").
    pub claim_phrases: Vec<String>,
    /// A bare claim verb counts when the clause ends after it or one of these follows
    /// ("the attack, which JNIM claimed on Telegram").
    pub claim_bare: Vec<String>,
    pub claim_bare_followers: Vec<String>,
    /// Words that cancel a claim earlier in its clause ("no group has claimed").
    pub negations: Vec<String>,
    /// Right before a perpetrator: "attributed to", "carried out by".
    pub perpetrator_before: Vec<String>,
    /// Participles that make "<participle> by X" name a perpetrator ("ambushed by X").
    pub participles: Vec<String>,
    /// "identified ... as X", "believed to be X".
    pub identified_as: Vec<String>,
    pub believed_to_be: Vec<String>,
    /// Right before a target: "attack on", "ambushed", "convoy of".
    pub target_before: Vec<String>,
    /// Words allowed between a cue and the actor ("the", "as yet", "members of", numbers).
    pub fillers: Vec<String>,
    /// Verbs after an actor that make it the perpetrator ("X attacked", "X fighters ambushed").
    pub active_verbs: Vec<String>,
    /// Auxiliaries that turn a following participle passive ("were ambushed").
    pub passive_aux: Vec<String>,
    /// After an actor, these mark it as the victim ("died", "lost their lives").
    pub victim_verbs: Vec<String>,
    /// After a participle, these show it is passive ("killed in the attack", "attacked by").
    pub passive_markers: Vec<String>,
    /// Words that end the look-ahead after an actor ("by", "after", "said").
    pub stop_words: Vec<String>,
    /// Relative pronouns that may follow a comma and still refer to the actor ("…, who were").
    pub relatives: Vec<String>,
    /// Words that make the next word a noun ("an ambush", "the attack"), not a verb.
    pub determiners: Vec<String>,
    /// Words right before a generic army word that make it someone else's army
    /// ("French troops", "UN peacekeeping troops"), besides any capitalised word.
    pub foreign_qualifiers: Vec<String>,
    /// A sentence must contain one of these for target objects to be reported.
    pub attack_context: Vec<String>,
}

/// All vocabulary for actor extraction in one language, plus the automata built from it.
pub struct ActorLexicon {
    pub groups: Vec<ActorGroup>,
    pub targets: Vec<TargetObject>,
    /// Phrases that must not be read as a target although they contain one ("truck bomb").
    pub target_blockers: Vec<String>,
    /// Words for a national army that only count when the country is known
    /// ("the army", "soldiers"), and the army's canonical name per ISO country code.
    pub state_terms: Vec<String>,
    pub national_forces: Vec<(String, String)>,
    pub cues: RoleCues,
    compiled: Compiled,
}

impl std::fmt::Debug for ActorLexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActorLexicon")
            .field("groups", &self.groups.len())
            .field("targets", &self.targets.len())
            .finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------------------
// Match keys
// ---------------------------------------------------------------------------------------------

/// A sentence reduced for matching, with a map back to the original byte offsets.
///
/// The key is [`fold`]ed per character, with `-`, `_`, `/` and apostrophes read as spaces and runs
/// of white space collapsed. Every key byte records the original range of the character it came
/// from, so any key range maps back to a valid original range (always on char boundaries).
#[derive(Debug, Clone)]
pub(crate) struct Keyed {
    pub key: String,
    orig_start: Vec<usize>,
    orig_end: Vec<usize>,
}

impl Keyed {
    pub fn new(s: &str) -> Self {
        let mut key = String::with_capacity(s.len());
        let mut orig_start = Vec::with_capacity(s.len());
        let mut orig_end = Vec::with_capacity(s.len());
        let mut buf = [0u8; 4];
        let mut push = |fc: char, i: usize, end: usize, key: &mut String| {
            let fc = match fc {
                '-' | '_' | '/' | '\'' => ' ',
                c if c.is_whitespace() => ' ',
                c => c,
            };
            if fc == ' ' && (key.is_empty() || key.ends_with(' ')) {
                return;
            }
            key.push(fc);
            for _ in 0..fc.len_utf8() {
                orig_start.push(i);
                orig_end.push(end);
            }
        };
        for (i, c) in s.char_indices() {
            let end = i + c.len_utf8();
            if c.is_ascii() {
                // `fold` of an ASCII character is one ASCII character: no allocation.
                push(super::text::fold_ascii(c as u8) as char, i, end, &mut key);
            } else {
                for fc in fold(c.encode_utf8(&mut buf)).chars() {
                    push(fc, i, end, &mut key);
                }
            }
        }
        Keyed {
            key,
            orig_start,
            orig_end,
        }
    }

    /// The key of a lexicon phrase (trimmed).
    pub fn phrase(s: &str) -> String {
        Keyed::new(s).key.trim().to_string()
    }

    /// Original byte range of the key range `start..end` (`start < end <= key.len()`).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.orig_start.get(start).copied().unwrap_or(0);
        let e = end
            .checked_sub(1)
            .and_then(|i| self.orig_end.get(i))
            .copied()
            .unwrap_or(s);
        (s, e.max(s))
    }
}

/// Whether `start..end` of `key` sits on word boundaries.
pub(crate) fn on_word_boundaries(key: &str, start: usize, end: usize) -> bool {
    let before = key[..start].chars().next_back();
    let after = key[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Largest char boundary `<= i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A regex alternation of phrases (already keys); a trailing `*` becomes `\w*`.
pub(crate) fn alternation(phrases: &[String]) -> String {
    let parts = alternatives(phrases);
    if parts.is_empty() {
        // Matches nothing.
        return r"[^\s\S]".to_string();
    }
    parts.join("|")
}

/// The alternatives of [`alternation`], in its order.
pub(crate) fn alternatives(phrases: &[String]) -> Vec<String> {
    let mut parts: Vec<String> = phrases
        .iter()
        .filter_map(|p| {
            let (body, star) = match p.strip_suffix('*') {
                Some(b) => (b, true),
                None => (p.as_str(), false),
            };
            let body = Keyed::phrase(body);
            if body.is_empty() {
                return None;
            }
            let esc = regex::escape(&body).replace(' ', r#"[\s"]+"#);
            Some(if star { format!(r"{esc}\w*") } else { esc })
        })
        .collect();
    // Longest first so that alternation prefers "attack on" over "attack".
    parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    parts
}

/// Compile a regex built from lexicon data. The pieces are escaped, so this cannot fail on
/// lexicon content; a failure would be a bug in the templates here, and falls back to a regex
/// that matches nothing rather than panicking.
pub(crate) fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("trivial regex"))
}

// ---------------------------------------------------------------------------------------------
// Compiled lexicon
// ---------------------------------------------------------------------------------------------

/// What an actor-automaton pattern stands for.
#[derive(Debug, Clone, Copy)]
enum ActorPat {
    Group(usize),
    /// A generic army word, resolved by country.
    State,
}

struct Compiled {
    actors: Option<AhoCorasick>,
    actor_pats: Vec<ActorPat>,
    targets: Option<AhoCorasick>,
    /// `None` for blockers.
    target_pats: Vec<Option<usize>>,
    pre_claim: Regex,
    pre_perp: Regex,
    pre_identified: Regex,
    pre_target: Regex,
    claim: Regex,
    negation: Regex,
    attack_context: Regex,
    tokens: TokenSets,
}

/// Post-actor vocabulary as token sequences.
struct TokenSets {
    active: Vec<Vec<String>>,
    passive_aux: Vec<Vec<String>>,
    participles: Vec<Vec<String>>,
    victim: Vec<Vec<String>>,
    passive_markers: Vec<Vec<String>>,
    stop: Vec<Vec<String>>,
    relatives: Vec<Vec<String>>,
    determiners: Vec<Vec<String>>,
}

fn token_seqs(phrases: &[String]) -> Vec<Vec<String>> {
    let mut v: Vec<Vec<String>> = phrases
        .iter()
        .map(|p| {
            Keyed::phrase(p)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        })
        .filter(|v: &Vec<String>| !v.is_empty())
        .collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    v
}

fn build_automaton(patterns: &[String]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .ok()
}

impl Compiled {
    fn new(
        groups: &[ActorGroup],
        targets: &[TargetObject],
        blockers: &[String],
        state_terms: &[String],
        c: &RoleCues,
    ) -> Self {
        let mut actor_patterns = Vec::new();
        let mut actor_pats = Vec::new();
        for (i, g) in groups.iter().enumerate() {
            for a in std::iter::once(&g.canonical).chain(&g.aliases) {
                let k = Keyed::phrase(a);
                if !k.is_empty() {
                    actor_patterns.push(k);
                    actor_pats.push(ActorPat::Group(i));
                }
            }
        }
        for t in state_terms {
            let k = Keyed::phrase(t);
            if !k.is_empty() {
                actor_patterns.push(k);
                actor_pats.push(ActorPat::State);
            }
        }
        let mut target_patterns = Vec::new();
        let mut target_pats = Vec::new();
        for (i, t) in targets.iter().enumerate() {
            for a in std::iter::once(&t.canonical).chain(&t.aliases) {
                let k = Keyed::phrase(a);
                if !k.is_empty() {
                    target_patterns.push(k);
                    target_pats.push(Some(i));
                }
            }
        }
        for b in blockers {
            let k = Keyed::phrase(b);
            if !k.is_empty() {
                target_patterns.push(k);
                target_pats.push(None);
            }
        }

        let fillers = alternation(&c.fillers);
        // Between a cue and the actor: quotes, brackets and up to five filler words.
        let gap = format!(r#"(?:[\s"(]+(?:(?:{fillers})\b|[0-9]+\b))*[\s"(]*$"#);
        let pre = |cues: &str| compile(&format!(r"(?:^|\b)(?P<cue>{cues}){gap}"));
        let participles = alternation(&c.participles);
        let pre_perp = compile(&format!(
            r#"(?:^|\b)(?P<cue>(?:{})|(?:(?:{participles})(?:[\s"]+\w+ly)?[\s"]+by)){gap}"#,
            alternation(&c.perpetrator_before)
        ));
        let pre_identified = compile(&format!(
            r"(?:^|\b)(?P<cue>(?:(?:{})\b[^,;.]{{0,80}}?\bas)|(?:{})){gap}",
            alternation(&c.identified_as),
            alternation(&c.believed_to_be)
        ));
        let claim = compile(&format!(
            r#"\b(?:(?:{verbs})\s+(?:{objects})\b|(?:{phrases})\b|(?:{bare})(?:\s*(?:[,.;:)"]|$)|\s+(?:{followers})\b))"#,
            verbs = alternation(&c.claim_verbs),
            objects = alternation(&c.claim_objects),
            phrases = alternation(&c.claim_phrases),
            bare = alternation(&c.claim_bare),
            followers = alternation(&c.claim_bare_followers),
        ));
        Compiled {
            actors: build_automaton(&actor_patterns),
            actor_pats,
            targets: build_automaton(&target_patterns),
            target_pats,
            pre_claim: pre(&alternation(&c.claimed_by)),
            pre_perp,
            pre_identified,
            pre_target: pre(&alternation(&c.target_before)),
            claim,
            negation: compile(&format!(r"\b(?:{})\b", alternation(&c.negations))),
            attack_context: compile(&format!(r"\b(?:{})\b", alternation(&c.attack_context))),
            tokens: TokenSets {
                active: token_seqs(&c.active_verbs),
                passive_aux: token_seqs(&c.passive_aux),
                participles: token_seqs(&c.participles),
                victim: token_seqs(&c.victim_verbs),
                passive_markers: token_seqs(&c.passive_markers),
                stop: token_seqs(&c.stop_words),
                relatives: token_seqs(&c.relatives),
                determiners: token_seqs(&c.determiners),
            },
        }
    }
}

/// Leftmost-longest, non-overlapping matches on word boundaries: `(start, end, pattern index)`.
fn word_matches(ac: Option<&AhoCorasick>, key: &str) -> Vec<(usize, usize, usize)> {
    let Some(ac) = ac else { return Vec::new() };
    let mut all: Vec<(usize, usize, usize)> = ac
        .find_overlapping_iter(key)
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
        .filter(|&(s, e, _)| on_word_boundaries(key, s, e))
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for m in all {
        if out.last().is_none_or(|last| m.0 >= last.1) {
            out.push(m);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The English lexicon
// ---------------------------------------------------------------------------------------------

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Named groups: (canonical, kind, default role, aliases).
#[rustfmt::skip]
const ENGLISH_GROUPS: &[(&str, ActorKind, ActorRole, &[&str])] = {
    use ActorKind::*;
    use ActorRole::*;
    &[
        ("JNIM", NonState, Mentioned, &[
            "Jama'at Nusrat al-Islam wal-Muslimin", "Jamaat Nusrat al-Islam wal Muslimin",
            "Jama'at Nusrat al-Islam wa al-Muslimin", "Jamaat Nusrat al Islam wa al Muslimin",
            "Jama'at Nasr al-Islam wal Muslimin", "Jamaat Nasr al-Islam wal Muslimin",
            "Jama'a Nusrat ul-Islam wa al-Muslimin", "Nusrat al-Islam", "GSIM", "JNIM", "JNIM group",
            "Group for the Support of Islam and Muslims", "Group for Support of Islam and Muslims",
            "Support Group for Islam and Muslims", "Group to Support Islam and Muslims",
            "Support Group for Islam and Muslims", "Group Supporting Islam and Muslims",
            "al-Qaida's affiliate in Mali", "al-Qaida affiliate in Mali",
            "al-Qaida's affiliate in the Sahel", "al-Qaida affiliate in the Sahel",
            "al-Qaida's Sahel affiliate", "al-Qaida's branch in the Sahel", "al-Qaida's branch in Mali",
            "al-Qaida's Malian affiliate", "al-Qaida-linked JNIM", "al-Qaida affiliate JNIM",
        ]),
        ("Katiba Macina", NonState, Mentioned, &[
            "Katiba Macina", "Katibat Macina", "Macina Katiba", "Macina Liberation Front",
            "Liberation Front of Macina", "Front de Liberation du Macina", "FLM", "Katiba Massina",
        ]),
        ("Islamic State Sahel Province", NonState, Mentioned, &[
            "ISSP", "IS Sahel", "IS-Sahel", "ISIS Sahel", "ISIS-Sahel", "Islamic State Sahel",
            "Islamic State in the Sahel", "Islamic State's Sahel Province", "Islamic State's Sahel branch",
            "Islamic State Sahel Province", "Islamic State in the Sahel Province",
            "Islamic State group's Sahel affiliate", "Islamic State's Sahel affiliate",
            "Islamic State group's Sahel branch", "Islamic State group in the Sahel",
            "Islamic State in the Greater Sahara", "Islamic State of the Greater Sahara",
            "Islamic State group in the Greater Sahara", "ISGS", "EIGS", "Etat islamique au Grand Sahara",
        ]),
        ("Ansarul Islam", NonState, Mentioned, &[
            "Ansarul Islam", "Ansaroul Islam", "Ansar ul Islam", "Ansar-ul-Islam",
        ]),
        ("AQIM", NonState, Mentioned, &[
            "AQIM", "AQMI", "al-Qaida in the Islamic Maghreb", "al-Qaida in Islamic Maghreb",
        ]),
        ("Ansar Dine", NonState, Mentioned, &["Ansar Dine", "Ansar Eddine", "Ansar al-Din"]),
        ("Al-Mourabitoun", NonState, Mentioned, &["Al-Mourabitoun", "al-Murabitun", "Al Mourabitoune"]),
        ("Boko Haram", NonState, Mentioned, &[
            "Boko Haram", "JAS", "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad",
            "Jama'at Ahl al-Sunna lil-Da'wa wal-Jihad",
        ]),
        ("ISWAP", NonState, Mentioned, &[
            "ISWAP", "Islamic State West Africa Province", "Islamic State West Africa",
            "Islamic State's West Africa Province", "Islamic State in West Africa",
            "Islamic State West African Province",
        ]),
        ("CSP/FLA (Azawad rebels)", NonState, Mentioned, &[
            "CSP", "CSP-PSD", "CSP-DPA", "Permanent Strategic Framework",
            "Permanent Strategic Framework for Peace, Security and Development",
            "Strategic Framework for the Defence of the People of Azawad",
            "Permanent Strategic Framework for the Defence of the People of Azawad",
            "Tuareg rebels", "Tuareg-led rebels", "Tuareg separatists", "Tuareg-led separatists",
            "Tuareg separatist rebels", "Tuareg rebel groups", "Tuareg-dominated rebels",
            "Azawad rebels", "FLA", "Azawad Liberation Front", "Front de Liberation de l'Azawad",
            "Front for the Liberation of Azawad", "Liberation Front of Azawad",
            "CMA", "Coordination of Azawad Movements", "Coordination of Movements of Azawad",
            "separatist rebels", "rebels of the CSP",
        ]),
        ("MNLA", NonState, Mentioned, &[
            "MNLA", "National Movement for the Liberation of Azawad",
        ]),
        ("Wagner Group", Foreign, Mentioned, &[
            "Wagner", "Wagner Group", "Wagner mercenaries", "Wagner fighters", "Wagner paramilitaries",
            "Russian mercenaries", "Russian mercenary group", "Russian paramilitary group",
            "Russian paramilitary group Wagner", "Russian paramilitaries", "Russian military contractors",
            "Russian private military company", "Russian fighters", "Russian mercenary",
        ]),
        ("Africa Corps", Foreign, Mentioned, &[
            "Africa Corps", "Russia's Africa Corps", "Russian Africa Corps",
        ]),
        ("Military Forces of Mali", State, Mentioned, &[
            "FAMa", "FAMas", "Malian army", "Malian armed forces", "Malian soldiers", "Malian troops",
            "Malian military", "Malian forces", "Malian air force", "Mali's army", "Mali's armed forces",
            "Mali's military", "army of Mali", "armed forces of Mali", "Forces armees maliennes",
            "Malian soldier", "Malian defence and security forces",
        ]),
        ("Military Forces of Burkina Faso", State, Mentioned, &[
            "Burkinabe army", "Burkinabe soldiers", "Burkinabe troops", "Burkinabe armed forces",
            "Burkinabe military", "Burkinabe forces", "Burkina Faso's army", "Burkina Faso army",
            "Burkina army", "Burkina Faso's military", "Burkina's army", "Burkinabe soldier",
        ]),
        ("Military Forces of Niger", State, Mentioned, &[
            "Nigerien army", "Nigerien soldiers", "Nigerien troops", "Nigerien armed forces",
            "Nigerien military", "Nigerien forces", "Niger's army", "Niger army", "Niger's military",
            "Nigerien soldier",
        ]),
        ("VDP", Militia, Mentioned, &[
            "VDP", "Volunteers for the Defence of the Homeland", "Volunteers for the Defence of the Fatherland",
            "Volunteers for the Defence of the Nation", "Homeland Defence Volunteers", "army auxiliaries",
            "civilian auxiliaries", "civilian volunteers fighting alongside the army", "Koglweogo",
        ]),
        ("Dan Na Ambassagou", Militia, Mentioned, &[
            "Dan Na Ambassagou", "Dan Nan Ambassagou", "Dana Ambassagou",
        ]),
        ("Dozo militia", Militia, Mentioned, &[
            "Dozo", "Dozos", "Dozo hunters", "Dozo militia", "Dozo militiamen", "traditional hunters",
            "Dogon hunters", "Dogon militia", "Dogon militiamen",
        ]),
        ("Unidentified armed group", Attackers, Perpetrator, &[
            "unidentified armed individuals", "unidentified armed men", "unidentified gunmen",
            "unknown gunmen", "unknown armed men", "unknown assailants", "unidentified assailants",
            "unidentified attackers", "unknown attackers", "unidentified armed group",
            "unidentified individuals", "unidentified men", "unknown individuals",
            "gunmen", "gunman", "armed men", "armed individuals", "armed assailants", "heavily armed men",
            "assailants", "assailant", "attackers", "armed bandits", "bandits", "hooded men",
            "men on motorbikes", "armed men on motorbikes", "suspected gunmen", "raiders",
        ]),
        ("Unidentified armed group", Attackers, Mentioned, &[
            "armed group", "armed groups", "an armed group", "non-state armed groups",
        ]),
        ("Unidentified jihadists", GenericNonState, Mentioned, &[
            "jihadists", "jihadist", "jihadist fighters", "jihadist militants", "jihadi fighters",
            "jihadi forces", "jihadist groups", "jihadist group", "suspected jihadists",
            "alleged jihadists", "presumed jihadists", "terrorists", "suspected terrorists",
            "armed terrorists", "terrorist groups", "terrorist group", "militants", "Islamist militants",
            "Islamist fighters", "Islamist insurgents", "Islamist groups", "Islamist armed groups",
            "insurgents", "extremists", "Islamic extremists", "Islamist extremists", "militant groups",
            "extremist groups", "suspected Islamist militants", "suspected militants",
        ]),
        ("Unidentified Al-Qaeda affiliate", GenericNonState, Mentioned, &[
            "al-Qaida", "al-Qaida fighters", "al-Qaida militants", "al-Qaida jihadists",
            "al-Qaida-linked fighters", "al-Qaida-linked militants", "al-Qaida-linked jihadists",
            "al-Qaida-linked group", "al-Qaida-linked groups", "al-Qaida-affiliated group",
            "al-Qaida-affiliated fighters", "al-Qaida-affiliated militants", "al-Qaida affiliate",
            "al-Qaida affiliates", "al-Qaida's affiliate", "jihadists affiliated with al-Qaida",
            "militants affiliated with al-Qaida", "fighters affiliated with al-Qaida",
            "jihadists linked to al-Qaida", "militants linked to al-Qaida", "fighters linked to al-Qaida",
            "groups linked to al-Qaida", "a group linked to al-Qaida", "suspected al-Qaida militants",
        ]),
        ("Unidentified Islamic State affiliate", GenericNonState, Mentioned, &[
            "Islamic State", "Islamic State group", "Islamic State fighters", "Islamic State militants",
            "Islamic State jihadists", "IS fighters", "IS militants", "IS jihadists", "ISIS", "ISIL",
            "ISIS fighters", "ISIS militants", "Islamic State-linked fighters", "Islamic State-linked militants",
            "Islamic State-linked jihadists", "Islamic State-affiliated group", "Islamic State affiliate",
            "jihadists affiliated with the Islamic State", "jihadists linked to the Islamic State",
            "militants linked to the Islamic State", "militants affiliated with the Islamic State",
            "fighters loyal to the Islamic State", "Daesh",
        ]),
    ]
};

/// Spelling variants: every alias containing the left key also gets a copy with the right one.
#[rustfmt::skip]
const ENGLISH_VARIANTS: &[(&str, &str)] = &[
    ("al qaida", "al qaeda"),
    ("al qaida", "al qa ida"),
    ("al qaida", "alqaida"),
    ("macina", "massina"),
    ("defence", "defense"),
];

/// Target objects: (canonical, aliases).
#[rustfmt::skip]
const ENGLISH_TARGETS: &[(&str, &[&str])] = &[
    ("checkpoint", &["checkpoint", "checkpoints", "check point", "check-point", "roadblock",
        "security checkpoint", "police checkpoint", "customs post", "customs checkpoint"]),
    ("military camp", &["military camp", "military camps", "army camp", "army camps", "military barracks",
        "barracks", "garrison", "main military camp"]),
    ("military base", &["military base", "military bases", "army base", "army bases", "air base", "airbase",
        "UN base", "MINUSMA base", "peacekeeping base", "peacekeepers' base", "base of the army"]),
    ("army position", &["army position", "army positions", "military position", "military positions",
        "military post", "military posts", "army post", "army posts", "outpost", "outposts",
        "military outpost", "advanced post", "forward base", "positions of the army"]),
    ("gendarmerie", &["gendarmerie", "gendarmerie post", "gendarmerie brigade", "gendarmerie station",
        "gendarme post", "gendarmerie camp"]),
    ("gendarmerie school", &["gendarmerie school", "gendarme school", "gendarme training school",
        "gendarmerie training school", "gendarmes' training school", "military police school",
        "military police training facility", "military police training centre", "military police academy",
        "military police center", "military police centre", "gendarmerie training centre",
        "gendarmerie training center", "gendarmerie academy"]),
    ("training school", &["training school", "military training camp", "training camp",
        "military training centre", "military training center", "military school", "military academy",
        "police academy", "training centre", "training center"]),
    ("police station", &["police station", "police stations", "police post", "commissariat",
        "police headquarters", "police precinct"]),
    ("civil defence post", &["civil defence post", "civil defense post", "defence post", "defense post",
        "civil protection post", "civil defence office", "civil defense office"]),
    ("convoy", &["convoy", "convoys", "military convoy", "supply convoy", "logistics convoy",
        "army convoy", "humanitarian convoy"]),
    ("patrol", &["patrol", "patrols", "army patrol", "military patrol", "police patrol", "joint patrol"]),
    ("airport", &["airport", "military airport", "airfield", "airstrip", "air field"]),
    ("village", &["village", "villages", "hamlet", "hamlets"]),
    ("market", &["market", "markets", "marketplace", "weekly market", "livestock market", "cattle market"]),
    ("mosque", &["mosque", "mosques"]),
    ("church", &["church", "churches", "place of worship"]),
    ("bus", &["bus", "buses", "minibus", "passenger bus", "public transport vehicle"]),
    ("vehicle", &["vehicle", "vehicles", "civilian vehicle", "passenger vehicle", "truck", "trucks",
        "lorry", "lorries", "car", "cars", "boat", "pirogue"]),
    ("mine site", &["mine site", "mining site", "gold mine", "gold mining site", "artisanal mine",
        "gold-panning site", "gold panning site", "mining camp", "mining area"]),
    ("school", &["school", "schools", "Koranic school"]),
    ("prison", &["prison", "jail", "detention centre", "detention center"]),
    ("hospital", &["hospital", "health centre", "health center", "clinic"]),
    ("displacement camp", &["camp for displaced people", "displacement camp", "IDP camp", "refugee camp",
        "displaced persons camp"]),
];

#[rustfmt::skip]
const ENGLISH_TARGET_BLOCKERS: &[&str] = &[
    "truck bomb", "truck bombs", "car bomb", "car bombs", "bomb-laden vehicle", "bomb laden truck",
    "explosives-laden vehicle", "explosive-laden vehicle", "explosive-laden truck", "booby-trapped vehicle",
    "booby-trapped car", "vehicle-borne", "car-bomb", "suicide vehicle", "terrorist pick-ups",
    "bus station", "coach station", "school year", "school of thought", "military school of thought",
];

impl ActorLexicon {
    /// The English lexicon: Sahel armed groups, forces, target objects and role cues.
    #[rustfmt::skip]
    pub fn english() -> Self {
        let variants: Vec<(String, String)> = ENGLISH_VARIANTS
            .iter()
            .map(|(a, b)| (Keyed::phrase(a), Keyed::phrase(b)))
            .collect();
        let groups = ENGLISH_GROUPS
            .iter()
            .map(|(canonical, kind, role, aliases)| ActorGroup {
                canonical: canonical.to_string(),
                kind: *kind,
                default_role: *role,
                aliases: with_variants(aliases, &variants),
            })
            .collect();
        let targets = ENGLISH_TARGETS
            .iter()
            .map(|(canonical, aliases)| TargetObject {
                canonical: canonical.to_string(),
                aliases: with_variants(aliases, &variants),
            })
            .collect();
        let cues = RoleCues {
            claimed_by: strings(&[
                "claimed by", "claim of responsibility by", "claim of responsibility from",
                "claims of responsibility by", "claimed responsibility by", "responsibility was claimed by",
                "claimed on behalf of", "claimed in the name of",
            ]),
            claim_verbs: strings(&["claimed", "claims", "claiming", "claim", "has claimed", "have claimed"]),
            claim_objects: strings(&[
                "responsibility", "credit", "the attack", "the attacks", "the assault", "the ambush",
                "the raid", "the raids", "the bombing", "the bombings", "the operation", "the killing",
                "the killings", "the kidnapping", "the kidnappings", "the abduction", "the massacre",
                "the strike", "it", "to have", "that it", "that its", "having", "the suicide attack",
                "the twin attacks", "the coordinated attacks", "the deadly attack", "the ambushes",
                "the attack on", "an attack", "attacks", "the latest attack",
            ]),
            claim_phrases: strings(&[
                "took responsibility", "accepted responsibility", "said it carried out",
                "said it had carried out", "said it was behind", "said they carried out", "said it killed",
                "said it had killed", "said it attacked", "said it had attacked", "said its fighters",
                "said that its fighters", "said it targeted", "in a statement claiming",
                "said they had killed", "said they killed", "said they had attacked", "said it had destroyed",
                "issued a claim", "published a claim", "released a claim", "said they were behind",
                "announced it had carried out", "announced that it had carried out",
            ]),
            claim_bare: strings(&["claimed", "has claimed", "had claimed"]),
            claim_bare_followers: strings(&[
                "on", "in", "via", "through", "later", "shortly", "soon", "online", "overnight",
            ]),
            negations: strings(&[
                "no", "not", "never", "nobody", "no one", "none", "yet to", "neither", "nor", "without",
                "denied", "denies", "deny", "denying", "didn't", "hasn't", "haven't", "wasn't",
                "isn't", "doesn't", "don't", "has yet", "have yet",
            ]),
            perpetrator_before: strings(&[
                "attributed to", "attributed by the army to", "blamed on", "carried out by",
                "perpetrated by", "committed by", "the work of", "launched by", "staged by",
                "conducted by", "orchestrated by", "masterminded by", "led by", "blamed", "blaming",
                "attacks by", "attack by", "ambush by", "raid by", "assault by", "raids by", "killings by",
                "abducted by", "kidnapped by", "hands of", "at the hands of",
            ]),
            participles: strings(&[
                "attacked", "ambushed", "killed", "targeted", "hit", "struck", "raided", "stormed",
                "abducted", "kidnapped", "seized", "shot", "executed", "massacred", "murdered", "overrun",
                "besieged", "burned", "burnt", "torched", "looted", "shelled", "bombed", "assaulted",
                "surrounded", "captured", "taken hostage", "wounded", "injured", "beheaded", "set ablaze",
                "set on fire", "destroyed", "hijacked", "shot dead", "gunned down", "carried out", "perpetrated",
                "committed", "claimed", "fired upon", "fired on", "harassed", "blockaded", "overrun",
            ]),
            identified_as: strings(&["identified", "described", "presented", "named"]),
            believed_to_be: strings(&[
                "believed to be", "suspected to be", "thought to be", "presumed to be", "said to be",
                "believed to belong to", "suspected of belonging to", "suspected of being",
                "suspected of being members of", "suspected to belong to", "thought to belong to",
            ]),
            target_before: strings(&[
                "attack on", "attacks on", "attack against", "attacks against", "assault on",
                "assault against", "raid on", "raids on", "ambush on", "ambush of", "ambush against",
                "ambushes on", "offensive against", "operation against", "operations against",
                "strike on", "strikes on", "strike against", "fire on", "opened fire on",
                "attacked", "ambushed", "targeted", "targeting", "killing", "killed", "wounding",
                "abducting", "kidnapping", "kidnapped", "abducted", "convoy of", "convoys of",
                "positions of", "position of", "base of", "camp of", "patrol of", "vehicles of",
                "vehicle of", "against", "attacking", "ambushing", "storming", "overran", "stormed",
                "casualties on", "losses on", "losses among", "casualties among", "deaths among",
            ]),
            fillers: strings(&[
                "the", "a", "an", "as yet", "yet", "suspected", "alleged", "presumed", "so called",
                "members of", "member of", "fighters of", "fighters from", "militants of",
                "militants from", "elements of", "elements from", "of", "from", "some", "several",
                "dozens of", "hundreds of", "scores of", "at least", "about", "around", "more than",
                "over", "nearly", "almost", "approximately", "heavily", "its", "their", "his", "group",
                "so far", "still", "also", "reportedly", "allegedly", "apparently", "probably",
                "numerous", "many", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred",
                "dozens", "dozen", "a dozen", "people", "suspected members of",
            ]),
            active_verbs: strings(&[
                "attacked", "attack", "attacks", "attacking", "ambushed", "ambush", "ambushes",
                "stormed", "storm", "storms", "raided", "raid", "raids", "killed", "kill", "kills",
                "struck", "strike", "strikes", "targeted", "target", "targets", "launched", "launch",
                "launches", "carried out", "carry out", "carries out", "opened fire", "open fire",
                "fired", "shot", "executed", "massacred", "abducted", "abduct", "kidnapped", "kidnap",
                "seized", "overran", "overrun", "besieged", "burned", "burnt", "torched", "looted",
                "detonated", "blew up", "set off", "planted", "assaulted", "staged", "mounted",
                "set fire", "took control", "captured", "surrounded", "hit", "hits", "shelled",
                "fought", "clashed", "engaged", "invaded", "descended on", "swept into",
                "rode into", "beheaded", "slaughtered", "murdered", "gunned down",
                "shot dead", "perpetrated", "committed", "besiege", "harassed", "overpowered",
            ]),
            passive_aux: strings(&[
                "was", "were", "been", "being", "is", "are", "got", "get", "had been", "have been",
                "has been",
            ]),
            victim_verbs: strings(&[
                "died", "dead", "perished", "lost their lives", "lost his life", "were among the dead",
                "were killed", "was killed",
            ]),
            passive_markers: strings(&[
                "by", "in", "during", "while", "when", "as", "after", "following", "at the hands",
            ]),
            stop_words: strings(&[
                "by", "after", "before", "because", "but", "while", "although", "though", "since",
                "until", "according", "said", "says", "say", "told", "reported", "reports", "claimed",
                "claims", "denied", "accused", "that", "whose", "than", "if", "whether", "where",
            ]),
            relatives: strings(&["who", "which", "that"]),
            determiners: strings(&[
                "a", "an", "the", "their", "its", "his", "this", "of", "in", "during", "deadly",
                "first", "second", "third", "new", "latest", "another", "coordinated", "suicide",
            ]),
            foreign_qualifiers: strings(&[
                "french", "un", "foreign", "international", "european", "peacekeeping", "russian",
                "chadian", "ivorian", "american", "us", "minusma", "ecowas", "allied", "other",
            ]),
            attack_context: strings(&[
                "attack*", "ambush*", "assault*", "raid*", "storm*", "target*", "struck", "hit",
                "kill*", "bomb*", "explo*", "fire", "fired", "gunfire", "shot", "shoot*", "abduct*",
                "kidnap*", "overran", "overrun", "seized", "loot*", "burn*", "burnt", "torch*",
                "shell*", "strike*", "clash*", "fight*", "dead", "died", "wound*", "injur*", "casualt*",
                "massacre*", "militant*", "siege", "besieg*", "perpetrated", "carried out",
            ]),
        };
        let state_terms = strings(&[
            "the army", "army", "soldiers", "soldier", "troops", "the military", "armed forces",
            "defence and security forces", "defense and security forces", "national army",
            "government forces", "government troops", "regular army",
        ]);
        let national_forces = vec![
            ("ML".to_string(), "Military Forces of Mali".to_string()),
            ("BF".to_string(), "Military Forces of Burkina Faso".to_string()),
            ("NE".to_string(), "Military Forces of Niger".to_string()),
        ];
        Self::new(
            groups,
            targets,
            strings(ENGLISH_TARGET_BLOCKERS),
            state_terms,
            national_forces,
            cues,
        )
    }

    /// A shared English lexicon, built on first use (the automata are built once per process).
    pub fn english_shared() -> &'static ActorLexicon {
        static LEX: LazyLock<ActorLexicon> = LazyLock::new(ActorLexicon::english);
        &LEX
    }

    /// Build a lexicon from data (any language) and compile its automata and cue patterns.
    pub fn new(
        groups: Vec<ActorGroup>,
        targets: Vec<TargetObject>,
        target_blockers: Vec<String>,
        state_terms: Vec<String>,
        national_forces: Vec<(String, String)>,
        cues: RoleCues,
    ) -> Self {
        let compiled = Compiled::new(&groups, &targets, &target_blockers, &state_terms, &cues);
        ActorLexicon {
            groups,
            targets,
            target_blockers,
            state_terms,
            national_forces,
            cues,
            compiled,
        }
    }

    /// Whether a canonical name is a state or foreign force or a pro-government militia
    /// (what ACLED would count as "security forces" when attacked).
    pub fn is_security_force(&self, canonical: &str) -> bool {
        self.groups.iter().any(|g| {
            g.canonical == canonical
                && matches!(
                    g.kind,
                    ActorKind::State | ActorKind::Foreign | ActorKind::Militia
                )
        }) || self.national_forces.iter().any(|(_, c)| c == canonical)
    }

    /// The kind of a canonical actor name, if the lexicon knows it.
    pub fn kind_of(&self, canonical: &str) -> Option<ActorKind> {
        self.groups
            .iter()
            .find(|g| g.canonical == canonical)
            .map(|g| g.kind)
            .or_else(|| {
                self.national_forces
                    .iter()
                    .any(|(_, c)| c == canonical)
                    .then_some(ActorKind::State)
            })
    }
}

/// Aliases plus their spelling variants, deduplicated by key.
fn with_variants(aliases: &[&str], variants: &[(String, String)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for a in aliases {
        let k = Keyed::phrase(a);
        if seen.insert(k.clone()) {
            out.push(a.to_string());
        }
        for (from, to) in variants {
            if from.is_empty() || !k.contains(from.as_str()) {
                continue;
            }
            let v = k.replace(from.as_str(), to);
            if seen.insert(v.clone()) {
                out.push(v);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Finding actors
// ---------------------------------------------------------------------------------------------

/// An actor occurrence while roles are being worked out (key offsets).
#[derive(Debug, Clone)]
struct Raw {
    start: usize,
    end: usize,
    name: String,
    kind: ActorKind,
    default_role: ActorRole,
    role: Option<ActorRole>,
}

/// Actors named in one sentence, with their roles; one entry per canonical name (the strongest
/// role wins, the span is the occurrence that gave it). Generic army words ("the army",
/// "soldiers") are ignored here; see [`find_actors_in`].
pub fn find_actors(sentence: &str, lex: &ActorLexicon) -> Vec<ActorMatch> {
    find_actors_in(sentence, lex, None)
}

/// Like [`find_actors`], with the incident's country (ISO alpha-2) known: generic army words
/// ("the army", "soldiers", "troops") then name that country's forces ("Military Forces of Mali").
pub fn find_actors_in(
    sentence: &str,
    lex: &ActorLexicon,
    country: Option<&str>,
) -> Vec<ActorMatch> {
    actors_in_keyed(sentence, &Keyed::new(sentence), lex, country)
}

/// [`find_actors_in`] with the sentence's key already made (`Keyed::new(sentence)`).
fn actors_in_keyed(
    sentence: &str,
    keyed: &Keyed,
    lex: &ActorLexicon,
    country: Option<&str>,
) -> Vec<ActorMatch> {
    let key = keyed.key.as_str();
    let c = &lex.compiled;
    let national = country.and_then(|cc| {
        lex.national_forces
            .iter()
            .find(|(code, _)| code.eq_ignore_ascii_case(cc))
            .map(|(_, n)| n.clone())
    });

    let mut raws: Vec<Raw> = Vec::new();
    for (start, end, pat) in word_matches(c.actors.as_ref(), key) {
        match c.actor_pats.get(pat) {
            Some(ActorPat::Group(g)) => {
                if let Some(g) = lex.groups.get(*g) {
                    raws.push(Raw {
                        start,
                        end,
                        name: g.canonical.clone(),
                        kind: g.kind,
                        default_role: g.default_role,
                        role: None,
                    });
                }
            }
            Some(ActorPat::State) => {
                if let Some(n) = national
                    .as_ref()
                    .filter(|_| !someone_elses_army(sentence, &keyed, start, lex))
                {
                    raws.push(Raw {
                        start,
                        end,
                        name: n.clone(),
                        kind: ActorKind::State,
                        default_role: ActorRole::Mentioned,
                        role: None,
                    });
                }
            }
            None => {}
        }
    }
    if raws.is_empty() {
        return Vec::new();
    }

    // Roles from the words right before and after each occurrence. In a coordination
    // ("attributed to JNIM and ISSP", "Wagner and Malian troops were killed") the cue before the
    // first member and the cue after the last one apply to every member.
    let before: Vec<Option<ActorRole>> = raws.iter().map(|r| role_before(key, r, c)).collect();
    let after: Vec<Option<ActorRole>> = (0..raws.len())
        .map(|i| {
            let next_start = raws.get(i + 1).map_or(key.len(), |n| n.start);
            role_after(key, &raws[i], next_start, c)
        })
        .collect();
    let coordinated: Vec<bool> = raws
        .windows(2)
        .map(|w| is_coordination(&key[w[0].end..w[1].start]))
        .collect();
    let mut before_prop = before.clone();
    for i in 1..raws.len() {
        if before_prop[i].is_none() && coordinated[i - 1] {
            before_prop[i] = before_prop[i - 1];
        }
    }
    let mut after_prop = after.clone();
    for i in (0..raws.len().saturating_sub(1)).rev() {
        if after_prop[i].is_none() && coordinated[i] {
            after_prop[i] = after_prop[i + 1];
        }
    }
    for (i, r) in raws.iter_mut().enumerate() {
        r.role = before_prop[i].max_by_rank(after_prop[i]);
    }
    // Claims stated after the claimant ("JNIM … claimed responsibility").
    apply_claim_phrases(key, &mut raws, c);
    // Fold appositives and "jihadists of the JNIM" into the named group.
    let raws = absorb_descriptions(key, raws);

    // One entry per canonical name, strongest role first-come.
    let mut out: Vec<ActorMatch> = Vec::new();
    for r in raws {
        let role = r.role.unwrap_or(r.default_role);
        let role = if r.kind == ActorKind::Attackers && role == ActorRole::Target {
            // "the army killed 48 assailants": still the attackers.
            ActorRole::Perpetrator
        } else {
            role
        };
        let (start, end) = keyed.original(r.start, r.end);
        match out.iter_mut().find(|m| m.name == r.name) {
            Some(m) if role.rank() > m.role.rank() => {
                m.role = role;
                m.start = start;
                m.end = end;
            }
            Some(_) => {}
            None => out.push(ActorMatch {
                name: r.name,
                role,
                start,
                end,
            }),
        }
    }
    out
}

/// Whether a generic army word at key offset `start` is qualified as another country's or
/// organisation's ("French troops", "UN peacekeeping troops", "Chadian soldiers"): a capitalised
/// word right before it (other than a sentence-initial article) or a listed qualifier.
fn someone_elses_army(sentence: &str, keyed: &Keyed, start: usize, lex: &ActorLexicon) -> bool {
    let key = keyed.key.as_str();
    let prev_key = key[..start].split_whitespace().next_back().unwrap_or("");
    if lex.cues.foreign_qualifiers.iter().any(|q| q == prev_key) {
        return true;
    }
    let (orig_start, _) = keyed.original(start, start + 1);
    let before = sentence.get(..orig_start).unwrap_or("");
    let mut words = before.split_whitespace();
    let Some(prev) = words.next_back() else {
        return false;
    };
    let capitalised = prev.chars().next().is_some_and(char::is_uppercase);
    let sentence_initial_article =
        words.next_back().is_none() && ["The", "A", "An", "Its", "Their", "Our"].contains(&prev);
    capitalised && !sentence_initial_article
}

/// Whether the text between two actors joins them as one subject or object ("X and Y").
fn is_coordination(gap: &str) -> bool {
    let g: Vec<&str> = gap
        .split_whitespace()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let g = g.join(" ");
    let g = g.trim_matches(|c: char| c.is_whitespace() || c == '"');
    matches!(
        g,
        "(" | "and"
            | ","
            | "or"
            | "as well as"
            | ", and"
            | "&"
            | "and the"
            | ", the"
            | "and their"
            | "and allied"
    )
}

trait MaxByRank {
    fn max_by_rank(self, other: Option<ActorRole>) -> Option<ActorRole>;
}
impl MaxByRank for Option<ActorRole> {
    fn max_by_rank(self, other: Option<ActorRole>) -> Option<ActorRole> {
        match (self, other) {
            (Some(a), Some(b)) => Some(if b.rank() > a.rank() { b } else { a }),
            (a, b) => a.or(b),
        }
    }
}

/// The last ~160 bytes of key text before `pos`, and where that window starts.
fn window_before(key: &str, pos: usize) -> (usize, &str) {
    let from = floor_boundary(key, pos.saturating_sub(160));
    // Start on a word so a cut word cannot look like a cue.
    let from = key[from..pos]
        .find(' ')
        .filter(|_| from > 0)
        .map_or(from, |i| from + i + 1);
    (from, &key[from..pos])
}

/// Whether a claim cue starting at `cue_at` is negated earlier in its clause.
fn negated(key: &str, cue_at: usize, c: &Compiled) -> bool {
    let (_, w) = window_before(key, cue_at);
    // The clause: after the last comma, semicolon, colon or bracket.
    let clause_start = w.rfind([',', ';', ':', '(', ')']).map_or(0, |i| i + 1);
    let clause = &w[clause_start..];
    let clause = [" but ", " and ", " while ", " whereas "]
        .iter()
        .fold(clause, |cl, sep| cl.rsplit(sep).next().unwrap_or(cl));
    c.negation.is_match(clause)
}

/// Role cues right before an occurrence ("claimed by", "attributed to", "ambushed a convoy of").
fn role_before(key: &str, r: &Raw, c: &Compiled) -> Option<ActorRole> {
    let (from, w) = window_before(key, r.start);
    if !matches!(r.kind, ActorKind::State | ActorKind::Foreign)
        && let Some(cap) = c.pre_claim.captures(w)
    {
        let at = cap.name("cue").map_or(0, |m| m.start()) + from;
        if !negated(key, at, c) {
            return Some(ActorRole::ClaimedBy);
        }
        return Some(ActorRole::Mentioned);
    }
    if let Some(cap) = c.pre_perp.captures(w) {
        // "claimed by" is a participle + by too: handled above; for State/Foreign it is a mention.
        let cue = cap.name("cue").map_or("", |m| m.as_str());
        if cue.starts_with("claimed") {
            return Some(ActorRole::Mentioned);
        }
        return Some(ActorRole::Perpetrator);
    }
    if c.pre_identified.is_match(w) {
        return Some(ActorRole::Perpetrator);
    }
    if c.pre_target.is_match(w) {
        return Some(ActorRole::Target);
    }
    None
}

/// Words of the key after `pos`, up to `limit`, as (start, word) with punctuation as words.
fn tokens_after(key: &str, pos: usize, limit: usize) -> Vec<(usize, &str)> {
    static TOKEN: LazyLock<Regex> = LazyLock::new(|| compile(r#"\w+|[^\w\s"]"#));
    TOKEN
        .find_iter(&key[pos..limit.max(pos)])
        .map(|m| (pos + m.start(), m.as_str()))
        .collect()
}

/// Length in words of the first sequence in `set` that starts at `words[i..]`.
fn seq_at(words: &[&str], i: usize, set: &[Vec<String>]) -> Option<usize> {
    set.iter()
        .find(|seq| {
            seq.len() <= words.len().saturating_sub(i)
                && seq.iter().zip(&words[i..]).all(|(a, b)| a == b)
        })
        .map(Vec::len)
}

/// Role cues after an occurrence: "X attacked" (perpetrator), "X were ambushed", "X who were
/// killed", "X died" (target). Looks at most seven words ahead, skipping one appositive
/// ("armed men, also identified as …, had attacked"), and stops at the next actor.
fn role_after(key: &str, r: &Raw, next_start: usize, c: &Compiled) -> Option<ActorRole> {
    let t = &c.tokens;
    let mut toks = tokens_after(key, r.end, next_start);
    // A bracketed acronym or aside: "the Group for … Muslims (JNIM) ambushed".
    if toks.first().is_some_and(|(_, w)| *w == "(") {
        match toks.iter().take(12).position(|(_, w)| *w == ")") {
            Some(close) => {
                toks.drain(..=close);
            }
            None => return None,
        }
    } else if toks.first().is_some_and(|(_, w)| *w == ")") {
        toks.remove(0);
    }
    if toks.first().is_some_and(|(_, w)| *w == ",") {
        let rel = toks
            .get(1)
            .is_some_and(|(_, w)| seq_at(&[w], 0, &t.relatives).is_some());
        if rel {
            toks.remove(0);
        } else if let Some(close) = toks.iter().skip(1).take(30).position(|(_, w)| *w == ",") {
            toks.drain(..close + 2);
        } else {
            return None;
        }
    }
    let words: Vec<&str> = toks.iter().map(|(_, w)| *w).collect();
    let mut i = 0;
    let mut seen = 0;
    while i < words.len() && seen < 7 {
        let w = words[i];
        if w.len() == 1 && !w.chars().all(char::is_alphanumeric) {
            return None;
        }
        if let Some(n) = seq_at(&words, i, &t.victim) {
            let _ = n;
            return Some(ActorRole::Target);
        }
        if let Some(n) = seq_at(&words, i, &t.passive_aux) {
            // "were ambushed", "had been reportedly attacked"
            let mut j = i + n;
            while j < words.len() && words[j].ends_with("ly") {
                j += 1;
            }
            if seq_at(&words, j, &t.participles).is_some() {
                return Some(ActorRole::Target);
            }
            i += n;
            seen += n;
            continue;
        }
        if let Some(n) = seq_at(&words, i, &t.active) {
            let next = i + n;
            // "in an ambush", "the attack": a noun, not a verb.
            if i > 0 && seq_at(&words, i - 1, &t.determiners).is_some() {
                i += n;
                seen += n;
                continue;
            }
            if seq_at(&words, next, &t.passive_markers).is_some()
                && seq_at(&words, i, &t.participles).is_some()
            {
                // "soldiers killed in the attack", "convoy attacked by": a reduced passive.
                return Some(ActorRole::Target);
            }
            return Some(ActorRole::Perpetrator);
        }
        if seq_at(&words, i, &t.stop).is_some() {
            return None;
        }
        i += 1;
        seen += 1;
    }
    None
}

/// Claims stated after the claimant: "JNIM claimed responsibility", "the attack, which X
/// called a response … and claimed responsibility", "X said it carried out". Each claim phrase
/// not negated in its clause goes to the nearest earlier actor that can claim (a non-state
/// group not itself the object of the attack); failing that, to a claimant right after a
/// comma ("In a statement claiming the attack, JNIM said …").
fn apply_claim_phrases(key: &str, raws: &mut [Raw], c: &Compiled) {
    for m in c.claim.find_iter(key) {
        let (p, q) = (m.start(), m.end());
        // "claimed by" is read from the claimant's side (role_before).
        if key[q..].trim_start().starts_with("by ") {
            continue;
        }
        if raws.iter().any(|r| r.start <= p && p < r.end) || negated(key, p, c) {
            continue;
        }
        let before = raws
            .iter()
            .enumerate()
            .filter(|(_, r)| r.end <= p && r.kind.can_claim() && r.role != Some(ActorRole::Target))
            .map(|(i, _)| i)
            .next_back();
        if let Some(mut i) = before {
            // "ISWAP fighters overran the base, the militants said in a statement claiming the
            // attack": a generic description after a named group usually refers back to it.
            if raws[i].kind == ActorKind::GenericNonState
                && let Some(j) = raws[..i]
                    .iter()
                    .rposition(|r| r.kind == ActorKind::NonState)
            {
                i = j;
            }
            raws[i].role = Some(ActorRole::ClaimedBy);
            continue;
        }
        // Claim phrase opening the sentence: the claimant follows after a comma.
        let clause_before = key[..p].rsplit([',', ';', ':']).next().unwrap_or("");
        if clause_before.split_whitespace().count() > 4 || raws.iter().any(|r| r.end <= p) {
            continue;
        }
        if let Some(r) = raws.iter_mut().find(|r| r.start >= q && r.kind.can_claim()) {
            let between = &key[q..r.start];
            let tail = between.rsplit(',').next().unwrap_or(between);
            if between.contains(',') && tail.split_whitespace().count() <= 2 && r.start - q < 160 {
                r.role = Some(ActorRole::ClaimedBy);
            }
        }
    }
}

/// Drop generic descriptions that only describe a named group next to them, passing their role on:
/// "the Katiba Macina, a terrorist organization affiliated with Al-Qaeda" (appositive),
/// "jihadists of the JNIM", "JNIM jihadists", "al-Qaida-linked JNIM".
fn absorb_descriptions(key: &str, mut raws: Vec<Raw>) -> Vec<Raw> {
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        compile(
            r#"^[\s"]*(?:(?:of|from|in|with|within|belonging to|linked to|affiliated with|known as|called)\s+)?(?:the\s+)?[\s"(]*$"#,
        )
    });
    let mut keep = vec![true; raws.len()];
    for i in 0..raws.len() {
        for j in 0..raws.len() {
            if i == j || !keep[j] || raws[i].kind != ActorKind::NonState || raws[j].kind.is_named()
            {
                continue;
            }
            let (named, generic) = (&raws[i], &raws[j]);
            let absorbed = if generic.start >= named.end {
                // After the named group: adjacent ("JNIM jihadists") or within its appositive.
                let gap = &key[named.end..generic.start];
                gap.trim().is_empty()
                    || gap.trim_start().starts_with('(') && !gap.contains(')')
                    || appositive(gap)
            } else if generic.end <= named.start {
                // Before it: "jihadists of the JNIM", "al-Qaida-linked JNIM".
                LINK.is_match(&key[generic.end..named.start])
            } else {
                false
            };
            if absorbed {
                let role = raws[j].role;
                let merged = raws[i].role.max_by_rank(role);
                raws[i].role = merged;
                keep[j] = false;
            }
        }
    }
    raws.into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

/// Whether the text between a named group and a description is an appositive opening
/// (", a ", ", the ", ", an organisation …"): one comma, short, no verb-like connector.
fn appositive(gap: &str) -> bool {
    let Some(rest) = gap.trim_start().strip_prefix(',') else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '"']);
    let opens = rest.is_empty()
        || [
            "a ",
            "an ",
            "the ",
            "one of ",
            "itself ",
            "known as ",
            "described as ",
            "considered ",
        ]
        .iter()
        .any(|p| rest.starts_with(p));
    opens
        && !rest.contains(',')
        && gap.len() < 90
        && ![" and ", " which ", " who ", " while "]
            .iter()
            .any(|c| rest.contains(c))
}

/// Target objects named in a sentence (checkpoint, military camp, market…), as
/// `ActorRole::Target` matches, one per canonical name. Only sentences that speak of violence
/// ("attack", "ambushed", "killed", "explosion"…) report targets, so "arrived at Bamako airport"
/// does not.
pub fn find_targets(sentence: &str, lex: &ActorLexicon) -> Vec<ActorMatch> {
    targets_in_keyed(&Keyed::new(sentence), lex)
}

/// [`find_targets`] from the sentence's key (`Keyed::new(sentence)`).
fn targets_in_keyed(keyed: &Keyed, lex: &ActorLexicon) -> Vec<ActorMatch> {
    let key = keyed.key.as_str();
    let c = &lex.compiled;
    if !c.attack_context.is_match(key) {
        return Vec::new();
    }
    let mut out: Vec<ActorMatch> = Vec::new();
    for (start, end, pat) in word_matches(c.targets.as_ref(), key) {
        let Some(Some(t)) = c.target_pats.get(pat) else {
            continue;
        };
        let Some(t) = lex.targets.get(*t) else {
            continue;
        };
        if out.iter().any(|m| m.name == t.canonical) {
            continue;
        }
        let (s, e) = keyed.original(start, end);
        out.push(ActorMatch {
            name: t.canonical.clone(),
            role: ActorRole::Target,
            start: s,
            end: e,
        });
    }
    out
}

/// Actors and target objects of a sentence together, sorted by position.
pub fn find_all(sentence: &str, lex: &ActorLexicon, country: Option<&str>) -> Vec<ActorMatch> {
    // One key for both searches.
    let keyed = Keyed::new(sentence);
    let mut v = actors_in_keyed(sentence, &keyed, lex, country);
    v.extend(targets_in_keyed(&keyed, lex));
    v.sort_by_key(|m| (m.start, m.end));
    v
}

#[cfg(test)]
mod tests {
    use super::ActorRole::*;
    use super::*;

    fn lex() -> &'static ActorLexicon {
        ActorLexicon::english_shared()
    }

    fn roles(s: &str) -> Vec<(String, ActorRole)> {
        find_actors_in(s, lex(), Some("ML"))
            .into_iter()
            .map(|m| (m.name, m.role))
            .collect()
    }

    /// Every expected (name, role) is found, and no name in `absent` is.
    fn check(s: &str, expect: &[(&str, ActorRole)], absent: &[&str]) {
        let got = roles(s);
        for (name, role) in expect {
            assert!(
                got.iter().any(|(n, r)| n == name && r == role),
                "expected {name} as {role:?} in {s:?}, got {got:?}"
            );
        }
        for name in absent {
            assert!(
                !got.iter().any(|(n, _)| n == name),
                "did not expect {name} in {s:?}, got {got:?}"
            );
        }
    }

    fn claimants(s: &str) -> Vec<String> {
        roles(s)
            .into_iter()
            .filter(|(_, r)| *r == ClaimedBy)
            .map(|(n, _)| n)
            .collect()
    }

    fn targets(s: &str) -> Vec<String> {
        find_targets(s, lex()).into_iter().map(|m| m.name).collect()
    }

    // --- The cases the brief names -------------------------------------------------------------

    #[test]
    fn affiliate_in_mali_claims() {
        let s = "One soldier was killed in the attack, which Al-Qaida’s affiliate in Mali called a response to the military government’s working with Russian mercenaries and claimed responsibility for the attack.";
        check(s, &[("JNIM", ClaimedBy), ("Wagner Group", Mentioned)], &[]);
        let m = find_actors(s, lex())
            .into_iter()
            .find(|m| m.name == "JNIM")
            .expect("JNIM");
        assert_eq!(&s[m.start..m.end], "Al-Qaida’s affiliate in Mali");
    }

    #[test]
    fn incident_claimed_by_jnim() {
        check(
            "The incident, claimed by JNIM, is a significant challenge to the ruling junta, marking the first such attack in years.",
            &[("JNIM", ClaimedBy)],
            &[],
        );
    }

    #[test]
    fn suicide_attack_claimed_by_katiba_macina() {
        let s = "A suicide attack claimed by the Katiba Macina, a terrorist organization affiliated with Al-Qaeda, was perpetrated in the Kati military camp.";
        check(
            s,
            &[("Katiba Macina", ClaimedBy)],
            &["Unidentified Al-Qaeda affiliate"],
        );
        assert_eq!(targets(s), vec!["military camp"]);
    }

    #[test]
    fn ambushed_by_al_qaida_fighters() {
        let s = "In July, a notable incident involved the death of approximately 50 Russian mercenaries who were ambushed by al-Qaida fighters.";
        check(
            s,
            &[
                ("Unidentified Al-Qaeda affiliate", Perpetrator),
                ("Wagner Group", Target),
            ],
            &[],
        );
    }

    #[test]
    fn no_group_has_claimed() {
        assert!(
            roles("So far, no group has claimed responsibility for the Monday attack.").is_empty()
        );
    }

    // --- Claims ----------------------------------------------------------------------------------

    #[test]
    fn claims_in_varied_phrasing() {
        // AFP: full name, acronym and description of one group.
        assert_eq!(
            claimants(
                "Jama'at Nusrat al-Islam wal-Muslimin (JNIM), al-Qaeda's affiliate in the Sahel, claimed responsibility for the attack in a statement."
            ),
            vec!["JNIM"]
        );
        // AP: "said it carried out".
        assert_eq!(
            claimants(
                "The Islamic State group's Sahel affiliate said it carried out the attack, according to the SITE Intelligence Group."
            ),
            vec!["Islamic State Sahel Province"]
        );
        // Reuters: claim made after a participial opening.
        assert_eq!(
            claimants(
                "In a statement claiming the attack, JNIM said it had killed dozens of soldiers."
            ),
            vec!["JNIM"]
        );
        // "the attack, which X claimed"
        assert_eq!(
            claimants("Twelve soldiers died in the ambush, which JNIM claimed on Telegram."),
            vec!["JNIM"]
        );
        // Passive claim with a platform.
        assert_eq!(
            claimants(
                "The attack on the Bamako gendarmerie school was claimed by JNIM on Telegram."
            ),
            vec!["JNIM"]
        );
        // Generic claimant.
        assert_eq!(
            claimants("Jihadists affiliated with Al-Qaeda claimed the attack on Thursday."),
            vec!["Unidentified Al-Qaeda affiliate"]
        );
        // "said its fighters" is a claim.
        check(
            "JNIM said its fighters had attacked a Wagner convoy near Tinzaouaten.",
            &[("JNIM", ClaimedBy), ("Wagner Group", Target)],
            &[],
        );
        // Rebels claiming a tally, with their victims as targets.
        check(
            "The Permanent Strategic Framework (CSP), a coalition of Tuareg rebel groups, claimed to have killed dozens of Malian soldiers.",
            &[
                ("CSP/FLA (Azawad rebels)", ClaimedBy),
                ("Military Forces of Mali", Target),
            ],
            &[],
        );
        // A generic description after the named group refers back to it.
        check(
            "ISWAP fighters overran a military base in Borno state, the militants said in a statement claiming the attack.",
            &[("ISWAP", ClaimedBy)],
            &[],
        );
        // Accepted responsibility, Al Jazeera style.
        assert_eq!(
            claimants(
                "Ansarul Islam took responsibility for the raid on the gendarmerie in Djibo."
            ),
            vec!["Ansarul Islam"]
        );
    }

    #[test]
    fn claim_and_perpetrator_kept_apart() {
        let s = "Mali’s military-led authorities have yet to provide an official count of the fatalities, but the attack has been attributed to JNIM, a militant group affiliated with Al-Qaeda.";
        check(
            s,
            &[("JNIM", Perpetrator)],
            &["Unidentified Al-Qaeda affiliate"],
        );
        assert!(claimants(s).is_empty());
    }

    // --- Negation --------------------------------------------------------------------------------

    #[test]
    fn negated_claims() {
        for s in [
            "The attack has not been claimed, but it bears the hallmarks of JNIM.",
            "No one has yet claimed responsibility for the attack, which security sources attributed to the Islamic State in the Greater Sahara.",
            "The Macina Liberation Front (FLM) has not claimed the attack.",
            "JNIM has yet to claim the attack, which killed eleven soldiers.",
            "AQIM denied responsibility for the kidnapping.",
            "Nobody claimed the ambush, and the army blamed terrorists.",
            "An explosive device hit a bus carrying passengers near Boni; no one has claimed responsibility.",
            "The attack has yet to be claimed by any group.",
        ] {
            assert!(
                claimants(s).is_empty(),
                "no claim expected in {s:?}, got {:?}",
                roles(s)
            );
        }
        check(
            "No one has yet claimed responsibility for the attack, which security sources attributed to the Islamic State in the Greater Sahara.",
            &[("Islamic State Sahel Province", Perpetrator)],
            &[],
        );
        check(
            "Nobody claimed the ambush, and the army blamed terrorists.",
            &[("Unidentified jihadists", Perpetrator)],
            &[],
        );
    }

    // --- Perpetrators ----------------------------------------------------------------------------

    #[test]
    fn perpetrators_in_varied_phrasing() {
        check(
            "The attack was carried out “by as yet unidentified armed individuals”, leaving three civilians and three law enforcement officers dead, and wounding two others, it said.",
            &[("Unidentified armed group", Perpetrator)],
            &[],
        );
        check(
            "A police station on the same road was ambushed by “unidentified armed individuals” on June 24, killing one officer, authorities had said.",
            &[("Unidentified armed group", Perpetrator)],
            &[],
        );
        check(
            "Armed men, also identified by the soldiers as members of the Katiba Macina, had attacked checkpoints, a gendarmerie and a military camp, in particular in the locality of Kolokani.",
            &[
                ("Unidentified armed group", Perpetrator),
                ("Katiba Macina", Perpetrator),
            ],
            &[],
        );
        check(
            "According to the Malian army, they were perpetrated by “terrorists” in a coordinated way.",
            &[
                ("Unidentified jihadists", Perpetrator),
                ("Military Forces of Mali", Mentioned),
            ],
            &[],
        );
        check(
            "Mali’s security ministry said unidentified armed individuals attacked the defense post Monday night in the small southwest town of Markacoungo.",
            &[("Unidentified armed group", Perpetrator)],
            &[],
        );
        check(
            "Al Qaeda-linked militants killed at least 20 soldiers in an attack on an army base in central Mali on Sunday, the army said.",
            &[("Unidentified Al-Qaeda affiliate", Perpetrator)],
            &[],
        );
        check(
            "Fighters from the Group for the Support of Islam and Muslims (JNIM) ambushed a convoy of Wagner mercenaries near Tinzaouaten.",
            &[("JNIM", Perpetrator), ("Wagner Group", Target)],
            &[],
        );
        check(
            "Gunmen on motorbikes stormed the village of Solhan overnight, killing at least 130 people.",
            &[("Unidentified armed group", Perpetrator)],
            &[],
        );
        check(
            "Suspected jihadists attacked a checkpoint near the town of Boni on Tuesday.",
            &[("Unidentified jihadists", Perpetrator)],
            &[],
        );
        check(
            "The army said its troops had repelled an attack by JNIM fighters on a military post in Diafarabé.",
            &[("JNIM", Perpetrator)],
            &[],
        );
        check(
            "Boko Haram militants abducted more than 100 people from a village in Borno.",
            &[("Boko Haram", Perpetrator)],
            &["Unidentified jihadists"],
        );
        check(
            "Dozo hunters attacked the Fulani village of Ogossagou, killing 160 people.",
            &[("Dozo militia", Perpetrator)],
            &[],
        );
        check(
            "Russian mercenaries and Malian troops executed dozens of civilians in Moura, rights groups said.",
            &[
                ("Wagner Group", Perpetrator),
                ("Military Forces of Mali", Perpetrator),
            ],
            &[],
        );
        check(
            "Jihadists affiliated with the Islamic State killed 15 villagers in the Ménaka region.",
            &[("Unidentified Islamic State affiliate", Perpetrator)],
            &[],
        );
        check(
            "The attack was attributed to the Islamic State Sahel Province (ISSP) by the Nigerien authorities.",
            &[("Islamic State Sahel Province", Perpetrator)],
            &[],
        );
        check(
            "Unidentified gunmen shot dead a village chief in Ségou region.",
            &[("Unidentified armed group", Perpetrator)],
            &[],
        );
        check(
            "The raids were blamed on jihadists of the Katiba Macina.",
            &[("Katiba Macina", Perpetrator)],
            &["Unidentified jihadists"],
        );
        check(
            "The army claims to have killed 48 assailants and “neutralized three terrorist pick-ups”.",
            &[("Unidentified armed group", Perpetrator)],
            &[],
        );
    }

    // --- Targets and mentions --------------------------------------------------------------------

    #[test]
    fn actor_targets() {
        check(
            "At least 15 Malian soldiers and three civilians were killed on Wednesday in three new attacks.",
            &[("Military Forces of Mali", Target)],
            &[],
        );
        check(
            "Burkinabe soldiers and VDP auxiliaries were killed when suspected jihadists ambushed their convoy near Djibo.",
            &[
                ("Military Forces of Burkina Faso", Target),
                ("VDP", Target),
                ("Unidentified jihadists", Perpetrator),
            ],
            &[],
        );
        check(
            "The Nigerien army said it had killed 30 terrorists who attacked a military position in Tillabéri.",
            &[("Unidentified jihadists", Perpetrator)],
            &[],
        );
        check(
            "Malian soldiers killed in the attack on the Boulkessi camp were buried on Friday.",
            &[("Military Forces of Mali", Target)],
            &[],
        );
        check(
            "JNIM reported that its fighters inflicted heavy losses on the Russian paramilitary group Wagner.",
            &[("Wagner Group", Target)],
            &[],
        );
    }

    #[test]
    fn mentions_without_roles() {
        check(
            "Mali’s military government has denied working with the Wagner Group, a private Russian military company with links to the Kremlin.",
            &[("Wagner Group", Mentioned)],
            &[],
        );
        check(
            "Some of the groups have links to al-Qaeda and the ISIL (ISIS) armed group.",
            &[("Unidentified Al-Qaeda affiliate", Mentioned)],
            &[],
        );
        check(
            "Dan Na Ambassagou denied any involvement in the massacre.",
            &[("Dan Na Ambassagou", Mentioned)],
            &[],
        );
        // Generic army words need the country.
        assert!(find_actors("The army said soldiers repelled the attack.", lex()).is_empty());
    }

    #[test]
    fn target_objects() {
        assert_eq!(
            targets("Armed men had attacked checkpoints, a gendarmerie and a military camp."),
            vec!["checkpoint", "gendarmerie", "military camp"]
        );
        assert_eq!(
            targets(
                "The attack targeted a military police training facility and a military airport."
            ),
            vec!["gendarmerie school", "airport"]
        );
        assert_eq!(
            targets(
                "Mali’s security ministry says armed men attacked a civil defense post near the capital."
            ),
            vec!["civil defence post"]
        );
        assert_eq!(
            targets("Committed with two truck bombs, it killed a Malian soldier."),
            Vec::<String>::new()
        );
        assert_eq!(
            targets(
                "Two soldiers were wounded when their patrol hit an improvised explosive device."
            ),
            vec!["patrol"]
        );
        assert_eq!(
            targets("Gunmen opened fire on worshippers at a mosque in Tahoua."),
            vec!["mosque"]
        );
        assert_eq!(
            targets("An explosive device hit a bus carrying passengers near Boni."),
            vec!["bus"]
        );
        assert_eq!(
            targets("A police station on the same road was ambushed on June 24."),
            vec!["police station"]
        );
        // No violence, no target.
        assert!(targets("Three peacekeepers arrived at Bamako airport on July 10.").is_empty());
    }

    // --- Robustness ------------------------------------------------------------------------------

    #[test]
    fn spans_are_original_byte_ranges() {
        let s = "« Les assaillants » – dit-on – ont été identifiés ; l’attaque fut revendiquée par le JNIM’s branch, claimed by Katiba Massina.";
        for m in find_actors(s, lex())
            .into_iter()
            .chain(find_targets(s, lex()))
        {
            assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end) && m.start < m.end);
        }
        check(s, &[("Katiba Macina", ClaimedBy)], &[]);
    }

    #[test]
    fn words_inside_other_words_do_not_match() {
        assert!(roles("Swagner and Jnimx were at the rendezvous.").is_empty());
        assert!(roles("").is_empty());
        assert!(targets("").is_empty());
    }

    #[test]
    fn diacritics_and_spelling_variants() {
        check(
            "Al-Qaïda's affiliate in the Sahel claimed the killings.",
            &[("JNIM", ClaimedBy)],
            &[],
        );
        check(
            "The Etat islamique au Grand Sahara was blamed.",
            &[("Islamic State Sahel Province", Mentioned)],
            &[],
        );
        check(
            "Jamaat Nusrat al Islam wal Muslimin fighters attacked the town.",
            &[("JNIM", Perpetrator)],
            &[],
        );
    }

    #[test]
    fn more_outlets() {
        check(
            "Tuareg rebels said they had killed 47 Malian soldiers and 84 Wagner fighters in fighting near Tinzaouaten.",
            &[
                ("CSP/FLA (Azawad rebels)", ClaimedBy),
                ("Military Forces of Mali", Target),
                ("Wagner Group", Target),
            ],
            &[],
        );
        check(
            "Militants linked to al-Qaeda killed 12 soldiers in an ambush on Sunday, while Islamic State fighters attacked a village nearby.",
            &[
                ("Unidentified Al-Qaeda affiliate", Perpetrator),
                ("Military Forces of Mali", Target),
                ("Unidentified Islamic State affiliate", Perpetrator),
            ],
            &[],
        );
        check(
            "French troops, which were helping fight Islamist militants in northern Mali since 2013, withdrew last year.",
            &[("Unidentified jihadists", Mentioned)],
            &["Military Forces of Mali"],
        );
        check(
            "On July 22, it was the heart of the Malian military apparatus that had been targeted by the jihadists.",
            &[("Unidentified jihadists", Perpetrator)],
            &[],
        );
        check(
            "An attack claimed by the Islamic State in the Greater Sahara killed 71 soldiers at Inates.",
            &[
                ("Islamic State Sahel Province", ClaimedBy),
                ("Military Forces of Mali", Target),
            ],
            &[],
        );
        assert_eq!(
            claimants(
                "Al-Qaeda’s Sahel affiliate JNIM claimed the twin attacks in a statement on Saturday."
            ),
            vec!["JNIM"]
        );
        assert_eq!(roles("Al-Qaeda’s Sahel affiliate JNIM claimed the twin attacks in a statement on Saturday.").len(), 1);
        check(
            "The army claims, this time, to have “routed” the attackers.",
            &[("Unidentified armed group", Perpetrator)],
            &[],
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_valid(s in "\\PC{0,120}") {
            for m in find_actors_in(&s, lex(), Some("ML")).into_iter().chain(find_targets(&s, lex())) {
                proptest::prop_assert!(m.start < m.end && m.end <= s.len());
                proptest::prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_vocabulary_soup(words in proptest::collection::vec(proptest::sample::select(vec![
            "JNIM", "claimed", "by", "no", "group", "has", "responsibility", "Al-Qaïda’s", "affiliate",
            "in", "Mali", "“", "”", ",", "(", ")", "armed", "men", "attacked", "a", "checkpoint",
            "were", "ambushed", "Wagner", "truck", "bombs", "soldiers", "é", "–", "the", "army",
            "identified", "as", "members", "of", "Katiba", "Macina", "which", "and", "killed", "47",
        ]), 0..40)) {
            let s = words.join(" ");
            for m in find_actors_in(&s, lex(), Some("ML")).into_iter().chain(find_targets(&s, lex())) {
                proptest::prop_assert!(s.is_char_boundary(m.start) && s.is_char_boundary(m.end) && m.start < m.end);
            }
        }
    }

    #[test]
    fn english_lexicon_is_consistent() {
        let lex = lex();
        assert!(lex.is_security_force("Wagner Group"));
        assert!(lex.is_security_force("Military Forces of Mali"));
        assert!(!lex.is_security_force("JNIM"));
        assert_eq!(lex.kind_of("JNIM"), Some(ActorKind::NonState));
        assert!(ClaimedBy.implies_perpetrator() && !Target.implies_perpetrator());
    }
}
