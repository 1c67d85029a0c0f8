//! What the evaluator reads: a month's records, typed and checked.
//!
//! Rows are stored flat, one schema's values side by side, each with its line in its
//! file. The record readers (`records`) produce these; a program embedding Kaohe may build
//! them in memory too. Nothing here checks a record: that is the readers' job, before
//! evaluation starts.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::calendar::Month;
use crate::check::program::{AGENT_ID, INCIDENT_AGENT};
use crate::value::Value;

/// Typed rows of one schema, stored flat: row `i` is `values[i * width..(i + 1) * width]`.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    pub width: usize,
    pub values: Vec<Value>,
    /// Each row's line in its file.
    pub lines: Vec<usize>,
}

impl Rows {
    pub fn new(width: usize) -> Rows {
        Rows { width, values: Vec::new(), lines: Vec::new() }
    }

    /// Room for `rows` rows, so a large file is stored without regrowing.
    pub fn with_capacity(width: usize, rows: usize) -> Rows {
        Rows { width, values: Vec::with_capacity(rows * width), lines: Vec::with_capacity(rows) }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn push(&mut self, values: impl IntoIterator<Item = Value>, line: usize) {
        self.values.extend(values);
        self.lines.push(line);
    }

    pub fn row(&self, i: usize) -> &[Value] {
        self.values.get(i * self.width..(i + 1) * self.width).unwrap_or(&[])
    }

    /// Adds `other`'s rows (of the same width) after these.
    pub fn append(&mut self, mut other: Rows) {
        self.values.append(&mut other.values);
        self.lines.append(&mut other.lines);
    }

    pub fn line(&self, i: usize) -> usize {
        self.lines.get(i).copied().unwrap_or(0)
    }
}

/// Typed rows stored packed, for the many rows of an incidents file: each value a tag
/// byte and the few bytes it needs (a date 4, a violation 2, a decimal of up to nine
/// digits 5), about 30 bytes an incident where [`Rows`] takes 128. The evaluator unpacks
/// one agent's rows at a time ([`PackedRows::unpack_into`]), so a month's incidents take
/// a quarter of the memory, and reading them in agent order touches a quarter of the
/// cache lines. Unpacking gives back exactly the values packed.
#[derive(Clone, Debug, Default)]
pub struct PackedRows {
    bytes: Vec<u8>,
    /// Where each row's bytes start in `bytes`.
    starts: Vec<usize>,
    /// Each row's line in its file.
    lines: Vec<usize>,
}

const FALSE: u8 = 0;
const TRUE: u8 = 1;
const DATE: u8 = 2;
const TEXT: u8 = 3;
const TIER: u8 = 4;
const SEVERITY: u8 = 5;
const VIOLATION: u8 = 6;
/// A decimal whose mantissa fits 32 bits: its scale, then the mantissa.
const SMALL_NUM: u8 = 7;
const NUM: u8 = 8;
/// Tiers, severities and violations past 65,535 (never written by hand) take 8 bytes.
const WIDE: u8 = 0x10;

impl PackedRows {
    /// Room for `rows` rows of about `width` values, so a large file is stored without
    /// regrowing.
    pub fn with_capacity(width: usize, rows: usize) -> PackedRows {
        PackedRows {
            bytes: Vec::with_capacity(rows * (width * 4 + 8)),
            starts: Vec::with_capacity(rows),
            lines: Vec::with_capacity(rows),
        }
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn line(&self, i: usize) -> usize {
        self.lines.get(i).copied().unwrap_or(0)
    }

    pub fn push(&mut self, values: &[Value], line: usize) {
        self.starts.push(self.bytes.len());
        self.lines.push(line);
        for v in values {
            self.pack(v);
        }
    }

    fn pack(&mut self, v: &Value) {
        let b = &mut self.bytes;
        let mut index = |tag: u8, i: usize| match u16::try_from(i) {
            Ok(small) => {
                b.push(tag);
                b.extend_from_slice(&small.to_le_bytes());
            }
            Err(_) => {
                b.push(tag | WIDE);
                b.extend_from_slice(&(i as u64).to_le_bytes());
            }
        };
        match v {
            Value::Bool(false) => b.push(FALSE),
            Value::Bool(true) => b.push(TRUE),
            Value::Tier(i) => index(TIER, *i),
            Value::Severity(i) => index(SEVERITY, *i),
            Value::Violation(i) => index(VIOLATION, *i),
            Value::Date(d) => {
                b.push(DATE);
                b.extend_from_slice(&d.num_days_from_ce().to_le_bytes());
            }
            Value::Text(t) => {
                b.push(TEXT);
                b.extend_from_slice(&(t.len() as u64).to_le_bytes());
                b.extend_from_slice(t.as_bytes());
            }
            Value::Num(n) => match i32::try_from(n.mantissa()) {
                // -0 keeps its sign only in the full form.
                Ok(m) if !(m == 0 && n.is_sign_negative()) => {
                    b.push(SMALL_NUM);
                    b.push(n.scale() as u8);
                    b.extend_from_slice(&m.to_le_bytes());
                }
                _ => {
                    b.push(NUM);
                    b.extend_from_slice(&n.serialize());
                }
            },
        }
    }

    /// Appends row `i`'s values to `out`.
    pub fn unpack_into(&self, i: usize, out: &mut Vec<Value>) {
        let mut at = self.packed(i);
        while let Some((v, rest)) = unpack(at) {
            out.push(v);
            at = rest;
        }
    }

    /// Row `i`'s values.
    pub fn row(&self, i: usize) -> Vec<Value> {
        let mut out = Vec::new();
        self.unpack_into(i, &mut out);
        out
    }

    /// Adds `other`'s rows after these.
    pub fn append(&mut self, other: PackedRows) {
        let base = self.bytes.len();
        self.bytes.extend_from_slice(&other.bytes);
        self.starts.extend(other.starts.iter().map(|s| s + base));
        self.lines.extend_from_slice(&other.lines);
    }

    /// The bytes held: how large the rows have grown.
    pub fn size(&self) -> usize {
        self.bytes.len()
    }

    /// Writes every row to `w` as [`PackedRows::read_each`] reads it back: its line
    /// (8 bytes), its length (4) and its packed bytes.
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        for i in 0..self.len() {
            let bytes = self.packed(i);
            let len = u32::try_from(bytes.len()).map_err(|_| std::io::ErrorKind::InvalidData)?;
            w.write_all(&(self.line(i) as u64).to_le_bytes())?;
            w.write_all(&len.to_le_bytes())?;
            w.write_all(bytes)?;
        }
        Ok(())
    }

