//! Document symbols: the outline of a policy, declaration by declaration, with the
//! items inside each (record fields, tier attributes, table parameters, pay lines,
//! worked examples' agents).

use lsp_types::{DocumentSymbol, SymbolKind as Outline};

use super::{json, Reply, View};
use crate::source::Span;
use crate::syntax::ast::*;

#[allow(deprecated)] // `deprecated` is a field the protocol still requires.
fn node(
    view: &View,
    name: String,
    detail: Option<String>,
    kind: Outline,
    whole: &Span,
    name_at: &Span,
) -> DocumentSymbol {
    let a = view.analysis;
    let range = a.lines.range(a.text(), whole.start, whole.end.max(name_at.end));
    let selection = a.lines.range(a.text(), name_at.start, name_at.end);
    DocumentSymbol {
        name: if name.is_empty() { "?".into() } else { name },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: None,
    }
}

fn with_children(mut parent: DocumentSymbol, children: Vec<DocumentSymbol>) -> DocumentSymbol {
    if !children.is_empty() {
        parent.children = Some(children);
    }
    parent
}

/// The start of a declaration, its keyword: where a declaration without a name is selected.
fn keyword_at(decl: &Decl) -> Span {
    let len = decl.kind.keyword().len().min(decl.span.end - decl.span.start);
    Span::new(&decl.span.source, decl.span.start, decl.span.start + len)
}

pub fn document_symbols(view: &View) -> Reply {
    let Some(tree) = view.analysis.tree.as_ref() else { return json(Vec::<DocumentSymbol>::new()) };
    let symbols: Vec<DocumentSymbol> = tree.decls.iter().map(|d| declaration(view, d)).collect();
    json(symbols)
}

fn first_line(doc: &Doc) -> Option<String> {
    doc.lines.first().map(|l| l.trim().to_string()).filter(|l| !l.is_empty())
}

fn declaration(view: &View, d: &Decl) -> DocumentSymbol {
    let doc = first_line(&d.doc);
    match &d.kind {
        DeclKind::Policy(h) => {
            node(view, h.title.value.clone(), Some(tr!("lsp-outline-policy")), Outline::MODULE, &d.span, &h.title.span)
        }
        DeclKind::Agent(fields) | DeclKind::Incident(fields) => {
            let kw = d.kind.keyword();
            let children = fields
                .iter()
                .map(|f| {
                    let detail = f.ty.as_ref().map(|t| t.name.clone());
                    node(view, f.name.name.clone(), detail, Outline::FIELD, &f.span, &f.name.span)
                })
                .collect();
            with_children(
                node(view, kw.into(), Some(tr!("lsp-outline-records")), Outline::STRUCT, &d.span, &keyword_at(d)),
                children,
            )
        }
        DeclKind::Tier(t) => {
            let children = t
                .items
                .iter()
                .filter_map(|i| match &i.kind {
                    TierItemKind::Attr(name, e) => Some(node(
                        view,
                        name.name.clone(),
                        Some(e.span.text().into()),
                        Outline::PROPERTY,
                        &i.span,
                        &name.span,
                    )),
                    TierItemKind::Requires(_) => None,
                })
                .collect();
            with_children(
                node(
                    view,
                    t.name.name.clone(),
                    doc.or_else(|| Some(tr!("kind-tier"))),
                    Outline::CLASS,
                    &d.span,
                    &t.name.span,
                ),
                children,
            )
        }
        DeclKind::Severity(s) => node(
            view,
            s.name.name.clone(),
            doc.or_else(|| Some(tr!("kind-severity"))),
            Outline::ENUM_MEMBER,
            &d.span,
            &s.name.span,
        ),
        DeclKind::Violation(r) | DeclKind::Escalation(r) => {
            let kind = if matches!(d.kind, DeclKind::Violation(_)) { Outline::EVENT } else { Outline::OPERATOR };
            let kind_name =
                if matches!(d.kind, DeclKind::Violation(_)) { tr!("kind-violation") } else { tr!("kind-escalation") };
            let detail = doc.or(Some(kind_name));
            node(view, r.name.name.clone(), detail, kind, &d.span, &r.name.span)
        }
        DeclKind::Let(l) => {
            node(view, l.name.name.clone(), Some(l.value.span.text().into()), Outline::CONSTANT, &d.span, &l.name.span)
        }
        DeclKind::Table(t) => {
            let children = t
                .params
                .iter()
                .map(|p| {
                    node(
                        view,
                        p.name.name.clone(),
                        Some(p.ty.name.clone()),
                        Outline::VARIABLE,
                        &p.name.span.to(&p.ty.span),
                        &p.name.span,
                    )
                })
                .collect();
            let detail = Some(format!("-> {}", t.ret.name));
            with_children(node(view, t.name.name.clone(), detail, Outline::FUNCTION, &d.span, &t.name.span), children)
        }
        DeclKind::Pay(lines) => {
            let children = lines
                .iter()
                .map(|l| {
                    node(
                        view,
                        l.name.name.clone(),
                        Some(l.value.span.text().into()),
                        Outline::FIELD,
                        &l.span,
                        &l.name.span,
                    )
                })
                .collect();
            with_children(
                node(view, "pay".into(), Some(tr!("lsp-outline-pay-lines")), Outline::OBJECT, &d.span, &keyword_at(d)),
                children,
            )
        }
        DeclKind::Unit(u) => node(
            view,
            u.name.name.clone(),
            doc.or_else(|| Some(tr!("lsp-unit-detail"))),
            Outline::CONSTANT,
            &d.span,
            &u.name.span,
        ),
        DeclKind::Test(t) => {
            let children = t
                .items
                .iter()
                .filter_map(|i| match &i.kind {
                    TestItemKind::Agent { id, .. } => Some(node(
                        view,
                        id.name.clone(),
                        Some(tr!("lsp-outline-agent")),
                        Outline::OBJECT,
                        &i.span,
                        &id.span,
                    )),
                    _ => None,
                })
                .collect();
            with_children(
                node(view, t.name.value.clone(), Some(tr!("lsp-outline-test")), Outline::METHOD, &d.span, &t.name.span),
                children,
            )
        }
    }
}
