//! Temporal expressions in news text, resolved against the publication date.
//!
//! [`find_time_exprs`] finds dates ("21 September 2015", "last week",
//! "three days ago", "the 1990s"), times ("3 p.m. Friday"), durations ("the
//! past two years") and sets ("every year"), and gives each a TimeML/TIMEX3
//! value plus, for dates and times, the inclusive period it names.
//!
//! # How it works
//! The text is lexed once into words, numbers and punctuation, each word
//! classified by one table lookup. Trigger words (month and weekday names,
//! "today", "ago"'s units, seasons...) and digit runs that can be years,
//! clock times or decades are candidates. Around each candidate a window of
//! ~40 tokens is cut from the token list and a hand-written grammar looks
//! left for modifiers ("last", "early", "the end of", "the past") and right
//! for continuations (day, year, "ago", "of 2015"). No regexes; besides the
//! `timex` string of each expression found, one token buffer per call.
//!
//! # Conventions
//! - Spans leave out prepositions ("since 2018" → "2018", "on Friday" →
//!   "Friday") but keep determiners and modifiers ("the 1990s", "last week",
//!   "early December", "earlier this month"). Position modifiers do not change
//!   the value: "early December" is `2012-12`, "mid-2020" is `2020`.
//! - Bare weekday, month, month–day, season and quarter names are resolved
//!   by the tense of their clause: the nearest cue word ("will", "said",
//!   "was", a past participle, "next"...) decides past or future; without a
//!   cue the caller's [`Lean`] does. Past: the most recent such period **on
//!   or before** the anchor (so "Friday" in a story published on a Friday is
//!   that day, as in TempEval); future: the first on or after.
//! - "last Saturday" is the most recent Saturday strictly before the anchor;
//!   "next Tuesday" the first strictly after; "this Friday" the Friday of the
//!   anchor's ISO week. "last May" is the most recent May strictly before the
//!   anchor's month; "last summer" the most recent summer that is not the
//!   current season.
//! - "last week", "this month", "next year" shift the anchor's week (ISO,
//!   Monday–Sunday), month or year. "N units ago" names a period of that
//!   unit ("two weeks ago" → a week value, "two years ago" → a year); "a
//!   decade ago" names a year.
//! - Narrative expressions ("the following day", "the previous week", "two
//!   days later", "that year", a bare clock time) count from the last date
//!   found earlier in the same call (the reference), else from the anchor:
//!   pass a whole article, not one sentence, to get them right.
//! - Seasons are northern-hemisphere meteorological seasons; winter `Y-WI`
//!   is December of Y to February of Y+1.
//! - Precision: days and times `Day`; weeks and weekends `Week`; halves of
//!   a year and "the first nine months" `Year`; centuries `None` (no such
//!   variant; `first`/`last` still give the period). `PRESENT_REF` ("now",
//!   "currently") resolves to the anchor day; `PAST_REF`/`FUTURE_REF` have no
//!   period. Durations and sets have no precision; a duration anchored at
//!   the publication date ("the past two years") carries its window in
//!   `first`/`last` and is marked `relative`.
//! - Without an anchor, relative expressions keep a value with X's
//!   (`XXXX-WXX-5`, `XXXX-03-05`, `XXXX-XX-XX`) and have no period.

mod cal;
mod grammar;
mod lex;

#[cfg(test)]
mod tests;

use attache_types::Precision;
use chrono::NaiveDate;
use lex::{Tok, W};

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
        .is_some_and(crate::tokens::is_alnum)
}

fn alpha_after(bytes: &[u8], i: usize, text: &str) -> bool {
    match bytes.get(i) {
        None => false,
        Some(b) if *b < 0x80 => b.is_ascii_alphabetic(),
        Some(_) => text[i..]
            .chars()
            .next()
            .is_some_and(crate::tokens::is_alpha),
    }
}

/// Can the digit run `a..i` start a date, a year, a clock time or a decade?
fn digit_candidate(bytes: &[u8], a: usize, i: usize) -> bool {
    let n = i - a;
    if a > 0 && (bytes[a - 1].is_ascii_alphanumeric() || bytes[a - 1] >= 0x80) {
        // glued to a word; typographic quotes ("’90s") are let through
        let quote = a >= 3 && &bytes[a - 3..a] == "’".as_bytes();
        if !quote {
            return false;
        }
    }
    let next = bytes.get(i).copied().unwrap_or(b' ');
    let after = bytes.get(i + 1).copied().unwrap_or(b' ');
    match n {
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
    }
}

