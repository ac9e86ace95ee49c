use super::*;

/// Friday 17 May 2024.
fn anchor() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 5, 17).expect("valid")
}

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).expect("valid")
}

fn find_with(text: &str, anchor: Option<NaiveDate>, lean: Lean) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    find_time_exprs(text, anchor, lean, &mut out);
    let mut want = Vec::new();
    find_time_exprs_ref(text, anchor, lean, &mut want);
    assert_eq!(out, want, "differs from the reference on {text:?}");
    out
}

/// (span text, timex) pairs.
fn pairs(text: &str) -> Vec<(String, String)> {
    find_with(text, Some(anchor()), Lean::Past)
        .into_iter()
        .map(|e| (text[e.start..e.end].to_string(), e.timex))
        .collect()
}

/// The single expression expected in `text`.
fn one(text: &str) -> (String, String) {
    let p = pairs(text);
    assert_eq!(p.len(), 1, "{text:?} gave {p:?}");
    p.into_iter().next().expect("one")
}

fn expr(text: &str) -> TimeExpr {
    let v = find_with(text, Some(anchor()), Lean::Past);
    assert_eq!(v.len(), 1, "{text:?} gave {v:?}");
    v.into_iter().next().expect("one")
}

fn check(text: &str, span: &str, timex: &str) {
    assert_eq!(
        one(text),
        (span.to_string(), timex.to_string()),
        "in {text:?}"
    );
}

#[test]
fn absolute_dates() {
    check(
        "The treaty was signed on 2015-09-21 in Geneva.",
        "2015-09-21",
        "2015-09-21",
    );
    check(
        "Talks opened on 21 September 2015 in Vienna.",
        "21 September 2015",
        "2015-09-21",
    );
    check(
        "Talks opened on 21 September, 2015 in Vienna.",
        "21 September, 2015",
        "2015-09-21",
    );
    check(
        "Talks opened on September 21, 2015, in Vienna.",
        "September 21, 2015",
        "2015-09-21",
    );
    check(
        "The ceasefire began Jan. 5, 2024, officials said.",
        "Jan. 5, 2024",
        "2024-01-05",
    );
    check(
        "Elections were held in November 2019.",
        "November 2019",
        "2019-11",
    );
    check("Troops withdrew in 2018.", "2018", "2018");
    check("Sanctions have been in place since 2018.", "2018", "2018");
    check("The embargo dates from the 1990s.", "the 1990s", "199");
    check("Trade grew in the 2010s.", "the 2010s", "201");
    check(
        "A deal is possible by mid-2020, he said.",
        "mid-2020",
        "2020",
    );
    check(
        "The vote was held on Friday, March 1, 2024.",
        "Friday, March 1, 2024",
        "2024-03-01",
    );
    check(
        "Border clashes erupted on 3/14/2023 near the pass.",
        "3/14/2023",
        "2023-03-14",
    );
}

#[test]
fn absolute_periods() {
    let e = expr("Exports fell in the first three months of 2015.");
    assert_eq!(e.timex, "2015-Q1");
    assert_eq!(e.first, Some(d(2015, 1, 1)));
    assert_eq!(e.last, Some(d(2015, 3, 31)));
    assert_eq!(e.precision, Some(Precision::Quarter));
    assert!(!e.relative);
    check(
        "Output rose in the first quarter of 2022.",
        "the first quarter of 2022",
        "2022-Q1",
    );
    check("Output rose in Q3 2021.", "Q3 2021", "2021-Q3");
    check(
        "Growth slowed in the second half of 2019.",
        "the second half of 2019",
        "2019-H2",
    );
    check(
        "The offensive began in summer 2013.",
        "summer 2013",
        "2013-SU",
    );
    check(
        "It was the bloodiest war of the 20th century.",
        "the 20th century",
        "19",
    );
    let w = expr("Fighting resumed in winter 2022.");
    assert_eq!(
        (w.first, w.last),
        (Some(d(2022, 12, 1)), Some(d(2023, 2, 28)))
    );
}

