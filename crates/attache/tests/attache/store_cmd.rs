//! The store commands: `ingest`, `import-events`, `events`, `search`,
//! `dyads`, `actors`, `export`, `stats`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use attache_types::Event;

use crate::common::{bin, data, run};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn ok(args: &[&str]) -> std::process::Output {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "attache {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = ok(args);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "attache {args:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Every count of `attache stats`, without the file size.
fn counts(db: &Path) -> BTreeMap<String, serde_json::Value> {
    let mut v: BTreeMap<String, serde_json::Value> =
        serde_json::from_value(json(&["stats", "--db", s(db), "--json"])).expect("stats object");
    v.remove("bytes");
    v.remove("db");
    v
}

fn ingest(db: &Path, inputs: &[&Path]) -> serde_json::Value {
    let mut args = vec!["ingest", "--db", s(db), "--json"];
    args.extend(inputs.iter().map(|p| s(p)));
    json(&args)
}

#[test]
fn ingesting_examples_twice_changes_no_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("a.db");
    let first = ingest(&db, &[&examples()]);
    assert!(first["docs_added"].as_u64().unwrap_or(0) >= 8, "{first}");
    assert!(first["events_added"].as_u64().unwrap_or(0) > 50, "{first}");
    let before = counts(&db);
    let second = ingest(&db, &[&examples()]);
    assert_eq!(second["docs_added"], 0, "{second}");
    assert_eq!(second["events_added"], 0, "{second}");
    assert_eq!(second["stories_created"], 0, "{second}");
    assert_eq!(counts(&db), before);
    // File by file, in another order: still nothing new.
    let mut files: Vec<PathBuf> = std::fs::read_dir(examples())
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x != "md"))
        .collect();
    files.sort();
    files.reverse();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let third = ingest(&db, &refs);
    assert_eq!(third["events_added"], 0, "{third}");
    assert_eq!(counts(&db), before);
}

#[test]
fn ingesting_fixtures_twice_changes_no_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("f.db");
    let inputs = [data("good_article.txt"), data("store/lead_body.txt")];
    let refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    ingest(&db, &refs);
    let before = counts(&db);
    assert_eq!(before["documents"], 2);
    ingest(&db, &refs);
    assert_eq!(counts(&db), before);
}

