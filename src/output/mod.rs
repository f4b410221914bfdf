//! Writing the output tree atomically: pages go to a temporary directory beside the output,
//! which is swapped in only when complete, so a failed build leaves the previous output intact.
//!
//! The swap is two renames in the same parent directory (old output aside, new one in), so a
//! reader sees either the old tree or the new one, never a half-written mix.

pub mod records;

use crate::error::Error;
use crate::site::Page;
use records::{Indexes, PreviousRecords};
pub use records::{Plain, RecordIndex, RecordWrite};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Write `pages` to `output`, replacing what was there only once every page is written.
///
/// Refuses an empty path, `/` (or any file-system root), and a directory that looks like a
/// site root (`config.toml` or `content/` inside) or holds something other than a previous
/// build (no `.nojekyll`), so a mistyped `--output` never deletes source files.
/// On error the previous output is left untouched. See [`OutputWriter`] for how.
pub fn write_atomic(output: &Path, pages: &[Page]) -> Result<(), Error> {
    let writer = OutputWriter::begin(output)?;
    for page in pages {
        writer.put(page.path.clone(), page.bytes.clone(), None)?;
    }
    writer.commit()?;
    Ok(())
}

/// Where rendered pages go. Shared by the threads that render pages in parallel, so that a
/// page is written (or dropped) as soon as it is rendered and the site never sits in memory
/// whole.
pub trait PageSink: Sync {
    /// Whether the page at `path`, whose inputs have the fingerprint `key`, is already in the
    /// output from a previous build with the same inputs: the renderer then skips it.
    fn is_fresh(&self, _path: &str, _key: u64) -> bool {
        false
    }
    /// Take one page (any order, from any thread). `key` is the fingerprint of its inputs
    /// when the renderer knows one.
    fn put(&self, path: String, bytes: Vec<u8>, key: Option<u64>) -> Result<(), Error>;
    /// Take one file that `write` produces piece by piece: for the data exports, tens of
    /// megabytes for thousands of incidents, which then never sit in memory whole. By
    /// default the pieces are collected and given to [`put`](Self::put).
    fn put_streamed(
        &self,
        path: String,
        key: Option<u64>,
        write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        self.put_records(path, key, &mut |out| write(out))
    }
    /// [`put_streamed`](Self::put_streamed) for a file made of keyed records (the data
    /// exports): a sink that keeps the previous build's output lets `write` copy unchanged
    /// records from it (see [`records`]).
    fn put_records(
        &self,
        path: String,
        key: Option<u64>,
        write: &mut dyn FnMut(&mut dyn RecordWrite) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        let mut out = Plain::new(Vec::new());
        write(&mut out).map_err(|e| Error::Other(format!("{path}: {e}")))?;
        self.put(path, out.into_inner(), key)
    }
}

/// Keeps every page in memory, for `check`, tests and tools that want the pages themselves.
#[derive(Default)]
pub struct Collect(Mutex<Vec<Page>>);

impl Collect {
    /// The pages, sorted by path.
    pub fn into_pages(self) -> Vec<Page> {
        let mut pages = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        pages
    }
}

impl PageSink for Collect {
    fn put(&self, path: String, bytes: Vec<u8>, _key: Option<u64>) -> Result<(), Error> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Page { path, bytes });
        Ok(())
    }
}

/// The manifest of a build: every file of the output with its content hash, size and the
/// fingerprint of its inputs. Kept beside the output (`.<name>.manifest`, like the temporary
/// trees), never inside it, so the published tree is only the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    hash: u64,
    len: u64,
    key: Option<u64>,
}

const MANIFEST_HEADER: &str = "briefing-manifest 1";

/// What a committed build changed in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// Files written (a rebuild writes only those whose bytes changed).
    pub written: usize,
    /// In a rebuild, the files written or removed (paths relative to the output); `None`
    /// for a clean build, where everything is new.
    pub changed: Option<Vec<String>>,
}

