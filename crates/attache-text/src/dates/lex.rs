//! The lexer of the date grammar: words, numbers and punctuation with byte
//! offsets, each word classified against the date vocabulary, and the
//! fixed-size token window the grammar works on.

/// Trigger words (matched ASCII case-insensitively as whole words), as a
/// list to check [`is_trigger`] against and to mark in the table. Head
/// words only: modifiers ("last", "early", "the") are found by the grammar
/// looking left of a trigger.
pub(super) const TRIGGERS: &[&str] = &[
    // months and abbreviations
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    // weekdays
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    // deictic words
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "now",
    "currently",
    "nowadays",
    "presently",
    "recently",
    "lately",
    "past",
    "future",
    "time",
    "annually",
    "yearly",
    "half",
    "noon",
    "midnight",
    "q1",
    "q2",
    "q3",
    "q4",
    // units
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "weekend",
    "weekends",
    "fortnight",
    "month",
    "months",
    "quarter",
    "quarters",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
    // seasons and parts of the day
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "morning",
    "afternoon",
    "evening",
    "night",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Function words and deictic words of the date grammar.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kw {
    Today,
    Tonight,
    Yesterday,
    Tomorrow,
    Now,
    Currently,
    Recently,
    Ago,
    Last,
    Next,
    This,
    That,
    Coming,
    Past,
    Previous,
    Following,
    Current,
    Same,
    Recent,
    Early,
    Earlier,
    Late,
    Later,
    Mid,
    Middle,
    End,
    Beginning,
    Start,
    Rest,
    Turn,
    The,
    A,
    Of,
    In,
    On,
    At,
    Since,
    By,
    Until,
    From,
    Over,
    During,
    For,
    Within,
    Through,
    Throughout,
    Before,
    After,
    Between,
    And,
    To,
    Each,
    Every,
    Per,
    Few,
    Several,
    Couple,
    Some,
    Many,
    Dozen,
    Dozens,
    Half,
    Fiscal,
    Time,
    Future,
    Near,
    Distant,
    Noon,
    Midnight,
    Annually,
    Am,
    Pm,
    Tz,
    Local,
    Once,
    Twice,
    Times,
    Q(u8),
}

/// Class of a token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum W {
    /// Outside the window.
    None,
    /// A word the grammar does not know.
    Other,
    /// Digits: value (saturating) and number of digits.
    Num(u32, u8),
    /// One punctuation character (typographic quotes and dashes folded to
    /// ASCII `'` and `-`; other non-ASCII punctuation is `?`).
    P(u8),
    /// Month 1..=12, abbreviated?
    Month(u8, bool),
    /// ISO weekday 1 (Monday) ..= 7 (Sunday).
    Weekday(u8),
    /// Unit, plural?
    Unit(Unit, bool),
    /// Season: 0 spring, 1 summer, 2 autumn, 3 winter.
    Season(u8),
    /// Part of day: 0 morning, 1 afternoon, 2 evening, 3 night.
    Daypart(u8),
    /// Cardinal number word.
    NumWord(u32),
    /// Ordinal number word ("first", "twentieth").
    Ord(u32),
    /// Ordinal suffix after digits ("st", "nd", "rd", "th").
    Suffix,
    Kw(Kw),
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub s: u32,
    pub e: u32,
    pub w: W,
    /// First letter upper case.
    pub cap: bool,
    /// A line break comes before it.
    pub brk: bool,
}

pub(super) const NONE_TOK: Tok = Tok {
    s: 0,
    e: 0,
    w: W::None,
    cap: false,
    brk: false,
};

/// Tokens kept in one window.
pub(super) const CAP: usize = 48;
/// Tokens lexed after the candidate.
const AFTER: usize = 22;
/// Bytes looked back before the candidate.
const BACK: usize = 110;

/// A window of tokens around one candidate.
pub(super) struct Window {
    pub toks: [Tok; CAP],
    pub n: usize,
}

impl Window {
    pub fn new() -> Self {
        Window {
            toks: [NONE_TOK; CAP],
            n: 0,
        }
    }

    /// Fill the window around token `kc` (starting at byte `p`) from the
    /// tokens of the whole text, as if lexed from white space up to `BACK`
    /// bytes before `p` into a window that drops its older half when full.
    /// Returns the index of token `kc` in the window.
    pub fn fill(&mut self, bytes: &[u8], all: &[Tok], kc: usize) -> usize {
        let p = all[kc].s as usize;
        let start = lex_start(bytes, p);
        let k0 = all[..kc].partition_point(|t| (t.s as usize) < start);
        let half = CAP / 2;
        // Tokens before the candidate; the window halves each time it is full.
        let m = kc - k0;
        let mut c = if m <= CAP {
            m
        } else {
            half + 1 + (m - CAP - 1) % half
        };
        if c == CAP {
            c = half;
        }
        // Then up to AFTER - 1 more, halving once more if they overflow.
        let q = (AFTER - 1).min(all.len() - kc - 1);
        let mut n = c + 1 + q;
        if n > CAP {
            n -= half;
            c -= half;
        }
        let b = kc + 1 + q;
        self.toks[..n].copy_from_slice(&all[b - n..b]);
        self.n = n;
        if b - n == k0 {
            // A line break counts only after the start of the lexing.
            // Mostly one byte: a plain loop, not memchr.
            #[allow(clippy::manual_contains)]
            let brk = bytes[start..all[k0].s as usize].iter().any(|&b| b == b'\n');
            self.toks[0].brk = brk;
        }
        c
    }

