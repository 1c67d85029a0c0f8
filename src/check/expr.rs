//! Expressions: resolve names to slots, infer types and units, enforce scopes.
//!
//! [`Checker::expr`] returns a [`Typed`]: the type, the compiled expression (absent when
//! something inside was in error) and what the expression needs at run time. An
//! expression whose type is in error has type [`Type::Unknown`], which fits anywhere, so
//! a mistake is reported once and not again by every expression around it.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::program::{Aggregate, Amount, Arith, CExpr, CKind, Rounding, Target, Value};
use super::types::{Dim, Type};
use super::{Checker, Kind, Need, Needs, Scope};
use crate::diag::{closest, Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{BinOp, CmpOp, Expr, ExprKind, Ident};
use crate::syntax::keywords::FUNCTIONS;

pub(crate) struct Typed {
    pub ty: Type,
    pub code: Option<CExpr>,
    pub needs: Needs,
}

impl Typed {
    fn new(ty: Type, kind: CKind, span: &Span) -> Typed {
        Typed { ty, code: Some(CExpr { kind, span: span.clone() }), needs: Needs::default() }
    }

    pub(super) fn error() -> Typed {
        Typed { ty: Type::Unknown, code: None, needs: Needs::default() }
    }

    fn with_needs(mut self, needs: Needs) -> Typed {
        self.needs.add(&needs);
        self
    }
}

impl Checker<'_> {
    pub(crate) fn expr(&mut self, e: &Expr, scope: Scope) -> Typed {
        let span = &e.span;
        match &e.kind {
            ExprKind::Number(n) | ExprKind::Percent(n) => Typed::new(Type::NUMBER, CKind::Const(Value::Num(*n)), span),
            ExprKind::Quantity(n, unit) => {
                let Some(dim) = self.unit_dim(unit, span) else { return Typed::error() };
                let mut value = n.checked_mul(Decimal::from(unit.num.factor()));
                if let Some(den) = unit.den {
                    value = value.and_then(|v| v.checked_div(Decimal::from(den.factor())));
                }
                if dim == Dim::MONEY {
                    value = value.map(|v| v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero));
                }
                match value {
                    Some(v) => Typed::new(Type::Quantity(dim), CKind::Const(Value::Num(v)), span),
                    None => {
                        self.error(
                            Diagnostic::error(Code::Syntax, tr!("check-quantity-too-large"))
                                .at(span, tr!("check-quantity-too-large-label")),
                        );
                        Typed::error()
                    }
                }
            }
            ExprKind::Hole(unit) => {
                self.holes.push(span.clone());
                let ty = match unit {
                    Some(u) => self.unit_dim(u, span).map_or(Type::Unknown, Type::Quantity),
                    None => Type::Unknown,
                };
                Typed::new(ty, CKind::Hole, span)
            }
            ExprKind::Date(d) => Typed::new(Type::Date, CKind::Const(Value::Date(*d)), span),
            ExprKind::Text(t) => Typed::new(Type::Text, CKind::Const(Value::Text(t.as_str().into())), span),
            ExprKind::Bool(b) => Typed::new(Type::Bool, CKind::Const(Value::Bool(*b)), span),
            ExprKind::Name(name) => self.name(name, span, scope),
            ExprKind::Tier => self.leaf(Need::Agent, span, scope, "tier", Type::Tier, CKind::AgentTier),
            ExprKind::Points => self.leaf(Need::Totals, span, scope, "points", Type::POINTS, CKind::Points),
            ExprKind::Compensation => {
                self.leaf(Need::Totals, span, scope, "compensation", Type::MONEY, CKind::Compensation)
            }
            ExprKind::Agent | ExprKind::Incident => {
                let kw = if matches!(e.kind, ExprKind::Agent) { "agent" } else { "incident" };
                let example = if kw == "agent" { "agent.tier" } else { "incident.date" };
                self.error(
                    Diagnostic::error(Code::TypeMismatch, tr!("check-record-not-value", record = kw))
                        .at(span, tr!("check-record-not-value-label"))
                        .with_help(tr!("check-record-not-value-help", example = example)),
                );
                Typed::error()
            }
            ExprKind::Field(base, field) => self.field_access(base, field, span, scope),
            ExprKind::Call(name, args) => self.call(name, args, span, scope),
            ExprKind::Filtered(name, args, c) => self.filtered(name, args, c, span, scope),
            ExprKind::Paren(inner) => self.expr(inner, scope),
            ExprKind::Neg(inner) => {
                let t = self.expr(inner, scope);
                if !t.ty.is_quantity() {
                    self.error(
                        Diagnostic::error(Code::TypeMismatch, tr!("check-neg-needs-number", type = t.ty.shown()))
                            .at(&inner.span, tr!("check-this-is", type = t.ty.shown())),
                    );
                    return Typed::error().with_needs(t.needs);
                }
                self.wrap(t.ty, t, |c| CKind::Neg(Box::new(c)), span)
            }
            ExprKind::Not(inner) => {
                let t = self.expr(inner, scope);
                if !t.ty.fits(Type::Bool) {
                    self.mismatch(inner, Type::Bool, t.ty, &tr!("check-what-not-operand"));
                }
                self.wrap(Type::Bool, t, |c| CKind::Not(Box::new(c)), span)
            }
            ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                let is_and = matches!(e.kind, ExprKind::And(..));
                let word = if is_and { "`and`" } else { "`or`" };
                let (ta, tb) = (self.expr(a, scope), self.expr(b, scope));
                for (x, t) in [(a, &ta), (b, &tb)] {
                    if !t.ty.fits(Type::Bool) {
                        self.mismatch(x, Type::Bool, t.ty, &tr!("check-what-each-side", word = word));
                    }
                }
                let make = move |l, r| {
                    if is_and {
                        CKind::And(Box::new(l), Box::new(r))
                    } else {
                        CKind::Or(Box::new(l), Box::new(r))
                    }
                };
                self.combine(Type::Bool, ta, tb, make, span)
            }
            ExprKind::If(c, a, b) => {
                let tc = self.expr(c, scope);
                if !tc.ty.fits(Type::Bool) {
                    self.mismatch(c, Type::Bool, tc.ty, &tr!("check-what-if-condition"));
                }
                let (ta, tb) = (self.expr(a, scope), self.expr(b, scope));
                let ty = if ta.ty.fits(tb.ty) {
                    ta.ty.join(tb.ty)
                } else {
                    let code = if ta.ty.is_quantity() && tb.ty.is_quantity() {
                        Code::UnitMismatch
                    } else {
                        Code::TypeMismatch
                    };
                    self.error(
                        Diagnostic::error(code, tr!("check-if-branches", then = ta.ty.shown(), else = tb.ty.shown()))
                            .at(&b.span, tr!("check-this-is", type = tb.ty.shown()))
                            .with_related(&a.span, tr!("check-this-is", type = ta.ty.shown()))
                            .with_help(tr!("check-if-branches-help")),
                    );
                    Type::Unknown
                };
                let mut needs = tc.needs.clone();
                needs.add(&ta.needs);
                needs.add(&tb.needs);
                let code = match (tc.code, ta.code, tb.code) {
                    (Some(c), Some(x), Some(y)) => {
                        Some(CExpr { kind: CKind::If(Box::new(c), Box::new(x), Box::new(y)), span: span.clone() })
                    }
                    _ => None,
                };
                Typed { ty, code, needs }
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, span, scope),
            ExprKind::Compare(op, a, b) => self.compare(*op, a, b, span, scope),
            ExprKind::Chain(first, rest) => self.chain(first, rest, span, scope),
        }
    }

    fn wrap(&mut self, ty: Type, t: Typed, make: impl FnOnce(CExpr) -> CKind, span: &Span) -> Typed {
        let code = t.code.map(|c| CExpr { kind: make(c), span: span.clone() });
        Typed { ty, code, needs: t.needs }
    }

    fn combine(
        &mut self,
        ty: Type,
        a: Typed,
        b: Typed,
        make: impl FnOnce(CExpr, CExpr) -> CKind,
        span: &Span,
    ) -> Typed {
        let mut needs = a.needs;
        needs.add(&b.needs);
        let code = match (a.code, b.code) {
            (Some(l), Some(r)) => Some(CExpr { kind: make(l, r), span: span.clone() }),
            _ => None,
        };
        Typed { ty, code, needs }
    }

    /// A leaf that needs something at run time: allowed only where the scope sees it.
    fn leaf(&mut self, need: Need, span: &Span, scope: Scope, what: &str, ty: Type, kind: CKind) -> Typed {
        if !self.allow(need, span, scope, what) {
            return Typed::error();
        }
        let mut t = Typed::new(ty, kind, span);
        t.needs.set(need, span);
        t
    }

    fn allow(&mut self, need: Need, span: &Span, scope: Scope, what: &str) -> bool {
        if scope.sees(need) {
            return true;
        }
        let mut d = Diagnostic::error(Code::Scope, tr!("check-scope", what = what, scope = scope.describe()))
            .at(span, tr!("check-scope-label", need = need.describe()))
            .with_help(scope.what_it_sees());
        if scope == Scope::Escalation && need == Need::Totals {
            d = Diagnostic::error(Code::Scope, tr!("check-scope", what = what, scope = scope.describe()))
                .at(span, tr!("check-scope-escalation-totals"))
                .with_help(tr!("check-scope-escalation-totals-help"));
        }
        self.error(d);
        false
    }

    // ------------------------------------------------------------------ names

    fn name(&mut self, name: &str, span: &Span, scope: Scope) -> Typed {
        if let Scope::Table(t) = scope {
            let param = self.tables.get(t).and_then(|decl| decl.params.iter().position(|p| p.name.name == name));
            if let Some(i) = param {
                let ty = self.table_sigs.get(t).and_then(|s| s.0.get(i)).copied().unwrap_or(Type::Unknown);
                return Typed::new(ty, CKind::Param(i), span);
            }
        }
        match name {
            "tenure" => return self.leaf(Need::Agent, span, scope, "tenure", Type::PERIOD, CKind::Tenure),
            "tenure_days" => return self.leaf(Need::Agent, span, scope, "tenure_days", Type::DAYS, CKind::TenureDays),
            _ => {}
        }
        let Some((kind, decl_span)) = self.names.get(name).cloned() else {
            // v2's built-in names, where the policy declares nothing of that name.
            match name {
                "tier_tenure" => {
                    let mut t = self.leaf(Need::Agent, span, scope, "tier_tenure", Type::PERIOD, CKind::TierTenure);
                    t.needs.tier_tenure = Some(span.clone());
                    return t;
                }
                "fine" => return self.leaf(Need::Totals, span, scope, "fine", Type::MONEY, CKind::Fine),
                "month_number" => {
                    return self.leaf(Need::Agent, span, scope, "month_number", Type::NUMBER, CKind::MonthNumber)
                }
                "occurrence" => return self.occurrence(span, scope),
                _ => {}
            }
            return self.undefined(name, span, scope);
        };
        match kind {
            Kind::Tier(i) => Typed::new(Type::Tier, CKind::Const(Value::Tier(i)), span),
            Kind::Severity(i) => Typed::new(Type::Severity, CKind::Const(Value::Severity(i)), span),
            Kind::Violation(i) => Typed::new(Type::Violation, CKind::Const(Value::Violation(i)), span),
            Kind::Escalation(_) => {
                self.error(
                    Diagnostic::error(Code::TypeMismatch, tr!("check-escalation-not-value", name = name))
                        .at(span, tr!("scope-escalation"))
                        .with_help(tr!("check-escalation-not-value-help", name = name)),
                );
                Typed::error()
            }
            Kind::Table(_) => {
                self.error(
                    Diagnostic::error(Code::TypeMismatch, tr!("check-table-not-called", name = name))
                        .at(span, tr!("check-table-not-called-label"))
                        .with_help(tr!("check-table-not-called-help", name = name)),
                );
                Typed::error()
            }
            Kind::Let(i) => self.let_ref(i, name, span, scope),
            Kind::PayLine(j) => self.pay_ref(j, name, span, &decl_span, scope),
        }
    }

    fn let_ref(&mut self, i: usize, name: &str, span: &Span, scope: Scope) -> Typed {
        let Some((ty, needs)) = self.let_info(i, Some(span)) else { return Typed::error() };
        if let Some((need, at)) = needs.first_unseen(scope) {
            let at = at.clone();
            let line = at.line();
            self.error(
                Diagnostic::error(Code::Scope, tr!("check-scope", what = name, scope = scope.describe()))
                    .at(span, tr!("check-scope-depends", name = name, on = at.text(), need = need.describe()))
                    .with_related(&at, tr!("check-scope-depends-on", on = at.text(), line = line))
                    .with_help(scope.what_it_sees()),
            );
            return Typed::error();
        }
        let mut t = Typed::new(ty, CKind::Let(i), span);
        t.needs = needs;
        t
    }

    fn pay_ref(&mut self, j: usize, name: &str, span: &Span, decl_span: &Span, scope: Scope) -> Typed {
        match scope {
            Scope::Pay(i) if j < i => {
                let ty = self.pay_types.get(j).copied().unwrap_or(Type::Unknown);
                let mut t = Typed::new(ty, CKind::PayLine(j), span);
                t.needs.set(Need::Totals, span);
                t.needs.set(Need::Agent, span);
                t
            }
            Scope::Pay(i) if j == i => {
                self.error(
                    Diagnostic::error(Code::Cycle, tr!("check-pay-self", name = name))
                        .at(span, tr!("check-pay-self-label"))
                        .with_help(tr!("check-pay-self-help")),
                );
                Typed::error()
            }
            Scope::Pay(_) => {
                self.error(
                    Diagnostic::error(Code::Scope, tr!("check-pay-later", name = name))
                        .at(span, tr!("check-pay-later-label"))
                        .with_related(decl_span, tr!("check-pay-later-decl"))
                        .with_help(tr!("check-pay-later-help", name = name)),
                );
                Typed::error()
            }
            _ => {
                self.error(
                    Diagnostic::error(
                        Code::Scope,
                        tr!("check-pay-out-of-scope", name = name, scope = scope.describe()),
                    )
                    .at(span, tr!("scope-pay"))
                    .with_related(decl_span, tr!("check-pay-decl"))
                    .with_help(tr!("check-pay-out-of-scope-help")),
                );
                Typed::error()
            }
        }
    }

    fn undefined(&mut self, name: &str, span: &Span, scope: Scope) -> Typed {
        // Declared names sorted once (they are all known by now), so each of ten thousand
        // mistakes does not sort them again; the few other candidates are merged in order.
        if self.sorted_names.is_empty() && !self.names.is_empty() {
            let mut sorted: Vec<(String, bool)> =
                self.names.iter().map(|(n, (k, _))| (n.clone(), matches!(k, Kind::PayLine(_)))).collect();
            sorted.sort();
            self.sorted_names = sorted;
        }
        let mut extra: Vec<&str> = vec!["tenure", "tenure_days", "tier_tenure"];
        if let Scope::Table(t) = scope {
            if let Some(decl) = self.tables.get(t) {
                extra.extend(decl.params.iter().map(|p| p.name.name.as_str()));
            }
        }
        extra.sort();
        let pay = matches!(scope, Scope::Pay(_));
        let declared = self.sorted_names.iter().filter(|(_, is_pay)| pay || !is_pay).map(|(n, _)| n.as_str());
        let found = closest(name, merge_sorted(declared, extra.into_iter())).map(str::to_string);
        let mut d = Diagnostic::error(Code::Undefined, tr!("check-not-defined", name = name))
            .at(span, tr!("check-not-defined-label"));
        if let Some(s) = found {
            d = d.with_help(tr!("did-you-mean", name = s));
        } else if self.agent_fields.iter().any(|f| f.name == name) {
            d = d.with_help(tr!("check-agent-field-written", name = name));
        } else if self.incident_fields.iter().any(|f| f.name == name) {
            d = d.with_help(tr!("check-incident-field-written", name = name));
        } else if self.tier_attrs.iter().any(|(a, _)| a == name) {
            d = d.with_help(tr!("check-tier-attribute-written", name = name));
        }
        self.error(d);
        Typed::error()
    }

    // ------------------------------------------------------------------ fields

    fn field_access(&mut self, base: &Expr, field: &Ident, span: &Span, scope: Scope) -> Typed {
        let f = field.name.as_str();
        match &base.kind {
            ExprKind::Agent => {
                if !self.allow(Need::Agent, span, scope, &format!("agent.{f}")) {
                    return Typed::error();
                }
                let Some(i) = self.agent_fields.iter().position(|d| d.name == f) else {
                    return self.no_field("agent", field, self.agent_fields.iter().map(|d| d.name.clone()).collect());
                };
                let ty = self.agent_fields.get(i).map_or(Type::Unknown, |d| d.ty);
                let mut t = Typed::new(ty, CKind::AgentField(i), span);
                t.needs.set(Need::Agent, span);
                t
            }
            ExprKind::Incident => {
                if !self.allow(Need::Incident, span, scope, &format!("incident.{f}")) {
                    return Typed::error();
                }
                let Some(i) = self.incident_fields.iter().position(|d| d.name == f) else {
                    return self.no_field(
                        "incident",
                        field,
                        self.incident_fields.iter().map(|d| d.name.clone()).collect(),
                    );
                };
                let ty = self.incident_fields.get(i).map_or(Type::Unknown, |d| d.ty);
                let mut t = Typed::new(ty, CKind::IncidentField(i), span);
                t.needs.set(Need::Incident, span);
                t
            }
            ExprKind::Tier => {
                if !matches!(scope, Scope::Requires(_)) && !self.allow(Need::Agent, span, scope, &format!("tier.{f}")) {
                    return Typed::error();
                }
                let Some(i) = self.tier_attrs.iter().position(|(a, _)| a == f) else {
                    return self.no_field("tier", field, self.tier_attrs.iter().map(|(a, _)| a.clone()).collect());
                };
                let ty = self.tier_attrs.get(i).map_or(Type::Unknown, |a| a.1);
                if let Scope::Requires(_) = scope {
                    // The attribute of the tier whose requirement this is: a constant per tier.
                    return Typed::new(ty, CKind::TierAttr(i), span);
                }
                self.leaf(Need::Agent, span, scope, &format!("tier.{f}"), ty, CKind::TierAttr(i))
            }
            _ => {
                let t = self.expr(base, scope);
                if t.ty == Type::Tier {
                    // `.attr` of any tier-valued expression: `应定等级(tenure).base_salary`.
                    let Some(i) = self.tier_attrs.iter().position(|(a, _)| a == f) else {
                        return self.no_field("tier", field, self.tier_attrs.iter().map(|(a, _)| a.clone()).collect());
                    };
                    let ty = self.tier_attrs.get(i).map_or(Type::Unknown, |a| a.1);
                    return self.wrap(ty, t, |c| CKind::AttrOf(i, Box::new(c)), span);
                }
                if t.code.is_some() {
                    self.error(
                        Diagnostic::error(Code::TypeMismatch, tr!("check-no-fields", type = t.ty.shown()))
                            .at(&field.span, tr!("check-no-fields-label", name = f))
                            .with_help(tr!("check-no-fields-help")),
                    );
                }
                Typed::error()
            }
        }
    }

    fn no_field(&mut self, record: &str, field: &Ident, names: Vec<String>) -> Typed {
        let (message, label) = if record == "tier" {
            (tr!("check-no-attribute", name = &field.name), tr!("check-no-attribute-label"))
        } else {
            (tr!("check-no-field", record = record, name = &field.name), tr!("check-no-field-label"))
        };
        let mut d = Diagnostic::error(Code::Undefined, message).at(&field.span, label);
        d = match closest(&field.name, names.iter().map(String::as_str)) {
            Some(s) => d.with_help(tr!("did-you-mean", name = format!("{record}.{s}"))),
            None if record == "tier" => d.with_help(tr!("check-no-attribute-help")),
            None => d.with_help(tr!("check-no-field-help", record = record, name = &field.name)),
        };
        self.error(d);
        Typed::error()
    }

    // ------------------------------------------------------------------ calls

    fn call(&mut self, name: &Ident, args: &[Expr], span: &Span, scope: Scope) -> Typed {
        let declared = self.names.contains_key(&name.name);
        match name.name.as_str() {
            "points" | "compensation" => return self.subtotal(name, args, span, scope),
            "fine" if !declared => return self.subtotal(name, args, span, scope),
            "sum" | "avg" | "lowest" | "highest" if !declared => return self.aggregate(name, args, span, scope),
            "count" | "distinct" => return self.count(name, args, span, scope),
            "min" | "max" => return self.min_max(name, args, span, scope),
            "floor" | "ceil" | "round" => return self.rounding(name, args, span, scope),
            n if !declared && super::history::HISTORY_FUNCTIONS.contains(&n) => {
                return self.history_call(name, args, span, scope)
            }
            _ => {}
        }
        match self.names.get(&name.name).cloned() {
            Some((Kind::Table(t), _)) => self.table_call(t, name, args, span, scope),
            Some((kind, decl)) => {
                self.error(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        tr!("check-not-a-table", name = &name.name, kind = kind.describe()),
                    )
                    .at(&name.span, tr!("check-not-a-table-label"))
                    .with_related(&decl, tr!("check-declared-here"))
                    .with_help(tr!("check-not-a-table-help", name = &name.name)),
                );
                Typed::error()
            }
            None => {
                let mut candidates: Vec<&str> = FUNCTIONS.to_vec();
                candidates.extend(self.tables.iter().map(|t| t.name.name.as_str()));
                let mut d = Diagnostic::error(Code::Undefined, tr!("check-no-function", name = &name.name))
                    .at(&name.span, tr!("check-not-defined-label"));
                d = match closest(&name.name, candidates) {
                    Some(s) => d.with_help(tr!("did-you-mean", name = s)),
                    None => d.with_help(tr!("check-no-function-help", functions = and_list(&FUNCTIONS))),
                };
                self.error(d);
                for a in args {
                    self.expr(a, scope);
                }
                Typed::error()
            }
        }
    }

    /// `occurrence`: only in a violation's `points`, `compensation` and `fine`.
    fn occurrence(&mut self, span: &Span, scope: Scope) -> Typed {
        if scope == Scope::Violation {
            self.error(
                Diagnostic::error(Code::Scope, tr!("check-occurrence-in-when"))
                    .at(span, tr!("check-occurrence-in-when-label"))
                    .with_help(tr!("check-occurrence-in-when-help")),
            );
            return Typed::error();
        }
        if scope != Scope::Amount {
            self.error(
                Diagnostic::error(Code::Scope, tr!("check-scope", what = "occurrence", scope = scope.describe()))
                    .at(span, tr!("check-scope-label", need = tr!("need-occurrence")))
                    .with_help(tr!("check-occurrence-help")),
            );
            return Typed::error();
        }
        self.leaf(Need::Occurrence, span, scope, "occurrence", Type::NUMBER, CKind::Occurrence)
    }

    /// A count or an aggregate with `where c`.
    fn filtered(&mut self, name: &Ident, args: &[Expr], c: &Expr, span: &Span, scope: Scope) -> Typed {
        let declared = self.names.contains_key(&name.name);
        let aggregate = matches!(name.name.as_str(), "sum" | "avg" | "lowest" | "highest") && !declared;
        if !aggregate && !matches!(name.name.as_str(), "count" | "distinct") {
            self.error(
                Diagnostic::error(Code::TypeMismatch, tr!("check-no-where", name = &name.name))
                    .at(&c.span, tr!("check-no-where-label"))
                    .with_help(tr!("check-no-where-help")),
            );
            return Typed::error();
        }
        let filter = self.filter(c);
        if aggregate {
            let Some(filter) = filter else { return Typed::error() };
            return self.aggregate_with(name, args, span, scope, Some(filter));
        }
        let is_count = name.name == "count";
        let usage =
            if is_count { "count(违规或严重程度 where 条件)" } else { "distinct(严重程度 where 条件)" };
        if !self.arity(name, args, span, 1, usage) || !self.allow(Need::Counts, span, scope, &name.name) {
            return Typed::error();
        }
        let want = if is_count { tr!("check-want-violation-or-severity") } else { tr!("check-want-severity") };
        let over = args.first().and_then(|a| self.target_of(name, a, &want));
        let (Some(over), Some(filter)) = (over, filter) else { return Typed::error() };
        if !is_count && matches!(over, Target::Violation(_)) {
            self.error(
                Diagnostic::error(Code::TypeMismatch, tr!("check-distinct-of-severity"))
                    .at(
                        &args.first().map_or_else(|| span.clone(), |a| a.span.clone()),
                        tr!("check-distinct-of-severity-label"),
                    )
                    .with_help(self.severity_help()),
            );
            return Typed::error();
        }
        let kind = CKind::CountWhere { over, filter: Box::new(filter), distinct: !is_count };
        let mut t = Typed::new(Type::NUMBER, kind, span);
        t.needs.set(Need::Counts, span);
        t
    }

    /// The condition after `where`: a bool about one occurrence.
    fn filter(&mut self, c: &Expr) -> Option<CExpr> {
        let t = self.expr(c, Scope::Aggregate);
        if !t.ty.fits(Type::Bool) {
            self.mismatch(c, Type::Bool, t.ty, &tr!("check-what-where-condition"));
            return None;
        }
        t.code
    }

    /// `sum(X, e)`, `avg(X, e)`, `lowest(X, e)`, `highest(X, e)`: `e` over the month's
    /// counted occurrences of a violation or a severity.
    fn aggregate(&mut self, name: &Ident, args: &[Expr], span: &Span, scope: Scope) -> Typed {
        self.aggregate_with(name, args, span, scope, None)
    }

    fn aggregate_with(
        &mut self,
        name: &Ident,
        args: &[Expr],
        span: &Span,
        scope: Scope,
        filter: Option<CExpr>,
    ) -> Typed {
        let func = match name.name.as_str() {
            "sum" => Aggregate::Sum,
            "avg" => Aggregate::Avg,
            "lowest" => Aggregate::Lowest,
            _ => Aggregate::Highest,
        };
        if !self.arity(name, args, span, 2, &format!("{}(违规或严重程度, incident.字段)", name.name)) {
            return Typed::error();
        }
        if !self.allow(Need::Counts, span, scope, &name.name) {
            return Typed::error();
        }
        let (Some(x), Some(e)) = (args.first(), args.get(1)) else { return Typed::error() };
        let over = self.target_of(name, x, &tr!("check-want-violation-or-severity"));
        let t = self.expr(e, Scope::Aggregate);
        if !t.ty.is_quantity() && t.ty != Type::Unknown {
            self.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    tr!("check-aggregate-not-quantity", name = &name.name, type = t.ty.shown()),
                )
                .at(&e.span, tr!("check-this-is", type = t.ty.shown()))
                .with_help(tr!("check-aggregate-not-quantity-help", name = &name.name)),
            );
            return Typed::error();
        }
        let (Some(over), Some(code)) = (over, t.code) else { return Typed::error() };
        // The occurrence is the aggregate's own; what the month's expression needs is the
        // counts and the agent.
        let mut needs = Needs::default();
        needs.set(Need::Counts, span);
        if let Some(a) = &t.needs.agent {
            needs.set(Need::Agent, a);
        }
        let money = t.ty == Type::MONEY;
        let kind = CKind::Aggregate { func, over, expr: Box::new(code), money, filter: filter.map(Box::new) };
        Typed { ty: t.ty, code: Some(CExpr { kind, span: span.clone() }), needs }
    }

    /// `points(X)`, `compensation(X)`, `fine(X)`: one violation's or severity's subtotal.
    fn subtotal(&mut self, name: &Ident, args: &[Expr], span: &Span, scope: Scope) -> Typed {
        let (amount, ty) = match name.name.as_str() {
            "points" => (Amount::Points, Type::POINTS),
            "compensation" => (Amount::Compensation, Type::MONEY),
            _ => (Amount::Fine, Type::MONEY),
        };
        if !self.arity(name, args, span, 1, &format!("{}(违规或严重程度)", name.name)) {
            return Typed::error();
        }
        if !self.allow(Need::Totals, span, scope, &format!("{}(…)", name.name)) {
            return Typed::error();
        }
        let Some(target) = args.first().and_then(|a| self.target_of(name, a, &tr!("check-want-violation-or-severity")))
        else {
            return Typed::error();
        };
        let mut t = Typed::new(ty, CKind::Subtotal(amount, target), span);
        t.needs.set(Need::Totals, span);
        t
    }

    /// [`Self::target_of`], for worked examples.
    pub(crate) fn target_of_name(&mut self, name: &Ident, arg: &Expr) -> Option<Target> {
        self.target_of(name, arg, &tr!("check-want-violation-or-severity"))
    }

    /// The violation or severity an aggregate or a subtotal is taken over.
    fn target_of(&mut self, name: &Ident, arg: &Expr, want: &str) -> Option<Target> {
        let ExprKind::Name(n) = &arg.kind else {
            self.error(
                Diagnostic::error(Code::TypeMismatch, tr!("check-takes-name-of", name = &name.name, want = want))
                    .at(&arg.span, tr!("check-not-a-name"))
                    .with_help(tr!("check-write-eg", example = format!("{}(重度)", name.name))),
            );
            return None;
        };
        match self.names.get(n).cloned() {
            Some((Kind::Violation(v), _)) => Some(Target::Violation(v)),
            Some((Kind::Severity(s), _)) => Some(Target::Severity(s)),
            Some((kind, decl)) => {
                self.error(
                    Diagnostic::error(Code::TypeMismatch, tr!("check-taken-over", name = &name.name, want = want))
                        .at(&arg.span, tr!("check-is-a", name = n, kind = kind.describe()))
                        .with_related(&decl, tr!("check-declared-here"))
                        .with_help(self.severity_help()),
                );
                None
            }
            None => {
                let mut candidates: Vec<&str> = self.severities.iter().map(|(s, _)| s.name.name.as_str()).collect();
                candidates.extend(self.violations.iter().map(|(v, _)| v.name.name.as_str()));
                let mut d = Diagnostic::error(Code::Undefined, tr!("check-not-defined", name = n))
                    .at(&arg.span, tr!("check-not-defined-label"));
                if let Some(s) = closest(n, candidates) {
                    d = d.with_help(tr!("did-you-mean", name = s));
                }
                self.error(d);
                None
            }
        }
    }

    pub(super) fn arity(&mut self, name: &Ident, args: &[Expr], span: &Span, want: usize, what: &str) -> bool {
        if args.len() == want {
            return true;
        }
        self.error(
            Diagnostic::error(
                Code::TypeMismatch,
                tr!("check-arity", name = &name.name, want = want, given = args.len()),
            )
            .at(span, tr!("check-arity-label", given = args.len()))
            .with_help(tr!("check-arity-help", call = what)),
        );
        false
    }

    fn count(&mut self, name: &Ident, args: &[Expr], span: &Span, scope: Scope) -> Typed {
        let is_count = name.name == "count";
        let usage = if is_count { "count(违规或严重程度)" } else { "distinct(严重程度)" };
        if !self.arity(name, args, span, 1, usage) {
            return Typed::error();
        }
        if !self.allow(Need::Counts, span, scope, &name.name) {
            return Typed::error();
        }
        let Some(arg) = args.first() else { return Typed::error() };
        let target = match &arg.kind {
            ExprKind::Name(n) => self.names.get(n).cloned().map(|(k, _)| (n.clone(), k)),
            _ => None,
        };
        let mut needs = Needs::default();
        needs.set(Need::Counts, span);
        let kind = match target {
            Some((_, Kind::Severity(s))) => {
                needs.sevs.insert(s);
                if is_count {
                    CKind::CountSeverity(s)
                } else {
                    CKind::Distinct(s)
                }
            }
            Some((_, Kind::Violation(v))) if is_count => CKind::CountViolation(v),
            Some((_, Kind::Escalation(x))) if is_count => {
                needs.escs.insert(x);
                CKind::CountEscalation(x)
            }
            Some((
                n,
                Kind::Let(_)
                | Kind::Tier(_)
                | Kind::Table(_)
                | Kind::PayLine(_)
                | Kind::Violation(_)
                | Kind::Escalation(_),
            )) => {
                let want = if is_count { tr!("check-want-counted") } else { tr!("check-want-severity") };
                let help = if is_count {
                    let v: Vec<String> =
                        self.violations.iter().take(3).map(|(v, _)| format!("`{}`", v.name.name)).collect();
                    tr!("check-or-a-violation", severities = self.severity_help(), violations = v.join(", "))
                } else {
                    self.severity_help()
                };
                self.error(
                    Diagnostic::error(Code::TypeMismatch, tr!("check-counts-want", name = &name.name, want = &want))
                        .at(&arg.span, tr!("check-is-not-want", name = n, want = &want))
                        .with_help(help),
                );
                return Typed::error();
            }
            None => {
                if let ExprKind::Name(n) = &arg.kind {
                    let mut candidates: Vec<&str> = self.severities.iter().map(|(s, _)| s.name.name.as_str()).collect();
                    if is_count {
                        candidates.extend(self.violations.iter().map(|(v, _)| v.name.name.as_str()));
                        candidates.extend(self.escalations.iter().map(|(v, _)| v.name.name.as_str()));
                    }
                    let mut d = Diagnostic::error(Code::Undefined, tr!("check-not-defined", name = n))
                        .at(&arg.span, tr!("check-not-defined-label"));
                    if let Some(s) = closest(n, candidates) {
                        d = d.with_help(tr!("did-you-mean", name = s));
                    }
                    self.error(d);
                } else {
                    self.error(
                        Diagnostic::error(
                            Code::TypeMismatch,
                            tr!("check-takes-severity-or-violation", name = &name.name),
                        )
                        .at(&arg.span, tr!("check-not-a-name"))
                        .with_help(tr!("check-write-eg", example = format!("{}(中度)", name.name))),
                    );
                }
                return Typed::error();
            }
        };
        Typed { ty: Type::NUMBER, code: Some(CExpr { kind, span: span.clone() }), needs }
    }

    fn min_max(&mut self, name: &Ident, args: &[Expr], span: &Span, scope: Scope) -> Typed {
        if args.is_empty() {
            self.arity(name, args, span, 2, &format!("{}(a, b, …)", name.name));
            return Typed::error();
        }
        let typed: Vec<(Typed, &Expr)> = args.iter().map(|a| (self.expr(a, scope), a)).collect();
        let mut ty = Type::Unknown;
        let mut first: Option<&Expr> = None;
        for (t, a) in &typed {
            if !(t.ty.is_quantity() || t.ty == Type::Date || t.ty == Type::Tier) {
                self.error(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        tr!("check-min-max-type", name = &name.name, type = t.ty.shown()),
                    )
                    .at(&a.span, tr!("check-this-is", type = t.ty.shown())),
                );
                continue;
            }
            if !t.ty.fits(ty) {
                let code = if t.ty.is_quantity() && ty.is_quantity() { Code::UnitMismatch } else { Code::TypeMismatch };
                let mut d = Diagnostic::error(
                    code,
                    tr!("check-arguments-differ", name = &name.name, first = ty.shown(), other = t.ty.shown()),
                )
                .at(&a.span, tr!("check-this-is", type = t.ty.shown()));
                if let Some(f) = first {
                    d = d.with_related(&f.span, tr!("check-this-is", type = ty.shown()));
                }
                if let Some(help) = super::help::conversion_help(a, ty, t.ty) {
                    d = d.with_help(help);
                }
                self.error(d);
                continue;
            }
            if ty == Type::Unknown {
                first = Some(a);
            }
            ty = ty.join(t.ty);
        }
        let mut needs = Needs::default();
        let mut codes = Vec::new();
        for (t, _) in typed {
            needs.add(&t.needs);
            codes.extend(t.code);
        }
        if codes.len() != args.len() {
            return Typed { ty, code: None, needs };
        }
        let kind = if name.name == "min" { CKind::Min(codes) } else { CKind::Max(codes) };
        Typed { ty, code: Some(CExpr { kind, span: span.clone() }), needs }
    }

    fn rounding(&mut self, name: &Ident, args: &[Expr], span: &Span, scope: Scope) -> Typed {
        if args.len() != 2 && !self.arity(name, args, span, 1, &format!("{}(x) or {}(x, 2)", name.name, name.name)) {
            return Typed::error();
        }
        let Some(arg) = args.first() else { return Typed::error() };
        let t = self.expr(arg, scope);
        if !t.ty.is_quantity() {
            self.error(
                Diagnostic::error(Code::TypeMismatch, tr!("check-rounds-not", name = &name.name, type = t.ty.shown()))
                    .at(&arg.span, tr!("check-this-is", type = t.ty.shown())),
            );
            return Typed::error();
        }
        let digits = match args.get(1) {
            Some(d) => match self.rounding_digits(name, d, t.ty) {
                Some(n) => n,
                None => return Typed::error(),
            },
            None => 0,
        };
        let how = match name.name.as_str() {
            "floor" => Rounding::Floor,
            "ceil" => Rounding::Ceil,
            _ => Rounding::Round,
        };
        self.wrap(t.ty, t, |c| CKind::Rounded(how, digits, Box::new(c)), span)
    }

    /// The second argument of `round(x, n)`: an integer literal, negative for tens and
    /// hundreds; money has no digits past the cent.
    fn rounding_digits(&mut self, name: &Ident, d: &Expr, ty: Type) -> Option<i32> {
        let literal = match &d.kind {
            ExprKind::Number(n) => Some(*n),
            ExprKind::Neg(inner) => match &inner.kind {
                ExprKind::Number(n) => Some(-*n),
                _ => None,
            },
            _ => None,
        };
        let digits = literal.filter(|n| n.fract().is_zero()).and_then(|n| n.to_i32());
        let Some(digits) = digits.filter(|n| (-28..=28).contains(n)) else {
            self.error(
                Diagnostic::error(Code::TypeMismatch, tr!("check-digits-literal", name = &name.name))
                    .at(&d.span, tr!("check-digits-literal-label"))
                    .with_help(tr!("check-digits-literal-help", name = &name.name)),
            );
            return None;
        };
        if ty == Type::MONEY && digits > 2 {
            self.error(
                Diagnostic::error(Code::TypeMismatch, tr!("check-money-digits", digits = digits))
                    .at(&d.span, tr!("check-money-digits-label"))
                    .with_help(tr!("check-money-digits-help", name = &name.name)),
            );
            return None;
        }
        Some(digits)
    }

    fn table_call(&mut self, t: usize, name: &Ident, args: &[Expr], span: &Span, scope: Scope) -> Typed {
        let (params, ret) = self.table_sigs.get(t).cloned().unwrap_or((Vec::new(), Type::Unknown));
        let usage = {
            let decl = self.tables.get(t);
            let ps: Vec<String> = decl
                .map(|d| d.params.iter().map(|p| format!("{}: {}", p.name.name, p.ty.name)).collect())
                .unwrap_or_default();
            format!("{}({})", name.name, ps.join(", "))
        };
        let arity_ok = self.arity(name, args, span, params.len(), &usage);
        let mut needs = Needs::default();
        let mut codes = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let typed = self.expr(a, scope);
            needs.add(&typed.needs);
            if let Some(want) = params.get(i) {
                if !self.fits_or_choice(a, typed.ty, *want) {
                    let pname = self
                        .tables
                        .get(t)
                        .and_then(|d| d.params.get(i))
                        .map(|p| p.name.name.clone())
                        .unwrap_or_default();
                    self.mismatch(
                        a,
                        *want,
                        typed.ty,
                        &tr!("check-what-table-argument", param = pname.as_str(), table = &name.name),
                    );
                }
            }
            codes.extend(typed.code);
        }
        let code =
            (arity_ok && codes.len() == args.len()).then(|| CExpr { kind: CKind::Table(t, codes), span: span.clone() });
        Typed { ty: ret, code, needs }
    }

    // ------------------------------------------------------------------ operators

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, span: &Span, scope: Scope) -> Typed {
        let (ta, tb) = (self.expr(a, scope), self.expr(b, scope));
        let (la, lb) = (ta.ty, tb.ty);
        if la == Type::Unknown || lb == Type::Unknown {
            let ty = match op {
                BinOp::Add | BinOp::Sub => la.join(lb),
                _ => Type::Unknown,
            };
            let kind_op = Arith::Num { op, money: ty == Type::MONEY };
            return self.combine(ty, ta, tb, move |l, r| CKind::Arith(kind_op, Box::new(l), Box::new(r)), span);
        }
        let result: Result<(Type, Arith), Diagnostic> = match (op, la, lb) {
            (BinOp::Add | BinOp::Sub, Type::Quantity(x), Type::Quantity(y)) if x == y => {
                Ok((la, Arith::Num { op, money: x == Dim::MONEY }))
            }
            (BinOp::Add | BinOp::Sub, Type::Date, Type::DAYS) => {
                Ok((Type::Date, Arith::AddDays { negate: op == BinOp::Sub }))
            }
            (BinOp::Add | BinOp::Sub, Type::Date, Type::PERIOD) => {
                Ok((Type::Date, Arith::AddMonths { negate: op == BinOp::Sub }))
            }
            (BinOp::Add, Type::DAYS, Type::Date) => Ok((Type::Date, Arith::AddDays { negate: false })),
            (BinOp::Add, Type::PERIOD, Type::Date) => Ok((Type::Date, Arith::AddMonths { negate: false })),
            (BinOp::Sub, Type::Date, Type::Date) => Ok((Type::DAYS, Arith::DateDiff)),
            (BinOp::Add | BinOp::Sub, Type::Quantity(x), Type::Quantity(y)) => {
                let mut d = Diagnostic::error(
                    Code::UnitMismatch,
                    if op == BinOp::Add {
                        tr!("check-cannot-add", left = x.shown(), right = y.shown())
                    } else {
                        tr!("check-cannot-subtract", left = x.shown(), right = y.shown())
                    },
                )
                .at(&b.span, tr!("check-this-is", type = y.shown()))
                .with_related(&a.span, tr!("check-this-is", type = x.shown()));
                // A bare number next to a quantity most likely lacks its unit.
                let help = if x == Dim::NUMBER {
                    super::help::conversion_help(a, lb, la)
                } else {
                    super::help::conversion_help(b, la, lb)
                };
                if let Some(help) = help {
                    d = d.with_help(help);
                }
                Err(d)
            }
            (BinOp::Mul | BinOp::Div, Type::Quantity(x), Type::Quantity(y)) => {
                let dim = if op == BinOp::Mul { x.times(y) } else { x.per(y) };
                Ok((Type::Quantity(dim), Arith::Num { op, money: dim == Dim::MONEY }))
            }
            _ => Err(Diagnostic::error(
                Code::TypeMismatch,
                tr!("check-cannot-combine", op = op.symbol(), left = la.shown(), right = lb.shown()),
            )
            .at(span, format!("{la} {} {lb}", op.symbol()))
            .with_help(tr!("check-cannot-combine-help"))),
        };
        match result {
            Ok((ty, arith)) => {
                self.combine(ty, ta, tb, move |l, r| CKind::Arith(arith, Box::new(l), Box::new(r)), span)
            }
            Err(d) => {
                self.error(d);
                let mut t = Typed::error();
                t.needs.add(&ta.needs);
                t.needs.add(&tb.needs);
                t
            }
        }
    }

    /// `a <= x < b`: `a <= x and x < b`, each comparison checked as one.
    fn chain(&mut self, first: &Expr, rest: &[(CmpOp, Expr)], span: &Span, scope: Scope) -> Typed {
        let mut left = first;
        let mut joined: Option<Typed> = None;
        for (op, right) in rest {
            let part_span = left.span.to(&right.span);
            let part = self.compare(*op, left, right, &part_span, scope);
            joined = Some(match joined {
                None => part,
                Some(before) => {
                    self.combine(Type::Bool, before, part, |l, r| CKind::And(Box::new(l), Box::new(r)), span)
                }
            });
            left = right;
        }
        joined.unwrap_or_else(Typed::error)
    }

    fn compare(&mut self, op: CmpOp, a: &Expr, b: &Expr, span: &Span, scope: Scope) -> Typed {
        let (ta, tb) = (self.expr(a, scope), self.expr(b, scope));
        let (la, lb) = (ta.ty, tb.ty);
        // A choice compares with text: a literal must be one of its values.
        let with_text = match (la, lb) {
            (Type::Choice(i), Type::Text) => {
                if let ExprKind::Text(t) = &b.kind {
                    self.choice_member(i, t, &b.span);
                }
                true
            }
            (Type::Text, Type::Choice(i)) => {
                if let ExprKind::Text(t) = &a.kind {
                    self.choice_member(i, t, &a.span);
                }
                true
            }
            _ => false,
        };
        if !with_text && !la.fits(lb) {
            let code = if la.is_quantity() && lb.is_quantity() { Code::UnitMismatch } else { Code::TypeMismatch };
            let mut d = Diagnostic::error(code, tr!("check-cannot-compare", left = la.shown(), right = lb.shown()))
                .at(&b.span, tr!("check-this-is", type = lb.shown()))
                .with_related(&a.span, tr!("check-this-is", type = la.shown()));
            if let Some(help) = super::help::conversion_help(b, la, lb) {
                d = d.with_help(help);
            }
            self.error(d);
            let mut t = Typed::error();
            t.needs.add(&ta.needs);
            t.needs.add(&tb.needs);
            return t;
        }
        let ty = la.join(lb);
        let ordered = ty.is_quantity() || matches!(ty, Type::Date | Type::Tier);
        if !ordered && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            self.error(
                Diagnostic::error(Code::TypeMismatch, tr!("check-no-order", type = ty.shown()))
                    .at(span, tr!("check-no-order-label", op = op.symbol(), type = ty.shown()))
                    .with_help(tr!("check-no-order-help")),
            );
        }
        self.combine(Type::Bool, ta, tb, move |l, r| CKind::Compare(op, Box::new(l), Box::new(r)), span)
    }
}

/// Two sorted sequences as one sorted sequence.
fn merge_sorted<'a>(
    a: impl Iterator<Item = &'a str>,
    b: impl Iterator<Item = &'a str>,
) -> impl Iterator<Item = &'a str> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// `a, b and c` (`a、b 和 c`).
fn and_list(words: &[&str]) -> String {
    match words.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => {
            tr!("check-and-list", rest = rest.join(tr!("syntax-list-separator").as_str()), last = *last)
        }
        None => String::new(),
    }
}
