//! Rendering: routes, Tera templates (embedded, overridable by the site's `templates/`),
//! data exports. Produces pages in memory; `output` writes them.
//!
//! Every page is a pure function of `SiteData`: inputs are sorted before rendering and no
//! timestamp is printed, so the same input gives byte-identical output.

pub mod browse;
pub mod citations;
pub mod context;
pub mod data;
pub mod exports;
pub mod feed;
pub mod fingerprint;
pub mod format;
pub mod hosting;
pub mod links;
pub mod map;
pub mod print;
pub mod routes;
mod rows;
pub mod templates;

use crate::config::Config;
use crate::error::{Error, Errors};
use crate::model::{Article, Incident};
use crate::output::{PageSink, RecordWrite};
use context::{ArticleMap, CitedBy};
use rayon::prelude::*;
use rows::Rows;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use tera::Context;

/// A file of the output tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Path relative to the output directory, with `/` separators ("incidents/x.html").
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything a site build renders from.
pub struct SiteData<'a> {
    pub config: &'a Config,
    pub articles: &'a [Article],
    pub incidents: &'a [Incident],
    /// `briefing x.y.z`
    pub generator: String,
}

/// Site-wide values every template receives as `site`.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    organisation: Option<&'a str>,
    marking: Option<&'a str>,
    language: &'a str,
    generator: &'a str,
}

/// How many incidents the overview lists as "latest".
const LATEST: usize = 8;

/// Above this many incidents `chronology.html` links the year pages instead of listing
/// everything ("split by year when large"): one page of thousands of entries is unusable.
const SPLIT_CHRONOLOGY: usize = 400;

/// The zoomed maps of incident and place pages: their width in user units, and the degrees
/// of longitude they span around their centre (their fingerprints use the same figures).
const ZOOM_WIDTH: f64 = 480.0;
const ZOOM_SPAN: f64 = 5.0;

/// The filter a pre-rendered chronology page applies.
#[derive(Serialize)]
struct FilterView<'a> {
    facet: &'a str,
    value: &'a str,
    path: &'a str,
}

/// Link the place and actor values of an incident's fact sheet to their browse pages.
fn link_facts(
    page: &mut context::IncidentPage,
    inc: &Incident,
    place_href: &dyn Fn(&Incident) -> Option<String>,
    actor_href: &dyn Fn(&str) -> Option<String>,
) {
    let place = context::field_label("place");
    let actors = [
        context::field_label("perpetrators"),
        context::field_label("claimed_by"),
    ];
    for f in &mut page.facts {
        if f.label == place {
            for v in &mut f.values {
                v.href = place_href(inc);
            }
        } else if actors.contains(&f.label.as_str()) {
            for v in &mut f.values {
                v.href = actor_href(&v.text);
            }
        }
    }
}

/// Renders pages from one parsed set of templates; shared by the threads that render the
/// pages of one kind in parallel (`&self` only).
struct Renderer<'a> {
    /// The parsed templates, with their files and sources for error messages.
    engine: std::sync::Arc<templates::Engine>,
    data: &'a SiteData<'a>,
    /// What every page depends on (see `render_into`).
    site_fp: u64,
    /// The fingerprint of each incident, by id: a row of an incident list is keyed by it.
    incident_fp: HashMap<&'a str, u64>,
}

/// Hands rendered pages to the sink as they come and keeps what the site map and the
/// error report need: the paths produced and the errors, in a deterministic order.
struct Rendered<'s> {
    sink: &'s dyn PageSink,
    paths: Vec<String>,
    errors: Vec<Error>,
}

