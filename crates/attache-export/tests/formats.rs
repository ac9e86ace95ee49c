//! Every writer against `columns()`, golden files per format, Parquet read
//! back (parquet crate, and pyarrow when available), JSONL round trips.

mod common;

use std::fmt;
use std::io::{Cursor, Write};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float32Type, Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use attache_export::{
    arrow_schema, columns, read_jsonl_events, sink, sink_with, ExportError, Format, SinkOptions,
};
use attache_types::{Record, Summary};
use common::{export, fixture, golden, stories, Shared};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{json, Value};

fn names(format: Format) -> Vec<&'static str> {
    columns(format).iter().map(|c| c.name).collect()
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("exports are UTF-8")
}

/// Top-level keys of a JSON object, in written order.
fn keys_in_order(line: &str) -> Vec<String> {
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some((k, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                keys.push(k);
            }
            Ok(keys)
        }
    }
    let mut de = serde_json::Deserializer::from_str(line);
    de.deserialize_map(Keys).expect("a JSON object")
}

// ---------------------------------------------------------------- headers

#[test]
fn csv_header_is_the_column_set() {
    let out = export(Format::Csv, &SinkOptions::default());
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, names(Format::Csv));
    for row in reader.records() {
        assert_eq!(row.expect("row").len(), header.len());
    }
}

#[test]
fn csv_event_columns_match_attache_code() {
    // The columns `attache code --format csv` writes (crates/attache/src/
    // commands/code.rs, CSV_COLUMNS) are the flat columns minus the story.
    let code: Vec<&str> = attache_export::csv_event_columns()
        .iter()
        .map(|c| c.name)
        .collect();
    let all = names(Format::Csv);
    assert_eq!(code, all[..all.len() - 2]);
    assert_eq!(all[all.len() - 2..], ["story_id", "story_reports"]);
    let record = attache_export::csv_event_record(&fixture()[0]).expect("record");
    assert_eq!(record.len(), code.len());
}

#[test]
fn tsv_headers_are_the_column_sets() {
    for format in [Format::Polecat, Format::Gdelt] {
        let out = text(export(
            format,
            &SinkOptions {
                header: Some(true),
                ..SinkOptions::default()
            },
        ));
        let mut lines = out.lines();
        let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
        assert_eq!(header, names(format), "{format}");
        let mut rows = 0;
        for line in lines {
            assert_eq!(line.split('\t').count(), header.len(), "{format}: {line}");
            rows += 1;
        }
        assert_eq!(rows, 3, "{format}");
    }
}

#[test]
fn header_defaults_follow_the_formats() {
    let polecat = text(export(Format::Polecat, &SinkOptions::default()));
    assert!(polecat.starts_with("Event ID\tEvent Date\t"));
    let gdelt = text(export(Format::Gdelt, &SinkOptions::default()));
    assert_eq!(gdelt.lines().count(), 3, "GDELT ships without a header");
    assert!(gdelt.starts_with("81985529216486895\t20240305\t"));
    let csv = text(export(
        Format::Csv,
        &SinkOptions {
            header: Some(false),
            ..SinkOptions::default()
        },
    ));
    assert!(csv.starts_with("0123456789abcdef,doc-a,"));
}

#[test]
fn empty_exports_still_have_headers() {
    for format in Format::ALL {
        let buf = Shared::default();
        let s = sink(format, Box::new(buf.clone())).expect("sink");
        s.finish().expect("finish");
        let bytes = buf.bytes();
        match format {
            Format::Csv | Format::Polecat => {
                assert_eq!(text(bytes).lines().count(), 1, "{format}")
            }
            Format::Jsonl | Format::Plover | Format::Gdelt => assert!(bytes.is_empty()),
            Format::Parquet => {
                let rows: usize = read_parquet(bytes).iter().map(RecordBatch::num_rows).sum();
                assert_eq!(rows, 0);
            }
        }
    }
}

