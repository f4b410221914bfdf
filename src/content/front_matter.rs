//! Front matter: TOML between `+++` lines or YAML between `---` lines, at the very start of a
//! file (a UTF-8 byte-order mark and blank lines before the opening fence are allowed).
//!
//! Parsing goes through a generic value tree (`toml::Table` / `serde_yaml_ng::Value`) rather
//! than `#[derive(Deserialize)]` on `ArticleMeta`, so that unknown keys become warnings (a
//! collector adding `tags = […]` must not break a build), `published` can be written in the
//! several ways real front matter uses, and each error can point at the line of its key.

use crate::error::Error;
use crate::model::ArticleMeta;
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

/// Which syntax the front matter is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

/// A file cut into its front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    /// The text between the fences (without them).
    pub raw: &'a str,
    /// 1-based line, in the original file, of the first line of `raw`; error positions
    /// reported by the TOML/YAML parsers are relative to `raw` and are shifted by this.
    pub raw_line: usize,
    /// 1-based line of the opening fence (where "missing title" is reported).
    pub fence_line: usize,
    /// Everything after the closing fence line.
    pub body: &'a str,
    /// 1-based line, in the original file, where `body` starts.
    pub body_line: usize,
}

/// Keys an article's front matter may have; the order is the one shown in messages.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "published",
    "publisher",
    "url",
    "author",
    "via",
    "language",
];

/// Accepted spellings of known keys, as other static-site generators write them.
const ALIASES: &[(&str, &str)] = &[("date", "published"), ("lang", "language")];

/// Strip a UTF-8 byte-order mark.
pub fn strip_bom(s: &str) -> &str {
    s.strip_prefix('\u{FEFF}').unwrap_or(s)
}

/// 1-based line and column (in characters) of byte `offset` in `src`. An offset past the end
/// or inside a character is clamped to the nearest character boundary before it.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Lines of `s` with their byte offsets; the line text excludes the `\n` (and a `\r` before it).
fn lines_with_offsets(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= s.len() {
            return None;
        }
        let start = pos;
        let end = s[start..].find('\n').map_or(s.len(), |i| start + i);
        pos = end + 1;
        let line = &s[start..end];
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    })
}

/// Find the front matter at the start of `src` (BOM already stripped or not).
///
/// Returns `Ok(None)` when the file has no front matter (first non-blank line is not a fence),
/// and an error when a fence is opened but never closed.
pub fn split<'a>(src: &'a str, path: &Path) -> Result<Option<Split<'a>>, Error> {
    let src_nobom = strip_bom(src);
    let mut lines = lines_with_offsets(src_nobom).enumerate();
    // Skip leading blank lines, then look for a fence.
    let (fence_idx, fence_off, format, fence) = loop {
        match lines.next() {
            None => return Ok(None),
            Some((_, (_, line))) if line.trim().is_empty() => continue,
            Some((i, (off, line))) => {
                let t = line.trim_end();
                let format = match t {
                    "+++" => Format::Toml,
                    "---" => Format::Yaml,
                    _ => return Ok(None),
                };
                break (i, off, format, t);
            }
        }
    };
    let raw_start = fence_off
        + src_nobom[fence_off..]
            .find('\n')
            .map_or(src_nobom.len() - fence_off, |i| i + 1);
    for (i, (off, line)) in lines {
        if line.trim_end() == fence {
            let raw = &src_nobom[raw_start.min(off)..off];
            let body_start = off
                + src_nobom[off..]
                    .find('\n')
                    .map_or(src_nobom.len() - off, |j| j + 1);
            return Ok(Some(Split {
                format,
                raw,
                raw_line: fence_idx + 2,
                fence_line: fence_idx + 1,
                body: &src_nobom[body_start..],
                body_line: i + 2,
            }));
        }
    }
    Err(Error::Syntax {
        path: path.to_path_buf(),
        line: fence_idx + 1,
        column: 1,
        message: format!(
            "front matter opened with `{fence}` is never closed: add a `{fence}` line after the last key"
        ),
    })
}

