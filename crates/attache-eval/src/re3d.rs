//! The `re3d` suite: named entities in Dstl re3d (a directory of subsets,
//! each with mongoexport JSON lines `documents.json` and `entities.json`;
//! or one such subset directory).
//!
//! **Gold**: entities with confidence ≥ 0.5; overlapping candidates are
//! resolved by keeping the highest confidence (then the longer span, then
//! the earlier one), over all entity types. Person→PER, Organisation→ORG,
//! Location→LOC are scored; Nationality is **excluded** (our demonyms are
//! not scored either, and a prediction overlapping a gold Nationality is
//! neither right nor wrong); other types are not scored.
//!
//! **Ours**, from [`Coder::mentions`] and [`Coder::places`]:
//! - mentions written next to each other (only spaces or a hyphen between)
//!   are one entity, as re3d spans them ("Iraqi security forces",
//!   "Foreign Secretary Boris Johnson"), labelled by the last one, the head:
//! - Person, a singular Title or Role → PER; Igo, Group, Organisation,
//!   Sector, a plural Title or Role ("foreign ministers", "soldiers") and
//!   Demonym → ORG (re3d counts generic groups as organisations and spans a
//!   nationality standing alone as Nationality, which is not scored);
//!   Capital and Place (a name the gazetteer lacks after a locative word)
//!   → LOC;
//! - a State alone → LOC after a locative or topical preposition (in, at,
//!   inside, outside, near, into, across, within, through, from, to,
//!   toward(s), on, about, since) or when joined by a comma, "and" or "or"
//!   to a place before it ("in Iraq and Syria") or after a compass
//!   adjective or a verb of going ("northern Syria", "visited Turkey"),
//!   else ORG (re3d labels countries acting as agents Organisation);
//! - a run whose head ends in or is followed by "-held" or "-controlled"
//!   ("ISIL-held buildings") → LOC: the name only qualifies a place;
//! - every place from `places` that overlaps no mention above → LOC;
//! - a Reference (a pronoun or definite description resolved by
//!   `attache_code::coref` to a named mention before it; never part of a
//!   run) is typed by what it stands for: a person ("he", "I") → PER, a
//!   body ("we", "they", "the group") → ORG, a place ("here", "the town")
//!   → LOC.
//!
//! **Matching**: one-to-one, same type, spans overlapping (`overlap`) or
//! identical (`exact`); precision, recall and F1 per type and micro over
//! the three types. re3d also annotates pronouns and deictic words ("I",
//! "we", "they", "here") as entities; they stay in the headline figures,
//! and `micro_without_pronoun_gold` shows the figures without them (our
//! spans overlapping those pronouns are then not scored either, as on a
//! Nationality).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use attache_code::coref::{self, Refers};
use attache_code::{Coder, Mention, MentionKind};
use serde::Deserialize;

use crate::{list_dir, overlaps, read, Causes, EvalError, Figure, Prf, Report};

/// Scored entity types (and Nationality, kept only to exclude).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Label {
    Per,
    Org,
    Loc,
    Nat,
}

impl Label {
    pub fn name(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Nat => "NAT",
        }
    }

    /// re3d entity type → label.
    pub fn from_re3d(t: &str) -> Option<Label> {
        match t {
            "Person" => Some(Label::Per),
            "Organisation" => Some(Label::Org),
            "Location" => Some(Label::Loc),
            "Nationality" => Some(Label::Nat),
            _ => None,
        }
    }
}

const SCORED: [Label; 3] = [Label::Per, Label::Org, Label::Loc];

const LOCATIVE: &[&str] = &[
    "in", "at", "inside", "outside", "near", "into", "across", "within", "through", "from", "to",
    "toward", "towards", "on", "about", "since",
];

/// Words right before a name that make it a place.
const PLACE_CUES: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "central",
    "visit",
    "visits",
    "visited",
    "visiting",
    "bordering",
    "entered",
    "entering",
    "reached",
    "crossed",
];

/// A labelled span, character offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub text: String,
}

