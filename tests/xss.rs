//! Hostile content never runs in a reader's browser.
//!
//! A corpus of XSS payloads goes through article bodies (in every Markdown context),
//! front matter (title, publisher, url, author, via), file names and config.toml into one
//! site. Every output file is then parsed with a real parser — HTML with html5ever
//! (`scraper`), the feed with roxmltree (and the HTML inside it with html5ever again), JSON
//! with serde_json, CSV with the csv crate — and compared with the same site built from
//! benign text: no element, attribute, script, style or URL scheme may appear that the
//! benign build does not have, and the payloads must still be there as inert text.
//!
//! Article bodies are reduced to plain text (raw HTML is dropped, see
//! `content::markdown`) and templates autoescape; this test verifies both rather than
//! assuming them.

use scraper::{ElementRef, Html};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// At least 30 payloads: script tags, event handlers, javascript:/data:/vbscript: URLs, SVG
/// and MathML vectors, broken and nested tags, entity and encoding tricks, breaking out of
/// `<title>`, `<textarea>`, attributes, CDATA and JSON, CSS injection, template syntax and
/// spreadsheet formulas.
const PAYLOADS: &[&str] = &[
    "<script>alert('XSS1')</script>",
    "<SCRIPT SRC=https://evil.example/xss2.js></SCRIPT>",
    "<img src=x onerror=alert('XSS3')>",
    "<svg onload=alert('XSS4')>",
    "<svg><script>alert('XSS5')</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS6')>",
    "<a href=\"javascript:alert('XSS7')\">click</a>",
    "<a href=\"JaVaScRiPt:alert('XSS8')\">click</a>",
    "<a href=\"java&#x09;script:alert('XSS9')\">click</a>",
    "<iframe src=\"javascript:alert('XSS10')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('XSS11')</script>\"></iframe>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTMTInKTwvc2NyaXB0Pg==\"></object>",
    "<embed src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoJ1hTUzEzJyk+\">",
    "<form action=\"javascript:alert('XSS14')\"><button>go</button></form>",
    "<button formaction=\"javascript:alert('XSS15')\">go</button>",
    "<base href=\"javascript:alert('XSS16')//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('XSS17')\">",
    "<div style=\"background:url(javascript:alert('XSS18'))\">x</div>",
    "<div style=\"width: expression(alert('XSS19'))\">x</div>",
    "<style>@import 'https://evil.example/xss20.css'; body{background:red}</style>",
    "</title><script>alert('XSS21')</script>",
    "</textarea><script>alert('XSS22')</script>",
    "\"><script>alert('XSS23')</script>",
    "' onmouseover='alert(24)' data-xss='",
    "\" onfocus=\"alert('XSS25')\" autofocus=\"",
    "<img src=\"x\" onerror=\"&#97;&#108;&#101;&#114;&#116;(26)\">",
    "&lt;script&gt;alert('XSS27')&lt;/script&gt;",
    "<scr<script>ipt>alert('XSS28')</scr</script>ipt>",
    "<img \"\"\"><script>alert('XSS29')</script>\">",
    "<<script>alert('XSS30');//<</script>",
    "<details open ontoggle=alert('XSS31')>",
    "<body onload=alert('XSS32')>",
    "<video><source onerror=\"alert('XSS33')\"></video>",
    "<svg><a xlink:href=\"javascript:alert('XSS34')\"><text x=\"20\" y=\"20\">XSS34</text></a></svg>",
    "<math href=\"javascript:alert('XSS35')\">CLICKME</math>",
    "<link rel=\"stylesheet\" href=\"javascript:alert('XSS36')\">",
    "{{ site.title }} {% for x in [1,2] %}XSS37{% endfor %} {{ config | safe }}",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "javascript:alert('XSS42')",
    "data:text/html,<script>alert('XSS43')</script>",
    "vbscript:msgbox(\"XSS44\")",
    "<!--<img src=\"--><img src=x onerror=alert('XSS45')//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('XSS46')>\">",
    "<template><script>alert('XSS47')</script></template>",
    "\u{2028}\u{2029}</script><script>alert('XSS48')</script>",
    "]]><script>alert('XSS49')</script>",
    "<![CDATA[<script>alert('XSS50')</script>]]>",
    "<?xml-stylesheet href=\"javascript:alert('XSS51')\"?>",
    "%3Cscript%3Ealert('XSS52')%3C/script%3E",
    "<a href=\"&#106;avascript:alert('XSS53')\">x</a>",
    "<a href=\" &#14;  javascript:alert('XSS54')\">x</a>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<x onclick=alert('XSS56')>click</x> <marquee onstart=alert('XSS56')>",
    "<input autofocus onfocus=alert('XSS57')>",
    "<frameset onload=alert('XSS58')>",
];

