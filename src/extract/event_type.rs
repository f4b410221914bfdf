//! ACLED event type and sub-event type of an incident, from its sentences and the facts the
//! other extractors found (targets, perpetrators, who was hit).
//!
//! # Precedence
//! ACLED codes one event type per event, and some cues outrank others. [`classify`] applies,
//! in this order, the first rule that fires:
//!
//! 1. **Explosions/Remote violence** when the means of the attack is named: *Suicide bomb*
//!    ("suicide attack", "car bomb", "truck bombs"), then *Air/drone strike* ("drone strike",
//!    "airstrike"), *Shelling/artillery/missile attack* ("shelling", "mortar", "rockets"),
//!    *Remote explosive/landmine/IED* ("IED", "landmine", "roadside bomb") and *Grenade*.
//!    ACLED keeps a suicide bombing and an air strike as such even when fighting follows, so those
//!    two always win; an IED, shell or grenade followed by an armed clash ("exchange of fire",
//!    "clashes", "fighting") is coded as the clash instead (the explosive opened a battle).
//! 2. **Battles / Government regains territory** ("the army retook", "regained control") and
//!    **Battles / Non-state actor overtakes territory** ("seized control of the town").
//! 3. **Battles / Armed clash** when the attack was on armed forces: a security target
//!    (checkpoint, camp, base, army position, convoy, patrol, gendarmerie, police station, a state
//!    or foreign force), fighting reported by the caller or named by the text ("clashes", "exchange
//!    of fire", "repelled"), or security forces among the dead when no civilian target was hit.
//! 4. **Violence against civilians**: *Sexual violence* ("raped"), *Abduction/forced
//!    disappearance* ("kidnapped", "abducted", when nobody was killed), then *Attack* when every
//!    stated victim is a civilian, or a civilian target (village, market, mosque, bus, civil
//!    defence post) was hit, or civilians are said to have been killed.
//! 5. An attack with nothing that says who was hit ("a third attack took place in Mopti") is
//!    coded **Battles / Armed clash**: in this reporting an unqualified "attack" is on forces,
//!    and attacks on civilians are described as such; a killing with no target and no forces hit
//!    ("gunmen killed five people") is **Violence against civilians / Attack**.
//! 6. **Protests**, **Riots** and **Strategic developments** (arrests, looting) only when no
//!    violence cue fired.
//!
//! Civil defence volunteers are coded as civilians (as the analyst coded the Markacoungo attack):
//! a civil defence post is a civilian target.

use std::sync::LazyLock;

use regex::Regex;

use super::actors::{Keyed, alternatives, compile};
use super::text::fold;

/// ACLED's event types and their sub-event types (codebook 2023).
pub const ACLED_TAXONOMY: &[(&str, &[&str])] = &[
    (
        "Battles",
        &[
            "Armed clash",
            "Government regains territory",
            "Non-state actor overtakes territory",
        ],
    ),
    (
        "Explosions/Remote violence",
        &[
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        ],
    ),
    (
        "Violence against civilians",
        &[
            "Sexual violence",
            "Attack",
            "Abduction/forced disappearance",
        ],
    ),
    (
        "Protests",
        &[
            "Excessive force against protesters",
            "Protest with intervention",
            "Peaceful protest",
        ],
    ),
    ("Riots", &["Violent demonstration", "Mob violence"]),
    (
        "Strategic developments",
        &[
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ],
    ),
];

/// The event type a sub-event type belongs to.
pub fn event_type_of(sub_event_type: &str) -> Option<&'static str> {
    ACLED_TAXONOMY
        .iter()
        .find(|(_, subs)| subs.contains(&sub_event_type))
        .map(|(t, _)| *t)
}

