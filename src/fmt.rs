//! The canonical layout of a policy (`kaohe fmt`).
//!
//! One layout, whatever the input's: two spaces of indentation, one item per line, one
//! blank line between declarations (consecutive `severity` and `let` lines stay
//! together), `=` aligned within a block (`:` and `=` in record schemas, `=>` in tables),
//! single spaces around operators, a space between a number and its unit. What the author
//! chose is kept: unit spellings (`分` or `points`), number and string literals as
//! written, brackets, doc comments and `//` comments, each next to the item it stood by.
//!
//! The result parses to the same tree (spans aside) and formatting it again changes
//! nothing; both are tested on generated policies.

use std::sync::Arc;

use unicode_width::UnicodeWidthStr;

use crate::diag::Diagnostic;
use crate::source::{Source, Span};
use crate::syntax::ast::*;
use crate::syntax::dialect::COMPOUNDS;
use crate::syntax::keywords::{english_word, word_in, Dialect, Keyword, Place};
use crate::syntax::scan::{self, Region};

/// Formats a policy in its own dialect; `Err` with the syntax diagnostics when it does
/// not parse.
pub fn format_source(source: &Arc<Source>) -> Result<String, Vec<Diagnostic>> {
    format_source_in(source, None)
}

/// Formats a policy in `dialect` (its own when `None`): converting between dialects
/// keeps comments, doc comments, literals and unit spellings.
pub fn format_source_in(source: &Arc<Source>, dialect: Option<Dialect>) -> Result<String, Vec<Diagnostic>> {
    let (file, diags) = crate::syntax::parse(source);
    match file {
        Some(file) if !diags.iter().any(Diagnostic::is_error) => {
            Ok(format_file_in(source, &file, dialect.unwrap_or(file.dialect)))
        }
        _ => Err(diags),
    }
}

/// A `//` comment of the source.
struct Comment {
    start: usize,
    text: String,
    /// Code stands before it on its line.
    trailing: bool,
}

/// The `//` comments of the text (doc comments are in the tree), each with whether code
/// stands before it on its line.
fn comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut line_has_code = false;
    for segment in scan::segments(text) {
        let part = segment.text(text);
        match segment.region {
            Region::Comment => {
                out.push(Comment { start: segment.start, text: part.trim_end().to_string(), trailing: line_has_code });
            }
            Region::DocComment => {}
            Region::String { .. } => line_has_code = true,
            Region::Code => match part.rfind('\n') {
                Some(i) => line_has_code = has_code(part.get(i + 1..).unwrap_or("")),
                None => line_has_code |= has_code(part),
            },
        }
    }
    out
}

fn has_code(part: &str) -> bool {
    part.chars().any(|c| !matches!(c, ' ' | '\t' | '\r'))
}

struct Printer<'a> {
    text: &'a str,
    /// The spelling of the keywords written.
    dialect: Dialect,
    out: String,
    comments: Vec<Comment>,
    next_comment: usize,
    indent: usize,
}

/// One line of a block whose columns are aligned: `left` is padded to the widest left
/// part of its group, then `sep`, then `right`.
struct Row {
    doc: Doc,
    left: String,
    sep: &'static str,
    right: String,
    start: usize,
    end: usize,
}

impl Row {
    fn plain(doc: &Doc, line: String, span: &Span) -> Row {
        Row { doc: doc.clone(), left: line, sep: "", right: String::new(), start: span.start, end: span.end }
    }

    fn pair(doc: &Doc, left: String, sep: &'static str, right: String, span: &Span) -> Row {
        Row { doc: doc.clone(), left, sep, right, start: span.start, end: span.end }
    }
}

pub fn format_file(source: &Arc<Source>, file: &PolicyFile) -> String {
    format_file_in(source, file, file.dialect)
}

