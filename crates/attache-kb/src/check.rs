//! `attache kb check`: consistency checks over the knowledge files.

use rustc_hash::FxHashMap;

use crate::{parse_kb_date, Entity, Kb, KbError, SourceFile};

/// One problem found, with the file and line to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

const SECTORS: &[&str] = &[
    "AGR", "BUS", "COP", "CRM", "CVL", "EDU", "ELI", "GOV", "JRN", "JUD", "LAB", "LEG", "MED",
    "MIL", "OPP", "PRE", "PRM", "PTY", "REB", "REF", "REL", "SOC", "SPY", "UAF", "UNK",
];

/// Check a set of knowledge files; an empty result means they pass.
pub fn check(files: &[SourceFile]) -> Vec<Problem> {
    let kb = match Kb::from_files(files) {
        Ok(kb) => kb,
        Err(KbError::Invalid {
            file,
            line,
            message,
        }) => {
            return vec![Problem {
                file,
                line,
                message,
            }]
        }
        Err(e) => {
            return vec![Problem {
                file: String::new(),
                line: 0,
                message: e.to_string(),
            }]
        }
    };
    let mut out = Vec::new();
    check_sorted(files, &mut out);
    check_codes(&kb, files, &mut out);
    check_aliases(&kb, files, &mut out);
    check_terms(&kb, &mut out);
    check_lexicon(&kb, &mut out);
    out
}

/// Rows must be sorted by their first column, as the format says.
fn check_sorted(files: &[SourceFile], out: &mut Vec<Problem>) {
    for f in files {
        let mut prev: Option<(String, String)> = None;
        let mut header = true;
        for (i, line) in f.text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if header {
                header = false;
                continue;
            }
            let mut cells = line.split('\t');
            let key = (
                cells.next().unwrap_or("").to_string(),
                cells.next().unwrap_or("").to_string(),
            );
            if let Some(p) = &prev {
                if key.0 < p.0 {
                    out.push(Problem {
                        file: f.name.clone(),
                        line: i + 1,
                        message: format!("not sorted: {:?} comes after {:?}", key.0, p.0),
                    });
                }
            }
            if line.ends_with(' ') || line.contains(" \t") || line.contains("\t ") {
                out.push(Problem {
                    file: f.name.clone(),
                    line: i + 1,
                    message: "stray space around a cell".into(),
                });
            }
            prev = Some(key);
        }
    }
}

fn line_of(files: &[SourceFile], prefix: &str, first_cell: &str) -> (String, usize) {
    for f in files.iter().filter(|f| f.name.starts_with(prefix)) {
        for (i, line) in f.text.lines().enumerate() {
            if line.split('\t').next() == Some(first_cell) {
                return (f.name.clone(), i + 1);
            }
        }
    }
    (prefix.to_string(), 0)
}

fn check_codes(kb: &Kb, files: &[SourceFile], out: &mut Vec<Problem>) {
    for org in &kb.orgs {
        let mut bad = Vec::new();
        if let Some(p) = &org.parent {
            if kb.org(p).is_none() {
                bad.push(format!("{}: unknown parent {p}", org.code));
            }
        }
        if let Some(c) = &org.country {
            if kb.state(c).is_none() {
                bad.push(format!("{}: unknown country {c}", org.code));
            }
        }
        if let Some(s) = &org.sector {
            if !SECTORS.contains(&s.as_str()) {
                bad.push(format!("{}: unknown sector {s}", org.code));
            }
        }
        for message in bad {
            let (file, line) = line_of(files, "actors/", &org.code);
            out.push(Problem {
                file,
                line,
                message,
            });
        }
    }
    for t in &kb.sector_terms {
        if !SECTORS.contains(&t.sector.as_str()) {
            let (file, line) = line_of(files, "actors/sectors", &t.term);
            out.push(Problem {
                file,
                line,
                message: format!("{}: unknown sector {}", t.term, t.sector),
            });
        }
    }
    for p in &kb.people {
        if let Some(c) = &p.country {
            if !kb.is_actor_code(c) {
                let (file, line) = line_of(files, "people/people", &p.id);
                out.push(Problem {
                    file,
                    line,
                    message: format!("{}: unknown country {c}", p.id),
                });
            }
        }
    }
    // Dates out of order and overlapping terms in one office.
    let mut posts: FxHashMap<(&str, u32), Vec<usize>> = FxHashMap::default();
    for (i, r) in kb.roles.iter().enumerate() {
        if let Some(end) = r.end {
            if end < r.start {
                out.push(Problem {
                    file: r.origin.0.clone(),
                    line: r.origin.1,
                    message: format!("ends ({end}) before it starts ({})", r.start),
                });
            }
        }
        posts
            .entry((r.holder.as_str(), r.office))
            .or_default()
            .push(i);
    }
    let mut keys: Vec<_> = posts.keys().copied().collect();
    keys.sort();
    for key in keys {
        let mut ids = posts[&key].clone();
        ids.sort_by_key(|&i| (kb.roles[i].start, i));
        for w in ids.windows(2) {
            let (a, b) = (&kb.roles[w[0]], &kb.roles[w[1]]);
            // Overlap only when it is certain: the earliest day the first
            // term can have ended is after the latest day the next can have
            // started. A same-day or same-month handover written with month
            // precision is not a conflict.
            let overlap = match a.end {
                None => true,
                Some(_) => {
                    let end_lo = parse_kb_date(&a.written.1, false);
                    let start_hi = parse_kb_date(&b.written.0, true);
                    matches!((end_lo, start_hi), (Some(e), Some(s)) if e > s)
                }
            };
            if overlap && a.person != b.person {
                out.push(Problem {
                    file: b.origin.0.clone(),
                    line: b.origin.1,
                    message: format!(
                        "{} {} of {}: term from {} overlaps {}'s term ({}:{})",
                        kb.people[b.person as usize].id,
                        kb.offices[b.office as usize].key,
                        b.holder,
                        b.start,
                        kb.people[a.person as usize].id,
                        a.origin.0,
                        a.origin.1
                    ),
                });
            }
        }
    }
}

