//! `briefing` turns a folder of news articles about security incidents into a static
//! briefing website. The pipeline flows one way:
//! `content` (load) → `extract` → `incidents` (consolidate) → `site` (render) → `output` (write).

pub mod build;
pub mod cache;
pub mod cli;
pub mod config;
pub mod content;
pub mod corpus_gen;
pub mod error;
pub mod extract;
pub mod incidents;
pub mod model;
pub mod output;
pub mod pdf;
pub mod serve;
pub mod site;
