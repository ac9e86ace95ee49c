//! Date expressions through the public API: a table of sentences written
//! for these tests (`tests/data/dates/cases.tsv`) plus a few properties.

use attache_text::dates::{find_time_exprs, Lean, TimeExpr, TimeKind};
use chrono::NaiveDate;

fn cases_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dates/cases.tsv")
}

fn run(text: &str, anchor: Option<NaiveDate>, lean: Lean) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    find_time_exprs(text, anchor, lean, &mut out);
    out
}

#[test]
fn table_of_sentences() {
    let table = std::fs::read_to_string(cases_path()).expect("cases.tsv is readable");
    let mut failures = Vec::new();
    let mut n = 0;
    for (ln, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "line {}: four tab-separated columns", ln + 1);
        let anchor = NaiveDate::parse_from_str(cols[0], "%Y-%m-%d").expect("anchor date");
        let lean = match cols[1] {
            "future" => Lean::Future,
            _ => Lean::Past,
        };
        let text = cols[2];
        let got: Vec<String> = run(text, Some(anchor), lean)
            .iter()
            .map(|e| format!("{}={}", &text[e.start..e.end], e.timex))
            .collect();
        let got = if got.is_empty() {
            "-".to_string()
        } else {
            got.join(" | ")
        };
        n += 1;
        if got != cols[3] {
            failures.push(format!(
                "line {}: {text}\n  want {}\n  got  {got}",
                ln + 1,
                cols[3]
            ));
        }
    }
    assert!(n >= 30, "the table has its cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn periods_and_precision() {
    let anchor = NaiveDate::from_ymd_opt(2019, 10, 4);
    let text = "Growth slowed in the first three months of 2015 and again last week.";
    let v = run(text, anchor, Lean::Past);
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].first, NaiveDate::from_ymd_opt(2015, 1, 1));
    assert_eq!(v[0].last, NaiveDate::from_ymd_opt(2015, 3, 31));
    assert_eq!(v[0].precision, Some(attache_types::Precision::Quarter));
    assert!(!v[0].relative);
    assert_eq!(v[1].timex, "2019-W39");
    assert_eq!(v[1].first, NaiveDate::from_ymd_opt(2019, 9, 23));
    assert_eq!(v[1].last, NaiveDate::from_ymd_opt(2019, 9, 29));
    assert!(v[1].relative);
}

#[test]
fn without_anchor_relative_values_keep_xs() {
    let v = run(
        "Talks resume on Monday, Dec. 9, and again next month.",
        None,
        Lean::Past,
    );
    let t: Vec<&str> = v.iter().map(|e| e.timex.as_str()).collect();
    assert_eq!(t, ["XXXX-12-09", "XXXX-XX"]);
    assert!(v.iter().all(|e| e.first.is_none() && e.relative));
}

#[test]
fn kinds() {
    let anchor = NaiveDate::from_ymd_opt(2019, 10, 4);
    let v = run(
        "The strike at 3 p.m. followed two days of talks; envoys meet every week.",
        anchor,
        Lean::Past,
    );
    let k: Vec<TimeKind> = v.iter().map(|e| e.kind).collect();
    assert_eq!(k, [TimeKind::Time, TimeKind::Duration, TimeKind::Set]);
}

#[test]
fn offsets_are_char_boundaries_in_unicode_text() {
    let anchor = NaiveDate::from_ymd_opt(2019, 10, 4);
    let text = "Le 3 octobre — “on Thursday” — l’armée a dit que 2019 était « difficile » ; ’90s.";
    let v = run(text, anchor, Lean::Past);
    for e in &v {
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        assert!(e.start < e.end);
    }
    let spans: Vec<&str> = v.iter().map(|e| &text[e.start..e.end]).collect();
    assert_eq!(spans, ["Thursday", "2019", "’90s"]);
}

#[test]
fn never_panics_on_odd_input() {
    let anchor = NaiveDate::from_ymd_opt(2019, 10, 4);
    let samples = [
        "",
        "2019",
        "May",
        "31 February 2019",
        "February 29 in 2019",
        "99:99 p.m.",
        "the 0th century",
        "9999999999999999999999 years ago",
        "Q9 2019 Q0",
        "-",
        "ago ago ago",
        "1/2/3/4/5",
        "last",
        "the first quarter of",
        "\u{a0}Friday\u{a0}",
    ];
    for s in samples {
        let _ = run(s, anchor, Lean::Past);
        let _ = run(s, None, Lean::Future);
    }
    let long: String = "On Friday, 3 March 2019, ".repeat(500);
    let v = run(&long, anchor, Lean::Past);
    assert_eq!(v.len(), 500);
    assert!(v.iter().all(|e| e.timex == "2019-03-03"));
}
