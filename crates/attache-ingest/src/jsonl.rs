//! JSON Lines: one article per line, read with a bounded line reader.

use std::collections::VecDeque;
use std::io::{self, BufRead};

use attache_types::Origin;
use memchr::memchr;
use serde::de::{
    self as de, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};
use serde_json::Number;
use std::borrow::Cow;
use std::fmt;

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

/// A record field's value, as far as the fields need it.
enum Field<'a> {
    Str(Cow<'a, str>),
    Num(Number),
    Other,
}

impl Field<'_> {
    fn as_str(&self) -> Option<&str> {
        match self {
            Field::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// The fields of a record that are read; the last of repeated keys wins, as
/// in a `serde_json::Map`.
#[derive(Default)]
struct Fields<'a> {
    id: Option<Field<'a>>,
    title: Option<Field<'a>>,
    url: Option<Field<'a>>,
    source: Option<Field<'a>>,
    published: Option<Field<'a>>,
    text: Option<Field<'a>>,
    html: Option<Field<'a>>,
}

impl<'a> Fields<'a> {
    fn slot(&mut self, key: &str) -> Option<&mut Option<Field<'a>>> {
        Some(match key {
            "id" => &mut self.id,
            "title" => &mut self.title,
            "url" => &mut self.url,
            "source" => &mut self.source,
            "published" => &mut self.published,
            "text" => &mut self.text,
            "html" => &mut self.html,
            _ => return None,
        })
    }

    fn str(&self, f: fn(&Self) -> &Option<Field<'a>>) -> Option<&str> {
        f(self).as_ref().and_then(Field::as_str)
    }

    fn clean(&self, f: fn(&Self) -> &Option<Field<'a>>) -> Option<String> {
        self.str(f).map(normalize).filter(|s| !s.is_empty())
    }
}

/// A parsed record: an object's fields, or the kind of a non-object.
enum Top<'a> {
    Object(Fields<'a>),
    Other(&'static str),
}

/// Parses any JSON value through `deserialize_any`, as `serde_json::Value`
/// does (same checks, same errors, same depth limit), keeping only its kind:
/// no allocation for the parts of a record that are not read.
#[derive(Clone, Copy)]
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = &'static str;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = &'static str;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok("a boolean")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok("a number")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok("a number")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // A `Value` makes a non-finite number null.
        Ok(if v.is_finite() { "a number" } else { "null" })
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok("a string")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok("null")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok("an array")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_key_seed(Key)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok("an object")
    }
}

/// A map key, parsed as a `Value`'s are (`deserialize_str`).
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// The value of a field that is read: strings borrowed from the line where
/// they have no escapes.
struct FieldSeed;

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Field<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = Field<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Field::Num(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Field::Num(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Number::from_f64(v).map_or(Field::Other, Field::Num))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Field::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Field::Str(Cow::Owned(v.to_string())))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Skip.visit_seq(seq).map(|_| Field::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Skip.visit_map(map).map(|_| Field::Other)
    }
}

impl<'de> Deserialize<'de> for Top<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TopVisitor)
    }
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Skip.visit_bool(v).map(Top::Other)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Skip.visit_i64(v).map(Top::Other)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Skip.visit_u64(v).map(Top::Other)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Skip.visit_f64(v).map(Top::Other)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Skip.visit_str(v).map(Top::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Skip.visit_unit().map(Top::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Skip.visit_seq(seq).map(Top::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key_seed(Key)? {
            match fields.slot(&key) {
                Some(slot) => *slot = Some(map.next_value_seed(FieldSeed)?),
                None => {
                    map.next_value_seed(Skip)?;
                }
            }
        }
        Ok(Top::Object(fields))
    }
}

fn json_error_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let msg = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    format!("{msg} at column {}", e.column())
}

/// A record parsed: by [`plain_record`] when it is a flat object of
/// strings (most), else by `serde_json`, which gives the same fields, and
/// the errors.
fn parse_record(line: &str) -> Result<Top<'_>, serde_json::Error> {
    match plain_record(line) {
        Some(fields) => Ok(Top::Object(fields)),
        None => serde_json::from_str(line),
    }
}

/// JSON white space, as `serde_json` skips it.
fn skip_json_space(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\n' | b'\t' | b'\r')) {
        i += 1;
    }
    i
}

/// Whether `s` holds a byte below 0x20. Sixteen bytes at a time with no
/// early exit inside, so the compiler makes vector instructions of it.
fn has_control_byte(s: &[u8]) -> bool {
    let mut blocks = s.chunks_exact(16);
    for block in &mut blocks {
        if block.iter().fold(0u8, |acc, &b| acc | u8::from(b < 0x20)) != 0 {
            return true;
        }
    }
    blocks.remainder().iter().any(|&b| b < 0x20)
}

