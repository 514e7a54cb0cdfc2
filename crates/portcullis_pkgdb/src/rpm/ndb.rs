//! SUSE's NDB rpmdb (`/usr/lib/sysimage/rpm/Packages.db`, rpm >= 4.16 on SLE 15 / openSUSE):
//! a 32-byte header, slot pages of 16-byte slots, and blobs addressed in 16-byte blocks.
//! Counts are capped and every offset is checked against the file.

use crate::PkgDbError;

const HEADER_MAGIC: &[u8; 4] = b"RpmP";
const SLOT_MAGIC: &[u8; 4] = b"Slot";
const BLOB_MAGIC: &[u8; 4] = b"BlbS";
const SLOTS_PER_PAGE: usize = 4096 / 16;
const BLOCK: usize = 16;
/// rpm itself never writes more slot pages than this; a bigger count is corruption.
const MAX_SLOT_PAGES: usize = 2048;

fn le32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Whether `data` starts like an NDB `Packages.db`.
pub(crate) fn looks_like_ndb(data: &[u8]) -> bool {
    data.starts_with(HEADER_MAGIC)
}

/// The header blobs stored in an NDB `Packages.db`, in slot order.
pub(crate) fn ndb_blobs<'a>(data: &'a [u8], db_path: &str) -> Result<Vec<&'a [u8]>, PkgDbError> {
    let bad = |m: String| PkgDbError::malformed(db_path, "NDB", m);
    if !looks_like_ndb(data) || data.len() < 32 {
        return Err(bad("no NDB header".into()));
    }
    if le32(data, 4) != Some(0) {
        return Err(bad("unsupported NDB version".into()));
    }
    let slot_pages = le32(data, 12).unwrap_or(0) as usize;
    if slot_pages == 0 || slot_pages > MAX_SLOT_PAGES {
        return Err(bad(format!("slot page count {slot_pages} out of range")));
    }
    // The header takes the place of the first two slots.
    let slots = slot_pages * SLOTS_PER_PAGE - 2;
    let slots_end = 32 + slots * 16;
    if slots_end > data.len() {
        return Err(bad(format!(
            "{slot_pages} slot pages need {slots_end} bytes, file has {}",
            data.len()
        )));
    }
    let mut out = Vec::new();
    for i in 0..slots {
        let at = 32 + i * 16;
        let slot = &data[at..at + 16];
        if &slot[0..4] != SLOT_MAGIC {
            return Err(bad(format!("slot {i}: bad magic")));
        }
        let pkg = le32(slot, 4).unwrap_or(0);
        if pkg == 0 {
            continue;
        }
        let offset = (le32(slot, 8).unwrap_or(0) as usize).saturating_mul(BLOCK);
        let Some(head) = data.get(offset..offset.saturating_add(16)) else {
            return Err(bad(format!(
                "package {pkg}: blob offset {offset} beyond file"
            )));
        };
        if &head[0..4] != BLOB_MAGIC {
            return Err(bad(format!("package {pkg}: bad blob magic")));
        }
        if le32(head, 4) != Some(pkg) {
            return Err(bad(format!(
                "package {pkg}: blob belongs to another package"
            )));
        }
        let len = le32(head, 12).unwrap_or(0) as usize;
        let start = offset + 16;
        let Some(blob) = data.get(start..start.saturating_add(len)) else {
            return Err(bad(format!(
                "package {pkg}: blob of {len} bytes beyond file"
            )));
        };
        out.push(blob);
    }
    Ok(out)
}