#[test]
fn json_keys_are_the_column_sets() {
    let jsonl = text(export(Format::Jsonl, &SinkOptions::default()));
    let all = names(Format::Jsonl);
    let without_story: Vec<&str> = all.iter().copied().filter(|n| *n != "story").collect();
    for (line, story) in jsonl.lines().zip(stories()) {
        let keys = keys_in_order(line);
        if story.is_some() {
            assert_eq!(keys, all);
        } else {
            assert_eq!(keys, without_story);
        }
    }
    let plover = text(export(Format::Plover, &SinkOptions::default()));
    assert_eq!(plover.lines().count(), 3);
    for line in plover.lines() {
        assert_eq!(keys_in_order(line), names(Format::Plover));
    }
}

// ---------------------------------------------------------------- golden files

#[test]
fn golden_jsonl() {
    golden(
        "expected.jsonl",
        &text(export(Format::Jsonl, &SinkOptions::default())),
    );
}

#[test]
fn golden_csv() {
    golden(
        "expected.csv",
        &text(export(Format::Csv, &SinkOptions::default())),
    );
}

#[test]
fn golden_plover() {
    golden(
        "expected.plover.jsonl",
        &text(export(Format::Plover, &SinkOptions::default())),
    );
}

#[test]
fn golden_polecat() {
    golden(
        "expected.polecat.tsv",
        &text(export(Format::Polecat, &SinkOptions::default())),
    );
}

#[test]
fn golden_gdelt() {
    golden(
        "expected.gdelt.tsv",
        &text(export(Format::Gdelt, &SinkOptions::default())),
    );
}

#[test]
fn golden_parquet_rows() {
    let batches = read_parquet(export(Format::Parquet, &SinkOptions::default()));
    let rows: Vec<String> = parquet_rows_json(&batches)
        .iter()
        .map(Value::to_string)
        .collect();
    golden("expected.parquet.jsonl", &(rows.join("\n") + "\n"));
}

// ---------------------------------------------------------------- parquet

fn parquet_file(bytes: &[u8]) -> std::fs::File {
    let mut file = tempfile::tempfile().expect("temp file");
    file.write_all(bytes).expect("write");
    file
}

fn read_parquet(bytes: Vec<u8>) -> Vec<RecordBatch> {
    let builder =
        ParquetRecordBatchReaderBuilder::try_new(parquet_file(&bytes)).expect("a Parquet file");
    builder
        .build()
        .expect("reader")
        .collect::<Result<Vec<_>, _>>()
        .expect("batches")
}

/// One cell rendered as `attache code --format csv` renders it.
fn csv_cell(col: &dyn Array, row: usize) -> String {
    if col.is_null(row) {
        return String::new();
    }
    match col.data_type() {
        DataType::Utf8 => col.as_string::<i32>().value(row).to_string(),
        DataType::Int64 => col.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::Float32 => col.as_primitive::<Float32Type>().value(row).to_string(),
        DataType::Float64 => col.as_primitive::<Float64Type>().value(row).to_string(),
        DataType::Boolean => if col.as_boolean().value(row) {
            "1"
        } else {
            "0"
        }
        .to_string(),
        DataType::Date32 => col
            .as_primitive::<Date32Type>()
            .value_as_date(row)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        DataType::List(_) => {
            let items = col.as_list::<i32>().value(row);
            let items = items.as_string::<i32>();
            (0..items.len())
                .map(|i| if items.is_null(i) { "" } else { items.value(i) })
                .collect::<Vec<_>>()
                .join(";")
        }
        other => panic!("unexpected type {other}"),
    }
}

