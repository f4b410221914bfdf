//! Rebuilds (issue 8): a rebuild reuses the extraction cache and the previous output, and
//! must give exactly the tree a clean build gives — after editing, adding or deleting an
//! article, or changing the configuration — while rewriting only the files that changed.

mod common;
use briefing::build::{BuildOptions, BuildSummary, build};
use briefing::corpus_gen::{GenOptions, generate};
use common::tree;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn build_into(root: &Path, output: &Path) -> BuildSummary {
    build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("build failed: {e}"))
}

/// The rebuilt output equals a clean build (no cache, no previous output) of the same site.
fn assert_same_as_clean(root: &Path, public: &Path) {
    let fresh = tempfile::tempdir().expect("tmp");
    let copy = fresh.path().join("site");
    std::fs::create_dir_all(copy.join("content")).expect("mkdir");
    std::fs::copy(root.join("config.toml"), copy.join("config.toml")).expect("config");
    for e in walkdir::WalkDir::new(root.join("content")) {
        let e = e.expect("walk");
        let to = copy.join(e.path().strip_prefix(root).expect("prefix"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
    let clean = fresh.path().join("public");
    build_into(&copy, &clean);
    let (got, want) = (tree(public), tree(&clean));
    let differing: Vec<_> = want
        .keys()
        .chain(got.keys())
        .filter(|k| got.get(*k) != want.get(*k))
        .take(5)
        .collect();
    assert!(
        differing.is_empty(),
        "rebuild differs from a clean build: {differing:?}"
    );
}

fn articles(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root.join("content/articles"))
        .expect("ls")
        .map(|e| e.expect("entry").path())
        .collect();
    v.sort();
    v
}

#[test]
fn rebuilds_equal_clean_builds_and_rewrite_only_what_changed() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().join("site");
    generate(
        &root,
        &GenOptions {
            articles: 40,
            seed: 7,
        },
    )
    .expect("generate");
    let public = dir.path().join("public");
    let first = build_into(&root, &public);
    assert_eq!(
        first.written, first.pages,
        "a first build writes everything"
    );
    assert!(
        root.join(".briefing-cache").is_dir(),
        "extraction cache kept"
    );

    // Nothing changed: nothing is written.
    let again = build_into(&root, &public);
    assert_eq!(again.written, 0, "an unchanged site rewrites no file");
    assert_same_as_clean(&root, &public);

    // One article edited: a few files change, and the result is a clean build's.
    let files = articles(&root);
    let edited = &files[10];
    let text = std::fs::read_to_string(edited).expect("read");
    std::fs::write(
        edited,
        text.replacen("killed", "shot dead", 1) + "\nA later paragraph.\n",
    )
    .expect("edit");
    let after_edit = build_into(&root, &public);
    assert!(
        after_edit.written > 0 && after_edit.written * 4 < after_edit.pages,
        "{} of {} files written after one edit",
        after_edit.written,
        after_edit.pages
    );
    assert_same_as_clean(&root, &public);

    // One article deleted and another added.
    std::fs::remove_file(&files[3]).expect("rm");
    std::fs::write(
        root.join("content/articles/zz-new.md"),
        "+++\ntitle = \"Gunmen kill seven near Douentza\"\npublished = 2024-05-02\npublisher = \"Wire\"\n+++\n\nGunmen killed seven civilians on Tuesday in Douentza, local officials said.\n",
    )
    .expect("add");
    build_into(&root, &public);
    assert_same_as_clean(&root, &public);

    // A setting every page shows: everything is rendered again.
    let config = std::fs::read_to_string(root.join("config.toml")).expect("config");
    assert!(config.contains("Sahel security briefing"), "{config}");
    std::fs::write(
        root.join("config.toml"),
        config.replacen("Sahel security briefing", "Renamed briefing", 1),
    )
    .expect("config");
    let renamed = build_into(&root, &public);
    assert!(
        renamed.written * 2 > renamed.pages,
        "a new title is on every page"
    );
    assert_same_as_clean(&root, &public);
}

#[test]
fn a_cache_from_another_setting_is_not_reused() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().join("site");
    generate(
        &root,
        &GenOptions {
            articles: 12,
            seed: 3,
        },
    )
    .expect("generate");
    let public = dir.path().join("public");
    build_into(&root, &public);
    // The default country decides how ambiguous places resolve: cached extraction made
    // under another default must not be reused.
    let config = std::fs::read_to_string(root.join("config.toml")).expect("config");
    std::fs::write(
        root.join("config.toml"),
        config.replacen("default_country = \"ML\"", "default_country = \"BF\"", 1),
    )
    .expect("config");
    build_into(&root, &public);
    assert_same_as_clean(&root, &public);
}
