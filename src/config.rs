//! `config.toml` of a site: the settings, their defaults, and loading with errors that name
//! the file, line and column and say what to do.

use crate::content::front_matter::{levenshtein, line_col};
use crate::error::Error;
use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Deserializer, Serialize};
use std::path::Path;
use std::sync::LazyLock;

/// A place a site adds to the embedded gazetteer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExtraPlace {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(alias = "region")]
    pub admin1: Option<String>,
    pub country: String,
    #[serde(alias = "latitude")]
    pub lat: f64,
    #[serde(alias = "longitude", alias = "lng")]
    pub lon: f64,
}

/// Paper size of the print styles and of `briefing pdf`: A4 (the default) or US Letter.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(try_from = "String", into = "String")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// The CSS `@page { size }` value.
    pub fn css(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }
}

impl TryFrom<String> for Paper {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" | "us letter" | "us-letter" => Ok(Paper::Letter),
            _ => Err(format!("`paper` {s:?} must be \"A4\" or \"Letter\"")),
        }
    }
}

impl From<Paper> for String {
    fn from(p: Paper) -> String {
        match p {
            Paper::A4 => "A4".into(),
            Paper::Letter => "Letter".into(),
        }
    }
}

/// A date given as a TOML date (`2024-01-31`) or a string (`"2024-01-31"`).
fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Toml(toml::value::Datetime),
    }
    let text = match Raw::deserialize(d) {
        Ok(Raw::Text(s)) => s,
        Ok(Raw::Toml(t)) => t.to_string(),
        Err(_) => String::new(),
    };
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            serde::de::Error::custom(format!(
                "`print_from` and `print_to` must be dates such as 2024-01-31, not {text:?}"
            ))
        })
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Absolute URL of the published site; used only where an absolute URL is required.
    /// Always ends with `/` once loaded.
    pub base_url: String,
    /// Default language of articles (ISO 639-1).
    pub language: String,
    /// ISO 3166-1 alpha-2 code used to break ties between homonymous places.
    pub default_country: Option<String>,
    /// Organisation publishing the briefing (cover of the print document).
    pub organisation: Option<String>,
    /// Handling marking printed on every page ("For internal use").
    pub marking: Option<String>,
    /// Paper size of printed pages and of `briefing pdf`.
    pub paper: Paper,
    /// First day the print document covers (incidents before it are left out).
    #[serde(deserialize_with = "de_date")]
    pub print_from: Option<NaiveDate>,
    /// Last day the print document covers.
    #[serde(deserialize_with = "de_date")]
    pub print_to: Option<NaiveDate>,
    /// Custom domain of the published site (`briefing.example.org`): written to a `CNAME`
    /// file at the output root, which GitHub Pages reads.
    pub cname: Option<String>,
    #[serde(alias = "place")]
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
            paper: Paper::A4,
            print_from: None,
            print_to: None,
            cname: None,
            places: Vec::new(),
        }
    }
}

/// Keys of `config.toml` (top level and `[[places]]`), for "did you mean" hints.
const CONFIG_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "default_country",
    "organisation",
    "marking",
    "paper",
    "print_from",
    "print_to",
    "cname",
    "places",
];
const PLACE_KEYS: &[&str] = &["name", "aliases", "admin1", "country", "lat", "lon"];

static UNKNOWN_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"unknown field `([^`]*)`").expect("valid regex"));

