//! Ingest for attache: reads text, HTML, JSON Lines and WARC inputs, cleans
//! the article text, splits run-together articles, and finds title, date and
//! URL. Every input problem becomes an [`Item::Error`] with a stable code
//! ([`error_codes`]); nothing read from an input can panic.
//!
//! # Cleaned text
//! A [`Document`]'s `text` is a list of paragraphs separated by exactly
//! `"\n\n"`; a paragraph holds no line break, its white space is collapsed
//! to single spaces (no-break spaces included), and zero-width characters
//! and soft hyphens are dropped. Boilerplate lines ([`BOILERPLATE_LINES`])
//! and repeated lines (after the first occurrence) are removed, and so are
//! short credit lines at the very end (`Al Ahram`: at most 5 words and 40
//! characters, no final punctuation, after a body paragraph). A scraper's
//! `date 2020-12-27` prefix at the start of a line is removed (the date
//! becomes `published`). Hard-wrapped text (most lines 50–90 characters,
//! continuing on the next line) has its lines joined with a space; otherwise
//! every non-blank line is a paragraph. A title found in the text stays in
//! it as the first paragraph.
//!
//! # Publication date
//! Record field (`found = record`), else HTML metadata (`html_meta`), else a
//! date line or dateline among the first 12 non-blank lines of each part
//! (`text`, with the words in `Published::text`), else, for WARC, the
//! `WARC-Date` (`record`). Metadata dates are taken as written (no time-zone
//! conversion).
//!
//! # Input map
//! `Document::input_map` maps cleaned byte offsets to input byte offsets:
//! for text files, the file's bytes; for HTML files, the file's bytes when it
//! is UTF-8 (else the page decoded to UTF-8); for JSON Lines, the decoded
//! `text` or `html` string of the record; for WARC, the HTTP payload decoded
//! to UTF-8. Copied runs map exactly; a decoded character reference maps to
//! its `&`; separators inserted by cleaning are not mapped.
//!
//! # Ids
//! The record's `id` when given (`id#1`, `id#2`, … for split parts after the
//! first); else [`content_id`] of the cleaned text.

#![cfg_attr(test, allow(clippy::unwrap_used))]

use std::io::BufRead;
use std::path::Path;

use attache_types::{Origin, Published, PublishedFound};

mod charset;
mod clean;
mod dates;
mod error;
mod files;
mod html;
mod jsonl;
mod pending;
mod split;
mod text;
mod warcfile;

pub use attache_types::{Document, ErrorRecord};
pub use clean::{content_id, is_boilerplate_line, BOILERPLATE_LINES};
pub use dates::parse_date_value;
pub use error::{error_codes, IngestError};
pub use files::{format_of, Format};
pub use html::{html_to_text, HtmlText};
pub use pending::{Pending, Record};
pub use split::{MIN_BODY_AFTER, MIN_BODY_BEFORE, RECUR_WINDOW};
pub use warcfile::MAX_HEADER_BYTES;

/// Default limit of input bytes per record.
pub const DEFAULT_MAX_DOC_BYTES: usize = 2_000_000;

/// Options of every reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Largest record read, in input bytes (a text or HTML file, a JSON Lines
    /// line, a WARC record's content). Default 2,000,000.
    pub max_doc_bytes: usize,
    /// Split records that hold several run-together articles. Default true.
    pub split_articles: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            split_articles: true,
        }
    }
}

/// One result of reading: a document, or an error about an input or record.
#[derive(Debug, Clone)]
pub enum Item {
    Doc(Document),
    Error(ErrorRecord),
}

/// Metadata a record carries along with its text (JSON Lines fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub id: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<Published>,
}