#[test]
fn month_names_without_year() {
    // Lean past: the most recent such month on or before May 2024.
    check("Protests broke out in November.", "November", "2023-11");
    check(
        "The minister resigned in early December.",
        "early December",
        "2023-12",
    );
    check("Talks began in May.", "May", "2024-05");
    // A future clause looks forward.
    check(
        "The summit will take place in November.",
        "November",
        "2024-11",
    );
    check(
        "The report is due to be published in July.",
        "July",
        "2024-07",
    );
    check("The envoy arrived Sept. 21.", "Sept. 21", "2023-09-21");
    check(
        "The council met on the 5th of March.",
        "the 5th of March",
        "2024-03-05",
    );
    // "last" + month: the most recent such month strictly before the anchor's
    check("He left office last March.", "last March", "2024-03");
    check("He left office last May.", "last May", "2023-05");
    check("Voting starts next June.", "next June", "2024-06");
    check("Voting starts next April.", "next April", "2025-04");
    check("He resigned late last July.", "late last July", "2023-07");
    check(
        "Fighting stopped in March of last year.",
        "March of last year",
        "2023-03",
    );
}

#[test]
fn may_and_march_are_guarded() {
    assert!(pairs("Theresa May met the president.").is_empty());
    assert!(pairs("The government may impose sanctions.").is_empty());
    assert!(pairs("May Britain leave the bloc?").is_empty());
    assert!(pairs("Thousands joined the march to the parliament.").is_empty());
    assert!(pairs("Thousands joined the March for Peace.").is_empty());
    assert!(pairs("Jan Kubis arrived.").is_empty());
}

#[test]
fn weekdays() {
    // 17 May 2024 is a Friday.
    check(
        "The minister said Friday that talks would go on.",
        "Friday",
        "2024-05-17",
    );
    check(
        "Rebels attacked the town on Sunday.",
        "Sunday",
        "2024-05-12",
    );
    check(
        "Rebels attacked the town last Saturday.",
        "last Saturday",
        "2024-05-11",
    );
    check(
        "Rebels attacked the town last Friday.",
        "last Friday",
        "2024-05-10",
    );
    check("Ministers meet next Tuesday.", "next Tuesday", "2024-05-21");
    check("Ministers will meet on Monday.", "Monday", "2024-05-20");
    check("Ministers met on Monday.", "Monday", "2024-05-13");
    check("Ministers meet this Sunday.", "this Sunday", "2024-05-19");
    let e = expr("Ministers met on Monday morning.");
    assert_eq!(
        (e.kind, e.timex.as_str()),
        (TimeKind::Time, "2024-05-13TMO")
    );
    // lean future without a tense cue
    let f = find_with("Ministers meet on Monday.", Some(anchor()), Lean::Future);
    assert_eq!(f[0].timex, "2024-05-20");
}

#[test]
fn deictic_days() {
    check(
        "The army said today it had withdrawn.",
        "today",
        "2024-05-17",
    );
    check("The army withdrew yesterday.", "yesterday", "2024-05-16");
    check("The army withdraws tomorrow.", "tomorrow", "2024-05-18");
    check(
        "The army withdrew earlier today.",
        "earlier today",
        "2024-05-17",
    );
    let e = expr("The president speaks tonight.");
    assert_eq!(
        (e.kind, e.timex.as_str()),
        (TimeKind::Time, "2024-05-17TNI")
    );
    check(
        "The talks collapsed the day before yesterday.",
        "the day before yesterday",
        "2024-05-15",
    );
}

