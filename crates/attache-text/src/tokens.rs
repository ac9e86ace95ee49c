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

/// Tokenize `text[start..end]`, appending tokens (offsets relative to `text`).
pub fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
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
