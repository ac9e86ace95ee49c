//! The JSON Lines envelope: `{"type": "doc"|"event"|"error"|"summary", "data": {…}}`.

use serde::{Deserialize, Serialize};

use crate::{DocRecord, Event};

/// One line of `attache code` output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "lowercase")]
pub enum Record {
    Doc(Box<DocRecord>),
    Event(Box<Event>),
    Error(ErrorRecord),
    Summary(Summary),
}

/// A user-facing error about one input or one record inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// Input file (`-` for standard input).
    pub path: String,
    /// Record inside the file: 1-based line of a JSONL file, 0-based record of a WARC file.
    pub record: Option<u64>,
    /// Stable code from the table in the README (`invalid_utf8`, `truncated_warc`, ...).
    pub code: String,
    pub message: String,
}

/// Totals of a run, printed last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub inputs: usize,
    pub failed_inputs: usize,
    pub docs: usize,
    pub events: usize,
    pub errors: usize,
    pub sentences: usize,
}
