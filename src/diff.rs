//! What a revision of a policy changes (`kaohe diff`): in its text and on real records.
//!
//! The structural part compares the two policies declaration by declaration, item by
//! item, in the canonical layout of `kaohe fmt` (so layout changes are not changes). The
//! results part evaluates both revisions on the same month and lists each agent whose
//! result changed, with every changed figure old → new, and the totals of each money pay
//! line over all agents.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{json, Value as Json};

use crate::check::program::{Program, Value};
use crate::check::types::Type;
use crate::eval::{render, AgentResult, MonthResult};
use crate::fmt::expr_text;
use crate::money::money_text;
use crate::syntax::ast::*;
use crate::syntax::dialect::CodeSpelling;

/// One changed item of a declaration, or a declaration added or removed.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclChange {
    /// `violation 旷工`
    pub declaration: String,
    /// `points`; empty when the whole declaration was added or removed.
    pub item: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl DeclChange {
    /// The change in English, as the JSON report's `change` keeps it in every language.
    pub fn describe(&self) -> String {
        match (&self.old, &self.new) {
            (None, Some(_)) if self.item.is_empty() => format!("added {}", self.declaration),
            (Some(_), None) if self.item.is_empty() => format!("removed {}", self.declaration),
            (None, Some(n)) => format!("{}: added {} {n}", self.declaration, self.item),
            (Some(o), None) => format!("{}: removed {} {o}", self.declaration, self.item),
            (Some(o), Some(n)) => format!("{}: {} {o} → {n}", self.declaration, self.item),
            (None, None) => self.declaration.clone(),
        }
    }

    /// The change for people, in the language in use, its code as `spelling`'s policy (the
    /// revised one) writes it (a Chinese-dialect policy reads `违规 迟到：扣分 1 分 → 2 分`).
    pub fn describe_for_people(&self, spelling: &CodeSpelling) -> String {
        let code = |text: &str| spelling.code(text);
        let decl = code(&self.declaration);
        let decl = decl.as_str();
        let (word, rest) = self.item.split_once(' ').unwrap_or((self.item.as_str(), ""));
        let label = match word {
            "doc" => Some(tr!("diff-item-doc")),
            "field" => Some(tr!("diff-item-field")),
            "line" => Some(tr!("diff-item-line")),

            "title" => Some(tr!("diff-item-title")),
            "signature" => Some(tr!("diff-item-signature")),
            "value" => Some(tr!("diff-item-value")),
            _ => None,
        };
        let item = match label {
            _ if word == "row" => tr!("diff-item-row", number = rest),
            Some(l) if rest.is_empty() => l,
            Some(l) => format!("{l} {rest}"),
            None => code(&self.item),
        };
        let item = item.as_str();
        // Doc comments and titles are the policy's own text; other values are code.
        let value = |v: &String| if matches!(word, "doc" | "title") { v.clone() } else { code(v) };
        let (old, new) = (self.old.as_ref().map(value), self.new.as_ref().map(value));
        match (&old, &new) {
            (None, Some(_)) if item.is_empty() => tr!("diff-added-declaration", declaration = decl),
            (Some(_), None) if item.is_empty() => tr!("diff-removed-declaration", declaration = decl),
            (None, Some(n)) => tr!("diff-added-item", declaration = decl, item = item, value = n),
            (Some(o), None) => tr!("diff-removed-item", declaration = decl, item = item, value = o),
            (Some(o), Some(n)) => tr!("diff-changed-item", declaration = decl, item = item, old = o, new = n),
            (None, None) => self.declaration.clone(),
        }
    }
}

/// The name of a figure for people: a fixed figure's column title (`points` is 扣分 in
/// Chinese), `count 中度` as the language says it; a pay line's name is its own.
fn figure_title(figure: &str) -> String {
    const FIXED: [&str; 7] = ["tier", "points", "compensation", "fine", "escalations", "promotion", "tier_ok"];
    if let Some(counted) = figure.strip_prefix("count ") {
        return tr!("diff-figure-count", name = counted);
    }
    if FIXED.contains(&figure) {
        return crate::report::column_title(figure);
    }
    figure.to_string()
}

