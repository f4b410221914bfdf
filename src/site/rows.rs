//! Blocks of rows written straight into their page's file, where the page template puts
//! them.
//!
//! A list page holds one row per incident or article, each rendered by a `row-*.html`
//! template. On a large briefing that is tens of megabytes for one page (the bibliography
//! of 100,000 articles is 60 MB), and rendered into a string first, the rows of the largest
//! page were the peak of a whole build's memory.
//!
//! So a list page is made in two steps. Its template is rendered with a placeholder in place
//! of each block of rows, which gives the page's text around the rows (a few kilobytes).
//! Then the file is written as that text up to a placeholder, the block's rows rendered one
//! at a time into the file, the text up to the next placeholder, and so on. The bytes are
//! those of rendering the template with the rows in its context.
//!
//! That holds only when the template prints each block once, unescaped, as the embedded
//! templates do (`{{ rows | safe }}`). A placeholder contains `&`, which escaping or any
//! filter would change, so a template that prints a block escaped, transformed, twice or
//! not at all leaves some placeholder not found exactly once: that page is then rendered
//! again with the rows themselves in its context, as before.

use super::utf8;
use crate::error::Error;
use crate::output::records::{GAP, PreviousRecords, RecordIndex};
use crate::output::{Plain, RecordWrite};
use std::sync::Arc;

/// Writes one block's rows.
pub(super) type Block<'a> = Box<dyn FnOnce(&mut RowOut<'_>) -> Result<(), Error> + 'a>;

/// The blocks of rows of one page, as the page's context receives them.
pub(super) struct Rows<'a> {
    /// `None`: each block is rendered at once, and the context gets its text.
    deferred: Option<Vec<Block<'a>>>,
}

impl<'a> Rows<'a> {
    /// Blocks left for later: the context gets a placeholder for each.
    pub fn deferred() -> Self {
        Rows {
            deferred: Some(Vec::new()),
        }
    }

    /// Blocks rendered at once, for pages made in memory and for templates that do not
    /// print their blocks as placeholders allow.
    pub fn inline() -> Self {
        Rows { deferred: None }
    }

    /// The text the page's context gets for the block that `write` renders: its rows, or
    /// a placeholder for them.
    pub fn block(
        &mut self,
        write: impl FnOnce(&mut RowOut<'_>) -> Result<(), Error> + 'a,
    ) -> Result<String, Error> {
        match &mut self.deferred {
            None => {
                let mut html = Plain::new(Vec::new());
                write(&mut RowOut::new(&mut html))?;
                Ok(utf8(html.into_inner()))
            }
            Some(blocks) => {
                blocks.push(Box::new(write));
                Ok(placeholder(blocks.len() - 1))
            }
        }
    }

    /// The deferred blocks, in the order they were made.
    pub fn into_blocks(self) -> Vec<Block<'a>> {
        self.deferred.unwrap_or_default()
    }
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
const TAG: &str = "rows";

/// Block `n`'s placeholder: private-use characters around "rows", the number and `&` (which
/// HTML escaping turns into `&amp;`).
fn placeholder(n: usize) -> String {
    format!("{OPEN}{TAG}{n}&{CLOSE}")
}

/// A page's text cut at the placeholders of `blocks` blocks: each piece of text with the
/// block that follows it, in page order, and the text after the last. `None` unless every
/// block's placeholder is there exactly once.
pub(super) fn split(page: &str, blocks: usize) -> Option<(Vec<(&str, usize)>, &str)> {
    let mut seen = vec![false; blocks];
    let mut pieces = Vec::with_capacity(blocks);
    let (mut rest, mut from) = (page, 0);
    while let Some(at) = rest[from..].find(OPEN).map(|i| from + i) {
        let after = &rest[at + OPEN.len_utf8()..];
        let found = after.strip_prefix(TAG).and_then(|s| {
            let digits = s.bytes().take_while(u8::is_ascii_digit).count();
            let n: usize = s[..digits].parse().ok()?;
            let tail = s[digits..].strip_prefix('&')?.strip_prefix(CLOSE)?;
            Some((n, tail))
        });
        match found {
            Some((n, tail)) => {
                if *seen.get(n)? {
                    return None;
                }
                seen[n] = true;
                pieces.push((&rest[..at], n));
                (rest, from) = (tail, 0);
            }
            // The character in the page's own text: not a placeholder.
            None => from = at + OPEN.len_utf8(),
        }
    }
    seen.iter().all(|&s| s).then_some((pieces, rest))
}

/// Write a page cut by [`split`] to `out`, each block's rows where its placeholder was.
/// A failing block's error is kept in `failed` (the writer's error says only that it
/// failed).
pub(super) fn write_page(
    out: &mut dyn RecordWrite,
    pieces: &[(&str, usize)],
    tail: &str,
    blocks: &mut [Option<Block<'_>>],
    failed: &mut Option<Error>,
) -> std::io::Result<()> {
    let mut rows = RowOut::new(out);
    for (text, n) in pieces {
        rows.out.write_all(text.as_bytes())?;
        if let Some(block) = blocks.get_mut(*n).and_then(Option::take) {
            block(&mut rows).map_err(|e| match rows.write_error.take() {
                // The file could not be written: the writer's own error, which the sink
                // reports with the file's path.
                Some(io) => io,
                None => {
                    let io = std::io::Error::other(e.to_string());
                    *failed = Some(e);
                    io
                }
            })?;
        }
    }
    rows.out.write_all(tail.as_bytes())?;
    rows.finish();
    Ok(())
}

/// Where the rows of a page's blocks go: its file, with the previous build's copy of that
/// file when it can be reused. A row is keyed by the fingerprint of what it is rendered
/// from; a row the previous file holds under the same key is copied from it instead of
/// being rendered again, and where each row lies is kept for the next build (see
/// [`crate::output::records`]). After an edit, a list of thousands of incidents is then
/// mostly copied: only the changed incidents' rows are rendered.
pub(super) struct RowOut<'w> {
    out: &'w mut dyn RecordWrite,
    previous: Option<Arc<PreviousRecords>>,
    index: RecordIndex,
    /// Where the last row ended, once there is one.
    end: Option<u64>,
    /// Why writing to `out` failed, for [`write_page`].
    write_error: Option<std::io::Error>,
}

/// Rows made at once and written to the file together.
const BATCH: usize = 256;

impl<'w> RowOut<'w> {
    pub fn new(out: &'w mut dyn RecordWrite) -> Self {
        RowOut {
            previous: out.previous(),
            out,
            index: RecordIndex::default(),
            end: None,
            write_error: None,
        }
    }

