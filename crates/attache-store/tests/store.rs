//! The store on coded articles: identity, migrations, stories, queries.

use std::path::Path;
use std::sync::Arc;

use attache_code::Coder;
use attache_ingest::{IngestOptions, Item};
use attache_kb::Kb;
use attache_store::{
    Batch, DyadQuery, EventQuery, NewDoc, Period, Scores, SearchQuery, Store, SCHEMA_VERSION,
};
use attache_types::{CharIndex, SentenceRef};

fn coder() -> Coder {
    Coder::new(Arc::new(Kb::builtin().expect("built-in knowledge")))
}

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles")
}

/// Code every article under `path` into store batches of `per_batch` docs.
fn coded(coder: &Coder, path: &Path, per_batch: usize) -> Vec<Batch> {
    let mut batches = vec![Batch::default()];
    for item in attache_ingest::read_path(path, &IngestOptions::default()) {
        let Some(last) = batches.last_mut() else {
            continue;
        };
        match item {
            Item::Doc(doc) => {
                let c = coder.code(&doc);
                let index = CharIndex::new(&doc.text);
                let sentences = c
                    .sentences
                    .iter()
                    .enumerate()
                    .map(|(i, s)| SentenceRef {
                        index: i,
                        start: index.char_of(s.start),
                        end: index.char_of(s.end),
                        text: doc.text[s.start..s.end].to_string(),
                    })
                    .collect();
                last.docs.push(NewDoc {
                    record: coder.doc_record(&doc, &c),
                    sentences,
                    events: c.events,
                });
            }
            Item::Error(e) => last.errors.push(e),
        }
        if last.docs.len() >= per_batch {
            batches.push(Batch::default());
        }
    }
    batches
}

#[test]
fn storing_the_same_articles_twice_adds_nothing() {
    let coder = coder();
    let batches = coded(&coder, &examples(), 3);
    let mut store = Store::open_in_memory().expect("store");
    for b in &batches {
        store.insert(b).expect("insert");
    }
    let first = store.counts().expect("counts");
    assert!(first.documents >= 8 && first.events > 50, "{first:?}");
    assert_eq!(first.events, first.actors.min(first.events));
    for b in &batches {
        let stats = store.insert(b).expect("insert again");
        assert_eq!(stats.docs_added, 0);
        assert_eq!(stats.events_added, 0);
    }
    assert_eq!(store.counts().expect("counts"), first);
}

#[test]
fn a_file_store_reopens_with_its_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.db");
    let coder = coder();
    let counts = {
        let mut store = Store::open(&path).expect("store");
        for b in coded(&coder, &examples(), 4) {
            store.insert(&b).expect("insert");
        }
        store.counts().expect("counts")
    };
    let store = Store::open_existing(&path).expect("reopen");
    assert_eq!(store.counts().expect("counts"), counts);
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    assert!(Store::open_existing(&dir.path().join("absent.db")).is_err());
}

