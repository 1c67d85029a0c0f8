//! The checked policy in the form the evaluator runs.
//!
//! Every name is resolved to a slot: an agent field is an index into the agent's row, a
//! violation an index into [`Program::violations`], a let an index into
//! [`Program::lets`]. Nothing here is looked up by name while a month is evaluated.
//! Escalations and lets are stored in dependency order; money rounding is decided here
//! (an [`CKind::Arith`] whose result is money carries `money: true`).

use chrono::NaiveDate;

use super::types::Type;
use crate::calendar::Month;
use crate::source::Span;
use crate::syntax::ast::{BinOp, CmpOp, Period, Status, UnitWord};
pub use crate::value::Value;

#[derive(Clone, Debug)]
pub struct CExpr {
    pub kind: CKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum CKind {
    Const(Value),
    /// `TBD`: evaluation refuses a policy that has one, so it is never reached.
    Hole,
    AgentField(usize),
    IncidentField(usize),
    /// An attribute of the tier in context: the agent's own, or in a `requires` the tier
    /// whose requirement it is.
    TierAttr(usize),
    AgentTier,
    Tenure,
    TenureDays,
    /// Whole months since `tier_since`, as `tenure` is from `hired_on`.
    TierTenure,
    Points,
    Compensation,
    /// The month's fines (`fine`).
    Fine,
    /// The month's points, compensation or fine of one violation or severity, after caps.
    Subtotal(Amount, Target),
    /// This occurrence's rank among the agent's counted occurrences of its violation.
    Occurrence,
    /// `sum`, `avg`, `lowest`, `highest` of an expression over the counted occurrences of
    /// a violation or a severity; `money` rounds an average to the cent.
    Aggregate {
        func: Aggregate,
        over: Target,
        expr: Box<CExpr>,
        money: bool,
        filter: Option<Box<CExpr>>,
    },
    /// `count(X where c)`, or with `distinct` `distinct(S where c)`: the counted
    /// occurrences (of different violations) for which `c` holds; escalations not included.
    CountWhere {
        over: Target,
        filter: Box<CExpr>,
        distinct: bool,
    },
    CountViolation(usize),
    CountSeverity(usize),
    CountEscalation(usize),
    Distinct(usize),
    Let(usize),
    PayLine(usize),
    Param(usize),
    Neg(Box<CExpr>),
    Not(Box<CExpr>),
    Arith(Arith, Box<CExpr>, Box<CExpr>),
    Compare(CmpOp, Box<CExpr>, Box<CExpr>),
    And(Box<CExpr>, Box<CExpr>),
    Or(Box<CExpr>, Box<CExpr>),
    If(Box<CExpr>, Box<CExpr>, Box<CExpr>),
    Min(Vec<CExpr>),
    Max(Vec<CExpr>),
    /// `floor`, `ceil`, `round`, to `digits` decimal places of the base unit (negative:
    /// tens, hundreds…).
    Rounded(Rounding, i32, Box<CExpr>),
    /// `.attr` of a tier-valued expression: attribute `.0` of the tier it yields.
    AttrOf(usize, Box<CExpr>),
    Table(usize, Vec<CExpr>),
    /// `previous`, `latest`, `streak`, `year_total`, `year_so_far`, `last_months`
    /// (contract v2 §4.1): `expr` read in the agent's closed months (and, for `streak`,
    /// `year_total` and `last_months`, in this month too); `default` for `previous` and
    /// `latest`.
    History {
        func: HistoryFunc,
        expr: Box<CExpr>,
        default: Option<Box<CExpr>>,
        /// The value's type, for explanations.
        ty: super::types::Type,
    },
    /// `month_number`: the calendar month being evaluated, 1–12.
    MonthNumber,
}

impl CExpr {
    /// The direct sub-expressions.
    pub fn children(&self) -> Vec<&CExpr> {
        match &self.kind {
            CKind::Neg(x) | CKind::Not(x) | CKind::Rounded(_, _, x) | CKind::AttrOf(_, x) => vec![x],
            CKind::Arith(_, a, b) | CKind::Compare(_, a, b) | CKind::And(a, b) | CKind::Or(a, b) => vec![a, b],
            CKind::If(c, a, b) => vec![c, a, b],
            CKind::Min(args) | CKind::Max(args) | CKind::Table(_, args) => args.iter().collect(),
            CKind::History { expr, default, .. } => std::iter::once(&**expr).chain(default.as_deref()).collect(),
            CKind::Aggregate { expr, filter, .. } => std::iter::once(&**expr).chain(filter.as_deref()).collect(),
            CKind::CountWhere { filter, .. } => vec![filter],
            _ => Vec::new(),
        }
    }
}

/// What a history expression computes over the agent's closed months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryFunc {
    /// The month before this one only.
    Previous,
    /// The most recent closed month that stores what the expression names.
    Latest,
    /// How many consecutive months, ending with this one, the condition held.
    Streak,
    /// This calendar year's closed months before this one, plus this month.
    YearTotal,
    /// This calendar year's closed months before this one.
    YearSoFar,
    /// The n months ending with this one.
    LastMonths(u32),
}

