//! The benchmark corpus: real article paragraphs from the project's
//! fixtures, mixed deterministically into JSON Lines documents.
//!
//! Sources (sorted by path): `examples/articles/*`,
//! `crates/*/tests/data/**/*.{txt,html,jsonl}`, and
//! `../shared/corpus/seeds/*.txt` when present. Every source is read with
//! the product's own reader (`attache_ingest::read_path`), so paragraphs are
//! the cleaned paragraphs of real articles: whole sentences, never cut.
//!
//! A document: a title (an article's first paragraph) and 6–24 body
//! paragraphs taken in runs of 1–4 consecutive paragraphs, 70 % from the
//! title's article and 30 % from others, no paragraph twice; id
//! `bench-SEED-N`, a publication date between 2015 and 2024. A splitmix64
//! generator seeded with `--seed` makes the corpus byte-for-byte
//! reproducible.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use attache_ingest::{IngestOptions, Item};
use chrono::{Days, NaiveDate};
use serde::Serialize;

pub const MIB: u64 = 1 << 20;

/// Deterministic generator (splitmix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

struct Article {
    title: String,
    source: Option<String>,
    /// Body paragraphs, as indices into `Pool::paragraphs`.
    paras: Vec<u32>,
}

struct Pool {
    files: Vec<PathBuf>,
    paragraphs: Vec<String>,
    articles: Vec<Article>,
}

fn has_ext(p: &Path, exts: &[&str]) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, exts, out);
        } else if has_ext(&p, exts) {
            out.push(p);
        }
    }
}

/// The fixture files the corpus is made of, sorted.
pub fn source_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    walk(
        &root.join("examples/articles"),
        &["txt", "html", "htm", "jsonl"],
        &mut files,
    );
    if let Ok(entries) = std::fs::read_dir(root.join("crates")) {
        let mut crates: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        crates.sort();
        for c in crates {
            walk(&c.join("tests/data"), &["txt", "html", "jsonl"], &mut files);
        }
    }
    walk(&root.join("../shared/corpus/seeds"), &["txt"], &mut files);
    files
}

fn build_pool(root: &Path) -> Pool {
    let files = source_files(root);
    let opts = IngestOptions::default();
    let mut pool = Pool {
        files: Vec::new(),
        paragraphs: Vec::new(),
        articles: Vec::new(),
    };
    let mut seen: HashMap<String, u32> = HashMap::new();
    for f in files {
        let mut used = false;
        for item in attache_ingest::read_path(&f, &opts) {
            let Item::Doc(doc) = item else { continue };
            let mut paras = doc
                .text
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty());
            let Some(first) = paras.next() else { continue };
            let title = doc
                .title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| first.to_string());
            let mut body = Vec::new();
            let rest: Vec<&str> = if first == title {
                paras.collect()
            } else {
                std::iter::once(first).chain(paras).collect()
            };
            for p in rest {
                let next = pool.paragraphs.len() as u32;
                let id = *seen.entry(p.to_string()).or_insert_with(|| {
                    pool.paragraphs.push(p.to_string());
                    next
                });
                if !body.contains(&id) {
                    body.push(id);
                }
            }
            if body.is_empty() {
                continue;
            }
            used = true;
            pool.articles.push(Article {
                title,
                source: doc.source.clone(),
                paras: body,
            });
        }
        if used {
            pool.files.push(f);
        }
    }
    pool
}

#[derive(Serialize)]
struct Line<'a> {
    id: String,
    title: &'a str,
    url: String,
    source: &'a str,
    published: String,
    text: String,
}

/// What a build wrote.
pub struct Built {
    pub path: PathBuf,
    pub docs: u64,
    pub bytes: u64,
}

fn finish(writer: BufWriter<File>, tmp: &Path, out: &Path) -> Result<()> {
    let file = writer.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    std::fs::rename(tmp, out).with_context(|| format!("renaming to {}", out.display()))?;
    Ok(())
}

fn tmp_of(out: &Path) -> PathBuf {
    let mut s = out.as_os_str().to_owned();
    s.push(".tmp");
    PathBuf::from(s)
}

