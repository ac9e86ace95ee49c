//! Actor phrases: knowledge-base mentions and unknown names grouped into
//! noun phrases ("Egypt’s army chief-of-staff, General Mahmoud Hegazi"),
//! and their resolution into an actor (country, organisation, sector,
//! person, office) on a given date.

use crate::WordList;
use attache_kb::{Entity, Kb, MentionMatch, OrgKind, StateForm};
use attache_text::tokens::{Token, TokenKind};
use attache_types::CompactString;
use chrono::NaiveDate;

/// A resolved knowledge-base mention or unknown name, in token indices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    pub ts: usize,
    pub te: usize,
    pub kind: PieceKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    State(u32, StateForm),
    Org(u32),
    Person(u32),
    /// An actor from an imported dictionary.
    Named(u32),
    /// A capitalised name not in the knowledge base, next to a title or honorific.
    Name,
    Title {
        office: u32,
        holder: Option<u32>,
    },
    Sector(u32),
    /// "his Russian counterpart": the office of the last titled actor.
    Counterpart,
}

/// What the coder knows of the whole document when it reads a sentence.
#[derive(Debug, Clone, Default)]
pub struct DocContext {
    /// Organisations named strongly (weak aliases are valid only for these).
    pub orgs: Vec<u32>,
    /// ISO3 codes of the countries the document names, most frequent first.
    pub countries: Vec<String>,
}

/// A noun phrase made of pieces.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Token range [ts, te).
    pub ts: usize,
    pub te: usize,
    /// Range into the sentence's pieces.
    pub pieces: std::ops::Range<usize>,
    /// The preposition right before the phrase, lower case ("in", "by"), if any.
    pub prep: Option<&'static str>,
}

/// What a phrase refers to. Codes and names are borrowed from the knowledge
/// base or the text: phrases are resolved by the tens per sentence, and
/// copies of their strings were most of the coder's allocations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resolved<'a> {
    pub name: &'a str,
    pub country: Option<&'a str>,
    pub org: Option<&'a str>,
    pub body: Option<&'a str>,
    pub sector: Option<&'a str>,
    pub person: Option<&'a str>,
    pub role: Option<&'a str>,
    pub rule: CompactString,
    /// Office key used for "counterpart" resolution.
    pub office: Option<u32>,
    /// Only a sector noun, no country/org/person: needs context.
    pub generic: bool,
    /// The actor names a single person (for "he"/"she").
    pub personal: bool,
}

impl Resolved<'_> {
    /// The actor this phrase names, as written at `text` (`start`..`end` in characters).
    pub fn into_actor(self, text: CompactString, start: usize, end: usize) -> attache_types::Actor {
        let rule = self.rule;
        let own = |x: Option<&str>| x.map(CompactString::from);
        attache_types::Actor {
            text,
            start,
            end,
            name: self.name.into(),
            country: own(self.country),
            org: own(self.org),
            body: own(self.body),
            sector: own(self.sector),
            person: own(self.person),
            role: own(self.role),
            rule,
        }
    }

    /// [`Resolved::into_actor`] for a phrase that stays resolved.
    pub fn to_actor(&self, text: CompactString, start: usize, end: usize) -> attache_types::Actor {
        Resolved {
            rule: self.rule.clone(),
            ..*self
        }
        .into_actor(text, start, end)
    }

    pub fn is_actor(&self) -> bool {
        self.country.is_some() || self.org.is_some()
    }
}

const PREPOSITIONS: Words = Words::new(&[
    "about", "across", "after", "against", "among", "at", "before", "behind", "between", "by",
    "during", "for", "from", "in", "inside", "into", "near", "of", "on", "outside", "over",
    "since", "than", "through", "to", "toward", "towards", "under", "with", "within", "without",
]);

/// Words that may sit between pieces of one phrase.
const GLUE: Words = Words::new(&[
    "'s",
    "’s",
    "the",
    "of",
    "general",
    "gen.",
    "gen",
    "lt.",
    "lt",
    "lieutenant",
    "major",
    "maj.",
    "field",
    "marshal",
    "admiral",
    "adm.",
    "colonel",
    "col.",
    "brigadier",
    "brig.",
    "sir",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sheikh",
    "prince",
    "top",
    "senior",
    "high-level",
    "former",
    "acting",
    "then",
    "new",
    "chief",
    "his",
    "her",
    "its",
    "their",
    "-",
    "and",
    "military",
    "security",
    "foreign",
    "defence",
    "defense",
    "national",
    "state",
    "deputy",
    "assistant",
    "special",
    "vice",
    "permanent",
]);

/// Honorifics and ranks that introduce a personal name.
const HONORIFICS: Words = Words::new(&[
    "general",
    "gen",
    "lieutenant",
    "lt",
    "major",
    "maj",
    "colonel",
    "col",
    "brigadier",
    "brig",
    "admiral",
    "adm",
    "marshal",
    "commander",
    "captain",
    "capt",
    "sir",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sheikh",
    "sheik",
    "prince",
    "princess",
    "king",
    "queen",
    "emir",
    "president",
    "minister",
    "ambassador",
    "envoy",
    "senator",
    "sen",
    "governor",
    "gov",
    "premier",
    "chancellor",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "advisor",
    "adviser",
    "director",
    "chairman",
    "chief",
    "head",
    "leader",
    "commissioner",
    "representative",
]);

/// Name particles allowed inside a personal name.
const PARTICLES: Words = Words::new(&[
    "al", "el", "bin", "ibn", "bint", "abu", "de", "da", "van", "von", "der", "du", "ul", "ud",
]);

pub fn preposition(word: &str) -> Option<&'static str> {
    find_listed(&PREPOSITIONS, word)
}

/// Slots of a `Words` table, more than twice its words.
const SLOTS: usize = 128;

