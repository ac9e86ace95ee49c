//! Reading without coding events: every named mention of a text (for named
//! entity evaluation and analysts' indexes) and every place it names (a
//! geoparser over the same gazetteer the coder uses).

use attache_kb::{Kb, PlaceKind, StateForm};
use attache_text::tokens::{tokenize, Token, TokenKind};
use attache_text::{split_sentences, Sentence};
use attache_types::CharIndex;

use crate::phrases::{self, PieceKind};
use crate::{document_context, Coder};

/// Nouns that make a capitalised name an administrative unit.
const ADMIN_NOUNS: &[&str] = &[
    "County",
    "Province",
    "Region",
    "District",
    "Governorate",
    "Oblast",
    "Prefecture",
    "Parish",
];

/// What kind of thing a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A state by name ("Egypt").
    State,
    /// A state by adjective or demonym ("Egyptian").
    Demonym,
    /// A capital or seat of power standing for a state ("Cairo said", "the Kremlin").
    Capital,
    /// An international organisation or body.
    Igo,
    /// A non-state group, movement or rival government.
    Group,
    /// A person known to the knowledge base, or a name after a title.
    Person,
    /// An office title ("defence minister").
    Title,
    /// A sector noun ("army", "rebels").
    Sector,
}

/// A named mention, character offsets into the text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: MentionKind,
    /// The preposition before the phrase holding the mention ("in", "by").
    pub prep: Option<&'static str>,
    /// Country or organisation code it resolves to.
    pub code: Option<String>,
}

/// A place named in a text, character offsets into the text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PlaceName {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub name: String,
    pub country: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub geonameid: Option<u64>,
    /// `country`, `admin1`, `capital` or `city`.
    pub kind: &'static str,
}

fn kind_name(k: PlaceKind) -> &'static str {
    match k {
        PlaceKind::Country => "country",
        PlaceKind::Admin1 => "admin1",
        PlaceKind::Capital => "capital",
        PlaceKind::City => "city",
    }
}

