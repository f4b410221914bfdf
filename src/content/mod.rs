//! Loading a site folder: `config.toml` and `content/articles/` (front matter, Markdown to
//! plain text with paragraph and sentence spans).
//!
//! Every problem is collected (a build reports all broken articles at once, not one per run),
//! files are parsed in parallel, and the result is sorted by id so that output is
//! deterministic whatever order the file system or the thread pool gives.

pub mod front_matter;
pub mod markdown;

use crate::config::Config;
use crate::error::{Error, Errors};
use crate::extract::sentences;
use crate::model::Article;
use markdown::PlainText;
use rayon::prelude::*;
use std::collections::{BTreeMap, btree_map::Entry};
use std::path::{Path, PathBuf};

/// Where articles live, relative to the site root.
pub const ARTICLES_DIR: &str = "content/articles";

/// Larger files are not articles (a misplaced PDF or dump); refusing them keeps time and
/// memory bounded. A long news article is under 100 KB and a pasted report under 1 MB; an
/// article at the limit, one reported incident per paragraph (the worst case: every
/// paragraph becomes a cited fact), builds in seconds and a few hundred MB (README, "Errors").
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// How much of a file is sniffed for NUL bytes to tell a binary file from text (as git does).
const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// Longest id (file name without extension) accepted: its page is `<id>.html`, and most file
/// systems limit a name to 255 bytes.
pub const MAX_ID_BYTES: usize = 200;

/// Read `root/config.toml`; a missing file gives the defaults.
pub fn load_config(root: &Path) -> Result<Config, Error> {
    let path = root.join("config.toml");
    match std::fs::read(&path) {
        Ok(bytes) => {
            let src = decode(&bytes, &path)?;
            Config::from_toml(&src, &path)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(source) => Err(Error::Io { path, source }),
    }
}

/// Which body syntax a file uses, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleFormat {
    Markdown,
    Text,
}

impl ArticleFormat {
    /// `.md` / `.markdown` → Markdown, `.txt` → Text (case-insensitive); others are not articles.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(ArticleFormat::Markdown),
            "txt" => Some(ArticleFormat::Text),
            _ => None,
        }
    }
}

/// Load every article under `root/content/articles/` (`.md`, `.markdown`, `.txt`, in
/// sub-folders too), sorted by id. Collects every problem instead of stopping at the first.
///
/// Hidden files and folders, editor backups (`*~`, `.#*`, `#*#`, `*.swp`) and other
/// extensions are skipped; symbolic links are refused (an article must be a real file in the
/// site, not a pointer to anywhere on the machine). Error paths are relative to `root`.
pub fn load_articles(root: &Path) -> Result<Vec<Article>, Errors> {
    let loaded = load_articles_with(root, &|shown, bytes| Ok((parse_article(shown, bytes)?, ())))?;
    Ok(loaded.into_iter().map(|(a, ())| a).collect())
}

/// Makes an article (and what the caller keeps beside it) from a file's path, relative to
/// the site root, and bytes.
pub type MakeArticle<'a, T> = dyn Fn(&Path, &[u8]) -> Result<(Article, T), Error> + Sync + 'a;
/// Gives the article of a file (path relative to the site root) without reading it, when
/// the caller already has it.
pub type ReuseArticle<'a, T> = dyn Fn(&Path) -> Option<(Article, T)> + Sync + 'a;

/// [`load_articles`], turning each file's bytes into an article with `make` (called in
/// parallel, with the path relative to `root`): a build uses it to take unchanged articles
/// from its cache instead of parsing them, and to carry along what it knows of each.
pub fn load_articles_with<T: Send>(
    root: &Path,
    make: &MakeArticle<T>,
) -> Result<Vec<(Article, T)>, Errors> {
    load_articles_reusing(root, &|_| None, make)
}

