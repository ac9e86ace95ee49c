//! Differential checks: the finder must give exactly what the frozen
//! reference copy gives, on test inputs, sample files and random text.

use super::reference;
use super::{find_time_exprs, Lean};
use chrono::NaiveDate;
use std::path::Path;

fn anchors() -> [Option<NaiveDate>; 3] {
    [
        None,
        NaiveDate::from_ymd_opt(2016, 3, 14),
        NaiveDate::from_ymd_opt(2024, 9, 1),
    ]
}

/// Panics with the text when the two finders disagree.
fn same(text: &str, anchor: Option<NaiveDate>, lean: Lean) {
    let mut new = Vec::new();
    find_time_exprs(text, anchor, lean, &mut new);
    let rlean = match lean {
        Lean::Past => reference::Lean::Past,
        Lean::Future => reference::Lean::Future,
    };
    let mut old = Vec::new();
    reference::find_time_exprs(text, anchor, rlean, &mut old);
    // Field names and variants are the same, so Debug compares every field.
    let (new, old) = (format!("{new:#?}"), format!("{old:#?}"));
    assert!(
        new == old,
        "finders differ on {text:?} (anchor {anchor:?}, {lean:?})\nnew: {new}\nold: {old}"
    );
}

fn same_all(text: &str) {
    for a in anchors() {
        for lean in [Lean::Past, Lean::Future] {
            same(text, a, lean);
        }
    }
}

/// Whole text and each line.
fn same_text_and_lines(text: &str) {
    same_all(text);
    for line in text.lines() {
        same_all(line);
    }
}

/// String literals of the unit tests (no escapes other than `\"`, `\\`, `\n`).
fn literals(src: &str) -> Vec<String> {
    let mut v = Vec::new();
    let mut it = src.chars();
    while let Some(c) = it.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = it.next() {
            match c {
                '"' => break,
                '\\' => match it.next() {
                    Some('n') => s.push('\n'),
                    Some(x) => s.push(x),
                    None => break,
                },
                _ => s.push(c),
            }
        }
        v.push(s);
    }
    v
}

#[test]
fn diff_unit_test_inputs() {
    let lits = literals(include_str!("tests.rs"));
    assert!(lits.len() > 200, "only {} literals", lits.len());
    for s in &lits {
        same_all(s);
    }
    // Adjacent literals joined, so expressions meet narrative references.
    for w in lits.windows(4) {
        same_all(&w.join(" "));
    }
    same_text_and_lines(include_str!("../../tests/data/dates/cases.tsv"));
}

fn sample_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            sample_files(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "txt" || x == "html" || x == "jsonl")
        {
            out.push(p);
        }
    }
}

#[test]
fn diff_sample_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    if let Ok(rd) = std::fs::read_dir(root.join("crates")) {
        for e in rd.flatten() {
            sample_files(&e.path().join("tests/data"), &mut files);
        }
    }
    sample_files(&root.join("examples"), &mut files);
    assert!(!files.is_empty(), "no sample files under {root:?}");
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_default();
        same_text_and_lines(&String::from_utf8_lossy(&bytes));
    }
}

const VOCAB: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Jan.",
    "Feb",
    "Feb.",
    "Mar.",
    "Apr",
    "Jun.",
    "Jul",
    "Aug.",
    "Sep",
    "Sept.",
    "Oct",
    "Nov.",
    "Dec",
    "dec.",
    "march",
    "may",
    "MAY",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "monday",
    "last",
    "Last",
    "next",
    "this",
    "that",
    "ago",
    "earlier",
    "later",
    "early",
    "late",
    "mid-",
    "mid",
    "week",
    "weeks",
    "weekend",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "century",
    "day",
    "days",
    "hours",
    "minutes",
    "quarter",
    "Q3",
    "q1",
    "Q5",
    "half",
    "summer",
    "winter",
    "spring",
    "fall",
    "autumn",
    "morning",
    "night",
    "evening",
    "tonight",
    "today",
    "yesterday",
    "tomorrow",
    "now",
    "currently",
    "recently",
    "past",
    "future",
    "time",
    "times",
    "2019",
    "2024",
    "1990s",
    "’90s",
    "'80s",
    "14",
    "5",
    "31",
    "12:30",
    "3pm",
    "3",
    "p.m.",
    "a.m.",
    "pm",
    "GMT",
    "March 5",
    "5 March",
    "21st",
    "the 3rd",
    "2015-09-21",
    "3/14/2016",
    "14.3.",
    "on",
    "in",
    "since",
    "until",
    "between",
    "and",
    "to",
    "from",
    "the",
    "a",
    "of",
    "by",
    "for",
    "during",
    "every",
    "each",
    "annually",
    "first",
    "second",
    "two",
    "three",
    "twenty",
    "few",
    "several",
    "said",
    "will",
    "was",
    "be",
    "held",
    "expected",
    "-",
    "–",
    "/",
    ",",
    ".",
    ";",
    "(",
    ")",
    "\"",
    "’",
    "\n",
    "\n\n",
    "\u{a0}",
    "0",
    "7",
    "99",
    "100",
    "1234567",
    "200m",
    "2019may",
    "may2019",
    "minister",
    "government",
    "police",
    "protest",
    "talks",
    "Geneva",
    "said.",
    "Mayor",
    "Marchers",
    "émay",
    "Dezember",
    "März",
    "été",
    "Ωmega",
    "日本",
    "\u{301}may",
    "٣may",
    "Decembers",
    "noon",
    "midnight",
    "fiscal",
    "couple",
    "dozen",
];

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn diff_random_text() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let n = 1 + rng.below(60);
        let mut s = String::new();
        for _ in 0..n {
            let w = VOCAB[rng.below(VOCAB.len())];
            s.push_str(w);
            // Mostly a space between words, sometimes glued.
            match rng.below(8) {
                0 => {}
                1 => s.push('\n'),
                _ => s.push(' '),
            }
        }
        let a = anchors()[rng.below(3)];
        let lean = if rng.below(2) == 0 {
            Lean::Past
        } else {
            Lean::Future
        };
        same(&s, a, lean);
    }
}

/// Large comparison on the benchmark corpus; run by hand:
/// `DATES_CORPUS=path/corpus.jsonl cargo test -p attache-text diff_corpus -- --ignored`.
#[test]
#[ignore]
fn diff_corpus() {
    let Ok(path) = std::env::var("DATES_CORPUS") else {
        return;
    };
    let data = std::fs::read_to_string(&path).unwrap_or_default();
    let mut n = 0;
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            same_text_and_lines(t);
            n += 1;
        }
    }
    assert!(n > 0, "no records in {path}");
    eprintln!("{n} records identical");
}

#[test]
fn diff_word_classes() {
    let mut words: Vec<String> = super::lex::WORDS
        .iter()
        .map(|(w, _)| w.to_string())
        .collect();
    for s in literals(include_str!("tests.rs")).iter().chain(
        VOCAB
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .iter(),
    ) {
        for w in s.split(|c: char| !c.is_ascii_alphabetic()) {
            words.push(w.to_ascii_lowercase());
        }
    }
    words.extend(["", "x", "q", "abcdefghijkl", "januaryjanua", "zzzzzzzzzzzz"].map(String::from));
    for w in words.iter().filter(|w| w.len() <= 12) {
        let new = format!("{:?}", super::lex::classify_lower(w.as_bytes()).0);
        let old = format!("{:?}", reference::lex::classify(w.as_bytes()));
        assert_eq!(new, old, "{w}");
    }
}
