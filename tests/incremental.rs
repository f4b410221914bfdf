//! Rebuilds (issue 8): a rebuild reuses the extraction cache and the previous output, and
//! must give exactly the tree a clean build gives — after editing, adding or deleting an
//! article, or changing the configuration — while rewriting only the files that changed.

mod common;
use briefing::build::{BuildOptions, BuildSummary, build};
use briefing::corpus_gen::{GenOptions, generate};
use common::tree;
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
    let folders = ["content", "templates"].map(|f| root.join(f));
    for e in folders
        .iter()
        .filter(|f| f.exists())
        .flat_map(walkdir::WalkDir::new)
    {
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

    // The rows of list pages are copied from the previous build when their incident did
    // not change: a new row template must still reach every row.
    let records = std::fs::read(dir.path().join(".public.records")).expect("records kept");
    assert!(
        records
            .windows(b"chronology/".len())
            .any(|w| w == b"chronology/"),
        "the rows of the chronology pages are indexed for reuse"
    );
    std::fs::create_dir_all(root.join("templates")).expect("mkdir");
    std::fs::write(
        root.join("templates/row-chronology.html"),
        format!(
            "<!-- own row -->{}",
            include_str!("../templates/row-chronology.html")
        ),
    )
    .expect("template");
    build_into(&root, &public);
    let year = std::fs::read_dir(public.join("chronology"))
        .expect("ls")
        .map(|e| e.expect("entry").path())
        .find(|p| p.to_string_lossy().contains("year-"))
        .expect("a year page");
    let html = std::fs::read_to_string(&year).expect("read");
    assert!(html.contains("<!-- own row -->"), "{}", year.display());
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

/// `briefing serve`'s builds (`build_in`): the unchanged articles come from memory, the
/// pages of the edited ones are rendered first. Each result must equal a clean build, the
/// early pages must be exactly the files the build then writes, and only the files the
/// watcher reported are read again.
#[test]
fn builds_from_memory_equal_clean_builds_and_show_the_edited_pages_first() {
    use briefing::build::{Memory, build_in};
    use std::collections::BTreeSet;

    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().join("site");
    generate(
        &root,
        &GenOptions {
            articles: 30,
            seed: 11,
        },
    )
    .expect("generate");
    let public = dir.path().join("public");
    let opts = BuildOptions {
        root: root.clone(),
        output: Some(public.clone()),
        base_url: None,
    };
    let mut memory = Memory::default();
    // Runs a build from memory; returns the early pages and the ids of the articles read.
    let serve_build = |memory: &mut Memory| {
        let mut early: Vec<(String, Vec<u8>)> = Vec::new();
        let mut reread: Option<BTreeSet<String>> = None;
        let (summary, committed) = build_in(&opts, memory, &mut |data, changed| {
            reread = Some(changed.clone());
            early = briefing::site::render_selected(data, &root, changed)
                .expect("early pages")
                .into_iter()
                .map(|p| (p.path, p.bytes))
                .collect();
        })
        .unwrap_or_else(|e| panic!("build failed: {e}"));
        (summary, committed, early, reread)
    };

    let (first, committed, early, reread) = serve_build(&mut memory);
    assert!(reread.is_none(), "nothing in memory yet: a whole load");
    assert!(early.is_empty());
    assert_eq!(committed.changed, None, "a first build changes everything");
    assert_eq!(first.written, first.pages);

    // An edit the watcher reports: only that file is read, and its pages come first.
    let files = articles(&root);
    let edited = &files[4];
    let text = std::fs::read_to_string(edited).expect("read");
    std::fs::write(
        edited,
        text.replacen("killed", "shot dead", 1) + "\nThe toll later rose to 41 dead.\n",
    )
    .expect("edit");
    let id = |p: &Path| p.file_stem().unwrap().to_string_lossy().into_owned();
    memory.changed([edited.strip_prefix(&root).unwrap()]);
    let (_, committed, early, reread) = serve_build(&mut memory);
    assert_eq!(
        reread,
        Some(BTreeSet::from([id(edited)])),
        "only the reported file is read"
    );
    let source_page = format!("sources/{}.html", id(edited));
    assert!(
        early.iter().any(|(p, _)| *p == source_page),
        "the edited article's page is shown first: {:?}",
        early.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    assert!(
        early.iter().any(|(p, _)| p.starts_with("incidents/")),
        "with the pages of the incidents citing it"
    );
    for (path, bytes) in &early {
        assert_eq!(
            std::fs::read(public.join(path)).ok().as_ref(),
            Some(bytes),
            "{path}: the early page is the page the build writes"
        );
    }
    let changed = committed.changed.expect("an incremental build");
    assert!(changed.contains(&source_page), "{changed:?}");
    assert!(
        changed.len() < first.pages / 4,
        "{} files changed",
        changed.len()
    );
    assert_same_as_clean(&root, &public);

    // A new article and a deleted one (the folder's file list changes: walked again).
    std::fs::remove_file(&files[7]).expect("rm");
    let added = root.join("content/articles/zz-new.md");
    std::fs::write(
        &added,
        "+++\ntitle = \"Gunmen kill seven near Douentza\"\npublished = 2024-05-02\npublisher = \"Wire\"\n+++\n\nGunmen killed seven civilians on Tuesday in Douentza, local officials said.\n",
    )
    .expect("add");
    memory.changed([
        files[7].strip_prefix(&root).unwrap(),
        added.strip_prefix(&root).unwrap(),
    ]);
    let (summary, committed, _, reread) = serve_build(&mut memory);
    assert_eq!(reread, Some(BTreeSet::from(["zz-new".to_string()])));
    assert_eq!(summary.articles, 30);
    let changed = committed.changed.expect("incremental");
    assert!(
        changed.contains(&format!("sources/{}.html", id(&files[7]))),
        "the deleted article's page is removed"
    );
    assert_same_as_clean(&root, &public);

    // A broken article: the build fails and the memory is not trusted afterwards.
    std::fs::write(&added, "+++\ntitle = \n+++\nx\n").expect("break");
    memory.changed([added.strip_prefix(&root).unwrap()]);
    assert!(build_in(&opts, &mut memory, &mut |_, _| {}).is_err());
    std::fs::write(
        &added,
        "+++\ntitle = \"Mended\"\npublished = 2024-05-03\n+++\n\nGunmen killed two people on Monday in Douentza.\n",
    )
    .expect("mend");
    let (_, _, _, reread) = serve_build(&mut memory);
    assert_eq!(reread, None, "after a failure everything is loaded again");
    assert_same_as_clean(&root, &public);
}