pub fn format_file_in(source: &Arc<Source>, file: &PolicyFile, dialect: Dialect) -> String {
    let text = source.text();
    let mut p = Printer { text, dialect, out: String::new(), comments: comments(text), next_comment: 0, indent: 0 };
    let mut previous: Option<&Decl> = None;
    for decl in &file.decls {
        if let Some(prev) = previous {
            let grouped = matches!(
                (&prev.kind, &decl.kind),
                (
                    DeclKind::Severity(SeverityDecl { items: None, .. }),
                    DeclKind::Severity(SeverityDecl { items: None, .. })
                ) | (DeclKind::Let(_), DeclKind::Let(_))
            ) && decl.doc.is_empty()
                && !p.comment_before(decl.span.start);
            if !grouped {
                p.out.push('\n');
            }
        }
        p.leading(decl.span.start);
        p.doc(&decl.doc);
        p.decl(decl);
        previous = Some(decl);
    }
    p.leading(text.len());
    let mut out = p.out.trim_end().to_string();
    out.push('\n');
    out
}

impl Printer<'_> {
    /// One item of a violation, an escalation or a severity.
    fn rule_row(&self, i: &RuleItem) -> Row {
        let kw = self.kw(i.kind.introducer());
        match &i.kind {
            RuleItemKind::Severity(s) => Row::plain(&i.doc, format!("{kw} {}", self.name(s)), &i.span),
            RuleItemKind::When(e) => Row::plain(&i.doc, format!("{kw} {}", self.expr(e)), &i.span),
            RuleItemKind::Points(e) | RuleItemKind::Compensation(e) | RuleItemKind::Fine(e) => {
                Row::pair(&i.doc, kw.into(), "=", self.expr(e), &i.span)
            }
            RuleItemKind::Cap(cap) => {
                let what = format!("{kw} {}", self.kw(cap.amount.keyword()));
                let value = match &cap.period {
                    Some((period, _)) => format!("{} {}", self.expr(&cap.limit), period_text(*period, self.dialect)),
                    None => self.expr(&cap.limit),
                };
                Row::pair(&i.doc, what, "=", value, &i.span)
            }
        }
    }

    fn kw(&self, keyword: Keyword) -> &'static str {
        keyword.spelling_in(self.dialect)
    }

    /// A record field's line: `name: type = default from "header" | …`, or for a
    /// built-in field only `name from "header"` (named as after `员工.`).
    fn field_row(&self, f: &Field, place: Place) -> Row {
        let Some(ty) = &f.ty else {
            let line = format!("{}{}", field_in(&f.name.name, Some(place), self.dialect), self.columns(&f.columns));
            return Row::plain(&f.doc, line, &f.span);
        };
        let left = if f.signed {
            format!("{}: {} {}", self.name(&f.name), self.kw(Keyword::Signed), self.ty(ty))
        } else {
            format!("{}: {}", self.name(&f.name), self.ty(ty))
        };
        match &f.default {
            Some(d) => Row::pair(&f.doc, left, "=", format!("{}{}", self.expr(d), self.columns(&f.columns)), &f.span),
            None => Row::plain(&f.doc, format!("{left}{}", self.columns(&f.columns)), &f.span),
        }
    }

    /// ` from "设备价值(元)" | "设备价值"`, or nothing when no header is declared.
    fn columns(&self, columns: &[StringLit]) -> String {
        if columns.is_empty() {
            return String::new();
        }
        let quoted: Vec<String> = columns.iter().map(|c| quoted_half_width(c.span.text())).collect();
        format!(" {} {}", self.kw(Keyword::From), quoted.join(" | "))
    }

    /// A name the policy declares, quoted (`「工资」`) where it spells a keyword.
    fn name(&self, n: &Ident) -> String {
        name_in(&n.name, None, self.dialect)
    }

    /// A type: its name in the dialect, or a choice with its values.
    fn ty(&self, t: &TypeName) -> String {
        match &t.choice {
            Some(values) => {
                let quoted: Vec<String> = values.iter().map(|v| quoted_half_width(v.span.text())).collect();
                format!("{} ({})", one_of_text(self.dialect), quoted.join(", "))
            }
            None => match Keyword::in_dialect(&t.name, Dialect::English) {
                Some(k @ (Keyword::Tier | Keyword::Severity | Keyword::Violation)) => self.kw(k).to_string(),
                _ => name_in(&t.name, Some(Place::Type), self.dialect),
            },
        }
    }

    fn pad(&mut self) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
    }

    fn line(&mut self, s: &str) {
        self.pad();
        self.out.push_str(s);
    }

    fn comment_before(&self, offset: usize) -> bool {
        self.comments.get(self.next_comment).is_some_and(|c| c.start < offset)
    }

    /// Emits the comments that stand before `offset`, each on its own line.
    fn leading(&mut self, offset: usize) {
        while let Some(c) = self.comments.get(self.next_comment) {
            if c.start >= offset {
                break;
            }
            let text = c.text.clone();
            self.line(&text);
            self.out.push('\n');
            self.next_comment += 1;
        }
    }

    /// Ends the current line, with the comment that followed `end` on its source line
    /// (and stands before `limit`, where the next construct begins).
    fn end_line(&mut self, end: usize) {
        self.end_line_before(end, usize::MAX);
    }

    fn end_line_before(&mut self, end: usize, limit: usize) {
        let line_end = self.text.get(end..).and_then(|t| t.find('\n')).map_or(self.text.len(), |n| end + n);
        let line_end = line_end.min(limit);
        while let Some(c) = self.comments.get(self.next_comment) {
            if c.trailing && c.start >= end && c.start < line_end {
                let text = c.text.clone();
                self.out.push_str("  ");
                self.out.push_str(&text);
                self.next_comment += 1;
            } else {
                break;
            }
        }
        self.out.push('\n');
    }

    fn doc(&mut self, doc: &Doc) {
        for l in &doc.lines {
            if l.is_empty() {
                self.line("///");
            } else {
                self.line(&format!("/// {l}"));
            }
            self.out.push('\n');
        }
    }

    /// Where the `{` after `from` is in the source.
    fn brace_after(&self, from: usize) -> usize {
        self.text.get(from..).and_then(|t| t.find('{')).map_or(from, |i| from + i + 1)
    }

    /// A block: the header line, aligned rows, the closing brace.
    fn block(&mut self, header: &str, header_end: usize, rows: Vec<Row>, end: usize) {
        self.line(header);
        if rows.is_empty() && !self.comment_before(end) {
            self.out.push_str(" {}");
            self.end_line(end);
            return;
        }
        self.out.push_str(" {");
        let first = rows.first().map_or(end, |r| r.start);
        self.end_line_before(self.brace_after(header_end), first);
        self.indent += 1;
        let width = rows.iter().filter(|r| !r.sep.is_empty()).map(|r| r.left.width()).max().unwrap_or(0);
        for (i, r) in rows.iter().enumerate() {
            let next = rows.get(i + 1).map_or(end, |n| n.start);
            self.leading(r.start);
            self.doc(&r.doc);
            if r.sep.is_empty() {
                self.line(&r.left);
            } else {
                let fill = " ".repeat(width.saturating_sub(r.left.width()));
                let line = format!("{}{fill} {} {}", r.left, r.sep, r.right);
                self.line(&line);
            }
            self.end_line_before(r.end, next);
        }
        self.leading(end.saturating_sub(1));
        self.indent -= 1;
        self.line("}");
        self.end_line(end);
    }

    fn decl(&mut self, decl: &Decl) {
        let end = decl.span.end;
        match &decl.kind {
            DeclKind::Policy(h) => {
                let rows = h.items.iter().map(|i| Row::plain(&i.doc, self.header_item(&i.kind), &i.span)).collect();
                let header = format!("{} {}", self.kw(Keyword::Policy), quoted_half_width(h.title.span.text()));
                self.block(&header, h.title.span.end, rows, end);
            }
            DeclKind::Agent(fields) | DeclKind::Incident(fields) => {
                let kw = self.kw(decl.kind.introducer());
                let place =
                    if matches!(decl.kind, DeclKind::Agent(_)) { Place::AgentField } else { Place::IncidentField };
                let rows = fields.iter().map(|f| self.field_row(f, place)).collect();
                self.block(kw, decl.span.start + kw.len(), rows, end);
            }
            DeclKind::Tier(t) => {
                let rows = t
                    .items
                    .iter()
                    .map(|i| match &i.kind {
                        TierItemKind::Attr(n, e) => Row::pair(&i.doc, self.name(n), "=", self.expr(e), &i.span),
                        TierItemKind::Requires(e) => {
                            Row::plain(&i.doc, format!("{} {}", self.kw(Keyword::Requires), self.expr(e)), &i.span)
                        }
                    })
                    .collect();
                self.block(&format!("{} {}", self.kw(Keyword::Tier), self.name(&t.name)), t.name.span.end, rows, end);
            }
            DeclKind::Severity(s) => {
                let header = format!("{} {}", self.kw(Keyword::Severity), self.name(&s.name));
                match &s.items {
                    None => {
                        self.line(&header);
                        self.end_line(end);
                    }
                    Some(items) => {
                        let rows = items.iter().map(|i| self.rule_row(i)).collect();
                        self.block(&header, s.name.span.end, rows, end);
                    }
                }
            }
            DeclKind::Violation(r) | DeclKind::Escalation(r) => {
                let rows = r.items.iter().map(|i| self.rule_row(i)).collect();
                let header = format!("{} {}", self.kw(decl.kind.introducer()), self.name(&r.name));
                self.block(&header, r.name.span.end, rows, end);
            }
            DeclKind::Let(l) => {
                let line = format!("{} {} = {}", self.kw(Keyword::Let), self.name(&l.name), self.expr(&l.value));
                self.line(&line);
                self.end_line(end);
            }
            DeclKind::Table(t) => {
                let params: Vec<String> =
                    t.params.iter().map(|p| format!("{}: {}", self.name(&p.name), self.ty(&p.ty))).collect();
                let kw = self.kw(Keyword::Table);
                let header = format!("{kw} {}({}) -> {}", self.name(&t.name), params.join(", "), self.ty(&t.ret));
                let rows = t
                    .rows
                    .iter()
                    .map(|r| {
                        let left = r.cond.as_ref().map_or_else(|| self.kw(Keyword::Else).to_string(), |c| self.expr(c));
                        Row::pair(&r.doc, left, "=>", self.expr(&r.value), &r.span)
                    })
                    .collect();
                self.block(&header, t.ret.span.end, rows, end);
            }
            DeclKind::Pay(lines) => {
                let rows = lines
                    .iter()
                    .map(|l| Row::pair(&l.doc, self.name(&l.name), "=", self.expr(&l.value), &l.span))
                    .collect();
                let kw = self.kw(Keyword::Pay);
                self.block(kw, decl.span.start + kw.len(), rows, end);
            }
            DeclKind::Unit(u) => {
                let mut line = format!("{} {}", self.kw(Keyword::Unit), self.name(&u.name));
                if !u.spellings.is_empty() {
                    let spellings: Vec<String> = u.spellings.iter().map(|s| self.name(s)).collect();
                    line.push_str(&format!(" ({})", spellings.join(", ")));
                }
                self.line(&line);
                self.end_line(end);
            }
            DeclKind::Test(t) => {
                let rows = t.items.iter().map(|i| Row::plain(&i.doc, self.test_item(&i.kind), &i.span)).collect();
                self.block(
                    &format!("{} {}", self.kw(Keyword::Test), quoted_half_width(t.name.span.text())),
                    t.name.span.end,
                    rows,
                    end,
                );
            }
        }
    }

    fn header_item(&self, kind: &HeaderItemKind) -> String {
        let kw = self.kw(kind.introducer());
        match kind {
            HeaderItemKind::Version(s) | HeaderItemKind::IssuedBy(s) | HeaderItemKind::InterpretedBy(s) => {
                format!("{kw} {}", quoted_half_width(s.span.text()))
            }
            HeaderItemKind::Effective(d) => format!("{kw} {d}"),
            HeaderItemKind::Status(Status::Draft) => format!("{kw} {}", self.kw(Keyword::Draft)),
            HeaderItemKind::Status(Status::Active) => format!("{kw} {}", self.kw(Keyword::Active)),
        }
    }

    fn test_item(&self, kind: &TestItemKind) -> String {
        test_item_in(kind, self.dialect)
    }

    fn expr(&self, e: &Expr) -> String {
        expr_in(e, self.dialect)
    }
}