/// Writes a build's output, incrementally when it can.
///
/// **Clean build** (no previous output, or no manifest of it): every page goes to a temporary
/// tree `.<name>.tmp-<pid>` beside the output, which is swapped in only when complete: on
/// Linux in one `renameat2(RENAME_EXCHANGE)`, so that at every instant `output` is a complete
/// tree, old or new, even if the process is killed; elsewhere (or on a file system without
/// the exchange) the previous output is renamed aside first, and a kill between the two
/// renames is repaired by the next build.
///
/// **Rebuild** (a previous output with its manifest): a page whose bytes are those the
/// manifest records is not written again, and a page whose input fingerprint is unchanged is
/// not even rendered ([`PageSink::is_fresh`]). Changed pages are staged in the temporary tree
/// first, so an error while writing them still leaves the previous output untouched. Then:
/// - when most files changed, the unchanged ones are hard-linked into the temporary tree and
///   the whole tree is swapped in as in a clean build (atomic);
/// - otherwise the few changed files are renamed into place one by one (each atomically)
///   and files no longer produced are removed. The manifest is deleted before and rewritten
///   after, so a build killed between those renames leaves no manifest and the next build
///   is a clean one, which restores a consistent tree.
///
/// Temporary trees left by killed builds are removed by the next build; a writer dropped
/// without [`commit`](Self::commit) removes its own.
pub struct OutputWriter {
    output: PathBuf,
    staging: PathBuf,
    manifest_path: PathBuf,
    /// Where the record indexes of the data exports are kept (`.<name>.records`).
    records_path: PathBuf,
    /// The previous build's manifest; `None` for a clean build.
    previous: Option<BTreeMap<String, Entry>>,
    /// The previous build's record indexes, read when first needed.
    previous_records: OnceLock<Indexes>,
    /// This build's record indexes, with the hash of the file each describes.
    new_records: Mutex<Indexes>,
    /// The new manifest, filled by `put` and `is_fresh`.
    entries: Mutex<BTreeMap<String, Entry>>,
    /// Pages written to the staging tree (in a rebuild: the changed ones).
    staged: Mutex<Vec<String>>,
    /// Pages on their way to the writer thread (`None` once it is told to finish).
    to_writer: Mutex<Option<std::sync::mpsc::SyncSender<(PathBuf, Vec<u8>)>>>,
    /// The thread that writes the staging tree, and the first error it met.
    writer: Mutex<Option<std::thread::JoinHandle<Result<(), Error>>>>,
    committed: bool,
}

