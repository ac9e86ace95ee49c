//! Frozen copy of the date finder as it was before the lexer rework, kept
//! only so tests can check that the current finder gives identical output.

mod cal;
mod grammar;
pub(super) mod lex;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use attache_types::Precision;
use chrono::NaiveDate;
use std::sync::OnceLock;

/// TimeML type of a temporal expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeKind {
    /// A calendar period: "March 2013", "last week", "the 1990s".
    Date,
    /// A date with a time of day: "3 p.m. Friday", "this morning".
    Time,
    /// A length of time: "three days", "the past two years".
    Duration,
    /// A recurrence: "every year", "annually".
    Set,
}

/// A temporal expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeExpr {
    /// Byte offsets into the text given.
    pub start: usize,
    pub end: usize,
    pub kind: TimeKind,
    /// Resolved inclusive period (dates and times; anchored durations).
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub precision: Option<Precision>,
    /// Needed the anchor (or the narrative reference) to resolve.
    pub relative: bool,
    /// TimeML/TIMEX3 value: "2013-03-22", "2013-W12", "2012-SU", "201",
    /// "PRESENT_REF", "P3D", "XXXX-12-25", "2013-03-22T10:00"...
    pub timex: String,
}

/// Which way a bare weekday or month name points when its clause has no
/// tense cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lean {
    /// The most recent such day/month on or before the anchor (news).
    #[default]
    Past,
    /// The first such day/month on or after the anchor (announcements).
    Future,
}

fn triggers() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(lex::TRIGGERS)
            .expect("trigger automaton builds")
    })
}

fn alnum_before(bytes: &[u8], i: usize, text: &str) -> bool {
    if i == 0 {
        return false;
    }
    let b = bytes[i - 1];
    if b < 0x80 {
        return b.is_ascii_alphanumeric();
    }
    text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric())
}

fn alpha_after(bytes: &[u8], i: usize, text: &str) -> bool {
    match bytes.get(i) {
        None => false,
        Some(b) if *b < 0x80 => b.is_ascii_alphabetic(),
        Some(_) => text[i..].chars().next().is_some_and(|c| c.is_alphabetic()),
    }
}

/// Next digit run at or after `i` that could start a date, a year, a clock
/// time or a decade; returns its start and the position to continue from.
fn next_digit_candidate(bytes: &[u8], mut i: usize) -> Option<(usize, usize)> {
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let a = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let n = i - a;
        if a > 0 && (bytes[a - 1].is_ascii_alphanumeric() || bytes[a - 1] >= 0x80) {
            // glued to a word; typographic quotes ("’90s") are let through
            let quote = a >= 3 && &bytes[a - 3..a] == "’".as_bytes();
            if !quote {
                continue;
            }
        }
        let next = bytes.get(i).copied().unwrap_or(b' ');
        let after = bytes.get(i + 1).copied().unwrap_or(b' ');
        let ok = match n {
            4 => true,
            1 | 2 => {
                (next == b':' && after.is_ascii_digit())
                    || (next == b'/' && after.is_ascii_digit())
                    || (next == b'.' && after.is_ascii_digit() && n <= 2)
                    || (n == 2 && next == b's')
                    || {
                        // 3pm, 3 p.m., 3 a.m.
                        let mut k = i;
                        if next == b' ' {
                            k += 1;
                        }
                        matches!(bytes.get(k), Some(b'a' | b'p' | b'A' | b'P'))
                            && matches!(bytes.get(k + 1), Some(b'm' | b'M' | b'.'))
                    }
            }
            _ => false,
        };
        if ok {
            return Some((a, i));
        }
    }
    None
}

/// Find and resolve every temporal expression in `text`.
///
/// `anchor` is the publication date (None: relative expressions keep a
/// value with X's and no period). `lean` decides bare weekday and month
/// names whose clause shows no tense. Appends to `out` in text order;
/// expressions never overlap.
pub fn find_time_exprs(text: &str, anchor: Option<NaiveDate>, lean: Lean, out: &mut Vec<TimeExpr>) {
    let bytes = text.as_bytes();
    let mut words = triggers()
        .find_iter(text)
        .filter(|m| !alnum_before(bytes, m.start(), text) && !alpha_after(bytes, m.end(), text))
        .map(|m| m.start())
        .peekable();
    let mut digit_at = 0;
    let mut digit = next_digit_candidate(bytes, 0);
    if words.peek().is_none() && digit.is_none() {
        return;
    }
    let mut cx = grammar::Cx {
        text,
        anchor,
        lean,
        out,
        win: lex::Window::new(),
        lo: 0,
        last_end: 0,
        reference: None,
    };
    loop {
        let p = match (words.peek().copied(), digit) {
            (None, None) => break,
            (Some(w), Some((d, _))) if d < w => {
                digit_at = digit.map_or(digit_at, |x| x.1);
                digit = next_digit_candidate(bytes, digit_at);
                d
            }
            (Some(w), _) => {
                words.next();
                w
            }
            (None, Some((d, next))) => {
                digit_at = next;
                digit = next_digit_candidate(bytes, digit_at);
                d
            }
        };
        if p < cx.last_end {
            continue;
        }
        if let Some(c) = cx.win.fill(text, p) {
            cx.run(c);
        }
    }
}
