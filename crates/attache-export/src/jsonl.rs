//! JSON Lines: one `Event` per line, and the reader for round trips.

use std::io::{BufRead, BufWriter, Write};

use attache_types::Event;
use serde::Serialize;
use serde_json::Value;

use crate::{EventSink, ExportError, StoryRef};

#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    event: &'a Event,
    #[serde(skip_serializing_if = "Option::is_none")]
    story: Option<StoryJson<'a>>,
}

#[derive(Serialize)]
pub(crate) struct StoryJson<'a> {
    pub(crate) story_id: &'a str,
    pub(crate) reports: u32,
}

pub(crate) struct JsonlSink {
    out: BufWriter<Box<dyn Write + Send>>,
}

impl JsonlSink {
    pub(crate) fn new(out: Box<dyn Write + Send>) -> Self {
        JsonlSink {
            out: BufWriter::new(out),
        }
    }
}

impl EventSink for JsonlSink {
    fn write(&mut self, event: &Event, story: Option<&StoryRef>) -> Result<(), ExportError> {
        match story {
            None => serde_json::to_writer(&mut self.out, event)?,
            Some(s) => serde_json::to_writer(
                &mut self.out,
                &Line {
                    event,
                    story: Some(StoryJson {
                        story_id: &s.story_id,
                        reports: s.reports,
                    }),
                },
            )?,
        }
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        let mut out = self.out;
        out.flush()?;
        Ok(())
    }
}

/// Reads events back from JSON Lines: the envelope lines of `attache code`
/// (`{"type": "event", "data": {...}}`; `doc`, `error` and `summary` lines
/// are skipped) and plain `Event` lines (as the `jsonl` export writes them).
/// Blank lines are skipped. A line that is not an event yields an error
/// naming its 1-based number and reading goes on; an I/O error ends the
/// stream.
pub fn read_jsonl_events<R: BufRead>(reader: R) -> JsonlEvents<R> {
    JsonlEvents {
        reader,
        line: 0,
        buf: Vec::new(),
        done: false,
    }
}

/// Iterator of [`read_jsonl_events`].
pub struct JsonlEvents<R> {
    reader: R,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Iterator for JsonlEvents<R> {
    type Item = Result<Event, ExportError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let line = self.line;
                    let Ok(text) = std::str::from_utf8(&self.buf) else {
                        return Some(Err(ExportError::Utf8 { line }));
                    };
                    let text = text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    match parse_line(text) {
                        Ok(Some(e)) => return Some(Ok(e)),
                        Ok(None) => continue,
                        Err(source) => return Some(Err(ExportError::Line { line, source })),
                    }
                }
                Err(source) => {
                    self.done = true;
                    return Some(Err(ExportError::Read {
                        line: self.line + 1,
                        source,
                    }));
                }
            }
        }
        None
    }
}

const ENVELOPE_TYPES: [&str; 4] = ["doc", "event", "error", "summary"];

/// `Some(event)`, or `None` for an envelope line of another type.
fn parse_line(text: &str) -> Result<Option<Event>, serde_json::Error> {
    let mut value: Value = serde_json::from_str(text)?;
    if let Value::Object(map) = &mut value {
        let kind = map.get("type").and_then(Value::as_str);
        if let Some(kind) = kind.filter(|k| ENVELOPE_TYPES.contains(k)) {
            if map.contains_key("data") {
                if kind != "event" {
                    return Ok(None);
                }
                let data = map.remove("data").unwrap_or(Value::Null);
                return serde_json::from_value(data).map(Some);
            }
        }
    }
    serde_json::from_value(value).map(Some)
}
