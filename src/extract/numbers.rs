//! Numbers as news states them: digits ("1,200"), number words ("twenty-five", "a dozen"),
//! vague quantities ("dozens", "hundreds") and qualifiers that make a range ("at least",
//! "about", "up to", "between 40 and 50").
//!
//! Vague quantities follow the ACLED codebook convention so figures stay comparable with
//! hand-coded data: "a dozen" = 12, "dozens" = 12 (at least), "scores" = 20, "hundreds" = 100,
//! "thousands" = 1000 (all as lower bounds).

use super::text::{Token, TokenKind};
use crate::model::{Qualifier, Quantity};
use std::collections::HashMap;

/// The number vocabulary of one language.
#[derive(Debug, Clone)]
pub struct NumberLexicon {
    /// Words with a plain value: "one" = 1 … "nineteen", tens, "a"/"an" = 1 (only where the
    /// caller accepts articles as numbers).
    pub words: HashMap<&'static str, u32>,
    /// Multipliers: "hundred" = 100, "thousand" = 1000.
    pub scales: HashMap<&'static str, u32>,
    /// Vague quantities with their conventional lower bound ("dozens" = 12).
    pub vague: HashMap<&'static str, u32>,
    /// Multi-word qualifiers before a number, longest first: ("at least", AtLeast).
    pub qualifiers: Vec<(&'static [&'static str], Qualifier)>,
    /// Words joining two numbers into a range ("between 40 and 50", "40 to 50").
    pub range_joiners: Vec<&'static str>,
    /// Articles that count as one before a singular noun ("killing a soldier").
    pub articles: Vec<&'static str>,
    /// Qualifiers written after the number: "22 minimum", "ten or more", "30-odd".
    pub postfix_qualifiers: Vec<(&'static [&'static str], Qualifier)>,
    /// Words that multiply a following "dozen"/"hundred" as a lower bound: "several dozen".
    pub several: Vec<&'static str>,
}

impl NumberLexicon {
    pub fn english() -> NumberLexicon {
        let units = [
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
        let tens = [
            ("twenty", 20),
            ("thirty", 30),
            ("forty", 40),
            ("fourty", 40),
            ("fifty", 50),
            ("sixty", 60),
            ("seventy", 70),
            ("eighty", 80),
            ("ninety", 90),
        ];
        let mut words: HashMap<&'static str, u32> = units
            .iter()
            .enumerate()
            .map(|(i, w)| (*w, i as u32))
            .collect();
        words.extend(tens);
        words.insert("dozen", 12);
        words.insert("single", 1);
        words.insert("couple", 2);
        let scales = HashMap::from([("hundred", 100), ("thousand", 1000), ("million", 1_000_000)]);
        let vague = HashMap::from([
            ("dozens", 12),
            ("scores", 20),
            ("hundreds", 100),
            ("thousands", 1000),
            ("tens", 10),
        ]);
        use Qualifier::*;
        let mut qualifiers: Vec<(&'static [&'static str], Qualifier)> = vec![
            (&["at", "least"], AtLeast),
            (&["more", "than"], AtLeast),
            (&["over"], AtLeast),
            (&["upwards", "of"], AtLeast),
            (&["in", "excess", "of"], AtLeast),
            (&["no", "fewer", "than"], AtLeast),
            (&["no", "less", "than"], AtLeast),
            (&["a", "minimum", "of"], AtLeast),
            (&["about"], About),
            (&["around"], About),
            (&["approximately"], About),
            (&["approx"], About),
            (&["roughly"], About),
            (&["some"], About),
            (&["an", "estimated"], About),
            (&["estimated"], About),
            (&["nearly"], About),
            (&["almost"], About),
            (&["close", "to"], About),
            (&["just", "under"], About),
            (&["just", "over"], AtLeast),
            (&["up", "to"], AtMost),
            (&["as", "many", "as"], AtMost),
            (&["at", "most"], AtMost),
            (&["fewer", "than"], AtMost),
            (&["less", "than"], AtMost),
        ];
        qualifiers.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let postfix_qualifiers: Vec<(&'static [&'static str], Qualifier)> = vec![
            (&["or", "more"], AtLeast),
            (&["at", "least"], AtLeast),
            (&["minimum"], AtLeast),
            (&["plus"], AtLeast),
            (&["odd"], About),
            (&["or", "so"], About),
        ];
        NumberLexicon {
            words,
            scales,
            vague,
            qualifiers,
            range_joiners: vec!["to", "and", "-", "or"],
            articles: vec!["a", "an"],
            postfix_qualifiers,
            several: vec!["several", "a few"],
        }
    }
}

