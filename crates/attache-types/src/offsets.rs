//! Offset bookkeeping: byte → character offsets, and cleaned text → input.

use serde::{Deserialize, Serialize};

/// Converts byte offsets of one text into character offsets.
///
/// ASCII text (the common case) needs no table; otherwise the count of
/// characters before every 64th byte keeps memory small and lookups short.
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    text: &'a str,
    ascii: bool,
    /// characters starting before byte 0, 64, 128, ...
    checkpoints: Vec<usize>,
}

const STRIDE: usize = 64;

/// Bytes that start a character: everything but UTF-8 continuation bytes.
fn char_starts(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Continuation bytes are 0b10xxxxxx: counted eight at a time.
    let mut chunks = bytes.chunks_exact(8);
    let mut continuations = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        continuations += (x & !(x << 1) & HIGH).count_ones() as usize;
    }
    continuations += chunks
        .remainder()
        .iter()
        .filter(|&&b| (b & 0xC0) == 0x80)
        .count();
    bytes.len() - continuations
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            checkpoints.reserve(text.len() / STRIDE + 1);
            let mut chars = 0;
            for chunk in text.as_bytes().chunks(STRIDE) {
                checkpoints.push(chars);
                chars += char_starts(chunk);
            }
            // The end of a text of whole strides has its own checkpoint.
            checkpoints.push(chars);
        }
        CharIndex {
            text,
            ascii,
            checkpoints,
        }
    }

    /// Character offset of byte offset `byte`: the characters that start
    /// before it (clamped to the text).
    pub fn char_of(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if self.ascii {
            return byte;
        }
        let k = byte / STRIDE;
        let base = self.checkpoints.get(k).copied().unwrap_or(0);
        base + char_starts(&self.text.as_bytes()[k * STRIDE..byte])
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
    fn every_byte_of_long_text_counts_the_characters_before_it() {
        let long = "Égypte — “Sisi” met Šefčovič in Zürich. ".repeat(9);
        // Texts of whole strides end on a checkpoint of their own.
        let strides = "é".repeat(64);
        for text in [
            &long[..],
            &long[..long.floor_char_boundary(100)],
            &strides,
            &strides[..64],
        ] {
            let index = CharIndex::new(text);
            for byte in 0..=text.len() + 3 {
                let want = text.char_indices().take_while(|&(b, _)| b < byte).count();
                assert_eq!(index.char_of(byte), want, "byte {byte} of {}", text.len());
            }
        }
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
