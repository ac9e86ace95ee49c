//! Countable details: sums of money, numbers of people, named agreements and
//! standing mechanisms ("the seventh meeting of the Joint Military Committee").
//!
//! The patterns are written out as scanners that follow their regex forms
//! ([`AGREEMENT`], [`mechanism_source`] and the test-only reference module)
//! step for step: leftmost-first, ASCII `\b`, Unicode `\s` and `\w`, `(?i)`
//! folding. A scanner runs only where a cheap search finds the words that
//! end its matches.

use aho_corasick::{packed, AhoCorasick, MatchKind};
use attache_types::DetailKind;
use std::sync::OnceLock;

use regex::Regex;

#[cfg(test)]
#[path = "details_reference.rs"]
mod reference;

/// A detail as a byte range of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDetail {
    pub kind: DetailKind,
    pub start: usize,
    pub end: usize,
    pub value: Option<f64>,
    pub unit: Option<String>,
}

/// Searches for key words, and the regex fallbacks (built once per coder).
#[derive(Debug)]
pub struct DetailFinder {
    /// The key words that let the personnel pattern run (see [`KEY_WORDS`]).
    numbers: Keys,
    personnel: Keys,
    /// Words that end a match of some pattern, in the lower-cased sentence
    /// (see [`Hints`]).
    runs: Words,
    /// Currency words and marks, in the sentence itself.
    money: Words,
    /// The regex forms, for sentences with characters whose `\w` class the
    /// scanners do not know (see [`word_char`]).
    agreement: Pattern,
    mechanism: Pattern,
}

/// Key words of one pattern: lower-case forms looked for in the lower-cased
/// sentence, exact forms in the sentence itself.
#[derive(Debug)]
struct Keys {
    lower: Option<AhoCorasick>,
    exact: Option<AhoCorasick>,
}

impl Keys {
    fn new<'a>(
        lower: impl IntoIterator<Item = &'a str>,
        exact: impl IntoIterator<Item = &'a str>,
    ) -> Keys {
        let build = |words: Vec<&str>| {
            if words.is_empty() {
                None
            } else {
                AhoCorasick::new(words).ok()
            }
        };
        Keys {
            lower: build(lower.into_iter().collect()),
            exact: build(exact.into_iter().collect()),
        }
    }

    fn of(key: Key) -> Keys {
        let words = || KEY_WORDS.iter().filter(move |(_, _, k)| *k == key);
        Keys::new(
            words().filter(|(_, e, _)| e.is_none()).map(|(w, _, _)| *w),
            words().filter_map(|(_, e, _)| *e),
        )
    }

    /// Whether `lower` or `s` holds one of the words.
    fn any(&self, s: &str, lower: &str) -> bool {
        self.lower.as_ref().is_some_and(|k| k.is_match(lower))
            || self.exact.as_ref().is_some_and(|k| k.is_match(s))
    }
}

/// A pattern compiled on first use: most runs never need the regex forms.
#[derive(Debug)]
struct Pattern {
    source: String,
    regex: OnceLock<Option<Regex>>,
}

impl Pattern {
    fn new(source: impl Into<String>) -> Pattern {
        Pattern {
            source: source.into(),
            regex: OnceLock::new(),
        }
    }

    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| Regex::new(&self.source).ok())
            .as_ref()
    }
}

/// The agreement pattern: [`agreements`] follows it.
const AGREEMENT: &str = r"(?:“|\x22)?((?:[A-Z][\w’'-]*|[0-9]+)(?:\s+(?:(?:and|of|for|on|the|de)\s+)?(?:[A-Z][\w’'-]*|[0-9]+)){0,8})\s+(agreement|Agreement|accord|Accord|treaty|Treaty|Declaration|declaration|memorandum of understanding|Memorandum of Understanding|MoU|pact|Pact|Protocol|Charter|Initiative)(?-u:\b)|“((?:[A-Z][\w’'-]*\s?){1,5}(?:Declaration|Agreement|Accord|Initiative|Plan))”";

/// The mechanism pattern: [`mechanisms`] follows it.
fn mechanism_source() -> String {
    let ordinals = ORDINALS.join("|");
    format!(
        r"(?i:(?-u:\b)(?:the\s+)?({ordinals}|[0-9]+(?:st|nd|rd|th))\s+(?:meeting|session|round|edition|summit)\s+of\s+the\s+)?((?:[A-Z][\w-]*\s+){{1,6}}(?:Committee|Commission|Council|Dialogue|Forum|Working Group|Mechanism|Board))(?-u:\b)"
    )
}

/// [`ORDINALS`] by first letter, in their order there.
const ORDINALS_F: &[&str] = &["first", "fourth", "fifth", "fourteenth", "fifteenth"];
const ORDINALS_S: &[&str] = &["second", "sixth", "seventh", "sixteenth", "seventeenth"];
const ORDINALS_T: &[&str] = &["third", "tenth", "twelfth", "thirteenth", "twentieth"];
const ORDINALS_E: &[&str] = &["eighth", "eleventh", "eighteenth"];
const ORDINALS_N: &[&str] = &["ninth", "nineteenth"];

const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// Which pattern a key word lets run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Personnel,
    MoneyMark,
    MoneyWord,
    Agreement,
    Mechanism,
}

