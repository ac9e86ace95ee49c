//! Modality of an event report: negated, future/intent, hypothetical,
//! historical. Read from the words before the trigger (within its clause)
//! and from the event date against the publication date.

use crate::phrases::{ends, is, listed, one_of, Words};
use attache_types::{DateBasis, EventDate, Modality};
use chrono::NaiveDate;

const NEGATORS: Words = Words::new(&[
    "not", "never", "no", "neither", "nor", "without", "failed", "declined", "cannot",
]);
const FUTURE: Words = Words::new(&[
    "will",
    "shall",
    "'ll",
    "’ll",
    "going",
    "plans",
    "plan",
    "planned",
    "planning",
    "intends",
    "intend",
    "intended",
    "scheduled",
    "expected",
    "set",
    "aims",
    "aim",
    "seeks",
    "seek",
    "vowed",
    "vows",
    "promised",
    "promises",
    "pledged",
    "pledges",
    "ready",
    "prepared",
    "willing",
    "to",
    "next",
    "upcoming",
    "would",
]);
const HYPOTHETICAL: Words = Words::new(&[
    "if",
    "could",
    "might",
    "may",
    "should",
    "unless",
    "whether",
    "possibility",
    "possible",
    "potential",
    "event",
]);
const STOPS: Words = Words::new(&[",", ";", ":", ".", "“", "”", "\""]);

/// Days before publication after which a dated event is background.
const HISTORICAL_DAYS: i64 = 7;

pub fn modality(
    words: &[&str],
    ts: usize,
    te: usize,
    date: Option<&EventDate>,
    published: Option<NaiveDate>,
) -> Modality {
    let mut m = Modality::default();
    let from = ts.saturating_sub(5);
    // The words back to a stop, nearest first: at most five, on the stack.
    let mut back = [""; 5];
    let mut n = 0;
    for &w in words[from..ts].iter().rev() {
        if listed(&STOPS, w) {
            break;
        }
        back[n] = w;
        n += 1;
    }
    let window = &back[..n];
    m.negated = window
        .iter()
        .any(|w| listed(&NEGATORS, w) || ends(w, "n't") || ends(w, "n’t"));
    // "to" counts only right before the trigger after an intent word ("promised to expel").
    let intent_to = window.first().is_some_and(|w| is(w, "to"))
        && window
            .get(1)
            .is_some_and(|w| listed(&FUTURE, w) && !is(w, "to"));
    m.future = intent_to
        || window
            .iter()
            .any(|w| listed(&FUTURE, w) && !one_of(w, &["to", "would", "set", "next"]));
    // Back to the start of the clause, after the last ";" or ".".
    m.hypothetical = words[..ts]
        .iter()
        .rev()
        .take_while(|w| !one_of(w, &[";", "."]))
        .any(|w| listed(&HYPOTHETICAL, w))
        || words[te..]
            .iter()
            .take(8)
            .take_while(|w| !listed(&STOPS, w))
            .any(|w| is(w, "if"));
    if m.hypothetical {
        m.future = m.future || window.iter().any(|w| is(w, "would"));
    }
    let past_perfect = window.iter().take(3).any(|w| is(w, "had"));
    let dated_past = match (date, published) {
        (Some(d), Some(p)) if d.basis != DateBasis::Publication => {
            (p - d.end).num_days() > HISTORICAL_DAYS
        }
        _ => false,
    };
    if let (Some(d), Some(p)) = (date, published) {
        if d.basis != DateBasis::Publication && d.value > p {
            m.future = true;
        }
    }
    m.historical = (dated_past || past_perfect) && !m.future;
    m
}

/// Words before a trigger that state the actor's own intention ("will",
/// "offered to", "said they would").
const INTENT: Words = Words::new(&[
    "will", "would", "shall", "'ll", "’ll", "vowed", "vows", "vow", "swore", "sworn", "promised",
    "promises", "pledged", "pledges", "offered", "offers", "agreed", "agrees", "willing", "ready",
    "prepared", "plans", "intends", "intend",
]);
/// Words that may stand between an intention or negation and its trigger.
const BRIDGE: Words = Words::new(&[
    "to",
    "be",
    "not",
    "never",
    "also",
    "soon",
    "then",
    "now",
    "still",
    "further",
    "immediately",
    "gradually",
    "eventually",
    "quickly",
    "fully",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "did",
    "does",
    "do",
    "help",
]);
const NEGATION: Words = Words::new(&[
    "not", "never", "cannot", "failed", "fail", "fails", "refused", "refuses", "refusing",
    "declined", "declines",
]);

/// The type a trigger takes under what its clause says about it. PLOVER
/// codes a stated intention to cooperate as AGREE and to use force,
/// restrictions or sanctions as THREATEN, and a negated cooperative act
/// ("will not accept", "failed to reach agreement") as REJECT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recode {
    pub event_type: &'static str,
    pub mode: Option<&'static str>,
    pub cameo: &'static str,
    /// Appended to the event's rule id.
    pub tag: &'static str,
}

