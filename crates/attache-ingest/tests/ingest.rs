//! Integration tests of attache-ingest over the fixtures in `tests/data/`
//! (invented articles in the noisy style of scraped news) and over inputs
//! built here (WARC, gzip, damaged files).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use attache_ingest::{read_jsonl, read_path, Document, ErrorRecord, IngestOptions, Item};
use attache_types::{Precision, PublishedFound};
use chrono::NaiveDate;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(rel)
}

fn split(items: impl Iterator<Item = Item>) -> (Vec<Document>, Vec<ErrorRecord>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for item in items {
        match item {
            Item::Doc(d) => docs.push(d),
            Item::Error(e) => errors.push(e),
        }
    }
    (docs, errors)
}

fn read_with(path: &Path, opts: &IngestOptions) -> (Vec<Document>, Vec<ErrorRecord>) {
    split(read_path(path, opts))
}

fn read(path: &Path) -> (Vec<Document>, Vec<ErrorRecord>) {
    read_with(path, &IngestOptions::default())
}

fn paragraphs(d: &Document) -> Vec<&str> {
    d.text.split("\n\n").collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Every segment of the map copies input bytes exactly, except decoded
/// character references, which map to their `&`.
fn assert_map_exact(input: &[u8], doc: &Document) {
    let mut last_end = 0usize;
    for &(cs, is, len) in &doc.input_map.segments {
        assert!(cs >= last_end, "segments overlap or are unsorted");
        last_end = cs + len;
        let is = is as usize;
        let clean = doc
            .text
            .as_bytes()
            .get(cs..cs + len)
            .expect("segment inside text");
        let orig = input.get(is..is + len).expect("segment inside input");
        if orig.first() == Some(&b'&') && clean != orig {
            continue;
        }
        assert_eq!(
            String::from_utf8_lossy(orig),
            String::from_utf8_lossy(clean),
            "segment ({cs}, {is}, {len})"
        );
    }
}

/// The cleaned-text layout every document follows.
fn assert_layout(d: &Document) {
    assert!(!d.text.is_empty());
    assert_eq!(d.text.trim(), d.text);
    for p in paragraphs(d) {
        assert!(!p.is_empty(), "empty paragraph in {:?}", d.text);
        assert!(!p.contains('\n'));
        assert!(!p.contains("  "));
        assert_eq!(p.trim(), p);
    }
    assert!(!d.id.is_empty());
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

mod txt {
    use super::*;

    #[test]
    fn scraped_article() {
        let path = data("txt/scraped_visit.txt");
        let (docs, errors) = read(&path);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_layout(d);
        assert_eq!(
            d.title.as_deref(),
            Some("Indonesia, Australia pledge closer maritime cooperation")
        );
        let p = d.published.as_ref().unwrap();
        assert_eq!(p.date, day(2019, 3, 14));
        assert_eq!(p.precision, Precision::Day);
        assert_eq!(p.found, PublishedFound::Text);
        assert_eq!(p.text.as_deref(), Some("14 March, 2019"));
        let paras = paragraphs(d);
        // title, subtitle, date line, caption, five body paragraphs
        assert_eq!(paras.len(), 9, "{paras:#?}");
        assert_eq!(
            paras[0],
            "Indonesia, Australia pledge closer maritime cooperation"
        );
        assert_eq!(paras[2], "14 March, 2019");
        assert!(!d.text.contains("min read"));
        assert!(!d.text.contains("Share"));
        assert!(!d.text.contains("Exit mobile"));
        assert!(paras.contains(
            &"The two officers discussed joint patrols in the Timor Sea and the exchange of information on illegal fishing."
        ));
        assert_eq!(d.origin.path, path.to_string_lossy());
        assert_eq!(d.origin.record, None);
        assert_eq!(d.origin.part, 0);
        assert_eq!(d.id.len(), 32);
        assert!(d.id.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
        assert_map_exact(&std::fs::read(&path).unwrap(), d);
    }

    #[test]
    fn ids_are_stable_content_hashes() {
        let path = data("txt/scraped_visit.txt");
        let (a, _) = read(&path);
        let (b, _) = read(&path);
        assert_eq!(a[0].id, b[0].id);
        assert_eq!(a[0].id, attache_ingest::content_id(&a[0].text));
    }

    #[test]
    fn hard_wrapped_article() {
        let path = data("txt/wrapped_talks.txt");
        let (docs, errors) = read(&path);
        assert!(errors.is_empty(), "{errors:?}");
        let d = &docs[0];
        assert_layout(d);
        let paras = paragraphs(d);
        assert_eq!(paras.len(), 4, "{paras:#?}");
        assert_eq!(
            paras[1],
            "BUENOS AIRES, June 8, 2022 (Wire) - The foreign ministers of Brazil and Argentina met in Buenos Aires on Wednesday to discuss tariffs on steel and farm goods, officials said after the meeting."
        );
        assert!(paras[2].contains("pro-posals under discussion"));
        assert_eq!(
            d.title.as_deref(),
            Some("Ministers From Brazil And Argentina Hold Trade Talks")
        );
        let p = d.published.as_ref().unwrap();
        assert_eq!((p.date, p.found), (day(2022, 6, 8), PublishedFound::Text));
        assert_map_exact(&std::fs::read(&path).unwrap(), d);
    }

    #[test]
    fn dateline_prefix_and_credits() {
        let path = data("txt/dateline_prefix.txt");
        let (docs, _) = read(&path);
        let d = &docs[0];
        assert!(d
            .text
            .starts_with("The foreign ministers of Greece and Egypt signed"));
        assert!(!d.text.contains("date 2021"));
        assert!(!d.text.contains("Daily Courier"));
        assert!(!d.text.contains("Translation by"));
        assert_eq!(paragraphs(d).len(), 4);
        assert_eq!(d.title, None);
        let p = d.published.as_ref().unwrap();
        assert_eq!(p.date, day(2021, 4, 14));
        assert_eq!(p.text.as_deref(), Some("2021-04-14"));
        assert_map_exact(&std::fs::read(&path).unwrap(), d);
    }

    #[test]
    fn bom_crlf_and_nbsp() {
        let dir = tempdir();
        let bytes = "\u{feff}Talks Resume In Geneva\r\n\r\nDiplomats from both sides met\u{a0} in Geneva on Monday to resume the talks.\r\n\r\nShare\r\nA second paragraph follows here, as the talks go on.\r\n";
        let path = write(dir.path(), "crlf.txt", bytes.as_bytes());
        let (docs, errors) = read(&path);
        assert!(errors.is_empty());
        let d = &docs[0];
        assert_eq!(
            d.text,
            "Talks Resume In Geneva\n\nDiplomats from both sides met in Geneva on Monday to resume the talks.\n\nA second paragraph follows here, as the talks go on."
        );
        // offsets count the BOM: they are file offsets
        assert_eq!(d.input_map.input_of(0), Some(3));
        assert_map_exact(bytes.as_bytes(), d);
    }

    #[test]
    fn document_from_text_with_meta() {
        use attache_ingest::{document_from_text, Meta};
        use attache_types::{Origin, Published};
        let meta = Meta {
            id: Some("x-1".into()),
            title: Some("Given Title".into()),
            url: Some("https://example.org/x".into()),
            source: Some("Example".into()),
            published: Some(Published {
                date: day(2020, 1, 2),
                precision: Precision::Day,
                found: PublishedFound::Record,
                text: None,
            }),
        };
        let origin = Origin {
            path: "mem".into(),
            record: Some(7),
            part: 0,
        };
        let docs = document_from_text(
            "21 September, 2015\n\nThe talks went on for hours in the capital.",
            origin,
            meta,
            &IngestOptions::default(),
        );
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.id, "x-1");
        assert_eq!(d.title.as_deref(), Some("Given Title"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/x"));
        assert_eq!(d.source.as_deref(), Some("Example"));
        // the record's date wins over the text's
        assert_eq!(
            d.published.as_ref().map(|p| p.found),
            Some(PublishedFound::Record)
        );
        assert_eq!(d.origin.record, Some(7));
    }
}

mod html {
    use super::*;
    use attache_ingest::html_to_text;

    #[test]
    fn article_page() {
        let path = data("html/article.html");
        let (docs, errors) = read(&path);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_layout(d);
        assert_eq!(
            d.title.as_deref(),
            Some("Turkey and Greece resume talks on maritime borders")
        );
        assert_eq!(
            d.url.as_deref(),
            Some("https://ledger.example/world/turkey-greece-talks")
        );
        assert_eq!(d.source.as_deref(), Some("The Daily Ledger"));
        let p = d.published.as_ref().unwrap();
        assert_eq!(p.date, day(2021, 1, 25));
        assert_eq!(p.found, PublishedFound::HtmlMeta);
        assert_eq!(p.text, None);
        let paras = paragraphs(d);
        assert_eq!(
            paras,
            vec![
                "Turkey and Greece resume talks on maritime borders",
                "By Staff Writer 25 January 2021",
                "Delegations meet in Istanbul on Monday.",
                "Turkish and Greek officials resumed exploratory talks in Istanbul on Monday, the first such meeting in almost five years, the Turkish foreign ministry said.",
                "The talks focus on the delimitation of the continental shelf and exclusive economic zones in the Aegean and eastern Mediterranean Sea.",
                "Athens said the meeting was “a first step” and that both sides had agreed to meet again in Athens.",
                "We are ready to solve our problems through dialogue, a Turkish diplomat said.",
                "The European Union welcomed the resumption of talks & urged both neighbours to avoid unilateral actions.",
            ]
        );
        assert_map_exact(&std::fs::read(&path).unwrap(), d);
        // an entity maps to its '&'
        let html = std::fs::read(&path).unwrap();
        let at = d.text.find('“').unwrap();
        let input = d.input_map.input_of(at).unwrap() as usize;
        assert!(html[input..].starts_with(b"&ldquo;"));
    }

    #[test]
    fn page_without_article() {
        let (docs, errors) = read(&data("html/no_article.html"));
        assert!(errors.is_empty(), "{errors:?}");
        let d = &docs[0];
        assert_eq!(
            d.title.as_deref(),
            Some("Nigeria and Niger discuss border security")
        );
        let p = d.published.as_ref().unwrap();
        assert_eq!(
            (p.date, p.found),
            (day(2020, 8, 3), PublishedFound::HtmlMeta)
        );
        let paras = paragraphs(d);
        assert_eq!(paras.len(), 4, "{paras:#?}");
        assert_eq!(paras[0], "Nigeria and Niger discuss border security");
        assert!(!d.text.contains("Home"));
        assert!(!d.text.contains("Share on"));
        assert!(!d.text.contains("Contact"));
    }

    #[test]
    fn windows_1252_page() {
        let (docs, errors) = read(&data("html/windows1252.html"));
        assert!(errors.is_empty(), "{errors:?}");
        let d = &docs[0];
        assert_eq!(
            d.title.as_deref(),
            Some("Peru’s envoy meets Bolivian minister")
        );
        assert!(d.text.contains("Bolivia’s foreign minister"));
        assert!(d.text.contains("“shared lake”"));
        assert!(d.text.contains("café exports"));
    }

    #[test]
    fn truncated_page_still_gives_text() {
        let (docs, errors) = read(&data("html/truncated.html"));
        assert!(errors.is_empty(), "{errors:?}");
        let d = &docs[0];
        assert_eq!(d.title.as_deref(), Some("Cut page"));
        let paras = paragraphs(d);
        assert_eq!(paras.len(), 3, "{paras:#?}");
        assert!(paras[2].ends_with("and that a final state"));
    }

    #[test]
    fn every_prefix_of_a_page_is_safe() {
        let html = std::fs::read_to_string(data("html/article.html")).unwrap();
        for (i, _) in html.char_indices() {
            let ht = html_to_text(&html[..i]);
            for &(cs, is, len) in &ht.input_map.segments {
                assert!(cs + len <= ht.text.len());
                assert!(is as usize + len <= i || html.as_bytes()[is as usize] == b'&');
            }
        }
    }

    #[test]
    fn html_to_text_fields() {
        let ht = html_to_text(
            "<html><head><meta property='og:url' content='https://a.example/x'>\
             <meta itemprop='datePublished' content='2019-06'></head>\
             <body><h1>Head &amp; Line</h1><p>Body.</p></body></html>",
        );
        assert_eq!(ht.title.as_deref(), Some("Head & Line"));
        assert_eq!(ht.url.as_deref(), Some("https://a.example/x"));
        assert_eq!(ht.published, Some((day(2019, 6, 1), Precision::Month)));
        assert_eq!(ht.text, "Head & Line\n\nBody.");
    }
}

mod jsonl {
    use super::*;

    #[test]
    fn good_and_bad_lines() {
        let path = data("jsonl/articles.jsonl");
        let (docs, errors) = read(&path);
        let name = path.to_string_lossy().into_owned();

        let codes: Vec<(Option<u64>, &str)> =
            errors.iter().map(|e| (e.record, e.code.as_str())).collect();
        assert_eq!(
            codes,
            vec![
                (Some(4), "malformed_jsonl"),
                (Some(5), "malformed_jsonl"),
                (Some(6), "missing_text"),
                (Some(9), "no_text"),
            ]
        );
        assert!(errors.iter().all(|e| e.path == name));
        assert!(
            errors[0].message.contains("column"),
            "{}",
            errors[0].message
        );
        assert_eq!(
            errors[1].message,
            "malformed JSON: expected a JSON object, found an array"
        );

        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids.len(), 5);
        assert_eq!(ids[0], "a1");
        assert_eq!(ids[1].len(), 32);
        assert_eq!(&ids[2..], ["42", "pair", "pair#1"]);

        let a1 = &docs[0];
        assert_eq!(
            a1.title.as_deref(),
            Some("Japan and South Korea hold security talks")
        );
        assert_eq!(a1.url.as_deref(), Some("https://wire.example/a1"));
        assert_eq!(a1.source.as_deref(), Some("Example Wire"));
        let p = a1.published.as_ref().unwrap();
        assert_eq!(
            (p.date, p.found),
            (day(2022, 5, 10), PublishedFound::Record)
        );
        assert_eq!(paragraphs(a1).len(), 2);
        assert_eq!(a1.origin.record, Some(1));
        // offsets map into the decoded "text" string
        assert_eq!(a1.input_map.segments[0], (0, 0, paragraphs(a1)[0].len()));

        let rfc = &docs[1];
        assert_eq!(
            rfc.published.as_ref().map(|p| p.date),
            Some(day(2022, 5, 12))
        );
        assert_eq!(rfc.origin.record, Some(3));

        let html = &docs[2];
        assert_eq!(
            html.title.as_deref(),
            Some("Vietnam, Philippines discuss fishing rights")
        );
        assert_eq!(
            html.text,
            "Vietnam and the Philippines discussed fishing rights in the South China Sea on Friday."
        );
        let p = html.published.as_ref().unwrap();
        assert_eq!(
            (p.date, p.found),
            (day(2022, 5, 13), PublishedFound::HtmlMeta)
        );

        let (p0, p1) = (&docs[3], &docs[4]);
        assert_eq!((p0.origin.record, p0.origin.part), (Some(8), 0));
        assert_eq!((p1.origin.record, p1.origin.part), (Some(8), 1));
        assert_eq!(
            p1.title.as_deref(),
            Some("Chile Recalls Ambassador After Dispute Over Fishing Rights")
        );
    }

    #[test]
    fn stdin_style_reader() {
        let input = b"{\"text\": \"One line of text about talks in Oslo.\"}\n\n{bad}\n{\"text\": \"Another line about a visit to Rome.\"}";
        let (docs, errors) = split(read_jsonl(&input[..], "-", &IngestOptions::default()));
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].origin.record, Some(4));
        assert_eq!(docs[0].origin.path, "-");
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].path.as_str(), errors[0].record), ("-", Some(3)));
    }

    #[test]
    fn invalid_utf8_and_oversized_lines() {
        let mut input = Vec::new();
        input.extend_from_slice(b"{\"text\": \"Good first line about a summit.\"}\n");
        input.extend_from_slice(b"{\"text\": \"bad \xff byte\"}\n");
        input.extend_from_slice(format!("{{\"text\": \"{}\"}}\n", "x".repeat(500)).as_bytes());
        input.extend_from_slice(b"{\"text\": \"Good last line about a treaty.\"}");
        let opts = IngestOptions {
            max_doc_bytes: 200,
            ..IngestOptions::default()
        };
        let (docs, errors) = split(read_jsonl(&input[..], "mem.jsonl", &opts));
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].origin.record, Some(4));
        let got: Vec<(Option<u64>, &str, &str)> = errors
            .iter()
            .map(|e| (e.record, e.code.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(2), "invalid_utf8", "invalid UTF-8 at byte 58"),
                (
                    Some(3),
                    "record_too_large",
                    "record is larger than the limit of 200 bytes"
                ),
            ]
        );
    }

    #[test]
    fn empty_jsonl() {
        let (docs, errors) = split(read_jsonl(&b"\n\n  \n"[..], "-", &IngestOptions::default()));
        assert!(docs.is_empty());
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].code.as_str(), errors[0].record),
            ("empty_input", None)
        );
    }
}