/// A front-matter value reduced to what `ArticleMeta` needs.
enum Scalar {
    Str(String),
    Date(NaiveDate),
    /// A value of the wrong shape (table, list, boolean…), described for the message.
    Other(&'static str),
    /// A TOML date-time with no date part (`10:00:00`).
    TimeOnly,
}

/// Parse front matter into `ArticleMeta` plus warnings (unknown keys, odd language codes).
///
/// Errors carry the line and column in the ORIGINAL file: positions inside `split.raw` are
/// shifted by `split.raw_line - 1`.
pub fn parse(split: &Split<'_>, path: &Path) -> Result<(ArticleMeta, Vec<String>), Error> {
    if let Some(offset) = too_deep(split.raw) {
        return Err(raw_error(
            split,
            path,
            offset,
            format!(
                "front matter nested more than {MAX_NESTING} levels deep: an article's front \
                 matter is a few `key = value` lines"
            ),
        ));
    }
    let entries: Vec<(String, Scalar)> = match split.format {
        Format::Toml => toml_entries(split, path)?,
        Format::Yaml => yaml_entries(split, path)?,
    };
    let at = |key: &str, message: String| {
        let line = key_line(split, key).unwrap_or(split.fence_line);
        Error::Syntax {
            path: path.to_path_buf(),
            line,
            column: 1,
            message,
        }
    };
    let mut meta = ArticleMeta::default();
    let mut title = None;
    let mut seen: Vec<&str> = Vec::new();
    let mut warnings = Vec::new();
    for (key, value) in entries {
        let canonical = ALIASES
            .iter()
            .find(|(alias, _)| *alias == key)
            .map(|(_, k)| *k)
            .or_else(|| KNOWN_KEYS.iter().copied().find(|k| *k == key));
        let Some(canonical) = canonical else {
            let nearest = nearest_key(&key);
            let line = key_line(split, &key).unwrap_or(split.fence_line);
            warnings.push(format!(
                "line {line}: unknown front-matter key `{key}` (ignored; did you mean `{nearest}`? \
                 known keys: {})",
                KNOWN_KEYS.join(", ")
            ));
            continue;
        };
        if seen.contains(&canonical) {
            return Err(at(
                &key,
                format!("`{key}` repeats `{canonical}`, which is already set: keep only one"),
            ));
        }
        seen.push(canonical);
        if canonical == "published" {
            meta.published = Some(match value {
                Scalar::Date(d) => d,
                Scalar::Str(s) => parse_date(&s).ok_or_else(|| {
                    at(
                        &key,
                        format!("`{key}`: cannot read {s:?} as a date; {DATE_FORMATS}"),
                    )
                })?,
                Scalar::TimeOnly => {
                    return Err(at(
                        &key,
                        format!("`{key}` is a time without a date; {DATE_FORMATS}"),
                    ));
                }
                Scalar::Other(what) => {
                    return Err(at(
                        &key,
                        format!("`{key}` is {what}, not a date; {DATE_FORMATS}"),
                    ));
                }
            });
            continue;
        }
        let text = match value {
            Scalar::Str(s) => clean_line(&s),
            Scalar::Date(d) => d.format("%Y-%m-%d").to_string(),
            Scalar::TimeOnly => return Err(at(&key, format!("`{key}` must be text, not a time"))),
            Scalar::Other(what) => {
                return Err(at(
                    &key,
                    format!("`{key}` must be text (in quotes), not {what}"),
                ));
            }
        };
        let text = (!text.is_empty()).then_some(text);
        match canonical {
            "title" => title = text,
            "publisher" => meta.publisher = text,
            "url" => meta.url = text,
            "author" => meta.author = text,
            "via" => meta.via = text,
            "language" => {
                let lang = text.map(|l| l.to_ascii_lowercase());
                if let Some(l) = &lang
                    && !(l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase()))
                {
                    warnings.push(format!(
                        "language {l:?} is not a two-letter ISO 639-1 code (such as \"en\" or \"fr\")"
                    ));
                }
                meta.language = lang;
            }
            _ => {}
        }
    }
    if let Some(url) = &meta.url
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        warnings.push(format!(
            "url {url:?} is not an http(s) address; it will not be linked"
        ));
    }
    meta.title = title.ok_or_else(|| Error::Syntax {
        path: path.to_path_buf(),
        line: key_line(split, "title").unwrap_or(split.fence_line),
        column: 1,
        message: match split.format {
            Format::Toml => "missing `title`: add `title = \"…\"` to the front matter".into(),
            Format::Yaml => "missing `title`: add `title: \"…\"` to the front matter".into(),
        },
    })?;
    Ok((meta, warnings))
}

/// Deepest `[`/`{` nesting accepted in front matter. The TOML and YAML parsers recurse per
/// level, so thousands of levels (a fuzzer's or an attacker's file) could exhaust the stack.
pub const MAX_NESTING: usize = 32;

