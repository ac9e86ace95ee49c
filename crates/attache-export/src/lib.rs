//! Streaming writers of coded events.
//!
//! One [`EventSink`] per output format takes one event at a time and writes
//! it straight through (Parquet buffers at most one row group), so exporting
//! a store of any size runs in constant memory:
//!
//! ```no_run
//! # fn events() -> Vec<attache_types::Event> { Vec::new() }
//! use attache_export::{sink, Format};
//! let out = std::fs::File::create("events.parquet")?;
//! let mut s = sink(Format::Parquet, Box::new(out))?;
//! for e in events() {
//!     s.write(&e, None)?;
//! }
//! s.finish()?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every format's columns (or top-level fields) are listed, with type and
//! meaning, by [`columns`]; `docs/export.md` is generated from that list.

mod columns;
mod docs;
mod error;
mod flat;
mod jsonl;
mod parquet_sink;
mod plover;
pub mod tables;
mod text;
mod tsv;

use std::io::Write;
use std::str::FromStr;

use attache_types::{DocRecord, Event};
use chrono::NaiveDate;

pub use columns::{columns, Column, ColumnType};
pub use docs::columns_markdown;
pub use error::ExportError;
pub use flat::{csv_event_columns, csv_event_record};
pub use jsonl::{read_jsonl_events, JsonlEvents};
pub use parquet_sink::{arrow_schema, spark_ddl, DEFAULT_ROW_GROUP_ROWS};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// One attache `Event` JSON object per line.
    Jsonl,
    /// Flat comma-separated table with a header line.
    Csv,
    /// Flat typed Parquet table, Snappy-compressed.
    Parquet,
    /// PLOVER JSON records (manual chapter "Data Fields"), one per line.
    Plover,
    /// POLECAT's tab-separated table with a header line.
    Polecat,
    /// GDELT 2.0 Events table, tab-separated, no header unless asked for.
    Gdelt,
}

impl Format {
    /// Every format, in documentation order.
    pub const ALL: [Format; 6] = [
        Format::Jsonl,
        Format::Csv,
        Format::Parquet,
        Format::Plover,
        Format::Polecat,
        Format::Gdelt,
    ];

    /// The name used on the command line (`jsonl`, `csv`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Plover => "plover",
            Format::Polecat => "polecat",
            Format::Gdelt => "gdelt",
        }
    }

    /// Conventional file name ending.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Plover => "plover.jsonl",
            Format::Polecat => "polecat.tsv",
            Format::Gdelt => "gdelt.tsv",
        }
    }

    /// Whether the format writes a header line unless told otherwise
    /// (only meaningful for the delimited formats).
    pub fn header_by_default(self) -> bool {
        matches!(self, Format::Csv | Format::Polecat)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| ExportError::UnknownFormat(s.to_string()))
    }
}

/// The story (cluster of reports of one event) an exported event belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRef {
    pub story_id: String,
    /// Number of reports (documents) in the story.
    pub reports: u32,
}

/// What the POLECAT, GDELT and PLOVER writers use of the document an event
/// came from (source, URL, headline, publication date). Optional: pass it
/// with [`EventSink::document`] before that document's events.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocMeta {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
}

impl From<&DocRecord> for DocMeta {
    fn from(d: &DocRecord) -> Self {
        DocMeta {
            id: d.id.clone(),
            title: d.title.clone(),
            url: d.url.clone(),
            source: d.source.clone(),
            published: d.published.as_ref().map(|p| p.date),
        }
    }
}

/// A streaming writer of events in one format.
pub trait EventSink: Send {
    /// Writes one event (with its story, when the export has stories).
    fn write(&mut self, event: &Event, story: Option<&StoryRef>) -> Result<(), ExportError>;

    /// Tells the sink about the document the following events come from.
    /// Sinks keep only the latest one and use it for events whose `doc_id`
    /// matches; formats without document columns ignore it.
    fn document(&mut self, doc: &DocMeta) -> Result<(), ExportError> {
        let _ = doc;
        Ok(())
    }

    /// Writes what is buffered (the Parquet footer) and flushes the output.
    fn finish(self: Box<Self>) -> Result<(), ExportError>;
}

/// Options of [`sink_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinkOptions {
    /// Header line for CSV, POLECAT and GDELT; `None` = the format's
    /// default (CSV and POLECAT yes, GDELT no, as GDELT ships its files).
    pub header: Option<bool>,
    /// Rows per Parquet row group.
    pub row_group_rows: usize,
}

impl Default for SinkOptions {
    fn default() -> Self {
        SinkOptions {
            header: None,
            row_group_rows: DEFAULT_ROW_GROUP_ROWS,
        }
    }
}

/// A sink writing `format` to `out`, with default options.
pub fn sink(format: Format, out: Box<dyn Write + Send>) -> Result<Box<dyn EventSink>, ExportError> {
    sink_with(format, out, &SinkOptions::default())
}

/// A sink writing `format` to `out`. Header lines are written at once, so
/// an export without events still has its header.
pub fn sink_with(
    format: Format,
    out: Box<dyn Write + Send>,
    options: &SinkOptions,
) -> Result<Box<dyn EventSink>, ExportError> {
    let header = options.header.unwrap_or(format.header_by_default());
    Ok(match format {
        Format::Jsonl => Box::new(jsonl::JsonlSink::new(out)),
        Format::Csv => Box::new(flat::CsvSink::new(out, header)?),
        Format::Parquet => Box::new(parquet_sink::ParquetSink::new(out, options.row_group_rows)?),
        Format::Plover => Box::new(plover::PloverSink::new(out)),
        Format::Polecat => Box::new(tsv::TsvSink::new(tsv::Table::Polecat, out, header)?),
        Format::Gdelt => Box::new(tsv::TsvSink::new(tsv::Table::Gdelt, out, header)?),
    })
}
