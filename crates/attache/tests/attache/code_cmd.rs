//! `attache code` on fixtures and, when present, on the seed articles.
