//! Reading the tab-separated knowledge files.

use crate::KbError;

/// One data row: its 1-based line number and cells.
pub struct Row<'a> {
    pub line: usize,
    cells: Vec<&'a str>,
    file: &'a str,
}

impl<'a> Row<'a> {
    /// Cell `i` ("" when the row is short).
    pub fn get(&self, i: usize) -> &'a str {
        self.cells.get(i).copied().unwrap_or("")
    }

    /// `|`-separated list in cell `i`, without empty items.
    pub fn list(&self, i: usize) -> impl Iterator<Item = &'a str> {
        self.get(i)
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    pub fn error(&self, message: impl Into<String>) -> KbError {
        KbError::Invalid {
            file: self.file.to_string(),
            line: self.line,
            message: message.into(),
        }
    }
}

/// Parse `text` (named `file` in errors): the header must start with
/// `columns`; comment and blank lines are skipped.
pub fn rows<'a>(file: &'a str, text: &'a str, columns: &[&str]) -> Result<Vec<Row<'a>>, KbError> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if !header_seen {
            header_seen = true;
            let ok = columns
                .iter()
                .enumerate()
                .all(|(i, c)| cells.get(i).map(|h| h.trim()) == Some(*c));
            if !ok {
                return Err(KbError::Invalid {
                    file: file.to_string(),
                    line: line_no,
                    message: format!("header must start with: {}", columns.join(" ")),
                });
            }
            continue;
        }
        out.push(Row {
            line: line_no,
            cells,
            file,
        });
    }
    Ok(out)
}
