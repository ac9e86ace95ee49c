use attache_eval::re3d::{self, Label, RawEntity, Span};

use crate::common;

#[test]
fn baseline_holds() {
    common::check("re3d", |p| re3d::run(common::coder(), p));
}

fn ent(begin: usize, end: usize, kind: &str, confidence: f64) -> RawEntity {
    RawEntity {
        document_id: "d".into(),
        begin,
        end,
        kind: kind.into(),
        value: String::new(),
        confidence,
    }
}

#[test]
fn resolves_confidence_and_overlaps() {
    let kept = re3d::resolve(vec![
        ent(0, 17, "Organisation", 0.98),
        ent(4, 17, "Location", 0.0),
        ent(20, 25, "Person", 0.6),
        ent(20, 30, "Person", 0.7),
        ent(40, 45, "Location", 0.5),
        ent(50, 55, "Location", 0.49),
    ]);
    let got: Vec<(usize, usize, &str)> = kept
        .iter()
        .map(|e| (e.begin, e.end, e.kind.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, 17, "Organisation"),
            (20, 30, "Person"),
            (40, 45, "Location")
        ]
    );
}

#[test]
fn loads_mongoexport_lines() {
    let dir = std::env::temp_dir().join(format!("attache-eval-re3d-{}", std::process::id()));
    let sub = dir.join("subset-a");
    std::fs::create_dir_all(&sub).expect("temp dir");
    std::fs::write(
        sub.join("documents.json"),
        "{ \"_id\" : \"D1\", \"title\" : \"t\", \"text\" : \"Zed met the Council in Oz.\" }\n",
    )
    .expect("write");
    std::fs::write(
        sub.join("entities.json"),
        concat!(
            "{ \"_id\" : \"a\", \"begin\" : 0, \"end\" : 3, \"type\" : \"Person\", \"value\" : \"Zed\", \"documentId\" : \"D1\", \"confidence\" : 1 }\n",
            "{ \"_id\" : \"b\", \"begin\" : 8, \"end\" : 19, \"type\" : \"Organisation\", \"value\" : \"the Council\", \"documentId\" : \"D1\", \"confidence\" : 0.8 }\n",
            "{ \"_id\" : \"c\", \"begin\" : 23, \"end\" : 25, \"type\" : \"Location\", \"value\" : \"Oz\", \"documentId\" : \"D1\", \"confidence\" : 0.2 }\n",
        ),
    )
    .expect("write");
    let docs = re3d::load(&dir).expect("loads");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].subset, "subset-a");
    let labels: Vec<Label> = docs[0].gold.iter().map(|s| s.label).collect();
    assert_eq!(labels, vec![Label::Per, Label::Org]);
    assert_eq!(docs[0].low, vec![(23, 25)]);
}

fn span(start: usize, end: usize, label: Label) -> Span {
    Span {
        start,
        end,
        label,
        text: String::new(),
    }
}

#[test]
fn scores_overlap_and_exact() {
    let gold = vec![
        span(0, 10, Label::Org),
        span(20, 25, Label::Loc),
        span(30, 37, Label::Nat),
    ];
    let ours = vec![
        span(4, 10, Label::Org),
        span(20, 25, Label::Org),
        span(30, 37, Label::Org),
    ];
    let s = re3d::score_doc(&gold, &ours);
    let (org, org_exact) = s[&Label::Org];
    // (4,10) overlaps the gold ORG; (20,25) is a false ORG; the ORG on a
    // gold Nationality is not scored.
    assert_eq!((org.tp, org.fp, org.fn_), (1, 1, 0));
    assert_eq!((org_exact.tp, org_exact.fp, org_exact.fn_), (0, 2, 1));
    let (loc, _) = s[&Label::Loc];
    assert_eq!((loc.tp, loc.fp, loc.fn_), (0, 0, 1));
}
