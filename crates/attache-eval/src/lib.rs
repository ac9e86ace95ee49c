//! `attache eval`: accuracy on public gold sets, one suite per set.
//!
//! Each suite reads a gold file in its published format, codes its text
//! with the same [`attache_code::Coder`] the product uses, and reports
//! figures. Nothing here feeds back into the coder.
//!
//! | suite | gold set (format) | headline |
//! | --- | --- | --- |
//! | [`seeds`] | `seeds-expected.jsonl` | recall |
//! | [`plover_gsr`] | PLOVER GSR (JSON array) | event-type accuracy, source/target country F1 |
//! | [`petrarch_gsr`] | PETRARCH-2 GSR validation (lenient XML) | CAMEO root agreement |
//! | [`case2021`] | CASE 2021 task 2 (TSV) | PLOVER type accuracy after a fixed mapping |
//! | [`te3`] | TempEval-3 TimeML (`.tml`) | DATE value accuracy |
//! | [`tr_news`] | TR-News (XML) | toponym country accuracy, accuracy within 161 km |
//! | [`re3d`] | Dstl re3d (mongoexport JSON lines) | PER/ORG/LOC micro F1 |

use std::collections::BTreeMap;
use std::path::Path;

use attache_types::{Document, Origin, Precision, Published, PublishedFound};
use chrono::NaiveDate;

pub mod case2021;
pub mod petrarch_gsr;
pub mod plover_gsr;
pub mod re3d;
pub mod seeds;
pub mod te3;
pub mod tr_news;
pub mod xml;

/// Errors while reading a gold set.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Format {
        path: String,
        line: usize,
        message: String,
    },
}

impl EvalError {
    pub(crate) fn format(path: &Path, line: usize, message: impl Into<String>) -> EvalError {
        EvalError::Format {
            path: path.display().to_string(),
            line,
            message: message.into(),
        }
    }
}

pub(crate) fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|e| EvalError::Io {
        path: path.display().to_string(),
        source: e,
    })
}

/// The entries of a directory, sorted by path.
pub(crate) fn list_dir(dir: &Path) -> Result<Vec<std::path::PathBuf>, EvalError> {
    let mut all: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| EvalError::Io {
            path: dir.display().to_string(),
            source: e,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    all.sort();
    Ok(all)
}

/// A document as the coder sees it: `text` as is, with `published` as a
/// caller-supplied publication date.
pub(crate) fn document(id: &str, text: &str, published: Option<NaiveDate>) -> Document {
    Document {
        id: id.to_string(),
        text: text.to_string(),
        published: published.map(|date| Published {
            date,
            precision: Precision::Day,
            found: PublishedFound::Caller,
            text: None,
        }),
        origin: Origin {
            path: id.to_string(),
            record: None,
            part: 0,
        },
        ..Document::default()
    }
}

/// One headline figure of a suite.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Figure {
    pub name: String,
    pub value: f64,
    /// Numerator and denominator when the figure is a share.
    pub count: Option<(usize, usize)>,
}

impl Figure {
    pub fn share(name: &str, num: usize, den: usize) -> Figure {
        Figure {
            name: name.to_string(),
            value: ratio(num, den),
            count: Some((num, den)),
        }
    }

    pub fn value(name: &str, value: f64) -> Figure {
        Figure {
            name: name.to_string(),
            value,
            count: None,
        }
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// The result of one suite.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub suite: String,
    pub figures: Vec<Figure>,
    /// Per-item notes (misses), for reading.
    pub notes: Vec<String>,
}

impl Report {
    pub fn figure(&self, name: &str) -> Option<f64> {
        self.figures
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value)
    }
}

/// A table for the terminal: shares as percentages with their counts,
/// other figures as plain numbers.
pub fn print(report: &Report) -> String {
    let width = report
        .figures
        .iter()
        .map(|f| f.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(32);
    let mut s = String::new();
    for f in &report.figures {
        match f.count {
            Some((a, b)) => s.push_str(&format!(
                "{:<width$} {:>6.1}%  ({a}/{b})\n",
                f.name,
                f.value * 100.0
            )),
            None => s.push_str(&format!("{:<width$} {:>7.2}\n", f.name, f.value)),
        }
    }
    s
}

/// True positives, false positives and false negatives of a detection or
/// labelling task.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn add(&mut self, other: Prf) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    /// `NAME.precision`, `NAME.recall` (shares with counts) and `NAME.f1`.
    pub fn figures(&self, name: &str) -> Vec<Figure> {
        vec![
            Figure::share(&format!("{name}.precision"), self.tp, self.tp + self.fp),
            Figure::share(&format!("{name}.recall"), self.tp, self.tp + self.fn_),
            Figure::value(&format!("{name}.f1"), self.f1()),
        ]
    }
}

/// Counts of the general causes of misses, reported as `miss: CAUSE`
/// shares of a denominator, most frequent first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Causes(BTreeMap<String, usize>);

impl Causes {
    pub(crate) fn add(&mut self, cause: impl Into<String>) {
        *self.0.entry(cause.into()).or_default() += 1;
    }

    pub(crate) fn figures(&self, prefix: &str, den: usize) -> Vec<Figure> {
        self.figures_min(prefix, den, 1)
    }

