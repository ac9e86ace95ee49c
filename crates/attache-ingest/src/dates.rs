//! Publication dates: metadata values (ISO 8601, RFC 3339, RFC 2822, plain
//! written dates) and datelines near the top of an article.

use std::sync::LazyLock;

use attache_types::Precision;
use chrono::{DateTime, Datelike, NaiveDate};
use regex::Regex;

use crate::text::{has_ascii_digit, normalize, Line};

/// How many non-blank lines from the top of an article are searched for a
/// dateline.
pub(crate) const DATELINE_LINES: usize = 12;

#[cfg(test)]
const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b";

/// The dates [`find_date`] finds, as a regex: [`DateScan`] reads it out on
/// bytes, and a test holds the two equal. ASCII throughout (`-u`: word
/// boundaries, digits, case, spaces): dates are written in ASCII.
#[cfg(test)]
static DATE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let p = format!(
        r"(?ix-u)
        (?P<iso>(?-u:\b)(?P<iy>[0-9]{{4}})[-/](?P<im>[0-9]{{1,2}})[-/](?P<id>[0-9]{{1,2}})
            (?:[T\ ][0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}}(?:[.,][0-9]+)?)?\s*(?:Z(?-u:\b)|UTC(?-u:\b)|GMT(?-u:\b)|[+-][0-9]{{2}}:?[0-9]{{2}}(?-u:\b))?)?(?:(?-u:\b)|$))
        |(?P<dmy>(?-u:\b)(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{m})\.?,?\s+(?P<y1>[0-9]{{4}})(?-u:\b))
        |(?P<mdy>(?-u:\b)(?P<m2>{m})\.?\s+(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>[0-9]{{4}})(?-u:\b))
        |(?P<my>(?-u:\b)(?P<m3>{m})\.?,?\s+(?P<y3>[0-9]{{4}})(?-u:\b))
        |(?P<y>(?-u:\b)(?P<y4>(?:19|20)[0-9]{{2}})(?-u:\b))",
        m = MONTH
    );
    Regex::new(&p).ok()
});

/// The named groups of `DATE_RE` in the order of their numbers (from 1).
#[cfg(test)]
const DATE_GROUPS: &[&str] = &[
    "iso", "iy", "im", "id", "dmy", "d1", "m1", "y1", "mdy", "m2", "d2", "y2", "my", "m3", "y3",
    "y", "y4",
];
/// Numbers of the alternatives' groups in `DATE_RE`; the parts of each
/// follow it in the order written.
#[cfg(test)]
const ISO: usize = 1;
#[cfg(test)]
const DMY: usize = 5;
#[cfg(test)]
const MDY: usize = 9;
#[cfg(test)]
const MY: usize = 13;
#[cfg(test)]
const Y: usize = 16;

/// Separators that end a byline before a date.
const BYLINE_ENDS: &[char] = &['|', '•', '·', ',', '–', '—', '-'];

/// End of a byline before a date (`By Jane Doe |`, `By Jane Doe,`): "by",
/// white space, at most 60 characters, a separator. Written out rather than
/// as a regex: the bounded repetition of a Unicode class is costly to
/// compile at every start.
fn byline_end(s: &str) -> Option<usize> {
    let t = s.trim_start();
    let head = t.get(..2)?;
    if !head.eq_ignore_ascii_case("by") {
        return None;
    }
    let after = &t[2..];
    let ws = after.chars().take_while(|c| c.is_whitespace()).count();
    if ws == 0 {
        return None;
    }
    let body = after.trim_start();
    let (n, sep_at) = body
        .char_indices()
        .enumerate()
        .find(|(_, (_, c))| BYLINE_ENDS.contains(c))
        .map(|(n, (i, _))| (n, i))?;
    // "by" + one space at least; the rest of the spaces may be the name's.
    if n > 60 || ws - 1 + n == 0 {
        return None;
    }
    let sep_len = body[sep_at..].chars().next()?.len_utf8();
    Some(s.len() - body.len() + sep_at + sep_len)
}

/// `CAIRO,` / `Geneva,` before the date of a wire dateline: an upper-case
/// letter, 1 to 40 letters, spaces, dots, apostrophes or hyphens, a comma.
fn is_dateline_city(s: &str) -> bool {
    let Some(body) = s.trim().strip_suffix(',') else {
        return false;
    };
    let mut chars = body.chars();
    if !chars.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let mut n = 0;
    for c in chars {
        if !(c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '’' | '-')) {
            return false;
        }
        n += 1;
    }
    (1..=40).contains(&n)
}

/// What may follow the date of a wire dateline: `(Reuters) -`, ` — `, `:`,
/// or nothing.
fn is_dateline_tail(s: &str) -> bool {
    let mut rest = s.trim_start();
    if let Some(inner) = rest.strip_prefix('(') {
        if let Some(close) = inner.find(')') {
            let n = inner[..close].chars().count();
            if (1..=40).contains(&n) {
                rest = inner[close + 1..].trim_start();
            }
        }
    }
    rest.is_empty() || rest.starts_with(['-', '–', '—', ':'])
}

static ISO_VALUE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?|(\d{2})(\d{2}))?(?:[T ].*)?$").ok()
});

/// Words allowed before a date on a date line.
const DATE_KEYWORDS: &[&str] = &[
    "published",
    "posted",
    "updated",
    "last",
    "first",
    "modified",
    "date",
    "dated",
    "filed",
    "created",
    "issued",
    "released",
    "time",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// A date found in a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateMatch {
    pub date: NaiveDate,
    pub precision: Precision,
    pub start: usize,
    pub end: usize,
}

