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

/// Formats a policy; `Err` with the syntax diagnostics when it does not parse.
pub fn format_source(source: &Arc<Source>) -> Result<String, Vec<Diagnostic>> {
    let (file, diags) = crate::syntax::parse(source);
    match file {
        Some(file) if !diags.iter().any(Diagnostic::is_error) => Ok(format_file(source, &file)),
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

fn comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    let mut line_has_code = false;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b'\n');
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' | b'\n' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'\n' => line_has_code = false,
            b'"' => {
                in_string = true;
                line_has_code = true;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text.get(i..).and_then(|t| t.find('\n')).map_or(text.len(), |n| i + n);
                let body = text.get(i..end).unwrap_or("").trim_end();
                let is_doc = body.starts_with("///") && !body.starts_with("////");
                if !is_doc {
                    out.push(Comment { start: i, text: body.to_string(), trailing: line_has_code });
                }
                i = end;
                continue;
            }
            b' ' | b'\t' | b'\r' => {}
            _ => line_has_code = true,
        }
        i += 1;
    }
    out
}

struct Printer<'a> {
    text: &'a str,
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
    let text = source.text();
    let mut p = Printer { text, out: String::new(), comments: comments(text), next_comment: 0, indent: 0 };
    let mut previous: Option<&Decl> = None;
    for decl in &file.decls {
        if let Some(prev) = previous {
            let grouped = matches!(
                (&prev.kind, &decl.kind),
                (DeclKind::Severity(_), DeclKind::Severity(_)) | (DeclKind::Let(_), DeclKind::Let(_))
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
                let header = format!("policy {}", h.title.span.text());
                self.block(&header, h.title.span.end, rows, end);
            }
            DeclKind::Agent(fields) | DeclKind::Incident(fields) => {
                let kw = decl.kind.keyword();
                let rows = fields
                    .iter()
                    .map(|f| {
                        let left = format!("{}: {}", f.name.name, f.ty.name);
                        match &f.default {
                            Some(d) => Row::pair(&f.doc, left, "=", self.expr(d), &f.span),
                            None => Row::plain(&f.doc, left, &f.span),
                        }
                    })
                    .collect();
                self.block(kw, decl.span.start + kw.len(), rows, end);
            }
            DeclKind::Tier(t) => {
                let rows = t
                    .items
                    .iter()
                    .map(|i| match &i.kind {
                        TierItemKind::Attr(n, e) => Row::pair(&i.doc, n.name.clone(), "=", self.expr(e), &i.span),
                        TierItemKind::Requires(e) => Row::plain(&i.doc, format!("requires {}", self.expr(e)), &i.span),
                    })
                    .collect();
                self.block(&format!("tier {}", t.name.name), t.name.span.end, rows, end);
            }
            DeclKind::Severity(name) => {
                self.line(&format!("severity {}", name.name));
                self.end_line(end);
            }
            DeclKind::Violation(r) | DeclKind::Escalation(r) => {
                let rows = r
                    .items
                    .iter()
                    .map(|i| match &i.kind {
                        RuleItemKind::Severity(s) => Row::plain(&i.doc, format!("severity {}", s.name), &i.span),
                        RuleItemKind::Points(e) => Row::pair(&i.doc, "points".into(), "=", self.expr(e), &i.span),
                        RuleItemKind::When(e) => Row::plain(&i.doc, format!("when {}", self.expr(e)), &i.span),
                        RuleItemKind::Compensation(e) => {
                            Row::pair(&i.doc, "compensation".into(), "=", self.expr(e), &i.span)
                        }
                    })
                    .collect();
                let header = format!("{} {}", decl.kind.keyword(), r.name.name);
                self.block(&header, r.name.span.end, rows, end);
            }
            DeclKind::Let(l) => {
                let line = format!("let {} = {}", l.name.name, self.expr(&l.value));
                self.line(&line);
                self.end_line(end);
            }
            DeclKind::Table(t) => {
                let params: Vec<String> = t.params.iter().map(|p| format!("{}: {}", p.name.name, p.ty.name)).collect();
                let header = format!("table {}({}) -> {}", t.name.name, params.join(", "), t.ret.name);
                let rows = t
                    .rows
                    .iter()
                    .map(|r| {
                        let left = r.cond.as_ref().map_or_else(|| "else".to_string(), |c| self.expr(c));
                        Row::pair(&r.doc, left, "=>", self.expr(&r.value), &r.span)
                    })
                    .collect();
                self.block(&header, t.ret.span.end, rows, end);
            }
            DeclKind::Pay(lines) => {
                let rows = lines
                    .iter()
                    .map(|l| Row::pair(&l.doc, l.name.name.clone(), "=", self.expr(&l.value), &l.span))
                    .collect();
                self.block("pay", decl.span.start + 3, rows, end);
            }
            DeclKind::Test(t) => {
                let rows = t.items.iter().map(|i| Row::plain(&i.doc, self.test_item(&i.kind), &i.span)).collect();
                self.block(&format!("test {}", t.name.span.text()), t.name.span.end, rows, end);
            }
        }
    }

    fn header_item(&self, kind: &HeaderItemKind) -> String {
        match kind {
            HeaderItemKind::Version(s) => format!("version {}", s.span.text()),
            HeaderItemKind::Effective(d) => format!("effective {d}"),
            HeaderItemKind::IssuedBy(s) => format!("issued_by {}", s.span.text()),
            HeaderItemKind::InterpretedBy(s) => format!("interpreted_by {}", s.span.text()),
            HeaderItemKind::Status(Status::Draft) => "status draft".into(),
            HeaderItemKind::Status(Status::Active) => "status active".into(),
        }
    }

    fn test_item(&self, kind: &TestItemKind) -> String {
        test_item_text(kind)
    }

    fn expr(&self, e: &Expr) -> String {
        expr_text(e)
    }
}

