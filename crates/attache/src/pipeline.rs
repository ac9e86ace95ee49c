//! The streaming coding loop shared by `attache code` and `attache ingest`:
//! documents are read lazily, coded in parallel in bounded batches, and
//! handed to the sink in input order, so memory does not grow with the
//! corpus and output is deterministic.

use std::collections::VecDeque;
use std::io::BufRead;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use attache_code::{Coded, Coder, Scratch};
use attache_ingest::{IngestOptions, Item, Pending};
use attache_types::{Document, ErrorRecord, Summary};

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

/// Records per batch: one worker codes a batch and sends it back whole.
/// Small, so that workers never wait on each other at a batch's end.
pub const BATCH_DOCS: usize = 16;

/// Batches framed but not yet written: bounds memory (about a thousand
/// documents with their rendered output) and keeps every worker fed while
/// this thread writes.
const BATCHES_IN_FLIGHT: usize = 64;

thread_local! {
    /// Each worker's reusable coding buffers.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Code every document of `inputs`: records are framed serially on this
/// thread, then parsed, cleaned, coded and passed through `render` on the
/// worker threads; `sink` gets the rendered values in input order.
///
/// Batches go to the workers in input order as a stream, not in rounds:
/// a worker that finishes one takes the next at once, while this thread
/// frames and writes, so no worker waits for the slowest document of a
/// round or for a write.
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
    // Parse, clean, code and render one batch on a worker, in order.
    let code_batch = |batch: Vec<Pending>| -> Vec<Done<T>> {
        SCRATCH.with_borrow_mut(|scratch| {
            let mut done = Vec::with_capacity(batch.len());
            for pending in batch {
                for item in pending.into_items() {
                    done.push(match item {
                        Item::Doc(doc) => {
                            let coded = coder.code_with(&doc, scratch);
                            finish(Output::Doc(Box::new((doc, coded))))
                        }
                        Item::Error(e) => finish(Output::Error(e)),
                    });
                }
            }
            done
        })
    };
    let code_batch = &code_batch;
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
        // Set when the sink fails: batches not yet started are skipped.
        let stop = AtomicBool::new(false);
        let stop = &stop;
        rayon::in_place_scope_fifo(|scope| -> Result<(), E> {
            type Sent<T> = (usize, std::thread::Result<Vec<Done<T>>>);
            let (tx, rx) = mpsc::channel::<Sent<T>>();
            // Batch `framed` is the next to frame, `written` the next to
            // write; `ready[k]` holds batch `written + k` once coded.
            let (mut framed, mut written) = (0usize, 0usize);
            let mut ready: VecDeque<Option<Vec<Done<T>>>> = VecDeque::new();
            let mut reading = true;
            let result = loop {
                while reading && framed - written < BATCHES_IN_FLIGHT {
                    let batch: Vec<Pending> = records.by_ref().take(BATCH_DOCS).collect();
                    if batch.is_empty() {
                        reading = false;
                        break;
                    }
                    let (tx, seq) = (tx.clone(), framed);
                    scope.spawn_fifo(move |_| {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        // A panic is sent on, so this thread never waits
                        // for a batch that will not come.
                        let coded = panic::catch_unwind(AssertUnwindSafe(|| code_batch(batch)));
                        let _ = tx.send((seq, coded));
                    });
                    framed += 1;
                    ready.push_back(None);
                }
                if written == framed {
                    break Ok(());
                }
                // `tx` is held here, so the channel stays open.
                let Some((seq, coded)) = next_coded(&rx) else {
                    break Ok(());
                };
                let coded = coded.unwrap_or_else(|payload| panic::resume_unwind(payload));
                if let Some(slot) = ready.get_mut(seq - written) {
                    *slot = Some(coded);
                }
                let mut failed = None;
                while let Some(Some(_)) = ready.front() {
                    let Some(Some(batch)) = ready.pop_front() else {
                        break;
                    };
                    written += 1;
                    for d in batch {
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
                        if let Err(e) = sink(d.value) {
                            failed = Some(e);
                            break;
                        }
                    }
                    if failed.is_some() {
                        break;
                    }
                }
                if let Some(e) = failed {
                    stop.store(true, Ordering::Relaxed);
                    break Err(e);
                }
            };
            result
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

/// The next coded batch. Called on a pool worker (inside `install`), this
/// thread codes batches while it waits instead of blocking a worker the
/// batches need: with one worker that would never finish.
fn next_coded<M>(rx: &mpsc::Receiver<M>) -> Option<M> {
    loop {
        match rx.try_recv() {
            Ok(m) => return Some(m),
            Err(mpsc::TryRecvError::Disconnected) => return None,
            Err(mpsc::TryRecvError::Empty) => {}
        }
        match rayon::yield_now() {
            // Not a worker: block until a batch is done.
            None => return rx.recv().ok(),
            Some(rayon::Yield::Executed) => {}
            // The other workers hold the remaining batches.
            Some(rayon::Yield::Idle) => match rx.recv_timeout(Duration::from_micros(100)) {
                Ok(m) => return Some(m),
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            },
        }
    }
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

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::Arc;

    use super::*;

    /// A JSON Lines file of `n` short articles, every seventh line broken.
    fn corpus(n: usize) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new()
            .suffix(".jsonl")
            .tempfile()
            .expect("temporary file");
        for i in 0..n {
            if i % 7 == 3 {
                writeln!(f, "{{\"id\": \"broken-{i}\", \"text\": ").expect("write");
            } else if i % 50 == 0 {
                // A long article: its batch finishes after later ones.
                let text =
                    "Turkey's defence minister warned the Libyan army on Tuesday. ".repeat(400);
                writeln!(f, "{{\"id\":\"doc-{i}\",\"text\":\"{text}\"}}").expect("write");
            } else {
                writeln!(
                    f,
                    "{{\"id\":\"doc-{i}\",\"text\":\"Egypt's foreign minister met NATO officials in Brussels on Monday, article {i}.\",\"published\":\"2024-03-0{}\"}}",
                    1 + i % 9
                )
                .expect("write");
            }
        }
        f
    }

    fn coder() -> Coder {
        Coder::new(Arc::new(
            attache_kb::Kb::builtin().expect("built-in knowledge"),
        ))
    }

    /// What each output names: a document id or the failing record.
    fn label(out: Output) -> String {
        match out {
            Output::Doc(b) => b.0.id.clone(),
            Output::Error(e) => format!("error@{}", e.record.unwrap_or(0)),
        }
    }

    fn labels_on(threads: usize, n: usize) -> (Vec<String>, Summary) {
        let file = corpus(n);
        let inputs = [Input::Path(file.path().to_path_buf())];
        let coder = coder();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let mut seen = Vec::new();
        let summary = pool
            .install(|| {
                run(&inputs, &IngestOptions::default(), &coder, label, |l| {
                    seen.push(l);
                    Ok::<(), ()>(())
                })
            })
            .expect("no sink error");
        (seen, summary)
    }

    #[test]
    fn outputs_come_in_input_order_on_any_number_of_threads() {
        // Many more records than one batch, so batches finish out of order.
        let n = BATCH_DOCS * 9 + 5;
        let (one, summary) = labels_on(1, n);
        assert_eq!(one.len(), n);
        for (i, l) in one.iter().enumerate() {
            if i % 7 == 3 {
                assert!(l.starts_with("error@"), "line {} gave {l}", i + 1);
            } else {
                assert_eq!(l, &format!("doc-{i}"));
            }
        }
        let broken = (0..n).filter(|i| i % 7 == 3).count();
        assert_eq!(summary.errors, broken);
        assert_eq!(summary.docs, n - broken);
        assert!(summary.sentences >= summary.docs);
        for threads in [2, 3] {
            let (many, s) = labels_on(threads, n);
            assert_eq!(many, one, "{threads} threads");
            assert_eq!(
                (s.docs, s.errors, s.sentences),
                (summary.docs, summary.errors, summary.sentences)
            );
        }
    }

    #[test]
    fn a_sink_error_stops_the_run_and_is_returned() {
        let file = corpus(BATCH_DOCS * 20);
        let inputs = [Input::Path(file.path().to_path_buf())];
        let coder = coder();
        let mut taken = 0;
        let result = run(&inputs, &IngestOptions::default(), &coder, label, |_| {
            taken += 1;
            if taken == 10 {
                Err("full")
            } else {
                Ok(())
            }
        });
        assert_eq!(result.err(), Some("full"));
        assert_eq!(taken, 10);
    }
}
