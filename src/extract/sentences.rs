//! Sentence splitting over plain text, and boilerplate detection.
//!
//! Sentence numbers are citation anchors (`#s12`), so the splitter must be stable and must not
//! cut a sentence in two at an abbreviation ("Col. Marima Sagara"), an initial ("J. R. Smith"),
//! a decimal ("3.5 km") or an acronym ("the U.S. Army"), nor at a closing quote glued to the
//! next word (`company”according to`). It cuts after `.`, `?`, `!` or an ellipsis (with any
//! closing quotes and brackets) followed by whitespace and something that can start a sentence.

use crate::extract::text::fold;
use crate::model::{Sentence, Span};
use regex::Regex;
use std::sync::LazyLock;

/// Split `text` (paragraph byte ranges given) into numbered sentences (1-based, in order).
/// Every sentence span lies inside its paragraph and has no leading/trailing whitespace.
pub fn split(text: &str, paragraphs: &[Span]) -> Vec<Sentence> {
    split_with_headings(text, paragraphs, &[])
}

/// As [`split`], but a paragraph `i` with `whole[i] == true` (a heading) is one sentence
/// whatever punctuation it contains. `whole` may be shorter than `paragraphs`.
pub fn split_with_headings(text: &str, paragraphs: &[Span], whole: &[bool]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (index, span) in paragraphs.iter().enumerate() {
        let Some((start, para)) = slice(text, *span) else {
            continue;
        };
        let pieces = if whole.get(index).copied().unwrap_or(false) {
            vec![(0, para.len())]
        } else {
            pieces(para)
        };
        for (a, b) in pieces {
            let piece = &para[a..b];
            let trimmed = piece.trim_start();
            let s = start + a + (piece.len() - trimmed.len());
            let trimmed = trimmed.trim_end();
            if trimmed.is_empty() {
                continue;
            }
            out.push(Sentence {
                number: u32::try_from(out.len() + 1).unwrap_or(u32::MAX),
                span: Span::new(s, s + trimmed.len()),
                paragraph: u32::try_from(index).unwrap_or(u32::MAX),
                boilerplate: is_boilerplate(trimmed),
            });
        }
    }
    out
}

/// The paragraph text for `span`, clamped to `text` and to character boundaries.
fn slice(text: &str, span: Span) -> Option<(usize, &str)> {
    let mut start = span.start().min(text.len());
    let mut end = span.end().min(text.len());
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (start < end).then(|| (start, &text[start..end]))
}

/// Byte ranges of the sentences of one paragraph (untrimmed, covering it).
fn pieces(para: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let n = chars.len();
    let byte = |i: usize| chars.get(i).map_or(para.len(), |c| c.0);
    let mut out = Vec::new();
    let mut sent_start = 0; // char index
    let mut i = 0;
    while i < n {
        if !is_terminator(chars[i].1) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && is_terminator(chars[j].1) {
            j += 1;
        }
        loop {
            while j < n && is_closer(chars[j].1) {
                j += 1;
            }
            // French typography puts a space before a closing guillemet: `attaqués. »`.
            let mut w = j;
            while w < n && chars[w].1.is_whitespace() {
                w += 1;
            }
            if w > j && w < n && matches!(chars[w].1, '»' | '›') {
                j = w;
            } else {
                break;
            }
        }
        // A terminator glued to what follows is not a boundary: 3.5, U.S., www.x.com,
        // `company.”according`.
        if j < n && !chars[j].1.is_whitespace() {
            // …except text pasted from web pages that lost the space: `reported.Mali’s army`
            // (a lower-case word of two or more letters, a full stop, then a capitalised word).
            if glued_boundary(&chars, i, j) {
                out.push((byte(sent_start), byte(j)));
                sent_start = j;
            }
            i = j;
            continue;
        }
        let mut k = j;
        while k < n && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k == n {
            break;
        }
        if is_boundary(&chars, sent_start, i, j, k) {
            out.push((byte(sent_start), byte(j)));
            sent_start = k;
        }
        i = k;
    }
    if sent_start < n {
        out.push((byte(sent_start), para.len()));
    }
    out
}