/// [`load_articles_with`], asking `reuse` first for each file (path relative to `root`)
/// whether it already has the article, in which case the file is not even read:
/// `briefing serve` keeps the articles of its last build and knows which files changed since.
pub fn load_articles_reusing<T: Send>(
    root: &Path,
    reuse: &ReuseArticle<T>,
    make: &MakeArticle<T>,
) -> Result<Vec<(Article, T)>, Errors> {
    load_articles_listed(root, None, reuse, make)
}

/// [`load_articles_reusing`]; `listed`, when given, is the list of article files (paths
/// relative to `root`) of the last good load, in its order (by id): `briefing serve` knows
/// when no file was added, removed or renamed since, and then skips the walk and the checks
/// of the file names.
pub fn load_articles_listed<T: Send>(
    root: &Path,
    listed: Option<Vec<PathBuf>>,
    reuse: &ReuseArticle<T>,
    make: &MakeArticle<T>,
) -> Result<Vec<(Article, T)>, Errors> {
    let rel = |p: &Path| {
        p.strip_prefix(root)
            .map_or_else(|_| p.to_path_buf(), Path::to_path_buf)
    };
    let is_listed = listed.is_some();
    let (files, errors) = match listed {
        Some(shown) => (shown.iter().map(|s| root.join(s)).collect(), Vec::new()),
        None => article_files(root)?,
    };
    // Parse in parallel; an indexed parallel iterator keeps the input order.
    let results: Vec<Result<(Article, T), Error>> = files
        .par_iter()
        .map(|path| {
            let shown = rel(path);
            match reuse(&shown) {
                Some(known) => Ok(known),
                None => make(&shown, &read_article_bytes(path, &shown)?),
            }
        })
        .collect();
    if is_listed {
        // The files of a build that passed the checks of their names (ids), in its order:
        // only the files' contents can have changed.
        let (articles, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
        if errors.is_empty() {
            return Ok(articles.into_iter().filter_map(Result::ok).collect());
        }
        return Err(Errors(errors.into_iter().filter_map(Result::err).collect()));
    }
    check_articles(results, errors)
}

/// Every article file under `root/content/articles/` (see [`load_articles`] for which), and
/// the problems of the walk (links, unreadable folders, special files).
fn article_files(root: &Path) -> Result<(Vec<PathBuf>, Vec<Error>), Errors> {
    let dir = root.join(ARTICLES_DIR);
    if !dir.is_dir() {
        return Err(Error::File {
            path: dir,
            message: "no articles folder: put articles (.md or .txt) in content/articles/, \
                      or point --root at the site folder"
                .into(),
        }
        .into());
    }
    let rel = |p: &Path| {
        p.strip_prefix(root)
            .map_or_else(|_| p.to_path_buf(), Path::to_path_buf)
    };

    let mut errors: Vec<Error> = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    // Not sorted by the walk: walkdir's sort takes each name out of its path at every
    // comparison, which was most of the time of loading 10,000 unchanged articles. The files
    // and problems are sorted afterwards, into the same order.
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                let message = e.to_string();
                errors.push(match e.into_io_error() {
                    Some(source) => Error::Io {
                        path: rel(&path),
                        source,
                    },
                    None => Error::File {
                        path: rel(&path),
                        message,
                    },
                });
                continue;
            }
        };
        let is_article = ArticleFormat::from_path(entry.path()).is_some();
        if entry.path_is_symlink() {
            // Links are never followed (a link may point anywhere on the machine, or back at
            // its own folder). One that would have been read is reported, so an article or a
            // folder of articles does not silently go missing; links to other files (an
            // image) are ignored like the files themselves.
            let message = match std::fs::metadata(entry.path()) {
                _ if is_article => Some(
                    "is a symbolic link, which is not followed: copy the article into \
                     content/articles/ instead",
                ),
                Ok(m) if m.is_dir() => Some(
                    "is a symbolic link to a folder, which is not followed: move or copy the \
                     articles into content/articles/ instead",
                ),
                Ok(_) => None,
                Err(_) => Some(
                    "is a symbolic link that cannot be resolved (a loop, or its target is \
                     missing): remove it",
                ),
            };
            if let Some(message) = message {
                errors.push(Error::File {
                    path: rel(entry.path()),
                    message: message.into(),
                });
            }
            continue;
        }
        if !is_article {
            continue;
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        } else if !entry.file_type().is_dir() {
            errors.push(Error::File {
                path: rel(entry.path()),
                message: "is not a regular file (a pipe, socket or device): remove it".into(),
            });
        }
    }

    files.sort_by_cached_key(|p| walk_order(p));
    errors.sort_by_cached_key(|e| walk_order(e.path().unwrap_or(Path::new(""))));
    Ok((files, errors))
}

