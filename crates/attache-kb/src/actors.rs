//! States, organisations, sector nouns, and the automaton over all actor
//! surface forms.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
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

    fn looser_than(self, other: CaseRule) -> bool {
        let rank = |r: CaseRule| match r {
            CaseRule::Any => 0,
            CaseRule::Capitalized => 1,
            CaseRule::Exact => 2,
        };
        rank(self) < rank(other)
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

/// The compiled automaton over every actor surface form.
pub(crate) struct Matcher {
    automaton: Option<AhoCorasick>,
    forms: Vec<String>,
    entities: Vec<Vec<(Entity, CaseRule)>>,
}

impl Matcher {
    pub(crate) fn empty() -> Matcher {
        Matcher {
            automaton: None,
            forms: Vec::new(),
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
                    // A name spelt like its upper-case code ("Hamas", code
                    // HAMAS) keeps the name's looser case rule.
                    Some((_, r)) => {
                        if rule.looser_than(*r) {
                            *r = rule;
                        }
                    }
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
        // The automaton runs over ASCII-lower-cased text (same byte offsets):
        // cheaper to build and to run than a case-insensitive automaton.
        let lowered: Vec<String> = forms.iter().map(|f| f.to_ascii_lowercase()).collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .dense_depth(1)
            .build(&lowered)
            .map_err(|e| KbError::Automaton(e.to_string()))?;
        Ok(Matcher {
            automaton: Some(automaton),
            forms,
            entities: surfaces.into_iter().map(|s| s.entities).collect(),
        })
    }

    /// `lower` is `text.to_ascii_lowercase()`.
    pub(crate) fn find(&self, text: &str, lower: &str, out: &mut Vec<MentionMatch>) {
        let Some(ac) = &self.automaton else { return };
        let bytes = text.as_bytes();
        for m in ac.find_iter(lower) {
            let (start, end) = (m.start(), m.end());
            if !is_boundary_before(text, start) || !is_boundary_after(bytes, text, end) {
                continue;
            }
            let pattern = m.pattern().as_u32();
            let form = &self.forms[pattern as usize];
            let words = &text[start..end];
            let any_case_ok = self.entities[pattern as usize]
                .iter()
                .any(|(_, rule)| rule.accepts(form, words));
            if any_case_ok {
                out.push(MentionMatch {
                    start,
                    end,
                    pattern,
                });
            }
        }
    }
}

/// Holder indices with this bit set refer to organisations, not states.
pub const ORG_HOLDER: u32 = 1 << 31;

fn is_boundary_before(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn is_boundary_after(bytes: &[u8], text: &str, end: usize) -> bool {
    if end >= bytes.len() {
        return true;
    }
    text[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
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