    /// As [`Causes::figures`], with causes seen fewer than `min` times
    /// lumped into one `other` line.
    pub(crate) fn figures_min(&self, prefix: &str, den: usize, min: usize) -> Vec<Figure> {
        let mut all: Vec<(&String, &usize)> = self.0.iter().collect();
        all.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let (mut rare, mut rare_kinds) = (0, 0);
        let mut out: Vec<Figure> = Vec::new();
        for (k, &v) in all {
            if v < min {
                rare += v;
                rare_kinds += 1;
            } else {
                out.push(Figure::share(&format!("{prefix}: {k}"), v, den));
            }
        }
        if rare > 0 {
            out.push(Figure::share(
                &format!("{prefix}: other ({rare_kinds} kinds, fewer than {min} each)"),
                rare,
                den,
            ));
        }
        out
    }
}

/// Why the coder emitted no event for `text`, read from
/// [`Coder::explain`] (a diagnostic for describing misses, never a score).
/// Relative to the first trigger of the text:
///
/// - no trigger word matched;
/// - no phrase resolves to a country or organisation at all;
/// - nothing resolved before the trigger (the subject side), told apart by
///   what is there: a titled or named person without a country, a generic
///   sector noun ("rebels", "the government"), or nothing;
/// - resolved phrases only before the trigger or inside its words, none
///   after it (no recipient; only PROTEST and MOBILIZE may lack one);
/// - resolved phrases on both sides, with "said"/"says"/"announced"/"told"
///   between the first one and the trigger (reported speech), or without.
///
/// Phrases and triggers are located by their first occurrence in the text,
/// so this is approximate; a change of explain's line format shows up here
/// as "no trigger".
pub(crate) fn why_no_event(
    coder: &attache_code::Coder,
    text: &str,
    published: Option<NaiveDate>,
) -> &'static str {
    struct Phrase {
        start: usize,
        end: usize,
        resolved: bool,
        person: bool,
        generic: bool,
    }
    let ex = coder.explain(text, published);
    let quoted = |l: &str, head: &str, tail: &str| -> Option<String> {
        let rest = l.strip_prefix(head)?;
        let end = rest.find(tail)?;
        Some(rest[..end].replace("\\\"", "\""))
    };
    let mut trigger: Option<(usize, usize)> = None;
    let mut phrases: Vec<Phrase> = Vec::new();
    for l in ex.lines().map(str::trim_start) {
        if l.starts_with("phrase ") {
            let Some(p) = quoted(l, "phrase \"", "\" prep=") else {
                continue;
            };
            let Some(at) = text.find(&p) else { continue };
            let resolved = l.contains("country=Some(") || l.contains("org=Some(");
            phrases.push(Phrase {
                start: at,
                end: at + p.len(),
                resolved,
                person: !resolved && l.contains("person=Some("),
                generic: !resolved && l.contains("(generic)"),
            });
        } else if l.starts_with("trigger ") && trigger.is_none() {
            let at = quoted(l, "trigger \"", "\" ")
                .and_then(|t| text.find(&t).map(|at| (at, at + t.len())));
            trigger = Some(at.unwrap_or((0, 0)));
        }
    }
    let Some((ts, te)) = trigger else {
        return "no event: no trigger matched";
    };
    let resolved: Vec<&Phrase> = phrases.iter().filter(|p| p.resolved).collect();
    if resolved.is_empty() {
        return "no event: trigger, but no phrase resolves to a country or organisation";
    }
    let first_before = resolved.iter().find(|p| p.end <= ts);
    let after = resolved.iter().any(|p| p.start >= te);
    let inside = te > ts && resolved.iter().any(|p| p.start >= ts && p.end <= te);
    let Some(first) = first_before else {
        let before = |f: fn(&Phrase) -> bool| phrases.iter().any(|p| p.end <= ts && f(p));
        return if before(|p| p.person) {
            "no event: subject is a titled or named person without a country"
        } else if before(|p| p.generic) {
            "no event: subject is a generic sector noun"
        } else {
            "no event: no resolved phrase before the trigger"
        };
    };
    if !after {
        return if inside {
            "no event: recipient only inside the trigger words"
        } else {
            "no event: no resolved phrase after the trigger (no recipient)"
        };
    }
    let between = text.get(first.end..ts).unwrap_or("").to_ascii_lowercase();
    let speech = [" said", " says", " announced", " told", " stated"]
        .iter()
        .any(|w| between.contains(w));
    if speech {
        "no event: trigger in reported speech after a resolved speaker"
    } else {
        "no event: resolved phrases on both sides, no event assembled"
    }
}

/// Character spans `[start, end)` overlap.
pub(crate) fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_figures() {
        let p = Prf {
            tp: 3,
            fp: 1,
            fn_: 2,
        };
        assert!((p.precision() - 0.75).abs() < 1e-9);
        assert!((p.recall() - 0.6).abs() < 1e-9);
        assert!((p.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-9);
        assert_eq!(Prf::default().f1(), 0.0);
    }

    #[test]
    fn print_aligns_shares_and_values() {
        let r = Report {
            suite: "x".into(),
            figures: vec![Figure::share("a", 1, 4), Figure::value("b", 2.5)],
            notes: vec![],
        };
        let s = print(&r);
        assert!(s.contains("25.0%  (1/4)"));
        assert!(s.contains("2.50"));
    }
}