impl OutputWriter {
    /// Prepare to write `output` (checked as [`write_atomic`] says): remove what killed
    /// builds left, read the previous manifest, create the temporary tree.
    pub fn begin(output: &Path) -> Result<OutputWriter, Error> {
        check_output(output)?;
        let name = output
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| refuse(output, "the output path has no usable directory name"))?;
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|source| cannot_write(output, &parent, &source))?;
        recover_interrupted(output, &parent, name);
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.tmp-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        // Leftovers of a crashed build with the same pid would make create_dir fail.
        remove_dir_if_exists(&staging)?;
        remove_dir_if_exists(&old)?;
        std::fs::create_dir(&staging).map_err(|source| cannot_write(output, &staging, &source))?;
        let manifest_path = parent.join(format!(".{name}.manifest"));
        let records_path = parent.join(format!(".{name}.records"));
        let previous = if output.is_dir() {
            read_manifest(&manifest_path)
        } else {
            None
        };
        // One thread creates every file: the renderers hand it pages and go on. Files are
        // created one at a time, so threads never contend for a directory's lock (with two
        // writers, more than half of a 10,000-article build's system time was that
        // contention), and writing overlaps rendering. The channel is bounded: rendering
        // never runs far ahead of the disk, and memory stays bounded.
        let (to_writer, pages) = std::sync::mpsc::sync_channel::<(PathBuf, Vec<u8>)>(64);
        let (out_name, staging_dir) = (output.to_path_buf(), staging.clone());
        let writer = std::thread::Builder::new()
            .name("briefing-writer".into())
            .spawn(move || write_staged(&out_name, &staging_dir, &pages))
            .map_err(|source| cannot_write(output, &staging, &source))?;
        Ok(OutputWriter {
            output: output.to_path_buf(),
            staging,
            manifest_path,
            records_path,
            previous,
            previous_records: OnceLock::new(),
            new_records: Mutex::new(Indexes::new()),
            entries: Mutex::new(BTreeMap::new()),
            staged: Mutex::new(Vec::new()),
            to_writer: Mutex::new(Some(to_writer)),
            writer: Mutex::new(Some(writer)),
            committed: false,
        })
    }

    /// Whether this is a rebuild over a previous output with its manifest.
    pub fn is_incremental(&self) -> bool {
        self.previous.is_some()
    }

    /// The previous build's record indexes (empty for a clean build).
    fn old_records(&self) -> &Indexes {
        self.previous_records.get_or_init(|| {
            self.previous
                .as_ref()
                .and_then(|_| records::load(&self.records_path))
                .unwrap_or_default()
        })
    }

    /// The previous build's `path`, to copy records from: only the very file the manifest
    /// records (same hash in the index, same size on disk).
    fn previous_records_of(&self, path: &str) -> Option<Arc<PreviousRecords>> {
        let entry = self.previous.as_ref()?.get(path)?;
        let (hash, index) = self.old_records().get(path)?;
        if *hash != entry.hash || !self.live_matches(path, entry) {
            return None;
        }
        PreviousRecords::open(&self.output.join(path), index).map(Arc::new)
    }

    /// The record indexes of the files of the new output: those written now, and those of
    /// unchanged files carried over.
    fn records_to_keep(&self, entries: &BTreeMap<String, Entry>) -> Indexes {
        let mut new =
            std::mem::take(&mut *self.new_records.lock().unwrap_or_else(|e| e.into_inner()));
        let old = self.old_records();
        let mut kept = Indexes::new();
        for (path, entry) in entries {
            let index = new.remove(path).or_else(|| old.get(path).cloned());
            if let Some((hash, index)) = index.filter(|(hash, _)| *hash == entry.hash) {
                kept.insert(path.clone(), (hash, index));
            }
        }
        kept
    }

    /// The live file still has the size the manifest recorded (a cheap check that nobody
    /// replaced or deleted it by hand since).
    fn live_matches(&self, path: &str, entry: &Entry) -> bool {
        std::fs::symlink_metadata(self.output.join(path))
            .is_ok_and(|m| m.is_file() && m.len() == entry.len)
    }

    /// The file at `path` has these bytes in the previous build's output already.
    fn unchanged(&self, path: &str, entry: &Entry) -> bool {
        self.previous
            .as_ref()
            .and_then(|m| m.get(path))
            .is_some_and(|old| old.hash == entry.hash && old.len == entry.len)
            && self.live_matches(path, entry)
    }

    fn mark_staged(&self, path: &str) {
        self.staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_string());
    }

    fn record(&self, path: String, entry: Entry) -> Result<(), Error> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.insert(path.clone(), entry).is_some() {
            return Err(Error::Other(format!(
                "invalid output pages: page path `{path}` is produced twice"
            )));
        }
        Ok(())
    }

    fn stage(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error> {
        let sender = self
            .to_writer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        // A failed send means the writer stopped at an error, which `commit` reports (once).
        if let Some(tx) = sender {
            let _ = tx.send((PathBuf::from(path), bytes));
        }
        Ok(())
    }

    /// Tell the writer thread that no page follows, wait for it, and return its error.
    fn finish_writing(&self) -> Result<(), Error> {
        self.to_writer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let handle = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take();
        match handle.map(std::thread::JoinHandle::join) {
            None | Some(Ok(Ok(()))) => Ok(()),
            Some(Ok(Err(e))) => Err(e),
            Some(Err(_)) => Err(Error::Other(format!(
                "{}: the output writer failed",
                self.output.display()
            ))),
        }
    }

    /// Put the new tree in place and record its manifest. Returns how many files were
    /// written (a rebuild writes only those that changed).
    pub fn commit(self) -> Result<usize, Error> {
        self.commit_changes().map(|c| c.written)
    }

    /// [`commit`](Self::commit), saying which files changed.
    pub fn commit_changes(mut self) -> Result<Committed, Error> {
        self.finish_writing()?;
        let entries = std::mem::take(self.entries.get_mut().unwrap_or_else(|e| e.into_inner()));
        let staged = std::mem::take(self.staged.get_mut().unwrap_or_else(|e| e.into_inner()));
        check_tree(entries.keys())?;
        let written = staged.len();
        // Read while the previous manifest is known: unchanged files keep their indexes.
        self.old_records();
        let previous = self.previous.take();
        let changed = previous.as_ref().map(|previous| {
            let removed = previous.keys().filter(|p| !entries.contains_key(*p));
            staged.iter().chain(removed).cloned().collect()
        });
        match previous {
            Some(previous) if !self.bulk(&previous, &entries, &staged) => {
                self.replace_in_place(&entries, &staged)?;
            }
            Some(_) => {
                // Most files changed: complete the staging tree with the unchanged files
                // (hard links, no copying) and swap the whole tree.
                let _ = std::fs::remove_file(&self.manifest_path);
                let staged_set: HashSet<&str> = staged.iter().map(String::as_str).collect();
                for path in entries.keys().filter(|p| !staged_set.contains(p.as_str())) {
                    let from = self.output.join(path);
                    let to = self.staging.join(path);
                    if let Some(dir) = to.parent() {
                        std::fs::create_dir_all(dir)
                            .map_err(|source| cannot_write(&self.output, dir, &source))?;
                    }
                    if std::fs::hard_link(&from, &to).is_err() {
                        std::fs::copy(&from, &to)
                            .map_err(|source| cannot_write(&self.output, &to, &source))?;
                    }
                }
                self.swap()?;
            }
            None => {
                let _ = std::fs::remove_file(&self.manifest_path);
                self.swap()?;
            }
        }
        self.committed = true;
        // Without a manifest the next build is a clean one: failing to write it costs time,
        // never correctness. The same holds for the record indexes.
        write_manifest(&self.manifest_path, &entries);
        records::save(&self.records_path, &self.records_to_keep(&entries));
        Ok(Committed { written, changed })
    }

    /// Whether a rebuild should swap a whole new tree rather than replace files in place:
    /// when most files changed (in place would be slower, and a kill would leave a mix), or
    /// when a changed file takes the place of a directory or the reverse.
    fn bulk(
        &self,
        previous: &BTreeMap<String, Entry>,
        entries: &BTreeMap<String, Entry>,
        staged: &[String],
    ) -> bool {
        let removed = previous
            .keys()
            .filter(|p| !entries.contains_key(*p))
            .count();
        if (staged.len() + removed) * 2 > entries.len().max(1) {
            return true;
        }
        staged.iter().any(|p| self.output.join(p).is_dir())
            // A new file below what used to be a file.
            || staged
                .iter()
                .any(|p| parents(p).any(|dir| previous.contains_key(dir)))
    }

    fn replace_in_place(
        &self,
        entries: &BTreeMap<String, Entry>,
        staged: &[String],
    ) -> Result<(), Error> {
        std::fs::remove_file(&self.manifest_path)
            .or_else(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Ok(()),
                _ => Err(e),
            })
            .map_err(|source| cannot_write(&self.output, &self.manifest_path, &source))?;
        for path in staged {
            let to = self.output.join(path);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|source| cannot_write(&self.output, dir, &source))?;
            }
            std::fs::rename(self.staging.join(path), &to)
                .map_err(|source| cannot_write(&self.output, &to, &source))?;
        }
        // Files the new tree does not have go: those of the previous build, and anything
        // put there by hand, so that a rebuild leaves exactly what a clean build would.
        let strays: Vec<PathBuf> = walkdir::WalkDir::new(&self.output)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .filter(|e| {
                let rel = e.path().strip_prefix(&self.output).unwrap_or(e.path());
                !entries.contains_key(page_path_of(rel).as_ref())
            })
            .map(walkdir::DirEntry::into_path)
            .collect();
        for file in strays {
            let _ = std::fs::remove_file(&file);
            // Folders left empty go too, as a clean build would not have them.
            let mut dir = file.parent();
            while let Some(d) = dir.filter(|d| *d != self.output) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok(())
    }

    /// Swap the staging tree in for the output.
    fn swap(&self) -> Result<(), Error> {
        let output = &self.output;
        let tmp = &self.staging;
        let had_old = output.exists();
        if had_old {
            match exchange(tmp, output) {
                Ok(true) => {
                    // `tmp` now holds the previous tree. Failing to delete it loses nothing:
                    // the next build removes it.
                    let _ = std::fs::remove_dir_all(tmp);
                    return Ok(());
                }
                Ok(false) => {}
                Err(source) => return Err(cannot_write(output, output, &source)),
            }
        }
        let old = {
            let name = tmp.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            tmp.with_file_name(name.replacen(".tmp-", ".old-", 1))
        };
        if had_old {
            std::fs::rename(output, &old)
                .map_err(|source| cannot_write(output, output, &source))?;
        }
        if let Err(source) = std::fs::rename(tmp, output) {
            // Put the previous output back where it was.
            if had_old {
                let _ = std::fs::rename(&old, output);
            }
            return Err(cannot_write(output, output, &source));
        }
        if had_old {
            // The new output is in place; a leftover is removed by the next build.
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl PageSink for OutputWriter {
    fn is_fresh(&self, path: &str, key: u64) -> bool {
        let Some(entry) = self.previous.as_ref().and_then(|m| m.get(path)) else {
            return false;
        };
        if entry.key != Some(key) || !self.live_matches(path, entry) {
            return false;
        }
        self.record(path.to_string(), *entry).is_ok()
    }

    fn put(&self, path: String, bytes: Vec<u8>, key: Option<u64>) -> Result<(), Error> {
        check_page_path(&path).map_err(|e| Error::Other(format!("invalid output pages: {e}")))?;
        let entry = Entry {
            hash: xxhash_rust::xxh3::xxh3_64(&bytes),
            len: bytes.len() as u64,
            key,
        };
        if !self.unchanged(&path, &entry) {
            self.stage(&path, bytes)?;
            self.mark_staged(&path);
        }
        self.record(path, entry)
    }

    /// Streamed straight into the staging tree from the calling thread (the writer thread
    /// takes whole pages); dropped again if its bytes are those of the previous build.
    fn put_streamed(
        &self,
        path: String,
        key: Option<u64>,
        write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        self.stream(path, key, |out| write(out)).map(|_| ())
    }

    /// [`put_streamed`](Self::put_streamed), copying unchanged records from the previous
    /// build's file, and keeping where this file's records lie for the next build.
    fn put_records(
        &self,
        path: String,
        key: Option<u64>,
        write: &mut dyn FnMut(&mut dyn RecordWrite) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        let previous = self.previous_records_of(&path);
        let mut index = None;
        let hash = self.stream(path.clone(), key, |out| {
            write(&mut Recording {
                out,
                previous,
                index: &mut index,
            })
        })?;
        if let Some(index) = index {
            self.new_records
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path, (hash, index));
        }
        Ok(())
    }
}

impl OutputWriter {
    /// Write a file into the staging tree through `write`, hashing it on the way; drop it
    /// again if its bytes are those of the previous build. Returns its hash.
    fn stream(
        &self,
        path: String,
        key: Option<u64>,
        write: impl FnOnce(&mut Hashing<std::io::BufWriter<std::fs::File>>) -> std::io::Result<()>,
    ) -> Result<u64, Error> {
        check_page_path(&path).map_err(|e| Error::Other(format!("invalid output pages: {e}")))?;
        let file = self.staging.join(&path);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|source| cannot_write(&self.output, dir, &source))?;
        }
        let created = std::fs::File::create(&file)
            .map_err(|source| cannot_write(&self.output, &file, &source))?;
        let mut out = Hashing {
            inner: std::io::BufWriter::with_capacity(1 << 16, created),
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            len: 0,
        };
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(|source| cannot_write(&self.output, &file, &source))?;
        let entry = Entry {
            hash: out.hasher.digest(),
            len: out.len,
            key,
        };
        drop(out);
        if self.unchanged(&path, &entry) {
            let _ = std::fs::remove_file(&file);
        } else {
            self.mark_staged(&path);
        }
        self.record(path, entry)?;
        Ok(entry.hash)
    }
}

