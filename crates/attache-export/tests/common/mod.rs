//! Fixture events and helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use attache_export::{sink_with, DocMeta, Format, SinkOptions, StoryRef};
use attache_types::{
    Actor, DateBasis, Detail, DetailKind, Event, EventDate, Location, Modality, Precision,
    SentenceRef, Span,
};
use chrono::NaiveDate;

/// A `Write` whose bytes the test can read after the sink is finished.
#[derive(Clone, Default)]
pub struct Shared(pub Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    pub fn bytes(&self) -> Vec<u8> {
        self.0.lock().map(|b| b.clone()).unwrap_or_default()
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid fixture date")
}

fn span(text: &str, start: usize) -> Span {
    Span {
        text: text.into(),
        start,
        end: start + text.chars().count(),
    }
}

#[allow(clippy::too_many_arguments)]
fn actor(
    text: &str,
    start: usize,
    name: &str,
    country: Option<&str>,
    org: Option<&str>,
    body: Option<&str>,
    sector: Option<&str>,
    person: Option<&str>,
    role: Option<&str>,
    rule: &str,
) -> Actor {
    Actor {
        text: text.into(),
        start,
        end: start + text.chars().count(),
        name: name.into(),
        country: country.map(Into::into),
        org: org.map(Into::into),
        body: body.map(Into::into),
        sector: sector.map(Into::into),
        person: person.map(Into::into),
        role: role.map(Into::into),
        rule: rule.into(),
    }
}

/// Three events covering the shapes the writers must handle: everything
/// set; several actors with gaps, no recipient, no place, a publication
/// date and a sentence with a tab, quotes, a comma and a line break; no
/// date, no mode, no CAMEO code and organisations only.
pub fn fixture() -> Vec<Event> {
    let s1 = "Blinken visited French officials in Paris on 5 March 2024 and pledged $5 million.";
    let e1 = Event {
        id: "0123456789abcdef".into(),
        doc_id: "doc-a".into(),
        event_type: "CONSULT".into(),
        mode: Some("visit".into()),
        contexts: vec!["diplomatic".into()],
        cameo: Some("042".into()),
        actors: vec![actor(
            "Blinken",
            0,
            "Antony Blinken",
            Some("USA"),
            None,
            None,
            Some("GOV"),
            Some("antony_blinken"),
            Some("foreign_minister"),
            "kb:person",
        )],
        recipients: vec![actor(
            "French officials",
            16,
            "France",
            Some("FRA"),
            None,
            None,
            Some("GOV"),
            None,
            None,
            "kb:state+sector",
        )],
        trigger: span("visited", 8),
        date: Some(EventDate {
            value: date(2024, 3, 5),
            end: date(2024, 3, 5),
            precision: Precision::Day,
            basis: DateBasis::Explicit,
            span: Some(span("5 March 2024", 45)),
        }),
        location: Some(Location {
            name: "Paris".into(),
            country: Some("FRA".into()),
            lat: 48.85341,
            lon: 2.3488,
            geonameid: Some(2_988_507),
            text: "Paris".into(),
            start: 36,
            end: 41,
            rule: "place:locative".into(),
        }),
        modality: Modality::default(),
        confidence: 0.9,
        sentence: SentenceRef {
            index: 0,
            start: 0,
            end: s1.chars().count(),
            text: s1.into(),
        },
        rule: "consult.visit.01".into(),
        details: vec![Detail {
            kind: DetailKind::Money,
            text: "$5 million".into(),
            start: 71,
            end: 81,
            value: Some(5_000_000.0),
            unit: Some("USD".into()),
        }],
        coder_version: "0.1.0".into(),
    };

    let s2 = "Russian forces and \"the group\", officials said,\tdid not\nbomb Idlib – again.";
    let e2 = Event {
        id: "fedcba9876543210".into(),
        doc_id: "doc-b".into(),
        event_type: "ASSAULT".into(),
        mode: Some("aerial".into()),
        contexts: vec!["military".into(), "terrorism".into()],
        cameo: Some("195".into()),
        actors: vec![
            actor(
                "Russian forces",
                100,
                "Russia",
                Some("RUS"),
                None,
                None,
                Some("MIL"),
                None,
                None,
                "kb:state+sector",
            ),
            actor(
                "the group",
                120,
                "Hay'at Tahrir al-Sham",
                Some("SYR"),
                Some("HTS"),
                None,
                Some("REB"),
                None,
                None,
                "memory:group",
            ),
        ],
        recipients: vec![],
        trigger: span("bomb", 160),
        date: Some(EventDate {
            value: date(2023, 12, 31),
            end: date(2023, 12, 31),
            precision: Precision::Day,
            basis: DateBasis::Publication,
            span: None,
        }),
        location: None,
        modality: Modality {
            negated: true,
            ..Modality::default()
        },
        confidence: 0.625,
        sentence: SentenceRef {
            index: 3,
            start: 100,
            end: 100 + s2.chars().count(),
            text: s2.into(),
        },
        rule: "assault.aerial.bomb".into(),
        details: vec![],
        coder_version: "0.1.0".into(),
    };

    let s3 = "The Security Council would have agreed with the EU and NATO, diplomats recalled.";
    let e3 = Event {
        id: "not-a-hex-id".into(),
        doc_id: "doc-c".into(),
        event_type: "AGREE".into(),
        mode: None,
        contexts: vec![],
        cameo: None,
        actors: vec![actor(
            "The Security Council",
            0,
            "United Nations Security Council",
            None,
            Some("UN"),
            Some("UNSC"),
            None,
            None,
            None,
            "kb:igo",
        )],
        recipients: vec![
            actor(
                "EU",
                48,
                "European Union",
                None,
                Some("EU"),
                None,
                None,
                None,
                None,
                "kb:igo",
            ),
            actor(
                "NATO",
                55,
                "North Atlantic Treaty Organization",
                None,
                Some("NATO"),
                None,
                Some("MIL"),
                None,
                None,
                "kb:igo",
            ),
        ],
        trigger: span("agreed", 31),
        date: None,
        location: None,
        modality: Modality {
            hypothetical: true,
            historical: true,
            ..Modality::default()
        },
        confidence: 0.55,
        sentence: SentenceRef {
            index: 1,
            start: 0,
            end: s3.chars().count(),
            text: s3.into(),
        },
        rule: "agree.general".into(),
        details: vec![],
        coder_version: "0.1.0".into(),
    };
    vec![e1, e2, e3]
}

/// Stories of the fixture events (the second has none).
pub fn stories() -> Vec<Option<StoryRef>> {
    vec![
        Some(StoryRef {
            story_id: "story-1".into(),
            reports: 4,
        }),
        None,
        Some(StoryRef {
            story_id: "story-2".into(),
            reports: 1,
        }),
    ]
}

/// Document metadata of the first fixture event's document.
pub fn doc_a() -> DocMeta {
    DocMeta {
        id: "doc-a".into(),
        title: Some("Blinken in Paris".into()),
        url: Some("https://news.example/a".into()),
        source: Some("Example News".into()),
        published: Some(date(2024, 3, 6)),
    }
}

/// Writes the fixture in `format` (document `doc-a` announced before the
/// first event and left in place for the second) and returns the bytes.
pub fn export(format: Format, options: &SinkOptions) -> Vec<u8> {
    let buf = Shared::default();
    let mut s = sink_with(format, Box::new(buf.clone()), options).expect("sink");
    s.document(&doc_a()).expect("document");
    for (e, st) in fixture().iter().zip(stories()) {
        s.write(e, st.as_ref()).expect("write");
    }
    s.finish().expect("finish");
    buf.bytes()
}

pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Compares `actual` with the committed file, or rewrites the file when
/// `ATTACHE_BLESS=1`.
pub fn golden(name: &str, actual: &str) {
    let path = data_dir().join(name);
    if std::env::var_os("ATTACHE_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with ATTACHE_BLESS=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        for (i, (a, b)) in expected.lines().zip(actual.lines()).enumerate() {
            if a != b {
                panic!(
                    "{name} differs at line {}:\nexpected: {a}\nactual:   {b}\n(ATTACHE_BLESS=1 rewrites golden files)",
                    i + 1
                );
            }
        }
        panic!(
            "{name}: {} expected lines, {} written (ATTACHE_BLESS=1 rewrites golden files)",
            expected.lines().count(),
            actual.lines().count()
        );
    }
}
