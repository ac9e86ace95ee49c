//! The regex form of the detail patterns that [`super::DetailFinder`]
//! replaced with scanners, kept to test that both find the same details.

use super::{currency, number, scale, Key, RawDetail, KEY_WORDS, NUMBER_WORDS, ORDINALS};
use aho_corasick::AhoCorasick;
use attache_types::DetailKind;
use regex::{Captures, Regex};
use std::sync::OnceLock;

/// Compiled detail patterns (built once per coder).
#[derive(Debug)]
pub struct Reference {
    /// Every key word at once: number words, then [`KEY_WORDS`] (pattern
    /// ids in that order).
    key_words: Option<AhoCorasick>,
    money_symbol: Pattern,
    money_word: Pattern,
    personnel: Pattern,
    agreement: Pattern,
    mechanism: Pattern,
}

/// A pattern compiled on first use: compiling all of them costs a large
/// share of a short run's start-up, and many runs never need some.
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

    /// Captures in `haystack`; nothing (and no compiling) when it is empty.
    fn captures_iter<'h>(
        &self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + use<'_, 'h> {
        let re = if haystack.is_empty() {
            None
        } else {
            self.regex()
        };
        re.into_iter()
            .flat_map(move |re| re.captures_iter(haystack))
    }
}

impl Reference {
    pub fn every_pattern_compiles(&self) {
        for p in [
            &self.money_symbol,
            &self.money_word,
            &self.personnel,
            &self.agreement,
            &self.mechanism,
        ] {
            assert!(Regex::new(&p.source).is_ok(), "{}", p.source);
        }
    }

    pub fn new() -> Reference {
        // The patterns are constants; a test checks that each compiles.
        let re = |p: &str| Pattern::new(p);
        let ordinals = ORDINALS.join("|");
        let numbers: Vec<&str> = NUMBER_WORDS.iter().map(|(w, _)| *w).collect();
        let keys = NUMBER_WORDS
            .iter()
            .map(|(w, _)| *w)
            .chain(KEY_WORDS.iter().map(|(w, _, _)| *w));
        Reference {
            key_words: AhoCorasick::new(keys).ok(),
            money_symbol: re(
                r"(US\$|\$|€|£|¥|USD|EUR|GBP)\s?([0-9][0-9,]*(?:\.[0-9]+)?)(?:\s?(thousand|million|billion|trillion|bn|mn|m|k)(?-u:\b))?",
            ),
            money_word: re(
                r"(?-u:\b)([0-9][0-9,]*(?:\.[0-9]+)?)\s?(thousand|million|billion|trillion|bn|mn)?\s?(US dollars|dollars|pounds sterling|pounds|euros|yuan|roubles|rubles|riyals|dirhams|rupees|yen|lira)(?-u:\b)",
            ),
            personnel: re(&format!(
                r"(?i)(?-u:\b)([0-9][0-9,]*|{})\s+(?:(?:more|additional|extra|new|[A-Z][a-z]+)\s+){{0,2}}(troops|soldiers|officers|personnel|experts|advisers|advisors|fighters|militants|policemen|police officers|peacekeepers|instructors|marines|sailors|pilots|trainees|cadets|servicemen|service members|mercenaries|commandos|paratroopers|observers)(?-u:\b)",
                numbers.join("|")
            )),
            agreement: re(
                r"(?:“|\x22)?((?:[A-Z][\w’'-]*|[0-9]+)(?:\s+(?:(?:and|of|for|on|the|de)\s+)?(?:[A-Z][\w’'-]*|[0-9]+)){0,8})\s+(agreement|Agreement|accord|Accord|treaty|Treaty|Declaration|declaration|memorandum of understanding|Memorandum of Understanding|MoU|pact|Pact|Protocol|Charter|Initiative)(?-u:\b)|“((?:[A-Z][\w’'-]*\s?){1,5}(?:Declaration|Agreement|Accord|Initiative|Plan))”",
            ),
            mechanism: re(&format!(
                r"(?i:(?-u:\b)(?:the\s+)?({ordinals}|[0-9]+(?:st|nd|rd|th))\s+(?:meeting|session|round|edition|summit)\s+of\s+the\s+)?((?:[A-Z][\w-]*\s+){{1,6}}(?:Committee|Commission|Council|Dialogue|Forum|Working Group|Mechanism|Board))(?-u:\b)"
            )),
        }
    }

