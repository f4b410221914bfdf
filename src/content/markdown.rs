//! Article bodies to plain text with paragraph spans.
//!
//! Article text is untrusted (pasted from web pages) and is never rendered as HTML: the site
//! shows the plain text, escaped, one anchor per sentence. So Markdown is reduced to the words
//! a reader sees: every block (paragraph, heading, list item, block-quote paragraph, table
//! cell) becomes one plain-text paragraph, inline markup keeps only its text, raw HTML is
//! dropped, and images are dropped with their alt text (a caption is on the page anyway).

use crate::model::Span;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

/// What kind of block a paragraph of plain text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// A heading is always one sentence, whatever punctuation it has.
    Heading,
    ListItem,
    TableCell,
    /// An indented or fenced code block (pasted text indented by four spaces lands here).
    Code,
}

/// A body reduced to plain text: paragraphs joined by "\n\n".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlainText {
    pub text: String,
    /// Byte span of each paragraph in `text`, in order.
    pub paragraphs: Vec<Span>,
    /// Kind of each paragraph (same length as `paragraphs`).
    pub kinds: Vec<BlockKind>,
}

impl PlainText {
    /// Append one paragraph (whitespace normalised); empty paragraphs are skipped.
    pub fn push(&mut self, raw: &str, kind: BlockKind) {
        let para = normalize_paragraph(raw);
        if para.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        let start = self.text.len();
        self.text.push_str(&para);
        self.paragraphs.push(Span::new(start, self.text.len()));
        self.kinds.push(kind);
    }

    /// Which paragraphs are headings, for `sentences::split_with_headings`.
    pub fn headings(&self) -> Vec<bool> {
        self.kinds
            .iter()
            .map(|k| *k == BlockKind::Heading)
            .collect()
    }
}

/// Characters that are invisible on a page but break word matching ("Bama\u{AD}ko").
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
        || (c.is_control() && !c.is_whitespace())
}

