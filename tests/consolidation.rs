//! Consolidation of the example briefing: one incident per event across sources, every toll
//! kept with its source, stable ids and deterministic output (issue 4, acceptance 1–3).

use briefing::build::{BuildOptions, build};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's article files, sorted by name.
fn article_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(repo().join("content/articles"))
        .expect("articles")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

/// A copy of the example site with its articles created in the given order, plus `extra`
/// articles (file name, text).
fn site(files: &[PathBuf], extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let articles = dir.path().join("content/articles");
    std::fs::create_dir_all(&articles).expect("mkdir");
    for f in files {
        std::fs::copy(f, articles.join(f.file_name().expect("name"))).expect("copy");
    }
    for (name, text) in extra {
        std::fs::write(articles.join(name), text).expect("write");
    }
    std::fs::copy(repo().join("config.toml"), dir.path().join("config.toml")).expect("config");
    dir
}

fn build_in(root: &Path, threads: usize) -> PathBuf {
    let out = root.join("public");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    pool.install(|| {
        build(&BuildOptions {
            root: root.to_path_buf(),
            output: Some(out.clone()),
            base_url: None,
        })
    })
    .unwrap_or_else(|e| panic!("build failed:\n{e}"));
    out
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

fn incidents(out: &Path) -> Vec<Value> {
    let text =
        std::fs::read_to_string(out.join("data/incidents.json")).expect("data/incidents.json");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    v["incidents"].as_array().expect("incidents").clone()
}

/// The example site built once, with the default thread pool.
fn example() -> &'static (tempfile::TempDir, PathBuf) {
    static E: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    E.get_or_init(|| {
        let dir = site(&article_files(), &[]);
        let out = build_in(dir.path(), 2);
        (dir, out)
    })
}

fn publishers(i: &Value) -> Vec<String> {
    i["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["publisher"].as_str().map(str::to_string))
        .collect()
}

/// The incidents on `date` at `place`.
fn at<'a>(incs: &'a [Value], date: &str, place: &str) -> Vec<&'a Value> {
    incs.iter()
        .filter(|i| i["date"] == date && i["place"]["name"] == place)
        .collect()
}

#[test]
fn creation_order_and_thread_count_do_not_change_the_output() {
    let files = article_files();
    let mut reversed = files.clone();
    reversed.reverse();
    let a = site(&files, &[]);
    let b = site(&reversed, &[]);
    let one = snapshot(&build_in(a.path(), 1));
    let four = snapshot(&build_in(b.path(), 4));
    assert!(one.len() > 10, "a whole site was built");
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        four.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(
            four.get(path) == Some(bytes),
            "{} differs between 1 and 4 threads / creation orders",
            path.display()
        );
    }
}

#[test]
fn an_unrelated_article_renames_no_incident() {
    let burkina = "+++\ntitle = \"Gunmen kill soldiers in northern Burkina Faso\"\npublisher = \"Test Wire\"\npublished = 2023-02-20\n+++\n\n\
        Gunmen killed at least 12 soldiers in an attack on an army post near Djibo in northern Burkina Faso on Saturday, security sources said.\n\n\
        The attackers arrived on motorbikes and set fire to vehicles before withdrawing, one source said.\n";
    let dir = site(
        &article_files(),
        &[("2023-02-20-burkina-army-post-attack.md", burkina)],
    );
    let out = build_in(dir.path(), 2);
    let after = incidents(&out);
    let before = incidents(&example().1);
    for i in &before {
        let id = i["id"].as_str().expect("id");
        let same = after
            .iter()
            .find(|j| j["id"] == id)
            .unwrap_or_else(|| panic!("incident {id} was renamed or lost"));
        assert_eq!(same["date"], i["date"], "{id}");
        assert_eq!(same["place"]["name"], i["place"]["name"], "{id}");
    }
    assert!(
        after.len() > before.len(),
        "the new article adds its incident"
    );
    assert!(
        after.iter().any(|i| i["place"]["country"] == "BF"),
        "the new incident is in Burkina Faso"
    );
}

