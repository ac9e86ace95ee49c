//! attache's event coder.
//!
//! [`Coder::code`] turns one cleaned [`Document`] into events: actor
//! mentions from the knowledge base's automaton are grouped into phrases,
//! event triggers from the lexicon are matched on lower-cased words, and
//! each trigger takes its actor (subject side) and recipient (object side),
//! its modality, date, place and details from the same sentence.
//!
//! Invariants:
//! - pure: the same document, knowledge and version give the same events,
//!   in the same order (no clocks, no randomness, no global state);
//! - every span in an event slices the document text to exactly its `text`;
//! - a [`Coder`] is `Send + Sync` and shared across threads.

use std::rc::Rc;
use std::sync::Arc;

use attache_kb::{Kb, MentionMatch, Roles, Rule};
use attache_text::dates::{find_time_exprs, Lean, TimeExpr, TimeKind};
use attache_text::tokens::{tokenize, Token};
use attache_text::{split_sentences, Sentence};
use attache_types::{
    Actor, CharIndex, CompactString, DateBasis, Detail, DocRecord, Document, Event, EventDate,
    Location, Precision, SentenceRef, Span, CODER_VERSION,
};
use chrono::NaiveDate;

pub mod coref;
mod details;
mod modality;
mod phrases;
mod place;
mod reading;

pub use details::DetailFinder;
use phrases::{DocContext, Phrase, Piece, Resolved};
pub use reading::{Mention, MentionKind, PlaceName};

/// The result of coding one document.
#[derive(Debug, Clone)]
pub struct Coded {
    pub sentences: Vec<Sentence>,
    pub events: Vec<Event>,
    /// The document's input map in characters, for its record: counted
    /// here, where the character index already exists.
    pub input_map: Vec<attache_types::InputSegment>,
}

/// The event coder: knowledge plus compiled patterns, shared across threads.
pub struct Coder {
    kb: Arc<Kb>,
    details: DetailFinder,
}

/// Lowest lexicon weight for an event coded without a recipient.
const LONE_MIN_WEIGHT: f32 = 0.8;
/// A later stand-alone event replaces an earlier one of the sentence (its
/// main verb) only when this much more confident.
const LONE_MARGIN: f32 = 0.1;
/// The same for types other than CONSULT.
const LONE_VERB_MIN_WEIGHT: f32 = 0.6;

/// Reusable buffers for one thread.
#[derive(Default)]
pub struct Scratch {
    sentences: Vec<Sentence>,
    tokens: Vec<Token>,
    mentions: Vec<MentionMatch>,
    times: Vec<TimeExpr>,
    pieces: Vec<Piece>,
    phrases: Vec<Phrase>,
    places: Vec<place::PlaceMention>,
    details: Vec<details::RawDetail>,
    key: String,
    /// A sentence's words as lexicon ids, and the set of them.
    word_ids: Vec<u32>,
    word_set: attache_kb::WordSet,
    /// Per-sentence buffers of borrowed values, kept empty between
    /// sentences (see [`recycle`]).
    words: Vec<&'static str>,
    candidates: Vec<Candidate<'static>>,
    resolved: Vec<Resolved<'static>>,
    /// A document's states: (state, mentions, first mention).
    state_counts: Vec<(u32, usize, usize)>,
}

/// An emptied buffer for values of another lifetime, keeping its
/// allocation: collecting a vector's own iterator reuses its buffer.
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// What the coder remembers across sentences of one document.
#[derive(Default)]
struct Memory<'a> {
    last_person: Option<Resolved<'a>>,
    last_actor: Option<Resolved<'a>>,
    last_office: Option<u32>,
    /// People already identified in the document, by lower-cased surname
    /// (a person's name and full name share one copy).
    people: Vec<(CompactString, Rc<Resolved<'a>>)>,
}

fn surname(name: &str) -> Option<CompactString> {
    let w = name
        .split_whitespace()
        .next_back()?
        .trim_matches(|c: char| !c.is_alphanumeric());
    // Surnames are short and mostly ASCII: held inline, lowered in place.
    let key = if w.is_ascii() {
        let mut key = CompactString::from(w);
        key.make_ascii_lowercase();
        key
    } else {
        CompactString::from(w.to_lowercase())
    };
    (key.len() > 2).then_some(key)
}

/// Fill what a phrase alone cannot tell: a surname seen earlier in the
/// document ("General Pavel" after "General Petr Pavel"), else, for a titled
/// or named person with no country, the document's main country.
fn complete<'a>(r: &mut Resolved<'a>, memory: &Memory<'a>, doc: &'a DocContext) {
    // A person met earlier with a title keeps it ("Stoltenberg" after
    // "NATO secretary general Jens Stoltenberg").
    if r.personal && r.role.is_none() {
        if let Some(key) = r.person.and_then(surname) {
            let same = memory.people.iter().rev().find(|(k, known)| {
                known.role.is_some()
                    && (*k == key || known.person.is_some() && known.person == r.person)
            });
            if let Some((_, known)) = same {
                if r.country.is_none() || r.country == known.country {
                    let mut rule = std::mem::take(&mut r.rule);
                    rule.push_str("+same-name");
                    // All but the rule are plain copies.
                    *r = Resolved { rule, ..**known };
                    return;
                }
            }
        }
    }
    if r.is_actor() || !r.personal {
        return;
    }
    if let Some(key) = r.person.and_then(surname) {
        if let Some((_, known)) = memory.people.iter().rev().find(|(k, _)| *k == key) {
            let mut rule = std::mem::take(&mut r.rule);
            rule.push_str("+same-name");
            let role = r.role.take();
            *r = Resolved { rule, ..**known };
            if r.role.is_none() {
                r.role = role;
            }
            return;
        }
    }
    if let Some(c) = doc.countries.first() {
        r.country = Some(c.as_str());
        r.rule.push_str("+doc-country");
        r.generic = false;
    }
}

struct Candidate<'r> {
    rule: &'r Rule,
    rule_idx: u32,
    ts: usize,
    te: usize,
}

impl Coder {
    pub fn new(kb: Arc<Kb>) -> Coder {
        Coder {
            kb,
            details: DetailFinder::new(),
        }
    }

    pub fn kb(&self) -> &Kb {
        &self.kb
    }

    /// Code one document.
    pub fn code(&self, doc: &Document) -> Coded {
        let mut scratch = Scratch::default();
        self.code_with(doc, &mut scratch)
    }

