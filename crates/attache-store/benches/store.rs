//! Store benchmark: synthesises a store of N events (default 1,000,000)
//! through the ordinary write path (documents, sentences, events, actors,
//! incremental story clustering, dyads), then times the two queries the
//! store promises to answer interactively:
//!
//! - a dyad summary for one country by month (target < 50 ms);
//! - an events query with three filters (target < 100 ms).
//!
//! ```sh
//! cargo bench -p attache-store --bench store                 # 1M events
//! cargo bench -p attache-store --bench store -- --events 100000 --db /tmp/b.db --fresh
//! ```
//!
//! The synthesised store is kept (default under the target directory) and
//! reused by later runs with the same event count; `--fresh` rebuilds it.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use attache_store::{Batch, DyadQuery, EventQuery, NewDoc, Period, Scores, Store};
use attache_types::{
    Actor, DateBasis, DocRecord, Event, EventDate, Location, Modality, Origin, Precision,
    Published, PublishedFound, SentenceRef, Span,
};
use chrono::{Duration as Days, NaiveDate};

/// Party codes, most active first (activity falls off like a Zipf law).
const PARTIES: &[(&str, &str)] = &[
    ("USA", "United States"),
    ("RUS", "Russia"),
    ("CHN", "China"),
    ("UKR", "Ukraine"),
    ("ISR", "Israel"),
    ("IRN", "Iran"),
    ("GBR", "United Kingdom"),
    ("FRA", "France"),
    ("DEU", "Germany"),
    ("TUR", "Turkey"),
    ("UN", "United Nations"),
    ("NATO", "NATO"),
    ("IND", "India"),
    ("PAK", "Pakistan"),
    ("SAU", "Saudi Arabia"),
    ("EGY", "Egypt"),
    ("SYR", "Syria"),
    ("IRQ", "Iraq"),
    ("JPN", "Japan"),
    ("KOR", "South Korea"),
    ("PRK", "North Korea"),
    ("EU", "European Union"),
    ("AFG", "Afghanistan"),
    ("NGA", "Nigeria"),
    ("ETH", "Ethiopia"),
    ("SOM", "Somalia"),
    ("KEN", "Kenya"),
    ("BRA", "Brazil"),
    ("MEX", "Mexico"),
    ("COL", "Colombia"),
    ("VEN", "Venezuela"),
    ("IDN", "Indonesia"),
    ("PHL", "Philippines"),
    ("AUS", "Australia"),
    ("CAN", "Canada"),
    ("ITA", "Italy"),
    ("ESP", "Spain"),
    ("POL", "Poland"),
    ("GRC", "Greece"),
    ("JOR", "Jordan"),
    ("LBN", "Lebanon"),
    ("YEM", "Yemen"),
    ("LBY", "Libya"),
    ("SDN", "Sudan"),
    ("MLI", "Mali"),
    ("ZAF", "South Africa"),
    ("AU", "African Union"),
    ("QAT", "Qatar"),
    ("ARE", "United Arab Emirates"),
    ("VNM", "Vietnam"),
];

const TYPES: &[(&str, &str)] = &[
    ("CONSULT", "held talks with"),
    ("AGREE", "agreed to cooperate with"),
    ("SUPPORT", "signed an accord with"),
    ("AID", "sent aid to"),
    ("COOPERATE", "held joint exercises with"),
    ("REQUEST", "urged"),
    ("ACCUSE", "accused"),
    ("REJECT", "rejected a proposal from"),
    ("THREATEN", "threatened"),
    ("SANCTION", "imposed sanctions on"),
    ("MOBILIZE", "deployed troops near"),
    ("COERCE", "detained citizens of"),
    ("ASSAULT", "launched strikes on"),
    ("PROTEST", "protested against"),
    ("CONCEDE", "made concessions to"),
    ("RETREAT", "withdrew forces from"),
];

const TOPICS: &[&str] = &[
    "border security",
    "trade",
    "grain exports",
    "energy supplies",
    "maritime patrols",
    "refugees",
    "nuclear programme",
    "airspace violations",
    "arms sales",
    "counter-terrorism",
    "fishing rights",
    "prisoner exchange",
    "ceasefire monitoring",
    "cyber attacks",
    "debt relief",
    "election observers",
];