/// One document with its resolved gold entities.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub subset: String,
    pub id: String,
    pub text: String,
    pub gold: Vec<Span>,
    /// Spans of entities dropped for confidence < 0.5 (for describing
    /// false positives).
    pub low: Vec<(usize, usize)>,
}

#[derive(Deserialize)]
struct RawDoc {
    #[serde(rename = "_id")]
    id: String,
    #[serde(default)]
    text: String,
}

/// One candidate entity as published.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct RawEntity {
    #[serde(rename = "documentId")]
    pub document_id: String,
    pub begin: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub confidence: f64,
}

fn json_lines<T: for<'de> Deserialize<'de>>(path: &Path, text: &str) -> Result<Vec<T>, EvalError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(line)
                .map_err(|e| EvalError::format(path, i + 1, e.to_string()))?,
        );
    }
    Ok(out)
}

/// Keep entities with confidence ≥ 0.5, then resolve overlaps by highest
/// confidence (longer, then earlier, on a tie). Returned in text order.
pub fn resolve(mut cands: Vec<RawEntity>) -> Vec<RawEntity> {
    cands.retain(|e| e.confidence >= 0.5 && e.end > e.begin);
    cands.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then((b.end - b.begin).cmp(&(a.end - a.begin)))
            .then(a.begin.cmp(&b.begin))
    });
    let mut kept: Vec<RawEntity> = Vec::new();
    for e in cands {
        if !kept
            .iter()
            .any(|k| overlaps((k.begin, k.end), (e.begin, e.end)))
        {
            kept.push(e);
        }
    }
    kept.sort_by_key(|e| (e.begin, e.end));
    kept
}

fn subset_dirs(path: &Path) -> Result<Vec<PathBuf>, EvalError> {
    if path.join("documents.json").is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let dirs: Vec<PathBuf> = list_dir(path)?
        .into_iter()
        .filter(|p| p.join("documents.json").is_file() && p.join("entities.json").is_file())
        .collect();
    if dirs.is_empty() {
        return Err(EvalError::format(
            path,
            0,
            "no documents.json here or in a sub-folder",
        ));
    }
    Ok(dirs)
}

/// Read every subset under `path`.
pub fn load(path: &Path) -> Result<Vec<Doc>, EvalError> {
    let mut out = Vec::new();
    for dir in subset_dirs(path)? {
        let subset = dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let dpath = dir.join("documents.json");
        let epath = dir.join("entities.json");
        let docs: Vec<RawDoc> = json_lines(&dpath, &read(&dpath)?)?;
        let ents: Vec<RawEntity> = json_lines(&epath, &read(&epath)?)?;
        let mut by_doc: BTreeMap<&str, Vec<RawEntity>> = BTreeMap::new();
        for e in &ents {
            by_doc
                .entry(e.document_id.as_str())
                .or_default()
                .push(e.clone());
        }
        for d in docs {
            let cands = by_doc.remove(d.id.as_str()).unwrap_or_default();
            let low = cands
                .iter()
                .filter(|e| e.confidence < 0.5)
                .map(|e| (e.begin, e.end))
                .collect();
            let gold = resolve(cands)
                .into_iter()
                .filter_map(|e| {
                    Label::from_re3d(&e.kind).map(|label| Span {
                        start: e.begin,
                        end: e.end,
                        label,
                        text: e.value,
                    })
                })
                .collect();
            out.push(Doc {
                subset: subset.clone(),
                id: d.id,
                text: d.text,
                gold,
                low,
            });
        }
    }
    Ok(out)
}

