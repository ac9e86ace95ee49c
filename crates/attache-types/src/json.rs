//! Hand-written JSON for output records.
//!
//! `attache code` prints one [`Record`] per line, and that output is the
//! pipeline's largest stage: events carry sentence text and spans, doc
//! records the whole document. Serde's token-by-token path (a call per
//! key, per separator, per escaped fragment) costs more than the JSON it
//! writes, so this module writes the same bytes directly: fixed key
//! prefixes as literals, strings copied in long unescaped runs.
//!
//! The output is byte for byte what `serde_json::to_writer` writes for the
//! derived `Serialize` impls: field order is declaration order, every
//! `#[serde(...)]` attribute of the types is reproduced (renames,
//! `skip_serializing_if`, the adjacently tagged envelope), dates print as
//! chrono prints them, non-finite floats as `null`. The tests compare
//! against serde_json, so a change to a type that is not mirrored here fails
//! them.

use chrono::{Datelike, NaiveDate};

use crate::{
    Actor, DateBasis, Detail, DetailKind, DocRecord, ErrorRecord, Event, EventDate, InputSegment,
    Location, Modality, Origin, Precision, Published, PublishedFound, Record, SentenceRef, Span,
    Summary,
};

/// Appends `record` as one JSON object (no newline), byte for byte what
/// `serde_json::to_writer` writes for it.
pub fn write_record(out: &mut Vec<u8>, record: &Record) {
    // `#[serde(tag = "type", content = "data", rename_all = "lowercase")]`
    match record {
        Record::Doc(d) => return write_doc_record(out, d),
        Record::Event(e) => return write_event_record(out, e),
        Record::Error(e) => {
            out.extend_from_slice(b"{\"type\":\"error\",\"data\":");
            error_record(out, e);
        }
        Record::Summary(s) => {
            out.extend_from_slice(b"{\"type\":\"summary\",\"data\":");
            summary(out, s);
        }
    }
    out.push(b'}');
}

/// [`write_record`] for `Record::Event(event)`, without boxing the event.
pub fn write_event_record(out: &mut Vec<u8>, e: &Event) {
    out.extend_from_slice(b"{\"type\":\"event\",\"data\":");
    event(out, e);
    out.push(b'}');
}

/// [`write_record`] for `Record::Doc(doc)`, without boxing the record.
pub fn write_doc_record(out: &mut Vec<u8>, d: &DocRecord) {
    out.extend_from_slice(b"{\"type\":\"doc\",\"data\":");
    doc_record(out, d);
    out.push(b'}');
}

// ---- records ---------------------------------------------------------------

fn doc_record(out: &mut Vec<u8>, d: &DocRecord) {
    out.reserve(d.text.len() + 256);
    out.extend_from_slice(b"{\"id\":");
    string(out, &d.id);
    // title, url, source: `skip_serializing_if = "Option::is_none"`
    if let Some(title) = &d.title {
        out.extend_from_slice(b",\"title\":");
        string(out, title);
    }
    if let Some(url) = &d.url {
        out.extend_from_slice(b",\"url\":");
        string(out, url);
    }
    if let Some(source) = &d.source {
        out.extend_from_slice(b",\"source\":");
        string(out, source);
    }
    out.extend_from_slice(b",\"published\":");
    option(out, d.published.as_ref(), published);
    out.extend_from_slice(b",\"origin\":");
    origin(out, &d.origin);
    out.extend_from_slice(b",\"sentences\":");
    integer(out, d.sentences);
    out.extend_from_slice(b",\"events\":");
    integer(out, d.events);
    out.extend_from_slice(b",\"text\":");
    string(out, &d.text);
    out.extend_from_slice(b",\"input_map\":");
    array(out, &d.input_map, input_segment);
    out.push(b'}');
}

fn event(out: &mut Vec<u8>, e: &Event) {
    out.extend_from_slice(b"{\"id\":");
    string(out, &e.id);
    out.extend_from_slice(b",\"doc_id\":");
    string(out, &e.doc_id);
    // `event_type` is `#[serde(rename = "type")]`
    out.extend_from_slice(b",\"type\":");
    string(out, &e.event_type);
    out.extend_from_slice(b",\"mode\":");
    option_string(out, e.mode.as_deref());
    out.extend_from_slice(b",\"contexts\":");
    array(out, &e.contexts, |out, c| string(out, c));
    out.extend_from_slice(b",\"cameo\":");
    option_string(out, e.cameo.as_deref());
    out.extend_from_slice(b",\"actors\":");
    array(out, &e.actors, actor);
    out.extend_from_slice(b",\"recipients\":");
    array(out, &e.recipients, actor);
    out.extend_from_slice(b",\"trigger\":");
    span(out, &e.trigger);
    out.extend_from_slice(b",\"date\":");
    option(out, e.date.as_ref(), event_date);
    out.extend_from_slice(b",\"location\":");
    option(out, e.location.as_ref(), location);
    modality(out, &e.modality);
    float32(out, e.confidence);
    out.extend_from_slice(b",\"sentence\":");
    sentence_ref(out, &e.sentence);
    out.extend_from_slice(b",\"rule\":");
    string(out, &e.rule);
    out.extend_from_slice(b",\"details\":");
    array(out, &e.details, detail);
    out.extend_from_slice(b",\"coder_version\":");
    string(out, &e.coder_version);
    out.push(b'}');
}

fn error_record(out: &mut Vec<u8>, e: &ErrorRecord) {
    out.extend_from_slice(b"{\"path\":");
    string(out, &e.path);
    out.extend_from_slice(b",\"record\":");
    option(out, e.record.as_ref(), |out, r| integer(out, *r));
    out.extend_from_slice(b",\"code\":");
    string(out, &e.code);
    out.extend_from_slice(b",\"message\":");
    string(out, &e.message);
    out.push(b'}');
}

