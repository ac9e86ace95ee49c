//! Cleaning shared by every format: boilerplate lines, repeated lines,
//! hard-wrapped lines, paragraphs, and the metadata read from the text.
//!
//! Layout of a cleaned text: paragraphs separated by exactly `"\n\n"`, no
//! other line breaks, white space inside a paragraph collapsed to single
//! spaces, no leading or trailing white space.

use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::sync::LazyLock;

use attache_types::{Document, InputMap, Origin, Published, PublishedFound};
use regex::Regex;

use crate::dates::{find_text_date, line_is_dateline, TextDate};
use crate::text::{compose, normalized, split_lines, Line, TextOut};
use crate::{split, IngestOptions, Meta};

/// Lines dropped wherever they appear, matched case-insensitively against the
/// whole line (white space collapsed). The one list of boilerplate lines:
/// `boilerplate_written_out` spells it out, and a test holds the two equal.
pub const BOILERPLATE_LINES: &[&str] = &[
    r"share(?:\s+(?:this|on|via)\b.{0,40})?[.:!]?",
    r"exit mobile version",
    r"\d+\s*min(?:ute)?s?\.?\s*read",
    r"sources?(?::.{0,40})?",
    r"tt",
    r"advertisements?",
    r"advertisement\s*-\s*scroll to continue",
    r"read more\b.*",
    r"read also\b.{0,160}",
    r"related(?:\s+(?:articles|stories|posts|news|content|coverage))?:?",
    r"follow us on\b.*",
    r"(?:copyright\b|©).{0,80}",
    r"all rights reserved\b.*",
    r"sign up\b.*newsletter.*",
    r"subscribe to (?:our|the) newsletter.*",
    r"click here\b.*",
    r"(?:photo|image|picture)s?(?:\s+credits?)?\s*(?::|\bby\b)[^.]{0,60}\.?",
    r"(?:translated|translation) by\b.{0,60}",
    r"print",
    r"e-?mail",
    r"tweet",
    r"facebook",
    r"twitter",
    r"whatsapp",
    r"linkedin",
    r"telegram",
    r"reddit",
    r"pinterest",
    r"copy link",
    r"comments?",
    r"\d+\s+comments?",
    r"loading\s*(?:\.{0,3}|…)",
    r"skip to (?:main )?content",
    r"back to top",
];

/// Patterns of [`BOILERPLATE_LINES`] whose `.{0,N}` tail is checked by
/// counting characters: a bounded repetition of a Unicode class is the
/// costliest part of the regex to compile at every start. Each: the pattern,
/// itself with the tail as `(.*)`, N, and whether one of `.:!` may follow the
/// tail. Each has one way to match a line, so the group is the tail.
const COUNTED_TAILS: &[(&str, &str, usize, bool)] = &[
    (
        r"share(?:\s+(?:this|on|via)\b.{0,40})?[.:!]?",
        r"share(?:\s+(?:this|on|via)\b(.*))?[.:!]?",
        40,
        true,
    ),
    (r"sources?(?::.{0,40})?", r"sources?(?::(.*))?", 40, false),
    (r"read also\b.{0,160}", r"read also\b(.*)", 160, false),
    (
        r"(?:copyright\b|©).{0,80}",
        r"(?:copyright\b|©)(.*)",
        80,
        false,
    ),
    (
        r"(?:translated|translation) by\b.{0,60}",
        r"(?:translated|translation) by\b(.*)",
        60,
        false,
    ),
];

fn whole_line_regex<'a>(patterns: impl Iterator<Item = &'a str>) -> Option<Regex> {
    let alternation = patterns
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    // Matched against the ASCII-lower-cased line: Unicode case folding would
    // make this the costliest pattern to compile at start-up.
    Regex::new(&format!("^(?:{alternation})$")).ok()
}

/// The boilerplate patterns but those of [`COUNTED_TAILS`].
static BOILERPLATE_RE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    whole_line_regex(
        BOILERPLATE_LINES
            .iter()
            .copied()
            .filter(|p| !COUNTED_TAILS.iter().any(|t| t.0 == *p)),
    )
});

/// [`COUNTED_TAILS`] with unbounded tails; group `i + 1` is tail `i`.
static COUNTED_TAILS_RE: LazyLock<Option<Regex>> =
    LazyLock::new(|| whole_line_regex(COUNTED_TAILS.iter().map(|t| t.1)));

