//! Syntax tree → [`Program`]: names, types, units, scopes, dependency order.
//!
//! The checker walks the whole policy and keeps going after an error, so one run reports
//! every mistake it can find. It works in passes, one file each:
//! 1. [`names`]: every declaration into one namespace (duplicates point at both places);
//! 2. [`header`]: the header, the record schemas and tables' signatures;
//! 3. [`tiers`] (the same attributes with the same types in every tier), [`rules`]
//!    (violations, escalations), [`lets`] (on demand, so a let may be used before it is
//!    written; a let that reaches itself is a cycle), [`tables`] (rows, then the pay lines
//!    in order), and the worked examples ([`worked`]);
//! 4. [`order`]: the escalations' dependency graph: an escalation that counts a severity
//!    depends on every escalation of that severity; a cycle is refused, the rest is
//!    ordered;
//! 5. [`depth`], on the compiled program: how deep evaluation can nest through lets and
//!    tables (bounded, so what `check` accepts `eval` runs), and tables calling themselves.
//!
//! Expressions are typed in [`expr`], in a [`Scope`] ([`scope`]); wording shared by the
//! passes is in [`help`]. Beside the passes, [`symbols`] indexes every declaration and
//! every use of a name, for editors.
//!
//! Each expression is checked in a [`Scope`] that says what it may see (contract
//! section 4); what a scope cannot see is a `kaohe::scope` error here, never at run time.

mod dead;
mod depth;
mod expr;
pub(crate) mod fold;
mod header;
mod help;
mod history;
mod lets;
mod names;
mod order;
pub mod program;
pub(crate) mod region;
mod rows;
mod rules;
mod scope;
pub mod symbols;
mod tables;
mod tiers;
pub mod types;
mod units;
mod worked;

use std::collections::HashMap;
use std::sync::Arc;

use crate::diag::{Code, Diagnostic};
use crate::source::{Source, Span};
use crate::syntax::ast::*;
use crate::syntax::dialect::CodeSpelling;
use crate::syntax::keywords::{Dialect, Place};

use header::builtin_fields;
pub use program::Program;
use program::*;
pub(crate) use scope::{Need, Needs, Scope};
pub use symbols::{symbols, Occurrence, Symbol, SymbolKind, Symbols};
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
    let mut checked = check_in_english_words(source);
    // The checker words its messages in English-dialect code; a Chinese-dialect file's
    // reader sees its own words.
    let dialect = match &checked.file {
        Some(file) => file.dialect,
        None => crate::syntax::dialect::detect(source.text()),
    };
    if dialect != Dialect::English {
        let spelling = CodeSpelling::new(dialect, source.text());
        checked.diagnostics = checked.diagnostics.into_iter().map(|d| quoting_code_in(d, &spelling)).collect();
    }
    checked
}

