//! States, organisations, sector nouns, and the automaton over all actor
//! surface forms.

use rustc_hash::FxHashMap;

use crate::lexicon::inflect_noun;
use crate::tsv::rows;
use crate::{Kb, KbError, SourceFile};

/// A state or territory.
#[derive(Debug, Clone)]
pub struct State {
    pub code: String,
    pub name: String,
    pub names: Vec<String>,
    pub adjectives: Vec<String>,
    pub capitals: Vec<String>,
    pub metonyms: Vec<String>,
    pub kind: String,
}

/// Kind of organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKind {
    /// International (intergovernmental) organisation or one of its bodies.
    Igo,
    /// Non-state armed group, movement, party or rival government.
    Group,
}

/// An IGO, IGO body or non-state group.
#[derive(Debug, Clone)]
pub struct Org {
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    pub aliases: Vec<String>,
    pub context_aliases: Vec<String>,
    /// Parent organisation code (IGO bodies).
    pub parent: Option<String>,
    /// Home country (groups).
    pub country: Option<String>,
    /// PLOVER sector (groups).
    pub sector: Option<String>,
    pub active: Option<String>,
    pub source: String,
}

/// A role noun and the sector it marks.
#[derive(Debug, Clone)]
pub struct SectorTerm {
    pub term: String,
    pub sector: String,
    /// True for nouns naming one person (minister), false for bodies (army).
    pub person: bool,
    pub office: Option<u32>,
}

/// Which form of a state's name matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateForm {
    Name,
    Adjective,
    Capital,
    Metonym,
}

/// What a surface form refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    State {
        state: u32,
        form: StateForm,
    },
    /// `weak`: a context alias, valid only when the org is named elsewhere in the document.
    Org {
        org: u32,
        weak: bool,
    },
    Person {
        person: u32,
    },
    /// A named actor with time-bounded codes (imported dictionaries).
    Named {
        named: u32,
    },
    /// An office title; `holder` set when the title is specific to one state/org.
    Title {
        office: u32,
        holder: Option<u32>,
    },
    Sector {
        term: u32,
    },
}

/// How the case of the text must agree with the surface form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Any case ("defence minister").
    Any,
    /// First letter upper case ("Egypt", "Chad").
    Capitalized,
    /// Exactly as written ("UN", "US", "FM").
    Exact,
}

impl CaseRule {
    fn of(form: &str) -> CaseRule {
        let letters = form.chars().filter(|c| c.is_alphabetic()).count();
        let upper = form.chars().filter(|c| c.is_uppercase()).count();
        if letters > 0 && upper == letters && letters <= 6 {
            CaseRule::Exact
        } else if form.chars().next().is_some_and(char::is_uppercase) {
            CaseRule::Capitalized
        } else {
            CaseRule::Any
        }
    }

    /// The looser of two rules (any case, then capitalised, then exact).
    fn looser(self, other: CaseRule) -> CaseRule {
        let rank = |r: CaseRule| match r {
            CaseRule::Any => 0,
            CaseRule::Capitalized => 1,
            CaseRule::Exact => 2,
        };
        if rank(other) < rank(self) {
            other
        } else {
            self
        }
    }

    /// Does `text` (the matched words) satisfy the rule for `form`?
    pub fn accepts(self, form: &str, text: &str) -> bool {
        match self {
            CaseRule::Any => true,
            CaseRule::Capitalized => text.chars().next().is_some_and(|c| !c.is_lowercase()),
            CaseRule::Exact => fold_quotes_eq(form, text),
        }
    }
}

fn fold_quotes_eq(a: &str, b: &str) -> bool {
    let fold = |c: char| if c == '’' { '\'' } else { c };
    a.chars().map(fold).eq(b.chars().map(fold))
}

/// A surface-form match in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionMatch {
    pub start: usize,
    pub end: usize,
    pub pattern: u32,
}

struct Surface {
    form: String,
    entities: Vec<(Entity, CaseRule)>,
    overlay: bool,
}

