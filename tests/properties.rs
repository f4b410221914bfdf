//! Property tests over the public API: arbitrary input never panics, and what comes out keeps
//! its invariants. Each extractor also has its own properties next to its code (sentences,
//! dates, places, casualties, actors, event type, Markdown); these add the front matter
//! reader, the whole loader, numbers, a whole-article extraction and consolidation, the
//! slugger, ids and page paths.
//!
//! The number of cases is fixed (`CASES`), so CI time is predictable; `PROPERTIES_CASES=5000`
//! in the environment runs these longer locally (`PROPTEST_CASES` sets the modules' own).

use briefing::content::{self, front_matter, markdown};
use briefing::error::Error;
use briefing::extract::text::{slugify, tokenize};
use briefing::output::check_page_path;
use briefing::site::routes;
use proptest::prelude::*;
use std::path::{Component, Path};
use std::sync::LazyLock;

const CASES: u32 = 64;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPERTIES_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(CASES);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Words the extractors react to, mixed with punctuation and odd characters, so that random
/// text reaches deep into their rules rather than stopping at "no match".
const VOCAB: &[&str] = &[
    "Gunmen",
    "killed",
    "at",
    "least",
    "12",
    "1,200",
    "twenty-five",
    "dozens",
    "of",
    "civilians",
    "soldiers",
    "wounded",
    "injured",
    "on",
    "Monday",
    "Tuesday",
    "night",
    "last",
    "week",
    "July",
    "2023",
    "3",
    "in",
    "near",
    "Bamako",
    "Ségou",
    "Mopti",
    "Gao",
    "Markacoungo",
    "Burkina",
    "Faso",
    "Niger",
    "Mali",
    "km",
    "kilometres",
    "from",
    "JNIM",
    "Islamic",
    "State",
    "claimed",
    "attack",
    "ambush",
    "army",
    "said",
    "a",
    "the",
    "and",
    "were",
    "people",
    "–",
    "—",
    "“",
    "”",
    "’s",
    ".",
    ",",
    ";",
    ":",
    "(",
    ")",
    "?",
    "!",
    "\n",
    "\n\n",
    "é",
    "\u{200B}",
    "\u{FEFF}",
    "\u{0301}",
    "🙂",
    "ﬁ",
    "İ",
    "ß",
    "0",
    "-1",
    "4294967296",
    "99999999999999999999",
    "½",
    "٣",
];

fn soup(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(VOCAB).prop_map(str::to_string), 1 => "\\PC{0,6}"],
        0..max,
    )
    .prop_map(|w| w.join(" "))
}

/// Front matter: fences, keys (known, aliased, misspelt), values of every shape, junk.
fn front_matter_text() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "title",
        "published",
        "date",
        "publisher",
        "url",
        "author",
        "via",
        "language",
        "lang",
        "titel",
        "tags",
        "\"title\"",
        "",
    ]);
    let value = prop::sample::select(vec![
        "\"T\"",
        "2022-07-16",
        "\"2022-07-16 10:00\"",
        "2022-02-30",
        "10:00:00",
        "true",
        "[\"a\", \"b\"]",
        "[1, [2]]",
        "{ a = 1 }",
        "\"unterminated",
        "'single'",
        "1e400",
        "-0",
        "\"\\u0000\"",
        "[[[[",
        "&a *a",
        "|\n  block",
        ">",
    ]);
    let line = prop_oneof![
        (key.clone(), value.clone()).prop_map(|(k, v)| format!("{k} = {v}")),
        (key, value).prop_map(|(k, v)| format!("{k}: {v}")),
        "\\PC{0,20}",
    ];
    (
        prop::sample::select(vec!["+++", "---", "", "\u{FEFF}+++", "\n+++"]),
        prop::collection::vec(line, 0..8),
        prop::bool::ANY,
        "\\PC{0,40}",
    )
        .prop_map(|(fence, lines, close, body)| {
            let closing = if close {
                fence.trim_start_matches(['\u{FEFF}', '\n'])
            } else {
                ""
            };
            format!("{fence}\n{}\n{closing}\n{body}", lines.join("\n"))
        })
}