    /// Code one document reusing `scratch`'s buffers.
    pub fn code_with(&self, doc: &Document, scratch: &mut Scratch) -> Coded {
        let kb = &*self.kb;
        let text = doc.text.as_str();
        let lower = text.to_ascii_lowercase();
        let index = CharIndex::new(text);
        let published = doc.published.as_ref().map(|p| p.date);

        scratch.sentences.clear();
        split_sentences(text, &mut scratch.sentences);
        scratch.mentions.clear();
        kb.find_mentions_lower(text, &lower, &mut scratch.mentions);
        scratch.times.clear();
        find_time_exprs(text, published, Lean::Past, &mut scratch.times);

        let doc_ctx = document_context(kb, text, &scratch.mentions, &mut scratch.state_counts);
        let title_end = title_sentence_end(doc, text, &scratch.sentences);
        let mut memory = Memory::default();
        let sentences = std::mem::take(&mut scratch.sentences);
        let mut events: Vec<Event> = Vec::with_capacity(sentences.len());
        for (si, sentence) in sentences.iter().enumerate() {
            self.code_sentence(
                doc,
                text,
                &lower,
                &index,
                si,
                sentence,
                sentence.end <= title_end,
                &doc_ctx,
                &mut memory,
                scratch,
                &mut events,
            );
        }
        Coded {
            sentences,
            events,
            input_map: doc.input_map.to_char_segments(&index),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn code_sentence<'a>(
        &'a self,
        doc: &Document,
        text: &'a str,
        lower: &str,
        index: &CharIndex<'_>,
        si: usize,
        sentence: &Sentence,
        is_title: bool,
        doc_ctx: &'a DocContext,
        memory: &mut Memory<'a>,
        scratch: &mut Scratch,
        events: &mut Vec<Event>,
    ) {
        let kb = &*self.kb;
        let published = doc.published.as_ref().map(|p| p.date);
        scratch.tokens.clear();
        tokenize(text, sentence.start, sentence.end, &mut scratch.tokens);
        let tokens = &scratch.tokens;
        if tokens.is_empty() {
            return;
        }
        let mut words: Vec<&str> = std::mem::take(&mut scratch.words);
        words.extend(tokens.iter().map(|t| &lower[t.range()]));

        let t0 = scratch.times.partition_point(|t| t.start < sentence.start);
        let t1 = scratch.times.partition_point(|t| t.start < sentence.end);
        let times = &scratch.times[t0..t1];
        let mut candidates: Vec<Candidate<'a>> = std::mem::take(&mut scratch.candidates);
        // Headlines repeat the lead: they give actors to remember, not events.
        if !is_title {
            triggers(
                kb,
                &words,
                tokens,
                times,
                &mut scratch.word_ids,
                &mut scratch.word_set,
                &mut candidates,
            );
        }
        let m0 = scratch
            .mentions
            .partition_point(|m| m.start < sentence.start);
        let m1 = scratch.mentions.partition_point(|m| m.start < sentence.end);
        scratch.pieces.clear();
        phrases::pieces(
            kb,
            text,
            tokens,
            &words,
            &scratch.mentions[m0..m1],
            doc_ctx,
            &mut scratch.pieces,
        );
        scratch.phrases.clear();
        phrases::phrases(&words, &scratch.pieces, &mut scratch.phrases);

        let span_of = |ts: usize, te: usize| -> Span {
            let (s, e) = (tokens[ts].start as usize, tokens[te - 1].end as usize);
            Span {
                text: CompactString::from(&text[s..e]),
                start: index.char_of(s),
                end: index.char_of(e),
            }
        };
        // Resolve every phrase on the publication date for memory and subjects.
        // "his Russian counterpart" may follow its reference in the same sentence.
        let mut last_office = memory.last_office;
        let mut resolved: Vec<Resolved<'a>> = std::mem::take(&mut scratch.resolved);
        resolved.extend(scratch.phrases.iter().map(|p| {
            let mut r = phrases::resolve(
                kb,
                text,
                tokens,
                &scratch.pieces[p.pieces.clone()],
                published,
                last_office,
            );
            complete(&mut r, memory, doc_ctx);
            if r.office.is_some() {
                last_office = r.office;
            }
            r
        }));

        if !candidates.is_empty() {
            scratch.places.clear();
            place::find(
                kb,
                text,
                tokens,
                &words,
                &doc_ctx.countries,
                &mut scratch.key,
                &mut scratch.places,
            );
            // The sentence's place in characters, counted for its first event.
            let mut sentence_chars: Option<(usize, usize)> = None;
            let speaker = speaker(&words, &scratch.phrases, &resolved);
            let mut nominal: Vec<usize> = Vec::new();
            let mut lone: Option<Event> = None;
            for c in &candidates {
                let ctx = EventContext {
                    words: &words,
                    phrases: &scratch.phrases,
                    resolved: &resolved,
                    memory,
                    speaker,
                };
                // "invasion forces", "protest leaders": a noun trigger that
                // modifies an actor noun names no event.
                if c.rule.roles == Roles::Noun
                    && scratch
                        .phrases
                        .iter()
                        .zip(&resolved)
                        .any(|(p, r)| p.ts == c.te && r.generic)
                {
                    continue;
                }
                let verbal = matches!(c.rule.event_type.as_str(), "REQUEST" | "ACCUSE" | "REJECT");
                if !verbal
                    && (modality::obliged(&words, c.ts)
                        || modality::reported_content(&words, c.ts)
                        || modality::condition(&words, c.ts)
                        || c.rule.roles != Roles::Noun && modality::attributive(&words, c.ts, c.te))
                {
                    continue;
                }
                let Some((actor_ids, recipient_ids)) = assign_roles(&ctx, c) else {
                    continue;
                };
                let (actor_ids, recipient_ids) = if c.rule.reverse {
                    (recipient_ids, actor_ids)
                } else {
                    (actor_ids, recipient_ids)
                };
                let date = event_date(text, index, times, tokens, c, published);
                let on = date.as_ref().map(|d| d.value).or(published);
                // An actor (`acting`: with a country or organisation) for a role.
                let to_actor = |id: &RoleRef, acting: bool| -> Option<Actor> {
                    let usable = |r: &Resolved<'_>| !acting || r.is_actor();
                    let (r, span) = match id {
                        RoleRef::Phrase(k) => {
                            let p = &scratch.phrases[*k];
                            // On the publication date the phrase reads as it
                            // did above; on another date roles may differ.
                            if on == published {
                                let r = &resolved[*k];
                                // A bare sector noun ("civilians") may be a recipient, never an actor.
                                if r.generic && r.sector.is_none() || !usable(r) {
                                    return None;
                                }
                                let span = span_of(p.ts, p.te);
                                return Some(r.to_actor(span.text, span.start, span.end));
                            }
                            let before = resolved[..*k].iter().rev().find_map(|r| r.office);
                            let mut r = phrases::resolve(
                                kb,
                                text,
                                tokens,
                                &scratch.pieces[p.pieces.clone()],
                                on,
                                before.or(memory.last_office),
                            );
                            complete(&mut r, memory, doc_ctx);
                            if r.generic && r.sector.is_none() {
                                return None;
                            }
                            r.rule.push_str("@event-date");
                            (r, span_of(p.ts, p.te))
                        }
                        RoleRef::Located(k, j) => {
                            let p = &scratch.phrases[*k];
                            let mut r = phrases::resolve(
                                kb,
                                text,
                                tokens,
                                &scratch.pieces[p.pieces.clone()],
                                on,
                                None,
                            );
                            r.country.clone_from(&resolved[*j].country);
                            r.generic = false;
                            r.rule.push_str("+located");
                            (r, span_of(p.ts, scratch.phrases[*j].te))
                        }
                        RoleRef::Memory(r, ti) => {
                            let mut r = (**r).clone();
                            r.rule = CompactString::from("coref:");
                            r.rule.push_str(words[*ti]);
                            (r, span_of(*ti, *ti + 1))
                        }
                    };
                    usable(&r).then(|| r.into_actor(span.text, span.start, span.end))
                };
                let actors: Vec<Actor> = actor_ids
                    .iter()
                    .filter_map(|id| to_actor(id, true))
                    .collect();
                let recipients: Vec<Actor> = recipient_ids
                    .iter()
                    .filter_map(|id| to_actor(id, false))
                    .collect();
                if actors.is_empty() {
                    continue;
                }
                let is_same = |r: &Actor| actors.iter().any(|a| same_actor(a, r));
                // Mostly no recipient is an actor too: then nothing to split.
                let (mut recipients, same): (Vec<Actor>, Vec<Actor>) =
                    if recipients.iter().any(is_same) {
                        recipients.into_iter().partition(|r| !is_same(r))
                    } else {
                        (recipients, Vec::new())
                    };
                // Force, repression, protest and threats are often domestic:
                // "Turkish police imposed a curfew in Turkey" falls on Turkey.
                if recipients.is_empty()
                    && matches!(
                        c.rule.event_type.as_str(),
                        "COERCE" | "PROTEST" | "THREATEN" | "MOBILIZE" | "ASSAULT"
                    )
                {
                    // Force within a state needs a named side: a placed
                    // minority or a civilian, opposition or rebel group.
                    let side = |r: &Actor| {
                        c.rule.event_type != "ASSAULT"
                            || has(&r.rule, "+located")
                            || r.sector.as_deref().is_some_and(|s| {
                                matches!(
                                    s,
                                    "CVL" | "REF" | "OPP" | "REB" | "LAB" | "EDU" | "JRN" | "REL"
                                )
                            })
                    };
                    recipients = same
                        .into_iter()
                        .filter(|r| {
                            side(r)
                                && !actors
                                    .iter()
                                    .any(|a| a.person.is_some() && a.person == r.person)
                        })
                        .take(1)
                        .collect();
                }
                // "Turkish police detained students": the bare civilian, opposition
                // or rebel target of force or repression is domestic.
                let domestic =
                    matches!(c.rule.event_type.as_str(), "COERCE" | "ASSAULT" | "PROTEST");
                if let Some(home) = actors
                    .iter()
                    .find_map(|a| a.country.clone())
                    .filter(|_| domestic)
                {
                    for r in &mut recipients {
                        let civil = r.sector.as_deref().is_some_and(|s| {
                            matches!(
                                s,
                                "CVL"
                                    | "REF"
                                    | "OPP"
                                    | "LAB"
                                    | "EDU"
                                    | "JRN"
                                    | "REL"
                                    | "MED"
                                    | "AGR"
                                    | "BUS"
                                    | "PTY"
                                    | "REB"
                            )
                        });
                        if r.country.is_none() && r.org.is_none() && civil {
                            r.country = Some(home.clone());
                            r.rule.push_str("+actor-country");
                        }
                    }
                }
                let mut actors = actors;
                if recipients.is_empty() && c.rule.roles == Roles::Recip && actors.len() >= 2 {
                    // "X and Y agreed upon …, Z said": the parties are each other's recipients.
                    recipients = actors.split_off(1);
                    recipients.retain(|r| !actors.iter().any(|a| same_actor(a, r)));
                }
                // The ontology says which types need a recipient; the others
                // may stand alone, but only as a sentence's single event
                // (see `lone` below).
                // "will" and "not" bear on a verb, not on a noun trigger.
                let recoded = (c.rule.roles != Roles::Noun)
                    .then(|| {
                        modality::recode(
                            &words,
                            c.ts,
                            c.te,
                            &c.rule.event_type,
                            c.rule.mode.as_deref(),
                        )
                    })
                    .flatten();
                let event_type = recoded.map_or(c.rule.event_type.as_str(), |r| r.event_type);
                let needs_recipient = kb
                    .event_type(event_type)
                    .is_none_or(|t| t.requires_recipient);
                let trigger = span_of(c.ts, c.te);
                let location = event_location(kb, text, index, tokens, &scratch.places, c);
                let place_ok = place_in_clause(&words, &scratch.places, c);
                // A type that needs a recipient may take a foreign place named
                // right after its trigger, but only as the sentence's single event.
                if recipients.is_empty()
                    && needs_recipient
                    && !location.as_ref().is_some_and(|l| {
                        place_ok
                            && place_follows(l, &trigger)
                            && l.country.as_ref().is_some_and(|c| {
                                !actors.iter().any(|a| a.country.as_ref() == Some(c))
                            })
                    })
                {
                    continue;
                }
                let resolved_all = actors
                    .iter()
                    .chain(&recipients)
                    .all(|a| !a.rule.starts_with("coref"));
                let mut confidence = c.rule.weight * if resolved_all { 1.0 } else { 0.85 };
                if recipients.is_empty() {
                    confidence *= 0.8;
                }
                // "… one day after rebels shot down a jet": background to the main clause.
                let adjunct = words[c.ts.saturating_sub(7)..c.ts]
                    .iter()
                    .rev()
                    .take_while(|w| !listed(&CLAUSE_STOPS, w) && **w != ",")
                    .any(|w| matches!(*w, "after" | "following"));
                if adjunct {
                    confidence *= 0.8;
                }
                let confidence = (confidence * 100.0).round() / 100.0;
                // Whether the event is kept is known from its type, sides and
                // confidence: the rest of it is built only then.
                let alone = recipients.is_empty();
                let keep = if alone {
                    // Only a strong trigger with a directly named actor.
                    let direct = actors
                        .iter()
                        .all(|a| !a.rule.starts_with("coref") && !has(&a.rule, "doc-country"));
                    let better = lone
                        .as_ref()
                        .is_none_or(|l: &Event| l.confidence + LONE_MARGIN < confidence);
                    // A refusal, threat, promise or protest may stand without
                    // an addressee; a meeting needs its other party.
                    let min = if event_type == "CONSULT" {
                        LONE_MIN_WEIGHT
                    } else {
                        LONE_VERB_MIN_WEIGHT
                    };
                    direct && c.rule.weight >= min && better
                } else {
                    // One event per type and dyad in a sentence, whichever way round.
                    !events.iter().any(|e| {
                        e.sentence.index == si
                            && e.event_type == event_type
                            && (same_codes(&e.actors, &actors)
                                && same_codes(&e.recipients, &recipients)
                                || same_codes(&e.actors, &recipients)
                                    && same_codes(&e.recipients, &actors))
                    })
                };
                if !keep {
                    continue;
                }
                let mut modality = modality::modality(&words, c.ts, c.te, date.as_ref(), published);
                if recoded.is_some_and(|r| r.event_type == "REJECT") {
                    // The refusal is the event; it did happen.
                    modality.negated = false;
                }
                let (mode, cameo) = match recoded {
                    Some(r) => (r.mode.map(CompactString::from), Some(r.cameo.into())),
                    None => (c.rule.mode.clone(), c.rule.cameo.clone()),
                };
                let id = event_id(
                    &mut scratch.key,
                    &doc.id,
                    trigger.start,
                    &c.rule.id,
                    &actors,
                    &recipients,
                );
                let (s_start, s_end) = *sentence_chars.get_or_insert_with(|| {
                    (index.char_of(sentence.start), index.char_of(sentence.end))
                });
                let mut event = Event {
                    id,
                    doc_id: CompactString::from(doc.id.as_str()),
                    event_type: event_type.into(),
                    mode,
                    contexts: c.rule.contexts.clone(),
                    cameo,
                    actors,
                    recipients,
                    trigger,
                    date,
                    location,
                    modality,
                    confidence,
                    sentence: SentenceRef {
                        index: si,
                        start: s_start,
                        end: s_end,
                        text: text[sentence.start..sentence.end].to_string(),
                    },
                    rule: match recoded {
                        Some(r) => {
                            let mut id = c.rule.id.clone();
                            id.push_str(r.tag);
                            id
                        }
                        None => c.rule.id.clone(),
                    },
                    details: Vec::new(),
                    coder_version: CompactString::const_new(CODER_VERSION),
                };
                if place_ok {
                    place_recipient(kb, &mut event);
                }
                if alone {
                    lone = Some(event);
                } else {
                    if c.rule.roles == Roles::Noun {
                        nominal.push(events.len());
                    }
                    events.push(event);
                }
            }
            // An actor without a recipient is coded only when the sentence
            // has no dyadic event.
            if let Some(e) = lone {
                if events.last().is_none_or(|last| last.sentence.index != si) {
                    events.push(e);
                }
            }
            // Details (money, people, agreements, mechanisms) only for
            // sentences that carry an event: the patterns are the costly part.
            let first_here = events.partition_point(|e| e.sentence.index < si);
            if first_here < events.len() {
                scratch.details.clear();
                self.details.find(
                    text,
                    &lower[sentence.start..sentence.end],
                    sentence.start,
                    &mut scratch.details,
                );
                let found: Vec<Detail> = scratch
                    .details
                    .iter()
                    .map(|d| Detail {
                        kind: d.kind,
                        text: CompactString::from(&text[d.start..d.end]),
                        start: index.char_of(d.start),
                        end: index.char_of(d.end),
                        value: d.value,
                        unit: d.unit.as_deref().map(CompactString::from),
                    })
                    .collect();
                // The last event takes the list, the others a copy.
                if let Some((last, rest)) = events[first_here..].split_last_mut() {
                    for e in rest {
                        e.details = found.clone();
                    }
                    last.details = found;
                }
            }
            // A nominal trigger ("partnership", "threats") beside a verbal
            // event of the same dyad is its background, not a second event.
            fn dyad(e: &Event) -> [Vec<Option<String>>; 2] {
                let own = |a: &[Actor]| {
                    codes(a)
                        .into_iter()
                        .map(|c| c.map(str::to_string))
                        .collect()
                };
                let mut d = [own(&e.actors), own(&e.recipients)];
                d.sort();
                d
            }
            if !nominal.is_empty() {
                let first = events.partition_point(|e| e.sentence.index < si);
                let verbal: Vec<_> = (first..events.len())
                    .filter(|i| !nominal.contains(i))
                    .map(|i| dyad(&events[i]))
                    .collect();
                let mut k = first;
                events.retain(|e| {
                    let i = k;
                    k += 1;
                    i < first || !nominal.contains(&i) || !verbal.contains(&dyad(e))
                });
            }
        }
        // Remember actors for pronouns in later sentences: people by
        // surname, and the last person, office and actor of the sentence.
        let mut last_person = None;
        let mut last_actor = None;
        for (k, r) in resolved.iter().enumerate() {
            if r.generic {
                continue;
            }
            if r.personal {
                last_person = Some(k);
                if r.is_actor() {
                    let mut shared: Option<Rc<Resolved<'a>>> = None;
                    for name in [r.person, Some(r.name)].into_iter().flatten() {
                        if let Some(key) = surname(name) {
                            let known = shared.get_or_insert_with(|| Rc::new(r.clone()));
                            memory.people.push((key, Rc::clone(known)));
                        }
                    }
                }
            }
            if let Some(o) = r.office {
                memory.last_office = Some(o);
            }
            last_actor = Some(k);
        }
        // The sentence's phrases are done with: move, not copy, what is kept
        // (the later one first, as taking one moves the last into its place).
        match (last_person, last_actor) {
            (Some(p), Some(a)) if p == a => {
                let r = resolved.swap_remove(p);
                memory.last_person = Some(r.clone());
                memory.last_actor = Some(r);
            }
            (Some(p), Some(a)) => {
                let (first, second) = (p.min(a), p.max(a));
                let later = resolved.swap_remove(second);
                let earlier = resolved.swap_remove(first);
                let (person, actor) = if p < a {
                    (earlier, later)
                } else {
                    (later, earlier)
                };
                memory.last_person = Some(person);
                memory.last_actor = Some(actor);
            }
            (Some(p), None) => memory.last_person = Some(resolved.swap_remove(p)),
            (None, Some(a)) => memory.last_actor = Some(resolved.swap_remove(a)),
            (None, None) => {}
        }
        scratch.words = recycle(words);
        scratch.candidates = recycle(candidates);
        scratch.resolved = recycle(resolved);
    }

    /// How the coder reads `text`: per sentence, the phrases it found and
    /// what they resolve to, the triggers that matched, and the events.
    pub fn explain(&self, text: &str, published: Option<NaiveDate>) -> String {
        use std::fmt::Write;
        let kb = &*self.kb;
        let doc = Document {
            id: "explain".into(),
            text: text.to_string(),
            published: published.map(|date| attache_types::Published {
                date,
                precision: Precision::Day,
                found: attache_types::PublishedFound::Caller,
                text: None,
            }),
            ..Document::default()
        };
        let coded = self.code(&doc);
        let lower = text.to_ascii_lowercase();
        let mut mentions = Vec::new();
        kb.find_mentions(text, &mut mentions);
        let doc_ctx = document_context(kb, text, &mentions, &mut Vec::new());
        let mut times = Vec::new();
        find_time_exprs(text, published, Lean::Past, &mut times);
        let mut out = String::new();
        for (si, s) in coded.sentences.iter().enumerate() {
            let _ = writeln!(out, "[{si}] {}", &text[s.start..s.end]);
            let mut tokens = Vec::new();
            tokenize(text, s.start, s.end, &mut tokens);
            let words: Vec<&str> = tokens.iter().map(|t| &lower[t.range()]).collect();
            let m0 = mentions.partition_point(|m| m.start < s.start);
            let m1 = mentions.partition_point(|m| m.start < s.end);
            let mut pieces = Vec::new();
            phrases::pieces(
                kb,
                text,
                &tokens,
                &words,
                &mentions[m0..m1],
                &doc_ctx,
                &mut pieces,
            );
            let mut found = Vec::new();
            phrases::phrases(&words, &pieces, &mut found);
            for pc in &pieces {
                let span = &text[tokens[pc.ts].start as usize..tokens[pc.te - 1].end as usize];
                let _ = writeln!(out, "    piece {span:?} {:?}", pc.kind);
            }
            for p in &found {
                let r = phrases::resolve(
                    kb,
                    text,
                    &tokens,
                    &pieces[p.pieces.clone()],
                    published,
                    None,
                );
                let span = &text[tokens[p.ts].start as usize..tokens[p.te - 1].end as usize];
                let _ = writeln!(
                    out,
                    "    phrase {span:?} prep={:?} -> country={:?} org={:?} sector={:?} person={:?} role={:?} {}{}",
                    p.prep, r.country, r.org, r.sector, r.person, r.role, r.rule, if r.generic { " (generic)" } else { "" }
                );
            }
            let t0 = times.partition_point(|t| t.start < s.start);
            let t1 = times.partition_point(|t| t.start < s.end);
            for t in &times[t0..t1] {
                let _ = writeln!(
                    out,
                    "    time {:?} -> {} {:?}..{:?}",
                    &text[t.start..t.end],
                    t.timex,
                    t.first,
                    t.last
                );
            }
            let mut matched = Vec::new();
            triggers(
                kb,
                &words,
                &tokens,
                &times[t0..t1],
                &mut Vec::new(),
                &mut attache_kb::WordSet::default(),
                &mut matched,
            );
            for c in matched {
                let span = &text[tokens[c.ts].start as usize..tokens[c.te - 1].end as usize];
                let _ = writeln!(
                    out,
                    "    trigger {span:?} {} {} {:?}",
                    c.rule.id, c.rule.event_type, c.rule.roles
                );
            }
            for e in coded.events.iter().filter(|e| e.sentence.index == si) {
                let who = |a: &[Actor]| {
                    a.iter()
                        .map(|x| x.org.clone().or(x.country.clone()).unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join("+")
                };
                let _ = writeln!(
                    out,
                    "    EVENT {} {} -> {} [{}] date={:?}",
                    e.event_type,
                    who(&e.actors),
                    who(&e.recipients),
                    e.rule,
                    e.date.as_ref().map(|d| d.value)
                );
            }
        }
        out
    }

    /// What a name or phrase refers to on `date` ("Egypt's defence
    /// minister", "Shoigu", "NATO"): one actor per phrase found in it.
    pub fn resolve_name(&self, name: &str, date: Option<NaiveDate>) -> Vec<Actor> {
        let kb = &*self.kb;
        let lower = name.to_ascii_lowercase();
        let index = CharIndex::new(name);
        let mut tokens = Vec::new();
        tokenize(name, 0, name.len(), &mut tokens);
        let words: Vec<&str> = tokens.iter().map(|t| &lower[t.range()]).collect();
        let mut mentions = Vec::new();
        kb.find_mentions(name, &mut mentions);
        let doc_ctx = document_context(kb, name, &mentions, &mut Vec::new());
        let mut pieces = Vec::new();
        phrases::pieces(kb, name, &tokens, &words, &mentions, &doc_ctx, &mut pieces);
        let mut found = Vec::new();
        phrases::phrases(&words, &pieces, &mut found);
        found
            .iter()
            .map(|p| {
                (
                    p,
                    phrases::resolve(kb, name, &tokens, &pieces[p.pieces.clone()], date, None),
                )
            })
            .filter(|(_, r)| !r.generic)
            .map(|(p, r)| {
                let (s, e) = (tokens[p.ts].start as usize, tokens[p.te - 1].end as usize);
                r.into_actor(name[s..e].into(), index.char_of(s), index.char_of(e))
            })
            .collect()
    }

    /// The `doc` record for a coded document.
    pub fn doc_record(&self, doc: &Document, coded: &Coded) -> DocRecord {
        DocRecord {
            id: doc.id.clone(),
            title: doc.title.clone(),
            url: doc.url.clone(),
            source: doc.source.clone(),
            published: doc.published.clone(),
            origin: doc.origin.clone(),
            sentences: coded.sentences.len(),
            events: coded.events.len(),
            text: doc.text.clone(),
            input_map: coded.input_map.clone(),
        }
    }
}

/// Same country-or-organisation codes, side by side (no allocation).
fn same_codes(a: &[Actor], b: &[Actor]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| code_of(x) == code_of(y))
}

fn code_of(a: &Actor) -> Option<&str> {
    a.org.as_deref().or(a.country.as_deref())
}

fn codes(actors: &[Actor]) -> Vec<Option<&str>> {
    actors.iter().map(code_of).collect()
}

/// `rule.contains(part)` for the short rule strings tested per phrase and
/// actor: the general substring search costs more to set up than this scan.
fn has(rule: &str, part: &str) -> bool {
    let (h, p) = (rule.as_bytes(), part.as_bytes());
    let Some((&first, rest)) = p.split_first() else {
        return true;
    };
    h.len() >= p.len()
        && (0..=h.len() - p.len())
            .any(|i| h[i] == first && h[i + 1..i + p.len()].iter().zip(rest).all(|(a, b)| a == b))
}

/// Two sides name the same actor: same country and organisation, and not
/// two distinct sectors of it (a domestic dyad such as GOV → REB stays).
fn same_actor(a: &Actor, b: &Actor) -> bool {
    // A sector that only says "a state acts as its government" tells no
    // domestic actors apart.
    fn sector(x: &Actor) -> Option<&CompactString> {
        x.sector
            .as_ref()
            .filter(|_| !has(&x.rule, "state-government"))
    }
    if a.country != b.country || a.org != b.org {
        return false;
    }
    let (sa, sb) = (sector(a), sector(b));
    sa.is_none() || sb.is_none() || sa == sb || a.person.is_some() && a.person == b.person
}

fn event_id(
    key: &mut String,
    doc_id: &str,
    start: usize,
    rule: &str,
    actors: &[Actor],
    recipients: &[Actor],
) -> CompactString {
    // The key is `doc_id US start US rule (US code)*`, hashed; written by
    // hand into `key`'s buffer, as `format!` costs more than the hash.
    key.clear();
    key.push_str(doc_id);
    key.push('\u{1f}');
    key.push_str(itoa::Buffer::new().format(start));
    key.push('\u{1f}');
    key.push_str(rule);
    for a in actors.iter().chain(recipients) {
        key.push('\u{1f}');
        key.push_str(a.org.as_deref().or(a.country.as_deref()).unwrap_or("-"));
    }
    let hash = xxhash_rust::xxh3::xxh3_64(key.as_bytes());
    let mut hex = [0u8; 16];
    for (k, digit) in hex.iter_mut().enumerate() {
        *digit = b"0123456789abcdef"[((hash >> (60 - 4 * k)) & 0xf) as usize];
    }
    // ASCII digits: always UTF-8.
    std::str::from_utf8(&hex).map_or_else(|_| CompactString::default(), CompactString::from)
}

/// Organisations named strongly anywhere in the document, and the countries
/// it names, most frequent first (for place disambiguation).
fn document_context(
    kb: &Kb,
    text: &str,
    mentions: &[MentionMatch],
    counts: &mut Vec<(u32, usize, usize)>,
) -> DocContext {
    let mut orgs = Vec::new();
    counts.clear();
    for (i, m) in mentions.iter().enumerate() {
        if phrases::stance_mention(text, m.start, m.end) {
            continue;
        }
        let surface = &text[m.start..m.end];
        let form = kb.surface_form(m.pattern);
        for (e, rule) in kb.entities(m.pattern) {
            if !rule.accepts(form, surface) {
                continue;
            }
            match *e {
                attache_kb::Entity::Org { org, weak: false } if !orgs.contains(&org) => {
                    orgs.push(org);
                }
                attache_kb::Entity::State { state, .. } => {
                    match counts.iter_mut().find(|c| c.0 == state) {
                        Some(c) => c.1 += 1,
                        None => counts.push((state, 1, i)),
                    }
                }
                _ => {}
            }
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let countries = counts
        .iter()
        .map(|&(s, _, _)| kb.states[s as usize].code.clone())
        .collect();
    DocContext { orgs, countries }
}

/// End (byte) of the document's headline when the text opens with it and
/// goes on after it.
fn title_sentence_end(doc: &Document, text: &str, sentences: &[Sentence]) -> usize {
    let (Some(title), Some(first)) = (doc.title.as_deref(), sentences.first()) else {
        return 0;
    };
    let head = &text[first.start..first.end];
    let same = head.trim_end_matches(['.', ' ']) == title.trim().trim_end_matches(['.', ' ']);
    if sentences.len() > 1 && same {
        first.end
    } else {
        0
    }
}

/// Lexicon matches in a sentence, longest first at each position, without
/// overlaps. Words of time expressions are transparent inside a pattern
/// ("headed Sunday to Moscow" matches `{head} to`).
fn triggers<'k>(
    kb: &'k Kb,
    words: &[&str],
    tokens: &[Token],
    times: &[TimeExpr],
    ids: &mut Vec<u32>,
    present: &mut attache_kb::WordSet,
    found: &mut Vec<Candidate<'k>>,
) {
    found.clear();
    let lexicon = &kb.lexicon;
    // Words as lexicon ids, time expressions masked (stepped over).
    ids.clear();
    ids.extend(words.iter().zip(tokens).map(|(w, t)| {
        let inside = times
            .iter()
            .any(|x| x.start <= t.start as usize && (t.end as usize) <= x.end);
        if inside {
            attache_kb::MASKED_WORD
        } else {
            lexicon.word_id(w)
        }
    }));
    let ids = &ids[..];
    lexicon.fill_word_set(ids, present);
    for (i, &id) in ids.iter().enumerate() {
        for &ri in lexicon.candidates_of(id) {
            if !lexicon.may_match(ri, present) {
                continue;
            }
            let rule = &lexicon.rules[ri as usize];
            if let Some(end) = lexicon.match_ids(ri, ids, i) {
                found.push(Candidate {
                    rule,
                    rule_idx: ri,
                    ts: i,
                    te: end,
                });
            }
        }
    }
    // Longer and more certain matches win; then earlier.
    found.sort_by(|a, b| {
        (b.te - b.ts)
            .cmp(&(a.te - a.ts))
            .then(b.rule.weight.total_cmp(&a.rule.weight))
            .then(a.ts.cmp(&b.ts))
            .then(a.rule_idx.cmp(&b.rule_idx))
    });
    // Keep, in that order, each match that overlaps none kept before it.
    let mut kept = 0;
    for k in 0..found.len() {
        let c = &found[k];
        if found[..kept].iter().all(|d| c.te <= d.ts || d.te <= c.ts) {
            found.swap(kept, k);
            kept += 1;
        }
    }
    found.truncate(kept);
    found.sort_by_key(|c| c.ts);
}

/// Who fills a role: a phrase of this sentence, or a remembered actor for a pronoun at token `ti`.
enum RoleRef<'a> {
    Phrase(usize),
    Memory(Box<Resolved<'a>>, usize),
    /// A sector phrase placed in a country by a later phrase ("rebels in Chad").
    Located(usize, usize),
}

struct EventContext<'a> {
    words: &'a [&'a str],
    phrases: &'a [Phrase],
    resolved: &'a [Resolved<'a>],
    memory: &'a Memory<'a>,
    speaker: Option<usize>,
}