/// The trigger states what someone must or should do ("Sudan must return
/// the aircraft"): an obligation, not an act. The demand is coded from the
/// speech verb that introduces it.
pub fn obliged(words: &[&str], ts: usize) -> bool {
    for &w in words[ts.saturating_sub(4)..ts].iter().rev() {
        if one_of(w, &["must", "should", "ought"]) {
            return true;
        }
        if !listed(&BRIDGE, w) {
            return false;
        }
    }
    false
}

/// Words whose complement is what someone is said, suspected or asked to
/// have done or to do: "accused X of attacking", "suspected of blowing up",
/// "an investigation of arms sales", "demanded that X ease".
const CONTENT_HEADS: Words = Words::new(&[
    "accused",
    "accusing",
    "accuses",
    "accuse",
    "suspected",
    "charged",
    "blamed",
    "blaming",
    "convicted",
    "indicted",
    "investigation",
    "investigating",
    "probe",
    "inquiry",
    "allegations",
    "allegation",
    "accusations",
    "charges",
    "demanded",
    "demanding",
    "demands",
    "demand",
    "urged",
    "urging",
    "urges",
    "insisted",
    "resolution",
    "aims",
    "aimed",
]);

/// The trigger is the content of an accusation, inquiry or demand, not an
/// act of its own: the accusing or demanding verb carries the event.
pub fn reported_content(words: &[&str], ts: usize) -> bool {
    let window = &words[ts.saturating_sub(8)..ts];
    let clause = window
        .iter()
        .rposition(|w| one_of(w, &[".", ";", ":", "but", "while", ",", "and"]))
        .map_or(0, |i| i + 1);
    let window = &window[clause..];
    // "… in protest at last week's arrest": the grievance, not an event.
    let grievance = window
        .windows(2)
        .any(|p| is(p[0], "protest") && one_of(p[1], &["of", "at", "against", "over"]));
    grievance || window.iter().any(|w| listed(&CONTENT_HEADS, w))
}

/// The trigger states the condition of something else ("… unless the
/// president agrees to step down"), not an event.
pub fn condition(words: &[&str], ts: usize) -> bool {
    words[ts.saturating_sub(6)..ts]
        .iter()
        .rev()
        .take_while(|w| !one_of(w, &[".", ";", ":", ","]))
        .any(|w| one_of(w, &["unless", "if"]))
}

/// A one-word verb trigger after an article is an adjective ("the besieged
/// town") or a noun ("violated a ban").
pub fn attributive(words: &[&str], ts: usize, te: usize) -> bool {
    te == ts + 1
        && ts > 0
        && (matches!(words[ts - 1], "the" | "a" | "an") && words[ts].ends_with("ed")
            || matches!(words[ts - 1], "a" | "an"))
}