fn cell_json(col: &dyn Array, row: usize) -> Value {
    if col.is_null(row) {
        return Value::Null;
    }
    match col.data_type() {
        DataType::Utf8 => json!(col.as_string::<i32>().value(row)),
        DataType::Int64 => json!(col.as_primitive::<Int64Type>().value(row)),
        DataType::Float32 => json!(col.as_primitive::<Float32Type>().value(row)),
        DataType::Float64 => json!(col.as_primitive::<Float64Type>().value(row)),
        DataType::Boolean => json!(col.as_boolean().value(row)),
        DataType::Date32 => json!(col
            .as_primitive::<Date32Type>()
            .value_as_date(row)
            .map(|d| d.to_string())),
        DataType::List(_) => {
            let items = col.as_list::<i32>().value(row);
            let items = items.as_string::<i32>();
            Value::Array(
                (0..items.len())
                    .map(|i| {
                        if items.is_null(i) {
                            Value::Null
                        } else {
                            json!(items.value(i))
                        }
                    })
                    .collect(),
            )
        }
        other => panic!("unexpected type {other}"),
    }
}

/// Rows as `[[column, value], ...]` arrays (keeps the column order).
fn parquet_rows_json(batches: &[RecordBatch]) -> Vec<Value> {
    let mut rows = Vec::new();
    for b in batches {
        let schema = b.schema();
        for r in 0..b.num_rows() {
            rows.push(Value::Array(
                schema
                    .fields()
                    .iter()
                    .zip(b.columns())
                    .map(|(f, c)| json!([f.name(), cell_json(c.as_ref(), r)]))
                    .collect(),
            ));
        }
    }
    rows
}

#[test]
fn parquet_reads_back_as_the_csv_table() {
    let batches = read_parquet(export(Format::Parquet, &SinkOptions::default()));
    let schema = batches.first().expect("a batch").schema();
    assert_eq!(schema.as_ref(), &arrow_schema());
    let parquet_names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(parquet_names, names(Format::Parquet));

    let csv_bytes = export(Format::Csv, &SinkOptions::default());
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let csv_rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    let mut parquet_rows = Vec::new();
    for b in &batches {
        for r in 0..b.num_rows() {
            parquet_rows.push(
                b.columns()
                    .iter()
                    .map(|c| csv_cell(c.as_ref(), r))
                    .collect::<Vec<_>>(),
            );
        }
    }
    assert_eq!(parquet_rows, csv_rows);

    // A few typed values checked directly against the fixture.
    let events = fixture();
    let b = &batches[0];
    let col = |name: &str| b.column_by_name(name).expect(name).clone();
    let dates = col("date");
    let dates = dates.as_primitive::<Date32Type>();
    assert_eq!(
        dates.value_as_date(0),
        events[0].date.as_ref().map(|d| d.value)
    );
    assert!(dates.is_null(2));
    let conf = col("confidence");
    assert_eq!(conf.as_primitive::<Float32Type>().value(1), 0.625);
    let roles = col("actor_role");
    let roles = roles.as_list::<i32>().value(1);
    assert_eq!(roles.len(), 2);
    assert_eq!(roles.null_count(), 2);
    let negated = col("negated");
    assert!(negated.as_boolean().value(1));
    let reports = col("story_reports");
    assert_eq!(reports.as_primitive::<Int64Type>().value(0), 4);
    assert!(reports.is_null(1));
}

#[test]
fn parquet_cuts_row_groups() {
    let buf = Shared::default();
    let mut s = sink_with(
        Format::Parquet,
        Box::new(buf.clone()),
        &SinkOptions {
            row_group_rows: 4,
            ..SinkOptions::default()
        },
    )
    .expect("sink");
    let events = fixture();
    for i in 0..10 {
        s.write(&events[i % 3], None).expect("write");
    }
    s.finish().expect("finish");
    let builder =
        ParquetRecordBatchReaderBuilder::try_new(parquet_file(&buf.bytes())).expect("file");
    let meta = builder.metadata().clone();
    let groups: Vec<i64> = meta.row_groups().iter().map(|g| g.num_rows()).collect();
    assert_eq!(groups, [4, 4, 2]);
    for g in meta.row_groups() {
        for c in g.columns() {
            assert_eq!(c.compression(), Compression::SNAPPY);
        }
    }
}

