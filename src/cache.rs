//! The extraction cache: what loading and extracting made of each article file, kept between
//! builds in `<root>/.briefing-cache/`, so that a rebuild reads every file but parses and
//! extracts only those that changed.
//!
//! An entry is keyed by a hash of the file's path and bytes; the whole cache is salted with
//! a hash of the running program and of the settings extraction depends on (language,
//! default country, the site's own places), so a new version of `briefing` or a changed
//! setting never reuses old results. Entries are spread over [`SHARDS`] files by key, and a
//! build rewrites only the shards whose set of entries changed: editing one article rewrites
//! one small file.
//!
//! The cache is an accelerator, never a source of truth: a missing, unreadable, corrupt or
//! foreign file is treated as empty, and a failure to write it is ignored (the next build
//! just does the work again). Delete the folder at any time.

use crate::config::Config;
use crate::model::{Article, Mention};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex};

/// Folder of the cache, inside the site folder.
pub const DIR: &str = ".briefing-cache";

/// Number of shard files. Enough that one edit rewrites little, few enough to open quickly.
pub const SHARDS: u64 = 64;

/// Bumped when the layout of an entry changes.
const FORMAT: u64 = 1;

/// What the cache keeps of one article file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cached {
    pub article: Article,
    pub mentions: Vec<Arc<Mention>>,
}

#[derive(Serialize, Deserialize)]
struct Shard {
    salt: u64,
    /// Sorted by key.
    entries: Vec<(u64, Cached)>,
}

/// [`Shard`] borrowing what it writes: postcard encodes a reference as the value, so the
/// file reads back as a `Shard`, and saving copies nothing.
#[derive(Serialize)]
struct ShardRef<'a> {
    salt: u64,
    entries: Vec<(u64, CachedRef<'a>)>,
}

#[derive(Serialize)]
struct CachedRef<'a> {
    article: &'a Article,
    mentions: &'a [Arc<Mention>],
}

/// One article to save: its key, the article and its mentions.
pub type Item<'a> = (u64, &'a Article, &'a [Arc<Mention>]);

/// The cache of one site, loaded at the start of a build.
pub struct ExtractCache {
    /// `None` when caching is off (no site folder to write to).
    dir: Option<PathBuf>,
    salt: u64,
    /// Entries of the previous build, taken out as they are used.
    entries: Mutex<HashMap<u64, Cached>>,
    /// The keys each shard file held, to rewrite only the shards that change.
    previous: Vec<Vec<u64>>,
}

/// The key of an article file: its path relative to the site root and its bytes.
pub fn key(shown: &Path, bytes: &[u8]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(shown.to_string_lossy().as_bytes());
    h.update(&[0]);
    h.update(bytes);
    h.digest()
}

/// The program's own fingerprint: a hash of its executable, so that any rebuilt `briefing`
/// (a new extractor, a new gazetteer) starts from an empty cache. Computed once.
static PROGRAM: LazyLock<u64> = LazyLock::new(|| {
    std::env::current_exe()
        .and_then(|exe| hash_file(&exe))
        // Unknown executable: a fresh value per run, i.e. no reuse at all.
        .unwrap_or_else(|_| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        })
});

/// xxh3 of a file's bytes, read in pieces (an executable with debug information is tens of
/// megabytes, which need not sit in memory).
fn hash_file(path: &Path) -> std::io::Result<u64> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(hasher.digest()),
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// A fingerprint of the running program (its executable's bytes): anything computed by
/// one build of `briefing` and kept for the next is void when the program changed.
pub fn program_fingerprint() -> u64 {
    *PROGRAM
}

/// The salt for a site: program, entry format and the settings that extraction reads.
pub fn salt(config: &Config) -> u64 {
    let settings = format!(
        "{FORMAT}\0{}\0{:?}\0{:?}",
        config.language, config.default_country, config.places
    );
    xxhash_rust::xxh3::xxh3_64_with_seed(settings.as_bytes(), *PROGRAM)
}

fn shard_path(dir: &Path, shard: u64) -> PathBuf {
    dir.join(format!("extract-{shard:02}.bin"))
}

impl ExtractCache {
    /// A cache that keeps nothing (for callers without a site folder).
    pub fn disabled() -> ExtractCache {
        ExtractCache {
            dir: None,
            salt: 0,
            entries: Mutex::new(HashMap::new()),
            previous: vec![Vec::new(); SHARDS as usize],
        }
    }

    /// Load the cache of the site at `root` (shards read in parallel).
    pub fn open(root: &Path, config: &Config) -> ExtractCache {
        let dir = root.join(DIR);
        let salt = salt(config);
        let shards: Vec<Vec<(u64, Cached)>> = (0..SHARDS)
            .into_par_iter()
            .map(|i| {
                std::fs::read(shard_path(&dir, i))
                    .ok()
                    .and_then(|bytes| postcard::from_bytes::<Shard>(&bytes).ok())
                    .filter(|s| s.salt == salt)
                    .map(|s| s.entries)
                    .unwrap_or_default()
            })
            .collect();
        let previous = shards
            .iter()
            .map(|s| s.iter().map(|(k, _)| *k).collect())
            .collect();
        let entries = shards.into_iter().flatten().collect();
        ExtractCache {
            dir: Some(dir),
            salt,
            entries: Mutex::new(entries),
            previous,
        }
    }