const PERSONAL_PRONOUNS: WordList = WordList::new(&["he", "she"]);
const PLURAL_PRONOUNS: WordList = WordList::new(&["they"]);
const FIRST_PERSON: WordList = WordList::new(&["we", "us", "our", "i"]);
const RELATIVES: WordList = WordList::new(&["who", "which"]);
/// Words that end the clause a subject or object is looked for in. Quote
/// marks are not among them: news wraps single words in quotes.
const CLAUSE_STOPS: WordList = WordList::new(&[";", ":", "(", ")", "while", "whereas", "but"]);
/// Auxiliaries and adverbs of a verb group without its subject.
const VERB_GROUP: WordList = WordList::new(&[
    "was", "were", "is", "are", "has", "have", "had", "will", "would", "also", "still", "then",
    "later", "not", "to",
]);
const AUXILIARIES: WordList = WordList::new(&[
    "was", "were", "been", "being", "is", "are", "be", "get", "got",
]);

/// The phrase whose words a sentence reports ("..., said X" / "X said").
fn speaker(words: &[&str], phrases: &[Phrase], resolved: &[Resolved<'_>]) -> Option<usize> {
    let verb = words.iter().position(|w| {
        matches!(
            *w,
            "said"
                | "says"
                | "added"
                | "stated"
                | "told"
                | "noted"
                | "stressed"
                | "pointed"
                | "explained"
                | "warned"
        )
    })?;
    let usable = |k: &usize| resolved[*k].is_actor() || resolved[*k].personal;
    phrases
        .iter()
        .enumerate()
        .filter(|(k, p)| {
            usable(k) && (p.ts > verb && p.ts <= verb + 3 || p.te <= verb && p.te + 3 >= verb)
        })
        .map(|(k, _)| k)
        .next()
}

fn is_subject_candidate(words: &[&str], p: &Phrase) -> bool {
    match p.prep {
        None | Some("between") => true,
        // "a group of Moroccan diplomats", "thousands of Nigerians".
        Some("of") => {
            // The preposition may stand before an article ("members of the X").
            let of = (p.ts.saturating_sub(2)..p.ts)
                .rev()
                .find(|&i| words[i] == "of");
            of.is_some_and(|i| i > 0 && listed(&QUANTIFIERS, words[i - 1]))
        }
        Some(_) => false,
    }
}

/// Heads of "X of <actor>" whose subject is the actor.
const QUANTIFIERS: WordList = WordList::new(&[
    "group",
    "groups",
    "member",
    "members",
    "delegation",
    "team",
    "number",
    "some",
    "one",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "tens",
    "scores",
    "most",
    "many",
    "several",
    "majority",
    "representatives",
    "supporters",
]);

/// A country phrase right after a sector phrase `idx` that places it
/// ("opposition groups in Zimbabwe", "rebels from Chad"), before token `ts`.
fn located_in(ctx: &EventContext<'_>, idx: usize, ts: usize) -> Option<usize> {
    let j = idx + 1;
    let p = ctx.phrases.get(j)?;
    let r = &ctx.resolved[j];
    // "in Chad", "from Chad", "based in eastern Chad", "operating in Chad".
    let gap = &ctx.words[ctx.phrases[idx].te..p.ts];
    let placed = matches!(p.prep, Some("in" | "from")) && gap.len() <= 2
        || gap.len() <= 4
            && gap.first().is_some_and(|w| {
                matches!(
                    *w,
                    "based" | "operating" | "stationed" | "deployed" | "living"
                )
            })
            && gap.iter().any(|w| matches!(*w, "in" | "from"))
            && !gap.iter().any(|w| listed(&CLAUSE_STOPS, w) || *w == ",");
    (placed && p.te <= ts && r.country.is_some() && r.org.is_none() && !r.generic).then_some(j)
}

/// Actors and recipients for one trigger.
fn assign_roles<'a>(
    ctx: &EventContext<'a>,
    c: &Candidate<'_>,
) -> Option<(Vec<RoleRef<'a>>, Vec<RoleRef<'a>>)> {
    let words = ctx.words;
    // A trigger inside an actor phrase is part of a name ("Joint Military Committee meeting" stays).
    if ctx.phrases.iter().any(|p| p.ts < c.ts && c.ts < p.te) {
        return None;
    }
    let passive = c.rule.passive_ok
        && c.ts > 0
        && (listed(&AUXILIARIES, words[c.ts - 1])
            || c.ts > 1
                && listed(&AUXILIARIES, words[c.ts - 2])
                && words[c.ts - 1].ends_with("ly"))
        && words[c.ts].ends_with("ed")
            | matches!(
                words[c.ts],
                "met" | "held" | "hit" | "struck" | "shot" | "seized" | "sent" | "taken" | "led"
            );
    let subject = subject_of(ctx, c.ts);
    // A curfew or restriction imposed or lifted "in X", a protest "in X": X is affected.
    let placed = matches!(c.rule.event_type.as_str(), "CONCEDE" | "PROTEST")
        || c.rule.event_type == "THREATEN" && c.rule.mode.is_some()
        || c.rule.event_type == "COERCE"
            && matches!(
                c.rule.mode.as_deref(),
                Some("curfew" | "martial-law" | "restrict")
            );
    // Objects may sit inside a long trigger ("promised to expel the Turkish army").
    let after = |preps: &[&str]| object_of(ctx, c.ts + 1, c.te, preps);
    let by_phrase = || {
        ctx.phrases
            .iter()
            // The agent may sit inside a long trigger ("attacked by X armed with").
            .position(|p| p.ts > c.ts && p.ts <= c.te + 6 && p.prep == Some("by"))
            .map(RoleRef::Phrase)
    };
    match c.rule.roles {
        Roles::Svo | Roles::SvPrep if passive => {
            let actor = by_phrase()?;
            let recipient = subject.into_iter().flatten().collect();
            Some((vec![actor], recipient))
        }
        Roles::Svo => {
            let actors = subject?;
            let recipients = if placed {
                after(&[
                    "with", "to", "against", "on", "for", "from", "toward", "towards", "into",
                    "of", "over", "upon", "in",
                ])
            } else {
                after(&[
                    "with", "to", "against", "on", "for", "from", "toward", "towards", "into",
                    "of", "over", "upon",
                ])
            };
            Some((actors, recipients))
        }
        Roles::SvPrep => {
            let actors = subject?;
            let recipients = if placed {
                after(&[
                    "with", "to", "against", "on", "for", "from", "toward", "towards", "into",
                    "of", "over", "upon", "by", "between", "in",
                ])
            } else {
                after(&[
                    "with", "to", "against", "on", "for", "from", "toward", "towards", "into",
                    "of", "over", "upon", "by", "between",
                ])
            };
            Some((actors, recipients))
        }
        Roles::Recip => {
            let mut actors = subject?;
            let mut recipients = after(&["with", "to", "between", "among", "and"]);
            if recipients.is_empty() && actors.len() >= 2 {
                // "X and Y signed": each is the other's recipient.
                recipients = actors.split_off(1);
            }
            Some((actors, recipients))
        }
        Roles::Noun if first_person_agent(words, c.te) && ctx.speaker.is_some() => {
            // "X will be a target for us": the speaker acts on the subject.
            let speaker = ctx.speaker.map(RoleRef::Phrase).into_iter().collect();
            Some((speaker, subject.into_iter().flatten().collect()))
        }
        Roles::Noun => {
            // Actor: "by X", a phrase right before the noun ("Turkish threats"), or the subject.
            let adjacent = ctx
                .phrases
                .iter()
                .position(|p| {
                    p.te == c.ts || (p.te + 1 == c.ts && matches!(words[p.te], "'s" | "’s"))
                })
                .map(RoleRef::Phrase);
            let actor = by_phrase()
                .map(|a| vec![a])
                .or(adjacent.map(|a| vec![a]))
                .or(subject)?;
            let recipients = after(&[
                "to", "with", "against", "on", "for", "toward", "towards", "into", "at", "of",
                "between",
            ]);
            Some((actor, recipients))
        }
    }
}

