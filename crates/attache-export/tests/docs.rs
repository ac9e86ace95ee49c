//! `docs/export.md` must hold the column reference generated from
//! `columns()`; `ATTACHE_BLESS=1 cargo test -p attache-export` rewrites it.

use std::path::Path;

const BEGIN: &str = "<!-- BEGIN GENERATED: attache_export::columns_markdown() -->\n";
const END: &str = "<!-- END GENERATED -->";

#[test]
fn export_docs_are_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/export.md");
    let doc = std::fs::read_to_string(&path).expect("docs/export.md exists");
    let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("docs/export.md lacks the generated-section markers");
    };
    let start = b + BEGIN.len();
    let generated = attache_export::columns_markdown();
    if doc[start..e] == generated {
        return;
    }
    if std::env::var_os("ATTACHE_BLESS").is_some_and(|v| v == "1") {
        let updated = format!("{}{}{}", &doc[..start], generated, &doc[e..]);
        std::fs::write(&path, updated).expect("rewrite docs/export.md");
        return;
    }
    panic!(
        "docs/export.md is out of date with attache_export::columns(); \
         run `ATTACHE_BLESS=1 cargo test -p attache-export --test docs`"
    );
}