    /// The window as filled token by token (reference for `fill`).
    #[cfg(test)]
    pub fn fill_slow(&mut self, bytes: &[u8], all: &[Tok], p: usize) -> Option<usize> {
        let start = lex_start(bytes, p);
        let k0 = all.partition_point(|t| (t.s as usize) < start);
        self.n = 0;
        let mut cand: Option<usize> = None;
        for (k, &t) in all.iter().enumerate().skip(k0) {
            if let Some(c) = cand {
                if self.n >= c + AFTER {
                    break;
                }
            }
            let mut tok = t;
            if k == k0 {
                tok.brk = bytes[start..tok.s as usize].contains(&b'\n');
            }
            if self.n == CAP {
                match cand {
                    Some(c) if c < CAP / 2 => break,
                    _ => {
                        let drop = CAP / 2;
                        self.toks.copy_within(drop.., 0);
                        self.n -= drop;
                        if let Some(c) = cand.as_mut() {
                            *c -= drop;
                        }
                    }
                }
            }
            if tok.s as usize == p {
                cand = Some(self.n);
            }
            self.toks[self.n] = tok;
            self.n += 1;
            if cand.is_none() && tok.s as usize > p {
                return None;
            }
        }
        cand
    }
}

/// Where lexing for a window around byte `p` starts: the first white space
/// at most `BACK` bytes before it (never inside a token), else `p`.
fn lex_start(bytes: &[u8], p: usize) -> usize {
    let mut start = p.saturating_sub(BACK);
    if start > 0 {
        while start < p && !bytes[start].is_ascii_whitespace() {
            start += 1;
        }
    }
    start
}

fn is_word_char(c: char) -> bool {
    crate::tokens::is_alpha(c)
}

/// High bit set in each byte of `x` that is not an ASCII letter.
fn non_letters(x: u64) -> u64 {
    non_letters_upper(x).0
}

/// [`non_letters`], and `x` with its letters upper-cased (the key of a
/// word in [`SHORT`], once masked to the word).
#[inline(always)]
fn non_letters_upper(x: u64) -> (u64, u64) {
    const H: u64 = 0x8080_8080_8080_8080;
    // Clearing bits 5 and 7 upper-cases letters and leaves every byte below
    // 0x60, so the additions carry into no other byte.
    let z = x & 0x5f5f_5f5f_5f5f_5f5f;
    let below_a = !z.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let above_z = z.wrapping_add(0x2525_2525_2525_2525);
    // Bytes from 0x80 up fold onto letters: their own high bit marks them.
    ((below_a | above_z | x) & H, z)
}

