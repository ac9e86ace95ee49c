//! WARC files, plain or gzip (one member per record or one for the file).
//!
//! Records are framed here with bounded reads (a header block of at most
//! [`MAX_HEADER_BYTES`], a body of `Content-Length` bytes read only when the
//! record is wanted and small enough); header blocks are parsed with the
//! `warc` crate's parser. A record cut short or not framed as WARC ends the
//! file with an error naming its index; records before it have been yielded.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

use attache_types::Origin;
use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
use memchr::memmem;

use crate::charset::decode_html;
use crate::error::IngestError;
use crate::jsonl::{read_line_bounded, LineRead};
use crate::pending::{Body, Pending, Record};
use crate::{html_documents, IngestOptions, Item, Meta};

/// Largest WARC header block read.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// Streaming reader of WARC records.
pub(crate) struct WarcIter<R> {
    reader: R,
    name: String,
    opts: IngestOptions,
    gz: bool,
    index: u64,
    any: bool,
    done: bool,
    queue: VecDeque<Pending>,
}

/// Headers of one record (names lower-cased) and its declared length.
#[derive(Debug)]
pub(crate) struct RecordHead {
    headers: Vec<(String, String)>,
    len: u64,
}

impl RecordHead {
    fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
    }
}

/// HTTP headers and payload offset of a response block.
struct HttpHead {
    status: u16,
    headers: Vec<(String, String)>,
    body_start: usize,
}

impl HttpHead {
    fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
    }
}

fn parse_http(block: &[u8]) -> Option<HttpHead> {
    let crlf = memmem::find(block, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = memmem::find(block, b"\n\n").map(|i| (i, i + 2));
    let (head_end, body_start) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    let head = String::from_utf8_lossy(block.get(..head_end)?);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(HttpHead {
        status,
        headers,
        body_start,
    })
}

/// Removes HTTP chunked framing; `None` when the body is not chunked data.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0usize;
    loop {
        let nl = memchr::memchr(b'\n', body.get(i..)?)? + i;
        let line = String::from_utf8_lossy(body.get(i..nl)?);
        let hex = line.split(';').next()?.trim();
        let size = usize::from_str_radix(hex, 16).ok()?;
        i = nl + 1;
        if size == 0 {
            return Some(out);
        }
        let end = i.saturating_add(size).min(body.len());
        out.extend_from_slice(body.get(i..end)?);
        if end >= body.len() {
            return Some(out);
        }
        i = end;
        while matches!(body.get(i), Some(b'\r' | b'\n')) {
            i += 1;
        }
    }
}

fn is_html_type(ct: &str) -> bool {
    let ct = ct.to_ascii_lowercase();
    ct.contains("text/html") || ct.contains("xhtml")
}

impl<R: BufRead> WarcIter<R> {
    pub(crate) fn new(reader: R, name: &str, gz: bool, opts: &IngestOptions) -> Self {
        WarcIter {
            reader,
            name: name.to_string(),
            opts: opts.clone(),
            gz,
            index: 0,
            any: false,
            done: false,
            queue: VecDeque::new(),
        }
    }

    fn error(&mut self, record: Option<u64>, e: IngestError) {
        self.queue.push_back(Pending::Ready(Box::new(Item::Error(
            e.to_record(&self.name, record),
        ))));
    }

    fn fail(&mut self, record: u64, e: IngestError) {
        self.done = true;
        self.error(Some(record), e);
    }

    /// Classifies a read error: gzip damage or plain I/O.
    fn io_failure(&mut self, record: u64, e: io::Error) {
        self.io_failure_at(record, e, false);
    }

