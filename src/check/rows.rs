//! Tables' rows as regions: rows no input reaches, an `else` no input reaches, and values
//! that fall to `else` between rows (contract v2 §5, `kaohe::unreachable`, `kaohe::gap`).
//!
//! Each row's condition is turned into the [`Region`] of parameter values it matches
//! (comparisons of a parameter with a constant, `and`, `or`, `not`, `if`, bool
//! parameters); the first matching row wins, so a row is dead when the rows above it
//! already cover its region, and `else` when they cover everything. A quantity parameter
//! lives on the grid its arguments always fall on (cents for money; whole numbers when
//! every call passes a count, a tenure or a whole constant), so `x <= 1` then `x >= 2`
//! leaves a gap for a plain number and none for a count. A row the analysis cannot read
//! (two parameters compared, arithmetic on a parameter, a table call) is skipped: it may
//! cover anything, so it never makes another row look dead, and no gap is reported in a
//! table that has one. Each table has a [`Budget`] of boxes; past it the table is left
//! unjudged. Everything here is a warning.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::fold::{program_exprs, visit, Folder};
use super::program::*;
use super::region::*;
use super::types::{Dim, Type};
use super::Checker;
use crate::diag::{Code, Diagnostic};
use crate::syntax::ast::{CmpOp, TableDecl};

/// Boxes one table's analysis may build: far beyond any real table (a 30-row table over
/// two parameters needs a few hundred), small enough to stay within milliseconds.
const BOX_BUDGET: usize = 20_000;

/// At most this many gaps are reported per table: the first ones make the point.
const MAX_GAPS: usize = 3;

/// The values a parameter can take.
#[derive(Clone, Debug)]
enum Dom {
    /// A quantity (or a date, as a day number) on a grid of `grain` decimal places.
    Num {
        grain: Option<u32>,
        dim: Dim,
        date: bool,
    },
    /// Members of a finite list, in rank order; with `texts`, the values of a choice type
    /// (`one of ("重大", "一般")`), which are texts at run time.
    Finite {
        names: Vec<String>,
        texts: bool,
    },
    Text,
}

/// A value of one parameter: an example, or a point to test.
#[derive(Clone, Debug, PartialEq)]
enum Pt {
    Num(Decimal),
    Item(usize),
    Text(String),
}

impl Dom {
    fn full(&self) -> Set {
        match self {
            Dom::Num { grain, .. } => Set::Num(Intervals::all(*grain)),
            Dom::Finite { names, .. } => Set::Finite(vec![true; names.len()]),
            Dom::Text => Set::Text { items: BTreeSet::new(), co: true },
        }
    }

    fn show(&self, p: &Pt) -> String {
        match (self, p) {
            (Dom::Num { date: true, .. }, Pt::Num(n)) => n
                .to_i32()
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .map_or_else(|| n.to_string(), |d| d.to_string()),
            (Dom::Num { dim, .. }, Pt::Num(n)) if *dim == Dim::NUMBER => n.normalize().to_string(),
            (Dom::Num { dim, .. }, Pt::Num(n)) => format!("{} {}", n.normalize(), dim.base_unit()),
            (Dom::Finite { names, texts }, Pt::Item(i)) => {
                let name = names.get(*i).cloned().unwrap_or_default();
                if *texts {
                    format!("{name:?}")
                } else {
                    name
                }
            }
            (_, Pt::Text(t)) => format!("{t:?}"),
            _ => String::new(),
        }
    }
}

fn example(set: &Set) -> Option<Pt> {
    match set {
        Set::Num(iv) => iv.parts.first().map(|p| Pt::Num(p.example())),
        Set::Finite(m) => m.iter().position(|x| *x).map(Pt::Item),
        Set::Text { items, co: false } => items.iter().next().map(|t| Pt::Text(t.clone())),
        Set::Text { items, co: true } => (0..).map(|i| format!("其他{i}")).find(|t| !items.contains(t)).map(Pt::Text),
    }
}

fn contains(set: &Set, p: &Pt) -> bool {
    match (set, p) {
        (Set::Num(iv), Pt::Num(x)) => iv.parts.iter().any(|part| part.contains(*x)),
        (Set::Finite(m), Pt::Item(i)) => m.get(*i).copied().unwrap_or(false),
        (Set::Text { items, co }, Pt::Text(t)) => items.contains(t) != *co,
        _ => false,
    }
}

fn region_contains(r: &Region, point: &[Pt]) -> bool {
    r.cells.iter().any(|c| c.iter().zip(point).all(|(s, p)| contains(s, p)))
}

/// One table under analysis.
struct Table<'p> {
    names: Vec<String>,
    doms: Vec<Dom>,
    folder: Folder<'p>,
    budget: Budget,
}

