//! Analyst overrides (`content/incidents/<id>.md`) on a copy of the example briefing: a field
//! override, a merge, an exclusion, and the errors an analyst can make. Each is checked in
//! the built pages and in `data/incidents.json`.
//!
//! Incident ids are looked up in a build without overrides (by date and place), so these
//! tests follow extraction as it improves instead of hard-coding today's ids.

use briefing::build::{BuildOptions, build};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary site: the repository's articles and config, plus `overrides`
/// (file name in `content/incidents/` → content).
fn site(overrides: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let articles = dir.path().join("content/articles");
    std::fs::create_dir_all(&articles).expect("mkdir");
    for entry in std::fs::read_dir(repo().join("content/articles")).expect("articles") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), articles.join(entry.file_name())).expect("copy article");
    }
    std::fs::copy(repo().join("config.toml"), dir.path().join("config.toml")).expect("copy config");
    if !overrides.is_empty() {
        let inc = dir.path().join("content/incidents");
        std::fs::create_dir_all(&inc).expect("mkdir");
        for (name, text) in overrides {
            std::fs::write(inc.join(name), text).expect("write override");
        }
    }
    dir
}

fn build_site(root: &Path) -> Result<PathBuf, String> {
    let out = root.join("public");
    build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        base_url: None,
    })
    .map_err(|e| e.to_string())?;
    Ok(out)
}

fn incidents(out: &Path) -> Vec<Value> {
    let text =
        std::fs::read_to_string(out.join("data/incidents.json")).expect("data/incidents.json");
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    v["incidents"].as_array().expect("incidents").clone()
}

fn page(out: &Path, id: &str) -> String {
    std::fs::read_to_string(out.join(format!("incidents/{id}.html")))
        .unwrap_or_else(|e| panic!("page of {id}: {e}"))
}

/// The incidents of the example briefing without overrides (built once).
fn baseline() -> &'static Vec<Value> {
    static B: OnceLock<Vec<Value>> = OnceLock::new();
    B.get_or_init(|| {
        let dir = site(&[]);
        let out = build_site(dir.path()).expect("baseline build");
        incidents(&out)
    })
}

/// Id of the baseline incident on `date` (a prefix) whose place is `place` (any if `None`).
fn id_of(date: &str, place: Option<&str>) -> String {
    baseline()
        .iter()
        .find(|i| {
            i["date"].as_str().is_some_and(|d| d.starts_with(date))
                && place.is_none_or(|p| i["place"]["name"] == p)
        })
        .and_then(|i| i["id"].as_str())
        .unwrap_or_else(|| panic!("no incident on {date} at {place:?}"))
        .to_string()
}

