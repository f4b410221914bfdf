//! `briefing` turns a folder of news articles about security incidents into a static
//! briefing website. The pipeline flows one way:
//! `content` (load) → `extract` → `incidents` (consolidate) → `site` (render) → `output` (write).

pub mod config;
pub mod content;
pub mod error;
pub mod extract;
pub mod incidents;
pub mod model;
pub mod output;
pub mod site;
pub mod build;
pub mod cli;
pub mod pdf;
pub mod serve;
