//! Syntax tree → [`Program`]: names, types, units, scopes, dependency order.
//!
//! The checker walks the whole policy and keeps going after an error, so one run reports
//! every mistake it can find. It works in passes:
//! 1. collect every declaration into one namespace (duplicates point at both places);
//! 2. the header, the record schemas, severities and tables' signatures;
//! 3. tiers (the same attributes with the same types in every tier), violations,
//!    escalations, lets (on demand, so a let may be used before it is written; a let that
//!    reaches itself is a cycle), tables' rows and the pay lines in order;
//! 4. the escalations' dependency graph: an escalation that counts a severity depends on
//!    every escalation of that severity; a cycle is refused, the rest is ordered.
//!
//! Each expression is checked in a [`Scope`] that says what it may see (contract
//! section 4); what a scope cannot see is a `kaohe::scope` error here, never at run time.

mod expr;
pub mod program;
pub mod types;
mod worked;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::diag::{closest, Code, Diagnostic};
use crate::source::{Source, Span};
use crate::syntax::ast::*;

pub use program::Program;
use program::*;
use types::Type;

/// The outcome of checking one policy file.
pub struct Checked {
    /// The tree, when the text parsed.
    pub file: Option<PolicyFile>,
    /// The program, when there were no errors.
    pub program: Option<Program>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Stack for the checker's thread.
const CHECK_STACK: usize = 64 * 1024 * 1024;

/// Parses and checks one policy.
pub fn check_source(source: &Arc<Source>) -> Checked {
    let (file, mut diagnostics) = crate::syntax::parse(source);
    let Some(file) = file else {
        if !diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.push(Diagnostic::error(Code::Syntax, "the policy could not be read").in_file(source.name()));
        }
        return Checked { file: None, program: None, diagnostics };
    };
    let parse_failed = diagnostics.iter().any(Diagnostic::is_error);
    if diagnostics.iter().any(|d| d.code == Code::TooDeep) {
        // An expression was left out of the tree: checking the rest would report its
        // absence as mistakes of its own.
        return Checked { file: Some(file), program: None, diagnostics };
    }
    // Checking recurses along expressions (up to the parser's depth limit): give it a
    // stack of its own, whatever thread the caller runs on.
    let (program, more) = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(CHECK_STACK)
            .spawn_scoped(scope, || check_file(source, &file))
            .ok()
            .and_then(|h| h.join().ok())
            .unwrap_or_else(|| {
                let d = Diagnostic::error(Code::TooDeep, "the policy could not be checked: out of stack")
                    .in_file(source.name())
                    .with_help("name parts of long expressions with `let`");
                (None, vec![d])
            })
    });
    diagnostics.extend(more);
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    let program = if parse_failed || diagnostics.iter().any(Diagnostic::is_error) { None } else { program };
    Checked { file: Some(file), program, diagnostics }
}

/// Checks a parsed policy.
pub fn check_file(source: &Arc<Source>, file: &PolicyFile) -> (Option<Program>, Vec<Diagnostic>) {
    let mut c = Checker::new(source, file);
    let program = c.run();
    (program, c.diags)
}

// ------------------------------------------------------------------ scopes and needs

/// Where an expression stands, which decides what it may see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// A field default or a tier attribute: constants only.
    Const,
    /// A table row: its parameters and constants.
    Table(usize),
    /// A violation's `points`, `when`, `compensation`: one incident.
    Violation,
    /// An escalation's `when` and `points`: counts, not totals.
    Escalation,
    /// A tier's `requires`.
    Requires(usize),
    Let,
    /// Pay line number n: sees the lines before it.
    Pay(usize),
}

impl Scope {
    fn describe(self) -> &'static str {
        match self {
            Scope::Const => "a constant (a tier attribute or a field default)",
            Scope::Table(_) => "a table row",
            Scope::Violation => "a violation",
            Scope::Escalation => "an escalation",
            Scope::Requires(_) => "a tier requirement",
            Scope::Let => "a `let`",
            Scope::Pay(_) => "a pay line",
        }
    }

    fn sees(self, what: Need) -> bool {
        match self {
            Scope::Const | Scope::Table(_) => false,
            Scope::Violation => matches!(what, Need::Incident | Need::Agent),
            Scope::Escalation => matches!(what, Need::Agent | Need::Counts),
            Scope::Requires(_) | Scope::Let | Scope::Pay(_) => what != Need::Incident,
        }
    }

    fn what_it_sees(self) -> &'static str {
        match self {
            Scope::Const => "a constant sees literals, constant `let`s and tables",
            Scope::Table(_) => "a table row sees its parameters and constants",
            Scope::Violation => "a violation sees `incident.*`, `agent.*`, `tier.*`, `tenure` and constants, not month totals",
            Scope::Escalation => {
                "an escalation sees `count`, `distinct`, `agent.*`, `tier.*`, `tenure` and constants, not `points` or `compensation`"
            }
            Scope::Requires(_) | Scope::Let => "it sees the agent's month (`count`, `points`, `compensation`, `agent.*`, `tenure`), not one incident",
            Scope::Pay(_) => "a pay line sees the agent's month and the pay lines above it",
        }
    }
}

