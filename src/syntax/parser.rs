//! From pest pairs to the syntax tree.
//!
//! Each `build_*` function mirrors the grammar rule of the same name in
//! `grammar/kaohe.pest`. Literal values are decoded here (numbers, dates, strings, unit
//! spellings), so a bad literal is reported with its own span rather than as a grammar
//! error. Expression nesting is bounded by [`MAX_EXPR_DEPTH`].

use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use pest::iterators::Pair;
use pest::Parser as _;
use rust_decimal::Decimal;

use super::ast::*;
use super::grammar::{KaoheGrammar, Rule};
use crate::diag::{Code, Diagnostic};
use crate::source::{Source, Span};

/// The deepest expression tree the builder accepts.
pub const MAX_EXPR_DEPTH: usize = 256;

struct Builder {
    source: Arc<Source>,
    diags: Vec<Diagnostic>,
    depth: usize,
    too_deep: bool,
}

/// Parses `text` (the laid-out copy of `source`'s text, same byte offsets).
pub fn parse_text(source: &Arc<Source>, text: &str) -> (Option<PolicyFile>, Vec<Diagnostic>) {
    let pairs = match KaoheGrammar::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(err) => return (None, recover(source, text, &err)),
    };
    let mut b = Builder { source: source.clone(), diags: Vec::new(), depth: 0, too_deep: false };
    let mut decls = Vec::new();
    for pair in pairs.flatten().filter(|p| p.as_rule() == Rule::decl) {
        if let Some(d) = b.decl(pair) {
            decls.push(d);
        }
    }
    (Some(PolicyFile { decls }), b.diags)
}

