//! Reading without coding events: every named mention of a text (for named
//! entity evaluation and analysts' indexes) and every place it names (a
//! geoparser over the same gazetteer the coder uses).

use crate::{listed, WordList};
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

/// Words capitalised only because they open a sentence or a line, before a
/// place name ("Near Palmyra, …", "In Aleppo …").
const SENTENCE_OPENERS: &[&str] = &[
    "a", "an", "the", "in", "at", "near", "from", "to", "into", "outside", "inside", "around",
    "across", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "and", "but", "while", "when", "after", "before", "since", "as", "on", "of",
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
    /// A sector noun for a body or a group ("army", "rebels").
    Sector,
    /// A sector noun for one person ("commander", "spokesman").
    Role,
    /// An organisation the knowledge base lacks, read from its name ("World
    /// Monuments Fund") or from an acronym the text defines for it.
    Organisation,
    /// A place the gazetteer lacks, named after a locative word ("near
    /// Daquq", "the village of Safina"); [`Coder::places`] has the others.
    Place,
    /// A pronoun or deictic word ("he", "we", "they", "here") standing for
    /// a named mention before it, its `antecedent`; its `code` is the
    /// antecedent's. Reported only when an antecedent is found.
    Reference,
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
    /// For a [`MentionKind::Reference`], the character span of the named
    /// mention it refers to (see [`crate::coref`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<(usize, usize)>,
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
        let doc = document_context(kb, text, &matches, &mut Vec::new());
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
                            (MentionKind::Person, r.country.or(r.org).map(str::to_string))
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
                        PieceKind::Sector(t) => {
                            let person = kb.sector_terms.get(t as usize).is_some_and(|t| t.person);
                            let kind = if person {
                                MentionKind::Role
                            } else {
                                MentionKind::Sector
                            };
                            (kind, None)
                        }
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
                        antecedent: None,
                    });
                }
            }
        }
        ranked_names(text, &index, &mut out);
        kunya_names(kb, text, &index, &mut out);
        organisation_names(text, &index, &mut out);
        defined_acronyms(text, &index, &mut out);
        unknown_places(kb, text, &index, &mut out);
        feature_places(text, &index, &mut out);
        later_surnames(text, &index, &mut out);
        let places: Vec<(usize, usize, Option<String>)> = self
            .places(text)
            .into_iter()
            .map(|p| (p.start, p.end, p.country))
            .collect();
        crate::coref::references(text, &index, &places, &mut out);
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
        let mut hits: Vec<Hit> = Vec::new();
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
            let code = &kb.states[state as usize].code;
            // "New Mexico", "British Columbia", "Mexico City": a longer
            // gazetteer name around the state's name wins over the state.
            if let Some((bs, be, ids)) = longer_name(kb, text, m.start, m.end) {
                hits.push(Hit::new(bs, be, ids.to_vec()));
                continue;
            }
            let place = match f {
                StateForm::Capital => {
                    let mut key = String::new();
                    attache_kb::normalise_place_name(surface, &mut key);
                    let ids = kb.places_by_key(&key);
                    // "Washington" said: the seat of government, not the
                    // region of the same name; other senses of the name
                    // stay open to the text's cues ("Paris, Texas").
                    let seat = ids.iter().copied().find(|&i| {
                        let p = &kb.places[i as usize];
                        p.kind == PlaceKind::Capital && p.country.as_deref() == Some(code)
                    });
                    if let Some(c) = seat {
                        let mut h = Hit::new(m.start, m.end, ids.to_vec());
                        h.prior = Some(c);
                        hits.push(h);
                        continue;
                    }
                    crate::place::choose(kb, ids, std::slice::from_ref(code))
                }
                StateForm::Metonym => None,
                _ => kb.state_place(state).and_then(|_| {
                    kb.places
                        .iter()
                        .position(|p| {
                            p.kind == PlaceKind::Country
                                && p.country.as_deref() == Some(code.as_str())
                        })
                        .map(|i| i as u32)
                }),
            };
            if let Some(p) = place {
                let mut h = Hit::new(m.start, m.end, vec![p]);
                h.fixed = Some(p);
                hits.push(h);
            }
        }
        // Other capitalised names in the gazetteer.
        let mut sentences: Vec<Sentence> = Vec::new();
        split_sentences(text, &mut sentences);
        let mut tokens: Vec<Token> = Vec::new();
        let mut key = String::new();
        let first_hit = hits.len();
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
                let taken = hits[..first_hit]
                    .iter()
                    .any(|h| h.bs < t.end as usize && (t.start as usize) < h.be);
                if !cap || taken {
                    i += 1;
                    continue;
                }
                let mut end = i;
                while end < tokens.len() && end - i < 5 {
                    let w = &text[tokens[end].range()];
                    // "St. Thomas", "Mt. Pleasant": the period of a short
                    // abbreviation inside a name.
                    let abbrev_period = w == "."
                        && end > i
                        && tokens[end - 1].end == tokens[end].start
                        && text[tokens[end - 1].range()].chars().count() <= 3
                        && tokens
                            .get(end + 1)
                            .is_some_and(|t| capitalised(&text[t.range()]));
                    let ok = abbrev_period
                        || tokens[end].kind == TokenKind::Word
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
                    tokens.get(k).is_some_and(|t| {
                        let w = &text[t.range()];
                        ADMIN_NOUNS.iter().any(|a| a.eq_ignore_ascii_case(w))
                            || (w.eq_ignore_ascii_case("co")
                                && text[t.end as usize..].starts_with('.'))
                    })
                };
                // The first administrative noun in or right after the run
                // ("The Laurel County Sheriff"): names end there or later.
                let admin_at = (i + 1..=end).find(|&k| is_admin(k));
                let shortest = admin_at.map_or(i + 1, |k| k + 1);
                let end = end.max(shortest.min(tokens.len()));
                let after_comma = text[..tokens[i].start as usize].trim_end().ends_with(',');
                for te in (shortest..=end).rev() {
                    let (bs, be) = (tokens[i].start as usize, tokens[te - 1].end as usize);
                    key.clear();
                    attache_kb::normalise_place_name(&text[bs..be], &mut key);
                    // "Ky.", "Alta.": a one-word abbreviation with its period,
                    // read only after a town and a comma ("Paris, Ky.").
                    if te == i + 1 && text[be..].starts_with('.') && after_comma {
                        let len = key.len();
                        key.push('.');
                        let ids = kb.places_by_key(&key);
                        if ids
                            .iter()
                            .any(|&p| kb.places[p as usize].kind == PlaceKind::Admin1)
                        {
                            hit = Some((te + 1, bs, be + 1, ids.to_vec()));
                            break;
                        }
                        key.truncate(len);
                    }
                    let ids = arabic_variant(kb, &key);
                    if !ids.is_empty() {
                        hit = Some((te, bs, be, ids.to_vec()));
                        break;
                    }
                    // "Quebec City": the city of a name shared with its region.
                    if te > i + 1 && &text[tokens[te - 1].range()] == "City" {
                        let cut = tokens[te - 2].end as usize;
                        key.clear();
                        attache_kb::normalise_place_name(&text[bs..cut], &mut key);
                        let cities: Vec<u32> = kb
                            .places_by_key(&key)
                            .iter()
                            .copied()
                            .filter(|&p| {
                                matches!(
                                    kb.places[p as usize].kind,
                                    PlaceKind::City | PlaceKind::Capital
                                )
                            })
                            .collect();
                        if !cities.is_empty() {
                            hit = Some((te, bs, be, cities));
                            break;
                        }
                    }
                }
                match hit {
                    Some((te, bs, be, ids)) => {
                        hits.push(Hit::new(bs, be, ids));
                        i = te;
                    }
                    None => {
                        // An unknown town in a dateline or after a preposition,
                        // kept in case a region follows ("HOLLIDAY, Mo.").
                        let before = if i == 0 {
                            ""
                        } else {
                            &text[tokens[i - 1].range()]
                        };
                        let lead = i == 0 || matches!(before, "in" | "of" | "near" | "from" | "at");
                        let comma = tokens.get(end).is_some_and(|t| &text[t.range()] == ",");
                        // "Near Palmyra" opening a sentence: the name may
                        // start after a capitalised function word.
                        let function_word = SENTENCE_OPENERS
                            .iter()
                            .any(|w| text[tokens[i].range()].eq_ignore_ascii_case(w));
                        if let Some(k) = admin_at.filter(|_| !function_word) {
                            // "Metcalfe County": a unit below the regions
                            // the gazetteer holds; placed by its region.
                            let (bs, be) = (tokens[i].start as usize, tokens[k].end as usize);
                            let mut h = Hit::new(bs, be, Vec::new());
                            h.unit = true;
                            hits.push(h);
                        } else if lead && comma && end > i {
                            let (bs, be) = (tokens[i].start as usize, tokens[end - 1].end as usize);
                            hits.push(Hit::new(bs, be, Vec::new()));
                        }
                        i = if function_word { i + 1 } else { end.max(i + 1) };
                    }
                }
            }
        }
        hits.sort_by_key(|h| h.bs);
        // Countries named by name or adjective, most often first (a capital
        // is not counted: "London" may be another London).
        let mut named: Vec<(&str, usize, usize)> = Vec::new();
        for (i, h) in hits.iter().enumerate() {
            let Some(c) = h
                .fixed
                .and_then(|p| kb.places[p as usize].country.as_deref())
            else {
                continue;
            };
            match named.iter_mut().find(|n| n.0 == c) {
                Some(n) => n.1 += 1,
                None => named.push((c, 1, i)),
            }
        }
        named.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        let named: Vec<String> = named.iter().map(|n| n.0.to_string()).collect();
        let chosen = resolve_hits(kb, text, &hits, &named);
        let out: Vec<(usize, usize, u32)> = hits
            .iter()
            .zip(chosen)
            .filter_map(|(h, c)| c.map(|p| (h.bs, h.be, p)))
            .collect();
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

