//! Low-level text helpers shared by every reader: line splitting with byte
//! offsets, whitespace normalisation, and an output buffer that records where
//! each copied run of text came from.

use attache_types::InputMap;

/// Whitespace for cleaning purposes: Unicode white space (which includes the
/// no-break space) and control characters.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// Characters dropped from the cleaned text: byte-order mark, zero-width
/// space, word joiner and soft hyphen.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}' | '\u{00ad}')
}

fn is_trimmable(c: char) -> bool {
    is_space(c) || is_invisible(c)
}

/// One line of a source text: the byte range left after trimming; an empty
/// range is a blank line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.start >= self.end
    }

    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

/// Whether `s` holds an ASCII digit. Sixteen bytes at a time with no early
/// exit inside, so the compiler makes vector instructions of it.
pub(crate) fn has_ascii_digit(s: &str) -> bool {
    let mut blocks = s.as_bytes().chunks_exact(16);
    for block in &mut blocks {
        let digits = block
            .iter()
            .fold(0u8, |acc, b| acc | u8::from(b.wrapping_sub(b'0') < 10));
        if digits != 0 {
            return true;
        }
    }
    blocks.remainder().iter().any(u8::is_ascii_digit)
}

/// Splits `src` into lines on `\n`, `\r\n` and lone `\r`, trimming each line.
pub(crate) fn split_lines(src: &str) -> Vec<Line> {
    let bytes = src.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 64 + 1);
    if memchr::memchr(b'\r', bytes).is_none() {
        // `\n` endings only (most texts): the one-byte search is quicker.
        let mut start = 0usize;
        for i in memchr::memchr_iter(b'\n', bytes) {
            lines.push(trim_range(src, start, i));
            start = i + 1;
        }
        if start < bytes.len() {
            lines.push(trim_range(src, start, bytes.len()));
        }
        return lines;
    }
    let mut start = 0usize;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            // The `\n` of a `\r\n` already taken.
            continue;
        }
        lines.push(trim_range(src, start, i));
        start = i + 1;
        if bytes[i] == b'\r' && bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
    }
    if start < bytes.len() {
        lines.push(trim_range(src, start, bytes.len()));
    }
    lines
}

/// The range `[start, end)` of `src` without leading and trailing white space
/// and invisible characters. `start` and `end` must be char boundaries.
pub(crate) fn trim_range(src: &str, start: usize, end: usize) -> Line {
    let s = src.get(start..end).unwrap_or("");
    if s.is_empty() {
        return Line { start, end: start };
    }
    // Most lines start and end with a printable ASCII character: nothing to trim.
    let bytes = s.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_graphic)
        && bytes.last().is_some_and(u8::is_ascii_graphic)
    {
        return Line { start, end };
    }
    let lead = s.len() - s.trim_start_matches(is_trimmable).len();
    let trimmed = s.trim_matches(is_trimmable);
    let a = start + lead;
    Line {
        start: a,
        end: a + trimmed.len(),
    }
}

/// [`normalize`]d `s`, borrowed when it already is in that form (most lines).
pub(crate) fn normalized(s: &str) -> std::borrow::Cow<'_, str> {
    if is_collapsed(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(normalize(s))
    }
}

