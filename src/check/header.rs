//! Pass 2: the policy header, the record schemas and the tables' signatures.
//!
//! The header must say `effective` and `status` once each; `agent { … }` and
//! `incident { … }` add fields to the built-ins (a default is a constant of the field's
//! type, and its unit is how a bare number in a cell is read); a table's parameters and
//! result are typed before any row is checked, so a call can be checked anywhere.

use std::collections::HashMap;

use super::names::keyword_span;
use super::program::*;
use super::types::{Dim, Type};
use super::{Checker, Scope};
use crate::diag::{closest, Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::*;

impl<'a> Checker<'a> {
    pub(super) fn header(&mut self) -> Option<Header> {
        let file = self.file;
        let mut headers = file.decls.iter().filter_map(|d| match &d.kind {
            DeclKind::Policy(h) => Some((d, h)),
            _ => None,
        });
        let Some((first_decl, h)) = headers.next() else {
            let span = Span::new(&self.source, 0, 0);
            self.error(
                Diagnostic::error(Code::MissingAttribute, tr!("header-missing"))
                    .at(&span, tr!("header-missing-label"))
                    .with_help(tr!("header-missing-help")),
            );
            return None;
        };
        for (d, _) in headers {
            self.error(
                Diagnostic::error(Code::Duplicate, tr!("header-twice"))
                    .at(&keyword_span(&d.span, 6), tr!("header-twice-label"))
                    .with_related(&first_decl.span, tr!("header-twice-first"))
                    .with_help(tr!("header-twice-help")),
            );
        }
        let mut seen: HashMap<&str, &Span> = HashMap::new();
        let mut header = Header {
            title: h.title.value.clone(),
            version: None,
            effective: chrono::NaiveDate::MIN,
            effective_span: None,
            issued_by: None,
            interpreted_by: None,
            status: Status::Draft,
        };
        let (mut effective, mut status) = (false, false);
        for item in &h.items {
            let kw = item.kind.keyword();
            if let Some(first) = seen.get(kw) {
                let d = Diagnostic::error(Code::Duplicate, tr!("header-item-twice", item = kw))
                    .at(&item.span, tr!("header-item-twice-label"))
                    .with_related(first, tr!("header-item-twice-first"));
                self.error(d);
                continue;
            }
            seen.insert(kw, &item.span);
            match &item.kind {
                HeaderItemKind::Version(s) => header.version = Some(s.value.clone()),
                HeaderItemKind::Effective(d) => {
                    header.effective = *d;
                    header.effective_span = Some(item.span.clone());
                    effective = true;
                }
                HeaderItemKind::IssuedBy(s) => header.issued_by = Some(s.value.clone()),
                HeaderItemKind::InterpretedBy(s) => header.interpreted_by = Some(s.value.clone()),
                HeaderItemKind::Status(s) => {
                    header.status = *s;
                    status = true;
                }
            }
        }
        for (present, kw, example) in
            [(effective, "effective", "effective 2024-10-01"), (status, "status", "status draft")]
        {
            if !present {
                self.error(
                    Diagnostic::error(Code::MissingAttribute, tr!("header-item-missing", item = kw))
                        .at(&h.title.span, tr!("header-item-missing-label", item = kw))
                        .with_help(tr!("header-item-missing-help", example = example)),
                );
            }
        }
        (effective && status).then_some(header)
    }

    pub(super) fn schemas(&mut self) {
        let file = self.file;
        let mut seen: [Option<&Span>; 2] = [None, None];
        for decl in &file.decls {
            let (fields, which) = match &decl.kind {
                DeclKind::Agent(f) => (f, 0),
                DeclKind::Incident(f) => (f, 1),
                _ => continue,
            };
            let kw = decl.kind.keyword();
            if let Some(first) = seen.get(which).copied().flatten() {
                self.error(
                    Diagnostic::error(Code::Duplicate, tr!("schema-block-twice", block = kw))
                        .at(&keyword_span(&decl.span, kw.len()), tr!("schema-block-twice-label"))
                        .with_related(first, tr!("schema-block-twice-first"))
                        .with_help(tr!("schema-block-twice-help")),
                );
                continue;
            }
            if let Some(slot) = seen.get_mut(which) {
                *slot = Some(&decl.span);
            }
            for field in fields {
                let def = self.field(field, kw);
                let list = if which == 0 { &self.agent_fields } else { &self.incident_fields };
                if list.iter().any(|f| f.name == field.name.name) {
                    let builtin = list.iter().any(|f| f.builtin && f.name == field.name.name);
                    let mut d = Diagnostic::error(
                        Code::Duplicate,
                        tr!("header-field-twice", record = kw, name = &field.name.name),
                    )
                    .at(&field.name.span, tr!("header-declared-again"));
                    if builtin {
                        d = d.with_help(tr!("header-builtin-field", name = &field.name.name, record = kw));
                    } else if let Some(first) = fields.iter().find(|f| f.name.name == field.name.name) {
                        d = d.with_related(&first.name.span, tr!("header-first-declared"));
                    }
                    self.error(d);
                    continue;
                }
                if let Some(def) = def {
                    if which == 0 {
                        self.agent_fields.push(def);
                    } else {
                        self.incident_fields.push(def);
                    }
                }
            }
        }
    }

    pub(super) fn field(&mut self, field: &Field, kw: &str) -> Option<FieldDef> {
        // An unknown type is reported once; the field stays, so its uses are not.
        let ty = self.type_name(&field.ty).unwrap_or(Type::Unknown);
        let mut default = None;
        let mut bare_unit = None;
        if let Some(e) = &field.default {
            if let ExprKind::Quantity(_, u) = &e.kind {
                if u.den.is_none() {
                    bare_unit = Some(u.num);
                }
            }
            let t = self.expr(e, Scope::Const);
            if !self.fits_or_choice(e, t.ty, ty) {
                self.mismatch(e, ty, t.ty, &tr!("header-what-default", record = kw, name = &field.name.name));
            }
            default = t.code;
        }
        if field.signed && !matches!(ty, Type::Quantity(d) if d != Dim::NUMBER) && ty != Type::Unknown {
            self.error(
                Diagnostic::error(Code::TypeMismatch, tr!("header-signed-not-quantity", type = ty.shown()))
                    .at(&field.ty.span, tr!("check-this-is", type = ty.shown()))
                    .with_help(tr!("header-signed-not-quantity-help")),
            );
        }
        Some(FieldDef {
            name: field.name.name.clone(),
            ty,
            default,
            bare_unit,
            doc: field.doc.text(),
            builtin: false,
            signed: field.signed,
        })
    }

    pub(crate) fn type_name(&mut self, name: &TypeName) -> Option<Type> {
        if let Some(values) = &name.choice {
            return self.choice_type(values, &name.span);
        }
        if let Some(t) = Type::from_name(&name.name) {
            return Some(t);
        }
        if let Some(u) = self.declared_unit(&name.name) {
            return Some(Type::Quantity(Dim::declared(u)));
        }
        let mut d = Diagnostic::error(Code::Undefined, tr!("header-unknown-type", name = &name.name))
            .at(&name.span, tr!("header-unknown-type-label"));
        d = match closest(&name.name, Type::NAMES) {
            Some(s) => d.with_help(tr!("did-you-mean", name = s)),
            None => {
                d.with_help(tr!("header-types-are", types = Type::names_shown().join(&tr!("syntax-list-separator"))))
            }
        };
        self.error(d);
        None
    }

    pub(super) fn table_signatures(&mut self) {
        let tables = self.tables.clone();
        for t in tables {
            let mut params = Vec::new();
            let mut seen: HashMap<&str, &Span> = HashMap::new();
            for p in &t.params {
                if let Some(first) = seen.get(p.name.name.as_str()) {
                    let d = Diagnostic::error(Code::Duplicate, tr!("header-parameter-twice", name = &p.name.name))
                        .at(&p.name.span, tr!("header-declared-again"))
                        .with_related(first, tr!("header-first-declared"));
                    self.error(d);
                } else if let Some((kind, span)) = self.names.get(&p.name.name).cloned() {
                    self.error(
                        Diagnostic::error(
                            Code::Duplicate,
                            tr!("header-parameter-clash", name = &p.name.name, kind = kind.describe()),
                        )
                        .at(&p.name.span, tr!("header-parameter-label"))
                        .with_related(&span, tr!("check-declared-here"))
                        .with_help(tr!("header-parameter-clash-help")),
                    );
                }
                seen.insert(&p.name.name, &p.name.span);
                params.push(self.type_name(&p.ty).unwrap_or(Type::Unknown));
            }
            let ret = self.type_name(&t.ret).unwrap_or(Type::Unknown);
            self.table_sigs.push((params, ret));
        }
    }
}

pub(super) fn builtin_fields(fields: &[(&str, Type)]) -> Vec<FieldDef> {
    fields
        .iter()
        .map(|(name, ty)| FieldDef {
            name: name.to_string(),
            ty: *ty,
            default: None,
            bare_unit: None,
            doc: String::new(),
            builtin: true,
            signed: false,
        })
        .collect()
}

impl Checker<'_> {
    /// `one of (…)`: the index of its value list, shared with any list of the same values.
    fn choice_type(&mut self, values: &[StringLit], span: &Span) -> Option<Type> {
        if values.is_empty() {
            self.error(
                Diagnostic::error(Code::Choice, tr!("header-choice-empty"))
                    .at(span, tr!("header-choice-empty-label"))
                    .with_help(tr!("header-choice-empty-help")),
            );
            return None;
        }
        let mut seen: HashMap<&str, &Span> = HashMap::new();
        let mut ok = true;
        for v in values {
            if let Some(first) = seen.insert(&v.value, &v.span) {
                self.error(
                    Diagnostic::error(Code::Duplicate, tr!("header-choice-twice", value = &v.value))
                        .at(&v.span, tr!("header-choice-again"))
                        .with_related(first, tr!("header-choice-first"))
                        .with_help(tr!("header-choice-twice-help")),
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        let list: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
        let mut sorted = list.clone();
        sorted.sort();
        let same = |other: &Vec<String>| {
            let mut o = other.clone();
            o.sort();
            o == sorted
        };
        let index = match self.choices.iter().position(same) {
            Some(i) => i,
            None => {
                self.choices.push(list);
                self.choices.len() - 1
            }
        };
        u16::try_from(index).ok().map(Type::Choice)
    }

    /// Whether a value of type `got` may stand where `want` is wanted; a text literal
    /// where a choice is wanted fits when it is one of the choice's values (otherwise
    /// `kaohe::choice` is reported here, and it counts as fitting, so it is reported once).
    pub(crate) fn fits_or_choice(&mut self, e: &Expr, got: Type, want: Type) -> bool {
        if got.fits(want) {
            return true;
        }
        match (want, got, &e.kind) {
            (Type::Choice(i), Type::Text, ExprKind::Text(text)) => {
                self.choice_member(i, text, &e.span);
                true
            }
            _ => false,
        }
    }

    /// Reports `kaohe::choice` unless `text` is one of choice `i`'s values.
    pub(crate) fn choice_member(&mut self, i: u16, text: &str, span: &Span) {
        let Some(values) = self.choices.get(usize::from(i)) else { return };
        if values.iter().any(|v| v == text) {
            return;
        }
        let listed: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
        let mut d = Diagnostic::error(Code::Choice, tr!("header-not-a-choice", text = text))
            .at(span, tr!("header-not-a-choice-label", values = listed.join(", ")));
        d = match closest(text, values.iter().map(String::as_str)) {
            Some(s) => d.with_help(tr!("header-did-you-mean-value", value = s)),
            None => d.with_help(tr!("header-values-are", values = listed.join(", "))),
        };
        self.error(d);
    }
}
