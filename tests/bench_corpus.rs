//! The benchmark's corpus generator (issue 8): deterministic, articles of news length, and
//! prose the extractor reads — a generated site builds, and its incidents carry the tolls
//! the articles report (`truth.tsv`).

mod common;
use briefing::build::{BuildOptions, build};
use briefing::corpus_gen::{GenOptions, MAX_BODY, MIN_BODY, generate};
use common::tree;
use serde_json::Value;
use std::collections::BTreeMap;

const SMALL: GenOptions = GenOptions {
    articles: 30,
    seed: 1,
};

#[test]
fn same_options_give_identical_trees_and_another_seed_differs() {
    let a = tempfile::tempdir().expect("tmp");
    let b = tempfile::tempdir().expect("tmp");
    let c = tempfile::tempdir().expect("tmp");
    let sa = generate(a.path(), &SMALL).expect("generate a");
    generate(b.path(), &SMALL).expect("generate b");
    generate(c.path(), &GenOptions { seed: 2, ..SMALL }).expect("generate c");
    assert_eq!(sa.articles, 30);
    let (ta, tb, tc) = (tree(a.path()), tree(b.path()), tree(c.path()));
    assert_eq!(ta.len(), 32, "30 articles, config.toml, truth.tsv");
    assert!(ta == tb, "two generations with the same seed differ");
    assert!(ta != tc, "another seed gives the same corpus");
    // Regenerating into a used folder leaves nothing of the previous corpus.
    generate(c.path(), &SMALL).expect("regenerate c");
    assert!(
        tree(c.path()) == ta,
        "regenerating over another corpus is not clean"
    );
}

#[test]
fn article_bodies_have_news_length_and_vary() {
    let articles = briefing::corpus_gen::articles(&GenOptions {
        articles: 300,
        seed: 7,
    });
    assert_eq!(articles.len(), 300);
    for a in &articles {
        assert!(
            (MIN_BODY..=MAX_BODY).contains(&a.body_len),
            "{}: body of {} bytes",
            a.file,
            a.body_len
        );
        assert!(a.text.starts_with("+++\ntitle = \""), "{}", a.file);
    }
    let mean = articles.iter().map(|a| a.body_len).sum::<usize>() / articles.len();
    assert!((2_600..=3_400).contains(&mean), "mean body {mean} bytes");
    // Different wording: no two articles share their first two paragraphs.
    let mut leads = std::collections::HashSet::new();
    for a in &articles {
        let body = a.text.splitn(3, "+++").nth(2).unwrap_or("");
        let lead: Vec<&str> = body.trim_start().split("\n\n").take(2).collect();
        assert!(leads.insert(lead.join("\n")), "lead repeated: {lead:?}");
    }
    // Some incidents are reported by several articles.
    let mut per_incident = BTreeMap::<(String, String), usize>::new();
    for a in &articles {
        *per_incident
            .entry((a.truth.date.to_string(), a.truth.place.clone()))
            .or_default() += 1;
    }
    assert!(
        per_incident.values().any(|&n| n >= 2),
        "no multi-source incident"
    );
}

#[test]
fn generated_site_builds_and_incidents_match_truth() {
    // BENCH_CORPUS_ARTICLES=1000 checks a larger corpus (and lists its misses with --nocapture).
    let n = std::env::var("BENCH_CORPUS_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SMALL.articles);
    let site = tempfile::tempdir().expect("tmp");
    generate(
        site.path(),
        &GenOptions {
            articles: n,
            ..SMALL
        },
    )
    .expect("generate");
    let out = site.path().join("public");
    let summary = build(&BuildOptions {
        root: site.path().to_path_buf(),
        output: Some(out.clone()),
        base_url: None,
    })
    .expect("the generated site builds");
    assert_eq!(summary.articles, n);

    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("data/incidents.json")).expect("incidents.json"),
    )
    .expect("json");
    // Fatality ranges (low..=high) of the incidents citing each article.
    let mut ranges: BTreeMap<String, Vec<(u64, u64)>> = BTreeMap::new();
    for inc in json["incidents"].as_array().expect("incidents") {
        let f = &inc["fatalities"];
        let (Some(low), Some(high)) = (f["low"].as_u64(), f["high"].as_u64()) else {
            continue;
        };
        for s in inc["sources"].as_array().expect("sources") {
            let id = s["article"].as_str().expect("article id").to_string();
            ranges.entry(id).or_default().push((low, high));
        }
    }

    let truth = std::fs::read_to_string(site.path().join("truth.tsv")).expect("truth.tsv");
    let mut rows = 0;
    let mut misses = Vec::new();
    for line in truth.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, killed) = (cols[0], cols[3].parse::<u64>().expect("killed"));
        rows += 1;
        let id = file.trim_end_matches(".md");
        let found = ranges.get(id).cloned().unwrap_or_default();
        if !found.iter().any(|&(lo, hi)| (lo..=hi).contains(&killed)) {
            let text = std::fs::read_to_string(site.path().join("content/articles").join(file))
                .expect("article");
            let lead = text.split("\n\n").nth(1).unwrap_or("").to_string();
            misses.push(format!(
                "{file}: truth {killed}, found {found:?}\n    {lead}"
            ));
        }
    }
    assert_eq!(rows, n);
    println!(
        "{} of {rows} articles without an incident of their toll",
        misses.len()
    );
    for m in &misses {
        println!("miss: {m}");
    }
    assert!(
        misses.len() * 5 <= rows,
        "{} of {rows} articles without an incident of their toll:\n{}",
        misses.len(),
        misses.join("\n")
    );
}
