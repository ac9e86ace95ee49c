//! Gazetteer rows and their compiled form. Shared by the runtime loader and
//! `build.rs` (included there by path), so the build-time compilation and
//! the run-time parse of an overlay read rows the same way.
//!
//! The compiled form is one little-endian byte blob: the places in file
//! order, then a name index (key arena, key spans, candidate ids ordered by
//! prominence, open-addressing slots keyed by [`key_hash`]).

use crate::tsv::rows;
use crate::KbError;

/// Kind of place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceKind {
    Country,
    Admin1,
    Capital,
    City,
}

impl PlaceKind {
    #[allow(dead_code)] // used by build.rs
    fn code(self) -> u8 {
        match self {
            PlaceKind::Country => 0,
            PlaceKind::Admin1 => 1,
            PlaceKind::Capital => 2,
            PlaceKind::City => 3,
        }
    }

    fn from_code(code: u8) -> Option<PlaceKind> {
        Some(match code {
            0 => PlaceKind::Country,
            1 => PlaceKind::Admin1,
            2 => PlaceKind::Capital,
            3 => PlaceKind::City,
            _ => return None,
        })
    }
}

/// A gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
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

/// Columns every places file starts with.
pub const COLUMNS: [&str; 9] = [
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

/// Parse one places file: each place with the normalised keys of its name
/// and alternate names (no key twice).
pub fn parse_places(file: &str, text: &str) -> Result<Vec<(Place, Vec<String>)>, KbError> {
    let mut out = Vec::new();
    for row in rows(file, text, &COLUMNS)? {
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
        let mut keys: Vec<String> = Vec::new();
        for name in std::iter::once(place.name.as_str()).chain(row.list(2)) {
            let mut key = String::with_capacity(name.len());
            normalise_into(name, &mut key);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        out.push((place, keys));
    }
    Ok(out)
}

/// Lower case, curly apostrophes folded, dashes folded, inner spaces single.
pub fn normalise_into(name: &str, out: &mut String) {
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

/// Candidate order for one name: countries, regions, capitals, cities;
/// then larger population; then file order.
pub fn prominence(places: &[Place], a: u32, b: u32) -> std::cmp::Ordering {
    let (pa, pb) = (&places[a as usize], &places[b as usize]);
    pa.kind
        .cmp(&pb.kind)
        .then(pb.population.cmp(&pa.population))
        .then(a.cmp(&b))
}

/// FNV-1a: fixed across builds and platforms (the slots are computed at
/// build time and probed at run time).
pub fn key_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

const MAGIC: &[u8; 8] = b"ATTGAZ01";

/// The name index of the compiled gazetteer.
#[derive(Debug, Default)]
pub struct CompiledIndex {
    /// All keys, one after another.
    pub arena: String,
    /// Per key: arena start, arena length, ids start, ids length.
    pub spans: Vec<[u32; 4]>,
    pub ids: Vec<u32>,
    /// Power-of-two table of key number + 1 (0: empty).
    pub slots: Vec<u32>,
}

impl CompiledIndex {
    /// Index places and their keys (ids ordered by [`prominence`]).
    #[allow(dead_code)] // used by build.rs and tests
    pub fn build(places: &[Place], keys: &[Vec<String>]) -> CompiledIndex {
        let mut by_key: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
        for (i, ks) in keys.iter().enumerate() {
            for k in ks {
                by_key.entry(k.as_str()).or_default().push(i as u32);
            }
        }
        let mut index = CompiledIndex::default();
        for (key, mut ids) in by_key {
            ids.sort_by(|&a, &b| prominence(places, a, b));
            index.spans.push([
                index.arena.len() as u32,
                key.len() as u32,
                index.ids.len() as u32,
                ids.len() as u32,
            ]);
            index.arena.push_str(key);
            index.ids.extend(ids);
        }
        let size = (index.spans.len() * 2).next_power_of_two().max(2);
        index.slots = vec![0; size];
        for n in 0..index.spans.len() {
            let key = index.key(n);
            let mut i = key_hash(key) as usize & (size - 1);
            while index.slots[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            index.slots[i] = n as u32 + 1;
        }
        index
    }

    fn key(&self, n: usize) -> &str {
        let [start, len, _, _] = self.spans[n];
        self.arena
            .get(start as usize..(start + len) as usize)
            .unwrap_or("")
    }

    /// Candidate places for a normalised key.
    pub fn get(&self, key: &str) -> &[u32] {
        if self.slots.is_empty() {
            return &[];
        }
        let mask = self.slots.len() - 1;
        let mut i = key_hash(key) as usize & mask;
        loop {
            let n = self.slots[i];
            if n == 0 {
                return &[];
            }
            let n = n as usize - 1;
            if self.key(n) == key {
                let [_, _, start, len] = self.spans[n];
                return self
                    .ids
                    .get(start as usize..(start + len) as usize)
                    .unwrap_or(&[]);
            }
            i = (i + 1) & mask;
        }
    }

    /// Every key with its candidates.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u32])> {
        (0..self.spans.len()).map(|n| {
            let [_, _, start, len] = self.spans[n];
            (
                self.key(n),
                self.ids
                    .get(start as usize..(start + len) as usize)
                    .unwrap_or(&[]),
            )
        })
    }
}

/// Serialise places and their index.
#[allow(dead_code)] // used by build.rs
pub fn encode(places: &[Place], index: &CompiledIndex) -> Vec<u8> {
    fn u32s(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn text(out: &mut Vec<u8>, s: &str) {
        u32s(out, s.len() as u32);
        out.extend_from_slice(s.as_bytes());
    }
    let mut out = Vec::with_capacity(4 << 20);
    out.extend_from_slice(MAGIC);
    u32s(&mut out, places.len() as u32);
    for p in places {
        out.extend_from_slice(&p.geonameid.to_le_bytes());
        text(&mut out, &p.name);
        text(&mut out, p.country.as_deref().unwrap_or(""));
        text(&mut out, p.admin1.as_deref().unwrap_or(""));
        out.extend_from_slice(&p.lat.to_le_bytes());
        out.extend_from_slice(&p.lon.to_le_bytes());
        out.extend_from_slice(&p.population.to_le_bytes());
        out.push(p.kind.code());
    }
    text(&mut out, &index.arena);
    u32s(&mut out, index.spans.len() as u32 * 4);
    for span in &index.spans {
        span.iter().for_each(|&v| u32s(&mut out, v));
    }
    u32s(&mut out, index.ids.len() as u32);
    index.ids.iter().for_each(|&v| u32s(&mut out, v));
    u32s(&mut out, index.slots.len() as u32);
    index.slots.iter().for_each(|&v| u32s(&mut out, v));
    out
}

/// Read what [`encode`] wrote; `None` on any inconsistency.
pub fn decode(blob: &[u8]) -> Option<(Vec<Place>, CompiledIndex)> {
    struct Reader<'a>(&'a [u8]);
    impl<'a> Reader<'a> {
        fn take(&mut self, n: usize) -> Option<&'a [u8]> {
            let (head, rest) = self.0.split_at_checked(n)?;
            self.0 = rest;
            Some(head)
        }
        fn u32(&mut self) -> Option<u32> {
            Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
        }
        fn u64(&mut self) -> Option<u64> {
            Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
        }
        fn f64(&mut self) -> Option<f64> {
            Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
        }
        fn text(&mut self) -> Option<&'a str> {
            let n = self.u32()? as usize;
            std::str::from_utf8(self.take(n)?).ok()
        }
        fn u32s(&mut self) -> Option<Vec<u32>> {
            let n = self.u32()? as usize;
            let bytes = self.take(n.checked_mul(4)?)?;
            Some(
                bytes
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect(),
            )
        }
    }
    let mut r = Reader(blob);
    if r.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let n = r.u32()? as usize;
    let mut places = Vec::with_capacity(n);
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    for _ in 0..n {
        let geonameid = r.u64()?;
        let name = r.text()?.to_string();
        let country = opt(r.text()?);
        let admin1 = opt(r.text()?);
        let lat = r.f64()?;
        let lon = r.f64()?;
        let population = r.u64()?;
        let kind = PlaceKind::from_code(*r.take(1)?.first()?)?;
        places.push(Place {
            geonameid,
            name,
            country,
            admin1,
            lat,
            lon,
            population,
            kind,
        });
    }
    let arena = r.text()?.to_string();
    let spans = r
        .u32s()?
        .chunks_exact(4)
        .map(|c| [c[0], c[1], c[2], c[3]])
        .collect();
    let ids = r.u32s()?;
    let slots = r.u32s()?;
    if !r.0.is_empty() || !slots.len().is_power_of_two() {
        return None;
    }
    let index = CompiledIndex {
        arena,
        spans,
        ids,
        slots,
    };
    // Every id must name a place, every span lie inside its arrays.
    let ok = index.spans.iter().all(|&[ks, kl, is, il]| {
        index.arena.get(ks as usize..(ks + kl) as usize).is_some()
            && index
                .ids
                .get(is as usize..(is + il) as usize)
                .is_some_and(|ids| ids.iter().all(|&id| (id as usize) < places.len()))
    }) && index.slots.iter().all(|&n| n as usize <= index.spans.len());
    ok.then_some((places, index))
}