pub(crate) fn month_number(s: &str) -> Option<u32> {
    let s = s.to_ascii_lowercase();
    let m = match s.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn year_ok(y: i32) -> bool {
    (1900..=2100).contains(&y)
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !year_ok(y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The forms of a month `DATE_RE`'s `MONTH` takes (any ASCII case).
const MONTH_FORMS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];

/// A byte range of the text searched.
type Span = (usize, usize);

/// The alternative of `DATE_RE` that matched, with its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateForm {
    /// `2020-12-27`: year, month, day.
    Iso(Span, Span, Span),
    /// `27 December 2020`: day, month, year.
    Dmy(Span, Span, Span),
    /// `December 27, 2020`: month, day, year.
    Mdy(Span, Span, Span),
    /// `December 2020`: month, year.
    My(Span, Span),
    /// `2020`.
    Year(Span),
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// `(?-u:\s)`.
fn is_space_byte(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ')
}

/// `DATE_RE` written out on bytes: its classes, case folding and word
/// boundaries are ASCII (`-u`), so a byte scan matches as it does. At each
/// word start the alternatives are tried in order, and each takes the first
/// way it can match in the regex's order of preference (greedy, optional
/// parts present first): the regex's leftmost-first match. Compiling the
/// regex cost more than the whole search of a corpus of 800 articles.
struct DateScan<'a> {
    b: &'a [u8],
}

impl DateScan<'_> {
    fn word(&self, i: usize) -> bool {
        self.b.get(i).copied().is_some_and(is_word_byte)
    }

    /// `(?-u:\b)` at `i`.
    fn boundary(&self, i: usize) -> bool {
        (i > 0 && self.word(i - 1)) != self.word(i)
    }

    /// `(?:\b|$)` at `i`.
    fn boundary_or_end(&self, i: usize) -> bool {
        i == self.b.len() || self.boundary(i)
    }

    fn count(&self, i: usize, f: impl Fn(u8) -> bool) -> usize {
        self.b
            .get(i..)
            .map_or(0, |r| r.iter().take_while(|&&c| f(c)).count())
    }

    fn digits(&self, i: usize) -> usize {
        self.count(i, |c| c.is_ascii_digit())
    }

    fn spaces(&self, i: usize) -> usize {
        self.count(i, is_space_byte)
    }

    fn is(&self, i: usize, c: u8) -> bool {
        self.b.get(i) == Some(&c)
    }

    /// Whether `lit` (ASCII) is at `i`, in any ASCII case.
    fn lit(&self, i: usize, lit: &str) -> bool {
        self.b
            .get(i..)
            .and_then(|r| r.get(..lit.len()))
            .is_some_and(|h| h.eq_ignore_ascii_case(lit.as_bytes()))
    }

    /// `MONTH` at `i`: every form ends in a letter and is followed by `\b`,
    /// so it is the whole word at `i`.
    fn month(&self, i: usize) -> Option<Span> {
        let end = i + self.count(i, is_word_byte);
        let word = self.b.get(i..end)?;
        MONTH_FORMS
            .iter()
            .any(|f| word.eq_ignore_ascii_case(f.as_bytes()))
            .then_some((i, end))
    }

    /// `(?:st|nd|rd|th)?` at `i`: its length. Taken when there: what must
    /// follow it (white space or a comma) cannot follow without it.
    fn ordinal(&self, i: usize) -> usize {
        if ["st", "nd", "rd", "th"].iter().any(|o| self.lit(i, o)) {
            2
        } else {
            0
        }
    }

    /// `[0-9]{1,2}` at `i` where a non-digit must follow: the whole run.
    fn day(&self, i: usize) -> Option<Span> {
        let n = self.digits(i);
        (1..=2).contains(&n).then_some((i, i + n))
    }

    /// `[0-9]{4}\b` at `i`.
    fn year(&self, i: usize) -> Option<Span> {
        (self.digits(i) >= 4 && self.boundary(i + 4)).then_some((i, i + 4))
    }

    /// `\s+` at `i`: the end of the run (fewer spaces would leave a space
    /// where none of what follows may start).
    fn spaces_after(&self, i: usize) -> Option<usize> {
        let n = self.spaces(i);
        (n > 0).then_some(i + n)
    }

    /// The first match at or after `from`: start, end and form.
    fn next_match(&self, from: usize) -> Option<(usize, usize, DateForm)> {
        for (p, &c) in self.b.iter().enumerate().skip(from) {
            // Every alternative starts with `\b` and a digit or a letter.
            if !is_word_byte(c) || (p > 0 && self.word(p - 1)) {
                continue;
            }
            let found = if c.is_ascii_digit() {
                self.iso(p)
                    .or_else(|| self.dmy(p))
                    .or_else(|| self.bare_year(p))
            } else {
                self.mdy(p).or_else(|| self.my(p))
            };
            if let Some((end, form)) = found {
                return Some((p, end, form));
            }
        }
        None
    }

    /// `[0-9]{4}[-/][0-9]{1,2}[-/][0-9]{1,2}`, an optional time, `(?:\b|$)`.
    fn iso(&self, p: usize) -> Option<(usize, DateForm)> {
        if self.digits(p) < 4 || !matches!(self.b.get(p + 4), Some(b'-' | b'/')) {
            return None;
        }
        let m = self.day(p + 5)?;
        if !matches!(self.b.get(m.1), Some(b'-' | b'/')) {
            return None;
        }
        let d = self.day(m.1 + 1)?;
        let end = match self.time(d.1) {
            Some(end) => end,
            None => Some(d.1).filter(|&e| self.boundary_or_end(e))?,
        };
        Some((end, DateForm::Iso((p, p + 4), m, d)))
    }

    /// `[T\ ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?` and the zone
    /// after it, then `(?:\b|$)`: the end.
    fn time(&self, q: usize) -> Option<usize> {
        if !matches!(self.b.get(q), Some(b'T' | b't' | b' ')) {
            return None;
        }
        let hour = self.day(q + 1)?;
        let i = hour.1;
        if !self.is(i, b':') || self.digits(i + 1) < 2 {
            return None;
        }
        let i = i + 3;
        if self.is(i, b':') && self.digits(i + 1) >= 2 {
            let s = i + 3;
            if matches!(self.b.get(s), Some(b'.' | b',')) {
                // `[0-9]+`, longest first.
                for k in (1..=self.digits(s + 1)).rev() {
                    if let Some(end) = self.zone_tail(s + 1 + k) {
                        return Some(end);
                    }
                }
            }
            if let Some(end) = self.zone_tail(s) {
                return Some(end);
            }
        }
        self.zone_tail(i)
    }

    /// `\s*(?:Z\b|UTC\b|GMT\b|[+-][0-9]{2}:?[0-9]{2}\b)?(?:\b|$)` at `x`:
    /// the end. The spaces are taken longest first.
    fn zone_tail(&self, x: usize) -> Option<usize> {
        for w in (0..=self.spaces(x)).rev() {
            let z = x + w;
            if let Some(end) = self.zone(z).filter(|&e| self.boundary_or_end(e)) {
                return Some(end);
            }
            if self.boundary_or_end(z) {
                return Some(z);
            }
        }
        None
    }

    /// `Z\b|UTC\b|GMT\b|[+-][0-9]{2}:?[0-9]{2}\b` at `z`: the end. They
    /// start differently, and `:?` can match only one way.
    fn zone(&self, z: usize) -> Option<usize> {
        let end = if self.lit(z, "z") {
            z + 1
        } else if self.lit(z, "utc") || self.lit(z, "gmt") {
            z + 3
        } else if matches!(self.b.get(z), Some(b'+' | b'-')) && self.digits(z + 1) >= 2 {
            let i = if self.is(z + 3, b':') { z + 4 } else { z + 3 };
            if self.digits(i) < 2 {
                return None;
            }
            i + 2
        } else {
            return None;
        };
        self.boundary(end).then_some(end)
    }

    /// `[0-9]{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?MONTH\.?,?\s+[0-9]{4}\b`.
    fn dmy(&self, p: usize) -> Option<(usize, DateForm)> {
        let d = self.day(p)?;
        let mut i = self.spaces_after(d.1 + self.ordinal(d.1))?;
        if self.lit(i, "of") {
            if let Some(after) = self.spaces_after(i + 2) {
                i = after;
            }
        }
        let m = self.month(i)?;
        let y = self.year(self.spaces_after(self.punct(m.1, true))?)?;
        Some((y.1, DateForm::Dmy(d, m, y)))
    }

    /// `MONTH\.?\s+[0-9]{1,2}(?:st|nd|rd|th)?,?\s+[0-9]{4}\b`.
    fn mdy(&self, p: usize) -> Option<(usize, DateForm)> {
        let m = self.month(p)?;
        let d = self.day(self.spaces_after(self.punct(m.1, false))?)?;
        let mut i = d.1 + self.ordinal(d.1);
        if self.is(i, b',') {
            i += 1;
        }
        let y = self.year(self.spaces_after(i)?)?;
        Some((y.1, DateForm::Mdy(m, d, y)))
    }

    /// `MONTH\.?,?\s+[0-9]{4}\b`.
    fn my(&self, p: usize) -> Option<(usize, DateForm)> {
        let m = self.month(p)?;
        let y = self.year(self.spaces_after(self.punct(m.1, true))?)?;
        Some((y.1, DateForm::My(m, y)))
    }

    /// `(?:19|20)[0-9]{2}\b`.
    fn bare_year(&self, p: usize) -> Option<(usize, DateForm)> {
        let y = self.year(p)?;
        (self.lit(p, "19") || self.lit(p, "20")).then_some((y.1, DateForm::Year(y)))
    }

    /// `\.?` (and `,?` with `comma`) after a month at `i`: where the
    /// spaces must start. Taken when there: a space cannot stand in their
    /// place.
    fn punct(&self, mut i: usize, comma: bool) -> usize {
        if self.is(i, b'.') {
            i += 1;
        }
        if comma && self.is(i, b',') {
            i += 1;
        }
        i
    }
}