/// Declarations and their items, as text: declaration → item → canonical text.
fn items(file: &PolicyFile) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for decl in &file.decls {
        let (name, entries): (String, Vec<(String, String)>) = match &decl.kind {
            DeclKind::Policy(h) => {
                let mut e = vec![("title".to_string(), h.title.value.clone())];
                for i in &h.items {
                    let v = match &i.kind {
                        HeaderItemKind::Version(s) | HeaderItemKind::IssuedBy(s) | HeaderItemKind::InterpretedBy(s) => {
                            s.value.clone()
                        }
                        HeaderItemKind::Effective(d) => d.to_string(),
                        HeaderItemKind::Status(Status::Draft) => "draft".into(),
                        HeaderItemKind::Status(Status::Active) => "active".into(),
                    };
                    e.push((i.kind.keyword().to_string(), v));
                }
                ("policy".into(), e)
            }
            DeclKind::Agent(fields) | DeclKind::Incident(fields) => {
                let e = fields
                    .iter()
                    .map(|f| {
                        let d = f.default.as_ref().map(|d| format!(" = {}", expr_text(d))).unwrap_or_default();
                        let ty = f.ty.as_ref().map_or("", |t| t.name.as_str());
                        let from: Vec<&str> = f.columns.iter().map(|c| c.value.as_str()).collect();
                        let from = if from.is_empty() { String::new() } else { format!(" from {}", from.join(" | ")) };
                        (format!("field {}", f.name.name), format!("{ty}{d}{from}").trim_start().to_string())
                    })
                    .collect();
                (decl.kind.keyword().to_string(), e)
            }
            DeclKind::Tier(t) => {
                let mut e: Vec<(String, String)> = Vec::new();
                let mut requires = Vec::new();
                for i in &t.items {
                    match &i.kind {
                        TierItemKind::Attr(n, x) => e.push((n.name.clone(), expr_text(x))),
                        TierItemKind::Requires(x) => requires.push(expr_text(x)),
                    }
                }
                if !requires.is_empty() {
                    e.push(("requires".into(), requires.join(" and ")));
                }
                (format!("tier {}", t.name.name), e)
            }
            DeclKind::Severity(s) => {
                let caps = s.items.iter().flatten().map(rule_item_entry).collect();
                (format!("severity {}", s.name.name), caps)
            }
            DeclKind::Violation(r) | DeclKind::Escalation(r) => {
                let e = r.items.iter().map(rule_item_entry).collect();
                (format!("{} {}", decl.kind.keyword(), r.name.name), e)
            }
            DeclKind::Let(l) => (format!("let {}", l.name.name), vec![("value".into(), expr_text(&l.value))]),
            DeclKind::Table(t) => {
                let params: Vec<String> = t.params.iter().map(|p| format!("{}: {}", p.name.name, p.ty.name)).collect();
                let mut e = vec![("signature".to_string(), format!("({}) -> {}", params.join(", "), t.ret.name))];
                for (n, r) in t.rows.iter().enumerate() {
                    let cond = r.cond.as_ref().map_or_else(|| "else".to_string(), expr_text);
                    e.push((format!("row {}", n + 1), format!("{cond} => {}", expr_text(&r.value))));
                }
                (format!("table {}", t.name.name), e)
            }
            DeclKind::Pay(lines) => {
                ("pay".into(), lines.iter().map(|l| (format!("line {}", l.name.name), expr_text(&l.value))).collect())
            }
            DeclKind::Unit(u) => {
                let spellings: Vec<&str> = u.spellings.iter().map(|s| s.name.as_str()).collect();
                (format!("unit {}", u.name.name), vec![("spellings".into(), spellings.join(", "))])
            }
            DeclKind::Test(t) => {
                let e = t
                    .items
                    .iter()
                    .enumerate()
                    .map(|(n, i)| (format!("line {}", n + 1), crate::fmt::test_item_text(&i.kind)))
                    .collect();
                (format!("test \"{}\"", t.name.value), e)
            }
        };
        let entry = out.entry(name).or_default();
        if !decl.doc.is_empty() {
            entry.insert("doc".into(), decl.doc.text());
        }
        entry.extend(entries);
    }
    out
}

