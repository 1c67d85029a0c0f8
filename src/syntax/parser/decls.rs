//! Declarations and the items of their blocks, from pest pairs.
//!
//! One function per grammar rule, named after it. An item the builder cannot finish (its
//! expression was refused as too deep) is left out of its block; in a `violation`, an
//! `escalation`, a `table` or a `let`, the whole declaration is left out instead, since
//! it would mean something else without it.

use pest::iterators::Pair;

use super::{inner_of, is_keyword, Builder};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::grammar::Rule;
use crate::syntax::keywords::Place;

impl Builder {
    /// `decl`: doc comments and one declaration.
    pub(super) fn decl(&mut self, pair: Pair<Rule>) -> Option<Decl> {
        let (doc, body) = self.doc_and_body(pair)?;
        let span = self.span(&body);
        let kind = match body.as_rule() {
            Rule::policy_decl => DeclKind::Policy(self.policy_decl(body)?),
            Rule::agent_decl => DeclKind::Agent(self.fields(body)),
            Rule::incident_decl => DeclKind::Incident(self.fields(body)),
            Rule::tier_decl => DeclKind::Tier(self.tier_decl(body)?),
            Rule::severity_decl => DeclKind::Severity(self.severity_decl(body)?),
            Rule::unit_decl => {
                let mut names = body.into_inner().filter(|p| p.as_rule() == Rule::ident).map(|p| self.ident(p));
                let name = names.next()?;
                DeclKind::Unit(UnitDecl { name, spellings: names.collect() })
            }
            Rule::violation_decl => DeclKind::Violation(self.rule_decl(body)?),
            Rule::escalation_decl => DeclKind::Escalation(self.rule_decl(body)?),
            Rule::let_decl => DeclKind::Let(self.let_decl(body)?),
            Rule::table_decl => DeclKind::Table(self.table_decl(body)?),
            Rule::pay_decl => DeclKind::Pay(self.pay_decl(body)),
            Rule::test_decl => DeclKind::Test(self.test_decl(body)?),
            _ => return None,
        };
        Some(Decl { doc, kind, span })
    }

    // ------------------------------------------------------------ policy header

