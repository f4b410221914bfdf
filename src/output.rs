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
///
/// The new tree is written to `.<name>.tmp-<pid>` beside the output. On Linux it is then
/// exchanged with the previous output in one `renameat2(RENAME_EXCHANGE)`, so that at every
/// instant `output` is a complete tree, old or new, even if the process is killed; elsewhere
/// (or on a file system without the exchange) the previous output is renamed aside first and
/// a kill between the two renames is repaired by the next build. Temporary directories left
/// by builds that were killed are removed by the next build.
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
    std::fs::create_dir_all(&parent).map_err(|source| cannot_write(output, &parent, &source))?;
    recover_interrupted(output, &parent, name);

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
    if had_old {
        match exchange(&tmp, output) {
            Ok(true) => {
                // `tmp` now holds the previous tree. Failing to delete it loses nothing: the
                // next build removes it.
                let _ = std::fs::remove_dir_all(&tmp);
                return Ok(());
            }
            Ok(false) => {}
            Err(source) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(cannot_write(output, output, &source));
            }
        }
    }
    if had_old && let Err(source) = std::fs::rename(output, &old) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(cannot_write(output, output, &source));
    }
    if let Err(source) = std::fs::rename(&tmp, output) {
        // Put the previous output back where it was.
        if had_old {
            let _ = std::fs::rename(&old, output);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(cannot_write(output, output, &source));
    }
    if had_old {
        // The new output is in place; a leftover is removed by the next build.
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

/// An I/O failure while writing the site, naming the output the user asked for (a temporary
/// path alone would puzzle) and the path that failed.
fn cannot_write(output: &Path, at: &Path, source: &std::io::Error) -> Error {
    let detail = if at == output {
        String::new()
    } else {
        format!(" (at {})", at.display())
    };
    Error::File {
        path: output.to_path_buf(),
        message: format!(
            "cannot write the site: {source}{detail}; check that the folder is writable and \
             the disk is not full"
        ),
    }
}

/// Atomically swap two directories (Linux `renameat2` with `RENAME_EXCHANGE`). `Ok(false)`
/// when the system or file system cannot, so the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    const RENAME_EXCHANGE: libc::c_uint = 1 << 1;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call;
    // AT_FDCWD makes relative paths relative to the current directory, like `rename`.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Whether the build that named a temporary directory after `pid` may still be running.
/// On Linux `/proc` says; elsewhere a directory is taken as abandoned once it is a day old.
fn may_be_running(pid: u32, dir: &Path) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    let age = std::fs::symlink_metadata(dir)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_none_or(|a| a < std::time::Duration::from_secs(24 * 3600))
}

/// Repair what a build killed mid-swap left: with the two-rename fallback, a kill between
/// the renames leaves no `output` but the previous tree in `.<name>.old-<pid>`, which is put
/// back. Then every `.<name>.tmp-<pid>` / `.<name>.old-<pid>` of a build that is no longer
/// running is removed. Best effort: a leftover that cannot be removed is harmless (hidden,
/// and never read).
fn recover_interrupted(output: &Path, parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let tmp_prefix = format!(".{name}.tmp-");
    let old_prefix = format!(".{name}.old-");
    let mut stale: Vec<(bool, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let (is_old, pid) = if let Some(pid) = file_name.strip_prefix(&tmp_prefix) {
            (false, pid)
        } else if let Some(pid) = file_name.strip_prefix(&old_prefix) {
            (true, pid)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let path = entry.path();
        if !may_be_running(pid, &path) {
            stale.push((is_old, path));
        }
    }
    stale.sort();
    for (is_old, path) in stale {
        if is_old && !output.exists() && std::fs::rename(&path, output).is_ok() {
            continue;
        }
        let _ = std::fs::remove_dir_all(&path);
    }
}

/// Refuse an output directory that is the site root or contains it: replacing it would
/// delete the site's own files. The CLI calls this before rendering.
pub fn check_output_against_root(output: &Path, site_root: &Path) -> Result<(), Error> {
    check_output(output)?;
    let (out, root) = (resolve(output), resolve(site_root));
    if root.starts_with(&out) {
        return Err(refuse(
            output,
            "the output directory is the site root or contains it; choose another --output (e.g. public/)",
        ));
    }
    // Inside a folder the build reads, the output would be read back as input (static/ would
    // copy itself into itself, build after build) or replace the analyst's files.
    for source in ["content", "static", "templates"] {
        if out.starts_with(root.join(source)) {
            return Err(refuse(
                output,
                &format!(
                    "the output directory is inside the site's {source}/ folder, which the build \
                     reads; choose a folder outside it (e.g. public/)"
                ),
            ));
        }
    }
    Ok(())
}

/// An absolute path with symbolic links resolved as far as the path exists (the output may
/// not exist yet, but `/tmp/x` and `/private/tmp/x` must still compare equal on macOS).
fn resolve(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let p = normalise(&p);
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return p,
        }
    }
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
        return Err(refuse(
            output,
            "the output path is empty; pass --output DIR",
        ));
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
            .map_err(|source| Error::Io {
                path: output.to_path_buf(),
                source,
            })?
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
        return Err(format!(
            "page path `{path}` must be relative with `/` separators"
        ));
    }
    if path
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(format!(
            "page path `{path}` has an empty, `.` or `..` segment"
        ));
    }
    if path.chars().any(char::is_control) {
        return Err(format!("page path {path:?} has a control character"));
    }
    // The tree is published and checked out on every system: no Windows device names.
    if let Some(s) = path
        .split('/')
        .find(|s| crate::extract::text::is_device_name(s))
    {
        return Err(format!(
            "page path `{path}`: `{s}` is a reserved device name on Windows"
        ));
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
                problems.push(format!(
                    "page path `{prefix}` is both a file and a directory"
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Other(format!(
            "invalid output pages: {}",
            problems.join("; ")
        )))
    }
}

