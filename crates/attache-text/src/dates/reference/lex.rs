//! A small window lexer for the date grammar: words, numbers and
//! punctuation with byte offsets, each word classified against the date
//! vocabulary. Works on a fixed-size array; never allocates.

/// Trigger words for the prefilter (matched ASCII case-insensitively at word
/// boundaries). Head words only: modifiers ("last", "early", "the") are
/// found by the grammar looking left of a trigger.
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
pub(in crate::dates) enum Unit {
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
pub(in crate::dates) enum Kw {
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
pub(in crate::dates) enum W {
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

    /// Lex around byte `p` (the start of a token). Returns the index of the
    /// token starting at `p`, or None.
    pub fn fill(&mut self, text: &str, p: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut start = p.saturating_sub(BACK);
        if start > 0 {
            // Snap forward to white space (always a char boundary).
            while start < p && !bytes[start].is_ascii_whitespace() {
                start += 1;
            }
        }
        self.n = 0;
        let mut cand: Option<usize> = None;
        let mut i = start;
        while i < bytes.len() {
            if let Some(c) = cand {
                if self.n >= c + AFTER {
                    break;
                }
            }
            let Some((tok, next)) = next_token(text, i) else {
                break;
            };
            i = next;
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

fn is_word_char(c: char) -> bool {
    c.is_alphabetic()
}

/// Lex one token at or after byte `i`; returns it and the byte after it.
fn next_token(text: &str, mut i: usize) -> Option<(Tok, usize)> {
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
        ));
    }
    let c = if b < 0x80 {
        b as char
    } else {
        text[i..].chars().next()?
    };
    if is_word_char(c) {
        let mut j = i;
        let mut ascii = true;
        while j < bytes.len() {
            let bj = bytes[j];
            if bj < 0x80 {
                if bj.is_ascii_alphabetic() {
                    j += 1;
                    continue;
                }
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
            ));
        }
        let w = if ascii {
            classify(&bytes[i..j])
        } else {
            W::Other
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
    ))
}

/// Classify an ASCII word.
pub(in crate::dates) fn classify(word: &[u8]) -> W {
    let mut buf = [0u8; 12];
    if word.len() > buf.len() {
        return W::Other;
    }
    for (d, s) in buf.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    let lw = &buf[..word.len()];
    use Kw::*;
    use Unit as U;
    let unit = |u, pl| W::Unit(u, pl);
    match lw {
        b"january" => W::Month(1, false),
        b"february" => W::Month(2, false),
        b"march" => W::Month(3, false),
        b"april" => W::Month(4, false),
        b"may" => W::Month(5, false),
        b"june" => W::Month(6, false),
        b"july" => W::Month(7, false),
        b"august" => W::Month(8, false),
        b"september" => W::Month(9, false),
        b"october" => W::Month(10, false),
        b"november" => W::Month(11, false),
        b"december" => W::Month(12, false),
        b"jan" => W::Month(1, true),
        b"feb" => W::Month(2, true),
        b"mar" => W::Month(3, true),
        b"apr" => W::Month(4, true),
        b"jun" => W::Month(6, true),
        b"jul" => W::Month(7, true),
        b"aug" => W::Month(8, true),
        b"sep" | b"sept" => W::Month(9, true),
        b"oct" => W::Month(10, true),
        b"nov" => W::Month(11, true),
        b"dec" => W::Month(12, true),
        b"monday" => W::Weekday(1),
        b"tuesday" => W::Weekday(2),
        b"wednesday" => W::Weekday(3),
        b"thursday" => W::Weekday(4),
        b"friday" => W::Weekday(5),
        b"saturday" => W::Weekday(6),
        b"sunday" => W::Weekday(7),
        b"minute" => unit(U::Minute, false),
        b"minutes" => unit(U::Minute, true),
        b"hour" => unit(U::Hour, false),
        b"hours" => unit(U::Hour, true),
        b"day" => unit(U::Day, false),
        b"days" => unit(U::Day, true),
        b"week" => unit(U::Week, false),
        b"weeks" => unit(U::Week, true),
        b"weekend" => unit(U::Weekend, false),
        b"weekends" => unit(U::Weekend, true),
        b"fortnight" => unit(U::Fortnight, false),
        b"month" => unit(U::Month, false),
        b"months" => unit(U::Month, true),
        b"quarter" => unit(U::Quarter, false),
        b"quarters" => unit(U::Quarter, true),
        b"year" => unit(U::Year, false),
        b"years" => unit(U::Year, true),
        b"decade" => unit(U::Decade, false),
        b"decades" => unit(U::Decade, true),
        b"century" => unit(U::Century, false),
        b"centuries" => unit(U::Century, true),
        b"spring" => W::Season(0),
        b"summer" => W::Season(1),
        b"autumn" | b"fall" => W::Season(2),
        b"winter" => W::Season(3),
        b"morning" => W::Daypart(0),
        b"afternoon" => W::Daypart(1),
        b"evening" => W::Daypart(2),
        b"night" => W::Daypart(3),
        b"one" => W::NumWord(1),
        b"two" => W::NumWord(2),
        b"three" => W::NumWord(3),
        b"four" => W::NumWord(4),
        b"five" => W::NumWord(5),
        b"six" => W::NumWord(6),
        b"seven" => W::NumWord(7),
        b"eight" => W::NumWord(8),
        b"nine" => W::NumWord(9),
        b"ten" => W::NumWord(10),
        b"eleven" => W::NumWord(11),
        b"twelve" => W::NumWord(12),
        b"thirteen" => W::NumWord(13),
        b"fourteen" => W::NumWord(14),
        b"fifteen" => W::NumWord(15),
        b"sixteen" => W::NumWord(16),
        b"seventeen" => W::NumWord(17),
        b"eighteen" => W::NumWord(18),
        b"nineteen" => W::NumWord(19),
        b"twenty" => W::NumWord(20),
        b"thirty" => W::NumWord(30),
        b"forty" => W::NumWord(40),
        b"fifty" => W::NumWord(50),
        b"sixty" => W::NumWord(60),
        b"seventy" => W::NumWord(70),
        b"eighty" => W::NumWord(80),
        b"ninety" => W::NumWord(90),
        b"hundred" => W::NumWord(100),
        b"first" => W::Ord(1),
        b"second" => W::Ord(2),
        b"third" => W::Ord(3),
        b"fourth" => W::Ord(4),
        b"fifth" => W::Ord(5),
        b"sixth" => W::Ord(6),
        b"seventh" => W::Ord(7),
        b"eighth" => W::Ord(8),
        b"ninth" => W::Ord(9),
        b"tenth" => W::Ord(10),
        b"eleventh" => W::Ord(11),
        b"twelfth" => W::Ord(12),
        b"nineteenth" => W::Ord(19),
        b"twentieth" => W::Ord(20),
        b"final" => W::Ord(99),
        b"st" | b"nd" | b"rd" | b"th" => W::Suffix,
        b"today" => W::Kw(Today),
        b"tonight" => W::Kw(Tonight),
        b"yesterday" => W::Kw(Yesterday),
        b"tomorrow" => W::Kw(Tomorrow),
        b"now" => W::Kw(Now),
        b"currently" | b"nowadays" | b"presently" => W::Kw(Currently),
        b"recently" | b"lately" => W::Kw(Recently),
        b"ago" => W::Kw(Ago),
        b"last" => W::Kw(Last),
        b"next" => W::Kw(Next),
        b"this" => W::Kw(This),
        b"that" => W::Kw(That),
        b"coming" | b"upcoming" => W::Kw(Coming),
        b"past" => W::Kw(Past),
        b"previous" | b"preceding" | b"prior" => W::Kw(Previous),
        b"following" => W::Kw(Following),
        b"current" => W::Kw(Current),
        b"same" => W::Kw(Same),
        b"recent" => W::Kw(Recent),
        b"early" => W::Kw(Early),
        b"earlier" => W::Kw(Earlier),
        b"late" => W::Kw(Late),
        b"later" => W::Kw(Later),
        b"mid" => W::Kw(Mid),
        b"middle" => W::Kw(Middle),
        b"end" => W::Kw(End),
        b"beginning" => W::Kw(Beginning),
        b"start" => W::Kw(Start),
        b"rest" => W::Kw(Rest),
        b"turn" => W::Kw(Turn),
        b"the" => W::Kw(The),
        b"a" | b"an" => W::Kw(A),
        b"of" => W::Kw(Of),
        b"in" => W::Kw(In),
        b"on" => W::Kw(On),
        b"at" => W::Kw(At),
        b"since" => W::Kw(Since),
        b"by" => W::Kw(By),
        b"until" | b"till" => W::Kw(Until),
        b"from" => W::Kw(From),
        b"over" => W::Kw(Over),
        b"during" => W::Kw(During),
        b"for" => W::Kw(For),
        b"within" => W::Kw(Within),
        b"through" => W::Kw(Through),
        b"throughout" => W::Kw(Throughout),
        b"before" => W::Kw(Before),
        b"after" => W::Kw(After),
        b"between" => W::Kw(Between),
        b"and" => W::Kw(And),
        b"to" => W::Kw(To),
        b"each" => W::Kw(Each),
        b"every" => W::Kw(Every),
        b"per" => W::Kw(Per),
        b"few" => W::Kw(Few),
        b"several" => W::Kw(Several),
        b"couple" => W::Kw(Couple),
        b"some" => W::Kw(Some),
        b"many" => W::Kw(Many),
        b"dozen" => W::Kw(Dozen),
        b"dozens" => W::Kw(Dozens),
        b"half" => W::Kw(Half),
        b"fiscal" => W::Kw(Fiscal),
        b"time" => W::Kw(Time),
        b"future" => W::Kw(Future),
        b"near" => W::Kw(Near),
        b"distant" => W::Kw(Distant),
        b"noon" | b"midday" => W::Kw(Noon),
        b"midnight" => W::Kw(Midnight),
        b"annually" | b"yearly" => W::Kw(Annually),
        b"am" => W::Kw(Am),
        b"pm" => W::Kw(Pm),
        b"gmt" | b"utc" | b"est" | b"edt" | b"cst" | b"cdt" | b"mst" | b"mdt" | b"pst" | b"pdt"
        | b"et" | b"pt" | b"bst" | b"cet" | b"cest" | b"eet" | b"eest" | b"msk" | b"jst"
        | b"ist" | b"hkt" | b"sgt" | b"aest" => W::Kw(Tz),
        b"local" => W::Kw(Local),
        b"once" => W::Kw(Once),
        b"twice" => W::Kw(Twice),
        b"times" => W::Kw(Times),
        b"q1" => W::Kw(Q(1)),
        b"q2" => W::Kw(Q(2)),
        b"q3" => W::Kw(Q(3)),
        b"q4" => W::Kw(Q(4)),
        _ => W::Other,
    }
}

/// Tense suggested by a word: `Some(true)` past, `Some(false)` future or
/// non-past. `prev` is the word before it (lower-cased comparison inside).
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
