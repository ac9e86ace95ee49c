//! Sentence splitting and tokens on a paragraph of wire-style text.

use attache_text::tokens::TokenKind;
use attache_text::{split_sentences, tokenize};

const TEXT: &str = "CAIRO — Egypt’s Foreign Minister met Lt. Gen. J. R. Smith of the U.S. Army on Jan. 5, 2024. \
“We discussed No. 3,” he said. Talks in the U.S. The rest followed.\n\nA second paragraph without a stop";

#[test]
fn sentences_survive_abbreviations_and_paragraphs() {
    let mut out = Vec::new();
    split_sentences(TEXT, &mut out);
    let got: Vec<&str> = out.iter().map(|s| &TEXT[s.start..s.end]).collect();
    assert_eq!(
        got,
        vec![
            "CAIRO — Egypt’s Foreign Minister met Lt. Gen. J. R. Smith of the U.S. Army on Jan. 5, 2024.",
            "“We discussed No. 3,” he said.",
            "Talks in the U.S.",
            "The rest followed.",
            "A second paragraph without a stop",
        ]
    );
}

#[test]
fn tokens_slice_the_text() {
    let mut out = Vec::new();
    tokenize(TEXT, 0, TEXT.len(), &mut out);
    for t in &out {
        assert!(TEXT.is_char_boundary(t.start as usize) && TEXT.is_char_boundary(t.end as usize));
        assert!(!TEXT[t.range()].trim().is_empty());
    }
    let poss = out
        .iter()
        .find(|t| t.kind == TokenKind::Possessive)
        .map(|t| &TEXT[t.range()]);
    assert_eq!(poss, Some("’s"));
    assert!(out.iter().any(|t| &TEXT[t.range()] == "U.S."));
}