fn remove_dir_if_exists(p: &Path) -> Result<(), Error> {
    match std::fs::remove_dir_all(p) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io {
            path: p.to_path_buf(),
            source,
        }),
    }
}

/// Write every page under `dir` (a fresh temporary directory). Errors name `dir`'s final
/// destination, which the caller passes as the output path in its own message.
fn write_tree(dir: &Path, pages: &[Page]) -> Result<(), Error> {
    let output = output_of(dir);
    std::fs::create_dir(dir).map_err(|source| cannot_write(&output, dir, &source))?;
    for page in pages {
        let path = dir.join(&page.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| cannot_write(&output, parent, &source))?;
        }
        std::fs::write(&path, &page.bytes)
            .map_err(|source| cannot_write(&output, &path, &source))?;
    }
    Ok(())
}

/// `parent/.name.tmp-pid` → `parent/name`, for messages.
fn output_of(tmp: &Path) -> PathBuf {
    let name = tmp.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let name = name
        .strip_prefix('.')
        .and_then(|n| n.rsplit_once(".tmp-"))
        .map_or(name, |(n, _)| n);
    tmp.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths() {
        assert!(check_page_path("index.html").is_ok());
        assert!(check_page_path("incidents/a.html").is_ok());
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "./a",
            "a\\b",
            "C:x",
            "sources/CON.html",
            "nul",
            "a/com1.txt",
            "a\nb",
        ] {
            assert!(check_page_path(bad).is_err(), "{bad}");
        }
    }

    fn page(path: &str, text: &str) -> Page {
        Page {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn write_atomic_replaces_the_tree_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&out, &[page(".nojekyll", ""), page("a/old.html", "1")]).unwrap();
        write_atomic(&out, &[page(".nojekyll", ""), page("b/new.html", "2")]).unwrap();
        assert!(
            !out.join("a").exists(),
            "the previous tree is replaced, not merged"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("b/new.html")).unwrap(),
            "2"
        );
        assert_eq!(names(dir.path()), vec!["public"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_directories() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("x"), "a").unwrap();
        std::fs::write(b.join("x"), "b").unwrap();
        // tmpfs and the usual disk file systems support the exchange; if this one does not,
        // the fallback is taken and there is nothing to check.
        if exchange(&a, &b).unwrap() {
            assert_eq!(std::fs::read_to_string(a.join("x")).unwrap(), "b");
            assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "a");
        }
    }

    /// The two-rename fallback killed between its renames: no output, the previous tree
    /// aside. The next build puts it back before anything else, and removes temporary trees
    /// of builds that are gone.
    #[test]
    fn a_swap_killed_between_renames_is_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = dir.path().join(".public.old-4000000003");
        let tmp = dir.path().join(".public.tmp-4000000003");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "previous").unwrap();
        std::fs::create_dir_all(tmp.join("incidents")).unwrap();
        // A live build's temporary tree (ours) is left alone.
        let live = dir
            .path()
            .join(format!(".public.tmp-{}", std::process::id()));
        std::fs::create_dir_all(&live).unwrap();
        recover_interrupted(&out, dir.path(), "public");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!old.exists() && !tmp.exists());
        assert!(live.exists());
    }

    #[test]
    fn outputs_inside_the_sources_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/articles")).unwrap();
        for bad in [
            "content/x",
            "content/articles/public",
            "static/out",
            "templates/a/b",
            ".",
        ] {
            let e = check_output_against_root(&root.join(bad), root);
            assert!(e.is_err(), "{bad}");
        }
        // `a/../content/x` is inside content/ too.
        assert!(check_output_against_root(&root.join("public/../content/x"), root).is_err());
        for good in ["public", "docs", "contents", "../elsewhere"] {
            assert!(
                check_output_against_root(&root.join(good), root).is_ok(),
                "{good}"
            );
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