/// An expression on one line, in the canonical layout (English keywords).
pub fn expr_text(e: &Expr) -> String {
    expr_in(e, Dialect::English)
}

/// One line of a worked example, in the canonical layout (English keywords).
pub fn test_item_text(kind: &TestItemKind) -> String {
    test_item_in(kind, Dialect::English)
}

fn expr_in(e: &Expr, d: Dialect) -> String {
    let kw = |k: Keyword| k.spelling_in(d);
    let x = |e: &Expr| expr_in(e, d);
    match &e.kind {
        ExprKind::Number(_) | ExprKind::Percent(_) => half_width(e.span.text()),
        ExprKind::Date(d) => d.format("%Y-%m-%d").to_string(),
        ExprKind::Text(_) => quoted_half_width(e.span.text()),
        ExprKind::Quantity(_, unit) => {
            let written = e.span.text();
            let number = written.strip_suffix(unit.spelling.as_str()).unwrap_or(written).trim_end();
            format!("{} {}", half_width(number), unit.spelling)
        }
        ExprKind::Hole(unit) => match unit {
            Some(u) => format!("{} {}", kw(Keyword::Tbd), u.spelling),
            None => kw(Keyword::Tbd).into(),
        },
        ExprKind::Bool(true) => kw(Keyword::True).into(),
        ExprKind::Bool(false) => kw(Keyword::False).into(),
        ExprKind::Name(n) => name_in(n, None, d),
        ExprKind::Tier => kw(Keyword::Tier).into(),
        ExprKind::Points => kw(Keyword::Points).into(),
        ExprKind::Compensation => kw(Keyword::Compensation).into(),
        ExprKind::Agent => kw(Keyword::Agent).into(),
        ExprKind::Incident => kw(Keyword::Incident).into(),
        ExprKind::Field(base, f) => {
            let place = match base.kind {
                ExprKind::Agent => Some(Place::AgentField),
                ExprKind::Incident => Some(Place::IncidentField),
                _ => None,
            };
            format!("{}.{}", x(base), field_in(&f.name, place, d))
        }
        ExprKind::Call(f, args) => {
            let args: Vec<String> = args.iter().map(x).collect();
            format!("{}({})", callee_in(&f.name, d), args.join(", "))
        }
        ExprKind::Filtered(f, args, c) => {
            let args: Vec<String> = args.iter().map(x).collect();
            format!("{}({} {} {})", callee_in(&f.name, d), args.join(", "), kw(Keyword::Where), x(c))
        }
        ExprKind::Neg(a) => format!("-{}", x(a)),
        ExprKind::Not(a) => format!("{} {}", kw(Keyword::Not), x(a)),
        ExprKind::Binary(op, a, b) => format!("{} {} {}", x(a), op.symbol(), x(b)),
        ExprKind::Compare(op, a, b) => format!("{} {} {}", x(a), op.symbol(), x(b)),
        ExprKind::Chain(first, rest) => {
            let mut out = x(first);
            for (op, e) in rest {
                out.push_str(&format!(" {} {}", op.symbol(), x(e)));
            }
            out
        }
        ExprKind::And(a, b) => format!("{} {} {}", x(a), kw(Keyword::And), x(b)),
        ExprKind::Or(a, b) => format!("{} {} {}", x(a), kw(Keyword::Or), x(b)),
        ExprKind::If(c, a, b) => {
            format!("{} {} {} {} {} {}", kw(Keyword::If), x(c), kw(Keyword::Then), x(a), kw(Keyword::Else), x(b))
        }
        ExprKind::Paren(a) => format!("({})", x(a)),
    }
}