mod warc {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;

    fn record(kind: &str, uri: &str, content_type: Option<&str>, block: &[u8]) -> Vec<u8> {
        let mut h = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{:012}>\r\nWARC-Date: 2021-06-01T12:00:00Z\r\nWARC-Target-URI: {uri}\r\n",
            block.len()
        );
        if let Some(ct) = content_type {
            h.push_str(&format!("Content-Type: {ct}\r\n"));
        }
        h.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
        let mut out = h.into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
        for (k, v) in headers {
            out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(body);
        out
    }

    const PAGE_A: &str = "<html><head><title>Norway and Sweden sign energy deal | North Post</title>\
        <meta property=\"article:published_time\" content=\"2021-05-30T10:00:00Z\"></head>\
        <body><nav>Menu</nav><article><p>Norway and Sweden signed an energy cooperation agreement in Oslo on Sunday.</p>\
        <p>The deal covers power lines across their shared border.</p></article></body></html>";

    const PAGE_B: &str = "<html><head><title>Talks in Vienna</title></head><body>\
        <p>Envoys from Iran and the European Union met in Vienna for a new round of talks.</p></body></html>";

    /// Records 0..=8 of a small crawl; documents come from 2, 5, 6, 7, 8.
    fn crawl() -> Vec<Vec<u8>> {
        let gz_body = {
            let mut e = GzEncoder::new(Vec::new(), Compression::default());
            e.write_all(PAGE_B.as_bytes()).unwrap();
            e.finish().unwrap()
        };
        let chunked = {
            let mut c = format!("{:x}\r\n", gz_body.len()).into_bytes();
            c.extend_from_slice(&gz_body);
            c.extend_from_slice(b"\r\n0\r\n\r\n");
            c
        };
        let cp1252 = b"<html><body><p>Peru\x92s president met Ecuador\x92s president at the border on Monday.</p></body></html>";
        vec![
            record("warcinfo", "", Some("application/warc-fields"), b"software: test\r\n"),
            record("request", "https://north.example/a", Some("application/http; msgtype=request"), b"GET /a HTTP/1.1\r\nHost: north.example\r\n\r\n"),
            record(
                "response",
                "https://north.example/a",
                Some("application/http; msgtype=response"),
                &http("200 OK", &[("Content-Type", "text/html; charset=utf-8")], PAGE_A.as_bytes()),
            ),
            record(
                "response",
                "https://north.example/missing",
                Some("application/http; msgtype=response"),
                &http("404 Not Found", &[("Content-Type", "text/html")], b"<p>Not found</p>"),
            ),
            record(
                "response",
                "https://north.example/logo.png",
                Some("application/http; msgtype=response"),
                &http("200 OK", &[("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\n"),
            ),
            record(
                "response",
                "https://vienna.example/talks",
                Some("application/http; msgtype=response"),
                &http(
                    "200 OK",
                    &[
                        ("Content-Type", "text/html"),
                        ("Transfer-Encoding", "chunked"),
                        ("Content-Encoding", "gzip"),
                    ],
                    &chunked,
                ),
            ),
            record(
                "response",
                "https://lima.example/visit",
                Some("application/http; msgtype=response"),
                &http("200 OK", &[("Content-Type", "text/html; charset=windows-1252")], cp1252),
            ),
            record(
                "resource",
                "https://wire.example/plain",
                Some("text/plain"),
                "Leaders of Chad and Sudan met in N'Djamena to discuss refugees.".as_bytes(),
            ),
            record(
                "conversion",
                "https://wire.example/wet",
                Some("text/plain"),
                "Kazakh Minister Visits Beijing\n\nThe foreign minister of Kazakhstan arrived in Beijing on Monday for talks on trade.".as_bytes(),
            ),
        ]
    }

    fn check_crawl(docs: &[Document], name: &str) {
        let recs: Vec<Option<u64>> = docs.iter().map(|d| d.origin.record).collect();
        assert_eq!(recs, vec![Some(2), Some(5), Some(6), Some(7), Some(8)]);
        assert!(docs.iter().all(|d| d.origin.path == name));
        let a = &docs[0];
        assert_eq!(a.url.as_deref(), Some("https://north.example/a"));
        assert_eq!(
            a.title.as_deref(),
            Some("Norway and Sweden sign energy deal")
        );
        let p = a.published.as_ref().unwrap();
        assert_eq!(
            (p.date, p.found),
            (day(2021, 5, 30), PublishedFound::HtmlMeta)
        );
        assert_eq!(paragraphs(a).len(), 2);
        let b = &docs[1];
        assert_eq!(
            b.text,
            "Envoys from Iran and the European Union met in Vienna for a new round of talks."
        );
        // no date in the page or the text: WARC-Date
        let p = b.published.as_ref().unwrap();
        assert_eq!((p.date, p.found), (day(2021, 6, 1), PublishedFound::Record));
        assert!(docs[2]
            .text
            .contains("Peru’s president met Ecuador’s president"));
        assert_eq!(docs[3].url.as_deref(), Some("https://wire.example/plain"));
        assert_eq!(
            docs[4].title.as_deref(),
            Some("Kazakh Minister Visits Beijing")
        );
    }

    #[test]
    fn plain_warc() {
        let dir = tempdir();
        let bytes: Vec<u8> = crawl().concat();
        let path = write(dir.path(), "crawl.warc", &bytes);
        let (docs, errors) = read(&path);
        assert!(errors.is_empty(), "{errors:?}");
        check_crawl(&docs, &path.to_string_lossy());
    }

    fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        for r in records {
            let mut e = GzEncoder::new(Vec::new(), Compression::default());
            e.write_all(r).unwrap();
            out.extend(e.finish().unwrap());
        }
        out
    }

    #[test]
    fn multi_member_gzip() {
        let dir = tempdir();
        let path = write(dir.path(), "crawl.warc.gz", &gzip_members(&crawl()));
        let (docs, errors) = read(&path);
        assert!(errors.is_empty(), "{errors:?}");
        check_crawl(&docs, &path.to_string_lossy());
        // one gzip member for the whole file works too
        let single = gzip_members(&[crawl().concat()]);
        let path = write(dir.path(), "single.warc.gz", &single);
        let (docs, errors) = read(&path);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(docs.len(), 5);
    }

    #[test]
    fn written_by_the_warc_crate() {
        use ::warc::{RecordBuilder, RecordType, WarcHeader, WarcWriter};
        let block = http(
            "200 OK",
            &[("Content-Type", "text/html")],
            PAGE_B.as_bytes(),
        );
        let rec = RecordBuilder::default()
            .warc_type(RecordType::Response)
            .header(WarcHeader::TargetURI, "https://vienna.example/b")
            .header(
                WarcHeader::ContentType,
                "application/http; msgtype=response",
            )
            .body(block)
            .build()
            .unwrap();
        let mut bytes: Vec<u8> = Vec::new();
        {
            let mut w = WarcWriter::new(&mut bytes);
            w.write(&rec).unwrap();
            w.write(&rec).unwrap();
        }
        let dir = tempdir();
        let path = write(dir.path(), "crate.warc", &bytes);
        let (docs, errors) = read(&path);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].origin.record, Some(1));
        assert_eq!(docs[0].url.as_deref(), Some("https://vienna.example/b"));
    }

    #[test]
    fn truncated_warc() {
        let dir = tempdir();
        let records = crawl();
        let mut bytes = records[..=6].concat();
        let cut = records[7].len() / 2; // inside the header or body of record 7
        bytes.extend_from_slice(&records[7][..cut]);
        let path = write(dir.path(), "cut.warc", &bytes);
        let (docs, errors) = read(&path);
        assert_eq!(docs.len(), 3, "records 2, 5 and 6 come out");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "truncated_warc");
        assert_eq!(errors[0].record, Some(7));
        assert!(
            errors[0].message.contains("record 7"),
            "{}",
            errors[0].message
        );

        // cut inside the header block
        let mut bytes = records[..3].concat();
        bytes.extend_from_slice(b"WARC/1.0\r\nWARC-Type: resp");
        let path = write(dir.path(), "cut_head.warc", &bytes);
        let (docs, errors) = read(&path);
        assert_eq!(docs.len(), 1);
        assert_eq!(
            (errors[0].code.as_str(), errors[0].record),
            ("truncated_warc", Some(3))
        );
    }

    #[test]
    fn truncated_gzip() {
        let dir = tempdir();
        let records = crawl();
        let first = gzip_members(&records[..=6]);
        let last = gzip_members(&records[7..=8]);
        let mut bytes = first.clone();
        bytes.extend_from_slice(&last[..last.len() / 3]);
        let path = write(dir.path(), "cut.warc.gz", &bytes);
        let (docs, errors) = read(&path);
        assert_eq!(docs.len(), 3);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code, "truncated_gzip", "{errors:?}");
        assert_eq!(errors[0].record, Some(7));
        assert_eq!(
            errors[0].message,
            "truncated gzip stream: gzip data ends inside record 7"
        );

        // cut in the gzip trailer of the last record: its content is complete
        let mut bytes = first;
        bytes.extend_from_slice(&last[..last.len() - 4]);
        let path = write(dir.path(), "cut_trailer.warc.gz", &bytes);
        let (docs, errors) = read(&path);
        assert_eq!(docs.len(), 5);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            (errors[0].code.as_str(), errors[0].record),
            ("truncated_gzip", Some(8))
        );
        assert!(errors[0].message.contains("after record 8"));
    }

    #[test]
    fn garbage_between_records() {
        let dir = tempdir();
        let records = crawl();
        let mut bytes = records[..3].concat();
        bytes.extend_from_slice(b"this is not a WARC record\r\n\r\n");
        bytes.extend(records[5].clone());
        let path = write(dir.path(), "junk.warc", &bytes);
        let (docs, errors) = read(&path);
        assert_eq!(docs.len(), 1);
        assert_eq!(
            (errors[0].code.as_str(), errors[0].record),
            ("malformed_warc", Some(3))
        );
        // no Content-Length
        let path = write(
            dir.path(),
            "nolen.warc",
            b"WARC/1.0\r\nWARC-Type: response\r\n\r\nabc\r\n\r\n",
        );
        let (_, errors) = read(&path);
        assert_eq!(
            (errors[0].code.as_str(), errors[0].record),
            ("malformed_warc", Some(0))
        );
    }

    #[test]
    fn corrupt_gzip() {
        let dir = tempdir();
        let path = write(
            dir.path(),
            "bad.warc.gz",
            b"definitely not gzip data at all",
        );
        let (docs, errors) = read(&path);
        assert!(docs.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(matches!(
            errors[0].code.as_str(),
            "malformed_warc" | "truncated_gzip"
        ));
    }

    #[test]
    fn oversized_record_is_skipped() {
        let dir = tempdir();
        let records = crawl();
        let path = write(dir.path(), "crawl.warc", &records.concat());
        let opts = IngestOptions {
            max_doc_bytes: 200,
            ..IngestOptions::default()
        };
        let (docs, errors) = read_with(&path, &opts);
        // records 2 and 5 are larger than 200 bytes; 6, 7 and 8 are not
        let recs: Vec<Option<u64>> = docs.iter().map(|d| d.origin.record).collect();
        assert_eq!(recs, vec![Some(6), Some(7), Some(8)]);
        let errs: Vec<(Option<u64>, &str)> =
            errors.iter().map(|e| (e.record, e.code.as_str())).collect();
        assert_eq!(
            errs,
            vec![(Some(2), "record_too_large"), (Some(5), "record_too_large"),]
        );
    }

    #[test]
    fn damaged_warc_never_panics() {
        let dir = tempdir();
        let bytes = crawl().concat();
        let gz = gzip_members(&crawl());
        for (k, cut) in (0..bytes.len()).step_by(37).enumerate() {
            let path = write(dir.path(), "t.warc", &bytes[..cut]);
            let (docs, errors) = read(&path);
            assert!(docs.len() <= 5 && errors.len() <= 2, "{errors:?}");
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0x5a;
            let path = write(dir.path(), "f.warc", &flipped);
            let _ = read(&path);
            if let Some(g) = gz.get(..cut.min(gz.len())) {
                let path = write(dir.path(), "t.warc.gz", g);
                let _ = read(&path);
            }
            if k % 4 == 0 && cut < gz.len() {
                let mut g = gz.clone();
                g[cut] ^= 0xff;
                let path = write(dir.path(), "f.warc.gz", &g);
                let _ = read(&path);
            }
        }
    }

    #[test]
    fn empty_warc() {
        let dir = tempdir();
        let path = write(dir.path(), "empty.warc", b"");
        let (_, errors) = read(&path);
        assert_eq!(
            (errors[0].code.as_str(), errors[0].record),
            ("empty_input", None)
        );
    }
}

