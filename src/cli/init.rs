//! `briefing init DIR`: a new site that builds at once — a commented `config.toml`, one
//! example article in `content/articles/`, a README in `content/incidents/` saying how to
//! correct an incident, and a `.gitignore` for the built site.
//!
//! The scaffold's files are embedded in the binary (`src/cli/scaffold/`), so `init` works
//! wherever the program is installed.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// `(path relative to DIR, contents)` of every file `init` writes, `.gitignore` aside.
const FILES: &[(&str, &str)] = &[
    ("config.toml", include_str!("scaffold/config.toml")),
    (
        "content/articles/2024-03-12-mopti-village-attack.md",
        include_str!("scaffold/article.md"),
    ),
    (
        "content/incidents/README.txt",
        include_str!("scaffold/incidents-README.txt"),
    ),
];

const GITIGNORE: &str = include_str!("scaffold/gitignore");

/// Create a new site in `dir`. `dir` may be missing, empty, or hold only hidden entries (a
/// `.git` folder, editor settings): anything else is refused, so `init` never mixes its
/// files with someone's work or overwrites them. An existing `.gitignore` is kept and gets
/// the lines it lacks. Returns the files written, relative to `dir`.
pub fn init_site(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::File {
                path: dir.to_path_buf(),
                message: "exists and is not a folder: choose a new folder name".into(),
            });
        }
        let mut visible: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let name = entry
                .map_err(io(dir))?
                .file_name()
                .to_string_lossy()
                .into_owned();
            if !name.starts_with('.') {
                visible.push(name);
            }
        }
        if !visible.is_empty() {
            visible.sort();
            let shown: Vec<&str> = visible.iter().take(3).map(String::as_str).collect();
            return Err(Error::File {
                path: dir.to_path_buf(),
                message: format!(
                    "is not empty (it holds {}{}): run `briefing init` with a new or empty folder",
                    shown.join(", "),
                    if visible.len() > 3 { ", …" } else { "" }
                ),
            });
        }
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
        written.push(PathBuf::from(rel));
    }
    let gitignore = dir.join(".gitignore");
    let text = match std::fs::read_to_string(&gitignore) {
        Ok(existing) => merged_gitignore(&existing),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => GITIGNORE.to_string(),
        Err(source) => {
            return Err(Error::Io {
                path: gitignore,
                source,
            });
        }
    };
    std::fs::write(&gitignore, text).map_err(io(&gitignore))?;
    written.push(PathBuf::from(".gitignore"));
    Ok(written)
}

/// An existing `.gitignore` with the scaffold's rules it does not have yet appended.
fn merged_gitignore(existing: &str) -> String {
    let have: Vec<&str> = existing.lines().map(str::trim).collect();
    let missing: Vec<&str> = GITIGNORE
        .lines()
        .filter(|l| {
            let l = l.trim();
            !l.is_empty()
                && !l.starts_with('#')
                && !have.contains(&l)
                && !have.contains(&l.trim_start_matches('/').trim_end_matches('/'))
        })
        .collect();
    if missing.is_empty() {
        return existing.to_string();
    }
    let mut out = existing.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("# Added by `briefing init`\n");
    for l in missing {
        out.push_str(l);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitignore_lines_are_added_once() {
        assert_eq!(
            merged_gitignore("/public/\n/briefing.pdf\n"),
            "/public/\n/briefing.pdf\n"
        );
        let out = merged_gitignore("target");
        assert!(
            out.starts_with("target\n# Added by `briefing init`\n/public/\n"),
            "{out}"
        );
        assert_eq!(merged_gitignore(&out), out);
        assert!(!merged_gitignore("public\nbriefing.pdf\n").contains("Added"));
    }
}