impl Coder {
    /// Every knowledge-base mention and titled name in `text`.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let kb: &Kb = self.kb();
        let lower = text.to_ascii_lowercase();
        let index = CharIndex::new(text);
        let mut matches = Vec::new();
        kb.find_mentions(text, &mut matches);
        let doc = document_context(kb, text, &matches);
        let mut sentences: Vec<Sentence> = Vec::new();
        split_sentences(text, &mut sentences);
        let mut out = Vec::new();
        let mut tokens: Vec<Token> = Vec::new();
        let mut pieces = Vec::new();
        let mut found = Vec::new();
        for s in &sentences {
            tokens.clear();
            tokenize(text, s.start, s.end, &mut tokens);
            let words: Vec<&str> = tokens.iter().map(|t| &lower[t.range()]).collect();
            let m0 = matches.partition_point(|m| m.start < s.start);
            let m1 = matches.partition_point(|m| m.start < s.end);
            pieces.clear();
            phrases::pieces(
                kb,
                text,
                &tokens,
                &words,
                &matches[m0..m1],
                &doc,
                &mut pieces,
            );
            found.clear();
            phrases::phrases(&words, &pieces, &mut found);
            for p in &found {
                for piece in &pieces[p.pieces.clone()] {
                    let (kind, code) = match piece.kind {
                        PieceKind::State(st, form) => {
                            let code = Some(kb.states[st as usize].code.clone());
                            let kind = match form {
                                StateForm::Name => MentionKind::State,
                                StateForm::Adjective => MentionKind::Demonym,
                                StateForm::Capital | StateForm::Metonym => MentionKind::Capital,
                            };
                            (kind, code)
                        }
                        PieceKind::Org(o) => {
                            let org = &kb.orgs[o as usize];
                            let kind = match org.kind {
                                attache_kb::OrgKind::Igo => MentionKind::Igo,
                                attache_kb::OrgKind::Group => MentionKind::Group,
                            };
                            (kind, Some(org.code.clone()))
                        }
                        PieceKind::Person(x) => {
                            let r = phrases::resolve(
                                kb,
                                text,
                                &tokens,
                                std::slice::from_ref(piece),
                                None,
                                None,
                            );
                            let _ = x;
                            (MentionKind::Person, r.country.or(r.org))
                        }
                        PieceKind::Name => (MentionKind::Person, None),
                        PieceKind::Named(n) => {
                            let a = &kb.named[n as usize];
                            let code = a.code_on(None);
                            let kind = if code.is_some_and(|c| c.org.is_some()) {
                                MentionKind::Igo
                            } else {
                                MentionKind::State
                            };
                            (kind, code.and_then(|c| c.country.clone().or(c.org.clone())))
                        }
                        PieceKind::Title { .. } => (MentionKind::Title, None),
                        PieceKind::Sector(_) => (MentionKind::Sector, None),
                        PieceKind::Counterpart => continue,
                    };
                    let (bs, be) = (
                        tokens[piece.ts].start as usize,
                        tokens[piece.te - 1].end as usize,
                    );
                    out.push(Mention {
                        start: index.char_of(bs),
                        end: index.char_of(be),
                        text: text[bs..be].to_string(),
                        kind,
                        prep: p.prep,
                        code,
                    });
                }
            }
        }
        out
    }

    /// Every place `text` names: states and demonyms (their country),
    /// capitals, and capitalised names found in the gazetteer, resolved with
    /// the document's countries as context.
    pub fn places(&self, text: &str) -> Vec<PlaceName> {
        let kb: &Kb = self.kb();
        let index = CharIndex::new(text);
        let mut matches = Vec::new();
        kb.find_mentions(text, &mut matches);
        let doc = document_context(kb, text, &matches);
        let mut out: Vec<(usize, usize, u32)> = Vec::new();
        // States by name, adjective or capital.
        for m in &matches {
            let surface = &text[m.start..m.end];
            let form = kb.surface_form(m.pattern);
            let state = kb
                .entities(m.pattern)
                .iter()
                .find_map(|(e, rule)| match *e {
                    attache_kb::Entity::State { state, form: f } if rule.accepts(form, surface) => {
                        Some((state, f))
                    }
                    _ => None,
                });
            let Some((state, f)) = state else { continue };
            let place = match f {
                StateForm::Capital => {
                    let mut key = String::new();
                    attache_kb::normalise_place_name(surface, &mut key);
                    crate::place::choose(
                        kb,
                        kb.places_by_key(&key),
                        std::slice::from_ref(&kb.states[state as usize].code),
                    )
                }
                StateForm::Metonym => None,
                _ => kb.state_place(state).and_then(|_| {
                    let code = &kb.states[state as usize].code;
                    kb.places
                        .iter()
                        .position(|p| {
                            p.kind == PlaceKind::Country
                                && p.country.as_deref() == Some(code.as_str())
                        })
                        .map(|i| i as u32)
                }),
            };
            // "New Mexico", "British Columbia": a longer gazetteer name
            // ending with the state's name wins over the state.
            let head = &text[..m.start];
            let longer = head.trim_end().rsplit(' ').next().filter(|w| {
                w.chars().next().is_some_and(char::is_uppercase) && head.ends_with(' ')
            });
            if let Some(w) = longer {
                let start = m.start - 1 - w.len();
                let mut key = String::new();
                attache_kb::normalise_place_name(&text[start..m.end], &mut key);
                if let Some(p) = crate::place::choose(kb, kb.places_by_key(&key), &doc.countries) {
                    out.push((start, m.end, p));
                    continue;
                }
            }
            if let Some(p) = place {
                out.push((m.start, m.end, p));
            }
        }
        // Other capitalised names in the gazetteer.
        let mut sentences: Vec<Sentence> = Vec::new();
        split_sentences(text, &mut sentences);
        let mut tokens: Vec<Token> = Vec::new();
        let mut key = String::new();
        for s in &sentences {
            tokens.clear();
            tokenize(text, s.start, s.end, &mut tokens);
            let mut i = 0;
            while i < tokens.len() {
                let t = tokens[i];
                let cap = t.kind == TokenKind::Word
                    && text[t.range()]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase);
                let taken = out
                    .iter()
                    .any(|&(a, b, _)| a < t.end as usize && (t.start as usize) < b);
                if !cap || taken {
                    i += 1;
                    continue;
                }
                let mut end = i;
                while end < tokens.len() && end - i < 4 {
                    let w = &text[tokens[end].range()];
                    let ok = tokens[end].kind == TokenKind::Word
                        && (w.chars().next().is_some_and(char::is_uppercase)
                            || end > i && matches!(w, "al" | "el" | "de" | "of"));
                    if !ok {
                        break;
                    }
                    end += 1;
                }
                let mut hit = None;
                // "Plymouth County" is not Plymouth: a name followed by an
                // administrative noun is resolved whole or not at all.
                let is_admin = |k: usize| {
                    tokens
                        .get(k)
                        .is_some_and(|t| ADMIN_NOUNS.contains(&&text[t.range()]))
                };
                let admin_noun = is_admin(end) || (end > i + 1 && is_admin(end - 1));
                let shortest = if admin_noun { end } else { i + 1 };
                for te in (shortest..=end).rev() {
                    let (bs, be) = (tokens[i].start as usize, tokens[te - 1].end as usize);
                    key.clear();
                    attache_kb::normalise_place_name(&text[bs..be], &mut key);
                    if let Some(p) =
                        crate::place::choose(kb, kb.places_by_key(&key), &doc.countries)
                    {
                        hit = Some((te, bs, be, p));
                        break;
                    }
                }
                match hit {
                    Some((te, bs, be, p)) => {
                        out.push((bs, be, p));
                        i = te;
                    }
                    None => i = end.max(i + 1),
                }
            }
        }
        out.sort_by_key(|&(a, _, _)| a);
        out.into_iter()
            .map(|(bs, be, p)| {
                let place = &kb.places[p as usize];
                PlaceName {
                    start: index.char_of(bs),
                    end: index.char_of(be),
                    text: text[bs..be].to_string(),
                    name: place.name.clone(),
                    country: place.country.clone(),
                    lat: place.lat,
                    lon: place.lon,
                    geonameid: (place.geonameid != 0).then_some(place.geonameid),
                    kind: kind_name(place.kind),
                }
            })
            .collect()
    }
}