/// Whether an (ASCII-lower-cased) line matches one of [`COUNTED_TAILS`].
fn matches_counted_tail(line: &str) -> bool {
    let Some(caps) = COUNTED_TAILS_RE.as_ref().and_then(|re| re.captures(line)) else {
        return false;
    };
    for (i, &(_, _, max, punct)) in COUNTED_TAILS.iter().enumerate() {
        if let Some(g) = caps.get(i + 1) {
            // The tail runs to the end of the line (`(.*)` is followed by `$`).
            let tail = line.get(g.start()..).unwrap_or_default();
            let n = tail.chars().count();
            return n <= max || (punct && n == max + 1 && tail.ends_with(['.', ':', '!']));
        }
    }
    // Matched without a tail ("share", "sources").
    true
}

/// Longest line tested for boilerplate.
const MAX_BOILERPLATE_BYTES: usize = 300;

/// `s` without the ASCII word `lit` at its start (any ASCII case).
fn strip_ci<'a>(s: &'a str, lit: &str) -> Option<&'a str> {
    let head = s.as_bytes().get(..lit.len())?;
    if head.eq_ignore_ascii_case(lit.as_bytes()) {
        s.get(lit.len()..)
    } else {
        None
    }
}

/// Whether `s` is `lit` (any ASCII case).
fn eq_ci(s: &str, lit: &str) -> bool {
    s.eq_ignore_ascii_case(lit)
}

/// `s` without its leading `\s*` (Unicode white space, as the regex reads
/// it) and whether there was any.
fn skip_space(s: &str) -> (&str, bool) {
    let rest = s.trim_start_matches(char::is_whitespace);
    (rest, rest.len() < s.len())
}

/// Whether `\b` holds before `rest`, after an ASCII word character; `None`
/// for a character that needs the Unicode word tables.
fn boundary(rest: &str) -> Option<bool> {
    let Some(c) = rest.chars().next() else {
        return Some(true);
    };
    if c.is_ascii() {
        return Some(!(c.is_ascii_alphanumeric() || c == '_'));
    }
    if c.is_whitespace() || ('\u{2010}'..='\u{2027}').contains(&c) || matches!(c, '©' | '«' | '»')
    {
        return Some(true);
    }
    if c.is_alphabetic() {
        return Some(false);
    }
    None
}

/// `\b.*` to the end: a boundary, then no line break.
fn boundary_then_line(rest: &str) -> Option<bool> {
    Some(boundary(rest)? && !rest.contains('\n'))
}

/// Whether `tail` is `.{0,max}` (or, with `punct`, `.{0,max}[.:!]?`).
fn counted(tail: &str, max: usize, punct: bool) -> bool {
    if tail.contains('\n') {
        return false;
    }
    let n = tail.chars().count();
    n <= max || (punct && n == max + 1 && tail.ends_with(['.', ':', '!']))
}

/// `\b` then a counted tail.
fn boundary_then_counted(rest: &str, max: usize) -> Option<bool> {
    Some(boundary(rest)? && counted(rest, max, false))
}

/// [`BOILERPLATE_LINES`] written out, on a trimmed line of at most
/// [`MAX_BOILERPLATE_BYTES`] (any ASCII case: the regex sees it ASCII
/// lower-cased). `None` where the answer turns on a Unicode class only the
/// regex knows (digits and word characters beyond ASCII): rare, and the
/// regex decides those. Most lines are decided by their first byte.
fn boilerplate_written_out(line: &str) -> Option<bool> {
    let Some(&first) = line.as_bytes().first() else {
        return Some(false);
    };
    // The patterns that share a first letter start with different words,
    // so at most one of them can match a line.
    match first.to_ascii_lowercase() {
        b'0'..=b'9' => counted_digits(line),
        b'a' => {
            if let Some(r) = strip_ci(line, "advertisement") {
                if r.is_empty() || eq_ci(r, "s") {
                    return Some(true);
                }
                let r = skip_space(r).0.strip_prefix('-');
                return Some(r.is_some_and(|r| eq_ci(skip_space(r).0, "scroll to continue")));
            }
            strip_ci(line, "all rights reserved").map_or(Some(false), boundary_then_line)
        }
        b'b' => Some(eq_ci(line, "back to top")),
        b'c' => {
            if let Some(r) = strip_ci(line, "click here") {
                return boundary_then_line(r);
            }
            if let Some(r) = strip_ci(line, "copyright") {
                return boundary_then_counted(r, 80);
            }
            Some(eq_ci(line, "comment") || eq_ci(line, "comments") || eq_ci(line, "copy link"))
        }
        b'e' => Some(
            eq_ci(line, "email") || eq_ci(line, "e-mail") || eq_ci(line, "exit mobile version"),
        ),
        b'f' => {
            if eq_ci(line, "facebook") {
                return Some(true);
            }
            strip_ci(line, "follow us on").map_or(Some(false), boundary_then_line)
        }
        b'i' => credit(line),
        b'l' => Some(
            eq_ci(line, "linkedin")
                || strip_ci(line, "loading")
                    .is_some_and(|r| matches!(skip_space(r).0, "" | "." | ".." | "..." | "…")),
        ),
        b'p' => {
            if eq_ci(line, "print") || eq_ci(line, "pinterest") {
                return Some(true);
            }
            credit(line)
        }
        b'r' => {
            if eq_ci(line, "reddit") {
                return Some(true);
            }
            if let Some(r) = strip_ci(line, "related") {
                return Some(related_tail(r));
            }
            let Some(r) = strip_ci(line, "read ") else {
                return Some(false);
            };
            if let Some(r) = strip_ci(r, "more") {
                boundary_then_line(r)
            } else if let Some(r) = strip_ci(r, "also") {
                boundary_then_counted(r, 160)
            } else {
                Some(false)
            }
        }
        b's' => share_like(line),
        b't' => {
            if ["tt", "tweet", "twitter", "telegram"]
                .iter()
                .any(|w| eq_ci(line, w))
            {
                return Some(true);
            }
            strip_ci(line, "translated by")
                .or_else(|| strip_ci(line, "translation by"))
                .map_or(Some(false), |r| boundary_then_counted(r, 60))
        }
        b'w' => Some(eq_ci(line, "whatsapp")),
        b if b.is_ascii() => Some(false),
        _ => {
            let c = line.chars().next()?;
            if c == '©' {
                Some(counted(line.get(c.len_utf8()..)?, 80, false))
            } else if c.is_numeric() {
                None
            } else {
                Some(false)
            }
        }
    }
}

