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

    /// Read in one go the stretch of the file that holds the records of `keys`, when they
    /// lie close together (the common case: a batch of records in the order of the previous
    /// build), so that copying them costs one read, not one per record.
    pub fn read_span(&self, keys: &[u64]) -> Option<Span> {
        let (mut from, mut to, mut total) = (u64::MAX, 0, 0);
        for (offset, len) in keys.iter().filter_map(|k| self.at.get(k)) {
            from = from.min(*offset);
            to = to.max(offset + u64::from(*len));
            total += u64::from(*len);
        }
        if from >= to || to - from > 2 * total + (1 << 16) {
            return None;
        }
        let mut bytes = vec![0; usize::try_from(to - from).ok()?];
        read_at(&self.file, &mut bytes, from).ok()?;
        Some(Span { from, bytes })
    }

    /// Append the record with fingerprint `key` to `buf`, from `span` when it holds it.
    /// Returns `false`, with `buf` as it was, when the previous file has no such record or
    /// it cannot be read.
    pub fn copy_into(&self, key: u64, span: Option<&Span>, buf: &mut Vec<u8>) -> bool {
        let Some(&(offset, len)) = self.at.get(&key) else {
            return false;
        };
        if let Some(span) = span
            && let Some(held) = offset
                .checked_sub(span.from)
                .and_then(|start| usize::try_from(start).ok())
                .and_then(|start| span.bytes.get(start..start + len as usize))
        {
            buf.extend_from_slice(held);
            return true;
        }
        let start = buf.len();
        buf.resize(start + len as usize, 0);
        if read_at(&self.file, &mut buf[start..], offset).is_ok() {
            true
        } else {
            buf.truncate(start);
            false
        }
    }
}

/// A stretch of the previous file, read at once (see [`PreviousRecords::read_span`]).
pub struct Span {
    from: u64,
    bytes: Vec<u8>,
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
    fn records_are_copied_by_fingerprint_and_only_when_they_fit() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("f.json");
        std::fs::write(&file, b"[\nalpha,\nbeta,\ngamma]").expect("write");
        let index = RecordIndex {
            first: 2,
            sep: 2,
            records: vec![(10, 5), (11, 4), (12, 5)],
        };
        let previous = PreviousRecords::open(&file, &index).expect("fits");
        let mut buf = b">".to_vec();
        assert!(previous.copy_into(12, None, &mut buf));
        assert!(previous.copy_into(10, None, &mut buf));
        assert!(!previous.copy_into(99, None, &mut buf));
        assert_eq!(buf, b">gammaalpha");
        // From a stretch read at once: the same bytes, whether the stretch holds the
        // record or not.
        let span = previous.read_span(&[11, 12, 99]).expect("close together");
        let mut held = Vec::new();
        for key in [12, 11, 10] {
            assert!(previous.copy_into(key, Some(&span), &mut held));
        }
        assert_eq!(held, b"gammabetaalpha");
        let too_long = RecordIndex {
            records: vec![(10, 5), (11, 4), (12, 7)],
            ..index
        };
        assert!(PreviousRecords::open(&file, &too_long).is_none());
    }
}
