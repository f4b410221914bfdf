//! Small text helpers shared by the extractors.

use unicode_normalization::UnicodeNormalization;

/// Lower-case, strip diacritics and unify apostrophes/quotes/dashes, keeping byte length
/// unchanged is NOT guaranteed: use it for keys and comparisons, never for spans.
pub fn fold(s: &str) -> String {
    // Most news text is ASCII, where decomposition is the identity and there are no combining
    // marks: lower-casing and the backtick are all that change. This path is ~20x cheaper and
    // gives the same string as the general one below.
    if s.is_ascii() {
        let mut out = String::with_capacity(s.len());
        out.extend(s.bytes().map(|b| fold_ascii(b) as char));
        return out;
    }
    // Mostly ASCII with a few curly quotes or accents: decomposition never reorders across an
    // ASCII character (a starter, combining class 0) and the rest is per character, so each
    // run of non-ASCII characters folds on its own and the ASCII between them byte by byte.
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(|c: char| !c.is_ascii()) {
        out.extend(rest[..i].bytes().map(|b| fold_ascii(b) as char));
        let run = &rest[i..];
        let j = run.find(|c: char| c.is_ascii()).unwrap_or(run.len());
        fold_general(&run[..j], &mut out);
        rest = &run[j..];
    }
    out.extend(rest.bytes().map(|b| fold_ascii(b) as char));
    out
}

/// `fold(a) == fold(b)`, without allocating when both are ASCII (place names compared
/// thousands of times while consolidating).
pub fn folded_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.len() == b.len()
            && a.bytes()
                .zip(b.bytes())
                .all(|(x, y)| fold_ascii(x) == fold_ascii(y));
    }
    fold(a) == fold(b)
}

/// [`fold`] by full decomposition, appended to `out`.
fn fold_general(s: &str, out: &mut String) {
    out.extend(
        s.nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
                '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' => '"',
                '\u{2010}'..='\u{2015}' => '-',
                _ => c,
            })
            .flat_map(char::to_lowercase),
    );
}

/// [`fold`] of one ASCII byte: lower case, the backtick read as an apostrophe.
#[inline]
pub fn fold_ascii(b: u8) -> u8 {
    if b == b'`' {
        b'\''
    } else {
        b.to_ascii_lowercase()
    }
}

/// Append [`fold`] of one character to `out`, without allocating for ASCII characters.
#[inline]
pub fn push_folded_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(fold_ascii(c as u8) as char);
    } else {
        let mut buf = [0u8; 4];
        out.push_str(&fold(c.encode_utf8(&mut buf)));
    }
}

/// Whether `hay` contains `needle` (ASCII lower case) in any ASCII case.
///
/// A cheap pre-filter for case-insensitive regexes that cannot match without one of their
/// literal words: a regex with a Unicode `\b` falls back from its DFA to a slow engine on any
/// non-ASCII text (curly quotes, accents), so skipping it on sentences that lack the word
/// saves most of its cost. Exact only for needles whose letters have no non-ASCII case
/// variant (not `k` or `s`: KELVIN SIGN, LONG S); a test checks the needles in use.
pub fn contains_ascii_ci(hay: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    !n.is_empty()
        && hay
            .as_bytes()
            .windows(n.len())
            .any(|w| w.eq_ignore_ascii_case(n))
}

/// Which phrases of a fixed list occur in a text (anywhere, as plain substrings), found in
/// one pass of an automaton built at the first call, instead of one substring search per
/// phrase. A lexicon keeps one per phrase list; it must always be asked about that same list.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    finder: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

impl PhraseSet {
    /// For each of `phrases`, whether it occurs in `text`. When the automaton cannot be built
    /// (never for a lexicon's phrases), every phrase "may" occur: callers then search as before.
    pub fn present(&self, phrases: &[&str], text: &str) -> Vec<bool> {
        let finder = self
            .finder
            .get_or_init(|| aho_corasick::AhoCorasick::new(phrases).ok());
        let Some(ac) = finder else {
            return vec![true; phrases.len()];
        };
        let mut present = vec![false; phrases.len()];
        for m in ac.find_overlapping_iter(text) {
            if let Some(p) = present.get_mut(m.pattern().as_usize()) {
                *p = true;
            }
        }
        present
    }
}

/// A URL- and file-safe slug: ASCII lower-case letters, digits and single dashes.
pub fn slugify(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        return "unnamed".to_string();
    }
    // A slug may name a file on its own ("places/<slug>.html"): never a Windows device name.
    if is_device_name(&out) {
        out.push_str("-place");
    }
    out
}

