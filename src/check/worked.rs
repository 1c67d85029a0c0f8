//! Worked examples (`test "…" { … }`): checked like the rest of the policy.
//!
//! A worked example names a month, agents and incidents with constant field values, and
//! expectations on an agent's result. Field names, agent ids and expectation targets are
//! resolved here, and every value is type-checked against what it describes, so a
//! worked example that cannot run is a check error, not a failing test.

use std::collections::HashMap;

use super::program::{
    Amount, CExpr, WorkedAgent, WorkedExample, WorkedExpect, WorkedHistory, WorkedIncident, WorkedTarget,
};
use super::types::Type;
use super::{Checker, Kind, Scope};
use crate::calendar::Month;
use crate::diag::{closest, Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::{CmpOp, Expr, ExprKind, HistoryFact, Ident, TestDecl, TestItemKind};

/// Expectation targets that are not declared names.
const BUILTIN_TARGETS: [&str; 10] = [
    "points",
    "compensation",
    "fine",
    "tenure",
    "tenure_days",
    "tier_tenure",
    "tier_ok",
    "promotion",
    "tier",
    "escalations",
];

/// The month of a worked example, as far as its items have said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GivenMonth {
    Missing,
    /// Written, but not a month (reported).
    Unreadable,
    Given(Month),
}

/// A worked example while its items are checked.
struct Draft {
    month: GivenMonth,
    agents: Vec<WorkedAgent>,
    incidents: Vec<WorkedIncident>,
    expects: Vec<WorkedExpect>,
    history: Vec<WorkedHistory>,
}

