//! Reusing the records of the data exports from the previous build.
//!
//! The data exports (`data/incidents.json`, `.geojson`, `.csv`, `search.json`) are sequences
//! of records, one per incident, each made from its incident and the articles it cites. After
//! one article is edited, all but a few records are byte for byte those of the previous
//! build, yet any change makes the whole file stale. A rebuild therefore copies the records
//! whose fingerprint is unchanged from the previous file (a positional read) and serialises
//! only the others: tens of megabytes are read and written, not made again.
//!
//! Where each record of a file lies is kept beside the manifest (`.<name>.records`, never in
//! the published tree), with the hash of the file it describes. An index is used only for the
//! very file the manifest records, still of its recorded size; a stale or damaged index
//! costs a full serialisation, never a wrong byte.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Where the records of one file lie: the first at `first`, each of the others `sep` bytes
/// after the end of the one before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordIndex {
    pub first: u64,
    pub sep: u32,
    /// (fingerprint, length) of each record, in file order.
    pub records: Vec<(u64, u32)>,
}

/// The key of a stretch of a file between records that is not a record itself (the text
/// of a list page between two blocks of rows): never looked up.
pub const GAP: u64 = 0;

/// A file written as a sequence of keyed records (see `site::exports::write_records`).
pub trait RecordWrite: Write {
    /// How many bytes were written so far.
    fn position(&self) -> u64;
    /// The previous build's copy of this file, when its records can be reused.
    fn previous(&self) -> Option<Arc<PreviousRecords>> {
        None
    }
    /// Where this file's records lie, once they are all written.
    fn index(&mut self, _index: RecordIndex) {}
}

/// Any writer as a [`RecordWrite`]: nothing to reuse, nothing kept.
pub struct Plain<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Plain<W> {
    pub fn new(inner: W) -> Self {
        Plain { inner, written: 0 }
    }

    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: Write> Write for Plain<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> RecordWrite for Plain<W> {
    fn position(&self) -> u64 {
        self.written
    }
}

/// The previous build's file, opened to copy records from by fingerprint.
pub struct PreviousRecords {
    file: std::fs::File,
    /// Fingerprint → (offset, length).
    at: HashMap<u64, (u64, u32)>,
}

impl PreviousRecords {
    /// Open `file`, which `index` describes; `None` if the index does not fit in it.
    pub fn open(file: &Path, index: &RecordIndex) -> Option<PreviousRecords> {
        let file = std::fs::File::open(file).ok()?;
        let size = file.metadata().ok()?.len();
        let mut at = HashMap::with_capacity(index.records.len());
        let mut offset = index.first;
        for (n, &(key, len)) in index.records.iter().enumerate() {
            if n > 0 {
                offset = offset.checked_add(u64::from(index.sep))?;
            }
            let end = offset.checked_add(u64::from(len))?;
            if end > size {
                return None;
            }
            if key != GAP {
                at.insert(key, (offset, len));
            }
            offset = end;
        }
        Some(PreviousRecords { file, at })
    }