/// The JSON string whose contents start at `start` in `line`, and the
/// index after its closing quote; borrowed when it has no escape. `None`
/// for a `\u` escape and anything `serde_json` would reject (left to it).
fn plain_string(line: &str, start: usize) -> Option<(Cow<'_, str>, usize)> {
    let b = line.as_bytes();
    let mut owned: Option<String> = None;
    let mut run = start;
    loop {
        let at = run + memchr::memchr2(b'"', b'\\', b.get(run..)?)?;
        let piece = b.get(run..at)?;
        if has_control_byte(piece) {
            return None;
        }
        // `at` holds an ASCII byte: a character boundary.
        let text = line.get(run..at)?;
        if b.get(at) == Some(&b'"') {
            let value = match owned {
                None => Cow::Borrowed(text),
                Some(mut o) => {
                    o.push_str(text);
                    Cow::Owned(o)
                }
            };
            return Some((value, at + 1));
        }
        let decoded = match b.get(at + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            _ => return None,
        };
        let o = owned.get_or_insert_with(|| String::with_capacity(b.len() - start));
        o.push_str(text);
        o.push(decoded);
        run = at + 2;
    }
}

/// A record that is one object whose values are all strings without `\u`
/// escapes, read without `serde_json`'s general machinery; `None` for any
/// other line, valid or not.
fn plain_record(line: &str) -> Option<Fields<'_>> {
    let b = line.as_bytes();
    let mut i = skip_json_space(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_json_space(b, i + 1);
    let mut fields = Fields::default();
    if b.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let (key, after) = plain_string(line, i + 1)?;
            i = skip_json_space(b, after);
            if b.get(i) != Some(&b':') {
                return None;
            }
            i = skip_json_space(b, i + 1);
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let (value, after) = plain_string(line, i + 1)?;
            // The last of repeated keys wins, as in `visit_map`.
            if let Some(slot) = fields.slot(&key) {
                *slot = Some(Field::Str(value));
            }
            i = skip_json_space(b, after);
            match b.get(i) {
                Some(b',') => i = skip_json_space(b, i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_json_space(b, i) == b.len()).then_some(fields)
}

/// The documents of one JSON Lines record (a JSON object).
pub(crate) fn record_documents(
    line: &str,
    name: &str,
    line_no: u64,
    opts: &IngestOptions,
) -> Result<Vec<Item>, IngestError> {
    let top =
        parse_record(line).map_err(|e| IngestError::MalformedJsonl(json_error_message(&e)))?;
    let obj = match top {
        Top::Object(obj) => obj,
        Top::Other(kind) => {
            return Err(IngestError::MalformedJsonl(format!(
                "expected a JSON object, found {kind}"
            )))
        }
    };
    let id = match &obj.id {
        Some(Field::Str(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Field::Num(n)) => Some(n.to_string()),
        _ => None,
    };
    let meta = Meta {
        id,
        title: obj.clean(|o| &o.title),
        url: obj.clean(|o| &o.url),
        source: obj.clean(|o| &o.source),
        published: obj
            .str(|o| &o.published)
            .and_then(crate::dates::record_published),
    };
    let origin = Origin {
        path: name.to_string(),
        record: Some(line_no),
        part: 0,
    };
    let docs = if let Some(text) = obj.str(|o| &o.text) {
        document_from_text(text, origin, meta, opts)
    } else if let Some(html) = obj.str(|o| &o.html) {
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

    /// The fields and errors read as a `serde_json::Value`, as records were
    /// once parsed: the reference for [`Top`].
    fn via_value(line: &str) -> Result<Vec<Option<String>>, String> {
        use serde_json::Value;
        let v: Value = serde_json::from_str(line).map_err(|e| json_error_message(&e))?;
        let kind = match &v {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        let Value::Object(obj) = v else {
            return Err(format!("expected a JSON object, found {kind}"));
        };
        let id = match obj.get("id") {
            Some(Value::String(s)) => Some(format!("s{s}")),
            Some(Value::Number(n)) => Some(format!("n{n}")),
            _ => None,
        };
        let mut out = vec![id];
        for k in ["title", "url", "source", "published", "text", "html"] {
            out.push(obj.get(k).and_then(Value::as_str).map(str::to_string));
        }
        Ok(out)
    }

    fn via_top(line: &str) -> Result<Vec<Option<String>>, String> {
        let top = parse_record(line).map_err(|e| json_error_message(&e))?;
        let obj = match top {
            Top::Object(obj) => obj,
            Top::Other(kind) => return Err(format!("expected a JSON object, found {kind}")),
        };
        let id = match &obj.id {
            Some(Field::Str(s)) => Some(format!("s{s}")),
            Some(Field::Num(n)) => Some(format!("n{n}")),
            _ => None,
        };
        let mut out = vec![id];
        for f in [
            obj.str(|o| &o.title),
            obj.str(|o| &o.url),
            obj.str(|o| &o.source),
            obj.str(|o| &o.published),
            obj.str(|o| &o.text),
            obj.str(|o| &o.html),
        ] {
            out.push(f.map(str::to_string));
        }
        Ok(out)
    }

    #[test]
    fn records_read_as_values_are() {
        let deep = format!("{{\"a\": {}1{}}}", "[".repeat(200), "]".repeat(200));
        let lines = [
            r#"{"id": "a", "title": "T", "text": "x\ny", "extra": [1, {"b": null}]}"#,
            r#"{"id": 12, "text": "a", "text": 3}"#,
            r#"{"id": -3.5e3, "html": "<p>x</p>", "url": "\u00e9"}"#,
            r#"{"id": 1e400, "text": "x"}"#,
            r#"{"id": 18446744073709551616, "text": "x"}"#,
            r#"{"text": "\ud800"}"#,
            r#"{"x": "\ud800", "text": "a"}"#,
            r#"{"text": "a"} x"#,
            r#"{"text": "a",}"#,
            r#"{1: 2}"#,
            r#"{"text": tru}"#,
            r#"{"text": "a\qb"}"#,
            r#"{"published": {"a": 1}, "source": ["s"], "text": "t"}"#,
            r#"{"title": "t", "title": "u", "text": "v"}"#,
            "[1, 2",
            "[1, 2]",
            "\"s\"",
            "null",
            "true",
            "-0",
            "2.5",
            "{",
            r#"{"text": "a\u0000"}"#,
            r#"{"text": "a\tb"}"#,
            "{\"text\": \"a\tb\"}",
            deep.as_str(),
        ];
        for line in lines {
            assert_eq!(via_top(line), via_value(line), "{line}");
        }
    }

    /// Records read by `plain_record` have the fields, and others the
    /// errors, that a `serde_json::Value` parse gives, on generated lines
    /// made of pieces of records, escapes and white space.
    #[test]
    fn plain_records_read_as_values_are() {
        let pieces = [
            "{",
            "}",
            "\"",
            ":",
            ",",
            " ",
            "\t",
            "\r\n",
            "\"text\"",
            "\"title\"",
            "\"id\"",
            "\"url\"",
            "\"x\"",
            "\"te\\u0078t\"",
            "\"a b\"",
            "\"\"",
            "\"\\n\"",
            "\"\\\"\"",
            "\"\\\\\"",
            "\"\\/\"",
            "\"\\b\\f\\r\\t\"",
            "\"\\q\"",
            "\"\\u00e9\"",
            "\"é ✓\"",
            "\"\u{1}\"",
            "\"\u{7f}\"",
            "12",
            "-1.5",
            "null",
            "true",
            "[]",
            "[\"a\"]",
            "{}",
            "\"te",
            "xt\"",
            "\\",
            "\\\\",
            "n",
            "\u{a0}",
        ];
        let mut next = crate::test_rng(0xd1b5_4a32_d192_ed03u64);
        let mut cases: Vec<String> = Vec::new();
        for _ in 0..30_000 {
            let mut line = String::new();
            if !next().is_multiple_of(8) {
                line.push('{');
            }
            for _ in 0..(next() % 12) {
                line.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            cases.push(line);
            // A well-formed record of string fields, some escaped.
            let mut rec = String::from("{");
            for k in 0..(next() % 5) {
                if k > 0 {
                    rec.push_str([",", " , ", ",\n"][(next() % 3) as usize]);
                }
                let key = ["\"text\"", "\"title\"", "\"id\"", "\"x\"", "\"t\\u0065xt\""]
                    [(next() % 5) as usize];
                let value = [
                    "\"a\\nb\"",
                    "\"plain\"",
                    "\"q\\\"\\\\\"",
                    "\"\"",
                    "\"é\\t\"",
                    "7",
                ][(next() % 6) as usize];
                rec.push_str(&format!(
                    "{key}{}{value}",
                    [":", " : "][(next() % 2) as usize]
                ));
            }
            rec.push_str(["}", "} ", "}x", ""][(next() % 4) as usize]);
            cases.push(rec);
        }
        let mut plain = 0;
        for line in &cases {
            assert_eq!(via_top(line), via_value(line), "{line:?}");
            plain += usize::from(plain_record(line).is_some());
        }
        assert!(plain > 5_000, "{plain}");
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