impl Checker<'_> {
    pub(crate) fn check_worked(&mut self, t: &TestDecl) -> Option<WorkedExample> {
        let mut ex = Draft {
            month: GivenMonth::Missing,
            agents: Vec::new(),
            incidents: Vec::new(),
            expects: Vec::new(),
            history: Vec::new(),
        };
        let mut ok = true;
        for item in &t.items {
            ok &= match &item.kind {
                TestItemKind::Month(m) => self.worked_month(&mut ex, m, &item.span),
                TestItemKind::Agent { id, fields } => self.worked_agent(&mut ex, id, fields),
                TestItemKind::Incident { agent, fields } => {
                    let known = self.worked_agent_known(&ex.agents, agent);
                    let values = self.worked_record(fields, false, &agent.span);
                    let typed = values.is_some();
                    if let Some(values) = values {
                        let span = item.span.clone();
                        ex.incidents.push(WorkedIncident { agent: agent.name.clone(), span, values });
                    }
                    known && typed
                }
                TestItemKind::Expect { agent, what, of, op, value } => {
                    let known = self.worked_agent_known(&ex.agents, agent);
                    let span = Span::new(&item.span.source, agent.span.start, value.span.end);
                    let expect = self.worked_expect(what, of.as_ref(), *op, value);
                    let typed = expect.is_some();
                    if let Some((target, value, ty)) = expect {
                        let (agent, op, text) = (agent.name.clone(), *op, span.text().to_string());
                        ex.expects.push(WorkedExpect { agent, target, op, value, ty, text, span });
                    }
                    known && typed
                }
                TestItemKind::History { month, facts } => self.worked_history(&mut ex, month, facts, &item.span),
            };
        }
        let month = match ex.month {
            GivenMonth::Given(m) => m,
            GivenMonth::Unreadable => return None,
            GivenMonth::Missing => {
                self.error(
                    Diagnostic::error(Code::MissingAttribute, tr!("worked-no-month", name = &t.name.value))
                        .at(&t.name.span, tr!("worked-no-month-label"))
                        .with_help(tr!("worked-no-month-help")),
                );
                return None;
            }
        };
        for h in &ex.history {
            if h.month >= month {
                self.error(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        tr!("worked-history-not-before", history = h.month.to_string(), month = month.to_string()),
                    )
                    .at(&h.span, tr!("worked-history-not-before-label"))
                    .with_help(tr!("worked-history-not-before-help")),
                );
                ok = false;
            }
            if !ex.agents.iter().any(|a| a.id == h.agent) {
                self.error(
                    Diagnostic::error(Code::Undefined, tr!("worked-history-no-agent", agent = &h.agent))
                        .at(&h.span, tr!("worked-history-no-agent-label"))
                        .with_help(tr!("worked-history-no-agent-help")),
                );
                ok = false;
            }
        }
        ok.then(|| WorkedExample {
            name: t.name.value.clone(),
            span: t.name.span.clone(),
            month,
            agents: ex.agents,
            incidents: ex.incidents,
            expects: ex.expects,
            history: ex.history,
        })
    }

    /// `history 2024-09 { A1.结转赔偿 = 400 元 }`: each figure named like an expectation's
    /// target and typed against it.
    fn worked_history(&mut self, ex: &mut Draft, month: &str, facts: &[HistoryFact], at: &Span) -> bool {
        let month: Month = match month.parse() {
            Ok(m) => m,
            Err(e) => {
                self.error(Diagnostic::error(Code::Syntax, e).at(at, tr!("worked-not-a-month")));
                return false;
            }
        };
        let mut ok = true;
        for f in facts {
            if f.what.name == "escalations" {
                self.error(
                    Diagnostic::error(Code::Undefined, tr!("worked-escalations-by-name"))
                        .at(&f.what.span, tr!("worked-not-stored"))
                        .with_help(tr!("worked-escalations-by-name-help")),
                );
                ok = false;
                continue;
            }
            match self.worked_expect(&f.what, f.of.as_ref(), CmpOp::Eq, &f.value) {
                Some((WorkedTarget::TierTenure, ..)) => {
                    self.error(
                        Diagnostic::error(Code::Undefined, tr!("worked-no-tier-tenure"))
                            .at(&f.what.span, tr!("worked-not-stored"))
                            .with_help(tr!("worked-no-tier-tenure-help")),
                    );
                    ok = false;
                }
                Some((target, value, ty)) => ex.history.push(WorkedHistory {
                    month,
                    agent: f.agent.name.clone(),
                    target,
                    ty,
                    value,
                    span: f.span.clone(),
                }),
                None => ok = false,
            }
        }
        ok
    }

    /// `month 2024-10`: once per example.
    fn worked_month(&mut self, ex: &mut Draft, text: &str, at: &Span) -> bool {
        if ex.month != GivenMonth::Missing {
            self.error(
                Diagnostic::error(Code::Duplicate, tr!("worked-one-month"))
                    .at(at, tr!("worked-one-month-label"))
                    .with_help(tr!("worked-one-month-help")),
            );
        }
        match text.parse() {
            Ok(m) => {
                ex.month = GivenMonth::Given(m);
                true
            }
            Err(e) => {
                ex.month = GivenMonth::Unreadable;
                self.error(Diagnostic::error(Code::Syntax, e).at(at, tr!("worked-not-a-month")));
                false
            }
        }
    }

    /// `agent A1 { … }`: each id once.
    fn worked_agent(&mut self, ex: &mut Draft, id: &Ident, fields: &[(Ident, Expr)]) -> bool {
        if let Some(first) = ex.agents.iter().find(|a| a.id == id.name) {
            let first = first.span.clone();
            self.error(
                Diagnostic::error(Code::Duplicate, tr!("worked-agent-twice", agent = &id.name))
                    .at(&id.span, tr!("worked-again-here"))
                    .with_related(&first, tr!("worked-first-here")),
            );
            return false;
        }
        match self.worked_record(fields, true, &id.span) {
            Some(values) => {
                ex.agents.push(WorkedAgent { id: id.name.clone(), span: id.span.clone(), values });
                true
            }
            None => false,
        }
    }

    fn worked_agent_known(&mut self, agents: &[WorkedAgent], id: &Ident) -> bool {
        if agents.iter().any(|a| a.id == id.name) {
            return true;
        }
        let mut d = Diagnostic::error(Code::Undefined, tr!("worked-unknown-agent", agent = &id.name))
            .at(&id.span, tr!("worked-unknown-agent-label"));
        d = match closest(&id.name, agents.iter().map(|a| a.id.as_str())) {
            Some(s) => d.with_help(tr!("did-you-mean", name = s)),
            None => d.with_help(tr!("worked-unknown-agent-help", agent = &id.name)),
        };
        self.error(d);
        false
    }

    /// Field values of a worked agent or incident, indexed like the schema, `None`
    /// where the default applies.
    fn worked_record(&mut self, fields: &[(Ident, Expr)], agent: bool, at: &Span) -> Option<Vec<Option<CExpr>>> {
        let schema = if agent { self.agent_fields.clone() } else { self.incident_fields.clone() };
        let record = if agent { "agent" } else { "incident" };
        let mut values: Vec<Option<CExpr>> = vec![None; schema.len()];
        let mut given: HashMap<&str, &Span> = HashMap::new();
        let mut ok = true;
        for (name, e) in fields {
            let fixed = if agent { "id" } else { "agent" };
            let Some(i) = schema.iter().position(|f| f.name == name.name && f.name != fixed) else {
                let names: Vec<&str> = schema.iter().map(|f| f.name.as_str()).filter(|n| *n != fixed).collect();
                let mut d =
                    Diagnostic::error(Code::Undefined, tr!("worked-no-field", record = record, name = &name.name))
                        .at(&name.span, tr!("worked-no-field-label"));
                if name.name == fixed {
                    d = d.with_help(tr!("worked-fixed-after", fixed = fixed, record = record));
                } else if let Some(s) = closest(&name.name, names.iter().copied()) {
                    d = d.with_help(tr!("did-you-mean", name = s));
                }
                self.error(d);
                ok = false;
                continue;
            };
            if let Some(first) = given.insert(&name.name, &name.span) {
                let first = first.clone();
                self.error(
                    Diagnostic::error(Code::Duplicate, tr!("worked-field-twice", name = &name.name))
                        .at(&name.span, tr!("worked-again-here"))
                        .with_related(&first, tr!("worked-first-here")),
                );
                ok = false;
                continue;
            }
            let typed = self.expr(e, Scope::Const);
            let want = schema.get(i).map_or(Type::Unknown, |f| f.ty);
            if !self.fits_or_choice(e, typed.ty, want) {
                self.mismatch(e, want, typed.ty, &tr!("worked-what-field", record = record, name = &name.name));
                ok = false;
            }
            match (typed.code, values.get_mut(i)) {
                (Some(c), Some(slot)) => *slot = Some(c),
                _ => ok = false,
            }
        }
        for (f, v) in schema.iter().zip(&values) {
            // The id (or the incident's agent) is given by the item itself.
            let required = f.required() && !(f.builtin && matches!(f.name.as_str(), "id" | "agent"));
            if v.is_none() && required && !given.contains_key(f.name.as_str()) {
                self.error(
                    Diagnostic::error(
                        Code::MissingAttribute,
                        tr!("worked-missing-field", record = record, name = &f.name),
                    )
                    .at(at, tr!("worked-missing-field-label", name = &f.name))
                    .with_help(tr!("worked-missing-field-help", name = &f.name, type = f.ty.shown())),
                );
                ok = false;
            }
        }
        ok.then_some(values)
    }

    fn worked_expect(
        &mut self,
        what: &Ident,
        of: Option<&Ident>,
        op: CmpOp,
        value: &Expr,
    ) -> Option<(WorkedTarget, Option<CExpr>, Type)> {
        let name = what.name.as_str();
        if let Some(of) = of {
            // `expect A1.points(服务类) == 20 分`: a subtotal.
            let (amount, ty) = match name {
                "points" => (Amount::Points, Type::POINTS),
                "compensation" => (Amount::Compensation, Type::MONEY),
                "fine" => (Amount::Fine, Type::MONEY),
                _ => {
                    self.error(
                        Diagnostic::error(Code::Undefined, tr!("worked-no-subtotal", name = name, of = &of.name))
                            .at(&what.span, tr!("worked-no-subtotal-label"))
                            .with_help(tr!("worked-no-subtotal-help")),
                    );
                    return None;
                }
            };
            let arg = Expr { kind: ExprKind::Name(of.name.clone()), span: of.span.clone() };
            let target = self.target_of_name(what, &arg)?;
            return self.worked_value(WorkedTarget::Subtotal(amount, target), ty, name, op, value);
        }
        let (target, ty) = match name {
            "fine" if !self.names.contains_key("fine") => (WorkedTarget::Fine, Type::MONEY),
            "points" => (WorkedTarget::Points, Type::POINTS),
            "compensation" => (WorkedTarget::Compensation, Type::MONEY),
            "tenure" => (WorkedTarget::Tenure, Type::PERIOD),
            "tenure_days" => (WorkedTarget::TenureDays, Type::DAYS),
            "tier_tenure" => (WorkedTarget::TierTenure, Type::PERIOD),
            "tier_ok" => (WorkedTarget::TierOk, Type::Bool),
            "tier" => (WorkedTarget::Tier, Type::Tier),
            "promotion" => (WorkedTarget::Promotion, Type::Tier),
            _ => match self.names.get(name).cloned() {
                Some((Kind::PayLine(i), _)) => {
                    (WorkedTarget::Pay(i), self.pay_types.get(i).copied().unwrap_or(Type::Unknown))
                }
                Some((Kind::Violation(i), _)) => (WorkedTarget::CountViolation(i), Type::NUMBER),
                Some((Kind::Severity(i), _)) => (WorkedTarget::CountSeverity(i), Type::NUMBER),
                Some((Kind::Escalation(i), _)) => (WorkedTarget::Fired(i), Type::Bool),
                _ => {
                    let mut candidates: Vec<&str> = BUILTIN_TARGETS.to_vec();
                    candidates.extend(self.pay_lines.iter().map(|l| l.name.name.as_str()));
                    candidates.extend(self.violations.iter().map(|(v, _)| v.name.name.as_str()));
                    candidates.extend(self.severities.iter().map(|(s, _)| s.name.name.as_str()));
                    candidates.extend(self.escalations.iter().map(|(e, _)| e.name.name.as_str()));
                    let mut d = Diagnostic::error(Code::Undefined, tr!("worked-cannot-expect", name = name))
                        .at(&what.span, tr!("worked-cannot-expect-label"));
                    d = match closest(name, candidates) {
                        Some(s) => d.with_help(tr!("did-you-mean", name = s)),
                        None => d.with_help(tr!("worked-cannot-expect-help")),
                    };
                    self.error(d);
                    return None;
                }
            },
        };
        self.worked_value(target, ty, name, op, value)
    }

    /// The expected value of an expectation, typed against its target.
    fn worked_value(
        &mut self,
        target: WorkedTarget,
        ty: Type,
        name: &str,
        op: CmpOp,
        value: &Expr,
    ) -> Option<(WorkedTarget, Option<CExpr>, Type)> {
        if target == WorkedTarget::Promotion && matches!(&value.kind, ExprKind::Name(n) if n == "none") {
            if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                self.error(
                    Diagnostic::error(Code::TypeMismatch, tr!("worked-none-eq-only"))
                        .at(&value.span, tr!("worked-none-eq-only-label")),
                );
                return None;
            }
            return Some((target, None, ty));
        }
        let typed = self.expr(value, Scope::Const);
        if !self.fits_or_choice(value, typed.ty, ty) {
            self.mismatch(value, ty, typed.ty, &tr!("worked-what-expected", name = name));
            return None;
        }
        let ordered = ty.is_quantity() || matches!(ty, Type::Date | Type::Tier);
        if !ordered && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            self.error(
                Diagnostic::error(Code::TypeMismatch, tr!("worked-no-order", type = ty.shown()))
                    .at(&value.span, tr!("worked-no-order-label", op = op.symbol(), type = ty.shown()))
                    .with_help(tr!("worked-no-order-help")),
            );
            return None;
        }
        Some((target, Some(typed.code?), ty))
    }
}
