//! Violations, escalations and severities: their items (`severity`, `points`, `when`,
//! `compensation`, `fine`), each given once, each expression in its scope; and caps, as
//! many as wanted, on violations and severities only.

use std::collections::HashMap;

use super::program::*;
use super::scope::Needs;
use super::types::Type;
use super::{Checker, Kind, Scope};
use crate::diag::{closest, Code, Diagnostic};
use crate::syntax::ast::*;

/// A rule's optional item, checked: not written, written and compiled, or in error
/// (already reported). Short-lived, one per item: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub(super) enum ItemExpr {
    Absent,
    Compiled(CExpr, Needs),
    Failed,
}

impl ItemExpr {
    /// The compiled expression when present, `Some(None)` when absent, `None` on error.
    fn optional(self) -> Option<Option<CExpr>> {
        match self {
            ItemExpr::Absent => Some(None),
            ItemExpr::Compiled(e, _) => Some(Some(e)),
            ItemExpr::Failed => None,
        }
    }

    /// The compiled expression of a required item (its absence was reported).
    fn required(self) -> Option<(CExpr, Needs)> {
        match self {
            ItemExpr::Compiled(e, needs) => Some((e, needs)),
            ItemExpr::Absent | ItemExpr::Failed => None,
        }
    }
}

impl<'a> Checker<'a> {
    pub(super) fn rule_items(&mut self, rule: &'a RuleDecl, what: &str) -> HashMap<&'static str, &'a RuleItem> {
        let mut items: HashMap<&'static str, &'a RuleItem> = HashMap::new();
        for item in &rule.items {
            if matches!(item.kind, RuleItemKind::Cap(_)) {
                continue;
            }
            let kw = item.kind.keyword();
            if let Some(first) = items.get(kw) {
                let d = Diagnostic::error(
                    Code::Duplicate,
                    tr!("rule-item-twice", kind = what, name = &rule.name.name, item = kw),
                )
                .at(&item.span, tr!("header-item-twice-label"))
                .with_related(&first.span, tr!("header-item-twice-first"))
                .with_help(tr!("rule-item-twice-help", item = kw));
                self.error(d);
                continue;
            }
            items.insert(kw, item);
        }
        for kw in ["severity", "points"] {
            if !items.contains_key(kw) {
                let example = if kw == "severity" { "severity 重度" } else { "points = 5 分" };
                self.error(
                    Diagnostic::error(
                        Code::MissingAttribute,
                        tr!("rule-item-missing", kind = what, name = &rule.name.name, item = kw),
                    )
                    .at(&rule.name.span, tr!("tier-missing-attribute-label", name = kw))
                    .with_help(tr!("rule-item-missing-help", example = example)),
                );
            }
        }
        items
    }