#[test]
fn relative_units() {
    check("Clashes intensified this week.", "this week", "2024-W20");
    check("Clashes intensified last week.", "last week", "2024-W19");
    check(
        "Clashes intensified in the last week.",
        "the last week",
        "2024-W19",
    );
    check("Elections are due next month.", "next month", "2024-06");
    check("Elections were held last year.", "last year", "2023");
    check("Elections are held this year.", "this year", "2024");
    check(
        "The ministry announced earlier this month that",
        "earlier this month",
        "2024-05",
    );
    check(
        "Spending rises by the end of this year.",
        "the end of this year",
        "2024",
    );
    check("Spending rose late last year.", "late last year", "2023");
    check(
        "Spending rose in the last quarter.",
        "the last quarter",
        "2024-Q1",
    );
    check(
        "Spending rose in the first quarter.",
        "the first quarter",
        "2024-Q1",
    );
    check(
        "Spending fell in the fourth quarter.",
        "the fourth quarter",
        "2023-Q4",
    );
    let e = expr("Clashes intensified this week.");
    assert_eq!(
        (e.first, e.last),
        (Some(d(2024, 5, 13)), Some(d(2024, 5, 19)))
    );
    assert_eq!(e.precision, Some(Precision::Week));
    assert!(e.relative);
}

#[test]
fn ago_and_in() {
    check(
        "The bombing happened three days ago.",
        "three days ago",
        "2024-05-14",
    );
    check(
        "The bombing happened two weeks ago.",
        "two weeks ago",
        "2024-W18",
    );
    check("The bombing happened a year ago.", "a year ago", "2023");
    check(
        "The bombing happened six months ago.",
        "six months ago",
        "2023-11",
    );
    check(
        "The ceasefire expires in three days.",
        "three days",
        "2024-05-20",
    );
    check("He came to power a decade ago.", "a decade ago", "2014");
    check(
        "The party was founded decades ago.",
        "decades ago",
        "PAST_REF",
    );
}

#[test]
fn durations() {
    let e = expr("Dozens were killed in the past few days.");
    assert_eq!((e.kind, e.timex.as_str()), (TimeKind::Duration, "PXD"));
    let e = expr("Prices doubled over the past two years.");
    assert_eq!(e.kind, TimeKind::Duration);
    assert_eq!(e.timex, "P2Y");
    assert_eq!((e.first, e.last), (Some(d(2022, 5, 17)), Some(anchor())));
    check("The siege lasted 18 months.", "18 months", "P18M");
    check("The talks lasted hours.", "hours", "PTXH");
    check("The meeting ended minutes later.", "minutes", "PTXM");
    check("He imposed a three-month ban.", "three-month", "P3M");
    check(
        "The war lasted twenty-five years.",
        "twenty-five years",
        "P25Y",
    );
    check(
        "The season started a month earlier than usual.",
        "a month",
        "P1M",
    );
    check("Unrest grew in recent weeks.", "recent weeks", "PXW");
}

#[test]
fn references() {
    check("Inflation is currently high.", "currently", "PRESENT_REF");
    check("Now the rebels hold the city.", "Now", "PRESENT_REF");
    check("The rebels recently took the city.", "recently", "PAST_REF");
    check("In the past, such talks failed.", "the past", "PAST_REF");
    check(
        "Talks may resume in the future.",
        "the future",
        "FUTURE_REF",
    );
    check(
        "The ship was in international waters at the time.",
        "at the time",
        "PAST_REF",
    );
    let now = expr("Inflation is now high.");
    assert_eq!(now.first, Some(anchor()));
}

#[test]
fn narrative_reference() {
    let p = pairs("Troops entered the city on March 3, 2021. The following day, rebels fled.");
    assert_eq!(
        p[1],
        ("The following day".to_string(), "2021-03-04".to_string())
    );
    let p = pairs("Troops entered the city on March 3, 2021. Two days later, rebels fled.");
    assert_eq!(
        p[1],
        ("Two days later".to_string(), "2021-03-05".to_string())
    );
    let p = pairs("The deal was signed in 2016. The previous year, talks had collapsed.");
    assert_eq!(p[1], ("The previous year".to_string(), "2015".to_string()));
    let p = pairs("Troops entered on March 3, 2021. The following week, rebels fled.");
    assert_eq!(p[1].1, "2021-W10");
    // without an earlier date the anchor is the reference
    check(
        "He left the previous day.",
        "the previous day",
        "2024-05-16",
    );
}

