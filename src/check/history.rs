//! History expressions (contract v2 §4.1): `previous`, `latest`, `streak`, `year_total`,
//! `year_so_far`, `last_months`, and `month_number`.
//!
//! The expression a history function reads in closed months may name only what a closed
//! month stores (pay lines, `points`, `compensation`, `fine` and their subtotals, `count`,
//! `distinct`, `tier`, `tenure`, constants and tables). Reading a stored value is never a
//! cycle: inside `previous`, `latest` and `year_so_far` the expression may name any pay
//! line, the one being defined or a later one, and it adds nothing to what the place
//! depends on this month. `streak`, `year_total` and `last_months` also read this
//! month's value, so their expression follows the usual rules of the place it stands in.
//!
//! The names are built-ins only where the policy declares nothing of that name: a v1
//! policy with a table called `previous` keeps its meaning.

use rust_decimal::prelude::ToPrimitive;

use super::expr::Typed;
use super::program::{CExpr, CKind, HistoryFunc};
use super::types::Type;
use super::{Checker, LetState, Need, Scope};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{Expr, ExprKind, Ident};
use crate::syntax::keywords::Builtin;

/// The history functions' names.
pub(crate) const HISTORY_FUNCTIONS: [&str; 6] = [
    Builtin::Previous.spelling(),
    Builtin::Latest.spelling(),
    Builtin::Streak.spelling(),
    Builtin::YearTotal.spelling(),
    Builtin::YearSoFar.spelling(),
    Builtin::LastMonths.spelling(),
];

/// History expressions that read a pay line whose type was not known yet (a line
/// below, or any line from a `let`, `requires` or escalation): checked once every pay
/// line is typed.
#[derive(Default)]
pub(crate) struct StoredReads {
    /// `previous(line, d)` / `latest(line, d)`: the line, the default's type, the spans
    /// of the line's name and of the default, the function.
    defaults: Vec<(usize, Type, Span, Span, &'static str)>,
    /// A pay line read above where it is computed.
    pub(crate) forward: bool,
}

impl StoredReads {
    pub(crate) fn len(&self) -> usize {
        self.defaults.len()
    }

    pub(crate) fn truncate(&mut self, n: usize) {
        self.defaults.truncate(n);
    }
}

/// A place that sees every pay line: where stored values are read.
const STORED_SCOPE: Scope = Scope::Pay(usize::MAX);

impl Checker<'_> {
    /// `previous(e, d)`, `latest(e, d)`, `streak(c)`, `year_total(e)`, `year_so_far(e)`,
    /// `last_months(n, e)`.
    pub(crate) fn history_call(&mut self, name: &Ident, args: &[Expr], span: &Span, scope: Scope) -> Typed {
        let (func, want, shape) = match name.name.as_str() {
            "previous" => (HistoryFunc::Previous, 2, "previous(结转赔偿, 0 元)"),
            "latest" => (HistoryFunc::Latest, 2, "latest(结转赔偿, 0 元)"),
            "streak" => (HistoryFunc::Streak, 1, "streak(考核得分 < 70 分)"),
            "year_total" => (HistoryFunc::YearTotal, 1, "year_total(count(旷工))"),
            "year_so_far" => (HistoryFunc::YearSoFar, 1, "year_so_far(实发工资)"),
            _ => (HistoryFunc::LastMonths(0), 2, "last_months(3, count(迟到))"),
        };
        if !self.arity(name, args, span, want, shape) {
            return Typed::error();
        }
        if matches!(scope, Scope::Const | Scope::Table(_) | Scope::Violation | Scope::Amount | Scope::Aggregate) {
            self.error(
                Diagnostic::error(Code::Scope, tr!("history-not-here", name = &name.name, place = scope.describe()))
                    .at(span, tr!("history-not-here-label"))
                    .with_help(tr!("history-not-here-help")),
            );
            return Typed::error();
        }
        let (func, e) = match (func, args) {
            (HistoryFunc::LastMonths(_), [n, e]) => match self.month_count(n) {
                Some(n) => (HistoryFunc::LastMonths(n), e),
                None => return Typed::error(),
            },
            (_, [e, ..]) => (func, e),
            _ => return Typed::error(),
        };
        let stored = if func.reads_this_month() { self.expr(e, scope) } else { self.expr(e, STORED_SCOPE) };
        let untyped = stored.code.as_ref().and_then(|c| self.untyped_line(c));
        if let Some(code) = &stored.code {
            if !self.only_stored(&name.name, code) {
                return Typed::error();
            }
        }
        let mut needs = if func.reads_this_month() { stored.needs.clone() } else { Default::default() };
        needs.set(Need::Agent, span);
        let (ty, default) = match func {
            HistoryFunc::Previous | HistoryFunc::Latest => {
                let Some(d) = args.get(1) else { return Typed::error() };
                let td = self.expr(d, scope);
                needs.add(&td.needs);
                let ty = if stored.ty.fits(td.ty) {
                    if stored.ty == Type::Unknown {
                        td.ty
                    } else {
                        stored.ty.join(td.ty)
                    }
                } else {
                    let code = if stored.ty.is_quantity() && td.ty.is_quantity() {
                        Code::UnitMismatch
                    } else {
                        Code::TypeMismatch
                    };
                    self.error(
                        Diagnostic::error(
                            code,
                            tr!(
                                "history-default-type",
                                name = &name.name,
                                default = td.ty.shown(),
                                read = stored.ty.shown()
                            ),
                        )
                        .at(&d.span, tr!("check-this-is", type = td.ty.shown()))
                        .with_related(&e.span, tr!("check-this-is", type = stored.ty.shown()))
                        .with_help(tr!("history-default-type-help")),
                    );
                    return Typed::error();
                };
                if let (Some(j), CKind::PayLine(_)) =
                    (untyped, stored.code.as_ref().map(|c| &c.kind).unwrap_or(&CKind::Hole))
                {
                    let word = if func == HistoryFunc::Previous { "previous" } else { "latest" };
                    self.stored_reads.defaults.push((j, td.ty, e.span.clone(), d.span.clone(), word));
                }
                (ty, Some(td.code))
            }
            HistoryFunc::Streak => {
                if !stored.ty.fits(Type::Bool) {
                    self.mismatch(e, Type::Bool, stored.ty, &tr!("history-what-streak"));
                    return Typed::error();
                }
                (Type::NUMBER, None)
            }
            _ => {
                if !(stored.ty.is_quantity() || stored.ty == Type::Unknown) {
                    self.error(
                        Diagnostic::error(
                            Code::TypeMismatch,
                            tr!("history-adds-up", name = &name.name, type = stored.ty.shown()),
                        )
                        .at(&e.span, tr!("check-this-is", type = stored.ty.shown()))
                        .with_help(tr!("history-eg", example = shape)),
                    );
                    return Typed::error();
                }
                (stored.ty, None)
            }
        };
        let default = match default {
            Some(Some(d)) => Some(Box::new(d)),
            Some(None) => return Typed::error(),
            None => None,
        };
        let Some(expr) = stored.code else { return Typed::error() };
        let code = CExpr { kind: CKind::History { func, expr: Box::new(expr), default, ty }, span: span.clone() };
        Typed { ty, code: Some(code), needs }
    }

