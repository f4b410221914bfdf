//! The vocabulary of one language for every extractor. English ships first; another language
//! is another `Lexicon` value, not another code path.

use super::actors::ActorLexicon;
use super::casualties::CasualtyLexicon;
use super::dates::DateLexicon;
use super::event_type::EventLexicon;
use super::grouping::GroupingLexicon;
use super::numbers::NumberLexicon;

#[derive(Debug)]
pub struct Lexicon {
    /// ISO 639-1 code.
    pub language: &'static str,
    pub numbers: NumberLexicon,
    pub casualties: CasualtyLexicon,
    pub dates: &'static DateLexicon,
    pub actors: &'static ActorLexicon,
    pub events: &'static EventLexicon,
    pub grouping: GroupingLexicon,
}

impl Lexicon {
    pub fn english() -> Lexicon {
        Lexicon {
            language: "en",
            numbers: NumberLexicon::english(),
            casualties: CasualtyLexicon::english(),
            dates: DateLexicon::english(),
            actors: ActorLexicon::english_shared(),
            events: EventLexicon::english_shared(),
            grouping: GroupingLexicon::english(),
        }
    }

    /// The lexicon for an article's language; English when the language has none yet.
    pub fn for_language(_code: Option<&str>) -> &'static Lexicon {
        static EN: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(Lexicon::english);
        &EN
    }
}
