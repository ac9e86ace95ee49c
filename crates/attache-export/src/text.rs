//! Small shared helpers for rendering event fields as text.

use attache_types::{Actor, DateBasis};

/// The serialised name of a date basis (same as its JSON form).
pub(crate) fn basis_str(b: DateBasis) -> &'static str {
    match b {
        DateBasis::Explicit => "explicit",
        DateBasis::Relative => "relative",
        DateBasis::Context => "context",
        DateBasis::Publication => "publication",
    }
}

/// PLOVER's top-level entity code of an actor: its ISO3 country, else for an
/// organisation the manual's non-state code (UNO for the UN system, EUR for
/// the EU, IGO for any other organisation).
pub(crate) fn plover_code(a: &Actor) -> Option<&str> {
    if let Some(c) = a.country.as_deref() {
        return Some(c);
    }
    match a.org.as_deref() {
        Some("UN") => Some("UNO"),
        Some("EU") => Some("EUR"),
        Some(_) => Some("IGO"),
        None => None,
    }
}

/// Joins one value per actor with `sep`, empty items kept for alignment;
/// an empty string when every item is empty.
pub(crate) fn join_aligned<'a>(
    actors: &'a [Actor],
    sep: &str,
    f: impl Fn(&'a Actor) -> Option<&'a str>,
) -> String {
    let items: Vec<&str> = actors.iter().map(|a| f(a).unwrap_or("")).collect();
    if items.iter().all(|s| s.is_empty()) {
        String::new()
    } else {
        items.join(sep)
    }
}

/// Makes a value safe for a tab-separated file without quoting: tabs and
/// line breaks become spaces.
pub(crate) fn push_tsv_field(out: &mut String, value: &str) {
    for ch in value.chars() {
        match ch {
            '\t' | '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_fields_lose_tabs_and_breaks() {
        let mut s = String::new();
        push_tsv_field(&mut s, "a\tb\r\nc");
        assert_eq!(s, "a b  c");
    }
}