/// A fixed set of words: `WordList`'s length and first-byte filters in
/// front of an open-addressing table built at compile time. A word that
/// passes the filters is compared with the one or two words at its hash, not
/// with every listed word; lists are checked for nearly every word of a
/// sentence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Words {
    pub(crate) words: &'static [&'static str],
    filter: WordList,
    /// One more than the index in `words` of the word at each slot; 0: empty.
    slots: [u8; SLOTS],
}

impl Words {
    pub(crate) const fn new(words: &'static [&'static str]) -> Words {
        assert!(words.len() < SLOTS / 2);
        let mut slots = [0u8; SLOTS];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            let mut h = slot(w);
            while slots[h] != 0 {
                h = (h + 1) % SLOTS;
            }
            slots[h] = (i + 1) as u8;
            i += 1;
        }
        Words {
            words,
            filter: WordList::new(words),
            slots,
        }
    }
}

/// The first slot tried for a word: a hash of its length, first and last
/// bytes.
#[inline]
const fn slot(w: &[u8]) -> usize {
    let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
        return 0;
    };
    let key = first as u32 | (last as u32) << 8 | (w.len() as u32) << 16;
    (key.wrapping_mul(0x9E37_79B1) >> 25) as usize % SLOTS
}

/// The word of `list` equal to `word`.
#[inline]
pub(crate) fn find_listed(list: &Words, word: &str) -> Option<&'static str> {
    let w = word.as_bytes();
    if !list.filter.may_hold(w) {
        return None;
    }
    let mut h = slot(w);
    // The table always has empty slots: the probe ends.
    loop {
        let index = usize::from(list.slots[h]).checked_sub(1)?;
        let x = *list.words.get(index)?;
        if same_bytes(x.as_bytes(), w) {
            return Some(x);
        }
        h = (h + 1) % SLOTS;
    }
}

/// `word == x` for a literal `x`, byte by byte: inlined, it unrolls into a
/// few compares where `==` on strings called `memcmp`.
#[inline]
pub(crate) fn is(word: &str, x: &str) -> bool {
    same_bytes(word.as_bytes(), x.as_bytes())
}

#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether `word` is one of `xs` (literals; see `is`).
#[inline]
pub(crate) fn one_of(word: &str, xs: &[&str]) -> bool {
    xs.iter().any(|x| is(word, x))
}

/// `word.ends_with(x)` for a literal `x` (see `is`).
#[inline]
pub(crate) fn ends(word: &str, x: &str) -> bool {
    let (w, x) = (word.as_bytes(), x.as_bytes());
    w.len() >= x.len() && same_bytes(&w[w.len() - x.len()..], x)
}

/// Whether `word` is in `list` (see `find_listed`).
#[inline]
pub(crate) fn listed(list: &Words, word: &str) -> bool {
    find_listed(list, word).is_some()
}