/// Declarations added, removed and changed between two revisions.
pub fn declarations(old: &PolicyFile, new: &PolicyFile) -> Vec<DeclChange> {
    let (old, new) = (items(old), items(new));
    let mut changes = Vec::new();
    for (decl, old_items) in &old {
        let Some(new_items) = new.get(decl) else {
            changes.push(DeclChange {
                declaration: decl.clone(),
                item: String::new(),
                old: Some(String::new()),
                new: None,
            });
            continue;
        };
        for (item, o) in old_items {
            match new_items.get(item) {
                Some(n) if n == o => {}
                n => changes.push(DeclChange {
                    declaration: decl.clone(),
                    item: item.clone(),
                    old: Some(o.clone()),
                    new: n.cloned(),
                }),
            }
        }
        for (item, n) in new_items {
            if !old_items.contains_key(item) {
                changes.push(DeclChange {
                    declaration: decl.clone(),
                    item: item.clone(),
                    old: None,
                    new: Some(n.clone()),
                });
            }
        }
    }
    for decl in new.keys().filter(|d| !old.contains_key(*d)) {
        changes.push(DeclChange {
            declaration: decl.clone(),
            item: String::new(),
            old: None,
            new: Some(String::new()),
        });
    }
    changes
}

/// One changed figure of an agent's month.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureChange {
    pub figure: String,
    pub old: String,
    pub new: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AgentChange {
    pub id: String,
    pub name: String,
    pub changes: Vec<FigureChange>,
}

/// A money pay line summed over all agents.
#[derive(Clone, Debug, PartialEq)]
pub struct Total {
    pub line: String,
    pub old: Decimal,
    pub new: Decimal,
}

/// The figures of one agent's month, by name, as text: tier, points, compensation, the
/// count of each severity (`count 中度`), escalations fired, promotion, `tier_ok`, then the
/// pay lines. What `kaohe diff` compares, and what a snapshot records of each agent
/// ([`crate::snapshot`]), so the two name the same agents for a revision.
pub fn figures(program: &Program, a: &AgentResult) -> Vec<(String, String)> {
    let tier = |t: usize| program.tiers.get(t).map_or_else(String::new, |t| t.name.clone());
    let escalations: Vec<String> =
        a.fired().filter_map(|e| program.escalations.get(e.escalation)).map(|e| e.name.clone()).collect();
    let mut f = vec![
        ("tier".to_string(), tier(a.tier)),
        ("points".to_string(), a.points.normalize().to_string()),
        ("compensation".to_string(), money_text(a.compensation)),
    ];
    // A policy that fines shows the fine beside compensation (one that does not, nothing).
    if program.fines() {
        f.push(("fine".to_string(), money_text(a.fine)));
    }
    for (s, n) in program.severities.iter().zip(&a.severity_counts) {
        f.push((format!("count {}", s.name), n.to_string()));
    }
    f.extend([
        ("escalations".to_string(), if escalations.is_empty() { "none".into() } else { escalations.join(", ") }),
        ("promotion".to_string(), a.promotion.map_or_else(|| "none".to_string(), tier)),
        ("tier_ok".to_string(), a.tier_ok.to_string()),
    ]);
    for (line, out) in program.pay.iter().zip(&a.pay) {
        f.push((line.name.clone(), render(program, &out.value, line.ty, false)));
    }
    f
}

/// Agents whose month differs between two revisions (matched by id, in the new
/// result's order), and the totals of money pay lines present in either revision.
pub fn results(
    old_p: &Program,
    old: &MonthResult,
    new_p: &Program,
    new: &MonthResult,
) -> (Vec<AgentChange>, Vec<Total>) {
    let mut agents = Vec::new();
    for b in &new.agents {
        let Some(a) = old.agents.iter().find(|a| a.id == b.id) else { continue };
        let (fa, fb) = (figures(old_p, a), figures(new_p, b));
        let mut changes = Vec::new();
        for (name, nv) in &fb {
            let ov = fa.iter().find(|(n, _)| n == name).map_or("none", |(_, v)| v.as_str());
            if ov != nv {
                changes.push(FigureChange { figure: name.clone(), old: ov.to_string(), new: nv.clone() });
            }
        }
        for (name, ov) in &fa {
            if !fb.iter().any(|(n, _)| n == name) {
                changes.push(FigureChange { figure: name.clone(), old: ov.clone(), new: "none".into() });
            }
        }
        if !changes.is_empty() {
            agents.push(AgentChange { id: b.id.clone(), name: b.name.clone(), changes });
        }
    }
    let mut totals: Vec<Total> = Vec::new();
    let mut add = |program: &Program, result: &MonthResult, new_side: bool| {
        for (i, line) in program.pay.iter().enumerate().filter(|(_, l)| l.ty == Type::MONEY) {
            let sum = result
                .agents
                .iter()
                .filter_map(|a| match a.pay.get(i).map(|p| &p.value) {
                    Some(Value::Num(n)) => Some(*n),
                    _ => None,
                })
                .fold(Decimal::ZERO, |s, n| s.saturating_add(n));
            let at = match totals.iter().position(|t| t.line == line.name) {
                Some(p) => p,
                None => {
                    totals.push(Total { line: line.name.clone(), old: Decimal::ZERO, new: Decimal::ZERO });
                    totals.len() - 1
                }
            };
            if let Some(t) = totals.get_mut(at) {
                if new_side {
                    t.new = sum;
                } else {
                    t.old = sum;
                }
            }
        }
    };
    add(old_p, old, false);
    add(new_p, new, true);
    (agents, totals)
}