impl HistoryFunc {
    /// The built-in's name.
    pub fn word(self) -> &'static str {
        match self {
            HistoryFunc::Previous => "previous",
            HistoryFunc::Latest => "latest",
            HistoryFunc::Streak => "streak",
            HistoryFunc::YearTotal => "year_total",
            HistoryFunc::YearSoFar => "year_so_far",
            HistoryFunc::LastMonths(_) => "last_months",
        }
    }

    /// Whether it reads this month's value of its expression too (then the usual order
    /// rules apply to it).
    pub fn reads_this_month(self) -> bool {
        matches!(self, HistoryFunc::Streak | HistoryFunc::YearTotal | HistoryFunc::LastMonths(_))
    }
}

/// One of the three amounts a violation's occurrence carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Amount {
    Points,
    Compensation,
    Fine,
}

/// What an aggregate computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    Sum,
    Avg,
    Lowest,
    Highest,
}

impl Amount {
    /// Points, compensation and fine, in the order [`Amount::index`] gives them.
    pub const ALL: [Amount; 3] = [Amount::Points, Amount::Compensation, Amount::Fine];

    /// Its place among points, compensation and fine.
    pub fn index(self) -> usize {
        match self {
            Amount::Points => 0,
            Amount::Compensation => 1,
            Amount::Fine => 2,
        }
    }
}

/// What a subtotal or an aggregate is taken over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Violation(usize),
    /// All its violations (and, for points and fines, its fired escalations).
    Severity(usize),
}

/// How a value is rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    Floor,
    Ceil,
    /// Half away from zero.
    Round,
}

/// What an arithmetic node does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    /// Decimal arithmetic; `money` rounds the result to whole cents at once.
    Num { op: BinOp, money: bool },
    /// date ± days.
    AddDays { negate: bool },
    /// date ± months (day clamped).
    AddMonths { negate: bool },
    /// date − date, in days.
    DateDiff,
}

/// A record field as the policy declares it.
#[derive(Clone, Debug)]
pub struct FieldDef {
    pub name: String,
    pub ty: Type,
    /// A constant expression.
    pub default: Option<CExpr>,
    /// The unit a bare number in a cell is read in (the unit of the default).
    pub bare_unit: Option<UnitWord>,
    pub doc: String,
    pub builtin: bool,
    /// Declared `signed`: its cells may be negative (a quantity's cells otherwise may not).
    pub signed: bool,
    /// The headers (CSV columns, JSON keys, workbook headers) it is read from, any one of
    /// them: its name first, a built-in's Chinese name (`工号`) next, then those declared
    /// after `from`.
    pub columns: Vec<String>,
}

impl FieldDef {
    /// Whether every record must give the field: a declared field without a default, and
    /// the built-ins but `name` and `tier_since` (which have their own defaults).
    pub fn required(&self) -> bool {
        if self.builtin {
            !matches!(self.name.as_str(), "name" | "tier_since")
        } else {
            self.default.is_none()
        }
    }
}

