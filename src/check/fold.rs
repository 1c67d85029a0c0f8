//! What the checker can know about an expression without a month: its value when it is
//! a constant, the grain its values always fall on, and its parts.
//!
//! Used by the passes that reason about rows and clauses ([`super::rows`],
//! [`super::dead`]). Each answer is either certain or absent: a constant that would
//! overflow, or an expression past the step budget, is simply not known.

use rust_decimal::Decimal;

use super::program::*;
use crate::money::cents;
use crate::syntax::ast::BinOp;
use crate::value::compare;

/// The direct sub-expressions of `e`, in order.
pub(crate) fn children(e: &CExpr) -> Vec<&CExpr> {
    match &e.kind {
        CKind::Neg(x) | CKind::Not(x) | CKind::Rounded(_, _, x) | CKind::AttrOf(_, x) => vec![x],
        CKind::Arith(_, a, b) | CKind::Compare(_, a, b) | CKind::And(a, b) | CKind::Or(a, b) => vec![a, b],
        CKind::If(c, a, b) => vec![c, a, b],
        CKind::Min(args) | CKind::Max(args) | CKind::Table(_, args) => args.iter().collect(),
        CKind::Aggregate { expr, filter, .. } => std::iter::once(&**expr).chain(filter.as_deref()).collect(),
        CKind::CountWhere { filter, .. } => vec![filter],
        CKind::History { expr, default, .. } => std::iter::once(&**expr).chain(default.as_deref()).collect(),
        CKind::MonthNumber => Vec::new(),
        CKind::Const(_)
        | CKind::Hole
        | CKind::AgentField(_)
        | CKind::IncidentField(_)
        | CKind::TierAttr(_)
        | CKind::AgentTier
        | CKind::Tenure
        | CKind::TenureDays
        | CKind::TierTenure
        | CKind::Points
        | CKind::Compensation
        | CKind::Fine
        | CKind::Subtotal(..)
        | CKind::Occurrence
        | CKind::CountViolation(_)
        | CKind::CountSeverity(_)
        | CKind::CountEscalation(_)
        | CKind::Distinct(_)
        | CKind::Let(_)
        | CKind::PayLine(_)
        | CKind::Param(_) => Vec::new(),
    }
}

/// Calls `f` on `e` and every expression inside it.
pub(crate) fn visit<'e>(e: &'e CExpr, f: &mut impl FnMut(&'e CExpr)) {
    let mut stack = vec![e];
    while let Some(x) = stack.pop() {
        f(x);
        stack.extend(children(x).into_iter().rev());
    }
}

/// Every expression of a program, each with what holds it (for uses and calls).
pub(crate) fn program_exprs(p: &Program) -> Vec<&CExpr> {
    let mut out: Vec<&CExpr> = Vec::new();
    for f in p.agent_fields.iter().chain(&p.incident_fields) {
        out.extend(f.default.as_ref());
    }
    for t in &p.tiers {
        out.extend(&t.attrs);
        out.extend(t.requires.iter().map(|r| &r.expr));
    }
    for s in &p.severities {
        out.extend(s.caps.iter().map(|c| &c.limit));
    }
    for v in &p.violations {
        out.extend(v.caps.iter().map(|c| &c.limit));
        out.push(&v.points);
        out.extend([&v.when, &v.compensation, &v.fine].into_iter().flatten());
    }
    for e in &p.escalations {
        out.push(&e.points);
        out.push(&e.when);
        out.extend(e.fine.as_ref());
    }
    out.extend(p.lets.iter().map(|l| &l.expr));
    for t in &p.tables {
        for (c, v) in &t.rows {
            out.extend(c.as_ref());
            out.push(v);
        }
    }
    out.extend(p.pay.iter().map(|l| &l.expr));
    out
}

/// How many steps one question about an expression may take.
const STEPS: usize = 20_000;

/// Evaluates constant expressions: literals, constant lets, arithmetic on them.
pub(crate) struct Folder<'p> {
    program: &'p Program,
    steps: usize,
}