    /// The first pay line `e` reads whose type is not known yet (then the pay lines are
    /// checked twice, the second time knowing every line's type).
    fn untyped_line(&mut self, e: &CExpr) -> Option<usize> {
        if let CKind::PayLine(j) = e.kind {
            if j >= self.pay_types.len() {
                self.stored_reads.forward = true;
                return Some(j);
            }
            return None;
        }
        e.children().into_iter().find_map(|c| self.untyped_line(c))
    }

    /// Once every pay line is typed: the default of each `previous(line, d)` read before
    /// its line was typed has the line's type.
    pub(crate) fn check_stored_reads(&mut self) {
        let reads = std::mem::take(&mut self.stored_reads.defaults);
        for (j, ty, at, d, word) in reads {
            let line = self.pay_types.get(j).copied().unwrap_or(Type::Unknown);
            if line.fits(ty) {
                continue;
            }
            let code = if line.is_quantity() && ty.is_quantity() { Code::UnitMismatch } else { Code::TypeMismatch };
            self.error(
                Diagnostic::error(
                    code,
                    tr!("history-default-type", name = word, default = ty.shown(), read = line.shown()),
                )
                .at(&d, tr!("check-this-is", type = ty.shown()))
                .with_related(&at, tr!("check-this-is", type = line.shown()))
                .with_help(tr!("history-default-type-help")),
            );
        }
    }

    /// `n` of `last_months(n, e)`: a whole number of months, 1 to 120.
    fn month_count(&mut self, n: &Expr) -> Option<u32> {
        let value = match &n.kind {
            ExprKind::Number(v) if v.fract().is_zero() => v.to_u32(),
            _ => None,
        };
        match value {
            Some(v @ 1..=120) => Some(v),
            _ => {
                self.error(
                    Diagnostic::error(Code::TypeMismatch, tr!("history-last-months"))
                        .at(&n.span, tr!("history-last-months-label"))
                        .with_help(tr!("history-last-months-help")),
                );
                None
            }
        }
    }

    /// Whether every leaf of `e` is something a closed month stores; reports the first
    /// that is not.
    fn only_stored(&mut self, func: &str, e: &CExpr) -> bool {
        let what = match &e.kind {
            CKind::AgentField(_) => Some(tr!("history-agent-field")),
            CKind::IncidentField(_) => Some(tr!("history-incident-field")),
            CKind::TierAttr(_) | CKind::AttrOf(..) => Some(tr!("history-tier-attribute")),
            CKind::TierTenure => Some("`tier_tenure`".to_string()),
            CKind::Occurrence => Some("`occurrence`".to_string()),
            CKind::Aggregate { .. } => Some(tr!("history-aggregate")),
            CKind::CountWhere { .. } => Some(tr!("history-filtered-count")),
            CKind::History { .. } => Some(tr!("history-history")),
            CKind::Let(i) => match self.let_state.get(*i) {
                Some(LetState::Done { needs, .. })
                    if needs.agent.is_none()
                        && needs.counts.is_none()
                        && needs.totals.is_none()
                        && needs.incident.is_none() =>
                {
                    None
                }
                _ => Some(tr!("history-monthly-let")),
            },
            _ => None,
        };
        if let Some(what) = what {
            self.error(
                Diagnostic::error(Code::Scope, tr!("history-not-stored", expr = e.span.text(), what = what))
                    .at(&e.span, tr!("history-not-stored-label", func = func))
                    .with_help(tr!("history-stored")),
            );
            return false;
        }
        e.children().into_iter().all(|c| self.only_stored(func, c))
    }
}
