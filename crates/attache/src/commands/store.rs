//! The store commands: `ingest`, `import-events`, `events`, `search`,
//! `dyads`, `actors`, `export`, `stats`. What they compute lives in
//! `attache-store` (shared with the HTTP API); this file parses arguments,
//! drives the coding pipeline and prints.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use attache::pipeline::{self, Input, Output};
use attache_code::{Coded, Coder};
use attache_ingest::IngestOptions;
use attache_store::{
    Batch, BatchStats, DyadQuery, EventQuery, NewDoc, Period, Scores, SearchQuery, Store,
};
use attache_types::{CharIndex, DocRecord, Document, ErrorRecord, Event, Record, SentenceRef};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use crate::cli::{
    ActorsArgs, By, DyadsArgs, EventsArgs, ExportArgs, ExportFormat, FilterArgs, ImportEventsArgs,
    IngestArgs, SearchArgs, StatsArgs,
};

/// A progress display on stderr, drawn only when stderr is a terminal.
fn progress(total: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(n) => {
            let bar = ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} eta {eta} {msg}")
            {
                bar.set_style(style);
            }
            bar
        }
        None => {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} {elapsed} {pos} documents ({per_sec}) {msg}",
            ) {
                bar.set_style(style);
            }
            bar
        }
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// The sentences of a coded document in character offsets.
fn sentence_refs(doc: &Document, coded: &Coded) -> Vec<SentenceRef> {
    let index = CharIndex::new(&doc.text);
    coded
        .sentences
        .iter()
        .enumerate()
        .map(|(i, s)| SentenceRef {
            index: i,
            start: index.char_of(s.start),
            end: index.char_of(s.end),
            text: doc.text.get(s.start..s.end).unwrap_or_default().to_string(),
        })
        .collect()
}

/// Sentences of a stored document record (for imports, which carry none):
/// the coder's own splitter over the record's text.
fn split_record(record: &DocRecord) -> Vec<SentenceRef> {
    let mut found = Vec::new();
    attache_text::split_sentences(&record.text, &mut found);
    let index = CharIndex::new(&record.text);
    found
        .iter()
        .enumerate()
        .map(|(i, s)| SentenceRef {
            index: i,
            start: index.char_of(s.start),
            end: index.char_of(s.end),
            text: record
                .text
                .get(s.start..s.end)
                .unwrap_or_default()
                .to_string(),
        })
        .collect()
}

#[derive(Debug, Default, Serialize)]
struct IngestReport {
    db: String,
    #[serde(flatten)]
    added: BatchStats,
    inputs: usize,
    failed_inputs: usize,
    coded_docs: usize,
    coded_events: usize,
    totals: attache_store::Counts,
}

/// Whether a `.jsonl` file holds events or `attache code` records rather
/// than articles (judged by its first non-blank line).
fn is_event_file(path: &Path) -> bool {
    if !path.is_file() || path.extension().and_then(|e| e.to_str()) != Some("jsonl") {
        return false;
    }
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut reader = BufReader::new(file).take(4 << 20);
    let mut line = String::new();
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) if line.trim().is_empty() => continue,
            Ok(_) => break,
        }
    }
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str(line.trim()) else {
        return false;
    };
    let envelope = map.contains_key("data")
        && map
            .get("type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| matches!(t, "doc" | "event" | "error" | "summary"));
    let event = map.contains_key("trigger") && map.contains_key("doc_id");
    envelope || event
}

