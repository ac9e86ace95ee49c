//! Modality of an event report: negated, future/intent, hypothetical,
//! historical. Read from the words before the trigger (within its clause)
//! and from the event date against the publication date.

use attache_types::{DateBasis, EventDate, Modality};
use chrono::NaiveDate;

const NEGATORS: &[&str] = &[
    "not", "never", "no", "neither", "nor", "without", "failed", "declined", "cannot",
];
const FUTURE: &[&str] = &[
    "will",
    "shall",
    "'ll",
    "’ll",
    "going",
    "plans",
    "plan",
    "planned",
    "planning",
    "intends",
    "intend",
    "intended",
    "scheduled",
    "expected",
    "set",
    "aims",
    "aim",
    "seeks",
    "seek",
    "vowed",
    "vows",
    "promised",
    "promises",
    "pledged",
    "pledges",
    "ready",
    "prepared",
    "willing",
    "to",
    "next",
    "upcoming",
    "would",
];
const HYPOTHETICAL: &[&str] = &[
    "if",
    "could",
    "might",
    "may",
    "should",
    "unless",
    "whether",
    "possibility",
    "possible",
    "potential",
    "event",
];
const STOPS: &[&str] = &[",", ";", ":", ".", "“", "”", "\""];

/// Days before publication after which a dated event is background.
const HISTORICAL_DAYS: i64 = 7;

pub fn modality(
    words: &[&str],
    ts: usize,
    te: usize,
    date: Option<&EventDate>,
    published: Option<NaiveDate>,
) -> Modality {
    let mut m = Modality::default();
    let from = ts.saturating_sub(5);
    let mut window: Vec<&str> = Vec::new();
    for &w in words[from..ts].iter().rev() {
        if STOPS.contains(&w) {
            break;
        }
        window.push(w);
    }
    m.negated = window
        .iter()
        .any(|w| NEGATORS.contains(w) || w.ends_with("n't") || w.ends_with("n’t"));
    // "to" counts only right before the trigger after an intent word ("promised to expel").
    let intent_to = window.first() == Some(&"to")
        && window
            .get(1)
            .is_some_and(|w| FUTURE.contains(w) && *w != "to");
    m.future = intent_to
        || window.iter().any(|w| {
            FUTURE.contains(w) && *w != "to" && *w != "would" && *w != "set" && *w != "next"
        });
    let clause_start = words[..ts]
        .iter()
        .rposition(|w| matches!(*w, ";" | "."))
        .map_or(0, |i| i + 1);
    m.hypothetical = words[clause_start..ts]
        .iter()
        .any(|w| HYPOTHETICAL.contains(w))
        || words[te..]
            .iter()
            .take(8)
            .take_while(|w| !STOPS.contains(w))
            .any(|w| *w == "if");
    if m.hypothetical {
        m.future = m.future || window.contains(&"would");
    }
    let past_perfect = window.iter().take(3).any(|w| *w == "had");
    let dated_past = match (date, published) {
        (Some(d), Some(p)) if d.basis != DateBasis::Publication => {
            (p - d.end).num_days() > HISTORICAL_DAYS
        }
        _ => false,
    };
    if let (Some(d), Some(p)) = (date, published) {
        if d.basis != DateBasis::Publication && d.value > p {
            m.future = true;
        }
    }
    m.historical = (dated_past || past_perfect) && !m.future;
    m
}
