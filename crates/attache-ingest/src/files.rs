//! Files and directories: format by extension, a lazy sorted walk, and the
//! whole-file formats (text, HTML) read with a size bound.

use std::collections::VecDeque;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use attache_types::Origin;
use flate2::read::MultiGzDecoder;

use crate::charset::decode_html;
use crate::error::IngestError;
use crate::jsonl::JsonlIter;
use crate::pending::{Body, Pending, Record};
use crate::text::{is_invisible, is_space};
use crate::warcfile::WarcIter;
use crate::{document_from_text, html_documents, IngestOptions, Item, Meta};

/// Deepest directory nesting walked.
const MAX_DEPTH: usize = 64;

/// Input formats, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.txt`, `.text`
    Text,
    /// `.html`, `.htm`, `.xhtml`
    Html,
    /// `.jsonl`, `.ndjson`, `.json-lines`
    Jsonl,
    /// `.warc`
    Warc,
    /// `.warc.gz`
    WarcGz,
}

/// The format of a file by its name, or `None` when ingest does not read it.
pub fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".warc.gz") {
        return Some(Format::WarcGz);
    }
    let ext = name.rsplit_once('.')?.1;
    match ext {
        "txt" | "text" => Some(Format::Text),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "jsonl" | "ndjson" | "json-lines" => Some(Format::Jsonl),
        "warc" => Some(Format::Warc),
        _ => None,
    }
}

pub(crate) fn path_name(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn error_item(name: &str, record: Option<u64>, e: IngestError) -> Item {
    Item::Error(e.to_record(name, record))
}

fn error_pending(name: &str, record: Option<u64>, e: IngestError) -> Pending {
    Pending::Ready(Box::new(error_item(name, record, e)))
}

/// Reads at most `max + 1` bytes of a file; more than `max` is an error.
fn read_bounded(path: &Path, max: usize) -> Result<Vec<u8>, IngestError> {
    let file = File::open(path)?;
    let hint = file
        .metadata()
        .map(|m| m.len().min((max as u64).saturating_add(1)) as usize)
        .unwrap_or(0);
    let mut bytes = Vec::with_capacity(hint);
    file.take((max as u64).saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() > max {
        return Err(IngestError::RecordTooLarge { limit: max });
    }
    Ok(bytes)
}

fn is_blank_text(s: &str) -> bool {
    s.chars().all(|c| is_space(c) || is_invisible(c))
}

/// Documents of a plain-text file's bytes.
pub(crate) fn text_file_items(name: &str, bytes: &[u8], opts: &IngestOptions) -> Vec<Item> {
    if bytes.len() > opts.max_doc_bytes {
        let limit = opts.max_doc_bytes;
        return vec![error_item(
            name,
            None,
            IngestError::RecordTooLarge { limit },
        )];
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.valid_up_to() as u64;
            return vec![error_item(name, None, IngestError::InvalidUtf8(at))];
        }
    };
    if is_blank_text(text) {
        return vec![error_item(name, None, IngestError::EmptyInput)];
    }
    let origin = Origin {
        path: name.to_string(),
        record: None,
        part: 0,
    };
    let docs = document_from_text(text, origin, Meta::default(), opts);
    if docs.is_empty() {
        return vec![error_item(name, None, IngestError::NoText)];
    }
    docs.into_iter().map(Item::Doc).collect()
}

/// Documents of an HTML file's bytes.
pub(crate) fn html_file_items(name: &str, bytes: &[u8], opts: &IngestOptions) -> Vec<Item> {
    if bytes.len() > opts.max_doc_bytes {
        let limit = opts.max_doc_bytes;
        return vec![error_item(
            name,
            None,
            IngestError::RecordTooLarge { limit },
        )];
    }
    let decoded = decode_html(bytes, None);
    if is_blank_text(&decoded.text) {
        return vec![error_item(name, None, IngestError::EmptyInput)];
    }
    let origin = Origin {
        path: name.to_string(),
        record: None,
        part: 0,
    };
    let docs = html_documents(
        &decoded.text,
        decoded.exact_offset,
        &origin,
        Meta::default(),
        None,
        opts,
    );
    if docs.is_empty() {
        return vec![error_item(name, None, IngestError::NoText)];
    }
    docs.into_iter().map(Item::Doc).collect()
}

/// The items of one file, opened when first asked for.
enum FileItems {
    Pending(PathBuf, Format),
    Queue(VecDeque<Pending>),
    Jsonl(Box<JsonlIter<BufReader<File>>>),
    Warc(Box<WarcIter<Box<dyn BufRead + Send>>>),
}

impl FileItems {
    fn open(path: &Path, format: Format, opts: &IngestOptions) -> FileItems {
        let name = path_name(path);
        let queue = |item: Pending| FileItems::Queue(VecDeque::from([item]));
        match format {
            Format::Text | Format::Html => match read_bounded(path, opts.max_doc_bytes) {
                Ok(bytes) => queue(Pending::Record(Box::new(Record {
                    body: if format == Format::Text {
                        Body::TextFile(bytes)
                    } else {
                        Body::HtmlFile(bytes)
                    },
                    name,
                    opts: opts.clone(),
                }))),
                Err(e) => queue(error_pending(&name, None, e)),
            },
            Format::Jsonl => match File::open(path) {
                Ok(f) => FileItems::Jsonl(Box::new(JsonlIter::new(
                    BufReader::with_capacity(64 * 1024, f),
                    &name,
                    opts,
                ))),
                Err(e) => queue(error_pending(&name, None, e.into())),
            },
            Format::Warc | Format::WarcGz => match File::open(path) {
                Ok(f) => {
                    let file = BufReader::with_capacity(64 * 1024, f);
                    let gz = format == Format::WarcGz;
                    let reader: Box<dyn BufRead + Send> = if gz {
                        Box::new(BufReader::with_capacity(
                            64 * 1024,
                            MultiGzDecoder::new(file),
                        ))
                    } else {
                        Box::new(file)
                    };
                    FileItems::Warc(Box::new(WarcIter::new(reader, &name, gz, opts)))
                }
                Err(e) => queue(error_pending(&name, None, e.into())),
            },
        }
    }

    fn next_item(&mut self, opts: &IngestOptions) -> Option<Pending> {
        loop {
            match self {
                FileItems::Pending(path, format) => {
                    *self = FileItems::open(path, *format, opts);
                }
                FileItems::Queue(q) => return q.pop_front(),
                FileItems::Jsonl(it) => return it.next(),
                FileItems::Warc(it) => return it.next(),
            }
        }
    }
}

/// Sorted entries of a directory, hidden ones (`.name`) left out.
fn list_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    entries.sort();
    Ok(entries)
}