fn lines_in(s: &str) -> usize {
    s.split('\n').count()
}

/// An article's spans are inside its text, at character boundaries, ordered and non-empty.
fn check_article(a: &briefing::model::Article) -> Result<(), TestCaseError> {
    let text = &a.text;
    let mut last_end = 0;
    for p in &a.paragraphs {
        let (start, end) = (p.start(), p.end());
        prop_assert!(start < end && end <= text.len(), "paragraph {:?}", p);
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        prop_assert!(start >= last_end, "paragraphs overlap");
        last_end = end;
    }
    for (n, s) in a.sentences.iter().enumerate() {
        let (start, end) = (s.span.start(), s.span.end());
        prop_assert_eq!(s.number as usize, n + 1);
        prop_assert!(start < end && end <= text.len());
        prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        let para = a.paragraphs.get(s.paragraph as usize);
        prop_assert!(
            para.is_some_and(|p| p.start <= s.span.start && s.span.end <= p.end),
            "sentence outside its paragraph"
        );
    }
    prop_assert!(!text.contains('\0'));
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Front matter: never a panic; a syntax error points at a line of the file and a column
    /// of at least 1; a parsed title is non-empty and on one line.
    #[test]
    fn front_matter_never_panics_and_errors_point_into_the_file(src in front_matter_text()) {
        let path = Path::new("content/articles/x.md");
        match front_matter::split(&src, path) {
            Err(Error::Syntax { line, column, .. }) => prop_assert!(line >= 1 && line <= lines_in(&src) && column >= 1),
            Err(e) => prop_assert!(false, "unexpected error kind {}", e),
            Ok(None) => {}
            Ok(Some(split)) => {
                prop_assert!(split.raw_line >= 1 && split.body_line >= split.raw_line);
                match front_matter::parse(&split, path) {
                    Ok((meta, _warnings)) => {
                        prop_assert!(!meta.title.is_empty() && !meta.title.contains('\n'));
                        prop_assert_eq!(meta.title.trim(), meta.title.as_str());
                    }
                    Err(Error::Syntax { line, column, .. }) => {
                        prop_assert!(line >= 1 && line <= lines_in(&src), "line {} of {}", line, lines_in(&src));
                        prop_assert!(column >= 1);
                    }
                    Err(e) => prop_assert!(false, "unexpected error kind {}", e),
                }
            }
        }
    }

    #[test]
    fn dates_and_positions_never_panic(s in "\\PC{0,40}", offset in 0usize..200) {
        let _ = front_matter::parse_date(&s);
        let (line, column) = front_matter::line_col(&s, offset);
        prop_assert!(line >= 1 && line <= lines_in(&s) && column >= 1);
        let _ = front_matter::nearest_key(&s);
    }

    /// The whole loader, on arbitrary bytes and on near-articles: an article or an error that
    /// names the file, never a panic; a loaded article keeps its span invariants.
    #[test]
    fn loader_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400), txt in prop::bool::ANY) {
        let path = Path::new(if txt { "content/articles/x.txt" } else { "content/articles/x.md" });
        match content::parse_article(path, &bytes) {
            Ok(a) => check_article(&a)?,
            Err(e) => prop_assert!(e.to_string().starts_with("content/articles/x."), "{}", e),
        }
    }

    #[test]
    fn loader_on_near_articles(fm in front_matter_text(), body in soup(60)) {
        let src = format!("{}\n{}", fm, body);
        match content::parse_article(Path::new("content/articles/x.md"), src.as_bytes()) {
            Ok(a) => check_article(&a)?,
            Err(e) => prop_assert!(e.to_string().starts_with("content/articles/x.md"), "{}", e),
        }
    }

    /// Markdown with every construct and arbitrary text: paragraphs are the text's blocks,
    /// joined by blank lines, trimmed and non-empty; no raw HTML tag survives as markup.
    #[test]
    fn markdown_to_text(parts in prop::collection::vec(prop_oneof![
        prop::sample::select(vec!["# ", "> ", "- ", "1. ", "* ", "**", "_", "`", "```\n", "    ", "| a | b |\n|---|---|\n", "[", "](", ")", "![", "<div>", "</div>", "<script>", "</script>", "<!--", "-->", "&amp;", "&#0;", "&#x110000;", "\\", "\n", "\n\n", "[^1]", "[^1]: ", "---\n", "<", ">"]).prop_map(str::to_string),
        "\\PC{0,8}",
    ], 0..40)) {
        let src = parts.concat();
        let p = markdown::to_plain_text(&src);
        prop_assert_eq!(p.paragraphs.len(), p.kinds.len());
        let joined: Vec<&str> = p.paragraphs.iter().map(|s| &p.text[s.range()]).collect();
        prop_assert_eq!(joined.join("\n\n"), p.text.clone());
        for para in joined {
            prop_assert!(!para.is_empty() && para.trim() == para && !para.contains('\n'));
        }
        prop_assert!(!p.text.chars().any(|c| c.is_control() && c != '\n'));
    }

    /// Numbers: quantities cover tokens of the sentence, in order, with low <= high.
    #[test]
    fn numbers_in_arbitrary_text(s in soup(30)) {
        let lex = &briefing::extract::lexicon::Lexicon::for_language(Some("en")).numbers;
        let tokens = tokenize(&s);
        for t in &tokens {
            prop_assert!(t.start < t.end && t.end <= s.len() && s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
        }
        for q in briefing::extract::numbers::find_quantities(&tokens, lex) {
            prop_assert!(q.start <= q.number_start && q.number_start < q.end && q.end <= tokens.len(), "{:?}", q);
            prop_assert!(q.quantity.low <= q.quantity.high, "{:?}", q);
        }
    }

    /// A whole article through extraction and consolidation: every value cites a sentence of
    /// its article, no date is after publication, low <= best <= high, ids are safe paths.
    #[test]
    fn whole_article_extraction(body in soup(80), day in 0i64..9000, dated in prop::bool::ANY) {
        let published = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).expect("date") + chrono::Duration::days(day);
        let front = if dated { format!("published = {published}\n") } else { String::new() };
        let src = format!("+++\ntitle = \"T\"\n{front}+++\n\n{body}\n");
        let Ok(article) = content::parse_article(Path::new("content/articles/a.md"), src.as_bytes()) else {
            return Ok(());
        };
        check_article(&article)?;
        let n = article.sentences.len();
        let articles = vec![article];
        let mentions = briefing::build::extract_all(&articles, &CONFIG, &GAZETTEER);
        let published = articles[0].meta.published;
        for m in &mentions {
            prop_assert_eq!(m.article.as_str(), "a");
            let cited = m.date.iter().map(|c| c.sentence)
                .chain(m.place.iter().map(|c| c.sentence))
                .chain(m.event_type.iter().map(|c| c.sentence))
                .chain(m.sub_event_type.iter().map(|c| c.sentence))
                .chain(m.perpetrators.iter().chain(&m.claimed_by).chain(&m.targets).map(|c| c.sentence))
                .chain(m.figures.iter().map(|f| f.sentence))
                .chain(m.sentences.iter().copied());
            for s in cited {
                prop_assert!((1..=n).contains(&s), "sentence {} of {}", s, n);
            }
            for f in &m.figures {
                prop_assert!(f.total.low <= f.total.high, "{:?}", f);
                for (_, q) in &f.parts {
                    prop_assert!(q.low <= q.high, "{:?}", f);
                }
            }
            if let (Some(d), Some(p)) = (&m.date, published) {
                prop_assert!(d.value.date <= p && d.value.last() <= p, "{:?} after {}", d.value, p);
            }
        }
        let incidents = briefing::incidents::consolidate::consolidate(mentions, &articles);
        for i in &incidents {
            for e in i.fatalities.iter().chain(i.wounded.iter()) {
                prop_assert!(e.low <= e.best && e.best <= e.high, "{:?}", e);
            }
            if let (Some(d), Some(p)) = (&i.date, published) {
                prop_assert!(d.value.last() <= p);
            }
            prop_assert!(check_page_path(&routes::incident_path(&i.id)).is_ok(), "{}", i.id);
            prop_assert!(content::check_id(&i.id).is_ok(), "{}", i.id);
        }
    }

    /// The slugger: ASCII lower-case letters and digits in dash-separated runs, never empty,
    /// never a dot name or a device name, so it is always a safe file name.
    #[test]
    fn slugs_are_safe_file_names(s in prop_oneof![
        "\\PC{0,30}",
        prop::sample::select(vec!["..", ".", "/", "../../etc/passwd", "C:\\Windows", "CON", "nul", "Com1", "LPT9", "aux.txt", "", " ", "---", "é", "\u{0}"]).prop_map(str::to_string),
    ]) {
        let slug = slugify(&s);
        prop_assert!(!slug.is_empty());
        prop_assert!(slug.split('-').all(|run| !run.is_empty() && run.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())), "{:?}", slug);
        prop_assert!(!briefing::extract::text::is_device_name(&slug), "{:?}", slug);
        prop_assert!(content::check_id(&slug).is_ok(), "{:?}", slug);
        let place_page = format!("places/{slug}.html");
        prop_assert!(check_page_path(&place_page).is_ok(), "{}", place_page);
        prop_assert_eq!(slugify(&slug), slug.clone(), "slugify is idempotent: {:?}", slug);
    }

    /// Ids the loader accepts become page paths that stay inside their folder of the output,
    /// and hrefs that point at the same file.
    #[test]
    fn accepted_ids_stay_inside_the_output(id in prop_oneof![
        "\\PC{0,24}",
        "[a-zA-Z0-9 ._'&%=-]{0,24}",
        prop::sample::select(vec!["..", ".", "../x", "a/b", "a\\b", "/etc/passwd", "C:x", "CON", "con.draft", "NUL", "com1", " x", "x ", "x.", ".x", "%2e%2e", "%2F", "a\u{0}b", "\u{202E}txt.exe"]).prop_map(str::to_string),
    ]) {
        if content::check_id(&id).is_err() {
            return Ok(());
        }
        for path in [routes::source_path(&id), routes::incident_path(&id)] {
            prop_assert!(check_page_path(&path).is_ok(), "{:?}", path);
            let joined = Path::new("/out").join(&path);
            let comps: Vec<Component> = joined.components().collect();
            prop_assert_eq!(comps.len(), 4, "{:?}", joined);
            prop_assert!(comps.iter().skip(1).all(|c| matches!(c, Component::Normal(_))), "{:?}", joined);
            prop_assert!(joined.starts_with("/out"));
        }
        let href = routes::source_href(&id);
        prop_assert!(!href.contains("..") || id.contains(".."));
        prop_assert!(href.split('/').all(|seg| seg != "." && seg != ".."), "{}", href);
        prop_assert!(href.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%/".contains(&b)), "{}", href);
    }

    /// Any page path the writer accepts stays inside the output directory.
    #[test]
    fn accepted_page_paths_stay_inside(path in prop_oneof![
        "[a-z./\\\\:]{0,16}",
        "\\PC{0,16}",
        prop::collection::vec(prop::sample::select(vec!["a", ".", "..", "", "CON", "b.html", "%2e", "..."]), 1..5).prop_map(|v| v.join("/")),
    ]) {
        if check_page_path(&path).is_ok() {
            let joined = Path::new("/out").join(&path);
            prop_assert!(joined.components().skip(1).all(|c| matches!(c, Component::Normal(_))), "{:?}", joined);
            prop_assert!(joined.starts_with("/out"));
            prop_assert!(!joined.components().skip(2).any(|c| c.as_os_str().is_empty()));
        }
    }
}

static CONFIG: LazyLock<briefing::config::Config> = LazyLock::new(|| briefing::config::Config {
    default_country: Some("ML".into()),
    ..Default::default()
});
static GAZETTEER: LazyLock<briefing::extract::gazetteer::Gazetteer> =
    LazyLock::new(|| briefing::build::gazetteer_for(&CONFIG));