impl Builder {
    /// A pair's span, without the spaces and `//` comments pest leaves at its end.
    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(&self.source, s.start(), code_end(self.source.text(), s.start(), s.end()))
    }

    fn ident(&self, pair: Pair<Rule>) -> Ident {
        Ident { name: pair.as_str().to_string(), span: self.span(&pair) }
    }

    fn docs(&self, pair: Pair<Rule>) -> Doc {
        let lines = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::doc)
            .map(|p| {
                let text = p.as_str().trim_start_matches("///");
                text.strip_prefix(' ').unwrap_or(text).trim_end().to_string()
            })
            .collect();
        Doc { lines }
    }

    /// Splits an item pair into its docs and its one content pair. Spans of items are
    /// taken from the content, so they start at the item, not at its doc comment.
    fn doc_and_body<'i>(&self, pair: Pair<'i, Rule>) -> Option<(Doc, Pair<'i, Rule>)> {
        let mut doc = Doc::default();
        let mut body = None;
        for p in pair.into_inner() {
            if p.as_rule() == Rule::docs {
                doc = self.docs(p);
            } else {
                body = Some(p);
            }
        }
        body.map(|b| (doc, b))
    }

    fn decl(&mut self, pair: Pair<Rule>) -> Option<Decl> {
        let (doc, body) = self.doc_and_body(pair)?;
        let span = self.span(&body);
        let kind = match body.as_rule() {
            Rule::policy_decl => DeclKind::Policy(self.policy(body)?),
            Rule::agent_decl => DeclKind::Agent(self.fields(body)),
            Rule::incident_decl => DeclKind::Incident(self.fields(body)),
            Rule::tier_decl => DeclKind::Tier(self.tier(body)?),
            Rule::severity_decl => DeclKind::Severity(self.ident(inner_of(body, Rule::ident)?)),
            Rule::violation_decl => DeclKind::Violation(self.rule(body)?),
            Rule::escalation_decl => DeclKind::Escalation(self.rule(body)?),
            Rule::let_decl => {
                let mut inner = body.into_inner().filter(|p| p.as_rule() != Rule::kw_let);
                let name = self.ident(inner.next()?);
                let value = self.expr(inner.next()?)?;
                DeclKind::Let(LetDecl { name, value })
            }
            Rule::table_decl => DeclKind::Table(self.table(body)?),
            Rule::pay_decl => DeclKind::Pay(self.pay(body)),
            Rule::test_decl => DeclKind::Test(self.test(body)?),
            _ => return None,
        };
        Some(Decl { doc, kind, span })
    }

    fn string(&mut self, pair: Pair<Rule>) -> StringLit {
        let span = self.span(&pair);
        let raw = pair.into_inner().next().map_or("", |p| p.as_str());
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => value.push('\n'),
                Some('t') => value.push('\t'),
                Some('"') => value.push('"'),
                Some('\\') => value.push('\\'),
                other => {
                    let shown = other.map(String::from).unwrap_or_default();
                    self.diags.push(
                        Diagnostic::error(Code::Syntax, format!("unknown escape `\\{shown}` in a string"))
                            .at(&span, "in this string")
                            .with_help("the escapes are `\\\"`, `\\\\` and `\\n`; write `\\\\` for a backslash"),
                    );
                }
            }
        }
        StringLit { value, span }
    }

    /// A date literal; a day that does not exist is reported and read as a placeholder,
    /// so the declaration around it is still checked.
    fn date(&mut self, pair: &Pair<Rule>) -> Option<NaiveDate> {
        let text = pair.as_str();
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                let span = self.span(pair);
                self.diags.push(
                    Diagnostic::error(Code::Syntax, format!("`{text}` is not a date"))
                        .at(&span, "no such day")
                        .with_help("a date is `YYYY-MM-DD` with a real month and day, e.g. `2024-10-01`"),
                );
                Some(NaiveDate::MIN)
            }
        }
    }

    fn policy(&mut self, pair: Pair<Rule>) -> Option<PolicyHeader> {
        let mut title = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => title = Some(self.string(p)),
                Rule::policy_item => {
                    let Some((doc, body)) = self.doc_and_body(p) else { continue };
                    let span = self.span(&body);
                    let item_rule = body.as_rule();
                    let value = body.into_inner().find(|v| !is_keyword(v.as_rule()));
                    let Some(value) = value else { continue };
                    let kind = match value.as_rule() {
                        Rule::string => {
                            let s = self.string(value);
                            match item_rule {
                                Rule::version_item => HeaderItemKind::Version(s),
                                Rule::issued_by_item => HeaderItemKind::IssuedBy(s),
                                _ => HeaderItemKind::InterpretedBy(s),
                            }
                        }
                        Rule::date => match self.date(&value) {
                            Some(d) => HeaderItemKind::Effective(d),
                            None => continue,
                        },
                        Rule::status_value => {
                            if value.as_str() == "draft" {
                                HeaderItemKind::Status(Status::Draft)
                            } else {
                                HeaderItemKind::Status(Status::Active)
                            }
                        }
                        _ => continue,
                    };
                    items.push(HeaderItem { doc, kind, span });
                }
                _ => {}
            }
        }
        Some(PolicyHeader { title: title?, items })
    }

    fn fields(&mut self, pair: Pair<Rule>) -> Vec<Field> {
        let mut fields = Vec::new();
        for p in pair.into_inner().filter(|p| p.as_rule() == Rule::field) {
            let span = self.span(&p);
            let mut doc = Doc::default();
            let mut parts = Vec::new();
            for q in p.into_inner() {
                if q.as_rule() == Rule::docs {
                    doc = self.docs(q);
                } else {
                    parts.push(q);
                }
            }
            let mut parts = parts.into_iter();
            let (Some(name), Some(ty)) = (parts.next(), parts.next()) else { continue };
            let name = self.ident(name);
            let ty = self.ident(ty);
            let default = match parts.next() {
                Some(e) => match self.expr(e) {
                    Some(e) => Some(e),
                    None => continue,
                },
                None => None,
            };
            let end = default.as_ref().map_or(&ty.span, |d| &d.span);
            let span = Span::new(&span.source, name.span.start, end.end);
            fields.push(Field { doc, name, ty, default, span });
        }
        fields
    }

    fn tier(&mut self, pair: Pair<Rule>) -> Option<TierDecl> {
        let mut name = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::tier_item => {
                    let Some((doc, body)) = self.doc_and_body(p) else { continue };
                    let span = self.span(&body);
                    let kind = match body.as_rule() {
                        Rule::requires_item => {
                            let Some(e) = inner_of(body, Rule::expr).and_then(|e| self.expr(e)) else { continue };
                            TierItemKind::Requires(e)
                        }
                        _ => {
                            let mut inner = body.into_inner();
                            let (Some(n), Some(e)) = (inner.next(), inner.next()) else { continue };
                            let n = self.ident(n);
                            let Some(e) = self.expr(e) else { continue };
                            TierItemKind::Attr(n, e)
                        }
                    };
                    items.push(TierItem { doc, kind, span });
                }
                _ => {}
            }
        }
        Some(TierDecl { name: name?, items })
    }

    fn rule(&mut self, pair: Pair<Rule>) -> Option<RuleDecl> {
        let mut name = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::rule_item => {
                    let Some((doc, body)) = self.doc_and_body(p) else { continue };
                    let span = self.span(&body);
                    let rule = body.as_rule();
                    let Some(value) = body.into_inner().find(|v| !is_keyword(v.as_rule())) else { continue };
                    let kind = match rule {
                        Rule::severity_item => RuleItemKind::Severity(self.ident(value)),
                        Rule::points_item => RuleItemKind::Points(self.expr(value)?),
                        Rule::when_item => RuleItemKind::When(self.expr(value)?),
                        _ => RuleItemKind::Compensation(self.expr(value)?),
                    };
                    items.push(RuleItem { doc, kind, span });
                }
                _ => {}
            }
        }
        Some(RuleDecl { name: name?, items })
    }

    fn table(&mut self, pair: Pair<Rule>) -> Option<TableDecl> {
        let mut name = None;
        let mut params = Vec::new();
        let mut ret = None;
        let mut rows = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ident => name = Some(self.ident(p)),
                Rule::param => {
                    let mut inner = p.into_inner();
                    let (Some(n), Some(t)) = (inner.next(), inner.next()) else { continue };
                    params.push(Param { name: self.ident(n), ty: self.ident(t) });
                }
                Rule::type_name => ret = Some(self.ident(p)),
                Rule::table_row => {
                    let Some((doc, body)) = self.doc_and_body(p) else { continue };
                    let span = self.span(&body);
                    let is_else = body.as_rule() == Rule::else_row;
                    let mut exprs = Vec::new();
                    for e in body.into_inner().filter(|e| e.as_rule() == Rule::expr) {
                        exprs.push(self.expr(e)?);
                    }
                    let value = exprs.pop()?;
                    let cond = if is_else { None } else { Some(exprs.pop()?) };
                    rows.push(TableRow { doc, cond, value, span });
                }
                _ => {}
            }
        }
        Some(TableDecl { name: name?, params, ret: ret?, rows })
    }

    fn pay(&mut self, pair: Pair<Rule>) -> Vec<PayLine> {
        let mut lines = Vec::new();
        for p in pair.into_inner().filter(|p| p.as_rule() == Rule::pay_line) {
            let span = self.span(&p);
            let mut doc = Doc::default();
            let mut name = None;
            let mut value = None;
            for q in p.into_inner() {
                match q.as_rule() {
                    Rule::docs => doc = self.docs(q),
                    Rule::ident => name = Some(self.ident(q)),
                    _ => value = self.expr(q),
                }
            }
            if let (Some(name), Some(value)) = (name, value) {
                let span = Span::new(&span.source, name.span.start, value.span.end);
                lines.push(PayLine { doc, name, value, span });
            }
        }
        lines
    }

    fn test(&mut self, pair: Pair<Rule>) -> Option<TestDecl> {
        let mut name = None;
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::string => name = Some(self.string(p)),
                Rule::test_item => {
                    let Some((doc, body)) = self.doc_and_body(p) else { continue };
                    let span = self.span(&body);
                    let Some(kind) = self.test_item(body) else { continue };
                    items.push(TestItem { doc, kind, span });
                }
                _ => {}
            }
        }
        Some(TestDecl { name: name?, items })
    }

    fn test_item(&mut self, body: Pair<Rule>) -> Option<TestItemKind> {
        let rule = body.as_rule();
        let mut inner = body.into_inner().filter(|p| !matches!(p.as_rule(), Rule::cw_month | Rule::cw_expect));
        Some(match rule {
            Rule::test_month => TestItemKind::Month(inner.next()?.as_str().to_string()),
            Rule::test_agent | Rule::test_incident => {
                let inner: Vec<_> = inner.filter(|p| !is_keyword(p.as_rule())).collect();
                let mut inner = inner.into_iter();
                let id = self.ident(inner.next()?);
                let mut fields = Vec::new();
                for a in inner {
                    let mut parts = a.into_inner();
                    let (Some(n), Some(e)) = (parts.next(), parts.next()) else { continue };
                    let n = self.ident(n);
                    fields.push((n, self.expr(e)?));
                }
                if rule == Rule::test_agent {
                    TestItemKind::Agent { id, fields }
                } else {
                    TestItemKind::Incident { agent: id, fields }
                }
            }
            _ => {
                let agent = self.ident(inner.next()?);
                let what = self.ident(inner.next()?);
                let op = cmp_op(inner.next()?.as_str())?;
                let value = self.expr(inner.next()?)?;
                TestItemKind::Expect { agent, what, op, value }
            }
        })
    }

    // ------------------------------------------------------------ expressions

    /// An expression. A whole expression nested deeper than [`MAX_EXPR_DEPTH`] is
    /// refused here, on the parser's large stack, so later stages never recurse deeply.
    fn expr(&mut self, pair: Pair<Rule>) -> Option<Expr> {
        self.depth += 1;
        let start = pair.as_span().start();
        let result = self.expr_inner(pair);
        self.depth -= 1;
        let e = result?;
        if self.depth == 0 && ast_depth(&e) > MAX_EXPR_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                self.diags.push(
                    Diagnostic::error(Code::TooDeep, format!("expression nested more than {MAX_EXPR_DEPTH} deep"))
                        .at(&Span::new(&self.source, start, start), "this expression")
                        .with_help("name parts of the expression with `let` and use the names"),
                );
            }
            return None;
        }
        Some(e)
    }

    fn expr_inner(&mut self, pair: Pair<Rule>) -> Option<Expr> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::paren => {
                let inner = pair.into_inner().next()?;
                let e = self.expr(inner)?;
                Some(Expr { kind: ExprKind::Paren(Box::new(e)), span })
            }
            Rule::expr | Rule::primary if pair.clone().into_inner().count() == 1 => {
                let inner = pair.into_inner().next()?;
                self.expr(inner)
            }
            Rule::if_expr => {
                let mut parts = pair.into_inner().filter(|p| p.as_rule() == Rule::expr);
                let (c, a, b) = (parts.next()?, parts.next()?, parts.next()?);
                let (c, a, b) = (self.expr(c)?, self.expr(a)?, self.expr(b)?);
                Some(Expr { kind: ExprKind::If(Box::new(c), Box::new(a), Box::new(b)), span })
            }
            Rule::or_expr | Rule::and_expr | Rule::add_expr | Rule::mul_expr => self.binary_chain(pair),
            Rule::not_expr | Rule::unary_expr => {
                let mut inner = pair.into_inner();
                let first = inner.next()?;
                match first.as_rule() {
                    Rule::op_not => {
                        let e = self.expr(inner.next()?)?;
                        Some(Expr { kind: ExprKind::Not(Box::new(e)), span })
                    }
                    Rule::op_neg => {
                        let e = self.expr(inner.next()?)?;
                        Some(Expr { kind: ExprKind::Neg(Box::new(e)), span })
                    }
                    _ => self.expr(first),
                }
            }
            Rule::cmp_expr => {
                let mut inner = pair.into_inner();
                let mut lhs = self.expr(inner.next()?)?;
                let mut compared = false;
                while let Some(op) = inner.next() {
                    let rhs = self.expr(inner.next()?)?;
                    if compared {
                        // Reported once; the first comparison stands, so nothing cascades.
                        let op_span = self.span(&op);
                        self.diags.push(
                            Diagnostic::error(Code::Syntax, "comparisons cannot be chained")
                                .at(&op_span, "a second comparison")
                                .with_help("join two comparisons with `and`: `a < b and b < c`"),
                        );
                        break;
                    }
                    compared = true;
                    let kind = ExprKind::Compare(cmp_op(op.as_str())?, Box::new(lhs), Box::new(rhs));
                    lhs = Expr { kind, span: span.clone() };
                }
                Some(lhs)
            }
            Rule::postfix_expr => {
                let mut inner = pair.into_inner();
                let mut e = self.expr(inner.next()?)?;
                for field in inner {
                    let field = self.ident(field);
                    let span = e.span.to(&field.span);
                    e = Expr { kind: ExprKind::Field(Box::new(e), field), span };
                }
                Some(e)
            }
            Rule::call => {
                let mut inner = pair.into_inner();
                let name = self.ident(inner.next()?);
                let mut args = Vec::new();
                for a in inner {
                    args.push(self.expr(a)?);
                }
                Some(Expr { kind: ExprKind::Call(name, args), span })
            }
            Rule::name => Some(Expr { kind: ExprKind::Name(pair.as_str().to_string()), span }),
            Rule::kw_true => Some(Expr { kind: ExprKind::Bool(true), span }),
            Rule::kw_false => Some(Expr { kind: ExprKind::Bool(false), span }),
            Rule::kw_tier => Some(Expr { kind: ExprKind::Tier, span }),
            Rule::kw_points => Some(Expr { kind: ExprKind::Points, span }),
            Rule::kw_compensation => Some(Expr { kind: ExprKind::Compensation, span }),
            Rule::kw_agent => Some(Expr { kind: ExprKind::Agent, span }),
            Rule::kw_incident => Some(Expr { kind: ExprKind::Incident, span }),
            Rule::string => Some(Expr { kind: ExprKind::Text(self.string(pair).value), span }),
            Rule::date => Some(Expr { kind: ExprKind::Date(self.date(&pair)?), span }),
            Rule::number => Some(Expr { kind: ExprKind::Number(self.number(&pair)?), span }),
            Rule::percent => {
                let n = self.number(&pair.into_inner().next()?)?;
                let n = n.checked_div(Decimal::ONE_HUNDRED)?;
                Some(Expr { kind: ExprKind::Percent(n), span })
            }
            Rule::quantity => {
                let mut inner = pair.into_inner();
                let n = self.number(&inner.next()?)?;
                let unit = unit(inner.next()?.as_str())?;
                Some(Expr { kind: ExprKind::Quantity(n, unit), span })
            }
            Rule::hole => {
                let u = pair.into_inner().find(|p| p.as_rule() == Rule::unit).and_then(|p| unit(p.as_str()));
                Some(Expr { kind: ExprKind::Hole(u), span })
            }
            _ => {
                let inner = pair.into_inner().next()?;
                self.expr(inner)
            }
        }
    }

    /// `a op b op c`, associating to the left.
    fn binary_chain(&mut self, pair: Pair<Rule>) -> Option<Expr> {
        let mut inner = pair.into_inner();
        let mut lhs = self.expr(inner.next()?)?;
        while let Some(op) = inner.next() {
            let rhs = self.expr(inner.next()?)?;
            let span = lhs.span.to(&rhs.span);
            let (l, r) = (Box::new(lhs), Box::new(rhs));
            let kind = match (op.as_rule(), op.as_str()) {
                (Rule::op_or, _) => ExprKind::Or(l, r),
                (Rule::op_and, _) => ExprKind::And(l, r),
                (_, "+") => ExprKind::Binary(BinOp::Add, l, r),
                (_, "-") => ExprKind::Binary(BinOp::Sub, l, r),
                (_, "*") => ExprKind::Binary(BinOp::Mul, l, r),
                _ => ExprKind::Binary(BinOp::Div, l, r),
            };
            lhs = Expr { kind, span };
        }
        Some(lhs)
    }

    fn number(&mut self, pair: &Pair<Rule>) -> Option<Decimal> {
        let text: String = pair.as_str().chars().filter(|c| *c != '_').collect();
        match Decimal::from_str(&text) {
            Ok(n) => Some(n),
            Err(_) => {
                let span = self.span(pair);
                self.diags.push(
                    Diagnostic::error(Code::Syntax, format!("the number `{}` is too large", pair.as_str()))
                        .at(&span, "more than 28 significant digits")
                        .with_help("numbers are exact decimals of at most 28 digits"),
                );
                Some(Decimal::ZERO)
            }
        }
    }
}