/// An expression on one line, in the canonical layout.
pub fn expr_text(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number(_) | ExprKind::Percent(_) | ExprKind::Date(_) | ExprKind::Text(_) => e.span.text().to_string(),
        ExprKind::Quantity(_, unit) => {
            let written = e.span.text();
            let number = written.strip_suffix(unit.spelling.as_str()).unwrap_or(written).trim_end();
            format!("{number} {}", unit.spelling)
        }
        ExprKind::Hole(unit) => match unit {
            Some(u) => format!("TBD {}", u.spelling),
            None => "TBD".into(),
        },
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Tier => "tier".into(),
        ExprKind::Points => "points".into(),
        ExprKind::Compensation => "compensation".into(),
        ExprKind::Agent => "agent".into(),
        ExprKind::Incident => "incident".into(),
        ExprKind::Field(base, f) => format!("{}.{}", expr_text(base), f.name),
        ExprKind::Call(f, args) => {
            let args: Vec<String> = args.iter().map(expr_text).collect();
            format!("{}({})", f.name, args.join(", "))
        }
        ExprKind::Neg(x) => format!("-{}", expr_text(x)),
        ExprKind::Not(x) => format!("not {}", expr_text(x)),
        ExprKind::Binary(op, a, b) => format!("{} {} {}", expr_text(a), op.symbol(), expr_text(b)),
        ExprKind::Compare(op, a, b) => format!("{} {} {}", expr_text(a), op.symbol(), expr_text(b)),
        ExprKind::And(a, b) => format!("{} and {}", expr_text(a), expr_text(b)),
        ExprKind::Or(a, b) => format!("{} or {}", expr_text(a), expr_text(b)),
        ExprKind::If(c, a, b) => format!("if {} then {} else {}", expr_text(c), expr_text(a), expr_text(b)),
        ExprKind::Paren(x) => format!("({})", expr_text(x)),
    }
}

/// One line of a worked example, in the canonical layout.
pub fn test_item_text(kind: &TestItemKind) -> String {
    let fields = |fs: &[(Ident, Expr)]| -> String {
        let parts: Vec<String> = fs.iter().map(|(n, e)| format!("{} = {}", n.name, expr_text(e))).collect();
        if parts.is_empty() {
            "{}".into()
        } else {
            format!("{{ {} }}", parts.join(", "))
        }
    };
    match kind {
        TestItemKind::Month(m) => format!("month {m}"),
        TestItemKind::Agent { id, fields: fs } => format!("agent {} {}", id.name, fields(fs)),
        TestItemKind::Incident { agent, fields: fs } => format!("incident {} {}", agent.name, fields(fs)),
        TestItemKind::Expect { agent, what, op, value } => {
            format!("expect {}.{} {} {}", agent.name, what.name, op.symbol(), expr_text(value))
        }
    }
}
