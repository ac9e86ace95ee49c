use attache_eval::plover_gsr::{self, map_code, map_type};

use crate::common;

#[test]
fn baseline_holds() {
    common::check("plover-gsr", |p| plover_gsr::run(common::coder(), p));
}

#[test]
fn parses_records_and_quirks() {
    // Invented records in the set's layout.
    let json = r#"[
      {"id": "X-DOCUMENT-1", "event": "DOCUMENT", "eventText": "header"},
      {"id": "X-1", "event": "DEMAND", "text": "Ruritania asked Freedonia for grain.",
       "source": [{"actorText": "Ruritania", "code": "JAP", "sector": "GOV"}],
       "target": [{"actorText": "Freedonia", "code": "ITL", "sector": "***"},
                  {"actorText": "the council", "code": "IGO"}],
       "textInfo": {"markup": "(SRC: Ruritania) (EVT: asked) (TAR: Freedonia)"}},
      {"id": "X-2", "event": "FIGHT", "text": "Two towns fought.",
       "source": [{"actorText": "A", "code": "AAA", "sector": "CIVkur"},
                  {"actorText": "B", "code": "BBB"}],
       "target": "",
       "textInfo": {"markup": "(SRC/TAR: A) and (SRC/TAR: B) (EVT: fought)"}},
      {"id": "X-3", "event": "REJECT", "text": "C refused.",
       "source": [{"actorText": "C", "code": "CCC"}]}
    ]"#;
    let recs = plover_gsr::parse(json).expect("parses");
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0].event, "REQUEST");
    assert_eq!(recs[0].source[0].item, "JPN");
    assert_eq!(recs[0].source[0].sector.as_deref(), Some("GOV"));
    assert_eq!(recs[0].target[0].item, "ITA");
    assert_eq!(recs[0].target[0].sector, None);
    assert_eq!(recs[0].target[1].item, "ORG");
    assert!(!recs[0].reciprocal);
    assert_eq!(recs[1].event, "ASSAULT");
    assert!(recs[1].reciprocal);
    assert!(recs[1].target.is_empty());
    assert_eq!(recs[1].source[0].sector.as_deref(), Some("CVL"));
    assert!(!recs[2].reciprocal);
    assert!(recs[2].target.is_empty());
}

#[test]
fn maps_v05_names_and_codes() {
    assert_eq!(map_type("DISAPPROVE"), "ACCUSE");
    assert_eq!(map_type("INVESTIGATE"), "ACCUSE");
    assert_eq!(map_type("AGREE"), "AGREE");
    assert_eq!(map_code("ngo"), "ORG");
    assert_eq!(map_code("USA"), "USA");
}
