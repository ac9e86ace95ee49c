//! `attache kb lookup|check|stats`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use attache_code::Coder;
use attache_kb::{check, Kb};
use chrono::NaiveDate;

use crate::cli::KbCommand;

pub fn run(cmd: KbCommand, overlay: Option<&Path>) -> Result<ExitCode> {
    match cmd {
        KbCommand::Lookup { name, on, json } => lookup(&name, on.as_deref(), json, overlay),
        KbCommand::Check => check_kb(overlay),
        KbCommand::Stats { json } => stats(json, overlay),
    }
}

fn lookup(name: &str, on: Option<&str>, json: bool, overlay: Option<&Path>) -> Result<ExitCode> {
    let date = match on {
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .with_context(|| format!("--on {s:?}: expected YYYY-MM-DD"))?,
        None => chrono::Local::now().date_naive(),
    };
    let kb = super::load_kb(overlay)?;
    let coder = Coder::new(kb.clone());
    let actors = coder.resolve_name(name, Some(date));
    if json {
        let out: Vec<serde_json::Value> = actors
            .iter()
            .map(|a| {
                let mut v = serde_json::to_value(a).unwrap_or_default();
                if let (Some(obj), Some(pid)) = (
                    v.as_object_mut(),
                    a.person.as_deref().and_then(|p| kb.person(p)),
                ) {
                    obj.insert(
                        "roles".into(),
                        serde_json::Value::Array(roles_json(&kb, pid)),
                    );
                }
                v
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else if actors.is_empty() {
        println!("{name:?}: not in the knowledge base");
    } else {
        for a in &actors {
            println!("{:?} on {date}:", a.text);
            println!("  name     {}", a.name);
            println!("  country  {}", a.country.as_deref().unwrap_or("-"));
            println!("  org      {}", a.org.as_deref().unwrap_or("-"));
            if let Some(b) = &a.body {
                println!("  body     {b}");
            }
            println!("  sector   {}", a.sector.as_deref().unwrap_or("-"));
            println!("  person   {}", a.person.as_deref().unwrap_or("-"));
            println!("  role     {}", a.role.as_deref().unwrap_or("-"));
            println!("  rule     {}", a.rule);
            if let Some(pid) = a.person.as_deref().and_then(|p| kb.person(p)) {
                println!("  roles:");
                for r in kb.roles_of(pid) {
                    let end = r
                        .end
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| "present".into());
                    println!(
                        "    {} {} {} – {}  ({})",
                        r.holder, kb.offices[r.office as usize].key, r.start, end, r.source
                    );
                }
            }
        }
    }
    Ok(if actors.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn roles_json(kb: &Kb, person: u32) -> Vec<serde_json::Value> {
    kb.roles_of(person)
        .map(|r| {
            serde_json::json!({
                "holder": r.holder,
                "office": kb.offices[r.office as usize].key,
                "start": r.start.to_string(),
                "end": r.end.map(|e| e.to_string()),
                "source": r.source,
            })
        })
        .collect()
}

fn check_kb(overlay: Option<&Path>) -> Result<ExitCode> {
    let mut files = attache_kb::builtin_files();
    if let Some(dir) = overlay {
        files.extend(attache_kb::overlay_files(dir)?);
    }
    let problems = check::check(&files);
    for p in &problems {
        println!("{p}");
    }
    if problems.is_empty() {
        println!("knowledge OK: {} files", files.len());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problems", problems.len());
        Ok(ExitCode::from(1))
    }
}

fn stats(json: bool, overlay: Option<&Path>) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let kb = super::load_kb(overlay)?;
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let s = kb.stats();
    let rows = [
        ("states", s.states),
        ("igos", s.igos),
        ("groups", s.groups),
        ("sector_terms", s.sector_terms),
        ("offices", s.offices),
        ("people", s.people),
        ("roles", s.roles),
        ("places", s.places),
        ("lexicon_rules", s.lexicon_rules),
        ("event_types", s.event_types),
        ("cameo_codes", s.cameo_codes),
        ("surface_forms", s.surface_forms),
    ];
    if json {
        let mut map = serde_json::Map::new();
        for (k, v) in rows {
            map.insert(k.into(), v.into());
        }
        map.insert(
            "load_ms".into(),
            serde_json::json!((load_ms * 10.0).round() / 10.0),
        );
        println!("{}", serde_json::Value::Object(map));
    } else {
        for (k, v) in rows {
            println!("{k:<14} {v}");
        }
        println!("{:<14} {load_ms:.1} ms", "load");
    }
    Ok(ExitCode::SUCCESS)
}
