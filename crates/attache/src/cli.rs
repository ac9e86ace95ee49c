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
    /// Code articles and store documents, sentences, events and stories (re-ingesting adds nothing).
    Ingest(IngestArgs),
    /// Store events from JSON Lines (an `attache export --format jsonl` file or `attache code` output).
    ImportEvents(ImportEventsArgs),
    /// List stored events (or stories) matching filters, latest first.
    Events(EventsArgs),
    /// Full-text search of stored articles, best first, with highlighted snippets.
    Search(SearchArgs),
    /// Event counts per type and cooperation–conflict scores per dyad and period.
    Dyads(DyadsArgs),
    /// The most active actors and their main partners.
    Actors(ActorsArgs),
    /// Export stored events (jsonl, csv, parquet, plover, polecat, gdelt).
    Export(ExportArgs),
    /// Counts of what the store holds.
    Stats(StatsArgs),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// PETRARCH / TABARI actor and agent dictionaries (`PHRASE_ [CODE >YYMMDD]`, `+SYNONYM_`, `[~AGENT]`).
    Petrarch,
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
    /// Import a dictionary into the overlay directory given with `--kb DIR`.
    Import {
        /// Dictionary format.
        #[arg(long, value_enum)]
        format: ImportFormat,
        /// The dictionary file (actor or agent dictionary).
        file: PathBuf,
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

#[derive(Debug, Args)]
pub struct DbArg {
    /// The store (an SQLite file; created by `ingest` when missing).
    #[arg(long, value_name = "FILE", default_value = "attache.db")]
    pub db: PathBuf,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Inputs: .txt, .html, .jsonl, .warc, .warc.gz files or directories; `-` reads JSON Lines from stdin.
    /// A .jsonl file of events (`attache export --format jsonl`, `attache code` output) is imported as events.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub db: DbArg,
    /// Documents per transaction (each batch is committed whole or not at all).
    #[arg(long, default_value_t = 256, value_name = "N")]
    pub batch: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Largest input record in bytes.
    #[arg(long, default_value_t = 2_000_000)]
    pub max_doc_bytes: usize,
    /// Do not split run-together articles.
    #[arg(long)]
    pub no_split: bool,
    /// Print the totals as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportEventsArgs {
    /// JSON Lines files of events (plain event lines or `{"type": "event", ...}` envelopes; doc lines are stored too); `-` reads stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    #[command(flatten)]
    pub db: DbArg,
    /// Events per transaction.
    #[arg(long, default_value_t = 2048, value_name = "N")]
    pub batch: usize,
    /// Print the totals as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Actor code: country (EGY), organisation (NATO) or body (UNSC).
    #[arg(long, value_name = "CODE")]
    pub actor: Option<String>,
    /// Recipient code: country, organisation or body.
    #[arg(long, value_name = "CODE")]
    pub recipient: Option<String>,
    /// PLOVER event type (CONSULT, AID, ASSAULT, ...).
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// PLOVER mode (visit, phone, troops, ...).
    #[arg(long)]
    pub mode: Option<String>,
    /// Events ending on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Events starting on or before this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Place name (Cairo) or the place's country code (EGY).
    #[arg(long)]
    pub place: Option<String>,
    /// Words that must all occur in the event's sentence (stemmed: "arms sales" finds "arms sale").
    #[arg(long)]
    pub text: Option<String>,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// List stories (reports of one real-world event merged) instead of single reports.
    #[arg(long)]
    pub stories: bool,
    /// Most rows (0: all).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Machine-readable output (a JSON array).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// FTS5 query: words, "a phrase", OR, NOT, NEAR(a b), prefix*.
    pub query: String,
    #[command(flatten)]
    pub db: DbArg,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Machine-readable output (a JSON array; matches marked <mark>…</mark>).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    Month,
    Year,
}

#[derive(Debug, Args)]
pub struct DyadsArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Actor code (country, organisation or group).
    #[arg(long, value_name = "CODE")]
    pub actor: Option<String>,
    /// Recipient code.
    #[arg(long, value_name = "CODE")]
    pub recipient: Option<String>,
    #[arg(long, value_enum, default_value = "month")]
    pub by: By,
    /// From this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Up to this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Count stories (distinct real-world events) rather than reports.
    #[arg(long)]
    pub stories: bool,
    /// With --actor: count both directions, partner in the recipient column.
    #[arg(long)]
    pub undirected: bool,
    /// Machine-readable output (a JSON array).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ActorsArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Most actors listed (0: all).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Partners listed per actor.
    #[arg(long, default_value_t = 5)]
    pub partners: usize,
    /// Machine-readable output (a JSON array).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One event JSON object per line (re-importable with `attache import-events`).
    Jsonl,
    /// Flat table, one row per event.
    Csv,
    /// Flat typed Parquet table.
    Parquet,
    /// PLOVER JSON records.
    Plover,
    /// POLECAT's tab-separated table.
    Polecat,
    /// GDELT 2.0 Events table (tab-separated).
    Gdelt,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// One row per story (its first report, with the story id and report count) instead of every report.
    #[arg(long)]
    pub stories: bool,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[arg(long)]
    pub json: bool,
}