/// Candidates for `key`, else for its common transliteration variants of an
/// Arabic name: without the article ("Ar Raqqah", "Al-Bab") and with a
/// final "-ah" written "-a" ("Raqqah").
fn arabic_variant<'k>(kb: &'k Kb, key: &str) -> &'k [u32] {
    let ids = kb.places_by_key(key);
    if !ids.is_empty() {
        return ids;
    }
    const ARTICLES: &[&str] = &[
        "al ", "al-", "ar ", "ar-", "as ", "as-", "az ", "az-", "ad ", "ad-", "an ", "an-", "at ",
        "at-", "ash ", "ash-", "el ", "el-",
    ];
    let bare = ARTICLES
        .iter()
        .find_map(|a| key.strip_prefix(a))
        .filter(|b| b.chars().count() >= 4);
    for k in [Some(key), bare].into_iter().flatten() {
        if k != key {
            let ids = kb.places_by_key(k);
            if !ids.is_empty() {
                return ids;
            }
        }
        if let Some(stem) = k.strip_suffix("ah").filter(|s| s.chars().count() >= 3) {
            let ids = kb.places_by_key(&format!("{stem}a"));
            if !ids.is_empty() {
                return ids;
            }
        }
    }
    &[]
}

/// Abbreviated military ranks and courtesy titles before a name.
const RANKS: WordList = WordList::new(&[
    "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Spc", "Brig", "Adm", "Cmdr", "Cdr", "Pvt", "Cpl",
    "Mr", "Mrs", "Ms", "Dr",
]);