/// The first date written in `s` (ISO, `21 September, 2015`,
/// `Sept. 21, 2015`, `September 2015`, or a bare year).
pub(crate) fn find_date(s: &str) -> Option<DateMatch> {
    let scan = DateScan { b: s.as_bytes() };
    let part = |(a, b): Span| s.get(a..b).unwrap_or_default();
    let mut from = 0;
    // Each match that is no real date (`31 February 2020`) is passed over,
    // and the search goes on after it.
    while let Some((start, end, form)) = scan.next_match(from) {
        from = end;
        let found = match form {
            DateForm::Iso(y, m, d) => {
                let m: u32 = part(m).parse().ok()?;
                ymd(part(y), m, part(d)).map(|d| (d, Precision::Day))
            }
            DateForm::Dmy(d, m, y) | DateForm::Mdy(m, d, y) => month_number(part(m))
                .and_then(|m| ymd(part(y), m, part(d)))
                .map(|d| (d, Precision::Day)),
            DateForm::My(m, y) => month_number(part(m))
                .and_then(|m| ymd(part(y), m, "1"))
                .map(|d| (d, Precision::Month)),
            DateForm::Year(y) => ymd(part(y), 1, "1").map(|d| (d, Precision::Year)),
        };
        if let Some((date, precision)) = found {
            return Some(DateMatch {
                date,
                precision,
                start,
                end,
            });
        }
    }
    None
}