pub fn recode(
    words: &[&str],
    ts: usize,
    te: usize,
    event_type: &str,
    mode: Option<&str>,
) -> Option<Recode> {
    // The auxiliaries right before the trigger, nearest first.
    let mut negated = false;
    let mut intent = false;
    for &w in words[ts.saturating_sub(6)..ts].iter().rev() {
        if listed(&NEGATION, w) || ends(w, "n't") || ends(w, "n’t") {
            negated = true;
        } else if listed(&INTENT, w) {
            intent = true;
            break;
        } else if !listed(&BRIDGE, w) {
            break;
        }
    }
    // "… withdraw its troops unless …": a condition makes a hostile act a threat.
    let conditional = words[te..]
        .iter()
        .take(14)
        .take_while(|w| !one_of(w, &[";", "."]))
        .any(|w| is(w, "unless"));
    let cooperative = matches!(
        event_type,
        "AGREE" | "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" | "CONCEDE" | "RETREAT"
    );
    if negated && cooperative {
        let mode = match event_type {
            "AID" | "COOPERATE" => Some("assist"),
            "CONSULT" => Some("meet"),
            "CONCEDE" | "RETREAT" => Some("yield"),
            _ => None,
        };
        let cameo = match mode {
            Some("assist") => "122",
            Some("meet") => "125",
            Some("yield") => "124",
            _ => "120",
        };
        return Some(Recode {
            event_type: "REJECT",
            mode,
            cameo,
            tag: "+negated",
        });
    }
    if negated {
        return None;
    }
    if intent
        && matches!(
            event_type,
            "CONSULT" | "SUPPORT" | "COOPERATE" | "AID" | "RETREAT" | "CONCEDE"
        )
    {
        // CAMEO 035 "express intent to yield": "is prepared to lift the ban".
        return Some(Recode {
            event_type: "AGREE",
            mode: None,
            cameo: if event_type == "CONCEDE" {
                "035"
            } else {
                "030"
            },
            tag: "+intent",
        });
    }
    let hostile_mode = match (event_type, mode) {
        ("ASSAULT", _) => Some("violence"),
        ("COERCE", Some("arrest")) => Some("arrest"),
        ("COERCE", Some("deport")) => Some("expel"),
        ("COERCE", Some("seize")) => Some("territory"),
        ("COERCE", _) => Some("restrict"),
        ("SANCTION", Some("expel")) => Some("expel"),
        ("SANCTION", _) => Some("relations"),
        ("PROTEST", Some("boycott" | "strike" | "obstruct")) => Some("restrict"),
        _ => None,
    };
    match hostile_mode {
        Some(m) if intent || conditional => Some(Recode {
            event_type: "THREATEN",
            mode: Some(m),
            cameo: "130",
            tag: "+intent",
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    fn at(s: &str, trigger: &str, t: &str, mode: Option<&str>) -> Option<&'static str> {
        let w = words(s);
        let ts = w
            .iter()
            .position(|x| *x == trigger)
            .expect("trigger in sentence");
        recode(&w, ts, ts + 1, t, mode).map(|r| r.event_type)
    }

    #[test]
    fn intent_to_yield_is_agree() {
        assert_eq!(
            at(
                "the junta is ready to lift the curfew in the capital",
                "lift",
                "CONCEDE",
                None
            ),
            Some("AGREE")
        );
        assert_eq!(
            at("the junta lifted the curfew", "lifted", "CONCEDE", None),
            None
        );
    }

    #[test]
    fn intentions_and_refusals() {
        assert_eq!(
            at("norway said it will send food to chad", "send", "AID", None),
            Some("AGREE")
        );
        assert_eq!(
            at(
                "the army offered to withdraw from the valley",
                "withdraw",
                "RETREAT",
                None
            ),
            Some("AGREE")
        );
        assert_eq!(
            at(
                "norway will not accept more migrants",
                "accept",
                "AID",
                None
            ),
            Some("REJECT")
        );
        assert_eq!(
            at(
                "the two sides failed to reach a deal",
                "reach",
                "AGREE",
                None
            ),
            Some("REJECT")
        );
        assert_eq!(
            at(
                "the unions said they would boycott the vote",
                "boycott",
                "PROTEST",
                Some("boycott")
            ),
            Some("THREATEN")
        );
        assert_eq!(
            at(
                "chile will expel the envoys unless lima apologises",
                "expel",
                "SANCTION",
                Some("expel")
            ),
            Some("THREATEN")
        );
        // A realised act keeps its type; a future protest march is still a protest.
        assert_eq!(at("norway sent food to chad", "sent", "AID", None), None);
        assert_eq!(
            at(
                "students will march on friday",
                "march",
                "PROTEST",
                Some("demo")
            ),
            None
        );
        assert_eq!(
            at("rebels will not attack", "attack", "ASSAULT", None),
            None
        );
    }

    #[test]
    fn content_and_adjectives() {
        let w = words("peru accused chile of shelling the border post");
        assert!(reported_content(&w, 4));
        let w = words("chile shelled the border post");
        assert!(!reported_content(&w, 1));
        assert!(condition(
            &words("they will strike unless peru agrees to talks"),
            6
        ));
        assert!(!condition(&words("peru agreed to talks"), 1));
        let w = words("aid reached the besieged town");
        assert!(attributive(&w, 3, 4));
        assert!(!attributive(&w, 1, 2));
        assert!(attributive(&words("they defied a ban"), 3, 4));
        assert!(reported_content(
            &words("a strike in protest at the arrest of activists"),
            6
        ));
        assert_eq!(
            at("peru refused to send food to chad", "send", "AID", None),
            Some("REJECT")
        );
    }

    #[test]
    fn byte_comparisons_agree_with_string_ones() {
        let lists = [
            NEGATORS,
            FUTURE,
            HYPOTHETICAL,
            STOPS,
            INTENT,
            BRIDGE,
            NEGATION,
            CONTENT_HEADS,
        ];
        let probes = [
            "", "n't", "didn't", "didn’t", "’t", "t", "would", "Would", "wouldn", "if", "i", "“",
            "”", "\"", "aims", "aim", "demands", "to", "ok", "évent",
        ];
        for list in &lists {
            for probe in list.words.iter().chain(&probes) {
                assert_eq!(listed(list, probe), list.words.contains(probe), "{probe}");
            }
        }
        for a in probes {
            for b in probes {
                assert_eq!(is(a, b), a == b);
                assert_eq!(ends(a, b), a.ends_with(b), "{a} {b}");
            }
        }
    }

    #[test]
    fn obligations() {
        let w = words("peru said chile must withdraw its troops");
        assert!(obliged(&w, 4));
        assert!(!obliged(&w, 1));
        let w = words("chile should not be allowed to join");
        assert!(obliged(&w, 4));
    }
}