/// End of the run of ASCII letters starting at byte `i`.
#[inline(always)]
pub(super) fn ascii_word_end(bytes: &[u8], i: usize) -> usize {
    // Eight letters at a time; most words end within the first eight bytes.
    let mut j = i;
    while let Some(chunk) = bytes.get(j..j + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        let m = non_letters(u64::from_le_bytes(a));
        if m != 0 {
            return j + (m.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    j
}

/// End of the word (maximal run of letters) starting at byte `i`, and
/// whether it is all ASCII.
#[inline(always)]
pub(super) fn word_end(text: &str, i: usize) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut j = i;
    let mut ascii = true;
    // Eight letters at a time while the text allows it.
    while let Some(chunk) = bytes.get(j..j + 8) {
        let mut a = [0u8; 8];
        a.copy_from_slice(chunk);
        let m = non_letters(u64::from_le_bytes(a));
        if m != 0 {
            j += (m.trailing_zeros() / 8) as usize;
            break;
        }
        j += 8;
    }
    loop {
        while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
            j += 1;
        }
        if bytes.get(j).is_none_or(|&bj| bj < 0x80) {
            break;
        }
        let Some(cj) = text[j..].chars().next() else {
            break;
        };
        if !is_word_char(cj) {
            break;
        }
        ascii = false;
        j += cj.len_utf8();
    }
    (j, ascii)
}

const LOWER: u64 = 0x2020_2020_2020_2020;

/// Lex from byte `i` for as long as the text goes on as one space and an
/// ASCII word, not a "Q3" (the commonest tokens, lexed as [`next_token`]
/// would), pushing the tokens and the indices of those that are trigger
/// words (a candidate, as nothing glues them on the left). Returns where it
/// stopped; it leaves the last sixteen bytes of the text to the others.
#[inline(always)]
pub(super) fn spaced_words(
    bytes: &[u8],
    mut i: usize,
    toks: &mut Vec<Tok>,
    cands: &mut Vec<usize>,
) -> usize {
    while let Some(c) = bytes.get(i..i + 9) {
        if c[0] != b' ' {
            break;
        }
        let s = i + 1;
        // One 8-byte load finds the end of most words and is their key too.
        let mut a = [0u8; 8];
        a.copy_from_slice(&c[1..]);
        let x = u64::from_le_bytes(a);
        let (m, upper) = non_letters_upper(x);
        let (j, w, mark) = if m != 0 {
            let n = (m.trailing_zeros() / 8) as usize;
            // Not a word; a word going on in non-ASCII letters ("q" is
            // marked in the table).
            if n == 0 || (x >> (8 * n)) & 0x80 != 0 {
                break;
            }
            let &(_, w, mark) = short_entry(upper & ((1u64 << (8 * n)) - 1));
            (s + n, w, mark)
        } else {
            // Eight letters or more: the next eight bytes end the word.
            let Some(c2) = bytes.get(s + 8..s + 16) else {
                break;
            };
            a.copy_from_slice(c2);
            let y = u64::from_le_bytes(a);
            let (m2, upper2) = non_letters_upper(y);
            let n2 = (m2.trailing_zeros() / 8) as usize;
            if m2 == 0 || (y >> (8 * n2)) & 0x80 != 0 {
                break;
            }
            let &(_, w, trig) = if 8 + n2 <= MAX_LEN {
                let hi = (upper2 | LOWER) & ((1u64 << (8 * n2)) - 1);
                entry(u128::from(upper | LOWER) | u128::from(hi) << 64)
            } else {
                &OTHER
            };
            (s + 8 + n2, w, u8::from(trig))
        };
        if mark != 0 {
            if mark == BAIL {
                break;
            }
            cands.push(toks.len());
        }
        toks.push(Tok {
            s: s as u32,
            e: j as u32,
            w,
            cap: (x as u8).is_ascii_uppercase(),
            brk: false,
        });
        i = j;
    }
    i
}

/// The token at `s` when it is an ASCII word (no white space before it),
/// not a "Q3", as [`next_token`] would lex it, and whether the word is a
/// trigger. None within eight bytes of the end of the text.
#[inline(always)]
pub(super) fn word_at(bytes: &[u8], s: usize) -> Option<(Tok, bool)> {
    // One 8-byte load finds the end of most words and is their key too.
    let chunk = bytes.get(s..s + 8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(chunk);
    let x = u64::from_le_bytes(a);
    let (m, upper) = non_letters_upper(x);
    let b = x as u8;
    let (j, w, trig) = if m != 0 {
        let n = (m.trailing_zeros() / 8) as usize;
        // Not a word; a word going on in non-ASCII letters; "Q" perhaps
        // of "Q3".
        if n == 0 || (x >> (8 * n)) & 0x80 != 0 || (n == 1 && (b | 0x20) == b'q') {
            return None;
        }
        let &(_, w, mark) = short_entry(upper & ((1u64 << (8 * n)) - 1));
        (s + n, w, mark == TRIGGER)
    } else {
        let j = ascii_word_end(bytes, s + 8);
        if bytes.get(j).is_some_and(|&x| x >= 0x80) {
            return None;
        }
        let (w, trig) = if j - s <= 12 {
            lookup(word_key(bytes, s, j))
        } else {
            (W::Other, false)
        };
        (j, w, trig)
    };
    let tok = Tok {
        s: s as u32,
        e: j as u32,
        w,
        cap: b.is_ascii_uppercase(),
        brk: false,
    };
    Some((tok, trig))
}

/// The token at `i` when it is one ASCII punctuation byte with no white
/// space before it, as [`next_token`] would lex it.
#[inline(always)]
pub(super) fn punct_at(bytes: &[u8], i: usize) -> Option<Tok> {
    let b = *bytes.get(i)?;
    if b >= 0x80 || b.is_ascii_alphanumeric() || b.is_ascii_whitespace() {
        return None;
    }
    let p = if b == b'`' { b'\'' } else { b };
    Some(Tok {
        s: i as u32,
        e: (i + 1) as u32,
        w: W::P(p),
        cap: false,
        brk: false,
    })
}

/// Lex one token at or after byte `i`; returns it, the byte after it and
/// whether it is an ASCII word in the trigger list.
#[inline]
pub(super) fn next_token(text: &str, mut i: usize) -> Option<(Tok, usize, bool)> {
    let bytes = text.as_bytes();
    let mut brk = false;
    // skip white space
    loop {
        let b = *bytes.get(i)?;
        if b.is_ascii_whitespace() {
            brk |= b == b'\n';
            i += 1;
            continue;
        }
        if b >= 0x80 {
            let c = text[i..].chars().next()?;
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
        }
        break;
    }
    let b = bytes[i];
    if b.is_ascii_digit() {
        let mut j = i;
        let mut v: u32 = 0;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            v = v
                .saturating_mul(10)
                .saturating_add(u32::from(bytes[j] - b'0'));
            j += 1;
        }
        let nd = (j - i).min(255) as u8;
        return Some((
            Tok {
                s: i as u32,
                e: j as u32,
                w: W::Num(v, nd),
                cap: false,
                brk,
            },
            j,
            false,
        ));
    }
    if b < 0x80 && !b.is_ascii_alphabetic() {
        // ASCII punctuation: one byte
        let p = if b == b'`' { b'\'' } else { b };
        return Some((
            Tok {
                s: i as u32,
                e: (i + 1) as u32,
                w: W::P(p),
                cap: false,
                brk,
            },
            i + 1,
            false,
        ));
    }
    let c = if b < 0x80 {
        b as char
    } else {
        text[i..].chars().next()?
    };
    if is_word_char(c) {
        let (j, ascii) = word_end(text, i);
        // "Q3": a quarter written as letter and digit
        if j == i + 1
            && (b == b'q' || b == b'Q')
            && matches!(bytes.get(j), Some(b'1'..=b'4'))
            && !bytes.get(j + 1).is_some_and(|x| x.is_ascii_alphanumeric())
        {
            return Some((
                Tok {
                    s: i as u32,
                    e: (j + 1) as u32,
                    w: W::Kw(Kw::Q(bytes[j] - b'0')),
                    cap: b == b'Q',
                    brk,
                },
                j + 1,
                false,
            ));
        }
        let (w, trig) = if ascii && j - i <= 12 {
            lookup(word_key(bytes, i, j))
        } else {
            (W::Other, false)
        };
        return Some((
            Tok {
                s: i as u32,
                e: j as u32,
                w,
                cap: c.is_uppercase(),
                brk,
            },
            j,
            trig,
        ));
    }
    let len = c.len_utf8();
    let p = match c {
        '’' | '‘' | '`' | '′' => b'\'',
        '–' | '—' | '‐' | '‑' | '−' => b'-',
        '“' | '”' => b'"',
        _ if b < 0x80 => b,
        _ => b'?',
    };
    Some((
        Tok {
            s: i as u32,
            e: (i + len) as u32,
            w: W::P(p),
            cap: false,
            brk,
        },
        i + len,
        false,
    ))
}

/// Is a lower-cased word one of the trigger words? (Reference for the
/// table's trigger marks.)
#[cfg(test)]
fn is_trigger(lw: &[u8]) -> bool {
    matches!(
        lw,
        b"january"
            | b"february"
            | b"march"
            | b"april"
            | b"may"
            | b"june"
            | b"july"
            | b"august"
            | b"september"
            | b"october"
            | b"november"
            | b"december"
            | b"jan"
            | b"feb"
            | b"mar"
            | b"apr"
            | b"jun"
            | b"jul"
            | b"aug"
            | b"sep"
            | b"sept"
            | b"oct"
            | b"nov"
            | b"dec"
            | b"monday"
            | b"tuesday"
            | b"wednesday"
            | b"thursday"
            | b"friday"
            | b"saturday"
            | b"sunday"
            | b"today"
            | b"tonight"
            | b"yesterday"
            | b"tomorrow"
            | b"now"
            | b"currently"
            | b"nowadays"
            | b"presently"
            | b"recently"
            | b"lately"
            | b"past"
            | b"future"
            | b"time"
            | b"annually"
            | b"yearly"
            | b"half"
            | b"noon"
            | b"midnight"
            | b"q1"
            | b"q2"
            | b"q3"
            | b"q4"
            | b"minute"
            | b"minutes"
            | b"hour"
            | b"hours"
            | b"day"
            | b"days"
            | b"week"
            | b"weeks"
            | b"weekend"
            | b"weekends"
            | b"fortnight"
            | b"month"
            | b"months"
            | b"quarter"
            | b"quarters"
            | b"year"
            | b"years"
            | b"decade"
            | b"decades"
            | b"century"
            | b"centuries"
            | b"spring"
            | b"summer"
            | b"autumn"
            | b"fall"
            | b"winter"
            | b"morning"
            | b"afternoon"
            | b"evening"
            | b"night"
    )
}

/// The date vocabulary: lower-case word and class.
pub(super) const WORDS: &[(&str, W)] = &[
    ("january", W::Month(1, false)),
    ("february", W::Month(2, false)),
    ("march", W::Month(3, false)),
    ("april", W::Month(4, false)),
    ("may", W::Month(5, false)),
    ("june", W::Month(6, false)),
    ("july", W::Month(7, false)),
    ("august", W::Month(8, false)),
    ("september", W::Month(9, false)),
    ("october", W::Month(10, false)),
    ("november", W::Month(11, false)),
    ("december", W::Month(12, false)),
    ("jan", W::Month(1, true)),
    ("feb", W::Month(2, true)),
    ("mar", W::Month(3, true)),
    ("apr", W::Month(4, true)),
    ("jun", W::Month(6, true)),
    ("jul", W::Month(7, true)),
    ("aug", W::Month(8, true)),
    ("sep", W::Month(9, true)),
    ("sept", W::Month(9, true)),
    ("oct", W::Month(10, true)),
    ("nov", W::Month(11, true)),
    ("dec", W::Month(12, true)),
    ("monday", W::Weekday(1)),
    ("tuesday", W::Weekday(2)),
    ("wednesday", W::Weekday(3)),
    ("thursday", W::Weekday(4)),
    ("friday", W::Weekday(5)),
    ("saturday", W::Weekday(6)),
    ("sunday", W::Weekday(7)),
    ("minute", W::Unit(Unit::Minute, false)),
    ("minutes", W::Unit(Unit::Minute, true)),
    ("hour", W::Unit(Unit::Hour, false)),
    ("hours", W::Unit(Unit::Hour, true)),
    ("day", W::Unit(Unit::Day, false)),
    ("days", W::Unit(Unit::Day, true)),
    ("week", W::Unit(Unit::Week, false)),
    ("weeks", W::Unit(Unit::Week, true)),
    ("weekend", W::Unit(Unit::Weekend, false)),
    ("weekends", W::Unit(Unit::Weekend, true)),
    ("fortnight", W::Unit(Unit::Fortnight, false)),
    ("month", W::Unit(Unit::Month, false)),
    ("months", W::Unit(Unit::Month, true)),
    ("quarter", W::Unit(Unit::Quarter, false)),
    ("quarters", W::Unit(Unit::Quarter, true)),
    ("year", W::Unit(Unit::Year, false)),
    ("years", W::Unit(Unit::Year, true)),
    ("decade", W::Unit(Unit::Decade, false)),
    ("decades", W::Unit(Unit::Decade, true)),
    ("century", W::Unit(Unit::Century, false)),
    ("centuries", W::Unit(Unit::Century, true)),
    ("spring", W::Season(0)),
    ("summer", W::Season(1)),
    ("autumn", W::Season(2)),
    ("fall", W::Season(2)),
    ("winter", W::Season(3)),
    ("morning", W::Daypart(0)),
    ("afternoon", W::Daypart(1)),
    ("evening", W::Daypart(2)),
    ("night", W::Daypart(3)),
    ("one", W::NumWord(1)),
    ("two", W::NumWord(2)),
    ("three", W::NumWord(3)),
    ("four", W::NumWord(4)),
    ("five", W::NumWord(5)),
    ("six", W::NumWord(6)),
    ("seven", W::NumWord(7)),
    ("eight", W::NumWord(8)),
    ("nine", W::NumWord(9)),
    ("ten", W::NumWord(10)),
    ("eleven", W::NumWord(11)),
    ("twelve", W::NumWord(12)),
    ("thirteen", W::NumWord(13)),
    ("fourteen", W::NumWord(14)),
    ("fifteen", W::NumWord(15)),
    ("sixteen", W::NumWord(16)),
    ("seventeen", W::NumWord(17)),
    ("eighteen", W::NumWord(18)),
    ("nineteen", W::NumWord(19)),
    ("twenty", W::NumWord(20)),
    ("thirty", W::NumWord(30)),
    ("forty", W::NumWord(40)),
    ("fifty", W::NumWord(50)),
    ("sixty", W::NumWord(60)),
    ("seventy", W::NumWord(70)),
    ("eighty", W::NumWord(80)),
    ("ninety", W::NumWord(90)),
    ("hundred", W::NumWord(100)),
    ("first", W::Ord(1)),
    ("second", W::Ord(2)),
    ("third", W::Ord(3)),
    ("fourth", W::Ord(4)),
    ("fifth", W::Ord(5)),
    ("sixth", W::Ord(6)),
    ("seventh", W::Ord(7)),
    ("eighth", W::Ord(8)),
    ("ninth", W::Ord(9)),
    ("tenth", W::Ord(10)),
    ("eleventh", W::Ord(11)),
    ("twelfth", W::Ord(12)),
    ("nineteenth", W::Ord(19)),
    ("twentieth", W::Ord(20)),
    ("final", W::Ord(99)),
    ("st", W::Suffix),
    ("nd", W::Suffix),
    ("rd", W::Suffix),
    ("th", W::Suffix),
    ("today", W::Kw(Kw::Today)),
    ("tonight", W::Kw(Kw::Tonight)),
    ("yesterday", W::Kw(Kw::Yesterday)),
    ("tomorrow", W::Kw(Kw::Tomorrow)),
    ("now", W::Kw(Kw::Now)),
    ("currently", W::Kw(Kw::Currently)),
    ("nowadays", W::Kw(Kw::Currently)),
    ("presently", W::Kw(Kw::Currently)),
    ("recently", W::Kw(Kw::Recently)),
    ("lately", W::Kw(Kw::Recently)),
    ("ago", W::Kw(Kw::Ago)),
    ("last", W::Kw(Kw::Last)),
    ("next", W::Kw(Kw::Next)),
    ("this", W::Kw(Kw::This)),
    ("that", W::Kw(Kw::That)),
    ("coming", W::Kw(Kw::Coming)),
    ("upcoming", W::Kw(Kw::Coming)),
    ("past", W::Kw(Kw::Past)),
    ("previous", W::Kw(Kw::Previous)),
    ("preceding", W::Kw(Kw::Previous)),
    ("prior", W::Kw(Kw::Previous)),
    ("following", W::Kw(Kw::Following)),
    ("current", W::Kw(Kw::Current)),
    ("same", W::Kw(Kw::Same)),
    ("recent", W::Kw(Kw::Recent)),
    ("early", W::Kw(Kw::Early)),
    ("earlier", W::Kw(Kw::Earlier)),
    ("late", W::Kw(Kw::Late)),
    ("later", W::Kw(Kw::Later)),
    ("mid", W::Kw(Kw::Mid)),
    ("middle", W::Kw(Kw::Middle)),
    ("end", W::Kw(Kw::End)),
    ("beginning", W::Kw(Kw::Beginning)),
    ("start", W::Kw(Kw::Start)),
    ("rest", W::Kw(Kw::Rest)),
    ("turn", W::Kw(Kw::Turn)),
    ("the", W::Kw(Kw::The)),
    ("a", W::Kw(Kw::A)),
    ("an", W::Kw(Kw::A)),
    ("of", W::Kw(Kw::Of)),
    ("in", W::Kw(Kw::In)),
    ("on", W::Kw(Kw::On)),
    ("at", W::Kw(Kw::At)),
    ("since", W::Kw(Kw::Since)),
    ("by", W::Kw(Kw::By)),
    ("until", W::Kw(Kw::Until)),
    ("till", W::Kw(Kw::Until)),
    ("from", W::Kw(Kw::From)),
    ("over", W::Kw(Kw::Over)),
    ("during", W::Kw(Kw::During)),
    ("for", W::Kw(Kw::For)),
    ("within", W::Kw(Kw::Within)),
    ("through", W::Kw(Kw::Through)),
    ("throughout", W::Kw(Kw::Throughout)),
    ("before", W::Kw(Kw::Before)),
    ("after", W::Kw(Kw::After)),
    ("between", W::Kw(Kw::Between)),
    ("and", W::Kw(Kw::And)),
    ("to", W::Kw(Kw::To)),
    ("each", W::Kw(Kw::Each)),
    ("every", W::Kw(Kw::Every)),
    ("per", W::Kw(Kw::Per)),
    ("few", W::Kw(Kw::Few)),
    ("several", W::Kw(Kw::Several)),
    ("couple", W::Kw(Kw::Couple)),
    ("some", W::Kw(Kw::Some)),
    ("many", W::Kw(Kw::Many)),
    ("dozen", W::Kw(Kw::Dozen)),
    ("dozens", W::Kw(Kw::Dozens)),
    ("half", W::Kw(Kw::Half)),
    ("fiscal", W::Kw(Kw::Fiscal)),
    ("time", W::Kw(Kw::Time)),
    ("future", W::Kw(Kw::Future)),
    ("near", W::Kw(Kw::Near)),
    ("distant", W::Kw(Kw::Distant)),
    ("noon", W::Kw(Kw::Noon)),
    ("midday", W::Kw(Kw::Noon)),
    ("midnight", W::Kw(Kw::Midnight)),
    ("annually", W::Kw(Kw::Annually)),
    ("yearly", W::Kw(Kw::Annually)),
    ("am", W::Kw(Kw::Am)),
    ("pm", W::Kw(Kw::Pm)),
    ("gmt", W::Kw(Kw::Tz)),
    ("utc", W::Kw(Kw::Tz)),
    ("est", W::Kw(Kw::Tz)),
    ("edt", W::Kw(Kw::Tz)),
    ("cst", W::Kw(Kw::Tz)),
    ("cdt", W::Kw(Kw::Tz)),
    ("mst", W::Kw(Kw::Tz)),
    ("mdt", W::Kw(Kw::Tz)),
    ("pst", W::Kw(Kw::Tz)),
    ("pdt", W::Kw(Kw::Tz)),
    ("et", W::Kw(Kw::Tz)),
    ("pt", W::Kw(Kw::Tz)),
    ("bst", W::Kw(Kw::Tz)),
    ("cet", W::Kw(Kw::Tz)),
    ("cest", W::Kw(Kw::Tz)),
    ("eet", W::Kw(Kw::Tz)),
    ("eest", W::Kw(Kw::Tz)),
    ("msk", W::Kw(Kw::Tz)),
    ("jst", W::Kw(Kw::Tz)),
    ("ist", W::Kw(Kw::Tz)),
    ("hkt", W::Kw(Kw::Tz)),
    ("sgt", W::Kw(Kw::Tz)),
    ("aest", W::Kw(Kw::Tz)),
    ("local", W::Kw(Kw::Local)),
    ("once", W::Kw(Kw::Once)),
    ("twice", W::Kw(Kw::Twice)),
    ("times", W::Kw(Kw::Times)),
    ("q1", W::Kw(Kw::Q(1))),
    ("q2", W::Kw(Kw::Q(2))),
    ("q3", W::Kw(Kw::Q(3))),
    ("q4", W::Kw(Kw::Q(4))),
];

/// Pack a lower-case word of at most 16 bytes into one key (letters are
/// never zero, so the key is unique).
const fn key(lw: &[u8]) -> u128 {
    let mut k = 0u128;
    let mut n = 0;
    while n < lw.len() {
        k |= (lw[n] as u128) << (8 * n);
        n += 1;
    }
    k
}

const SLOTS: usize = 1024;

#[inline(always)]
const fn slot(k: u128) -> usize {
    let h = (k as u64 ^ (k >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 54) as usize
}

/// Is `w` in [`TRIGGERS`]? (For building the table at compile time.)
const fn listed_trigger(w: &[u8]) -> bool {
    let mut k = 0;
    while k < TRIGGERS.len() {
        let t = TRIGGERS[k].as_bytes();
        if t.len() == w.len() {
            let mut n = 0;
            while n < t.len() && t[n] == w[n] {
                n += 1;
            }
            if n == t.len() {
                return true;
            }
        }
        k += 1;
    }
    false
}

/// Open-addressing table over [`WORDS`]: key, class, trigger? Built at
/// compile time, so a lookup needs no initialisation check.
static TABLE: [(u128, W, bool); SLOTS] = {
    let mut t = [(0u128, W::Other, false); SLOTS];
    let mut n = 0;
    while n < WORDS.len() {
        let (w, c) = WORDS[n];
        let k = key(w.as_bytes());
        let mut i = slot(k);
        while t[i].0 != 0 {
            i = (i + 1) % SLOTS;
        }
        t[i] = (k, c, listed_trigger(w.as_bytes()));
        n += 1;
    }
    t
};

/// Mark of a [`SHORT`] entry: a trigger word.
const TRIGGER: u8 = 1;
/// Mark of a [`SHORT`] entry: "q", perhaps of "Q3", left to
/// [`next_token`].
const BAIL: u8 = 2;

/// [`TABLE`] for the words of at most eight letters, keyed by 64 bits
/// upper-cased (as [`non_letters_upper`] gives them), with a mark (0,
/// [`TRIGGER`] or [`BAIL`]) in place of the trigger flag.
static SHORT: [(u64, W, u8); SLOTS] = {
    let mut t = [(0u64, W::Other, 0u8); SLOTS];
    let mut n = 0;
    while n <= WORDS.len() {
        let (w, c, mark) = if n < WORDS.len() {
            let (w, c) = WORDS[n];
            (
                w,
                c,
                if listed_trigger(w.as_bytes()) {
                    TRIGGER
                } else {
                    0
                },
            )
        } else {
            ("q", W::Other, BAIL)
        };
        if w.len() <= 8 {
            // Digits ("q1") fold to control bytes, never to a letter.
            let k = key(w.as_bytes()) as u64 & 0x5f5f_5f5f_5f5f_5f5f;
            let mut i = slot(k as u128);
            while t[i].0 != 0 {
                i = (i + 1) % SLOTS;
            }
            t[i] = (k, c, mark);
        }
        n += 1;
    }
    t
};

/// The entry of [`SHORT`] for a word of at most eight letters, by its
/// key: the word's own, or an empty one (class `Other`, no mark).
#[inline(always)]
fn short_entry(k: u64) -> &'static (u64, W, u8) {
    let mut i = slot(u128::from(k));
    loop {
        let e = &SHORT[i % SLOTS];
        if e.0 == k || e.0 == 0 {
            return e;
        }
        i += 1;
    }
}

/// The entry of [`TABLE`] for a word, by its key: the word's own, or an
/// empty one (class `Other`, no trigger).
#[inline(always)]
fn entry(k: u128) -> &'static (u128, W, bool) {
    let mut i = slot(k);
    loop {
        let e = &TABLE[i % SLOTS];
        if e.0 == k || e.0 == 0 {
            return e;
        }
        i += 1;
    }
}

