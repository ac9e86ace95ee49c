//! The streaming coding loop shared by `attache code` and `attache ingest`:
//! documents are read lazily, coded in parallel in bounded chunks, and
//! handed to the sink in input order, so memory does not grow with the
//! corpus and output is deterministic.

use std::io::BufRead;
use std::path::PathBuf;

use attache_code::{Coded, Coder, Scratch};
use attache_ingest::{IngestOptions, Item, Pending};
use attache_types::{Document, ErrorRecord, Summary};
use rayon::prelude::*;

/// One input named on the command line.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    /// JSON Lines on standard input.
    Stdin,
}

impl Input {
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// What the loop hands to its sink, in input order.
pub enum Output {
    Doc(Box<(Document, Coded)>),
    Error(ErrorRecord),
}

/// Records per parallel chunk: large enough to keep every core busy,
/// small enough that memory stays flat.
pub const CHUNK_DOCS: usize = 512;

/// Code every document of `inputs`: records are framed serially, then
/// parsed, cleaned, coded and passed through `render` on the worker
/// threads; `sink` gets the rendered values in input order.
pub fn run<T: Send, E>(
    inputs: &[Input],
    opts: &IngestOptions,
    coder: &Coder,
    render: impl Fn(Output) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<(), E>,
) -> Result<Summary, E> {
    /// One rendered output with what the summary counts of it.
    struct Done<T> {
        sentences: usize,
        events: usize,
        failed_path: Option<String>,
        value: T,
    }
    let finish = |out: Output| -> Done<T> {
        let (sentences, events, failed_path) = match &out {
            Output::Doc(b) => (b.1.sentences.len(), b.1.events.len(), None),
            Output::Error(e) => (0, 0, Some(e.path.clone())),
        };
        Done {
            sentences,
            events,
            failed_path,
            value: render(out),
        }
    };
    // Parse, clean, code and render one chunk on the workers, in order.
    let code_chunk = |chunk: Vec<Pending>| -> Vec<Vec<Done<T>>> {
        chunk
            .into_par_iter()
            .map_init(Scratch::default, |scratch, pending| {
                pending
                    .into_items()
                    .into_iter()
                    .map(|item| match item {
                        Item::Doc(doc) => {
                            let coded = coder.code_with(&doc, scratch);
                            finish(Output::Doc(Box::new((doc, coded))))
                        }
                        Item::Error(e) => finish(Output::Error(e)),
                    })
                    .collect()
            })
            .collect()
    };
    let code_chunk = &code_chunk;
    let mut summary = Summary {
        inputs: inputs.len(),
        ..Summary::default()
    };
    for input in inputs {
        let records: Box<dyn Iterator<Item = Pending> + Send> = match input {
            Input::Path(p) => attache_ingest::read_path_pending(p, opts),
            Input::Stdin => {
                let reader: Box<dyn BufRead + Send> =
                    Box::new(std::io::BufReader::new(std::io::stdin()));
                Box::new(attache_ingest::read_jsonl_pending(reader, "-", opts))
            }
        };
        let mut failed_paths: Vec<String> = Vec::new();
        let mut records = records;
        // Chunk N is coded on the workers while this thread writes chunk
        // N−1's output and frames chunk N+1: neither waits for the other.
        std::thread::scope(|scope| -> Result<(), E> {
            let mut coding = None;
            loop {
                let chunk: Vec<Pending> = records.by_ref().take(CHUNK_DOCS).collect();
                let done = coding
                    .take()
                    .map(|h: std::thread::ScopedJoinHandle<'_, _>| {
                        h.join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    });
                if !chunk.is_empty() {
                    coding = Some(scope.spawn(move || code_chunk(chunk)));
                }
                let Some(done) = done else {
                    if coding.is_none() {
                        return Ok(());
                    }
                    continue;
                };
                for d in done.into_iter().flatten() {
                    match d.failed_path {
                        None => {
                            summary.docs += 1;
                            summary.events += d.events;
                            summary.sentences += d.sentences;
                        }
                        Some(path) => {
                            summary.errors += 1;
                            if !failed_paths.contains(&path) {
                                failed_paths.push(path);
                            }
                        }
                    }
                    sink(d.value)?;
                }
                if coding.is_none() {
                    return Ok(());
                }
            }
        })?;
        // A directory counts each failing file as one failed input.
        summary.failed_inputs += failed_paths.len();
        if let Input::Path(p) = input {
            if p.is_dir() {
                summary.inputs += count_files(p).saturating_sub(1);
            }
        }
    }
    Ok(summary)
}

fn count_files(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 1;
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                count_files(&p)
            } else {
                1
            }
        })
        .sum()
}