impl<'p> Folder<'p> {
    pub fn new(program: &'p Program) -> Folder<'p> {
        Folder { program, steps: STEPS }
    }

    /// The value of `e` when it needs nothing but the policy.
    pub fn value(&mut self, e: &CExpr) -> Option<Value> {
        self.steps = self.steps.checked_sub(1)?;
        Some(match &e.kind {
            CKind::Const(v) => v.clone(),
            CKind::Let(i) => {
                let expr = &self.program.lets.get(*i)?.expr;
                self.value(expr)?
            }
            CKind::Neg(x) => Value::Num(-self.num(x)?),
            CKind::Not(x) => Value::Bool(!self.truth(x)?),
            CKind::And(a, b) => Value::Bool(self.truth(a)? && self.truth(b)?),
            CKind::Or(a, b) => Value::Bool(self.truth(a)? || self.truth(b)?),
            CKind::If(c, a, b) => {
                if self.truth(c)? {
                    self.value(a)?
                } else {
                    self.value(b)?
                }
            }
            CKind::Compare(op, a, b) => {
                let (x, y) = (self.value(a)?, self.value(b)?);
                Value::Bool(op.holds(compare(&x, &y)))
            }
            CKind::Arith(Arith::Num { op, money }, a, b) => {
                let (x, y) = (self.num(a)?, self.num(b)?);
                let r = match op {
                    BinOp::Add => x.checked_add(y)?,
                    BinOp::Sub => x.checked_sub(y)?,
                    BinOp::Mul => x.checked_mul(y)?,
                    BinOp::Div if y.is_zero() => return None,
                    BinOp::Div => x.checked_div(y)?,
                };
                Value::Num(if *money { cents(r) } else { r })
            }
            CKind::Min(args) | CKind::Max(args) => {
                let mut best: Option<Decimal> = None;
                for a in args {
                    let v = self.num(a)?;
                    best = Some(match best {
                        None => v,
                        Some(b) if matches!(e.kind, CKind::Min(_)) => b.min(v),
                        Some(b) => b.max(v),
                    });
                }
                Value::Num(best?)
            }
            _ => return None,
        })
    }

    pub fn num(&mut self, e: &CExpr) -> Option<Decimal> {
        match self.value(e)? {
            Value::Num(n) => Some(n),
            _ => None,
        }
    }

    pub fn truth(&mut self, e: &CExpr) -> Option<bool> {
        match self.value(e)? {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The decimal places every value of `e` is a whole multiple of (0: whole numbers,
    /// 2: cents), when that is certain; `money` says the expression is money, which is
    /// always in whole cents once computed or read.
    pub fn grain(&mut self, e: &CExpr, money: bool) -> Option<u32> {
        self.steps = self.steps.checked_sub(1)?;
        let finer = |a: Option<u32>, b: Option<u32>| Some(a?.max(b?));
        Some(match &e.kind {
            CKind::Const(Value::Num(n)) => n.normalize().scale(),
            CKind::CountViolation(_)
            | CKind::CountSeverity(_)
            | CKind::CountEscalation(_)
            | CKind::Distinct(_)
            | CKind::CountWhere { .. }
            | CKind::Occurrence
            | CKind::Tenure
            | CKind::TenureDays
            | CKind::TierTenure => 0,
            CKind::Compensation | CKind::Fine | CKind::Subtotal(Amount::Compensation | Amount::Fine, _) => 2,
            CKind::Arith(Arith::Num { money: true, .. }, ..) => 2,
            CKind::Aggregate { money: true, func: Aggregate::Avg, .. } => 2,
            CKind::Aggregate { func: Aggregate::Avg, .. } => return None,
            CKind::Aggregate { expr, .. } => self.grain(expr, money)?,
            CKind::AgentField(i) | CKind::IncidentField(i) => {
                let fields = if matches!(e.kind, CKind::AgentField(_)) {
                    &self.program.agent_fields
                } else {
                    &self.program.incident_fields
                };
                let f = fields.get(*i)?;
                if f.ty != super::types::Type::MONEY {
                    return None;
                }
                match &f.default {
                    Some(d) => self.grain(d, true)?.max(2),
                    None => 2,
                }
            }
            CKind::Neg(x) => self.grain(x, money)?,
            CKind::Arith(Arith::Num { op: BinOp::Add | BinOp::Sub, .. }, a, b) => {
                finer(self.grain(a, money), self.grain(b, money))?
            }
            CKind::Arith(Arith::Num { op: BinOp::Mul, .. }, a, b) => {
                self.grain(a, false)?.checked_add(self.grain(b, false)?)?
            }
            CKind::Rounded(_, digits, _) => u32::try_from(*digits).unwrap_or(0),
            CKind::If(_, a, b) => finer(self.grain(a, money), self.grain(b, money))?,
            CKind::Min(args) | CKind::Max(args) => {
                let mut g = 0;
                for a in args {
                    g = g.max(self.grain(a, money)?);
                }
                g
            }
            CKind::Let(i) => {
                let expr = &self.program.lets.get(*i)?.expr;
                self.grain(expr, money)?
            }
            CKind::PayLine(i) => {
                let expr = &self.program.pay.get(*i)?.expr;
                self.grain(expr, money)?
            }
            CKind::TierAttr(i) => {
                let mut g = 0;
                for t in &self.program.tiers {
                    g = g.max(self.grain(t.attrs.get(*i)?, money)?);
                }
                g
            }
            _ if money => 2,
            _ => return None,
        })
    }
}
