//! JSON Lines: one article per line, read with a bounded line reader.

use std::collections::VecDeque;
use std::io::{self, BufRead};

use attache_types::Origin;
use memchr::memchr;
use serde_json::{Map, Value};

use crate::error::IngestError;
use crate::pending::{Body, Pending, Record};
use crate::text::normalize;
use crate::{document_from_html, document_from_text, IngestOptions, Item, Meta};

/// How a bounded line read ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// End of input before any byte.
    Eof,
    /// A line (possibly the last one, without a newline).
    Line,
    /// A line longer than the limit: consumed, not kept.
    TooLong,
}

/// Reads one line into `buf` without its `\n` or `\r\n`, keeping at most
/// `limit` bytes in memory; longer lines are consumed and reported as
/// [`LineRead::TooLong`]. Returns the bytes consumed too.
pub(crate) fn read_line_bounded<R: BufRead + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<(LineRead, u64)> {
    buf.clear();
    let mut consumed = 0u64;
    let mut too_long = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (take, done) = match memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if take == 0 {
            if consumed == 0 {
                return Ok((LineRead::Eof, 0));
            }
            return Ok((finish_line(buf, too_long, limit), consumed));
        }
        if !too_long {
            let content = avail.get(..take - usize::from(done)).unwrap_or_default();
            if buf.len() + content.len() > limit.saturating_add(1) {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(content);
            }
        }
        r.consume(take);
        consumed += take as u64;
        if done {
            return Ok((finish_line(buf, too_long, limit), consumed));
        }
    }
}

fn finish_line(buf: &mut Vec<u8>, too_long: bool, limit: usize) -> LineRead {
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    if too_long || buf.len() > limit {
        buf.clear();
        LineRead::TooLong
    } else {
        LineRead::Line
    }
}

fn str_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

fn clean_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    str_field(obj, key).map(normalize).filter(|s| !s.is_empty())
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn json_error_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let msg = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    format!("{msg} at column {}", e.column())
}