/// `related(?:\s+(?:articles|stories|posts|news|content|coverage))?:?`
/// after `related`.
fn related_tail(r: &str) -> bool {
    let colon = |r: &str| r.is_empty() || r == ":";
    if colon(r) {
        return true;
    }
    let (r, space) = skip_space(r);
    space
        && [
            "articles", "stories", "posts", "news", "content", "coverage",
        ]
        .iter()
        .any(|w| strip_ci(r, w).is_some_and(colon))
}

/// `\d+\s*min(?:ute)?s?\.?\s*read` and `\d+\s+comments?`, on a line that
/// starts with an ASCII digit.
fn counted_digits(line: &str) -> Option<bool> {
    let r = line.trim_start_matches(|c: char| c.is_ascii_digit());
    if r.chars()
        .next()
        .is_some_and(|c| !c.is_ascii() && c.is_numeric())
    {
        // A digit beyond ASCII may continue `\d+`.
        return None;
    }
    let (r, space) = skip_space(r);
    if space && (eq_ci(r, "comment") || eq_ci(r, "comments")) {
        return Some(true);
    }
    let Some(mut r) = strip_ci(r, "min") else {
        return Some(false);
    };
    for opt in ["ute", "s", "."] {
        r = strip_ci(r, opt).unwrap_or(r);
    }
    Some(eq_ci(skip_space(r).0, "read"))
}

/// `(?:photo|image|picture)s?(?:\s+credits?)?\s*(?::|\bby\b)[^.]{0,60}\.?`
fn credit(line: &str) -> Option<bool> {
    let Some(mut r) = ["photo", "image", "picture"]
        .iter()
        .find_map(|w| strip_ci(line, w))
    else {
        return Some(false);
    };
    r = strip_ci(r, "s").unwrap_or(r);
    // Taking `\s+credits?` when it is there loses no match: without it the
    // next character would have to be `:` or `b`.
    let (after, space) = skip_space(r);
    if space {
        if let Some(c) = strip_ci(after, "credit") {
            r = strip_ci(c, "s").unwrap_or(c);
        }
    }
    let (r, space) = skip_space(r);
    let tail = if let Some(t) = r.strip_prefix(':') {
        t
    } else {
        // `\bby`: the character before is a word character unless it was
        // white space.
        match strip_ci(r, "by") {
            Some(t) if space => {
                if !boundary(t)? {
                    return Some(false);
                }
                t
            }
            _ => return Some(false),
        }
    };
    let body = tail.strip_suffix('.').unwrap_or(tail);
    Some(!body.contains('.') && body.chars().count() <= 60)
}

