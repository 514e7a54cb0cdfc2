//! Streaming one layer: compression sniffed from magic bytes (gzip, zstd,
//! plain tar), decompressed bytes counted against the per-layer and per-image
//! budgets (decompression bombs), and tar members handed one by one to a
//! [`Visitor`] with normalised paths. Nothing is ever extracted to disk.

use crate::path::normalize;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// What a layer member is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file (including sparse and contiguous files).
    File,
    /// A directory.
    Dir,
    /// A symbolic link with its raw target.
    Symlink(String),
    /// A hard link to an earlier member (normalised path).
    HardLink(String),
    /// Devices, FIFOs and anything else without content.
    Other,
}

/// One layer member as analysers see it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Normalised absolute path inside the image (`/etc/passwd`).
    pub path: String,
    /// Member type.
    pub kind: EntryKind,
    /// Permission bits including setuid/setgid/sticky (`0o4755`).
    pub mode: u32,
    /// Owner user ID.
    pub uid: u64,
    /// Content size in bytes (the real size for sparse files).
    pub size: u64,
}

/// Receives the members of a layer in archive order.
pub trait Visitor {
    /// Called for every member; `content` reads the member's bytes (reading is
    /// optional: unread bytes are skipped).
    fn visit(&mut self, entry: &Entry, content: &mut dyn Read) -> io::Result<()>;
}

/// Limits on decompressed bytes.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Maximum decompressed bytes of one layer.
    pub layer_cap: u64,
    /// Decompressed bytes still allowed for the whole image.
    pub total_left: u64,
}

/// The error a [`CapReader`] raises when a budget is exhausted.
#[derive(Debug)]
pub struct BudgetExceeded {
    /// The limit that was hit, in bytes.
    pub limit: u64,
    /// True when the per-image limit (not the per-layer one) was hit.
    pub whole_image: bool,
}

impl std::fmt::Display for BudgetExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "decompressed size exceeds the {} limit of {} bytes (possible decompression bomb)",
            if self.whole_image {
                "per-image"
            } else {
                "per-layer"
            },
            self.limit
        )
    }
}

impl std::error::Error for BudgetExceeded {}

/// Shared state of a [`CapReader`]: bytes read and whether a budget tripped.
#[derive(Debug, Default)]
pub struct CapState {
    /// Decompressed bytes read so far.
    pub used: std::cell::Cell<u64>,
    /// Set when a budget was exhausted.
    pub tripped: std::cell::Cell<Option<(u64, bool)>>,
}

/// Counts decompressed bytes and fails once a budget is exhausted.
pub struct CapReader<R> {
    inner: R,
    budget: Budget,
    state: std::rc::Rc<CapState>,
}

impl<R: Read> CapReader<R> {
    /// Wraps `inner` with `budget`; `state` is shared with the caller.
    pub fn new(inner: R, budget: Budget, state: std::rc::Rc<CapState>) -> Self {
        Self {
            inner,
            budget,
            state,
        }
    }
}

impl<R: Read> Read for CapReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let used = self.state.used.get() + n as u64;
        self.state.used.set(used);
        let exceeded = if used > self.budget.layer_cap {
            Some((self.budget.layer_cap, false))
        } else if used > self.budget.total_left {
            Some((self.budget.total_left, true))
        } else {
            None
        };
        if let Some((limit, whole_image)) = exceeded {
            self.state.tripped.set(Some((limit, whole_image)));
            return Err(io::Error::other(BudgetExceeded { limit, whole_image }));
        }
        Ok(n)
    }
}

/// Counts raw (compressed) bytes for progress reporting.
pub struct CountingReader<'a, R> {
    inner: R,
    on_bytes: &'a mut dyn FnMut(u64),
}

impl<'a, R: Read> CountingReader<'a, R> {
    /// Wraps `inner`; `on_bytes` is told how many bytes each read returned.
    pub fn new(inner: R, on_bytes: &'a mut dyn FnMut(u64)) -> Self {
        Self { inner, on_bytes }
    }
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        (self.on_bytes)(n as u64);
        Ok(n)
    }
}

/// Compression of a stream, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// No compression (plain tar or unknown).
    None,
    /// gzip (`1f 8b`).
    Gzip,
    /// zstd (`28 b5 2f fd`).
    Zstd,
}

impl Compression {
    /// Sniffs the compression from magic bytes.
    pub fn sniff(head: &[u8]) -> Self {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
}

/// Wraps `reader` in the decompressor its magic bytes call for.
pub fn decompress<'a>(reader: impl Read + 'a) -> io::Result<Box<dyn Read + 'a>> {
    let mut buffered = BufReader::with_capacity(256 * 1024, reader);
    let head = buffered.fill_buf()?;
    Ok(match Compression::sniff(head) {
        Compression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(buffered)),
        Compression::Zstd => Box::new(ZstdFrames::new(buffered)),
        Compression::None => Box::new(buffered),
    })
}

/// A zstd decoder for streams of several frames (`zstd:chunked` layers are
/// many frames plus skippable frames); ruzstd's streaming decoder stops after one.
struct ZstdFrames<R> {
    src: R,
    dec: ruzstd::decoding::FrameDecoder,
    active: bool,
}