/// Lazy iterator over every document under a path.
pub(crate) struct PathIter {
    root: Option<PathBuf>,
    stack: Vec<std::vec::IntoIter<PathBuf>>,
    current: Option<FileItems>,
    opts: IngestOptions,
}

impl PathIter {
    pub(crate) fn new(path: &Path, opts: &IngestOptions) -> Self {
        PathIter {
            root: Some(path.to_path_buf()),
            stack: Vec::new(),
            current: None,
            opts: opts.clone(),
        }
    }

    fn io_error(path: &Path, e: std::io::Error) -> Pending {
        error_pending(&path_name(path), None, e.into())
    }
}

impl Iterator for PathIter {
    type Item = Pending;

    fn next(&mut self) -> Option<Pending> {
        loop {
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next_item(&self.opts) {
                    return Some(item);
                }
                self.current = None;
            }
            if let Some(root) = self.root.take() {
                match fs::metadata(&root) {
                    Err(e) => return Some(Self::io_error(&root, e)),
                    Ok(m) if m.is_dir() => match list_dir(&root) {
                        Ok(entries) => self.stack.push(entries.into_iter()),
                        Err(e) => return Some(Self::io_error(&root, e)),
                    },
                    Ok(_) => {
                        match format_of(&root) {
                            Some(f) => self.current = Some(FileItems::Pending(root, f)),
                            None => return Some(error_pending(
                                &path_name(&root),
                                None,
                                IngestError::UnsupportedFormat(
                                    "unknown file extension (expected .txt, .text, .html, .htm, \
                                     .xhtml, .jsonl, .ndjson, .json-lines, .warc or .warc.gz)"
                                        .to_string(),
                                ),
                            )),
                        }
                    }
                }
                continue;
            }
            let top = self.stack.last_mut()?;
            let Some(path) = top.next() else {
                self.stack.pop();
                continue;
            };
            let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
            match fs::metadata(&path) {
                Err(e) => return Some(Self::io_error(&path, e)),
                Ok(m) if m.is_dir() => {
                    // symlinked directories could loop: not followed
                    if is_link || self.stack.len() >= MAX_DEPTH {
                        continue;
                    }
                    match list_dir(&path) {
                        Ok(entries) => self.stack.push(entries.into_iter()),
                        Err(e) => return Some(Self::io_error(&path, e)),
                    }
                }
                Ok(m) if m.is_file() => {
                    if let Some(f) = format_of(&path) {
                        self.current = Some(FileItems::Pending(path, f));
                    }
                }
                Ok(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        let f = |s: &str| format_of(Path::new(s));
        assert_eq!(f("a/b.TXT"), Some(Format::Text));
        assert_eq!(f("b.text"), Some(Format::Text));
        assert_eq!(f("b.htm"), Some(Format::Html));
        assert_eq!(f("b.xhtml"), Some(Format::Html));
        assert_eq!(f("b.ndjson"), Some(Format::Jsonl));
        assert_eq!(f("b.json-lines"), Some(Format::Jsonl));
        assert_eq!(f("crawl.warc.gz"), Some(Format::WarcGz));
        assert_eq!(f("crawl.warc"), Some(Format::Warc));
        assert_eq!(f("x.gz"), None);
        assert_eq!(f("x.json"), None);
        assert_eq!(f("README"), None);
    }
}
