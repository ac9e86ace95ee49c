//! Embeds every knowledge file under `data/` into the crate, so the binary
//! carries its knowledge and needs no files at run time, and compiles the
//! places files into the gazetteer blob that start-up decodes
//! (`src/places/table.rs`, shared with the run-time loader).

use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/tsv.rs"]
mod tsv;

#[allow(dead_code)]
#[path = "src/places/table.rs"]
mod table;

/// What `tsv.rs` and `table.rs` report (the library's type has more kinds).
pub enum KbError {
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "tsv") {
            let rel = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            out.push((rel, path));
        }
    }
}

fn compile_gazetteer(files: &[(String, PathBuf)], out: &Path) {
    let mut places = Vec::new();
    let mut keys = Vec::new();
    for (rel, path) in files.iter().filter(|(rel, _)| rel.starts_with("places/")) {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        match table::parse_places(rel, &text) {
            Ok(rows) => {
                for (place, names) in rows {
                    places.push(place);
                    keys.push(names);
                }
            }
            Err(KbError::Invalid {
                file,
                line,
                message,
            }) => panic!("{file}:{line}: {message}"),
        }
    }
    let index = table::CompiledIndex::build(&places, &keys);
    if let Err(e) = std::fs::write(out, table::encode(&places, &index)) {
        panic!("cannot write {}: {e}", out.display());
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("data");
    println!("cargo:rerun-if-changed={}", root.display());
    println!("cargo:rerun-if-changed=src/tsv.rs");
    println!("cargo:rerun-if-changed=src/places/table.rs");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for (rel, path) in &files {
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let out = out_dir.join("kb_files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
    compile_gazetteer(&files, &out_dir.join("gazetteer.bin"));
}
