//! The event lexicon: trigger patterns, verb and noun inflection, PLOVER
//! types and the CAMEO crosswalk.

use attache_types::CompactString;
use rustc_hash::FxHashMap;

use crate::tsv::rows;
use crate::{CameoCode, EventType, KbError, SourceFile};

/// How actor and recipient are found around a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Roles {
    /// Subject before, object after.
    Svo,
    /// Recipient after a preposition that follows the trigger.
    SvPrep,
    /// All parties are both actors and recipients.
    Recip,
    /// Nominal trigger: "a visit by X to Y".
    Noun,
}

/// One element of a trigger pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatToken {
    /// Any of these lower-case word forms.
    Words { forms: Vec<String>, optional: bool },
    /// Up to `max` words.
    Gap { max: usize },
}

/// A lexicon entry.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: CompactString,
    pub event_type: CompactString,
    pub mode: Option<CompactString>,
    pub contexts: Vec<CompactString>,
    pub cameo: Option<CompactString>,
    pub pattern: Vec<PatToken>,
    pub roles: Roles,
    pub passive_ok: bool,
    /// The subject receives and the object acts ("received training from X").
    pub reverse: bool,
    pub weight: f32,
    /// File and line (for `kb check`).
    pub origin: (String, usize),
}

/// A word the matcher steps over inside a pattern (a masked time expression).
pub const TRANSPARENT: &str = "\u{0}";

/// Longest gap `...` may span.
pub const GAP_WORDS: usize = 6;

/// Compiled lexicon: rules indexed by the forms of their first token, and
/// every pattern word interned so that a sentence is matched on `u32` word
/// ids (one hash probe per word of text) rather than by comparing strings.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub rules: Vec<Rule>,
    by_first: FxHashMap<String, Vec<u32>>,
    vocabulary: FxHashMap<String, u32>,
    /// `vocabulary` for [`Lexicon::word_id`], with [`TRANSPARENT`] in it.
    word_table: WordTable,
    /// Per word id: rules whose first token can be that word.
    by_first_id: Vec<Vec<u32>>,
    /// Per word id: does the word end a clause (a gap stops there)?
    breaks: Vec<bool>,
    /// Per rule: its pattern on word ids.
    compiled: Vec<Vec<IdToken>>,
    /// Per rule: the word tokens after the first that cannot be skipped,
    /// each as its alternative ids. A sentence lacking one cannot match.
    required: Vec<Vec<Required>>,
}

/// A word token a rule needs: its alternative ids and their [`id_bit`]s.
#[derive(Debug, Clone)]
struct Required {
    mask: u64,
    ids: Vec<u32>,
}

/// The word ids present in one sentence, as bits over the vocabulary.
#[derive(Debug, Default, Clone)]
pub struct WordSet {
    bits: Vec<u64>,
    /// The [`id_bit`]s of the words: a token none of whose bits is here
    /// is absent without looking at `bits`.
    summary: u64,
}

impl WordSet {
    fn contains(&self, id: u32) -> bool {
        let id = id as usize;
        self.bits
            .get(id / 64)
            .is_some_and(|b| b & (1 << (id % 64)) != 0)
    }
}

/// A text word outside the lexicon's vocabulary.
pub const UNKNOWN_WORD: u32 = u32::MAX;
/// A word masked out of matching (inside a time expression), stepped over
/// like [`TRANSPARENT`].
pub const MASKED_WORD: u32 = u32::MAX - 1;

#[derive(Debug, Clone)]
enum IdToken {
    /// `mask`: the [`id_bit`]s of `ids`, turning most other words away
    /// before `ids` is searched.
    Words {
        ids: Vec<u32>,
        mask: u64,
        optional: bool,
    },
    Gap {
        max: usize,
    },
}

/// One bit of a 64-bit mask for a word id.
fn id_bit(id: u32) -> u64 {
    1 << (id % 64)
}

/// Whether `id` is among `ids`, whose [`id_bit`]s are `mask`.
fn holds(ids: &[u32], mask: u64, id: u32) -> bool {
    mask & id_bit(id) != 0 && ids.contains(&id)
}

