//! What the fuzz targets run, shared with `tests/fuzz_harness.rs` (which runs it on the seed
//! corpus and on proptest input in every `cargo test`, so the targets cannot rot unseen).
//!
//! A panic is a finding: the library must never panic, and each `assert!` is an invariant
//! of its output.
#![allow(dead_code)]

use briefing::config::Config;
use briefing::extract::gazetteer::Gazetteer;
use briefing::model::Article;
use std::path::Path;
use std::sync::LazyLock;

static CONFIG: LazyLock<Config> = LazyLock::new(|| Config {
    default_country: Some("ML".into()),
    ..Config::default()
});
static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| briefing::build::gazetteer_for(&CONFIG));

/// Spans inside the text, at character boundaries, in order; sentences inside paragraphs.
pub fn check_article(a: &Article) {
    let text = &a.text;
    let mut last = 0;
    for p in &a.paragraphs {
        let (start, end) = (p.start(), p.end());
        assert!(
            start < end && end <= text.len() && start >= last,
            "paragraph {p:?}"
        );
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        last = end;
    }
    for (i, s) in a.sentences.iter().enumerate() {
        let (start, end) = (s.span.start(), s.span.end());
        assert_eq!(s.number as usize, i + 1);
        assert!(start < end && end <= text.len(), "sentence {s:?}");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        let p = a
            .paragraphs
            .get(s.paragraph as usize)
            .expect("sentence's paragraph exists");
        assert!(
            p.start <= s.span.start && s.span.end <= p.end,
            "sentence outside its paragraph"
        );
    }
}

/// The loader on arbitrary bytes: an article that keeps its invariants, or an error that
/// names the file. The first byte picks `.md` or `.txt`.
pub fn loader(data: &[u8]) {
    let name = if data.first().is_some_and(|b| b & 1 == 1) {
        "content/articles/fuzz.txt"
    } else {
        "content/articles/fuzz.md"
    };
    match briefing::content::parse_article(Path::new(name), data) {
        Ok(a) => {
            assert_eq!(a.id, "fuzz");
            assert!(!a.meta.title.is_empty());
            check_article(&a);
        }
        Err(e) => assert!(e.to_string().starts_with("content/articles/fuzz."), "{e}"),
    }
}

/// Arbitrary text as the body of a dated article, through extraction and consolidation:
/// values cite sentences of the article, no date is after publication, low <= best <= high,
/// incident ids are safe page names.
pub fn extract(data: &[u8]) {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let src = format!("+++\ntitle = \"Fuzz\"\npublished = 2024-01-31\n+++\n\n{body}\n");
    let Ok(article) =
        briefing::content::parse_article(Path::new("content/articles/f.md"), src.as_bytes())
    else {
        return;
    };
    check_article(&article);
    let published = article.meta.published.expect("dated");
    let n = article.sentences.len();
    let articles = vec![article];
    let mentions = briefing::build::extract_all(&articles, &CONFIG, &GAZETTEER);
    for m in &mentions {
        let cited = m
            .date
            .iter()
            .map(|c| c.sentence)
            .chain(m.place.iter().map(|c| c.sentence))
            .chain(
                m.perpetrators
                    .iter()
                    .chain(&m.claimed_by)
                    .chain(&m.targets)
                    .map(|c| c.sentence),
            )
            .chain(m.figures.iter().map(|f| f.sentence))
            .chain(m.sentences.iter().copied());
        for s in cited {
            assert!((1..=n).contains(&s), "sentence {s} of {n}");
        }
        for f in &m.figures {
            assert!(f.total.low <= f.total.high, "{f:?}");
        }
        if let Some(d) = &m.date {
            assert!(
                d.value.date <= published && d.value.last() <= published,
                "{:?} after {published}",
                d.value
            );
        }
    }
    for i in briefing::incidents::consolidate::consolidate(mentions, &articles) {
        for e in i.fatalities.iter().chain(i.wounded.iter()) {
            assert!(e.low <= e.best && e.best <= e.high, "{e:?}");
        }
        assert!(
            briefing::output::check_page_path(&briefing::site::routes::incident_path(&i.id))
                .is_ok(),
            "{}",
            i.id
        );
    }
}