/// A quantity found in a token sequence: tokens `start..end` (token indices).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuantityMatch {
    pub quantity: Quantity,
    /// Index of the first token (the qualifier where there is one).
    pub start: usize,
    /// One past the last token of the number.
    pub end: usize,
    /// Index of the first token of the number itself (after the qualifier).
    pub number_start: usize,
    /// A vague quantity ("dozens", "several hundred"): its value is a conventional lower bound.
    pub vague: bool,
}

/// Parse a bare number at token `i` (no qualifier): digits, number words, compounds
/// ("twenty-five", "twenty five", "one hundred and twenty", "a dozen", "hundreds").
/// Returns (low, high, is_vague, tokens used).
fn parse_bare(
    tokens: &[Token],
    i: usize,
    lex: &NumberLexicon,
    allow_article: bool,
) -> Option<(u32, bool, usize)> {
    let t = tokens.get(i)?;
    if t.kind == TokenKind::Number {
        if t.norm.contains('.') && !t.norm.contains(',') {
            return None; // a decimal is a measure, not a head count
        }
        let digits: String = t.norm.chars().filter(|c| c.is_ascii_digit()).collect();
        let mut value: u32 = digits.parse().ok()?;
        let mut used = 1;
        // "2 dozen" (rare, but a multiplier like "2 thousand").
        if tokens.get(i + 1).is_some_and(|n| n.is("dozen")) {
            return Some((value.checked_mul(12)?, false, 2));
        }
        // "1.5 million" is rare for tolls; "2 thousand" happens.
        if let Some(s) = tokens
            .get(i + 1)
            .and_then(|n| lex.scales.get(n.norm.as_str()))
        {
            value = value.checked_mul(*s)?;
            used += 1;
        }
        return Some((value, false, used));
    }
    if t.kind != TokenKind::Word {
        return None;
    }
    // "half a dozen" = 6.
    if t.is("half")
        && tokens.get(i + 1).is_some_and(|n| n.is("a"))
        && tokens.get(i + 2).is_some_and(|n| n.is("dozen"))
    {
        return Some((6, false, 3));
    }
    // "several dozen", "a few hundred": at least two of the unit (a lower bound, like "dozens").
    for w in &lex.several {
        let words: Vec<&str> = w.split(' ').collect();
        if words
            .iter()
            .enumerate()
            .all(|(j, w)| tokens.get(i + j).is_some_and(|t| t.is(w)))
        {
            let unit = tokens.get(i + words.len()).and_then(|n| {
                if n.is("dozen") || n.is("dozens") {
                    Some(12)
                } else {
                    lex.scales.get(n.norm.as_str()).copied()
                }
            });
            if let Some(u) = unit {
                return Some((u.saturating_mul(2), true, words.len() + 1));
            }
        }
    }
    if let Some(v) = lex.vague.get(t.norm.as_str()) {
        // "hundreds of thousands" is a different order of magnitude.
        if tokens.get(i + 1).is_some_and(|n| n.is("of"))
            && tokens
                .get(i + 2)
                .is_some_and(|n| lex.vague.contains_key(n.norm.as_str()))
        {
            let v2 = lex.vague[tokens[i + 2].norm.as_str()];
            return Some((v.saturating_mul(v2), true, 3));
        }
        return Some((*v, true, 1));
    }
    // "a dozen", "a hundred", "a thousand"
    if lex.articles.contains(&t.norm.as_str()) {
        if let Some(n) = tokens.get(i + 1) {
            if n.is("dozen") {
                return Some((12, false, 2));
            }
            if let Some(s) = lex.scales.get(n.norm.as_str()) {
                return Some((*s, false, 2));
            }
        }
        return if allow_article {
            Some((1, false, 1))
        } else {
            None
        };
    }
    let mut value = word_value(&t.norm, lex)?;
    let mut used = 1;
    // "two dozen" = 24 ("a dozen" is handled with the articles above).
    if !t.is("dozen") && tokens.get(i + 1).is_some_and(|n| n.is("dozen")) {
        return Some((value.checked_mul(12)?, false, 2));
    }
    // "twenty five"
    if value >= 20 && value < 100 && value % 10 == 0 {
        if let Some(u) = tokens
            .get(i + 1)
            .and_then(|n| lex.words.get(n.norm.as_str()))
        {
            if *u < 10 && *u > 0 {
                value += u;
                used += 1;
            }
        }
    }
    // "one hundred (and) twenty", "two thousand"
    if let Some(s) = tokens
        .get(i + used)
        .and_then(|n| lex.scales.get(n.norm.as_str()))
    {
        value = value.checked_mul(*s)?;
        used += 1;
        let mut k = i + used;
        if tokens.get(k).is_some_and(|n| n.is("and")) {
            k += 1;
        }
        if let Some((rest, false, n)) = parse_bare(tokens, k, lex, false) {
            if rest < *s {
                value += rest;
                used = k + n - i;
            }
        }
    }
    Some((value, false, used))
}

