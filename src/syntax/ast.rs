//! The syntax tree of a policy file, as written.
//!
//! One node per construct of `grammar/kaohe.pest`, each carrying its [`Span`]. Nothing
//! here is resolved or type-checked; names are text. Doc comments (`///`) are kept on the
//! node they stand before, and declarations and block items keep their order, so the
//! tree is enough to print the policy again.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::keywords::Keyword;
pub use super::unit_names::UnitName;
use crate::source::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// The `///` lines before a declaration or an item, without the slashes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc {
    pub lines: Vec<String>,
}

impl Doc {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The clause text: the lines joined by a space.
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyFile {
    pub decls: Vec<Decl>,
    /// The dialect it is written in (known from its first word).
    pub dialect: super::keywords::Dialect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decl {
    pub doc: Doc,
    pub kind: DeclKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeclKind {
    Policy(PolicyHeader),
    Agent(Vec<Field>),
    Incident(Vec<Field>),
    Tier(TierDecl),
    Severity(SeverityDecl),
    /// `unit 公里 (km, 千米)`.
    Unit(UnitDecl),
    Violation(RuleDecl),
    Escalation(RuleDecl),
    Let(LetDecl),
    Table(TableDecl),
    Pay(Vec<PayLine>),
    Test(TestDecl),
}

impl DeclKind {
    /// The keyword that introduces the declaration.
    pub fn introducer(&self) -> Keyword {
        match self {
            DeclKind::Policy(_) => Keyword::Policy,
            DeclKind::Agent(_) => Keyword::Agent,
            DeclKind::Incident(_) => Keyword::Incident,
            DeclKind::Tier(_) => Keyword::Tier,
            DeclKind::Severity(_) => Keyword::Severity,
            DeclKind::Unit(_) => Keyword::Unit,
            DeclKind::Violation(_) => Keyword::Violation,
            DeclKind::Escalation(_) => Keyword::Escalation,
            DeclKind::Let(_) => Keyword::Let,
            DeclKind::Table(_) => Keyword::Table,
            DeclKind::Pay(_) => Keyword::Pay,
            DeclKind::Test(_) => Keyword::Test,
        }
    }

    /// The keyword that introduces the declaration, as a user calls it.
    pub fn keyword(&self) -> &'static str {
        self.introducer().spelling()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyHeader {
    pub title: StringLit,
    pub items: Vec<HeaderItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StringLit {
    pub value: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HeaderItem {
    pub doc: Doc,
    pub kind: HeaderItemKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum HeaderItemKind {
    Version(StringLit),
    Effective(NaiveDate),
    IssuedBy(StringLit),
    InterpretedBy(StringLit),
    Status(Status),
}

impl HeaderItemKind {
    /// The keyword that introduces the item.
    pub fn introducer(&self) -> Keyword {
        match self {
            HeaderItemKind::Version(_) => Keyword::Version,
            HeaderItemKind::Effective(_) => Keyword::Effective,
            HeaderItemKind::IssuedBy(_) => Keyword::IssuedBy,
            HeaderItemKind::InterpretedBy(_) => Keyword::InterpretedBy,
            HeaderItemKind::Status(_) => Keyword::Status,
        }
    }

    pub fn keyword(&self) -> &'static str {
        self.introducer().spelling()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    Active,
}

/// `name: type [= default] [from "header" | …]` in an `agent` or `incident` block, or
/// `name from "header" | …` for a built-in field, which has its type already.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub doc: Doc,
    pub name: Ident,
    /// `signed` before the type: a quantity field whose cells may be negative.
    pub signed: bool,
    /// `None` on a line that only says where a built-in field is read from.
    pub ty: Option<TypeName>,
    pub default: Option<Expr>,
    /// The headers (CSV columns, JSON keys, workbook headers) it may be read from, as
    /// written after `from` (`来自`); empty when none is declared.
    pub columns: Vec<StringLit>,
    pub span: Span,
}

/// A type as written after `:` or `->`: a name (`money`, `tier`), or a choice.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeName {
    /// The name; for a choice its canonical text, `one of ("重大", "一般")`.
    pub name: String,
    pub span: Span,
    /// The values of `one of (…)`, as written.
    pub choice: Option<Vec<StringLit>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierDecl {
    pub name: Ident,
    pub items: Vec<TierItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierItem {
    pub doc: Doc,
    pub kind: TierItemKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TierItemKind {
    Attr(Ident, Expr),
    Requires(Expr),
}

/// `unit 公里 (km, 千米)`: a quantity type named by its first spelling; the others are
/// other ways of writing it.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitDecl {
    pub name: Ident,
    pub spellings: Vec<Ident>,
}

/// `severity S`, with an optional body of caps (`{ cap points = 20 分 }`). The body
/// holds rule items, so the checker can say why anything but a cap is out of place.
#[derive(Debug, Clone, PartialEq)]
pub struct SeverityDecl {
    pub name: Ident,
    /// `None` without braces; `Some` (perhaps empty) with them.
    pub items: Option<Vec<RuleItem>>,
}

/// A `violation` or an `escalation`: the same items, checked differently.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDecl {
    pub name: Ident,
    pub items: Vec<RuleItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleItem {
    pub doc: Doc,
    pub kind: RuleItemKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RuleItemKind {
    Severity(Ident),
    Points(Expr),
    When(Expr),
    Compensation(Expr),
    /// `fine = …`: money the agent is fined, apart from compensation.
    Fine(Expr),
    /// `cap fine = 15 元 per day`.
    Cap(Cap),
}

/// `cap AMOUNT = limit [per PERIOD]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cap {
    pub amount: CapAmount,
    pub limit: Expr,
    /// `None` when no period is written: per month.
    pub period: Option<(Period, Span)>,
}

/// Which of an occurrence's amounts a cap limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapAmount {
    Points,
    Compensation,
    Fine,
}

impl CapAmount {
    pub fn keyword(self) -> Keyword {
        match self {
            CapAmount::Points => Keyword::Points,
            CapAmount::Compensation => Keyword::Compensation,
            CapAmount::Fine => Keyword::Fine,
        }
    }
}

/// The period a cap limits the amounts within.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Day,
    /// Monday to Sunday, clipped to the month.
    Week,
    Month,
}

impl Period {
    pub fn keyword(self) -> Keyword {
        match self {
            Period::Day => Keyword::Day,
            Period::Week => Keyword::Week,
            Period::Month => Keyword::Month,
        }
    }
}

impl RuleItemKind {
    /// The keyword that introduces the item.
    pub fn introducer(&self) -> Keyword {
        match self {
            RuleItemKind::Severity(_) => Keyword::Severity,
            RuleItemKind::Points(_) => Keyword::Points,
            RuleItemKind::When(_) => Keyword::When,
            RuleItemKind::Compensation(_) => Keyword::Compensation,
            RuleItemKind::Fine(_) => Keyword::Fine,
            RuleItemKind::Cap(_) => Keyword::Cap,
        }
    }

    pub fn keyword(&self) -> &'static str {
        self.introducer().spelling()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LetDecl {
    pub name: Ident,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableDecl {
    pub name: Ident,
    pub params: Vec<Param>,
    pub ret: TypeName,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Ident,
    pub ty: TypeName,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub doc: Doc,
    /// `None` for the `else` row.
    pub cond: Option<Expr>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PayLine {
    pub doc: Doc,
    pub name: Ident,
    pub value: Expr,
    pub span: Span,
}

/// `test "…" { month …  agent …  incident …  expect … }`: a worked example.
#[derive(Debug, Clone, PartialEq)]
pub struct TestDecl {
    pub name: StringLit,
    pub items: Vec<TestItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TestItem {
    pub doc: Doc,
    pub kind: TestItemKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TestItemKind {
    Month(String),
    Agent {
        id: Ident,
        fields: Vec<(Ident, Expr)>,
    },
    Incident {
        agent: Ident,
        fields: Vec<(Ident, Expr)>,
    },
    /// `expect A1.what == value`, or `expect A1.what(of) == value` for a subtotal.
    Expect {
        agent: Ident,
        what: Ident,
        of: Option<Ident>,
        op: CmpOp,
        value: Expr,
    },
    /// `history 2024-09 { A1.结转赔偿 = 400 元 }`: figures of an earlier closed month.
    History {
        month: String,
        facts: Vec<HistoryFact>,
    },
}

/// One stored figure of an earlier month in a worked example: `A1.结转赔偿 = 400 元`, or
/// `A1.count(旷工) = 1` (`what(of)`).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryFact {
    pub agent: Ident,
    pub what: Ident,
    pub of: Option<Ident>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A plain number; the text is kept as written.
    Number(Decimal),
    /// `20%`: the number 0.20.
    Percent(Decimal),
    Quantity(Decimal, Unit),
    /// `TBD`, optionally with a unit.
    Hole(Option<Unit>),
    Date(NaiveDate),
    Text(String),
    Bool(bool),
    Name(String),
    /// The keyword `tier`: the agent's tier, or with `.attr` one of its attributes.
    Tier,
    /// The keyword `points`: the agent's points this month.
    Points,
    /// The keyword `compensation`: money owed this month.
    Compensation,
    /// The keyword `agent`, only meaningful before `.field`.
    Agent,
    /// The keyword `incident`, only meaningful before `.field`.
    Incident,
    Field(Box<Expr>, Ident),
    Call(Ident, Vec<Expr>),
    /// A call whose last argument is followed by `where c`: a count or an aggregate of
    /// only the occurrences for which `c` holds.
    Filtered(Ident, Vec<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    /// `a <= x < b`: comparisons pointing one way, each sharing its left side with the
    /// one before (contract v2 §2.9).
    Chain(Box<Expr>, Vec<(CmpOp, Expr)>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Paren(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }

    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Lt => ord == Less,
            CmpOp::Le => ord != Greater,
            CmpOp::Gt => ord == Greater,
            CmpOp::Ge => ord != Less,
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
        }
    }
}

/// A unit as written: one word (`分钟`) or a rate (`元/分`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub num: UnitWord,
    pub den: Option<UnitWord>,
    /// The spelling the author used, kept for messages and formatting.
    pub spelling: String,
}

/// The unit words of contract section 3, each with its dimension and its size in the
/// dimension's base unit (元, 分, minute, month, day); and any other word written as a
/// unit, which the checker resolves to a declared unit (`unit 公里 (km)`) or reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitWord {
    Yuan,
    Point,
    Minute,
    Hour,
    Month,
    Year,
    Day,
    /// A spelling that is not a built-in unit, as written (`km`).
    Named(UnitName),
}

impl UnitWord {
    /// A built-in unit word, or `None`.
    pub fn parse(word: &str) -> Option<UnitWord> {
        Some(match word {
            "元" | "CNY" | "yuan" => UnitWord::Yuan,
            "分" | "point" | "points" => UnitWord::Point,
            "分钟" | "minute" | "minutes" | "min" => UnitWord::Minute,
            "小时" | "hour" | "hours" => UnitWord::Hour,
            "个月" | "month" | "months" => UnitWord::Month,
            "年" | "year" | "years" => UnitWord::Year,
            "天" | "day" | "days" => UnitWord::Day,
            _ => return None,
        })
    }

    /// How many base units one of this unit is.
    pub fn factor(self) -> u32 {
        match self {
            UnitWord::Hour => 60,
            UnitWord::Year => 12,
            _ => 1,
        }
    }
}