/// The parts of a value [`ISO_VALUE_RE`] matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IsoValue<'a> {
    /// `YYYY-M`, `YYYY-MM-DD`: year, month, day.
    Dashed(&'a str, &'a str, Option<&'a str>),
    /// `YYYYMMDD`: year, month, day.
    Compact(&'a str, &'a str, &'a str),
    Year(&'a str),
}

/// [`ISO_VALUE_RE`]'s match of `s`. An ASCII value (all but a few) is read
/// by [`iso_value_ascii`]; the regex, whose `\d` takes any Unicode digit,
/// is compiled only for another.
fn iso_value(s: &str) -> Option<IsoValue<'_>> {
    if s.is_ascii() {
        iso_value_ascii(s)
    } else {
        iso_value_by_regex(s)
    }
}

fn iso_value_by_regex(s: &str) -> Option<IsoValue<'_>> {
    let caps = ISO_VALUE_RE.as_ref()?.captures(s)?;
    let y = caps.get(1)?.as_str();
    Some(if let Some(m) = caps.get(2) {
        IsoValue::Dashed(y, m.as_str(), caps.get(3).map(|d| d.as_str()))
    } else if let (Some(m), Some(d)) = (caps.get(4), caps.get(5)) {
        IsoValue::Compact(y, m.as_str(), d.as_str())
    } else {
        IsoValue::Year(y)
    })
}

/// [`ISO_VALUE_RE`] written out for an ASCII `s`: its ways to match tried
/// in the regex's order (the dashed form, longest parts first; the compact
/// form; the year alone), each followed by `(?:[T ].*)?$`.
fn iso_value_ascii(s: &str) -> Option<IsoValue<'_>> {
    let b = s.as_bytes();
    let digits = |i: usize, n: usize| {
        b.get(i..)
            .and_then(|r| r.get(..n))
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    // `(?:[T ].*)?$`: `.` takes anything but a line feed.
    let rest_ok = |i: usize| match b.get(i..) {
        Some([]) => true,
        Some([c, rest @ ..]) => matches!(c, b'T' | b' ') && !rest.contains(&b'\n'),
        None => false,
    };
    if !digits(0, 4) {
        return None;
    }
    let y = s.get(..4)?;
    if b.get(4) == Some(&b'-') {
        for m_len in [2, 1] {
            if !digits(5, m_len) {
                continue;
            }
            let i = 5 + m_len;
            let m = s.get(5..i)?;
            if b.get(i) == Some(&b'-') {
                for d_len in [2, 1] {
                    if digits(i + 1, d_len) && rest_ok(i + 1 + d_len) {
                        return Some(IsoValue::Dashed(y, m, s.get(i + 1..i + 1 + d_len)));
                    }
                }
            }
            if rest_ok(i) {
                return Some(IsoValue::Dashed(y, m, None));
            }
        }
    }
    if digits(4, 4) && rest_ok(8) {
        return Some(IsoValue::Compact(y, s.get(4..6)?, s.get(6..8)?));
    }
    rest_ok(4).then_some(IsoValue::Year(y))
}

/// A record's own publication date (a JSON Lines `published` field, a
/// `WARC-Date`), as [`parse_date_value`] reads it.
pub(crate) fn record_published(value: &str) -> Option<attache_types::Published> {
    parse_date_value(value).map(|(date, precision)| attache_types::Published {
        date,
        precision,
        found: attache_types::PublishedFound::Record,
        text: None,
    })
}

/// Parses a metadata value: RFC 3339 / ISO 8601 date or date-time (the date
/// as written, not converted to UTC), `YYYYMMDD`, `YYYY-MM`, `YYYY`,
/// RFC 2822, or a written date such as `December 27, 2020`.
pub fn parse_date_value(s: &str) -> Option<(NaiveDate, Precision)> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        let d = dt.date_naive();
        return year_ok(d.year()).then_some((d, Precision::Day));
    }
    if let Some(value) = iso_value(s) {
        return match value {
            IsoValue::Dashed(y, m, d) => {
                let m: u32 = m.parse().ok()?;
                match d {
                    Some(d) => ymd(y, m, d).map(|d| (d, Precision::Day)),
                    None => ymd(y, m, "1").map(|d| (d, Precision::Month)),
                }
            }
            IsoValue::Compact(y, m, d) => {
                let m: u32 = m.parse().ok()?;
                ymd(y, m, d).map(|d| (d, Precision::Day))
            }
            IsoValue::Year(y) => ymd(y, 1, "1").map(|d| (d, Precision::Year)),
        };
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        let d = dt.date_naive();
        return year_ok(d.year()).then_some((d, Precision::Day));
    }
    let m = find_date(s)?;
    // a bare year somewhere inside a longer value is not a date value
    if m.precision == Precision::Year && m.end - m.start + 2 < s.len() {
        return None;
    }
    Some((m.date, m.precision))
}

fn prefix_is_date_label(prefix: &str) -> bool {
    let rest = match byline_end(prefix) {
        Some(end) => prefix.get(end..).unwrap_or(""),
        None => prefix,
    };
    let mut keyword = false;
    let mut filler = false;
    for word in rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_lowercase();
        if DATE_KEYWORDS.contains(&w.as_str()) {
            keyword = true;
        } else if w == "on" || w == "at" {
            filler = true;
        } else {
            return false;
        }
    }
    // "On 3 March 2021, ..." starts a sentence, not a date line
    !filler || keyword
}