/// Every actor surface form, indexed by its first word.
///
/// A mention starts at a word start, so the matcher hashes each word of the
/// text once and, when some form begins with that word, tries those forms
/// longest first. A one-bit-per-hash filter small enough for the L1 cache
/// rejects most words before the table is touched. (An automaton over all
/// forms reports about one candidate every 26 bytes of news text, nearly
/// all inside words and rejected afterwards, and costs tens of milliseconds
/// to build at every start: BENCHMARKS.md.)
pub(crate) struct Matcher {
    forms: Vec<String>,
    /// Every form ASCII-lower-cased (the text is lowered the same way), one
    /// after another; candidates hold their spans in it.
    lowered: String,
    first_words: FirstWords,
    entities: Vec<Vec<(Entity, CaseRule)>>,
}

/// First words of the forms: filter bits, open-addressing slots holding
/// the words themselves (one memory read per lookup), and each word's
/// patterns in one array.
#[derive(Default)]
struct FirstWords {
    filter: Vec<u64>,
    slots: Vec<FirstWord>,
    patterns: Vec<Candidate>,
}

/// A pattern under its first word, with the (up to) six bytes that follow
/// that word in the form: forms sharing a first word ("minister of …")
/// mostly differ there, so the scan rejects them without reading the form.
#[derive(Clone, Copy)]
struct Candidate {
    /// The next bytes, packed little-endian: one compare at scan time.
    next: u64,
    pattern: u32,
    /// The lowered form in [`Matcher::lowered`], here to spare a lookup.
    form_start: u32,
    form_len: u32,
    next_len: u8,
}

const NEXT_BYTES: usize = 6;

/// Up to [`NEXT_BYTES`] bytes packed little-endian, zeros after them.
fn pack(bytes: &[u8]) -> u64 {
    // One load where eight bytes are there to read.
    if let Some(word) = bytes.first_chunk::<8>() {
        return u64::from_le_bytes(*word) & NEXT_MASK;
    }
    bytes
        .iter()
        .take(NEXT_BYTES)
        .enumerate()
        .fold(0, |acc, (k, &b)| acc | u64::from(b) << (8 * k))
}

const NEXT_MASK: u64 = (1 << (8 * NEXT_BYTES)) - 1;

/// The first two bytes after a first word: forms under one first word are
/// grouped by them, so "the" is not tried against every "the …" form.
fn next_key(packed: u64) -> u64 {
    packed & 0xFFFF
}

/// One of 64 bits for a key (its top six bits after a multiply: the key's
/// first byte is mostly a space).
fn key_bit(packed: u64) -> u64 {
    1 << (next_key(packed).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58)
}

/// The low `len` bytes of a packed word.
fn low_bytes(packed: u64, len: u8) -> u64 {
    packed & ((1u64 << (8 * u32::from(len))) - 1)
}

#[derive(Clone, Copy, Default)]
struct FirstWord {
    /// Never 0 ([`finish`]): 0 marks an empty slot.
    hash: u64,
    start: u32,
    /// Patterns with two or more bytes after the first word, by
    /// [`next_key`], each key's longest first.
    long: u32,
    /// The others (the first word alone, or with one byte after it), longest first.
    short: u32,
    /// Bit `key % 64` set for each long pattern's key: most words are
    /// followed by none of them.
    keys: u64,
}

const FILTER_BITS: u64 = 1 << 16;

/// Hash of a word (the same at build and scan time): its bytes eight at a
/// time, little-endian, the last chunk zero-padded.
fn word_hash(word: &[u8]) -> u64 {
    let (chunks, tail) = word.as_chunks::<8>();
    let mut h = word.len() as u64;
    for c in chunks {
        h = mix(h, u64::from_le_bytes(*c));
    }
    if !tail.is_empty() {
        let last = tail
            .iter()
            .enumerate()
            .fold(0, |acc, (k, &b)| acc | u64::from(b) << (8 * k));
        h = mix(h, last);
    }
    finish(h)
}

/// [`word_hash`] of `bytes[start..end]` with one masked load for a word of
/// up to eight bytes that has eight bytes to read.
#[inline]
fn word_hash_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    match bytes.get(start..).and_then(<[u8]>::first_chunk::<8>) {
        Some(chunk) if (1..=8).contains(&len) => {
            let v = u64::from_le_bytes(*chunk) & (u64::MAX >> (64 - 8 * len));
            finish(mix(len as u64, v))
        }
        _ => word_hash(&bytes[start..end]),
    }
}

