//! PLOVER JSON records (PLOVER manual, chapter "Data Fields"), one per line.
//! Field order follows `columns(Format::Plover)`; every field is always
//! written (null when unknown) so every line has the same keys.

use std::io::{BufWriter, Write};

use attache_types::{Actor, Detail, Event, Modality, Span};
use serde::Serialize;

use crate::tables::{plover_score, quad};
use crate::text::{basis_str, plover_code};
use crate::{DocMeta, EventSink, ExportError, StoryRef};

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    has_event: bool,
    date: Option<String>,
    enddate: Option<String>,
    actor: Vec<Entity<'a>>,
    recipient: Vec<Entity<'a>>,
    event: [&'a str; 1],
    mode: Vec<&'a str>,
    context: &'a [attache_types::CompactString],
    event_loc: Option<EventLoc<'a>>,
    event_text: [&'a str; 1],
    quad_code: Option<u8>,
    event_scale: Option<f64>,
    text_info: TextInfo,
    cite_info: CiteInfo<'a>,
    coder: String,
    doc_id: &'a str,
    cameo: Option<&'a str>,
    trigger: &'a Span,
    date_precision: Option<&'static str>,
    date_basis: Option<&'static str>,
    date_text: Option<&'a str>,
    modality: &'a Modality,
    confidence: f32,
    rule: &'a str,
    details: &'a [Detail],
    story_id: Option<&'a str>,
    story_reports: Option<u32>,
}

#[derive(Serialize)]
struct Entity<'a> {
    code: Option<&'a str>,
    sector: Option<&'a str>,
    entity_text: &'a str,
    identifier_text: &'a str,
    office: Option<&'a str>,
    name: &'a str,
    country: Option<&'a str>,
    org: Option<&'a str>,
    body: Option<&'a str>,
    person: Option<&'a str>,
    start: usize,
    end: usize,
    rule: &'a str,
}

impl<'a> Entity<'a> {
    fn new(a: &'a Actor) -> Self {
        Entity {
            code: plover_code(a),
            sector: a.sector.as_deref(),
            entity_text: &a.text,
            identifier_text: &a.name,
            office: a.role.as_deref(),
            name: &a.name,
            country: a.country.as_deref(),
            org: a.org.as_deref(),
            body: a.body.as_deref(),
            person: a.person.as_deref(),
            start: a.start,
            end: a.end,
            rule: &a.rule,
        }
    }
}

#[derive(Serialize)]
struct EventLoc<'a> {
    extracted_place: &'a str,
    resolved_place: &'a str,
    geonameid: Option<u64>,
    lat: f64,
    lon: f64,
    country_code: Option<&'a str>,
    start: usize,
    end: usize,
    rule: &'a str,
}

#[derive(Serialize)]
struct TextInfo {
    sequence: usize,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct CiteInfo<'a> {
    url: Option<&'a str>,
    title: Option<&'a str>,
    publication: Option<&'a str>,
    published: Option<String>,
}

pub(crate) struct PloverSink {
    out: BufWriter<Box<dyn Write + Send>>,
    doc: Option<DocMeta>,
}

impl PloverSink {
    pub(crate) fn new(out: Box<dyn Write + Send>) -> Self {
        PloverSink {
            out: BufWriter::new(out),
            doc: None,
        }
    }
}

impl EventSink for PloverSink {
    fn write(&mut self, e: &Event, story: Option<&StoryRef>) -> Result<(), ExportError> {
        let doc = self.doc.as_ref().filter(|d| d.id == e.doc_id);
        let record = Record {
            id: &e.id,
            has_event: true,
            date: e.date.as_ref().map(|d| d.value.to_string()),
            enddate: e.date.as_ref().map(|d| d.end.to_string()),
            actor: e.actors.iter().map(Entity::new).collect(),
            recipient: e.recipients.iter().map(Entity::new).collect(),
            event: [&e.event_type],
            mode: e.mode.as_deref().into_iter().collect(),
            context: &e.contexts,
            event_loc: e.location.as_ref().map(|l| EventLoc {
                extracted_place: &l.text,
                resolved_place: &l.name,
                geonameid: l.geonameid,
                lat: l.lat,
                lon: l.lon,
                country_code: l.country.as_deref(),
                start: l.start,
                end: l.end,
                rule: &l.rule,
            }),
            event_text: [&e.sentence.text],
            quad_code: quad(&e.event_type).map(|q| q.number()),
            event_scale: plover_score(&e.event_type, e.mode.as_deref()),
            text_info: TextInfo {
                sequence: e.sentence.index,
                start: e.sentence.start,
                end: e.sentence.end,
            },
            cite_info: CiteInfo {
                url: doc.and_then(|d| d.url.as_deref()),
                title: doc.and_then(|d| d.title.as_deref()),
                publication: doc.and_then(|d| d.source.as_deref()),
                published: doc.and_then(|d| d.published).map(|p| p.to_string()),
            },
            coder: format!("attache {}", e.coder_version),
            doc_id: &e.doc_id,
            cameo: e.cameo.as_deref(),
            trigger: &e.trigger,
            date_precision: e.date.as_ref().map(|d| d.precision.as_str()),
            date_basis: e.date.as_ref().map(|d| basis_str(d.basis)),
            date_text: e
                .date
                .as_ref()
                .and_then(|d| d.span.as_ref())
                .map(|s| s.text.as_str()),
            modality: &e.modality,
            confidence: e.confidence,
            rule: &e.rule,
            details: &e.details,
            story_id: story.map(|s| s.story_id.as_str()),
            story_reports: story.map(|s| s.reports),
        };
        serde_json::to_writer(&mut self.out, &record)?;
        self.out.write_all(b"\n")?;
        Ok(())
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