/// The patterns that start with `s`.
fn share_like(line: &str) -> Option<bool> {
    if let Some(r) = strip_ci(line, "share") {
        if matches!(r, "" | "." | ":" | "!") {
            return Some(true);
        }
        let (r, space) = skip_space(r);
        if !space {
            return Some(false);
        }
        let Some(t) = ["this", "on", "via"].iter().find_map(|w| strip_ci(r, w)) else {
            return Some(false);
        };
        return Some(boundary(t)? && counted(t, 40, true));
    }
    if let Some(r) = strip_ci(line, "sign up") {
        return Some(boundary(r)? && !r.contains('\n') && contains_ci(r, "newsletter"));
    }
    if let Some(r) = strip_ci(line, "skip to ") {
        return Some(eq_ci(r, "content") || eq_ci(r, "main content"));
    }
    if let Some(r) = strip_ci(line, "source") {
        let r = strip_ci(r, "s").unwrap_or(r);
        return Some(r.is_empty() || r.strip_prefix(':').is_some_and(|t| counted(t, 40, false)));
    }
    if let Some(r) = strip_ci(line, "subscribe to ") {
        let r = strip_ci(r, "our").or_else(|| strip_ci(r, "the"));
        return Some(
            r.and_then(|r| strip_ci(r, " newsletter"))
                .is_some_and(|r| !r.contains('\n')),
        );
    }
    Some(false)
}

/// Whether `s` holds `lit` (ASCII) in any ASCII case.
fn contains_ci(s: &str, lit: &str) -> bool {
    s.as_bytes()
        .windows(lit.len())
        .any(|w| w.eq_ignore_ascii_case(lit.as_bytes()))
}

/// Whether a (normalised) line is boilerplate (any case).
pub fn is_boilerplate_line(line: &str) -> bool {
    let line = line.trim();
    if line.len() > MAX_BOILERPLATE_BYTES {
        return false;
    }
    boilerplate_written_out(line).unwrap_or_else(|| regex_is_boilerplate(line))
}

/// [`BOILERPLATE_LINES`] by the regexes, on a trimmed line of at most
/// [`MAX_BOILERPLATE_BYTES`]: compiled on the first line that needs them.
fn regex_is_boilerplate(line: &str) -> bool {
    let mut buf = [0u8; MAX_BOILERPLATE_BYTES];
    let Some(lower) = buf.get_mut(..line.len()) else {
        return false;
    };
    lower.copy_from_slice(line.as_bytes());
    lower.make_ascii_lowercase();
    // ASCII lower-casing keeps UTF-8 valid.
    std::str::from_utf8(lower).is_ok_and(|l| {
        BOILERPLATE_RE.as_ref().is_some_and(|re| re.is_match(l)) || matches_counted_tail(l)
    })
}

fn ends_sentence(s: &str) -> bool {
    s.chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | ':' | ';' | '"' | '”' | '’' | '\'' | ')' | ']' | '…'
        )
    })
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Whether a (normalised) line looks like a headline: short, no final
/// period, starts with a capital or a digit, not boilerplate, not a date line.
pub(crate) fn title_like(key: &str) -> bool {
    let chars = key.chars().count();
    if !(3..160).contains(&chars) {
        return false;
    }
    if key
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '-' | '–' | '—'))
    {
        return false;
    }
    let words = key.split_whitespace().count();
    if !(2..=30).contains(&words) {
        return false;
    }
    match key.chars().find(|c| c.is_alphanumeric()) {
        Some(c) if c.is_uppercase() || c.is_numeric() => {}
        _ => return false,
    }
    if is_boilerplate_line(key) {
        return false;
    }
    !line_is_dateline(key)
}

/// Whether a (normalised) line at the end of an article is a source credit:
/// at most 5 words and 40 characters, no sentence punctuation at its end.
pub(crate) fn is_credit_line(key: &str) -> bool {
    key.chars().count() <= 40 && key.split_whitespace().count() <= 5 && !ends_sentence(key)
}

/// Whether a (normalised) line is a body paragraph: a sentence of some length.
pub(crate) fn is_body(key: &str) -> bool {
    let chars = key.chars().count();
    chars >= 60 && key.split_whitespace().count() >= 8 && (ends_sentence(key) || chars >= 100)
}

#[derive(Debug)]
struct Kept<'a> {
    line: Line,
    /// Directly follows the previous kept line (no blank or dropped line between).
    adjacent: bool,
    key: &'a str,
    /// The key is the line's text itself (nothing to collapse).
    verbatim: bool,
    chars: usize,
}

