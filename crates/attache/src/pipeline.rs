//! The streaming coding loop shared by `attache code` and `attache ingest`:
//! documents are read lazily, coded in parallel in bounded chunks, and
//! handed to the sink in input order, so memory does not grow with the
//! corpus and output is deterministic.

use std::io::BufRead;
use std::path::PathBuf;

use attache_code::{Coded, Coder, Scratch};
use attache_ingest::{IngestOptions, Item};
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

/// Documents per parallel chunk: large enough to keep every core busy,
/// small enough that memory stays flat.
pub const CHUNK_DOCS: usize = 512;

/// Code every document of `inputs`, calling `sink` in input order.
pub fn run<E>(
    inputs: &[Input],
    opts: &IngestOptions,
    coder: &Coder,
    mut sink: impl FnMut(Output) -> Result<(), E>,
) -> Result<Summary, E> {
    let mut summary = Summary {
        inputs: inputs.len(),
        ..Summary::default()
    };
    for input in inputs {
        let items: Box<dyn Iterator<Item = Item> + Send> = match input {
            Input::Path(p) => Box::new(attache_ingest::read_path(p, opts)),
            Input::Stdin => {
                let reader: Box<dyn BufRead + Send> =
                    Box::new(std::io::BufReader::new(std::io::stdin()));
                Box::new(attache_ingest::read_jsonl(reader, "-", opts))
            }
        };
        let mut failed_paths: Vec<String> = Vec::new();
        let mut chunk: Vec<Item> = Vec::with_capacity(CHUNK_DOCS);
        let mut items = items.peekable();
        loop {
            chunk.clear();
            while chunk.len() < CHUNK_DOCS {
                match items.next() {
                    Some(item) => chunk.push(item),
                    None => break,
                }
            }
            if chunk.is_empty() {
                break;
            }
            let coded: Vec<Output> = std::mem::take(&mut chunk)
                .into_par_iter()
                .map_init(Scratch::default, |scratch, item| match item {
                    Item::Doc(doc) => {
                        let coded = coder.code_with(&doc, scratch);
                        Output::Doc(Box::new((doc, coded)))
                    }
                    Item::Error(e) => Output::Error(e),
                })
                .collect();
            for out in coded {
                match &out {
                    Output::Doc(b) => {
                        summary.docs += 1;
                        summary.events += b.1.events.len();
                        summary.sentences += b.1.sentences.len();
                    }
                    Output::Error(e) => {
                        summary.errors += 1;
                        if !failed_paths.contains(&e.path) {
                            failed_paths.push(e.path.clone());
                        }
                    }
                }
                sink(out)?;
            }
        }
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
