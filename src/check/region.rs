//! Regions of a table's parameters: the values a row matches, exactly.
//!
//! A row's condition over parameters `p₁ … pₙ` is a union of boxes, a box one [`Set`] per
//! parameter: intervals over a quantity (each end open or closed, or unbounded), a subset
//! of a finite list (bools, tiers by rank, severities, violations, choices), or a finite
//! or co-finite set of texts. A quantity whose values are known to be multiples of a grain
//! (whole cents for money, whole numbers for counts) is kept on that grid, so
//! `x <= 1` and `x >= 2` leave nothing between them for a count and `(1, 2)` for a plain
//! number. Every operation is exact (rust_decimal); one that would overflow, or would grow
//! the boxes past the [`Budget`], gives up ([`Undecided`]) instead of guessing.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use rust_decimal::{Decimal, RoundingStrategy};

/// The analysis gave up: an overflow, or the budget ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Undecided;

pub(crate) type Decided<T> = Result<T, Undecided>;

/// How many boxes one table's analysis may build before it gives up.
pub(crate) struct Budget(pub usize);

impl Budget {
    pub fn spend(&mut self, n: usize) -> Decided<()> {
        self.0 = self.0.checked_sub(n).ok_or(Undecided)?;
        Ok(())
    }
}

/// One end of an interval: a value and whether it is included; `None` is unbounded.
pub(crate) type End = Option<(Decimal, bool)>;

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Interval {
    pub lo: End,
    pub hi: End,
}

impl Interval {
    pub const ALL: Interval = Interval { lo: None, hi: None };

    fn is_empty(&self) -> bool {
        match (self.lo, self.hi) {
            (Some((a, ca)), Some((b, cb))) => a > b || (a == b && !(ca && cb)),
            _ => false,
        }
    }

    pub fn bounded(&self) -> bool {
        self.lo.is_some() && self.hi.is_some()
    }

    /// A value inside: an included end first (`50000` in `[50000, 60000)`), else the
    /// middle, else one beyond the only end.
    pub fn example(&self) -> Decimal {
        match (self.lo, self.hi) {
            (Some((a, true)), _) => a,
            (_, Some((b, true))) => b,
            (Some((a, _)), Some((b, _))) => {
                a.checked_add(b).and_then(|s| s.checked_div(Decimal::TWO)).map_or(a, |m| m.normalize())
            }
            (Some((a, _)), None) => a.checked_add(Decimal::ONE).unwrap_or(a),
            (None, Some((b, _))) => b.checked_sub(Decimal::ONE).unwrap_or(b),
            (None, None) => Decimal::ZERO,
        }
    }

    /// A value inside, nearest its upper end (for "the rows below").
    fn example_high(&self) -> Decimal {
        match self.hi {
            Some((b, true)) => b,
            Some(_) if self.lo.is_some() => self.example(),
            Some((b, _)) => b.checked_sub(Decimal::ONE).unwrap_or(b),
            None => self.example(),
        }
    }

    /// A value inside, nearest its lower end.
    fn example_low(&self) -> Decimal {
        match self.lo {
            Some((a, true)) => a,
            Some(_) if self.hi.is_some() => self.example(),
            Some((a, _)) => a.checked_add(Decimal::ONE).unwrap_or(a),
            None => self.example(),
        }
    }

    pub fn contains(&self, x: Decimal) -> bool {
        let above = match self.lo {
            Some((a, closed)) => x > a || (closed && x == a),
            None => true,
        };
        let below = match self.hi {
            Some((b, closed)) => x < b || (closed && x == b),
            None => true,
        };
        above && below
    }
}

/// Orders lower ends: unbounded first, then by value, an included end before an
/// excluded one.
fn cmp_lo(a: &End, b: &End) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, _) => Ordering::Less,
        (_, None) => Ordering::Greater,
        (Some((x, cx)), Some((y, cy))) => x.cmp(y).then(cy.cmp(cx)),
    }
}

/// Orders upper ends: by value, an excluded end before an included one, unbounded last.
fn cmp_hi(a: &End, b: &End) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, _) => Ordering::Greater,
        (_, None) => Ordering::Less,
        (Some((x, cx)), Some((y, cy))) => x.cmp(y).then(cx.cmp(cy)),
    }
}