pub fn ingest(args: &IngestArgs, overlay: Option<&Path>) -> Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("configuring worker threads")?;
    }
    let mut articles: Vec<Input> = Vec::new();
    let mut event_files: Vec<String> = Vec::new();
    for arg in &args.inputs {
        let input = Input::parse(arg);
        if let Input::Path(p) = &input {
            if !p.exists() {
                bail!("{}: no such file or directory", p.display());
            }
            if is_event_file(p) {
                event_files.push(arg.clone());
                continue;
            }
        }
        articles.push(input);
    }
    let db = &args.db.db;
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let mut report = IngestReport {
        db: db.display().to_string(),
        inputs: event_files.len(),
        ..IngestReport::default()
    };
    if !articles.is_empty() {
        let kb = super::load_kb(overlay)?;
        let coder = Coder::new(kb);
        let opts = IngestOptions {
            max_doc_bytes: args.max_doc_bytes,
            split_articles: !args.no_split,
        };
        let bar = progress(None);
        let per_batch = args.batch.max(1);
        let mut batch = Batch::default();
        let mut added = BatchStats::default();
        let mut flush = |batch: &mut Batch, added: &mut BatchStats| -> Result<()> {
            if batch.is_empty() {
                return Ok(());
            }
            let stats = store
                .insert(batch)
                .with_context(|| format!("writing to {}", db.display()))?;
            added.add(&stats);
            bar.inc(batch.docs.len() as u64);
            bar.set_message(format!(
                "{} new documents, {} new events, {} stories",
                added.docs_added, added.events_added, added.stories_created
            ));
            *batch = Batch::default();
            Ok(())
        };
        // Store rows are built on the worker threads; writes stay in order.
        let render = |out: Output| match out {
            Output::Error(e) => Err(e),
            Output::Doc(b) => {
                let (doc, coded) = *b;
                Ok(NewDoc {
                    record: coder.doc_record(&doc, &coded),
                    sentences: sentence_refs(&doc, &coded),
                    events: coded.events,
                })
            }
        };
        let summary = pipeline::run(&articles, &opts, &coder, render, |out| -> Result<()> {
            match out {
                Err(e) => {
                    bar.suspend(|| match e.record {
                        Some(r) => {
                            eprintln!("error: {} [record {r}]: {}: {}", e.path, e.code, e.message)
                        }
                        None => eprintln!("error: {}: {}: {}", e.path, e.code, e.message),
                    });
                    batch.errors.push(e);
                }
                Ok(doc) => batch.docs.push(doc),
            }
            if batch.docs.len() >= per_batch {
                flush(&mut batch, &mut added)?;
            }
            Ok(())
        })?;
        flush(&mut batch, &mut added)?;
        bar.finish_and_clear();
        report.added.add(&added);
        report.failed_inputs += summary.failed_inputs;
        report.coded_docs += summary.docs;
        report.coded_events += summary.events;
        report.inputs += summary.inputs;
    }
    for file in &event_files {
        let stats = import_file(&mut store, file, 2048)?;
        report.added.add(&stats);
    }
    report.totals = store.counts()?;
    if args.json {
        print_json(&report)?;
    } else {
        let a = &report.added;
        eprintln!(
            "stored {} new documents ({} already stored), {} new events ({} already stored): {} new stories, {} reports joined a story; {} errors",
            a.docs_added,
            a.docs_skipped,
            a.events_added,
            a.events_skipped,
            a.stories_created,
            a.stories_joined,
            a.errors_added
        );
        let t = &report.totals;
        eprintln!(
            "{} now holds {} documents, {} events, {} stories",
            report.db, t.documents, t.events, t.stories
        );
    }
    Ok(if report.failed_inputs > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One line of an events file.
enum Line {
    Doc(Box<DocRecord>),
    Event(Box<Event>),
    Skip,
}

fn parse_line(text: &str) -> std::result::Result<Line, serde_json::Error> {
    let value: serde_json::Value = serde_json::from_str(text)?;
    let envelope = value.get("data").is_some()
        && value
            .get("type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| matches!(t, "doc" | "event" | "error" | "summary"));
    if envelope {
        return Ok(match serde_json::from_value::<Record>(value)? {
            Record::Doc(d) => Line::Doc(d),
            Record::Event(e) => Line::Event(e),
            Record::Error(_) | Record::Summary(_) => Line::Skip,
        });
    }
    Ok(Line::Event(Box::new(serde_json::from_value(value)?)))
}

/// Store the documents and events of one JSON Lines file.
fn import_file(store: &mut Store, name: &str, per_batch: usize) -> Result<BatchStats> {
    let reader: Box<dyn BufRead> = if name == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        Box::new(BufReader::new(
            File::open(name).with_context(|| format!("opening {name}"))?,
        ))
    };
    let bar = progress(None);
    let mut added = BatchStats::default();
    let mut batch = Batch::default();
    let mut pending = 0usize;
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{name}: reading line {}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(&line) {
            Ok(Line::Doc(record)) => {
                if pending >= per_batch {
                    added.add(&store.insert(&batch)?);
                    bar.inc(pending as u64);
                    batch = Batch::default();
                    pending = 0;
                }
                let sentences = split_record(&record);
                batch.docs.push(NewDoc {
                    record: *record,
                    sentences,
                    events: Vec::new(),
                });
                pending += 1;
            }
            Ok(Line::Event(event)) => {
                match batch.docs.last_mut() {
                    Some(doc) if doc.record.id == event.doc_id => doc.events.push(*event),
                    _ => batch.events.push(*event),
                }
                pending += 1;
            }
            Ok(Line::Skip) => {}
            Err(e) => {
                let err = ErrorRecord {
                    path: name.to_string(),
                    record: Some(n as u64 + 1),
                    code: "malformed_event".into(),
                    message: e.to_string(),
                };
                bar.suspend(|| {
                    eprintln!(
                        "error: {name} [record {}]: {}: {}",
                        n + 1,
                        err.code,
                        err.message
                    )
                });
                batch.errors.push(err);
            }
        }
    }
    if !batch.is_empty() {
        added.add(&store.insert(&batch)?);
        bar.inc(pending as u64);
    }
    bar.finish_and_clear();
    Ok(added)
}

