//! Values as people read them, and the leaves of an expression with their values: what
//! an explanation shows next to a formula.

use rust_decimal::Decimal;

use super::expr::Env;
use super::result::Shown;
use crate::check::program::*;
use crate::check::types::{Dim, Type};
use crate::money::money_text;

/// The leaves of an expression with their values: what an explanation shows.
pub fn shown(env: &Env, e: &CExpr) -> Vec<Shown> {
    let mut out = Vec::new();
    // Reading the leaves again is no second evaluation: it marks no row or branch.
    let quiet = Env { probe: None, ..env.copy() };
    collect_leaves(&quiet, e, &mut out);
    out
}

fn collect_leaves(env: &Env, e: &CExpr, out: &mut Vec<Shown>) {
    let program = env.program;
    let ty = match &e.kind {
        CKind::AgentField(i) => program.agent_fields.get(*i).map(|f| f.ty),
        CKind::IncidentField(i) => program.incident_fields.get(*i).map(|f| f.ty),
        CKind::TierAttr(i) => program.tier_attrs.get(*i).map(|a| a.1),
        CKind::AgentTier => Some(Type::Tier),
        CKind::Tenure => Some(Type::PERIOD),
        CKind::TenureDays => Some(Type::DAYS),
        CKind::TierTenure => Some(Type::PERIOD),
        CKind::Occurrence => Some(Type::NUMBER),
        CKind::Points => Some(Type::POINTS),
        CKind::Compensation => Some(Type::MONEY),
        CKind::CountViolation(_) | CKind::CountSeverity(_) | CKind::CountEscalation(_) | CKind::Distinct(_) => {
            Some(Type::NUMBER)
        }
        CKind::Let(i) => program.lets.get(*i).map(|l| l.ty),
        CKind::Fine | CKind::Subtotal(Amount::Compensation | Amount::Fine, _) => Some(Type::MONEY),
        CKind::Subtotal(Amount::Points, _) => Some(Type::POINTS),
        CKind::AttrOf(i, _) => program.tier_attrs.get(*i).map(|a| a.1),
        CKind::PayLine(i) => program.pay.get(*i).map(|l| l.ty),
        // An aggregate is shown as what it came to, in the unit of what it adds up.
        CKind::Aggregate { money: true, .. } => Some(Type::MONEY),
        CKind::Aggregate { expr, .. } => Some(match &expr.kind {
            CKind::IncidentField(i) => program.incident_fields.get(*i).map_or(Type::NUMBER, |f| f.ty),
            _ => Type::NUMBER,
        }),
        CKind::CountWhere { .. } => Some(Type::NUMBER),
        _ => None,
    };
    if let CKind::History { func, expr, default, ty } = &e.kind {
        let text = e.span.text().to_string();
        if out.iter().any(|s| s.expr == text) {
            return;
        }
        if let Ok(found) = env.history(*func, expr, default.as_deref(), &e.span) {
            let value = render(program, &found.value, *ty, true);
            let months: Vec<String> = found.months.iter().map(ToString::to_string).collect();
            let from = match (found.defaulted, months.is_empty()) {
                (true, _) => "no closed month has it: the default".to_string(),
                (false, true) => "no closed month before this one".to_string(),
                (false, false) => format!("from {}", months.join(", ")),
            };
            out.push(Shown { expr: text, value: format!("{value} ({from})") });
        }
        return;
    }
    if matches!(e.kind, CKind::MonthNumber) {
        if let Ok(v) = env.eval(e) {
            out.push(Shown { expr: e.span.text().to_string(), value: render(program, &v, Type::NUMBER, true) });
        }
        return;
    }
    if let Some(ty) = ty {
        let expr = e.span.text().to_string();
        if out.iter().any(|s| s.expr == expr) {
            return;
        }
        if let Ok(v) = env.eval(e) {
            out.push(Shown { expr, value: render(program, &v, ty, true) });
        }
        return;
    }
    match &e.kind {
        CKind::Neg(x) | CKind::Not(x) | CKind::Rounded(_, _, x) | CKind::AttrOf(_, x) => collect_leaves(env, x, out),
        CKind::Arith(_, a, b) | CKind::Compare(_, a, b) | CKind::And(a, b) | CKind::Or(a, b) => {
            collect_leaves(env, a, out);
            collect_leaves(env, b, out);
        }
        CKind::If(c, a, b) => {
            for x in [c, a, b] {
                collect_leaves(env, x, out);
            }
        }
        CKind::Min(args) | CKind::Max(args) | CKind::Table(_, args) => {
            for a in args {
                collect_leaves(env, a, out);
            }
        }
        _ => {}
    }
}

/// A value as people read it. Money always has two decimals; with `unit`, quantities
/// carry their base unit (`10 分`, `30 minutes`).
pub fn render(program: &Program, v: &Value, ty: Type, unit: bool) -> String {
    match v {
        Value::Num(n) => {
            let text = if ty == Type::MONEY { money_text(*n) } else { n.normalize().to_string() };
            match ty {
                Type::Quantity(d) if unit && d != Dim::NUMBER => {
                    let unit = d.base_unit();
                    let unit = if n.abs() == Decimal::ONE { unit.trim_end_matches('s').to_string() } else { unit };
                    format!("{text} {unit}")
                }
                _ => text,
            }
        }
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Text(t) => t.to_string(),
        Value::Tier(t) => program.tiers.get(*t).map_or_else(String::new, |t| t.name.clone()),
        Value::Severity(s) => program.severities.get(*s).map_or_else(String::new, |s| s.name.clone()),
        Value::Violation(v) => program.violations.get(*v).map_or_else(String::new, |v| v.name.clone()),
    }
}
