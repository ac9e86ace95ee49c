//! Import of PETRARCH / TABARI actor and agent dictionaries into an overlay.
//!
//! Actor lines: `PHRASE_WITH_UNDERSCORES_ [CODE]`, optionally with date
//! restrictions `[EGYGOV >140608]` (from), `[EGYGOV <140608]` (until) or
//! `[EGYGOV 120630-140608]`; several bracketed codes may follow one phrase.
//! Lines starting with `+` are further names of the entry above. Agent lines
//! carry codes starting with `~` (`POLICE_ [~COP]`, `{A_ | B_} [~GOV]`).
//! Codes are read as a three-letter country (or `IGO`) followed by CAMEO
//! agent codes, which map to PLOVER sectors.

use chrono::NaiveDate;

/// One imported actor period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedActor {
    pub name: String,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub org: Option<String>,
    pub sector: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub line: usize,
}

/// One imported agent noun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedAgent {
    pub term: String,
    pub sector: String,
    pub line: usize,
}

/// What a dictionary file held.
#[derive(Debug, Default)]
pub struct Imported {
    pub actors: Vec<ImportedActor>,
    pub agents: Vec<ImportedAgent>,
    /// Lines that could not be read: (line, reason).
    pub skipped: Vec<(usize, String)>,
}

/// CAMEO agent code → PLOVER sector.
pub fn sector_of(agent: &str) -> Option<&'static str> {
    Some(match agent {
        "GOV" => "GOV",
        "MIL" => "MIL",
        "REB" | "INS" | "SEP" | "RAD" | "IMG" => "REB",
        "OPP" => "OPP",
        "PTY" => "PTY",
        "COP" => "COP",
        "JUD" => "JUD",
        "SPY" => "SPY",
        "LEG" => "LEG",
        "MED" => "JRN",
        "HLH" => "MED",
        "EDU" => "EDU",
        "BUS" | "MNC" => "BUS",
        "CVL" => "CVL",
        "REF" => "REF",
        "LAB" => "LAB",
        "AGR" => "AGR",
        "CRM" => "CRM",
        "ELI" => "ELI",
        "REL" => "REL",
        "NGO" | "HRI" | "ENV" => "SOC",
        "UAF" => "UAF",
        _ => return None,
    })
}

fn phrase(raw: &str) -> String {
    raw.trim()
        .trim_end_matches('_')
        .split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Title case for an all-caps dictionary phrase ("HAMID KARZAI" → "Hamid Karzai").
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn yymmdd(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yy: i32 = s[0..2].parse().ok()?;
    let year = if yy >= 50 { 1900 + yy } else { 2000 + yy };
    NaiveDate::from_ymd_opt(year, s[2..4].parse().ok()?, s[4..6].parse().ok()?)
}

/// A bracketed code: (code, start, end).
fn code(inner: &str) -> Result<(String, Option<NaiveDate>, Option<NaiveDate>), String> {
    let mut parts = inner.split_whitespace();
    let code = parts.next().ok_or("empty code")?.to_string();
    let (mut start, mut end) = (None, None);
    if let Some(restriction) = parts.next() {
        if let Some(d) = restriction.strip_prefix('>') {
            start = Some(yymmdd(d).ok_or(format!("bad date {d:?}"))?);
        } else if let Some(d) = restriction.strip_prefix('<') {
            end = Some(yymmdd(d).ok_or(format!("bad date {d:?}"))?);
        } else if let Some((a, b)) = restriction.split_once('-') {
            start = Some(yymmdd(a).ok_or(format!("bad date {a:?}"))?);
            end = Some(yymmdd(b).ok_or(format!("bad date {b:?}"))?);
        } else {
            return Err(format!("bad date restriction {restriction:?}"));
        }
    }
    Ok((code, start, end))
}

/// Split a CAMEO actor code into country, organisation and sector.
fn split_code(code: &str) -> (Option<String>, Option<String>, Option<String>) {
    let code = code.trim().to_ascii_uppercase();
    if code.len() < 3 {
        return (None, None, None);
    }
    let (head, rest) = code.split_at(3);
    let agents: Vec<&str> = (0..rest.len() / 3)
        .map(|i| &rest[i * 3..i * 3 + 3])
        .collect();
    let sector = agents.iter().find_map(|a| sector_of(a)).map(str::to_string);
    if head == "IGO" {
        let org = agents
            .first()
            .map(|s| s.to_string())
            .unwrap_or_else(|| "IGO".into());
        return (None, Some(org), sector);
    }
    (Some(head.to_string()), None, sector)
}

/// Parse a PETRARCH/TABARI dictionary.
pub fn parse(text: &str) -> Imported {
    let mut out = Imported::default();
    let mut current: Option<usize> = None; // index of the last primary actor entry's first period
    let mut current_len = 0usize;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with("<!--") {
            continue;
        }
        if let Some(alias) = line.strip_prefix('+') {
            let alias = title_case(&phrase(alias.split('[').next().unwrap_or("")));
            match current {
                Some(first) if !alias.is_empty() => {
                    for a in &mut out.actors[first..first + current_len] {
                        a.aliases.push(alias.clone());
                    }
                }
                _ => out
                    .skipped
                    .push((line_no, "synonym without an entry".into())),
            }
            continue;
        }
        let Some(bracket) = line.find('[') else {
            // A bare phrase: a synonym line in some dictionaries, or noise.
            out.skipped.push((line_no, "no code".into()));
            continue;
        };
        let head = &line[..bracket];
        let codes: Vec<&str> = line[bracket..]
            .split('[')
            .filter_map(|c| c.split(']').next())
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let names: Vec<String> = head
            .trim()
            .trim_start_matches('{')
            .trim_end_matches('}')
            .split('|')
            .map(|p| phrase(p).to_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        if names.is_empty() || codes.is_empty() {
            out.skipped.push((line_no, "no phrase or code".into()));
            continue;
        }
        if codes[0].starts_with('~') {
            let agent = codes[0].trim_start_matches('~');
            let agent3 = agent.get(..3).unwrap_or(agent);
            match sector_of(agent3) {
                Some(sector) => {
                    for n in names {
                        out.agents.push(ImportedAgent {
                            term: n,
                            sector: sector.to_string(),
                            line: line_no,
                        });
                    }
                }
                None => out
                    .skipped
                    .push((line_no, format!("unknown agent code {agent}"))),
            }
            continue;
        }
        let first = out.actors.len();
        let mut ok = 0;
        for c in codes {
            match code(c) {
                Ok((c, start, end)) => {
                    let (country, org, sector) = split_code(&c);
                    out.actors.push(ImportedActor {
                        name: title_case(&names[0]),
                        aliases: names[1..].iter().map(|n| title_case(n)).collect(),
                        country,
                        org,
                        sector,
                        start,
                        end,
                        line: line_no,
                    });
                    ok += 1;
                }
                Err(e) => out.skipped.push((line_no, e)),
            }
        }
        current = (ok > 0).then_some(first);
        current_len = ok;
    }
    out
}

/// The overlay file `actors/named-petrarch.tsv` for imported actors.
pub fn named_tsv(imported: &Imported, source: &str) -> String {
    let mut rows: Vec<String> = imported
        .actors
        .iter()
        .map(|a| {
            let d = |x: Option<NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{source}:{}",
                a.name,
                a.aliases.join("|"),
                a.country.as_deref().unwrap_or(""),
                a.org.as_deref().unwrap_or(""),
                a.sector.as_deref().unwrap_or(""),
                d(a.start),
                d(a.end),
                a.line
            )
        })
        .collect();
    // Sorted by name; the periods of one name stay together in file order.
    rows.sort_by(|a, b| a.split('\t').next().cmp(&b.split('\t').next()));
    let mut out = String::from("# Imported by `attache kb import --format petrarch`\nname\taliases\tcountry\torg\tsector\tstart\tend\tsource\n");
    for r in rows {
        out.push_str(&r);
        out.push('\n');
    }
    out
}

