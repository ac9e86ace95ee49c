//! Word tokens with byte offsets.
//!
//! A word is a run of letters and digits, joined across inner hyphens,
//! apostrophes and periods of acronyms ("al-Sisi", "non-combat", "U.S.");
//! a possessive `'s` / `’s` is its own token so "Egypt’s" yields "Egypt",
//! "’s". Everything else that is not white space is a one-character
//! punctuation token.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Possessive,
    Punct,
}

/// A token as a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
}

impl Token {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn is_word(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Number)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Byte classes for the ASCII fast path: one bit each, so that a set of
/// classes is one mask test. Only non-ASCII chars are decoded.
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const SPACE: u8 = 4;
/// `-`, `.`, `,` and `'`: may join the parts of a word.
const JOINER: u8 = 8;
const OTHER: u8 = 16;
/// The first byte of a multi-byte char (or a continuation byte): decode it.
const WIDE: u8 = 32;

const CLASS: [u8; 256] = {
    let mut table = [WIDE; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8 as char;
        table[b] = if c.is_whitespace() {
            SPACE
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_alphabetic() {
            LETTER
        } else if matches!(c, '-' | '.' | ',' | '\'') {
            JOINER
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// No char of the General Punctuation block (typographic quotes, dashes,
/// bullets, odd spaces) is a letter or a digit.
const PUNCTUATION_BLOCK: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206f}';

/// `c.is_alphanumeric()`, with the commonest non-ASCII chars of news text
/// answered without the Unicode tables.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    !PUNCTUATION_BLOCK.contains(&c) && c.is_alphanumeric()
}

/// `c.is_alphabetic()`, as [`is_alnum`].
#[inline]
pub(crate) fn is_alpha(c: char) -> bool {
    !PUNCTUATION_BLOCK.contains(&c) && c.is_alphabetic()
}

/// The char at byte `i` of `s` (a char boundary) and its length.
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let c = s.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Whether the char at byte `i` of `s` is a letter or digit (false at the end).
fn alnum_at(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => char_at(s, i).is_some_and(|(c, _)| is_alnum(c)),
    }
}

/// Tokenize `text[start..end]`, appending tokens (offsets relative to `text`).
pub fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let slice = &text[start..end];
    let bytes = slice.as_bytes();
    let len = bytes.len();
    let mut i = 0;
    while i < len {
        let b = bytes[i];
        let class = CLASS[b as usize];
        if class == SPACE {
            i += 1;
            continue;
        }
        // The char at `i`, decoded only when it is not ASCII.
        let (c, c_len, alnum) = if class == WIDE {
            let Some((c, n)) = char_at(slice, i) else {
                break;
            };
            if c.is_whitespace() {
                i += n;
                continue;
            }
            (c, n, is_alnum(c))
        } else {
            (b as char, 1, class & (LETTER | DIGIT) != 0)
        };
        if !alnum {
            // A possessive: apostrophe + s at a word end, right after a word.
            if is_apostrophe(c) {
                let s_at = i + c_len;
                if matches!(bytes.get(s_at), Some(b's' | b'S'))
                    && !alnum_at(slice, s_at + 1)
                    && out
                        .last()
                        .is_some_and(|t| t.end as usize == start + i && t.is_word())
                {
                    out.push(Token {
                        start: (start + i) as u32,
                        end: (start + s_at + 1) as u32,
                        kind: TokenKind::Possessive,
                    });
                    i = s_at + 1;
                    continue;
                }
            }
            out.push(Token {
                start: (start + i) as u32,
                end: (start + i + c_len) as u32,
                kind: TokenKind::Punct,
            });
            i += c_len;
            continue;
        }
        // A word from `i`; `j` is the next byte to look at.
        let first_end = i + c_len;
        let mut j = first_end;
        // The classes of the word's bytes or-ed: a number has no LETTER bit
        // (a non-ASCII letter or digit counts as a letter).
        let mut seen = if class == DIGIT { DIGIT } else { LETTER };
        let mut dotted = false;
        let mut skip = 0;
        loop {
            // The run of ASCII letters and digits from `j`.
            let rest = bytes.get(j..).unwrap_or_default();
            let run = rest
                .iter()
                .position(|&b| CLASS[b as usize] & (LETTER | DIGIT) == 0)
                .unwrap_or(rest.len());
            if seen == DIGIT && !rest[..run].iter().all(u8::is_ascii_digit) {
                seen = LETTER;
            }
            j += run;
            let Some(&b) = bytes.get(j) else {
                break;
            };
            let k = CLASS[b as usize];
            let (d, d_len) = if k == JOINER {
                (b as char, 1)
            } else if k == WIDE {
                let Some((d, n)) = char_at(slice, j) else {
                    break;
                };
                if is_alnum(d) {
                    seen |= LETTER;
                    j += n;
                    continue;
                }
                (d, n)
            } else {
                // The common end of a word: skip a following space at once.
                skip = usize::from(k == SPACE);
                break;
            };
            let all_digits = seen & LETTER == 0;
            // Joiners: keep going only when a letter/digit follows.
            let joiner = d == '-' || d == '.' || d == ',' && all_digits || is_apostrophe(d);
            if !joiner {
                break;
            }
            let next_at = j + d_len;
            let Some(&nb) = bytes.get(next_at) else {
                break;
            };
            // The char after the joiner: its class, and whether it is upper case.
            let (n_alnum, n_upper, n_digit, n_is_s) = if nb < 0x80 {
                (
                    nb.is_ascii_alphanumeric(),
                    nb.is_ascii_uppercase(),
                    nb.is_ascii_digit(),
                    nb == b's' || nb == b'S',
                )
            } else {
                let Some((n, _)) = char_at(slice, next_at) else {
                    break;
                };
                (is_alnum(n), n.is_uppercase(), false, false)
            };
            if !n_alnum {
                // "U.S." keeps its final period when the word is a dotted acronym.
                if d == '.' && dotted {
                    j += 1;
                }
                break;
            }
            if is_apostrophe(d) && n_is_s && !alnum_at(slice, next_at + 1) {
                break; // possessive
            }
            if d == '.' && !(n_upper && j == first_end) && !(all_digits && n_digit) {
                break; // sentence-internal period, not an acronym or decimal
            }
            if d == ',' && !n_digit {
                break;
            }
            dotted |= d == '.';
            j = next_at;
        }
        out.push(Token {
            start: (start + i) as u32,
            end: (start + j) as u32,
            kind: if seen & LETTER == 0 {
                TokenKind::Number
            } else {
                TokenKind::Word
            },
        });
        i = j + skip;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The original char-iterator tokenizer, kept to check `tokenize` against.
    pub(crate) fn reference_tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
        let slice = &text[start..end];
        let mut chars = slice.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            if !c.is_alphanumeric() {
                // A possessive: apostrophe + s at a word end, right after a word.
                if is_apostrophe(c) {
                    if let Some(&(j, 's' | 'S')) = chars.peek() {
                        let after = slice[j + 1..].chars().next();
                        let prev_is_word = out
                            .last()
                            .is_some_and(|t| t.end as usize == start + i && t.is_word());
                        if prev_is_word && !after.is_some_and(|a| a.is_alphanumeric()) {
                            chars.next();
                            out.push(Token {
                                start: (start + i) as u32,
                                end: (start + j + 1) as u32,
                                kind: TokenKind::Possessive,
                            });
                            continue;
                        }
                    }
                }
                out.push(Token {
                    start: (start + i) as u32,
                    end: (start + i + c.len_utf8()) as u32,
                    kind: TokenKind::Punct,
                });
                continue;
            }
            let mut last = i + c.len_utf8();
            let mut digits = c.is_ascii_digit();
            let mut all_digits = digits;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    all_digits &= d.is_ascii_digit() || d == '.' || d == ',';
                    digits |= d.is_ascii_digit();
                    last = j + d.len_utf8();
                    chars.next();
                    continue;
                }
                // Joiners: keep going only when a letter/digit follows.
                let joiner = d == '-' || d == '.' || d == ',' && all_digits || is_apostrophe(d);
                if !joiner {
                    break;
                }
                let after = &slice[j + d.len_utf8()..];
                let Some(n) = after.chars().next() else { break };
                if !n.is_alphanumeric() {
                    // "U.S." keeps its final period when the word is a dotted acronym.
                    if d == '.' && slice[i..j].contains('.') {
                        last = j + 1;
                        chars.next();
                    }
                    break;
                }
                if is_apostrophe(d) && (n == 's' || n == 'S') {
                    let after_s = after[1..].chars().next();
                    if !after_s.is_some_and(|a| a.is_alphanumeric()) {
                        break; // possessive
                    }
                }
                if d == '.'
                    && !(n.is_uppercase() && slice[i..j].chars().count() == 1)
                    && !(all_digits && n.is_ascii_digit())
                {
                    break; // sentence-internal period, not an acronym or decimal
                }
                if d == ',' && !n.is_ascii_digit() {
                    break;
                }
                chars.next();
            }
            out.push(Token {
                start: (start + i) as u32,
                end: (start + last) as u32,
                kind: if digits && all_digits {
                    TokenKind::Number
                } else {
                    TokenKind::Word
                },
            });
        }
    }

    fn toks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, 0, text.len(), &mut out);
        out.iter().map(|t| &text[t.range()]).collect()
    }

    #[test]
    fn fast_char_classes_match_unicode() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn words_possessives_and_punctuation() {
        assert_eq!(
            toks("Egypt’s army chief-of-staff, al-Sisi's aide."),
            vec![
                "Egypt",
                "’s",
                "army",
                "chief-of-staff",
                ",",
                "al-Sisi",
                "'s",
                "aide",
                "."
            ]
        );
    }

    #[test]
    fn acronyms_and_numbers() {
        assert_eq!(
            toks("The U.S. paid $48.8 million (1,000 troops)."),
            vec!["The", "U.S.", "paid", "$", "48.8", "million", "(", "1,000", "troops", ")", "."]
        );
    }

    #[test]
    fn apostrophes_inside_names() {
        assert_eq!(
            toks("Hay'at Tahrir didn't"),
            vec!["Hay'at", "Tahrir", "didn't"]
        );
    }
}
