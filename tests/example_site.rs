//! The example briefing at the repository root builds, and extraction codes the five seed
//! articles as the analyst's gold file (`tests/gold/seeds.toml`) says.

mod common;

use briefing::build::{BuildOptions, build};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Build the example site once into a temporary folder shared by the tests of this file.
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir").keep();
        let out = dir.join("public");
        build(&BuildOptions {
            root: root(),
            output: Some(out.clone()),
            base_url: None,
        })
        .unwrap_or_else(|e| panic!("build failed:\n{e}"));
        out
    })
}

fn incidents() -> Vec<Value> {
    let text =
        std::fs::read_to_string(built().join("data/incidents.json")).expect("data/incidents.json");
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    v["incidents"].as_array().expect("incidents array").clone()
}

fn find<'a>(incs: &'a [Value], date: &str, place: &str) -> &'a Value {
    incs.iter()
        .find(|i| i["date"] == date && i["place"]["name"] == place)
        .unwrap_or_else(|| {
            panic!(
                "no incident {date} {place} in {:#?}",
                incs.iter().map(|i| i["id"].clone()).collect::<Vec<_>>()
            )
        })
}

#[test]
fn acceptance_values_of_the_example_briefing() {
    let incs = incidents();
    let z = find(&incs, "2022-07-14", "Zantiguila");
    assert_eq!(z["fatalities"]["best"], 6);
    let k = find(&incs, "2022-07-27", "Kaloumba");
    assert_eq!(k["fatalities"]["best"], 12);
    let s = find(&incs, "2022-07-27", "Sokolo");
    assert_eq!(s["fatalities"]["groups"]["security_forces"], 6);
    assert_eq!(s["fatalities"]["groups"]["assailants"], 48);
    assert_eq!(s["wounded"]["best"], 25);
    let m = find(&incs, "2023-01-02", "Markacoungo");
    assert_eq!(m["fatalities"]["best"], 5);
    let b = find(&incs, "2024-09-17", "Bamako");
    let publishers: Vec<&str> = b["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["publisher"].as_str())
        .collect();
    assert!(
        publishers.contains(&"Associated Press") && publishers.contains(&"Arab News"),
        "{publishers:?}"
    );
}

#[test]
fn extraction_matches_the_seed_gold() {
    let gold = common::load_gold(&root().join("tests/gold/seeds.toml"));
    let score = common::score(&incidents(), &gold.incident);
    println!("{}", score.report());
    assert_eq!(score.recall(), 1.0, "{}", score.report());
    assert!(score.spurious.is_empty(), "{}", score.report());
    assert_eq!(score.field_accuracy(), 1.0, "{}", score.report());
}

#[test]
fn json_contract_uses_null_for_unknown() {
    for i in incidents() {
        for key in [
            "id",
            "url",
            "title",
            "summary",
            "date",
            "date_end",
            "date_precision",
            "place",
            "event_type",
            "sub_event_type",
            "perpetrators",
            "claimed_by",
            "targets",
            "fatalities",
            "wounded",
            "sources",
        ] {
            assert!(i.get(key).is_some(), "{} lacks {key}", i["id"]);
        }
        if let Some(f) = i["fatalities"].as_object().filter(|f| !f["low"].is_null()) {
            let (l, b, h) = (
                f["low"].as_u64().unwrap(),
                f["best"].as_u64().unwrap(),
                f["high"].as_u64().unwrap(),
            );
            assert!(l <= b && b <= h, "{}", i["id"]);
            for g in ["civilians", "security_forces", "assailants"] {
                assert!(
                    f["groups"].get(g).is_some(),
                    "groups.{g} missing in {}",
                    i["id"]
                );
            }
        }
        for s in i["sources"].as_array().unwrap() {
            for e in s["evidence"].as_array().unwrap() {
                assert!(e["sentence"].as_u64().unwrap() >= 1);
                assert!(!e["text"].as_str().unwrap().is_empty());
            }
        }
    }
}

/// Every href and src in every page resolves to a file of the output (and `#sN` to an anchor).
#[test]
fn every_internal_link_resolves() {
    let out = built();
    let re = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        if entry.path().extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for cap in re.captures_iter(&html) {
            let link = &cap[1];
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.is_empty()
            {
                continue;
            }
            let (path, fragment) = link
                .split_once('#')
                .map(|(p, f)| (p, Some(f)))
                .unwrap_or((link, None));
            let target = if path.is_empty() {
                entry.path().to_path_buf()
            } else {
                entry.path().parent().unwrap().join(path)
            };
            assert!(
                target.is_file(),
                "{}: broken link {link}",
                entry.path().display()
            );
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                let page = std::fs::read_to_string(&target).unwrap();
                assert!(
                    page.contains(&format!("id=\"{f}\"")),
                    "{}: link {link}: no anchor #{f}",
                    entry.path().display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn incident_pages_cite_every_figure() {
    let out = built();
    for i in incidents() {
        let page = std::fs::read_to_string(out.join(i["url"].as_str().unwrap())).unwrap();
        for s in i["sources"].as_array().unwrap() {
            let article = s["article"].as_str().unwrap();
            for e in s["evidence"].as_array().unwrap() {
                let link = format!("../sources/{article}.html#s{}", e["sentence"]);
                assert!(page.contains(&link), "{}: no citation link {link}", i["id"]);
            }
        }
    }
}

#[test]
fn builds_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [&a, &b] {
        build(&BuildOptions {
            root: root(),
            output: Some(d.path().join("out")),
            base_url: None,
        })
        .unwrap();
    }
    let files = |d: &Path| {
        let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(d)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(d).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(files(&a.path().join("out")), files(&b.path().join("out")));
}
