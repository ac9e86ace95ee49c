//! Prints what ingest reads from a path.
use attache_ingest::{read_path, IngestOptions, Item};
fn main() {
    for arg in std::env::args().skip(1) {
        for item in read_path(std::path::Path::new(&arg), &IngestOptions::default()) {
            match item {
                Item::Doc(d) => {
                    println!(
                        "=== DOC id={} part={} rec={:?} title={:?} url={:?} published={:?}",
                        d.id, d.origin.part, d.origin.record, d.title, d.url, d.published
                    );
                    println!("{}", d.text);
                    println!(
                        "--- paragraphs: {}, segments: {}",
                        d.text.split("\n\n").count(),
                        d.input_map.segments.len()
                    );
                }
                Item::Error(e) => println!("=== ERROR {:?}", e),
            }
        }
    }
}