/// An entry for words not in [`WORDS`].
static OTHER: (u128, W, bool) = (0, W::Other, false);

/// Length of the longest word in [`WORDS`]: longer words are `Other`.
const MAX_LEN: usize = {
    let mut m = 0;
    let mut n = 0;
    while n < WORDS.len() {
        if WORDS[n].0.len() > m {
            m = WORDS[n].0.len();
        }
        n += 1;
    }
    assert!(m >= 8 && m <= 12);
    m
};

/// Key of the ASCII word `bytes[i..j]` (1 to 16 letters), lower-cased.
#[inline(always)]
fn word_key(bytes: &[u8], i: usize, j: usize) -> u128 {
    let n = j - i;
    if n <= 8 {
        if let Some(s) = bytes.get(i..i + 8) {
            // Most words: one 8-byte load.
            let mut a = [0u8; 8];
            a.copy_from_slice(s);
            let mask = if n == 8 { !0 } else { (1u64 << (8 * n)) - 1 };
            return u128::from((u64::from_le_bytes(a) | 0x2020_2020_2020_2020) & mask);
        }
    }
    let Some(s) = bytes.get(i..i + 16) else {
        // Near the end of the text: byte by byte.
        let mut k = 0u128;
        for (n, &c) in bytes[i..j].iter().enumerate() {
            k |= u128::from(c | 0x20) << (8 * n);
        }
        return k;
    };
    // One 16-byte load, masked to the word.
    let mut a = [0u8; 16];
    a.copy_from_slice(s);
    let mask = (1u128 << (8 * (j - i))) - 1;
    (u128::from_le_bytes(a) | 0x2020_2020_2020_2020_2020_2020_2020_2020) & mask
}