mod cleaning {
    use attache_ingest::{is_boilerplate_line, BOILERPLATE_LINES};

    #[test]
    fn boilerplate_list_is_whole_line() {
        assert!(BOILERPLATE_LINES.len() > 20);
        for l in [
            "Share.",
            "Exit mobile version",
            "2 min read",
            "Source",
            "TT",
            "Advertisement",
        ] {
            assert!(is_boilerplate_line(l), "{l}");
        }
        for l in [
            "Share prices fell sharply in Cairo after the announcement.",
            "TT and the ministry said",
            "Source code of the treaty text was published.",
        ] {
            assert!(!is_boilerplate_line(l), "{l}");
        }
    }

    #[test]
    fn error_code_table() {
        let codes: Vec<&str> = attache_ingest::error_codes()
            .iter()
            .map(|(c, _)| *c)
            .collect();
        for c in [
            "io_error",
            "empty_input",
            "invalid_utf8",
            "malformed_jsonl",
            "missing_text",
            "truncated_warc",
            "malformed_warc",
            "truncated_gzip",
            "unsupported_format",
            "record_too_large",
            "no_text",
        ] {
            assert!(codes.contains(&c), "{c}");
        }
    }
}

mod splitting {
    use super::*;

    #[test]
    fn run_together_articles() {
        let path = data("txt/run_together.txt");
        let (docs, errors) = read(&path);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(docs.len(), 2);
        let (a, b) = (&docs[0], &docs[1]);
        assert_eq!((a.origin.part, b.origin.part), (0, 1));
        assert_eq!(
            a.title.as_deref(),
            Some("Kenya and Ethiopia Agree to Reopen Moyale Border Crossing")
        );
        assert_eq!(
            b.title.as_deref(),
            Some("Chile Recalls Ambassador After Dispute Over Fishing Rights")
        );
        // title, caption once, five body paragraphs
        assert_eq!(paragraphs(a).len(), 7, "{:#?}", paragraphs(a));
        assert_eq!(paragraphs(b).len(), 6, "{:#?}", paragraphs(b));
        assert!(!a.text.contains("TT"));
        assert!(!a.text.contains("Chile"));
        assert!(!b.text.contains("Kenya"));
        // the caption date belongs to the second article only
        assert_eq!(a.published, None);
        let p = b.published.as_ref().unwrap();
        assert_eq!((p.date, p.found), (day(2021, 2, 3), PublishedFound::Text));
        assert_eq!(p.text.as_deref(), Some("3 February 2021"));
        assert_ne!(a.id, b.id);
        assert_eq!(b.id, attache_ingest::content_id(&b.text));
        let input = std::fs::read(&path).unwrap();
        assert_map_exact(&input, a);
        assert_map_exact(&input, b);
    }