    /// As [`Self::io_failure`]; `after` when the error came after the end
    /// of `record` (in its gzip trailer or before the next record).
    fn io_failure_at(&mut self, record: u64, e: io::Error, after: bool) {
        let place = if after { "after" } else { "inside" };
        let err = if self.gz {
            match e.kind() {
                io::ErrorKind::UnexpectedEof => {
                    IngestError::TruncatedGzip(format!("gzip data ends {place} record {record}"))
                }
                io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
                    IngestError::MalformedWarc(format!("corrupt gzip data in record {record}: {e}"))
                }
                _ => IngestError::Io(e),
            }
        } else {
            IngestError::Io(e)
        };
        self.fail(record, err);
    }

    /// Skips line breaks between records; `false` at end of input.
    fn skip_separators(&mut self) -> io::Result<bool> {
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            let more = n < buf.len();
            self.reader.consume(n);
            if more {
                return Ok(true);
            }
        }
    }

    /// Reads and parses the header block of record `idx`.
    fn read_head(&mut self, idx: u64) -> Result<RecordHead, IngestError> {
        let mut block: Vec<u8> = Vec::new();
        let mut line = Vec::new();
        loop {
            let budget = MAX_HEADER_BYTES.saturating_sub(block.len());
            let (status, _) = read_line_bounded(&mut self.reader, &mut line, budget)?;
            match status {
                LineRead::Eof => {
                    return Err(IngestError::TruncatedWarc(format!(
                        "the header block of record {idx} ends at the end of the input"
                    )))
                }
                LineRead::TooLong => {
                    return Err(IngestError::MalformedWarc(format!(
                        "the header block of record {idx} is longer than {MAX_HEADER_BYTES} bytes"
                    )))
                }
                LineRead::Line => {}
            }
            if block.is_empty() && !line.starts_with(b"WARC/") {
                let start =
                    String::from_utf8_lossy(line.get(..line.len().min(20)).unwrap_or_default())
                        .into_owned();
                return Err(IngestError::MalformedWarc(format!(
                    "record {idx} does not start with a WARC/ version line (found {start:?})"
                )));
            }
            block.extend_from_slice(&line);
            block.extend_from_slice(b"\r\n");
            if line.is_empty() {
                break;
            }
        }
        let (_, (_, headers, len)) = warc::parser::headers(&block).map_err(|_| {
            IngestError::MalformedWarc(format!("cannot parse the header block of record {idx}"))
        })?;
        let headers: Vec<(String, String)> = headers
            .into_iter()
            .map(|(k, v)| {
                (
                    k.to_ascii_lowercase(),
                    String::from_utf8_lossy(v).into_owned(),
                )
            })
            .collect();
        if !headers.iter().any(|(k, _)| k == "content-length") {
            return Err(IngestError::MalformedWarc(format!(
                "record {idx} has no Content-Length"
            )));
        }
        Ok(RecordHead {
            headers,
            len: len as u64,
        })
    }

    /// Skips `len` body bytes; `Ok(false)` when the input ends first.
    fn skip_body(&mut self, len: u64) -> io::Result<bool> {
        let copied = io::copy(&mut (&mut self.reader).take(len), &mut io::sink())?;
        Ok(copied == len)
    }

    /// Consumes the `\r\n\r\n` after a record body (leniently).
    fn skip_trailer(&mut self) -> io::Result<()> {
        let buf = self.reader.fill_buf()?;
        let n = buf
            .iter()
            .take(4)
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        self.reader.consume(n);
        Ok(())
    }

    fn step(&mut self) {
        match self.skip_separators() {
            Err(e) => {
                // the damage follows the last record read, if any
                let (idx, after) = match self.index.checked_sub(1) {
                    Some(last) => (last, true),
                    None => (0, false),
                };
                self.io_failure_at(idx, e, after);
                return;
            }
            Ok(false) => {
                self.done = true;
                if !self.any {
                    self.error(None, IngestError::EmptyInput);
                }
                return;
            }
            Ok(true) => {}
        }
        let idx = self.index;
        self.index += 1;
        self.any = true;
        let head = match self.read_head(idx) {
            Ok(h) => h,
            Err(IngestError::Io(e)) => return self.io_failure(idx, e),
            Err(e) => return self.fail(idx, e),
        };
        let rtype = head.get("warc-type").unwrap_or("").to_ascii_lowercase();
        let wanted = matches!(rtype.as_str(), "response" | "resource" | "conversion");
        let too_large = head.len > self.opts.max_doc_bytes as u64;
        if !wanted || too_large {
            match self.skip_body(head.len) {
                Err(e) => return self.io_failure(idx, e),
                Ok(false) => {
                    return self.fail(
                        idx,
                        IngestError::TruncatedWarc(format!(
                            "record {idx} ends before its {} bytes of content",
                            head.len
                        )),
                    )
                }
                Ok(true) => {}
            }
            if wanted {
                let limit = self.opts.max_doc_bytes;
                self.error(Some(idx), IngestError::RecordTooLarge { limit });
            }
        } else {
            let mut body = Vec::new();
            let len = head.len;
            match (&mut self.reader).take(len).read_to_end(&mut body) {
                Err(e) => return self.io_failure(idx, e),
                Ok(n) if (n as u64) < len => {
                    return self.fail(
                        idx,
                        IngestError::TruncatedWarc(format!(
                            "record {idx} has {n} of its {len} bytes of content"
                        )),
                    )
                }
                Ok(_) => {}
            }
            self.queue.push_back(Pending::Record(Box::new(Record {
                name: self.name.clone(),
                opts: self.opts.clone(),
                body: Body::Warc {
                    idx,
                    rtype,
                    head,
                    block: body,
                },
            })));
        }
        if let Err(e) = self.skip_trailer() {
            self.io_failure_at(idx, e, true);
        }
    }
}