impl Rendered<'_> {
    /// Give a page to the sink, with the fingerprint of its inputs when known; returns its
    /// path on success, for the site map.
    fn send(&self, page: Result<Page, Error>, key: Option<u64>) -> Result<String, Error> {
        let page = page?;
        self.sink.put(page.path.clone(), page.bytes, key)?;
        Ok(page.path)
    }

    fn push(&mut self, page: Result<Page, Error>) {
        let sent = self.send(page, None);
        self.record(vec![sent]);
    }

    /// Keep paths and errors in the order given (that of the items, whatever the number of
    /// threads), so the report does not depend on scheduling.
    fn record(&mut self, sent: Vec<Result<String, Error>>) {
        for s in sent {
            match s {
                Ok(path) => self.paths.push(path),
                Err(e) => self.errors.push(e),
            }
        }
    }

    /// One file with the fingerprint `key` of its inputs, produced (and handed to the sink by
    /// `produce`) only when the sink does not already have it.
    fn keyed(
        &mut self,
        path: &str,
        key: u64,
        produce: impl FnOnce(&dyn PageSink) -> Result<(), Error>,
    ) {
        let sent = if self.sink.is_fresh(path, key) {
            Ok(())
        } else {
            produce(self.sink)
        };
        self.record(vec![sent.map(|()| path.to_string())]);
    }

    /// [`keyed`](Self::keyed) for a rendered page.
    fn one_keyed(&mut self, path: &str, key: u64, render: impl FnOnce() -> Result<Page, Error>) {
        self.keyed(path, key, |sink| {
            let page = render()?;
            sink.put(page.path, page.bytes, Some(key))
        });
    }

    /// Render pages in parallel, each written as soon as it is rendered: `key` gives each
    /// item's path and fingerprint, and a page the sink already has with that fingerprint
    /// (from the previous build) is not rendered at all. Returns the paths or errors, in
    /// order, for [`record`](Self::record).
    fn par_render<T: Sync>(
        &self,
        items: &[T],
        key: impl Fn(&T) -> (String, u64) + Sync + Send,
        render: impl Fn(&T) -> Result<Page, Error> + Sync + Send,
    ) -> Vec<Result<String, Error>> {
        items
            .par_iter()
            .map(|i| self.render_one(i, &key, &render))
            .collect()
    }

    /// Large pages one after the other, each written to the sink as it is rendered
    /// (`render` gets the sink and the page's fingerprint): for lists of thousands of
    /// incidents, megabytes each.
    fn seq_stream<T>(
        &self,
        items: &[T],
        key: impl Fn(&T) -> (String, u64),
        render: impl Fn(&T, &dyn PageSink, u64) -> Result<(), Error>,
    ) -> Vec<Result<String, Error>> {
        items
            .iter()
            .map(|i| {
                let (path, fp) = key(i);
                if self.sink.is_fresh(&path, fp) {
                    return Ok(path);
                }
                render(i, self.sink, fp).map(|()| path)
            })
            .collect()
    }

    fn render_one<T>(
        &self,
        item: &T,
        key: &impl Fn(&T) -> (String, u64),
        render: &impl Fn(&T) -> Result<Page, Error>,
    ) -> Result<String, Error> {
        let (path, fp) = key(item);
        if self.sink.is_fresh(&path, fp) {
            return Ok(path);
        }
        self.send(render(item), Some(fp))
    }

    /// Large pages one at a time on one thread while the other threads render many small
    /// ones, so that at most one large page is being made at once and no thread idles:
    /// `large` with [`seq_stream`](Self::seq_stream) beside `small` with
    /// [`par_render`](Self::par_render). Recorded in the order large, small.
    #[allow(clippy::too_many_arguments)]
    fn keyed_beside<L: Sync, S: Sync>(
        &mut self,
        large: &[L],
        large_key: impl Fn(&L) -> (String, u64) + Sync + Send,
        large_render: impl Fn(&L, &dyn PageSink, u64) -> Result<(), Error> + Sync + Send,
        small: &[S],
        small_key: impl Fn(&S) -> (String, u64) + Sync + Send,
        small_render: impl Fn(&S) -> Result<Page, Error> + Sync + Send,
    ) {
        let this = &*self;
        let (large_sent, small_sent) = rayon::join(
            || this.seq_stream(large, large_key, large_render),
            || this.par_render(small, small_key, small_render),
        );
        self.record(large_sent);
        self.record(small_sent);
    }
}

/// `value` as a template value with `moved` added as `key`: moved, where
/// `Context::insert` would serialise a copy (the rendered rows of a long list are
/// megabytes).
fn with_value(value: &impl Serialize, key: &str, moved: tera::Value) -> Result<tera::Value, Error> {
    let mut v =
        tera::to_value(value).map_err(|e| Error::Other(format!("template context: {e}")))?;
    if let tera::Value::Object(map) = &mut v {
        map.insert(key.to_string(), moved);
    }
    Ok(v)
}

/// Put `value` into `ctx` as `key` without copying it (see [`with_value`]).
fn insert_moved(ctx: &mut Context, key: &str, value: tera::Value) {
    let mut map = tera::Map::new();
    map.insert(key.to_string(), value);
    if let Ok(moved) = Context::from_value(tera::Value::Object(map)) {
        ctx.extend(moved);
    }
}

/// The chronology as a template value, each month's rows moved into it.
fn years_value(years: Vec<context::YearGroup>) -> Result<tera::Value, Error> {
    years
        .into_iter()
        .map(|mut year| {
            let months = std::mem::take(&mut year.months)
                .into_iter()
                .map(|mut month| {
                    let rows = std::mem::take(&mut month.rows);
                    with_value(&month, "rows", tera::Value::String(rows))
                })
                .collect::<Result<Vec<_>, Error>>()?;
            with_value(&year, "months", tera::Value::Array(months))
        })
        .collect::<Result<Vec<_>, Error>>()
        .map(tera::Value::Array)
}

/// Rendered bytes as text: Tera writes UTF-8 only.
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

impl<'a> Renderer<'a> {
    fn new(
        engine: std::sync::Arc<templates::Engine>,
        data: &'a SiteData<'a>,
        incident_fp: HashMap<&'a str, u64>,
    ) -> Self {
        let site_fp = fingerprint::combine([
            crate::cache::program_fingerprint(),
            fingerprint::of(data.config),
            fingerprint::of(&data.generator),
            fingerprint::of(&engine.sources),
            fingerprint::of(&engine.origins),
        ]);
        Renderer {
            engine,
            data,
            site_fp,
            incident_fp,
        }
    }