/// The overlay file `actors/sectors-petrarch.tsv` for imported agent nouns.
pub fn sectors_tsv(imported: &Imported) -> String {
    let mut rows: Vec<String> = imported
        .agents
        .iter()
        .map(|a| format!("{}\t{}\tbody\t", a.term, a.sector))
        .collect();
    rows.sort();
    rows.dedup_by(|a, b| a.split('\t').next() == b.split('\t').next());
    let mut out = String::from(
        "# Imported by `attache kb import --format petrarch`\nterm\tsector\tkind\toffice\n",
    );
    for r in rows {
        out.push_str(&r);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_with_dates_and_synonyms() {
        let dict = "# test\nRURITANIA_ [RUR]\n+RURITANIAN_\nRUDOLF_ELPHBERG_ [RURGOV >150102] [RUROPP <150101] # king\nBLUE_LEAGUE_ [IGOBLU]\n";
        let got = parse(dict);
        assert_eq!(got.actors.len(), 4);
        assert_eq!(got.actors[0].name, "Ruritania");
        assert_eq!(got.actors[0].aliases, vec!["Ruritanian".to_string()]);
        assert_eq!(got.actors[1].sector.as_deref(), Some("GOV"));
        assert_eq!(got.actors[1].start, NaiveDate::from_ymd_opt(2015, 1, 2));
        assert_eq!(got.actors[2].end, NaiveDate::from_ymd_opt(2015, 1, 1));
        assert_eq!(got.actors[3].org.as_deref(), Some("BLU"));
        assert!(got.skipped.is_empty());
    }

    #[test]
    fn agents() {
        let got = parse("{POLICE_ | POLICEMEN_} [~COP]\nPRESIDENT_ [~GOV]\nODD_ [~XYZ]\n");
        let terms: Vec<&str> = got.agents.iter().map(|a| a.term.as_str()).collect();
        assert_eq!(terms, vec!["police", "policemen", "president"]);
        assert_eq!(got.skipped.len(), 1);
    }

    #[test]
    fn date_ranges() {
        let got = parse("X_ [AAAGOV 991231-010101]\n");
        assert_eq!(got.actors[0].start, NaiveDate::from_ymd_opt(1999, 12, 31));
        assert_eq!(got.actors[0].end, NaiveDate::from_ymd_opt(2001, 1, 1));
    }
}