/// Words to ids in an open-addressing table keyed by a word's length and
/// first eight bytes: most words fit whole in the key, so a lookup is one
/// multiply and one compare, and a word outside usually meets an empty slot
/// at once (the table is at most half full).
#[derive(Debug, Default)]
struct WordTable {
    slots: Vec<WordSlot>,
    /// The bytes after the eighth of longer words, compared once the key
    /// matches.
    tails: Vec<u8>,
}

#[derive(Debug, Clone, Copy)]
struct WordSlot {
    head: u64,
    len: u32,
    /// [`UNKNOWN_WORD`] in an empty slot.
    id: u32,
    /// Where the word's bytes after the eighth start in [`WordTable::tails`].
    tail_start: u32,
}

const EMPTY_SLOT: WordSlot = WordSlot {
    head: 0,
    len: 0,
    id: UNKNOWN_WORD,
    tail_start: 0,
};

/// The first eight bytes of a word packed little-endian, zeros after a
/// shorter word: two overlapping loads for four to seven bytes, so no byte
/// loop.
#[inline]
fn word_head(word: &[u8]) -> u64 {
    if let Some(first) = word.first_chunk::<8>() {
        return u64::from_le_bytes(*first);
    }
    let n = word.len();
    if let (Some(lo), Some(hi)) = (word.first_chunk::<4>(), word.last_chunk::<4>()) {
        // The overlap holds the same bytes in both halves.
        return u64::from(u32::from_le_bytes(*lo))
            | u64::from(u32::from_le_bytes(*hi)) << (8 * (n - 4));
    }
    if let (Some(lo), Some(hi)) = (word.first_chunk::<2>(), word.last_chunk::<2>()) {
        return u64::from(u16::from_le_bytes(*lo))
            | u64::from(u16::from_le_bytes(*hi)) << (8 * (n - 2));
    }
    word.first().map_or(0, |&b| u64::from(b))
}