#[test]
fn queries_return_typed_rows() {
    let coder = coder();
    let mut store = Store::open_in_memory().expect("store");
    for b in coded(&coder, &examples(), 100) {
        store.insert(&b).expect("insert");
    }
    // Filters.
    let all = store
        .events(&EventQuery {
            limit: 0,
            ..EventQuery::default()
        })
        .expect("events");
    assert_eq!(all.len() as u64, store.counts().expect("counts").events);
    let turkey = store
        .events(&EventQuery {
            actor: Some("tur".into()),
            limit: 0,
            ..EventQuery::default()
        })
        .expect("events");
    assert!(!turkey.is_empty());
    assert!(turkey.iter().all(|h| h
        .event
        .actors
        .iter()
        .any(|a| a.country.as_deref() == Some("TUR"))));
    let three = store
        .events(&EventQuery {
            actor: Some("TUR".into()),
            event_type: Some("reject".into()),
            since: chrono::NaiveDate::from_ymd_opt(2022, 1, 1),
            limit: 0,
            ..EventQuery::default()
        })
        .expect("events");
    assert!(three.iter().all(|h| h.event.event_type == "REJECT"
        && h.event
            .date
            .as_ref()
            .is_some_and(|d| d.value.to_string().as_str() >= "2022")));
    let dated: Vec<_> = all.iter().filter_map(|h| h.event.date.as_ref()).collect();
    assert!(
        dated.windows(2).all(|w| w[0].value >= w[1].value),
        "latest first"
    );
    // Text in the event's sentence (stemmed).
    let text = store
        .events(&EventQuery {
            text: Some("armoured vehicle".into()),
            limit: 0,
            ..EventQuery::default()
        })
        .expect("events");
    assert!(!text.is_empty());
    assert!(text.iter().all(|h| h
        .event
        .sentence
        .text
        .to_lowercase()
        .contains("armoured vehicles")));
    // Place.
    let cairo = store
        .events(&EventQuery {
            place: Some("washington".into()),
            limit: 0,
            ..EventQuery::default()
        })
        .expect("events");
    assert!(cairo.iter().all(|h| h
        .event
        .location
        .as_ref()
        .is_some_and(|l| l.name == "Washington")));
    // Full-text search with snippets, bm25 ranked.
    let hits = store
        .search(&SearchQuery {
            query: "Boko Haram".into(),
            ..SearchQuery::default()
        })
        .expect("search");
    assert!(!hits.is_empty());
    assert!(hits[0].snippet.contains("[Boko]") || hits[0].snippet.contains("[Haram]"));
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    // A query that is not FTS5 syntax is searched as words.
    let lenient = store
        .search(&SearchQuery {
            query: "\"Boko Haram".into(),
            ..SearchQuery::default()
        })
        .expect("lenient search");
    assert_eq!(lenient.len(), hits.len());
    // Dyads with PLOVER scores.
    let kb = Kb::builtin().expect("kb");
    let scores = Scores::from_kb(&kb);
    let rows = store
        .dyads(
            &DyadQuery {
                actor: Some("GRC".into()),
                by: Period::Month,
                ..DyadQuery::default()
            },
            &scores,
        )
        .expect("dyads");
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r.actor, "GRC");
        assert_eq!(r.events, r.counts.values().sum::<u64>());
        let total: f64 = r
            .counts
            .iter()
            .map(|(t, n)| scores.get(t).map_or(0.0, |s| s.0) * *n as f64)
            .sum();
        assert!((r.score_total - total).abs() < 1e-9);
        assert!((-10.0..=10.0).contains(&r.score));
    }
    let years = store
        .dyads(
            &DyadQuery {
                actor: Some("GRC".into()),
                by: Period::Year,
                undirected: true,
                ..DyadQuery::default()
            },
            &scores,
        )
        .expect("dyads");
    assert!(years.iter().all(|r| r.period.len() == 4));
    // Actors.
    let actors = store.actors(10, 3).expect("actors");
    assert!(!actors.is_empty());
    assert!(actors.windows(2).all(|w| w[0].events >= w[1].events));
    assert!(actors.iter().all(|a| a.partners.len() <= 3));
    // Stories: every event in exactly one.
    let stories = store
        .stories(&EventQuery {
            limit: 0,
            ..EventQuery::default()
        })
        .expect("stories");
    let reports: u64 = stories.iter().map(|s| s.report_count).sum();
    assert_eq!(reports, store.counts().expect("counts").events);
    assert!(stories
        .iter()
        .all(|s| s.reports.len() as u64 == s.report_count));
}

