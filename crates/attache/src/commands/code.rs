//! `attache code`: articles in, events out.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use attache::pipeline::{self, Input, Output};
use attache_code::Coder;
use attache_ingest::IngestOptions;
use attache_types::{Actor, Event, Record, Summary};

use crate::cli::{CodeArgs, Format};
use crate::commands::output::Sink;

pub fn run(args: &CodeArgs, overlay: Option<&Path>) -> Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("configuring worker threads")?;
    }
    let kb = super::load_kb(overlay)?;
    let coder = Coder::new(kb);
    let opts = IngestOptions {
        max_doc_bytes: args.max_doc_bytes,
        split_articles: !args.no_split,
    };
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::parse(a)).collect();
    for input in &inputs {
        if let Input::Path(p) = input {
            if !p.exists() {
                anyhow::bail!("{}: no such file or directory", p.display());
            }
        }
    }
    let mut sink = Sink::open(args.out.as_deref())?;
    if args.format == Format::Csv {
        let mut rows = csv_writer(sink.writer());
        rows.write_record(attache_export::csv_event_columns().iter().map(|c| c.name))?;
        rows.flush()?;
    }
    // Records are rendered to bytes on the worker threads; this thread only
    // prints notes and writes, in input order.
    let render = |out: Output| -> Rendered {
        let mut buf = Vec::new();
        match out {
            Output::Error(e) => {
                let note = match e.record {
                    Some(r) => format!("error: {} [record {r}]: {}: {}", e.path, e.code, e.message),
                    None => format!("error: {}: {}: {}", e.path, e.code, e.message),
                };
                let bytes = if args.format == Format::Jsonl {
                    write_record(&mut buf, &Record::Error(e)).map(|()| buf)
                } else {
                    Ok(buf)
                };
                Rendered {
                    note: Some(note),
                    bytes,
                }
            }
            Output::Doc(b) => {
                let (doc, coded) = *b;
                let bytes = render_doc(&mut buf, args, &coder, &doc, coded).map(|()| buf);
                Rendered { note: None, bytes }
            }
        }
    };
    let result = pipeline::run(
        &inputs,
        &opts,
        &coder,
        render,
        |r: Rendered| -> Result<()> {
            if let Some(note) = r.note {
                eprintln!("{note}");
            }
            sink.writer().write_all(&r.bytes?)?;
            Ok(())
        },
    );
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            if is_broken_pipe(&e) {
                return Ok(ExitCode::SUCCESS);
            }
            sink.abandon();
            return Err(e);
        }
    };
    if args.format == Format::Jsonl {
        write_record(sink.writer(), &Record::Summary(summary.clone()))?;
    }
    if let Err(e) = sink.finish() {
        if is_broken_pipe(&e) {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e);
    }
    report(&summary);
    // The process ends here: freeing the knowledge base piece by piece would
    // cost a tenth of a short run's time, and the system takes it back whole.
    std::mem::forget(coder);
    Ok(if summary.failed_inputs > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One output rendered on a worker thread.
struct Rendered {
    /// A line for standard error (input errors).
    note: Option<String>,
    bytes: Result<Vec<u8>>,
}

fn render_doc(
    w: &mut Vec<u8>,
    args: &CodeArgs,
    coder: &Coder,
    doc: &attache_types::Document,
    coded: attache_code::Coded,
) -> Result<()> {
    match args.format {
        Format::Jsonl => {
            // Room for the text and about a kilobyte and a half per event,
            // so the buffer seldom grows by copying.
            w.reserve(doc.text.len() + coded.events.len() * 1536 + 512);
            // Written by hand, byte for byte as serde would: the output is
            // the pipeline's largest stage.
            if !args.no_docs {
                attache_types::json::write_doc_record(w, &coder.doc_record(doc, &coded));
                w.push(b'\n');
            }
            for ev in &coded.events {
                attache_types::json::write_event_record(w, ev);
                w.push(b'\n');
            }
        }
        Format::Csv => {
            let mut rows = csv_writer(w);
            for ev in &coded.events {
                rows.write_record(attache_export::csv_event_record(ev)?)?;
            }
            rows.flush()?;
        }
        Format::Pretty => pretty(w, doc, &coded.events)?,
    }
    Ok(())
}

fn report(s: &Summary) {
    eprintln!(
        "coded {} documents, {} sentences, {} events; {} errors",
        s.docs, s.sentences, s.events, s.errors
    );
    if s.failed_inputs > 0 {
        eprintln!(
            "{} of {} inputs failed (see the errors above)",
            s.failed_inputs, s.inputs
        );
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

// Generic, not `dyn Write`: serde writes token by token, and a virtual call
// per token costs more than the JSON itself.
fn write_record<W: Write + ?Sized>(w: &mut W, record: &Record) -> Result<()> {
    serde_json::to_writer(&mut *w, record)?;
    w.write_all(b"\n")?;
    Ok(())
}

fn csv_writer(w: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().from_writer(w)
}

fn who(actors: &[Actor]) -> String {
    if actors.is_empty() {
        return "—".into();
    }
    actors
        .iter()
        .map(|a| {
            let code = a.org.as_deref().or(a.country.as_deref()).unwrap_or("?");
            let mut s = code.to_string();
            if let Some(sec) = &a.sector {
                s.push_str(&format!(" {sec}"));
            }
            if let Some(p) = &a.person {
                s.push_str(&format!(" ({p})"));
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn pretty(w: &mut dyn Write, doc: &attache_types::Document, events: &[Event]) -> Result<()> {
    let title = doc.title.as_deref().unwrap_or("(untitled)");
    let published = doc
        .published
        .as_ref()
        .map(|p| p.date.to_string())
        .unwrap_or_else(|| "date unknown".into());
    writeln!(w, "== {title}  [{published}]  {}", doc.origin.path)?;
    for e in events {
        let mode = e
            .mode
            .as_deref()
            .map(|m| format!("/{m}"))
            .unwrap_or_default();
        let date = e
            .date
            .as_ref()
            .map(|d| {
                format!(
                    "{} ({}, {})",
                    d.value,
                    d.precision.as_str(),
                    serde_json::to_value(d.basis)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                )
            })
            .unwrap_or_else(|| "-".into());
        let place = e
            .location
            .as_ref()
            .map(|l| l.name.clone())
            .unwrap_or_else(|| "-".into());
        let mut flags = Vec::new();
        if e.modality.negated {
            flags.push("negated");
        }
        if e.modality.future {
            flags.push("future");
        }
        if e.modality.hypothetical {
            flags.push("hypothetical");
        }
        if e.modality.historical {
            flags.push("historical");
        }
        writeln!(
            w,
            "  {}{mode}  {} → {}  date {date}  place {place}  conf {:.2} {}",
            e.event_type,
            who(&e.actors),
            who(&e.recipients),
            e.confidence,
            flags.join(",")
        )?;
        writeln!(w, "      “{}”  [{}]", e.sentence.text, e.rule)?;
    }
    Ok(())
}