pub fn import_events(args: &ImportEventsArgs) -> Result<ExitCode> {
    let db = &args.db.db;
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let mut added = BatchStats::default();
    for file in &args.files {
        added.add(&import_file(&mut store, file, args.batch.max(1))?);
    }
    if args.json {
        print_json(&added)?;
    } else {
        eprintln!(
            "stored {} new documents, {} new events ({} already stored): {} new stories, {} reports joined a story; {} errors",
            added.docs_added,
            added.events_added,
            added.events_skipped,
            added.stories_created,
            added.stories_joined,
            added.errors_added
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn open_existing(db: &Path) -> Result<Store> {
    Ok(Store::open_existing(db)?)
}

fn parse_date(arg: &str, value: &Option<String>, last: bool) -> Result<Option<chrono::NaiveDate>> {
    value
        .as_deref()
        .map(|v| {
            attache_kb::parse_kb_date(v, last).with_context(|| {
                format!("{arg}: expected YYYY-MM-DD, YYYY-MM or YYYY, found {v:?}")
            })
        })
        .transpose()
}

fn event_query(f: &FilterArgs, limit: usize) -> Result<EventQuery> {
    Ok(EventQuery {
        actor: f.actor.clone(),
        recipient: f.recipient.clone(),
        event_type: f.event_type.clone(),
        mode: f.mode.clone(),
        since: parse_date("--since", &f.since, false)?,
        until: parse_date("--until", &f.until, true)?,
        place: f.place.clone(),
        text: f.text.clone(),
        limit,
    })
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string(value)?;
    text.push('\n');
    emit(&text)
}

fn codes(list: &[attache_types::Actor]) -> String {
    if list.is_empty() {
        return "—".into();
    }
    list.iter()
        .map(|a| {
            attache_store::stories::party_code(a)
                .unwrap_or("?")
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("+")
}

pub fn events(args: &EventsArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db.db)?;
    let q = event_query(&args.filter, args.limit)?;
    let mut text = String::new();
    if args.stories {
        let stories = store.stories(&q)?;
        if args.json {
            print_json(&stories)?;
            return Ok(ExitCode::SUCCESS);
        }
        for s in &stories {
            let arrow = if attache_store::stories::SYMMETRIC_TYPES.contains(&s.event_type.as_str())
            {
                "↔"
            } else {
                "→"
            };
            let dash = |v: &[String]| {
                if v.is_empty() {
                    "—".to_string()
                } else {
                    v.join("+")
                }
            };
            text.push_str(&format!(
                "{}  {}  {} {arrow} {}  {}..{}  {} report{} (first {}, last {})\n",
                s.date.as_deref().unwrap_or("????-??-??"),
                s.event_type,
                dash(&s.actors),
                dash(&s.recipients),
                s.date.as_deref().unwrap_or("?"),
                s.date_end.as_deref().unwrap_or("?"),
                s.report_count,
                if s.report_count == 1 { "" } else { "s" },
                s.first_reported.as_deref().unwrap_or("?"),
                s.last_reported.as_deref().unwrap_or("?"),
            ));
            text.push_str(&format!("    story {}\n", s.id));
            for r in &s.reports {
                text.push_str(&format!(
                    "    - “{}”  [{}{}]\n",
                    r.sentence,
                    r.title.as_deref().unwrap_or(&r.doc_id),
                    r.published
                        .as_deref()
                        .map(|p| format!(", {p}"))
                        .unwrap_or_default()
                ));
            }
        }
        if stories.is_empty() {
            eprintln!("no stories match");
        }
    } else {
        let hits = store.events(&q)?;
        if args.json {
            print_json(&hits)?;
            return Ok(ExitCode::SUCCESS);
        }
        for h in &hits {
            let e = &h.event;
            let mode = e
                .mode
                .as_deref()
                .map(|m| format!("/{m}"))
                .unwrap_or_default();
            let mut flags = Vec::new();
            for (on, name) in [
                (e.modality.negated, "negated"),
                (e.modality.future, "future"),
                (e.modality.hypothetical, "hypothetical"),
                (e.modality.historical, "historical"),
            ] {
                if on {
                    flags.push(name);
                }
            }
            text.push_str(&format!(
                "{}  {}{mode}  {} → {}  place {}  conf {:.2}{}{}\n",
                e.date
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_else(|| "????-??-??".into()),
                e.event_type,
                codes(&e.actors),
                codes(&e.recipients),
                e.location.as_ref().map_or("-", |l| l.name.as_str()),
                e.confidence,
                if flags.is_empty() {
                    String::new()
                } else {
                    format!(" {}", flags.join(","))
                },
                match (&h.story_id, h.story_reports) {
                    (Some(id), Some(n)) if n > 1 => format!("  story {id} ({n} reports)"),
                    _ => String::new(),
                }
            ));
            let doc = h.doc.as_ref();
            text.push_str(&format!(
                "    “{}”  [{}{}]\n",
                e.sentence.text,
                doc.and_then(|d| d.title.as_deref()).unwrap_or(&e.doc_id),
                doc.and_then(|d| d.published.as_deref())
                    .map(|p| format!(", {p}"))
                    .unwrap_or_default()
            ));
        }
        if hits.is_empty() {
            eprintln!("no events match");
        }
    }
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn search(args: &SearchArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db.db)?;
    let bold = !args.json && std::io::stdout().is_terminal();
    let (open, close) = if args.json {
        ("<mark>", "</mark>")
    } else if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let hits = store.search(&SearchQuery {
        query: args.query.clone(),
        limit: args.limit,
        open: open.into(),
        close: close.into(),
    })?;
    if args.json {
        print_json(&hits)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = String::new();
    for (i, h) in hits.iter().enumerate() {
        text.push_str(&format!(
            "{}. {}  [{}]  {}  {} events  score {:.2}\n   {}\n   id {}{}\n",
            i + 1,
            h.doc.title.as_deref().unwrap_or("(untitled)"),
            h.doc.published.as_deref().unwrap_or("date unknown"),
            h.doc.source.as_deref().unwrap_or("-"),
            h.events,
            h.score,
            h.snippet.replace('\n', " "),
            h.doc.id,
            h.doc
                .url
                .as_deref()
                .map(|u| format!("  {u}"))
                .unwrap_or_default()
        ));
    }
    if hits.is_empty() {
        eprintln!("no articles match");
    }
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn dyads(args: &DyadsArgs, overlay: Option<&Path>) -> Result<ExitCode> {
    let store = open_existing(&args.db.db)?;
    let kb = super::load_kb(overlay)?;
    let scores = Scores::from_kb(&kb);
    let rows = store.dyads(
        &DyadQuery {
            actor: args.actor.clone(),
            recipient: args.recipient.clone(),
            by: match args.by {
                By::Month => Period::Month,
                By::Year => Period::Year,
            },
            since: parse_date("--since", &args.since, false)?,
            until: parse_date("--until", &args.until, true)?,
            stories: args.stories,
            undirected: args.undirected,
        },
        &scores,
    )?;
    if args.json {
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!(
        "{:<8} {:<8} {:<9} {:>6} {:>6}  {}\n",
        "actor",
        "partner",
        "period",
        if args.stories { "stories" } else { "events" },
        "score",
        "counts"
    );
    for r in &rows {
        text.push_str(&format!(
            "{:<8} {:<8} {:<9} {:>6} {:>6.2}  {}\n",
            r.actor,
            r.recipient.as_deref().unwrap_or("—"),
            r.period,
            r.events,
            r.score,
            r.counts
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if rows.is_empty() {
        eprintln!("no events match");
    }
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn actors(args: &ActorsArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db.db)?;
    let rows = store.actors(args.limit, args.partners)?;
    if args.json {
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = format!(
        "{:<8} {:<28} {:>7} {:>7} {:>7}  main partners\n",
        "code", "name", "events", "actor", "recip."
    );
    for r in &rows {
        text.push_str(&format!(
            "{:<8} {:<28} {:>7} {:>7} {:>7}  {}\n",
            r.code,
            r.name.as_deref().unwrap_or("-"),
            r.events,
            r.as_actor,
            r.as_recipient,
            r.partners
                .iter()
                .map(|p| format!("{} ({})", p.code, p.events))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Where an export goes: stdout, or a temporary file renamed at the end.
struct ExportTarget {
    tmp: Option<(PathBuf, PathBuf)>,
}

impl ExportTarget {
    fn open(out: Option<&Path>) -> Result<(ExportTarget, Box<dyn Write + Send>)> {
        match out {
            None => Ok((ExportTarget { tmp: None }, Box::new(std::io::stdout()))),
            Some(target) if super::output::is_special_file(target) => Ok((
                ExportTarget { tmp: None },
                Box::new(super::output::open_special(target)?),
            )),
            Some(target) => {
                let dir = target
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                let name = target
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_else(|| "export".into());
                let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
                let file =
                    File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
                Ok((
                    ExportTarget {
                        tmp: Some((tmp, target.to_path_buf())),
                    },
                    Box::new(file),
                ))
            }
        }
    }

    fn finish(self) -> Result<()> {
        if let Some((tmp, target)) = self.tmp {
            File::open(&tmp)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, &target)
                .with_context(|| format!("renaming {} to {}", tmp.display(), target.display()))?;
        }
        Ok(())
    }

    fn abandon(self) {
        if let Some((tmp, _)) = self.tmp {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

pub fn export(args: &ExportArgs) -> Result<ExitCode> {
    let store = open_existing(&args.db.db)?;
    let q = event_query(&args.filter, 0)?;
    let format = match args.format {
        ExportFormat::Jsonl => attache_export::Format::Jsonl,
        ExportFormat::Csv => attache_export::Format::Csv,
        ExportFormat::Parquet => attache_export::Format::Parquet,
        ExportFormat::Plover => attache_export::Format::Plover,
        ExportFormat::Polecat => attache_export::Format::Polecat,
        ExportFormat::Gdelt => attache_export::Format::Gdelt,
    };
    let counts = store.counts()?;
    let bar = progress(Some(if args.stories {
        counts.stories
    } else {
        counts.events
    }));
    let (target, out) = ExportTarget::open(args.out.as_deref())?;
    let mut sink = attache_export::sink(format, out)?;
    let mut current_doc: Option<String> = None;
    let mut written = 0u64;
    let result = store.for_each_event(&q, args.stories, |event, doc, story| {
        let io = |e: attache_export::ExportError| -> attache_store::StoreError {
            std::io::Error::other(e).into()
        };
        if let Some(d) = doc {
            if current_doc.as_deref() != Some(d.id.as_str()) {
                sink.document(&attache_export::DocMeta {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    url: d.url.clone(),
                    source: d.source.clone(),
                    published: d
                        .published
                        .as_deref()
                        .and_then(|p| chrono::NaiveDate::parse_from_str(p, "%Y-%m-%d").ok()),
                })
                .map_err(io)?;
                current_doc = Some(d.id.clone());
            }
        }
        let story = story.map(|s| attache_export::StoryRef {
            story_id: s.id.clone(),
            reports: u32::try_from(s.reports).unwrap_or(u32::MAX),
        });
        sink.write(event, story.as_ref()).map_err(io)?;
        written += 1;
        bar.inc(1);
        Ok(())
    });
    bar.finish_and_clear();
    let broken_pipe = |e: &attache_store::StoreError| {
        matches!(e, attache_store::StoreError::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe
            || io.get_ref().and_then(|i| i.downcast_ref::<attache_export::ExportError>()).is_some_and(|x| x.is_broken_pipe()))
    };
    match result {
        Ok(()) => {}
        Err(e) if broken_pipe(&e) => {
            target.abandon();
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => {
            target.abandon();
            return Err(e.into());
        }
    }
    match sink.finish() {
        Ok(()) => {}
        Err(e) if e.is_broken_pipe() => return Ok(ExitCode::SUCCESS),
        Err(e) => {
            target.abandon();
            return Err(e.into());
        }
    }
    target.finish()?;
    eprintln!(
        "exported {written} {} as {}",
        if args.stories { "stories" } else { "events" },
        format.name()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct StatsReport {
    db: String,
    schema_version: i64,
    bytes: u64,
    #[serde(flatten)]
    counts: attache_store::Counts,
}

pub fn stats(args: &StatsArgs) -> Result<ExitCode> {
    let db = &args.db.db;
    let store = open_existing(db)?;
    let report = StatsReport {
        db: db.display().to_string(),
        schema_version: store.schema_version()?,
        bytes: std::fs::metadata(db).map(|m| m.len()).unwrap_or(0),
        counts: store.counts()?,
    };
    if args.json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let c = &report.counts;
    emit(&format!(
        "store      {} (schema {}, {} bytes)\ndocuments  {}\nsentences  {}\nevents     {}\nactors     {} entries, {} distinct codes\nstories    {} ({} reports in stories of two or more)\nerrors     {}\n",
        report.db,
        report.schema_version,
        report.bytes,
        c.documents,
        c.sentences,
        c.events,
        c.actors,
        c.parties,
        c.stories,
        c.merged_reports,
        c.errors
    ))?;
    Ok(ExitCode::SUCCESS)
}