/// Words without which a pattern cannot match: the lower-case form looked
/// for in the lower-cased sentence and, where the pattern wants only one
/// case, the exact form the sentence must have there. Number words are
/// keys too (see [`NUMBER_WORDS`]). A key word found anywhere, even inside
/// another word, lets its pattern's matches stand. Money, agreement and
/// mechanism matches hold theirs; personnel matches, whose `(?i)` folds
/// letters from outside ASCII, need not, and are checked.
const KEY_WORDS: &[(&str, Option<&str>, Key)] = &[
    ("troops", None, Key::Personnel),
    ("soldiers", None, Key::Personnel),
    ("officers", None, Key::Personnel),
    ("personnel", None, Key::Personnel),
    ("experts", None, Key::Personnel),
    ("advisers", None, Key::Personnel),
    ("advisors", None, Key::Personnel),
    ("fighters", None, Key::Personnel),
    ("militants", None, Key::Personnel),
    ("policemen", None, Key::Personnel),
    ("peacekeepers", None, Key::Personnel),
    ("instructors", None, Key::Personnel),
    ("marines", None, Key::Personnel),
    ("sailors", None, Key::Personnel),
    ("pilots", None, Key::Personnel),
    ("trainees", None, Key::Personnel),
    ("cadets", None, Key::Personnel),
    ("servicemen", None, Key::Personnel),
    ("service members", None, Key::Personnel),
    ("mercenaries", None, Key::Personnel),
    ("commandos", None, Key::Personnel),
    ("paratroopers", None, Key::Personnel),
    ("observers", None, Key::Personnel),
    ("$", None, Key::MoneyMark),
    ("€", None, Key::MoneyMark),
    ("£", None, Key::MoneyMark),
    ("¥", None, Key::MoneyMark),
    ("usd", Some("USD"), Key::MoneyMark),
    ("eur", Some("EUR"), Key::MoneyMark),
    ("gbp", Some("GBP"), Key::MoneyMark),
    ("dollars", None, Key::MoneyWord),
    ("pounds", None, Key::MoneyWord),
    ("euros", None, Key::MoneyWord),
    ("yuan", None, Key::MoneyWord),
    ("roubles", None, Key::MoneyWord),
    ("rubles", None, Key::MoneyWord),
    ("riyals", None, Key::MoneyWord),
    ("dirhams", None, Key::MoneyWord),
    ("rupees", None, Key::MoneyWord),
    ("yen", None, Key::MoneyWord),
    ("lira", None, Key::MoneyWord),
    ("agreement", None, Key::Agreement),
    ("accord", None, Key::Agreement),
    ("treaty", None, Key::Agreement),
    ("declaration", None, Key::Agreement),
    ("memorandum", None, Key::Agreement),
    ("pact", None, Key::Agreement),
    ("mou", Some("MoU"), Key::Agreement),
    ("protocol", Some("Protocol"), Key::Agreement),
    ("charter", Some("Charter"), Key::Agreement),
    ("initiative", Some("Initiative"), Key::Agreement),
    ("plan", Some("Plan"), Key::Agreement),
    ("committee", Some("Committee"), Key::Mechanism),
    ("commission", Some("Commission"), Key::Mechanism),
    ("council", Some("Council"), Key::Mechanism),
    ("dialogue", Some("Dialogue"), Key::Mechanism),
    ("forum", Some("Forum"), Key::Mechanism),
    ("working group", Some("Working Group"), Key::Mechanism),
    ("mechanism", Some("Mechanism"), Key::Mechanism),
    ("board", Some("Board"), Key::Mechanism),
];

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("hundred", 100.0),
    ("hundreds", 100.0),
    ("dozens", 24.0),
    ("thousand", 1000.0),
    ("thousands", 1000.0),
];

fn scale(word: &str) -> f64 {
    match word.to_ascii_lowercase().as_str() {
        "thousand" | "k" => 1e3,
        "million" | "m" | "mn" => 1e6,
        "billion" | "bn" | "b" => 1e9,
        "trillion" | "tn" => 1e12,
        _ => 1.0,
    }
}

fn number(s: &str) -> Option<f64> {
    let cleaned: String = s.chars().filter(|c| *c != ',').collect();
    cleaned.parse().ok().or_else(|| {
        NUMBER_WORDS
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(s))
            .map(|(_, v)| *v)
    })
}

fn currency(word: &str) -> &'static str {
    let w = word.to_ascii_lowercase();
    match w.as_str() {
        "$" | "us$" | "usd" | "dollar" | "dollars" | "us dollars" => "USD",
        "€" | "eur" | "euro" | "euros" => "EUR",
        "£" | "gbp" | "pound" | "pounds" | "pounds sterling" => "GBP",
        "¥" | "yen" => "JPY",
        "yuan" | "renminbi" => "CNY",
        "rouble" | "roubles" | "ruble" | "rubles" => "RUB",
        "riyal" | "riyals" => "SAR",
        "dirham" | "dirhams" => "AED",
        "rupee" | "rupees" => "INR",
        "lira" | "liras" => "TRY",
        _ => "XXX",
    }
}

/// A character whose `\w` class the scanners do not know.
#[derive(Debug)]
struct Unknown;

/// Whether `c` is in the regex `\w` class (Alphabetic, marks, decimal
/// digits, connector punctuation, joiners); `Err` outside the ranges
/// checked here, where the caller falls back on the regex.
fn word_char(c: char) -> Result<bool, Unknown> {
    if c.is_ascii() {
        return Ok(c.is_ascii_alphanumeric() || c == '_');
    }
    let u = c as u32;
    // Blocks whose letters are the same in std's Unicode version and regex's.
    let settled = u < 0x800 || (0x3040..=0x9FFF).contains(&u) || (0xAC00..=0xD7AF).contains(&u);
    if settled && c.is_alphabetic() {
        return Ok(true);
    }
    match u {
        0x300..=0x36F | 0x200C | 0x200D | 0x203F | 0x2040 | 0x2054 => Ok(true),
        0x80..=0xBF | 0xD7 | 0xF7 | 0x2000..=0x206F | 0x20A0..=0x20CF => Ok(false),
        _ => Err(Unknown),
    }
}

fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// `[0-9A-Za-z_]`, by table: it is asked for nearly every byte.
const WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'_';
        i += 1;
    }
    t
};

/// `(?-u:\b)` at byte `i`.
fn boundary(b: &[u8], i: usize) -> bool {
    let before = i
        .checked_sub(1)
        .and_then(|j| b.get(j))
        .is_some_and(|&x| is_word_byte(x));
    let after = b.get(i).is_some_and(|&x| is_word_byte(x));
    before != after
}

fn starts(b: &[u8], i: usize, word: &str) -> bool {
    b.get(i..).is_some_and(|t| t.starts_with(word.as_bytes()))
}

/// End of `word` (lower-case ASCII) at `i` under `(?i)`: Unicode also folds
/// the long s with `s` and the Kelvin sign with `k`.
fn starts_ci(b: &[u8], i: usize, word: &str) -> Option<usize> {
    let mut j = i;
    for &c in word.as_bytes() {
        let x = *b.get(j)?;
        if x.to_ascii_lowercase() == c {
            j += 1;
        } else if c == b's' && b.get(j..j + 2) == Some(&[0xC5, 0xBF]) {
            j += 2;
        } else if c == b'k' && b.get(j..j + 3) == Some(&[0xE2, 0x84, 0xAA]) {
            j += 3;
        } else {
            return None;
        }
    }
    Some(j)
}

/// End of one `\s` at `i`.
fn space(s: &str, i: usize) -> Option<usize> {
    let x = *s.as_bytes().get(i)?;
    if x.is_ascii() {
        // The ASCII White_Space characters: \t \n \v \f \r and space.
        return (matches!(x, b'\t'..=b'\r' | b' ')).then_some(i + 1);
    }
    let c = s.get(i..)?.chars().next()?;
    c.is_whitespace().then(|| i + c.len_utf8())
}

/// End of `\s+` at `i`.
fn spaces(s: &str, i: usize) -> Option<usize> {
    let mut j = space(s, i)?;
    while let Some(k) = space(s, j) {
        j = k;
    }
    Some(j)
}