/// [`check_source`], with the code that messages quote in the English dialect.
fn check_in_english_words(source: &Arc<Source>) -> Checked {
    let (file, mut diagnostics) = crate::syntax::parse(source);
    let Some(file) = file else {
        if !diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.push(Diagnostic::error(Code::Syntax, tr!("check-policy-unreadable")).in_file(source.name()));
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

/// A diagnostic with the code it quotes (`` `if …` ``) spelled as `spelling`'s file
/// writes it.
pub fn quoting_code_in(mut d: Diagnostic, spelling: &CodeSpelling) -> Diagnostic {
    d.message = spelling.quoted(&d.message);
    d.label = spelling.quoted(&d.label);
    for (_, label) in &mut d.related {
        *label = spelling.quoted(label);
    }
    d.help = d.help.map(|h| spelling.quoted(&h));
    d
}

/// Checks a parsed policy.
pub fn check_file(source: &Arc<Source>, file: &PolicyFile) -> (Option<Program>, Vec<Diagnostic>) {
    let mut c = Checker::new(source, file);
    let program = c.run();
    (program, c.diags)
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
    fn describe(self) -> String {
        match self {
            Kind::Tier(_) => tr!("kind-tier"),
            Kind::Severity(_) => tr!("kind-severity"),
            Kind::Violation(_) => tr!("kind-violation"),
            Kind::Escalation(_) => tr!("kind-escalation"),
            Kind::Let(_) => tr!("kind-let"),
            Kind::Table(_) => tr!("kind-table"),
            Kind::PayLine(_) => tr!("kind-pay-line"),
        }
    }
}

/// Names that are built in and may not be declared again (the keyword table's).
pub(crate) use crate::syntax::keywords::BUILTIN_NAMES;
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
    /// The declared names in order, each with whether it is a pay line: the candidates of
    /// "did you mean", sorted once when first needed.
    pub(crate) sorted_names: Vec<(String, bool)>,
    pub(crate) tiers: Vec<(&'a TierDecl, &'a Doc)>,
    pub(crate) severities: Vec<(&'a SeverityDecl, &'a Doc)>,
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
    /// Each header a schema line declares after `from`: the field, the header, where.
    agent_column_spans: Vec<(String, String, Span)>,
    incident_column_spans: Vec<(String, String, Span)>,
    pub(crate) tier_attrs: Vec<(String, Type)>,
    pub(crate) holes: Vec<Span>,
    /// The value lists of the policy's choice types, indexed by [`Type::Choice`].
    pub(crate) choices: Vec<Vec<String>>,
    /// Declared units, in order, and where each is declared.
    pub(crate) unit_decls: Vec<UnitDef>,
    pub(crate) unit_spans: Vec<Span>,
    /// Guards against re-entering a let while the stack is deep (a let chain).
    pub(crate) let_depth: usize,
    /// History expressions that read a pay line before its type was known (`check/history.rs`).
    pub(crate) stored_reads: history::StoredReads,
}
impl<'a> Checker<'a> {
    fn new(source: &Arc<Source>, file: &'a PolicyFile) -> Checker<'a> {
        Checker {
            source: source.clone(),
            file,
            diags: Vec::new(),
            names: HashMap::new(),
            sorted_names: Vec::new(),
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
            agent_fields: builtin_fields(
                &[
                    ("id", Type::Text),
                    ("name", Type::Text),
                    ("tier", Type::Tier),
                    ("hired_on", Type::Date),
                    ("tier_since", Type::Date),
                ],
                Place::AgentField,
            ),
            incident_fields: builtin_fields(
                &[("agent", Type::Text), ("date", Type::Date), ("violation", Type::Violation)],
                Place::IncidentField,
            ),
            agent_column_spans: Vec::new(),
            incident_column_spans: Vec::new(),
            tier_attrs: Vec::new(),
            holes: Vec::new(),
            choices: Vec::new(),
            unit_decls: Vec::new(),
            unit_spans: Vec::new(),
            let_depth: 0,
            stored_reads: Default::default(),
        }
    }

    pub(crate) fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn run(&mut self) -> Option<Program> {
        self.collect();
        self.collect_units();
        self.confusable_names();
        let header = self.header();
        self.schemas();
        self.table_signatures();
        let tier_defs = self.check_tiers();
        let severities = self.check_severities();
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
        let program = Program {
            header,
            agent_fields: self.agent_fields.clone(),
            incident_fields: self.incident_fields.clone(),
            tier_attrs: self.tier_attrs.clone(),
            tiers: tier_defs?,
            severities: severities?,
            violations: violations.into_iter().collect::<Option<Vec<_>>>()?,
            escalations,
            escalation_order,
            lets: lets.collect::<Option<Vec<_>>>()?,
            tables: tables?,
            pay: pay?,
            holes: self.holes.clone(),
            choices: self.choices.clone(),
            units: self.unit_decls.clone(),
            examples: examples.into_iter().collect::<Option<Vec<_>>>()?,
        };
        if !self.check_depth(&program) {
            return None;
        }
        // What can never happen is worth saying only of a policy that checks.
        if !self.diags.iter().any(Diagnostic::is_error) {
            self.table_rows(&program);
            self.dead_clauses(&program);
        }
        Some(program)
    }
}