fn find<'a>(incs: &'a [Value], id: &str) -> &'a Value {
    incs.iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn articles_of(i: &Value) -> Vec<String> {
    i["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["article"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_field_override_replaces_the_value_and_keeps_the_extraction_visible() {
    let zan = id_of("2022-07-14", Some("Zantiguila"));
    let before = find(baseline(), &zan).clone();
    let text = "+++\nfatalities = { low = 6, best = 7, high = 8 }\nplace = \"Ségou\"\n+++\nLocal officials later gave a toll of *seven*.\n\n<img src=x onerror=alert(1)>Tolls: 6 < 7 & rising.\n";
    let dir = site(&[(&format!("{zan}.md"), text)]);
    let out = build_site(dir.path()).expect("build");
    let incs = incidents(&out);
    assert_eq!(incs.len(), baseline().len());
    let z = find(&incs, &zan);
    assert_eq!(
        (
            z["fatalities"]["low"].as_u64(),
            z["fatalities"]["best"].as_u64(),
            z["fatalities"]["high"].as_u64()
        ),
        (Some(6), Some(7), Some(8))
    );
    assert_eq!(z["place"]["name"], "Ségou");
    assert_eq!(z["place"]["country"], "ML");
    assert_eq!(z["overridden"], serde_json::json!(["place", "fatalities"]));
    assert_eq!(
        z["analyst_note"],
        "Local officials later gave a toll of seven.\n\nTolls: 6 < 7 & rising."
    );
    assert_eq!(z["merged_from"], serde_json::json!([]));
    assert_eq!(
        articles_of(z),
        articles_of(&before),
        "an override does not change the sources"
    );
    // Incidents without an override carry the added fields too, empty.
    let other = incs
        .iter()
        .find(|i| i["id"] != zan.as_str())
        .expect("another incident");
    assert_eq!(other["overridden"], serde_json::json!([]));
    assert!(other["analyst_note"].is_null());

    let html = page(&out, &zan);
    assert!(html.contains("badge analyst"), "analyst badge");
    let best = before["fatalities"]["best"]
        .as_u64()
        .expect("extracted best");
    assert!(
        html.contains(&format!("Killed, extracted: {best}")),
        "the extracted toll stays visible"
    );
    assert!(
        html.contains("extracted: Zantiguila"),
        "the extracted place stays visible"
    );
    assert!(
        html.contains("Analyst’s note")
            && html.contains("Local officials later gave a toll of seven.")
    );
    // The note is untrusted text: raw HTML is dropped, the rest escaped.
    assert!(
        !html.contains("<img") && !html.contains("onerror"),
        "raw HTML from a note"
    );
    assert!(
        html.contains("Tolls: 6 &lt; 7 &amp; rising."),
        "note text is escaped"
    );
    assert!(html.contains("Corrected by an analyst: Location, Killed"));
}

#[test]
fn a_merge_folds_one_incident_into_another() {
    let police = id_of("2022-06-24", None);
    let zan = id_of("2022-07-14", Some("Zantiguila"));
    let text = format!("---\nmerge_into: {zan}\n---\nThe background mention is the same attack.\n");
    let dir = site(&[(&format!("{police}.md"), text.as_str())]);
    let out = build_site(dir.path()).expect("build");
    let incs = incidents(&out);
    assert_eq!(incs.len(), baseline().len() - 1, "one fewer incident");
    assert!(incs.iter().all(|i| i["id"] != police.as_str()));
    assert!(
        !out.join(format!("incidents/{police}.html")).exists(),
        "the merged incident has no page"
    );
    let z = find(&incs, &zan);
    let mut expected: Vec<String> = articles_of(find(baseline(), &zan));
    expected.extend(articles_of(find(baseline(), &police)));
    expected.sort();
    expected.dedup();
    let mut got = articles_of(z);
    got.sort();
    assert_eq!(got, expected, "sources combined, one entry per article");
    assert_eq!(z["merged_from"], serde_json::json!([police]));
    // Estimates are recomputed from the combined reports: the low end covers both tolls.
    let low_before = find(baseline(), &police)["fatalities"]["low"].as_u64();
    if let Some(low) = low_before {
        assert!(z["fatalities"]["low"].as_u64().is_some_and(|l| l <= low));
    }
    let html = page(&out, &zan);
    assert!(
        html.contains("Merged into this incident by an analyst")
            && html.contains(&format!("<code>{police}</code>"))
    );
    assert!(
        html.contains("Sources disagree"),
        "the two dates are shown as a conflict"
    );
    assert!(html.contains("The background mention is the same attack."));
}

#[test]
fn an_exclusion_drops_the_incident() {
    let tin = id_of("2024-07", None);
    let dir = site(&[(
        &format!("{tin}.md"),
        "+++\nexclude = true\n+++\nA background mention, outside the briefing's area.\n",
    )]);
    let out = build_site(dir.path()).expect("build");
    let incs = incidents(&out);
    assert_eq!(incs.len(), baseline().len() - 1);
    assert!(incs.iter().all(|i| i["id"] != tin.as_str()));
    assert!(!out.join(format!("incidents/{tin}.html")).exists());
    let chronology = std::fs::read_to_string(out.join("chronology.html")).expect("chronology");
    assert!(!chronology.contains(&format!("{tin}.html")));
}

/// Every file of a folder with its bytes.
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

#[test]
fn an_unknown_id_is_an_error_naming_the_file_and_the_nearest_id() {
    let zan = id_of("2022-07-14", Some("Zantiguila"));
    // One letter off.
    let typo = zan.replacen("zantiguila", "zantigila", 1);
    let dir = site(&[]);
    let out = build_site(dir.path()).expect("first build");
    let before = snapshot(&out);
    let inc = dir.path().join("content/incidents");
    std::fs::create_dir_all(&inc).expect("mkdir");
    std::fs::write(inc.join(format!("{typo}.md")), "+++\nfatalities = 7\n+++\n").expect("write");
    let err = build_site(dir.path()).expect_err("an unknown id fails the build");
    assert!(
        err.contains(&format!("content/incidents/{typo}.md")),
        "{err}"
    );
    assert!(
        err.contains(&format!("no incident has the id `{typo}`")),
        "{err}"
    );
    assert!(
        err.contains(&format!("nearest ids: {zan}")),
        "the nearest id comes first: {err}"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "a failed build leaves public/ untouched"
    );

    // An unknown `merge_into` target points at its line.
    std::fs::remove_file(inc.join(format!("{typo}.md"))).expect("rm");
    std::fs::write(
        inc.join(format!("{zan}.md")),
        "+++\n# folded\nmerge_into = \"2022-07-22-katy\"\n+++\n",
    )
    .expect("write");
    let err = build_site(dir.path()).expect_err("unknown merge target");
    assert!(
        err.contains(&format!("content/incidents/{zan}.md:3:")) && err.contains("2022-07-22-katy"),
        "{err}"
    );
}

#[test]
fn an_unknown_key_names_the_nearest_known_one() {
    let zan = id_of("2022-07-14", Some("Zantiguila"));
    let dir = site(&[(
        &format!("{zan}.md"),
        "+++\nplace = \"Kati\"\nperpetrator = [\"JNIM\"]\n+++\n",
    )]);
    let err = build_site(dir.path()).expect_err("unknown key");
    assert!(
        err.contains(&format!("content/incidents/{zan}.md:3:")),
        "{err}"
    );
    assert!(
        err.contains("unknown key `perpetrator`") && err.contains("did you mean `perpetrators`"),
        "{err}"
    );
}

#[test]
fn malformed_front_matter_is_reported_with_its_line_and_every_file_is_checked() {
    let zan = id_of("2022-07-14", Some("Zantiguila"));
    let bko = id_of("2024-09-17", Some("Bamako"));
    let dir = site(&[
        // Line 4 is not TOML.
        (
            &format!("{zan}.md"),
            "+++\nfatalities = 7\n\nwounded = two\n+++\n",
        ),
        // YAML with an invalid event type, and a sub-event type of the wrong event type.
        (
            &format!("{bko}.md"),
            "---\nevent_type: Battles\nsub_event_type: Suicide bomb\n---\n",
        ),
        // A fence that never closes.
        ("2022-07-27-sokolo.md", "\n+++\nexclude = true\n"),
    ]);
    let err = build_site(dir.path()).expect_err("malformed");
    assert!(
        err.contains(&format!("content/incidents/{zan}.md:4:")) && err.contains("invalid TOML"),
        "{err}"
    );
    assert!(
        err.contains(&format!("content/incidents/{bko}.md:3:"))
            && err.contains("belongs to \"Explosions/Remote violence\""),
        "{err}"
    );
    assert!(
        err.contains("content/incidents/2022-07-27-sokolo.md:2:") && err.contains("never closed"),
        "{err}"
    );
}
