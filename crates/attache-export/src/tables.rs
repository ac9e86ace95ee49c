//! Fact tables the exports derive columns from.
//!
//! - Quad category and conflict-cooperation score of each PLOVER event type
//!   and mode: PLOVER manual (openeventdata/PLOVER commit 5e0c24f, CC BY-SA
//!   4.0), the "Quad category" of each event section and the table "PLOVER
//!   conflict--cooperation scores". The manual prints ACCUSE as 3; every
//!   ACCUSE mode is negative and ACCUSE is verbal conflict, so -3 is used, as
//!   in `crates/attache-kb/data/events/plover.tsv`. Modes the manual's table
//!   does not score (e.g. PROTEST vandalize) take the type's score.
//! - Goldstein value of each CAMEO root code: Goldstein, Joshua S. (1992),
//!   "A Conflict-Cooperation Scale for WEIS Events Data", Journal of Conflict
//!   Resolution 36(2): 369-385, as carried over to CAMEO codes in the CAMEO
//!   Goldstein table (CAMEO codebook 1.1b3 project; distributed by GDELT as
//!   `CAMEO.goldsteinscale.txt`). For each root `xx` the value of its
//!   `xx0` ("not specified below") code is used.

/// PLOVER's (and CAMEO's) four quad categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quad {
    VerbalCooperation,
    MaterialCooperation,
    VerbalConflict,
    MaterialConflict,
}

impl Quad {
    /// 1 to 4, as PLOVER's `quad_code` and GDELT's `QuadClass`.
    pub fn number(self) -> u8 {
        match self {
            Quad::VerbalCooperation => 1,
            Quad::MaterialCooperation => 2,
            Quad::VerbalConflict => 3,
            Quad::MaterialConflict => 4,
        }
    }

    /// Upper-case label, as POLECAT's `Quad Code`.
    pub fn label(self) -> &'static str {
        match self {
            Quad::VerbalCooperation => "VERBAL COOPERATION",
            Quad::MaterialCooperation => "MATERIAL COOPERATION",
            Quad::VerbalConflict => "VERBAL CONFLICT",
            Quad::MaterialConflict => "MATERIAL CONFLICT",
        }
    }

    /// Snake-case name, as the knowledge base writes it.
    pub fn code(self) -> &'static str {
        match self {
            Quad::VerbalCooperation => "verbal_cooperation",
            Quad::MaterialCooperation => "material_cooperation",
            Quad::VerbalConflict => "verbal_conflict",
            Quad::MaterialConflict => "material_conflict",
        }
    }
}

use Quad::{
    MaterialConflict as MCF, MaterialCooperation as MCO, VerbalConflict as VCF,
    VerbalCooperation as VCO,
};

/// PLOVER type, quad and the type's score.
pub const PLOVER_TYPES: &[(&str, Quad, f64)] = &[
    ("AGREE", VCO, 2.5),
    ("CONSULT", VCO, 2.5),
    ("SUPPORT", VCO, 5.0),
    ("CONCEDE", VCO, 4.5),
    ("COOPERATE", MCO, 9.5),
    ("AID", MCO, 10.0),
    ("RETREAT", MCO, 6.5),
    ("REQUEST", VCF, 0.0),
    ("ACCUSE", VCF, -3.0),
    ("REJECT", VCF, -2.0),
    ("THREATEN", VCF, -3.5),
    ("PROTEST", MCF, -5.0),
    ("SANCTION", MCF, -6.0),
    ("MOBILIZE", MCF, -5.5),
    ("COERCE", MCF, -7.0),
    ("ASSAULT", MCF, -9.0),
];

/// PLOVER type, mode (lower case, as attache writes modes) and score.
pub const PLOVER_MODE_SCORES: &[(&str, &str, f64)] = &[
    ("CONSULT", "visit", 4.0),
    ("CONSULT", "third-party", 1.0),
    ("CONSULT", "multilateral", 4.0),
    ("CONSULT", "phone", 1.5),
    ("RETREAT", "withdraw", 8.0),
    ("RETREAT", "release", 6.5),
    ("RETREAT", "disarm", 10.0),
    ("RETREAT", "ceasefire", 7.5),
    ("RETREAT", "access", 6.5),
    ("RETREAT", "resign", 4.5),
    ("REQUEST", "assist", 0.5),
    ("REQUEST", "change", -1.0),
    ("REQUEST", "yield", -1.0),
    ("REQUEST", "meet", 0.0),
    ("ACCUSE", "disapprove", -2.0),
    ("ACCUSE", "investigate", -3.5),
    ("ACCUSE", "allege", -3.5),
    ("REJECT", "assist", -1.5),
    ("REJECT", "change", -2.0),
    ("REJECT", "yield", -2.0),
    ("REJECT", "meet", -2.0),
    ("THREATEN", "restrict", -3.0),
    ("THREATEN", "arrest", -3.5),
    ("THREATEN", "relations", -3.5),
    ("THREATEN", "expel", -3.5),
    ("THREATEN", "territory", -4.0),
    ("THREATEN", "violence", -3.5),
    ("PROTEST", "demo", -5.0),
    ("PROTEST", "riot", -7.0),
    ("PROTEST", "strike", -5.0),
    ("PROTEST", "hunger", -4.5),
    ("PROTEST", "boycott", -4.5),
    ("PROTEST", "obstruct", -4.5),
    ("SANCTION", "convict", -6.0),
    ("SANCTION", "expel", -5.5),
    ("SANCTION", "withdraw", -6.0),
    ("SANCTION", "discontinue", -6.0),
    ("MOBILIZE", "troops", -6.5),
    ("MOBILIZE", "weapons", -6.5),
    ("MOBILIZE", "police", -5.5),
    ("MOBILIZE", "militia", -6.0),
    ("COERCE", "seize", -7.0),
    ("COERCE", "restrict", -7.0),
    ("COERCE", "censor", -6.5),
    ("COERCE", "curfew", -6.5),
    ("COERCE", "martial-law", -7.5),
    ("COERCE", "arrest", -7.0),
    ("COERCE", "deport", -7.0),
    ("COERCE", "withhold", -7.0),
    ("COERCE", "misinformation", -6.5),
    ("COERCE", "cyber", -7.0),
    ("ASSAULT", "abduct", -8.5),
    ("ASSAULT", "beat", -7.5),
    ("ASSAULT", "torture", -8.5),
    ("ASSAULT", "sexual", -8.5),
    ("ASSAULT", "targeted", -9.5),
    ("ASSAULT", "destroy", -8.5),
    ("ASSAULT", "primitive", -8.0),
    ("ASSAULT", "firearms", -9.0),
    ("ASSAULT", "explosives", -9.0),
    ("ASSAULT", "suicide-attack", -9.5),
    ("ASSAULT", "aerial", -9.5),
    ("ASSAULT", "drone", -9.5),
    ("ASSAULT", "heavy-weapons", -9.5),
    ("ASSAULT", "crowd-control", -7.5),
    ("ASSAULT", "unconventional", -10.0),
];

