//! `attache eval SUITE --data PATH`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use attache_code::Coder;
use attache_eval as eval;

use crate::cli::{EvalArgs, Suite};

pub fn run(args: &EvalArgs, overlay: Option<&Path>) -> Result<ExitCode> {
    let data = args.data.as_path();
    let report = if args.suite == Suite::Te3 {
        // Dates only: no knowledge needed.
        eval::te3::run(data)
    } else {
        let kb = super::load_kb(overlay)?;
        let coder = Coder::new(kb);
        match args.suite {
            Suite::Seeds => eval::seeds::run(&coder, data, None),
            Suite::PloverGsr => eval::plover_gsr::run(&coder, data),
            Suite::PetrarchGsr => eval::petrarch_gsr::run(&coder, data),
            Suite::Case2021 => eval::case2021::run(&coder, data),
            Suite::Te3 => eval::te3::run(data),
            Suite::TrNews => eval::tr_news::run(&coder, data),
            Suite::Re3d => eval::re3d::run(&coder, data),
        }
    }
    .with_context(|| format!("eval {:?} on {}", args.suite, data.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "suite {}  ({})  attache {}",
            report.suite,
            data.display(),
            attache_types::CODER_VERSION
        );
        print!("{}", eval::print(&report));
        if args.verbose {
            for n in &report.notes {
                println!("  {n}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