fn summary(out: &mut Vec<u8>, s: &Summary) {
    out.extend_from_slice(b"{\"inputs\":");
    integer(out, s.inputs);
    out.extend_from_slice(b",\"failed_inputs\":");
    integer(out, s.failed_inputs);
    out.extend_from_slice(b",\"docs\":");
    integer(out, s.docs);
    out.extend_from_slice(b",\"events\":");
    integer(out, s.events);
    out.extend_from_slice(b",\"errors\":");
    integer(out, s.errors);
    out.extend_from_slice(b",\"sentences\":");
    integer(out, s.sentences);
    out.push(b'}');
}

// ---- parts -----------------------------------------------------------------

fn published(out: &mut Vec<u8>, p: &Published) {
    out.extend_from_slice(b"{\"date\":");
    date(out, p.date);
    out.extend_from_slice(b",\"precision\":");
    precision(out, p.precision);
    out.extend_from_slice(b",\"found\":");
    published_found(out, p.found);
    // `skip_serializing_if = "Option::is_none"`
    if let Some(text) = &p.text {
        out.extend_from_slice(b",\"text\":");
        string(out, text);
    }
    out.push(b'}');
}

fn origin(out: &mut Vec<u8>, o: &Origin) {
    out.extend_from_slice(b"{\"path\":");
    string(out, &o.path);
    // `skip_serializing_if = "Option::is_none"`
    if let Some(record) = o.record {
        out.extend_from_slice(b",\"record\":");
        integer(out, record);
    }
    out.extend_from_slice(b",\"part\":");
    integer(out, o.part);
    out.push(b'}');
}

/// A tuple struct: serde writes it as an array.
fn input_segment(out: &mut Vec<u8>, s: &InputSegment) {
    out.push(b'[');
    integer(out, s.0);
    out.push(b',');
    integer(out, s.1);
    out.push(b',');
    integer(out, s.2);
    out.push(b']');
}

fn span(out: &mut Vec<u8>, s: &Span) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &s.text);
    out.extend_from_slice(b",\"start\":");
    integer(out, s.start);
    out.extend_from_slice(b",\"end\":");
    integer(out, s.end);
    out.push(b'}');
}

fn actor(out: &mut Vec<u8>, a: &Actor) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &a.text);
    out.extend_from_slice(b",\"start\":");
    integer(out, a.start);
    out.extend_from_slice(b",\"end\":");
    integer(out, a.end);
    out.extend_from_slice(b",\"name\":");
    string(out, &a.name);
    out.extend_from_slice(b",\"country\":");
    option_string(out, a.country.as_deref());
    out.extend_from_slice(b",\"org\":");
    option_string(out, a.org.as_deref());
    // `skip_serializing_if = "Option::is_none"`
    if let Some(body) = &a.body {
        out.extend_from_slice(b",\"body\":");
        string(out, body);
    }
    out.extend_from_slice(b",\"sector\":");
    option_string(out, a.sector.as_deref());
    out.extend_from_slice(b",\"person\":");
    option_string(out, a.person.as_deref());
    out.extend_from_slice(b",\"role\":");
    option_string(out, a.role.as_deref());
    out.extend_from_slice(b",\"rule\":");
    string(out, &a.rule);
    out.push(b'}');
}

fn event_date(out: &mut Vec<u8>, d: &EventDate) {
    out.extend_from_slice(b"{\"value\":");
    date(out, d.value);
    out.extend_from_slice(b",\"end\":");
    date(out, d.end);
    out.extend_from_slice(b",\"precision\":");
    precision(out, d.precision);
    out.extend_from_slice(b",\"basis\":");
    date_basis(out, d.basis);
    out.extend_from_slice(b",\"span\":");
    option(out, d.span.as_ref(), span);
    out.push(b'}');
}

fn location(out: &mut Vec<u8>, l: &Location) {
    out.extend_from_slice(b"{\"name\":");
    string(out, &l.name);
    out.extend_from_slice(b",\"country\":");
    option_string(out, l.country.as_deref());
    out.extend_from_slice(b",\"lat\":");
    float64(out, l.lat);
    out.extend_from_slice(b",\"lon\":");
    float64(out, l.lon);
    out.extend_from_slice(b",\"geonameid\":");
    option(out, l.geonameid.as_ref(), |out, id| integer(out, *id));
    out.extend_from_slice(b",\"text\":");
    string(out, &l.text);
    out.extend_from_slice(b",\"start\":");
    integer(out, l.start);
    out.extend_from_slice(b",\"end\":");
    integer(out, l.end);
    out.extend_from_slice(b",\"rule\":");
    string(out, &l.rule);
    out.push(b'}');
}

/// The modality object of an event with the keys around it, one copy from
/// [`MODALITY`] instead of eight small writes.
fn modality(out: &mut Vec<u8>, m: &Modality) {
    let i = usize::from(m.negated)
        | usize::from(m.future) << 1
        | usize::from(m.hypothetical) << 2
        | usize::from(m.historical) << 3;
    out.extend_from_slice(MODALITY[i].as_bytes());
}

/// `,"modality":{...},"confidence":` for every modality, indexed by its
/// flags (negated = 1, future = 2, hypothetical = 4, historical = 8).
const MODALITY: [&str; 16] = [
    ",\"modality\":{\"negated\":false,\"future\":false,\"hypothetical\":false,\"historical\":false},\"confidence\":",
    ",\"modality\":{\"negated\":true,\"future\":false,\"hypothetical\":false,\"historical\":false},\"confidence\":",
    ",\"modality\":{\"negated\":false,\"future\":true,\"hypothetical\":false,\"historical\":false},\"confidence\":",
    ",\"modality\":{\"negated\":true,\"future\":true,\"hypothetical\":false,\"historical\":false},\"confidence\":",
    ",\"modality\":{\"negated\":false,\"future\":false,\"hypothetical\":true,\"historical\":false},\"confidence\":",
    ",\"modality\":{\"negated\":true,\"future\":false,\"hypothetical\":true,\"historical\":false},\"confidence\":",
    ",\"modality\":{\"negated\":false,\"future\":true,\"hypothetical\":true,\"historical\":false},\"confidence\":",
    ",\"modality\":{\"negated\":true,\"future\":true,\"hypothetical\":true,\"historical\":false},\"confidence\":",
    ",\"modality\":{\"negated\":false,\"future\":false,\"hypothetical\":false,\"historical\":true},\"confidence\":",
    ",\"modality\":{\"negated\":true,\"future\":false,\"hypothetical\":false,\"historical\":true},\"confidence\":",
    ",\"modality\":{\"negated\":false,\"future\":true,\"hypothetical\":false,\"historical\":true},\"confidence\":",
    ",\"modality\":{\"negated\":true,\"future\":true,\"hypothetical\":false,\"historical\":true},\"confidence\":",
    ",\"modality\":{\"negated\":false,\"future\":false,\"hypothetical\":true,\"historical\":true},\"confidence\":",
    ",\"modality\":{\"negated\":true,\"future\":false,\"hypothetical\":true,\"historical\":true},\"confidence\":",
    ",\"modality\":{\"negated\":false,\"future\":true,\"hypothetical\":true,\"historical\":true},\"confidence\":",
    ",\"modality\":{\"negated\":true,\"future\":true,\"hypothetical\":true,\"historical\":true},\"confidence\":",
];

