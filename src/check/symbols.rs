//! The symbol index: every name a policy declares, and every place it is used.
//!
//! Editors need what the checker knows and does not keep: where each name is declared,
//! what it is (kind, type, unit, doc comment) and every place it is referred to.
//! [`symbols`] walks the tree once and resolves names as the checker does: one namespace
//! for tiers, severities, violations, escalations, lets, tables and pay lines (the first
//! declaration of a name wins), a table's parameters inside its rows, record fields after
//! `agent.` and `incident.`, tier attributes after `tier.`, the fields of a worked
//! example's records and the targets of its `expect`. Types come from the checker's own
//! passes, run on the same tree, so they are known even when the policy has errors
//! elsewhere (a declaration that is itself in error has type [`Type::Unknown`]).
//!
//! Nothing here reports: a name that resolves to nothing is simply not an occurrence
//! (the checker has said why).

use std::collections::HashMap;

use super::types::Type;
use super::{Checker, LetState, BUILTIN_NAMES, CHECK_STACK};
use crate::source::Span;
use crate::syntax::ast::*;

/// What a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Tier,
    Severity,
    Violation,
    Escalation,
    Let,
    Table,
    PayLine,
    /// An attribute every tier defines (`base_salary`), read as `tier.base_salary`.
    TierAttribute,
    /// A field of the agent records (`agent.leads_team`), built in or declared.
    AgentField,
    /// A field of the incident records (`incident.minutes`), built in or declared.
    IncidentField,
    /// A table's parameter, seen only in that table's rows.
    TableParameter,
}

impl SymbolKind {
    /// How a person calls it: `tier`, `pay line`, `agent field` …
    pub fn describe(self) -> &'static str {
        match self {
            SymbolKind::Tier => "tier",
            SymbolKind::Severity => "severity",
            SymbolKind::Violation => "violation",
            SymbolKind::Escalation => "escalation",
            SymbolKind::Let => "let",
            SymbolKind::Table => "table",
            SymbolKind::PayLine => "pay line",
            SymbolKind::TierAttribute => "tier attribute",
            SymbolKind::AgentField => "agent field",
            SymbolKind::IncidentField => "incident field",
            SymbolKind::TableParameter => "table parameter",
        }
    }

    /// Whether the kind lives in the one namespace of declarations.
    pub fn is_global(self) -> bool {
        matches!(
            self,
            SymbolKind::Tier
                | SymbolKind::Severity
                | SymbolKind::Violation
                | SymbolKind::Escalation
                | SymbolKind::Let
                | SymbolKind::Table
                | SymbolKind::PayLine
        )
    }
}

/// One declared (or built-in) name.
#[derive(Clone, Debug)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// The name where it is first declared; `None` for a built-in field (`agent.id`).
    pub span: Option<Span>,
    /// The whole declaration or item it is declared by.
    pub decl: Option<Span>,
    /// The doc comment (`///`): the clause text the declaration stands for.
    pub doc: String,
    /// Its type where one is known: a let's or a pay line's is inferred.
    pub ty: Option<Type>,
    /// A short description where the kind has one: a table's signature
    /// (`绩效系数(score: points) -> number`), a violation's severity, a field's default.
    pub detail: Option<String>,
    /// For a table parameter, the table's symbol.
    pub parent: Option<usize>,
}

impl Symbol {
    /// Whether the name is built in (a record's `id`, `date` …): it cannot be renamed.
    pub fn is_builtin(&self) -> bool {
        self.span.is_none()
    }
}

/// One place a name is written.
#[derive(Clone, Debug)]
pub struct Occurrence {
    /// Index into [`Symbols::symbols`].
    pub symbol: usize,
    /// The name as written.
    pub span: Span,
    /// Whether this place declares the name (a tier attribute is declared in every tier).
    pub declaration: bool,
}

/// Every name of a policy and every place it is written, in the order of the text.
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    pub symbols: Vec<Symbol>,
    /// Sorted by start.
    pub occurrences: Vec<Occurrence>,
}

impl Symbols {
    /// The occurrence under a byte offset: the name that holds it, or that ends at it
    /// (a cursor right after a name is on it).
    pub fn at(&self, offset: usize) -> Option<&Occurrence> {
        let after = self.occurrences.partition_point(|o| o.span.start <= offset);
        let candidate = self.occurrences.get(after.checked_sub(1)?)?;
        (offset <= candidate.span.end).then_some(candidate)
    }