fn is_capitalised(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

fn strip_dot(w: &str) -> &str {
    w.strip_suffix('.').unwrap_or(w)
}

/// Build pieces for one sentence from the document's mentions.
///
/// `mentions` are the matches inside the sentence; `words` the lower-cased
/// token texts; `doc_orgs` the organisations named strongly in the document
/// (weak aliases are valid only for them).
#[allow(clippy::too_many_arguments)]
pub fn pieces(
    kb: &Kb,
    text: &str,
    tokens: &[Token],
    words: &[&str],
    mentions: &[MentionMatch],
    doc: &DocContext,
    out: &mut Vec<Piece>,
) {
    let token_at = |byte: usize| tokens.partition_point(|t| (t.end as usize) <= byte);
    let token_after = |byte: usize| tokens.partition_point(|t| (t.start as usize) < byte);
    for m in mentions {
        let ts = token_at(m.start);
        let te = token_after(m.end).max(ts + 1);
        if ts >= tokens.len() {
            continue;
        }
        let surface = &text[m.start..m.end];
        if stance_mention(text, m.start, m.end) {
            continue;
        }
        // Lower rank wins: people, then organisations (those of the
        // document's countries first), states, generic titles, holder-specific
        // titles, sector nouns.
        let mut best: Option<(u32, PieceKind)> = None;
        for (entity, rule) in kb.entities(m.pattern) {
            if !rule.accepts(kb_form(kb, m), surface) {
                continue;
            }
            let candidate = match *entity {
                Entity::Person { person } => (0, PieceKind::Person(person)),
                Entity::Named { named } => (1, PieceKind::Named(named)),
                Entity::Org { org, weak } => {
                    if weak && !family_named(kb, doc, org) {
                        continue;
                    }
                    let home = kb.orgs[org as usize].country.as_deref();
                    let rank = home
                        .and_then(|c| doc.countries.iter().position(|d| is(d, c)))
                        .map_or(99, |r| r as u32);
                    (100 + rank, PieceKind::Org(org))
                }
                Entity::State { state, form } => {
                    // "the Russian language": a tongue, not a party.
                    if form == StateForm::Adjective
                        && words
                            .get(te)
                            .is_some_and(|w| one_of(w, &["language", "languages"]))
                    {
                        continue;
                    }
                    if matches!(form, StateForm::Capital | StateForm::Metonym)
                        && !capital_is_actor(text, tokens, te)
                    {
                        continue;
                    }
                    (200, PieceKind::State(state, form))
                }
                Entity::Title {
                    office,
                    holder: None,
                } => (
                    300,
                    PieceKind::Title {
                        office,
                        holder: None,
                    },
                ),
                Entity::Title { office, holder } => (301, PieceKind::Title { office, holder }),
                Entity::Sector { term } => (400, PieceKind::Sector(term)),
            };
            if best.is_none_or(|b| candidate.0 < b.0) {
                best = Some(candidate);
            }
        }
        if let Some((_, kind)) = best {
            // Overlaps with an earlier piece (leftmost-longest makes this rare): keep the first.
            if out.last().is_some_and(|p| p.te > ts) {
                continue;
            }
            out.push(Piece { ts, te, kind });
        }
    }
    add_counterparts(words, out);
    add_names(text, tokens, words, out);
}

/// Prefixes that make a name a stance, not a party ("pro-Iranian militia").
const STANCE_PREFIXES: &[&str] = &["pro-", "anti-", "pro–", "anti–"];

/// Suffixes that make a name a patron, not a party ("Syrian-backed militia").
const PATRON_SUFFIXES: &[&str] = &[
    "backed",
    "sponsored",
    "supported",
    "funded",
    "financed",
    "allied",
    "aligned",
    "armed",
    "trained",
    "installed",
    "brokered",
    "mediated",
];

/// A mention inside a hyphenated word that names someone's stance or patron
/// ("pro-Iranian Hizbollah", "the Syrian-backed Amal militia", "anti-US
/// protesters"): the phrase does not belong to that country or organisation.
#[inline]
pub fn stance_mention(text: &str, start: usize, end: usize) -> bool {
    // Both forms need a dash ('-' or '–', whose last byte is 0x93) beside
    // the mention: nearly every mention has none.
    let bytes = text.as_bytes();
    let dash_before = start
        .checked_sub(1)
        .and_then(|i| bytes.get(i))
        .is_some_and(|&b| b == b'-' || b == 0x93);
    let dash_after = bytes.get(end).is_some_and(|&b| b == b'-' || b == 0xE2);
    if !dash_before && !dash_after {
        return false;
    }
    let before = text.get(..start).unwrap_or("");
    let prefixed = STANCE_PREFIXES.iter().any(|p| {
        before.len() >= p.len()
            && before.is_char_boundary(before.len() - p.len())
            && before[before.len() - p.len()..].eq_ignore_ascii_case(p)
            && !before[..before.len() - p.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    });
    if prefixed {
        return true;
    }
    let after = text.get(end..).unwrap_or("");
    let Some(rest) = after.strip_prefix('-').or_else(|| after.strip_prefix('–')) else {
        return false;
    };
    let word_end = rest
        .find(|ch: char| !ch.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    PATRON_SUFFIXES
        .iter()
        .any(|p| rest[..word_end].eq_ignore_ascii_case(p))
}

/// A weak alias ("the Security Council") stands for an organisation the
/// document names strongly, or a body of the same family ("UNIFIL" and
/// "the Security Council" are both UN bodies).
fn family_named(kb: &Kb, doc: &DocContext, org: u32) -> bool {
    if doc.orgs.contains(&org) {
        return true;
    }
    let Some(family) = kb.orgs.get(org as usize).and_then(|o| o.parent.as_deref()) else {
        return false;
    };
    doc.orgs.iter().any(|&d| {
        kb.orgs
            .get(d as usize)
            .is_some_and(|o| o.code == family || o.parent.as_deref() == Some(family))
    })
}

fn kb_form<'a>(kb: &'a Kb, m: &MentionMatch) -> &'a str {
    kb.surface_form(m.pattern)
}

/// A capital or seat of power stands for its government ("Cairo said",
/// "visited Cairo") unless it is part of a longer name ("Cairo Airport").
/// After a locative preposition ("in Cairo") its phrase carries that
/// preposition, which keeps it out of subject and object roles.
fn capital_is_actor(text: &str, tokens: &[Token], te: usize) -> bool {
    if let Some(next) = tokens.get(te) {
        if next.kind == TokenKind::Word && is_capitalised(&text[next.range()]) {
            return false;
        }
    }
    true
}

fn add_counterparts(words: &[&str], out: &mut Vec<Piece>) {
    for (i, w) in words.iter().enumerate() {
        if one_of(w, &["counterpart", "counterparts"]) && !out.iter().any(|p| p.ts <= i && i < p.te)
        {
            let at = out.partition_point(|p| p.ts < i);
            out.insert(
                at,
                Piece {
                    ts: i,
                    te: i + 1,
                    kind: PieceKind::Counterpart,
                },
            );
        }
    }
}

/// Whether a token lies inside a piece, asked for ascending tokens. Pieces
/// are normally in order and disjoint: a cursor then answers in constant
/// time instead of a scan of all pieces per token.
#[derive(Clone, Copy)]
struct Cover {
    ordered: bool,
    /// The first piece that ends after the last token asked about.
    next: usize,
}

impl Cover {
    fn new(pieces: &[Piece]) -> Cover {
        let ordered =
            pieces.iter().all(|p| p.ts < p.te) && pieces.windows(2).all(|w| w[0].te <= w[1].ts);
        Cover { ordered, next: 0 }
    }

    /// `i` must not be below any token asked before.
    #[inline]
    fn covers(&mut self, pieces: &[Piece], i: usize) -> bool {
        if !self.ordered {
            return pieces.iter().any(|p| p.ts <= i && i < p.te);
        }
        while pieces.get(self.next).is_some_and(|p| p.te <= i) {
            self.next += 1;
        }
        pieces.get(self.next).is_some_and(|p| p.ts <= i)
    }
}

/// Unknown personal names: capitalised words after a title, an honorific
/// or an apposition comma following a titled phrase.
fn add_names(text: &str, tokens: &[Token], words: &[&str], out: &mut Vec<Piece>) {
    let mut i = 0;
    let mut added = Vec::new();
    let mut cover = Cover::new(out);
    while i < tokens.len() {
        if cover.covers(out, i) {
            i += 1;
            continue;
        }
        let starts_name = is_name_token(text, tokens, i);
        if !starts_name {
            i += 1;
            continue;
        }
        // What introduces it?
        let mut j = i;
        let mut inner = cover;
        while j < tokens.len() && j - i < 5 {
            if inner.covers(out, j) {
                break;
            }
            if is_name_token(text, tokens, j)
                || (j > i && listed(&PARTICLES, words[j]) && is_name_token(text, tokens, j + 1))
            {
                j += 1;
            } else {
                break;
            }
        }
        // What introduces it: a title, rank or honorific before it ("Foreign
        // Minister X", "General X"), a speech verb ("said X Y"), or a titled
        // apposition after it ("X Y, the UK ambassador").
        let introduced = i > 0 && {
            let prev = i - 1;
            let after_title = out.iter().any(|p| {
                p.te == i && matches!(p.kind, PieceKind::Title { .. } | PieceKind::Sector(_))
            });
            let after_honorific = listed(&HONORIFICS, strip_dot(words[prev]))
                && is_capitalised(&text[tokens[prev].range()]);
            let after_apposition = words[prev] == ","
                && out.iter().any(|p| {
                    p.te == prev && matches!(p.kind, PieceKind::Title { .. } | PieceKind::Sector(_))
                });
            let after_speech = j - i >= 2 && listed(&SPEECH_VERBS, words[prev]);
            after_title || after_honorific || after_apposition || after_speech
        } || j - i >= 2 && titled_apposition_follows(words, out, j);
        if !introduced {
            i += 1;
            continue;
        }
        // A single honorific-like word is not a name ("General Assembly" is
        // caught by the KB), nor is an institution ("Foreign Affairs Council").
        let institution = words[i..j].iter().any(|w| listed(&INSTITUTION_WORDS, w));
        let after_possessive = i > 0 && tokens[i - 1].kind == TokenKind::Possessive;
        let lone_honorific = j - i == 1 && listed(&HONORIFICS, strip_dot(words[i]));
        if j > i && !institution && !after_possessive && !lone_honorific {
            added.push(Piece {
                ts: i,
                te: j,
                kind: PieceKind::Name,
            });
        }
        i = j.max(i + 1);
    }
    for p in added {
        let at = out.partition_point(|q| q.ts < p.ts);
        out.insert(at, p);
    }
}

/// Words that make a capitalised sequence an institution, not a person.
const INSTITUTION_WORDS: Words = Words::new(&[
    "council",
    "committee",
    "commission",
    "ministry",
    "office",
    "service",
    "services",
    "agency",
    "army",
    "forces",
    "force",
    "party",
    "front",
    "movement",
    "organization",
    "organisation",
    "union",
    "assembly",
    "parliament",
    "court",
    "bank",
    "fund",
    "group",
    "brigade",
    "brigades",
    "airport",
    "university",
    "institute",
    "center",
    "centre",
    "headquarters",
    "summit",
    "declaration",
    "agreement",
    "conference",
    "forum",
    "news",
    "times",
    "post",
    "press",
    "government",
    "republic",
    "kingdom",
    "state",
    "states",
    "nations",
    "corps",
    "guard",
    "police",
    "authority",
    "exhibition",
]);

/// Verbs of speech after which a capitalised pair is a speaker's name.
const SPEECH_VERBS: Words = Words::new(&[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "noted",
    "stressed",
    "warned",
    "explained",
]);

/// ", the UK ambassador", ", NATO Assistant Secretary General": a titled
/// phrase right after token `j`.
fn titled_apposition_follows(words: &[&str], pieces: &[Piece], j: usize) -> bool {
    if !words.get(j).is_some_and(|w| is(w, ",")) {
        return false;
    }
    let mut k = j + 1;
    while k < words.len() && k <= j + 3 && one_of(words[k], &["the", "a", "an", "his", "her"]) {
        k += 1;
    }
    pieces.iter().any(|p| {
        p.ts > j
            && p.ts <= k + 2
            && matches!(
                p.kind,
                PieceKind::Title { .. }
                    | PieceKind::Sector(_)
                    | PieceKind::State(..)
                    | PieceKind::Org(_)
            )
    }) && pieces.iter().any(|p| {
        p.ts > j && p.ts <= k + 5 && matches!(p.kind, PieceKind::Title { .. })
            || p.ts > j
                && p.ts <= k + 5
                && matches!(p.kind, PieceKind::Sector(_))
                && words.get(p.ts).is_some_and(|w| listed(&PERSON_NOUNS, w))
    })
}

/// Sector nouns that name one person (for appositions).
const PERSON_NOUNS: Words = Words::new(&[
    "ambassador",
    "envoy",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "general",
    "commander",
    "official",
    "adviser",
    "advisor",
    "representative",
    "secretary",
    "chairman",
    "director",
    "chief",
    "president",
    "leader",
    "head",
    "diplomat",
]);

/// Asked of nearly every token: the common cases (an ASCII lower-case
/// word, an ASCII capitalised one) are settled on bytes.
#[inline(always)]
fn is_name_token(text: &str, tokens: &[Token], i: usize) -> bool {
    let Some(t) = tokens.get(i) else { return false };
    if t.kind != TokenKind::Word {
        return false;
    }
    let Some(b) = text.as_bytes().get(t.range()) else {
        return false;
    };
    match b.first() {
        // No particle: no hyphen third or fourth.
        Some(c) if c.is_ascii_lowercase() && (b.len() < 4 || b[2] != b'-' && b[3] != b'-') => {
            return false;
        }
        // A lower-case ASCII letter anywhere is a lower-case character.
        Some(c) if c.is_ascii_uppercase() && b[1..].iter().any(u8::is_ascii_lowercase) => {
            return true;
        }
        _ => {}
    }
    text.get(t.range()).is_some_and(is_name_word)
}

/// `is_name_token` on the word itself, character by character.
fn is_name_word(w: &str) -> bool {
    if !is_capitalised(w) {
        // "al-Araji", "el-Sisi": a hyphen third or fourth.
        let b = w.as_bytes();
        if b.len() < 4 || b[2] != b'-' && b[3] != b'-' {
            return false;
        }
        return ["al-", "el-", "bin-", "abu-", "ad-", "as-", "ash-", "ar-"]
            .iter()
            .any(|p| {
                w.len() > p.len() && w.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            });
    }
    // All-caps words in running text are acronyms, not names.
    !(w.len() > 1 && w.chars().all(|c| !c.is_lowercase()))
}

/// Group pieces into phrases.
pub fn phrases(words: &[&str], pieces: &[Piece], out: &mut Vec<Phrase>) {
    let mut k = 0;
    while k < pieces.len() {
        let first = k;
        let mut te = pieces[k].te;
        let mut m = k + 1;
        while m < pieces.len() {
            let gap = &words[te..pieces[m].ts];
            let glue = gap.len() <= 3
                && gap
                    .iter()
                    .all(|w| listed(&GLUE, w) || listed(&HONORIFICS, strip_dot(w)));
            // "and" joins two actors, not one phrase, unless it sits inside an office title.
            let has_and = gap.iter().any(|w| is(w, "and"));
            // "Shoukry, Egypt's foreign minister" / "the UK ambassador, John Casson".
            let named_before = pieces[first..m]
                .iter()
                .any(|p| matches!(p.kind, PieceKind::Person(_) | PieceKind::Name));
            let title_before = matches!(pieces[m - 1].kind, PieceKind::Title { .. });
            let apposition = gap.len() == 1
                && is(gap[0], ",")
                && match pieces[m].kind {
                    PieceKind::Person(_) | PieceKind::Name => title_before && !named_before,
                    PieceKind::Title { .. } => named_before,
                    _ => false,
                };
            let apposition_of_title = gap.first().is_some_and(|w| is(w, ","))
                && gap.len() <= 3
                && gap[1..].iter().all(|w| listed(&GLUE, w))
                && matches!(
                    pieces[m].kind,
                    PieceKind::State(..)
                        | PieceKind::Title { .. }
                        | PieceKind::Org(_)
                        | PieceKind::Sector(_)
                )
                && pieces[first..m]
                    .iter()
                    .any(|p| matches!(p.kind, PieceKind::Person(_) | PieceKind::Name))
                && pieces[m..].iter().take(3).any(|p| match p.kind {
                    PieceKind::Title { .. } => true,
                    PieceKind::Sector(_) => {
                        listed(&PERSON_NOUNS, words[p.te - 1].trim_end_matches('s'))
                    }
                    _ => false,
                });
            if (glue && !has_and) || apposition || apposition_of_title {
                te = pieces[m].te;
                m += 1;
            } else {
                break;
            }
        }
        // Include a leading "the" / determiner in the phrase text? No: offsets stay on the names.
        let ts = pieces[first].ts;
        let prep = if ts > 0 {
            let mut p = ts - 1;
            // skip determiners and modifiers
            while p > 0 && listed(&DETERMINERS, words[p]) {
                p -= 1;
            }
            preposition(words[p])
        } else {
            None
        };
        out.push(Phrase {
            ts,
            te,
            pieces: first..m,
            prep,
        });
        k = m;
    }
}

/// The rules a resolution may apply, in the order it tries them, which is
/// the order its rule id names them in.
#[derive(Clone, Copy)]
enum Rule {
    Counterpart,
    Imported,
    State,
    Org,
    OfficeHolder,
    Person,
    Former,
    Name,
    Title,
    Sector,
    StateGovernment,
}

/// The names of `Rule`s, by discriminant.
const RULE_NAMES: [&str; 11] = [
    "counterpart",
    "imported",
    "state",
    "org",
    "office-holder",
    "person",
    "former",
    "name",
    "title",
    "sector",
    "state-government",
];

/// `actor:` and each rule's name alone, by discriminant: most phrases
/// resolve by one rule, and these need no string built.
static RULE_ALONE: [CompactString; 11] = [
    CompactString::const_new("actor:counterpart"),
    CompactString::const_new("actor:imported"),
    CompactString::const_new("actor:state"),
    CompactString::const_new("actor:org"),
    CompactString::const_new("actor:office-holder"),
    CompactString::const_new("actor:person"),
    CompactString::const_new("actor:former"),
    CompactString::const_new("actor:name"),
    CompactString::const_new("actor:title"),
    CompactString::const_new("actor:sector"),
    CompactString::const_new("actor:state-government"),
];

/// The rules a resolution applied, as bits: each applies at most once and
/// in `Rule` order, and resolution runs for every phrase.
#[derive(Default)]
struct Rules(u16);

impl Rules {
    fn push(&mut self, rule: Rule) {
        self.0 |= 1 << rule as u16;
    }

    /// The names of the set bits, lowest first.
    fn names(&self) -> impl Iterator<Item = &'static str> + Clone {
        let mut bits = self.0;
        std::iter::from_fn(move || {
            // No bit left: 16 trailing zeros, past the names.
            let name = RULE_NAMES.get(bits.trailing_zeros() as usize)?;
            bits &= bits - 1;
            Some(*name)
        })
    }

    /// [`rule_name`] of these rules.
    fn name(&self) -> CompactString {
        match RULE_ALONE.get(self.0.trailing_zeros() as usize) {
            Some(alone) if self.0.count_ones() == 1 => alone.clone(),
            _ => rule_name(self.names()),
        }
    }
}