#[inline]
fn mix(h: u64, chunk: u64) -> u64 {
    (h.rotate_left(5) ^ chunk).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// The filter and the slots read low bits: fold the high ones down. Never
/// 0, the empty slot.
#[inline]
fn finish(h: u64) -> u64 {
    (h ^ (h >> 29)).max(1)
}

impl FirstWords {
    /// `words`: each first word's hash and patterns, longest first.
    fn build(words: Vec<(u64, Vec<Candidate>)>) -> FirstWords {
        let mut fw = FirstWords {
            filter: vec![0; (FILTER_BITS / 64) as usize],
            slots: vec![FirstWord::default(); (words.len() * 2).next_power_of_two().max(2)],
            ..FirstWords::default()
        };
        let mask = fw.slots.len() - 1;
        for (hash, patterns) in words {
            let bit = hash % FILTER_BITS;
            fw.filter[(bit / 64) as usize] |= 1 << (bit % 64);
            let mut i = (hash >> 16) as usize & mask;
            while fw.slots[i].hash != 0 {
                i = (i + 1) & mask;
            }
            let (mut long, short): (Vec<Candidate>, Vec<Candidate>) =
                patterns.into_iter().partition(|c| c.next_len >= 2);
            // Stable: each key keeps its patterns longest first.
            long.sort_by_key(|c| next_key(c.next));
            fw.slots[i] = FirstWord {
                hash,
                start: fw.patterns.len() as u32,
                long: long.len() as u32,
                short: short.len() as u32,
                keys: long.iter().fold(0, |k, c| k | key_bit(c.next)),
            };
            fw.patterns.extend(long);
            fw.patterns.extend(short);
        }
        fw
    }

    /// The first word with `hash` (the caller checks the words: two words
    /// may share a hash).
    #[inline]
    fn get(&self, hash: u64) -> Option<FirstWord> {
        let bit = hash % FILTER_BITS;
        if self.filter[(bit / 64) as usize] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = (hash >> 16) as usize & mask;
        loop {
            let w = self.slots[i];
            if w.hash == hash {
                return Some(w);
            }
            if w.hash == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// The patterns of `w` that may follow with these next bytes: those
    /// whose two next bytes are `packed`'s (when `available` holds two),
    /// then the short ones; each part longest first, so a longer form is
    /// always tried before a shorter one.
    fn candidates(&self, w: FirstWord, packed: u64, available: usize) -> [&[Candidate]; 2] {
        let start = w.start as usize;
        let (long, short) = (w.long as usize, w.short as usize);
        let long = self.patterns.get(start..start + long).unwrap_or(&[]);
        let short = self
            .patterns
            .get(start + w.long as usize..start + w.long as usize + short)
            .unwrap_or(&[]);
        if available < 2 || w.keys & key_bit(packed) == 0 {
            return [&[], short];
        }
        // A few are rejected one by one faster than searched for.
        if long.len() <= 8 {
            return [long, short];
        }
        let key = next_key(packed);
        let lo = long.partition_point(|c| next_key(c.next) < key);
        let n = long[lo..].partition_point(|c| next_key(c.next) == key);
        [&long[lo..lo + n], short]
    }
}

/// ASCII letters and digits, by byte: one load per byte in the scan.
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Is the character starting at byte `i` of `s` a letter or digit, and how
/// long is it? ASCII without decoding.
#[inline]
fn word_char_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b.is_ascii_alphanumeric(), 1);
    }
    match s.get(i..).and_then(|rest| rest.chars().next()) {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, 1),
    }
}

/// Byte length and hash of the word (alphanumeric run) at the start of `s`.
fn first_word(s: &str) -> (usize, u64) {
    let mut i = 0;
    while i < s.len() {
        let (word, len) = word_char_at(s, i);
        if !word {
            break;
        }
        i += len;
    }
    (i, word_hash(&s.as_bytes()[..i]))
}

impl Matcher {
    pub(crate) fn empty() -> Matcher {
        Matcher {
            forms: Vec::new(),
            lowered: String::new(),
            first_words: FirstWords::default(),
            entities: Vec::new(),
        }
    }

