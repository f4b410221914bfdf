//! Placeholder with the agreed API; replaced by the full implementation.
#[derive(Debug, Clone, Default)]
pub struct ActorLexicon;
impl ActorLexicon { pub fn english() -> Self { ActorLexicon } }
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorRole { Perpetrator, ClaimedBy, Target, Mentioned }
#[derive(Debug, Clone, PartialEq)]
pub struct ActorMatch { pub name: String, pub role: ActorRole, pub start: usize, pub end: usize }
pub fn find_actors(_sentence: &str, _lex: &ActorLexicon) -> Vec<ActorMatch> { Vec::new() }