/// A store written by schema version 1 (built from the v1 SQL kept in the
/// repository, with rows as version 1 wrote them) opens, upgrades and
/// answers every query.
#[test]
fn a_version_1_store_is_upgraded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("v1.db");
    let coder = coder();
    let batches = coded(&coder, &examples(), 1000);
    let (mut docs, mut events) = (0u64, 0u64);
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(attache_store::schema::V1_SQL)
            .expect("v1 schema");
        conn.pragma_update(None, "user_version", 1)
            .expect("version");
        for b in &batches {
            for d in &b.docs {
                let r = &d.record;
                conn.execute(
                    "INSERT INTO documents(id, title, url, source, published, published_precision, published_found,
                        origin_path, origin_record, origin_part, sentences, events, text, input_map)
                     VALUES (?1, ?2, ?3, ?4, ?5, 'day', 'record', ?6, ?7, ?8, ?9, ?10, ?11, '[]')",
                    rusqlite::params![
                        r.id,
                        r.title,
                        r.url,
                        r.source,
                        r.published.as_ref().map(|p| p.date.to_string()),
                        r.origin.path,
                        r.origin.record.map(|x| x as i64),
                        r.origin.part,
                        r.sentences as i64,
                        r.events as i64,
                        r.text
                    ],
                )
                .expect("v1 document");
                docs += 1;
                let doc_rowid = conn.last_insert_rowid();
                for s in &d.sentences {
                    conn.execute(
                        "INSERT INTO sentences(doc_rowid, idx, start, \"end\", text) VALUES (?1, ?2, ?3, ?4, ?5)",
                        rusqlite::params![doc_rowid, s.index as i64, s.start as i64, s.end as i64, s.text],
                    )
                    .expect("v1 sentence");
                }
                for e in &d.events {
                    conn.execute(
                        "INSERT OR IGNORE INTO events(id, doc_id, type, mode, cameo, date, date_end, date_precision,
                            date_basis, place, place_country, lat, lon, negated, future, hypothetical, historical,
                            confidence, sentence_index, trigger_text, trigger_start, trigger_end, rule, coder_version,
                            json)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                            ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
                        rusqlite::params![
                            e.id.as_str(),
                            e.doc_id.as_str(),
                            e.event_type.as_str(),
                            e.mode.as_deref(),
                            e.cameo.as_deref(),
                            e.date.as_ref().map(|d| d.value.to_string()),
                            e.date.as_ref().map(|d| d.end.to_string()),
                            e.date.as_ref().map(|d| d.precision.as_str()),
                            e.date.as_ref().map(|d| serde_json::to_value(d.basis)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_string))),
                            e.location.as_ref().map(|l| l.name.as_str()),
                            e.location.as_ref().and_then(|l| l.country.as_deref()),
                            e.location.as_ref().map(|l| l.lat),
                            e.location.as_ref().map(|l| l.lon),
                            e.modality.negated,
                            e.modality.future,
                            e.modality.hypothetical,
                            e.modality.historical,
                            f64::from(e.confidence),
                            e.sentence.index as i64,
                            e.trigger.text.as_str(),
                            e.trigger.start as i64,
                            e.trigger.end as i64,
                            e.rule.as_str(),
                            e.coder_version.as_str(),
                            serde_json::to_string(e).expect("json")
                        ],
                    )
                    .expect("v1 event");
                    events += 1;
                }
            }
        }
    }
    let store = Store::open(&path).expect("upgrade");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let counts = store.counts().expect("counts");
    assert_eq!(counts.documents, docs);
    assert_eq!(counts.events, events);
    // Derived data was backfilled: stories, codes, dyads, full text.
    let reports: u64 = store
        .stories(&EventQuery::default())
        .expect("stories")
        .iter()
        .map(|s| s.report_count)
        .sum();
    assert_eq!(reports, events);
    assert!(counts.parties > 10 && counts.dyad_rows > 0);
    assert!(!store
        .search(&SearchQuery {
            query: "Souda".into(),
            ..SearchQuery::default()
        })
        .expect("search")
        .is_empty());
    assert!(!store
        .events(&EventQuery {
            actor: Some("GRC".into()),
            text: Some("airspace".into()),
            ..EventQuery::default()
        })
        .expect("events")
        .is_empty());
    // The same articles stored fresh give the same stories as the upgrade.
    let mut fresh = Store::open_in_memory().expect("store");
    for b in &batches {
        fresh.insert(b).expect("insert");
    }
    let f = fresh.counts().expect("counts");
    assert_eq!(
        (f.events, f.stories, f.dyad_rows),
        (counts.events, counts.stories, counts.dyad_rows)
    );
    // A store newer than this library is refused, not damaged.
    drop(store);
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("version");
    }
    assert!(matches!(
        Store::open(&path),
        Err(attache_store::StoreError::TooNew { .. })
    ));
}

/// The lead and the body of one article report one event: one story, two reports.
#[test]
fn lead_and_body_form_one_story() {
    let coder = coder();
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../attache/tests/data/store/lead_body.txt");
    let mut store = Store::open_in_memory().expect("store");
    for b in coded(&coder, &path, 10) {
        store.insert(&b).expect("insert");
    }
    let stories = store
        .stories(&EventQuery {
            actor: Some("EGY".into()),
            recipient: Some("JOR".into()),
            ..EventQuery::default()
        })
        .expect("stories");
    assert_eq!(stories.len(), 1, "{stories:#?}");
    assert_eq!(stories[0].report_count, 2);
    assert_eq!(stories[0].reports.len(), 2);
    // The condemnation of another country stays its own story.
    let other = store
        .stories(&EventQuery {
            recipient: Some("ISR".into()),
            ..EventQuery::default()
        })
        .expect("stories");
    assert!(other.iter().all(|s| s.report_count == 1));
}
