//! Writing the output tree atomically: pages go to a temporary directory beside the output,
//! which is swapped in only when complete, so a failed build leaves the previous output intact.
//!
//! The swap is two renames in the same parent directory (old output aside, new one in), so a
//! reader sees either the old tree or the new one, never a half-written mix.

use crate::error::Error;
use crate::site::Page;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// Write `pages` to `output`, replacing what was there only once every page is written.
///
/// Refuses an empty path, `/` (or any file-system root), and a directory that looks like a
/// site root (`config.toml` or `content/` inside) or holds something other than a previous
/// build (no `.nojekyll`), so a mistyped `--output` never deletes source files.
/// On error the temporary directory is removed and the previous output is left untouched.
pub fn write_atomic(output: &Path, pages: &[Page]) -> Result<(), Error> {
    check_output(output)?;
    check_pages(pages)?;

    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| refuse(output, "the output path has no usable directory name"))?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|source| Error::Io { path: parent.clone(), source })?;

    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    // Leftovers of a crashed build with the same pid would make create_dir fail.
    remove_dir_if_exists(&tmp)?;
    remove_dir_if_exists(&old)?;

    if let Err(e) = write_tree(&tmp, pages) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }

    let had_old = output.exists();
    if had_old && let Err(source) = std::fs::rename(output, &old) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(Error::Io { path: output.to_path_buf(), source });
    }
    if let Err(source) = std::fs::rename(&tmp, output) {
        // Put the previous output back where it was.
        if had_old {
            let _ = std::fs::rename(&old, output);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(Error::Io { path: output.to_path_buf(), source });
    }
    if had_old {
        std::fs::remove_dir_all(&old).map_err(|source| Error::Io { path: old.clone(), source })?;
    }
    Ok(())
}

/// Refuse an output directory that is the site root or contains it: replacing it would
/// delete the site's own files. The CLI calls this before rendering.
pub fn check_output_against_root(output: &Path, site_root: &Path) -> Result<(), Error> {
    check_output(output)?;
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        p.canonicalize().unwrap_or_else(|_| normalise(&p))
    };
    let (out, root) = (abs(output), abs(site_root));
    if root.starts_with(&out) {
        return Err(refuse(
            output,
            "the output directory is the site root or contains it; choose another --output (e.g. public/)",
        ));
    }
    Ok(())
}

fn refuse(output: &Path, why: &str) -> Error {
    Error::File {
        path: output.to_path_buf(),
        message: format!("refusing to write the site here: {why}"),
    }
}

/// Lexical normalisation for paths that do not exist yet (`a/./b/../c` → `a/c`).
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn check_output(output: &Path) -> Result<(), Error> {
    if output.as_os_str().is_empty() {
        return Err(refuse(output, "the output path is empty; pass --output DIR"));
    }
    let components: Vec<Component> = output.components().collect();
    let only_root_or_dots = components.iter().all(|c| {
        matches!(
            c,
            Component::RootDir | Component::Prefix(_) | Component::CurDir | Component::ParentDir
        )
    });
    if only_root_or_dots {
        return Err(refuse(
            output,
            "the output path is a root or current/parent directory; pass a dedicated --output DIR",
        ));
    }
    if output.exists() {
        if !output.is_dir() {
            return Err(refuse(
                output,
                "it exists and is not a directory; remove it or choose another --output",
            ));
        }
        if output.join("config.toml").exists() || output.join("content").is_dir() {
            return Err(refuse(
                output,
                "it looks like a site root (config.toml or content/ inside); choose another --output",
            ));
        }
        let empty = std::fs::read_dir(output)
            .map_err(|source| Error::Io { path: output.to_path_buf(), source })?
            .next()
            .is_none();
        if !empty && !output.join(".nojekyll").exists() {
            return Err(refuse(
                output,
                "it is not empty and was not written by briefing (no .nojekyll); remove it or choose another --output",
            ));
        }
    }
    Ok(())
}

/// A page path must be relative, `/`-separated, without `.`/`..`/empty segments, and unique.
pub fn check_page_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("empty page path".into());
    }
    if path.starts_with('/') || path.contains('\\') || path.contains('\0') || path.contains(':') {
        return Err(format!("page path `{path}` must be relative with `/` separators"));
    }
    if path.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return Err(format!("page path `{path}` has an empty, `.` or `..` segment"));
    }
    Ok(())
}

fn check_pages(pages: &[Page]) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for p in pages {
        if let Err(e) = check_page_path(&p.path) {
            problems.push(e);
        } else if !seen.insert(p.path.as_str()) {
            problems.push(format!("page path `{}` is produced twice", p.path));
        }
    }
    // A page whose path is also a directory of another page ("a" and "a/b").
    for p in &seen {
        let mut prefix = String::new();
        for seg in p.split('/').collect::<Vec<_>>().iter().rev().skip(1).rev() {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(seg);
            if seen.contains(prefix.as_str()) {
                problems.push(format!("page path `{prefix}` is both a file and a directory"));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Other(format!("invalid output pages: {}", problems.join("; "))))
    }
}

fn remove_dir_if_exists(p: &Path) -> Result<(), Error> {
    match std::fs::remove_dir_all(p) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io { path: p.to_path_buf(), source }),
    }
}

fn write_tree(dir: &Path, pages: &[Page]) -> Result<(), Error> {
    std::fs::create_dir(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    for page in pages {
        let path = dir.join(&page.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| Error::Io { path: parent.to_path_buf(), source })?;
        }
        std::fs::write(&path, &page.bytes)
            .map_err(|source| Error::Io { path: path.clone(), source })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths() {
        assert!(check_page_path("index.html").is_ok());
        assert!(check_page_path("incidents/a.html").is_ok());
        for bad in ["", "/etc/passwd", "../x", "a/../b", "a//b", "./a", "a\\b", "C:x"] {
            assert!(check_page_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn refuses_dangerous_outputs() {
        assert!(check_output(Path::new("")).is_err());
        assert!(check_output(Path::new("/")).is_err());
        assert!(check_output(Path::new(".")).is_err());
        assert!(check_output(Path::new("..")).is_err());
    }
}