/// `reported.Mali’s`: a sentence end whose space was lost. Not `www.arabnews.com`, `U.S.`,
/// `3.5`, `Jr.Smith`-like initials or a closing quote glued to the next word.
fn glued_boundary(chars: &[(usize, char)], i: usize, j: usize) -> bool {
    if chars[i].1 != '.' || j != i + 1 {
        return false;
    }
    let next_upper = chars[j].1.is_uppercase();
    let next_lower = chars
        .get(j + 1)
        .is_some_and(|c| c.1.is_lowercase() || c.1 == '\u{2019}' || c.1 == '\'');
    let prev_lower = i >= 2 && chars[i - 1].1.is_lowercase() && chars[i - 2].1.is_lowercase();
    // The word before must be a word, not a domain ("arabnews.com" has no capital after).
    let word_start = (0..i)
        .rev()
        .find(|&k| !chars[k].1.is_alphanumeric())
        .map_or(0, |k| k + 1);
    let word_is_plain = chars[word_start..i].iter().all(|c| c.1.is_alphabetic());
    next_upper && next_lower && prev_lower && word_is_plain
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '‽' | '。' | '？' | '！')
}

/// Closing quotes and brackets that belong to the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '*' | '_'
    )
}

/// Opening punctuation a sentence may start with.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '„'
            | '«'
            | '‹'
            | '('
            | '['
            | '¿'
            | '¡'
            | '—'
            | '–'
            | '-'
            | '*'
            | '_'
    )
}

/// Abbreviations that (almost) never end a sentence: titles and ranks before a name, Latin
/// "e.g.". Lower-case, without the final full stop.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "mme", "mmes", "mlle", "messrs", "dr", "prof", "col", "gen", "lt", "ltc",
    "capt", "cpt", "cne", "cdt", "cmdt", "sgt", "maj", "cpl", "pvt", "adm", "cmdr", "cdr", "brig",
    "insp", "supt", "gov", "sen", "rep", "pres", "rev", "fr", "hon", "amb", "sr", "st", "mt", "ft",
    "e.g", "i.e", "approx", "vs", "cf", "viz", "esp", "incl", "ca", "lit", "dept", "univ", "av",
    "bd", "env",
];

/// Abbreviations that never end a sentence when a number follows ("No. 5", "Sept. 11").
const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "nr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "art", "vol", "fig", "p", "pp", "ch", "sec", "tel", "km", "n°",
];

/// Abbreviations that may end a sentence ("… and Russia, etc. The army said").
const MAY_BE_FINAL: &[&str] = &[
    "etc", "inc", "ltd", "co", "corp", "jr", "bros", "plc", "llc", "al", "govt",
];

/// Words that typically start a sentence: after an abbreviation that may end one ("U.S.",
/// "a.m.", "etc."), a following capitalised word only starts a new sentence if it is one of
/// these (so "the U.S. Army" stays whole, "in the U.S. The army said" is cut).
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "With",
    "After",
    "Before",
    "During",
    "Since",
    "When",
    "While",
    "But",
    "And",
    "Or",
    "So",
    "Yet",
    "However",
    "Meanwhile",
    "According",
    "Some",
    "Many",
    "Most",
    "Several",
    "No",
    "Not",
    "One",
    "Two",
    "Three",
    "Also",
    "Earlier",
    "Later",
    "Last",
    "Officials",
    "Le",
    "La",
    "Les",
    "Il",
    "Elle",
    "Ils",
    "Elles",
    "Un",
    "Une",
    "Des",
    "Selon",
    "Dans",
    "En",
    "Mais",
    "Et",
    "Ce",
    "Cette",
    "Ces",
    "Au",
    "Aux",
    "Then",
    "Now",
    "Today",
    "Yesterday",
    "If",
    "As",
    "Although",
    "Despite",
    "What",
    "Who",
    "Why",
    "How",
    "Both",
    "All",
    "Each",
];

