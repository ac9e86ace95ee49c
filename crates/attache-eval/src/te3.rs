//! The `te3` suite: TempEval-3 TimeML documents (`.tml`; a directory of
//! them or one file).
//!
//! The document creation time is the `value` of the `<DCT>` TIMEX3. The
//! `<TEXT>` element is stripped of tags (entities decoded), keeping the
//! offsets of every TIMEX3 in the plain text, and
//! [`attache_text::dates::find_time_exprs`] runs on that plain text with
//! the DCT as anchor, leaning to the past (as the coder does for news).
//!
//! - **date_value_accuracy**: of gold `type="DATE"` TIMEX3, the share that
//!   one of our expressions overlaps with a `timex` string equal to the gold
//!   `value`. `date_value_accuracy_of_detected` divides by the gold DATEs
//!   we overlap at all; `value_accuracy_all_types` is the same over every
//!   gold TIMEX3 (DATE, TIME, DURATION, SET).
//! - **extraction**: every gold TIMEX3 against every expression we find;
//!   `relaxed` matches overlapping spans, `strict` identical spans.

use std::path::Path;

use attache_text::dates::{find_time_exprs, Lean, TimeExpr};
use chrono::NaiveDate;

use crate::xml;
use crate::{list_dir, overlaps, read, Causes, EvalError, Figure, Prf, Report};

/// A gold TIMEX3 with byte offsets into the plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// One TimeML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeDoc {
    pub name: String,
    pub dct: Option<NaiveDate>,
    /// The `<TEXT>` content without tags.
    pub text: String,
    pub timexes: Vec<Timex>,
}

/// Remove tags from `inner`, decoding entities, and return the plain text
/// with the TIMEX3 elements found in it.
pub fn strip(inner: &str) -> (String, Vec<Timex>) {
    let mut plain = String::with_capacity(inner.len());
    let mut out = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = inner;
    while let Some(lt) = rest.find('<') {
        plain.push_str(&xml::unescape(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let tag = &rest[lt..lt + gt + 1];
        if tag.starts_with("</TIMEX3") {
            if let Some((start, kind, value)) = open.take() {
                out.push(Timex {
                    start,
                    end: plain.len(),
                    kind,
                    value,
                });
            }
        } else if tag.starts_with("<TIMEX3") && !tag.ends_with("/>") {
            open = Some((
                plain.len(),
                xml::attr(tag, "type").unwrap_or_default(),
                xml::attr(tag, "value").unwrap_or_default(),
            ));
        }
        rest = &rest[lt + gt + 1..];
    }
    plain.push_str(&xml::unescape(rest));
    (plain, out)
}

/// Parse one `.tml` document.
pub fn parse(name: &str, tml: &str) -> TimeDoc {
    let dct = xml::first(tml, "DCT")
        .and_then(|d| xml::first(d.inner, "TIMEX3"))
        .and_then(|t| t.attr("value"))
        .and_then(|v| NaiveDate::parse_from_str(v.get(..10).unwrap_or(&v), "%Y-%m-%d").ok());
    let (text, timexes) = xml::first(tml, "TEXT")
        .map(|t| strip(t.inner))
        .unwrap_or_default();
    TimeDoc {
        name: name.to_string(),
        dct,
        text,
        timexes,
    }
}

/// Read `path`: a `.tml` file or a directory of them.
pub fn load(path: &Path) -> Result<Vec<TimeDoc>, EvalError> {
    let files = if path.is_dir() {
        list_dir(path)?
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "tml"))
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    let mut docs = Vec::new();
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        docs.push(parse(&name, &read(&f)?));
    }
    if docs.is_empty() {
        return Err(EvalError::format(path, 0, "no .tml documents"));
    }
    Ok(docs)
}

/// Score the documents at `path`.
pub fn run(path: &Path) -> Result<Report, EvalError> {
    Ok(score(&load(path)?))
}

/// The granularity class of a TIMEX3 value, for describing misses.
pub fn granularity(v: &str) -> &'static str {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if v.ends_with("_REF") {
        "reference"
    } else if v.starts_with('P') {
        "duration"
    } else if v.contains('T') && v.len() > 10 {
        "time"
    } else if v.len() == 3 && digits(0..3) {
        "decade"
    } else if v.len() == 2 && digits(0..2) {
        "century"
    } else if v.len() == 4 {
        "year"
    } else if v.contains("-W") {
        "week"
    } else if v.contains("-Q") || v.contains("-H") {
        "quarter"
    } else if v.len() == 7 && !digits(5..7) {
        "season"
    } else if v.len() == 7 {
        "month"
    } else if v.len() == 10 {
        "day"
    } else {
        "other"
    }
}