/// Kinds of run-time knowledge an expression may depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    Incident,
    Agent,
    Counts,
    Totals,
}

impl Need {
    fn describe(self) -> &'static str {
        match self {
            Need::Incident => "one incident",
            Need::Agent => "the agent",
            Need::Counts => "the month's counts",
            Need::Totals => "a total of the month",
        }
    }
}

/// What an expression depends on, with the first place each need arises.
#[derive(Clone, Debug, Default)]
pub(crate) struct Needs {
    pub incident: Option<Span>,
    pub agent: Option<Span>,
    pub counts: Option<Span>,
    pub totals: Option<Span>,
    /// Severities counted (an escalation depends on every escalation of these).
    pub sevs: BTreeSet<usize>,
    /// Escalations counted by name.
    pub escs: BTreeSet<usize>,
}

impl Needs {
    fn add(&mut self, other: &Needs) {
        for (mine, theirs) in [
            (&mut self.incident, &other.incident),
            (&mut self.agent, &other.agent),
            (&mut self.counts, &other.counts),
            (&mut self.totals, &other.totals),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
        self.sevs.extend(other.sevs.iter().copied());
        self.escs.extend(other.escs.iter().copied());
    }

    fn set(&mut self, need: Need, span: &Span) {
        let slot = match need {
            Need::Incident => &mut self.incident,
            Need::Agent => &mut self.agent,
            Need::Counts => &mut self.counts,
            Need::Totals => &mut self.totals,
        };
        if slot.is_none() {
            *slot = Some(span.clone());
        }
    }

    fn first_unseen(&self, scope: Scope) -> Option<(Need, &Span)> {
        [
            (Need::Incident, &self.incident),
            (Need::Totals, &self.totals),
            (Need::Counts, &self.counts),
            (Need::Agent, &self.agent),
        ]
        .into_iter()
        .find_map(|(n, s)| s.as_ref().filter(|_| !scope.sees(n)).map(|s| (n, s)))
    }
}

// ------------------------------------------------------------------ the namespace

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Tier(usize),
    Severity(usize),
    Violation(usize),
    Escalation(usize),
    Let(usize),
    Table(usize),
    PayLine(usize),
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Tier(_) => "tier",
            Kind::Severity(_) => "severity",
            Kind::Violation(_) => "violation",
            Kind::Escalation(_) => "escalation",
            Kind::Let(_) => "let",
            Kind::Table(_) => "table",
            Kind::PayLine(_) => "pay line",
        }
    }
}

/// Names that are built in and may not be declared again.
pub(crate) const BUILTIN_NAMES: [&str; 9] =
    ["tenure", "tenure_days", "count", "distinct", "min", "max", "floor", "ceil", "round"];

#[derive(Clone)]
#[allow(clippy::large_enum_variant)]
pub(crate) enum LetState {
    Unchecked,
    InProgress,
    Done { ty: Type, needs: Needs, expr: Option<CExpr> },
}

pub(crate) struct Checker<'a> {
    source: Arc<Source>,
    file: &'a PolicyFile,
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) names: HashMap<String, (Kind, Span)>,
    pub(crate) tiers: Vec<(&'a TierDecl, &'a Doc)>,
    pub(crate) severities: Vec<(&'a Ident, &'a Doc)>,
    pub(crate) violations: Vec<(&'a RuleDecl, &'a Doc)>,
    pub(crate) escalations: Vec<(&'a RuleDecl, &'a Doc)>,
    /// Each escalation's severity, known before any expression is checked.
    pub(crate) escalation_severity: Vec<Option<usize>>,
    pub(crate) lets: Vec<&'a LetDecl>,
    pub(crate) let_state: Vec<LetState>,
    pub(crate) tables: Vec<&'a TableDecl>,
    /// Parameter types and return type of each table.
    pub(crate) table_sigs: Vec<(Vec<Type>, Type)>,
    pub(crate) pay_lines: Vec<&'a PayLine>,
    pub(crate) pay_types: Vec<Type>,
    pub(crate) agent_fields: Vec<FieldDef>,
    pub(crate) incident_fields: Vec<FieldDef>,
    pub(crate) tier_attrs: Vec<(String, Type)>,
    pub(crate) holes: Vec<Span>,
    /// Guards against re-entering a let while the stack is deep (a let chain).
    pub(crate) let_depth: usize,
}

