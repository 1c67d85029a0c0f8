//! An Excel 97-2003 workbook (`.xls`) looked at before calamine reads it.
//!
//! calamine reads every sheet of an `.xls` file when it opens it, each into a full grid
//! from its first to its last cell, after reserving room for the cells the sheet's
//! DIMENSIONS record declares; and its compound-file reader follows sector chains
//! without noticing a loop. So the file is walked here first, the way calamine 0.35 walks
//! it (`src/cfb.rs`, `src/xls.rs`): every chain it follows must end within as many steps
//! as the file has sectors, the FAT it builds may list no more sectors than the file has,
//! and in the workbook stream every sheet's declared dimensions, the grid its cells span
//! (all sheets together) and the text its cells hold (a shared string is copied into
//! every cell that uses it) must stay within the limits.
//!
//! calamine also opens every `.xlsx` and `.xlsb` file as a compound file first (to see
//! whether it is an encrypted workbook), so those get the same walk of the chains.
//!
//! Whatever this walk cannot make sense of is left to calamine, which reports it; only
//! what would make calamine allocate without bound or loop forever is refused here.

use super::{grouped, Limits, Refusal};

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

fn damaged(why: impl std::fmt::Display) -> Refusal {
    Refusal::new(format!("its compound-file structure is damaged: {why}"))
}

/// The compound file as calamine sees it: sectors after the header, numbered from 0.
struct Compound<'a> {
    bytes: &'a [u8],
    size: usize,
    header: usize,
    maxid: usize,
}

impl Compound<'_> {
    /// Sector `id`, possibly short at the end of the file; `None` past `maxid`, where
    /// calamine stops with an error.
    fn sector(&self, id: u32) -> Option<&[u8]> {
        let id = id as usize;
        if id > self.maxid {
            return None;
        }
        let start = self.header.checked_add(id.checked_mul(self.size)?)?;
        let end = start.saturating_add(self.size).min(self.bytes.len());
        Some(self.bytes.get(start.min(end)..end).unwrap_or(&[]))
    }

    /// Follows a chain as calamine's `get_chain` does, refusing one that would go on for
    /// more steps than the file has sectors; `None` where calamine would stop with an
    /// error of its own.
    fn chain(&self, start: u32, fat: &[u32], len: usize, what: &str) -> Result<Option<Vec<u8>>, Refusal> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > self.maxid + 2 {
                return Err(damaged(format!("the chain of sectors of {what} loops")));
            }
            let Some(sector) = self.sector(id) else { return Ok(None) };
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(sector.get(..take).unwrap_or(&[]));
            if out.len() >= len {
                break;
            }
            let Some(&next) = fat.get(id as usize) else { return Ok(None) };
            id = next;
        }
        Ok(Some(out))
    }
}

/// Checks an `.xls` file. `Ok` where it is fine or where calamine will refuse it itself.
pub fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let Some(stream) = workbook_stream(bytes)? else { return Ok(()) };
    check_workbook(&stream, limits)
}

/// Checks the compound-file structure of any workbook: calamine opens an `.xlsx` or
/// `.xlsb` file as a compound file first (to see whether it is encrypted), and so walks
/// the same chains.
pub fn check_compound(bytes: &[u8]) -> Result<(), Refusal> {
    workbook_stream(bytes).map(|_| ())
}