/// Whether the terminator run `chars[i..]` (sentence text ends at char `j`, next sentence would
/// start at char `k`) ends the sentence that started at `sent_start`.
fn is_boundary(chars: &[(usize, char)], sent_start: usize, i: usize, j: usize, k: usize) -> bool {
    let next_word: String = chars[k..]
        .iter()
        .map(|c| c.1)
        .skip_while(|c| is_opener(*c))
        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
        .collect();
    let next_first = chars[k..].iter().map(|c| c.1).find(|c| !is_opener(*c));
    let starts_sentence = match next_first {
        Some(c) => c.is_uppercase() || c.is_numeric() || (c.is_alphabetic() && !c.is_lowercase()),
        None => false,
    };
    let next_is_number = next_first.is_some_and(char::is_numeric);
    let next_is_starter = STARTERS.contains(&next_word.as_str());

    let run: String = chars[i..j]
        .iter()
        .map(|c| c.1)
        .filter(|c| is_terminator(*c))
        .collect();
    if run != "." {
        // `?`, `!`, ellipses: a new sentence starts with a capital ("Why?" he asked).
        return starts_sentence;
    }

    // The word before the full stop: letters, digits and inner full stops ("U.S", "e.g").
    let mut t = i;
    while t > sent_start
        && (chars[t - 1].1.is_alphanumeric() || chars[t - 1].1 == '.' || chars[t - 1].1 == '°')
    {
        t -= 1;
    }
    let token: String = chars[t..i].iter().map(|c| c.1).collect();
    let lower = token.to_lowercase();

    if token.is_empty() {
        return starts_sentence;
    }
    // "1. The first point": a list number, not a sentence.
    if t == sent_start && token.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if NEVER_FINAL.contains(&lower.as_str()) {
        return false;
    }
    if BEFORE_NUMBER.contains(&lower.as_str()) && next_is_number {
        return false;
    }
    let mut letters = token.chars();
    let is_initial =
        matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase());
    if is_initial {
        // "J. R. Smith", "M. Diallo": an initial, unless a sentence-starting word follows.
        return next_is_starter;
    }
    let is_acronym = token.contains('.');
    if is_acronym || MAY_BE_FINAL.contains(&lower.as_str()) {
        return next_is_starter || (next_is_number && !is_acronym);
    }
    starts_sentence
}

/// A boilerplate pattern on the folded sentence (lower-case, no accents, straight quotes,
/// final punctuation removed), with the most words a match may have (long sentences that
/// happen to start with "Share" are prose).
struct Pattern {
    re: Regex,
    max_words: usize,
}

static BOILERPLATE: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let p = |re: &str, max_words: usize| Pattern {
        re: Regex::new(re).expect("valid boilerplate regex"),
        max_words,
    };
    vec![
        // Cross-links to other articles.
        p(
            r"^(read|see|lire|voir)( also| more| next| aussi| plus| la suite| egalement)\b",
            usize::MAX,
        ),
        p(
            r"^(also read|a lire aussi|a lire egalement|more on this( story)?|you (may|might) also like|recommended( for you| stories)?|most (read|popular|viewed)|top stories|trending( now)?|editor's picks?)\b",
            30,
        ),
        p(
            r"^related( articles?| stories| content| coverage| news| topics)?\s*(:|$)",
            usize::MAX,
        ),
        // Credits of the collected page.
        p(r"^(original )?sources?\s*:", 20),
        p(r"^source site\b", 4),
        p(
            r"^(the world|le monde) (with|avec) (l')?(afp|ap|reuters)( and (afp|ap|reuters))?$",
            8,
        ),
        p(r"^(with|avec) (l')?(afp|ap|reuters)$", 4),
        p(
            r"^(photo|photos|image|picture|file photo|credit|photo credit|illustration)s?\s*:",
            15,
        ),
        p(
            r"^(published|updated|last updated|posted|publie|mis a jour)( on| at| le)?\s*:?\s*(\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|janv|fevr|mars|avr|mai|juin|juil|aout|sept|oct|nov|dec|lun|mar|mer|jeu|ven|sam|dim)",
            10,
        ),
        p(
            r"^(all rights reserved|tous droits reserves|copyright\b|©|\(c\) \d{4})",
            20,
        ),
        // Comments, subscriptions, paywalls.
        p(
            r"^(leave a (reply|comment)|post (a )?comments?|add a comment|write a comment|(show|view|load|hide) comments|\d+ comments?|comments?|cancel reply)$",
            6,
        ),
        p(r"^leave a (reply|comment)\b", 12),
        p(r"^loading\b", 3),
        p(
            r"^(subscribe|abonnez-vous|s'abonner|sign up|sign in|log in|login|register now)\b",
            25,
        ),
        p(
            r"(article )?(reserved for (our )?subscribers|reserve aux abonnes|subscribers only)",
            usize::MAX,
        ),
        p(
            r"(sign up|subscribe|inscrivez-vous) (for|to|a) (our|the|notre|la) .*newsletter",
            usize::MAX,
        ),
        p(r"^(get|receive) (our|the) .*newsletter", 20),
        // Sharing and following.
        p(
            r"^(share|share this( article| story| page)?|share on \w+|click to share\b.*|shares?|partager|partagez|tweet|email|e-mail|print|copy link|whatsapp|facebook|twitter|linkedin|telegram|messenger|reddit)$",
            5,
        ),
        p(
            r"^(follow us|follow @|suivez-nous|follow (the )?[\w'&. -]{1,40}? on (twitter|x|facebook|instagram|telegram|whatsapp|linkedin|youtube))",
            15,
        ),
        // Page furniture.
        p(
            r"^(advertisement|advertising|advert|ad|sponsored( content)?|publicite|annonce|scroll to continue( with content)?|continue reading( below)?|story continues below( this)?( advertisement| ad)?|skip to (main )?content|back to top|listen to (this )?(article|story)|\d+ min(ute)?s? read|watch|video|audio|close|menu|search|home)$",
            8,
        ),
        p(
            r"^(we use cookies|this (web)?site uses cookies|accept (all )?cookies|cookie (policy|settings))\b",
            usize::MAX,
        ),
        p(r"^(click here|tap here|cliquez ici)\b", 20),
    ]
});

