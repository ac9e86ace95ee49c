//! Shared helpers: the `../shared` folder, one coder, the baseline check.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use attache_code::Coder;
use attache_eval::{EvalError, Report};
use serde_json::Value;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the workspace root, when present.
pub fn shared() -> Option<PathBuf> {
    let root = manifest_dir().join("..").join("..");
    let shared = root.join("..").join("shared");
    shared.join("eval-data").is_dir().then_some(shared)
}

/// One coder for every test of the binary.
pub fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| {
        let kb = attache_kb::Kb::builtin().expect("built-in knowledge loads");
        Coder::new(Arc::new(kb))
    })
}

fn baseline() -> Value {
    let path = manifest_dir().join("baseline.json");
    let text = std::fs::read_to_string(&path).expect("baseline.json is readable");
    serde_json::from_str(&text).expect("baseline.json is valid JSON")
}

/// Run `suite` on its gold file (named in baseline.json, relative to
/// `../shared`) and check every recorded figure.
pub fn check(suite: &str, run: impl FnOnce(&Path) -> Result<Report, EvalError>) {
    let Some(shared) = shared() else {
        println!("skipped {suite}: ../shared (gold sets) is not present beside the workspace");
        return;
    };
    let base = baseline();
    let tolerance = base["tolerance"].as_f64().unwrap_or(0.02);
    let entry = &base["suites"][suite];
    let data = entry["data"]
        .as_str()
        .unwrap_or_else(|| panic!("baseline.json: suites.{suite}.data missing"));
    let path = shared.join(data);
    if !path.exists() {
        println!("skipped {suite}: {} is not present", path.display());
        return;
    }
    let report = run(&path).unwrap_or_else(|e| panic!("{suite}: {e}"));
    let figures = entry["figures"]
        .as_object()
        .unwrap_or_else(|| panic!("baseline.json: suites.{suite}.figures missing"));
    let mut failed = Vec::new();
    for (name, recorded) in figures {
        let recorded = recorded.as_f64().unwrap_or(0.0);
        let Some(now) = report.figure(name) else {
            failed.push(format!("{name}: not reported any more"));
            continue;
        };
        println!("{suite} {name}: {now:.4} (baseline {recorded:.4})");
        if now < recorded - tolerance {
            failed.push(format!(
                "{name}: {now:.4} is more than {tolerance} below the baseline {recorded:.4}"
            ));
        }
    }
    assert!(failed.is_empty(), "{suite} fell:\n{}", failed.join("\n"));
}

pub fn approx(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}
