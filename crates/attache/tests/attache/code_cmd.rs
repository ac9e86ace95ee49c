//! `attache code` on the sample articles and, when present, on the seed articles.

use std::collections::HashMap;

use crate::common::{records, run, shared};

/// Every span of every event slices its document's text to exactly its `text`.
fn check_spans(recs: &[(String, serde_json::Value)]) -> usize {
    let docs: HashMap<String, Vec<char>> = recs
        .iter()
        .filter(|(t, _)| t == "doc")
        .map(|(_, d)| {
            (
                d["id"].as_str().unwrap_or_default().to_string(),
                d["text"].as_str().unwrap_or_default().chars().collect(),
            )
        })
        .collect();
    let mut checked = 0;
    for (_, e) in recs.iter().filter(|(t, _)| t == "event") {
        let text = &docs[e["doc_id"].as_str().unwrap_or_default()];
        let mut spans: Vec<&serde_json::Value> = vec![&e["trigger"], &e["sentence"]];
        for side in ["actors", "recipients", "details"] {
            spans.extend(e[side].as_array().into_iter().flatten());
        }
        if !e["location"].is_null() {
            spans.push(&e["location"]);
        }
        if let Some(span) = e["date"].get("span").filter(|s| !s.is_null()) {
            spans.push(span);
        }
        for s in spans {
            let (a, b) = (
                s["start"].as_u64().unwrap_or(0) as usize,
                s["end"].as_u64().unwrap_or(0) as usize,
            );
            assert!(a < b && b <= text.len(), "bad offsets {a}..{b} in {e}");
            let sliced: String = text[a..b].iter().collect();
            assert_eq!(
                sliced,
                s["text"].as_str().unwrap_or_default(),
                "span mismatch in event {}",
                e["id"]
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn sample_articles_code_with_exact_spans() {
    let out = run(&[
        "code",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/articles"),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    let events = recs.iter().filter(|(t, _)| t == "event").count();
    assert!(events >= 20, "only {events} events on the sample articles");
    assert!(check_spans(&recs) > events * 3);
    let summary = &recs.last().expect("summary").1;
    assert_eq!(summary["events"].as_u64(), Some(events as u64));
    assert_eq!(summary["failed_inputs"].as_u64(), Some(0));
}

#[test]
fn output_is_deterministic_and_threads_do_not_change_it() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/articles");
    let one = run(&["code", dir, "--threads", "1"]);
    let two = run(&["code", dir]);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn csv_has_documented_columns() {
    let out = run(&[
        "code",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/articles"),
        "--format",
        "csv",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let headers = rows.headers().expect("header").clone();
    assert_eq!(headers.get(0), Some("event_id"));
    assert!(headers.iter().any(|h| h == "actor_country"));
    let n = rows
        .records()
        .filter(|r| r.as_ref().is_ok_and(|r| r.len() == headers.len()))
        .count();
    assert!(n >= 20);
}

#[test]
fn seeds_spans_split_and_captions() {
    let Some(shared) = shared() else { return };
    let out = run(&[
        "code",
        shared.join("corpus/seeds").to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out.stdout);
    assert!(check_spans(&recs) > 100);
    // 004 holds two articles.
    let parts = recs
        .iter()
        .filter(|(t, d)| {
            t == "doc"
                && d["origin"]["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("004_"))
        })
        .count();
    assert_eq!(parts, 2);
    // Repeated captions give no duplicate events: no two events of one
    // document share type, dyad and sentence text.
    let mut seen = std::collections::HashSet::new();
    for (_, e) in recs.iter().filter(|(t, _)| t == "event") {
        let codes = |side: &str| {
            e[side]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| format!("{}/{}", a["country"], a["org"]))
                .collect::<Vec<_>>()
                .join("+")
        };
        let key = (
            e["doc_id"].to_string(),
            e["type"].to_string(),
            codes("actors"),
            codes("recipients"),
            e["sentence"]["text"].to_string(),
        );
        assert!(seen.insert(key.clone()), "duplicate event {key:?}");
    }
    for (_, d) in recs.iter().filter(|(t, _)| t == "doc") {
        let text = d["text"].as_str().unwrap_or_default();
        let mut lines: Vec<&str> = text.split("\n\n").filter(|l| l.len() > 30).collect();
        let n = lines.len();
        lines.sort();
        lines.dedup();
        assert_eq!(
            lines.len(),
            n,
            "repeated paragraph left in {}",
            d["origin"]["path"]
        );
    }
}

#[test]
fn seeds_recall_and_volume() {
    let Some(shared) = shared() else { return };
    let expected = shared.join("corpus/seeds-expected.jsonl");
    let out = run(&[
        "eval",
        "seeds",
        "--data",
        expected.to_str().unwrap_or_default(),
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    let figure = |name: &str| {
        report["figures"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|f| f["name"] == name)
            .and_then(|f| f["value"].as_f64())
            .unwrap_or(-1.0)
    };
    println!(
        "seeds recall {:.3}, events per bearing sentence {:.2}",
        figure("recall"),
        figure("events_per_bearing_sentence")
    );
    assert!(figure("recall") >= 0.70, "recall {}", figure("recall"));
    assert!(figure("events_per_bearing_sentence") <= 2.0);
}

/// Every person named in the seeds who is an actor or recipient of an event
/// resolves to the right country (or organisation) and sector.
#[test]
fn seed_people_resolve_to_country_and_sector() {
    let Some(shared) = shared() else { return };
    // (person as output, country or organisation, sector) from the public record.
    const PEOPLE: &[(&str, &str, &str)] = &[
        ("sameh-shoukry", "EGY", "GOV"),
        ("jens-stoltenberg", "NATO", "GOV"),
        ("mahmoud-hegazy", "EGY", "MIL"),
        ("petr-pavel", "NATO", "MIL"),
        ("nicholas-houghton", "GBR", "MIL"),
        ("fathi-bashagha", "LBY", "GOV"),
        ("hulusi-akar", "TUR", "GOV"),
        ("abbas-kamel", "EGY", "SPY"),
        ("fayez-al-sarraj", "LBY", "GOV"),
        ("khalifa-haftar", "LBY", "MIL"),
        ("qasim-al-araji", "IRQ", "GOV"),
        ("mohamed-zaki", "EGY", "GOV"),
        ("sergei-shoigu", "RUS", "GOV"),
        ("abdel-fattah-el-sisi", "EGY", "GOV"),
    ];
    let out = run(&[
        "code",
        shared.join("corpus/seeds").to_str().unwrap_or_default(),
        "--no-docs",
    ]);
    let recs = records(&out.stdout);
    let mut found = std::collections::HashSet::new();
    for (_, e) in recs.iter().filter(|(t, _)| t == "event") {
        for a in e["actors"]
            .as_array()
            .into_iter()
            .chain(e["recipients"].as_array())
            .flatten()
        {
            let Some(person) = a["person"].as_str() else {
                continue;
            };
            if let Some(&(_, code, sector)) = PEOPLE.iter().find(|p| p.0 == person) {
                let codes = [a["country"].as_str(), a["org"].as_str()];
                assert!(codes.contains(&Some(code)), "{person}: {a}");
                assert_eq!(a["sector"].as_str(), Some(sector), "{person}: {a}");
                found.insert(person.to_string());
            }
        }
    }
    assert!(found.len() >= 12, "only {found:?} appear as actors");
}