/// `s` with runs of white space collapsed to one space, invisible characters
/// dropped, and both ends trimmed: the form lines are compared in.
pub(crate) fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Runs of ASCII letters, digits and punctuation are copied whole.
        let run = bytes[i..]
            .iter()
            .take_while(|&&b| b > b' ' && b < 0x7f)
            .count();
        if run > 0 {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push_str(&s[i..i + run]);
            i += run;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if is_invisible(c) {
            continue;
        }
        if is_space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Whether the character whose first byte is at `j` (a byte >= 0xC0 of valid
/// UTF-8) is white space, a control or invisible, read from its bytes: the
/// few such characters above ASCII are U+0080–U+00A0, U+00AD, U+1680,
/// U+2000–U+200B, U+2028, U+2029, U+202F, U+205F, U+2060, U+3000, U+FEFF.
fn is_special_lead(bytes: &[u8], j: usize) -> bool {
    match bytes.get(j) {
        Some(0xc2) => matches!(bytes.get(j + 1), Some(0x80..=0xa0 | 0xad)),
        Some(0xe1) => bytes.get(j + 1..j + 3) == Some(&[0x9a, 0x80]),
        Some(0xe2) => match bytes.get(j + 1..j + 3) {
            Some(&[0x80, c]) => matches!(c, 0x80..=0x8b | 0xa8 | 0xa9 | 0xaf),
            Some(&[0x81, c]) => c == 0x9f || c == 0xa0,
            _ => false,
        },
        Some(0xe3) => bytes.get(j + 1..j + 3) == Some(&[0x80, 0x80]),
        Some(0xef) => bytes.get(j + 1..j + 3) == Some(&[0xbb, 0xbf]),
        _ => false,
    }
}

/// Whether `s` has no white space to collapse or trim and no invisible
/// character: single ASCII spaces between words only.
pub(crate) fn is_collapsed(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut i = 0;
    // Sixteen bytes at a time, each with the byte after it, written as a
    // byte loop over arrays so the compiler makes vector instructions of it:
    // lines are long and mostly printable ASCII. A block with any other
    // byte or a doubled space is read word by word.
    while let Some(w) = bytes.get(i..i + 17) {
        if !plain_block(w) {
            let mut after_space = i > 0 && bytes.get(i - 1) == Some(&b' ');
            if !(word_collapsed(bytes, i, &mut after_space)
                && word_collapsed(bytes, i + 8, &mut after_space))
                || after_space && w.get(16) == Some(&b' ')
            {
                return false;
            }
        }
        i += 16;
    }
    // The last seventeen bytes as one more block, overlapping those read:
    // when plain, and the last byte printable ASCII, nothing is left to test.
    if i > 0
        && bytes
            .len()
            .checked_sub(17)
            .and_then(|j| bytes.get(j..))
            .is_some_and(plain_block)
        && bytes.last().is_some_and(|&b| (0x21..0x7f).contains(&b))
    {
        return true;
    }
    let mut after_space = i > 0 && bytes.get(i - 1) == Some(&b' ');
    if i + 8 <= bytes.len() {
        if !word_collapsed(bytes, i, &mut after_space) {
            return false;
        }
        i += 8;
    }
    for (j, &b) in bytes.get(i..).unwrap_or_default().iter().enumerate() {
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
            continue;
        }
        after_space = false;
        if b < b' ' || b == 0x7f || b >= 0xc0 && is_special_lead(bytes, i + j) {
            return false;
        }
    }
    true
}

/// Whether the first sixteen bytes of `w` (seventeen bytes) are printable
/// ASCII with no space followed by a space. Two whole-array copies and one
/// OR of the flags: the form the compiler turns into two loads, a few
/// compares and one mask test.
#[inline]
fn plain_block(w: &[u8]) -> bool {
    let (mut a, mut b) = ([0u8; 16], [0u8; 16]);
    let (Some(wa), Some(wb)) = (w.get(..16), w.get(1..17)) else {
        return false;
    };
    a.copy_from_slice(wa);
    b.copy_from_slice(wb);
    let mut any = 0u8;
    for k in 0..16 {
        any |= u8::from(a[k].wrapping_sub(b' ') >= 0x5f)
            | (u8::from(a[k] == b' ') & u8::from(b[k] == b' '));
    }
    any == 0
}

/// [`is_collapsed`] for the eight bytes of `bytes` at `i` (false when there
/// are fewer), given whether the byte before them is a space; updates that.
fn word_collapsed(bytes: &[u8], i: usize, after_space: &mut bool) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// High bit of each byte of `x` that is zero.
    fn zeros(x: u64) -> u64 {
        !(((x & !HIGH) + !HIGH) | x) & HIGH
    }
    let Some(word) = bytes
        .get(i..i + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    else {
        return false;
    };
    let x = u64::from_le_bytes(word);
    if x & HIGH == 0 {
        // All ASCII: bytes below 0x80 add without carries. High bit of
        // `printable`: byte in 0x20..0x7f; of `spaces`: a space.
        let printable = (x + 0x60 * LOW) & !(x + LOW);
        let spaces = !((x ^ (0x20 * LOW)) + 0x7f * LOW) & HIGH;
        let doubled = spaces & (spaces >> 8 | u64::from(*after_space) << 7);
        *after_space = spaces >> 63 != 0;
        return printable & HIGH == HIGH && doubled == 0;
    }
    // The tests look at ASCII bytes only, so they hold for words with
    // other bytes too.
    let control = !((x | HIGH) - 0x20 * LOW) & !x & HIGH | zeros(x ^ (0x7f * LOW));
    let spaces = zeros(x ^ (0x20 * LOW));
    let doubled = spaces & (spaces >> 8 | u64::from(*after_space) << 7);
    if control | doubled != 0 {
        return false;
    }
    *after_space = spaces >> 63 != 0;
    // The first bytes of characters beyond ASCII, looked at one by one.
    let mut leads = x & (x << 1) & HIGH;
    while leads != 0 {
        if is_special_lead(bytes, i + (leads.trailing_zeros() / 8) as usize) {
            return false;
        }
        leads &= leads - 1;
    }
    true
}

/// Text under construction plus its map back to the input.
#[derive(Debug, Default, Clone)]
pub(crate) struct TextOut {
    pub text: String,
    pub map: InputMap,
    /// Whether the last segment of `map` is an exact copy that may be extended.
    last_verbatim: bool,
}

impl TextOut {
    /// Appends `s`, which is a verbatim copy of input bytes starting at `input_start`.
    pub fn push_verbatim(&mut self, s: &str, input_start: u64) {
        if s.is_empty() {
            return;
        }
        let clean_start = self.text.len();
        self.text.push_str(s);
        if self.last_verbatim {
            if let Some(last) = self.map.segments.last_mut() {
                if last.0 + last.2 == clean_start && last.1 + last.2 as u64 == input_start {
                    last.2 += s.len();
                    return;
                }
            }
        }
        self.map.push(clean_start, input_start, s.len());
        self.last_verbatim = true;
    }

    /// Appends `s`, decoded from input starting at `input_start` (an entity):
    /// mapped to that start, never merged with its neighbours.
    pub fn push_decoded(&mut self, s: &str, input_start: u64) {
        if s.is_empty() {
            return;
        }
        let clean_start = self.text.len();
        self.text.push_str(s);
        self.map.push(clean_start, input_start, s.len());
        self.last_verbatim = false;
    }

    /// Appends text that has no counterpart in the input (separators).
    pub fn push_inserted(&mut self, s: &str) {
        self.text.push_str(s);
        self.last_verbatim = false;
    }

    /// Appends `src[start..end]` with white space collapsed and invisible
    /// characters dropped; input offsets are `base + offset in src`.
    pub fn push_collapsed(&mut self, src: &str, start: usize, end: usize, base: u64) {
        let Some(slice) = src.get(start..end) else {
            return;
        };
        // Most lines have nothing to collapse: one verbatim copy, as the
        // loop below would leave after merging its pieces.
        if is_collapsed(slice) {
            self.push_verbatim(slice, base + start as u64);
        } else {
            self.push_runs(src, slice, start, end, base);
        }
    }

    /// `push_collapsed` run by run: each run of visible characters copied,
    /// each white space run made one space.
    fn push_runs(&mut self, src: &str, slice: &str, start: usize, end: usize, base: u64) {
        let mut run_start: Option<usize> = None;
        // pending white space run: (offset, len) in src
        let mut space: Option<(usize, usize)> = None;
        let mut wrote = false;
        for (off, c) in slice.char_indices() {
            let pos = start + off;
            if is_space(c) || is_invisible(c) {
                if let Some(rs) = run_start.take() {
                    self.push_verbatim(&src[rs..pos], base + rs as u64);
                    wrote = true;
                }
                if is_space(c) {
                    space = Some(match space {
                        Some((s0, len)) => (s0, len + c.len_utf8()),
                        None => (pos, c.len_utf8()),
                    });
                }
                continue;
            }
            if run_start.is_none() {
                if let Some((s0, len)) = space.take() {
                    if wrote {
                        if len == 1 && src.as_bytes().get(s0) == Some(&b' ') {
                            self.push_verbatim(" ", base + s0 as u64);
                        } else {
                            self.push_inserted(" ");
                        }
                    }
                }
                run_start = Some(pos);
            }
        }
        if let Some(rs) = run_start {
            self.push_verbatim(&src[rs..end], base + rs as u64);
        }
    }
}

/// Composes `clean` (cleaned text → intermediate text) with `base`
/// (intermediate text → input): cleaned text → input.
pub(crate) fn compose(clean: &InputMap, base: &InputMap) -> InputMap {
    let mut out = InputMap::default();
    let segs = &base.segments;
    for &(cs, ts, len) in &clean.segments {
        let te = ts as usize + len;
        let ts = ts as usize;
        let mut i = segs.partition_point(|s| s.0 + s.2 <= ts);
        while let Some(&(bs, bi, blen)) = segs.get(i) {
            if bs >= te {
                break;
            }
            let o0 = ts.max(bs);
            let o1 = te.min(bs + blen);
            if o1 > o0 {
                out.push(cs + (o0 - ts), bi + (o0 - bs) as u64, o1 - o0);
            }
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// `is_collapsed` one byte at a time, as it was first written.
    fn collapsed_bytewise(s: &str) -> bool {
        let bytes = s.as_bytes();
        if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
            return false;
        }
        let mut after_space = false;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b' ' {
                if after_space {
                    return false;
                }
                after_space = true;
                continue;
            }
            after_space = false;
            if b < b' ' || b == 0x7f {
                return false;
            }
            if b >= 0xc0 {
                match s[i..].chars().next() {
                    Some(c) if super::is_space(c) || super::is_invisible(c) => return false,
                    _ => {}
                }
            }
        }
        true
    }

    /// The byte test of characters beyond ASCII agrees with the character
    /// tests on every character.
    #[test]
    fn special_leads_are_the_special_chars() {
        for c in (0x80..=0x10_ffffu32).filter_map(char::from_u32) {
            let s = format!("{c}x");
            assert_eq!(
                super::is_special_lead(s.as_bytes(), 0),
                super::is_space(c) || super::is_invisible(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn collapsed_by_words_as_by_bytes() {
        let alphabet = [
            "a", "Z", "9", " ", " ", "  ", "\t", "\n", "\u{7f}", "\u{1f}", "!", "~", "é", "“",
            "\u{a0}", "\u{ad}", "\u{200b}", "\u{2028}", "Ş", "!!", "xyzw", "\u{85}", "\u{9f}",
            "\u{1680}", "\u{2000}", "\u{200a}", "\u{200c}", "\u{2029}", "\u{202f}", "\u{205f}",
            "\u{2060}", "\u{3000}", "\u{feff}", "\u{fefe}", "—", "…", "ب", "中", "😀",
        ];
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1du64);
        for _ in 0..50_000 {
            let len = (next() % 40) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(super::is_collapsed(&s), collapsed_bytewise(&s), "{s:?}");
        }
        let line = "Egypt opens a mission to NATO in Brussels, officials said on Monday.";
        assert!(super::is_collapsed(line));
        // every cut, the ends included, and every prefix of the line with
        // each character after it: the last block read overlaps the others
        for cut in 0..=line.len() {
            for ins in alphabet {
                let s = format!("{}{ins}", &line[..cut]);
                assert_eq!(super::is_collapsed(&s), collapsed_bytewise(&s), "{s:?}");
            }
            let two = format!("{} {}", &line[..cut], &line[cut..]);
            assert_eq!(
                super::is_collapsed(&two),
                collapsed_bytewise(&two),
                "{two:?}"
            );
            // every character at every offset within an eight-byte word
            for ins in alphabet {
                let s = format!("{}{ins}{}", &line[..cut], &line[cut..]);
                assert_eq!(super::is_collapsed(&s), collapsed_bytewise(&s), "{s:?}");
            }
        }
    }

    /// Lines with and without white space or invisible characters to collapse.
    const AWKWARD_LINES: &[&str] = &[
        "Egypt opens a mission to NATO",
        "“Sisi” met Šefčovič in Zürich.",
        "two  spaces",
        " lead",
        "tail ",
        "tab\there",
        "no\u{a0}break",
        "soft\u{ad}hyphen",
        "a",
        "",
    ];

    #[test]
    fn normalized_borrows_only_what_normalize_leaves_unchanged() {
        for &s in AWKWARD_LINES {
            let n = super::normalized(s);
            assert_eq!(n, super::normalize(s), "{s:?}");
            assert_eq!(matches!(n, std::borrow::Cow::Borrowed(_)), n == s, "{s:?}");
        }
    }

    #[test]
    fn collapsed_lines_copy_as_the_runs_would() {
        for line in AWKWARD_LINES {
            let src = format!("xx {line} yy");
            let (start, end) = (3, 3 + line.len());
            let mut fast = super::TextOut::default();
            fast.push_verbatim("xx", 0);
            fast.push_collapsed(&src, start, end, 10);
            let mut runs = super::TextOut::default();
            runs.push_verbatim("xx", 0);
            runs.push_runs(&src, &src[start..end], start, end, 10);
            assert_eq!(fast.text, runs.text, "{line:?}");
            assert_eq!(fast.map, runs.map, "{line:?}");
        }
    }

    use super::*;

    /// `split_lines` as first written: one search for both line ends, and
    /// every line trimmed by characters.
    fn reference_split_lines(src: &str) -> Vec<Line> {
        let trim = |start: usize, end: usize| {
            let s = &src[start..end];
            let lead = s.len() - s.trim_start_matches(is_trimmable).len();
            let a = start + lead;
            Line {
                start: a,
                end: a + s.trim_matches(is_trimmable).len(),
            }
        };
        let bytes = src.as_bytes();
        let mut lines = Vec::new();
        let mut start = 0usize;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if i < start {
                continue;
            }
            lines.push(trim(start, i));
            start = i + 1;
            if bytes[i] == b'\r' && bytes.get(start) == Some(&b'\n') {
                start += 1;
            }
        }
        if start < bytes.len() {
            lines.push(trim(start, bytes.len()));
        }
        lines
    }

    #[test]
    fn lines_and_digits_as_first_written() {
        let alphabet = [
            "a", "Z", "9", "0", " ", "  ", "\t", "\n", "\n\n", "\r", "\r\n", "\u{7f}", "\u{1f}",
            "!", "~", "é", "“", "\u{a0}", "\u{ad}", "\u{200b}", "\u{2028}", "\u{feff}", "٣",
            "xyzw", "2020",
        ];
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1du64);
        let mut cases: Vec<String> = crate::clean::tests::fixture_lines();
        for _ in 0..50_000 {
            let len = (next() % 60) as usize;
            cases.push(
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect(),
            );
        }
        for s in &cases {
            assert_eq!(split_lines(s), reference_split_lines(s), "{s:?}");
            assert_eq!(
                has_ascii_digit(s),
                s.bytes().any(|b| b.is_ascii_digit()),
                "{s:?}"
            );
        }
    }

    #[test]
    fn lines_and_endings() {
        let src = "  a b \r\n\r\nc\rd\n\n e ";
        let lines = split_lines(src);
        let texts: Vec<&str> = lines.iter().map(|l| l.text(src)).collect();
        assert_eq!(texts, vec!["a b", "", "c", "d", "", "e"]);
    }

    #[test]
    fn trims_nbsp_and_bom() {
        let src = "\u{feff}Title\u{a0} \nbody";
        let lines = split_lines(src);
        assert_eq!(lines[0].text(src), "Title");
        assert_eq!(lines[0].start, 3);
    }

    #[test]
    fn normalize_collapses() {
        assert_eq!(normalize("  a\u{a0} b\t\tc\u{200b}d "), "a b cd");
        // controls (DEL included) are spaces; non-ASCII letters are kept
        assert_eq!(
            normalize("a\x7fb\x01\x02c Égypte\u{feff}s\n"),
            "a b c Égyptes"
        );
    }

    #[test]
    fn collapsed_copy_maps_exactly() {
        let src = "xx military\u{a0} alliance  said so";
        let mut out = TextOut::default();
        out.push_collapsed(src, 3, src.len(), 100);
        assert_eq!(out.text, "military alliance said so");
        for &(cs, is, len) in &out.map.segments {
            let input = &src[(is - 100) as usize..(is - 100) as usize + len];
            assert_eq!(input, &out.text[cs..cs + len]);
        }
        // "alliance said so" is one merged run, single spaces included
        assert!(out.map.segments.iter().any(|s| s.2 == "alliance".len()));
    }

    #[test]
    fn compose_maps_through() {
        let mut base = InputMap::default();
        base.push(0, 10, 5); // "Hello" at input 10
        base.push(6, 30, 5); // "world" at input 30 (space inserted)
        let mut clean = InputMap::default();
        clean.push(0, 0, 11); // the whole intermediate text copied
        let m = compose(&clean, &base);
        assert_eq!(m.segments, vec![(0, 10, 5), (6, 30, 5)]);
    }
}
