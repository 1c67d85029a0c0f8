//! Coverage: how often each clause of a policy was exercised by a month or by the
//! worked examples, and which never were (`--coverage`).
//!
//! A clause is a violation, a `when`, a table row or `else`, a requirement, an
//! escalation, a cap or an `if`; the ones that decide something have two outcomes (a
//! `when` that holds and one that fails, an escalation that fires and one that does not,
//! both branches of an `if`), each counted on its own, so a `when` that never failed in
//! any example is listed as such. Counting is per clause, never per line: reformatting a
//! policy changes the lines reported, not the counts. The text report lists every
//! clause with its counts, then the outcomes never seen with their lines; `lcov` gives
//! each outcome as a branch (`BRDA`) and each line the least count of its clauses
//! (`DA`), for editors and CI.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::check::fold::{program_exprs, visit};
use crate::check::program::*;
use crate::eval::{AgentResult, Hits};
use crate::syntax::ast::{DeclKind, PolicyFile};
use crate::syntax::keywords::Keyword;

/// What a clause's counts are read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Violation(usize),
    When(usize),
    Escalation(usize),
    Requirement(usize, usize),
    Row(usize, usize),
    Cap(Target, usize),
    If(usize),
}

/// One clause and how often each of its outcomes was seen.
#[derive(Clone, Debug)]
pub struct Clause {
    pub line: usize,
    /// The clause as a reader finds it, its code in the policy's dialect:
    /// `table 绩效系数 row \`score >= 95 分\`` (`表 绩效系数 行 \`分数 >= 95 分\`` for a
    /// Chinese-dialect policy read in Chinese).
    pub what: String,
    /// Each outcome's name (`counted`, `holds`, `fails`…) and count.
    pub outcomes: Vec<(&'static str, u64)>,
    source: Source,
}

/// The clauses of one policy, and what the evaluations added up to.
#[derive(Clone, Debug)]
pub struct Coverage {
    pub clauses: Vec<Clause>,
    /// How many agent-months were counted.
    pub agent_months: usize,
}

fn clause(line: usize, what: String, outcomes: &[&'static str], source: Source) -> Clause {
    Clause { line, what, outcomes: outcomes.iter().map(|o| (*o, 0)).collect(), source }
}

impl Coverage {
    pub fn new(file: &PolicyFile, program: &Program) -> Coverage {
        // The clauses' own text is the source, already in the file's dialect; the
        // keywords put before it are spelled as that dialect spells them.
        let dialect = file.dialect;
        let kw = |k: Keyword| k.spelling_in(dialect);
        let mut clauses = Vec::new();
        let (mut vi, mut ei, mut ti) = (0, 0, 0);
        for decl in &file.decls {
            match &decl.kind {
                DeclKind::Violation(r) => {
                    if let Some(v) = program.violations.get(vi) {
                        clauses.push(clause(
                            r.name.span.line(),
                            format!("{} {}", kw(Keyword::Violation), v.name),
                            &["counted"],
                            Source::Violation(vi),
                        ));
                        if let Some(w) = &v.when {
                            clauses.push(clause(
                                w.span.line(),
                                format!(
                                    "{} {} `{} {}`",
                                    kw(Keyword::Violation),
                                    v.name,
                                    kw(Keyword::When),
                                    w.span.text()
                                ),
                                &["holds", "fails"],
                                Source::When(vi),
                            ));
                        }
                        for (k, cap) in v.caps.iter().enumerate() {
                            clauses.push(clause(
                                cap.line,
                                format!("{} {} `{}`", kw(Keyword::Violation), v.name, cap.text),
                                &["binds"],
                                Source::Cap(Target::Violation(vi), k),
                            ));
                        }
                    }
                    vi += 1;
                }
                DeclKind::Escalation(_) => {
                    if let Some(e) = program.escalations.get(ei) {
                        clauses.push(clause(
                            e.when.span.line(),
                            format!(
                                "{} {} `{} {}`",
                                kw(Keyword::Escalation),
                                e.name,
                                kw(Keyword::When),
                                e.when.span.text()
                            ),
                            &["fires", "stays quiet"],
                            Source::Escalation(ei),
                        ));
                    }
                    ei += 1;
                }
                DeclKind::Table(_) => {
                    if let Some(t) = program.tables.get(ti) {
                        for (j, (cond, value)) in t.rows.iter().enumerate() {
                            let (line, row) = match cond {
                                Some(c) => (c.span.line(), tr!("coverage-row", row = c.span.text())),
                                None => (value.span.line(), format!("`{}`", kw(Keyword::Else))),
                            };
                            clauses.push(clause(
                                line,
                                format!("{} {} {row}", kw(Keyword::Table), t.name),
                                &["matches"],
                                Source::Row(ti, j),
                            ));
                        }
                    }
                    ti += 1;
                }
                _ => {}
            }
        }
        for (t, tier) in program.tiers.iter().enumerate() {
            for (k, r) in tier.requires.iter().enumerate() {
                clauses.push(clause(
                    r.expr.span.line(),
                    format!("{} {} `{} {}`", kw(Keyword::Tier), tier.name, kw(Keyword::Requires), r.expr.span.text()),
                    &["holds", "fails"],
                    Source::Requirement(t, k),
                ));
            }
        }
        for (s, sev) in program.severities.iter().enumerate() {
            for (k, cap) in sev.caps.iter().enumerate() {
                clauses.push(clause(
                    cap.line,
                    format!("{} {} `{}`", kw(Keyword::Severity), sev.name, cap.text),
                    &["binds"],
                    Source::Cap(Target::Severity(s), k),
                ));
            }
        }
        // Tier attributes and field defaults are constants: their `if`s run once, unseen.
        let constant: Vec<*const CExpr> = program
            .tiers
            .iter()
            .flat_map(|t| t.attrs.iter())
            .chain(program.agent_fields.iter().chain(&program.incident_fields).filter_map(|f| f.default.as_ref()))
            .map(|e| e as *const CExpr)
            .collect();
        for e in program_exprs(program) {
            if constant.contains(&(e as *const CExpr)) {
                continue;
            }
            visit(e, &mut |x| {
                if let CKind::If(c, _, _) = &x.kind {
                    clauses.push(clause(
                        x.span.line(),
                        format!("`{} {}`", kw(Keyword::If), c.span.text()),
                        &["takes then", "takes else"],
                        Source::If(x.span.start),
                    ));
                }
            });
        }
        clauses.sort_by_key(|c| c.line);
        Coverage { clauses, agent_months: 0 }
    }

    /// Adds one agent's month (evaluated with the full trace).
    pub fn add(&mut self, a: &AgentResult) {
        self.agent_months += 1;
        let mut requirement_index: BTreeMap<usize, usize> = BTreeMap::new();
        let mut requirements: Vec<(usize, usize, bool, bool)> = Vec::new();
        for r in &a.requirements {
            let k = requirement_index.entry(r.tier).or_default();
            requirements.push((r.tier, *k, r.holds, r.assumed));
            *k = k.saturating_add(1);
        }
        for c in &mut self.clauses {
            let counts: Vec<u64> = match c.source {
                Source::Violation(v) => {
                    vec![a.violations.iter().filter(|t| t.violation == v).map(|t| u64::from(t.count)).sum()]
                }
                Source::When(v) => {
                    let held: u64 = a.violations.iter().filter(|t| t.violation == v).map(|t| u64::from(t.count)).sum();
                    let failed = a.not_counted.iter().filter(|n| n.violation == v).count() as u64;
                    vec![held, failed]
                }
                Source::Escalation(e) => {
                    let out = a.escalations.iter().find(|o| o.escalation == e);
                    let fired = out.is_some_and(|o| o.fired);
                    vec![u64::from(fired), u64::from(out.is_some() && !fired)]
                }
                Source::Requirement(t, k) => {
                    let seen = requirements.iter().filter(|r| r.0 == t && r.1 == k && !r.3);
                    let (held, failed): (Vec<&(usize, usize, bool, bool)>, Vec<_>) = seen.partition(|r| r.2);
                    vec![held.len() as u64, failed.len() as u64]
                }
                Source::Row(t, j) => vec![row_hits(&a.hits, t, j)],
                Source::Cap(target, k) => {
                    vec![a.caps.iter().filter(|o| o.target == target && o.cap == k).count() as u64]
                }
                Source::If(at) => {
                    let get = |held| a.hits.branches.get(&(at, held)).copied().unwrap_or(0);
                    vec![get(true), get(false)]
                }
            };
            for ((_, n), add) in c.outcomes.iter_mut().zip(counts) {
                *n = n.saturating_add(add);
            }
        }
    }

    /// Outcomes never seen: (line, clause, outcome).
    pub fn missed(&self) -> Vec<(usize, &str, &'static str)> {
        let mut out = Vec::new();
        for c in &self.clauses {
            for (o, n) in &c.outcomes {
                if *n == 0 {
                    out.push((c.line, c.what.as_str(), *o));
                }
            }
        }
        out
    }

    fn totals(&self) -> (usize, usize) {
        let all = self.clauses.iter().map(|c| c.outcomes.len()).sum();
        let seen = self.clauses.iter().flat_map(|c| &c.outcomes).filter(|(_, n)| *n > 0).count();
        (seen, all)
    }

    /// The report for people: every clause with its counts, then what was never seen.
    pub fn text(&self, policy: &str, by: &str) -> String {
        let mut o = String::new();
        let (seen, all) = self.totals();
        let _ = writeln!(o, "{}", tr!("coverage-heading", policy = policy, by = by, seen = seen, all = all));
        for c in &self.clauses {
            let counts: Vec<String> = c
                .outcomes
                .iter()
                .map(|(name, n)| tr!("coverage-count", outcome = outcome_text(name), count = *n))
                .collect();
            let counts = counts.join(&tr!("coverage-separator"));
            let line = format!("{:>4}", c.line);
            let _ = writeln!(o, "  {}", tr!("coverage-clause", line = line, what = &c.what, counts = counts));
        }
        let missed = self.missed();
        if missed.is_empty() {
            let _ = writeln!(o, "{}", tr!("coverage-all-exercised"));
        } else {
            let _ = writeln!(o, "{}", tr!("coverage-never-heading", count = missed.len()));
            for (line, what, outcome) in missed {
                let (line, outcome) = (format!("{line:>4}"), outcome_text(outcome));
                let _ = writeln!(o, "  {}", tr!("coverage-never", line = line, what = what, outcome = outcome));
            }
        }
        crate::unicode::printable(&o).into_owned()
    }

    /// The lcov tracefile of one policy: a branch per outcome, a line's count the least
    /// of its clauses' outcomes.
    pub fn lcov(&self, policy: &str) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "TN:kaohe\nSF:{policy}");
        let mut lines: BTreeMap<usize, u64> = BTreeMap::new();
        for (i, c) in self.clauses.iter().enumerate() {
            for (k, (_, n)) in c.outcomes.iter().enumerate() {
                let _ = writeln!(o, "BRDA:{},{i},{k},{n}", c.line);
                let at = lines.entry(c.line).or_insert(u64::MAX);
                *at = (*at).min(*n);
            }
        }
        let (seen, all) = self.totals();
        let _ = writeln!(o, "BRF:{all}\nBRH:{seen}");
        for (line, n) in &lines {
            let _ = writeln!(o, "DA:{line},{n}");
        }
        let hit = lines.values().filter(|n| **n > 0).count();
        let _ = writeln!(o, "LF:{}\nLH:{hit}\nend_of_record", lines.len());
        o
    }
}

/// An outcome's name (`holds`, `takes then`) in the language in use.
fn outcome_text(outcome: &str) -> String {
    match outcome {
        "counted" => tr!("coverage-counted"),
        "holds" => tr!("coverage-holds"),
        "fails" => tr!("coverage-fails"),
        "binds" => tr!("coverage-binds"),
        "fires" => tr!("coverage-fires"),
        "stays quiet" => tr!("coverage-stays-quiet"),
        "matches" => tr!("coverage-matches"),
        "takes then" => tr!("coverage-takes-then"),
        "takes else" => tr!("coverage-takes-else"),
        other => other.to_string(),
    }
}

fn row_hits(hits: &Hits, t: usize, j: usize) -> u64 {
    hits.rows.get(&(t, j)).copied().unwrap_or(0)
}