/// A surface form naming two different states, or a state and an
/// organisation, or two organisations, is a conflict.
fn check_aliases(kb: &Kb, files: &[SourceFile], out: &mut Vec<Problem>) {
    for p in 0..kb.matcher.pattern_count() as u32 {
        let ents = kb.entities(p);
        // Forms told apart by case ("GUAM" the organisation, "Guam" the
        // territory) are not in conflict: compare within one case rule.
        let actors: Vec<(&Entity, crate::CaseRule)> = ents
            .iter()
            .filter(|(e, _)| matches!(e, Entity::State { .. } | Entity::Org { weak: false, .. }))
            .map(|(e, r)| (e, *r))
            .collect();
        let distinct = |a: &Entity, b: &Entity| match (a, b) {
            (Entity::State { state: x, .. }, Entity::State { state: y, .. }) => x != y,
            // Groups of different home countries share a name by design
            // ("Al-Wefaq" in Libya and Bahrain): the document's countries decide.
            (Entity::Org { org: x, .. }, Entity::Org { org: y, .. }) => {
                let (a, b) = (&kb.orgs[*x as usize], &kb.orgs[*y as usize]);
                x != y && !(a.country.is_some() && b.country.is_some() && a.country != b.country)
            }
            _ => true,
        };
        let conflict = actors.iter().enumerate().any(|(i, a)| {
            actors[i + 1..]
                .iter()
                .any(|b| a.1 == b.1 && distinct(a.0, b.0))
        });
        if conflict {
            let form = kb.matcher.form(p);
            let names: Vec<String> = actors.iter().map(|(e, _)| describe(kb, e)).collect();
            let (file, line) = find_form(files, form);
            out.push(Problem {
                file,
                line,
                message: format!("{form:?} names several actors: {}", names.join(", ")),
            });
        }
    }
}

fn describe(kb: &Kb, e: &Entity) -> String {
    match e {
        Entity::State { state, .. } => kb.states[*state as usize].code.clone(),
        Entity::Org { org, .. } => kb.orgs[*org as usize].code.clone(),
        Entity::Person { person } => kb.people[*person as usize].id.clone(),
        Entity::Named { named } => kb.named[*named as usize].name.clone(),
        Entity::Title { office, .. } => kb.offices[*office as usize].key.clone(),
        Entity::Sector { term } => kb.sector_terms[*term as usize].term.clone(),
    }
}

fn find_form(files: &[SourceFile], form: &str) -> (String, usize) {
    let lower = form.to_lowercase();
    let mut hits = Vec::new();
    for f in files.iter().filter(|f| f.name.starts_with("actors/")) {
        for (i, line) in f.text.lines().enumerate() {
            let found = line
                .split('\t')
                .skip(1)
                .flat_map(|c| c.split('|'))
                .any(|item| item.trim().to_lowercase() == lower);
            if found {
                hits.push((f.name.clone(), i + 1));
            }
        }
    }
    // Name the later line: that is where the conflict was introduced.
    hits.pop().unwrap_or_default()
}

fn check_terms(kb: &Kb, out: &mut Vec<Problem>) {
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    for (i, t) in kb.sector_terms.iter().enumerate() {
        if let Some(prev) = seen.insert(t.term.to_lowercase(), i) {
            if kb.sector_terms[prev].sector != t.sector {
                out.push(Problem {
                    file: "actors/sectors.tsv".into(),
                    line: 0,
                    message: format!(
                        "term {:?} has two sectors: {} and {}",
                        t.term, kb.sector_terms[prev].sector, t.sector
                    ),
                });
            }
        }
    }
}

fn check_lexicon(kb: &Kb, out: &mut Vec<Problem>) {
    for r in &kb.lexicon.rules {
        let mut bad = Vec::new();
        match kb.event_type(&r.event_type) {
            None if !kb.event_types.is_empty() => {
                bad.push(format!("{}: unknown event type {}", r.id, r.event_type))
            }
            Some(t) => {
                if let Some(m) = &r.mode {
                    if !t.modes.iter().any(|x| x == m) {
                        bad.push(format!("{}: {} has no mode {m}", r.id, r.event_type));
                    }
                }
            }
            None => {}
        }
        if let Some(c) = &r.cameo {
            if !kb.cameo.is_empty() && kb.cameo_code(c).is_none() {
                bad.push(format!("{}: unknown CAMEO code {c}", r.id));
            }
        }
        for message in bad {
            out.push(Problem {
                file: r.origin.0.clone(),
                line: r.origin.1,
                message,
            });
        }
    }
}
