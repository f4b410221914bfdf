//! Consolidation: mentions of the same incident in several articles become one incident.
pub mod consolidate;
pub mod ids;
