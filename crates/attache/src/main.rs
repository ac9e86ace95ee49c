//! The `attache` command.

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;

// Coding allocates many short strings per sentence; mimalloc serves them
// from thread-local pages, which the system allocator does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
