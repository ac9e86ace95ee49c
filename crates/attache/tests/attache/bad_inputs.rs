//! A directory of 1,000 bad files next to good ones: no panic, one clear
//! error per bad file, a non-zero exit, and every good event still printed.

use std::io::Write;

use crate::common::{data, records, run};

/// Deterministic bytes (xorshift), so failures reproduce.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

fn warc_record(html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789abc>\r\nWARC-Date: 2021-03-02T10:00:00Z\r\nWARC-Target-URI: https://example.org/a\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

#[test]
fn thousand_bad_files_and_good_ones() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let good = std::fs::read_to_string(data("good_article.txt"))
        .unwrap_or_else(|e| panic!("fixture: {e}"));
    std::fs::write(dir.path().join("good_a.txt"), &good).unwrap_or_else(|e| panic!("{e}"));
    // Different text from the .txt, so the two documents have different ids.
    let html = format!(
        "<html><head><title>Talks</title></head><body><article><p>{}</p><p>Officials said talks would continue.</p></article></body></html>",
        good.replace('\n', "</p><p>")
    );
    std::fs::write(dir.path().join("good_b.html"), &html).unwrap_or_else(|e| panic!("{e}"));

    let mut must_fail = Vec::new();
    for i in 0..1000u64 {
        let (name, bytes): (String, Vec<u8>) = match i % 6 {
            0 => (format!("random_{i}.txt"), noise(i, 64 + (i as usize % 900))),
            1 => (format!("empty_{i}.txt"), Vec::new()),
            2 => {
                let mut b = b"Talks went on in Cairo. ".to_vec();
                b.extend([0xff, 0xfe, 0xc3, 0x28]);
                (format!("invalid_utf8_{i}.txt"), b)
            }
            3 => {
                let gz = gzip(&warc_record(&html));
                let cut = gz.len() / 2 + (i as usize % 7);
                (
                    format!("truncated_{i}.warc.gz"),
                    gz[..cut.min(gz.len() - 1)].to_vec(),
                )
            }
            4 => {
                let rec = warc_record(&html);
                (format!("truncated_{i}.warc"), rec[..rec.len() / 2].to_vec())
            }
            _ => (
                format!("bad_{i}.jsonl"),
                format!("{{\"id\": \"x{i}\", \"text\": \"unterminated\n").into_bytes(),
            ),
        };
        must_fail.push(name.clone());
        std::fs::write(dir.path().join(&name), bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    // Truncated HTML may still yield text: it must not panic, error or not.
    std::fs::write(dir.path().join("truncated.html"), &html[..html.len() / 2])
        .unwrap_or_else(|e| panic!("{e}"));
    // One 10 MB single line.
    std::fs::write(dir.path().join("huge_line.txt"), "word ".repeat(2_000_000))
        .unwrap_or_else(|e| panic!("{e}"));
    must_fail.push("huge_line.txt".into());

    let out = run(&["code", dir.path().to_str().unwrap_or_default()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit status must say some inputs failed"
    );
    assert!(stderr.contains("inputs failed"), "{stderr}");

    let recs = records(&out.stdout);
    let errors: Vec<&serde_json::Value> = recs
        .iter()
        .filter(|(t, _)| t == "error")
        .map(|(_, d)| d)
        .collect();
    for name in &must_fail {
        let n = errors
            .iter()
            .filter(|e| {
                e["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with(name.as_str()))
            })
            .count();
        assert!(n >= 1, "no error for {name}");
        assert!(n <= 2, "{n} errors for {name}");
    }
    for e in &errors {
        assert!(!e["code"].as_str().unwrap_or_default().is_empty());
        assert!(!e["message"].as_str().unwrap_or_default().is_empty());
    }
    // The good files' events are all there.
    let events_from = |file: &str| {
        let docs: Vec<String> = recs
            .iter()
            .filter(|(t, d)| {
                t == "doc"
                    && d["origin"]["path"]
                        .as_str()
                        .is_some_and(|p| p.ends_with(file))
            })
            .filter_map(|(_, d)| d["id"].as_str().map(str::to_string))
            .collect();
        recs.iter()
            .filter(|(t, d)| t == "event" && docs.iter().any(|id| d["doc_id"] == id.as_str()))
            .count()
    };
    let alone = run(&[
        "code",
        data("good_article.txt").to_str().unwrap_or_default(),
    ]);
    let expected = records(&alone.stdout)
        .iter()
        .filter(|(t, _)| t == "event")
        .count();
    assert!(expected >= 2, "the good fixture must code events");
    assert_eq!(events_from("good_a.txt"), expected);
    assert!(events_from("good_b.html") >= 1);
    let summary = recs
        .iter()
        .find(|(t, _)| t == "summary")
        .map(|(_, d)| d.clone())
        .unwrap_or_default();
    let failed = summary["failed_inputs"].as_u64().unwrap_or_default() as usize;
    // truncated.html may or may not count: it is allowed to yield text.
    assert!(
        failed == must_fail.len() || failed == must_fail.len() + 1,
        "failed_inputs {failed}"
    );
}