/// Class of a lower-case ASCII word of at most 12 bytes, and whether it is
/// a trigger word.
#[cfg(test)]
pub(super) fn classify_lower(lw: &[u8]) -> (W, bool) {
    lookup(key(lw))
}

#[inline(always)]
fn lookup(k: u128) -> (W, bool) {
    let &(_, w, trig) = entry(k);
    (w, trig)
}

/// Words that mark a clause as future or non-past.
const FUTURE_CUES: &[&str] = &[
    "will",
    "shall",
    "ll",
    "would",
    "going",
    "plans",
    "plan",
    "planned",
    "planning",
    "scheduled",
    "expected",
    "expects",
    "due",
    "upcoming",
    "soon",
    "intends",
    "aims",
    "slated",
    "be",
];

/// Words that mark a clause as past (besides "-ed" forms).
const PAST_CUES: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "said",
    "told",
    "came",
    "went",
    "took",
    "made",
    "met",
    "gave",
    "got",
    "left",
    "began",
    "won",
    "lost",
    "saw",
    "held",
    "fell",
    "rose",
    "led",
    "sent",
    "found",
    "became",
    "brought",
    "bought",
    "sold",
    "spoke",
    "wrote",
    "ran",
    "struck",
    "fled",
    "stood",
    "thought",
    "knew",
    "felt",
    "kept",
    "paid",
    "spent",
    "built",
    "broke",
    "chose",
    "drew",
    "drove",
    "flew",
    "grew",
    "meant",
    "sat",
    "shook",
    "sought",
    "stole",
    "swore",
    "threw",
    "withdrew",
    "overthrew",
    "wore",
    "woke",
];