impl<'a> Checker<'a> {
    fn new(source: &Arc<Source>, file: &'a PolicyFile) -> Checker<'a> {
        Checker {
            source: source.clone(),
            file,
            diags: Vec::new(),
            names: HashMap::new(),
            tiers: Vec::new(),
            severities: Vec::new(),
            violations: Vec::new(),
            escalations: Vec::new(),
            escalation_severity: Vec::new(),
            lets: Vec::new(),
            let_state: Vec::new(),
            tables: Vec::new(),
            table_sigs: Vec::new(),
            pay_lines: Vec::new(),
            pay_types: Vec::new(),
            agent_fields: builtin_fields(&[
                ("id", Type::Text),
                ("name", Type::Text),
                ("tier", Type::Tier),
                ("hired_on", Type::Date),
            ]),
            incident_fields: builtin_fields(&[
                ("agent", Type::Text),
                ("date", Type::Date),
                ("violation", Type::Violation),
            ]),
            tier_attrs: Vec::new(),
            holes: Vec::new(),
            let_depth: 0,
        }
    }

    pub(crate) fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn run(&mut self) -> Option<Program> {
        self.collect();
        let header = self.header();
        self.schemas();
        self.table_signatures();
        let tier_defs = self.check_tiers();
        let violations = self.check_violations();
        let escalations = self.check_escalations();
        for i in 0..self.lets.len() {
            self.let_info(i, None);
        }
        let tables = self.check_tables();
        let pay = self.check_pay();
        let file = self.file;
        let examples: Vec<Option<WorkedExample>> = file
            .decls
            .iter()
            .filter_map(|d| match &d.kind {
                DeclKind::Test(t) => Some(self.check_worked(t)),
                _ => None,
            })
            .collect();
        let order = self.escalation_order(&escalations);
        self.report_holes(header.as_ref().map(|h| h.status));

        let header = header?;
        let escalations: Option<Vec<_>> = escalations.into_iter().collect();
        let escalations = escalations?;
        let escalation_order = order?;
        let escalations = escalations.into_iter().map(|e| e.0).collect();
        let lets = self.let_state.iter().zip(&self.lets).map(|(state, decl)| match state {
            LetState::Done { ty, expr: Some(expr), .. } => {
                Some(LetDef { name: decl.name.name.clone(), ty: *ty, expr: expr.clone() })
            }
            _ => None,
        });
        Some(Program {
            header,
            agent_fields: self.agent_fields.clone(),
            incident_fields: self.incident_fields.clone(),
            tier_attrs: self.tier_attrs.clone(),
            tiers: tier_defs?,
            severities: self
                .severities
                .iter()
                .map(|(n, d)| SeverityDef { name: n.name.clone(), doc: d.text() })
                .collect(),
            violations: violations.into_iter().collect::<Option<Vec<_>>>()?,
            escalations,
            escalation_order,
            lets: lets.collect::<Option<Vec<_>>>()?,
            tables: tables?,
            pay: pay?,
            holes: self.holes.clone(),
            examples: examples.into_iter().collect::<Option<Vec<_>>>()?,
        })
    }

    // -------------------------------------------------------------- pass 1: names

    fn declare(&mut self, name: &Ident, kind: Kind) {
        if BUILTIN_NAMES.contains(&name.name.as_str()) {
            self.error(
                Diagnostic::error(Code::Duplicate, format!("`{}` is a built-in name", name.name))
                    .at(&name.span, "already built in")
                    .with_help(format!("choose another name for this {}", kind.describe())),
            );
            return;
        }
        if let Some((earlier, first)) = self.names.get(&name.name).cloned() {
            self.error(
                Diagnostic::error(Code::Duplicate, format!("`{}` is declared twice", name.name))
                    .at(&name.span, format!("{} `{}` declared again here", kind.describe(), name.name))
                    .with_related(&first, format!("first declared here as a {}", earlier.describe()))
                    .with_help(
                        "every tier, severity, violation, escalation, let, table and pay line needs its own name",
                    ),
            );
            return;
        }
        self.names.insert(name.name.clone(), (kind, name.span.clone()));
    }

    fn collect(&mut self) {
        let file = self.file;
        let mut pay_seen: Option<&Span> = None;
        for decl in &file.decls {
            match &decl.kind {
                DeclKind::Tier(t) => {
                    self.declare(&t.name, Kind::Tier(self.tiers.len()));
                    self.tiers.push((t, &decl.doc));
                }
                DeclKind::Severity(s) => {
                    self.declare(s, Kind::Severity(self.severities.len()));
                    self.severities.push((s, &decl.doc));
                }
                DeclKind::Violation(v) => {
                    self.declare(&v.name, Kind::Violation(self.violations.len()));
                    self.violations.push((v, &decl.doc));
                }
                DeclKind::Escalation(e) => {
                    self.declare(&e.name, Kind::Escalation(self.escalations.len()));
                    self.escalations.push((e, &decl.doc));
                }
                DeclKind::Let(l) => {
                    self.declare(&l.name, Kind::Let(self.lets.len()));
                    self.lets.push(l);
                    self.let_state.push(LetState::Unchecked);
                }
                DeclKind::Table(t) => {
                    self.declare(&t.name, Kind::Table(self.tables.len()));
                    self.tables.push(t);
                }
                DeclKind::Pay(lines) => {
                    if let Some(first) = pay_seen {
                        let d = Diagnostic::error(Code::Duplicate, "a policy has one `pay` block")
                            .at(&keyword_span(&decl.span, 3), "second `pay` block")
                            .with_related(first, "first `pay` block")
                            .with_help("move these lines into the first `pay` block");
                        self.error(d);
                        continue;
                    }
                    pay_seen = Some(&decl.span);
                    for line in lines {
                        self.declare(&line.name, Kind::PayLine(self.pay_lines.len()));
                        self.pay_lines.push(line);
                    }
                }
                DeclKind::Policy(_) | DeclKind::Agent(_) | DeclKind::Incident(_) | DeclKind::Test(_) => {}
            }
        }
        if pay_seen.is_none() {
            let header = file.decls.iter().find_map(|d| match &d.kind {
                DeclKind::Policy(h) => Some(h.title.span.clone()),
                _ => None,
            });
            let span = header.unwrap_or_else(|| Span::new(&self.source, 0, 0));
            self.error(
                Diagnostic::error(Code::MissingAttribute, "the policy has no `pay` block")
                    .at(&span, "this policy computes no pay")
                    .with_help("add a `pay { … }` block: each line `名称 = 表达式` is a column of the result, e.g. `pay { 实发工资 = tier.base_salary }`"),
            );
        }
        let severities: Vec<Option<usize>> = self
            .escalations
            .iter()
            .map(|(rule, _)| {
                rule_severity(rule).and_then(|s| match self.names.get(&s.name) {
                    Some((Kind::Severity(k), _)) => Some(*k),
                    _ => None,
                })
            })
            .collect();
        self.escalation_severity = severities;
    }

    // -------------------------------------------------------------- pass 2: header and schemas

    fn header(&mut self) -> Option<Header> {
        let file = self.file;
        let mut headers = file.decls.iter().filter_map(|d| match &d.kind {
            DeclKind::Policy(h) => Some((d, h)),
            _ => None,
        });
        let Some((first_decl, h)) = headers.next() else {
            let span = Span::new(&self.source, 0, 0);
            self.error(
                Diagnostic::error(Code::MissingAttribute, "the file has no `policy` header")
                    .at(&span, "expected `policy \"title\" { … }` here")
                    .with_help("start the file with `policy \"标题\" { effective 2024-10-01  status draft }`"),
            );
            return None;
        };
        for (d, _) in headers {
            self.error(
                Diagnostic::error(Code::Duplicate, "a file has one `policy` header")
                    .at(&keyword_span(&d.span, 6), "second header")
                    .with_related(&first_decl.span, "first header")
                    .with_help("keep one header; put other revisions in their own files"),
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
                let d = Diagnostic::error(Code::Duplicate, format!("`{kw}` is given twice"))
                    .at(&item.span, "given again here")
                    .with_related(first, "first given here");
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
                    Diagnostic::error(Code::MissingAttribute, format!("the policy header has no `{kw}`"))
                        .at(&h.title.span, format!("`{kw}` is required"))
                        .with_help(format!("add `{example}` inside the header")),
                );
            }
        }
        (effective && status).then_some(header)
    }

