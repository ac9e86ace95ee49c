//! The flat table shared by CSV and Parquet: one typed value per column of
//! [`crate::columns::FLAT`], rendered as text for CSV and as Arrow arrays for
//! Parquet.

use std::borrow::Cow;
use std::io::Write;

use attache_types::{Actor, Event};
use chrono::NaiveDate;

use crate::columns::{Column, FLAT, FLAT_EVENT_COLUMNS};
use crate::text::basis_str;
use crate::{EventSink, ExportError, StoryRef};

/// One typed cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Str(Cow<'a, str>),
    Int(i64),
    F32(f32),
    F64(f64),
    Bool(bool),
    Date(NaiveDate),
    List(Vec<Option<&'a str>>),
}

impl Value<'_> {
    /// CSV text, exactly as `attache code --format csv` writes it: null is
    /// empty, lists are `;`-joined (absent items empty), booleans 1/0.
    pub(crate) fn csv_text(&self) -> Cow<'_, str> {
        match self {
            Value::Null => Cow::Borrowed(""),
            Value::Str(s) => Cow::Borrowed(s.as_ref()),
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::F32(f) => Cow::Owned(f.to_string()),
            Value::F64(f) => Cow::Owned(f.to_string()),
            Value::Bool(b) => Cow::Borrowed(if *b { "1" } else { "0" }),
            Value::Date(d) => Cow::Owned(d.to_string()),
            Value::List(items) => Cow::Owned(
                items
                    .iter()
                    .map(|s| s.unwrap_or(""))
                    .collect::<Vec<_>>()
                    .join(";"),
            ),
        }
    }
}

fn int(n: usize) -> Value<'static> {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn opt_str(s: Option<&str>) -> Value<'_> {
    s.map_or(Value::Null, |s| Value::Str(Cow::Borrowed(s)))
}

fn side<'a>(out: &mut Vec<Value<'a>>, list: &'a [Actor]) {
    let col = |f: fn(&'a Actor) -> Option<&'a str>| Value::List(list.iter().map(f).collect());
    out.push(col(|a| Some(a.text.as_str())));
    out.push(col(|a| Some(a.name.as_str())));
    out.push(col(|a| a.country.as_deref()));
    out.push(col(|a| a.org.as_deref()));
    out.push(col(|a| a.sector.as_deref()));
    out.push(col(|a| a.person.as_deref()));
    out.push(col(|a| a.role.as_deref()));
}

/// The typed values of one event, in the order of [`FLAT`].
pub(crate) fn flat_values<'a>(
    e: &'a Event,
    story: Option<&'a StoryRef>,
) -> Result<Vec<Value<'a>>, ExportError> {
    let mut v = Vec::with_capacity(FLAT.len());
    v.push(Value::Str(Cow::Borrowed(&e.id)));
    v.push(Value::Str(Cow::Borrowed(&e.doc_id)));
    v.push(Value::Str(Cow::Borrowed(&e.event_type)));
    v.push(opt_str(e.mode.as_deref()));
    v.push(Value::List(
        e.contexts.iter().map(|c| Some(c.as_str())).collect(),
    ));
    v.push(opt_str(e.cameo.as_deref()));
    side(&mut v, &e.actors);
    side(&mut v, &e.recipients);
    v.push(Value::Str(Cow::Borrowed(&e.trigger.text)));
    v.push(int(e.trigger.start));
    v.push(int(e.trigger.end));
    match &e.date {
        Some(d) => {
            v.push(Value::Date(d.value));
            v.push(Value::Date(d.end));
            v.push(Value::Str(Cow::Borrowed(d.precision.as_str())));
            v.push(Value::Str(Cow::Borrowed(basis_str(d.basis))));
            v.push(opt_str(d.span.as_ref().map(|s| s.text.as_str())));
        }
        None => v.extend(std::iter::repeat_n(Value::Null, 5)),
    }
    match &e.location {
        Some(l) => {
            v.push(Value::Str(Cow::Borrowed(&l.name)));
            v.push(opt_str(l.country.as_deref()));
            v.push(Value::F64(l.lat));
            v.push(Value::F64(l.lon));
        }
        None => v.extend(std::iter::repeat_n(Value::Null, 4)),
    }
    v.push(Value::Bool(e.modality.negated));
    v.push(Value::Bool(e.modality.future));
    v.push(Value::Bool(e.modality.hypothetical));
    v.push(Value::Bool(e.modality.historical));
    v.push(Value::F32(e.confidence));
    v.push(int(e.sentence.index));
    v.push(int(e.sentence.start));
    v.push(int(e.sentence.end));
    v.push(Value::Str(Cow::Borrowed(&e.sentence.text)));
    v.push(Value::Str(Cow::Borrowed(&e.rule)));
    v.push(if e.details.is_empty() {
        Value::Null
    } else {
        Value::Str(Cow::Owned(serde_json::to_string(&e.details)?))
    });
    v.push(Value::Str(Cow::Borrowed(&e.coder_version)));
    debug_assert_eq!(v.len(), FLAT_EVENT_COLUMNS);
    match story {
        Some(s) => {
            v.push(Value::Str(Cow::Borrowed(&s.story_id)));
            v.push(Value::Int(i64::from(s.reports)));
        }
        None => v.extend([Value::Null, Value::Null]),
    }
    debug_assert_eq!(v.len(), FLAT.len());
    Ok(v)
}

/// The columns of `attache code --format csv`: the flat columns without the
/// story ones. `commands/code.rs` should write these names as its header.
pub fn csv_event_columns() -> &'static [Column] {
    &FLAT[..FLAT_EVENT_COLUMNS]
}

/// One row of `attache code --format csv`, for the header
/// [`csv_event_columns`].
pub fn csv_event_record(e: &Event) -> Result<Vec<String>, ExportError> {
    let values = flat_values(e, None)?;
    Ok(values[..FLAT_EVENT_COLUMNS]
        .iter()
        .map(|v| v.csv_text().into_owned())
        .collect())
}

/// CSV sink: the flat columns, RFC 4180 quoting, header line.
pub(crate) struct CsvSink {
    out: csv::Writer<Box<dyn Write + Send>>,
}

impl CsvSink {
    pub(crate) fn new(out: Box<dyn Write + Send>, header: bool) -> Result<Self, ExportError> {
        let mut out = csv::WriterBuilder::new().from_writer(out);
        if header {
            out.write_record(FLAT.iter().map(|c| c.name))?;
        }
        Ok(CsvSink { out })
    }
}

impl EventSink for CsvSink {
    fn write(&mut self, event: &Event, story: Option<&StoryRef>) -> Result<(), ExportError> {
        let values = flat_values(event, story)?;
        let cells: Vec<Cow<'_, str>> = values.iter().map(Value::csv_text).collect();
        self.out.write_record(cells.iter().map(|c| c.as_bytes()))?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        let mut out = self.out;
        out.flush()?;
        Ok(())
    }
}
