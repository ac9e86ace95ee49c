//! Story-events: reports of one real-world event, merged across sentences
//! and articles.
//!
//! # The merge rule
//!
//! Two event reports `a` and `b` belong to the same story when all of these
//! hold (see [`compare`]; `docs/stories.md` has the same text for analysts):
//!
//! 1. **Same PLOVER type**, and the same polarity (a negated report never
//!    merges with an affirmed one).
//! 2. **Same parties.** Parties are the actors' and recipients' codes (the
//!    organisation code when there is one, else the country code). For the
//!    directed types the actor sets must share a code and the recipient sets
//!    must share a code (or both be empty). For the symmetric types
//!    [`SYMMETRIC_TYPES`] (`CONSULT`, `AGREE`, `COOPERATE`) actors and
//!    recipients are pooled, either way round: the pools must share two
//!    codes, or all the codes of a one-party report. A directed report
//!    naming no recipient may match one that names a recipient, with the
//!    evidence at [`MIN_SIM_LOOSE`] at least (the coder misses recipients
//!    more often than it invents them).
//! 3. **Compatible dates.** Each report has a period (`date`..`date_end`); a
//!    date that is only the publication date stands for
//!    `[published − PUBLICATION_LAG_DAYS, published]`. When both dates are
//!    known to the day from the text, they must be at most
//!    [`DAY_WINDOW_DAYS`] apart; otherwise the periods must overlap or be at
//!    most [`WINDOW_DAYS`] apart.
//!    Two reports from the same sentence must give the very same period
//!    (their words are the same, so they say nothing).
//! 4. **Places.** When both name a place and the places differ and lie
//!    more than [`PLACE_KM`] kilometres apart, the evidence must reach at
//!    least [`MIN_SIM_LOOSE`] whatever the dates (the place a sentence
//!    names is not always where the event happened, so this is not a veto).
//! 5. **Similar evidence.** Jaccard similarity of the evidence tokens
//!    ([`evidence_tokens`]: trigger and sentence words, lower-cased and
//!    crudely stemmed, without stop words, dates and the actors' own words)
//!    of at least
//!    - nothing at all when both reports come from the same article (an
//!      article retells its event in the lead, the body and captions);
//!    - [`MIN_SIM_TIGHT`] when both dates are day-precise within the day
//!      window;
//!    - [`MIN_SIM_LOOSE`] when the dates are compatible only through the
//!      window or the publication lag;
//!    - [`MIN_SIM_VAGUE`] when either date is coarser than a week (a month,
//!      a year ...), since such periods overlap many unrelated events.
//!
//! # Clustering
//!
//! Clustering is incremental and single-link: a new report is compared with
//! the reports of the candidate stories (same type, a shared actor-side
//! code, date range within the window) and joins the story holding its most
//! similar matching report; with none it starts a story. Stories never
//! split or merge afterwards, so adding articles never recomputes earlier
//! stories, and ingesting the same articles in the same order always gives
//! the same stories.

use std::collections::BTreeSet;

use attache_types::{DateBasis, Event, Precision};
use chrono::{Duration, NaiveDate};

/// Types whose actor/recipient split is arbitrary: "A met B" and "B met A",
/// "A and B agreed" report the same thing.
pub const SYMMETRIC_TYPES: &[&str] = &["CONSULT", "AGREE", "COOPERATE"];
/// Largest gap, in days, between two day-precise dates of one event
/// (reports disagree by a day around midnight and time zones).
pub const DAY_WINDOW_DAYS: i64 = 1;
/// Largest gap, in days, between two less precise periods of one event.
pub const WINDOW_DAYS: i64 = 3;
/// A report dated only by its publication date may describe an event up to
/// this many days earlier.
pub const PUBLICATION_LAG_DAYS: i64 = 3;
/// Two named places further apart than this are different events.
pub const PLACE_KM: f64 = 100.0;
/// Least evidence similarity with tight dates or within one article.
pub const MIN_SIM_TIGHT: f32 = 0.05;
/// Least evidence similarity with loosely compatible dates.
pub const MIN_SIM_LOOSE: f32 = 0.15;
/// Least evidence similarity when a date is coarser than a week.
pub const MIN_SIM_VAGUE: f32 = 0.25;