    /// Details in the sentence `lower` (ASCII-lower-cased) that starts at
    /// byte `start` of `text`.
    pub fn find(&self, text: &str, lower: &str, start: usize, out: &mut Vec<RawDetail>) {
        let end = start + lower.len();
        let s = &text[start..end];
        let has_digit = s.bytes().any(|b| b.is_ascii_digit());
        // One pass for the key words (substrings, as the patterns need).
        let (mut number_key, mut found) = (false, [false; 5]);
        match &self.key_words {
            None => (number_key, found) = (true, [true; 5]),
            Some(keys) => {
                for m in keys.find_overlapping_iter(lower) {
                    match m.pattern().as_usize().checked_sub(NUMBER_WORDS.len()) {
                        None => number_key = true,
                        Some(k) => match KEY_WORDS.get(k) {
                            Some((_, Some(exact), _)) if s.get(m.range()) != Some(*exact) => {}
                            Some((_, _, key)) => found[*key as usize] = true,
                            None => {}
                        },
                    }
                }
            }
        }
        let number_word = has_digit || number_key;
        let personnel = number_word && found[Key::Personnel as usize];
        let money_mark = has_digit && found[Key::MoneyMark as usize];
        let money_word = has_digit && found[Key::MoneyWord as usize];
        let agreement_word = found[Key::Agreement as usize];
        let mechanism_word = found[Key::Mechanism as usize];
        // Each pattern runs only where its key words occur.
        let haystack = |wanted: bool| if wanted { s } else { "" };
        {
            for c in self.money_symbol.captures_iter(haystack(money_mark)) {
                let (Some(m), Some(cur), Some(num)) = (c.get(0), c.get(1), c.get(2)) else {
                    continue;
                };
                let value =
                    number(num.as_str()).map(|v| v * c.get(3).map_or(1.0, |w| scale(w.as_str())));
                out.push(RawDetail {
                    kind: DetailKind::Money,
                    start: start + m.start(),
                    end: start + m.end(),
                    value,
                    unit: Some(currency(cur.as_str()).into()),
                });
            }
            for c in self.money_word.captures_iter(haystack(money_word)) {
                let (Some(m), Some(num), Some(cur)) = (c.get(0), c.get(1), c.get(3)) else {
                    continue;
                };
                let (ms, me) = (start + m.start(), start + m.end());
                if out
                    .iter()
                    .any(|d| d.kind == DetailKind::Money && d.start < me && ms < d.end)
                {
                    continue;
                }
                let value =
                    number(num.as_str()).map(|v| v * c.get(2).map_or(1.0, |w| scale(w.as_str())));
                out.push(RawDetail {
                    kind: DetailKind::Money,
                    start: ms,
                    end: me,
                    value,
                    unit: Some(currency(cur.as_str()).into()),
                });
            }
        }
        for c in self.personnel.captures_iter(haystack(personnel)) {
            let (Some(m), Some(num), Some(noun)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            out.push(RawDetail {
                kind: DetailKind::Personnel,
                start: start + m.start(),
                end: start + m.end(),
                value: number(num.as_str()),
                unit: Some(noun.as_str().to_lowercase()),
            });
        }
        if s.contains(|c: char| c.is_uppercase()) {
            for c in self.agreement.captures_iter(haystack(agreement_word)) {
                let Some(m) = c.get(0) else { continue };
                let name = c.get(4).or(c.get(0)).map(|x| {
                    x.as_str()
                        .trim_matches(|ch| ch == '“' || ch == '”' || ch == '"')
                });
                out.push(RawDetail {
                    kind: DetailKind::Agreement,
                    start: start + m.start(),
                    end: start + m.end(),
                    value: None,
                    unit: name.map(str::to_string),
                });
            }
            for c in self.mechanism.captures_iter(haystack(mechanism_word)) {
                let (Some(m), Some(name)) = (c.get(0), c.get(2)) else {
                    continue;
                };
                let ordinal = c.get(1).and_then(|o| {
                    let o = o.as_str().to_ascii_lowercase();
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
                    start: start + m.start(),
                    end: start + m.end(),
                    value: ordinal,
                    unit: Some(name.as_str().trim().to_string()),
                });
            }
        }
    }
}
