//! Errors of ingest and their stable codes.

use attache_types::ErrorRecord;

/// Stable error codes and what they mean (the README table).
const ERROR_CODES: &[(&str, &str)] = &[
    ("io_error", "the input could not be read (missing file, permission, device error)"),
    ("empty_input", "the file or stream is empty or holds only white space"),
    ("invalid_utf8", "a text file or JSON Lines line is not valid UTF-8"),
    ("malformed_jsonl", "a JSON Lines line is not valid JSON or not a JSON object"),
    ("missing_text", "a JSON Lines record has neither a \"text\" nor an \"html\" string"),
    ("truncated_warc", "a WARC record ends before its header block or Content-Length is complete"),
    ("malformed_warc", "a WARC record is not well-formed (no WARC/ version line, bad headers, no Content-Length, bad HTTP block, corrupt gzip data)"),
    ("truncated_gzip", "a gzip member of a .warc.gz file ends early"),
    ("unsupported_format", "a file named explicitly has an extension ingest does not read, or a payload uses an unsupported content encoding"),
    ("record_too_large", "a record (file, JSON Lines line, WARC record) is larger than max_doc_bytes"),
    ("no_text", "nothing was left of a record after cleaning"),
];

/// Table of error codes: `(code, meaning)`.
pub fn error_codes() -> &'static [(&'static str, &'static str)] {
    ERROR_CODES
}

/// An error about one input or one record inside it.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read input: {0}")]
    Io(#[from] std::io::Error),
    #[error("input is empty")]
    EmptyInput,
    #[error("invalid UTF-8 at byte {0}")]
    InvalidUtf8(u64),
    #[error("malformed JSON: {0}")]
    MalformedJsonl(String),
    #[error("record has neither a \"text\" nor an \"html\" string")]
    MissingText,
    #[error("truncated WARC record: {0}")]
    TruncatedWarc(String),
    #[error("malformed WARC record: {0}")]
    MalformedWarc(String),
    #[error("truncated gzip stream: {0}")]
    TruncatedGzip(String),
    #[error("unsupported format: {0}")]
    UnsupportedFormat(String),
    #[error("record is larger than the limit of {limit} bytes")]
    RecordTooLarge { limit: usize },
    #[error("no text left after cleaning")]
    NoText,
}

impl IngestError {
    /// The stable code of this error (see [`error_codes`]).
    pub fn code(&self) -> &'static str {
        match self {
            IngestError::Io(_) => "io_error",
            IngestError::EmptyInput => "empty_input",
            IngestError::InvalidUtf8(_) => "invalid_utf8",
            IngestError::MalformedJsonl(_) => "malformed_jsonl",
            IngestError::MissingText => "missing_text",
            IngestError::TruncatedWarc(_) => "truncated_warc",
            IngestError::MalformedWarc(_) => "malformed_warc",
            IngestError::TruncatedGzip(_) => "truncated_gzip",
            IngestError::UnsupportedFormat(_) => "unsupported_format",
            IngestError::RecordTooLarge { .. } => "record_too_large",
            IngestError::NoText => "no_text",
        }
    }

    /// The user-facing record of this error about `path` (and `record` inside it).
    pub fn to_record(&self, path: &str, record: Option<u64>) -> ErrorRecord {
        ErrorRecord {
            path: path.to_string(),
            record,
            code: self.code().to_string(),
            message: self.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_a_documented_code() {
        let samples = [
            IngestError::Io(std::io::Error::other("x")),
            IngestError::EmptyInput,
            IngestError::InvalidUtf8(3),
            IngestError::MalformedJsonl("x".into()),
            IngestError::MissingText,
            IngestError::TruncatedWarc("x".into()),
            IngestError::MalformedWarc("x".into()),
            IngestError::TruncatedGzip("x".into()),
            IngestError::UnsupportedFormat("x".into()),
            IngestError::RecordTooLarge { limit: 1 },
            IngestError::NoText,
        ];
        for e in &samples {
            assert!(
                error_codes().iter().any(|(c, _)| *c == e.code()),
                "{}",
                e.code()
            );
        }
        assert_eq!(samples.len(), error_codes().len());
        assert_eq!(
            IngestError::InvalidUtf8(1234).to_string(),
            "invalid UTF-8 at byte 1234"
        );
    }
}
