//! attache's embedded store: documents, sentences, events, actors and
//! story-events in one SQLite file (WAL journal), and the queries that the
//! command line and the HTTP API share.
//!
//! Identity and durability:
//! - a document is keyed by its id (the content hash when the input gave
//!   none) and an event by its event id, so storing the same input twice
//!   adds nothing;
//! - [`Store::insert`] writes one [`Batch`] in one transaction: a process
//!   killed at any moment loses nothing committed and leaves nothing
//!   half-written;
//! - the schema is versioned (`user_version`) and upgraded forward on open
//!   ([`schema`]).
//!
//! Stories ([`stories`]) are clustered incrementally as events are stored.

use std::path::Path;

use attache_types::{
    DateBasis, DocRecord, ErrorRecord, Event, InputSegment, Origin, Precision, Published,
    PublishedFound, SentenceRef,
};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

pub mod query;
pub mod schema;
pub mod stories;

pub use query::{
    ActorRow, DocMeta, DyadQuery, DyadRow, EventHit, EventQuery, Partner, Period, ReportRef,
    Scores, SearchHit, SearchQuery, StoryOf, StoryRow,
};
pub use schema::SCHEMA_VERSION;
use stories::{Report, ReportDate, ReportPlace, Verdict};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("{0}: no store there (run `attache ingest` first)")]
    Missing(String),
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the store has schema version {found}, newer than this attache supports ({supported}): upgrade attache")]
    TooNew { found: i64, supported: i64 },
    #[error("invalid query: {0}")]
    Query(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// One document to store: its record, its sentences and its events.
#[derive(Debug, Clone)]
pub struct NewDoc {
    pub record: DocRecord,
    /// Sentences in character offsets (as in events' `sentence`).
    pub sentences: Vec<SentenceRef>,
    pub events: Vec<Event>,
}

/// What one transaction stores.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub docs: Vec<NewDoc>,
    /// Events whose document is not part of the batch (imports of event
    /// files); their document is looked up in the store.
    pub events: Vec<Event>,
    pub errors: Vec<ErrorRecord>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.events.is_empty() && self.errors.is_empty()
    }

    pub fn len(&self) -> usize {
        self.docs.len() + self.events.len() + self.errors.len()
    }
}

/// What a batch added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchStats {
    pub docs_added: u64,
    pub docs_skipped: u64,
    pub events_added: u64,
    pub events_skipped: u64,
    pub stories_created: u64,
    pub stories_joined: u64,
    pub errors_added: u64,
}

impl BatchStats {
    pub fn add(&mut self, o: &BatchStats) {
        self.docs_added += o.docs_added;
        self.docs_skipped += o.docs_skipped;
        self.events_added += o.events_added;
        self.events_skipped += o.events_skipped;
        self.stories_created += o.stories_created;
        self.stories_joined += o.stories_joined;
        self.errors_added += o.errors_added;
    }
}

/// Row counts of a store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub documents: u64,
    pub sentences: u64,
    pub events: u64,
    /// Actor and recipient entries of events.
    pub actors: u64,
    /// Distinct party codes (countries, organisations, bodies).
    pub parties: u64,
    pub stories: u64,
    /// Events that belong to a story with more than one report.
    pub merged_reports: u64,
    pub dyad_rows: u64,
    pub errors: u64,
}

/// An open store.
pub struct Store {
    conn: Connection,
}

/// The default store file.
pub const DEFAULT_PATH: &str = "attache.db";

