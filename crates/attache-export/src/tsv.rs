//! Tab-separated tables without quoting, as POLECAT and GDELT ship them:
//! tabs and line breaks inside values become spaces.

use std::borrow::Cow;
use std::io::{BufWriter, Write};

use attache_types::{Actor, Event};
use chrono::Datelike;

use crate::columns::columns;
use crate::tables::{goldstein, plover_score, quad};
use crate::text::{join_aligned, plover_code, push_tsv_field};
use crate::{DocMeta, EventSink, ExportError, Format, StoryRef};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Polecat,
    Gdelt,
}

impl Table {
    fn format(self) -> Format {
        match self {
            Table::Polecat => Format::Polecat,
            Table::Gdelt => Format::Gdelt,
        }
    }
}

pub(crate) struct TsvSink {
    table: Table,
    out: BufWriter<Box<dyn Write + Send>>,
    doc: Option<DocMeta>,
    line: String,
}

impl TsvSink {
    pub(crate) fn new(
        table: Table,
        out: Box<dyn Write + Send>,
        header: bool,
    ) -> Result<Self, ExportError> {
        let mut sink = TsvSink {
            table,
            out: BufWriter::new(out),
            doc: None,
            line: String::new(),
        };
        if header {
            let names: Vec<Cow<'_, str>> = columns(table.format())
                .iter()
                .map(|c| Cow::Borrowed(c.name))
                .collect();
            write_line(&mut sink.out, &mut sink.line, &names)?;
        }
        Ok(sink)
    }
}

fn write_line(
    out: &mut impl Write,
    line: &mut String,
    cells: &[Cow<'_, str>],
) -> Result<(), ExportError> {
    line.clear();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push('\t');
        }
        push_tsv_field(line, cell);
    }
    line.push('\n');
    out.write_all(line.as_bytes())?;
    Ok(())
}

impl EventSink for TsvSink {
    fn write(&mut self, e: &Event, story: Option<&StoryRef>) -> Result<(), ExportError> {
        let doc = self.doc.as_ref().filter(|d| d.id == e.doc_id);
        let cells = match self.table {
            Table::Polecat => polecat_row(e, story, doc),
            Table::Gdelt => gdelt_row(e, story, doc),
        };
        debug_assert_eq!(cells.len(), columns(self.table.format()).len());
        write_line(&mut self.out, &mut self.line, &cells)
    }

    fn document(&mut self, doc: &DocMeta) -> Result<(), ExportError> {
        self.doc = Some(doc.clone());
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), ExportError> {
        let mut out = self.out;
        out.flush()?;
        Ok(())
    }
}

const EMPTY: Cow<'static, str> = Cow::Borrowed("");

fn s(v: &str) -> Cow<'_, str> {
    Cow::Borrowed(v)
}

fn opt(v: Option<&str>) -> Cow<'_, str> {
    Cow::Borrowed(v.unwrap_or(""))
}

fn owned(v: String) -> Cow<'static, str> {
    Cow::Owned(v)
}

fn score(v: Option<f64>) -> Cow<'static, str> {
    v.map_or(EMPTY, |v| owned(format!("{v:.1}")))
}

/// POLECAT lists are `; `-separated.
const POLECAT_SEP: &str = "; ";

fn polecat_side<'a>(out: &mut Vec<Cow<'a, str>>, list: &'a [Actor]) {
    let join = |f: fn(&'a Actor) -> Option<&'a str>| owned(join_aligned(list, POLECAT_SEP, f));
    out.push(join(|a| Some(a.name.as_str())));
    out.push(join(plover_code));
    out.push(EMPTY); // COW
    out.push(join(|a| a.sector.as_deref()));
    out.push(join(|a| a.sector.as_deref()));
    out.push(join(|a| a.role.as_deref()));
    out.push(join(|a| Some(a.text.as_str())));
    out.push(EMPTY); // Wikipedia id
}

fn polecat_row<'a>(
    e: &'a Event,
    story: Option<&'a StoryRef>,
    doc: Option<&'a DocMeta>,
) -> Vec<Cow<'a, str>> {
    let mut r = Vec::with_capacity(44);
    r.push(s(&e.id));
    r.push(
        e.date
            .as_ref()
            .map_or(EMPTY, |d| owned(d.value.to_string())),
    );
    r.push(s(&e.event_type));
    r.push(opt(e.mode.as_deref()));
    r.push(score(plover_score(&e.event_type, e.mode.as_deref())));
    r.push(opt(quad(&e.event_type).map(|q| q.label())));
    r.push(owned(e.contexts.join(POLECAT_SEP)));
    polecat_side(&mut r, &e.actors);
    polecat_side(&mut r, &e.recipients);
    match &e.location {
        Some(l) => {
            r.push(s(&l.name));
            r.extend([EMPTY, EMPTY, EMPTY]); // City, District, Province
            r.push(opt(l.country.as_deref()));
            r.push(owned(l.lat.to_string()));
            r.push(owned(l.lon.to_string()));
            r.push(l.geonameid.map_or(EMPTY, |g| owned(g.to_string())));
            r.push(s(&l.text));
            r.push(EMPTY); // Feature Type
        }
        None => r.extend(std::iter::repeat_n(EMPTY, 10)),
    }
    r.push(opt(doc.and_then(|d| d.source.as_deref())));
    r.push(
        doc.and_then(|d| d.published)
            .map_or(EMPTY, |p| owned(p.to_string())),
    );
    r.extend([EMPTY, EMPTY, EMPTY, EMPTY]); // Story People/Organizations/Locations, Language
    r.push(s(&e.coder_version));
    r.push(opt(doc.and_then(|d| d.title.as_deref())));
    r.push(s(&e.sentence.text));
    r.push(opt(story.map(|s| s.story_id.as_str())));
    r.push(EMPTY); // Feed
    r
}