/// The subject of a speech verb right before a pronoun at token `i`
/// ("Egypt said (that) it", "the minister warned they").
fn reported_speaker(ctx: &EventContext<'_>, i: usize) -> Option<usize> {
    let words = ctx.words;
    let mut v = i.checked_sub(1)?;
    // "said on Sunday (that) it", "announced yesterday that he".
    for _ in 0..4 {
        if words[v] == "that" || listed(&WHEN_WORDS, words[v]) {
            v = v.checked_sub(1)?;
        }
    }
    if !matches!(
        words[v],
        "said"
            | "says"
            | "say"
            | "added"
            | "stated"
            | "warned"
            | "announced"
            | "insisted"
            | "stressed"
            | "declared"
            | "indicated"
            | "noted"
            | "confirmed"
            | "claimed"
            | "vowed"
            | "threatened"
    ) {
        return None;
    }
    ctx.phrases
        .iter()
        .rposition(|p| p.te <= v && p.te + 2 >= v)
        .filter(|&k| !ctx.resolved[k].generic && is_subject_candidate(words, &ctx.phrases[k]))
}

/// Words of a short time phrase between a speech verb and its clause.
const WHEN_WORDS: WordList = WordList::new(&[
    "on",
    "today",
    "yesterday",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "this",
    "week",
    "night",
    "earlier",
    "later",
    ",",
]);