/// Byte offset where bracket nesting first exceeds [`MAX_NESTING`], outside quoted strings
/// and `#` comments (a cheap over-approximation of both syntaxes' flow collections).
fn too_deep(raw: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    for (i, c) in raw.char_indices() {
        if comment {
            comment = c != '\n';
            continue;
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q || c == '\n' {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '#' => comment = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The formats `published` accepts, for messages.
pub const DATE_FORMATS: &str =
    "write it as 2022-07-16, 2022-07-16 10:00 or an RFC 3339 date-time (2022-07-16T10:00:00Z)";

/// Read a publication date written as `2022-07-16`, `2022-07-16 10:00[:00]`,
/// `2022-07-16T10:00[:00]` or RFC 3339 (`2022-07-16T10:00:00+02:00`). A date-time with an
/// offset gives the date at that offset: the day the publication itself saw.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive());
    }
    if let Ok(dt) = DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f %z") {
        return Some(dt.date_naive());
    }
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S%.f",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt.date());
        }
    }
    None
}

/// The known key closest to `key` (edit distance), for "did you mean" hints.
pub fn nearest_key(key: &str) -> &'static str {
    let key = key.to_ascii_lowercase();
    KNOWN_KEYS
        .iter()
        .chain(ALIASES.iter().map(|(a, _)| a))
        .min_by_key(|k| levenshtein(&key, k))
        .map(|k| {
            ALIASES
                .iter()
                .find(|(a, _)| a == k)
                .map_or(*k, |(_, canonical)| *canonical)
        })
        .unwrap_or("title")
}

/// Edit distance in characters (small strings only: keys).
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Collapse whitespace (a title may have been wrapped over lines in YAML), drop control and
/// invisible characters (a `"\u0001"` escape, a zero-width space: a title must be visible and
/// valid in HTML and XML), NFC-normalise and trim, as body text is.
fn clean_line(s: &str) -> String {
    crate::content::markdown::normalize_paragraph(s)
}

/// Line in the original file where `key` is defined, found by scanning the raw front matter
/// for `key =` / `key:` at the start of a line (the value trees carry no positions).
fn key_line(split: &Split<'_>, key: &str) -> Option<usize> {
    lines_with_offsets(split.raw)
        .enumerate()
        .find_map(|(i, (_, line))| {
            let rest = line.trim_start();
            let rest = rest
                .strip_prefix(key)
                .or_else(|| rest.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| rest.strip_prefix(&format!("'{key}'")))?;
            let sep = match split.format {
                Format::Toml => '=',
                Format::Yaml => ':',
            };
            rest.trim_start()
                .starts_with(sep)
                .then_some(split.raw_line + i)
        })
}

/// A parser error at byte `offset` of `split.raw`, positioned in the original file.
fn raw_error(split: &Split<'_>, path: &Path, offset: usize, message: String) -> Error {
    let (line, column) = line_col(split.raw, offset);
    Error::Syntax {
        path: path.to_path_buf(),
        line: split.raw_line + line - 1,
        column,
        message,
    }
}

fn toml_entries(split: &Split<'_>, path: &Path) -> Result<Vec<(String, Scalar)>, Error> {
    let table: toml::Table = toml::from_str(split.raw).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        raw_error(
            split,
            path,
            offset,
            format!(
                "invalid TOML front matter: {} (strings need double quotes: title = \"…\")",
                e.message().trim()
            ),
        )
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| {
            let scalar = match v {
                toml::Value::String(s) => Scalar::Str(s),
                toml::Value::Integer(i) => Scalar::Str(i.to_string()),
                toml::Value::Float(f) => Scalar::Str(f.to_string()),
                toml::Value::Datetime(dt) => match dt.date {
                    Some(d) => NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                        .map_or(Scalar::Other("an impossible date"), Scalar::Date),
                    None => Scalar::TimeOnly,
                },
                toml::Value::Boolean(_) => Scalar::Other("a boolean"),
                toml::Value::Array(a) => join_strings(a.iter().map(|v| v.as_str()))
                    .map_or(Scalar::Other("a list"), Scalar::Str),
                toml::Value::Table(_) => Scalar::Other("a table"),
            };
            (k, scalar)
        })
        .collect())
}

/// A list of strings (several authors) joined with ", "; `None` if any item is not a string.
fn join_strings<'v>(items: impl Iterator<Item = Option<&'v str>>) -> Option<String> {
    let items: Option<Vec<&str>> = items.collect();
    items.filter(|v| !v.is_empty()).map(|v| v.join(", "))
}

static YAML_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",? at line \d+ column \d+").expect("valid regex"));

