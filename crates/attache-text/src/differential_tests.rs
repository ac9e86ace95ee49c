//! `tokenize` and `split_sentences` against the original char-iterator
//! implementations (kept in the modules' tests), on the unit-test inputs,
//! on every text file under the repository's test data and examples, and
//! on pseudo-random text full of the characters the rules look at.

use crate::sentences::tests::reference_split_sentences;
use crate::sentences::{split_sentences, Sentence};
use crate::tokens::tests::reference_tokenize;
use crate::tokens::{tokenize, Token};
use std::path::{Path, PathBuf};

const UNIT_INPUTS: &[&str] = &[
    "Egypt’s army chief-of-staff, al-Sisi's aide.",
    "The U.S. paid $48.8 million (1,000 troops).",
    "Hay'at Tahrir didn't",
    "Lt. Gen. Ali Ahmed met the U.S. envoy on Jan. 5. He left. No. 3 stayed.",
    "Troops arrived in the U.S. The talks began.",
    "“We will act,” he said. “Now.”\nSecond line without stop\n\nThird.",
    "J. R. Smith spoke. The talks, e.g. on trade, went on.",
    "Why now? Because! ok",
    "CAIRO — Egypt’s Foreign Minister met Lt. Gen. J. R. Smith of the U.S. Army on Jan. 5, 2024. \
     “We discussed No. 3,” he said. Talks in the U.S. The rest followed.\n\nA second paragraph without a stop",
];

fn sentences_of(text: &str, split: fn(&str, &mut Vec<Sentence>)) -> Vec<Sentence> {
    let mut out = Vec::new();
    split(text, &mut out);
    out
}

fn tokens_of(
    text: &str,
    ranges: &[(usize, usize)],
    tok: fn(&str, usize, usize, &mut Vec<Token>),
) -> Vec<Token> {
    // One vector for all ranges: a possessive looks at the previous token,
    // which may come from the range before.
    let mut out = Vec::new();
    for &(start, end) in ranges {
        tok(text, start, end, &mut out);
    }
    out
}

/// Char boundaries of `text` to start or split at: the ends, a few inside.
fn boundaries(text: &str) -> Vec<usize> {
    let mut cuts = vec![0, text.len()];
    for k in 1..8 {
        let mut b = text.len() * k / 8;
        while !text.is_char_boundary(b) {
            b += 1;
        }
        cuts.push(b);
    }
    for b in [1, 2, 3] {
        if let Some((i, _)) = text.char_indices().nth(b) {
            cuts.push(i);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Compare new and reference on one text; returns the number of checks.
fn check_text(label: &str, text: &str) -> usize {
    let new_sents = sentences_of(text, split_sentences);
    let ref_sents = sentences_of(text, reference_split_sentences);
    assert_eq!(
        new_sents, ref_sents,
        "split_sentences differs on {label}: {text:?}"
    );
    let mut checks = 1;
    let mut compare = |ranges: &[(usize, usize)]| {
        let new = tokens_of(text, ranges, tokenize);
        let old = tokens_of(text, ranges, reference_tokenize);
        assert_eq!(
            new, old,
            "tokenize differs on {label} at {ranges:?}: {text:?}"
        );
        checks += 1;
    };
    // Whole text, from several starts, and cut in two into one vector.
    let cuts = boundaries(text);
    for &c in &cuts {
        compare(&[(c, text.len())]);
        compare(&[(0, c), (c, text.len())]);
    }
    // Each sentence, alone and all into one vector.
    let all: Vec<(usize, usize)> = ref_sents.iter().map(|s| (s.start, s.end)).collect();
    compare(&all);
    for s in &ref_sents {
        compare(&[(s.start, s.end)]);
        // Sentences extended to the end of the text, and shifted starts.
        compare(&[(s.start, text.len())]);
        if let Some((i, _)) = text[s.start..s.end].char_indices().nth(1) {
            compare(&[(s.start + i, s.end)]);
        }
    }
    checks
}

#[test]
fn differential_unit_inputs() {
    for (k, text) in UNIT_INPUTS.iter().enumerate() {
        check_text(&format!("unit input {k}"), text);
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "txt" | "html" | "jsonl"))
        {
            out.push(path);
        }
    }
}

#[test]
fn differential_repository_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    collect_files(&root.join("examples"), &mut files);
    if let Ok(crates) = std::fs::read_dir(root.join("crates")) {
        for krate in crates.flatten() {
            collect_files(&krate.path().join("tests/data"), &mut files);
        }
    }
    files.sort();
    assert!(
        files.len() >= 5,
        "expected test data files, found {files:?}"
    );
    let mut checks = 0;
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let label = path.display().to_string();
        checks += check_text(&label, &text);
        if path.extension().is_some_and(|e| e == "jsonl") {
            for (n, line) in text.lines().enumerate() {
                checks += check_text(&format!("{label}:{}", n + 1), line);
            }
        }
    }
    assert!(checks > 1000, "only {checks} checks");
}

/// Pieces the random texts are made of: the characters and words that the
/// tokenizer and splitter treat specially.
const PIECES: &[&str] = &[
    "a", "b", "s", "S", "x", "Z", "U", "e", "0", "1", "7", "9", " ", " ", " ", "\t", "\n", ".",
    ".", ",", "-", "'", "’", "\"", "“", "”", "‘", "(", ")", "[", "]", ":", ";", "?", "!", "…", "$",
    "é", "É", "Ş", "ş", "ß", "\u{a0}", "\u{2028}", "\u{2029}", "\u{3000}", "—", "»", "«", "٣",
    "\u{b}", "\r", "1,000", "48.8", "3.14.15", "1,2,3", "U.S.", "U.N.", "Mr.", "Gen.", "No.",
    "e.g.", "i.e.", "'s", "’S", "’s ", "'S", "The ", "He ", "In ", "Egypt", "al-Sisi", "J.",
    "A.B.C", "...", "?!", ". ", ".\" ", ".’ ", ".) The", " 5. ", "Ab", "ab", "日本", "İ",
];

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn differential_random_text() {
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut text = String::new();
    for round in 0..4000 {
        text.clear();
        let len = 1 + rng.below(if round % 10 == 0 { 200 } else { 30 });
        for _ in 0..len {
            text.push_str(PIECES[rng.below(PIECES.len())]);
        }
        check_text(&format!("random text {round}"), &text);
    }
}