/// Width of a hard-wrapped text, or `None` when lines are paragraphs.
fn wrap_width(kept: &[Kept]) -> Option<usize> {
    let n = kept.len();
    if n < 4 {
        return None;
    }
    let in_range = kept.iter().filter(|k| (50..=90).contains(&k.chars)).count();
    let pairs: Vec<(&Kept, &Kept)> = kept
        .windows(2)
        .filter(|w| w[1].adjacent)
        .map(|w| (&w[0], &w[1]))
        .collect();
    let wrapped = pairs
        .iter()
        .filter(|(a, b)| {
            (40..=100).contains(&a.chars) && (!ends_sentence(a.key) || starts_lowercase(b.key))
        })
        .count();
    if pairs.len() * 3 < n || in_range * 2 < n || wrapped * 3 < pairs.len() || wrapped < 2 {
        return None;
    }
    let mut lens: Vec<usize> = kept.iter().map(|k| k.chars).filter(|&c| c <= 100).collect();
    lens.sort_unstable();
    lens.get(lens.len() * 9 / 10).copied()
}

/// One cleaned article.
#[derive(Debug, Default)]
pub(crate) struct CleanPart {
    pub out: TextOut,
    /// The first paragraph when it is one title-like line.
    pub title: Option<String>,
    pub date: Option<TextDate>,
}

/// A key in the set of lines seen, hashed by its length and its first and
/// last bytes only: cheap for long lines; equality still compares it whole.
#[derive(PartialEq, Eq)]
struct SeenKey<'a>(&'a str);

impl std::hash::Hash for SeenKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let b = self.0.as_bytes();
        let n = b.len();
        h.write_usize(n);
        h.write(b.get(..n.min(16)).unwrap_or_default());
        h.write(b.get(n.saturating_sub(16)..).unwrap_or_default());
    }
}

/// The [`normalized`] text of each line: computed once per record, for the
/// article search and the cleaning alike.
pub(crate) fn line_keys<'a>(src: &'a str, lines: &[Line]) -> Vec<Cow<'a, str>> {
    lines.iter().map(|l| normalized(l.text(src))).collect()
}