/// End of `[0-9][0-9,]*(?:\.[0-9]+)?` at `i`.
fn amount(b: &[u8], i: usize) -> Option<usize> {
    if !b.get(i)?.is_ascii_digit() {
        return None;
    }
    let mut j = i + 1;
    while b.get(j).is_some_and(|x| x.is_ascii_digit() || *x == b',') {
        j += 1;
    }
    if b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j += 2;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
    }
    Some(j)
}

/// Where an optional `\s?` before `i` can end, the longer first.
fn maybe_space(s: &str, i: usize) -> impl Iterator<Item = usize> {
    space(s, i).into_iter().chain([i])
}

const SYMBOLS: &[&str] = &["US$", "$", "€", "£", "¥", "USD", "EUR", "GBP"];
const SYMBOL_SCALES: &[&str] = &[
    "thousand", "million", "billion", "trillion", "bn", "mn", "m", "k",
];
const WORD_SCALES: &[&str] = &["thousand", "million", "billion", "trillion", "bn", "mn"];
const CURRENCIES: &[&str] = &[
    "US dollars",
    "dollars",
    "pounds sterling",
    "pounds",
    "euros",
    "yuan",
    "roubles",
    "rubles",
    "riyals",
    "dirhams",
    "rupees",
    "yen",
    "lira",
];

/// A match as byte ranges of the sentence: whole, then the groups used.
type Span = (usize, usize);

/// `(US\$|\$|€|£|¥|USD|EUR|GBP)\s?([0-9][0-9,]*(?:\.[0-9]+)?)(?:\s?(thousand|million|billion|trillion|bn|mn|m|k)\b)?`
/// at `p`: (whole, currency, amount, scale).
fn money_symbol_at(s: &str, p: usize) -> Option<(Span, Span, Span, Option<Span>)> {
    let b = s.as_bytes();
    let sym = SYMBOLS.iter().find(|w| starts(b, p, w))?;
    let j = p + sym.len();
    let (ns, ne) = maybe_space(s, j).find_map(|k| Some((k, amount(b, k)?)))?;
    let scale = maybe_space(s, ne).find_map(|k| {
        SYMBOL_SCALES
            .iter()
            .find(|w| starts(b, k, w) && boundary(b, k + w.len()))
            .map(|w| (k, k + w.len()))
    });
    let end = scale.map_or(ne, |(_, e)| e);
    Some(((p, end), (p, j), (ns, ne), scale))
}

/// `\b([0-9][0-9,]*(?:\.[0-9]+)?)\s?(thousand|million|billion|trillion|bn|mn)?\s?(US dollars|...|lira)\b`
/// at `p`: (whole, amount, scale, currency).
fn money_word_at(s: &str, p: usize) -> Option<(Span, Span, Option<Span>, Span)> {
    let b = s.as_bytes();
    if !boundary(b, p) {
        return None;
    }
    let ne = amount(b, p)?;
    for k in maybe_space(s, ne) {
        let scales = WORD_SCALES
            .iter()
            .filter(|w| starts(b, k, w))
            .map(|w| Some((k, k + w.len())))
            .chain([None]);
        for scale in scales {
            for c in maybe_space(s, scale.map_or(k, |(_, e)| e)) {
                if let Some(w) = CURRENCIES
                    .iter()
                    .find(|w| starts(b, c, w) && boundary(b, c + w.len()))
                {
                    return Some(((p, c + w.len()), (p, ne), scale, (c, c + w.len())));
                }
            }
        }
    }
    None
}

const NOUNS: &[&str] = &[
    "troops",
    "soldiers",
    "officers",
    "personnel",
    "experts",
    "advisers",
    "advisors",
    "fighters",
    "militants",
    "policemen",
    "police officers",
    "peacekeepers",
    "instructors",
    "marines",
    "sailors",
    "pilots",
    "trainees",
    "cadets",
    "servicemen",
    "service members",
    "mercenaries",
    "commandos",
    "paratroopers",
    "observers",
];

/// End of `[A-Z][a-z]+` under `(?i)` at `i`: two or more ASCII letters, long
/// s or Kelvin signs.
fn letters(s: &str, i: usize) -> Option<usize> {
    let t = s.get(i..)?;
    let mut n = 0;
    let mut j = i;
    for c in t.chars() {
        if !(c.is_ascii_alphabetic() || c == 'ſ' || c == 'K') {
            break;
        }
        n += 1;
        j += c.len_utf8();
    }
    (n >= 2).then_some(j)
}

/// `(?i)\b([0-9][0-9,]*|two|...)\s+(?:(?:more|additional|extra|new|[A-Z][a-z]+)\s+){0,2}(troops|...)\b`
/// at `p`: (whole, number, noun). A modifier is always a whole run of
/// letters, so its alternatives match the same text.
fn personnel_at(s: &str, lower: &[u8], p: usize, folded: bool) -> Option<(Span, Span, Span)> {
    let b = s.as_bytes();
    if !boundary(b, p) {
        return None;
    }
    // Without folded letters a word between `\b` and `\s` is a whole run of
    // word bytes, and can be looked up as one.
    let run = |i: usize| {
        let e = run_end(b, i);
        (e, lower.get(i..e).unwrap_or_default())
    };
    let number_word = (!folded)
        .then(|| {
            let (e, w) = run(p);
            NUMBER_WORDS
                .iter()
                .any(|(n, _)| n.as_bytes() == w)
                .then_some(e)
        })
        .flatten();
    let noun = |n: usize| {
        if folded {
            return NOUNS
                .iter()
                .find_map(|w| starts_ci(b, n, w).filter(|&e| boundary(b, e)));
        }
        let (e, w) = run(n);
        match w {
            b"police" => starts_ci(b, n, "police officers"),
            b"service" => starts_ci(b, n, "service members"),
            _ => NOUNS.iter().any(|k| k.as_bytes() == w).then_some(e),
        }
        .filter(|&e| boundary(b, e))
    };
    let digits = b.get(p).is_some_and(u8::is_ascii_digit).then(|| {
        let mut j = p + 1;
        while b.get(j).is_some_and(|x| x.is_ascii_digit() || *x == b',') {
            j += 1;
        }
        j
    });
    let words = NUMBER_WORDS
        .iter()
        .filter(|_| folded)
        .filter_map(|(w, _)| starts_ci(b, p, w));
    for ne in digits.into_iter().chain(number_word).chain(words) {
        let Some(q) = spaces(s, ne) else { continue };
        let mut at = [q; 3];
        let mut m = 0;
        while m < 2 {
            let Some(w) = letters(s, at[m]).and_then(|e| spaces(s, e)) else {
                break;
            };
            m += 1;
            at[m] = w;
        }
        for &n in at[..=m].iter().rev() {
            if let Some(e) = noun(n) {
                return Some(((p, e), (p, ne), (n, e)));
            }
        }
    }
    None
}

