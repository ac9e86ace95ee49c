//! Coreference for the mention reader: personal pronouns and deictic words
//! resolved to the named mention they stand for.
//!
//! Rules (agreement and recency, no parsing):
//! - "he", "him", "himself", "she", "herself" stand for the nearest person
//!   before them (a person's name, or a singular title or role: "the
//!   minister");
//! - "I", "me", "myself" stand for the speaker: the nearest person before
//!   them, else the first person named after them in the same or the next
//!   sentence ("'I condemn it,' the minister said");
//! - "we", "us", "ourselves" stand for the speaker's body: the nearest
//!   state, organisation, group or sector noun before them, else the first
//!   one after them in the same or the next sentence;
//! - "they", "them", "themselves" stand for the nearest group, organisation
//!   or plural sector noun, title or role ("rebels", "foreign ministers")
//!   in the same or the two sentences before (a state takes "it");
//! - "here" stands for the nearest place, capital or state named before it;
//! - definite descriptions: "the town", "the city", "the village", "the
//!   area", "the region", "the province", "the district", "the
//!   neighbourhood" stand for the nearest place named before them; "the
//!   group", "the organisation" for the nearest group or organisation
//!   (not when a name or "of" follows: "the town of X" names its place).
//!
//! Possessives ("his", "their", "our") and "it" are not reported: they
//! qualify a noun or are often expletive ("it is"). A pronoun is reported
//! only when an antecedent is found; it takes the antecedent's code.

use crate::{listed, WordList};
use attache_text::split_sentences;
use attache_text::tokens::{tokenize, Token, TokenKind};
use attache_types::CharIndex;

use crate::reading::{Mention, MentionKind};

/// What a reference stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refers {
    /// A person ("he", "I").
    Person,
    /// A state, organisation or group ("we", "they").
    Body,
    /// A place ("here").
    Place,
}

/// What the reference `text` (a [`MentionKind::Reference`]'s) stands for.
pub fn refers(text: &str) -> Option<Refers> {
    let w = match text.split_once(' ') {
        Some((_, noun)) => described_noun(noun)?,
        None => wants(text)?,
    };
    Some(match w {
        Wants::Person | Wants::Speaker => Refers::Person,
        Wants::Body | Wants::Plural | Wants::Group => Refers::Body,
        Wants::Place => Refers::Place,
    })
}

/// What a pronoun agrees with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wants {
    /// A third-person singular person.
    Person,
    /// The speaker (first person singular).
    Speaker,
    /// The speaker's body (first person plural).
    Body,
    /// A plural group (third person plural).
    Plural,
    /// A place ("here", "the town").
    Place,
    /// A non-state group or organisation ("the group").
    Group,
}

/// Nouns after "the" that stand for a place named before.
const PLACE_NOUNS: WordList = WordList::new(&[
    "city",
    "town",
    "village",
    "area",
    "region",
    "province",
    "district",
    "neighbourhood",
    "neighborhood",
]);

/// Nouns after "the" that stand for a group or organisation named before.
const GROUP_NOUNS: WordList = WordList::new(&["group", "organisation", "organization"]);

/// What "the <noun>" agrees with.
fn described_noun(noun: &str) -> Option<Wants> {
    let lower = noun.to_ascii_lowercase();
    if listed(&PLACE_NOUNS, lower.as_str()) {
        Some(Wants::Place)
    } else if listed(&GROUP_NOUNS, lower.as_str()) {
        Some(Wants::Group)
    } else {
        None
    }
}