fn sentence_ref(out: &mut Vec<u8>, s: &SentenceRef) {
    out.extend_from_slice(b"{\"index\":");
    integer(out, s.index);
    out.extend_from_slice(b",\"start\":");
    integer(out, s.start);
    out.extend_from_slice(b",\"end\":");
    integer(out, s.end);
    out.extend_from_slice(b",\"text\":");
    string(out, &s.text);
    out.push(b'}');
}

fn detail(out: &mut Vec<u8>, d: &Detail) {
    out.extend_from_slice(b"{\"kind\":");
    detail_kind(out, d.kind);
    out.extend_from_slice(b",\"text\":");
    string(out, &d.text);
    out.extend_from_slice(b",\"start\":");
    integer(out, d.start);
    out.extend_from_slice(b",\"end\":");
    integer(out, d.end);
    // value, unit: `skip_serializing_if = "Option::is_none"`
    if let Some(value) = d.value {
        out.extend_from_slice(b",\"value\":");
        float64(out, value);
    }
    if let Some(unit) = &d.unit {
        out.extend_from_slice(b",\"unit\":");
        string(out, unit);
    }
    out.push(b'}');
}

// ---- enums (unit variants print as strings) --------------------------------

/// `#[serde(rename_all = "lowercase")]`
fn precision(out: &mut Vec<u8>, p: Precision) {
    quoted(out, p.as_str());
}

/// `#[serde(rename_all = "snake_case")]`
fn published_found(out: &mut Vec<u8>, f: PublishedFound) {
    quoted(
        out,
        match f {
            PublishedFound::Record => "record",
            PublishedFound::HtmlMeta => "html_meta",
            PublishedFound::Text => "text",
            PublishedFound::Caller => "caller",
        },
    );
}

/// `#[serde(rename_all = "snake_case")]`
fn date_basis(out: &mut Vec<u8>, b: DateBasis) {
    quoted(
        out,
        match b {
            DateBasis::Explicit => "explicit",
            DateBasis::Relative => "relative",
            DateBasis::Context => "context",
            DateBasis::Publication => "publication",
        },
    );
}

/// `#[serde(rename_all = "snake_case")]`
fn detail_kind(out: &mut Vec<u8>, k: DetailKind) {
    quoted(
        out,
        match k {
            DetailKind::Money => "money",
            DetailKind::Personnel => "personnel",
            DetailKind::Agreement => "agreement",
            DetailKind::Mechanism => "mechanism",
        },
    );
}

// ---- scalars and containers -----------------------------------------------

/// A string known to need no escaping (enum names).
fn quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
}

fn option<T>(out: &mut Vec<u8>, value: Option<&T>, write: impl FnOnce(&mut Vec<u8>, &T)) {
    match value {
        Some(v) => write(out, v),
        None => out.extend_from_slice(b"null"),
    }
}