/// File names (ids) that are legal but hostile: quotes, entities, `=`.
const HOSTILE_NAMES: &[&str] = &[
    "x' onmouseover='alert(1)'",
    "&lt;img src=x onerror=alert(2)&gt;",
    "=HYPERLINK(1)",
    "<svg onload=alert(4)>",
    "\" onfocus=\"alert(5)\" autofocus=\"",
];

const PLACES: &[&str] = &[
    "Markacoungo",
    "Ségou",
    "Mopti",
    "Gao",
    "Kidal",
    "Tombouctou",
    "Sikasso",
    "Kayes",
    "Bamako",
    "Ménaka",
];

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The body of article `i`, with `p` in every Markdown context the reader could see.
fn body(i: usize, p: &str) -> String {
    let place = PLACES[i % PLACES.len()];
    format!(
        "Gunmen killed {n} people on Monday in {place}, officials said {p}.\n\n\
         {p}\n\n\
         ## {p}\n\n\
         - {p}\n- item [{p}](javascript:alert('md{i}')) and ![{p}](javascript:alert('img{i}'))\n\n\
         > {p}\n\n\
         | head | {p} |\n|---|---|\n| {p} | <javascript:alert('auto{i}')> |\n\n\
             {p}\n\n\
         ```html\n{p}\n```\n\n\
         Text with [a reference][r{i}] and a footnote[^{i}].\n\n\
         [r{i}]: javascript:alert('ref{i}')\n\
         [^{i}]: {p}\n\n\
         <div onclick=\"alert('block{i}')\">\n\n{p}\n\n</div>\n\n\
         Witnesses said {p} was heard.\n",
        n = 2 + i % 7,
    )
}

/// Write a site whose every text field of article `i` is `text(i)`; `hostile` adds the
/// hostile file names and config values.
fn write_site(root: &Path, text: &dyn Fn(usize) -> String, hostile: bool) {
    let (title, description, organisation, marking) = if hostile {
        (
            "</title><script>alert('cfg1')</script>",
            "\"><img src=x onerror=alert('cfg2')>",
            "</style><script>alert('cfg3')</script>",
            "<svg onload=alert('cfg4')>",
        )
    } else {
        (
            "Briefing title",
            "A description",
            "An organisation",
            "Restricted",
        )
    };
    std::fs::write(
        root.join("config.toml"),
        format!(
            "title = {}\ndescription = {}\norganisation = {}\nmarking = {}\ndefault_country = \"ML\"\nbase_url = \"https://example.org/briefing/\"\n",
            toml_str(title),
            toml_str(description),
            toml_str(organisation),
            toml_str(marking)
        ),
    )
    .expect("config");
    let dir = root.join("content/articles");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for i in 0..PAYLOADS.len() {
        let p = text(i);
        let published = chrono::NaiveDate::from_ymd_opt(2023, 1, 4).expect("date")
            + chrono::Duration::days(7 * i as i64);
        let url = if i % 2 == 0 {
            p.clone()
        } else {
            format!("https://example.org/{p}")
        };
        let front = if i % 3 == 2 {
            // YAML, with JSON-quoted strings (a subset of YAML's double-quoted scalars).
            let q = |s: &str| serde_json::to_string(s).expect("json");
            format!(
                "---\ntitle: {}\npublished: {published}\npublisher: {}\nurl: {}\nauthor: {}\nvia: {}\n---\n",
                q(&p),
                q(&p),
                q(&url),
                q(&p),
                q(&p)
            )
        } else {
            format!(
                "+++\ntitle = {}\npublished = {published}\npublisher = {}\nurl = {}\nauthor = {}\nvia = {}\n+++\n",
                toml_str(&p),
                toml_str(&p),
                toml_str(&url),
                toml_str(&p),
                toml_str(&p)
            )
        };
        std::fs::write(
            dir.join(format!("article-{i:02}.md")),
            format!("{front}\n{}", body(i, &p)),
        )
        .expect("article");
    }
    let names: Vec<String> = if hostile {
        HOSTILE_NAMES.iter().map(|s| s.to_string()).collect()
    } else {
        (0..HOSTILE_NAMES.len())
            .map(|i| format!("benign name {i}"))
            .collect()
    };
    for (k, name) in names.iter().enumerate() {
        let i = PAYLOADS.len() + k;
        std::fs::write(
            dir.join(format!("{name}.md")),
            format!(
                "+++\ntitle = \"Named {k}\"\npublished = 2024-06-0{}\n+++\n\n{}",
                k + 1,
                body(i, "plain words")
            ),
        )
        .expect("named article");
    }
}