    /// `items` rendered one at a time by the row template `template` (with `root` for the
    /// page at `path`, and the item as `name`) to `out`. Lists of thousands of entries are
    /// rendered this way so that only one entry's context is alive at a time: a whole list in
    /// one template context took several times the page's size in memory (and see
    /// [`rows`](mod@rows)).
    /// A row is keyed by `key`, the fingerprint of what `view` makes of its item, and
    /// copied from the previous build when that has the same row (see [`rows::RowOut`]):
    /// the view is made only for the rows rendered.
    #[allow(clippy::too_many_arguments)]
    fn rows_into<T, V: Serialize>(
        &self,
        template: &str,
        path: &str,
        name: &str,
        items: impl IntoIterator<Item = T>,
        key: impl Fn(&T) -> u64,
        view: impl Fn(&T) -> V,
        out: &mut rows::RowOut,
    ) -> Result<(), Error> {
        let mut ctx = Context::new();
        ctx.insert("root", &routes::root_prefix(path));
        // What a row is made of besides its item: the templates and settings (in the site's
        // fingerprint), the template and the page.
        let made_with =
            fingerprint::combine([self.site_fp, fingerprint::hashed(&(template, path))]);
        out.rows(
            items,
            |item| fingerprint::combine([made_with, key(item)]),
            |item, buf| {
                ctx.insert(name, &view(item));
                self.engine
                    .tera
                    .render_to(template, &ctx, buf)
                    .map_err(|e| self.render_error(template, path, &e))
            },
        )
    }

    /// An incident's fingerprint: what its rows and pages are made from.
    fn incident_key(&self, incident: &Incident) -> u64 {
        match self.incident_fp.get(incident.id.as_str()) {
            Some(&fp) => fp,
            None => fingerprint::hashed(incident),
        }
    }

    /// The incidents `items` as a block of rows of `rows` (see [`rows`](mod@rows)),
    /// rendered by `template` for the page at `path`.
    fn incident_rows<'b>(
        &'b self,
        rows: &mut Rows<'b>,
        template: &'b str,
        path: &'b str,
        items: &'b [&'b Incident],
    ) -> Result<String, Error> {
        rows.block(move |out| {
            self.rows_into(
                template,
                path,
                "i",
                items,
                |i| self.incident_key(i),
                |i| context::incident_item(i),
                out,
            )
        })
    }

    /// One incident of the print document: its section appended to `sections` (by
    /// `print-incident.html`) and its notes to `notes` (by `print-notes.html`), each with
    /// the section as `s`.
    fn print_section(
        &self,
        mut section: print::Section,
        sections: &mut Vec<u8>,
        notes: &mut Vec<u8>,
    ) -> Result<(), Error> {
        // The page view is already a template value, and the bulk of the section: moved in.
        let page = std::mem::take(&mut section.page);
        let mut ctx = Context::new();
        insert_moved(&mut ctx, "s", with_value(&section, "page", page)?);
        for (template, out) in [
            ("print-incident.html", sections),
            ("print-notes.html", notes),
        ] {
            self.engine
                .tera
                .render_to(template, &ctx, out)
                .map_err(|e| self.render_error(template, print::PATH, &e))?;
        }
        Ok(())
    }

    /// The chronology of `incidents` for the page at `path`, each month's incidents a block
    /// of `rows` rendered by `row-chronology.html`.
    fn chronology<'b>(
        &'b self,
        incidents: &'b [&'b Incident],
        path: &'b str,
        rows: &mut Rows<'b>,
    ) -> Result<tera::Value, Error> {
        let years = context::chronology(incidents, |month| {
            self.incident_rows(rows, "row-chronology.html", path, month)
        })?;
        years_value(years)
    }

    /// The context of a place's or an actor's page (`browse.html`), with its map; its
    /// incidents are a block of `rows`.
    fn browse<'b>(
        &'b self,
        g: &'b browse::BrowseGroup,
        map: Option<&map::MapView>,
        rows: &mut Rows<'b>,
    ) -> Result<Context, Error> {
        let html = self.incident_rows(rows, "row-incident.html", &g.path, &g.incidents)?;
        let page = with_value(&g.page(), "rows", tera::Value::String(html))?;
        let mut ctx = Context::new();
        insert_moved(&mut ctx, "page", page);
        ctx.insert("map", &map.map(|m| m.figure(&routes::root_prefix(&g.path))));
        Ok(ctx)
    }

    /// Render `template` to `path` with the common context (`site`, `root`, `canonical`,
    /// `page_path`, `nav`) plus `extra`.
    fn page(&self, template: &str, path: &str, nav: &str, extra: Context) -> Result<Page, Error> {
        let ctx = self.page_context(path, nav, extra);
        match self.engine.tera.render(template, &ctx) {
            Ok(html) => Ok(Page {
                path: path.to_string(),
                bytes: html.into_bytes(),
            }),
            Err(e) => Err(self.render_error(template, path, &e)),
        }
    }

    /// [`page`](Self::page), written to `sink` (with the fingerprint `key`) as it is
    /// rendered: a list page of thousands of incidents never sits in memory whole.
    #[allow(clippy::too_many_arguments)]
    fn page_to(
        &self,
        sink: &dyn PageSink,
        key: u64,
        template: &str,
        path: &str,
        nav: &str,
        extra: Context,
    ) -> Result<(), Error> {
        let ctx = self.page_context(path, nav, extra);
        let mut failed = None;
        let written = sink.put_streamed(path.to_string(), Some(key), &mut |w| {
            self.engine.tera.render_to(template, &ctx, w).map_err(|e| {
                let io = std::io::Error::other(templates::describe(&e));
                failed = Some(e);
                io
            })
        });
        match failed {
            Some(e) => Err(self.render_error(template, path, &e)),
            None => written,
        }
    }

    /// [`page_to`](Self::page_to) for a list page: `make` gives the page's own context, its
    /// rows as blocks of the [`Rows`] it is given, which are written straight into the file
    /// where the template prints them (see [`rows`](mod@rows)).
    #[allow(clippy::too_many_arguments)]
    fn page_rows_to<'b>(
        &self,
        sink: &dyn PageSink,
        key: u64,
        template: &str,
        path: &str,
        nav: &str,
        make: impl Fn(&mut Rows<'b>) -> Result<Context, Error>,
    ) -> Result<(), Error> {
        let mut deferred = Rows::deferred();
        let ctx = self.page_context(path, nav, make(&mut deferred)?);
        let page = self
            .engine
            .tera
            .render(template, &ctx)
            .map_err(|e| self.render_error(template, path, &e))?;
        drop(ctx);
        let mut blocks: Vec<_> = deferred.into_blocks().into_iter().map(Some).collect();
        let Some((pieces, tail)) = rows::split(&page, blocks.len()) else {
            // The template does not print each block once as it is: the rows themselves.
            drop(blocks);
            return self.page_to(sink, key, template, path, nav, make(&mut Rows::inline())?);
        };
        let mut failed = None;
        let written = sink.put_records(path.to_string(), Some(key), &mut |out| {
            rows::write_page(out, &pieces, tail, &mut blocks, &mut failed)
        });
        match failed {
            Some(e) => Err(e),
            None => written,
        }
    }

    fn render_error(&self, template: &str, path: &str, e: &tera::Error) -> Error {
        templates::render_error(
            &self.engine.origins,
            &self.engine.sources,
            template,
            path,
            e,
        )
    }

    /// The context every page has (`site`, `root`, `canonical`, `page_path`, `nav`,
    /// `page_style`), plus `extra`.
    fn page_context(&self, path: &str, nav: &str, extra: Context) -> Context {
        let cfg = self.data.config;
        let mut ctx = Context::new();
        ctx.insert(
            "site",
            &SiteView {
                title: &cfg.title,
                description: cfg.description.as_deref(),
                organisation: cfg.organisation.as_deref(),
                marking: cfg.marking.as_deref(),
                language: if cfg.language.trim().is_empty() {
                    "en"
                } else {
                    cfg.language.trim()
                },
                generator: &self.data.generator,
            },
        );
        ctx.insert("root", &routes::root_prefix(path));
        ctx.insert("canonical", &routes::canonical(&cfg.base_url, path));
        ctx.insert("page_path", path);
        ctx.insert("nav", nav);
        // Paper size and running header for printing, from config.toml (see `print`).
        ctx.insert("page_style", &print::page_style(cfg));
        ctx.extend(extra);
        ctx
    }
}

