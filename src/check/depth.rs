//! The last pass: how deep evaluation can nest, and tables that call themselves.
//!
//! The evaluator recurses along an expression, into a `let` it reads and into a table it
//! calls. Each expression is bounded by the parser, but a chain of lets (`let l2 = l1 + 1`,
//! `let l3 = l2 + 1`, …) or of tables nests those bounds. This pass measures the deepest
//! nesting any evaluation can reach, on the compiled program, and refuses a policy past
//! [`MAX_EVAL_DEPTH`] with `kaohe::too_deep`, so whatever `check` accepts, `eval` runs
//! within its stack. A table that calls itself, directly or through others, would recurse
//! without end on some input: it is a `kaohe::cycle`.

use super::program::*;
use super::Checker;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// The deepest nesting of expressions, lets and tables one evaluation may reach. Far
/// beyond any real policy (a chain of 40 lets of 20 levels each is 800); the
/// evaluator's stack holds it with room to spare.
pub const MAX_EVAL_DEPTH: usize = 1024;

/// Where the walk stands with one let or table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Walk {
    NotYet,
    OnPath,
    Done(usize),
}

struct Depths<'p> {
    program: &'p Program,
    lets: Vec<Walk>,
    tables: Vec<Walk>,
    /// Tables on the current path, for the cycle's message.
    path: Vec<usize>,
    /// A table cycle found: the table that closes it.
    cycle: Option<usize>,
}

impl Checker<'_> {
    /// Refuses a program whose evaluation could nest deeper than [`MAX_EVAL_DEPTH`], or
    /// whose tables call themselves. Whether the program may be run.
    pub(super) fn check_depth(&mut self, program: &Program) -> bool {
        let mut walk = Depths {
            program,
            lets: vec![Walk::NotYet; program.lets.len()],
            tables: vec![Walk::NotYet; program.tables.len()],
            path: Vec::new(),
            cycle: None,
        };
        for t in 0..program.tables.len() {
            walk.table(t);
            if let Some(t) = walk.cycle.take() {
                self.table_cycle(t, &walk.path);
                return false;
            }
        }
        for i in 0..program.lets.len() {
            let depth = walk.let_depth(i);
            if depth > MAX_EVAL_DEPTH {
                let span = self.lets.get(i).map(|l| l.name.span.clone());
                self.too_deep(span, depth, &tr!("depth-this-let"));
                return false;
            }
        }
        let (this_pay_line, this_rule) = (tr!("depth-this-pay-line"), tr!("depth-this-rule"));
        let pay = program.pay.iter().map(|p| (&p.expr, this_pay_line.as_str()));
        let rules = program.violations.iter().flat_map(|v| {
            [Some(&v.points), v.when.as_ref(), v.compensation.as_ref()]
                .into_iter()
                .flatten()
                .map(|e| (e, this_rule.as_str()))
        });
        for (e, label) in pay.chain(rules) {
            let depth = walk.expr(e);
            if depth > MAX_EVAL_DEPTH {
                self.too_deep(Some(e.span.clone()), depth, label);
                return false;
            }
        }
        true
    }

    fn too_deep(&mut self, span: Option<Span>, depth: usize, label: &str) {
        let mut d = Diagnostic::error(Code::TooDeep, tr!("depth-too-deep", depth = depth, max = MAX_EVAL_DEPTH))
            .with_help(tr!("depth-too-deep-help"));
        if let Some(span) = span {
            d = d.at(&span, label);
        }
        self.error(d);
    }

    fn table_cycle(&mut self, back_to: usize, path: &[usize]) {
        let start = path.iter().position(|&t| t == back_to).unwrap_or(0);
        let names: Vec<String> = path
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .chain(std::iter::once(&back_to))
            .filter_map(|&t| self.tables.get(t).map(|d| format!("`{}`", d.name.name)))
            .collect();
        let Some(first) = self.tables.get(back_to).map(|d| d.name.span.clone()) else { return };
        let message = if names.len() <= 2 {
            tr!("depth-table-calls-itself", table = names.first().cloned().unwrap_or_default())
        } else {
            tr!("depth-tables-call-each-other", tables = names.join(" → "))
        };
        self.error(
            Diagnostic::error(Code::Cycle, message)
                .at(&first, tr!("depth-table-cycle-label"))
                .with_help(tr!("depth-table-cycle-help")),
        );
    }
}

impl Depths<'_> {
    fn let_depth(&mut self, i: usize) -> usize {
        match self.lets.get(i).copied() {
            Some(Walk::Done(d)) => d,
            // Let cycles were refused when the lets were checked.
            Some(Walk::OnPath) | None => 0,
            Some(Walk::NotYet) => {
                if let Some(w) = self.lets.get_mut(i) {
                    *w = Walk::OnPath;
                }
                let program = self.program;
                let d = program.lets.get(i).map_or(0, |l| 1 + self.expr(&l.expr));
                if let Some(w) = self.lets.get_mut(i) {
                    *w = Walk::Done(d);
                }
                d
            }
        }
    }

    fn table(&mut self, t: usize) -> usize {
        match self.tables.get(t).copied() {
            Some(Walk::Done(d)) => d,
            None => 0,
            Some(Walk::OnPath) => {
                self.cycle.get_or_insert(t);
                0
            }
            Some(Walk::NotYet) => {
                if let Some(w) = self.tables.get_mut(t) {
                    *w = Walk::OnPath;
                }
                self.path.push(t);
                let program = self.program;
                let mut d = 0;
                for (cond, value) in program.tables.get(t).map(|t| t.rows.as_slice()).unwrap_or(&[]) {
                    d = d.max(cond.as_ref().map_or(0, |c| self.expr(c))).max(self.expr(value));
                    if self.cycle.is_some() {
                        return 0;
                    }
                }
                self.path.pop();
                if let Some(w) = self.tables.get_mut(t) {
                    *w = Walk::Done(1 + d);
                }
                1 + d
            }
        }
    }

    /// How deep evaluating `e` can nest.
    fn expr(&mut self, e: &CExpr) -> usize {
        let inner = match &e.kind {
            CKind::Let(i) => self.let_depth(*i),
            CKind::Table(t, args) => {
                let args = args.iter().map(|a| self.expr(a)).max().unwrap_or(0);
                args.max(self.table(*t))
            }
            CKind::TierAttr(i) => {
                let program = self.program;
                program.tiers.iter().filter_map(|t| t.attrs.get(*i)).map(|a| self.expr(a)).max().unwrap_or(0)
            }
            CKind::Neg(x) | CKind::Not(x) | CKind::Rounded(_, _, x) => self.expr(x),
            CKind::Aggregate { expr, filter, .. } => {
                let f = filter.as_deref().map_or(0, |f| self.expr(f));
                self.expr(expr).max(f)
            }
            CKind::CountWhere { filter, .. } => self.expr(filter),
            CKind::AttrOf(i, x) => {
                let program = self.program;
                let attr =
                    program.tiers.iter().filter_map(|t| t.attrs.get(*i)).map(|a| self.expr(a)).max().unwrap_or(0);
                attr.max(self.expr(x))
            }
            CKind::Arith(_, a, b) | CKind::Compare(_, a, b) | CKind::And(a, b) | CKind::Or(a, b) => {
                self.expr(a).max(self.expr(b))
            }
            CKind::If(c, a, b) => self.expr(c).max(self.expr(a)).max(self.expr(b)),
            CKind::Min(args) | CKind::Max(args) => args.iter().map(|a| self.expr(a)).max().unwrap_or(0),
            _ => 0,
        };
        1 + inner
    }
}