    /// One row per item: `key` gives its fingerprint, `render` appends its text to a
    /// buffer when the previous file does not hold it.
    pub fn rows<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        key: impl Fn(&T) -> u64,
        mut render: impl FnMut(&T, &mut Vec<u8>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut items = items.into_iter().peekable();
        let (mut batch, mut keys, mut buf) = (Vec::with_capacity(BATCH), Vec::new(), Vec::new());
        while items.peek().is_some() {
            batch.clear();
            batch.extend(items.by_ref().take(BATCH));
            keys.clear();
            keys.extend(batch.iter().map(&key));
            let previous = self.previous.as_deref();
            buf.clear();
            let start = self.out.position();
            if let Some(end) = self.end.filter(|&end| start > end) {
                self.index.records.push((GAP, clamp(start - end)));
            } else if self.end.is_none() {
                self.index.first = start;
            }
            let mut at = 0;
            while at < batch.len() {
                // Unchanged rows, as many as lie together in the previous file.
                let copied = previous.map_or(0, |p| {
                    p.copy_run(&keys[at..], 0, &mut buf, &mut self.index.records)
                });
                if copied > 0 {
                    at += copied;
                    continue;
                }
                let from = buf.len();
                render(&batch[at], &mut buf)?;
                self.index
                    .records
                    .push((keys[at], clamp((buf.len() - from) as u64)));
                at += 1;
            }
            if let Err(e) = self.out.write_all(&buf) {
                let message = e.to_string();
                self.write_error = Some(e);
                return Err(Error::Other(message));
            }
            self.end = Some(start + buf.len() as u64);
        }
        Ok(())
    }

    /// Hand the index of the rows to the file, for the next build. A row or gap of 4 GiB
    /// or more cannot be indexed (the offsets after it would be wrong): no index then.
    fn finish(self) {
        if self.end.is_some() && self.index.records.iter().all(|&(_, len)| len != u32::MAX) {
            self.out.index(self.index);
        }
    }
}

fn clamp(len: u64) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn page_with(template: impl Fn(&[String]) -> String, blocks: usize) -> String {
        let placeholders: Vec<String> = (0..blocks).map(placeholder).collect();
        template(&placeholders)
    }

