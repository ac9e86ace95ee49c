//! attache's knowledge base.
//!
//! Knowledge lives in human-edited TSV files under `data/` (see
//! `data/README.md`), embedded at build time and compiled at start-up into:
//! a matcher over every actor surface form (states, IGOs, armed groups,
//! people, office titles, sector nouns) indexed by first word, the
//! people/office timeline, and the event lexicon indexed by its first word.
//! The gazetteer's places and name index are compiled by `build.rs`. A user overlay directory with the same layout wins over the
//! built-in knowledge for every surface form it defines.
//!
//! Invariants: loading is deterministic (files in path order, rows in file
//! order); a [`Kb`] is immutable after load and shared read-only across
//! threads.

use std::path::Path;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

mod actors;
pub mod check;
mod lexicon;
mod people;
pub mod petrarch;
mod places;
mod tsv;

pub use actors::{
    CaseRule, Entity, MentionMatch, NamedActor, NamedCode, Org, OrgKind, SectorTerm, State,
    StateForm, ORG_HOLDER,
};
pub use lexicon::{
    inflect_noun, inflect_verb, Lexicon, PatToken, Roles, Rule, WordSet, MASKED_WORD, TRANSPARENT,
    UNKNOWN_WORD,
};
pub use people::{Office, Person, Role};
pub use places::{Place, PlaceKind};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/kb_files.rs"));
}

/// Errors while loading knowledge.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("loading the knowledge failed: {0}")]
    Load(String),
}

/// One knowledge file: its name relative to the data root, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    /// Borrowed for the built-in files (embedded in the binary).
    pub text: std::borrow::Cow<'static, str>,
    /// True for files of a user overlay (`--kb DIR`).
    pub overlay: bool,
}

/// The built-in knowledge files, in path order.
pub fn builtin_files() -> Vec<SourceFile> {
    embedded::FILES
        .iter()
        .map(|(name, text)| SourceFile {
            name: (*name).to_string(),
            text: std::borrow::Cow::Borrowed(*text),
            overlay: false,
        })
        .collect()
}

/// The knowledge files of an overlay directory (same layout as `data/`).
pub fn overlay_files(dir: &Path) -> Result<Vec<SourceFile>, KbError> {
    let mut out = Vec::new();
    collect_overlay(dir, dir, &mut out)?;
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn collect_overlay(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) -> Result<(), KbError> {
    let io = |e| KbError::Io {
        path: dir.display().to_string(),
        source: e,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            collect_overlay(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "tsv") {
            let text = std::fs::read_to_string(&path).map_err(|e| KbError::Io {
                path: path.display().to_string(),
                source: e,
            })?;
            let name = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            out.push(SourceFile {
                name,
                text: text.into(),
                overlay: true,
            });
        }
    }
    Ok(())
}

/// PLOVER event type facts.
#[derive(Debug, Clone)]
pub struct EventType {
    pub name: String,
    pub quad: String,
    pub score: f32,
    pub modes: Vec<String>,
    pub requires_recipient: bool,
}

/// One row of the CAMEO↔PLOVER crosswalk.
#[derive(Debug, Clone)]
pub struct CameoCode {
    pub code: String,
    pub event_type: Option<String>,
    pub mode: Option<String>,
    pub context: Option<String>,
    pub name: String,
}

/// The compiled knowledge base.
pub struct Kb {
    pub states: Vec<State>,
    /// Actors from imported dictionaries (`actors/named*.tsv`).
    pub named: Vec<NamedActor>,
    pub orgs: Vec<Org>,
    pub sector_terms: Vec<SectorTerm>,
    pub offices: Vec<Office>,
    pub people: Vec<Person>,
    pub roles: Vec<Role>,
    pub places: Vec<Place>,
    pub lexicon: Lexicon,
    pub event_types: Vec<EventType>,
    pub cameo: Vec<CameoCode>,
    state_by_code: FxHashMap<String, u32>,
    org_by_code: FxHashMap<String, u32>,
    office_by_key: FxHashMap<String, u32>,
    person_by_id: FxHashMap<String, u32>,
    /// (holder, office) → role indices sorted by start.
    roles_by_post: FxHashMap<(String, u32), Vec<u32>>,
    /// person → role indices sorted by start.
    roles_by_person: Vec<Vec<u32>>,
    place_index: places::PlaceIndex,
    /// Capital (or representative) place of each state, by state index.
    state_place: Vec<Option<u32>>,
    matcher: actors::Matcher,
}

impl std::fmt::Debug for Kb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kb")
            .field("states", &self.states.len())
            .field("orgs", &self.orgs.len())
            .field("people", &self.people.len())
            .field("roles", &self.roles.len())
            .field("places", &self.places.len())
            .field("rules", &self.lexicon.rules.len())
            .finish()
    }
}

