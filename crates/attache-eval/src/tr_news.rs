//! The `tr-news` suite: toponym resolution on TR-News (`<article docid=>`
//! with `<text>` and `<toponym>` elements: `phrase`, character
//! `start`/`end`, and a `gaztag` with GeoNames id, name, feature class and
//! code, `lat`/`lon` and `country`).
//!
//! Each article's text goes through [`Coder::places`]. A gold toponym is
//! **detected** when one of our places overlaps its span; the overlapping
//! place with the largest overlap is its answer.
//!
//! - Gold offsets: in a few articles the published offsets drift by a few
//!   characters from the text; when `text[start..end]` is not the phrase,
//!   the occurrence of the phrase nearest to `start` (within 40 characters)
//!   is used instead (`offsets_realigned`); if none is found the offsets
//!   are kept as given.
//! - **Gold country**: the gold `country` name mapped to ISO3 through the
//!   knowledge base's state names and aliases; failing that, the state whose
//!   gazetteer country entry has the gold country's GeoNames id; failing
//!   that, the country of the nearest gazetteer place within 50 km of the
//!   gold point. Toponyms without a country (seas, continents) are left out
//!   of country accuracy.
//! - **country_accuracy** / **within_161km** (accuracy@161 km, haversine
//!   between our and the gold coordinates) are given **of detected** (the
//!   denominator is the gold toponyms we detected: how well we resolve what
//!   we find, the usual geoparsing measure) and **of all** (an undetected
//!   toponym counts as an error). An answer with the gold GeoNames id
//!   counts as within 161 km whatever coordinates each side stored for it
//!   (GeoNames moved the representative points of large countries such as
//!   Russia and Canada between versions); `within_161km_raw_coordinates`
//!   compares coordinates only. The headline figures are *of detected*;
//!   `detection_recall` says how much of the gold is covered.
//! - `detection_recall` uses every gold toponym, with or without a
//!   gazetteer tag; `detection_precision` is the share of our places that
//!   overlap a gold toponym (TR-News does not tag every place, so this is a
//!   floor).

use std::collections::HashMap;
use std::path::Path;

use attache_code::{Coder, PlaceName};
use attache_kb::{Kb, PlaceKind};
use chrono::NaiveDate;

use crate::xml;
use crate::{overlaps, read, Causes, EvalError, Figure, Report};

/// A gold toponym, character offsets into the article text.
#[derive(Debug, Clone, PartialEq)]
pub struct Toponym {
    pub phrase: String,
    pub start: usize,
    pub end: usize,
    pub gaz: Option<Gaz>,
}

/// The gazetteer tag of a gold toponym.
#[derive(Debug, Clone, PartialEq)]
pub struct Gaz {
    pub geonameid: Option<u64>,
    pub name: String,
    pub fclass: String,
    pub fcode: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub country: Option<String>,
    pub country_geonameid: Option<u64>,
}

/// One article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: String,
    pub published: Option<NaiveDate>,
    pub text: String,
    pub toponyms: Vec<Toponym>,
}

fn num<T: std::str::FromStr>(hay: &str, name: &str) -> Option<T> {
    xml::child_text(hay, name).and_then(|s| s.parse().ok())
}

/// Parse the corpus.
pub fn parse(hay: &str) -> Vec<Article> {
    xml::elements(hay, "article")
        .iter()
        .map(|a| {
            let text = xml::first(a.inner, "text")
                .map(|t| t.text())
                .unwrap_or_default();
            let toponyms = xml::elements(a.inner, "toponym")
                .iter()
                .filter_map(|t| {
                    let gaz = xml::first(t.inner, "gaztag").map(|g| {
                        let country = xml::first(g.inner, "country");
                        Gaz {
                            geonameid: g.attr("geonameid").and_then(|s| s.trim().parse().ok()),
                            name: xml::child_text(g.inner, "name").unwrap_or_default(),
                            fclass: xml::child_text(g.inner, "fclass").unwrap_or_default(),
                            fcode: xml::child_text(g.inner, "fcode").unwrap_or_default(),
                            lat: num(g.inner, "lat"),
                            lon: num(g.inner, "lon"),
                            country: country
                                .map(|c| c.text().trim().to_string())
                                .filter(|c| !c.is_empty()),
                            country_geonameid: country
                                .and_then(|c| c.attr("geonameid"))
                                .and_then(|s| s.trim().parse().ok()),
                        }
                    });
                    Some(Toponym {
                        phrase: xml::child_text(t.inner, "phrase")?,
                        start: num(t.inner, "start")?,
                        end: num(t.inner, "end")?,
                        gaz,
                    })
                })
                .collect();
            Article {
                id: a.attr("docid").unwrap_or_default(),
                published: xml::child_text(a.inner, "dltime").and_then(|d| {
                    NaiveDate::parse_from_str(d.get(..10).unwrap_or(&d), "%Y-%m-%d").ok()
                }),
                text,
                toponyms,
            }
        })
        .collect()
}