    /// A block of rows `(key, text)`, rendered as `text` and counted in `renders`.
    fn block<'a>(
        rows: Vec<(u64, &'a str)>,
        renders: &'a std::cell::Cell<usize>,
    ) -> Option<Block<'a>> {
        Some(Box::new(move |out: &mut RowOut| {
            out.rows(
                rows,
                |(key, _)| *key,
                |(_, text), buf| {
                    renders.set(renders.get() + 1);
                    buf.extend_from_slice(text.as_bytes());
                    Ok(())
                },
            )
        }))
    }

    use crate::output::records::testing::Capture;

    #[test]
    fn a_page_is_cut_at_each_placeholder_in_page_order() {
        let page = page_with(|p| format!("<a>{}<b>{}<c>{}</c>", p[1], p[0], p[2]), 3);
        let (pieces, tail) = split(&page, 3).unwrap();
        assert_eq!(pieces, vec![("<a>", 1), ("<b>", 0), ("<c>", 2)]);
        assert_eq!(tail, "</c>");
        let renders = std::cell::Cell::new(0);
        let mut blocks: Vec<Option<Block>> = vec![
            block(vec![(1, "[0]")], &renders),
            block(vec![(2, "[1]")], &renders),
            block(vec![(3, "[2]")], &renders),
        ];
        let (mut out, mut failed) = (Capture::default(), None);
        write_page(&mut out, &pieces, tail, &mut blocks, &mut failed).unwrap();
        assert_eq!(
            String::from_utf8(out.bytes).unwrap(),
            "<a>[1]<b>[0]<c>[2]</c>"
        );
        assert!(failed.is_none());
        assert_eq!(renders.get(), 3);
    }

    /// A file that cannot be written beyond `room` bytes (a full disk).
    struct Full {
        written: usize,
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.written + buf.len() > self.room {
                return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
            }
            self.written += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl RecordWrite for Full {
        fn position(&self) -> u64 {
            self.written as u64
        }
    }

    /// A row that cannot be written is the file's error (which the sink reports with its
    /// path), not a template's.
    #[test]
    fn a_failed_write_of_rows_is_the_files_error() {
        let page = page_with(|p| format!("<h>{}</end>", p[0]), 1);
        let (pieces, tail) = split(&page, 1).unwrap();
        let renders = std::cell::Cell::new(0);
        let mut blocks = vec![block(vec![(1, "<a long row>")], &renders)];
        let mut out = Full {
            written: 0,
            room: 5,
        };
        let mut failed = None;
        let e = write_page(&mut out, &pieces, tail, &mut blocks, &mut failed).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::StorageFull);
        assert!(failed.is_none());
    }

    #[test]
    fn rows_the_previous_file_holds_are_copied_and_the_others_rendered() {
        let page = page_with(|p| format!("<h>{}<month>{}</end>", p[0], p[1]), 2);
        let (pieces, tail) = split(&page, 2).unwrap();
        let renders = std::cell::Cell::new(0);
        let mut first = Capture::default();
        let mut blocks = vec![
            block(vec![(1, "<r1>"), (2, "<r2>")], &renders),
            block(vec![(3, "<r3>")], &renders),
        ];
        write_page(&mut first, &pieces, tail, &mut blocks, &mut None).unwrap();
        assert_eq!(first.bytes, b"<h><r1><r2><month><r3></end>");
        // Each row where it lies, the text between two blocks a gap.
        let index = first.index.clone().expect("indexed");
        assert_eq!(index.first, 3);
        assert_eq!(index.records, vec![(1, 4), (2, 4), (GAP, 7), (3, 4)]);

        // The next build: row 2 and row 3 unchanged (copied, whatever they would render
        // as now), row 4 new, row 1 gone.
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("page.html");
        std::fs::write(&file, &first.bytes).expect("write");
        let previous = PreviousRecords::open(&file, &index).expect("fits");
        let mut second = Capture {
            previous: Some(Arc::new(previous)),
            ..Capture::default()
        };
        renders.set(0);
        let mut blocks = vec![
            block(vec![(2, "<stale>"), (4, "<r4>")], &renders),
            block(vec![(3, "<stale>")], &renders),
        ];
        write_page(&mut second, &pieces, tail, &mut blocks, &mut None).unwrap();
        assert_eq!(second.bytes, b"<h><r2><r4><month><r3></end>");
        assert_eq!(renders.get(), 1, "only the new row is rendered");
        let index = second.index.expect("indexed");
        assert_eq!(index.records, vec![(2, 4), (4, 4), (GAP, 7), (3, 4)]);
        // A page without rows has no index.
        let mut none = Capture::default();
        write_page(&mut none, &[], "<p>empty</p>", &mut [], &mut None).unwrap();
        assert!(none.index.is_none());
    }

    #[test]
    fn a_placeholder_missing_repeated_or_escaped_means_no_cut() {
        // Printed twice, left out, escaped (as `{{ rows }}` without `safe` would).
        let twice = page_with(|p| format!("{}{}", p[0], p[0]), 1);
        assert!(split(&twice, 1).is_none());
        assert!(split("<p>no rows</p>", 1).is_none());
        let escaped = page_with(|p| p[0].replace('&', "&amp;"), 1);
        assert!(split(&escaped, 1).is_none());
        // Upper-cased by a filter.
        let upper = page_with(|p| p[0].to_uppercase(), 1);
        assert!(split(&upper, 1).is_none());
    }

    #[test]
    fn the_private_use_character_in_the_text_itself_is_left_alone() {
        let page = page_with(|p| format!("\u{E000}x \u{E000}rows9 {} \u{E000}", p[0]), 1);
        let (pieces, tail) = split(&page, 1).unwrap();
        assert_eq!(pieces, vec![("\u{E000}x \u{E000}rows9 ", 0)]);
        assert_eq!(tail, " \u{E000}");
        // A page with no block at all is its own tail.
        assert_eq!(split("plain", 0), Some((vec![], "plain")));
    }

    #[test]
    fn inline_blocks_are_their_rows() {
        let mut rows = Rows::inline();
        let renders = std::cell::Cell::new(0);
        let text = rows
            .block(block(vec![(1, "<li>x</li>")], &renders).unwrap())
            .unwrap();
        assert_eq!(text, "<li>x</li>");
        assert!(rows.into_blocks().is_empty());
        let mut rows = Rows::deferred();
        let text = rows.block(|_| Ok(())).unwrap();
        assert_eq!(text, placeholder(0));
        assert_eq!(rows.into_blocks().len(), 1);
    }
}
