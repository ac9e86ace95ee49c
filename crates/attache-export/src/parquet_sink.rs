//! Parquet: the flat columns with Arrow types, Snappy-compressed, written in
//! row groups so memory stays bounded by one row group.

use std::io::Write;
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Float32Builder, Float64Builder, Int64Builder,
    ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use attache_types::Event;
use chrono::{Datelike, NaiveDate};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::columns::{ColumnType, FLAT};
use crate::flat::{flat_values, Value};
use crate::{EventSink, ExportError, StoryRef};

/// Rows per Parquet row group unless [`crate::SinkOptions`] says otherwise.
pub const DEFAULT_ROW_GROUP_ROWS: usize = 65_536;

/// Rows collected before they are handed to the Parquet writer as one
/// record batch (the writer cuts row groups at the row group size).
const BATCH_ROWS: usize = 8_192;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Integer => DataType::Int64,
        ColumnType::Float32 => DataType::Float32,
        ColumnType::Float64 => DataType::Float64,
        ColumnType::Boolean => DataType::Boolean,
        ColumnType::Date => DataType::Date32,
        ColumnType::StringList => {
            DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true)))
        }
        ColumnType::String | ColumnType::Json | ColumnType::Object | ColumnType::ObjectList => {
            DataType::Utf8
        }
    }
}

/// The Arrow schema of the Parquet export: `columns(Format::Parquet)` with
/// Arrow types; every column is nullable.
pub fn arrow_schema() -> Schema {
    Schema::new(
        FLAT.iter()
            .map(|c| Field::new(c.name, arrow_type(c.ty), true))
            .collect::<Vec<_>>(),
    )
}

fn spark_type(ty: &DataType) -> String {
    match ty {
        DataType::Int64 => "BIGINT".into(),
        DataType::Float32 => "FLOAT".into(),
        DataType::Float64 => "DOUBLE".into(),
        DataType::Boolean => "BOOLEAN".into(),
        DataType::Date32 => "DATE".into(),
        DataType::List(item) => format!("ARRAY<{}>", spark_type(item.data_type())),
        _ => "STRING".into(),
    }
}

/// Spark SQL DDL of the Parquet export's schema (for `CREATE TABLE ... (`
/// *ddl* `) USING parquet` or `StructType.fromDDL`), generated from
/// [`arrow_schema()`], with each column's description as its comment.
pub fn spark_ddl() -> String {
    spark_ddl_columns().join(", ")
}

/// One Spark DDL column definition per Parquet column.
pub(crate) fn spark_ddl_columns() -> Vec<String> {
    arrow_schema()
        .fields()
        .iter()
        .zip(FLAT)
        .map(|(f, c)| {
            format!(
                "`{}` {} COMMENT '{}'",
                f.name(),
                spark_type(f.data_type()),
                c.description.replace('\\', "\\\\").replace('\'', "\\'")
            )
        })
        .collect()
}

enum Builder {
    Str(StringBuilder),
    List(ListBuilder<StringBuilder>),
    Int(Int64Builder),
    F32(Float32Builder),
    F64(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
}

impl Builder {
    fn new(ty: ColumnType) -> Self {
        match ty {
            ColumnType::Integer => Builder::Int(Int64Builder::new()),
            ColumnType::Float32 => Builder::F32(Float32Builder::new()),
            ColumnType::Float64 => Builder::F64(Float64Builder::new()),
            ColumnType::Boolean => Builder::Bool(BooleanBuilder::new()),
            ColumnType::Date => Builder::Date(Date32Builder::new()),
            ColumnType::StringList => Builder::List(ListBuilder::new(StringBuilder::new())),
            ColumnType::String | ColumnType::Json | ColumnType::Object | ColumnType::ObjectList => {
                Builder::Str(StringBuilder::new())
            }
        }
    }

    /// Appends one cell; a value of the wrong kind (a bug) appends null.
    fn append(&mut self, v: &Value<'_>) {
        match (self, v) {
            (Builder::Str(b), Value::Str(s)) => b.append_value(s),
            (Builder::Str(b), _) => b.append_null(),
            (Builder::List(b), Value::List(items)) => {
                for item in items {
                    b.values().append_option(*item);
                }
                b.append(true);
            }
            (Builder::List(b), _) => b.append(false),
            (Builder::Int(b), Value::Int(i)) => b.append_value(*i),
            (Builder::Int(b), _) => b.append_null(),
            (Builder::F32(b), Value::F32(f)) => b.append_value(*f),
            (Builder::F32(b), _) => b.append_null(),
            (Builder::F64(b), Value::F64(f)) => b.append_value(*f),
            (Builder::F64(b), _) => b.append_null(),
            (Builder::Bool(b), Value::Bool(x)) => b.append_value(*x),
            (Builder::Bool(b), _) => b.append_null(),
            (Builder::Date(b), Value::Date(d)) => b.append_value(date32(*d)),
            (Builder::Date(b), _) => b.append_null(),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::List(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::F32(b) => Arc::new(b.finish()),
            Builder::F64(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Builder::Str(b) => b.len(),
            Builder::List(b) => b.len(),
            Builder::Int(b) => b.len(),
            Builder::F32(b) => b.len(),
            Builder::F64(b) => b.len(),
            Builder::Bool(b) => b.len(),
            Builder::Date(b) => b.len(),
        }
    }
}

/// Days since 1970-01-01.
pub(crate) fn date32(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE
}

pub(crate) struct ParquetSink {
    writer: ArrowWriter<Box<dyn Write + Send>>,
    schema: SchemaRef,
    builders: Vec<Builder>,
    batch_rows: usize,
}

impl ParquetSink {
    pub(crate) fn new(
        out: Box<dyn Write + Send>,
        row_group_rows: usize,
    ) -> Result<Self, ExportError> {
        let row_group_rows = row_group_rows.max(1);
        let schema: SchemaRef = Arc::new(arrow_schema());
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(row_group_rows))
            .build();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        Ok(ParquetSink {
            writer,
            schema,
            builders: FLAT.iter().map(|c| Builder::new(c.ty)).collect(),
            batch_rows: BATCH_ROWS.min(row_group_rows),
        })
    }

    fn flush_batch(&mut self) -> Result<(), ExportError> {
        if self.builders.first().is_none_or(|b| b.len() == 0) {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)?;
        self.writer.write(&batch)?;
        Ok(())
    }
}

impl EventSink for ParquetSink {
    fn write(&mut self, event: &Event, story: Option<&StoryRef>) -> Result<(), ExportError> {
        let values = flat_values(event, story)?;
        for (b, v) in self.builders.iter_mut().zip(&values) {
            b.append(v);
        }
        if self
            .builders
            .first()
            .is_some_and(|b| b.len() >= self.batch_rows)
        {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<(), ExportError> {
        self.flush_batch()?;
        let this = *self;
        let mut out = this.writer.into_inner()?;
        out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_day_zero() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1);
        assert_eq!(epoch.map(date32), Some(0));
        assert_eq!(
            NaiveDate::from_ymd_opt(2024, 2, 29).map(date32),
            Some(19_782)
        );
    }

    #[test]
    fn ddl_names_every_column() {
        let ddl = spark_ddl();
        for c in FLAT {
            assert!(ddl.contains(&format!("`{}` ", c.name)), "{}", c.name);
        }
        assert!(ddl.contains("`contexts` ARRAY<STRING>"));
        assert!(ddl.contains("`date` DATE"));
        assert!(ddl.contains("`confidence` FLOAT"));
    }
}
