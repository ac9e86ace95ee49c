//! Command-line definitions (kept apart from what the commands do).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "attache",
    version,
    about = "News about international relations in, auditable political events out"
)]
pub struct Cli {
    /// Knowledge overlay directory (same layout as the built-in knowledge); wins over built-in entries.
    #[arg(long, global = true, value_name = "DIR")]
    pub kb: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Code articles into events (files, directories, or `-` for JSON Lines on stdin).
    Code(CodeArgs),
    /// Show how the coder reads a text: phrases, triggers, dates, events.
    Explain {
        /// The text (a sentence or a paragraph); `-` reads it from stdin.
        text: String,
        /// Publication date (YYYY-MM-DD) to resolve relative dates and roles.
        #[arg(long)]
        published: Option<String>,
    },
    /// Measure accuracy on a public gold set.
    Eval(EvalArgs),
    /// Query and check the knowledge base.
    #[command(subcommand)]
    Kb(KbCommand),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// JSON Lines envelope: {"type": "doc"|"event"|"error"|"summary", "data": {...}}.
    Jsonl,
    /// One row per event, flat columns.
    Csv,
    /// Human-readable summary of each event.
    Pretty,
}

#[derive(Debug, Args)]
pub struct CodeArgs {
    /// Inputs: .txt, .html, .jsonl, .warc, .warc.gz files or directories; `-` reads JSON Lines from stdin.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<String>,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Write to FILE (atomically: a temporary file renamed at the end) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Leave `doc` records out of JSON Lines output.
    #[arg(long)]
    pub no_docs: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Largest input record in bytes.
    #[arg(long, default_value_t = 2_000_000)]
    pub max_doc_bytes: usize,
    /// Do not split run-together articles.
    #[arg(long)]
    pub no_split: bool,
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Who or what a name refers to, with roles valid on a date.
    Lookup {
        /// A name, alias or phrase ("Egypt's defence minister", "Shoigu", "NATO").
        name: String,
        /// Date for time-bounded roles (YYYY-MM-DD); default today.
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Check the knowledge files (and the overlay): exits non-zero on any problem.
    Check,
    /// Counts of everything the knowledge base holds.
    Stats {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Suite {
    /// Recall on seeds-expected.jsonl (articles in the `seeds/` folder beside it).
    Seeds,
    /// PLOVER gold-standard records (PLOVER_GSR_CAMEO*.json): event type, source/target country.
    #[value(name = "plover-gsr")]
    PloverGsr,
    /// PETRARCH-2 GSR validation records (PETR2_GSR_validation.xml): CAMEO root, source/target.
    #[value(name = "petrarch-gsr")]
    PetrarchGsr,
    /// CASE 2021 task 2 (TSV): PLOVER type after the fixed sub-type mapping.
    #[value(name = "case2021")]
    Case2021,
    /// TempEval-3 TimeML (.tml file or directory): DATE value accuracy, extraction.
    Te3,
    /// TR-News (XML): toponym detection, country accuracy, accuracy within 161 km.
    #[value(name = "tr-news")]
    TrNews,
    /// Dstl re3d (directory of subsets with documents.json/entities.json): PER/ORG/LOC F1.
    Re3d,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[arg(value_enum)]
    pub suite: Suite,
    /// The gold file or directory, in the set's own published format.
    #[arg(long, value_name = "PATH")]
    pub data: PathBuf,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Print per-item misses.
    #[arg(long, short)]
    pub verbose: bool,
}