/// Build a corpus of at least `size_mib` MiB from the fixtures under `root`.
pub fn build(root: &Path, size_mib: u64, seed: u64, out: &Path) -> Result<Built> {
    let pool = build_pool(root);
    if pool.articles.is_empty() {
        bail!("no article text found under {}", root.display());
    }
    let words: usize = pool
        .paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    eprintln!(
        "corpus sources: {} files, {} articles, {} distinct paragraphs, {} words",
        pool.files.len(),
        pool.articles.len(),
        pool.paragraphs.len(),
        words
    );
    for f in &pool.files {
        eprintln!("  {}", f.strip_prefix(root).unwrap_or(f).display());
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = tmp_of(out);
    let mut w = BufWriter::with_capacity(MIB as usize, File::create(&tmp)?);
    let target = size_mib * MIB;
    let base = NaiveDate::from_ymd_opt(2015, 1, 1).context("base date")?;
    let mut rng = Rng::new(seed);
    let mut used: Vec<u32> = Vec::new();
    let (mut docs, mut bytes) = (0u64, 0u64);
    let mut text = String::new();
    while bytes < target {
        let a = rng.below(pool.articles.len());
        let article = &pool.articles[a];
        let k = 6 + rng.below(19);
        used.clear();
        let mut tries = 0;
        while used.len() < k && tries < 4 * k {
            tries += 1;
            let src = if rng.below(10) < 7 {
                a
            } else {
                rng.below(pool.articles.len())
            };
            let paras = &pool.articles[src].paras;
            let start = rng.below(paras.len());
            let run = 1 + rng.below(4);
            for &p in paras[start..].iter().take(run) {
                if used.len() < k && !used.contains(&p) {
                    used.push(p);
                }
            }
        }
        text.clear();
        text.push_str(&article.title);
        for &p in &used {
            text.push_str("\n\n");
            text.push_str(&pool.paragraphs[p as usize]);
        }
        let id = format!("bench-{seed}-{docs:08}");
        let date = base
            .checked_add_days(Days::new(rng.below(3650) as u64))
            .unwrap_or(base);
        let line = Line {
            url: format!("https://bench.invalid/{id}"),
            id,
            title: &article.title,
            source: article.source.as_deref().unwrap_or("attache-bench"),
            published: date.format("%Y-%m-%d").to_string(),
            text: text.clone(),
        };
        let mut s = serde_json::to_string(&line)?;
        s.push('\n');
        w.write_all(s.as_bytes())?;
        bytes += s.len() as u64;
        docs += 1;
    }
    finish(w, &tmp, out)?;
    Ok(Built {
        path: out.to_path_buf(),
        docs,
        bytes,
    })
}

/// Build a corpus of at least `size_mib` MiB by repeating `from`, the ids of
/// copy k > 0 prefixed with `rK-`.
pub fn repeat(from: &Path, size_mib: u64, out: &Path) -> Result<Built> {
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = tmp_of(out);
    let mut w = BufWriter::with_capacity(MIB as usize, File::create(&tmp)?);
    let target = size_mib * MIB;
    let (mut docs, mut bytes) = (0u64, 0u64);
    let mut line = String::new();
    const PREFIX: &str = "{\"id\":\"";
    'copies: for k in 0u64.. {
        let mut r = BufReader::with_capacity(
            MIB as usize,
            File::open(from).with_context(|| format!("opening {}", from.display()))?,
        );
        let mut any = false;
        loop {
            line.clear();
            if r.read_line(&mut line)? == 0 {
                break;
            }
            any = true;
            let n = match line.strip_prefix(PREFIX) {
                Some(rest) if k > 0 => {
                    let head = format!("{PREFIX}r{k}-");
                    w.write_all(head.as_bytes())?;
                    w.write_all(rest.as_bytes())?;
                    head.len() + rest.len()
                }
                _ => {
                    w.write_all(line.as_bytes())?;
                    line.len()
                }
            };
            bytes += n as u64;
            docs += 1;
            if bytes >= target {
                break 'copies;
            }
        }
        if !any {
            bail!("{} is empty", from.display());
        }
    }
    finish(w, &tmp, out)?;
    Ok(Built {
        path: out.to_path_buf(),
        docs,
        bytes,
    })
}
