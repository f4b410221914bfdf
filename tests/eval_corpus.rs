//! Extraction scored on real news excerpts the rules were not written from
//! (`tests/eval/corpus/`, coded by an analyst in `tests/eval/gold.toml`). Prints precision,
//! recall and field accuracy; fails below the floors, which only ever go up.

mod common;

use briefing::build::{BuildOptions, build};
use std::path::PathBuf;

/// Floors: raise them when extraction improves, never lower them to make a change pass.
const MIN_RECALL: f64 = 0.88;
const MIN_PRECISION: f64 = 0.84;
const MIN_FIELD_ACCURACY: f64 = 0.83;

#[test]
fn extraction_scores_on_the_evaluation_corpus() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    let articles = site.path().join("content/articles");
    std::fs::create_dir_all(&articles).unwrap();
    for e in std::fs::read_dir(repo.join("tests/eval/corpus")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), articles.join(e.file_name())).unwrap();
    }
    std::fs::write(
        site.path().join("config.toml"),
        "title = \"Evaluation corpus\"\n",
    )
    .unwrap();
    let out = site.path().join("public");
    build(&BuildOptions {
        root: site.path().to_path_buf(),
        output: Some(out.clone()),
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/incidents.json")).unwrap())
            .unwrap();
    let gold = common::load_gold(&repo.join("tests/eval/gold.toml"));
    let score = common::score(json["incidents"].as_array().unwrap(), &gold.incident);
    println!("evaluation corpus: {}", score.report());
    assert!(
        score.recall() >= MIN_RECALL,
        "recall below floor\n{}",
        score.report()
    );
    assert!(
        score.precision() >= MIN_PRECISION,
        "precision below floor\n{}",
        score.report()
    );
    assert!(
        score.field_accuracy() >= MIN_FIELD_ACCURACY,
        "field accuracy below floor\n{}",
        score.report()
    );
}
