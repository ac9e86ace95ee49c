//! Shared vocabulary of attache: documents as they leave ingest, events as
//! they leave the coder, and the JSON Lines envelope both travel in.
//!
//! Every offset in a serialised record is a **character offset** (Unicode
//! scalar values) into the `text` of the document record it belongs to, so a
//! consumer in Python or JavaScript can slice `text[start:end]` directly.
//! Inside the pipeline text is addressed by byte offsets; [`CharIndex`]
//! converts at the edge.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Short strings (codes, names, rule ids) held inline, without an allocation.
pub use compact_str::CompactString;

mod envelope;
pub mod json;
mod offsets;

pub use envelope::{ErrorRecord, Record, Summary};
pub use offsets::{CharIndex, InputMap, InputSegment};

/// Version of the coder's output; part of the purity contract
/// (same text + same knowledge + same version ⇒ same events).
pub const CODER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How exactly a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Quarter,
    Season,
    Year,
    Decade,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Season => "season",
            Precision::Year => "year",
            Precision::Decade => "decade",
        }
    }
}

/// Where a document's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedFound {
    /// A field of the input record (JSONL `published`, WARC-Date).
    Record,
    /// HTML metadata (meta tags, JSON-LD, `<time>`).
    HtmlMeta,
    /// A dateline or date line in the article text.
    Text,
    /// Supplied by the caller (`--published`).
    Caller,
}

/// Publication date of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub date: NaiveDate,
    pub precision: Precision,
    pub found: PublishedFound,
    /// The words it was read from, when found in the text.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
}

/// Where a document came from: the input file, the record inside it (line of
/// a JSONL file, record of a WARC file) and the part when one record held
/// several run-together articles.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Origin {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record: Option<u64>,
    pub part: u32,
}

/// A cleaned article, ready for coding.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Stable id: the input's own id when given, else a content hash.
    pub id: String,
    /// Cleaned text (paragraphs separated by a blank line).
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<Published>,
    pub origin: Origin,
    /// Cleaned byte offset → input byte offset.
    pub input_map: InputMap,
}

/// A span of document text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: CompactString,
    pub start: usize,
    pub end: usize,
}

/// The record a `doc` line carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocRecord {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    pub published: Option<Published>,
    pub origin: Origin,
    pub sentences: usize,
    pub events: usize,
    pub text: String,
    /// Segments `[clean_start, input_start, len]` in characters / input bytes.
    #[serde(default)]
    pub input_map: Vec<InputSegment>,
}

/// An actor or recipient of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub text: CompactString,
    pub start: usize,
    pub end: usize,
    /// Canonical name of what the words refer to.
    pub name: CompactString,
    /// ISO 3166 alpha-3 country, when the actor belongs to one.
    pub country: Option<CompactString>,
    /// Organisation code (IGO or non-state group), e.g. `NATO`, `UN`, `HTS`.
    pub org: Option<CompactString>,
    /// A body inside the organisation, e.g. `UNSC` inside `UN`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub body: Option<CompactString>,
    /// PLOVER sector code (GOV, MIL, SPY, REB, ...).
    pub sector: Option<CompactString>,
    /// Person id from the knowledge base, or the name as written.
    pub person: Option<CompactString>,
    /// Office held at the event date (e.g. `defence_minister`).
    pub role: Option<CompactString>,
    /// How the actor was found (knowledge entry or resolution rule).
    pub rule: CompactString,
}

/// Modality of an event report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Modality {
    pub negated: bool,
    pub future: bool,
    pub hypothetical: bool,
    pub historical: bool,
}

/// How an event date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// An absolute date in the sentence ("on 3 March 2021", "in 2018").
    Explicit,
    /// A relative expression resolved against the publication date.
    Relative,
    /// A date carried over from an earlier sentence of the same document.
    Context,
    /// No date in the text: the publication date stands in.
    Publication,
}

/// Resolved event date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// First day of the period (ISO 8601).
    pub value: NaiveDate,
    /// Last day of the period, inclusive.
    pub end: NaiveDate,
    pub precision: Precision,
    pub basis: DateBasis,
    /// The words the date was read from; null when `basis` is `publication`.
    pub span: Option<Span>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: CompactString,
    pub country: Option<CompactString>,
    pub lat: f64,
    pub lon: f64,
    /// GeoNames id of the gazetteer entry.
    pub geonameid: Option<u64>,
    pub text: CompactString,
    pub start: usize,
    pub end: usize,
    pub rule: CompactString,
}

/// The sentence that carries an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceRef {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Kind of a countable detail attached to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailKind {
    /// A sum of money.
    Money,
    /// A number of people (troops, officers, experts, ...).
    Personnel,
    /// A named agreement, treaty or declaration.
    Agreement,
    /// A standing mechanism: committee, commission, dialogue, with its ordinal.
    Mechanism,
}

/// Money, people counts, agreements and mechanisms mentioned with an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detail {
    pub kind: DetailKind,
    pub text: CompactString,
    pub start: usize,
    pub end: usize,
    /// Numeric value (amount, head count, ordinal of a meeting).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<f64>,
    /// Currency code, or the noun counted ("officers"), or the mechanism name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<CompactString>,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: CompactString,
    pub doc_id: CompactString,
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub event_type: CompactString,
    pub mode: Option<CompactString>,
    pub contexts: Vec<CompactString>,
    /// CAMEO code through the PLOVER↔CAMEO crosswalk.
    pub cameo: Option<CompactString>,
    pub actors: Vec<Actor>,
    pub recipients: Vec<Actor>,
    pub trigger: Span,
    pub date: Option<EventDate>,
    pub location: Option<Location>,
    pub modality: Modality,
    pub confidence: f32,
    pub sentence: SentenceRef,
    /// Id of the lexicon entry that fired.
    pub rule: CompactString,
    #[serde(default)]
    pub details: Vec<Detail>,
    pub coder_version: CompactString,
}