/// Facts about the incident found by the other extractors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventEvidence {
    /// Canonical target names (from `actors::find_targets` / `find_actors`): "checkpoint",
    /// "village", "Wagner Group".
    pub targets: Vec<String>,
    /// Canonical perpetrator names.
    pub perpetrators: Vec<String>,
    /// Every stated victim is a civilian (and at least one victim is stated).
    pub civilians_only: bool,
    /// Soldiers, gendarmes, police or allied forces were killed or wounded.
    pub security_forces_hit: bool,
    /// The caller knows of fighting between two armed sides (e.g. assailants killed by the army).
    pub any_fighting: bool,
}

/// The decision, with the words (or the fact) that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub event_type: String,
    pub sub_event_type: String,
    /// The words of the text that decided ("truck bombs"), or the evidence ("target: checkpoint").
    pub cue: String,
}

/// A list of cue phrases compiled into one word-bounded regex over the match key.
///
/// The matches are those of `\b(?:phrase|phrase\w*|…)\b` (see `actors::alternation`), but
/// a starred phrase ending in a word character is compiled open-ended, without its `\w*\b`,
/// and its match is extended to the end of its word here. Compiled, every `\w*` is its own
/// copy of the Unicode word class: the English lexicon's 90 starred phrases made
/// compiling it take 50 ms, most of the start-up of any build that extracts an article.
#[derive(Debug, Clone)]
pub struct CueSet {
    pub phrases: Vec<String>,
    re: Regex,
}

impl CueSet {
    /// Phrases are plain words; a trailing `*` means any ending ("kidnap*").
    pub fn new(phrases: Vec<String>) -> Self {
        let alternatives: Vec<String> = alternatives(&phrases)
            .into_iter()
            .map(|part| match part.strip_suffix(r"\w*") {
                // Open-ended: what `\w*\b` would add is added by `extend`.
                Some(body) if body.chars().next_back().is_some_and(is_word_char) => {
                    body.to_string()
                }
                _ => format!(r"{part}\b"),
            })
            .collect();
        let re = match alternatives.is_empty() {
            true => compile(r"[^\s\S]"),
            false => compile(&format!(r"\b(?:{})", alternatives.join("|"))),
        };
        CueSet { phrases, re }
    }
    fn from(v: &[&str]) -> Self {
        CueSet::new(v.iter().map(|s| s.to_string()).collect())
    }
    /// First match in the key: key byte range.
    fn find(&self, key: &str) -> Option<(usize, usize)> {
        self.find_at(key, 0)
    }
    /// First match in the key from byte `start` on.
    fn find_at(&self, key: &str, start: usize) -> Option<(usize, usize)> {
        let m = self.re.find_at(key, start)?;
        Some((m.start(), extend(key, m.end())))
    }
    /// The key with every match replaced by as many spaces (same byte length, so offsets
    /// stay valid).
    fn blank_out(&self, key: &str) -> String {
        let mut out = String::with_capacity(key.len());
        let mut from = 0;
        while let Some((start, end)) = self.find_at(key, from) {
            out.push_str(&key[from..start]);
            out.extend(std::iter::repeat_n(' ', end - start));
            from = end;
        }
        out.push_str(&key[from..]);
        out
    }
}

/// Whether `c` is a word character as the regexes see it (`\w`, `\b`).
fn is_word_char(c: char) -> bool {
    regex_syntax::is_word_character(c)
}

/// The end of an open-ended match ending at `end`: inside a word (a word character on both
/// sides), the rest of the word, as a greedy `\w*` before a `\b` would take. At a word
/// boundary (every other alternative's end) it stays where it is.
fn extend(key: &str, end: usize) -> usize {
    let inside = key[..end].chars().next_back().is_some_and(is_word_char)
        && key[end..].chars().next().is_some_and(is_word_char);
    if !inside {
        return end;
    }
    end + key[end..]
        .char_indices()
        .find(|&(_, c)| !is_word_char(c))
        .map_or(key.len() - end, |(i, _)| i)
}