/// A file of records on its way to the staging tree (see [`records`]).
struct Recording<'a, W: Write> {
    out: &'a mut Hashing<W>,
    previous: Option<Arc<PreviousRecords>>,
    index: &'a mut Option<RecordIndex>,
}

impl<W: Write> Write for Recording<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl<W: Write> RecordWrite for Recording<'_, W> {
    fn position(&self) -> u64 {
        self.out.len
    }
    fn previous(&self) -> Option<Arc<PreviousRecords>> {
        self.previous.clone()
    }
    fn index(&mut self, index: RecordIndex) {
        *self.index = Some(index);
    }
}

/// Writes a streamed file and hashes it on the way, as [`OutputWriter::put`] hashes pages.
struct Hashing<W> {
    inner: W,
    hasher: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The writer thread: create each page's file under `staging`, folders as needed, until the
/// channel closes; stop at the first error.
fn write_staged(
    output: &Path,
    staging: &Path,
    pages: &std::sync::mpsc::Receiver<(PathBuf, Vec<u8>)>,
) -> Result<(), Error> {
    let mut dirs: HashSet<PathBuf> = HashSet::new();
    for (path, bytes) in pages {
        let file = staging.join(path);
        if let Some(dir) = file.parent()
            && !dirs.contains(dir)
        {
            std::fs::create_dir_all(dir).map_err(|source| cannot_write(output, dir, &source))?;
            dirs.insert(dir.to_path_buf());
        }
        std::fs::write(&file, bytes).map_err(|source| cannot_write(output, &file, &source))?;
    }
    Ok(())
}

impl Drop for OutputWriter {
    fn drop(&mut self) {
        let _ = self.finish_writing();
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

fn read_manifest(path: &Path) -> Option<BTreeMap<String, Entry>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != MANIFEST_HEADER {
        return None;
    }
    let mut entries = BTreeMap::new();
    for line in lines {
        let mut fields = line.splitn(4, ' ');
        let hash = u64::from_str_radix(fields.next()?, 16).ok()?;
        let len = fields.next()?.parse().ok()?;
        let key = match fields.next()? {
            "-" => None,
            k => Some(u64::from_str_radix(k, 16).ok()?),
        };
        let path = fields.next()?;
        check_page_path(path).ok()?;
        entries.insert(path.to_string(), Entry { hash, len, key });
    }
    Some(entries)
}

/// The page path (`a/b.html`) of a file at `rel` in the output: `rel` itself where `/`
/// separates folders (no copy: the whole output tree is looked up this way after every
/// rebuild), else its components joined by `/`.
fn page_path_of(rel: &Path) -> std::borrow::Cow<'_, str> {
    match rel.to_str() {
        Some(s) if std::path::MAIN_SEPARATOR == '/' => std::borrow::Cow::Borrowed(s),
        _ => std::borrow::Cow::Owned(
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        ),
    }
}

/// Best effort, written aside and renamed so that a reader never sees half a manifest.
fn write_manifest(path: &Path, entries: &BTreeMap<String, Entry>) {
    use std::fmt::Write;
    let mut text = String::with_capacity(entries.len() * 64 + 32);
    text.push_str(MANIFEST_HEADER);
    text.push('\n');
    for (p, e) in entries {
        let key = e
            .key
            .map_or_else(|| "-".to_string(), |k| format!("{k:016x}"));
        let _ = writeln!(text, "{:016x} {} {key} {p}", e.hash, e.len);
    }
    write_aside(path, text.as_bytes());
}

/// Write `bytes` to `path` through a file beside it and a rename, so that a reader never
/// sees half of it. Best effort: on failure `path` is removed, as a missing manifest or
/// record index costs the next build time, never correctness.
fn write_aside(path: &Path, bytes: &[u8]) {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("tmp");
    let tmp = path.with_extension(format!("{extension}-{}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_err() || std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(path);
    }
}

/// An I/O failure while writing the site, naming the output the user asked for (a temporary
/// path alone would puzzle) and the path that failed.
fn cannot_write(output: &Path, at: &Path, source: &std::io::Error) -> Error {
    let detail = if at == output {
        String::new()
    } else {
        format!(" (at {})", at.display())
    };
    Error::File {
        path: output.to_path_buf(),
        message: format!(
            "cannot write the site: {source}{detail}; check that the folder is writable and \
             the disk is not full"
        ),
    }
}

/// Atomically swap two directories (Linux `renameat2` with `RENAME_EXCHANGE`). `Ok(false)`
/// when the system or file system cannot, so the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    const RENAME_EXCHANGE: libc::c_uint = 1 << 1;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call;
    // AT_FDCWD makes relative paths relative to the current directory, like `rename`.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Whether the build that named a temporary directory after `pid` may still be running.
/// On Linux `/proc` says; elsewhere a directory is taken as abandoned once it is a day old.
fn may_be_running(pid: u32, dir: &Path) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    let age = std::fs::symlink_metadata(dir)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_none_or(|a| a < std::time::Duration::from_secs(24 * 3600))
}

/// Repair what a build killed mid-swap left: with the two-rename fallback, a kill between
/// the renames leaves no `output` but the previous tree in `.<name>.old-<pid>`, which is put
/// back. Then every `.<name>.tmp-<pid>` / `.<name>.old-<pid>` of a build that is no longer
/// running is removed. Best effort: a leftover that cannot be removed is harmless (hidden,
/// and never read).
fn recover_interrupted(output: &Path, parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let tmp_prefix = format!(".{name}.tmp-");
    let old_prefix = format!(".{name}.old-");
    let mut stale: Vec<(bool, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let (is_old, pid) = if let Some(pid) = file_name.strip_prefix(&tmp_prefix) {
            (false, pid)
        } else if let Some(pid) = file_name.strip_prefix(&old_prefix) {
            (true, pid)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        let path = entry.path();
        if !may_be_running(pid, &path) {
            stale.push((is_old, path));
        }
    }
    stale.sort();
    for (is_old, path) in stale {
        if is_old && !output.exists() && std::fs::rename(&path, output).is_ok() {
            continue;
        }
        let _ = std::fs::remove_dir_all(&path);
    }
}

/// Refuse an output directory that is the site root or contains it: replacing it would
/// delete the site's own files. The CLI calls this before rendering.
pub fn check_output_against_root(output: &Path, site_root: &Path) -> Result<(), Error> {
    check_output(output)?;
    let (out, root) = (resolve(output), resolve(site_root));
    if root.starts_with(&out) {
        return Err(refuse(
            output,
            "the output directory is the site root or contains it; choose another --output (e.g. public/)",
        ));
    }
    // Inside a folder the build reads, the output would be read back as input (static/ would
    // copy itself into itself, build after build) or replace the analyst's files.
    for source in ["content", "static", "templates"] {
        if out.starts_with(root.join(source)) {
            return Err(refuse(
                output,
                &format!(
                    "the output directory is inside the site's {source}/ folder, which the build \
                     reads; choose a folder outside it (e.g. public/)"
                ),
            ));
        }
    }
    Ok(())
}

/// An absolute path with symbolic links resolved as far as the path exists (the output may
/// not exist yet, but `/tmp/x` and `/private/tmp/x` must still compare equal on macOS).
fn resolve(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let p = normalise(&p);
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return p,
        }
    }
}