#[test]
fn seasons() {
    check(
        "The offensive stalled last summer.",
        "last summer",
        "2023-SU",
    );
    check("The offensive stalled in summer.", "summer", "2023-SU");
    check("The offensive will resume in summer.", "summer", "2024-SU");
    check(
        "The offensive stalled this winter.",
        "this winter",
        "2023-WI",
    );
    assert!(pairs("The Arab Spring changed the region.").is_empty());
    assert!(pairs("After the fall of the regime, looting spread.").is_empty());
    assert!(pairs("Prices fall in spring markets.").is_empty());
}

#[test]
fn times_and_sets() {
    let e = expr("The vote closes at 3 p.m.");
    assert_eq!(
        (e.kind, e.timex.as_str()),
        (TimeKind::Time, "2024-05-17T15:00")
    );
    let e = expr("The strike began at 10:30 GMT on Monday.");
    assert_eq!(e.timex, "2024-05-13T10:30");
    assert_eq!(e.first, Some(d(2024, 5, 13)));
    let e = expr("The blast was reported at 10:30 GMT.");
    assert_eq!(
        (e.kind, e.timex.as_str()),
        (TimeKind::Time, "2024-05-17T10:30")
    );
    assert!(pairs("The score was 10:30 after the break.").is_empty());
    let e = expr("Parliament meets every year.");
    assert_eq!((e.kind, e.timex.as_str()), (TimeKind::Set, "P1Y"));
    let e = expr("Protesters gather every Sunday.");
    assert_eq!((e.kind, e.timex.as_str()), (TimeKind::Set, "XXXX-WXX-7"));
    check("Parliament meets twice a year.", "twice a year", "P1Y");
}

#[test]
fn no_anchor_keeps_xs() {
    let v = find_with(
        "Rebels attacked on Friday and last week, on Dec. 25 and in 2019.",
        None,
        Lean::Past,
    );
    let t: Vec<&str> = v.iter().map(|e| e.timex.as_str()).collect();
    assert_eq!(t, ["XXXX-WXX-5", "XXXX-WXX", "XXXX-12-25", "2019"]);
    assert!(v[0].first.is_none() && v[0].relative);
    assert_eq!(v[3].first, Some(d(2019, 1, 1)));
    assert!(!v[3].relative);
}

#[test]
fn numbers_that_are_not_dates() {
    assert!(pairs("The army deployed 2000 troops and 1500 police.").is_empty());
    assert!(pairs("Turnout was 12.5 percent, with 3,000 votes.").is_empty());
    assert!(pairs("The Airbus A320 and Boeing 737 fleets.").is_empty());
    assert!(pairs("Costs reached $2019 per head.").is_empty());
    check("Prices rose 5% in 2019.", "2019", "2019");
}

#[test]
fn offsets_and_order() {
    let text = "On Monday – after talks in Doha on 5 May – the envoy said “next week”.";
    let v = find_with(text, Some(anchor()), Lean::Past);
    let spans: Vec<&str> = v.iter().map(|e| &text[e.start..e.end]).collect();
    assert_eq!(spans, ["Monday", "5 May", "next week"]);
    assert!(v.windows(2).all(|w| w[0].end <= w[1].start));
}

#[test]
fn appends_and_reuses_buffer() {
    let mut out = Vec::new();
    find_time_exprs("yesterday", Some(anchor()), Lean::Past, &mut out);
    find_time_exprs("tomorrow", Some(anchor()), Lean::Past, &mut out);
    assert_eq!(out.len(), 2);
    assert_eq!(out[1].timex, "2024-05-18");
    assert_eq!((out[1].start, out[1].end), (0, 8));
}

#[test]
fn two_digit_year_ranges() {
    let p = pairs("The expedition of 1957-58 crossed the ice.");
    assert_eq!(
        p,
        [
            ("1957".to_string(), "1957".to_string()),
            ("58".to_string(), "1958".to_string())
        ]
    );
}