/// "Lt. Gen. Stephen J. Townsend", "Col. John Dorrian", "Mr Hammond": a
/// rank or courtesy title followed by capitalised words is a person, the
/// title included, as the names after full titles are.
fn ranked_names(text: &str, index: &CharIndex, out: &mut Vec<Mention>) {
    let mut tokens: Vec<Token> = Vec::new();
    tokenize(text, 0, text.len(), &mut tokens);
    let word = |k: usize| tokens.get(k).map_or("", |t| &text[t.range()]);
    let is_rank = |k: usize| listed(&RANKS, word(k));
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !is_rank(i) {
            i += 1;
            continue;
        }
        // Ranks and their periods ("Lt. Gen.").
        let mut k = i;
        while is_rank(k) {
            k += 1;
            if word(k) == "." {
                k += 1;
            }
        }
        // Name words and initials ("J.").
        let first = k;
        let mut last = None;
        while k < tokens.len() && k - first < 6 {
            let w = word(k);
            if tokens[k].kind == TokenKind::Word && capitalised(w) && !is_rank(k) {
                last = Some(k);
                k += 1;
                if word(k) == "." && w.chars().count() == 1 {
                    k += 1;
                }
            } else {
                break;
            }
        }
        let Some(last) = last else {
            i = k.max(i + 1);
            continue;
        };
        let (bs, be) = (tokens[i].start as usize, tokens[last].end as usize);
        let (start, end) = (index.char_of(bs), index.char_of(be));
        if !out
            .iter()
            .any(|m| m.start < end && start < m.end && m.kind != MentionKind::Person)
        {
            found.push(plain_mention(text, bs, be, start, end, MentionKind::Person));
        }
        i = last + 1;
    }
    merge_found(out, found);
}

/// A mention of `text[bs..be]` (characters `start..end`) with nothing
/// attached: no preposition, code or antecedent.
fn plain_mention(
    text: &str,
    bs: usize,
    be: usize,
    start: usize,
    end: usize,
    kind: MentionKind,
) -> Mention {
    Mention {
        start,
        end,
        text: text[bs..be].to_string(),
        kind,
        prep: None,
        code: None,
        antecedent: None,
    }
}

/// Adds `found` to `out` (kept in text order); a found mention replaces
/// the mentions it contains.
fn merge_found(out: &mut Vec<Mention>, found: Vec<Mention>) {
    if found.is_empty() {
        return;
    }
    out.retain(|m| !found.iter().any(|f| f.start <= m.start && m.end <= f.end));
    out.extend(found);
    out.sort_by_key(|m| (m.start, m.end));
}

/// "Abu Musab al-Zarqawi", "Umm Hassan": an Arabic name opening with a
/// kunya is a person, unless the words name a place ("Abu Dhabi").
fn kunya_names(kb: &Kb, text: &str, index: &CharIndex, out: &mut Vec<Mention>) {
    let mut tokens: Vec<Token> = Vec::new();
    tokenize(text, 0, text.len(), &mut tokens);
    let word = |k: usize| tokens.get(k).map_or("", |t| &text[t.range()]);
    let name_word = |k: usize| {
        let w = word(k);
        tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
            && (capitalised(w) || w.starts_with("al-") || w.starts_with("bin"))
    };
    let mut found = Vec::new();
    let mut key = String::new();
    let mut i = 0;
    while i < tokens.len() {
        if !matches!(word(i), "Abu" | "Umm") || !name_word(i + 1) {
            i += 1;
            continue;
        }
        let mut last = i + 1;
        while last + 1 < tokens.len() && last - i < 4 && name_word(last + 1) {
            last += 1;
        }
        let (bs, be) = (tokens[i].start as usize, tokens[last].end as usize);
        let place = (i + 1..=last).any(|e| {
            key.clear();
            attache_kb::normalise_place_name(&text[bs..tokens[e].end as usize], &mut key);
            !kb.places_by_key(&key).is_empty()
        });
        let (start, end) = (index.char_of(bs), index.char_of(be));
        let taken = out
            .iter()
            .any(|m| m.start < end && start < m.end && m.kind != MentionKind::Person);
        if !place && !taken {
            found.push(plain_mention(text, bs, be, start, end, MentionKind::Person));
        }
        i = last + 1;
    }
    merge_found(out, found);
}

/// Nouns that end or head the name of an organisation.
const ORG_NOUNS: WordList = WordList::new(&[
    "Agency",
    "Alliance",
    "Association",
    "Authority",
    "Bank",
    "Battalion",
    "Board",
    "Brigade",
    "Command",
    "Commission",
    "Committee",
    "Company",
    "Corporation",
    "Corps",
    "Council",
    "Department",
    "Division",
    "Federation",
    "Foundation",
    "Fund",
    "Group",
    "Institute",
    "Ministry",
    "Movement",
    "Office",
    "Organisation",
    "Organization",
    "Party",
    "Regiment",
    "Service",
    "Society",
    "Squadron",
    "Trust",
    "Union",
    "Unit",
    "Wing",
]);