/// Does token `t` start a candidate expression? Trigger words count as
/// whole words not glued to a letter or digit on the left; "Q3" counts when
/// no letter follows it.
fn is_candidate(bytes: &[u8], text: &str, t: &Tok, trig: bool) -> bool {
    let (s, e) = (t.s as usize, t.e as usize);
    match t.w {
        W::Num(..) => digit_candidate(bytes, s, e),
        W::P(_) => false,
        _ if trig => !alnum_before(bytes, s, text),
        _ => {
            // "Q3" as one token, or a "Q" before "3" and more digits
            let q = matches!(bytes.get(s), Some(b'q' | b'Q'))
                && matches!(bytes.get(s + 1), Some(b'1'..=b'4'))
                && (e == s + 1 || e == s + 2);
            q && !alpha_after(bytes, s + 2, text) && !alnum_before(bytes, s, text)
        }
    }
}

/// All tokens of `text`, and the indices of those that can start an
/// expression.
fn lex_text(text: &str) -> (Vec<Tok>, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5 + 16);
    let mut cands: Vec<usize> = Vec::with_capacity(32);
    let mut i = 0;
    loop {
        // Most tokens are a word after one space.
        i = lex::spaced_words(bytes, i, &mut toks, &mut cands);
        // Then punctuation right after a word, and a word right after
        // punctuation (a trigger there needs the check on its left).
        if let Some(tok) = lex::punct_at(bytes, i) {
            i += 1;
            toks.push(tok);
            continue;
        }
        if let Some((tok, trig)) = lex::word_at(bytes, i) {
            i = tok.e as usize;
            if trig && !alnum_before(bytes, tok.s as usize, text) {
                cands.push(toks.len());
            }
            toks.push(tok);
            continue;
        }
        let Some((tok, next, trig)) = lex::next_token(text, i) else {
            break;
        };
        i = next;
        if is_candidate(bytes, text, &tok, trig) {
            cands.push(toks.len());
        }
        toks.push(tok);
    }
    (toks, cands)
}

/// Find and resolve every temporal expression in `text`.
///
/// `anchor` is the publication date (None: relative expressions keep a
/// value with X's and no period). `lean` decides bare weekday and month
/// names whose clause shows no tense. Appends to `out` in text order;
/// expressions never overlap.
pub fn find_time_exprs(text: &str, anchor: Option<NaiveDate>, lean: Lean, out: &mut Vec<TimeExpr>) {
    let bytes = text.as_bytes();
    // Lex the text once; each candidate's window is cut from these tokens.
    let (toks, cands) = lex_text(text);
    if cands.is_empty() {
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
    for k in cands {
        if (toks[k].s as usize) < cx.last_end {
            continue;
        }
        let c = cx.win.fill(bytes, &toks, k);
        cx.run(c);
    }
}

/// [`find_time_exprs`] as first written: the whole text lexed, candidates
/// picked token by token (reference for the differential tests).
#[cfg(test)]
fn find_time_exprs_ref(text: &str, anchor: Option<NaiveDate>, lean: Lean, out: &mut Vec<TimeExpr>) {
    let bytes = text.as_bytes();
    let (toks, cands) = lex_text_ref(text);
    if cands.is_empty() {
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
    for k in cands {
        if (toks[k].s as usize) < cx.last_end {
            continue;
        }
        let c = cx.win.fill(bytes, &toks, k);
        cx.run(c);
    }
}

/// [`lex_text`] token by token through [`lex::next_token`] (reference for
/// the differential tests).
#[cfg(test)]
fn lex_text_ref(text: &str) -> (Vec<Tok>, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5 + 16);
    let mut cands: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some((tok, next, trig)) = lex::next_token(text, i) {
        i = next;
        if is_candidate(bytes, text, &tok, trig) {
            cands.push(toks.len());
        }
        toks.push(tok);
    }
    (toks, cands)
}
