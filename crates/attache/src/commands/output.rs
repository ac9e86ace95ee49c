//! Output files written atomically: a temporary file beside the target,
//! renamed into place only when the run completes. Devices and pipes
//! (`/dev/null`, a FIFO) are written in place: renaming over one would
//! replace it with a regular file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub enum Sink {
    Stdout(BufWriter<std::io::Stdout>),
    /// A device or pipe, written in place.
    Special(BufWriter<File>),
    File {
        writer: BufWriter<File>,
        tmp: PathBuf,
        target: PathBuf,
    },
}

/// Whether `path` exists and is neither a regular file nor a directory.
pub fn is_special_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Opens an existing device or pipe for writing in place.
pub fn open_special(path: &Path) -> Result<File> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))
}

/// Output buffer size. A document's output is usually larger and is then
/// written straight from the worker's buffer, without a copy into this one.
const BUFFER: usize = 1 << 13;

impl Sink {
    pub fn open(out: Option<&Path>) -> Result<Sink> {
        match out {
            None => Ok(Sink::Stdout(BufWriter::with_capacity(
                BUFFER,
                std::io::stdout(),
            ))),
            Some(target) if is_special_file(target) => Ok(Sink::Special(BufWriter::with_capacity(
                BUFFER,
                open_special(target)?,
            ))),
            Some(target) => {
                let dir = target
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                let name = target
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_else(|| "out".into());
                let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
                let file =
                    File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
                Ok(Sink::File {
                    writer: BufWriter::with_capacity(BUFFER, file),
                    tmp,
                    target: target.to_path_buf(),
                })
            }
        }
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::Special(w) => w,
            Sink::File { writer, .. } => writer,
        }
    }

    /// Flush and move the file into place.
    pub fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => Ok(w.flush()?),
            Sink::Special(mut w) => Ok(w.flush()?),
            Sink::File {
                writer,
                tmp,
                target,
            } => {
                let file = writer
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(|| format!("writing {}", tmp.display()))?;
                file.sync_all()?;
                std::fs::rename(&tmp, &target).with_context(|| {
                    format!("renaming {} to {}", tmp.display(), target.display())
                })?;
                Ok(())
            }
        }
    }

    /// Remove the temporary file after a failure.
    pub fn abandon(self) {
        if let Sink::File { tmp, .. } = self {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::FileTypeExt;

    #[test]
    fn a_device_target_is_written_in_place() -> Result<()> {
        let null = Path::new("/dev/null");
        let mut sink = Sink::open(Some(null))?;
        assert!(matches!(sink, Sink::Special(_)));
        sink.writer().write_all(b"{}\n")?;
        sink.finish()?;
        assert!(std::fs::metadata(null)?.file_type().is_char_device());
        Ok(())
    }
}
