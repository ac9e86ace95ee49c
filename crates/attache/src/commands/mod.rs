//! What each command does.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use attache_kb::Kb;

use crate::cli::{Cli, Command};

mod code;
mod eval;
mod kb;
mod output;
mod store;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Code(args) => code::run(&args, cli.kb.as_deref()),
        Command::Explain { text, published } => {
            let text = if text == "-" {
                std::io::read_to_string(std::io::stdin()).context("reading stdin")?
            } else {
                text
            };
            let published = published
                .map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d"))
                .transpose()
                .context("--published: expected YYYY-MM-DD")?;
            let coder = attache_code::Coder::new(load_kb(cli.kb.as_deref())?);
            print!("{}", coder.explain(&text, published));
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(args) => eval::run(&args, cli.kb.as_deref()),
        Command::Ingest(args) => store::ingest(&args, cli.kb.as_deref()),
        Command::ImportEvents(args) => store::import_events(&args),
        Command::Events(args) => store::events(&args),
        Command::Search(args) => store::search(&args),
        Command::Dyads(args) => store::dyads(&args, cli.kb.as_deref()),
        Command::Actors(args) => store::actors(&args),
        Command::Export(args) => store::export(&args),
        Command::Stats(args) => store::stats(&args),
        Command::Kb(cmd) => kb::run(cmd, cli.kb.as_deref()),
    }
}

/// Load the built-in knowledge plus the overlay.
pub fn load_kb(overlay: Option<&Path>) -> Result<Arc<Kb>> {
    let kb = Kb::load(overlay).with_context(|| match overlay {
        Some(dir) => format!("loading knowledge with overlay {}", dir.display()),
        None => "loading built-in knowledge".to_string(),
    })?;
    Ok(Arc::new(kb))
}
