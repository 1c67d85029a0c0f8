//! Values at run time.
//!
//! A quantity is a decimal in its measure's base unit (元, 分, minute, month, day); its
//! type is known statically, so a value carries none. Tiers, severities and violations
//! are indexes into the checked policy's lists: tiers compare by rank.

use std::cmp::Ordering;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A value at run time. Quantities are decimals in their base unit; their type is known
/// statically.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Num(Decimal),
    Bool(bool),
    Date(NaiveDate),
    Text(Arc<str>),
    Tier(usize),
    Severity(usize),
    Violation(usize),
}

/// Orders two values of one type (the checker made sure they are).
pub fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => x.cmp(y),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        (Value::Tier(x), Value::Tier(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        (Value::Severity(x), Value::Severity(y)) | (Value::Violation(x), Value::Violation(y)) => x.cmp(y),
        _ => Ordering::Less,
    }
}
