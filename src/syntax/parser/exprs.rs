//! Expressions and literals, from pest pairs.
//!
//! One function per grammar rule of the expression grammar (loosest first: `if_expr`,
//! `or_expr` … `postfix_expr`, `primary`), and one per literal. A literal's value is
//! decoded here; a bad one (a day that does not exist, too many digits, an unknown
//! escape) is reported and replaced by a placeholder, so the declaration around it is
//! still built and checked. Expression nesting is bounded by [`MAX_EXPR_DEPTH`].

use std::str::FromStr;

use chrono::NaiveDate;
use pest::iterators::Pair;
use rust_decimal::Decimal;

use super::Builder;
use crate::diag::{Code, Diagnostic};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::grammar::Rule;
use crate::syntax::keywords::Place;

/// The deepest expression tree the builder accepts.
pub const MAX_EXPR_DEPTH: usize = 256;

impl Builder {
    /// `expr`. A whole expression nested deeper than [`MAX_EXPR_DEPTH`] is refused here,
    /// on the parser's large stack, so later stages never recurse deeply.
    pub(super) fn expr(&mut self, pair: Pair<Rule>) -> Option<Expr> {
        self.depth += 1;
        let start = pair.as_span().start();
        let result = self.expr_inner(pair);
        self.depth -= 1;
        let e = result?;
        if self.depth == 0 && ast_depth(&e) > MAX_EXPR_DEPTH {
            if !self.too_deep {
                self.too_deep = true;
                self.diags.push(
                    Diagnostic::error(Code::TooDeep, tr!("syntax-expression-too-deep", max = MAX_EXPR_DEPTH))
                        .at(&Span::new(&self.source, start, start), tr!("syntax-expression-too-deep-label"))
                        .with_help(tr!("layout-name-parts-help")),
                );
            }
            return None;
        }
        Some(e)
    }