/// The key that sorts paths as a walk sorted by name in every folder visits them: component
/// by component, names compared as bytes (a folder's files come right after its name, before
/// any longer name that it starts).
fn walk_order(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len() + 1);
    for c in path.components() {
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
        // Below every byte of a name.
        key.push(0);
    }
    key
}

/// The loaded articles, sorted by id, or every problem: those of the walk (`errors`), of
/// each file, and ids that collide.
fn check_articles<T>(
    results: Vec<Result<(Article, T), Error>>,
    mut errors: Vec<Error>,
) -> Result<Vec<(Article, T)>, Errors> {
    let mut articles = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok((a, extra)) => match check_id(&a.id) {
                Ok(()) => articles.push((a, extra)),
                Err(why) => errors.push(Error::File {
                    path: a.path.clone(),
                    message: format!(
                        "the file name `{}` cannot be an article id: {why}; rename the file",
                        a.id
                    ),
                }),
            },
            Err(e) => errors.push(e),
        }
    }
    articles.sort_by(|(a, _), (b, _)| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
    for pair in articles.windows(2) {
        let (pair0, pair1) = (&pair[0].0, &pair[1].0);
        let pair = [pair0, pair1];
        if pair[0].id == pair[1].id {
            errors.push(Error::File {
                path: pair[1].path.clone(),
                message: format!(
                    "duplicate article id `{}`: {} has the same file name; ids must be unique \
                     across content/articles/, so rename one of them",
                    pair[1].id,
                    pair[0].path.display()
                ),
            });
        }
    }
    // Ids that differ only in letter case or Unicode normalisation name the same file on
    // macOS and Windows (and on a checkout there): their pages would overwrite each other.
    let mut by_key: BTreeMap<String, &Article> = BTreeMap::new();
    for (a, _) in &articles {
        match by_key.entry(id_key(&a.id)) {
            Entry::Vacant(v) => {
                v.insert(a);
            }
            Entry::Occupied(o) if o.get().id != a.id => {
                errors.push(Error::File {
                    path: a.path.clone(),
                    message: format!(
                        "article id `{}` differs from `{}` ({}) only in letter case or accents \
                         encoding; on macOS and Windows their pages would be the same file, so \
                         rename one of them",
                        a.id,
                        o.get().id,
                        o.get().path.display()
                    ),
                });
            }
            Entry::Occupied(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(articles)
    } else {
        Err(Errors(errors))
    }
}

/// The key under which two ids name the same file on a case-insensitive file system.
fn id_key(id: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // ASCII is its own normal form (the usual id, and 30 ms for 10,000 of them otherwise).
    if id.is_ascii() {
        return id.to_ascii_lowercase();
    }
    id.nfc().flat_map(char::to_lowercase).collect()
}

/// Whether `id` (a file name without its extension) can name an output page
/// (`sources/<id>.html`) on every common file system and web host.
///
/// Ids are file names the site's authors chose, so they may hold spaces, punctuation and any
/// letter (links are percent-encoded, and a name the source file system accepted is accepted
/// by the output's), but not what would make the page path escape its folder (`/`, `\`, a
/// drive's `:`, a leading dot), control characters, or a Windows device name, which no
/// checkout of the published tree could hold.
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.trim() != id {
        return Err("it is empty or starts or ends with a space".into());
    }
    if id.starts_with('.') || id.ends_with('.') {
        return Err("it starts or ends with a dot".into());
    }
    if id.len() > MAX_ID_BYTES {
        return Err(format!("it is longer than {MAX_ID_BYTES} bytes"));
    }
    if let Some(c) = id
        .chars()
        .find(|c| matches!(c, '/' | '\\' | ':') || c.is_control())
    {
        return Err(format!(
            "it contains {c:?}, which cannot be in a page's file name"
        ));
    }
    // Windows device names, with or without an extension ("con", "NUL.draft", "com1").
    if crate::extract::text::is_device_name(id) {
        return Err("it is a reserved device name on Windows".into());
    }
    Ok(())
}

/// Names the loader skips: hidden files and folders, editor backups and lock files.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".bak", ".tmp", ".orig"]
            .iter()
            .any(|ext| name.to_ascii_lowercase().ends_with(ext))
}

