//! `attache-bench`: the benchmark harness of attache (see BENCHMARKS.md).
//!
//! Subcommands: `machine`, `corpus`, `stages` (each stage in its own
//! process, `stage` runs one), `e2e` (the `attache` binary end to end),
//! `startup` (one tiny document; knowledge-base load in-process, `kb-load`
//! runs one), `flat` (peak RSS on a corpus and on one ten times larger),
//! `all`. Every figure is printed as a Markdown table row.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

mod corpus;
mod stages;
mod sys;

// The same allocator as the `attache` binary, so stage timings match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use stages::{Stage, StageResult};
use sys::{mb, median};

#[derive(Debug, Parser)]
#[command(name = "attache-bench", about = "Benchmark harness of attache")]
struct Cli {
    /// Workspace root (fixtures are read from it, files written under ROOT/target/bench).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Print the machine, date and commit.
    Machine,
    /// Build a JSONL corpus from the fixtures (or, with --from, by repeating a corpus with varied ids).
    Corpus {
        /// Size to reach, in MiB.
        #[arg(long, default_value_t = 100)]
        size_mb: u64,
        /// Output file (default ROOT/target/bench/corpus-<SIZE>mb.jsonl).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Repeat this corpus instead of mixing fixtures.
        #[arg(long)]
        from: Option<PathBuf>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Time every stage (each in a fresh process) for each thread count.
    Stages {
        #[arg(long)]
        corpus: Option<PathBuf>,
        /// Thread counts, comma-separated (default: 1 and all cores).
        #[arg(long, value_delimiter = ',')]
        threads: Vec<usize>,
        /// Runs per stage and thread count; the table shows the median.
        #[arg(long, default_value_t = 3)]
        repeat: usize,
        /// Stages to run, comma-separated (default: all).
        #[arg(long, value_delimiter = ',')]
        only: Vec<Stage>,
        /// Read at most this many MiB of the corpus.
        #[arg(long)]
        max_mb: Option<u64>,
    },
    /// Time one stage in this process and print one RESULT line (used by `stages`).
    Stage {
        stage: Stage,
        #[arg(long)]
        corpus: PathBuf,
        #[arg(long, default_value_t = 1)]
        threads: usize,
        #[arg(long)]
        max_mb: Option<u64>,
    },
    /// Run `attache code CORPUS --out FILE --threads N` and measure wall, CPU and peak RSS.
    E2e {
        /// Corpora (default: the 100 MiB corpus); repeat the flag for several.
        #[arg(long)]
        corpus: Vec<PathBuf>,
        #[arg(long, value_delimiter = ',')]
        threads: Vec<usize>,
        #[arg(long, default_value_t = 2)]
        repeat: usize,
        /// The attache binary (default: beside this one).
        #[arg(long)]
        attache: Option<PathBuf>,
    },
    /// Start-up: `attache code` on one tiny document, and Kb::builtin() in a fresh process.
    Startup {
        #[arg(long, default_value_t = 20)]
        repeat: usize,
        #[arg(long)]
        attache: Option<PathBuf>,
    },
    /// Load the built-in knowledge base LOOPS times in this process; print a RESULT line per load.
    KbLoad {
        #[arg(long, default_value_t = 1)]
        loops: usize,
    },
    /// Memory flatness: end-to-end peak RSS on a corpus and on a LARGE_MB corpus made by repeating it.
    Flat {
        #[arg(long)]
        corpus: Option<PathBuf>,
        #[arg(long, default_value_t = 1024)]
        large_mb: u64,
        /// Threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Keep the large corpus (default: deleted afterwards).
        #[arg(long)]
        keep: bool,
        #[arg(long)]
        attache: Option<PathBuf>,
    },
    /// Everything above, in order: machine, corpus (when missing), startup, stages, e2e, flat.
    All {
        #[arg(long, default_value_t = 3)]
        repeat: usize,
        #[arg(long, default_value_t = 1024)]
        large_mb: u64,
        #[arg(long)]
        attache: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// How long a timing waits for a running build (rustc, cargo) to end.
const MAX_IDLE_WAIT_S: u64 = 300;

struct Ctx {
    root: PathBuf,
}

impl Ctx {
    fn bench_dir(&self) -> PathBuf {
        self.root.join("target/bench")
    }

    fn default_corpus(&self) -> PathBuf {
        self.bench_dir().join("corpus-100mb.jsonl")
    }
}

fn all_cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

fn thread_list(given: Vec<usize>) -> Vec<usize> {
    if !given.is_empty() {
        return given;
    }
    let n = all_cores();
    if n > 1 {
        vec![1, n]
    } else {
        vec![1]
    }
}

fn run(cli: Cli) -> Result<()> {
    let root = match cli.root {
        Some(r) => r,
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."),
    };
    let root = root
        .canonicalize()
        .with_context(|| format!("workspace root {}", root.display()))?;
    let ctx = Ctx { root };
    match cli.command {
        Cmd::Machine => machine(&ctx),
        Cmd::Corpus {
            size_mb,
            out,
            from,
            seed,
        } => {
            let out =
                out.unwrap_or_else(|| ctx.bench_dir().join(format!("corpus-{size_mb}mb.jsonl")));
            corpus_cmd(&ctx, size_mb, &out, from.as_deref(), seed)
        }
        Cmd::Stages {
            corpus,
            threads,
            repeat,
            only,
            max_mb,
        } => {
            let corpus = corpus.unwrap_or_else(|| ctx.default_corpus());
            let only = if only.is_empty() {
                Stage::ALL.to_vec()
            } else {
                only
            };
            stages_cmd(&corpus, &thread_list(threads), repeat, &only, max_mb)
        }
        Cmd::Stage {
            stage,
            corpus,
            threads,
            max_mb,
        } => {
            let r = stages::run(stage, &corpus, threads, max_mb)?;
            println!("RESULT {}", serde_json::to_string(&r)?);
            Ok(())
        }
        Cmd::E2e {
            corpus,
            threads,
            repeat,
            attache,
        } => {
            let corpora = if corpus.is_empty() {
                vec![ctx.default_corpus()]
            } else {
                corpus
            };
            let attache = attache.unwrap_or_else(sys::default_attache);
            e2e_cmd(&ctx, &attache, &corpora, &thread_list(threads), repeat)
        }
        Cmd::Startup { repeat, attache } => {
            let attache = attache.unwrap_or_else(sys::default_attache);
            startup_cmd(&ctx, &attache, repeat)
        }
        Cmd::KbLoad { loops } => kb_load(loops),
        Cmd::Flat {
            corpus,
            large_mb,
            threads,
            keep,
            attache,
        } => {
            let corpus = corpus.unwrap_or_else(|| ctx.default_corpus());
            let attache = attache.unwrap_or_else(sys::default_attache);
            flat_cmd(
                &ctx,
                &attache,
                &corpus,
                large_mb,
                threads.unwrap_or_else(all_cores),
                keep,
            )
        }
        Cmd::All {
            repeat,
            large_mb,
            attache,
        } => {
            let attache = attache.unwrap_or_else(sys::default_attache);
            machine(&ctx)?;
            let corpus = ctx.default_corpus();
            if !corpus.exists() {
                corpus_cmd(&ctx, 100, &corpus, None, 1)?;
            }
            startup_cmd(&ctx, &attache, 20)?;
            stages_cmd(&corpus, &thread_list(Vec::new()), repeat, &Stage::ALL, None)?;
            e2e_cmd(
                &ctx,
                &attache,
                std::slice::from_ref(&corpus),
                &thread_list(Vec::new()),
                repeat,
            )?;
            flat_cmd(&ctx, &attache, &corpus, large_mb, all_cores(), false)
        }
    }
}

fn flush() {
    let _ = std::io::stdout().flush();
}

fn command_text(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn machine(ctx: &Ctx) -> Result<()> {
    let model = command_text("lscpu", &[])
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("Model name:").map(|m| m.trim().to_string()))
        })
        .unwrap_or_else(|| "?".into());
    let mem_kb = sys::status_kb("/proc/meminfo", "MemTotal").unwrap_or(0);
    let root = ctx.root.to_string_lossy().to_string();
    let commit =
        command_text("git", &["-C", &root, "rev-parse", "HEAD"]).unwrap_or_else(|| "?".into());
    let dirty = Command::new("git")
        .args(["-C", &root, "diff", "--quiet", "HEAD", "--"])
        .status()
        .map(|s| !s.success())
        .unwrap_or(false);
    let rustc = command_text("rustc", &["--version"]).unwrap_or_else(|| "?".into());
    println!("## Machine");
    println!("- CPU: {model}");
    println!("- cores: {} (available to this process)", all_cores());
    println!("- RAM: {:.1} GiB", mem_kb as f64 / (1024.0 * 1024.0));
    println!(
        "- date: {}",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
    );
    println!(
        "- commit: {commit}{}",
        if dirty {
            " (working tree has uncommitted changes)"
        } else {
            ""
        }
    );
    println!("- toolchain: {rustc}");
    println!("- load average (1 min): {}", sys::loadavg());
    flush();
    Ok(())
}

fn corpus_cmd(ctx: &Ctx, size_mb: u64, out: &Path, from: Option<&Path>, seed: u64) -> Result<()> {
    let t = Instant::now();
    let built = match from {
        Some(src) => corpus::repeat(src, size_mb, out)?,
        None => corpus::build(&ctx.root, size_mb, seed, out)?,
    };
    println!(
        "corpus {}: {} documents, {} bytes ({:.1} MB) in {:.1} s",
        built.path.display(),
        built.docs,
        built.bytes,
        mb(built.bytes),
        t.elapsed().as_secs_f64()
    );
    flush();
    Ok(())
}

fn stage_child(
    corpus: &Path,
    stage: Stage,
    threads: usize,
    max_mb: Option<u64>,
) -> Result<StageResult> {
    let exe = std::env::current_exe()?;
    let mut cmd = Command::new(exe);
    cmd.arg("stage")
        .arg(stage.name())
        .arg("--corpus")
        .arg(corpus)
        .arg("--threads")
        .arg(threads.to_string());
    if let Some(m) = max_mb {
        cmd.arg("--max-mb").arg(m.to_string());
    }
    let out = cmd.output()?;
    if !out.status.success() {
        bail!(
            "stage {} failed: {}",
            stage.name(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .context("no RESULT line from the stage")?;
    Ok(serde_json::from_str(line)?)
}

fn stages_cmd(
    corpus: &Path,
    threads: &[usize],
    repeat: usize,
    only: &[Stage],
    max_mb: Option<u64>,
) -> Result<()> {
    if !corpus.exists() {
        bail!(
            "{}: no corpus (run `attache-bench corpus` first)",
            corpus.display()
        );
    }
    println!("## Stages: {}", corpus.display());
    println!();
    println!("Median of {repeat} runs, each in a fresh process; MB = corpus JSONL bytes (10^6); stage s = wall time inside the stage; CPU s = CPU time of all threads inside the stage.");
    println!();
    println!("| stage | threads | docs | sentences | stage s | CPU s | sentences/s per core | MB/s per core | sentences per CPU-s | scaling | peak RSS MB | units |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    flush();
    let mut single: Vec<(Stage, f64)> = Vec::new();
    for &t in threads {
        for &stage in only {
            let mut runs = Vec::new();
            for i in 0..repeat.max(1) {
                sys::wait_until_idle(Duration::from_secs(MAX_IDLE_WAIT_S));
                let r = stage_child(corpus, stage, t, max_mb)?;
                eprintln!(
                    "  {} threads={} run {}: {:.3} s stage, {:.3} s CPU, {:.1} s process, peak {} kB, load {}",
                    stage.name(),
                    t,
                    i + 1,
                    r.seconds,
                    r.cpu_seconds,
                    r.total_seconds,
                    r.peak_rss_kb,
                    sys::loadavg()
                );
                runs.push(r);
            }
            let mut secs: Vec<f64> = runs.iter().map(|r| r.seconds).collect();
            let s = median(&mut secs);
            let mut cpus: Vec<f64> = runs.iter().map(|r| r.cpu_seconds).collect();
            let cpu = median(&mut cpus);
            let r = &runs[0];
            let peak = runs.iter().map(|r| r.peak_rss_kb).max().unwrap_or(0);
            let sent_rate = r.sentences as f64 / s;
            if t == 1 {
                single.push((stage, sent_rate));
            }
            let scaling = single
                .iter()
                .find(|(st, _)| *st == stage)
                .map(|(_, one)| format!("{:.2}×", sent_rate / one))
                .unwrap_or_else(|| "–".into());
            println!(
                "| {} | {} | {} | {} | {:.3} | {:.3} | {:.0} | {:.2} | {:.0} | {} | {:.0} | {} {} |",
                stage.name(),
                t,
                r.docs,
                r.sentences,
                s,
                cpu,
                sent_rate / t as f64,
                mb(r.bytes_in) / s / t as f64,
                r.sentences as f64 / cpu,
                scaling,
                peak as f64 / 1024.0,
                r.units,
                stage.units()
            );
            flush();
        }
    }
    println!();
    Ok(())
}

struct E2eRow {
    docs: u64,
    sentences: u64,
    events: u64,
    wall: f64,
    cpu: Option<f64>,
    peak_kb: u64,
    method: sys::RssMethod,
}

/// "coded N documents, N sentences, N events; N errors"
fn parse_summary(stderr: &str) -> Option<(u64, u64, u64)> {
    let line = stderr.lines().rev().find(|l| l.starts_with("coded "))?;
    let nums: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    Some((*nums.first()?, *nums.get(1)?, *nums.get(2)?))
}

fn e2e_once(ctx: &Ctx, attache: &Path, corpus: &Path, threads: usize) -> Result<E2eRow> {
    let dir = ctx.bench_dir();
    let out = dir.join("e2e-out.jsonl");
    let args: Vec<OsString> = vec![
        "code".into(),
        corpus.into(),
        "--out".into(),
        out.clone().into(),
        "--threads".into(),
        threads.to_string().into(),
    ];
    sys::wait_until_idle(Duration::from_secs(MAX_IDLE_WAIT_S));
    let run = sys::run_measured(attache, &args, &dir.join("tmp"))?;
    let _ = std::fs::remove_file(&out);
    if !run.status.success() {
        bail!("attache code failed ({}): {}", run.status, run.stderr);
    }
    let (docs, sentences, events) =
        parse_summary(&run.stderr).context("no summary line from attache code")?;
    Ok(E2eRow {
        docs,
        sentences,
        events,
        wall: run.wall.as_secs_f64(),
        cpu: run.user_s.zip(run.sys_s).map(|(u, s)| u + s),
        peak_kb: run.max_rss_kb,
        method: run.method,
    })
}

fn e2e_header() {
    println!("| corpus | MB | threads | docs | sentences | events | wall s | CPU s | sentences/s per core | MB/s per core | sentences per CPU-s | peak RSS MB |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
}

fn e2e_row(corpus: &Path, bytes: u64, threads: usize, rows: &[E2eRow]) {
    let mut walls: Vec<f64> = rows.iter().map(|r| r.wall).collect();
    let mut cpus: Vec<f64> = rows.iter().filter_map(|r| r.cpu).collect();
    let wall = median(&mut walls);
    let cpu = (!cpus.is_empty()).then(|| median(&mut cpus));
    let r = &rows[0];
    let peak = rows.iter().map(|r| r.peak_kb).max().unwrap_or(0);
    let name = corpus
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    println!(
        "| {} | {:.1} | {} | {} | {} | {} | {:.2} | {} | {:.0} | {:.2} | {} | {:.0} |",
        name,
        mb(bytes),
        threads,
        r.docs,
        r.sentences,
        r.events,
        wall,
        cpu.map(|c| format!("{c:.2}")).unwrap_or_else(|| "–".into()),
        r.sentences as f64 / wall / threads as f64,
        mb(bytes) / wall / threads as f64,
        cpu.map(|c| format!("{:.0}", r.sentences as f64 / c))
            .unwrap_or_else(|| "–".into()),
        peak as f64 / 1024.0
    );
    flush();
}

fn e2e_cmd(
    ctx: &Ctx,
    attache: &Path,
    corpora: &[PathBuf],
    threads: &[usize],
    repeat: usize,
) -> Result<()> {
    if !attache.exists() {
        bail!(
            "{}: no attache binary (cargo build --release -p attache)",
            attache.display()
        );
    }
    println!(
        "## End to end: `{} code CORPUS --out FILE --threads N`",
        attache.display()
    );
    println!();
    println!("Median wall time of {repeat} runs; CPU = user + system; peak RSS is the largest of the runs.");
    println!();
    e2e_header();
    flush();
    let mut method = None;
    for corpus in corpora {
        let bytes = std::fs::metadata(corpus)
            .with_context(|| format!("{}: no corpus", corpus.display()))?
            .len();
        for &t in threads {
            let mut rows = Vec::new();
            for i in 0..repeat.max(1) {
                let r = e2e_once(ctx, attache, corpus, t)?;
                eprintln!(
                    "  e2e {} threads={} run {}: {:.2} s wall, peak {} kB, load {}",
                    corpus.display(),
                    t,
                    i + 1,
                    r.wall,
                    r.peak_kb,
                    sys::loadavg()
                );
                method = Some(r.method);
                rows.push(r);
            }
            e2e_row(corpus, bytes, t, &rows);
        }
    }
    if let Some(m) = method {
        println!();
        println!("Peak RSS measured with {}.", m.as_str());
    }
    println!();
    Ok(())
}

#[derive(serde::Serialize, serde::Deserialize)]
struct KbLoadResult {
    seconds: f64,
    rss_before_kb: u64,
    rss_after_kb: u64,
    peak_rss_kb: u64,
    surface_forms: usize,
}

fn kb_load(loops: usize) -> Result<()> {
    for _ in 0..loops.max(1) {
        let before = sys::rss_kb();
        let t = Instant::now();
        let kb = attache_kb::Kb::builtin().context("loading the knowledge base")?;
        let seconds = t.elapsed().as_secs_f64();
        let r = KbLoadResult {
            seconds,
            rss_before_kb: before,
            rss_after_kb: sys::rss_kb(),
            peak_rss_kb: sys::peak_rss_kb(),
            surface_forms: kb.stats().surface_forms,
        };
        println!("RESULT {}", serde_json::to_string(&r)?);
        drop(kb);
    }
    Ok(())
}

fn startup_cmd(ctx: &Ctx, attache: &Path, repeat: usize) -> Result<()> {
    if !attache.exists() {
        bail!(
            "{}: no attache binary (cargo build --release -p attache)",
            attache.display()
        );
    }
    let dir = ctx.bench_dir();
    std::fs::create_dir_all(&dir)?;
    let tiny = dir.join("tiny.txt");
    std::fs::write(
        &tiny,
        "Japan and South Korea held security talks in Seoul on Tuesday, their first in three years.\n",
    )?;
    let out = dir.join("tiny-out.jsonl");
    let args: Vec<OsString> = vec![
        "code".into(),
        tiny.clone().into(),
        "--out".into(),
        out.clone().into(),
    ];
    sys::wait_until_idle(Duration::from_secs(MAX_IDLE_WAIT_S));
    // Warm the page cache once.
    sys::run_timed(attache, &args)?;
    let mut times = Vec::new();
    for _ in 0..repeat.max(1) {
        let (st, d) = sys::run_timed(attache, &args)?;
        if !st.success() {
            bail!("attache code on {} failed: {st}", tiny.display());
        }
        times.push(d.as_secs_f64() * 1e3);
    }
    let measured = sys::run_measured(attache, &args, &dir.join("tmp"))?;
    let events = std::fs::read_to_string(&out)
        .map(|t| {
            t.lines()
                .filter(|l| l.starts_with("{\"type\":\"event\""))
                .count()
        })
        .unwrap_or(0);
    let _ = std::fs::remove_file(&out);
    let mut sorted = times.clone();
    let med = median(&mut sorted);
    println!("## Start-up");
    println!();
    println!("| measure | runs | min | median | max | peak RSS MB |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| `attache code tiny.txt --out FILE` (1 sentence, {} events): wall ms | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
        events,
        times.len(),
        sorted.first().copied().unwrap_or(f64::NAN),
        med,
        sorted.last().copied().unwrap_or(f64::NAN),
        measured.max_rss_kb as f64 / 1024.0
    );
    flush();
    // Kb::builtin() in fresh processes.
    let exe = std::env::current_exe()?;
    let mut loads: Vec<KbLoadResult> = Vec::new();
    for _ in 0..repeat.max(1) {
        let o = Command::new(&exe).arg("kb-load").output()?;
        if !o.status.success() {
            bail!("kb-load failed: {}", String::from_utf8_lossy(&o.stderr));
        }
        let text = String::from_utf8_lossy(&o.stdout);
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix("RESULT "))
            .context("no RESULT from kb-load")?;
        loads.push(serde_json::from_str(line)?);
    }
    let mut ms: Vec<f64> = loads.iter().map(|l| l.seconds * 1e3).collect();
    let med = median(&mut ms);
    let peak = loads.iter().map(|l| l.peak_rss_kb).max().unwrap_or(0);
    let mut growth: Vec<f64> = loads
        .iter()
        .map(|l| l.rss_after_kb.saturating_sub(l.rss_before_kb) as f64 / 1024.0)
        .collect();
    println!(
        "| `Kb::builtin()` in a fresh process ({} surface forms): ms | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
        loads.first().map(|l| l.surface_forms).unwrap_or(0),
        ms.len(),
        ms.first().copied().unwrap_or(f64::NAN),
        med,
        ms.last().copied().unwrap_or(f64::NAN),
        peak as f64 / 1024.0
    );
    println!(
        "| `Kb::builtin()` resident memory added (VmRSS after − before): MB | {} | {:.1} | {:.1} | {:.1} | – |",
        growth.len(),
        growth.iter().copied().fold(f64::INFINITY, f64::min),
        median(&mut growth),
        growth.iter().copied().fold(0.0, f64::max)
    );
    println!();
    println!("Peak RSS of the tiny run measured with {}; of Kb::builtin() with VmHWM of the loading process.", measured.method.as_str());
    println!();
    flush();
    Ok(())
}

fn flat_cmd(
    ctx: &Ctx,
    attache: &Path,
    corpus: &Path,
    large_mb: u64,
    threads: usize,
    keep: bool,
) -> Result<()> {
    if !corpus.exists() {
        bail!(
            "{}: no corpus (run `attache-bench corpus` first)",
            corpus.display()
        );
    }
    let large = ctx
        .bench_dir()
        .join(format!("corpus-{large_mb}mb-repeated.jsonl"));
    if !large.exists() {
        let t = Instant::now();
        let b = corpus::repeat(corpus, large_mb, &large)?;
        eprintln!(
            "built {} ({} documents, {:.1} MB) in {:.1} s",
            large.display(),
            b.docs,
            mb(b.bytes),
            t.elapsed().as_secs_f64()
        );
    }
    println!("## Memory flatness: peak RSS vs corpus size ({threads} threads)");
    println!();
    e2e_header();
    flush();
    let mut peaks = Vec::new();
    let mut method = None;
    for c in [corpus, large.as_path()] {
        let bytes = std::fs::metadata(c)?.len();
        let r = e2e_once(ctx, attache, c, threads);
        let r = match r {
            Ok(r) => r,
            Err(e) => {
                if !keep {
                    let _ = std::fs::remove_file(&large);
                }
                return Err(e);
            }
        };
        eprintln!(
            "  flat {}: {:.1} s wall, peak {} kB",
            c.display(),
            r.wall,
            r.peak_kb
        );
        peaks.push(r.peak_kb);
        method = Some(r.method);
        e2e_row(c, bytes, threads, std::slice::from_ref(&r));
    }
    if !keep {
        std::fs::remove_file(&large)?;
        eprintln!("deleted {}", large.display());
    }
    println!();
    if let [a, b] = peaks[..] {
        println!(
            "Peak RSS ratio large/small: {:.2} ({}).",
            b as f64 / a.max(1) as f64,
            method.map(|m| m.as_str()).unwrap_or("?")
        );
    }
    println!();
    flush();
    Ok(())
}
