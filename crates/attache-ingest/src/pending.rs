//! Reading split from the work that follows it. A reader frames records
//! (lines, files, WARC records) and checks what must be known in order
//! (UTF-8 of a JSON Lines line, blank lines, WARC framing); the decoding,
//! parsing and cleaning of each record is left in a [`Pending`] value that
//! any thread can finish, so callers can run it in parallel and keep input
//! order.

use crate::warcfile::RecordHead;
use crate::{IngestOptions, Item};

/// An item read, or a record whose documents are still to be made.
#[derive(Debug)]
pub enum Pending {
    Ready(Box<Item>),
    Record(Box<Record>),
}

/// One framed record awaiting decoding, parsing and cleaning.
#[derive(Debug)]
pub struct Record {
    pub(crate) name: String,
    pub(crate) opts: IngestOptions,
    pub(crate) body: Body,
}

#[derive(Debug)]
pub(crate) enum Body {
    /// A non-blank JSON Lines line (valid UTF-8, trimmed).
    JsonlLine {
        line_no: u64,
        text: String,
    },
    TextFile(Vec<u8>),
    HtmlFile(Vec<u8>),
    Warc {
        idx: u64,
        rtype: String,
        head: RecordHead,
        block: Vec<u8>,
    },
}

impl Pending {
    /// The items of this record, in order (CPU work; any thread).
    pub fn into_items(self) -> Vec<Item> {
        match self {
            Pending::Ready(item) => vec![*item],
            Pending::Record(r) => r.into_items(),
        }
    }
}

impl Record {
    fn into_items(self) -> Vec<Item> {
        let Record { name, opts, body } = self;
        match body {
            Body::JsonlLine { line_no, text } => {
                match crate::jsonl::record_documents(&text, &name, line_no, &opts) {
                    Ok(items) => items,
                    Err(e) => vec![Item::Error(e.to_record(&name, Some(line_no)))],
                }
            }
            Body::TextFile(bytes) => crate::files::text_file_items(&name, &bytes, &opts),
            Body::HtmlFile(bytes) => crate::files::html_file_items(&name, &bytes, &opts),
            Body::Warc {
                idx,
                rtype,
                head,
                block,
            } => crate::warcfile::record_items(&name, &opts, idx, &rtype, &head, &block),
        }
    }
}
