//! Output files written atomically: a temporary file beside the target,
//! renamed into place only when the run completes.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub enum Sink {
    Stdout(BufWriter<std::io::Stdout>),
    File {
        writer: BufWriter<File>,
        tmp: PathBuf,
        target: PathBuf,
    },
}

impl Sink {
    pub fn open(out: Option<&Path>) -> Result<Sink> {
        match out {
            None => Ok(Sink::Stdout(BufWriter::with_capacity(
                1 << 16,
                std::io::stdout(),
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
                    writer: BufWriter::with_capacity(1 << 16, file),
                    tmp,
                    target: target.to_path_buf(),
                })
            }
        }
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::File { writer, .. } => writer,
        }
    }

    /// Flush and move the file into place.
    pub fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => Ok(w.flush()?),
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