#[test]
fn lead_and_body_report_one_story_with_two_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("l.db");
    ingest(&db, &[&data("store/lead_body.txt")]);
    let stories = json(&[
        "events",
        "--db",
        s(&db),
        "--stories",
        "--actor",
        "EGY",
        "--recipient",
        "JOR",
        "--json",
    ]);
    let list = stories.as_array().expect("array");
    assert_eq!(list.len(), 1, "{stories:#}");
    assert_eq!(list[0]["report_count"], 2);
    let reports = list[0]["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 2);
    assert!(reports[0]["sentence"]
        .as_str()
        .unwrap_or("")
        .starts_with("CAIRO"));
    // The text listing says so too.
    let text = ok(&["events", "--db", s(&db), "--actor", "EGY"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("(2 reports)"));
}

/// Articles that code events: pairs of countries in wire-style sentences.
fn generate_articles(dir: &Path, n: usize, files: usize) {
    const COUNTRIES: &[&str] = &[
        "Egypt",
        "Jordan",
        "Turkey",
        "Greece",
        "Kenya",
        "Nigeria",
        "France",
        "Germany",
        "Japan",
        "India",
        "Pakistan",
        "Brazil",
        "Mexico",
        "Canada",
        "Australia",
        "Indonesia",
        "Israel",
        "Iran",
        "Iraq",
        "Syria",
    ];
    const TEMPLATES: &[&str] = &[
        "{a} and {b} signed a defence cooperation agreement in {a}'s capital on {d}, officials said.",
        "{a} accused {b} of violating its airspace on {d}.",
        "{a} sent humanitarian aid to {b} on {d}, the government said.",
        "{a} threatened {b} with sanctions on {d}.",
        "{a} rejected a proposal from {b} on {d}.",
        "{a} urged {b} to release detained journalists on {d}.",
    ];
    const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    let per_file = n.div_ceil(files);
    for f in 0..files {
        let path = dir.join(format!("part-{f:02}.jsonl"));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create"));
        for j in 0..per_file {
            let i = f * per_file + j;
            if i >= n {
                break;
            }
            let a = COUNTRIES[i % COUNTRIES.len()];
            let b = COUNTRIES[(i / COUNTRIES.len() + 1 + i) % COUNTRIES.len()];
            let b = if a == b {
                COUNTRIES[(i + 7) % COUNTRIES.len()]
            } else {
                b
            };
            let t1 = TEMPLATES[i % TEMPLATES.len()];
            let t2 = TEMPLATES[(i / 7 + 3) % TEMPLATES.len()];
            let d = DAYS[i % DAYS.len()];
            let text = format!(
                "{} {} Reference {i}.",
                t1.replace("{a}", a).replace("{b}", b).replace("{d}", d),
                t2.replace("{a}", b).replace("{b}", a).replace("{d}", d)
            );
            let year = 2015 + i % 10;
            let month = 1 + (i / 10) % 12;
            let day = 1 + (i / 120) % 28;
            let line = serde_json::json!({
                "id": format!("gen-{i:05}"),
                "title": format!("{a} and {b}"),
                "published": format!("{year}-{month:02}-{day:02}"),
                "text": text,
            });
            writeln!(out, "{line}").expect("write");
        }
    }
}

fn documents_in(db: &Path) -> u64 {
    if !db.exists() {
        return 0;
    }
    let Ok(store) = attache_store::Store::open_existing(db) else {
        return 0;
    };
    store.counts().map(|c| c.documents).unwrap_or(0)
}

/// SIGKILL partway through 10,000 articles, then ingest again: exactly the
/// counts of one uninterrupted run, and nothing half-written in between.
#[test]
fn killed_ingest_resumes_to_the_counts_of_a_clean_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let articles = dir.path().join("articles");
    std::fs::create_dir_all(&articles).expect("mkdir");
    generate_articles(&articles, 10_000, 10);
    let batch = "50";

    let clean = dir.path().join("clean.db");
    let mut args = vec!["ingest", "--db", s(&clean), "--batch", batch, s(&articles)];
    ok(&args);
    let want = counts(&clean);
    assert_eq!(want["documents"], 10_000);
    assert!(want["events"].as_u64().unwrap_or(0) > 5_000, "{want:?}");
    assert!(want["merged_reports"].as_u64().unwrap_or(0) > 0, "{want:?}");

    let killed = dir.path().join("killed.db");
    args[2] = s(&killed);
    let mut child = bin()
        .args(&args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn attache ingest");
    let started = Instant::now();
    let mut seen = 0;
    while started.elapsed() < Duration::from_secs(600) {
        seen = documents_in(&killed);
        if seen >= 1_000 {
            break;
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert!(
        !status.success(),
        "ingest finished before it could be killed ({seen} documents seen)"
    );
    // What survived is whole batches, each document with all its events.
    let store = attache_store::Store::open_existing(&killed).expect("open after kill");
    let survived = store.counts().expect("counts");
    assert!(
        survived.documents >= 1_000 && survived.documents < 10_000,
        "{survived:?}"
    );
    assert_eq!(survived.documents % 50, 0, "{survived:?}");
    let partial: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM documents d WHERE d.events <> (SELECT count(*) FROM events e WHERE e.doc_id = d.id)",
            [],
            |r| r.get(0),
        )
        .expect("query");
    assert_eq!(partial, 0, "documents stored without all their events");
    drop(store);

    ok(&args);
    assert_eq!(counts(&killed), want);
}

fn events_of(jsonl: &[u8]) -> Vec<Event> {
    let mut events: Vec<Event> = String::from_utf8_lossy(jsonl)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    events.sort_by(|a, b| a.id.cmp(&b.id));
    events
}

#[test]
fn exported_jsonl_reimports_to_the_same_events() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("a.db");
    ingest(&db, &[&examples()]);
    let file = dir.path().join("events.jsonl");
    ok(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "jsonl",
        "--out",
        s(&file),
    ]);
    let exported = events_of(&std::fs::read(&file).expect("read export"));
    assert_eq!(
        exported.len() as u64,
        counts(&db)["events"].as_u64().unwrap_or(0)
    );

    // Through `import-events` ...
    let copy = dir.path().join("b.db");
    let report = json(&["import-events", s(&file), "--db", s(&copy), "--json"]);
    assert_eq!(report["events_added"].as_u64(), Some(exported.len() as u64));
    let again = ok(&["export", "--db", s(&copy), "--format", "jsonl"]);
    assert_eq!(events_of(&again.stdout), exported);
    // ... importing twice adds nothing ...
    let report = json(&["import-events", s(&file), "--db", s(&copy), "--json"]);
    assert_eq!(report["events_added"], 0);
    // ... and through `ingest`, which recognises an events file.
    let third = dir.path().join("c.db");
    let report = ingest(&third, &[&file]);
    assert_eq!(report["events_added"].as_u64(), Some(exported.len() as u64));
    let again = ok(&["export", "--db", s(&third), "--format", "jsonl"]);
    assert_eq!(events_of(&again.stdout), exported);

    // `attache code` output (documents and events) imports whole.
    let coded = ok(&["code", s(&examples())]);
    let code_file = dir.path().join("coded.jsonl");
    std::fs::write(&code_file, &coded.stdout).expect("write");
    let fourth = dir.path().join("d.db");
    ingest(&fourth, &[&code_file]);
    let (a, b) = (counts(&db), counts(&fourth));
    for key in ["documents", "events", "actors", "stories"] {
        assert_eq!(a[key], b[key], "{key}");
    }
}

