//! Extraction: pure functions from an `Article` to the incidents it reports (`Mention`s).
//! One file per kind of fact; each takes its vocabulary from a `Lexicon` so another
//! language is a new lexicon, not a fork.

pub mod actors;
pub mod casualties;
pub mod dates;
pub mod event_type;
pub mod gazetteer;
pub mod grouping;
pub mod lexicon;
pub mod numbers;
pub mod places;
pub mod sentences;
pub mod text;

pub use grouping::Context;

use crate::model::{Article, Mention};

/// The incidents one article reports, each value with the sentence it came from.
pub fn extract(article: &Article, ctx: &Context) -> Vec<Mention> {
    let mut mentions = grouping::extract_mentions(article, ctx);
    // Kept for the whole build: without the room their lists grew into while extracting
    // (a list pushed once holds four).
    for m in &mut mentions {
        m.shrink_to_fit();
    }
    mentions.shrink_to_fit();
    mentions
}
