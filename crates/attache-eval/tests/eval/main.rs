//! Accuracy floors on the public gold sets, plus parser tests on tiny
//! inline samples.
//!
//! The floors read `baseline.json` (beside Cargo.toml): for each suite the
//! gold file under `../shared` and the figures recorded there. A figure may
//! not fall more than `tolerance` (2 points) below its recorded value.
//! Re-recording the baseline means editing `baseline.json` only.
//!
//! `../shared` is resolved from the workspace root (two levels above this
//! crate's manifest). Without it the floor tests print a message and pass.

mod case2021;
mod common;
mod petrarch_gsr;
mod plover_gsr;
mod re3d;
mod te3;
mod tr_news;