    /// `policy_decl`: the title and the header items.
    fn policy_decl(&mut self, pair: Pair<Rule>) -> Option<PolicyHeader> {
        let mut title = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => title = Some(self.string(p)),
                Rule::policy_item => items.extend(self.policy_item(p)),
                _ => {}
            }
        }
        Some(PolicyHeader { title: title?, items })
    }

    /// `policy_item`: `version`, `effective`, `issued_by`, `interpreted_by` or `status`.
    fn policy_item(&mut self, pair: Pair<Rule>) -> Option<HeaderItem> {
        let (doc, body) = self.doc_and_body(pair)?;
        let span = self.span(&body);
        let item_rule = body.as_rule();
        let value = body.into_inner().find(|v| !is_keyword(v.as_rule()))?;
        let kind = match value.as_rule() {
            Rule::string => {
                let s = self.string(value);
                match item_rule {
                    Rule::version_item => HeaderItemKind::Version(s),
                    Rule::issued_by_item => HeaderItemKind::IssuedBy(s),
                    _ => HeaderItemKind::InterpretedBy(s),
                }
            }
            Rule::date => HeaderItemKind::Effective(self.date(&value)?),
            Rule::status_value => HeaderItemKind::Status(status_value(value)),
            _ => return None,
        };
        Some(HeaderItem { doc, kind, span })
    }

    // ------------------------------------------------------------ record schemas

    /// The fields of `agent_decl` or `incident_decl`.
    fn fields(&mut self, pair: Pair<Rule>) -> Vec<Field> {
        let place = Some(if pair.as_rule() == Rule::agent_decl { Place::AgentField } else { Place::IncidentField });
        let mut fields = Vec::new();
        for p in pair.into_inner().filter(|p| p.as_rule() == Rule::field) {
            fields.extend(self.field(p, place));
        }
        fields
    }

    /// `field`: `name: type [= default] [from "…" | …]`, or `name from "…" | …`.
    fn field(&mut self, pair: Pair<Rule>, place: Option<Place>) -> Option<Field> {
        let mut doc = Doc::default();
        let mut signed = false;
        let mut columns = Vec::new();
        let mut parts = Vec::new();
        for q in pair.into_inner() {
            match q.as_rule() {
                Rule::docs => doc = self.docs(q),
                Rule::cw_signed => signed = true,
                Rule::columns => {
                    columns = q.into_inner().filter(|s| s.as_rule() == Rule::string).map(|s| self.string(s)).collect();
                }
                _ => parts.push(q),
            }
        }
        let mut parts = parts.into_iter();
        let name = parts.next()?;
        // A built-in field is named as after `员工.`: `工号 来自 "员工编号"` is `id`.
        let name = if name.as_rule() == Rule::field_name { self.name_at(name, place) } else { self.ident(name) };
        let ty = parts.next().map(|t| self.type_name(t));
        let default = match parts.next() {
            Some(e) => Some(self.expr(e)?),
            None => None,
        };
        let end = columns
            .last()
            .map(|c| &c.span)
            .or(default.as_ref().map(|d| &d.span))
            .or(ty.as_ref().map(|t| &t.span))
            .unwrap_or(&name.span);
        let span = Span::new(&self.source, name.span.start, end.end);
        Some(Field { doc, name, signed, ty, default, columns, span })
    }

    // ------------------------------------------------------------ tiers

    /// `tier_decl`: the name and the tier items.
    fn tier_decl(&mut self, pair: Pair<Rule>) -> Option<TierDecl> {
        let mut name = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::tier_item => items.extend(self.tier_item(p)),
                _ => {}
            }
        }
        Some(TierDecl { name: name?, items })
    }

    /// `tier_item`: `requires expr` or `attribute = expr`.
    fn tier_item(&mut self, pair: Pair<Rule>) -> Option<TierItem> {
        let (doc, body) = self.doc_and_body(pair)?;
        let span = self.span(&body);
        let kind = match body.as_rule() {
            Rule::requires_item => TierItemKind::Requires(self.expr(inner_of(body, Rule::expr)?)?),
            _ => {
                let mut inner = body.into_inner();
                let (n, e) = (inner.next()?, inner.next()?);
                let n = self.ident(n);
                TierItemKind::Attr(n, self.expr(e)?)
            }
        };
        Some(TierItem { doc, kind, span })
    }

    // ------------------------------------------------------------ violations and escalations

    /// `severity_decl`: the name and, with braces, the items of its body.
    fn severity_decl(&mut self, pair: Pair<Rule>) -> Option<SeverityDecl> {
        let braced = pair.as_str().trim_end().ends_with('}');
        let RuleDecl { name, items } = self.rule_decl(pair)?;
        Some(SeverityDecl { name, items: braced.then_some(items) })
    }

    /// `violation_decl` or `escalation_decl` (and a severity's body): the name and the
    /// rule items.
    fn rule_decl(&mut self, pair: Pair<Rule>) -> Option<RuleDecl> {
        let mut name = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::rule_item => items.push(self.rule_item(p)?),
                _ => {}
            }
        }
        Some(RuleDecl { name: name?, items })
    }

    /// `rule_item`: `severity S`, `points = expr`, `when expr` or `compensation = expr`.
    fn rule_item(&mut self, pair: Pair<Rule>) -> Option<RuleItem> {
        let (doc, body) = self.doc_and_body(pair)?;
        let span = self.span(&body);
        let rule = body.as_rule();
        if rule == Rule::cap_item {
            let kind = RuleItemKind::Cap(self.cap_item(body)?);
            return Some(RuleItem { doc, kind, span });
        }
        // The item's value: what follows its keyword (`fine` is a contextual one).
        let value = body.into_inner().find(|v| !is_keyword(v.as_rule()) && v.as_rule() != Rule::cw_fine)?;
        let kind = match rule {
            Rule::severity_item => RuleItemKind::Severity(self.ident(value)),
            Rule::points_item => RuleItemKind::Points(self.expr(value)?),
            Rule::when_item => RuleItemKind::When(self.expr(value)?),
            Rule::fine_item => RuleItemKind::Fine(self.expr(value)?),
            _ => RuleItemKind::Compensation(self.expr(value)?),
        };
        Some(RuleItem { doc, kind, span })
    }

    /// `cap_item`: the amount, the limit and the period.
    fn cap_item(&mut self, pair: Pair<Rule>) -> Option<Cap> {
        let mut amount = None;
        let mut limit = None;
        let mut period = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::cap_amount => {
                    amount = Some(match p.into_inner().next().map(|k| k.as_rule()) {
                        Some(Rule::kw_points) => CapAmount::Points,
                        Some(Rule::kw_compensation) => CapAmount::Compensation,
                        _ => CapAmount::Fine,
                    })
                }
                Rule::expr => limit = Some(self.expr(p)?),
                Rule::cap_period => {
                    let span = self.span(&p);
                    let which = match p.into_inner().last().map(|k| k.as_rule()) {
                        Some(Rule::cw_day) => Period::Day,
                        Some(Rule::cw_week) => Period::Week,
                        _ => Period::Month,
                    };
                    period = Some((which, span));
                }
                _ => {}
            }
        }
        Some(Cap { amount: amount?, limit: limit?, period })
    }

    // ------------------------------------------------------------ let, table, pay

    /// `let_decl`: `let name = expr`.
    fn let_decl(&mut self, pair: Pair<Rule>) -> Option<LetDecl> {
        let mut inner = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
        let name = self.ident(inner.next()?);
        let value = self.expr(inner.next()?)?;
        Some(LetDecl { name, value })
    }

    /// `table_decl`: the name, the parameters, the type of its values and the rows.
    fn table_decl(&mut self, pair: Pair<Rule>) -> Option<TableDecl> {
        let mut name = None;
        let mut params = Vec::new();
        let mut ret = None;
        let mut rows = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::param => params.extend(self.param(p)),
                Rule::type_name => ret = Some(self.type_name(p)),
                Rule::table_row => rows.push(self.table_row(p)?),
                _ => {}
            }
        }
        Some(TableDecl { name: name?, params, ret: ret?, rows })
    }

    /// `param`: `name: type`.
    fn param(&mut self, pair: Pair<Rule>) -> Option<Param> {
        let mut inner = pair.into_inner();
        let (n, t) = (inner.next()?, inner.next()?);
        Some(Param { name: self.ident(n), ty: self.type_name(t) })
    }

    /// `type_name`: a name, or `one of (…)` with its values.
    fn type_name(&mut self, pair: Pair<Rule>) -> TypeName {
        let span = self.span(&pair);
        let choice = pair.clone().into_inner().find(|p| p.as_rule() == Rule::choice_type);
        match choice {
            Some(c) => {
                let values: Vec<StringLit> =
                    c.into_inner().filter(|p| p.as_rule() == Rule::string).map(|p| self.string(p)).collect();
                TypeName { name: choice_text(&values), span, choice: Some(values) }
            }
            None => {
                let named = pair.into_inner().next().map(|p| self.name_at(p, Some(Place::Type)));
                TypeName { name: named.map_or_else(String::new, |n| n.name), span, choice: None }
            }
        }
    }

    /// `table_row`: `condition => value` or `else => value`.
    fn table_row(&mut self, pair: Pair<Rule>) -> Option<TableRow> {
        let (doc, body) = self.doc_and_body(pair)?;
        let span = self.span(&body);
        let is_else = body.as_rule() == Rule::else_row;
        let mut exprs = Vec::new();
        for e in body.into_inner().filter(|e| e.as_rule() == Rule::expr) {
            exprs.push(self.expr(e)?);
        }
        let value = exprs.pop()?;
        let cond = if is_else { None } else { Some(exprs.pop()?) };
        Some(TableRow { doc, cond, value, span })
    }

    /// The lines of `pay_decl`.
    fn pay_decl(&mut self, pair: Pair<Rule>) -> Vec<PayLine> {
        let mut lines = Vec::new();
        for p in pair.into_inner().filter(|p| p.as_rule() == Rule::pay_line) {
            lines.extend(self.pay_line(p));
        }
        lines
    }

    /// `pay_line`: `name = expr`.
    fn pay_line(&mut self, pair: Pair<Rule>) -> Option<PayLine> {
        let mut doc = Doc::default();
        let mut name = None;
        let mut value = None;
        for q in pair.into_inner() {
            match q.as_rule() {
                Rule::docs => doc = self.docs(q),
                Rule::ident => name = Some(self.ident(q)),
                _ => value = self.expr(q),
            }
        }
        let (name, value) = (name?, value?);
        let span = Span::new(&self.source, name.span.start, value.span.end);
        Some(PayLine { doc, name, value, span })
    }

    // ------------------------------------------------------------ worked examples

    /// `test_decl`: the name and the test items.
    fn test_decl(&mut self, pair: Pair<Rule>) -> Option<TestDecl> {
        let mut name = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => name = Some(self.string(p)),
                Rule::test_item => items.extend(self.test_item(p)),
                _ => {}
            }
        }
        Some(TestDecl { name: name?, items })
    }

    /// `test_item`: `month`, `agent`, `incident` or `expect`.
    fn test_item(&mut self, pair: Pair<Rule>) -> Option<TestItem> {
        let (doc, body) = self.doc_and_body(pair)?;
        let span = self.span(&body);
        let kind = match body.as_rule() {
            Rule::test_month => TestItemKind::Month(inner_of(body, Rule::month_lit)?.as_str().to_string()),
            Rule::test_agent | Rule::test_incident => self.test_record(body)?,
            Rule::test_history => self.test_history(body)?,
            _ => self.test_expect(body)?,
        };
        Some(TestItem { doc, kind, span })
    }

    /// `test_agent` or `test_incident`: an id and `field = value` assignments.
    fn test_record(&mut self, pair: Pair<Rule>) -> Option<TestItemKind> {
        let is_agent = pair.as_rule() == Rule::test_agent;
        let place = Some(if is_agent { Place::AgentField } else { Place::IncidentField });
        let mut inner = pair.into_inner().filter(|p| !is_keyword(p.as_rule()));
        let id = self.ident(inner.next()?);
        let mut fields = Vec::new();
        for a in inner {
            let mut parts = a.into_inner();
            let (Some(n), Some(e)) = (parts.next(), parts.next()) else { continue };
            let n = self.name_at(n, place);
            fields.push((n, self.expr(e)?));
        }
        Some(if is_agent { TestItemKind::Agent { id, fields } } else { TestItemKind::Incident { agent: id, fields } })
    }

    /// `test_history`: `history YYYY-MM { id.field = value … }`.
    fn test_history(&mut self, pair: Pair<Rule>) -> Option<TestItemKind> {
        let mut month = String::new();
        let mut facts = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::month_lit => month = p.as_str().to_string(),
                Rule::history_fact => {
                    let start = p.as_span().start();
                    let mut inner = p.into_inner().filter(|q| q.as_rule() != Rule::sep);
                    let agent = self.ident(inner.next()?);
                    let what = self.ident(inner.next()?);
                    let mut next = inner.next()?;
                    let of = if next.as_rule() == Rule::ident {
                        let of = self.ident(next);
                        next = inner.next()?;
                        Some(of)
                    } else {
                        None
                    };
                    let value = self.expr(next)?;
                    let span = Span::new(&self.source, agent.span.start.max(start), value.span.end);
                    facts.push(HistoryFact { agent, what, of, value, span });
                }
                _ => {}
            }
        }
        Some(TestItemKind::History { month, facts })
    }

    /// `test_expect`: `expect id.field op value`.
    fn test_expect(&mut self, pair: Pair<Rule>) -> Option<TestItemKind> {
        let mut inner = pair.into_inner().filter(|p| p.as_rule() != Rule::cw_expect);
        let agent = self.ident(inner.next()?);
        let what = self.name_at(inner.next()?, Some(Place::Expected));
        let mut next = inner.next()?;
        let of = if next.as_rule() == Rule::ident {
            let of = self.ident(next);
            next = inner.next()?;
            Some(of)
        } else {
            None
        };
        let op = super::exprs::cmp_op(next.as_str())?;
        let value = self.expr(inner.next()?)?;
        Some(TestItemKind::Expect { agent, what, of, op, value })
    }
}

/// `status_value`: `draft` or `active`.
fn status_value(pair: Pair<Rule>) -> Status {
    match pair.into_inner().next().map(|p| p.as_rule()) {
        Some(Rule::kw_draft) => Status::Draft,
        _ => Status::Active,
    }
}

/// The canonical text of a choice type: `one of ("重大", "一般")`.
pub fn choice_text(values: &[StringLit]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("{:?}", v.value)).collect();
    format!("one of ({})", quoted.join(", "))
}
