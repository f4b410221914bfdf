//! `config.toml` of a site.

use serde::{Deserialize, Serialize};

/// A place a site adds to the embedded gazetteer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExtraPlace {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub admin1: Option<String>,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Absolute URL of the published site; used only where an absolute URL is required.
    pub base_url: String,
    /// Default language of articles (ISO 639-1).
    pub language: String,
    /// ISO 3166-1 alpha-2 code used to break ties between homonymous places.
    pub default_country: Option<String>,
    /// Organisation publishing the briefing (cover of the print document).
    pub organisation: Option<String>,
    /// Handling marking printed on every page ("For internal use").
    pub marking: Option<String>,
    pub places: Vec<ExtraPlace>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Security briefing".into(),
            description: None,
            base_url: "http://localhost/".into(),
            language: "en".into(),
            default_country: None,
            organisation: None,
            marking: None,
            places: Vec::new(),
        }
    }
}