impl Store {
    /// Open the store at `path`, creating it when missing, and upgrade its
    /// schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Store::setup(conn, path)
    }

    /// Open an existing store (an error when `path` does not exist).
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        Store::open(path)
    }

    /// A store in memory (tests, experiments).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        Store::setup(conn, Path::new(":memory:"))
    }

    fn setup(mut conn: Connection, path: &Path) -> Result<Store, StoreError> {
        let wrap = |source| StoreError::Open {
            path: path.display().to_string(),
            source,
        };
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(wrap)?;
        // Every statement of the write path stays prepared, and plans do
        // not depend on bound values (which would re-prepare statements on
        // every new binding).
        conn.set_prepared_statement_cache_capacity(64);
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )
        .map_err(wrap)?;
        let _: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(wrap)?;
        conn.execute_batch(
            "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144;
             PRAGMA mmap_size=1073741824; PRAGMA temp_store=MEMORY;",
        )
        .map_err(wrap)?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// The SQLite connection, for queries this library does not offer.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        schema::user_version(&self.conn)
    }

    /// Store `batch` in one transaction.
    pub fn insert(&mut self, batch: &Batch) -> Result<BatchStats, StoreError> {
        let tx = self.conn.transaction()?;
        let mut stats = BatchStats::default();
        {
            let w = StoreWriter { tx: &tx };
            for doc in &batch.docs {
                w.insert_doc(doc, &mut stats)?;
            }
            for event in &batch.events {
                let info = w.doc_info(&event.doc_id)?;
                w.insert_event(event, info.as_ref(), &mut stats)?;
            }
            for e in &batch.errors {
                stats.errors_added += tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO ingest_errors(path, record, code, message) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![
                        e.path,
                        e.record.map(|r| r as i64).unwrap_or(-1),
                        e.code,
                        e.message
                    ])? as u64;
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Whether a document with this id is stored.
    pub fn has_doc(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .exists([id])?)
    }

    pub fn counts(&self) -> Result<Counts, StoreError> {
        let n = |sql: &str| -> Result<u64, StoreError> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        Ok(Counts {
            documents: n("SELECT count(*) FROM documents")?,
            sentences: n("SELECT count(*) FROM sentences")?,
            events: n("SELECT count(*) FROM events")?,
            actors: n("SELECT count(*) FROM event_actors")?,
            parties: n("SELECT count(DISTINCT code) FROM event_codes")?,
            stories: n("SELECT count(*) FROM stories")?,
            merged_reports: n("SELECT coalesce(sum(reports), 0) FROM stories WHERE reports > 1")?,
            dyad_rows: n("SELECT count(*) FROM dyad_events")?,
            errors: n("SELECT count(*) FROM ingest_errors")?,
        })
    }

    /// Refresh the query planner's statistics (after large loads).
    pub fn analyze(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("ANALYZE")?;
        Ok(())
    }

    /// Every stored document with its events, in the order they were
    /// stored, then the events whose document is not stored.
    pub fn for_each_doc(
        &self,
        mut f: impl FnMut(Option<DocRecord>, Vec<Event>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut docs = self.conn.prepare(
            "SELECT rowid, id, title, url, source, published, published_precision, published_found,
                    published_text, origin_path, origin_record, origin_part, sentences, events, text, input_map
             FROM documents ORDER BY rowid",
        )?;
        let mut events = self
            .conn
            .prepare("SELECT json FROM events WHERE doc_id = ?1 ORDER BY rowid")?;
        let mut rows = docs.query([])?;
        while let Some(r) = rows.next()? {
            let record = doc_record_from_row(r)?;
            let evs = events
                .query_map([&record.id], |r| r.get::<_, String>(0))?
                .map(|j| Ok(serde_json::from_str::<Event>(&j?)?))
                .collect::<Result<Vec<_>, StoreError>>()?;
            f(Some(record), evs)?;
        }
        let mut loose = self.conn.prepare(
            "SELECT json FROM events WHERE doc_id NOT IN (SELECT id FROM documents) ORDER BY rowid",
        )?;
        let evs = loose
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|j| Ok(serde_json::from_str::<Event>(&j?)?))
            .collect::<Result<Vec<_>, StoreError>>()?;
        if !evs.is_empty() {
            f(None, evs)?;
        }
        Ok(())
    }
}

fn doc_record_from_row(r: &rusqlite::Row<'_>) -> Result<DocRecord, StoreError> {
    let published = match r.get::<_, Option<String>>(5)? {
        Some(d) => Some(Published {
            date: parse_date(&d).ok_or_else(|| bad_column("documents.published", &d))?,
            precision: r
                .get::<_, Option<String>>(6)?
                .and_then(|s| parse_enum(&s))
                .unwrap_or(Precision::Day),
            found: r
                .get::<_, Option<String>>(7)?
                .and_then(|s| parse_enum(&s))
                .unwrap_or(PublishedFound::Record),
            text: r.get(8)?,
        }),
        None => None,
    };
    let input_map: Vec<InputSegment> = serde_json::from_str(&r.get::<_, String>(15)?)?;
    Ok(DocRecord {
        id: r.get(1)?,
        title: r.get(2)?,
        url: r.get(3)?,
        source: r.get(4)?,
        published,
        origin: Origin {
            path: r.get(9)?,
            record: r.get::<_, Option<i64>>(10)?.map(|v| v as u64),
            part: r.get::<_, i64>(11)? as u32,
        },
        sentences: r.get::<_, i64>(12)? as usize,
        events: r.get::<_, i64>(13)? as usize,
        text: r.get(14)?,
        input_map,
    })
}

