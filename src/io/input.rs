//! Reading input files within limits: only regular files, no larger than a documented size
//! (checked as the bytes are read, so a file that grows is caught too), UTF-8 text errors
//! located by line and column. `docs/deal-format.md` (Limits) lists the limits.

use crate::error::LoadError;
use std::io::Read;
use std::path::Path;

/// The largest deal file read.
pub const MAX_DEAL_BYTES: u64 = 64 << 20;
/// The largest asset tape read.
pub const MAX_TAPE_BYTES: u64 = 256 << 20;
/// The most asset rows a tape may have.
pub const MAX_TAPE_ROWS: usize = 1_000_000;

/// Open `path` for reading if it is a regular file (a device, FIFO or folder is refused
/// before it is opened, so nothing blocks), of at most `limit` bytes.
pub(crate) fn open_regular(path: &Path, limit: u64) -> Result<Limited<std::fs::File>, LoadError> {
    let origin = path.display().to_string();
    let io = |source| LoadError::Io {
        path: origin.clone(),
        source,
    };
    let refuse = |message: String| LoadError::File {
        path: origin.clone(),
        message,
    };
    let regular = |meta: &std::fs::Metadata| {
        if !meta.is_file() {
            return Err(refuse("not a regular file".into()));
        }
        if meta.len() > limit {
            return Err(refuse(too_large(limit)));
        }
        Ok(())
    };
    regular(&std::fs::metadata(path).map_err(io)?)?;
    let file = std::fs::File::open(path).map_err(io)?;
    // The file opened may not be the one looked at (a rename in between): check it again.
    regular(&file.metadata().map_err(io)?)?;
    Ok(Limited {
        inner: file,
        left: limit,
        limit,
    })
}

fn too_large(limit: u64) -> String {
    format!("larger than the limit of {limit} bytes")
}

/// A reader that fails, rather than stops, past `limit` bytes.
pub(crate) struct Limited<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(std::io::Error::other(too_large(self.limit))),
            };
        }
        let n = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let got = self.inner.read(&mut buf[..n])?;
        self.left -= got as u64;
        Ok(got)
    }
}

/// A deal file's text: a regular file within [`MAX_DEAL_BYTES`], UTF-8 (a leading byte-order
/// mark is dropped); invalid UTF-8 is a syntax error at its line and column.
pub(crate) fn read_deal_text(path: &Path) -> Result<String, LoadError> {
    let origin = path.display().to_string();
    let mut bytes = Vec::new();
    open_regular(path, MAX_DEAL_BYTES)?
        .read_to_end(&mut bytes)
        .map_err(|source| LoadError::Io {
            path: origin.clone(),
            source,
        })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // The prefix is valid UTF-8 by construction.
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        LoadError::Syntax {
            path: origin.clone(),
            line: before.matches('\n').count() + 1,
            col: before[line_start..].chars().count() + 1,
            message: "invalid UTF-8 (deal files are UTF-8 text)".into(),
            code: None,
        }
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn a_limited_read_fails_past_the_limit() {
        let read = |bytes: &'static [u8]| {
            let mut out = Vec::new();
            super::Limited {
                inner: bytes,
                left: 3,
                limit: 3,
            }
            .read_to_end(&mut out)
            .map(|_| out)
            .map_err(|e| e.to_string())
        };
        assert_eq!(read(b"abc"), Ok(b"abc".to_vec()));
        assert_eq!(
            read(b"abcd"),
            Err("larger than the limit of 3 bytes".to_string())
        );
    }
}