    /// Reads rows [`PackedRows::write_to`] wrote, giving `each` the line and packed bytes
    /// of each, in order; an error for a stream that ends inside a row.
    pub fn read_each(r: &mut dyn std::io::Read, each: &mut dyn FnMut(usize, &[u8])) -> std::io::Result<()> {
        let mut head = [0u8; 12];
        let mut bytes = Vec::new();
        loop {
            match r.read_exact(&mut head[..1]) {
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
                other => other?,
            }
            r.read_exact(&mut head[1..])?;
            let (line, len) = head.split_at(8);
            let line = u64::from_le_bytes(line.try_into().unwrap_or_default());
            let len = u32::from_le_bytes(len.try_into().unwrap_or_default());
            bytes.resize(len as usize, 0);
            r.read_exact(&mut bytes)?;
            each(usize::try_from(line).unwrap_or(usize::MAX), &bytes);
        }
    }

    /// Adds a row already packed (bytes another [`PackedRows`] holds for one row).
    pub fn push_packed(&mut self, bytes: &[u8], line: usize) {
        self.starts.push(self.bytes.len());
        self.lines.push(line);
        self.bytes.extend_from_slice(bytes);
    }

    /// Row `i`'s packed bytes.
    fn packed(&self, i: usize) -> &[u8] {
        let start = self.starts.get(i).copied().unwrap_or(0);
        let end = self.starts.get(i + 1).copied().unwrap_or(self.bytes.len());
        self.bytes.get(start..end).unwrap_or(&[])
    }

    /// Leaves no row, keeping the room.
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.starts.clear();
        self.lines.clear();
    }

    /// The rows of `rows`, packed.
    pub fn from_rows(rows: &Rows) -> PackedRows {
        let mut packed = PackedRows::with_capacity(rows.width, rows.len());
        for i in 0..rows.len() {
            packed.push(rows.row(i), rows.line(i));
        }
        packed
    }
}

