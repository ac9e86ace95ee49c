//! The `petrarch-gsr` suite: PETRARCH-2 GSR validation records
//! (`PETR2_GSR_validation.xml`: `<Sentence category= date= id=/>` followed
//! by `<EventCoding eventcode= sourcecode= targetcode=/>` or
//! `<EventCoding noevents="True"/>` and the sentence in `<Text>`; the
//! dependency parse is ignored).
//!
//! Each sentence is coded as a document published on the record's date.
//! Items are the gold event codings plus one item per `noevents` record.
//!
//! - **root_accuracy**: a gold event counts when one of our events in the
//!   sentence has the same CAMEO root (first two digits of our `cameo` and
//!   of the gold `eventcode`); a `noevents` record counts when we emit
//!   nothing.
//! - **source_agreement** / **target_agreement**: of the gold events whose
//!   side is scorable, the share where one of our events with the same root
//!   has that side's item among its actors (recipients). Phoenix codes are
//!   reduced to their first three letters; `IGO`, `NGO`, `IMG` and `MNC`
//!   mean an organisation (compared with an actor that has an organisation
//!   and no country); `---` (unknown country) and empty codes are not
//!   scored.
//! - **full_agreement**: one of our events has the root, source and target.
//! - **plover_type_agreement**: the gold code mapped to PLOVER through the
//!   knowledge base's CAMEO table, against any of our event types; gold
//!   codes PLOVER drops (01x public statements) are left out.
//!
//! Figures are given for the `GOLD` and `AFP` categories and for all.

use std::path::Path;

use attache_code::Coder;
use attache_types::{Actor, Event};
use chrono::NaiveDate;

use crate::xml;
use crate::{document, read, Causes, EvalError, Figure, Report};

/// One gold event coding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coding {
    pub eventcode: String,
    pub source: String,
    pub target: String,
}

/// One validation sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub id: String,
    pub category: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    /// Empty when the record says `noevents`.
    pub codings: Vec<Coding>,
}