#[test]
fn day_ranges() {
    let p = pairs("Ministers met on 5-6 April 2016 in Tashkent.");
    assert_eq!(
        p,
        [
            ("5".to_string(), "2016-04-05".to_string()),
            ("6 April 2016".to_string(), "2016-04-06".to_string())
        ]
    );
    let p = pairs("The exercise ran October 25-26, 2016, near the border.");
    assert_eq!(
        p,
        [
            ("October 25".to_string(), "2016-10-25".to_string()),
            ("26, 2016".to_string(), "2016-10-26".to_string())
        ]
    );
    let p = pairs("The talks were held today (23 December).");
    assert_eq!(p[1], ("23 December".to_string(), "2023-12-23".to_string()));
}

#[test]
fn names_are_not_references() {
    assert!(pairs("He funds the Future of Babylon project.").is_empty());
    check("The talks will last several days.", "several days", "PXD");
}

#[test]
fn time_with_following_date() {
    let e = find_with(
        "Grenades were thrown at 1700 GMT on 29 November.",
        Some(anchor()),
        Lean::Past,
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].timex, "2023-11-29T17:00");
    assert!(pairs("USA Today reported the blast.").is_empty());
    assert!(pairs("A 2000-tonne tanker ran aground.").is_empty());
}

#[test]
fn names_and_compounds() {
    assert!(pairs("April Ryan asked the question.").is_empty());
    assert!(pairs("The Good Friday Agreement holds.").is_empty());
    assert!(pairs("He wrote for the Sunday Times.").is_empty());
    assert!(pairs("Athletes met at the Summer Olympics.").is_empty());
    check("The vote was held in March.", "March", "2024-03");
    check("The vote is due in March.", "March", "2025-03");
}

/// Texts mixing date words, numbers, modifiers, punctuation, non-ASCII
/// letters and odd white space, glued or spaced at random.
fn generated_texts(count: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        "January",
        "february",
        "MARCH",
        "April",
        "May",
        "may",
        "June",
        "July",
        "Aug",
        "Sept",
        "sep",
        "Dec",
        "Oct.",
        "Monday",
        "tuesday",
        "Wednesday",
        "FRIDAY",
        "Sunday",
        "today",
        "Tonight",
        "yesterday",
        "tomorrow",
        "now",
        "currently",
        "recently",
        "lately",
        "past",
        "future",
        "time",
        "annually",
        "half",
        "noon",
        "midnight",
        "Q1",
        "q3",
        "Q4",
        "Q5",
        "Q34",
        "Q3a",
        "q",
        "Q",
        "minute",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "weekend",
        "fortnight",
        "month",
        "months",
        "quarter",
        "year",
        "years",
        "decade",
        "decades",
        "century",
        "centuries",
        "spring",
        "summer",
        "autumn",
        "fall",
        "winter",
        "morning",
        "afternoon",
        "evening",
        "night",
        "ago",
        "last",
        "next",
        "this",
        "that",
        "the",
        "The",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "since",
        "by",
        "until",
        "from",
        "over",
        "during",
        "for",
        "within",
        "before",
        "after",
        "between",
        "and",
        "to",
        "each",
        "every",
        "per",
        "few",
        "several",
        "couple",
        "some",
        "many",
        "dozen",
        "fiscal",
        "early",
        "earlier",
        "late",
        "later",
        "mid",
        "mid-",
        "middle",
        "end",
        "beginning",
        "start",
        "rest",
        "turn",
        "coming",
        "previous",
        "following",
        "current",
        "same",
        "recent",
        "one",
        "two",
        "three",
        "ten",
        "twenty",
        "hundred",
        "first",
        "second",
        "third",
        "final",
        "st",
        "nd",
        "rd",
        "th",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "GMT",
        "EST",
        "local",
        "once",
        "twice",
        "times",
        "will",
        "said",
        "was",
        "be",
        "held",
        "expected",
        "signed",
        "1",
        "3",
        "5",
        "12",
        "21",
        "31",
        "99",
        "2015",
        "1990",
        "1990s",
        "90s",
        "’90s",
        "’",
        "3pm",
        "3 p.m.",
        "10:30",
        "5/6",
        "12.5",
        "1957-58",
        "5-6",
        "25-26",
        "123",
        "12345",
        "2019年",
        "٣",
        "²",
        "x2020",
        "Mayé",
        "éMay",
        "über",
        "día",
        "Straße",
        "Ωmega",
        "naïve",
        "extraordinarily",
        "internationalization",
        "lorem",
        "ipsum",
        "dolor",
        "report",
        "talks",
        "Geneva",
        "Maybe",
        "Marching",
        "Sundays",
        "Times",
        ",",
        ".",
        ";",
        ":",
        "!",
        "?",
        "-",
        "–",
        "—",
        "(",
        ")",
        "\"",
        "“",
        "”",
        "‘",
        "`",
        "'",
        "/",
        "%",
        "$",
        "…",
    ];
    const SEPS: &[&str] = &[
        " ", " ", " ", " ", " ", " ", "", "  ", "\n", "\n\n", "\t", "\r\n", "\u{a0}", "\u{2003}",
        "\u{b}", " \n ", ", ", ". ",
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut texts = Vec::with_capacity(count);
    for k in 0..count {
        let len = match k % 4 {
            0 => next(12),
            1 => next(60),
            2 => next(200),
            _ => next(500),
        };
        // Filler spreads candidates apart, past the window's reach at times.
        let filler = next(4);
        let mut t = String::new();
        for _ in 0..len {
            if filler > 0 && next(8 * filler) != 0 {
                t.push_str(["lorem", "ipsum", "dolor", "sit", "amet", "X"][next(6)]);
            } else {
                t.push_str(PIECES[next(PIECES.len())]);
            }
            t.push_str(SEPS[next(SEPS.len())]);
        }
        texts.push(t);
    }
    texts
}