/// A lazy, streaming iterator over every document of a file or directory
/// (recursive, entries sorted by path, hidden entries and symlinked
/// directories skipped).
///
/// Format by extension: `.txt`/`.text`, `.html`/`.htm`/`.xhtml`,
/// `.jsonl`/`.ndjson`/`.json-lines`, `.warc`, `.warc.gz`. Other files in a
/// directory are skipped silently; an unsupported file named explicitly
/// yields an `unsupported_format` error.
pub fn read_path(path: &Path, opts: &IngestOptions) -> Box<dyn Iterator<Item = Item> + Send> {
    Box::new(files::PathIter::new(path, opts).flat_map(Pending::into_items))
}

/// As [`read_path`], with each record's decoding, parsing and cleaning left
/// to [`Pending::into_items`] (to run on worker threads; items come out the
/// same, in the same order).
pub fn read_path_pending(
    path: &Path,
    opts: &IngestOptions,
) -> Box<dyn Iterator<Item = Pending> + Send> {
    Box::new(files::PathIter::new(path, opts))
}

/// A streaming iterator over a JSON Lines input (`name` is used in origins
/// and errors, `-` for standard input).
///
/// Each line is an object with `text` or `html` and optional `id`, `title`,
/// `url`, `published` (ISO 8601 date or date-time, or RFC 2822) and
/// `source`. A bad line yields one error and reading goes on; blank lines
/// are skipped; lines are read with a bound of `max_doc_bytes`.
pub fn read_jsonl<R: BufRead + Send>(
    reader: R,
    name: &str,
    opts: &IngestOptions,
) -> impl Iterator<Item = Item> + Send {
    jsonl::JsonlIter::new(reader, name, opts).flat_map(Pending::into_items)
}

/// As [`read_jsonl`], with each line's parsing and cleaning left to
/// [`Pending::into_items`].
pub fn read_jsonl_pending<R: BufRead + Send>(
    reader: R,
    name: &str,
    opts: &IngestOptions,
) -> impl Iterator<Item = Pending> + Send {
    jsonl::JsonlIter::new(reader, name, opts)
}

/// Cleans `raw` text into documents (several when it holds run-together
/// articles and `opts.split_articles` is set; none when nothing is left).
///
/// `meta` wins over what the text says: its title names the first part, its
/// date is every part's date; else the date comes from a date line near the
/// top of each part (`found = text`).
pub fn document_from_text(
    raw: &str,
    origin: Origin,
    meta: Meta,
    opts: &IngestOptions,
) -> Vec<Document> {
    clean::build_documents(raw, None, &origin, &meta, None, opts)
}

/// Extracts and cleans the text of an HTML page into documents; title, date
/// and URL from `meta` win over the page's own.
pub fn document_from_html(
    html: &str,
    origin: Origin,
    meta: Meta,
    opts: &IngestOptions,
) -> Vec<Document> {
    html_documents(html, Some(0), &origin, meta, None, opts)
}

/// HTML → documents. `exact_offset`: bytes to add to offsets into `html` to
/// get input offsets (`None`: offsets stay relative to `html`).
pub(crate) fn html_documents(
    html: &str,
    exact_offset: Option<u64>,
    origin: &Origin,
    mut meta: Meta,
    fallback: Option<&Published>,
    opts: &IngestOptions,
) -> Vec<Document> {
    let mut ht = html_to_text(html);
    if let Some(shift) = exact_offset.filter(|&s| s > 0) {
        for seg in &mut ht.input_map.segments {
            seg.1 += shift;
        }
    }
    if meta.title.is_none() {
        meta.title = ht.title.take();
    }
    if meta.url.is_none() {
        meta.url = ht.url.take();
    }
    if meta.source.is_none() {
        meta.source = ht.site_name.take();
    }
    if meta.published.is_none() {
        meta.published = ht.published.map(|(date, precision)| Published {
            date,
            precision,
            found: PublishedFound::HtmlMeta,
            text: None,
        });
    }
    clean::build_documents(&ht.text, Some(&ht.input_map), origin, &meta, fallback, opts)
}

/// A xorshift generator for the tests that compare faster line tests with
/// their plain forms on generated strings.
#[cfg(test)]
pub(crate) fn test_rng(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