/// The end of the code in `text[start..end]`: trailing blanks and a trailing `//`
/// comment (outside strings) are not part of a construct.
fn code_end(text: &str, start: usize, mut end: usize) -> usize {
    loop {
        let Some(part) = text.get(start..end) else { return end };
        let trimmed = part.trim_end_matches([' ', '\t', '\r', '\n']);
        end = start + trimmed.len();
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let line = trimmed.get(line_start..).unwrap_or("");
        let mut in_string = false;
        let mut escaped = false;
        let mut cut = None;
        for (i, c) in line.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '/' if !in_string && line.get(i..).is_some_and(|r| r.starts_with("//")) => {
                    cut = Some(i);
                    break;
                }
                _ => {}
            }
        }
        match cut {
            Some(i) => end = start + line_start + i,
            None => return end,
        }
    }
}

/// How deep an expression tree is.
fn ast_depth(e: &Expr) -> usize {
    1 + match &e.kind {
        ExprKind::Field(x, _) | ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::Paren(x) => ast_depth(x),
        ExprKind::Binary(_, a, b) | ExprKind::Compare(_, a, b) | ExprKind::And(a, b) | ExprKind::Or(a, b) => {
            ast_depth(a).max(ast_depth(b))
        }
        ExprKind::If(c, a, b) => ast_depth(c).max(ast_depth(a)).max(ast_depth(b)),
        ExprKind::Call(_, args) => args.iter().map(ast_depth).max().unwrap_or(0),
        _ => 0,
    }
}

