//! The language's words as the editor offers and colours them.
//!
//! Reserved words come from the keyword table (`syntax::keywords`), which the grammar is
//! held to, so completion, highlighting and rename's refusals cannot drift from what the
//! grammar reserves. Words are listed in English; [`in_dialect`] spells one in the file's
//! dialect (a file beginning with `规定` is offered `违规`, `扣分`, `次数` …).

/// An English word of the lists below in `dialect`: a keyword, a built-in or a type.
pub fn in_dialect(word: &'static str, dialect: crate::syntax::keywords::Dialect) -> &'static str {
    use crate::syntax::keywords::{word_in, Keyword, Place};
    if let Ok(k) = word.parse::<Keyword>() {
        return k.spelling_in(dialect);
    }
    word_in(word, None, dialect).or_else(|| word_in(word, Some(Place::Type), dialect)).unwrap_or(word)
}

/// The words that are never a name.
pub const RESERVED: &[&str] = &crate::syntax::keywords::RESERVED_WORDS;

/// Words that are special only where a worked example expects them.
pub const CONTEXTUAL: &[&str] = &crate::syntax::keywords::CONTEXTUAL_WORDS;

/// The words that begin a declaration.
pub const DECLARATION_WORDS: &[&str] = &crate::syntax::keywords::DECLARATION_WORDS;

/// Names the checker defines before any declaration.
pub const BUILTIN_NAMES: &[&str] = &crate::check::BUILTIN_NAMES;

/// The built-in functions, each with how it is called.
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("count", "count(违规或严重程度): how many this month"),
    ("distinct", "distinct(严重程度): how many different violations of a severity"),
    ("min", "min(a, b, …): the smallest"),
    ("max", "max(a, b, …): the largest"),
    ("floor", "floor(x): rounded down to a whole number"),
    ("ceil", "ceil(x): rounded up to a whole number"),
    ("round", "round(x): rounded to the nearest whole number, halves away from zero"),
    ("previous", "previous(e, 默认): `e` in the agent's closed month before this one"),
    ("latest", "latest(e, 默认): `e` in the agent's most recent closed month (balances)"),
    ("streak", "streak(条件): consecutive months, ending with this one, the condition held"),
    ("year_total", "year_total(e): `e` over this year's closed months, plus this month"),
    ("year_so_far", "year_so_far(e): `e` over this year's closed months before this one"),
    ("last_months", "last_months(n, e): `e` over the n months ending with this one"),
];

/// The built-in values read without brackets.
pub const VALUES: &[(&str, &str)] = &[
    ("tenure", "period: whole months from `hired_on` to the end of the month"),
    ("tenure_days", "days: days from `hired_on` to the end of the month"),
    ("month_number", "number: the calendar month being evaluated, 1–12"),
];

/// Type names of fields, parameters and tables.
pub const TYPES: &[&str] = &crate::check::types::Type::NAMES;

/// Every unit spelling, Chinese first, as the grammar reads them.
pub const UNITS: &[&str] = &[
    "元", "分", "分钟", "小时", "个月", "年", "天", "yuan", "CNY", "point", "points", "minute", "minutes", "min",
    "hour", "hours", "month", "months", "year", "years", "day", "days",
];

pub fn is_reserved(word: &str) -> bool {
    RESERVED.contains(&word)
}

/// Whether `word` can be a name: a letter or `_`, then letters, digits or `_` (XID),
/// and not a reserved word.
pub fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return false };
    (first == '_' || first.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric()) && !is_reserved(word)
}

/// Whether a character can stand in a name.
pub fn name_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}