/// What the merge rule needs to know about one event report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub doc_id: String,
    /// Index of the sentence in its document.
    pub sentence: usize,
    pub event_type: String,
    /// Sorted, distinct party codes of the actor side.
    pub actors: Vec<String>,
    /// Sorted, distinct party codes of the recipient side.
    pub recipients: Vec<String>,
    pub date: Option<ReportDate>,
    pub place: Option<ReportPlace>,
    pub negated: bool,
    /// Sorted, distinct evidence tokens.
    pub evidence: Vec<String>,
}

/// A report's date as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportDate {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub precision: Precision,
    pub basis: DateBasis,
}

impl ReportDate {
    /// The period the event may have taken place in.
    pub fn period(&self) -> (NaiveDate, NaiveDate) {
        let start = if self.basis == DateBasis::Publication {
            self.start - Duration::days(PUBLICATION_LAG_DAYS)
        } else {
            self.start
        };
        (start, self.end.max(start))
    }

    fn day_precise(&self) -> bool {
        self.precision == Precision::Day && self.basis != DateBasis::Publication
    }

    fn vague(&self) -> bool {
        self.precision > Precision::Week
    }
}

/// A named place of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPlace {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

/// The code a party goes by: its organisation, else its country.
pub fn party_code(a: &attache_types::Actor) -> Option<&str> {
    a.org.as_deref().or(a.country.as_deref())
}

fn codes(list: &[attache_types::Actor]) -> Vec<String> {
    let set: BTreeSet<&str> = list.iter().filter_map(party_code).collect();
    set.into_iter().map(str::to_string).collect()
}

impl Report {
    /// Features of `event`; `published` stands in when the event has no date.
    pub fn from_event(event: &Event, published: Option<NaiveDate>) -> Report {
        let date = match &event.date {
            Some(d) => Some(ReportDate {
                start: d.value,
                end: d.end,
                precision: d.precision,
                basis: d.basis,
            }),
            None => published.map(|p| ReportDate {
                start: p,
                end: p,
                precision: Precision::Day,
                basis: DateBasis::Publication,
            }),
        };
        Report {
            doc_id: event.doc_id.to_string(),
            sentence: event.sentence.index,
            event_type: event.event_type.to_string(),
            actors: codes(&event.actors),
            recipients: codes(&event.recipients),
            date,
            place: event.location.as_ref().map(|l| ReportPlace {
                name: l.name.to_string(),
                lat: l.lat,
                lon: l.lon,
            }),
            negated: event.modality.negated,
            evidence: evidence_tokens(event),
        }
    }

    pub fn symmetric(&self) -> bool {
        SYMMETRIC_TYPES.contains(&self.event_type.as_str())
    }

    /// The codes stories are looked up by: the actor side, or every party of
    /// a symmetric type.
    pub fn key_codes(&self) -> Vec<String> {
        if self.symmetric() {
            self.pool()
        } else {
            self.actors.clone()
        }
    }

    fn pool(&self) -> Vec<String> {
        let set: BTreeSet<&String> = self.actors.iter().chain(&self.recipients).collect();
        set.into_iter().cloned().collect()
    }
}

/// Why two reports were kept apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Apart {
    Type,
    Polarity,
    Parties,
    Dates,
    Place,
    Evidence,
}

/// The rule's answer for a pair of reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Same story; the evidence similarity.
    Same(f32),
    Apart(Apart),
}

fn shared(a: &[String], b: &[String]) -> usize {
    // Both sorted.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// How two reports' parties compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parties {
    Same,
    /// Actors agree and only one report names a recipient.
    OneSideSilent,
    Different,
}

fn parties_match(a: &Report, b: &Report) -> Parties {
    if a.symmetric() {
        let (pa, pb) = (a.pool(), b.pool());
        let common = shared(&pa, &pb);
        if common >= 2 || (common >= 1 && common == pa.len().min(pb.len())) {
            Parties::Same
        } else {
            Parties::Different
        }
    } else if shared(&a.actors, &b.actors) == 0 {
        Parties::Different
    } else if a.recipients.is_empty() && b.recipients.is_empty()
        || shared(&a.recipients, &b.recipients) > 0
    {
        Parties::Same
    } else if a.recipients.is_empty() || b.recipients.is_empty() {
        Parties::OneSideSilent
    } else {
        Parties::Different
    }
}

