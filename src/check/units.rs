//! Declared units (contract v2 §2.7, §6 rule 11): `unit 公里 (km, 千米)` declares a
//! quantity type named by its first spelling, written with any of its spellings.
//!
//! Units have their own namespace (they follow a number, or a field's `:`), apart from
//! the policy's names. A spelling that is a built-in unit or a type name, or that two
//! declared units share, is `kaohe::duplicate`; a unit written but never declared is
//! `kaohe::undefined`, with did-you-mean over every spelling.

use super::program::UnitDef;
use super::types::{Dim, Type};
use super::Checker;
use crate::diag::{closest, Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::*;

/// Every built-in unit spelling, for did-you-mean.
const BUILTIN_SPELLINGS: [&str; 22] = [
    "元", "CNY", "yuan", "分", "point", "points", "分钟", "minute", "minutes", "min", "小时", "hour", "hours", "个月",
    "month", "months", "年", "year", "years", "天", "day", "days",
];

impl Checker<'_> {
    /// Pass 1b: every `unit` declaration, its spellings checked.
    pub(super) fn collect_units(&mut self) {
        let file = self.file;
        for decl in &file.decls {
            let DeclKind::Unit(u) = &decl.kind else { continue };
            let mut spellings = Vec::new();
            for s in std::iter::once(&u.name).chain(&u.spellings) {
                if let Some(d) = self.spelling_clash(s) {
                    self.error(d);
                    continue;
                }
                if spellings.iter().any(|(t, _): &(String, Span)| t == &s.name) {
                    self.error(
                        Diagnostic::error(Code::Duplicate, tr!("unit-listed-twice", name = &s.name))
                            .at(&s.span, tr!("unit-listed-twice-label"))
                            .with_help(tr!("unit-listed-twice-help")),
                    );
                    continue;
                }
                spellings.push((s.name.clone(), s.span.clone()));
            }
            self.unit_decls.push(UnitDef {
                name: u.name.name.clone(),
                spellings: spellings.into_iter().map(|(t, _)| t).collect(),
                doc: decl.doc.text(),
            });
            self.unit_spans.push(u.name.span.clone());
        }
    }

    /// A spelling a new unit may not take: a built-in unit's, a type's, another unit's.
    fn spelling_clash(&self, s: &Ident) -> Option<Diagnostic> {
        if UnitWord::parse(&s.name).is_some() {
            return Some(
                Diagnostic::error(Code::Duplicate, tr!("unit-builtin", name = &s.name))
                    .at(&s.span, tr!("unit-builtin-label"))
                    .with_help(tr!("unit-builtin-help")),
            );
        }
        if Type::from_name(&s.name).is_some() {
            return Some(
                Diagnostic::error(Code::Duplicate, tr!("unit-type-name", name = &s.name))
                    .at(&s.span, tr!("unit-type-name-label"))
                    .with_help(tr!("unit-type-name-help")),
            );
        }
        let (i, _) = self.unit_decls.iter().enumerate().find(|(_, u)| u.spellings.contains(&s.name))?;
        let mut d = Diagnostic::error(Code::Duplicate, tr!("unit-spelled-twice", name = &s.name))
            .at(&s.span, tr!("unit-spelled-twice-label"))
            .with_help(tr!("unit-spelled-twice-help"));
        if let Some(first) = self.unit_spans.get(i) {
            d = d.with_related(first, tr!("unit-spelled-twice-first"));
        }
        Some(d)
    }

    /// The declared unit a spelling names, by its first spelling.
    pub(super) fn declared_unit(&self, spelling: &str) -> Option<UnitName> {
        let u = self.unit_decls.iter().find(|u| u.spellings.iter().any(|s| s == spelling))?;
        Some(UnitName::intern(&u.name))
    }

    /// A unit word with a declared spelling resolved to its unit, or reported.
    fn resolve_word(&mut self, word: UnitWord, span: &Span) -> Option<UnitWord> {
        let UnitWord::Named(spelling) = word else { return Some(word) };
        let text = spelling.text();
        if let Some(u) = self.declared_unit(&text) {
            return Some(UnitWord::Named(u));
        }
        if self.names.contains_key(&text) || super::BUILTIN_NAMES.contains(&text.as_str()) {
            self.error(
                Diagnostic::error(Code::Syntax, tr!("unit-number-then-name", name = &text))
                    .at(span, tr!("unit-number-then-name-label"))
                    .with_help(tr!(
                        "unit-number-then-name-help",
                        number = span.text().trim_end().strip_suffix(text.as_str()).unwrap_or("2").trim_end(),
                        name = &text
                    )),
            );
            return None;
        }
        let declared: Vec<String> = self.unit_decls.iter().flat_map(|u| u.spellings.iter().cloned()).collect();
        let candidates = BUILTIN_SPELLINGS.iter().copied().chain(declared.iter().map(String::as_str));
        let mut d =
            Diagnostic::error(Code::Undefined, tr!("unit-unknown", name = &text)).at(span, tr!("unit-unknown-label"));
        d = match closest(&text, candidates) {
            Some(s) => d.with_help(tr!("did-you-mean", name = s)),
            None => d.with_help(tr!("unit-unknown-help", name = &text)),
        };
        self.error(d);
        None
    }

    /// The dimension of a unit as written (`5 公里`, `2 元/km`).
    pub(super) fn unit_dim(&mut self, unit: &Unit, span: &Span) -> Option<Dim> {
        let num = self.resolve_word(unit.num, span);
        let den = match unit.den {
            Some(d) => Some(self.resolve_word(d, span)?),
            None => None,
        };
        let num = Dim::of_word(num?);
        Some(match den {
            Some(d) => num.per(Dim::of_word(d)),
            None => num,
        })
    }
}