fn test_item_in(kind: &TestItemKind, d: Dialect) -> String {
    let kw = |k: Keyword| k.spelling_in(d);
    let place = match kind {
        TestItemKind::Agent { .. } => Some(Place::AgentField),
        _ => Some(Place::IncidentField),
    };
    let fields = |fs: &[(Ident, Expr)]| -> String {
        let parts: Vec<String> =
            fs.iter().map(|(n, e)| format!("{} = {}", field_in(&n.name, place, d), expr_in(e, d))).collect();
        if parts.is_empty() {
            "{}".into()
        } else {
            format!("{{ {} }}", parts.join(", "))
        }
    };
    match kind {
        TestItemKind::Month(m) => format!("{} {m}", kw(Keyword::Month)),
        TestItemKind::Agent { id, fields: fs } => format!("{} {} {}", kw(Keyword::Agent), id.name, fields(fs)),
        TestItemKind::Incident { agent, fields: fs } => {
            format!("{} {} {}", kw(Keyword::Incident), agent.name, fields(fs))
        }
        TestItemKind::Expect { agent, what, of, op, value } => {
            let of = of.as_ref().map(|o| format!("({})", name_in(&o.name, None, d))).unwrap_or_default();
            let what = field_in(&what.name, Some(Place::Expected), d);
            format!("{} {}.{what}{of} {} {}", kw(Keyword::Expect), agent.name, op.symbol(), expr_in(value, d))
        }
        TestItemKind::History { month, facts } => {
            let parts: Vec<String> = facts
                .iter()
                .map(|f| {
                    let of = f.of.as_ref().map(|o| format!("({})", o.name)).unwrap_or_default();
                    format!("{}.{}{of} = {}", f.agent.name, f.what.name, expr_in(&f.value, d))
                })
                .collect();
            let body = if parts.is_empty() { "{}".to_string() } else { format!("{{ {} }}", parts.join(", ")) };
            format!("{} {month} {body}", kw(Keyword::History))
        }
    }
}