/// Our labelled spans for `text`.
pub fn predict(coder: &Coder, text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let all = coder.mentions(text);
    // Pronouns resolved to a named mention are labelled after it, below;
    // runs are formed of named mentions only.
    let (references, mentions): (Vec<Mention>, Vec<Mention>) = all
        .iter()
        .cloned()
        .partition(|m| m.kind == MentionKind::Reference);
    // Mentions written next to each other form one entity in re3d's
    // scheme: "Iraqi security forces", "US-led coalition", "Foreign
    // Secretary Boris Johnson". Offsets are characters; gaps are checked on
    // the characters between.
    let chars: Vec<char> = text.chars().collect();
    let adjacent = |a: usize, b: usize| {
        a <= b
            && chars
                .get(a..b)
                .is_some_and(|g| g.iter().all(|c| c.is_whitespace() || *c == '-'))
    };
    // Starts of state names read as agents (no locative preposition).
    let mut states: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < mentions.len() {
        let mut j = i + 1;
        while j < mentions.len() && adjacent(mentions[j - 1].end, mentions[j].start) {
            j += 1;
        }
        let group = &mentions[i..j];
        let first = &group[0];
        // The word before: a compass adjective ("northern Syria") or a verb
        // of going ("visited Turkey") makes the name a place.
        let before: String = chars[..first.start.min(chars.len())]
            .iter()
            .rev()
            .skip_while(|c| c.is_whitespace())
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let locative = first.prep.is_some_and(|p| LOCATIVE.contains(&p))
            || PLACE_CUES.contains(&before.to_lowercase().as_str());
        // A role noun names one person in the singular; in the plural
        // ("soldiers", "tribesmen") re3d reads a group.
        let plural = |m: &Mention| m.text.ends_with('s') || m.text.ends_with("men");
        let person = |m: &Mention| match m.kind {
            MentionKind::Person => true,
            MentionKind::Title | MentionKind::Role => !plural(m),
            _ => false,
        };
        // The last mention of a run is its head: "Secretary Carter" is a
        // person, "Assad regime" and "Iraqi security forces" are groups.
        let head = &group[group.len() - 1];
        let label = match head.kind {
            _ if person(head) => Label::Per,
            MentionKind::Person => Label::Per,
            MentionKind::Igo
            | MentionKind::Organisation
            | MentionKind::Title
            | MentionKind::Group
            | MentionKind::Sector
            | MentionKind::Role => Label::Org,
            MentionKind::Capital | MentionKind::Place => Label::Loc,
            MentionKind::State if locative && group.len() == 1 => Label::Loc,
            MentionKind::State | MentionKind::Demonym | MentionKind::Reference => Label::Org,
        };
        // "ISIL-held buildings", "rebel-controlled areas": the name only
        // qualifies a place.
        let after: String = chars
            .get(head.end..)
            .map(|c| c.iter().take(12).collect())
            .unwrap_or_default();
        let qualifies = |s: &str| {
            s.starts_with("-held")
                || s.starts_with("-controlled")
                || s.ends_with("-held")
                || s.ends_with("-controlled")
        };
        let label = if qualifies(&after) || qualifies(&head.text) {
            Label::Loc
        } else {
            label
        };
        let (start, end) = (first.start, group[group.len() - 1].end);
        i = j;
        if out.iter().any(|o| overlaps((o.start, o.end), (start, end))) {
            continue;
        }
        if group.len() == 1 && first.kind == MentionKind::State && label == Label::Org {
            states.push(start);
        }
        out.push(Span {
            start,
            end,
            label,
            text: chars
                .get(start..end)
                .map(|c| c.iter().collect())
                .unwrap_or_default(),
        });
    }
    for p in coder.places(text) {
        if out
            .iter()
            .any(|o| overlaps((o.start, o.end), (p.start, p.end)))
        {
            continue;
        }
        out.push(Span {
            start: p.start,
            end: p.end,
            label: Label::Loc,
            text: p.text,
        });
    }
    // A reference is typed by what it stands for: a person ("he", "I") →
    // PER, a body ("we", "they") → ORG, a place ("here") → LOC.
    for r in &references {
        let label = match coref::refers(&r.text) {
            Some(Refers::Person) => Label::Per,
            Some(Refers::Place) => Label::Loc,
            Some(Refers::Body) => Label::Org,
            None => continue,
        };
        if out
            .iter()
            .any(|o| overlaps((o.start, o.end), (r.start, r.end)))
        {
            continue;
        }
        out.push(Span {
            start: r.start,
            end: r.end,
            label,
            text: r.text.clone(),
        });
    }
    out.sort_by_key(|s| (s.start, s.end));
    // A state joined to a place before it is a place too: "in Iraq and
    // Syria", "Raqqah, Syria".
    for k in 1..out.len() {
        let gap: String = chars
            .get(out[k - 1].end..out[k].start)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        let joined = matches!(gap.trim(), "," | "and" | "or" | ", and" | ", or");
        if joined && out[k - 1].label == Label::Loc && states.contains(&out[k].start) {
            out[k].label = Label::Loc;
        }
    }
    out
}

