//! The column reference of `docs/export.md`, generated from [`columns`].

use std::fmt::Write;

use crate::parquet_sink::spark_ddl_columns;
use crate::{columns, Format};

fn heading(f: Format) -> &'static str {
    match f {
        Format::Jsonl => "jsonl — attache events, one JSON object per line",
        Format::Csv => "csv — flat table",
        Format::Parquet => "parquet — flat typed table",
        Format::Plover => "plover — PLOVER JSON records, one per line",
        Format::Polecat => "polecat — POLECAT tab-separated table",
        Format::Gdelt => "gdelt — GDELT 2.0 Events table, tab-separated",
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Markdown tables of every format's columns (name, type, meaning) and the
/// Spark DDL of the Parquet schema.
pub fn columns_markdown() -> String {
    let mut out = String::new();
    for f in Format::ALL {
        let _ = writeln!(out, "### {}\n", heading(f));
        if f == Format::Parquet {
            out.push_str(
                "Same columns as csv, typed: `string` → Utf8, `integer` → Int64, `float32` → \
                 Float32, `float64` → Float64, `boolean` → Boolean, `date` → Date32, \
                 `list<string>` → `List<Utf8>` (items nullable), `json` → Utf8 holding JSON. \
                 Every column is nullable. Snappy compression, row groups of 65,536 rows.\n\n",
            );
        }
        out.push_str("| # | column | type | meaning |\n|---:|---|---|---|\n");
        for (i, c) in columns(f).iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | `{}` | `{}` | {} |",
                i + 1,
                c.name,
                c.ty.as_str(),
                cell(c.description)
            );
        }
        out.push('\n');
        if f == Format::Parquet {
            let _ = writeln!(
                out,
                "Spark DDL (`attache_export::spark_ddl()`):\n\n```sql\n{}\n```\n",
                spark_ddl_columns().join(",\n")
            );
        }
    }
    out
}