/// End of the run of ASCII word bytes at `i`.
fn run_end(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while b.get(j).is_some_and(|&x| is_word_byte(x)) {
        j += 1;
    }
    j
}

/// End of an agreement key word and `\b` at `w`. A key word followed by
/// `\b` is a whole run of word bytes (or two, for the memorandum).
fn agreement_word_at(b: &[u8], w: usize) -> Option<usize> {
    let e = run_end(b, w);
    match b.get(w..e)? {
        b"agreement" | b"Agreement" | b"accord" | b"Accord" | b"treaty" | b"Treaty"
        | b"Declaration" | b"declaration" | b"MoU" | b"pact" | b"Pact" | b"Protocol"
        | b"Charter" | b"Initiative" => Some(e),
        b"memorandum" | b"Memorandum" => {
            ["memorandum of understanding", "Memorandum of Understanding"]
                .iter()
                .find(|k| starts(b, w, k) && boundary(b, w + k.len()))
                .map(|k| w + k.len())
        }
        _ => None,
    }
}

/// End of a connector of an agreement name at `w` (it must be followed by
/// `\s`, so it is a whole run).
fn connector_at(b: &[u8], w: usize) -> Option<usize> {
    let e = run_end(b, w);
    matches!(
        b.get(w..e)?,
        b"and" | b"of" | b"for" | b"on" | b"the" | b"de"
    )
    .then_some(e)
}
const QUOTED_WORDS: &[&str] = &["Declaration", "Agreement", "Accord", "Initiative", "Plan"];

/// End of `[A-Z][\w<extra>]*` at `i`.
fn capitalised(s: &str, i: usize, extra: &[char]) -> Result<Option<usize>, Unknown> {
    let b = s.as_bytes();
    if !b.get(i).is_some_and(u8::is_ascii_uppercase) {
        return Ok(None);
    }
    let mut j = i + 1;
    while let Some(&x) = b.get(j) {
        if x.is_ascii() {
            if !(is_word_byte(x) || extra.contains(&(x as char))) {
                break;
            }
            j += 1;
            continue;
        }
        let Some(c) = s.get(j..).and_then(|t| t.chars().next()) else {
            break;
        };
        if !(extra.contains(&c) || word_char(c)?) {
            break;
        }
        j += c.len_utf8();
    }
    Ok(Some(j))
}

/// End of an agreement name's token, `[A-Z][\w’'-]*|[0-9]+`, at `i`.
fn name_token(s: &str, i: usize) -> Result<Option<usize>, Unknown> {
    let b = s.as_bytes();
    if b.get(i).is_some_and(u8::is_ascii_digit) {
        let mut j = i + 1;
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        return Ok(Some(j));
    }
    capitalised(s, i, &['’', '\'', '-'])
}

/// End of the first branch of [`AGREEMENT`] whose name's first token runs
/// from `t` to `first`. Tokens end where `\s` follows, so each step of the
/// name is forced and backtracking only gives steps back.
fn agreement_from(s: &str, first: usize) -> Result<Option<usize>, Unknown> {
    let b = s.as_bytes();
    let mut ends = [first; 9];
    let mut m = 1;
    while m < ends.len() {
        let Some(w) = spaces(s, ends[m - 1]) else {
            break;
        };
        let mut next = None;
        if let Some(t) = connector_at(b, w).and_then(|c| spaces(s, c)) {
            next = name_token(s, t)?;
        }
        if next.is_none() {
            next = name_token(s, w)?;
        }
        let Some(e) = next else { break };
        ends[m] = e;
        m += 1;
    }
    for &e in ends[..m].iter().rev() {
        if let Some(k) = spaces(s, e).and_then(|w| agreement_word_at(b, w)) {
            return Ok(Some(k));
        }
    }
    Ok(None)
}

/// End of the second branch of [`AGREEMENT`] at `p` (an opening quote).
/// The match can only close at the first closing quote, so the question is
/// only whether the text between splits into at most five capitalised words
/// (single `\s` between) and a key word.
fn quoted_agreement(s: &str, p: usize) -> Result<Option<usize>, Unknown> {
    let start = p + '“'.len_utf8();
    let t = s.get(start..).unwrap_or("");
    let mut close = None;
    for (i, c) in t.char_indices() {
        if c == '”' {
            close = Some(i);
            break;
        }
        if !(c.is_whitespace() || c == '’' || c == '\'' || c == '-' || word_char(c)?) {
            return Ok(None);
        }
    }
    let Some(close) = close else { return Ok(None) };
    let inner = &t[..close];
    let Some(words) = QUOTED_WORDS.iter().find_map(|k| inner.strip_suffix(k)) else {
        return Ok(None);
    };
    let mut count = 0;
    let mut after_space = true;
    for c in words.chars() {
        if c.is_whitespace() {
            if after_space {
                return Ok(None);
            }
            after_space = true;
        } else {
            if after_space {
                if !c.is_ascii_uppercase() {
                    return Ok(None);
                }
                count += 1;
            }
            after_space = false;
        }
    }
    Ok((1..=5)
        .contains(&count)
        .then(|| start + close + '”'.len_utf8()))
}

/// Matches of [`AGREEMENT`] that start before `until`, leftmost first.
fn agreements(s: &str, until: usize, out: &mut Vec<Span>) -> Result<(), Unknown> {
    let b = s.as_bytes();
    let mut p = 0;
    while let Some(&x) = b.get(p).filter(|_| p < until) {
        // Only a quote, a capital or a digit starts a match.
        if !(x.is_ascii_uppercase() || x.is_ascii_digit() || x == b'"' || x == 0xE2) {
            p += 1;
            continue;
        }
        let open = if x == b'"' {
            1
        } else if starts(b, p, "“") {
            3
        } else {
            0
        };
        if open > 0 {
            let t = p + open;
            if let Some(first) = name_token(s, t)? {
                if let Some(e) = agreement_from(s, first)? {
                    out.push((p, e));
                    p = e;
                    continue;
                }
            }
            if open == 3 {
                if let Some(e) = quoted_agreement(s, p)? {
                    out.push((p, e));
                    p = e;
                    continue;
                }
            }
            p = t;
        } else if let Some(first) = name_token(s, p)? {
            if let Some(e) = agreement_from(s, first)? {
                out.push((p, e));
                p = e;
            } else {
                // A start inside this token ends where it does, and fails alike.
                p = first;
            }
        } else {
            p += 1;
        }
    }
    Ok(())
}

const MEETINGS: &[&str] = &["meeting", "session", "round", "edition", "summit"];