/// "… for us" / "… by us" right after a nominal trigger.
fn first_person_agent(words: &[&str], te: usize) -> bool {
    matches!(words.get(te), Some(&"for" | &"by"))
        && matches!(words.get(te + 1), Some(&"us" | &"me"))
}

/// The subject: the nearest phrase or pronoun left of the trigger within its clause.
fn subject_of<'a>(ctx: &EventContext<'a>, ts: usize) -> Option<Vec<RoleRef<'a>>> {
    let words = ctx.words;
    // "the Egyptian delegation visiting Tripoli": a participle's subject is
    // the phrase it follows, whatever precedes that phrase.
    if words[ts].ends_with("ing") {
        if let Some(idx) = ctx.phrases.iter().position(|p| p.te == ts) {
            if !ctx.resolved[idx].generic {
                return Some(vec![RoleRef::Phrase(idx)]);
            }
        }
    }
    if let Some(idx) = appositive_head(ctx, ts) {
        return Some(compound(ctx, idx));
    }
    let mut k = ctx.phrases.partition_point(|p| p.te <= ts);
    let mut i = ts;
    let mut fallback: Option<usize> = None;
    while i > 0 {
        i -= 1;
        let w = words[i];
        // "The International Labor Office (ILO) reiterated": step over the parenthesis.
        if w == ")" {
            if let Some(open) = words[..i].iter().rposition(|x| *x == "(") {
                if i - open <= 6 {
                    // An unknown long name may be known by its acronym.
                    let inside = ctx
                        .phrases
                        .iter()
                        .position(|p| p.ts > open && p.te <= i && p.prep.is_none());
                    if let Some(q) = inside.filter(|&q| !ctx.resolved[q].generic) {
                        fallback.get_or_insert(q);
                    }
                    i = open;
                    k = ctx.phrases.partition_point(|p| p.te <= i);
                    continue;
                }
            }
        }
        // "Benin opened its borders … but was still refusing", "… and has
        // urged": a verb without its own subject shares the sentence's.
        let conjoined = matches!(w, "but" | "and")
            && i + 1 < ts
            && words[i + 1..ts].iter().all(|x| listed(&VERB_GROUP, x));
        if conjoined {
            if let Some(first) = ctx.phrases.first() {
                if first.ts <= 2 && first.prep.is_none() && !ctx.resolved[0].generic {
                    return Some(compound(ctx, 0));
                }
            }
        }
        if listed(&CLAUSE_STOPS, w) && i + 1 < ts {
            break;
        }
        // Inside or at the end of a phrase?
        if k > 0 && ctx.phrases[k - 1].te > i {
            let idx = k - 1;
            let p = &ctx.phrases[idx];
            // "… after a Serbian jet shot down": the conjunction opens a
            // clause whose subject is this phrase.
            if matches!(p.prep, Some("after" | "before" | "since" | "until"))
                && p.te + 2 >= ts
                && !ctx.resolved[idx].generic
            {
                return Some(vec![RoleRef::Phrase(idx)]);
            }
            if is_subject_candidate(words, p) && !ctx.resolved[idx].generic {
                // A sector noun that only took the document's country yields
                // to a named subject further left ("the army has been holding
                // refugees as shields").
                if has(&ctx.resolved[idx].rule, "doc-country") {
                    fallback.get_or_insert(idx);
                    i = p.ts;
                    k -= 1;
                    continue;
                }
                // "ethnic Albanian guerrillas operating in Macedonia": a
                // minority acts for the state it lives in.
                let ethnic = p.ts > 0 && words[p.ts - 1] == "ethnic" || words[p.ts] == "ethnic";
                if ethnic {
                    if let Some(j) = ctx.phrases.iter().position(|q| {
                        q.prep == Some("in") && q.ts > p.te && q.ts <= p.te + 3 && q.te <= ts
                    }) {
                        let r = &ctx.resolved[j];
                        if r.country.is_some() && r.org.is_none() && !r.generic {
                            return Some(vec![RoleRef::Located(idx, j)]);
                        }
                    }
                }
                return Some(compound(ctx, idx));
            }
            if is_subject_candidate(words, p) && ctx.resolved[idx].generic {
                // "armed factions … led by X": the group takes its leader's identity.
                if let Some(led) = led_by(ctx, idx, ts) {
                    return Some(vec![RoleRef::Phrase(led)]);
                }
                if let Some(j) = located_in(ctx, idx, ts) {
                    return Some(vec![RoleRef::Located(idx, j)]);
                }
                // "the minister" → the last person; "the army" stays generic.
                if let Some(r) = remembered_for(ctx, &ctx.resolved[idx]) {
                    return Some(vec![RoleRef::Memory(Box::new(r), p.ts)]);
                }
            }
            i = p.ts;
            k -= 1;
            continue;
        }
        // "Egypt said it would …": the pronoun is the speaker.
        let pronoun = listed(&PERSONAL_PRONOUNS, w) || listed(&PLURAL_PRONOUNS, w) || w == "it";
        if pronoun {
            if let Some(k) = reported_speaker(ctx, i) {
                return Some(vec![RoleRef::Phrase(k)]);
            }
        }
        if listed(&PERSONAL_PRONOUNS, w) {
            return ctx
                .memory
                .last_person
                .as_ref()
                .map(|r| vec![RoleRef::Memory(Box::new(r.clone()), i)]);
        }
        if listed(&PLURAL_PRONOUNS, w) || w == "it" {
            return ctx
                .memory
                .last_actor
                .as_ref()
                .filter(|r| r.is_actor())
                .map(|r| vec![RoleRef::Memory(Box::new(r.clone()), i)]);
        }
        if listed(&FIRST_PERSON, w) {
            if let Some(s) = ctx.speaker {
                return Some(vec![RoleRef::Phrase(s)]);
            }
            return None;
        }
        if w == "that" && i + 3 >= ts {
            // "the crisis that threatens": the antecedent must be an actor.
            let before = ctx.phrases.iter().rposition(|p| p.te <= i && p.te + 1 >= i);
            return before
                .filter(|&idx| !ctx.resolved[idx].generic)
                .map(|idx| vec![RoleRef::Phrase(idx)]);
        }
        if listed(&RELATIVES, w) && i > 0 {
            // "Akar, who warned": the phrase before the relative pronoun, whatever its preposition.
            let before = ctx.phrases.iter().rposition(|p| p.te <= i && p.te + 2 >= i);
            if let Some(idx) = before {
                if !ctx.resolved[idx].generic {
                    return Some(vec![RoleRef::Phrase(idx)]);
                }
            }
        }
    }
    fallback.map(|idx| vec![RoleRef::Phrase(idx)])
}

