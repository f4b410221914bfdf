//! Consolidation: mentions of the same incident in several articles become one incident;
//! analysts correct the result with override files; `conflicts` finds what deserves a look.
pub mod conflicts;
pub mod consolidate;
pub mod ids;
pub mod overrides;
