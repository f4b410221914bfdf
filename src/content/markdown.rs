//! Markdown to plain text with paragraph spans (pulldown-cmark).