fn refuse(output: &Path, why: &str) -> Error {
    Error::File {
        path: output.to_path_buf(),
        message: format!("refusing to write the site here: {why}"),
    }
}

/// Lexical normalisation for paths that do not exist yet (`a/./b/../c` → `a/c`).
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn check_output(output: &Path) -> Result<(), Error> {
    if output.as_os_str().is_empty() {
        return Err(refuse(
            output,
            "the output path is empty; pass --output DIR",
        ));
    }
    let components: Vec<Component> = output.components().collect();
    let only_root_or_dots = components.iter().all(|c| {
        matches!(
            c,
            Component::RootDir | Component::Prefix(_) | Component::CurDir | Component::ParentDir
        )
    });
    if only_root_or_dots {
        return Err(refuse(
            output,
            "the output path is a root or current/parent directory; pass a dedicated --output DIR",
        ));
    }
    if output.exists() {
        if !output.is_dir() {
            return Err(refuse(
                output,
                "it exists and is not a directory; remove it or choose another --output",
            ));
        }
        if output.join("config.toml").exists() || output.join("content").is_dir() {
            return Err(refuse(
                output,
                "it looks like a site root (config.toml or content/ inside); choose another --output",
            ));
        }
        let empty = std::fs::read_dir(output)
            .map_err(|source| Error::Io {
                path: output.to_path_buf(),
                source,
            })?
            .next()
            .is_none();
        if !empty && !output.join(".nojekyll").exists() {
            return Err(refuse(
                output,
                "it is not empty and was not written by briefing (no .nojekyll); remove it or choose another --output",
            ));
        }
    }
    Ok(())
}