#[test]
fn query_commands_answer_in_text_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("q.db");
    ingest(&db, &[&examples()]);
    let d = s(&db);

    let events = json(&[
        "events", "--db", d, "--actor", "TUR", "--limit", "5", "--json",
    ]);
    let list = events.as_array().expect("array");
    assert!(!list.is_empty() && list.len() <= 5);
    assert!(list
        .iter()
        .all(|e| e["doc"]["id"].is_string() && e["story_id"].is_string()));
    let filtered = json(&[
        "events",
        "--db",
        d,
        "--type",
        "consult",
        "--since",
        "2019",
        "--until",
        "2023-12-31",
        "--place",
        "Jakarta",
        "--json",
    ]);
    assert!(filtered
        .as_array()
        .expect("array")
        .iter()
        .all(|e| e["type"] == "CONSULT" && e["location"]["name"] == "Jakarta"));
    let text = json(&["events", "--db", d, "--text", "patrol boats", "--json"]);
    assert!(!text.as_array().expect("array").is_empty());

    let hits = json(&["search", "port deal", "--db", d, "--json"]);
    let hits = hits.as_array().expect("array");
    assert!(!hits.is_empty());
    assert!(hits[0]["snippet"].as_str().unwrap_or("").contains("<mark>"));
    let plain = ok(&["search", "Boko Haram", "--db", d]);
    assert!(String::from_utf8_lossy(&plain.stdout).contains("[Boko]"));

    let dyads = json(&[
        "dyads", "--db", d, "--actor", "GRC", "--by", "year", "--json",
    ]);
    let rows = dyads.as_array().expect("array");
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r["actor"] == "GRC" && r["period"].as_str().map(str::len) == Some(4)));
    let monthly = ok(&["dyads", "--db", d, "--actor", "GRC", "--stories"]);
    assert!(String::from_utf8_lossy(&monthly.stdout).contains("score"));

    let actors = json(&["actors", "--db", d, "--limit", "3", "--json"]);
    assert_eq!(actors.as_array().map(Vec::len), Some(3));
    assert!(actors[0]["partners"].is_array());

    let stats = ok(&["stats", "--db", d]);
    assert!(String::from_utf8_lossy(&stats.stdout).contains("stories"));

    // A query on a store that does not exist says so.
    let missing = run(&["events", "--db", s(&dir.path().join("none.db"))]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("attache ingest"));
    assert!(!dir.path().join("none.db").exists());
    // A bad date is an error, not a panic.
    let bad = run(&["events", "--db", d, "--since", "last week"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn export_writes_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("e.db");
    ingest(&db, &[&examples()]);
    let d = s(&db);
    for format in ["jsonl", "csv", "parquet", "plover", "polecat", "gdelt"] {
        let out = dir.path().join(format!("out.{format}"));
        ok(&["export", "--db", d, "--format", format, "--out", s(&out)]);
        let len = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        assert!(len > 100, "{format}: {len} bytes");
    }
    // --stories: one line per story, each with its report count.
    let stories = ok(&["export", "--db", d, "--format", "jsonl", "--stories"]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&stories.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(
        lines.len() as u64,
        counts(&db)["stories"].as_u64().unwrap_or(0)
    );
    assert!(lines
        .iter()
        .all(|l| l["story"]["reports"].as_u64() >= Some(1)));
    // Filters apply to exports too.
    let some = ok(&["export", "--db", d, "--format", "jsonl", "--actor", "GRC"]);
    assert!(events_of(&some.stdout)
        .iter()
        .all(|e| e.actors.iter().any(|a| a.country.as_deref() == Some("GRC"))));
}

/// The seed article on the British–Egyptian chiefs of staff tells the
/// Hegazy visit in its lead and again in its body (and in a caption): one
/// story keeps every report.
#[test]
fn seed_visit_told_twice_is_one_story() {
    let Some(shared) = crate::common::shared() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("seed.db");
    let article = shared.join("corpus/seeds/001_8f7f6c181eb2e639.txt");
    ingest(&db, &[&article]);
    let stories = json(&[
        "events",
        "--db",
        s(&db),
        "--stories",
        "--type",
        "CONSULT",
        "--json",
    ]);
    let list = stories.as_array().expect("array");
    let visit = list
        .iter()
        .find(|st| {
            st["reports"].as_array().into_iter().flatten().any(|r| {
                r["sentence"]
                    .as_str()
                    .is_some_and(|t| t.contains("hosted his Egyptian counterpart"))
            })
        })
        .expect("a story for the visit");
    let sentences: Vec<&str> = visit["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["sentence"].as_str())
        .collect();
    assert!(
        sentences
            .iter()
            .any(|t| t.contains("visited his UK counterpart last week")),
        "{sentences:?}"
    );
    assert!(visit["report_count"].as_u64().unwrap_or(0) >= 2);
}