const TENSE_SLOTS: usize = 256;

#[inline(always)]
const fn tense_slot(k: u128) -> usize {
    slot(k) >> 2
}

/// Open-addressing table over the cue words: key and mark (1 future,
/// 2 past; 0 an empty slot).
static TENSE: [(u128, u8); TENSE_SLOTS] = {
    let mut t = [(0u128, 0u8); TENSE_SLOTS];
    let mut n = 0;
    while n < FUTURE_CUES.len() + PAST_CUES.len() {
        let (w, mark) = if n < FUTURE_CUES.len() {
            (FUTURE_CUES[n], 1)
        } else {
            (PAST_CUES[n - FUTURE_CUES.len()], 2)
        };
        let k = key(w.as_bytes());
        let mut i = tense_slot(k);
        while t[i].0 != 0 {
            i = (i + 1) % TENSE_SLOTS;
        }
        t[i] = (k, mark);
        n += 1;
    }
    t
};

/// Tense suggested by the word `bytes[s..e]`: `Some(true)` past,
/// `Some(false)` future or non-past. `prev_is_be` tells whether the word
/// before it is "be" (asked only of past forms).
#[inline]
pub(super) fn tense_at(
    bytes: &[u8],
    s: usize,
    e: usize,
    prev_is_be: impl FnOnce() -> bool,
) -> Option<bool> {
    let n = e - s;
    if !(2..=14).contains(&n) {
        return None;
    }
    // Or-ing 0x20 into each byte matches ASCII-lower-cased letters exactly
    // and never turns another byte into a letter.
    let k = word_key(bytes, s, e);
    let mut i = tense_slot(k);
    let mark = loop {
        let (tk, mark) = TENSE[i % TENSE_SLOTS];
        if tk == k || tk == 0 {
            break mark;
        }
        i += 1;
    };
    let past = match mark {
        1 => return Some(false),
        2 => true,
        _ => {
            let ed = u128::from(u16::from_le_bytes(*b"ed"));
            let eed = u128::from(u32::from_le_bytes(*b"eed\0"));
            n >= 5 && (k >> (8 * (n - 2))) == ed && (k >> (8 * (n - 3))) != eed
        }
    };
    if past {
        // "to be held", "will be signed": a passive after "be" is not past.
        return Some(!prev_is_be());
    }
    None
}