/// A union of disjoint intervals, sorted, none touching the next; with a grain (decimal
/// places) every end is an included multiple of it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Intervals {
    pub parts: Vec<Interval>,
    pub grain: Option<u32>,
}

impl Intervals {
    pub fn all(grain: Option<u32>) -> Intervals {
        Intervals { parts: vec![Interval::ALL], grain }
    }

    #[cfg(test)]
    pub fn of(iv: Interval, grain: Option<u32>) -> Decided<Intervals> {
        Intervals { parts: vec![iv], grain }.normalized()
    }

    /// The union of `parts`, on the grid of `grain`.
    pub fn from_parts(parts: Vec<Interval>, grain: Option<u32>) -> Decided<Intervals> {
        Intervals { parts, grain }.normalized()
    }

    fn step(&self) -> Option<Decimal> {
        self.grain.map(|k| Decimal::new(1, k))
    }

    /// On the grid: ends rounded inwards to included multiples of the grain.
    fn snap(&self, iv: Interval) -> Decided<Interval> {
        let (Some(k), Some(step)) = (self.grain, self.step()) else { return Ok(iv) };
        let lo = match iv.lo {
            Some((a, closed)) => {
                let m = a.round_dp_with_strategy(k, RoundingStrategy::ToPositiveInfinity);
                let m = if !closed && m == a { m.checked_add(step).ok_or(Undecided)? } else { m };
                Some((m, true))
            }
            None => None,
        };
        let hi = match iv.hi {
            Some((b, closed)) => {
                let m = b.round_dp_with_strategy(k, RoundingStrategy::ToNegativeInfinity);
                let m = if !closed && m == b { m.checked_sub(step).ok_or(Undecided)? } else { m };
                Some((m, true))
            }
            None => None,
        };
        Ok(Interval { lo, hi })
    }

    /// Whether `b` (starting at or after `a`) overlaps or touches `a`.
    fn joins(&self, a: &Interval, b: &Interval) -> Decided<bool> {
        let (Some((ah, ac)), Some((bl, bc))) = (a.hi, b.lo) else { return Ok(true) };
        if ah > bl || (ah == bl && (ac || bc)) {
            return Ok(true);
        }
        match self.step() {
            Some(step) => Ok(ah.checked_add(step).ok_or(Undecided)? == bl),
            None => Ok(false),
        }
    }

    fn normalized(mut self) -> Decided<Intervals> {
        let mut parts = Vec::with_capacity(self.parts.len());
        for iv in std::mem::take(&mut self.parts) {
            let iv = self.snap(iv)?;
            if !iv.is_empty() {
                parts.push(iv);
            }
        }
        parts.sort_by(|a, b| cmp_lo(&a.lo, &b.lo));
        let mut out: Vec<Interval> = Vec::with_capacity(parts.len());
        for iv in parts {
            if let Some(last) = out.last_mut() {
                if self.joins(last, &iv)? {
                    if cmp_hi(&iv.hi, &last.hi) == Ordering::Greater {
                        last.hi = iv.hi;
                    }
                    continue;
                }
            }
            out.push(iv);
        }
        self.parts = out;
        Ok(self)
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    fn intersect(&self, other: &Intervals) -> Decided<Intervals> {
        let mut parts = Vec::new();
        for a in &self.parts {
            for b in &other.parts {
                let lo = if cmp_lo(&a.lo, &b.lo) == Ordering::Less { b.lo } else { a.lo };
                let hi = if cmp_hi(&a.hi, &b.hi) == Ordering::Greater { b.hi } else { a.hi };
                let iv = Interval { lo, hi };
                if !iv.is_empty() {
                    parts.push(iv);
                }
            }
        }
        Intervals { parts, grain: self.grain }.normalized()
    }

    fn complement(&self) -> Decided<Intervals> {
        let mut parts = Vec::new();
        // Where the next gap starts: unbounded below at first.
        let mut lo: End = None;
        for iv in &self.parts {
            if let Some((a, closed)) = iv.lo {
                parts.push(Interval { lo, hi: Some((a, !closed)) });
            }
            match iv.hi {
                Some((b, closed)) => lo = Some((b, !closed)),
                None => return Intervals { parts, grain: self.grain }.normalized(),
            }
        }
        parts.push(Interval { lo, hi: None });
        Intervals { parts, grain: self.grain }.normalized()
    }

    #[cfg(test)]
    fn subtract(&self, other: &Intervals) -> Decided<Intervals> {
        self.intersect(&other.complement()?)
    }

    /// The values just below and just above a part: an example of the complement's part
    /// next to it on each side (none where the part is unbounded).
    pub fn neighbours(&self, part: &Interval) -> Decided<(Option<Decimal>, Option<Decimal>)> {
        let outside = self.complement()?;
        let below = part.lo.and_then(|(a, _)| {
            outside.parts.iter().rev().find(|o| o.hi.is_some_and(|(b, _)| b <= a)).map(Interval::example_high)
        });
        let above = part.hi.and_then(|(b, _)| {
            outside.parts.iter().find(|o| o.lo.is_some_and(|(a, _)| a >= b)).map(Interval::example_low)
        });
        Ok((below, above))
    }
}

/// The values of one parameter a box allows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Set {
    Num(Intervals),
    /// Members of a finite list (false/true, tiers by rank, severities, choices…).
    Finite(Vec<bool>),
    /// Texts: these, or with `co` every text but these.
    Text {
        items: BTreeSet<String>,
        co: bool,
    },
}

