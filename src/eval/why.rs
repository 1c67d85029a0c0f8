//! Why a condition came out as it did, in the policy's own terms and with the values that
//! went in: `tenure = 2 months < 3 months`.
//!
//! An `and` that failed is explained by its first part that failed, an `or` that held by
//! its first part that held (the parts evaluation stopped at); the other way round every
//! part is given. A comparison shows each side that is not a literal with its value, and
//! the operator that did hold (`<` where `>=` was asked). Explanations evaluate again
//! what evaluation already computed, without marking the probe.

use super::expr::Env;
use super::shown::render;
use crate::check::program::*;
use crate::check::types::Type;
use crate::syntax::ast::CmpOp;

/// Why `e` is `value`, or `None` when it is not (or cannot be evaluated).
pub fn why(env: &Env, e: &CExpr, value: bool) -> Option<String> {
    let quiet = Env { probe: None, ..env.copy() };
    Reason { env: &quiet }.of(e, value)
}

/// For each `if` on the path evaluation took through `e`: its condition, whether it held,
/// and why (`` `if count(迟到) == 0`: false, count(迟到) = 2 != 0 ``).
pub fn branches(env: &Env, e: &CExpr) -> Vec<String> {
    let quiet = Env { probe: None, ..env.copy() };
    let mut out = Vec::new();
    Reason { env: &quiet }.path(e, &mut out);
    out
}

struct Reason<'e, 'a> {
    env: &'e Env<'a>,
}

fn negate(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Ge => CmpOp::Lt,
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
    }
}

/// `true` or `false` in the language of the explanation (`是`, `否`).
fn truth_word(value: bool) -> String {
    if value {
        tr!("why-true")
    } else {
        tr!("why-false")
    }
}

impl Reason<'_, '_> {
    fn truth(&self, e: &CExpr) -> Option<bool> {
        match self.env.eval(e).ok()? {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn of(&self, e: &CExpr, value: bool) -> Option<String> {
        if self.truth(e)? != value {
            return None;
        }
        Some(match &e.kind {
            // `a and b` false, `a or b` true: the first part that decided it.
            CKind::And(a, b) | CKind::Or(a, b) if matches!(e.kind, CKind::And(..)) != value => {
                match self.of(a, value) {
                    Some(r) => r,
                    None => self.of(b, value)?,
                }
            }
            CKind::And(a, b) | CKind::Or(a, b) => {
                let parts: Vec<String> = [a, b].iter().filter_map(|x| self.of(x, value)).collect();
                parts.join(&tr!("why-and"))
            }
            CKind::Not(x) => self.of(x, !value)?,
            CKind::If(c, a, b) => {
                let held = self.truth(c)?;
                self.of(if held { a } else { b }, value)?
            }
            CKind::Compare(op, a, b) => {
                let op = if value { *op } else { negate(*op) };
                let ty = self.type_of(a).or_else(|| self.type_of(b));
                format!("{} {} {}", self.side(a, ty), op.symbol(), self.side(b, ty))
            }
            _ => format!("{} = {}", e.span.text(), truth_word(value)),
        })
    }

    /// A side of a comparison: a literal as written, anything else with its value.
    fn side(&self, e: &CExpr, ty: Option<Type>) -> String {
        if matches!(e.kind, CKind::Const(_)) {
            return e.span.text().to_string();
        }
        match self.env.eval(e) {
            Ok(v) => format!("{} = {}", e.span.text(), render(self.env.program, &v, ty.unwrap_or(Type::NUMBER), true)),
            Err(_) => e.span.text().to_string(),
        }
    }

    /// The type of an expression, where its parts say it.
    fn type_of(&self, e: &CExpr) -> Option<Type> {
        let p = self.env.program;
        match &e.kind {
            CKind::AgentField(i) => p.agent_fields.get(*i).map(|f| f.ty),
            CKind::IncidentField(i) => p.incident_fields.get(*i).map(|f| f.ty),
            CKind::TierAttr(i) | CKind::AttrOf(i, _) => p.tier_attrs.get(*i).map(|a| a.1),
            CKind::AgentTier => Some(Type::Tier),
            CKind::Tenure | CKind::TierTenure => Some(Type::PERIOD),
            CKind::TenureDays => Some(Type::DAYS),
            CKind::Points | CKind::Subtotal(Amount::Points, _) => Some(Type::POINTS),
            CKind::Compensation | CKind::Fine | CKind::Subtotal(..) => Some(Type::MONEY),
            CKind::CountViolation(_)
            | CKind::CountSeverity(_)
            | CKind::CountEscalation(_)
            | CKind::Distinct(_)
            | CKind::CountWhere { .. }
            | CKind::Occurrence => Some(Type::NUMBER),
            CKind::Let(i) => p.lets.get(*i).map(|l| l.ty),
            CKind::PayLine(i) => p.pay.get(*i).map(|l| l.ty),
            CKind::Table(t, _) => p.tables.get(*t).map(|t| t.ret),
            CKind::Arith(Arith::Num { money: true, .. }, ..) => Some(Type::MONEY),
            CKind::Arith(
                Arith::Num { op: crate::syntax::ast::BinOp::Add | crate::syntax::ast::BinOp::Sub, .. },
                a,
                b,
            ) => self.type_of(a).or_else(|| self.type_of(b)),
            CKind::Neg(x) | CKind::Rounded(_, _, x) => self.type_of(x),
            CKind::If(_, a, b) => self.type_of(a).or_else(|| self.type_of(b)),
            CKind::Min(args) | CKind::Max(args) => args.iter().find_map(|a| self.type_of(a)),
            CKind::Aggregate { expr, .. } => self.type_of(expr),
            _ => None,
        }
    }

    fn path(&self, e: &CExpr, out: &mut Vec<String>) {
        match &e.kind {
            CKind::If(c, a, b) => {
                let Some(held) = self.truth(c) else { return };
                let why = self.of(c, held).unwrap_or_default();
                // `if` as the policy writes it (`如果` in a Chinese-dialect file).
                let word = e.span.text().get(..c.span.start.saturating_sub(e.span.start)).map_or("if", str::trim);
                let cond = format!("{word} {}", c.span.text());
                out.push(tr!("why-if", condition = cond, held = truth_word(held), why = why));
                self.path(if held { a } else { b }, out);
            }
            CKind::Neg(x) | CKind::Rounded(_, _, x) | CKind::AttrOf(_, x) => self.path(x, out),
            CKind::Arith(_, a, b) => {
                self.path(a, out);
                self.path(b, out);
            }
            CKind::Min(args) | CKind::Max(args) | CKind::Table(_, args) => {
                for a in args {
                    self.path(a, out);
                }
            }
            _ => {}
        }
    }
}