/// A declared unit: its name (the first spelling) and every spelling, the name first.
#[derive(Clone, Debug)]
pub struct UnitDef {
    pub name: String,
    pub spellings: Vec<String>,
    pub doc: String,
}

#[derive(Clone, Debug)]
pub struct TierDef {
    pub name: String,
    pub doc: String,
    /// Constant expressions, indexed like [`Program::tier_attrs`].
    pub attrs: Vec<CExpr>,
    pub requires: Vec<Requirement>,
}

#[derive(Clone, Debug)]
pub struct Requirement {
    pub expr: CExpr,
    pub doc: String,
    /// It uses `tier_tenure`: it is about the move into the tier, so for the agent's own
    /// tier (`tier_ok`) it is taken as holding.
    pub about_the_move: bool,
}

#[derive(Clone, Debug)]
pub struct SeverityDef {
    pub name: String,
    pub doc: String,
    /// Per month only; they limit its violations' amounts (after their own caps) and its
    /// fired escalations'.
    pub caps: Vec<CapDef>,
}

/// `cap points|compensation|fine = limit [per day|week|month]`.
#[derive(Clone, Debug)]
pub struct CapDef {
    pub amount: Amount,
    pub period: Period,
    /// Sees the agent, the tier and constants: evaluated once per agent.
    pub limit: CExpr,
    /// The item as written, for explanations (`cap fine = 15 元 per day`).
    pub text: String,
    pub doc: String,
    pub line: usize,
}

#[derive(Clone, Debug)]
pub struct ViolationDef {
    pub name: String,
    pub doc: String,
    pub severity: usize,
    pub points: CExpr,
    pub when: Option<CExpr>,
    pub compensation: Option<CExpr>,
    /// Money the agent is fined per occurrence, apart from compensation.
    pub fine: Option<CExpr>,
    /// Applied per day, then per week, then per month, each to what the one before left.
    pub caps: Vec<CapDef>,
}

#[derive(Clone, Debug)]
pub struct EscalationDef {
    pub name: String,
    pub doc: String,
    pub severity: usize,
    pub points: CExpr,
    pub when: CExpr,
    pub fine: Option<CExpr>,
}

#[derive(Clone, Debug)]
pub struct LetDef {
    pub name: String,
    pub ty: Type,
    pub expr: CExpr,
}

#[derive(Clone, Debug)]
pub struct TableDef {
    pub name: String,
    pub rows: Vec<(Option<CExpr>, CExpr)>,
    /// Each parameter's name and type, and the result's type (for explanations).
    pub params: Vec<(String, Type)>,
    pub ret: Type,
    /// Each row's doc comment (the clause it states), `else` included.
    pub docs: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct PayLineDef {
    pub name: String,
    pub doc: String,
    pub ty: Type,
    pub expr: CExpr,
}

#[derive(Clone, Debug)]
pub struct Header {
    pub title: String,
    pub version: Option<String>,
    pub effective: NaiveDate,
    /// Where `effective` is written, for "not in effect" diagnostics.
    pub effective_span: Option<Span>,
    pub issued_by: Option<String>,
    pub interpreted_by: Option<String>,
    pub status: Status,
}

/// A checked policy, ready to evaluate months.
#[derive(Clone, Debug)]
pub struct Program {
    pub header: Header,
    /// Built-ins first: `id`, `name`, `tier`, `hired_on`, `tier_since`.
    pub agent_fields: Vec<FieldDef>,
    /// Built-ins first: `agent`, `date`, `violation`.
    pub incident_fields: Vec<FieldDef>,
    pub tier_attrs: Vec<(String, Type)>,
    pub tiers: Vec<TierDef>,
    pub severities: Vec<SeverityDef>,
    pub violations: Vec<ViolationDef>,
    /// In declaration order.
    pub escalations: Vec<EscalationDef>,
    /// The order escalations are evaluated in: each after every escalation it counts
    /// (declaration order where free).
    pub escalation_order: Vec<usize>,
    pub lets: Vec<LetDef>,
    pub tables: Vec<TableDef>,
    pub pay: Vec<PayLineDef>,
    /// Every `TBD` left in the policy.
    pub holes: Vec<Span>,
    /// The values of each choice type ([`Type::Choice`] indexes it), as first written.
    pub choices: Vec<Vec<String>>,
    /// Declared units (`unit 公里 (km, 千米)`), in order.
    pub units: Vec<UnitDef>,
    /// Worked examples, in order.
    pub examples: Vec<WorkedExample>,
}

pub const AGENT_ID: usize = 0;
pub const AGENT_NAME: usize = 1;
pub const AGENT_TIER: usize = 2;
pub const AGENT_HIRED_ON: usize = 3;
/// Optional: the date the agent took the current tier (`hired_on` when absent).
pub const AGENT_TIER_SINCE: usize = 4;
pub const INCIDENT_AGENT: usize = 0;
pub const INCIDENT_DATE: usize = 1;
pub const INCIDENT_VIOLATION: usize = 2;

impl Program {
    pub fn tier_index(&self, name: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.name == name)
    }