    #[test]
    fn splitting_can_be_turned_off() {
        let opts = IngestOptions {
            split_articles: false,
            ..IngestOptions::default()
        };
        let (docs, _) = read_with(&data("txt/run_together.txt"), &opts);
        assert_eq!(docs.len(), 1);
        assert!(docs[0].text.contains("Kenya") && docs[0].text.contains("Chile"));
    }

    #[test]
    fn single_articles_are_not_split() {
        for f in [
            "txt/scraped_visit.txt",
            "txt/wrapped_talks.txt",
            "txt/dateline_prefix.txt",
        ] {
            let (docs, _) = read(&data(f));
            assert_eq!(docs.len(), 1, "{f}");
        }
    }
}

mod errors {
    use super::*;

    fn one_error(path: &Path) -> ErrorRecord {
        let (docs, errors) = read(path);
        assert!(docs.is_empty());
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.into_iter().next().unwrap()
    }

    #[test]
    fn random_bytes_txt() {
        let dir = tempdir();
        // deterministic pseudo-random bytes
        let mut x: u32 = 0x1234_5678;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 24) as u8
            })
            .collect();
        let path = write(dir.path(), "random.txt", &bytes);
        let e = one_error(&path);
        assert_eq!(e.code, "invalid_utf8");
        assert_eq!(e.record, None);
        assert_eq!(e.path, path.to_string_lossy());
        assert!(e.message.starts_with("invalid UTF-8 at byte "));
    }

    #[test]
    fn invalid_utf8_position() {
        let dir = tempdir();
        let path = write(dir.path(), "bad.txt", b"Talks began.\n\xc3\x28 more");
        let e = one_error(&path);
        assert_eq!(e.message, "invalid UTF-8 at byte 13");
    }

    #[test]
    fn empty_and_blank_files() {
        let dir = tempdir();
        for (name, bytes) in [
            ("empty.txt", &b""[..]),
            ("blank.txt", &b"  \n\t\r\n \xc2\xa0\n"[..]),
            ("empty.html", &b""[..]),
            ("empty.jsonl", &b""[..]),
        ] {
            let e = one_error(&write(dir.path(), name, bytes));
            assert_eq!(e.code, "empty_input", "{name}");
        }
    }

    #[test]
    fn nothing_left_after_cleaning() {
        let dir = tempdir();
        let e = one_error(&write(
            dir.path(),
            "junk.txt",
            b"Share.\nExit mobile version\n2 min read\n",
        ));
        assert_eq!(e.code, "no_text");
        let e = one_error(&write(
            dir.path(),
            "junk.html",
            b"<nav>Home</nav><script>x()</script>",
        ));
        assert_eq!(e.code, "no_text");
    }

    #[test]
    fn three_megabyte_line() {
        let dir = tempdir();
        let big = "word ".repeat(600_000); // 3,000,000 bytes, one line
        for name in ["big.txt", "big.html"] {
            let e = one_error(&write(dir.path(), name, big.as_bytes()));
            assert_eq!(e.code, "record_too_large", "{name}");
            assert_eq!(
                e.message,
                "record is larger than the limit of 2000000 bytes"
            );
        }
        let mut jsonl = format!("{{\"text\": \"{big}\"}}\n").into_bytes();
        jsonl.extend_from_slice(b"{\"text\": \"A short record about a ceasefire.\"}\n");
        let (docs, errors) = read(&write(dir.path(), "big.jsonl", &jsonl));
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].origin.record, Some(2));
        assert_eq!(
            (errors[0].code.as_str(), errors[0].record),
            ("record_too_large", Some(1))
        );
    }

    #[test]
    fn missing_and_unsupported_paths() {
        let dir = tempdir();
        let e = one_error(&dir.path().join("no-such-file.txt"));
        assert_eq!(e.code, "io_error");
        let e = one_error(&write(dir.path(), "table.csv", b"a,b\n"));
        assert_eq!(e.code, "unsupported_format");
        assert_eq!(e.record, None);
    }

    #[test]
    fn directory_walk_is_sorted_and_skips_other_files() {
        let dir = tempdir();
        let body = |s: &str| format!("{s} officials met in the capital on Monday for talks.");
        write(dir.path(), "b/z.txt", body("Fourth").as_bytes());
        write(dir.path(), "b/a.txt", body("Third").as_bytes());
        write(dir.path(), "a.txt", body("First").as_bytes());
        write(dir.path(), "a2/x.txt", body("Second").as_bytes());
        write(dir.path(), "notes.md", b"skipped");
        write(dir.path(), "image.png", b"\x89PNG");
        write(dir.path(), ".hidden/h.txt", body("Hidden").as_bytes());
        let (docs, errors) = read(dir.path());
        assert!(errors.is_empty(), "{errors:?}");
        let first_words: Vec<&str> = docs
            .iter()
            .map(|d| d.text.split(' ').next().unwrap_or(""))
            .collect();
        assert_eq!(first_words, vec!["First", "Second", "Third", "Fourth"]);
    }

    #[test]
    fn fixture_directory_reads_cleanly() {
        let (docs, errors) = read(&data(""));
        // only the deliberately bad lines of the JSON Lines fixture
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors.iter().all(|e| e.path.ends_with("articles.jsonl")));
        assert!(docs.len() >= 10);
        for d in &docs {
            assert_layout(d);
        }
    }

    #[test]
    fn iterators_are_send_and_lazy() {
        fn is_send<T: Send>(_: &T) {}
        let it = read_path(&data("jsonl/articles.jsonl"), &IngestOptions::default());
        is_send(&it);
        let first = it.take(1).count();
        assert_eq!(first, 1);
    }
}

