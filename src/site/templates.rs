//! The Tera engine: default templates embedded in the binary, each overridable by a file of
//! the same name in the site's `templates/` directory; static assets likewise.

use crate::error::Error;
use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};
use tera::Tera;

/// Default templates, by name. A site's `templates/<name>` replaces one.
pub const DEFAULT_TEMPLATES: [(&str, &str); 15] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "incident.html",
        include_str!("../../templates/incident.html"),
    ),
    (
        "chronology.html",
        include_str!("../../templates/chronology.html"),
    ),
    ("sources.html", include_str!("../../templates/sources.html")),
    ("source.html", include_str!("../../templates/source.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("print.html", include_str!("../../templates/print.html")),
    ("browse.html", include_str!("../../templates/browse.html")),
    // One entry of a long list each, rendered one at a time (see `Renderer::rows`).
    (
        "row-chronology.html",
        include_str!("../../templates/row-chronology.html"),
    ),
    (
        "row-incident.html",
        include_str!("../../templates/row-incident.html"),
    ),
    (
        "row-reference.html",
        include_str!("../../templates/row-reference.html"),
    ),
    // An incident of the print document: its section and its notes.
    (
        "print-incident.html",
        include_str!("../../templates/print-incident.html"),
    ),
    (
        "print-notes.html",
        include_str!("../../templates/print-notes.html"),
    ),
];

/// Default static assets, by output path.
pub const DEFAULT_STATIC: [(&str, &[u8]); 2] = [
    ("static/style.css", include_bytes!("../../static/style.css")),
    ("static/search.js", include_bytes!("../../static/search.js")),
];

/// HTML escaping for autoescape: the five characters that matter in text and quoted
/// attributes. (Tera's default also escapes `/`, which bloats every href.)
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    escape_into(&mut out, s);
    out
}

/// Append ` name="value"`, the value escaped: for markup written in Rust.
pub fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape_into(out, value);
    out.push('"');
}

/// [`escape_html`] appending to `out`: for fragments written in Rust (the map's SVG).
pub fn escape_into(out: &mut String, s: &str) {
    // Runs of plain text are copied whole: escaping runs over every value of every page.
    // The five characters are ASCII, so the slices cut at character boundaries.
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}

/// A Tera error with its whole cause chain (the cause holds the line and column).
pub fn describe(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !text.is_empty() && !msg.contains(&text) {
            msg.push_str(": ");
            msg.push_str(text.trim());
        }
        source = s.source();
    }
    msg
}

/// A parse error as `file:line:column: message` (Tera/pest put the position in the text).
fn parse_error(origin: &str, e: &tera::Error) -> Error {
    static POS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"-->\s*(\d+):(\d+)").expect("valid regex"));
    let text = describe(e);
    let Some(c) = POS.captures(&text) else {
        return Error::Template {
            name: origin.to_string(),
            message: text,
        };
    };
    let line = c[1].parse().unwrap_or(0);
    let column = c[2].parse().unwrap_or(0);
    // pest's message: the "= expected …" line says what is wrong.
    let message = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .map(|m| format!("template syntax: {m}"))
        .unwrap_or_else(|| format!("template syntax error: {}", text.trim()));
    Error::Syntax {
        path: PathBuf::from(origin),
        line,
        column,
        message,
    }
}

/// The engine plus where each template came from (`templates/x.html (built-in)` or the
/// site file), so that render errors name the file to fix.
pub struct Engine {
    pub tera: Tera,
    pub origins: BTreeMap<String, String>,
    /// Template name → source text, to find the line of a render error.
    pub sources: BTreeMap<String, String>,
}

/// A render error named by the template file and line where it happened.
///
/// Tera's render errors carry no position, only "Variable `x.y` not found in context while
/// rendering 'name'" (or a filter/function name); the line is that of the first use of the
/// name in that template's source. `page` is the output path being rendered.
pub fn render_error(
    engine_origins: &BTreeMap<String, String>,
    sources: &BTreeMap<String, String>,
    template: &str,
    page: &str,
    e: &tera::Error,
) -> Error {
    static WHILE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"while rendering '([^']+)'").expect("valid regex"));
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:Variable|Filter|Function|Test|[Mm]acro)[^`]*`([^`]+)`")
            .expect("valid regex")
    });
    let message = describe(e);
    // The innermost template (an included or parent one) is the last one named.
    let name = WHILE
        .captures_iter(&message)
        .last()
        .map_or(template, |c| c.get(1).map_or(template, |m| m.as_str()));
    let origin = engine_origins
        .get(name)
        .or_else(|| engine_origins.get(template))
        .cloned()
        .unwrap_or_else(|| name.to_string());
    let position = NAME.captures(&message).and_then(|c| {
        let what = c.get(1)?.as_str();
        let src = sources.get(name)?;
        src.lines().enumerate().find_map(|(i, line)| {
            line.find(what)
                .map(|col| (i + 1, line[..col].chars().count() + 1))
        })
    });
    match position {
        Some((line, column)) => Error::Syntax {
            path: PathBuf::from(origin),
            line,
            column,
            message: format!("{message} (rendering {page})"),
        },
        None => Error::Template {
            name: format!("{origin} (rendering {page})"),
            message,
        },
    }
}

