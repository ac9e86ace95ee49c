use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_attache"))
}

pub fn run(args: &[&str]) -> Output {
    match bin().args(args).output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run attache: {e}"),
    }
}

pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// `../shared` when present (tests that need it skip otherwise).
pub fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("corpus/seeds").is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared is not present");
        None
    }
}

/// Parse JSON Lines output into (type, data) pairs.
pub fn records(stdout: &[u8]) -> Vec<(String, serde_json::Value)> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}"));
            (
                v["type"].as_str().unwrap_or_default().to_string(),
                v["data"].clone(),
            )
        })
        .collect()
}
