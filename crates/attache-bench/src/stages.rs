//! One pipeline stage timed in isolation, in its own process.
//!
//! The corpus is read in chunks of [`CHUNK`] lines.
//! For each chunk, what the stage needs is prepared untimed (parallel), then
//! the stage itself runs timed over the chunk's documents with rayon on
//! `--threads` workers; the stage's time is the sum of those timed sections.
//! Peak RSS is the process's VmHWM at the end (knowledge base included for
//! the stages that need it).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use attache_code::{Coded, Coder, Scratch};
use attache_ingest::{IngestOptions, Item};
use attache_kb::Kb;
use attache_text::{split_sentences, tokenize, Sentence};
use attache_types::Document;
use clap::ValueEnum;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::corpus::MIB;

/// Lines per chunk: about as many documents as `attache code` holds in flight.
pub const CHUNK: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// JSONL parse + cleaning (`attache_ingest::read_jsonl`).
    Ingest,
    /// Sentence splitting (`attache_text::split_sentences`).
    Split,
    /// Word tokens of every sentence (`attache_text::tokenize`).
    Tokenize,
    /// Actor matching (`Kb::find_mentions`, one automaton pass per document).
    Actors,
    /// The whole coder (`Coder::code_with`; includes split, tokens, mentions).
    Coding,
    /// JSONL output: serde of the doc record and event records as `attache code` writes them.
    Output,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Ingest,
        Stage::Split,
        Stage::Tokenize,
        Stage::Actors,
        Stage::Coding,
        Stage::Output,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Ingest => "ingest",
            Stage::Split => "split",
            Stage::Tokenize => "tokenize",
            Stage::Actors => "actors",
            Stage::Coding => "coding",
            Stage::Output => "output",
        }
    }

    /// What `units` counts for this stage.
    pub fn units(self) -> &'static str {
        match self {
            Stage::Ingest => "docs",
            Stage::Split => "sentences",
            Stage::Tokenize => "tokens",
            Stage::Actors => "mentions",
            Stage::Coding => "events",
            Stage::Output => "bytes out",
        }
    }
}

/// What one stage run measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StageResult {
    pub stage: Stage,
    pub threads: usize,
    pub docs: u64,
    pub errors: u64,
    pub sentences: u64,
    /// Corpus bytes read (JSONL lines).
    pub bytes_in: u64,
    /// Cleaned text bytes of the documents.
    pub text_bytes: u64,
    /// Stage-specific count (see [`Stage::units`]).
    pub units: u64,
    /// Time spent in the stage itself.
    pub seconds: f64,
    /// CPU time (all threads) spent in the stage itself.
    pub cpu_seconds: f64,
    /// Wall time of the whole process run (preparation included).
    pub total_seconds: f64,
    pub peak_rss_kb: u64,
    /// Knowledge-base load time (stages that need one), not in `seconds`.
    pub kb_load_seconds: f64,
}

fn ingest_line(line: &str, opts: &IngestOptions) -> (Vec<Document>, u64) {
    let mut docs = Vec::new();
    let mut errors = 0;
    for item in attache_ingest::read_jsonl(line.as_bytes(), "corpus", opts) {
        match item {
            Item::Doc(d) => docs.push(d),
            Item::Error(_) => errors += 1,
        }
    }
    (docs, errors)
}

fn ingest_chunk(lines: &[String], opts: &IngestOptions) -> (Vec<Document>, u64) {
    let parts: Vec<(Vec<Document>, u64)> = lines.par_iter().map(|l| ingest_line(l, opts)).collect();
    let mut docs = Vec::with_capacity(lines.len());
    let mut errors = 0;
    for (d, e) in parts {
        docs.extend(d);
        errors += e;
    }
    (docs, errors)
}

fn sentences_of(docs: &[Document]) -> Vec<Vec<Sentence>> {
    docs.par_iter()
        .map(|d| {
            let mut v = Vec::new();
            split_sentences(&d.text, &mut v);
            v
        })
        .collect()
}

