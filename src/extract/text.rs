//! Small text helpers shared by the extractors.

use unicode_normalization::UnicodeNormalization;

/// Lower-case, strip diacritics and unify apostrophes/quotes/dashes, keeping byte length
/// unchanged is NOT guaranteed: use it for keys and comparisons, never for spans.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2010}'..='\u{2015}' => '-',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
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
    if out.is_empty() { "unnamed".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn folds_diacritics_and_quotes() {
        assert_eq!(fold("Ségou’s MÉNAKA"), "segou's menaka");
    }
    #[test]
    fn slugs() {
        assert_eq!(slugify("Tin-Zaouatène (Kidal)"), "tin-zaouatene-kidal");
        assert_eq!(slugify("../etc"), "etc");
        assert_eq!(slugify("***"), "unnamed");
    }
}