/// Match `gold` and `ours` of one label; returns the matched index pairs.
fn matches(gold: &[&Span], ours: &[&Span], exact: bool) -> Vec<(usize, usize)> {
    let mut used = vec![false; ours.len()];
    let mut out = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let hit = ours.iter().enumerate().position(|(oi, o)| {
            !used[oi]
                && if exact {
                    o.start == g.start && o.end == g.end
                } else {
                    overlaps((o.start, o.end), (g.start, g.end))
                }
        });
        if let Some(oi) = hit {
            used[oi] = true;
            out.push((gi, oi));
        }
    }
    out
}

/// Personal pronouns and deictic place words, which re3d annotates as
/// entities ("I", "we", "they", "here").
const PRONOUNS: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "here",
    "there",
];

/// Whether an entity's text is a pronoun or deictic word.
pub fn is_pronoun(text: &str) -> bool {
    PRONOUNS.contains(&text.trim().to_lowercase().as_str())
}

/// Score one document's predictions: per label, (overlap, exact).
pub fn score_doc(gold: &[Span], ours: &[Span]) -> BTreeMap<Label, (Prf, Prf)> {
    let nat: Vec<&Span> = gold.iter().filter(|g| g.label == Label::Nat).collect();
    let mut out = BTreeMap::new();
    for label in SCORED {
        let g: Vec<&Span> = gold.iter().filter(|s| s.label == label).collect();
        // Predictions on a gold Nationality are not scored.
        let o: Vec<&Span> = ours
            .iter()
            .filter(|s| {
                s.label == label
                    && !nat
                        .iter()
                        .any(|n| overlaps((n.start, n.end), (s.start, s.end)))
            })
            .collect();
        let prf = |m: usize| Prf {
            tp: m,
            fp: o.len() - m,
            fn_: g.len() - m,
        };
        let over = matches(&g, &o, false).len();
        let exact = matches(&g, &o, true).len();
        out.insert(label, (prf(over), prf(exact)));
    }
    out
}

/// Score the re3d directory at `path`.
pub fn run(coder: &Coder, path: &Path) -> Result<Report, EvalError> {
    Ok(score(coder, &load(path)?))
}