fn inner_of(pair: Pair<Rule>, rule: Rule) -> Option<Pair<Rule>> {
    pair.into_inner().find(|p| p.as_rule() == rule)
}

fn cmp_op(text: &str) -> Option<CmpOp> {
    Some(match text {
        "<" => CmpOp::Lt,
        "<=" => CmpOp::Le,
        ">" => CmpOp::Gt,
        ">=" => CmpOp::Ge,
        "==" => CmpOp::Eq,
        "!=" => CmpOp::Ne,
        _ => return None,
    })
}

/// A unit spelling: one word, or `word/word` for a rate.
pub fn unit(spelling: &str) -> Option<Unit> {
    let (num, den) = match spelling.split_once('/') {
        Some((n, d)) => (UnitWord::parse(n)?, Some(UnitWord::parse(d)?)),
        None => (UnitWord::parse(spelling)?, None),
    };
    Some(Unit { num, den, spelling: spelling.to_string() })
}

fn is_keyword(rule: Rule) -> bool {
    format!("{rule:?}").starts_with("kw_")
}

// ---------------------------------------------------------------- grammar errors

/// After a grammar error, parses each top-level declaration on its own (the rest of the
/// text blanked, so offsets stay the same) to report the syntax errors of every
/// declaration, not only the first.
fn recover(source: &Arc<Source>, text: &str, first: &pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let chunks = declaration_chunks(text);
    let mut diags = Vec::new();
    if chunks.len() > 1 {
        for (start, end) in chunks {
            let blanked = blank_outside(text, start, end);
            if let Err(err) = KaoheGrammar::parse(Rule::file, &blanked) {
                diags.push(match unclosed_brace(text, start, end) {
                    Some(at) => Diagnostic::error(Code::Syntax, "this `{` is never closed")
                        .at(&Span::new(source, at, at + 1), "block opened here")
                        .with_help("add `}` where the block ends, before the next declaration"),
                    None => grammar_error(source, &blanked, &err),
                });
            }
        }
    }
    if diags.is_empty() {
        diags.push(grammar_error(source, text, first));
    }
    diags
}