    pub(crate) fn pattern_count(&self) -> usize {
        self.forms.len()
    }

    pub(crate) fn form(&self, pattern: u32) -> &str {
        self.forms
            .get(pattern as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    pub(crate) fn entities(&self, pattern: u32) -> &[(Entity, CaseRule)] {
        self.entities
            .get(pattern as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub(crate) fn build(kb: &Kb, files: &[SourceFile]) -> Result<Matcher, KbError> {
        let overlay_names = overlay_forms(files);
        let mut surfaces: Vec<Surface> = Vec::new();
        let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
        let mut add = |form: &str, entity: Entity| {
            let form = form.trim();
            if form.is_empty() {
                return;
            }
            for variant in quote_variants(form) {
                let key = variant.to_lowercase();
                let overlay = overlay_names.contains_key(&key);
                let idx = *by_key.entry(key).or_insert_with(|| {
                    surfaces.push(Surface {
                        form: variant.clone(),
                        entities: Vec::new(),
                        overlay,
                    });
                    surfaces.len() - 1
                });
                let rule = CaseRule::of(&variant);
                let s = &mut surfaces[idx];
                match s.entities.iter_mut().find(|(e, _)| *e == entity) {
                    // The same entity written two ways ("HAMAS" as its
                    // code, "Hamas" as its name): the looser rule holds.
                    Some((_, r)) => *r = r.looser(rule),
                    None => s.entities.push((entity, rule)),
                }
            }
        };
        for (i, st) in kb.states.iter().enumerate() {
            let i = i as u32;
            let name = |form| Entity::State { state: i, form };
            add(&st.name, name(StateForm::Name));
            st.names.iter().for_each(|n| add(n, name(StateForm::Name)));
            st.adjectives
                .iter()
                .for_each(|n| add(n, name(StateForm::Adjective)));
            st.capitals
                .iter()
                .for_each(|n| add(n, name(StateForm::Capital)));
            st.metonyms
                .iter()
                .for_each(|n| add(n, name(StateForm::Metonym)));
        }
        for (i, org) in kb.orgs.iter().enumerate() {
            let org_ref = |weak| Entity::Org {
                org: i as u32,
                weak,
            };
            // A code that is itself an acronym ("NATO", "HTS") is also a name.
            if org.code.len() <= 6 && !org.code.contains('_') {
                add(&org.code, org_ref(false));
            }
            add(&org.name, org_ref(false));
            org.aliases.iter().for_each(|a| add(a, org_ref(false)));
            org.context_aliases
                .iter()
                .for_each(|a| add(a, org_ref(true)));
        }
        for (i, p) in kb.people.iter().enumerate() {
            let e = Entity::Person { person: i as u32 };
            add(&p.name, e);
            p.variants.iter().for_each(|v| add(v, e));
        }
        for (i, n) in kb.named.iter().enumerate() {
            let e = Entity::Named { named: i as u32 };
            add(&n.name, e);
            n.aliases.iter().for_each(|a| add(a, e));
        }
        for (i, office) in kb.offices.iter().enumerate() {
            for (holder, title) in &office.titles {
                let holder = holder.as_deref().and_then(|h| {
                    kb.state_index(h)
                        .or_else(|| kb.org_by_code.get(h).map(|&o| o | ORG_HOLDER))
                });
                let e = Entity::Title {
                    office: i as u32,
                    holder,
                };
                add(title, e);
                add(&inflect_noun(title).1, e);
            }
        }
        for (i, term) in kb.sector_terms.iter().enumerate() {
            let e = Entity::Sector { term: i as u32 };
            add(&term.term, e);
            let plural = inflect_noun(&term.term).1;
            if plural != term.term {
                add(&plural, e);
            }
        }
        // An overlay form replaces the built-in meanings of the same form.
        for s in &mut surfaces {
            if s.overlay {
                let keep: Vec<_> = s
                    .entities
                    .iter()
                    .copied()
                    .filter(|(e, _)| entity_from_overlay(kb, *e))
                    .collect();
                if !keep.is_empty() {
                    s.entities = keep;
                }
            }
        }
        let forms: Vec<String> = surfaces.iter().map(|s| s.form.clone()).collect();
        let mut lowered = String::new();
        let mut spans = Vec::with_capacity(forms.len());
        let mut by_word: FxHashMap<&[u8], (u64, Vec<Candidate>)> = FxHashMap::default();
        for form in &forms {
            spans.push((lowered.len() as u32, form.len() as u32));
            lowered.push_str(&form.to_ascii_lowercase());
        }
        for (p, &(start, len)) in spans.iter().enumerate() {
            let form = &lowered[start as usize..(start + len) as usize];
            let (n, hash) = first_word(form);
            if n == 0 {
                // Never at a word start: such a form cannot be a mention.
                continue;
            }
            let after = &form.as_bytes()[n..form.len().min(n + NEXT_BYTES)];
            let next = pack(after);
            let entry = by_word
                .entry(&form.as_bytes()[..n])
                .or_insert_with(|| (hash, Vec::new()));
            entry.1.push(Candidate {
                next,
                pattern: p as u32,
                form_start: start,
                form_len: len,
                next_len: after.len() as u8,
            });
        }
        let mut words: Vec<(u64, Vec<Candidate>)> = by_word.into_values().collect();
        words.sort_by_key(|(hash, patterns)| (*hash, patterns[0].pattern));
        for (_, patterns) in &mut words {
            patterns.sort_by_key(|c| (std::cmp::Reverse(c.form_len), c.pattern));
        }
        Ok(Matcher {
            forms,
            first_words: FirstWords::build(words),
            lowered,
            entities: surfaces.into_iter().map(|s| s.entities).collect(),
        })
    }

    /// Mentions in `text`, left to right, not overlapping; at each word
    /// start the longest form that ends at a word boundary and meets its case
    /// rule. `lower` is `text.to_ascii_lowercase()`.
    pub(crate) fn find(&self, text: &str, lower: &str, out: &mut Vec<MentionMatch>) {
        let bytes = lower.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let (word, len) = word_char_at(lower, i);
            if !word {
                i += len;
                continue;
            }
            let start = i;
            loop {
                // ASCII letters and digits in a tight loop; other characters decoded.
                while i < bytes.len() && ASCII_WORD[usize::from(bytes[i])] {
                    i += 1;
                }
                if i >= bytes.len() || bytes[i] < 0x80 {
                    break;
                }
                let (word, len) = word_char_at(lower, i);
                if !word {
                    break;
                }
                i += len;
            }
            let Some(first) = self.first_words.get(word_hash_at(bytes, start, i)) else {
                continue;
            };
            let rest = &bytes[start..];
            let following = rest.get(i - start..).unwrap_or_default();
            let (packed, available) = (pack(following), following.len().min(NEXT_BYTES));
            for part in self.first_words.candidates(first, packed, available) {
                if let Some(end) = self.first_match(text, rest, start, part, packed, available) {
                    out.push(MentionMatch {
                        start,
                        end: end.0,
                        pattern: end.1,
                    });
                    i = end.0;
                    break;
                }
            }
        }
    }

    /// The first of `candidates` (a first word's patterns) that `rest`
    /// starts with, ending at a word boundary and meeting its case rule:
    /// its end in `text` and its pattern.
    #[inline]
    fn first_match(
        &self,
        text: &str,
        rest: &[u8],
        start: usize,
        candidates: &[Candidate],
        packed: u64,
        available: usize,
    ) -> Option<(usize, u32)> {
        for c in candidates {
            if usize::from(c.next_len) > available || low_bytes(packed, c.next_len) != c.next {
                continue;
            }
            // The whole form (hashes may collide).
            let p = c.pattern;
            let form = self
                .lowered
                .as_bytes()
                .get(c.form_start as usize..(c.form_start + c.form_len) as usize)
                .unwrap_or_default();
            if !rest.starts_with(form) {
                continue;
            }
            let end = start + form.len();
            if !is_boundary_after(text, end) {
                continue;
            }
            let shown = &self.forms[p as usize];
            let words = &text[start..end];
            if self.entities[p as usize]
                .iter()
                .any(|(_, rule)| rule.accepts(shown, words))
            {
                return Some((end, p));
            }
        }
        None
    }
}

/// Holder indices with this bit set refer to organisations, not states.
pub const ORG_HOLDER: u32 = 1 << 31;

fn is_boundary_after(text: &str, end: usize) -> bool {
    text.get(end..)
        .is_none_or(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Both apostrophe styles for forms that contain one.
fn quote_variants(form: &str) -> Vec<String> {
    if form.contains('\'') {
        vec![form.to_string(), form.replace('\'', "’")]
    } else if form.contains('’') {
        vec![form.to_string(), form.replace('’', "'")]
    } else {
        vec![form.to_string()]
    }
}

/// Lower-cased surface forms defined by overlay files (any column).
fn overlay_forms(files: &[SourceFile]) -> FxHashMap<String, ()> {
    let mut out = FxHashMap::default();
    for f in files.iter().filter(|f| f.overlay) {
        for line in f.text.lines().skip(1) {
            for cell in line.split('\t').skip(1) {
                for item in cell.split('|') {
                    let item = item.trim();
                    if !item.is_empty() {
                        out.insert(item.to_lowercase(), ());
                    }
                }
            }
        }
    }
    out
}

fn entity_from_overlay(kb: &Kb, e: Entity) -> bool {
    match e {
        Entity::State { state, .. } => kb.states[state as usize].kind == "overlay",
        Entity::Org { org, .. } => kb.orgs[org as usize].source.starts_with("overlay:"),
        Entity::Person { person } => kb.people[person as usize].source.starts_with("overlay:"),
        Entity::Named { .. } => true,
        _ => false,
    }
}

fn list(row: &crate::tsv::Row<'_>, i: usize) -> Vec<String> {
    row.list(i).map(str::to_string).collect()
}

pub(crate) fn load_states(kb: &mut Kb, f: &SourceFile) -> Result<(), KbError> {
    let cols = [
        "code",
        "name",
        "names",
        "adjectives",
        "capitals",
        "metonyms",
        "kind",
    ];
    for row in rows(&f.name, &f.text, &cols)? {
        let code = row.get(0).trim();
        if code.is_empty() {
            return Err(row.error("empty code"));
        }
        let state = State {
            code: code.to_string(),
            name: row.get(1).trim().to_string(),
            names: list(&row, 2),
            adjectives: list(&row, 3),
            capitals: list(&row, 4),
            metonyms: list(&row, 5),
            kind: if f.overlay {
                "overlay".to_string()
            } else {
                row.get(6).trim().to_string()
            },
        };
        match kb.state_by_code.get(code) {
            Some(&i) if f.overlay => kb.states[i as usize] = state,
            Some(_) => return Err(row.error(format!("duplicate state code {code}"))),
            None => {
                kb.state_by_code
                    .insert(code.to_string(), kb.states.len() as u32);
                kb.states.push(state);
            }
        }
    }
    Ok(())
}

pub(crate) fn load_orgs(kb: &mut Kb, f: &SourceFile, kind: OrgKind) -> Result<(), KbError> {
    let cols: &[&str] = match kind {
        OrgKind::Igo => &[
            "code",
            "name",
            "aliases",
            "context_aliases",
            "parent",
            "source",
        ],
        OrgKind::Group => &[
            "code", "name", "aliases", "country", "sector", "active", "source",
        ],
    };
    for row in rows(&f.name, &f.text, cols)? {
        let code = row.get(0).trim();
        if code.is_empty() {
            return Err(row.error("empty code"));
        }
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let source = |s: &str| {
            if f.overlay {
                format!("overlay:{}", f.name)
            } else {
                s.trim().to_string()
            }
        };
        let org = match kind {
            OrgKind::Igo => Org {
                code: code.to_string(),
                name: row.get(1).trim().to_string(),
                kind,
                aliases: list(&row, 2),
                context_aliases: list(&row, 3),
                parent: opt(row.get(4)),
                country: None,
                sector: None,
                active: None,
                source: source(row.get(5)),
            },
            OrgKind::Group => Org {
                code: code.to_string(),
                name: row.get(1).trim().to_string(),
                kind,
                aliases: list(&row, 2),
                context_aliases: Vec::new(),
                parent: None,
                country: opt(row.get(3)),
                sector: opt(row.get(4)),
                active: opt(row.get(5)),
                source: source(row.get(6)),
            },
        };
        match kb.org_by_code.get(code) {
            Some(&i) if f.overlay => kb.orgs[i as usize] = org,
            Some(_) => return Err(row.error(format!("duplicate organisation code {code}"))),
            None => {
                kb.org_by_code
                    .insert(code.to_string(), kb.orgs.len() as u32);
                kb.orgs.push(org);
            }
        }
    }
    Ok(())
}

pub(crate) fn load_sectors(kb: &mut Kb, f: &SourceFile) -> Result<(), KbError> {
    for row in rows(&f.name, &f.text, &["term", "sector", "kind"])? {
        let term = row.get(0).trim();
        if term.is_empty() {
            return Err(row.error("empty term"));
        }
        let office = match row.get(3).trim() {
            "" => None,
            key => Some(
                kb.office(key)
                    .ok_or_else(|| row.error(format!("unknown office {key}")))?,
            ),
        };
        kb.sector_terms.push(SectorTerm {
            term: term.to_string(),
            sector: row.get(1).trim().to_string(),
            person: row.get(2).trim() == "person",
            office,
        });
    }
    Ok(())
}

/// One code of a named actor, valid over a period.
#[derive(Debug, Clone)]
pub struct NamedCode {
    pub country: Option<String>,
    pub org: Option<String>,
    pub sector: Option<String>,
    pub start: Option<chrono::NaiveDate>,
    pub end: Option<chrono::NaiveDate>,
}

/// An actor from an imported dictionary: a name with codes valid over periods.
#[derive(Debug, Clone)]
pub struct NamedActor {
    pub name: String,
    pub aliases: Vec<String>,
    pub codes: Vec<NamedCode>,
    pub source: String,
}

impl NamedActor {
    /// The code valid on `date` (the first unbounded one without a date).
    pub fn code_on(&self, date: Option<chrono::NaiveDate>) -> Option<&NamedCode> {
        match date {
            Some(d) => self
                .codes
                .iter()
                .find(|c| c.start.is_none_or(|s| s <= d) && c.end.is_none_or(|e| d <= e)),
            None => self
                .codes
                .iter()
                .find(|c| c.start.is_none() && c.end.is_none())
                .or(self.codes.first()),
        }
    }
}

pub(crate) fn load_named(kb: &mut Kb, f: &SourceFile) -> Result<(), KbError> {
    let cols = [
        "name", "aliases", "country", "org", "sector", "start", "end", "source",
    ];
    for row in rows(&f.name, &f.text, &cols)? {
        let name = row.get(0).trim();
        if name.is_empty() {
            return Err(row.error("empty name"));
        }
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let date = |i: usize, last: bool| -> Result<Option<chrono::NaiveDate>, KbError> {
            match row.get(i).trim() {
                "" => Ok(None),
                s => crate::parse_kb_date(s, last)
                    .map(Some)
                    .ok_or_else(|| row.error(format!("bad date {s:?}"))),
            }
        };
        let code = NamedCode {
            country: opt(row.get(2)),
            org: opt(row.get(3)),
            sector: opt(row.get(4)),
            start: date(5, false)?,
            end: date(6, true)?,
        };
        // Consecutive rows with one name are the periods of one actor.
        match kb.named.last_mut() {
            Some(last) if last.name == name => last.codes.push(code),
            _ => kb.named.push(NamedActor {
                name: name.to_string(),
                aliases: list(&row, 1),
                codes: vec![code],
                source: row.get(7).trim().to_string(),
            }),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::Kb;

    fn found(kb: &Kb, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        kb.find_mentions(text, &mut out);
        out.iter()
            .map(|m| text[m.start..m.end].to_string())
            .collect()
    }

    #[test]
    fn mentions_start_and_end_at_word_boundaries() {
        let kb = Kb::builtin().expect("built-in knowledge loads");
        // Not inside words, whatever follows.
        assert!(found(&kb, "the campus of Xegypt").is_empty());
        // A possessive or punctuation ends a word; non-ASCII letters do not.
        assert_eq!(found(&kb, "Egypt's army"), ["Egypt", "army"]);
        assert!(found(&kb, "Egypté").is_empty());
        assert_eq!(found(&kb, "(Egypt)"), ["Egypt"]);
        // Longest form first, and the next word start after it.
        assert_eq!(found(&kb, "the United States said"), ["United States"]);
        // A form whose case rule fails is not a mention ("UN" is exact).
        assert!(found(&kb, "an un-named source").is_empty());
        assert_eq!(found(&kb, "the UN said"), ["UN"]);
    }

    #[test]
    fn a_shorter_form_is_tried_when_the_longer_one_fails() {
        let kb = Kb::builtin().expect("built-in knowledge loads");
        // "United States" runs into a letter; "United" alone is no form, but
        // the scan goes on at the next word.
        let got = found(&kb, "the United Statesmen met Egypt");
        assert_eq!(got.last().map(String::as_str), Some("Egypt"));
        assert!(!got.iter().any(|g| g.starts_with("United States")));
    }

    #[test]
    fn a_name_written_like_its_code_keeps_its_own_case_rule() {
        let kb = Kb::builtin().expect("built-in knowledge loads");
        // Code "HAMAS" (exact) and name "Hamas" (capitalised) share a form.
        assert_eq!(found(&kb, "Hamas rejected the offer"), ["Hamas"]);
        assert_eq!(found(&kb, "HAMAS rejected the offer"), ["HAMAS"]);
        assert!(found(&kb, "the hamas of it").is_empty());
    }

    /// The plain reading of [`Matcher::find`]: at each word start, every
    /// form tried longest first.
    fn find_by_trying_all(m: &super::Matcher, text: &str) -> Vec<super::MentionMatch> {
        let lower = text.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        let mut order: Vec<u32> = (0..m.forms.len() as u32)
            .filter(|&p| super::first_word(&m.forms[p as usize].to_ascii_lowercase()).0 > 0)
            .collect();
        order.sort_by_key(|&p| (std::cmp::Reverse(m.forms[p as usize].len()), p));
        let forms: Vec<String> = m.forms.iter().map(|f| f.to_ascii_lowercase()).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let (word, len) = super::word_char_at(&lower, i);
            if !word {
                i += len;
                continue;
            }
            let start = i;
            let n = super::first_word(&lower[start..]).0;
            let hit = order.iter().find(|&&p| {
                let form = &forms[p as usize];
                let end = start + form.len();
                bytes[start..].starts_with(form.as_bytes())
                    && super::is_boundary_after(text, end)
                    && m.entities[p as usize]
                        .iter()
                        .any(|(_, rule)| rule.accepts(&m.forms[p as usize], &text[start..end]))
            });
            match hit {
                Some(&p) => {
                    let end = start + forms[p as usize].len();
                    out.push(super::MentionMatch {
                        start,
                        end,
                        pattern: p,
                    });
                    i = end;
                }
                None => i = start + n,
            }
        }
        out
    }

    #[test]
    fn the_grouped_scan_finds_what_trying_every_form_finds() {
        let kb = Kb::builtin().expect("built-in knowledge loads");
        let m = &kb.matcher;
        // Texts of knowledge forms in several cases, run together with
        // separators, letters and words that cut or extend them.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let glue = [
            " ", ", ", "'s ", "-", " the ", "é", "x", ". ", " of ", "’s ",
        ];
        for _ in 0..60 {
            let mut text = String::new();
            for _ in 0..40 {
                let form = &m.forms[next(m.forms.len())];
                // Cut a form short now and then: its prefix meets longer forms.
                let form = match next(4) {
                    0 => form.to_uppercase(),
                    1 => form.to_lowercase(),
                    2 => form
                        .char_indices()
                        .nth(form.chars().count() / 2)
                        .map_or(form.clone(), |(k, _)| form[..k].to_string()),
                    _ => form.clone(),
                };
                text.push_str(&form);
                text.push_str(glue[next(glue.len())]);
            }
            let mut got = Vec::new();
            kb.find_mentions(&text, &mut got);
            assert_eq!(got, find_by_trying_all(m, &text), "{text}");
        }
    }
}
