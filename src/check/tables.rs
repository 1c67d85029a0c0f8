//! Tables' rows and the pay lines.
//!
//! A table's rows see its parameters and constants; `else` is required and must be last.
//! Pay lines are checked in order, each seeing the lines above it.

use super::program::*;
use super::types::Type;
use super::{Checker, Scope};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;

impl<'a> Checker<'a> {
    pub(super) fn check_tables(&mut self) -> Option<Vec<TableDef>> {
        let tables = self.tables.clone();
        let mut defs = Vec::new();
        let mut ok = true;
        for (i, t) in tables.iter().enumerate() {
            let ret = self.table_sigs.get(i).map_or(Type::Unknown, |s| s.1);
            let mut rows = Vec::new();
            let mut else_row: Option<&Span> = None;
            for row in &t.rows {
                if let Some(e) = else_row {
                    self.error(
                        Diagnostic::warning(Code::Unreachable, tr!("table-row-after-else"))
                            .at(&row.span, tr!("table-row-after-else-label"))
                            .with_related(e, tr!("table-row-after-else-else"))
                            .with_help(tr!("table-row-after-else-help")),
                    );
                }
                let cond = match &row.cond {
                    Some(c) => {
                        let typed = self.expr(c, Scope::Table(i));
                        if !typed.ty.fits(Type::Bool) {
                            self.mismatch(c, Type::Bool, typed.ty, &tr!("check-what-table-row-condition"));
                        }
                        typed.code.map(Some)
                    }
                    None => {
                        else_row.get_or_insert(&row.span);
                        Some(None)
                    }
                };
                let typed = self.expr(&row.value, Scope::Table(i));
                if !self.fits_or_choice(&row.value, typed.ty, ret) {
                    self.mismatch(&row.value, ret, typed.ty, &tr!("check-what-table-row", table = &t.name.name));
                }
                match (cond, typed.code) {
                    (Some(c), Some(v)) => rows.push((c, v)),
                    _ => ok = false,
                }
            }
            if else_row.is_none() {
                ok = false;
                self.error(
                    Diagnostic::error(Code::NonExhaustive, tr!("table-no-else", table = &t.name.name))
                        .at(&t.name.span, tr!("table-no-else-label"))
                        .with_help(tr!("table-no-else-help")),
                );
            }
            let types = self.table_sigs.get(i).map(|s| s.0.clone()).unwrap_or_default();
            let params = t.params.iter().zip(types).map(|(p, ty)| (p.name.name.clone(), ty)).collect();
            let docs = t.rows.iter().map(|r| r.doc.text()).collect();
            defs.push(TableDef { name: t.name.name.clone(), rows, params, ret, docs });
        }
        ok.then_some(defs)
    }

    pub(super) fn check_pay(&mut self) -> Option<Vec<PayLineDef>> {
        let (diags, holes, reads) = (self.diags.len(), self.holes.len(), self.stored_reads.len());
        let mut defs = self.check_pay_once();
        // A history expression may read a pay line below it (its stored value), whose
        // type is known only once that line is checked: then the lines are checked again,
        // knowing every line's type, and only the second pass's findings are kept.
        if self.stored_reads.forward {
            self.diags.truncate(diags);
            self.holes.truncate(holes);
            self.stored_reads.truncate(reads);
            defs = self.check_pay_once();
        }
        self.check_stored_reads();
        defs
    }

    fn check_pay_once(&mut self) -> Option<Vec<PayLineDef>> {
        let lines = self.pay_lines.clone();
        let mut defs = Vec::new();
        let mut ok = true;
        for (i, line) in lines.iter().enumerate() {
            let typed = self.expr(&line.value, Scope::Pay(i));
            match self.pay_types.get_mut(i) {
                Some(t) => *t = typed.ty,
                None => self.pay_types.push(typed.ty),
            }
            match typed.code {
                Some(expr) => {
                    defs.push(PayLineDef { name: line.name.name.clone(), doc: line.doc.text(), ty: typed.ty, expr })
                }
                None => ok = false,
            }
        }
        ok.then_some(defs)
    }
}
