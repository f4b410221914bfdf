//! Placeholder with the agreed API; replaced by the full implementation.
#[derive(Debug, Clone, Default)]
pub struct EventLexicon;
impl EventLexicon { pub fn english() -> Self { EventLexicon } }
#[derive(Debug, Clone, Default)]
pub struct EventEvidence { pub targets: Vec<String>, pub perpetrators: Vec<String>, pub civilians_only: bool, pub security_forces_hit: bool, pub any_fighting: bool }
#[derive(Debug, Clone, PartialEq)]
pub struct Classified { pub event_type: String, pub sub_event_type: String, pub cue: String }
pub fn classify(_text: &str, _e: &EventEvidence, _lex: &EventLexicon) -> Option<Classified> { None }