/// All vocabulary for event classification in one language.
#[derive(Debug, Clone)]
pub struct EventLexicon {
    pub suicide_bomb: CueSet,
    pub air_strike: CueSet,
    pub shelling: CueSet,
    pub remote_explosive: CueSet,
    pub grenade: CueSet,
    pub chemical: CueSet,
    /// Weapons of a ground assault that look like remote ones ("rocket-propelled grenades"):
    /// blanked out before the shelling, IED and grenade cues are looked for.
    pub assault_weapons: CueSet,
    pub government_regains: CueSet,
    pub nonstate_overtakes: CueSet,
    /// Fighting between two armed sides ("clashes", "exchange of fire", "repelled").
    pub clash: CueSet,
    /// An attack of unstated kind ("attack", "ambush", "raid").
    pub assault: CueSet,
    pub killing: CueSet,
    pub abduction: CueSet,
    pub sexual_violence: CueSet,
    /// Words for civilian victims ("villagers", "civilians", "worshippers").
    pub civilian_victims: CueSet,
    pub protest: CueSet,
    pub riot: CueSet,
    pub arrest: CueSet,
    pub looting: CueSet,
    /// Canonical target names that are armed forces or their posts.
    pub security_targets: Vec<String>,
    /// Canonical target names that are civilian.
    pub civilian_targets: Vec<String>,
}