/// Days between two periods (0 when they overlap).
fn gap_days(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> i64 {
    let later_start = a.0.max(b.0);
    let earlier_end = a.1.min(b.1);
    (later_start - earlier_end).num_days().max(0)
}

/// Great-circle distance in kilometres.
pub fn distance_km(a: &ReportPlace, b: &ReportPlace) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.lat.to_radians(),
        a.lon.to_radians(),
        b.lat.to_radians(),
        b.lon.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Jaccard similarity of two sorted, distinct token lists.
pub fn jaccard(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let inter = shared(a, b);
    let union = a.len() + b.len() - inter;
    inter as f32 / union as f32
}

/// The merge rule (see the module documentation).
pub fn compare(a: &Report, b: &Report) -> Verdict {
    if a.event_type != b.event_type {
        return Verdict::Apart(Apart::Type);
    }
    if a.negated != b.negated {
        return Verdict::Apart(Apart::Polarity);
    }
    let parties = parties_match(a, b);
    if parties == Parties::Different {
        return Verdict::Apart(Apart::Parties);
    }
    let same_doc = a.doc_id == b.doc_id;
    if same_doc
        && a.sentence == b.sentence
        && a.date.map(|d| (d.start, d.end)) != b.date.map(|d| (d.start, d.end))
    {
        // Two triggers of one sentence share all their words: only the
        // same dates make them one event.
        return Verdict::Apart(Apart::Dates);
    }
    let mut min_sim = match (&a.date, &b.date) {
        (Some(da), Some(db)) => {
            let gap = gap_days(da.period(), db.period());
            if da.day_precise() && db.day_precise() {
                if gap > DAY_WINDOW_DAYS {
                    return Verdict::Apart(Apart::Dates);
                }
                MIN_SIM_TIGHT
            } else if gap > WINDOW_DAYS {
                return Verdict::Apart(Apart::Dates);
            } else if da.vague() || db.vague() {
                MIN_SIM_VAGUE
            } else {
                MIN_SIM_LOOSE
            }
        }
        (None, None) => MIN_SIM_VAGUE,
        _ => return Verdict::Apart(Apart::Dates),
    };
    if same_doc {
        // Within one article, the same type between the same parties at
        // compatible dates is the same event retold (lead, body, caption),
        // however differently worded.
        min_sim = 0.0;
    }
    if parties == Parties::OneSideSilent {
        // The coder often misses a recipient; the words must make up for it.
        min_sim = min_sim.max(MIN_SIM_LOOSE);
    }
    let mut apart = Apart::Evidence;
    if let (Some(pa), Some(pb)) = (&a.place, &b.place) {
        // Within one article the places its sentences name vary with the
        // telling ("in Cairo", "to the UK"), not with the event.
        if !same_doc && !pa.name.eq_ignore_ascii_case(&pb.name) && distance_km(pa, pb) > PLACE_KM {
            // Places named in a sentence are not always where the event
            // happened: far-apart places ask for more evidence.
            min_sim = min_sim.max(MIN_SIM_LOOSE);
            apart = Apart::Place;
        }
    }
    let sim = jaccard(&a.evidence, &b.evidence);
    if sim >= min_sim {
        Verdict::Same(sim)
    } else {
        Verdict::Apart(apart)
    }
}

/// Words that say nothing about which event a sentence reports.
const STOP_WORDS: &[&str] = &[
    "about",
    "according",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "also",
    "among",
    "and",
    "another",
    "any",
    "are",
    "around",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "can",
    "could",
    "day",
    "days",
    "did",
    "does",
    "due",
    "during",
    "each",
    "earlier",
    "either",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "including",
    "into",
    "its",
    "itself",
    "last",
    "late",
    "later",
    "latest",
    "made",
    "make",
    "many",
    "may",
    "might",
    "more",
    "most",
    "much",
    "must",
    "new",
    "next",
    "nor",
    "not",
    "now",
    "off",
    "official",
    "officials",
    "once",
    "one",
    "only",
    "other",
    "our",
    "out",
    "over",
    "own",
    "reported",
    "reporters",
    "reports",
    "said",
    "same",
    "say",
    "saying",
    "says",
    "shall",
    "she",
    "should",
    "since",
    "some",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "statement",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "today",
    "told",
    "tonight",
    "too",
    "two",
    "under",
    "until",
    "upon",
    "very",
    "was",
    "week",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "yesterday",
    "yet",
    "you",
    "your",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "morning",
    "evening",
    "night",
    "afternoon",
];

/// A crude suffix stripper: enough to meet "signed" with "signing" and
/// "missiles" with "missile".
pub fn stem(word: &str) -> &str {
    for suffix in ["ings", "ing", "ies", "ied", "es", "ed", "s", "e", "y"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.chars().count() >= 3 {
                return stem;
            }
        }
    }
    word
}

