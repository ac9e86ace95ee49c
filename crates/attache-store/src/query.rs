//! Queries over a store, returning typed rows: the command line prints
//! them, the HTTP API serialises them.

use std::collections::{BTreeMap, HashMap};

use attache_types::Event;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};
use serde::Serialize;

use crate::{Store, StoreError};

/// Filters of `attache events`.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Country, organisation or body code on the actor side.
    pub actor: Option<String>,
    /// Country, organisation or body code on the recipient side.
    pub recipient: Option<String>,
    /// PLOVER event type.
    pub event_type: Option<String>,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// Events dated (the first day of their period) on or after this day.
    pub since: Option<NaiveDate>,
    /// Events dated (the first day of their period) on or before this day.
    pub until: Option<NaiveDate>,
    /// Place name (case-insensitive) or the place's country code.
    pub place: Option<String>,
    /// Words that must all occur in the event's sentence (full-text, stemmed).
    pub text: Option<String>,
    /// Most rows returned (0: no limit).
    pub limit: usize,
}

/// The document an event or hit comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocMeta {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
}

/// One event found by [`Store::events`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventHit {
    #[serde(flatten)]
    pub event: Event,
    /// The story the event is a report of.
    pub story_id: Option<String>,
    /// Reports in that story.
    pub story_reports: Option<u64>,
    /// The document (absent for events imported without their document).
    pub doc: Option<DocMeta>,
}

/// The story an event belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryOf {
    pub id: String,
    pub reports: u64,
}

/// One report of a story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportRef {
    pub event_id: String,
    pub doc_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub date: Option<String>,
    pub trigger: String,
    pub sentence: String,
}

/// A story-event: every report of one real-world event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryRow {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: String,
    pub actors: Vec<String>,
    pub recipients: Vec<String>,
    /// First day of the reports' periods.
    pub date: Option<String>,
    /// Last day of the reports' periods.
    pub date_end: Option<String>,
    pub first_reported: Option<String>,
    pub last_reported: Option<String>,
    pub report_count: u64,
    /// The reports, in the order they were stored.
    pub reports: Vec<ReportRef>,
}

/// Text search over articles.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    /// FTS5 query (words, "phrases", AND/OR/NOT, NEAR, prefix*); when it is
    /// not valid FTS5 syntax its words are searched for instead.
    pub query: String,
    pub limit: usize,
    /// Markers around matched words in snippets.
    pub open: String,
    pub close: String,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            query: String::new(),
            limit: 20,
            open: "[".into(),
            close: "]".into(),
        }
    }
}

/// One article found by [`Store::search`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub doc: DocMeta,
    /// Matched passage with the matched words between the markers.
    pub snippet: String,
    /// bm25 relevance (higher is better; SQLite's bm25 negated).
    pub score: f64,
    /// Events coded in the article.
    pub events: u64,
}

/// Time unit of dyad summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Period {
    #[default]
    Month,
    Year,
}

/// Filters of `attache dyads`.
#[derive(Debug, Clone, Default)]
pub struct DyadQuery {
    pub actor: Option<String>,
    pub recipient: Option<String>,
    pub by: Period,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Count stories (distinct real-world events) instead of reports.
    pub stories: bool,
    /// With `actor`: also count events where it is the recipient, with the
    /// partner in the recipient column.
    pub undirected: bool,
}

/// Counts per PLOVER quad class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Quads {
    pub verbal_cooperation: u64,
    pub material_cooperation: u64,
    pub verbal_conflict: u64,
    pub material_conflict: u64,
}

/// One dyad in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadRow {
    pub actor: String,
    /// Absent for events without a recipient (protests, mobilisations).
    pub recipient: Option<String>,
    /// `YYYY-MM` or `YYYY`.
    pub period: String,
    /// Events (or stories) counted.
    pub events: u64,
    /// Counts per PLOVER type.
    pub counts: BTreeMap<String, u64>,
    pub quads: Quads,
    /// Mean PLOVER cooperation–conflict score (−10 … +10).
    pub score: f64,
    /// Sum of the scores.
    pub score_total: f64,
}

