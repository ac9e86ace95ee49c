//! Splitting a record that holds several run-together articles.
//!
//! A new article starts at a headline block: a short title-like line that
//! recurs within the next [`RECUR_WINDOW`] non-blank lines (scrapers repeat
//! the headline around the lead photo and its captions), after at least
//! [`MIN_BODY_BEFORE`] body paragraphs of the current article and with at
//! least [`MIN_BODY_AFTER`] body paragraphs after it. A caption repeated on
//! the next line only, with no marker line (`TT`, `2 min read`, a date line)
//! near it, is not a headline block.

use rustc_hash::FxHashSet;
use std::ops::Range;

use crate::clean::{is_body, is_boilerplate_line, title_like};
use crate::dates::line_is_dateline;
use crate::text::Line;
use std::borrow::Cow;

/// Non-blank lines after a headline searched for its repeat.
pub const RECUR_WINDOW: usize = 8;
/// Distinct body paragraphs the current article needs before a split.
pub const MIN_BODY_BEFORE: usize = 3;
/// Body paragraphs needed after a split point.
pub const MIN_BODY_AFTER: usize = 2;

/// Ranges of `lines` (indices) holding one article each, in order; a single
/// range covering every line when the record holds one article. `keys` are
/// the lines' normalized texts.
pub(crate) fn find_parts(lines: &[Line], keys: &[Cow<'_, str>]) -> Vec<Range<usize>> {
    let nb: Vec<usize> = (0..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
        .collect();
    let keys: Vec<&str> = nb
        .iter()
        .map(|&i| keys.get(i).map_or("", |k| k.as_ref()))
        .collect();
    // A headline block needs a line that recurs within the window; most
    // records have none, and then nothing below needs computing.
    let recurs = keys.iter().enumerate().any(|(p, k)| {
        keys.get(p + 1..(p + 1 + RECUR_WINDOW).min(keys.len()))
            .is_some_and(|w| w.contains(k))
    });
    if !recurs {
        return std::iter::once(0..lines.len()).collect();
    }
    let n = keys.len();
    let boiler: Vec<bool> = keys.iter().map(|k| is_boilerplate_line(k)).collect();
    let dateish: Vec<bool> = keys.iter().map(|k| line_is_dateline(k)).collect();
    let body: Vec<bool> = keys.iter().map(|k| is_body(k)).collect();
    let mut body_after = vec![0usize; n + 1];
    for i in (0..n).rev() {
        body_after[i] = body_after[i + 1] + usize::from(body[i]);
    }
    let headline = |p: usize| -> bool {
        let k = keys[p];
        if !title_like(k) || k.ends_with(')') || k.ends_with(']') {
            return false;
        }
        let window = (p + 1)..(p + 1 + RECUR_WINDOW).min(n);
        let Some(q) = window.clone().find(|&q| keys[q] == keys[p]) else {
            return false;
        };
        q > p + 1 || window.into_iter().any(|r| boiler[r] || dateish[r])
    };

    let mut parts = Vec::new();
    let mut start_line = 0usize;
    let mut part_start = 0usize;
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut body_count = 0usize;
    for p in 0..n {
        let k = keys[p];
        if p > part_start
            && body_count >= MIN_BODY_BEFORE
            && !seen.contains(k)
            && body_after[p + 1] >= MIN_BODY_AFTER
            && headline(p)
        {
            parts.push(start_line..nb[p]);
            start_line = nb[p];
            part_start = p;
            seen.clear();
            body_count = 0;
        }
        if seen.insert(k) && body[p] {
            body_count += 1;
        }
    }
    parts.push(start_line..lines.len());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::line_keys;
    use crate::text::split_lines;

    fn find_parts(s: &str, lines: &[Line]) -> Vec<Range<usize>> {
        super::find_parts(lines, &line_keys(s, lines))
    }

    /// Whether any line recurs within the window, as first written: by
    /// hashes of the normalized lines.
    fn reference_recurs(src: &str, lines: &[Line]) -> bool {
        use crate::text::normalized;
        use std::hash::Hasher;
        let squeezed: Vec<u64> = lines
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| {
                let mut h = rustc_hash::FxHasher::default();
                h.write(normalized(l.text(src)).as_bytes());
                h.finish()
            })
            .collect();
        squeezed.iter().enumerate().any(|(p, h)| {
            squeezed
                .get(p + 1..(p + 1 + RECUR_WINDOW).min(squeezed.len()))
                .is_some_and(|w| w.contains(h))
        })
    }

    /// Splitting by the shared keys agrees with hashing each line: a single
    /// part exactly when no line recurs, on fixtures and generated records.
    #[test]
    fn shared_keys_split_as_hashes_did() {
        let mut texts: Vec<String> = crate::clean::tests::fixture_lines()
            .chunks(40)
            .map(|c| c.join("\n"))
            .collect();
        let pieces = [
            "Story Headline",
            "Story  Headline",
            "Story\u{a0}Headline",
            " Story Headline\u{200b}",
            "TT",
            "2 min read",
            "21 September, 2015",
            "",
            "Caption of the photo (Agency)",
            "Second Story: Another Headline",
        ];
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1du64);
        for _ in 0..2_000 {
            let mut t = String::new();
            for _ in 0..(next() % 30) {
                if next().is_multiple_of(2) {
                    t.push_str(&body((next() % 12) as usize));
                } else {
                    t.push_str(pieces[(next() % pieces.len() as u64) as usize]);
                    t.push('\n');
                }
            }
            texts.push(t);
        }
        let mut splits = 0;
        for t in &texts {
            let lines = split_lines(t);
            let parts = find_parts(t, &lines);
            if !reference_recurs(t, &lines) {
                assert_eq!(parts, vec![0..lines.len()], "{t:?}");
            }
            splits += usize::from(parts.len() > 1);
        }
        assert!(splits > 10, "{splits}");
    }

    fn body(i: usize) -> String {
        format!("Paragraph number {i} of the story says that the officials met for talks and agreed on steps.\n\n")
    }

    #[test]
    fn splits_at_repeated_headline_block() {
        let mut s = String::from("First Story Headline\n\nCaption of the first photo (Agency)\nCaption of the first photo (Agency)\nTT\n\nFirst Story Headline\n\n");
        for i in 0..4 {
            s.push_str(&body(i));
        }
        s.push_str("\n\nSecond Story: Another Headline\n\nFILED - 2 March 2021, a caption line that is long enough to be a caption of the photo. Photo: X\nFILED - 2 March 2021, a caption line that is long enough to be a caption of the photo. Photo: X\nTT\n\nSecond Story: Another Headline\n\n");
        for i in 10..13 {
            s.push_str(&body(i));
        }
        let lines = split_lines(&s);
        let parts = find_parts(&s, &lines);
        assert_eq!(parts.len(), 2);
        let second = &lines[parts[1].start];
        assert_eq!(second.text(&s), "Second Story: Another Headline");
    }

    #[test]
    fn repeated_caption_in_body_does_not_split() {
        let mut s = String::from("Story Headline\n\n");
        for i in 0..4 {
            s.push_str(&body(i));
        }
        s.push_str("Officials at the border crossing\nOfficials at the border crossing\n\n");
        for i in 10..13 {
            s.push_str(&body(i));
        }
        let lines = split_lines(&s);
        assert_eq!(find_parts(&s, &lines).len(), 1);
    }

    #[test]
    fn headline_repeat_at_top_does_not_split() {
        let mut s = String::from(
            "Story Headline\n\nStory Headline\nA subtitle sentence for the story.\n2 min read\n",
        );
        for i in 0..4 {
            s.push_str(&body(i));
        }
        let lines = split_lines(&s);
        assert_eq!(find_parts(&s, &lines).len(), 1);
    }
}