    /// A cache that reads nothing: the caller (`briefing serve`) has the previous build's
    /// results in memory, and `shards` gives the key sets of the shard files that build left,
    /// so that saving rewrites only the shards that change.
    pub fn resume(root: &Path, salt: u64, shards: Vec<Vec<u64>>) -> ExtractCache {
        let previous = if shards.len() == SHARDS as usize {
            shards
        } else {
            vec![Vec::new(); SHARDS as usize]
        };
        ExtractCache {
            dir: Some(root.join(DIR)),
            salt,
            entries: Mutex::new(HashMap::new()),
            previous,
        }
    }

    /// The key sets of the shard files as they are now (after [`save`](Self::save)), for
    /// [`resume`](Self::resume).
    pub fn into_shards(self) -> Vec<Vec<u64>> {
        self.previous
    }

    /// Take the entry for `key`, if the previous build left one.
    pub fn take(&self, key: u64) -> Option<Cached> {
        self.dir.as_ref()?;
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&key)
    }

    /// Record this build's articles and their mentions (`key`, article, mentions), rewriting
    /// the shards whose entries changed. Best effort: errors are ignored. Returns how many
    /// shard files were written.
    pub fn save(&mut self, items: &[Item]) -> usize {
        let Some(dir) = &self.dir else {
            return 0;
        };
        let mut shards: BTreeMap<u64, Vec<Item>> = BTreeMap::new();
        for &(k, a, m) in items {
            shards.entry(k % SHARDS).or_default().push((k, a, m));
        }
        let changed: Vec<(u64, Vec<Item>)> = (0..SHARDS)
            .filter_map(|i| {
                let mut entries = shards.remove(&i).unwrap_or_default();
                entries.sort_by_key(|e| e.0);
                entries.dedup_by_key(|e| e.0);
                let mut keys: Vec<u64> = entries.iter().map(|e| e.0).collect();
                let mut before = self.previous[i as usize].clone();
                keys.sort_unstable();
                before.sort_unstable();
                (keys != before).then_some((i, entries))
            })
            .collect();
        if changed.is_empty() || std::fs::create_dir_all(dir).is_err() {
            return 0;
        }
        // Tools that walk the site (git, editors) should skip the cache.
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(
                &ignore,
                "# Created by briefing: a cache, safe to delete.\n*\n",
            );
        }
        let written: Vec<(u64, Vec<u64>)> = changed
            .par_iter()
            .filter(|(i, entries)| {
                let shard = ShardRef {
                    salt: self.salt,
                    entries: entries
                        .iter()
                        .map(|&(k, article, mentions)| (k, CachedRef { article, mentions }))
                        .collect(),
                };
                let Ok(bytes) = postcard::to_stdvec(&shard) else {
                    return false;
                };
                let path = shard_path(dir, *i);
                let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
                let ok =
                    std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, &path).is_ok();
                if !ok {
                    let _ = std::fs::remove_file(&tmp);
                }
                ok
            })
            .map(|(i, entries)| (*i, entries.iter().map(|e| e.0).collect()))
            .collect();
        for (i, keys) in &written {
            self.previous[*i as usize] = keys.clone();
        }
        written.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(articles: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        for (name, text) in articles {
            std::fs::write(dir.path().join("content/articles").join(name), text).unwrap();
        }
        dir
    }

    fn article(path: &str, text: &str) -> Article {
        crate::content::parse_article(Path::new(path), text.as_bytes()).unwrap()
    }

    const A: &str = "+++\ntitle = \"A\"\npublished = 2023-01-03\n+++\n\nGunmen killed five people on Monday in Markacoungo.\n";

    #[test]
    fn entries_survive_a_round_trip_and_unchanged_shards_are_not_rewritten() {
        let site = site_with(&[]);
        let config = Config::default();
        let a = article("content/articles/a.md", A);
        let mention_free: Vec<Arc<Mention>> = Vec::new();
        let k = key(Path::new("content/articles/a.md"), A.as_bytes());
        let mut cache = ExtractCache::open(site.path(), &config);
        assert!(cache.take(k).is_none());
        assert_eq!(
            cache.save(&[(k, &a, &mention_free)]),
            1,
            "one shard written"
        );
        let mut cache = ExtractCache::open(site.path(), &config);
        assert_eq!(cache.save(&[(k, &a, &mention_free)]), 0, "nothing changed");
        let hit = cache.take(k).expect("cached");
        assert_eq!(hit.article, a);
        assert!(cache.take(k).is_none(), "taken once");
        assert!(site.path().join(DIR).join(".gitignore").exists());
    }

    #[test]
    fn another_setting_or_a_corrupt_file_means_an_empty_cache() {
        let site = site_with(&[]);
        let config = Config::default();
        let a = article("content/articles/a.md", A);
        let k = key(Path::new("content/articles/a.md"), A.as_bytes());
        ExtractCache::open(site.path(), &config).save(&[(k, &a, &[])]);
        let other = Config {
            default_country: Some("BF".into()),
            ..Config::default()
        };
        assert!(ExtractCache::open(site.path(), &other).take(k).is_none());
        let shard = shard_path(&site.path().join(DIR), k % SHARDS);
        std::fs::write(&shard, b"\xff\x00garbage").unwrap();
        assert!(ExtractCache::open(site.path(), &config).take(k).is_none());
    }

    #[test]
    fn the_key_covers_path_and_bytes() {
        let p = Path::new("content/articles/a.md");
        assert_ne!(key(p, b"x"), key(p, b"y"));
        assert_ne!(key(p, b"x"), key(Path::new("content/articles/b.md"), b"x"));
    }
}