/// The items of one wanted WARC record (CPU work: decoding and cleaning).
pub(crate) fn record_items(
    name: &str,
    opts: &IngestOptions,
    idx: u64,
    rtype: &str,
    head: &RecordHead,
    block: &[u8],
) -> Vec<Item> {
    let error = |e: IngestError| vec![Item::Error(e.to_record(name, Some(idx)))];
    let url = head
        .get("warc-target-uri")
        .map(|u| u.trim_matches(['<', '>']).to_string())
        .filter(|u| !u.is_empty());
    let fallback = head
        .get("warc-date")
        .and_then(crate::dates::record_published);
    let origin = Origin {
        path: name.to_string(),
        record: Some(idx),
        part: 0,
    };
    let meta = Meta {
        url,
        ..Meta::default()
    };
    let docs = if rtype == "response" {
        if !block.starts_with(b"HTTP/") {
            return Vec::new();
        }
        let Some(http) = parse_http(block) else {
            return error(IngestError::MalformedWarc(format!(
                "record {idx}: the HTTP response header is not complete"
            )));
        };
        let payload = block.get(http.body_start..).unwrap_or_default();
        if http.status != 200 {
            return Vec::new();
        }
        let ct = http.get("content-type");
        let html = match ct {
            Some(ct) => is_html_type(ct),
            None => payload.trim_ascii_start().starts_with(b"<"),
        };
        if !html {
            return Vec::new();
        }
        let payload = match http_payload(opts, idx, &http, payload) {
            Ok(p) => p,
            Err(e) => return error(e),
        };
        let decoded = decode_html(&payload, ct);
        html_documents(
            &decoded.text,
            decoded.exact_offset,
            &origin,
            meta,
            fallback.as_ref(),
            opts,
        )
    } else {
        let ct = head.get("content-type").unwrap_or("text/plain");
        if is_html_type(ct) {
            let decoded = decode_html(block, Some(ct));
            html_documents(
                &decoded.text,
                decoded.exact_offset,
                &origin,
                meta,
                fallback.as_ref(),
                opts,
            )
        } else if ct.to_ascii_lowercase().starts_with("text/") {
            let text = String::from_utf8_lossy(block);
            crate::clean::build_documents(&text, None, &origin, &meta, fallback.as_ref(), opts)
        } else {
            return Vec::new();
        }
    };
    if docs.is_empty() {
        error(IngestError::NoText)
    } else {
        docs.into_iter().map(Item::Doc).collect()
    }
}

/// The payload of an HTTP response with transfer and content encodings removed.
fn http_payload(
    opts: &IngestOptions,
    idx: u64,
    http: &HttpHead,
    payload: &[u8],
) -> Result<Vec<u8>, IngestError> {
    let chunked = http
        .get("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let payload = match chunked.then(|| dechunk(payload)).flatten() {
        Some(p) => p,
        None => payload.to_vec(),
    };
    let encoding = http
        .get("content-encoding")
        .unwrap_or("identity")
        .to_ascii_lowercase();
    let limit = opts.max_doc_bytes;
    let inflate = |mut r: Box<dyn Read + '_>| -> Result<Vec<u8>, IngestError> {
        let mut out = Vec::new();
        (&mut r)
            .take((limit as u64).saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| {
                IngestError::MalformedWarc(format!(
                    "record {idx}: cannot decompress the payload: {e}"
                ))
            })?;
        if out.len() > limit {
            return Err(IngestError::RecordTooLarge { limit });
        }
        Ok(out)
    };
    match encoding.as_str() {
        "" | "identity" | "none" => Ok(payload),
        "gzip" | "x-gzip" => inflate(Box::new(MultiGzDecoder::new(payload.as_slice()))),
        "deflate" => {
            if payload.first().is_some_and(|b| b & 0x0f == 8) {
                inflate(Box::new(ZlibDecoder::new(payload.as_slice())))
            } else {
                inflate(Box::new(DeflateDecoder::new(payload.as_slice())))
            }
        }
        other => Err(IngestError::UnsupportedFormat(format!(
            "record {idx}: content encoding {other:?}"
        ))),
    }
}

impl<R: BufRead> Iterator for WarcIter<R> {
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

    #[test]
    fn http_head() {
        let h = parse_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>");
        let h = h.unwrap();
        assert_eq!(h.status, 200);
        assert_eq!(h.get("content-type"), Some("text/html"));
        assert_eq!(h.body_start, 44);
        assert!(parse_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/html").is_none());
    }

    #[test]
    fn chunked() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;ext\r\npedia\r\n0\r\n\r\n"),
            Some(b"Wikipedia".to_vec())
        );
        assert_eq!(dechunk(b"<html>"), None);
    }
}