/// End of `ORDINAL|[0-9]+(?:st|nd|rd|th)` under `(?i)` at `i`.
fn ordinal(b: &[u8], i: usize) -> Option<usize> {
    let x = *b.get(i)?;
    // Only the ordinal words with this first letter (a long s is an s).
    let words: &[&str] = match if x == 0xC5 { b's' } else { x | 0x20 } {
        b'f' => ORDINALS_F,
        b's' => ORDINALS_S,
        b't' => ORDINALS_T,
        b'e' => ORDINALS_E,
        b'n' => ORDINALS_N,
        _ => &[],
    };
    if let Some(e) = words.iter().find_map(|o| starts_ci(b, i, o)) {
        return Some(e);
    }
    let mut j = i;
    while b.get(j).is_some_and(u8::is_ascii_digit) {
        j += 1;
    }
    if j == i {
        return None;
    }
    ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|x| starts_ci(b, j, x))
}

/// The optional `(?i:\b(?:the\s+)?(ORDINAL)\s+MEETING\s+of\s+the\s+)` at
/// `p`: its end and the ordinal.
fn mechanism_prefix(s: &str, p: usize) -> Option<(usize, Span)> {
    let b = s.as_bytes();
    if !boundary(b, p) {
        return None;
    }
    let rest = |i: usize| {
        let o = ordinal(b, i)?;
        let j = spaces(s, o)?;
        let j = MEETINGS.iter().find_map(|m| starts_ci(b, j, m))?;
        let j = spaces(s, j)?;
        let j = spaces(s, starts_ci(b, j, "of")?)?;
        let j = spaces(s, starts_ci(b, j, "the")?)?;
        Some((j, (i, o)))
    };
    starts_ci(b, p, "the")
        .and_then(|e| spaces(s, e))
        .and_then(rest)
        .or_else(|| rest(p))
}

/// End of `(?:[A-Z][\w-]*\s+){1,6}(?:Committee|...|Board)\b` at `q`. Words
/// end where `\s` follows, so only the number of them is backtracked.
fn mechanism_name(s: &str, q: usize) -> Result<Option<usize>, Unknown> {
    let b = s.as_bytes();
    let mut at = [q; 7];
    let mut m = 0;
    while m < 6 {
        let Some(e) = capitalised(s, at[m], &['-'])? else {
            break;
        };
        let Some(w) = spaces(s, e) else { break };
        m += 1;
        at[m] = w;
    }
    for &w in at[1..=m].iter().rev() {
        let e = run_end(b, w);
        let key = match b.get(w..e) {
            Some(
                b"Committee" | b"Commission" | b"Council" | b"Dialogue" | b"Forum" | b"Mechanism"
                | b"Board",
            ) => Some(e),
            Some(b"Working") => Some(w + "Working Group".len())
                .filter(|&k| starts(b, w, "Working Group") && boundary(b, k)),
            _ => None,
        };
        if key.is_some() {
            return Ok(key);
        }
    }
    Ok(None)
}

/// Matches of the mechanism pattern in `s`, leftmost first: (whole, name,
/// ordinal).
fn mechanisms(
    s: &str,
    until: usize,
    ordinals: bool,
    out: &mut Vec<(Span, Span, Option<Span>)>,
) -> Result<(), Unknown> {
    let b = s.as_bytes();
    let mut p = 0;
    // A name that fails from one capital fails from any later one in its word.
    let mut failed_to = 0;
    while let Some(&x) = b.get(p).filter(|_| p < until) {
        if !(x.is_ascii_alphanumeric() || x == 0xC5) {
            p += 1;
            continue;
        }
        // The prefix starts with "the", an ordinal's first letter (t f s e n),
        // a digit or a long s.
        let first = x.is_ascii_digit()
            || x == 0xC5
            || (x.is_ascii_alphabetic() && matches!(x | 0x20, b't' | b'f' | b's' | b'e' | b'n'));
        if ordinals && first {
            if let Some((q, o)) = mechanism_prefix(s, p) {
                if let Some(e) = mechanism_name(s, q)? {
                    out.push(((p, e), (q, e), Some(o)));
                    p = e;
                    continue;
                }
            }
        }
        if x.is_ascii_uppercase() && p >= failed_to {
            if let Some(e) = mechanism_name(s, p)? {
                out.push(((p, e), (p, e), None));
                p = e;
                continue;
            }
            failed_to = capitalised(s, p, &['-'])?.unwrap_or(p);
        }
        p += 1;
    }
    Ok(())
}

impl DetailFinder {
    pub fn new() -> DetailFinder {
        DetailFinder {
            numbers: Keys::new(NUMBER_WORDS.iter().map(|(w, _)| *w), []),
            personnel: Keys::of(Key::Personnel),
            runs: Words::new(RUN_PIECES),
            money: Words::new(&[CURRENCY_WORDS, MONEY_MARKS].concat()),
            agreement: Pattern::new(AGREEMENT),
            mechanism: Pattern::new(mechanism_source()),
        }
    }

