//! Rendering and writing a whole site from hand-built fixtures: the Zantiguila checkpoint
//! attack (one source, with a background incident), and the Bamako attack of 2024-09-17
//! reported by two sources with conflicting tolls.
//!
//! Set `BRIEFING_PREVIEW=/tmp/site-preview` to also write the fixture site there for a look.

use briefing::config::Config;
use briefing::model::*;
use briefing::output::{check_output_against_root, write_atomic};
use briefing::site::{Page, SiteData, render};
use chrono::NaiveDate;
use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// ------------------------------------------------------------------ fixtures

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid fixture date")
}

/// An article from paragraphs of `(sentence, boilerplate)`: sentences are joined by a
/// space, paragraphs by a blank line, and spans computed as the loader would.
fn article(id: &str, meta: ArticleMeta, paragraphs: &[&[(&str, bool)]]) -> Article {
    let mut text = String::new();
    let mut paras = Vec::new();
    let mut sentences = Vec::new();
    for (pi, para) in paragraphs.iter().enumerate() {
        if pi > 0 {
            text.push_str("\n\n");
        }
        let pstart = text.len();
        for (si, (s, boilerplate)) in para.iter().enumerate() {
            if si > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(s);
            sentences.push(Sentence {
                number: sentences.len() as u32 + 1,
                span: Span::new(start, text.len()),
                paragraph: pi as u32,
                boilerplate: *boilerplate,
            });
        }
        paras.push(Span::new(pstart, text.len()));
    }
    Article {
        id: id.into(),
        path: PathBuf::from(format!("content/articles/{id}.md")),
        meta,
        text,
        paragraphs: paras,
        sentences,
        warnings: Vec::new(),
    }
}

fn meta(title: &str, publisher: &str, published: NaiveDate, url: Option<&str>) -> ArticleMeta {
    ArticleMeta {
        title: title.into(),
        published: Some(published),
        publisher: Some(publisher.into()),
        url: url.map(str::to_string),
        author: None,
        via: None,
        language: Some("en".into()),
    }
}

fn cited<T>(value: T, sentence: usize) -> Cited<T> {
    Cited { value, sentence }
}

fn s(v: &str, sentence: usize) -> Cited<String> {
    cited(v.to_string(), sentence)
}

fn mention(article: &str, headline: bool) -> Mention {
    Mention {
        article: article.into(),
        headline,
        date: None,
        place: None,
        event_type: None,
        sub_event_type: None,
        perpetrators: Vec::new(),
        claimed_by: Vec::new(),
        targets: Vec::new(),
        figures: Vec::new(),
        sentences: Vec::new(),
    }
}

fn figure(kind: CasualtyKind, total: Quantity, sentence: usize) -> Figure {
    Figure {
        kind,
        total,
        parts: Vec::new(),
        group: Group::Unspecified,
        attribution: None,
        sentence,
        role: Default::default(),
    }
}

fn q(n: u32, qualifier: Qualifier) -> Quantity {
    Quantity {
        low: n,
        high: n,
        qualifier,
    }
}

fn place(name: &str, admin1: &str, lat: f64, lon: f64, geo: u8, phrase: &str) -> PlaceValue {
    PlaceValue {
        name: name.into(),
        admin1: Some(admin1.into()),
        country: Some("ML".into()),
        lat: Some(lat),
        lon: Some(lon),
        geo_precision: geo,
        distance_km: None,
        phrase: phrase.into(),
    }
}

const AJ: &str = "2022-07-16-six-killed-near-bamako";
const AP: &str = "2024-09-17-bamako-gendarme-school-attacked";
const AN: &str = "2024-09-19-bamako-attack-over-70-dead";