/// The last of `items` for which `preferred` holds, else the last of all;
/// in one pass, without collecting them.
fn last_preferring<T: Copy>(
    items: impl Iterator<Item = T>,
    preferred: impl Fn(T) -> bool,
) -> Option<T> {
    let (mut last, mut best) = (None, None);
    for x in items {
        if preferred(x) {
            best = Some(x);
        }
        last = Some(x);
    }
    best.or(last)
}

/// Determiners and modifiers between a preposition and its phrase.
const DETERMINERS: Words = Words::new(&[
    "the",
    "a",
    "an",
    "his",
    "her",
    "its",
    "their",
    "top",
    "senior",
    "several",
    "two",
    "both",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "neighbouring",
    "neighboring",
]);

/// Resolve a phrase on `date`. `last_office` is the office of the most recent
/// titled actor (for "counterpart").
/// A knowledge-base string, borrowed.
fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref()
}

pub fn resolve<'a>(
    kb: &'a Kb,
    text: &'a str,
    tokens: &[Token],
    pieces: &[Piece],
    date: Option<NaiveDate>,
    last_office: Option<u32>,
) -> Resolved<'a> {
    let mut r = Resolved::default();
    let mut rules = Rules::default();
    let mut office: Option<(u32, Option<u32>)> = None;
    let mut person_idx: Option<u32> = None;
    let mut name_piece: Option<&Piece> = None;
    let mut state: Option<u32> = None;
    let mut org: Option<u32> = None;
    let mut sector_term: Option<u32> = None;
    let mut counterpart = false;
    let mut named: Option<u32> = None;
    let mut sector_term_office_blocked = false;
    let mut title_sector: Option<&'a str> = None;
    let mut group_sector: Option<&'a str> = None;
    for p in pieces {
        match p.kind {
            PieceKind::State(s, _) => {
                state.get_or_insert(s);
            }
            PieceKind::Org(o) => {
                org.get_or_insert(o);
            }
            PieceKind::Person(x) => {
                person_idx.get_or_insert(x);
            }
            PieceKind::Name => {
                name_piece.get_or_insert(p);
            }
            PieceKind::Named(n) => {
                named.get_or_insert(n);
            }
            PieceKind::Title { office: o, holder } => {
                // "Deputy Secretary General", "former defence minister": a
                // different office, or none now.
                let before = p.ts.checked_sub(1).map(|t| &text[tokens[t].range()]);
                let before_is = |words: &[&str]| {
                    before.is_some_and(|b| words.iter().any(|w| b.eq_ignore_ascii_case(w)))
                };
                if before_is(&["deputy", "assistant", "vice", "under"]) {
                    sector_term_office_blocked = true;
                    title_sector = Some(kb.offices[o as usize].sector.as_str());
                } else if before_is(&["former", "ex", "ex-"]) {
                    sector_term_office_blocked = true;
                    title_sector = Some("ELI");
                } else {
                    office.get_or_insert((o, holder));
                }
            }
            PieceKind::Sector(t) => {
                // The head noun is usually the last one ("army chief" → chief).
                sector_term = Some(t);
                if let Some(o) = kb.sector_terms[t as usize].office {
                    if !sector_term_office_blocked {
                        office.get_or_insert((o, None));
                    }
                }
            }
            PieceKind::Counterpart => counterpart = true,
        }
    }
    if counterpart && office.is_none() {
        if let Some(o) = last_office {
            office = Some((o, None));
            rules.push(Rule::Counterpart);
        }
    }
    // An imported dictionary actor carries its own codes for the date.
    if let Some(n) = named {
        let actor = &kb.named[n as usize];
        if let Some(code) = actor.code_on(date) {
            r.country = opt(&code.country);
            r.org = opt(&code.org);
            group_sector = opt(&code.sector);
        }
        r.name = actor.name.as_str();
        rules.push(Rule::Imported);
    }
    // Country and organisation from explicit pieces.
    if let Some(s) = state {
        r.country = Some(kb.states[s as usize].code.as_str());
        rules.push(Rule::State);
    }
    if let Some(o) = org {
        let o = &kb.orgs[o as usize];
        match o.kind {
            OrgKind::Igo => {
                // Report the top organisation; keep the body.
                let mut top = o;
                let mut depth = 0;
                while let Some(parent) = top.parent.as_deref().and_then(|p| kb.org(p)) {
                    top = parent;
                    depth += 1;
                    if depth > 4 {
                        break;
                    }
                }
                r.org = Some(top.code.as_str());
                if !std::ptr::eq(top, o) {
                    r.body = Some(o.code.as_str());
                }
            }
            OrgKind::Group => {
                r.org = Some(o.code.as_str());
                if r.country.is_none() {
                    r.country = opt(&o.country);
                }
                // The group's own sector applies unless a title or sector
                // noun in the phrase says more ("Al-Wefaq Intelligence Service").
                group_sector = opt(&o.sector);
            }
        }
        rules.push(Rule::Org);
        if r.name.is_empty() {
            r.name = o.name.as_str();
        }
    }
    // Title holder default ("secretary of state" → USA) when no state is named.
    if let Some((o, Some(h))) = office {
        if r.country.is_none() && r.org.is_none() {
            if h & attache_kb::ORG_HOLDER != 0 {
                if let Some(org) = kb.orgs.get((h & !attache_kb::ORG_HOLDER) as usize) {
                    r.org = Some(org.code.as_str());
                }
            } else if let Some(st) = kb.states.get(h as usize) {
                r.country = Some(st.code.as_str());
            }
            let _ = o;
        }
    }
    // The person: named in the KB, or the office holder on the date.
    if person_idx.is_none() {
        if let (Some((o, _)), Some(d)) = (office, date) {
            let holder = r
                .org
                .filter(|_| org.is_some_and(|x| kb.orgs[x as usize].kind == OrgKind::Igo))
                .or(r.country);
            let holder = match org {
                Some(x) if kb.orgs[x as usize].kind == OrgKind::Group => {
                    Some(kb.orgs[x as usize].code.as_str())
                }
                _ => holder,
            };
            if let Some(h) = holder {
                if let Some(role) = kb
                    .holder_on(h, o, d)
                    .or_else(|| r.country.and_then(|c| kb.holder_on(c, o, d)))
                {
                    if name_piece.is_none() {
                        person_idx = Some(role.person);
                        rules.push(Rule::OfficeHolder);
                    }
                }
            }
        }
    }
    if let Some(x) = person_idx {
        let person = &kb.people[x as usize];
        r.person = Some(person.id.as_str());
        r.name = person.name.as_str();
        r.personal = true;
        rules.push(Rule::Person);
        // Prefer the role matching the title in the phrase, else the last.
        let titled = |ro: &attache_kb::Role| office.is_some_and(|(o, _)| o == ro.office);
        let role = match date {
            Some(d) => last_preferring(kb.roles_on(x, d), titled),
            // Without a date, only a role the phrase itself names
            // ("NATO secretary general Jens Stoltenberg") can be trusted.
            None => {
                let named_holder = r.org.or(r.country);
                last_preferring(
                    kb.roles_of(x)
                        .filter(|ro| titled(ro) || named_holder == Some(ro.holder.as_str())),
                    titled,
                )
            }
        };
        match role {
            Some(role) => {
                let off = &kb.offices[role.office as usize];
                r.role = Some(off.key.as_str());
                r.office = Some(role.office);
                if r.country.is_none() && r.org.is_none() {
                    if kb.state(&role.holder).is_some() {
                        r.country = Some(role.holder.as_str());
                    } else {
                        // An office of a group ("LNA commander") carries the group's country.
                        r.org = Some(role.holder.as_str());
                        r.country = kb.org(&role.holder).and_then(|o| opt(&o.country));
                    }
                }
                if r.sector.is_none()
                    || org.is_some_and(|o| kb.orgs[o as usize].kind == OrgKind::Igo)
                {
                    r.sector = Some(off.sector.as_str());
                }
            }
            None => {
                let held_before =
                    date.is_some_and(|d| kb.roles_of(x).any(|ro| ro.end.is_some_and(|e| e < d)));
                if r.country.is_none() && r.org.is_none() {
                    let holder = kb
                        .roles_of(x)
                        .last()
                        .map(|ro| ro.holder.as_str())
                        .or(opt(&person.country));
                    match holder {
                        Some(h) if kb.state(h).is_some() => r.country = Some(h),
                        Some(h) => r.org = Some(h),
                        None => {}
                    }
                }
                if held_before && office.is_none() {
                    r.sector = Some("ELI");
                    rules.push(Rule::Former);
                }
            }
        }
    } else if let Some(p) = name_piece {
        let (s, e) = (tokens[p.ts].start as usize, tokens[p.te - 1].end as usize);
        r.person = Some(&text[s..e]);
        r.name = &text[s..e];
        r.personal = true;
        rules.push(Rule::Name);
    }
    if let Some((o, _)) = office {
        let off = &kb.offices[o as usize];
        if r.role.is_none() {
            r.role = Some(off.key.as_str());
        }
        r.office.get_or_insert(o);
        if r.sector.is_none()
            || org.is_some_and(|x| kb.orgs[x as usize].kind == OrgKind::Igo) && r.sector.is_none()
        {
            r.sector = Some(off.sector.as_str());
        }
        r.personal = true;
        rules.push(Rule::Title);
    }
    if r.sector.is_none() {
        if let Some(t) = sector_term {
            let term = &kb.sector_terms[t as usize];
            r.sector = Some(term.sector.as_str());
            r.personal |= term.person;
            rules.push(Rule::Sector);
        }
    }
    if r.sector.is_none() {
        r.sector = title_sector.or(group_sector);
    }
    // A state named alone, or its capital or seat of power, acts as its
    // government ("Egypt condemned", "the Kremlin said"); an adjective alone does not.
    if r.sector.is_none() && r.person.is_none() && org.is_none() && pieces.len() == 1 {
        if let PieceKind::State(_, StateForm::Name | StateForm::Capital | StateForm::Metonym) =
            pieces[0].kind
        {
            r.sector = Some("GOV");
            rules.push(Rule::StateGovernment);
        }
    }
    if r.name.is_empty() {
        r.name = match (state, org) {
            (Some(s), _) => kb.states[s as usize].name.as_str(),
            (None, Some(o)) => kb.orgs[o as usize].name.as_str(),
            _ => match sector_term {
                Some(t) => kb.sector_terms[t as usize].term.as_str(),
                None => "",
            },
        };
    }
    r.generic = !r.is_actor() && r.person.is_none();
    r.rule = rules.name();
    r
}