    /// Whether the policy fines at all (then reports show the fine beside compensation).
    pub fn fines(&self) -> bool {
        self.violations.iter().any(|v| v.fine.is_some()) || self.escalations.iter().any(|e| e.fine.is_some())
    }

    /// Whether any violation or severity caps an amount (then reports show what caps
    /// withheld).
    pub fn caps(&self) -> bool {
        self.violations.iter().any(|v| !v.caps.is_empty()) || self.severities.iter().any(|s| !s.caps.is_empty())
    }

    /// Whether some cap limits `amount`.
    pub fn caps_amount(&self, amount: Amount) -> bool {
        let caps = self.violations.iter().flat_map(|v| &v.caps).chain(self.severities.iter().flat_map(|s| &s.caps));
        caps.into_iter().any(|c| c.amount == amount)
    }

    pub fn violation_index(&self, name: &str) -> Option<usize> {
        self.violations.iter().position(|v| v.name == name)
    }
}

/// A worked example (`test "…" { … }`), checked and resolved.
#[derive(Clone, Debug)]
pub struct WorkedExample {
    pub name: String,
    pub span: Span,
    pub month: Month,
    pub agents: Vec<WorkedAgent>,
    pub incidents: Vec<WorkedIncident>,
    pub expects: Vec<WorkedExpect>,
    /// Figures of earlier closed months (`history 2024-09 { … }`), read by history
    /// expressions as if a ledger held them.
    pub history: Vec<WorkedHistory>,
}

/// One stored figure of an earlier month in a worked example.
#[derive(Clone, Debug)]
pub struct WorkedHistory {
    pub month: Month,
    pub agent: String,
    pub target: WorkedTarget,
    pub ty: Type,
    /// `None` for `promotion = none`.
    pub value: Option<CExpr>,
    pub span: Span,
}

/// Field values indexed like [`Program::agent_fields`]; `None` takes the default.
#[derive(Clone, Debug)]
pub struct WorkedAgent {
    pub id: String,
    pub span: Span,
    pub values: Vec<Option<CExpr>>,
}

#[derive(Clone, Debug)]
pub struct WorkedIncident {
    pub agent: String,
    pub span: Span,
    pub values: Vec<Option<CExpr>>,
}

/// What an expectation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkedTarget {
    Points,
    Compensation,
    Fine,
    Subtotal(Amount, Target),
    Tenure,
    TenureDays,
    TierTenure,
    TierOk,
    Tier,
    Promotion,
    Pay(usize),
    CountViolation(usize),
    CountSeverity(usize),
    Fired(usize),
}

#[derive(Clone, Debug)]
pub struct WorkedExpect {
    pub agent: String,
    pub target: WorkedTarget,
    pub op: CmpOp,
    /// `None` for `promotion == none`.
    pub value: Option<CExpr>,
    pub ty: Type,
    pub span: Span,
    pub text: String,
}