/// Whether the date `m` found in `line` makes it a date line or dateline
/// (rather than a date mentioned in running text).
/// Whether a line is a date line or opens with a dateline. Only the head of
/// the line can hold one (after a label or a city), so only the head is
/// searched, and only when it has a digit: this runs on every line.
pub(crate) fn line_is_dateline(line: &str) -> bool {
    let head = line_head(line);
    has_ascii_digit(head)
        && may_be_dateline(line)
        && find_date(head).is_some_and(|m| is_dateline(line, &m))
}

/// Whether `line` can be a date line or dateline by what [`is_dateline`]
/// asks of the text before the date, read from the line's start alone: it
/// opens with a byline (`By …`), a city (`CAIRO, `), or a first word that
/// is, or starts like, a date label, a month or a number. Most lines with a
/// digit open otherwise, and need no date search.
fn may_be_dateline(line: &str) -> bool {
    let t = line.trim_start();
    if t.get(..2).is_some_and(|h| h.eq_ignore_ascii_case("by"))
        && t.get(2..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_whitespace)
    {
        return true;
    }
    if opens_with_city(t) {
        return true;
    }
    // With no byline or city, the text before the date has no word (the
    // date starts the first word) or starts with a label word; the first
    // word starts there either way. A date starts with an ASCII digit or a
    // month; a word that `to_lowercase` makes a label is ASCII letters.
    let Some(p) = t.find(char::is_alphanumeric) else {
        return false;
    };
    let w = t.get(p..).unwrap_or_default();
    may_start_date(w)
        || ["on", "at"].iter().chain(DATE_KEYWORDS).any(|k| {
            w.as_bytes()
                .get(..k.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(k.as_bytes()))
        })
}

/// Whether `t` opens as [`is_dateline_city`] asks of the text before a
/// date (an upper-case letter, 1 to 40 of its characters, a comma) with
/// nothing but white space before what could start a date.
fn opens_with_city(t: &str) -> bool {
    let mut chars = t.char_indices();
    if !chars.next().is_some_and(|(_, c)| c.is_uppercase()) {
        return false;
    }
    // `n`: the characters read after the first.
    for (n, (i, c)) in chars.enumerate() {
        if c == ',' {
            return n >= 1 && may_start_date(t.get(i + 1..).unwrap_or_default().trim_start());
        }
        if n == 40 || !(c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '’' | '-')) {
            return false;
        }
    }
    false
}

/// Whether `w` starts with an ASCII digit or the first three letters of a
/// month, as every date [`find_date`] finds does.
fn may_start_date(w: &str) -> bool {
    let w = w.as_bytes();
    w.first().is_some_and(u8::is_ascii_digit)
        || w.get(..3).is_some_and(|h| {
            MONTH_STARTS
                .iter()
                .any(|m| h.eq_ignore_ascii_case(m.as_bytes()))
        })
}

const MONTH_STARTS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The first 120 bytes of a line (on a character boundary): where a date
/// line's date or a dateline stands.
fn line_head(line: &str) -> &str {
    let mut cut = line.len().min(120);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    &line[..cut]
}

pub(crate) fn is_dateline(line: &str, m: &DateMatch) -> bool {
    let prefix = line.get(..m.start).unwrap_or("");
    let suffix = line.get(m.end..).unwrap_or("");
    let label = prefix_is_date_label(prefix);
    match m.precision {
        Precision::Day => label || (is_dateline_city(prefix) && is_dateline_tail(suffix)),
        _ => {
            label
                && suffix
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .is_empty()
        }
    }
}

/// A publication date read from the text of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextDate {
    pub date: NaiveDate,
    pub precision: Precision,
    /// The words it was read from.
    pub words: String,
    /// Index (into the lines given) of the line it was found on.
    pub line: usize,
    /// When the date is a scraper prefix (`date 2020-12-27 Text…`), the byte
    /// offset where the real text of the line starts.
    pub strip_to: Option<usize>,
}