/// Run one stage over `corpus` (at most `max_mib` MiB of it).
pub fn run(
    stage: Stage,
    corpus: &Path,
    threads: usize,
    max_mib: Option<u64>,
) -> Result<StageResult> {
    let wall = Instant::now();
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build_global()
        .context("configuring rayon")?;
    let opts = IngestOptions::default();
    let mut kb_load_seconds = 0.0;
    let coder = if matches!(stage, Stage::Actors | Stage::Coding | Stage::Output) {
        let t = Instant::now();
        let kb = Kb::builtin().context("loading the knowledge base")?;
        kb_load_seconds = t.elapsed().as_secs_f64();
        Some(Coder::new(Arc::new(kb)))
    } else {
        None
    };
    let mut reader = BufReader::with_capacity(
        MIB as usize,
        File::open(corpus).with_context(|| format!("opening {}", corpus.display()))?,
    );
    let limit = max_mib.map(|m| m * MIB).unwrap_or(u64::MAX);
    let mut r = StageResult {
        stage,
        threads,
        docs: 0,
        errors: 0,
        sentences: 0,
        bytes_in: 0,
        text_bytes: 0,
        units: 0,
        seconds: 0.0,
        cpu_seconds: 0.0,
        total_seconds: 0.0,
        peak_rss_kb: 0,
        kb_load_seconds,
    };
    let mut timed = Duration::ZERO;
    let mut cpu_ns = 0u64;
    let mut lines: Vec<String> = Vec::with_capacity(CHUNK);
    loop {
        lines.clear();
        while lines.len() < CHUNK && r.bytes_in < limit {
            let mut line = String::new();
            let n = reader.read_line(&mut line)?;
            if n == 0 {
                break;
            }
            r.bytes_in += n as u64;
            lines.push(line);
        }
        if lines.is_empty() {
            break;
        }
        if stage == Stage::Ingest {
            let t = Instant::now();
            let c0 = crate::sys::process_cpu_ns();
            let (docs, errors) = ingest_chunk(&lines, &opts);
            timed += t.elapsed();
            cpu_ns += crate::sys::process_cpu_ns().saturating_sub(c0);
            r.units += docs.len() as u64;
            r.errors += errors;
            r.docs += docs.len() as u64;
            r.text_bytes += docs.iter().map(|d| d.text.len() as u64).sum::<u64>();
            r.sentences += sentences_of(&docs)
                .iter()
                .map(|s| s.len() as u64)
                .sum::<u64>();
            continue;
        }
        let (docs, errors) = ingest_chunk(&lines, &opts);
        r.errors += errors;
        r.docs += docs.len() as u64;
        r.text_bytes += docs.iter().map(|d| d.text.len() as u64).sum::<u64>();
        match stage {
            Stage::Ingest => {}
            Stage::Split => {
                let t = Instant::now();
                let c0 = crate::sys::process_cpu_ns();
                let n: u64 = docs
                    .par_iter()
                    .map_init(Vec::new, |v, d| {
                        v.clear();
                        split_sentences(&d.text, v);
                        v.len() as u64
                    })
                    .sum();
                timed += t.elapsed();
                cpu_ns += crate::sys::process_cpu_ns().saturating_sub(c0);
                r.sentences += n;
                r.units += n;
            }
            Stage::Tokenize => {
                let sents = sentences_of(&docs);
                r.sentences += sents.iter().map(|s| s.len() as u64).sum::<u64>();
                let t = Instant::now();
                let c0 = crate::sys::process_cpu_ns();
                let n: u64 = docs
                    .par_iter()
                    .zip(sents.par_iter())
                    .map_init(Vec::new, |toks, (d, ss)| {
                        let mut n = 0u64;
                        for s in ss {
                            toks.clear();
                            tokenize(&d.text, s.start, s.end, toks);
                            n += toks.len() as u64;
                        }
                        n
                    })
                    .sum();
                timed += t.elapsed();
                cpu_ns += crate::sys::process_cpu_ns().saturating_sub(c0);
                r.units += n;
            }
            Stage::Actors => {
                let coder = coder.as_ref().context("no coder")?;
                let kb = coder.kb();
                r.sentences += sentences_of(&docs)
                    .iter()
                    .map(|s| s.len() as u64)
                    .sum::<u64>();
                let t = Instant::now();
                let c0 = crate::sys::process_cpu_ns();
                let n: u64 = docs
                    .par_iter()
                    .map_init(Vec::new, |m, d| {
                        m.clear();
                        kb.find_mentions(&d.text, m);
                        m.len() as u64
                    })
                    .sum();
                timed += t.elapsed();
                cpu_ns += crate::sys::process_cpu_ns().saturating_sub(c0);
                r.units += n;
            }
            Stage::Coding => {
                let coder = coder.as_ref().context("no coder")?;
                let t = Instant::now();
                let c0 = crate::sys::process_cpu_ns();
                let (s, e) = docs
                    .par_iter()
                    .map_init(Scratch::default, |scratch, d| {
                        let c = coder.code_with(d, scratch);
                        (c.sentences.len() as u64, c.events.len() as u64)
                    })
                    .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
                timed += t.elapsed();
                cpu_ns += crate::sys::process_cpu_ns().saturating_sub(c0);
                r.sentences += s;
                r.units += e;
            }
            Stage::Output => {
                let coder = coder.as_ref().context("no coder")?;
                let coded: Vec<Coded> = docs
                    .par_iter()
                    .map_init(Scratch::default, |scratch, d| coder.code_with(d, scratch))
                    .collect();
                r.sentences += coded.iter().map(|c| c.sentences.len() as u64).sum::<u64>();
                let pairs: Vec<(Document, Coded)> = docs.into_iter().zip(coded).collect();
                let t = Instant::now();
                let c0 = crate::sys::process_cpu_ns();
                let n: Result<u64> = pairs
                    .into_par_iter()
                    .map_init(Vec::new, |buf: &mut Vec<u8>, (doc, coded)| {
                        buf.clear();
                        // As `attache code` writes them (`render_doc`).
                        attache_types::json::write_doc_record(buf, &coder.doc_record(&doc, &coded));
                        buf.push(b'\n');
                        for ev in &coded.events {
                            attache_types::json::write_event_record(buf, ev);
                            buf.push(b'\n');
                        }
                        Ok(buf.len() as u64)
                    })
                    .sum();
                timed += t.elapsed();
                cpu_ns += crate::sys::process_cpu_ns().saturating_sub(c0);
                r.units += n?;
            }
        }
    }
    r.seconds = timed.as_secs_f64();
    r.cpu_seconds = cpu_ns as f64 / 1e9;
    r.total_seconds = wall.elapsed().as_secs_f64();
    r.peak_rss_kb = crate::sys::peak_rss_kb();
    Ok(r)
}
