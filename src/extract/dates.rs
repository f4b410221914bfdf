//! Dates: absolute, weekday-relative to the published date, relative to another event, vague.

use crate::model::DateValue;
use chrono::NaiveDate;

/// A date expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum DateExpr {
    /// Resolved on its own (against the published date where needed).
    Absolute(DateValue),
    /// Relative to another event the text mentions: "the day before" (-1),
    /// "five days after the suicide attack in Kati" (+5, reference "the suicide attack in Kati"),
    /// "one week later" (+7). Resolved by the caller against that event's date.
    RelativeToEvent { days: i64, reference: Option<String> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct DateMatch {
    pub expr: DateExpr,
    /// Byte range of the expression in the sentence.
    pub start: usize,
    pub end: usize,
}

/// Find the date expressions in one sentence. `published` resolves weekdays ("on Thursday night"
/// is the latest Thursday on or before it), years of "July 22", and vague phrases. Never returns a
/// date after `published`.
pub fn find_dates(_sentence: &str, _published: Option<NaiveDate>, _lex: &DateLexicon) -> Vec<DateMatch> {
    Vec::new()
}

/// Placeholder lexicon (replaced by the full implementation).
#[derive(Debug, Clone, Default)]
pub struct DateLexicon;
impl DateLexicon { pub fn english() -> Self { DateLexicon } }
