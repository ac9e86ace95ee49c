//! Process measurements without unsafe code: `/proc/self/status` for this
//! process, `/usr/bin/time -v` (getrusage of the child) for a child, with a
//! sampling fallback on `/proc/PID/status` where `time` is not installed.

use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// A `kB` field of a `/proc/.../status` file (`VmHWM`, `VmRSS`).
pub fn status_kb(status_path: &str, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(status_path).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim_start_matches(':').split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// Peak resident set size of this process so far (VmHWM), in kB.
pub fn peak_rss_kb() -> u64 {
    status_kb("/proc/self/status", "VmHWM").unwrap_or(0)
}

/// Current resident set size of this process (VmRSS), in kB.
pub fn rss_kb() -> u64 {
    status_kb("/proc/self/status", "VmRSS").unwrap_or(0)
}

/// CPU time of every thread of this process so far, in nanoseconds (first
/// field of `/proc/self/task/*/schedstat`). Threads that ended are not
/// counted, so take differences across sections where the pool lives on.
pub fn process_cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| {
            s.split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
        })
        .sum()
}

/// How the peak RSS of a child was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RssMethod {
    /// `/usr/bin/time -v`: the kernel's ru_maxrss of the child (exact).
    Rusage,
    /// VmHWM of `/proc/PID/status` read every 2 ms (a lower bound).
    Sampled,
}

impl RssMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            RssMethod::Rusage => "getrusage (/usr/bin/time -v)",
            RssMethod::Sampled => "VmHWM sampled every 2 ms",
        }
    }
}

/// One measured run of a child process.
#[derive(Debug)]
pub struct ChildRun {
    pub status: ExitStatus,
    pub wall: Duration,
    pub max_rss_kb: u64,
    pub user_s: Option<f64>,
    pub sys_s: Option<f64>,
    pub method: RssMethod,
    pub stderr: String,
}

const TIME: &str = "/usr/bin/time";

/// Run `program args` with stdout and stderr captured to files under
/// `scratch`, measuring wall time and peak RSS.
pub fn run_measured(program: &Path, args: &[OsString], scratch: &Path) -> Result<ChildRun> {
    std::fs::create_dir_all(scratch)?;
    let out_path = scratch.join("child.stdout");
    let err_path = scratch.join("child.stderr");
    let time_path = scratch.join("child.time");
    let use_time = Path::new(TIME).exists();
    let mut cmd = if use_time {
        let mut c = Command::new(TIME);
        c.arg("-v")
            .arg("-o")
            .arg(&time_path)
            .arg(program)
            .args(args);
        c
    } else {
        let mut c = Command::new(program);
        c.args(args);
        c
    };
    cmd.stdin(Stdio::null())
        .stdout(File::create(&out_path)?)
        .stderr(File::create(&err_path)?);
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("starting {}", program.display()))?;
    let mut sampled = 0u64;
    let status = if use_time {
        child.wait()?
    } else {
        let status_path = format!("/proc/{}/status", child.id());
        loop {
            if let Some(v) = status_kb(&status_path, "VmHWM") {
                sampled = sampled.max(v);
            }
            if let Some(st) = child.try_wait()? {
                break st;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    };
    let wall = start.elapsed();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    let mut run = ChildRun {
        status,
        wall,
        max_rss_kb: sampled,
        user_s: None,
        sys_s: None,
        method: RssMethod::Sampled,
        stderr,
    };
    if use_time {
        let t = std::fs::read_to_string(&time_path).unwrap_or_default();
        let field = |name: &str| -> Option<f64> {
            t.lines()
                .find_map(|l| l.trim().strip_prefix(name))
                .and_then(|v| v.trim().parse().ok())
        };
        run.max_rss_kb = field("Maximum resident set size (kbytes):").unwrap_or(0.0) as u64;
        run.user_s = field("User time (seconds):");
        run.sys_s = field("System time (seconds):");
        run.method = RssMethod::Rusage;
    }
    Ok(run)
}

/// Run a child for timing only (no wrapper), output discarded.
pub fn run_timed(program: &Path, args: &[OsString]) -> Result<(ExitStatus, Duration)> {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .with_context(|| format!("starting {}", program.display()))?;
    Ok((status, start.elapsed()))
}

/// Names of running compiler processes (`rustc`, `cargo`) other than ours:
/// timings taken beside a build are not worth reading.
pub fn busy_processes() -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return found;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        if let Ok(comm) = std::fs::read_to_string(format!("/proc/{pid}/comm")) {
            let comm = comm.trim();
            if comm == "rustc" || comm == "cargo" {
                found.push(format!("{comm}[{pid}]"));
            }
        }
    }
    found
}

static GAVE_UP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Wait (up to `max`) until no compiler runs; says so on stderr. Once a
/// wait has run out, later calls only warn (the machine stays busy).
pub fn wait_until_idle(max: Duration) {
    use std::sync::atomic::Ordering;
    let start = Instant::now();
    let mut told = false;
    loop {
        let busy = busy_processes();
        if busy.is_empty() {
            return;
        }
        if GAVE_UP.load(Ordering::Relaxed) || start.elapsed() > max {
            GAVE_UP.store(true, Ordering::Relaxed);
            eprintln!(
                "warning: still busy after {:?} ({}); timing anyway",
                max,
                busy.join(" ")
            );
            return;
        }
        if !told {
            eprintln!("waiting for {} to finish before timing…", busy.join(" "));
            told = true;
        }
        std::thread::sleep(Duration::from_secs(5));
    }
}

/// The 1-minute load average.
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// Median of a non-empty list (sorts it).
pub fn median(xs: &mut [f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    xs.sort_by(|a, b| a.total_cmp(b));
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// The `attache` binary beside this one (same target directory).
pub fn default_attache() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("attache")))
        .unwrap_or_else(|| PathBuf::from("attache"))
}

pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}