/// The gold span in characters: as given when it slices to the phrase,
/// else the nearest occurrence of the phrase within 40 characters.
/// Returns the span and whether it was moved.
pub fn align(chars: &[char], t: &Toponym) -> (usize, usize, bool) {
    let phrase: Vec<char> = t.phrase.chars().collect();
    if chars.get(t.start..t.end) == Some(&phrase[..]) {
        return (t.start, t.end, false);
    }
    if phrase.is_empty() || phrase.len() > chars.len() {
        return (t.start, t.end, false);
    }
    let lo = t.start.saturating_sub(40);
    let hi = (t.start + 40).min(chars.len() - phrase.len());
    (lo..=hi)
        .filter(|&i| chars[i..i + phrase.len()] == phrase[..])
        .min_by_key(|&i| i.abs_diff(t.start))
        .map_or((t.start, t.end, false), |i| (i, i + phrase.len(), true))
}

/// Great-circle distance in kilometres.
pub fn haversine(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

/// Gold country name → ISO3, from the knowledge base.
struct Countries<'a> {
    kb: &'a Kb,
    by_name: HashMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Name,
    GeonameId,
    Nearest,
}

impl<'a> Countries<'a> {
    fn new(kb: &'a Kb) -> Self {
        let mut by_name = HashMap::new();
        for s in &kb.states {
            for n in std::iter::once(&s.name).chain(s.names.iter()) {
                by_name
                    .entry(n.to_lowercase())
                    .or_insert_with(|| s.code.clone());
            }
        }
        Countries { kb, by_name }
    }

    fn iso3(&self, g: &Gaz) -> Option<(String, Via)> {
        let name = g.country.as_deref()?;
        if let Some(c) = self.by_name.get(&name.to_lowercase()) {
            return Some((c.clone(), Via::Name));
        }
        if let Some(id) = g.country_geonameid.filter(|&i| i != 0) {
            let hit = self
                .kb
                .places
                .iter()
                .find(|p| p.kind == PlaceKind::Country && p.geonameid == id)
                .and_then(|p| p.country.clone());
            if let Some(c) = hit {
                return Some((c, Via::GeonameId));
            }
        }
        let (lat, lon) = (g.lat?, g.lon?);
        self.kb
            .places
            .iter()
            .filter(|p| p.country.is_some())
            .map(|p| (haversine(lat, lon, p.lat, p.lon), p))
            .filter(|(d, _)| *d <= 50.0)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .and_then(|(_, p)| p.country.clone())
            .map(|c| (c, Via::Nearest))
    }
}

/// The class of a gold GeoNames feature, for describing misses.
pub fn feature_class(g: &Gaz) -> &'static str {
    match (g.fclass.as_str(), g.fcode.as_str()) {
        (_, c) if c.starts_with("PCL") => "country",
        ("A", "ADM1") => "admin1",
        ("A", _) => "admin2+",
        ("P", _) => "city",
        ("H", _) => "water",
        ("L", _) => "region",
        ("S", _) => "building",
        ("T", _) => "terrain",
        _ => "other",
    }
}

/// Score the corpus at `path`.
pub fn run(coder: &Coder, path: &Path) -> Result<Report, EvalError> {
    let articles = parse(&read(path)?);
    if articles.is_empty() {
        return Err(EvalError::format(path, 0, "no <article> elements"));
    }
    Ok(score(coder, &articles))
}