/// Tense suggested by a word: `Some(true)` past, `Some(false)` future or
/// non-past. `prev` is the word before it (lower-cased comparison inside).
/// (Reference for [`tense_at`].)
#[cfg(test)]
pub(super) fn tense_of(word: &[u8], prev: &[u8]) -> Option<bool> {
    let mut buf = [0u8; 14];
    if word.len() > buf.len() || word.len() < 2 {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    let lw = &buf[..word.len()];
    let future = matches!(
        lw,
        b"will"
            | b"shall"
            | b"ll"
            | b"would"
            | b"going"
            | b"plans"
            | b"plan"
            | b"planned"
            | b"planning"
            | b"scheduled"
            | b"expected"
            | b"expects"
            | b"due"
            | b"upcoming"
            | b"soon"
            | b"intends"
            | b"aims"
            | b"slated"
            | b"be"
    );
    if future {
        return Some(false);
    }
    let past = matches!(
        lw,
        b"was"
            | b"were"
            | b"had"
            | b"did"
            | b"said"
            | b"told"
            | b"came"
            | b"went"
            | b"took"
            | b"made"
            | b"met"
            | b"gave"
            | b"got"
            | b"left"
            | b"began"
            | b"won"
            | b"lost"
            | b"saw"
            | b"held"
            | b"fell"
            | b"rose"
            | b"led"
            | b"sent"
            | b"found"
            | b"became"
            | b"brought"
            | b"bought"
            | b"sold"
            | b"spoke"
            | b"wrote"
            | b"ran"
            | b"struck"
            | b"fled"
            | b"stood"
            | b"thought"
            | b"knew"
            | b"felt"
            | b"kept"
            | b"paid"
            | b"spent"
            | b"built"
            | b"broke"
            | b"chose"
            | b"drew"
            | b"drove"
            | b"flew"
            | b"grew"
            | b"meant"
            | b"sat"
            | b"shook"
            | b"sought"
            | b"stole"
            | b"swore"
            | b"threw"
            | b"withdrew"
            | b"overthrew"
            | b"wore"
            | b"woke"
    ) || (lw.len() >= 5 && lw.ends_with(b"ed") && !lw.ends_with(b"eed"));
    if past {
        // "to be held", "will be signed": a passive after "be" is not past.
        if prev.eq_ignore_ascii_case(b"be") {
            return Some(false);
        }
        return Some(true);
    }
    None
}

#[cfg(test)]
mod trigger_tests {
    use super::*;

    fn lex_all(text: &str) -> Vec<Tok> {
        let mut v = Vec::new();
        let mut i = 0;
        while let Some((t, next, _)) = next_token(text, i) {
            v.push(t);
            i = next;
        }
        v
    }

    fn same_window(a: &Window, b: &Window) -> bool {
        a.n == b.n
            && a.toks[..a.n]
                .iter()
                .zip(&b.toks[..b.n])
                .all(|(x, y)| (x.s, x.e, x.w, x.cap, x.brk) == (y.s, y.e, y.w, y.cap, y.brk))
    }

    #[test]
    fn non_letters_matches_bytes() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut a = *b"abcdefgh";
                a[pos] = b;
                let m = non_letters(u64::from_le_bytes(a));
                let want = if b.is_ascii_alphabetic() {
                    0
                } else {
                    0x80u64 << (8 * pos)
                };
                assert_eq!(m, want, "{b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn ascii_word_end_matches_bytes() {
        let letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for n in 0..40 {
            for tail in ["", " ", "9", "é", "-x", "Z"] {
                let text = format!("{}{tail} abc", &letters[..n]);
                let bytes = text.as_bytes();
                for i in 0..=n {
                    let mut want = i;
                    while want < bytes.len() && bytes[want].is_ascii_alphabetic() {
                        want += 1;
                    }
                    assert_eq!(ascii_word_end(bytes, i), want, "{text:?} from {i}");
                }
            }
        }
    }

    #[test]
    fn windows_match_token_by_token_filling() {
        let mut texts = vec![String::new()];
        for n in [1, 5, 20, 30, 47, 48, 49, 60, 73, 97, 130, 200] {
            for sep in [" ", "\n", ". ", ",", " \n ", "  - "] {
                texts.push(
                    (0..n)
                        .map(|i| format!("w{}", i % 7))
                        .collect::<Vec<_>>()
                        .join(sep),
                );
                texts.push(
                    (0..n)
                        .map(|i| (i % 10).to_string())
                        .collect::<Vec<_>>()
                        .join(sep),
                );
            }
        }
        let (mut fast, mut slow) = (Window::new(), Window::new());
        for t in &texts {
            let all = lex_all(t);
            for kc in 0..all.len() {
                let c = fast.fill(t.as_bytes(), &all, kc);
                let c2 = slow.fill_slow(t.as_bytes(), &all, all[kc].s as usize);
                assert_eq!(Some(c), c2, "{t:?} at {kc}");
                assert!(same_window(&fast, &slow), "{t:?} at {kc}");
            }
        }
    }

    #[test]
    fn tense_at_matches_tense_of() {
        let mut base: Vec<String> = FUTURE_CUES
            .iter()
            .chain(PAST_CUES)
            .map(|w| w.to_string())
            .collect();
        for w in [
            "signed",
            "agreed",
            "freed",
            "bed",
            "red",
            "ed",
            "ied",
            "need",
            "proceeded",
            "wasn",
            "wäs",
            "saidé",
            "éed",
            "fledé",
            "abcdefghijkled",
            "abcdefghijklmed",
            "abcdefghijklmned",
            "thoughts",
            "q",
            "a",
            "said3",
            "@ed",
            "[ed",
            "WILL",
            "ll",
        ] {
            base.push(w.to_string());
        }
        let mut words = Vec::new();
        for w in &base {
            let mut cap = w.clone();
            if let Some(f) = cap.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            words.extend([
                w.clone(),
                w.to_ascii_uppercase(),
                cap,
                format!("{w}s"),
                format!("x{w}"),
            ]);
            let mut short = w.clone();
            short.pop();
            words.push(short);
        }
        let mut checked = 0;
        for w in &words {
            for p in ["", "be", "BE", "Be", "bee", "b", "to"] {
                for tail in ["", " and then some more text"] {
                    let text = format!("{p} {w}{tail}");
                    let s = p.len() + 1;
                    let e = s + w.len();
                    let got = tense_at(text.as_bytes(), s, e, || p.eq_ignore_ascii_case("be"));
                    assert_eq!(got, tense_of(w.as_bytes(), p.as_bytes()), "{text:?}");
                    checked += usize::from(got.is_some());
                }
            }
        }
        assert!(checked > 1000);
    }

    #[test]
    fn short_keys_find_every_short_word_in_any_case() {
        for (w, c) in WORDS.iter().filter(|(w, _)| w.len() <= 8) {
            if !w.bytes().all(|b| b.is_ascii_alphabetic()) {
                continue;
            }
            let mut cap = w.to_string();
            cap[..1].make_ascii_uppercase();
            for form in [w.to_string(), w.to_ascii_uppercase(), cap] {
                // the word, then spaces up to the eight bytes a load reads
                let mut a = [b' '; 8];
                a[..form.len()].copy_from_slice(form.as_bytes());
                let (m, upper) = non_letters_upper(u64::from_le_bytes(a));
                let n = if m == 0 {
                    8
                } else {
                    (m.trailing_zeros() / 8) as usize
                };
                assert_eq!(n, w.len(), "{form}");
                let mask = if n == 8 { !0 } else { (1u64 << (8 * n)) - 1 };
                let &(_, got, mark) = short_entry(upper & mask);
                assert_eq!(
                    (got, mark == TRIGGER),
                    (*c, is_trigger(w.as_bytes())),
                    "{form}"
                );
            }
        }
    }

    #[test]
    fn table_marks_exactly_the_trigger_words() {
        for (w, c) in WORDS {
            assert_eq!(
                classify_lower(w.as_bytes()),
                (*c, is_trigger(w.as_bytes())),
                "{w}"
            );
        }
        let filled = TABLE.iter().filter(|e| e.0 != 0).count();
        assert_eq!(filled, WORDS.len());
    }

    #[test]
    fn trigger_list_and_match_agree() {
        for t in TRIGGERS {
            assert!(is_trigger(t.as_bytes()), "{t}");
            if !t.starts_with('q') {
                assert!(classify_lower(t.as_bytes()).1, "{t}");
            }
        }
        for w in [
            "last", "ago", "the", "midday", "mid", "early", "q5", "noons",
        ] {
            assert!(!is_trigger(w.as_bytes()), "{w}");
        }
    }
}