fn yaml_entries(split: &Split<'_>, path: &Path) -> Result<Vec<(String, Scalar)>, Error> {
    use serde_yaml_ng::Value;
    let value: Value = serde_yaml_ng::from_str(split.raw).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index());
        let message = YAML_MARK.replace_all(&e.to_string(), "").into_owned();
        raw_error(
            split,
            path,
            offset,
            format!("invalid YAML front matter: {message} (write one `key: value` per line)"),
        )
    })?;
    let mapping = match value {
        Value::Null => return Ok(Vec::new()),
        Value::Mapping(m) => m,
        _ => {
            return Err(Error::Syntax {
                path: path.to_path_buf(),
                line: split.raw_line,
                column: 1,
                message: "YAML front matter must be `key: value` lines".into(),
            });
        }
    };
    let mut out = Vec::with_capacity(mapping.len());
    for (k, v) in mapping {
        let key = match k {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => {
                return Err(Error::Syntax {
                    path: path.to_path_buf(),
                    line: split.raw_line,
                    column: 1,
                    message: "front-matter keys must be plain words such as `title`".into(),
                });
            }
        };
        let scalar = match v {
            Value::String(s) => Scalar::Str(s),
            Value::Number(n) => Scalar::Str(n.to_string()),
            Value::Null => Scalar::Str(String::new()),
            Value::Bool(_) => Scalar::Other("a boolean"),
            Value::Sequence(seq) => join_strings(seq.iter().map(|v| v.as_str()))
                .map_or(Scalar::Other("a list"), Scalar::Str),
            Value::Mapping(_) => Scalar::Other("a mapping"),
            Value::Tagged(_) => Scalar::Other("a tagged value"),
        };
        out.push((key, scalar));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("a.md")
    }

    fn parse_src(src: &str) -> Result<(ArticleMeta, Vec<String>), Error> {
        let s = split(src, p())?.expect("front matter");
        parse(&s, p())
    }

    fn syntax_pos(e: Error) -> (usize, usize, String) {
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
    fn toml_front_matter() {
        let src = "+++\ntitle = \"Six killed\"\npublished = 2022-07-16\npublisher = \"Al Jazeera\"\nvia = \"AFP\"\n+++\n\nBody.\n";
        let s = split(src, p()).unwrap().unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(s.body, "\nBody.\n");
        assert_eq!(s.body_line, 7);
        let (m, w) = parse(&s, p()).unwrap();
        assert_eq!(m.title, "Six killed");
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2022, 7, 16));
        assert_eq!(m.publisher.as_deref(), Some("Al Jazeera"));
        assert_eq!(m.via.as_deref(), Some("AFP"));
        assert!(w.is_empty());
    }

    #[test]
    fn yaml_front_matter() {
        let src = "---\ntitle: \"Gunmen kill five\"\npublished: 2023-01-03\nauthor: [A, B]\nlanguage: FR\n---\nBody";
        let (m, w) = parse_src(src).unwrap();
        assert_eq!(m.title, "Gunmen kill five");
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2023, 1, 3));
        assert_eq!(m.author.as_deref(), Some("A, B"));
        assert_eq!(m.language.as_deref(), Some("fr"));
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn no_front_matter() {
        assert_eq!(split("Just text\n+++\n", p()).unwrap(), None);
        assert_eq!(split("", p()).unwrap(), None);
        assert_eq!(split("\n\n  \n", p()).unwrap(), None);
    }

    #[test]
    fn bom_crlf_and_leading_blank_lines() {
        let src = "\u{FEFF}\r\n\r\n+++\r\ntitle = \"T\"\r\n+++\r\nBody\r\n";
        let s = split(src, p()).unwrap().unwrap();
        assert_eq!(s.fence_line, 3);
        assert_eq!(s.raw_line, 4);
        assert_eq!(s.body, "Body\r\n");
        assert_eq!(s.body_line, 6);
        assert_eq!(parse(&s, p()).unwrap().0.title, "T");
    }

    #[test]
    fn malformed_toml_reports_line_in_original_file() {
        // Line 1 blank, fence on line 2, the bad line is line 4.
        let src = "\n+++\ntitle = \"T\"\npublisher = Al Jazeera\n+++\nBody";
        let (line, col, msg) = syntax_pos(parse_src(src).unwrap_err());
        assert_eq!(line, 4, "{msg}");
        assert!(col >= 13, "column {col}: {msg}");
        assert!(msg.contains("invalid TOML"), "{msg}");
    }

    #[test]
    fn malformed_yaml_reports_line_in_original_file() {
        let src = "---\ntitle: T\npublisher: \"Al Jazeera\n---\nBody";
        let (line, _, msg) = syntax_pos(parse_src(src).unwrap_err());
        assert!((3..=4).contains(&line), "line {line}: {msg}");
        assert!(!msg.contains("at line"), "{msg}");
        let src = "---\ntitle: T\n  bad: : indent\n---\n";
        let (line, _, msg) = syntax_pos(parse_src(src).unwrap_err());
        assert_eq!(line, 3, "{msg}");
    }

    #[test]
    fn unclosed_fence() {
        let (line, _, msg) = syntax_pos(split("\n+++\ntitle = \"x\"\n", p()).unwrap_err());
        assert_eq!(line, 2);
        assert!(msg.contains("never closed"));
    }

    #[test]
    fn missing_and_empty_title() {
        let (line, _, msg) =
            syntax_pos(parse_src("+++\npublished = 2022-01-01\n+++\n").unwrap_err());
        assert_eq!(line, 1);
        assert!(msg.contains("missing `title`"));
        assert!(parse_src("+++\ntitle = \"  \"\n+++\n").is_err());
        assert!(parse_src("---\n---\n").is_err());
    }

    #[test]
    fn published_formats() {
        let d = NaiveDate::from_ymd_opt(2022, 7, 16);
        for v in [
            "2022-07-16",
            "\"2022-07-16\"",
            "\"2022-07-16 10:00\"",
            "2022-07-16T10:00:00Z",
            "\"2022-07-16T10:00:00+02:00\"",
            "2022-07-16T23:30:00-05:00",
            "2022-07-16 10:00:00",
        ] {
            let src = format!("+++\ntitle = \"T\"\npublished = {v}\n+++\n");
            assert_eq!(parse_src(&src).unwrap().0.published, d, "{v}");
        }
        for v in [
            "2022-07-16",
            "2022-07-16 10:00",
            "2022-07-16T10:00:00Z",
            "'2022-07-16'",
        ] {
            let src = format!("---\ntitle: T\npublished: {v}\n---\n");
            assert_eq!(parse_src(&src).unwrap().0.published, d, "{v}");
        }
        let (line, _, msg) = syntax_pos(
            parse_src("+++\ntitle = \"T\"\n\npublished = \"last week\"\n+++\n").unwrap_err(),
        );
        assert_eq!(line, 4);
        assert!(msg.contains("cannot read"), "{msg}");
        assert!(parse_src("+++\ntitle = \"T\"\npublished = 10:00:00\n+++\n").is_err());
        assert!(parse_src("---\ntitle: T\npublished: 2022-02-30\n---\n").is_err());
    }

    #[test]
    fn unknown_keys_warn_with_nearest() {
        let (m, w) =
            parse_src("+++\ntitle = \"T\"\npublsher = \"X\"\ntags = [\"a\"]\n+++\n").unwrap();
        assert_eq!(m.publisher, None);
        assert_eq!(w.len(), 2);
        assert!(
            w[0].contains("`publsher`") && w[0].contains("`publisher`"),
            "{w:?}"
        );
        assert!(w[1].contains("`tags`"), "{w:?}");
    }

    #[test]
    fn aliases_and_duplicates() {
        let (m, _) = parse_src("---\ntitle: T\ndate: 2022-07-16\nlang: en\n---\n").unwrap();
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2022, 7, 16));
        assert_eq!(m.language.as_deref(), Some("en"));
        let (line, _, _) = syntax_pos(
            parse_src("---\ntitle: T\ndate: 2022-07-16\npublished: 2022-07-16\n---\n").unwrap_err(),
        );
        assert_eq!(line, 4);
    }

    #[test]
    fn wrong_value_types() {
        let (line, _, msg) =
            syntax_pos(parse_src("+++\ntitle = \"T\"\nurl = true\n+++\n").unwrap_err());
        assert_eq!(line, 3);
        assert!(msg.contains("boolean"));
        assert!(parse_src("---\n- a\n- b\n---\n").is_err());
    }

    #[test]
    fn invisible_titles_are_missing() {
        assert!(parse_src("+++\ntitle = \"\\u0001\\u200B \"\n+++\n").is_err());
        let (m, _) = parse_src("+++\ntitle = \"A\\u0000B\\tC\"\n+++\n").unwrap();
        assert_eq!(m.title, "AB C");
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("é", 1), (1, 1));
        assert_eq!(line_col("x", 99), (1, 2));
    }
}