/// `actor:` and the rule names joined by `+`. Written into a stack buffer
/// first: `format!`, `join` or piecewise pushes onto the short string cost
/// more than the rest of a short phrase's resolution.
fn rule_name<'n>(names: impl Iterator<Item = &'n str> + Clone) -> CompactString {
    const HEAD: &str = "actor:";
    let len = HEAD.len() + names.clone().map(|x| x.len() + 1).sum::<usize>();
    let mut buf = [0u8; 96];
    if len > buf.len() {
        let mut rule = String::with_capacity(len);
        rule.push_str(HEAD);
        for (k, x) in names.enumerate() {
            if k > 0 {
                rule.push('+');
            }
            rule.push_str(x);
        }
        return rule.into();
    }
    buf[..HEAD.len()].copy_from_slice(HEAD.as_bytes());
    let mut n = HEAD.len();
    for (k, x) in names.enumerate() {
        if k > 0 {
            buf[n] = b'+';
            n += 1;
        }
        buf[n..n + x.len()].copy_from_slice(x.as_bytes());
        n += x.len();
    }
    // Whole names copied: always UTF-8.
    std::str::from_utf8(&buf[..n]).map_or_else(|_| CompactString::default(), CompactString::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_join_like_format() {
        // Every set of rules, and name lists long enough to leave the stack buffer.
        for bits in 0..(1u16 << RULE_NAMES.len()) {
            let names: Vec<&str> = Rules(bits).names().collect();
            assert_eq!(
                rule_name(names.iter().copied()),
                format!("actor:{}", names.join("+"))
            );
            assert_eq!(Rules(bits).name(), format!("actor:{}", names.join("+")));
        }
        for n in [10, 11, 12, 40] {
            let names = vec!["state-government"; n];
            assert_eq!(
                rule_name(names.iter().copied()),
                format!("actor:{}", names.join("+"))
            );
        }
    }

    /// `stance_mention` for the mention `m` inside `text`.
    fn stance(text: &str, m: &str) -> bool {
        let start = text.find(m).unwrap_or(0);
        stance_mention(text, start, start + m.len())
    }

    #[test]
    fn stances_and_patrons_need_a_dash_beside_the_mention() {
        assert!(stance("the pro-Iranian militia", "Iranian"));
        assert!(stance("the Pro–Iranian militia", "Iranian"));
        assert!(stance("anti-US protesters", "US"));
        assert!(stance("the Syrian-backed Amal", "Syrian"));
        assert!(stance("the Syrian–Backed Amal", "Syrian"));
        assert!(!stance("the Syrian army", "Syrian"));
        assert!(!stance("a re-Iranian claim", "Iranian"));
        assert!(!stance("the Syrian-led talks", "Syrian"));
        assert!(!stance("Syria", "Syria"));
        assert!(!stance("Iran—backed", "Iran"));
    }

    #[test]
    fn byte_comparisons_agree_with_the_crate_lists() {
        let lists = [
            PREPOSITIONS,
            GLUE,
            HONORIFICS,
            PARTICLES,
            INSTITUTION_WORDS,
            SPEECH_VERBS,
            PERSON_NOUNS,
            DETERMINERS,
        ];
        for list in &lists {
            for &w in list.words {
                let mut probes = vec![
                    w.to_string(),
                    w.to_uppercase(),
                    format!("{w}s"),
                    String::new(),
                ];
                probes.extend((0..w.len()).filter_map(|n| w.get(..n)).map(str::to_string));
                probes.extend((1..w.len()).filter_map(|n| w.get(n..)).map(str::to_string));
                for probe in &probes {
                    assert_eq!(
                        listed(list, probe),
                        list.words.contains(&probe.as_str()),
                        "{probe}"
                    );
                    assert_eq!(
                        find_listed(list, probe).is_some(),
                        list.words.contains(&probe.as_str())
                    );
                }
            }
        }
    }

    #[test]
    fn rules_are_named_in_the_order_resolution_tries_them() {
        let mut rules = Rules::default();
        for rule in [
            Rule::Title,
            Rule::State,
            Rule::Counterpart,
            Rule::StateGovernment,
        ] {
            rules.push(rule);
        }
        let names: Vec<&str> = rules.names().collect();
        assert_eq!(names, ["counterpart", "state", "title", "state-government"]);
        assert_eq!(RULE_NAMES[Rule::OfficeHolder as usize], "office-holder");
        assert_eq!(RULE_NAMES[Rule::Sector as usize], "sector");
    }

    #[test]
    fn last_preferring_agrees_with_collect_and_rfind() {
        let lists: [&[u32]; 5] = [&[], &[1], &[2, 4, 6], &[1, 2, 3, 4, 5], &[3, 5, 7]];
        for list in lists {
            let even = |x: &u32| x.is_multiple_of(2);
            let collected: Vec<&u32> = list.iter().collect();
            let slow = collected
                .iter()
                .rfind(|x| even(x))
                .or(collected.last())
                .copied();
            assert_eq!(last_preferring(list.iter(), even), slow);
        }
    }

    #[test]
    fn name_tokens_on_bytes_agree_with_characters() {
        let text = "Sisi SISI S sisi al-Sisi Al-Sisi AL-SISI Éric ÉRIC éric Über ÜBER \
                    Ωmega ΩMEGA ß-x ab-cd abc-d al- x US U.S. McCain MCCAIN Dǅx";
        let mut tokens = Vec::new();
        attache_text::tokenize(text, 0, text.len(), &mut tokens);
        assert!(tokens.len() > 20);
        for i in 0..tokens.len() {
            let t = tokens[i];
            let slow = t.kind == TokenKind::Word && is_name_word(&text[t.range()]);
            assert_eq!(
                is_name_token(text, &tokens, i),
                slow,
                "{}",
                &text[t.range()]
            );
        }
    }

    #[test]
    fn cover_cursor_agrees_with_a_scan() {
        let piece = |ts, te| Piece {
            ts,
            te,
            kind: PieceKind::Name,
        };
        let sets = [
            vec![],
            vec![piece(0, 1)],
            vec![piece(1, 3), piece(3, 4), piece(6, 9)],
            vec![piece(2, 5), piece(1, 3)],
            vec![piece(2, 2), piece(4, 6)],
        ];
        for pieces in &sets {
            // Ascending tokens, with the inner restarts `add_names` makes.
            for start in 0..10 {
                let mut outer = Cover::new(pieces);
                for i in start..10 {
                    let scan = pieces.iter().any(|p| p.ts <= i && i < p.te);
                    assert_eq!(outer.covers(pieces, i), scan);
                    let mut inner = outer;
                    for j in i..12 {
                        let scan = pieces.iter().any(|p| p.ts <= j && j < p.te);
                        assert_eq!(inner.covers(pieces, j), scan);
                    }
                }
            }
        }
    }

    #[test]
    fn name_tokens_include_lower_case_particles() {
        let text = "el-Sisi met al-Araji and bin-Zayed, not al- or el or e-mail or NATO";
        let mut tokens = Vec::new();
        attache_text::tokenize(text, 0, text.len(), &mut tokens);
        let names: Vec<&str> = (0..tokens.len())
            .filter(|&i| is_name_token(text, &tokens, i))
            .map(|i| &text[tokens[i].range()])
            .collect();
        assert_eq!(names, ["el-Sisi", "al-Araji", "bin-Zayed"]);
    }
}