/// "Pakistan, a key U.S. ally, has refused": the subject is the phrase
/// before an appositive that ends right before the verb.
fn appositive_head(ctx: &EventContext<'_>, ts: usize) -> Option<usize> {
    let words = ctx.words;
    // Back over the verb group ("has refused to") to the closing comma.
    let mut j = ts;
    while j > 0
        && j + 5 > ts
        && words[j - 1] != ","
        && !listed(&CLAUSE_STOPS, words[j - 1])
        && words[j - 1].chars().all(|c| c.is_ascii_lowercase())
        && !ctx.phrases.iter().any(|p| p.ts < j && j - 1 < p.te)
    {
        j -= 1;
    }
    let close = j.checked_sub(1).filter(|&c| words[c] == ",")?;
    let open = (close.saturating_sub(14)..close)
        .rev()
        .find(|&i| words[i] == "," || listed(&CLAUSE_STOPS, words[i]))?;
    // "X, a key ally, …", "X, which …, …", "a member of X, <name>, …".
    let named = ctx
        .phrases
        .iter()
        .any(|p| p.ts == open + 1 && p.te == close);
    if words[open] != ","
        || !(named || matches!(words[open + 1], "a" | "an" | "the" | "which" | "who"))
    {
        return None;
    }
    let idx = ctx.phrases.iter().position(|p| p.te == open)?;
    (is_subject_candidate(words, &ctx.phrases[idx]) && !ctx.resolved[idx].generic).then_some(idx)
}

/// A phrase introduced by "led by" / "headed by" after phrase `idx`, before token `ts`.
fn led_by(ctx: &EventContext<'_>, idx: usize, ts: usize) -> Option<usize> {
    let from = ctx.phrases[idx].te;
    let words = ctx.words;
    let at = (from..ts.saturating_sub(1)).find(|&i| {
        matches!(words[i], "led" | "headed" | "commanded") && words.get(i + 1) == Some(&"by")
    })?;
    ctx.phrases
        .iter()
        .position(|p| p.ts > at + 1 && p.ts <= at + 4 && p.te <= ts)
        .filter(|&k| !ctx.resolved[k].generic)
}

fn remembered_for<'a>(ctx: &EventContext<'a>, generic: &Resolved<'a>) -> Option<Resolved<'a>> {
    if generic.personal {
        ctx.memory.last_person.clone()
    } else {
        None
    }
}

