//! Places named in a sentence, resolved against the gazetteer, with distance phrases
//! ("about 70km from the capital") giving geo precision 2.

use super::gazetteer::Gazetteer;
use crate::model::PlaceValue;

#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMatch {
    pub place: PlaceValue,
    /// Byte range of the phrase in the sentence.
    pub start: usize,
    pub end: usize,
}

/// Find the places a sentence names. `default_country` (ISO alpha-2) breaks ties between homonyms.
pub fn find_places(_sentence: &str, _gazetteer: &Gazetteer, _default_country: Option<&str>) -> Vec<PlaceMatch> {
    Vec::new()
}