/// Whether a sentence is a web-page leftover rather than reporting: cross-links ("Read also:
/// …"), source and credit lines, comment and subscription prompts, share buttons, page
/// furniture ("Advertisement"). Datelines ("BAMAKO, Mali (AP) —") and image captions are not
/// boilerplate: they are part of the article as published.
/// Compile the boilerplate patterns now (see [`super::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&BOILERPLATE);
}

pub fn is_boilerplate(sentence: &str) -> bool {
    let folded = fold(sentence);
    let s = folded
        .trim()
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '.' | '!' | '?' | ':' | '…' | '|' | '>' | '»' | '-')
        })
        .trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '|' | '>' | '«' | '-' | '•' | '*')
        });
    if s.is_empty() {
        return false;
    }
    let words = s.split_whitespace().count();
    BOILERPLATE
        .iter()
        .any(|p| words <= p.max_words && p.re.is_match(s))
}

#[cfg(test)]
mod glued_tests {
    use super::*;
    fn texts(t: &str) -> Vec<&str> {
        pieces(t).into_iter().map(|(a, b)| t[a..b].trim()).collect()
    }
    #[test]
    fn splits_sentences_whose_space_was_lost() {
        assert_eq!(
            texts("Al Jazeera reported.Mali’s army confirmed it."),
            ["Al Jazeera reported.", "Mali’s army confirmed it."]
        );
        assert_eq!(
            texts("Source: www.arabnews.com and U.S.Army"),
            ["Source: www.arabnews.com and U.S.Army"]
        );
        assert_eq!(texts("It rose 3.5 percent."), ["It rose 3.5 percent."]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences of a single paragraph.
    fn sents(text: &str) -> Vec<&str> {
        let spans = [Span::new(0, text.len())];
        split(text, &spans)
            .into_iter()
            .map(|s| &text[s.span.range()])
            .collect()
    }

    fn one(text: &str) {
        assert_eq!(sents(text), vec![text], "should be one sentence");
    }

    #[test]
    fn simple_sentences() {
        assert_eq!(
            sents("One. Two! Three? Four"),
            vec!["One.", "Two!", "Three?", "Four"]
        );
    }

    #[test]
    fn military_titles() {
        one(
            "Col. Marima Sagara, deputy director of the army’s communications service, confirmed the assault.",
        );
        one("Gen. Assimi Goïta met Lt. Col. Abdoulaye Maïga and Capt. Traoré.");
        one("Sgt. Keita and Lt.-Col. Diarra were wounded.");
        one("Maj. Gen. Smith said so.");
    }

    #[test]
    fn civilian_titles() {
        one("Mr. Diallo met Dr. Traoré and Mrs. Keita at the hospital.");
        one("Pres. Bazoum was detained.");
        one("They prayed at St. Mary's church.");
        one("Prof. Ba and Gov. Sow spoke.");
    }

    #[test]
    fn acronyms_mid_sentence() {
        one("U.N. experts have accused the mercenaries of abuses.");
        one("The U.S. Army and the U.N. Security Council condemned it.");
        one("The U.S. and France disagreed.");
    }

    #[test]
    fn acronym_at_sentence_end() {
        assert_eq!(
            sents("The money came from the U.S. The army denied it."),
            vec!["The money came from the U.S.", "The army denied it."]
        );
        assert_eq!(
            sents("Troops were withdrawn by the U.N. In July, fighting resumed."),
            vec![
                "Troops were withdrawn by the U.N.",
                "In July, fighting resumed."
            ]
        );
    }

    #[test]
    fn times() {
        one("The attack began at 5 a.m. on Tuesday and ended at 7 p.m. local time.");
        one("At 10 a.m. Tuesday gunmen arrived.");
        assert_eq!(
            sents("It ended at 7 p.m. The toll rose later."),
            vec!["It ended at 7 p.m.", "The toll rose later."]
        );
    }

    #[test]
    fn numbers_and_months() {
        one("Resolution No. 2640 was adopted on Sept. 11 and Jan. 3.");
        one("The convoy moved 3.5 km in 1.5 hours.");
        one("It happened on Aug. 2, 2022 at St. Louis.");
        assert_eq!(
            sents("He said no. They left."),
            vec!["He said no.", "They left."]
        );
        assert_eq!(
            sents("It began in 2012. It spread."),
            vec!["It began in 2012.", "It spread."]
        );
    }

    #[test]
    fn latin_abbreviations() {
        one("Some groups, e.g. Katiba Macina, i.e. JNIM affiliates, operate there.");
        one("It has approx. 200 fighters.");
        one("Trucks, fuel, etc. were seized.");
        assert_eq!(
            sents("They took trucks, fuel, etc. The army pursued them."),
            vec!["They took trucks, fuel, etc.", "The army pursued them."]
        );
    }

    #[test]
    fn initials() {
        one("J. R. Smith wrote the report.");
        one("The statement was signed by A. Diallo.");
        one("M. Diallo a déclaré que l'attaque a eu lieu.");
    }

    #[test]
    fn quotes_after_full_stop() {
        assert_eq!(
            sents("“We were attacked,” he said. “Nobody came.” Next day, the army arrived."),
            vec![
                "“We were attacked,” he said.",
                "“Nobody came.”",
                "Next day, the army arrived."
            ]
        );
        assert_eq!(
            sents("He said: \"It is over.\" Then he left."),
            vec!["He said: \"It is over.\"", "Then he left."]
        );
        assert_eq!(
            sents("(It was late.) Then it began."),
            vec!["(It was late.)", "Then it began."]
        );
    }

    #[test]
    fn glued_closing_quote_is_not_a_boundary() {
        one(
            "Twelve people died, including “three civilians from a road construction company”according to the statement signed by Colonel Souleymane Dembélé, director of information.",
        );
        one("They were “neutralized.”according to the army.");
    }

    #[test]
    fn question_and_exclamation() {
        assert_eq!(
            sents("Who did it? Nobody knows!"),
            vec!["Who did it?", "Nobody knows!"]
        );
        one("“Why?” he asked.");
        one("“Help!” she cried.");
        assert_eq!(sents("Really?! Yes."), vec!["Really?!", "Yes."]);
    }

    #[test]
    fn ellipses() {
        one("They waited... and waited.");
        one("They waited … and waited.");
        assert_eq!(
            sents("They waited... Then it came."),
            vec!["They waited...", "Then it came."]
        );
        assert_eq!(
            sents("They waited… Then it came."),
            vec!["They waited…", "Then it came."]
        );
    }

    #[test]
    fn no_final_full_stop_and_headings() {
        one("Attacks are closing in on the capital");
        one("Mali map showing Bamako");
        let text = "Mali: U.S. troops leave. Again\n\nBody one. Body two.";
        let paras = [Span::new(0, 30), Span::new(32, text.len())];
        let s = split_with_headings(text, &paras, &[true, false]);
        let got: Vec<&str> = s.iter().map(|s| &text[s.span.range()]).collect();
        assert_eq!(
            got,
            vec!["Mali: U.S. troops leave. Again", "Body one.", "Body two."]
        );
        assert_eq!(
            s.iter().map(|s| s.paragraph).collect::<Vec<_>>(),
            vec![0, 1, 1]
        );
        assert_eq!(
            s.iter().map(|s| s.number).collect::<Vec<_>>(),
            vec![1, 2, 3]
        );
    }

    #[test]
    fn lowercase_after_full_stop_is_not_a_boundary() {
        one("The source site-29 lists www.arabnews.com and example.org pages.");
        one("the toll was 15 km. from the town");
    }

    #[test]
    fn list_numbers() {
        one("1. The first point is this.");
    }

    #[test]
    fn french_typography() {
        assert_eq!(
            sents("« Nous avons été attaqués. » Le bilan est lourd."),
            vec!["« Nous avons été attaqués. »", "Le bilan est lourd."]
        );
    }

    #[test]
    fn spans_are_trimmed_and_inside_paragraphs() {
        let text = "  First one.   Second é.  \n\nThird";
        let cut = text.find("\n\n").unwrap();
        let paras = [Span::new(0, cut), Span::new(cut + 2, text.len())];
        let s = split(text, &paras);
        assert_eq!(s.len(), 3);
        for (sent, exp) in s.iter().zip(["First one.", "Second é.", "Third"]) {
            assert_eq!(&text[sent.span.range()], exp);
        }
        assert_eq!(s[2].paragraph, 1);
    }

    #[test]
    fn bad_spans_do_not_panic() {
        let text = "é. Ü.";
        let paras = [Span::new(1, 99), Span::new(5, 2)];
        let _ = split(text, &paras);
        assert!(split("", &[]).is_empty());
    }

    #[test]
    fn terminal_abbreviation_then_end() {
        one("He works for the U.S.");
        one("Meeting with Col.");
    }

    #[test]
    fn boilerplate_detected() {
        for s in [
            "Read also: Article reserved for our subscribers In Mali, the heart of power attacked by jihadists",
            "Read more",
            "READ MORE:",
            "Source: News Agencies",
            "Original Source: www.arabnews.com",
            "source site-29",
            "leave a reply",
            "Leave a Reply Cancel reply",
            "Post Comment",
            "Loading Now",
            "Loading...",
            "Subscribe to our channel",
            "Sign up for our newsletter",
            "Sign up for our daily newsletter to get the latest news.",
            "Article reserved for our subscribers",
            "The World with AFP",
            "Le Monde avec AFP",
            "Share this article",
            "Share",
            "Follow us on Twitter",
            "Follow Al Jazeera on Facebook",
            "Advertisement",
            "ADVERTISEMENT",
            "Lire aussi : Au Mali, l’armée frappe",
            "Published On 16 Jul 2022",
            "© 2024 AFP",
            "All rights reserved.",
            "Photo: AFP/Michele Cattani",
            "Related: Mali attack",
        ] {
            assert!(is_boilerplate(s), "should be boilerplate: {s}");
        }
    }

    #[test]
    fn prose_is_not_boilerplate() {
        for s in [
            "BAMAKO, Mali (AP) — Gunmen attacked a military camp on Tuesday.",
            "Mali map showing Bamako",
            "Six people have been killed in Mali, the security ministry has said.",
            "Sources said the attack began at dawn.",
            "Security sources said 12 soldiers died.",
            "Following the attack, troops were deployed.",
            "Shares of the mining company fell after the attack on the Bamako road.",
            "The army said it would share intelligence with Niger and Burkina Faso in the coming weeks.",
            "Updated figures show that 40 people died in the attack on Tuesday night near the border.",
            "Subscribers to the militant channel posted a video.",
            "",
        ] {
            assert!(!is_boilerplate(s), "should not be boilerplate: {s}");
        }
    }

    proptest::proptest! {
        /// Any text and any paragraph spans: no panic, spans on character boundaries, inside
        /// their paragraph, trimmed, non-empty, numbered in order.
        #[test]
        fn never_panics_and_spans_are_sound(
            text in "[a-zA-Z0-9 .?!…”“»«é\n]{0,80}",
            cuts in proptest::collection::vec((0usize..90, 0usize..90), 0..4),
        ) {
            let paras: Vec<Span> = cuts.iter().map(|&(a, b)| Span::new(a, b)).collect();
            let s = split(&text, &paras);
            for (n, sent) in s.iter().enumerate() {
                proptest::prop_assert_eq!(sent.number as usize, n + 1);
                let p = paras[sent.paragraph as usize];
                proptest::prop_assert!(p.start <= sent.span.start && sent.span.end <= p.end);
                let t = text.get(sent.span.range());
                proptest::prop_assert!(t.is_some_and(|t| !t.is_empty() && t.trim() == t));
            }
        }
    }
}
