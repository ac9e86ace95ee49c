//! Event locations: place names after locative prepositions ("in Brussels",
//! "to Moscow", "at the Benghazi headquarters", "the capital, Tripoli"),
//! resolved in the gazetteer with the document's countries as context.

use crate::{listed, WordList};
use attache_kb::{Kb, Place, PlaceKind};
use attache_text::tokens::{Token, TokenKind};

/// A place found in a sentence (token range and gazetteer entry).
#[derive(Debug, Clone, Copy)]
pub struct PlaceMention {
    pub ts: usize,
    pub te: usize,
    pub place: u32,
}

/// Words after which a capitalised name is read as a place ("visited Cairo" too).
const LOCATIVE: WordList = WordList::new(&[
    "in", "at", "to", "inside", "near", "into", "outside", "from", "visited", "visiting", "reached",
]);

fn capitalised_word(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Word
        && text[t.range()]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
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
        let locative = listed(&LOCATIVE, words[i]);
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
    for te in (j + 1..=end).rev() {
        let s = tokens[j].start as usize;
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