/// Load one article file from anywhere (for `briefing extract FILE…`); its id is the file
/// name without extension and messages name `path` as given. Files whose extension is not
/// `.txt` are read as Markdown.
pub fn load_file(path: &Path) -> Result<Article, Error> {
    load_file_as(path, path)
}

fn load_file_as(path: &Path, shown: &Path) -> Result<Article, Error> {
    parse_article(shown, &read_article_bytes(path, shown)?)
}

/// Read an article file, refusing one over the size limit without reading it all.
fn read_article_bytes(path: &Path, shown: &Path) -> Result<Vec<u8>, Error> {
    let io = |source| Error::Io {
        path: shown.to_path_buf(),
        source,
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > MAX_FILE_BYTES {
        return Err(Error::File {
            path: shown.to_path_buf(),
            message: format!("is {len} bytes, too large for an article (limit {MAX_FILE_BYTES})"),
        });
    }
    // Read at most one byte past the limit: the file may have grown since `metadata`.
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    {
        use std::io::Read;
        let file = std::fs::File::open(path).map_err(io)?;
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::File {
            path: shown.to_path_buf(),
            message: format!("is too large for an article (limit {MAX_FILE_BYTES} bytes)"),
        });
    }
    Ok(bytes)
}

/// Decode a file as UTF-8, with an error that says where the first bad byte is.
fn decode<'b>(bytes: &'b [u8], path: &Path) -> Result<std::borrow::Cow<'b, str>, Error> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: "is encoded as UTF-16: save it as UTF-8".into(),
        });
    }
    // Text never holds NUL; a PNG, PDF or Word file renamed `.md` does, near its start.
    if bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0) {
        return Err(Error::File {
            path: path.to_path_buf(),
            message: "is a binary file (it contains NUL bytes), not text: remove it, or save \
                      the article as UTF-8 text"
                .into(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(std::borrow::Cow::Borrowed(s)),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // `good` is valid UTF-8 by construction.
            let good = std::str::from_utf8(good).unwrap_or("");
            let (line, column) = front_matter::line_col(good, good.len());
            let bad = bytes.get(e.valid_up_to()).copied().unwrap_or(0);
            Err(Error::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                message: format!(
                    "invalid UTF-8 (byte 0x{bad:02X}): the file is in another encoding \
                     (Windows-1252 or Latin-1?); save it as UTF-8"
                ),
            })
        }
    }
}