/// Goldstein value of each CAMEO root code (value of its `xx0` code).
pub const GOLDSTEIN_ROOTS: &[(&str, f64)] = &[
    ("01", 0.0),
    ("02", 3.0),
    ("03", 4.0),
    ("04", 1.0),
    ("05", 3.5),
    ("06", 6.0),
    ("07", 7.0),
    ("08", 5.0),
    ("09", -2.0),
    ("10", -5.0),
    ("11", -2.0),
    ("12", -4.0),
    ("13", -4.4),
    ("14", -6.5),
    ("15", -7.2),
    ("16", -4.0),
    ("17", -7.0),
    ("18", -9.0),
    ("19", -10.0),
    ("20", -10.0),
];

/// Quad category of a PLOVER event type (case-insensitive).
pub fn quad(event_type: &str) -> Option<Quad> {
    PLOVER_TYPES
        .iter()
        .find(|(t, _, _)| t.eq_ignore_ascii_case(event_type))
        .map(|&(_, q, _)| q)
}

/// PLOVER conflict-cooperation score of a type and mode: the mode's score
/// when the manual gives one, else the type's. Modes match case-insensitively
/// with `_` read as `-`.
pub fn plover_score(event_type: &str, mode: Option<&str>) -> Option<f64> {
    if let Some(m) = mode {
        let norm: String = m
            .chars()
            .map(|c| {
                if c == '_' {
                    '-'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        if let Some(&(_, _, s)) = PLOVER_MODE_SCORES
            .iter()
            .find(|(t, md, _)| t.eq_ignore_ascii_case(event_type) && *md == norm)
        {
            return Some(s);
        }
    }
    PLOVER_TYPES
        .iter()
        .find(|(t, _, _)| t.eq_ignore_ascii_case(event_type))
        .map(|&(_, _, s)| s)
}

/// Goldstein value of the root of a CAMEO code (`"042"` → root `"04"`).
pub fn goldstein(cameo: &str) -> Option<f64> {
    let root = cameo.get(..2)?;
    GOLDSTEIN_ROOTS
        .iter()
        .find(|(r, _)| *r == root)
        .map(|&(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_fall_back_to_the_type() {
        assert_eq!(plover_score("CONSULT", Some("visit")), Some(4.0));
        assert_eq!(plover_score("consult", Some("Third_Party")), Some(1.0));
        assert_eq!(plover_score("PROTEST", Some("vandalize")), Some(-5.0));
        assert_eq!(plover_score("AGREE", None), Some(2.5));
        assert_eq!(plover_score("FIGHT", None), None);
        assert_eq!(quad("ASSAULT").map(Quad::number), Some(4));
        assert_eq!(goldstein("0871"), Some(5.0));
        assert_eq!(goldstein("1"), None);
        assert_eq!(goldstein("99"), None);
    }

    /// The knowledge base's `plover.tsv` encodes the same manual: quads and
    /// type scores must agree (skipped when the file is not there).
    #[test]
    fn types_agree_with_the_knowledge_base() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../attache-kb/data/events/plover.tsv"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            println!("skipped: {path} not found");
            return;
        };
        let mut seen = 0;
        for line in text.lines().skip(1).filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(t), Some(q), Some(s)) = (cols.first(), cols.get(1), cols.get(2)) else {
                continue;
            };
            assert_eq!(quad(t).map(Quad::code), Some(*q), "{t}");
            assert_eq!(plover_score(t, None), s.parse::<f64>().ok(), "{t}");
            seen += 1;
        }
        assert_eq!(seen, PLOVER_TYPES.len());
    }

    #[test]
    fn every_mode_belongs_to_a_type() {
        for (t, m, s) in PLOVER_MODE_SCORES {
            assert!(quad(t).is_some(), "{t}");
            assert!((-10.0..=10.0).contains(s), "{t} {m}");
        }
    }
}
