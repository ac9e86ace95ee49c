//! `attache eval`: accuracy on public gold sets, one suite per set.
//!
//! Each suite reads a gold file in its published format, codes its text
//! with the same [`attache_code::Coder`] the product uses, and reports
//! figures. Nothing here feeds back into the coder.

use std::path::Path;

pub mod seeds;

/// Errors while reading a gold set.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Format {
        path: String,
        line: usize,
        message: String,
    },
}

pub(crate) fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|e| EvalError::Io {
        path: path.display().to_string(),
        source: e,
    })
}

/// One headline figure of a suite.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    /// Numerator and denominator when the figure is a share.
    pub count: Option<(usize, usize)>,
}

impl Figure {
    pub fn share(name: &str, num: usize, den: usize) -> Figure {
        Figure {
            name: name.to_string(),
            value: if den == 0 {
                0.0
            } else {
                num as f64 / den as f64
            },
            count: Some((num, den)),
        }
    }

    pub fn value(name: &str, value: f64) -> Figure {
        Figure {
            name: name.to_string(),
            value,
            count: None,
        }
    }
}

/// The result of one suite.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub suite: String,
    pub figures: Vec<Figure>,
    /// Per-item notes (misses), for reading.
    pub notes: Vec<String>,
}

impl Report {
    pub fn figure(&self, name: &str) -> Option<f64> {
        self.figures
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value)
    }
}
