//! Offset bookkeeping: byte → character offsets, and cleaned text → input.

use serde::{Deserialize, Serialize};

/// Converts byte offsets of one text into character offsets.
///
/// ASCII text (the common case) needs no table; otherwise a sparse table of
/// checkpoints every 64 bytes keeps memory small and lookups short.
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    text: &'a str,
    ascii: bool,
    /// char count at byte offsets 0, 64, 128, ... (each adjusted to a char boundary)
    checkpoints: Vec<(usize, usize)>,
}

const STRIDE: usize = 64;

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            let mut next = 0usize;
            for (chars, (b, _)) in text.char_indices().enumerate() {
                if b >= next {
                    checkpoints.push((b, chars));
                    next = b + STRIDE;
                }
            }
        }
        CharIndex {
            text,
            ascii,
            checkpoints,
        }
    }

    /// Character offset of byte offset `byte` (clamped to the text; a byte
    /// inside a character counts as that character's start).
    pub fn char_of(&self, byte: usize) -> usize {
        if self.ascii {
            return byte.min(self.text.len());
        }
        let byte = byte.min(self.text.len());
        let i = match self.checkpoints.binary_search_by(|&(b, _)| b.cmp(&byte)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let (b0, c0) = self.checkpoints.get(i).copied().unwrap_or((0, 0));
        let slice = self.text.get(b0..).unwrap_or("");
        let mut chars = c0;
        for (off, _) in slice.char_indices() {
            if b0 + off >= byte {
                return chars;
            }
            chars += 1;
        }
        chars
    }
}

/// One segment of the cleaned text copied from the input: cleaned characters
/// `[clean_start, clean_start + len)` came from input bytes starting at `input_start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputSegment(pub u64, pub u64, pub u64);

/// Map from cleaned byte offsets to input byte offsets, one entry per copied
/// run of text (a line of a text file, a text node of an HTML page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputMap {
    /// (clean_start_byte, input_start_byte, len_bytes), sorted by clean_start.
    pub segments: Vec<(usize, u64, usize)>,
}

impl InputMap {
    pub fn push(&mut self, clean_start: usize, input_start: u64, len: usize) {
        if len > 0 {
            self.segments.push((clean_start, input_start, len));
        }
    }

    /// Input byte offset of a cleaned byte offset; `None` for text the
    /// cleaner inserted (paragraph breaks).
    pub fn input_of(&self, clean: usize) -> Option<u64> {
        let i = match self.segments.binary_search_by(|s| s.0.cmp(&clean)) {
            Ok(i) => i,
            Err(0) => return None,
            Err(i) => i - 1,
        };
        let (cs, is, len) = self.segments[i];
        (clean < cs + len).then(|| is + (clean - cs) as u64)
    }

    /// Segments with character offsets for the cleaned side, for output.
    pub fn to_char_segments(&self, index: &CharIndex<'_>) -> Vec<InputSegment> {
        self.segments
            .iter()
            .map(|&(cs, is, len)| {
                let c0 = index.char_of(cs);
                let c1 = index.char_of(cs + len);
                InputSegment(c0 as u64, is, (c1 - c0) as u64)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_of_multibyte_text() {
        let text = "Egypt’s army — “ready” é".repeat(20);
        let index = CharIndex::new(&text);
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_of(byte), chars);
        }
        assert_eq!(index.char_of(text.len()), text.chars().count());
    }

    #[test]
    fn ascii_is_identity() {
        let index = CharIndex::new("plain text");
        assert_eq!(index.char_of(5), 5);
        assert_eq!(index.char_of(99), 10);
    }

    #[test]
    fn input_map_lookup() {
        let mut map = InputMap::default();
        map.push(0, 10, 5);
        map.push(7, 30, 4);
        assert_eq!(map.input_of(0), Some(10));
        assert_eq!(map.input_of(4), Some(14));
        assert_eq!(map.input_of(5), None);
        assert_eq!(map.input_of(8), Some(31));
        assert_eq!(map.input_of(11), None);
    }
}