/// Counts for `attache kb stats`.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub states: usize,
    pub igos: usize,
    pub groups: usize,
    pub sector_terms: usize,
    pub offices: usize,
    pub people: usize,
    pub roles: usize,
    pub places: usize,
    pub lexicon_rules: usize,
    pub event_types: usize,
    pub cameo_codes: usize,
    pub surface_forms: usize,
}

impl Kb {
    /// The built-in knowledge.
    pub fn builtin() -> Result<Kb, KbError> {
        Kb::from_files(&builtin_files())
    }

    /// Built-in knowledge plus an optional overlay directory.
    pub fn load(overlay: Option<&Path>) -> Result<Kb, KbError> {
        let mut files = builtin_files();
        if let Some(dir) = overlay {
            files.extend(overlay_files(dir)?);
        }
        Kb::from_files(&files)
    }

    /// Compile a set of knowledge files (built-in first, overlay after).
    pub fn from_files(files: &[SourceFile]) -> Result<Kb, KbError> {
        fn by_prefix<'a>(
            files: &'a [SourceFile],
            prefix: &'a str,
        ) -> impl Iterator<Item = &'a SourceFile> {
            files.iter().filter(move |f| f.name.starts_with(prefix))
        }
        let mut kb = Kb {
            states: Vec::new(),
            named: Vec::new(),
            orgs: Vec::new(),
            sector_terms: Vec::new(),
            offices: Vec::new(),
            people: Vec::new(),
            roles: Vec::new(),
            places: Vec::new(),
            lexicon: Lexicon::default(),
            event_types: Vec::new(),
            cameo: Vec::new(),
            state_by_code: FxHashMap::default(),
            org_by_code: FxHashMap::default(),
            office_by_key: FxHashMap::default(),
            person_by_id: FxHashMap::default(),
            roles_by_post: FxHashMap::default(),
            roles_by_person: Vec::new(),
            place_index: places::PlaceIndex::default(),
            state_place: Vec::new(),
            matcher: actors::Matcher::empty(),
        };
        // The gazetteer and the event lexicon load on their own threads while
        // this one reads the actors and builds their matcher.
        std::thread::scope(|scope| -> Result<(), KbError> {
            let gazetteer = scope.spawn(|| places::load_all(files));
            let lexicon = scope.spawn(|| -> Result<_, KbError> {
                let (mut types, mut cameo, mut lexicon) =
                    (Vec::new(), Vec::new(), Lexicon::default());
                for f in by_prefix(files, "events/plover") {
                    lexicon::load_event_types(&mut types, f)?;
                }
                for f in by_prefix(files, "events/cameo") {
                    lexicon::load_cameo(&mut cameo, f)?;
                }
                for f in by_prefix(files, "events/lexicon") {
                    lexicon::load_rules(&mut lexicon, f)?;
                }
                lexicon.index();
                Ok((types, cameo, lexicon))
            });
            for f in by_prefix(files, "actors/states") {
                actors::load_states(&mut kb, f)?;
            }
            for f in by_prefix(files, "actors/igos") {
                actors::load_orgs(&mut kb, f, OrgKind::Igo)?;
            }
            for f in by_prefix(files, "actors/groups") {
                actors::load_orgs(&mut kb, f, OrgKind::Group)?;
            }
            for f in by_prefix(files, "people/offices") {
                people::load_offices(&mut kb, f)?;
            }
            for f in by_prefix(files, "actors/named") {
                actors::load_named(&mut kb, f)?;
            }
            for f in by_prefix(files, "actors/sectors") {
                actors::load_sectors(&mut kb, f)?;
            }
            for f in by_prefix(files, "people/people") {
                people::load_people(&mut kb, f)?;
            }
            for f in by_prefix(files, "people/roles") {
                people::load_roles(&mut kb, f)?;
            }
            people::index_roles(&mut kb);
            let failed = |what: &str| KbError::Load(format!("the {what} thread stopped"));
            kb.matcher = actors::Matcher::build(&kb, files)?;
            let (types, cameo, lexicon) = lexicon.join().map_err(|_| failed("lexicon"))??;
            kb.event_types = types;
            kb.cameo = cameo;
            kb.lexicon = lexicon;
            let g = gazetteer.join().map_err(|_| failed("gazetteer"))??;
            kb.places = g.places;
            kb.place_index = g.index;
            places::index_places(&mut kb);
            Ok(())
        })?;
        Ok(kb)
    }

    pub fn stats(&self) -> Stats {
        Stats {
            states: self.states.len(),
            igos: self.orgs.iter().filter(|o| o.kind == OrgKind::Igo).count(),
            groups: self
                .orgs
                .iter()
                .filter(|o| o.kind == OrgKind::Group)
                .count(),
            sector_terms: self.sector_terms.len(),
            offices: self.offices.len(),
            people: self.people.len(),
            roles: self.roles.len(),
            places: self.places.len(),
            lexicon_rules: self.lexicon.rules.len(),
            event_types: self.event_types.len(),
            cameo_codes: self.cameo.len(),
            surface_forms: self.matcher.pattern_count(),
        }
    }

    pub fn state(&self, code: &str) -> Option<&State> {
        self.state_by_code
            .get(code)
            .map(|&i| &self.states[i as usize])
    }

    pub fn state_index(&self, code: &str) -> Option<u32> {
        self.state_by_code.get(code).copied()
    }

    pub fn org(&self, code: &str) -> Option<&Org> {
        self.org_by_code.get(code).map(|&i| &self.orgs[i as usize])
    }

    pub fn office(&self, key: &str) -> Option<u32> {
        self.office_by_key.get(key).copied()
    }

    pub fn person(&self, id: &str) -> Option<u32> {
        self.person_by_id.get(id).copied()
    }

    /// Is `code` a known state or organisation code?
    pub fn is_actor_code(&self, code: &str) -> bool {
        self.state_by_code.contains_key(code) || self.org_by_code.contains_key(code)
    }

    /// Every actor surface-form match in `text` (byte offsets), leftmost-longest,
    /// on word boundaries, with the case rules of the knowledge files applied.
    pub fn find_mentions(&self, text: &str, out: &mut Vec<MentionMatch>) {
        self.matcher.find(text, &text.to_ascii_lowercase(), out);
    }

    /// [`Kb::find_mentions`] when the caller already holds
    /// `text.to_ascii_lowercase()` (same byte offsets as `text`).
    pub fn find_mentions_lower(&self, text: &str, lower: &str, out: &mut Vec<MentionMatch>) {
        debug_assert_eq!(text.len(), lower.len());
        self.matcher.find(text, lower, out);
    }

    /// The surface form (as written in the knowledge file) of a pattern.
    pub fn surface_form(&self, pattern: u32) -> &str {
        self.matcher.form(pattern)
    }

    /// The entities a matched surface form may refer to.
    pub fn entities(&self, pattern: u32) -> &[(Entity, CaseRule)] {
        self.matcher.entities(pattern)
    }

    /// Who held `office` for `holder` (ISO3 or org code) on `date`.
    pub fn holder_on(&self, holder: &str, office: u32, date: NaiveDate) -> Option<&Role> {
        let ids = self.roles_by_post.get(&(holder.to_string(), office))?;
        ids.iter()
            .map(|&i| &self.roles[i as usize])
            .rfind(|r| r.start <= date && r.end.is_none_or(|e| date <= e))
    }

    /// All role indices of a person, sorted by start.
    pub fn roles_of(&self, person: u32) -> impl Iterator<Item = &Role> {
        self.roles_by_person
            .get(person as usize)
            .into_iter()
            .flatten()
            .map(|&i| &self.roles[i as usize])
    }

    /// Roles a person held on `date`.
    pub fn roles_on(&self, person: u32, date: NaiveDate) -> impl Iterator<Item = &Role> {
        self.roles_of(person)
            .filter(move |r| r.start <= date && r.end.is_none_or(|e| date <= e))
    }

    /// Places whose name or alternate name is `name` (any case).
    pub fn places_named(&self, name: &str) -> &[u32] {
        let mut key = String::with_capacity(name.len());
        places::normalise_into(name, &mut key);
        self.place_index.get(&key)
    }

    /// Places for an already-normalised key (see [`normalise_place_name`]).
    pub fn places_by_key(&self, key: &str) -> &[u32] {
        self.place_index.get(key)
    }

    /// The representative place (capital, else country point) of a state.
    pub fn state_place(&self, state: u32) -> Option<&Place> {
        self.state_place
            .get(state as usize)
            .copied()
            .flatten()
            .map(|i| &self.places[i as usize])
    }

    pub fn event_type(&self, name: &str) -> Option<&EventType> {
        self.event_types.iter().find(|t| t.name == name)
    }

    pub fn cameo_code(&self, code: &str) -> Option<&CameoCode> {
        self.cameo.iter().find(|c| c.code == code)
    }
}