fn build(root: &Path) -> PathBuf {
    let out = root.join("public");
    briefing::build::build(&briefing::build::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        base_url: None,
    })
    .unwrap_or_else(|e| panic!("build of {}: {e}", root.display()));
    out
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// What an HTML document may contain that is active or dangerous, as sets to compare with
/// the benign build.
#[derive(Default, Debug)]
struct Active {
    /// Element names seen.
    tags: BTreeSet<String>,
    /// `<script>`: (src, text).
    scripts: BTreeSet<(String, String)>,
    /// `<style>` element texts and `style` attribute values.
    styles: BTreeSet<String>,
    /// Elements that load, frame, submit or redirect: (tag, sorted attributes).
    embedders: BTreeSet<String>,
    /// Attribute names seen.
    attr_names: BTreeSet<String>,
    /// URL-valued attributes with a script-capable scheme: (attribute, value).
    bad_urls: BTreeSet<String>,
    /// Attribute values of `href`/`src`/… (all of them, to compare).
    urls: BTreeSet<String>,
}

/// URL attributes of HTML, SVG and MathML.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "srcset",
    "xlink:href",
    "codebase",
    "cite",
    "longdesc",
    "usemap",
    "manifest",
    "ping",
    "srcdoc",
    "lowsrc",
    "dynsrc",
];

/// A URL as a browser reads its scheme: control characters and whitespace removed, lower-case.
fn scheme_of(url: &str) -> String {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned
        .split(':')
        .next()
        .filter(|_| cleaned.contains(':'))
        .unwrap_or("")
        .to_string()
}

fn active(doc: &Html) -> Active {
    let mut a = Active::default();
    for node in doc.tree.nodes() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let v = el.value();
        let name = v.name().to_ascii_lowercase();
        a.tags.insert(name.clone());
        let mut attrs: Vec<(String, String)> = v
            .attrs()
            .map(|(k, val)| (k.to_ascii_lowercase(), val.to_string()))
            .collect();
        attrs.sort();
        for (k, val) in &attrs {
            a.attr_names.insert(k.clone());
            if k == "style" {
                a.styles.insert(val.clone());
            }
            if URL_ATTRS.contains(&k.as_str()) || k.ends_with("href") {
                a.urls.insert(format!("{k}={val}"));
                if matches!(
                    scheme_of(val).as_str(),
                    "javascript" | "data" | "vbscript" | "livescript" | "mocha"
                ) {
                    a.bad_urls.insert(format!("<{name} {k}={val:?}>"));
                }
            }
            if k == "content" && name == "meta" && val.to_ascii_lowercase().contains("url") {
                a.bad_urls.insert(format!("<meta content={val:?}>"));
            }
        }
        // What an element does depends on its name, its attribute names and a few
        // attributes' values; other values (a title, a description) are text.
        let key_attrs: Vec<String> = attrs
            .iter()
            .map(|(k, val)| {
                if matches!(
                    k.as_str(),
                    "rel" | "http-equiv" | "type" | "name" | "method"
                ) {
                    format!("{k}={val}")
                } else {
                    k.clone()
                }
            })
            .collect();
        match name.as_str() {
            "script" => {
                let src = v.attr("src").unwrap_or("").to_string();
                a.scripts.insert((src, el.text().collect()));
            }
            "style" => {
                a.styles.insert(el.text().collect());
            }
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "form" | "base"
            | "meta" | "link" | "input" | "button" | "textarea" | "select" | "isindex"
            | "portal" | "template" | "noscript" => {
                a.embedders.insert(format!("<{name} {key_attrs:?}>"));
            }
            _ => {}
        }
    }
    a
}

/// Everything in `hostile` that `benign` does not have, for each kind of active content.
fn new_active(hostile: &Active, benign: &Active) -> Vec<String> {
    let mut problems = Vec::new();
    for t in hostile.tags.difference(&benign.tags) {
        problems.push(format!("element <{t}> that the site never writes"));
    }
    for (src, text) in hostile.scripts.difference(&benign.scripts) {
        problems.push(format!("script src={src:?} text={text:?}"));
    }
    for n in hostile.attr_names.difference(&benign.attr_names) {
        problems.push(format!("attribute {n}"));
    }
    for n in hostile.attr_names.iter().filter(|n| n.starts_with("on")) {
        problems.push(format!("event handler attribute {n}"));
    }
    for u in hostile.bad_urls.difference(&benign.bad_urls) {
        problems.push(format!("script-capable URL {u}"));
    }
    for e in hostile.embedders.difference(&benign.embedders) {
        problems.push(format!("embedding element {e}"));
    }
    // The site's styles quote config values (the print running header) as CSS strings:
    // inert as long as nothing breaks out of the string or the element, or loads anything.
    for s in hostile.styles.difference(&benign.styles) {
        if !css_is_inert(s) {
            problems.push(format!("style {s:?}"));
        }
    }
    problems
}