fn wants(word: &str) -> Option<Wants> {
    // "I" is only ever capitalised; "US" is the country, not "us".
    if word == "I" {
        return Some(Wants::Speaker);
    }
    let mut chars = word.chars();
    let first = chars.next()?;
    if !chars.all(|c| c.is_ascii_lowercase()) || !first.is_ascii_alphabetic() {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    Some(match lower.as_str() {
        "he" | "him" | "himself" | "she" | "herself" => Wants::Person,
        "me" | "myself" => Wants::Speaker,
        "we" | "us" | "ourselves" => Wants::Body,
        "they" | "them" | "themselves" => Wants::Plural,
        "here" => Wants::Place,
        _ => return None,
    })
}

/// A title or role noun in the plural ("ministers", "tribesmen").
pub fn plural(m: &Mention) -> bool {
    m.text.ends_with('s') || m.text.ends_with("men")
}

/// Whether mention `m` can be the antecedent of a pronoun wanting `w`.
fn agrees(w: Wants, m: &Mention) -> bool {
    use MentionKind as K;
    match w {
        Wants::Person | Wants::Speaker => match m.kind {
            K::Person => true,
            K::Title | K::Role => !plural(m),
            _ => false,
        },
        Wants::Body => match m.kind {
            K::State | K::Capital | K::Igo | K::Group | K::Organisation | K::Sector => true,
            K::Title | K::Role => plural(m),
            _ => false,
        },
        Wants::Plural => match m.kind {
            K::Igo | K::Group | K::Organisation => true,
            K::Sector | K::Title | K::Role => plural(m),
            _ => false,
        },
        Wants::Place => matches!(m.kind, K::State | K::Capital | K::Place),
        Wants::Group => matches!(m.kind, K::Group | K::Organisation | K::Igo),
    }
}

/// Add a [`MentionKind::Reference`] to `out` (sorted named mentions,
/// character offsets) for every pronoun or definite description in `text`
/// with an antecedent. `places` are the places the gazetteer finds in the
/// text (character span and country code, in text order), antecedents of
/// "here" and "the town" besides the named mentions.
pub fn references(
    text: &str,
    index: &CharIndex,
    places: &[(usize, usize, Option<String>)],
    out: &mut Vec<Mention>,
) {
    let mut sentences = Vec::new();
    split_sentences(text, &mut sentences);
    // Sentence starts in characters, to number mentions and pronouns.
    let starts: Vec<usize> = sentences.iter().map(|s| index.char_of(s.start)).collect();
    let sentence_of = |c: usize| starts.partition_point(|&s| s <= c).saturating_sub(1);
    let mut tokens: Vec<Token> = Vec::new();
    tokenize(text, 0, text.len(), &mut tokens);
    let word = |k: usize| tokens.get(k).map_or("", |t: &Token| &text[t.range()]);
    let is_word = |k: usize| tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word);
    let mut found: Vec<Mention> = Vec::new();
    for k in 0..tokens.len() {
        if !is_word(k) {
            continue;
        }
        // "the town", "the group" (not "the town of X", "the group's",
        // "the city Council"), or a pronoun.
        let described = matches!(word(k), "the" | "The")
            && is_word(k + 1)
            && !matches!(word(k + 2), "of" | "'s" | "’s")
            && !(is_word(k + 2) && word(k + 2).starts_with(char::is_uppercase));
        let (w, last) = match described.then(|| described_noun(word(k + 1))).flatten() {
            Some(w) => (w, k + 1),
            None => match wants(word(k)) {
                Some(w) => (w, k),
                None => continue,
            },
        };
        let (bs, be) = (tokens[k].start as usize, tokens[last].end as usize);
        let (start, end) = (index.char_of(bs), index.char_of(be));
        if out.iter().any(|m| m.start < end && start < m.end) {
            continue;
        }
        let here = sentence_of(start);
        let before = out.partition_point(|m| m.start < start);
        let candidates = out[..before].iter().rev().filter(|m| agrees(w, m));
        let back = match w {
            Wants::Plural => 2,
            _ => usize::MAX,
        };
        let mut antecedent = candidates
            .take_while(|m| here - sentence_of(m.start) <= back)
            .next()
            .map(|m| (m.start, m.end, m.code.clone()));
        if antecedent.is_none() && matches!(w, Wants::Speaker | Wants::Body) {
            antecedent = out[before..]
                .iter()
                .take_while(|m| sentence_of(m.start) <= here + 1)
                .find(|m| agrees(w, m))
                .map(|m| (m.start, m.end, m.code.clone()));
        }
        // A place the gazetteer names, nearer than any named mention.
        if w == Wants::Place {
            let near = places.iter().rev().find(|p| p.1 <= start);
            if near.is_some_and(|p| antecedent.as_ref().is_none_or(|a| a.0 < p.0)) {
                antecedent = near.map(|p| (p.0, p.1, p.2.clone()));
            }
        }
        let Some((a_start, a_end, code)) = antecedent else {
            continue;
        };
        found.push(Mention {
            start,
            end,
            text: text[bs..be].to_string(),
            kind: MentionKind::Reference,
            prep: None,
            code,
            antecedent: Some((a_start, a_end)),
        });
    }
    out.extend(found);
    out.sort_by_key(|m| (m.start, m.end));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Coder;
    use attache_kb::Kb;
    use std::sync::Arc;

    /// (reference text, antecedent text) for every reference in `text`.
    fn refs(text: &str) -> Vec<(String, String)> {
        let kb = Arc::new(Kb::builtin().expect("built-in knowledge"));
        let found = Coder::new(kb).mentions(text);
        let chars: Vec<char> = text.chars().collect();
        found
            .iter()
            .filter(|m| m.kind == MentionKind::Reference)
            .map(|m| {
                let (s, e) = m.antecedent.expect("a reference has an antecedent");
                (m.text.clone(), chars[s..e].iter().collect())
            })
            .collect()
    }

    #[test]
    fn he_and_i_stand_for_the_person_before() {
        let r = refs("The defence minister met the envoy on Monday. He said: \"I will go.\"");
        assert!(r.iter().any(|(p, _)| p == "He"));
        assert!(r.iter().any(|(p, _)| p == "I"));
        assert!(r.iter().all(|(_, a)| a != "Monday"));
    }

    #[test]
    fn we_stands_for_a_state_and_they_for_a_group() {
        let r = refs("Egypt condemned the attack. We stand with the victims, Cairo said. Hezbollah denied it; they blamed others.");
        assert!(r.iter().any(|(p, a)| p == "We" && a == "Egypt"));
        assert!(
            r.iter().any(|(p, a)| p == "they" && a == "Hezbollah"),
            "{r:?}"
        );
    }

    #[test]
    fn no_antecedent_no_reference() {
        assert!(refs("He left early and they stayed here.").is_empty());
    }

    #[test]
    fn possessives_it_and_the_country_us_are_not_references() {
        let r =
            refs("Egypt said its troops and their allies would stay; it is calm. The US agreed.");
        assert!(r.is_empty(), "{r:?}");
    }

    #[test]
    fn the_town_stands_for_the_place_before_unless_named_after() {
        let r = refs(
            "Shelling hit Aleppo overnight. The city was quiet by noon, near the town of Azaz.",
        );
        assert!(r.iter().any(|(p, a)| p == "The city" && a == "Aleppo"));
        assert!(!r.iter().any(|(p, _)| p == "the town"));
    }

    #[test]
    fn refers_types_the_reference() {
        assert_eq!(refers("he"), Some(Refers::Person));
        assert_eq!(refers("I"), Some(Refers::Person));
        assert_eq!(refers("we"), Some(Refers::Body));
        assert_eq!(refers("the group"), Some(Refers::Body));
        assert_eq!(refers("here"), Some(Refers::Place));
        assert_eq!(refers("the town"), Some(Refers::Place));
        assert_eq!(refers("US"), None);
        assert_eq!(refers("its"), None);
    }
}
