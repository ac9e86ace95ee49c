//! Text processing for attache: sentences, tokens with offsets, and date
//! expressions. Knows no actors and no events.

pub mod dates;
pub mod sentences;
pub mod tokens;

pub use sentences::{split_sentences, Sentence};
pub use tokens::{tokenize, Token};

#[cfg(test)]
mod differential_tests;