const DECL_WORDS: [&str; 11] =
    ["policy", "agent", "incident", "tier", "severity", "violation", "escalation", "let", "table", "pay", "test"];

/// Byte ranges of the top-level declarations: a declaration starts on a line at brace
/// depth 0 (or at column 0) whose first word is a declaration keyword, together with the
/// doc comment lines right above it.
fn declaration_chunks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut depth = 0i64;
    let mut offset = 0;
    let mut doc_start: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let at_col0 = trimmed.len() == line.len();
        let word: String = trimmed.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let is_decl = DECL_WORDS.contains(&word.as_str());
        if trimmed.starts_with("///") && depth == 0 {
            doc_start.get_or_insert(offset);
        } else if is_decl && (depth == 0 || at_col0) {
            depth = 0;
            starts.push(doc_start.take().unwrap_or(offset));
        } else if !trimmed.is_empty() {
            doc_start = None;
        }
        depth += brace_balance(line);
        offset += line.len();
    }
    let mut chunks = Vec::new();
    for (i, s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(text.len());
        chunks.push((*s, e));
    }
    chunks
}

/// The last `{` in `text[start..end]` without its `}`, outside strings and comments.
fn unclosed_brace(text: &str, start: usize, end: usize) -> Option<usize> {
    let mut open = Vec::new();
    let mut offset = start;
    for line in text.get(start..end)?.split_inclusive('\n') {
        let mut in_string = false;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' if in_string => {
                    chars.next();
                }
                '"' => in_string = !in_string,
                '/' if !in_string && chars.peek().map(|p| p.1) == Some('/') => break,
                '{' if !in_string => open.push(offset + i),
                '}' if !in_string => {
                    open.pop();
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    open.last().copied()
}

/// `{` minus `}` on one line, outside strings and comments.
fn brace_balance(line: &str) -> i64 {
    let mut n = 0;
    let mut in_string = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            '/' if !in_string && chars.peek() == Some(&'/') => break,
            '{' if !in_string => n += 1,
            '}' if !in_string => n -= 1,
            _ => {}
        }
    }
    n
}