    fn schemas(&mut self) {
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
                    Diagnostic::error(Code::Duplicate, format!("a policy has one `{kw}` block"))
                        .at(&keyword_span(&decl.span, kw.len()), "second block")
                        .with_related(first, "first block")
                        .with_help("declare all the fields in the first block"),
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
                    let mut d =
                        Diagnostic::error(Code::Duplicate, format!("`{kw}.{}` is declared twice", field.name.name))
                            .at(&field.name.span, "declared again here");
                    if builtin {
                        d = d.with_help(format!(
                            "`{}` is a built-in field of every {kw}; it needs no declaration",
                            field.name.name
                        ));
                    } else if let Some(first) = fields.iter().find(|f| f.name.name == field.name.name) {
                        d = d.with_related(&first.name.span, "first declared here");
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

    fn field(&mut self, field: &Field, kw: &str) -> Option<FieldDef> {
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
            if !t.ty.fits(ty) {
                self.mismatch(e, ty, t.ty, &format!("the default of `{kw}.{}`", field.name.name));
            }
            default = t.code;
        }
        Some(FieldDef { name: field.name.name.clone(), ty, default, bare_unit, doc: field.doc.text(), builtin: false })
    }

    pub(crate) fn type_name(&mut self, name: &Ident) -> Option<Type> {
        if let Some(t) = Type::from_name(&name.name) {
            return Some(t);
        }
        let mut d =
            Diagnostic::error(Code::Undefined, format!("unknown type `{}`", name.name)).at(&name.span, "not a type");
        d = match closest(&name.name, Type::NAMES) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("the types are {}", Type::NAMES.join(", "))),
        };
        self.error(d);
        None
    }

    fn table_signatures(&mut self) {
        let tables = self.tables.clone();
        for t in tables {
            let mut params = Vec::new();
            let mut seen: HashMap<&str, &Span> = HashMap::new();
            for p in &t.params {
                if let Some(first) = seen.get(p.name.name.as_str()) {
                    let d =
                        Diagnostic::error(Code::Duplicate, format!("parameter `{}` is declared twice", p.name.name))
                            .at(&p.name.span, "declared again here")
                            .with_related(first, "first declared here");
                    self.error(d);
                } else if let Some((kind, span)) = self.names.get(&p.name.name).cloned() {
                    self.error(
                        Diagnostic::error(
                            Code::Duplicate,
                            format!("parameter `{}` has the name of a {}", p.name.name, kind.describe()),
                        )
                        .at(&p.name.span, "parameter")
                        .with_related(&span, "declared here")
                        .with_help("give the parameter a name of its own"),
                    );
                }
                seen.insert(&p.name.name, &p.name.span);
                params.push(self.type_name(&p.ty).unwrap_or(Type::Unknown));
            }
            let ret = self.type_name(&t.ret).unwrap_or(Type::Unknown);
            self.table_sigs.push((params, ret));
        }
    }

    // -------------------------------------------------------------- pass 3: tiers

    fn check_tiers(&mut self) -> Option<Vec<TierDef>> {
        let tiers = self.tiers.clone();
        // Attribute names and types, in order of first appearance.
        let mut first_def: HashMap<String, (Type, Span, String)> = HashMap::new();
        let mut per_tier: Vec<HashMap<String, (Option<CExpr>, Span)>> = Vec::new();
        for (t, _) in &tiers {
            let mut attrs: HashMap<String, (Option<CExpr>, Span)> = HashMap::new();
            for item in &t.items {
                let TierItemKind::Attr(name, e) = &item.kind else { continue };
                if let Some((_, first)) = attrs.get(&name.name) {
                    let d = Diagnostic::error(
                        Code::Duplicate,
                        format!("tier `{}` defines `{}` twice", t.name.name, name.name),
                    )
                    .at(&name.span, "defined again here")
                    .with_related(first, "first defined here");
                    self.error(d);
                    continue;
                }
                let typed = self.expr(e, Scope::Const);
                match first_def.get(&name.name) {
                    Some((ty, span, tier)) if !typed.ty.fits(*ty) => {
                        let d = Diagnostic::error(
                            Code::TypeMismatch,
                            format!(
                                "`{}` is {} in tier `{}` but {} in tier `{tier}`",
                                name.name, typed.ty, t.name.name, ty
                            ),
                        )
                        .at(&e.span, format!("this is {}", typed.ty))
                        .with_related(span, format!("{ty} here"))
                        .with_help("every tier defines the same attributes with the same types");
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
            per_tier.push(attrs);
        }
        let mut defs = Vec::new();
        let mut ok = true;
        for (i, ((t, doc), attrs)) in tiers.iter().zip(&per_tier).enumerate() {
            let mut values = Vec::new();
            for (attr, _) in self.tier_attrs.clone() {
                match attrs.get(&attr) {
                    Some((Some(v), _)) => values.push(v.clone()),
                    Some((None, _)) => ok = false,
                    None => {
                        ok = false;
                        let (_, span, other) = first_def.get(&attr).cloned().unwrap_or((
                            Type::Unknown,
                            t.name.span.clone(),
                            String::new(),
                        ));
                        self.error(
                            Diagnostic::error(
                                Code::MissingAttribute,
                                format!("tier `{}` does not define `{attr}`", t.name.name),
                            )
                            .at(&t.name.span, format!("`{attr}` missing"))
                            .with_related(&span, format!("tier `{other}` defines it"))
                            .with_help(format!(
                                "every tier defines the same attributes: add `{attr} = …` to tier `{}`",
                                t.name.name
                            )),
                        );
                    }
                }
            }
            let mut requires = Vec::new();
            for item in &t.items {
                let TierItemKind::Requires(e) = &item.kind else { continue };
                let typed = self.expr(e, Scope::Requires(i));
                if !typed.ty.fits(Type::Bool) {
                    self.mismatch(e, Type::Bool, typed.ty, "a requirement");
                }
                match typed.code {
                    Some(expr) => requires.push(Requirement { expr, doc: item.doc.text() }),
                    None => ok = false,
                }
            }
            defs.push(TierDef { name: t.name.name.clone(), doc: doc.text(), attrs: values, requires });
        }
        ok.then_some(defs)
    }

    // -------------------------------------------------------------- violations, escalations

    fn rule_items(&mut self, rule: &'a RuleDecl, what: &str) -> HashMap<&'static str, &'a RuleItem> {
        let mut items: HashMap<&'static str, &'a RuleItem> = HashMap::new();
        for item in &rule.items {
            let kw = item.kind.keyword();
            if let Some(first) = items.get(kw) {
                let d = Diagnostic::error(Code::Duplicate, format!("{what} `{}` has two `{kw}` items", rule.name.name))
                    .at(&item.span, "given again here")
                    .with_related(&first.span, "first given here")
                    .with_help(format!(
                        "keep one `{kw}` item; to combine conditions use `and`/`or`, to combine amounts use `+`"
                    ));
                self.error(d);
                continue;
            }
            items.insert(kw, item);
        }
        for kw in ["severity", "points"] {
            if !items.contains_key(kw) {
                let example = if kw == "severity" { "severity 重度" } else { "points = 5 分" };
                self.error(
                    Diagnostic::error(Code::MissingAttribute, format!("{what} `{}` has no `{kw}`", rule.name.name))
                        .at(&rule.name.span, format!("`{kw}` missing"))
                        .with_help(format!("add `{example}` to the block")),
                );
            }
        }
        items
    }

    fn rule_severity(&mut self, rule: &RuleDecl, items: &HashMap<&'static str, &RuleItem>) -> Option<usize> {
        let item = items.get("severity")?;
        let RuleItemKind::Severity(name) = &item.kind else { return None };
        match self.names.get(&name.name) {
            Some((Kind::Severity(i), _)) => Some(*i),
            Some((kind, span)) => {
                let (kind, span) = (*kind, span.clone());
                self.error(
                    Diagnostic::error(
                        Code::TypeMismatch,
                        format!("`{}` is a {}, not a severity", name.name, kind.describe()),
                    )
                    .at(&name.span, "not a severity")
                    .with_related(&span, format!("declared as a {}", kind.describe()))
                    .with_help(self.severity_help()),
                );
                None
            }
            None => {
                let _ = rule;
                let names: Vec<String> = self.severities.iter().map(|(n, _)| n.name.clone()).collect();
                let mut d = Diagnostic::error(Code::Undefined, format!("unknown severity `{}`", name.name))
                    .at(&name.span, "not declared");
                d = match closest(&name.name, names.iter().map(String::as_str)) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(self.severity_help()),
                };
                self.error(d);
                None
            }
        }
    }

    fn severity_help(&self) -> String {
        if self.severities.is_empty() {
            "declare the severity first: `severity 重度`".into()
        } else {
            let names: Vec<String> = self.severities.iter().map(|(n, _)| format!("`{}`", n.name)).collect();
            format!("the severities are {}", names.join(", "))
        }
    }

    fn rule_expr(
        &mut self,
        item: Option<&&RuleItem>,
        scope: Scope,
        want: Type,
        what: &str,
    ) -> Option<Option<(CExpr, Needs)>> {
        let Some(item) = item else { return Some(None) };
        let e = match &item.kind {
            RuleItemKind::Points(e) | RuleItemKind::When(e) | RuleItemKind::Compensation(e) => e,
            RuleItemKind::Severity(_) => return Some(None),
        };
        let typed = self.expr(e, scope);
        if !typed.ty.fits(want) {
            self.mismatch(e, want, typed.ty, what);
        }
        typed.code.map(|c| Some((c, typed.needs)))
    }

    fn check_violations(&mut self) -> Vec<Option<ViolationDef>> {
        let rules = self.violations.clone();
        let mut out = Vec::new();
        for (rule, doc) in rules {
            let items = self.rule_items(rule, "violation");
            let severity = self.rule_severity(rule, &items);
            let points = self.rule_expr(items.get("points"), Scope::Violation, Type::POINTS, "`points`");
            let when = self.rule_expr(items.get("when"), Scope::Violation, Type::Bool, "`when`");
            let comp = self.rule_expr(items.get("compensation"), Scope::Violation, Type::MONEY, "`compensation`");
            out.push((|| {
                Some(ViolationDef {
                    name: rule.name.name.clone(),
                    doc: doc.text(),
                    severity: severity?,
                    points: points??.0,
                    when: when?.map(|w| w.0),
                    compensation: comp?.map(|c| c.0),
                })
            })());
        }
        out
    }

    fn check_escalations(&mut self) -> Vec<Option<(EscalationDef, Needs)>> {
        let rules = self.escalations.clone();
        let mut out = Vec::new();
        for (rule, doc) in rules {
            let items = self.rule_items(rule, "escalation");
            if let Some(item) = items.get("compensation") {
                self.error(
                    Diagnostic::error(Code::Scope, format!("escalation `{}` cannot owe compensation", rule.name.name))
                        .at(&item.span, "only a violation's occurrence owes compensation")
                        .with_help("move `compensation` to the violation whose incidents owe it"),
                );
            }
            if !items.contains_key("when") {
                self.error(
                    Diagnostic::error(Code::MissingAttribute, format!("escalation `{}` has no `when`", rule.name.name))
                        .at(&rule.name.span, "`when` missing")
                        .with_help("an escalation fires on the month's counts: add e.g. `when count(中度) >= 2`"),
                );
            }
            let severity = self.rule_severity(rule, &items);
            let points = self.rule_expr(items.get("points"), Scope::Escalation, Type::POINTS, "`points`");
            let when = self.rule_expr(items.get("when"), Scope::Escalation, Type::Bool, "`when`");
            out.push((|| {
                let (points, mut needs) = points??;
                let (when, when_needs) = when??;
                needs.add(&when_needs);
                let def =
                    EscalationDef { name: rule.name.name.clone(), doc: doc.text(), severity: severity?, points, when };
                Some((def, needs))
            })());
        }
        out
    }

    /// Orders escalations so that each runs after every escalation it counts.
    fn escalation_order(&mut self, checked: &[Option<(EscalationDef, Needs)>]) -> Option<Vec<usize>> {
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
        // Depth-first, in declaration order: 0 unvisited, 1 on the path, 2 done.
        let mut state = vec![0u8; n];
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

    fn visit(
        &mut self,
        i: usize,
        deps: &[Vec<usize>],
        state: &mut [u8],
        order: &mut Vec<usize>,
        path: &mut Vec<usize>,
    ) -> bool {
        match state.get(i) {
            Some(2) => return true,
            Some(1) => {
                self.report_cycle(i, path);
                return false;
            }
            _ => {}
        }
        if let Some(s) = state.get_mut(i) {
            *s = 1;
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
            *s = 2;
        }
        if ok {
            order.push(i);
        }
        ok
    }

    fn report_cycle(&mut self, back_to: usize, path: &[usize]) {
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
            .map(|(n, _)| n.name.clone());
        let mut d = if cycle.len() <= 1 {
            Diagnostic::error(
                Code::Cycle,
                format!("escalation `{}` counts its own severity `{}`", first.name, sev.unwrap_or_default()),
            )
            .at(&first.span, "this escalation would count itself")
        } else {
            let names: Vec<String> = cycle
                .iter()
                .chain(std::iter::once(&back_to))
                .filter_map(|&i| name(self, i))
                .map(|n| format!("`{}`", n.name))
                .collect();
            Diagnostic::error(Code::Cycle, format!("escalations depend on each other: {}", names.join(" → ")))
                .at(&first.span, "starts here")
        };
        for &i in cycle.iter().skip(1) {
            if let Some(n) = name(self, i) {
                d = d.with_related(&n.span, "part of the cycle");
            }
        }
        d = d.with_help("an escalation counts as one occurrence of its own severity, so it cannot be triggered by counting that severity; count the violations by name instead, or give it another severity");
        self.error(d);
    }

    // -------------------------------------------------------------- lets

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

    // -------------------------------------------------------------- tables and pay

    fn check_tables(&mut self) -> Option<Vec<TableDef>> {
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
                        Diagnostic::warning(Code::Unreachable, "this row comes after `else` and is never used")
                            .at(&row.span, "unreachable")
                            .with_related(e, "`else` matches everything")
                            .with_help("move `else` to the last row"),
                    );
                }
                let cond = match &row.cond {
                    Some(c) => {
                        let typed = self.expr(c, Scope::Table(i));
                        if !typed.ty.fits(Type::Bool) {
                            self.mismatch(c, Type::Bool, typed.ty, "a table row's condition");
                        }
                        typed.code.map(Some)
                    }
                    None => {
                        else_row.get_or_insert(&row.span);
                        Some(None)
                    }
                };
                let typed = self.expr(&row.value, Scope::Table(i));
                if !typed.ty.fits(ret) {
                    self.mismatch(&row.value, ret, typed.ty, &format!("a row of table `{}`", t.name.name));
                }
                match (cond, typed.code) {
                    (Some(c), Some(v)) => rows.push((c, v)),
                    _ => ok = false,
                }
            }
            if else_row.is_none() {
                ok = false;
                self.error(
                    Diagnostic::error(Code::NonExhaustive, format!("table `{}` has no `else` row", t.name.name))
                        .at(&t.name.span, "some inputs match no row")
                        .with_help("add a last row `else => …` for the inputs no other row matches"),
                );
            }
            defs.push(TableDef { name: t.name.name.clone(), rows });
        }
        ok.then_some(defs)
    }

    fn check_pay(&mut self) -> Option<Vec<PayLineDef>> {
        let lines = self.pay_lines.clone();
        let mut defs = Vec::new();
        let mut ok = true;
        for (i, line) in lines.iter().enumerate() {
            let typed = self.expr(&line.value, Scope::Pay(i));
            self.pay_types.push(typed.ty);
            match typed.code {
                Some(expr) => {
                    defs.push(PayLineDef { name: line.name.name.clone(), doc: line.doc.text(), ty: typed.ty, expr })
                }
                None => ok = false,
            }
        }
        ok.then_some(defs)
    }

    fn report_holes(&mut self, status: Option<Status>) {
        self.holes.sort_by_key(|s| s.start);
        self.holes.dedup_by_key(|s| s.start);
        for span in self.holes.clone() {
            let d = match status {
                Some(Status::Active) => Diagnostic::error(Code::Hole, format!("`{}` in an active policy", span.text()))
                    .at(&span, "value not decided")
                    .with_help("fill in the value, or set `status draft` while the policy is being written"),
                _ => Diagnostic::warning(Code::Hole, format!("`{}`: a value still to be decided", span.text()))
                    .at(&span, "hole")
                    .with_help("a draft may keep holes, but no month can be evaluated until each is filled in"),
            };
            self.error(d);
        }
    }

    /// Reports that `e` has type `got` where `want` is needed.
    pub(crate) fn mismatch(&mut self, e: &Expr, want: Type, got: Type, what: &str) {
        let both_quantities = matches!((want, got), (Type::Quantity(_), Type::Quantity(_)));
        let code = if both_quantities { Code::UnitMismatch } else { Code::TypeMismatch };
        let mut d =
            Diagnostic::error(code, format!("{what} must be {want}, not {got}")).at(&e.span, format!("this is {got}"));
        if let Some(help) = conversion_help(e, want, got) {
            d = d.with_help(help);
        }
        self.error(d);
    }
}

