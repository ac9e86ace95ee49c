//! The gazetteer: countries, capitals, cities and first-level regions.
//!
//! The built-in places files are compiled by `build.rs` into a blob (places
//! plus a name index with candidates already ordered), so start-up decodes
//! arrays instead of parsing 35,000 rows and hashing their names. Overlay
//! places files, or a set of places files other than the built-in ones, are
//! parsed at run time by the same code (`table.rs`).

mod table;

use rustc_hash::FxHashMap;

use crate::{Kb, KbError, SourceFile};
pub(crate) use table::normalise_into;
use table::{parse_places, prominence, CompiledIndex};
pub use table::{Place, PlaceKind};

static COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

/// Places and their name index, loaded apart from the rest of the knowledge
/// (on its own thread).
#[derive(Default)]
pub(crate) struct Gazetteer {
    pub places: Vec<Place>,
    pub index: PlaceIndex,
}

/// Normalised name → candidate places, most prominent first.
#[derive(Default)]
pub(crate) struct PlaceIndex {
    compiled: CompiledIndex,
    /// Names touched at run time (overlay places, state names), each holding
    /// its full candidate list; it shadows the compiled entry of that name.
    extra: FxHashMap<String, Vec<u32>>,
}

impl PlaceIndex {
    pub fn get(&self, key: &str) -> &[u32] {
        match self.extra.get(key) {
            Some(ids) => ids,
            None => self.compiled.get(key),
        }
    }

    fn add(&mut self, key: &str, id: u32) {
        let compiled = &self.compiled;
        let ids = match self.extra.get_mut(key) {
            Some(ids) => ids,
            None => self
                .extra
                .entry(key.to_string())
                .or_insert_with(|| compiled.get(key).to_vec()),
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }

    /// Restore the candidate order of names touched at run time.
    fn sort(&mut self, places: &[Place]) {
        for ids in self.extra.values_mut() {
            ids.sort_by(|&a, &b| prominence(places, a, b));
        }
    }
}

pub(crate) fn load_all(files: &[SourceFile]) -> Result<Gazetteer, KbError> {
    let is_places = |f: &&SourceFile| f.name.starts_with("places/");
    let builtin: Vec<&SourceFile> = files
        .iter()
        .filter(is_places)
        .filter(|f| !f.overlay)
        .collect();
    let embedded = crate::embedded::FILES
        .iter()
        .filter(|(name, _)| name.starts_with("places/"));
    let unchanged = builtin.len() == embedded.clone().count()
        && builtin
            .iter()
            .zip(embedded)
            .all(|(f, (name, text))| f.name == *name && f.text == *text);
    let (mut g, to_parse): (Gazetteer, Vec<&SourceFile>) = match table::decode(COMPILED) {
        Some((places, compiled)) if unchanged => (
            Gazetteer {
                places,
                index: PlaceIndex {
                    compiled,
                    extra: FxHashMap::default(),
                },
            },
            files
                .iter()
                .filter(is_places)
                .filter(|f| f.overlay)
                .collect(),
        ),
        _ => (
            Gazetteer::default(),
            files.iter().filter(is_places).collect(),
        ),
    };
    for f in to_parse {
        for (place, keys) in parse_places(&f.name, &f.text)? {
            let idx = g.places.len() as u32;
            g.places.push(place);
            for key in &keys {
                g.index.add(key, idx);
            }
        }
    }
    Ok(g)
}

/// After all places are loaded: state names point at their country entry,
/// each state gets its representative place, and each name's candidates are
/// ordered by prominence (countries, capitals, then population).
pub(crate) fn index_places(kb: &mut Kb) {
    kb.state_place = vec![None; kb.states.len()];
    let mut country_entry: FxHashMap<&str, u32> = Default::default();
    let mut capital_entry: FxHashMap<&str, u32> = Default::default();
    for (i, p) in kb.places.iter().enumerate() {
        let Some(c) = p.country.as_deref() else {
            continue;
        };
        match p.kind {
            PlaceKind::Country => {
                country_entry.entry(c).or_insert(i as u32);
            }
            PlaceKind::Capital => {
                capital_entry.entry(c).or_insert(i as u32);
            }
            _ => {}
        }
    }
    let mut additions: Vec<(String, u32)> = Vec::new();
    for (si, st) in kb.states.iter().enumerate() {
        let country = country_entry.get(st.code.as_str()).copied();
        kb.state_place[si] = country.or_else(|| capital_entry.get(st.code.as_str()).copied());
        if let Some(ci) = country {
            for name in std::iter::once(&st.name).chain(&st.names) {
                let mut key = String::new();
                normalise_into(name, &mut key);
                additions.push((key, ci));
            }
        }
    }
    for (key, ci) in additions {
        if !kb.place_index.get(&key).contains(&ci) {
            kb.place_index.add(&key, ci);
        }
    }
    kb.place_index.sort(&kb.places);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compiled gazetteer must equal a run-time parse of the same files.
    #[test]
    fn compiled_equals_parsed() {
        let Some((places, compiled)) = table::decode(COMPILED) else {
            panic!("the compiled gazetteer does not decode");
        };
        let mut parsed_places = Vec::new();
        let mut keys = Vec::new();
        for (name, text) in crate::embedded::FILES {
            if name.starts_with("places/") {
                for (p, k) in parse_places(name, text).expect("built-in places parse") {
                    parsed_places.push(p);
                    keys.push(k);
                }
            }
        }
        assert_eq!(places, parsed_places);
        let parsed = CompiledIndex::build(&parsed_places, &keys);
        let mut n = 0;
        for (key, ids) in parsed.iter() {
            assert_eq!(compiled.get(key), ids, "{key}");
            n += 1;
        }
        assert!(n > 30_000, "{n} names");
        assert!(compiled.get("no such place anywhere").is_empty());
        // A damaged blob is refused, not misread.
        let cut = COMPILED.len() / 2;
        assert!(table::decode(&COMPILED[..cut]).is_none());
        assert!(table::decode(&table::encode(&places, &compiled)).is_some());
    }

    #[test]
    fn overlay_place_joins_the_compiled_candidates() {
        let mut files = crate::builtin_files();
        files.push(SourceFile {
            name: "places/extra.tsv".into(),
            text: format!(
                "{}\n1\tTripoli\t\tUSA\t\t40.0\t-75.0\t20000000\tcity\n",
                table::COLUMNS.join("\t")
            )
            .into(),
            overlay: true,
        });
        let g = load_all(&files).expect("loads");
        let ids = g.index.get("tripoli");
        assert!(ids.len() >= 3, "{ids:?}");
        let last = ids.last().copied().expect("candidates");
        assert_eq!(g.places[last as usize].country.as_deref(), Some("USA"));
    }
}