fn bad_column(what: &str, value: &str) -> StoreError {
    StoreError::Query(format!("unreadable {what}: {value:?}"))
}

/// The serde name of a unit enum variant (`"publication"`, `"html_meta"`).
pub(crate) fn enum_str<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub(crate) fn parse_enum<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// What the writer knows of an event's document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DocInfo {
    pub rowid: i64,
    pub published: Option<NaiveDate>,
}

/// Writes inside one transaction.
pub(crate) struct StoreWriter<'a> {
    pub tx: &'a Connection,
}

/// Most recent reports of a candidate story compared with a new one.
const REPORTS_COMPARED: i64 = 64;
/// Most candidate stories looked at per party code.
const CANDIDATES_PER_CODE: i64 = 32;
/// Longest story period looked for when clustering, in days.
const MAX_STORY_DAYS: i64 = 400;
/// Story periods up to this many days are "short" (see `story_keys`).
const SHORT_STORY_DAYS: i64 = 35;

/// What the writer derives from an event before storing it.
struct Derived {
    report: Report,
    published: Option<NaiveDate>,
    sentence_rowid: Option<i64>,
}

/// The story a new report goes to.
struct StoryChoice {
    rowid: i64,
    joined: bool,
}

impl StoreWriter<'_> {
    pub fn doc_info(&self, id: &str) -> Result<Option<DocInfo>, StoreError> {
        Ok(self
            .tx
            .prepare_cached("SELECT rowid, published FROM documents WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(DocInfo {
                    rowid: r.get(0)?,
                    published: r.get::<_, Option<String>>(1)?.and_then(|d| parse_date(&d)),
                })
            })
            .optional()?)
    }

    fn insert_doc(&self, doc: &NewDoc, stats: &mut BatchStats) -> Result<(), StoreError> {
        let d = &doc.record;
        let p = d.published.as_ref();
        let added = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO documents(id, title, url, source, published, published_precision,
                    published_found, published_text, origin_path, origin_record, origin_part, sentences,
                    events, text, input_map)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                d.id,
                d.title,
                d.url,
                d.source,
                p.map(|p| p.date.to_string()),
                p.map(|p| p.precision.as_str()),
                p.map(|p| enum_str(&p.found)),
                p.and_then(|p| p.text.clone()),
                d.origin.path,
                d.origin.record.map(|r| r as i64),
                d.origin.part,
                d.sentences as i64,
                d.events as i64,
                d.text,
                serde_json::to_string(&d.input_map)?,
            ])?;
        let info = if added == 0 {
            stats.docs_skipped += 1;
            match self.doc_info(&d.id)? {
                Some(info) => info,
                None => return Ok(()),
            }
        } else {
            stats.docs_added += 1;
            let rowid = self.tx.last_insert_rowid();
            self.tx
                .prepare_cached(
                    "INSERT INTO documents_fts(rowid, title, text) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![rowid, d.title.as_deref().unwrap_or(""), d.text])?;
            for s in &doc.sentences {
                self.insert_sentence(rowid, s)?;
            }
            DocInfo {
                rowid,
                published: p.map(|p| p.date),
            }
        };
        for event in &doc.events {
            self.insert_event(event, Some(&info), stats)?;
        }
        Ok(())
    }

    fn insert_sentence(&self, doc_rowid: i64, s: &SentenceRef) -> Result<(), StoreError> {
        let n = self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO sentences(doc_rowid, idx, start, \"end\", text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![doc_rowid, s.index as i64, s.start as i64, s.end as i64, s.text])?;
        if n > 0 {
            let rowid = self.tx.last_insert_rowid();
            self.tx
                .prepare_cached("INSERT INTO sentences_fts(rowid, text) VALUES (?1, ?2)")?
                .execute(params![rowid, s.text])?;
        }
        Ok(())
    }

    fn insert_event(
        &self,
        e: &Event,
        doc: Option<&DocInfo>,
        stats: &mut BatchStats,
    ) -> Result<(), StoreError> {
        let exists = self
            .tx
            .prepare_cached("SELECT 1 FROM events WHERE id = ?1")?
            .exists([e.id.as_str()])?;
        if exists {
            stats.events_skipped += 1;
            return Ok(());
        }
        let derived = self.derive(e, doc)?;
        let story = self.assign_story(e, &derived)?;
        fn first(list: &[attache_types::Actor]) -> (Option<&str>, Option<&str>) {
            list.iter()
                .find(|a| a.country.is_some() || a.org.is_some())
                .map(|a| (a.country.as_deref(), a.org.as_deref()))
                .unwrap_or((None, None))
        }
        let (ac, ao) = first(&e.actors);
        let (rc, ro) = first(&e.recipients);
        let d = e.date.as_ref();
        let l = e.location.as_ref();
        let r = &derived.report;
        self.tx
            .prepare_cached(
                "INSERT INTO events(id, doc_id, type, mode, cameo, date, date_end, date_precision,
                    date_basis, actor_country, actor_org, recipient_country, recipient_org, place, place_country,
                    lat, lon, negated, future, hypothetical, historical, confidence, sentence_index,
                    trigger_text, trigger_start, trigger_end, rule, coder_version, json,
                    sentence_rowid, story_rowid, actor_codes, recipient_codes, evidence, reported)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                    ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35)",
            )?
            .execute(params![
                e.id.as_str(),
                e.doc_id.as_str(),
                e.event_type.as_str(),
                e.mode.as_deref(),
                e.cameo.as_deref(),
                d.map(|d| d.value.to_string()),
                d.map(|d| d.end.to_string()),
                d.map(|d| d.precision.as_str()),
                d.map(|d| enum_str(&d.basis)),
                ac,
                ao,
                rc,
                ro,
                l.map(|l| l.name.as_str()),
                l.and_then(|l| l.country.as_deref()),
                l.map(|l| l.lat),
                l.map(|l| l.lon),
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
                serde_json::to_string(e)?,
                derived.sentence_rowid,
                story.rowid,
                r.actors.join(" "),
                r.recipients.join(" "),
                r.evidence.join(" "),
                derived.published.map(|p| p.to_string()),
            ])?;
        stats.events_added += 1;
        let rowid = self.tx.last_insert_rowid();
        for (role, list) in [(0, &e.actors), (1, &e.recipients)] {
            for (pos, a) in list.iter().enumerate() {
                self.tx
                    .prepare_cached(
                        "INSERT INTO event_actors(event_rowid, role, pos, text, start, \"end\", name, country, org,
                            body, sector, person, office, rule)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                    )?
                    .execute(params![
                        rowid,
                        role,
                        pos as i64,
                        a.text.as_str(),
                        a.start as i64,
                        a.end as i64,
                        a.name.as_str(),
                        a.country.as_deref(),
                        a.org.as_deref(),
                        a.body.as_deref(),
                        a.sector.as_deref(),
                        a.person.as_deref(),
                        a.role.as_deref(),
                        a.rule.as_str()
                    ])?;
            }
        }
        self.link_event(rowid, e, &derived, &story)?;
        if story.joined {
            stats.stories_joined += 1;
        } else {
            stats.stories_created += 1;
        }
        Ok(())
    }

    /// What the store derives from an event and its document.
    fn derive(&self, e: &Event, doc: Option<&DocInfo>) -> Result<Derived, StoreError> {
        let published = doc.and_then(|d| d.published);
        let sentence_rowid: Option<i64> = match doc {
            Some(d) => self
                .tx
                .prepare_cached("SELECT rowid FROM sentences WHERE doc_rowid = ?1 AND idx = ?2")?
                .query_row(params![d.rowid, e.sentence.index as i64], |r| r.get(0))
                .optional()?,
            None => None,
        };
        Ok(Derived {
            report: Report::from_event(e, published),
            published,
            sentence_rowid,
        })
    }

    /// Derived data of an event stored under schema 1 (the migration to
    /// schema 2): story, sentence link, codes, dyads.
    pub fn index_event(
        &self,
        rowid: i64,
        e: &Event,
        doc: Option<&DocInfo>,
    ) -> Result<bool, StoreError> {
        let derived = self.derive(e, doc)?;
        let story = self.assign_story(e, &derived)?;
        let r = &derived.report;
        self.tx
            .prepare_cached(
                "UPDATE events SET sentence_rowid = ?2, story_rowid = ?3, actor_codes = ?4, recipient_codes = ?5,
                    evidence = ?6, reported = ?7 WHERE rowid = ?1",
            )?
            .execute(params![
                rowid,
                derived.sentence_rowid,
                story.rowid,
                r.actors.join(" "),
                r.recipients.join(" "),
                r.evidence.join(" "),
                derived.published.map(|p| p.to_string()),
            ])?;
        self.link_event(rowid, e, &derived, &story)?;
        Ok(story.joined)
    }

    /// Rows pointing at a stored event: filter codes, dyads, the story's
    /// first report and candidate keys.
    fn link_event(
        &self,
        rowid: i64,
        e: &Event,
        derived: &Derived,
        story: &StoryChoice,
    ) -> Result<(), StoreError> {
        let report = &derived.report;
        let date = e
            .date
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default();
        if !story.joined {
            self.tx
                .prepare_cached("UPDATE stories SET first_event_rowid = ?2 WHERE rowid = ?1")?
                .execute(params![story.rowid, rowid])?;
        }
        for (role, list) in [(0, &e.actors), (1, &e.recipients)] {
            for a in list.iter() {
                for code in [&a.country, &a.org, &a.body].into_iter().flatten() {
                    self.tx
                        .prepare_cached(
                            "INSERT OR IGNORE INTO event_codes(code, role, date, event_rowid) VALUES (?1, ?2, ?3, ?4)",
                        )?
                        .execute(params![code.as_str(), role, date, rowid])?;
                }
            }
        }
        if !e.modality.negated && !e.modality.hypothetical {
            let month = e
                .date
                .as_ref()
                .map(|d| d.value)
                .or(derived.published)
                .map(|d| d.format("%Y-%m").to_string());
            if let Some(month) = month {
                let none = vec![String::new()];
                let recipients = if report.recipients.is_empty() {
                    &none
                } else {
                    &report.recipients
                };
                for a in &report.actors {
                    for r in recipients {
                        self.tx
                            .prepare_cached(
                                "INSERT OR IGNORE INTO dyad_events(actor, recipient, month, type, event_rowid, story_rowid)
                                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            )?
                            .execute(params![a, r, month, e.event_type.as_str(), rowid, story.rowid])?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Choose the story of a new report: the one holding its most similar
    /// matching report, else a new one; record the report in it.
    fn assign_story(&self, e: &Event, derived: &Derived) -> Result<StoryChoice, StoreError> {
        let report = &derived.report;
        let published = derived.published;
        let period = report.date.map(|d| d.period());
        let mut best: Option<(i64, f32)> = None;
        if let Some((start, end)) = period {
            let window = chrono::Duration::days(stories::WINDOW_DAYS);
            let lo = (start - window).to_string();
            let hi = (end + window).to_string();
            // Short stories (at most SHORT_STORY_DAYS long) start at most
            // that long before the window; long ones are looked for up to
            // MAX_STORY_DAYS back (longer periods come from year- or
            // decade-precise reports, which merge on strong evidence only).
            let short_oldest =
                (start - window - chrono::Duration::days(SHORT_STORY_DAYS)).to_string();
            let long_oldest = (start - window - chrono::Duration::days(MAX_STORY_DAYS)).to_string();
            let mut candidates: Vec<i64> = Vec::new();
            for code in report.key_codes() {
                for (long, oldest) in [(0, &short_oldest), (1, &long_oldest)] {
                    let mut stmt = self.tx.prepare_cached(
                        "SELECT story_rowid FROM story_keys
                         WHERE type = ?1 AND code = ?2 AND long = ?3 AND date_start >= ?4 AND date_start <= ?5
                            AND date_end >= ?6
                         ORDER BY date_start DESC LIMIT ?7",
                    )?;
                    let rows = stmt.query_map(
                        params![
                            report.event_type,
                            code,
                            long,
                            oldest,
                            hi,
                            lo,
                            CANDIDATES_PER_CODE
                        ],
                        |r| r.get::<_, i64>(0),
                    )?;
                    for s in rows {
                        let s = s?;
                        if !candidates.contains(&s) {
                            candidates.push(s);
                        }
                    }
                }
            }
            candidates.sort_unstable();
            for story in candidates {
                for other in self.story_reports(story)? {
                    if let Verdict::Same(sim) = stories::compare(report, &other) {
                        if best.is_none_or(|(_, b)| sim > b) {
                            best = Some((story, sim));
                        }
                    }
                }
            }
        }
        let reported = published
            .or(e.date.as_ref().map(|d| d.value))
            .map(|d| d.to_string());
        let (date, date_end) = match &e.date {
            Some(d) => (Some(d.value.to_string()), Some(d.end.to_string())),
            None => (
                published.map(|p| p.to_string()),
                published.map(|p| p.to_string()),
            ),
        };
        let choice = match best {
            Some((story, _)) => {
                self.tx
                    .prepare_cached(
                        "UPDATE stories SET reports = reports + 1,
                            date = CASE WHEN date IS NULL OR ?2 < date THEN ?2 ELSE date END,
                            date_end = CASE WHEN date_end IS NULL OR ?3 > date_end THEN ?3 ELSE date_end END,
                            first_reported = CASE WHEN first_reported IS NULL OR ?4 < first_reported THEN ?4 ELSE first_reported END,
                            last_reported = CASE WHEN last_reported IS NULL OR ?4 > last_reported THEN ?4 ELSE last_reported END
                         WHERE rowid = ?1",
                    )?
                    .execute(params![story, date, date_end, reported])?;
                StoryChoice {
                    rowid: story,
                    joined: true,
                }
            }
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO stories(id, type, actor_codes, recipient_codes, date, date_end, first_reported,
                            last_reported, reports, first_event_rowid)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 1, 0)",
                    )?
                    .execute(params![
                        format!("s-{}", e.id),
                        report.event_type,
                        report.actors.join(" "),
                        report.recipients.join(" "),
                        date,
                        date_end,
                        reported,
                    ])?;
                StoryChoice {
                    rowid: self.tx.last_insert_rowid(),
                    joined: false,
                }
            }
        };
        if let Some((start, end)) = period {
            let (start, end) = (start.to_string(), end.to_string());
            for code in report.key_codes() {
                self.tx
                    .prepare_cached(
                        "INSERT INTO story_keys(type, code, story_rowid, date_start, date_end, long)
                         VALUES (?1, ?2, ?3, ?4, ?5, julianday(?5) - julianday(?4) > ?6)
                         ON CONFLICT(type, code, story_rowid) DO UPDATE SET
                            date_start = min(date_start, excluded.date_start),
                            date_end = max(date_end, excluded.date_end),
                            long = julianday(max(date_end, excluded.date_end))
                                - julianday(min(date_start, excluded.date_start)) > ?6",
                    )?
                    .execute(params![
                        report.event_type,
                        code,
                        choice.rowid,
                        start,
                        end,
                        SHORT_STORY_DAYS
                    ])?;
            }
        }
        Ok(choice)
    }

    /// The most recent reports of a story, as the merge rule sees them.
    fn story_reports(&self, story: i64) -> Result<Vec<Report>, StoreError> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT doc_id, type, actor_codes, recipient_codes, date, date_end, date_precision, date_basis,
                    reported, place, lat, lon, negated, evidence, sentence_index
             FROM events WHERE story_rowid = ?1 ORDER BY rowid DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![story, REPORTS_COMPARED], |r| {
            let split =
                |s: String| -> Vec<String> { s.split_whitespace().map(str::to_string).collect() };
            let date = match (
                r.get::<_, Option<String>>(4)?.and_then(|d| parse_date(&d)),
                r.get::<_, Option<String>>(5)?.and_then(|d| parse_date(&d)),
            ) {
                (Some(start), Some(end)) => Some(ReportDate {
                    start,
                    end,
                    precision: r
                        .get::<_, Option<String>>(6)?
                        .and_then(|s| parse_enum(&s))
                        .unwrap_or(Precision::Day),
                    basis: r
                        .get::<_, Option<String>>(7)?
                        .and_then(|s| parse_enum(&s))
                        .unwrap_or(DateBasis::Publication),
                }),
                _ => r
                    .get::<_, Option<String>>(8)?
                    .and_then(|d| parse_date(&d))
                    .map(|p| ReportDate {
                        start: p,
                        end: p,
                        precision: Precision::Day,
                        basis: DateBasis::Publication,
                    }),
            };
            let place = match (
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<f64>>(10)?,
                r.get::<_, Option<f64>>(11)?,
            ) {
                (Some(name), Some(lat), Some(lon)) => Some(ReportPlace { name, lat, lon }),
                _ => None,
            };
            Ok(Report {
                doc_id: r.get(0)?,
                sentence: r.get::<_, i64>(14)? as usize,
                event_type: r.get(1)?,
                actors: split(r.get(2)?),
                recipients: split(r.get(3)?),
                date,
                place,
                negated: r.get(12)?,
                evidence: split(r.get(13)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