/// A name in a dialect: a built-in's or a place's word in that dialect's spelling; a
/// name of the policy's own as written, quoted (`「工资」`) when the dialect would read it
/// as a keyword or as one of its words.
fn name_in(name: &str, place: Option<Place>, d: Dialect) -> String {
    if let Some(w) = word_in(name, place, d) {
        return w.to_string();
    }
    // A contextual word used as a name is spelled in the dialect (`fine`, `罚款`).
    if let Some(k) = Keyword::in_dialect(name, Dialect::English) {
        if d == Dialect::Chinese && crate::syntax::dialect::contextual_in_chinese(k.spelling_in(d)) == Some(k) {
            return k.spelling_in(d).to_string();
        }
    }
    let keyword = Keyword::in_dialect(name, d).is_some_and(Keyword::is_reserved)
        || (d == Dialect::Chinese && crate::syntax::dialect::contextual_in_chinese(name).is_some());
    let compound = d == Dialect::Chinese && COMPOUNDS.iter().any(|(w, _)| *w == name);
    let word = d == Dialect::Chinese && english_word(name, place).is_some();
    if keyword || compound || word {
        format!("「{name}」")
    } else {
        name.to_string()
    }
}

/// A field's name after `.` (any name is a field there, keywords included).
fn field_in(name: &str, place: Option<Place>, d: Dialect) -> String {
    if let Some(w) = word_in(name, place, d) {
        return w.to_string();
    }
    if let Some(k) = Keyword::in_dialect(name, Dialect::English) {
        if d == Dialect::Chinese && matches!(k, Keyword::Points | Keyword::Compensation | Keyword::Fine | Keyword::Tier)
        {
            return k.spelling_in(d).to_string();
        }
    }
    name_in(name, place, d)
}