/// What an incident page links to, shared by every incident page.
struct Links<'l> {
    article_map: &'l ArticleMap<'l>,
    map_index: &'l map::MapIndex<'l>,
    place_href: &'l (dyn Fn(&Incident) -> Option<String> + Sync),
    actor_href: &'l (dyn Fn(&str) -> Option<String> + Sync),
}

impl Renderer<'_> {
    /// An incident's page, with its map zoomed on it.
    fn incident(
        &self,
        inc: &Incident,
        ev: &citations::Evidence,
        links: &Links,
    ) -> Result<Page, Error> {
        let mut ctx = Context::new();
        let mut page = context::incident_page(inc, ev, links.article_map);
        link_facts(&mut page, inc, links.place_href, links.actor_href);
        let path = routes::incident_path(&inc.id);
        let root = routes::root_prefix(&path);
        page.write_values(&root);
        ctx.insert("page", &page);
        let here = links.map_index.point(&inc.id);
        let zoomed = here.and_then(|p| {
            map::draw_in(
                links.map_index,
                &map::MapOptions {
                    width: ZOOM_WIDTH,
                    frame: map::Frame::Around {
                        lat: p.lat,
                        lon: p.lon,
                        span: ZOOM_SPAN,
                    },
                    highlight: [inc.id.clone()].into_iter().collect(),
                    emphasis: p.country.iter().cloned().collect(),
                    class: "map-zoom".into(),
                    subject: format!("the area around {}", p.place),
                },
            )
        });
        ctx.insert("map", &zoomed.map(|m| m.figure(&root)));
        ctx.insert("place_href", &(links.place_href)(inc));
        self.page("incident.html", &path, "incident", ctx)
    }

    /// An article's page: its text, each sentence an anchor that citations link to.
    fn source(
        &self,
        a: &Article,
        reference: &context::Reference,
        cited_by: &CitedBy,
    ) -> Result<Page, Error> {
        let mut ctx = Context::new();
        let path = routes::source_path(&a.id);
        ctx.insert("article", reference);
        ctx.insert("language", &a.meta.language);
        ctx.insert(
            "article_text",
            &context::source_text_html(
                a,
                cited_by.sentences(&a.id).as_ref(),
                &routes::root_prefix(&path),
            ),
        );
        ctx.insert("sentence_count", &a.sentences.len());
        self.page("source.html", &path, "sources", ctx)
    }
}

