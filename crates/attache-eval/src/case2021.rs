//! The `case2021` suite: CASE 2021 task 2 fine-grained event classification
//! (`id<TAB>EventSnippet<TAB>SubType`, ACLED-style sub-types plus five
//! unseen types).
//!
//! Sub-types are mapped to PLOVER by the fixed table
//! `mappings/case2021_to_plover.tsv` (embedded at build time; written before
//! any measurement). Each snippet is coded as one document without a
//! publication date; the best event is the one with the highest confidence.
//!
//! - **type_accuracy**: of snippets whose sub-type maps to PLOVER types, the
//!   share whose best event's type is in the mapped list (no event = wrong).
//! - **no_event_accuracy**: of snippets mapped to `NONE` (disasters,
//!   organised crime), the share where we emit no event.
//! - **overall_accuracy**: both together.
//! - **type_accuracy_any**: as type_accuracy, but any of our events may
//!   carry an accepted type.
//! - **event_rate**: of mapped snippets, the share with at least one event.
//!
//! `EXCLUDE` sub-types are counted, not scored.

use std::collections::BTreeMap;
use std::path::Path;

use attache_code::Coder;

use crate::plover_gsr::best;
use crate::{document, read, Causes, EvalError, Figure, Report};

/// The fixed sub-type → PLOVER table.
pub const MAPPING: &str = include_str!("../mappings/case2021_to_plover.tsv");

/// What a sub-type is scored against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Acceptable PLOVER types.
    Types(Vec<String>),
    /// No political event expected.
    NoEvent,
    /// Not scored.
    Exclude,
}

/// Parse the mapping table (comments start with `#`; first other line is
/// the header).
pub fn parse_mapping(tsv: &str) -> Result<BTreeMap<String, Target>, String> {
    let mut out = BTreeMap::new();
    let mut header = true;
    for (i, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if header {
            header = false;
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(sub), Some(plover)) = (cols.next(), cols.next()) else {
            return Err(format!("line {}: expected subtype<TAB>plover", i + 1));
        };
        let target = match plover.trim() {
            "NONE" => Target::NoEvent,
            "EXCLUDE" => Target::Exclude,
            list => Target::Types(list.split('|').map(|t| t.trim().to_string()).collect()),
        };
        out.insert(sub.trim().to_string(), target);
    }
    Ok(out)
}

/// One snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub id: String,
    pub text: String,
    pub subtype: String,
}

/// Parse the task TSV (header line first; the snippet is everything
/// between the first and the last tab).
pub fn parse(tsv: &str) -> Result<Vec<Snippet>, (usize, String)> {
    let mut out = Vec::new();
    for (i, line) in tsv.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if i == 0 || line.trim().is_empty() {
            continue;
        }
        let (Some(a), Some(b)) = (line.find('\t'), line.rfind('\t')) else {
            return Err((i + 1, "expected id<TAB>snippet<TAB>subtype".into()));
        };
        if a == b {
            return Err((i + 1, "expected three columns".into()));
        }
        out.push(Snippet {
            id: line[..a].trim().to_string(),
            text: line[a + 1..b].trim().to_string(),
            subtype: line[b + 1..].trim().to_string(),
        });
    }
    Ok(out)
}

/// Score the TSV at `path`.
pub fn run(coder: &Coder, path: &Path) -> Result<Report, EvalError> {
    let mapping =
        parse_mapping(MAPPING).map_err(|m| EvalError::format(Path::new("mapping"), 0, m))?;
    let snippets = parse(&read(path)?).map_err(|(l, m)| EvalError::format(path, l, m))?;
    Ok(score(coder, &mapping, &snippets))
}

/// Score parsed snippets.
pub fn score(coder: &Coder, mapping: &BTreeMap<String, Target>, snippets: &[Snippet]) -> Report {
    let (mut typed, mut typed_ok, mut typed_any, mut with_event) = (0, 0, 0, 0);
    let (mut none, mut none_ok) = (0, 0);
    let (mut excluded, mut unknown) = (0, 0);
    let mut per_class: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut summary = Causes::default();
    let mut causes = Causes::default();
    let mut notes = Vec::new();
    for s in snippets {
        let Some(target) = mapping.get(&s.subtype) else {
            unknown += 1;
            notes.push(format!(
                "{}: sub-type {} not in the mapping",
                s.id, s.subtype
            ));
            continue;
        };
        if *target == Target::Exclude {
            excluded += 1;
            continue;
        }
        let coded = coder.code(&document(&s.id, &s.text, None));
        let events = &coded.events;
        let got = best(events).map(|e| e.event_type.as_str());
        let slot = per_class.entry(s.subtype.as_str()).or_default();
        slot.1 += 1;
        let ok = match target {
            Target::Types(types) => {
                typed += 1;
                with_event += usize::from(!events.is_empty());
                if events
                    .iter()
                    .any(|e| types.iter().any(|t| *t == e.event_type))
                {
                    typed_any += 1;
                }
                let ok = got.is_some_and(|g| types.iter().any(|t| t == g));
                typed_ok += usize::from(ok);
                if !ok {
                    summary.add(if got.is_some() {
                        "wrong type"
                    } else {
                        crate::why_no_event(coder, &s.text, None)
                    });
                    causes.add(format!("{} -> {}", s.subtype, got.unwrap_or("no event")));
                }
                ok
            }
            Target::NoEvent => {
                none += 1;
                let ok = events.is_empty();
                none_ok += usize::from(ok);
                if !ok {
                    summary.add("event where none expected");
                    causes.add(format!("{} -> {}", s.subtype, got.unwrap_or("?")));
                }
                ok
            }
            Target::Exclude => continue,
        };
        slot.0 += usize::from(ok);
        if !ok {
            notes.push(format!(
                "{} {}: got {:?} ({} events): {:?}",
                s.id,
                s.subtype,
                got,
                events.len(),
                s.text
            ));
        }
    }
    let mut figures = vec![
        Figure::share("type_accuracy", typed_ok, typed),
        Figure::share("type_accuracy_any", typed_any, typed),
        Figure::share("event_rate", with_event, typed),
        Figure::share("no_event_accuracy", none_ok, none),
        Figure::share("overall_accuracy", typed_ok + none_ok, typed + none),
        Figure::value("excluded", excluded as f64),
        Figure::value("unmapped", unknown as f64),
    ];
    for (class, (ok, n)) in &per_class {
        figures.push(Figure::share(&format!("class {class}"), *ok, *n));
    }
    figures.extend(summary.figures("miss", typed + none));
    figures.extend(causes.figures_min("miss", typed + none, 3));
    Report {
        suite: "case2021".into(),
        figures,
        notes,
    }
}
