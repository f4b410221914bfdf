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
use std::io::Write;

/// Writes one block's rows.
pub(super) type Block<'a> = Box<dyn FnOnce(&mut dyn Write) -> Result<(), Error> + 'a>;

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
        write: impl FnOnce(&mut dyn Write) -> Result<(), Error> + 'a,
    ) -> Result<String, Error> {
        match &mut self.deferred {
            None => {
                let mut html = Vec::new();
                write(&mut html)?;
                Ok(utf8(html))
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
    out: &mut dyn Write,
    pieces: &[(&str, usize)],
    tail: &str,
    blocks: &mut [Option<Block<'_>>],
    failed: &mut Option<Error>,
) -> std::io::Result<()> {
    for (text, n) in pieces {
        out.write_all(text.as_bytes())?;
        if let Some(block) = blocks.get_mut(*n).and_then(Option::take) {
            block(out).map_err(|e| {
                let io = std::io::Error::other(e.to_string());
                *failed = Some(e);
                io
            })?;
        }
    }
    out.write_all(tail.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with(template: impl Fn(&[String]) -> String, blocks: usize) -> String {
        let placeholders: Vec<String> = (0..blocks).map(placeholder).collect();
        template(&placeholders)
    }

    #[test]
    fn a_page_is_cut_at_each_placeholder_in_page_order() {
        let page = page_with(|p| format!("<a>{}<b>{}<c>{}</c>", p[1], p[0], p[2]), 3);
        let (pieces, tail) = split(&page, 3).unwrap();
        assert_eq!(pieces, vec![("<a>", 1), ("<b>", 0), ("<c>", 2)]);
        assert_eq!(tail, "</c>");
        let mut blocks: Vec<Option<Block>> = (0..3)
            .map(|n| {
                Some(Box::new(move |w: &mut dyn Write| {
                    write!(w, "[{n}]").map_err(|e| Error::Other(e.to_string()))
                }) as Block)
            })
            .collect();
        let (mut out, mut failed) = (Vec::new(), None);
        write_page(&mut out, &pieces, tail, &mut blocks, &mut failed).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "<a>[1]<b>[0]<c>[2]</c>");
        assert!(failed.is_none());
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
        let text = rows
            .block(|w| write!(w, "<li>x</li>").map_err(|e| Error::Other(e.to_string())))
            .unwrap();
        assert_eq!(text, "<li>x</li>");
        assert!(rows.into_blocks().is_empty());
        let mut rows = Rows::deferred();
        let text = rows.block(|_| Ok(())).unwrap();
        assert_eq!(text, placeholder(0));
        assert_eq!(rows.into_blocks().len(), 1);
    }
}