impl Config {
    /// Parse and validate the text of a `config.toml`; `path` is only used in messages.
    pub fn from_toml(src: &str, path: &Path) -> Result<Config, Error> {
        let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
        let mut config: Config = toml::from_str(src).map_err(|e| {
            let (line, column) = line_col(src, e.span().map_or(0, |s| s.start));
            let message = e.message().trim().replace('\n', " ");
            let hint = match UNKNOWN_FIELD.captures(&message) {
                Some(c) => {
                    let key = c.get(1).map_or("", |m| m.as_str());
                    let candidates = if PLACE_KEYS
                        .iter()
                        .any(|k| message.contains(&format!("`{k}`")))
                    {
                        PLACE_KEYS
                    } else {
                        CONFIG_KEYS
                    };
                    let nearest = candidates
                        .iter()
                        .min_by_key(|k| levenshtein(key, k))
                        .copied()
                        .unwrap_or("title");
                    format!("unknown key `{key}` (did you mean `{nearest}`?); remove or rename it")
                }
                // Our own messages (paper, print period) already say what to write.
                None if message.contains('`') => format!("invalid config.toml: {message}"),
                None => format!(
                    "invalid config.toml: {message} (strings need double quotes: title = \"…\")"
                ),
            };
            Error::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                message: hint,
            }
        })?;
        config.validate(src, path)?;
        Ok(config)
    }

    /// Check values serde cannot check, and normalise them (`base_url` ends with `/`,
    /// language lower-case, country codes upper-case).
    fn validate(&mut self, src: &str, path: &Path) -> Result<(), Error> {
        let at = |key: &str, nth: usize, message: String| {
            let line = key_line(src, key, nth).unwrap_or(1);
            Error::Syntax {
                path: path.to_path_buf(),
                line,
                column: 1,
                message,
            }
        };
        if self.title.trim().is_empty() {
            return Err(at(
                "title",
                0,
                "`title` is empty: give the briefing a title".into(),
            ));
        }
        let url = self.base_url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://"))
            || url.contains(char::is_whitespace)
        {
            return Err(at(
                "base_url",
                0,
                format!(
                    "`base_url` {url:?} must be an absolute http(s) URL such as \"https://user.github.io/briefing/\""
                ),
            ));
        }
        self.base_url = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        self.language = self.language.trim().to_ascii_lowercase();
        if !is_code(&self.language) {
            return Err(at(
                "language",
                0,
                format!(
                    "`language` {:?} must be a two-letter ISO 639-1 code such as \"en\" or \"fr\"",
                    self.language
                ),
            ));
        }
        if let Some(c) = &mut self.default_country {
            *c = c.trim().to_ascii_uppercase();
            if !is_code(c) {
                return Err(at(
                    "default_country",
                    0,
                    format!(
                        "`default_country` {c:?} must be a two-letter ISO 3166-1 code such as \"ML\""
                    ),
                ));
            }
        }
        if let (Some(from), Some(to)) = (self.print_from, self.print_to)
            && from > to
        {
            return Err(at(
                "print_to",
                0,
                format!(
                    "`print_to` {to} is before `print_from` {from}: the print period would be empty"
                ),
            ));
        }
        if let Some(c) = &mut self.cname {
            let host = c.trim().trim_end_matches('.').to_ascii_lowercase();
            if !is_host_name(&host) {
                return Err(at(
                    "cname",
                    0,
                    format!(
                        "`cname` {c:?} must be a bare host name such as \"briefing.example.org\" (no https://, no path)"
                    ),
                ));
            }
            *c = host;
        }
        for (n, place) in self.places.iter_mut().enumerate() {
            let at = |key: &str, message: String| {
                let line = key_line_in_place(src, n, key).unwrap_or(1);
                Error::Syntax {
                    path: path.to_path_buf(),
                    line,
                    column: 1,
                    message,
                }
            };
            if place.name.trim().is_empty() {
                return Err(at("name", "place `name` is empty".into()));
            }
            place.country = place.country.trim().to_ascii_uppercase();
            if !is_code(&place.country) {
                return Err(at(
                    "country",
                    format!(
                        "place {:?}: `country` must be a two-letter ISO 3166-1 code such as \"ML\"",
                        place.name
                    ),
                ));
            }
            if !(place.lat.is_finite() && (-90.0..=90.0).contains(&place.lat)) {
                return Err(at(
                    "lat",
                    format!("place {:?}: `lat` must be between -90 and 90", place.name),
                ));
            }
            if !(place.lon.is_finite() && (-180.0..=180.0).contains(&place.lon)) {
                return Err(at(
                    "lon",
                    format!("place {:?}: `lon` must be between -180 and 180", place.name),
                ));
            }
        }
        Ok(())
    }
}

