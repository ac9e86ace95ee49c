//! The gazetteer: countries, capitals, cities and first-level regions.

use crate::tsv::rows;
use crate::{Kb, KbError, SourceFile};

/// Kind of place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceKind {
    Country,
    Admin1,
    Capital,
    City,
}

/// A gazetteer entry.
#[derive(Debug, Clone)]
pub struct Place {
    pub geonameid: u64,
    pub name: String,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub kind: PlaceKind,
}

pub(crate) fn load_places(kb: &mut Gazetteer, f: &SourceFile) -> Result<(), KbError> {
    let cols = [
        "geonameid",
        "name",
        "alternates",
        "country",
        "admin1",
        "lat",
        "lon",
        "population",
        "kind",
    ];
    for row in rows(&f.name, &f.text, &cols)? {
        let num = |i: usize, what: &str| -> Result<f64, KbError> {
            row.get(i)
                .trim()
                .parse::<f64>()
                .map_err(|_| row.error(format!("bad {what} {:?}", row.get(i))))
        };
        let kind = match row.get(8).trim() {
            "country" => PlaceKind::Country,
            "admin1" => PlaceKind::Admin1,
            "capital" => PlaceKind::Capital,
            "city" => PlaceKind::City,
            other => return Err(row.error(format!("unknown place kind {other:?}"))),
        };
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let place = Place {
            geonameid: row.get(0).trim().parse().unwrap_or(0),
            name: row.get(1).trim().to_string(),
            country: opt(row.get(3)),
            admin1: opt(row.get(4)),
            lat: num(5, "latitude")?,
            lon: num(6, "longitude")?,
            population: row.get(7).trim().parse().unwrap_or(0),
            kind,
        };
        let idx = kb.places.len() as u32;
        let mut key = String::new();
        for name in std::iter::once(place.name.as_str()).chain(row.list(2)) {
            key.clear();
            normalise_into(name, &mut key);
            match kb.index.get_mut(key.as_str()) {
                Some(ids) => {
                    if !ids.contains(&idx) {
                        ids.push(idx);
                    }
                }
                None => {
                    kb.index.insert(key.clone(), vec![idx]);
                }
            }
        }
        kb.places.push(place);
    }
    Ok(())
}

/// After all places are loaded: state names point at their country entry,
/// each state gets its representative place, and each name's candidates are
/// ordered by prominence (countries, capitals, then population).
/// Places and their name index, loaded apart from the rest of the knowledge
/// (on its own thread: it is the largest part).
#[derive(Default)]
pub(crate) struct Gazetteer {
    pub places: Vec<Place>,
    pub index: rustc_hash::FxHashMap<String, Vec<u32>>,
}

pub(crate) fn load_all(files: &[SourceFile]) -> Result<Gazetteer, KbError> {
    let mut g = Gazetteer::default();
    // About four names per place: size the index once.
    let bytes: usize = files
        .iter()
        .filter(|f| f.name.starts_with("places/"))
        .map(|f| f.text.len())
        .sum();
    g.index.reserve(bytes / 16);
    for f in files.iter().filter(|f| f.name.starts_with("places/")) {
        load_places(&mut g, f)?;
    }
    Ok(g)
}

pub(crate) fn index_places(kb: &mut Kb) {
    kb.state_place = vec![None; kb.states.len()];
    let mut country_entry: rustc_hash::FxHashMap<&str, u32> = Default::default();
    let mut capital_entry: rustc_hash::FxHashMap<&str, u32> = Default::default();
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
        let ids = kb.place_index.entry(key).or_default();
        if !ids.contains(&ci) {
            ids.push(ci);
        }
    }
    let places = &kb.places;
    for ids in kb.place_index.values_mut() {
        ids.sort_by(|&a, &b| {
            let (pa, pb) = (&places[a as usize], &places[b as usize]);
            pa.kind
                .cmp(&pb.kind)
                .then(pb.population.cmp(&pa.population))
                .then(a.cmp(&b))
        });
    }
}

/// Lower case, curly apostrophes folded, dashes folded, inner spaces single.
pub(crate) fn normalise_into(name: &str, out: &mut String) {
    let mut space = false;
    for c in name.trim().chars() {
        let c = match c {
            '’' | '‘' | '`' => '\'',
            '–' | '—' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
}