/// The `Workbook` stream, read as calamine reads it, or `None` where calamine will stop
/// with an error before it.
fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, Refusal> {
    let Some(head) = bytes.get(..512) else { return Ok(None) };
    if u64_at(head, 0) != Some(0xE11A_B1A1_E011_CFD0) || u16_at(head, 32) != Some(6) {
        return Ok(None);
    }
    let size = match u16_at(head, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(None),
    };
    let header = size.max(512);
    if bytes.len() < header {
        return Ok(None);
    }
    let cfb = Compound { bytes, size, header, maxid: bytes.len() / size };
    let sectors = cfb.maxid as u64 + 1;
    let field = |at: usize| u32_at(head, at).unwrap_or(0);
    // calamine reserves room for these counts before reading anything.
    let fat_len = u64::from(field(44));
    // (calamine reads the DIFAT count from byte 62, not 72; mirrored here.)
    let difat_len = u64::from(field(62));
    if fat_len > sectors {
        return Err(damaged(format!(
            "the header claims {} FAT sectors in a file of {} sectors",
            grouped(fat_len),
            grouped(sectors)
        )));
    }
    // (Legitimately this reads as the mini FAT's length times 65,536, plus at most 65,535.)
    if difat_len > 1 << 26 {
        return Err(damaged(format!("the header claims {} DIFAT entries", grouped(difat_len))));
    }
    // The DIFAT: 109 entries in the header, then a chain of sectors, the last entry of
    // each pointing to the next.
    let mut difat: Vec<u32> = (0..109).filter_map(|i| u32_at(head, 76 + 4 * i)).collect();
    let mut id = field(68);
    let mut steps = 0usize;
    while id < RESERVED {
        steps += 1;
        if steps > cfb.maxid + 2 {
            return Err(damaged("the chain of DIFAT sectors loops"));
        }
        let Some(sector) = cfb.sector(id) else { return Ok(None) };
        difat.extend(sector.chunks_exact(4).filter_map(|c| u32_at(c, 0)));
        let Some(next) = difat.pop() else { return Ok(None) };
        id = next;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_sectors.len() as u64 > sectors {
        return Err(damaged(format!(
            "it lists {} FAT sectors in a file of {} sectors",
            grouped(fat_sectors.len() as u64),
            grouped(sectors)
        )));
    }
    let mut fat: Vec<u32> = Vec::new();
    for id in fat_sectors {
        let Some(sector) = cfb.sector(id) else { return Ok(None) };
        fat.extend(sector.chunks_exact(4).filter_map(|c| u32_at(c, 0)));
    }
    let Some(dirs) = cfb.chain(field(48), &fat, usize::MAX, "the directory")? else { return Ok(None) };
    let entries: Vec<(String, u32, usize)> = dirs
        .chunks(128)
        .filter_map(|e| {
            let name: Vec<u16> = e.get(..64)?.chunks_exact(2).filter_map(|c| u16_at(c, 0)).collect();
            let name = String::from_utf16_lossy(&name);
            let name = name.split('\0').next().unwrap_or("").to_string();
            let start = u32_at(e, 116)?;
            let len = if size == 512 { u64::from(u32_at(e, 120)?) } else { u64_at(e, 120)? };
            Some((name, start, usize::try_from(len).unwrap_or(usize::MAX)))
        })
        .collect();
    let Some(root) = entries.first() else { return Ok(None) };
    // calamine loads the mini stream and the mini FAT when it opens the file.
    let mini_len = field(64) as usize;
    let mini = if mini_len > 0 {
        let Some(ministream) = cfb.chain(root.1, &fat, root.2, "the mini stream")? else { return Ok(None) };
        let Some(minifat) = cfb.chain(field(60), &fat, mini_len.saturating_mul(size), "the mini FAT")? else {
            return Ok(None);
        };
        Some((ministream, minifat.chunks_exact(4).filter_map(|c| u32_at(c, 0)).collect::<Vec<u32>>()))
    } else {
        None
    };
    let Some(stream) =
        ["Workbook", "Book", "WORKBOOK", "BOOK"].iter().find_map(|n| entries.iter().find(|(name, _, _)| name == n))
    else {
        return Ok(None);
    };
    let (_, start, len) = stream;
    if *len < 4096 {
        // A small stream lives in the mini stream, 64-byte sectors inside the root's chain.
        let Some((ministream, minifat)) = mini else { return Ok(None) };
        let mut out = Vec::new();
        let mut id = *start;
        // The stream is shorter than 4096 bytes: at most 64 mini sectors, loop or not.
        while id != ENDOFCHAIN && out.len() < *len {
            let from = (id as usize).saturating_mul(64);
            let sector = ministream.get(from..from.saturating_add(64).min(ministream.len())).unwrap_or(&[]);
            if sector.is_empty() {
                return Ok(None);
            }
            out.extend_from_slice(sector.get(..sector.len().min(len - out.len())).unwrap_or(&[]));
            let Some(&next) = minifat.get(id as usize) else { break };
            id = next;
        }
        return Ok(Some(out));
    }
    cfb.chain(*start, &fat, *len, "the workbook stream")
}

/// One BIFF record: its type and its data (CONTINUE records following it joined).
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// BIFF records, as calamine's `RecordIter` cuts them; stops where calamine would stop
/// with an error.
fn records(stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)?;
        let len = u16_at(rest, 2)? as usize;
        let data = rest.get(4..4 + len)?;
        rest = rest.get(4 + len..)?;
        let mut cont = Vec::new();
        while rest.len() > 4 && u16_at(rest, 0) == Some(0x003C) {
            let len = u16_at(rest, 2)? as usize;
            cont.push(rest.get(4..4 + len)?);
            rest = rest.get(4 + len..)?;
        }
        Some(Record { typ, data, cont })
    })
}

