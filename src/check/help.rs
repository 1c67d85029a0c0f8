//! Wording shared by the passes: holes, type mismatches, and help for a value of the
//! wrong unit.

use super::types::{self, Type};
use super::Checker;
use crate::diag::{Code, Diagnostic};
use crate::syntax::ast::*;

impl<'a> Checker<'a> {
    pub(super) fn report_holes(&mut self, status: Option<Status>) {
        self.holes.sort_by_key(|s| s.start);
        self.holes.dedup_by_key(|s| s.start);
        for span in self.holes.clone() {
            let d = match status {
                Some(Status::Active) => Diagnostic::error(Code::Hole, tr!("check-hole-active", hole = span.text()))
                    .at(&span, tr!("check-hole-active-label"))
                    .with_help(tr!("check-hole-active-help")),
                _ => Diagnostic::warning(Code::Hole, tr!("check-hole-draft", hole = span.text()))
                    .at(&span, tr!("check-hole-draft-label"))
                    .with_help(tr!("check-hole-draft-help")),
            };
            self.error(d);
        }
    }

    /// Reports that `e` has type `got` where `want` is needed.
    pub(crate) fn mismatch(&mut self, e: &Expr, want: Type, got: Type, what: &str) {
        let both_quantities = matches!((want, got), (Type::Quantity(_), Type::Quantity(_)));
        let code = if both_quantities { Code::UnitMismatch } else { Code::TypeMismatch };
        let (want_text, got_text) = (self.type_text(want), self.type_text(got));
        let mut d = Diagnostic::error(code, tr!("check-must-be", what = what, want = &want_text, got = &got_text))
            .at(&e.span, tr!("check-this-is", type = got_text.to_string()));
        if let Some(help) = conversion_help(e, want, got) {
            d = d.with_help(help);
        }
        self.error(d);
    }
}

impl Checker<'_> {
    /// A type as messages write it: a choice with its values.
    pub(crate) fn type_text(&self, ty: Type) -> String {
        match ty {
            Type::Choice(i) => match self.choices.get(usize::from(i)) {
                Some(values) => {
                    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
                    tr!("check-choice-type", values = quoted.join(", "))
                }
                None => ty.shown(),
            },
            _ => ty.shown(),
        }
    }
}

/// Help for a value of the wrong unit: how to write it in the wanted one.
pub(crate) fn conversion_help(e: &Expr, want: Type, got: Type) -> Option<String> {
    let (Type::Quantity(w), Type::Quantity(g)) = (want, got) else {
        return match (want, got) {
            (Type::Bool, Type::Quantity(d)) => {
                let example = match d {
                    types::Dim::PERIOD => "3 months",
                    types::Dim::DAYS => "90 days",
                    types::Dim::DURATION => "30 minutes",
                    types::Dim::MONEY => "1000 元",
                    types::Dim::POINTS => "10 分",
                    _ => "1",
                };
                Some(tr!("check-compare-for-bool", expr = e.span.text(), example = example))
            }
            _ => None,
        };
    };
    if (w == types::Dim::PERIOD && g == types::Dim::DAYS) || (w == types::Dim::DAYS && g == types::Dim::PERIOD) {
        return Some(tr!("check-months-and-days"));
    }
    if g == types::Dim::NUMBER {
        if let ExprKind::Number(n) = &e.kind {
            return Some(tr!("check-give-unit", number = n.to_string(), unit = w.base_unit().to_string()));
        }
        return Some(tr!("check-multiply-to-get", unit = w.base_unit().to_string(), want = want.shown()));
    }
    if w == types::Dim::NUMBER {
        return Some(tr!("check-divide-to-get-number", unit = g.base_unit().to_string()));
    }
    Some(tr!("check-value-in-unit-wanted", unit = w.base_unit().to_string()))
}