/// GLOBALEVENTID: the 16-hex-digit event id as a number with the top bit
/// cleared (so it fits a signed 64-bit column); other ids are hashed.
pub(crate) fn global_event_id(id: &str) -> u64 {
    let n = if id.len() == 16 {
        u64::from_str_radix(id, 16).ok()
    } else {
        None
    };
    let n = n.unwrap_or_else(|| {
        // FNV-1a, 64 bits.
        id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    });
    n & 0x7fff_ffff_ffff_ffff
}

fn gdelt_actor<'a>(out: &mut Vec<Cow<'a, str>>, a: Option<&'a Actor>) {
    let Some(a) = a else {
        out.extend(std::iter::repeat_n(EMPTY, 10));
        return;
    };
    let code = format!(
        "{}{}",
        plover_code(a).unwrap_or(""),
        a.sector.as_deref().unwrap_or("")
    );
    out.push(owned(code));
    out.push(s(&a.name));
    out.push(opt(a.country.as_deref()));
    out.extend([EMPTY, EMPTY, EMPTY, EMPTY]); // KnownGroup, Ethnic, Religion1, Religion2
    out.push(opt(a.sector.as_deref()));
    out.extend([EMPTY, EMPTY]); // Type2, Type3
}

fn gdelt_row<'a>(
    e: &'a Event,
    story: Option<&'a StoryRef>,
    doc: Option<&'a DocMeta>,
) -> Vec<Cow<'a, str>> {
    let mut r = Vec::with_capacity(61);
    r.push(owned(global_event_id(&e.id).to_string()));
    match &e.date {
        Some(d) => {
            let v = d.value;
            r.push(owned(v.format("%Y%m%d").to_string()));
            r.push(owned(v.format("%Y%m").to_string()));
            r.push(owned(v.year().to_string()));
            let fraction = f64::from(v.month0() * 30 + v.day()) / 365.0;
            r.push(owned(format!("{:.4}", f64::from(v.year()) + fraction)));
        }
        None => r.extend([EMPTY, EMPTY, EMPTY, EMPTY]),
    }
    gdelt_actor(&mut r, e.actors.first());
    gdelt_actor(&mut r, e.recipients.first());
    r.push(s(if e.sentence.index == 0 { "1" } else { "0" }));
    match e.cameo.as_deref().filter(|c| c.len() >= 2) {
        Some(code) => {
            r.push(s(code));
            r.push(match code.get(..3) {
                Some(base) => s(base),
                None => owned(format!("{code}0")),
            });
            r.push(opt(code.get(..2)));
        }
        None => r.extend([EMPTY, EMPTY, EMPTY]),
    }
    r.push(quad(&e.event_type).map_or(EMPTY, |q| owned(q.number().to_string())));
    r.push(score(e.cameo.as_deref().and_then(goldstein)));
    match story {
        Some(st) => {
            let n = owned(st.reports.to_string());
            r.push(n.clone()); // NumMentions
            r.push(EMPTY); // NumSources
            r.push(n); // NumArticles
        }
        None => r.extend([s("1"), s("1"), s("1")]),
    }
    r.push(EMPTY); // AvgTone
    r.extend(std::iter::repeat_n(EMPTY, 16)); // Actor1Geo_*, Actor2Geo_*
    match &e.location {
        Some(l) => {
            r.push(EMPTY); // ActionGeo_Type
            r.push(s(&l.name));
            r.push(opt(l.country.as_deref()));
            r.extend([EMPTY, EMPTY]); // ADM1, ADM2
            r.push(owned(l.lat.to_string()));
            r.push(owned(l.lon.to_string()));
            r.push(l.geonameid.map_or(EMPTY, |g| owned(g.to_string())));
        }
        None => r.extend(std::iter::repeat_n(EMPTY, 8)),
    }
    r.push(
        doc.and_then(|d| d.published)
            .map_or(EMPTY, |p| owned(p.format("%Y%m%d000000").to_string())),
    );
    r.push(opt(doc.and_then(|d| d.url.as_deref())));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_fit_a_signed_column() {
        assert_eq!(global_event_id("0000000000000001"), 1);
        assert_eq!(global_event_id("ffffffffffffffff"), 0x7fff_ffff_ffff_ffff);
        assert!(global_event_id("not-hex-id") <= i64::MAX as u64);
        assert_eq!(global_event_id("abc"), global_event_id("abc"));
    }
}