/// One paragraph's text: NFC-normalised (so "Ségou" matches however it was typed), invisible
/// characters removed, every run of whitespace (spaces, tabs, newlines, no-break and thin
/// spaces) made one space, trimmed.
pub fn normalize_paragraph(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfc() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Markdown to plain text (see the module documentation for what is kept).
pub fn to_plain_text(markdown: &str) -> PlainText {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    let mut out = PlainText::default();
    // Inline text of the block being read.
    let mut buf = String::new();
    let mut kinds: Vec<BlockKind> = Vec::new();
    let mut image_depth = 0usize;
    let mut in_code_block = false;
    // Inside inline <script>/<style>: the text between the tags is not article text.
    let mut in_raw_element = false;

    let kind_of = |kinds: &[BlockKind]| kinds.last().copied().unwrap_or(BlockKind::Paragraph);

    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Image { .. } => image_depth += 1,
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::TableCell
                | Tag::FootnoteDefinition(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => {
                    // Text before a nested block (a list item's first line before its
                    // sub-list) is a paragraph of its own.
                    out.push(&buf, kind_of(&kinds));
                    buf.clear();
                    match tag {
                        Tag::Heading { .. } => kinds.push(BlockKind::Heading),
                        Tag::Item => kinds.push(BlockKind::ListItem),
                        Tag::TableCell => kinds.push(BlockKind::TableCell),
                        Tag::CodeBlock(_) => {
                            kinds.push(BlockKind::Code);
                            in_code_block = true;
                        }
                        Tag::Paragraph => kinds.push(BlockKind::Paragraph),
                        _ => {}
                    }
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                TagEnd::CodeBlock => {
                    // A code block keeps its blank-line paragraph breaks.
                    for para in buf.split("\n\n") {
                        out.push(para, BlockKind::Code);
                    }
                    buf.clear();
                    in_code_block = false;
                    kinds.pop();
                }
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition
                | TagEnd::HtmlBlock
                | TagEnd::List(_)
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => {
                    out.push(&buf, kind_of(&kinds));
                    buf.clear();
                    if matches!(
                        tag,
                        TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell
                    ) {
                        kinds.pop();
                    }
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if image_depth == 0 && !in_raw_element {
                    if in_code_block {
                        // Blank lines in code blocks may carry spaces; make them "\n\n".
                        let mut lines = t.lines().map(str::trim).peekable();
                        while let Some(line) = lines.next() {
                            buf.push_str(line);
                            if lines.peek().is_some() {
                                buf.push('\n');
                            }
                        }
                        if t.ends_with('\n') {
                            buf.push('\n');
                        }
                    } else {
                        buf.push_str(&t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_code_block {
                    buf.push('\n');
                } else {
                    buf.push(' ');
                }
            }
            Event::InlineHtml(html) => {
                let tag = html
                    .trim_start_matches('<')
                    .trim_start()
                    .to_ascii_lowercase();
                if tag.starts_with("script") || tag.starts_with("style") {
                    in_raw_element = !html.contains("/>");
                } else if tag.starts_with("/script") || tag.starts_with("/style") {
                    in_raw_element = false;
                } else if tag.starts_with("br") {
                    buf.push(' ');
                }
            }
            // Block HTML, footnote references, task-list boxes, rules: not article text.
            Event::Html(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_)
            | Event::Rule => {}
        }
    }
    out.push(&buf, kind_of(&kinds));
    out
}

/// Plain text (`.txt`) to paragraphs: one paragraph per non-empty line, because text pasted
/// from a web page has no blank lines between paragraphs. No markup is interpreted.
pub fn txt_to_plain_text(body: &str) -> PlainText {
    let mut out = PlainText::default();
    for line in body.lines() {
        out.push(line, BlockKind::Paragraph);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(p: &PlainText) -> Vec<&str> {
        p.paragraphs.iter().map(|s| &p.text[s.range()]).collect()
    }

    #[test]
    fn paragraphs_and_inline_markup() {
        let p = to_plain_text(
            "# Six *killed*\n\nSix people were **killed** near [Bamako](https://x.org \"t\"),\nthe `ministry` said.  \nHard break.\n\n\n\nNext   para\twith\u{a0}nbsp.\n",
        );
        assert_eq!(
            paras(&p),
            vec![
                "Six killed",
                "Six people were killed near Bamako, the ministry said. Hard break.",
                "Next para with nbsp."
            ]
        );
        assert_eq!(p.kinds[0], BlockKind::Heading);
        assert_eq!(p.headings(), vec![true, false, false]);
        assert_eq!(p.text, paras(&p).join("\n\n"));
    }

    #[test]
    fn lists_quotes_tables() {
        let p = to_plain_text(
            "- one\n- two\n  - nested\n\n> quoted *text*\n>\n> second\n\n| a | b |\n|---|---|\n| c | |\n\n1. first\n",
        );
        assert_eq!(
            paras(&p),
            vec![
                "one",
                "two",
                "nested",
                "quoted text",
                "second",
                "a",
                "b",
                "c",
                "first"
            ]
        );
        assert_eq!(p.kinds[0], BlockKind::ListItem);
        assert_eq!(p.kinds[5], BlockKind::TableCell);
    }

    #[test]
    fn html_and_images_dropped() {
        let p = to_plain_text(
            "<div class=\"ad\">\n<p>Buy now</p>\n</div>\n\nText ![Mali map](map.png) here <b>bold</b><script>alert(1)</script> end.\n\n<!-- comment -->\n",
        );
        assert_eq!(paras(&p), vec!["Text here bold end."]);
    }

    #[test]
    fn code_blocks_keep_text() {
        let p = to_plain_text("    Indented pasted paragraph\n    continues.\n\n    Second one.\n");
        assert_eq!(
            paras(&p),
            vec!["Indented pasted paragraph continues.", "Second one."]
        );
        let p = to_plain_text("```\nfenced\n```\n");
        assert_eq!(paras(&p), vec!["fenced"]);
    }

    #[test]
    fn entities_escapes_and_invisible_characters() {
        let p = to_plain_text("AT&amp;T \\*not emphasis\\* Bama\u{AD}ko\u{200B} caf\u{65}\u{301}");
        assert_eq!(paras(&p), vec!["AT&T *not emphasis* Bamako café"]);
    }

    #[test]
    fn footnotes_and_rules() {
        let p = to_plain_text("Claim[^1].\n\n---\n\n[^1]: The note.\n");
        assert_eq!(paras(&p), vec!["Claim.", "The note."]);
    }

    #[test]
    fn txt_one_paragraph_per_line() {
        let p = txt_to_plain_text("First line.\r\n\r\n  Second\tline.  \nThird.");
        assert_eq!(paras(&p), vec!["First line.", "Second line.", "Third."]);
    }

    #[test]
    fn empty_input() {
        assert_eq!(to_plain_text(""), PlainText::default());
        assert_eq!(txt_to_plain_text("\n \n"), PlainText::default());
    }

    proptest::proptest! {
        #[test]
        fn markdown_never_panics(src in "[#*_>`\\[\\]()!<>|a-z .\n-]{0,120}") {
            let p = to_plain_text(&src);
            proptest::prop_assert_eq!(p.paragraphs.len(), p.kinds.len());
            for s in &p.paragraphs {
                let t = p.text.get(s.range());
                proptest::prop_assert!(t.is_some_and(|t| !t.is_empty() && t.trim() == t));
            }
        }
    }
}