/// Looks for a date line or dateline in the first non-blank lines.
pub(crate) fn find_text_date(src: &str, lines: &[Line]) -> Option<TextDate> {
    for (i, line) in lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_blank())
        .take(DATELINE_LINES)
    {
        let text = line.text(src);
        let head = line_head(text);
        // Every form of date has an ASCII digit: most lines need no search.
        if !has_ascii_digit(head) || !may_be_dateline(text) {
            continue;
        }
        let Some(m) = find_date(head) else {
            continue;
        };
        if !is_dateline(text, &m) {
            continue;
        }
        let prefix = text.get(..m.start).unwrap_or("");
        let suffix = text.get(m.end..).unwrap_or("");
        let strip_to = (normalize(prefix).eq_ignore_ascii_case("date")
            && !suffix.trim().is_empty())
        .then(|| {
            let lead = suffix.len() - suffix.trim_start().len();
            line.start + m.end + lead
        });
        return Some(TextDate {
            date: m.date,
            precision: m.precision,
            words: normalize(text.get(m.start..m.end).unwrap_or("")),
            line: i,
            strip_to,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::split_lines;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn regexes_compile() {
        assert!(DATE_RE.is_some());
        assert!(ISO_VALUE_RE.is_some());
        let names: Vec<Option<&str>> = DATE_RE
            .as_ref()
            .map(|re| re.capture_names().collect())
            .unwrap_or_default();
        let expected: Vec<Option<&str>> = std::iter::once(None)
            .chain(DATE_GROUPS.iter().map(|&n| Some(n)))
            .collect();
        assert_eq!(names, expected);
        assert_eq!(DATE_GROUPS[ISO - 1], "iso");
        assert_eq!(DATE_GROUPS[DMY - 1], "dmy");
        assert_eq!(DATE_GROUPS[MDY - 1], "mdy");
        assert_eq!(DATE_GROUPS[MY - 1], "my");
        assert_eq!(DATE_GROUPS[Y - 1], "y");
    }

    /// `find_date` as first written: every match read by group names.
    fn reference_find_date(s: &str) -> Option<DateMatch> {
        let re = DATE_RE.as_ref()?;
        for whole in re.find_iter(s) {
            let (start, end) = (whole.start(), whole.end());
            let Some(caps) = re.captures(whole.as_str()) else {
                continue;
            };
            let found = if caps.name("iso").is_some() {
                let m: u32 = caps.name("im")?.as_str().parse().ok()?;
                ymd(caps.name("iy")?.as_str(), m, caps.name("id")?.as_str())
                    .map(|d| (d, Precision::Day))
            } else if caps.name("dmy").is_some() {
                month_number(caps.name("m1")?.as_str())
                    .and_then(|m| ymd(caps.name("y1")?.as_str(), m, caps.name("d1")?.as_str()))
                    .map(|d| (d, Precision::Day))
            } else if caps.name("mdy").is_some() {
                month_number(caps.name("m2")?.as_str())
                    .and_then(|m| ymd(caps.name("y2")?.as_str(), m, caps.name("d2")?.as_str()))
                    .map(|d| (d, Precision::Day))
            } else if caps.name("my").is_some() {
                month_number(caps.name("m3")?.as_str())
                    .and_then(|m| ymd(caps.name("y3")?.as_str(), m, "1"))
                    .map(|d| (d, Precision::Month))
            } else {
                caps.name("y4")
                    .and_then(|y| ymd(y.as_str(), 1, "1"))
                    .map(|d| (d, Precision::Year))
            };
            if let Some((date, precision)) = found {
                return Some(DateMatch {
                    date,
                    precision,
                    start,
                    end,
                });
            }
        }
        None
    }

    /// Every line `is_dateline` accepts passes `may_be_dateline`, on
    /// fixtures and generated lines; most other lines with a digit fail it.
    #[test]
    fn dateline_opening_test_drops_no_dateline() {
        let words = [
            "By",
            "by",
            "BY",
            "Jane",
            "Doe",
            " ",
            "  ",
            "\u{a0}",
            "|",
            ",",
            "•",
            "-",
            "—",
            ":",
            "Published",
            "updated",
            "On",
            "on",
            "at",
            "At",
            "Cairo",
            "CAIRO",
            "São",
            "Paulo",
            "O’Neil",
            "St.",
            "É",
            "é",
            "ß",
            "(Reuters)",
            "(",
            ")",
            "2020-12-27",
            "27",
            "December",
            "Dec.",
            "2020",
            "1999",
            "12:30",
            "GMT",
            "Monday",
            "Mon",
            "Sept.",
            "The",
            "talks",
            "x_",
            "_",
            "Jr.",
            "date",
            "“",
            "’",
            "ǅ",
            "Ⓐ",
            "٣",
            "Mark",
            "Office",
        ];
        let mut cases: Vec<String> = crate::clean::tests::fixture_lines();
        let mut next = crate::test_rng(0x27bb_2ee6_87b0_b0fdu64);
        for _ in 0..40_000 {
            let n = 1 + (next() % 9) as usize;
            let joiner = if next().is_multiple_of(4) { "" } else { " " };
            let s: Vec<&str> = (0..n)
                .map(|_| words[(next() % words.len() as u64) as usize])
                .collect();
            cases.push(s.join(joiner));
        }
        let (mut datelines, mut skipped) = (0, 0);
        for c in &cases {
            let head = line_head(c);
            let full = find_date(head).is_some_and(|m| is_dateline(c, &m));
            if full {
                assert!(may_be_dateline(c), "{c:?}");
                datelines += 1;
            } else if has_ascii_digit(head) && !may_be_dateline(c) {
                skipped += 1;
            }
        }
        assert!(datelines > 1000 && skipped > 1000, "{datelines} {skipped}");
    }

    #[test]
    fn find_date_as_first_written() {
        let words = [
            "2020",
            "1999",
            "2517",
            "1850",
            "12",
            "3",
            "31",
            "-",
            "/",
            "12-27",
            "2020-13-01",
            "2021-02-29",
            "T10:30",
            " ",
            ", ",
            "Sept.",
            "September",
            "may",
            "Dec",
            "of",
            "21st",
            "2nd",
            "in",
            "x",
            "é",
            "UTC",
            "+02:00",
            "20201",
            "'",
            ".",
            "19",
            "20",
        ];
        let mut cases: Vec<String> = crate::clean::tests::fixture_lines();
        let mut next = crate::test_rng(0x5851_f42d_4c95_7f2du64);
        for _ in 0..20_000 {
            let n = 1 + (next() % 8) as usize;
            cases.push(
                (0..n)
                    .map(|_| words[(next() % words.len() as u64) as usize])
                    .collect(),
            );
        }
        let mut years = 0;
        for c in &cases {
            let found = find_date(c);
            assert_eq!(found, reference_find_date(c), "{c:?}");
            years += usize::from(found.is_some_and(|m| m.end - m.start == 4));
        }
        assert!(years > 1000, "{years}");
    }

    /// The byte scan finds the matches the regex finds, one by one, with
    /// the same spans, on generated text heavy in the parts where the regex
    /// has choices (times, zones, fractions, ordinals, punctuation).
    #[test]
    fn date_scan_matches_as_regex() {
        let words = [
            "2020",
            "1999",
            "12345",
            "2020-12-27",
            "2020/1/5",
            "2021-02-29",
            "2020-123-1",
            "T10:30",
            "t9:05",
            " 10:30",
            "T10:3",
            "T101:30",
            ":00",
            ":5",
            ".5",
            ",123",
            ".",
            ",",
            " ",
            "  ",
            "\t",
            "\n",
            "\u{b}",
            "\u{a0}",
            "Z",
            "z",
            "UTC",
            "gmt",
            "GMTx",
            "+02:00",
            "-0500",
            "+02:0",
            "+2",
            "x",
            "_",
            "T",
            "é",
            "12",
            "3",
            "31",
            "1st",
            "2ND",
            "3rd",
            "4th",
            "4TH",
            "of",
            "OF",
            "ofJan",
            "Sept",
            "SEPT.",
            "sep",
            "Septe",
            "September",
            "june",
            "Jun.",
            "MAY",
            "mayday",
            "December,",
            "dec",
            "Janu",
            "-",
            "/",
            "1900",
            "2099",
            "2100",
            "19",
            "20",
            "0",
            "00",
        ];
        let re = DATE_RE.as_ref().unwrap();
        let mut cases: Vec<String> = crate::clean::tests::fixture_lines();
        let mut next = crate::test_rng(0x1405_7b7e_f767_814fu64);
        let times = [
            "T10:30", "t9:05", " 10:30", "T1:30", ":00", ":5", ":59", ".5", ",123", ".", ",", " ",
            "  ", "Z", "z", "UTC", "gmt", "+02:00", "-0500", "+02:0", "x", "_", "-", "0", "\n",
        ];
        for _ in 0..60_000 {
            let n = 1 + (next() % 7) as usize;
            let joiner = ["", " ", ""][(next() % 3) as usize];
            let parts: Vec<&str> = (0..n)
                .map(|_| words[(next() % words.len() as u64) as usize])
                .collect();
            cases.push(parts.join(joiner));
            // an ISO date and a run of time parts
            let mut t =
                String::from(["2020-12-27", "x 2020/1/5", "1999-1-31"][(next() % 3) as usize]);
            for _ in 0..(next() % 7) {
                t.push_str(times[(next() % times.len() as u64) as usize]);
            }
            cases.push(t);
        }
        let (mut matches, mut timed) = (0, 0);
        for c in &cases {
            let scan = DateScan { b: c.as_bytes() };
            let mut from = 0;
            let mut got = Vec::new();
            while let Some((start, end, _)) = scan.next_match(from) {
                got.push((start, end));
                from = end;
            }
            let want: Vec<(usize, usize)> = re.find_iter(c).map(|m| (m.start(), m.end())).collect();
            assert_eq!(got, want, "{c:?}");
            assert_eq!(find_date(c), reference_find_date(c), "{c:?}");
            matches += got.len();
            timed += usize::from(got.iter().any(|&(a, b)| c[a..b].contains(':')));
        }
        assert!(matches > 20_000 && timed > 2_000, "{matches} {timed}");
    }

    /// The ASCII reading of a metadata value agrees with the regex on
    /// generated values, matched or not.
    #[test]
    fn iso_value_as_regex() {
        let words = [
            "2020", "20201227", "1", "12", "123", "-", "--", "T", "t", " ", "10:00", "\n", "x",
            "Z", "0", "99", "2020-12", "-1", "-01", "+03:00", ".", "2",
        ];
        let mut cases: Vec<String> = Vec::new();
        let mut next = crate::test_rng(0x9fb2_1c65_1e98_df25u64);
        for _ in 0..40_000 {
            let n = 1 + (next() % 6) as usize;
            let head = if next().is_multiple_of(4) { "" } else { "2020" };
            cases.push(
                std::iter::once(head)
                    .chain((0..n).map(|_| words[(next() % words.len() as u64) as usize]))
                    .collect(),
            );
        }
        let mut matched = 0;
        for c in &cases {
            let got = iso_value_ascii(c);
            assert_eq!(got, iso_value_by_regex(c), "{c:?}");
            matched += usize::from(got.is_some());
        }
        assert!(matched > 3_000, "{matched}");
        // Unicode digits go to the regex.
        assert_eq!(iso_value("٢٠٢٠"), iso_value_by_regex("٢٠٢٠"));
        assert!(iso_value("٢٠٢٠").is_some());
        assert_eq!(parse_date_value("٢٠٢٠"), None);
    }

    /// The written-out dateline checks agree with the patterns they replace.
    #[test]
    fn dateline_parts_match_their_patterns() {
        let byline = Regex::new(r"(?i)^\s*by\s+[^|•·,–—\-]{1,60}[|•·,–—\-]").unwrap();
        let city = Regex::new(r"^\s*\p{Lu}[\p{L} .'’\-]{1,40},\s*$").unwrap();
        let tail = Regex::new(r"^\s*(?:\([^)]{1,40}\))?\s*(?:[-–—:]|$)").unwrap();
        let long = "x".repeat(61);
        let cases = [
            "By Jane Doe | ",
            "  by Jane Doe, 12 May",
            "BY  | x",
            "by |",
            "by  |",
            "By ",
            "Bystander | x",
            "by Jane",
            "by Ahmed el-Sayed — Cairo",
            "CAIRO,",
            "  Geneva, ",
            "Port-au-Prince,",
            "cairo,",
            "Cairo",
            "Cairo,x",
            "São Tomé,",
            "N'Djamena,",
            "A,",
            " (Reuters) -",
            "(AP) — The",
            ": said",
            "",
            "   ",
            "(Reuters) said",
            "() -",
            "(unclosed -",
            "- x",
            "x -",
        ];
        let mut all: Vec<String> = cases.iter().map(|c| c.to_string()).collect();
        all.push(format!("by {long} |"));
        all.push(format!("by {} |", &long[..59]));
        all.push(format!("C{},", &long[..40]));
        all.push(format!("C{},", &long[..39]));
        all.push(format!("({}) -", &long[..41]));
        for c in &all {
            assert_eq!(
                byline_end(c),
                byline.find(c).map(|m| m.end()),
                "byline {c:?}"
            );
            assert_eq!(is_dateline_city(c), city.is_match(c), "city {c:?}");
            assert_eq!(is_dateline_tail(c), tail.is_match(c), "tail {c:?}");
        }
    }

    #[test]
    fn written_forms() {
        let cases = [
            ("21 September, 2015", d(2015, 9, 21), Precision::Day),
            ("September 21, 2015", d(2015, 9, 21), Precision::Day),
            ("Sept. 21, 2015", d(2015, 9, 21), Precision::Day),
            ("21 Sep 2015", d(2015, 9, 21), Precision::Day),
            ("3rd of March 2021", d(2021, 3, 3), Precision::Day),
            ("2020-12-27", d(2020, 12, 27), Precision::Day),
            ("2020-12-27T10:00:00Z", d(2020, 12, 27), Precision::Day),
            ("March 2019", d(2019, 3, 1), Precision::Month),
            ("2015", d(2015, 1, 1), Precision::Year),
        ];
        for (s, date, p) in cases {
            let m = find_date(s);
            assert_eq!(
                m.as_ref().map(|m| (m.date, m.precision)),
                Some((date, p)),
                "{s}"
            );
            assert_eq!(m.map(|m| (m.start, m.end)), Some((0, s.len())), "{s}");
        }
        // an impossible day is no date (the year inside it is not looked at again)
        assert_eq!(find_date("31 February 2020"), None);
        assert!(find_date("no date here, 12 apples").is_none());
    }

    #[test]
    fn metadata_values() {
        let day = Some((d(2020, 12, 27), Precision::Day));
        assert_eq!(parse_date_value("2020-12-27"), day);
        assert_eq!(parse_date_value("2020-12-27T23:30:00+03:00"), day);
        assert_eq!(parse_date_value("2020-12-27T10:00:00.123Z"), day);
        assert_eq!(parse_date_value("2020-12-27 10:00:00"), day);
        assert_eq!(parse_date_value("20201227"), day);
        assert_eq!(parse_date_value("Sun, 27 Dec 2020 10:00:00 +0000"), day);
        assert_eq!(parse_date_value("Sun, 27 Dec 2020 10:00:00 GMT"), day);
        assert_eq!(parse_date_value("December 27, 2020"), day);
        assert_eq!(
            parse_date_value("2020-12"),
            Some((d(2020, 12, 1), Precision::Month))
        );
        assert_eq!(
            parse_date_value("2020"),
            Some((d(2020, 1, 1), Precision::Year))
        );
        assert_eq!(parse_date_value("yesterday"), None);
        assert_eq!(parse_date_value("2020-13-40"), None);
        assert_eq!(parse_date_value(""), None);
    }

    fn dateline(s: &str) -> Option<NaiveDate> {
        let m = find_date(s)?;
        is_dateline(s, &m).then_some(m.date)
    }

    #[test]
    fn datelines() {
        assert_eq!(dateline("21 September, 2015"), Some(d(2015, 9, 21)));
        assert_eq!(
            dateline("date 2020-12-27 Officials met in the capital."),
            Some(d(2020, 12, 27))
        );
        assert_eq!(
            dateline("FILED - 29 November 2020, Switzerland, Geneva: a man speaks."),
            Some(d(2020, 11, 29))
        );
        assert_eq!(
            dateline("Published: 2020-12-27T10:00:00Z"),
            Some(d(2020, 12, 27))
        );
        assert_eq!(dateline("Posted on March 3, 2021"), Some(d(2021, 3, 3)));
        assert_eq!(
            dateline("By Jane Roe | Tuesday 2 March 2021"),
            Some(d(2021, 3, 2))
        );
        assert_eq!(
            dateline("GENEVA, Nov 29, 2020 (Reuters) - The envoy said"),
            Some(d(2020, 11, 29))
        );
        assert_eq!(dateline("Updated September 2015"), Some(d(2015, 9, 1)));
        // dates in running text are not datelines
        assert_eq!(dateline("On 3 March 2021, the two sides met."), None);
        assert_eq!(dateline("The ministers met on 3 March 2021 in Rome."), None);
        assert_eq!(dateline("March 2019 saw new talks."), None);
        assert_eq!(dateline("They met in 2019 in Cairo"), None);
    }

    #[test]
    fn text_date_strips_scraper_prefix() {
        let src = "\n date 2020-12-27 Officials met today.\nMore.";
        let lines = split_lines(src);
        let td = find_text_date(src, &lines);
        let td = td.unwrap_or_else(|| panic!("no date"));
        assert_eq!(td.date, d(2020, 12, 27));
        assert_eq!(td.words, "2020-12-27");
        assert_eq!(td.line, 1);
        assert_eq!(
            src.get(td.strip_to.unwrap_or(0)..),
            Some("Officials met today.\nMore.")
        );
    }
}
