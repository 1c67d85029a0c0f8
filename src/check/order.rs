//! The escalations' dependency order, and their cycles.
//!
//! An escalation that counts a severity depends on every escalation of that severity (it
//! counts as one occurrence of it), and on each escalation it counts by name. They are
//! ordered depth-first in declaration order; a cycle is refused with its whole path.

use super::program::*;
use super::scope::Needs;
use super::Checker;
use crate::diag::{Code, Diagnostic};

/// Where the depth-first walk stands with one escalation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Visit {
    NotYet,
    /// On the current path: meeting it again closes a cycle.
    OnPath,
    Done,
}

impl<'a> Checker<'a> {
    pub(super) fn escalation_order(&mut self, checked: &[Option<(EscalationDef, Needs)>]) -> Option<Vec<usize>> {
        let n = self.escalations.len();
        let deps: Vec<Vec<usize>> = (0..n)
            .map(|i| {
                let Some(Some((_, needs))) = checked.get(i) else { return Vec::new() };
                (0..n)
                    .filter(|j| {
                        needs.escs.contains(j)
                            || self
                                .escalation_severity
                                .get(*j)
                                .copied()
                                .flatten()
                                .is_some_and(|s| needs.sevs.contains(&s))
                    })
                    .collect()
            })
            .collect();
        // Depth-first, in declaration order.
        let mut state = vec![Visit::NotYet; n];
        let mut order = Vec::new();
        let mut reported = false;
        for start in 0..n {
            let mut path = Vec::new();
            if !self.visit(start, &deps, &mut state, &mut order, &mut path) && !reported {
                reported = true;
            }
        }
        (!reported).then_some(order)
    }

    pub(super) fn visit(
        &mut self,
        i: usize,
        deps: &[Vec<usize>],
        state: &mut [Visit],
        order: &mut Vec<usize>,
        path: &mut Vec<usize>,
    ) -> bool {
        match state.get(i) {
            Some(Visit::Done) => return true,
            Some(Visit::OnPath) => {
                self.report_cycle(i, path);
                return false;
            }
            _ => {}
        }
        if let Some(s) = state.get_mut(i) {
            *s = Visit::OnPath;
        }
        path.push(i);
        let mut ok = true;
        for &j in deps.get(i).map(Vec::as_slice).unwrap_or(&[]) {
            if !self.visit(j, deps, state, order, path) {
                ok = false;
                break;
            }
        }
        path.pop();
        if let Some(s) = state.get_mut(i) {
            *s = Visit::Done;
        }
        if ok {
            order.push(i);
        }
        ok
    }

    pub(super) fn report_cycle(&mut self, back_to: usize, path: &[usize]) {
        let start = path.iter().position(|&p| p == back_to).unwrap_or(0);
        let cycle: Vec<usize> = path.get(start..).unwrap_or(&[]).to_vec();
        let name = |c: &Checker, i: usize| c.escalations.get(i).map(|(r, _)| r.name.clone());
        let Some(first) = name(self, back_to) else { return };
        let sev = self
            .escalation_severity
            .get(back_to)
            .copied()
            .flatten()
            .and_then(|s| self.severities.get(s))
            .map(|(n, _)| n.name.name.clone());
        let mut d = if cycle.len() <= 1 {
            Diagnostic::error(
                Code::Cycle,
                tr!("cycle-escalation-own-severity", name = &first.name, severity = sev.unwrap_or_default()),
            )
            .at(&first.span, tr!("cycle-escalation-own-severity-label"))
        } else {
            let names: Vec<String> = cycle
                .iter()
                .chain(std::iter::once(&back_to))
                .filter_map(|&i| name(self, i))
                .map(|n| format!("`{}`", n.name))
                .collect();
            Diagnostic::error(Code::Cycle, tr!("cycle-escalations", names = names.join(" → ")))
                .at(&first.span, tr!("cycle-starts-here"))
        };
        for &i in cycle.iter().skip(1) {
            if let Some(n) = name(self, i) {
                d = d.with_related(&n.span, tr!("cycle-part"));
            }
        }
        d = d.with_help(tr!("cycle-escalation-help"));
        self.error(d);
    }
}