/// A page path must be relative, `/`-separated, without `.`/`..`/empty segments, and unique.
pub fn check_page_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("empty page path".into());
    }
    if path.starts_with('/') || path.contains('\\') || path.contains('\0') || path.contains(':') {
        return Err(format!(
            "page path `{path}` must be relative with `/` separators"
        ));
    }
    if path
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(format!(
            "page path `{path}` has an empty, `.` or `..` segment"
        ));
    }
    if path.chars().any(char::is_control) {
        return Err(format!("page path {path:?} has a control character"));
    }
    // The tree is published and checked out on every system: no Windows device names.
    if let Some(s) = path
        .split('/')
        .find(|s| crate::extract::text::is_device_name(s))
    {
        return Err(format!(
            "page path `{path}`: `{s}` is a reserved device name on Windows"
        ));
    }
    Ok(())
}

/// The set of paths must make a tree: no path that is both a file and a directory of
/// another ("a" and "a/b"). (Each path was checked, and duplicates refused, by `put`.)
fn check_tree<'a>(paths: impl Iterator<Item = &'a String>) -> Result<(), Error> {
    let seen: BTreeSet<&str> = paths.map(String::as_str).collect();
    let mut problems = Vec::new();
    for p in &seen {
        for dir in parents(p).filter(|dir| seen.contains(dir)) {
            problems.push(format!("page path `{dir}` is both a file and a directory"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Other(format!(
            "invalid output pages: {}",
            problems.join("; ")
        )))
    }
}

/// The folders a page path lies in, outermost first: "a/b/c.html" → "a", "a/b".
fn parents(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

fn remove_dir_if_exists(p: &Path) -> Result<(), Error> {
    match std::fs::remove_dir_all(p) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(Error::Io {
            path: p.to_path_buf(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths() {
        assert!(check_page_path("index.html").is_ok());
        assert!(check_page_path("incidents/a.html").is_ok());
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "./a",
            "a\\b",
            "C:x",
            "sources/CON.html",
            "nul",
            "a/com1.txt",
            "a\nb",
        ] {
            assert!(check_page_path(bad).is_err(), "{bad}");
        }
    }

    fn page(path: &str, text: &str) -> Page {
        Page {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn write_atomic_replaces_the_tree_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomic(&out, &[page(".nojekyll", ""), page("a/old.html", "1")]).unwrap();
        write_atomic(&out, &[page(".nojekyll", ""), page("b/new.html", "2")]).unwrap();
        assert!(
            !out.join("a").exists(),
            "the previous tree is replaced, not merged"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("b/new.html")).unwrap(),
            "2"
        );
        // Only the output and its manifest (what the next build compares with).
        assert_eq!(names(dir.path()), vec![".public.manifest", "public"]);
    }

    #[test]
    fn a_rebuild_rewrites_only_changed_files_and_removes_dropped_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let pages: Vec<Page> = (0..10)
            .map(|i| page(&format!("p/{i}.html"), &format!("v1 {i}")))
            .chain([page(".nojekyll", ""), page("gone/x.html", "x")])
            .collect();
        write_atomic(&out, &pages).unwrap();
        let inode = |p: &str| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(out.join(p)).unwrap().ino()
        };
        let before: Vec<u64> = (0..10).map(|i| inode(&format!("p/{i}.html"))).collect();
        // One page changes, one is dropped: written in place, the rest untouched.
        let mut next: Vec<Page> = pages.clone();
        next[3].bytes = b"v2".to_vec();
        next.retain(|p| p.path != "gone/x.html");
        let writer = OutputWriter::begin(&out).unwrap();
        assert!(writer.is_incremental());
        for p in &next {
            writer.put(p.path.clone(), p.bytes.clone(), None).unwrap();
        }
        assert_eq!(writer.commit().unwrap(), 1, "one file written");
        assert_eq!(std::fs::read_to_string(out.join("p/3.html")).unwrap(), "v2");
        assert!(
            !out.join("gone").exists(),
            "dropped page and its folder removed"
        );
        for i in (0..10).filter(|i| *i != 3) {
            assert_eq!(
                inode(&format!("p/{i}.html")),
                before[i],
                "p/{i}.html untouched"
            );
        }
        // A file deleted by hand behind the manifest's back is written again.
        std::fs::remove_file(out.join("p/5.html")).unwrap();
        write_atomic(&out, &next).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("p/5.html")).unwrap(),
            "v1 5"
        );
        // A page whose input fingerprint is unchanged is fresh: kept without rendering.
        let writer = OutputWriter::begin(&out).unwrap();
        assert!(!writer.is_fresh("p/1.html", 7), "no key recorded yet");
        drop(writer);
        let writer = OutputWriter::begin(&out).unwrap();
        for p in &next {
            writer
                .put(p.path.clone(), p.bytes.clone(), Some(7))
                .unwrap();
        }
        writer.commit().unwrap();
        let writer = OutputWriter::begin(&out).unwrap();
        assert!(writer.is_fresh("p/1.html", 7));
        assert!(
            !writer.is_fresh("p/2.html", 8),
            "another fingerprint is stale"
        );
        assert_eq!(
            names(dir.path()),
            vec![
                ".public.manifest".to_string(),
                format!(".public.tmp-{}", std::process::id()),
                "public".into()
            ]
        );
        drop(writer);
        assert_eq!(
            names(dir.path()),
            vec![".public.manifest", "public"],
            "an abandoned writer cleans up"
        );
    }

    #[test]
    fn a_rebuild_changing_most_files_swaps_a_whole_tree() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let pages: Vec<Page> = (0..10)
            .map(|i| page(&format!("p/{i}.html"), "v1"))
            .chain([page(".nojekyll", "")])
            .collect();
        write_atomic(&out, &pages).unwrap();
        let next: Vec<Page> = (0..10)
            .map(|i| page(&format!("p/{i}.html"), if i < 8 { "v2" } else { "v1" }))
            .chain([page(".nojekyll", "")])
            .collect();
        write_atomic(&out, &next).unwrap();
        for i in 0..10 {
            let want = if i < 8 { "v2" } else { "v1" };
            assert_eq!(
                std::fs::read_to_string(out.join(format!("p/{i}.html"))).unwrap(),
                want
            );
        }
        assert_eq!(names(dir.path()), vec![".public.manifest", "public"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_directories() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("x"), "a").unwrap();
        std::fs::write(b.join("x"), "b").unwrap();
        // tmpfs and the usual disk file systems support the exchange; if this one does not,
        // the fallback is taken and there is nothing to check.
        if exchange(&a, &b).unwrap() {
            assert_eq!(std::fs::read_to_string(a.join("x")).unwrap(), "b");
            assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "a");
        }
    }

    /// The two-rename fallback killed between its renames: no output, the previous tree
    /// aside. The next build puts it back before anything else, and removes temporary trees
    /// of builds that are gone.
    #[test]
    fn a_swap_killed_between_renames_is_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = dir.path().join(".public.old-4000000003");
        let tmp = dir.path().join(".public.tmp-4000000003");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "previous").unwrap();
        std::fs::create_dir_all(tmp.join("incidents")).unwrap();
        // A live build's temporary tree (ours) is left alone.
        let live = dir
            .path()
            .join(format!(".public.tmp-{}", std::process::id()));
        std::fs::create_dir_all(&live).unwrap();
        recover_interrupted(&out, dir.path(), "public");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!old.exists() && !tmp.exists());
        assert!(live.exists());
    }

    #[test]
    fn outputs_inside_the_sources_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/articles")).unwrap();
        for bad in [
            "content/x",
            "content/articles/public",
            "static/out",
            "templates/a/b",
            ".",
        ] {
            let e = check_output_against_root(&root.join(bad), root);
            assert!(e.is_err(), "{bad}");
        }
        // `a/../content/x` is inside content/ too.
        assert!(check_output_against_root(&root.join("public/../content/x"), root).is_err());
        for good in ["public", "docs", "contents", "../elsewhere"] {
            assert!(
                check_output_against_root(&root.join(good), root).is_ok(),
                "{good}"
            );
        }
    }

    #[test]
    fn refuses_dangerous_outputs() {
        assert!(check_output(Path::new("")).is_err());
        assert!(check_output(Path::new("/")).is_err());
        assert!(check_output(Path::new(".")).is_err());
        assert!(check_output(Path::new("..")).is_err());
    }
}