fn builtin_fields(fields: &[(&str, Type)]) -> Vec<FieldDef> {
    fields
        .iter()
        .map(|(name, ty)| FieldDef {
            name: name.to_string(),
            ty: *ty,
            default: None,
            bare_unit: None,
            doc: String::new(),
            builtin: true,
        })
        .collect()
}

fn rule_severity(rule: &RuleDecl) -> Option<&Ident> {
    rule.items.iter().find_map(|i| match &i.kind {
        RuleItemKind::Severity(s) => Some(s),
        _ => None,
    })
}

/// The span of a declaration's first `len` bytes: its keyword.
fn keyword_span(span: &Span, len: usize) -> Span {
    let text = span.text();
    let offset = text.find(|c: char| c.is_ascii_lowercase()).unwrap_or(0);
    Span::new(&span.source, span.start + offset, (span.start + offset + len).min(span.end))
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
                Some(format!("compare it to get a bool, e.g. `{} >= {example}`", e.span.text()))
            }
            _ => None,
        };
    };
    if (w == types::Dim::PERIOD && g == types::Dim::DAYS) || (w == types::Dim::DAYS && g == types::Dim::PERIOD) {
        return Some("months and days are different measures: compare `tenure` with months (`3 months`) or `tenure_days` with days (`90 days`)".into());
    }
    if g == types::Dim::NUMBER {
        if let ExprKind::Number(n) = &e.kind {
            return Some(format!("give the number its unit: `{n} {}`", w.base_unit()));
        }
        return Some(format!("multiply by a quantity in {} to get {want}", w.base_unit()));
    }
    if w == types::Dim::NUMBER {
        return Some(format!("divide by a quantity in {} to get a plain number", g.base_unit()));
    }
    Some(format!("a value in {} is wanted here", w.base_unit()))
}