    /// Any pair of the expression grammar, by its rule.
    fn expr_inner(&mut self, pair: Pair<Rule>) -> Option<Expr> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::paren => ExprKind::Paren(Box::new(self.expr(pair.into_inner().next()?)?)),
            Rule::expr | Rule::primary if pair.clone().into_inner().count() == 1 => {
                return self.expr(pair.into_inner().next()?);
            }
            Rule::if_expr => self.if_expr(pair)?,
            Rule::or_expr | Rule::and_expr | Rule::add_expr | Rule::mul_expr => return self.binary_chain(pair),
            Rule::not_expr | Rule::unary_expr => return self.prefix_expr(pair, span),
            Rule::cmp_expr => return self.cmp_expr(pair, span),
            Rule::postfix_expr => return self.postfix_expr(pair),
            Rule::call | Rule::subtotal => self.call(pair)?,
            Rule::name => ExprKind::Name(self.ident(pair).name),
            Rule::kw_true => ExprKind::Bool(true),
            Rule::kw_false => ExprKind::Bool(false),
            Rule::kw_tier => ExprKind::Tier,
            Rule::kw_points => ExprKind::Points,
            Rule::kw_compensation => ExprKind::Compensation,
            Rule::kw_agent => ExprKind::Agent,
            Rule::kw_incident => ExprKind::Incident,
            Rule::string => ExprKind::Text(self.string(pair).value),
            Rule::date => ExprKind::Date(self.date(&pair)?),
            Rule::number => ExprKind::Number(self.number(&pair)?),
            Rule::percent => self.percent(pair)?,
            Rule::quantity => self.quantity(pair)?,
            Rule::hole => hole(pair),
            _ => return self.expr(pair.into_inner().next()?),
        };
        Some(Expr { kind, span })
    }

    /// `if_expr`: `if c then a else b`.
    fn if_expr(&mut self, pair: Pair<Rule>) -> Option<ExprKind> {
        let mut parts = pair.into_inner().filter(|p| p.as_rule() == Rule::expr);
        let (c, a, b) = (parts.next()?, parts.next()?, parts.next()?);
        let (c, a, b) = (self.expr(c)?, self.expr(a)?, self.expr(b)?);
        Some(ExprKind::If(Box::new(c), Box::new(a), Box::new(b)))
    }

    /// `or_expr`, `and_expr`, `add_expr`, `mul_expr`: `a op b op c`, associating to the left.
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

    /// `not_expr` or `unary_expr`: `not x`, `-x`, or the tighter expression alone.
    fn prefix_expr(&mut self, pair: Pair<Rule>, span: Span) -> Option<Expr> {
        let mut inner = pair.into_inner();
        let first = inner.next()?;
        let kind = match first.as_rule() {
            Rule::op_not => ExprKind::Not(Box::new(self.expr(inner.next()?)?)),
            Rule::op_neg => ExprKind::Neg(Box::new(self.expr(inner.next()?)?)),
            _ => return self.expr(first),
        };
        Some(Expr { kind, span })
    }

    /// `cmp_expr`: one comparison; a second one is reported, not built.
    fn cmp_expr(&mut self, pair: Pair<Rule>, span: Span) -> Option<Expr> {
        let mut inner = pair.into_inner();
        let first = self.expr(inner.next()?)?;
        let mut links: Vec<(CmpOp, Expr, Span)> = Vec::new();
        while let Some(op) = inner.next() {
            let rhs = self.expr(inner.next()?)?;
            links.push((cmp_op(op.as_str())?, rhs, self.span(&op)));
        }
        let ascending = links.iter().all(|(op, _, _)| matches!(op, CmpOp::Lt | CmpOp::Le));
        let descending = links.iter().all(|(op, _, _)| matches!(op, CmpOp::Gt | CmpOp::Ge));
        if links.len() > 1 && !(ascending || descending) {
            // Reported once; the first comparison stands, so nothing cascades.
            let equality = links.iter().any(|(op, _, _)| matches!(op, CmpOp::Eq | CmpOp::Ne));
            let second = links.get(1).map_or_else(|| span.clone(), |l| l.2.clone());
            let (message, label, help) = if equality {
                (
                    tr!("syntax-equality-chained"),
                    tr!("syntax-equality-chained-label"),
                    tr!("syntax-equality-chained-help"),
                )
            } else {
                (tr!("syntax-chain-turns"), tr!("syntax-chain-turns-label"), tr!("syntax-chain-turns-help"))
            };
            self.diags.push(Diagnostic::error(Code::Syntax, message).at(&second, label).with_help(help));
            links.truncate(1);
        }
        let mut links = links.into_iter();
        let Some((op, rhs, _)) = links.next() else { return Some(first) };
        let rest: Vec<(CmpOp, Expr)> = links.map(|(op, e, _)| (op, e)).collect();
        let kind = if rest.is_empty() {
            ExprKind::Compare(op, Box::new(first), Box::new(rhs))
        } else {
            ExprKind::Chain(Box::new(first), std::iter::once((op, rhs)).chain(rest).collect())
        };
        Some(Expr { kind, span })
    }

    /// `postfix_expr`: `x.field.field`.
    fn postfix_expr(&mut self, pair: Pair<Rule>) -> Option<Expr> {
        let mut inner = pair.into_inner();
        let mut e = self.expr(inner.next()?)?;
        for field in inner {
            let place = match e.kind {
                ExprKind::Agent => Some(Place::AgentField),
                ExprKind::Incident => Some(Place::IncidentField),
                _ => None,
            };
            let field = self.name_at(field, place);
            let span = e.span.to(&field.span);
            e = Expr { kind: ExprKind::Field(Box::new(e), field), span };
        }
        Some(e)
    }

    /// `call`: `name(arg, …)`.
    fn call(&mut self, pair: Pair<Rule>) -> Option<ExprKind> {
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next()?);
        let mut args = Vec::new();
        let mut filter = None;
        for a in inner {
            if a.as_rule() == Rule::filter {
                let c = a.into_inner().find(|p| p.as_rule() == Rule::expr)?;
                filter = Some(Box::new(self.expr(c)?));
            } else {
                args.push(self.expr(a)?);
            }
        }
        Some(match filter {
            Some(c) => ExprKind::Filtered(name, args, c),
            None => ExprKind::Call(name, args),
        })
    }

    // ------------------------------------------------------------ literals

    /// `string`: the value with its escapes decoded.
    pub(super) fn string(&mut self, pair: Pair<Rule>) -> StringLit {
        let span = self.span(&pair);
        // The inside as written: a full-width opening quote (`“`) reaches the grammar as
        // `"` and two spaces, which are not part of the text.
        let written = self.source.text().get(span.start..span.end).unwrap_or("");
        let mut quotes = written.chars();
        let (open, close) = (quotes.next().map_or(1, char::len_utf8), quotes.next_back().map_or(1, char::len_utf8));
        let raw = written.get(open..written.len().saturating_sub(close).max(open)).unwrap_or("");
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
                        Diagnostic::error(Code::Syntax, tr!("syntax-unknown-escape", escape = shown.to_string()))
                            .at(&span, tr!("syntax-unknown-escape-label"))
                            .with_help(tr!("syntax-unknown-escape-help")),
                    );
                }
            }
        }
        StringLit { value, span }
    }

    /// `date`. A day that does not exist is reported and read as a placeholder.
    pub(super) fn date(&mut self, pair: &Pair<Rule>) -> Option<NaiveDate> {
        let text = pair.as_str();
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                let span = self.span(pair);
                self.diags.push(
                    Diagnostic::error(Code::Syntax, tr!("syntax-not-a-date", text = text))
                        .at(&span, tr!("syntax-not-a-date-label"))
                        .with_help(tr!("syntax-not-a-date-help")),
                );
                Some(NaiveDate::MIN)
            }
        }
    }

    /// `number`. More digits than a decimal holds is reported and read as zero.
    fn number(&mut self, pair: &Pair<Rule>) -> Option<Decimal> {
        let text: String = pair.as_str().chars().filter(|c| *c != '_').collect();
        match Decimal::from_str(&text) {
            Ok(n) => Some(n),
            Err(_) => {
                let span = self.span(pair);
                self.diags.push(
                    Diagnostic::error(Code::Syntax, tr!("syntax-number-too-large", number = pair.as_str()))
                        .at(&span, tr!("syntax-number-too-large-label"))
                        .with_help(tr!("syntax-number-too-large-help")),
                );
                Some(Decimal::ZERO)
            }
        }
    }

    /// `percent`: `20%` is the number 0.20.
    fn percent(&mut self, pair: Pair<Rule>) -> Option<ExprKind> {
        let n = self.number(&pair.into_inner().next()?)?;
        Some(ExprKind::Percent(n.checked_div(Decimal::ONE_HUNDRED)?))
    }

    /// `quantity`: a number and its unit.
    fn quantity(&mut self, pair: Pair<Rule>) -> Option<ExprKind> {
        let mut inner = pair.into_inner();
        let n = self.number(&inner.next()?)?;
        let unit = unit(inner.next()?.as_str())?;
        Some(ExprKind::Quantity(n, unit))
    }
}

