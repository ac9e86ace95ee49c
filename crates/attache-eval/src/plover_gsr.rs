//! The `plover-gsr` suite: the PLOVER gold-standard records
//! (`PLOVER_GSR_CAMEO*.json`: one JSON array of event records, CAMEO-manual
//! example sentences recoded into PLOVER v0.5).
//!
//! Each record's `text` is coded as a one-sentence document without a
//! publication date (the set's dates are placeholders). Definitions:
//!
//! - **best event**: our event with the highest confidence (the first one
//!   emitted on a tie); a record without events has none.
//! - **type_accuracy**: share of records whose gold type (v0.5 names mapped:
//!   DEMAND→REQUEST, DISAPPROVE/INVESTIGATE→ACCUSE, FIGHT→ASSAULT) equals
//!   the best event's type. `type_accuracy_any` counts a record when any of
//!   our events has the gold type.
//! - **roles**: each side is a set of items per record. A gold actor gives
//!   its ISO3 `code` (JAP→JPN, ITL→ITA) or, for `IGO`/`NGO`/`IMG`, the item
//!   `ORG`. Our actor gives its country, or `ORG` when it has an
//!   organisation and no country. Source items come from the best event's
//!   actors, target items from its recipients. Precision/recall/F1 are
//!   micro-averaged over (record, item) pairs.
//! - **reciprocal records** (markup `SRC/TAR`, no target list): the gold
//!   sources are the participants; they are compared with our actors and
//!   recipients together, and the target side is not scored. Any other
//!   record without a target list has an empty gold target, so a recipient
//!   we emit there is a false positive.
//! - **sector_agreement**: of gold actors with a sector (first three
//!   letters; `***` and empty are unknown; CIV is read as CVL) whose item we
//!   found on the same side, the share where one of our actors with that
//!   item has the same sector.
//! - **no_event**: share of records where we emit nothing;
//!   **spurious_extra**: share of records with two or more events, one of
//!   them of a type other than the gold type.

use std::collections::BTreeSet;
use std::path::Path;

use attache_code::Coder;
use attache_types::{Actor, Event};
use serde::Deserialize;
use serde_json::Value;

use crate::{document, read, Causes, EvalError, Figure, Prf, Report};

/// One gold record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: String,
    pub text: String,
    /// PLOVER type, v0.5 names mapped to current ones.
    pub event: String,
    pub source: Vec<GoldActor>,
    pub target: Vec<GoldActor>,
    /// Source and target are the same reciprocal participants.
    pub reciprocal: bool,
}

/// A gold source or target.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldActor {
    pub text: String,
    /// ISO3 code or `ORG` for IGO/NGO/IMG.
    pub item: String,
    /// Sector, first three letters, when known.
    pub sector: Option<String>,
}

#[derive(Deserialize)]
struct RawRecord {
    #[serde(default)]
    id: String,
    #[serde(default)]
    event: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    source: Value,
    #[serde(default)]
    target: Value,
    #[serde(default, rename = "textInfo")]
    text_info: Value,
}

#[derive(Deserialize)]
struct RawActor {
    #[serde(default, rename = "actorText")]
    actor_text: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    sector: Option<String>,
}

/// PLOVER v0.5 event names → current PLOVER.
pub fn map_type(v05: &str) -> String {
    match v05 {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
    .to_string()
}

/// Gold actor code → comparison item.
pub fn map_code(code: &str) -> String {
    let c = code.trim().to_ascii_uppercase();
    match c.as_str() {
        "IGO" | "NGO" | "IMG" => "ORG".to_string(),
        "JAP" => "JPN".to_string(),
        "ITL" => "ITA".to_string(),
        _ => c,
    }
}

fn map_sector(s: Option<&str>) -> Option<String> {
    let s = s?.trim();
    if s.is_empty() || s.starts_with('*') {
        return None;
    }
    let head: String = s.chars().take(3).collect::<String>().to_ascii_uppercase();
    Some(if head == "CIV" {
        "CVL".to_string()
    } else {
        head
    })
}

fn actors(v: &Value) -> Result<Vec<GoldActor>, String> {
    match v {
        Value::Array(items) => items
            .iter()
            .map(|x| {
                let a: RawActor = serde_json::from_value(x.clone()).map_err(|e| e.to_string())?;
                Ok(GoldActor {
                    text: a.actor_text,
                    item: map_code(&a.code),
                    sector: map_sector(a.sector.as_deref()),
                })
            })
            .filter(|a: &Result<GoldActor, String>| a.as_ref().map_or(true, |a| !a.item.is_empty()))
            .collect(),
        // A string ("" or "diplomatic") or null: no actor.
        _ => Ok(Vec::new()),
    }
}

/// Parse the JSON array; the `DOCUMENT` header and records without text
/// are skipped.
pub fn parse(json: &str) -> Result<Vec<Record>, String> {
    let raw: Vec<RawRecord> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for r in raw {
        if r.event == "DOCUMENT" || r.event.is_empty() {
            continue;
        }
        let Some(text) = r.text.filter(|t| !t.trim().is_empty()) else {
            continue;
        };
        let markup = r
            .text_info
            .get("markup")
            .and_then(Value::as_str)
            .unwrap_or("");
        let source = actors(&r.source).map_err(|e| format!("{}: source: {e}", r.id))?;
        let target = actors(&r.target).map_err(|e| format!("{}: target: {e}", r.id))?;
        let reciprocal = !r.target.is_array() && markup.contains("SRC/TAR");
        out.push(Record {
            id: r.id,
            text,
            event: map_type(&r.event),
            source,
            target,
            reciprocal,
        });
    }
    Ok(out)
}

/// Our comparison item for an actor: its country, else `ORG` when it is an
/// organisation.
pub fn our_item(a: &Actor) -> Option<String> {
    a.country
        .as_deref()
        .map(str::to_string)
        .or_else(|| a.org.as_ref().map(|_| "ORG".to_string()))
}

fn items_of<'a>(actors: impl Iterator<Item = &'a Actor>) -> BTreeSet<String> {
    actors.filter_map(our_item).collect()
}

