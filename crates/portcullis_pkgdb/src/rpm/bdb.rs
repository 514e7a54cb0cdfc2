//! Berkeley DB hash databases (`/var/lib/rpm/Packages` up to RHEL 8 / CentOS 8 / Amazon
//! Linux 2): walks the hash pages, follows each off-page value through its overflow page
//! chain and returns the header blobs. Every page number, offset and chain is checked: a
//! chain may visit each page once, so the walk is bounded by the file size.

use crate::PkgDbError;

const HASH_MAGIC: u32 = 0x0006_1561;
const PAGE_HEADER: usize = 26;
const PAGE_TYPE_HASH_UNSORTED: u8 = 2;
const PAGE_TYPE_OVERFLOW: u8 = 7;
const PAGE_TYPE_HASH_META: u8 = 8;
const PAGE_TYPE_HASH: u8 = 13;
/// An item stored on overflow pages (`H_OFFPAGE`).
const ITEM_OFFPAGE: u8 = 3;
const OFFPAGE_ITEM_LEN: usize = 12;

#[derive(Clone, Copy)]
struct Endian {
    big: bool,
}

impl Endian {
    fn u16(self, b: &[u8], at: usize) -> Option<u16> {
        let s = b.get(at..at.checked_add(2)?)?;
        let a = [s[0], s[1]];
        Some(if self.big {
            u16::from_be_bytes(a)
        } else {
            u16::from_le_bytes(a)
        })
    }
    fn u32(self, b: &[u8], at: usize) -> Option<u32> {
        let s = b.get(at..at.checked_add(4)?)?;
        let a = [s[0], s[1], s[2], s[3]];
        Some(if self.big {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    }
}

/// Whether `data` starts like a Berkeley DB hash database.
pub(crate) fn looks_like_bdb(data: &[u8]) -> bool {
    let le = Endian { big: false };
    let be = Endian { big: true };
    le.u32(data, 12) == Some(HASH_MAGIC) || be.u32(data, 12) == Some(HASH_MAGIC)
}

/// The header blobs stored in a Berkeley DB hash `Packages` file.
pub(crate) fn bdb_blobs(data: &[u8], db_path: &str) -> Result<Vec<Vec<u8>>, PkgDbError> {
    let bad = |m: String| PkgDbError::malformed(db_path, "Berkeley DB", m);
    let endian = if (Endian { big: false }).u32(data, 12) == Some(HASH_MAGIC) {
        Endian { big: false }
    } else if (Endian { big: true }).u32(data, 12) == Some(HASH_MAGIC) {
        Endian { big: true }
    } else {
        return Err(bad("no hash database magic".into()));
    };
    let page_size = endian.u32(data, 20).unwrap_or(0) as usize;
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(bad(format!("unexpected page size {page_size}")));
    }
    if data.get(24) != Some(&0) {
        return Err(bad("encrypted databases are not supported".into()));
    }
    if data.get(25) != Some(&PAGE_TYPE_HASH_META) {
        return Err(bad("first page is not hash metadata".into()));
    }
    let last_page = endian.u32(data, 32).unwrap_or(0) as usize;
    let pages_in_file = data.len() / page_size;
    if last_page >= pages_in_file {
        return Err(bad(format!(
            "last page {last_page} is beyond the end of the file ({pages_in_file} pages)"
        )));
    }
    let page = |n: usize| data.get(n * page_size..(n + 1) * page_size);
    let mut out = Vec::new();
    // Shared by all chains: a page belongs to at most one value, so the whole walk touches
    // each page at most once whatever the file claims.
    let mut visited = vec![false; last_page + 1];
    for pgno in 0..=last_page {
        let Some(p) = page(pgno) else { break };
        if !matches!(p[25], PAGE_TYPE_HASH | PAGE_TYPE_HASH_UNSORTED) {
            continue;
        }
        let entries = endian.u16(p, 20).unwrap_or(0) as usize;
        if !entries.is_multiple_of(2) {
            return Err(bad(format!(
                "page {pgno}: odd entry count {entries} (keys and values come in pairs)"
            )));
        }
        if PAGE_HEADER + 2 * entries > page_size {
            return Err(bad(format!(
                "page {pgno}: {entries} entries overflow the page"
            )));
        }
        // Entries alternate key, value; only values hold headers.
        for value in (1..entries).step_by(2) {
            let off = endian
                .u16(p, PAGE_HEADER + 2 * value)
                .map(usize::from)
                .unwrap_or(usize::MAX);
            let Some(&item_type) = p.get(off) else {
                return Err(bad(format!("page {pgno}: item offset {off} out of page")));
            };
            if item_type != ITEM_OFFPAGE {
                // Small on-page items are rpm's bookkeeping, not headers.
                continue;
            }
            let Some(item) = p.get(off..off.saturating_add(OFFPAGE_ITEM_LEN)) else {
                return Err(bad(format!(
                    "page {pgno}: off-page item at {off} overflows the page"
                )));
            };
            let first = endian.u32(item, 4).unwrap_or(0) as usize;
            let total = endian.u32(item, 8).unwrap_or(0) as usize;
            let chain = Chain {
                data,
                page_size,
                endian,
            };
            out.push(chain.read(&mut visited, first, total, &bad)?);
        }
    }
    Ok(out)
}

struct Chain<'a> {
    data: &'a [u8],
    page_size: usize,
    endian: Endian,
}

impl Chain<'_> {
    /// Concatenates the overflow pages starting at `first`; a page already used is an error.
    fn read(
        &self,
        visited: &mut [bool],
        first: usize,
        total: usize,
        bad: &dyn Fn(String) -> PkgDbError,
    ) -> Result<Vec<u8>, PkgDbError> {
        let (data, page_size, endian) = (self.data, self.page_size, self.endian);
        // The value can never be larger than the file.
        let mut value = Vec::with_capacity(total.min(data.len()));
        let mut pgno = first;
        while pgno != 0 {
            if pgno >= visited.len() {
                return Err(bad(format!("overflow page {pgno} beyond last page")));
            }
            if std::mem::replace(&mut visited[pgno], true) {
                return Err(bad(format!("overflow chain loops at page {pgno}")));
            }
            let Some(p) = data.get(pgno * page_size..(pgno + 1) * page_size) else {
                return Err(bad(format!("overflow page {pgno} beyond end of file")));
            };
            if p[25] != PAGE_TYPE_OVERFLOW {
                return Err(bad(format!(
                    "page {pgno} in a value chain is not an overflow page"
                )));
            }
            let next = endian.u32(p, 16).unwrap_or(0) as usize;
            // For overflow pages the "high free offset" field holds the bytes used.
            let used = endian.u16(p, 22).unwrap_or(0) as usize;
            let payload = if next == 0 {
                p.get(PAGE_HEADER..PAGE_HEADER + used)
                    .ok_or_else(|| bad(format!("overflow page {pgno}: length {used} too big")))?
            } else {
                &p[PAGE_HEADER..]
            };
            value.extend_from_slice(payload);
            pgno = next;
        }
        if total != 0 && value.len() > total {
            value.truncate(total);
        }
        Ok(value)
    }
}