/// Value of a single number word, including hyphenated compounds ("twenty-five").
pub fn word_value(norm: &str, lex: &NumberLexicon) -> Option<u32> {
    if let Some(v) = lex.words.get(norm) {
        return Some(*v);
    }
    let (tens, unit) = norm.split_once('-')?;
    let t = *lex.words.get(tens)?;
    let u = *lex.words.get(unit)?;
    (t >= 20 && t % 10 == 0 && u > 0 && u < 10).then_some(t + u)
}

/// Parse a quantity starting at token `i`, qualifier included. `allow_article` lets "a"/"an"
/// count as one (the caller knows a singular victim noun follows).
pub fn quantity_at(
    tokens: &[Token],
    i: usize,
    lex: &NumberLexicon,
    allow_article: bool,
) -> Option<QuantityMatch> {
    let mut qualifier = Qualifier::Exact;
    let mut k = i;
    let mut between = false;
    if tokens.get(i).is_some_and(|t| t.is("between")) {
        between = true;
        k = i + 1;
    } else {
        for (words, q) in &lex.qualifiers {
            if words
                .iter()
                .enumerate()
                .all(|(j, w)| tokens.get(i + j).is_some_and(|t| t.is(w)))
            {
                // "some" and "over" are also ordinary words: only a qualifier before a number.
                if parse_bare(tokens, i + words.len(), lex, false).is_some() {
                    qualifier = *q;
                    k = i + words.len();
                }
                break;
            }
        }
    }
    let (low, vague, used) = parse_bare(
        tokens,
        k,
        lex,
        allow_article && qualifier == Qualifier::Exact,
    )?;
    let number_start = k;
    let mut end = k + used;
    let mut high = low;
    if vague && qualifier == Qualifier::Exact {
        qualifier = Qualifier::AtLeast;
    }
    // Ranges: "40 to 50", "between 40 and 50", "40-50", "two or three".
    if let Some(j) = tokens.get(end) {
        let joiner = lex.range_joiners.contains(&j.norm.as_str()) && (between || !j.is("and"));
        if joiner {
            // "between 100 and several hundred": a vague upper end still closes the range.
            if let Some((h, vague_high, used2)) = parse_bare(tokens, end + 1, lex, false) {
                if h > low && (!vague_high || between) {
                    high = h;
                    end = end + 1 + used2;
                    qualifier = Qualifier::Range;
                }
            }
        }
    }
    if between && qualifier != Qualifier::Range {
        return None;
    }
    // "22 minimum", "ten or more", "30-odd": a qualifier after the number.
    if qualifier == Qualifier::Exact {
        for (words, q) in &lex.postfix_qualifiers {
            if words
                .iter()
                .enumerate()
                .all(|(j, w)| tokens.get(end + j).is_some_and(|t| t.is(w)))
            {
                qualifier = *q;
                end += words.len();
                break;
            }
        }
    }
    Some(QuantityMatch {
        quantity: Quantity {
            low,
            high,
            qualifier,
        },
        start: i,
        end,
        number_start,
        vague,
    })
}

