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

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b";

// ASCII throughout (`-u`: word boundaries, digits, case, spaces): Unicode
// word boundaries make the regex engine leave its DFA on any non-ASCII
// text, and Unicode case folding makes the pattern costly to compile.
// Dates are written in ASCII.
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

/// The named groups of [`DATE_RE`] in the order of their numbers (from 1).
#[cfg(test)]
const DATE_GROUPS: &[&str] = &[
    "iso", "iy", "im", "id", "dmy", "d1", "m1", "y1", "mdy", "m2", "d2", "y2", "my", "m3", "y3",
    "y", "y4",
];
/// Numbers of the alternatives' groups in [`DATE_RE`]; the parts of each
/// follow it in the order written.
const ISO: usize = 1;
const DMY: usize = 5;
const MDY: usize = 9;
const MY: usize = 13;
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

/// The first date written in `s` (ISO, `21 September, 2015`,
/// `Sept. 21, 2015`, `September 2015`, or a bare year).
pub(crate) fn find_date(s: &str) -> Option<DateMatch> {
    let re = DATE_RE.as_ref()?;
    // The DFA finds each match; the slower capture engine then runs on the
    // matched text alone (every alternative ends on a word boundary, so the
    // same alternative matches there).
    for whole in re.find_iter(s) {
        let (start, end) = (whole.start(), whole.end());
        let text = whole.as_str();
        // Four digits alone can only be the bare-year alternative: no
        // capture search needed (most dates found in running text).
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            if let Some(date) = ymd(text, 1, "1") {
                return Some(DateMatch {
                    date,
                    precision: Precision::Year,
                    start,
                    end,
                });
            }
            continue;
        }
        let Some(caps) = re.captures(text) else {
            continue;
        };
        // Groups by number (see `DATE_GROUPS`): a name is a hash lookup.
        let group = |g: usize| caps.get(g).map(|m| m.as_str());
        let found = if caps.get(ISO).is_some() {
            let m: u32 = group(ISO + 2)?.parse().ok()?;
            ymd(group(ISO + 1)?, m, group(ISO + 3)?).map(|d| (d, Precision::Day))
        } else if caps.get(DMY).is_some() {
            month_number(group(DMY + 2)?)
                .and_then(|m| ymd(group(DMY + 3)?, m, group(DMY + 1)?))
                .map(|d| (d, Precision::Day))
        } else if caps.get(MDY).is_some() {
            month_number(group(MDY + 1)?)
                .and_then(|m| ymd(group(MDY + 3)?, m, group(MDY + 2)?))
                .map(|d| (d, Precision::Day))
        } else if caps.get(MY).is_some() {
            month_number(group(MY + 1)?)
                .and_then(|m| ymd(group(MY + 2)?, m, "1"))
                .map(|d| (d, Precision::Month))
        } else {
            group(Y + 1)
                .and_then(|y| ymd(y, 1, "1"))
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
    if let Some(caps) = ISO_VALUE_RE.as_ref().and_then(|re| re.captures(s)) {
        let y = caps.get(1)?.as_str();
        if let Some(m) = caps.get(2) {
            let m: u32 = m.as_str().parse().ok()?;
            return match caps.get(3) {
                Some(d) => ymd(y, m, d.as_str()).map(|d| (d, Precision::Day)),
                None => ymd(y, m, "1").map(|d| (d, Precision::Month)),
            };
        }
        if let (Some(m), Some(d)) = (caps.get(4), caps.get(5)) {
            let m: u32 = m.as_str().parse().ok()?;
            return ymd(y, m, d.as_str()).map(|d| (d, Precision::Day));
        }
        return ymd(y, 1, "1").map(|d| (d, Precision::Year));
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