impl EventLexicon {
    /// The English lexicon.
    #[rustfmt::skip]
    pub fn english() -> Self {
        EventLexicon {
            suicide_bomb: CueSet::from(&[
                "suicide attack*", "suicide bomb*", "suicide car bomb*", "suicide attacker*",
                "suicide truck*", "suicide vehicle*", "car bomb*", "truck bomb*", "vehicle borne*",
                "vbied*", "svbied*", "kamikaze*", "blew himself up", "blew herself up",
                "blew themselves up", "explosive vest*", "suicide belt*", "bomb laden vehicle*",
                "bomb laden truck*", "explosive laden vehicle*", "explosive laden truck*",
                "explosives laden vehicle*", "booby trapped vehicle*", "booby trapped car*",
            ]),
            air_strike: CueSet::from(&[
                "drone strike*", "airstrike*", "air strike*", "air raid*", "aerial bombardment*",
                "aerial strike*", "drone attack*", "drones struck", "drone struck", "bombed by drone*",
                "air force struck", "helicopter gunship*", "fighter jet*", "warplane*", "aerial attack*",
                "struck by a drone", "strike by a drone", "drone bombing*", "air support",
            ]),
            shelling: CueSet::from(&[
                "shelling", "shelled", "shells", "mortar*", "rocket*", "artillery", "missile*",
                "indirect fire", "shell fire", "shellfire",
            ]),
            remote_explosive: CueSet::from(&[
                "ied", "ieds", "improvised explosive device*", "landmine*", "land mine*",
                "roadside bomb*", "explosive device*", "hit a mine", "struck a mine", "ran over a mine",
                "mine exploded", "mine explosion*", "booby trap*", "explosive devices", "bomb exploded",
                "bomb blast*", "detonated a bomb", "remote controlled bomb*", "explosive charge*",
                "hit an explosive", "struck an explosive",
            ]),
            grenade: CueSet::from(&["grenade*"]),
            assault_weapons: CueSet::from(&[
                "rocket propelled grenade*", "rpg*", "rocket launcher*", "grenade launcher*",
            ]),
            chemical: CueSet::from(&["chemical weapon*", "chemical attack*", "nerve agent*", "poison gas"]),
            government_regains: CueSet::from(&[
                "retook", "retaken", "retake", "recaptured", "recapture", "regained control",
                "regain control", "took back control", "taken back control", "recovered control",
                "reclaimed control", "back under the control of the army", "liberated the town",
                "back under government control", "reestablished control", "re established control",
            ]),
            nonstate_overtakes: CueSet::from(&[
                "seized control of", "took control of", "taken control of", "seized the town",
                "captured the town", "overran the town", "fell to", "fell into the hands of",
                "under the control of jihadists", "now controlled by", "gained control of",
                "seized the locality", "took over the town",
            ]),
            clash: CueSet::from(&[
                "clash*", "fighting", "fought", "firefight*", "fire fight*", "gun battle*",
                "gunfight*", "exchange of fire", "exchanged fire", "exchanges of fire", "repelled",
                "repulsed", "counter attack*", "counterattack*", "riposte*", "neutralized",
                "neutralised", "routed", "battle*", "combat*", "engaged the", "returned fire",
                "heavy fighting", "fierce fighting", "fighters were killed", "assailants were killed",
                "attackers were killed",
            ]),
            assault: CueSet::from(&[
                "attack*", "ambush*", "raid*", "assault*", "stormed", "storming", "offensive",
                "besieg*", "siege", "overran", "overrun", "opened fire", "gunfire", "shooting",
                "targeted",
            ]),
            killing: CueSet::from(&[
                "kill*", "dead", "died", "death*", "massacre*", "executed", "execution*", "shot dead",
                "slaughter*", "murder*", "beheaded", "lost their lives", "lives were lost",
            ]),
            abduction: CueSet::from(&[
                "kidnap*", "abduct*", "taken hostage", "held hostage", "hostage*", "forced disappearance*",
                "disappeared", "taken away", "carried off",
            ]),
            sexual_violence: CueSet::from(&[
                "rape*", "sexual violence", "sexually assaulted", "sexual assault*", "sexual abuse*",
                "sexual slavery",
            ]),
            civilian_victims: CueSet::from(&[
                "civilian*", "villagers", "worshippers", "passengers", "traders", "herders",
                "farmers", "residents", "women and children", "displaced people", "gold miners",
                "miners", "faithful", "wedding guests", "inhabitants", "children", "students",
                "pupils", "teachers", "merchants", "travellers", "travelers",
            ]),
            protest: CueSet::from(&[
                "protest*", "demonstrat*", "marched", "rally", "rallied", "sit in",
            ]),
            riot: CueSet::from(&["riot*", "mob", "lynch*", "angry crowd*", "set ablaze by the crowd"]),
            arrest: CueSet::from(&["arrested", "arrests", "detained", "apprehended", "taken into custody"]),
            looting: CueSet::from(&["looted", "looting", "pillaged", "torched", "burned down", "set fire to"]),
            security_targets: [
                "checkpoint", "military camp", "military base", "army position", "gendarmerie",
                "gendarmerie school", "training school", "police station", "convoy", "patrol",
                "airport", "prison", "Military Forces of Mali", "Military Forces of Burkina Faso",
                "Military Forces of Niger", "Wagner Group", "Africa Corps", "VDP",
                "Dan Na Ambassagou", "Dozo militia",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            civilian_targets: [
                "village", "market", "mosque", "church", "bus", "vehicle", "mine site", "school",
                "civil defence post", "hospital", "displacement camp",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }

    /// A shared English lexicon, compiled on first use.
    pub fn english_shared() -> &'static EventLexicon {
        static LEX: LazyLock<EventLexicon> = LazyLock::new(EventLexicon::english);
        &LEX
    }

    fn is_security_target(&self, t: &str) -> bool {
        let t = fold(t);
        self.security_targets.iter().any(|s| fold(s) == t) || t.starts_with("military forces of")
    }
    fn is_civilian_target(&self, t: &str) -> bool {
        let t = fold(t);
        self.civilian_targets.iter().any(|s| fold(s) == t)
    }
}

fn out(event_type: &str, sub: &str, cue: String) -> Option<Classified> {
    Some(Classified {
        event_type: event_type.to_string(),
        sub_event_type: sub.to_string(),
        cue,
    })
}

/// Classify an incident into ACLED's taxonomy; `text` is the incident's sentences joined.
/// Returns `None` when nothing in the text or the evidence speaks of violence, protest or a
/// strategic development. The precedence of the rules is described in the module docs.
pub fn classify(text: &str, evidence: &EventEvidence, lex: &EventLexicon) -> Option<Classified> {
    let keyed = Keyed::new(text);
    let key = keyed.key.as_str();
    // The original words of a key range, for the `cue`.
    let words = |(s, e): (usize, usize)| -> String {
        let (s, e) = keyed.original(s, e);
        text.get(s..e).unwrap_or_default().to_string()
    };
    const EXPL: &str = "Explosions/Remote violence";
    const BATTLES: &str = "Battles";
    const VAC: &str = "Violence against civilians";

    let security_target = evidence.targets.iter().find(|t| lex.is_security_target(t));
    let civilian_target = evidence.targets.iter().find(|t| lex.is_civilian_target(t));
    let clash = lex.clash.find(key);

    // 1. Means of attack.
    if let Some(m) = lex.suicide_bomb.find(key) {
        return out(EXPL, "Suicide bomb", words(m));
    }
    if let Some(m) = lex.air_strike.find(key) {
        return out(EXPL, "Air/drone strike", words(m));
    }
    if let Some(m) = lex.chemical.find(key) {
        return out(EXPL, "Chemical weapon", words(m));
    }
    let remote = [
        (&lex.shelling, "Shelling/artillery/missile attack"),
        (&lex.remote_explosive, "Remote explosive/landmine/IED"),
        (&lex.grenade, "Grenade"),
    ];
    // Same byte length, so key offsets stay valid for `words`.
    let ground_key = lex.assault_weapons.blank_out(key);
    for (set, sub) in remote {
        if let Some(m) = set.find(&ground_key) {
            return match clash {
                Some(c) => out(BATTLES, "Armed clash", words(c)),
                None => out(EXPL, sub, words(m)),
            };
        }
    }

    // 2. Territory.
    if let Some(m) = lex.government_regains.find(key) {
        return out(BATTLES, "Government regains territory", words(m));
    }
    if let Some(m) = lex.nonstate_overtakes.find(key) {
        return out(BATTLES, "Non-state actor overtakes territory", words(m));
    }

    // 3. Attacks on armed forces, and fighting.
    if let Some(t) = security_target {
        return out(BATTLES, "Armed clash", format!("target: {t}"));
    }
    if let Some(c) = clash {
        return out(BATTLES, "Armed clash", words(c));
    }
    if evidence.any_fighting {
        return out(
            BATTLES,
            "Armed clash",
            "fighting between armed sides".to_string(),
        );
    }
    if evidence.security_forces_hit && civilian_target.is_none() && !evidence.civilians_only {
        return out(
            BATTLES,
            "Armed clash",
            "security forces among the victims".to_string(),
        );
    }

    // 4. Violence against civilians.
    let killing = lex.killing.find(key);
    if let Some(m) = lex.sexual_violence.find(key) {
        return out(VAC, "Sexual violence", words(m));
    }
    if let Some(m) = lex.abduction.find(key)
        && killing.is_none()
    {
        return out(VAC, "Abduction/forced disappearance", words(m));
    }
    let assault = lex.assault.find(key);
    let violent = killing.or(assault).or(lex.abduction.find(key));
    if evidence.civilians_only && violent.is_some() {
        return out(
            VAC,
            "Attack",
            "every stated victim is a civilian".to_string(),
        );
    }
    if let Some(t) = civilian_target
        && violent.is_some()
    {
        return out(VAC, "Attack", format!("target: {t}"));
    }
    if let (Some(v), Some(_)) = (lex.civilian_victims.find(key), killing)
        && !evidence.security_forces_hit
    {
        return out(VAC, "Attack", words(v));
    }

    // 5. Attacks and killings that say nothing about who was hit.
    if let Some(a) = assault {
        return out(BATTLES, "Armed clash", words(a));
    }
    if let Some(k) = killing {
        return out(VAC, "Attack", words(k));
    }

    // 6. Non-violent events.
    if let Some(m) = lex.riot.find(key) {
        return out("Riots", "Violent demonstration", words(m));
    }
    if let Some(m) = lex.protest.find(key) {
        return out("Protests", "Peaceful protest", words(m));
    }
    if let Some(m) = lex.looting.find(key) {
        return out(
            "Strategic developments",
            "Looting/property destruction",
            words(m),
        );
    }
    if let Some(m) = lex.arrest.find(key) {
        return out("Strategic developments", "Arrests", words(m));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::actors::alternation;
    use super::*;

    /// Open-ended starred phrases find what `\b(?:…|phrase\w*|…)\b` finds, span for span,
    /// on the sentences of a generated corpus and of the example articles, and on words
    /// built to probe the edges (accents, digits, `_`, phrases inside longer words).
    #[test]
    fn cue_sets_match_as_their_whole_regex_would() {
        let lex = EventLexicon::english();
        let sets = [
            &lex.suicide_bomb,
            &lex.air_strike,
            &lex.shelling,
            &lex.remote_explosive,
            &lex.grenade,
            &lex.chemical,
            &lex.assault_weapons,
            &lex.government_regains,
            &lex.nonstate_overtakes,
            &lex.clash,
            &lex.assault,
            &lex.killing,
            &lex.abduction,
            &lex.sexual_violence,
            &lex.civilian_victims,
            &lex.protest,
            &lex.riot,
            &lex.arrest,
            &lex.looting,
        ];
        let dir = tempfile::tempdir().unwrap();
        let options = crate::corpus_gen::GenOptions {
            articles: 150,
            seed: 11,
        };
        crate::corpus_gen::generate(dir.path(), &options).unwrap();
        let mut texts: Vec<String> = Vec::new();
        let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/articles");
        for folder in [dir.path().join("content/articles"), example] {
            for e in std::fs::read_dir(folder).unwrap() {
                let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
                texts.extend(text.split(['.', '\n']).map(str::to_string));
            }
        }
        for set in &sets {
            for phrase in &set.phrases {
                let stem = phrase.trim_end_matches('*');
                for probe in [
                    format!("{stem}"),
                    format!("the {stem}s, then"),
                    format!("{stem}é {stem}_x {stem}9."),
                    format!("x{stem} {stem}-ing \"{stem}\""),
                    format!("{stem}{stem} {stem}ed{stem}"),
                ] {
                    texts.push(probe);
                }
            }
        }
        assert!(texts.len() > 5000, "{}", texts.len());
        let mut found = 0;
        for set in sets {
            let whole = compile(&format!(r"\b(?:{})\b", alternation(&set.phrases)));
            for text in &texts {
                let key = Keyed::new(text).key;
                let want = whole.find(&key).map(|m| (m.start(), m.end()));
                assert_eq!(set.find(&key), want, "{:?} in {key:?}", set.phrases);
                found += usize::from(want.is_some());
                let blanked = whole.replace_all(&key, |c: &regex::Captures| " ".repeat(c[0].len()));
                assert_eq!(set.blank_out(&key), blanked, "{:?} in {key:?}", set.phrases);
            }
        }
        assert!(found > 1000, "{found}");
    }

    fn ev(targets: &[&str]) -> EventEvidence {
        EventEvidence {
            targets: targets.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    fn sub(text: &str, e: &EventEvidence) -> Option<(String, String)> {
        classify(text, e, EventLexicon::english_shared()).map(|c| (c.event_type, c.sub_event_type))
    }

    fn is(text: &str, e: &EventEvidence, event_type: &str, sub_event_type: &str) {
        let got = classify(text, e, EventLexicon::english_shared());
        assert_eq!(
            got.as_ref()
                .map(|c| (c.event_type.as_str(), c.sub_event_type.as_str())),
            Some((event_type, sub_event_type)),
            "for {text:?}: {got:?}"
        );
        assert_eq!(event_type_of(sub_event_type), Some(event_type));
    }

    #[test]
    fn suicide_bomb_wins_over_the_camp_target() {
        let t = "A suicide attack claimed by the Katiba Macina, a terrorist organization affiliated with Al-Qaeda, was perpetrated in the Kati military camp. Committed with two truck bombs, it killed a Malian soldier and injured six, including a civilian.";
        let c = classify(t, &ev(&["military camp"]), EventLexicon::english_shared())
            .expect("classified");
        assert_eq!(
            (c.event_type.as_str(), c.sub_event_type.as_str()),
            ("Explosions/Remote violence", "Suicide bomb")
        );
        assert_eq!(c.cue, "suicide attack");
        // Truck bombs alone decide too, and fighting afterwards does not change it.
        is(
            "Two truck bombs exploded at the gate before clashes broke out.",
            &ev(&[]),
            "Explosions/Remote violence",
            "Suicide bomb",
        );
        is(
            "A suicide bomber blew himself up at the entrance of the base.",
            &ev(&[]),
            "Explosions/Remote violence",
            "Suicide bomb",
        );
    }

    #[test]
    fn checkpoint_attack_is_a_battle() {
        let t = "On Thursday night, about 70km (43 miles) from the capital, an attack took place “at the checkpoint of Zantiguila, on the road to the central city of Segou”, the security ministry said on Friday evening. The attack was carried out “by as yet unidentified armed individuals”, leaving three civilians and three law enforcement officers dead, and wounding two others, it said.";
        let e = EventEvidence {
            security_forces_hit: true,
            ..ev(&["checkpoint"])
        };
        let c = classify(t, &e, EventLexicon::english_shared()).expect("classified");
        assert_eq!(c.sub_event_type, "Armed clash");
        assert_eq!(c.cue, "target: checkpoint");
        is(
            "A police station on the same road was ambushed by “unidentified armed individuals” on June 24, killing one officer.",
            &ev(&["police station"]),
            "Battles",
            "Armed clash",
        );
        is(
            "A military training camp in Bamako was targeted by an attack early Tuesday.",
            &ev(&["training school"]),
            "Battles",
            "Armed clash",
        );
    }

    #[test]
    fn civil_defence_post_is_violence_against_civilians() {
        let t = "Mali’s security ministry said unidentified armed individuals attacked the defense post Monday night in the small southwest town of Markacoungo. In a statement Tuesday, the ministry said two members of the civil defense force and three civilians were killed in the attack.";
        is(
            t,
            &ev(&["civil defence post"]),
            "Violence against civilians",
            "Attack",
        );
    }

    #[test]
    fn village_massacre_is_violence_against_civilians() {
        let e = EventEvidence {
            civilians_only: true,
            ..ev(&["village"])
        };
        is(
            "Gunmen stormed the village overnight, killing at least 30 villagers.",
            &e,
            "Violence against civilians",
            "Attack",
        );
        is(
            "Gunmen killed five people near Bandiagara on Sunday.",
            &ev(&[]),
            "Violence against civilians",
            "Attack",
        );
        is(
            "Jihadists killed 15 civilians who were returning from the market.",
            &ev(&[]),
            "Violence against civilians",
            "Attack",
        );
    }

    #[test]
    fn remote_violence_sub_types() {
        is(
            "Two soldiers were killed when their vehicle hit a landmine near Douentza.",
            &ev(&["vehicle"]),
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        );
        is(
            "An improvised explosive device went off as a bus passed near Boni.",
            &ev(&["bus"]),
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        );
        is(
            "A drone strike killed 20 civilians at a wedding in the Mopti region.",
            &ev(&[]),
            "Explosions/Remote violence",
            "Air/drone strike",
        );
        is(
            "The Malian army said its airstrikes destroyed a terrorist base.",
            &ev(&[]),
            "Explosions/Remote violence",
            "Air/drone strike",
        );
        is(
            "Jihadists fired mortar shells at the Gao airport overnight.",
            &ev(&["airport"]),
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        );
        is(
            "A grenade was thrown into a bar in Gao, wounding four people.",
            &ev(&[]),
            "Explosions/Remote violence",
            "Grenade",
        );
        // Rocket-propelled grenades are ground-assault weapons.
        is(
            "Assailants armed with rocket-propelled grenades attacked the camp at dawn.",
            &ev(&["military camp"]),
            "Battles",
            "Armed clash",
        );
    }

    #[test]
    fn ied_followed_by_fighting_is_a_clash() {
        is(
            "An IED exploded as the patrol passed, followed by an exchange of fire with the assailants.",
            &ev(&["patrol"]),
            "Battles",
            "Armed clash",
        );
    }

    #[test]
    fn abduction_and_sexual_violence() {
        is(
            "Gunmen kidnapped three aid workers on the road to Ménaka.",
            &ev(&[]),
            "Violence against civilians",
            "Abduction/forced disappearance",
        );
        is(
            "Armed men abducted more than 50 women gathering fruit near Arbinda.",
            &ev(&[]),
            "Violence against civilians",
            "Abduction/forced disappearance",
        );
        is(
            "Women were raped during the raid, a rights group said.",
            &ev(&[]),
            "Violence against civilians",
            "Sexual violence",
        );
        // Kidnappings during an attack on a checkpoint are part of the battle.
        is(
            "Jihadists attacked a checkpoint and abducted two gendarmes.",
            &ev(&["checkpoint"]),
            "Battles",
            "Armed clash",
        );
    }

    #[test]
    fn territory() {
        is(
            "The army said it had retaken control of the town of Anefis from the rebels.",
            &ev(&[]),
            "Battles",
            "Government regains territory",
        );
        is(
            "Malian troops and Wagner fighters recaptured Kidal on Tuesday.",
            &ev(&[]),
            "Battles",
            "Government regains territory",
        );
        is(
            "JNIM fighters seized control of the town of Boulkessi after heavy losses.",
            &ev(&[]),
            "Battles",
            "Non-state actor overtakes territory",
        );
    }

    #[test]
    fn attacks_on_forces_and_fighting() {
        is(
            "A third attack took place overnight in Mopti (center), without causing any casualties, according to the same source. The army claims, this time, to have “routed” the attackers.",
            &ev(&[]),
            "Battles",
            "Armed clash",
        );
        let e = EventEvidence {
            security_forces_hit: true,
            ..ev(&[])
        };
        is(
            "In Sokolo, in the center, the army reports six dead soldiers and twenty-five wounded.",
            &e,
            "Battles",
            "Armed clash",
        );
        is(
            "In July, a notable incident involved the death of approximately 50 Russian mercenaries who were ambushed by al-Qaida fighters.",
            &ev(&["Wagner Group"]),
            "Battles",
            "Armed clash",
        );
        let e = EventEvidence {
            any_fighting: true,
            ..ev(&[])
        };
        is(
            "Dozens were killed near Tessit.",
            &e,
            "Battles",
            "Armed clash",
        );
    }

    #[test]
    fn non_violent_and_nothing() {
        is(
            "Hundreds protested in Bamako against the junta on Friday.",
            &ev(&[]),
            "Protests",
            "Peaceful protest",
        );
        is(
            "Police arrested three suspects in connection with the plot.",
            &ev(&[]),
            "Strategic developments",
            "Arrests",
        );
        assert_eq!(sub("The minister visited Gao on Monday.", &ev(&[])), None);
        assert_eq!(sub("", &ev(&[])), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}", hit in proptest::bool::ANY) {
            let e = EventEvidence { security_forces_hit: hit, ..ev(&["checkpoint"]) };
            if let Some(c) = classify(&s, &e, EventLexicon::english_shared()) {
                proptest::prop_assert_eq!(event_type_of(&c.sub_event_type), Some(c.event_type.as_str()));
            }
        }
    }

    #[test]
    fn taxonomy_is_complete() {
        assert_eq!(ACLED_TAXONOMY.len(), 6);
        assert_eq!(
            ACLED_TAXONOMY.iter().map(|(_, s)| s.len()).sum::<usize>(),
            25
        );
        assert_eq!(
            event_type_of("Suicide bomb"),
            Some("Explosions/Remote violence")
        );
        assert_eq!(event_type_of("Nonsense"), None);
    }
}