/// The grid the cells of one sheet span, and the text they hold.
#[derive(Default)]
struct Span {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Span {
    fn add(&mut self, row: u32, col: u32) {
        self.rows = Some(self.rows.map_or((row, row), |(a, b)| (a.min(row), b.max(row))));
        self.cols = Some(self.cols.map_or((col, col), |(a, b)| (a.min(col), b.max(col))));
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1),
            _ => 0,
        }
    }
}

fn check_workbook(stream: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut strings: Vec<u64> = Vec::new();
    for r in records(stream) {
        match r.typ {
            // BoundSheet8: where the sheet's records start, and its name.
            0x0085 => {
                let Some(pos) = u32_at(r.data, 0) else { continue };
                let name_len = r.data.get(6).copied().unwrap_or(0) as usize;
                let wide = r.data.get(7).is_some_and(|f| f & 1 == 1);
                let raw = r.data.get(8..).unwrap_or(&[]);
                let name = if wide {
                    let units: Vec<u16> = raw.chunks_exact(2).take(name_len).filter_map(|c| u16_at(c, 0)).collect();
                    String::from_utf16_lossy(&units)
                } else {
                    raw.iter().take(name_len).map(|b| char::from(*b)).collect()
                };
                sheets.push((pos as usize, name));
            }
            0x00FC => strings = shared_string_sizes(&r),
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    for (pos, name) in sheets {
        let Some(sheet) = stream.get(pos..) else { continue };
        let mut span = Span::default();
        let mut text = 0u64;
        for r in records(sheet) {
            let (row, col) = (u16_at(r.data, 0).map(u32::from), u16_at(r.data, 2).map(u32::from));
            match r.typ {
                0x0200 => dimensions(&name, r.data, limits)?,
                // Number, BoolErr, RK, Formula: a cell at (row, col).
                0x0203 | 0x0205 | 0x027E | 0x0006 => {
                    if let (Some(row), Some(col)) = (row, col) {
                        span.add(row, col);
                    }
                }
                // Label: a cell with its own text.
                0x0204 => {
                    if let (Some(row), Some(col)) = (row, col) {
                        span.add(row, col);
                        text += r.data.len() as u64 * 2;
                    }
                }
                // LabelSst: a cell with a copy of a shared string.
                0x00FD => {
                    if let (Some(row), Some(col), Some(i)) = (row, col, u32_at(r.data, 6)) {
                        span.add(row, col);
                        text += strings.get(i as usize).copied().unwrap_or(0);
                    }
                }
                // MulRk: cells from one column to another in a row.
                0x00BD => {
                    let last = r.data.len().checked_sub(2).and_then(|at| u16_at(r.data, at)).map(u32::from);
                    if let (Some(row), Some(first), Some(last)) = (row, col, last) {
                        if first <= last {
                            span.add(row, first);
                            span.add(row, last);
                        }
                    }
                }
                0x000A => break,
                _ => {}
            }
            if text > limits.sheet_text {
                return Err(Refusal::new(format!(
                    "sheet `{name}` holds more than {} bytes of text; Kaohe reads at most {} bytes",
                    grouped(limits.sheet_text),
                    grouped(limits.sheet_text)
                )));
            }
        }
        if let Some((_, c1)) = span.cols {
            if c1 >= limits.columns {
                return Err(Refusal::new(format!(
                    "sheet `{name}` has a cell in column {} (the {}th); Kaohe reads at most {} columns",
                    super::column_letter(c1),
                    grouped(u64::from(c1) + 1),
                    grouped(u64::from(limits.columns))
                )));
            }
        }
        total = total.saturating_add(span.cells());
        if total > limits.grid_cells {
            let (r0, r1) = span.rows.unwrap_or((0, 0));
            let (c0, c1) = span.cols.unwrap_or((0, 0));
            return Err(Refusal::new(format!(
                "sheet `{name}` spans rows {} to {} and columns {} to {}, {} cells with the sheets before it; Kaohe \
                 reads at most {} cells of an .xls or .ods workbook",
                grouped(u64::from(r0) + 1),
                grouped(u64::from(r1) + 1),
                super::column_letter(c0),
                super::column_letter(c1),
                grouped(total),
                grouped(limits.grid_cells)
            )));
        }
    }
    Ok(())
}

/// A DIMENSIONS record, read as calamine reads it to reserve room for the sheet's cells.
fn dimensions(sheet: &str, data: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return Ok(()),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 { ((rf, cf), (rl - 1, cl - 1)) } else { ((rf, cf), (rf, cf)) };
    let rows = end.0.checked_sub(start.0).map(|n| u64::from(n) + 1);
    let cols = end.1.checked_sub(start.1).map(|n| u64::from(n) + 1);
    let cells = rows.zip(cols).map(|(r, c)| r * c);
    match cells {
        Some(n) if n <= limits.grid_cells => Ok(()),
        Some(n) => Err(Refusal::new(format!(
            "sheet `{sheet}` declares {} rows × {} columns, {} cells; Kaohe reads at most {} cells of an .xls \
             workbook",
            grouped(rows.unwrap_or(0)),
            grouped(cols.unwrap_or(0)),
            grouped(n),
            grouped(limits.grid_cells)
        ))),
        None => Err(Refusal::new(format!(
            "sheet `{sheet}` declares dimensions that end before they start (rows {} to {})",
            grouped(u64::from(rf) + 1),
            grouped(u64::from(rl))
        ))),
    }
}

/// The size in bytes (as UTF-8, at most 3 bytes a character) of each string of the SST
/// record, walked as calamine's `parse_sst` walks it.
fn shared_string_sizes(r: &Record) -> Vec<u64> {
    let mut sizes = Vec::new();
    let mut data = r.data.get(8..).unwrap_or(&[]);
    let mut cont = r.cont.iter();
    loop {
        if data.is_empty() {
            match cont.next() {
                Some(next) => data = next,
                None => return sizes,
            }
        }
        let (Some(cch), Some(&flags)) = (u16_at(data, 0), data.get(2)) else { return sizes };
        data = data.get(3..).unwrap_or(&[]);
        let mut runs = 0usize;
        let mut ext = 0usize;
        if flags & 0x8 != 0 {
            runs = u16_at(data, 0).unwrap_or(0) as usize;
            data = data.get(2..).unwrap_or(&[]);
        }
        if flags & 0x4 != 0 {
            ext = u32_at(data, 0).unwrap_or(0) as usize;
            data = data.get(4..).unwrap_or(&[]);
        }
        let mut wide = flags & 0x1 != 0;
        let mut left = cch as usize;
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let here = (data.len() / width).min(left);
            data = data.get(here * width..).unwrap_or(&[]);
            left -= here;
            if left > 0 {
                let Some(next) = cont.next() else { return sizes };
                wide = next.first().is_some_and(|f| f & 1 == 1);
                data = next.get(1..).unwrap_or(&[]);
            }
        }
        sizes.push(u64::from(cch) * 3);
        let mut skip = runs * 4 + ext;
        while skip > 0 {
            if data.is_empty() {
                let Some(next) = cont.next() else { return sizes };
                data = next;
            }
            let n = skip.min(data.len());
            data = data.get(n..).unwrap_or(&[]);
            skip -= n;
        }
    }
}