impl Table<'_> {
    fn universe(&self) -> Region {
        Region::of(self.doms.iter().map(Dom::full).collect())
    }

    /// The universe with parameter `i` limited to `set`.
    fn only(&self, i: usize, set: Set) -> Region {
        let mut cell: Cell = self.doms.iter().map(Dom::full).collect();
        if let Some(slot) = cell.get_mut(i) {
            *slot = set;
        }
        Region::of(cell)
    }

    /// The values a condition matches.
    fn region(&mut self, e: &CExpr) -> Decided<Region> {
        if let Some(b) = self.folder.truth(e) {
            return Ok(if b { self.universe() } else { Region::empty() });
        }
        match &e.kind {
            CKind::Param(i) if matches!(self.doms.get(*i), Some(Dom::Finite { names, texts: false }) if names == &["false", "true"]) => {
                Ok(self.only(*i, Set::Finite(vec![false, true])))
            }
            CKind::Not(x) => {
                let inner = self.region(x)?;
                self.universe().subtract(&inner, &mut self.budget)
            }
            CKind::And(a, b) => {
                let (a, b) = (self.region(a)?, self.region(b)?);
                a.intersect(&b, &mut self.budget)
            }
            CKind::Or(a, b) => {
                let (a, b) = (self.region(a)?, self.region(b)?);
                a.union(b, &mut self.budget)
            }
            CKind::If(c, a, b) => {
                let (c, a, b) = (self.region(c)?, self.region(a)?, self.region(b)?);
                let then = c.intersect(&a, &mut self.budget)?;
                let not_c = self.universe().subtract(&c, &mut self.budget)?;
                let otherwise = not_c.intersect(&b, &mut self.budget)?;
                then.union(otherwise, &mut self.budget)
            }
            CKind::Compare(op, a, b) => match (&a.kind, &b.kind) {
                (CKind::Param(i), _) => {
                    let v = self.folder.value(b).ok_or(Undecided)?;
                    self.atom(*i, *op, &v)
                }
                (_, CKind::Param(i)) => {
                    let v = self.folder.value(a).ok_or(Undecided)?;
                    self.atom(*i, flip(*op), &v)
                }
                _ => Err(Undecided),
            },
            _ => Err(Undecided),
        }
    }

    /// `param op v`.
    fn atom(&self, i: usize, op: CmpOp, v: &Value) -> Decided<Region> {
        let set = match (self.doms.get(i).ok_or(Undecided)?, v) {
            (Dom::Num { grain, .. }, Value::Num(_) | Value::Date(_)) => {
                let x = match v {
                    Value::Date(d) => Decimal::from(chrono::Datelike::num_days_from_ce(d)),
                    Value::Num(n) => *n,
                    _ => return Err(Undecided),
                };
                let parts = match op {
                    CmpOp::Lt => vec![Interval { lo: None, hi: Some((x, false)) }],
                    CmpOp::Le => vec![Interval { lo: None, hi: Some((x, true)) }],
                    CmpOp::Gt => vec![Interval { lo: Some((x, false)), hi: None }],
                    CmpOp::Ge => vec![Interval { lo: Some((x, true)), hi: None }],
                    CmpOp::Eq => vec![Interval { lo: Some((x, true)), hi: Some((x, true)) }],
                    CmpOp::Ne => {
                        vec![Interval { lo: None, hi: Some((x, false)) }, Interval { lo: Some((x, false)), hi: None }]
                    }
                };
                Set::Num(Intervals::from_parts(parts, *grain)?)
            }
            (Dom::Finite { names, texts: true }, Value::Text(t)) => {
                let at = names.iter().position(|n| n.as_str() == &**t).ok_or(Undecided)?;
                match op {
                    CmpOp::Eq | CmpOp::Ne => Set::Finite((0..names.len()).map(|k| op.holds(k.cmp(&at))).collect()),
                    _ => return Err(Undecided),
                }
            }
            (Dom::Finite { names, texts: false }, _) => {
                let at = match v {
                    Value::Bool(b) => usize::from(*b),
                    Value::Tier(k) | Value::Severity(k) | Value::Violation(k) => *k,
                    _ => return Err(Undecided),
                };
                Set::Finite((0..names.len()).map(|k| op.holds(k.cmp(&at))).collect())
            }
            (Dom::Text, Value::Text(t)) => {
                let items = BTreeSet::from([t.to_string()]);
                match op {
                    CmpOp::Eq => Set::Text { items, co: false },
                    CmpOp::Ne => Set::Text { items, co: true },
                    _ => return Err(Undecided),
                }
            }
            _ => return Err(Undecided),
        };
        Ok(self.only(i, set))
    }

    fn show_point(&self, point: &[Pt]) -> String {
        let parts: Vec<String> =
            self.names.iter().zip(&self.doms).zip(point).map(|((n, d), p)| format!("`{n}` = {}", d.show(p))).collect();
        parts.join(", ")
    }
}

fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

/// Per table and parameter, the grain every call's argument falls on (`None`: not
/// known; a parameter no call reaches keeps its type's grain).
fn call_grains(program: &Program) -> Vec<Vec<Option<Option<u32>>>> {
    let mut out: Vec<Vec<Option<Option<u32>>>> = vec![Vec::new(); program.tables.len()];
    for e in program_exprs(program) {
        visit(e, &mut |x| {
            let CKind::Table(t, args) = &x.kind else { return };
            let Some(slots) = out.get_mut(*t) else { return };
            slots.resize(args.len(), None);
            for (slot, a) in slots.iter_mut().zip(args) {
                // Each argument gets the whole step budget: a grain given up on would
                // read a count as a plain number, and report gaps between whole numbers.
                let g = Folder::new(program).grain(a, false);
                *slot = Some(match *slot {
                    None => g,
                    Some(before) => before.zip(g).map(|(x, y)| x.max(y)),
                });
            }
        });
    }
    out
}

impl Checker<'_> {
    /// Warns about rows, `else`s and gaps of every table.
    pub(super) fn table_rows(&mut self, program: &Program) {
        let grains = call_grains(program);
        let decls = self.tables.clone();
        for (t, (def, decl)) in program.tables.iter().zip(decls).enumerate() {
            let sig = self.table_sigs.get(t).map(|s| s.0.clone()).unwrap_or_default();
            let seen = grains.get(t).cloned().unwrap_or_default();
            let Some(doms) = param_doms(program, &sig, &seen) else { continue };
            let mut table = Table {
                names: decl.params.iter().map(|p| p.name.name.clone()).collect(),
                doms,
                folder: Folder::new(program),
                budget: Budget(BOX_BUDGET),
            };
            if let Ok(found) = analyse(&mut table, def, decl) {
                self.diags.extend(found);
            }
        }
    }
}

fn param_doms(program: &Program, sig: &[Type], seen: &[Option<Option<u32>>]) -> Option<Vec<Dom>> {
    sig.iter()
        .enumerate()
        .map(|(k, ty)| {
            let called = seen.get(k).copied().flatten();
            Some(match ty {
                Type::Quantity(dim) => {
                    let own = if *dim == Dim::MONEY { Some(2) } else { None };
                    let grain = match called {
                        Some(g) if *dim == Dim::MONEY => Some(g.map_or(2, |g| g.max(2))),
                        Some(g) => g,
                        None => own,
                    };
                    Dom::Num { grain, dim: *dim, date: false }
                }
                Type::Date => Dom::Num { grain: Some(0), dim: Dim::DAYS, date: true },
                Type::Bool => Dom::Finite { names: vec!["false".into(), "true".into()], texts: false },
                Type::Tier => {
                    Dom::Finite { names: program.tiers.iter().map(|t| t.name.clone()).collect(), texts: false }
                }
                Type::Severity => {
                    Dom::Finite { names: program.severities.iter().map(|s| s.name.clone()).collect(), texts: false }
                }
                Type::Violation => {
                    Dom::Finite { names: program.violations.iter().map(|v| v.name.clone()).collect(), texts: false }
                }
                Type::Choice(c) => Dom::Finite { names: program.choices.get(usize::from(*c))?.clone(), texts: true },
                Type::Text => Dom::Text,
                Type::Unknown => return None,
            })
        })
        .collect()
}

/// A row as a message names it.
fn row_name(decl: &TableDecl, j: usize) -> String {
    decl.rows
        .get(j)
        .map(|r| match &r.cond {
            Some(c) => tr!("rows-row-name", condition = c.span.text(), line = r.span.line()),
            None => tr!("rows-else-name", line = r.span.line()),
        })
        .unwrap_or_default()
}