/// CSS that can neither leave its `<style>` element nor load or run anything.
fn css_is_inert(css: &str) -> bool {
    let l = css.to_ascii_lowercase();
    !css.contains('<')
        && ![
            "expression(",
            "url(",
            "@import",
            "javascript:",
            "behavior:",
            "-moz-binding",
            "image-set(",
        ]
        .iter()
        .any(|m| l.contains(m))
}

/// The payloads as the front matter reader keeps them (whitespace runs made one space).
fn as_kept(p: &str) -> String {
    p.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_html(path: &str, html: &str, benign: &Active, problems: &mut Vec<String>) {
    let doc = Html::parse_document(html);
    for p in new_active(&active(&doc), benign) {
        problems.push(format!("{path}: {p}"));
    }
}

/// The feed: well-formed XML whose HTML content (escaped in `<content type="html">`) is
/// parsed as HTML and held to the same rule; no processing instruction, no script-capable
/// link.
fn check_feed(
    path: &str,
    xml: &str,
    benign_html: &Active,
    problems: &mut Vec<String>,
) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml)
        .unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}"));
    let mut texts = Vec::new();
    for node in doc.descendants() {
        if node.is_pi() {
            problems.push(format!("{path}: processing instruction {:?}", node.pi()));
        }
        if node.is_text() {
            texts.push(node.text().unwrap_or("").to_string());
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if node
            .tag_name()
            .namespace()
            .is_some_and(|ns| ns.contains("xhtml"))
            || name.eq_ignore_ascii_case("script")
        {
            problems.push(format!("{path}: element {name} in the feed"));
        }
        for a in node.attributes() {
            if a.name().starts_with("on")
                || matches!(
                    scheme_of(a.value()).as_str(),
                    "javascript" | "data" | "vbscript"
                )
            {
                problems.push(format!("{path}: attribute {}={:?}", a.name(), a.value()));
            }
        }
        if name == "content" && node.attribute("type") == Some("html") {
            let html = node.text().unwrap_or("");
            let frag = Html::parse_fragment(html);
            for p in new_active(&active(&frag), benign_html) {
                problems.push(format!("{path} (entry HTML): {p}"));
            }
        }
    }
    texts
}

fn json_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| json_strings(x, out)),
        serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
            out.push(k.clone());
            json_strings(x, out)
        }),
        _ => {}
    }
}

/// Every cell a spreadsheet would run as a formula has been neutralised with an apostrophe.
fn check_csv(path: &str, bytes: &[u8], problems: &mut Vec<String>) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let mut cells = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.unwrap_or_else(|e| panic!("{path}: row {row} is not valid CSV: {e}"));
        for cell in record.iter() {
            let risky = match cell.chars().next() {
                Some('=' | '+' | '@' | '\t' | '\r') => true,
                Some('-') => cell.parse::<f64>().is_err(),
                _ => false,
            };
            if risky {
                problems.push(format!("{path}: row {row}: formula cell {cell:?}"));
            }
            cells.push(cell.to_string());
        }
    }
    cells
}