impl<R: BufRead> ZstdFrames<R> {
    fn new(src: R) -> Self {
        Self {
            src,
            dec: ruzstd::decoding::FrameDecoder::new(),
            active: false,
        }
    }
}

fn zstd_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("zstd: {e}"))
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.active {
                let d = &mut self.dec;
                while d.can_collect() == 0 && !d.is_finished() {
                    d.decode_blocks(
                        &mut self.src,
                        ruzstd::decoding::BlockDecodingStrategy::UptoBlocks(1),
                    )
                    .map_err(zstd_error)?;
                }
                let n = d.read(buf)?;
                if n > 0 {
                    return Ok(n);
                }
                self.active = false;
            }
            if self.src.fill_buf()?.is_empty() {
                return Ok(0);
            }
            match self.dec.reset(&mut self.src) {
                Ok(()) => self.active = true,
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                    length,
                    ..
                })) => {
                    io::copy(
                        &mut (&mut self.src).take(u64::from(length)),
                        &mut io::sink(),
                    )?;
                }
                Err(e) => return Err(zstd_error(e)),
            }
        }
    }
}

/// Walks the members of a (decompressed) tar stream. A stream that ends
/// without end-of-archive blocks ends the walk cleanly. Returns the number of
/// members visited.
pub fn walk_tar(reader: impl Read, visitor: &mut dyn Visitor) -> io::Result<u64> {
    let mut archive = tar::Archive::new(PadToBlock::new(reader));
    let mut count = 0u64;
    for entry in archive.entries()? {
        let mut entry = entry?;
        let path_bytes = entry.path_bytes();
        let path = normalize(&String::from_utf8_lossy(&path_bytes));
        let header = entry.header();
        let mode = header.mode().unwrap_or(0o644);
        let uid = header.uid().unwrap_or(0);
        let kind = match header.entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {
                EntryKind::File
            }
            tar::EntryType::Directory => EntryKind::Dir,
            tar::EntryType::Symlink => EntryKind::Symlink(link_name(&entry)),
            tar::EntryType::Link => EntryKind::HardLink(normalize(&link_name(&entry))),
            tar::EntryType::XGlobalHeader
            | tar::EntryType::XHeader
            | tar::EntryType::GNULongName
            | tar::EntryType::GNULongLink => continue,
            _ => EntryKind::Other,
        };
        // `size()` is the real size for sparse files too.
        let size = entry.size();
        let e = Entry {
            path,
            kind,
            mode,
            uid,
            size,
        };
        visitor.visit(&e, &mut entry)?;
        count += 1;
    }
    Ok(count)
}

fn link_name<R: Read>(entry: &tar::Entry<'_, R>) -> String {
    entry
        .link_name_bytes()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// Supplies the zero padding of a final member whose stream ends before its
/// 512-byte block does (some tools, umoci among them, write layers that stop
/// right after the last file's data, without padding or end-of-archive blocks).
struct PadToBlock<R> {
    inner: R,
    pos: u64,
    padding: u64,
}

impl<R> PadToBlock<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            pos: 0,
            padding: 0,
        }
    }
}

impl<R: Read> Read for PadToBlock<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.padding == 0 {
            let n = self.inner.read(buf)?;
            if n > 0 || buf.is_empty() {
                self.pos += n as u64;
                return Ok(n);
            }
            let rem = self.pos % 512;
            if rem == 0 {
                return Ok(0);
            }
            self.padding = 512 - rem;
        }
        let n = (self.padding as usize).min(buf.len());
        buf[..n].fill(0);
        self.padding -= n as u64;
        self.pos += n as u64;
        Ok(n)
    }
}

/// Walks an unpacked root filesystem on disk as if it were one layer. Symlinks
/// are reported, never followed; only regular files are opened.
pub fn walk_dir(root: &Path, visitor: &mut dyn Visitor) -> io::Result<u64> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mut count = 0u64;
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, rel)) = stack.pop() {
        let mut names: Vec<_> = std::fs::read_dir(&dir)?.filter_map(|e| e.ok()).collect();
        names.sort_by_key(|e| e.file_name());
        for de in names {
            let name = de.file_name().to_string_lossy().into_owned();
            let rel_path = format!("{rel}/{name}");
            let full = de.path();
            let Ok(md) = std::fs::symlink_metadata(&full) else {
                continue;
            };
            let ft = md.file_type();
            let kind = if ft.is_symlink() {
                let t = std::fs::read_link(&full)
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default();
                EntryKind::Symlink(t)
            } else if ft.is_dir() {
                EntryKind::Dir
            } else if ft.is_file() {
                EntryKind::File
            } else {
                EntryKind::Other
            };
            let e = Entry {
                path: normalize(&rel_path),
                kind: kind.clone(),
                mode: md.permissions().mode() & 0o7777,
                uid: u64::from(md.uid()),
                size: if kind == EntryKind::File { md.len() } else { 0 },
            };
            count += 1;
            if kind == EntryKind::File {
                match std::fs::File::open(&full) {
                    Ok(mut f) => visitor.visit(&e, &mut f)?,
                    Err(_) => visitor.visit(&e, &mut io::empty())?,
                }
            } else {
                visitor.visit(&e, &mut io::empty())?;
            }
            if kind == EntryKind::Dir {
                stack.push((full, rel_path));
            }
        }
    }
    Ok(count)
}