impl Set {
    pub fn is_empty(&self) -> bool {
        match self {
            Set::Num(i) => i.is_empty(),
            Set::Finite(m) => !m.iter().any(|x| *x),
            Set::Text { items, co } => !co && items.is_empty(),
        }
    }

    fn intersect(&self, other: &Set) -> Decided<Set> {
        Ok(match (self, other) {
            (Set::Num(a), Set::Num(b)) => Set::Num(a.intersect(b)?),
            (Set::Finite(a), Set::Finite(b)) => Set::Finite(a.iter().zip(b).map(|(x, y)| *x && *y).collect()),
            (Set::Text { items: a, co: ca }, Set::Text { items: b, co: cb }) => match (ca, cb) {
                (false, false) => Set::Text { items: a.intersection(b).cloned().collect(), co: false },
                (false, true) => Set::Text { items: a.difference(b).cloned().collect(), co: false },
                (true, false) => Set::Text { items: b.difference(a).cloned().collect(), co: false },
                (true, true) => Set::Text { items: a.union(b).cloned().collect(), co: true },
            },
            _ => return Err(Undecided),
        })
    }

    fn complement(&self) -> Decided<Set> {
        Ok(match self {
            Set::Num(a) => Set::Num(a.complement()?),
            Set::Finite(a) => Set::Finite(a.iter().map(|x| !x).collect()),
            Set::Text { items, co } => Set::Text { items: items.clone(), co: !co },
        })
    }

    fn subtract(&self, other: &Set) -> Decided<Set> {
        self.intersect(&other.complement()?)
    }
}

/// A product of one set per parameter.
pub(crate) type Cell = Vec<Set>;

/// A union of boxes (not necessarily disjoint).
#[derive(Clone, Debug, Default)]
pub(crate) struct Region {
    pub cells: Vec<Cell>,
}

fn cell_empty(c: &Cell) -> bool {
    c.iter().any(Set::is_empty)
}

fn cell_intersect(a: &Cell, b: &Cell) -> Decided<Cell> {
    a.iter().zip(b).map(|(x, y)| x.intersect(y)).collect()
}

/// `a \ b` as disjoint boxes: for each parameter `d`, the part of `a` that agrees with
/// `b` before `d` and leaves it at `d`.
fn cell_minus(a: &Cell, b: &Cell, budget: &mut Budget) -> Decided<Vec<Cell>> {
    let meet = cell_intersect(a, b)?;
    if cell_empty(&meet) {
        return Ok(vec![a.clone()]);
    }
    let mut out = Vec::new();
    for d in 0..a.len() {
        let mut piece = Vec::with_capacity(a.len());
        for (k, (x, m)) in a.iter().zip(&meet).enumerate() {
            piece.push(match k.cmp(&d) {
                Ordering::Less => m.clone(),
                Ordering::Equal => x.subtract(b.get(k).ok_or(Undecided)?)?,
                Ordering::Greater => x.clone(),
            });
        }
        if !cell_empty(&piece) {
            budget.spend(1)?;
            out.push(piece);
        }
    }
    Ok(out)
}

