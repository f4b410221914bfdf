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

/// Compile the extractor's vocabulary (regexes and automata) on every thread at once.
///
/// It is compiled on first use, which for a build that extracts only a few articles (a
/// rebuild after an edit) left one thread compiling for about 0.15 s while the others
/// waited. Called before extracting; the pieces are independent, the largest first.
pub fn warm_up() {
    use rayon::prelude::*;
    let mut tasks: Vec<Box<dyn Fn() + Send + Sync>> = vec![
        Box::new(|| {
            actors::ActorLexicon::english_shared();
        }),
        Box::new(|| {
            event_type::EventLexicon::english_shared();
        }),
        Box::new(sentences::warm_up),
        Box::new(grouping::warm_up),
    ];
    tasks.extend(places::warm_up_tasks());
    // Last: it waits for the lexicons above, if they are still being made.
    tasks.push(Box::new(|| {
        lexicon::Lexicon::for_language(None);
    }));
    tasks.par_iter().with_max_len(1).for_each(|task| task());
}

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
