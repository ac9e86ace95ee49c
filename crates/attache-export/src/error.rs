use std::io;

/// Everything that can go wrong while exporting or reading events back.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("writing the export: {0}")]
    Io(#[from] io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("writing Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("building Arrow batch: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("line {line}: {source}")]
    Line {
        line: u64,
        #[source]
        source: serde_json::Error,
    },
    #[error("line {line}: not valid UTF-8")]
    Utf8 { line: u64 },
    #[error("line {line}: reading: {source}")]
    Read {
        line: u64,
        #[source]
        source: io::Error,
    },
    #[error(
        "unknown export format `{0}` (expected jsonl, csv, parquet, plover, polecat or gdelt)"
    )]
    UnknownFormat(String),
}

impl ExportError {
    /// Whether the error is the reader of the output going away
    /// (`attache export ... | head`), which a command treats as success.
    pub fn is_broken_pipe(&self) -> bool {
        fn io_is(e: &io::Error) -> bool {
            e.kind() == io::ErrorKind::BrokenPipe
        }
        match self {
            ExportError::Io(e) => io_is(e),
            ExportError::Json(e) => e.io_error_kind() == Some(io::ErrorKind::BrokenPipe),
            ExportError::Csv(e) => matches!(e.kind(), csv::ErrorKind::Io(e) if io_is(e)),
            ExportError::Parquet(parquet::errors::ParquetError::External(e)) => {
                e.downcast_ref::<io::Error>().is_some_and(io_is)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipes_are_recognised_through_wrappers() {
        let pipe = || io::Error::from(io::ErrorKind::BrokenPipe);
        assert!(ExportError::Io(pipe()).is_broken_pipe());
        assert!(ExportError::Json(serde_json::Error::io(pipe())).is_broken_pipe());
        assert!(ExportError::Csv(csv::Error::from(pipe())).is_broken_pipe());
        assert!(
            ExportError::Parquet(parquet::errors::ParquetError::External(Box::new(pipe())))
                .is_broken_pipe()
        );
        assert!(!ExportError::Io(io::Error::from(io::ErrorKind::NotFound)).is_broken_pipe());
    }
}
