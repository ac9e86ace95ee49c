//! Score `find_time_exprs` on TempEval-3 style TimeML files.
//!
//! ```text
//! cargo run --release -p attache-text --example te3 -- DIR [--verbose] [--lean future]
//! ```
//!
//! For every `*.tml` in DIR: the text inside `<TEXT>` with tags stripped
//! (offsets of each `TIMEX3` kept), the document creation time as anchor.
//! Prints the share of gold DATE timexes that one of ours overlaps with an
//! equal value (the headline), value accuracy for all types, and extraction
//! precision/recall (relaxed = overlap, strict = same span), then a timing.

use attache_text::dates::{find_time_exprs, Lean, TimeExpr};
use chrono::NaiveDate;
use std::path::Path;
use std::time::Instant;

struct Gold {
    start: usize,
    end: usize,
    kind: String,
    value: String,
}

struct Doc {
    name: String,
    dct: NaiveDate,
    text: String,
    gold: Vec<Gold>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!("{name}=\"");
    let i = tag.find(&pat)? + pat.len();
    let j = tag[i..].find('"')? + i;
    Some(tag[i..j].to_string())
}

fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.find(';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ if name.starts_with("#x") => char::from_u32(u32::from_str_radix(&name[2..], 16).ok()?)?,
        _ if name.starts_with('#') => char::from_u32(name[1..].parse().ok()?)?,
        _ => return None,
    };
    Some((c, end + 1))
}

fn parse(name: &str, xml: &str) -> Option<Doc> {
    let ct = xml.find("functionInDocument=\"CREATION_TIME\"")?;
    let tag_start = xml[..ct].rfind('<')?;
    let tag_end = xml[ct..].find('>')? + ct;
    let value = attr(&xml[tag_start..tag_end], "value")?;
    let dct = NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()?;
    let body_start = xml.find("<TEXT>")? + "<TEXT>".len();
    let body_end = xml.find("</TEXT>")?;
    let body = &xml[body_start..body_end];
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<Gold> = None;
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        if rest.starts_with('<') {
            let close = rest.find('>')?;
            let tag = &rest[..=close];
            if tag.starts_with("<TIMEX3") {
                open = Some(Gold {
                    start: text.len(),
                    end: 0,
                    kind: attr(tag, "type").unwrap_or_default(),
                    value: attr(tag, "value").unwrap_or_default(),
                });
            } else if tag.starts_with("</TIMEX3") {
                if let Some(mut g) = open.take() {
                    g.end = text.len();
                    gold.push(g);
                }
            }
            i += close + 1;
        } else if rest.starts_with('&') {
            match decode_entity(rest) {
                Some((c, n)) => {
                    text.push(c);
                    i += n;
                }
                None => {
                    text.push('&');
                    i += 1;
                }
            }
        } else {
            let c = rest.chars().next()?;
            text.push(c);
            i += c.len_utf8();
        }
    }
    Some(Doc {
        name: name.to_string(),
        dct,
        text,
        gold,
    })
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn context(text: &str, s: usize, e: usize) -> String {
    let mut a = s.saturating_sub(60);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (e + 40).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}[[{}]]{}", &text[a..s], &text[s..e], &text[e..b]).replace('\n', " ")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args
        .iter()
        .find(|a| !a.starts_with("--") && *a != "future" && *a != "past")
    else {
        eprintln!("usage: te3 DIR [--verbose] [--lean past|future]");
        std::process::exit(2);
    };
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let lean = match args.iter().position(|a| a == "--lean") {
        Some(i) if args.get(i + 1).map(String::as_str) == Some("future") => Lean::Future,
        _ => Lean::Past,
    };
    let mut paths: Vec<_> = match std::fs::read_dir(Path::new(dir)) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "tml"))
            .collect(),
        Err(e) => {
            eprintln!("cannot read {dir}: {e}");
            std::process::exit(2);
        }
    };
    paths.sort();
    let mut docs = Vec::new();
    for p in &paths {
        let Ok(xml) = std::fs::read_to_string(p) else {
            eprintln!("cannot read {}", p.display());
            continue;
        };
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match parse(&name, &xml) {
            Some(d) => docs.push(d),
            None => eprintln!("cannot parse {name}"),
        }
    }

    let (mut date_n, mut date_ok) = (0usize, 0usize);
    let (mut all_n, mut all_ok) = (0usize, 0usize);
    let (mut gold_found, mut gold_strict, mut ours_n, mut ours_hit) = (0usize, 0, 0usize, 0usize);
    let mut out: Vec<TimeExpr> = Vec::new();
    for d in &docs {
        out.clear();
        find_time_exprs(&d.text, Some(d.dct), lean, &mut out);
        ours_n += out.len();
        for o in &out {
            if d.gold
                .iter()
                .any(|g| overlaps((g.start, g.end), (o.start, o.end)))
            {
                ours_hit += 1;
            } else if verbose {
                println!(
                    "FP  {} {:<12} {}",
                    d.name,
                    o.timex,
                    context(&d.text, o.start, o.end)
                );
            }
        }
        for g in &d.gold {
            let over: Vec<&TimeExpr> = out
                .iter()
                .filter(|o| overlaps((g.start, g.end), (o.start, o.end)))
                .collect();
            let ok = over.iter().any(|o| o.timex == g.value);
            if !over.is_empty() {
                gold_found += 1;
            }
            if over.iter().any(|o| o.start == g.start && o.end == g.end) {
                gold_strict += 1;
            }
            all_n += 1;
            all_ok += usize::from(ok);
            if g.kind == "DATE" {
                date_n += 1;
                date_ok += usize::from(ok);
            }
            if verbose && !ok {
                let ours: Vec<&str> = over.iter().map(|o| o.timex.as_str()).collect();
                println!(
                    "MISS {} {:<8} gold={:<12} ours={:<14} {}",
                    d.name,
                    g.kind,
                    g.value,
                    ours.join(","),
                    context(&d.text, g.start, g.end)
                );
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "documents: {}  gold timexes: {all_n} (DATE {date_n})  ours: {ours_n}",
        docs.len()
    );
    println!(
        "DATE value accuracy (overlap + equal value): {date_ok}/{date_n} = {:.1}%",
        pct(date_ok, date_n)
    );
    println!(
        "all-type value accuracy:                    {all_ok}/{all_n} = {:.1}%",
        pct(all_ok, all_n)
    );
    let (p, r) = (pct(ours_hit, ours_n), pct(gold_found, all_n));
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!("extraction relaxed: P {p:.1}%  R {r:.1}%  F1 {f:.1}%");
    println!(
        "extraction strict recall (same span): {gold_strict}/{all_n} = {:.1}%",
        pct(gold_strict, all_n)
    );

    // Timing: every line and period-separated piece as one "sentence".
    let sentences: Vec<(&str, NaiveDate)> = docs
        .iter()
        .flat_map(|d| {
            d.text
                .split(['\n', '.'])
                .filter(|s| s.trim().len() > 3)
                .map(move |s| (s, d.dct))
        })
        .collect();
    let rounds = 200;
    let t = Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds {
        for (s, dct) in &sentences {
            out.clear();
            find_time_exprs(s, Some(*dct), lean, &mut out);
            found += out.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let n = (rounds * sentences.len()) as f64;
    println!(
        "speed: {:.0} sentences/s ({:.2} µs/sentence, {} pieces x {rounds}, {} found)",
        n / secs,
        1e6 * secs / n,
        sentences.len(),
        found / rounds
    );
}
