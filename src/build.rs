//! A site build: load → extract → consolidate → render → write. Only the ends touch the disk.

use crate::cache::{self, ExtractCache};
use crate::config::Config;
use crate::content;
use crate::error::{Error, Errors};
use crate::extract::{self, gazetteer::Gazetteer, lexicon::Lexicon};
use crate::incidents::consolidate::{Reusable, consolidate_reusing};
use crate::incidents::overrides;
use crate::model::{Article, Incident, Mention};
use crate::output;
use crate::site::{self, SiteData};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What `briefing build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of `config.toml`.
    pub base_url: Option<String>,
}

/// What a build did, for the summary line.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub articles: usize,
    pub incidents: usize,
    pub pages: usize,
    /// Files actually written: a rebuild rewrites only those whose bytes changed.
    pub written: usize,
    pub elapsed: Duration,
    pub output: PathBuf,
    pub warnings: Vec<String>,
    /// Wall time and memory of each stage, in pipeline order (`briefing build --timings`).
    pub timings: Vec<Lap>,
}

/// Wall time per pipeline stage: each `lap` records the time since the previous one.
#[derive(Debug)]
pub struct Stopwatch {
    last: Instant,
    pub laps: Vec<Lap>,
}

/// One stage of a build: how long it took, and the process's memory when it ended.
#[derive(Debug, Clone)]
pub struct Lap {
    pub stage: &'static str,
    pub took: Duration,
    /// Resident memory at the end of the stage and the peak so far, in KiB (Linux only).
    pub memory: Option<(u64, u64)>,
}

/// (VmRSS, VmHWM) of this process in KiB, from `/proc/self/status`.
pub(crate) fn memory_now() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }
}

impl Stopwatch {
    /// Close the stage called `name`.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push(Lap {
            stage: name,
            took: now - self.last,
            memory: memory_now(),
        });
        self.last = now;
    }
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Built {} articles → {} incidents, {} files in {} ms ({})",
            self.articles,
            self.incidents,
            self.pages,
            self.elapsed.as_millis(),
            self.output.display()
        )
    }
}

/// A loaded and analysed site, before rendering.
pub struct Analysed {
    pub config: Config,
    pub articles: Vec<Article>,
    pub incidents: Vec<Incident>,
    /// When the unchanged articles came from a [`Memory`]: the ids of those read from their
    /// files (the changed and new ones).
    pub reread: Option<BTreeSet<String>>,
    /// How long loading, extracting and consolidating took.
    pub timings: Stopwatch,
}

/// The gazetteer with the site's own places added.
pub fn gazetteer_for(config: &Config) -> Gazetteer {
    Gazetteer::with_extra(config.places.iter())
}

/// Extract the mentions of every article, in parallel; the order of the result follows the
/// articles' order, whatever the number of threads.
pub fn extract_all(articles: &[Article], config: &Config, gazetteer: &Gazetteer) -> Vec<Mention> {
    articles
        .par_iter()
        .flat_map_iter(|a| extract_one(a, config, gazetteer))
        .collect()
}

/// An article's cache key, and its mentions when the cache or the memory had them.
type Known = (u64, Option<Vec<Arc<Mention>>>);

/// Where a build is, for a progress display (`briefing build` on a terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Reading config, articles and overrides.
    Loading,
    /// `done` of `total` articles extracted (reported from the worker threads).
    Extracting { done: usize, total: usize },
    /// Consolidating and rendering the pages.
    Rendering,
    /// Writing the output folder.
    Writing,
}

/// A progress observer; called from several threads while extracting.
pub type Observer<'a> = &'a (dyn Fn(Progress) + Sync);

/// The mentions of every article, in the articles' order: those the cache had, and those of
/// the other articles extracted now (in parallel).
fn extract_missing(
    articles: &[Article],
    known: Vec<Known>,
    config: &Config,
    gazetteer: &Gazetteer,
    progress: Observer,
) -> Vec<(u64, Vec<Arc<Mention>>)> {
    let missing: Vec<&Article> = articles
        .iter()
        .zip(&known)
        .filter(|(_, (_, m))| m.is_none())
        .map(|(a, _)| a)
        .collect();
    let total = missing.len();
    if total > 0 {
        extract::warm_up();
    }
    let done = std::sync::atomic::AtomicUsize::new(0);
    progress(Progress::Extracting { done: 0, total });
    let mut fresh: Vec<Vec<Arc<Mention>>> = missing
        .par_iter()
        .map(|a| {
            let mentions = extract_one(a, config, gazetteer)
                .into_iter()
                .map(Arc::new)
                .collect();
            let done = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress(Progress::Extracting { done, total });
            mentions
        })
        .collect();
    fresh.reverse();
    known
        .into_iter()
        .map(|(key, m)| (key, m.unwrap_or_else(|| fresh.pop().unwrap_or_default())))
        .collect()
}

/// Extract the mentions of one article with the site's settings.
fn extract_one(a: &Article, config: &Config, gazetteer: &Gazetteer) -> Vec<Mention> {
    let lexicon = Lexicon::for_language(
        a.meta
            .language
            .as_deref()
            .or(Some(config.language.as_str())),
    );
    let ctx = extract::Context {
        lexicon,
        gazetteer,
        default_country: config.default_country.as_deref(),
    };
    extract::extract(a, &ctx)
}

/// What `briefing serve` keeps of its last good build between builds: every article with
/// its mentions, so that the next build reads, parses and extracts only the files that
/// changed since (the file watcher says which) and opens no cache.
#[derive(Default)]
pub struct Memory {
    /// Whether the entries are those of the last build (a failed or unfinished build
    /// leaves them incomplete: the next build then loads everything).
    valid: bool,
    /// The extraction settings the mentions were made with (`cache::salt`).
    salt: u64,
    /// Article file (path relative to the site root) → cache key, article, mentions.
    entries: HashMap<PathBuf, (u64, Article, Vec<Arc<Mention>>)>,
    /// The mentions of the build under way, in its articles' order, until
    /// [`remember`](Self::remember) pairs them with the articles again.
    pending: Vec<(u64, Vec<Arc<Mention>>)>,
    /// The key sets of the cache's shard files, as the last build left them.
    shards: Vec<Vec<u64>>,
    /// Paths (relative to the site root) that changed since the last build: files, or
    /// folders for everything below them.
    changed: Vec<PathBuf>,
    /// The article files of the last build, in its articles' order.
    files: Vec<PathBuf>,
    /// The incidents of the last build, for the clusters an edit leaves as they were.
    incidents: Reusable,
}

impl Memory {
    /// Files or folders (relative to the site root) changed since the last build.
    pub fn changed<'p>(&mut self, paths: impl IntoIterator<Item = &'p Path>) {
        self.changed
            .extend(paths.into_iter().map(Path::to_path_buf));
    }

    /// Keep the articles and incidents of a good build (after rendering, which borrows
    /// them).
    pub fn remember(&mut self, articles: Vec<Article>, incidents: Vec<Incident>) {
        let pending = std::mem::take(&mut self.pending);
        if pending.len() != articles.len() {
            self.valid = false;
            return;
        }
        self.incidents = Reusable::new(incidents);
        self.files = articles.iter().map(|a| a.path.clone()).collect();
        self.entries = articles
            .into_iter()
            .zip(pending)
            .map(|(a, (key, mentions))| (a.path.clone(), (key, a, mentions)))
            .collect();
        self.changed.clear();
        self.valid = true;
    }

    /// Whether the article file at `shown` may have changed since the last build.
    fn maybe_changed(&self, shown: &Path) -> bool {
        self.changed.iter().any(|c| shown.starts_with(c))
    }
}

/// Load and analyse a site folder: extract, consolidate, then apply the analyst's overrides
/// (`content/incidents/`). Every problem of every override file is reported together.
pub fn analyse(root: &Path) -> Result<Analysed, Errors> {
    analyse_observed(root, &|_| {})
}

/// [`analyse`], reporting its progress.
pub fn analyse_observed(root: &Path, progress: Observer) -> Result<Analysed, Errors> {
    analyse_in(root, progress, None)
}

/// [`analyse_observed`], taking the unchanged articles from `memory` (see [`Memory`]) when
/// it holds those of the last build with the same extraction settings; the caller gives the
/// articles back with [`Memory::remember`] once done with them.
pub fn analyse_in(
    root: &Path,
    progress: Observer,
    mut memory: Option<&mut Memory>,
) -> Result<Analysed, Errors> {
    let mut watch = Stopwatch::default();
    progress(Progress::Loading);
    // Every input is read even when an earlier one is broken, so that one run lists every
    // problem: a broken config.toml falls back to the defaults for the rest of the checks.
    let mut errors = Vec::new();
    let mut config_ok = true;
    let config = content::load_config(root).unwrap_or_else(|e| {
        errors.push(e);
        config_ok = false;
        Config::default()
    });
    // Unchanged articles come from the cache with their mentions: only new or edited files
    // are parsed and extracted (see `cache`).
    let salt = cache::salt(&config);
    // The memory of the last build, if it can stand in for the cache: taken out now, so
    // that a build that fails leaves it invalid.
    let mut remembered = match memory.as_deref_mut() {
        Some(m) if config_ok && m.valid && m.salt == salt => {
            m.valid = false;
            Some(Memory {
                entries: std::mem::take(&mut m.entries),
                changed: std::mem::take(&mut m.changed),
                shards: std::mem::take(&mut m.shards),
                files: std::mem::take(&mut m.files),
                incidents: std::mem::take(&mut m.incidents),
                ..Memory::default()
            })
        }
        Some(m) => {
            *m = Memory::default();
            None
        }
        None => None,
    };
    let cache = match &mut remembered {
        Some(m) => ExtractCache::resume(root, salt, std::mem::take(&mut m.shards)),
        None if config_ok => ExtractCache::open(root, &config),
        None => ExtractCache::disabled(),
    };
    // When every change is an edit of a known article file (the common case: saving in
    // an editor), the folder holds the same files as before and is not walked again.
    let listed = remembered.as_ref().and_then(|m| {
        let edits_only = m.changed.iter().all(|c| {
            m.entries.contains_key(c)
                && std::fs::symlink_metadata(root.join(c)).is_ok_and(|md| md.is_file())
        });
        edits_only.then(|| m.files.clone())
    });
    let kept = std::sync::Mutex::new(remembered);
    let loaded = content::load_articles_listed(
        root,
        listed,
        &|shown| {
            let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
            let m = kept.as_mut()?;
            if m.maybe_changed(shown) {
                return None;
            }
            let (key, article, mentions) = m.entries.remove(shown)?;
            Some((article, ((key, Some(mentions)), true)))
        },
        &|shown, bytes| {
            let key = cache::key(shown, bytes);
            match cache.take(key) {
                Some(hit) => Ok((hit.article, ((key, Some(hit.mentions)), false))),
                None => Ok((content::parse_article(shown, bytes)?, ((key, None), false))),
            }
        },
    )
    .unwrap_or_else(|es| {
        errors.extend(es.0);
        Vec::new()
    });
    let remembered = kept.into_inner().unwrap_or_else(|e| e.into_inner());
    let from_memory = remembered.is_some();
    let mut reusable = remembered.map(|m| m.incidents).unwrap_or_default();
    let reread: Option<BTreeSet<String>> = from_memory.then(|| {
        loaded
            .iter()
            .filter(|(_, (_, remembered))| !remembered)
            .map(|(a, _)| a.id.clone())
            .collect()
    });
    let (articles, known): (Vec<Article>, Vec<Known>) =
        loaded.into_iter().map(|(a, (k, _))| (a, k)).unzip();
    let gazetteer = gazetteer_for(&config);
    let (overrides, override_errors) =
        overrides::load_overrides(root, &gazetteer, config.default_country.as_deref());
    errors.extend(override_errors);
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    watch.lap("load");
    let mentions = extract_missing(&articles, known, &config, &gazetteer, progress);
    let saved: Vec<(u64, &Article, &[Arc<Mention>])> = articles
        .iter()
        .zip(&mentions)
        .map(|(a, (key, m))| (*key, a, m.as_slice()))
        .collect();
    let mut cache = cache;
    cache.save(&saved);
    drop(saved);
    if let Some(m) = memory {
        // Consolidation takes the mentions; the next build needs them again (shared, not
        // copied).
        m.salt = salt;
        m.shards = cache.into_shards();
        m.pending = mentions.clone();
    } else {
        drop(cache);
    }
    // Sized up front: grown by doubling, the list of every mention was copied at each step
    // and ended with up to twice the room it needs.
    let mut all: Vec<Arc<Mention>> =
        Vec::with_capacity(mentions.iter().map(|(_, m)| m.len()).sum());
    for (_, m) in mentions {
        all.extend(m);
    }
    watch.lap("extract");
    progress(Progress::Rendering);
    let incidents = consolidate_reusing(all, &articles, &mut reusable);
    drop(reusable);
    let incidents = match overrides::apply(incidents, &overrides, &articles) {
        Ok(incidents) => incidents,
        Err(es) => {
            errors.extend(es);
            Vec::new()
        }
    };
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    watch.lap("consolidate");
    Ok(Analysed {
        config,
        articles,
        incidents,
        reread,
        timings: watch,
    })
}

/// Build the site. On any error the previous output is left as it was.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Errors> {
    build_with(opts, &|_| Ok(()))
}

/// [`build`], with the loaded configuration adjusted first (`briefing pdf --from/--to`
/// narrow the print period without editing config.toml).
pub fn build_with(
    opts: &BuildOptions,
    adjust: &dyn Fn(&mut Config) -> Result<(), Error>,
) -> Result<BuildSummary, Errors> {
    build_observed(opts, adjust, &|_| {})
}

/// [`build_with`], reporting its progress (see [`Progress`]).
pub fn build_observed(
    opts: &BuildOptions,
    adjust: &dyn Fn(&mut Config) -> Result<(), Error>,
    progress: Observer,
) -> Result<BuildSummary, Errors> {
    build_steps(opts, adjust, progress, None, None).map(|(summary, _)| summary)
}

/// Called by [`build_in`] once the site is analysed and before it is rendered, with the
/// site and the ids of the articles read afresh from their files.
pub type Early<'a> = &'a mut dyn FnMut(&SiteData, &BTreeSet<String>);

/// A build for `briefing serve`: the unchanged articles come from `memory` (which keeps
/// this build's for the next one), and `early` may show the pages of the changed articles
/// before the whole site is rendered. Returns what changed in the output too.
pub fn build_in(
    opts: &BuildOptions,
    memory: &mut Memory,
    early: Early,
) -> Result<(BuildSummary, output::Committed), Errors> {
    build_steps(opts, &|_| Ok(()), &|_| {}, Some(memory), Some(early))
}

fn build_steps(
    opts: &BuildOptions,
    adjust: &dyn Fn(&mut Config) -> Result<(), Error>,
    progress: Observer,
    mut memory: Option<&mut Memory>,
    early: Option<Early>,
) -> Result<(BuildSummary, output::Committed), Errors> {
    let start = Instant::now();
    let root = &opts.root;
    if !root.is_dir() {
        return Err(Error::File { path: root.clone(), message: "site folder not found (pass --root DIR, or run in a folder with config.toml and content/)".into() }.into());
    }
    let output = opts.output.clone().unwrap_or_else(|| root.join("public"));
    // Output, templates and content are all checked before giving up, so that one run lists
    // every problem.
    let mut errors = Vec::new();
    if let Err(e) = output::check_output_against_root(&output, root) {
        errors.push(e);
    }
    if let Err(es) = site::templates::engine(root) {
        errors.extend(es);
    }
    let mut analysed = match analyse_in(root, progress, memory.as_deref_mut()) {
        Ok(a) if errors.is_empty() => a,
        Ok(_) => return Err(Errors(errors)),
        Err(es) => {
            errors.extend(es.0);
            return Err(Errors(errors));
        }
    };
    if let Some(url) = &opts.base_url {
        analysed.config.base_url = url.clone();
    }
    adjust(&mut analysed.config).map_err(Errors::from)?;
    let data = SiteData {
        config: &analysed.config,
        articles: &analysed.articles,
        incidents: &analysed.incidents,
        generator: format!("briefing {}", env!("CARGO_PKG_VERSION")),
    };
    if let (Some(early), Some(reread)) = (early, &analysed.reread) {
        early(&data, reread);
    }
    let mut watch = std::mem::take(&mut analysed.timings);
    // Pages are written as they are rendered, into a temporary tree that replaces the
    // output only once the whole site is rendered (see `output::OutputWriter`).
    let writer = output::OutputWriter::begin(&output).map_err(Errors::from)?;
    let pages = site::render_into(&data, root, &writer)?;
    watch.lap("render");
    progress(Progress::Writing);
    let committed = writer.commit_changes().map_err(Errors::from)?;
    watch.lap("write");
    let warnings = analysed
        .articles
        .iter()
        .flat_map(|a| {
            a.warnings
                .iter()
                .map(move |w| format!("{}: {w}", a.path.display()))
        })
        .collect();
    let summary = BuildSummary {
        articles: analysed.articles.len(),
        incidents: analysed.incidents.len(),
        pages,
        written: committed.written,
        elapsed: start.elapsed(),
        output,
        warnings,
        timings: watch.laps,
    };
    if let Some(m) = memory {
        m.remember(analysed.articles, analysed.incidents);
    }
    Ok((summary, committed))
}