/// Two ASCII letters.
fn is_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// A DNS host name with at least two labels (`briefing.example.org`): what a `CNAME` file
/// may hold. Internationalised names must be given in their `xn--` form.
fn is_host_name(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    s.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// Whether a TOML line defines `key` (`key = …`, possibly quoted, possibly an alias).
fn defines(line: &str, key: &str) -> bool {
    let rest = line.trim_start();
    let rest = rest
        .strip_prefix(key)
        .or_else(|| rest.strip_prefix(&format!("\"{key}\"")));
    rest.is_some_and(|r| r.trim_start().starts_with('='))
}

/// 1-based line of the `nth` definition of a top-level `key` (before any table header).
fn key_line(src: &str, key: &str, nth: usize) -> Option<usize> {
    src.lines()
        .take_while(|l| !l.trim_start().starts_with('['))
        .enumerate()
        .filter(|(_, l)| defines(l, key))
        .nth(nth)
        .map(|(i, _)| i + 1)
}

/// 1-based line of `key` inside the `n`th `[[places]]` table (or of its header).
fn key_line_in_place(src: &str, n: usize, key: &str) -> Option<usize> {
    let mut count = None;
    let mut header = None;
    for (i, line) in src.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("[[places]]") || t.starts_with("[[place]]") {
            count = Some(count.map_or(0, |c: usize| c + 1));
            if count == Some(n) {
                header = Some(i + 1);
            }
            continue;
        }
        if t.starts_with('[') && count == Some(n) {
            break;
        }
        if count == Some(n) && defines(line, key) {
            return Some(i + 1);
        }
    }
    header
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> Result<Config, Error> {
        Config::from_toml(src, Path::new("config.toml"))
    }

    fn pos(e: Error) -> (usize, usize, String) {
        match e {
            Error::Syntax {
                line,
                column,
                message,
                ..
            } => (line, column, message),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn empty_is_default() {
        assert_eq!(load("").unwrap(), Config::default());
    }

    #[test]
    fn full_config() {
        let c = load(
            "title = \"Mali\"\nbase_url = \"https://x.github.io/b\"\nlanguage = \"EN\"\ndefault_country = \"ml\"\n\n[[places]]\nname = \"Zantiguila\"\ncountry = \"ML\"\nlat = 12.9\nlon = -7.5\n",
        )
        .unwrap();
        assert_eq!(c.base_url, "https://x.github.io/b/");
        assert_eq!(c.language, "en");
        assert_eq!(c.default_country.as_deref(), Some("ML"));
        assert_eq!(c.places[0].name, "Zantiguila");
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let (line, col, msg) = pos(load("title = \"x\"\n\nbase_url = https://x\n").unwrap_err());
        assert_eq!(line, 3, "{msg}");
        assert!(col >= 11, "{col}");
        assert!(msg.contains("invalid config.toml"), "{msg}");
    }

    #[test]
    fn unknown_key_is_named() {
        let (line, _, msg) = pos(load("title = \"x\"\ntitel = \"y\"\n").unwrap_err());
        assert_eq!(line, 2);
        assert!(msg.contains("`titel`") && msg.contains("`title`"), "{msg}");
        let (line, _, msg) = pos(load(
            "[[places]]\nname = \"A\"\ncountry = \"ML\"\nlat = 1.0\nlon = 1.0\ncountyr = \"x\"\n",
        )
        .unwrap_err());
        assert_eq!(line, 6);
        assert!(
            msg.contains("`countyr`") && msg.contains("`country`"),
            "{msg}"
        );
    }

    #[test]
    fn invalid_values() {
        let (line, _, msg) = pos(load("title = \"x\"\nbase_url = \"example.org\"\n").unwrap_err());
        assert_eq!(line, 2);
        assert!(msg.contains("base_url"));
        assert!(load("language = \"english\"\n").is_err());
        let (line, _, msg) =
            pos(load("title = \"x\"\ncname = \"https://b.example.org/\"\n").unwrap_err());
        assert_eq!(line, 2);
        assert!(msg.contains("cname"), "{msg}");
        assert!(load("cname = \"localhost\"\n").is_err());
        assert_eq!(
            load("cname = \" Briefing.Example.org. \"\n")
                .unwrap()
                .cname
                .as_deref(),
            Some("briefing.example.org")
        );
        let (line, _, _) = pos(load(
            "[[places]]\nname = \"A\"\ncountry = \"ML\"\nlat = 100.0\nlon = 1.0\n",
        )
        .unwrap_err());
        assert_eq!(line, 4);
    }

    #[test]
    fn paper_and_print_period() {
        assert_eq!(load("").unwrap().paper, Paper::A4);
        let c = load("paper = \"letter\"\nprint_from = 2022-07-01\nprint_to = \"2022-07-31\"\n")
            .unwrap();
        assert_eq!(c.paper, Paper::Letter);
        assert_eq!(c.paper.css(), "letter");
        assert_eq!(c.print_from, NaiveDate::from_ymd_opt(2022, 7, 1));
        assert_eq!(c.print_to, NaiveDate::from_ymd_opt(2022, 7, 31));
        let (line, _, msg) = pos(load("title = \"x\"\npaper = \"A5\"\n").unwrap_err());
        assert_eq!(line, 2);
        assert!(
            msg.contains("\"A4\" or \"Letter\"") && !msg.contains("double quotes"),
            "{msg}"
        );
        let (line, _, msg) = pos(load("print_from = \"July 2022\"\n").unwrap_err());
        assert_eq!(line, 1);
        assert!(msg.contains("2024-01-31"), "{msg}");
        let (line, _, msg) =
            pos(load("print_from = 2022-08-01\nprint_to = 2022-07-01\n").unwrap_err());
        assert_eq!(line, 2);
        assert!(msg.contains("before"), "{msg}");
        assert!(load("print_from = 2022-07-01T10:00:00Z\n").is_err());
    }
}
