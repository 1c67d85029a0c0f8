//! Lets, checked on demand: a let may be used before it is written, and one that reaches
//! itself is a cycle.

use super::scope::Needs;
use super::types::Type;
use super::{Checker, LetState, Scope};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;

/// How many lets, each used before it is written, checking one may pass through (the
/// checker recurses into a let it meets unchecked).
const MAX_LET_NESTING: usize = 200;

impl<'a> Checker<'a> {
    /// Checks let `i` (once) and returns its type and needs. `from` is where it is used.
    pub(crate) fn let_info(&mut self, i: usize, from: Option<&Span>) -> Option<(Type, Needs)> {
        match self.let_state.get(i)?.clone() {
            LetState::Done { ty, needs, .. } => Some((ty, needs)),
            LetState::InProgress => {
                let decl = *self.lets.get(i)?;
                let mut d = Diagnostic::error(Code::Cycle, tr!("cycle-let", name = &decl.name.name))
                    .at(&decl.name.span, tr!("cycle-let-label"));
                if let Some(from) = from {
                    d = d.with_related(from, tr!("cycle-let-used-again"));
                }
                self.error(d.with_help(tr!("cycle-let-help")));
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
                if self.let_depth >= MAX_LET_NESTING {
                    self.error(
                        Diagnostic::error(
                            Code::TooDeep,
                            tr!("lets-too-deep", name = &decl.name.name, max = MAX_LET_NESTING),
                        )
                        .at(&decl.name.span, tr!("lets-too-deep-label"))
                        .with_help(tr!("lets-too-deep-help")),
                    );
                    if let Some(s) = self.let_state.get_mut(i) {
                        *s = LetState::Done { ty: Type::Unknown, needs: Needs::default(), expr: None };
                    }
                    return None;
                }
                self.let_depth += 1;
                let typed = self.expr(&decl.value, Scope::Let);
                self.let_depth -= 1;
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