/// Score parsed articles.
pub fn score(coder: &Coder, articles: &[Article]) -> Report {
    let countries = Countries::new(coder.kb());
    let (mut gold_all, mut detected_all) = (0, 0);
    let (mut ours_n, mut ours_hit) = (0, 0);
    let (mut realigned, mut country_via) = (0, [0usize; 3]);
    // (ok, detected, all)
    let mut country = (0, 0, 0);
    let mut near = (0, 0, 0);
    let mut near_raw = 0;
    let mut geoname = (0, 0);
    let mut errors: Vec<f64> = Vec::new();
    let mut causes = Causes::default();
    let mut notes = Vec::new();
    for a in articles {
        let chars: Vec<char> = a.text.chars().collect();
        let ours: Vec<PlaceName> = coder.places(&a.text);
        let spans: Vec<(usize, usize, bool)> =
            a.toponyms.iter().map(|t| align(&chars, t)).collect();
        realigned += spans.iter().filter(|s| s.2).count();
        ours_n += ours.len();
        ours_hit += ours
            .iter()
            .filter(|p| {
                spans
                    .iter()
                    .any(|&(s, e, _)| overlaps((p.start, p.end), (s, e)))
            })
            .count();
        for (t, &(s, e, _)) in a.toponyms.iter().zip(&spans) {
            gold_all += 1;
            let answer = ours
                .iter()
                .filter(|p| overlaps((p.start, p.end), (s, e)))
                .max_by_key(|p| p.end.min(e) - p.start.max(s));
            detected_all += usize::from(answer.is_some());
            let Some(g) = &t.gaz else { continue };
            let fclass = feature_class(g);
            if answer.is_none() {
                causes.add(format!("not detected: {fclass}"));
                notes.push(format!(
                    "{}: not detected {:?} ({} {})",
                    a.id, t.phrase, g.name, g.fcode
                ));
            }
            if let Some((iso, via)) = countries.iso3(g) {
                country_via[via as usize] += 1;
                country.2 += 1;
                if let Some(p) = answer {
                    country.1 += 1;
                    if p.country.as_deref() == Some(iso.as_str()) {
                        country.0 += 1;
                    } else {
                        causes.add(format!("wrong country: gold {fclass} -> ours {}", p.kind));
                        notes.push(format!(
                            "{}: {:?} country {iso} got {:?} ({} {})",
                            a.id, t.phrase, p.country, p.name, p.kind
                        ));
                    }
                }
            }
            if let (Some(lat), Some(lon)) = (g.lat, g.lon) {
                near.2 += 1;
                if let Some(p) = answer {
                    near.1 += 1;
                    let raw = haversine(lat, lon, p.lat, p.lon);
                    near_raw += usize::from(raw <= 161.0);
                    // The same GeoNames entry is the right answer wherever
                    // its representative point was stored.
                    let same = g.geonameid.is_some() && p.geonameid == g.geonameid;
                    let d = if same { 0.0 } else { raw };
                    errors.push(d);
                    if d <= 161.0 {
                        near.0 += 1;
                    } else {
                        causes.add(format!("over 161 km: gold {fclass} -> ours {}", p.kind));
                        notes.push(format!(
                            "{}: {:?} is {} ({lat},{lon}) got {} {} ({},{}) {d:.0} km",
                            a.id, t.phrase, g.name, p.name, p.kind, p.lat, p.lon
                        ));
                    }
                    geoname.1 += 1;
                    if g.geonameid.is_some() && p.geonameid == g.geonameid {
                        geoname.0 += 1;
                    }
                }
            }
        }
    }
    errors.sort_by(f64::total_cmp);
    let median = errors.get(errors.len() / 2).copied().unwrap_or(0.0);
    let mut figures = vec![
        Figure::share("country_accuracy", country.0, country.1),
        Figure::share("within_161km", near.0, near.1),
        Figure::share("country_accuracy_of_all", country.0, country.2),
        Figure::share("within_161km_of_all", near.0, near.2),
        Figure::share("within_161km_raw_coordinates", near_raw, near.1),
        Figure::share("geonameid_exact", geoname.0, geoname.1),
        Figure::value("median_error_km", median),
        Figure::share("detection_recall", detected_all, gold_all),
        Figure::share("detection_precision", ours_hit, ours_n),
        Figure::value("offsets_realigned", realigned as f64),
        Figure::value(
            "gold_country_by_name",
            country_via[Via::Name as usize] as f64,
        ),
        Figure::value(
            "gold_country_by_geonameid",
            country_via[Via::GeonameId as usize] as f64,
        ),
        Figure::value(
            "gold_country_by_nearest_place",
            country_via[Via::Nearest as usize] as f64,
        ),
    ];
    let tagged = a_tagged(articles);
    figures.extend(causes.figures_min("miss", tagged, 2));
    Report {
        suite: "tr-news".into(),
        figures,
        notes,
    }
}

fn a_tagged(articles: &[Article]) -> usize {
    articles
        .iter()
        .flat_map(|a| &a.toponyms)
        .filter(|t| t.gaz.is_some())
        .count()
}
