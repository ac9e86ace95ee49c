//! `attache eval SUITE --data PATH`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use attache_code::Coder;

use crate::cli::{EvalArgs, Suite};

pub fn run(args: &EvalArgs, overlay: Option<&Path>) -> Result<ExitCode> {
    let kb = super::load_kb(overlay)?;
    let coder = Coder::new(kb);
    let report = match args.suite {
        Suite::Seeds => attache_eval::seeds::run(&coder, &args.data, None)?,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("suite {}  ({})", report.suite, args.data.display());
        print!("{}", attache_eval::seeds::print(&report));
        if args.verbose {
            for n in &report.notes {
                println!("  {n}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