/// PLOVER cooperation–conflict scores and quad classes per event type.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    types: HashMap<String, (f64, String)>,
}

impl Scores {
    /// The scores of the knowledge base (`data/events/plover.tsv`).
    pub fn from_kb(kb: &attache_kb::Kb) -> Scores {
        let types = kb
            .event_types
            .iter()
            .map(|t| (t.name.clone(), (f64::from(t.score), t.quad.clone())))
            .collect();
        Scores { types }
    }

    /// Score and quad class of a type.
    pub fn get(&self, event_type: &str) -> Option<(f64, &str)> {
        self.types.get(event_type).map(|(s, q)| (*s, q.as_str()))
    }
}

/// A partner of an actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partner {
    pub code: String,
    /// Events between the two, either direction.
    pub events: u64,
}

/// An actor ranked by activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorRow {
    pub code: String,
    /// The name the store holds most often for the code.
    pub name: Option<String>,
    /// Events it is an actor of.
    pub as_actor: u64,
    /// Events it is a recipient of.
    pub as_recipient: u64,
    /// Events it takes part in.
    pub events: u64,
    /// Main partners, most events first.
    pub partners: Vec<Partner>,
}

/// Turn free words into an FTS5 query that requires each of them.
pub fn fts_words(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn is_fts_syntax_error(e: &rusqlite::Error) -> bool {
    let msg = e.to_string();
    msg.contains("fts5") || msg.contains("syntax error") || msg.contains("unterminated")
}

fn code(s: &str) -> String {
    s.trim().to_uppercase()
}

impl Store {
    /// Events matching `q`, latest first.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventHit>, StoreError> {
        let rowids = self.matching_events(q, q.limit)?;
        let conn = self.connection();
        let mut stmt = conn.prepare_cached(
            "SELECT e.json, s.id, s.reports, d.id, d.title, d.url, d.source, d.published
             FROM events e LEFT JOIN stories s ON s.rowid = e.story_rowid
             LEFT JOIN documents d ON d.id = e.doc_id WHERE e.rowid = ?1",
        )?;
        let mut out = Vec::with_capacity(rowids.len());
        for rowid in rowids {
            let hit = stmt.query_row([rowid], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    match r.get::<_, Option<String>>(3)? {
                        Some(id) => Some(DocMeta {
                            id,
                            title: r.get(4)?,
                            url: r.get(5)?,
                            source: r.get(6)?,
                            published: r.get(7)?,
                        }),
                        None => None,
                    },
                ))
            })?;
            out.push(EventHit {
                event: serde_json::from_str(&hit.0)?,
                story_id: hit.1,
                story_reports: hit.2.map(|n| n as u64),
                doc: hit.3,
            });
        }
        Ok(out)
    }

    /// Every event matching `q` (its `limit` ignored) in the order stored,
    /// with its document and story; with `stories`, only the first report
    /// of each story.
    pub fn for_each_event(
        &self,
        q: &EventQuery,
        stories: bool,
        mut f: impl FnMut(&Event, Option<&DocMeta>, Option<&StoryOf>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let filtered = q.actor.is_some()
            || q.recipient.is_some()
            || q.event_type.is_some()
            || q.mode.is_some()
            || q.since.is_some()
            || q.until.is_some()
            || q.place.is_some()
            || q.text.is_some();
        let mut rowids = if filtered {
            self.matching_events(q, 0)?
        } else {
            Vec::new()
        };
        rowids.sort_unstable();
        let conn = self.connection();
        let sql = "SELECT e.rowid, e.json, s.id, s.reports, s.first_event_rowid, d.id, d.title, d.url, d.source, d.published
             FROM events e LEFT JOIN stories s ON s.rowid = e.story_rowid
             LEFT JOIN documents d ON d.id = e.doc_id";
        let mut one = conn.prepare(&format!("{sql} WHERE e.rowid = ?1"))?;
        let mut all = conn.prepare(&format!("{sql} ORDER BY e.rowid"))?;
        let mut handle = |r: &rusqlite::Row<'_>| -> Result<(), StoreError> {
            let rowid: i64 = r.get(0)?;
            let story = match r.get::<_, Option<String>>(2)? {
                Some(id) => Some(StoryOf {
                    id,
                    reports: r.get::<_, i64>(3)? as u64,
                }),
                None => None,
            };
            if stories && r.get::<_, Option<i64>>(4)? != Some(rowid) {
                return Ok(());
            }
            let doc = match r.get::<_, Option<String>>(5)? {
                Some(id) => Some(DocMeta {
                    id,
                    title: r.get(6)?,
                    url: r.get(7)?,
                    source: r.get(8)?,
                    published: r.get(9)?,
                }),
                None => None,
            };
            let event: Event = serde_json::from_str(&r.get::<_, String>(1)?)?;
            f(&event, doc.as_ref(), story.as_ref())
        };
        if filtered {
            for rowid in rowids {
                let mut rows = one.query([rowid])?;
                if let Some(r) = rows.next()? {
                    handle(r)?;
                }
            }
        } else {
            let mut rows = all.query([])?;
            while let Some(r) = rows.next()? {
                handle(r)?;
            }
        }
        Ok(())
    }

    /// Stories with at least one report matching `q`, latest first.
    pub fn stories(&self, q: &EventQuery) -> Result<Vec<StoryRow>, StoreError> {
        let rowids = self.matching_events(q, 0)?;
        let conn = self.connection();
        let mut story_of =
            conn.prepare_cached("SELECT story_rowid FROM events WHERE rowid = ?1")?;
        let mut seen: Vec<i64> = Vec::new();
        for rowid in rowids {
            let s: Option<i64> = story_of.query_row([rowid], |r| r.get(0))?;
            if let Some(s) = s {
                if !seen.contains(&s) {
                    seen.push(s);
                    if q.limit > 0 && seen.len() >= q.limit {
                        break;
                    }
                }
            }
        }
        seen.iter().map(|&s| self.story(s)).collect()
    }

    /// Every story, in the order they were created.
    pub fn for_each_story(
        &self,
        mut f: impl FnMut(StoryRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .connection()
            .prepare("SELECT rowid FROM stories ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(self.story(r.get(0)?)?)?;
        }
        Ok(())
    }

    /// One story by its id (`s-…`).
    pub fn story_by_id(&self, id: &str) -> Result<Option<StoryRow>, StoreError> {
        let rowid: Option<i64> = rusqlite::OptionalExtension::optional(
            self.connection()
                .query_row("SELECT rowid FROM stories WHERE id = ?1", [id], |r| {
                    r.get(0)
                }),
        )?;
        rowid.map(|r| self.story(r)).transpose()
    }

    fn story(&self, rowid: i64) -> Result<StoryRow, StoreError> {
        let conn = self.connection();
        let mut row = conn
            .prepare_cached(
                "SELECT id, type, actor_codes, recipient_codes, date, date_end, first_reported, last_reported, reports
                 FROM stories WHERE rowid = ?1",
            )?
            .query_row([rowid], |r| {
                let split = |s: String| s.split_whitespace().map(str::to_string).collect();
                Ok(StoryRow {
                    id: r.get(0)?,
                    event_type: r.get(1)?,
                    actors: split(r.get(2)?),
                    recipients: split(r.get(3)?),
                    date: r.get(4)?,
                    date_end: r.get(5)?,
                    first_reported: r.get(6)?,
                    last_reported: r.get(7)?,
                    report_count: r.get::<_, i64>(8)? as u64,
                    reports: Vec::new(),
                })
            })?;
        let mut stmt = conn.prepare_cached(
            "SELECT e.id, e.doc_id, d.title, d.url, d.source, d.published, e.date, e.trigger_text,
                    coalesce(s.text, json_extract(e.json, '$.sentence.text'))
             FROM events e LEFT JOIN documents d ON d.id = e.doc_id
             LEFT JOIN sentences s ON s.rowid = e.sentence_rowid
             WHERE e.story_rowid = ?1 ORDER BY e.rowid",
        )?;
        let reports = stmt.query_map([rowid], |r| {
            Ok(ReportRef {
                event_id: r.get(0)?,
                doc_id: r.get(1)?,
                title: r.get(2)?,
                url: r.get(3)?,
                source: r.get(4)?,
                published: r.get(5)?,
                date: r.get(6)?,
                trigger: r.get(7)?,
                sentence: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
            })
        })?;
        row.reports = reports.collect::<Result<_, _>>()?;
        Ok(row)
    }

    /// Row ids of matching events, latest first (`limit` 0: all).
    ///
    /// With an actor or recipient code the scan runs down that code's
    /// entries in date order and stops at `limit`; otherwise down the
    /// events' date index.
    fn matching_events(&self, q: &EventQuery, limit: usize) -> Result<Vec<i64>, StoreError> {
        let mut args: Vec<Value> = Vec::new();
        let driver = match (&q.actor, &q.recipient) {
            (Some(a), _) => Some((code(a), 0)),
            (None, Some(r)) => Some((code(r), 1)),
            (None, None) => None,
        };
        let (mut sql, date_col, order) = match &driver {
            Some((c, role)) => {
                args.push(Value::Text(c.clone()));
                args.push(Value::Integer(*role));
                (
                    String::from(
                        "SELECT e.rowid FROM event_codes c JOIN events e ON e.rowid = c.event_rowid
                         WHERE c.code = ? AND c.role = ?",
                    ),
                    "c.date",
                    " ORDER BY c.date DESC, c.event_rowid DESC",
                )
            }
            None => (
                String::from("SELECT e.rowid FROM events e WHERE 1"),
                "e.date",
                " ORDER BY e.date DESC, e.rowid DESC",
            ),
        };
        if let (Some(_), Some(r)) = (&q.actor, &q.recipient) {
            // Same event, same date: a full key seek per candidate.
            sql.push_str(
                " AND EXISTS (SELECT 1 FROM event_codes r WHERE r.code = ? AND r.role = 1
                    AND r.date = c.date AND r.event_rowid = c.event_rowid)",
            );
            args.push(Value::Text(code(r)));
        }
        if let Some(t) = &q.event_type {
            sql.push_str(" AND e.type = ?");
            args.push(Value::Text(code(t)));
        }
        if let Some(m) = &q.mode {
            sql.push_str(" AND e.mode = ?");
            args.push(Value::Text(m.trim().to_lowercase()));
        }
        if let Some(d) = q.since {
            sql.push_str(&format!(" AND {date_col} >= ?"));
            args.push(Value::Text(d.to_string()));
        }
        if let Some(d) = q.until {
            sql.push_str(&format!(" AND {date_col} <= ? AND {date_col} > ''"));
            args.push(Value::Text(d.to_string()));
        }
        if let Some(p) = &q.place {
            sql.push_str(" AND (e.place = ? COLLATE NOCASE OR e.place_country = ?)");
            args.push(Value::Text(p.trim().to_string()));
            args.push(Value::Text(code(p)));
        }
        if let Some(t) = &q.text {
            let Some(m) = fts_words(t) else {
                return Err(StoreError::Query(format!("--text {t:?} has no words")));
            };
            sql.push_str(
                " AND e.sentence_rowid IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)",
            );
            args.push(Value::Text(m));
        }
        sql.push_str(order);
        if limit > 0 {
            sql.push_str(" LIMIT ?");
            args.push(Value::Integer(limit as i64));
        }
        let mut stmt = self.connection().prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| r.get::<_, i64>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Articles matching a full-text query, best first.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>, StoreError> {
        match self.search_raw(q, &q.query) {
            Err(StoreError::Sqlite(e)) if is_fts_syntax_error(&e) => match fts_words(&q.query) {
                Some(words) => self.search_raw(q, &words),
                None => Ok(Vec::new()),
            },
            other => other,
        }
    }

    fn search_raw(&self, q: &SearchQuery, fts: &str) -> Result<Vec<SearchHit>, StoreError> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT d.id, d.title, d.url, d.source, d.published,
                    snippet(documents_fts, -1, ?2, ?3, '…', 24), bm25(documents_fts),
                    (SELECT count(*) FROM events e WHERE e.doc_id = d.id)
             FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
             WHERE documents_fts MATCH ?1 ORDER BY bm25(documents_fts) LIMIT ?4",
        )?;
        let limit = if q.limit == 0 { -1 } else { q.limit as i64 };
        let rows = stmt.query_map(params![fts, q.open, q.close, limit], |r| {
            Ok(SearchHit {
                doc: DocMeta {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    url: r.get(2)?,
                    source: r.get(3)?,
                    published: r.get(4)?,
                },
                snippet: r.get(5)?,
                score: -r.get::<_, f64>(6)?,
                events: r.get::<_, i64>(7)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Counts per event type and cooperation–conflict scores per dyad and
    /// period (only events neither negated nor hypothetical count).
    pub fn dyads(&self, q: &DyadQuery, scores: &Scores) -> Result<Vec<DyadRow>, StoreError> {
        let mut acc = DyadAcc::default();
        let mut passes: Vec<(bool, Option<String>, Option<String>)> = vec![(
            false,
            q.actor.as_deref().map(code),
            q.recipient.as_deref().map(code),
        )];
        if q.undirected {
            if let Some(a) = &q.actor {
                // The actor as recipient: partners in the actor column.
                passes.push((true, q.recipient.as_deref().map(code), Some(code(a))));
            }
        }
        for (swap, actor, recipient) in passes {
            dyad_pass(
                self.connection(),
                q,
                actor.as_deref(),
                recipient.as_deref(),
                swap,
                scores,
                &mut acc,
            )?;
        }
        let mut rows = acc.rows;
        for r in &mut rows {
            if r.events > 0 {
                r.score = r.score_total / r.events as f64;
            }
        }
        rows.sort_unstable_by(|a, b| {
            (&a.actor, &a.recipient, &a.period).cmp(&(&b.actor, &b.recipient, &b.period))
        });
        Ok(rows)
    }

    /// The most active actors (by events taken part in) with their main partners.
    pub fn actors(&self, limit: usize, partners: usize) -> Result<Vec<ActorRow>, StoreError> {
        let conn = self.connection();
        let mut stmt = conn.prepare(
            "SELECT code, sum(role = 0), sum(role = 1), count(DISTINCT event_rowid) AS n
             FROM event_codes GROUP BY code ORDER BY n DESC, code LIMIT ?1",
        )?;
        let limit = if limit == 0 { -1 } else { limit as i64 };
        let mut rows: Vec<ActorRow> = stmt
            .query_map([limit], |r| {
                Ok(ActorRow {
                    code: r.get(0)?,
                    name: None,
                    as_actor: r.get::<_, i64>(1)? as u64,
                    as_recipient: r.get::<_, i64>(2)? as u64,
                    events: r.get::<_, i64>(3)? as u64,
                    partners: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut name = conn.prepare_cached(
            "SELECT name FROM event_actors WHERE org = ?1 OR (org IS NULL AND country = ?1)
             GROUP BY name ORDER BY max(person IS NULL AND sector IS NULL) DESC, count(*) DESC, name LIMIT 1",
        )?;
        let mut out_partners = conn.prepare_cached(
            "SELECT recipient, count(DISTINCT event_rowid) FROM dyad_events
             WHERE actor = ?1 AND recipient <> '' AND recipient <> ?1 GROUP BY recipient",
        )?;
        let mut in_partners = conn.prepare_cached(
            "SELECT actor, count(DISTINCT event_rowid) FROM dyad_events
             WHERE recipient = ?1 AND actor <> ?1 GROUP BY actor",
        )?;
        for row in &mut rows {
            row.name = rusqlite::OptionalExtension::optional(
                name.query_row([&row.code], |r| r.get::<_, String>(0)),
            )?;
            let mut tally: HashMap<String, u64> = HashMap::new();
            for stmt in [&mut out_partners, &mut in_partners] {
                let found = stmt.query_map([&row.code], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
                })?;
                for f in found {
                    let (c, n) = f?;
                    *tally.entry(c).or_default() += n;
                }
            }
            let mut list: Vec<Partner> = tally
                .into_iter()
                .map(|(code, events)| Partner { code, events })
                .collect();
            list.sort_by(|a, b| b.events.cmp(&a.events).then(a.code.cmp(&b.code)));
            list.truncate(partners);
            row.partners = list;
        }
        Ok(rows)
    }
}

fn dyad_pass(
    conn: &Connection,
    q: &DyadQuery,
    actor: Option<&str>,
    recipient: Option<&str>,
    swap: bool,
    scores: &Scores,
    acc: &mut DyadAcc,
) -> Result<(), StoreError> {
    // Grouped in the order of the dyad indexes (no sort); years are summed
    // from months here, except for distinct stories, which SQL must count
    // per year.
    let sql_years = q.stories && q.by == Period::Year;
    let period = if sql_years {
        "substr(month, 1, 4)"
    } else {
        "month"
    };
    let count = if q.stories {
        "count(DISTINCT story_rowid)"
    } else {
        "count(*)"
    };
    let mut sql =
        format!("SELECT actor, recipient, {period} AS p, type, {count} FROM dyad_events WHERE 1");
    let mut args: Vec<Value> = Vec::new();
    if let Some(a) = actor {
        sql.push_str(" AND actor = ?");
        args.push(Value::Text(a.to_string()));
    }
    if let Some(r) = recipient {
        sql.push_str(" AND recipient = ?");
        args.push(Value::Text(r.to_string()));
    }
    if let Some(d) = q.since {
        sql.push_str(" AND month >= ?");
        args.push(Value::Text(d.format("%Y-%m").to_string()));
    }
    if let Some(d) = q.until {
        sql.push_str(" AND month <= ?");
        args.push(Value::Text(d.format("%Y-%m").to_string()));
    }
    if actor.is_none() && recipient.is_some() {
        sql.push_str(" GROUP BY recipient, p, actor, type");
    } else {
        sql.push_str(" GROUP BY actor, p, recipient, type");
    }
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args))?;
    while let Some(r) = rows.next()? {
        let (mut a, mut b) = (text(r, 0)?, text(r, 1)?);
        if swap {
            std::mem::swap(&mut a, &mut b);
        }
        let month = text(r, 2)?;
        let p = match q.by {
            Period::Year => month.get(..4).unwrap_or(month),
            Period::Month => month,
        };
        let t = text(r, 3)?;
        let n = r.get::<_, i64>(4)? as u64;
        let row = acc.row(a, b, p);
        row.events += n;
        if let Some((score, quad)) = scores.get(t) {
            row.score_total += score * n as f64;
            match quad {
                "verbal_cooperation" => row.quads.verbal_cooperation += n,
                "material_cooperation" => row.quads.material_cooperation += n,
                "verbal_conflict" => row.quads.verbal_conflict += n,
                "material_conflict" => row.quads.material_conflict += n,
                _ => {}
            }
        }
        match row.counts.get_mut(t) {
            Some(c) => *c += n,
            None => {
                row.counts.insert(t.to_string(), n);
            }
        }
    }
    Ok(())
}

/// A text column, borrowed.
fn text<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> Result<&'a str, StoreError> {
    r.get_ref(i)?.as_str().map_err(|e| {
        StoreError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            Box::new(e),
        ))
    })
}

/// Dyad rows being summed, found by (actor, recipient, period) without
/// allocating for rows already there.
#[derive(Default)]
struct DyadAcc {
    rows: Vec<DyadRow>,
    index: HashMap<String, usize>,
    key: String,
}

impl DyadAcc {
    fn row(&mut self, actor: &str, recipient: &str, period: &str) -> &mut DyadRow {
        self.key.clear();
        for part in [actor, "\u{1f}", recipient, "\u{1f}", period] {
            self.key.push_str(part);
        }
        let i = match self.index.get(self.key.as_str()) {
            Some(&i) => i,
            None => {
                self.rows.push(DyadRow {
                    actor: actor.to_string(),
                    recipient: (!recipient.is_empty()).then(|| recipient.to_string()),
                    period: period.to_string(),
                    events: 0,
                    counts: BTreeMap::new(),
                    quads: Quads::default(),
                    score: 0.0,
                    score_total: 0.0,
                });
                self.index.insert(self.key.clone(), self.rows.len() - 1);
                self.rows.len() - 1
            }
        };
        &mut self.rows[i]
    }
}