    pub(super) fn rule_severity(&mut self, rule: &RuleDecl, items: &HashMap<&'static str, &RuleItem>) -> Option<usize> {
        let item = items.get("severity")?;
        let RuleItemKind::Severity(name) = &item.kind else { return None };
        match self.names.get(&name.name) {
            Some((Kind::Severity(i), _)) => Some(*i),
            Some((kind, span)) => {
                let (kind, span) = (*kind, span.clone());
                self.error(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        tr!("rule-not-a-severity", name = &name.name, kind = kind.describe()),
                    )
                    .at(&name.span, tr!("rule-not-a-severity-label"))
                    .with_related(&span, tr!("rule-declared-as", kind = kind.describe()))
                    .with_help(self.severity_help()),
                );
                None
            }
            None => {
                let _ = rule;
                let names: Vec<String> = self.severities.iter().map(|(n, _)| n.name.name.clone()).collect();
                let mut d = Diagnostic::error(Code::Undefined, tr!("rule-unknown-severity", name = &name.name))
                    .at(&name.span, tr!("rule-not-declared"));
                d = match closest(&name.name, names.iter().map(String::as_str)) {
                    Some(s) => d.with_help(tr!("did-you-mean", name = s)),
                    None => d.with_help(self.severity_help()),
                };
                self.error(d);
                None
            }
        }
    }

    pub(super) fn severity_help(&self) -> String {
        if self.severities.is_empty() {
            tr!("rule-declare-severity-first")
        } else {
            let names: Vec<String> = self.severities.iter().map(|(n, _)| format!("`{}`", n.name.name)).collect();
            tr!("rule-severities-are", names = names.join(", "))
        }
    }

    pub(super) fn rule_expr(&mut self, item: Option<&&RuleItem>, scope: Scope, want: Type, what: &str) -> ItemExpr {
        let Some(item) = item else { return ItemExpr::Absent };
        let e = match &item.kind {
            RuleItemKind::Points(e) | RuleItemKind::When(e) | RuleItemKind::Compensation(e) | RuleItemKind::Fine(e) => {
                e
            }
            RuleItemKind::Severity(_) | RuleItemKind::Cap(_) => return ItemExpr::Absent,
        };
        let typed = self.expr(e, scope);
        if !typed.ty.fits(want) {
            self.mismatch(e, want, typed.ty, what);
        }
        match typed.code {
            Some(c) => ItemExpr::Compiled(c, typed.needs),
            None => ItemExpr::Failed,
        }
    }

    pub(super) fn check_violations(&mut self) -> Vec<Option<ViolationDef>> {
        let rules = self.violations.clone();
        let mut out = Vec::new();
        for (rule, doc) in rules {
            let items = self.rule_items(rule, &tr!("kind-violation"));
            let severity = self.rule_severity(rule, &items);
            let points = self.rule_expr(items.get("points"), Scope::Amount, Type::POINTS, "`points`");
            let when = self.rule_expr(items.get("when"), Scope::Violation, Type::Bool, "`when`");
            let comp = self.rule_expr(items.get("compensation"), Scope::Amount, Type::MONEY, "`compensation`");
            let fine = self.rule_expr(items.get("fine"), Scope::Amount, Type::MONEY, "`fine`");
            let caps = self.caps(&rule.items, CapOwner::Violation);
            out.push((|| {
                Some(ViolationDef {
                    name: rule.name.name.clone(),
                    doc: doc.text(),
                    severity: severity?,
                    points: points.required()?.0,
                    when: when.optional()?,
                    compensation: comp.optional()?,
                    fine: fine.optional()?,
                    caps: caps?,
                })
            })());
        }
        out
    }

    pub(super) fn check_escalations(&mut self) -> Vec<Option<(EscalationDef, Needs)>> {
        let rules = self.escalations.clone();
        let mut out = Vec::new();
        for (rule, doc) in rules {
            let items = self.rule_items(rule, &tr!("kind-escalation"));
            if let Some(item) = items.get("compensation") {
                self.error(
                    Diagnostic::error(Code::Scope, tr!("rule-escalation-compensation", name = &rule.name.name))
                        .at(&item.span, tr!("rule-escalation-compensation-label"))
                        .with_help(tr!("rule-escalation-compensation-help")),
                );
            }
            if !items.contains_key("when") {
                self.error(
                    Diagnostic::error(Code::MissingAttribute, tr!("rule-escalation-no-when", name = &rule.name.name))
                        .at(&rule.name.span, tr!("rule-escalation-no-when-label"))
                        .with_help(tr!("rule-escalation-no-when-help")),
                );
            }
            for item in &rule.items {
                if let RuleItemKind::Cap(_) = item.kind {
                    self.error(
                        Diagnostic::error(Code::Scope, tr!("rule-escalation-cap", name = &rule.name.name))
                            .at(&item.span, tr!("rule-escalation-cap-label"))
                            .with_help(tr!("rule-escalation-cap-help")),
                    );
                }
            }
            let severity = self.rule_severity(rule, &items);
            let points = self.rule_expr(items.get("points"), Scope::Escalation, Type::POINTS, "`points`");
            let when = self.rule_expr(items.get("when"), Scope::Escalation, Type::Bool, "`when`");
            let fine = self.rule_expr(items.get("fine"), Scope::Escalation, Type::MONEY, "`fine`");
            out.push((|| {
                let (points, mut needs) = points.required()?;
                let (when, when_needs) = when.required()?;
                needs.add(&when_needs);
                let fine = match fine {
                    ItemExpr::Absent => None,
                    ItemExpr::Compiled(e, fine_needs) => {
                        needs.add(&fine_needs);
                        Some(e)
                    }
                    ItemExpr::Failed => return None,
                };
                let def = EscalationDef {
                    name: rule.name.name.clone(),
                    doc: doc.text(),
                    severity: severity?,
                    points,
                    when,
                    fine,
                };
                Some((def, needs))
            })());
        }
        out
    }

    /// Each severity, with the caps of its body (per month only: escalations have no
    /// date); nothing but caps belongs in the body.
    pub(super) fn check_severities(&mut self) -> Option<Vec<SeverityDef>> {
        let severities = self.severities.clone();
        let mut out = Some(Vec::new());
        for (decl, doc) in severities {
            let items = decl.items.as_deref().unwrap_or_default();
            for item in items {
                if !matches!(item.kind, RuleItemKind::Cap(_)) {
                    let kw = item.kind.keyword();
                    self.error(
                        Diagnostic::error(
                            Code::Scope,
                            tr!("rule-severity-only-caps", name = &decl.name.name, item = kw),
                        )
                        .at(&item.span, tr!("rule-severity-only-caps-label"))
                        .with_help(tr!("rule-severity-only-caps-help", item = kw)),
                    );
                }
            }
            let caps = self.caps(items, CapOwner::Severity);
            let def = caps.map(|caps| SeverityDef { name: decl.name.name.clone(), doc: doc.text(), caps });
            match (def, out.as_mut()) {
                (Some(def), Some(list)) => list.push(def),
                _ => out = None,
            }
        }
        out
    }

    /// The caps among a block's items, each limit checked in [`Scope::Cap`] against the
    /// type of the amount it limits.
    fn caps(&mut self, items: &[RuleItem], owner: CapOwner) -> Option<Vec<CapDef>> {
        let mut caps = Some(Vec::new());
        for item in items {
            let RuleItemKind::Cap(cap) = &item.kind else { continue };
            let (amount, want) = match cap.amount {
                CapAmount::Points => (Amount::Points, Type::POINTS),
                CapAmount::Compensation => (Amount::Compensation, Type::MONEY),
                CapAmount::Fine => (Amount::Fine, Type::MONEY),
            };
            let period = cap.period.as_ref().map_or(Period::Month, |p| p.0);
            if let (CapOwner::Severity, Some((p @ (Period::Day | Period::Week), span))) = (owner, &cap.period) {
                let word = p.keyword();
                self.error(
                    Diagnostic::error(Code::Scope, tr!("rule-severity-cap-period", period = word.spelling()))
                        .at(span, tr!("rule-severity-cap-period-label"))
                        .with_help(tr!(
                            "rule-severity-cap-period-help",
                            amount = cap.amount.keyword().spelling(),
                            period = word.spelling()
                        )),
                );
                caps = None;
            }
            let typed = self.expr(&cap.limit, Scope::Cap);
            if !typed.ty.fits(want) {
                self.mismatch(
                    &cap.limit,
                    want,
                    typed.ty,
                    &tr!("rule-what-cap-on", amount = cap.amount.keyword().spelling()),
                );
            }
            match (typed.code, caps.as_mut()) {
                (Some(limit), Some(list)) => list.push(CapDef {
                    amount,
                    period,
                    limit,
                    text: item.span.text().to_string(),
                    doc: item.doc.text(),
                    line: item.span.line(),
                }),
                _ => caps = None,
            }
        }
        caps
    }
}

/// What a cap stands in: a violation may cap per day, week or month; a severity per month.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CapOwner {
    Violation,
    Severity,
}