/// The value at the start of `bytes` and what follows it; `None` at the end.
fn unpack(bytes: &[u8]) -> Option<(Value, &[u8])> {
    let (&tag, rest) = bytes.split_first()?;
    let take = |n: usize| Some((rest.get(..n)?, rest.get(n..)?));
    let index = || -> Option<(usize, &[u8])> {
        if tag & WIDE == 0 {
            let (b, rest) = take(2)?;
            Some((usize::from(u16::from_le_bytes(b.try_into().ok()?)), rest))
        } else {
            let (b, rest) = take(8)?;
            Some((usize::try_from(u64::from_le_bytes(b.try_into().ok()?)).ok()?, rest))
        }
    };
    Some(match tag & !WIDE {
        FALSE => (Value::Bool(false), rest),
        TRUE => (Value::Bool(true), rest),
        TIER => index().map(|(i, r)| (Value::Tier(i), r))?,
        SEVERITY => index().map(|(i, r)| (Value::Severity(i), r))?,
        VIOLATION => index().map(|(i, r)| (Value::Violation(i), r))?,
        DATE => {
            let (b, rest) = take(4)?;
            (Value::Date(NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(b.try_into().ok()?))?), rest)
        }
        TEXT => {
            let (b, rest) = take(8)?;
            let n = usize::try_from(u64::from_le_bytes(b.try_into().ok()?)).ok()?;
            let (text, rest) = (rest.get(..n)?, rest.get(n..)?);
            (Value::Text(Arc::from(std::str::from_utf8(text).ok()?)), rest)
        }
        SMALL_NUM => {
            let (b, rest) = take(5)?;
            let (&scale, m) = b.split_first()?;
            let m = i32::from_le_bytes(m.try_into().ok()?);
            (Value::Num(Decimal::try_from_i128_with_scale(i128::from(m), u32::from(scale)).ok()?), rest)
        }
        NUM => {
            let (b, rest) = take(16)?;
            (Value::Num(Decimal::deserialize(b.try_into().ok()?)), rest)
        }
        _ => return None,
    })
}

/// A month's records, typed and checked.
#[derive(Clone, Debug)]
pub struct MonthRecords {
    pub month: Month,
    pub agents: Rows,
    pub incidents: PackedRows,
    /// For each incident, the index of its agent in `agents`.
    pub incident_agent: Vec<u32>,
}

impl MonthRecords {
    /// How many values an incident has, about (for room to unpack them).
    pub fn incidents_width(&self) -> usize {
        if self.incidents.is_empty() {
            0
        } else {
            self.incidents.row(0).len()
        }
    }

    /// Records built in memory, e.g. by a program embedding Kaohe: each incident's agent
    /// is found by id.
    pub fn new(month: Month, agents: Rows, incidents: Rows) -> MonthRecords {
        let index: HashMap<&str, u32> = (0..agents.len())
            .filter_map(|i| match agents.row(i).get(AGENT_ID) {
                Some(Value::Text(t)) => Some((t.as_ref(), u32::try_from(i).unwrap_or(u32::MAX))),
                _ => None,
            })
            .collect();
        let incident_agent = (0..incidents.len())
            .map(|i| match incidents.row(i).get(INCIDENT_AGENT) {
                Some(Value::Text(t)) => index.get(t.as_ref()).copied().unwrap_or(u32::MAX),
                _ => u32::MAX,
            })
            .collect();
        MonthRecords { month, agents, incidents: PackedRows::from_rows(&incidents), incident_agent }
    }
}

/// One incident of an agent, as the evaluator reads it.
#[derive(Clone, Copy, Debug)]
pub struct IncidentRow<'a> {
    pub values: &'a [Value],
    pub line: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_rows_unpack_to_the_values_packed() {
        let date = |y, m, d| Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let num = |s: &str| Value::Num(s.parse().unwrap());
        let rows: Vec<Vec<Value>> = vec![
            vec![Value::Bool(false), date(2024, 12, 31), Value::Violation(3), num("30.50"), num("0")],
            vec![Value::Text("张三 A001".into()), date(1, 1, 1), Value::Tier(70_000), num("-0.0"), num("-2.5")],
            vec![Value::Severity(2), Value::Bool(true), num("79228162514264337593543950335"), num("0.0000000001")],
            vec![],
            vec![num("-2147483648"), num("2147483648"), Value::Text("".into()), date(9999, 12, 31)],
        ];
        let mut packed = PackedRows::with_capacity(5, 1);
        for (i, r) in rows.iter().enumerate() {
            packed.push(r, i + 2);
        }
        let mut more = PackedRows::default();
        more.push(&rows[0], 9);
        packed.append(more);
        assert_eq!(packed.len(), 6);
        for (i, r) in rows.iter().chain([&rows[0]]).enumerate() {
            let back = packed.row(i);
            assert_eq!(format!("{back:?}"), format!("{r:?}"), "row {i}");
            // Scale and sign as packed: `30.50` stays `30.50`, `-0.0` stays negative.
            for (a, b) in back.iter().zip(r) {
                if let (Value::Num(a), Value::Num(b)) = (a, b) {
                    assert_eq!((a.scale(), a.is_sign_negative()), (b.scale(), b.is_sign_negative()));
                }
            }
        }
        assert_eq!((packed.line(1), packed.line(5)), (3, 9));
        // The usual incident takes about 20 bytes.
        let mut one = PackedRows::default();
        one.push(&rows[0], 2);
        assert_eq!(one.bytes.len(), 1 + 5 + 3 + 6 + 6);
    }
}