fn articles() -> Vec<Article> {
    let mut aj_meta = meta(
        "Six people killed in rare attack near Malian capital Bamako",
        "Al Jazeera",
        date(2022, 7, 16),
        Some(
            "https://www.aljazeera.com/news/2022/7/16/six-people-killed-in-rare-attack-near-malian-capital-bamako",
        ),
    );
    aj_meta.via = Some("News agencies".into());
    let aj = article(
        AJ,
        aj_meta,
        &[
            &[(
                "Three of the people killed were members of security forces and three were civilians, security ministry says.",
                false,
            )],
            &[("Mali map showing Bamako", true)],
            &[(
                "Six people have been killed in Mali, including two gendarmes and a police officer, in a rare attack near its capital Bamako, the security ministry has said.",
                false,
            )],
            &[
                (
                    "The landlocked country in the heart of the Sahel is facing an continuing political and security crisis, particularly in its volatile northern and central regions, where an armed uprising has raged since 2012.",
                    false,
                ),
                (
                    "But the violence rarely reaches Bamako, in Mali’s southwest.",
                    false,
                ),
            ],
            &[(
                "On Thursday night, about 70km (43 miles) from the capital, an attack took place “at the checkpoint of Zantiguila, on the road to the central city of Segou”, the security ministry said on Friday evening.",
                false,
            )],
            &[(
                "The attack was carried out “by as yet unidentified armed individuals”, leaving three civilians and three law enforcement officers dead, and wounding two others, it said.",
                false,
            )],
            &[(
                "A police station on the same road was ambushed by “unidentified armed individuals” on June 24, killing one officer, authorities had said.",
                false,
            )],
            &[
                (
                    "Mali has struggled to stem violence that took root after a 2012 coup and has since spread from the West African country’s arid north into neighbouring countries.",
                    false,
                ),
                (
                    "Thousands have died and millions have been displaced across the Sahel region.",
                    false,
                ),
            ],
            &[("Source: News Agencies", true)],
        ],
    );
    let ap = article(
        AP,
        meta(
            "Military training camp in Bamako attacked",
            "Associated Press",
            date(2024, 9, 17),
            Some("https://apnews.com/article/mali-bamako-attack-gendarme-school"),
        ),
        &[
            &[
                (
                    "A military training camp in Bamako, Mali’s capital, was targeted by an attack early Tuesday, according to the army.",
                    false,
                ),
                (
                    "Col. Marima Sagara, deputy director of the army’s communications service, confirmed the assault on the gendarme training school located on the outskirts of the city but provided no additional details.",
                    false,
                ),
                (
                    "An Associated Press reporter at the scene reported hearing two explosions and witnessing smoke rising in the distance.",
                    false,
                ),
            ],
            &[
                (
                    "The identity of the attackers, their number, and whether the situation is under control remain unclear at this time.",
                    false,
                ),
                (
                    "Mali, along with its neighboring countries Burkina Faso and Niger, has been grappling with an insurgency involving armed groups, some of which are affiliated with al-Qaida and the Islamic State group.",
                    false,
                ),
            ],
            &[
                (
                    "Attacks in central and northern Mali have been escalating.",
                    false,
                ),
                (
                    "In July, a notable incident involved the death of approximately 50 Russian mercenaries who were ambushed by al-Qaida fighters.",
                    false,
                ),
                (
                    "Their convoy was forced to retreat into territory controlled by jihadi forces, resulting in the deadly ambush south of the commune of Tinzaouaten.",
                    false,
                ),
            ],
        ],
    );
    let an = article(
        AN,
        meta(
            "Militant Attack in Bamako Leaves Over 70 Dead and 200 Wounded",
            "Arab News",
            date(2024, 9, 19),
            Some("https://www.arabnews.com/node/2572811/world"),
        ),
        &[
            &[
                (
                    "A militant attack in Bamako, Mali, resulted in over 70 deaths and approximately 200 injuries, targeting a military facility.",
                    false,
                ),
                (
                    "The incident, claimed by JNIM, is a significant challenge to the ruling junta, marking the first such attack in years.",
                    false,
                ),
            ],
            &[
                (
                    "A militant assault in Bamako, the capital of Mali, has resulted in the deaths of over 70 people and left around 200 wounded, according to security sources.",
                    false,
                ),
                (
                    "Reports indicate that the attack, which occurred on Tuesday and targeted a military police training facility and a military airport, involved significant casualties.",
                    false,
                ),
                (
                    "An anonymous security source has confirmed that 77 individuals were killed and 255 were injured, although an internal confidential document suggested that the death toll may be approximately 100, naming 81 victims.",
                    false,
                ),
                (
                    "Mali’s military-led authorities have yet to provide an official count of the fatalities, but the attack has been attributed to JNIM, a militant group affiliated with Al-Qaeda.",
                    false,
                ),
            ],
            &[
                ("Original Source: www.arabnews.com", true),
                ("Post Comment", true),
            ],
        ],
    );
    vec![aj, ap, an]
}