/// Evidence tokens of an event: the words of its sentence (the trigger
/// included) with the actors', recipients' and date's own words masked,
/// lower-cased, stop words and one- or two-letter words dropped (numbers
/// kept), stemmed, sorted and distinct.
pub fn evidence_tokens(event: &Event) -> Vec<String> {
    let base = event.sentence.start;
    let mut masked: Vec<(usize, usize)> = event
        .actors
        .iter()
        .chain(&event.recipients)
        .map(|a| (a.start, a.end))
        .collect();
    if let Some(span) = event.date.as_ref().and_then(|d| d.span.as_ref()) {
        masked.push((span.start, span.end));
    }
    let mut tokens: BTreeSet<String> = BTreeSet::new();
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        if !word.is_empty() {
            let numeric = word.chars().all(|c| c.is_ascii_digit());
            if (numeric || word.chars().count() >= 3) && !STOP_WORDS.contains(&word.as_str()) {
                tokens.insert(stem(word).to_string());
            }
            word.clear();
        }
    };
    for (i, c) in event.sentence.text.chars().enumerate() {
        let at = base + i;
        let hidden = masked.iter().any(|&(s, e)| at >= s && at < e);
        if c.is_alphanumeric() && !hidden {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word);
        }
    }
    flush(&mut word);
    tokens.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(
        t: &str,
        a: &[&str],
        r: &[&str],
        date: (&str, Precision, DateBasis),
        ev: &str,
    ) -> Report {
        let d = NaiveDate::parse_from_str(date.0, "%Y-%m-%d").unwrap_or_default();
        let mut evidence: Vec<String> = ev.split_whitespace().map(str::to_string).collect();
        evidence.sort();
        evidence.dedup();
        Report {
            doc_id: "d".into(),
            sentence: 0,
            event_type: t.into(),
            actors: a.iter().map(|s| s.to_string()).collect(),
            recipients: r.iter().map(|s| s.to_string()).collect(),
            date: Some(ReportDate {
                start: d,
                end: d,
                precision: date.1,
                basis: date.2,
            }),
            place: None,
            negated: false,
            evidence,
        }
    }

    #[test]
    fn symmetric_types_merge_either_way_round() {
        let mut a = report(
            "CONSULT",
            &["EGY"],
            &["JOR"],
            ("2021-03-02", Precision::Day, DateBasis::Explicit),
            "met talk amman",
        );
        let mut b = report(
            "CONSULT",
            &["JOR"],
            &["EGY"],
            ("2021-03-02", Precision::Day, DateBasis::Explicit),
            "talk amman held",
        );
        b.doc_id = "e".into();
        assert!(matches!(compare(&a, &b), Verdict::Same(_)));
        a.event_type = "ACCUSE".into();
        b.event_type = "ACCUSE".into();
        assert_eq!(compare(&a, &b), Verdict::Apart(Apart::Parties));
    }

    #[test]
    fn dates_and_types_keep_events_apart() {
        let a = report(
            "ASSAULT",
            &["RUS"],
            &["UKR"],
            ("2022-03-01", Precision::Day, DateBasis::Explicit),
            "strik kharkiv missil",
        );
        let mut b = report(
            "ASSAULT",
            &["RUS"],
            &["UKR"],
            ("2022-03-08", Precision::Day, DateBasis::Explicit),
            "strik kharkiv missil",
        );
        b.doc_id = "e".into();
        assert_eq!(compare(&a, &b), Verdict::Apart(Apart::Dates));
        let mut c = b.clone();
        c.date = a.date;
        c.event_type = "THREATEN".into();
        assert_eq!(compare(&a, &c), Verdict::Apart(Apart::Type));
        c.event_type = "ASSAULT".into();
        assert!(matches!(compare(&a, &c), Verdict::Same(_)));
    }

    #[test]
    fn stems_meet() {
        assert_eq!(stem("signed"), stem("signing"));
        assert_eq!(stem("missiles"), stem("missile"));
        assert_eq!(stem("talks"), stem("talk"));
    }
}