/// Score loaded documents.
pub fn score(coder: &Coder, docs: &[Doc]) -> Report {
    let mut per: BTreeMap<Label, (Prf, Prf)> = BTreeMap::new();
    let mut subsets: BTreeMap<&str, Prf> = BTreeMap::new();
    let mut untyped = Prf::default();
    let mut without_pronouns = Prf::default();
    let mut fn_causes = Causes::default();
    let mut fp_causes = Causes::default();
    let mut notes = Vec::new();
    let (mut gold_n, mut ours_n) = (0, 0);
    for d in docs {
        let ours = predict(coder, &d.text);
        // Diagnostics only: where our titles and sector nouns are.
        let ignored_spans: Vec<(usize, usize)> = coder
            .mentions(&d.text)
            .iter()
            .filter(|m| {
                matches!(
                    m.kind,
                    MentionKind::Title | MentionKind::Sector | MentionKind::Role
                )
            })
            .map(|m| (m.start, m.end))
            .collect();
        let nat: Vec<&Span> = d.gold.iter().filter(|s| s.label == Label::Nat).collect();
        let on_nat = |o: &Span| {
            nat.iter()
                .any(|n| overlaps((n.start, n.end), (o.start, o.end)))
        };
        let scored: Vec<&Span> = ours
            .iter()
            .filter(|s| s.label != Label::Nat && !on_nat(s))
            .collect();
        let gold: Vec<&Span> = d.gold.iter().filter(|s| s.label != Label::Nat).collect();
        let no_pronouns: Vec<Span> = d
            .gold
            .iter()
            .filter(|g| !is_pronoun(&g.text))
            .cloned()
            .collect();
        // Our spans on the left-out pronoun gold are not scored either (as
        // on a Nationality): only the names are compared.
        let on_pronoun = |o: &Span| {
            d.gold
                .iter()
                .any(|g| is_pronoun(&g.text) && overlaps((g.start, g.end), (o.start, o.end)))
        };
        let ours_names: Vec<Span> = ours.iter().filter(|o| !on_pronoun(o)).cloned().collect();
        for (o, _) in score_doc(&no_pronouns, &ours_names).values() {
            without_pronouns.add(*o);
        }
        for (label, (o, e)) in score_doc(&d.gold, &ours) {
            let slot = per.entry(label).or_default();
            slot.0.add(o);
            slot.1.add(e);
            subsets.entry(d.subset.as_str()).or_default().add(o);
        }
        // Untyped detection and causes.
        let m = matches(&gold, &scored, false);
        untyped.add(Prf {
            tp: m.len(),
            fp: scored.len() - m.len(),
            fn_: gold.len() - m.len(),
        });
        for g in &gold {
            gold_n += 1;
            let over: Vec<&&Span> = scored
                .iter()
                .filter(|o| overlaps((o.start, o.end), (g.start, g.end)))
                .collect();
            if over.iter().any(|o| o.label == g.label) {
                continue;
            }
            let demonym = ours
                .iter()
                .any(|o| o.label == Label::Nat && overlaps((o.start, o.end), (g.start, g.end)));
            let ignored = ignored_spans
                .iter()
                .any(|&(s, e)| overlaps((s, e), (g.start, g.end)));
            let name = g.label.name();
            let cause = match over.first() {
                Some(o) => format!("gold {name} tagged {}", o.label.name()),
                None if is_pronoun(&g.text) => format!("gold {name} pronoun or deictic, not found"),
                None if demonym => format!("gold {name} on our demonym (nationality, not scored)"),
                None if ignored => format!("gold {name} on our title or sector noun (not mapped)"),
                None if g.text.chars().any(char::is_uppercase) => {
                    format!("gold {name} named, not found")
                }
                None => format!("gold {name} generic (no capital), not found"),
            };
            fn_causes.add(cause.clone());
            notes.push(format!("{} {}: {cause}: {:?}", d.subset, d.id, g.text));
        }
        for o in &scored {
            ours_n += 1;
            let over: Vec<&&Span> = gold
                .iter()
                .filter(|g| overlaps((o.start, o.end), (g.start, g.end)))
                .collect();
            if over.iter().any(|g| g.label == o.label) {
                continue;
            }
            let cause = match over.first() {
                Some(g) => format!("ours {} where gold says {}", o.label.name(), g.label.name()),
                None if d.low.iter().any(|&l| overlaps(l, (o.start, o.end))) => {
                    format!("ours {} where gold is below 0.5 confidence", o.label.name())
                }
                None => format!("ours {} where gold has nothing", o.label.name()),
            };
            fp_causes.add(cause.clone());
            notes.push(format!("{} {}: {cause}: {:?}", d.subset, d.id, o.text));
        }
    }
    let (mut micro, mut micro_exact) = (Prf::default(), Prf::default());
    for (o, e) in per.values() {
        micro.add(*o);
        micro_exact.add(*e);
    }
    let mut figures = micro.figures("micro");
    figures.extend(micro_exact.figures("micro_exact"));
    for (label, (o, e)) in &per {
        figures.extend(o.figures(label.name()));
        figures.push(Figure::value(&format!("{}.f1_exact", label.name()), e.f1()));
    }
    figures.extend(untyped.figures("untyped"));
    figures.extend(without_pronouns.figures("micro_without_pronoun_gold"));
    for (subset, p) in &subsets {
        figures.push(Figure::value(&format!("subset {subset}.f1"), p.f1()));
    }
    figures.push(Figure::value("documents", docs.len() as f64));
    figures.extend(fn_causes.figures("miss", gold_n));
    figures.extend(fp_causes.figures("false", ours_n));
    Report {
        suite: "re3d".into(),
        figures,
        notes,
    }
}
