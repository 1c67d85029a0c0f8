//! Lets, checked on demand: a let may be used before it is written, and one that reaches
//! itself is a cycle.

use super::scope::Needs;
use super::types::Type;
use super::{Checker, LetState, Scope};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;

impl<'a> Checker<'a> {
    /// Checks let `i` (once) and returns its type and needs. `from` is where it is used.
    pub(crate) fn let_info(&mut self, i: usize, from: Option<&Span>) -> Option<(Type, Needs)> {
        match self.let_state.get(i)?.clone() {
            LetState::Done { ty, needs, .. } => Some((ty, needs)),
            LetState::InProgress => {
                let decl = *self.lets.get(i)?;
                let mut d =
                    Diagnostic::error(Code::Cycle, format!("`{}` is defined in terms of itself", decl.name.name))
                        .at(&decl.name.span, "this let");
                if let Some(from) = from {
                    d = d.with_related(from, "used again here");
                }
                self.error(d.with_help("a `let` must be computable from other values; break the chain"));
                if let Some(s) = self.let_state.get_mut(i) {
                    *s = LetState::Done { ty: Type::Unknown, needs: Needs::default(), expr: None };
                }
                None
            }
            LetState::Unchecked => {
                let decl = *self.lets.get(i)?;
                if let Some(s) = self.let_state.get_mut(i) {
                    *s = LetState::InProgress;
                }
                self.let_depth += 1;
                let typed = if self.let_depth > 200 { None } else { Some(self.expr(&decl.value, Scope::Let)) };
                self.let_depth -= 1;
                let typed = typed?;
                if let Some(LetState::Done { .. }) = self.let_state.get(i) {
                    // A cycle was reported while checking it.
                    return None;
                }
                if let Some(s) = self.let_state.get_mut(i) {
                    *s = LetState::Done { ty: typed.ty, needs: typed.needs.clone(), expr: typed.code };
                }
                Some((typed.ty, typed.needs))
            }
        }
    }
}