/// Score parsed documents.
pub fn score(docs: &[TimeDoc]) -> Report {
    let (mut dates, mut date_ok, mut date_seen) = (0, 0, 0);
    let (mut all_ok, mut all_n) = (0, 0);
    let (mut relaxed, mut strict) = (Prf::default(), Prf::default());
    let mut date_found = 0;
    let mut causes = Causes::default();
    let mut extras = Causes::default();
    let mut ours_n = 0;
    let mut notes = Vec::new();
    let mut ours: Vec<TimeExpr> = Vec::new();
    for d in docs {
        ours.clear();
        find_time_exprs(&d.text, d.dct, Lean::Past, &mut ours);
        ours_n += ours.len();
        for g in &d.timexes {
            let over: Vec<&TimeExpr> = ours
                .iter()
                .filter(|o| overlaps((o.start, o.end), (g.start, g.end)))
                .collect();
            let ok = over.iter().any(|o| o.timex == g.value);
            all_n += 1;
            all_ok += usize::from(ok);
            relaxed.tp += usize::from(!over.is_empty());
            relaxed.fn_ += usize::from(over.is_empty());
            let exact = ours.iter().any(|o| o.start == g.start && o.end == g.end);
            strict.tp += usize::from(exact);
            strict.fn_ += usize::from(!exact);
            if g.kind != "DATE" {
                continue;
            }
            dates += 1;
            date_ok += usize::from(ok);
            date_seen += usize::from(!over.is_empty());
            date_found += usize::from(!over.is_empty());
            if ok {
                continue;
            }
            let phrase = d.text.get(g.start..g.end).unwrap_or("");
            match over.first() {
                None => {
                    causes.add(format!("DATE {} not found", granularity(&g.value)));
                    notes.push(format!("{}: not found {:?} = {}", d.name, phrase, g.value));
                }
                Some(o) => {
                    let (gg, og) = (granularity(&g.value), granularity(&o.timex));
                    let cause = if gg != og {
                        format!("DATE granularity {gg} -> {og}")
                    } else if d.dct.is_none() {
                        "DATE no creation time".to_string()
                    } else {
                        format!("DATE {gg} wrong value")
                    };
                    causes.add(cause);
                    let got: Vec<String> = over
                        .iter()
                        .map(|o| {
                            format!("{:?}={}", d.text.get(o.start..o.end).unwrap_or(""), o.timex)
                        })
                        .collect();
                    notes.push(format!(
                        "{}: {:?} = {} got {} (DCT {:?})",
                        d.name,
                        phrase,
                        g.value,
                        got.join(", "),
                        d.dct
                    ));
                }
            }
        }
        for o in &ours {
            let over = d
                .timexes
                .iter()
                .any(|g| overlaps((o.start, o.end), (g.start, g.end)));
            relaxed.fp += usize::from(!over);
            let exact = d
                .timexes
                .iter()
                .any(|g| o.start == g.start && o.end == g.end);
            strict.fp += usize::from(!exact);
            if !over {
                extras.add(format!("{:?} expression not in gold", o.kind));
                notes.push(format!(
                    "{}: extra {:?} = {}",
                    d.name,
                    d.text.get(o.start..o.end).unwrap_or(""),
                    o.timex
                ));
            }
        }
    }
    let mut figures = vec![
        Figure::share("date_value_accuracy", date_ok, dates),
        Figure::share("date_value_accuracy_of_detected", date_ok, date_seen),
        Figure::share("date_extraction_recall", date_found, dates),
        Figure::share("value_accuracy_all_types", all_ok, all_n),
    ];
    figures.extend(relaxed.figures("extraction_relaxed"));
    figures.extend(strict.figures("extraction_strict"));
    figures.push(Figure::value("documents", docs.len() as f64));
    figures.extend(causes.figures("miss", dates));
    figures.extend(extras.figures("extra", ours_n));
    Report {
        suite: "te3".into(),
        figures,
        notes,
    }
}