/// The documents of one JSON Lines record (a JSON object).
pub(crate) fn record_documents(
    line: &str,
    name: &str,
    line_no: u64,
    opts: &IngestOptions,
) -> Result<Vec<Item>, IngestError> {
    let value: Value = serde_json::from_str(line)
        .map_err(|e| IngestError::MalformedJsonl(json_error_message(&e)))?;
    let Value::Object(obj) = value else {
        return Err(IngestError::MalformedJsonl(format!(
            "expected a JSON object, found {}",
            json_kind(&value)
        )));
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let meta = Meta {
        id,
        title: clean_field(&obj, "title"),
        url: clean_field(&obj, "url"),
        source: clean_field(&obj, "source"),
        published: str_field(&obj, "published").and_then(crate::dates::record_published),
    };
    let origin = Origin {
        path: name.to_string(),
        record: Some(line_no),
        part: 0,
    };
    let docs = if let Some(text) = str_field(&obj, "text") {
        document_from_text(text, origin, meta, opts)
    } else if let Some(html) = str_field(&obj, "html") {
        document_from_html(html, origin, meta, opts)
    } else {
        return Err(IngestError::MissingText);
    };
    if docs.is_empty() {
        return Err(IngestError::NoText);
    }
    Ok(docs.into_iter().map(Item::Doc).collect())
}

/// Streaming reader of a JSON Lines input.
pub(crate) struct JsonlIter<R> {
    reader: R,
    name: String,
    opts: IngestOptions,
    line_no: u64,
    offset: u64,
    queue: VecDeque<Pending>,
    done: bool,
    saw_content: bool,
    buf: Vec<u8>,
}

impl<R: BufRead> JsonlIter<R> {
    pub(crate) fn new(reader: R, name: &str, opts: &IngestOptions) -> Self {
        JsonlIter {
            reader,
            name: name.to_string(),
            opts: opts.clone(),
            line_no: 0,
            offset: 0,
            queue: VecDeque::new(),
            done: false,
            saw_content: false,
            buf: Vec::new(),
        }
    }

    fn error(&mut self, record: Option<u64>, e: IngestError) {
        self.queue.push_back(Pending::Ready(Box::new(Item::Error(
            e.to_record(&self.name, record),
        ))));
    }

    fn step(&mut self) {
        let mut buf = std::mem::take(&mut self.buf);
        let read = read_line_bounded(&mut self.reader, &mut buf, self.opts.max_doc_bytes);
        let line_start = self.offset;
        match read {
            Err(e) => {
                self.done = true;
                self.error(Some(self.line_no + 1), IngestError::Io(e));
            }
            Ok((LineRead::Eof, _)) => {
                self.done = true;
                if !self.saw_content {
                    self.error(None, IngestError::EmptyInput);
                }
            }
            Ok((LineRead::TooLong, n)) => {
                self.line_no += 1;
                self.offset += n;
                self.saw_content = true;
                let limit = self.opts.max_doc_bytes;
                self.error(Some(self.line_no), IngestError::RecordTooLarge { limit });
            }
            Ok((LineRead::Line, n)) => {
                self.line_no += 1;
                self.offset += n;
                let mut bytes = buf.as_slice();
                let mut bom = 0u64;
                if self.line_no == 1 {
                    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
                        bytes = rest;
                        bom = 3;
                    }
                }
                match std::str::from_utf8(bytes) {
                    Err(e) => {
                        self.saw_content = true;
                        let at = line_start + bom + e.valid_up_to() as u64;
                        self.error(Some(self.line_no), IngestError::InvalidUtf8(at));
                    }
                    Ok(s) if s.trim().is_empty() => {}
                    Ok(s) => {
                        self.saw_content = true;
                        self.queue.push_back(Pending::Record(Box::new(Record {
                            name: self.name.clone(),
                            opts: self.opts.clone(),
                            body: Body::JsonlLine {
                                line_no: self.line_no,
                                text: s.trim().to_string(),
                            },
                        })));
                    }
                }
            }
        }
        self.buf = buf;
    }
}

impl<R: BufRead> Iterator for JsonlIter<R> {
    type Item = Pending;

    fn next(&mut self) -> Option<Pending> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            self.step();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn lines(input: &[u8], limit: usize) -> Vec<(LineRead, Vec<u8>)> {
        let mut r = Cursor::new(input.to_vec());
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let (st, _) = read_line_bounded(&mut r, &mut buf, limit).unwrap();
            if st == LineRead::Eof {
                return out;
            }
            out.push((st, buf.clone()));
        }
    }

    #[test]
    fn bounded_lines() {
        let got = lines(b"ab\r\ncdefgh\n\nxyz", 4);
        assert_eq!(
            got,
            vec![
                (LineRead::Line, b"ab".to_vec()),
                (LineRead::TooLong, vec![]),
                (LineRead::Line, vec![]),
                (LineRead::Line, b"xyz".to_vec()),
            ]
        );
        // exactly at the limit, with CRLF
        assert_eq!(
            lines(b"abcd\r\n", 4),
            vec![(LineRead::Line, b"abcd".to_vec())]
        );
        assert_eq!(lines(b"abcde", 4), vec![(LineRead::TooLong, vec![])]);
    }

    #[test]
    fn json_errors_are_readable() {
        let opts = IngestOptions::default();
        let e = record_documents("{\"text\": ", "f", 1, &opts).err();
        let msg = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            msg.starts_with("malformed JSON: EOF while parsing"),
            "{msg}"
        );
        assert!(!msg.contains("line 1"), "{msg}");
        let e = record_documents("[1]", "f", 1, &opts).err();
        assert_eq!(
            e.map(|e| e.to_string()),
            Some("malformed JSON: expected a JSON object, found an array".to_string())
        );
        let e = record_documents("{\"title\": \"x\"}", "f", 1, &opts).err();
        assert_eq!(e.map(|e| e.code()), Some("missing_text"));
    }
}