#[test]
fn same_as_reference_on_generated_texts() {
    let anchors = [Some(anchor()), None, Some(d(2021, 1, 3))];
    for (k, t) in generated_texts(4000).iter().enumerate() {
        let a = anchors[k % anchors.len()];
        let lean = if k % 2 == 0 { Lean::Past } else { Lean::Future };
        find_with(t, a, lean);
    }
}

/// Tokens and candidates of the fast lexer equal those of the reference.
fn same_tokens(text: &str) {
    let (a, ca) = lex_text(text);
    let (b, cb) = lex_text_ref(text);
    let key = |t: &Tok| (t.s, t.e, t.w, t.cap, t.brk);
    assert_eq!(
        a.iter().map(key).collect::<Vec<_>>(),
        b.iter().map(key).collect::<Vec<_>>(),
        "tokens of {text:?}"
    );
    assert_eq!(ca, cb, "candidates of {text:?}");
}

#[test]
fn lexer_same_as_reference_on_generated_texts() {
    for t in generated_texts(4000) {
        same_tokens(&t);
    }
    // Every word against every neighbour, at every distance from the end.
    let words = [
        "a",
        "q",
        "Q",
        "Q3",
        "q4x",
        "May",
        "may",
        "weekend",
        "Weekends",
        "Wednesday",
        "September",
        "fortnight",
        "throughout",
        "nineteenth",
        "centuries",
        "preceding",
        "extraordinary",
        "internationalization",
        "Mayé",
        "éMay",
        "Thursday",
        "afternoon",
        "YESTERDAY",
        "Marché",
        "midnightly",
        "weekendé",
        "3pm",
        "2015",
        "’90s",
        "the",
        "THE",
        "ago",
        "Z",
    ];
    let seps = [" ", "", ",", "\n", "  ", "(", "-", "é", "`", "\u{b}", "3"];
    for w1 in words {
        for s1 in seps {
            for w2 in words {
                for s2 in seps {
                    let t = format!("{w1}{s1}{w2}{s2}");
                    for k in (0..t.len()).filter(|&k| t.is_char_boundary(k)) {
                        same_tokens(&t[k..]);
                        same_tokens(&t[..k]);
                    }
                    // and away from both ends
                    same_tokens(&format!("lorem {t} ipsum dolor sit amet"));
                }
            }
        }
    }
}
