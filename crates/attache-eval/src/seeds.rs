//! The `seeds` suite: recall on `seeds-expected.jsonl`.
//!
//! An emitted event matches an expected line when its trigger or sentence
//! span overlaps the line's evidence in the same file, its type is one of
//! the line's types, and its actor and recipient codes (country or
//! organisation) fall in the line's lists (either way round when the line
//! is symmetric). Dates and places are checked where the line gives them.

use std::path::{Path, PathBuf};

use attache_code::Coder;
use attache_ingest::{IngestOptions, Item};
use attache_types::{Actor, Event};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::{read, EvalError, Figure, Report};

#[derive(Debug, Deserialize)]
struct Expected {
    file: String,
    evidence: String,
    types: Vec<String>,
    actor: Vec<String>,
    recipient: Vec<String>,
    #[serde(default)]
    symmetric: bool,
    #[serde(default)]
    date: Option<(Option<String>, Option<String>)>,
    #[serde(default)]
    location: Option<String>,
}

struct CodedDoc {
    file: String,
    text: String,
    events: Vec<Event>,
    sentences: Vec<(usize, usize)>,
}

/// Score `expected` (a seeds-expected.jsonl) against the articles in `dir`
/// (default: the `seeds/` folder beside it).
pub fn run(coder: &Coder, expected: &Path, dir: Option<&Path>) -> Result<Report, EvalError> {
    let text = read(expected)?;
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let e: Expected = serde_json::from_str(line).map_err(|e| EvalError::Format {
            path: expected.display().to_string(),
            line: i + 1,
            message: e.to_string(),
        })?;
        lines.push(e);
    }
    let dir: PathBuf = match dir {
        Some(d) => d.to_path_buf(),
        None => expected.parent().unwrap_or(Path::new(".")).join("seeds"),
    };
    let mut docs = Vec::new();
    let mut total_events = 0;
    let opts = IngestOptions::default();
    let all = crate::list_dir(&dir)?;
    for path in all {
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        for item in attache_ingest::read_path(&path, &opts) {
            if let Item::Doc(doc) = item {
                let coded = coder.code(&doc);
                total_events += coded.events.len();
                let index = attache_types::CharIndex::new(&doc.text);
                let sentences = coded
                    .sentences
                    .iter()
                    .map(|s| (index.char_of(s.start), index.char_of(s.end)))
                    .collect();
                docs.push(CodedDoc {
                    file: file.clone(),
                    text: doc.text.clone(),
                    events: coded.events,
                    sentences,
                });
            }
        }
    }
    let mut matched = 0;
    let mut with_date = (0, 0);
    let mut with_place = (0, 0);
    let mut full = 0;
    let mut bearing: Vec<(String, usize, usize)> = Vec::new();
    let mut notes = Vec::new();
    for l in &lines {
        // Where is the evidence?
        let found = docs
            .iter()
            .filter(|d| d.file == l.file)
            .find_map(|d| char_find(&d.text, &l.evidence).map(|(s, e)| (d, s, e)));
        let Some((doc, es, ee)) = found else {
            notes.push(format!("MISSING TEXT {}: {:?}", l.file, l.evidence));
            continue;
        };
        if let Some(&(ss, se)) = doc.sentences.iter().find(|(ss, se)| *ss <= es && es < *se) {
            let key = (l.file.clone(), ss, se);
            if !bearing.contains(&key) {
                bearing.push(key);
            }
        }
        let hit = doc.events.iter().find(|ev| {
            let overlaps = |s: usize, e: usize| s < ee && es < e;
            overlaps(ev.sentence.start, ev.sentence.end)
                && l.types.iter().any(|t| *t == ev.event_type)
                && roles_match(l, ev)
        });
        match hit {
            Some(ev) => {
                matched += 1;
                let mut ok = true;
                if let Some(range) = &l.date {
                    with_date.1 += 1;
                    if date_ok(range, ev) {
                        with_date.0 += 1;
                    } else {
                        ok = false;
                        notes.push(format!(
                            "DATE {}: {:?} got {:?}",
                            l.file,
                            l.evidence,
                            ev.date.as_ref().map(|d| (d.value, d.end))
                        ));
                    }
                }
                if let Some(place) = &l.location {
                    with_place.1 += 1;
                    if ev.location.as_ref().is_some_and(|loc| {
                        loc.name.eq_ignore_ascii_case(place) || loc.text.eq_ignore_ascii_case(place)
                    }) {
                        with_place.0 += 1;
                    } else {
                        ok = false;
                        notes.push(format!(
                            "PLACE {}: {:?} want {place} got {:?}",
                            l.file,
                            l.evidence,
                            ev.location.as_ref().map(|x| &x.name)
                        ));
                    }
                }
                if ok {
                    full += 1;
                }
            }
            None => {
                let near: Vec<String> = doc
                    .events
                    .iter()
                    .filter(|ev| ev.sentence.start <= es && es < ev.sentence.end)
                    .map(|ev| {
                        format!(
                            "{} {:?}->{:?} [{}]",
                            ev.event_type,
                            codes(&ev.actors),
                            codes(&ev.recipients),
                            ev.rule
                        )
                    })
                    .collect();
                notes.push(format!(
                    "MISS {}: {:?} want {:?} {:?}->{:?}; sentence has {:?}",
                    l.file, l.evidence, l.types, l.actor, l.recipient, near
                ));
            }
        }
    }
    let n = lines.len();
    Ok(Report {
        suite: "seeds".into(),
        figures: vec![
            Figure::share("recall", matched, n),
            Figure::share("recall_with_date_and_place", full, n),
            Figure::share("date_accuracy", with_date.0, with_date.1),
            Figure::share("place_accuracy", with_place.0, with_place.1),
            Figure::value("events", total_events as f64),
            Figure::value("event_bearing_sentences", bearing.len() as f64),
            Figure::value(
                "events_per_bearing_sentence",
                if bearing.is_empty() {
                    0.0
                } else {
                    total_events as f64 / bearing.len() as f64
                },
            ),
        ],
        notes,
    })
}

