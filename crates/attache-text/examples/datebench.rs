//! Run `find_time_exprs` over the "text" field of every record of a JSON
//! Lines corpus (published 2020-06-01, `Lean::Past`) for profiling.
//!
//! ```text
//! cargo run --release -p attache-text --example datebench -- CORPUS.jsonl
//! ```

use attache_text::dates::{find_time_exprs, Lean};
use chrono::NaiveDate;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: datebench CORPUS.jsonl");
        std::process::exit(2);
    };
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let texts: Vec<String> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_owned))
        .collect();
    let anchor = NaiveDate::from_ymd_opt(2020, 6, 1);
    let mut out = Vec::new();
    let (mut n, mut bytes) = (0usize, 0usize);
    for t in &texts {
        out.clear();
        find_time_exprs(t, anchor, Lean::Past, &mut out);
        n += out.len();
        bytes += t.len();
    }
    println!("{} texts, {bytes} bytes, {n} expressions", texts.len());
}