/// The text with everything outside `start..end` turned into spaces (line breaks kept),
/// byte for byte.
fn blank_outside(text: &str, start: usize, end: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if (start..end).contains(&i) || c == '\n' {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out
}

fn grammar_error(source: &Arc<Source>, text: &str, err: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = match err.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let found = describe_found(text, pos);
    let end = pos + found.1;
    let span = Span::new(source, pos, end);
    let expected = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => expected_list(positives),
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    let message = if expected.is_empty() {
        format!("unexpected {}", found.0)
    } else {
        format!("expected {expected}, found {}", found.0)
    };
    if let Some(d) = known_mistake(source, text, pos, &found.0, &expected) {
        return d;
    }
    let mut d = Diagnostic::error(Code::Syntax, message).at(&span, format!("unexpected {}", found.0));
    if let Some(help) = syntax_help(text, pos) {
        d = d.with_help(help);
    } else if expected.contains("`draft`") {
        let word = found.0.trim_matches('`');
        if let Some(s) = crate::diag::closest(word, ["draft", "active"]) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
    }
    d
}

/// The reserved words: never a name.
pub const KEYWORDS: [&str; 30] = [
    "policy",
    "version",
    "effective",
    "issued_by",
    "interpreted_by",
    "status",
    "draft",
    "active",
    "agent",
    "incident",
    "tier",
    "requires",
    "severity",
    "violation",
    "escalation",
    "points",
    "compensation",
    "when",
    "let",
    "table",
    "else",
    "pay",
    "if",
    "then",
    "and",
    "or",
    "not",
    "true",
    "false",
    "TBD",
];

/// Mistakes policy authors make often, each with a message of its own.
fn known_mistake(source: &Arc<Source>, text: &str, pos: usize, found: &str, expected: &str) -> Option<Diagnostic> {
    let word = found.strip_prefix('`').and_then(|f| f.strip_suffix('`')).unwrap_or(found);
    let line_start = text.get(..pos)?.rfind('\n').map_or(0, |i| i + 1);
    let before_on_line = text.get(line_start..pos)?;
    let before = text.get(..pos)?.trim_end_matches([' ', '\t']);
    let rest = text.get(pos..)?;
    let at = |start: usize, end: usize| Span::new(source, start, end);
    let found_span = at(pos, pos + word.len().min(rest.len()));

    // A doc comment with nothing after it.
    if word == "}" || found == "end of file" {
        let prev = text.get(..line_start)?.trim_end();
        let prev_start = prev.rfind('\n').map_or(0, |i| i + 1);
        if prev.get(prev_start..)?.trim_start().starts_with("///") {
            let doc_at = prev_start + prev.get(prev_start..)?.len() - prev.get(prev_start..)?.trim_start().len();
            return Some(
                Diagnostic::error(Code::Syntax, "this doc comment documents nothing")
                    .at(&at(doc_at, prev.len()), "nothing follows it")
                    .with_help("a `///` doc comment stands right before a declaration or an item; remove it, or write `//` for a plain comment"),
            );
        }
    }
    // A line that begins with an operator does not continue the line above.
    let operators = ["-", "+", "*", "/", "and", "or", ">", "<", ">=", "<=", "==", "!="];
    if before_on_line.trim().is_empty()
        && line_start > 0
        && operators.iter().any(|o| rest.starts_with(o) && (word == *o || o.len() == 1 && word.starts_with(o)))
    {
        let op = operators.iter().filter(|o| rest.starts_with(**o)).max_by_key(|o| o.len()).copied().unwrap_or(word);
        return Some(
            Diagnostic::error(Code::Syntax, format!("a line cannot begin with `{op}`"))
                .at(&at(pos, pos + op.len()), "this starts a new item")
                .with_help(format!("an expression goes on to the next line only after an operator or inside brackets: move `{op}` to the end of the line above, or put the whole expression in `( )`")),
        );
    }
    // A keyword where a name is wanted.
    if expected.contains("a name") && KEYWORDS.contains(&word) {
        return Some(
            Diagnostic::error(Code::Syntax, format!("`{word}` is a keyword and cannot be used as a name"))
                .at(&found_span, "a keyword")
                .with_help(format!("choose another name, e.g. `{word}1` or a Chinese name")),
        );
    }
    // `points: 10 分` for `points = 10 分`.
    if matches!(word, "points" | "compensation") && rest.get(word.len()..)?.trim_start().starts_with(':') {
        let colon = pos + word.len() + (rest.get(word.len()..)?.len() - rest.get(word.len()..)?.trim_start().len());
        return Some(
            Diagnostic::error(Code::Syntax, format!("expected `=` after `{word}`, found `:`"))
                .at(&at(colon, colon + 1), "`:` declares a field's type")
                .with_help(format!("give the item its value with `=`: `{word} = …`")),
        );
    }
    // `->` in a table row.
    if rest.starts_with('>') && before.ends_with('-') && expected.contains("an expression") {
        return Some(
            Diagnostic::error(Code::Syntax, "expected `=>` between a table row's condition and its value")
                .at(&at(pos - 1, pos + 1), "`->` here")
                .with_help("write each row as `condition => value`"),
        );
    }
    // `2 年终奖`: a name right after a number.
    if word.chars().next().is_some_and(char::is_alphabetic)
        && before.ends_with(|c: char| c.is_ascii_digit())
        && !before_on_line.trim().is_empty()
    {
        let number: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Some(
            Diagnostic::error(Code::Syntax, format!("unexpected `{word}` after the number `{number}`"))
                .at(&found_span, "a name after a number")
                .with_help(format!(
                    "to multiply, write `{number} * {word}`; a unit is read only when no other letter follows it"
                )),
        );
    }
    None
}

/// What stands at `pos`, for the message, and how many bytes to underline.
fn describe_found(text: &str, pos: usize) -> (String, usize) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(c) = rest.chars().next() else { return ("end of file".into(), 0) };
    if c == '\n' || c == '\r' {
        return ("end of line".into(), 0);
    }
    let word: String = rest.chars().take_while(|c| unicode_ident_char(*c)).collect();
    if !word.is_empty() {
        return (format!("`{word}`"), word.len());
    }
    (format!("`{c}`"), c.len_utf8())
}