/// Slot hash of a word: its head, length and (past eight bytes) last eight
/// bytes, so long words sharing a beginning spread out.
#[inline]
fn word_hash(word: &[u8], head: u64) -> u64 {
    let last = if word.len() > 8 {
        word.last_chunk::<8>().map_or(0, |b| u64::from_le_bytes(*b))
    } else {
        0
    };
    (head ^ last.rotate_left(23) ^ word.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl WordTable {
    fn build(words: &[(&str, u32)]) -> WordTable {
        let size = (words.len() * 2).next_power_of_two().max(2);
        let mut table = WordTable {
            slots: vec![EMPTY_SLOT; size],
            tails: Vec::new(),
        };
        let mask = size - 1;
        for &(word, id) in words {
            let bytes = word.as_bytes();
            let head = word_head(bytes);
            let mut i = (word_hash(bytes, head) >> 32) as usize & mask;
            while table.slots[i].id != UNKNOWN_WORD {
                i = (i + 1) & mask;
            }
            table.slots[i] = WordSlot {
                head,
                len: bytes.len() as u32,
                id,
                tail_start: table.tails.len() as u32,
            };
            table.tails.extend(bytes.get(8..).unwrap_or_default());
        }
        table
    }

    #[inline]
    fn get(&self, word: &str) -> Option<u32> {
        let bytes = word.as_bytes();
        let head = word_head(bytes);
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = (word_hash(bytes, head) >> 32) as usize & mask;
        loop {
            let slot = self.slots.get(i)?;
            if slot.id == UNKNOWN_WORD {
                return None;
            }
            if slot.head == head
                && slot.len as usize == bytes.len()
                && self.tail_matches(slot, bytes)
            {
                return Some(slot.id);
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn tail_matches(&self, slot: &WordSlot, word: &[u8]) -> bool {
        let Some(tail) = word.get(8..) else {
            return true;
        };
        let start = slot.tail_start as usize;
        self.tails.get(start..start + tail.len()) == Some(tail)
    }
}

const CLAUSE_BREAKS: &[&str] = &[",", ";", ":", "(", ")", ".", "?", "!", "—", "–"];

impl Lexicon {
    /// Rules whose first token can be `word` (lower case).
    pub fn candidates(&self, word: &str) -> &[u32] {
        self.by_first.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The id of a lower-case word ([`UNKNOWN_WORD`] outside the
    /// vocabulary; [`MASKED_WORD`] for [`TRANSPARENT`]).
    #[inline]
    pub fn word_id(&self, word: &str) -> u32 {
        match self.word_table.get(word) {
            Some(id) => id,
            // Not indexed yet: the table is empty.
            None if word == TRANSPARENT => MASKED_WORD,
            None => UNKNOWN_WORD,
        }
    }

    /// Rules whose first token can be the word with this id.
    pub fn candidates_of(&self, id: u32) -> &[u32] {
        self.by_first_id
            .get(id as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Match rule `rule` at word `i` of a sentence given as word ids
    /// ([`Lexicon::word_id`]); as [`Rule::match_at`].
    pub fn match_ids(&self, rule: u32, ids: &[u32], i: usize) -> Option<usize> {
        let pattern = self.compiled.get(rule as usize)?;
        match_ids(pattern, ids, i, &self.breaks)
    }

    /// The vocabulary words among `ids` (a sentence as [`Lexicon::word_id`]s),
    /// reusing `set`'s buffer.
    pub fn fill_word_set(&self, ids: &[u32], set: &mut WordSet) {
        set.bits.clear();
        set.bits.resize(self.vocabulary.len().div_ceil(64), 0);
        set.summary = 0;
        for &id in ids {
            if let Some(b) = set.bits.get_mut(id as usize / 64) {
                *b |= 1 << (id % 64);
                set.summary |= id_bit(id);
            }
        }
    }

    /// Whether every word rule `rule` needs after its first occurs in the
    /// sentence whose words are `set`: a cheap test before [`Lexicon::match_ids`].
    pub fn may_match(&self, rule: u32, set: &WordSet) -> bool {
        self.required.get(rule as usize).is_none_or(|tokens| {
            tokens.iter().all(|token| {
                set.summary & token.mask != 0 && token.ids.iter().any(|&id| set.contains(id))
            })
        })
    }

    pub(crate) fn index(&mut self) {
        self.by_first.clear();
        for (i, r) in self.rules.iter().enumerate() {
            if let Some(PatToken::Words { forms, .. }) = r.pattern.first() {
                for f in forms {
                    let ids = self.by_first.entry(f.clone()).or_default();
                    if !ids.contains(&(i as u32)) {
                        ids.push(i as u32);
                    }
                }
            }
        }
        let mut vocabulary: FxHashMap<String, u32> = FxHashMap::default();
        let mut intern = |w: &str| -> u32 {
            let next = vocabulary.len() as u32;
            *vocabulary.entry(w.to_string()).or_insert(next)
        };
        for w in CLAUSE_BREAKS {
            intern(w);
        }
        self.compiled = self
            .rules
            .iter()
            .map(|r| {
                r.pattern
                    .iter()
                    .map(|t| match t {
                        PatToken::Words { forms, optional } => {
                            let ids: Vec<u32> = forms.iter().map(|f| intern(f)).collect();
                            IdToken::Words {
                                mask: ids.iter().fold(0, |m, &id| m | id_bit(id)),
                                ids,
                                optional: *optional,
                            }
                        }
                        PatToken::Gap { max } => IdToken::Gap { max: *max },
                    })
                    .collect()
            })
            .collect();
        self.required = self
            .compiled
            .iter()
            .map(|pattern| {
                let mut tokens: Vec<Required> = pattern
                    .iter()
                    .skip(1)
                    .filter_map(|t| match t {
                        IdToken::Words {
                            ids,
                            mask,
                            optional: false,
                        } => Some(Required {
                            mask: *mask,
                            ids: ids.clone(),
                        }),
                        _ => None,
                    })
                    .collect();
                // Every token must be present, so the order is free: the
                // cheapest tests first.
                tokens.sort_by_key(|t| t.ids.len());
                tokens
            })
            .collect();
        self.breaks = vec![false; vocabulary.len()];
        for w in CLAUSE_BREAKS {
            if let Some(&id) = vocabulary.get(*w) {
                self.breaks[id as usize] = true;
            }
        }
        self.by_first_id = vec![Vec::new(); vocabulary.len()];
        for (word, rules) in &self.by_first {
            if let Some(&id) = vocabulary.get(word) {
                self.by_first_id[id as usize] = rules.clone();
            }
        }
        // The time-expression marker is stepped over whatever the patterns hold.
        let mut table_words: Vec<(&str, u32)> = vec![(TRANSPARENT, MASKED_WORD)];
        table_words.extend(
            vocabulary
                .iter()
                .filter(|(w, _)| w.as_str() != TRANSPARENT)
                .map(|(w, &id)| (w.as_str(), id)),
        );
        self.word_table = WordTable::build(&table_words);
        self.vocabulary = vocabulary;
    }
}

fn match_ids(pattern: &[IdToken], ids: &[u32], mut i: usize, breaks: &[bool]) -> Option<usize> {
    let Some((first, rest)) = pattern.split_first() else {
        return Some(i);
    };
    while ids.get(i) == Some(&MASKED_WORD) {
        i += 1;
    }
    match first {
        IdToken::Words {
            ids: forms,
            mask,
            optional,
        } => {
            if let Some(&w) = ids.get(i) {
                if holds(forms, *mask, w) {
                    if let Some(end) = match_ids(rest, ids, i + 1, breaks) {
                        return Some(end);
                    }
                }
            }
            if *optional {
                return match_ids(rest, ids, i, breaks);
            }
            None
        }
        IdToken::Gap { max } => {
            // A word the rest must start with: the rest is tried only where
            // it stands (past masked words, as the rest steps over them).
            let needed = match rest.first() {
                Some(IdToken::Words {
                    ids: forms,
                    mask,
                    optional: false,
                }) => Some((forms, *mask)),
                _ => None,
            };
            let mut j = i;
            for _ in 0..=*max {
                let may_start = needed.is_none_or(|(forms, mask)| {
                    let k = j + ids.get(j..).map_or(0, |after| {
                        after.iter().take_while(|&&w| w == MASKED_WORD).count()
                    });
                    ids.get(k).is_some_and(|&w| holds(forms, mask, w))
                });
                if may_start {
                    if let Some(end) = match_ids(rest, ids, j, breaks) {
                        return Some(end);
                    }
                }
                match ids.get(j) {
                    Some(&w) if !breaks.get(w as usize).copied().unwrap_or(false) => j += 1,
                    _ => return None,
                }
            }
            None
        }
    }
}

impl Rule {
    /// Match this rule at word `i` of `words` (lower-cased token texts;
    /// punctuation tokens are their character). Returns the index one past
    /// the last matched word.
    pub fn match_at(&self, words: &[&str], i: usize) -> Option<usize> {
        match_tokens(&self.pattern, words, i)
    }
}

fn is_clause_break(w: &str) -> bool {
    CLAUSE_BREAKS.contains(&w)
}

fn match_tokens(pattern: &[PatToken], words: &[&str], mut i: usize) -> Option<usize> {
    let Some((first, rest)) = pattern.split_first() else {
        return Some(i);
    };
    while words.get(i) == Some(&TRANSPARENT) {
        i += 1;
    }
    match first {
        PatToken::Words { forms, optional } => {
            if let Some(w) = words.get(i) {
                if forms.iter().any(|f| f == w) {
                    if let Some(end) = match_tokens(rest, words, i + 1) {
                        return Some(end);
                    }
                }
            }
            if *optional {
                return match_tokens(rest, words, i);
            }
            None
        }
        PatToken::Gap { max } => {
            let mut j = i;
            for _ in 0..=*max {
                if let Some(end) = match_tokens(rest, words, j) {
                    return Some(end);
                }
                match words.get(j) {
                    Some(w) if !is_clause_break(w) => j += 1,
                    _ => return None,
                }
            }
            None
        }
    }
}

/// Irregular verbs: lemma, past, past participle.
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("bear", "bore", "borne"),
    ("beat", "beat", "beaten"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bid", "bid", "bid"),
    ("bind", "bound", "bound"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("bring", "brought", "brought"),
    ("build", "built", "built"),
    ("buy", "bought", "bought"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("come", "came", "come"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drive", "drove", "driven"),
    ("fall", "fell", "fallen"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("foresee", "foresaw", "foreseen"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "gotten"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grow", "grew", "grown"),
    ("hang", "hung", "hung"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("keep", "kept", "kept"),
    ("know", "knew", "known"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("mislead", "misled", "misled"),
    ("overrun", "overran", "overrun"),
    ("overtake", "overtook", "overtaken"),
    ("overthrow", "overthrew", "overthrown"),
    ("pay", "paid", "paid"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("rebuild", "rebuilt", "rebuilt"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shed", "shed", "shed"),
    ("shoot", "shot", "shot"),
    ("shut", "shut", "shut"),
    ("sit", "sat", "sat"),
    ("speak", "spoke", "spoken"),
    ("spend", "spent", "spent"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("strike", "struck", "struck"),
    ("swear", "swore", "sworn"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("undertake", "undertook", "undertaken"),
    ("uphold", "upheld", "upheld"),
    ("wage", "waged", "waged"),
    ("win", "won", "won"),
    ("withdraw", "withdrew", "withdrawn"),
    ("withhold", "withheld", "withheld"),
    ("write", "wrote", "written"),
];

/// Verbs whose final consonant doubles before -ed/-ing.
const DOUBLING: &[&str] = &[
    "admit", "ban", "bar", "commit", "compel", "control", "drop", "equip", "expel", "grab",
    "kidnap", "occur", "patrol", "permit", "plan", "propel", "rebel", "refer", "regret", "rob",
    "ship", "shun", "slam", "spur", "step", "stop", "submit", "tap", "trap", "veto", "vet", "nab",
    "jam", "curb", "dispel", "repel", "pin", "pledge", "chat", "prod", "snub", "scrap",
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// All forms of a verb lemma: base, 3rd singular, past, past participle, -ing.
pub fn inflect_verb(lemma: &str) -> Vec<String> {
    let lemma = lemma.to_lowercase();
    let mut out = vec![lemma.clone()];
    let third = if lemma.ends_with('y')
        && !lemma.ends_with("ay")
        && !lemma.ends_with("ey")
        && !lemma.ends_with("oy")
    {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else if ["s", "sh", "ch", "x", "z", "o"]
        .iter()
        .any(|e| lemma.ends_with(e))
    {
        format!("{lemma}es")
    } else {
        format!("{lemma}s")
    };
    out.push(third);
    // Sorted (a test holds it so): one search rather than two scans.
    let irregular = IRREGULAR
        .binary_search_by(|(l, _, _)| (*l).cmp(lemma.as_str()))
        .ok()
        .and_then(|k| IRREGULAR.get(k));
    if let Some(&(_, past, part)) = irregular {
        out.push(past.to_string());
        out.push(part.to_string());
    }
    let doubled = DOUBLING.contains(&lemma.as_str())
        && !lemma.ends_with('e')
        && lemma
            .chars()
            .last()
            .is_some_and(|c| !is_vowel(c) && !matches!(c, 'w' | 'x' | 'y'));
    let stem = if doubled {
        let last = lemma.chars().last().unwrap_or_default();
        format!("{lemma}{last}")
    } else {
        lemma.clone()
    };
    let ed = if lemma.ends_with('e') {
        format!("{lemma}d")
    } else if lemma.ends_with('y')
        && lemma.len() > 1
        && !is_vowel(lemma.chars().rev().nth(1).unwrap_or('a'))
    {
        format!("{}ied", &lemma[..lemma.len() - 1])
    } else {
        format!("{stem}ed")
    };
    if irregular.is_none() {
        out.push(ed);
    }
    let ing = if lemma.ends_with("ie") {
        format!("{}ying", &lemma[..lemma.len() - 2])
    } else if lemma.ends_with('e') && !lemma.ends_with("ee") && lemma.len() > 2 {
        format!("{}ing", &lemma[..lemma.len() - 1])
    } else {
        format!("{stem}ing")
    };
    out.push(ing);
    out.sort();
    out.dedup();
    out
}

/// Singular and plural of a noun (the last word of a phrase is inflected).
pub fn inflect_noun(noun: &str) -> (String, String) {
    let (head, last) = match noun.rfind(' ') {
        Some(i) => (&noun[..=i], &noun[i + 1..]),
        None => ("", noun),
    };
    let lower = last.to_lowercase();
    let plural = if ["s", "ss", "sh", "ch", "x", "z"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        if lower.ends_with("ss") || !lower.ends_with('s') {
            format!("{last}es")
        } else {
            last.to_string()
        }
    } else if lower.ends_with('y')
        && lower.len() > 1
        && !is_vowel(lower.chars().rev().nth(1).unwrap_or('a'))
    {
        format!("{}ies", &last[..last.len() - 1])
    } else if lower.ends_with("man") && lower != "german" && lower != "roman" {
        format!("{}en", &last[..last.len() - 2])
    } else {
        format!("{last}s")
    };
    (noun.to_string(), format!("{head}{plural}"))
}

/// Parse one pattern (see `data/README.md`).
pub fn parse_pattern(text: &str) -> Result<Vec<PatToken>, String> {
    let mut out = Vec::new();
    for raw in text.split_whitespace() {
        if raw == "..." {
            if out.is_empty() {
                return Err("a pattern cannot start with a gap".into());
            }
            out.push(PatToken::Gap { max: GAP_WORDS });
            continue;
        }
        let (optional, body) = match raw.strip_prefix('?') {
            Some(b) => (true, b),
            None => (false, raw),
        };
        if optional && out.is_empty() {
            return Err("a pattern cannot start with an optional word".into());
        }
        let mut forms = Vec::new();
        for alt in body.split('|') {
            if let Some(inner) = alt.strip_prefix('{').and_then(|a| a.strip_suffix('}')) {
                if let Some(noun) = inner.strip_suffix("/n") {
                    let (s, p) = inflect_noun(noun);
                    forms.push(s.to_lowercase());
                    forms.push(p.to_lowercase());
                } else {
                    forms.extend(inflect_verb(inner));
                }
            } else if alt.contains('{') || alt.contains('}') {
                return Err(format!("unbalanced braces in {alt:?}"));
            } else if !alt.is_empty() {
                forms.push(alt.to_lowercase().replace('’', "'"));
            }
        }
        if forms.is_empty() {
            return Err(format!("empty token {raw:?}"));
        }
        forms.sort();
        forms.dedup();
        out.push(PatToken::Words { forms, optional });
    }
    if out.is_empty() {
        return Err("empty pattern".into());
    }
    Ok(out)
}

pub(crate) fn load_rules(lex: &mut Lexicon, f: &SourceFile) -> Result<(), KbError> {
    let cols = [
        "id", "type", "mode", "context", "cameo", "pattern", "roles", "weight",
    ];
    // Rule ids already loaded: an overlay's rules replace built-in ones by id.
    let mut by_id: FxHashMap<CompactString, usize> = lex
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    for row in rows(&f.name, &f.text, &cols)? {
        let pattern = parse_pattern(row.get(5)).map_err(|e| row.error(e))?;
        let mut roles = Roles::Svo;
        let mut passive_ok = false;
        let mut reverse = false;
        for r in row.get(6).split(',').map(str::trim) {
            match r {
                "" | "svo" => roles = Roles::Svo,
                "sv-prep" => roles = Roles::SvPrep,
                "recip" => roles = Roles::Recip,
                "noun" => roles = Roles::Noun,
                "passive-ok" => passive_ok = true,
                "reverse" => reverse = true,
                other => return Err(row.error(format!("unknown roles {other:?}"))),
            }
        }
        let opt = |s: &str| (!s.trim().is_empty()).then(|| CompactString::from(s.trim()));
        let weight = row
            .get(7)
            .trim()
            .parse::<f32>()
            .unwrap_or(0.6)
            .clamp(0.05, 1.0);
        let rule = Rule {
            id: row.get(0).trim().into(),
            event_type: row.get(1).trim().into(),
            mode: opt(row.get(2)),
            contexts: row.list(3).map(CompactString::from).collect(),
            cameo: opt(row.get(4)),
            pattern,
            roles,
            passive_ok,
            reverse,
            weight,
            origin: (f.name.clone(), row.line),
        };
        // An overlay rule with a built-in id replaces it.
        match by_id.get(&rule.id) {
            Some(&i) if f.overlay => lex.rules[i] = rule,
            Some(_) => return Err(row.error(format!("duplicate rule id {}", rule.id))),
            None => {
                by_id.insert(rule.id.clone(), lex.rules.len());
                lex.rules.push(rule);
            }
        }
    }
    Ok(())
}

pub(crate) fn load_event_types(out: &mut Vec<EventType>, f: &SourceFile) -> Result<(), KbError> {
    let cols = ["type", "quad", "score", "modes", "requires_recipient"];
    for row in rows(&f.name, &f.text, &cols)? {
        out.push(EventType {
            name: row.get(0).trim().to_string(),
            quad: row.get(1).trim().to_string(),
            score: row
                .get(2)
                .trim()
                .parse()
                .map_err(|_| row.error(format!("bad score {:?}", row.get(2))))?,
            modes: row.list(3).map(str::to_string).collect(),
            requires_recipient: matches!(row.get(4).trim(), "yes" | "true" | "Yes" | "1"),
        });
    }
    Ok(())
}

pub(crate) fn load_cameo(out: &mut Vec<CameoCode>, f: &SourceFile) -> Result<(), KbError> {
    for row in rows(
        &f.name,
        &f.text,
        &["cameo", "type", "mode", "context", "name"],
    )? {
        let opt = |s: &str| {
            let s = s.trim();
            (!s.is_empty() && s != "-").then(|| s.to_string())
        };
        out.push(CameoCode {
            code: row.get(0).trim().to_string(),
            event_type: opt(row.get(1)),
            mode: opt(row.get(2)),
            context: opt(row.get(3)),
            name: row.get(4).trim().to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs() {
        assert_eq!(
            inflect_verb("meet"),
            vec!["meet", "meeting", "meets", "met"]
        );
        assert!(inflect_verb("visit").contains(&"visited".to_string()));
        assert!(inflect_verb("expel").contains(&"expelled".to_string()));
        assert!(inflect_verb("agree").contains(&"agreed".to_string()));
        assert!(inflect_verb("agree").contains(&"agreeing".to_string()));
        assert!(inflect_verb("host").contains(&"hosting".to_string()));
        assert!(inflect_verb("urge").contains(&"urging".to_string()));
        assert!(inflect_verb("deny").contains(&"denied".to_string()));
        assert!(inflect_verb("deny").contains(&"denies".to_string()));
        assert!(inflect_verb("launch").contains(&"launches".to_string()));
        // inflect_verb searches the irregular verbs by halves.
        assert!(IRREGULAR.windows(2).all(|w| w[0].0 < w[1].0));
        for &(lemma, past, part) in IRREGULAR {
            let forms = inflect_verb(lemma);
            assert!(forms.contains(&past.to_string()), "{lemma}");
            assert!(forms.contains(&part.to_string()), "{lemma}");
        }
    }

    #[test]
    fn nouns() {
        assert_eq!(inflect_noun("army").1, "armies");
        assert_eq!(inflect_noun("defence minister").1, "defence ministers");
        assert_eq!(inflect_noun("ambassador").1, "ambassadors");
        assert_eq!(inflect_noun("forces").1, "forces");
        assert_eq!(inflect_noun("chief of staff").1, "chief of staffs");
    }

    #[test]
    fn pattern_matching() {
        let p = parse_pattern("{sign} ... agreement|deal").expect("pattern");
        let words = ["they", "signed", "a", "new", "trade", "deal", "."];
        assert_eq!(match_tokens(&p, &words, 1), Some(6));
        let words = ["they", "signed", ",", "a", "deal"];
        assert_eq!(match_tokens(&p, &words, 1), None);
        let p = parse_pattern("{meet} ?with").expect("pattern");
        assert_eq!(match_tokens(&p, &["met", "with", "x"], 0), Some(2));
        assert_eq!(match_tokens(&p, &["met", "x"], 0), Some(1));
        assert!(parse_pattern("... x").is_err());
        assert!(parse_pattern("?x y").is_err());
    }
}

#[cfg(test)]
mod id_tests {
    use super::*;

    /// Matching on word ids finds exactly what matching on strings finds.
    #[test]
    fn ids_match_like_words() {
        let kb = crate::Kb::builtin().expect("built-in knowledge loads");
        let lex = &kb.lexicon;
        let sentences = [
            "egypt 's defence minister met his russian counterpart in moscow on monday .",
            "the army launched air strikes against rebel positions , killing 12 .",
            "iraq and nato agreed to hold a political dialogue next year",
            "turkey threatened to attack the libyan army if it did not withdraw",
            "britain signed an arms deal worth 48 million pounds with the gulf state",
        ];
        let (mut matches, mut skipped) = (0, 0);
        for s in sentences {
            let mut words: Vec<&str> = s.split(' ').collect();
            // a masked time expression inside the sentence
            words.insert(3, TRANSPARENT);
            let ids: Vec<u32> = words.iter().map(|w| lex.word_id(w)).collect();
            let mut set = WordSet::default();
            lex.fill_word_set(&ids, &mut set);
            for (ri, rule) in lex.rules.iter().enumerate() {
                let may = lex.may_match(ri as u32, &set);
                skipped += usize::from(!may);
                for i in 0..words.len() {
                    let by_words = rule.match_at(&words, i);
                    // The word-set test never turns away a match.
                    assert!(may || by_words.is_none(), "{} at {i}", rule.id);
                    assert_eq!(
                        by_words,
                        lex.match_ids(ri as u32, &ids, i),
                        "{} at {i}",
                        rule.id
                    );
                    matches += usize::from(by_words.is_some());
                }
            }
            for (i, w) in words.iter().enumerate() {
                assert_eq!(lex.candidates(w), lex.candidates_of(ids[i]), "{w}");
            }
        }
        assert!(matches >= 5, "{matches}");
        assert!(skipped > lex.rules.len(), "{skipped}");
    }

    /// The word table finds every vocabulary word and nothing else, and the
    /// token masks turn away no word of their token.
    #[test]
    fn word_table_finds_every_word() {
        let kb = crate::Kb::builtin().expect("built-in knowledge loads");
        let lex = &kb.lexicon;
        assert!(lex.vocabulary.len() > 100);
        for (word, &id) in &lex.vocabulary {
            if word == TRANSPARENT {
                continue;
            }
            assert_eq!(lex.word_id(word), id, "{word:?}");
            // Near misses: one byte more or less, the last byte changed.
            for other in [
                format!("{word}s"),
                format!("{word}\u{0}"),
                word[..word.len() - word.chars().last().map_or(0, char::len_utf8)].to_string(),
                format!("x{word}"),
            ] {
                let want = lex.vocabulary.get(&other).copied().unwrap_or(UNKNOWN_WORD);
                if other != TRANSPARENT {
                    assert_eq!(lex.word_id(&other), want, "{other:?}");
                }
            }
        }
        assert_eq!(lex.word_id(TRANSPARENT), MASKED_WORD);
        assert_eq!(lex.word_id(""), UNKNOWN_WORD);
        assert_eq!(lex.word_id("qqqqqqqqqqqqqqqqqqqqqqq"), UNKNOWN_WORD);
        assert_eq!(Lexicon::default().word_id(TRANSPARENT), MASKED_WORD);
        assert_eq!(Lexicon::default().word_id("meet"), UNKNOWN_WORD);
        for pattern in &lex.compiled {
            for token in pattern {
                if let IdToken::Words { ids, mask, .. } = token {
                    assert!(ids.iter().all(|&id| holds(ids, *mask, id)));
                    assert!(!holds(ids, *mask, UNKNOWN_WORD) || ids.contains(&UNKNOWN_WORD));
                }
            }
        }
    }

    /// Packed heads equal the bytes packed one by one.
    #[test]
    fn word_heads_pack_every_length() {
        let text = b"abcdefghijkl";
        for n in 0..=text.len() {
            let word = &text[..n];
            let want = word
                .iter()
                .take(8)
                .enumerate()
                .fold(0u64, |acc, (k, &b)| acc | u64::from(b) << (8 * k));
            assert_eq!(word_head(word), want, "{n}");
        }
    }
}