/// "World Monuments Fund", "Department of the Treasury", "158th Fighter
/// Wing": capitalised words (with "of", "the", "and", "for" inside and an
/// ordinal before) holding an organisation noun and another name word.
fn organisation_names(text: &str, index: &CharIndex, out: &mut Vec<Mention>) {
    let mut tokens: Vec<Token> = Vec::new();
    tokenize(text, 0, text.len(), &mut tokens);
    let word = |k: usize| tokens.get(k).map_or("", |t| &text[t.range()]);
    let is_word = |k: usize| tokens.get(k).is_some_and(|t| t.kind != TokenKind::Punct);
    let name_word = |k: usize| is_word(k) && capitalised(word(k)) && word(k) != "The";
    let ordinal = |k: usize| {
        let w = word(k);
        w.chars().next().is_some_and(|c| c.is_ascii_digit())
            && ["st", "nd", "rd", "th"].iter().any(|s| w.ends_with(s))
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !(name_word(i) || ordinal(i) && name_word(i + 1)) {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut k = i + 1;
        while k < tokens.len() && k - i < 8 {
            if name_word(k) {
                last = k;
                k += 1;
            } else if matches!(word(k), "of" | "the" | "and" | "for") && is_word(k) {
                k += 1;
            } else {
                break;
            }
        }
        let heads = (i..=last).filter(|&k| listed(&ORG_NOUNS, word(k))).count();
        let names = (i..=last).filter(|&k| name_word(k) || ordinal(k)).count();
        if heads >= 1 && names >= 2 {
            let (bs, be) = (tokens[i].start as usize, tokens[last].end as usize);
            let (start, end) = (index.char_of(bs), index.char_of(be));
            if !out.iter().any(|m| m.start < end && start < m.end) {
                found.push(plain_mention(
                    text,
                    bs,
                    be,
                    start,
                    end,
                    MentionKind::Organisation,
                ));
            }
        }
        i = last + 1;
    }
    out.extend(found);
    out.sort_by_key(|m| (m.start, m.end));
}

/// "Human Rights Watch (HRW)": an acronym in brackets right after an
/// organisation's name names it wherever it appears later.
fn defined_acronyms(text: &str, index: &CharIndex, out: &mut Vec<Mention>) {
    let mut defs: Vec<(String, MentionKind, Option<String>)> = Vec::new();
    for m in out.iter() {
        if !matches!(
            m.kind,
            MentionKind::Organisation | MentionKind::Igo | MentionKind::Group
        ) {
            continue;
        }
        let Some(bs) = byte_of(text, m.end) else {
            continue;
        };
        let rest = text[bs..].trim_start();
        let Some(inner) = rest.strip_prefix('(').and_then(|r| r.split(')').next()) else {
            continue;
        };
        let letters = inner.chars().filter(|c| c.is_alphabetic()).count();
        let acronym = (2..=8).contains(&inner.len())
            && letters >= 2
            && inner
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if acronym && !defs.iter().any(|d| d.0 == inner) {
            defs.push((inner.to_string(), m.kind, m.code.clone()));
        }
    }
    let mut found: Vec<Mention> = Vec::new();
    for (acr, kind, code) in &defs {
        for (bs, _) in text.match_indices(acr.as_str()) {
            let be = bs + acr.len();
            let bounded = !text[..bs]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !text[be..].chars().next().is_some_and(char::is_alphanumeric);
            let (start, end) = (index.char_of(bs), index.char_of(be));
            let taken = out
                .iter()
                .chain(found.iter())
                .any(|m| m.start < end && start < m.end);
            if bounded && !taken {
                found.push(Mention {
                    start,
                    end,
                    text: acr.clone(),
                    kind: *kind,
                    prep: None,
                    code: code.clone(),
                    antecedent: None,
                });
            }
        }
    }
    out.extend(found);
    out.sort_by_key(|m| (m.start, m.end));
}

/// Words after which a capitalised name is a place.
const PLACE_LEADS: WordList = WordList::new(&["near", "in", "at", "outside", "around", "from"]);
/// Nouns that introduce a place's name with "of" ("the village of Safina").
const PLACE_NOUNS: WordList =
    WordList::new(&["village", "town", "city", "district", "area", "province"]);
/// Capitalised words after "in" or "at" that are not places.
const NOT_PLACES: WordList = WordList::new(&[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Our",
    "Its",
    "My",
    "Your",
    "I",
    "We",
    "They",
    "He",
    "She",
    "It",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Parliament",
    "Congress",
    "Government",
    "English",
    "Arabic",
    "French",
]);

/// "near Daquq", "in Mezzeh", "the village of Tuloul Naser": a capitalised
/// name after a locative word, known neither to the gazetteer nor as
/// another mention.
fn unknown_places(kb: &Kb, text: &str, index: &CharIndex, out: &mut Vec<Mention>) {
    let mut tokens: Vec<Token> = Vec::new();
    tokenize(text, 0, text.len(), &mut tokens);
    let word = |k: usize| tokens.get(k).map_or("", |t| &text[t.range()]);
    let name_word =
        |k: usize| tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word) && capitalised(word(k));
    let particle = |k: usize| matches!(word(k), "al" | "as" | "ad" | "ar" | "az" | "el" | "bu");
    let mut found = Vec::new();
    let mut key = String::new();
    for i in 0..tokens.len() {
        let w = word(i).to_ascii_lowercase();
        let lead = listed(&PLACE_LEADS, w.as_str())
            || w == "of"
                && i > 0
                && listed(&PLACE_NOUNS, word(i - 1).to_ascii_lowercase().as_str());
        let first = i + 1;
        if !lead || !name_word(first) || listed(&NOT_PLACES, word(first)) {
            continue;
        }
        let mut last = first;
        let same_line =
            |k: usize| !text[tokens[k - 1].end as usize..tokens[k].start as usize].contains('\n');
        while last + 1 < tokens.len()
            && last - first < 4
            && same_line(last + 1)
            && (name_word(last + 1) || particle(last + 1) && name_word(last + 2))
        {
            last += 1;
        }
        // An acronym, or a language or nationality ("in Kurdish").
        let one = word(first);
        let not_name = first == last
            && (one.chars().all(|c| !c.is_lowercase())
                || one.ends_with("ish")
                || one.ends_with("ese"));
        if not_name {
            continue;
        }
        let (bs, be) = (tokens[first].start as usize, tokens[last].end as usize);
        key.clear();
        attache_kb::normalise_place_name(&text[bs..be], &mut key);
        let known = (first..=last).any(|e| {
            key.clear();
            attache_kb::normalise_place_name(&text[bs..tokens[e].end as usize], &mut key);
            !arabic_variant(kb, &key).is_empty()
        });
        let (start, end) = (index.char_of(bs), index.char_of(be));
        let taken = out
            .iter()
            .chain(found.iter())
            .any(|m: &Mention| m.start < end && start < m.end);
        if !known && !taken {
            found.push(plain_mention(text, bs, be, start, end, MentionKind::Place));
        }
    }
    out.extend(found);
    out.sort_by_key(|m| (m.start, m.end));
}