fn unicode_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn syntax_help(text: &str, pos: usize) -> Option<String> {
    let before = text.get(..pos)?.trim_end_matches([' ', '\t']);
    let rest = text.get(pos..)?;
    if rest.starts_with('=')
        && !rest.starts_with("==")
        && !rest.starts_with("=>")
        && before.ends_with(|c: char| unicode_ident_char(c))
    {
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.get(line_start..)?.trim();
        if line.starts_with("when") || line.starts_with("requires") || line.starts_with("if") {
            return Some("compare with `==`; a single `=` gives a name its value".into());
        }
    }
    if rest.starts_with('%') {
        return Some("write a percentage with no space: `20%`".into());
    }
    None
}

/// Friendly names for the grammar's rules in "expected …" messages.
fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::ident | Rule::name | Rule::field_name => "a name",
        Rule::expr
        | Rule::primary
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::cmp_expr
        | Rule::add_expr
        | Rule::mul_expr
        | Rule::unary_expr
        | Rule::postfix_expr => "an expression",
        Rule::string => "a string",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::month_lit => "a month (YYYY-MM)",
        Rule::number | Rule::quantity | Rule::percent => "a number",
        Rule::unit | Rule::unit_word => "a unit",
        Rule::type_name => "a type",
        Rule::decl | Rule::docs => "a declaration",
        Rule::policy_item => "a policy item (version, effective, issued_by, interpreted_by, status)",
        Rule::field => "a field (`name: type`)",
        Rule::tier_item => "a tier attribute or `requires`",
        Rule::rule_item => "`severity`, `points =`, `when` or `compensation =`",
        Rule::table_row => "a table row (`condition => value` or `else => value`)",
        Rule::pay_line => "a pay line (`name = expression`)",
        Rule::test_item => "`month`, `agent`, `incident` or `expect`",
        Rule::param => "a parameter (`name: type`)",
        Rule::status_value => "`draft` or `active`",
        Rule::cmp_op => "a comparison",
        Rule::add_op | Rule::mul_op | Rule::op_and | Rule::op_or => "an operator",
        Rule::record_id => "an agent id",
        Rule::assign => "`field = value`",
        Rule::kw_then => "`then`",
        Rule::kw_else => "`else`",
        Rule::kw_status => "`status`",
        _ => return None,
    })
}

fn expected_list(rules: &[Rule]) -> String {
    let mut names: Vec<String> = Vec::new();
    for r in rules {
        let name = match rule_name(*r) {
            Some(n) => n.to_string(),
            None => {
                let debug = format!("{r:?}");
                match debug.strip_prefix("kw_").or_else(|| debug.strip_prefix("cw_")) {
                    Some(k) => format!("`{k}`"),
                    None => continue,
                }
            }
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    match names.len() {
        0 => String::new(),
        1 => names.remove(0),
        _ => {
            let last = names.pop().unwrap_or_default();
            format!("{} or {last}", names.join(", "))
        }
    }
}