/// Parse the validation file.
pub fn parse(hay: &str) -> Vec<Sentence> {
    let heads = xml::elements(hay, "Sentence");
    let mut out = Vec::new();
    for (i, h) in heads.iter().enumerate() {
        let stop = heads.get(i + 1).map_or(hay.len(), |n| n.start);
        // Content: inside the element when it is not empty, else up to the
        // next sentence.
        let body = if h.inner.is_empty() {
            &hay[h.end.min(stop)..stop]
        } else {
            h.inner
        };
        let text = xml::first(body, "Text")
            .map(|t| t.text().split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        let codings = xml::elements(body, "EventCoding")
            .iter()
            .filter(|c| c.attr("eventcode").is_some())
            .map(|c| Coding {
                eventcode: c.attr("eventcode").unwrap_or_default(),
                source: c.attr("sourcecode").unwrap_or_default(),
                target: c.attr("targetcode").unwrap_or_default(),
            })
            .collect();
        out.push(Sentence {
            id: h.attr("id").unwrap_or_default(),
            category: h.attr("category").unwrap_or_default(),
            date: h
                .attr("date")
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y%m%d").ok()),
            text,
            codings,
        });
    }
    out
}

/// A Phoenix actor code reduced to a comparison item: the country, `ORG`,
/// or `None` when it cannot be scored.
pub fn reduce(code: &str) -> Option<String> {
    let c = code.trim().to_ascii_uppercase();
    let head: String = c.chars().take(3).collect();
    if head.len() < 3 || head.starts_with('-') {
        return None;
    }
    Some(match head.as_str() {
        "IGO" | "NGO" | "IMG" | "MNC" => "ORG".into(),
        _ => head,
    })
}

fn item(a: &Actor) -> Option<String> {
    a.country
        .as_deref()
        .map(str::to_string)
        .or_else(|| a.org.as_ref().map(|_| "ORG".to_string()))
}

fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

#[derive(Default, Clone, Copy)]
struct Tally {
    items: usize,
    root_ok: usize,
    noevents: usize,
    noevents_ok: usize,
    src: (usize, usize),
    tgt: (usize, usize),
    full: usize,
    events: usize,
    plover: (usize, usize),
}

impl Tally {
    fn figures(&self, prefix: &str) -> Vec<Figure> {
        vec![
            Figure::share(&format!("{prefix}root_accuracy"), self.root_ok, self.items),
            Figure::share(&format!("{prefix}source_agreement"), self.src.0, self.src.1),
            Figure::share(&format!("{prefix}target_agreement"), self.tgt.0, self.tgt.1),
            Figure::share(&format!("{prefix}full_agreement"), self.full, self.events),
            Figure::share(
                &format!("{prefix}plover_type_agreement"),
                self.plover.0,
                self.plover.1,
            ),
            Figure::share(
                &format!("{prefix}noevents_correct"),
                self.noevents_ok,
                self.noevents,
            ),
        ]
    }
}

/// Score the validation file at `path`.
pub fn run(coder: &Coder, path: &Path) -> Result<Report, EvalError> {
    let sentences = parse(&read(path)?);
    if sentences.is_empty() {
        return Err(EvalError::format(path, 0, "no <Sentence> records"));
    }
    Ok(score(coder, &sentences))
}

fn cameo_of(e: &Event) -> &str {
    e.cameo.as_deref().unwrap_or("")
}

/// Score parsed sentences.
pub fn score(coder: &Coder, sentences: &[Sentence]) -> Report {
    let (mut all, mut gold, mut afp) = (Tally::default(), Tally::default(), Tally::default());
    let mut summary = Causes::default();
    let mut causes = Causes::default();
    let mut notes = Vec::new();
    let kb = coder.kb();
    for s in sentences {
        let coded = coder.code(&document(&s.id, &s.text, s.date));
        let events = &coded.events;
        let mut t = Tally::default();
        let mut miss = Vec::new();
        if s.codings.is_empty() {
            t.items += 1;
            t.noevents += 1;
            if events.is_empty() {
                t.root_ok += 1;
                t.noevents_ok += 1;
            } else {
                summary.add("event where gold has none");
                miss.push("gold has no event".to_string());
            }
        }
        for c in &s.codings {
            t.items += 1;
            t.events += 1;
            let r = root(&c.eventcode);
            let same: Vec<&Event> = events.iter().filter(|e| root(cameo_of(e)) == r).collect();
            if same.is_empty() {
                if events.is_empty() {
                    summary.add(crate::why_no_event(coder, &s.text, s.date));
                    causes.add(format!("root {r} -> no event"));
                } else {
                    summary.add("root: other root");
                    let got: Vec<&str> = events.iter().map(|e| root(cameo_of(e))).collect();
                    causes.add(format!("root {r} -> {}", got.join("+")));
                }
                miss.push(format!("root {r}"));
            } else {
                t.root_ok += 1;
            }
            let (gs, gt) = (reduce(&c.source), reduce(&c.target));
            let has = |side: fn(&Event) -> &[Actor], g: &str| {
                same.iter()
                    .any(|e| side(e).iter().any(|a| item(a).as_deref() == Some(g)))
            };
            let src_ok = gs.as_deref().map(|g| has(|e| &e.actors, g));
            let tgt_ok = gt.as_deref().map(|g| has(|e| &e.recipients, g));
            if let Some(ok) = src_ok {
                t.src.1 += 1;
                t.src.0 += usize::from(ok);
                if !ok && !same.is_empty() {
                    summary.add("source not found on an event with the root");
                    miss.push(format!("source {}", c.source));
                }
            }
            if let Some(ok) = tgt_ok {
                t.tgt.1 += 1;
                t.tgt.0 += usize::from(ok);
                if !ok && !same.is_empty() {
                    summary.add("target not found on an event with the root");
                    miss.push(format!("target {}", c.target));
                }
            }
            let full = same.iter().any(|e| {
                gs.as_deref()
                    .is_none_or(|g| e.actors.iter().any(|a| item(a).as_deref() == Some(g)))
                    && gt
                        .as_deref()
                        .is_none_or(|g| e.recipients.iter().any(|a| item(a).as_deref() == Some(g)))
            });
            t.full += usize::from(full);
            if let Some(ty) = kb
                .cameo_code(&c.eventcode)
                .and_then(|k| k.event_type.clone())
            {
                t.plover.1 += 1;
                if events.iter().any(|e| e.event_type == ty) {
                    t.plover.0 += 1;
                }
            }
        }
        for tally in [&mut all]
            .into_iter()
            .chain((s.category == "GOLD").then_some(&mut gold))
            .chain((s.category == "AFP").then_some(&mut afp))
        {
            tally.items += t.items;
            tally.root_ok += t.root_ok;
            tally.noevents += t.noevents;
            tally.noevents_ok += t.noevents_ok;
            tally.src.0 += t.src.0;
            tally.src.1 += t.src.1;
            tally.tgt.0 += t.tgt.0;
            tally.tgt.1 += t.tgt.1;
            tally.full += t.full;
            tally.events += t.events;
            tally.plover.0 += t.plover.0;
            tally.plover.1 += t.plover.1;
        }
        if !miss.is_empty() {
            let gold: Vec<String> = s
                .codings
                .iter()
                .map(|c| format!("{} {}->{}", c.eventcode, c.source, c.target))
                .collect();
            let ours: Vec<String> = events
                .iter()
                .map(|e| {
                    let side =
                        |a: &[Actor]| a.iter().filter_map(item).collect::<Vec<_>>().join("+");
                    format!(
                        "{} {} {}->{} [{}]",
                        cameo_of(e),
                        e.event_type,
                        side(&e.actors),
                        side(&e.recipients),
                        e.rule
                    )
                })
                .collect();
            notes.push(format!(
                "{} ({}): {}; gold {:?} ours {:?}: {:?}",
                s.id,
                s.category,
                miss.join(", "),
                gold,
                ours,
                s.text
            ));
        }
    }
    let mut figures = all.figures("");
    figures.extend(gold.figures("GOLD."));
    figures.extend(afp.figures("AFP."));
    figures.extend(summary.figures("miss", all.items));
    figures.extend(causes.figures_min("miss", all.items, 2));
    Report {
        suite: "petrarch-gsr".into(),
        figures,
        notes,
    }
}