/// Nouns that end the name of a natural or built feature ("Tigris River",
/// "Hamrin Mountains", "Karrada neighbourhood").
const FEATURE_TAILS: WordList = WordList::new(&[
    "River",
    "river",
    "Sea",
    "Gulf",
    "Mountains",
    "mountains",
    "Valley",
    "Desert",
    "Dam",
    "Barrage",
    "Gate",
    "Bridge",
    "Airport",
    "Airbase",
    "Square",
    "Strait",
    "Canal",
    "Peninsula",
    "Village",
    "neighbourhood",
    "neighborhood",
]);
/// Nouns that open the name of a feature ("Mount Sinjar", "Lake Tharthar").
const FEATURE_HEADS: WordList = WordList::new(&["Mount", "Lake", "Camp", "Wadi", "Jebel", "Jabal"]);

/// "Mount Sinjar", "the Tigris River", "Camp Taji": a capitalised name
/// with a feature noun before or after it is a place, wherever it stands.
fn feature_places(text: &str, index: &CharIndex, out: &mut Vec<Mention>) {
    let mut tokens: Vec<Token> = Vec::new();
    tokenize(text, 0, text.len(), &mut tokens);
    let word = |k: usize| tokens.get(k).map_or("", |t| &text[t.range()]);
    let name_word = |k: usize| {
        tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
            && capitalised(word(k))
            && !listed(&NOT_PLACES, word(k))
            && !listed(&FEATURE_HEADS, word(k))
            && !listed(&FEATURE_TAILS, word(k))
    };
    let mut found = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let (first, last) = if listed(&FEATURE_HEADS, word(k)) && name_word(k + 1) {
            let mut last = k + 1;
            while last - k < 3 && name_word(last + 1) {
                last += 1;
            }
            (k, last)
        } else if name_word(k) {
            let mut last = k;
            while last - k < 3 && name_word(last + 1) {
                last += 1;
            }
            if !listed(&FEATURE_TAILS, word(last + 1)) {
                k = last + 1;
                continue;
            }
            (k, last + 1)
        } else {
            k += 1;
            continue;
        };
        let (bs, be) = (tokens[first].start as usize, tokens[last].end as usize);
        let (start, end) = (index.char_of(bs), index.char_of(be));
        // A known name inside gives way to the feature's fuller name.
        let taken = out
            .iter()
            .any(|m| m.start < end && start < m.end && !(start <= m.start && m.end <= end));
        if !taken {
            found.push(plain_mention(text, bs, be, start, end, MentionKind::Place));
        }
        k = last + 1;
    }
    merge_found(out, found);
}

/// Byte offset of character offset `c` (the mentions hold characters).
fn byte_of(text: &str, c: usize) -> Option<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .nth(c)
}

/// A person named in full ("Ashton Carter") is later named by surname
/// alone ("Carter said"): those later mentions are the same person.
fn later_surnames(text: &str, index: &CharIndex, out: &mut Vec<Mention>) {
    let mut names: Vec<(String, Option<String>)> = Vec::new();
    for m in out.iter().filter(|m| m.kind == MentionKind::Person) {
        let Some(last) = m.text.split_whitespace().last() else {
            continue;
        };
        let last = last.trim_end_matches(['.', ',']);
        // "al-Zarqawi" is later "Zarqawi".
        let last = ["al-", "Al-", "el-", "El-"]
            .iter()
            .find_map(|a| last.strip_prefix(a))
            .unwrap_or(last);
        let words = m.text.split_whitespace().count();
        if words >= 2
            && last.chars().count() >= 3
            && capitalised(last)
            && last.chars().all(char::is_alphabetic)
            && !names.iter().any(|n| n.0 == last)
        {
            names.push((last.to_string(), m.code.clone()));
        }
    }
    let mut found = Vec::new();
    for (name, code) in &names {
        for (bs, _) in text.match_indices(name.as_str()) {
            let be = bs + name.len();
            let bounded = !text[..bs]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !text[be..].chars().next().is_some_and(char::is_alphanumeric);
            let (start, end) = (index.char_of(bs), index.char_of(be));
            let taken = out
                .iter()
                .chain(found.iter())
                .any(|m: &Mention| m.start < end && start < m.end);
            if bounded && !taken {
                found.push(Mention {
                    start,
                    end,
                    text: name.clone(),
                    kind: MentionKind::Person,
                    prep: None,
                    code: code.clone(),
                    antecedent: None,
                });
            }
        }
    }
    out.extend(found);
    out.sort_by_key(|m| (m.start, m.end));
}