fn analyse(t: &mut Table, def: &TableDef, decl: &TableDecl) -> Decided<Vec<Diagnostic>> {
    let mut out = Vec::new();
    let universe = t.universe();
    let mut covered = Region::empty();
    let mut regions: Vec<Option<Region>> = Vec::new();
    // Rows already reported as never used: they cover nothing a live row does not.
    let mut dead = Vec::new();
    let mut else_row = None;
    for (j, ((cond, _), row)) in def.rows.iter().zip(&decl.rows).enumerate() {
        let Some(cond) = cond else {
            else_row = Some(j);
            break;
        };
        let Ok(region) = t.region(cond) else {
            regions.push(None);
            continue;
        };
        if region.is_empty() {
            dead.push(j);
            out.push(
                Diagnostic::warning(Code::Unreachable, tr!("rows-never-matches", condition = cond.span.text()))
                    .at(&row.span, tr!("rows-never-matches-label"))
                    .with_help(tr!("rows-never-matches-help")),
            );
        } else if region.subtract(&covered, &mut t.budget)?.is_empty() {
            dead.push(j);
            let mut by = Vec::new();
            for (k, r) in regions.iter().enumerate() {
                if let Some(r) = r.as_ref().filter(|_| !dead.contains(&k)) {
                    if r.intersects(&region, &mut t.budget)? {
                        by.push(k);
                    }
                }
            }
            let names: Vec<String> = by.iter().map(|&k| row_name(decl, k)).collect();
            let mut d = Diagnostic::warning(
                Code::Unreachable,
                tr!(
                    "rows-shadowed",
                    condition = cond.span.text(),
                    rows = names.join(&tr!("rows-and")),
                    count = by.len()
                ),
            )
            .at(&row.span, tr!("rows-never-used"))
            .with_help(tr!("rows-shadowed-help"));
            for k in by {
                if let Some(r) = decl.rows.get(k) {
                    d = d.with_related(&r.span, tr!("rows-matches-first"));
                }
            }
            out.push(d);
        }
        covered = covered.union(region.clone(), &mut t.budget)?;
        regions.push(Some(region));
    }
    let Some(e) = else_row else { return Ok(out) };
    let Some(else_decl) = decl.rows.get(e) else { return Ok(out) };
    let rest = universe.subtract(&covered, &mut t.budget)?;
    if rest.is_empty() {
        out.push(
            Diagnostic::warning(Code::Unreachable, tr!("rows-else-unused"))
                .at(&else_decl.span, tr!("rows-never-used"))
                .with_help(tr!("rows-else-unused-help")),
        );
        return Ok(out);
    }
    if regions.iter().any(Option::is_none) {
        return Ok(out);
    }
    for gap in gaps(t, &rest, &regions)? {
        let Gap { point, below, above, .. } = gap;
        let example = t.show_point(&point);
        let mut d = Diagnostic::warning(
            Code::Gap,
            tr!(
                "rows-gap",
                table = &decl.name.name,
                example = &example,
                below = row_name(decl, below),
                above = row_name(decl, above)
            ),
        )
        .at(&else_decl.span, tr!("rows-gap-label", example = &example));
        for k in [below, above] {
            if let Some(r) = decl.rows.get(k) {
                d = d.with_related(&r.span, tr!("rows-gap-related"));
            }
        }
        out.push(d.with_help(tr!("rows-gap-help")));
    }
    Ok(out)
}

struct Gap {
    /// The parameter and the values along it that fall through.
    along: (usize, Interval),
    point: Vec<Pt>,
    below: usize,
    above: usize,
}

/// Values that fall to `else` with rows matching on both sides along one quantity
/// parameter, the others held at an example value.
fn gaps(t: &mut Table, rest: &Region, regions: &[Option<Region>]) -> Decided<Vec<Gap>> {
    let mut found: Vec<Gap> = Vec::new();
    for cell in &rest.cells {
        let Some(base): Option<Vec<Pt>> = cell.iter().map(example).collect() else { continue };
        for (d, dom) in t.doms.iter().enumerate() {
            let Dom::Num { grain, .. } = dom else { continue };
            // The line through `base` along parameter `d`: where it falls to `else`.
            let mut parts = Vec::new();
            for other in &rest.cells {
                let on_line = other.iter().zip(&base).enumerate().all(|(k, (s, p))| k == d || contains(s, p));
                if let (true, Some(Set::Num(iv))) = (on_line, other.get(d)) {
                    parts.extend(iv.parts.iter().cloned());
                }
            }
            let line = Intervals::from_parts(parts, *grain)?;
            for part in line.parts.iter().filter(|p| p.bounded()) {
                let (Some(lo), Some(hi)) = line.neighbours(part)? else { continue };
                let at = |x: Decimal| {
                    let mut p = base.clone();
                    if let Some(slot) = p.get_mut(d) {
                        *slot = Pt::Num(x);
                    }
                    p
                };
                let first_match =
                    |p: &[Pt]| regions.iter().position(|r| r.as_ref().is_some_and(|r| region_contains(r, p)));
                let (Some(below), Some(above)) = (first_match(&at(lo)), first_match(&at(hi))) else { continue };
                let along = (d, part.clone());
                if !found.iter().any(|g| g.along == along) {
                    found.push(Gap { along, point: at(part.example()), below, above });
                }
                if found.len() >= MAX_GAPS {
                    return Ok(found);
                }
            }
        }
        t.budget.spend(1)?;
    }
    Ok(found)
}
