//! Pass 3: tiers — the same attributes with the same types in every tier, and the
//! requirements, each checked in the scope of its own tier.

use std::collections::HashMap;

use super::program::*;
use super::types::Type;
use super::{Checker, Scope};
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::*;

/// Where each attribute was first defined: its type, the expression, the tier.
type FirstDefs = HashMap<String, (Type, Span, String)>;

/// One tier's attributes: the compiled value (absent on error) and the name's span.
type TierAttrs = HashMap<String, (Option<CExpr>, Span)>;

impl<'a> Checker<'a> {
    pub(super) fn check_tiers(&mut self) -> Option<Vec<TierDef>> {
        let tiers = self.tiers.clone();
        // Attribute names and types, in order of first appearance.
        let mut first_def = FirstDefs::new();
        let per_tier: Vec<TierAttrs> = tiers.iter().map(|(t, _)| self.tier_attrs_of(t, &mut first_def)).collect();
        let mut defs = Vec::new();
        let mut ok = true;
        for (i, ((t, doc), attrs)) in tiers.iter().zip(&per_tier).enumerate() {
            let values = self.attr_values(t, attrs, &first_def);
            let requires = self.tier_requirements(t, i);
            match (values, requires) {
                (Some(attrs), Some(requires)) => {
                    defs.push(TierDef { name: t.name.name.clone(), doc: doc.text(), attrs, requires })
                }
                _ => ok = false,
            }
        }
        ok.then_some(defs)
    }

    /// One tier's attributes, each once; the first tier to define an attribute fixes its
    /// type for every other tier.
    fn tier_attrs_of(&mut self, t: &TierDecl, first_def: &mut FirstDefs) -> TierAttrs {
        let mut attrs = TierAttrs::new();
        for item in &t.items {
            let TierItemKind::Attr(name, e) = &item.kind else { continue };
            if let Some((_, first)) = attrs.get(&name.name) {
                let d = Diagnostic::error(
                    Code::Duplicate,
                    tr!("tier-defines-twice", tier = &t.name.name, name = &name.name),
                )
                .at(&name.span, tr!("tier-defines-twice-label"))
                .with_related(first, tr!("tier-defines-twice-first"));
                self.error(d);
                continue;
            }
            let typed = self.expr(e, Scope::Const);
            match first_def.get(&name.name) {
                Some((ty, span, tier)) if !typed.ty.fits(*ty) => {
                    let d = Diagnostic::error(
                        Code::TypeMismatch,
                        tr!(
                            "tier-attribute-types-differ",
                            name = &name.name,
                            type = typed.ty.to_string(),
                            tier = &t.name.name,
                            other_type = ty.to_string(),
                            other_tier = tier.as_str()
                        ),
                    )
                    .at(&e.span, tr!("check-this-is", type = typed.ty.shown()))
                    .with_related(span, tr!("tier-attribute-type-here", type = ty.shown()))
                    .with_help(tr!("tier-attribute-types-differ-help"));
                    self.error(d);
                }
                Some(_) => {}
                None => {
                    first_def.insert(name.name.clone(), (typed.ty, e.span.clone(), t.name.name.clone()));
                    self.tier_attrs.push((name.name.clone(), typed.ty));
                }
            }
            attrs.insert(name.name.clone(), (typed.code, name.span.clone()));
        }
        attrs
    }

    /// A tier's values in the order of [`Program::tier_attrs`]; every attribute some tier
    /// defines must be defined here too. `None` when one is missing or in error.
    fn attr_values(&mut self, t: &TierDecl, attrs: &TierAttrs, first_def: &FirstDefs) -> Option<Vec<CExpr>> {
        let mut values = Vec::new();
        let mut ok = true;
        for (attr, _) in self.tier_attrs.clone() {
            match attrs.get(&attr) {
                Some((Some(v), _)) => values.push(v.clone()),
                Some((None, _)) => ok = false,
                None => {
                    ok = false;
                    let (_, span, other) =
                        first_def.get(&attr).cloned().unwrap_or((Type::Unknown, t.name.span.clone(), String::new()));
                    self.error(
                        Diagnostic::error(
                            Code::MissingAttribute,
                            tr!("tier-missing-attribute", tier = &t.name.name, name = attr.as_str()),
                        )
                        .at(&t.name.span, tr!("tier-missing-attribute-label", name = attr.as_str()))
                        .with_related(&span, tr!("tier-missing-attribute-other", tier = other.as_str()))
                        .with_help(tr!(
                            "tier-missing-attribute-help",
                            name = attr.as_str(),
                            tier = &t.name.name
                        )),
                    );
                }
            }
        }
        ok.then_some(values)
    }

    /// Tier `i`'s requirements, each a bool in the scope of that tier.
    fn tier_requirements(&mut self, t: &TierDecl, i: usize) -> Option<Vec<Requirement>> {
        let mut requires = Vec::new();
        let mut ok = true;
        for item in &t.items {
            let TierItemKind::Requires(e) = &item.kind else { continue };
            let typed = self.expr(e, Scope::Requires(i));
            if !typed.ty.fits(Type::Bool) {
                self.mismatch(e, Type::Bool, typed.ty, &tr!("check-what-requirement"));
            }
            match typed.code {
                Some(expr) => requires.push(Requirement {
                    expr,
                    doc: item.doc.text(),
                    about_the_move: typed.needs.tier_tenure.is_some(),
                }),
                None => ok = false,
            }
        }
        ok.then_some(requires)
    }
}