/// The name of a call: a built-in, a table, or a subtotal (`points(X)`, `fine(X)`).
fn callee_in(name: &str, d: Dialect) -> String {
    match Keyword::in_dialect(name, Dialect::English) {
        Some(k @ (Keyword::Points | Keyword::Compensation | Keyword::Fine)) => k.spelling_in(d).to_string(),
        _ => name_in(name, None, d),
    }
}

/// `per day`, or in Chinese `每日`.
fn period_text(period: Period, d: Dialect) -> String {
    match d {
        Dialect::Chinese => {
            let compound = COMPOUNDS.iter().find(|(_, ks)| ks[0] == Keyword::Per && ks[1] == period.keyword());
            compound.map_or_else(String::new, |(w, _)| (*w).to_string())
        }
        Dialect::English => format!("{} {}", Keyword::Per.spelling_in(d), period.keyword().spelling_in(d)),
    }
}

/// `one of`, or in Chinese `之一`.
fn one_of_text(d: Dialect) -> String {
    match d {
        Dialect::Chinese => {
            COMPOUNDS.iter().find(|(_, ks)| ks[0] == Keyword::One).map_or("之一", |(w, _)| w).to_string()
        }
        Dialect::English => format!("{} {}", Keyword::One.spelling_in(d), Keyword::Of.spelling_in(d)),
    }
}

/// A literal with its full-width digits and marks written as their ASCII twins.
fn half_width(text: &str) -> String {
    text.chars().map(|c| scan::ascii_for(c).unwrap_or(c)).collect()
}

/// A string literal with full-width quotes (`“重大”`) written as `"`; its inside as it is.
fn quoted_half_width(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for i in [0, chars.len().saturating_sub(1)] {
        if let Some(c) = chars.get_mut(i) {
            if scan::ascii_for(*c) == Some('"') {
                *c = '"';
            }
        }
    }
    chars.into_iter().collect()
}