fn incidents() -> Vec<Incident> {
    // Zantiguila, 2022-07-14: one source.
    let mut m = mention(AJ, true);
    m.date = Some(cited(DateValue::day(date(2022, 7, 14)), 6));
    let zantiguila = place(
        "Zantiguila",
        "Koulikoro",
        12.906,
        -7.511,
        2,
        "about 70km (43 miles) from the capital",
    );
    m.place = Some(cited(zantiguila.clone(), 6));
    m.event_type = Some(s("Battles", 7));
    m.sub_event_type = Some(s("Armed clash", 7));
    m.perpetrators = vec![s("Unidentified armed group", 7)];
    m.targets = vec![s("checkpoint", 6)];
    m.figures = vec![
        Figure {
            parts: vec![
                (Group::Civilians, Quantity::exact(3)),
                (Group::SecurityForces, Quantity::exact(3)),
            ],
            attribution: Some("the security ministry".into()),
            ..figure(CasualtyKind::Killed, Quantity::exact(6), 7)
        },
        figure(CasualtyKind::Wounded, Quantity::exact(2), 7),
        Figure {
            attribution: Some("the security ministry".into()),
            ..figure(CasualtyKind::Killed, Quantity::exact(6), 3)
        },
    ];
    m.sentences = vec![3, 6, 7];
    let zan = Incident {
        id: "2022-07-14-zantiguila".into(),
        title: "Six killed in attack on Zantiguila checkpoint".into(),
        summary: "Unidentified armed individuals attacked the Zantiguila checkpoint on the Bamako–Ségou road, about 70 km from the capital, killing three civilians and three members of the security forces and wounding two.".into(),
        date: Some(cited(DateValue::day(date(2022, 7, 14)), 6)),
        date_source: Some(AJ.into()),
        place: Some(cited(zantiguila.clone(), 6)),
        place_source: Some(AJ.into()),
        event_type: Some("Battles".into()),
        sub_event_type: Some("Armed clash".into()),
        perpetrators: vec!["Unidentified armed group".into()],
        claimed_by: Vec::new(),
        targets: vec!["checkpoint".into()],
        fatalities: Some(Estimate { low: 6, best: 6, high: 6 }),
        fatality_groups: vec![(Group::Civilians, 3), (Group::SecurityForces, 3)],
        wounded: Some(Estimate { low: 2, best: 2, high: 2 }),
        reports: vec![SourceReport { article: AJ.into(), mention: m.into() }],
        ..Default::default()
    };

    // Background: police station on the same road, 2022-06-24.
    let mut m = mention(AJ, false);
    m.date = Some(cited(DateValue::day(date(2022, 6, 24)), 8));
    let road = PlaceValue {
        phrase: "on the same road".into(),
        ..zantiguila
    };
    m.place = Some(cited(road.clone(), 8));
    m.perpetrators = vec![s("Unidentified armed group", 8)];
    m.targets = vec![s("police station", 8)];
    m.figures = vec![Figure {
        group: Group::SecurityForces,
        ..figure(CasualtyKind::Killed, Quantity::exact(1), 8)
    }];
    m.sentences = vec![8];
    let police = Incident {
        id: "2022-06-24-zantiguila".into(),
        title: "Police station ambushed on the Bamako–Ségou road".into(),
        summary: "A police station on the Bamako–Ségou road was ambushed by unidentified armed individuals, killing one officer.".into(),
        date: Some(cited(DateValue::day(date(2022, 6, 24)), 8)),
        date_source: Some(AJ.into()),
        place: Some(cited(road, 8)),
        place_source: Some(AJ.into()),
        event_type: None,
        sub_event_type: None,
        perpetrators: vec!["Unidentified armed group".into()],
        claimed_by: Vec::new(),
        targets: vec!["police station".into()],
        fatalities: Some(Estimate { low: 1, best: 1, high: 1 }),
        fatality_groups: vec![(Group::SecurityForces, 1)],
        wounded: None,
        reports: vec![SourceReport { article: AJ.into(), mention: m.into() }],
        ..Default::default()
    };

    // Bamako, 2024-09-17: two sources, conflicting tolls.
    let bamako = place(
        "Bamako",
        "Bamako",
        12.639,
        -8.003,
        1,
        "on the outskirts of the city",
    );
    let mut ap = mention(AP, true);
    ap.date = Some(cited(DateValue::day(date(2024, 9, 17)), 1));
    ap.place = Some(cited(bamako.clone(), 2));
    ap.targets = vec![s("gendarme training school", 2)];
    ap.sentences = vec![1, 2, 4];
    let mut an = mention(AN, true);
    an.date = Some(cited(DateValue::day(date(2024, 9, 17)), 4));
    an.place = Some(cited(bamako.clone(), 3));
    an.event_type = Some(s("Battles", 3));
    an.sub_event_type = Some(s("Armed clash", 3));
    an.perpetrators = vec![s("JNIM", 6)];
    an.claimed_by = vec![s("JNIM", 2)];
    an.targets = vec![s("military airport", 4)];
    an.figures = vec![
        Figure {
            attribution: Some("security sources".into()),
            ..figure(CasualtyKind::Killed, q(70, Qualifier::AtLeast), 3)
        },
        Figure {
            attribution: Some("security sources".into()),
            ..figure(CasualtyKind::Wounded, q(200, Qualifier::About), 3)
        },
        Figure {
            attribution: Some("an anonymous security source".into()),
            ..figure(CasualtyKind::Killed, Quantity::exact(77), 5)
        },
        Figure {
            attribution: Some("an anonymous security source".into()),
            ..figure(CasualtyKind::Wounded, Quantity::exact(255), 5)
        },
        Figure {
            attribution: Some("an internal confidential document".into()),
            ..figure(CasualtyKind::Killed, q(100, Qualifier::About), 5)
        },
    ];
    an.sentences = vec![3, 1];
    let bko = Incident {
        id: "2024-09-17-bamako".into(),
        title: "JNIM attack on gendarmerie school and military airport in Bamako".into(),
        summary: "JNIM fighters attacked a gendarmerie training school and the military airport in Bamako early on Tuesday. Sources give at least 70 and up to about 100 killed, and 200 to 255 wounded.".into(),
        date: Some(cited(DateValue::day(date(2024, 9, 17)), 1)),
        date_source: Some(AP.into()),
        place: Some(cited(bamako, 2)),
        place_source: Some(AP.into()),
        event_type: Some("Battles".into()),
        sub_event_type: Some("Armed clash".into()),
        perpetrators: vec!["JNIM".into()],
        claimed_by: vec!["JNIM".into()],
        targets: vec!["gendarme training school".into(), "military airport".into()],
        fatalities: Some(Estimate { low: 70, best: 70, high: 100 }),
        fatality_groups: Vec::new(),
        wounded: Some(Estimate { low: 200, best: 200, high: 255 }),
        reports: vec![
            SourceReport { article: AP.into(), mention: ap.into() },
            SourceReport { article: AN.into(), mention: an.into() },
        ],
        ..Default::default()
    };

    // Background: Tinzaouaten ambush, July 2024 (month precision).
    let mut m = mention(AP, false);
    let july = DateValue {
        date: date(2024, 7, 1),
        end: Some(date(2024, 7, 31)),
        precision: DatePrecision::Month,
    };
    m.date = Some(cited(july, 7));
    let tin = place(
        "Tinzaouaten",
        "Kidal",
        19.95,
        2.92,
        2,
        "south of the commune of Tinzaouaten",
    );
    m.place = Some(cited(tin.clone(), 8));
    m.perpetrators = vec![s("al-Qaida fighters", 7)];
    m.targets = vec![s("convoy of Russian mercenaries", 7)];
    m.figures = vec![Figure {
        group: Group::ForeignForces,
        ..figure(CasualtyKind::Killed, q(50, Qualifier::About), 7)
    }];
    m.sentences = vec![7, 8];
    let tinz = Incident {
        id: "2024-07-tinzaouaten".into(),
        title: "Russian mercenary convoy ambushed near Tinzaouaten".into(),
        summary: "About 50 Russian mercenaries were killed when their convoy was ambushed by al-Qaida fighters south of Tinzaouaten.".into(),
        date: Some(cited(july, 7)),
        date_source: Some(AP.into()),
        place: Some(cited(tin, 8)),
        place_source: Some(AP.into()),
        event_type: None,
        sub_event_type: None,
        perpetrators: vec!["al-Qaida fighters".into()],
        claimed_by: Vec::new(),
        targets: vec!["convoy of Russian mercenaries".into()],
        fatalities: Some(Estimate { low: 50, best: 50, high: 50 }),
        fatality_groups: vec![(Group::ForeignForces, 50)],
        wounded: None,
        reports: vec![SourceReport { article: AP.into(), mention: m.into() }],
        ..Default::default()
    };
    // Deliberately out of order: rendering sorts.
    vec![bko, zan, tinz, police]
}