/// Normalise a place name the way the gazetteer index does (lower case,
/// folded apostrophes and dashes), appending to `out`.
pub fn normalise_place_name(name: &str, out: &mut String) {
    places::normalise_into(name, out);
}

/// Parse a knowledge-file date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) as the
/// first day (`last = false`) or last day (`last = true`) of its period.
pub fn parse_kb_date(s: &str, last: bool) -> Option<NaiveDate> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let year: i32 = parts.first()?.parse().ok()?;
    match parts.len() {
        1 => {
            if last {
                NaiveDate::from_ymd_opt(year, 12, 31)
            } else {
                NaiveDate::from_ymd_opt(year, 1, 1)
            }
        }
        2 => {
            let month: u32 = parts[1].parse().ok()?;
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            if last {
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)?
                };
                next.pred_opt()
            } else {
                Some(first)
            }
        }
        3 => NaiveDate::from_ymd_opt(year, parts[1].parse().ok()?, parts[2].parse().ok()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kb_dates() {
        assert_eq!(
            parse_kb_date("2015", false),
            NaiveDate::from_ymd_opt(2015, 1, 1)
        );
        assert_eq!(
            parse_kb_date("2015", true),
            NaiveDate::from_ymd_opt(2015, 12, 31)
        );
        assert_eq!(
            parse_kb_date("2016-02", true),
            NaiveDate::from_ymd_opt(2016, 2, 29)
        );
        assert_eq!(
            parse_kb_date("2016-02-03", true),
            NaiveDate::from_ymd_opt(2016, 2, 3)
        );
        assert_eq!(parse_kb_date("20x6", true), None);
    }

    #[test]
    fn name_spelt_like_its_code_matches_in_title_case() {
        let kb = Kb::builtin().expect("built-in knowledge loads");
        let text = "Hamas and HAMAS";
        let mut out = Vec::new();
        kb.find_mentions(text, &mut out);
        let accepted = out
            .iter()
            .filter(|m| {
                kb.matcher.entities(m.pattern).iter().any(|(_, rule)| {
                    rule.accepts(kb.matcher.form(m.pattern), &text[m.start..m.end])
                })
            })
            .count();
        assert_eq!(accepted, 2);
    }
}