    /// Every place symbol `symbol` is written, declarations included.
    pub fn occurrences_of(&self, symbol: usize) -> impl Iterator<Item = &Occurrence> + '_ {
        self.occurrences.iter().filter(move |o| o.symbol == symbol)
    }

    pub fn get(&self, symbol: usize) -> Option<&Symbol> {
        self.symbols.get(symbol)
    }

    /// The symbol of a kind with a name: the first declared.
    pub fn find(&self, kind: SymbolKind, name: &str) -> Option<usize> {
        self.symbols.iter().position(|s| s.kind == kind && s.name == name)
    }

    /// The declaration a name in the namespace resolves to.
    pub fn global(&self, name: &str) -> Option<usize> {
        self.symbols.iter().position(|s| s.kind.is_global() && s.name == name)
    }

    /// The symbols of one kind, in the order of the text.
    pub fn of_kind(&self, kind: SymbolKind) -> impl Iterator<Item = (usize, &Symbol)> + '_ {
        self.symbols.iter().enumerate().filter(move |(_, s)| s.kind == kind)
    }
}

/// The symbol index of a parsed policy.
pub fn symbols(file: &PolicyFile) -> Symbols {
    let Some(source) = file.decls.first().map(|d| d.span.source.clone()) else {
        return Index::new(file).finish();
    };
    // The checker recurses along expressions: give it the stack `check_source` gives it.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(CHECK_STACK)
            .spawn_scoped(scope, || {
                let mut checker = Checker::new(&source, file);
                let _ = checker.run();
                let mut index = Index::new(file);
                index.types = Some(Types::of(&checker));
                index.walk();
                index.finish()
            })
            .ok()
            .and_then(|h| h.join().ok())
            .unwrap_or_default()
    })
}

/// What the checker inferred, by name.
#[derive(Default)]
struct Types {
    lets: HashMap<String, Type>,
    pay: HashMap<String, Type>,
    tier_attrs: HashMap<String, Type>,
    agent_fields: HashMap<String, Type>,
    incident_fields: HashMap<String, Type>,
    table_params: Vec<Vec<Type>>,
}

impl Types {
    fn of(c: &Checker) -> Types {
        let lets = c
            .lets
            .iter()
            .zip(&c.let_state)
            .filter_map(|(l, s)| match s {
                LetState::Done { ty, .. } => Some((l.name.name.clone(), *ty)),
                _ => None,
            })
            .collect();
        let pay = c.pay_lines.iter().zip(&c.pay_types).map(|(l, t)| (l.name.name.clone(), *t)).collect();
        Types {
            lets,
            pay,
            tier_attrs: c.tier_attrs.iter().cloned().collect(),
            agent_fields: c.agent_fields.iter().map(|f| (f.name.clone(), f.ty)).collect(),
            incident_fields: c.incident_fields.iter().map(|f| (f.name.clone(), f.ty)).collect(),
            table_params: c.table_sigs.iter().map(|s| s.0.clone()).collect(),
        }
    }
}

/// The built-in fields of the agent records, their types, and the id of the message that
/// says what each is (a hover shows it in the language in use).
const AGENT_BUILTINS: [(&str, Type, &str); 4] = [
    ("id", Type::Text, "field-agent-id"),
    ("name", Type::Text, "field-agent-name"),
    ("tier", Type::Tier, "field-agent-tier"),
    ("hired_on", Type::Date, "field-agent-hired-on"),
];
const INCIDENT_BUILTINS: [(&str, Type, &str); 3] = [
    ("agent", Type::Text, "field-incident-agent"),
    ("date", Type::Date, "field-incident-date"),
    ("violation", Type::Violation, "field-incident-violation"),
];

/// What a built-in field is, in the language in use.
fn field_help(id: &str) -> String {
    match id {
        "field-agent-id" => tr!("field-agent-id"),
        "field-agent-name" => tr!("field-agent-name"),
        "field-agent-tier" => tr!("field-agent-tier"),
        "field-agent-hired-on" => tr!("field-agent-hired-on"),
        "field-incident-agent" => tr!("field-incident-agent"),
        "field-incident-date" => tr!("field-incident-date"),
        "field-incident-violation" => tr!("field-incident-violation"),
        _ => String::new(),
    }
}