/// The event with the highest confidence, the first on a tie.
pub fn best(events: &[Event]) -> Option<&Event> {
    let mut best: Option<&Event> = None;
    for e in events {
        if best.is_none_or(|b| e.confidence > b.confidence) {
            best = Some(e);
        }
    }
    best
}

fn compare(gold: &BTreeSet<String>, ours: &BTreeSet<String>) -> Prf {
    let tp = gold.intersection(ours).count();
    Prf {
        tp,
        fp: ours.len() - tp,
        fn_: gold.len() - tp,
    }
}

/// Score the gold file at `path`.
pub fn run(coder: &Coder, path: &Path) -> Result<Report, EvalError> {
    let records = parse(&read(path)?).map_err(|m| EvalError::format(path, 0, m))?;
    Ok(score(coder, &records))
}

fn describe(e: &Event) -> String {
    let side = |a: &[Actor]| {
        a.iter()
            .map(|x| our_item(x).unwrap_or_else(|| "?".into()))
            .collect::<Vec<_>>()
            .join("+")
    };
    format!(
        "{} {}->{} [{}]",
        e.event_type,
        side(&e.actors),
        side(&e.recipients),
        e.rule
    )
}

/// Score records (public for tests on inline samples).
pub fn score(coder: &Coder, records: &[Record]) -> Report {
    let n = records.len();
    let (mut type_ok, mut type_any, mut no_event, mut spurious, mut events_total) = (0, 0, 0, 0, 0);
    let (mut src, mut tgt) = (Prf::default(), Prf::default());
    let (mut sector_ok, mut sector_found, mut sector_all) = (0, 0, 0);
    let mut type_summary = Causes::default();
    let mut type_causes = Causes::default();
    let mut role_causes = Causes::default();
    let mut notes = Vec::new();
    for r in records {
        let coded = coder.code(&document(&r.id, &r.text, None));
        let events = &coded.events;
        events_total += events.len();
        let b = best(events);
        if events.is_empty() {
            no_event += 1;
        }
        if events.iter().any(|e| e.event_type == r.event) {
            type_any += 1;
        }
        if events.len() >= 2 && events.iter().any(|e| e.event_type != r.event) {
            spurious += 1;
        }
        let mut miss = Vec::new();
        match b {
            Some(e) if e.event_type == r.event => type_ok += 1,
            Some(e) => {
                type_summary.add("type: wrong type");
                type_causes.add(format!("type {} -> {}", r.event, e.event_type));
                miss.push(format!("type {} got {}", r.event, e.event_type));
            }
            None => {
                type_summary.add(crate::why_no_event(coder, &r.text, None));
                type_causes.add(format!("type {} -> no event", r.event));
                miss.push(format!("type {} got no event", r.event));
            }
        }
        let gold_src: BTreeSet<String> = r.source.iter().map(|a| a.item.clone()).collect();
        let gold_tgt: BTreeSet<String> = r.target.iter().map(|a| a.item.clone()).collect();
        let (our_src, our_tgt) = match b {
            Some(e) if r.reciprocal => (
                items_of(e.actors.iter().chain(e.recipients.iter())),
                BTreeSet::new(),
            ),
            Some(e) => (items_of(e.actors.iter()), items_of(e.recipients.iter())),
            None => (BTreeSet::new(), BTreeSet::new()),
        };
        let s = compare(&gold_src, &our_src);
        src.add(s);
        let t = if r.reciprocal {
            Prf::default()
        } else {
            compare(&gold_tgt, &our_tgt)
        };
        tgt.add(t);
        if let Some(b_ev) = b {
            let swapped = !r.reciprocal
                && !gold_src.is_empty()
                && !gold_tgt.is_empty()
                && gold_src.is_subset(&our_tgt)
                && gold_tgt.is_subset(&our_src)
                && gold_src != gold_tgt;
            let self_loop = !r.reciprocal
                && items_of(b_ev.actors.iter())
                    .intersection(&items_of(b_ev.recipients.iter()))
                    .next()
                    .is_some();
            if self_loop && gold_src != gold_tgt {
                role_causes.add("actor and recipient resolved to the same country");
            }
            if swapped {
                role_causes.add("source and target swapped");
                miss.push("roles swapped".into());
            } else {
                role_cause(&mut role_causes, "source", &gold_src, &our_src, s);
                if !r.reciprocal {
                    role_cause(&mut role_causes, "target", &gold_tgt, &our_tgt, t);
                }
                if s.fn_ + s.fp > 0 {
                    miss.push(format!("source {gold_src:?} got {our_src:?}"));
                }
                if t.fn_ + t.fp > 0 {
                    miss.push(format!("target {gold_tgt:?} got {our_tgt:?}"));
                }
            }
        }
        // Sectors.
        for (side, gold, ours) in [
            (
                "source",
                &r.source,
                b.map(|e| side_actors(e, r.reciprocal, true)),
            ),
            (
                "target",
                &r.target,
                b.map(|e| side_actors(e, r.reciprocal, false)),
            ),
        ] {
            for g in gold {
                let Some(sec) = &g.sector else { continue };
                sector_all += 1;
                let same_item: Vec<&Actor> = ours
                    .iter()
                    .flatten()
                    .copied()
                    .filter(|a| our_item(a).as_deref() == Some(g.item.as_str()))
                    .collect();
                if same_item.is_empty() {
                    continue;
                }
                sector_found += 1;
                if same_item
                    .iter()
                    .any(|a| a.sector.as_deref() == Some(sec.as_str()))
                {
                    sector_ok += 1;
                } else {
                    let got = same_item
                        .iter()
                        .find_map(|a| a.sector.clone())
                        .unwrap_or_else(|| "none".into());
                    role_causes.add(format!("{side} sector {sec} -> {got}"));
                }
            }
        }
        if !miss.is_empty() {
            let all: Vec<String> = events.iter().map(describe).collect();
            notes.push(format!(
                "{}: {}; we have {:?}: {:?}",
                r.id,
                miss.join("; "),
                all,
                r.text
            ));
        }
    }
    let mut figures = vec![
        Figure::share("type_accuracy", type_ok, n),
        Figure::share("type_accuracy_any", type_any, n),
    ];
    figures.extend(src.figures("source_country"));
    figures.extend(tgt.figures("target_country"));
    figures.push(Figure::share("sector_agreement", sector_ok, sector_found));
    figures.push(Figure::share(
        "sector_agreement_of_all",
        sector_ok,
        sector_all,
    ));
    figures.push(Figure::share("no_event", no_event, n));
    figures.push(Figure::share("spurious_extra", spurious, n));
    figures.push(Figure::value(
        "events_per_record",
        if n == 0 {
            0.0
        } else {
            events_total as f64 / n as f64
        },
    ));
    figures.extend(type_summary.figures("miss", n));
    figures.extend(type_causes.figures_min("miss", n, 2));
    figures.extend(role_causes.figures_min("miss", n, 2));
    Report {
        suite: "plover-gsr".into(),
        figures,
        notes,
    }
}

fn side_actors(e: &Event, reciprocal: bool, source: bool) -> Vec<&Actor> {
    match (reciprocal, source) {
        (true, true) => e.actors.iter().chain(e.recipients.iter()).collect(),
        (true, false) => Vec::new(),
        (false, true) => e.actors.iter().collect(),
        (false, false) => e.recipients.iter().collect(),
    }
}

fn role_cause(
    causes: &mut Causes,
    side: &str,
    gold: &BTreeSet<String>,
    ours: &BTreeSet<String>,
    p: Prf,
) {
    if p.fn_ == 0 && p.fp == 0 {
        return;
    }
    let cause = if ours.is_empty() {
        "none found"
    } else if gold.is_empty() {
        "found where gold has none"
    } else if p.tp == 0 && gold.contains("ORG") != ours.contains("ORG") {
        "organisation/state confusion"
    } else if p.tp == 0 {
        "wrong country"
    } else if p.fn_ > 0 {
        "part of a compound missed"
    } else {
        "extra actor"
    };
    causes.add(format!("{side} {cause}"));
}