/// `hole`: `TBD`, with or without a unit.
fn hole(pair: Pair<Rule>) -> ExprKind {
    let u = pair.into_inner().find(|p| p.as_rule() == Rule::unit).and_then(|p| unit(p.as_str()));
    ExprKind::Hole(u)
}

/// A unit spelling: one word, or `word/word` for a rate.
pub fn unit(spelling: &str) -> Option<Unit> {
    let word = |w: &str| UnitWord::parse(w).unwrap_or_else(|| UnitWord::Named(UnitName::intern(w)));
    let (num, den) = match spelling.split_once('/') {
        Some((n, d)) => (word(n), Some(word(d))),
        None => (word(spelling), None),
    };
    Some(Unit { num, den, spelling: spelling.to_string() })
}

/// `cmp_op`.
pub(super) fn cmp_op(text: &str) -> Option<CmpOp> {
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

/// How deep an expression tree is.
fn ast_depth(e: &Expr) -> usize {
    1 + match &e.kind {
        ExprKind::Field(x, _) | ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::Paren(x) => ast_depth(x),
        ExprKind::Binary(_, a, b) | ExprKind::Compare(_, a, b) | ExprKind::And(a, b) | ExprKind::Or(a, b) => {
            ast_depth(a).max(ast_depth(b))
        }
        ExprKind::If(c, a, b) => ast_depth(c).max(ast_depth(a)).max(ast_depth(b)),
        ExprKind::Call(_, args) => args.iter().map(ast_depth).max().unwrap_or(0),
        ExprKind::Filtered(_, args, c) => args.iter().map(ast_depth).max().unwrap_or(0).max(ast_depth(c)),
        ExprKind::Chain(first, rest) => rest.iter().map(|(_, e)| ast_depth(e)).max().unwrap_or(0).max(ast_depth(first)),
        _ => 0,
    }
}