/// Build the engine from the embedded templates and `site_root/templates/*.html`.
/// Every template that fails to parse is reported, named by its file and line.
pub fn engine(site_root: &Path) -> Result<Arc<Engine>, Vec<Error>> {
    let mut sources: BTreeMap<String, (String, String)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, s)| {
            (
                n.to_string(),
                (s.to_string(), format!("templates/{n} (built-in)")),
            )
        })
        .collect();
    let mut errors = Vec::new();
    let dir = site_root.join("templates");
    if dir.is_dir() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(source) => return Err(vec![Error::Io { path: dir, source }]),
        };
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for path in files {
            let is_template = path.is_file()
                && path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e == "html");
            if !is_template {
                continue;
            }
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
            else {
                errors.push(Error::File {
                    path: path.clone(),
                    message: "template file name is not UTF-8; rename it".into(),
                });
                continue;
            };
            match std::fs::read_to_string(&path) {
                Ok(src) => {
                    sources.insert(name, (src, path.display().to_string()));
                }
                Err(source) => errors.push(Error::Io {
                    path: path.clone(),
                    source,
                }),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Parsing is most of the cost, and a build asks for the engine more than once (checking,
    // then rendering), as does every rebuild of `briefing serve`: the last engine is kept
    // and given again for the same sources.
    static LAST: Mutex<Option<(u64, Arc<Engine>)>> = Mutex::new(None);
    let key = crate::site::fingerprint::of(&sources);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, engine)) = last.as_ref()
        && *k == key
    {
        return Ok(Arc::clone(engine));
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    let raw: Vec<(String, String)> = sources
        .iter()
        .map(|(n, (s, _))| (n.clone(), s.clone()))
        .collect();
    if let Err(e) = tera.add_raw_templates(raw) {
        // Tera stops at the first broken template: each is parsed alone to report every
        // syntax error with its file (only then, as parsing is most of the cost).
        for (name, (src, origin)) in &sources {
            if let Err(e) = tera::Template::new(name, None, src) {
                errors.push(parse_error(origin, &e));
            }
        }
        if errors.is_empty() {
            errors.push(Error::Template {
                name: "templates".into(),
                message: describe(&e),
            });
        }
        return Err(errors);
    }
    let origins = sources
        .iter()
        .map(|(n, (_, origin))| (n.clone(), origin.clone()))
        .collect();
    let sources = sources.into_iter().map(|(n, (src, _))| (n, src)).collect();
    let engine = Arc::new(Engine {
        tera,
        origins,
        sources,
    });
    *last = Some((key, Arc::clone(&engine)));
    Ok(engine)
}

/// Static assets: the embedded defaults, then every file under `site_root/static/`
/// (overriding a default of the same path), as `(output path, bytes)` sorted by path.
pub fn static_files(site_root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Vec<Error>> {
    let mut files: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    let dir = site_root.join("static");
    if !dir.is_dir() {
        return Ok(files);
    }
    let mut errors = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.clone());
                errors.push(Error::File {
                    path,
                    message: e.to_string(),
                });
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let mut parts = Vec::new();
        for c in rel.components() {
            match c.as_os_str().to_str() {
                Some(s) => parts.push(s.to_string()),
                None => {
                    errors.push(Error::File {
                        path: entry.path().to_path_buf(),
                        message: "file name is not UTF-8; rename it".into(),
                    });
                    parts.clear();
                    break;
                }
            }
        }
        if parts.is_empty() {
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(format!("static/{}", parts.join("/")), bytes);
            }
            Err(source) => errors.push(Error::Io {
                path: entry.path().to_path_buf(),
                source,
            }),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}
