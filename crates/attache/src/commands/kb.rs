//! `attache kb lookup|check|stats`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use attache_code::Coder;
use attache_kb::{check, Kb};
use chrono::NaiveDate;

use crate::cli::{ImportFormat, KbCommand};

pub fn run(cmd: KbCommand, overlay: Option<&Path>) -> Result<ExitCode> {
    match cmd {
        KbCommand::Lookup { name, on, json } => lookup(&name, on.as_deref(), json, overlay),
        KbCommand::Check => check_kb(overlay),
        KbCommand::Stats { json } => stats(json, overlay),
        KbCommand::Import { format, file } => import(format, &file, overlay),
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

fn import(format: ImportFormat, file: &Path, overlay: Option<&Path>) -> Result<ExitCode> {
    let Some(dir) = overlay else {
        anyhow::bail!("kb import writes into an overlay: give it with --kb DIR");
    };
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let ImportFormat::Petrarch = format;
    let imported = attache_kb::petrarch::parse(&text);
    let stem = file
        .file_stem()
        .map(|s| {
            s.to_string_lossy()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        })
        .unwrap_or_else(|| "dictionary".into());
    let actors_dir = dir.join("actors");
    std::fs::create_dir_all(&actors_dir)
        .with_context(|| format!("creating {}", actors_dir.display()))?;
    let mut written = Vec::new();
    if !imported.actors.is_empty() {
        let path = actors_dir.join(format!("named-petrarch-{stem}.tsv"));
        write_atomic(
            &path,
            &attache_kb::petrarch::named_tsv(&imported, &file.display().to_string()),
        )?;
        written.push(path);
    }
    if !imported.agents.is_empty() {
        let path = actors_dir.join(format!("sectors-petrarch-{stem}.tsv"));
        write_atomic(&path, &attache_kb::petrarch::sectors_tsv(&imported))?;
        written.push(path);
    }
    for (line, why) in &imported.skipped {
        eprintln!("{}:{line}: skipped: {why}", file.display());
    }
    // The overlay must still load.
    super::load_kb(Some(dir)).context("the overlay does not load after import")?;
    println!(
        "imported {} actor codes and {} agent nouns ({} lines skipped) into {}",
        imported.actors.len(),
        imported.agents.len(),
        imported.skipped.len(),
        written
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

fn write_atomic(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("tsv.tmp");
    std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming {}", tmp.display()))?;
    Ok(())
}