/// A phrase and the phrases joined to it by "and" / "," before it ("NATO and Iraq").
fn compound<'a>(ctx: &EventContext<'a>, idx: usize) -> Vec<RoleRef<'a>> {
    // Room for a few joined phrases without growing.
    let mut out = Vec::with_capacity(4);
    out.push(RoleRef::Phrase(idx));
    let mut cur = idx;
    while cur > 0 {
        let prev = &ctx.phrases[cur - 1];
        let gap = &ctx.words[prev.te..ctx.phrases[cur].ts];
        let joined = !gap.is_empty()
            && gap.len() <= 2
            && gap.iter().all(|w| matches!(*w, "and" | "," | "the"))
            && gap.contains(&"and")
            || gap == [","] && cur + 1 < ctx.phrases.len();
        if joined && !ctx.resolved[cur - 1].generic && is_subject_candidate(ctx.words, prev) {
            out.insert(0, RoleRef::Phrase(cur - 1));
            cur -= 1;
        } else {
            break;
        }
    }
    out
}

/// Words that may follow an object noun phrase.
const OBJECT_FOLLOWERS: WordList = WordList::new(&[
    "in", "on", "at", "of", "and", "with", "from", "to", "near", "who", "which", "that", "after",
    "before", "during", "inside", "outside", "across", "along", "for", "by",
]);

/// Nouns of asking and offering whose "by X" names the party addressed.
const ASKED_NOUNS: WordList = WordList::new(&[
    "call",
    "calls",
    "demand",
    "demands",
    "appeal",
    "appeals",
    "request",
    "requests",
    "offer",
    "offers",
    "proposal",
    "proposals",
    "plea",
    "pleas",
    "admission",
    "ultimatum",
]);

/// Is the phrase at `ts` the "by X" of an asking noun ("calls by Belarus")?
fn addressed_by(words: &[&str], ts: usize) -> bool {
    let Some(by) = (ts.saturating_sub(3)..ts).rev().find(|&i| words[i] == "by") else {
        return false;
    };
    by > 0 && listed(&ASKED_NOUNS, words[by - 1])
}

/// The object: the first non-generic phrase after the trigger, within the clause.
fn object_of<'a>(
    ctx: &EventContext<'a>,
    te: usize,
    trigger_end: usize,
    preps: &[&str],
) -> Vec<RoleRef<'a>> {
    let words = ctx.words;
    let limit = (te + 18).min(words.len());
    // A generic sector noun after the trigger ("civilians") is the recipient
    // only when no named actor follows in the clause.
    let mut generic_fallback: Option<usize> = None;
    let mut inferred_fallback: Option<usize> = None;
    for (k, p) in ctx.phrases.iter().enumerate() {
        if p.ts < te {
            continue;
        }
        if p.ts >= limit {
            break;
        }
        if words[te..p.ts]
            .iter()
            .any(|w| listed(&CLAUSE_STOPS, w) || *w == ".")
        {
            break;
        }
        let ok_prep = match p.prep {
            None => true,
            // "rejected calls by X", "demanded an admission by X": X is addressed.
            Some("by") => preps.contains(&"by") || addressed_by(words, p.ts),
            Some(x) => preps.contains(&x),
        };
        // "on the Thai border": a place, not a party.
        if matches!(
            words.get(p.te),
            Some(&("border" | "borders" | "frontier" | "border."))
        ) {
            continue;
        }
        // A sector noun that only took the document's country yields to a
        // named actor later in the clause ("official contact with X").
        if ok_prep && has(&ctx.resolved[k].rule, "doc-country") {
            inferred_fallback.get_or_insert(k);
            continue;
        }
        if !ok_prep || ctx.resolved[k].generic && !ctx.resolved[k].personal {
            // Only as the head of its noun phrase: "military" in "military
            // cooperation" is an adjective, "civilians." a recipient.
            let head = words.get(p.te).is_none_or(|w| {
                !w.chars().next().is_some_and(char::is_alphabetic)
                    || listed(&OBJECT_FOLLOWERS, w)
                    || w.ends_with("ing")
            });
            if ok_prep && head && ctx.resolved[k].sector.is_some() && p.ts >= trigger_end {
                generic_fallback.get_or_insert(k);
            }
            continue;
        }
        if ctx.resolved[k].generic {
            if let Some(r) = remembered_for(ctx, &ctx.resolved[k]) {
                return vec![RoleRef::Memory(Box::new(r), p.ts)];
            }
            continue;
        }
        // "killed three ethnic Albanians in Serbia": a minority is placed
        // by where it lives, not by its kin state.
        if p.ts > 0 && words[p.ts - 1] == "ethnic" || words[p.ts] == "ethnic" {
            let placed = ctx.phrases[k + 1..]
                .iter()
                .take_while(|q| q.ts < limit)
                .position(|q| q.prep == Some("in"))
                .map(|d| k + 1 + d)
                .filter(|&j| {
                    let r = &ctx.resolved[j];
                    r.country.is_some() && r.org.is_none() && !r.generic
                });
            if let Some(j) = placed {
                return vec![RoleRef::Located(k, j)];
            }
        }
        // Objects joined by "and": "with Egypt and Jordan", "with A, B and C".
        let mut out = vec![RoleRef::Phrase(k)];
        let mut cur = k;
        let mut pending: Vec<RoleRef> = Vec::new();
        while let Some(next) = ctx.phrases.get(cur + 1) {
            let gap = &words[ctx.phrases[cur].te..next.ts];
            let and = gap == ["and"] || gap == [",", "and"];
            if !(and || gap == [","]) || ctx.resolved[cur + 1].generic {
                break;
            }
            pending.push(RoleRef::Phrase(cur + 1));
            cur += 1;
            if and {
                // A comma-joined phrase counts only when the list closes with "and".
                out.append(&mut pending);
                break;
            }
        }
        return out;
    }
    // A pronoun object ("met him") is rare in news leads; leave it.
    if let Some(k) = inferred_fallback {
        return vec![RoleRef::Phrase(k)];
    }
    // "aid to refugees fleeing the war in Liberia": the sector noun is placed by a state after it.
    generic_fallback
        .map(|k| {
            let te = ctx.phrases[k].te;
            let placed = ctx.phrases[k + 1..]
                .iter()
                .take_while(|q| q.ts <= te + 6)
                .position(|q| q.prep == Some("in"))
                .map(|d| k + 1 + d)
                .filter(|&j| {
                    let r = &ctx.resolved[j];
                    r.country.is_some() && r.org.is_none() && !r.generic
                })
                .filter(|&j| {
                    !words[te..ctx.phrases[j].ts]
                        .iter()
                        .any(|w| listed(&CLAUSE_STOPS, w) || *w == ",")
                });
            match placed {
                Some(j) => RoleRef::Located(k, j),
                None => RoleRef::Phrase(k),
            }
        })
        .into_iter()
        .collect()
}

/// The date of an event: the nearest resolved date expression in its
/// sentence, else the publication date.
fn event_date(
    text: &str,
    index: &CharIndex<'_>,
    times: &[TimeExpr],
    tokens: &[Token],
    c: &Candidate<'_>,
    published: Option<NaiveDate>,
) -> Option<EventDate> {
    let trig_start = tokens[c.ts].start as usize;
    let trig_end = tokens[c.te - 1].end as usize;
    let best = times
        .iter()
        .filter(|t| {
            matches!(t.kind, TimeKind::Date | TimeKind::Time)
                && t.first.is_some()
                && t.last.is_some()
                && t.precision.is_some()
        })
        .min_by_key(|t| {
            if t.end <= trig_start {
                trig_start - t.end
            } else {
                t.start.saturating_sub(trig_end)
            }
        });
    if let Some(t) = best {
        let (Some(first), Some(last), Some(precision)) = (t.first, t.last, t.precision) else {
            return None;
        };
        return Some(EventDate {
            value: first,
            end: last,
            precision,
            basis: if t.relative {
                DateBasis::Relative
            } else {
                DateBasis::Explicit
            },
            span: Some(Span {
                text: text[t.start..t.end].into(),
                start: index.char_of(t.start),
                end: index.char_of(t.end),
            }),
        });
    }
    published.map(|d| EventDate {
        value: d,
        end: d,
        precision: Precision::Day,
        basis: DateBasis::Publication,
        span: None,
    })
}

/// Characters between a lone event's trigger and the place that stands
/// in for its recipient.
const PLACE_RECIPIENT_GAP: usize = 60;
const PLACE_RECIPIENT_GAP_BEFORE: usize = 20;

/// "refused to deploy peacekeepers in Iraq", "a rally in Lagos": an event
/// with no named recipient falls on the country of the place named right
/// after its trigger.
/// Words that open another clause between a trigger and a place ("will not
/// accept refugees if war starts in Iraq").
const PLACE_CLAUSE_STOPS: WordList = WordList::new(&[
    ";", ":", "(", ")", "while", "whereas", "but", "if", "unless", "when", "because", "although",
    "though", "until", "where", "which", "who",
]);

/// Whether the place `event_location` picks for `c` lies in the trigger's clause.
fn place_in_clause(words: &[&str], places: &[place::PlaceMention], c: &Candidate<'_>) -> bool {
    let after = places
        .iter()
        .filter(|p| p.ts >= c.te)
        .min_by_key(|p| p.ts - c.te)
        .map(|p| c.te..p.ts);
    let gap = after.or_else(|| {
        places
            .iter()
            .filter(|p| p.te <= c.ts)
            .max_by_key(|p| p.te)
            .map(|p| p.te..c.ts)
    });
    gap.is_some_and(|g| {
        !words
            .get(g)
            .unwrap_or(&[])
            .iter()
            .any(|w| listed(&PLACE_CLAUSE_STOPS, w))
    })
}

fn place_follows(loc: &Location, trigger: &Span) -> bool {
    loc.start >= trigger.end && loc.start - trigger.end <= PLACE_RECIPIENT_GAP
        || loc.end <= trigger.start && trigger.start - loc.end <= PLACE_RECIPIENT_GAP_BEFORE
}