/// The pages of the articles `changed` (ids) and of the incidents that cite them, exactly as
/// [`render_into`] makes them, and nothing else: `briefing serve` shows these at once,
/// while the rest of the site (lists, overview, exports) is rebuilt.
pub fn render_selected(
    data: &SiteData,
    site_root: &Path,
    changed: &BTreeSet<String>,
) -> Result<Vec<Page>, Errors> {
    let engine = templates::engine(site_root).map_err(Errors)?;
    let r = Renderer::new(engine, data, HashMap::new());
    let articles = context::sorted_articles(data.articles);
    let article_map: ArticleMap = articles.iter().map(|a| (a.id.as_str(), *a)).collect();
    let incidents = context::sorted_incidents(data.incidents);
    // Incidents citing a changed article, in the site's order (as `CitedBy` lists them).
    let citing: Vec<&Incident> = incidents
        .iter()
        .copied()
        .filter(|i| i.reports.iter().any(|r| changed.contains(&r.article)))
        .collect();
    let cited_by = CitedBy::build(&citing);
    let slugs = browse::Slugs::build(&incidents);
    let place_href = |i: &Incident| browse::place_key(i).and_then(|k| slugs.place_path(&k));
    let actor_href = |a: &str| slugs.actor_path(a);
    let points = map::points(&incidents, &place_href);
    let map_index = map::MapIndex::new(&points);
    let links = Links {
        article_map: &article_map,
        map_index: &map_index,
        place_href: &place_href,
        actor_href: &actor_href,
    };
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    let rendered = citing
        .par_iter()
        .map(|inc| r.incident(inc, &citations::Evidence::for_incident(inc), &links))
        .collect::<Vec<_>>()
        .into_iter()
        .chain(
            articles
                .iter()
                .filter(|a| changed.contains(&a.id))
                .map(|a| {
                    r.source(
                        a,
                        &context::reference(a, cited_by.article(&a.id)),
                        &cited_by,
                    )
                }),
        );
    for page in rendered {
        match page {
            Ok(p) => pages.push(p),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(Errors(errors))
    }
}

/// Render every page, data file and static asset of the site.
/// `site_root` is searched for `templates/` and `static/` overrides.
pub fn render(data: &SiteData, site_root: &Path) -> Result<Vec<Page>, Errors> {
    let pages = crate::output::Collect::default();
    render_into(data, site_root, &pages)?;
    Ok(pages.into_pages())
}

/// [`render`], handing each page to `sink` as soon as it is rendered (from several threads),
/// so that the whole site never sits in memory. Returns how many files the site has.
pub fn render_into(
    data: &SiteData,
    site_root: &Path,
    sink: &dyn PageSink,
) -> Result<usize, Errors> {
    let engine = templates::engine(site_root).map_err(Errors)?;
    let statics = templates::static_files(site_root).map_err(Errors)?;

    let articles = context::sorted_articles(data.articles);
    let article_map: ArticleMap = articles.iter().map(|a| (a.id.as_str(), *a)).collect();
    let incidents = context::sorted_incidents(data.incidents);
    let cited_by = CitedBy::build(&incidents);

    let mut errors = Vec::new();
    check_unique(
        articles.iter().map(|a| a.id.as_str()),
        "article",
        &mut errors,
    );
    check_unique(
        incidents.iter().map(|i| i.id.as_str()),
        "incident",
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(Errors(errors));
    }

    // The fingerprints of incidents and articles, from which those of the pages are made
    // with the site's (see `fingerprint`).
    let r = Renderer::new(
        engine,
        data,
        incidents
            .par_iter()
            .map(|i| (i.id.as_str(), fingerprint::hashed(*i)))
            .collect(),
    );
    let (site_fp, incident_fp) = (r.site_fp, &r.incident_fp);
    let article_fp: HashMap<&str, u64> = articles
        .par_iter()
        .map(|a| (a.id.as_str(), fingerprint::hashed(*a)))
        .collect();
    // What the site-wide pages (overview, lists, exports, feed) are made of: every incident
    // and every article. A rebuild where nothing changed renders none of them.
    let all_fp = fingerprint::combine(
        [site_fp]
            .into_iter()
            .chain(incidents.iter().map(|i| incident_fp[i.id.as_str()]))
            .chain([u64::MAX])
            .chain(articles.iter().map(|a| article_fp[a.id.as_str()])),
    );
    let mut out = Rendered {
        sink,
        paths: Vec::new(),
        errors: Vec::new(),
    };

    // Browse pages, the map and the filters all share one set of slugs.
    let slugs = browse::Slugs::build(&incidents);
    let place_href = |i: &Incident| browse::place_key(i).and_then(|k| slugs.place_path(&k));
    let actor_href = |a: &str| slugs.actor_path(a);
    let points = map::points(&incidents, &place_href);
    // The briefing's countries: where its incidents are, and the configured default.
    let briefing_countries: BTreeSet<String> = incidents
        .iter()
        .filter_map(|i| {
            i.place
                .as_ref()?
                .value
                .country
                .as_ref()
                .map(|c| c.to_ascii_uppercase())
        })
        .chain(
            data.config
                .default_country
                .iter()
                .map(|c| c.trim().to_ascii_uppercase()),
        )
        .filter(|c| !c.is_empty())
        .collect();
    let region_name = {
        let names: Vec<String> = briefing_countries
            .iter()
            .map(|c| format::country_name(c))
            .collect();
        match names.len() {
            0 => "the region".to_string(),
            _ => format!("{} and neighbouring countries", names.join(", ")),
        }
    };
    let map_index = map::MapIndex::new(&points);
    let map_at = |width: f64, class: &str| map::MapOptions {
        width,
        frame: map::Frame::Fit,
        highlight: BTreeSet::new(),
        emphasis: briefing_countries.clone(),
        class: class.to_string(),
        subject: region_name.clone(),
    };

    // Overview.
    out.one_keyed("index.html", fingerprint::combine([all_fp, 10]), || {
        let mut ctx = Context::new();
        let latest: Vec<_> = incidents
            .iter()
            .rev()
            .take(LATEST)
            .map(|i| context::incident_item(i))
            .collect();
        ctx.insert("totals", &context::totals(&incidents, articles.len()));
        ctx.insert("chart", &context::chart(&incidents, 960.0));
        ctx.insert("chart_narrow", &context::chart(&incidents, 480.0));
        let figure =
            |width, class| map::draw_in(&map_index, &map_at(width, class)).map(|m| m.figure(""));
        ctx.insert("map", &figure(960.0, "map-wide"));
        ctx.insert("map_narrow", &figure(480.0, "map-narrow"));
        ctx.insert("unmapped", &(incidents.len() - points.len()));
        ctx.insert(
            "latest_rows",
            &Rows::inline().block(|out| {
                r.rows_into(
                    "row-incident.html",
                    "index.html",
                    "i",
                    &latest,
                    |item| fingerprint::hashed(item),
                    |item| *item,
                    out,
                )
            })?,
        );
        ctx.insert("latest", &latest);
        ctx.insert("incident_count", &incidents.len());
        ctx.insert("places", &context::places(&incidents, &place_href));
        ctx.insert("actors", &context::actors(&incidents, &actor_href));
        r.page("index.html", "index.html", "overview", ctx)
    });

    // The print document: the whole briefing (or the chosen period) as one document. Made
    // first, while the least memory is in use: its context is the largest of a build.
    // Its fingerprint: the incidents of the period and the articles of its bibliography.
    let (from, to) = (data.config.print_from, data.config.print_to);
    let printed: Vec<&&Incident> = incidents
        .iter()
        .filter(|i| print::in_period(i, from, to))
        .collect();
    let bibliography: BTreeSet<&str> = if from.is_some() || to.is_some() {
        printed
            .iter()
            .flat_map(|i| i.reports.iter().map(|r| r.article.as_str()))
            .collect()
    } else {
        article_fp.keys().copied().collect()
    };
    let print_key = fingerprint::combine(
        [site_fp, 6]
            .into_iter()
            .chain(printed.iter().map(|i| incident_fp[i.id.as_str()]))
            .chain([u64::MAX])
            .chain(
                bibliography
                    .iter()
                    .map(|a| article_fp.get(a).copied().unwrap_or(0)),
            ),
    );
    out.keyed(print::PATH, print_key, |sink| {
        let (mut sections, mut notes) = (Vec::new(), Vec::new());
        let doc = print::document(
            data.config,
            &incidents,
            &articles,
            &article_map,
            |section| r.print_section(section, &mut sections, &mut notes),
        )?;
        let mut ctx = Context::new();
        ctx.insert("doc", &doc);
        insert_moved(
            &mut ctx,
            "sections_html",
            tera::Value::String(utf8(sections)),
        );
        insert_moved(&mut ctx, "notes_html", tera::Value::String(utf8(notes)));
        r.page_to(sink, print_key, "print.html", print::PATH, "print", ctx)
    });
    drop(printed);
    drop(bibliography);

    // Chronology, and the same list filtered by year, country, actor and event type.
    let (facets, filter_pages) = browse::filters(&incidents, &slugs);
    out.one_keyed(
        "chronology.html",
        fingerprint::combine([all_fp, 11]),
        || {
            let mut ctx = Context::new();
            let split = incidents.len() > SPLIT_CHRONOLOGY;
            let years = if split {
                tera::Value::Array(Vec::new())
            } else {
                r.chronology(&incidents, "chronology.html", &mut Rows::inline())?
            };
            insert_moved(&mut ctx, "years", years);
            ctx.insert("split", &split);
            ctx.insert("incident_count", &incidents.len());
            ctx.insert("facets", &facets);
            r.page("chronology.html", "chronology.html", "chronology", ctx)
        },
    );
    let facets_fp = fingerprint::of(&facets);
    // Rendered beside the incident pages, one at a time (see `keyed_beside`).
    let filter_key = |f: &browse::FilterPage| {
        let key = fingerprint::combine(
            [
                site_fp,
                4,
                facets_fp,
                fingerprint::of(&(&f.facet, &f.value, &f.path)),
            ]
            .into_iter()
            .chain(f.incidents.iter().map(|i| incident_fp[i.id.as_str()])),
        );
        (f.path.clone(), key)
    };
    let filter_render = |f: &browse::FilterPage, sink: &dyn PageSink, key: u64| {
        r.page_rows_to(
            sink,
            key,
            "chronology.html",
            &f.path,
            "chronology",
            |rows| {
                let mut ctx = Context::new();
                insert_moved(
                    &mut ctx,
                    "years",
                    r.chronology(&f.incidents, &f.path, rows)?,
                );
                ctx.insert("split", &false);
                ctx.insert("incident_count", &f.incidents.len());
                ctx.insert("facets", &facets);
                ctx.insert(
                    "filter",
                    &FilterView {
                        facet: &f.facet,
                        value: &f.value,
                        path: &f.path,
                    },
                );
                Ok(ctx)
            },
        )
    };

    // Incident pages, each with its map zoomed on it.
    // In map order (by location), so that the pages sharing a zoomed window are rendered
    // one after the other and its base layer is drawn once (see `map::MapIndex`).
    // Their evidence is numbered as each page is made, and dropped with it.
    let mut by_map: Vec<&Incident> = incidents.clone();
    by_map.sort_by_cached_key(|inc| {
        map_index
            .point(&inc.id)
            .map(|p| (p.lon.to_bits(), p.lat.to_bits()))
    });
    let incident_key = |inc: &&Incident| {
        let mut cited: Vec<&str> = inc.reports.iter().map(|r| r.article.as_str()).collect();
        cited.sort_unstable();
        cited.dedup();
        let actors: Vec<Option<String>> = inc
            .perpetrators
            .iter()
            .chain(&inc.claimed_by)
            .map(|a| actor_href(a))
            .collect();
        let map_fp = map_index.point(&inc.id).map_or(0, |p| {
            map_index.fingerprint_around(p.lat, p.lon, ZOOM_SPAN, ZOOM_WIDTH)
        });
        let key = fingerprint::combine(
            [
                site_fp,
                1,
                incident_fp[inc.id.as_str()],
                fingerprint::hashed(&place_href(inc)),
                fingerprint::hashed(&actors),
                map_fp,
            ]
            .into_iter()
            .chain(
                cited
                    .iter()
                    .map(|a| article_fp.get(a).copied().unwrap_or(0)),
            ),
        );
        (routes::incident_path(&inc.id), key)
    };
    let links = Links {
        article_map: &article_map,
        map_index: &map_index,
        place_href: &place_href,
        actor_href: &actor_href,
    };
    out.keyed_beside(
        &filter_pages,
        filter_key,
        filter_render,
        &by_map,
        incident_key,
        |inc| r.incident(inc, &citations::Evidence::for_incident(inc), &links),
    );
    drop(filter_pages);
    drop(by_map);

    // A page per place and per actor.
    let group_key = |g: &browse::BrowseGroup, map_fp: u64| {
        let key = fingerprint::combine(
            [site_fp, 2, fingerprint::of(&g.heading()), map_fp]
                .into_iter()
                .chain(g.incidents.iter().map(|i| incident_fp[i.id.as_str()])),
        );
        (g.path.clone(), key)
    };
    let place_pages = browse::place_pages(&incidents, &slugs);
    let place_key = |g: &browse::BrowseGroup| {
        let map_fp = g.centre.map_or(0, |(lat, lon)| {
            map_index.fingerprint_around(lat, lon, ZOOM_SPAN, ZOOM_WIDTH)
        });
        group_key(g, map_fp)
    };
    let place_render = |g: &browse::BrowseGroup| {
        let zoomed = g.centre.and_then(|(lat, lon)| {
            map::draw_in(
                &map_index,
                &map::MapOptions {
                    width: ZOOM_WIDTH,
                    frame: map::Frame::Around {
                        lat,
                        lon,
                        span: ZOOM_SPAN,
                    },
                    emphasis: g
                        .incidents
                        .iter()
                        .filter_map(|i| map_index.point(&i.id)?.country.clone())
                        .collect(),
                    highlight: g.ids.clone(),
                    class: "map-zoom".into(),
                    subject: format!("the area around {}", g.name),
                },
            )
        });
        let ctx = r.browse(g, zoomed.as_ref(), &mut Rows::inline())?;
        r.page("browse.html", &g.path, "browse", ctx)
    };
    // An actor's page lists every incident attributed to it (thousands for the usual
    // "unidentified armed group"): rendered one at a time beside the place pages.
    let actor_pages = browse::actor_pages(&incidents, &slugs);
    let whole_map_fp = map_index.fingerprint();
    let actor_render = |g: &browse::BrowseGroup, sink: &dyn PageSink, key: u64| {
        let fitted = map::draw_in(
            &map_index,
            &map::MapOptions {
                width: 480.0,
                frame: map::Frame::Fit,
                highlight: g.ids.clone(),
                emphasis: briefing_countries.clone(),
                class: "map-zoom".into(),
                subject: format!("incidents attributed to or claimed by {}", g.name),
            },
        );
        r.page_rows_to(sink, key, "browse.html", &g.path, "browse", |rows| {
            r.browse(g, fitted.as_ref(), rows)
        })
    };
    out.keyed_beside(
        &actor_pages,
        |g| group_key(g, whole_map_fp),
        actor_render,
        &place_pages,
        place_key,
        place_render,
    );
    drop(place_pages);
    drop(actor_pages);

    // Bibliography and article pages.
    // An article's reference is made where it is used (a row of the bibliography, the
    // article's page and its fingerprint), not kept for every article at once. The
    // bibliography is rendered beside the article pages.
    let reference = |a: &Article| context::reference(a, cited_by.article(&a.id));
    // Each reference's fingerprint, for its row of the bibliography and its article's page.
    let reference_fp: HashMap<&str, u64> = articles
        .par_iter()
        .map(|a| (a.id.as_str(), fingerprint::hashed(&reference(a))))
        .collect();
    out.keyed_beside(
        &["sources.html"],
        |path| (path.to_string(), fingerprint::combine([all_fp, 12])),
        |path, sink, key| {
            r.page_rows_to(sink, key, "sources.html", path, "sources", |rows| {
                let mut ctx = Context::new();
                ctx.insert("reference_count", &articles.len());
                let html = rows.block(|out| {
                    r.rows_into(
                        "row-reference.html",
                        path,
                        "r",
                        &articles,
                        |a| reference_fp[a.id.as_str()],
                        |a| reference(a),
                        out,
                    )
                })?;
                insert_moved(&mut ctx, "rows", tera::Value::String(html));
                Ok(ctx)
            })
        },
        &articles,
        |a| {
            let key = fingerprint::combine([
                site_fp,
                5,
                article_fp[a.id.as_str()],
                reference_fp[a.id.as_str()],
                fingerprint::hashed(&cited_by.sentence_indexes(&a.id)),
            ]);
            (routes::source_path(&a.id), key)
        },
        |a| r.source(a, &reference(a), &cited_by),
    );

    // Served for missing paths at any depth: a script sets the site root (see `hosting`).
    let base_url = data.config.base_url.as_str();
    out.one_keyed("404.html", fingerprint::combine([site_fp, 13]), || {
        r.page("404.html", "404.html", "", Context::new())
            .map(|p| Page {
                bytes: hosting::not_found_root_script(&String::from_utf8_lossy(&p.bytes), base_url)
                    .into_bytes(),
                ..p
            })
    });

    // The data files, each built from the whole briefing: streamed to the output one after
    // the other, as each is large (tens of megabytes for thousands of incidents) and memory
    // matters more here than the few milliseconds parallelism would save.
    // Each is a sequence of records, one per incident, made from the incident and the
    // articles it cites: a rebuild copies the unchanged records from the previous file (see
    // `output::records`).
    type Export<'x> = (
        &'static str,
        Box<dyn Fn(&mut dyn RecordWrite, exports::RecordKey) -> std::io::Result<()> + 'x>,
    );
    let exports: Vec<Export> = vec![
        (
            "data/incidents.json",
            Box::new(|w, key| {
                data::write_incidents_json(w, &data.generator, &incidents, &article_map, key)
            }),
        ),
        (
            "data/search.json",
            Box::new(|w, key| browse::write_search_json(w, &data.generator, &incidents, key)),
        ),
        (
            "data/incidents.csv",
            Box::new(|w, key| {
                exports::write_incidents_csv(w, &incidents, &article_map, base_url, key)
            }),
        ),
        (
            "data/incidents.geojson",
            Box::new(|w, key| {
                exports::write_incidents_geojson(w, &data.generator, &incidents, base_url, key)
            }),
        ),
    ];
    for (n, (path, write)) in (20..).zip(&exports) {
        let key = fingerprint::combine([all_fp, n]);
        let record_key = |inc: &Incident| {
            fingerprint::combine(
                [site_fp, n, incident_fp[inc.id.as_str()]]
                    .into_iter()
                    .chain(
                        inc.reports
                            .iter()
                            .map(|r| article_fp.get(r.article.as_str()).copied().unwrap_or(0)),
                    ),
            )
        };
        out.keyed(path, key, |sink| {
            sink.put_records(path.to_string(), Some(key), &mut |w| write(w, &record_key))
        });
    }
    let cfg = data.config;
    let info = feed::FeedInfo {
        title: &cfg.title,
        description: cfg.description.as_deref(),
        author: cfg.organisation.as_deref().unwrap_or(&cfg.title),
        language: if cfg.language.trim().is_empty() {
            "en"
        } else {
            cfg.language.trim()
        },
        base_url,
        generator: &data.generator,
    };
    out.one_keyed("feed.xml", fingerprint::combine([all_fp, 14]), || {
        Ok(Page {
            path: "feed.xml".into(),
            bytes: feed::atom(&info, &incidents, &article_map),
        })
    });
    if let Some(page) = hosting::cname_page(cfg.cname.as_deref()) {
        out.push(Ok(page));
    }
    out.push(Ok(Page {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
    }));
    // Every HTML page, static ones included; this comes after every generated page. Its
    // fingerprint: the base URL (in the site's) and the pages it lists.
    let mut generated: Vec<String> = std::mem::take(&mut out.paths);
    generated.sort();
    let listed = feed::sitemap_pages(
        generated
            .iter()
            .map(String::as_str)
            .chain(statics.keys().map(String::as_str)),
    );
    let sitemap_key = fingerprint::combine([site_fp, 15, fingerprint::hashed(&listed)]);
    out.keyed("sitemap.xml", sitemap_key, |sink| {
        sink.put_streamed("sitemap.xml".into(), Some(sitemap_key), &mut |w| {
            feed::write_sitemap(w, base_url, &listed)
        })
    });
    drop(listed);
    let mut kept = Vec::new();
    for (path, bytes) in statics {
        if generated.binary_search(&path).is_ok() || path == "sitemap.xml" {
            out.errors.push(Error::Other(format!(
                "{path}: a static file collides with a generated page; rename it"
            )));
        } else {
            kept.push(Page { path, bytes });
        }
    }
    out.paths.splice(0..0, generated);
    for page in kept {
        out.push(Ok(page));
    }
    if !out.errors.is_empty() {
        return Err(Errors(out.errors));
    }
    Ok(out.paths.len())
}

/// Ids become file names: two equal ids would overwrite each other's page.
fn check_unique<'a>(ids: impl Iterator<Item = &'a str>, what: &str, errors: &mut Vec<Error>) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for id in ids {
        *seen.entry(id).or_default() += 1;
    }
    for (id, n) in seen.into_iter().filter(|(_, n)| *n > 1) {
        errors.push(Error::Other(format!(
            "{n} {what}s have the id `{id}`; ids must be unique (rename the files or fix the ids)"
        )));
    }
}
