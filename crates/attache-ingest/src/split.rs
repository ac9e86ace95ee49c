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
use crate::text::{normalize, normalized, Line};

/// Non-blank lines after a headline searched for its repeat.
pub const RECUR_WINDOW: usize = 8;
/// Distinct body paragraphs the current article needs before a split.
pub const MIN_BODY_BEFORE: usize = 3;
/// Body paragraphs needed after a split point.
pub const MIN_BODY_AFTER: usize = 2;

/// A hash of `s` [`normalize`]d: lines equal after normalizing have equal
/// hashes. Most lines are already normal and hash without a copy.
fn normal_hash(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(normalized(s).as_bytes());
    h.finish()
}

/// Ranges of `lines` (indices) holding one article each, in order; a single
/// range covering every line when the record holds one article.
pub(crate) fn find_parts(src: &str, lines: &[Line]) -> Vec<Range<usize>> {
    let nb: Vec<usize> = (0..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| !l.is_blank()))
        .collect();
    // A headline block needs a line that recurs within the window; most
    // records have none, and then nothing below needs computing.
    let squeezed: Vec<u64> = nb
        .iter()
        .filter_map(|&i| lines.get(i))
        .map(|l| normal_hash(l.text(src)))
        .collect();
    let recurs = squeezed.iter().enumerate().any(|(p, h)| {
        squeezed
            .get(p + 1..(p + 1 + RECUR_WINDOW).min(squeezed.len()))
            .is_some_and(|w| w.contains(h))
    });
    if !recurs {
        return std::iter::once(0..lines.len()).collect();
    }
    let keys: Vec<String> = nb
        .iter()
        .filter_map(|&i| lines.get(i))
        .map(|l| normalize(l.text(src)))
        .collect();
    let n = keys.len();
    let boiler: Vec<bool> = keys.iter().map(|k| is_boilerplate_line(k)).collect();
    let dateish: Vec<bool> = keys.iter().map(|k| line_is_dateline(k)).collect();
    let body: Vec<bool> = keys.iter().map(|k| is_body(k)).collect();
    let mut body_after = vec![0usize; n + 1];
    for i in (0..n).rev() {
        body_after[i] = body_after[i + 1] + usize::from(body[i]);
    }
    let headline = |p: usize| -> bool {
        let k = keys[p].as_str();
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
        let k = keys[p].as_str();
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
    use crate::text::split_lines;

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