/// Whether `name` (before its first dot, any case) is a Windows device name (`CON`, `NUL`,
/// `COM1`…), which no file may be called there, whatever its extension.
pub fn is_device_name(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    /// The fast paths of `fold` give what full decomposition of the whole string gives.
    #[test]
    fn fold_fast_paths_match_full_decomposition() {
        let cases = [
            "Ségou’s MÉNAKA",
            "plain ASCII `quoted` TEXT",
            "e\u{301}\u{323}x a\u{323}\u{301}",
            "\u{301}leading mark, İstanbul, ﬁnal, ẞ, ǅ, Ω, K",
            "“Tin-Zaouatène” — 12 km – «Kidal»",
            "mixed é\u{301}\u{316}e\u{316}\u{301}",
        ];
        for s in cases {
            let mut full = String::new();
            fold_general(s, &mut full);
            assert_eq!(fold(s), full, "{s}");
        }
    }
    /// `folded_eq` says what comparing the folds says.
    #[test]
    fn folded_eq_is_equality_of_folds() {
        let names = [
            "Ségou",
            "Segou",
            "SEGOU",
            "Ségo",
            "Tin-Zaouatène",
            "tin-zaouatene",
            "Kati",
            "kati`",
            "kati'",
            "",
            "Ménaka",
            "Menaka ",
        ];
        for a in names {
            for b in names {
                assert_eq!(folded_eq(a, b), fold(a) == fold(b), "{a:?} {b:?}");
            }
        }
    }
    #[test]
    fn folds_diacritics_and_quotes() {
        assert_eq!(fold("Ségou’s MÉNAKA"), "segou's menaka");
    }
    #[test]
    fn slugs() {
        assert_eq!(slugify("Tin-Zaouatène (Kidal)"), "tin-zaouatene-kidal");
        assert_eq!(slugify("../etc"), "etc");
        assert_eq!(slugify("***"), "unnamed");
        assert_eq!(slugify("Nul"), "nul-place");
        assert_eq!(slugify("Con Dao"), "con-dao");
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with internal hyphens/apostrophes), possibly mixed with digits ("70km").
    Word,
    /// Digits, with thousands separators or a decimal part ("1,200", "3.5").
    Number,
    /// Any other single character that is not white space.
    Punct,
}

/// A token of a sentence: its byte span in the sentence and its folded form.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    /// `fold()` of the token text: lower case, no diacritics, straight quotes.
    pub norm: String,
}

impl Token {
    pub fn is(&self, word: &str) -> bool {
        self.norm == word
    }
    pub fn is_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.norm == *w)
    }
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '\u{2019}' | '\u{2010}' | '\u{2011}')
}

/// Split a sentence into word, number and punctuation tokens. Spans are byte offsets at
/// char boundaries, so `&sentence[t.start..t.end]` is always valid.
pub fn tokenize(sentence: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let end_of = |k: usize| chars.get(k).map(|(b, _)| *b).unwrap_or(sentence.len());
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let next_digit = chars.get(j + 1).is_some_and(|(_, n)| n.is_ascii_digit());
                if d.is_ascii_digit() || ((d == ',' || d == '.') && next_digit) {
                    j += 1;
                } else {
                    break;
                }
            }
            // "70km", "15-year-old": digits glued to letters make a word.
            let mut kind = TokenKind::Number;
            while j < chars.len()
                && (chars[j].1.is_alphabetic()
                    || (kind == TokenKind::Word && chars[j].1.is_alphanumeric())
                    || (is_joiner(chars[j].1)
                        && chars.get(j + 1).is_some_and(|(_, n)| n.is_alphabetic())))
            {
                kind = TokenKind::Word;
                j += 1;
            }
            let end = end_of(j);
            tokens.push(Token {
                kind,
                start,
                end,
                norm: fold(&sentence[start..end]),
            });
            i = j;
        } else if c.is_alphabetic() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_alphanumeric() || unicode_normalization::char::is_combining_mark(d) {
                    j += 1;
                } else if is_joiner(d) && chars.get(j + 1).is_some_and(|(_, n)| n.is_alphabetic()) {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = end_of(j);
            tokens.push(Token {
                kind: TokenKind::Word,
                start,
                end,
                norm: fold(&sentence[start..end]),
            });
            i = j;
        } else {
            let end = end_of(i + 1);
            tokens.push(Token {
                kind: TokenKind::Punct,
                start,
                end,
                norm: fold(&sentence[start..end]),
            });
            i += 1;
        }
    }
    tokens
}

#[cfg(test)]
mod token_tests {
    use super::*;
    #[test]
    fn tokenizes_news_prose() {
        let s = "On Thursday night, about 70km (43 miles) from Ségou’s “checkpoint”, 1,200 twenty-five 3.5.";
        let t = tokenize(s);
        let norms: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            norms,
            [
                "on",
                "thursday",
                "night",
                ",",
                "about",
                "70km",
                "(",
                "43",
                "miles",
                ")",
                "from",
                "segou's",
                "\"",
                "checkpoint",
                "\"",
                ",",
                "1,200",
                "twenty-five",
                "3.5",
                "."
            ]
        );
        for tok in &t {
            assert!(s.is_char_boundary(tok.start) && s.is_char_boundary(tok.end));
        }
        assert_eq!(t[16].kind, TokenKind::Number);
        assert_eq!(t[5].kind, TokenKind::Word);
    }
}
