//! A failed build names the file and line, and leaves the previous output as it was.

use briefing::build::{BuildOptions, build};
use std::path::{Path, PathBuf};

fn site_with(articles: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "title = \"Test briefing\"\ndefault_country = \"ML\"\n",
    )
    .unwrap();
    let a = dir.path().join("content/articles");
    std::fs::create_dir_all(&a).unwrap();
    for (name, text) in articles {
        std::fs::write(a.join(name), text).unwrap();
    }
    dir
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

const GOOD: &str = "+++\ntitle = \"Gunmen kill five near Bamako\"\npublished = 2023-01-03\n+++\n\nGunmen killed five people on Monday in Markacoungo, about 80 kilometers from Bamako.\n";

#[test]
fn a_broken_article_fails_the_build_and_keeps_the_previous_output() {
    let site = site_with(&[("good.md", GOOD)]);
    let out = site.path().join("public");
    let opts = BuildOptions {
        root: site.path().to_path_buf(),
        output: Some(out.clone()),
        base_url: None,
    };
    let summary = build(&opts).expect("first build");
    assert_eq!(summary.articles, 1);
    assert!(summary.incidents >= 1);
    let before = snapshot(&out);

    std::fs::write(
        site.path().join("content/articles/bad.md"),
        "+++\ntitle = \"Broken\npublished = 2023-01-03\n+++\n\nText.\n",
    )
    .unwrap();
    let err = build(&opts)
        .expect_err("a malformed front matter must fail the build")
        .to_string();
    assert!(
        err.contains("content/articles/bad.md:2"),
        "error should name the file and line: {err}"
    );
    assert_eq!(before, snapshot(&out), "previous output changed");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let site = site_with(&[
        ("a.md", "+++\npublished = 2023-01-03\n+++\n\nNo title.\n"),
        ("b.md", "+++\ntitle = 1 2\n+++\n"),
    ]);
    let err = build(&BuildOptions {
        root: site.path().to_path_buf(),
        output: None,
        base_url: None,
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("a.md") && err.contains("b.md"), "{err}");
}

#[test]
fn output_may_not_be_the_site_root() {
    let site = site_with(&[("good.md", GOOD)]);
    let err = build(&BuildOptions {
        root: site.path().to_path_buf(),
        output: Some(site.path().to_path_buf()),
        base_url: None,
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("refusing"), "{err}");
    assert!(site.path().join("content/articles/good.md").is_file());
}

#[test]
fn the_binary_prints_one_summary_line() {
    let site = site_with(&[("good.md", GOOD)]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["build", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("Built 1 articles → 1 incidents"),
        "{stdout}"
    );
}

#[test]
fn extract_prints_json_with_evidence() {
    let site = site_with(&[("good.md", GOOD)]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["extract", "--json"])
        .arg(site.path().join("content/articles/good.md"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let inc = &v["articles"][0]["incidents"][0];
    assert_eq!(inc["date"], "2023-01-02");
    assert_eq!(inc["place"]["name"], "Markacoungo");
    assert_eq!(inc["fatalities"]["best"], 5);
    let ev = inc["sources"][0]["evidence"].as_array().unwrap();
    assert!(
        ev.iter()
            .any(|e| e["field"] == "fatalities"
                && e["text"].as_str().unwrap().contains("killed five"))
    );
}

#[test]
fn extract_of_a_missing_file_names_it() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["extract", "/nonexistent/article.md"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/article.md"));
}

#[test]
fn check_lists_what_extraction_could_not_resolve() {
    let vague = "+++\ntitle = \"Attacks in July\"\npublished = 2023-01-03\n+++\n\nSix people were killed in a July attack on a checkpoint 70 kilometers from Bamako.\n";
    let site = site_with(&[
        ("good.md", GOOD),
        ("vague.md", vague),
        (
            "none.md",
            "+++\ntitle = \"Politics\"\npublished = 2023-01-03\n+++\n\nThe junta met on Monday.\n",
        ),
    ]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["check", "--root"])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("date known to the month only"), "{report}");
    assert!(report.contains("none.md: no incident found"), "{report}");
    assert!(report.contains("3 articles, 2 incidents"), "{report}");
}

#[test]
fn a_site_can_add_places_to_the_gazetteer() {
    let article = "+++\ntitle = \"Attack on Ndakiwa\"\npublished = 2024-03-06\n+++\n\nGunmen killed four villagers on Monday in Ndakiwa, local officials said.\n";
    let site = site_with(&[("a.md", article)]);
    std::fs::write(
        site.path().join("config.toml"),
        "title = \"T\"\ndefault_country = \"ML\"\n\n[[places]]\nname = \"Ndakiwa\"\nadmin1 = \"Mopti\"\ncountry = \"ML\"\nlat = 14.5\nlon = -4.2\n",
    )
    .unwrap();
    let out = site.path().join("public");
    build(&BuildOptions {
        root: site.path().to_path_buf(),
        output: Some(out.clone()),
        base_url: None,
    })
    .unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/incidents.json")).unwrap())
            .unwrap();
    let inc = &v["incidents"][0];
    assert_eq!(inc["place"]["name"], "Ndakiwa");
    assert_eq!(inc["place"]["admin1"], "Mopti");
    assert_eq!(inc["place"]["lat"], 14.5);
    assert_eq!(inc["date"], "2024-03-04");
    assert_eq!(inc["fatalities"]["groups"]["civilians"], 4);
}