    /// Append to `buf` the longest run of the records of `keys`, from the first, that lie
    /// one after the other in the previous file (each `sep` bytes after the end of the one
    /// before, as they were written), read in one go with the separators between them; each
    /// copied record's key and length go to `copied`. Returns how many records were copied:
    /// none when the file has no record with the first key or cannot be read, and `buf` is
    /// then as it was.
    ///
    /// After an edit nearly every record is unchanged and in the same order, so a batch of
    /// records costs one read straight into the new file's buffer.
    pub fn copy_run(
        &self,
        keys: &[u64],
        sep: usize,
        buf: &mut Vec<u8>,
        copied: &mut Vec<(u64, u32)>,
    ) -> usize {
        let Some((&first, rest)) = keys.split_first() else {
            return 0;
        };
        let Some(&(start, len)) = self.at.get(&first) else {
            return 0;
        };
        let before = copied.len();
        copied.push((first, len));
        let mut end = start + u64::from(len);
        for key in rest {
            match self.at.get(key) {
                Some(&(offset, len)) if Some(offset) == end.checked_add(sep as u64) => {
                    copied.push((*key, len));
                    end = offset + u64::from(len);
                }
                _ => break,
            }
        }
        let from = buf.len();
        let read = usize::try_from(end - start).ok().and_then(|n| {
            buf.resize(from + n, 0);
            read_at(&self.file, &mut buf[from..], start).ok()
        });
        if read.is_none() {
            buf.truncate(from);
            copied.truncate(before);
            return 0;
        }
        copied.len() - before
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(_file: &std::fs::File, _buf: &mut [u8], _offset: u64) -> std::io::Result<()> {
    // Without positional reads the records are serialised again: slower, same bytes.
    Err(std::io::Error::other(
        "positional reads are not supported here",
    ))
}

/// The indexes of a build's files, by path, each with the hash of the file it describes.
pub type Indexes = BTreeMap<String, (u64, RecordIndex)>;

const HEADER: &[u8] = b"briefing-records 1\n";

/// Read the indexes kept by [`save`]; `None` if there are none or they are damaged.
pub fn load(path: &Path) -> Option<Indexes> {
    let bytes = std::fs::read(path).ok()?;
    let mut rest = bytes.strip_prefix(HEADER)?;
    let mut indexes = Indexes::new();
    while !rest.is_empty() {
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, tail) = rest.split_at_checked(n)?;
            rest = tail;
            Some(head)
        };
        let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let name = std::str::from_utf8(take(len)?).ok()?.to_string();
        let mut u64_at = || Some(u64::from_le_bytes(take(8)?.try_into().ok()?));
        let hash = u64_at()?;
        let first = u64_at()?;
        let sep = u32::from_le_bytes(take(4)?.try_into().ok()?);
        let count = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let body = take(count.checked_mul(12)?)?;
        let records = body
            .chunks_exact(12)
            .map(|r| {
                let (key, len) = r.split_at(8);
                Some((
                    u64::from_le_bytes(key.try_into().ok()?),
                    u32::from_le_bytes(len.try_into().ok()?),
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        indexes.insert(
            name,
            (
                hash,
                RecordIndex {
                    first,
                    sep,
                    records,
                },
            ),
        );
    }
    Some(indexes)
}

/// Keep `indexes` at `path` (best effort: without them the next rebuild serialises every
/// record); none removes the file.
pub fn save(path: &Path, indexes: &Indexes) {
    if indexes.is_empty() {
        let _ = std::fs::remove_file(path);
        return;
    }
    let mut bytes = HEADER.to_vec();
    for (name, (hash, index)) in indexes {
        bytes.extend_from_slice(&(name.len() as u32).to_le_bytes());
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend_from_slice(&hash.to_le_bytes());
        bytes.extend_from_slice(&index.first.to_le_bytes());
        bytes.extend_from_slice(&index.sep.to_le_bytes());
        bytes.extend_from_slice(&(index.records.len() as u32).to_le_bytes());
        for (key, len) in &index.records {
            bytes.extend_from_slice(&key.to_le_bytes());
            bytes.extend_from_slice(&len.to_le_bytes());
        }
    }
    super::write_aside(path, &bytes);
}

/// What tests of record writers write to.
#[cfg(test)]
pub(crate) mod testing {
    use super::{PreviousRecords, RecordIndex, RecordWrite};
    use std::sync::Arc;

    /// A file being written in memory, with the previous build's copy of it (what it may
    /// reuse) and the index it is given.
    #[derive(Default)]
    pub struct Capture {
        pub bytes: Vec<u8>,
        pub previous: Option<Arc<PreviousRecords>>,
        pub index: Option<RecordIndex>,
    }

    impl std::io::Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.bytes.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl RecordWrite for Capture {
        fn position(&self) -> u64 {
            self.bytes.len() as u64
        }
        fn previous(&self) -> Option<Arc<PreviousRecords>> {
            self.previous.clone()
        }
        fn index(&mut self, index: RecordIndex) {
            self.index = Some(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_round_trip_and_damage_is_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(".public.records");
        let mut indexes = Indexes::new();
        indexes.insert(
            "data/a.json".into(),
            (
                7,
                RecordIndex {
                    first: 12,
                    sep: 2,
                    records: vec![(1, 10), (2, 0), (u64::MAX, u32::MAX)],
                },
            ),
        );
        indexes.insert("data/b.csv".into(), (8, RecordIndex::default()));
        save(&path, &indexes);
        assert_eq!(load(&path), Some(indexes.clone()));
        let bytes = std::fs::read(&path).expect("read");
        for cut in [HEADER.len() + 3, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).expect("write");
            assert_eq!(load(&path), None, "cut at {cut}");
        }
        save(&path, &Indexes::new());
        assert!(!path.exists(), "no index, no file");
    }

    #[test]
    fn records_are_copied_by_fingerprint_in_runs_and_only_when_they_fit() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("f.json");
        std::fs::write(&file, b"[\nalpha,\nbeta,\ngamma]").expect("write");
        let index = RecordIndex {
            first: 2,
            sep: 2,
            records: vec![(10, 5), (11, 4), (12, 5)],
        };
        let previous = PreviousRecords::open(&file, &index).expect("fits");
        let (mut buf, mut copied) = (b">".to_vec(), Vec::new());
        // A run of records in the previous file's order: one read, separators included.
        assert_eq!(
            previous.copy_run(&[10, 11, 12], 2, &mut buf, &mut copied),
            3
        );
        assert_eq!(buf, b">alpha,\nbeta,\ngamma");
        assert_eq!(copied, vec![(10, 5), (11, 4), (12, 5)]);
        // A run stops at a record that is not next in the file, or not there at all.
        let (mut buf, mut copied) = (Vec::new(), Vec::new());
        assert_eq!(previous.copy_run(&[11, 10], 2, &mut buf, &mut copied), 1);
        assert_eq!(previous.copy_run(&[12, 99], 2, &mut buf, &mut copied), 1);
        assert_eq!(previous.copy_run(&[99, 10], 2, &mut buf, &mut copied), 0);
        assert_eq!(previous.copy_run(&[], 2, &mut buf, &mut copied), 0);
        assert_eq!(buf, b"betagamma");
        assert_eq!(copied, vec![(11, 4), (12, 5)]);
        // With another separator the records are not one after the other.
        assert_eq!(previous.copy_run(&[10, 11], 0, &mut buf, &mut copied), 1);
        let too_long = RecordIndex {
            records: vec![(10, 5), (11, 4), (12, 7)],
            ..index
        };
        assert!(PreviousRecords::open(&file, &too_long).is_none());
        // A gap is never a record.
        let gapped = RecordIndex {
            first: 2,
            sep: 0,
            records: vec![(10, 5), (GAP, 2), (11, 4)],
        };
        let previous = PreviousRecords::open(&file, &gapped).expect("fits");
        let (mut buf, mut copied) = (Vec::new(), Vec::new());
        assert_eq!(previous.copy_run(&[GAP], 0, &mut buf, &mut copied), 0);
        assert_eq!(previous.copy_run(&[10, 11], 0, &mut buf, &mut copied), 1);
        assert_eq!(buf, b"alpha");
    }
}