/// The report for people; `new_source` is the revised policy's text, whose dialect the
/// changed code is written in.
pub fn render_text(
    decls: &[DeclChange],
    agents: &[AgentChange],
    totals: &[Total],
    agent_count: usize,
    new_source: &str,
) -> String {
    let spelling = CodeSpelling::new(crate::syntax::dialect::detect(new_source), new_source);
    let mut o = String::new();
    o.push_str(&format!("{}\n", tr!("diff-declarations")));
    if decls.is_empty() {
        o.push_str(&format!("  {}\n", tr!("diff-no-change")));
    }
    for d in decls {
        o.push_str(&format!("  {}\n", d.describe_for_people(&spelling)));
    }
    o.push_str(&format!("\n{}\n", tr!("diff-agents", changed = agents.len(), agents = agent_count)));
    for a in agents {
        let parts: Vec<String> = a
            .changes
            .iter()
            .map(|c| tr!("diff-figure-change", figure = figure_title(&c.figure), old = &c.old, new = &c.new))
            .collect();
        let changes = parts.join(&tr!("diff-separator"));
        o.push_str(&format!("  {}\n", tr!("diff-agent", id = &a.id, name = &a.name, changes = changes)));
    }
    o.push_str(&format!("\n{}\n", tr!("diff-totals")));
    for t in totals {
        let d = t.new.saturating_sub(t.old);
        let sign = if d.is_sign_negative() { "" } else { "+" };
        let difference = format!("{sign}{}", money_text(d));
        let (old, new) = (money_text(t.old), money_text(t.new));
        let line = tr!("diff-total", line = &t.line, old = old, new = new, difference = difference);
        o.push_str(&format!("  {line}\n"));
    }
    o
}

pub fn render_json(decls: &[DeclChange], agents: &[AgentChange], totals: &[Total]) -> String {
    let doc = json!({
        "declarations": decls.iter().map(|d| json!({
            "declaration": d.declaration,
            "item": if d.item.is_empty() { Json::Null } else { Json::String(d.item.clone()) },
            "old": d.old, "new": d.new, "change": d.describe(),
        })).collect::<Vec<_>>(),
        "agents": agents.iter().map(|a| json!({
            "id": a.id, "name": a.name,
            "changes": a.changes.iter().map(|c| json!({"figure": c.figure, "old": c.old, "new": c.new})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "totals": totals.iter().map(|t| json!({
            "line": t.line, "old": money_text(t.old), "new": money_text(t.new),
            "difference": money_text(t.new.saturating_sub(t.old)),
        })).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

/// A violation's, an escalation's or a severity's item as a diff entry: its name (a cap
/// is named by what it limits and its period) and its text.
fn rule_item_entry(i: &RuleItem) -> (String, String) {
    match &i.kind {
        RuleItemKind::Severity(s) => (i.kind.keyword().to_string(), s.name.clone()),
        RuleItemKind::Points(x) | RuleItemKind::When(x) | RuleItemKind::Compensation(x) | RuleItemKind::Fine(x) => {
            (i.kind.keyword().to_string(), expr_text(x))
        }
        RuleItemKind::Cap(cap) => {
            let period = cap.period.as_ref().map_or(Period::Month, |p| p.0);
            (format!("cap {} per {}", cap.amount.keyword(), period.keyword()), expr_text(&cap.limit))
        }
    }
}
