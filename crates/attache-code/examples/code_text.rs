//! Code a plain-text file without ingest cleaning: `cargo run -p attache-code --example code_text FILE [YYYY-MM-DD]`.
use std::sync::Arc;

use attache_types::{Document, Precision, Published, PublishedFound};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: code_text FILE [DATE]")?;
    let text = std::fs::read_to_string(&path)?;
    let published = args
        .next()
        .map(|d| -> Result<Published, chrono::ParseError> {
            Ok(Published {
                date: chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")?,
                precision: Precision::Day,
                found: PublishedFound::Caller,
                text: None,
            })
        })
        .transpose()?;
    let kb = Arc::new(attache_kb::Kb::builtin()?);
    let coder = attache_code::Coder::new(kb);
    let doc = Document {
        id: "x".into(),
        text,
        published,
        ..Document::default()
    };
    for e in coder.code(&doc).events {
        println!("{}", serde_json::to_string(&e)?);
    }
    Ok(())
}