impl Region {
    pub fn empty() -> Region {
        Region { cells: Vec::new() }
    }

    pub fn of(cell: Cell) -> Region {
        if cell_empty(&cell) {
            Region::empty()
        } else {
            Region { cells: vec![cell] }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn union(mut self, other: Region, budget: &mut Budget) -> Decided<Region> {
        budget.spend(other.cells.len())?;
        self.cells.extend(other.cells);
        Ok(self)
    }

    pub fn intersect(&self, other: &Region, budget: &mut Budget) -> Decided<Region> {
        let mut cells = Vec::new();
        for a in &self.cells {
            for b in &other.cells {
                let c = cell_intersect(a, b)?;
                if !cell_empty(&c) {
                    budget.spend(1)?;
                    cells.push(c);
                }
            }
        }
        Ok(Region { cells })
    }

    pub fn subtract(&self, other: &Region, budget: &mut Budget) -> Decided<Region> {
        let mut cells = self.cells.clone();
        for b in &other.cells {
            let mut next = Vec::new();
            for a in &cells {
                next.extend(cell_minus(a, b, budget)?);
            }
            cells = next;
            if cells.is_empty() {
                break;
            }
        }
        Ok(Region { cells })
    }

    pub fn intersects(&self, other: &Region, budget: &mut Budget) -> Decided<bool> {
        Ok(!self.intersect(other, budget)?.is_empty())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn iv(lo: Option<(&str, bool)>, hi: Option<(&str, bool)>) -> Interval {
        Interval { lo: lo.map(|(v, c)| (d(v), c)), hi: hi.map(|(v, c)| (d(v), c)) }
    }

    #[test]
    fn the_point_between_a_strict_row_and_the_next_is_left_over() {
        // `x < 50000` and `x > 50000`: exactly 50000 is in neither.
        let below = Intervals::of(iv(None, Some(("50000", false))), Some(2)).unwrap();
        let above = Intervals::of(iv(Some(("50000", false)), None), Some(2)).unwrap();
        let rest = Intervals::all(Some(2)).subtract(&below).unwrap().subtract(&above).unwrap();
        assert_eq!(rest.parts, vec![iv(Some(("50000", true)), Some(("50000", true)))]);
        assert_eq!(rest.parts[0].example(), d("50000"));
    }

    #[test]
    fn a_grid_closes_what_plain_numbers_leave_open() {
        let low = iv(None, Some(("1", true)));
        let high = iv(Some(("2", true)), None);
        for (grain, left) in [(Some(0), 0), (None, 1)] {
            let covered = Intervals { parts: vec![low.clone(), high.clone()], grain }.normalized().unwrap();
            assert_eq!(covered.complement().unwrap().parts.len(), left, "grain {grain:?}");
        }
        let open = Intervals::all(None).subtract(&Intervals::of(low, None).unwrap()).unwrap();
        assert_eq!(open.parts, vec![iv(Some(("1", false)), None)]);
    }

    #[test]
    fn boxes_subtract_to_what_is_left() {
        let mut budget = Budget(1000);
        let num = |lo: &str| Set::Num(Intervals::of(iv(Some((lo, true)), None), None).unwrap());
        let all = Region::of(vec![Set::Num(Intervals::all(None)), Set::Finite(vec![true, true])]);
        let rows = Region::of(vec![num("90"), Set::Finite(vec![false, true])])
            .union(Region::of(vec![num("0"), Set::Finite(vec![true, true])]), &mut budget)
            .unwrap();
        let rest = all.subtract(&rows, &mut budget).unwrap();
        assert_eq!(rest.cells.len(), 1);
        assert_eq!(rest.cells[0][0], Set::Num(Intervals::of(iv(None, Some(("0", false))), None).unwrap()));
        assert!(Region::of(vec![num("95"), Set::Finite(vec![true, false])])
            .subtract(&rows, &mut budget)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn the_budget_stops_the_work() {
        let mut budget = Budget(0);
        let all = Region::of(vec![Set::Finite(vec![true, true])]);
        let one = Region::of(vec![Set::Finite(vec![true, false])]);
        assert_eq!(all.subtract(&one, &mut budget).err(), Some(Undecided));
    }
}
