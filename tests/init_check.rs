//! `briefing init`, `briefing check` and the build's progress bar, run as a user runs them:
//! the real binary in temporary folders.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn briefing(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .env_remove("BRIEFING_PROGRESS_AFTER_MS")
        .output()
        .expect("run briefing")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// A fresh site made by `briefing init` inside a temp dir.
fn new_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    let out = briefing(&["init", path_str(&site)]);
    assert!(out.status.success(), "init failed: {}", text(&out.stderr));
    (tmp, site)
}

#[test]
fn init_then_build_codes_the_example_incident() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("new-briefing");
    // A folder holding only hidden entries (a fresh `git init`) is accepted.
    std::fs::create_dir_all(site.join(".git")).expect("mkdir");
    std::fs::write(site.join(".gitignore"), "target\n").expect("write");
    let out = briefing(&["init", path_str(&site)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let config = std::fs::read_to_string(site.join("config.toml")).expect("config.toml");
    assert!(
        config
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 10,
        "config.toml is commented"
    );
    assert!(site.join("content/incidents/README.txt").is_file());
    let gitignore = std::fs::read_to_string(site.join(".gitignore")).expect(".gitignore");
    assert!(
        gitignore.starts_with("target\n") && gitignore.contains("/public/"),
        "{gitignore}"
    );

    let out = briefing(&["build", "--root", path_str(&site)]);
    assert!(
        out.status.success(),
        "build of a new site failed: {}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).starts_with("Built 1 articles → 1 incidents"),
        "{}",
        text(&out.stdout)
    );
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("public/data/incidents.json")).expect("json"),
    )
    .expect("valid json");
    let incidents = json["incidents"].as_array().expect("incidents");
    assert_eq!(incidents.len(), 1, "{json:#}");
    let i = &incidents[0];
    assert_eq!(
        i["date"], "2024-03-10",
        "\"on Sunday\" before a Tuesday publication: {i:#}"
    );
    assert_eq!(i["date_precision"], "day");
    assert_eq!(i["place"]["name"], "Mopti", "{i:#}");
    assert_eq!(i["place"]["country"], "ML");
    assert_eq!(i["fatalities"]["best"], 9, "{i:#}");
    assert_eq!(i["wounded"]["best"], 4, "{i:#}");
    let id = i["id"].as_str().expect("id");
    assert!(site.join(format!("public/incidents/{id}.html")).is_file());
    // The new site is clean for `check` too.
    let out = briefing(&["check", "--root", path_str(&site)]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn init_refuses_a_folder_with_visible_files() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
    let out = briefing(&["init", path_str(tmp.path())]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("not empty") && err.contains("notes.txt"),
        "{err}"
    );
    assert!(!tmp.path().join("config.toml").exists(), "nothing written");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).expect("read"),
        "mine"
    );
    // A file where the folder should be.
    let out = briefing(&["init", path_str(&tmp.path().join("notes.txt"))]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not a folder"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_passes_on_a_clean_site() {
    let (_tmp, site) = new_site();
    let out = briefing(&["check", "--root", path_str(&site)]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let line = stdout
        .lines()
        .find(|l| l.contains("internal links checked"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.ends_with(", 0 broken"), "{line}");
    let checked: usize = line
        .split(", ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(checked > 50, "{line}");
}

#[test]
fn check_fails_on_a_broken_link_in_a_user_template_and_names_the_page() {
    let (_tmp, site) = new_site();
    std::fs::create_dir_all(site.join("templates")).expect("mkdir");
    std::fs::write(
        site.join("templates/sources.html"),
        r##"{% extends "base.html" %}{% block content %}<h1>Sources</h1><p><a href="{{ root }}reading-list.html">Reading list</a> <a href="#methodology">Method</a> <img src="{{ root }}static/logo.png" alt="Logo"></p>{% endblock content %}"##,
    )
    .expect("write template");
    let out = briefing(&["check", "--root", path_str(&site)]);
    assert!(!out.status.success(), "check must fail");
    let err = text(&out.stderr);
    assert!(
        err.contains(r#"sources.html: link "reading-list.html": no such file reading-list.html"#),
        "{err}"
    );
    assert!(
        err.contains(r##"sources.html: link "#methodology": no element with id "methodology""##),
        "{err}"
    );
    assert!(
        err.contains(r#"sources.html: link "static/logo.png""#),
        "{err}"
    );
    assert!(err.contains("check failed: 3 errors"), "{err}");
    // The report is still printed, with the count.
    assert!(
        text(&out.stdout).contains("3 broken"),
        "{}",
        text(&out.stdout)
    );
    let report = briefing::cli::check_report(&site).expect("loads");
    assert!(
        report.contains("error: broken link: sources.html: link \"reading-list.html\""),
        "{report}"
    );
    assert!(
        report
            .lines()
            .last()
            .is_some_and(|l| l.contains("articles,")),
        "{report}"
    );
}

#[test]
fn check_reports_a_bad_config_and_a_bad_override() {
    let (_tmp, site) = new_site();
    let config = std::fs::read_to_string(site.join("config.toml")).expect("read");
    std::fs::write(
        site.join("config.toml"),
        config.replace("language = \"en\"", "langauge = \"en\""),
    )
    .expect("write");
    let out = briefing(&["check", "--root", path_str(&site)]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("config.toml") && err.contains("did you mean `language`"),
        "{err}"
    );

    std::fs::write(site.join("config.toml"), config).expect("write");
    std::fs::write(
        site.join("content/incidents/2099-01-01-nowhere.md"),
        "+++\nfatalities = 3\n+++\n",
    )
    .expect("write");
    let out = briefing(&["check", "--root", path_str(&site)]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("2099-01-01-nowhere"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_example_site_has_no_broken_link() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out_dir = tmp.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = briefing(&[
        "build",
        "--root",
        path_str(root),
        "--output",
        path_str(&out_dir),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = briefing::site::links::check_dir(&out_dir).expect("read output");
    assert!(report.is_ok(), "{:#?}", report.problems);
    assert!(report.pages >= 15 && report.checked > 500, "{report:?}");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let (_tmp, site) = new_site();
    // Even asked to show the bar at once, a pipe gets only the summary line.
    let out = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root", path_str(&site)])
        .env("BRIEFING_PROGRESS_AFTER_MS", "0")
        .output()
        .expect("run");
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert!(
        !err.contains('\r') && !err.contains('\u{1b}') && !err.contains("Extracting"),
        "{err:?}"
    );
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "one-line summary: {stdout}");
    assert!(stdout.starts_with("Built 1 articles"), "{stdout}");
}

#[test]
fn progress_bar_on_a_terminal() {
    // `script` (util-linux) runs the build under a pseudo-terminal.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` command to make a pseudo-terminal");
        return;
    }
    let (tmp, site) = new_site();
    let log = tmp.path().join("tty.log");
    let cmd = format!(
        "{} build --root '{}'",
        env!("CARGO_BIN_EXE_briefing"),
        path_str(&site)
    );
    let out = Command::new("script")
        .args(["-qefc", &cmd, path_str(&log)])
        .env("BRIEFING_PROGRESS_AFTER_MS", "0")
        .env("COLUMNS", "100")
        .output()
        .expect("run script");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let tty = std::fs::read_to_string(&log).expect("log");
    assert!(tty.contains("Built 1 articles"), "{tty}");
    // With no delay the bar is drawn (the steady tick draws at least once): a stage name.
    assert!(
        ["Loading", "Extracting", "Rendering", "Writing"]
            .iter()
            .any(|s| tty.contains(s)),
        "{tty:?}"
    );
}
