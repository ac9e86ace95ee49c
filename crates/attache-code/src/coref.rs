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
//! - "here" stands for the nearest place, capital or state named before it.
//!
//! Possessives ("his", "their", "our") and "it" are not reported: they
//! qualify a noun or are often expletive ("it is"). A pronoun is reported
//! only when an antecedent is found; it takes the antecedent's code.

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
    Some(match wants(text)? {
        Wants::Person | Wants::Speaker => Refers::Person,
        Wants::Body | Wants::Plural => Refers::Body,
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
    /// A place ("here").
    Place,
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
    }
}

/// Add a [`MentionKind::Reference`] to `out` (sorted named mentions,
/// character offsets) for every pronoun in `text` with an antecedent.
pub fn references(text: &str, index: &CharIndex, out: &mut Vec<Mention>) {
    let mut sentences = Vec::new();
    split_sentences(text, &mut sentences);
    // Sentence starts in characters, to number mentions and pronouns.
    let starts: Vec<usize> = sentences.iter().map(|s| index.char_of(s.start)).collect();
    let sentence_of = |c: usize| starts.partition_point(|&s| s <= c).saturating_sub(1);
    let mut tokens: Vec<Token> = Vec::new();
    tokenize(text, 0, text.len(), &mut tokens);
    let mut found: Vec<Mention> = Vec::new();
    for t in &tokens {
        if t.kind != TokenKind::Word {
            continue;
        }
        let word = &text[t.range()];
        let Some(w) = wants(word) else {
            continue;
        };
        let (start, end) = (
            index.char_of(t.start as usize),
            index.char_of(t.end as usize),
        );
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
            .next();
        if antecedent.is_none() && matches!(w, Wants::Speaker | Wants::Body) {
            antecedent = out[before..]
                .iter()
                .take_while(|m| sentence_of(m.start) <= here + 1)
                .find(|m| agrees(w, m));
        }
        let Some(a) = antecedent else {
            continue;
        };
        found.push(Mention {
            start,
            end,
            text: word.to_string(),
            kind: MentionKind::Reference,
            prep: None,
            code: a.code.clone(),
            antecedent: Some((a.start, a.end)),
        });
    }
    out.extend(found);
    out.sort_by_key(|m| (m.start, m.end));
}