/// Expectation targets of a worked example that are not declared names.
const EXPECT_TARGETS: [&str; 8] =
    ["points", "compensation", "tenure", "tenure_days", "tier_ok", "promotion", "tier", "escalations"];

struct Index<'a> {
    file: &'a PolicyFile,
    types: Option<Types>,
    symbols: Vec<Symbol>,
    occurrences: Vec<Occurrence>,
    /// The namespace: the first declaration of each name.
    names: HashMap<String, usize>,
    agent_fields: HashMap<String, usize>,
    incident_fields: HashMap<String, usize>,
    tier_attrs: HashMap<String, usize>,
    /// Each table's parameters, by the table's position among tables.
    params: Vec<HashMap<String, usize>>,
}

impl<'a> Index<'a> {
    fn new(file: &'a PolicyFile) -> Index<'a> {
        let mut index = Index {
            file,
            types: None,
            symbols: Vec::new(),
            occurrences: Vec::new(),
            names: HashMap::new(),
            agent_fields: HashMap::new(),
            incident_fields: HashMap::new(),
            tier_attrs: HashMap::new(),
            params: Vec::new(),
        };
        for (name, ty, doc) in AGENT_BUILTINS {
            let i = index.builtin(name, SymbolKind::AgentField, ty, doc);
            index.agent_fields.insert(name.to_string(), i);
        }
        for (name, ty, doc) in INCIDENT_BUILTINS {
            let i = index.builtin(name, SymbolKind::IncidentField, ty, doc);
            index.incident_fields.insert(name.to_string(), i);
        }
        index
    }

    fn finish(mut self) -> Symbols {
        self.occurrences.sort_by_key(|o| o.span.start);
        Symbols { symbols: self.symbols, occurrences: self.occurrences }
    }

    fn builtin(&mut self, name: &str, kind: SymbolKind, ty: Type, doc: &str) -> usize {
        self.symbols.push(Symbol {
            name: name.to_string(),
            kind,
            span: None,
            decl: None,
            doc: field_help(doc),
            ty: Some(ty),
            detail: Some("built in".to_string()),
            parent: None,
        });
        self.symbols.len() - 1
    }

    fn declare(&mut self, name: &Ident, kind: SymbolKind, decl: &Span, doc: &Doc, ty: Option<Type>) -> usize {
        self.symbols.push(Symbol {
            name: name.name.clone(),
            kind,
            span: Some(name.span.clone()),
            decl: Some(decl.clone()),
            doc: doc.text(),
            ty,
            detail: None,
            parent: None,
        });
        let i = self.symbols.len() - 1;
        self.occurrences.push(Occurrence { symbol: i, span: name.span.clone(), declaration: true });
        if kind.is_global() && !BUILTIN_NAMES.contains(&name.name.as_str()) {
            self.names.entry(name.name.clone()).or_insert(i);
        }
        i
    }

    fn refer(&mut self, symbol: Option<usize>, span: &Span) {
        if let Some(symbol) = symbol {
            self.occurrences.push(Occurrence { symbol, span: span.clone(), declaration: false });
        }
    }

    fn ty(&self, pick: impl Fn(&Types) -> Option<Type>) -> Option<Type> {
        self.types.as_ref().and_then(pick)
    }

    /// Declarations first (a name may be used before it is written), then every use.
    fn walk(&mut self) {
        let file = self.file;
        for decl in &file.decls {
            self.declarations(decl);
        }
        let mut table = 0;
        for decl in &file.decls {
            self.uses(decl, table);
            table += usize::from(matches!(decl.kind, DeclKind::Table(_)));
        }
    }

    fn declarations(&mut self, decl: &'a Decl) {
        match &decl.kind {
            DeclKind::Agent(fields) | DeclKind::Incident(fields) => {
                let agent = matches!(decl.kind, DeclKind::Agent(_));
                let kind = if agent { SymbolKind::AgentField } else { SymbolKind::IncidentField };
                // A line that only names a built-in's headers declares nothing.
                for f in fields.iter().filter(|f| f.ty.is_some()) {
                    let ty_name = f.ty.as_ref().map_or("", |t| t.name.as_str());
                    let ty = self.ty(|t| {
                        let map = if agent { &t.agent_fields } else { &t.incident_fields };
                        map.get(&f.name.name).copied()
                    });
                    let i = self.declare(&f.name, kind, &f.span, &f.doc, ty);
                    if let Some(s) = self.symbols.get_mut(i) {
                        s.detail = Some(match &f.default {
                            Some(d) => format!("{}: {ty_name} = {}", f.name.name, d.span.text()),
                            None => format!("{}: {ty_name}", f.name.name),
                        });
                    }
                    let fields = if agent { &mut self.agent_fields } else { &mut self.incident_fields };
                    fields.entry(f.name.name.clone()).or_insert(i);
                }
            }
            DeclKind::Tier(t) => {
                self.declare(&t.name, SymbolKind::Tier, &decl.span, &decl.doc, Some(Type::Tier));
                for item in &t.items {
                    let TierItemKind::Attr(name, _) = &item.kind else { continue };
                    match self.tier_attrs.get(&name.name) {
                        Some(&i) => {
                            self.occurrences.push(Occurrence { symbol: i, span: name.span.clone(), declaration: true })
                        }
                        None => {
                            let ty = self.ty(|t| t.tier_attrs.get(&name.name).copied());
                            let i = self.declare(name, SymbolKind::TierAttribute, &item.span, &item.doc, ty);
                            self.tier_attrs.insert(name.name.clone(), i);
                        }
                    }
                }
            }
            DeclKind::Severity(s) => {
                self.declare(&s.name, SymbolKind::Severity, &decl.span, &decl.doc, Some(Type::Severity));
            }
            DeclKind::Violation(r) | DeclKind::Escalation(r) => {
                let violation = matches!(decl.kind, DeclKind::Violation(_));
                let (kind, ty) = if violation {
                    (SymbolKind::Violation, Some(Type::Violation))
                } else {
                    (SymbolKind::Escalation, None)
                };
                let i = self.declare(&r.name, kind, &decl.span, &decl.doc, ty);
                let severity = r.items.iter().find_map(|item| match &item.kind {
                    RuleItemKind::Severity(s) => Some(s.name.clone()),
                    _ => None,
                });
                if let (Some(s), Some(sym)) = (severity, self.symbols.get_mut(i)) {
                    sym.detail = Some(format!("severity {s}"));
                }
            }
            DeclKind::Let(l) => {
                let ty = self.ty(|t| t.lets.get(&l.name.name).copied());
                self.declare(&l.name, SymbolKind::Let, &decl.span, &decl.doc, ty);
            }
            DeclKind::Table(t) => {
                let ret = Type::from_name(&t.ret.name);
                let i = self.declare(&t.name, SymbolKind::Table, &decl.span, &decl.doc, ret);
                let which = self.params.len();
                let mut params = HashMap::new();
                for (k, p) in t.params.iter().enumerate() {
                    let ty = self
                        .ty(|types| types.table_params.get(which).and_then(|ps| ps.get(k)).copied())
                        .or_else(|| Type::from_name(&p.ty.name));
                    let span = p.name.span.to(&p.ty.span);
                    let j = self.declare(&p.name, SymbolKind::TableParameter, &span, &Doc::default(), ty);
                    if let Some(s) = self.symbols.get_mut(j) {
                        s.parent = Some(i);
                        s.detail = Some(format!("{}: {}", p.name.name, p.ty.name));
                    }
                    params.entry(p.name.name.clone()).or_insert(j);
                }
                self.params.push(params);
                let ps: Vec<String> = t.params.iter().map(|p| format!("{}: {}", p.name.name, p.ty.name)).collect();
                if let Some(s) = self.symbols.get_mut(i) {
                    s.detail = Some(format!("{}({}) -> {}", t.name.name, ps.join(", "), t.ret.name));
                }
            }
            DeclKind::Pay(lines) => {
                for line in lines {
                    let ty = self.ty(|t| t.pay.get(&line.name.name).copied());
                    self.declare(&line.name, SymbolKind::PayLine, &line.span, &line.doc, ty);
                }
            }
            DeclKind::Policy(_) | DeclKind::Unit(_) | DeclKind::Test(_) => {}
        }
    }

    /// The names a declaration uses; `table` is its position among the tables.
    fn uses(&mut self, decl: &'a Decl, table: usize) {
        match &decl.kind {
            DeclKind::Agent(fields) | DeclKind::Incident(fields) => {
                for f in fields {
                    if let Some(d) = &f.default {
                        self.expr(d, None);
                    }
                }
            }
            DeclKind::Tier(t) => {
                for item in &t.items {
                    match &item.kind {
                        TierItemKind::Attr(_, e) | TierItemKind::Requires(e) => self.expr(e, None),
                    }
                }
            }
            DeclKind::Violation(r) | DeclKind::Escalation(r) => {
                for item in &r.items {
                    match &item.kind {
                        RuleItemKind::Severity(s) => {
                            let target = self.names.get(&s.name).copied();
                            self.refer(target, &s.span);
                        }
                        RuleItemKind::Points(e)
                        | RuleItemKind::When(e)
                        | RuleItemKind::Compensation(e)
                        | RuleItemKind::Fine(e)
                        | RuleItemKind::Cap(Cap { limit: e, .. }) => self.expr(e, None),
                    }
                }
            }
            DeclKind::Severity(s) => {
                for item in s.items.iter().flatten() {
                    if let RuleItemKind::Cap(cap) = &item.kind {
                        self.expr(&cap.limit, None);
                    }
                }
            }
            DeclKind::Let(l) => self.expr(&l.value, None),
            DeclKind::Table(t) => {
                for row in &t.rows {
                    if let Some(c) = &row.cond {
                        self.expr(c, Some(table));
                    }
                    self.expr(&row.value, Some(table));
                }
            }
            DeclKind::Pay(lines) => {
                for line in lines {
                    self.expr(&line.value, None);
                }
            }
            DeclKind::Test(t) => self.test(t),
            DeclKind::Policy(_) | DeclKind::Unit(_) => {}
        }
    }

    fn test(&mut self, t: &'a TestDecl) {
        for item in &t.items {
            match &item.kind {
                TestItemKind::Month(_) => {}
                TestItemKind::Agent { fields, .. } | TestItemKind::Incident { fields, .. } => {
                    let agent = matches!(item.kind, TestItemKind::Agent { .. });
                    for (name, value) in fields {
                        let map = if agent { &self.agent_fields } else { &self.incident_fields };
                        let target = map.get(&name.name).copied();
                        self.refer(target, &name.span);
                        self.expr(value, None);
                    }
                }
                TestItemKind::Expect { what, value, .. } => {
                    if !EXPECT_TARGETS.contains(&what.name.as_str()) {
                        let target = self.names.get(&what.name).copied();
                        self.refer(target, &what.span);
                    }
                    self.expr(value, None);
                }
                TestItemKind::History { facts, .. } => {
                    for f in facts {
                        if !EXPECT_TARGETS.contains(&f.what.name.as_str()) {
                            let target = self.names.get(&f.what.name).copied();
                            self.refer(target, &f.what.span);
                        }
                        self.expr(&f.value, None);
                    }
                }
            }
        }
    }

    /// The names an expression uses; `table` is the table whose row it is.
    fn expr(&mut self, e: &Expr, table: Option<usize>) {
        match &e.kind {
            ExprKind::Name(n) => {
                let param = table.and_then(|t| self.params.get(t)).and_then(|ps| ps.get(n)).copied();
                let target = param.or_else(|| self.names.get(n).copied());
                self.refer(target, &e.span);
            }
            ExprKind::Field(base, field) => {
                let map = match base.kind {
                    ExprKind::Agent => Some(&self.agent_fields),
                    ExprKind::Incident => Some(&self.incident_fields),
                    ExprKind::Tier => Some(&self.tier_attrs),
                    _ => None,
                };
                match map {
                    Some(map) => {
                        let target = map.get(&field.name).copied();
                        self.refer(target, &field.span);
                    }
                    None => self.expr(base, table),
                }
            }
            ExprKind::Call(name, args) => {
                let target = self.names.get(&name.name).copied();
                if !BUILTIN_NAMES.contains(&name.name.as_str()) {
                    self.refer(target, &name.span);
                }
                for a in args {
                    self.expr(a, table);
                }
            }
            ExprKind::Filtered(name, args, c) => {
                let target = self.names.get(&name.name).copied();
                if !BUILTIN_NAMES.contains(&name.name.as_str()) {
                    self.refer(target, &name.span);
                }
                for a in args {
                    self.expr(a, table);
                }
                self.expr(c, table);
            }
            ExprKind::Chain(first, rest) => {
                self.expr(first, table);
                for (_, e) in rest {
                    self.expr(e, table);
                }
            }
            ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::Paren(x) => self.expr(x, table),
            ExprKind::Binary(_, a, b) | ExprKind::Compare(_, a, b) | ExprKind::And(a, b) | ExprKind::Or(a, b) => {
                self.expr(a, table);
                self.expr(b, table);
            }
            ExprKind::If(c, a, b) => {
                self.expr(c, table);
                self.expr(a, table);
                self.expr(b, table);
            }
            ExprKind::Number(_)
            | ExprKind::Percent(_)
            | ExprKind::Quantity(..)
            | ExprKind::Hole(_)
            | ExprKind::Date(_)
            | ExprKind::Text(_)
            | ExprKind::Bool(_)
            | ExprKind::Tier
            | ExprKind::Points
            | ExprKind::Compensation
            | ExprKind::Agent
            | ExprKind::Incident => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn index(text: &str) -> (Symbols, String) {
        let source = Source::new("t.kh", text);
        let (file, _) = crate::syntax::parse(&source);
        (symbols(&file.expect("parses")), text.to_string())
    }

    #[test]
    fn names_resolve_as_the_checker_resolves_them() {
        let text = "policy \"p\" { effective 2024-10-01\n status draft }\nagent {\n leads: bool = false\n}\n\
                    severity 重度\nviolation 旷工 {\n severity 重度\n points = 10 分\n when agent.leads\n}\n\
                    let 最低工资 = 2420 元\ntable 系数(score: points) -> number {\n score >= 90 分 => 1\n else => 0\n}\n\
                    pay {\n 底薪 = max(最低工资, 0 元)\n 合计 = 底薪 * 系数(points)\n}\n";
        let (s, text) = index(text);
        let uses = |name: &str| {
            let i = s.symbols.iter().position(|x| x.name == name).expect(name);
            s.occurrences_of(i).map(|o| (o.span.start, o.declaration)).collect::<Vec<_>>()
        };
        let at = |needle: &str, nth: usize| text.match_indices(needle).nth(nth).map(|(i, _)| i).expect(needle);
        assert_eq!(uses("重度"), [(at("重度", 0), true), (at("重度", 1), false)]);
        assert_eq!(uses("leads"), [(at("leads", 0), true), (at("leads", 1), false)]);
        assert_eq!(uses("最低工资"), [(at("最低工资", 0), true), (at("最低工资", 1), false)]);
        assert_eq!(uses("score"), [(at("score", 0), true), (at("score", 1), false)]);
        assert_eq!(uses("底薪"), [(at("底薪", 0), true), (at("底薪", 1), false)]);
        assert_eq!(uses("系数"), [(at("系数", 0), true), (at("系数", 1), false)]);
        let let_ = s.global("最低工资").and_then(|i| s.get(i)).expect("let");
        assert_eq!(let_.ty, Some(Type::MONEY));
        let pay = s.global("合计").and_then(|i| s.get(i)).expect("pay line");
        assert_eq!(pay.ty, Some(Type::MONEY));
        let table = s.global("系数").and_then(|i| s.get(i)).expect("table");
        assert_eq!(table.detail.as_deref(), Some("系数(score: points) -> number"));
        assert_eq!(s.at(at("最低工资", 1) + 3).map(|o| o.declaration), Some(false));
    }

    #[test]
    fn tier_attributes_are_declared_in_every_tier() {
        let text = "tier 甲 {\n base = 1 元\n}\ntier 乙 {\n base = 2 元\n}\npay {\n x = tier.base\n}\n";
        let (s, _) = index(text);
        let base = s.find(SymbolKind::TierAttribute, "base").expect("attribute");
        let decls = s.occurrences_of(base).filter(|o| o.declaration).count();
        assert_eq!((decls, s.occurrences_of(base).count()), (2, 3));
        assert_eq!(s.get(base).and_then(|b| b.ty), Some(Type::MONEY));
    }
}