const PLACES: &[(&str, f64, f64)] = &[
    ("Cairo", 30.04, 31.24),
    ("Geneva", 46.2, 6.15),
    ("Istanbul", 41.01, 28.98),
    ("Brussels", 50.85, 4.35),
    ("Beijing", 39.9, 116.4),
    ("Washington", 38.9, -77.04),
    ("Moscow", 55.75, 37.62),
    ("Kyiv", 50.45, 30.52),
    ("New Delhi", 28.61, 77.21),
    ("Doha", 25.29, 51.53),
];

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Index in 0..n with probability falling like 1/(i+1).
    fn zipf(&mut self, n: usize) -> usize {
        let h: f64 = (1..=n).map(|i| 1.0 / i as f64).sum();
        let mut x = (self.next() as f64 / u64::MAX as f64) * h;
        for i in 0..n {
            x -= 1.0 / (i + 1) as f64;
            if x <= 0.0 {
                return i;
            }
        }
        n - 1
    }
}

fn actor(code: &str, name: &str, start: usize) -> Actor {
    let org = code.len() != 3;
    Actor {
        text: name.into(),
        start,
        end: start + name.chars().count(),
        name: name.into(),
        country: (!org).then(|| code.into()),
        org: org.then(|| code.into()),
        body: None,
        sector: Some("GOV".into()),
        person: None,
        role: None,
        rule: "bench".into(),
    }
}