mod robustness {
    use super::*;
    use attache_ingest::{document_from_text, html_to_text, Meta};
    use attache_types::Origin;

    const PIECES: &[&str] = &[
        "<p>",
        "</p>",
        "<div class='share'>",
        "</div>",
        "<br>",
        "&amp;",
        "&",
        "&#x201c;",
        "<",
        ">",
        "\n",
        "\r\n",
        "\n\n",
        "\r",
        " ",
        "  ",
        "\u{a0}",
        "\t",
        "Share.",
        "TT",
        "2 min read",
        "Headline Here Today",
        "A sentence of body text that is long enough to count as a paragraph here.",
        "é",
        "’",
        "21 September, 2015",
        " date 2020-12-27 ",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<article>",
        "</article>",
        "\u{feff}",
        "\u{200b}",
        "\u{ad}",
        "word",
        "-",
        "x",
        "<title>",
        "</title>",
        "<h1>",
        "</h1>",
        "<meta name=date content=2020-01-02>",
        "\"",
        "'",
        "=",
    ];

    fn rng(mut x: u64) -> impl FnMut() -> usize {
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 16) as usize
        }
    }

    #[test]
    fn random_inputs_keep_the_invariants() {
        let mut next = rng(0x9e37_79b9_7f4a_7c15);
        let opts = IngestOptions::default();
        for _ in 0..1500 {
            let n = next() % 60;
            let s: String = (0..n).map(|_| PIECES[next() % PIECES.len()]).collect();
            let ht = html_to_text(&s);
            for &(cs, is, len) in &ht.input_map.segments {
                let clean = &ht.text[cs..cs + len];
                let orig = s.as_bytes().get(is as usize..is as usize + len);
                if s.as_bytes()[is as usize] != b'&' {
                    assert_eq!(orig, Some(clean.as_bytes()), "{s:?}");
                }
            }
            let origin = Origin::default();
            for d in document_from_text(&s, origin, Meta::default(), &opts) {
                assert_layout(&d);
                assert_map_exact(s.as_bytes(), &d);
            }
        }
    }
}