/// A place name found in a text before it is resolved: byte span and its
/// gazetteer candidates, most prominent first.
struct Hit {
    bs: usize,
    be: usize,
    ids: Vec<u32>,
    /// Decided by its form alone (a state's name or adjective).
    fixed: Option<u32>,
    /// The sense to take unless the text says otherwise (a capital's).
    prior: Option<u32>,
    /// An administrative unit the gazetteer lacks ("X County").
    unit: bool,
}

impl Hit {
    fn new(bs: usize, be: usize, ids: Vec<u32>) -> Hit {
        Hit {
            bs,
            be,
            ids,
            fixed: None,
            prior: None,
            unit: false,
        }
    }
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// A gazetteer name of which the state name at `ms..me` is only a part:
/// one capitalised word before it ("New Mexico", "Western Australia") or
/// up to two after it ("British Columbia"). The longest wins.
fn longer_name<'k>(
    kb: &'k Kb,
    text: &str,
    ms: usize,
    me: usize,
) -> Option<(usize, usize, &'k [u32])> {
    let mut key = String::new();
    let mut best: Option<(usize, usize, &'k [u32])> = None;
    let head = &text[..ms];
    let before = head
        .strip_suffix(' ')
        .and_then(|h| h.rsplit(' ').next())
        .filter(|w| capitalised(w) && w.chars().all(char::is_alphabetic));
    let start = before.map_or(ms, |w| ms - 1 - w.len());
    let mut ends = vec![me];
    let mut e = me;
    for _ in 0..2 {
        let rest = &text[e..];
        let Some(r) = rest.strip_prefix(' ') else {
            break;
        };
        let w = r.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        if w.is_empty() || !capitalised(w) {
            break;
        }
        e += 1 + w.len();
        ends.push(e);
    }
    for &bs in &[start, ms] {
        for &be in ends.iter().rev() {
            if (bs, be) == (ms, me) || best.is_some_and(|(a, b, _)| b - a >= be - bs) {
                continue;
            }
            key.clear();
            attache_kb::normalise_place_name(&text[bs..be], &mut key);
            let ids = kb.places_by_key(&key);
            if !ids.is_empty() {
                best = Some((bs, be, ids));
            }
        }
    }
    best
}

fn km(a: &attache_kb::Place, b: &attache_kb::Place) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = (b.lat - a.lat).to_radians();
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Whether place `p` lies in region `r` (a country or a first-level unit).
fn inside(kb: &Kb, p: u32, r: u32) -> bool {
    let (p, r) = (&kb.places[p as usize], &kb.places[r as usize]);
    if std::ptr::eq(p, r) || p.country != r.country {
        return false;
    }
    match r.kind {
        PlaceKind::Country => true,
        PlaceKind::Admin1 => {
            p.kind != PlaceKind::Admin1 && p.admin1.is_some() && p.admin1 == r.admin1
        }
        _ => false,
    }
}

/// The regions a hit can stand for after "Town, …": its country, or its
/// first-level units ("Georgia" the state as well as the country).
fn regions(kb: &Kb, text: &str, h: &Hit) -> Vec<u32> {
    let mut out = Vec::new();
    if let Some(f) = h.fixed {
        if kb.places[f as usize].kind != PlaceKind::Country {
            return out;
        }
        out.push(f);
        let mut key = String::new();
        attache_kb::normalise_place_name(&text[h.bs..h.be], &mut key);
        out.extend(
            kb.places_by_key(&key)
                .iter()
                .filter(|&&p| kb.places[p as usize].kind == PlaceKind::Admin1),
        );
        return out;
    }
    out.extend(h.ids.iter().filter(|&&p| {
        matches!(
            kb.places[p as usize].kind,
            PlaceKind::Admin1 | PlaceKind::Country
        )
    }));
    out
}

/// Resolve every hit of a document, in text order:
/// 1. "Town, Region" (a state, province or country right after a comma)
///    keeps the town's candidates inside the region; a town the gazetteer
///    lacks takes the region's first-level unit ("LONDON, Ky.").
/// 2. One sense per document: a name resolved by step 1 keeps that sense
///    wherever else it occurs.
/// 3. Otherwise the most prominent candidate in the document's countries:
///    those it names, then those of its regions and unambiguous towns.
/// 4. A candidate far from every other town of the document gives way to
///    one close to an unambiguous town ("Edmonton" among London boroughs),
///    unless the document names its country.
fn resolve_hits(kb: &Kb, text: &str, hits: &[Hit], doc_countries: &[String]) -> Vec<Option<u32>> {
    let n = hits.len();
    let mut out: Vec<Option<u32>> = hits.iter().map(|h| h.fixed).collect();
    let mut cued = vec![false; n];
    for i in 0..n.saturating_sub(1) {
        let (a, b) = (&hits[i], &hits[i + 1]);
        if a.fixed.is_some() || b.bs < a.be || text[a.be..b.bs].trim() != "," {
            continue;
        }
        let rs = regions(kb, text, b);
        let hit = rs.iter().find_map(|&r| {
            a.ids
                .iter()
                .copied()
                .find(|&p| inside(kb, p, r))
                .map(|p| (p, r))
        });
        let closed = !text[b.be..]
            .trim_start()
            .starts_with(|c: char| c.is_alphanumeric());
        let fallback = || {
            let region_like = a.ids.iter().any(|&p| {
                matches!(
                    kb.places[p as usize].kind,
                    PlaceKind::Country | PlaceKind::Admin1
                )
            });
            if region_like || (a.ids.is_empty() && !closed) {
                return None;
            }
            rs.iter()
                .copied()
                .find(|&r| kb.places[r as usize].kind == PlaceKind::Admin1)
                .map(|r| (r, r))
        };
        if let Some((p, r)) = hit.or_else(fallback) {
            out[i] = Some(p);
            cued[i] = true;
            // The region takes the sense the town needs: "Atlanta,
            // Georgia" is the state, not the country.
            if b.fixed != Some(r) {
                out[i + 1] = Some(r);
                cued[i + 1] = true;
            }
        }
    }
    // One sense per document.
    let keys: Vec<String> = hits
        .iter()
        .map(|h| {
            let mut k = String::new();
            attache_kb::normalise_place_name(&text[h.bs..h.be], &mut k);
            k
        })
        .collect();
    for i in 0..n {
        if out[i].is_some() || hits[i].ids.is_empty() {
            continue;
        }
        if let Some(j) = (0..n).find(|&j| cued[j] && keys[j] == keys[i]) {
            out[i] = out[j];
            cued[i] = true;
        }
    }
    // Context: countries the document names, then those of its regions
    // and of names with a single candidate.
    let mut ctx: Vec<String> = doc_countries.to_vec();
    for (i, h) in hits.iter().enumerate() {
        let p = if cued[i] {
            out[i]
        } else if h.fixed.is_none() && h.ids.len() == 1 {
            // Only names prominent enough to stand alone.
            crate::place::choose(kb, &h.ids, &[])
        } else {
            None
        };
        if let Some(c) = p.and_then(|p| kb.places[p as usize].country.as_ref()) {
            if !ctx.contains(c) {
                ctx.push(c.clone());
            }
        }
    }
    let mut chosen = vec![false; n];
    for (i, h) in hits.iter().enumerate() {
        if out[i].is_some() || h.ids.is_empty() {
            continue;
        }
        // "New York" alone is the city; "New York state" the region.
        let state_word = text[h.be..]
            .trim_start()
            .split(|c: char| !c.is_alphabetic())
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("state"));
        let prior = h.prior.filter(|_| !state_word);
        let Some(mut p) = prior.or_else(|| crate::place::choose(kb, &h.ids, &ctx)) else {
            continue;
        };
        let place = &kb.places[p as usize];
        if place.kind == PlaceKind::Admin1 && !state_word {
            if let Some(&c) = h.ids.iter().find(|&&c| {
                let q = &kb.places[c as usize];
                matches!(q.kind, PlaceKind::City | PlaceKind::Capital)
                    && q.country == place.country
                    && q.population >= 1_000_000
            }) {
                p = c;
            }
        }
        out[i] = Some(p);
        chosen[i] = true;
    }
    // Units below the gazetteer's regions ("Metcalfe County") lie in the
    // one first-level region the document names, if it names only one.
    let mut regions_named = out
        .iter()
        .flatten()
        .copied()
        .filter(|&p| kb.places[p as usize].kind == PlaceKind::Admin1);
    if let Some(r) = regions_named.next() {
        if regions_named.all(|q| q == r) {
            for (i, h) in hits.iter().enumerate() {
                if h.unit && out[i].is_none() {
                    out[i] = Some(r);
                }
            }
        }
    }
    // Towns that anchor the others: resolved by a region, or with a single
    // candidate (even one too small to be taken without context).
    let anchors: Vec<(usize, u32)> = (0..n)
        .filter_map(|j| {
            if cued[j] {
                out[j].map(|p| (j, p))
            } else if hits[j].fixed.is_none() && hits[j].ids.len() == 1 {
                hits[j].ids.first().map(|&p| (j, p))
            } else {
                None
            }
        })
        .filter(|&(_, p)| {
            matches!(
                kb.places[p as usize].kind,
                PlaceKind::City | PlaceKind::Capital
            )
        })
        .collect();
    for i in 0..n {
        let Some(c0) = out[i] else { continue };
        if !chosen[i] || hits[i].ids.len() < 2 {
            continue;
        }
        let named = kb.places[c0 as usize]
            .country
            .as_ref()
            .is_some_and(|c| doc_countries.contains(c));
        if named {
            continue;
        }
        let near = |c: u32| {
            anchors.iter().any(|&(j, a)| {
                keys[j] != keys[i]
                    && a != c
                    && km(&kb.places[c as usize], &kb.places[a as usize]) <= 100.0
            })
        };
        if near(c0) {
            continue;
        }
        if let Some(c) = hits[i].ids.iter().copied().find(|&c| near(c)) {
            out[i] = Some(c);
            // The small town that placed it is placed by it in turn.
            for &(j, a) in &anchors {
                if out[j].is_none() && km(&kb.places[c as usize], &kb.places[a as usize]) <= 100.0 {
                    out[j] = Some(a);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn places(text: &str) -> Vec<(String, Option<String>, &'static str)> {
        let kb = Arc::new(Kb::builtin().expect("built-in knowledge"));
        Coder::new(kb)
            .places(text)
            .into_iter()
            .map(|p| (p.text, p.country, p.kind))
            .collect()
    }

    /// The texts of the mentions of one kind, in order.
    fn texts_of(text: &str, kind: MentionKind) -> Vec<String> {
        mentions_of(text)
            .into_iter()
            .filter(|(_, k)| *k == kind)
            .map(|(t, _)| t)
            .collect()
    }

    fn country_of(found: &[(String, Option<String>, &'static str)], name: &str) -> Option<String> {
        found.iter().find(|p| p.0 == name).and_then(|p| p.1.clone())
    }

    fn mentions_of(text: &str) -> Vec<(String, MentionKind)> {
        let kb = Arc::new(Kb::builtin().expect("built-in knowledge"));
        Coder::new(kb)
            .mentions(text)
            .into_iter()
            .map(|m| (m.text, m.kind))
            .collect()
    }

    #[test]
    fn named_features_are_places_wherever_they_stand() {
        let m = mentions_of(
            "Shepherds crossed Mount Qandil and camped by the Zab River. Lake Urmia is shrinking.",
        );
        for name in ["Mount Qandil", "Zab River", "Lake Urmia"] {
            assert!(
                m.iter().any(|(t, k)| t == name && *k == MentionKind::Place),
                "{name}: {m:?}"
            );
        }
        // A river alone is no name.
        assert!(!m.iter().any(|(t, _)| t == "River"));
    }

    #[test]
    fn town_comma_region_picks_the_homonym_in_the_region() {
        let f =
            places("The farm lies near Paris, Texas, and the family later moved. Paris is quiet.");
        assert_eq!(country_of(&f, "Paris").as_deref(), Some("USA"));
        assert!(f
            .iter()
            .filter(|p| p.0 == "Paris")
            .all(|p| p.1.as_deref() == Some("USA")));
    }

    #[test]
    fn abbreviated_state_after_a_town() {
        let f = places("SPRINGFIELD, Ky. (AP) - A bridge closed on Monday.");
        assert!(f.iter().any(|p| p.0 == "Ky." && p.2 == "admin1"));
        assert_eq!(country_of(&f, "SPRINGFIELD").as_deref(), Some("USA"));
    }

    #[test]
    fn longer_name_wins_over_a_state_inside_it() {
        let f = places("Snow fell across British Columbia and New Mexico.");
        assert_eq!(country_of(&f, "British Columbia").as_deref(), Some("CAN"));
        assert_eq!(country_of(&f, "New Mexico").as_deref(), Some("USA"));
    }

    #[test]
    fn capital_and_big_city_senses() {
        let f = places("Officials in Washington met bankers from New York.");
        assert!(f.iter().any(|p| p.0 == "Washington" && p.2 == "capital"));
        assert!(f.iter().any(|p| p.0 == "New York" && p.2 == "city"));
    }

    #[test]
    fn county_takes_the_documents_one_region_and_name_after_an_opener() {
        let f = places(
            "A barn burned in Foxhollow County, Ky., on Monday. Near Lexington, roads closed.",
        );
        assert!(f
            .iter()
            .any(|p| p.0 == "Foxhollow County" && p.1.as_deref() == Some("USA")));
        assert!(f.iter().any(|p| p.0 == "Lexington"));
    }

    #[test]
    fn a_nearby_small_town_moves_a_homonym_and_a_state_follows_its_town() {
        let f = places("Shelters in London are full, and St. Thomas opened a new one.");
        assert_eq!(country_of(&f, "London").as_deref(), Some("CAN"));
        let f = places("Stores opened in Atlanta, Georgia.");
        assert!(f.iter().any(|p| p.0 == "Georgia" && p.2 == "admin1"));
    }

    #[test]
    fn ranked_names_and_their_later_surnames_are_people() {
        let text =
            "Lt. Gen. Robert J. Quillfeather visited troops. Quillfeather said the bridge held.";
        let people = texts_of(text, MentionKind::Person);
        assert_eq!(people, ["Lt. Gen. Robert J. Quillfeather", "Quillfeather"]);
    }

    #[test]
    fn arabic_article_and_final_h_variants() {
        let f = places("Strikes hit targets near Ar Raqqah in Syria.");
        assert!(f
            .iter()
            .any(|p| p.0 == "Ar Raqqah" && p.1.as_deref() == Some("SYR")));
    }

    #[test]
    fn kunya_names_are_people_but_not_places() {
        let text = "Abu Karam al-Tilmidi met envoys in Abu Dhabi. Tilmidi left.";
        let people = texts_of(text, MentionKind::Person);
        assert_eq!(people, ["Abu Karam al-Tilmidi", "Tilmidi"]);
    }

    #[test]
    fn organisation_names_and_their_defined_acronyms() {
        let text = "The Lantern Heritage Fund (LHF) said on Monday that LHF staff left.";
        let orgs = texts_of(text, MentionKind::Organisation);
        assert_eq!(orgs, ["Lantern Heritage Fund", "LHF", "LHF"]);
    }

    #[test]
    fn unknown_places_after_locative_words() {
        let text =
            "Near Qubbat Zarqa, one strike hit a truck in March in the village of Tell Wardiyat.";
        let places = texts_of(text, MentionKind::Place);
        assert_eq!(places, ["Qubbat Zarqa", "Tell Wardiyat"]);
    }
}
