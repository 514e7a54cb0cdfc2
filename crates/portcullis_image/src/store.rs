//! Random access to the files of an image container: a directory (OCI layout)
//! or a tar archive (`docker save`, OCI archive) indexed by member offset.
//! Compressed archives are decompressed once into a temporary directory the
//! scan owns. Member symlinks (skopeo's `<id>/layer.tar -> ../<digest>.tar`)
//! are resolved inside the archive with a depth limit.

use crate::path::{normalize, resolve_target};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Longest chain of links followed.
pub const MAX_LINK_DEPTH: usize = 40;

#[derive(Debug, Clone)]
enum Member {
    File { offset: u64, size: u64 },
    Link(String),
}

/// A set of named blobs with random access.
#[derive(Debug)]
pub enum Store {
    /// An unpacked directory.
    Dir(PathBuf),
    /// A tar file and its member index.
    Tar {
        /// The (uncompressed) tar file.
        file: PathBuf,
        /// Normalised member path -> location.
        index: HashMap<String, MemberRef>,
        /// Keeps the temporary decompressed copy alive.
        _tmp: Option<tempfile::TempDir>,
    },
}

/// Location of a member inside an indexed tar (opaque).
#[derive(Debug, Clone)]
pub struct MemberRef(Member);

impl Store {
    /// Indexes the tar at `path`; when `compressed`, first decompresses it into
    /// a temporary directory, writing at most `max_bytes` bytes.
    pub fn open_tar(path: &Path, compressed: bool, max_bytes: u64) -> io::Result<Store> {
        let (file, tmp) = if compressed {
            let dir = tempfile::Builder::new()
                .prefix("portcullis-image-")
                .tempdir()?;
            let out = dir.path().join("archive.tar");
            let mut dec = crate::layer::decompress(File::open(path)?)?;
            let mut w = io::BufWriter::new(File::create(&out)?);
            let copied = io::copy(&mut (&mut dec).take(max_bytes.saturating_add(1)), &mut w)?;
            if copied > max_bytes {
                return Err(io::Error::other(format!(
                    "the decompressed archive exceeds the per-image limit of {max_bytes} bytes (possible decompression bomb)"
                )));
            }
            drop(w);
            (out, Some(dir))
        } else {
            (path.to_path_buf(), None)
        };
        let mut archive = tar::Archive::new(BufReader::new(File::open(&file)?));
        let mut index = HashMap::new();
        for entry in archive.entries_with_seek()? {
            let entry = entry?;
            let name = normalize(&String::from_utf8_lossy(&entry.path_bytes()));
            let member = match entry.header().entry_type() {
                tar::EntryType::Symlink => {
                    let target = entry
                        .link_name_bytes()
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                        .unwrap_or_default();
                    Member::Link(resolve_target(&name, &target))
                }
                tar::EntryType::Link => {
                    let target = entry
                        .link_name_bytes()
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                        .unwrap_or_default();
                    Member::Link(normalize(&target))
                }
                tar::EntryType::Directory => continue,
                _ => Member::File {
                    offset: entry.raw_file_position(),
                    size: entry.size(),
                },
            };
            index.insert(name, MemberRef(member));
        }
        Ok(Store::Tar {
            file,
            index,
            _tmp: tmp,
        })
    }

    fn locate(&self, name: &str) -> io::Result<(u64, u64)> {
        let Store::Tar { index, .. } = self else {
            return Err(io::Error::other("not a tar store"));
        };
        let mut cur = normalize(name);
        for _ in 0..MAX_LINK_DEPTH {
            match index.get(&cur) {
                Some(MemberRef(Member::File { offset, size })) => return Ok((*offset, *size)),
                Some(MemberRef(Member::Link(t))) => cur = t.clone(),
                None => {
                    return Err(io::Error::new(
                        io::ErrorKind::NotFound,
                        format!("`{}` is not in the archive", name.trim_start_matches('/')),
                    ));
                }
            }
        }
        Err(io::Error::other(format!(
            "`{name}`: too many levels of symbolic links in the archive"
        )))
    }

    /// True when the store holds `name`.
    pub fn contains(&self, name: &str) -> bool {
        match self {
            Store::Dir(root) => root.join(normalize(name).trim_start_matches('/')).is_file(),
            Store::Tar { .. } => self.locate(name).is_ok(),
        }
    }

    /// Opens `name` for streaming; returns the reader and its size.
    pub fn open(&self, name: &str) -> io::Result<(Box<dyn Read + Send>, u64)> {
        match self {
            Store::Dir(root) => {
                let p = root.join(normalize(name).trim_start_matches('/'));
                let f = File::open(&p)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
                let size = f.metadata()?.len();
                Ok((Box::new(f), size))
            }
            Store::Tar { file, .. } => {
                let (offset, size) = self.locate(name)?;
                let mut f = File::open(file)?;
                f.seek(SeekFrom::Start(offset))?;
                Ok((Box::new(f.take(size)), size))
            }
        }
    }

    /// Reads all of `name` when it is at most `cap` bytes.
    pub fn read_small(&self, name: &str, cap: u64) -> io::Result<Vec<u8>> {
        let (r, size) = self.open(name)?;
        if size > cap {
            return Err(io::Error::other(format!(
                "`{}` is {size} bytes, more than the {cap} bytes allowed",
                name.trim_start_matches('/')
            )));
        }
        let mut out = Vec::with_capacity(size as usize);
        r.take(cap).read_to_end(&mut out)?;
        Ok(out)
    }
}
