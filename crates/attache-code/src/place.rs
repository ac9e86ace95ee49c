//! Event locations: place names after locative prepositions ("in Brussels",
//! "to Moscow", "at the Benghazi headquarters", "the capital, Tripoli"),
//! resolved in the gazetteer with the document's countries as context.

use attache_kb::{Kb, Place, PlaceKind};
use attache_text::tokens::{Token, TokenKind};

/// A place found in a sentence (token range and gazetteer entry).
#[derive(Debug, Clone, Copy)]
pub struct PlaceMention {
    pub ts: usize,
    pub te: usize,
    pub place: u32,
}

/// Words after which a capitalised name is read as a place ("visited Cairo"
/// too). Asked for every token: byte patterns compile to a test of the
/// length and then of the bytes.
fn locative(word: &str) -> bool {
    matches!(
        word.as_bytes(),
        b"in"
            | b"at"
            | b"to"
            | b"inside"
            | b"near"
            | b"into"
            | b"outside"
            | b"from"
            | b"visited"
            | b"visiting"
            | b"reached"
    )
}

fn capitalised_word(text: &str, t: &Token) -> bool {
    if t.kind != TokenKind::Word {
        return false;
    }
    let w = &text[t.range()];
    match w.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => w.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Find places in one sentence. `context` holds ISO3 codes of countries the
/// document names, most frequent first.
pub fn find(
    kb: &Kb,
    text: &str,
    tokens: &[Token],
    words: &[&str],
    context: &[String],
    key: &mut String,
    out: &mut Vec<PlaceMention>,
) {
    let mut i = 0;
    while i < tokens.len() {
        let locative = locative(words[i]);
        let capital_apposition = words[i] == "capital" && words.get(i + 1) == Some(&",");
        if !(locative || capital_apposition) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        if capital_apposition {
            j += 1;
        }
        // Skip a determiner.
        if words.get(j) == Some(&"the") {
            j += 1;
        }
        if let Some(m) = longest_place(kb, text, tokens, j, context, key) {
            out.push(m);
            i = m.te;
            continue;
        }
        i += 1;
    }
}

/// Longest gazetteer name of up to four capitalised words starting at token `j`.
fn longest_place(
    kb: &Kb,
    text: &str,
    tokens: &[Token],
    j: usize,
    context: &[String],
    key: &mut String,
) -> Option<PlaceMention> {
    let first = tokens.get(j)?;
    if !capitalised_word(text, first) {
        return None;
    }
    let mut end = j;
    while end < tokens.len()
        && end - j < 4
        && (capitalised_word(text, &tokens[end])
            || (end > j && matches!(&text[tokens[end].range()], "-" | "of")))
    {
        end += 1;
    }
    let s = tokens[j].start as usize;
    let span = &tokens[j..end];
    let mut ends = [0usize; 4];
    if ascii_keys(text, s, span, key, &mut ends) {
        for te in (j + 1..=end).rev() {
            let ids = kb.places_by_key(key.get(..ends[te - j - 1]).unwrap_or_default());
            if let Some(best) = choose(kb, ids, context) {
                return Some(PlaceMention {
                    ts: j,
                    te,
                    place: best,
                });
            }
        }
        return None;
    }
    for te in (j + 1..=end).rev() {
        let e = tokens[te - 1].end as usize;
        key.clear();
        attache_kb::normalise_place_name(&text[s..e], key);
        let ids = kb.places_by_key(key);
        if let Some(best) = choose(kb, ids, context) {
            return Some(PlaceMention {
                ts: j,
                te,
                place: best,
            });
        }
    }
    None
}

/// The gazetteer key of `text[s..]` up to the end of the last token of
/// `span` (at most four), written once into `key`; `ends[n]` is the length
/// of the key of the name ending with token `n`. The normal form emits a
/// space only before the next character that is not one, so the key of a
/// shorter name is a prefix of the longer one's. False (nothing written
/// that counts) where the text is not all ASCII: the general form handles it.
fn ascii_keys(
    text: &str,
    s: usize,
    span: &[Token],
    key: &mut String,
    ends: &mut [usize; 4],
) -> bool {
    let Some(last) = span.last() else {
        return false;
    };
    let Some(name) = text.as_bytes().get(s..last.end as usize) else {
        return false;
    };
    if !name.is_ascii() {
        return false;
    }
    key.clear();
    let mut space = false;
    let mut at = s;
    for (t, end) in span.iter().zip(ends.iter_mut()) {
        let e = t.end as usize;
        for &b in name.get(at - s..e - s).unwrap_or_default() {
            // Unicode White_Space within ASCII: \t \n \v \f \r and space.
            if matches!(b, b'\t'..=b'\r' | b' ') {
                space = true;
                continue;
            }
            if space && !key.is_empty() {
                key.push(' ');
            }
            space = false;
            key.push(char::from(if b == b'`' {
                b'\''
            } else {
                b.to_ascii_lowercase()
            }));
        }
        at = e.max(at);
        *end = key.len();
    }
    true
}

/// Prefer a place in a country the document is about; then countries, capitals, population.
pub fn choose(kb: &Kb, ids: &[u32], context: &[String]) -> Option<u32> {
    if ids.is_empty() {
        return None;
    }
    for c in context {
        if let Some(&id) = ids
            .iter()
            .find(|&&id| kb.places[id as usize].country.as_deref() == Some(c.as_str()))
        {
            return Some(id);
        }
    }
    // Without context: only prominent places, so "Of" or "Sunday" never resolve to a village.
    ids.iter().copied().find(|&id| {
        let p: &Place = &kb.places[id as usize];
        matches!(
            p.kind,
            PlaceKind::Country | PlaceKind::Capital | PlaceKind::Admin1
        ) || p.population >= 100_000
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys written at once equal the general form of each name.
    #[test]
    fn ascii_keys_equal_the_general_form() {
        const BYTES: &[u8] = b"aZ -`'.\t\n\x0b\x0c\r\x1f_9Oo";
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as usize
        };
        let mut key = String::new();
        for _ in 0..20_000 {
            let text: String = (0..next(24))
                .map(|_| char::from(BYTES[next(BYTES.len())]))
                .collect();
            // Up to four tokens after `s`, ends rising.
            let s = next(text.len() + 1);
            let mut tokens = Vec::new();
            let mut end = s;
            for _ in 0..1 + next(4) {
                end = (end + next(6)).min(text.len());
                tokens.push(Token {
                    start: s as u32,
                    end: end as u32,
                    kind: TokenKind::Word,
                });
            }
            let mut ends = [0; 4];
            assert!(ascii_keys(&text, s, &tokens, &mut key, &mut ends));
            for (t, &n) in tokens.iter().zip(&ends) {
                let mut want = String::new();
                attache_kb::normalise_place_name(&text[s..t.end as usize], &mut want);
                assert_eq!(&key[..n], want, "{text:?} {s}..{}", t.end);
            }
        }
        let t = [Token {
            start: 0,
            end: 3,
            kind: TokenKind::Word,
        }];
        assert!(!ascii_keys("Sāo", 0, &t, &mut key, &mut [0; 4]));
    }

    #[test]
    fn capitalised_and_locative_words() {
        let t = |s: &str| Token {
            start: 0,
            end: s.len() as u32,
            kind: TokenKind::Word,
        };
        for (w, want) in [
            ("Cairo", true),
            ("cairo", false),
            ("Éire", true),
            ("éire", false),
            ("", false),
        ] {
            assert_eq!(capitalised_word(w, &t(w)), want, "{w}");
        }
        for w in [
            "in", "at", "to", "inside", "near", "into", "outside", "from", "visited", "visiting",
            "reached",
        ] {
            assert!(locative(w), "{w}");
        }
        for w in ["", "i", "on", "the", "visit", "intoo"] {
            assert!(!locative(w), "{w}");
        }
    }
}