/// One synthetic document with `n` events.
fn document(rng: &mut Rng, doc_no: u64, n: usize) -> NewDoc {
    let epoch = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    let published = epoch + Days::days(rng.below(25 * 365) as i64);
    let id = format!("bench-{doc_no:08}");
    let mut text = String::new();
    let mut sentences = Vec::new();
    let mut events = Vec::new();
    for i in 0..n {
        let (a, an) = PARTIES[rng.zipf(PARTIES.len())];
        let (mut b, mut bn) = PARTIES[rng.zipf(PARTIES.len())];
        if a == b {
            (b, bn) = PARTIES[(rng.below(PARTIES.len() - 1) + 1) % PARTIES.len()];
        }
        let (t, verb) = TYPES[rng.below(TYPES.len())];
        let topic = TOPICS[rng.below(TOPICS.len())];
        let (place, lat, lon) = PLACES[rng.below(PLACES.len())];
        let back = rng.below(4) as i64;
        let date = published - Days::days(back);
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.chars().count();
        let sentence = format!("{an} {verb} {bn} over {topic} in {place} on day {back}.");
        text.push_str(&sentence);
        let end = text.chars().count();
        let a_start = start;
        let verb_start = a_start + an.chars().count() + 1;
        let b_start = verb_start + verb.chars().count() + 1;
        let id_key = format!("{id}-{i}");
        events.push(Event {
            id: format!("{:016x}", fnv(id_key.as_bytes())).into(),
            doc_id: id.clone().into(),
            event_type: t.into(),
            mode: None,
            contexts: Vec::new(),
            cameo: None,
            actors: vec![actor(a, an, a_start)],
            recipients: vec![actor(b, bn, b_start)],
            trigger: Span {
                text: verb.into(),
                start: verb_start,
                end: verb_start + verb.chars().count(),
            },
            date: Some(EventDate {
                value: date,
                end: date,
                precision: Precision::Day,
                basis: DateBasis::Relative,
                span: None,
            }),
            location: Some(Location {
                name: place.into(),
                country: None,
                lat,
                lon,
                geonameid: None,
                text: place.into(),
                start: end - place.chars().count() - 10,
                end: end - 10,
                rule: "bench".into(),
            }),
            modality: Modality {
                negated: rng.below(50) == 0,
                ..Modality::default()
            },
            confidence: 0.8,
            sentence: SentenceRef {
                index: i,
                start,
                end,
                text: sentence.clone(),
            },
            rule: format!("{t}.bench").into(),
            details: Vec::new(),
            coder_version: "bench".into(),
        });
        sentences.push(SentenceRef {
            index: i,
            start,
            end,
            text: sentence,
        });
    }
    NewDoc {
        record: DocRecord {
            id: id.clone(),
            title: Some(format!("Synthetic article {doc_no}")),
            url: None,
            source: Some("bench".into()),
            published: Some(Published {
                date: published,
                precision: Precision::Day,
                found: PublishedFound::Record,
                text: None,
            }),
            origin: Origin {
                path: "bench".into(),
                record: Some(doc_no),
                part: 0,
            },
            sentences: sentences.len(),
            events: events.len(),
            text,
            input_map: Vec::new(),
        },
        sentences,
        events,
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    // FNV-1a: enough for distinct synthetic ids.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, Duration, T) {
    let t0 = Instant::now();
    let mut last = f();
    let cold = t0.elapsed();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let value = f();
        times.push(t.elapsed());
        // The previous result is dropped outside the timed region.
        last = value;
    }
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or(cold);
    let max = times.last().copied().unwrap_or(cold);
    (cold, median, max, last)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut events: u64 = 1_000_000;
    let mut db: Option<PathBuf> = None;
    let mut fresh = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--events" => events = args.next().ok_or("--events N")?.parse()?,
            "--db" => db = Some(PathBuf::from(args.next().ok_or("--db PATH")?)),
            "--fresh" => fresh = true,
            "--bench" => {}
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let db = db.unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("store-bench-{events}.db"))
    });
    let per_doc = 5usize;
    let reuse = !fresh
        && db.exists()
        && Store::open_existing(&db)
            .and_then(|s| s.counts())
            .is_ok_and(|c| c.events >= events * 95 / 100);
    if !reuse {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let mut store = Store::open(&db)?;
        let mut rng = Rng(42);
        let t = Instant::now();
        let docs = events.div_ceil(per_doc as u64);
        let mut batch = Batch::default();
        for d in 0..docs {
            batch.docs.push(document(&mut rng, d, per_doc));
            if batch.docs.len() == 1000 {
                store.insert(&batch)?;
                batch = Batch::default();
            }
            if d % 20_000 == 0 && d > 0 {
                eprintln!(
                    "  {} events stored ({:.0} events/s)",
                    d * per_doc as u64,
                    (d * per_doc as u64) as f64 / t.elapsed().as_secs_f64()
                );
            }
        }
        store.insert(&batch)?;
        store.analyze()?;
        let took = t.elapsed();
        println!(
            "synthesised {} events in {:.1} s ({:.0} events/s, stories clustered on the way)",
            events,
            took.as_secs_f64(),
            events as f64 / took.as_secs_f64()
        );
    }
    let store = Store::open_existing(&db)?;
    let counts = store.counts()?;
    let bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!(
        "store {}: {} documents, {} events, {} stories, {} dyad rows, {:.0} MiB",
        db.display(),
        counts.documents,
        counts.events,
        counts.stories,
        counts.dyad_rows,
        bytes as f64 / (1u64 << 20) as f64
    );
    let kb = attache_kb::Kb::builtin()?;
    let scores = Scores::from_kb(&kb);
    println!("| query | rows | cold | median of 20 | max | target |");
    println!("|---|---:|---:|---:|---:|---:|");
    for country in ["EGY", "USA"] {
        let q = DyadQuery {
            actor: Some(country.into()),
            by: Period::Month,
            ..DyadQuery::default()
        };
        let (cold, median, max, rows) = time(20, || store.dyads(&q, &scores));
        println!(
            "| dyads --actor {country} --by month | {} | {} | {} | {} | < 50 ms |",
            rows?.len(),
            ms(cold),
            ms(median),
            ms(max)
        );
    }
    let queries = [
        (
            "events --actor EGY --type CONSULT --since 2015-01-01",
            EventQuery {
                actor: Some("EGY".into()),
                event_type: Some("CONSULT".into()),
                since: NaiveDate::from_ymd_opt(2015, 1, 1),
                limit: 50,
                ..EventQuery::default()
            },
        ),
        (
            "events --actor USA --recipient CHN --since 2020-01-01",
            EventQuery {
                actor: Some("USA".into()),
                recipient: Some("CHN".into()),
                since: NaiveDate::from_ymd_opt(2020, 1, 1),
                limit: 50,
                ..EventQuery::default()
            },
        ),
        (
            "events --type ASSAULT --place Kyiv --until 2010-12-31",
            EventQuery {
                event_type: Some("ASSAULT".into()),
                place: Some("Kyiv".into()),
                until: NaiveDate::from_ymd_opt(2010, 12, 31),
                limit: 50,
                ..EventQuery::default()
            },
        ),
    ];
    for (name, q) in queries {
        let (cold, median, max, rows) = time(20, || store.events(&q));
        println!(
            "| {name} | {} | {} | {} | {} | < 100 ms |",
            rows?.len(),
            ms(cold),
            ms(median),
            ms(max)
        );
    }
    Ok(())
}
