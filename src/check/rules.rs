//! Violations and escalations: their items (`severity`, `points`, `when`,
//! `compensation`), each given once, each expression in its scope.

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
            let kw = item.kind.keyword();
            if let Some(first) = items.get(kw) {
                let d = Diagnostic::error(Code::Duplicate, format!("{what} `{}` has two `{kw}` items", rule.name.name))
                    .at(&item.span, "given again here")
                    .with_related(&first.span, "first given here")
                    .with_help(format!(
                        "keep one `{kw}` item; to combine conditions use `and`/`or`, to combine amounts use `+`"
                    ));
                self.error(d);
                continue;
            }
            items.insert(kw, item);
        }
        for kw in ["severity", "points"] {
            if !items.contains_key(kw) {
                let example = if kw == "severity" { "severity 重度" } else { "points = 5 分" };
                self.error(
                    Diagnostic::error(Code::MissingAttribute, format!("{what} `{}` has no `{kw}`", rule.name.name))
                        .at(&rule.name.span, format!("`{kw}` missing"))
                        .with_help(format!("add `{example}` to the block")),
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
                        format!("`{}` is a {}, not a severity", name.name, kind.describe()),
                    )
                    .at(&name.span, "not a severity")
                    .with_related(&span, format!("declared as a {}", kind.describe()))
                    .with_help(self.severity_help()),
                );
                None
            }
            None => {
                let _ = rule;
                let names: Vec<String> = self.severities.iter().map(|(n, _)| n.name.clone()).collect();
                let mut d = Diagnostic::error(Code::Undefined, format!("unknown severity `{}`", name.name))
                    .at(&name.span, "not declared");
                d = match closest(&name.name, names.iter().map(String::as_str)) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(self.severity_help()),
                };
                self.error(d);
                None
            }
        }
    }

    pub(super) fn severity_help(&self) -> String {
        if self.severities.is_empty() {
            "declare the severity first: `severity 重度`".into()
        } else {
            let names: Vec<String> = self.severities.iter().map(|(n, _)| format!("`{}`", n.name)).collect();
            format!("the severities are {}", names.join(", "))
        }
    }

    pub(super) fn rule_expr(&mut self, item: Option<&&RuleItem>, scope: Scope, want: Type, what: &str) -> ItemExpr {
        let Some(item) = item else { return ItemExpr::Absent };
        let e = match &item.kind {
            RuleItemKind::Points(e) | RuleItemKind::When(e) | RuleItemKind::Compensation(e) | RuleItemKind::Fine(e) => {
                e
            }
            RuleItemKind::Severity(_) => return ItemExpr::Absent,
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
            let items = self.rule_items(rule, "violation");
            let severity = self.rule_severity(rule, &items);
            let points = self.rule_expr(items.get("points"), Scope::Amount, Type::POINTS, "`points`");
            let when = self.rule_expr(items.get("when"), Scope::Violation, Type::Bool, "`when`");
            let comp = self.rule_expr(items.get("compensation"), Scope::Amount, Type::MONEY, "`compensation`");
            let fine = self.rule_expr(items.get("fine"), Scope::Amount, Type::MONEY, "`fine`");
            out.push((|| {
                Some(ViolationDef {
                    name: rule.name.name.clone(),
                    doc: doc.text(),
                    severity: severity?,
                    points: points.required()?.0,
                    when: when.optional()?,
                    compensation: comp.optional()?,
                    fine: fine.optional()?,
                })
            })());
        }
        out
    }

    pub(super) fn check_escalations(&mut self) -> Vec<Option<(EscalationDef, Needs)>> {
        let rules = self.escalations.clone();
        let mut out = Vec::new();
        for (rule, doc) in rules {
            let items = self.rule_items(rule, "escalation");
            if let Some(item) = items.get("compensation") {
                self.error(
                    Diagnostic::error(Code::Scope, format!("escalation `{}` cannot owe compensation", rule.name.name))
                        .at(&item.span, "only a violation's occurrence owes compensation")
                        .with_help("move `compensation` to the violation whose incidents owe it"),
                );
            }
            if !items.contains_key("when") {
                self.error(
                    Diagnostic::error(Code::MissingAttribute, format!("escalation `{}` has no `when`", rule.name.name))
                        .at(&rule.name.span, "`when` missing")
                        .with_help("an escalation fires on the month's counts: add e.g. `when count(中度) >= 2`"),
                );
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
}
