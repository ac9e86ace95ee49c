//! Run sentence splitting and tokenization over a corpus, for profiling.
//!
//! ```text
//! cargo build --release -p attache-text --example textbench
//! valgrind --tool=cachegrind --cache-sim=no target/release/examples/textbench FILE [--sentences-only]
//! ```
//!
//! FILE is JSON lines with a `"text"` field (a line that is not such an
//! object is used as text whole). With `--sentences-only` the tokenizer is
//! not run, so the difference of two runs is its share. Prints the totals so
//! the work is not optimised away.

use attache_text::sentences::split_sentences;
use attache_text::tokens::tokenize;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: textbench FILE.jsonl");
        std::process::exit(2);
    };
    let data = match std::fs::read(&path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let data = String::from_utf8_lossy(&data);
    let texts: Vec<String> = data
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
                .unwrap_or_else(|| line.to_owned())
        })
        .collect();
    let skip_tokens = std::env::args().any(|a| a == "--sentences-only");
    let mut sentences = Vec::new();
    let mut tokens = Vec::new();
    let (mut n_sent, mut n_tok) = (0usize, 0usize);
    for text in &texts {
        sentences.clear();
        split_sentences(text, &mut sentences);
        n_sent += sentences.len();
        if skip_tokens {
            continue;
        }
        for s in &sentences {
            tokens.clear();
            tokenize(text, s.start, s.end, &mut tokens);
            n_tok += tokens.len();
        }
    }
    println!("{} texts, {n_sent} sentences, {n_tok} tokens", texts.len());
}
