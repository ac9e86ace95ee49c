//! Integration tests of the knowledge base, by feature.

#[path = "kb/lookups.rs"]
mod lookups;
#[path = "kb/overlay.rs"]
mod overlay;