#[test]
fn one_incident_per_event_with_every_source() {
    let incs = incidents(&example().1);
    let kati = at(&incs, "2022-07-22", "Kati");
    assert_eq!(kati.len(), 1, "one Kati incident");
    let p = publishers(kati[0]);
    assert!(
        p.contains(&"Voice of America".into()) && p.contains(&"Le Monde".into()),
        "Kati: {p:?}"
    );

    let zan = at(&incs, "2022-07-14", "Zantiguila");
    assert_eq!(zan.len(), 1, "one Zantiguila incident");
    let p = publishers(zan[0]);
    assert!(
        p.contains(&"Al Jazeera".into()) && p.contains(&"Voice of America".into()),
        "Zantiguila: {p:?}"
    );

    let bko = at(&incs, "2024-09-17", "Bamako");
    assert_eq!(bko.len(), 1, "one Bamako incident");
    let p = publishers(bko[0]);
    assert!(
        p.contains(&"Associated Press".into()) && p.contains(&"Arab News".into()),
        "Bamako: {p:?}"
    );

    let mut same_day: Vec<&str> = incs
        .iter()
        .filter(|i| i["date"] == "2022-07-27")
        .filter_map(|i| i["place"]["name"].as_str())
        .collect();
    same_day.sort();
    for place in ["Kaloumba", "Mopti", "Sokolo"] {
        assert_eq!(
            same_day.iter().filter(|p| **p == place).count(),
            1,
            "one {place} incident: {same_day:?}"
        );
    }
    let ids: Vec<&str> = incs
        .iter()
        .filter(|i| i["date"] == "2022-07-27")
        .filter_map(|i| i["id"].as_str())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "three incidents, three ids");
}

#[test]
fn the_bamako_page_shows_every_toll_with_its_source_and_the_conservative_best() {
    let (_, out) = example();
    let incs = incidents(out);
    let bko = at(&incs, "2024-09-17", "Bamako");
    let bko = bko.first().expect("Bamako incident");
    assert_eq!(
        bko["fatalities"]["best"], 70,
        "best is the most conservative figure stated"
    );
    assert_eq!(bko["fatalities"]["low"], 70);
    assert!(bko["fatalities"]["high"].as_u64().is_some_and(|h| h >= 100));
    let id = bko["id"].as_str().expect("id");
    let html = std::fs::read_to_string(out.join(format!("incidents/{id}.html"))).expect("page");
    // "Who reported what": one row per source, each figure as stated, each cited.
    let table = html
        .split("<table class=\"reports\">")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("who reported what table");
    let arab = table
        .split("<tr>")
        .find(|row| row.contains("Arab News"))
        .expect("Arab News row");
    for stated in ["70</span>", ">77</span>", "about 100</span>"] {
        assert!(
            arab.contains(stated),
            "Arab News row lacks {stated}: {arab}"
        );
    }
    assert!(
        arab.matches("class=\"cite\"").count() >= 3,
        "each figure is cited: {arab}"
    );
    assert!(table.contains("Associated Press"), "AP has its row");
    // The best estimate cell is 70 and cites the sentence that states it.
    let best = html
        .split("<td class=\"num best\">")
        .nth(1)
        .expect("best cell");
    assert!(
        best.starts_with("<span class=\"value\">70</span><sup class=\"cite\"><a href="),
        "{}",
        &best[..best.len().min(200)]
    );
    assert!(html.contains("Sources disagree. Best is the most conservative figure stated"));
}

#[test]
fn check_lists_conflicting_tolls_and_keeps_its_summary() {
    let (dir, _) = example();
    let report = briefing::cli::check_report(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let line = report
        .lines()
        .find(|l| l.starts_with("review: conflicting tolls: 2024-09-17-bamako"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(line.contains("Arab News") && line.contains("77"), "{line}");
    // Figures of different sides in one report (soldiers and attackers) are not a dispute.
    assert!(
        !report.contains("conflicting tolls: 2022-07-27-sokolo"),
        "{report}"
    );
    assert!(
        report
            .lines()
            .last()
            .is_some_and(|l| l.contains("articles,") && l.contains("incidents")),
        "{report}"
    );
}