mod pending {
    use super::*;
    use attache_ingest::{read_path_pending, Pending};

    /// Records finished in any order (as worker threads do) give the items
    /// of the serial reader, and reading alone does not parse.
    #[test]
    fn records_finished_out_of_order_match_the_serial_reader() {
        let dir = tempdir();
        write(
            dir.path(),
            "a.txt",
            b"Egypt opened a mission to NATO on Sunday.\n",
        );
        write(
            dir.path(),
            "b.jsonl",
            b"{\"text\": \"Iraq and NATO began a dialogue.\"}\n{not json\n\n{\"text\": \"Second line.\"}\n",
        );
        write(
            dir.path(),
            "c.html",
            b"<html><body><p>Turkey warned the army.</p></body></html>",
        );
        let opts = IngestOptions::default();
        let pending: Vec<Pending> = read_path_pending(dir.path(), &opts).collect();
        // three JSON Lines records (the blank line is no record), two files
        assert_eq!(pending.len(), 5);
        assert!(pending.iter().all(|p| matches!(p, Pending::Record(_))));
        let mut finished: Vec<(usize, Vec<Item>)> = pending
            .into_iter()
            .enumerate()
            .rev()
            .map(|(i, p)| (i, p.into_items()))
            .collect();
        finished.sort_by_key(|(i, _)| *i);
        let items = finished.into_iter().flat_map(|(_, items)| items);
        let (docs, errors) = split(items);
        let (serial_docs, serial_errors) = read(dir.path());
        assert_eq!(docs.len(), 4);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            docs.iter().map(|d| &d.text).collect::<Vec<_>>(),
            serial_docs.iter().map(|d| &d.text).collect::<Vec<_>>()
        );
        assert_eq!(errors[0].record, serial_errors[0].record);
        assert_eq!(errors[0].code, "malformed_jsonl");
    }
}