/// Every quantity in a token sequence, left to right, non-overlapping.
pub fn find_quantities(tokens: &[Token], lex: &NumberLexicon) -> Vec<QuantityMatch> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(m) = quantity_at(tokens, i, lex, false) {
            i = m.end.max(i + 1);
            out.push(m);
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::tokenize;

    fn q(s: &str) -> Vec<(u32, u32, Qualifier)> {
        let lex = NumberLexicon::english();
        find_quantities(&tokenize(s), &lex)
            .into_iter()
            .map(|m| (m.quantity.low, m.quantity.high, m.quantity.qualifier))
            .collect()
    }
    use Qualifier::*;

    #[test]
    fn digits_and_words() {
        assert_eq!(q("six people"), [(6, 6, Exact)]);
        assert_eq!(q("1,200 people"), [(1200, 1200, Exact)]);
        assert_eq!(q("twenty-five wounded"), [(25, 25, Exact)]);
        assert_eq!(q("twenty five wounded"), [(25, 25, Exact)]);
        assert_eq!(q("one hundred and twenty dead"), [(120, 120, Exact)]);
        assert_eq!(q("two thousand"), [(2000, 2000, Exact)]);
        assert_eq!(q("a dozen soldiers"), [(12, 12, Exact)]);
        assert_eq!(q("Twelve people died"), [(12, 12, Exact)]);
    }

    #[test]
    fn qualifiers() {
        assert_eq!(q("at least 15 soldiers"), [(15, 15, AtLeast)]);
        assert_eq!(q("more than 100"), [(100, 100, AtLeast)]);
        assert_eq!(q("over 70 people"), [(70, 70, AtLeast)]);
        assert_eq!(q("nearly 40"), [(40, 40, About)]);
        assert_eq!(q("around fifteen fighters"), [(15, 15, About)]);
        assert_eq!(q("approximately 200"), [(200, 200, About)]);
        assert_eq!(q("some 50 civilians"), [(50, 50, About)]);
        assert_eq!(q("up to 30"), [(30, 30, AtMost)]);
        assert_eq!(q("as many as 60"), [(60, 60, AtMost)]);
        assert_eq!(q("an estimated 300"), [(300, 300, About)]);
    }

    #[test]
    fn ranges() {
        assert_eq!(q("between 40 and 50 dead"), [(40, 50, Range)]);
        assert_eq!(q("40 to 50 dead"), [(40, 50, Range)]);
        assert_eq!(q("two or three"), [(2, 3, Range)]);
        assert_eq!(q("40-50 killed"), [(40, 50, Range)]);
        // "and" joins a range only after "between": two figures otherwise.
        assert_eq!(
            q("three civilians and three officers"),
            [(3, 3, Exact), (3, 3, Exact)]
        );
    }

    #[test]
    fn vague_quantities_follow_acled() {
        assert_eq!(q("dozens of civilians"), [(12, 12, AtLeast)]);
        assert_eq!(q("hundreds of people"), [(100, 100, AtLeast)]);
        assert_eq!(
            q("hundreds of thousands displaced"),
            [(100_000, 100_000, AtLeast)]
        );
    }

    #[test]
    fn multiples_and_postfix_qualifiers() {
        assert_eq!(q("over two dozen people"), [(24, 24, AtLeast)]);
        assert_eq!(q("half a dozen soldiers"), [(6, 6, Exact)]);
        assert_eq!(q("several dozen fighters"), [(24, 24, AtLeast)]);
        assert_eq!(q("a few hundred people"), [(200, 200, AtLeast)]);
        assert_eq!(q("the toll at 22 minimum"), [(22, 22, AtLeast)]);
        assert_eq!(q("ten or more villagers"), [(10, 10, AtLeast)]);
        assert_eq!(q("30 odd bodies"), [(30, 30, About)]);
        assert_eq!(q("two or three"), [(2, 3, Range)]);
    }

    #[test]
    fn not_numbers() {
        assert_eq!(q("some of the groups"), []);
        assert_eq!(q("over the past decade"), []);
        assert_eq!(q("a soldier"), []);
        assert_eq!(q("3.5 km"), []);
        assert_eq!(q("70km from"), []);
    }
}