fn option_string(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn array<T>(out: &mut Vec<u8>, items: &[T], mut write: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

// Inlined: a call costs as much as the common case itself.
#[inline(always)]
fn integer<I: itoa::Integer + Copy + TryInto<u32>>(out: &mut Vec<u8>, i: I) {
    match i.try_into() {
        Ok(n) if n < 10_000 => small_integer(out, n),
        _ => large_integer(out, i),
    }
}

#[inline(never)]
fn large_integer<I: itoa::Integer>(out: &mut Vec<u8>, i: I) {
    out.extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
}

/// Decimal digits of 0 to 99, two per entry.
const PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    pairs
};

/// `n` below 10,000 (offsets, counts): the four digits as one word with the
/// leading zeros shifted out, one fixed-size write and a cut, where itoa
/// would end in a `memcpy` call of the variable length.
#[inline(always)]
fn small_integer(out: &mut Vec<u8>, n: u32) {
    let [a, b] = PAIRS[(n / 100 % 100) as usize];
    let [c, d] = PAIRS[(n % 100) as usize];
    let len = 1 + usize::from(n >= 10) + usize::from(n >= 100) + usize::from(n >= 1000);
    // Little-endian: the leading digits are the low bytes.
    let word = u32::from_le_bytes([a, b, c, d]) >> (8 * (4 - len));
    let at = out.len();
    out.extend_from_slice(&word.to_le_bytes());
    out.truncate(at + len);
}

/// serde_json writes finite floats with `zmij` (shortest round-trip form,
/// `1e-7`, `1e+16`) and NaN and infinities as `null`.
fn float64(out: &mut Vec<u8>, f: f64) {
    if f.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(f).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// As [`float64`], at `f32` precision (`0.9f32` prints as `0.9`).
fn float32(out: &mut Vec<u8>, f: f32) {
    // Confidences are hundredths: the nearest `f32` to k/100 prints as
    // k/100 in at most two decimals, so those come from a table.
    let k = (f * 100.0 + 0.5) as u32;
    if let Some(&(digits, len)) = HUNDREDTHS.get(k as usize) {
        if (k as f32 / 100.0).to_bits() == f.to_bits() {
            let at = out.len();
            out.extend_from_slice(&digits);
            out.truncate(at + usize::from(len));
            return;
        }
    }
    if f.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(f).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// How `k as f32 / 100.0` prints, for k in 0..=100: `0.0`, `0.01` .. `0.99`
/// (no trailing zero: `0.5`), `1.0`; padded to four bytes, with the length.
const HUNDREDTHS: [([u8; 4], u8); 101] = {
    let mut table = [([0; 4], 0); 101];
    let mut k = 0;
    while k <= 100 {
        let (tens, ones) = (b'0' + (k / 10 % 10) as u8, b'0' + (k % 10) as u8);
        table[k] = if k == 100 {
            (*b"1.0 ", 3)
        } else if k % 10 == 0 {
            ([b'0', b'.', tens, b' '], 3)
        } else {
            ([b'0', b'.', tens, ones], 4)
        };
        k += 1;
    }
    table
};

/// chrono serialises a date through its `Debug` format: `YYYY-MM-DD` for
/// years 0 to 9999, otherwise a signed year of at least four digits
/// (`+10000-01-01`, `-0001-12-31`).
fn date(out: &mut Vec<u8>, d: NaiveDate) {
    let pair = |n: u32| PAIRS[(n % 100) as usize];
    match u32::try_from(d.year()) {
        Ok(y) if y <= 9999 => {
            let ([y1, y2], [y3, y4]) = (pair(y / 100), pair(y));
            let ([m1, m2], [d1, d2]) = (pair(d.month()), pair(d.day()));
            out.extend_from_slice(&[b'"', y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2, b'"']);
        }
        _ => {
            out.push(b'"');
            out.extend_from_slice(d.to_string().as_bytes());
            out.push(b'"');
        }
    }
}

// ---- strings ---------------------------------------------------------------

/// Writes `s` as a JSON string, escaping as serde_json does: `\"`, `\\`,
/// the short escapes `\b \t \n \f \r`, other bytes below 0x20 as `\u00xx`
/// (lowercase hex); everything else, DEL and non-ASCII included, verbatim.
///
/// The short case is inlined at each field: as a call, saving and restoring
/// registers cost a fifth of it.
#[inline(always)]
fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if bytes.len() <= 32 && short_string(out, bytes) {
        return;
    }
    plain_string(out, bytes);
}

/// Writes a string of at most 32 bytes that needs no escaping, the common
/// case (codes, names, rules), with fixed-size copies instead of a
/// `memcpy` call: it appends a run of quotes, overwrites the bytes of the
/// string with two (overlapping) fixed-size chunks, and cuts the run after the
/// closing quote. Writes nothing and returns false when `bytes` needs
/// escaping or is longer.
#[inline(always)]
fn short_string(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let n = bytes.len();
    let at = out.len();
    if n > 16 {
        let (Some(head), Some(tail)) = (bytes.first_chunk::<16>(), bytes.last_chunk::<16>()) else {
            return false;
        };
        if n > 32 || flags16(head) | flags16(tail) != 0 {
            return false;
        }
        out.extend_from_slice(&[b'"'; 34]);
        out[at + 1..at + 17].copy_from_slice(head);
        out[at + n - 15..at + n + 1].copy_from_slice(tail);
    } else if n >= 8 {
        let (Some(head), Some(tail)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) else {
            return false;
        };
        let flags =
            escape_flags(u64::from_le_bytes(*head)) | escape_flags(u64::from_le_bytes(*tail));
        if flags != 0 {
            return false;
        }
        out.extend_from_slice(&[b'"'; 18]);
        out[at + 1..at + 9].copy_from_slice(head);
        out[at + n - 7..at + n + 1].copy_from_slice(tail);
    } else if n >= 4 {
        let (Some(head), Some(tail)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) else {
            return false;
        };
        let word =
            u64::from(u32::from_le_bytes(*head)) | u64::from(u32::from_le_bytes(*tail)) << 32;
        if escape_flags(word) != 0 {
            return false;
        }
        out.extend_from_slice(&[b'"'; 10]);
        out[at + 1..at + 5].copy_from_slice(head);
        out[at + n - 3..at + n + 1].copy_from_slice(tail);
    } else if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
        // One to three bytes: the first, middle and last cover them all.
        let middle = bytes[n / 2];
        // Padded with spaces, which need no escaping.
        let word = u64::from_le_bytes([first, middle, last, b' ', b' ', b' ', b' ', b' ']);
        if escape_flags(word) != 0 {
            return false;
        }
        out.extend_from_slice(&[b'"'; 5]);
        out[at + 1] = first;
        out[at + 1 + n / 2] = middle;
        out[at + n] = last;
    } else {
        out.extend_from_slice(b"\"\"");
        return true;
    }
    out.truncate(at + n + 2);
    true
}

/// [`escape_flags`] of both halves of 16 bytes, or'd.
fn flags16(bytes: &[u8; 16]) -> u64 {
    let (words, _) = bytes.as_chunks::<8>();
    words
        .iter()
        .fold(0, |flags, w| flags | escape_flags(u64::from_le_bytes(*w)))
}

/// [`string`] for any length: copies the runs between escapes.
#[inline(never)]
fn plain_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    while let Some(at) = next_escape(bytes, copied) {
        out.extend_from_slice(&bytes[copied..at]);
        escape(out, bytes[at]);
        copied = at + 1;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Index of the first byte at or after `from` that must be escaped.
///
/// Scans eight bytes at a time: in each little-endian word, the lowest
/// flagged byte of [`escape_flags`] is the first byte to escape.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    // Two words per step: escapes are rare, so the step seldom stops.
    let (pairs, left) = rest.as_chunks::<16>();
    for (i, pair) in pairs.iter().enumerate() {
        let pair = u128::from_le_bytes(*pair);
        let (low, high) = (escape_flags(pair as u64), escape_flags((pair >> 64) as u64));
        if low | high != 0 {
            let bit = if low != 0 {
                low.trailing_zeros()
            } else {
                64 + high.trailing_zeros()
            };
            return Some(from + i * 16 + (bit / 8) as usize);
        }
    }
    let scanned = from + pairs.len() * 16;
    let (words, tail) = left.as_chunks::<8>();
    if let Some(word) = words.first() {
        let flags = escape_flags(u64::from_le_bytes(*word));
        if flags != 0 {
            return Some(scanned + (flags.trailing_zeros() / 8) as usize);
        }
    }
    if tail.is_empty() {
        return None;
    }
    // The last eight bytes, overlapping clean ones already scanned, so the
    // lowest flag is still the first escape.
    match rest.last_chunk::<8>() {
        Some(last) => {
            let flags = escape_flags(u64::from_le_bytes(*last));
            (flags != 0).then(|| from + rest.len() - 8 + (flags.trailing_zeros() / 8) as usize)
        }
        None => tail
            .iter()
            .position(|&b| needs_escape(b))
            .map(|i| scanned + words.len() * 8 + i),
    }
}

/// High bit set in the bytes of `word` that are below 0x20, `"` or `\`.
///
/// The classic "has a byte less than n" test: a flag can be spurious only
/// above a true one (a borrow runs upward), so the lowest flag is exact.
///
/// Control bytes and `"` take one test: flipping bit 1 maps `"` (0x22) to
/// 0x20 and keeps 0x00..=0x1f below 0x20 (a permutation of them), so exactly
/// those bytes become 0x20 or less.
fn escape_flags(word: u64) -> u64 {
    let flipped = word ^ (ONES * 0x02);
    let control_or_quote = flipped.wrapping_sub(ONES * 0x21) & !flipped;
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (control_or_quote | backslash) & HIGHS
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

fn escape(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        _ => out.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0xf)],
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts that [`write_record`] writes what serde_json writes.
    fn assert_same(record: &Record) {
        let expected = serde_json::to_vec(record).expect("serde_json serialises records");
        let mut got = Vec::new();
        write_record(&mut got, record);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expected)
        );
    }

    fn assert_string_same(s: &str) {
        let expected = serde_json::to_vec(s).expect("serde_json serialises strings");
        let mut got = Vec::new();
        string(&mut got, s);
        assert_eq!(got, expected, "escaping {s:?}");
        // After other output, as in a record.
        let mut plain = b"{\"k\":".to_vec();
        plain_string(&mut plain, s.as_bytes());
        let mut fast = b"{\"k\":".to_vec();
        string(&mut fast, s);
        assert_eq!(fast, plain, "escaping {s:?} after other output");
    }

    /// Tiny xorshift64 generator: deterministic, no extra crates.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn span_of(text: &str) -> Span {
        Span {
            text: text.into(),
            start: 3,
            end: 17,
        }
    }

    fn actor_full(text: &str) -> Actor {
        Actor {
            text: text.into(),
            start: 0,
            end: 7,
            name: format!("name {text}").into(),
            country: Some("USA".into()),
            org: Some(text.into()),
            body: Some(text.into()),
            sector: Some("GOV".into()),
            person: Some(text.into()),
            role: Some("foreign_minister".into()),
            rule: text.into(),
        }
    }

    fn actor_bare(text: &str) -> Actor {
        Actor {
            text: text.into(),
            start: 12,
            end: 30,
            name: text.into(),
            country: None,
            org: None,
            body: None,
            sector: None,
            person: None,
            role: None,
            rule: "kb:state".into(),
        }
    }

    fn location_at(text: &str, lat: f64, lon: f64) -> Location {
        Location {
            name: text.into(),
            country: Some("FRA".into()),
            lat,
            lon,
            geonameid: Some(2_988_507),
            text: text.into(),
            start: 36,
            end: 41,
            rule: text.into(),
        }
    }

    fn detail_full(text: &str, value: f64) -> Detail {
        Detail {
            kind: DetailKind::Money,
            text: text.into(),
            start: 71,
            end: 81,
            value: Some(value),
            unit: Some(text.into()),
        }
    }

    /// Every `Option` set, every `Vec` non-empty, `text` in every string.
    fn event_full(text: &str) -> Event {
        Event {
            id: text.into(),
            doc_id: text.into(),
            event_type: text.into(),
            mode: Some(text.into()),
            contexts: vec![text.into(), "military".into(), "".into()],
            cameo: Some(text.into()),
            actors: vec![actor_full(text), actor_bare(text)],
            recipients: vec![actor_bare(text)],
            trigger: span_of(text),
            date: Some(EventDate {
                value: day(2024, 3, 5),
                end: day(2024, 12, 31),
                precision: Precision::Day,
                basis: DateBasis::Explicit,
                span: Some(span_of(text)),
            }),
            location: Some(location_at(text, 48.85341, 2.3488)),
            modality: Modality {
                negated: true,
                future: false,
                hypothetical: true,
                historical: false,
            },
            confidence: 0.9,
            sentence: SentenceRef {
                index: 4,
                start: 100,
                end: 175,
                text: text.to_string(),
            },
            rule: text.into(),
            details: vec![
                detail_full(text, 5_000_000.0),
                Detail {
                    kind: DetailKind::Personnel,
                    text: text.into(),
                    start: 1,
                    end: 2,
                    value: None,
                    unit: None,
                },
            ],
            coder_version: crate::CODER_VERSION.into(),
        }
    }

    /// Every `Option` unset, every `Vec` empty.
    fn event_bare() -> Event {
        Event {
            id: "".into(),
            doc_id: "".into(),
            event_type: "AGREE".into(),
            mode: None,
            contexts: Vec::new(),
            cameo: None,
            actors: Vec::new(),
            recipients: Vec::new(),
            trigger: span_of(""),
            date: None,
            location: None,
            modality: Modality::default(),
            confidence: 0.0,
            sentence: SentenceRef {
                index: 0,
                start: 0,
                end: 0,
                text: String::new(),
            },
            rule: "".into(),
            details: Vec::new(),
            coder_version: "".into(),
        }
    }

    fn doc_full(text: &str) -> DocRecord {
        DocRecord {
            id: text.to_string(),
            title: Some(text.to_string()),
            url: Some(text.to_string()),
            source: Some(text.to_string()),
            published: Some(Published {
                date: day(2022, 5, 10),
                precision: Precision::Day,
                found: PublishedFound::HtmlMeta,
                text: Some(text.to_string()),
            }),
            origin: Origin {
                path: text.to_string(),
                record: Some(17),
                part: 2,
            },
            sentences: 12,
            events: 3,
            text: text.repeat(3),
            input_map: vec![InputSegment(0, 120, 45), InputSegment(47, 300, 9)],
        }
    }

    fn doc_bare() -> DocRecord {
        DocRecord {
            id: "a1".into(),
            title: None,
            url: None,
            source: None,
            published: None,
            origin: Origin::default(),
            sentences: 0,
            events: 0,
            text: String::new(),
            input_map: Vec::new(),
        }
    }

    fn tricky_strings() -> Vec<String> {
        let controls: String = (0u8..0x20).map(char::from).collect();
        vec![
            String::new(),
            "plain words".into(),
            "say \"hi\"".into(),
            "back\\slash \\\\ and \\\"".into(),
            controls.clone(),
            format!("twelve bytes{controls}twelve bytes"),
            "\u{7f} del".into(),
            "é, 中文, Ünïcödé".into(),
            "emoji 😀🇺🇦 done".into(),
            "line\u{2028}sep\u{2029}para".into(),
            "</script><!-- & ' `".into(),
            "tab\there\nnew\rret\u{8}bs\u{c}ff".into(),
            "\"".into(),
            "\\".into(),
            "0123456\"".into(),
            "01234567\"".into(),
            "012345678\\".into(),
            "0123456789abcde\n".into(),
            "0123456789abcdef\u{1f}".into(),
            "\u{ffff}\u{10ffff}\u{80}\u{7ff}".into(),
            "x".repeat(1000) + "\"" + &"y".repeat(1000),
        ]
    }

    #[test]
    fn every_record_variant_matches_serde_json() {
        assert_same(&Record::Doc(Box::new(doc_full("Blinken visited Paris."))));
        assert_same(&Record::Doc(Box::new(doc_bare())));
        assert_same(&Record::Event(Box::new(event_full("visited"))));
        assert_same(&Record::Event(Box::new(event_bare())));
        assert_same(&Record::Error(ErrorRecord {
            path: "input.jsonl".into(),
            record: Some(3),
            code: "invalid_utf8".into(),
            message: "line 3 is not UTF-8".into(),
        }));
        assert_same(&Record::Error(ErrorRecord {
            path: "-".into(),
            record: None,
            code: "truncated_warc".into(),
            message: String::new(),
        }));
        assert_same(&Record::Summary(Summary::default()));
        assert_same(&Record::Summary(Summary {
            inputs: 1,
            failed_inputs: 2,
            docs: 30,
            events: 400,
            errors: 5000,
            sentences: 60000,
        }));
    }

    #[test]
    fn options_set_one_at_a_time_match_serde_json() {
        let mut e = event_bare();
        e.mode = Some("visit".into());
        assert_same(&Record::Event(Box::new(e.clone())));
        e.cameo = Some("042".into());
        e.date = Some(EventDate {
            value: day(2023, 12, 31),
            end: day(2023, 12, 31),
            precision: Precision::Week,
            basis: DateBasis::Publication,
            span: None,
        });
        assert_same(&Record::Event(Box::new(e.clone())));
        let mut location = location_at("Idlib", 35.93, 36.63);
        location.country = None;
        location.geonameid = None;
        e.location = Some(location);
        assert_same(&Record::Event(Box::new(e.clone())));

        let mut actor = actor_bare("NATO");
        for step in 0..6 {
            match step {
                0 => actor.country = Some("BEL".into()),
                1 => actor.org = Some("NATO".into()),
                2 => actor.body = Some("NAC".into()),
                3 => actor.sector = Some("MIL".into()),
                4 => actor.person = Some("mark_rutte".into()),
                _ => actor.role = Some("secretary_general".into()),
            }
            e.actors = vec![actor.clone()];
            e.recipients = vec![actor_bare("EU"), actor.clone()];
            assert_same(&Record::Event(Box::new(e.clone())));
        }

        let details = [
            (None, Some("officers")),
            (Some(250.0), None),
            (Some(3.0), Some("ministerial dialogue")),
        ];
        for (value, unit) in details {
            e.details = vec![Detail {
                kind: DetailKind::Mechanism,
                text: "third round".into(),
                start: 4,
                end: 15,
                value,
                unit: unit.map(Into::into),
            }];
            assert_same(&Record::Event(Box::new(e.clone())));
        }

        let mut d = doc_bare();
        d.url = Some("https://wire.example/a1".into());
        assert_same(&Record::Doc(Box::new(d.clone())));
        d.source = Some("Example Wire".into());
        d.origin.record = Some(0);
        assert_same(&Record::Doc(Box::new(d.clone())));
        d.published = Some(Published {
            date: day(2022, 5, 10),
            precision: Precision::Month,
            found: PublishedFound::Record,
            text: None,
        });
        d.title = Some("Talks".into());
        assert_same(&Record::Doc(Box::new(d)));
    }

    #[test]
    fn every_enum_value_matches_serde_json() {
        let precisions = [
            Precision::Day,
            Precision::Week,
            Precision::Month,
            Precision::Quarter,
            Precision::Season,
            Precision::Year,
            Precision::Decade,
        ];
        let founds = [
            PublishedFound::Record,
            PublishedFound::HtmlMeta,
            PublishedFound::Text,
            PublishedFound::Caller,
        ];
        let bases = [
            DateBasis::Explicit,
            DateBasis::Relative,
            DateBasis::Context,
            DateBasis::Publication,
        ];
        let kinds = [
            DetailKind::Money,
            DetailKind::Personnel,
            DetailKind::Agreement,
            DetailKind::Mechanism,
        ];
        for (i, &precision) in precisions.iter().enumerate() {
            let mut e = event_full("x");
            e.date = Some(EventDate {
                value: day(2020, 1, 1),
                end: day(2029, 12, 31),
                precision,
                basis: bases[i % bases.len()],
                span: None,
            });
            e.details[0].kind = kinds[i % kinds.len()];
            let bits = i as u8;
            e.modality = Modality {
                negated: bits & 1 != 0,
                future: bits & 2 != 0,
                hypothetical: bits & 4 != 0,
                historical: bits & 8 == 0,
            };
            assert_same(&Record::Event(Box::new(e)));

            let mut d = doc_full("y");
            d.published = Some(Published {
                date: day(1999, 11, 30),
                precision,
                found: founds[i % founds.len()],
                text: None,
            });
            assert_same(&Record::Doc(Box::new(d)));
        }
    }

    #[test]
    fn tricky_strings_in_every_field_match_serde_json() {
        for s in tricky_strings() {
            assert_string_same(&s);
            assert_same(&Record::Event(Box::new(event_full(&s))));
            assert_same(&Record::Doc(Box::new(doc_full(&s))));
            assert_same(&Record::Error(ErrorRecord {
                path: s.clone(),
                record: Some(1),
                code: s.clone(),
                message: s.clone(),
            }));
        }
    }

    #[test]
    fn every_ascii_byte_at_every_word_offset_escapes_like_serde_json() {
        let specials = ['é', '中', '😀', '\u{2028}', '\u{80}'];
        let chars = (0u8..0x80).map(char::from).chain(specials);
        for c in chars {
            for before in 0..18 {
                for after in [0, 1, 7, 8, 9] {
                    let s = format!("{}{c}{}", "a".repeat(before), "z".repeat(after));
                    assert_string_same(&s);
                    // Twice in a row, and next to other escapes.
                    assert_string_same(&format!("{s}{c}\"{s}"));
                }
            }
        }
    }

    #[test]
    fn short_strings_of_every_length_match_the_plain_writer() {
        let specials = ["\"", "\\", "\n", "\u{0}", "\u{1f}", " ", "\u{7f}", "é"];
        for len in 0..=40 {
            let base: String = ('a'..='z').cycle().take(len).collect();
            assert_string_same(&base);
            for at in 0..len {
                for special in specials {
                    let mut s = base.clone();
                    s.replace_range(at..=at, special);
                    assert_string_same(&s);
                }
            }
        }
    }

    #[test]
    fn random_strings_escape_like_serde_json() {
        const PALETTE: &[char] = &[
            'a',
            'Z',
            ' ',
            '0',
            '"',
            '\\',
            '/',
            '\n',
            '\r',
            '\t',
            '\u{0}',
            '\u{8}',
            '\u{b}',
            '\u{c}',
            '\u{1b}',
            '\u{1f}',
            '\u{7f}',
            '\u{80}',
            'é',
            'ß',
            '中',
            '\u{2028}',
            '\u{2029}',
            '\u{feff}',
            '\u{ffff}',
            '😀',
            '\u{10ffff}',
            '~',
            '!',
            '}',
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..5000 {
            let len = rng.below(70);
            let s: String = (0..len)
                .map(|_| {
                    // Mostly plain ASCII, as in article text.
                    if rng.below(4) == 0 {
                        PALETTE[rng.below(PALETTE.len() as u64) as usize]
                    } else {
                        char::from(b' ' + rng.below(95) as u8)
                    }
                })
                .collect();
            assert_string_same(&s);
        }
    }

    #[test]
    fn hundredths_print_as_zmij_prints_them() {
        let mut rng = Rng(0x5851_f42d_4c95_7f2d);
        for k in 0..=100u32 {
            let f = k as f32 / 100.0;
            let neighbours = [
                f,
                -f,
                f32::from_bits(f.to_bits() + 1),
                f32::from_bits(f.to_bits().saturating_sub(1)),
            ];
            for c in neighbours {
                let mut e = event_bare();
                e.confidence = c;
                assert_same(&Record::Event(Box::new(e)));
            }
        }
        for _ in 0..20_000 {
            let mut e = event_bare();
            e.confidence = (rng.below(2_000_000) as f32 - 500_000.0) / 1_000_000.0;
            assert_same(&Record::Event(Box::new(e)));
        }
    }

    #[test]
    fn every_modality_matches_serde_json() {
        for bits in 0u8..16 {
            let mut e = event_bare();
            e.modality = Modality {
                negated: bits & 1 != 0,
                future: bits & 2 != 0,
                hypothetical: bits & 4 != 0,
                historical: bits & 8 != 0,
            };
            assert_same(&Record::Event(Box::new(e)));
        }
    }

    #[test]
    fn integers_at_every_digit_count_match_serde_json() {
        let mut values: Vec<u64> = vec![u64::from(u32::MAX), u64::MAX];
        for p in [1u64, 10, 100, 1000, 10_000, 100_000] {
            values.extend([p - 1, p, p + 1]);
        }
        values.extend(0..=120);
        for v in values {
            let mut e = event_full("n");
            e.trigger.start = v as usize;
            e.trigger.end = (v / 7) as usize;
            e.sentence.index = (v % 10_001) as usize;
            if let Some(location) = e.location.as_mut() {
                location.geonameid = Some(v);
            }
            assert_same(&Record::Event(Box::new(e)));
            let mut d = doc_bare();
            d.origin.part = v as u32;
            d.origin.record = Some(v);
            d.input_map = vec![InputSegment(v, v / 3, v % 1000)];
            assert_same(&Record::Doc(Box::new(d)));
        }
    }

    /// The escape test as three separate tests (control, quote, backslash).
    fn escape_flags_by_parts(word: u64) -> u64 {
        let control = word.wrapping_sub(ONES * 0x20) & !word;
        let quote = word ^ (ONES * u64::from(b'"'));
        let quote = quote.wrapping_sub(ONES) & !quote;
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let backslash = backslash.wrapping_sub(ONES) & !backslash;
        (control | quote | backslash) & HIGHS
    }

    #[test]
    fn escape_flags_find_the_first_byte_the_three_tests_find() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        for b in 0..=255u8 {
            for at in 0..8 {
                for _ in 0..16 {
                    let mut bytes = rng.next().to_le_bytes();
                    // Clean bytes below, so `b` is the first candidate.
                    for clean in &mut bytes[..at] {
                        *clean = b'a' + *clean % 26;
                    }
                    bytes[at] = b;
                    let word = u64::from_le_bytes(bytes);
                    assert_eq!(
                        escape_flags(word).trailing_zeros(),
                        escape_flags_by_parts(word).trailing_zeros(),
                        "{bytes:?}"
                    );
                    assert_eq!(escape_flags(word) == 0, escape_flags_by_parts(word) == 0);
                }
            }
        }
        for _ in 0..100_000 {
            let word = rng.next();
            assert_eq!(
                escape_flags(word).trailing_zeros(),
                escape_flags_by_parts(word).trailing_zeros(),
                "{word:#x}"
            );
        }
    }

    #[test]
    fn floats_match_serde_json() {
        let values = [
            0.0,
            -0.0,
            0.85,
            0.9,
            1.0,
            -1.5,
            1e-7,
            1.5e-5,
            123_456_789.125,
            5_000_000.0,
            1e15,
            1e16,
            1e21,
            1.7976931348623157e308,
            f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            std::f64::consts::PI,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let random = (0..3000).map(|_| f64::from_bits(rng.next()));
        for v in values.into_iter().chain(random) {
            let mut e = event_full("f");
            e.location = Some(location_at("x", v, -v));
            e.details = vec![detail_full("d", v)];
            e.confidence = v as f32;
            assert_same(&Record::Event(Box::new(e)));
        }
        let confidences = [
            0.1f32,
            0.55,
            0.625,
            0.9,
            f32::MAX,
            f32::MIN_POSITIVE,
            1e-45,
            16_777_217.0,
            f32::NAN,
            f32::INFINITY,
        ];
        let random = (0..3000).map(|_| f32::from_bits(rng.next() as u32));
        for c in confidences.into_iter().chain(random) {
            let mut e = event_bare();
            e.confidence = c;
            assert_same(&Record::Event(Box::new(e)));
        }
    }

    #[test]
    fn big_integers_match_serde_json() {
        let mut e = event_full("n");
        e.trigger.start = usize::MAX;
        e.sentence.index = usize::MAX - 1;
        if let Some(location) = e.location.as_mut() {
            location.geonameid = Some(u64::MAX);
        }
        assert_same(&Record::Event(Box::new(e)));
        let mut d = doc_full("n");
        d.origin.record = Some(u64::MAX);
        d.origin.part = u32::MAX;
        d.input_map = vec![InputSegment(u64::MAX, 0, 1 << 40)];
        d.sentences = usize::MAX;
        assert_same(&Record::Doc(Box::new(d)));
        assert_same(&Record::Summary(Summary {
            inputs: usize::MAX,
            failed_inputs: 0,
            docs: 9,
            events: 10,
            errors: 99,
            sentences: 100,
        }));
        assert_same(&Record::Error(ErrorRecord {
            path: "p".into(),
            record: Some(u64::MAX),
            code: "c".into(),
            message: "m".into(),
        }));
    }

    #[test]
    fn dates_of_every_shape_match_serde_json() {
        let dates = [
            NaiveDate::MIN,
            NaiveDate::MAX,
            day(-1, 12, 31),
            day(-10000, 1, 1),
            day(0, 1, 1),
            day(1, 2, 3),
            day(999, 10, 9),
            day(2024, 2, 29),
            day(9999, 12, 31),
            day(10000, 1, 1),
        ];
        for date in dates {
            let mut e = event_full("d");
            e.date = Some(EventDate {
                value: date,
                end: date,
                precision: Precision::Decade,
                basis: DateBasis::Context,
                span: None,
            });
            assert_same(&Record::Event(Box::new(e)));
            let mut d = doc_bare();
            d.published = Some(Published {
                date,
                precision: Precision::Year,
                found: PublishedFound::Caller,
                text: Some("in 2024".into()),
            });
            assert_same(&Record::Doc(Box::new(d)));
        }
    }

    fn jsonl_files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                jsonl_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "jsonl") {
                found.push(path);
            }
        }
    }

    /// The envelope serde_json writes for one fixture line, when the line
    /// is a `doc` or `event` record (or the bare `data` of one) that
    /// serde_json reproduces exactly; lines with fields `Record` does not
    /// know do not round-trip and are skipped.
    fn round_trip(line: &str) -> Option<(Record, String)> {
        if let Ok(record) = serde_json::from_str::<Record>(line) {
            let is_doc_or_event = matches!(record, Record::Doc(_) | Record::Event(_));
            let same = serde_json::to_string(&record).ok()? == line;
            return (is_doc_or_event && same).then(|| (record, line.to_string()));
        }
        let (record, tag) = if let Ok(e) = serde_json::from_str::<Event>(line) {
            (Record::Event(Box::new(e)), "event")
        } else if let Ok(d) = serde_json::from_str::<DocRecord>(line) {
            (Record::Doc(Box::new(d)), "doc")
        } else {
            return None;
        };
        let envelope = format!("{{\"type\":\"{tag}\",\"data\":{line}}}");
        let same = serde_json::to_string(&record).ok()? == envelope;
        same.then_some((record, envelope))
    }

    #[test]
    fn expected_output_fixtures_are_reproduced() {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&crates).expect("crates folder").flatten() {
            jsonl_files(&entry.path().join("tests").join("data"), &mut files);
        }
        files.sort();
        let mut checked = 0;
        for file in &files {
            let text = std::fs::read_to_string(file).expect("fixture is UTF-8");
            for line in text.lines() {
                let Some((record, expected)) = round_trip(line) else {
                    continue;
                };
                let mut got = Vec::new();
                write_record(&mut got, &record);
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    expected,
                    "{}",
                    file.display()
                );
                checked += 1;
            }
        }
        assert!(
            checked > 0,
            "no fixture line under crates/*/tests/data round-trips as a doc or event record"
        );
    }
}