    /// Details in the sentence `lower` (ASCII-lower-cased) that starts at
    /// byte `start` of `text`.
    pub fn find(&self, text: &str, lower: &str, start: usize, out: &mut Vec<RawDetail>) {
        let end = start + lower.len();
        let s = &text[start..end];
        let hints = self.hints(s, lower);
        // A match of the money patterns holds a digit and its key words, so
        // those are never turned away by the key-word test.
        if hints.digit && hints.money_mark {
            let mut p = 0;
            while let Some(&x) = s.as_bytes().get(p) {
                let hit = matches!(x, b'$' | b'U' | b'E' | b'G' | 0xC2 | 0xE2);
                let Some((m, cur, num, sc)) = hit.then(|| money_symbol_at(s, p)).flatten() else {
                    p += 1;
                    continue;
                };
                p = m.1;
                let value =
                    number(&s[num.0..num.1]).map(|v| v * sc.map_or(1.0, |w| scale(&s[w.0..w.1])));
                out.push(RawDetail {
                    kind: DetailKind::Money,
                    start: start + m.0,
                    end: start + m.1,
                    value,
                    unit: Some(currency(&s[cur.0..cur.1]).into()),
                });
            }
        }
        if hints.digit && hints.money_word {
            let mut p = 0;
            while let Some(&x) = s.as_bytes().get(p) {
                let found = x.is_ascii_digit().then(|| money_word_at(s, p)).flatten();
                let Some((m, num, sc, cur)) = found else {
                    p += 1;
                    continue;
                };
                p = m.1;
                let (ms, me) = (start + m.0, start + m.1);
                if out
                    .iter()
                    .any(|d| d.kind == DetailKind::Money && d.start < me && ms < d.end)
                {
                    continue;
                }
                let value =
                    number(&s[num.0..num.1]).map(|v| v * sc.map_or(1.0, |w| scale(&s[w.0..w.1])));
                out.push(RawDetail {
                    kind: DetailKind::Money,
                    start: ms,
                    end: me,
                    value,
                    unit: Some(currency(&s[cur.0..cur.1]).into()),
                });
            }
        }
        if hints.personnel {
            let first = out.len();
            let (b, l) = (s.as_bytes(), lower.as_bytes());
            let mut p = 0;
            while let Some(&x) = b.get(p) {
                // Without folded letters a match starts with a digit or the
                // first letter of a number word.
                let may_start = hints.folded
                    || x.is_ascii_digit()
                    || matches!(x | 0x20, b't' | b'f' | b's' | b'e' | b'n' | b'h' | b'd');
                let found = if may_start && (is_word_byte(x) || (hints.folded && x == 0xC5)) {
                    personnel_at(s, l, p, hints.folded)
                } else {
                    None
                };
                let Some((m, num, noun)) = found else {
                    // Only a run's first byte follows `\b`.
                    p = if is_word_byte(x) {
                        run_end(b, p)
                    } else {
                        p + 1
                    };
                    continue;
                };
                p = m.1;
                out.push(RawDetail {
                    kind: DetailKind::Personnel,
                    start: start + m.0,
                    end: start + m.1,
                    value: number(&s[num.0..num.1]),
                    unit: Some(s[noun.0..noun.1].to_lowercase()),
                });
            }
            // Folded letters (long s, Kelvin sign) can match without the key
            // words that let the pattern run.
            if out.len() > first
                && !(self.personnel.any(s, lower) && (hints.digit || self.numbers.any(s, lower)))
            {
                out.truncate(first);
            }
        }
        if hints.agreement + hints.mechanism == 0 || !s.contains(|c: char| c.is_uppercase()) {
            return;
        }
        if hints.agreement > 0 {
            let mut found = Vec::new();
            if agreements(s, hints.agreement, &mut found).is_err() {
                found.clear();
                if let Some(re) = self.agreement.regex() {
                    found.extend(re.find_iter(s).map(|m| (m.start(), m.end())));
                }
            }
            for (ms, me) in found {
                let name = s[ms..me].trim_matches(|ch| ch == '“' || ch == '”' || ch == '"');
                out.push(RawDetail {
                    kind: DetailKind::Agreement,
                    start: start + ms,
                    end: start + me,
                    value: None,
                    unit: Some(name.to_string()),
                });
            }
        }
        if hints.mechanism > 0 {
            let mut found = Vec::new();
            if mechanisms(s, hints.mechanism, hints.meeting, &mut found).is_err() {
                found.clear();
                if let Some(re) = self.mechanism.regex() {
                    found.extend(re.captures_iter(s).filter_map(|c| {
                        let m = c.get(0)?;
                        let name = c.get(2)?;
                        let o = c.get(1).map(|o| (o.start(), o.end()));
                        Some(((m.start(), m.end()), (name.start(), name.end()), o))
                    }));
                }
            }
            for (m, name, o) in found {
                let ordinal = o.and_then(|(os, oe)| {
                    let o = s[os..oe].to_ascii_lowercase();
                    ORDINALS
                        .iter()
                        .position(|w| *w == o)
                        .map(|i| (i + 1) as f64)
                        .or_else(|| {
                            o.trim_end_matches(|ch: char| ch.is_alphabetic())
                                .parse()
                                .ok()
                        })
                });
                out.push(RawDetail {
                    kind: DetailKind::Mechanism,
                    start: start + m.0,
                    end: start + m.1,
                    value: ordinal,
                    unit: Some(s[name.0..name.1].trim().to_string()),
                });
            }
        }
    }
}

/// Which patterns can match a sentence, from a search for the words that
/// end their matches. A pattern's last word follows `\s` and precedes `\b`,
/// so it is a whole run of ASCII word bytes (money aside); letters that
/// `(?i)` folds from outside ASCII are looked for on their own.
#[derive(Debug, Default)]
struct Hints {
    digit: bool,
    /// A long s or Kelvin sign, which `(?i)` folds with s and k.
    folded: bool,
    money_mark: bool,
    money_word: bool,
    personnel: bool,
    /// A meeting word ("session"), without which a mechanism has no ordinal.
    meeting: bool,
    /// Where the last key word of an agreement or mechanism starts (an
    /// upper bound): their matches start before it. Zero for none.
    agreement: usize,
    mechanism: usize,
}

/// Lower-case pieces, one in each word that can be a whole run ending a
/// match (the last run of "service members", "memorandum of understanding",
/// "Working Group"), chosen to be rare in other words; "MoU" is looked for
/// on its own. A piece lies inside one run, so a run that holds one is
/// found whatever other pieces the search reports first.
const RUN_PIECES: &[&str] = &[
    "troop", "soldi", "icers", "nnel", "erts", "advis", "ghter", "itant", "icemen", "ekeep",
    "uctor", "rines", "ailor", "ilots", "inees", "adets", "mbers", "mercen", "andos", "bserv",
    "eeting", "ssion", "round", "dition", "ummit", "greem", "ccord", "eaty", "clarat", "rstand",
    "pact", "otoc", "harter", "itiat", "mmitt", "ncil", "alogu", "orum", "roup", "chani", "oard",
];
/// No currency word overlaps another or a mark, so every one is found.
const CURRENCY_WORDS: &[&str] = &[
    "dollars", "pounds", "euros", "yuan", "roubles", "rubles", "riyals", "dirhams", "rupees",
    "yen", "lira",
];
/// The marks spelt in letters; the others are single characters.
const MONEY_MARKS: &[&str] = &["USD", "EUR", "GBP"];

/// A leftmost-first search for a few words: the packed (SIMD) searcher
/// where the machine has one, else an automaton.
#[derive(Debug)]
struct Words {
    packed: Option<packed::Searcher>,
    automaton: Option<AhoCorasick>,
}

impl Words {
    fn new(words: &[&str]) -> Words {
        let packed = packed::Config::new()
            .match_kind(packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(words)
            .build();
        let automaton = if packed.is_some() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(words)
                .ok()
        };
        Words { packed, automaton }
    }

    /// Calls `f` with the start and pattern of each match until it returns
    /// false; false if no search could be built.
    fn each(&self, haystack: &str, mut f: impl FnMut(usize, usize) -> bool) -> bool {
        if let Some(p) = &self.packed {
            for m in p.find_iter(haystack) {
                if !f(m.start(), m.pattern().as_usize()) {
                    break;
                }
            }
        } else if let Some(a) = &self.automaton {
            for m in a.find_iter(haystack) {
                if !f(m.start(), m.pattern().as_usize()) {
                    break;
                }
            }
        } else {
            return false;
        }
        true
    }
}