/// Cleans the lines of one article of `src`; `keys` are their [`line_keys`].
pub(crate) fn clean_part(src: &str, lines: &[Line], keys: &[Cow<'_, str>]) -> CleanPart {
    let date = find_text_date(src, lines);
    // The line that loses a date prefix has a key of its own.
    let stripped = date.as_ref().and_then(|td| {
        let mut line = *lines.get(td.line)?;
        line.start = td.strip_to?.min(line.end);
        Some((td.line, line, normalized(line.text(src))))
    });

    let mut seen: FxHashSet<SeenKey> =
        FxHashSet::with_capacity_and_hasher(lines.len(), Default::default());
    let mut kept: Vec<Kept> = Vec::with_capacity(lines.len());
    let mut adjacent = false;
    for (i, (&line, key)) in lines.iter().zip(keys).enumerate() {
        let (line, key) = match &stripped {
            Some((j, l, k)) if *j == i => (*l, k),
            _ => (line, key),
        };
        if line.is_blank() {
            adjacent = false;
            continue;
        }
        if key.is_empty() || is_boilerplate_line(key) || !seen.insert(SeenKey(key)) {
            adjacent = false;
            continue;
        }
        kept.push(Kept {
            line,
            adjacent,
            key,
            verbatim: matches!(key, Cow::Borrowed(_)),
            // ASCII lines (most) have as many characters as bytes: no count.
            chars: if key.is_ascii() {
                key.len()
            } else {
                key.chars().count()
            },
        });
        adjacent = true;
    }

    // trailing credit lines ("Daily Courier") after the last body paragraph
    while kept.len() > 1
        && kept.last().is_some_and(|k| is_credit_line(k.key))
        && kept.iter().any(|k| is_body(k.key))
    {
        kept.pop();
    }

    // group lines into paragraphs
    let width = wrap_width(&kept);
    // Each paragraph is a run of kept lines: one range, not a list.
    let mut paras: Vec<std::ops::Range<usize>> = Vec::with_capacity(kept.len());
    for (i, k) in kept.iter().enumerate() {
        let join = match (width, i.checked_sub(1).and_then(|p| kept.get(p))) {
            (Some(w), Some(prev)) if k.adjacent => {
                starts_lowercase(k.key) || prev.chars * 4 >= w * 3
            }
            _ => false,
        };
        match paras.last_mut() {
            Some(p) if join => p.end = i + 1,
            _ => paras.push(i..i + 1),
        }
    }

    let mut out = TextOut::default();
    // The cleaned text is at most the lines' text and their separators.
    out.text
        .reserve(kept.iter().map(|k| k.line.end - k.line.start + 2).sum());
    // A segment per line that is copied whole (most): no regrowth.
    out.map.segments.reserve(kept.len());
    for (pi, para) in paras.iter().enumerate() {
        if pi > 0 {
            out.push_inserted("\n\n");
        }
        let mut prev: Option<&Kept> = None;
        for k in kept.get(para.clone()).unwrap_or_default() {
            if let Some(p) = prev {
                let hyphenated = p.key.ends_with('-')
                    && !p.key.ends_with(" -")
                    && p.key.chars().rev().nth(1).is_some_and(char::is_alphabetic)
                    && starts_lowercase(k.key);
                if !hyphenated {
                    out.push_inserted(" ");
                }
            }
            if k.verbatim {
                // Already in normal form: one copy, as `push_collapsed` would make.
                out.push_verbatim(k.line.text(src), k.line.start as u64);
            } else {
                out.push_collapsed(src, k.line.start, k.line.end, 0);
            }
            prev = Some(k);
        }
    }

    let title = paras
        .first()
        .filter(|p| p.len() == 1)
        .and_then(|p| kept.get(p.start))
        .map(|k| k.key.to_string())
        .filter(|k| title_like(k));
    CleanPart { out, title, date }
}

/// The content hash id of a cleaned text: `xxh3_128`, 32 lower-case hex digits.
pub fn content_id(text: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
}

/// Builds the documents of one record from `src`. `base` maps `src` to the
/// input when `src` is itself extracted text (HTML); `fallback` is the date
/// used when neither `meta` nor the text has one (WARC-Date).
pub(crate) fn build_documents(
    src: &str,
    base: Option<&InputMap>,
    origin: &Origin,
    meta: &Meta,
    fallback: Option<&Published>,
    opts: &IngestOptions,
) -> Vec<Document> {
    let lines = split_lines(src);
    let keys = line_keys(src, &lines);
    let parts = if opts.split_articles {
        split::find_parts(&lines, &keys)
    } else {
        std::iter::once(0..lines.len()).collect()
    };
    let mut docs = Vec::new();
    for (k, range) in parts.into_iter().enumerate() {
        let part_lines = lines.get(range.clone()).unwrap_or_default();
        let part_keys = keys.get(range).unwrap_or_default();
        let c = clean_part(src, part_lines, part_keys);
        if c.out.text.is_empty() {
            continue;
        }
        let title = if k == 0 {
            meta.title.clone().or(c.title)
        } else {
            c.title
        };
        let published = meta
            .published
            .clone()
            .or_else(|| {
                c.date.map(|d| Published {
                    date: d.date,
                    precision: d.precision,
                    found: PublishedFound::Text,
                    text: Some(d.words),
                })
            })
            .or_else(|| fallback.cloned());
        let id = match &meta.id {
            Some(id) if k == 0 => id.clone(),
            Some(id) => format!("{id}#{k}"),
            None => content_id(&c.out.text),
        };
        let input_map = match base {
            Some(b) => compose(&c.out.map, b),
            None => c.out.map,
        };
        docs.push(Document {
            id,
            text: c.out.text,
            title,
            url: meta.url.clone(),
            source: meta.source.clone(),
            published,
            origin: Origin {
                part: u32::try_from(k).unwrap_or(u32::MAX),
                ..origin.clone()
            },
            input_map,
        });
    }
    docs
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// All of [`BOILERPLATE_LINES`] in one regex, bounded tails included.
    static FULL_RE: LazyLock<Option<Regex>> =
        LazyLock::new(|| whole_line_regex(BOILERPLATE_LINES.iter().copied()));

    /// `is_boilerplate_line` as it was before the prefix test.
    fn reference_is_boilerplate_line(line: &str) -> bool {
        let line = line.trim();
        if line.len() > MAX_BOILERPLATE_BYTES {
            return false;
        }
        let lower = line.to_ascii_lowercase();
        FULL_RE.as_ref().is_some_and(|re| re.is_match(&lower))
    }

    /// Every line of every file under `tests/data/` and the repository's
    /// examples, raw and with JSON string values read out.
    pub(crate) fn fixture_lines() -> Vec<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            let Ok(rd) = std::fs::read_dir(dir) else {
                return;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
        fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::String(s) => out.extend(s.lines().map(str::to_string)),
                serde_json::Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
                serde_json::Value::Object(o) => o.values().for_each(|v| strings(v, out)),
                _ => {}
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("tests/data"), &mut files);
        walk(&root.join("../../examples"), &mut files);
        let mut lines = Vec::new();
        for f in files {
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            for l in text.lines() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(l) {
                    strings(&v, &mut lines);
                }
                lines.push(l.to_string());
            }
        }
        assert!(lines.len() > 100, "fixtures not found");
        lines
    }

    #[test]
    fn boilerplate_prefix_test_changes_nothing() {
        let mut cases = fixture_lines();
        let words = [
            "Share",
            "share",
            "SHARE",
            "this",
            "on",
            "via",
            ":",
            ".",
            "!",
            "2",
            "12",
            "٣",
            "١٢",
            "min",
            "minutes",
            "Read",
            "read",
            "more",
            "also",
            "©",
            "Copyright",
            "photo",
            "Photos",
            "IMAGE",
            "picture",
            "credit",
            "credits",
            "by",
            "E-mail",
            "email",
            "Loading",
            "…",
            "...",
            "comments",
            "Comment",
            "the",
            "The",
            "news",
            "Ŝ",
            "é",
            " ",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "\u{2003}",
            "-",
            "x",
            "tt",
            "TT",
            "Tt",
            "sources",
            "Source",
            "exit",
            "mobile",
            "version",
            "advertisement",
            "scroll to continue",
            "related",
            "articles",
            "follow us on",
            "all rights reserved",
            "sign up",
            "newsletter",
            "subscribe to our",
            "click here",
            "translated",
            "Translation",
            "print",
            "tweet",
            "facebook",
            "twitter",
            "WhatsApp",
            "linkedin",
            "telegram",
            "reddit",
            "pinterest",
            "copy link",
            "skip to",
            "main content",
            "back to top",
            "\u{212a}",
            "ſ",
            "İ",
            "\u{feff}",
            "\n",
            "_",
            "‿",
            "·",
            "’",
            "“",
            "«",
            "—",
            "by",
            "credit",
            "main",
            "content",
            "newsletter",
            "scroll",
            "to",
            "continue",
            "min.",
            "mins",
            "ute",
            "s",
            "our",
            "here",
            "us",
            "link",
            "rights",
            "reserved",
            "up",
            "sign",
            "x_",
            "Ⅻ",
            "²",
            "\u{300}",
            "\u{2028}",
        ];
        let mut next = crate::test_rng(0x9e37_79b9_7f4a_7c15u64);
        for _ in 0..50_000 {
            let n = 1 + (next() % 6) as usize;
            let joiner = if next().is_multiple_of(3) { "" } else { " " };
            let s: Vec<&str> = (0..n)
                .map(|_| words[(next() % words.len() as u64) as usize])
                .collect();
            cases.push(s.join(joiner));
        }
        for p in BOILERPLATE_LINES {
            cases.push((*p).to_string());
        }
        // tails around the counted limits, with wide characters and breaks
        let heads = [
            "share",
            "share.",
            "share this",
            "Share  on",
            "share via",
            "share on:",
            "sources",
            "source:",
            "sources:",
            "source",
            "read also",
            "read also:",
            "copyright",
            "©",
            "copyright©",
            "Translated by",
            "translation by",
            "photo by",
            "photo credit:",
            "Photos Credits by",
            "image",
            "picture  by",
            "sign up",
            "follow us on",
            "click here",
            "read more",
            "all rights reserved",
            "related",
            "loading",
            "12 min",
            "subscribe to our newsletter",
        ];
        for head in heads {
            for n in [
                0, 1, 38, 39, 40, 41, 42, 59, 60, 61, 79, 80, 81, 159, 160, 161, 162,
            ] {
                for fill in ["x", "é", " ", "日", "_", "‿", "٣", "."] {
                    for end in ["", ".", "!", ":", "x", "\n", "..", "é."] {
                        for sep in ["", " ", "\n"] {
                            cases.push(format!("{head}{sep}{}{end}", fill.repeat(n)));
                        }
                    }
                }
            }
        }
        for c in &cases {
            assert_eq!(
                is_boilerplate_line(c),
                reference_is_boilerplate_line(c),
                "{c:?}"
            );
        }
        // the generated lines match often, and the written-out form leaves
        // few to the regex
        assert!(cases.iter().filter(|c| is_boilerplate_line(c)).count() > 1000);
        let undecided = cases
            .iter()
            .map(|c| c.trim())
            .filter(|c| c.len() <= MAX_BOILERPLATE_BYTES && boilerplate_written_out(c).is_none())
            .count();
        assert!(
            undecided * 20 < cases.len(),
            "{undecided} of {}",
            cases.len()
        );
    }

    #[test]
    fn boilerplate_regex_compiles() {
        assert!(BOILERPLATE_RE.is_some());
        assert!(COUNTED_TAILS_RE.is_some());
        for t in COUNTED_TAILS {
            assert!(BOILERPLATE_LINES.contains(&t.0), "{}", t.0);
        }
        for p in BOILERPLATE_LINES {
            assert!(Regex::new(p).is_ok(), "{p}");
        }
    }

    #[test]
    fn boilerplate_lines() {
        let drop = [
            "Share",
            "Share.",
            "SHARE:",
            "Share this article",
            "Exit mobile version",
            "2 min read",
            "5 minute read",
            "Source",
            "Source: Wire agency",
            "TT",
            "Advertisement",
            "Read more: Talks resume in Doha",
            "Related",
            "Related articles:",
            "Related Stories",
            "Follow us on Telegram and X",
            "Copyright 2021 The Paper",
            "© 2020 Daily Gazette. All rights reserved.",
            "All rights reserved.",
            "Sign up for our daily newsletter",
            "Click here to subscribe",
            "Photo: Jane Roe/Agency",
            "Photo by Jane Roe",
            "Print",
            "Email",
            "E-mail",
            "Tweet",
            "Facebook",
            "Twitter",
            "WhatsApp",
            "Comments",
            "Comment",
            "12 comments",
            "Loading...",
            "Translation by Example Collective",
        ];
        for l in drop {
            assert!(is_boilerplate_line(l), "should drop {l:?}");
        }
        let keep = [
            "Sources said the talks would resume on Monday.",
            "The minister shared his concerns with the envoy.",
            "Photos show the damage caused by the strike near the border town.",
            "Photographers were barred from the ceremony in the capital.",
            "Twitter was blocked in the country after the vote.",
            "Read the full statement below.",
            "Related talks in Geneva stalled over the weekend.",
            "Copyright law was amended by parliament last year after a long debate about the rules governing publishers and platforms across the country.",
            "Printing of ballots began on Sunday.",
            "The TT party won the vote.",
            "Comments by the minister angered the opposition.",
        ];
        for l in keep {
            assert!(!is_boilerplate_line(l), "should keep {l:?}");
        }
    }

    #[test]
    fn titles() {
        assert!(title_like(
            "UK, Egypt seek to strengthen military cooperation"
        ));
        assert!(title_like(
            "UN Envoy: Situation in Syria ‘Dangerous’ and Threatens Resurgence"
        ));
        assert!(title_like("Will the ceasefire hold?"));
        assert!(!title_like("The talks ended without an agreement."));
        assert!(!title_like("Share"));
        assert!(!title_like("21 September, 2015"));
        assert!(!title_like("lowercase start of a line"));
        assert!(!title_like("Word"));
    }

    fn clean(src: &str) -> CleanPart {
        let lines = split_lines(src);
        clean_part(src, &lines, &line_keys(src, &lines))
    }

    #[test]
    fn repeated_lines_keep_first() {
        let src = "Title Of Story\n\nA caption (Agency)\nA caption (Agency)\nTT\n\nTitle Of Story\n\nBody sentence one is here.\n\nA  caption (Agency)\n";
        let c = clean(src);
        assert_eq!(
            c.out.text,
            "Title Of Story\n\nA caption (Agency)\n\nBody sentence one is here."
        );
        assert_eq!(c.title.as_deref(), Some("Title Of Story"));
    }

    #[test]
    fn map_is_exact_for_copied_text() {
        let src = "\u{feff}Head line here\r\n\r\n date 2020-12-27 Officials met\u{a0}  today.\r\n\r\nShare.\r\nMore text  follows.";
        let c = clean(src);
        assert_eq!(
            c.out.text,
            "Head line here\n\nOfficials met today.\n\nMore text follows."
        );
        for &(cs, is, len) in &c.out.map.segments {
            let is = is as usize;
            assert_eq!(&src[is..is + len], &c.out.text[cs..cs + len]);
        }
        assert_eq!(c.date.map(|d| d.words), Some("2020-12-27".to_string()));
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let src = "Ministers Meet In Rome\n\n\
The foreign ministers of the two countries met in Rome on Tuesday to\n\
discuss the crisis on their shared border, officials said after the\n\
meeting, which lasted more than four hours and ended without a joint\n\
statement.\n\n\
Both sides agreed to meet again next month in the capital of the\n\
neighbouring country, according to a statement from the host govern-\n\
ment, which called the talks constructive and frank.\n";
        let c = clean(src);
        let paras: Vec<&str> = c.out.text.split("\n\n").collect();
        assert_eq!(paras.len(), 3, "{}", c.out.text);
        assert!(paras[1].starts_with("The foreign ministers"));
        assert!(paras[1].ends_with("without a joint statement."));
        assert!(paras[2].contains("host govern-ment, which"));
    }

    #[test]
    fn unwrapped_lines_are_paragraphs() {
        let src = "Headline Of The Day\nThe first paragraph is a long line that ends with a period.\nThe second paragraph is another long line ending with a period.\n";
        let c = clean(src);
        assert_eq!(c.out.text.split("\n\n").count(), 3);
    }

    #[test]
    fn content_id_is_32_hex() {
        let id = content_id("abc");
        assert_eq!(id.len(), 32);
        assert!(id
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }
}