fn codes(actors: &[Actor]) -> Vec<String> {
    actors
        .iter()
        .filter_map(|a| {
            a.org
                .as_deref()
                .or(a.country.as_deref())
                .map(str::to_string)
        })
        .collect()
}

fn code_in(a: &Actor, list: &[String]) -> bool {
    let listed = |x: &str| list.iter().any(|l| l == x);
    a.country.as_deref().is_some_and(listed) || a.org.as_deref().is_some_and(listed)
}

fn side_ok(actors: &[Actor], list: &[String]) -> bool {
    !actors.is_empty() && actors.iter().any(|a| code_in(a, list))
}

fn roles_match(l: &Expected, ev: &Event) -> bool {
    let direct = side_ok(&ev.actors, &l.actor) && side_ok(&ev.recipients, &l.recipient);
    let swapped =
        l.symmetric && side_ok(&ev.actors, &l.recipient) && side_ok(&ev.recipients, &l.actor);
    direct || swapped
}

fn date_ok(range: &(Option<String>, Option<String>), ev: &Event) -> bool {
    let Some(d) = &ev.date else { return false };
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|x| NaiveDate::parse_from_str(x, "%Y-%m-%d").ok())
    };
    let (lo, hi) = (parse(&range.0), parse(&range.1));
    lo.is_none_or(|lo| d.end >= lo) && hi.is_none_or(|hi| d.value <= hi)
}

/// Character offsets of `needle` in `hay`, tolerant of quote styles.
fn char_find(hay: &str, needle: &str) -> Option<(usize, usize)> {
    let norm = |c: char| match c {
        '’' | '‘' => '\'',
        '“' | '”' => '"',
        c => c,
    };
    let h: Vec<char> = hay.chars().map(norm).collect();
    let n: Vec<char> = needle.chars().map(norm).collect();
    if n.is_empty() || n.len() > h.len() {
        return None;
    }
    (0..=h.len() - n.len())
        .find(|&i| h[i..i + n.len()] == n[..])
        .map(|i| (i, i + n.len()))
}

/// A table for the terminal (the shared [`crate::print`]).
pub fn print(report: &Report) -> String {
    crate::print(report)
}