fn place_recipient(kb: &Kb, e: &mut Event) {
    // "the withdrawal of invasion forces from Panama": recipients that
    // resolve to no country or organisation give way to the place.
    if e.recipients
        .iter()
        .any(|r| r.country.is_some() || r.org.is_some())
    {
        return;
    }
    let Some(loc) = e.location.as_ref() else {
        return;
    };
    let Some(country) = loc.country.as_deref() else {
        return;
    };
    if !place_follows(loc, &e.trigger) {
        return;
    }
    let name = kb
        .state(country)
        .map_or_else(|| loc.name.clone(), |s| s.name.as_str().into());
    e.recipients.clear();
    e.recipients.push(Actor {
        text: loc.text.clone(),
        start: loc.start,
        end: loc.end,
        name,
        country: Some(country.into()),
        org: None,
        body: None,
        sector: None,
        person: None,
        role: None,
        rule: "place:recipient".into(),
    });
}

fn event_location(
    kb: &Kb,
    text: &str,
    index: &CharIndex<'_>,
    tokens: &[Token],
    places: &[place::PlaceMention],
    c: &Candidate<'_>,
) -> Option<Location> {
    // Nearest place after the trigger, else before it.
    let best = places
        .iter()
        .filter(|p| p.ts >= c.te)
        .min_by_key(|p| p.ts - c.te)
        .or_else(|| places.iter().filter(|p| p.te <= c.ts).max_by_key(|p| p.te))?;
    let place = &kb.places[best.place as usize];
    let (s, e) = (
        tokens[best.ts].start as usize,
        tokens[best.te - 1].end as usize,
    );
    Some(Location {
        name: place.name.as_str().into(),
        country: place.country.as_deref().map(CompactString::from),
        lat: place.lat,
        lon: place.lon,
        geonameid: (place.geonameid != 0).then_some(place.geonameid),
        text: text[s..e].into(),
        start: index.char_of(s),
        end: index.char_of(e),
        rule: "place:locative".into(),
    })
}

/// A fixed list of words with what lets most other words be turned away
/// before any comparison: the lengths and first bytes its words have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordList {
    words: &'static [&'static str],
    /// Bit `n` set: some word is `n` bytes long (63 for 63 and longer).
    lengths: u64,
    /// Bit `b` set: some word starts with byte `b`.
    firsts: [u64; 4],
}

impl WordList {
    /// Whether a word of this length and first byte can be in the list.
    #[inline]
    pub(crate) fn may_hold(&self, word: &[u8]) -> bool {
        if self.lengths & (1 << length_bit(word.len())) == 0 {
            return false;
        }
        match word.first() {
            Some(&b) => self.firsts[usize::from(b / 64)] & (1 << (b % 64)) != 0,
            None => true,
        }
    }

    pub(crate) const fn new(words: &'static [&'static str]) -> WordList {
        let (mut lengths, mut firsts) = (0u64, [0u64; 4]);
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            lengths |= 1 << length_bit(w.len());
            if !w.is_empty() {
                firsts[(w[0] / 64) as usize] |= 1 << (w[0] % 64);
            }
            i += 1;
        }
        WordList {
            words,
            lengths,
            firsts,
        }
    }
}

const fn length_bit(len: usize) -> usize {
    if len < 63 {
        len
    } else {
        63
    }
}

/// Whether `word` is in `list`. The checks run for nearly every word of a
/// sentence, and most words are in no list.
#[inline]
pub(crate) fn listed(list: &WordList, word: &str) -> bool {
    list.may_hold(word.as_bytes()) && list.words.contains(&word)
}

#[cfg(test)]
mod word_list_tests {
    use super::*;

    #[test]
    fn has_agrees_with_contains() {
        let rules = [
            "",
            "actor:state",
            "actor:sector+doc-country",
            "actor:sector+doc-country@event-date",
            "actor:state+state-government",
            "actor:sector+located",
            "coref:he",
            "doc-countr",
            "ddoc-country",
            "é+located",
        ];
        for rule in rules {
            for part in ["", "doc-country", "+located", "state-government", "d", "y"] {
                assert_eq!(has(rule, part), rule.contains(part), "{rule} {part}");
            }
        }
    }

    #[test]
    fn agrees_with_contains() {
        const WORDS: &[&str] = &[
            "",
            "if",
            "could",
            "’ll",
            "'ll",
            "unless",
            "a-very-long-word-of-more-than-sixty-three-bytes-in-all-to-test-it",
        ];
        const LIST: WordList = WordList::new(WORDS);
        let probes = [
            "",
            "if",
            "it",
            "of",
            "could",
            "cold",
            "would",
            "’ll",
            "'ll",
            "ll",
            "unless",
            "Unless",
            "a-very-long-word-of-more-than-sixty-three-bytes-in-all-to-test-it",
            "a-very-long-word-of-more-than-sixty-three-bytes-in-all-to-test-iT",
            "a-very-long-word-of-more-than-sixty-three-bytes-in-all-to-test-it!",
        ];
        for p in probes {
            assert_eq!(listed(&LIST, p), WORDS.contains(&p), "{p:?}");
        }
        const EMPTY: WordList = WordList::new(&[]);
        assert!(!listed(&EMPTY, ""));
        assert!(!listed(&EMPTY, "if"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn coder() -> &'static Coder {
        static CODER: OnceLock<Coder> = OnceLock::new();
        CODER.get_or_init(|| Coder::new(Arc::new(Kb::builtin().expect("built-in knowledge"))))
    }

    /// "TYPE ACTORS->RECIPIENTS" for each event of `text`.
    fn events(text: &str) -> Vec<String> {
        let doc = Document {
            id: "t".into(),
            text: text.into(),
            ..Document::default()
        };
        let codes = |a: &[Actor]| {
            a.iter()
                .map(|x| x.org.clone().or(x.country.clone()).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("+")
        };
        coder()
            .code(&doc)
            .events
            .iter()
            .map(|e| {
                format!(
                    "{} {}->{}",
                    e.event_type,
                    codes(&e.actors),
                    codes(&e.recipients)
                )
            })
            .collect()
    }

    fn has(text: &str, want: &str) -> bool {
        let got = events(text);
        assert!(
            got.iter().any(|e| e == want),
            "{text}: want {want}, got {got:?}"
        );
        true
    }

    #[test]
    fn lone_event_falls_on_the_place_after_its_trigger() {
        has(
            "Chile has refused to deploy peacekeepers in Haiti.",
            "REJECT CHL->HTI",
        );
        has(
            "Thousands of Chileans staged a rally in Santiago.",
            "PROTEST CHL->CHL",
        );
        has(
            "Peru has suspended aid deliveries in Bolivia.",
            "SANCTION PER->BOL",
        );
        has(
            "Chile speeded up the withdrawal of some forces from Peru on Monday.",
            "RETREAT CHL->PER",
        );
    }

    #[test]
    fn place_in_another_clause_or_a_language_is_no_recipient() {
        has(
            "Chile says it will not accept more refugees if war starts in Peru.",
            "REJECT CHL->",
        );
        has(
            "The Latvian court lifted restrictions on the use of the Russian language.",
            "CONCEDE LVA->",
        );
    }

    #[test]
    fn weak_alias_of_a_body_named_in_the_family() {
        has(
            "UNIFIL troops patrolled the border. The Security Council condemned Syria on Monday.",
            "ACCUSE UN->SYR",
        );
        assert!(events("The Security Council condemned Syria on Monday.").is_empty());
    }

    #[test]
    fn renege_and_shared_expertise() {
        has(
            "Peru has reneged on its commitment to Chile.",
            "REJECT PER->CHL",
        );
        has(
            "Peru has been sharing expertise with Chile.",
            "COOPERATE PER->CHL",
        );
    }

    #[test]
    fn stance_and_patron_adjectives_name_no_party() {
        has(
            "The pro-Iranian Hezbollah group attacked the Syrian-backed Amal militia.",
            "ASSAULT HEZBOLLAH->AMAL",
        );
        assert!(
            events("Anti-American protesters attacked the embassy in Karachi.")
                .iter()
                .all(|e| !e.contains("USA"))
        );
    }

    #[test]
    fn stated_intentions_refusals_and_demands() {
        has(
            "Norway said on Monday it would send food aid to Chad.",
            "AGREE NOR->TCD",
        );
        has(
            "Chile will not accept any more refugees from Peru.",
            "REJECT CHL->PER",
        );
        has(
            "Peru said that Chile must withdraw its troops.",
            "REQUEST PER->CHL",
        );
        let got = events("Peru said that Chile must withdraw its troops.");
        assert!(!got.iter().any(|e| e.starts_with("RETREAT")), "{got:?}");
    }

    #[test]
    fn subjects_across_appositions_and_places() {
        has(
            "Pakistan, a close ally of China, has refused to attend the summit.",
            "REJECT PAK->",
        );
        has(
            "Rebels in Mali attacked a convoy of Nigerien soldiers.",
            "ASSAULT MLI->NER",
        );
        has(
            "Militants based in northern Mali attacked Nigerien troops.",
            "ASSAULT MLI->NER",
        );
        has("Hamas attacked Israel.", "ASSAULT HAMAS->ISR");
        has(
            "Ethnic Serb rebels in Croatia attacked Bosnian troops.",
            "ASSAULT HRV->BIH",
        );
    }

    #[test]
    fn accusation_content_is_no_event() {
        let got = events("Chile accused Peru of shelling a border post.");
        assert!(!got.iter().any(|e| e.starts_with("ASSAULT")), "{got:?}");
    }
}