/// The bits below for the bytes of `b`, in blocks without branches so that
/// the compiler can use vector instructions.
fn byte_bits(b: &[u8]) -> u8 {
    fn bits(x: u8) -> u8 {
        u8::from(x.is_ascii_digit())
            | u8::from(x == b'$') << 1
            | u8::from(x == 0xC5 || x == 0x84) << 2
            | u8::from(x == 0x9D) << 3
            | u8::from(x == 0xA3 || x == 0xA5 || x == 0xAC) << 4
            | u8::from(x == b'U') << 5
    }
    let mut acc = [0u8; 32];
    let blocks = b.chunks_exact(32);
    // The tail padded with zeros, which have no bits.
    let mut tail = [0u8; 32];
    let rest = blocks.remainder();
    if let Some(t) = tail.get_mut(..rest.len()) {
        t.copy_from_slice(rest);
    }
    for block in blocks.chain([&tail[..]]) {
        for (a, &x) in acc.iter_mut().zip(block) {
            *a |= bits(x);
        }
    }
    acc.iter().fold(0, |a, &x| a | x)
}

/// Bits of [`DetailFinder::hints`]' pass over the bytes.
const DIGIT: u8 = 1;
const DOLLAR: u8 = 2;
/// Bytes of the long s and the Kelvin sign.
const FOLD_BYTE: u8 = 4;
/// The last byte of the closing quote.
const CLOSE_BYTE: u8 = 8;
/// Bytes of £, ¥ and €.
const MARK_BYTE: u8 = 16;
/// A capital U, without which there is no "MoU".
const CAPITAL_U: u8 = 32;

impl DetailFinder {
    fn hints(&self, s: &str, lower: &str) -> Hints {
        let (b, l) = (s.as_bytes(), lower.as_bytes());
        let bits = byte_bits(b);
        let digit = bits & DIGIT != 0;
        let folded = bits & FOLD_BYTE != 0 && (s.contains('ſ') || s.contains('K'));
        let mut h = Hints {
            digit,
            folded,
            personnel: folded,
            meeting: folded,
            ..Hints::default()
        };
        if bits & CLOSE_BYTE != 0 {
            h.agreement = s
                .rmatch_indices('”')
                .find(|&(i, _)| closes_quoted(b, i))
                .map_or(0, |(i, _)| i);
        }
        if bits & CAPITAL_U != 0 && s.contains("MoU") {
            h.agreement = s.len();
        }
        let mut done = 0;
        let searched = self.runs.each(lower, |mut a, _| {
            if a < done {
                return true;
            }
            while a > 0 && b.get(a - 1).is_some_and(|&x| is_word_byte(x)) {
                a -= 1;
            }
            let e = run_end(b, a);
            done = e;
            let (run, low) = (&b[a..e], l.get(a..e).unwrap_or_default());
            match low {
                b"troops" | b"soldiers" | b"officers" | b"personnel" | b"experts" | b"advisers"
                | b"advisors" | b"fighters" | b"militants" | b"policemen" | b"peacekeepers"
                | b"instructors" | b"marines" | b"sailors" | b"pilots" | b"trainees"
                | b"cadets" | b"servicemen" | b"members" | b"mercenaries" | b"commandos"
                | b"paratroopers" | b"observers" => h.personnel = true,
                b"meeting" | b"session" | b"round" | b"edition" | b"summit" => h.meeting = true,
                _ => {}
            }
            match run {
                b"agreement" | b"Agreement" | b"accord" | b"Accord" | b"treaty" | b"Treaty"
                | b"Declaration" | b"declaration" | b"understanding" | b"Understanding"
                | b"MoU" | b"pact" | b"Pact" | b"Protocol" | b"Charter" | b"Initiative" => {
                    h.agreement = h.agreement.max(a)
                }
                b"Committee" | b"Commission" | b"Council" | b"Dialogue" | b"Forum" | b"Group"
                | b"Mechanism" | b"Board" => h.mechanism = a,
                _ => {}
            }
            true
        });
        if !searched {
            (h.personnel, h.meeting) = (true, true);
            (h.agreement, h.mechanism) = (s.len(), s.len());
        }
        if digit {
            h.money_mark =
                bits & DOLLAR != 0 || (bits & MARK_BYTE != 0 && s.contains(['€', '£', '¥']));
            let searched = self.money.each(s, |_, k| {
                if k < CURRENCY_WORDS.len() {
                    h.money_word = true;
                } else {
                    h.money_mark = true;
                }
                !(h.money_word && h.money_mark)
            });
            if !searched {
                (h.money_mark, h.money_word) = (true, true);
            }
        }
        h
    }
}

/// Whether the closing quote at `i` follows a key word of the quoted
/// agreement.
fn closes_quoted(b: &[u8], i: usize) -> bool {
    let before = b.get(..i).unwrap_or_default();
    QUOTED_WORDS.iter().any(|k| before.ends_with(k.as_bytes()))
}