#[test]
fn xss_payloads_are_inert_in_every_output_file() {
    assert!(PAYLOADS.len() >= 30);
    let benign_dir = tempfile::tempdir().expect("tempdir");
    write_site(
        benign_dir.path(),
        &|i| format!("Benign words number {i}"),
        false,
    );
    let benign = files(&build(benign_dir.path()));

    let hostile_dir = tempfile::tempdir().expect("tempdir");
    write_site(hostile_dir.path(), &|i| PAYLOADS[i].to_string(), true);
    let hostile = files(&build(hostile_dir.path()));

    // What the site itself writes, over every page of the benign build.
    let mut site_html = Active::default();
    for (path, bytes) in &benign {
        let text = String::from_utf8_lossy(bytes);
        let mut docs = Vec::new();
        if path.ends_with(".html") {
            docs.push(Html::parse_document(&text));
        } else if path.ends_with(".xml") {
            // The HTML of feed entries.
            let xml = roxmltree::Document::parse(&text).expect("benign XML");
            for n in xml
                .descendants()
                .filter(|n| n.has_tag_name("content") && n.attribute("type") == Some("html"))
            {
                docs.push(Html::parse_fragment(n.text().unwrap_or("")));
            }
        }
        for doc in docs {
            let a = active(&doc);
            site_html.tags.extend(a.tags);
            site_html.scripts.extend(a.scripts);
            site_html.styles.extend(a.styles);
            site_html.embedders.extend(a.embedders);
            site_html.attr_names.extend(a.attr_names);
            site_html.bad_urls.extend(a.bad_urls);
            site_html.urls.extend(a.urls);
        }
    }
    assert!(site_html.tags.contains("html") && site_html.tags.contains("a"));

    let mut problems = Vec::new();
    // Where each payload shows up as text, per kind of file.
    let mut html_text = String::new();
    let mut feed_text = Vec::new();
    let mut json_text = Vec::new();
    let mut csv_cells = Vec::new();
    let mut checked = BTreeMap::<&str, usize>::new();
    for (path, bytes) in &hostile {
        let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
        let text = String::from_utf8(bytes.clone());
        match ext {
            "html" => {
                let text = text.unwrap_or_else(|_| panic!("{path} is not UTF-8"));
                check_html(path, &text, &site_html, &mut problems);
                let doc = Html::parse_document(&text);
                html_text.push_str(&doc.root_element().text().collect::<String>());
                // Attribute values carry payloads as inert text too (title="…").
                for node in doc.tree.nodes() {
                    if let Some(el) = ElementRef::wrap(node) {
                        for (_, v) in el.value().attrs() {
                            html_text.push_str(v);
                            html_text.push('\n');
                        }
                    }
                }
            }
            "xml" => {
                let text = text.unwrap_or_else(|_| panic!("{path} is not UTF-8"));
                feed_text.extend(check_feed(path, &text, &site_html, &mut problems));
            }
            "json" | "geojson" => {
                let v: serde_json::Value = serde_json::from_slice(bytes)
                    .unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
                json_strings(&v, &mut json_text);
            }
            "csv" => csv_cells.extend(check_csv(path, bytes, &mut problems)),
            _ => {
                // Anything else (the stylesheet, .nojekyll) does not come from content.
                if benign.get(path) != Some(bytes) {
                    problems.push(format!("{path}: a file the benign build does not write identically (unchecked type)"));
                }
            }
        }
        *checked
            .entry(if ext.is_empty() { "(none)" } else { ext })
            .or_default() += 1;
    }
    eprintln!("checked {} files: {checked:?}", hostile.len());
    assert!(
        checked.get("html").copied().unwrap_or(0) > PAYLOADS.len(),
        "{checked:?}"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );

    // The payloads are still there, as text: escaped, not dropped.
    for (i, p) in PAYLOADS.iter().enumerate() {
        let kept = as_kept(p);
        assert!(
            html_text.contains(&kept),
            "payload {i} {p:?} is not shown as text anywhere"
        );
    }
    // The source page's <title> holds the article title verbatim, template syntax included.
    let page = String::from_utf8_lossy(&hostile["sources/article-36.html"]).into_owned();
    let title: String = Html::parse_document(&page)
        .select(&scraper::Selector::parse("title").expect("selector"))
        .next()
        .expect("<title>")
        .text()
        .collect();
    assert!(title.contains(&as_kept(PAYLOADS[36])), "{title:?}");
    assert!(
        title.contains("{{ site.title }}"),
        "template syntax in text must not be evaluated: {title:?}"
    );
    let title_21: String = Html::parse_document(&String::from_utf8_lossy(
        &hostile["sources/article-20.html"],
    ))
    .select(&scraper::Selector::parse("title").expect("selector"))
    .next()
    .expect("<title>")
    .text()
    .collect();
    assert!(
        title_21.contains("</title><script>"),
        "`</title>` stays inside the title: {title_21:?}"
    );

    // The data files carry payloads as plain strings, and formulas neutralised.
    let in_json = PAYLOADS
        .iter()
        .filter(|p| json_text.iter().any(|s| s.contains(&as_kept(p))))
        .count();
    assert!(
        in_json >= 10,
        "only {in_json} payloads reached the JSON data as text"
    );
    let in_feed = PAYLOADS
        .iter()
        .filter(|p| feed_text.iter().any(|s| s.contains(&as_kept(p))))
        .count();
    assert!(
        in_feed >= 10,
        "only {in_feed} payloads reached the feed as text"
    );
    for formula in ["=cmd|", "+SUM(", "@SUM(", "-2+3+cmd"] {
        assert!(
            csv_cells
                .iter()
                .any(|c| c.starts_with(&format!("'{formula}"))),
            "{formula} not neutralised in CSV: {csv_cells:?}"
        );
    }
}
