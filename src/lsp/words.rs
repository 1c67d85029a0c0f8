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

/// The built-in functions.
pub const FUNCTIONS: &[&str] = &[
    "count",
    "distinct",
    "min",
    "max",
    "floor",
    "ceil",
    "round",
    "previous",
    "latest",
    "streak",
    "year_total",
    "year_so_far",
    "last_months",
];

/// The built-in values read without brackets.
pub const VALUES: &[&str] = &["tenure", "tenure_days", "month_number"];

/// What a built-in function or value means, with how a function is called
/// (`count(违规或严重程度): how many this month`), in the language in use.
pub fn meaning(word: &str) -> String {
    match word {
        "count" => tr!("lsp-word-count"),
        "distinct" => tr!("lsp-word-distinct"),
        "min" => tr!("lsp-word-min"),
        "max" => tr!("lsp-word-max"),
        "floor" => tr!("lsp-word-floor"),
        "ceil" => tr!("lsp-word-ceil"),
        "round" => tr!("lsp-word-round"),
        "previous" => tr!("lsp-word-previous"),
        "latest" => tr!("lsp-word-latest"),
        "streak" => tr!("lsp-word-streak"),
        "year_total" => tr!("lsp-word-year-total"),
        "year_so_far" => tr!("lsp-word-year-so-far"),
        "last_months" => tr!("lsp-word-last-months"),
        "tenure" => tr!("lsp-word-tenure"),
        "tenure_days" => tr!("lsp-word-tenure-days"),
        "month_number" => tr!("lsp-word-month-number"),
        _ => String::new(),
    }
}

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
