use attache_eval::case2021::{self, Target};

use crate::common;

#[test]
fn baseline_holds() {
    common::check("case2021", |p| case2021::run(common::coder(), p));
}

#[test]
fn mapping_is_complete_and_well_formed() {
    let m = case2021::parse_mapping(case2021::MAPPING).expect("mapping parses");
    assert_eq!(m.len(), 30, "25 ACLED sub-types and 5 unseen types");
    for t in ["NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME"] {
        assert_eq!(m[t], Target::NoEvent, "{t}");
    }
    let Target::Types(diplo) = &m["DIPLO"] else {
        panic!("DIPLO maps to types");
    };
    assert!(diplo.len() > 1);
    let plover = [
        "ACCUSE",
        "AGREE",
        "AID",
        "ASSAULT",
        "COERCE",
        "CONCEDE",
        "CONSULT",
        "COOPERATE",
        "MOBILIZE",
        "PROTEST",
        "REJECT",
        "REQUEST",
        "RETREAT",
        "SANCTION",
        "SUPPORT",
        "THREATEN",
    ];
    for (sub, t) in &m {
        if let Target::Types(ts) = t {
            for x in ts {
                assert!(
                    plover.contains(&x.as_str()),
                    "{sub}: {x} is not a PLOVER type"
                );
            }
        }
    }
}

#[test]
fn parses_tsv() {
    let tsv = "id\tEventSnippet\tSubType\n7\tA crowd marched\tpeacefully.\tPEACE_PROTEST\n\n8\tQuake hits.\tNATURAL_DISASTER\n";
    let s = case2021::parse(tsv).expect("parses");
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].id, "7");
    assert_eq!(s[0].text, "A crowd marched\tpeacefully.");
    assert_eq!(s[0].subtype, "PEACE_PROTEST");
    assert!(case2021::parse("id\tx\ty\nbroken line\n").is_err());
}
