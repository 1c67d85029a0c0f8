//! A month over the in-memory budget: its incidents typed once, as they are checked, into
//! temporary files, and read back a range of agents at a time for evaluation.
//!
//! The files are anonymous (`tempfile::tempfile`: the system removes them when they are
//! closed, whatever happens to the process). Where one cannot be made or written, the
//! month is typed again from its text for each range instead ([`super::incidents_of`]):
//! slower, with the same result.

use std::fs::File;
use std::io::{BufReader, BufWriter, Seek, SeekFrom, Write};
use std::ops::Range;

use super::PackedRows;

/// The rows typed so far are written out when they take this many bytes.
const BATCH: usize = 1 << 20;

/// One temporary file being written, the rows of one piece of the incidents file.
pub(super) struct Spill {
    /// `None` once a write failed.
    file: Option<BufWriter<File>>,
    /// Rows typed and not yet written.
    rows: PackedRows,
}

impl Spill {
    /// A new temporary file, or `None` where none can be made.
    pub(super) fn new() -> Option<Spill> {
        let file = tempfile::tempfile().ok()?;
        Some(Spill { file: Some(BufWriter::with_capacity(BATCH, file)), rows: PackedRows::default() })
    }

    /// Keeps one typed row (its values packed).
    pub(super) fn push(&mut self, values: &[crate::value::Value], line: usize) {
        self.rows.push(values, line);
        if self.rows.size() >= BATCH {
            self.write_rows();
        }
    }

    fn write_rows(&mut self) {
        if let Some(file) = &mut self.file {
            if self.rows.write_to(file).is_err() {
                self.file = None;
            }
        }
        self.rows.clear();
    }

    /// The file, every row written and read from its start; `None` if a write failed.
    pub(super) fn finish(mut self) -> Option<File> {
        self.write_rows();
        let mut file = self.file?.into_inner().ok()?;
        file.flush().ok()?;
        file.seek(SeekFrom::Start(0)).ok()?;
        Some(file)
    }
}

/// A month's typed incidents in temporary files, in the incidents file's order.
pub struct Spilled {
    files: Vec<File>,
}

impl Spilled {
    /// The files of the pieces, in order; `None` if any piece's could not be written.
    pub(super) fn of(pieces: Vec<Option<File>>) -> Option<Spilled> {
        pieces.into_iter().collect::<Option<Vec<File>>>().map(|files| Spilled { files })
    }

    /// The incidents of the agents `range`, with each one's agent as an index into the
    /// range: `owners` gives each incident's agent (as [`super::MonthRecords`]'s
    /// `incident_agent` does, for every incident in file order). Read from the files, not
    /// typed again.
    pub fn incidents_of(&self, owners: &[u32], range: Range<usize>) -> std::io::Result<(PackedRows, Vec<u32>)> {
        let mut rows = PackedRows::default();
        let mut of_range = Vec::new();
        let mut next = 0usize;
        for file in &self.files {
            let mut file = file;
            file.seek(SeekFrom::Start(0))?;
            let mut reader = BufReader::with_capacity(BATCH, file);
            PackedRows::read_each(&mut reader, &mut |line, bytes| {
                let owner = owners.get(next).map_or(usize::MAX, |&o| o as usize);
                next += 1;
                if range.contains(&owner) {
                    rows.push_packed(bytes, line);
                    of_range.push(u32::try_from(owner - range.start).unwrap_or(u32::MAX));
                }
            })?;
        }
        if next != owners.len() {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        Ok((rows, of_range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;
    use rust_decimal::Decimal;

    #[test]
    fn rows_read_back_a_range_at_a_time_are_the_rows_written() {
        let row = |i: usize| vec![Value::Text(format!("A{:03}", i % 7).into()), Value::Num(Decimal::new(i as i64, 2))];
        // Two pieces, the second's rows after the first's; more than a batch in all.
        let (mut first, mut second) = (Spill::new().unwrap(), Spill::new().unwrap());
        let owners: Vec<u32> = (0..60_000).map(|i| (i % 7) as u32).collect();
        for i in 0..60_000 {
            let piece = if i < 40_000 { &mut first } else { &mut second };
            piece.push(&row(i), i + 2);
        }
        let spilled = Spilled::of(vec![first.finish(), second.finish()]).unwrap();
        for range in [0..3, 3..7] {
            let (rows, of_range) = spilled.incidents_of(&owners, range.clone()).unwrap();
            let expected: Vec<usize> = (0..60_000).filter(|i| range.contains(&(i % 7))).collect();
            assert_eq!(rows.len(), expected.len());
            for (k, &i) in expected.iter().enumerate() {
                assert_eq!((rows.row(k), rows.line(k)), (row(i), i + 2));
                assert_eq!(of_range[k] as usize, i % 7 - range.start);
            }
        }
        // Owners that do not match the files' rows are an error, not a wrong month.
        assert!(spilled.incidents_of(&owners[1..], 0..7).is_err());
    }
}