impl Default for DetailFinder {
    fn default() -> Self {
        DetailFinder::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_by_first_letter() {
        let lists = [ORDINALS_F, ORDINALS_S, ORDINALS_T, ORDINALS_E, ORDINALS_N];
        for list in lists {
            let Some(first) = list.first().and_then(|w| w.bytes().next()) else {
                panic!("empty list")
            };
            let want: Vec<&str> = ORDINALS
                .iter()
                .copied()
                .filter(|w| w.as_bytes()[0] == first)
                .collect();
            assert_eq!(list, &want[..]);
        }
        assert_eq!(lists.iter().map(|l| l.len()).sum::<usize>(), ORDINALS.len());
    }

    #[test]
    fn every_pattern_compiles() {
        for p in [AGREEMENT.to_string(), mechanism_source()] {
            assert!(Regex::new(&p).is_ok(), "{p}");
        }
        reference::Reference::new().every_pattern_compiles();
    }

    #[test]
    fn word_and_space_classes_follow_the_regex() {
        // Every character once; the regex marks its class in one search.
        let all: String = (0..=0x10FFFF).filter_map(char::from_u32).collect();
        for (class, ours) in [
            (
                r"\w",
                &(|c| word_char(c).ok()) as &dyn Fn(char) -> Option<bool>,
            ),
            (r"\s", &|c: char| Some(c.is_whitespace())),
        ] {
            let Ok(re) = Regex::new(class) else {
                panic!("{class}")
            };
            let mut marked = vec![false; all.len()];
            for m in re.find_iter(&all) {
                marked[m.start()] = true;
            }
            for (i, c) in all.char_indices() {
                if let Some(known) = ours(c) {
                    assert_eq!(known, marked[i], "{class} {c:?}");
                }
            }
        }
    }

    /// Pieces for sentences that come near every branch of the patterns.
    const PIECES: &[&str] = &[
        "the",
        "The",
        "THE",
        "of",
        "and",
        "for",
        "on",
        "de",
        "a",
        "signed",
        "more",
        "new",
        "additional",
        "extra",
        "Joint",
        "Military",
        "Border",
        "McDonald",
        "Jean-Luc",
        "O’Neil",
        "O'Brien",
        "Élysée",
        "Ωmega",
        "São",
        "x",
        "B2",
        "U.N.",
        "2,000",
        "12.5",
        "40",
        "3",
        "2015",
        "1.",
        "7,",
        "21st",
        "3rd",
        "2nd",
        "4th",
        "11TH",
        "ſt",
        "first",
        "Third",
        "seventh",
        "ſeventh",
        "twentieth",
        "fourteenth",
        "meeting",
        "Session",
        "round",
        "summit",
        "edition",
        "ſession",
        "two",
        "Ten",
        "hundred",
        "hundreds",
        "thousands",
        "dozens",
        "ſix",
        "often",
        "troops",
        "Troops",
        "troopſ",
        "officers",
        "police officers",
        "service members",
        "peacekeepers",
        "peaceKeepers",
        "observers",
        "personnel",
        "Kenyan",
        "$",
        "US$",
        "€",
        "£",
        "¥",
        "USD",
        "EUR",
        "GBP",
        "usd",
        "million",
        "bn",
        "mn",
        "m",
        "k",
        "thousand",
        "trillion",
        "dollars",
        "US dollars",
        "pounds",
        "pounds sterling",
        "euros",
        "yen",
        "lira",
        "agreement",
        "Agreement",
        "Agreements",
        "accord",
        "Accord",
        "treaty",
        "Treaty",
        "declaration",
        "Declaration",
        "memorandum of understanding",
        "Memorandum of Understanding",
        "memorandum",
        "MoU",
        "pact",
        "Pact",
        "Protocol",
        "Charter",
        "Initiative",
        "Plan",
        "Committee",
        "Commission",
        "Council",
        "Dialogue",
        "Forum",
        "Working Group",
        "Mechanism",
        "Board",
        "Boards",
        "Committee’s",
        "“",
        "”",
        "\"",
        "’",
        "'",
        "-",
        "_",
        ".",
        ",",
        "(",
        ")",
        ":",
        "é",
        "\u{301}",
        "\u{200d}",
        "😀",
        "٣",
        "½",
        "K",
        "İ",
        "ı",
    ];
    const GLUE: &[&str] = &[" ", " ", " ", " ", "", "  ", "\u{a0}", "\n", ", ", "-"];

    /// Sentences from [`PIECES`], by a fixed pseudo-random sequence.
    fn sentences(n: usize) -> Vec<String> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as usize
        };
        (0..n)
            .map(|_| {
                let mut s = String::new();
                for _ in 0..1 + next(14) {
                    s.push_str(PIECES[next(PIECES.len())]);
                    s.push_str(GLUE[next(GLUE.len())]);
                }
                s
            })
            .collect()
    }

    fn same_as_reference(sentences: impl IntoIterator<Item = String>) {
        let (new, old) = (DetailFinder::new(), reference::Reference::new());
        for s in sentences {
            // Inside a document, to check the offsets too.
            let text = format!("Before. {s} After");
            let lower = text.to_ascii_lowercase();
            let range = 8..8 + s.len();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            new.find(&text, &lower[range.clone()], range.start, &mut a);
            old.find(&text, &lower[range.clone()], range.start, &mut b);
            assert_eq!(a, b, "{s:?}");
        }
    }

    #[test]
    fn scanners_find_what_the_regexes_find() {
        let fixed = [
            "approved arms sales worth 12.5 million pounds ($19.4 million) last year",
            "where 40 Kenyan officers are training and 2,000 troops wait",
            "to attend the third meeting of the Joint Border Commission after they signed a Maritime Security Cooperation agreement",
            "the “Paris Agreement” and the “ParisAgreement” and “A B C D E F Plan” and “New  Plan”",
            "the 2015 Paris Agreement on Climate Change and the Treaty of Rome Treaty",
            "Two thousands new Kenyan troops and TWO hundreds troopſ and xſix troops",
            "US$5bn and $ 3 k and €2.5mn and £4,000 thousands and ¥9 m.",
            "5 million US dollars, 7 bn  pounds sterling, 3 mndollars",
            "X-third meeting of the Y Committee and the 21ſt Session of the Joint Committee",
            "the Joint Military Committee’s Working Group met the Board",
            "the ſixth session of the Joint Committee, the Ninth round of the Border Commission, the eleventh summit of the Peace Council and the 3rd edition of the Gulf Forum",
            "Hundreds of Kenyan troops, dozens observers, Eight new sailors, Nine marines",
            "a “Joint😀 Plan” and the Arab Peace Initiative",
            "",
        ];
        same_as_reference(fixed.iter().map(|s| s.to_string()));
        same_as_reference(sentences(if cfg!(debug_assertions) { 4000 } else { 40000 }));
    }

    fn find(s: &str) -> Vec<(DetailKind, String, Option<f64>, Option<String>)> {
        let mut out = Vec::new();
        DetailFinder::new().find(s, &s.to_ascii_lowercase(), 0, &mut out);
        out.into_iter()
            .map(|d| (d.kind, s[d.start..d.end].to_string(), d.value, d.unit))
            .collect()
    }

    #[test]
    fn money() {
        let d = find("approved arms sales worth 12.5 million pounds ($19.4 million) last year");
        assert_eq!(d[0].0, DetailKind::Money);
        assert_eq!(d[0].2, Some(19.4e6));
        assert_eq!(d[1].1, "12.5 million pounds");
        assert_eq!(d[1].3.as_deref(), Some("GBP"));
    }

    #[test]
    fn personnel() {
        let d = find("where 40 Kenyan officers are training and 2,000 troops wait");
        assert_eq!(d[0].2, Some(40.0));
        assert_eq!(d[0].3.as_deref(), Some("officers"));
        assert_eq!(d[1].2, Some(2000.0));
    }

    #[test]
    fn mechanisms_and_agreements() {
        let d = find("to attend the third meeting of the Joint Border Commission after they signed a Maritime Security Cooperation agreement");
        let mech = d
            .iter()
            .find(|x| x.0 == DetailKind::Mechanism)
            .expect("mechanism");
        assert_eq!(mech.2, Some(3.0));
        assert_eq!(mech.3.as_deref(), Some("Joint Border Commission"));
        assert!(d.iter().any(|x| x.0 == DetailKind::Agreement
            && x.1.contains("Maritime Security Cooperation agreement")));
    }
}