/// Parse an article from its bytes. `path` gives the id (file stem), the format (extension)
/// and the name used in messages; nothing is read from disk.
pub fn parse_article(path: &Path, bytes: &[u8]) -> Result<Article, Error> {
    let file_err = |message: &str| Error::File {
        path: path.to_path_buf(),
        message: message.into(),
    };
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| file_err("the file name is not valid UTF-8 or is empty: rename it"))?
        .to_string();
    let src = decode(bytes, path)?;
    if src.trim_start_matches('\u{FEFF}').trim().is_empty() {
        return Err(file_err("is empty: write the article or delete the file"));
    }
    let format = ArticleFormat::from_path(path).unwrap_or(ArticleFormat::Markdown);

    let mut warnings = Vec::new();
    let (meta, body) = match front_matter::split(&src, path)? {
        Some(split) => {
            let (meta, w) = front_matter::parse(&split, path)?;
            warnings.extend(w);
            (meta, split.body)
        }
        None if format == ArticleFormat::Text => {
            // Plain pasted text: the first non-empty line is the title.
            let body = front_matter::strip_bom(&src);
            let mut lines = body.split_inclusive('\n');
            let mut consumed = 0;
            let mut title = String::new();
            for line in lines.by_ref() {
                consumed += line.len();
                title = markdown::normalize_paragraph(line);
                if !title.is_empty() {
                    break;
                }
            }
            if title.is_empty() {
                return Err(file_err(
                    "has no visible text (only control or invisible characters): write the \
                     article or delete the file",
                ));
            }
            warnings.push(
                "no front matter: the first line is taken as the title and the article is \
                 undated; add +++ front matter with title and published"
                    .to_string(),
            );
            let meta = crate::model::ArticleMeta {
                title,
                ..Default::default()
            };
            (meta, &body[consumed..])
        }
        None => {
            return Err(Error::Syntax {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: "no front matter: start the file with +++, a line title = \"…\", \
                          published = 2024-01-31, and +++"
                    .into(),
            });
        }
    };
    if meta.published.is_none() && !warnings.iter().any(|w| w.contains("undated")) {
        warnings.push(
            "no `published` date: relative dates (\"on Thursday\") cannot be resolved; add \
             published = YYYY-MM-DD"
                .into(),
        );
    }

    let plain: PlainText = match format {
        ArticleFormat::Markdown => markdown::to_plain_text(body),
        ArticleFormat::Text => markdown::txt_to_plain_text(body),
    };
    if plain.paragraphs.is_empty() {
        warnings.push("the article has no body text".into());
    }
    let mut sentences =
        sentences::split_with_headings(&plain.text, &plain.paragraphs, &plain.headings());
    // Built by appending, these have up to twice the room they need; a build keeps them for
    // every article until its pages are written. With the mentions' lists (`extract`), a
    // 100,000-article build that parsed every file held about 160 MB less after extraction.
    let (mut text, mut paragraphs) = (plain.text, plain.paragraphs);
    text.shrink_to_fit();
    paragraphs.shrink_to_fit();
    sentences.shrink_to_fit();
    Ok(Article {
        id,
        path: path.to_path_buf(),
        meta,
        text,
        paragraphs,
        sentences,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::fs;

    fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(ARTICLES_DIR)).unwrap();
        for (name, content) in files {
            let p = dir.path().join(ARTICLES_DIR).join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, content).unwrap();
        }
        dir
    }

    /// Files and problems come in the order of a walk sorted by name in every folder,
    /// whatever order the file system lists them in.
    #[test]
    fn article_files_come_in_sorted_walk_order() {
        let names = [
            "b.md",
            "a.md",
            "a-b.md",
            "a/y/z.md",
            "a/x.md",
            "a0.md",
            "A.md",
            "é.md",
            "a/y.md",
            "notes.pdf",
            "c/d/e/f.txt",
        ];
        let files: Vec<(&str, &[u8])> = names.iter().map(|n| (*n, &b"x"[..])).collect();
        let dir = site(&files);
        let (found, errors) = article_files(dir.path()).unwrap();
        assert!(errors.is_empty());
        let articles = dir.path().join(ARTICLES_DIR);
        let walked: Vec<PathBuf> = walkdir::WalkDir::new(&articles)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.is_file() && ArticleFormat::from_path(p).is_some())
            .collect();
        assert_eq!(found, walked);
        let shown: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(&articles).unwrap().display().to_string())
            .collect();
        let want = [
            "A.md",
            "a/x.md",
            "a/y/z.md",
            "a/y.md",
            "a-b.md",
            "a.md",
            "a0.md",
            "b.md",
            "c/d/e/f.txt",
            "é.md",
        ];
        assert_eq!(shown, want);
    }

    fn messages(e: Errors) -> Vec<String> {
        e.0.iter().map(|e| e.to_string()).collect()
    }

    const OK: &[u8] = b"+++\ntitle = \"T\"\npublished = 2024-01-02\n+++\nBody one. Body two.\n";

    #[test]
    fn loads_sorted_and_skips_junk() {
        let dir = site(&[
            ("b.md", OK),
            ("a.markdown", OK),
            ("sub/c.TXT", b"Title line\nPara one.\nPara two.\n"),
            (".hidden.md", b""),
            ("b.md~", b""),
            (".#b.md", b""),
            ("#b.md#", b""),
            ("b.md.swp", b""),
            ("image.png", b"\x89PNG"),
            (".git/x.md", b""),
        ]);
        let articles = load_articles(dir.path()).unwrap();
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b", "c"]);
        assert_eq!(articles[1].path, Path::new("content/articles/b.md"));
        assert_eq!(articles[1].sentences.len(), 2);
        assert!(articles[1].warnings.is_empty());
    }

    #[test]
    fn collects_every_problem() {
        let dir = site(&[
            ("bad-utf8.md", b"+++\ntitle = \"T\"\n+++\nCaf\xe9 au lait\n"),
            ("empty.md", b"  \n"),
            ("no-title.md", b"+++\npublished = 2024-01-01\n+++\nx\n"),
            (
                "bad-toml.md",
                b"\n+++\ntitle = \"T\"\npublished = \"tomorrow\"\n+++\nx\n",
            ),
            (
                "bad-syntax.md",
                b"+++\ntitle = \"T\"\n\npublisher = Le Monde\n+++\nx\n",
            ),
            ("dup.md", OK),
            ("sub/dup.txt", OK),
            ("good.md", OK),
        ]);
        let errs = messages(load_articles(dir.path()).unwrap_err());
        let find = |needle: &str| {
            errs.iter()
                .find(|e| e.contains(needle))
                .unwrap_or_else(|| panic!("{needle} not in {errs:#?}"))
        };
        assert!(find("bad-utf8.md:4:4").contains("invalid UTF-8"));
        assert!(find("empty.md").contains("empty"));
        assert!(find("no-title.md:1:1").contains("missing `title`"));
        assert!(find("bad-toml.md:4:1").contains("cannot read"));
        assert!(find("bad-syntax.md:4:").contains("invalid TOML"));
        let dup = find("duplicate article id `dup`");
        assert!(dup.contains("dup.md") && dup.contains("dup.txt"), "{dup}");
        assert_eq!(errs.len(), 6, "{errs:#?}");
        // Deterministic order.
        assert_eq!(errs, messages(load_articles(dir.path()).unwrap_err()));
    }

    #[test]
    fn missing_articles_folder() {
        let dir = tempfile::tempdir().unwrap();
        let errs = messages(load_articles(dir.path()).unwrap_err());
        assert!(errs[0].contains("content/articles"), "{errs:?}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_refused() {
        let dir = site(&[("a.md", OK)]);
        let target = dir.path().join("outside.md");
        fs::write(&target, OK).unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join(ARTICLES_DIR).join("link.md")).unwrap();
        let errs = messages(load_articles(dir.path()).unwrap_err());
        assert!(errs[0].contains("symbolic link"), "{errs:?}");
    }

    #[test]
    fn txt_without_front_matter() {
        let a = parse_article(
            Path::new("x/attack.txt"),
            "\u{FEFF}\n  Gunmen attack camp \n\nBAMAKO (AP) — Gunmen attacked. Col. Sagara said so.\nSecond para.\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(a.id, "attack");
        assert_eq!(a.meta.title, "Gunmen attack camp");
        assert_eq!(a.meta.published, None);
        assert_eq!(a.paragraphs.len(), 2);
        assert!(!a.text.contains("Gunmen attack camp"));
        assert_eq!(a.sentences.len(), 3);
        assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
        assert!(a.warnings[0].contains("undated"));
    }

    #[test]
    fn txt_with_front_matter() {
        let a = parse_article(
            Path::new("a.txt"),
            b"---\ntitle: T\npublished: 2024-09-17 10:00\n---\nLine one.\nLine # two *not markdown*.\n",
        )
        .unwrap();
        assert_eq!(a.meta.published, NaiveDate::from_ymd_opt(2024, 9, 17));
        assert_eq!(a.text, "Line one.\n\nLine # two *not markdown*.");
        assert!(a.warnings.is_empty());
    }

    #[test]
    fn markdown_without_front_matter_is_an_error() {
        let e = parse_article(Path::new("a.md"), b"# Title\n\nText.\n").unwrap_err();
        assert!(e.to_string().contains("a.md:1:1: no front matter"), "{e}");
    }

    #[test]
    fn undated_and_unknown_keys_warn() {
        let a = parse_article(
            Path::new("a.md"),
            b"+++\ntitle = \"T\"\ntitel = \"x\"\n+++\n# Head. Line\n\nText.",
        )
        .unwrap();
        assert_eq!(a.warnings.len(), 2, "{:?}", a.warnings);
        assert!(
            a.warnings
                .iter()
                .any(|w| w.contains("`titel`") && w.contains("`title`"))
        );
        assert!(a.warnings.iter().any(|w| w.contains("published")));
        assert_eq!(a.sentence_text(1), "Head. Line");
        assert_eq!(a.sentence_text(2), "Text.");
    }

    #[test]
    fn utf16_is_named() {
        let e = parse_article(Path::new("a.md"), b"\xFF\xFEt\x00").unwrap_err();
        assert!(e.to_string().contains("UTF-16"));
    }

    #[test]
    fn config_missing_is_default_and_errors_name_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_config(dir.path()).unwrap(), Config::default());
        fs::write(dir.path().join("config.toml"), "title = \"x\"\nbogus = 1\n").unwrap();
        let e = load_config(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("config.toml:2:1") && e.contains("`bogus`"),
            "{e}"
        );
    }

    /// The example articles shipped in the repository.
    #[test]
    fn real_articles() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let articles = load_articles(root).unwrap();
        assert_eq!(articles.len(), 5);
        let get = |id: &str| articles.iter().find(|a| a.id.starts_with(id)).unwrap();
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for a in &articles {
            assert!(a.warnings.is_empty(), "{}: {:?}", a.id, a.warnings);
            assert!(!a.meta.title.is_empty());
            for (n, s) in a.sentences.iter().enumerate() {
                assert_eq!(s.number as usize, n + 1);
                let p = a.paragraphs[s.paragraph as usize];
                assert!(p.start <= s.span.start && s.span.end <= p.end);
            }
        }
        let has = |a: &Article, s: &str| (1..=a.sentences.len()).any(|n| a.sentence_text(n) == s);

        let aj = get("2022-07-16");
        assert_eq!(
            aj.meta.title,
            "Six people killed in rare attack near Malian capital Bamako"
        );
        assert_eq!(aj.meta.published, date(2022, 7, 16));
        assert_eq!(aj.meta.via.as_deref(), Some("News agencies"));
        assert_eq!(aj.paragraphs.len(), 17);
        assert!(has(
            aj,
            "On Thursday night, about 70km (43 miles) from the capital, an attack took place “at the checkpoint of Zantiguila, on the road to the central city of Segou”, the security ministry said on Friday evening."
        ));
        assert!(has(aj, "Mali map showing Bamako"));
        let last = aj.sentences.last().unwrap();
        assert!(
            last.boilerplate && aj.sentence_text(last.number as usize) == "Source: News Agencies"
        );
        assert_eq!(aj.sentences.iter().filter(|s| s.boilerplate).count(), 1);

        let lm = get("2022-07-28");
        assert_eq!(lm.meta.publisher.as_deref(), Some("Le Monde"));
        assert_eq!(lm.meta.published, date(2022, 7, 28));
        assert_eq!(lm.paragraphs.len(), 12);
        assert!(has(
            lm,
            "In Kaloumba, near the Mauritanian border, twelve people died, including “three civilians from a road construction company”according to the statement signed by Colonel Souleymane Dembélé, director of information and public relations of the army."
        ));
        assert!(has(
            lm,
            "In Sokolo, in the center, the army reports six dead soldiers and twenty-five wounded, five of whom are seriously."
        ));
        assert!(has(lm, "Attacks are closing in on the capital"));
        let boiler: Vec<&str> = lm
            .sentences
            .iter()
            .filter(|s| s.boilerplate)
            .map(|s| lm.sentence_text(s.number as usize))
            .collect();
        assert_eq!(boiler.len(), 4, "{boiler:?}");
        assert!(boiler.contains(&"The World with AFP") && boiler.contains(&"source site-29"));

        let voa = get("2023-01-03");
        assert_eq!(
            voa.meta.title,
            "Gunmen Kill Five in Rare Attack Near Mali’s Capital"
        );
        assert_eq!(voa.meta.published, date(2023, 1, 3));
        assert!(has(
            voa,
            "U.N. experts have accused the mercenaries of gross rights abuses in countries where they operate, such as the Central African Republic, Libya, Sudan, Syria, and Ukraine."
        ));
        assert!(has(
            voa,
            "Mali’s security ministry says armed men attacked a civil defense post in a rare attack near the capital Monday, killing five people"
        ));
        assert!(voa.sentences.last().unwrap().boilerplate);

        let ap = get("2024-09-17");
        assert_eq!(ap.meta.publisher.as_deref(), Some("Associated Press"));
        assert_eq!(ap.meta.published, date(2024, 9, 17));
        assert_eq!(ap.paragraphs.len(), 5);
        assert!(has(
            ap,
            "Col. Marima Sagara, deputy director of the army’s communications service, confirmed the assault on the gendarme training school located on the outskirts of the city but provided no additional details."
        ));
        assert!(has(
            ap,
            "In July, a notable incident involved the death of approximately 50 Russian mercenaries who were ambushed by al-Qaida fighters."
        ));
        assert_eq!(ap.sentences.len(), 15);

        let an = get("2024-09-19");
        assert_eq!(an.meta.published, date(2024, 9, 19));
        assert_eq!(an.paragraphs.len(), 6);
        assert!(has(
            an,
            "A militant assault in Bamako, the capital of Mali, has resulted in the deaths of over 70 people and left around 200 wounded, according to security sources."
        ));
        let boiler: Vec<&str> = an
            .sentences
            .iter()
            .filter(|s| s.boilerplate)
            .map(|s| an.sentence_text(s.number as usize))
            .collect();
        assert_eq!(
            boiler,
            vec!["Original Source: www.arabnews.com", "Post Comment"]
        );
    }

    proptest::proptest! {
        /// Arbitrary bytes never panic the loader.
        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let _ = parse_article(Path::new("x.md"), &bytes);
            let _ = parse_article(Path::new("x.txt"), &bytes);
        }

        #[test]
        fn parse_never_panics_on_fenced_text(body in "(\\+\\+\\+|---)\n[a-z =:\"\\[\\]0-9-]{0,60}\n(\\+\\+\\+|---)?\n[a-zA-Z .]{0,40}") {
            let _ = parse_article(Path::new("x.md"), body.as_bytes());
        }
    }
}
