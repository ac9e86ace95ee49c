//! Integration tests of attache-text, by feature.

#[path = "text/dates.rs"]
mod dates;
#[path = "text/sentences.rs"]
mod sentences;