#[test]
fn pyarrow_reads_the_parquet_file() {
    let has_pyarrow = std::process::Command::new("python3")
        .args(["-c", "import pyarrow.parquet"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pyarrow {
        println!("skipped: python3 with pyarrow is not available");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("events.parquet");
    std::fs::write(&path, export(Format::Parquet, &SinkOptions::default())).expect("write");
    let script = "import json, sys, pyarrow.parquet as pq\n\
                  t = pq.read_table(sys.argv[1])\n\
                  print(json.dumps({'rows': t.num_rows, \
                  'names': t.schema.names, \
                  'types': [str(f.type) for f in t.schema]}))\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).expect("JSON from python");
    assert_eq!(got["rows"], 3);
    assert_eq!(got["names"], json!(names(Format::Parquet)));
    let expected_types: Vec<&str> = arrow_schema()
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8 => "string",
            DataType::Int64 => "int64",
            DataType::Float32 => "float",
            DataType::Float64 => "double",
            DataType::Boolean => "bool",
            DataType::Date32 => "date32[day]",
            DataType::List(_) => "list<element: string>",
            _ => "?",
        })
        .collect();
    let got_types: Vec<String> = got["types"]
        .as_array()
        .expect("types")
        .iter()
        .map(|t| {
            t.as_str()
                .unwrap_or_default()
                .replace("list<item: string>", "list<element: string>")
        })
        .collect();
    assert_eq!(got_types, expected_types);
}

// ---------------------------------------------------------------- jsonl round trip

#[test]
fn jsonl_round_trip_gives_identical_events() {
    let bytes = export(Format::Jsonl, &SinkOptions::default());
    let back: Vec<_> = read_jsonl_events(Cursor::new(bytes))
        .collect::<Result<Vec<_>, _>>()
        .expect("events");
    assert_eq!(back, fixture());
}

#[test]
fn jsonl_reader_takes_code_envelopes_and_reports_bad_lines() {
    let events = fixture();
    let mut input = String::new();
    let summary = serde_json::to_string(&Record::Summary(Summary::default())).expect("json");
    input.push_str(
        &serde_json::to_string(&Record::Event(Box::new(events[0].clone()))).expect("json"),
    );
    input.push_str("\n\n{not json}\n");
    input.push_str(&serde_json::to_string(&events[1]).expect("json"));
    input.push('\n');
    input
        .push_str(r#"{"type":"error","data":{"path":"x","record":null,"code":"c","message":"m"}}"#);
    input.push('\n');
    input.push_str(
        &serde_json::to_string(&Record::Event(Box::new(events[2].clone()))).expect("json"),
    );
    input.push('\n');
    input.push_str(&summary);
    input.push('\n');
    let items: Vec<_> = read_jsonl_events(Cursor::new(input.into_bytes())).collect();
    assert_eq!(items.len(), 4);
    assert!(matches!(items[1], Err(ExportError::Line { line: 3, .. })));
    let ok: Vec<_> = items.into_iter().filter_map(Result::ok).collect();
    assert_eq!(ok, events);
}

#[test]
fn jsonl_reader_reports_invalid_utf8_and_goes_on() {
    let event = serde_json::to_string(&fixture()[0]).expect("json");
    let mut input = b"\xff\xfe\n".to_vec();
    input.extend_from_slice(event.as_bytes());
    let items: Vec<_> = read_jsonl_events(Cursor::new(input)).collect();
    assert!(matches!(items[0], Err(ExportError::Utf8 { line: 1 })));
    assert!(matches!(&items[1], Ok(e) if e.id == "0123456789abcdef"));
}

#[test]
fn formats_parse_by_name() {
    for f in Format::ALL {
        assert_eq!(f.name().parse::<Format>().expect("known"), f);
    }
    assert!(matches!(
        "xml".parse::<Format>(),
        Err(ExportError::UnknownFormat(_))
    ));
}
