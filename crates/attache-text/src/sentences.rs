//! Sentence splitting for news text.
//!
//! Rules, in order: a line break always ends a sentence (the cleaner puts one
//! paragraph per line); `.`, `!`, `?` and `…` end a sentence when followed
//! (after closing quotes or brackets) by white space and a sentence opener,
//! unless the word before a period is an abbreviation, an initial or a
//! number-like token. Byte offsets throughout; no allocation per sentence
//! beyond the output vector.

/// A sentence as a byte range of the document text (trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Abbreviations that do not end a sentence when followed by a period
/// (compared case-sensitively, without the period).
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Apr", "Aug", "Brig", "Capt", "Cdr", "Cmdr", "Co", "Col", "Corp", "Cpl", "Dec", "Dept",
    "Dr", "Feb", "Fig", "Fr", "Ft", "Gen", "Gov", "Hon", "Inc", "Jan", "Jr", "Jul", "Jun", "Lt",
    "Ltd", "Maj", "Mar", "Messrs", "Mr", "Mrs", "Ms", "Mt", "No", "Nos", "Nov", "Oct", "Pres",
    "Prof", "Pvt", "Rep", "Reps", "Rev", "Sen", "Sens", "Sep", "Sept", "Sgt", "Sr", "St", "Supt",
    "approx", "cf", "e.g", "etc", "i.e", "no", "vs",
];

/// Words that open a new sentence even after a dotted acronym ("in the U.S. The ...").
const OPENERS_AFTER_ACRONYM: &[&str] = &[
    "A", "After", "An", "But", "He", "However", "I", "In", "It", "On", "She", "The", "Their",
    "There", "These", "They", "This", "We",
];

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
}

/// The char at byte `i` of `s` (a char boundary) and its length.
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let c = s.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// The word just before byte `dot` (the period), as a slice: it starts after
/// the last white space or opening bracket/quote.
fn word_before(text: &str, dot: usize) -> &str {
    let bytes = text.as_bytes();
    let mut start = dot;
    while start > 0 {
        let b = bytes[start - 1];
        if b < 0x80 {
            if (b as char).is_whitespace() || b == b'(' || b == b'"' {
                break;
            }
            start -= 1;
            continue;
        }
        // Back to the first byte of a multi-byte char.
        let mut k = start - 1;
        while k > 0 && !text.is_char_boundary(k) {
            k -= 1;
        }
        if char_at(text, k).is_some_and(|(c, _)| c.is_whitespace() || matches!(c, '“' | '‘')) {
            break;
        }
        start = k;
    }
    &text[start..dot]
}

fn next_word(text: &str, from: usize) -> &str {
    let tail = &text[from..];
    let end = tail
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map(|(i, _)| i)
        .unwrap_or(tail.len());
    &tail[..end]
}

/// Whether a period at byte `dot` ends the sentence, given the next word.
fn period_ends(text: &str, dot: usize, next: usize) -> bool {
    let word = word_before(text, dot);
    if word.is_empty() {
        return true;
    }
    // Initials ("J. Smith") and dotted acronyms ("U.S.", "U.N.").
    let mut letters = word.chars().filter(|c| *c != '.');
    let first = letters.next();
    let single = first.is_some() && letters.next().is_none();
    if single && first.is_some_and(char::is_uppercase) {
        return false;
    }
    let dotted = word.contains('.');
    if dotted && word.chars().filter(|c| *c != '.').all(char::is_uppercase) {
        return OPENERS_AFTER_ACRONYM.contains(&next_word(text, next));
    }
    if ABBREVIATIONS.contains(&word) {
        // "No. 5", "Gen. Hegazy": an abbreviation never ends a sentence here.
        return false;
    }
    true
}

/// Split `text` into sentences, appending to `out`.
pub fn split_sentences(text: &str, out: &mut Vec<Sentence>) {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[line_start..])
            .map(|i| line_start + i)
            .unwrap_or(bytes.len());
        split_line(text, line_start, line_end, out);
        line_start = line_end + 1;
    }
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(Sentence {
            start: start + lead,
            end: end - trail,
        });
    }
}

/// UTF-8 of `…`, the one terminator that is not ASCII.
const ELLIPSIS: &[u8] = "…".as_bytes();

/// The byte of the next `…` in `text[from..end]`, or `end`.
fn find_ellipsis(bytes: &[u8], from: usize, end: usize) -> usize {
    let mut at = from;
    while let Some(k) = memchr::memchr(ELLIPSIS[0], &bytes[at..end]) {
        let p = at + k;
        if bytes[p..end].starts_with(ELLIPSIS) {
            return p;
        }
        at = p + 1;
    }
    end
}

/// The number of white-space bytes at `text[from..end]`.
fn white_space_len(text: &str, from: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < end {
        let b = bytes[i];
        if b < 0x80 {
            if !(b as char).is_whitespace() {
                break;
            }
            i += 1;
        } else {
            match char_at(text, i) {
                Some((c, n)) if c.is_whitespace() => i += n,
                _ => break,
            }
        }
    }
    i - from
}

fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let bytes = text.as_bytes();
    let mut sent_start = start;
    let mut i = start;
    // The next `…` at or after `i` (or `end`), found lazily.
    let mut ellipsis = find_ellipsis(bytes, start, end);
    while i < end {
        if ellipsis < i {
            ellipsis = find_ellipsis(bytes, i, end);
        }
        let stop =
            memchr::memchr3(b'.', b'!', b'?', &bytes[i..ellipsis]).map_or(ellipsis, |k| i + k);
        if stop >= end {
            break;
        }
        let dot = stop;
        let (c, c_len) = if stop == ellipsis {
            ('…', ELLIPSIS.len())
        } else {
            (bytes[stop] as char, 1)
        };
        // Consume runs of terminators and closing quotes/brackets.
        let mut after = dot + c_len;
        while after < end {
            let b = bytes[after];
            if b < 0x80 {
                if matches!(b, b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']') {
                    after += 1;
                    continue;
                }
                break;
            }
            match char_at(text, after) {
                Some((d, n)) if d == '…' || is_closer(d) => after += n,
                _ => break,
            }
        }
        i = after;
        // Need white space, then an opener.
        let ws = white_space_len(text, after, end);
        if ws == 0 || after + ws == end {
            continue;
        }
        let next = after + ws;
        let Some((first, _)) = char_at(text, next) else {
            continue;
        };
        if !is_opener(first) {
            continue;
        }
        if c == '.' && !period_ends(text, dot, next) {
            continue;
        }
        push_trimmed(text, sent_start, after, out);
        sent_start = next;
    }
    push_trimmed(text, sent_start, end, out);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{split_sentences, Sentence, ABBREVIATIONS, OPENERS_AFTER_ACRONYM};

    fn is_closer(c: char) -> bool {
        matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
    }

    fn is_opener(c: char) -> bool {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
    }

    /// The word just before byte `dot` (the period), as a slice.
    fn word_before(text: &str, dot: usize) -> &str {
        let head = &text[..dot];
        let start = head
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘'))
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        &head[start..]
    }

    fn next_word(text: &str, from: usize) -> &str {
        let tail = &text[from..];
        let end = tail
            .char_indices()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map(|(i, _)| i)
            .unwrap_or(tail.len());
        &tail[..end]
    }

    /// Whether a period at byte `dot` ends the sentence, given the next word.
    fn period_ends(text: &str, dot: usize, next: usize) -> bool {
        let word = word_before(text, dot);
        if word.is_empty() {
            return true;
        }
        // Initials ("J. Smith") and dotted acronyms ("U.S.", "U.N.").
        let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
        let dotted = word.contains('.');
        if letters.len() == 1 && letters[0].is_uppercase() {
            return false;
        }
        if dotted && letters.iter().all(|c| c.is_uppercase()) {
            return OPENERS_AFTER_ACRONYM.contains(&next_word(text, next));
        }
        if ABBREVIATIONS.contains(&word) {
            // "No. 5", "Gen. Hegazy": an abbreviation never ends a sentence here.
            return false;
        }
        true
    }

    /// The original sentence splitter, kept to check `split_sentences` against.
    pub(crate) fn reference_split_sentences(text: &str, out: &mut Vec<Sentence>) {
        let bytes = text.as_bytes();
        let mut line_start = 0;
        while line_start < bytes.len() {
            let line_end = memchr::memchr(b'\n', &bytes[line_start..])
                .map(|i| line_start + i)
                .unwrap_or(bytes.len());
            split_line(text, line_start, line_end, out);
            line_start = line_end + 1;
        }
    }

    fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
        let slice = &text[start..end];
        let lead = slice.len() - slice.trim_start().len();
        let trail = slice.len() - slice.trim_end().len();
        if lead + trail < slice.len() {
            out.push(Sentence {
                start: start + lead,
                end: end - trail,
            });
        }
    }

    fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
        let line = &text[start..end];
        let mut sent_start = start;
        let mut iter = line.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if !matches!(c, '.' | '!' | '?' | '…') {
                continue;
            }
            let dot = start + i;
            // Consume runs of terminators and closing quotes/brackets.
            let mut after = dot + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if matches!(d, '.' | '!' | '?' | '…') || is_closer(d) {
                    after = start + j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            // Need white space, then an opener.
            let rest = &text[after..end];
            let ws = rest.len() - rest.trim_start().len();
            if ws == 0 || ws == rest.len() {
                continue;
            }
            let next = after + ws;
            let Some(first) = text[next..end].chars().next() else {
                continue;
            };
            if !is_opener(first) {
                continue;
            }
            if c == '.' && !period_ends(text, dot, next) {
                continue;
            }
            push_trimmed(text, sent_start, after, out);
            sent_start = next;
        }
        push_trimmed(text, sent_start, end, out);
    }

    fn split(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_sentences(text, &mut out);
        out.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_and_acronyms() {
        assert_eq!(
            split("Lt. Gen. Ali Ahmed met the U.S. envoy on Jan. 5. He left. No. 3 stayed."),
            vec![
                "Lt. Gen. Ali Ahmed met the U.S. envoy on Jan. 5.",
                "He left.",
                "No. 3 stayed."
            ]
        );
    }

    #[test]
    fn acronym_at_sentence_end() {
        assert_eq!(
            split("Troops arrived in the U.S. The talks began."),
            vec!["Troops arrived in the U.S.", "The talks began."]
        );
    }

    #[test]
    fn quotes_and_lines() {
        assert_eq!(
            split("“We will act,” he said. “Now.”\nSecond line without stop\n\nThird."),
            vec![
                "“We will act,” he said.",
                "“Now.”",
                "Second line without stop",
                "Third."
            ]
        );
    }

    #[test]
    fn initials_and_lowercase_continuations() {
        assert_eq!(
            split("J. R. Smith spoke. The talks, e.g. on trade, went on."),
            vec!["J. R. Smith spoke.", "The talks, e.g. on trade, went on."]
        );
    }

    #[test]
    fn question_and_exclamation() {
        assert_eq!(
            split("Why now? Because! ok"),
            vec!["Why now?", "Because! ok"]
        );
    }
}