fn config() -> Config {
    Config {
        title: "Mali security briefing".into(),
        description: Some("Attacks in and around Bamako reported in the international press, with every figure cited to its source sentence.".into()),
        base_url: "https://example.org/briefing/".into(),
        organisation: Some("Sahel Analysis Unit".into()),
        ..Config::default()
    }
}

/// The site of the fixture, as the renderer takes it.
fn site_data<'a>(
    config: &'a Config,
    articles: &'a [Article],
    incidents: &'a [Incident],
) -> SiteData<'a> {
    SiteData {
        config,
        articles,
        incidents,
        generator: "briefing 0.1.0".into(),
    }
}

fn render_fixture(
    config: &Config,
    articles: &[Article],
    incidents: &[Incident],
    root: &Path,
) -> Vec<Page> {
    match render(&site_data(config, articles, incidents), root) {
        Ok(p) => p,
        Err(e) => panic!("render failed:\n{e}"),
    }
}

fn empty_root() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Every file under `dir`, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(e.path()).expect("read"));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

// ------------------------------------------------------------------ tests

#[test]
fn renders_every_page_and_links_resolve() {
    let root = empty_root();
    let (cfg, arts, incs) = (config(), articles(), incidents());
    let pages = render_fixture(&cfg, &arts, &incs, root.path());
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    write_atomic(&out, &pages).expect("write");
    if let Ok(preview) = std::env::var("BRIEFING_PREVIEW") {
        write_atomic(Path::new(&preview), &pages).expect("write preview");
    }

    for p in [
        "index.html",
        "chronology.html",
        "sources.html",
        "404.html",
        ".nojekyll",
        "static/style.css",
        "data/incidents.json",
        "incidents/2022-07-14-zantiguila.html",
        "incidents/2022-06-24-zantiguila.html",
        "incidents/2024-07-tinzaouaten.html",
        "incidents/2024-09-17-bamako.html",
        &format!("sources/{AJ}.html"),
        &format!("sources/{AP}.html"),
        &format!("sources/{AN}.html"),
    ] {
        assert!(out.join(p).is_file(), "missing {p}");
    }

    let files = snapshot(&out);
    let link = Regex::new(r#"(?:href|src)="([^"]*)""#).expect("regex");
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).expect("utf-8 page");
        assert!(html.contains("Generated by briefing"), "{path}: footer");
        let dir = Path::new(path).parent().unwrap_or(Path::new(""));
        for cap in link.captures_iter(&html) {
            let href = html_unescape(&cap[1]);
            if href.starts_with("http://")
                || href.starts_with("https://")
                || href.starts_with("mailto:")
            {
                continue;
            }
            assert!(
                !href.starts_with('/'),
                "{path}: absolute internal link {href}"
            );
            let (file, frag) = match href.split_once('#') {
                Some((f, fr)) => (f.to_string(), Some(fr.to_string())),
                None => (href.clone(), None),
            };
            let target_rel = if file.is_empty() {
                PathBuf::from(path)
            } else {
                let mut t = dir.to_path_buf();
                for seg in percent_decode(&file).split('/') {
                    match seg {
                        ".." => assert!(t.pop(), "{path}: link {href} leaves the site"),
                        "." | "" => {}
                        s => t.push(s),
                    }
                }
                t
            };
            let key = target_rel.to_string_lossy().replace('\\', "/");
            let target = files
                .get(&key)
                .unwrap_or_else(|| panic!("{path}: broken link {href} ({key})"));
            if let Some(frag) = frag {
                let text = String::from_utf8_lossy(target);
                assert!(
                    text.contains(&format!("id=\"{frag}\"")),
                    "{path}: {href}: no #{frag} in {key}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");

    // Cited sentences: the Bamako page cites Arab News sentence 5 (77 killed) and the
    // source page marks it cited with a link back.
    let bko = String::from_utf8_lossy(&files["incidents/2024-09-17-bamako.html"]).into_owned();
    assert!(bko.contains(&format!("../sources/{AN}.html#s5")));
    assert!(bko.contains("at least 70"), "qualifier shown");
    assert!(bko.contains("Associated Press") && bko.contains("Arab News"));
    let an_page = String::from_utf8_lossy(&files[&format!("sources/{AN}.html")]).into_owned();
    assert!(
        an_page.contains(r#"<span id="s5" class="cited">"#),
        "cited class"
    );
    assert!(
        an_page.contains(r#"<span id="s8" class="boilerplate">"#),
        "boilerplate class"
    );
    // A sentence starts with its number linking to itself, named for screen readers.
    assert!(
        an_page.contains(
            r##"<span id="s7" class="boilerplate"><a href="#s7" aria-label="Sentence 7">7</a>"##
        ),
        "sentence number link"
    );
    // Each citation names its source and sentence; the sentence is quoted once, under
    // Evidence, with the same number.
    assert!(
        bko.contains(r#"title="Arab News, sentence 5">"#),
        "short citation tooltip"
    );
    let quote = "77";
    let evidence = bko
        .split("<section class=\"evidence\"")
        .nth(1)
        .expect("evidence");
    assert!(evidence.contains("<blockquote>") && evidence.contains(quote));
    assert!(
        an_page.contains("../incidents/2024-09-17-bamako.html"),
        "link back"
    );
    // Every fact value on the Zantiguila page is cited.
    let zan = String::from_utf8_lossy(&files["incidents/2022-07-14-zantiguila.html"]).into_owned();
    let facts = zan
        .split("<table class=\"facts\">")
        .nth(1)
        .and_then(|s| s.split("</table>").next())
        .expect("facts table");
    assert_eq!(
        facts.matches("class=\"value\"").count(),
        facts.matches("<sup class=\"cite\">").count()
    );
    assert!(zan.contains(r#"<link rel="canonical" href="https://example.org/briefing/incidents/2022-07-14-zantiguila.html">"#));
}

#[test]
fn incidents_json_matches_the_contract() {
    let root = empty_root();
    let (cfg, arts, incs) = (config(), articles(), incidents());
    let pages = render_fixture(&cfg, &arts, &incs, root.path());
    let json = pages
        .iter()
        .find(|p| p.path == "data/incidents.json")
        .expect("json page");
    let text = std::str::from_utf8(&json.bytes).expect("utf-8");
    assert!(text.ends_with("}\n"), "trailing newline");
    let v: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    assert_eq!(v["generator"], "briefing 0.1.0");
    let list = v["incidents"].as_array().expect("incidents array");
    // One incident per line (a one-line diff per changed incident): the lines between the
    // opening and the closing one are the incidents, each a JSON object of its own.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), list.len() + 2, "{text}");
    for (line, inc) in lines[1..=list.len()].iter().zip(list) {
        let one: serde_json::Value =
            serde_json::from_str(line.trim_end_matches(',')).expect("an incident per line");
        assert_eq!(&one, inc);
    }
    let ids: Vec<&str> = list.iter().filter_map(|i| i["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "2022-06-24-zantiguila",
            "2022-07-14-zantiguila",
            "2024-07-tinzaouaten",
            "2024-09-17-bamako"
        ]
    );

    let z = &list[1];
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
        assert!(z.get(key).is_some(), "missing key {key}");
    }
    // Stable field order, as in the design.
    let first = text.find("\"2022-07-14-zantiguila\"").expect("id");
    let order: Vec<usize> = [
        "\"url\"",
        "\"title\"",
        "\"summary\"",
        "\"date\"",
        "\"date_end\"",
        "\"place\"",
        "\"fatalities\"",
        "\"wounded\"",
        "\"sources\"",
    ]
    .iter()
    .map(|k| first + text[first..].find(k).expect("key"))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "field order");

    assert_eq!(z["url"], "incidents/2022-07-14-zantiguila.html");
    assert_eq!(z["date"], "2022-07-14");
    assert!(z["date_end"].is_null());
    assert_eq!(z["date_precision"], "day");
    assert_eq!(z["place"]["name"], "Zantiguila");
    assert_eq!(z["place"]["admin1"], "Koulikoro");
    assert_eq!(z["place"]["country"], "ML");
    assert_eq!(z["place"]["geo_precision"], 2);
    assert!(z["place"]["lat"].is_f64());
    assert_eq!(z["claimed_by"], serde_json::json!([]));
    assert_eq!(z["fatalities"]["low"], 6);
    assert_eq!(z["fatalities"]["best"], 6);
    assert_eq!(z["fatalities"]["high"], 6);
    assert_eq!(z["fatalities"]["groups"]["civilians"], 3);
    assert_eq!(z["fatalities"]["groups"]["security_forces"], 3);
    assert!(
        z["fatalities"]["groups"]["assailants"].is_null(),
        "not stated is null, never 0"
    );
    assert_eq!(z["wounded"]["best"], 2);
    let src = &z["sources"][0];
    assert_eq!(src["article"], AJ);
    assert_eq!(src["publisher"], "Al Jazeera");
    assert_eq!(src["published"], "2022-07-16");
    let ev = src["evidence"].as_array().expect("evidence");
    assert!(ev.iter().any(|e| e["field"] == "fatalities"
        && e["sentence"] == 7
        && e["text"].as_str().is_some_and(|t| {
            t.contains("three civilians and three law enforcement officers dead")
        })));

    let t = &list[2];
    assert_eq!(t["date"], "2024-07-01");
    assert_eq!(t["date_end"], "2024-07-31");
    assert_eq!(t["date_precision"], "month");
    assert!(t["event_type"].is_null());
    assert!(
        t["wounded"]["low"].is_null()
            && t["wounded"]["best"].is_null()
            && t["wounded"]["high"].is_null()
    );
    assert_eq!(t["fatalities"]["groups"]["foreign_forces"], 50);

    let b = &list[3];
    assert_eq!(b["fatalities"]["low"], 70);
    assert_eq!(b["fatalities"]["best"], 70);
    assert_eq!(b["fatalities"]["high"], 100);
    assert!(b["fatalities"]["groups"]["civilians"].is_null());
    assert_eq!(b["wounded"]["high"], 255);
    assert_eq!(b["claimed_by"], serde_json::json!(["JNIM"]));
    let pubs: Vec<&str> = b["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["publisher"].as_str())
        .collect();
    assert_eq!(pubs, ["Associated Press", "Arab News"]);
}

#[test]
fn hostile_text_is_escaped() {
    let root = empty_root();
    let cfg = Config {
        title: "Brief <b>\"x\"</b>".into(),
        ..config()
    };
    let mut arts = articles();
    arts[2].meta.title = "<script>alert(1)</script> \"quoted\" & more".into();
    arts[2].meta.publisher = Some("Evil\" onmouseover=\"alert(2)".into());
    arts[2].meta.url = Some("javascript:alert(3)".into());
    arts[2].text = arts[2]
        .text
        .replacen("A militant attack", "<img src=x onerror=alert(4)>", 1);
    // Keep the span valid: rebuild from scratch is overkill; only check no raw markup leaks.
    let mut incs = incidents();
    incs[0].title = "<script>alert(5)</script>".into();
    let pages = render_fixture(&cfg, &arts, &incs, root.path());
    for p in pages.iter().filter(|p| p.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&p.bytes);
        assert!(!html.contains("<script>"), "{}: raw script tag", p.path);
        assert!(
            !html.contains("onmouseover=\"alert"),
            "{}: attribute injection",
            p.path
        );
        assert!(
            !html.contains("<img src=x"),
            "{}: raw markup from article text",
            p.path
        );
        assert!(
            !html.contains("href=\"javascript:"),
            "{}: javascript url",
            p.path
        );
        assert!(!html.contains("<b>\"x\"</b>"), "{}: site title", p.path);
    }
    let src = pages
        .iter()
        .find(|p| p.path == format!("sources/{AN}.html"))
        .expect("page");
    let html = String::from_utf8_lossy(&src.bytes);
    assert!(
        html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more")
    );
    let json = pages
        .iter()
        .find(|p| p.path == "data/incidents.json")
        .expect("json");
    let v: serde_json::Value =
        serde_json::from_slice(&json.bytes).expect("valid JSON with hostile text");
    assert_eq!(v["incidents"][3]["title"], "<script>alert(5)</script>");
}

#[test]
fn site_templates_and_static_override_the_defaults() {
    let root = empty_root();
    std::fs::create_dir_all(root.path().join("templates")).expect("mkdir");
    std::fs::create_dir_all(root.path().join("static/img")).expect("mkdir");
    std::fs::write(
        root.path().join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<p>CUSTOM-404 for {{ site.title }}</p>{% endblock content %}",
    )
    .expect("write");
    std::fs::write(root.path().join("static/style.css"), "/* site style */\n").expect("write");
    std::fs::write(root.path().join("static/img/logo.svg"), "<svg/>").expect("write");
    let (cfg, arts, incs) = (config(), articles(), incidents());
    let pages = render_fixture(&cfg, &arts, &incs, root.path());
    let get = |p: &str| {
        pages
            .iter()
            .find(|x| x.path == p)
            .unwrap_or_else(|| panic!("missing {p}"))
    };
    let nf = String::from_utf8_lossy(&get("404.html").bytes).into_owned();
    assert!(nf.contains("CUSTOM-404 for Mali security briefing"));
    assert!(
        nf.contains("Generated by briefing"),
        "the override still extends the default base"
    );
    assert_eq!(get("static/style.css").bytes, b"/* site style */\n");
    assert_eq!(get("static/img/logo.svg").bytes, b"<svg/>");
}

#[test]
fn template_errors_name_the_template_and_line() {
    let root = empty_root();
    std::fs::create_dir_all(root.path().join("templates")).expect("mkdir");
    std::fs::write(
        root.path().join("templates/chronology.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ oops( }}\n{% endblock content %}\n",
    )
    .expect("write");
    let (cfg, arts, incs) = (config(), articles(), incidents());
    let data = site_data(&cfg, &arts, &incs);
    let err = render(&data, root.path())
        .expect_err("bad template")
        .to_string();
    assert!(err.contains("chronology.html"), "{err}");
    assert!(
        err.contains("chronology.html:3:10: template syntax"),
        "file:line:col in: {err}"
    );

    // A render-time error (unknown variable) names the template too.
    std::fs::write(
        root.path().join("templates/chronology.html"),
        "{% extends \"base.html\" %}{% block content %}{{ no_such_thing.x }}{% endblock content %}",
    )
    .expect("write");
    let err = render(&data, root.path())
        .expect_err("bad variable")
        .to_string();
    assert!(err.contains("chronology.html"), "{err}");
}

#[test]
fn failed_write_leaves_previous_output_intact() {
    let root = empty_root();
    let (cfg, arts, incs) = (config(), articles(), incidents());
    let pages = render_fixture(&cfg, &arts, &incs, root.path());
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    write_atomic(&out, &pages).expect("first write");
    let before = snapshot(&out);

    let mut bad = pages.clone();
    bad.push(Page {
        path: "../escape.html".into(),
        bytes: b"x".to_vec(),
    });
    assert!(write_atomic(&out, &bad).is_err(), "`..` refused");
    let mut bad = pages.clone();
    bad.push(Page {
        path: "/etc/evil.html".into(),
        bytes: b"x".to_vec(),
    });
    assert!(write_atomic(&out, &bad).is_err(), "absolute path refused");
    // A failure while writing (a file name longer than the file system allows).
    let mut bad = pages.clone();
    bad.push(Page {
        path: format!("incidents/{}.html", "x".repeat(300)),
        bytes: b"x".to_vec(),
    });
    assert!(write_atomic(&out, &bad).is_err(), "write error reported");

    assert_eq!(snapshot(&out), before, "previous output byte-identical");
    assert!(!tmp.path().join("escape.html").exists());
    let mut leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        vec![
            std::ffi::OsString::from(".public.manifest"),
            std::ffi::OsString::from("public")
        ],
        "no temp dirs left (the manifest of the good build stays)"
    );

    // A second good write replaces the output completely (stale files go).
    std::fs::write(out.join("stale.html"), "old").expect("write");
    write_atomic(&out, &pages).expect("rewrite");
    assert!(!out.join("stale.html").exists());
    assert_eq!(snapshot(&out), before);
}

#[test]
fn refuses_dangerous_output_directories() {
    let pages = vec![Page {
        path: "index.html".into(),
        bytes: b"x".to_vec(),
    }];
    assert!(write_atomic(Path::new(""), &pages).is_err());
    assert!(write_atomic(Path::new("/"), &pages).is_err());
    let site = tempfile::tempdir().expect("temp dir");
    std::fs::write(site.path().join("config.toml"), "title = \"x\"").expect("write");
    std::fs::create_dir_all(site.path().join("content/articles")).expect("mkdir");
    assert!(
        write_atomic(site.path(), &pages).is_err(),
        "site root refused"
    );
    assert!(site.path().join("config.toml").exists());
    assert!(check_output_against_root(site.path(), site.path()).is_err());
    assert!(check_output_against_root(&site.path().join(".."), site.path()).is_err());
    assert!(check_output_against_root(&site.path().join("public"), site.path()).is_ok());
    // A foreign non-empty directory is not replaced.
    let other = tempfile::tempdir().expect("temp dir");
    std::fs::write(other.path().join("thesis.tex"), "precious").expect("write");
    assert!(write_atomic(other.path(), &pages).is_err());
    assert!(other.path().join("thesis.tex").exists());
}

#[test]
fn output_is_deterministic() {
    let root = empty_root();
    let (cfg, arts, incs) = (config(), articles(), incidents());
    let a = render_fixture(&cfg, &arts, &incs, root.path());
    let mut incs_rev = incs.clone();
    incs_rev.reverse();
    let mut arts_rev = arts.clone();
    arts_rev.reverse();
    let b = render_fixture(&cfg, &arts_rev, &incs_rev, root.path());
    assert_eq!(a, b, "same input (in any order) gives the same pages");
    let tmp = tempfile::tempdir().expect("temp dir");
    write_atomic(&tmp.path().join("one"), &a).expect("write");
    write_atomic(&tmp.path().join("two"), &b).expect("write");
    assert_eq!(
        snapshot(&tmp.path().join("one")),
        snapshot(&tmp.path().join("two"))
    );
}

#[test]
fn empty_site_renders() {
    let root = empty_root();
    let cfg = Config::default();
    let pages = render_fixture(&cfg, &[], &[], root.path());
    let json = pages
        .iter()
        .find(|p| p.path == "data/incidents.json")
        .expect("json");
    let v: serde_json::Value = serde_json::from_slice(&json.bytes).expect("json");
    assert_eq!(v["incidents"], serde_json::json!([]));
    assert!(pages.iter().any(|p| p.path == "index.html"));
}

#[test]
fn bad_spans_do_not_panic() {
    let root = empty_root();
    let mut arts = articles();
    // A span inside a multi-byte character and one past the end.
    arts[0].sentences[4].span = Span::new(10_000, 10_010);
    let pos = arts[0].text.find('’').expect("curly quote") + 1;
    arts[0].sentences[3].span = Span::new(pos, pos + 5);
    let mut incs = incidents();
    std::sync::Arc::make_mut(&mut incs[1].reports[0].mention).figures[0].sentence = 999;
    let _ = render_fixture(&config(), &arts, &incs, root.path());
}

/// The long lists (chronology and its filter pages, place and actor pages, the overview's
/// latest incidents, the bibliography) are rendered an entry at a time by the `row-*.html`
/// templates, which a site can override like any other.
#[test]
fn row_templates_render_every_long_list_and_can_be_overridden() {
    let root = empty_root();
    let dir = root.path().join("templates");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).expect("write");
    write(
        "row-incident.html",
        "<tr class=\"mine\" data-i=\"{{ i.id }}\"><td>[{{ root }}]</td></tr>\n",
    );
    write(
        "row-chronology.html",
        "<li class=\"mine\" data-i=\"{{ i.id }}\">[{{ root }}] {{ i.title }}</li>\n",
    );
    write(
        "row-reference.html",
        "<li class=\"mine\" data-r=\"{{ r.id }}\">[{{ root }}] {{ r.title }}</li>\n",
    );
    let (cfg, arts, incs) = (config(), articles(), incidents());
    let pages = render_fixture(&cfg, &arts, &incs, root.path());
    let text = |p: &Page| String::from_utf8_lossy(&p.bytes).into_owned();
    let get = |path: &str| {
        text(
            pages
                .iter()
                .find(|p| p.path == path)
                .unwrap_or_else(|| panic!("missing {path}")),
        )
    };

    let chronology = get("chronology.html");
    for i in &incs {
        assert_eq!(
            chronology
                .matches(&format!("<li class=\"mine\" data-i=\"{}\">[] ", i.id))
                .count(),
            1,
            "{} once in the chronology",
            i.id
        );
    }
    let sources = get("sources.html");
    assert_eq!(sources.matches("<li class=\"mine\"").count(), arts.len());
    for a in &arts {
        assert!(
            sources.contains(&format!("<li class=\"mine\" data-r=\"{}\">[] ", a.id)),
            "{} in the bibliography",
            a.id
        );
    }
    assert!(
        get("index.html").contains("<tr class=\"mine\" data-i=\"")
            && get("index.html").contains("<td>[]</td>"),
        "the overview's latest incidents"
    );

    // One folder down, every list row links up with `../`, and every list page has rows.
    let mut lists = 0;
    for p in &pages {
        let in_lists = ["chronology/", "places/", "actors/"]
            .iter()
            .any(|d| p.path.starts_with(d));
        if !in_lists {
            continue;
        }
        lists += 1;
        let html = text(p);
        let rows = html.matches("class=\"mine\"").count();
        assert!(rows > 0, "{} has its rows", p.path);
        assert_eq!(html.matches("[../]").count(), rows, "{}", p.path);
        assert!(
            !html.contains("data-id="),
            "{}: no default row left",
            p.path
        );
    }
    assert!(
        lists >= 3,
        "chronology filter, place and actor pages: {lists}"
    );
}

/// An error in a row template (or in one of the print document's incident templates) names
/// that template and its line, whichever page hit it.
#[test]
fn row_template_errors_name_the_row_template_and_line() {
    let (cfg, arts, incs) = (config(), articles(), incidents());
    let data = site_data(&cfg, &arts, &incs);
    for name in [
        "row-incident.html",
        "row-chronology.html",
        "row-reference.html",
        "print-incident.html",
        "print-notes.html",
    ] {
        let root = empty_root();
        std::fs::create_dir_all(root.path().join("templates")).expect("mkdir");
        std::fs::write(
            root.path().join("templates").join(name),
            "<li>\n{{ no_such_thing.x }}</li>\n",
        )
        .expect("write");
        let err = render(&data, root.path())
            .expect_err("bad row template")
            .to_string();
        assert!(err.contains(&format!("{name}:2")), "{name}: {err}");
        assert!(err.contains("no_such_thing"), "{name}: {err}");
    }
}

/// The embedded page template `name` with `from` replaced by `to` (exactly once).
fn embedded_with(name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates")
            .join(name),
    )
    .expect("embedded template");
    assert_eq!(text.matches(from).count(), 1, "{name} prints `{from}` once");
    text.replace(from, to)
}

/// List pages are written with their rows streamed where the template prints them (see
/// `site::rows`). A page template that decides on its rows' content (here: prints them only
/// when they hold markup) sees the rows themselves, and the site is byte for byte the one
/// the embedded templates make.
#[test]
fn list_pages_are_the_same_whether_their_rows_are_streamed_or_not() {
    let (cfg, arts, incs) = (config(), articles(), incidents());
    let streamed = render_fixture(&cfg, &arts, &incs, empty_root().path());
    let root = empty_root();
    let dir = root.path().join("templates");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (name, rows) in [
        ("sources.html", "rows"),
        ("browse.html", "page.rows"),
        ("chronology.html", "mo.rows"),
    ] {
        let print = format!("{{{{ {rows} | safe }}}}");
        let guarded = format!("{{% if {rows} is containing(\"<\") %}}{print}{{% endif %}}");
        std::fs::write(dir.join(name), embedded_with(name, &print, &guarded)).expect("write");
    }
    let inline = render_fixture(&cfg, &arts, &incs, root.path());
    assert_eq!(streamed.len(), inline.len());
    let mut lists = 0;
    for (s, i) in streamed.iter().zip(&inline) {
        assert_eq!(s.path, i.path);
        assert!(s.bytes == i.bytes, "{} differs", s.path);
        lists += usize::from(s.path.starts_with("actors/") || s.path.starts_with("chronology/"));
        assert!(
            !String::from_utf8_lossy(&s.bytes).contains('\u{E000}'),
            "{}: a placeholder left",
            s.path
        );
    }
    assert!(lists >= 2, "streamed list pages in the fixture: {lists}");
}

/// A page template may print its rows escaped, twice, or measure them: it gets the rows
/// themselves, never a placeholder.
#[test]
fn page_templates_that_print_rows_otherwise_get_the_rows_themselves() {
    let root = empty_root();
    let dir = root.path().join("templates");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("sources.html"),
        embedded_with(
            "sources.html",
            "{{ rows | safe }}",
            "<li id=\"len\">{{ rows | length }}</li><li><pre>{{ rows }}</pre></li>",
        ),
    )
    .expect("write");
    std::fs::write(
        dir.join("browse.html"),
        embedded_with(
            "browse.html",
            "{{ page.rows | safe }}",
            "{{ page.rows | safe }}{{ page.rows | safe }}",
        ),
    )
    .expect("write");
    let (cfg, arts, incs) = (config(), articles(), incidents());
    let pages = render_fixture(&cfg, &arts, &incs, root.path());
    let text = |path: &str| {
        String::from_utf8_lossy(&pages.iter().find(|p| p.path == path).expect(path).bytes)
            .into_owned()
    };
    let sources = text("sources.html");
    assert!(
        sources.contains("<pre>&lt;li id=&quot;"),
        "escaped rows: {sources}"
    );
    let len: usize = Regex::new(r#"<li id="len">(\d+)</li>"#)
        .unwrap()
        .captures(&sources)
        .expect("length printed")[1]
        .parse()
        .unwrap();
    assert!(
        len > 100 * arts.len(),
        "the rows' length, not a placeholder's: {len}"
    );
    let mut actor_pages = 0;
    for p in pages.iter().filter(|p| p.path.starts_with("actors/")) {
        actor_pages += 1;
        let html = String::from_utf8_lossy(&p.bytes);
        let rows = html.matches("<tr><td class=\"date\">").count();
        assert!(
            rows > 0 && rows.is_multiple_of(2),
            "{}: every row twice ({rows})",
            p.path
        );
    }
    assert!(actor_pages > 0);
    for p in &pages {
        assert!(
            !String::from_utf8_lossy(&p.bytes).contains('\u{E000}'),
            "{}: a placeholder left",
            p.path
        );
    }
}
